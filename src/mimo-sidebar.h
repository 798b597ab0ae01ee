/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-sidebar.h: the list of conversations, history search and the New Chat button. */

#pragma once

#include <adwaita.h>

#include "mimo-store.h"

G_BEGIN_DECLS

#define MIMO_TYPE_SIDEBAR (mimo_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (MimoSidebar, mimo_sidebar, MIMO, SIDEBAR, GtkWidget)

/**
 * MimoSidebar:
 *
 * The leaflet's first pane: its own header bar (New Chat, search, the main
 * menu), the store's conversations (newest activity first) and, while the
 * search entry has text, full-text results over all history.
 *
 * Properties: `store` (construct-only), `selected` (the conversation shown
 * beside it, or NULL for a new chat not yet saved), `folded` (the window
 * shows one pane at a time).
 *
 * Signals:
 * - `conversation-activated (MimoConversation *)`: the person picked a
 *   chat; the window shows it (and moves to it when folded);
 * - `search-hit-activated (gint64 conversation_id, gint64 message_id)`:
 *   the person picked a search result; the window opens the chat at
 *   that message.
 *
 * Renaming and deleting go through the window's actions
 * `win.rename-conversation(x)` and `win.delete-conversation(x)` (the id),
 * so the undo toast has one home.
 */
GtkWidget        *mimo_sidebar_new (MimoStore *store);
MimoStore        *mimo_sidebar_get_store (MimoSidebar *self);
MimoConversation *mimo_sidebar_get_selected (MimoSidebar *self);
void              mimo_sidebar_set_selected (MimoSidebar      *self,
                                             MimoConversation *conversation);
void              mimo_sidebar_focus_search (MimoSidebar *self);

G_END_DECLS
