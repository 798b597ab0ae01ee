/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-client-chat.c: one chat request from POST to the last delta — attempts, retries, timers, the stream. */

#define G_LOG_DOMAIN "mimo-client"

#include "config.h"

#include <string.h>

#include "mimo-json.h"
#include "mimo-client-private.h"
#include "mimo-completion-private.h"
#include "mimo-error.h"
#include "mimo-sse-parser.h"

/* One read from the socket: big enough that a fast stream costs few
 * callbacks, small enough that a slow one is not held back (a read returns
 * what has arrived, it does not wait to fill the buffer). */
#define READ_SIZE 65536

typedef struct
{
  MimoClient     *client;
  MimoCompletion *completion;
  GTask          *task;
  GMainContext   *context;
  GBytes         *body;
  char           *url;
  gulong          cancelled_id; /* on the completion's cancellable */

  /* This attempt. */
  guint         attempt;
  SoupMessage  *message;
  GInputStream *stream;
  GCancellable *cancellable;
  GSource      *timer;
  GSource      *wait;
  gint64        attempt_start;
  gint64        last_activity;
  gboolean      connected;
  gboolean      timed_out;
  gboolean      timed_out_connecting;

  /* The answer's stream. */
  MimoSseParser *parser;
  JsonParser    *json;
  char          *buffer;
  GError        *event_error;
} ChatRun;

static void send_attempt (ChatRun *run);

static void
clear_attempt (ChatRun *run)
{
  if (run->timer != NULL)
    {
      g_source_destroy (run->timer);
      g_clear_pointer (&run->timer, g_source_unref);
    }
  if (run->wait != NULL)
    {
      g_source_destroy (run->wait);
      g_clear_pointer (&run->wait, g_source_unref);
    }
  if (run->stream != NULL)
    {
      /* Closing may read the rest of the body to reuse the connection:
       * let it finish on its own. */
      g_input_stream_close_async (run->stream, G_PRIORITY_LOW, NULL, NULL, NULL);
      g_clear_object (&run->stream);
    }
  if (run->message != NULL)
    {
      g_signal_handlers_disconnect_by_data (run->message, run);
      g_clear_object (&run->message);
    }
  g_clear_object (&run->cancellable);
  g_clear_error (&run->event_error);
  run->connected = FALSE;
  run->timed_out = FALSE;
  run->timed_out_connecting = FALSE;
}

static void
chat_run_free (ChatRun *run)
{
  clear_attempt (run);
  if (run->cancelled_id != 0)
    g_cancellable_disconnect (_mimo_completion_get_cancellable (run->completion), run->cancelled_id);
  g_clear_object (&run->task);
  g_clear_object (&run->completion);
  g_clear_object (&run->client);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_clear_pointer (&run->body, g_bytes_unref);
  g_clear_pointer (&run->url, g_free);
  g_clear_pointer (&run->parser, mimo_sse_parser_free);
  g_clear_object (&run->json);
  g_clear_pointer (&run->buffer, g_free);
  g_free (run);
}

/* The end of the run, in any state: fills the completion, then answers
 * mimo_client_chat_async()'s callback. */
static void
finish (ChatRun         *run,
        MimoMessageState state,
        const GError    *error)
{
  clear_attempt (run);
  _mimo_completion_finish (run->completion, state, error);

  if (state == MIMO_MESSAGE_STATE_COMPLETE)
    g_task_return_boolean (run->task, TRUE);
  else
    g_task_return_error (run->task, g_error_copy (error));

  chat_run_free (run);
}

static void
fail (ChatRun *run,
      GError  *error)
{
  g_autoptr (GError) owned = error;

  finish (run, MIMO_MESSAGE_STATE_FAILED, error);
}

/* ------------------------------------------------------------- timers -- */

static gint64
next_deadline (ChatRun *run)
{
  guint connect_timeout = mimo_client_get_connect_timeout (run->client);
  guint idle_timeout = mimo_client_get_idle_timeout (run->client);

  if (!run->connected)
    {
      if (connect_timeout > 0)
        return run->attempt_start + connect_timeout * G_USEC_PER_SEC;
      return -1;
    }

  if (idle_timeout > 0)
    return run->last_activity + idle_timeout * G_USEC_PER_SEC;

  return -1;
}

static gboolean
timer_dispatch (GSource    *source,
                GSourceFunc callback,
                gpointer    user_data)
{
  return callback (user_data);
}

static GSourceFuncs timer_funcs = {
  .dispatch = timer_dispatch,
};

/* Runs at the deadline. Activity only moves last_activity (no source call
 * per read), so the deadline is checked again here before giving up. */
static gboolean
timer_cb (gpointer user_data)
{
  ChatRun *run = user_data;
  gint64   deadline = next_deadline (run);

  if (deadline >= 0 && deadline <= g_get_monotonic_time ())
    {
      g_debug ("No progress in time (%s); giving up on attempt %u",
               run->connected ? "idle" : "connecting", run->attempt);
      run->timed_out = TRUE;
      run->timed_out_connecting = !run->connected;
      g_source_set_ready_time (run->timer, -1);
      g_cancellable_cancel (run->cancellable);
      return G_SOURCE_CONTINUE;
    }

  g_source_set_ready_time (run->timer, deadline);
  return G_SOURCE_CONTINUE;
}

static void
arm_timer (ChatRun *run)
{
  if (run->timer == NULL)
    {
      run->timer = g_source_new (&timer_funcs, sizeof (GSource));
      g_source_set_static_name (run->timer, "[mimo] chat timeout");
      g_source_set_callback (run->timer, timer_cb, run, NULL);
      g_source_attach (run->timer, run->context);
    }

  g_source_set_ready_time (run->timer, next_deadline (run));
}

static void
wrote_headers_cb (SoupMessage *message,
                  gpointer     user_data)
{
  ChatRun *run = user_data;

  /* Connected: from now on the idle timeout applies. */
  run->connected = TRUE;
  run->last_activity = g_get_monotonic_time ();
  arm_timer (run);
}

/* ------------------------------------------------------------ retries -- */

static double
backoff_seconds (ChatRun      *run,
                 const GError *error)
{
  int    retry_after = mimo_client_error_get_retry_after (error);
  double base = _mimo_client_get_retry_delay (run->client);

  if (retry_after > 0)
    return retry_after;

  /* Exponential, with jitter so many clients do not come back at once. */
  return base * (1 << (run->attempt - 1)) * g_random_double_range (0.5, 1.0);
}

static gboolean
wait_done_cb (gpointer user_data)
{
  ChatRun *run = user_data;

  g_source_destroy (run->wait);
  g_clear_pointer (&run->wait, g_source_unref);

  if (g_cancellable_is_cancelled (_mimo_completion_get_cancellable (run->completion)))
    {
      g_autoptr (GError) error = _mimo_client_error_cancelled ();

      finish (run, MIMO_MESSAGE_STATE_CANCELLED, error);
      return G_SOURCE_REMOVE;
    }

  send_attempt (run);
  return G_SOURCE_REMOVE;
}

/* A child source's own callback runs too: this one only wakes the wait. */
static gboolean
cancelled_during_wait_cb (GCancellable *cancellable,
                          gpointer      user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Whether a failure of this attempt may be tried again. */
static gboolean
may_retry (ChatRun      *run,
           const GError *error)
{
  if (run->attempt >= MIMO_CLIENT_MAX_ATTEMPTS)
    return FALSE;

  /* Text came: a second request would bill the answer twice. */
  if (_mimo_completion_has_text (run->completion))
    return FALSE;

  if (g_error_matches (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_TIMEOUT))
    return run->timed_out_connecting;

  return _mimo_client_error_is_retryable (error);
}

/* A failure before the provider accepted the request (no 2xx yet). */
static void
attempt_failed (ChatRun *run,
                GError  *error)
{
  g_autoptr (GError) owned = error;
  GSource           *cancelled;
  double             delay;

  if (!may_retry (run, error))
    {
      finish (run, MIMO_MESSAGE_STATE_FAILED, error);
      return;
    }

  delay = backoff_seconds (run, error);
  g_debug ("Attempt %u failed (%s); retrying in %.2f s",
           run->attempt, mimo_client_error_code_name (error->code), delay);
  clear_attempt (run);

  /* The wait ends at the delay or at a cancel, whichever comes first. */
  run->wait = g_timeout_source_new ((guint) (delay * 1000));
  g_source_set_static_name (run->wait, "[mimo] retry wait");
  cancelled = g_cancellable_source_new (_mimo_completion_get_cancellable (run->completion));
  g_source_set_callback (cancelled, G_SOURCE_FUNC (cancelled_during_wait_cb), NULL, NULL);
  g_source_add_child_source (run->wait, cancelled);
  g_source_unref (cancelled);
  g_source_set_callback (run->wait, wait_done_cb, run, NULL);
  g_source_attach (run->wait, run->context);

  _mimo_completion_emit_retrying (run->completion, run->attempt + 1, delay, error);
}

/* ------------------------------------------------------ stream events -- */

static gboolean
event_cb (const MimoSseEvent *event,
          gpointer            user_data)
{
  ChatRun *run = user_data;

  if (event->is_done)
    return TRUE;

  if (strcmp (event->type, "error") == 0)
    {
      g_autoptr (JsonNode) root = NULL;

      if (mimo_json_load (run->json, event->data, event->data_len, NULL))
        root = json_parser_steal_root (run->json);
      run->event_error = _mimo_client_error_from_stream_event (root, _mimo_client_peek_api_key (run->client));
      return FALSE;
    }

  /* Named events other than errors (pings, progress) carry no text. */
  if (strcmp (event->type, "message") != 0)
    return TRUE;

  if (!mimo_json_load (run->json, event->data, event->data_len, NULL) ||
      json_parser_get_root (run->json) == NULL)
    {
      g_debug ("Malformed event of %" G_GSIZE_FORMAT " bytes", event->data_len);
      run->event_error = _mimo_client_error_malformed ();
      return FALSE;
    }

  return _mimo_client_apply_chunk (run->completion, json_parser_get_root (run->json),
                                   _mimo_client_peek_pricing (run->client),
                                   _mimo_client_peek_api_key (run->client), &run->event_error);
}

/* ------------------------------------------------------------ reading -- */

/* The stream ended early, was cut, or went quiet. */
static void
stream_failed (ChatRun *run,
               GError  *error)
{
  g_autoptr (GError) owned = error;
  MimoMessageState   state;

  if (g_error_matches (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_CANCELLED))
    state = MIMO_MESSAGE_STATE_CANCELLED;
  else if (_mimo_completion_has_text (run->completion) &&
           (g_error_matches (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_NETWORK) ||
            g_error_matches (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_TIMEOUT)))
    state = MIMO_MESSAGE_STATE_INTERRUPTED;
  else
    state = MIMO_MESSAGE_STATE_FAILED;

  finish (run, state, error);
}

/* An I/O error of this attempt as a MIMO_CLIENT_ERROR. */
static GError *
io_error (ChatRun      *run,
          const GError *error,
          gboolean      reading_body)
{
  GUri *uri;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (run->timed_out)
        return _mimo_client_error_timeout (run->timed_out_connecting,
                                           run->timed_out_connecting
                                             ? mimo_client_get_connect_timeout (run->client)
                                             : mimo_client_get_idle_timeout (run->client));
      return _mimo_client_error_cancelled ();
    }

  /* Mid-answer, every lost connection reads the same to a person. */
  if (reading_body && error->domain != G_TLS_ERROR)
    return _mimo_client_error_cut (_mimo_completion_has_text (run->completion));

  uri = run->message != NULL ? soup_message_get_uri (run->message) : NULL;
  return _mimo_client_error_from_transport (error, uri != NULL ? g_uri_get_host (uri) : NULL);
}

static void read_next (ChatRun *run);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ChatRun           *run = user_data;
  g_autoptr (GError) error = NULL;
  gssize             n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n < 0)
    {
      stream_failed (run, io_error (run, error, TRUE));
      return;
    }

  if (n == 0)
    {
      /* Some servers end with the finish reason and no [DONE]. */
      if (mimo_completion_get_finish_reason (run->completion) != NULL)
        finish (run, MIMO_MESSAGE_STATE_COMPLETE, NULL);
      else
        stream_failed (run, _mimo_client_error_cut (_mimo_completion_has_text (run->completion)));
      return;
    }

  run->last_activity = g_get_monotonic_time ();

  if (!mimo_sse_parser_feed (run->parser, run->buffer, n, event_cb, run, &error))
    {
      fail (run, g_steal_pointer (&error));
      return;
    }
  if (run->event_error != NULL)
    {
      fail (run, g_steal_pointer (&run->event_error));
      return;
    }
  if (mimo_sse_parser_is_done (run->parser))
    {
      finish (run, MIMO_MESSAGE_STATE_COMPLETE, NULL);
      return;
    }

  read_next (run);
}

/* Below drawing (GTK redraws at G_PRIORITY_HIGH_IDLE + 20): a stream
 * that arrives faster than it can be shown must not starve the frames
 * that show it. Nothing is lost by waiting: the bytes stay in the socket. */
#define READ_PRIORITY G_PRIORITY_DEFAULT_IDLE

static void
read_next (ChatRun *run)
{
  g_input_stream_read_async (run->stream, run->buffer, READ_SIZE, READ_PRIORITY,
                             run->cancellable, read_cb, run);
}

/* A whole JSON answer: `stream: false`, or a server that ignored it. */
static void
json_body_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ChatRun           *run = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) body = NULL;

  body = _mimo_client_read_all_finish (G_INPUT_STREAM (object), result, &error);
  if (body == NULL)
    {
      stream_failed (run, io_error (run, error, TRUE));
      return;
    }

  if (g_bytes_get_size (body) >= MIMO_CLIENT_MAX_JSON_BODY ||
      !mimo_json_load (run->json, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      json_parser_get_root (run->json) == NULL)
    {
      fail (run, _mimo_client_error_malformed ());
      return;
    }

  if (!_mimo_client_apply_chunk (run->completion, json_parser_get_root (run->json),
                                 _mimo_client_peek_pricing (run->client),
                                 _mimo_client_peek_api_key (run->client), &error))
    {
      fail (run, g_steal_pointer (&error));
      return;
    }

  finish (run, MIMO_MESSAGE_STATE_COMPLETE, NULL);
}

static void
error_body_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ChatRun            *run = user_data;
  g_autoptr (GBytes)  body = NULL;
  SoupMessageHeaders *headers = soup_message_get_response_headers (run->message);
  guint               status = soup_message_get_status (run->message);

  /* A body that cannot be read still leaves the status to go by. */
  body = _mimo_client_read_all_finish (G_INPUT_STREAM (object), result, NULL);

  if (g_cancellable_is_cancelled (run->cancellable) && !run->timed_out)
    {
      stream_failed (run, _mimo_client_error_cancelled ());
      return;
    }

  attempt_failed (run, _mimo_client_error_from_status (status,
                                                       soup_message_get_reason_phrase (run->message),
                                                       soup_message_headers_get_content_type (headers, NULL),
                                                       body,
                                                       _mimo_client_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After")),
                                                       _mimo_client_peek_api_key (run->client)));
}

static void
html_body_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ChatRun           *run = user_data;
  g_autoptr (GBytes) body = _mimo_client_read_all_finish (G_INPUT_STREAM (object), result, NULL);

  fail (run, _mimo_client_error_from_status (200, NULL, "text/html", body, -1, NULL));
}

static gboolean
content_type_is (const char *content_type,
                 const char *wanted)
{
  return content_type != NULL && g_ascii_strcasecmp (content_type, wanted) == 0;
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ChatRun            *run = user_data;
  g_autoptr (GError)  error = NULL;
  SoupMessageHeaders *headers;
  const char         *content_type;
  guint               status;

  run->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (run->stream == NULL)
    {
      g_autoptr (GError) mapped = io_error (run, error, FALSE);

      if (g_error_matches (mapped, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_CANCELLED))
        stream_failed (run, g_steal_pointer (&mapped));
      else
        attempt_failed (run, g_steal_pointer (&mapped));
      return;
    }

  run->connected = TRUE;
  run->last_activity = g_get_monotonic_time ();
  arm_timer (run);

  status = soup_message_get_status (run->message);
  headers = soup_message_get_response_headers (run->message);
  content_type = soup_message_headers_get_content_type (headers, NULL);
  g_debug ("HTTP %u, %s", status, content_type != NULL ? content_type : "no content type");

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      _mimo_client_read_all_async (run->stream, MIMO_CLIENT_MAX_ERROR_BODY, run->cancellable, error_body_cb, run);
      return;
    }

  if (_mimo_client_body_is_html (content_type, NULL))
    {
      _mimo_client_read_all_async (run->stream, MIMO_CLIENT_MAX_ERROR_BODY, run->cancellable, html_body_cb, run);
      return;
    }

  if (content_type_is (content_type, "application/json") ||
      (!content_type_is (content_type, "text/event-stream") && !mimo_chat_request_get_stream (mimo_completion_get_request (run->completion))))
    {
      _mimo_client_read_all_async (run->stream, MIMO_CLIENT_MAX_JSON_BODY, run->cancellable, json_body_cb, run);
      return;
    }

  if (run->buffer == NULL)
    run->buffer = g_malloc (READ_SIZE);
  read_next (run);
}

/* ------------------------------------------------------------ sending -- */

static void
send_attempt (ChatRun *run)
{
  g_autofree char    *authorization = NULL;
  SoupMessageHeaders *headers;
  gboolean            stream = mimo_chat_request_get_stream (mimo_completion_get_request (run->completion));
  g_autoptr (GError)  error = NULL;

  /* The key or the address may have changed while a retry waited. */
  if (!_mimo_client_check_ready (run->client, &error))
    {
      finish (run, MIMO_MESSAGE_STATE_FAILED, error);
      return;
    }

  run->attempt++;
  _mimo_completion_set_attempt (run->completion, run->attempt);

  run->cancellable = g_cancellable_new ();
  run->attempt_start = g_get_monotonic_time ();
  run->last_activity = run->attempt_start;
  mimo_sse_parser_reset (run->parser);

  run->message = soup_message_new (SOUP_METHOD_POST, run->url);
  headers = soup_message_get_request_headers (run->message);
  authorization = _mimo_client_dup_authorization (run->client);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", stream ? "text/event-stream" : "application/json");
  soup_message_set_request_body_from_bytes (run->message, "application/json", run->body);
  g_signal_connect (run->message, "wrote-headers", G_CALLBACK (wrote_headers_cb), run);

  /* The header copy of the key goes as soon as libsoup has its own. */
  memset (authorization, 0, strlen (authorization));

  arm_timer (run);

  g_debug ("POST %s (attempt %u of %u)", run->url, run->attempt, MIMO_CLIENT_MAX_ATTEMPTS);
  soup_session_send_async (_mimo_client_get_session (run->client), run->message, G_PRIORITY_DEFAULT,
                           run->cancellable, send_cb, run);
}

static void
completion_cancelled_cb (GCancellable *cancellable,
                         gpointer      user_data)
{
  ChatRun *run = user_data;

  /* Inside g_cancellable_cancel(): only pass it on; the pending operation
   * or the retry wait reports it from the main loop. */
  if (run->cancellable != NULL)
    g_cancellable_cancel (run->cancellable);
}

static gboolean
start_cb (gpointer user_data)
{
  ChatRun           *run = user_data;
  g_autoptr (GError) error = NULL;
  GCancellable      *cancellable = _mimo_completion_get_cancellable (run->completion);
  MimoChatRequest   *request = mimo_completion_get_request (run->completion);

  if (g_cancellable_is_cancelled (cancellable))
    {
      error = _mimo_client_error_cancelled ();
      finish (run, MIMO_MESSAGE_STATE_CANCELLED, error);
      return G_SOURCE_REMOVE;
    }

  /* Nothing is sent unless every parameter is in range, the address is
   * safe and there is a key. */
  run->body = mimo_chat_request_to_bytes (request, mimo_client_get_model (run->client), &error);
  if (run->body == NULL || !_mimo_client_check_ready (run->client, &error))
    {
      fail (run, g_steal_pointer (&error));
      return G_SOURCE_REMOVE;
    }

  run->url = _mimo_client_dup_endpoint (run->client, "chat/completions");
  run->parser = mimo_sse_parser_new ();
  /* Mutable nodes parse about 10% faster, and none outlives its event. */
  run->json = json_parser_new ();
  run->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (completion_cancelled_cb), run, NULL);

  send_attempt (run);
  return G_SOURCE_REMOVE;
}

void
_mimo_client_run_chat (MimoClient     *self,
                       MimoCompletion *completion,
                       GTask          *task)
{
  ChatRun            *run = g_new0 (ChatRun, 1);
  g_autoptr (GSource) idle = NULL;

  run->client = g_object_ref (self);
  run->completion = g_object_ref (completion);
  run->task = task;
  run->context = g_main_context_ref_thread_default ();

  /* Start from the main loop, so the caller can connect to the completion
   * before anything (even an early error) is reported. */
  idle = g_idle_source_new ();
  g_source_set_static_name (idle, "[mimo] start chat");
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, start_cb, run, NULL);
  g_source_attach (idle, run->context);
}
