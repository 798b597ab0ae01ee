/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-citations.h: citations and the References list of an answer, in every form the API writes. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* A marker holds at most this many numbers ("[1, 2, 3]"); citation numbers
 * run from 1 to MIMO_CITATION_MAX_NUMBER, so a year in brackets is text. */
#define MIMO_CITATION_MAX_NUMBERS 16
#define MIMO_CITATION_MAX_NUMBER  999

/**
 * MimoCitationSource:
 * @number: the number the answer gave it (1, 2, …)
 * @url: where it is, or %NULL when the answer named it without an address
 * @title: the page's title, or %NULL when the answer gave none
 * @domain: the site to show ("bbc.co.uk": lower case, no "www."), or %NULL
 *
 * One entry of a References list.
 */
typedef struct
{
  guint number;
  char *url;
  char *title;
  char *domain;
} MimoCitationSource;

#define MIMO_TYPE_CITATION_SOURCE (mimo_citation_source_get_type ())

GType               mimo_citation_source_get_type (void) G_GNUC_CONST;
MimoCitationSource *mimo_citation_source_new (guint       number,
                                              const char *url,
                                              const char *title);
MimoCitationSource *mimo_citation_source_copy (const MimoCitationSource *self);
void                mimo_citation_source_free (MimoCitationSource *self);
gboolean            mimo_citation_source_equal (const MimoCitationSource *a,
                                                const MimoCitationSource *b);

/**
 * MimoCitationForm:
 * @MIMO_CITATION_FORM_LINK: a Markdown link whose text is the number:
 *   `[[1]](https://…)` (the API's default) or `[1](https://…)`
 * @MIMO_CITATION_FORM_MARKER: a plain marker: `[1]`, `[1, 2]` (raw answers)
 * @MIMO_CITATION_FORM_FOOTNOTE: a footnote-style marker: `[^1]`
 */
typedef enum
{
  MIMO_CITATION_FORM_LINK,
  MIMO_CITATION_FORM_MARKER,
  MIMO_CITATION_FORM_FOOTNOTE,
} MimoCitationForm;

/**
 * MimoCitationOccurrence:
 * @start: where the whole marker starts (bytes in the body)
 * @end: where it ends (exclusive)
 * @number_start: where the digits of the first number start
 * @number_end: where they end; replacing this range renumbers a citation
 *   without touching anything else
 * @form: how it was written
 * @n_numbers: how many numbers it cites (more than one only for markers)
 * @numbers: the numbers, in the order written
 * @url: the address: the link's own for links, else the source's when the
 *   marker cites one number that the References list resolves; or %NULL
 *
 * One citation in the text. Citations inside code are never reported.
 */
typedef struct
{
  gsize            start;
  gsize            end;
  gsize            number_start;
  gsize            number_end;
  MimoCitationForm form;
  guint            n_numbers;
  guint            numbers[MIMO_CITATION_MAX_NUMBERS];
  const char      *url;
} MimoCitationOccurrence;

/**
 * MimoCitations:
 *
 * What mimo_citations_parse() found in an answer: the body (the answer
 * without its References section), the sources in number order and every
 * citation in the body. Immutable and reference counted.
 */
typedef struct _MimoCitations MimoCitations;

#define MIMO_TYPE_CITATIONS (mimo_citations_get_type ())

GType          mimo_citations_get_type (void) G_GNUC_CONST;
MimoCitations *mimo_citations_parse (const char *text,
                                     gssize      length);
MimoCitations *mimo_citations_ref (MimoCitations *self);
void           mimo_citations_unref (MimoCitations *self);

/* The answer without its References section (and the blank lines before
 * it). Occurrence offsets are bytes in this text, which is a prefix of the
 * answer, so they are offsets in the answer too. */
const char *mimo_citations_get_body (MimoCitations *self,
                                     gsize         *length);
/* Whether a References section was found (and cut from the body). */
gboolean mimo_citations_has_references (MimoCitations *self);

/* Sources: the References entries, plus any number the body cites through
 * a link whose address the list lacks. Sorted by number. */
guint                     mimo_citations_get_n_sources (MimoCitations *self);
const MimoCitationSource *mimo_citations_get_source (MimoCitations *self,
                                                     guint          index);
const MimoCitationSource *mimo_citations_lookup (MimoCitations *self,
                                                 guint          number);

guint                         mimo_citations_get_n_occurrences (MimoCitations *self);
const MimoCitationOccurrence *mimo_citations_get_occurrence (MimoCitations *self,
                                                             guint          index);

/* Finds the References section at the end of @text: a heading line
 * ("**References**", "## Sources", "References:", …) followed only by
 * entries ("1. [Title](url)", "[1] Title - url", "[1]: url", bare URLs,
 * list items) and blank lines up to the end. Returns the byte offset of
 * the heading line, or -1. */
gssize mimo_citations_find_references (const char *text,
                                       gssize      length);

/* A piece of an answer (a selection, say): @text is taken whole as the
 * body (no References section is looked for) and its citations resolve
 * against the sources of @sources (may be %NULL), which the result copies. */
MimoCitations *mimo_citations_parse_piece (const char    *text,
                                           gssize         length,
                                           MimoCitations *sources);

/* The key two addresses of the same page share: scheme and host in lower
 * case, no default port, no fragment, no trailing slash, no utm_*
 * tracking parameters. Different pages keep different keys. */
char *mimo_citation_url_normalize (const char *url);
/* "https://www.BBC.co.uk/news" → "bbc.co.uk"; %NULL if it has no host. */
char *mimo_citation_url_display_domain (const char *url);
/* Whether the views may open it: http, https (and mailto when
 * @allow_mailto). */
gboolean mimo_citation_url_is_openable (const char *url,
                                        gboolean    allow_mailto);

/* Fuzzing entry point: parses arbitrary bytes and checks every invariant
 * (ranges inside the body, numbers in range, sources sorted); aborts on a
 * violation. */
void mimo_citations_fuzz (const guint8 *data,
                          gsize         size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoCitationSource, mimo_citation_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoCitations, mimo_citations_unref)

G_END_DECLS
