/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-cli-ask.h: one `--ask` run — what it was asked, and how the answer is printed. */

#pragma once

#include "mimo-chat-params.h"
#include "mimo-client.h"
#include "mimo-store.h"

G_BEGIN_DECLS

/**
 * MimoCliAsk:
 * @question: the user's message
 * @system: the system message for a new chat, or NULL for the provider's own
 * @params: the card parameters for this question, validated
 * @defaults: the parameters new chats start from (the app's Preferences);
 *   a chat's own are saved relative to them, as the app reads them
 * @json: print one JSON object at the end instead of streaming text
 * @show_thinking: stream the reasoning to stderr
 * @timeout: seconds of silence after which the request gives up (0: the
 *   client's defaults)
 * @conversation_id: the chat the exchange was saved in (> 0 once saved);
 *   added to the --json object
 * @message_id: the saved answer's id (> 0 once saved), likewise
 * @key_problem: why the keyring gave no key, or NULL (for the message
 *   when there is no key at all)
 *
 * The parsed command line of one `--ask`, and where its answer went.
 */
typedef struct
{
  char           *question;
  char           *system;
  MimoChatParams *params;
  MimoChatParams *defaults;
  gboolean        json;
  gboolean        show_thinking;
  int             timeout;

  gint64 conversation_id;
  gint64 message_id;
  char  *key_problem;
} MimoCliAsk;

MimoCliAsk *mimo_cli_ask_new (void);
void        mimo_cli_ask_free (MimoCliAsk *self);

/* Asks in @conversation, or in a new chat when it is NULL (its system
 * prompt @system, its parameters @params), through MimoTurn: the question
 * and the answer are saved in @store as the answer streams, and the
 * request goes on the ledger. Streams or collects the answer and returns
 * the exit status (MimoCliExit). Ctrl+C cancels; what came is kept,
 * marked cancelled. When nothing could be sent (no key, an unsafe
 * address), nothing is added to the history. */
int mimo_cli_ask_run (MimoCliAsk       *self,
                      MimoClient       *client,
                      MimoStore        *store,
                      MimoConversation *conversation);

/* The --json object for a finished @completion (the ids when set). */
char *mimo_cli_ask_format_json (MimoCliAsk     *self,
                                MimoCompletion *completion);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoCliAsk, mimo_cli_ask_free)

G_END_DECLS
