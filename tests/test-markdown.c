/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-markdown.c: Markdown to the block tree, every construct, with citations made uniform. */

#define G_LOG_DOMAIN "test-markdown"

#include "config.h"

#include <string.h>

#include "mimo-citations.h"
#include "mimo-draft-refs.h"
#include "mimo-markdown-document.h"
#include "mimo-markdown.h"

static void
test_constructs (void)
{
  /* Markdown in, the tree's dump out (see mimo_markdown_block_to_string). */
  static const struct
  {
    const char *markdown;
    const char *tree;
  } cases[] = {
    {
      "[[1](https://b.example/x)1] and [![2](https://i.example/p.png)](https://l.example/)",
      "paragraph \"[[1]1] and [2]\" citation[1,4 1 https://b.example/x) citation[11,14 2 https://l.example/)\n",
    },
    {
      "Hello *world*",
      "paragraph \"Hello world\" italic[6,11)\n",
    },
    {
      "**bold** and ~~gone~~ and `code`",
      "paragraph \"bold and gone and code\" bold[0,4) strike[9,13) code[18,22)\n",
    },
    {
      "# A\n## B\n### C\n#### D\n##### E\n###### F\n####### G",
      "heading 1 \"A\"\n"
      "heading 2 \"B\"\n"
      "heading 3 \"C\"\n"
      "heading 4 \"D\"\n"
      "heading 5 \"E\"\n"
      "heading 6 \"F\"\n"
      "paragraph \"####### G\"\n",
    },
    {
      "Title\n===\n\nSub\n---",
      "heading 1 \"Title\"\n"
      "heading 2 \"Sub\"\n",
    },
    {
      "- a\n- b",
      "bullet-list tight\n"
      "  item\n"
      "    paragraph \"a\"\n"
      "  item\n"
      "    paragraph \"b\"\n",
    },
    {
      "3. a\n\n4. b",
      "ordered-list start=3 loose\n"
      "  item\n"
      "    paragraph \"a\"\n"
      "  item\n"
      "    paragraph \"b\"\n",
    },
    {
      "- a\n  1. b\n  2. c",
      "bullet-list tight\n"
      "  item\n"
      "    paragraph \"a\"\n"
      "    ordered-list start=1 tight\n"
      "      item\n"
      "        paragraph \"b\"\n"
      "      item\n"
      "        paragraph \"c\"\n",
    },
    {
      "- [ ] todo\n- [x] done\n- [X] also",
      "bullet-list tight\n"
      "  item task\n"
      "    paragraph \"todo\"\n"
      "  item done\n"
      "    paragraph \"done\"\n"
      "  item done\n"
      "    paragraph \"also\"\n",
    },
    {
      "> quote\n> - item",
      "quote\n"
      "  paragraph \"quote\"\n"
      "  bullet-list tight\n"
      "    item\n"
      "      paragraph \"item\"\n",
    },
    {
      "```python extra\nprint(1)\n\nx = 2\n```",
      "code fenced lang=python \"print(1)\\n\\nx = 2\\n\"\n",
    },
    {
      "````\n```\ninner\n```\n````",
      "code fenced \"```\\ninner\\n```\\n\"\n",
    },
    {
      "~~~\n```\n~~~",
      "code fenced \"```\\n\"\n",
    },
    {
      "    code\n\n    more",
      "code \"code\\n\\nmore\\n\"\n",
    },
    {
      "| a | b | c |\n|:--|:-:|--:|\n| 1 | **2** | |",
      "table cols=3 left,center,right\n"
      "  row header\n"
      "    cell \"a\"\n"
      "    cell \"b\"\n"
      "    cell \"c\"\n"
      "  row\n"
      "    cell \"1\"\n"
      "    cell \"2\" bold[0,1)\n"
      "    cell\n",
    },
    {
      "| a |\n|---|\n| 1 | 2 |",
      "table cols=1 default\n"
      "  row header\n"
      "    cell \"a\"\n"
      "  row\n"
      "    cell \"1\"\n",
    },
    {
      "a\n\n***\n\nb",
      "paragraph \"a\"\n"
      "break\n"
      "paragraph \"b\"\n",
    },
    {
      "[ok](https://ok.example) [mail](mailto:a@b.example) [bad](javascript:x) [rel](../x)",
      "paragraph \"ok mail bad rel\" link[0,2 https://ok.example) link[3,7 mailto:a@b.example)\n",
    },
    {
      "<https://a.example> www.b.example c@d.example",
      "paragraph \"https://a.example www.b.example c@d.example\" link[0,17 https://a.example) link[18,31 http://www.b.example) link[32,43 mailto:c@d.example)\n",
    },
    {
      "![cat](https://i.example/c.png) ![](https://i.example/d.png) ![x](rel.png)",
      "paragraph \"cat https://i.example/d.png x\" link[0,3 https://i.example/c.png) link[4,27 https://i.example/d.png)\n",
    },
    {
      "&amp; &copy; &#65; &#x263A; &nosuch; &#0; &#xD800;",
      "paragraph \"& © A ☺ &nosuch; � �\"\n",
    },
    {
      "a  \nb\\\nc\nd",
      "paragraph \"a\\nb\\nc d\"\n",
    },
    {
      "<b>hi</b>\n\n<div>\nx\n</div>",
      "paragraph \"<b>hi</b>\"\n"
      "paragraph \"<div> x </div>\"\n",
    },
    {
      "a [[1]](https://x.example/r) b [2] c [3, 4] d [^5] e [6](https://y.example) `[7]`",
      "paragraph \"a [1] b [2] c [3][4] d [5] e [6] [7]\" citation[2,5 1 https://x.example/r) citation[8,11 2) citation[14,17 3) citation[17,20 4) citation[23,26 5) citation[29,32 6 https://y.example) code[33,36)\n",
    },
    {
      "**growth [1]**",
      "paragraph \"growth [1]\" bold[0,10) citation[7,10 1)\n",
    },
    {
      "[**[1]**](https://x.example)",
      "paragraph \"[1]\" citation[0,3 1 https://x.example)\n",
    },
    {
      "[1](mailto:a@b.example) and [2](ftp://f.example)",
      "paragraph \"1 and 2\" link[0,1 mailto:a@b.example)\n",
    },
    {
      "Text [1].\n\n**References**\n\n1. [T](https://www.a.example/x)\n2. Bare https://b.example/y",
      "paragraph \"Text [1].\" citation[5,8 1)\n"
      "references \"References\"\n"
      "  1. T | https://www.a.example/x | a.example\n"
      "  2. Bare | https://b.example/y | b.example\n",
    },
    {
      /* The emphasis crosses the marker: it stops before the citation. */
      "*see [1*] and **x [2**] now",
      "paragraph \"see [1] and x [2] now\" italic[0,4) citation[4,7 1) bold[12,14) citation[14,17 2)\n",
    },
    {
      /* A run from inside one citation to inside the next keeps nothing. */
      "[**1][2**] x",
      "paragraph \"[1][2] x\" citation[0,3 1) citation[3,6 2)\n",
    },
    {
      "## Title [1]",
      "heading 2 \"Title [1]\" citation[6,9 1)\n",
    },
    {
      "***both***",
      "paragraph \"both\" bold[0,4) italic[0,4)\n",
    },
    {
      "[**b** c](https://l.example)",
      "paragraph \"b c\" link[0,3 https://l.example) bold[0,1)\n",
    },
    {
      "> a\nb",
      "quote\n"
      "  paragraph \"a b\"\n",
    },
    {
      "```c&amp;d\nx\n```",
      "code fenced lang=c&d \"x\\n\"\n",
    },
    {
      "```\nabc",
      "code fenced \"abc\\n\"\n",
    },
    {
      "",
      "",
    },
    {
      "\n\n  \n",
      "",
    },
    {
      "1. one\n2. two\n\n   para in two\n3. three",
      "ordered-list start=1 loose\n"
      "  item\n"
      "    paragraph \"one\"\n"
      "  item\n"
      "    paragraph \"two\"\n"
      "    paragraph \"para in two\"\n"
      "  item\n"
      "    paragraph \"three\"\n",
    },
    {
      "- a\n\n  > q\n\n  ```\n  code\n  ```",
      "bullet-list loose\n"
      "  item\n"
      "    paragraph \"a\"\n"
      "    quote\n"
      "      paragraph \"q\"\n"
      "    code fenced \"code\\n\"\n",
    },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) blocks = mimo_markdown_parse (cases[i].markdown, -1);
      g_autofree char      *tree = mimo_markdown_blocks_to_string (blocks);

      g_test_message ("case %u: %s", i, cases[i].markdown);
      g_assert_cmpstr (tree, ==, cases[i].tree);
      mimo_markdown_fuzz ((const guint8 *) cases[i].markdown, strlen (cases[i].markdown));
    }
}

static void
test_accessors (void)
{
  g_autoptr (GPtrArray)  blocks = mimo_markdown_parse ("## Head\n\n5. [x] item\n\n   more\n\n"
                                                        "| l | r |\n|:--|--:|\n| a | b |\n\n"
                                                        "```rust\nfn main() {}\n```\n\nSee [2](https://a.example/p) and [3].\n\n"
                                                        "Sources:\n\n2. [Page](https://www.a.example/p)\n3. Other - https://b.example/\n",
                                                       -1);
  MimoMarkdownBlock     *heading = g_ptr_array_index (blocks, 0);
  MimoMarkdownBlock     *list = g_ptr_array_index (blocks, 1);
  MimoMarkdownBlock     *item = mimo_markdown_block_get_child (list, 0);
  MimoMarkdownBlock     *table = g_ptr_array_index (blocks, 2);
  MimoMarkdownBlock     *code = g_ptr_array_index (blocks, 3);
  MimoMarkdownBlock     *paragraph = g_ptr_array_index (blocks, 4);
  MimoMarkdownBlock     *references = g_ptr_array_index (blocks, 5);
  const MimoMarkdownRun *runs;
  guint                  n_runs;
  gsize                  length;
  const char            *text;

  g_assert_cmpuint (blocks->len, ==, 6);
  g_assert_cmpint (mimo_markdown_block_get_block_type (heading), ==, MIMO_MARKDOWN_BLOCK_HEADING);
  g_assert_cmpuint (mimo_markdown_block_get_heading_level (heading), ==, 2);
  g_assert_cmpstr (mimo_markdown_block_get_text (heading, &length), ==, "Head");
  g_assert_cmpuint (length, ==, 4);

  g_assert_cmpint (mimo_markdown_block_get_block_type (list), ==, MIMO_MARKDOWN_BLOCK_ORDERED_LIST);
  g_assert_cmpuint (mimo_markdown_block_get_list_start (list), ==, 5);
  g_assert_false (mimo_markdown_block_get_list_tight (list));
  g_assert_cmpint (mimo_markdown_block_get_task (item), ==, MIMO_MARKDOWN_TASK_CHECKED);
  g_assert_cmpuint (mimo_markdown_block_get_n_children (item), ==, 2);
  g_assert_cmpstr (mimo_markdown_block_get_text (list, NULL), ==, "");

  g_assert_cmpuint (mimo_markdown_block_get_n_columns (table), ==, 2);
  g_assert_cmpint (mimo_markdown_block_get_column_align (table, 0), ==, MIMO_MARKDOWN_ALIGN_LEFT);
  g_assert_cmpint (mimo_markdown_block_get_column_align (table, 1), ==, MIMO_MARKDOWN_ALIGN_RIGHT);
  g_assert_cmpint (mimo_markdown_block_get_column_align (table, 7), ==, MIMO_MARKDOWN_ALIGN_DEFAULT);
  g_assert_true (mimo_markdown_block_get_header_row (mimo_markdown_block_get_child (table, 0)));
  g_assert_false (mimo_markdown_block_get_header_row (mimo_markdown_block_get_child (table, 1)));

  g_assert_cmpstr (mimo_markdown_block_get_code_language (code), ==, "rust");
  g_assert_true (mimo_markdown_block_get_code_fenced (code));
  g_assert_cmpstr (mimo_markdown_block_get_text (code, NULL), ==, "fn main() {}\n");

  text = mimo_markdown_block_get_text (paragraph, NULL);
  runs = mimo_markdown_block_get_runs (paragraph, &n_runs);
  g_assert_cmpstr (text, ==, "See [2] and [3].");
  g_assert_cmpuint (n_runs, ==, 2);
  g_assert_cmpint (runs[0].style, ==, MIMO_MARKDOWN_STYLE_CITATION);
  g_assert_cmpuint (runs[0].citation, ==, 2);
  g_assert_cmpstr (runs[0].url, ==, "https://a.example/p");
  g_assert_cmpuint (runs[1].citation, ==, 3);
  g_assert_null (runs[1].url);

  g_assert_cmpint (mimo_markdown_block_get_block_type (references), ==, MIMO_MARKDOWN_BLOCK_REFERENCES);
  g_assert_cmpstr (mimo_markdown_block_get_text (references, NULL), ==, "Sources");
  g_assert_cmpuint (mimo_markdown_block_get_n_sources (references), ==, 2);
  g_assert_cmpuint (mimo_markdown_block_get_source (references, 0)->number, ==, 2);
  g_assert_cmpstr (mimo_markdown_block_get_source (references, 0)->domain, ==, "a.example");
  g_assert_cmpstr (mimo_markdown_block_get_source (references, 1)->title, ==, "Other");

  g_assert_true (mimo_markdown_block_equal (heading, heading));
  g_assert_false (mimo_markdown_block_equal (heading, paragraph));
  g_assert_cmpstr (mimo_markdown_block_type_to_string (MIMO_MARKDOWN_BLOCK_TABLE_CELL), ==, "cell");
  g_assert_cmpstr (mimo_markdown_style_to_string (MIMO_MARKDOWN_STYLE_STRIKETHROUGH), ==, "strike");
}

static void
test_document_lookup (void)
{
  g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new_for_text ("Raw [1] and linked [2](https://b.example/) and lost [3].\n\n"
                                                                                   "**References**\n\n1. [One](https://a.example/)\n2. [Two](https://b.example/)\n",
                                                                                   -1);
  g_autoptr (MimoMarkdownBlock)    paragraph = g_list_model_get_item (G_LIST_MODEL (document), 0);
  MimoMarkdownBlock               *references = mimo_markdown_document_get_references (document);
  const MimoMarkdownRun           *runs;
  guint                            n_runs;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (document)), ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (document)) == MIMO_TYPE_MARKDOWN_BLOCK);
  g_assert_nonnull (references);
  g_assert_cmpuint (mimo_markdown_block_get_n_sources (references), ==, 2);
  g_assert_cmpstr (mimo_markdown_document_lookup_source (document, 1)->title, ==, "One");
  g_assert_null (mimo_markdown_document_lookup_source (document, 3));

  runs = mimo_markdown_block_get_runs (paragraph, &n_runs);
  g_assert_cmpuint (n_runs, ==, 3);
  g_assert_cmpstr (mimo_markdown_document_get_citation_url (document, &runs[0]), ==, "https://a.example/");
  g_assert_cmpstr (mimo_markdown_document_get_citation_url (document, &runs[1]), ==, "https://b.example/");
  g_assert_null (mimo_markdown_document_get_citation_url (document, &runs[2]));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (document), 2));
}

/* A paragraph of thousands of citations among code spans, bold and links
 * (the fuzzer's "[1][1][1]…"): every marker becomes its run, the others
 * move with the text. Normalizing used to compare every marker with every
 * run and citation before it, n² for such a block. */
static void
test_many_citations (void)
{
  g_autoptr (GString)    markdown = g_string_new (NULL);
  g_autoptr (GPtrArray)  blocks = NULL;
  const MimoMarkdownRun *runs;
  const char            *text;
  guint                  n_runs;
  guint                  n_citations = 0, n_code = 0, n_bold = 0, n_links = 0;
  const guint            n = 2000;

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (markdown, "[%u] `[%u]` **b [%u]** [[%u]](https://x.example/%u) [l](https://l.example) ", i % 999 + 1, i, i % 999 + 1, i % 999 + 1, i);
  blocks = mimo_markdown_parse (markdown->str, markdown->len);
  g_assert_cmpuint (blocks->len, ==, 1);
  text = mimo_markdown_block_get_text (g_ptr_array_index (blocks, 0), NULL);
  runs = mimo_markdown_block_get_runs (g_ptr_array_index (blocks, 0), &n_runs);
  for (guint i = 0; i < n_runs; i++)
    switch (runs[i].style)
      {
      case MIMO_MARKDOWN_STYLE_CITATION:
        {
          g_autofree char *label = g_strdup_printf ("[%u]", runs[i].citation);

          g_assert_cmpuint (runs[i].end - runs[i].start, ==, strlen (label));
          g_assert_true (strncmp (text + runs[i].start, label, strlen (label)) == 0);
          n_citations++;
        }
        break;
      case MIMO_MARKDOWN_STYLE_CODE:
        g_assert_true (text[runs[i].start] == '[' && text[runs[i].end - 1] == ']');
        n_code++;
        break;
      case MIMO_MARKDOWN_STYLE_BOLD:
        g_assert_true (text[runs[i].start] == 'b' && text[runs[i].end - 1] == ']');
        n_bold++;
        break;
      case MIMO_MARKDOWN_STYLE_LINK:
        g_assert_cmpstr (runs[i].url, ==, "https://l.example");
        g_assert_cmpuint (runs[i].end - runs[i].start, ==, 1);
        g_assert_true (text[runs[i].start] == 'l');
        n_links++;
        break;
      default:
        g_assert_not_reached ();
      }
  /* The plain marker, the one in bold and the link citation; not the code. */
  g_assert_cmpuint (n_citations, ==, 3 * n);
  g_assert_cmpuint (n_code, ==, n);
  g_assert_cmpuint (n_bold, ==, n);
  g_assert_cmpuint (n_links, ==, n);
}

static void
test_corpus_fuzz_entry (void)
{
  g_autoptr (GDir) dir = g_dir_open (g_test_get_filename (G_TEST_DIST, "data", NULL), 0, NULL);
  const char      *name;
  guint            n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *text = NULL;
      gsize            length;

      if (!g_str_has_suffix (name, ".md"))
        continue;
      g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", name, NULL), &text, &length, NULL));
      mimo_markdown_fuzz ((const guint8 *) text, length);
      n++;
    }
  g_assert_cmpuint (n, >=, 5);

  /* Bytes that are not UTF-8 and NULs still give a sound tree. */
  mimo_markdown_fuzz ((const guint8 *) "a\0b \xff\xfe [1] *\xc3", 13);
}

/* Every input the fuzzers once crashed on (tests/data/fuzz), through every
 * entry point. */
static void
test_fuzz_regressions (void)
{
  g_autoptr (GDir) dir = g_dir_open (g_test_get_filename (G_TEST_DIST, "data", "fuzz", NULL), 0, NULL);
  const char      *name;
  guint            n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      const char      *path = g_test_get_filename (G_TEST_DIST, "data", "fuzz", name, NULL);
      g_autofree char *data = NULL;
      gsize            length;

      /* Subfolders belong to one target each (test-fuzz-replay). */
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        continue;
      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      g_test_message ("%s", name);
      mimo_markdown_fuzz ((const guint8 *) data, length);
      mimo_citations_fuzz ((const guint8 *) data, length);
      mimo_draft_refs_fuzz ((const guint8 *) data, length);
      n++;
    }
  g_assert_cmpuint (n, >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/markdown/constructs", test_constructs);
  g_test_add_func ("/core/markdown/accessors", test_accessors);
  g_test_add_func ("/core/markdown/document-lookup", test_document_lookup);
  g_test_add_func ("/core/markdown/many-citations", test_many_citations);
  g_test_add_func ("/core/markdown/corpus-fuzz-entry", test_corpus_fuzz_entry);
  g_test_add_func ("/core/markdown/fuzz-regressions", test_fuzz_regressions);

  return g_test_run ();
}
