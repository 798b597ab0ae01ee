/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-ledger.h: a large spend ledger for the benchmarks, made the same way each time. */

#pragma once

#include "mimo-store.h"

G_BEGIN_DECLS

/* Creates @n_conversations chats in @store and records @n_rows requests
 * among them, at random times over the past year (uniformly: the worst
 * case for ranking a period's chats) with random usage, drawn from @rand.
 * Returns the chats (held). */
GPtrArray *mimo_test_fill_ledger (MimoStore *store,
                                  GRand     *rand,
                                  guint      n_conversations,
                                  guint      n_rows);

G_END_DECLS
