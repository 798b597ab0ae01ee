/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown.h: Markdown (md4c, GitHub dialect, no raw HTML) to our block tree in one go. */

#pragma once

#include "mimo-markdown-block.h"

G_BEGIN_DECLS

/* Parses @text whole: md4c once over its body, then the References
 * section (see mimo_citations_find_references()) as one last
 * MIMO_MARKDOWN_BLOCK_REFERENCES block. Returns the top-level blocks
 * (a GPtrArray of MimoMarkdownBlock, owning them). This is what a
 * MimoMarkdownDocument holds after any sequence of appends that ends in
 * @text. */
GPtrArray *mimo_markdown_parse (const char *text,
                                gssize      length);

/* mimo_markdown_block_to_string() of each block, concatenated. */
char *mimo_markdown_blocks_to_string (GPtrArray *blocks);

/* Fuzzing entry point: parses arbitrary bytes whole and streamed in
 * pieces the bytes choose, checks that both give the same tree, that
 * every run and text is sound, and that the HTML export is well-formed;
 * aborts on a violation. */
void mimo_markdown_fuzz (const guint8 *data,
                         gsize         size);

G_END_DECLS
