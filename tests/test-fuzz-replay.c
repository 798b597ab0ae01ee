/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fuzz-replay.c: every seed and every input the fuzzers once crashed on, replayed through its fuzzing entry point. */

#include "config.h"

#include <glib.h>

#include "mimo-client.h"
#include "mimo-sse-parser.h"
#include "mimo-store.h"

typedef void (*FuzzFunc) (const guint8 *data,
                          gsize         size);

/* Runs @func on every file of G_TEST_DIST/@dir…; returns how many. */
static guint
replay_dir (FuzzFunc    func,
            const char *first,
            ...)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  g_autofree char      *path = NULL;
  g_autoptr (GDir)      dir = NULL;
  const char           *name;
  const char           *part;
  va_list               args;
  guint                 n = 0;

  va_start (args, first);
  for (part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  path = g_build_filenamev ((char **) parts->pdata);
  dir = g_dir_open (g_test_get_filename (G_TEST_DIST, path, NULL), 0, NULL);
  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (g_test_get_filename (G_TEST_DIST, path, NULL), name, NULL);
      g_autofree char *data = NULL;
      gsize            length;

      g_assert_true (g_file_get_contents (file, &data, &length, NULL));
      g_test_message ("%s/%s", path, name);
      func ((const guint8 *) data, length);
      n++;
    }

  return n;
}

typedef struct
{
  const char *name;
  FuzzFunc    func;
} Target;

static void
test_replay (gconstpointer data)
{
  const Target *target = data;
  guint         n;

  n = replay_dir (target->func, "fuzz", "seed", target->name, NULL);
  n += replay_dir (target->func, "data", "fuzz", target->name, NULL);
  g_assert_cmpuint (n, >=, 1);
}

/* The edges the seeds may not have: nothing, one byte, only a header. */
static void
test_tiny_inputs (void)
{
  static const guint8 bytes[] = { 0xff, 0x0f, 0x00, '\r', '\n', 'd' };

  for (gsize size = 0; size <= sizeof bytes; size++)
    {
      mimo_sse_parser_fuzz (bytes, size);
      mimo_client_chunk_fuzz (bytes, size);
      mimo_store_fuzz (bytes, size);
    }
}

int
main (int   argc,
      char *argv[])
{
  static const Target targets[] = {
    { "sse", mimo_sse_parser_fuzz },
    { "chunk", mimo_client_chunk_fuzz },
    { "store", mimo_store_fuzz },
  };

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* A damaged history is warned about (that is right); a critical is a
   * bug, as in the fuzzers (tests/fuzz/fuzz-common.h). */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  for (gsize i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *path = g_strdup_printf ("/core/fuzz-replay/%s", targets[i].name);

      g_test_add_data_func (path, &targets[i], test_replay);
    }
  g_test_add_func ("/core/fuzz-replay/tiny-inputs", test_tiny_inputs);

  return g_test_run ();
}
