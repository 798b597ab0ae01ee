/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-refs-append.c: adds an answer, or a piece of it, to a draft with its citations in the draft's form. */

#define G_LOG_DOMAIN "mimo-draft"

#include "config.h"

#include <string.h>

#include "mimo-citations-private.h"
#include "mimo-draft-refs-private.h"

/* The answer's citations in the draft's form, "[[N]](url)"; a marker
 * whose address nobody gave is left out, with the space before it. */
static char *
convert_piece (MimoCitations *piece,
               guint         *n_unresolved)
{
  gsize       length;
  const char *text = mimo_citations_get_body (piece, &length);
  GString    *out = g_string_sized_new (length + 64);
  gsize       copied = 0;
  gsize       last_dropped = G_MAXSIZE;

  for (guint i = 0; i < mimo_citations_get_n_occurrences (piece); i++)
    {
      const MimoCitationOccurrence *occ = mimo_citations_get_occurrence (piece, i);
      gsize                         before;

      g_string_append_len (out, text + copied, occ->start - copied);
      before = out->len;
      for (guint k = 0; k < occ->n_numbers; k++)
        {
          const char *url = occ->form == MIMO_CITATION_FORM_LINK ? occ->url : NULL;

          if (url == NULL)
            {
              const MimoCitationSource *source = mimo_citations_lookup (piece, occ->numbers[k]);

              url = source != NULL ? source->url : NULL;
            }
          if (mimo_citation_url_is_openable (url, FALSE))
            _mimo_draft_append_citation (out, occ->numbers[k], url);
          else
            (*n_unresolved)++;
        }

      if (out->len == before)
        {
          /* "slowly [2], [3]." loses both markers and what joins them. */
          if (last_dropped <= before && strspn (out->str + last_dropped, " ,;") == before - last_dropped)
            g_string_truncate (out, last_dropped);
          else if (before > 0 && out->str[before - 1] == ' ' && (occ->end >= length || !g_ascii_isalnum (text[occ->end])))
            g_string_truncate (out, before - 1);
          last_dropped = out->len;
        }
      copied = occ->end;
    }

  g_string_append_len (out, text + copied, length - copied);
  return g_string_free (out, FALSE);
}

char *
mimo_draft_refs_append (const char *draft,
                        const char *answer,
                        const char *selection,
                        guint      *n_unresolved)
{
  g_autoptr (MimoCitations) whole = NULL;
  g_autoptr (MimoCitations) piece = NULL;
  g_autoptr (GHashTable)    titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree char          *converted = NULL;
  guint                     unresolved = 0;

  g_return_val_if_fail (draft != NULL, NULL);
  g_return_val_if_fail (answer != NULL, NULL);

  whole = mimo_citations_parse (answer, -1);
  if (selection != NULL)
    {
      gsize  length = strlen (selection);
      gssize heading = mimo_citations_find_references (selection, length);

      /* A selection that runs into the References keeps only the text. */
      if (heading >= 0)
        length = _mimo_draft_rtrim_length (selection, heading);
      piece = mimo_citations_parse_piece (selection, length, whole);
    }
  else
    piece = mimo_citations_ref (whole);

  for (guint i = 0; i < mimo_citations_get_n_sources (whole); i++)
    {
      const MimoCitationSource *source = mimo_citations_get_source (whole, i);

      if (source->url != NULL && source->title != NULL)
        {
          char *key = mimo_citation_url_normalize (source->url);

          if (!g_hash_table_contains (titles, key))
            g_hash_table_insert (titles, key, g_strdup (source->title));
          else
            g_free (key);
        }
    }

  converted = convert_piece (piece, &unresolved);
  if (n_unresolved != NULL)
    *n_unresolved = unresolved;

  return _mimo_draft_refs_normalize (draft, strlen (draft), titles, converted, NULL, NULL);
}
