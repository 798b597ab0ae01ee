/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-usage-inspector-private.h: the spending window's parts, shared by its page files. */

#pragma once

#include "mimo-spend-chart.h"
#include "mimo-usage-inspector.h"

G_BEGIN_DECLS

struct _MimoUsageInspector
{
  AdwWindow parent_instance;

  GSettings  *settings;
  MimoStore  *store;
  MimoLedger *ledger;

  gint64           conversation_id;
  guint            requests_shown; /* newest first, grows with Show Older */
  gint64           live_cost;      /* -1: nothing streaming */
  MimoLedgerPeriod period;
  int              offset; /* 0: the range ending now; -1 the one before… */
  GPtrArray       *buckets;
  guint            reload_source;

  AdwToastOverlay *toast_overlay;
  AdwViewStack    *view_stack;

  GtkStack   *chat_stack;
  GtkLabel   *chat_total_label;
  GtkLabel   *chat_caption_label;
  GtkLabel   *chat_live_label;
  GtkWidget  *chat_totals_list;
  GtkListBox *chat_requests_list;
  GtkWidget  *chat_more_button;

  GtkToggleButton *weeks_button;
  GtkToggleButton *months_button;
  GtkLabel        *range_label;
  GtkWidget       *later_button;
  GtkLabel        *time_total_label;
  GtkLabel        *time_caption_label;
  MimoSpendChart  *chart;
  GtkLabel        *readout_label;
  GtkListBox      *breakdown_list;
  GtkListBox      *top_list;

  AdwPreferencesGroup *month_group;
  GtkListBox          *month_list;
  GtkListBox          *chats_budget_list;
};

/* mimo-usage-inspector-chat.c: the This Chat page. */
void _mimo_usage_inspector_reload_chat (MimoUsageInspector *self);
void _mimo_usage_inspector_update_live (MimoUsageInspector *self);

/* mimo-usage-inspector-time.c: the Over Time and Budgets pages. */
void _mimo_usage_inspector_reload_time (MimoUsageInspector *self);
void _mimo_usage_inspector_reload_budgets (MimoUsageInspector *self);
void _mimo_usage_inspector_update_readout (MimoUsageInspector *self);

/* Shared row builders. A row of @type (an AdwPreferencesRow) showing its
 * title and subtitle as plain text. */
GtkWidget *_mimo_usage_row_new (GType type);
void       _mimo_usage_clear_list (GtkListBox *list);
GtkWidget *_mimo_usage_value_row (const char *title,
                                  const char *subtitle,
                                  const char *value);
/* "1 failed, 2 stopped": the non-zero counts, each before its words
 * (NULL words: no such count); NULL when every count is zero. */
char *_mimo_usage_join_counts (gint64      a,
                               const char *a_words,
                               gint64      b,
                               const char *b_words,
                               gint64      c,
                               const char *c_words);
/* "1 request", "1,234 requests". */
char *_mimo_usage_requests_text (gint64 count);
/* "1,234" in the locale. */
char *_mimo_usage_format_count (gint64 count);
/* A chat's words when it has no title or was deleted. */
char *_mimo_usage_chat_title (const char *title,
                              gboolean    deleted);

G_END_DECLS
