/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-markdown.c: libFuzzer target: Markdown to the block tree, whole and streamed, and its exports. */

#define G_LOG_DOMAIN "fuzz-markdown"

#include "config.h"

#include <stdint.h>

#include "mimo-markdown.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  mimo_markdown_fuzz (data, size);
  return 0;
}
