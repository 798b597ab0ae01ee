/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-sidebar.c: a history with dates in the past, and the sidebar's parts, for the sidebar's GUI tests. */

#define G_LOG_DOMAIN "mimo-test"

#include "config.h"

#include <sqlite3.h>

#include "mimo-test-gui.h"
#include "mimo-test-sidebar.h"
#include "mimo-test-utils.h"

/* ------------------------------------------------------------ history -- */

/* A history people would have: varied titles, dates and spend, from
 * "< $0.0001" to a few cents with web searches. Oldest last. */
const MimoTestSeedChat mimo_test_seed_chats[MIMO_TEST_N_SEED_CHATS] = {
  { "Plan a weekend in Lisbon", "Day one: Alfama and the castle. Lisbon is hilly: bring good shoes.", 0, 5, 1800, 900, 2, 3 },
  { "Explain mutexes with an example in C", "A mutex lets one thread at a time into a critical section.", 0, 50, 900, 1400, 0, 2 },
  { "Draft a polite reminder email", "Subject: A gentle reminder about invoice 1042", 1, 180, 300, 150, 0, 1 },
  { "Why is the sky blue?", "Rayleigh scattering: shorter wavelengths scatter more.", 2, 60, 20, 30, 0, 1 },
  { "Summarize the French Revolution in five bullet points", "1789: the Estates-General meet.", 3, 30, 400, 600, 0, 1 },
  { "Meal plan for a vegetarian week on a budget", "Monday: lentil soup with crusty bread.", 4, 90, 500, 1200, 0, 2 },
  { "Compare Rust and Go for a command-line tool", "Go builds fast; Rust gives you more control over memory.", 5, 15, 700, 1600, 0, 1 },
  { "Translate this letter into Spanish", "Estimada señora García:", 6, 200, 650, 700, 0, 1 },
  { "Fix my SQL query that counts orders per customer", "Add GROUP BY customer_id after the WHERE clause.", 9, 40, 350, 420, 0, 1 },
  { "Ideas for a 10-year-old’s birthday party", "A treasure hunt in the park, with clues in rhyme.", 20, 100, 200, 500, 0, 1 },
  { "What does HTTP 429 mean and how should my app handle it?", "Too Many Requests: wait for Retry-After.", 40, 10, 300, 800, 1, 1 },
  { "Write a haiku about autumn rain", "Cold rain on the roof / the kettle starts its singing", 400, 0, 30, 40, 0, 1 },
};

static gint64
seed_time_us (const MimoTestSeedChat *seed)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                          g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr (GDateTime) day = NULL;
  g_autoptr (GDateTime) time = NULL;

  if (seed->days_ago == 0)
    {
      time = g_date_time_add_minutes (now, -seed->minutes);
      /* Just after midnight, "today" is still today. */
      if (g_date_time_compare (time, midnight) < 0)
        return g_date_time_to_unix (midnight) * G_USEC_PER_SEC;
      return g_date_time_to_unix (time) * G_USEC_PER_SEC;
    }

  day = g_date_time_add_days (midnight, -seed->days_ago);
  time = g_date_time_add_minutes (day, 12 * 60 + seed->minutes);
  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

gint64
mimo_test_seed_cost_nanos (const MimoTestSeedChat *seed)
{
  return seed->requests * (seed->prompt_tokens * 500 + seed->completion_tokens * 1500 +
                           seed->web_search_calls * 15000000);
}

void
mimo_test_add_exchange (MimoStore              *store,
                        MimoConversation       *conversation,
                        const MimoTestSeedChat *seed)
{
  g_autoptr (MimoMessage) question = mimo_message_new (MIMO_ROLE_USER, seed->question);
  g_autoptr (MimoMessage) answer = mimo_message_new (MIMO_ROLE_ASSISTANT, seed->answer);
  g_autoptr (MimoPricing) pricing = mimo_pricing_new ();
  MimoUsage               usage = { .prompt_tokens = seed->prompt_tokens,
                                    .completion_tokens = seed->completion_tokens,
                                    .web_search_calls = seed->web_search_calls };

  mimo_conversation_add_message (conversation, question);
  mimo_conversation_add_message (conversation, answer);
  for (guint r = 0; r < seed->requests; r++)
    {
      g_autoptr (MimoLedgerEntry) entry = mimo_ledger_entry_new ();

      mimo_ledger_entry_set_usage (entry, &usage, pricing, 0, 0, 0);
      mimo_store_record_request (store, conversation, answer, entry);
    }
}

/* Writes @n chats into a history file at @path, then moves their times
 * into the past the way only a real history has them. */
void
mimo_test_seed_history (const char             *path,
                        const MimoTestSeedChat *chats,
                        guint                   n)
{
  g_autoptr (MimoStore) store = mimo_store_new (path);
  g_autoptr (GArray)    ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3              *db = NULL;

  for (guint i = 0; i < n; i++)
    {
      MimoConversation *conversation = mimo_store_create_conversation (store);
      gint64            id;

      mimo_test_add_exchange (store, conversation, &chats[i]);
      id = mimo_conversation_get_id (conversation);
      g_array_append_val (ids, id);
    }
  g_assert_true (mimo_store_flush (store));
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE conversation SET created_us = %" G_GINT64_FORMAT
                                              ", updated_us = %" G_GINT64_FORMAT " WHERE id = %" G_GINT64_FORMAT ";"
                                              "UPDATE message SET created_us = %" G_GINT64_FORMAT
                                              " WHERE conversation_id = %" G_GINT64_FORMAT ";",
                                              seed_time_us (&chats[i]), seed_time_us (&chats[i]),
                                              g_array_index (ids, gint64, i), seed_time_us (&chats[i]),
                                              g_array_index (ids, gint64, i));

      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  sqlite3_close (db);
}

char *
mimo_test_seed_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "sidebar-history.db", NULL);
}

/* ------------------------------------------------------------- window -- */

MimoWindow *
mimo_test_sidebar_window (MimoApplication *app,
                          MimoStore       *store,
                          int              width,
                          int              height)
{
  MimoWindow *window = mimo_window_new (app, mimo_application_get_settings (app), mimo_application_get_key_store (app),
                                        mimo_application_get_client (app), store);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  mimo_test_present_and_wait (GTK_WINDOW (window));

  return window;
}

GtkListView *
mimo_test_sidebar_list (MimoWindow *window)
{
  return GTK_LIST_VIEW (mimo_test_find_descendant (GTK_WIDGET (mimo_window_get_sidebar (window)), GTK_TYPE_LIST_VIEW));
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The sidebar's pages: list, empty, results, no-results. */
GtkStack *
mimo_test_sidebar_pages (MimoWindow *window)
{
  return GTK_STACK (find_named (GTK_WIDGET (mimo_window_get_sidebar (window)), "sidebar-pages"));
}

/* The row showing @conversation, or NULL when none is on screen. */
MimoConversationRow *
mimo_test_find_row (GtkWidget        *widget,
                    MimoConversation *conversation)
{
  if (MIMO_IS_CONVERSATION_ROW (widget) &&
      mimo_conversation_row_get_conversation (MIMO_CONVERSATION_ROW (widget)) == conversation)
    return MIMO_CONVERSATION_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      MimoConversationRow *found = mimo_test_find_row (child, conversation);

      if (found != NULL)
        return found;
    }

  return NULL;
}

MimoConversation *
mimo_test_conversation_at (MimoStore *store,
                           guint      position)
{
  g_autoptr (MimoConversation) conversation = g_list_model_get_item (mimo_store_get_conversations (store), position);

  return conversation;
}


void
mimo_test_sidebar_shoot (gpointer    window,
                         const char *name,
                         gboolean    dark)
{
  g_autofree char *full = g_strconcat (name, dark ? "-dark" : "-light", NULL);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  mimo_test_save_screenshot (GTK_WIDGET (window), full);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static gboolean
stack_shows (gpointer user_data)
{
  gpointer   *args = user_data;
  const char *name = gtk_stack_get_visible_child_name (args[0]);

  return g_strcmp0 (name, args[1]) == 0;
}

void
mimo_test_sidebar_wait_for_page (MimoWindow *window,
                                 const char *name)
{
  gpointer args[] = { mimo_test_sidebar_pages (window), (gpointer) name };

  mimo_test_wait_until (stack_shows, args, 5000);
}

AdwMessageDialog *
mimo_test_find_message_dialog (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (window) == parent)
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}
