/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-fuzz-private.h: how the core's fuzz entry points report a broken rule. */

#pragma once

#include <glib.h>
#include <stdlib.h>

/* libFuzzer keeps the input for an abort(), not for g_error()'s trap. */
#define FAIL(...)             \
  G_STMT_START                \
  {                           \
    g_printerr (__VA_ARGS__); \
    g_printerr ("\n");        \
    abort ();                 \
  }                           \
  G_STMT_END

#define CHECK(cond)                                                \
  G_STMT_START                                                     \
  {                                                                \
    if (!(cond))                                                   \
      FAIL ("%s:%d: check failed: %s", __FILE__, __LINE__, #cond); \
  }                                                                \
  G_STMT_END
