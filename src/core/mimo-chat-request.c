/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-chat-request.c: the messages and parameters of one chat request, and its exact JSON body. */

#define G_LOG_DOMAIN "mimo-chat-request"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-chat-request.h"
#include "mimo-error.h"

typedef struct
{
  MimoRole role;
  char    *content;
  char    *reasoning;
} Message;

struct _MimoChatRequest
{
  GObject parent_instance;

  GArray         *messages; /* of Message */
  MimoChatParams *params;
  gboolean        stream;
};

G_DEFINE_FINAL_TYPE (MimoChatRequest, mimo_chat_request, G_TYPE_OBJECT)

static void
message_clear (gpointer data)
{
  Message *message = data;

  g_free (message->content);
  g_free (message->reasoning);
}

MimoChatRequest *
mimo_chat_request_new (const MimoChatParams *params)
{
  MimoChatRequest *self = g_object_new (MIMO_TYPE_CHAT_REQUEST, NULL);

  if (params != NULL)
    mimo_chat_request_set_params (self, params);

  return self;
}

void
mimo_chat_request_add_message (MimoChatRequest *self,
                               MimoRole         role,
                               const char      *content,
                               const char      *reasoning_content)
{
  Message message;

  g_return_if_fail (MIMO_IS_CHAT_REQUEST (self));
  g_return_if_fail (role <= MIMO_ROLE_ASSISTANT);

  message.role = role;
  message.content = g_strdup (content != NULL ? content : "");
  message.reasoning = role == MIMO_ROLE_ASSISTANT ? g_strdup (reasoning_content) : NULL;
  g_array_append_val (self->messages, message);
}

guint
mimo_chat_request_get_n_messages (MimoChatRequest *self)
{
  g_return_val_if_fail (MIMO_IS_CHAT_REQUEST (self), 0);

  return self->messages->len;
}

static const Message *
get_message (MimoChatRequest *self,
             guint            index)
{
  g_return_val_if_fail (MIMO_IS_CHAT_REQUEST (self), NULL);
  g_return_val_if_fail (index < self->messages->len, NULL);

  return &g_array_index (self->messages, Message, index);
}

MimoRole
mimo_chat_request_get_message_role (MimoChatRequest *self,
                                    guint            index)
{
  const Message *message = get_message (self, index);

  return message != NULL ? message->role : MIMO_ROLE_USER;
}

const char *
mimo_chat_request_get_message_content (MimoChatRequest *self,
                                       guint            index)
{
  const Message *message = get_message (self, index);

  return message != NULL ? message->content : NULL;
}

const char *
mimo_chat_request_get_message_reasoning (MimoChatRequest *self,
                                         guint            index)
{
  const Message *message = get_message (self, index);

  return message != NULL ? message->reasoning : NULL;
}

MimoChatParams *
mimo_chat_request_get_params (MimoChatRequest *self)
{
  g_return_val_if_fail (MIMO_IS_CHAT_REQUEST (self), NULL);

  return self->params;
}

void
mimo_chat_request_set_params (MimoChatRequest      *self,
                              const MimoChatParams *params)
{
  g_return_if_fail (MIMO_IS_CHAT_REQUEST (self));
  g_return_if_fail (params != NULL);

  if (params == self->params)
    return;

  g_clear_pointer (&self->params, mimo_chat_params_free);
  self->params = mimo_chat_params_copy (params);
}

gboolean
mimo_chat_request_get_stream (MimoChatRequest *self)
{
  g_return_val_if_fail (MIMO_IS_CHAT_REQUEST (self), FALSE);

  return self->stream;
}

void
mimo_chat_request_set_stream (MimoChatRequest *self,
                              gboolean         stream)
{
  g_return_if_fail (MIMO_IS_CHAT_REQUEST (self));

  self->stream = !!stream;
}

gint64
mimo_chat_request_count_prompt_chars (MimoChatRequest *self)
{
  gint64 n = 0;

  g_return_val_if_fail (MIMO_IS_CHAT_REQUEST (self), 0);

  for (guint i = 0; i < self->messages->len; i++)
    {
      const Message *message = &g_array_index (self->messages, Message, i);

      n += g_utf8_strlen (message->content, -1);
      if (message->reasoning != NULL)
        n += g_utf8_strlen (message->reasoning, -1);
    }

  return n;
}

static gboolean
check_messages (MimoChatRequest *self,
                GError         **error)
{
  if (self->messages->len == 0)
    {
      g_set_error_literal (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER,
                           _ ("There is no message to send. Write a question first."));
      return FALSE;
    }

  for (guint i = 0; i < self->messages->len; i++)
    {
      const Message *message = &g_array_index (self->messages, Message, i);

      if (!g_utf8_validate (message->content, -1, NULL) ||
          (message->reasoning != NULL && !g_utf8_validate (message->reasoning, -1, NULL)))
        {
          g_set_error_literal (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER,
                               _ ("A message holds characters that are not valid text (UTF-8). Remove them and try again."));
          return FALSE;
        }
    }

  return TRUE;
}

JsonNode *
mimo_chat_request_to_json (MimoChatRequest *self,
                           const char      *model,
                           GError         **error)
{
  g_autoptr (JsonBuilder) builder = NULL;

  g_return_val_if_fail (MIMO_IS_CHAT_REQUEST (self), NULL);
  g_return_val_if_fail (model != NULL, NULL);

  if (!mimo_chat_params_validate (self->params, error) || !check_messages (self, error))
    return NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->messages->len; i++)
    {
      const Message *message = &g_array_index (self->messages, Message, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, mimo_role_to_string (message->role));
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, message->content);
      if (message->reasoning != NULL)
        {
          json_builder_set_member_name (builder, "reasoning_content");
          json_builder_add_string_value (builder, message->reasoning);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "stream");
  json_builder_add_boolean_value (builder, self->stream);
  if (self->stream)
    {
      /* Without it a stream carries no usage, and cost would be a guess. */
      json_builder_set_member_name (builder, "stream_options");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "include_usage");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
    }

  mimo_chat_params_add_to_builder (self->params, builder);

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

GBytes *
mimo_chat_request_to_bytes (MimoChatRequest *self,
                            const char      *model,
                            GError         **error)
{
  g_autoptr (JsonNode)      root = NULL;
  g_autoptr (JsonGenerator) generator = NULL;
  gsize                     length = 0;
  char                     *text;

  root = mimo_chat_request_to_json (self, model, error);
  if (root == NULL)
    return NULL;

  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);

  return g_bytes_new_take (text, length);
}

static void
mimo_chat_request_finalize (GObject *object)
{
  MimoChatRequest *self = MIMO_CHAT_REQUEST (object);

  g_clear_pointer (&self->messages, g_array_unref);
  g_clear_pointer (&self->params, mimo_chat_params_free);

  G_OBJECT_CLASS (mimo_chat_request_parent_class)->finalize (object);
}

static void
mimo_chat_request_class_init (MimoChatRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mimo_chat_request_finalize;
}

static void
mimo_chat_request_init (MimoChatRequest *self)
{
  self->messages = g_array_new (FALSE, FALSE, sizeof (Message));
  g_array_set_clear_func (self->messages, message_clear);
  self->params = mimo_chat_params_new ();
  self->stream = TRUE;
}
