/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-draft-refs.c: one reference list for a draft built from many answers: merging, renumbering, regenerating. */

#define G_LOG_DOMAIN "test-draft-refs"

#include "config.h"

#include <string.h>

#include "mimo-citations.h"
#include "mimo-draft-export.h"
#include "mimo-draft-refs.h"

#define MARKER "[//]: # (References made by Mimo Chat from the citations above; edits below are replaced.)\n"

static const char answer_a[] =
  "Growth slowed [[1]](https://www.example.org/report) while trade fell [[2]](https://news.example.com/x).\n\n"
  "**References**\n\n"
  "1. [World report](https://www.example.org/report)\n"
  "2. [Trade news](https://news.example.com/x)\n";

/* The same trade article under another spelling of its address. */
static const char answer_b[] =
  "Trade fell again [[1]](https://NEWS.example.com/x/#latest) and shipping [[2]](https://ships.example.net/a).\n\n"
  "**References**\n\n"
  "1. [Trade news, updated](https://NEWS.example.com/x/#latest)\n"
  "2. [Ships](https://ships.example.net/a)\n";

static const char answer_raw[] =
  "Solar lost 0.5% a year [1]. Newer cells degrade slowly [2], [3].";

static const char answer_raw_with_sources[] =
  "Solar lost 0.5% a year [1]. Newer cells degrade slowly [2].\n\n"
  "Sources:\n"
  "[1] Long-term degradation - https://www.nrel.example.gov/pv\n"
  "[2]: https://pv.example.com/cells \"Cells that last\"\n";

/* Applies @edits to @old and checks that it gives @expected: what an
 * editor does with them. */
static void
assert_edits_rebuild (const char *old,
                      GPtrArray  *edits,
                      const char *expected)
{
  g_autoptr (GString) text = g_string_new (old);

  for (guint i = edits->len; i > 0; i--)
    {
      const MimoDraftEdit *edit = g_ptr_array_index (edits, i - 1);

      g_assert_cmpuint (edit->end, <=, text->len);
      g_assert_cmpint (edit->char_start, ==, g_utf8_pointer_to_offset (old, old + edit->start));
      g_assert_cmpint (edit->char_end, ==, g_utf8_pointer_to_offset (old, old + edit->end));
      if (i < edits->len)
        g_assert_cmpuint (edit->end, <=, ((MimoDraftEdit *) g_ptr_array_index (edits, i))->start);
      g_string_erase (text, edit->start, edit->end - edit->start);
      g_string_insert (text, edit->start, edit->text);
    }
  g_assert_cmpstr (text->str, ==, expected);
}

/* Updates, checks the edits and that a second update changes nothing. */
static char *
update (const char *draft)
{
  g_autoptr (GPtrArray) edits = NULL;
  g_autoptr (GPtrArray) again_edits = NULL;
  char                 *updated = mimo_draft_refs_update (draft, -1, &edits);
  g_autofree char      *again = mimo_draft_refs_update (updated, -1, &again_edits);

  assert_edits_rebuild (draft, edits, updated);
  g_assert_cmpstr (again, ==, updated);
  g_assert_cmpuint (again_edits->len, ==, 0);
  return updated;
}

/* Every citation's number names the source its own address does. */
static void
assert_consistent (const char *draft)
{
  g_autoptr (MimoCitations) citations = mimo_citations_parse (draft, -1);

  g_assert_true (mimo_citations_has_references (citations));
  for (guint i = 0; i < mimo_citations_get_n_occurrences (citations); i++)
    {
      const MimoCitationOccurrence *occ = mimo_citations_get_occurrence (citations, i);
      const MimoCitationSource     *source = mimo_citations_lookup (citations, occ->numbers[0]);
      g_autofree char              *a = NULL;
      g_autofree char              *b = NULL;

      g_assert_cmpint (occ->form, ==, MIMO_CITATION_FORM_LINK);
      g_assert_nonnull (source);
      a = mimo_citation_url_normalize (occ->url);
      b = mimo_citation_url_normalize (source->url);
      g_assert_cmpstr (a, ==, b);
    }
  for (guint i = 0; i < mimo_citations_get_n_sources (citations); i++)
    g_assert_cmpuint (mimo_citations_get_source (citations, i)->number, ==, i + 1);
}

static void
test_append_default_form (void)
{
  guint            unresolved = 99;
  g_autofree char *draft = mimo_draft_refs_append ("", answer_a, NULL, &unresolved);

  g_assert_cmpstr (draft, ==,
                   "Growth slowed [[1]](https://www.example.org/report) while trade fell [[2]](https://news.example.com/x).\n\n"
                   "## References\n\n" MARKER
                   "1. [World report](https://www.example.org/report)\n"
                   "2. [Trade news](https://news.example.com/x)\n");
  g_assert_cmpuint (unresolved, ==, 0);
  assert_consistent (draft);
  g_free (update (draft));
}

static void
test_duplicates_across_answers (void)
{
  g_autofree char *one = mimo_draft_refs_append ("", answer_a, NULL, NULL);
  g_autofree char *two = mimo_draft_refs_append (one, answer_b, NULL, NULL);
  g_autofree char *three = mimo_draft_refs_append (two, answer_a, NULL, NULL);

  g_assert_cmpstr (two, ==,
                   "Growth slowed [[1]](https://www.example.org/report) while trade fell [[2]](https://news.example.com/x).\n\n"
                   "Trade fell again [[2]](https://NEWS.example.com/x/#latest) and shipping [[3]](https://ships.example.net/a).\n\n"
                   "## References\n\n" MARKER
                   "1. [World report](https://www.example.org/report)\n"
                   "2. [Trade news](https://news.example.com/x)\n"
                   "3. [Ships](https://ships.example.net/a)\n");
  assert_consistent (two);

  /* The same answer twice adds text, not sources. */
  g_assert_true (g_str_has_suffix (three,
                                   "Growth slowed [[1]](https://www.example.org/report) while trade fell [[2]](https://news.example.com/x).\n\n"
                                   "## References\n\n" MARKER
                                   "1. [World report](https://www.example.org/report)\n"
                                   "2. [Trade news](https://news.example.com/x)\n"
                                   "3. [Ships](https://ships.example.net/a)\n"));
  assert_consistent (three);
}

static void
test_raw_form (void)
{
  guint            unresolved = 0;
  g_autofree char *with_sources = mimo_draft_refs_append ("Intro.\n", answer_raw_with_sources, NULL, &unresolved);
  g_autofree char *without = NULL;

  g_assert_cmpstr (with_sources, ==,
                   "Intro.\n\n"
                   "Solar lost 0.5% a year [[1]](https://www.nrel.example.gov/pv). Newer cells degrade slowly [[2]](https://pv.example.com/cells).\n\n"
                   "## References\n\n" MARKER
                   "1. [Long-term degradation](https://www.nrel.example.gov/pv)\n"
                   "2. [Cells that last](https://pv.example.com/cells)\n");
  g_assert_cmpuint (unresolved, ==, 0);

  /* Raw markers with no address anywhere cannot be kept as citations. */
  without = mimo_draft_refs_append (with_sources, answer_raw, NULL, &unresolved);
  g_assert_cmpuint (unresolved, ==, 3);
  g_assert_nonnull (strstr (without, "\n\nSolar lost 0.5% a year. Newer cells degrade slowly.\n\n## References"));
  assert_consistent (without);
}

static void
test_first_appearance (void)
{
  const char *draft = "My intro cites [[2]](https://news.example.com/x) first.\n\n"
                      "Growth slowed [[1]](https://www.example.org/report) [[2]](https://news.example.com/x).\n\n"
                      "## References\n\n" MARKER
                      "1. [World report](https://www.example.org/report)\n"
                      "2. [Trade news](https://news.example.com/x)\n";
  g_autoptr (GPtrArray) edits = NULL;
  g_autofree char      *updated = mimo_draft_refs_update (draft, -1, &edits);

  g_assert_cmpstr (updated, ==,
                   "My intro cites [[1]](https://news.example.com/x) first.\n\n"
                   "Growth slowed [[2]](https://www.example.org/report) [[1]](https://news.example.com/x).\n\n"
                   "## References\n\n" MARKER
                   "1. [Trade news](https://news.example.com/x)\n"
                   "2. [World report](https://www.example.org/report)\n");

  /* Only the digits in the text change, then the list. */
  g_assert_cmpuint (edits->len, ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      const MimoDraftEdit *edit = g_ptr_array_index (edits, i);

      g_assert_cmpuint (edit->end - edit->start, ==, 1);
      g_assert_true (g_ascii_isdigit (draft[edit->start]));
    }
  assert_edits_rebuild (draft, edits, updated);
  g_free (update (updated));
}

static void
test_deletions (void)
{
  const char      *head = "A [[1]](https://a.example/) and B [[2]](https://b.example/).\n\nC [[3]](https://c.example/).\n\n";
  g_autofree char *full = g_strconcat (head, "## References\n\n" MARKER "1. [A](https://a.example/)\n2. [B](https://b.example/)\n3. [C](https://c.example/)\n", NULL);
  g_autofree char *updated = update (full);
  g_autofree char *no_b = NULL;
  g_autofree char *nothing = NULL;

  g_assert_cmpstr (updated, ==, full);

  /* Deleting B's only citation drops B; C moves up. */
  no_b = update ("A [[1]](https://a.example/) and B.\n\nC [[3]](https://c.example/).\n\n"
                 "## References\n\n" MARKER "1. [A](https://a.example/)\n2. [B](https://b.example/)\n3. [C](https://c.example/)\n");
  g_assert_cmpstr (no_b, ==,
                   "A [[1]](https://a.example/) and B.\n\nC [[2]](https://c.example/).\n\n"
                   "## References\n\n" MARKER "1. [A](https://a.example/)\n2. [C](https://c.example/)\n");

  /* No citation left: no References section left. */
  nothing = update ("A and B.\n\n## References\n\n" MARKER "1. [A](https://a.example/)\n");
  g_assert_cmpstr (nothing, ==, "A and B.\n");
}

static void
test_user_text_untouched (void)
{
  const char      *draft = "# My *report*\n\n"
                           "A plain [1] in my words, a [link](https://l.example/) and `[[9]](https://code.example/)`.\n\n"
                           "```\n[[7]](https://fenced.example/)\n```\n\n"
                           "Cited [[5]](https://a.example/)   with  odd   spacing\n"
                           "and a second line [[6]](<https://b.example/with space>).\n";
  g_autofree char *updated = update (draft);

  g_assert_cmpstr (updated, ==,
                   "# My *report*\n\n"
                   "A plain [1] in my words, a [link](https://l.example/) and `[[9]](https://code.example/)`.\n\n"
                   "```\n[[7]](https://fenced.example/)\n```\n\n"
                   "Cited [[1]](https://a.example/)   with  odd   spacing\n"
                   "and a second line [[2]](<https://b.example/with space>).\n\n"
                   "## References\n\n" MARKER
                   "1. <https://a.example/>\n"
                   "2. [https://b.example/with space](<https://b.example/with space>)\n");

  /* A draft without citations is left exactly as it is. */
  {
    g_autoptr (GPtrArray) edits = NULL;
    g_autofree char      *same = mimo_draft_refs_update ("No citations here.\n\n\n", -1, &edits);

    g_assert_cmpstr (same, ==, "No citations here.\n\n\n");
    g_assert_cmpuint (edits->len, ==, 0);
  }
}

static void
test_titles_kept (void)
{
  g_autofree char *draft = mimo_draft_refs_append ("", answer_a, NULL, NULL);
  g_autofree char *edited = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *more = NULL;

  g_auto (GStrv) parts = g_strsplit (draft, "[Trade news]", 2);

  /* The user corrects a title in the list: it stays, even when the list
   * is regenerated for a new source. */
  edited = g_strjoinv ("[Trade news \\[Reuters\\]]", parts);
  updated = update (edited);
  g_assert_cmpstr (updated, ==, edited);

  more = mimo_draft_refs_append (updated, answer_b, NULL, NULL);
  g_assert_nonnull (strstr (more, "2. [Trade news \\[Reuters\\]](https://news.example.com/x)\n3. [Ships](https://ships.example.net/a)\n"));

  {
    g_autoptr (GPtrArray)     sources = mimo_draft_refs_get_sources (more);
    const MimoCitationSource *second = g_ptr_array_index (sources, 1);

    g_assert_cmpuint (sources->len, ==, 3);
    g_assert_cmpstr (second->title, ==, "Trade news [Reuters]");
    g_assert_cmpstr (second->domain, ==, "news.example.com");
  }
}

static void
test_text_below_section (void)
{
  g_autofree char *draft = mimo_draft_refs_append ("", answer_a, NULL, NULL);
  g_autofree char *typed = g_strconcat (draft, "\nMy conclusion [[1]](https://c.example/).\n", NULL);
  g_autofree char *updated = update (typed);

  g_assert_cmpstr (updated, ==,
                   "Growth slowed [[1]](https://www.example.org/report) while trade fell [[2]](https://news.example.com/x).\n\n"
                   "My conclusion [[3]](https://c.example/).\n\n"
                   "## References\n\n" MARKER
                   "1. [World report](https://www.example.org/report)\n"
                   "2. [Trade news](https://news.example.com/x)\n"
                   "3. <https://c.example/>\n");

  /* A list the user starts below the section stays theirs. */
  {
    g_autofree char *list = g_strconcat (draft, "\n1. [My own link](https://mine.example/)\n", NULL);
    g_autofree char *kept = update (list);

    g_assert_nonnull (strstr (kept, "news.example.com/x).\n\n1. [My own link](https://mine.example/)\n\n## References"));
  }
}

static void
test_stale_markers (void)
{
  /* An old draft pasted into this one brings its own marker along. */
  g_autofree char *updated = update ("Old [[1]](https://old.example/).\n\n## References\n\n" MARKER "1. <https://old.example/>\n\n"
                                     "New [[1]](https://new.example/).\n\n## References\n\n" MARKER "1. <https://new.example/>\n");
  g_autofree char *uncited = update ("Text.\n\n" MARKER "\nMore.\n\n" MARKER);

  g_assert_cmpstr (updated, ==,
                   "Old [[1]](https://old.example/).\n\n## References\n\n1. <https://old.example/>\n\n"
                   "New [[2]](https://new.example/).\n\n## References\n\n" MARKER "1. <https://old.example/>\n2. <https://new.example/>\n");
  g_assert_cmpstr (uncited, ==, "Text.\n\n\nMore.\n");
}

static void
test_unclosed_fence (void)
{
  /* Text moved up from below the section lands in the user's unclosed
   * code block: there it is code, so its citations are not counted. */
  g_autofree char *updated = update ("Intro [[1]](https://a.example/).\n\n~~~\ncode\n\n## References\n\n" MARKER "1. <https://a.example/>\n\n"
                                     "Typed below [[2]](https://b.example/).\n");

  g_assert_cmpstr (updated, ==,
                   "Intro [[1]](https://a.example/).\n\n~~~\ncode\n\nTyped below [[2]](https://b.example/).\n\n"
                   "## References\n\n" MARKER "1. <https://a.example/>\n");
}

static char *
make_answer (guint first,
             guint count)
{
  GString *out = g_string_new ("Facts");

  for (guint i = 0; i < count; i++)
    g_string_append_printf (out, " fact %u [[%u]](https://site%u.example.org/page/%u)", first + i, i + 1, first + i, first + i);
  g_string_append (out, ".\n\n**References**\n\n");
  for (guint i = 0; i < count; i++)
    g_string_append_printf (out, "%u. [Page %u](https://site%u.example.org/page/%u)\n", i + 1, first + i, first + i, first + i);
  return g_string_free (out, FALSE);
}

static void
test_many_sources (void)
{
  g_autofree char      *a = make_answer (1, 25);
  g_autofree char      *b = make_answer (21, 25); /* 21–25 are in both */
  g_autofree char      *c = make_answer (46, 15);
  g_autofree char      *d1 = mimo_draft_refs_append ("", a, NULL, NULL);
  g_autofree char      *d2 = mimo_draft_refs_append (d1, b, NULL, NULL);
  g_autofree char      *d3 = mimo_draft_refs_append (d2, c, NULL, NULL);
  g_autoptr (GPtrArray) sources = mimo_draft_refs_get_sources (d3);
  g_autofree char      *again = update (d3);

  g_assert_cmpuint (sources->len, ==, 60);
  for (guint i = 0; i < sources->len; i++)
    {
      const MimoCitationSource *source = g_ptr_array_index (sources, i);
      g_autofree char          *title = g_strdup_printf ("Page %u", i + 1);

      g_assert_cmpuint (source->number, ==, i + 1);
      g_assert_cmpstr (source->title, ==, title);
    }
  g_assert_cmpstr (again, ==, d3);
  assert_consistent (d3);

  /* Deleting the first answer's text renumbers everything after it. */
  {
    const char           *second = strstr (d3, "\n\nFacts fact 21") + 2;
    g_autofree char      *trimmed = update (second);
    g_autoptr (GPtrArray) left = mimo_draft_refs_get_sources (trimmed);

    g_assert_cmpuint (left->len, ==, 40);
    g_assert_cmpstr (((MimoCitationSource *) g_ptr_array_index (left, 0))->title, ==, "Page 21");
    assert_consistent (trimmed);
  }
}

/* A 60-source draft loses its citations one at a time, in random order,
 * then all the rest at once, each deletion followed by the edits an
 * editor would apply to its buffer: after each, exactly the sources
 * still cited are listed, in order, and the edits rebuild the text. */
static void
test_many_sources_deleted_through_edits (void)
{
  g_autofree char      *a = make_answer (1, 30);
  g_autofree char      *b = make_answer (21, 40); /* 21–30 are in both */
  g_autofree char      *d1 = mimo_draft_refs_append ("", a, NULL, NULL);
  g_autofree char      *d2 = mimo_draft_refs_append (d1, b, NULL, NULL);
  g_autoptr (GString)   buffer = g_string_new (d2);
  g_autoptr (GRand)     rand = g_rand_new_with_seed (20240611);
  g_autoptr (GPtrArray) sources = NULL;

  sources = mimo_draft_refs_get_sources (buffer->str);
  g_assert_cmpuint (sources->len, ==, 60);

  /* 12 deletions keep this quick under the sanitizers; the last one
   * takes every citation left. */
  for (guint step = 0;; step++)
    {
      g_autoptr (MimoCitations)     citations = mimo_citations_parse (buffer->str, -1);
      g_autoptr (GHashTable)        cited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr (GPtrArray)         edits = NULL;
      g_autoptr (GPtrArray)         left = NULL;
      g_autofree char              *updated = NULL;
      const MimoCitationOccurrence *occ;
      guint                         n = mimo_citations_get_n_occurrences (citations);

      if (n == 0)
        break;
      if (step < 12)
        {
          occ = mimo_citations_get_occurrence (citations, g_rand_int_range (rand, 0, n));
          g_string_erase (buffer, occ->start, occ->end - occ->start);
        }
      else
        for (guint i = n; i > 0; i--)
          {
            occ = mimo_citations_get_occurrence (citations, i - 1);
            g_string_erase (buffer, occ->start, occ->end - occ->start);
          }

      updated = mimo_draft_refs_update (buffer->str, -1, &edits);
      assert_edits_rebuild (buffer->str, edits, updated);
      g_string_assign (buffer, updated);

      g_clear_pointer (&citations, mimo_citations_unref);
      citations = mimo_citations_parse (buffer->str, -1);
      for (guint i = 0; i < mimo_citations_get_n_occurrences (citations); i++)
        g_hash_table_add (cited, mimo_citation_url_normalize (mimo_citations_get_occurrence (citations, i)->url));
      left = mimo_draft_refs_get_sources (buffer->str);
      g_assert_cmpuint (left->len, ==, g_hash_table_size (cited));
      if (left->len > 0)
        assert_consistent (buffer->str);
    }

  /* Nothing cited: no References left, the words all there. */
  g_assert_null (strstr (buffer->str, "## References"));
  g_assert_nonnull (strstr (buffer->str, "fact 60"));
}

static void
test_heading (void)
{
  static const struct
  {
    const char *draft;
    const char *heading;
  } cases[] = {
    { "", NULL },
    { "No heading here.\n", NULL },
    { "Intro.\n\n## *Solar* panels [[1]](https://a.example/)\n\n# Later\n", "Solar panels [1]" },
    { "Title\n=====\n\nText\n", "Title" },
    { "```\n# not a heading\n```\n\n#   Spaced out   \n", "Spaced out" },
    { "#\n\n### Third level\n", "Third level" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *heading = mimo_draft_dup_heading (cases[i].draft);

      g_assert_cmpstr (heading, ==, cases[i].heading);
    }
}

static void
test_marker_prefix (void)
{
  g_assert_true (g_str_has_prefix (MARKER, MIMO_DRAFT_REFS_MARKER_PREFIX));
}

static void
test_selection (void)
{
  guint unresolved = 0;
  /* From the answer's Markdown. */
  g_autofree char *source_piece = mimo_draft_refs_append ("", answer_b, "shipping [[2]](https://ships.example.net/a).", &unresolved);
  /* From the text the chat shows, where citations read "[N]". */
  g_autofree char *shown_piece = mimo_draft_refs_append (source_piece, answer_a, "while trade fell [2].", &unresolved);
  /* A selection running into the References keeps only the text. */
  g_autofree char *long_piece = mimo_draft_refs_append ("", answer_a, "trade fell [2].\n\n**References**\n\n1. [World report](https://www.example.org/report)\n", &unresolved);

  g_assert_cmpstr (source_piece, ==,
                   "shipping [[1]](https://ships.example.net/a).\n\n"
                   "## References\n\n" MARKER "1. [Ships](https://ships.example.net/a)\n");
  g_assert_cmpstr (shown_piece, ==,
                   "shipping [[1]](https://ships.example.net/a).\n\n"
                   "while trade fell [[2]](https://news.example.com/x).\n\n"
                   "## References\n\n" MARKER "1. [Ships](https://ships.example.net/a)\n2. [Trade news](https://news.example.com/x)\n");
  g_assert_cmpstr (long_piece, ==,
                   "trade fell [[1]](https://news.example.com/x).\n\n"
                   "## References\n\n" MARKER "1. [Trade news](https://news.example.com/x)\n");
  g_assert_cmpuint (unresolved, ==, 0);
}

static void
test_non_ascii_edits (void)
{
  const char      *draft = "Über [[2]](https://b.example/) — 中文 [[1]](https://a.example/) ✓\n";
  g_autofree char *updated = update (draft);

  g_assert_cmpstr (updated, ==,
                   "Über [[1]](https://b.example/) — 中文 [[2]](https://a.example/) ✓\n\n"
                   "## References\n\n" MARKER "1. <https://b.example/>\n2. <https://a.example/>\n");
}

/* Found by fuzz-draft-refs: "[01]" is rewritten "[1]", and that is an
 * edit too (the editor applies only the edits); an address across a line
 * ending is no link (CommonMark), so no source; one with a control
 * character, or long, or full of characters to escape, is written in a
 * form that reads back as the same link. */
static void
test_odd_numbers_and_addresses (void)
{
  g_autofree char *leading_zero = update ("See [[01]](https://a.example/) and [[002]](https://b.example/).\n");
  g_autofree char *line_ending = update ("See [2](<https://a.example/\r>) here.");
  g_autofree char *escaped = update ("See [[1]](<https://a.example/x\\>y>).\n");
  g_autofree char *control = update ("See [[1]](<https://a.example/x\001y>).\n");
  g_autofree char *line_break = update ("See [[1]](https://a.example/x\\\n) here.\n");
  /* A section without its heading, and a '#' line moved up from below
   * it, which must not become the heading at the next update. */
  g_autofree char *hash_line = update ("See [[1]](https://a.example/).\n"
                                       "[//]: # (References made by Mimo Chat\n"
                                       "1. <https://a.example/>\n"
                                       "Below\n# \n");
  g_autofree char *long_address = g_strdup_printf ("See [[1]](https://a.example/>%0600d).\n", 0);
  g_autofree char *long_updated = update (long_address);
  g_autofree char *cut = g_strdup_printf ("1. [https://a.example/\\>%0281d…](https://a.example/>%0600d)\n", 0, 0);

  g_assert_cmpstr (leading_zero, ==,
                   "See [[1]](https://a.example/) and [[2]](https://b.example/).\n\n"
                   "## References\n\n" MARKER "1. <https://a.example/>\n2. <https://b.example/>\n");
  g_assert_cmpstr (line_ending, ==, "See [2](<https://a.example/\r>) here.");
  g_assert_cmpstr (escaped, ==,
                   "See [[1]](<https://a.example/x\\>y>).\n\n"
                   "## References\n\n" MARKER "1. [https://a.example/x\\>y](https://a.example/x>y)\n");
  g_assert_cmpstr (control, ==,
                   "See [[1]](<https://a.example/x\001y>).\n\n"
                   "## References\n\n" MARKER "1. [https://a.example/x\001y](<https://a.example/x\001y>)\n");
  /* A backslash before a line ending is a line break, not an escape. */
  g_assert_cmpstr (line_break, ==, "See [[1]](https://a.example/x\\\n) here.\n");
  g_assert_cmpstr (hash_line, ==,
                   "See [[1]](https://a.example/).\n\nBelow\n#\n\n"
                   "## References\n\n" MARKER "1. <https://a.example/>\n");
  /* A long address shown for want of a title is cut, and reads back. */
  g_assert_true (g_str_has_suffix (long_updated, cut));
}

static void
test_word_count (void)
{
  static const struct
  {
    const char *draft;
    guint       words;
  } cases[] = {
    { "", 0 },
    { "Hello world", 2 },
    { "# Title\n\nGrowth [[1]](https://a.example/) slowed.", 3 },
    { "don't stop-gap, it's 2024!", 4 },
    { "中文段落", 4 },
    { "- one\n- two\n\n| a | b |\n|---|---|\n| c | d |", 6 },
    { "`code words` count", 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (mimo_draft_refs_count_words (cases[i].draft), ==, cases[i].words);

  /* The References do not count. */
  {
    g_autofree char *draft = mimo_draft_refs_append ("", answer_a, NULL, NULL);

    g_assert_cmpuint (mimo_draft_refs_count_words (draft), ==, 5);
  }
}

static void
test_fuzz_entry_pairs (void)
{
  const char *const texts[] = { "", answer_a, answer_b, answer_raw, answer_raw_with_sources, "plain [[1]](https://x.example/) text\n\n## References\n\n" MARKER "1. [X](https://x.example/)\n\ntyped\n" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (guint k = 0; k < G_N_ELEMENTS (texts); k++)
      {
        g_autoptr (GString) input = g_string_new (texts[i]);

        g_string_append_c (input, '\0');
        g_string_append (input, texts[k]);
        mimo_draft_refs_fuzz ((const guint8 *) input->str, input->len);
      }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/draft-refs/append-default-form", test_append_default_form);
  g_test_add_func ("/core/draft-refs/duplicates-across-answers", test_duplicates_across_answers);
  g_test_add_func ("/core/draft-refs/raw-form", test_raw_form);
  g_test_add_func ("/core/draft-refs/first-appearance", test_first_appearance);
  g_test_add_func ("/core/draft-refs/deletions", test_deletions);
  g_test_add_func ("/core/draft-refs/user-text-untouched", test_user_text_untouched);
  g_test_add_func ("/core/draft-refs/titles-kept", test_titles_kept);
  g_test_add_func ("/core/draft-refs/text-below-section", test_text_below_section);
  g_test_add_func ("/core/draft-refs/stale-markers", test_stale_markers);
  g_test_add_func ("/core/draft-refs/unclosed-fence", test_unclosed_fence);
  g_test_add_func ("/core/draft-refs/many-sources", test_many_sources);
  g_test_add_func ("/core/draft-refs/many-sources-deleted-through-edits", test_many_sources_deleted_through_edits);
  g_test_add_func ("/core/draft-refs/marker-prefix", test_marker_prefix);
  g_test_add_func ("/core/draft-refs/heading", test_heading);
  g_test_add_func ("/core/draft-refs/selection", test_selection);
  g_test_add_func ("/core/draft-refs/non-ascii-edits", test_non_ascii_edits);
  g_test_add_func ("/core/draft-refs/odd-numbers-and-addresses", test_odd_numbers_and_addresses);
  g_test_add_func ("/core/draft-refs/word-count", test_word_count);
  g_test_add_func ("/core/draft-refs/fuzz-entry-pairs", test_fuzz_entry_pairs);

  return g_test_run ();
}
