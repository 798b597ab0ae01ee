/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-export.c: exports a draft, counts its words, and fuzzes the draft's reference keeping. */

#define G_LOG_DOMAIN "mimo-draft"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mimo-draft-export.h"
#include "mimo-draft-refs-private.h"
#include "mimo-markdown-document.h"
#include "mimo-markdown-export.h"
#include "mimo-markdown-private.h"
#include "mimo-markdown.h"
#include "mimo-fuzz-private.h"


char *
mimo_draft_export (const char     *draft,
                   MimoDraftFormat format,
                   const char     *title)
{
  g_autofree char                 *normalized = NULL;
  g_autoptr (MimoMarkdownDocument) document = NULL;

  g_return_val_if_fail (draft != NULL, NULL);

  normalized = mimo_draft_refs_update (draft, -1, NULL);
  if (format == MIMO_DRAFT_FORMAT_MARKDOWN)
    return g_steal_pointer (&normalized);

  document = mimo_markdown_document_new_for_text (normalized, -1);
  switch (format)
    {
    case MIMO_DRAFT_FORMAT_HTML:
      return mimo_markdown_export_html (G_LIST_MODEL (document), title);
    case MIMO_DRAFT_FORMAT_HTML_FRAGMENT:
      return mimo_markdown_export_html_fragment (G_LIST_MODEL (document));
    case MIMO_DRAFT_FORMAT_TEXT:
      return mimo_markdown_export_text (G_LIST_MODEL (document));
    case MIMO_DRAFT_FORMAT_MARKDOWN:
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
mimo_draft_dup_heading (const char *draft)
{
  g_autoptr (GPtrArray) blocks = NULL;

  g_return_val_if_fail (draft != NULL, NULL);

  blocks = mimo_markdown_parse (draft, -1);
  for (guint i = 0; i < blocks->len; i++)
    {
      MimoMarkdownBlock *block = g_ptr_array_index (blocks, i);
      g_autofree char   *text = NULL;

      if (mimo_markdown_block_get_block_type (block) != MIMO_MARKDOWN_BLOCK_HEADING)
        continue;
      text = g_strstrip (g_strdup (mimo_markdown_block_get_text (block, NULL)));
      if (text[0] != '\0')
        return g_steal_pointer (&text);
    }
  return NULL;
}

static gboolean
is_cjk (gunichar c)
{
  GUnicodeScript script = g_unichar_get_script (c);

  return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA || script == G_UNICODE_SCRIPT_KATAKANA;
}

static guint
count_in_block (MimoMarkdownBlock *block)
{
  guint    words = 0;
  gboolean in_word = FALSE;
  guint    next_run = 0;

  if (block->type == MIMO_MARKDOWN_BLOCK_REFERENCES)
    return 0;

  for (const char *p = block->text; p < block->text + block->text_length; p = g_utf8_next_char (p))
    {
      guint    offset = p - block->text;
      gunichar c = g_utf8_get_char (p);

      /* Citation numbers are not words. */
      while (next_run < block->n_runs && (block->runs[next_run].style != MIMO_MARKDOWN_STYLE_CITATION || block->runs[next_run].end <= offset))
        next_run++;
      if (next_run < block->n_runs && block->runs[next_run].start <= offset)
        {
          in_word = FALSE;
          continue;
        }

      if (is_cjk (c))
        {
          words++;
          in_word = FALSE;
        }
      else if (g_unichar_isalnum (c))
        {
          if (!in_word)
            words++;
          in_word = TRUE;
        }
      else if (!(in_word && (c == '\'' || c == 0x2019 || c == '-')))
        in_word = FALSE;
    }

  for (guint i = 0; i < mimo_markdown_block_get_n_children (block); i++)
    words += count_in_block (g_ptr_array_index (block->children, i));
  return words;
}

guint
mimo_draft_refs_count_words (const char *draft)
{
  g_autofree char      *normalized = NULL;
  g_autoptr (GPtrArray) blocks = NULL;
  guint                 words = 0;

  g_return_val_if_fail (draft != NULL, 0);

  normalized = mimo_draft_refs_update (draft, -1, NULL);
  blocks = mimo_markdown_parse (normalized, -1);
  for (guint i = 0; i < blocks->len; i++)
    words += count_in_block (g_ptr_array_index (blocks, i));
  return words;
}

static void
check_well_formed (const char *xml)
{
  static const GMarkupParser      parser = { 0 };
  g_autoptr (GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_autoptr (GError)              error = NULL;

  if (!g_markup_parse_context_parse (context, xml, -1, &error) || !g_markup_parse_context_end_parse (context, &error))
    FAIL ("export is not well-formed: %s", error->message);
}

static void
check_update (const char *text)
{
  g_autoptr (GPtrArray) edits = NULL;
  g_autofree char      *updated = mimo_draft_refs_update (text, -1, &edits);
  g_autoptr (GPtrArray) again_edits = NULL;
  g_autofree char      *again = mimo_draft_refs_update (updated, -1, &again_edits);
  g_autoptr (GString)   rebuilt = g_string_new (text);
  g_autoptr (GPtrArray) sources = mimo_draft_refs_get_sources (updated);

  /* The edits, applied from the end, give the new text. */
  for (guint i = edits->len; i > 0; i--)
    {
      const MimoDraftEdit *edit = g_ptr_array_index (edits, i - 1);

      g_assert (edit->start <= edit->end && edit->end <= rebuilt->len);
      g_assert (i == edits->len || edit->end <= ((MimoDraftEdit *) g_ptr_array_index (edits, i))->start);
      g_string_erase (rebuilt, edit->start, edit->end - edit->start);
      g_string_insert (rebuilt, edit->start, edit->text);
    }
  if (strcmp (rebuilt->str, updated) != 0)
    FAIL ("draft edits do not rebuild the update of:\n%s", text);

  /* Updating is idempotent. */
  if (strcmp (again, updated) != 0 || again_edits->len != 0)
    FAIL ("updating the draft twice changed it:\n---\n%s\n---\n%s\n---\n%s", text, updated, again);

  for (guint i = 0; i < sources->len; i++)
    g_assert (((MimoCitationSource *) g_ptr_array_index (sources, i))->number == i + 1);

  if (g_utf8_validate (updated, -1, NULL))
    {
      g_autofree char *html = mimo_draft_export (updated, MIMO_DRAFT_FORMAT_HTML, NULL);
      g_autofree char *plain = mimo_draft_export (updated, MIMO_DRAFT_FORMAT_TEXT, NULL);

      check_well_formed (html);
      g_assert (g_utf8_validate (plain, -1, NULL));
      mimo_draft_refs_count_words (updated);
    }
}

void
mimo_draft_refs_fuzz (const guint8 *data,
                      gsize         size)
{
  const guint8    *nul = memchr (data, '\0', size);
  gsize            draft_size = nul != NULL ? (gsize) (nul - data) : size;
  g_autofree char *draft = g_utf8_make_valid ((const char *) data, draft_size);
  g_autofree char *answer = nul != NULL ? g_utf8_make_valid ((const char *) nul + 1, size - draft_size - 1) : g_strdup ("");
  g_autofree char *appended = NULL;
  g_autofree char *selected = NULL;
  g_autofree char *selection = NULL;
  gsize            answer_length = strlen (answer);
  const char      *from = g_utf8_offset_to_pointer (answer, g_utf8_strlen (answer, -1) / 3);
  const char      *to = g_utf8_offset_to_pointer (answer, 2 * g_utf8_strlen (answer, -1) / 3);

  g_assert (answer_length >= (gsize) (to - answer));

  check_update (draft);

  appended = mimo_draft_refs_append (draft, answer, NULL, NULL);
  check_update (appended);

  selection = g_strndup (from, to - from);
  selected = mimo_draft_refs_append (appended, answer, selection, NULL);
  check_update (selected);
}
