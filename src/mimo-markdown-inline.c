/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-inline.c: a block's inline runs (bold, links, citations…) as Pango markup for a GtkLabel. */

#define G_LOG_DOMAIN "mimo-markdown-view"

#include "config.h"


#include "mimo-markdown-view-private.h"

#define MAX_DEPTH 32

static void
append_escaped (GString    *out,
                const char *text,
                gsize       length)
{
  g_autofree char *escaped = NULL;

  if (length == 0)
    return;
  escaped = g_markup_escape_text (text, (gssize) length);
  g_string_append (out, escaped);
}

static void
append_link_open (GString    *out,
                  const char *url,
                  const char *title)
{
  g_autofree char *href = g_markup_escape_text (url, -1);
  g_autofree char *tip = g_markup_escape_text (title != NULL ? title : url, -1);

  /* GtkLabel shows a link's title as its tooltip: the address, so the
   * person sees where it leads before clicking. */
  g_string_append_printf (out, "<a href=\"%s\" title=\"%s\">", href, tip);
}

/* Opens @run; returns the closing tag. */
static const char *
open_run (GString               *out,
          const MimoMarkdownRun *run,
          MimoMarkdownDocument  *document,
          gboolean              *unresolved)
{
  switch (run->style)
    {
    case MIMO_MARKDOWN_STYLE_BOLD:
      g_string_append (out, "<b>");
      return "</b>";
    case MIMO_MARKDOWN_STYLE_ITALIC:
      g_string_append (out, "<i>");
      return "</i>";
    case MIMO_MARKDOWN_STYLE_STRIKETHROUGH:
      g_string_append (out, "<s>");
      return "</s>";
    case MIMO_MARKDOWN_STYLE_CODE:
      /* A translucent grey reads as a code chip on light and dark alike. */
      g_string_append (out, "<span font_family=\"monospace\" bgcolor=\"#808080\" bgalpha=\"18%\">");
      return "</span>";
    case MIMO_MARKDOWN_STYLE_LINK:
      if (run->url == NULL)
        return "";
      append_link_open (out, run->url, NULL);
      return "</a>";
    case MIMO_MARKDOWN_STYLE_CITATION:
      {
        const char               *url = document != NULL ? mimo_markdown_document_get_citation_url (document, run) : run->url;
        const MimoCitationSource *source = document != NULL ? mimo_markdown_document_lookup_source (document, run->citation) : NULL;
        g_autofree char          *tip = NULL;

        if (url == NULL || !mimo_citation_url_is_openable (url, FALSE))
          {
            if (url == NULL && unresolved != NULL)
              *unresolved = TRUE;
            g_string_append (out, "<sup><small>");
            return "</small></sup>";
          }
        if (source != NULL && source->title != NULL)
          tip = g_strdup_printf ("%s\n%s", source->title, url);
        append_link_open (out, url, tip);
        g_string_append (out, "<sup><small>");
        return "</small></sup></a>";
      }
    default:
      g_assert_not_reached ();
    }
}

char *
_mimo_markdown_inline_markup (MimoMarkdownBlock    *block,
                              MimoMarkdownDocument *document,
                              gboolean             *unresolved)
{
  gsize length;

  mimo_markdown_block_get_text (block, &length);
  return _mimo_markdown_inline_markup_range (block, document, 0, (guint) length, unresolved);
}

char *
_mimo_markdown_inline_markup_range (MimoMarkdownBlock    *block,
                                    MimoMarkdownDocument *document,
                                    guint                 from,
                                    guint                 to,
                                    gboolean             *unresolved)
{
  gsize                  text_length;
  const char            *text = mimo_markdown_block_get_text (block, &text_length);
  guint                  n_runs;
  const MimoMarkdownRun *runs = mimo_markdown_block_get_runs (block, &n_runs);
  guint                  length = MIN (to, (guint) text_length);
  GString               *out = g_string_sized_new (length - MIN (from, length) + 16);
  guint                  ends[MAX_DEPTH];
  const char            *closes[MAX_DEPTH];
  guint                  depth = 0;
  guint                  pos = MIN (from, length);
  guint                  first = 0;

  if (unresolved != NULL)
    *unresolved = FALSE;

  /* Runs that end before the piece are not in it; one that began before
   * it opens again at its start. */
  while (first < n_runs && runs[first].end <= pos && runs[first].start < pos)
    first++;

  /* Runs are sorted by start, an outer run before the runs inside it:
   * one pass with a stack of the open ones. */
  for (guint i = first; i <= n_runs; i++)
    {
      guint next;

      if (i < n_runs && runs[i].end <= pos && runs[i].start < pos)
        continue; /* inside the part before the piece */
      next = i < n_runs ? CLAMP (runs[i].start, pos, length) : length;

      while (depth > 0 && ends[depth - 1] <= next)
        {
          append_escaped (out, text + pos, ends[depth - 1] - pos);
          pos = ends[depth - 1];
          g_string_append (out, closes[--depth]);
        }
      if (next > pos)
        {
          append_escaped (out, text + pos, next - pos);
          pos = next;
        }
      if (i == n_runs || depth == MAX_DEPTH)
        continue;
      if (runs[i].start >= length)
        {
          i = n_runs - 1; /* the rest is after the piece */
          continue;
        }

      /* A run never reaches past the one around it; clamp if it did. */
      ends[depth] = MIN (runs[i].end, depth > 0 ? ends[depth - 1] : length);
      ends[depth] = MAX (ends[depth], pos);
      closes[depth] = open_run (out, &runs[i], document, unresolved);
      depth++;
    }
  while (depth > 0)
    {
      append_escaped (out, text + pos, ends[depth - 1] - pos);
      pos = ends[depth - 1];
      g_string_append (out, closes[--depth]);
    }
  append_escaped (out, text + pos, length - pos);

  return g_string_free (out, FALSE);
}

GtkWidget *
_mimo_markdown_label_new (const char *markup)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);
  g_signal_connect (label, "activate-link", G_CALLBACK (_mimo_markdown_activate_link_cb), NULL);
  return label;
}
