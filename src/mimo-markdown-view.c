/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-view.c: Markdown shown as native widgets (first cut: the text in one label). */

#define G_LOG_DOMAIN "mimo-markdown-view"

#include "config.h"

#include "mimo-markdown-view.h"

struct _MimoMarkdownView
{
  GtkWidget parent_instance;

  MimoMarkdownDocument *document;
  GtkLabel             *label;
};

G_DEFINE_FINAL_TYPE (MimoMarkdownView, mimo_markdown_view, GTK_TYPE_WIDGET)

GtkWidget *
mimo_markdown_view_new (void)
{
  return g_object_new (MIMO_TYPE_MARKDOWN_VIEW, NULL);
}

void
mimo_markdown_view_set_text (MimoMarkdownView *self,
                             const char       *text,
                             gssize            length)
{
  const char *shown;

  g_return_if_fail (MIMO_IS_MARKDOWN_VIEW (self));

  mimo_markdown_document_set_text (self->document, text, length);
  shown = mimo_markdown_document_get_text (self->document, NULL);
  gtk_label_set_text (self->label, shown);
}

MimoMarkdownDocument *
mimo_markdown_view_get_document (MimoMarkdownView *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_VIEW (self), NULL);

  return self->document;
}

char *
mimo_markdown_view_dup_selected_text (MimoMarkdownView *self)
{
  int start, end;

  g_return_val_if_fail (MIMO_IS_MARKDOWN_VIEW (self), NULL);

  if (!gtk_label_get_selection_bounds (self->label, &start, &end))
    return NULL;
  return g_utf8_substring (gtk_label_get_text (self->label), start, end);
}

static void
mimo_markdown_view_dispose (GObject *object)
{
  MimoMarkdownView *self = MIMO_MARKDOWN_VIEW (object);

  if (self->label != NULL)
    gtk_widget_unparent (GTK_WIDGET (self->label));
  self->label = NULL;
  g_clear_object (&self->document);

  G_OBJECT_CLASS (mimo_markdown_view_parent_class)->dispose (object);
}

static void
mimo_markdown_view_class_init (MimoMarkdownViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mimo_markdown_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "markdown");
}

static void
mimo_markdown_view_init (MimoMarkdownView *self)
{
  self->document = mimo_markdown_document_new ();
  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_selectable (self->label, TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_widget_set_parent (GTK_WIDGET (self->label), GTK_WIDGET (self));
}
