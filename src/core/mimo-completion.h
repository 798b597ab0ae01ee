/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-completion.h: one chat request in flight — its state, text, usage and cost as they arrive. */

#pragma once

#include <gio/gio.h>

#include "mimo-chat-request.h"
#include "mimo-pricing.h"
#include "mimo-types.h"
#include "mimo-usage.h"

G_BEGIN_DECLS

#define MIMO_TYPE_COMPLETION (mimo_completion_get_type ())

G_DECLARE_FINAL_TYPE (MimoCompletion, mimo_completion, MIMO, COMPLETION, GObject)

/**
 * MimoCompletion:
 *
 * The answer to one #MimoChatRequest, made by mimo_client_chat_async().
 * It exists before the first byte is sent, so connect to it at once:
 *
 * - `delta (const char *content, const char *reasoning)`: text arrived;
 *   either may be NULL. Emitted on the main context that started the
 *   request, the moment the bytes are read. The `content` and `reasoning`
 *   properties grow with it but are not notified for every delta (that
 *   would cost a notification per token): read them in the handler.
 * - `retrying (guint attempt, double delay_seconds, GError *error)`: the
 *   request failed before any text came (@error says why) and will be sent
 *   again, as attempt number @attempt, after @delay_seconds.
 * - `finished`: the state left %MIMO_MESSAGE_STATE_STREAMING, once.
 *
 * After a cut stream, a cancel or an error, the text received so far stays
 * in `content`/`reasoning`, `state` says which (cancelled, interrupted,
 * failed) and `error` says why in words for the user.
 */

MimoChatRequest *mimo_completion_get_request (MimoCompletion *self);

MimoMessageState mimo_completion_get_state (MimoCompletion *self);
gboolean         mimo_completion_is_finished (MimoCompletion *self);

/* Never NULL: "" until text arrives. */
const char *mimo_completion_get_content (MimoCompletion *self);
gsize       mimo_completion_get_content_length (MimoCompletion *self);
const char *mimo_completion_get_reasoning (MimoCompletion *self);
gsize       mimo_completion_get_reasoning_length (MimoCompletion *self);

/* "stop", "length", … or NULL when the provider did not say (yet). */
const char *mimo_completion_get_finish_reason (MimoCompletion *self);

/* The provider's id for this answer ("chatcmpl-…"), or NULL. */
const char *mimo_completion_get_response_id (MimoCompletion *self);

/* The provider's usage, NULL until it arrived (a cut or cancelled stream
 * may never have one). */
const MimoUsage *mimo_completion_get_usage (MimoCompletion *self);

/* The usage, or when there is none an estimate from the text (marked
 * `estimated`), so a cancelled answer still shows what it probably cost. */
MimoUsage *mimo_completion_dup_usage_or_estimate (MimoCompletion *self);

/* Why it did not complete, or NULL. MIMO_CLIENT_ERROR domain. */
const GError *mimo_completion_get_error (MimoCompletion *self);

/* Microseconds from the start to the first text, or -1 before it. */
gint64 mimo_completion_get_time_to_first_token (MimoCompletion *self);

/* Microseconds from the start to the end, or -1 while streaming. */
gint64 mimo_completion_get_duration (MimoCompletion *self);

/* The prices the cost is computed with (the client's when the usage came). */
const MimoPricing *mimo_completion_get_pricing (MimoCompletion *self);

/* Our cost from the usage and the pricing, in nano-dollars; -1 without usage. */
gint64 mimo_completion_get_computed_cost (MimoCompletion *self);

/* 1 for the first try, 2 or 3 after automatic retries. */
guint mimo_completion_get_attempt (MimoCompletion *self);

/* Stops the request; the text so far is kept and the state becomes
 * %MIMO_MESSAGE_STATE_CANCELLED (unless it already finished). */
void mimo_completion_cancel (MimoCompletion *self);

/* Completes when the completion has finished (at once if it has).
 * _finish returns TRUE when the answer is complete, FALSE with the
 * completion's error otherwise. Cancelling @cancellable abandons the wait
 * only (G_IO_ERROR_CANCELLED), not the request. */
void     mimo_completion_wait_async (MimoCompletion     *self,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean mimo_completion_wait_finish (MimoCompletion *self,
                                      GAsyncResult   *result,
                                      GError        **error);

G_END_DECLS
