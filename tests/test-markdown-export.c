/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-markdown-export.c: HTML and plain text from the block tree and from drafts: escaped, well-formed, round trips. */

#define G_LOG_DOMAIN "test-markdown-export"

#include "config.h"

#include <string.h>

#include "mimo-citations.h"
#include "mimo-draft-export.h"
#include "mimo-draft-refs.h"
#include "mimo-markdown-document.h"
#include "mimo-markdown-export.h"

/* What a strict XML parser sees: "element attr=value …" lines, and the
 * text content. GMarkup refuses anything that is not well-formed. */
typedef struct
{
  GString *elements;
  GString *text;
} Parsed;

static void
start_element_cb (GMarkupParseContext *context,
                  const char          *name,
                  const char         **attribute_names,
                  const char         **attribute_values,
                  gpointer             user_data,
                  GError             **error)
{
  Parsed *parsed = user_data;

  g_string_append (parsed->elements, name);
  for (guint i = 0; attribute_names[i] != NULL; i++)
    g_string_append_printf (parsed->elements, " %s=%s", attribute_names[i], attribute_values[i]);
  g_string_append_c (parsed->elements, '\n');
}

static void
text_cb (GMarkupParseContext *context,
         const char          *text,
         gsize                length,
         gpointer             user_data,
         GError             **error)
{
  Parsed *parsed = user_data;

  g_string_append_len (parsed->text, text, length);
}

static void
parse_xml (const char *xml,
           Parsed     *parsed)
{
  static const GMarkupParser      parser = { start_element_cb, NULL, text_cb, NULL, NULL };
  g_autoptr (GMarkupParseContext) context = NULL;
  g_autoptr (GError)              error = NULL;

  parsed->elements = g_string_new (NULL);
  parsed->text = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, 0, parsed, NULL);
  if (!g_markup_parse_context_parse (context, xml, -1, &error) || !g_markup_parse_context_end_parse (context, &error))
    g_error ("not well-formed: %s\n%s", error->message, xml);
}

static void
parsed_clear (Parsed *parsed)
{
  g_string_free (parsed->elements, TRUE);
  g_string_free (parsed->text, TRUE);
}

static void
test_html_fragments (void)
{
  static const struct
  {
    const char *markdown;
    const char *html;
  } cases[] = {
    { "Hello *w* **b** ~~d~~ `c<`", "<p>Hello <em>w</em> <strong>b</strong> <del>d</del> <code>c&lt;</code></p>\n" },
    { "## A & B", "<h2>A &amp; B</h2>\n" },
    { "- a\n- b", "<ul>\n<li>a\n</li>\n<li>b\n</li>\n</ul>\n" },
    { "2. a\n\n3. b", "<ol start=\"2\">\n<li><p>a</p>\n</li>\n<li><p>b</p>\n</li>\n</ol>\n" },
    { "- [ ] t", "<ul>\n<li class=\"task\"><input type=\"checkbox\" disabled=\"disabled\"/> t\n</li>\n</ul>\n" },
    { "> q", "<blockquote>\n<p>q</p>\n</blockquote>\n" },
    { "```sh\necho \"<hi>\" && true\n```", "<pre><code class=\"language-sh\">echo &quot;&lt;hi&gt;&quot; &amp;&amp; true\n</code></pre>\n" },
    { "| a | b |\n|--:|---|\n| 1 | 2 |", "<table>\n<thead>\n<tr><th style=\"text-align: right\">a</th><th>b</th></tr>\n</thead>\n<tbody>\n<tr><td style=\"text-align: right\">1</td><td>2</td></tr>\n</tbody>\n</table>\n" },
    { "a\n\n***", "<p>a</p>\n<hr/>\n" },
    { "[x](https://e.example/?a=1&b='2') <b>", "<p><a href=\"https://e.example/?a=1&amp;b=&#39;2&#39;\">x</a> &lt;b&gt;</p>\n" },
    { "**[x](https://e.example/) y**", "<p><strong><a href=\"https://e.example/\">x</a> y</strong></p>\n" },
    { "a [[1]](https://s.example/) b [2]", "<p>a <a class=\"citation\" href=\"https://s.example/\">[1]</a> b <a class=\"citation\" href=\"#ref-2\">[2]</a></p>\n" },
    { "a  \nb", "<p>a<br/>\nb</p>\n" },
    { "bell \x07 here", "<p>bell \xef\xbf\xbd here</p>\n" },
    { "x [1].\n\nSources:\n\n1. [T \"q\"](https://www.t.example/)", "<p>x <a class=\"citation\" href=\"https://www.t.example/\" title=\"T &quot;q&quot;\">[1]</a>.</p>\n<section class=\"references\">\n<h2>Sources</h2>\n<ol>\n<li id=\"ref-1\" value=\"1\"><a href=\"https://www.t.example/\">T &quot;q&quot;</a> <span class=\"domain\">t.example</span></li>\n</ol>\n</section>\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new_for_text (cases[i].markdown, -1);
      g_autofree char                 *html = mimo_markdown_export_html_fragment (G_LIST_MODEL (document));
      g_autofree char                 *wrapped = g_strdup_printf ("<div>%s</div>", html);
      Parsed                           parsed;

      g_test_message ("case %u: %s", i, cases[i].markdown);
      g_assert_cmpstr (html, ==, cases[i].html);
      parse_xml (wrapped, &parsed);
      parsed_clear (&parsed);
    }
}

static void
test_html_escaping (void)
{
  g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new_for_text ("# <script>alert(\"x\")</script>\n\n"
                                                                                   "<script>alert('y')</script>\n\n"
                                                                                   "<img src=x onerror=alert(1)> [a](javascript:alert(1)) ![i](data:text/html,x)\n",
                                                                                   -1);
  g_autofree char                 *html = mimo_markdown_export_html (G_LIST_MODEL (document), NULL);
  Parsed                           parsed;

  parse_xml (html, &parsed);
  /* Everything the answer wrote is text; only our own elements exist. */
  g_assert_null (strstr (parsed.elements->str, "script"));
  g_assert_null (strstr (parsed.elements->str, "img"));
  g_assert_null (strstr (parsed.elements->str, "javascript"));
  g_assert_null (strstr (parsed.elements->str, "data:"));
  g_assert_nonnull (strstr (parsed.text->str, "<script>alert('y')</script>"));
  g_assert_nonnull (strstr (parsed.elements->str, "title\n"));
  g_assert_nonnull (strstr (parsed.text->str, "<script>alert(\"x\")</script>"));
  parsed_clear (&parsed);
}

static void
test_html_corpus (void)
{
  g_autoptr (GDir) dir = g_dir_open (g_test_get_filename (G_TEST_DIST, "data", NULL), 0, NULL);
  const char      *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char                 *text = NULL;
      g_autoptr (MimoMarkdownDocument) document = NULL;
      g_autofree char                 *html = NULL;
      g_autofree char                 *plain = NULL;
      MimoMarkdownBlock               *references;
      Parsed                           parsed;

      if (!g_str_has_suffix (name, ".md"))
        continue;
      g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", name, NULL), &text, NULL, NULL));
      document = mimo_markdown_document_new_for_text (text, -1);
      html = mimo_markdown_export_html (G_LIST_MODEL (document), name);
      parse_xml (html, &parsed);

      g_assert_true (g_str_has_prefix (parsed.elements->str, "html xmlns=http://www.w3.org/1999/xhtml\nhead\nmeta charset=utf-8\n"));
      g_assert_nonnull (strstr (parsed.elements->str, "\nstyle\n"));
      g_assert_nonnull (strstr (parsed.elements->str, "\nbody\n"));

      /* One list entry per source, each with its number. */
      references = mimo_markdown_document_get_references (document);
      for (guint i = 0; references != NULL && i < mimo_markdown_block_get_n_sources (references); i++)
        {
          guint            number = mimo_markdown_block_get_source (references, i)->number;
          g_autofree char *item = g_strdup_printf ("li id=ref-%u value=%u\n", number, number);

          g_assert_nonnull (strstr (parsed.elements->str, item));
        }
      parsed_clear (&parsed);

      plain = mimo_markdown_export_text (G_LIST_MODEL (document));
      g_assert_true (g_utf8_validate (plain, -1, NULL));
      g_assert_null (strstr (plain, "**"));
      g_assert_null (strstr (plain, "]("));
    }
}

static void
test_text (void)
{
  static const struct
  {
    const char *markdown;
    const char *text;
  } cases[] = {
    { "# T\n\nA *b* [c](https://c.example/) [[1]](https://s.example/).", "T\n\nA b c [1].\n" },
    { "- a\n  - b\n- c", "• a\n  • b\n• c\n" },
    { "1. a\n\n   more\n2. b", "1. a\n\n   more\n\n2. b\n" },
    { "- [ ] todo\n- [x] done", "• ☐ todo\n• ☑ done\n" },
    { "> a\n>\n> b", "> a\n>\n> b\n" },
    { "```\nx  = 1\n\ny\n```", "x  = 1\n\ny\n" },
    { "| a | b |\n|---|---|\n| 1 | 2 |", "a\tb\n1\t2\n" },
    { "a\n\n---\n\nb", "a\n\n──────────\n\nb\n" },
    { "x [1]\n\n**References**\n\n1. [T](https://t.example/)\n2. https://u.example/", "x [1]\n\nReferences\n\n1. T — https://t.example/\n2. u.example — https://u.example/\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (MimoMarkdownDocument) document = mimo_markdown_document_new_for_text (cases[i].markdown, -1);
      g_autofree char                 *text = mimo_markdown_export_text (G_LIST_MODEL (document));

      g_test_message ("case %u: %s", i, cases[i].markdown);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static char *
build_draft (void)
{
  const char      *a = "## Findings\n\nGrowth slowed [[1]](https://www.example.org/report) while trade fell [[2]](https://news.example.com/x).\n\n"
                       "**References**\n\n1. [World report & outlook](https://www.example.org/report)\n2. [Trade <news>](https://news.example.com/x)\n";
  const char      *b = "Shipping rose [1] and trade stayed weak [2].\n\nSources:\n[1] Ships - https://ships.example.net/a?x=1&y=2\n[2] Trade again - https://news.example.com/x/\n";
  g_autofree char *one = mimo_draft_refs_append ("# My report\n\nWhat I found, in brief.\n", a, NULL, NULL);

  return mimo_draft_refs_append (one, b, NULL, NULL);
}

static void
test_draft_markdown_round_trip (void)
{
  g_autofree char          *draft = build_draft ();
  g_autofree char          *markdown = mimo_draft_export (draft, MIMO_DRAFT_FORMAT_MARKDOWN, NULL);
  g_autoptr (GPtrArray)     sources = mimo_draft_refs_get_sources (draft);
  g_autoptr (MimoCitations) reparsed = mimo_citations_parse (markdown, -1);

  g_assert_cmpstr (markdown, ==, draft);
  g_assert_true (mimo_citations_has_references (reparsed));
  g_assert_cmpuint (sources->len, ==, 3);
  g_assert_cmpuint (mimo_citations_get_n_sources (reparsed), ==, sources->len);
  for (guint i = 0; i < sources->len; i++)
    {
      const MimoCitationSource *expected = g_ptr_array_index (sources, i);
      const MimoCitationSource *found = mimo_citations_get_source (reparsed, i);

      g_assert_true (mimo_citation_source_equal (expected, found));
    }

  /* Every citation in the exported text still leads to its source. */
  g_assert_cmpuint (mimo_citations_get_n_occurrences (reparsed), ==, 4);
  for (guint i = 0; i < mimo_citations_get_n_occurrences (reparsed); i++)
    {
      const MimoCitationOccurrence *occ = mimo_citations_get_occurrence (reparsed, i);
      g_autofree char              *a = mimo_citation_url_normalize (occ->url);
      g_autofree char              *b = mimo_citation_url_normalize (mimo_citations_lookup (reparsed, occ->numbers[0])->url);

      g_assert_cmpstr (a, ==, b);
    }
}

static void
test_draft_html (void)
{
  g_autofree char *draft = build_draft ();
  g_autofree char *html = mimo_draft_export (draft, MIMO_DRAFT_FORMAT_HTML, NULL);
  g_autofree char *fragment = mimo_draft_export (draft, MIMO_DRAFT_FORMAT_HTML_FRAGMENT, NULL);
  g_autofree char *wrapped = g_strdup_printf ("<div>%s</div>", fragment);
  Parsed           parsed;
  Parsed           parsed_fragment;

  parse_xml (html, &parsed);
  g_assert_nonnull (strstr (parsed.text->str, "My report"));
  g_assert_nonnull (strstr (parsed.elements->str, "title\n"));
  g_assert_nonnull (strstr (parsed.elements->str, "a class=citation href=https://www.example.org/report title=World report & outlook\n"));
  g_assert_nonnull (strstr (parsed.elements->str, "a class=citation href=https://ships.example.net/a?x=1&y=2 title=Ships\n"));
  g_assert_nonnull (strstr (parsed.elements->str, "section class=references\nh2\nol\n"
                                                  "li id=ref-1 value=1\na href=https://www.example.org/report\nspan class=domain\n"
                                                  "li id=ref-2 value=2\na href=https://news.example.com/x\nspan class=domain\n"
                                                  "li id=ref-3 value=3\na href=https://ships.example.net/a?x=1&y=2\nspan class=domain\n"));
  g_assert_nonnull (strstr (parsed.text->str, "Trade <news>"));
  g_assert_null (strstr (parsed.text->str, "[//]"));
  g_assert_null (strstr (parsed.text->str, "[["));
  parsed_clear (&parsed);

  parse_xml (wrapped, &parsed_fragment);
  g_assert_null (strstr (parsed_fragment.elements->str, "html"));
  g_assert_null (strstr (parsed_fragment.elements->str, "style"));
  parsed_clear (&parsed_fragment);
}

static void
test_draft_text (void)
{
  g_autofree char *draft = build_draft ();
  g_autofree char *text = mimo_draft_export (draft, MIMO_DRAFT_FORMAT_TEXT, NULL);

  g_assert_cmpstr (text, ==,
                   "My report\n\nWhat I found, in brief.\n\n"
                   "Findings\n\nGrowth slowed [1] while trade fell [2].\n\n"
                   "Shipping rose [3] and trade stayed weak [2].\n\n"
                   "References\n\n"
                   "1. World report & outlook — https://www.example.org/report\n"
                   "2. Trade <news> — https://news.example.com/x\n"
                   "3. Ships — https://ships.example.net/a?x=1&y=2\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/markdown-export/html-fragments", test_html_fragments);
  g_test_add_func ("/core/markdown-export/html-escaping", test_html_escaping);
  g_test_add_func ("/core/markdown-export/html-corpus", test_html_corpus);
  g_test_add_func ("/core/markdown-export/text", test_text);
  g_test_add_func ("/core/draft-export/markdown-round-trip", test_draft_markdown_round_trip);
  g_test_add_func ("/core/draft-export/html", test_draft_html);
  g_test_add_func ("/core/draft-export/text", test_draft_text);

  return g_test_run ();
}
