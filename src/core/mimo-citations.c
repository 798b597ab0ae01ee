/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-citations.c: finds the citations of an answer and resolves them against its sources. */

#define G_LOG_DOMAIN "mimo-citations"

#include "config.h"

#include <md4c.h>
#include <string.h>

#include "mimo-citations-private.h"

struct _MimoCitations
{
  char      *body;
  gsize      body_length;
  gboolean   has_references;
  GPtrArray *sources;     /* MimoCitationSource, sorted by number */
  GArray    *occurrences; /* MimoCitationOccurrence */
  GPtrArray *strings;     /* addresses the occurrences point to */
};

G_DEFINE_BOXED_TYPE (MimoCitationSource, mimo_citation_source, mimo_citation_source_copy, mimo_citation_source_free)
G_DEFINE_BOXED_TYPE (MimoCitations, mimo_citations, mimo_citations_ref, mimo_citations_unref)

MimoCitationSource *
mimo_citation_source_new (guint       number,
                          const char *url,
                          const char *title)
{
  MimoCitationSource *self = g_new0 (MimoCitationSource, 1);

  self->number = number;
  self->url = g_strdup (url);
  self->title = g_strdup (title);
  self->domain = mimo_citation_url_display_domain (url);

  return self;
}

MimoCitationSource *
mimo_citation_source_copy (const MimoCitationSource *self)
{
  MimoCitationSource *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (MimoCitationSource, 1);
  copy->number = self->number;
  copy->url = g_strdup (self->url);
  copy->title = g_strdup (self->title);
  copy->domain = g_strdup (self->domain);
  return copy;
}

void
mimo_citation_source_free (MimoCitationSource *self)
{
  if (self == NULL)
    return;

  g_free (self->url);
  g_free (self->title);
  g_free (self->domain);
  g_free (self);
}

gboolean
mimo_citation_source_equal (const MimoCitationSource *a,
                            const MimoCitationSource *b)
{
  return a->number == b->number && g_strcmp0 (a->url, b->url) == 0 && g_strcmp0 (a->title, b->title) == 0 && g_strcmp0 (a->domain, b->domain) == 0;
}

typedef struct
{
  const char *text;
  gsize       length;
  GArray     *ranges;
} CodeRanges;

static int
code_text_cb (MD_TEXTTYPE    type,
              const MD_CHAR *text,
              MD_SIZE        size,
              void          *user_data)
{
  CodeRanges *code = user_data;
  gsize       start;
  gsize       end;

  if (type != MD_TEXT_CODE && type != MD_TEXT_HTML && type != MD_TEXT_LATEXMATH)
    return 0;
  /* Newlines and indentation come from md4c's own static strings. */
  if (text < code->text || text + size > code->text + code->length)
    return 0;

  start = text - code->text;
  end = start + size;
  if (code->ranges->len > 0)
    {
      gsize *last = &g_array_index (code->ranges, gsize, code->ranges->len - 1);

      if (start <= *last)
        {
          *last = MAX (*last, end);
          return 0;
        }
    }
  g_array_append_val (code->ranges, start);
  g_array_append_val (code->ranges, end);
  return 0;
}

static int
ignore_block_cb (MD_BLOCKTYPE type,
                 void        *detail,
                 void        *user_data)
{
  return 0;
}

static int
ignore_span_cb (MD_SPANTYPE type,
                void       *detail,
                void       *user_data)
{
  return 0;
}

GArray *
_mimo_md_code_ranges (const char *text,
                      gsize       length)
{
  CodeRanges code = { text, length, g_array_new (FALSE, FALSE, sizeof (gsize)) };
  MD_PARSER  parser = {
     0,
     MIMO_MARKDOWN_MD4C_FLAGS,
     ignore_block_cb,
     ignore_block_cb,
     ignore_span_cb,
     ignore_span_cb,
     code_text_cb,
     NULL,
     NULL,
  };

  if (length > 0)
    md_parse (text, length, &parser, &code);

  return code.ranges;
}

static gboolean
starts_web_address (const char *text,
                    gsize       length,
                    gsize       i)
{
  if (i > 0 && (g_ascii_isalnum (text[i - 1]) || text[i - 1] == '/'))
    return FALSE;
  return (length - i > 7 && g_ascii_strncasecmp (text + i, "http://", 7) == 0) || (length - i > 8 && g_ascii_strncasecmp (text + i, "https://", 8) == 0) || (length - i > 4 && g_ascii_strncasecmp (text + i, "www.", 4) == 0);
}

/* Appends the citations in @text to @found, resolving markers against
 * @resolve (may be NULL); link addresses are kept in @strings. */
static void
scan (const char    *text,
      gsize          len,
      MimoCitations *resolve,
      GArray        *found,
      GPtrArray     *strings)
{
  g_autoptr (GArray) code = _mimo_md_code_ranges (text, len);
  gsize              i = 0;
  guint              next_code = 0;
  gsize              prev_end = G_MAXSIZE;

  while (i < len)
    {
      MimoCitationOccurrence occ = { 0 };
      MimoMdLink             link;

      while (next_code < code->len && g_array_index (code, gsize, next_code + 1) <= i)
        next_code += 2;
      if (next_code < code->len && g_array_index (code, gsize, next_code) <= i)
        {
          i = g_array_index (code, gsize, next_code + 1);
          continue;
        }

      if (text[i] == '\\')
        {
          i += 2;
          continue;
        }

      if (text[i] == '<' && i + 1 < len && starts_web_address (text, len, i + 1))
        {
          const char *close = memchr (text + i, '>', len - i);

          i = close != NULL ? (gsize) (close - text) + 1 : i + 1;
          continue;
        }

      if (starts_web_address (text, len, i))
        {
          while (i < len && !g_ascii_isspace (text[i]) && strchr ("<>\"", text[i]) == NULL)
            i++;
          continue;
        }

      if (text[i] == '!' && i + 1 < len && text[i + 1] == '[')
        {
          i = _mimo_md_match_link (text, len, i + 1, &link) ? link.end : i + 2;
          continue;
        }

      if (text[i] != '[')
        {
          i++;
          continue;
        }

      if (_mimo_md_match_link (text, len, i, &link))
        {
          guint number;
          gsize ds, de;

          if (_mimo_citation_match_link_text (text + link.text_start, link.text_end - link.text_start, &number, &ds, &de))
            {
              g_autofree char *dest = g_strndup (text + link.dest_start, link.dest_end - link.dest_start);
              char            *url = _mimo_md_unescape (dest, strlen (dest));

              occ.start = i;
              occ.end = link.end;
              occ.number_start = link.text_start + ds;
              occ.number_end = link.text_start + de;
              occ.form = MIMO_CITATION_FORM_LINK;
              occ.n_numbers = 1;
              occ.numbers[0] = number;
              if (mimo_citation_url_is_openable (url, FALSE))
                {
                  g_ptr_array_add (strings, url);
                  occ.url = url;
                }
              else
                g_free (url);
              g_array_append_val (found, occ);
              prev_end = link.end;
            }
          /* Another link: its address is no place for citations. */
          i = link.end;
          continue;
        }

      /* "[text][1]" is a reference link, but "[1][2]" two citations; a
       * line starting "[1]: …" defines a link. */
      if ((i == 0 || text[i - 1] != ']' || prev_end == i) && _mimo_citation_match_marker (text, len, i, &occ.end, occ.numbers, &occ.n_numbers, &occ.number_start, &occ.number_end, &occ.form) && !(occ.end < len && text[occ.end] == '(') && !(occ.end < len && text[occ.end] == ':' && (i == 0 || text[i - 1] == '\n')))
        {
          occ.start = i;
          if (occ.n_numbers == 1 && resolve != NULL)
            {
              const MimoCitationSource *source = mimo_citations_lookup (resolve, occ.numbers[0]);

              if (source != NULL)
                occ.url = source->url;
            }
          g_array_append_val (found, occ);
          prev_end = i = occ.end;
          continue;
        }

      i++;
    }
}

static int
compare_sources (gconstpointer a,
                 gconstpointer b)
{
  const MimoCitationSource *sa = *(MimoCitationSource **) a;
  const MimoCitationSource *sb = *(MimoCitationSource **) b;

  return sa->number < sb->number ? -1 : sa->number > sb->number;
}

static MimoCitations *
citations_new (const char *body,
               gsize       length)
{
  MimoCitations *self = g_atomic_rc_box_new0 (MimoCitations);

  self->body = _mimo_copy_bytes (body, length);
  self->body_length = length;
  self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) mimo_citation_source_free);
  self->occurrences = g_array_new (FALSE, TRUE, sizeof (MimoCitationOccurrence));
  self->strings = g_ptr_array_new_with_free_func (g_free);
  return self;
}

MimoCitations *
mimo_citations_parse (const char *text,
                      gssize      length)
{
  MimoCitations        *self;
  gsize                 len;
  gssize                heading;
  gsize                 body_length;
  g_autoptr (GPtrArray) sources = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (text == NULL)
    text = "";
  len = length < 0 ? strlen (text) : (gsize) length;
  heading = mimo_citations_find_references (text, len);
  body_length = heading >= 0 ? (gsize) heading : len;
  if (heading >= 0)
    while (body_length > 0 && g_ascii_isspace (text[body_length - 1]))
      body_length--;

  self = citations_new (text, body_length);
  self->has_references = heading >= 0;
  if (heading >= 0)
    {
      sources = _mimo_references_parse_section (text + heading, len - heading, NULL);
      g_ptr_array_extend_and_steal (self->sources, g_steal_pointer (&sources));
    }

  scan (self->body, self->body_length, NULL, self->occurrences, self->strings);

  /* A link citation names its address even when the list does not. */
  for (guint i = 0; i < self->occurrences->len; i++)
    {
      const MimoCitationOccurrence *occ = &g_array_index (self->occurrences, MimoCitationOccurrence, i);
      MimoCitationSource           *source = (MimoCitationSource *) mimo_citations_lookup (self, occ->numbers[0]);

      if (occ->form != MIMO_CITATION_FORM_LINK || occ->url == NULL)
        continue;
      if (source == NULL)
        g_ptr_array_add (self->sources, mimo_citation_source_new (occ->numbers[0], occ->url, NULL));
      else if (source->url == NULL)
        {
          source->url = g_strdup (occ->url);
          source->domain = mimo_citation_url_display_domain (occ->url);
        }
      g_ptr_array_sort (self->sources, compare_sources);
    }
  g_ptr_array_sort (self->sources, compare_sources);

  for (guint i = 0; i < self->occurrences->len; i++)
    {
      MimoCitationOccurrence *occ = &g_array_index (self->occurrences, MimoCitationOccurrence, i);

      if (occ->url == NULL && occ->n_numbers == 1)
        {
          const MimoCitationSource *source = mimo_citations_lookup (self, occ->numbers[0]);

          if (source != NULL)
            occ->url = source->url;
        }
    }

  return self;
}

MimoCitations *
mimo_citations_parse_piece (const char    *text,
                            gssize         length,
                            MimoCitations *sources)
{
  MimoCitations *self;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  if (text == NULL)
    text = "";
  self = citations_new (text, length < 0 ? strlen (text) : (gsize) length);
  if (sources != NULL)
    for (guint i = 0; i < sources->sources->len; i++)
      g_ptr_array_add (self->sources, mimo_citation_source_copy (g_ptr_array_index (sources->sources, i)));

  scan (self->body, self->body_length, self, self->occurrences, self->strings);
  return self;
}

MimoCitations *
mimo_citations_ref (MimoCitations *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
citations_clear (MimoCitations *self)
{
  g_free (self->body);
  g_ptr_array_unref (self->sources);
  g_array_unref (self->occurrences);
  g_ptr_array_unref (self->strings);
}

void
mimo_citations_unref (MimoCitations *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) citations_clear);
}

const char *
mimo_citations_get_body (MimoCitations *self,
                         gsize         *length)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (length != NULL)
    *length = self->body_length;
  return self->body;
}

gboolean
mimo_citations_has_references (MimoCitations *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->has_references;
}

guint
mimo_citations_get_n_sources (MimoCitations *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->sources->len;
}

const MimoCitationSource *
mimo_citations_get_source (MimoCitations *self,
                           guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->sources->len, NULL);

  return g_ptr_array_index (self->sources, index);
}

const MimoCitationSource *
mimo_citations_lookup (MimoCitations *self,
                       guint          number)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->sources->len; i++)
    {
      const MimoCitationSource *source = g_ptr_array_index (self->sources, i);

      if (source->number == number)
        return source;
    }
  return NULL;
}

guint
mimo_citations_get_n_occurrences (MimoCitations *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->occurrences->len;
}

const MimoCitationOccurrence *
mimo_citations_get_occurrence (MimoCitations *self,
                               guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->occurrences->len, NULL);

  return &g_array_index (self->occurrences, MimoCitationOccurrence, index);
}

void
mimo_citations_fuzz (const guint8 *data,
                     gsize         size)
{
  g_autoptr (MimoCitations) citations = mimo_citations_parse ((const char *) data, size);
  g_autoptr (MimoCitations) piece = NULL;
  gsize                     body_length;
  const char               *body = mimo_citations_get_body (citations, &body_length);
  gsize                     prev_end = 0;
  gssize                    heading = mimo_citations_find_references ((const char *) data, size);

  g_assert (body_length <= size);
  g_assert (memcmp (body, data, body_length) == 0);
  g_assert (mimo_citations_has_references (citations) == (heading >= 0));
  g_assert (heading < 0 || (gsize) heading >= body_length);

  for (guint i = 0; i < mimo_citations_get_n_sources (citations); i++)
    {
      const MimoCitationSource *source = mimo_citations_get_source (citations, i);

      g_assert (source->number >= 1 && source->number <= MIMO_CITATION_MAX_NUMBER);
      g_assert (i == 0 || mimo_citations_get_source (citations, i - 1)->number < source->number);
      if (source->url != NULL)
        g_assert (g_utf8_validate (source->url, -1, NULL) || !g_utf8_validate ((const char *) data, size, NULL));
      g_free (mimo_citation_url_normalize (source->url != NULL ? source->url : ""));
    }

  for (guint i = 0; i < mimo_citations_get_n_occurrences (citations); i++)
    {
      const MimoCitationOccurrence *occ = mimo_citations_get_occurrence (citations, i);

      g_assert (occ->start >= prev_end && occ->start < occ->end && occ->end <= body_length);
      g_assert (occ->number_start > occ->start && occ->number_start < occ->number_end && occ->number_end < occ->end);
      g_assert (occ->n_numbers >= 1 && occ->n_numbers <= MIMO_CITATION_MAX_NUMBERS);
      for (guint k = 0; k < occ->n_numbers; k++)
        g_assert (occ->numbers[k] >= 1 && occ->numbers[k] <= MIMO_CITATION_MAX_NUMBER);
      prev_end = occ->end;
    }

  /* The same bytes as a piece resolved against the answer's sources. */
  piece = mimo_citations_parse_piece ((const char *) data, size, citations);
  g_assert (mimo_citations_get_n_sources (piece) == mimo_citations_get_n_sources (citations));
}
