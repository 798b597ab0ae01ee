/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-citations.c: citations and References lists in both API forms and the variants models write. */

#define G_LOG_DOMAIN "test-citations"

#include "config.h"

#include <string.h>

#include "mimo-citations.h"

/* "N|title|url|domain" per source, joined with "; ". */
static char *
format_sources (MimoCitations *citations)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < mimo_citations_get_n_sources (citations); i++)
    {
      const MimoCitationSource *source = mimo_citations_get_source (citations, i);

      g_string_append_printf (out, "%s%u|%s|%s|%s", i > 0 ? "; " : "", source->number, source->title != NULL ? source->title : "-", source->url != NULL ? source->url : "-", source->domain != NULL ? source->domain : "-");
    }
  return g_string_free (out, FALSE);
}

/* "text:form:numbers:url" per occurrence, joined with "; ". */
static char *
format_occurrences (MimoCitations *citations)
{
  static const char *const forms[] = { "link", "marker", "footnote" };
  GString                 *out = g_string_new (NULL);
  const char              *body = mimo_citations_get_body (citations, NULL);

  for (guint i = 0; i < mimo_citations_get_n_occurrences (citations); i++)
    {
      const MimoCitationOccurrence *occ = mimo_citations_get_occurrence (citations, i);

      g_string_append_printf (out, "%s%.*s:%s:", i > 0 ? "; " : "", (int) (occ->end - occ->start), body + occ->start, forms[occ->form]);
      for (guint k = 0; k < occ->n_numbers; k++)
        g_string_append_printf (out, "%s%u", k > 0 ? "," : "", occ->numbers[k]);
      g_string_append_printf (out, ":%s", occ->url != NULL ? occ->url : "-");

      /* The digits range names the first number. */
      g_assert_cmpuint (g_ascii_strtoull (body + occ->number_start, NULL, 10), ==, occ->numbers[0]);
    }
  return g_string_free (out, FALSE);
}

static void
test_api_forms (void)
{
  static const struct
  {
    const char *name;
    const char *text;
    const char *body;
    const char *sources;
    const char *occurrences;
  } cases[] = {
    {
      "default formatting",
      "… growth slowed [[1]](https://www.example.org/report) and trade fell [[2]](https://news.example.com/x).\n\n**References**\n\n1. [Title of page](https://www.example.org/report)\n2. [Other title](https://news.example.com/x)\n",
      "… growth slowed [[1]](https://www.example.org/report) and trade fell [[2]](https://news.example.com/x).",
      "1|Title of page|https://www.example.org/report|example.org; 2|Other title|https://news.example.com/x|news.example.com",
      "[[1]](https://www.example.org/report):link:1:https://www.example.org/report; [[2]](https://news.example.com/x):link:2:https://news.example.com/x",
    },
    {
      "raw (disable_formatting)",
      "Growth slowed [1] while trade fell [2].",
      "Growth slowed [1] while trade fell [2].",
      "",
      "[1]:marker:1:-; [2]:marker:2:-",
    },
    {
      "no citations at all",
      "Just an answer.\n\nWith two paragraphs.\n",
      "Just an answer.\n\nWith two paragraphs.\n",
      "",
      "",
    },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (MimoCitations) citations = mimo_citations_parse (cases[i].text, -1);
      g_autofree char          *sources = format_sources (citations);
      g_autofree char          *occurrences = format_occurrences (citations);

      g_test_message ("%s", cases[i].name);
      g_assert_cmpstr (mimo_citations_get_body (citations, NULL), ==, cases[i].body);
      g_assert_cmpstr (sources, ==, cases[i].sources);
      g_assert_cmpstr (occurrences, ==, cases[i].occurrences);
    }
}

static void
test_reference_variants (void)
{
  static const struct
  {
    const char *text;
    const char *sources; /* NULL: no References section found */
  } cases[] = {
    { "Body [1].\n\n## References\n\n1. [A](https://a.example/x)\n", "1|A|https://a.example/x|a.example" },
    { "Body [1].\n## Sources\n1. [A](https://a.example/x)", "1|A|https://a.example/x|a.example" },
    { "Body [1].\n\n**Sources:**\n\n- [A](https://a.example/x)\n- [B](https://b.example/y)", "1|A|https://a.example/x|a.example; 2|B|https://b.example/y|b.example" },
    { "Body [1].\n\n**References**:\n1) [A](https://a.example/x)", "1|A|https://a.example/x|a.example" },
    { "Body [1].\n\nReferences:\n[1] A report - https://a.example/x\n[2] https://b.example/y", "1|A report|https://a.example/x|a.example; 2|-|https://b.example/y|b.example" },
    { "Body [1].\n\nSources\n\n[1]: https://a.example/x \"Quoted title\"\n[2]: https://b.example/y", "1|Quoted title|https://a.example/x|a.example; 2|-|https://b.example/y|b.example" },
    { "Body [^1].\n\n### References\n\n[^1]: Footnote source, https://a.example/x.", "1|Footnote source|https://a.example/x|a.example" },
    { "Body.\n\nSources:\nhttps://a.example/x\n<https://b.example/y>", "1|-|https://a.example/x|a.example; 2|-|https://b.example/y|b.example" },
    { "Body.\n\n**References**\n\n1. **A bold title**: https://a.example/x\n2. Title in text (https://b.example/y)\n3. A book without an address", "1|A bold title|https://a.example/x|a.example; 2|Title in text|https://b.example/y|b.example; 3|A book without an address|-|-" },
    { "Body.\n\n**References**\n\n3. [C](https://c.example/)\n7. [G](https://g.example/)\n- [H](https://h.example/)", "3|C|https://c.example/|c.example; 7|G|https://g.example/|g.example; 8|H|https://h.example/|h.example" },
    { "Body.\n\n**References**\n\n1. [A](https://a.example/)\n1. [Again](https://again.example/)", "1|A|https://a.example/|a.example" },
    { "Body.\n\n**References**\n\n1. [A](https://a.example/)\n   (a second line, indented)\n2. [B](https://b.example/)", "1|A|https://a.example/|a.example; 2|B|https://b.example/|b.example" },
    { "Body.\n\n参考资料：\n\n1. [小米报告](https://www.example.cn/r)", "1|小米报告|https://www.example.cn/r|example.cn" },
    { "Body.\n\n## References\n\n[//]: # (a comment)\n1. [A](https://a.example/)", "1|A|https://a.example/|a.example" },
    { "Body [1].\r\rReferences:\r[1] A - https://a.example/\r[2] https://b.example/", "1|A|https://a.example/|a.example; 2|-|https://b.example/|b.example" },
    { "Body [1].\r\n\r\n**Sources**\r\n\r\n1. [A](https://a.example/)\r\n", "1|A|https://a.example/|a.example" },
    { "Body.\n\n**References**\n\n", "" },
    /* Not a References section: text after it, no blank line, a phrase. */
    { "Body.\n\n**References**\n\n1. [A](https://a.example/)\n\nAnd then more text.", NULL },
    { "Body.\n**References**\n1. [A](https://a.example/)", NULL },
    { "Body.\n\nReferences are important:\n1. [A](https://a.example/)", NULL },
    { "Body.\n\n## References and notes\n\n1. [A](https://a.example/)", NULL },
    { "> **References**\n> 1. [A](https://a.example/)", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (MimoCitations) citations = mimo_citations_parse (cases[i].text, -1);
      g_autofree char          *sources = format_sources (citations);
      g_autofree char          *first_line = g_strndup (cases[i].text, strcspn (cases[i].text, "\r\n"));

      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpint (mimo_citations_has_references (citations), ==, cases[i].sources != NULL);
      g_assert_cmpint (mimo_citations_find_references (cases[i].text, -1) >= 0, ==, cases[i].sources != NULL);
      if (cases[i].sources != NULL)
        {
          g_assert_cmpstr (sources, ==, cases[i].sources);
          /* Every body here is the first line. */
          g_assert_cmpstr (mimo_citations_get_body (citations, NULL), ==, first_line);
        }
      else
        g_assert_cmpstr (mimo_citations_get_body (citations, NULL), ==, cases[i].text);
    }
}

static void
test_citation_variants (void)
{
  static const struct
  {
    const char *text;
    const char *occurrences;
  } cases[] = {
    { "a [1](https://a.example/) b", "[1](https://a.example/):link:1:https://a.example/" },
    { "a [[1]](https://a.example/) b", "[[1]](https://a.example/):link:1:https://a.example/" },
    { "a [[1]](<https://a.example/x y> \"t\") b", "[[1]](<https://a.example/x y> \"t\"):link:1:https://a.example/x y" },
    { "a [^1] b", "[^1]:footnote:1:-" },
    { "a [1][2] b", "[1]:marker:1:-; [2]:marker:2:-" },
    { "a [1, 2] b [3,4,5]", "[1, 2]:marker:1,2:-; [3,4,5]:marker:3,4,5:-" },
    { "growth[1].", "[1]:marker:1:-" },
    { "a [1](#fn1) b", "[1](#fn1):link:1:-" },
    /* Not citations. */
    { "in `x[1]` code", "" },
    { "```\nlist[1]\n```\n", "" },
    { "    indented[1]\n", "" },
    { "year [2021] and [0] and [1000]", "" },
    { "an image ![1](https://i.example/1.png)", "" },
    { "a [reference][1] link", "" },
    { "[1]: https://a.example/ defines a link", "" },
    { "see https://a.example/list[1] here", "" },
    { "see <https://a.example/list[1]> here", "" },
    { "escaped \\[1] marker", "" },
    { "a [link [1]](https://a.example/) b", "" },
    { "[1](foo) names no web page", "[1](foo):link:1:-" },
    { "a [1 ,2] b [1,] c [,1]", "[1 ,2]:marker:1,2:-" },
    { "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (MimoCitations) citations = mimo_citations_parse (cases[i].text, -1);
      g_autofree char          *occurrences = format_occurrences (citations);

      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpstr (occurrences, ==, cases[i].occurrences);
    }
}

static void
test_resolution (void)
{
  const char               *text = "One [1], two [2], both [1, 2], linked [3](https://c.example/), unknown [9].\n\n"
                                   "Sources:\n[1] First - https://a.example/\n[2]: https://b.example/\n";
  g_autoptr (MimoCitations) citations = mimo_citations_parse (text, -1);
  g_autofree char          *occurrences = format_occurrences (citations);
  g_autofree char          *sources = format_sources (citations);
  g_autoptr (MimoCitations) piece = NULL;
  g_autofree char          *piece_occurrences = NULL;

  g_assert_cmpstr (occurrences, ==, "[1]:marker:1:https://a.example/; [2]:marker:2:https://b.example/; [1, 2]:marker:1,2:-; [3](https://c.example/):link:3:https://c.example/; [9]:marker:9:-");
  /* The link adds a source the list lacked. */
  g_assert_cmpstr (sources, ==, "1|First|https://a.example/|a.example; 2|-|https://b.example/|b.example; 3|-|https://c.example/|c.example");
  g_assert_nonnull (mimo_citations_lookup (citations, 3));
  g_assert_null (mimo_citations_lookup (citations, 9));

  /* A piece (a selection, even of the shown text) resolves the same way. */
  piece = mimo_citations_parse_piece ("both [2] and [3]", -1, citations);
  piece_occurrences = format_occurrences (piece);
  g_assert_cmpstr (piece_occurrences, ==, "[2]:marker:2:https://b.example/; [3]:marker:3:https://c.example/");
  g_assert_false (mimo_citations_has_references (piece));
}

static void
test_url_normalize (void)
{
  static const struct
  {
    const char *url;
    const char *key;
  } cases[] = {
    { "HTTPS://WWW.Example.ORG/Report/", "https://www.example.org/Report" },
    { "https://example.org", "https://example.org/" },
    { "https://example.org/", "https://example.org/" },
    { "https://example.org:443/a#frag", "https://example.org/a" },
    { "http://example.org:80/a", "http://example.org/a" },
    { "http://example.org:8080/a", "http://example.org:8080/a" },
    { "https://example.org/a?utm_source=x&id=3&utm_medium=y", "https://example.org/a?id=3" },
    { "https://example.org/a?utm_source=chat", "https://example.org/a" },
    { "https://example.org/%7euser", "https://example.org/~user" },
    { "https://example.org/a%2fb", "https://example.org/a%2Fb" },
    { "https://example.org/A", "https://example.org/A" },
    { "https://example.org/a?b=1&c=2", "https://example.org/a?b=1&c=2" },
    { "https://bücher.example/x", "https://xn--bcher-kva.example/x" },
    { "  not a url ", "not a url" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = mimo_citation_url_normalize (cases[i].url);

      g_assert_cmpstr (key, ==, cases[i].key);
    }

  /* Different pages stay different. */
  {
    g_autofree char *a = mimo_citation_url_normalize ("https://example.org/a?page=1");
    g_autofree char *b = mimo_citation_url_normalize ("https://example.org/a?page=2");
    g_autofree char *c = mimo_citation_url_normalize ("http://example.org/a");
    g_autofree char *d = mimo_citation_url_normalize ("https://example.org/a");

    g_assert_cmpstr (a, !=, b);
    g_assert_cmpstr (c, !=, d);
  }
}

static void
test_display_domain (void)
{
  static const struct
  {
    const char *url;
    const char *domain;
  } cases[] = {
    { "https://www.bbc.co.uk/news/business-1", "bbc.co.uk" },
    { "https://News.Example.com/x", "news.example.com" },
    { "https://xn--bcher-kva.example/", "bücher.example" },
    { "http://www.example.org:8080/", "example.org" },
    { "https://www./", "www." },
    { "mailto:someone@example.com", NULL },
    { "ftp://files.example.com/", NULL },
    { "not a url", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *domain = mimo_citation_url_display_domain (cases[i].url);

      g_assert_cmpstr (domain, ==, cases[i].domain);
    }

  g_assert_true (mimo_citation_url_is_openable ("https://a.example/", FALSE));
  g_assert_true (mimo_citation_url_is_openable ("HTTP://a.example/", FALSE));
  g_assert_false (mimo_citation_url_is_openable ("mailto:a@example.com", FALSE));
  g_assert_true (mimo_citation_url_is_openable ("mailto:a@example.com", TRUE));
  g_assert_false (mimo_citation_url_is_openable ("javascript:alert(1)", TRUE));
  g_assert_false (mimo_citation_url_is_openable ("file:///etc/passwd", TRUE));
  g_assert_false (mimo_citation_url_is_openable (NULL, TRUE));
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
      mimo_citations_fuzz ((const guint8 *) text, length);
      n++;
    }
  g_assert_cmpuint (n, >=, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/citations/api-forms", test_api_forms);
  g_test_add_func ("/core/citations/reference-variants", test_reference_variants);
  g_test_add_func ("/core/citations/citation-variants", test_citation_variants);
  g_test_add_func ("/core/citations/resolution", test_resolution);
  g_test_add_func ("/core/citations/url-normalize", test_url_normalize);
  g_test_add_func ("/core/citations/display-domain", test_display_domain);
  g_test_add_func ("/core/citations/corpus-fuzz-entry", test_corpus_fuzz_entry);

  return g_test_run ();
}
