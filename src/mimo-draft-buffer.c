/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-buffer.c: the draft editor's buffer: the core's edits applied in place, and what is shown specially. */

#define G_LOG_DOMAIN "mimo-draft-view"

#include "config.h"

#include <string.h>

#include "mimo-draft-refs.h"
#include "mimo-draft-view-private.h"

char *
_mimo_draft_buffer_dup_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* ------------------------------------------------------------- edits -- */

/* Where @needle ends in @haystack, its numbers matching any numbers
 * (citations are renumbered), or NULL. */
static const char *
find_renumbered (const char *haystack,
                 const char *needle)
{
  for (const char *start = haystack; *start != '\0'; start++)
    {
      const char *h = start;
      const char *n = needle;

      while (*n != '\0')
        {
          if (g_ascii_isdigit (*n))
            {
              if (!g_ascii_isdigit (*h))
                break;
              while (g_ascii_isdigit (*n))
                n++;
              while (g_ascii_isdigit (*h))
                h++;
            }
          else if (*h == *n)
            h++, n++;
          else
            break;
        }
      if (*n == '\0')
        return h;
    }
  return NULL;
}

/* Where the cursor goes when the edit around it moves text: after the
 * same words in the new text (text typed below the References moves
 * above them, and the cursor goes with it). -1 when it stays put. */
static int
map_cursor (const char          *old_text,
            int                  cursor,
            const MimoDraftEdit *edit,
            int                  new_start)
{
  const char      *cursor_p;
  const char      *from;
  const char      *found;
  g_autofree char *context = NULL;

  if (cursor <= edit->char_start || cursor > edit->char_end)
    return -1;

  cursor_p = g_utf8_offset_to_pointer (old_text, cursor);
  from = old_text + edit->start;
  for (const char *p = cursor_p; p > old_text + edit->start; p--)
    if (p[-1] == '\n')
      {
        from = p;
        break;
      }
  if (from == cursor_p)
    return -1;

  context = g_strndup (from, cursor_p - from);
  found = find_renumbered (edit->text, context);
  if (found == NULL)
    return -1;
  return new_start + g_utf8_pointer_to_offset (edit->text, found);
}

/* The core's edits, applied from the end as one user action, so the
 * rest of the buffer, the marks and the undo history stay as they were. */
void
_mimo_draft_buffer_apply_edits (GtkTextBuffer *buffer,
                                const char    *old_text,
                                GPtrArray     *edits)
{
  GtkTextIter iter, end;
  int         cursor;
  int         new_cursor = -1;
  int         shift = 0;

  if (edits->len == 0)
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  cursor = gtk_text_iter_get_offset (&iter);
  for (guint i = 0; i < edits->len; i++)
    {
      const MimoDraftEdit *edit = g_ptr_array_index (edits, i);
      int                  mapped = map_cursor (old_text, cursor, edit, edit->char_start + shift);

      if (mapped >= 0)
        new_cursor = mapped;
      shift += g_utf8_strlen (edit->text, -1) - (edit->char_end - edit->char_start);
    }

  gtk_text_buffer_begin_user_action (buffer);
  for (guint i = edits->len; i > 0; i--)
    {
      const MimoDraftEdit *edit = g_ptr_array_index (edits, i - 1);

      gtk_text_buffer_get_iter_at_offset (buffer, &iter, edit->char_start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, edit->char_end);
      gtk_text_buffer_delete (buffer, &iter, &end);
      gtk_text_buffer_insert (buffer, &iter, edit->text, -1);
    }
  gtk_text_buffer_end_user_action (buffer);

  if (new_cursor >= 0 && !gtk_text_buffer_get_has_selection (buffer))
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, new_cursor);
      gtk_text_buffer_place_cursor (buffer, &iter);
    }
}

/* Replaces what differs between the buffer and @text (one stretch, found
 * from both ends) as one undoable edit: an answer added to the draft
 * elsewhere can be undone here, and the cursor stays where it was. */
gboolean
_mimo_draft_buffer_replace (GtkTextBuffer *buffer,
                            const char    *text,
                            GtkTextMark   *changed)
{
  g_autofree char *old = _mimo_draft_buffer_dup_text (buffer);
  gsize            old_length = strlen (old);
  gsize            new_length = strlen (text);
  gsize            prefix = 0;
  gsize            suffix = 0;
  GtkTextIter      start, end;

  while (prefix < old_length && prefix < new_length && old[prefix] == text[prefix])
    prefix++;
  while (prefix > 0 && (old[prefix] & 0xc0) == 0x80)
    prefix--;
  while (suffix < old_length - prefix && suffix < new_length - prefix &&
         old[old_length - 1 - suffix] == text[new_length - 1 - suffix])
    suffix++;
  while (suffix > 0 && (old[old_length - suffix] & 0xc0) == 0x80)
    suffix--;
  if (prefix == old_length && prefix == new_length)
    return FALSE;

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, g_utf8_pointer_to_offset (old, old + prefix));
  gtk_text_buffer_get_iter_at_offset (buffer, &end, g_utf8_pointer_to_offset (old, old + old_length - suffix));
  gtk_text_buffer_delete (buffer, &start, &end);
  if (changed != NULL)
    gtk_text_buffer_move_mark (buffer, changed, &start);
  gtk_text_buffer_insert (buffer, &start, text + prefix, new_length - suffix - prefix);
  gtk_text_buffer_end_user_action (buffer);
  return TRUE;
}

/* -------------------------------------------------------- decoration -- */

/* Where the address of the link whose "](" is at @p ends, or NULL when
 * it is not one (a web or mail address, maybe in <>, maybe titled). */
static const char *
address_end (const char *p)
{
  int depth = 0;

  p += 2;
  if (*p == '<')
    p++;
  if (!g_str_has_prefix (p, "http://") && !g_str_has_prefix (p, "https://") && !g_str_has_prefix (p, "mailto:"))
    return NULL;
  for (; *p != '\0' && *p != '\n'; p++)
    {
      if (*p == '(')
        depth++;
      else if (*p == ')' && depth-- == 0)
        return p + 1;
    }
  return NULL;
}

/* Where the text of the link whose "]" is at @p starts (after its "["),
 * or NULL. */
static const char *
link_text_start (const char *text,
                 const char *p)
{
  int depth = 0;

  for (const char *q = p; q >= text && p - q < 4096; q--)
    {
      if (*q == ']')
        depth++;
      else if (*q == '[' && --depth == 0)
        return q + 1;
    }
  return NULL;
}

/* What the editor shows differently from the Markdown highlighting: the
 * marker line before the References is hidden (it means nothing to
 * people and stays in the text, so the list is found again), and the
 * addresses of links and citations are small and grey, so the words
 * read first, and their words in the accent colour. */
void
_mimo_draft_buffer_decorate (GtkTextBuffer *buffer,
                             GtkTextTag    *marker_tag,
                             GtkTextTag    *address_tag,
                             GtkTextTag    *link_tag)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  g_autofree char *text = _mimo_draft_buffer_dup_text (buffer);
  GtkTextIter      start, end, match_start, match_end;
  glong            offset = 0;
  const char      *counted = text;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, marker_tag, &start, &end);
  gtk_text_buffer_remove_tag (buffer, address_tag, &start, &end);
  gtk_text_buffer_remove_tag (buffer, link_tag, &start, &end);

  /* Above the highlighting's tags, which GtkSourceView adds as it goes. */
  gtk_text_tag_set_priority (address_tag, gtk_text_tag_table_get_size (table) - 1);
  gtk_text_tag_set_priority (link_tag, gtk_text_tag_table_get_size (table) - 1);
  for (const char *p = strstr (text, "]("); p != NULL; p = strstr (p + 1, "]("))
    {
      const char *stop = address_end (p);
      const char *words;

      if (stop == NULL)
        continue;
      words = link_text_start (text, p);
      if (words != NULL && words >= counted)
        {
          offset += g_utf8_strlen (counted, words - counted);
          counted = words;
          gtk_text_buffer_get_iter_at_offset (buffer, &start, offset);
          gtk_text_buffer_get_iter_at_offset (buffer, &end, offset + g_utf8_strlen (words, p - words));
          gtk_text_buffer_apply_tag (buffer, link_tag, &start, &end);
        }
      offset += g_utf8_strlen (counted, p + 1 - counted);
      counted = p + 1;
      gtk_text_buffer_get_iter_at_offset (buffer, &start, offset);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, offset + g_utf8_strlen (p + 1, stop - p - 1));
      gtk_text_buffer_apply_tag (buffer, address_tag, &start, &end);
    }

  gtk_text_buffer_get_start_iter (buffer, &start);
  while (gtk_text_iter_forward_search (&start, MIMO_DRAFT_REFS_MARKER_PREFIX, GTK_TEXT_SEARCH_TEXT_ONLY,
                                       &match_start, &match_end, NULL))
    {
      start = match_end;
      if (!gtk_text_iter_starts_line (&match_start))
        continue;
      gtk_text_iter_forward_line (&start);
      gtk_text_buffer_apply_tag (buffer, marker_tag, &match_start, &start);
    }
}
