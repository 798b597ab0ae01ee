/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-chunk.c: libFuzzer target: stream chunks, error bodies and model schemas of any shape. */

#define G_LOG_DOMAIN "fuzz-chunk"

#include "config.h"

#include <stdint.h>

#include "fuzz-common.h"
#include "mimo-client.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  mimo_client_chunk_fuzz (data, size);
  return 0;
}
