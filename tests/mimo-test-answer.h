/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-answer.h: long answers shaped like the model's, for streaming tests and benchmarks. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A deterministic answer of about @n_bytes (headings, paragraphs with
 * emphasis, code and citations, lists, code blocks, tables, quotes) ending
 * with a References section, made from @seed. */
char *mimo_test_answer_generate (guint32 seed,
                                 gsize   n_bytes);

/* Splits @text into token-sized pieces (1 to 8 bytes, about 4 on
 * average, never inside a character): the offsets where pieces end. */
GArray *mimo_test_answer_tokenize (const char *text,
                                   guint32     seed);

G_END_DECLS
