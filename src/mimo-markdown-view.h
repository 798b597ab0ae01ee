/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-view.h: Markdown shown as native widgets, rebuilt only where it changed while it streams. */

#pragma once

#include <gtk/gtk.h>

#include "mimo-markdown-document.h"

G_BEGIN_DECLS

#define MIMO_TYPE_MARKDOWN_VIEW (mimo_markdown_view_get_type ())

G_DECLARE_FINAL_TYPE (MimoMarkdownView, mimo_markdown_view, MIMO, MARKDOWN_VIEW, GtkWidget)

/**
 * MimoMarkdownView:
 *
 * Shows a #MimoMarkdownDocument: one widget per top-level block, kept in
 * step with the document's items-changed, so while an answer streams
 * only the growing block is rebuilt. Headings, emphasis, lists, quotes,
 * links, tables, inline code, code blocks (GtkSourceView, highlighted,
 * with Copy), citations and the References list; all text selectable.
 * Links open in the browser (http and https only); hovering shows the
 * address first.
 */
GtkWidget *mimo_markdown_view_new (void);

/* Shows @text. A text that extends the one shown costs an append. */
void                  mimo_markdown_view_set_text (MimoMarkdownView *self,
                                                   const char       *text,
                                                   gssize            length);
MimoMarkdownDocument *mimo_markdown_view_get_document (MimoMarkdownView *self);
/* The text the person selected in the view, as plain text, or NULL. */
char *mimo_markdown_view_dup_selected_text (MimoMarkdownView *self);

G_END_DECLS
