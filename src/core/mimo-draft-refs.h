/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-refs.h: the draft's single reference list: merging answers in, renumbering, regenerating. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * The draft's form (plain Markdown, readable anywhere):
 *
 *   Growth slowed [[1]](https://www.example.org/report) while …
 *
 *   ## References
 *
 *   [//]: # (References made by Mimo Chat from the citations above; …)
 *   1. [World Economic Outlook](https://www.example.org/report)
 *
 * - A citation is a link whose text is its number, "[[N]](url)" (the
 *   API's own form; "[N](url)" is understood too). The address travels
 *   with the citation, so cutting and pasting text keeps it right.
 * - The section after the invisible marker line is generated: one entry
 *   per distinct source (addresses compared with
 *   mimo_citation_url_normalize()), numbered by first appearance in the
 *   text. Titles are read back from it, so a title the user corrects there
 *   is kept; anything else there is replaced.
 * - Text the user writes is never changed, except the numbers inside
 *   citations. Text typed below the section is moved above it.
 */

/**
 * MimoDraftEdit:
 * @start: first byte of the old text to replace
 * @end: the byte after the last one (equal to @start for an insertion)
 * @char_start: @start in characters (GtkTextBuffer offsets)
 * @char_end: @end in characters
 * @text: what goes there instead
 *
 * One change that turns the old draft into the new one, so an editor can
 * apply it in place and keep the cursor and the undo history.
 */
/* How the invisible marker line begins, for editors that hide it. */
#define MIMO_DRAFT_REFS_MARKER_PREFIX "[//]: # (References made by Mimo Chat"

typedef struct
{
  gsize start;
  gsize end;
  glong char_start;
  glong char_end;
  char *text;
} MimoDraftEdit;

void mimo_draft_edit_free (MimoDraftEdit *edit);

/* Renumbers the citations and regenerates the References section (or
 * drops it when nothing is cited any more): what the editor calls after
 * an edit settles. Returns the new text; @edits (may be NULL) receives
 * the changes in ascending order, none overlapping (a GPtrArray of
 * MimoDraftEdit), empty when the text was already in order. */
char *mimo_draft_refs_update (const char *draft,
                              gssize      length,
                              GPtrArray **edits);

/* Appends an answer to the draft (after everything in it) and merges its
 * sources into the draft's list. @answer is the whole answer, in either
 * API form; @selection, when not NULL, is the part to append (a piece of
 * the answer's Markdown or of its shown text), whose citations resolve
 * against the whole answer's sources. Citations whose address cannot be
 * found are left out; @n_unresolved (may be NULL) says how many. */
char *mimo_draft_refs_append (const char *draft,
                              const char *answer,
                              const char *selection,
                              guint      *n_unresolved);

/* The draft's sources in number order (MimoCitationSource), as
 * mimo_draft_refs_update() would list them. */
GPtrArray *mimo_draft_refs_get_sources (const char *draft);

/* Words in the draft's text, References left out (a CJK character counts
 * as a word). */
guint mimo_draft_refs_count_words (const char *draft);

/* Fuzzing entry point: treats the bytes as a draft and an answer (split
 * at the first NUL), appends, updates, exports, and checks that updating
 * is idempotent, that the edits rebuild the text, and that the HTML is
 * well-formed; aborts on a violation. */
void mimo_draft_refs_fuzz (const guint8 *data,
                           gsize         size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoDraftEdit, mimo_draft_edit_free)

G_END_DECLS
