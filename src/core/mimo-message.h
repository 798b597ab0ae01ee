/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-message.h: one message of a conversation, able to grow while its answer streams. */

#pragma once

#include <gio/gio.h>

#include "mimo-chat-params.h"
#include "mimo-types.h"
#include "mimo-usage.h"

G_BEGIN_DECLS

#define MIMO_TYPE_MESSAGE (mimo_message_get_type ())

G_DECLARE_FINAL_TYPE (MimoMessage, mimo_message, MIMO, MESSAGE, GObject)

/**
 * MimoMessage:
 *
 * A message: who wrote it, its text and (for answers) the thinking text,
 * how its request went, the parameters it was sent with, and what it cost.
 *
 * While an answer streams, append each delta with
 * mimo_message_append_content(); appends are amortized O(1). Views get
 * `notify::content` / `notify::reasoning` at most once per 16 ms (one frame),
 * so a 65,536-token stream cannot flood them; every other property notifies
 * at once (after any pending text notification, so a view sees the final
 * text before the state changes).
 *
 * Once added to a conversation of a #MimoStore, every change is saved:
 * text at most every 250 ms while streaming, a state change at once. Set
 * the usage and finish reason before the final state so they are saved
 * together.
 *
 * Properties: id, conversation-id, role, content, reasoning, finish-reason,
 * state, error-text, created (GDateTime), params (MimoChatParams), usage
 * (MimoUsage or NULL), cost (computed nano-dollars), provider-cost
 * (nano-dollars, -1 when the provider sent none), thinking-duration and
 * duration (microseconds, -1 when unknown).
 */

/* A new message, not yet in a conversation (id 0). @content may be NULL.
 * State COMPLETE; created now. */
MimoMessage *mimo_message_new (MimoRole    role,
                               const char *content);

gint64   mimo_message_get_id (MimoMessage *self);
gint64   mimo_message_get_conversation_id (MimoMessage *self);
MimoRole mimo_message_get_role (MimoMessage *self);

/* Text is loaded from the database on first use for stored messages (in
 * pages of neighbours), so these may do a small read the first time. */
const char *mimo_message_get_content (MimoMessage *self);
gsize       mimo_message_get_content_length (MimoMessage *self);
void        mimo_message_set_content (MimoMessage *self,
                                      const char  *content);
void        mimo_message_append_content (MimoMessage *self,
                                         const char  *delta,
                                         gssize       length);
const char *mimo_message_get_reasoning (MimoMessage *self);
gsize       mimo_message_get_reasoning_length (MimoMessage *self);
void        mimo_message_set_reasoning (MimoMessage *self,
                                        const char  *reasoning);
void        mimo_message_append_reasoning (MimoMessage *self,
                                           const char  *delta,
                                           gssize       length);

const char *mimo_message_get_finish_reason (MimoMessage *self);
void        mimo_message_set_finish_reason (MimoMessage *self,
                                            const char  *finish_reason);

MimoMessageState mimo_message_get_state (MimoMessage *self);
/* Plain words for the user when the state is FAILED (or why it was cut). */
const char *mimo_message_get_error_text (MimoMessage *self);
void        mimo_message_set_state (MimoMessage     *self,
                                    MimoMessageState state,
                                    const char      *error_text);

/* Microseconds since the epoch (UTC), and the same as a local GDateTime. */
gint64     mimo_message_get_created_us (MimoMessage *self);
GDateTime *mimo_message_get_created (MimoMessage *self);

/* The parameters the request was sent with (NULL for user messages or
 * when unknown). */
const MimoChatParams *mimo_message_get_params (MimoMessage *self);
void                  mimo_message_set_params (MimoMessage          *self,
                                               const MimoChatParams *params);

/* What the request that produced this answer used, or NULL before it
 * ended. @cost_nanos is our computation at the prices of the time; the
 * provider's figure comes from @usage. */
const MimoUsage *mimo_message_get_usage (MimoMessage *self);
void             mimo_message_set_usage (MimoMessage     *self,
                                         const MimoUsage *usage,
                                         gint64           cost_nanos);
gint64           mimo_message_get_cost_nanos (MimoMessage *self);
/* The provider's cost_usd in nano-dollars, or -1 when it sent none. */
gint64 mimo_message_get_provider_cost_nanos (MimoMessage *self);

/* How long the model thought before it began the answer (from its first
 * thinking text to its first answer text, or to the end of the stream when
 * no answer came), and how long the whole request took, in microseconds;
 * -1 when it did not think or the time is unknown (older messages). */
gint64 mimo_message_get_thinking_us (MimoMessage *self);
gint64 mimo_message_get_duration_us (MimoMessage *self);
void   mimo_message_set_timings (MimoMessage *self,
                                 gint64       thinking_us,
                                 gint64       duration_us);

/* Sends any pending coalesced text notification now. */
void mimo_message_flush_notify (MimoMessage *self);

G_END_DECLS
