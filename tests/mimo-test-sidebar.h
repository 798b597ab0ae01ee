/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-sidebar.h: a history with dates in the past, and the sidebar's parts, for the sidebar's GUI tests. */

#pragma once

#include <adwaita.h>

#include "mimo-application.h"
#include "mimo-conversation-row.h"
#include "mimo-window.h"

G_BEGIN_DECLS

/* One chat of a seeded history: a question, its answer and what the
 * requests cost. */
typedef struct
{
  const char *question;
  const char *answer;
  int         days_ago; /* 0: today */
  int         minutes;  /* minutes before now (today) or past noon (other days) */
  gint64      prompt_tokens;
  gint64      completion_tokens;
  gint64      web_search_calls;
  guint       requests;
} MimoTestSeedChat;

#define MIMO_TEST_N_SEED_CHATS 12

/* Twelve chats people would have, newest first: varied titles, dates
 * (today, yesterday, this week, months and a year back) and spend, from
 * "< $0.0001" to a few cents with web searches. */
extern const MimoTestSeedChat mimo_test_seed_chats[MIMO_TEST_N_SEED_CHATS];

/* What @seed's requests cost, in nano-dollars. */
gint64 mimo_test_seed_cost_nanos (const MimoTestSeedChat *seed);
/* Adds @seed's question and answer to @conversation, and its requests to
 * the ledger. */
void mimo_test_add_exchange (MimoStore              *store,
                             MimoConversation       *conversation,
                             const MimoTestSeedChat *seed);
/* Writes @n chats into a history file at @path, then moves their times
 * into the past with SQL, as only a real history has them. */
void  mimo_test_seed_history (const char             *path,
                              const MimoTestSeedChat *chats,
                              guint                   n);
char *mimo_test_seed_path (void);

/* A window on @store, shown and drawn. */
MimoWindow  *mimo_test_sidebar_window (MimoApplication *app,
                                       MimoStore       *store,
                                       int              width,
                                       int              height);
GtkListView *mimo_test_sidebar_list (MimoWindow *window);
/* The sidebar's pages: list, empty, results, no-results. */
GtkStack *mimo_test_sidebar_pages (MimoWindow *window);
void      mimo_test_sidebar_wait_for_page (MimoWindow *window,
                                           const char *name);
/* The row showing @conversation, or NULL when none is on screen. */
MimoConversationRow *mimo_test_find_row (GtkWidget        *widget,
                                         MimoConversation *conversation);
MimoConversation    *mimo_test_conversation_at (MimoStore *store,
                                                guint      position);
/* The message dialog over @parent, or NULL. */
AdwMessageDialog *mimo_test_find_message_dialog (GtkWindow *parent);
/* mimo_test_save_screenshot() of @window, light or dark. */
void mimo_test_sidebar_shoot (gpointer    window,
                              const char *name,
                              gboolean    dark);

G_END_DECLS
