/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-context.h: which history fits the model's context window, oldest turns dropped first. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Tokens a message costs beyond its text (role and framing). */
#define MIMO_CONTEXT_MESSAGE_OVERHEAD 4

/**
 * MimoContext:
 * @messages: the MimoMessages to send after the system prompt, oldest first
 * @n_left_out: older messages that did not fit and are not sent (the
 *   conversation shows a note when this is not 0)
 * @estimated_tokens: the prompt's size in tokens (≈ 4 characters each),
 *   system prompt and framing included
 * @n_chars: characters of everything sent, for mimo_usage_estimate()
 * @over_budget: even the newest question alone does not fit; it is sent
 *   anyway and the API will say so
 */
typedef struct
{
  GPtrArray *messages;
  guint      n_left_out;
  gint64     estimated_tokens;
  gint64     n_chars;
  gboolean   over_budget;
} MimoContext;

/* Chooses the history for a request: the system prompt plus as many whole
 * turns (a question with its answers) as fit in @context_window minus
 * @max_tokens (kept for the answer), newest first; older turns are left
 * out. The newest question is always kept. Failed answers, empty ones and
 * the answer still streaming are never sent. Pure: reads @history (a
 * GListModel of MimoMessage) and nothing else. */
MimoContext *mimo_context_select (const char *system_prompt,
                                  GListModel *history,
                                  gint64      context_window,
                                  gint64      max_tokens);
void         mimo_context_free (MimoContext *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoContext, mimo_context_free)

G_END_DECLS
