/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-draft.c: what the draft editor pays when typing pauses, and what exports cost, for drafts of growing size. */

#define G_LOG_DOMAIN "bench-draft"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "mimo-draft-export.h"
#include "mimo-draft-refs.h"

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* An answer of @n_paragraphs, each citing one of @n_sources pages. */
static char *
make_answer (guint first,
             guint n_paragraphs,
             guint n_sources)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_paragraphs; i++)
    {
      guint source = i % n_sources;

      if (i % 8 == 0)
        g_string_append_printf (out, "## Part %u\n\n", first + i / 8);
      g_string_append_printf (out, "Paragraph %u of the answer explains a finding **in some detail**, with enough words "
                                   "to wrap over two lines in the editor [[%u]](https://site%u.example.org/page/%u).\n\n",
                              i, source + 1, first + source, first + source);
    }
  g_string_append (out, "**References**\n\n");
  for (guint s = 0; s < n_sources; s++)
    g_string_append_printf (out, "%u. [Page %u](https://site%u.example.org/page/%u)\n", s + 1, first + s, first + s, first + s);
  return g_string_free (out, FALSE);
}

/* Runs @func until it took a tenth of a second, and gives the time of one. */
#define TIME_IT(seconds, ...)                  \
  G_STMT_START                                 \
  {                                            \
    double start = cpu_seconds ();             \
    guint  runs = 0;                           \
    do                                         \
      {                                        \
        __VA_ARGS__;                           \
        runs++;                                \
      }                                        \
    while (cpu_seconds () - start < 0.1);      \
    seconds = (cpu_seconds () - start) / runs; \
  }                                            \
  G_STMT_END

int
main (int   argc,
      char *argv[])
{
  static const guint answers[] = { 1, 10, 100 };

  printf ("%-8s %9s %8s %10s %10s %10s %10s %10s\n", "answers", "bytes", "sources", "append ms", "settle ms", "md ms",
          "html ms", "text ms");
  for (guint k = 0; k < G_N_ELEMENTS (answers); k++)
    {
      g_autofree char      *draft = g_strdup ("");
      g_autofree char      *last = NULL;
      g_autoptr (GPtrArray) sources = NULL;
      double                append = 0, settle = 0, markdown = 0, html = 0, text = 0;

      /* Each answer brings 40 paragraphs over 20 sources, half of them
       * already cited by the answer before. */
      for (guint a = 0; a < answers[k]; a++)
        {
          g_autofree char *answer = make_answer (a * 10, 40, 20);
          char            *next = mimo_draft_refs_append (draft, answer, NULL, NULL);

          g_free (draft);
          draft = next;
        }
      last = make_answer (answers[k] * 10, 40, 20);
      sources = mimo_draft_refs_get_sources (draft);

      TIME_IT (append, g_free (mimo_draft_refs_append (draft, last, NULL, NULL)));
      /* When typing pauses: the edits, the word count and the sources
       * for the status line. */
      TIME_IT (settle, {
        g_autoptr (GPtrArray) edits = NULL;
        g_autoptr (GPtrArray) listed = NULL;

        g_free (mimo_draft_refs_update (draft, -1, &edits));
        mimo_draft_refs_count_words (draft);
        listed = mimo_draft_refs_get_sources (draft);
      });
      TIME_IT (markdown, g_free (mimo_draft_export (draft, MIMO_DRAFT_FORMAT_MARKDOWN, NULL)));
      TIME_IT (html, g_free (mimo_draft_export (draft, MIMO_DRAFT_FORMAT_HTML, NULL)));
      TIME_IT (text, g_free (mimo_draft_export (draft, MIMO_DRAFT_FORMAT_TEXT, NULL)));

      printf ("%-8u %9zu %8u %10.2f %10.2f %10.2f %10.2f %10.2f\n", answers[k], strlen (draft), sources->len,
              append * 1e3, settle * 1e3, markdown * 1e3, html * 1e3, text * 1e3);
    }
  return 0;
}
