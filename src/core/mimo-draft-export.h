/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-export.h: a draft as Markdown, HTML or plain text, its references in order. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * MimoDraftFormat:
 * @MIMO_DRAFT_FORMAT_MARKDOWN: the draft's Markdown, renumbered, with its
 *   References section (`.md`)
 * @MIMO_DRAFT_FORMAT_HTML: a self-contained XHTML document (`.html`)
 * @MIMO_DRAFT_FORMAT_HTML_FRAGMENT: the HTML body only, for the clipboard
 * @MIMO_DRAFT_FORMAT_TEXT: plain text, for the clipboard
 */
typedef enum
{
  MIMO_DRAFT_FORMAT_MARKDOWN,
  MIMO_DRAFT_FORMAT_HTML,
  MIMO_DRAFT_FORMAT_HTML_FRAGMENT,
  MIMO_DRAFT_FORMAT_TEXT,
} MimoDraftFormat;

/* Exports @draft (normalized first, so the references are in order).
 * @title names the HTML document; NULL takes the first heading. */
char *mimo_draft_export (const char     *draft,
                         MimoDraftFormat format,
                         const char     *title);

/* The words of the draft's first heading (what names its files and print
 * jobs), or NULL when it has none. */
char *mimo_draft_dup_heading (const char *draft);

G_END_DECLS
