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

static guint
map_offset (GArray  *edits,
            guint    x,
            gboolean is_end)
{
  int delta = 0;

  for (guint i = 0; i < edits->len; i++)
    {
      const Edit *e = &g_array_index (edits, Edit, i);

      if (x <= e->start)
        break;
      if (x < e->end)
        return is_end ? e->new_end : e->new_start;
      delta += (int) (e->new_end - e->new_start) - (int) (e->end - e->start);
    }
  return x + delta;
}

/* Whether [start, end) touches code, a link or a citation already found. */
static gboolean
excluded (GArray *runs,
          GArray *edits,
          guint   start,
          guint   end)
{
  for (guint i = 0; i < runs->len; i++)
    {
      const MimoMarkdownRun *run = &g_array_index (runs, MimoMarkdownRun, i);

      if ((run->style == MIMO_MARKDOWN_STYLE_CODE || run->style == MIMO_MARKDOWN_STYLE_LINK) && start < run->end && run->start < end)
        return TRUE;
    }
  for (guint i = 0; i < edits->len; i++)
    if (start < g_array_index (edits, Edit, i).end && g_array_index (edits, Edit, i).start < end)
      return TRUE;
  return FALSE;
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
      if (!_mimo_citation_match_marker (text->str, text->len, i, &end, e.numbers, &e.n_numbers, &ds, &de, &form) || excluded (old_runs, edits, i, end))
        continue;
      e.start = i;
      e.end = end;
      g_array_append_val (edits, e);
      i = end - 1;
    }

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

  for (guint i = 0; i < old_runs->len; i++)
    {
      MimoMarkdownRun run = g_array_index (old_runs, MimoMarkdownRun, i);
      gboolean        inside = FALSE;

      for (guint k = 0; k < edits->len && !inside; k++)
        inside = run.start >= g_array_index (edits, Edit, k).start && run.end <= g_array_index (edits, Edit, k).end;
      if (inside)
        {
          g_free ((char *) run.url);
          continue;
        }
      run.start = map_offset (edits, run.start, FALSE);
      run.end = map_offset (edits, run.end, TRUE);
      g_array_append_val (runs, run);
    }

  for (guint i = 0; i < edits->len; i++)
    g_free (g_array_index (edits, Edit, i).url);

  g_array_unref (old_runs);
  *runs_inout = runs;
  g_string_free (text, TRUE);
  *text_inout = out;
}
