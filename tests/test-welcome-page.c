/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-welcome-page.c: first run: the welcome page shows without a key, stores a pasted key, or keeps it for the session. */

#define G_LOG_DOMAIN "test-welcome-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "mimo-application.h"
#include "mimo-test-gui.h"
#include "mimo-test-server.h"
#include "mimo-test-utils.h"
#include "mimo-welcome-page.h"
#include "mimo-window.h"

#define KEY "sk-empiriolabs-welcome-test-1234"

static MimoApplication *app;
/* The loopback server accepts KEY; the page's client asks it. */
static MimoTestServer *server;
static MimoClient     *client;

#define CHILD(page, name) GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), MIMO_TYPE_WELCOME_PAGE, name))

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

static gboolean
load (MimoKeyStore *key_store)
{
  g_autoptr (GAsyncResult) result = NULL;

  mimo_key_store_load_async (key_store, NULL, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, 20000);

  return mimo_key_store_load_finish (key_store, result, NULL);
}

static void
forget (MimoKeyStore *key_store)
{
  g_autoptr (GAsyncResult) result = NULL;

  mimo_key_store_forget_async (key_store, NULL, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, 20000);
  g_assert_true (mimo_key_store_forget_finish (key_store, result, NULL));
}

static GtkWidget *
new_page_in_window (MimoKeyStore *key_store,
                    GtkWidget   **window_out)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = mimo_welcome_page_new (key_store, client);

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 760);
  mimo_test_present_and_wait (GTK_WINDOW (window));
  *window_out = window;

  return page;
}

static void
test_parts (void)
{
  g_autoptr (MimoKeyStore) key_store = mimo_key_store_new ();
  GtkWidget               *window;
  GtkWidget               *page = new_page_in_window (key_store, &window);

  /* What the app does, where to get a key, where to paste it. */
  g_assert_nonnull (mimo_test_find_by_text (page, GTK_TYPE_LABEL, "Welcome to Mimo Chat"));
  g_assert_nonnull (mimo_test_find_by_text (page, ADW_TYPE_ACTION_ROW, "1. Get a Key"));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (CHILD (page, "key_entry")));

  /* Nothing to test until something is pasted. */
  g_assert_false (gtk_widget_get_sensitive (CHILD (page, "test_button")));
  gtk_editable_set_text (GTK_EDITABLE (CHILD (page, "key_entry")), KEY);
  g_assert_true (gtk_widget_get_sensitive (CHILD (page, "test_button")));
  g_assert_false (gtk_widget_get_visible (CHILD (page, "session_button")));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
status_shown (gpointer user_data)
{
  GtkWidget *page = user_data;

  return gtk_widget_get_sensitive (CHILD (page, "key_entry")) &&
         gtk_widget_get_visible (CHILD (page, "status_label"));
}

static void
test_bad_paste (void)
{
  g_autoptr (MimoKeyStore) key_store = mimo_key_store_new ();
  GtkWidget               *window;
  GtkWidget               *page = new_page_in_window (key_store, &window);
  GtkLabel                *status = GTK_LABEL (CHILD (page, "status_label"));
  guint                    ready = 0;

  g_signal_connect_swapped (page, "key-ready", G_CALLBACK (count_cb), &ready);
  gtk_editable_set_text (GTK_EDITABLE (CHILD (page, "key_entry")), "my key is sk-123");
  g_signal_emit_by_name (CHILD (page, "test_button"), "clicked");
  mimo_test_wait_until (status_shown, page, 20000);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (status)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
  g_assert_nonnull (strstr (gtk_label_get_text (status), "does not look like an API key"));
  g_assert_null (strstr (gtk_label_get_text (status), "sk-123"));
  g_assert_false (mimo_key_store_get_has_key (key_store));
  /* Never went online with it. */
  g_assert_cmpuint (mimo_test_server_get_requests (server)->len, ==, 0);
  g_assert_cmpuint (ready, ==, 0);

  /* Editing the paste clears the message. */
  gtk_editable_set_text (GTK_EDITABLE (CHILD (page, "key_entry")), KEY);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (status)));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_key (gpointer user_data)
{
  return mimo_key_store_get_has_key (MIMO_KEY_STORE (user_data));
}

static void
test_stores_key (void)
{
  g_autoptr (MimoKeyStore) key_store = mimo_key_store_new ();
  g_autoptr (MimoKeyStore) next_start = NULL;
  GtkWidget               *window;
  GtkWidget               *page;
  guint                    ready = 0;

  g_unsetenv (MIMO_KEY_STORE_ENV_VAR);
  g_assert_true (load (key_store));
  page = new_page_in_window (key_store, &window);
  g_signal_connect_swapped (page, "key-ready", G_CALLBACK (count_cb), &ready);

  gtk_editable_set_text (GTK_EDITABLE (CHILD (page, "key_entry")), KEY "\n");
  g_signal_emit_by_name (CHILD (page, "test_button"), "clicked");
  mimo_test_wait_until (has_key, key_store, 20000);

  /* Tested before it was stored: GET /models/mimo-v2-flash with the key. */
  g_assert_cmpuint (mimo_test_server_count_requests (server, "/models/mimo-v2-flash"), ==, 1);
  g_assert_cmpstr (mimo_test_server_get_last_request (server)->authorization, ==, "Bearer " KEY);
  g_assert_cmpuint (ready, ==, 1);
  g_assert_cmpint (mimo_key_store_get_source (key_store), ==, MIMO_KEY_STORE_SOURCE_KEYRING);
  g_assert_cmpstr (mimo_key_store_peek_key (key_store), ==, KEY);
  /* The field is emptied once the key is safe. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (page, "key_entry"))), ==, "");

  next_start = mimo_key_store_new ();
  g_assert_true (load (next_start));
  g_assert_cmpstr (mimo_key_store_peek_key (next_start), ==, KEY);

  forget (key_store);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  const char *name;
  const char *key;
  const char *model_scenario;
  const char *says;
} FailCase;

/* What the key test can say, in the words a person reads. */
static const FailCase fail_cases[] = {
  { "wrong-key", "sk-empiriolabs-not-this-one", NULL, "did not accept this key" },
  { "no-credit", KEY, "402", "out of credits" },
};

static void
test_key_fails (gconstpointer data)
{
  const FailCase          *c = data;
  g_autoptr (MimoKeyStore) key_store = mimo_key_store_new ();
  GtkWidget               *window;
  GtkWidget               *page;
  GtkLabel                *status;
  guint                    ready = 0;

  g_unsetenv (MIMO_KEY_STORE_ENV_VAR);
  page = new_page_in_window (key_store, &window);
  status = GTK_LABEL (CHILD (page, "status_label"));
  g_signal_connect_swapped (page, "key-ready", G_CALLBACK (count_cb), &ready);
  mimo_test_server_set_model_scenario (server, c->model_scenario);

  gtk_editable_set_text (GTK_EDITABLE (CHILD (page, "key_entry")), c->key);
  g_signal_emit_by_name (CHILD (page, "test_button"), "clicked");
  mimo_test_wait_until (status_shown, page, 20000);

  g_test_message ("%s: %s", c->name, gtk_label_get_text (status));
  g_assert_nonnull (strstr (gtk_label_get_text (status), c->says));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
  /* Not stored, no session offer (the key itself is the problem), and the
   * paste stays for another try. */
  g_assert_false (mimo_key_store_get_has_key (key_store));
  g_assert_false (gtk_widget_get_visible (CHILD (page, "session_button")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (CHILD (page, "key_entry"))), ==, c->key);
  g_assert_cmpuint (ready, ==, 0);

  if (g_str_equal (c->name, "wrong-key"))
    mimo_test_save_screenshot (window, "welcome-wrong-key");

  mimo_test_server_set_model_scenario (server, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* No keyring at all: the page says so and offers this session only. */
static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (MimoKeyStore) key_store = mimo_key_store_new ();
      GtkWidget               *window;
      GtkWidget               *page;
      GtkLabel                *status;
      guint                    ready = 0;

      g_unsetenv (MIMO_KEY_STORE_ENV_VAR);
      g_assert_false (load (key_store));
      page = new_page_in_window (key_store, &window);
      status = GTK_LABEL (CHILD (page, "status_label"));
      g_signal_connect_swapped (page, "key-ready", G_CALLBACK (count_cb), &ready);

      gtk_editable_set_text (GTK_EDITABLE (CHILD (page, "key_entry")), KEY);
      g_signal_emit_by_name (CHILD (page, "test_button"), "clicked");
      mimo_test_wait_until ((MimoTestPredicate) gtk_widget_get_visible, CHILD (page, "session_button"), 20000);

      g_assert_nonnull (strstr (gtk_label_get_text (status), "no password keyring"));
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (status), "error"));
      g_assert_cmpuint (ready, ==, 0);
      mimo_test_save_screenshot (window, "welcome-no-keyring");

      g_signal_emit_by_name (CHILD (page, "session_button"), "clicked");
      g_assert_cmpuint (ready, ==, 1);
      g_assert_cmpint (mimo_key_store_get_source (key_store), ==, MIMO_KEY_STORE_SOURCE_SESSION);
      g_assert_cmpstr (mimo_key_store_peek_key (key_store), ==, KEY);

      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }

  /* The child gets a session bus that does not exist, before anything in
   * it connects; GTK's accessibility would want that bus too. */
  {
    g_autofree char *bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
    g_autofree char *backend = g_strdup (g_getenv ("SECRET_BACKEND"));

    g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
    g_setenv ("GTK_A11Y", "none", TRUE);
    g_unsetenv ("SECRET_BACKEND");
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
    if (bus != NULL)
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
    if (backend != NULL)
      g_setenv ("SECRET_BACKEND", backend, TRUE);
    g_unsetenv ("GTK_A11Y");
  }
  g_test_trap_assert_passed ();
}

static void
test_window_shows_welcome (void)
{
  g_autoptr (MimoKeyStore) key_store = mimo_key_store_new ();
  g_autoptr (GError)       error = NULL;
  MimoWindow              *window;
  GtkStack                *stack;

  g_unsetenv (MIMO_KEY_STORE_ENV_VAR);
  window = mimo_window_new (app, mimo_application_get_settings (app), key_store, client,
                            mimo_application_get_store (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  mimo_test_present_and_wait (GTK_WINDOW (window));
  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), MIMO_TYPE_WINDOW, "content_stack"));

  /* Not before the keyring answered: no flash of the welcome page. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "chat");
  g_assert_true (load (key_store));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "welcome");
  g_assert_true (MIMO_IS_WELCOME_PAGE (gtk_stack_get_visible_child (stack)));
  mimo_test_save_screenshot (GTK_WIDGET (window), "welcome");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  mimo_test_save_screenshot (GTK_WIDGET (window), "welcome-narrow-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* A key arrives (here for the session): the chat shows. */
  g_assert_true (mimo_key_store_use_for_session (key_store, KEY, &error));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "chat");

  /* Forgotten in the Preferences: back to the welcome page. */
  forget (key_store);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "welcome");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *keyring_dir = NULL;
  g_autofree char   *keyring_file = NULL;
  int                status;

  /* libsecret's file backend keeps one file for the process, while each
   * test gets its own HOME. */
  keyring_dir = g_dir_make_tmp ("mimo-test-keyring-XXXXXX", NULL);
  keyring_file = g_build_filename (keyring_dir, "test.keyring", NULL);
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

  g_test_add_func ("/gui/welcome/parts", test_parts);
  g_test_add_func ("/gui/welcome/bad-paste", test_bad_paste);
  g_test_add_func ("/gui/welcome/stores-key", test_stores_key);
  for (guint i = 0; i < G_N_ELEMENTS (fail_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/gui/welcome/key-fails/%s", fail_cases[i].name);

      g_test_add_data_func (path, &fail_cases[i], test_key_fails);
    }
  g_test_add_func ("/gui/welcome/no-keyring", test_no_keyring);
  g_test_add_func ("/gui/welcome/window-shows-welcome", test_window_shows_welcome);

  status = g_test_run ();
  g_clear_object (&app);
  g_clear_object (&client);
  g_clear_object (&server);

  g_unlink (keyring_file);
  g_rmdir (keyring_dir);

  return status;
}
