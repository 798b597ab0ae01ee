/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-chat-view-private.h: what the chat view's files share: its fields and the functions between them. */

#pragma once

#include "mimo-chat-params-editor.h"
#include "mimo-chat-view.h"
#include "mimo-composer.h"
#include "mimo-tail-model.h"
#include "mimo-turn.h"

G_BEGIN_DECLS

struct _MimoChatView
{
  GtkWidget parent_instance;

  GSettings        *settings;
  MimoClient       *client;
  MimoStore        *store;
  MimoConversation *conversation;
  GCancellable     *cancellable;

  /* Answers streaming now, in any chat (MimoConversation → MimoTurn, both
   * held): showing another chat must not stop one. */
  GHashTable *turns;
  /* Messages the last request of a chat left out (MimoConversation → count). */
  GHashTable *left_out;

  AdwHeaderBar         *header_bar;
  AdwWindowTitle       *window_title;
  GtkWidget            *title_button;
  GtkWidget            *back_button;
  GtkMenuButton        *params_button;
  MimoChatParamsEditor *params_editor;
  GtkWidget            *draft_toggle;
  GtkWidget            *usage_probe;
  GtkWidget            *add_draft_probe;
  GtkRevealer          *note_revealer;
  GtkLabel             *note_label;
  GtkStack             *stack;
  GtkFlowBox           *examples_box;
  GtkScrolledWindow    *scroller;
  GtkListView          *list_view;
  GtkRevealer          *jump_revealer;
  GtkRevealer          *status_revealer;
  GtkImage             *status_icon;
  GtkLabel             *status_label;
  GtkWidget            *cancel_edit_button;
  MimoComposer         *composer;

  /* The shown chat's messages as the list sees them: the latest few,
   * earlier ones revealed as the person scrolls up. */
  MimoTailModel *tail;
  guint          show_earlier_tick; /* tick callback id, 0: none */
  guint          show_earlier_ticks;

  GPtrArray *rows; /* every MimoMessageRow the factory made; not held */
  guint      update_last_source;

  /* Scrolling: follow the end while the person has not scrolled away. */
  double last_value;
  double last_upper;
  guint  stick_to_bottom : 1;
  guint  scrolling : 1;

  /* Said above the chat after a send reached a budget's warning line;
   * NULL otherwise. */
  char *budget_warning;

  /* What the shown chat's running answer cost so far; -1: none runs. */
  gint64 live_cost;
  guint  live_source;

  /* The history part of the pre-send estimate, in tokens; -1: unknown. */
  gint64 history_tokens;

  /* The message being edited ("Edit and Send Again"), 0 when none. */
  gint64 editing_id;

  guint countdown_source;

  /* What the first answer needs and a start does not: see warm_up_cb(). */
  guint         warm_up_source;
  GdkPaintable *spinner_icon;
  char         *pending_overrides; /* parameters chosen for a chat not yet created */

  guint busy : 1;
  guint folded : 1;
  guint draft_available : 1;
  guint disposed : 1;
};

/* mimo-chat-view-turns.c: sending, running answers, retries, the estimate. */
void        _mimo_chat_view_class_init_turns (GtkWidgetClass *widget_class);
GHashTable *_mimo_chat_view_new_turn_table (void);
MimoTurn   *_mimo_chat_view_get_turn (MimoChatView *self);
void        _mimo_chat_view_send (MimoChatView *self,
                                  const char   *text);
void        _mimo_chat_view_update_busy (MimoChatView *self);
void        _mimo_chat_view_update_status (MimoChatView *self);
void        _mimo_chat_view_update_note (MimoChatView *self);
void        _mimo_chat_view_invalidate_estimate (MimoChatView *self);
void        _mimo_chat_view_update_estimate (MimoChatView *self);
void        _mimo_chat_view_stop_all (MimoChatView *self);

/* mimo-chat-view.c */
void _mimo_chat_view_scroll_to_end (MimoChatView *self);
void _mimo_chat_view_ensure_conversation (MimoChatView *self);
void _mimo_chat_view_update_rows (MimoChatView *self);

G_END_DECLS
