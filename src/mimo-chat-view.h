/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-chat-view.h: one conversation: its header, its messages as they stream, and the composer. */

#pragma once

#include <adwaita.h>

#include "mimo-client.h"
#include "mimo-store.h"

G_BEGIN_DECLS

#define MIMO_TYPE_CHAT_VIEW (mimo_chat_view_get_type ())

G_DECLARE_FINAL_TYPE (MimoChatView, mimo_chat_view, MIMO, CHAT_VIEW, GtkWidget)

/**
 * MimoChatView:
 *
 * The leaflet's content pane: a header bar (back button when folded, the
 * chat's title and spend, its parameters), the messages in a recycling
 * list, and the composer.
 *
 * Properties: `settings`, `client`, `store` (construct-only);
 * `conversation` (read-write; NULL is a new chat that is created in the
 * store when its first message is sent, and then notified); `folded`
 * (shows the back button, which activates `win.show-sidebar`); `busy`
 * (read-only: an answer for the shown conversation is streaming).
 *
 * Actions it activates on the window: `win.show-sidebar`,
 * `win.show-usage(x)` (the conversation id), `win.add-to-draft((xs))`
 * (message id, the selected text or "" for the whole answer).
 */
GtkWidget        *mimo_chat_view_new (GSettings  *settings,
                                      MimoClient *client,
                                      MimoStore  *store);
MimoConversation *mimo_chat_view_get_conversation (MimoChatView *self);
void              mimo_chat_view_set_conversation (MimoChatView     *self,
                                                   MimoConversation *conversation);
gboolean          mimo_chat_view_get_busy (MimoChatView *self);
/* The `live-cost` property: what the shown chat's streaming answer cost
 * so far (estimated from its text until usage comes), in nano-dollars;
 * -1 when none streams. Updated twice a second. */
gint64 mimo_chat_view_get_live_cost (MimoChatView *self);
/* Scrolls to and highlights a message of the shown conversation; FALSE
 * when it has no such message. */
gboolean mimo_chat_view_scroll_to_message (MimoChatView *self,
                                           gint64        message_id);
/* Stops the answer that is streaming, keeping its text (Esc). */
void mimo_chat_view_stop (MimoChatView *self);
void mimo_chat_view_focus_composer (MimoChatView *self);
/* Whether the header bar shows the window's close button: the window
 * hides it while the draft pane is at the window's right edge. */
void mimo_chat_view_set_show_end_title_buttons (MimoChatView *self,
                                                gboolean      show);

G_END_DECLS
