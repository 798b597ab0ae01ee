/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-store.c: libFuzzer target: a history whose rows hold any values, opened and loaded. */

#define G_LOG_DOMAIN "fuzz-store"

#include "config.h"

#include <stdint.h>

#include "fuzz-common.h"
#include "mimo-store.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  mimo_store_fuzz (data, size);
  return 0;
}
