/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-citations-private.h: the line-level pieces the Markdown document and the draft share with mimo-citations. */

#pragma once

#include <string.h>

#include "mimo-citations.h"

G_BEGIN_DECLS

/* How we ask md4c to read Markdown everywhere: GitHub's dialect without
 * raw HTML (include <md4c.h> to use it). Only flags that md4c 0.4.8 and
 * 0.5 both have. */
#define MIMO_MARKDOWN_MD4C_FLAGS (MD_DIALECT_GITHUB | MD_FLAG_NOHTML)

/* The References-section detector as a state machine over lines, so the
 * streaming Markdown document can feed it one line at a time and get the
 * very answer mimo_citations_find_references() gives on the whole text. */
/* The invisible line that marks a References section we generated (in a
 * draft), whatever its heading says in the user's language. */
#define MIMO_REFERENCES_MARKER_PREFIX "[//]: # (References made by Mimo Chat"
#define MIMO_REFERENCES_MARKER        MIMO_REFERENCES_MARKER_PREFIX " from the citations above; edits below are replaced.)"

typedef struct
{
  gssize   heading;    /* offset of the candidate heading line, or -1 */
  gssize   atx_before; /* the previous non-blank line, if an ATX heading */
  guint    n_entries;  /* entries seen since the heading */
  gboolean prev_blank; /* the previous line was blank (TRUE at the start) */
  gboolean last_entry; /* the previous non-blank line was an entry */
} MimoRefScan;

void _mimo_ref_scan_init (MimoRefScan *scan);
/* @line is one line without its newline, starting at @offset in the text. */
void _mimo_ref_scan_line (MimoRefScan *scan,
                          const char  *line,
                          gsize        length,
                          gsize        offset);

/* Reads the section that starts at @text (its heading line first): the
 * heading's words (for display) and the sources, one per entry, in the
 * order written (first entry wins on a repeated number). */
GPtrArray *_mimo_references_parse_section (const char *text,
                                           gsize       length,
                                           char      **heading);

/* One entry line of a References list: its number (0 when the line gives
 * none), address and title (each may be NULL). Returns FALSE when the
 * line is not an entry. Pass NULL pointers to only classify. */
gboolean _mimo_references_parse_entry (const char *line,
                                       gsize       length,
                                       guint      *number,
                                       char      **url,
                                       char      **title);

/* Whether the line is an invisible Markdown comment, `[//]: # (…)`;
 * whether it is our marker. */
gboolean _mimo_references_is_comment (const char *line,
                                      gsize       length);
gboolean _mimo_references_is_marker (const char *line,
                                     gsize       length);

/* A citation marker at @pos: "[1]", "[1, 2]" or "[^1]". Sets the end
 * (exclusive), the numbers and the form. */
gboolean _mimo_citation_match_marker (const char       *text,
                                      gsize             length,
                                      gsize             pos,
                                      gsize            *end,
                                      guint            *numbers,
                                      guint            *n_numbers,
                                      gsize            *digits_start,
                                      gsize            *digits_end,
                                      MimoCitationForm *form);

/* Whether a link's text is a citation number: "1", "[1]", "[^1]" (spaces
 * around allowed). Sets the number and where its digits are. */
gboolean _mimo_citation_match_link_text (const char *text,
                                         gsize       length,
                                         guint      *number,
                                         gsize      *digits_start,
                                         gsize      *digits_end);

/* A Markdown inline link `[text](destination "title")` at @pos (which
 * holds '['). Bounded: gives up on very long texts. */
typedef struct
{
  gsize text_start;
  gsize text_end;
  gsize dest_start; /* inside <…> when the destination is bracketed */
  gsize dest_end;
  gsize end; /* after the closing parenthesis */
} MimoMdLink;

gboolean _mimo_md_match_link (const char *text,
                              gsize       length,
                              gsize       pos,
                              MimoMdLink *link);

/* The first http(s) address in @text, trailing punctuation left out. */
gboolean _mimo_url_find (const char *text,
                         gsize       length,
                         gsize      *start,
                         gsize      *end);

/* The line starting at @start: its text ends at *@end, the next line
 * starts at *@next. Like CommonMark (and md4c), a line ends at "\n",
 * "\r\n" or a lone "\r". Returns FALSE when no ending follows yet, or
 * only a final "\r" that a "\n" may still join. */
static inline gboolean
_mimo_next_line (const char *text,
                 gsize       length,
                 gsize       start,
                 gsize      *end,
                 gsize      *next)
{
  for (gsize i = start; i < length; i++)
    if (text[i] == '\n' || text[i] == '\r')
      {
        *end = i;
        if (text[i] == '\r' && i + 1 == length)
          {
            *next = length;
            return FALSE;
          }
        *next = text[i] == '\r' && text[i + 1] == '\n' ? i + 2 : i + 1;
        return TRUE;
      }
  *end = *next = length;
  return FALSE;
}

/* A NUL-terminated copy of exactly @length bytes (NULs inside kept). */
static inline char *
_mimo_copy_bytes (const char *text,
                  gsize       length)
{
  char *copy = g_malloc (length + 1);

  memcpy (copy, text, length);
  copy[length] = '\0';
  return copy;
}

/* Removes Markdown backslash escapes. */
char *_mimo_md_unescape (const char *text,
                         gsize       length);

/* Byte ranges of code (spans and blocks) in Markdown @text, sorted, as
 * md4c sees them; citations there are not citations. */
GArray *_mimo_md_code_ranges (const char *text,
                              gsize       length);

G_END_DECLS
