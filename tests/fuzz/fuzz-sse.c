/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-sse.c: libFuzzer target: the SSE parser fed any bytes in any pieces. */

#define G_LOG_DOMAIN "fuzz-sse"

#include "config.h"

#include <stdint.h>

#include "fuzz-common.h"
#include "mimo-sse-parser.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  mimo_sse_parser_fuzz (data, size);
  return 0;
}
