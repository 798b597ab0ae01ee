/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-composer.h: where the user writes a message, with the per-message toggles and Send/Stop. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MIMO_TYPE_COMPOSER (mimo_composer_get_type ())

G_DECLARE_FINAL_TYPE (MimoComposer, mimo_composer, MIMO, COMPOSER, GtkWidget)

/* Signals: `send (const char *text)`, `stop`, `changed` (the text changed). */
GtkWidget *mimo_composer_new (void);
char      *mimo_composer_dup_text (MimoComposer *self);
void       mimo_composer_set_text (MimoComposer *self,
                                   const char   *text);
gboolean   mimo_composer_get_busy (MimoComposer *self);
void       mimo_composer_set_busy (MimoComposer *self,
                                   gboolean      busy);
gboolean   mimo_composer_get_thinking (MimoComposer *self);
void       mimo_composer_set_thinking (MimoComposer *self,
                                       gboolean      thinking);
gboolean   mimo_composer_get_web_search (MimoComposer *self);
void       mimo_composer_set_web_search (MimoComposer *self,
                                         gboolean      web_search);
gboolean   mimo_composer_get_search_first (MimoComposer *self);
void       mimo_composer_set_search_first (MimoComposer *self,
                                           gboolean      search_first);
gint64     mimo_composer_get_estimate (MimoComposer *self);
void       mimo_composer_set_estimate (MimoComposer *self,
                                       gint64        nanos);
void       mimo_composer_focus (MimoComposer *self);

G_END_DECLS
