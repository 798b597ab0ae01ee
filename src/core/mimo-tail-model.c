/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-tail-model.c: the last items of a GListModel, showing earlier ones on request. */

#define G_LOG_DOMAIN "mimo-tail-model"

#include "config.h"

#include "mimo-tail-model.h"

struct _MimoTailModel
{
  GObject     parent_instance;
  GListModel *model;
  guint       n_hidden;
};

enum
{
  PROP_0,
  PROP_MODEL,
  PROP_N_HIDDEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
mimo_tail_model_get_item_type (GListModel *list)
{
  return g_list_model_get_item_type (MIMO_TAIL_MODEL (list)->model);
}

static guint
mimo_tail_model_get_n_items (GListModel *list)
{
  MimoTailModel *self = MIMO_TAIL_MODEL (list);

  return g_list_model_get_n_items (self->model) - self->n_hidden;
}

static gpointer
mimo_tail_model_get_item (GListModel *list,
                          guint       position)
{
  MimoTailModel *self = MIMO_TAIL_MODEL (list);

  if (position >= G_MAXUINT - self->n_hidden)
    return NULL;
  return g_list_model_get_item (self->model, self->n_hidden + position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = mimo_tail_model_get_item_type;
  iface->get_n_items = mimo_tail_model_get_n_items;
  iface->get_item = mimo_tail_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (MimoTailModel, mimo_tail_model, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
set_n_hidden (MimoTailModel *self,
              guint          n_hidden)
{
  if (self->n_hidden == n_hidden)
    return;
  self->n_hidden = n_hidden;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_HIDDEN]);
}

static void
model_items_changed_cb (MimoTailModel *self,
                        guint          position,
                        guint          removed,
                        guint          added)
{
  guint hidden = self->n_hidden;

  if (position >= hidden)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), position - hidden, removed, added);
    }
  else if (position + removed <= hidden)
    {
      /* Among the hidden items only: they stay hidden. */
      set_n_hidden (self, hidden - removed + added);
    }
  else
    {
      /* Across the edge: what took the place of the removed items is shown. */
      set_n_hidden (self, position);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, position + removed - hidden, added);
    }
}

static void
mimo_tail_model_dispose (GObject *object)
{
  MimoTailModel *self = MIMO_TAIL_MODEL (object);

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (mimo_tail_model_parent_class)->dispose (object);
}

static void
mimo_tail_model_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MimoTailModel *self = MIMO_TAIL_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_N_HIDDEN:
      g_value_set_uint (value, self->n_hidden);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_tail_model_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MimoTailModel *self = MIMO_TAIL_MODEL (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      self->model = g_value_dup_object (value);
      g_signal_connect_object (self->model, "items-changed", G_CALLBACK (model_items_changed_cb), self, G_CONNECT_SWAPPED);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_tail_model_class_init (MimoTailModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mimo_tail_model_dispose;
  object_class->get_property = mimo_tail_model_get_property;
  object_class->set_property = mimo_tail_model_set_property;

  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                                                G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_HIDDEN] = g_param_spec_uint ("n-hidden", NULL, NULL, 0, G_MAXUINT, 0,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mimo_tail_model_init (MimoTailModel *self)
{
}

MimoTailModel *
mimo_tail_model_new (GListModel *model,
                     guint       n_shown)
{
  MimoTailModel *self;
  guint          n;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  self = g_object_new (MIMO_TYPE_TAIL_MODEL, "model", model, NULL);
  n = g_list_model_get_n_items (model);
  self->n_hidden = n > n_shown ? n - n_shown : 0;
  return self;
}

GListModel *
mimo_tail_model_get_model (MimoTailModel *self)
{
  g_return_val_if_fail (MIMO_IS_TAIL_MODEL (self), NULL);

  return self->model;
}

guint
mimo_tail_model_get_n_hidden (MimoTailModel *self)
{
  g_return_val_if_fail (MIMO_IS_TAIL_MODEL (self), 0);

  return self->n_hidden;
}

guint
mimo_tail_model_show_more (MimoTailModel *self,
                           guint          n)
{
  guint shown;

  g_return_val_if_fail (MIMO_IS_TAIL_MODEL (self), 0);

  shown = MIN (n, self->n_hidden);
  if (shown == 0)
    return 0;
  set_n_hidden (self, self->n_hidden - shown);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, shown);
  return shown;
}

guint
mimo_tail_model_show_from (MimoTailModel *self,
                           guint          position)
{
  g_return_val_if_fail (MIMO_IS_TAIL_MODEL (self), G_MAXUINT);

  if (position >= g_list_model_get_n_items (self->model))
    return G_MAXUINT;
  if (position < self->n_hidden)
    mimo_tail_model_show_more (self, self->n_hidden - position);
  return position - self->n_hidden;
}
