/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-sidebar.c: the list of conversations: recycled rows, the selection that follows the shown chat, keys. */

#define G_LOG_DOMAIN "mimo-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-conversation-row.h"
#include "mimo-sidebar-private.h"

G_DEFINE_FINAL_TYPE (MimoSidebar, mimo_sidebar, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_STORE,
  PROP_SELECTED,
  PROP_FOLDED,
  N_PROPS
};

enum
{
  CONVERSATION_ACTIVATED,
  SEARCH_HIT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

GtkWidget *
mimo_sidebar_new (MimoStore *store)
{
  g_return_val_if_fail (MIMO_IS_STORE (store), NULL);

  return g_object_new (MIMO_TYPE_SIDEBAR, "store", store, NULL);
}

MimoStore *
mimo_sidebar_get_store (MimoSidebar *self)
{
  g_return_val_if_fail (MIMO_IS_SIDEBAR (self), NULL);

  return self->store;
}

MimoConversation *
mimo_sidebar_get_selected (MimoSidebar *self)
{
  g_return_val_if_fail (MIMO_IS_SIDEBAR (self), NULL);

  return self->selected;
}

/* The list's selection shows self->selected, wherever it moved to. */
static void
sync_selection (MimoSidebar *self)
{
  GListModel *model = mimo_store_get_conversations (self->store);
  guint       position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; self->selected != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (MimoConversation) item = g_list_model_get_item (model, i);

      if (item == self->selected)
        {
          position = i;
          break;
        }
    }

  if (gtk_single_selection_get_selected (self->selection) == position)
    return;

  self->syncing_selection = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->syncing_selection = FALSE;
}

void
mimo_sidebar_set_selected (MimoSidebar      *self,
                           MimoConversation *conversation)
{
  g_return_if_fail (MIMO_IS_SIDEBAR (self));
  g_return_if_fail (conversation == NULL || MIMO_IS_CONVERSATION (conversation));

  if (!g_set_object (&self->selected, conversation))
    return;

  sync_selection (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
mimo_sidebar_focus_search (MimoSidebar *self)
{
  g_return_if_fail (MIMO_IS_SIDEBAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
_mimo_sidebar_activate (MimoSidebar      *self,
                        MimoConversation *conversation)
{
  g_autoptr (MimoConversation) hold = g_object_ref (conversation);

  mimo_sidebar_set_selected (self, conversation);
  g_signal_emit (self, signals[CONVERSATION_ACTIVATED], 0, conversation);
}

void
_mimo_sidebar_activate_hit (MimoSidebar *self,
                            gint64       conversation_id,
                            gint64       message_id)
{
  g_signal_emit (self, signals[SEARCH_HIT_ACTIVATED], 0, conversation_id, message_id);
}

void
_mimo_sidebar_update_page (MimoSidebar *self)
{
  if (_mimo_sidebar_is_searching (self))
    return;

  gtk_stack_set_visible_child_name (self->stack,
                                    g_list_model_get_n_items (mimo_store_get_conversations (self->store)) > 0
                                      ? "list"
                                      : "empty");
}

/* ---------------------------------------------------------------- rows -- */

static void row_released_cb (GtkGestureClick *gesture,
                             int              n_press,
                             double           x,
                             double           y,
                             MimoSidebar     *self);

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              MimoSidebar              *self)
{
  GtkWidget  *row = mimo_conversation_row_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (row_released_cb), self, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (click));

  if (self->desktop_settings != NULL)
    mimo_conversation_row_set_clock_format (MIMO_CONVERSATION_ROW (row),
                                            g_settings_get_enum (self->desktop_settings, "clock-format") == 1
                                              ? MIMO_CLOCK_FORMAT_12H
                                              : MIMO_CLOCK_FORMAT_24H);
  g_ptr_array_add (self->rows, row);
  gtk_list_item_set_child (item, row);
}

static void
teardown_row_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 MimoSidebar              *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  if (row != NULL)
    g_ptr_array_remove_fast (self->rows, row);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  mimo_conversation_row_set_conversation (MIMO_CONVERSATION_ROW (gtk_list_item_get_child (item)),
                                          gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  mimo_conversation_row_set_conversation (MIMO_CONVERSATION_ROW (gtk_list_item_get_child (item)), NULL);
}

static void
refresh_dates (MimoSidebar *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    mimo_conversation_row_refresh_date (g_ptr_array_index (self->rows, i));
}

static void schedule_midnight (MimoSidebar *self);

static gboolean
midnight_cb (gpointer user_data)
{
  MimoSidebar *self = user_data;

  self->midnight_source = 0;
  refresh_dates (self);
  schedule_midnight (self);

  return G_SOURCE_REMOVE;
}

/* "10:42" becomes "Yesterday" at midnight, without any other change. */
static void
schedule_midnight (MimoSidebar *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr (GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                                          g_date_time_get_month (tomorrow),
                                                          g_date_time_get_day_of_month (tomorrow),
                                                          0, 0, 1);
  GTimeSpan             wait = g_date_time_difference (midnight, now);

  g_clear_handle_id (&self->midnight_source, g_source_remove);
  self->midnight_source = g_timeout_add_seconds ((guint) CLAMP (wait / G_USEC_PER_SEC + 1, 1, 25 * 3600),
                                                 midnight_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->midnight_source),
                            "[mimo] sidebar dates at midnight");
}

static void
clock_format_changed_cb (MimoSidebar *self)
{
  MimoClockFormat clock = g_settings_get_enum (self->desktop_settings, "clock-format") == 1
                            ? MIMO_CLOCK_FORMAT_12H
                            : MIMO_CLOCK_FORMAT_24H;

  for (guint i = 0; i < self->rows->len; i++)
    mimo_conversation_row_set_clock_format (g_ptr_array_index (self->rows, i), clock);
}

/* GNOME's own 12/24-hour setting when it is there; the locale's clock
 * otherwise (other desktops, tests). */
static void
watch_clock_format (MimoSidebar *self)
{
  GSettingsSchemaSource      *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "clock-format"))
    return;

  self->desktop_settings = g_settings_new_full (schema, NULL, NULL);
  g_signal_connect_object (self->desktop_settings, "changed::clock-format",
                           G_CALLBACK (clock_format_changed_cb), self, G_CONNECT_SWAPPED);
}

/* ----------------------------------------------------- selection, keys -- */

/* A click or the arrow keys picked a chat: open it. Our own changes
 * (sync_selection) are not picks. */
static void
selection_changed_cb (MimoSidebar *self)
{
  MimoConversation *conversation = gtk_single_selection_get_selected_item (self->selection);

  if (self->syncing_selection || conversation == NULL || conversation == self->selected)
    return;

  _mimo_sidebar_activate (self, conversation);
}

/* Enter or a double click, also on the chat already shown: on a narrow
 * window that is how one goes back to it. */
static void
activate_cb (MimoSidebar *self,
             guint        position)
{
  g_autoptr (MimoConversation) conversation = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (conversation != NULL)
    _mimo_sidebar_activate (self, conversation);
}

/* A click on the chat already selected selects nothing new; on a narrow
 * window it must still open the chat. */
static void
row_released_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 MimoSidebar     *self)
{
  GtkWidget        *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  MimoConversation *conversation = mimo_conversation_row_get_conversation (MIMO_CONVERSATION_ROW (row));

  if (n_press == 1 && conversation != NULL && conversation == self->selected)
    _mimo_sidebar_activate (self, conversation);
}

static void
items_changed_cb (MimoSidebar *self)
{
  /* A chat that moves to the top is removed and inserted again: the
   * selection loses it on the way. */
  sync_selection (self);
  _mimo_sidebar_update_page (self);
  _mimo_sidebar_queue_search (self);
}

static MimoConversationRow *
focused_row (MimoSidebar *self)
{
  GtkWidget *item = gtk_widget_get_focus_child (GTK_WIDGET (self->list_view));
  GtkWidget *child = item != NULL ? gtk_widget_get_first_child (item) : NULL;

  return child != NULL && MIMO_IS_CONVERSATION_ROW (child) ? MIMO_CONVERSATION_ROW (child) : NULL;
}

static gboolean
row_key_cb (GtkWidget *widget,
            GVariant  *args,
            gpointer   user_data)
{
  MimoSidebar         *self = MIMO_SIDEBAR (user_data);
  MimoConversationRow *row = focused_row (self);
  const char          *what = g_variant_get_string (args, NULL);
  MimoConversation    *conversation;

  if (row == NULL || (conversation = mimo_conversation_row_get_conversation (row)) == NULL)
    return FALSE;

  if (g_str_equal (what, "menu"))
    mimo_conversation_row_popup_menu (row);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), what, "x", mimo_conversation_get_id (conversation));

  return TRUE;
}

static void
add_row_keys (MimoSidebar *self)
{
  static const struct
  {
    guint           key;
    GdkModifierType mods;
    const char     *what;
  } keys[] = {
    { GDK_KEY_Menu, 0, "menu" },
    { GDK_KEY_F10, GDK_SHIFT_MASK, "menu" },
    { GDK_KEY_F2, 0, "win.rename-conversation" },
    { GDK_KEY_Delete, 0, "win.delete-conversation" },
    { GDK_KEY_KP_Delete, 0, "win.delete-conversation" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* Named so the shortcuts window's test counts these keys as ours. */
  gtk_event_controller_set_name (controller, "mimo-row-keys");
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, keys[i].mods),
                                                gtk_callback_action_new (row_key_cb, self, NULL));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_string (keys[i].what));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);
}

/* ----------------------------------------------------------- lifecycle -- */

static void
mimo_sidebar_constructed (GObject *object)
{
  MimoSidebar *self = MIMO_SIDEBAR (object);
  GListModel  *conversations;

  G_OBJECT_CLASS (mimo_sidebar_parent_class)->constructed (object);

  g_assert (MIMO_IS_STORE (self->store));
  conversations = mimo_store_get_conversations (self->store);

  watch_clock_format (self);

  self->selection = gtk_single_selection_new (g_object_ref (conversations));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  /* After the selection's own handler, which it connected first. */
  g_signal_connect_object (conversations, "items-changed", G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);

  self->factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (self->factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (self->factory, "teardown", G_CALLBACK (teardown_row_cb), self);
  g_signal_connect (self->factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (self->factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, self->factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (activate_cb), self, G_CONNECT_SWAPPED);
  add_row_keys (self);

  _mimo_sidebar_update_page (self);
  schedule_midnight (self);
}

static void
mimo_sidebar_dispose (GObject *object)
{
  MimoSidebar *self = MIMO_SIDEBAR (object);

  g_clear_handle_id (&self->midnight_source, g_source_remove);
  _mimo_sidebar_search_dispose (self);
  /* The list's rows go with it; their teardown still finds self->rows. */
  gtk_widget_dispose_template (GTK_WIDGET (self), MIMO_TYPE_SIDEBAR);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  if (self->factory != NULL)
    g_signal_handlers_disconnect_by_data (self->factory, self);
  g_clear_object (&self->factory);
  g_clear_object (&self->selection);
  g_clear_object (&self->selected);
  g_clear_object (&self->desktop_settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (mimo_sidebar_parent_class)->dispose (object);
}

static void
mimo_sidebar_finalize (GObject *object)
{
  MimoSidebar *self = MIMO_SIDEBAR (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (mimo_sidebar_parent_class)->finalize (object);
}

static void
mimo_sidebar_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MimoSidebar *self = MIMO_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_SELECTED:
      g_value_set_object (value, self->selected);
      break;

    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_sidebar_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MimoSidebar *self = MIMO_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SELECTED:
      mimo_sidebar_set_selected (self, g_value_get_object (value));
      break;

    case PROP_FOLDED:
      if (self->folded != g_value_get_boolean (value))
        {
          self->folded = g_value_get_boolean (value);
          /* No hover on a phone: the rows' menu buttons always show. */
          if (self->folded)
            gtk_widget_add_css_class (GTK_WIDGET (self), "folded");
          else
            gtk_widget_remove_css_class (GTK_WIDGET (self), "folded");
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_sidebar_class_init (MimoSidebarClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mimo_sidebar_constructed;
  object_class->dispose = mimo_sidebar_dispose;
  object_class->finalize = mimo_sidebar_finalize;
  object_class->get_property = mimo_sidebar_get_property;
  object_class->set_property = mimo_sidebar_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         MIMO_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL,
                         MIMO_TYPE_CONVERSATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CONVERSATION_ACTIVATED] =
    g_signal_new ("conversation-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MIMO_TYPE_CONVERSATION);

  signals[SEARCH_HIT_ACTIVATED] =
    g_signal_new ("search-hit-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/mimo-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, MimoSidebar, search_button);
  gtk_widget_class_bind_template_child (widget_class, MimoSidebar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, MimoSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MimoSidebar, stack);
  gtk_widget_class_bind_template_child (widget_class, MimoSidebar, list_view);
  gtk_widget_class_bind_template_child (widget_class, MimoSidebar, results_list);
  _mimo_sidebar_search_class_init (widget_class);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mimo_sidebar_init (MimoSidebar *self)
{
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  _mimo_sidebar_search_init (self);
}
