/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-citations.c: libFuzzer target: citations and References lists read from any bytes. */

#define G_LOG_DOMAIN "fuzz-citations"

#include "config.h"

#include <stdint.h>

#include "mimo-citations.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  mimo_citations_fuzz (data, size);
  return 0;
}
