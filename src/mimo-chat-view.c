/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-chat-view.c: one conversation: its header, its messages as they stream, and the composer. */

#define G_LOG_DOMAIN "mimo-chat-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-chat-view.h"
#include "mimo-composer.h"
#include "mimo-settings.h"
#include "mimo-turn.h"

struct _MimoChatView
{
  GtkWidget parent_instance;

  GSettings        *settings;
  MimoClient       *client;
  MimoStore        *store;
  MimoConversation *conversation;
  MimoTurn         *turn;
  GCancellable     *cancellable;

  AdwWindowTitle *window_title;
  GtkWidget      *back_button;
  GtkStack       *stack;
  GtkListView    *list_view;
  MimoComposer   *composer;

  guint folded : 1;
};

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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

  return self->turn != NULL;
}

static void
update_title (MimoChatView *self)
{
  adw_window_title_set_title (self->window_title,
                              self->conversation != NULL ? mimo_conversation_get_title (self->conversation)
                                                         : _ ("New Chat"));
}

static void
update_stack (MimoChatView *self)
{
  gboolean has_messages = self->conversation != NULL &&
                          mimo_conversation_get_n_messages (self->conversation) > 0;

  gtk_stack_set_visible_child_name (self->stack, has_messages ? "messages" : "empty");
}

void
mimo_chat_view_set_conversation (MimoChatView     *self,
                                 MimoConversation *conversation)
{
  g_return_if_fail (MIMO_IS_CHAT_VIEW (self));
  g_return_if_fail (conversation == NULL || MIMO_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;

  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->conversation, self);
  g_set_object (&self->conversation, conversation);
  if (conversation != NULL)
    {
      g_signal_connect_object (conversation, "notify::title", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (conversation, "notify::n-messages", G_CALLBACK (update_stack), self, G_CONNECT_SWAPPED);
    }

  {
    g_autoptr (GtkNoSelection) selection = NULL;

    if (conversation != NULL)
      selection = gtk_no_selection_new (g_object_ref (mimo_conversation_get_messages (conversation)));
    gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  }

  update_title (self);
  update_stack (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
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

  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

void
mimo_chat_view_stop (MimoChatView *self)
{
  g_return_if_fail (MIMO_IS_CHAT_VIEW (self));

  if (self->turn != NULL)
    mimo_turn_cancel (self->turn);
}

void
mimo_chat_view_focus_composer (MimoChatView *self)
{
  g_return_if_fail (MIMO_IS_CHAT_VIEW (self));

  mimo_composer_focus (self->composer);
}

static void
turn_finished_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (MimoChatView) self = user_data;
  g_autoptr (GError)       error = NULL;

  if (!mimo_turn_finish (MIMO_TURN (object), result, &error))
    g_debug ("The answer did not complete: %s", error->message);

  g_clear_object (&self->turn);
  mimo_composer_set_busy (self->composer, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
composer_send_cb (MimoChatView *self,
                  const char   *text)
{
  g_autoptr (MimoChatParams) params = NULL;
  g_autoptr (GError)         error = NULL;

  if (self->turn != NULL)
    return;

  if (self->conversation == NULL)
    {
      g_autoptr (MimoConversation) created = mimo_store_create_conversation (self->store);

      mimo_chat_view_set_conversation (self, created);
    }

  params = mimo_settings_get_params_for_chat (self->settings,
                                              mimo_conversation_get_param_overrides (self->conversation),
                                              &error);
  if (params == NULL)
    {
      g_warning ("This chat's parameters cannot be read: %s", error->message);
      params = mimo_settings_get_chat_params (self->settings);
    }
  params->enable_thinking = mimo_composer_get_thinking (self->composer);
  params->tool_web_search = mimo_composer_get_web_search (self->composer);
  params->web_search_force = params->tool_web_search && mimo_composer_get_search_first (self->composer);

  self->turn = mimo_turn_new (self->store, self->client, self->conversation, params);
  mimo_composer_set_text (self->composer, "");
  mimo_composer_set_busy (self->composer, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  mimo_turn_ask_async (self->turn, text, self->cancellable, turn_finished_cb, g_object_ref (self));
}

static void
composer_stop_cb (MimoChatView *self)
{
  mimo_chat_view_stop (self);
}

static void
setup_message_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 18);
  gtk_widget_set_margin_end (label, 18);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_item_set_child (item, label);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_message_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  MimoMessage *message = gtk_list_item_get_item (item);
  GtkWidget   *label = gtk_list_item_get_child (item);

  g_object_bind_property (message, "content", label, "label", G_BINDING_SYNC_CREATE);
}

static void
mimo_chat_view_constructed (GObject *object)
{
  MimoChatView                  *self = MIMO_CHAT_VIEW (object);
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (MimoChatParams)     defaults = NULL;

  G_OBJECT_CLASS (mimo_chat_view_parent_class)->constructed (object);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_message_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_message_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);

  defaults = mimo_settings_get_chat_params (self->settings);
  mimo_composer_set_thinking (self->composer, defaults->enable_thinking);
  mimo_composer_set_web_search (self->composer, defaults->tool_web_search);
  mimo_composer_set_search_first (self->composer, defaults->web_search_force);

  update_title (self);
  update_stack (self);
}

static void
mimo_chat_view_dispose (GObject *object)
{
  MimoChatView *self = MIMO_CHAT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MIMO_TYPE_CHAT_VIEW);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->turn);
  g_clear_object (&self->conversation);
  g_clear_object (&self->store);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mimo_chat_view_parent_class)->dispose (object);
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
      g_value_set_boolean (value, mimo_chat_view_get_busy (self));
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
  object_class->get_property = mimo_chat_view_get_property;
  object_class->set_property = mimo_chat_view_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         MIMO_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MIMO_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL,
                         MIMO_TYPE_CONVERSATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MIMO_TYPE_COMPOSER);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/mimo-chat-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, window_title);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, back_button);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, stack);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, list_view);
  gtk_widget_class_bind_template_child (widget_class, MimoChatView, composer);
  gtk_widget_class_bind_template_callback (widget_class, composer_send_cb);
  gtk_widget_class_bind_template_callback (widget_class, composer_stop_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mimo_chat_view_init (MimoChatView *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (self->back_button, FALSE);
}
