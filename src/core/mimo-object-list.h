/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-object-list.h: an internal GListModel over an array, for the store's lists. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MIMO_TYPE_OBJECT_LIST (mimo_object_list_get_type ())

G_DECLARE_FINAL_TYPE (MimoObjectList, mimo_object_list, MIMO, OBJECT_LIST, GObject)

/* Unlike GListStore, get_item() is O(1) and the array is reachable, so the
 * store can binary-search it and move an item with two small
 * items_changed emissions. Only the core changes these lists; views see
 * them as read-only GListModels. */
MimoObjectList *mimo_object_list_new (GType item_type);
GPtrArray      *mimo_object_list_get_array (MimoObjectList *self);
void            mimo_object_list_insert (MimoObjectList *self,
                                         guint           position,
                                         gpointer        item);
void            mimo_object_list_remove (MimoObjectList *self,
                                         guint           position);
void            mimo_object_list_move (MimoObjectList *self,
                                       guint           from,
                                       guint           to);
/* Appends every item of @items (taking a new reference) with one emission. */
void mimo_object_list_append_all (MimoObjectList *self,
                                  GPtrArray      *items);
/* Empties the list with one emission. */
void     mimo_object_list_remove_all (MimoObjectList *self);
gboolean mimo_object_list_find (MimoObjectList *self,
                                gpointer        item,
                                guint          *position);

G_END_DECLS
