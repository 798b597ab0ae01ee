/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-conversation-row.c: one chat in the sidebar, following its title, activity and spend as they change. */

#define G_LOG_DOMAIN "mimo-conversation-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-conversation-row.h"
#include "mimo-money.h"

struct _MimoConversationRow
{
  GtkWidget parent_instance;

  MimoConversation *conversation;
  MimoClockFormat   clock;

  GtkLabel      *title_label;
  GtkLabel      *date_label;
  GtkLabel      *spend_label;
  GtkMenuButton *menu_button;
  GMenuModel    *row_menu;
  GtkWidget     *context_menu;
};

G_DEFINE_FINAL_TYPE (MimoConversationRow, mimo_conversation_row, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONVERSATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
mimo_conversation_row_new (void)
{
  return g_object_new (MIMO_TYPE_CONVERSATION_ROW, NULL);
}

MimoConversation *
mimo_conversation_row_get_conversation (MimoConversationRow *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION_ROW (self), NULL);

  return self->conversation;
}

const char *
mimo_conversation_row_get_title_text (MimoConversationRow *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION_ROW (self), NULL);

  return gtk_label_get_text (self->title_label);
}

const char *
mimo_conversation_row_get_date_text (MimoConversationRow *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION_ROW (self), NULL);

  return gtk_label_get_text (self->date_label);
}

const char *
mimo_conversation_row_get_spend_text (MimoConversationRow *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION_ROW (self), NULL);

  return gtk_label_get_text (self->spend_label);
}

/* One sentence for screen readers, which do not see the layout. */
static void
update_accessible_label (MimoConversationRow *self)
{
  g_autofree char *label = NULL;

  if (self->conversation == NULL)
    return;

  /* Translators: a chat in the list, for screen readers: its title, when
   * it was last active ("Yesterday") and what it cost ("$0.0123"). */
  label = g_strdup_printf (_ ("%s, %s, %s"),
                           gtk_label_get_text (self->title_label),
                           gtk_label_get_text (self->date_label),
                           gtk_label_get_text (self->spend_label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_title (MimoConversationRow *self)
{
  const char *title = self->conversation != NULL ? mimo_conversation_get_title (self->conversation) : "";

  gtk_label_set_text (self->title_label, title);
}

/* Long titles are cut; the whole one is a hover away, and only then. */
static gboolean
title_query_tooltip_cb (GtkLabel   *label,
                        int         x,
                        int         y,
                        gboolean    keyboard,
                        GtkTooltip *tooltip)
{
  if (!pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;

  gtk_tooltip_set_text (tooltip, gtk_label_get_text (label));
  return TRUE;
}

static void
update_date (MimoConversationRow *self)
{
  g_autoptr (GDateTime) local = NULL;
  g_autofree char      *text = NULL;
  GDateTime            *updated;

  updated = self->conversation != NULL ? mimo_conversation_get_updated (self->conversation) : NULL;
  if (updated == NULL)
    {
      gtk_label_set_text (self->date_label, "");
      return;
    }

  local = g_date_time_to_local (updated);
  text = mimo_date_format_relative (local, NULL, self->clock);
  gtk_label_set_text (self->date_label, text);
}

/* Tooltips are made when asked for: setting one on every bind costs a
 * round trip to the display server (GTK looks where the pointer is). */
static gboolean
date_query_tooltip_cb (GtkWidget           *label,
                       int                  x,
                       int                  y,
                       gboolean             keyboard,
                       GtkTooltip          *tooltip,
                       MimoConversationRow *self)
{
  g_autoptr (GDateTime) local = NULL;
  g_autofree char      *full = NULL;
  g_autofree char      *text = NULL;

  if (self->conversation == NULL || mimo_conversation_get_updated (self->conversation) == NULL)
    return FALSE;

  local = g_date_time_to_local (mimo_conversation_get_updated (self->conversation));
  full = mimo_date_format_full (local, self->clock);
  /* Translators: tooltip of a chat's date; %s is "Monday, 3 March 2025, 10:42". */
  text = g_strdup_printf (_ ("Last active %s"), full);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
update_spend (MimoConversationRow *self)
{
  g_autofree char *ours = NULL;

  if (self->conversation == NULL)
    {
      gtk_label_set_text (self->spend_label, "");
      return;
    }

  ours = mimo_money_format (mimo_conversation_get_totals (self->conversation)->cost.total_nanos);
  gtk_label_set_text (self->spend_label, ours);
}

static gboolean
spend_query_tooltip_cb (GtkWidget           *label,
                        int                  x,
                        int                  y,
                        gboolean             keyboard,
                        GtkTooltip          *tooltip,
                        MimoConversationRow *self)
{
  const MimoLedgerTotals *totals;
  g_autofree char        *ours = NULL;
  g_autofree char        *text = NULL;

  if (self->conversation == NULL)
    return FALSE;

  totals = mimo_conversation_get_totals (self->conversation);
  ours = mimo_money_format (totals->cost.total_nanos);
  if (totals->provider_cost_requests > 0)
    {
      g_autofree char *theirs = mimo_money_format (totals->provider_cost_nanos);

      /* Translators: tooltip of a chat's cost; the first %s is what Mimo
       * Chat computed, the second what EmpirioLabs reported. */
      text = g_strdup_printf (_ ("Spent so far: %s (EmpirioLabs reported %s)"), ours, theirs);
    }
  else
    /* Translators: tooltip of a chat's cost, "$0.0123". */
    text = g_strdup_printf (_ ("Spent so far: %s"), ours);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
title_changed_cb (MimoConversationRow *self)
{
  update_title (self);
  update_accessible_label (self);
}

static void
updated_changed_cb (MimoConversationRow *self)
{
  update_date (self);
  update_accessible_label (self);
}

static void
totals_changed_cb (MimoConversationRow *self)
{
  update_spend (self);
  update_accessible_label (self);
}

void
mimo_conversation_row_set_conversation (MimoConversationRow *self,
                                        MimoConversation    *conversation)
{
  g_return_if_fail (MIMO_IS_CONVERSATION_ROW (self));
  g_return_if_fail (conversation == NULL || MIMO_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;

  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->conversation, self);
  g_set_object (&self->conversation, conversation);
  if (conversation != NULL)
    {
      g_signal_connect_object (conversation, "notify::title", G_CALLBACK (title_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (conversation, "notify::updated", G_CALLBACK (updated_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (conversation, "notify::totals", G_CALLBACK (totals_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }

  update_title (self);
  update_date (self);
  update_spend (self);
  update_accessible_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
}

void
mimo_conversation_row_refresh_date (MimoConversationRow *self)
{
  g_return_if_fail (MIMO_IS_CONVERSATION_ROW (self));

  updated_changed_cb (self);
}

void
mimo_conversation_row_set_clock_format (MimoConversationRow *self,
                                        MimoClockFormat      clock)
{
  g_return_if_fail (MIMO_IS_CONVERSATION_ROW (self));

  if (self->clock == clock)
    return;

  self->clock = clock;
  updated_changed_cb (self);
}

static void
popup_at (MimoConversationRow *self,
          double               x,
          double               y)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  if (self->conversation == NULL)
    return;

  if (self->context_menu == NULL)
    {
      self->context_menu = gtk_popover_menu_new_from_model (self->row_menu);
      gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
      gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
      gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
    }

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

void
mimo_conversation_row_popup_menu (MimoConversationRow *self)
{
  g_return_if_fail (MIMO_IS_CONVERSATION_ROW (self));

  popup_at (self, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0, gtk_widget_get_height (GTK_WIDGET (self)));
}

static void
create_menu_cb (GtkMenuButton *button,
                gpointer       user_data)
{
  MimoConversationRow *self = user_data;

  gtk_menu_button_set_menu_model (button, self->row_menu);
}

static void
right_click_cb (GtkGestureClick     *gesture,
                int                  n_press,
                double               x,
                double               y,
                MimoConversationRow *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_at (self, x, y);
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               MimoConversationRow *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_at (self, x, y);
}

static void
activate_window_action (MimoConversationRow *self,
                        const char          *name)
{
  if (self->conversation == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), name, "x", mimo_conversation_get_id (self->conversation));
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  activate_window_action (MIMO_CONVERSATION_ROW (widget), "win.rename-conversation");
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  activate_window_action (MIMO_CONVERSATION_ROW (widget), "win.delete-conversation");
}

static void
mimo_conversation_row_dispose (GObject *object)
{
  MimoConversationRow *self = MIMO_CONVERSATION_ROW (object);

  mimo_conversation_row_set_conversation (self, NULL);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), MIMO_TYPE_CONVERSATION_ROW);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mimo_conversation_row_parent_class)->dispose (object);
}

static void
mimo_conversation_row_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MimoConversationRow *self = MIMO_CONVERSATION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_conversation_row_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  MimoConversationRow *self = MIMO_CONVERSATION_ROW (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      mimo_conversation_row_set_conversation (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_conversation_row_class_init (MimoConversationRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mimo_conversation_row_dispose;
  object_class->get_property = mimo_conversation_row_get_property;
  object_class->set_property = mimo_conversation_row_set_property;

  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL,
                         MIMO_TYPE_CONVERSATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/mimo-conversation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MimoConversationRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, MimoConversationRow, date_label);
  gtk_widget_class_bind_template_child (widget_class, MimoConversationRow, spend_label);
  gtk_widget_class_bind_template_child (widget_class, MimoConversationRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, MimoConversationRow, row_menu);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "row.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "row.delete", NULL, delete_action);
}

static void
mimo_conversation_row_init (MimoConversationRow *self)
{
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->title_label), TRUE);
  g_signal_connect (self->title_label, "query-tooltip", G_CALLBACK (title_query_tooltip_cb), NULL);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->date_label), TRUE);
  g_signal_connect (self->date_label, "query-tooltip", G_CALLBACK (date_query_tooltip_cb), self);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self->spend_label), TRUE);
  g_signal_connect (self->spend_label, "query-tooltip", G_CALLBACK (spend_query_tooltip_cb), self);

  /* Menus are made on first use: a list makes up to 200 rows at once,
   * and two popover menus a row would be most of their cost. */
  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_cb, self, NULL);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (right_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}
