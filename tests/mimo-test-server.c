/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-server.c: the HTTP side of the test server — routes, keys, recording, chunked streams. */

#define G_LOG_DOMAIN "mimo-test-server"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "mimo-test-server-private.h"
#include "mimo-test-server.h"

struct _MimoTestServer
{
  GObject parent_instance;

  SoupServer *server;
  char       *base_url;
  char       *api_key;
  char       *default_scenario;
  GQueue      queued;
  guint       token_delay_ms;
  char       *model_json;
  char       *model_scenario;
  GPtrArray  *requests;      /* MimoTestRequest */
  GHashTable *marker_counts; /* marker → requests seen with it */
  GPtrArray  *streams;       /* Stream, being written */
};

G_DEFINE_FINAL_TYPE (MimoTestServer, mimo_test_server, G_TYPE_OBJECT)

typedef struct
{
  MimoTestServer    *server;
  SoupServerMessage *message;
  GIOStream         *raw; /* a stolen connection, for cuts */
  TestResponse      *response;
  guint              next_step;
  guint              source_id;
  gboolean           waited;
} Stream;

static void
mimo_test_request_free (gpointer data)
{
  MimoTestRequest *request = data;

  g_free (request->method);
  g_free (request->path);
  g_free (request->body);
  g_free (request->authorization);
  g_free (request->user_agent);
  g_strfreev (request->headers);
  g_free (request->scenario);
  g_free (request);
}

static void
stream_free (Stream *stream)
{
  g_clear_handle_id (&stream->source_id, g_source_remove);
  if (stream->message != NULL)
    g_signal_handlers_disconnect_by_data (stream->message, stream);
  g_clear_object (&stream->message);
  if (stream->raw != NULL)
    g_io_stream_close (stream->raw, NULL, NULL);
  g_clear_object (&stream->raw);
  g_clear_pointer (&stream->response, test_response_free);
  g_free (stream);
}

static void
stream_done (Stream *stream)
{
  /* Frees it. */
  g_ptr_array_remove (stream->server->streams, stream);
}

/* ------------------------------------------------------------ chunked -- */

static gboolean stream_step_cb (gpointer user_data);

static void
schedule_step (Stream *stream,
               guint   delay_ms)
{
  stream->source_id = delay_ms > 0 ? g_timeout_add (delay_ms, stream_step_cb, stream)
                                   : g_idle_add (stream_step_cb, stream);
}

static void
raw_write (Stream *stream,
           GBytes *bytes)
{
  GOutputStream   *out = g_io_stream_get_output_stream (stream->raw);
  g_autofree char *size = g_strdup_printf ("%" G_GSIZE_MODIFIER "x\r\n", g_bytes_get_size (bytes));

  /* Loopback with a few kilobytes: the socket buffer takes it at once. */
  g_output_stream_write_all (out, size, strlen (size), NULL, NULL, NULL);
  g_output_stream_write_all (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL, NULL, NULL);
  g_output_stream_write_all (out, "\r\n", 2, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
}

/* Writes every step that has no delay, then waits for the next delay. */
static gboolean
stream_step_cb (gpointer user_data)
{
  Stream          *stream = user_data;
  GPtrArray       *steps = stream->response->steps;
  SoupMessageBody *body = stream->message != NULL ? soup_server_message_get_response_body (stream->message) : NULL;
  gboolean         wrote = FALSE;

  stream->source_id = 0;

  while (stream->next_step < steps->len)
    {
      TestStep *step = g_ptr_array_index (steps, stream->next_step);

      if (step->delay_ms > 0 && !stream->waited)
        {
          /* Let what was appended go out now, then wait. */
          stream->waited = TRUE;
          if (wrote && body != NULL)
            soup_server_message_unpause (stream->message);
          schedule_step (stream, step->delay_ms);
          return G_SOURCE_REMOVE;
        }

      stream->waited = FALSE;
      stream->next_step++;

      switch (step->kind)
        {
        case TEST_STEP_WRITE:
          if (stream->raw != NULL)
            raw_write (stream, step->bytes);
          else
            soup_message_body_append_bytes (body, step->bytes);
          wrote = TRUE;
          break;

        case TEST_STEP_STALL:
          if (body != NULL)
            soup_server_message_unpause (stream->message);
          /* Nothing more, ever: the client's idle timeout must fire. */
          return G_SOURCE_REMOVE;

        case TEST_STEP_CUT:
          /* No terminating chunk: the body is cut short. */
          stream_done (stream);
          return G_SOURCE_REMOVE;

        case TEST_STEP_END:
          stream->next_step = steps->len;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (stream->raw != NULL)
    {
      g_output_stream_write_all (g_io_stream_get_output_stream (stream->raw), "0\r\n\r\n", 5, NULL, NULL, NULL);
      stream_done (stream);
      return G_SOURCE_REMOVE;
    }

  soup_message_body_complete (body);
  soup_server_message_unpause (stream->message);
  return G_SOURCE_REMOVE;
}

static void
message_finished_cb (SoupServerMessage *message,
                     gpointer           user_data)
{
  stream_done (user_data);
}

static void
start_stream (MimoTestServer    *self,
              SoupServerMessage *message,
              TestResponse      *response)
{
  Stream *stream = g_new0 (Stream, 1);

  stream->server = self;
  stream->response = response;
  g_ptr_array_add (self->streams, stream);

  if (response->raw)
    {
      const char *head = "HTTP/1.1 200 OK\r\n"
                         "Content-Type: text/event-stream\r\n"
                         "Cache-Control: no-cache\r\n"
                         "Transfer-Encoding: chunked\r\n"
                         "Connection: close\r\n\r\n";

      /* Take the socket from libsoup to be able to drop it mid-chunk. */
      stream->raw = soup_server_message_steal_connection (message);
      g_output_stream_write_all (g_io_stream_get_output_stream (stream->raw), head, strlen (head), NULL, NULL, NULL);
      schedule_step (stream, 0);
      return;
    }

  stream->message = g_object_ref (message);
  soup_server_message_set_status (message, 200, NULL);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (message), SOUP_ENCODING_CHUNKED);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (message), response->content_type, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (message), "Cache-Control", "no-cache");
  g_signal_connect (message, "finished", G_CALLBACK (message_finished_cb), stream);

  soup_server_message_pause (message);
  schedule_step (stream, 0);
}

/* ------------------------------------------------------------ answers -- */

static void
send_whole (SoupServerMessage *message,
            TestResponse      *response)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (message);

  soup_server_message_set_status (message, response->status, NULL);
  if (response->retry_after != NULL)
    soup_message_headers_replace (headers, "Retry-After", response->retry_after);
  soup_server_message_set_response (message, response->content_type, SOUP_MEMORY_COPY,
                                    g_bytes_get_data (response->body, NULL),
                                    g_bytes_get_size (response->body));
}

static void
send_error (SoupServerMessage *message,
            guint              status,
            const char        *text,
            const char        *type,
            const char        *code)
{
  g_autoptr (TestResponse) response = test_response_new_error (status, text, type, code);

  send_whole (message, response);
}

/* Like the provider: no key, or the wrong one, is a 401 that repeats the
 * key it got (so the client's redaction is put to the test). */
static gboolean
check_key (MimoTestServer    *self,
           SoupServerMessage *message)
{
  const char      *header = soup_message_headers_get_one (soup_server_message_get_request_headers (message), "Authorization");
  const char      *key;
  g_autofree char *text = NULL;

  if (header == NULL || !g_str_has_prefix (header, "Bearer ") || header[7] == '\0')
    {
      send_error (message, 401, "You didn't provide an API key. Send it in the Authorization header (Bearer).",
                  "invalid_request_error", "missing_api_key");
      return FALSE;
    }

  key = header + 7;
  if (self->api_key == NULL || g_str_equal (key, self->api_key))
    return TRUE;

  text = g_strdup_printf ("Incorrect API key provided: %s. You can find your API key at https://empiriolabs.ai/dashboard.", key);
  send_error (message, 401, text, "invalid_request_error", "invalid_api_key");
  return FALSE;
}

static char *
choose_scenario (MimoTestServer *self,
                 const TestChat *chat)
{
  g_autofree char *marker = test_chat_find_marker (chat);

  if (marker != NULL)
    {
      g_auto (GStrv) steps = g_strsplit (marker, ",", -1);
      guint          n_steps = g_strv_length (steps);
      guint          seen = GPOINTER_TO_UINT (g_hash_table_lookup (self->marker_counts, marker));

      g_hash_table_replace (self->marker_counts, g_strdup (marker), GUINT_TO_POINTER (seen + 1));
      if (n_steps == 0)
        return g_strdup ("demo");
      return g_strstrip (g_strdup (steps[MIN (seen, n_steps - 1)]));
    }

  if (!g_queue_is_empty (&self->queued))
    return g_queue_pop_head (&self->queued);

  return g_strdup (self->default_scenario);
}

static void
handle_chat (MimoTestServer    *self,
             SoupServerMessage *message,
             MimoTestRequest   *record)
{
  SoupMessageBody       *body = soup_server_message_get_request_body (message);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (TestChat)   chat = NULL;
  g_autofree char       *scenario = NULL;
  TestResponse          *response;

  if (!g_str_equal (soup_server_message_get_method (message), SOUP_METHOD_POST))
    {
      send_error (message, 405, "Use POST for chat completions.", "invalid_request_error", NULL);
      return;
    }

  if (!check_key (self, message))
    return;

  if (!json_parser_load_from_data (parser, body->data, body->length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      send_error (message, 400, "We could not parse the JSON body of your request.", "invalid_request_error", NULL);
      return;
    }

  chat = test_chat_new_from_json (json_parser_get_root (parser));
  scenario = choose_scenario (self, chat);
  record->scenario = g_strdup (scenario);
  /* Only the scenario's name: its words come from the user's message. */
  g_debug ("Chat request: scenario “%.*s”, %s", (int) strcspn (scenario, " "), scenario,
           chat->stream ? "streaming" : "whole");

  response = test_response_new_for_scenario (scenario, chat, self->token_delay_ms);
  if (response->steps != NULL)
    start_stream (self, message, response);
  else
    {
      send_whole (message, response);
      test_response_free (response);
    }
}

static void
handle_model (MimoTestServer    *self,
              SoupServerMessage *message,
              const char        *name)
{
  if (!check_key (self, message))
    return;

  if (self->model_scenario != NULL)
    {
      g_autoptr (TestChat)     chat = test_chat_new_from_json (NULL);
      g_autoptr (TestResponse) response = test_response_new_for_scenario (self->model_scenario, chat, 0);

      if (response->body != NULL)
        {
          send_whole (message, response);
          return;
        }
    }

  if (!g_str_equal (name, "mimo-v2-flash"))
    {
      g_autofree char *text = g_strdup_printf ("The model '%s' does not exist.", name);

      send_error (message, 404, text, "invalid_request_error", "model_not_found");
      return;
    }

  soup_server_message_set_status (message, 200, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY,
                                    self->model_json, strlen (self->model_json));
}

static void
collect_header_cb (const char *name,
                   const char *value,
                   gpointer    user_data)
{
  g_autofree char *line = g_strdup_printf ("%s: %s", name, value);

  g_strv_builder_add (user_data, line);
}

static MimoTestRequest *
record_request (MimoTestServer    *self,
                SoupServerMessage *message,
                const char        *path)
{
  MimoTestRequest         *record = g_new0 (MimoTestRequest, 1);
  SoupMessageHeaders      *headers = soup_server_message_get_request_headers (message);
  SoupMessageBody         *body = soup_server_message_get_request_body (message);
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  record->method = g_strdup (soup_server_message_get_method (message));
  record->path = g_strdup (path);
  record->body = body->data != NULL ? g_strndup (body->data, body->length) : g_strdup ("");
  record->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  record->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
  soup_message_headers_foreach (headers, collect_header_cb, builder);
  record->headers = g_strv_builder_end (builder);
  g_ptr_array_add (self->requests, record);

  return record;
}

static void
server_cb (SoupServer        *server,
           SoupServerMessage *message,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  MimoTestServer  *self = user_data;
  MimoTestRequest *record = record_request (self, message, path);

  if (g_str_equal (path, "/v1/chat/completions"))
    handle_chat (self, message, record);
  else if (g_str_has_prefix (path, "/v1/models/"))
    handle_model (self, message, path + strlen ("/v1/models/"));
  else
    send_error (message, 404, "Unknown endpoint.", "invalid_request_error", NULL);
}

/* -------------------------------------------------------------- public -- */

MimoTestServer *
mimo_test_server_new (const char *api_key,
                      guint       port,
                      GError    **error)
{
  g_autoptr (MimoTestServer) self = g_object_new (MIMO_TYPE_TEST_SERVER, NULL);
  g_autoptr (GInetAddress)   loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  GSList                    *uris;
  GUri                      *uri;

  mimo_test_server_set_api_key (self, api_key);

  if (!soup_server_listen (self->server, address, 0, error))
    return NULL;

  uris = soup_server_get_uris (self->server);
  uri = uris->data;
  self->base_url = g_strdup_printf ("http://127.0.0.1:%d/v1", g_uri_get_port (uri));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return g_steal_pointer (&self);
}

const char *
mimo_test_server_get_base_url (MimoTestServer *self)
{
  g_return_val_if_fail (MIMO_IS_TEST_SERVER (self), NULL);

  return self->base_url;
}

void
mimo_test_server_set_api_key (MimoTestServer *self,
                              const char     *api_key)
{
  g_return_if_fail (MIMO_IS_TEST_SERVER (self));

  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
}

void
mimo_test_server_set_default_scenario (MimoTestServer *self,
                                       const char     *scenario)
{
  g_return_if_fail (MIMO_IS_TEST_SERVER (self));

  g_free (self->default_scenario);
  self->default_scenario = g_strdup (scenario != NULL ? scenario : "demo");
}

void
mimo_test_server_queue_scenario (MimoTestServer *self,
                                 const char     *scenario)
{
  g_return_if_fail (MIMO_IS_TEST_SERVER (self));
  g_return_if_fail (scenario != NULL);

  g_queue_push_tail (&self->queued, g_strdup (scenario));
}

void
mimo_test_server_set_token_delay (MimoTestServer *self,
                                  guint           delay_ms)
{
  g_return_if_fail (MIMO_IS_TEST_SERVER (self));

  self->token_delay_ms = delay_ms;
}

void
mimo_test_server_set_model_json (MimoTestServer *self,
                                 const char     *json)
{
  g_return_if_fail (MIMO_IS_TEST_SERVER (self));

  g_free (self->model_json);
  self->model_json = g_strdup (json != NULL ? json : test_default_model_json ());
}

void
mimo_test_server_set_model_scenario (MimoTestServer *self,
                                     const char     *scenario)
{
  g_return_if_fail (MIMO_IS_TEST_SERVER (self));

  g_free (self->model_scenario);
  self->model_scenario = g_strdup (scenario);
}

GPtrArray *
mimo_test_server_get_requests (MimoTestServer *self)
{
  g_return_val_if_fail (MIMO_IS_TEST_SERVER (self), NULL);

  return self->requests;
}

MimoTestRequest *
mimo_test_server_get_last_request (MimoTestServer *self)
{
  g_return_val_if_fail (MIMO_IS_TEST_SERVER (self), NULL);

  return self->requests->len > 0 ? g_ptr_array_index (self->requests, self->requests->len - 1) : NULL;
}

MimoTestRequest *
mimo_test_server_get_last_chat_request (MimoTestServer *self)
{
  g_return_val_if_fail (MIMO_IS_TEST_SERVER (self), NULL);

  for (guint i = self->requests->len; i > 0; i--)
    {
      MimoTestRequest *request = g_ptr_array_index (self->requests, i - 1);

      if (g_str_equal (request->path, "/v1/chat/completions"))
        return request;
    }

  return NULL;
}

guint
mimo_test_server_count_requests (MimoTestServer *self,
                                 const char     *path_suffix)
{
  guint n = 0;

  g_return_val_if_fail (MIMO_IS_TEST_SERVER (self), 0);

  for (guint i = 0; i < self->requests->len; i++)
    {
      MimoTestRequest *request = g_ptr_array_index (self->requests, i);

      if (path_suffix == NULL || g_str_has_suffix (request->path, path_suffix))
        n++;
    }

  return n;
}

void
mimo_test_server_clear_requests (MimoTestServer *self)
{
  g_return_if_fail (MIMO_IS_TEST_SERVER (self));

  g_ptr_array_set_size (self->requests, 0);
}

guint
mimo_test_server_get_n_active_streams (MimoTestServer *self)
{
  g_return_val_if_fail (MIMO_IS_TEST_SERVER (self), 0);

  return self->streams->len;
}

static void
mimo_test_server_dispose (GObject *object)
{
  MimoTestServer *self = MIMO_TEST_SERVER (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_ptr_array_set_size (self->streams, 0);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (mimo_test_server_parent_class)->dispose (object);
}

static void
mimo_test_server_finalize (GObject *object)
{
  MimoTestServer *self = MIMO_TEST_SERVER (object);

  g_free (self->base_url);
  g_free (self->api_key);
  g_free (self->default_scenario);
  g_queue_clear_full (&self->queued, g_free);
  g_free (self->model_json);
  g_free (self->model_scenario);
  g_ptr_array_unref (self->requests);
  g_hash_table_unref (self->marker_counts);
  g_ptr_array_unref (self->streams);

  G_OBJECT_CLASS (mimo_test_server_parent_class)->finalize (object);
}

static void
mimo_test_server_class_init (MimoTestServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mimo_test_server_dispose;
  object_class->finalize = mimo_test_server_finalize;
}

static void
mimo_test_server_init (MimoTestServer *self)
{
  self->server = soup_server_new ("server-header", "mimo-test-server", NULL);
  soup_server_add_handler (self->server, NULL, server_cb, self, NULL);
  self->default_scenario = g_strdup ("demo");
  g_queue_init (&self->queued);
  self->model_json = g_strdup (test_default_model_json ());
  self->requests = g_ptr_array_new_with_free_func (mimo_test_request_free);
  self->marker_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_free);
}
