/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-completion-private.h: how the client fills a completion; not for views. */

#pragma once

#include "mimo-completion.h"

G_BEGIN_DECLS

/* A completion in the streaming state. Its cancellable follows
 * @cancellable (may be NULL) and mimo_completion_cancel(). */
MimoCompletion *_mimo_completion_new (MimoChatRequest   *request,
                                      const MimoPricing *pricing,
                                      GCancellable      *cancellable);

GCancellable *_mimo_completion_get_cancellable (MimoCompletion *self);

/* Appends text (either may be NULL or empty) and emits `delta`. */
void     _mimo_completion_append (MimoCompletion *self,
                                  const char     *content,
                                  gsize           content_len,
                                  const char     *reasoning,
                                  gsize           reasoning_len);
gboolean _mimo_completion_has_text (MimoCompletion *self);

void _mimo_completion_set_attempt (MimoCompletion *self,
                                   guint           attempt);
void _mimo_completion_emit_retrying (MimoCompletion *self,
                                     guint           attempt,
                                     double          delay_seconds,
                                     const GError   *error);
void _mimo_completion_set_finish_reason (MimoCompletion *self,
                                         const char     *finish_reason);
void _mimo_completion_set_response_id (MimoCompletion *self,
                                       const char     *response_id);

/* Takes @usage; @pricing (the client's at that moment) is copied. */
void _mimo_completion_set_usage (MimoCompletion    *self,
                                 MimoUsage         *usage,
                                 const MimoPricing *pricing);

/* Leaves the streaming state for @state; @error is copied (NULL when
 * complete). Emits `finished` and completes every wait. Only the first
 * call counts. */
void _mimo_completion_finish (MimoCompletion  *self,
                              MimoMessageState state,
                              const GError    *error);

G_END_DECLS
