/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-draft-refs.c: libFuzzer target: a draft (before the first NUL) and an answer (after it): append, update, export. */

#define G_LOG_DOMAIN "fuzz-draft-refs"

#include "config.h"

#include <stdint.h>

#include "mimo-draft-refs.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  mimo_draft_refs_fuzz (data, size);
  return 0;
}
