/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-sidebar-search.c: full-text search over all history in the sidebar: results with the words in bold. */

#define G_LOG_DOMAIN "mimo-sidebar"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-date-format.h"
#include "mimo-sidebar-private.h"

/* The newest first; more words find fewer. A GtkListBox measures every
 * row, wrapped snippets included, so the list stays short (bench-sidebar:
 * 100 rows cost about 200 ms of layout on a loaded machine). */
#define MAX_RESULTS 50

gboolean
_mimo_sidebar_is_searching (MimoSidebar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  return gtk_search_bar_get_search_mode (self->search_bar) && text != NULL && text[0] != '\0';
}

/* Snippets are cut from the Markdown as written: show them as a line of
 * words, without the marks people never typed (table rules, **, `, #). */
static char *
tidy_snippet (const char *markup)
{
  static const struct
  {
    const char *pattern;
    const char *replacement;
  } rules[] = {
    { "\\|?(\\s*:?-{3,}:?\\s*\\|)+", " " }, /* |---|:--| */
    { "\\*\\*|__|`+|(^|\\n)#{1,6} ", " " },
    { "(^|\\n)\\s*[*+-]\\s+", " " },                                   /* list bullets */
    { "(?<![\\w*])[*_](?=[^\\s*_])|(?<=[^\\s*_])[*_](?![\\w*])", "" }, /* *emphasis* */
    { "\\s*\\|\\s*", " · " },
    { "(\\s*·\\s*){2,}", " · " },
    { "([:;,.!?])\\s*·\\s*", "\\1 " }, /* "these:" then a table */
    { "\\s+", " " },
    { "^\\s*·\\s*|\\s*·\\s*$", "" },
  };
  g_autofree char *text = g_strdup (markup != NULL ? markup : "");

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr (GRegex) regex = g_regex_new (rules[i].pattern, 0, 0, NULL);
      char              *replaced;

      g_assert (regex != NULL);
      replaced = g_regex_replace (regex, text, -1, 0, rules[i].replacement, 0, NULL);
      if (replaced == NULL)
        continue;
      g_free (text);
      text = replaced;
    }

  return g_strdup (g_strstrip (text));
}

/* A tooltip set on each of a hundred new rows would cost a hundred round
 * trips to the display server; this one is made when asked for. */
static gboolean
data_query_tooltip_cb (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard,
                       GtkTooltip *tooltip)
{
  gtk_tooltip_set_text (tooltip, g_object_get_data (G_OBJECT (widget), "mimo-tooltip"));
  return TRUE;
}

static GtkWidget *
new_hit_row (const MimoSearchHit *hit)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (hit->time_us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) local = g_date_time_to_local (utc);
  g_autofree char      *date = mimo_date_format_relative (local, NULL, MIMO_CLOCK_FORMAT_LOCALE);
  g_autofree char      *full_date = mimo_date_format_full (local, MIMO_CLOCK_FORMAT_LOCALE);
  g_autofree char      *who = NULL;
  g_autofree char      *snippet = tidy_snippet (hit->snippet_markup);
  g_autofree char      *markup = NULL;
  g_autofree char      *accessible = NULL;
  GtkWidget            *row = gtk_list_box_row_new ();
  GtkWidget            *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget            *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget            *title = gtk_label_new (hit->conversation_title);
  GtkWidget            *when = gtk_label_new (date);
  GtkWidget            *text;

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  /* Natural widths stay small: the sidebar keeps its width while searching. */
  gtk_label_set_max_width_chars (GTK_LABEL (title), 20);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "conversation-title");
  gtk_widget_add_css_class (when, "caption");
  gtk_widget_add_css_class (when, "dim-label");
  g_object_set_data_full (G_OBJECT (when), "mimo-tooltip", g_steal_pointer (&full_date), g_free);
  gtk_widget_set_has_tooltip (when, TRUE);
  g_signal_connect (when, "query-tooltip", G_CALLBACK (data_query_tooltip_cb), NULL);
  gtk_box_append (GTK_BOX (top), title);
  gtk_box_append (GTK_BOX (top), when);

  /* Who said it, before what was said: the question or the answer. */
  who = hit->role == MIMO_ROLE_USER ? g_markup_printf_escaped ("<span alpha=\"60%%\">%s</span> ", _ ("You:"))
                                    : g_strdup ("");
  markup = g_strconcat (who, snippet, NULL);
  text = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (text), markup);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (GTK_LABEL (text), 3);
  gtk_label_set_max_width_chars (GTK_LABEL (text), 30);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (text, "search-snippet");

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), text);
  gtk_widget_add_css_class (box, "search-result");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: a search result for screen readers: the chat's title,
   * when, and the words found. */
  accessible = g_strdup_printf (_ ("%s, %s: %s"), hit->conversation_title, date,
                                hit->snippet != NULL ? hit->snippet : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);

  g_object_set_data_full (G_OBJECT (row), "mimo-search-hit", mimo_search_hit_copy (hit),
                          (GDestroyNotify) mimo_search_hit_free);

  return row;
}

static void
clear_results (MimoSidebar *self)
{
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL;)
    gtk_list_box_remove (self->results_list, child);
}

static void
run_search (MimoSidebar *self)
{
  g_autoptr (GPtrArray) hits = NULL;
  g_autoptr (GError)    error = NULL;
  const char           *text;

  g_clear_handle_id (&self->search_source, g_source_remove);
  clear_results (self);

  if (!_mimo_sidebar_is_searching (self))
    {
      _mimo_sidebar_update_page (self);
      return;
    }

  text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  hits = mimo_store_search (self->store, text, MAX_RESULTS, &error);
  if (hits == NULL)
    {
      /* Only punctuation, say: nothing to look for is no results. */
      g_debug ("Search for “%s” did not run: %s", text, error->message);
      gtk_stack_set_visible_child_name (self->stack, "no-results");
      return;
    }

  for (guint i = 0; i < hits->len; i++)
    gtk_list_box_append (self->results_list, new_hit_row (g_ptr_array_index (hits, i)));
  gtk_stack_set_visible_child_name (self->stack, hits->len > 0 ? "results" : "no-results");
}

static gboolean
search_idle_cb (gpointer user_data)
{
  MimoSidebar *self = user_data;

  self->search_source = 0;
  run_search (self);

  return G_SOURCE_REMOVE;
}

void
_mimo_sidebar_queue_search (MimoSidebar *self)
{
  if (!_mimo_sidebar_is_searching (self) || self->search_source != 0)
    return;

  /* A delete or a streamed answer can change the list many times in a
   * row: search once they are done. */
  self->search_source = g_timeout_add (300, search_idle_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->search_source),
                            "[mimo] sidebar search again");
}

/* GtkSearchEntry waits for a pause in typing before it says so. */
static void
search_changed_cb (MimoSidebar *self)
{
  run_search (self);
}

/* Enter opens the newest result. */
static void
search_activate_cb (MimoSidebar *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results_list, 0);

  if (first != NULL && _mimo_sidebar_is_searching (self))
    g_signal_emit_by_name (self->results_list, "row-activated", first);
}

static void
result_activated_cb (MimoSidebar   *self,
                     GtkListBoxRow *row)
{
  const MimoSearchHit *hit = g_object_get_data (G_OBJECT (row), "mimo-search-hit");

  if (hit != NULL)
    _mimo_sidebar_activate_hit (self, hit->conversation_id, hit->message_id);
}

/* Escape (or the toggle) closes the search: back to the list, empty entry. */
static void
search_mode_cb (MimoSidebar *self)
{
  if (gtk_search_bar_get_search_mode (self->search_bar))
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  run_search (self);
}

/* Down from the entry goes to the results, as in GNOME's other lists. */
static gboolean
entry_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      MimoSidebar           *self)
{
  GtkListBoxRow *first;

  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;

  first = gtk_list_box_get_row_at_index (self->results_list, 0);
  if (first == NULL || !_mimo_sidebar_is_searching (self))
    return FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (first));
  return TRUE;
}

void
_mimo_sidebar_search_init (MimoSidebar *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (search_mode_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
}

void
_mimo_sidebar_search_dispose (MimoSidebar *self)
{
  g_clear_handle_id (&self->search_source, g_source_remove);
}

void
_mimo_sidebar_search_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, result_activated_cb);
}
