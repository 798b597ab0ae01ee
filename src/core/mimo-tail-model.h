/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-tail-model.h: the last items of a GListModel, showing earlier ones on request. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MIMO_TYPE_TAIL_MODEL (mimo_tail_model_get_type ())

G_DECLARE_FINAL_TYPE (MimoTailModel, mimo_tail_model, MIMO, TAIL_MODEL, GObject)

/* A chat opens at its end, and a list view makes a row for every item it
 * may show (GTK 4.8: up to 200): showing the last few messages and
 * revealing earlier ones as the person scrolls up keeps opening a long
 * chat as cheap as opening a short one. Items changed, added or removed
 * in the shown part pass through; changes among the hidden ones are not
 * seen. GtkSliceListModel cannot serve: moving its offset replaces every
 * item, so the list view would rebuild every row. */
MimoTailModel *mimo_tail_model_new (GListModel *model,
                                    guint       n_shown);
GListModel    *mimo_tail_model_get_model (MimoTailModel *self);
/* How many items at the start of the model are not shown. */
guint mimo_tail_model_get_n_hidden (MimoTailModel *self);
/* Shows up to @n more of the hidden items, the latest first; returns how
 * many it showed. */
guint mimo_tail_model_show_more (MimoTailModel *self,
                                 guint          n);
/* Shows the item at @position of the model (and every one after it);
 * returns its position in the tail, or G_MAXUINT when there is none. */
guint mimo_tail_model_show_from (MimoTailModel *self,
                                 guint          position);

G_END_DECLS
