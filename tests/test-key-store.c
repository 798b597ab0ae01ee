/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-store.c: the API key saved, read, replaced and forgotten through libsecret, and life without a keyring. */

#define G_LOG_DOMAIN "test-key-store"

#include "config.h"

#include <glib/gstdio.h>

#include "mimo-key-store.h"
#include "mimo-test-utils.h"

#define TIMEOUT_MS 20000

#define KEY_A   "sk-empiriolabs-test-AAAA1111"
#define KEY_B   "sk-empiriolabs-test-BBBB2222"
#define KEY_ENV "sk-empiriolabs-test-ENVV3333"

/* Every log line of the run, whatever its level, to prove no key is in one. */
static GString *log_text;

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

  /* Debug output stays out of the TAP stream; the rest is shown as usual. */
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
assert_no_key_logged (void)
{
  g_debug ("Checking %" G_GSIZE_FORMAT " bytes of log for keys", log_text->len);
  g_assert_null (strstr (log_text->str, KEY_A));
  g_assert_null (strstr (log_text->str, KEY_B));
  g_assert_null (strstr (log_text->str, KEY_ENV));
}

/* The keyring item itself, read behind the store's back. */
static char *
keyring_lookup_sync (void)
{
  g_autoptr (GError) error = NULL;
  char              *found;

  found = secret_password_lookup_sync (mimo_key_store_get_schema (), NULL, &error,
                                       "provider", "empiriolabs",
                                       NULL);
  g_assert_no_error (error);

  return found;
}

static gboolean
load (MimoKeyStore *store,
      GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  mimo_key_store_load_async (store, NULL, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, TIMEOUT_MS);

  return mimo_key_store_load_finish (store, result, error);
}

static gboolean
store_key (MimoKeyStore *store,
           const char   *key,
           GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  mimo_key_store_store_async (store, key, NULL, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, TIMEOUT_MS);

  return mimo_key_store_store_finish (store, result, error);
}

static gboolean
forget (MimoKeyStore *store,
        GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  mimo_key_store_forget_async (store, NULL, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, TIMEOUT_MS);

  return mimo_key_store_forget_finish (store, result, error);
}

static void
count_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* Starts from an empty keyring whatever an earlier run left behind. */
static void
clear_keyring (void)
{
  g_autoptr (GError) error = NULL;

  secret_password_clear_sync (mimo_key_store_get_schema (), NULL, &error,
                              "provider", "empiriolabs",
                              NULL);
  g_assert_no_error (error);
}

static void
test_store_lookup_forget (void)
{
  g_autoptr (MimoKeyStore) store = NULL;
  g_autoptr (MimoKeyStore) second = NULL;
  g_autoptr (GError)       error = NULL;
  g_autofree char         *in_keyring = NULL;
  guint                    changes = 0;

  g_unsetenv (MIMO_KEY_STORE_ENV_VAR);
  clear_keyring ();

  store = mimo_key_store_new ();
  g_signal_connect_swapped (store, "key-changed", G_CALLBACK (count_cb), &changes);
  g_assert_false (mimo_key_store_get_loaded (store));

  /* Nothing saved yet: the welcome page's case. */
  g_assert_true (load (store, &error));
  g_assert_no_error (error);
  g_assert_true (mimo_key_store_get_loaded (store));
  g_assert_false (mimo_key_store_get_has_key (store));
  g_assert_cmpint (mimo_key_store_get_source (store), ==, MIMO_KEY_STORE_SOURCE_NONE);
  g_assert_null (mimo_key_store_peek_key (store));

  /* Pasted with the line break a copy often brings along. */
  g_assert_true (store_key (store, "  " KEY_A "\n", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mimo_key_store_get_source (store), ==, MIMO_KEY_STORE_SOURCE_KEYRING);
  g_assert_true (mimo_key_store_get_has_key (store));
  g_assert_true (mimo_key_store_get_saved (store));
  g_assert_cmpstr (mimo_key_store_peek_key (store), ==, KEY_A);
  g_assert_cmpuint (changes, ==, 1);
  in_keyring = keyring_lookup_sync ();
  g_assert_cmpstr (in_keyring, ==, KEY_A);
  g_clear_pointer (&in_keyring, secret_password_free);

  /* The next start finds it. */
  second = mimo_key_store_new ();
  g_assert_true (load (second, &error));
  g_assert_cmpint (mimo_key_store_get_source (second), ==, MIMO_KEY_STORE_SOURCE_KEYRING);
  g_assert_cmpstr (mimo_key_store_peek_key (second), ==, KEY_A);
  g_clear_object (&second);

  /* Replacing keeps one item, with the new key. */
  g_assert_true (store_key (store, KEY_B, &error));
  g_assert_cmpstr (mimo_key_store_peek_key (store), ==, KEY_B);
  g_assert_cmpuint (changes, ==, 2);
  in_keyring = keyring_lookup_sync ();
  g_assert_cmpstr (in_keyring, ==, KEY_B);
  g_clear_pointer (&in_keyring, secret_password_free);

  /* Forget: gone from memory and from the keyring. */
  g_assert_true (forget (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mimo_key_store_get_source (store), ==, MIMO_KEY_STORE_SOURCE_NONE);
  g_assert_false (mimo_key_store_get_has_key (store));
  g_assert_false (mimo_key_store_get_saved (store));
  g_assert_null (mimo_key_store_peek_key (store));
  g_assert_cmpuint (changes, ==, 3);
  g_assert_null (keyring_lookup_sync ());

  second = mimo_key_store_new ();
  g_assert_true (load (second, &error));
  g_assert_false (mimo_key_store_get_has_key (second));

  /* Forgetting twice is fine. */
  g_assert_true (forget (store, &error));
  g_assert_no_error (error);

  assert_no_key_logged ();
}

static void
test_environment_wins (void)
{
  g_autoptr (MimoKeyStore) store = NULL;
  g_autoptr (GError)       error = NULL;
  g_autofree char         *in_keyring = NULL;

  clear_keyring ();
  g_setenv (MIMO_KEY_STORE_ENV_VAR, " " KEY_ENV " ", TRUE);
  store = mimo_key_store_new ();

  /* Known before the keyring answers, so no welcome page flashes. */
  g_assert_cmpint (mimo_key_store_get_source (store), ==, MIMO_KEY_STORE_SOURCE_ENVIRONMENT);
  g_assert_cmpstr (mimo_key_store_peek_key (store), ==, KEY_ENV);
  g_assert_true (load (store, &error));
  g_assert_cmpint (mimo_key_store_get_source (store), ==, MIMO_KEY_STORE_SOURCE_ENVIRONMENT);
  g_assert_false (mimo_key_store_get_saved (store));

  /* Saving a key keeps it for later, but the environment's stays in use. */
  g_assert_true (store_key (store, KEY_A, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mimo_key_store_get_source (store), ==, MIMO_KEY_STORE_SOURCE_ENVIRONMENT);
  g_assert_true (mimo_key_store_get_saved (store));
  g_assert_cmpstr (mimo_key_store_peek_key (store), ==, KEY_ENV);
  in_keyring = keyring_lookup_sync ();
  g_assert_cmpstr (in_keyring, ==, KEY_A);

  g_assert_true (mimo_key_store_use_for_session (store, KEY_B, &error));
  g_assert_cmpstr (mimo_key_store_peek_key (store), ==, KEY_ENV);

  g_assert_true (forget (store, &error));
  g_assert_cmpint (mimo_key_store_get_source (store), ==, MIMO_KEY_STORE_SOURCE_ENVIRONMENT);
  g_assert_false (mimo_key_store_get_saved (store));
  g_assert_null (keyring_lookup_sync ());

  g_unsetenv (MIMO_KEY_STORE_ENV_VAR);
  assert_no_key_logged ();
}

static void
test_session_only (void)
{
  g_autoptr (MimoKeyStore) store = NULL;
  g_autoptr (GError)       error = NULL;

  g_unsetenv (MIMO_KEY_STORE_ENV_VAR);
  clear_keyring ();
  store = mimo_key_store_new ();
  g_assert_true (load (store, &error));

  g_assert_true (mimo_key_store_use_for_session (store, KEY_A, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mimo_key_store_get_source (store), ==, MIMO_KEY_STORE_SOURCE_SESSION);
  g_assert_cmpstr (mimo_key_store_peek_key (store), ==, KEY_A);
  g_assert_false (mimo_key_store_get_saved (store));
  /* In memory only. */
  g_assert_null (keyring_lookup_sync ());

  g_assert_true (forget (store, &error));
  g_assert_cmpint (mimo_key_store_get_source (store), ==, MIMO_KEY_STORE_SOURCE_NONE);
  g_assert_null (mimo_key_store_peek_key (store));
}

/* Proves which keyring the other cases ran against. */
static void
test_backend (void)
{
  if (g_getenv ("MIMO_TEST_GNOME_KEYRING") != NULL)
    {
      g_autoptr (GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
      g_autoptr (GVariant)        owner = NULL;
      g_autoptr (GError)          error = NULL;

      g_assert_null (g_getenv ("SECRET_BACKEND"));
      g_assert_nonnull (bus);
      owner = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "GetNameOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           G_VARIANT_TYPE ("(s)"), G_DBUS_CALL_FLAGS_NONE,
                                           -1, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("Against gnome-keyring-daemon on the session bus");
    }
  else
    {
      g_assert_cmpstr (g_getenv ("SECRET_BACKEND"), ==, "file");
      g_test_message ("Against libsecret's file backend");
    }
}

typedef struct
{
  const char *text;
  const char *key; /* NULL: refused */
} NormalizeCase;

static const NormalizeCase normalize_cases[] = {
  { KEY_A, KEY_A },
  { "\t " KEY_A " \r\n", KEY_A },
  { "", NULL },
  { "   \n", NULL },
  { "sk-empiriolabs one two", NULL },
  { "sk-empiriolabs-\xc3\xa9", NULL },
  { "Bearer\tsk-x", NULL },
};

static void
test_normalize (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (normalize_cases); i++)
    {
      g_autoptr (GError) error = NULL;
      char              *key = mimo_key_store_normalize_key (normalize_cases[i].text, &error);

      g_assert_cmpstr (key, ==, normalize_cases[i].key);
      if (key == NULL)
        {
          g_assert_error (error, MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_INVALID_KEY);
          /* The message never repeats what was pasted. */
          g_assert_null (strstr (error->message, "sk-"));
        }
      secret_password_free (key);
    }
}

static void
test_invalid_key_not_stored (void)
{
  g_autoptr (MimoKeyStore) store = NULL;
  g_autoptr (GError)       error = NULL;

  g_unsetenv (MIMO_KEY_STORE_ENV_VAR);
  clear_keyring ();
  store = mimo_key_store_new ();

  g_assert_false (store_key (store, " \n", &error));
  g_assert_error (error, MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_INVALID_KEY);
  g_clear_error (&error);
  g_assert_false (mimo_key_store_use_for_session (store, "two words", &error));
  g_assert_error (error, MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_INVALID_KEY);
  g_assert_false (mimo_key_store_get_has_key (store));
  g_assert_null (keyring_lookup_sync ());
}

typedef struct
{
  GQuark      domain;
  int         code;
  const char *message;
  int         expected; /* a MimoKeyStoreError, or -1 for "stays cancelled" */
} TranslateCase;

static void
test_translate_errors (void)
{
  const TranslateCase cases[] = {
    { G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "Could not connect: No such file or directory", MIMO_KEY_STORE_ERROR_NO_SERVICE },
    { G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot autolaunch D-Bus without X11 $DISPLAY", MIMO_KEY_STORE_ERROR_NO_SERVICE },
    { G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN, "The name org.freedesktop.secrets was not provided", MIMO_KEY_STORE_ERROR_NO_SERVICE },
    { G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD, "Object does not exist at path “/org/freedesktop/secrets/collection/login”", MIMO_KEY_STORE_ERROR_NO_SERVICE },
    { SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT, "No such secret collection at path: /", MIMO_KEY_STORE_ERROR_NO_SERVICE },
    { SECRET_ERROR, SECRET_ERROR_IS_LOCKED, "Cannot create an item in a locked collection", MIMO_KEY_STORE_ERROR_LOCKED },
    { G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED, "Denied", MIMO_KEY_STORE_ERROR_LOCKED },
    { SECRET_ERROR, SECRET_ERROR_PROTOCOL, "Received invalid secret", MIMO_KEY_STORE_ERROR_FAILED },
    { G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) in = g_error_new_literal (cases[i].domain,
                                                   cases[i].code, cases[i].message);
      g_autoptr (GError) out = _mimo_key_store_translate_error (in);

      g_test_message ("%s %d", g_quark_to_string (cases[i].domain), cases[i].code);
      if (cases[i].expected < 0)
        {
          g_assert_error (out, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          continue;
        }
      g_assert_error (out, MIMO_KEY_STORE_ERROR, cases[i].expected);
      /* Plain words: none of the machinery's vocabulary. */
      g_assert_null (strstr (out->message, "D-Bus"));
      g_assert_null (strstr (out->message, "/org/"));
      g_assert_nonnull (strstr (out->message, "keyring"));
    }
}

/* No keyring at all: the session-only path. Run in a child process, since
 * libsecret keeps its first connection for the life of the process. */
static void
check_without_keyring (void)
{
  g_autoptr (MimoKeyStore) store = mimo_key_store_new ();
  g_autoptr (GError)       error = NULL;

  g_assert_false (load (store, &error));
  g_assert_error (error, MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_NO_SERVICE);
  g_assert_nonnull (strstr (error->message, "session only"));
  g_assert_true (mimo_key_store_get_loaded (store));
  g_clear_error (&error);

  g_assert_false (store_key (store, KEY_A, &error));
  g_assert_error (error, MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_NO_SERVICE);
  g_assert_null (strstr (error->message, KEY_A));
  g_assert_false (mimo_key_store_get_has_key (store));
  g_clear_error (&error);

  /* Offered instead: this session only, in memory. */
  g_assert_true (mimo_key_store_use_for_session (store, KEY_A, &error));
  g_assert_cmpint (mimo_key_store_get_source (store), ==, MIMO_KEY_STORE_SOURCE_SESSION);
  g_assert_cmpstr (mimo_key_store_peek_key (store), ==, KEY_A);

  /* And it can be forgotten without a keyring. */
  g_assert_true (forget (store, &error));
  g_assert_no_error (error);
  g_assert_false (mimo_key_store_get_has_key (store));

  assert_no_key_logged ();
}

static void
test_no_session_bus (void)
{
  if (g_test_subprocess ())
    {
      g_unsetenv ("SECRET_BACKEND");
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
      check_without_keyring ();
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_no_secret_service (void)
{
  if (g_test_subprocess ())
    {
      /* A private bus that can start nothing: org.freedesktop.secrets is
       * unknown there (G_DBUS_ERROR_SERVICE_UNKNOWN). */
      g_autoptr (GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);

      g_unsetenv ("SECRET_BACKEND");
      g_test_dbus_up (bus);
      check_without_keyring ();
      /* libsecret keeps its connection until told to let it go. */
      secret_service_disconnect ();
      g_test_dbus_down (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *keyring_dir = NULL;
  int              status;

  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_log_writer, NULL, NULL);

  /* libsecret's file backend (SECRET_BACKEND=file) keeps its file for the
   * whole process, while each test gets its own HOME: give it one place
   * for the run. Under the real gnome-keyring this is unused. */
  if (g_getenv ("SECRET_FILE_TEST_PATH") == NULL)
    {
      g_autofree char *path = NULL;

      keyring_dir = g_dir_make_tmp ("mimo-test-keyring-XXXXXX", NULL);
      g_assert_nonnull (keyring_dir);
      path = g_build_filename (keyring_dir, "test.keyring", NULL);
      g_setenv ("SECRET_FILE_TEST_PATH", path, TRUE);
    }

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/key-store/backend", test_backend);
  g_test_add_func ("/core/key-store/normalize", test_normalize);
  g_test_add_func ("/core/key-store/translate-errors", test_translate_errors);
  g_test_add_func ("/core/key-store/store-lookup-forget", test_store_lookup_forget);
  g_test_add_func ("/core/key-store/environment-wins", test_environment_wins);
  g_test_add_func ("/core/key-store/session-only", test_session_only);
  g_test_add_func ("/core/key-store/invalid-key-not-stored", test_invalid_key_not_stored);
  g_test_add_func ("/core/key-store/no-session-bus", test_no_session_bus);
  g_test_add_func ("/core/key-store/no-secret-service", test_no_secret_service);

  status = g_test_run ();

  if (keyring_dir != NULL)
    {
      g_autofree char *file = g_build_filename (keyring_dir, "test.keyring", NULL);

      g_unlink (file);
      g_rmdir (keyring_dir);
    }
  g_string_free (log_text, TRUE);

  return status;
}
