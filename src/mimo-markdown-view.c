/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-view.c: Markdown shown as native widgets, one a top-level block, kept in step with the document. */

#define G_LOG_DOMAIN "mimo-markdown-view"

#include "config.h"

#include "mimo-citations.h"
#include <string.h>

#include "mimo-markdown-view-private.h"

struct _MimoMarkdownView
{
  GtkWidget parent_instance;

  MimoMarkdownDocument *document;
  /* The widget of each top-level block, in the document's order. */
  GPtrArray *widgets;
  /* The References block the widgets were last shown with. */
  MimoMarkdownBlock *references;
  /* Text that came faster than it can be laid out, shown a slice a
   * frame (see mimo_markdown_view_set_text()). */
  GString *backlog;
  guint    backlog_tick;
  /* The scrolling that moves the view, and whether its last drawing left
   * blocks out: GTK keeps a drawing while only its position changes, so
   * scrolling must ask for a new one or the blocks left out stay blank. */
  GtkAdjustment *vadjustment;
  gboolean       culled;
};

/* What one frame lays out of a burst: far above any model's pace (~1 KB
 * a second), small enough that a stream read from a fast server in 64 KB
 * gulps never holds a frame up (each KB is ~2-3 ms of shaping and
 * widgets on a slow machine). */
#define BYTES_PER_FRAME 1024

G_DEFINE_FINAL_TYPE (MimoMarkdownView, mimo_markdown_view, GTK_TYPE_WIDGET)

gboolean
_mimo_markdown_open_link (GtkWidget  *from,
                          const char *uri)
{
  GtkRoot *root = from != NULL ? gtk_widget_get_root (from) : NULL;

  /* The answer is text a model wrote: only web pages open, never a
   * script, a file or another program's scheme. */
  if (uri == NULL || !mimo_citation_url_is_openable (uri, FALSE))
    {
      g_debug ("Not opening a link with scheme “%.*s”", (int) MIN (strcspn (uri != NULL ? uri : "", ":"), 32), uri != NULL ? uri : "");
      return FALSE;
    }
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
  return TRUE;
}

gboolean
_mimo_markdown_activate_link_cb (GtkLabel   *label,
                                 const char *uri,
                                 gpointer    user_data)
{
  _mimo_markdown_open_link (GTK_WIDGET (label), uri);
  return TRUE;
}

/* Shows again the blocks whose citations waited for the References. */
static void
refresh_unresolved (MimoMarkdownView *self)
{
  MimoMarkdownBlock *references = mimo_markdown_document_get_references (self->document);
  guint              n = self->widgets->len;

  if (references == self->references)
    return;
  self->references = references;

  for (guint i = 0; i < n; i++)
    {
      GtkWidget         *old = g_ptr_array_index (self->widgets, i);
      MimoMarkdownBlock *block = _mimo_markdown_block_widget_get_block (old);
      GtkWidget         *widget;

      if (!_mimo_markdown_block_widget_get_unresolved (old) ||
          _mimo_markdown_block_widget_update (old, block, self->document))
        continue;
      widget = _mimo_markdown_block_widget_new (block, self->document);
      gtk_widget_insert_after (widget, GTK_WIDGET (self), old);
      gtk_widget_unparent (old);
      self->widgets->pdata[i] = widget;
    }
}

static void
items_changed_cb (GListModel       *model,
                  guint             position,
                  guint             removed,
                  guint             added,
                  MimoMarkdownView *self)
{
  guint      kept = MIN (removed, added);
  GtkWidget *before;

  /* While an answer streams, the change is the last block growing (and
   * maybe a new one after it): a block of the same kind is shown in the
   * same widget, so nothing is made for it. */
  for (guint i = 0; i < kept; i++)
    {
      GtkWidget                    *old = g_ptr_array_index (self->widgets, position + i);
      g_autoptr (MimoMarkdownBlock) block = g_list_model_get_item (model, position + i);
      GtkWidget                    *widget;

      if (_mimo_markdown_block_widget_update (old, block, self->document))
        continue;
      widget = _mimo_markdown_block_widget_new (block, self->document);
      gtk_widget_insert_after (widget, GTK_WIDGET (self), old);
      gtk_widget_unparent (old);
      self->widgets->pdata[position + i] = widget;
    }
  position += kept;
  removed -= kept;
  added -= kept;

  for (guint i = 0; i < removed; i++)
    gtk_widget_unparent (g_ptr_array_index (self->widgets, position + i));
  g_ptr_array_remove_range (self->widgets, position, removed);

  before = position > 0 ? g_ptr_array_index (self->widgets, position - 1) : NULL;
  for (guint i = 0; i < added; i++)
    {
      g_autoptr (MimoMarkdownBlock) block = g_list_model_get_item (model, position + i);
      GtkWidget                    *widget = _mimo_markdown_block_widget_new (block, self->document);

      gtk_widget_insert_after (widget, GTK_WIDGET (self), before);
      g_ptr_array_insert (self->widgets, (int) (position + i), widget);
      before = widget;
    }

  refresh_unresolved (self);
}

GtkWidget *
mimo_markdown_view_new (void)
{
  return g_object_new (MIMO_TYPE_MARKDOWN_VIEW, NULL);
}

/* Appends the next slice of the backlog, cut at a character's start. */
static void
show_backlog_slice (MimoMarkdownView *self,
                    gsize             budget)
{
  gsize n = self->backlog->len;

  if (n > budget)
    {
      n = budget;
      while (n > 0 && (self->backlog->str[n] & 0xC0) == 0x80)
        n--;
    }
  mimo_markdown_document_append (self->document, self->backlog->str, (gssize) n);
  g_string_erase (self->backlog, 0, (gssize) n);
}

static gboolean
backlog_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  MimoMarkdownView *self = MIMO_MARKDOWN_VIEW (widget);

  show_backlog_slice (self, BYTES_PER_FRAME);
  if (self->backlog->len > 0)
    return G_SOURCE_CONTINUE;
  self->backlog_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
drop_backlog (MimoMarkdownView *self)
{
  if (self->backlog_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->backlog_tick);
  self->backlog_tick = 0;
  g_string_truncate (self->backlog, 0);
}

/* Hidden, nothing is laid out: the rest is shown at once, so the next
 * time the view is shown (or read) it is complete. */
static void
unmap_cb (MimoMarkdownView *self)
{
  if (self->backlog->len == 0)
    return;
  show_backlog_slice (self, G_MAXSIZE);
  drop_backlog (self);
}

/* A growing text (what is shown and more: a streaming answer) is shown
 * up to BYTES_PER_FRAME more at once and the rest a slice a frame, so a
 * burst costs a few smooth frames instead of one long stall. Any other
 * text, and the first text of an empty view (a row bound to a message),
 * is shown whole at once. */
void
mimo_markdown_view_set_text (MimoMarkdownView *self,
                             const char       *text,
                             gssize            length)
{
  gsize       shown_length;
  const char *shown;
  gsize       known;

  g_return_if_fail (MIMO_IS_MARKDOWN_VIEW (self));
  g_return_if_fail (text != NULL || length == 0);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = (gssize) strlen (text);

  shown = mimo_markdown_document_get_text (self->document, &shown_length);
  known = shown_length + self->backlog->len;
  if (shown_length == 0 || (gsize) length < known || memcmp (text, shown, shown_length) != 0 ||
      memcmp (text + shown_length, self->backlog->str, self->backlog->len) != 0)
    {
      drop_backlog (self);
      mimo_markdown_document_set_text (self->document, text, length);
      return;
    }

  g_string_append_len (self->backlog, text + known, length - (gssize) known);
  /* Off screen there is no frame to spread it over, nor anyone to see. */
  show_backlog_slice (self, gtk_widget_get_mapped (GTK_WIDGET (self)) ? BYTES_PER_FRAME : G_MAXSIZE);
  if (self->backlog->len > 0 && self->backlog_tick == 0)
    self->backlog_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), backlog_tick_cb, NULL, NULL);
}

MimoMarkdownDocument *
mimo_markdown_view_get_document (MimoMarkdownView *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_VIEW (self), NULL);

  return self->document;
}

GtkWidget *
_mimo_markdown_view_get_block_widget (MimoMarkdownView *self,
                                      guint             index)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_VIEW (self), NULL);

  return index < self->widgets->len ? g_ptr_array_index (self->widgets, index) : NULL;
}

static char *
dup_selection (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_selectable (GTK_LABEL (widget)))
    {
      int start, end;

      if (gtk_label_get_selection_bounds (GTK_LABEL (widget), &start, &end))
        return g_utf8_substring (gtk_label_get_text (GTK_LABEL (widget)), start, end);
      return NULL;
    }
  if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter    start, end;

      if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
        return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      return NULL;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      char *text = dup_selection (child);

      if (text != NULL)
        return text;
    }
  return NULL;
}

char *
mimo_markdown_view_dup_selected_text (MimoMarkdownView *self)
{
  GtkRoot   *root;
  GtkWidget *focus;

  g_return_val_if_fail (MIMO_IS_MARKDOWN_VIEW (self), NULL);

  /* Labels keep a selection when focus leaves them: the focused one is
   * the one the person selected last. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    {
      char *text = dup_selection (focus);

      if (text != NULL)
        return text;
    }
  return dup_selection (GTK_WIDGET (self));
}

/* Only the blocks inside the window are drawn. GTK 4.8's cairo renderer
 * walks every node it is given, and a long answer's text drawn off screen
 * each frame made streaming cost grow with the square of its length. */
static void
mimo_markdown_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  GtkRoot         *root = gtk_widget_get_root (widget);
  graphene_point_t origin, corner;
  graphene_rect_t  visible;
  gboolean         cull = FALSE;

  if (root != NULL &&
      gtk_widget_compute_point (GTK_WIDGET (root), widget, &GRAPHENE_POINT_INIT (0, 0), &origin) &&
      gtk_widget_compute_point (GTK_WIDGET (root), widget,
                                &GRAPHENE_POINT_INIT (gtk_widget_get_width (GTK_WIDGET (root)), gtk_widget_get_height (GTK_WIDGET (root))),
                                &corner))
    {
      graphene_rect_init (&visible, MIN (origin.x, corner.x), MIN (origin.y, corner.y),
                          ABS (corner.x - origin.x), ABS (corner.y - origin.y));
      cull = TRUE;
    }

  MIMO_MARKDOWN_VIEW (widget)->culled = FALSE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (cull && gtk_widget_compute_bounds (child, widget, &bounds) &&
          !graphene_rect_intersection (&bounds, &visible, NULL))
        {
          MIMO_MARKDOWN_VIEW (widget)->culled = TRUE;
          continue;
        }
      gtk_widget_snapshot_child (widget, child, snapshot);
    }
}

static void
scrolled_cb (MimoMarkdownView *self)
{
  if (self->culled)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
forget_scrolling (MimoMarkdownView *self)
{
  if (self->vadjustment == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->vadjustment, scrolled_cb, self);
  g_clear_object (&self->vadjustment);
}

static void
mimo_markdown_view_realize (GtkWidget *widget)
{
  MimoMarkdownView *self = MIMO_MARKDOWN_VIEW (widget);
  GtkWidget        *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);

  GTK_WIDGET_CLASS (mimo_markdown_view_parent_class)->realize (widget);

  forget_scrolling (self);
  if (scroller != NULL)
    {
      self->vadjustment = g_object_ref (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)));
      g_signal_connect_swapped (self->vadjustment, "value-changed", G_CALLBACK (scrolled_cb), self);
    }
}

static void
mimo_markdown_view_unrealize (GtkWidget *widget)
{
  forget_scrolling (MIMO_MARKDOWN_VIEW (widget));

  GTK_WIDGET_CLASS (mimo_markdown_view_parent_class)->unrealize (widget);
}

static void
mimo_markdown_view_dispose (GObject *object)
{
  MimoMarkdownView *self = MIMO_MARKDOWN_VIEW (object);

  if (self->backlog != NULL)
    {
      drop_backlog (self);
      g_string_free (self->backlog, TRUE);
      self->backlog = NULL;
    }
  forget_scrolling (self);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (self->document, self);
  if (self->widgets != NULL)
    {
      for (guint i = 0; i < self->widgets->len; i++)
        gtk_widget_unparent (g_ptr_array_index (self->widgets, i));
      g_clear_pointer (&self->widgets, g_ptr_array_unref);
    }
  self->references = NULL;
  g_clear_object (&self->document);

  G_OBJECT_CLASS (mimo_markdown_view_parent_class)->dispose (object);
}

static void
mimo_markdown_view_class_init (MimoMarkdownViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mimo_markdown_view_dispose;
  widget_class->snapshot = mimo_markdown_view_snapshot;
  widget_class->realize = mimo_markdown_view_realize;
  widget_class->unrealize = mimo_markdown_view_unrealize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "markdown");
}

static void
mimo_markdown_view_init (MimoMarkdownView *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self), "mimo-md");

  self->widgets = g_ptr_array_new ();
  self->backlog = g_string_new (NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (unmap_cb), NULL);
  self->document = mimo_markdown_document_new ();
  g_signal_connect (self->document, "items-changed", G_CALLBACK (items_changed_cb), self);
}
