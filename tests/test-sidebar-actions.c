/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sidebar-actions.c: what people do to chats from the sidebar, in a real window: rename, delete and undo, export, clear. */

#define G_LOG_DOMAIN "test-sidebar"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mimo-test-gui.h"
#include "mimo-test-sidebar.h"
#include "mimo-test-utils.h"

/* One registered application for the whole program, as in the real app. */
static MimoApplication *app;

static void
test_rename (void)
{
  g_autofree char      *path = mimo_test_seed_path ();
  g_autoptr (MimoStore) store = NULL;
  MimoConversation     *conversation;
  MimoConversationRow  *row;
  AdwMessageDialog     *dialog;
  GtkEditable          *entry;
  MimoWindow           *window;
  gint64                id;

  mimo_test_seed_history (path, mimo_test_seed_chats, 3);
  store = mimo_store_new (path);
  window = mimo_test_sidebar_window (app, store, 1000, 720);
  conversation = mimo_test_conversation_at (store, 1);
  id = mimo_conversation_get_id (conversation);
  row = mimo_test_find_row (GTK_WIDGET (mimo_test_sidebar_list (window)), conversation);

  /* The row's menu item: Rename… */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "row.rename", NULL));
  dialog = mimo_test_find_message_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "Explain mutexes with an example in C");
  mimo_test_present_and_wait (GTK_WINDOW (dialog));
  mimo_test_sidebar_shoot (dialog, "sidebar-rename", FALSE);

  /* No empty titles. */
  gtk_editable_set_text (entry, "   ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "rename"));
  gtk_editable_set_text (entry, "  Mutexes in C  ");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "rename"));
  adw_message_dialog_response (dialog, "rename");
  mimo_test_spin (50);
  g_assert_cmpstr (mimo_conversation_get_title (conversation), ==, "Mutexes in C");
  g_assert_cmpstr (mimo_conversation_row_get_title_text (row), ==, "Mutexes in C");

  /* Cancel changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rename-conversation", "x", id));
  dialog = mimo_test_find_message_dialog (GTK_WINDOW (window));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Something else");
  adw_message_dialog_response (dialog, "cancel");
  mimo_test_spin (50);
  g_assert_cmpstr (mimo_conversation_get_title (conversation), ==, "Mutexes in C");

  /* Saved: the next start reads the new title. */
  gtk_window_destroy (GTK_WINDOW (window));
  mimo_test_spin (50);
  g_clear_object (&store);
  store = mimo_store_new (path);
  g_assert_cmpstr (mimo_conversation_get_title (mimo_store_lookup_conversation (store, id)), ==, "Mutexes in C");
}

static void
test_delete_undo (void)
{
  g_autofree char      *path = mimo_test_seed_path ();
  g_autoptr (MimoStore) store = NULL;
  MimoConversation     *conversation;
  MimoConversationRow  *row;
  MimoWindow           *window;
  GtkWidget            *undo;
  gint64                id;

  mimo_test_seed_history (path, mimo_test_seed_chats, 3);
  store = mimo_store_new (path);
  window = mimo_test_sidebar_window (app, store, 1000, 720);
  conversation = mimo_test_conversation_at (store, 0);
  id = mimo_conversation_get_id (conversation);
  mimo_window_show_conversation (window, conversation);
  row = mimo_test_find_row (GTK_WIDGET (mimo_test_sidebar_list (window)), conversation);

  /* The row's menu item: Delete. The chat shown goes with it, and the
   * toast names it as it is written. */
  g_assert_true (mimo_conversation_set_title (conversation, "Tom & <Jerry>"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "row.delete", NULL));
  mimo_test_spin (50);
  g_assert_nonnull (mimo_test_find_by_text (GTK_WIDGET (window), GTK_TYPE_LABEL, "“Tom & <Jerry>” deleted"));
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 2);
  g_assert_null (mimo_store_lookup_conversation (store, id));
  g_assert_null (mimo_chat_view_get_conversation (mimo_window_get_chat_view (window)));
  g_assert_null (mimo_sidebar_get_selected (mimo_window_get_sidebar (window)));

  /* The toast's Undo brings it back, shown and selected. */
  undo = mimo_test_find_by_text (GTK_WIDGET (window), GTK_TYPE_BUTTON, "_Undo");
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  mimo_test_spin (50);
  conversation = mimo_store_lookup_conversation (store, id);
  g_assert_nonnull (conversation);
  g_assert_true (mimo_test_conversation_at (store, 0) == conversation);
  g_assert_true (mimo_sidebar_get_selected (mimo_window_get_sidebar (window)) == conversation);
  g_assert_nonnull (mimo_test_find_row (GTK_WIDGET (mimo_test_sidebar_list (window)), conversation));

  /* Deleted for good once the undo period ends: the file agrees. */
  mimo_store_set_undo_timeout (store, 10);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-conversation", "x", id));
  mimo_test_spin (100);
  gtk_window_destroy (GTK_WINDOW (window));
  mimo_test_spin (50);
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
    mimo_test_add_exchange (store, mimo_store_create_conversation (store), &mimo_test_seed_chats[i]);
  window = mimo_test_sidebar_window (app, store, 1000, 720);

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
    mimo_test_add_exchange (store, mimo_store_create_conversation (store), &mimo_test_seed_chats[i]);
  window = mimo_test_sidebar_window (app, store, 1000, 720);
  mimo_window_show_conversation (window, mimo_test_conversation_at (store, 0));
  before = ledger_requests (store);
  g_assert_cmpint (before, >=, 6);

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "clear-history"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "clear-history", g_variant_new_boolean (FALSE));
  mimo_test_spin (50);
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 0);
  g_assert_null (mimo_chat_view_get_conversation (mimo_window_get_chat_view (window)));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (mimo_test_sidebar_pages (window)), ==, "empty");
  g_assert_cmpint (ledger_requests (store), ==, before);
  mimo_test_sidebar_shoot (window, "sidebar-empty", FALSE);
  mimo_test_sidebar_shoot (window, "sidebar-empty", TRUE);

  /* Asked to, the spending record goes too. */
  mimo_test_add_exchange (store, mimo_store_create_conversation (store), &mimo_test_seed_chats[0]);
  mimo_test_spin (50);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (mimo_test_sidebar_pages (window)), ==, "list");
  g_action_group_activate_action (G_ACTION_GROUP (app), "clear-history", g_variant_new_boolean (TRUE));
  mimo_test_spin (50);
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


  g_test_add_func ("/gui/sidebar/rename", test_rename);
  g_test_add_func ("/gui/sidebar/delete-undo", test_delete_undo);
  g_test_add_func ("/gui/sidebar/export-all", test_export_all);
  g_test_add_func ("/gui/sidebar/clear-history", test_clear_history);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
