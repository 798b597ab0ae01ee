/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-preferences.c: the Preferences open under a real display, with every page, and write GSettings. */

#define G_LOG_DOMAIN "test-preferences"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "mimo-application.h"
#include "mimo-preferences-window.h"
#include "mimo-settings.h"
#include "mimo-test-gui.h"
#include "mimo-test-server.h"
#include "mimo-test-utils.h"

#define KEY       "sk-empiriolabs-prefs-GOOD-1111"
#define WRONG_KEY "sk-empiriolabs-prefs-WRONG-2222"

static MimoApplication *app;
/* Keys are tested against this loopback server, which accepts KEY. */
static MimoTestServer *server;
static MimoClient     *client;

/* Records what app.clear-history received, like the storage layer will. */
static int clear_history_calls;
static int clear_history_ledger = -1;

static void
clear_history_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  clear_history_calls++;
  clear_history_ledger = g_variant_get_boolean (parameter);
}

static GSettings *
clean_settings (void)
{
  GSettings                  *settings = mimo_application_get_settings (app);
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv)              keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  return settings;
}

static MimoPreferencesWindow *
open_preferences (MimoKeyStore *key_store)
{
  MimoPreferencesWindow *window;

  window = mimo_preferences_window_new (GTK_APPLICATION (app), clean_settings (), key_store, client,
                                        "/home/someone/.local/share/mimo-chat");
  mimo_test_present_and_wait (GTK_WINDOW (window));

  return window;
}

#define CHILD(window, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), MIMO_TYPE_PREFERENCES_WINDOW, name))

static void
test_pages (void)
{
  g_autoptr (MimoKeyStore) key_store = mimo_key_store_new ();
  MimoPreferencesWindow   *window = open_preferences (key_store);
  static const char       *pages[] = { "account", "answers", "spend", "privacy", "appearance" };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), pages[i]);
      g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (window)), ==, pages[i]);
    }

  /* Every control has a name a screen reader can say. */
  g_assert_nonnull (mimo_test_find_by_text (GTK_WIDGET (window), ADW_TYPE_ACTION_ROW, "_Think Before Answering"));
  g_assert_nonnull (mimo_test_find_by_text (GTK_WIDGET (window), ADW_TYPE_ENTRY_ROW, "API Address"));
  g_assert_nonnull (mimo_test_find_by_text (GTK_WIDGET (window), ADW_TYPE_EXPANDER_ROW, "Monthly Budget"));
  g_assert_nonnull (mimo_test_find_by_text (GTK_WIDGET (window), ADW_TYPE_COMBO_ROW, "When a Message Would Go Over"));
  g_assert_nonnull (mimo_test_find_by_text (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Check that the key works"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_answers_write_settings (void)
{
  g_autoptr (MimoKeyStore)   key_store = mimo_key_store_new ();
  MimoPreferencesWindow     *window = open_preferences (key_store);
  GSettings                 *settings = mimo_application_get_settings (app);
  g_autoptr (MimoChatParams) params = NULL;
  static const char *const   expected_stop[] = { "END", "###", NULL };

  gtk_switch_set_active (GTK_SWITCH (CHILD (window, "thinking_switch")), FALSE);
  gtk_switch_set_active (GTK_SWITCH (CHILD (window, "web_search_switch")), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (CHILD (window, "web_search_limit_spin")), 7);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (CHILD (window, "temperature_spin")), 1.3);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (CHILD (window, "max_tokens_spin")), 100000);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (window, "stop_entry_1")), "END");
  gtk_editable_set_text (GTK_EDITABLE (CHILD (window, "stop_entry_3")), "###");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (CHILD (window, "system_prompt_view"))),
                            "Answer in French.", -1);

  params = mimo_settings_get_chat_params (settings);
  g_assert_false (params->enable_thinking);
  g_assert_true (params->tool_web_search);
  g_assert_cmpint (params->web_search_limit, ==, 7);
  g_assert_cmpfloat_with_epsilon (params->temperature, 1.3, 1e-9);
  /* The spin button keeps to the card's range. */
  g_assert_cmpint (params->max_tokens, ==, 65536);
  g_assert_cmpstrv (params->stop, expected_stop);
  {
    g_autofree char *prompt = g_settings_get_string (settings, MIMO_SETTINGS_SYSTEM_PROMPT);

    g_assert_cmpstr (prompt, ==, "Answer in French.");
  }

  /* The search limits follow the search switch. */
  g_assert_true (gtk_widget_get_sensitive (CHILD (window, "web_search_limit_row")));
  gtk_switch_set_active (GTK_SWITCH (CHILD (window, "web_search_switch")), FALSE);
  g_assert_false (gtk_widget_get_sensitive (CHILD (window, "web_search_limit_row")));

  /* And the other way: a change elsewhere shows up here. */
  g_settings_set_double (settings, MIMO_SETTINGS_TOP_P, 0.35);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (CHILD (window, "top_p_spin"))), 0.35, 1e-9);
  {
    static const char *const two[] = { "a", "b", NULL };

    g_settings_set_strv (settings, MIMO_SETTINGS_STOP, two);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (window, "stop_entry_2"))), ==, "b");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (window, "stop_entry_3"))), ==, "");
  }

  /* Restore Defaults puts the card back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "prefs.reset-answers", NULL));
  g_clear_pointer (&params, mimo_chat_params_free);
  params = mimo_settings_get_chat_params (settings);
  {
    g_autoptr (MimoChatParams) card = mimo_chat_params_new ();

    g_assert_true (mimo_chat_params_equal (params, card));
  }
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (CHILD (window, "thinking_switch"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (window, "stop_entry_1"))), ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_spending_write_settings (void)
{
  g_autoptr (MimoKeyStore) key_store = mimo_key_store_new ();
  MimoPreferencesWindow   *window = open_preferences (key_store);
  GSettings               *settings = mimo_application_get_settings (app);
  AdwExpanderRow          *monthly = ADW_EXPANDER_ROW (CHILD (window, "monthly_budget_row"));

  /* Off by default. */
  g_assert_false (adw_expander_row_get_enable_expansion (monthly));
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (CHILD (window, "chat_budget_row"))));

  /* Turned on with the amount shown; dollars in the view, nano-dollars stored. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (CHILD (window, "monthly_budget_spin")), 12.34);
  g_assert_cmpint (g_settings_get_int64 (settings, MIMO_SETTINGS_MONTHLY_BUDGET), ==, 0);
  adw_expander_row_set_enable_expansion (monthly, TRUE);
  g_assert_cmpint (g_settings_get_int64 (settings, MIMO_SETTINGS_MONTHLY_BUDGET), ==, G_GINT64_CONSTANT (12340000000));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (CHILD (window, "monthly_budget_spin")), 0.5);
  g_assert_cmpint (g_settings_get_int64 (settings, MIMO_SETTINGS_MONTHLY_BUDGET), ==, 500000000);
  adw_expander_row_set_enable_expansion (monthly, FALSE);
  g_assert_cmpint (g_settings_get_int64 (settings, MIMO_SETTINGS_MONTHLY_BUDGET), ==, 0);

  /* A budget set elsewhere shows. */
  g_settings_set_int64 (settings, MIMO_SETTINGS_CHAT_BUDGET, G_GINT64_CONSTANT (2500000000));
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (CHILD (window, "chat_budget_row"))));
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (CHILD (window, "chat_budget_spin"))), 2.5, 1e-9);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (CHILD (window, "warn_percent_spin")), 90);
  g_assert_cmpint (g_settings_get_int (settings, MIMO_SETTINGS_BUDGET_WARN_PERCENT), ==, 90);

  adw_combo_row_set_selected (ADW_COMBO_ROW (CHILD (window, "budget_action_row")), 1);
  g_assert_cmpint (g_settings_get_enum (settings, MIMO_SETTINGS_BUDGET_ACTION), ==, MIMO_BUDGET_ACTION_REFUSE);
  g_settings_set_enum (settings, MIMO_SETTINGS_BUDGET_ACTION, MIMO_BUDGET_ACTION_ASK);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (CHILD (window, "budget_action_row"))), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_appearance (void)
{
  g_autoptr (MimoKeyStore) key_store = mimo_key_store_new ();
  MimoPreferencesWindow   *window = open_preferences (key_store);
  GSettings               *settings = mimo_application_get_settings (app);
  AdwStyleManager         *style = adw_style_manager_get_default ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "settings.color-scheme", "s", "dark"));
  g_assert_cmpint (g_settings_get_enum (settings, MIMO_SETTINGS_COLOR_SCHEME), ==, MIMO_COLOR_SCHEME_DARK);
  /* The application applies it through AdwStyleManager. */
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (CHILD (window, "dark_check"))));

  gtk_widget_activate (CHILD (window, "light_check"));
  g_assert_cmpint (g_settings_get_enum (settings, MIMO_SETTINGS_COLOR_SCHEME), ==, MIMO_COLOR_SCHEME_LIGHT);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);

  g_settings_reset (settings, MIMO_SETTINGS_COLOR_SCHEME);
  g_assert_cmpint (adw_style_manager_get_color_scheme (style), ==, ADW_COLOR_SCHEME_DEFAULT);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (CHILD (window, "follow_check"))));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_base_url (void)
{
  g_autoptr (MimoKeyStore) key_store = mimo_key_store_new ();
  MimoPreferencesWindow   *window = open_preferences (key_store);
  GSettings               *settings = mimo_application_get_settings (app);
  GtkWidget               *row = CHILD (window, "base_url_row");
  g_autofree char         *url = NULL;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "https://api.empiriolabs.ai/v1");

  /* Plain http to another computer is refused, and nothing is saved. */
  gtk_editable_set_text (GTK_EDITABLE (row), "http://example.com/v1");
  g_signal_emit_by_name (row, "apply");
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  url = g_settings_get_string (settings, MIMO_SETTINGS_BASE_URL);
  g_assert_cmpstr (url, ==, "https://api.empiriolabs.ai/v1");
  g_clear_pointer (&url, g_free);

  /* Loopback is fine, tidied. */
  gtk_editable_set_text (GTK_EDITABLE (row), " http://127.0.0.1:8080/v1/ ");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  url = g_settings_get_string (settings, MIMO_SETTINGS_BASE_URL);
  g_assert_cmpstr (url, ==, "http://127.0.0.1:8080/v1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "http://127.0.0.1:8080/v1");

  g_signal_emit_by_name (mimo_test_find_by_text (GTK_WIDGET (window), GTK_TYPE_BUTTON, "Use the Default Address"), "clicked");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "https://api.empiriolabs.ai/v1");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_key_status (void)
{
  g_autoptr (MimoKeyStore) key_store = NULL;
  MimoPreferencesWindow   *window;
  g_autoptr (GError)       error = NULL;

  g_unsetenv (MIMO_KEY_STORE_ENV_VAR);
  key_store = mimo_key_store_new ();
  window = open_preferences (key_store);

  g_assert_false (gtk_widget_get_visible (CHILD (window, "key_env_row")));
  g_assert_false (gtk_widget_get_sensitive (CHILD (window, "key_forget_button")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (CHILD (window, "key_status_row"))), ==,
                   "No key yet. Paste one below.");

  g_assert_true (mimo_key_store_use_for_session (key_store, "sk-empiriolabs-session", &error));
  g_assert_true (gtk_widget_get_sensitive (CHILD (window, "key_forget_button")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (CHILD (window, "key_status_row"))),
                            "session only"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&key_store);

  /* The environment's key wins, and the page says so. */
  g_setenv (MIMO_KEY_STORE_ENV_VAR, "sk-empiriolabs-from-env", TRUE);
  key_store = mimo_key_store_new ();
  window = open_preferences (key_store);
  g_assert_true (gtk_widget_get_visible (CHILD (window, "key_env_row")));
  g_unsetenv (MIMO_KEY_STORE_ENV_VAR);

  mimo_test_save_screenshot (GTK_WIDGET (window), "preferences-account-env");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
is_sensitive (gpointer user_data)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (user_data));
}

static void
sync_client_key (MimoKeyStore *key_store)
{
  /* What MimoApplication does for its own client. */
  mimo_client_set_api_key (client, mimo_key_store_peek_key (key_store));
}

static void
test_test_key (void)
{
  g_autoptr (MimoKeyStore) key_store = mimo_key_store_new ();
  g_autoptr (GError)       error = NULL;
  MimoPreferencesWindow   *window;
  GtkWidget               *button;
  GtkLabel                *feedback;

  g_unsetenv (MIMO_KEY_STORE_ENV_VAR);
  g_signal_connect (key_store, "key-changed", G_CALLBACK (sync_client_key), NULL);
  g_assert_true (mimo_key_store_use_for_session (key_store, KEY, &error));
  window = open_preferences (key_store);
  button = CHILD (window, "key_test_button");
  feedback = GTK_LABEL (CHILD (window, "key_feedback_label"));

  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_sensitive (button));
  mimo_test_wait_until (is_sensitive, button, 20000);
  g_assert_cmpstr (gtk_label_get_text (feedback), ==, "Your key works.");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (feedback), "success"));
  g_assert_cmpstr (mimo_test_server_get_last_request (server)->authorization, ==, "Bearer " KEY);

  /* A key the server does not know: the client's plain words. */
  g_assert_true (mimo_key_store_use_for_session (key_store, WRONG_KEY, &error));
  g_signal_emit_by_name (button, "clicked");
  mimo_test_wait_until (is_sensitive, button, 20000);
  g_assert_nonnull (strstr (gtk_label_get_text (feedback), "did not accept this key. Paste a new one below"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (feedback), "error"));
  g_assert_null (strstr (gtk_label_get_text (feedback), WRONG_KEY));

  mimo_test_save_screenshot (GTK_WIDGET (window), "preferences-account-test-failed");
  gtk_window_destroy (GTK_WINDOW (window));
  mimo_client_set_api_key (client, NULL);
}

static void
test_replace_key (void)
{
  g_autoptr (MimoKeyStore) key_store = mimo_key_store_new ();
  g_autoptr (GError)       error = NULL;
  MimoPreferencesWindow   *window;
  GtkWidget               *entry;
  GtkLabel                *feedback;

  g_unsetenv (MIMO_KEY_STORE_ENV_VAR);
  g_assert_true (mimo_key_store_use_for_session (key_store, "sk-empiriolabs-prefs-OLD-3333", &error));
  window = open_preferences (key_store);
  entry = CHILD (window, "key_entry_row");
  feedback = GTK_LABEL (CHILD (window, "key_feedback_label"));

  /* A key that does not work is not saved, and the old one stays. */
  gtk_editable_set_text (GTK_EDITABLE (entry), WRONG_KEY);
  g_signal_emit_by_name (entry, "apply");
  mimo_test_wait_until (is_sensitive, entry, 20000);
  g_assert_nonnull (strstr (gtk_label_get_text (feedback), "did not accept this key"));
  g_assert_false (gtk_widget_get_visible (CHILD (window, "key_session_button")));
  g_assert_cmpstr (mimo_key_store_peek_key (key_store), ==, "sk-empiriolabs-prefs-OLD-3333");

  /* One that works is saved and used. */
  gtk_editable_set_text (GTK_EDITABLE (entry), KEY);
  g_signal_emit_by_name (entry, "apply");
  mimo_test_wait_until (is_sensitive, entry, 20000);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (feedback), "success"));
  g_assert_cmpint (mimo_key_store_get_source (key_store), ==, MIMO_KEY_STORE_SOURCE_KEYRING);
  g_assert_cmpstr (mimo_key_store_peek_key (key_store), ==, KEY);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (CHILD (window, "key_status_row"))), ==,
                   "Saved in your password keyring");

  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

static void
test_clear_history (void)
{
  g_autoptr (MimoKeyStore)  key_store = mimo_key_store_new ();
  g_autoptr (GSimpleAction) action = NULL;
  MimoPreferencesWindow    *window;
  GtkWindow                *dialog;

  /* Without the application's action the button does nothing. The real
   * one (tested in test-sidebar) makes way for one that counts. */
  g_action_map_remove_action (G_ACTION_MAP (app), "clear-history");
  window = open_preferences (key_store);
  g_assert_false (gtk_widget_get_sensitive (CHILD (window, "clear_history_button")));
  gtk_window_destroy (GTK_WINDOW (window));

  action = g_simple_action_new ("clear-history", G_VARIANT_TYPE_BOOLEAN);
  g_signal_connect (action, "activate", G_CALLBACK (clear_history_cb), NULL);
  g_action_map_add_action (G_ACTION_MAP (app), G_ACTION (action));

  window = open_preferences (key_store);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "privacy");
  g_assert_true (gtk_widget_get_sensitive (CHILD (window, "clear_history_button")));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (CHILD (window, "history_path_row"))), ==,
                   "/home/someone/.local/share/mimo-chat");

  /* Asks first; Cancel clears nothing. */
  g_signal_emit_by_name (CHILD (window, "clear_history_button"), "clicked");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  mimo_test_present_and_wait (dialog);
  mimo_test_save_screenshot (GTK_WIDGET (dialog), "preferences-clear-history");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_assert_cmpint (clear_history_calls, ==, 0);
  /* adw_message_dialog_response() only emits; a click would also close. */
  gtk_window_destroy (dialog);

  /* The spending record is kept unless asked for. */
  g_signal_emit_by_name (CHILD (window, "clear_history_button"), "clicked");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "clear");
  g_assert_cmpint (clear_history_calls, ==, 1);
  g_assert_cmpint (clear_history_ledger, ==, FALSE);
  gtk_window_destroy (dialog);

  g_signal_emit_by_name (CHILD (window, "clear_history_button"), "clicked");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog))), TRUE);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "clear");
  g_assert_cmpint (clear_history_calls, ==, 2);
  g_assert_cmpint (clear_history_ledger, ==, TRUE);
  gtk_window_destroy (dialog);

  g_action_map_remove_action (G_ACTION_MAP (app), "clear-history");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_app_action (void)
{
  g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");
  GtkWindow     *window;

  g_assert_true (g_strv_contains ((const char *const *) accels, "<Control>comma"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  window = find_toplevel (MIMO_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (window);
  g_assert_true (gtk_window_get_modal (window));
  gtk_window_destroy (window);
}

/* Every page, for people to look at (build-aux/dev shots). */
static void
test_screenshots (void)
{
  g_autoptr (MimoKeyStore) key_store = mimo_key_store_new ();
  MimoPreferencesWindow   *window;
  static const char       *pages[] = { "account", "answers", "spend", "privacy", "appearance" };

  if (g_getenv ("MIMO_SHOT_DIR") == NULL)
    {
      g_test_skip ("Set MIMO_SHOT_DIR to save screenshots");
      return;
    }

  window = open_preferences (key_store);
  g_settings_set_int64 (mimo_application_get_settings (app), MIMO_SETTINGS_MONTHLY_BUDGET,
                        G_GINT64_CONSTANT (20000000000));
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autofree char *name = g_strdup_printf ("preferences-%s", pages[i]);
      g_autofree char *tall = g_strdup_printf ("preferences-%s-full", pages[i]);

      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), pages[i]);
      gtk_window_set_default_size (GTK_WINDOW (window), 720, 680);
      mimo_test_save_screenshot (GTK_WIDGET (window), name);
      gtk_window_set_default_size (GTK_WINDOW (window), 720, 1500);
      mimo_test_save_screenshot (GTK_WIDGET (window), tall);
    }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "answers");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 680);
  mimo_test_save_screenshot (GTK_WIDGET (window), "preferences-answers-narrow-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int                status;

  g_autofree char *keyring_dir = g_dir_make_tmp ("mimo-test-keyring-XXXXXX", NULL);
  g_autofree char *keyring_file = g_build_filename (keyring_dir, "test.keyring", NULL);

  /* libsecret's file backend keeps one file for the process. */
  g_setenv ("SECRET_FILE_TEST_PATH", keyring_file, TRUE);
  g_unsetenv ("MIMO_BASE_URL");
  mimo_test_gui_init (&argc, &argv);

  server = mimo_test_server_new (KEY, 0, &error);
  g_assert_no_error (error);
  client = mimo_client_new ();
  mimo_client_set_base_url (client, mimo_test_server_get_base_url (server));

  app = mimo_application_new (APPLICATION_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  g_test_add_func ("/gui/preferences/pages", test_pages);
  g_test_add_func ("/gui/preferences/answers-write-settings", test_answers_write_settings);
  g_test_add_func ("/gui/preferences/spending-write-settings", test_spending_write_settings);
  g_test_add_func ("/gui/preferences/appearance", test_appearance);
  g_test_add_func ("/gui/preferences/base-url", test_base_url);
  g_test_add_func ("/gui/preferences/key-status", test_key_status);
  g_test_add_func ("/gui/preferences/test-key", test_test_key);
  g_test_add_func ("/gui/preferences/replace-key", test_replace_key);
  g_test_add_func ("/gui/preferences/clear-history", test_clear_history);
  g_test_add_func ("/gui/preferences/app-action", test_app_action);
  g_test_add_func ("/gui/preferences/screenshots", test_screenshots);

  status = g_test_run ();
  g_clear_object (&app);
  g_clear_object (&client);
  g_clear_object (&server);
  g_unlink (keyring_file);
  g_rmdir (keyring_dir);

  return status;
}
