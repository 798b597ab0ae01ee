/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sidebar.c: the conversations sidebar in a real window: rows, order, selection, search, rename, delete, clear. */

#define G_LOG_DOMAIN "test-sidebar"

#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <string.h>

#include "mimo-application.h"
#include "mimo-conversation-row.h"
#include "mimo-date-format.h"
#include "mimo-money.h"
#include "mimo-test-gui.h"
#include "mimo-test-utils.h"
#include "mimo-window.h"

/* One registered application for the whole program, as in the real app. */
static MimoApplication *app;

/* ------------------------------------------------------------ history -- */

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
} SeedChat;

/* A history people would have: varied titles, dates and spend, from
 * "< $0.0001" to a few cents with web searches. Oldest last. */
static const SeedChat seed_chats[] = {
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
seed_time_us (const SeedChat *seed)
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

static gint64
seed_cost_nanos (const SeedChat *seed)
{
  return seed->requests * (seed->prompt_tokens * 500 + seed->completion_tokens * 1500 +
                           seed->web_search_calls * 15000000);
}

static void
add_exchange (MimoStore        *store,
              MimoConversation *conversation,
              const SeedChat   *seed)
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
static void
seed_history (const char     *path,
              const SeedChat *chats,
              guint           n)
{
  g_autoptr (MimoStore) store = mimo_store_new (path);
  g_autoptr (GArray)    ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3              *db = NULL;

  for (guint i = 0; i < n; i++)
    {
      MimoConversation *conversation = mimo_store_create_conversation (store);
      gint64            id;

      add_exchange (store, conversation, &chats[i]);
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

static char *
history_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "sidebar-history.db", NULL);
}

/* ------------------------------------------------------------- window -- */

static MimoWindow *
new_window (MimoStore *store,
            int        width,
            int        height)
{
  MimoWindow *window = mimo_window_new (app, mimo_application_get_settings (app), mimo_application_get_key_store (app),
                                        mimo_application_get_client (app), store);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  mimo_test_present_and_wait (GTK_WINDOW (window));

  return window;
}

static GtkListView *
list_view_of (MimoWindow *window)
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
static GtkStack *
stack_of (MimoWindow *window)
{
  return GTK_STACK (find_named (GTK_WIDGET (mimo_window_get_sidebar (window)), "sidebar-pages"));
}

/* The row showing @conversation, or NULL when none is on screen. */
static MimoConversationRow *
find_row (GtkWidget        *widget,
          MimoConversation *conversation)
{
  if (MIMO_IS_CONVERSATION_ROW (widget) &&
      mimo_conversation_row_get_conversation (MIMO_CONVERSATION_ROW (widget)) == conversation)
    return MIMO_CONVERSATION_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      MimoConversationRow *found = find_row (child, conversation);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static MimoConversation *
conversation_at (MimoStore *store,
                 guint      position)
{
  g_autoptr (MimoConversation) conversation = g_list_model_get_item (mimo_store_get_conversations (store), position);

  return conversation;
}

static MimoConversation *
find_by_title (MimoStore  *store,
               const char *title)
{
  GListModel *list = mimo_store_get_conversations (store);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      MimoConversation *conversation = conversation_at (store, i);

      if (g_str_equal (mimo_conversation_get_title (conversation), title))
        return conversation;
    }

  return NULL;
}

static void
iterate (void)
{
  mimo_test_spin (50);
}

static void
shoot (gpointer    window,
       const char *name,
       gboolean    dark)
{
  g_autofree char *full = g_strconcat (name, dark ? "-dark" : "-light", NULL);

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  mimo_test_save_screenshot (GTK_WIDGET (window), full);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

typedef struct
{
  guint             conversation_calls;
  MimoConversation *conversation;
  guint             hit_calls;
  gint64            conversation_id;
  gint64            message_id;
} Activations;

static void
conversation_activated_cb (MimoSidebar      *sidebar,
                           MimoConversation *conversation,
                           Activations      *activations)
{
  activations->conversation_calls++;
  activations->conversation = conversation;
}

static void
hit_activated_cb (MimoSidebar *sidebar,
                  gint64       conversation_id,
                  gint64       message_id,
                  Activations *activations)
{
  activations->hit_calls++;
  activations->conversation_id = conversation_id;
  activations->message_id = message_id;
}

/* --------------------------------------------------------------- tests -- */

static void
test_rows (void)
{
  g_autofree char      *path = history_path ();
  g_autoptr (MimoStore) store = NULL;
  MimoWindow           *window;
  GtkListView          *list_view;

  seed_history (path, seed_chats, G_N_ELEMENTS (seed_chats));
  store = mimo_store_new (path);
  window = new_window (store, 1000, 720);
  list_view = list_view_of (window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack_of (window)), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list_view))), ==,
                    G_N_ELEMENTS (seed_chats));

  /* Newest first; every row on screen says its title, when and what it cost. */
  for (guint i = 0; i < G_N_ELEMENTS (seed_chats); i++)
    {
      MimoConversation     *conversation = conversation_at (store, i);
      MimoConversationRow  *row = find_row (GTK_WIDGET (list_view), conversation);
      g_autoptr (GDateTime) local = NULL;
      g_autofree char      *date = NULL;
      g_autofree char      *spend = mimo_money_format (seed_cost_nanos (&seed_chats[i]));
      g_autofree char      *title = mimo_conversation_make_title (seed_chats[i].question);

      g_assert_cmpstr (mimo_conversation_get_title (conversation), ==, title);
      if (row == NULL)
        continue; /* below the fold: not made, which is the point */

      local = g_date_time_to_local (mimo_conversation_get_updated (conversation));
      date = mimo_date_format_relative (local, NULL, MIMO_CLOCK_FORMAT_LOCALE);
      g_assert_cmpstr (mimo_conversation_row_get_title_text (row), ==, title);
      g_assert_cmpstr (mimo_conversation_row_get_date_text (row), ==, date);
      g_assert_cmpstr (mimo_conversation_row_get_spend_text (row), ==, spend);
    }

  /* A few worth saying in words, and tiny amounts still readable. */
  g_assert_cmpstr (mimo_conversation_row_get_date_text (find_row (GTK_WIDGET (list_view), conversation_at (store, 2))),
                   ==, "Yesterday");
  g_assert_cmpstr (mimo_conversation_row_get_spend_text (find_row (GTK_WIDGET (list_view), conversation_at (store, 2))),
                   ==, "$0.0004");
  g_assert_cmpstr (mimo_conversation_row_get_spend_text (find_row (GTK_WIDGET (list_view), conversation_at (store, 3))),
                   ==, "< $0.0001");
  g_assert_cmpstr (mimo_conversation_row_get_spend_text (find_row (GTK_WIDGET (list_view), conversation_at (store, 0))),
                   ==, "$0.0968");

  /* The chat shown is selected, its menu button showing. */
  mimo_window_show_conversation (window, conversation_at (store, 1));
  shoot (window, "sidebar-wide", FALSE);
  shoot (window, "sidebar-wide", TRUE);

  /* Narrow: the sidebar alone, as on a phone. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL);
  mimo_test_present_and_wait (GTK_WINDOW (window));
  shoot (window, "sidebar-narrow", FALSE);
  shoot (window, "sidebar-narrow", TRUE);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_live_updates (void)
{
  g_autofree char      *path = history_path ();
  g_autoptr (MimoStore) store = NULL;
  MimoConversation     *last, *first;
  MimoConversationRow  *row;
  MimoWindow           *window;
  GtkListView          *list_view;
  GtkSingleSelection   *selection;
  SeedChat              more = { "And which pastries should I try?", "Pastéis de nata, warm.", 0, 0, 2000, 300, 0, 1 };

  seed_history (path, seed_chats, 4);
  store = mimo_store_new (path);
  window = new_window (store, 1000, 720);
  list_view = list_view_of (window);
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list_view));
  first = conversation_at (store, 0);
  last = conversation_at (store, 3);
  mimo_window_show_conversation (window, first);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);

  /* A new message moves the chat to the top; the selection stays on the
   * chat shown, wherever it went. */
  add_exchange (store, last, &more);
  iterate ();
  g_assert_true (conversation_at (store, 0) == last);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 1);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == first);
  row = find_row (GTK_WIDGET (list_view), last);
  g_assert_nonnull (row);
  g_assert_cmpstr (mimo_conversation_row_get_date_text (row), !=, "Yesterday");
  {
    g_autofree char *spend = mimo_money_format (seed_cost_nanos (&seed_chats[3]) + seed_cost_nanos (&more));

    g_assert_cmpstr (mimo_conversation_row_get_spend_text (row), ==, spend);
  }

  /* A rename shows at once. */
  g_assert_true (mimo_conversation_set_title (last, "Sky colours"));
  g_assert_cmpstr (mimo_conversation_row_get_title_text (row), ==, "Sky colours");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_select (void)
{
  g_autofree char      *path = history_path ();
  g_autoptr (MimoStore) store = NULL;
  MimoConversation     *second;
  MimoConversationRow  *row;
  MimoWindow           *window;
  MimoSidebar          *sidebar;
  Activations           activations = { 0 };

  seed_history (path, seed_chats, 4);
  store = mimo_store_new (path);
  window = new_window (store, 1000, 720);
  sidebar = mimo_window_get_sidebar (window);
  g_signal_connect (sidebar, "conversation-activated", G_CALLBACK (conversation_activated_cb), &activations);
  second = conversation_at (store, 1);

  /* The window choosing a chat is no pick. */
  mimo_window_show_conversation (window, conversation_at (store, 0));
  g_assert_cmpuint (activations.conversation_calls, ==, 0);

  /* A click selects the row: the chat opens. */
  row = find_row (GTK_WIDGET (list_view_of (window)), second);
  g_assert_true (gtk_widget_activate_action (gtk_widget_get_parent (GTK_WIDGET (row)), "listitem.select", "(bb)",
                                             FALSE, FALSE));
  g_assert_cmpuint (activations.conversation_calls, ==, 1);
  g_assert_true (activations.conversation == second);
  g_assert_true (mimo_sidebar_get_selected (sidebar) == second);
  g_assert_true (mimo_chat_view_get_conversation (mimo_window_get_chat_view (window)) == second);

  /* Enter on the chat already shown opens it again (a narrow window
   * goes back to it). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (list_view_of (window)), "list.activate-item", "u", 1));
  g_assert_cmpuint (activations.conversation_calls, ==, 2);

  /* New Chat leaves nothing selected. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-chat", NULL);
  g_assert_null (mimo_sidebar_get_selected (sidebar));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (list_view_of (window)))),
                    ==, GTK_INVALID_LIST_POSITION);

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
stack_shows (gpointer user_data)
{
  gpointer   *args = user_data;
  const char *name = gtk_stack_get_visible_child_name (args[0]);

  return g_strcmp0 (name, args[1]) == 0;
}

static void
wait_for_page (MimoWindow *window,
               const char *name)
{
  gpointer args[] = { stack_of (window), (gpointer) name };

  mimo_test_wait_until (stack_shows, args, 5000);
}

static void
test_search (void)
{
  g_autofree char      *path = history_path ();
  g_autoptr (MimoStore) store = NULL;
  MimoConversation     *lisbon;
  MimoWindow           *window;
  MimoSidebar          *sidebar;
  GtkSearchEntry       *entry;
  GtkSearchBar         *bar;
  GtkListBox           *results;
  GtkListBoxRow        *first;
  GtkWidget            *snippet = NULL;
  Activations           activations = { 0 };
  SeedChat              more = { "Is Lisbon good in winter?", "Lisbon stays mild in winter: about 15 °C.", 0, 0, 200, 300, 0, 1 };

  seed_history (path, seed_chats, G_N_ELEMENTS (seed_chats));
  store = mimo_store_new (path);
  lisbon = find_by_title (store, "Plan a weekend in Lisbon");
  add_exchange (store, lisbon, &more);
  window = new_window (store, 1000, 720);
  sidebar = mimo_window_get_sidebar (window);
  g_signal_connect (sidebar, "search-hit-activated", G_CALLBACK (hit_activated_cb), &activations);
  entry = GTK_SEARCH_ENTRY (mimo_test_find_descendant (GTK_WIDGET (sidebar), GTK_TYPE_SEARCH_ENTRY));
  bar = GTK_SEARCH_BAR (mimo_test_find_descendant (GTK_WIDGET (sidebar), GTK_TYPE_SEARCH_BAR));
  results = GTK_LIST_BOX (mimo_test_find_descendant (GTK_WIDGET (sidebar), GTK_TYPE_LIST_BOX));

  /* Ctrl+F's action reveals and focuses the entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (bar));
  iterate ();
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (entry)));

  gtk_editable_set_text (GTK_EDITABLE (entry), "lisbon");
  wait_for_page (window, "results");
  /* Both questions and the answer, newest first, words in bold. */
  first = gtk_list_box_get_row_at_index (results, 0);
  g_assert_nonnull (first);
  g_assert_nonnull (gtk_list_box_get_row_at_index (results, 2));
  {
    GtkWidget *box = gtk_list_box_row_get_child (first);
    GtkWidget *top = gtk_widget_get_first_child (box);

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (top))), ==, "Plan a weekend in Lisbon");
    snippet = gtk_widget_get_next_sibling (top);
  }
  g_assert_true (gtk_label_get_use_markup (GTK_LABEL (snippet)));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (snippet)), "<b>Lisbon</b>"));
  shoot (window, "sidebar-search", FALSE);
  shoot (window, "sidebar-search", TRUE);

  /* Picking one names the chat and the message; the window opens it. */
  g_signal_emit_by_name (results, "row-activated", first);
  g_assert_cmpuint (activations.hit_calls, ==, 1);
  g_assert_cmpint (activations.conversation_id, ==, mimo_conversation_get_id (lisbon));
  {
    g_autoptr (MimoMessage) newest = g_list_model_get_item (mimo_conversation_get_messages (lisbon), 3);

    g_assert_cmpint (activations.message_id, ==, mimo_message_get_id (newest));
  }
  g_assert_true (mimo_chat_view_get_conversation (mimo_window_get_chat_view (window)) == lisbon);

  /* Words no message has. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "xylophone");
  wait_for_page (window, "no-results");
  g_assert_null (gtk_list_box_get_row_at_index (results, 0));
  shoot (window, "sidebar-no-results", FALSE);

  /* Escape clears and goes back to the list. */
  g_signal_emit_by_name (entry, "stop-search");
  iterate ();
  g_assert_false (gtk_search_bar_get_search_mode (bar));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack_of (window)), ==, "list");

  gtk_window_destroy (GTK_WINDOW (window));
}

static AdwMessageDialog *
find_dialog (GtkWindow *parent)
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

static void
test_rename (void)
{
  g_autofree char      *path = history_path ();
  g_autoptr (MimoStore) store = NULL;
  MimoConversation     *conversation;
  MimoConversationRow  *row;
  AdwMessageDialog     *dialog;
  GtkEditable          *entry;
  MimoWindow           *window;
  gint64                id;

  seed_history (path, seed_chats, 3);
  store = mimo_store_new (path);
  window = new_window (store, 1000, 720);
  conversation = conversation_at (store, 1);
  id = mimo_conversation_get_id (conversation);
  row = find_row (GTK_WIDGET (list_view_of (window)), conversation);

  /* The row's menu item: Rename… */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "row.rename", NULL));
  dialog = find_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "Explain mutexes with an example in C");
  mimo_test_present_and_wait (GTK_WINDOW (dialog));
  shoot (dialog, "sidebar-rename", FALSE);

  /* No empty titles. */
  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  gtk_editable_set_text (entry, "  Mutexes in C  ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "rename"));
  adw_message_dialog_response (dialog, "rename");
  iterate ();
  g_assert_cmpstr (mimo_conversation_get_title (conversation), ==, "Mutexes in C");
  g_assert_cmpstr (mimo_conversation_row_get_title_text (row), ==, "Mutexes in C");

  /* Cancel changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rename-conversation", "x", id));
  dialog = find_dialog (GTK_WINDOW (window));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Something else");
  adw_message_dialog_response (dialog, "cancel");
  iterate ();
  g_assert_cmpstr (mimo_conversation_get_title (conversation), ==, "Mutexes in C");

  /* Saved: the next start reads the new title. */
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_clear_object (&store);
  store = mimo_store_new (path);
  g_assert_cmpstr (mimo_conversation_get_title (mimo_store_lookup_conversation (store, id)), ==, "Mutexes in C");
}

static void
test_delete_undo (void)
{
  g_autofree char      *path = history_path ();
  g_autoptr (MimoStore) store = NULL;
  MimoConversation     *conversation;
  MimoConversationRow  *row;
  MimoWindow           *window;
  GtkWidget            *undo;
  gint64                id;

  seed_history (path, seed_chats, 3);
  store = mimo_store_new (path);
  window = new_window (store, 1000, 720);
  conversation = conversation_at (store, 0);
  id = mimo_conversation_get_id (conversation);
  mimo_window_show_conversation (window, conversation);
  row = find_row (GTK_WIDGET (list_view_of (window)), conversation);

  /* The row's menu item: Delete. The chat shown goes with it, and the
   * toast names it as it is written. */
  g_assert_true (mimo_conversation_set_title (conversation, "Tom & <Jerry>"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "row.delete", NULL));
  iterate ();
  g_assert_nonnull (mimo_test_find_by_text (GTK_WIDGET (window), GTK_TYPE_LABEL, "“Tom & <Jerry>” deleted"));
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 2);
  g_assert_null (mimo_store_lookup_conversation (store, id));
  g_assert_null (mimo_chat_view_get_conversation (mimo_window_get_chat_view (window)));
  g_assert_null (mimo_sidebar_get_selected (mimo_window_get_sidebar (window)));

  /* The toast's Undo brings it back, shown and selected. */
  undo = mimo_test_find_by_text (GTK_WIDGET (window), GTK_TYPE_BUTTON, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  iterate ();
  conversation = mimo_store_lookup_conversation (store, id);
  g_assert_nonnull (conversation);
  g_assert_true (conversation_at (store, 0) == conversation);
  g_assert_true (mimo_sidebar_get_selected (mimo_window_get_sidebar (window)) == conversation);
  g_assert_nonnull (find_row (GTK_WIDGET (list_view_of (window)), conversation));

  /* Deleted for good once the undo period ends: the file agrees. */
  mimo_store_set_undo_timeout (store, 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-conversation", "x", id));
  mimo_test_spin (100);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_clear_object (&store);
  store = mimo_store_new (path);
  g_assert_null (mimo_store_lookup_conversation (store, id));
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 2);
}

static gint64
ledger_requests (MimoStore *store)
{
  g_autoptr (GError) error = NULL;
  MimoLedgerTotals   totals = { 0 };

  g_assert_true (mimo_ledger_query_totals (mimo_store_get_ledger (store), NULL, NULL, &totals, &error));
  g_assert_no_error (error);

  return totals.requests;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static gboolean
has_toplevel (gpointer type)
{
  return find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

static gboolean
has_text (gpointer user_data)
{
  gpointer *args = user_data;

  return mimo_test_find_by_text (args[0], GTK_TYPE_LABEL, args[1]) != NULL;
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
chooser_shows (gpointer user_data)
{
  gpointer         *args = user_data;
  g_autoptr (GFile) chosen = NULL;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (args[0]));
  G_GNUC_END_IGNORE_DEPRECATIONS

  return chosen != NULL && g_file_equal (chosen, args[1]);
}

/* The Preferences' Export All, through the application's own action:
 * the folder chooser (GTK's own dialog here, the portal's in Flatpak),
 * then a toast saying what was written. */
static void
test_export_all (void)
{
  MimoStore            *store = mimo_application_get_store (app);
  g_autofree char      *parent_path = g_build_filename (g_get_user_data_dir (), "Exports", NULL);
  g_autoptr (GFile)     parent = g_file_new_for_path (parent_path);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char      *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char      *name = g_strdup_printf ("Mimo Chat History %s", day);
  g_autofree char      *toast = g_strdup_printf ("2 chats exported to “%s”", name);
  g_autofree char      *markdown = g_build_filename (parent_path, name, "Plan a weekend in Lisbon.md", NULL);
  g_autofree char      *recent = g_build_filename (g_get_user_data_dir (), "recently-used.xbel", NULL);
  gpointer              args[2];
  gpointer              chooser_args[2];
  GtkWindow            *chooser;
  MimoWindow           *window;

  g_assert_cmpint (g_mkdir_with_parents (parent_path, 0700), ==, 0);
  for (guint i = 0; i < 2; i++)
    add_exchange (store, mimo_store_create_conversation (store), &seed_chats[i]);
  window = new_window (store, 1000, 720);

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "export-all"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "export-all", NULL);
  mimo_test_wait_until (has_toplevel, GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG), 10000);
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), parent, NULL));
  /* The folder loads in the background; with nothing selected, the
   * dialog then answers with the folder it shows. */
  chooser_args[0] = chooser;
  chooser_args[1] = parent;
  mimo_test_wait_until (chooser_shows, chooser_args, 10000);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  G_GNUC_END_IGNORE_DEPRECATIONS

  args[0] = window;
  args[1] = toast;
  mimo_test_wait_until (has_text, args, 10000);
  g_assert_true (g_file_test (markdown, G_FILE_TEST_IS_REGULAR));
  /* The chooser remembers the folder in recent files a moment later:
   * let it, before this test's folders go. */
  mimo_test_wait_until (file_exists, recent, 10000);

  g_action_group_activate_action (G_ACTION_GROUP (app), "clear-history", g_variant_new_boolean (TRUE));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The Preferences' Clear History, through the application's own action
 * and store, as the Preferences call it. */
static void
test_clear_history (void)
{
  MimoStore  *store = mimo_application_get_store (app);
  MimoWindow *window;
  gint64      before;

  for (guint i = 0; i < 3; i++)
    add_exchange (store, mimo_store_create_conversation (store), &seed_chats[i]);
  window = new_window (store, 1000, 720);
  mimo_window_show_conversation (window, conversation_at (store, 0));
  before = ledger_requests (store);
  g_assert_cmpint (before, >=, 6);

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "clear-history"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "clear-history", g_variant_new_boolean (FALSE));
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 0);
  g_assert_null (mimo_chat_view_get_conversation (mimo_window_get_chat_view (window)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack_of (window)), ==, "empty");
  g_assert_cmpint (ledger_requests (store), ==, before);
  shoot (window, "sidebar-empty", FALSE);
  shoot (window, "sidebar-empty", TRUE);

  /* Asked to, the spending record goes too. */
  add_exchange (store, mimo_store_create_conversation (store), &seed_chats[0]);
  iterate ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack_of (window)), ==, "list");
  g_action_group_activate_action (G_ACTION_GROUP (app), "clear-history", g_variant_new_boolean (TRUE));
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 0);
  g_assert_cmpint (ledger_requests (store), ==, 0);

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "export-all"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int                status;

  /* A key from the environment: the chat, never the welcome page. */
  g_setenv ("EMPIRIOLABS_API_KEY", "sk-empiriolabs-sidebar-test", TRUE);
  mimo_test_gui_init (&argc, &argv);

  app = mimo_application_new (APPLICATION_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  g_test_add_func ("/gui/sidebar/rows", test_rows);
  g_test_add_func ("/gui/sidebar/live-updates", test_live_updates);
  g_test_add_func ("/gui/sidebar/select", test_select);
  g_test_add_func ("/gui/sidebar/search", test_search);
  g_test_add_func ("/gui/sidebar/rename", test_rename);
  g_test_add_func ("/gui/sidebar/delete-undo", test_delete_undo);
  g_test_add_func ("/gui/sidebar/export-all", test_export_all);
  g_test_add_func ("/gui/sidebar/clear-history", test_clear_history);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
