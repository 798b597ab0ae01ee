/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-view-private.h: what the Markdown view's files share: inline markup, block widgets, code blocks, links. */

#pragma once

#include <gtk/gtk.h>
#include <gtksourceview/gtksource.h>

#include "mimo-markdown-document.h"
#include "mimo-markdown-view.h"

G_BEGIN_DECLS

/* Pango markup for a block's inline text and runs (everything escaped);
 * citations without an address are resolved through @document. Sets
 * @unresolved when a citation's source is not known yet, so the view can
 * show it again once the References arrive. */
char *_mimo_markdown_inline_markup (MimoMarkdownBlock    *block,
                                    MimoMarkdownDocument *document,
                                    gboolean             *unresolved);
/* The same for the bytes @from to @to of the block's text (a piece of a
 * long paragraph): runs crossing either end are cut there. */
char *_mimo_markdown_inline_markup_range (MimoMarkdownBlock    *block,
                                          MimoMarkdownDocument *document,
                                          guint                 from,
                                          guint                 to,
                                          gboolean             *unresolved);
/* A top-level paragraph: one label, or a box of labels cut at sentence
 * ends once it is long (mimo-markdown-paragraph.c). */
GtkWidget *_mimo_markdown_paragraph_new (MimoMarkdownBlock    *block,
                                         MimoMarkdownDocument *document,
                                         gboolean             *unresolved);
/* Shows @block, a longer (or other) version of @old, in the paragraph's
 * widget; FALSE when it must be made again. */
gboolean _mimo_markdown_paragraph_update (GtkWidget            *widget,
                                          MimoMarkdownBlock    *old,
                                          MimoMarkdownBlock    *block,
                                          MimoMarkdownDocument *document,
                                          gboolean             *unresolved);
/* A wrapping, selectable label for inline text whose links go through
 * _mimo_markdown_activate_link_cb(). */
GtkWidget *_mimo_markdown_label_new (const char *markup);

/* The widget for a top-level (or nested) block. */
GtkWidget *_mimo_markdown_block_widget_new (MimoMarkdownBlock    *block,
                                            MimoMarkdownDocument *document);
/* Shows @block in @widget, made for a block of the same kind, without
 * making new widgets (paragraphs, headings and code blocks); FALSE when
 * the widget must be made again. */
gboolean _mimo_markdown_block_widget_update (GtkWidget            *widget,
                                             MimoMarkdownBlock    *block,
                                             MimoMarkdownDocument *document);
/* Whether the widget shows a citation whose source was not known yet. */
gboolean           _mimo_markdown_block_widget_get_unresolved (GtkWidget *widget);
MimoMarkdownBlock *_mimo_markdown_block_widget_get_block (GtkWidget *widget);

/* A code block: a header with the language and a Copy button, and a
 * read-only GtkSourceView highlighting the fence's language. */
GtkWidget *_mimo_markdown_code_block_new (MimoMarkdownBlock *block);
/* Shows a longer version of the same code in place; FALSE if the
 * language differs. */
gboolean _mimo_markdown_code_block_update (GtkWidget         *widget,
                                           MimoMarkdownBlock *block);
/* The GtkSourceLanguage for a fence's word ("py", "C++", "sh"), or NULL. */
GtkSourceLanguage *_mimo_markdown_code_language (const char *name);

/* Opens @uri in the browser if it is http or https; returns whether it
 * did. Never opens any other scheme (javascript:, file:, …). */
gboolean _mimo_markdown_open_link (GtkWidget  *from,
                                   const char *uri);
/* GtkLabel::activate-link: always handled, so GTK never opens a link
 * itself. */
gboolean _mimo_markdown_activate_link_cb (GtkLabel   *label,
                                          const char *uri,
                                          gpointer    user_data);

/* The view's widget for the top-level block at @index, or NULL (tests). */
GtkWidget *_mimo_markdown_view_get_block_widget (MimoMarkdownView *self,
                                                 guint             index);

G_END_DECLS
