/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-chat-request.h: what one chat request sends — the messages, the parameters, streaming or not. */

#pragma once

#include <json-glib/json-glib.h>

#include "mimo-chat-params.h"
#include "mimo-types.h"

G_BEGIN_DECLS

#define MIMO_TYPE_CHAT_REQUEST (mimo_chat_request_get_type ())

G_DECLARE_FINAL_TYPE (MimoChatRequest, mimo_chat_request, MIMO, CHAT_REQUEST, GObject)

/* A request with the given parameters (copied; NULL for the card's
 * defaults), no message yet, and streaming on. */
MimoChatRequest *mimo_chat_request_new (const MimoChatParams *params);

/* Appends a message. @reasoning_content is only sent for assistant
 * messages, and only when not NULL (MiMo wants it back in some multi-turn
 * tool flows). */
void mimo_chat_request_add_message (MimoChatRequest *self,
                                    MimoRole         role,
                                    const char      *content,
                                    const char      *reasoning_content);

guint       mimo_chat_request_get_n_messages (MimoChatRequest *self);
MimoRole    mimo_chat_request_get_message_role (MimoChatRequest *self,
                                                guint            index);
const char *mimo_chat_request_get_message_content (MimoChatRequest *self,
                                                   guint            index);
const char *mimo_chat_request_get_message_reasoning (MimoChatRequest *self,
                                                     guint            index);

/* The parameters, to read or change before the request is sent. */
MimoChatParams *mimo_chat_request_get_params (MimoChatRequest *self);
void            mimo_chat_request_set_params (MimoChatRequest      *self,
                                              const MimoChatParams *params);

gboolean mimo_chat_request_get_stream (MimoChatRequest *self);
void     mimo_chat_request_set_stream (MimoChatRequest *self,
                                       gboolean         stream);

/* The characters of every message, for usage estimates when the provider
 * sends none. */
gint64 mimo_chat_request_count_prompt_chars (MimoChatRequest *self);

/* The request body: `model`, `messages`, `stream` (with
 * `stream_options.include_usage` when streaming) and every card parameter.
 * Fails with MIMO_CLIENT_ERROR_INVALID_PARAMETER when a parameter is out of
 * range or there is no message, so nothing invalid is ever sent. */
JsonNode *mimo_chat_request_to_json (MimoChatRequest *self,
                                     const char      *model,
                                     GError         **error);
GBytes   *mimo_chat_request_to_bytes (MimoChatRequest *self,
                                      const char      *model,
                                      GError         **error);

G_END_DECLS
