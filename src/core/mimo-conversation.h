/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-conversation.h: a conversation: title, prompt, parameter overrides, draft, messages, spend. */

#pragma once

#include <gio/gio.h>

#include "mimo-chat-params.h"
#include "mimo-ledger.h"
#include "mimo-message.h"

G_BEGIN_DECLS

#define MIMO_TYPE_CONVERSATION (mimo_conversation_get_type ())

G_DECLARE_FINAL_TYPE (MimoConversation, mimo_conversation, MIMO, CONVERSATION, GObject)

/**
 * MimoConversation:
 *
 * Conversations come from a #MimoStore (mimo_store_create_conversation(),
 * or its list); every change is saved by the store. One made with
 * mimo_conversation_new() lives in memory only (tests, previews).
 *
 * Properties: id, title, created, updated (GDateTime), system-prompt,
 * param-overrides (JSON text), draft, n-messages, totals (MimoLedgerTotals).
 */
MimoConversation *mimo_conversation_new (void);

gint64 mimo_conversation_get_id (MimoConversation *self);

/* Never NULL: the user's title, the one made from the first question, or
 * "New Chat". */
const char *mimo_conversation_get_title (MimoConversation *self);
/* Renames. Returns FALSE (and changes nothing) for an empty title. */
gboolean mimo_conversation_set_title (MimoConversation *self,
                                      const char       *title);
/* A title made locally from the first question: its first line, Markdown
 * marks and extra spaces removed, cut at a word near 48 characters. NULL
 * when @text has no words. */
char *mimo_conversation_make_title (const char *text);

gint64     mimo_conversation_get_created_us (MimoConversation *self);
gint64     mimo_conversation_get_updated_us (MimoConversation *self);
GDateTime *mimo_conversation_get_created (MimoConversation *self);
GDateTime *mimo_conversation_get_updated (MimoConversation *self);

/* NULL when the conversation uses none (the provider's own then applies). */
const char *mimo_conversation_get_system_prompt (MimoConversation *self);
void        mimo_conversation_set_system_prompt (MimoConversation *self,
                                                 const char       *system_prompt);

/* Per-conversation parameters are stored as the difference from the
 * defaults (mimo_chat_params_to_json_string()), so a later change of a
 * default still reaches chats that never touched that parameter. */
const char     *mimo_conversation_get_param_overrides (MimoConversation *self);
MimoChatParams *mimo_conversation_dup_params (MimoConversation     *self,
                                              const MimoChatParams *defaults);
void            mimo_conversation_set_params (MimoConversation     *self,
                                              const MimoChatParams *params,
                                              const MimoChatParams *defaults);

/* The Markdown text of the conversation's draft document ("" when none).
 * Saved within 250 ms of a change, like streamed text. */
const char *mimo_conversation_get_draft (MimoConversation *self);
void        mimo_conversation_set_draft (MimoConversation *self,
                                         const char       *markdown);

/* The messages, oldest first, as a GListModel of MimoMessage. The first
 * call loads them (metadata only; text is read on demand in pages), so a
 * 10,000-message conversation opens fast. Views must not change it. */
GListModel *mimo_conversation_get_messages (MimoConversation *self);
/* Known without loading the messages. */
guint mimo_conversation_get_n_messages (MimoConversation *self);

/* Adds @message at the end: gives it an id, saves it at once, makes the
 * first question the title, and counts as activity (the conversation moves
 * to the top of the store's list). */
void mimo_conversation_add_message (MimoConversation *self,
                                    MimoMessage      *message);
/* Removes @message (for example to answer again). Its ledger rows stay. */
void         mimo_conversation_remove_message (MimoConversation *self,
                                               MimoMessage      *message);
MimoMessage *mimo_conversation_find_message (MimoConversation *self,
                                             gint64            message_id,
                                             guint            *position);

/* What this conversation's requests cost so far, kept up to date as the
 * store records requests. */
const MimoLedgerTotals *mimo_conversation_get_totals (MimoConversation *self);

G_END_DECLS
