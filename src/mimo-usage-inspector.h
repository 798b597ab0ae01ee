/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-usage-inspector.h: the spending window: a chat's requests, spend over time, budgets, CSV export. */

#pragma once

#include <adwaita.h>

#include "mimo-store.h"

G_BEGIN_DECLS

#define MIMO_TYPE_USAGE_INSPECTOR (mimo_usage_inspector_get_type ())

G_DECLARE_FINAL_TYPE (MimoUsageInspector, mimo_usage_inspector, MIMO, USAGE_INSPECTOR, AdwWindow)

/**
 * MimoUsageInspector:
 *
 * Three pages over the store's ledger:
 * - **This Chat**: what the chat (a session) cost, its tokens and web
 *   searches, and each of its requests, expandable to the parameters
 *   sent, provider and computed cost, time to first token and speed;
 *   requests whose two costs differ, or whose figures were estimated,
 *   are flagged. While its answer streams, `live-cost` shows beside it.
 * - **Over Time**: the last 30 days, 13 weeks or 12 months (and earlier
 *   ones) as a #MimoSpendChart, what each category took and what cached
 *   input saved, and the chats that cost most.
 * - **Budgets**: this month and each chat against the budgets set in
 *   Preferences.
 * `inspector.export` writes every ledger row to a CSV file the person
 * picks (a portal file chooser under Flatpak).
 *
 * Everything is read again when the ledger changes, while shown.
 */
MimoUsageInspector *mimo_usage_inspector_new (GtkWindow *parent,
                                              GSettings *settings,
                                              MimoStore *store);

/* Shows @conversation_id's chat on the first page (0: none). */
void   mimo_usage_inspector_set_conversation_id (MimoUsageInspector *self,
                                                 gint64              conversation_id);
gint64 mimo_usage_inspector_get_conversation_id (MimoUsageInspector *self);
/* "chat", "time" or "budgets". */
void mimo_usage_inspector_show_page (MimoUsageInspector *self,
                                     const char         *name);
/* The running cost of the chat's answer as it streams (an estimate from
 * the text so far), or -1 when none streams. */
void mimo_usage_inspector_set_live_cost (MimoUsageInspector *self,
                                         gint64              nanos);

/* Writes every ledger row to @file as CSV (what inspector.export does
 * once the person has picked the file). */
gboolean mimo_usage_inspector_export_to_file (MimoUsageInspector *self,
                                              GFile              *file,
                                              GError            **error);

G_END_DECLS
