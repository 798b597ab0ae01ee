/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-refs-private.h: the draft's normalizing pass, shared by appending, listing and exporting. */

#pragma once

#include "mimo-draft-refs.h"

G_BEGIN_DECLS

typedef struct
{
  char *key;   /* mimo_citation_url_normalize() of the address */
  char *url;   /* the address as first written */
  char *title; /* or NULL */
  guint number;
} MimoDraftSource;

void _mimo_draft_source_free (MimoDraftSource *source);

/* @length without the whitespace at its end. */
static inline gsize
_mimo_draft_rtrim_length (const char *text,
                          gsize       length)
{
  while (length > 0 && g_ascii_isspace (text[length - 1]))
    length--;
  return length;
}

/* Writes "[[N]](url)" with the address escaped so it reads back the same. */
void _mimo_draft_append_citation (GString    *out,
                                  guint       number,
                                  const char *url);

/* The one pass behind update, append and the source list: renumbers,
 * moves text typed below the section above it, adds @appended (may be
 * NULL) at the end of the text, regenerates the section. @extra_titles
 * (key → title, may be NULL) names sources the draft has no title for. */
char *_mimo_draft_refs_normalize (const char *text,
                                  gsize       length,
                                  GHashTable *extra_titles,
                                  const char *appended,
                                  GPtrArray **edits,
                                  GPtrArray **sources);

G_END_DECLS
