/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-client-errors.c: every failure in plain words, retries only before text, refusals before sending. */

#define G_LOG_DOMAIN "test-client-errors"

#include "config.h"

#include <string.h>

#include "mimo-client-private.h"
#include "mimo-error.h"
#include "mimo-test-chat.h"
#include "mimo-test-utils.h"

typedef MimoTestClientFixture Fixture;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, mimo_test_client_fixture_set_up, func, mimo_test_client_fixture_tear_down)

static guint
chat_requests (Fixture *f)
{
  return mimo_test_server_count_requests (f->server, "/chat/completions");
}

static void
assert_no_secret (const char *text)
{
  g_assert_null (strstr (text, MIMO_TEST_API_KEY));
  g_assert_null (strstr (text, "7f3a9c2e41b8"));
}

/* ----------------------------------------------------- HTTP statuses -- */

static void
test_unauthorized (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:401]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_AUTH);
  g_assert_cmpstr (chat->error->message, ==,
                   "EmpirioLabs did not accept your API key. Check it in Preferences, or create a new one on the EmpirioLabs dashboard.");
  g_assert_cmpuint (chat->retries->len, ==, 0);
  g_assert_cmpuint (chat_requests (f), ==, 1);
}

static void
test_payment (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:402]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_PAYMENT);
  g_assert_nonnull (strstr (chat->error->message, "out of credits"));
  g_assert_nonnull (strstr (chat->error->message, "Top up"));
  g_assert_cmpuint (chat_requests (f), ==, 1);
}

static void
test_bad_request (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:400 'max_tokens' is too large for this model.]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_BAD_REQUEST);
  g_assert_cmpstr (chat->error->message, ==,
                   "EmpirioLabs could not handle this request: “'max_tokens' is too large for this model”. Check the chat’s settings, then try again.");
  g_assert_cmpuint (chat_requests (f), ==, 1);
}

/* A provider message quoting the key shows "sk-…" instead. */
static void
test_bad_request_quoting_key (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (MimoTestChat) chat =
    mimo_test_chat_run (f->client, "Hi [[mimo-test:400 Key " MIMO_TEST_API_KEY " may not use this model]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_BAD_REQUEST);
  assert_no_secret (chat->error->message);
  g_assert_nonnull (strstr (chat->error->message, "Key sk-… may not use this model"));
}

static void
test_html_502 (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:502html]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_SERVER);
  g_assert_cmpstr (chat->error->message, ==,
                   "EmpirioLabs is having trouble right now (server error 502). Try again in a few minutes.");
  /* Server trouble is retried: three tries in all. */
  g_assert_cmpuint (chat_requests (f), ==, 3);
  g_assert_cmpuint (chat->retries->len, ==, 2);
}

/* A web page where the answer should be: a sign-in portal, a wrong address. */
static void
test_html_200 (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:html200]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_PROTOCOL);
  g_assert_true (g_str_has_prefix (chat->error->message, "The server sent a web page instead of an answer."));
  g_assert_null (strstr (chat->error->message, "<"));
  g_assert_cmpuint (chat_requests (f), ==, 1);
}

static const struct
{
  guint status;
  int   code;
} status_cases[] = {
  { 403, MIMO_CLIENT_ERROR_AUTH },
  { 404, MIMO_CLIENT_ERROR_BAD_REQUEST },
  { 407, MIMO_CLIENT_ERROR_NETWORK },
  { 408, MIMO_CLIENT_ERROR_TIMEOUT },
  { 413, MIMO_CLIENT_ERROR_BAD_REQUEST },
  { 422, MIMO_CLIENT_ERROR_BAD_REQUEST },
  { 501, MIMO_CLIENT_ERROR_SERVER },
  { 503, MIMO_CLIENT_ERROR_SERVER },
};

static void
test_status_table (Fixture      *f,
                   gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (status_cases); i++)
    {
      g_autofree char         *question = g_strdup_printf ("Hi [[mimo-test:status %u]]", status_cases[i].status);
      g_autoptr (MimoTestChat) chat = NULL;

      g_test_message ("HTTP %u", status_cases[i].status);
      chat = mimo_test_chat_run (f->client, question, TRUE);
      mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, status_cases[i].code);
    }
}

/* ----------------------------------------------------------- retries -- */

static void
test_rate_limit_then_success (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:429 1, plain]]", TRUE);
  MimoTestRetry           *retry;

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_COMPLETE, 0);
  g_assert_cmpuint (chat_requests (f), ==, 2);
  g_assert_cmpuint (mimo_completion_get_attempt (chat->completion), ==, 2);

  /* Retry-After is honoured as sent, and carried on the error. */
  g_assert_cmpuint (chat->retries->len, ==, 1);
  retry = g_ptr_array_index (chat->retries, 0);
  g_assert_cmpuint (retry->attempt, ==, 2);
  g_assert_cmpfloat (retry->delay_seconds, ==, 1.0);
  g_assert_error (retry->error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_RATE_LIMIT);
  g_assert_cmpint (mimo_client_error_get_retry_after (retry->error), ==, 1);
  g_assert_nonnull (strstr (retry->error->message, "Wait 1 second"));
}

/* Too long to wait for: fail at once, with the seconds for the user. */
static void
test_rate_limit_long (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:429 3600]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_RATE_LIMIT);
  g_assert_cmpint (mimo_client_error_get_retry_after (chat->error), ==, 3600);
  g_assert_nonnull (strstr (chat->error->message, "Wait 3600 seconds"));
  g_assert_cmpuint (chat_requests (f), ==, 1);
}

/* Without Retry-After: exponential backoff with jitter, three tries. */
static void
test_rate_limit_backoff (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:429]]", TRUE);
  MimoTestRetry           *first;
  MimoTestRetry           *second;

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_RATE_LIMIT);
  g_assert_cmpint (mimo_client_error_get_retry_after (chat->error), ==, -1);
  g_assert_nonnull (strstr (chat->error->message, "Wait a minute"));
  g_assert_cmpuint (chat_requests (f), ==, 3);
  g_assert_cmpuint (chat->retries->len, ==, 2);

  first = g_ptr_array_index (chat->retries, 0);
  second = g_ptr_array_index (chat->retries, 1);
  g_assert_cmpuint (first->attempt, ==, 2);
  g_assert_cmpuint (second->attempt, ==, 3);
  /* retry-delay is 0.01 s: the first wait is 0.5–1 of it, the second 0.5–1 of twice it. */
  g_assert_cmpfloat (first->delay_seconds, >=, 0.005);
  g_assert_cmpfloat (first->delay_seconds, <=, 0.01);
  g_assert_cmpfloat (second->delay_seconds, >=, 0.01);
  g_assert_cmpfloat (second->delay_seconds, <=, 0.02);
}

static void
test_server_error_then_success (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:500, 500, plain]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_COMPLETE, 0);
  g_assert_cmpuint (chat_requests (f), ==, 3);
  g_assert_cmpuint (chat->retries->len, ==, 2);
  g_assert_error (((MimoTestRetry *) g_ptr_array_index (chat->retries, 0))->error,
                  MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_SERVER);
}

static void
test_server_error_gives_up (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:500]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_SERVER);
  g_assert_cmpuint (chat_requests (f), ==, 3);
  g_assert_cmpuint (mimo_completion_get_attempt (chat->completion), ==, 3);
}

/* A closed port: refused, retried, then reported in plain words. */
static void
test_connection_refused (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError)          error = NULL;
  g_autofree char            *url = NULL;
  g_autoptr (MimoTestChat)    chat = NULL;
  guint16                     port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);
  url = g_strdup_printf ("http://127.0.0.1:%u/v1", port);
  mimo_client_set_base_url (f->client, url);

  chat = mimo_test_chat_run (f->client, "Hi", TRUE);
  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_NETWORK);
  g_assert_nonnull (strstr (chat->error->message, "refused the connection"));
  g_assert_cmpuint (chat->retries->len, ==, 2);
}

/* Ctrl+C during the wait before a retry stops at once. */
static void
test_cancel_during_retry_wait (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr (MimoChatRequest) request = mimo_test_request_new ("Hi [[mimo-test:429 30, plain]]", TRUE);
  g_autoptr (MimoTestChat)    chat = mimo_test_chat_start (f->client, request, NULL);
  gint64                      start = g_get_monotonic_time ();

  chat->cancel_on_retry = TRUE;
  mimo_test_chat_wait (chat);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_CANCELLED, MIMO_CLIENT_ERROR_CANCELLED);
  g_assert_cmpuint (chat_requests (f), ==, 1);
  /* A guard against waiting out the 30 s, not a timing measure. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
}

static void
forget_key_cb (MimoCompletion *completion,
               guint           attempt,
               double          delay,
               const GError   *error,
               gpointer        user_data)
{
  mimo_client_set_api_key (user_data, NULL);
}

/* The key removed in Preferences while a retry waits: no request goes
 * out without one. */
static void
test_key_removed_during_retry_wait (Fixture      *f,
                                    gconstpointer data)
{
  g_autoptr (MimoChatRequest) request = mimo_test_request_new ("Hi [[mimo-test:500, plain]]", TRUE);
  g_autoptr (MimoTestChat)    chat = mimo_test_chat_start (f->client, request, NULL);

  g_signal_connect (chat->completion, "retrying", G_CALLBACK (forget_key_cb), f->client);
  mimo_test_chat_wait (chat);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_NO_KEY);
  g_assert_cmpuint (chat_requests (f), ==, 1);
}

/* ------------------------------------------------- refused up front -- */

static const struct
{
  const char *url;
  gboolean    ok;
} url_cases[] = {
  { "https://api.empiriolabs.ai/v1", TRUE },
  { "HTTPS://proxy.example.com:8443/v1/", TRUE },
  { "http://localhost:8080/v1", TRUE },
  { "http://LOCALHOST/v1", TRUE },
  { "http://127.0.0.1:9000/v1", TRUE },
  { "http://127.200.3.4/v1", TRUE },
  { "http://[::1]:8080/v1", TRUE },
  { "http://api.empiriolabs.ai/v1", FALSE },
  { "http://10.0.0.2/v1", FALSE },
  { "http://[::2]/v1", FALSE },
  { "http://localhost.example.com/v1", FALSE },
  { "ftp://api.empiriolabs.ai/v1", FALSE },
  { "api.empiriolabs.ai/v1", FALSE },
  { "not a url", FALSE },
  { "", FALSE },
  { "https://user:sk-secret-123456@api.empiriolabs.ai/v1", FALSE },
};

static void
test_check_base_url (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (url_cases); i++)
    {
      g_autoptr (GError) error = NULL;
      gboolean           ok = mimo_client_check_base_url (url_cases[i].url, &error);

      g_test_message ("%s", url_cases[i].url);
      g_assert_cmpint (ok, ==, url_cases[i].ok);
      if (ok)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INSECURE_URL);
          g_assert_null (strstr (error->message, "sk-secret"));
        }
    }
}

static void
test_insecure_url (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = NULL;

  mimo_client_set_base_url (f->client, "http://api.empiriolabs.ai/v1");
  chat = mimo_test_chat_run (f->client, "Hi", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_INSECURE_URL);
  g_assert_nonnull (strstr (chat->error->message, "https://"));
  g_assert_cmpuint (mimo_completion_get_attempt (chat->completion), ==, 0);
}

static void
test_invalid_params (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (MimoChatRequest) request = mimo_test_request_new ("Hi", TRUE);
  g_autoptr (MimoTestChat)    chat = NULL;

  mimo_chat_request_get_params (request)->temperature = 2.5;
  chat = mimo_test_chat_start (f->client, request, NULL);
  mimo_test_chat_wait (chat);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_INVALID_PARAMETER);
  g_assert_nonnull (strstr (chat->error->message, "temperature"));
  g_assert_nonnull (strstr (chat->error->message, "between 0 and 2"));
  g_assert_cmpuint (mimo_test_server_count_requests (f->server, NULL), ==, 0);
}

static void
test_no_key (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = NULL;

  mimo_client_set_api_key (f->client, NULL);
  g_assert_false (mimo_client_has_api_key (f->client));
  g_assert_cmpint (mimo_client_get_key_source (f->client), ==, MIMO_KEY_SOURCE_NONE);

  chat = mimo_test_chat_run (f->client, "Hi", TRUE);
  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_NO_KEY);
  g_assert_cmpuint (mimo_test_server_count_requests (f->server, NULL), ==, 0);
}

/* ------------------------------------------------ transport mapping -- */

/* Failures a loopback test cannot cause: DNS, TLS, offline. */
static void
test_transport_table (void)
{
  static const struct
  {
    GQuark (*domain) (void);
    int         code;
    int         expected;
    const char *words;
  } cases[] = {
    { g_resolver_error_quark, G_RESOLVER_ERROR_NOT_FOUND, MIMO_CLIENT_ERROR_NETWORK, "Could not find the server api.example.com" },
    { g_resolver_error_quark, G_RESOLVER_ERROR_TEMPORARY_FAILURE, MIMO_CLIENT_ERROR_NETWORK, "Could not find the server" },
    { g_tls_error_quark, G_TLS_ERROR_BAD_CERTIFICATE, MIMO_CLIENT_ERROR_TLS, "secure connection" },
    { g_tls_error_quark, G_TLS_ERROR_HANDSHAKE, MIMO_CLIENT_ERROR_TLS, "secure connection" },
    { g_io_error_quark, G_IO_ERROR_NETWORK_UNREACHABLE, MIMO_CLIENT_ERROR_NETWORK, "offline" },
    { g_io_error_quark, G_IO_ERROR_HOST_UNREACHABLE, MIMO_CLIENT_ERROR_NETWORK, "offline" },
    { g_io_error_quark, G_IO_ERROR_CONNECTION_REFUSED, MIMO_CLIENT_ERROR_NETWORK, "refused" },
    { g_io_error_quark, G_IO_ERROR_TIMED_OUT, MIMO_CLIENT_ERROR_TIMEOUT, "too long" },
    { g_io_error_quark, G_IO_ERROR_CONNECTION_CLOSED, MIMO_CLIENT_ERROR_NETWORK, "was lost" },
    { g_io_error_quark, G_IO_ERROR_BROKEN_PIPE, MIMO_CLIENT_ERROR_NETWORK, "was lost" },
    { g_io_error_quark, G_IO_ERROR_CANCELLED, MIMO_CLIENT_ERROR_CANCELLED, "stopped" },
    { soup_session_error_quark, SOUP_SESSION_ERROR_PARSING, MIMO_CLIENT_ERROR_PROTOCOL, "could not read" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) cause = g_error_new_literal (cases[i].domain (), cases[i].code, "technical details");
      g_autoptr (GError) error = _mimo_client_error_from_transport (cause, "api.example.com");

      g_test_message ("%s", error->message);
      g_assert_error (error, MIMO_CLIENT_ERROR, cases[i].expected);
      g_assert_nonnull (strstr (error->message, cases[i].words));
      g_assert_null (strstr (error->message, "technical details"));
    }
}

static void
test_retry_after_parsing (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) later = g_date_time_add_seconds (now, 120);
  g_autofree char      *http_date = g_date_time_format (later, "%a, %d %b %Y %H:%M:%S GMT");
  int                   seconds;

  g_assert_cmpint (_mimo_client_parse_retry_after (NULL), ==, -1);
  g_assert_cmpint (_mimo_client_parse_retry_after ("7"), ==, 7);
  g_assert_cmpint (_mimo_client_parse_retry_after (" 0"), ==, 0);
  g_assert_cmpint (_mimo_client_parse_retry_after ("-3"), ==, -1);
  g_assert_cmpint (_mimo_client_parse_retry_after ("soon"), ==, -1);
  seconds = _mimo_client_parse_retry_after (http_date);
  g_assert_cmpint (seconds, >=, 110);
  g_assert_cmpint (seconds, <=, 121);
  g_assert_cmpint (_mimo_client_parse_retry_after ("Wed, 21 Oct 2015 07:28:00 GMT"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("/client/errors/unauthorized", test_unauthorized);
  ADD ("/client/errors/payment", test_payment);
  ADD ("/client/errors/bad-request", test_bad_request);
  ADD ("/client/errors/bad-request-quoting-key", test_bad_request_quoting_key);
  ADD ("/client/errors/html-502", test_html_502);
  ADD ("/client/errors/html-200", test_html_200);
  ADD ("/client/errors/status-table", test_status_table);
  g_test_add_func ("/client/errors/transport-table", test_transport_table);
  g_test_add_func ("/client/errors/retry-after", test_retry_after_parsing);
  ADD ("/client/retry/rate-limit-then-success", test_rate_limit_then_success);
  ADD ("/client/retry/rate-limit-too-long", test_rate_limit_long);
  ADD ("/client/retry/rate-limit-backoff", test_rate_limit_backoff);
  ADD ("/client/retry/server-error-then-success", test_server_error_then_success);
  ADD ("/client/retry/server-error-gives-up", test_server_error_gives_up);
  ADD ("/client/retry/connection-refused", test_connection_refused);
  ADD ("/client/retry/cancel-while-waiting", test_cancel_during_retry_wait);
  ADD ("/client/retry/key-removed-while-waiting", test_key_removed_during_retry_wait);
  g_test_add_func ("/client/refuse/base-url", test_check_base_url);
  ADD ("/client/refuse/insecure-url", test_insecure_url);
  ADD ("/client/refuse/invalid-params", test_invalid_params);
  ADD ("/client/refuse/no-key", test_no_key);

  return g_test_run ();
}
