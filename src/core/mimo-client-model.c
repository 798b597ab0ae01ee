/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-client-model.c: the model schema (fetched once, its prices in use), "Test key", and whole bodies. */

#define G_LOG_DOMAIN "mimo-client"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-json.h"
#include "mimo-client-private.h"
#include "mimo-error.h"

/* The schema is small; anything bigger is not a schema. */
#define MAX_SCHEMA_BODY ((gsize) 1024 * 1024)

/* ----------------------------------------------------- whole bodies -- */

typedef struct
{
  GByteArray *buffer;
  gsize       filled;
  gsize       max;
  int         priority;
} ReadAll;

static void
read_all_free (gpointer data)
{
  ReadAll *read_all = data;

  g_byte_array_unref (read_all->buffer);
  g_free (read_all);
}

static void read_all_next (GTask *task);

static void
read_all_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  ReadAll          *read_all = g_task_get_task_data (task);
  GError           *error = NULL;
  gssize            n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }

  read_all->filled += n;
  if (n == 0 || read_all->filled >= read_all->max)
    {
      g_byte_array_set_size (read_all->buffer, read_all->filled);
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_byte_array_ref (read_all->buffer)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  read_all_next (g_steal_pointer (&task));
}

static void
read_all_next (GTask *task)
{
  ReadAll *read_all = g_task_get_task_data (task);
  gsize    want = MIN (16384, read_all->max - read_all->filled);

  g_byte_array_set_size (read_all->buffer, read_all->filled + want);
  g_input_stream_read_async (g_task_get_source_object (task),
                             read_all->buffer->data + read_all->filled, want,
                             read_all->priority, g_task_get_cancellable (task),
                             read_all_cb, task);
}

void
_mimo_client_read_all_async (GInputStream       *stream,
                             gsize               max,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  GTask   *task;
  ReadAll *read_all;

  g_return_if_fail (G_IS_INPUT_STREAM (stream));
  g_return_if_fail (max > 0);

  task = g_task_new (stream, cancellable, callback, user_data);
  g_task_set_source_tag (task, _mimo_client_read_all_async);
  read_all = g_new0 (ReadAll, 1);
  read_all->buffer = g_byte_array_new ();
  read_all->max = max;
  read_all->priority = G_PRIORITY_DEFAULT;
  g_task_set_task_data (task, read_all, read_all_free);

  read_all_next (task);
}

GBytes *
_mimo_client_read_all_finish (GInputStream *stream,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------- model schema -- */

typedef struct
{
  SoupMessage  *message;
  GCancellable *cancellable; /* ours: cancelled by the caller's, or the timeout */
  GCancellable *caller_cancellable;
  gulong        cancelled_id;
  guint         timeout_id;
  gboolean      timed_out;
  gboolean      cache;
  char         *secret; /* the key used, to keep it out of messages */
} GetData;

static void
get_data_free (gpointer data)
{
  GetData *get = data;

  g_clear_handle_id (&get->timeout_id, g_source_remove);
  if (get->caller_cancellable != NULL)
    g_cancellable_disconnect (get->caller_cancellable, get->cancelled_id);
  g_clear_object (&get->caller_cancellable);
  g_clear_object (&get->message);
  g_clear_object (&get->cancellable);
  _mimo_wipe_string (&get->secret);
  g_free (get);
}

static void
get_caller_cancelled_cb (GCancellable *caller_cancellable,
                         gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
get_timeout_cb (gpointer user_data)
{
  GetData *get = user_data;

  get->timeout_id = 0;
  get->timed_out = TRUE;
  g_cancellable_cancel (get->cancellable);

  return G_SOURCE_REMOVE;
}

static const char *
uri_host (SoupMessage *message)
{
  GUri *uri = soup_message_get_uri (message);

  return uri != NULL ? g_uri_get_host (uri) : NULL;
}

static void
get_fail (GTask        *task,
          const GError *error)
{
  GetData *get = g_task_get_task_data (task);

  if (get->timed_out)
    g_task_return_error (task, _mimo_client_error_timeout (TRUE, mimo_client_get_connect_timeout (g_task_get_source_object (task))));
  else
    g_task_return_error (task, _mimo_client_error_from_transport (error, uri_host (get->message)));
}

static void
get_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask)      task = user_data;
  GetData               *get = g_task_get_task_data (task);
  MimoClient            *self = g_task_get_source_object (task);
  g_autoptr (GError)     error = NULL;
  g_autoptr (GBytes)     body = NULL;
  g_autoptr (JsonParser) parser = NULL;
  guint                  status;
  JsonNode              *root;

  body = _mimo_client_read_all_finish (G_INPUT_STREAM (object), result, &error);
  if (body == NULL)
    {
      get_fail (task, error);
      return;
    }

  status = soup_message_get_status (get->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (get->message);

      g_debug ("GET model schema: HTTP %u", status);
      g_task_return_error (task, _mimo_client_error_from_status (status,
                                                                 soup_message_get_reason_phrase (get->message),
                                                                 soup_message_headers_get_content_type (headers, NULL),
                                                                 body,
                                                                 _mimo_client_parse_retry_after (soup_message_headers_get_one (headers, "Retry-After")),
                                                                 get->secret));
      return;
    }

  parser = json_parser_new_immutable ();
  if (!mimo_json_load (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_task_return_new_error (task, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_PROTOCOL, "%s",
                               _mimo_client_body_is_html (NULL, body)
                                 ? _ ("The server sent a web page instead of the model’s details. Check the API address in Preferences.")
                                 : _ ("The server sent the model’s details in a form Mimo Chat cannot read. Check the API address in Preferences."));
      return;
    }

  if (get->cache)
    _mimo_client_set_model_schema (self, json_node_get_object (root));

  g_task_return_pointer (task, json_object_ref (json_node_get_object (root)), (GDestroyNotify) json_object_unref);
}

static void
get_send_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask)        task = user_data;
  GetData                 *get = g_task_get_task_data (task);
  g_autoptr (GError)       error = NULL;
  g_autoptr (GInputStream) stream = NULL;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      get_fail (task, error);
      return;
    }

  _mimo_client_read_all_async (stream, MAX_SCHEMA_BODY, get->cancellable, get_read_cb, g_steal_pointer (&task));
}

static void
start_get (MimoClient *self,
           GTask      *task,
           const char *api_key,
           gboolean    cache)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *path = NULL;
  g_autofree char   *url = NULL;
  GetData           *get;

  if (!mimo_client_check_base_url (mimo_client_get_base_url (self), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }

  path = g_strconcat ("models/", mimo_client_get_model (self), NULL);
  url = _mimo_client_dup_endpoint (self, path);

  get = g_new0 (GetData, 1);
  get->cache = cache;
  get->secret = g_strdup (api_key);
  get->cancellable = g_cancellable_new ();
  get->message = soup_message_new (SOUP_METHOD_GET, url);
  g_task_set_task_data (task, get, get_data_free);

  if (get->message == NULL)
    {
      g_task_return_new_error (task, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INSECURE_URL,
                               _ ("The API address “%s” is not a web address. Correct it in Preferences."),
                               mimo_client_get_base_url (self));
      g_object_unref (task);
      return;
    }

  if (g_task_get_cancellable (task) != NULL)
    {
      get->caller_cancellable = g_object_ref (g_task_get_cancellable (task));
      get->cancelled_id = g_cancellable_connect (get->caller_cancellable, G_CALLBACK (get_caller_cancelled_cb),
                                                 g_object_ref (get->cancellable), g_object_unref);
    }

  if (api_key != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", api_key, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (get->message), "Authorization", authorization);
      _mimo_wipe_string (&authorization);
    }
  soup_message_headers_replace (soup_message_get_request_headers (get->message), "Accept", "application/json");

  if (mimo_client_get_connect_timeout (self) > 0)
    get->timeout_id = g_timeout_add_seconds (mimo_client_get_connect_timeout (self), get_timeout_cb, get);

  g_debug ("GET %s", url);
  soup_session_send_async (_mimo_client_get_session (self), get->message, G_PRIORITY_DEFAULT, get->cancellable, get_send_cb, task);
}

void
mimo_client_fetch_model_async (MimoClient         *self,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (MIMO_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mimo_client_fetch_model_async);

  if (mimo_client_get_model_schema (self) != NULL)
    {
      g_task_return_pointer (task, json_object_ref (mimo_client_get_model_schema (self)), (GDestroyNotify) json_object_unref);
      g_object_unref (task);
      return;
    }

  start_get (self, task, _mimo_client_peek_api_key (self), TRUE);
}

JsonObject *
mimo_client_fetch_model_finish (MimoClient   *self,
                                GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (MIMO_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
mimo_client_test_key_async (MimoClient         *self,
                            const char         *api_key,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (MIMO_IS_CLIENT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mimo_client_test_key_async);

  if (api_key == NULL || api_key[0] == '\0')
    api_key = _mimo_client_peek_api_key (self);
  if (api_key == NULL)
    {
      g_task_return_error (task, _mimo_client_error_no_key ());
      g_object_unref (task);
      return;
    }

  start_get (self, task, api_key, FALSE);
}

gboolean
mimo_client_test_key_finish (MimoClient   *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_autoptr (JsonObject) schema = NULL;

  g_return_val_if_fail (MIMO_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  schema = g_task_propagate_pointer (G_TASK (result), error);
  return schema != NULL;
}
