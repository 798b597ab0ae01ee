/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-export.h: the block tree as HTML (for files and rich-text copy) and as plain text. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* @blocks is a GListModel of top-level MimoMarkdownBlocks, such as a
 * MimoMarkdownDocument. Citations link to their source's address (and
 * carry its title), the References block becomes a numbered list of
 * links with each site's domain. */

/* A self-contained XHTML document: UTF-8, one <style> for readable type
 * in light and dark, everything escaped, well-formed XML. @title may be
 * NULL (the first heading is used, else "Document"). */
char *mimo_markdown_export_html (GListModel *blocks,
                                 const char *title);
/* The body's content only, for the clipboard's text/html. */
char *mimo_markdown_export_html_fragment (GListModel *blocks);
/* Plain text for the clipboard: lists with bullets and numbers, tables
 * with tabs, citations as "[N]", the References as "N. Title — URL". */
char *mimo_markdown_export_text (GListModel *blocks);

G_END_DECLS
