/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-inline.c: makes every citation in a block's inline text the same "[N]" run. */

#define G_LOG_DOMAIN "mimo-markdown"

#include "config.h"

#include <string.h>

#include "mimo-citations-private.h"
#include "mimo-markdown-private.h"

typedef struct
{
  guint start;
  guint end;
  guint n_numbers;
  guint numbers[MIMO_CITATION_MAX_NUMBERS];
  char *url;
  guint new_start;
  guint new_end;
} Edit;

static int
compare_edits (gconstpointer a,
               gconstpointer b)
{
  const Edit *ea = a;
  const Edit *eb = b;

  if (ea->start != eb->start)
    return ea->start < eb->start ? -1 : 1;
  return ea->end > eb->end ? -1 : ea->end < eb->end;
}

/* How many of @edits (sorted, apart) start before @x, or at it too when
 * @at_too: a binary search, so a block with thousands of runs and
 * citations costs n log n, not n². */
static guint
n_edits_before (GArray  *edits,
                guint    x,
                gboolean at_too)
{
  guint lo = 0;
  guint hi = edits->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint start = g_array_index (edits, Edit, mid).start;

      if (start < x || (at_too && start == x))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Where offset @x of the old text is in the new one: @edits are sorted
 * and apart, @shift[k] is how much the first k of them moved the text.
 * An offset strictly inside an edit belongs to a run that crosses the
 * citation, as the emphasis in "*see [1*]" does (runs wholly inside an
 * edit are dropped before this): such a run stops before the citation
 * or starts after it, so runs still nest. */
static guint
map_offset (GArray    *edits,
            const int *shift,
            guint      x,
            gboolean   is_end)
{
  guint lo = n_edits_before (edits, x, FALSE);

  if (lo > 0 && x < g_array_index (edits, Edit, lo - 1).end)
    return is_end ? g_array_index (edits, Edit, lo - 1).new_start : g_array_index (edits, Edit, lo - 1).new_end;
  return x + shift[lo];
}

/* Whether the run [start, end) lies inside one of @edits (sorted, apart):
 * only the last edit starting at or before it can hold it. */
static gboolean
inside_edit (GArray *edits,
             guint   start,
             guint   end)
{
  guint lo = n_edits_before (edits, start, TRUE);

  return lo > 0 && end <= g_array_index (edits, Edit, lo - 1).end;
}

/* Which bytes code and links cover, as counts up to each offset, so
 * asking whether a span touches one costs the same however many runs the
 * block has: @covered[k] counts the covered bytes before k; @empty[k] the
 * empty code or link runs (an empty link text) before k. */
typedef struct
{
  guint *covered;
  guint *empty;
} Coverage;

static void
coverage_init (Coverage *coverage,
               GArray   *runs,
               gsize     length)
{
  g_autofree int *depth = g_new0 (int, length + 1);
  int             level = 0;

  coverage->covered = g_new0 (guint, length + 1);
  coverage->empty = g_new0 (guint, length + 2);
  for (guint i = 0; i < runs->len; i++)
    {
      const MimoMarkdownRun *run = &g_array_index (runs, MimoMarkdownRun, i);

      if (run->style != MIMO_MARKDOWN_STYLE_CODE && run->style != MIMO_MARKDOWN_STYLE_LINK)
        continue;
      if (run->start < run->end && run->start < length)
        {
          depth[run->start]++;
          depth[MIN (run->end, length)]--;
        }
      else if (run->start == run->end && run->start <= length)
        coverage->empty[run->start + 1]++;
    }
  for (gsize k = 0; k < length; k++)
    {
      level += depth[k];
      coverage->covered[k + 1] = coverage->covered[k] + (level > 0);
    }
  for (gsize k = 1; k <= length + 1; k++)
    coverage->empty[k] += coverage->empty[k - 1];
}

static void
coverage_clear (Coverage *coverage)
{
  g_clear_pointer (&coverage->covered, g_free);
  g_clear_pointer (&coverage->empty, g_free);
}

/* Whether [start, end) touches code or a link: a covered byte in it, or an
 * empty run strictly inside. (Link citations are links, and a marker found
 * earlier ends before this one starts, so neither needs its own test.) */
static gboolean
excluded (const Coverage *coverage,
          guint           start,
          guint           end)
{
  if (coverage->covered[end] > coverage->covered[start])
    return TRUE;
  /* Empty runs at offsets start+1 … end-1. */
  return end > start + 1 && coverage->empty[end] > coverage->empty[start + 1];
}

/* Every citation becomes "[N]" with a citation run, whatever the answer
 * wrote: a link "[[1]](url)" or "[1](url)", "[1, 2]" (two runs) or
 * "[^1]", so the view only ever sees one shape. */
void
_mimo_markdown_normalize_citations (GString **text_inout,
                                    GArray  **runs_inout)
{
  g_autoptr (GArray) edits = g_array_new (FALSE, TRUE, sizeof (Edit));
  GString           *text = *text_inout;
  GArray            *old_runs = *runs_inout;
  GString           *out;
  GArray            *runs;
  g_autofree int    *shift = NULL;
  Coverage           coverage = { 0 };

  /* Backwards: an outer span ends after the spans inside it, so this
   * sees it first, and the sort below keeps that order on ties. */
  for (guint i = old_runs->len; i-- > 0;)
    {
      MimoMarkdownRun *run = &g_array_index (old_runs, MimoMarkdownRun, i);
      Edit             e = { run->start, run->end, 1 };
      gsize            ds, de;

      if (run->style == MIMO_MARKDOWN_STYLE_LINK && mimo_citation_url_is_openable (run->url, FALSE) && _mimo_citation_match_link_text (text->str + run->start, run->end - run->start, &e.numbers[0], &ds, &de))
        {
          e.url = (char *) g_steal_pointer (&run->url);
          g_array_append_val (edits, e);
        }
    }

  for (gsize i = 0; i < text->len; i++)
    {
      Edit             e = { 0 };
      gsize            end, ds, de;
      MimoCitationForm form;

      if (text->str[i] != '[' || (i > 0 && text->str[i - 1] == '!'))
        continue;
      if (!_mimo_citation_match_marker (text->str, text->len, i, &end, e.numbers, &e.n_numbers, &ds, &de, &form))
        continue;
      if (coverage.covered == NULL)
        coverage_init (&coverage, old_runs, text->len);
      if (excluded (&coverage, i, end))
        continue;
      e.start = i;
      e.end = end;
      g_array_append_val (edits, e);
      i = end - 1;
    }

  coverage_clear (&coverage);
  if (edits->len == 0)
    return;

  g_array_sort (edits, compare_edits);

  /* A link inside a link (an image in a link) can make two citations of
   * one place: the outer one wins. */
  for (guint i = 1; i < edits->len;)
    {
      Edit *prev = &g_array_index (edits, Edit, i - 1);
      Edit *e = &g_array_index (edits, Edit, i);

      if (e->start < prev->end)
        {
          g_free (e->url);
          g_array_remove_index (edits, i);
        }
      else
        i++;
    }
  out = g_string_sized_new (text->len + 16);
  runs = g_array_new (FALSE, FALSE, sizeof (MimoMarkdownRun));
  for (guint i = 0, copied = 0; i < edits->len; i++)
    {
      Edit *e = &g_array_index (edits, Edit, i);

      g_string_append_len (out, text->str + copied, e->start - copied);
      e->new_start = out->len;
      for (guint k = 0; k < e->n_numbers; k++)
        {
          MimoMarkdownRun run = { MIMO_MARKDOWN_STYLE_CITATION, out->len, 0, e->numbers[k], NULL };

          g_string_append_printf (out, "[%u]", e->numbers[k]);
          run.end = out->len;
          if (e->n_numbers == 1)
            run.url = g_steal_pointer (&e->url);
          g_array_append_val (runs, run);
        }
      e->new_end = out->len;
      copied = e->end;
      if (i + 1 == edits->len)
        g_string_append_len (out, text->str + copied, text->len - copied);
    }

  shift = g_new (int, edits->len + 1);
  shift[0] = 0;
  for (guint i = 0; i < edits->len; i++)
    {
      const Edit *e = &g_array_index (edits, Edit, i);

      shift[i + 1] = shift[i] + (int) (e->new_end - e->new_start) - (int) (e->end - e->start);
    }

  for (guint i = 0; i < old_runs->len; i++)
    {
      MimoMarkdownRun run = g_array_index (old_runs, MimoMarkdownRun, i);

      if (inside_edit (edits, run.start, run.end))
        {
          g_free ((char *) run.url);
          continue;
        }
      run.start = map_offset (edits, shift, run.start, FALSE);
      run.end = map_offset (edits, shift, run.end, TRUE);
      /* All of it was in citations (the bold of "[**1][2**]"). */
      if (run.start >= run.end)
        {
          g_free ((char *) run.url);
          continue;
        }
      g_array_append_val (runs, run);
    }

  for (guint i = 0; i < edits->len; i++)
    g_free (g_array_index (edits, Edit, i).url);

  g_array_unref (old_runs);
  *runs_inout = runs;
  g_string_free (text, TRUE);
  *text_inout = out;
}
