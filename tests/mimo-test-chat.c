/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-chat.c: a client against the loopback server, and a recorder for one chat's signals. */

#define G_LOG_DOMAIN "mimo-test"

#include "config.h"

#include "mimo-error.h"
#include "mimo-test-chat.h"
#include "mimo-test-utils.h"

void
mimo_test_client_fixture_set_up (MimoTestClientFixture *fixture,
                                 gconstpointer          data)
{
  g_autoptr (GError) error = NULL;

  fixture->server = mimo_test_server_new (MIMO_TEST_API_KEY, 0, &error);
  g_assert_no_error (error);

  fixture->client = mimo_client_new ();
  mimo_client_set_base_url (fixture->client, mimo_test_server_get_base_url (fixture->server));
  mimo_client_set_api_key (fixture->client, MIMO_TEST_API_KEY);
  mimo_client_set_retry_delay (fixture->client, 0.01);
}

void
mimo_test_client_fixture_tear_down (MimoTestClientFixture *fixture,
                                    gconstpointer          data)
{
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->server);

  /* Let closing connections finish before the next test. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

MimoChatRequest *
mimo_test_request_new (const char *text,
                       gboolean    stream)
{
  MimoChatRequest *request = mimo_chat_request_new (NULL);

  mimo_chat_request_set_stream (request, stream);
  mimo_chat_request_add_message (request, MIMO_ROLE_USER, text, NULL);

  return request;
}

static void
delta_cb (MimoCompletion *completion,
          const char     *content,
          const char     *reasoning,
          gpointer        user_data)
{
  MimoTestChat *chat = user_data;

  /* The text grows with each delta, before the signal. */
  g_assert_true (content != NULL || reasoning != NULL);
  g_assert_cmpint (mimo_completion_get_state (completion), ==, MIMO_MESSAGE_STATE_STREAMING);
  g_assert_cmpint (mimo_completion_get_time_to_first_token (completion), >=, 0);

  if (content != NULL)
    {
      g_string_append (chat->content, content);
      chat->n_content_deltas++;
    }
  if (reasoning != NULL)
    {
      g_string_append (chat->reasoning, reasoning);
      chat->n_reasoning_deltas++;
      if (chat->n_content_deltas > 0)
        chat->reasoning_after_content = TRUE;
    }
  g_assert_cmpuint (mimo_completion_get_content_length (completion), ==, chat->content->len);
  g_assert_cmpuint (mimo_completion_get_reasoning_length (completion), ==, chat->reasoning->len);

  if (chat->cancel_after_deltas >= 0 &&
      chat->n_content_deltas + chat->n_reasoning_deltas == (guint) chat->cancel_after_deltas)
    mimo_completion_cancel (completion);
}

static void
retrying_cb (MimoCompletion *completion,
             guint           attempt,
             double          delay_seconds,
             const GError   *error,
             gpointer        user_data)
{
  MimoTestChat  *chat = user_data;
  MimoTestRetry *retry = g_new0 (MimoTestRetry, 1);

  retry->attempt = attempt;
  retry->delay_seconds = delay_seconds;
  retry->error = g_error_copy (error);
  g_ptr_array_add (chat->retries, retry);

  if (chat->cancel_on_retry)
    mimo_completion_cancel (completion);
}

static void
finished_cb (MimoCompletion *completion,
             gpointer        user_data)
{
  MimoTestChat *chat = user_data;

  g_assert_false (chat->done);
  chat->n_finished++;
}

static void
retry_free (gpointer data)
{
  MimoTestRetry *retry = data;

  g_clear_error (&retry->error);
  g_free (retry);
}

static void
chat_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  MimoTestChat *chat = user_data;

  /* The completion is already final when the callback runs. */
  g_assert_true (mimo_completion_is_finished (chat->completion));
  g_assert_cmpuint (chat->n_finished, ==, 1);

  chat->result = mimo_client_chat_finish (MIMO_CLIENT (object), result, &chat->error);
  chat->done = TRUE;
}

MimoTestChat *
mimo_test_chat_start (MimoClient      *client,
                      MimoChatRequest *request,
                      GCancellable    *cancellable)
{
  MimoTestChat *chat = g_new0 (MimoTestChat, 1);

  chat->content = g_string_new (NULL);
  chat->reasoning = g_string_new (NULL);
  chat->retries = g_ptr_array_new_with_free_func (retry_free);
  chat->cancel_after_deltas = -1;

  chat->completion = mimo_client_chat_async (client, request, cancellable, chat_done_cb, chat);
  g_assert_true (MIMO_IS_COMPLETION (chat->completion));
  /* Nothing happened yet: connecting now misses nothing. */
  g_assert_cmpint (mimo_completion_get_state (chat->completion), ==, MIMO_MESSAGE_STATE_STREAMING);
  g_assert_true (mimo_completion_get_request (chat->completion) == request);

  g_signal_connect (chat->completion, "delta", G_CALLBACK (delta_cb), chat);
  g_signal_connect (chat->completion, "retrying", G_CALLBACK (retrying_cb), chat);
  g_signal_connect (chat->completion, "finished", G_CALLBACK (finished_cb), chat);

  return chat;
}

void
mimo_test_chat_wait (MimoTestChat *chat)
{
  mimo_test_wait_for_flag (&chat->done, 30000);
}

MimoTestChat *
mimo_test_chat_run (MimoClient *client,
                    const char *text,
                    gboolean    stream)
{
  g_autoptr (MimoChatRequest) request = mimo_test_request_new (text, stream);
  MimoTestChat               *chat = mimo_test_chat_start (client, request, NULL);

  mimo_test_chat_wait (chat);
  return chat;
}

void
mimo_test_chat_free (MimoTestChat *chat)
{
  if (chat == NULL)
    return;

  g_signal_handlers_disconnect_by_data (chat->completion, chat);
  g_clear_object (&chat->completion);
  g_string_free (chat->content, TRUE);
  g_string_free (chat->reasoning, TRUE);
  g_ptr_array_unref (chat->retries);
  g_clear_error (&chat->error);
  g_free (chat);
}

void
mimo_test_chat_assert_state (MimoTestChat    *chat,
                             MimoMessageState state,
                             int              code)
{
  MimoCompletion *completion = chat->completion;
  const GError   *error = mimo_completion_get_error (completion);

  g_assert_true (chat->done);
  g_assert_cmpstr (mimo_message_state_to_string (mimo_completion_get_state (completion)), ==,
                   mimo_message_state_to_string (state));
  g_assert_cmpuint (chat->n_finished, ==, 1);
  g_assert_cmpint (mimo_completion_get_duration (completion), >=, 0);

  /* What the deltas said is what the completion holds. */
  g_assert_cmpstr (chat->content->str, ==, mimo_completion_get_content (completion));
  g_assert_cmpstr (chat->reasoning->str, ==, mimo_completion_get_reasoning (completion));

  if (state == MIMO_MESSAGE_STATE_COMPLETE)
    {
      g_assert_no_error (chat->error);
      g_assert_true (chat->result);
      g_assert_null (error);
      return;
    }

  g_assert_false (chat->result);
  g_assert_error (chat->error, MIMO_CLIENT_ERROR, code);
  g_assert_error (error, MIMO_CLIENT_ERROR, code);
  g_assert_cmpstr (chat->error->message, ==, error->message);
  g_test_message ("error: %s", error->message);
}
