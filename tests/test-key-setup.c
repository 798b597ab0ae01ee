/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-setup.c: a pasted key is tested against the loopback server and stored only when it works. */

#define G_LOG_DOMAIN "test-key-setup"

#include "config.h"

#include <glib/gstdio.h>

#include "mimo-error.h"
#include "mimo-key-setup.h"
#include "mimo-test-server.h"
#include "mimo-test-utils.h"

#define KEY       "sk-empiriolabs-setup-GOOD-0001"
#define OLD_KEY   "sk-empiriolabs-setup-OLD-0002"
#define WRONG_KEY "sk-empiriolabs-setup-WRONG-0003"

typedef struct
{
  MimoTestServer *server;
  MimoClient     *client;
  MimoKeyStore   *key_store;
} Fixture;

static gboolean
setup (Fixture    *f,
       const char *key,
       GError    **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  mimo_key_setup_async (f->key_store, f->client, key, NULL, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, 20000);

  return mimo_key_setup_finish (f->key_store, result, error);
}

static char *
keyring_lookup_sync (void)
{
  return secret_password_lookup_sync (mimo_key_store_get_schema (), NULL, NULL,
                                      "provider", "empiriolabs", NULL);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_unsetenv ("MIMO_BASE_URL");
  g_unsetenv (MIMO_KEY_STORE_ENV_VAR);
  secret_password_clear_sync (mimo_key_store_get_schema (), NULL, NULL, "provider", "empiriolabs", NULL);

  f->server = mimo_test_server_new (KEY, 0, &error);
  g_assert_no_error (error);
  f->client = mimo_client_new ();
  mimo_client_set_base_url (f->client, mimo_test_server_get_base_url (f->server));
  f->key_store = mimo_key_store_new ();
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->key_store);
  g_clear_object (&f->client);
  g_clear_object (&f->server);
}

static void
test_works_then_stored (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *in_keyring = NULL;
  MimoTestRequest   *request;

  g_assert_true (setup (f, " " KEY "\n", &error));
  g_assert_no_error (error);

  /* Asked the API with the pasted key, trimmed, on the model endpoint. */
  request = mimo_test_server_get_last_request (f->server);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_true (g_str_has_suffix (request->path, "/models/mimo-v2-flash"));
  g_assert_cmpstr (request->authorization, ==, "Bearer " KEY);

  g_assert_cmpint (mimo_key_store_get_source (f->key_store), ==, MIMO_KEY_STORE_SOURCE_KEYRING);
  g_assert_cmpstr (mimo_key_store_peek_key (f->key_store), ==, KEY);
  in_keyring = keyring_lookup_sync ();
  g_assert_cmpstr (in_keyring, ==, KEY);
}

typedef struct
{
  const char *name;
  const char *key;
  const char *model_scenario; /* what GET /models answers, NULL for the schema */
  gboolean    offline;        /* the server's port is closed */
  int         code;           /* MIMO_CLIENT_ERROR_* */
  const char *says;           /* a phrase the person reads */
} FailCase;

static const FailCase fail_cases[] = {
  { "wrong-key", WRONG_KEY, NULL, FALSE, MIMO_CLIENT_ERROR_AUTH, "did not accept this key" },
  { "no-credit", KEY, "402", FALSE, MIMO_CLIENT_ERROR_PAYMENT, "out of credits" },
  { "server-trouble", KEY, "500", FALSE, MIMO_CLIENT_ERROR_SERVER, "Try again in a few minutes" },
  { "offline", KEY, NULL, TRUE, MIMO_CLIENT_ERROR_NETWORK, "refused the connection" },
};

static void
test_fails_nothing_stored (Fixture      *f,
                           gconstpointer data)
{
  const FailCase    *c = data;
  g_autoptr (GError) error = NULL;
  g_autofree char   *in_keyring = NULL;

  /* Someone replacing a key that works: the old one must survive. */
  g_assert_true (mimo_key_store_use_for_session (f->key_store, OLD_KEY, &error));

  mimo_test_server_set_model_scenario (f->server, c->model_scenario);
  if (c->offline)
    mimo_client_set_base_url (f->client, "http://127.0.0.1:1/v1");
  mimo_client_set_retry_delay (f->client, 0.01);

  g_assert_false (setup (f, c->key, &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, c->code);
  g_test_message ("%s: %s", c->name, error->message);
  g_assert_nonnull (strstr (error->message, c->says));
  g_assert_null (strstr (error->message, c->key));
  g_assert_false (mimo_key_setup_error_is_keyring (error));

  g_assert_cmpstr (mimo_key_store_peek_key (f->key_store), ==, OLD_KEY);
  in_keyring = keyring_lookup_sync ();
  g_assert_null (in_keyring);
}

static void
test_bad_paste_stays_offline (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (setup (f, "paste: sk-1 2", &error));
  g_assert_error (error, MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_INVALID_KEY);
  g_assert_false (mimo_key_setup_error_is_keyring (error));
  g_assert_cmpuint (mimo_test_server_get_requests (f->server)->len, ==, 0);
}

/* The key works, the keyring is not there: the error says so and is the
 * kind that offers this session only. */
static void
test_works_but_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      Fixture            f = { 0 };
      g_autoptr (GError) error = NULL;

      g_unsetenv ("SECRET_BACKEND");
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
      f.server = mimo_test_server_new (KEY, 0, &error);
      g_assert_no_error (error);
      f.client = mimo_client_new ();
      mimo_client_set_base_url (f.client, mimo_test_server_get_base_url (f.server));
      f.key_store = mimo_key_store_new ();

      g_assert_false (setup (&f, KEY, &error));
      g_assert_error (error, MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_NO_SERVICE);
      g_assert_true (mimo_key_setup_error_is_keyring (error));
      g_assert_cmpuint (mimo_test_server_count_requests (f.server, "/models/mimo-v2-flash"), ==, 1);
      g_assert_false (mimo_key_store_get_has_key (f.key_store));

      fixture_tear_down (&f, NULL);
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
  g_autofree char *keyring_file = NULL;
  int              status;

  if (g_getenv ("SECRET_FILE_TEST_PATH") == NULL)
    {
      keyring_dir = g_dir_make_tmp ("mimo-test-keyring-XXXXXX", NULL);
      keyring_file = g_build_filename (keyring_dir, "test.keyring", NULL);
      g_setenv ("SECRET_FILE_TEST_PATH", keyring_file, TRUE);
    }

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/client/key-setup/works-then-stored", Fixture, NULL,
              fixture_set_up, test_works_then_stored, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (fail_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/client/key-setup/fails/%s", fail_cases[i].name);

      g_test_add (path, Fixture, &fail_cases[i],
                  fixture_set_up, test_fails_nothing_stored, fixture_tear_down);
    }
  g_test_add ("/client/key-setup/bad-paste-stays-offline", Fixture, NULL,
              fixture_set_up, test_bad_paste_stays_offline, fixture_tear_down);
  g_test_add_func ("/client/key-setup/works-but-no-keyring", test_works_but_no_keyring);

  status = g_test_run ();

  if (keyring_dir != NULL)
    {
      g_unlink (keyring_file);
      g_rmdir (keyring_dir);
    }

  return status;
}
