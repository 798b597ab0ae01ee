/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-object-list.c: an array-backed GListModel with cheap moves, used for conversations and messages. */

#define G_LOG_DOMAIN "mimo-object-list"

#include "config.h"

#include "mimo-object-list.h"

struct _MimoObjectList
{
  GObject    parent_instance;
  GType      item_type;
  GPtrArray *items;
};

static GType
mimo_object_list_get_item_type (GListModel *model)
{
  return MIMO_OBJECT_LIST (model)->item_type;
}

static guint
mimo_object_list_get_n_items (GListModel *model)
{
  return MIMO_OBJECT_LIST (model)->items->len;
}

static gpointer
mimo_object_list_get_item (GListModel *model,
                           guint       position)
{
  MimoObjectList *self = MIMO_OBJECT_LIST (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = mimo_object_list_get_item_type;
  iface->get_n_items = mimo_object_list_get_n_items;
  iface->get_item = mimo_object_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (MimoObjectList, mimo_object_list, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
mimo_object_list_finalize (GObject *object)
{
  MimoObjectList *self = MIMO_OBJECT_LIST (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (mimo_object_list_parent_class)->finalize (object);
}

static void
mimo_object_list_class_init (MimoObjectListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mimo_object_list_finalize;
}

static void
mimo_object_list_init (MimoObjectList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

MimoObjectList *
mimo_object_list_new (GType item_type)
{
  MimoObjectList *self = g_object_new (MIMO_TYPE_OBJECT_LIST, NULL);

  self->item_type = item_type;
  return self;
}

GPtrArray *
mimo_object_list_get_array (MimoObjectList *self)
{
  g_return_val_if_fail (MIMO_IS_OBJECT_LIST (self), NULL);

  return self->items;
}

void
mimo_object_list_insert (MimoObjectList *self,
                         guint           position,
                         gpointer        item)
{
  g_return_if_fail (MIMO_IS_OBJECT_LIST (self));
  g_return_if_fail (position <= self->items->len);

  g_ptr_array_insert (self->items, (int) position, g_object_ref (item));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

void
mimo_object_list_remove (MimoObjectList *self,
                         guint           position)
{
  g_return_if_fail (MIMO_IS_OBJECT_LIST (self));
  g_return_if_fail (position < self->items->len);

  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

void
mimo_object_list_move (MimoObjectList *self,
                       guint           from,
                       guint           to)
{
  gpointer item;

  g_return_if_fail (MIMO_IS_OBJECT_LIST (self));
  g_return_if_fail (from < self->items->len && to < self->items->len);

  if (from == to)
    return;

  item = g_ptr_array_steal_index (self->items, from);
  g_list_model_items_changed (G_LIST_MODEL (self), from, 1, 0);
  g_ptr_array_insert (self->items, (int) to, item);
  g_list_model_items_changed (G_LIST_MODEL (self), to, 0, 1);
}

void
mimo_object_list_append_all (MimoObjectList *self,
                             GPtrArray      *items)
{
  guint position;

  g_return_if_fail (MIMO_IS_OBJECT_LIST (self));

  if (items == NULL || items->len == 0)
    return;

  position = self->items->len;
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (items, i)));

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, items->len);
}

void
mimo_object_list_remove_all (MimoObjectList *self)
{
  guint n_items;

  g_return_if_fail (MIMO_IS_OBJECT_LIST (self));

  n_items = self->items->len;
  if (n_items == 0)
    return;

  g_ptr_array_set_size (self->items, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n_items, 0);
}

gboolean
mimo_object_list_find (MimoObjectList *self,
                       gpointer        item,
                       guint          *position)
{
  g_return_val_if_fail (MIMO_IS_OBJECT_LIST (self), FALSE);

  return g_ptr_array_find (self->items, item, position);
}
