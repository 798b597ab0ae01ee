/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-sidebar.c: the list of conversations and the New Chat button. */

#define G_LOG_DOMAIN "mimo-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-sidebar.h"

struct _MimoSidebar
{
  GtkWidget parent_instance;

  MimoStore          *store;
  MimoConversation   *selected;
  GtkSingleSelection *selection;

  GtkListView *list_view;

  guint folded : 1;
};

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

void
mimo_sidebar_set_selected (MimoSidebar      *self,
                           MimoConversation *conversation)
{
  GListModel *model;
  guint       position = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (MIMO_IS_SIDEBAR (self));
  g_return_if_fail (conversation == NULL || MIMO_IS_CONVERSATION (conversation));

  if (!g_set_object (&self->selected, conversation))
    return;

  model = G_LIST_MODEL (self->selection);
  for (guint i = 0; conversation != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (MimoConversation) item = g_list_model_get_item (model, i);

      if (item == conversation)
        {
          position = i;
          break;
        }
    }
  gtk_single_selection_set_selected (self->selection, position);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
mimo_sidebar_focus_search (MimoSidebar *self)
{
  g_return_if_fail (MIMO_IS_SIDEBAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item)
{
  MimoConversation *conversation = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), mimo_conversation_get_title (conversation));
}

static void
activate_cb (MimoSidebar *self,
             guint        position)
{
  g_autoptr (MimoConversation) conversation = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  mimo_sidebar_set_selected (self, conversation);
  g_signal_emit (self, signals[CONVERSATION_ACTIVATED], 0, conversation);
}

static void
mimo_sidebar_constructed (GObject *object)
{
  MimoSidebar                   *self = MIMO_SIDEBAR (object);
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  G_OBJECT_CLASS (mimo_sidebar_parent_class)->constructed (object);

  self->selection = gtk_single_selection_new (g_object_ref (mimo_store_get_conversations (self->store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (activate_cb), self, G_CONNECT_SWAPPED);
}

static void
mimo_sidebar_dispose (GObject *object)
{
  MimoSidebar *self = MIMO_SIDEBAR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MIMO_TYPE_SIDEBAR);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->selected);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (mimo_sidebar_parent_class)->dispose (object);
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
  gtk_widget_class_bind_template_child (widget_class, MimoSidebar, list_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mimo_sidebar_init (MimoSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
