/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-fuzz.c: checks the Markdown model on any input: sound blocks, streaming equals parsing, exports well-formed. */

#define G_LOG_DOMAIN "mimo-markdown"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mimo-citations-private.h"
#include "mimo-markdown-document.h"
#include "mimo-markdown-export.h"
#include "mimo-markdown-private.h"
#include "mimo-markdown.h"
#include "mimo-fuzz-private.h"


static gboolean
at_boundary (const char *text,
             gsize       length,
             guint       offset)
{
  return offset == length || (offset < length && ((guchar) text[offset] & 0xc0) != 0x80);
}

static void
check_block (MimoMarkdownBlock *block,
             gboolean           top_level)
{
  guint n_children = mimo_markdown_block_get_n_children (block);
  /* The runs that contain the current one, innermost last. */
  g_autofree guint *open = g_new (guint, block->n_runs + 1);
  guint             n_open = 0;

  g_assert (block->text != NULL);
  g_assert (strlen (block->text) == block->text_length);
  g_assert (g_utf8_validate (block->text, block->text_length, NULL));
  g_assert (block->type != MIMO_MARKDOWN_BLOCK_REFERENCES || top_level);

  for (guint i = 0; i < block->n_runs; i++)
    {
      const MimoMarkdownRun *run = &block->runs[i];

      g_assert (run->start < run->end && run->end <= block->text_length);
      g_assert (at_boundary (block->text, block->text_length, run->start));
      g_assert (at_boundary (block->text, block->text_length, run->end));
      if (i > 0)
        {
          const MimoMarkdownRun *prev = &block->runs[i - 1];

          g_assert (prev->start < run->start || (prev->start == run->start && prev->end >= run->end));
        }
      /* Runs nest or follow each other, never cross: every earlier run
       * ends before this one starts or after it ends. The runs are in
       * order of their start (checked above), so the earlier ones still
       * open here are a stack, each inside the one below; only the top
       * can fail to hold this one. (A loop over all earlier runs said the
       * same at a cost of n² on a block of thousands of citations.) */
      while (n_open > 0 && block->runs[open[n_open - 1]].end <= run->start)
        n_open--;
      g_assert (n_open == 0 || block->runs[open[n_open - 1]].end >= run->end);
      open[n_open++] = i;

      if (run->style == MIMO_MARKDOWN_STYLE_CITATION)
        {
          g_autofree char *label = g_strdup_printf ("[%u]", run->citation);

          g_assert (run->citation >= 1 && run->citation <= MIMO_CITATION_MAX_NUMBER);
          g_assert (run->end - run->start == strlen (label) && memcmp (block->text + run->start, label, strlen (label)) == 0);
          g_assert (run->url == NULL || mimo_citation_url_is_openable (run->url, FALSE));
        }
      else if (run->style == MIMO_MARKDOWN_STYLE_LINK)
        g_assert (mimo_citation_url_is_openable (run->url, TRUE));
      else
        g_assert (run->url == NULL && run->citation == 0);
    }

  switch (block->type)
    {
    case MIMO_MARKDOWN_BLOCK_BULLET_LIST:
    case MIMO_MARKDOWN_BLOCK_ORDERED_LIST:
      for (guint i = 0; i < n_children; i++)
        g_assert (mimo_markdown_block_get_child (block, i)->type == MIMO_MARKDOWN_BLOCK_LIST_ITEM);
      break;
    case MIMO_MARKDOWN_BLOCK_TABLE:
      for (guint i = 0; i < n_children; i++)
        {
          MimoMarkdownBlock *row = mimo_markdown_block_get_child (block, i);

          g_assert (row->type == MIMO_MARKDOWN_BLOCK_TABLE_ROW);
          g_assert (mimo_markdown_block_get_n_children (row) == block->number);
          g_assert (row->header == (i == 0));
        }
      break;
    case MIMO_MARKDOWN_BLOCK_HEADING:
      g_assert (block->number >= 1 && block->number <= 6);
      g_assert (n_children == 0);
      break;
    case MIMO_MARKDOWN_BLOCK_PARAGRAPH:
    case MIMO_MARKDOWN_BLOCK_CODE:
    case MIMO_MARKDOWN_BLOCK_TABLE_CELL:
    case MIMO_MARKDOWN_BLOCK_THEMATIC_BREAK:
    case MIMO_MARKDOWN_BLOCK_REFERENCES:
      g_assert (n_children == 0);
      break;
    case MIMO_MARKDOWN_BLOCK_LIST_ITEM:
    case MIMO_MARKDOWN_BLOCK_QUOTE:
    case MIMO_MARKDOWN_BLOCK_TABLE_ROW:
    default:
      break;
    }

  for (guint i = 0; i < n_children; i++)
    {
      MimoMarkdownBlock *child = mimo_markdown_block_get_child (block, i);

      g_assert (child->type != MIMO_MARKDOWN_BLOCK_TABLE_ROW || block->type == MIMO_MARKDOWN_BLOCK_TABLE);
      g_assert (child->type != MIMO_MARKDOWN_BLOCK_TABLE_CELL || block->type == MIMO_MARKDOWN_BLOCK_TABLE_ROW);
      check_block (child, FALSE);
    }
}

static void
check_same (MimoMarkdownDocument *document,
            GPtrArray            *blocks,
            const char           *what)
{
  guint    n = g_list_model_get_n_items (G_LIST_MODEL (document));
  gboolean same = n == blocks->len;

  for (guint i = 0; same && i < n; i++)
    {
      g_autoptr (MimoMarkdownBlock) block = g_list_model_get_item (G_LIST_MODEL (document), i);

      same = mimo_markdown_block_equal (block, g_ptr_array_index (blocks, i));
    }

  if (!same)
    {
      gsize            length;
      const char      *text = mimo_markdown_document_get_text (document, &length);
      g_autofree char *expected = mimo_markdown_blocks_to_string (blocks);

      FAIL ("%s differs from the whole text parsed at once:\n%.*s\n--- expected:\n%s", what, (int) length, text, expected);
    }
}

/* md4c over the whole text, as mimo_markdown_parse() did before it went
 * through a document: md4c 0.4.8 carries state past closed lists and
 * quotes, so only texts without them must give the same blocks. */
static gboolean
has_containers (GPtrArray *blocks)
{
  for (guint i = 0; i < blocks->len; i++)
    {
      MimoMarkdownBlock *block = g_ptr_array_index (blocks, i);

      if (block->type == MIMO_MARKDOWN_BLOCK_BULLET_LIST || block->type == MIMO_MARKDOWN_BLOCK_ORDERED_LIST ||
          block->type == MIMO_MARKDOWN_BLOCK_QUOTE)
        return TRUE;
    }
  return FALSE;
}

static void
check_same_as_md4c (GPtrArray  *blocks,
                    const char *text,
                    gsize       length)
{
  gssize                heading = mimo_citations_find_references (text, length);
  g_autoptr (GPtrArray) whole = _mimo_markdown_parse_range (text, heading >= 0 ? (gsize) heading : length);
  gboolean              same = whole->len + (heading >= 0) == blocks->len;

  if (has_containers (whole) || has_containers (blocks))
    return;
  for (guint i = 0; same && i < whole->len; i++)
    same = mimo_markdown_block_equal (g_ptr_array_index (whole, i), g_ptr_array_index (blocks, i));
  if (!same)
    {
      g_autofree char *expected = mimo_markdown_blocks_to_string (whole);

      FAIL ("the blocks differ from md4c's parse of the whole text:\n%.*s\n--- md4c:\n%s", (int) length, text, expected);
    }
}

static void
check_well_formed (const char *xml)
{
  static const GMarkupParser      parser = { 0 };
  g_autoptr (GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_autoptr (GError)              error = NULL;

  if (!g_markup_parse_context_parse (context, xml, -1, &error) || !g_markup_parse_context_end_parse (context, &error))
    FAIL ("HTML export is not well-formed: %s\n%s", error->message, xml);
}

static gsize
next_boundary (const char *text,
               gsize       length,
               gsize       offset)
{
  offset = MIN (offset, length);
  while (offset < length && ((guchar) text[offset] & 0xc0) == 0x80)
    offset++;
  return offset;
}

void
mimo_markdown_fuzz (const guint8 *data,
                    gsize         size)
{
  /* NUL bytes become U+FFFD along with any invalid UTF-8. */
  g_autofree char                 *text = g_utf8_make_valid ((const char *) data, size);
  gsize                            length = strlen (text);
  g_autoptr (GPtrArray)            blocks = mimo_markdown_parse (text, length);
  g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new ();
  g_autoptr (GPtrArray)            half_blocks = NULL;
  g_autofree char                 *html = NULL;
  g_autofree char                 *plain = NULL;
  guint32                          state = 2166136261u;
  gsize                            half;

  for (guint i = 0; i < blocks->len; i++)
    check_block (g_ptr_array_index (blocks, i), TRUE);
  for (guint i = 0; i + 1 < blocks->len; i++)
    g_assert (((MimoMarkdownBlock *) g_ptr_array_index (blocks, i))->type != MIMO_MARKDOWN_BLOCK_REFERENCES);
  check_same_as_md4c (blocks, text, length);

  /* Streamed in pieces of 1 to 64 bytes that the input itself chooses. */
  for (gsize i = 0; i < size; i++)
    state = (state ^ data[i]) * 16777619u;
  for (gsize pos = 0; pos < length;)
    {
      gsize end = next_boundary (text, length, pos + 1 + state % 64);

      state = state * 1103515245u + 12345u;
      mimo_markdown_document_append (document, text + pos, end - pos);
      pos = end;
    }
  check_same (document, blocks, "streaming");

  /* An edit that is not an append, then the whole text again. */
  half = next_boundary (text, length, length / 2);
  mimo_markdown_document_set_text (document, text, half);
  half_blocks = mimo_markdown_parse (text, half);
  check_same (document, half_blocks, "a shortened text");
  mimo_markdown_document_set_text (document, text, length);
  check_same (document, blocks, "the text set again");

  html = mimo_markdown_export_html (G_LIST_MODEL (document), NULL);
  check_well_formed (html);
  plain = mimo_markdown_export_text (G_LIST_MODEL (document));
  g_assert (g_utf8_validate (plain, -1, NULL));
}
