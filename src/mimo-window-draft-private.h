/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-window-draft-private.h: the window's draft pane beside or instead of the chat, and its actions. */

#pragma once

#include "mimo-draft-view.h"
#include "mimo-window.h"

G_BEGIN_DECLS

typedef struct _MimoWindowDraft MimoWindowDraft;

/* Installs `win.add-to-draft((xs))` and Ctrl+D for `win.show-draft`. */
void _mimo_window_draft_class_init (GtkWidgetClass *widget_class);

/* Puts @chat_view and a draft view side by side in a leaflet of their
 * own, which goes into @leaflet (the window's) where the chat view
 * would; adds the stateful `win.show-draft` to @window. */
MimoWindowDraft *_mimo_window_draft_new (MimoWindow      *window,
                                         AdwLeaflet      *leaflet,
                                         MimoChatView    *chat_view,
                                         AdwToastOverlay *toast_overlay);
void             _mimo_window_draft_free (MimoWindowDraft *self);
/* The chat and draft pane: what the window's leaflet shows for a chat. */
GtkWidget     *_mimo_window_draft_get_pane (MimoWindowDraft *self);
MimoDraftView *_mimo_window_draft_get_view (MimoWindowDraft *self);

/* mimo-window.c */
MimoWindowDraft *_mimo_window_get_draft (MimoWindow *self);

G_END_DECLS
