/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-window.c: the main window: conversations beside the chat, the window's actions, its saved size. */

#define G_LOG_DOMAIN "mimo-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-chat-view.h"
#include "mimo-settings-keys.h"
#include "mimo-sidebar.h"
#include "mimo-usage-inspector.h"
#include "mimo-welcome-page.h"
#include "mimo-window-draft-private.h"
#include "mimo-window.h"

struct _MimoWindow
{
  AdwApplicationWindow parent_instance;

  GSettings    *settings;
  MimoKeyStore *key_store;
  MimoClient   *client;
  MimoStore    *store;

  AdwToastOverlay *toast_overlay;
  GtkStack        *content_stack;
  AdwLeaflet      *leaflet;
  MimoSidebar     *sidebar;
  MimoChatView    *chat_view;
  MimoWindowDraft *draft;
  AdwToast        *save_error_toast;
  /* Made when first asked for; hidden, not destroyed, when closed. */
  MimoUsageInspector *inspector;
};

G_DEFINE_FINAL_TYPE (MimoWindow, mimo_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_KEY_STORE,
  PROP_CLIENT,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MimoWindow *
mimo_window_new (MimoApplication *application,
                 GSettings       *settings,
                 MimoKeyStore    *key_store,
                 MimoClient      *client,
                 MimoStore       *store)
{
  g_return_val_if_fail (MIMO_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (MIMO_IS_KEY_STORE (key_store), NULL);
  g_return_val_if_fail (MIMO_IS_CLIENT (client), NULL);
  g_return_val_if_fail (MIMO_IS_STORE (store), NULL);

  return g_object_new (MIMO_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       "key-store", key_store,
                       "client", client,
                       "store", store,
                       NULL);
}

MimoChatView *
mimo_window_get_chat_view (MimoWindow *self)
{
  g_return_val_if_fail (MIMO_IS_WINDOW (self), NULL);

  return self->chat_view;
}

void
mimo_window_add_toast (MimoWindow *self,
                       AdwToast   *toast)
{
  g_return_if_fail (MIMO_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

MimoSidebar *
mimo_window_get_sidebar (MimoWindow *self)
{
  g_return_val_if_fail (MIMO_IS_WINDOW (self), NULL);

  return self->sidebar;
}

MimoDraftView *
mimo_window_get_draft_view (MimoWindow *self)
{
  g_return_val_if_fail (MIMO_IS_WINDOW (self), NULL);

  return _mimo_window_draft_get_view (self->draft);
}

MimoWindowDraft *
_mimo_window_get_draft (MimoWindow *self)
{
  return self->draft;
}

void
mimo_window_show_conversation (MimoWindow       *self,
                               MimoConversation *conversation)
{
  g_return_if_fail (MIMO_IS_WINDOW (self));
  g_return_if_fail (conversation == NULL || MIMO_IS_CONVERSATION (conversation));

  mimo_chat_view_set_conversation (self->chat_view, conversation);
  mimo_sidebar_set_selected (self->sidebar, conversation);
  adw_leaflet_set_visible_child (self->leaflet, _mimo_window_draft_get_pane (self->draft));
}

static void
key_ready_cb (MimoWindow *self)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_ ("Your key works. Ask anything!")));
}

/* The welcome page while there is no key anywhere; not before the
 * keyring has answered, so it never flashes at people who have one.
 * Made only for those who need it: most starts never show it. */
static void
update_content (MimoWindow *self)
{
  gboolean welcome = mimo_key_store_get_loaded (self->key_store) &&
                     !mimo_key_store_get_has_key (self->key_store);

  if (welcome && gtk_stack_get_child_by_name (self->content_stack, "welcome") == NULL)
    {
      GtkWidget *page = mimo_welcome_page_new (self->key_store, self->client);

      g_signal_connect_object (page, "key-ready", G_CALLBACK (key_ready_cb), self, G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->content_stack, page, "welcome");
    }
  gtk_stack_set_visible_child_name (self->content_stack, welcome ? "welcome" : "chat");
}

/* The chat view shows a new chat until its first message is sent; the
 * store creates the conversation then, and the sidebar selects it. */
static void
chat_conversation_cb (MimoWindow *self)
{
  mimo_sidebar_set_selected (self->sidebar, mimo_chat_view_get_conversation (self->chat_view));
}

static void
conversation_activated_cb (MimoWindow       *self,
                           MimoConversation *conversation)
{
  mimo_window_show_conversation (self, conversation);
}

static void
search_hit_activated_cb (MimoWindow *self,
                         gint64      conversation_id,
                         gint64      message_id)
{
  MimoConversation *conversation = mimo_store_lookup_conversation (self->store, conversation_id);

  if (conversation == NULL)
    return;
  mimo_window_show_conversation (self, conversation);
  mimo_chat_view_scroll_to_message (self->chat_view, message_id);
}

static void
busy_cb (MimoWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", mimo_chat_view_get_busy (self->chat_view));
}

/* The streaming answer's cost reaches the inspector when it shows the
 * chat that is answering. */
static void
live_cost_cb (MimoWindow *self)
{
  MimoConversation *shown = mimo_chat_view_get_conversation (self->chat_view);
  gint64            live = mimo_chat_view_get_live_cost (self->chat_view);

  if (self->inspector == NULL)
    return;
  if (shown == NULL || mimo_conversation_get_id (shown) != mimo_usage_inspector_get_conversation_id (self->inspector))
    live = -1;
  mimo_usage_inspector_set_live_cost (self->inspector, live);
}

MimoUsageInspector *
mimo_window_get_usage_inspector (MimoWindow *self)
{
  g_return_val_if_fail (MIMO_IS_WINDOW (self), NULL);

  if (self->inspector == NULL)
    {
      self->inspector = mimo_usage_inspector_new (GTK_WINDOW (self), self->settings, self->store);
      /* Destroyed with the window, or before it by anyone holding it. */
      g_object_add_weak_pointer (G_OBJECT (self->inspector), (gpointer *) &self->inspector);
      g_signal_connect_object (self->inspector, "notify::conversation-id",
                               G_CALLBACK (live_cost_cb), self, G_CONNECT_SWAPPED);
    }
  return self->inspector;
}

/* win.show-usage(x): a chat's spending (its id), or with 0 spending over
 * time, the shown chat ready on the first page. */
static void
show_usage_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MimoWindow         *self = MIMO_WINDOW (widget);
  MimoUsageInspector *inspector = mimo_window_get_usage_inspector (self);
  gint64              id = g_variant_get_int64 (parameter);
  MimoConversation   *shown = mimo_chat_view_get_conversation (self->chat_view);

  if (id > 0)
    {
      mimo_usage_inspector_set_conversation_id (inspector, id);
      mimo_usage_inspector_show_page (inspector, "chat");
    }
  else
    {
      mimo_usage_inspector_set_conversation_id (inspector, shown != NULL ? mimo_conversation_get_id (shown) : 0);
      mimo_usage_inspector_show_page (inspector, "time");
    }
  live_cost_cb (self);
  gtk_window_present (GTK_WINDOW (inspector));
}

/* Writes that fail are retried by the store; say so once while they do. */
static void
save_error_cb (MimoWindow *self)
{
  const char *message = mimo_store_get_save_error (self->store);

  if (message == NULL)
    {
      if (self->save_error_toast != NULL)
        adw_toast_dismiss (self->save_error_toast);
      return;
    }
  if (self->save_error_toast != NULL)
    return;

  self->save_error_toast = adw_toast_new (message);
  adw_toast_set_timeout (self->save_error_toast, 0);
  g_object_add_weak_pointer (G_OBJECT (self->save_error_toast), (gpointer *) &self->save_error_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, self->save_error_toast);
}

static void
build_panes (MimoWindow *self)
{
  AdwLeafletPage *page;

  self->sidebar = MIMO_SIDEBAR (mimo_sidebar_new (self->store));
  page = adw_leaflet_append (self->leaflet, GTK_WIDGET (self->sidebar));
  adw_leaflet_page_set_name (page, "sidebar");

  page = adw_leaflet_append (self->leaflet, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  adw_leaflet_page_set_navigatable (page, FALSE);

  /* The chat goes in a pane of its own, beside its draft. */
  self->chat_view = MIMO_CHAT_VIEW (mimo_chat_view_new (self->settings, self->client, self->store));
  self->draft = _mimo_window_draft_new (self, self->leaflet, self->chat_view, self->toast_overlay);
  page = adw_leaflet_append (self->leaflet, _mimo_window_draft_get_pane (self->draft));
  adw_leaflet_page_set_name (page, "chat");
  adw_leaflet_set_visible_child (self->leaflet, _mimo_window_draft_get_pane (self->draft));

  g_object_bind_property (self->leaflet, "folded", self->sidebar, "folded", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", self->chat_view, "folded", G_BINDING_SYNC_CREATE);

  g_signal_connect_object (self->sidebar, "conversation-activated",
                           G_CALLBACK (conversation_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "search-hit-activated",
                           G_CALLBACK (search_hit_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chat_view, "notify::conversation",
                           G_CALLBACK (chat_conversation_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chat_view, "notify::busy",
                           G_CALLBACK (busy_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->chat_view, "notify::live-cost",
                           G_CALLBACK (live_cost_cb), self, G_CONNECT_SWAPPED);
  busy_cb (self);
}

static void
new_chat_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MimoWindow *self = MIMO_WINDOW (widget);

  mimo_window_show_conversation (self, NULL);
  mimo_chat_view_focus_composer (self->chat_view);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MimoWindow *self = MIMO_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->sidebar));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MimoWindow *self = MIMO_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->sidebar));
  mimo_sidebar_focus_search (self->sidebar);
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  mimo_chat_view_stop (MIMO_WINDOW (widget)->chat_view);
}

typedef struct
{
  MimoWindow       *window;
  MimoConversation *conversation;
} UndoDelete;

static void
undo_delete_free (gpointer  data,
                  GClosure *closure)
{
  UndoDelete *undo = data;

  g_clear_weak_pointer (&undo->window);
  g_clear_object (&undo->conversation);
  g_free (undo);
}

static void
undo_delete_cb (AdwToast   *toast,
                UndoDelete *undo)
{
  if (undo->window != NULL && mimo_store_undo_delete (undo->window->store, undo->conversation))
    mimo_window_show_conversation (undo->window, undo->conversation);
}

static void
delete_conversation_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  MimoWindow       *self = MIMO_WINDOW (widget);
  MimoConversation *conversation;
  g_autofree char  *escaped = NULL;
  g_autofree char  *title = NULL;
  UndoDelete       *undo;
  AdwToast         *toast;

  conversation = mimo_store_lookup_conversation (self->store, g_variant_get_int64 (parameter));
  if (conversation == NULL)
    return;

  /* The toast keeps the chat for Undo: the store's list lets go of it. */
  undo = g_new0 (UndoDelete, 1);
  undo->conversation = g_object_ref (conversation);
  g_set_weak_pointer (&undo->window, self);

  if (mimo_chat_view_get_conversation (self->chat_view) == conversation)
    mimo_window_show_conversation (self, NULL);
  mimo_store_delete_conversation (self->store, conversation);

  /* Toast titles are Pango markup: "Tom & Jerry" must stay text. */
  escaped = g_markup_escape_text (mimo_conversation_get_title (conversation), -1);
  /* Translators: %s is the title of the chat that was deleted. */
  title = g_strdup_printf (_ ("“%s” deleted"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _ ("_Undo"));
  adw_toast_set_timeout (toast, MIMO_STORE_DEFAULT_UNDO_MS / 1000);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_delete_cb), undo, undo_delete_free, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* ------------------------------------------------------------ rename -- */

static void
rename_entry_changed_cb (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename", title[0] != '\0');
}

static void
rename_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    MimoConversation *conversation)
{
  GtkEditable     *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (g_str_equal (response, "rename") && title[0] != '\0')
    mimo_conversation_set_title (conversation, title);
}

static void
unref_closure_data (gpointer  data,
                    GClosure *closure)
{
  g_object_unref (data);
}

static void
rename_conversation_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  MimoWindow       *self = MIMO_WINDOW (widget);
  MimoConversation *conversation;
  AdwMessageDialog *dialog;
  GtkWidget        *entry;

  conversation = mimo_store_lookup_conversation (self->store, g_variant_get_int64 (parameter));
  if (conversation == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _ ("Rename Chat"), NULL));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _ ("_Cancel"),
                                    "rename", _ ("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "rename");
  adw_message_dialog_set_close_response (dialog, "cancel");

  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), mimo_conversation_get_title (conversation));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 32);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Chat title"), -1);
  g_signal_connect_object (entry, "changed", G_CALLBACK (rename_entry_changed_cb), dialog, 0);
  adw_message_dialog_set_extra_child (dialog, entry);

  /* The dialog holds the chat: it may be deleted while the dialog is open,
   * and renaming a deleted chat then changes nothing anyone sees. */
  g_signal_connect_data (dialog, "response", G_CALLBACK (rename_response_cb), g_object_ref (conversation),
                         unref_closure_data, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
mimo_window_save_state (MimoWindow *self)
{
  int      width = 0;
  int      height = 0;
  gboolean maximized;

  maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  g_settings_set_boolean (self->settings, MIMO_SETTINGS_WINDOW_MAXIMIZED, maximized);

  /* The default size is the unmaximized one: keep it for the next start. */
  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, MIMO_SETTINGS_WINDOW_WIDTH, width);
          g_settings_set_int (self->settings, MIMO_SETTINGS_WINDOW_HEIGHT, height);
        }
    }
}

static void
mimo_window_restore_state (MimoWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, MIMO_SETTINGS_WINDOW_WIDTH),
                               g_settings_get_int (self->settings, MIMO_SETTINGS_WINDOW_HEIGHT));

  if (g_settings_get_boolean (self->settings, MIMO_SETTINGS_WINDOW_MAXIMIZED))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
mimo_window_close_request (GtkWindow *window)
{
  mimo_window_save_state (MIMO_WINDOW (window));

  return GTK_WINDOW_CLASS (mimo_window_parent_class)->close_request (window);
}

/* The shortcuts window, made when first asked for: GTK would build one
 * with every window from a gtk/help-overlay.ui, ~8 ms of each start. It
 * becomes the window's help overlay (transient for it, hidden on close);
 * GTK then keeps this action rather than adding its own. */
static void
show_shortcuts_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkApplicationWindow  *window = GTK_APPLICATION_WINDOW (user_data);
  g_autoptr (GtkBuilder) builder = NULL;

  if (gtk_application_window_get_help_overlay (window) == NULL)
    {
      builder = gtk_builder_new_from_resource (RESOURCE_PATH "/mimo-shortcuts-window.ui");
      gtk_application_window_set_help_overlay (window, GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
    }
  gtk_window_present (GTK_WINDOW (gtk_application_window_get_help_overlay (window)));
}

static void
mimo_window_constructed (GObject *object)
{
  MimoWindow *self = MIMO_WINDOW (object);

  G_OBJECT_CLASS (mimo_window_parent_class)->constructed (object);

  mimo_window_restore_state (self);
  {
    g_autoptr (GSimpleAction) shortcuts = g_simple_action_new ("show-help-overlay", NULL);

    g_signal_connect_object (shortcuts, "activate", G_CALLBACK (show_shortcuts_cb), self, 0);
    g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (shortcuts));
  }

  g_assert (MIMO_IS_KEY_STORE (self->key_store));
  g_assert (MIMO_IS_CLIENT (self->client));
  g_signal_connect_object (self->key_store, "notify::has-key",
                           G_CALLBACK (update_content), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->key_store, "notify::loaded",
                           G_CALLBACK (update_content), self, G_CONNECT_SWAPPED);
  update_content (self);

  build_panes (self);
  g_signal_connect_object (self->store, "notify::save-error",
                           G_CALLBACK (save_error_cb), self, G_CONNECT_SWAPPED);
  if (mimo_store_get_recovery_message (self->store) != NULL)
    {
      AdwToast *toast = adw_toast_new (mimo_store_get_recovery_message (self->store));

      /* Told once, and it stays until read. */
      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

static void
mimo_window_dispose (GObject *object)
{
  MimoWindow *self = MIMO_WINDOW (object);

  g_clear_pointer (&self->draft, _mimo_window_draft_free);
  if (self->inspector != NULL)
    {
      GtkWindow *inspector = GTK_WINDOW (self->inspector);

      g_object_remove_weak_pointer (G_OBJECT (inspector), (gpointer *) &self->inspector);
      self->inspector = NULL;
      gtk_window_destroy (inspector);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), MIMO_TYPE_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->key_store);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mimo_window_parent_class)->dispose (object);
}

static void
mimo_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MimoWindow *self = MIMO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_KEY_STORE:
      g_value_set_object (value, self->key_store);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MimoWindow *self = MIMO_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_KEY_STORE:
      self->key_store = g_value_dup_object (value);
      break;

    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_window_class_init (MimoWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mimo_window_constructed;
  object_class->dispose = mimo_window_dispose;
  object_class->get_property = mimo_window_get_property;
  object_class->set_property = mimo_window_set_property;

  window_class->close_request = mimo_window_close_request;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_KEY_STORE] =
    g_param_spec_object ("key-store", NULL, NULL,
                         MIMO_TYPE_KEY_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         MIMO_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MIMO_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/mimo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MimoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MimoWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MimoWindow, leaflet);

  gtk_widget_class_install_action (widget_class, "win.new-chat", NULL, new_chat_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.delete-conversation", "x", delete_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.rename-conversation", "x", rename_conversation_action);
  gtk_widget_class_install_action (widget_class, "win.show-usage", "x", show_usage_action);

  _mimo_window_draft_class_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-chat", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, GDK_CONTROL_MASK, "win.show-usage", "x", (gint64) 0);
}

static void
mimo_window_init (MimoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
