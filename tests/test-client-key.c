/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-client-key.c: the API key kept secret everywhere, the environment winning, the model schema and "Test key". */

#define G_LOG_DOMAIN "test-client-key"

#include "config.h"

#include <string.h>

#include "mimo-error.h"
#include "mimo-test-chat.h"
#include "mimo-test-utils.h"

typedef MimoTestClientFixture Fixture;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, mimo_test_client_fixture_set_up, func, mimo_test_client_fixture_tear_down)

/* Everything logged by this program, at every level (G_MESSAGES_DEBUG=all). */
static GString *log_text;

static GLogWriterOutput
capture_writer (GLogLevelFlags   level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].value != NULL)
        {
          if (fields[i].length < 0)
            g_string_append (log_text, fields[i].value);
          else
            g_string_append_len (log_text, fields[i].value, fields[i].length);
          g_string_append_c (log_text, '\n');
        }
    }

  /* Failures must still be seen. */
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    return g_log_writer_default (level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

static void
count_cb (gpointer user_data)
{
  guint *count = user_data;

  (*count)++;
}

static void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, MIMO_TEST_API_KEY));
  g_assert_null (strstr (text, "7f3a9c2e41b8"));
}

/* The server repeats the wrong key in its message: it must not reach the
 * user, nor the log. */
static void
test_wrong_key (Fixture      *f,
                gconstpointer data)
{
  const char              *wrong = "sk-empiriolabs-wrong-5d41402abc4b2a76";
  g_autoptr (MimoTestChat) chat = NULL;

  mimo_client_set_api_key (f->client, wrong);
  chat = mimo_test_chat_run (f->client, "Hi", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_AUTH);
  g_assert_null (strstr (chat->error->message, wrong));
  g_assert_null (strstr (log_text->str, wrong));
  g_assert_nonnull (strstr (mimo_test_server_get_last_request (f->server)->body, "\"role\":\"user\""));
}

/* ------------------------------------------------------ the API key -- */

static void
test_key_write_only (void)
{
  g_autoptr (MimoClient) client = mimo_client_new ();
  GParamSpec            *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (client), "api-key");
  guint                  notified = 0;

  g_assert_nonnull (pspec);
  g_assert_true (pspec->flags & G_PARAM_WRITABLE);
  g_assert_false (pspec->flags & G_PARAM_READABLE);

  g_signal_connect_swapped (client, "notify::has-api-key", G_CALLBACK (count_cb), &notified);
  g_object_set (client, "api-key", MIMO_TEST_API_KEY, NULL);
  g_assert_true (mimo_client_has_api_key (client));
  g_assert_cmpint (mimo_client_get_key_source (client), ==, MIMO_KEY_SOURCE_SET);
  g_assert_cmpuint (notified, ==, 1);

  /* Setting the same key again is no change. */
  mimo_client_set_api_key (client, MIMO_TEST_API_KEY);
  g_assert_cmpuint (notified, ==, 1);
  mimo_client_set_api_key (client, "");
  g_assert_false (mimo_client_has_api_key (client));
  g_assert_cmpuint (notified, ==, 2);
}

/* EMPIRIOLABS_API_KEY and MIMO_BASE_URL win over what the app sets. In a
 * child process, so the environment of the others stays as it was. */
static void
test_environment (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GError)         error = NULL;
      g_autoptr (MimoTestServer) server = mimo_test_server_new ("sk-empiriolabs-from-env-1234", 0, &error);
      g_autoptr (MimoClient)     client = NULL;
      g_autoptr (MimoTestChat)   chat = NULL;

      g_assert_no_error (error);
      g_setenv ("EMPIRIOLABS_API_KEY", " sk-empiriolabs-from-env-1234\n", TRUE);
      g_setenv ("MIMO_BASE_URL", mimo_test_server_get_base_url (server), TRUE);

      client = mimo_client_new ();
      mimo_client_set_base_url (client, "https://api.empiriolabs.ai/v1");
      mimo_client_set_api_key (client, MIMO_TEST_API_KEY);
      g_assert_cmpint (mimo_client_get_key_source (client), ==, MIMO_KEY_SOURCE_ENVIRONMENT);
      g_assert_true (mimo_client_get_base_url_from_environment (client));
      g_assert_cmpstr (mimo_client_get_base_url (client), ==, mimo_test_server_get_base_url (server));

      chat = mimo_test_chat_run (client, "Hi [[mimo-test:plain]]", TRUE);
      mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_COMPLETE, 0);
      g_assert_cmpstr (mimo_test_server_get_last_request (server)->authorization, ==, "Bearer sk-empiriolabs-from-env-1234");
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* The key travels in the Authorization header and nowhere else: not in
 * the body, the address, another header, an error or any log line — even
 * with G_MESSAGES_DEBUG=all. */
static void
test_key_never_leaks (Fixture      *f,
                      gconstpointer data)
{
  static const char *questions[] = {
    "Hi [[mimo-test:plain]]",
    "Hi [[mimo-test:401]]",
    "Hi [[mimo-test:400 Your key " MIMO_TEST_API_KEY " is limited]]",
    "Hi [[mimo-test:error-event]]",
    "Hi [[mimo-test:cut 300]]",
    "Hi [[mimo-test:500, plain]]",
  };
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JsonObject)   schema = NULL;
  GPtrArray               *requests;
  gsize                    log_start = log_text->len;

  for (guint i = 0; i < G_N_ELEMENTS (questions); i++)
    {
      g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, questions[i], i % 2 == 0);

      if (chat->error != NULL)
        assert_no_secret (chat->error->message);
      for (guint r = 0; r < chat->retries->len; r++)
        assert_no_secret (((MimoTestRetry *) g_ptr_array_index (chat->retries, r))->error->message);
    }

  mimo_client_fetch_model_async (f->client, NULL, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, 10000);
  schema = mimo_client_fetch_model_finish (f->client, result, NULL);
  g_assert_nonnull (schema);

  requests = mimo_test_server_get_requests (f->server);
  g_assert_cmpuint (requests->len, >=, G_N_ELEMENTS (questions) + 1);
  for (guint i = 0; i < requests->len; i++)
    {
      MimoTestRequest *request = g_ptr_array_index (requests, i);
      guint            in_headers = 0;

      g_assert_cmpstr (request->authorization, ==, "Bearer " MIMO_TEST_API_KEY);
      assert_no_secret (request->path);
      /* The 400 scenario's own text quotes the key in the question; no
       * other body may hold it. */
      if (strstr (request->body, "is limited") == NULL)
        assert_no_secret (request->body);
      for (guint h = 0; request->headers[h] != NULL; h++)
        {
          if (strstr (request->headers[h], MIMO_TEST_API_KEY) != NULL)
            {
              g_assert_cmpstr (request->headers[h], ==, "Authorization: Bearer " MIMO_TEST_API_KEY);
              in_headers++;
            }
        }
      g_assert_cmpuint (in_headers, ==, 1);
    }

  /* The log was listening (our own debug lines are there) and clean. */
  g_assert_nonnull (strstr (log_text->str + log_start, "POST http://127.0.0.1:"));
  g_assert_nonnull (strstr (log_text->str + log_start, "GET http://127.0.0.1:"));
  assert_no_secret (log_text->str);
}

/* ------------------------------------------------------ model schema -- */

static JsonObject *
fetch_model (MimoClient *client,
             GError    **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  mimo_client_fetch_model_async (client, NULL, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, 10000);
  return mimo_client_fetch_model_finish (client, result, error);
}

static void
test_model_schema (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (GError)     error = NULL;
  g_autoptr (JsonObject) schema = NULL;
  g_autoptr (JsonObject) again = NULL;
  const MimoPricing     *pricing;
  guint                  notified = 0;

  g_signal_connect_swapped (f->client, "notify::pricing", G_CALLBACK (count_cb), &notified);
  g_assert_false (mimo_client_get_pricing (f->client)->from_schema);
  g_assert_null (mimo_client_get_model_schema (f->client));

  schema = fetch_model (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (schema, "id"), ==, "mimo-v2-flash");
  g_assert_true (mimo_client_get_model_schema (f->client) != NULL);

  /* Same prices as the card, but now known to come from the schema. */
  pricing = mimo_client_get_pricing (f->client);
  g_assert_true (pricing->from_schema);
  g_assert_cmpint (pricing->input_nanos, ==, 500);
  g_assert_cmpint (pricing->cached_nanos, ==, 50);
  g_assert_cmpint (pricing->output_nanos, ==, 1500);
  g_assert_cmpint (pricing->web_search_nanos, ==, 15000000);
  g_assert_cmpint (pricing->context_window, ==, 262144);
  g_assert_cmpint (pricing->max_output_tokens, ==, 65536);
  g_assert_cmpuint (notified, ==, 1);

  /* Fetched once: the second call is answered from the cache. */
  again = fetch_model (f->client, &error);
  g_assert_no_error (error);
  g_assert_true (again == schema);
  g_assert_cmpuint (mimo_test_server_count_requests (f->server, "/models/mimo-v2-flash"), ==, 1);
  g_assert_cmpstr (mimo_test_server_get_last_request (f->server)->authorization, ==, "Bearer " MIMO_TEST_API_KEY);
}

/* New prices in the schema replace the card's, and costs follow them. */
static void
test_model_schema_prices (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (GError)       error = NULL;
  g_autoptr (JsonObject)   schema = NULL;
  g_autoptr (MimoTestChat) chat = NULL;
  const MimoUsage         *usage;

  mimo_test_server_set_model_json (f->server, "{\"id\": \"mimo-v2-flash\", \"context_window\": 131072, "
                                              "\"pricing\": {\"input\": 0.6, \"output\": 2.0}}");
  schema = fetch_model (f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mimo_client_get_pricing (f->client)->input_nanos, ==, 600);
  g_assert_cmpint (mimo_client_get_pricing (f->client)->output_nanos, ==, 2000);
  g_assert_cmpint (mimo_client_get_pricing (f->client)->cached_nanos, ==, 50);
  g_assert_cmpint (mimo_client_get_pricing (f->client)->context_window, ==, 131072);

  chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:cached]]", TRUE);
  usage = mimo_completion_get_usage (chat->completion);
  g_assert_cmpint (mimo_completion_get_pricing (chat->completion)->input_nanos, ==, 600);
  g_assert_cmpint (mimo_completion_get_computed_cost (chat->completion), ==,
                   512 * 600 + 1536 * 50 + usage->completion_tokens * 2000);
  /* The provider's own figure stays beside ours. */
  g_assert_cmpint (usage->provider_cost_nanos, ==, 512 * 500 + 1536 * 50 + usage->completion_tokens * 1500);

  /* Another address is another schema: back to the card until fetched. */
  mimo_client_set_base_url (f->client, "https://api.empiriolabs.ai/v1");
  g_assert_null (mimo_client_get_model_schema (f->client));
  g_assert_cmpint (mimo_client_get_pricing (f->client)->input_nanos, ==, 500);
}

static gboolean
test_key (MimoClient *client,
          const char *key,
          GError    **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  mimo_client_test_key_async (client, key, NULL, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, 10000);
  return mimo_client_test_key_finish (client, result, error);
}

/* The Preferences' "Test key" gets the same words as a chat would. */
static void
test_test_key (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (GError)          error = NULL;
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autofree char            *closed_url = NULL;
  guint16                     port;

  g_assert_true (test_key (f->client, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (test_key (f->client, "sk-empiriolabs-typo-000000", &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_AUTH);
  g_assert_null (strstr (error->message, "typo"));
  g_clear_error (&error);
  /* Testing does not touch the cache. */
  g_assert_null (mimo_client_get_model_schema (f->client));

  mimo_test_server_set_model_scenario (f->server, "402");
  g_assert_false (test_key (f->client, NULL, &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_PAYMENT);
  g_clear_error (&error);

  mimo_client_set_api_key (f->client, NULL);
  g_assert_false (test_key (f->client, NULL, &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_NO_KEY);
  g_clear_error (&error);

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  closed_url = g_strdup_printf ("http://127.0.0.1:%u/v1", port);
  mimo_client_set_base_url (f->client, closed_url);
  g_assert_false (test_key (f->client, MIMO_TEST_API_KEY, &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_NETWORK);
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything logs: every message, debug ones included, comes here. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  log_text = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("/client/key/wrong-key", test_wrong_key);
  g_test_add_func ("/client/key/write-only", test_key_write_only);
  g_test_add_func ("/client/key/environment", test_environment);
  ADD ("/client/key/never-leaks", test_key_never_leaks);
  ADD ("/client/model/schema", test_model_schema);
  ADD ("/client/model/schema-prices", test_model_schema_prices);
  ADD ("/client/model/test-key", test_test_key);

  return g_test_run ();
}
