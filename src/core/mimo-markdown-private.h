/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-private.h: the block's fields, filled in by the md4c tree builder and the document. */

#pragma once

#include "mimo-markdown-block.h"

G_BEGIN_DECLS

struct _MimoMarkdownBlock
{
  GObject parent_instance;

  MimoMarkdownBlockType type;
  char                 *text; /* never NULL */
  gsize                 text_length;
  MimoMarkdownRun      *runs; /* their urls are owned here */
  guint                 n_runs;
  GPtrArray            *children; /* MimoMarkdownBlock, or NULL */
  guint                 number;   /* heading level, list start, column count */
  guint                 tight : 1;
  guint                 header : 1;
  guint                 fenced : 1;
  MimoMarkdownTask      task;
  char                 *language;
  guint8               *aligns;  /* MimoMarkdownAlign per column */
  GPtrArray            *sources; /* MimoCitationSource, for the References block */
};

MimoMarkdownBlock *_mimo_markdown_block_new (MimoMarkdownBlockType type);

/* Every citation in a leaf's inline text becomes "[N]" with a citation
 * run ("[[1]](url)", "[1](url)", "[1, 2]", "[^1]" alike); the other runs
 * move with the text. Replaces *@text and *@runs (MimoMarkdownRun, urls
 * owned). */
void _mimo_markdown_normalize_citations (GString **text,
                                         GArray  **runs);

/* md4c once over @text: the top-level blocks, nothing else. */
GPtrArray *_mimo_markdown_parse_range (const char *text,
                                       gsize       length);

/* The References block for a section starting at @text (heading line
 * first). */
MimoMarkdownBlock *_mimo_markdown_references_block_new (const char *text,
                                                        gsize       length);

G_END_DECLS
