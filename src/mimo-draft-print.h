/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-print.h: a draft laid out on pages with Pango, for printing and PDF export. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A print operation that lays out @draft (Markdown; its References in
 * order, as mimo_draft_refs_update() leaves them) across pages:
 * headings, paragraphs, lists, quotes, code, tables, then the numbered
 * References with their addresses. Links and citations read as text; in
 * a PDF they can also be clicked. Pages are numbered at the foot.
 * @title names the print job. */
GtkPrintOperation *mimo_draft_print_new (const char *draft,
                                         const char *title);

/* Exports @draft as a PDF file at @path, without a dialog. */
gboolean mimo_draft_print_to_pdf (const char *draft,
                                  const char *title,
                                  const char *path,
                                  GError    **error);

G_END_DECLS
