/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-markdown-document.c: streaming Markdown gives exactly the blocks of the whole text, at every split, in linear work. */

#define G_LOG_DOMAIN "test-markdown-document"

#include "config.h"

#include <string.h>

#include "mimo-markdown-document.h"
#include "mimo-markdown.h"
#include "mimo-test-answer.h"

/* Texts whose block boundaries are easy to get wrong. */
static const char *const tricky[] = {
  "para\n\n- a\n\n- b\n\npara",
  "- a\n\nb\n\n- c",
  "```\ncode\n\nmore\n```\n\nafter",
  "````\n```\n\ninner\n```\n````\n\nx",
  "~~~\n\n~~~~\n~~~\n\nz",
  "> q\n\n> r\n\ns",
  "> a\n\nb\n> c",
  "    code\n\n    more\n\ntext",
  "Title\n\n===\n\nSub\n---",
  "| a |\n|---|\n| 1 |\n\nx\n| b |\n|---|",
  "1. a\n\n2) b\n\n3. c",
  "10. ten\n\n11. eleven\n\n12\n\n13.",
  "* a\n\n* b\n\n***\n\n* c",
  "- a\n\n      code in item\n\nb",
  "- a\n\n\tb\n\nc",
  "text\n\n[x]: https://x.example\n\nsee [x]",
  "see [x]\n\n[x]: https://x.example\n\nmore [x]",
  "[x\ny]: https://x.example\n\n[x y]",
  "> [q]: https://q.example\n\n[q]",
  "**References**\n\n1. [A](https://a.example)\n\ntext after",
  "Body [1]\n\n## Sources\n\n- https://a.example\n- https://b.example",
  "Body [1]\n\nSources:\n[1]: https://a.example\n[2] B - https://b.example",
  "a\n\n\n\n\nb",
  "<div>\n\nhtml\n</div>\n\n<p>x</p>",
  "\r\n\r\na\r\n\r\nb\r\n\r\n- c\r\n",
  "old\rmac\r\rlines\r\r- a\r\r- b\r\rc",
  "    code\r[2]: https://y.example\r\rsee [2]",
  "text\r\r```\r\rfence\r```\r\rafter",
  "Body [1]\r\rReferences:\r[1] A - https://a.example/\r",
  "# h\n\n## h2\nnot a para break\n\n### h3",
  "```\nunclosed\n\n\nstill code",
  "para one\ncontinues\n\n2024 was a year\n\n-1 degrees\n\n+ plus",
  "Ünïcødé ✓ [1]\n\n中文段落[2]\n\n- 项目",
  /* Found by fuzz-markdown: md4c 0.4.8 ends this list (a tab after its
   * marker) before the last line in the whole text but not in the text
   * from the second paragraph on. Streamed or whole, it must be one. */
  "xx �xx��xx\n\nx�����\t\t\t\n\n\n\txxx�������������x�x��������\n�\n\n\n\tx��x��������\n�\n\n\n"
  "\txxx�������x\n - \tx��������x�x��������\n�\n\n\n\tx��\nx\n\n\n\tx",
  /* Found by fuzz-markdown too: the tab-indented last line is code in the
   * list item or after the list, depending on where the text starts. */
  "## �ummary\n\nGlobal growtTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTTT], [3].\n\nSo"
  "urc## SummeporSo����panels lost about 0.5% effi[^4]ciency per yes:\n[1] Loner volumes fell"
  " by ~---\n3. **EnergY**: prices s�tabilise museum.\n   - Modern collection\near in the st "
  "  - Garden café\n\n\t\t\t\t\t\t\t\t\n\t\t\t\t\t\t\t\t\t\t\tu",
};

static gboolean
same_as (MimoMarkdownDocument *document,
         GPtrArray            *blocks)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (document));

  if (n != blocks->len)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MimoMarkdownBlock) block = g_list_model_get_item (G_LIST_MODEL (document), i);

      if (!mimo_markdown_block_equal (block, g_ptr_array_index (blocks, i)))
        return FALSE;
    }
  return TRUE;
}

static void
assert_same_as_parse (MimoMarkdownDocument *document,
                      const char           *text,
                      gsize                 length,
                      const char           *what)
{
  g_autoptr (GPtrArray) blocks = mimo_markdown_parse (text, length);

  if (!same_as (document, blocks))
    {
      g_autofree char *expected = mimo_markdown_blocks_to_string (blocks);

      g_error ("%s: the document differs from a full parse of:\n%.*s\n--- a full parse gives:\n%s", what, (int) length, text, expected);
    }
}

/* The corpus: every sample answer in tests/data plus the tricky texts. */
static GPtrArray *
load_corpus (void)
{
  GPtrArray       *texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GDir) dir = g_dir_open (g_test_get_filename (G_TEST_DIST, "data", NULL), 0, NULL);
  const char      *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      char *text;

      if (!g_str_has_suffix (name, ".md"))
        continue;
      g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", name, NULL), &text, NULL, NULL));
      g_ptr_array_add (texts, text);
    }
  g_assert_cmpuint (texts->len, >=, 5);

  for (guint i = 0; i < G_N_ELEMENTS (tricky); i++)
    g_ptr_array_add (texts, g_strdup (tricky[i]));
  g_ptr_array_add (texts, mimo_test_answer_generate (7, 3000));
  return texts;
}

static gboolean
is_boundary (const char *text,
             gsize       offset)
{
  return ((guchar) text[offset] & 0xc0) != 0x80;
}

static void
test_split_every_offset (void)
{
  g_autoptr (GPtrArray) corpus = load_corpus ();
  guint                 n_splits = 0;

  for (guint t = 0; t < corpus->len; t++)
    {
      const char *text = g_ptr_array_index (corpus, t);
      gsize       length = strlen (text);

      for (gsize k = 0; k <= length; k++)
        {
          g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new ();

          if (!is_boundary (text, k))
            continue;
          mimo_markdown_document_append (document, text, k);
          assert_same_as_parse (document, text, k, "a prefix");
          mimo_markdown_document_append (document, text + k, length - k);
          assert_same_as_parse (document, text, length, "the whole text after a split");
          n_splits++;
        }
    }
  g_test_message ("%u splits checked", n_splits);
}

static void
test_token_pieces (void)
{
  g_autoptr (GPtrArray) corpus = load_corpus ();

  for (guint t = 0; t < corpus->len; t++)
    {
      const char                      *text = g_ptr_array_index (corpus, t);
      g_autoptr (GArray)               ends = mimo_test_answer_tokenize (text, t);
      g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new ();
      gsize                            pos = 0;

      for (guint i = 0; i < ends->len; i++)
        {
          gsize end = g_array_index (ends, gsize, i);

          mimo_markdown_document_append (document, text + pos, end - pos);
          assert_same_as_parse (document, text, end, "a streamed prefix");
          pos = end;
        }
    }
}

static void
test_two_splits (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (tricky); t++)
    {
      const char *text = tricky[t];
      gsize       length = strlen (text);

      for (gsize i = 0; i <= length; i++)
        for (gsize j = i; j <= length; j++)
          {
            g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new ();

            if (!is_boundary (text, i) || !is_boundary (text, j))
              continue;
            mimo_markdown_document_append (document, text, i);
            mimo_markdown_document_append (document, text + i, j - i);
            mimo_markdown_document_append (document, text + j, length - j);
            assert_same_as_parse (document, text, length, "three pieces");
          }
    }
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GPtrArray  *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_assert_true (removed > 0 || added > 0);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, position + i, g_list_model_get_item (model, position + i));
}

static void
test_items_changed (void)
{
  g_autofree char                 *text = mimo_test_answer_generate (11, 20000);
  g_autoptr (GArray)               ends = mimo_test_answer_tokenize (text, 3);
  g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new ();
  g_autoptr (GPtrArray)            mirror = g_ptr_array_new_with_free_func (g_object_unref);
  gsize                            pos = 0;

  g_signal_connect (document, "items-changed", G_CALLBACK (items_changed_cb), mirror);

  for (guint i = 0; i < ends->len; i++)
    {
      gsize end = g_array_index (ends, gsize, i);

      mimo_markdown_document_append (document, text + pos, end - pos);
      pos = end;
    }

  /* The mirror, kept only from the signals, holds the very same objects. */
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (G_LIST_MODEL (document)));
  for (guint i = 0; i < mirror->len; i++)
    {
      g_autoptr (MimoMarkdownBlock) block = g_list_model_get_item (G_LIST_MODEL (document), i);

      g_assert_true (block == g_ptr_array_index (mirror, i));
    }
  g_assert_nonnull (mimo_markdown_document_get_references (document));
}

static void
test_identity_kept (void)
{
  g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new_for_text ("# Title\n\nFirst paragraph.\n\nSecond", -1);
  g_autoptr (MimoMarkdownBlock)    title = g_list_model_get_item (G_LIST_MODEL (document), 0);
  g_autoptr (MimoMarkdownBlock)    first = g_list_model_get_item (G_LIST_MODEL (document), 1);
  g_autoptr (MimoMarkdownBlock)    second = g_list_model_get_item (G_LIST_MODEL (document), 2);
  g_autoptr (MimoMarkdownBlock)    title_after = NULL;
  g_autoptr (MimoMarkdownBlock)    first_after = NULL;
  g_autoptr (MimoMarkdownBlock)    second_after = NULL;

  mimo_markdown_document_append (document, " paragraph grows", -1);
  title_after = g_list_model_get_item (G_LIST_MODEL (document), 0);
  first_after = g_list_model_get_item (G_LIST_MODEL (document), 1);
  second_after = g_list_model_get_item (G_LIST_MODEL (document), 2);

  g_assert_true (title == title_after);
  g_assert_true (first == first_after);
  g_assert_false (second == second_after);
  g_assert_cmpstr (mimo_markdown_block_get_text (second_after, NULL), ==, "Second paragraph grows");
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *counts)
{
  counts[0] = position;
  counts[1] = removed;
  counts[2] = added;
  counts[3]++;
}

static void
test_smallest_change (void)
{
  g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new_for_text ("# Title\n\nOne.\n\nTwo", -1);
  guint                            counts[4] = { 0 };

  g_signal_connect (document, "items-changed", G_CALLBACK (count_changes_cb), counts);

  mimo_markdown_document_append (document, " more", -1);
  g_assert_cmpuint (counts[3], ==, 1);
  g_assert_cmpuint (counts[0], ==, 2);
  g_assert_cmpuint (counts[1], ==, 1);
  g_assert_cmpuint (counts[2], ==, 1);

  /* A blank line alone shows nothing new. */
  mimo_markdown_document_append (document, "\n\n", -1);
  g_assert_cmpuint (counts[3], ==, 1);

  mimo_markdown_document_append (document, "Three", -1);
  g_assert_cmpuint (counts[3], ==, 2);
  g_assert_cmpuint (counts[0], ==, 3);
  g_assert_cmpuint (counts[1], ==, 0);
  g_assert_cmpuint (counts[2], ==, 1);

  /* The same text again: nothing to tell. */
  mimo_markdown_document_set_text (document, "# Title\n\nOne.\n\nTwo more\n\nThree", -1);
  g_assert_cmpuint (counts[3], ==, 2);
}

static void
test_set_text_edits (void)
{
  g_autoptr (GPtrArray)            corpus = load_corpus ();
  g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new ();

  for (guint t = 0; t < corpus->len; t++)
    {
      const char      *text = g_ptr_array_index (corpus, t);
      gsize            length = strlen (text);
      g_autofree char *edited = NULL;
      gsize            middle = length / 2;

      while (middle < length && !is_boundary (text, middle))
        middle++;

      /* From whatever came before to this text: not an append. */
      mimo_markdown_document_set_text (document, text, -1);
      assert_same_as_parse (document, text, length, "a new text");

      /* A word typed in the middle, as in the draft's preview. */
      edited = g_strdup_printf ("%.*sEDIT %s", (int) middle, text, text + middle);
      mimo_markdown_document_set_text (document, edited, -1);
      assert_same_as_parse (document, edited, strlen (edited), "an edit in the middle");

      /* Back to a prefix, then longer again. */
      mimo_markdown_document_set_text (document, text, middle);
      assert_same_as_parse (document, text, middle, "a shortened text");
      mimo_markdown_document_set_text (document, text, length);
      assert_same_as_parse (document, text, length, "the text again");
      g_assert_cmpstr (mimo_markdown_document_get_text (document, NULL), ==, text);
    }
}

static guint64
bytes_parsed_streaming (const char *text,
                        gsize       length)
{
  g_autoptr (GArray)               ends = mimo_test_answer_tokenize (text, 1);
  g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new ();
  MimoMarkdownStats                stats;
  gsize                            pos = 0;

  for (guint i = 0; i < ends->len && g_array_index (ends, gsize, i) <= length; i++)
    {
      gsize end = g_array_index (ends, gsize, i);

      mimo_markdown_document_append (document, text + pos, end - pos);
      pos = end;
    }
  mimo_markdown_document_get_stats (document, &stats);
  return stats.bytes_parsed;
}

static void
test_linear_work (void)
{
  g_autofree char *text = mimo_test_answer_generate (5, 200000);
  gsize            length = strlen (text);
  guint64          half = bytes_parsed_streaming (text, length / 2);
  guint64          whole = bytes_parsed_streaming (text, length);
  double           ratio = (double) whole / half;

  /* Work, not time: twice the text must cost about twice the parsing. */
  g_test_message ("%" G_GSIZE_FORMAT " bytes: %" G_GUINT64_FORMAT " parsed for half, %" G_GUINT64_FORMAT " for all (ratio %.2f, %.0f bytes per byte)", length, half, whole, ratio, (double) whole / length);
  g_assert_cmpfloat (ratio, <, 2.3);
  g_assert_cmpfloat ((double) whole / length, <, 400);
}

static void
test_one_giant_block (void)
{
  GString                         *code = g_string_new ("```c\n");
  g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new ();

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (code, "int x%u = %u;\n\nint y%u;\n", i, i, i);
  g_string_append (code, "```\n\nAfter.");

  for (gsize pos = 0; pos < code->len; pos += 16)
    mimo_markdown_document_append (document, code->str + pos, MIN (16, code->len - pos));
  assert_same_as_parse (document, code->str, code->len, "one giant code block");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (document)), ==, 2);
  g_string_free (code, TRUE);
}

static void
test_references_stream (void)
{
  const char                      *text = "Growth slowed [[1]](https://www.example.org/report) and [2].\n\n"
                                          "**References**\n\n1. [Report](https://www.example.org/report)\n2. [Other](https://news.example.com/x)\n";
  g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new ();
  gsize                            length = strlen (text);
  gboolean                         seen = FALSE;

  for (gsize k = 1; k <= length; k++)
    {
      MimoMarkdownBlock *references;

      mimo_markdown_document_append (document, text + k - 1, 1);
      references = mimo_markdown_document_get_references (document);
      if (references != NULL)
        {
          g_autoptr (MimoMarkdownBlock) last = g_list_model_get_item (G_LIST_MODEL (document), g_list_model_get_n_items (G_LIST_MODEL (document)) - 1);

          g_assert_true (last == references);
          seen = TRUE;
        }
    }

  g_assert_true (seen);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (document)), ==, 2);
  g_assert_cmpstr (mimo_markdown_document_lookup_source (document, 2)->domain, ==, "news.example.com");

  /* Text after the list makes it ordinary Markdown again. */
  mimo_markdown_document_append (document, "\nA closing remark.", -1);
  g_assert_null (mimo_markdown_document_get_references (document));
  assert_same_as_parse (document, mimo_markdown_document_get_text (document, NULL), strlen (mimo_markdown_document_get_text (document, NULL)), "text after the list");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/markdown-document/split-every-offset", test_split_every_offset);
  g_test_add_func ("/core/markdown-document/token-pieces", test_token_pieces);
  g_test_add_func ("/core/markdown-document/two-splits", test_two_splits);
  g_test_add_func ("/core/markdown-document/items-changed", test_items_changed);
  g_test_add_func ("/core/markdown-document/identity-kept", test_identity_kept);
  g_test_add_func ("/core/markdown-document/smallest-change", test_smallest_change);
  g_test_add_func ("/core/markdown-document/set-text-edits", test_set_text_edits);
  g_test_add_func ("/core/markdown-document/linear-work", test_linear_work);
  g_test_add_func ("/core/markdown-document/one-giant-block", test_one_giant_block);
  g_test_add_func ("/core/markdown-document/references-stream", test_references_stream);

  return g_test_run ();
}
