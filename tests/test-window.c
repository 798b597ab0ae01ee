/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the main window opens under a real display with its parts, actions and saved state. */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <adwaita.h>

#include "mimo-application.h"
#include "mimo-settings-keys.h"
#include "mimo-test-gui.h"
#include "mimo-test-utils.h"
#include "mimo-window.h"

/* One registered application for the whole program, as in the real app. */
static MimoApplication *app;

static void
test_window_parts (void)
{
  g_auto (GStrv) quit_accels = NULL;
  GtkWindow     *window;
  GtkWidget     *header_bar;
  GtkWidget     *menu_button;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (MIMO_IS_WINDOW (window));
  mimo_test_wait_until (mimo_test_widget_is_mapped, window, 10000);

  g_assert_cmpstr (gtk_window_get_title (window), ==, "Mimo Chat");

  /* The main menu lives in the sidebar's header bar, beside New Chat. */
  header_bar = mimo_test_find_descendant (GTK_WIDGET (mimo_window_get_sidebar (MIMO_WINDOW (window))), ADW_TYPE_HEADER_BAR);
  g_assert_nonnull (header_bar);
  menu_button = mimo_test_find_descendant (header_bar, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  g_assert_nonnull (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (menu_button)));
  g_assert_nonnull (gtk_widget_get_tooltip_text (menu_button));

  /* About, Quit (Ctrl+Q) and the shortcuts window are wired. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  quit_accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_assert_true (g_strv_contains ((const char *const *) quit_accels, "<Control>q"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  {
    g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");

    g_assert_true (g_strv_contains ((const char *const *) accels, "<Control>question"));
  }
  /* Made when first asked for, then shown again from the same window. */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  {
    GtkWindow *overlay = GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

    mimo_test_wait_until (mimo_test_widget_is_mapped, overlay, 10000);
    g_assert_true (gtk_window_get_transient_for (overlay) == window);
    gtk_window_close (overlay);
    mimo_test_spin (50);
    g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
    g_assert_true (GTK_WINDOW (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))) == overlay);
    mimo_test_wait_until (mimo_test_widget_is_mapped, overlay, 10000);
    gtk_window_close (overlay);
  }

  gtk_window_destroy (window);
}

static void
test_window_saves_state (void)
{
  g_autoptr (GSettings) settings = g_settings_new (BASE_APPLICATION_ID);
  MimoWindow           *window;

  g_settings_set_int (settings, MIMO_SETTINGS_WINDOW_WIDTH, 900);
  g_settings_set_int (settings, MIMO_SETTINGS_WINDOW_HEIGHT, 650);
  g_settings_set_boolean (settings, MIMO_SETTINGS_WINDOW_MAXIMIZED, FALSE);

  window = mimo_window_new (app, mimo_application_get_settings (app), mimo_application_get_key_store (app),
                            mimo_application_get_client (app), mimo_application_get_store (app));
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 650);
  }

  gtk_window_present (GTK_WINDOW (window));
  mimo_test_wait_until (mimo_test_widget_is_mapped, window, 10000);

  gtk_window_set_default_size (GTK_WINDOW (window), 720, 540);
  gtk_window_close (GTK_WINDOW (window));

  g_assert_cmpint (g_settings_get_int (settings, MIMO_SETTINGS_WINDOW_WIDTH), ==, 720);
  g_assert_cmpint (g_settings_get_int (settings, MIMO_SETTINGS_WINDOW_HEIGHT), ==, 540);
  g_assert_false (g_settings_get_boolean (settings, MIMO_SETTINGS_WINDOW_MAXIMIZED));
}

/* win.show-usage opens the spending window: on a chat's page for its id,
 * over time from the menu (0), with the shown chat ready. */
static void
test_window_show_usage (void)
{
  MimoStore              *store = mimo_application_get_store (app);
  MimoConversation       *chat = mimo_store_create_conversation (store);
  g_autoptr (MimoMessage) question = mimo_message_new (MIMO_ROLE_USER, "What did this cost?");
  MimoWindow             *window;
  MimoUsageInspector     *inspector;
  AdwViewStack           *stack;

  mimo_conversation_add_message (chat, question);
  window = mimo_window_new (app, mimo_application_get_settings (app), mimo_application_get_key_store (app),
                            mimo_application_get_client (app), store);
  mimo_test_present_and_wait (GTK_WINDOW (window));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-usage", "x", mimo_conversation_get_id (chat)));
  inspector = mimo_window_get_usage_inspector (window);
  mimo_test_wait_until (mimo_test_widget_is_mapped, inspector, 10000);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (inspector)) == GTK_WINDOW (window));
  g_assert_cmpint (mimo_usage_inspector_get_conversation_id (inspector), ==, mimo_conversation_get_id (chat));
  stack = ADW_VIEW_STACK (mimo_test_find_descendant (GTK_WIDGET (inspector), ADW_TYPE_VIEW_STACK));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "chat");

  /* Closing hides it; the menu's entry shows it again, over time, on the
   * chat the window shows. */
  gtk_window_close (GTK_WINDOW (inspector));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (inspector)));
  mimo_window_show_conversation (window, chat);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-usage", "x", (gint64) 0));
  g_assert_true (mimo_window_get_usage_inspector (window) == inspector);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (inspector)));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "time");
  g_assert_cmpint (mimo_usage_inspector_get_conversation_id (inspector), ==, mimo_conversation_get_id (chat));

  gtk_window_destroy (GTK_WINDOW (window));
  mimo_test_spin (50);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int                status;

  mimo_test_gui_init (&argc, &argv);

  app = mimo_application_new (APPLICATION_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  g_test_add_func ("/gui/window/parts", test_window_parts);
  g_test_add_func ("/gui/window/saves-state", test_window_saves_state);
  g_test_add_func ("/gui/window/show-usage", test_window_show_usage);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
