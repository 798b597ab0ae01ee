/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-citations-refs.c: recognizing a References section and reading its entries, line by line. */

#define G_LOG_DOMAIN "mimo-citations"

#include "config.h"

#include <string.h>

#include "mimo-citations-private.h"

/* Link texts and destinations longer than this are not citations or
 * entries; the bound keeps every scan linear. */
#define MAX_LINK_TEXT 1000
#define MAX_LINK_DEST 4096

static const char *const heading_words[] = {
  "references",
  "reference",
  "sources",
  "source",
  "citations",
  "bibliography",
  "参考文献",
  "参考资料",
  "参考来源",
  "来源",
  "引用",
};

static gboolean
is_blank (const char *line,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
      return FALSE;
  return TRUE;
}

static gsize
skip_indent (const char *line,
             gsize       length,
             gsize       max)
{
  gsize i = 0;

  while (i < length && i < max && line[i] == ' ')
    i++;
  return i;
}

static void
trim (const char **text,
      gsize       *length)
{
  while (*length > 0 && g_ascii_isspace ((*text)[0]))
    (*text)++, (*length)--;
  while (*length > 0 && g_ascii_isspace ((*text)[*length - 1]))
    (*length)--;
}

static gboolean
strip_suffix (const char *text,
              gsize      *length,
              const char *suffix)
{
  gsize n = strlen (suffix);

  if (*length >= n && memcmp (text + *length - n, suffix, n) == 0)
    {
      *length -= n;
      return TRUE;
    }
  return FALSE;
}

static gboolean
strip_pair (const char **text,
            gsize       *length,
            const char  *open,
            const char  *close)
{
  gsize o = strlen (open);
  gsize c = strlen (close);

  if (*length >= o + c + 1 && memcmp (*text, open, o) == 0 && memcmp (*text + *length - c, close, c) == 0)
    {
      *text += o;
      *length -= o + c;
      return TRUE;
    }
  return FALSE;
}

/* The words of a heading line, without "#", emphasis and a final colon;
 * %NULL when the line cannot be a heading. Non-ATX headings need a blank
 * line before them, as a paragraph of their own. */
static gboolean
heading_content (const char  *line,
                 gsize        length,
                 gboolean     prev_blank,
                 const char **content,
                 gsize       *content_length)
{
  gsize       p = skip_indent (line, length, 3);
  const char *s = line + p;
  gsize       n = length - p;

  trim (&s, &n);
  if (n > 0 && s[0] == '#')
    {
      gsize h = 0;

      while (h < n && s[h] == '#')
        h++;
      if (h > 6 || (h < n && s[h] != ' ' && s[h] != '\t'))
        return FALSE;
      s += h, n -= h;
      trim (&s, &n);
      while (n > 0 && s[n - 1] == '#')
        n--;
      trim (&s, &n);
    }
  else if (!prev_blank)
    return FALSE;

  for (guint round = 0; round < 3; round++)
    {
      trim (&s, &n);
      if (!strip_suffix (s, &n, ":"))
        strip_suffix (s, &n, "：");
      trim (&s, &n);
      if (!strip_pair (&s, &n, "**", "**") && !strip_pair (&s, &n, "__", "__") && !strip_pair (&s, &n, "*", "*"))
        strip_pair (&s, &n, "_", "_");
    }

  *content = s;
  *content_length = n;
  return n > 0;
}

static gboolean
is_references_heading (const char *line,
                       gsize       length,
                       gboolean    prev_blank)
{
  const char *s;
  gsize       n;

  if (length > 80 || !heading_content (line, length, prev_blank, &s, &n))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (heading_words); i++)
    if (strlen (heading_words[i]) == n && g_ascii_strncasecmp (s, heading_words[i], n) == 0)
      return TRUE;

  return FALSE;
}

gboolean
_mimo_references_is_comment (const char *line,
                             gsize       length)
{
  gsize p = skip_indent (line, length, 3);

  return length - p >= 5 && memcmp (line + p, "[//]:", 5) == 0;
}

gboolean
_mimo_references_is_marker (const char *line,
                            gsize       length)
{
  gsize p = skip_indent (line, length, 3);
  gsize n = strlen (MIMO_REFERENCES_MARKER_PREFIX);

  return length - p >= n && memcmp (line + p, MIMO_REFERENCES_MARKER_PREFIX, n) == 0;
}

static gboolean
is_atx_heading (const char *line,
                gsize       length)
{
  gsize p = skip_indent (line, length, 3);
  gsize h = 0;

  while (p + h < length && line[p + h] == '#')
    h++;
  return h >= 1 && h <= 6 && (p + h == length || line[p + h] == ' ' || line[p + h] == '\t');
}

static gboolean
parse_number (const char *text,
              gsize       length,
              gsize      *pos,
              guint      *number)
{
  gsize i = *pos;
  guint value = 0;

  while (i < length && g_ascii_isdigit (text[i]) && i - *pos < 3)
    value = value * 10 + (text[i++] - '0');

  if (i == *pos || (i < length && g_ascii_isdigit (text[i])) || value < 1 || value > MIMO_CITATION_MAX_NUMBER)
    return FALSE;

  *pos = i;
  *number = value;
  return TRUE;
}

gboolean
_mimo_citation_match_marker (const char       *text,
                             gsize             length,
                             gsize             pos,
                             gsize            *end,
                             guint            *numbers,
                             guint            *n_numbers,
                             gsize            *digits_start,
                             gsize            *digits_end,
                             MimoCitationForm *form)
{
  gsize    i = pos + 1;
  gboolean footnote = FALSE;

  if (pos >= length || text[pos] != '[')
    return FALSE;

  if (i < length && text[i] == '^')
    footnote = TRUE, i++;

  *digits_start = i;
  *n_numbers = 0;
  if (!parse_number (text, length, &i, &numbers[0]))
    return FALSE;
  *digits_end = i;
  *n_numbers = 1;

  while (!footnote)
    {
      gsize j = i;

      while (j < length && text[j] == ' ')
        j++;
      if (j >= length || text[j] != ',')
        break;
      j++;
      while (j < length && text[j] == ' ')
        j++;
      if (*n_numbers >= MIMO_CITATION_MAX_NUMBERS || !parse_number (text, length, &j, &numbers[*n_numbers]))
        return FALSE;
      (*n_numbers)++;
      i = j;
    }

  if (i >= length || text[i] != ']')
    return FALSE;

  *end = i + 1;
  *form = footnote ? MIMO_CITATION_FORM_FOOTNOTE : MIMO_CITATION_FORM_MARKER;
  return TRUE;
}

gboolean
_mimo_citation_match_link_text (const char *text,
                                gsize       length,
                                guint      *number,
                                gsize      *digits_start,
                                gsize      *digits_end)
{
  gsize    i = 0;
  gsize    last = length;
  gboolean bracketed = FALSE;

  while (i < last && text[i] == ' ')
    i++;
  while (last > i && text[last - 1] == ' ')
    last--;

  if (i < last && text[i] == '[')
    {
      if (text[last - 1] != ']')
        return FALSE;
      bracketed = TRUE;
      i++, last--;
    }
  if (bracketed && i < last && text[i] == '^')
    i++;

  *digits_start = i;
  if (!parse_number (text, last, &i, number) || i != last)
    return FALSE;
  *digits_end = i;
  return TRUE;
}

gboolean
_mimo_md_match_link (const char *text,
                     gsize       length,
                     gsize       pos,
                     MimoMdLink *link)
{
  gsize i = pos + 1;
  gsize limit = MIN (length, pos + 1 + MAX_LINK_TEXT);
  int   depth = 0;
  int   parens = 0;

  if (pos >= length || text[pos] != '[')
    return FALSE;

  for (; i < limit; i++)
    {
      if (text[i] == '\\')
        i++;
      else if (text[i] == '\n' && i + 1 < length && (text[i + 1] == '\n' || text[i + 1] == '\r'))
        return FALSE;
      else if (text[i] == '[')
        depth++;
      else if (text[i] == ']' && depth-- == 0)
        break;
    }
  if (i >= limit || text[i] != ']')
    return FALSE;

  link->text_start = pos + 1;
  link->text_end = i;
  i++;
  if (i >= length || text[i] != '(')
    return FALSE;
  i++;
  while (i < length && (text[i] == ' ' || text[i] == '\t'))
    i++;

  limit = MIN (length, i + MAX_LINK_DEST);
  if (i < length && text[i] == '<')
    {
      /* No line ending inside, and no unescaped < or > (CommonMark: a
       * backslash escapes punctuation, as in the bare form below). */
      link->dest_start = ++i;
      for (; i < limit && text[i] != '>' && text[i] != '\n' && text[i] != '\r' && text[i] != '<'; i++)
        if (text[i] == '\\' && i + 1 < limit && g_ascii_ispunct (text[i + 1]))
          i++;
      if (i >= limit || text[i] != '>')
        return FALSE;
      link->dest_end = i++;
    }
  else
    {
      link->dest_start = i;
      for (; i < limit && !g_ascii_isspace (text[i]) && !g_ascii_iscntrl (text[i]); i++)
        {
          /* An escape is a backslash before punctuation; before a line
           * ending it is a line break, which ends the address. */
          if (text[i] == '\\' && i + 1 < limit && g_ascii_ispunct (text[i + 1]))
            i++;
          else if (text[i] == '(')
            parens++;
          else if (text[i] == ')' && parens-- == 0)
            break;
        }
      link->dest_end = i;
    }

  while (i < length && (text[i] == ' ' || text[i] == '\t'))
    i++;
  if (i < length && (text[i] == '"' || text[i] == '\'' || text[i] == '('))
    {
      char close = text[i] == '(' ? ')' : text[i];

      for (i++; i < limit && text[i] != close; i++)
        if (text[i] == '\\')
          i++;
      if (i >= limit)
        return FALSE;
      i++;
      while (i < length && (text[i] == ' ' || text[i] == '\t'))
        i++;
    }

  if (i >= length || text[i] != ')')
    return FALSE;

  link->end = i + 1;
  return TRUE;
}

char *
_mimo_md_unescape (const char *text,
                   gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '\\' && i + 1 < length && g_ascii_ispunct (text[i + 1]))
        i++;
      g_string_append_c (out, text[i]);
    }

  return g_string_free (out, FALSE);
}

static const char *const separators[] = { "-", "–", "—", ":", "|", ",", ";", "·", "•", "()", "<>" };
static const char *const quote_pairs[][2] = { { "\"", "\"" }, { "“", "”" }, { "'", "'" }, { "«", "»" }, { "**", "**" }, { "__", "__" }, { "*", "*" }, { "_", "_" } };

/* A title as people want to read it: no separators, quotes or emphasis
 * left around it, escapes removed; %NULL when nothing is left. */
static char *
clean_title (const char *text,
             gsize       length)
{
  g_autofree char *plain = _mimo_md_unescape (text, length);
  const char      *s = plain;
  gsize            n = strlen (plain);
  gboolean         changed = TRUE;

  while (changed)
    {
      changed = FALSE;
      trim (&s, &n);
      for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
        {
          gsize k = strlen (separators[i]);

          if (n >= k && memcmp (s, separators[i], k) == 0)
            s += k, n -= k, changed = TRUE;
          if (strip_suffix (s, &n, separators[i]))
            changed = TRUE;
        }
      for (guint i = 0; i < G_N_ELEMENTS (quote_pairs); i++)
        if (strip_pair (&s, &n, quote_pairs[i][0], quote_pairs[i][1]))
          changed = TRUE;
    }

  return n > 0 ? g_strndup (s, n) : NULL;
}

static gboolean
is_web_dest (const char *text,
             gsize       length)
{
  return (length > 7 && g_ascii_strncasecmp (text, "http://", 7) == 0) || (length > 8 && g_ascii_strncasecmp (text, "https://", 8) == 0);
}

/* The address and title in what follows an entry's number. */
static gboolean
read_entry_rest (const char *rest,
                 gsize       length,
                 char      **url,
                 char      **title)
{
  gsize us, ue;

  for (gsize i = 0; i < length; i++)
    {
      MimoMdLink link;

      if (rest[i] == '[' && _mimo_md_match_link (rest, length, i, &link) && is_web_dest (rest + link.dest_start, link.dest_end - link.dest_start))
        {
          if (url != NULL)
            *url = g_strndup (rest + link.dest_start, link.dest_end - link.dest_start);
          if (title != NULL)
            *title = clean_title (rest + link.text_start, link.text_end - link.text_start);
          return TRUE;
        }
    }

  if (_mimo_url_find (rest, length, &us, &ue))
    {
      if (url != NULL)
        *url = g_strndup (rest + us, ue - us);
      if (title != NULL)
        {
          g_autoptr (GString) without = NULL;
          gboolean            only_punctuation = TRUE;

          /* "<https://…>" and "(https://…)" go as a whole. */
          if (us > 0 && ue < length && ((rest[us - 1] == '<' && rest[ue] == '>') || (rest[us - 1] == '(' && rest[ue] == ')')))
            us--, ue++;
          without = g_string_new_len (rest, us);

          /* "Title, https://…." leaves the sentence's end behind. */
          for (gsize i = ue; i < length && only_punctuation; i++)
            only_punctuation = g_ascii_ispunct (rest[i]) || g_ascii_isspace (rest[i]);
          if (!only_punctuation)
            g_string_append_len (without, rest + ue, length - ue);
          *title = clean_title (without->str, without->len);
        }
      return TRUE;
    }

  if (title != NULL)
    *title = clean_title (rest, length);
  return FALSE;
}

gboolean
_mimo_references_parse_entry (const char *line,
                              gsize       length,
                              guint      *number,
                              char      **url,
                              char      **title)
{
  gsize       p = skip_indent (line, length, 3);
  const char *s = line + p;
  gsize       n = length - p;
  gsize       rest = 0;
  guint       value = 0;
  gboolean    needs_url = FALSE;
  MimoMdLink  link;

  if (url != NULL)
    *url = NULL;
  if (title != NULL)
    *title = NULL;

  while (n > 0 && g_ascii_isspace (s[n - 1]))
    n--;
  if (n == 0)
    return FALSE;

  if (s[0] == '[')
    {
      gsize i = 1;

      if (n > 1 && s[1] == '^')
        i++;
      if (parse_number (s, n, &i, &value) && i < n && s[i] == ']')
        {
          rest = i + 1;
          if (rest < n && s[rest] == ':')
            rest++;
        }
      else if (_mimo_md_match_link (s, n, 0, &link) && is_web_dest (s + link.dest_start, link.dest_end - link.dest_start))
        needs_url = TRUE; /* a line that is just "[Title](https://…)" */
      else
        return FALSE;
    }
  else if (g_ascii_isdigit (s[0]))
    {
      gsize i = 0;

      if (!parse_number (s, n, &i, &value) || i >= n || (s[i] != '.' && s[i] != ')'))
        return FALSE;
      rest = i + 1;
      if (rest < n && s[rest] != ' ' && s[rest] != '\t')
        return FALSE;
    }
  else if (s[0] == '-' || s[0] == '*' || s[0] == '+')
    {
      if (n > 1 && s[1] != ' ' && s[1] != '\t')
        return FALSE;
      rest = 1;
    }
  else if (is_web_dest (s, n) || (s[0] == '<' && is_web_dest (s + 1, n - 1)))
    needs_url = TRUE;
  else
    return FALSE;

  if (number != NULL)
    *number = value;

  if (!read_entry_rest (s + rest, n - rest, url, title) && needs_url)
    {
      if (title != NULL)
        g_clear_pointer (title, g_free);
      return FALSE;
    }

  return TRUE;
}

void
_mimo_ref_scan_init (MimoRefScan *scan)
{
  scan->heading = -1;
  scan->atx_before = -1;
  scan->n_entries = 0;
  scan->prev_blank = TRUE;
  scan->last_entry = FALSE;
}

void
_mimo_ref_scan_line (MimoRefScan *scan,
                     const char  *line,
                     gsize        length,
                     gsize        offset)
{
  gboolean blank = is_blank (line, length) || _mimo_references_is_comment (line, length);

  if (scan->heading < 0 && _mimo_references_is_marker (line, length))
    {
      /* Our own section: its heading is whatever ATX heading precedes it. */
      scan->heading = scan->atx_before >= 0 ? scan->atx_before : (gssize) offset;
      scan->n_entries = 0;
      scan->last_entry = FALSE;
    }
  else if (scan->heading < 0)
    {
      if (!blank && is_references_heading (line, length, scan->prev_blank))
        {
          scan->heading = offset;
          scan->n_entries = 0;
          scan->last_entry = FALSE;
        }
    }
  else if (blank)
    ;
  else if (_mimo_references_parse_entry (line, length, NULL, NULL, NULL))
    {
      scan->n_entries++;
      scan->last_entry = TRUE;
    }
  else if (scan->last_entry && length > 1 && (line[0] == '\t' || (line[0] == ' ' && line[1] == ' ')))
    ; /* an entry's second line */
  else if (is_references_heading (line, length, scan->prev_blank))
    scan->last_entry = FALSE; /* a sub-heading inside the list */
  else
    scan->heading = -1;

  if (!blank)
    scan->atx_before = is_atx_heading (line, length) ? (gssize) offset : -1;
  scan->prev_blank = blank;
}

gssize
mimo_citations_find_references (const char *text,
                                gssize      length)
{
  MimoRefScan scan;
  gsize       len;
  gsize       start = 0;

  g_return_val_if_fail (text != NULL || length == 0, -1);

  len = length < 0 ? strlen (text) : (gsize) length;
  _mimo_ref_scan_init (&scan);

  while (start < len)
    {
      gsize end, next;

      _mimo_next_line (text, len, start, &end, &next);
      _mimo_ref_scan_line (&scan, text + start, end - start, start);
      start = next;
    }

  return scan.heading;
}

GPtrArray *
_mimo_references_parse_section (const char *text,
                                gsize       length,
                                char      **heading)
{
  GPtrArray             *sources = g_ptr_array_new_with_free_func ((GDestroyNotify) mimo_citation_source_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  gsize                  start = 0;
  guint                  next = 1;
  gboolean               first = TRUE;

  if (heading != NULL)
    *heading = NULL;

  while (start < length)
    {
      gsize            end, line_next;
      const char      *line = text + start;
      gsize            line_length;
      guint            number = 0;
      g_autofree char *url = NULL;
      g_autofree char *title = NULL;

      _mimo_next_line (text, length, start, &end, &line_next);
      line_length = end - start;
      start = line_next;
      if (first)
        {
          const char *words;
          gsize       n;

          first = FALSE;
          if (!_mimo_references_is_comment (line, line_length))
            {
              if (heading != NULL && heading_content (line, line_length, TRUE, &words, &n))
                *heading = g_strndup (words, n);
              continue;
            }
        }

      if (_mimo_references_is_comment (line, line_length) || !_mimo_references_parse_entry (line, line_length, &number, &url, &title))
        continue;

      if (number == 0)
        number = MIN (next, MIMO_CITATION_MAX_NUMBER);
      next = number + 1;
      if (g_hash_table_contains (seen, GUINT_TO_POINTER (number)))
        continue;
      g_hash_table_add (seen, GUINT_TO_POINTER (number));
      g_ptr_array_add (sources, mimo_citation_source_new (number, url, title));
    }

  return sources;
}
