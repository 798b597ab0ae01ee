/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-chat-view.c: one conversation: its header, its messages as they stream, and the composer. */

#define G_LOG_DOMAIN "mimo-chat-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-chat-view-private.h"
#include "mimo-message-row.h"
#include "mimo-money.h"
#include "mimo-settings.h"

/* Closer than this to the end counts as "at the end". */
#define BOTTOM_SLACK_PX 48
/* A chat opens with its latest messages only: more than fill a tall
 * window, far fewer than the 200 rows GTK 4.8's list view would make
 * (~2 ms each). Earlier ones come this many at a time, when the person
 * is within a screen of the top. */
#define MESSAGES_AT_OPEN    20
#define MESSAGES_PER_REVEAL 20

G_DEFINE_FINAL_TYPE (MimoChatView, mimo_chat_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_CLIENT,
  PROP_STORE,
  PROP_CONVERSATION,
  PROP_FOLDED,
  PROP_BUSY,
  PROP_LIVE_COST,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Examples on the empty page: a tap fills the composer and sends. */
static const char *const examples[] = {
  N_ ("Explain how vaccines train the immune system, simply"),
  N_ ("Write a friendly note asking my neighbour to keep the noise down"),
  N_ ("Plan a three-day trip to Lisbon on a small budget"),
  N_ ("What are good questions to ask at a job interview?"),
};

GtkWidget *
mimo_chat_view_new (GSettings  *settings,
                    MimoClient *client,
                    MimoStore  *store)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (MIMO_IS_CLIENT (client), NULL);
  g_return_val_if_fail (MIMO_IS_STORE (store), NULL);

  return g_object_new (MIMO_TYPE_CHAT_VIEW,
                       "settings", settings,
                       "client", client,
                       "store", store,
                       NULL);
}

MimoConversation *
mimo_chat_view_get_conversation (MimoChatView *self)
{
  g_return_val_if_fail (MIMO_IS_CHAT_VIEW (self), NULL);

  return self->conversation;
}

gboolean
mimo_chat_view_get_busy (MimoChatView *self)
{
  g_return_val_if_fail (MIMO_IS_CHAT_VIEW (self), FALSE);

  return self->busy;
}

static void update_header (MimoChatView *self);

gint64
mimo_chat_view_get_live_cost (MimoChatView *self)
{
  g_return_val_if_fail (MIMO_IS_CHAT_VIEW (self), -1);

  return self->live_cost;
}

/* The running answer priced as it stands: its usage once that came,
 * before then an estimate from the request and the text so far. */
static gint64
running_cost (MimoChatView *self)
{
  MimoTurn             *turn = _mimo_chat_view_get_turn (self);
  MimoCompletion       *completion = turn != NULL ? mimo_turn_get_completion (turn) : NULL;
  g_autoptr (MimoUsage) usage = NULL;

  if (completion == NULL)
    return turn != NULL ? 0 : -1;
  usage = mimo_completion_dup_usage_or_estimate (completion);
  return mimo_pricing_cost_nanos (mimo_completion_get_pricing (completion), usage);
}

static void
set_live_cost (MimoChatView *self,
               gint64        nanos)
{
  if (self->live_cost == nanos)
    return;
  self->live_cost = nanos;
  update_header (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE_COST]);
}

/* Twice a second is enough for a figure people read; it measures the
 * whole text, so it must not run a token. */
static gboolean
live_cost_cb (gpointer user_data)
{
  MimoChatView *self = user_data;

  set_live_cost (self, running_cost (self));
  return G_SOURCE_CONTINUE;
}

void
_mimo_chat_view_update_busy (MimoChatView *self)
{
  gboolean busy = _mimo_chat_view_get_turn (self) != NULL;

  mimo_composer_set_busy (self->composer, busy);
  /* Nothing may change the history under a streaming answer. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.regenerate", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.retry", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.edit", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "chat.delete-message", !busy);

  if (busy && self->live_source == 0)
    self->live_source = g_timeout_add (500, live_cost_cb, self);
  else if (!busy)
    g_clear_handle_id (&self->live_source, g_source_remove);
  set_live_cost (self, busy ? running_cost (self) : -1);

  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The title, and what the chat cost so far as the subtitle. */
static void
update_header (MimoChatView *self)
{
  const MimoLedgerTotals *totals = NULL;
  g_autofree char        *subtitle = NULL;
  gboolean                usage = gtk_widget_get_sensitive (self->usage_probe);

  adw_window_title_set_title (self->window_title,
                              self->conversation != NULL ? mimo_conversation_get_title (self->conversation)
                                                         : _ ("New Chat"));
  if (self->conversation != NULL)
    totals = mimo_conversation_get_totals (self->conversation);
  if (totals != NULL && totals->requests > 0)
    {
      g_autofree char *money = mimo_money_format (totals->cost.total_nanos);

      /* Translators: the header's subtitle, what this chat cost so far. */
      subtitle = g_strdup_printf (_ ("%s spent"), money);
    }
  if (self->live_cost >= 0)
    {
      g_autofree char *money = mimo_money_format (self->live_cost);
      g_autofree char *spent = g_steal_pointer (&subtitle);

      subtitle = spent != NULL
                   /* Translators: the header while an answer streams: the
                    * chat's spend, then the answer's cost so far. */
                   ? g_strdup_printf (_ ("%s · this answer ≈ %s"), spent, money)
                   /* Translators: the same for a chat's first answer. */
                   : g_strdup_printf (_ ("This answer ≈ %s"), money);
    }
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");

  /* Clickable only where the window can show the spending. */
  usage = usage && self->conversation != NULL;
  if (usage)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (self->title_button), "x",
                                      mimo_conversation_get_id (self->conversation));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->title_button), usage ? "win.show-usage" : NULL);
  gtk_widget_set_can_target (self->title_button, usage);
  gtk_widget_set_can_focus (self->title_button, usage);
  gtk_widget_set_tooltip_text (self->title_button, usage ? _ ("See What This Chat Cost") : NULL);
}

static void
update_params_button (MimoChatView *self)
{
  guint            n = mimo_chat_params_editor_get_n_changed (self->params_editor);
  g_autofree char *tooltip = NULL;

  if (n > 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->params_button), "accent");
      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "This Chat’s Settings (%u changed)",
                                              "This Chat’s Settings (%u changed)", n),
                                 n);
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->params_button), "accent");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->params_button), tooltip != NULL ? tooltip : _ ("This Chat’s Settings"));
}

static void
load_params (MimoChatView *self)
{
  g_autoptr (MimoChatParams) defaults = mimo_settings_get_chat_params (self->settings);
  const char                *overrides = self->conversation != NULL ? mimo_conversation_get_param_overrides (self->conversation)
                                                                    : self->pending_overrides;
  g_autoptr (GError)         error = NULL;
  const MimoChatParams      *params;

  mimo_chat_params_editor_set_defaults (self->params_editor, defaults);
  if (!mimo_chat_params_editor_set_overrides (self->params_editor, overrides, &error))
    {
      g_warning ("This chat’s settings cannot be read: %s", error->message);
      mimo_chat_params_editor_set_overrides (self->params_editor, NULL, NULL);
    }

  /* The toggles start as the chat has them; the person may change them
   * for one message. */
  params = mimo_chat_params_editor_get_params (self->params_editor);
  mimo_composer_set_thinking (self->composer, params->enable_thinking);
  mimo_composer_set_web_search (self->composer, params->tool_web_search);
  mimo_composer_set_search_first (self->composer, params->web_search_force);
  update_params_button (self);
}

static void
params_changed_cb (MimoChatView *self,
                   const char   *overrides_json)
{
  if (self->conversation != NULL)
    {
      g_autoptr (MimoChatParams) defaults = mimo_settings_get_chat_params (self->settings);

      mimo_conversation_set_params (self->conversation, mimo_chat_params_editor_get_params (self->params_editor), defaults);
    }
  else
    {
      /* A new chat: kept until its first message creates it. */
      g_free (self->pending_overrides);
      self->pending_overrides = g_strdup (overrides_json);
    }

  update_params_button (self);
  _mimo_chat_view_invalidate_estimate (self);
}

static void
update_stack (MimoChatView *self)
{
  gboolean has_messages = self->conversation != NULL &&
                          mimo_conversation_get_n_messages (self->conversation) > 0;

  gtk_stack_set_visible_child_name (self->stack, has_messages ? "messages" : "empty");
}

/* Only the last message offers Answer Again and Retry; rows are recycled,
 * so tell the few that exist once the list settled. */
static gboolean
update_rows_cb (gpointer user_data)
{
  MimoChatView           *self = user_data;
  GListModel             *messages = self->conversation != NULL ? mimo_conversation_get_messages (self->conversation) : NULL;
  guint                   n = messages != NULL ? g_list_model_get_n_items (messages) : 0;
  g_autoptr (MimoMessage) last = n > 0 ? g_list_model_get_item (messages, n - 1) : NULL;

  self->update_last_source = 0;
  for (guint i = 0; i < self->rows->len; i++)
    {
      MimoMessageRow *row = g_ptr_array_index (self->rows, i);

      mimo_message_row_set_is_last (row, last != NULL && mimo_message_row_get_message (row) == last);
      mimo_message_row_set_draft_available (row, self->draft_available);
    }

  return G_SOURCE_REMOVE;
}

void
_mimo_chat_view_update_rows (MimoChatView *self)
{
  if (self->update_last_source == 0)
    self->update_last_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_rows_cb, self, NULL);
}

static void
messages_changed_cb (MimoChatView *self,
                     guint         position,
                     guint         removed,
                     guint         added)
{
  GListModel *messages = mimo_conversation_get_messages (self->conversation);

  _mimo_chat_view_invalidate_estimate (self);
  _mimo_chat_view_update_rows (self);
  update_stack (self);

  /* Something new at the end: follow it when the person was there. */
  if (added > 0 && position + added == g_list_model_get_n_items (messages) && self->stick_to_bottom)
    _mimo_chat_view_scroll_to_end (self);
}

static void
stop_showing_earlier (MimoChatView *self)
{
  if (self->show_earlier_tick != 0 && self->list_view != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->show_earlier_tick);
  self->show_earlier_tick = 0;
}

void
mimo_chat_view_set_conversation (MimoChatView     *self,
                                 MimoConversation *conversation)
{
  g_autoptr (GtkNoSelection) selection = NULL;

  g_return_if_fail (MIMO_IS_CHAT_VIEW (self));
  g_return_if_fail (conversation == NULL || MIMO_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;

  if (self->conversation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conversation, self);
      g_signal_handlers_disconnect_by_data (mimo_conversation_get_messages (self->conversation), self);
    }
  /* A budget warning belongs to the chat it was given in; the chat a
   * first message creates keeps it. */
  if (self->conversation != NULL)
    g_clear_pointer (&self->budget_warning, g_free);
  g_set_object (&self->conversation, conversation);
  g_clear_object (&self->tail);
  stop_showing_earlier (self);
  self->editing_id = 0;
  g_clear_pointer (&self->pending_overrides, g_free);

  if (conversation != NULL)
    {
      GListModel *messages = mimo_conversation_get_messages (conversation);

      g_signal_connect_object (conversation, "notify::title", G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (conversation, "notify::totals", G_CALLBACK (update_header), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (conversation, "notify::n-messages", G_CALLBACK (update_stack), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (conversation, "notify::param-overrides", G_CALLBACK (_mimo_chat_view_invalidate_estimate), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (conversation, "notify::system-prompt", G_CALLBACK (_mimo_chat_view_invalidate_estimate), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (messages, "items-changed", G_CALLBACK (messages_changed_cb), self, G_CONNECT_SWAPPED);
      self->tail = mimo_tail_model_new (messages, MESSAGES_AT_OPEN);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->tail)));
    }
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  update_header (self);
  update_stack (self);
  load_params (self);
  _mimo_chat_view_update_busy (self);
  _mimo_chat_view_update_status (self);
  _mimo_chat_view_update_note (self);
  _mimo_chat_view_invalidate_estimate (self);
  _mimo_chat_view_update_rows (self);

  /* A chat opens at its latest message. */
  self->stick_to_bottom = TRUE;
  gtk_revealer_set_reveal_child (self->jump_revealer, FALSE);
  _mimo_chat_view_scroll_to_end (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
}

void
_mimo_chat_view_ensure_conversation (MimoChatView *self)
{
  g_autofree char  *overrides = NULL;
  MimoConversation *created;

  if (self->conversation != NULL)
    return;

  overrides = g_steal_pointer (&self->pending_overrides);
  created = mimo_store_create_conversation (self->store); /* borrowed */
  if (overrides != NULL)
    {
      g_autoptr (MimoChatParams) defaults = mimo_settings_get_chat_params (self->settings);

      mimo_conversation_set_params (created, mimo_chat_params_editor_get_params (self->params_editor), defaults);
    }
  mimo_chat_view_set_conversation (self, created);
}

gboolean
mimo_chat_view_scroll_to_message (MimoChatView *self,
                                  gint64        message_id)
{
  guint position;

  g_return_val_if_fail (MIMO_IS_CHAT_VIEW (self), FALSE);

  if (self->conversation == NULL ||
      mimo_conversation_find_message (self->conversation, message_id, &position) == NULL)
    return FALSE;

  self->stick_to_bottom = FALSE;
  position = mimo_tail_model_show_from (self->tail, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

void
mimo_chat_view_stop (MimoChatView *self)
{
  MimoTurn *turn;

  g_return_if_fail (MIMO_IS_CHAT_VIEW (self));

  turn = _mimo_chat_view_get_turn (self);
  if (turn != NULL)
    mimo_turn_cancel (turn);
}

void
mimo_chat_view_focus_composer (MimoChatView *self)
{
  g_return_if_fail (MIMO_IS_CHAT_VIEW (self));

  mimo_composer_focus (self->composer);
}

void
mimo_chat_view_set_show_end_title_buttons (MimoChatView *self,
                                           gboolean      show)
{
  g_return_if_fail (MIMO_IS_CHAT_VIEW (self));

  adw_header_bar_set_show_end_title_buttons (self->header_bar, show);
}

/* ----------------------------------------------------------- scrolling -- */

static gboolean
at_bottom (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - BOTTOM_SLACK_PX;
}

static void
update_jump_button (MimoChatView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_revealer_set_reveal_child (self->jump_revealer, !self->stick_to_bottom && !at_bottom (adjustment));
}

/* The list only knows the sizes of the rows it made, so "the end" is the
 * end of its last row: scrolling to that item anchors the list to the
 * row's bottom edge, which then stays in place while the row grows. */
static void
follow_end (MimoChatView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  guint          n = self->tail != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->tail)) : 0;

  self->scrolling = TRUE;
  if (n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", n - 1);
  if (!at_bottom (adjustment))
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  self->scrolling = FALSE;
  self->last_value = gtk_adjustment_get_value (adjustment);
  self->last_upper = gtk_adjustment_get_upper (adjustment);
}

void
_mimo_chat_view_scroll_to_end (MimoChatView *self)
{
  self->stick_to_bottom = TRUE;
  follow_end (self);
  update_jump_button (self);
}

/* The second tick after the person reached the top: the list has laid
 * itself out at the new position since, so it keeps what it shows in
 * place when items come in above. Revealing before that (from an idle,
 * say) can land before its layout, which then shows the new top. */
static gboolean
show_earlier_tick_cb (GtkWidget     *widget,
                      GdkFrameClock *clock,
                      gpointer       user_data)
{
  MimoChatView  *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  if (++self->show_earlier_ticks < 2)
    return G_SOURCE_CONTINUE;
  self->show_earlier_tick = 0;
  if (self->tail != NULL && gtk_adjustment_get_value (adjustment) < gtk_adjustment_get_page_size (adjustment))
    mimo_tail_model_show_more (self->tail, MESSAGES_PER_REVEAL);
  return G_SOURCE_REMOVE;
}

/* Within a screen of the top (or a list shorter than two screens):
 * reveal earlier messages. */
static void
maybe_show_earlier (MimoChatView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  if (self->tail == NULL || mimo_tail_model_get_n_hidden (self->tail) == 0 ||
      gtk_adjustment_get_value (adjustment) >= gtk_adjustment_get_page_size (adjustment))
    return;
  /* Moved again: count from this position's layout. */
  self->show_earlier_ticks = 0;
  if (self->show_earlier_tick == 0)
    self->show_earlier_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), show_earlier_tick_cb, self, NULL);
}

/* The list grew (a streaming answer, a new message) or the window
 * changed size: stay at the end if that is where the person was. */
static void
adjustment_size_cb (MimoChatView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);

  if (self->stick_to_bottom && !self->scrolling)
    follow_end (self);
  self->last_value = gtk_adjustment_get_value (adjustment);
  self->last_upper = gtk_adjustment_get_upper (adjustment);
  update_jump_button (self);
  maybe_show_earlier (self);
}

/* Moving up without the list changing size is the person scrolling away:
 * stop following. Reaching the end again follows again. */
static void
adjustment_value_cb (MimoChatView *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double         value = gtk_adjustment_get_value (adjustment);
  double         upper = gtk_adjustment_get_upper (adjustment);

  if (!self->scrolling)
    {
      if (at_bottom (adjustment))
        self->stick_to_bottom = TRUE;
      else if (value < self->last_value - 1 && upper == self->last_upper)
        self->stick_to_bottom = FALSE;
    }
  self->last_value = value;
  self->last_upper = upper;
  update_jump_button (self);
  maybe_show_earlier (self);
}

/* A wheel or touchpad moving up always means "let me read". */
static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           MimoChatView             *self)
{
  if (dy < 0)
    {
      self->stick_to_bottom = FALSE;
      update_jump_button (self);
    }
  return FALSE;
}

static void
jump_to_latest_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  _mimo_chat_view_scroll_to_end (MIMO_CHAT_VIEW (widget));
}

/* ---------------------------------------------------------------- rows -- */

/* The list may drop rows without a teardown (when it goes away itself):
 * forget a row when it is finalized, whatever the path. */
static void
row_finalized_cb (gpointer user_data,
                  GObject *where_the_row_was)
{
  MimoChatView *self = user_data;

  g_ptr_array_remove_fast (self->rows, where_the_row_was);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              MimoChatView             *self)
{
  GtkWidget *row = mimo_message_row_new ();

  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  mimo_message_row_set_draft_available (MIMO_MESSAGE_ROW (row), self->draft_available);
  g_ptr_array_add (self->rows, row);
  g_object_weak_ref (G_OBJECT (row), row_finalized_cb, self);
}

static void
teardown_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 MimoChatView             *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  if (row != NULL && g_ptr_array_remove_fast (self->rows, row))
    g_object_weak_unref (G_OBJECT (row), row_finalized_cb, self);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             MimoChatView             *self)
{
  MimoMessageRow *row = MIMO_MESSAGE_ROW (gtk_list_item_get_child (item));
  guint           n = self->tail != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->tail)) : 0;

  mimo_message_row_set_message (row, gtk_list_item_get_item (item));
  mimo_message_row_set_is_last (row, gtk_list_item_get_position (item) + 1 == n);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               MimoChatView             *self)
{
  mimo_message_row_set_message (MIMO_MESSAGE_ROW (gtk_list_item_get_child (item)), NULL);
}

/* ----------------------------------------------- what the window offers -- */

static void
probes_changed_cb (MimoChatView *self)
{
  gboolean draft = gtk_widget_get_sensitive (self->add_draft_probe);

  update_header (self);
  if (self->draft_available != draft)
    {
      self->draft_available = draft;
      _mimo_chat_view_update_rows (self);
    }
}

static void
example_clicked_cb (GtkButton    *button,
                    MimoChatView *self)
{
  mimo_composer_set_text (self->composer, g_object_get_data (G_OBJECT (button), "mimo-example"));
  gtk_widget_activate_action (GTK_WIDGET (self->composer), "composer.send", NULL);
}

static void
add_examples (MimoChatView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *label = gtk_label_new (_ (examples[i]));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_lines (GTK_LABEL (label), 3);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_add_css_class (button, "card");
      gtk_widget_add_css_class (button, "example-prompt");
      gtk_widget_set_tooltip_text (button, _ ("Ask this"));
      g_object_set_data (G_OBJECT (button), "mimo-example", (gpointer) _ (examples[i]));
      g_signal_connect_object (button, "clicked", G_CALLBACK (example_clicked_cb), self, 0);
      gtk_flow_box_append (self->examples_box, button);
    }
}

/* -------------------------------------------------------------- object -- */

static void
composer_send_cb (MimoChatView *self,
                  const char   *text)
{
  _mimo_chat_view_send (self, text);
}

static void
composer_stop_cb (MimoChatView *self)
{
  mimo_chat_view_stop (self);
}

static void
composer_changed_cb (MimoChatView *self)
{
  _mimo_chat_view_update_estimate (self);
}

static void
mimo_chat_view_constructed (GObject *object)
{
  MimoChatView                  *self = MIMO_CHAT_VIEW (object);
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkAdjustment                 *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkEventController            *scroll;

  G_OBJECT_CLASS (mimo_chat_view_parent_class)->constructed (object);

  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, 0);
  g_signal_connect_object (factory, "teardown", G_CALLBACK (teardown_row_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row_cb), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);

  /* "changed" covers gtk_adjustment_configure(), which the list uses. */
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (adjustment_size_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (adjustment_value_cb), self, G_CONNECT_SWAPPED);
  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect_object (scroll, "scroll", G_CALLBACK (scroll_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), scroll);

  g_signal_connect_object (self->usage_probe, "notify::sensitive", G_CALLBACK (probes_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->add_draft_probe, "notify::sensitive", G_CALLBACK (probes_changed_cb), self, G_CONNECT_SWAPPED);
  /* The Draft button only where the window has a draft to show. */
  g_object_bind_property (self->draft_toggle, "sensitive", self->draft_toggle, "visible", G_BINDING_SYNC_CREATE);

  add_examples (self);
  load_params (self);
  update_header (self);
  update_stack (self);
  probes_changed_cb (self);
  _mimo_chat_view_update_busy (self);
}

/* Things the first Send needs that the first frame does not, made while
 * the person types:
 * - the spinner's icon: Adwaita draws it from an SVG, and the first SVG of
 *   a process loads librsvg (~15 ms in the frame after Send). The icon
 *   theme caches an icon by name, size, scale and lookup flags, so the
 *   lookup asks exactly what GtkSpinner's CSS image asks (no direction, no
 *   flags), and drawing it once reads the SVG into that cached icon;
 * - a message row, thrown away: the first one initialises the classes of
 *   every widget in its template;
 * - GIO's proxy modules, looked for by the first connection. */
static gboolean
warm_up_cb (gpointer user_data)
{
  MimoChatView             *self = MIMO_CHAT_VIEW (user_data);
  GtkIconTheme             *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));
  GtkSnapshot              *snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;

  self->warm_up_source = 0;
  self->spinner_icon = GDK_PAINTABLE (gtk_icon_theme_lookup_icon (theme, "process-working-symbolic", NULL, 16,
                                                                  gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                                                  GTK_TEXT_DIR_NONE, 0));
  gdk_paintable_snapshot (self->spinner_icon, snapshot, 16, 16);
  node = gtk_snapshot_free_to_node (snapshot);
  g_object_unref (g_object_ref_sink (mimo_message_row_new ()));
  g_proxy_resolver_get_default ();
  return G_SOURCE_REMOVE;
}

static void
mimo_chat_view_map (GtkWidget *widget)
{
  MimoChatView *self = MIMO_CHAT_VIEW (widget);

  GTK_WIDGET_CLASS (mimo_chat_view_parent_class)->map (widget);

  if (self->spinner_icon == NULL && self->warm_up_source == 0)
    self->warm_up_source = g_timeout_add_full (G_PRIORITY_LOW, 250, warm_up_cb, self, NULL);
}

static void
mimo_chat_view_dispose (GObject *object)
{
  MimoChatView *self = MIMO_CHAT_VIEW (object);

  /* Stops every answer this view started; each keeps its text. */
  self->disposed = TRUE;
  _mimo_chat_view_stop_all (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->update_last_source, g_source_remove);
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  g_clear_handle_id (&self->live_source, g_source_remove);
  g_clear_handle_id (&self->warm_up_source, g_source_remove);
  g_clear_object (&self->spinner_icon);
  stop_showing_earlier (self);
  if (self->conversation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conversation, self);
      g_signal_handlers_disconnect_by_data (mimo_conversation_get_messages (self->conversation), self);
    }
  if (self->list_view != NULL)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MIMO_TYPE_CHAT_VIEW);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->conversation);
  g_clear_object (&self->tail);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mimo_chat_view_parent_class)->dispose (object);
}

static void
mimo_chat_view_finalize (GObject *object)
{
  MimoChatView *self = MIMO_CHAT_VIEW (object);

  g_clear_pointer (&self->turns, g_hash_table_unref);
  g_clear_pointer (&self->left_out, g_hash_table_unref);
  for (guint i = 0; i < self->rows->len; i++)
    g_object_weak_unref (g_ptr_array_index (self->rows, i), row_finalized_cb, self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->pending_overrides, g_free);
  g_clear_pointer (&self->budget_warning, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mimo_chat_view_parent_class)->finalize (object);
}

static void
mimo_chat_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MimoChatView *self = MIMO_CHAT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_LIVE_COST:
      g_value_set_int64 (value, self->live_cost);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_chat_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MimoChatView *self = MIMO_CHAT_VIEW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CONVERSATION:
      mimo_chat_view_set_conversation (self, g_value_get_object (value));
      break;
    case PROP_FOLDED:
      if (self->folded != g_value_get_boolean (value))
        {
          self->folded = g_value_get_boolean (value);
          gtk_widget_set_visible (self->back_button, self->folded);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_chat_view_class_init (MimoChatViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mimo_chat_view_constructed;
  object_class->dispose = mimo_chat_view_dispose;
  object_class->finalize = mimo_chat_view_finalize;
  object_class->get_property = mimo_chat_view_get_property;
  object_class->set_property = mimo_chat_view_set_property;
  widget_class->map = mimo_chat_view_map;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, MIMO_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MIMO_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, MIMO_TYPE_CONVERSATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LIVE_COST] =
    g_param_spec_int64 ("live-cost", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MIMO_TYPE_COMPOSER);
  g_type_ensure (MIMO_TYPE_CHAT_PARAMS_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/mimo-chat-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, window_title);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, title_button);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, back_button);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, params_button);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, params_editor);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, draft_toggle);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, usage_probe);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, add_draft_probe);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, note_revealer);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, note_label);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, stack);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, examples_box);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, scroller);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, list_view);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, jump_revealer);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, status_revealer);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, status_icon);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, status_label);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, cancel_edit_button);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, composer);
  gtk_widget_class_bind_template_callback (widget_class, composer_send_cb);
  gtk_widget_class_bind_template_callback (widget_class, composer_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, composer_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, params_changed_cb);

  gtk_widget_class_install_action (widget_class, "chat.jump-to-latest", NULL, jump_to_latest_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, GDK_CONTROL_MASK, "chat.jump-to-latest", NULL);
  _mimo_chat_view_class_init_turns (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mimo_chat_view_init (MimoChatView *self)
{
  self->cancellable = g_cancellable_new ();
  self->turns = _mimo_chat_view_new_turn_table ();
  self->left_out = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->rows = g_ptr_array_new ();
  self->history_tokens = -1;
  self->live_cost = -1;
  self->stick_to_bottom = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (self->back_button, FALSE);
}
