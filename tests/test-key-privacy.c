/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-privacy.c: after a whole session with a key, the key is in no file under the test's home and in no log line. */

#define G_LOG_DOMAIN "test-key-privacy"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "mimo-application.h"
#include "mimo-composer.h"
#include "mimo-history-export.h"
#include "mimo-preferences-window.h"
#include "mimo-settings.h"
#include "mimo-test-chat.h"
#include "mimo-test-gui.h"
#include "mimo-test-server.h"
#include "mimo-test-utils.h"
#include "mimo-welcome-page.h"
#include "mimo-window.h"

/* Distinctive, so a match cannot be chance. */
#define KEY "sk-empiriolabs-PRIVACY-7f3a9c1e5b2d4086"
/* Pasted first by mistake: the server's 401 repeats it back, as
 * OpenAI-style APIs do ("Incorrect API key provided: …"). */
#define WRONG_KEY "sk-empiriolabs-WRONG-91d0c4a7e3b58f26"

static GString *log_text;
static guint    log_lines;

static GLogWriterOutput
capture_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (fields[i].length < 0)
        g_string_append_printf (log_text, "%s=%s ", fields[i].key, (const char *) fields[i].value);
      else
        g_string_append_printf (log_text, "%s=%.*s ", fields[i].key, (int) fields[i].length, (const char *) fields[i].value);
    }
  g_string_append_c (log_text, '\n');
  log_lines++;

  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Binary-safe: keyring files hold NUL bytes. */
static gboolean
contains_bytes (const char *haystack,
                gsize       length,
                const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= length && i <= length - n; i++)
    {
      if (haystack[i] == needle[0] && memcmp (haystack + i, needle, n) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Every regular file under @dir whose bytes contain @needle. */
static void
find_in_files (const char *dir,
               const char *needle,
               GPtrArray  *found,
               guint      *n_files)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  const char      *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize            length;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          find_in_files (path, needle, found, n_files);
          continue;
        }
      /* Sockets and pipes would block a read. */
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
          !g_file_get_contents (path, &contents, &length, NULL))
        continue;
      (*n_files)++;
      if (contains_bytes (contents, length, needle))
        g_ptr_array_add (found, g_steal_pointer (&path));
    }
}

/* The test's HOME and XDG directories share one parent. */
static char *
test_root (void)
{
  return g_path_get_dirname (g_get_home_dir ());
}

static void
assert_key_in_no_file (const char *key,
                       guint      *n_files)
{
  g_autofree char      *root = test_root ();
  g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);

  *n_files = 0;
  find_in_files (root, key, found, n_files);
  for (guint i = 0; i < found->len; i++)
    g_test_message ("The key is in %s", (char *) found->pdata[i]);
  g_assert_cmpuint (found->len, ==, 0);
}

static gboolean
not_busy (gpointer user_data)
{
  return !mimo_chat_view_get_busy (MIMO_CHAT_VIEW (user_data));
}

/* Sends @text from the window's composer, as a person would, and waits
 * for the answer (or its error) to be saved. */
static void
send_in_window (GtkWindow  *window,
                const char *text)
{
  MimoChatView *view = mimo_window_get_chat_view (MIMO_WINDOW (window));
  MimoComposer *composer = MIMO_COMPOSER (gtk_widget_get_template_child (GTK_WIDGET (view), MIMO_TYPE_CHAT_VIEW, "composer"));

  mimo_composer_set_text (composer, text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  mimo_test_wait_until (not_busy, view, 60000);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile)  folder = mimo_history_export_finish (MIMO_STORE (object), result, NULL, &error);

  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* The welcome page's answer about a key: said, and no longer "Checking…". */
static gboolean
status_shown (gpointer user_data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (user_data));

  return text[0] != '\0' && !g_str_has_prefix (text, "Checking");
}

static gboolean
has_key (gpointer user_data)
{
  return mimo_key_store_get_has_key (MIMO_KEY_STORE (user_data));
}

static gboolean
loaded (gpointer user_data)
{
  return mimo_key_store_get_loaded (MIMO_KEY_STORE (user_data));
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

/* Answers finish while the window may not be the active one (Xvfb has no
 * window manager to make it so), and then the app sends a desktop
 * notification. A bare test session has no notification service, which
 * GIO warns about; standing in for GNOME Shell's (a name that is owned is
 * all GLib looks for) keeps the run about the key. */
static void
notifications_acquired_cb (GDBusConnection *connection,
                           const char      *name,
                           gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static guint
stand_in_for_notifications (void)
{
  static gboolean acquired;
  guint           id = g_bus_own_name (G_BUS_TYPE_SESSION, "org.gtk.Notifications", G_BUS_NAME_OWNER_FLAGS_NONE, NULL,
                                       notifications_acquired_cb, NULL, &acquired, NULL);

  mimo_test_wait_for_flag (&acquired, 10000);
  return id;
}

static void
test_full_session (void)
{
  g_autoptr (MimoTestServer)  server = NULL;
  g_autoptr (MimoTestChat)    chat = NULL;
  g_autoptr (MimoApplication) app = NULL;
  g_autoptr (MimoKeyStore)    restarted = NULL;
  g_autoptr (GError)          error = NULL;
  g_autofree char            *keyring_file = NULL;
  g_autofree char            *root = NULL;
  MimoKeyStore               *key_store;
  GtkWindow                  *window;
  GtkWindow                  *preferences;
  GtkWidget                  *welcome;
  GtkStack                   *stack;
  guint                       n_files;
  guint                       notifications_id;

  /* Everything this session writes lands under the test's directories:
   * the keyring file (libsecret's file backend, encrypted) and the
   * settings (GKeyfileSettingsBackend, in XDG_CONFIG_HOME). */
  g_test_message ("HOME %s, data %s, config %s", g_get_home_dir (), g_get_user_data_dir (), g_get_user_config_dir ());
  keyring_file = g_build_filename (g_get_user_data_dir (), "keyrings", "mimo-test.keyring", NULL);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring_file, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_unsetenv (MIMO_KEY_STORE_ENV_VAR);

  /* The API: the loopback look-alike, which accepts only KEY. */
  notifications_id = stand_in_for_notifications ();
  server = mimo_test_server_new (KEY, 0, &error);
  g_assert_no_error (error);

  app = mimo_application_new (APPLICATION_ID, G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_settings_set_string (mimo_application_get_settings (app), MIMO_SETTINGS_BASE_URL,
                         mimo_test_server_get_base_url (server));
  key_store = mimo_application_get_key_store (app);
  mimo_test_wait_until (loaded, key_store, 20000);

  /* First run: the welcome page. A wrong key first: refused in plain
   * words that do not repeat it, and not stored. */
  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  mimo_test_present_and_wait (window);
  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), MIMO_TYPE_WINDOW, "content_stack"));
  welcome = gtk_stack_get_visible_child (stack);
  g_assert_true (MIMO_IS_WELCOME_PAGE (welcome));
  {
    GtkLabel *status = GTK_LABEL (gtk_widget_get_template_child (welcome, MIMO_TYPE_WELCOME_PAGE, "status_label"));

    gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (welcome, MIMO_TYPE_WELCOME_PAGE, "key_entry")),
                           WRONG_KEY);
    g_signal_emit_by_name (gtk_widget_get_template_child (welcome, MIMO_TYPE_WELCOME_PAGE, "test_button"), "clicked");
    mimo_test_wait_until (status_shown, status, 20000);
    g_test_message ("Refused: %s", gtk_label_get_text (status));
    g_assert_null (strstr (gtk_label_get_text (status), WRONG_KEY));
    g_assert_false (mimo_key_store_get_has_key (key_store));
    g_assert_cmpuint (mimo_test_server_count_requests (server, "/models/mimo-v2-flash"), ==, 1);
  }
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (welcome, MIMO_TYPE_WELCOME_PAGE, "key_entry")), KEY);
  g_signal_emit_by_name (gtk_widget_get_template_child (welcome, MIMO_TYPE_WELCOME_PAGE, "test_button"), "clicked");
  mimo_test_wait_until (has_key, key_store, 20000);
  g_assert_cmpint (mimo_key_store_get_source (key_store), ==, MIMO_KEY_STORE_SOURCE_KEYRING);
  g_assert_true (g_file_test (keyring_file, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (mimo_test_server_count_requests (server, "/models/mimo-v2-flash"), ==, 2);

  /* A chat with the stored key, through the app's client. */
  chat = mimo_test_chat_run (mimo_application_get_client (app), "[[mimo-test:plain]] Hello", TRUE);
  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_COMPLETE, 0);
  g_assert_cmpstr (mimo_test_server_get_last_request (server)->authorization, ==, "Bearer " KEY);

  /* Chats in the window, saved in the history: an answer, and an error
   * the server sends back (its words are shown and kept). */
  send_in_window (window, "[[mimo-test:plain]] Hello from the window");
  send_in_window (window, "[[mimo-test:400]] This one fails");
  g_assert_cmpuint (mimo_conversation_get_n_messages (mimo_chat_view_get_conversation (
                      mimo_window_get_chat_view (MIMO_WINDOW (window)))),
                    ==, 4);

  /* Every export: all chats (Markdown, JSON, the spending CSV), and the
   * spending window's own CSV. */
  {
    g_autoptr (GFile)          documents = g_file_new_for_path (g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS) != NULL
                                                                  ? g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS)
                                                                  : g_get_user_data_dir ());
    g_autoptr (MimoChatParams) defaults = mimo_settings_get_chat_params (mimo_application_get_settings (app));
    g_autofree char           *csv_path = g_build_filename (g_get_user_data_dir (), "spending-export.csv", NULL);
    g_autoptr (GFile)          csv = g_file_new_for_path (csv_path);
    gboolean                   done = FALSE;

    g_file_make_directory_with_parents (documents, NULL, NULL);
    mimo_history_export_async (mimo_application_get_store (app), defaults, documents, NULL, export_done_cb, &done);
    mimo_test_wait_for_flag (&done, 30000);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-usage", "x", (gint64) 0));
    g_assert_true (mimo_usage_inspector_export_to_file (mimo_window_get_usage_inspector (MIMO_WINDOW (window)), csv, NULL));
    g_assert_true (g_file_test (csv_path, G_FILE_TEST_EXISTS));
  }

  /* The Preferences, with settings changed so they are written out. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = find_toplevel (MIMO_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  mimo_test_present_and_wait (preferences);
  g_settings_set_double (mimo_application_get_settings (app), MIMO_SETTINGS_TEMPERATURE, 1.1);
  g_settings_set_string (mimo_application_get_settings (app), MIMO_SETTINGS_SYSTEM_PROMPT, "Be brief.");
  gtk_window_destroy (preferences);

  /* The next start reads it back. */
  restarted = mimo_key_store_new ();
  mimo_key_store_load_async (restarted, NULL, NULL, NULL);
  mimo_test_wait_until (has_key, restarted, 20000);
  g_assert_cmpstr (mimo_key_store_peek_key (restarted), ==, KEY);

  g_settings_sync ();
  gtk_window_destroy (window);

  /* Files were written (the check can see them), none holds either key:
   * the keyring, settings, history, exports. */
  mimo_store_flush (mimo_application_get_store (app));
  assert_key_in_no_file (KEY, &n_files);
  g_test_message ("Checked %u files", n_files);
  g_assert_cmpuint (n_files, >=, 6);
  assert_key_in_no_file (WRONG_KEY, &n_files);

  /* Positive control: the same scan finds the key when it is there. */
  {
    g_autofree char      *decoy = g_build_filename (g_get_user_cache_dir (), "decoy", NULL);
    g_autofree char      *decoy_root = test_root ();
    g_autoptr (GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
    guint                 n = 0;

    g_mkdir_with_parents (g_get_user_cache_dir (), 0700);
    g_assert_true (g_file_set_contents (decoy, "x " KEY " x", -1, NULL));
    find_in_files (decoy_root, KEY, found, &n);
    g_assert_cmpuint (found->len, ==, 1);
    g_unlink (decoy);
  }

  /* And in no log line, although the session logged (debug included). */
  g_test_message ("Checked %u log lines", log_lines);
  g_assert_cmpuint (log_lines, >, 0);
  g_assert_nonnull (strstr (log_text->str, "Key saved in the keyring"));
  g_assert_nonnull (strstr (log_text->str, "POST "));
  g_assert_null (strstr (log_text->str, KEY));
  g_assert_null (strstr (log_text->str, WRONG_KEY));

  root = test_root ();
  g_test_message ("Scanned %s", root);
  g_bus_unown_name (notifications_id);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before anything logs: every line of the run goes through here. */
  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_log_writer, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);

  mimo_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/key-privacy/full-session", test_full_session);

  status = g_test_run ();
  g_string_free (log_text, TRUE);

  return status;
}
