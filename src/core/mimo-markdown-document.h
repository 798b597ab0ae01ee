/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-document.h: a Markdown text that grows while it streams, as a list of top-level blocks. */

#pragma once

#include <gio/gio.h>

#include "mimo-markdown-block.h"

G_BEGIN_DECLS

#define MIMO_TYPE_MARKDOWN_DOCUMENT (mimo_markdown_document_get_type ())

G_DECLARE_FINAL_TYPE (MimoMarkdownDocument, mimo_markdown_document, MIMO, MARKDOWN_DOCUMENT, GObject)

/**
 * MimoMarkdownStats:
 * @n_parses: how many times md4c ran
 * @bytes_parsed: how many bytes it read in all
 *
 * The work a document did, so tests and benchmarks can check that
 * streaming stays linear without timing anything.
 */
typedef struct
{
  guint64 n_parses;
  guint64 bytes_parsed;
} MimoMarkdownStats;

/* The document is a GListModel of its top-level MimoMarkdownBlocks; the
 * References section, when there is one, is the last item. Each change
 * emits one items-changed with the smallest range; blocks that did not
 * change stay the same objects, so a view rebuilds only what changed. */
MimoMarkdownDocument *mimo_markdown_document_new (void);
MimoMarkdownDocument *mimo_markdown_document_new_for_text (const char *text,
                                                           gssize      length);

/* Appends streamed text (valid UTF-8, any split, even mid-line). Only
 * the unfinished tail is parsed again. */
void mimo_markdown_document_append (MimoMarkdownDocument *self,
                                    const char           *text,
                                    gssize                length);
/* Replaces the text. A text that extends the current one costs what an
 * append costs; any other change parses the text again. */
void        mimo_markdown_document_set_text (MimoMarkdownDocument *self,
                                             const char           *text,
                                             gssize                length);
const char *mimo_markdown_document_get_text (MimoMarkdownDocument *self,
                                             gsize                *length);

/* The References block (the last item), or NULL. */
MimoMarkdownBlock *mimo_markdown_document_get_references (MimoMarkdownDocument *self);
/* The source a citation number names in the References block, or NULL. */
const MimoCitationSource *mimo_markdown_document_lookup_source (MimoMarkdownDocument *self,
                                                                guint                 number);
/* Where a citation run leads: its own address, else its source's. */
const char *mimo_markdown_document_get_citation_url (MimoMarkdownDocument  *self,
                                                     const MimoMarkdownRun *run);

void mimo_markdown_document_get_stats (MimoMarkdownDocument *self,
                                       MimoMarkdownStats    *stats);

G_END_DECLS
