/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-refs.c: keeps one numbered reference list for a draft built from many answers. */

#define G_LOG_DOMAIN "mimo-draft"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mimo-citations-private.h"
#include "mimo-draft-refs-private.h"

/* The public prefix is the one the citations parser looks for. */
G_STATIC_ASSERT (sizeof (MIMO_DRAFT_REFS_MARKER_PREFIX) == sizeof (MIMO_REFERENCES_MARKER_PREFIX));

typedef struct
{
  guint number;
  char *key;
} Entry;

/* Where the generated section is in a draft, and what it says now. */
typedef struct
{
  gboolean    has_section;
  gboolean    has_heading;
  gsize       section_start; /* its heading line, else the marker line */
  gsize       section_end;   /* after its last entry line */
  GArray     *entries;       /* Entry, as written */
  GHashTable *titles;        /* key → title, as written */
} Layout;

static void
clear_entry (gpointer data)
{
  g_free (((Entry *) data)->key);
}

void
_mimo_draft_source_free (MimoDraftSource *source)
{
  g_free (source->key);
  g_free (source->url);
  g_free (source->title);
  g_free (source);
}

void
mimo_draft_edit_free (MimoDraftEdit *edit)
{
  if (edit == NULL)
    return;
  g_free (edit->text);
  g_free (edit);
}

static gboolean
is_blank (const char *text,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isspace (text[i]))
      return FALSE;
  return TRUE;
}

/* "N. [Title](url)" or "N. <url>", the whole line: exactly what we write. */
static gboolean
parse_generated_entry (const char *line,
                       gsize       length,
                       guint      *number,
                       char      **url,
                       char      **title)
{
  gsize      i = 0;
  guint      value = 0;
  MimoMdLink link;

  length = _mimo_draft_rtrim_length (line, length);
  while (i < length && i < 3 && line[i] == ' ')
    i++;
  if (i >= length || !g_ascii_isdigit (line[i]))
    return FALSE;
  while (i < length && g_ascii_isdigit (line[i]) && value < 100000)
    value = value * 10 + (line[i++] - '0');
  if (value == 0 || length - i < 3 || line[i] != '.' || line[i + 1] != ' ')
    return FALSE;
  i += 2;

  if (line[i] == '<' && line[length - 1] == '>' && length - i > 2)
    {
      *url = _mimo_md_unescape (line + i + 1, length - i - 2);
      *title = NULL;
    }
  else if (line[i] == '[' && _mimo_md_match_link (line, length, i, &link) && link.end == length)
    {
      g_autofree char *text = _mimo_md_unescape (line + link.text_start, link.text_end - link.text_start);

      *url = _mimo_md_unescape (line + link.dest_start, link.dest_end - link.dest_start);
      *title = *g_strstrip (text) != '\0' ? g_strdup (text) : NULL;
    }
  else
    return FALSE;

  *number = value;
  return TRUE;
}

static void
layout_clear (Layout *layout)
{
  g_clear_pointer (&layout->entries, g_array_unref);
  g_clear_pointer (&layout->titles, g_hash_table_unref);
}

typedef struct
{
  gsize start;
  gsize end;  /* before the line ending */
  gsize next; /* after it */
} Line;

static void
find_layout (const char *text,
             gsize       length,
             Layout     *layout)
{
  g_autoptr (GArray) lines = g_array_new (FALSE, FALSE, sizeof (Line));
  gssize             marker = -1;
  guint              last = 0;
  gboolean           gap = FALSE;

  layout->has_section = FALSE;
  layout->has_heading = FALSE;
  layout->section_start = layout->section_end = length;
  layout->entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_array_set_clear_func (layout->entries, clear_entry);
  layout->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (gsize start = 0; start < length;)
    {
      Line line = { start };

      _mimo_next_line (text, length, start, &line.end, &line.next);
      if (_mimo_references_is_marker (text + start, line.end - start))
        marker = lines->len;
      g_array_append_val (lines, line);
      start = line.next;
    }
  if (marker < 0)
    return;

  layout->has_section = TRUE;
  layout->section_start = g_array_index (lines, Line, marker).start;
  layout->section_end = g_array_index (lines, Line, marker).next;

  /* Its heading: the ATX heading just above it, blank lines apart. */
  for (guint i = marker; i-- > 0;)
    {
      const Line *line = &g_array_index (lines, Line, i);

      if (is_blank (text + line->start, line->end - line->start))
        continue;
      if (text[line->start] == '#')
        {
          layout->section_start = line->start;
          layout->has_heading = TRUE;
        }
      break;
    }

  /* Its entries: contiguous after the marker; across blank lines only
   * when the numbering goes on, so a list the user starts below stays
   * theirs. */
  for (guint i = marker + 1; i < lines->len; i++)
    {
      const Line *line = &g_array_index (lines, Line, i);
      guint       number;
      char       *url = NULL;
      char       *title = NULL;

      if (is_blank (text + line->start, line->end - line->start))
        {
          gap = TRUE;
          continue;
        }
      if (!parse_generated_entry (text + line->start, line->end - line->start, &number, &url, &title) || (gap && number != last + 1))
        {
          g_free (url);
          g_free (title);
          break;
        }

      {
        Entry entry = { number, mimo_citation_url_normalize (url) };

        if (title != NULL && !g_hash_table_contains (layout->titles, entry.key))
          g_hash_table_insert (layout->titles, g_strdup (entry.key), g_steal_pointer (&title));
        g_array_append_val (layout->entries, entry);
      }
      g_free (url);
      g_free (title);
      last = number;
      gap = FALSE;
      layout->section_end = line->next;
    }
}

/* A link destination that reads back as exactly @url, and no longer than
 * the text it was read from (so within the parser's limit): the <…> form
 * only for spaces and control characters, which only a <…> form can have
 * held (and there its < and > were escaped already); otherwise bare,
 * parentheses escaped only when they do not pair. */
static void
append_destination (GString    *out,
                    const char *url)
{
  gboolean bracket = FALSE;
  gboolean escape_parens = FALSE;
  int      parens = 0;

  for (const char *p = url; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        bracket = TRUE;
      else if (*p == '(')
        parens++;
      else if (*p == ')' && --parens < 0)
        escape_parens = TRUE;
    }
  if (parens != 0)
    escape_parens = TRUE;

  if (bracket)
    g_string_append_c (out, '<');
  for (const char *p = url; *p != '\0'; p++)
    {
      if (*p == '\\' || (bracket && (*p == '<' || *p == '>')) || (!bracket && escape_parens && (*p == '(' || *p == ')')))
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  if (bracket)
    g_string_append_c (out, '>');
}

/* A References entry's text, escaped; a long one (an address shown for
 * want of a title, say) is cut to MAX_ENTRY_TEXT characters, which keeps
 * the list readable and within what the parser reads back as a link. */
#define MAX_ENTRY_TEXT 300

static void
append_link_text (GString    *out,
                  const char *text)
{
  guint n = 0;

  /* Byte by byte: the draft may not be valid UTF-8; a character is cut
   * only before its first byte. */
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((*p & 0xc0) != 0x80 && n++ == MAX_ENTRY_TEXT)
        {
          g_string_append (out, "…");
          break;
        }
      if (strchr ("\\[]*_`<>", *p) != NULL)
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p == '\n' || *p == '\r' ? ' ' : *p);
    }
}

void
_mimo_draft_append_citation (GString    *out,
                             guint       number,
                             const char *url)
{
  g_string_append_printf (out, "[[%u]](", number);
  append_destination (out, url);
  g_string_append_c (out, ')');
}

/* CommonMark's autolink holds no space, control character, < or >; and
 * none of our backslash escapes, as it takes them literally. */
static gboolean
fits_autolink (const char *url)
{
  for (const char *p = url; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p) || *p == '<' || *p == '>' || *p == '\\')
      return FALSE;
  return TRUE;
}

static GString *
generate_section (GPtrArray *sources)
{
  GString *out = g_string_new ("## ");

  g_string_append (out, _ ("References"));
  g_string_append (out, "\n\n" MIMO_REFERENCES_MARKER "\n");
  for (guint i = 0; i < sources->len; i++)
    {
      const MimoDraftSource *source = g_ptr_array_index (sources, i);
      gboolean               autolink = source->title == NULL && fits_autolink (source->url);

      g_string_append_printf (out, "%u. ", source->number);
      if (autolink)
        g_string_append_printf (out, "<%s>\n", source->url);
      else
        {
          g_string_append_c (out, '[');
          append_link_text (out, source->title != NULL ? source->title : source->url);
          g_string_append (out, "](");
          append_destination (out, source->url);
          g_string_append (out, ")\n");
        }
    }
  return out;
}

/* A run of the old text copied unchanged into the assembled one. */
typedef struct
{
  gsize new_start;
  gsize old_start;
  gsize length;
} Segment;

static void
add_edit (GArray     *edits,
          gsize       start,
          gsize       end,
          const char *text)
{
  MimoDraftEdit edit = { start, end, 0, 0, g_strdup (text) };

  if (edits != NULL)
    g_array_append_val (edits, edit);
  else
    g_free (edit.text);
}

/* Appends @text from @start to @end without our marker lines (only the
 * section's own may stay, so one update leaves the text in order),
 * noting in @segments where each kept run went and in @edits each line
 * dropped (both may be NULL). */
static void
copy_without_markers (GString    *out,
                      const char *text,
                      gsize       start,
                      gsize       end,
                      GArray     *segments,
                      GArray     *edits)
{
  for (gsize line = start; line < end;)
    {
      gsize line_end, next;

      _mimo_next_line (text, end, line, &line_end, &next);
      if (_mimo_references_is_marker (text + line, line_end - line))
        add_edit (edits, line, next, "");
      else
        {
          Segment *last = segments != NULL && segments->len > 0 ? &g_array_index (segments, Segment, segments->len - 1) : NULL;

          if (last != NULL && last->new_start + last->length == out->len && last->old_start + last->length == line)
            last->length += next - line;
          else if (segments != NULL)
            {
              Segment segment = { out->len, line, next - line };

              g_array_append_val (segments, segment);
            }
          g_string_append_len (out, text + line, next - line);
        }
      line = next;
    }
}

/* Renumbers the citations of the assembled text, in the order they
 * appear there, and copies it. Citations are read in the final text, so
 * that text moved below an unclosed code fence counts as code, as the
 * next update will see it. A changed number in the old text's part
 * (before @mapped) becomes an edit at its old place. */
static GString *
renumber (const GString *body,
          GArray        *segments,
          gsize          mapped,
          GPtrArray     *sources,
          GHashTable    *by_key,
          GHashTable    *titles,
          GHashTable    *extra_titles,
          GArray        *edits)
{
  g_autoptr (MimoCitations) citations = mimo_citations_parse_piece (body->str, body->len, NULL);
  GString                  *out = g_string_sized_new (body->len + 16);
  gsize                     copied = 0;
  guint                     segment = 0;

  for (guint i = 0; i < mimo_citations_get_n_occurrences (citations); i++)
    {
      const MimoCitationOccurrence *occ = mimo_citations_get_occurrence (citations, i);
      g_autofree char              *key = NULL;
      g_autofree char              *digits = NULL;
      MimoDraftSource              *source;

      if (occ->form != MIMO_CITATION_FORM_LINK || occ->url == NULL)
        continue;

      key = mimo_citation_url_normalize (occ->url);
      source = g_hash_table_lookup (by_key, key);
      if (source == NULL)
        {
          const char *title = g_hash_table_lookup (titles, key);

          if (title == NULL && extra_titles != NULL)
            title = g_hash_table_lookup (extra_titles, key);
          source = g_new0 (MimoDraftSource, 1);
          source->key = g_strdup (key);
          source->url = g_strdup (occ->url);
          source->title = g_strdup (title);
          source->number = sources->len + 1;
          g_ptr_array_add (sources, source);
          g_hash_table_insert (by_key, source->key, source);
        }

      digits = g_strdup_printf ("%u", source->number);
      g_string_append_len (out, body->str + copied, occ->number_start - copied);
      g_string_append (out, digits);
      copied = occ->number_end;

      /* The digits as written: "[01]" becomes "[1]", an edit too. */
      if ((occ->number_end - occ->number_start == strlen (digits) &&
           memcmp (body->str + occ->number_start, digits, strlen (digits)) == 0) ||
          occ->number_end > mapped)
        continue;
      while (segment < segments->len && g_array_index (segments, Segment, segment).new_start + g_array_index (segments, Segment, segment).length <= occ->number_start)
        segment++;
      if (segment < segments->len)
        {
          const Segment *run = &g_array_index (segments, Segment, segment);

          if (run->new_start <= occ->number_start && occ->number_end <= run->new_start + run->length)
            add_edit (edits, run->old_start + (occ->number_start - run->new_start), run->old_start + (occ->number_end - run->new_start), digits);
        }
    }

  g_string_append_len (out, body->str + copied, body->len - copied);
  return out;
}

/* Both lists ascend; so does the result. */
static GArray *
merge_edits (GArray *a,
             GArray *b)
{
  GArray *merged = g_array_sized_new (FALSE, FALSE, sizeof (MimoDraftEdit), a->len + b->len);
  guint   i = 0, k = 0;

  while (i < a->len || k < b->len)
    {
      gboolean      take_a = k >= b->len || (i < a->len && g_array_index (a, MimoDraftEdit, i).start < g_array_index (b, MimoDraftEdit, k).start);
      MimoDraftEdit edit = take_a ? g_array_index (a, MimoDraftEdit, i++) : g_array_index (b, MimoDraftEdit, k++);

      g_array_append_val (merged, edit);
    }
  return merged;
}

/* What find_layout() takes for the section's heading: the last line of
 * @body, if it starts with '#'. */
static gboolean
last_line_is_hash (const GString *body)
{
  gsize start = body->len;

  while (start > 0 && body->str[start - 1] != '\n' && body->str[start - 1] != '\r')
    start--;
  return start < body->len && body->str[start] == '#';
}

static gboolean
sections_match (Layout    *layout,
                GPtrArray *sources)
{
  if (!layout->has_section || layout->entries->len != sources->len)
    return FALSE;

  for (guint i = 0; i < sources->len; i++)
    {
      const Entry           *entry = &g_array_index (layout->entries, Entry, i);
      const MimoDraftSource *source = g_ptr_array_index (sources, i);

      if (entry->number != source->number || strcmp (entry->key, source->key) != 0)
        return FALSE;
    }
  return TRUE;
}

static void
append_paragraphs (GString    *body,
                   const char *text,
                   gsize       length)
{
  gsize start = 0;

  while (start < length && (text[start] == '\n' || text[start] == '\r' || text[start] == ' ' || text[start] == '\t'))
    start++;
  /* Keep the indentation of the first line; drop only blank lines. */
  while (start > 0 && text[start - 1] != '\n' && (text[start - 1] == ' ' || text[start - 1] == '\t'))
    start--;
  length = _mimo_draft_rtrim_length (text, length);
  if (start >= length)
    return;

  g_string_truncate (body, _mimo_draft_rtrim_length (body->str, body->len));
  if (body->len > 0)
    g_string_append (body, "\n\n");
  g_string_append_len (body, text + start, length - start);
}

static glong
char_offset (const char *text,
             gsize       byte,
             gsize      *last_byte,
             glong      *last_char)
{
  *last_char += g_utf8_pointer_to_offset (text + *last_byte, text + byte);
  *last_byte = byte;
  return *last_char;
}

char *
_mimo_draft_refs_normalize (const char *text,
                            gsize       length,
                            GHashTable *extra_titles,
                            const char *appended,
                            GPtrArray **edits,
                            GPtrArray **sources_out)
{
  Layout                 layout = { 0 };
  g_autoptr (GPtrArray)  sources = g_ptr_array_new_with_free_func ((GDestroyNotify) _mimo_draft_source_free);
  g_autoptr (GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GArray)     marker_edits = g_array_new (FALSE, FALSE, sizeof (MimoDraftEdit));
  g_autoptr (GArray)     digit_edits = g_array_new (FALSE, FALSE, sizeof (MimoDraftEdit));
  g_autoptr (GArray)     number_edits = NULL;
  g_autoptr (GArray)     segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  g_autoptr (GString)    assembled = g_string_sized_new (length + (appended != NULL ? strlen (appended) : 0) + 4);
  g_autoptr (GString)    moved = g_string_new (NULL);
  g_autoptr (GString)    body = NULL;
  gsize                  mapped;
  gsize                  tail_old;
  gsize                  tail_new;
  GString               *out;

  find_layout (text, length, &layout);

  /* The text before the section, then what was typed below it, then
   * what is being added. */
  copy_without_markers (assembled, text, 0, layout.section_start, segments, marker_edits);
  mapped = _mimo_draft_rtrim_length (assembled->str, assembled->len);
  copy_without_markers (moved, text, layout.section_end, length, NULL, NULL);
  append_paragraphs (assembled, moved->str, moved->len);
  if (appended != NULL)
    {
      g_autoptr (GString) added = g_string_new (NULL);

      copy_without_markers (added, appended, 0, strlen (appended), NULL, NULL);
      append_paragraphs (assembled, added->str, added->len);
    }

  body = renumber (assembled, segments, mapped, sources, by_key, layout.titles, extra_titles, digit_edits);
  number_edits = merge_edits (marker_edits, digit_edits);
  g_array_set_size (marker_edits, 0);
  g_array_set_size (digit_edits, 0);

  /* Where the old and the new text stop being the same, but for the
   * edits in the text before the section. An edit that reaches past that
   * point joins the one for the end, and so does the white space before
   * it, which the new text may trim. */
  tail_old = _mimo_draft_rtrim_length (text, layout.section_start);
  if (!layout.has_section && sources->len == 0 && appended == NULL)
    tail_old = length;
  for (;;)
    {
      guint kept = 0;

      while (kept < number_edits->len && g_array_index (number_edits, MimoDraftEdit, kept).end <= tail_old)
        kept++;
      if (kept == number_edits->len)
        break;
      tail_old = _mimo_draft_rtrim_length (text, g_array_index (number_edits, MimoDraftEdit, kept).start);
      for (guint k = kept; k < number_edits->len; k++)
        g_free (g_array_index (number_edits, MimoDraftEdit, k).text);
      g_array_set_size (number_edits, kept);
    }
  tail_new = tail_old;
  for (guint i = 0; i < number_edits->len; i++)
    {
      const MimoDraftEdit *edit = &g_array_index (number_edits, MimoDraftEdit, i);

      tail_new = tail_new + strlen (edit->text) - (edit->end - edit->start);
    }

  if (sources->len > 0)
    {
      g_autoptr (GString) section = NULL;

      g_string_truncate (body, _mimo_draft_rtrim_length (body->str, body->len));
      /* A section kept as it is must read back the same: one without a
       * heading would take a '#' line ending the text above it (text
       * moved up from below, say) as its own. */
      if (sections_match (&layout, sources) && (layout.has_heading || !last_line_is_hash (body)))
        section = g_string_new_len (text + layout.section_start, layout.section_end - layout.section_start);
      else
        section = generate_section (sources);
      if (section->len > 0 && section->str[section->len - 1] != '\n')
        g_string_append_c (section, '\n');

      if (body->len > 0)
        g_string_append (body, "\n\n");
      g_string_append_len (body, section->str, section->len);
    }
  else if (layout.has_section || moved->len > 0 || appended != NULL)
    {
      g_string_truncate (body, _mimo_draft_rtrim_length (body->str, body->len));
      if (body->len > 0)
        g_string_append_c (body, '\n');
    }

  out = g_string_new_len (body->str, body->len);

  /* Never expected; one edit for the whole text is always right. */
  if (tail_new > out->len)
    {
      for (guint i = 0; i < number_edits->len; i++)
        g_free (g_array_index (number_edits, MimoDraftEdit, i).text);
      g_array_set_size (number_edits, 0);
      tail_old = tail_new = 0;
    }

  if (edits != NULL)
    {
      gsize last_byte = 0;
      glong last_char = 0;
      gsize old_tail_length = length - tail_old;
      gsize new_tail_length = out->len - tail_new;
      gsize prefix = 0;
      gsize suffix = 0;

      *edits = g_ptr_array_new_with_free_func ((GDestroyNotify) mimo_draft_edit_free);
      for (guint i = 0; i < number_edits->len; i++)
        {
          MimoDraftEdit *edit = g_memdup2 (&g_array_index (number_edits, MimoDraftEdit, i), sizeof (MimoDraftEdit));

          edit->char_start = char_offset (text, edit->start, &last_byte, &last_char);
          edit->char_end = char_offset (text, edit->end, &last_byte, &last_char);
          g_ptr_array_add (*edits, edit);
        }
      g_array_set_size (number_edits, 0);

      /* One more edit for the end, as small as it can be. */
      while (prefix < old_tail_length && prefix < new_tail_length && text[tail_old + prefix] == out->str[tail_new + prefix])
        prefix++;
      while (suffix < old_tail_length - prefix && suffix < new_tail_length - prefix && text[length - 1 - suffix] == out->str[out->len - 1 - suffix])
        suffix++;
      /* Never split a character. */
      while (prefix > 0 && (text[tail_old + prefix] & 0xc0) == 0x80)
        prefix--;
      while (suffix > 0 && (text[length - suffix] & 0xc0) == 0x80)
        suffix--;

      if (prefix + suffix < old_tail_length || prefix + suffix < new_tail_length)
        {
          MimoDraftEdit *edit = g_new0 (MimoDraftEdit, 1);

          edit->start = tail_old + prefix;
          edit->end = length - suffix;
          edit->char_start = char_offset (text, edit->start, &last_byte, &last_char);
          edit->char_end = char_offset (text, edit->end, &last_byte, &last_char);
          edit->text = g_strndup (out->str + tail_new + prefix, new_tail_length - prefix - suffix);
          g_ptr_array_add (*edits, edit);
        }
    }
  else
    for (guint i = 0; i < number_edits->len; i++)
      g_free (g_array_index (number_edits, MimoDraftEdit, i).text);

  if (sources_out != NULL)
    *sources_out = g_steal_pointer (&sources);

  layout_clear (&layout);
  return g_string_free (out, FALSE);
}

char *
mimo_draft_refs_update (const char *draft,
                        gssize      length,
                        GPtrArray **edits)
{
  g_return_val_if_fail (draft != NULL || length == 0, NULL);

  if (draft == NULL)
    draft = "";
  return _mimo_draft_refs_normalize (draft, length < 0 ? strlen (draft) : (gsize) length, NULL, NULL, edits, NULL);
}

GPtrArray *
mimo_draft_refs_get_sources (const char *draft)
{
  g_autoptr (GPtrArray) sources = NULL;
  g_autofree char      *normalized = NULL;
  GPtrArray            *result = g_ptr_array_new_with_free_func ((GDestroyNotify) mimo_citation_source_free);

  g_return_val_if_fail (draft != NULL, result);

  normalized = _mimo_draft_refs_normalize (draft, strlen (draft), NULL, NULL, NULL, &sources);
  for (guint i = 0; i < sources->len; i++)
    {
      const MimoDraftSource *source = g_ptr_array_index (sources, i);

      g_ptr_array_add (result, mimo_citation_source_new (source->number, source->url, source->title));
    }
  return result;
}
