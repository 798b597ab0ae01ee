/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-client.c: streamed and whole answers over real HTTP on loopback — text, usage, cuts, timeouts, cancels. */

#define G_LOG_DOMAIN "test-client"

#include "config.h"

#include <string.h>

#include "mimo-error.h"
#include "mimo-test-chat.h"
#include "mimo-test-utils.h"

#define PLAIN_TEXT "Hello! Ça va? Here is a short answer: 42 — with “quotes”, 中文 and 🎉."

typedef MimoTestClientFixture Fixture;

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, mimo_test_client_fixture_set_up, func, mimo_test_client_fixture_tear_down)

/* The usage the server computes for a prompt of @chars characters
 * (without a system message the provider's 64-token identity prompt is
 * added, and cached). */
static void
assert_usage (MimoCompletion *completion,
              gsize           prompt_chars,
              gint64          completion_tokens,
              gint64          searches)
{
  const MimoUsage *usage = mimo_completion_get_usage (completion);
  gint64           prompt = 64 + (prompt_chars + 3) / 4;
  gint64           nanos = (prompt - 64) * 500 + 64 * 50 + completion_tokens * 1500 + searches * 15000000;

  g_assert_nonnull (usage);
  g_assert_cmpint (usage->prompt_tokens, ==, prompt);
  g_assert_cmpint (usage->cached_tokens, ==, 64);
  g_assert_cmpint (usage->completion_tokens, ==, completion_tokens);
  g_assert_cmpint (usage->web_search_calls, ==, searches);
  g_assert_true (usage->has_provider_cost);
  g_assert_cmpint (usage->provider_cost_nanos, ==, nanos);
  g_assert_false (usage->estimated);
  g_assert_cmpint (mimo_completion_get_computed_cost (completion), ==, nanos);
  g_assert_cmpint (mimo_completion_get_pricing (completion)->input_nanos, ==, 500);
}

static void
test_plain (Fixture      *f,
            gconstpointer data)
{
  const char              *question = "Say hello [[mimo-test:plain]]";
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, question, TRUE);
  MimoCompletion          *completion = chat->completion;

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_COMPLETE, 0);
  g_assert_cmpstr (mimo_completion_get_content (completion), ==, PLAIN_TEXT);
  g_assert_cmpstr (mimo_completion_get_reasoning (completion), ==, "");
  /* One delta per event, as they came. */
  g_assert_cmpuint (chat->n_content_deltas, ==, 20);
  g_assert_cmpuint (chat->n_reasoning_deltas, ==, 0);
  g_assert_cmpstr (mimo_completion_get_finish_reason (completion), ==, "stop");
  g_assert_cmpstr (mimo_completion_get_response_id (completion), ==, "chatcmpl-mimo-test-0001");
  g_assert_cmpuint (mimo_completion_get_attempt (completion), ==, 1);
  g_assert_cmpuint (chat->retries->len, ==, 0);
  g_assert_cmpint (mimo_completion_get_time_to_first_token (completion), >=, 0);
  g_assert_cmpint (mimo_completion_get_duration (completion), >=, mimo_completion_get_time_to_first_token (completion));
  assert_usage (completion, g_utf8_strlen (question, -1), 20, 0);
  g_assert_cmpuint (mimo_test_server_count_requests (f->server, "/chat/completions"), ==, 1);
}

static void
test_reasoning (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Six times seven? [[mimo-test:reasoning]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_COMPLETE, 0);
  g_assert_cmpstr (mimo_completion_get_reasoning (chat->completion), ==, "First, recall that 6 × 7 = 42. So the answer is 42.");
  g_assert_cmpstr (mimo_completion_get_content (chat->completion), ==, "The answer is **42**.");
  g_assert_cmpuint (chat->n_reasoning_deltas, >, 1);
  g_assert_cmpuint (chat->n_content_deltas, >, 1);
  g_assert_false (chat->reasoning_after_content);
}

/* The demo answer honours thinking and web search, with the citation
 * shapes the references code parses. */
static void
test_web_search (Fixture      *f,
                 gconstpointer data)
{
  for (guint formatted = 0; formatted < 2; formatted++)
    {
      g_autoptr (MimoChatRequest) request = mimo_test_request_new ("What happened to growth?", TRUE);
      MimoChatParams             *params = mimo_chat_request_get_params (request);
      g_autoptr (MimoTestChat)    chat = NULL;
      const char                 *content;
      const MimoUsage            *usage;

      params->tool_web_search = TRUE;
      params->enable_thinking = FALSE;
      params->disable_formatting = !formatted;
      chat = mimo_test_chat_start (f->client, request, NULL);
      mimo_test_chat_wait (chat);

      mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_COMPLETE, 0);
      content = mimo_completion_get_content (chat->completion);
      usage = mimo_completion_get_usage (chat->completion);
      g_assert_cmpstr (mimo_completion_get_reasoning (chat->completion), ==, "");
      g_assert_cmpint (usage->web_search_calls, ==, 2);
      g_assert_cmpstr (usage->tool_usage_json, ==, "{\"web_search\":2}");
      g_assert_cmpint (mimo_completion_get_computed_cost (chat->completion), ==, usage->provider_cost_nanos);

      if (formatted)
        {
          g_assert_nonnull (strstr (content, "slowed in the last quarter [[1]](https://www.example.org/report),"));
          g_assert_nonnull (strstr (content, "improved [[2]](https://news.example.com/x)."));
          g_assert_true (g_str_has_suffix (content, "\n\n**References**\n\n"
                                                    "1. [Quarterly economic report](https://www.example.org/report)\n"
                                                    "2. [Forecasts improve for next year](https://news.example.com/x)\n"));
        }
      else
        {
          g_assert_nonnull (strstr (content, "slowed in the last quarter [1],"));
          g_assert_null (strstr (content, "**References**"));
          g_assert_null (strstr (content, "](http"));
        }
    }
}

static void
test_demo (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Explain caching", TRUE);
  const char              *content = mimo_completion_get_content (chat->completion);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_COMPLETE, 0);
  g_assert_true (g_str_has_prefix (content, "## Here is what I found"));
  g_assert_nonnull (strstr (content, "\n- **Fast**"));
  g_assert_nonnull (strstr (content, "| MiMo V2 Flash | 262,144 tokens | 65,536 tokens |"));
  g_assert_nonnull (strstr (content, "```python\n"));
  g_assert_nonnull (strstr (mimo_completion_get_reasoning (chat->completion), "Explain caching"));
  g_assert_false (chat->reasoning_after_content);
  assert_usage (chat->completion, strlen ("Explain caching"),
                chat->n_content_deltas + chat->n_reasoning_deltas, 0);
}

static void
test_cached (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Again [[mimo-test:cached]]", TRUE);
  const MimoUsage         *usage;

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_COMPLETE, 0);
  usage = mimo_completion_get_usage (chat->completion);
  g_assert_cmpint (usage->prompt_tokens, ==, 2048);
  g_assert_cmpint (usage->cached_tokens, ==, 1536);
  g_assert_cmpint (mimo_completion_get_computed_cost (chat->completion), ==,
                   512 * 500 + 1536 * 50 + usage->completion_tokens * 1500);
  g_assert_cmpint (usage->provider_cost_nanos, ==, mimo_completion_get_computed_cost (chat->completion));
}

/* The same answer one byte per HTTP chunk (splitting UTF-8 sequences and
 * line endings), and with CRLF and keep-alive comments. */
static void
test_same_text_any_framing (Fixture      *f,
                            gconstpointer data)
{
  static const char *scenarios[] = { "bytes", "crlf" };

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char         *question = g_strdup_printf ("Hi [[mimo-test:%s]]", scenarios[i]);
      g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, question, TRUE);

      g_test_message ("scenario %s", scenarios[i]);
      mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_COMPLETE, 0);
      g_assert_cmpstr (mimo_completion_get_content (chat->completion), ==, PLAIN_TEXT);
      g_assert_cmpuint (chat->n_content_deltas, ==, 20);
      g_assert_nonnull (mimo_completion_get_usage (chat->completion));
    }
}

/* `stream: false`: the same completion, filled at once. */
static void
test_not_streaming (Fixture      *f,
                    gconstpointer data)
{
  const char              *question = "Whole please [[mimo-test:reasoning]]";
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, question, FALSE);
  MimoTestRequest         *request;

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_COMPLETE, 0);
  g_assert_cmpstr (mimo_completion_get_content (chat->completion), ==, "The answer is **42**.");
  g_assert_cmpstr (mimo_completion_get_reasoning (chat->completion), ==, "First, recall that 6 × 7 = 42. So the answer is 42.");
  g_assert_cmpuint (chat->n_content_deltas, ==, 1);
  g_assert_cmpuint (chat->n_reasoning_deltas, ==, 1);
  g_assert_cmpstr (mimo_completion_get_finish_reason (chat->completion), ==, "stop");
  g_assert_nonnull (mimo_completion_get_usage (chat->completion));

  request = mimo_test_server_get_last_request (f->server);
  g_assert_nonnull (strstr (request->body, "\"stream\":false"));
  g_assert_null (strstr (request->body, "stream_options"));
}

/* What goes over the wire is exactly the request's body. */
static void
test_body_sent (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (MimoChatRequest) request = mimo_test_request_new ("Exact? [[mimo-test:plain]]", TRUE);
  MimoChatParams             *params = mimo_chat_request_get_params (request);
  static const char          *stop[] = { "END", NULL };
  g_autoptr (MimoTestChat)    chat = NULL;
  g_autoptr (GBytes)          expected = NULL;
  MimoTestRequest            *sent;

  params->temperature = 1.2;
  params->max_tokens = 100;
  mimo_chat_params_set_stop (params, stop);
  mimo_chat_request_add_message (request, MIMO_ROLE_ASSISTANT, "Yes", "Because.");
  expected = mimo_chat_request_to_bytes (request, "mimo-v2-flash", NULL);

  chat = mimo_test_chat_start (f->client, request, NULL);
  mimo_test_chat_wait (chat);

  sent = mimo_test_server_get_last_request (f->server);
  g_assert_cmpstr (sent->method, ==, "POST");
  g_assert_cmpstr (sent->path, ==, "/v1/chat/completions");
  g_assert_cmpstr (sent->body, ==, g_bytes_get_data (expected, NULL));
  g_assert_true (g_strv_contains ((const char *const *) sent->headers, "Content-Type: application/json"));
  g_assert_true (g_strv_contains ((const char *const *) sent->headers, "Accept: text/event-stream"));
  g_assert_cmpstr (sent->user_agent, ==, "MimoChat/" PACKAGE_VERSION);
  g_assert_cmpstr (sent->authorization, ==, "Bearer " MIMO_TEST_API_KEY);
}

/* ------------------------------------------------- broken streams -- */

static void
test_cut_after_text (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:cut 900]]", TRUE);
  const char              *content = mimo_completion_get_content (chat->completion);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_INTERRUPTED, MIMO_CLIENT_ERROR_NETWORK);
  g_assert_cmpuint (strlen (content), >, 0);
  g_assert_true (g_str_has_prefix (PLAIN_TEXT, content));
  g_assert_cmpstr (content, !=, PLAIN_TEXT);
  g_assert_null (mimo_completion_get_usage (chat->completion));
  g_assert_cmpint (mimo_completion_get_computed_cost (chat->completion), ==, -1);
  /* Never sent twice once text came. */
  g_assert_cmpuint (chat->retries->len, ==, 0);
  g_assert_cmpuint (mimo_test_server_count_requests (f->server, "/chat/completions"), ==, 1);
}

/* Cut inside the first event: no text, but the provider had accepted the
 * request, so it is not sent again either. */
static void
test_cut_before_text (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:cut 40]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_NETWORK);
  g_assert_cmpstr (mimo_completion_get_content (chat->completion), ==, "");
  g_assert_cmpuint (mimo_test_server_count_requests (f->server, "/chat/completions"), ==, 1);
}

/* The body ends cleanly but without a finish reason or [DONE]. */
static void
test_end_without_done (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:end 900]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_INTERRUPTED, MIMO_CLIENT_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (PLAIN_TEXT, mimo_completion_get_content (chat->completion)));
  g_assert_cmpuint (chat->content->len, >, 0);
}

/* The tokens before the fault, as the server cuts them. */
static const char *const broken_start = "This answer starts";

static void
test_malformed_event (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:malformed]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_PROTOCOL);
  /* The five tokens before the bad event are kept. */
  g_assert_cmpstr (mimo_completion_get_content (chat->completion), ==, broken_start);
}

static void
test_error_event (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:error-event]]", TRUE);
  const GError            *error = mimo_completion_get_error (chat->completion);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_STREAM);
  g_assert_cmpstr (mimo_completion_get_content (chat->completion), ==, broken_start);
  g_assert_nonnull (strstr (error->message, "The model backend stopped unexpectedly"));
  g_assert_nonnull (strstr (error->message, "The text so far is kept"));
}

/* A 9 MiB line is refused at the 8 MiB cap. */
static void
test_huge_line (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:huge]]", TRUE);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_PROTOCOL);
  g_assert_cmpstr (mimo_completion_get_content (chat->completion), ==, "Before");
}

static void
test_idle_timeout (Fixture      *f,
                   gconstpointer data)
{
  mimo_client_set_idle_timeout (f->client, 1);

  {
    g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:stall 3]]", TRUE);

    mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_INTERRUPTED, MIMO_CLIENT_ERROR_TIMEOUT);
    g_assert_cmpstr (mimo_completion_get_content (chat->completion), ==, "This answer");
    g_assert_nonnull (strstr (mimo_completion_get_error (chat->completion)->message, "1 second"));
  }

  /* Silence before any text: failed, and not retried (the request was
   * accepted; the provider may be working on it). */
  {
    g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:stall 0]]", TRUE);

    mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_TIMEOUT);
    g_assert_cmpuint (chat->retries->len, ==, 0);
  }
}

/* ---------------------------------------------------------- cancels -- */

static gboolean
no_active_streams (gpointer user_data)
{
  return mimo_test_server_get_n_active_streams (user_data) == 0;
}

static void
test_cancel (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (MimoChatRequest) request = mimo_test_request_new ("Hi [[mimo-test:slow 20]]", TRUE);
  g_autoptr (MimoTestChat)    chat = mimo_test_chat_start (f->client, request, NULL);

  chat->cancel_after_deltas = 5;
  mimo_test_chat_wait (chat);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_CANCELLED, MIMO_CLIENT_ERROR_CANCELLED);
  g_assert_cmpuint (chat->n_content_deltas + chat->n_reasoning_deltas, ==, 5);
  g_assert_cmpuint (mimo_completion_get_reasoning_length (chat->completion), >, 0);
  g_assert_null (mimo_completion_get_usage (chat->completion));

  /* The connection really closed: the server stops writing. */
  mimo_test_wait_until (no_active_streams, f->server, 10000);
}

static void
test_cancel_with_cancellable (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (MimoChatRequest) request = mimo_test_request_new ("Hi [[mimo-test:slow 20]]", TRUE);
  g_autoptr (GCancellable)    cancellable = g_cancellable_new ();
  g_autoptr (MimoTestChat)    chat = mimo_test_chat_start (f->client, request, cancellable);

  while (chat->content->len == 0 && chat->reasoning->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  /* Cancelling only asks: the state changes from the main loop. */
  g_assert_false (chat->done);
  mimo_test_chat_wait (chat);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_CANCELLED, MIMO_CLIENT_ERROR_CANCELLED);
  g_assert_cmpuint (chat->n_content_deltas + chat->n_reasoning_deltas, >, 0);
}

static void
test_cancel_before_start (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (MimoChatRequest) request = mimo_test_request_new ("Hi", TRUE);
  g_autoptr (GCancellable)    cancellable = g_cancellable_new ();
  g_autoptr (MimoTestChat)    chat = NULL;

  g_cancellable_cancel (cancellable);
  chat = mimo_test_chat_start (f->client, request, cancellable);
  mimo_test_chat_wait (chat);

  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_CANCELLED, MIMO_CLIENT_ERROR_CANCELLED);
  g_assert_cmpuint (mimo_test_server_count_requests (f->server, NULL), ==, 0);
}

/* ------------------------------------------------------------ waits -- */

static void
test_wait (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (MimoChatRequest) request = mimo_test_request_new ("Hi [[mimo-test:slow 5]]", TRUE);
  g_autoptr (MimoTestChat)    chat = mimo_test_chat_start (f->client, request, NULL);
  g_autoptr (GAsyncResult)    early = NULL;
  g_autoptr (GAsyncResult)    abandoned = NULL;
  g_autoptr (GAsyncResult)    late = NULL;
  g_autoptr (GCancellable)    cancellable = g_cancellable_new ();
  g_autoptr (GError)          error = NULL;

  mimo_completion_wait_async (chat->completion, NULL, mimo_test_store_result_cb, &early);
  mimo_completion_wait_async (chat->completion, cancellable, mimo_test_store_result_cb, &abandoned);

  /* Abandoning a wait leaves the answer streaming. */
  g_cancellable_cancel (cancellable);
  mimo_test_wait_for_result (&abandoned, 10000);
  g_assert_false (mimo_completion_wait_finish (chat->completion, abandoned, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (mimo_completion_is_finished (chat->completion));

  mimo_test_wait_for_result (&early, 30000);
  g_assert_true (chat->done);
  g_assert_true (mimo_completion_wait_finish (chat->completion, early, &error));
  g_assert_no_error (error);

  /* Once finished, a wait completes at once. */
  mimo_completion_wait_async (chat->completion, NULL, mimo_test_store_result_cb, &late);
  mimo_test_wait_for_result (&late, 1000);
  g_assert_true (mimo_completion_wait_finish (chat->completion, late, &error));
}

static void
test_wait_failed (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (MimoTestChat) chat = mimo_test_chat_run (f->client, "Hi [[mimo-test:402]]", TRUE);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;

  mimo_completion_wait_async (chat->completion, NULL, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, 1000);
  g_assert_false (mimo_completion_wait_finish (chat->completion, result, &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_PAYMENT);
}

/* ----------------------------------------------------- main contexts -- */

typedef struct
{
  GMainContext *context;
  guint         n_deltas;
  gboolean      done;
} ContextCheck;

static void
context_delta_cb (MimoCompletion *completion,
                  const char     *content,
                  const char     *reasoning,
                  gpointer        user_data)
{
  ContextCheck *check = user_data;

  /* Running from the caller's context, not the global default one. */
  g_assert_true (g_main_context_is_owner (check->context));
  g_assert_false (g_main_context_is_owner (g_main_context_default ()));
  check->n_deltas++;
}

static void
context_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ContextCheck *check = user_data;

  g_assert_true (g_main_context_is_owner (check->context));
  g_assert_true (mimo_client_chat_finish (MIMO_CLIENT (object), result, NULL));
  check->done = TRUE;
}

/* Signals come on the thread-default context of the caller. The server is
 * the standalone program here, since this context alone is iterated. */
static void
test_caller_context (void)
{
  g_autofree char             *program = g_test_build_filename (G_TEST_BUILT, "mimo-test-server", NULL);
  g_autoptr (GSubprocess)      server = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (MimoClient)       client = NULL;
  g_autoptr (MimoChatRequest)  request = mimo_test_request_new ("Hi [[mimo-test:plain]]", TRUE);
  g_autoptr (MimoCompletion)   completion = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *base_url = NULL;
  ContextCheck                 check = { 0 };

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, program, "--key", MIMO_TEST_API_KEY, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  base_url = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (base_url, "http://127.0.0.1:"));

  check.context = g_main_context_new ();
  g_main_context_push_thread_default (check.context);

  client = mimo_client_new ();
  mimo_client_set_base_url (client, base_url);
  mimo_client_set_api_key (client, MIMO_TEST_API_KEY);
  completion = mimo_client_chat_async (client, request, NULL, context_done_cb, &check);
  g_signal_connect (completion, "delta", G_CALLBACK (context_delta_cb), &check);

  while (!check.done)
    g_main_context_iteration (check.context, TRUE);

  g_assert_cmpuint (check.n_deltas, ==, 20);
  g_assert_cmpstr (mimo_completion_get_content (completion), ==, PLAIN_TEXT);

  g_clear_object (&completion);
  g_clear_object (&client);
  while (g_main_context_iteration (check.context, FALSE))
    ;
  g_main_context_pop_thread_default (check.context);
  g_main_context_unref (check.context);

  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("/client/stream/plain", test_plain);
  ADD ("/client/stream/reasoning", test_reasoning);
  ADD ("/client/stream/web-search", test_web_search);
  ADD ("/client/stream/demo", test_demo);
  ADD ("/client/stream/cached-tokens", test_cached);
  ADD ("/client/stream/any-framing", test_same_text_any_framing);
  ADD ("/client/stream/not-streaming", test_not_streaming);
  ADD ("/client/stream/body-sent", test_body_sent);
  ADD ("/client/stream/cut-after-text", test_cut_after_text);
  ADD ("/client/stream/cut-before-text", test_cut_before_text);
  ADD ("/client/stream/end-without-done", test_end_without_done);
  ADD ("/client/stream/malformed-event", test_malformed_event);
  ADD ("/client/stream/error-event", test_error_event);
  ADD ("/client/stream/huge-line", test_huge_line);
  ADD ("/client/stream/idle-timeout", test_idle_timeout);
  ADD ("/client/cancel/mid-stream", test_cancel);
  ADD ("/client/cancel/cancellable", test_cancel_with_cancellable);
  ADD ("/client/cancel/before-start", test_cancel_before_start);
  ADD ("/client/completion/wait", test_wait);
  ADD ("/client/completion/wait-failed", test_wait_failed);
  g_test_add_func ("/client/completion/caller-context", test_caller_context);

  return g_test_run ();
}
