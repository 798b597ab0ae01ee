/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-window.h: the main window. */

#pragma once

#include <adwaita.h>

#include "mimo-application.h"
#include "mimo-chat-view.h"
#include "mimo-draft-view.h"
#include "mimo-sidebar.h"
#include "mimo-usage-inspector.h"

G_BEGIN_DECLS

#define MIMO_TYPE_WINDOW (mimo_window_get_type ())

G_DECLARE_FINAL_TYPE (MimoWindow, mimo_window, MIMO, WINDOW, AdwApplicationWindow)

MimoWindow *mimo_window_new (MimoApplication *application,
                             GSettings       *settings,
                             MimoKeyStore    *key_store,
                             MimoClient      *client,
                             MimoStore       *store);

MimoChatView *mimo_window_get_chat_view (MimoWindow *self);
MimoSidebar  *mimo_window_get_sidebar (MimoWindow *self);
/* Shows @toast (taking it, as adw_toast_overlay_add_toast() does). */
void mimo_window_add_toast (MimoWindow *self,
                            AdwToast   *toast);
/* The shown chat's draft, beside the chat or instead of it
 * (`win.show-draft`). */
MimoDraftView *mimo_window_get_draft_view (MimoWindow *self);
/* Shows @conversation (NULL: a new chat) and selects it in the sidebar;
 * on a narrow window, moves to the chat. */
void mimo_window_show_conversation (MimoWindow       *self,
                                    MimoConversation *conversation);
/* The spending window (`win.show-usage`, Ctrl+U), made on first use. */
MimoUsageInspector *mimo_window_get_usage_inspector (MimoWindow *self);

G_END_DECLS
