/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-turn.h: one question and its answer, from the history sent to the ledger row written. */

#pragma once

#include <gio/gio.h>

#include "mimo-chat-params.h"
#include "mimo-client.h"
#include "mimo-completion.h"
#include "mimo-conversation.h"
#include "mimo-message.h"
#include "mimo-store.h"

G_BEGIN_DECLS

#define MIMO_TYPE_TURN (mimo_turn_get_type ())

G_DECLARE_FINAL_TYPE (MimoTurn, mimo_turn, MIMO, TURN, GObject)

/**
 * MimoTurn:
 *
 * The one path from "send" to a saved answer, shared by the window and the
 * command line:
 *
 * 1. the question is added to the conversation (saved at once);
 * 2. the history that fits the context window is chosen (mimo_context_select());
 * 3. an empty answer is added in the STREAMING state and the request sent;
 * 4. every delta grows the answer (saved at most every 250 ms);
 * 5. at the end the answer gets its usage, cost, finish reason and state,
 *    and one row is written to the spend ledger — for failed, cancelled
 *    and cut requests too (estimated from the text when no usage came).
 *
 * Properties: `conversation`, `question`, `answer` and `completion` (set
 * as the turn goes, with notifications), `n-left-out` (older messages that
 * did not fit in the context window and were not sent).
 */

/* @params: the parameters for this request (the conversation's, with any
 * per-message toggles applied); copied. */
MimoTurn *mimo_turn_new (MimoStore            *store,
                         MimoClient           *client,
                         MimoConversation     *conversation,
                         const MimoChatParams *params);

/* Adds @question as the user's message, then answers it. */
void mimo_turn_ask_async (MimoTurn           *self,
                          const char         *question,
                          GCancellable       *cancellable,
                          GAsyncReadyCallback callback,
                          gpointer            user_data);

/* Answers the conversation's last message, which must be the user's
 * (Regenerate and Retry remove the old answer first). */
void mimo_turn_answer_async (MimoTurn           *self,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data);

/* TRUE when the answer is complete; FALSE with the plain-language error
 * otherwise (the partial answer stays in the conversation, marked). */
gboolean mimo_turn_finish (MimoTurn     *self,
                           GAsyncResult *result,
                           GError      **error);

/* Stops the answer; the text so far is kept and marked cancelled. */
void mimo_turn_cancel (MimoTurn *self);

MimoConversation *mimo_turn_get_conversation (MimoTurn *self);
MimoMessage      *mimo_turn_get_question (MimoTurn *self);
MimoMessage      *mimo_turn_get_answer (MimoTurn *self);
MimoCompletion   *mimo_turn_get_completion (MimoTurn *self);
guint             mimo_turn_get_n_left_out (MimoTurn *self);

G_END_DECLS
