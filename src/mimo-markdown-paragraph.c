/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-paragraph.c: a top-level paragraph as one label, or once long as labels cut at sentence ends, so a growing one relays out only its end. */

#define G_LOG_DOMAIN "mimo-markdown-view"

#include "config.h"

#include <string.h>

#include "mimo-markdown-view-private.h"

/* A piece ends at the first sentence end at least PIECE_MIN bytes after
 * its start, or, in text without any, at the first space PIECE_MAX bytes
 * after it. GtkLabel lays its whole text out again on every change, so
 * one label for an endless streamed paragraph made each update cost the
 * paragraph's length (quadratic in all); now it costs a piece. The rule
 * looks only at the text, so a paragraph shown at once and the same one
 * streamed are cut in the same places. */
#define PIECE_MIN 1500
#define PIECE_MAX 4000

/* What a split paragraph shows: each piece's first byte (the first is 0)
 * and the markup its label holds. */
typedef struct
{
  GArray    *starts;     /* guint */
  GPtrArray *markups;    /* char* */
  GArray    *unresolved; /* gboolean, a piece's citation had no source */
} Pieces;

static GQuark pieces_quark;

static void
pieces_free (gpointer data)
{
  Pieces *pieces = data;

  g_array_unref (pieces->starts);
  g_ptr_array_unref (pieces->markups);
  g_array_unref (pieces->unresolved);
  g_free (pieces);
}

static Pieces *
get_pieces (GtkWidget *widget)
{
  if (pieces_quark == 0)
    pieces_quark = g_quark_from_static_string ("mimo-markdown-pieces");
  return g_object_get_qdata (G_OBJECT (widget), pieces_quark);
}

/* The end of the piece starting at @start, or 0 when the text after it
 * does not hold one yet (it is the last piece). */
static guint
piece_end (const char *text,
           gsize       length,
           guint       start)
{
  for (gsize i = start + PIECE_MIN; i + 1 < length; i++)
    {
      if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && text[i + 1] == ' ')
        return (guint) i + 2;
      if (i >= start + PIECE_MAX && text[i] == ' ')
        return (guint) i + 1;
    }
  return 0;
}

/* Appends the starts of the pieces after the last one in @starts. */
static void
add_cuts (GArray     *starts,
          const char *text,
          gsize       length)
{
  guint start = g_array_index (starts, guint, starts->len - 1);
  guint end;

  while ((end = piece_end (text, length, start)) != 0 && end < length)
    {
      g_array_append_val (starts, end);
      start = end;
    }
}

/* Whether @a and @b have the same runs before @limit (cut there). */
static gboolean
same_runs_before (MimoMarkdownBlock *a,
                  MimoMarkdownBlock *b,
                  guint              limit)
{
  guint                  n_a, n_b, i;
  const MimoMarkdownRun *runs_a = mimo_markdown_block_get_runs (a, &n_a);
  const MimoMarkdownRun *runs_b = mimo_markdown_block_get_runs (b, &n_b);

  for (i = 0; i < n_a && runs_a[i].start < limit; i++)
    {
      if (i >= n_b || runs_b[i].start != runs_a[i].start || runs_b[i].style != runs_a[i].style ||
          MIN (runs_b[i].end, limit) != MIN (runs_a[i].end, limit) || runs_b[i].citation != runs_a[i].citation ||
          g_strcmp0 (runs_b[i].url, runs_a[i].url) != 0)
        return FALSE;
    }
  return i >= n_b || runs_b[i].start >= limit;
}

static guint
piece_stop (Pieces *pieces,
            guint   index,
            gsize   length)
{
  return index + 1 < pieces->starts->len ? g_array_index (pieces->starts, guint, index + 1) : (guint) length;
}

static GtkWidget *
nth_label (GtkWidget *box,
           guint      index)
{
  GtkWidget *child = gtk_widget_get_first_child (box);

  for (guint i = 0; i < index && child != NULL; i++)
    child = gtk_widget_get_next_sibling (child);
  return child;
}

/* Shows pieces @from… of @block in @box's labels, making or removing
 * labels so there is one a piece. */
static gboolean
show_pieces (GtkWidget            *box,
             Pieces               *pieces,
             guint                 from,
             MimoMarkdownBlock    *block,
             MimoMarkdownDocument *document)
{
  gsize      length;
  GtkWidget *label = nth_label (box, from);
  gboolean   unresolved = FALSE;

  mimo_markdown_block_get_text (block, &length);
  for (guint i = from; i < pieces->starts->len; i++)
    {
      gboolean missing = FALSE;
      char    *markup = _mimo_markdown_inline_markup_range (block, document, g_array_index (pieces->starts, guint, i),
                                                            piece_stop (pieces, i, length), &missing);

      if (label == NULL)
        {
          label = _mimo_markdown_label_new (markup);
          gtk_box_append (GTK_BOX (box), label);
        }
      else if (i >= pieces->markups->len || g_strcmp0 (g_ptr_array_index (pieces->markups, i), markup) != 0)
        gtk_label_set_markup (GTK_LABEL (label), markup);

      if (i < pieces->markups->len)
        {
          g_free (g_ptr_array_index (pieces->markups, i));
          pieces->markups->pdata[i] = markup;
          g_array_index (pieces->unresolved, gboolean, i) = missing;
        }
      else
        {
          g_ptr_array_add (pieces->markups, markup);
          g_array_append_val (pieces->unresolved, missing);
        }
      label = gtk_widget_get_next_sibling (label);
    }
  while (label != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (label);

      gtk_box_remove (GTK_BOX (box), label);
      label = next;
    }
  g_ptr_array_set_size (pieces->markups, pieces->starts->len);
  g_array_set_size (pieces->unresolved, pieces->starts->len);

  for (guint i = 0; i < pieces->unresolved->len; i++)
    unresolved |= g_array_index (pieces->unresolved, gboolean, i);
  return unresolved;
}

GtkWidget *
_mimo_markdown_paragraph_new (MimoMarkdownBlock    *block,
                              MimoMarkdownDocument *document,
                              gboolean             *unresolved)
{
  gsize       length;
  const char *text = mimo_markdown_block_get_text (block, &length);
  Pieces     *pieces;
  GtkWidget  *box;
  guint       zero = 0;

  /* Most paragraphs are one piece: a label, as before. */
  if (piece_end (text, length, 0) == 0)
    {
      gboolean         missing = FALSE;
      g_autofree char *markup = _mimo_markdown_inline_markup (block, document, &missing);
      GtkWidget       *label = _mimo_markdown_label_new (markup);

      *unresolved |= missing;
      gtk_widget_add_css_class (label, "mimo-md-paragraph");
      return label;
    }

  pieces = g_new0 (Pieces, 1);
  pieces->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  pieces->markups = g_ptr_array_new_with_free_func (g_free);
  pieces->unresolved = g_array_new (FALSE, TRUE, sizeof (gboolean));
  g_array_append_val (pieces->starts, zero);
  add_cuts (pieces->starts, text, length);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (box, "mimo-md-paragraph");
  get_pieces (box);
  g_object_set_qdata_full (G_OBJECT (box), pieces_quark, pieces, pieces_free);
  *unresolved |= show_pieces (box, pieces, 0, block, document);
  return box;
}

gboolean
_mimo_markdown_paragraph_update (GtkWidget            *widget,
                                 MimoMarkdownBlock    *old,
                                 MimoMarkdownBlock    *block,
                                 MimoMarkdownDocument *document,
                                 gboolean             *unresolved)
{
  gsize       length, old_length;
  const char *text = mimo_markdown_block_get_text (block, &length);
  const char *old_text = mimo_markdown_block_get_text (old, &old_length);
  Pieces     *pieces = GTK_IS_LABEL (widget) ? NULL : get_pieces (widget);
  guint       last_start, first_changed;

  if (pieces == NULL)
    {
      g_autofree char *markup = NULL;

      /* A label that now needs cutting is made again, once. */
      if (!GTK_IS_LABEL (widget) || piece_end (text, length, 0) != 0)
        return FALSE;
      markup = _mimo_markdown_inline_markup (block, document, unresolved);
      gtk_label_set_markup (GTK_LABEL (widget), markup);
      return TRUE;
    }

  /* Streaming: the text grew at its end and the runs before the last
   * piece are the same, so only the last piece (and new ones after it)
   * change. Anything else shows every piece again (labels whose markup
   * did not change are left alone). */
  last_start = g_array_index (pieces->starts, guint, pieces->starts->len - 1);
  first_changed = pieces->starts->len - 1;
  if (length < last_start || old_length < last_start || memcmp (text, old_text, last_start) != 0 ||
      !same_runs_before (old, block, last_start))
    {
      guint zero = 0;

      g_array_set_size (pieces->starts, 0);
      g_array_append_val (pieces->starts, zero);
      first_changed = 0;
    }
  add_cuts (pieces->starts, text, length);
  if (pieces->starts->len == 1)
    return FALSE; /* one piece again: a label */

  /* Pieces whose citations waited for the References are shown again. */
  for (guint i = 0; i < first_changed && i < pieces->unresolved->len; i++)
    if (g_array_index (pieces->unresolved, gboolean, i))
      {
        first_changed = i;
        break;
      }
  *unresolved = show_pieces (widget, pieces, first_changed, block, document);
  return TRUE;
}
