/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-markdown.c: streaming a long answer into the Markdown model: time for 32K and 64K tokens, full parses. */

#define G_LOG_DOMAIN "bench-markdown"

#include "config.h"

#include <string.h>
#include <time.h>

#include "mimo-markdown-document.h"
#include "mimo-markdown.h"
#include "mimo-test-answer.h"

#define N_TOKENS 65536

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct
{
  double            seconds;
  double            worst_append;
  MimoMarkdownStats stats;
  guint             n_blocks;
} Run;

/* Appends the first @n_tokens pieces, @per_append pieces at a time (1:
 * every token; 16: what a view coalescing to one update a frame sees at
 * about 1,000 tokens a second). */
static Run
stream (const char *text,
        GArray     *ends,
        guint       n_tokens,
        guint       per_append)
{
  g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new ();
  Run                              run = { 0 };
  gsize                            pos = 0;
  double                           start = cpu_seconds ();

  for (guint i = per_append - 1; i < n_tokens; i += per_append)
    {
      gsize  end = g_array_index (ends, gsize, MIN (i, ends->len - 1));
      double before = cpu_seconds ();

      mimo_markdown_document_append (document, text + pos, end - pos);
      run.worst_append = MAX (run.worst_append, cpu_seconds () - before);
      pos = end;
    }

  run.seconds = cpu_seconds () - start;
  mimo_markdown_document_get_stats (document, &run.stats);
  run.n_blocks = g_list_model_get_n_items (G_LIST_MODEL (document));
  return run;
}

static void
report (const char *what,
        Run         run,
        gsize       bytes)
{
  g_print ("  %-28s %8.1f ms  worst append %6.2f ms  %6.1f MB parsed (%5.1fx the text)  %u blocks\n",
           what, run.seconds * 1e3, run.worst_append * 1e3, run.stats.bytes_parsed / 1e6, (double) run.stats.bytes_parsed / bytes, run.n_blocks);
}

static char *
giant_code_block (gsize n_bytes)
{
  GString *out = g_string_new ("Here is the whole program:\n\n```c\n");

  for (guint i = 0; out->len < n_bytes; i++)
    g_string_append_printf (out, "static int value_%u = %u; /* a line of code */\n\n", i, i * 7);
  g_string_append (out, "```\n");
  return g_string_free (out, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char   *text = mimo_test_answer_generate (2026, N_TOKENS * 4);
  g_autoptr (GArray) ends = mimo_test_answer_tokenize (text, 1);
  gsize              bytes_half = g_array_index (ends, gsize, N_TOKENS / 2 - 1);
  gsize              bytes_all = g_array_index (ends, gsize, MIN (N_TOKENS, ends->len) - 1);
  Run                half, all, half_frames, all_frames;
  double             start;
  double             full;
  double             full_document;

  g_print ("bench-markdown: a typical answer, %u tokens (%" G_GSIZE_FORMAT " bytes), streamed into MimoMarkdownDocument\n", N_TOKENS, bytes_all);

  half = stream (text, ends, N_TOKENS / 2, 1);
  all = stream (text, ends, N_TOKENS, 1);
  report ("32K tokens, every token", half, bytes_half);
  report ("64K tokens, every token", all, bytes_all);
  g_print ("  ratio 64K / 32K: %.2f (linear is 2)\n", all.seconds / half.seconds);

  half_frames = stream (text, ends, N_TOKENS / 2, 16);
  all_frames = stream (text, ends, N_TOKENS, 16);
  report ("32K tokens, 16 a frame", half_frames, bytes_half);
  report ("64K tokens, 16 a frame", all_frames, bytes_all);
  g_print ("  ratio 64K / 32K: %.2f\n", all_frames.seconds / half_frames.seconds);

  start = cpu_seconds ();
  for (guint i = 0; i < 10; i++)
    g_ptr_array_unref (mimo_markdown_parse (text, bytes_all));
  full = (cpu_seconds () - start) / 10;
  start = cpu_seconds ();
  for (guint i = 0; i < 10; i++)
    g_object_unref (mimo_markdown_document_new_for_text (text, bytes_all));
  full_document = (cpu_seconds () - start) / 10;
  g_print ("  full parse of all 64K tokens: %.1f ms (md4c once); a document for it: %.1f ms\n", full * 1e3, full_document * 1e3);

  /* The worst case: one block that keeps growing is parsed again whole
   * on every update, so its cost grows with the square of its size. */
  {
    g_autofree char   *code = giant_code_block (N_TOKENS);
    g_autoptr (GArray) code_ends = mimo_test_answer_tokenize (code, 1);
    guint              n = code_ends->len;
    Run                small = stream (code, code_ends, n / 2, 16);
    Run                big = stream (code, code_ends, n, 16);

    g_print ("one giant code block, %u tokens (%" G_GSIZE_FORMAT " bytes), 16 tokens a frame:\n", n, strlen (code));
    report ("half of it", small, g_array_index (code_ends, gsize, n / 2 - 1));
    report ("all of it", big, strlen (code));
    g_print ("  ratio: %.2f (a single block is quadratic: 4 would be)\n", big.seconds / small.seconds);
  }

  return 0;
}
