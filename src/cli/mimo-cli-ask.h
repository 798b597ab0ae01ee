/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-cli-ask.h: one `--ask` run — what it was asked, and how the answer is printed. */

#pragma once

#include "mimo-chat-params.h"
#include "mimo-client.h"

G_BEGIN_DECLS

/**
 * MimoCliAsk:
 * @question: the user's message
 * @system: the system message, or NULL for the provider's own
 * @params: the card parameters, validated
 * @json: print one JSON object at the end instead of streaming text
 * @show_thinking: stream the reasoning to stderr
 * @conversation_id: > 0 when the exchange was saved in a conversation; added
 *   to the --json object (set by the history code, which is not part of
 *   this file)
 * @message_id: > 0 likewise, the saved answer's id
 *
 * The parsed command line. History plugs in around
 * mimo_cli_ask_build_request() (earlier messages go before the question)
 * and before the output (the ids above).
 */
typedef struct
{
  char           *question;
  char           *system;
  MimoChatParams *params;
  gboolean        json;
  gboolean        show_thinking;

  gint64 conversation_id;
  gint64 message_id;
} MimoCliAsk;

MimoCliAsk *mimo_cli_ask_new (void);
void        mimo_cli_ask_free (MimoCliAsk *self);

/* The request for this run: the system message, then the question. */
MimoChatRequest *mimo_cli_ask_build_request (MimoCliAsk *self);

/* Sends the question with @client, streams or collects the answer, and
 * returns the exit status (MimoCliExit). Ctrl+C cancels. */
int mimo_cli_ask_run (MimoCliAsk *self,
                      MimoClient *client);

/* The --json object for a finished @completion (the ids when set). */
char *mimo_cli_ask_format_json (MimoCliAsk     *self,
                                MimoCompletion *completion);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoCliAsk, mimo_cli_ask_free)

G_END_DECLS
