/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-sidebar-private.h: the sidebar's parts, shared by its list (mimo-sidebar.c) and its search (mimo-sidebar-search.c). */

#pragma once

#include "mimo-sidebar.h"

G_BEGIN_DECLS

struct _MimoSidebar
{
  GtkWidget parent_instance;

  MimoStore          *store;
  MimoConversation   *selected;
  GtkSingleSelection *selection;
  GtkListItemFactory *factory;
  GPtrArray          *rows;             /* MimoConversationRow in use (not owned) */
  GSettings          *desktop_settings; /* for clock-format; NULL outside GNOME */
  guint               midnight_source;
  guint               search_source;

  GtkToggleButton *search_button;
  GtkSearchBar    *search_bar;
  GtkSearchEntry  *search_entry;
  GtkStack        *stack;
  GtkListView     *list_view;
  GtkListBox      *results_list;

  guint folded : 1;
  guint syncing_selection : 1;
};

/* Emits conversation-activated; and search-hit-activated. */
void _mimo_sidebar_activate (MimoSidebar      *self,
                             MimoConversation *conversation);
void _mimo_sidebar_activate_hit (MimoSidebar *self,
                                 gint64       conversation_id,
                                 gint64       message_id);
/* The list, its empty state, or the search results, from the entry. */
void _mimo_sidebar_update_page (MimoSidebar *self);

/* mimo-sidebar-search.c */
void     _mimo_sidebar_search_init (MimoSidebar *self);
void     _mimo_sidebar_search_dispose (MimoSidebar *self);
gboolean _mimo_sidebar_is_searching (MimoSidebar *self);
/* Runs the search again soon (the history changed under the results). */
void _mimo_sidebar_queue_search (MimoSidebar *self);
void _mimo_sidebar_search_class_init (GtkWidgetClass *widget_class);

G_END_DECLS
