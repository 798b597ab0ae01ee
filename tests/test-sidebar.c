/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sidebar.c: the conversations sidebar in a real window: rows, order, selection, search, keys. */

#define G_LOG_DOMAIN "test-sidebar"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mimo-date-format.h"
#include "mimo-money.h"
#include "mimo-test-gui.h"
#include "mimo-test-sidebar.h"
#include "mimo-test-utils.h"

/* One registered application for the whole program, as in the real app. */
static MimoApplication *app;

typedef struct
{
  guint             conversation_calls;
  MimoConversation *conversation;
  guint             hit_calls;
  gint64            conversation_id;
  gint64            message_id;
} Activations;

static MimoConversation *
find_by_title (MimoStore  *store,
               const char *title)
{
  GListModel *list = mimo_store_get_conversations (store);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      MimoConversation *conversation = mimo_test_conversation_at (store, i);

      if (g_str_equal (mimo_conversation_get_title (conversation), title))
        return conversation;
    }

  return NULL;
}

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
  g_autofree char      *path = mimo_test_seed_path ();
  g_autoptr (MimoStore) store = NULL;
  MimoWindow           *window;
  GtkListView          *list_view;

  mimo_test_seed_history (path, mimo_test_seed_chats, G_N_ELEMENTS (mimo_test_seed_chats));
  store = mimo_store_new (path);
  window = mimo_test_sidebar_window (app, store, 1000, 720);
  list_view = mimo_test_sidebar_list (window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (mimo_test_sidebar_pages (window)), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list_view))), ==,
                    G_N_ELEMENTS (mimo_test_seed_chats));

  /* Newest first; every row on screen says its title, when and what it cost. */
  for (guint i = 0; i < G_N_ELEMENTS (mimo_test_seed_chats); i++)
    {
      MimoConversation     *conversation = mimo_test_conversation_at (store, i);
      MimoConversationRow  *row = mimo_test_find_row (GTK_WIDGET (list_view), conversation);
      g_autoptr (GDateTime) local = NULL;
      g_autofree char      *date = NULL;
      g_autofree char      *spend = mimo_money_format (mimo_test_seed_cost_nanos (&mimo_test_seed_chats[i]));
      g_autofree char      *title = mimo_conversation_make_title (mimo_test_seed_chats[i].question);

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
  g_assert_cmpstr (mimo_conversation_row_get_date_text (mimo_test_find_row (GTK_WIDGET (list_view), mimo_test_conversation_at (store, 2))),
                   ==, "Yesterday");
  g_assert_cmpstr (mimo_conversation_row_get_spend_text (mimo_test_find_row (GTK_WIDGET (list_view), mimo_test_conversation_at (store, 2))),
                   ==, "$0.0004");
  g_assert_cmpstr (mimo_conversation_row_get_spend_text (mimo_test_find_row (GTK_WIDGET (list_view), mimo_test_conversation_at (store, 3))),
                   ==, "< $0.0001");
  g_assert_cmpstr (mimo_conversation_row_get_spend_text (mimo_test_find_row (GTK_WIDGET (list_view), mimo_test_conversation_at (store, 0))),
                   ==, "$0.0968");

  /* The chat shown is selected, its menu button showing. */
  mimo_window_show_conversation (window, mimo_test_conversation_at (store, 1));
  mimo_test_sidebar_shoot (window, "sidebar-wide", FALSE);
  mimo_test_sidebar_shoot (window, "sidebar-wide", TRUE);

  /* Narrow: the sidebar alone, as on a phone. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL);
  mimo_test_present_and_wait (GTK_WINDOW (window));
  mimo_test_sidebar_shoot (window, "sidebar-narrow", FALSE);
  mimo_test_sidebar_shoot (window, "sidebar-narrow", TRUE);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_live_updates (void)
{
  g_autofree char      *path = mimo_test_seed_path ();
  g_autoptr (MimoStore) store = NULL;
  MimoConversation     *last, *first;
  MimoConversationRow  *row;
  MimoWindow           *window;
  GtkListView          *list_view;
  GtkSingleSelection   *selection;
  MimoTestSeedChat      more = { "And which pastries should I try?", "Pastéis de nata, warm.", 0, 0, 2000, 300, 0, 1 };

  mimo_test_seed_history (path, mimo_test_seed_chats, 4);
  store = mimo_store_new (path);
  window = mimo_test_sidebar_window (app, store, 1000, 720);
  list_view = mimo_test_sidebar_list (window);
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list_view));
  first = mimo_test_conversation_at (store, 0);
  last = mimo_test_conversation_at (store, 3);
  mimo_window_show_conversation (window, first);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);

  /* A new message moves the chat to the top; the selection stays on the
   * chat shown, wherever it went. */
  mimo_test_add_exchange (store, last, &more);
  mimo_test_spin (50);
  g_assert_true (mimo_test_conversation_at (store, 0) == last);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 1);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == first);
  row = mimo_test_find_row (GTK_WIDGET (list_view), last);
  g_assert_nonnull (row);
  g_assert_cmpstr (mimo_conversation_row_get_date_text (row), !=, "Yesterday");
  {
    g_autofree char *spend = mimo_money_format (mimo_test_seed_cost_nanos (&mimo_test_seed_chats[3]) + mimo_test_seed_cost_nanos (&more));

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
  g_autofree char      *path = mimo_test_seed_path ();
  g_autoptr (MimoStore) store = NULL;
  MimoConversation     *second;
  MimoConversationRow  *row;
  MimoWindow           *window;
  MimoSidebar          *sidebar;
  Activations           activations = { 0 };

  mimo_test_seed_history (path, mimo_test_seed_chats, 4);
  store = mimo_store_new (path);
  window = mimo_test_sidebar_window (app, store, 1000, 720);
  sidebar = mimo_window_get_sidebar (window);
  g_signal_connect (sidebar, "conversation-activated", G_CALLBACK (conversation_activated_cb), &activations);
  second = mimo_test_conversation_at (store, 1);

  /* The window choosing a chat is no pick. */
  mimo_window_show_conversation (window, mimo_test_conversation_at (store, 0));
  g_assert_cmpuint (activations.conversation_calls, ==, 0);

  /* A click selects the row: the chat opens. */
  row = mimo_test_find_row (GTK_WIDGET (mimo_test_sidebar_list (window)), second);
  g_assert_true (gtk_widget_activate_action (gtk_widget_get_parent (GTK_WIDGET (row)), "listitem.select", "(bb)",
                                             FALSE, FALSE));
  g_assert_cmpuint (activations.conversation_calls, ==, 1);
  g_assert_true (activations.conversation == second);
  g_assert_true (mimo_sidebar_get_selected (sidebar) == second);
  g_assert_true (mimo_chat_view_get_conversation (mimo_window_get_chat_view (window)) == second);

  /* Enter on the chat already shown opens it again (a narrow window
   * goes back to it). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (mimo_test_sidebar_list (window)), "list.activate-item", "u", 1));
  g_assert_cmpuint (activations.conversation_calls, ==, 2);

  /* New Chat leaves nothing selected. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-chat", NULL);
  g_assert_null (mimo_sidebar_get_selected (sidebar));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (mimo_test_sidebar_list (window)))),
                    ==, GTK_INVALID_LIST_POSITION);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_search (void)
{
  g_autofree char      *path = mimo_test_seed_path ();
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
  MimoTestSeedChat      more = { "Is Lisbon good in winter?", "Lisbon stays mild in winter: about 15 °C.", 0, 0, 200, 300, 0, 1 };
  MimoTestSeedChat      table = { "Compare them",
                                  "They differ:\n\n| | Mutex | **Semaphore** |\n|---|:---:|---|\n| Lets in | `one` thread | up to *N* threads |",
                                  0, 0, 10, 10, 0, 1 };

  mimo_test_seed_history (path, mimo_test_seed_chats, G_N_ELEMENTS (mimo_test_seed_chats));
  store = mimo_store_new (path);
  lisbon = find_by_title (store, "Plan a weekend in Lisbon");
  mimo_test_add_exchange (store, lisbon, &more);
  window = mimo_test_sidebar_window (app, store, 1000, 720);
  sidebar = mimo_window_get_sidebar (window);
  g_signal_connect (sidebar, "search-hit-activated", G_CALLBACK (hit_activated_cb), &activations);
  entry = GTK_SEARCH_ENTRY (mimo_test_find_descendant (GTK_WIDGET (sidebar), GTK_TYPE_SEARCH_ENTRY));
  bar = GTK_SEARCH_BAR (mimo_test_find_descendant (GTK_WIDGET (sidebar), GTK_TYPE_SEARCH_BAR));
  results = GTK_LIST_BOX (mimo_test_find_descendant (GTK_WIDGET (sidebar), GTK_TYPE_LIST_BOX));

  /* Ctrl+F's action reveals and focuses the entry. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (bar));
  mimo_test_spin (50);
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (entry)));

  gtk_editable_set_text (GTK_EDITABLE (entry), "lisbon");
  mimo_test_sidebar_wait_for_page (window, "results");
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
  mimo_test_sidebar_shoot (window, "sidebar-search", FALSE);
  mimo_test_sidebar_shoot (window, "sidebar-search", TRUE);

  /* Picking one names the chat and the message; the window opens it. */
  g_signal_emit_by_name (results, "row-activated", first);
  g_assert_cmpuint (activations.hit_calls, ==, 1);
  g_assert_cmpint (activations.conversation_id, ==, mimo_conversation_get_id (lisbon));
  {
    g_autoptr (MimoMessage) newest = g_list_model_get_item (mimo_conversation_get_messages (lisbon), 3);

    g_assert_cmpint (activations.message_id, ==, mimo_message_get_id (newest));
  }
  g_assert_true (mimo_chat_view_get_conversation (mimo_window_get_chat_view (window)) == lisbon);

  /* Snippets read as words, without the Markdown's marks. */
  mimo_test_add_exchange (store, mimo_store_create_conversation (store), &table);
  gtk_editable_set_text (GTK_EDITABLE (entry), "semaphore");
  mimo_test_spin (500);
  mimo_test_sidebar_wait_for_page (window, "results");
  first = gtk_list_box_get_row_at_index (results, 0);
  {
    GtkWidget  *top = gtk_widget_get_first_child (gtk_list_box_row_get_child (first));
    const char *text = gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (top)));

    g_assert_cmpstr (text, ==, "They differ: Mutex · Semaphore · Lets in · one thread · up to N threads");
  }

  /* Words no message has. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "xylophone");
  mimo_test_sidebar_wait_for_page (window, "no-results");
  g_assert_null (gtk_list_box_get_row_at_index (results, 0));
  mimo_test_sidebar_shoot (window, "sidebar-no-results", FALSE);

  /* Escape clears and goes back to the list. */
  g_signal_emit_by_name (entry, "stop-search");
  mimo_test_spin (50);
  g_assert_false (gtk_search_bar_get_search_mode (bar));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (mimo_test_sidebar_pages (window)), ==, "list");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_keys (void)
{
  g_autofree char      *path = mimo_test_seed_path ();
  g_autoptr (MimoStore) store = NULL;
  MimoConversation     *conversation;
  MimoConversationRow  *row;
  AdwMessageDialog     *dialog;
  GtkWidget            *list_view;
  MimoWindow           *window;
  gint64                id;

  mimo_test_seed_history (path, mimo_test_seed_chats, 3);
  store = mimo_store_new (path);
  window = mimo_test_sidebar_window (app, store, 1000, 720);
  list_view = GTK_WIDGET (mimo_test_sidebar_list (window));
  conversation = mimo_test_conversation_at (store, 1);
  id = mimo_conversation_get_id (conversation);
  row = mimo_test_find_row (list_view, conversation);

  /* Nothing focused in the list: the keys do nothing. */
  g_assert_false (mimo_test_press_shortcut (list_view, GDK_KEY_F2, 0));

  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  g_assert_true (mimo_test_press_shortcut (list_view, GDK_KEY_F2, 0));
  dialog = mimo_test_find_message_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog))), ==,
                   mimo_conversation_get_title (conversation));
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* The context menu is the row's own popover, beside its template. */
  g_assert_true (mimo_test_press_shortcut (list_view, GDK_KEY_F10, GDK_SHIFT_MASK));
  {
    GtkWidget *menu = gtk_widget_get_last_child (GTK_WIDGET (row));

    g_assert_true (GTK_IS_POPOVER_MENU (menu));
    g_assert_true (gtk_widget_get_visible (menu));
    gtk_popover_popdown (GTK_POPOVER (menu));
  }

  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (row))));
  g_assert_true (mimo_test_press_shortcut (list_view, GDK_KEY_Delete, 0));
  mimo_test_spin (50);
  g_assert_null (mimo_store_lookup_conversation (store, id));
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 2);

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
  g_test_add_func ("/gui/sidebar/keys", test_keys);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
