/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-message-row.h: one message of the conversation list: the words, the thinking, what it cost, its actions. */

#pragma once

#include <adwaita.h>

#include "mimo-message.h"

G_BEGIN_DECLS

#define MIMO_TYPE_MESSAGE_ROW (mimo_message_row_get_type ())

G_DECLARE_FINAL_TYPE (MimoMessageRow, mimo_message_row, MIMO, MESSAGE_ROW, GtkWidget)

/**
 * MimoMessageRow:
 *
 * A recycled row of the chat's GtkListView. The person's messages sit in a
 * bubble at the end of the line; answers use the full (clamped) width,
 * with their thinking folded above them, a footer with tokens, cost,
 * searches and time, and what happened when they did not finish.
 *
 * Properties: `message` (the message shown, or NULL between binds),
 * `is-last` (the last message of the chat: only it offers Answer Again
 * and Retry), `draft-available` (the window has `win.add-to-draft`).
 *
 * Its buttons activate the chat view's actions with the message id as an
 * `x` target: `chat.edit`, `chat.regenerate`, `chat.retry`,
 * `chat.delete-message`; "Add to Draft" activates `win.add-to-draft` with
 * `(xs)`: the id and the selected text, or "" for the whole answer.
 */
GtkWidget   *mimo_message_row_new (void);
MimoMessage *mimo_message_row_get_message (MimoMessageRow *self);
void         mimo_message_row_set_message (MimoMessageRow *self,
                                           MimoMessage    *message);
gboolean     mimo_message_row_get_is_last (MimoMessageRow *self);
void         mimo_message_row_set_is_last (MimoMessageRow *self,
                                           gboolean        is_last);
gboolean     mimo_message_row_get_draft_available (MimoMessageRow *self);
void         mimo_message_row_set_draft_available (MimoMessageRow *self,
                                                   gboolean        available);

/* Words for the footer and the thinking header (tested on their own). */
char *mimo_message_row_describe_usage (MimoMessage *message);
char *mimo_message_row_describe_thinking (gint64 thinking_us);

G_END_DECLS
