/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-block.h: one block of a rendered Markdown document, as a view maps it to widgets. */

#pragma once

#include <glib-object.h>

#include "mimo-citations.h"

G_BEGIN_DECLS

/**
 * MimoMarkdownBlockType:
 * @MIMO_MARKDOWN_BLOCK_PARAGRAPH: inline text (also an item's text in a tight list)
 * @MIMO_MARKDOWN_BLOCK_HEADING: inline text; a level from 1 to 6
 * @MIMO_MARKDOWN_BLOCK_BULLET_LIST: children are items; tight or loose
 * @MIMO_MARKDOWN_BLOCK_ORDERED_LIST: children are items; a start number
 * @MIMO_MARKDOWN_BLOCK_LIST_ITEM: children are blocks; maybe a task box
 * @MIMO_MARKDOWN_BLOCK_QUOTE: children are blocks
 * @MIMO_MARKDOWN_BLOCK_CODE: the code's exact text (each line ends in
 *   "\n") and the language named after the fence, if any
 * @MIMO_MARKDOWN_BLOCK_TABLE: children are rows, the first the header;
 *   a column count and each column's alignment
 * @MIMO_MARKDOWN_BLOCK_TABLE_ROW: children are cells (as many as columns)
 * @MIMO_MARKDOWN_BLOCK_TABLE_CELL: inline text
 * @MIMO_MARKDOWN_BLOCK_THEMATIC_BREAK: a horizontal rule
 * @MIMO_MARKDOWN_BLOCK_REFERENCES: the answer's References section, always
 *   the last top-level block: its sources, and the heading's words as text
 */
typedef enum
{
  MIMO_MARKDOWN_BLOCK_PARAGRAPH,
  MIMO_MARKDOWN_BLOCK_HEADING,
  MIMO_MARKDOWN_BLOCK_BULLET_LIST,
  MIMO_MARKDOWN_BLOCK_ORDERED_LIST,
  MIMO_MARKDOWN_BLOCK_LIST_ITEM,
  MIMO_MARKDOWN_BLOCK_QUOTE,
  MIMO_MARKDOWN_BLOCK_CODE,
  MIMO_MARKDOWN_BLOCK_TABLE,
  MIMO_MARKDOWN_BLOCK_TABLE_ROW,
  MIMO_MARKDOWN_BLOCK_TABLE_CELL,
  MIMO_MARKDOWN_BLOCK_THEMATIC_BREAK,
  MIMO_MARKDOWN_BLOCK_REFERENCES,
} MimoMarkdownBlockType;

/**
 * MimoMarkdownStyle:
 * @MIMO_MARKDOWN_STYLE_BOLD: strong emphasis
 * @MIMO_MARKDOWN_STYLE_ITALIC: emphasis
 * @MIMO_MARKDOWN_STYLE_STRIKETHROUGH: deleted text
 * @MIMO_MARKDOWN_STYLE_CODE: inline code
 * @MIMO_MARKDOWN_STYLE_LINK: a link (http, https or mailto only; images
 *   become links to the image, never fetched)
 * @MIMO_MARKDOWN_STYLE_CITATION: a citation; its text is always "[N]"
 */
typedef enum
{
  MIMO_MARKDOWN_STYLE_BOLD,
  MIMO_MARKDOWN_STYLE_ITALIC,
  MIMO_MARKDOWN_STYLE_STRIKETHROUGH,
  MIMO_MARKDOWN_STYLE_CODE,
  MIMO_MARKDOWN_STYLE_LINK,
  MIMO_MARKDOWN_STYLE_CITATION,
} MimoMarkdownStyle;

typedef enum
{
  MIMO_MARKDOWN_ALIGN_DEFAULT,
  MIMO_MARKDOWN_ALIGN_LEFT,
  MIMO_MARKDOWN_ALIGN_CENTER,
  MIMO_MARKDOWN_ALIGN_RIGHT,
} MimoMarkdownAlign;

typedef enum
{
  MIMO_MARKDOWN_TASK_NONE,
  MIMO_MARKDOWN_TASK_UNCHECKED,
  MIMO_MARKDOWN_TASK_CHECKED,
} MimoMarkdownTask;

/**
 * MimoMarkdownRun:
 * @style: what the run shows
 * @start: where it starts, in bytes of the block's text
 * @end: where it ends (exclusive); never inside a UTF-8 character
 * @citation: the number, for citations (0 otherwise)
 * @url: the address of a link, or of a citation written as a link; %NULL
 *   for a citation whose address only the References list knows (see
 *   mimo_markdown_document_lookup_source())
 *
 * A styled stretch of a block's text. Runs nest like the Markdown did
 * (a link inside bold text, a citation inside a link never); they are
 * sorted by @start, an outer run before the runs inside it, so a view can
 * apply them in one pass as text tags or Pango attributes.
 */
typedef struct
{
  MimoMarkdownStyle style;
  guint             start;
  guint             end;
  guint             citation;
  const char       *url;
} MimoMarkdownRun;

#define MIMO_TYPE_MARKDOWN_BLOCK (mimo_markdown_block_get_type ())

G_DECLARE_FINAL_TYPE (MimoMarkdownBlock, mimo_markdown_block, MIMO, MARKDOWN_BLOCK, GObject)

/* Blocks are immutable: a document replaces a block that changed, and
 * keeps the very same object for a block that did not. */
MimoMarkdownBlockType mimo_markdown_block_get_block_type (MimoMarkdownBlock *self);
guint                 mimo_markdown_block_get_n_children (MimoMarkdownBlock *self);
MimoMarkdownBlock    *mimo_markdown_block_get_child (MimoMarkdownBlock *self,
                                                     guint              index);

/* The block's text: inline text for paragraphs, headings and cells (soft
 * line breaks as spaces, hard ones as "\n", entities decoded, nothing
 * escaped), the exact code of a code block, the heading of the References
 * section; "" for containers. Always valid UTF-8. */
const char            *mimo_markdown_block_get_text (MimoMarkdownBlock *self,
                                                     gsize             *length);
const MimoMarkdownRun *mimo_markdown_block_get_runs (MimoMarkdownBlock *self,
                                                     guint             *n_runs);

guint             mimo_markdown_block_get_heading_level (MimoMarkdownBlock *self);
guint             mimo_markdown_block_get_list_start (MimoMarkdownBlock *self);
gboolean          mimo_markdown_block_get_list_tight (MimoMarkdownBlock *self);
MimoMarkdownTask  mimo_markdown_block_get_task (MimoMarkdownBlock *self);
const char       *mimo_markdown_block_get_code_language (MimoMarkdownBlock *self);
gboolean          mimo_markdown_block_get_code_fenced (MimoMarkdownBlock *self);
guint             mimo_markdown_block_get_n_columns (MimoMarkdownBlock *self);
MimoMarkdownAlign mimo_markdown_block_get_column_align (MimoMarkdownBlock *self,
                                                        guint              column);
gboolean          mimo_markdown_block_get_header_row (MimoMarkdownBlock *self);

guint                     mimo_markdown_block_get_n_sources (MimoMarkdownBlock *self);
const MimoCitationSource *mimo_markdown_block_get_source (MimoMarkdownBlock *self,
                                                          guint              index);

/* Whether two blocks show the same thing (deep comparison). */
gboolean mimo_markdown_block_equal (MimoMarkdownBlock *a,
                                    MimoMarkdownBlock *b);

/* A readable dump of the block and its children, one line a block, for
 * tests and debugging: `paragraph "Hi there" bold[0,2)`. */
char *mimo_markdown_block_to_string (MimoMarkdownBlock *self);

const char *mimo_markdown_block_type_to_string (MimoMarkdownBlockType type);
const char *mimo_markdown_style_to_string (MimoMarkdownStyle style);

G_END_DECLS
