/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-window-draft.c: the window's draft pane beside or instead of the chat, and its actions. */

#define G_LOG_DOMAIN "mimo-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-draft-refs.h"
#include "mimo-window-draft-private.h"

/* The same as the draft view's own. */
#define CHAT_MIN_WIDTH 360

struct _MimoWindowDraft
{
  MimoWindow      *window;
  AdwLeaflet      *leaflet;
  AdwLeaflet      *pane;
  MimoChatView    *chat_view;
  MimoDraftView   *draft_view;
  GtkWidget       *separator;
  AdwToastOverlay *toast_overlay;
  GSimpleAction   *show_action;
};

GtkWidget *
_mimo_window_draft_get_pane (MimoWindowDraft *self)
{
  return GTK_WIDGET (self->pane);
}

static void update_chrome (MimoWindowDraft *self);

/* The draft view (a GtkSourceView with Markdown highlighting: its
 * language files cost a good part of a start) is made when first needed. */
static MimoDraftView *
ensure_view (MimoWindowDraft *self)
{
  AdwLeafletPage *page;

  if (self->draft_view != NULL)
    return self->draft_view;

  self->draft_view = MIMO_DRAFT_VIEW (mimo_draft_view_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->draft_view), FALSE);
  page = adw_leaflet_append (self->pane, GTK_WIDGET (self->draft_view));
  adw_leaflet_page_set_name (page, "draft");
  mimo_draft_view_set_conversation (self->draft_view, mimo_chat_view_get_conversation (self->chat_view));
  update_chrome (self);
  return self->draft_view;
}

MimoDraftView *
_mimo_window_draft_get_view (MimoWindowDraft *self)
{
  return ensure_view (self);
}

static gboolean
get_shown (MimoWindowDraft *self)
{
  g_autoptr (GVariant) state = g_action_get_state (G_ACTION (self->show_action));

  return g_variant_get_boolean (state);
}

/* Which header bar shows the window's buttons depends on who is at the
 * window's edges: the draft's at the right when it is shown, so the
 * chat view hides its own then. */
static void
update_chrome (MimoWindowDraft *self)
{
  gboolean shown = get_shown (self);
  gboolean pane_folded = adw_leaflet_get_folded (self->pane);

  if (self->draft_view != NULL)
    g_object_set (self->draft_view,
                  "folded", pane_folded,
                  "show-start-title-buttons", pane_folded && adw_leaflet_get_folded (self->leaflet),
                  NULL);
  mimo_chat_view_set_show_end_title_buttons (self->chat_view, !shown || pane_folded);
}

static void
set_shown (MimoWindowDraft *self,
           gboolean         shown)
{
  g_simple_action_set_state (self->show_action, g_variant_new_boolean (shown));

  /* Beside the draft, the chat keeps room for its messages and composer:
   * the pane folds, showing the draft alone, before the chat gets narrower. */
  gtk_widget_set_size_request (GTK_WIDGET (self->chat_view), shown ? CHAT_MIN_WIDTH : -1, -1);
  if (shown)
    {
      ensure_view (self);
      gtk_widget_set_visible (self->separator, TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->draft_view), TRUE);
      adw_leaflet_set_visible_child (self->pane, GTK_WIDGET (self->draft_view));
      adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->pane));
    }
  else
    {
      adw_leaflet_set_visible_child (self->pane, GTK_WIDGET (self->chat_view));
      if (self->draft_view != NULL)
        gtk_widget_set_visible (GTK_WIDGET (self->draft_view), FALSE);
      gtk_widget_set_visible (self->separator, FALSE);
    }
  update_chrome (self);
}

static void
show_draft_change_state_cb (GSimpleAction   *action,
                            GVariant        *state,
                            MimoWindowDraft *self)
{
  gboolean shown = g_variant_get_boolean (state);

  if (shown == get_shown (self))
    return;
  set_shown (self, shown);
  if (shown)
    mimo_draft_view_focus (ensure_view (self));
  else
    mimo_chat_view_focus_composer (self->chat_view);
}

/* The draft is the shown chat's. */
static void
chat_conversation_cb (MimoWindowDraft *self)
{
  if (self->draft_view != NULL)
    mimo_draft_view_set_conversation (self->draft_view, mimo_chat_view_get_conversation (self->chat_view));
}

static void
add_to_draft_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MimoWindowDraft  *self = _mimo_window_get_draft (MIMO_WINDOW (widget));
  MimoConversation *conversation = mimo_chat_view_get_conversation (self->chat_view);
  MimoMessage      *message = NULL;
  g_autofree char  *draft = NULL;
  const char       *selection;
  gint64            message_id;
  guint             n_unresolved = 0;

  g_variant_get (parameter, "(x&s)", &message_id, &selection);
  if (conversation != NULL)
    message = mimo_conversation_find_message (conversation, message_id, NULL);
  if (message == NULL)
    {
      g_warning ("No message %" G_GINT64_FORMAT " in the shown chat to add to its draft", message_id);
      return;
    }

  draft = mimo_draft_refs_append (mimo_conversation_get_draft (conversation), mimo_message_get_content (message),
                                  selection[0] != '\0' ? selection : NULL, &n_unresolved);
  /* The draft view hears of it and applies it as one undoable edit. */
  mimo_conversation_set_draft (conversation, draft);
  set_shown (self, TRUE);

  if (n_unresolved > 0)
    {
      g_autofree char *message_text = NULL;

      /* Translators: raw "[N]" citations whose answer listed no address for N. */
      message_text = g_strdup_printf (ngettext ("%u citation had no source and was left out",
                                                "%u citations had no source and were left out", n_unresolved),
                                      n_unresolved);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message_text));
    }
}

void
_mimo_window_draft_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.add-to-draft", "(xs)", add_to_draft_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "win.show-draft", NULL);
}

MimoWindowDraft *
_mimo_window_draft_new (MimoWindow      *window,
                        AdwLeaflet      *leaflet,
                        MimoChatView    *chat_view,
                        AdwToastOverlay *toast_overlay)
{
  MimoWindowDraft *self = g_new0 (MimoWindowDraft, 1);
  AdwLeafletPage  *page;

  self->window = window;
  self->leaflet = leaflet;
  self->chat_view = chat_view;
  self->toast_overlay = toast_overlay;

  /* Side by side when both fit, else one at a time: the draft replaces
   * the chat while it is shown. Going back is the draft's back button
   * (win.show-draft), so the state and what is seen never disagree. */
  self->pane = ADW_LEAFLET (adw_leaflet_new ());
  adw_leaflet_set_can_unfold (self->pane, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->pane), TRUE);
  page = adw_leaflet_append (self->pane, GTK_WIDGET (chat_view));
  adw_leaflet_page_set_name (page, "chat");
  self->separator = gtk_separator_new (GTK_ORIENTATION_VERTICAL);
  page = adw_leaflet_append (self->pane, self->separator);
  adw_leaflet_page_set_navigatable (page, FALSE);

  self->show_action = g_simple_action_new_stateful ("show-draft", NULL, g_variant_new_boolean (FALSE));
  g_signal_connect (self->show_action, "change-state", G_CALLBACK (show_draft_change_state_cb), self);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (self->show_action));

  g_signal_connect_swapped (self->pane, "notify::folded", G_CALLBACK (update_chrome), self);
  g_signal_connect_swapped (leaflet, "notify::folded", G_CALLBACK (update_chrome), self);
  g_signal_connect_swapped (chat_view, "notify::conversation", G_CALLBACK (chat_conversation_cb), self);

  chat_conversation_cb (self);
  set_shown (self, FALSE);
  return self;
}

void
_mimo_window_draft_free (MimoWindowDraft *self)
{
  if (self == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->pane, self);
  g_signal_handlers_disconnect_by_data (self->leaflet, self);
  g_signal_handlers_disconnect_by_data (self->chat_view, self);
  g_signal_handlers_disconnect_by_data (self->show_action, self);
  g_clear_object (&self->show_action);
  g_free (self);
}
