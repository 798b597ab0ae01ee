/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-sse-parser.c: Server-Sent Events framing that accepts input cut at any byte. */

#define G_LOG_DOMAIN "mimo-sse-parser"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mimo-error.h"
#include "mimo-sse-parser.h"

typedef enum
{
  PARSER_RUNNING,
  PARSER_STOPPED, /* [DONE] or the callback said stop */
  PARSER_FAILED,
} ParserStatus;

struct _MimoSseParser
{
  GString *line;       /* the start of a line the previous chunk did not end */
  GString *data;       /* data lines of the current event, each followed by \n */
  GString *event_type; /* the current event's `event:` field */
  GString *last_id;    /* persists across events, as the standard says */
  gint64   retry_ms;

  gsize max_event_size;

  guint        bom_matched; /* bytes of a leading UTF-8 BOM seen so far */
  gboolean     bom_checked; /* the stream's first bytes were looked at */
  gboolean     pending_cr;  /* the last chunk ended a line with "\r": skip a leading "\n" */
  gboolean     in_comment;  /* the buffered line is a comment: drop its bytes */
  gboolean     done;        /* saw [DONE] */
  ParserStatus status;
};

static const char utf8_bom[] = "\xEF\xBB\xBF";

MimoSseParser *
mimo_sse_parser_new (void)
{
  MimoSseParser *self = g_new0 (MimoSseParser, 1);

  self->line = g_string_new (NULL);
  self->data = g_string_new (NULL);
  self->event_type = g_string_new (NULL);
  self->last_id = g_string_new (NULL);
  self->max_event_size = MIMO_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE;
  mimo_sse_parser_reset (self);

  return self;
}

void
mimo_sse_parser_free (MimoSseParser *self)
{
  if (self == NULL)
    return;

  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_string_free (self->event_type, TRUE);
  g_string_free (self->last_id, TRUE);
  g_free (self);
}

void
mimo_sse_parser_reset (MimoSseParser *self)
{
  g_return_if_fail (self != NULL);

  g_string_truncate (self->line, 0);
  g_string_truncate (self->data, 0);
  g_string_truncate (self->event_type, 0);
  g_string_truncate (self->last_id, 0);
  self->retry_ms = -1;
  self->bom_matched = 0;
  self->bom_checked = FALSE;
  self->pending_cr = FALSE;
  self->in_comment = FALSE;
  self->done = FALSE;
  self->status = PARSER_RUNNING;
}

void
mimo_sse_parser_set_max_event_size (MimoSseParser *self,
                                    gsize          max_event_size)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (max_event_size > 0);

  self->max_event_size = max_event_size;
}

gsize
mimo_sse_parser_get_max_event_size (MimoSseParser *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->max_event_size;
}

gboolean
mimo_sse_parser_is_done (MimoSseParser *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->done;
}

gboolean
mimo_sse_parser_has_partial_event (MimoSseParser *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->data->len > 0 || self->line->len > 0 || self->event_type->len > 0;
}

static gboolean
set_too_large (MimoSseParser *self,
               GError       **error)
{
  self->status = PARSER_FAILED;
  g_set_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_PROTOCOL,
               _ ("The server sent a piece of the answer larger than %u MB, "
                  "which Mimo Chat does not accept. Try again; if it keeps happening, check the API address in Preferences."),
               (guint) MAX (self->max_event_size / (1024 * 1024), 1));
  return FALSE;
}

/* The bytes the current event holds, for the size cap. */
static gsize
event_size (MimoSseParser *self)
{
  return self->data->len + self->line->len + self->event_type->len;
}

static gboolean
field_is (const char *field,
          gsize       field_len,
          const char *name,
          gsize       name_len)
{
  return field_len == name_len && memcmp (field, name, name_len) == 0;
}

static gboolean
dispatch (MimoSseParser   *self,
          MimoSseEventFunc func,
          gpointer         user_data)
{
  MimoSseEvent event;
  gboolean     keep_going;

  /* An event with no data line is not dispatched; its type is forgotten. */
  if (self->data->len == 0)
    {
      g_string_truncate (self->event_type, 0);
      return TRUE;
    }

  /* Drop the "\n" after the last data line. */
  g_string_truncate (self->data, self->data->len - 1);

  event.type = self->event_type->len > 0 ? self->event_type->str : "message";
  event.data = self->data->str;
  event.data_len = self->data->len;
  event.id = self->last_id->str;
  event.retry_ms = self->retry_ms;
  event.is_done = self->data->len == 6 && memcmp (self->data->str, "[DONE]", 6) == 0;

  keep_going = func (&event, user_data);

  g_string_truncate (self->data, 0);
  g_string_truncate (self->event_type, 0);

  if (event.is_done)
    {
      self->done = TRUE;
      keep_going = FALSE;
    }
  if (!keep_going)
    self->status = PARSER_STOPPED;

  return keep_going;
}

/* Handles one complete line (without its terminator). Returns FALSE when
 * parsing must stop (error set when it failed). */
static gboolean
process_line (MimoSseParser   *self,
              const char      *line,
              gsize            len,
              MimoSseEventFunc func,
              gpointer         user_data,
              GError         **error)
{
  const char *colon;
  const char *value;
  gsize       field_len;
  gsize       value_len;

  if (len == 0)
    return dispatch (self, func, user_data);

  if (line[0] == ':')
    return TRUE;

  colon = memchr (line, ':', len);
  if (colon != NULL)
    {
      field_len = colon - line;
      value = colon + 1;
      value_len = len - field_len - 1;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
    }
  else
    {
      field_len = len;
      value = line + len;
      value_len = 0;
    }

  if (field_is (line, field_len, "data", 4))
    {
      if (self->data->len + value_len + 1 + self->event_type->len > self->max_event_size)
        return set_too_large (self, error);
      g_string_append_len (self->data, value, value_len);
      g_string_append_c (self->data, '\n');
    }
  else if (field_is (line, field_len, "event", 5))
    {
      g_string_truncate (self->event_type, 0);
      g_string_append_len (self->event_type, value, value_len);
    }
  else if (field_is (line, field_len, "id", 2))
    {
      if (memchr (value, '\0', value_len) == NULL)
        {
          g_string_truncate (self->last_id, 0);
          g_string_append_len (self->last_id, value, value_len);
        }
    }
  else if (field_is (line, field_len, "retry", 5))
    {
      gint64 retry = 0;
      gsize  i;

      for (i = 0; i < value_len && g_ascii_isdigit (value[i]) && retry < G_MAXINT32; i++)
        retry = retry * 10 + (value[i] - '0');
      if (value_len > 0 && i == value_len)
        self->retry_ms = retry;
    }
  /* Any other field is ignored, as the standard says. */

  return TRUE;
}

/* Keeps the unterminated end of a chunk for the next one. */
static gboolean
buffer_partial_line (MimoSseParser *self,
                     const char    *p,
                     gsize          len,
                     GError       **error)
{
  /* A keep-alive comment can be any length; nothing in it is needed. */
  if (self->line->len == 0 && !self->in_comment && p[0] == ':')
    self->in_comment = TRUE;
  if (self->in_comment)
    return TRUE;

  if (event_size (self) + len > self->max_event_size)
    return set_too_large (self, error);

  g_string_append_len (self->line, p, len);
  return TRUE;
}

/* Ends a line whose start is buffered and whose end is [p, p + len). */
static gboolean
finish_buffered_line (MimoSseParser   *self,
                      const char      *p,
                      gsize            len,
                      MimoSseEventFunc func,
                      gpointer         user_data,
                      GError         **error)
{
  gboolean ok;

  if (self->in_comment)
    {
      self->in_comment = FALSE;
      return TRUE;
    }

  if (event_size (self) + len > self->max_event_size)
    return set_too_large (self, error);

  g_string_append_len (self->line, p, len);
  ok = process_line (self, self->line->str, self->line->len, func, user_data, error);
  g_string_truncate (self->line, 0);

  return ok;
}

static gboolean
feed_lines (MimoSseParser   *self,
            const char      *data,
            gsize            length,
            MimoSseEventFunc func,
            gpointer         user_data,
            GError         **error)
{
  const char *p = data;
  const char *end = data + length;
  const char *next_lf = NULL;
  const char *next_cr = NULL;
  gboolean    lf_known = FALSE;
  gboolean    cr_known = FALSE;

  if (self->pending_cr && p < end)
    {
      self->pending_cr = FALSE;
      if (*p == '\n')
        p++;
    }

  while (p < end)
    {
      const char *eol;
      gboolean    ok;

      /* Each memchr runs from where the last one stopped, and a miss is
       * remembered until the end of the chunk, so every byte is scanned
       * at most once for each terminator, whatever the line endings. */
      if (!lf_known || (next_lf != NULL && next_lf < p))
        {
          next_lf = memchr (p, '\n', end - p);
          lf_known = TRUE;
        }
      if (!cr_known || (next_cr != NULL && next_cr < p))
        {
          next_cr = memchr (p, '\r', end - p);
          cr_known = TRUE;
        }

      if (next_lf == NULL)
        eol = next_cr;
      else if (next_cr == NULL)
        eol = next_lf;
      else
        eol = MIN (next_lf, next_cr);

      if (eol == NULL)
        return buffer_partial_line (self, p, end - p, error);

      if (self->line->len > 0 || self->in_comment)
        ok = finish_buffered_line (self, p, eol - p, func, user_data, error);
      /* The cap a line that arrives in pieces meets when it is buffered,
       * so where the network cuts never changes the outcome (a long
       * `event:`, `id:` or unknown field used to pass whole and fail in
       * pieces; found by tests/fuzz/fuzz-sse). */
      else if (eol > p && p[0] != ':' && event_size (self) + (gsize) (eol - p) > self->max_event_size)
        ok = set_too_large (self, error);
      else
        ok = process_line (self, p, eol - p, func, user_data, error);

      if (*eol == '\r')
        {
          if (eol + 1 == end)
            self->pending_cr = TRUE;
          else if (eol[1] == '\n')
            eol++;
        }
      p = eol + 1;

      if (!ok)
        return self->status != PARSER_FAILED;
    }

  return TRUE;
}

gboolean
mimo_sse_parser_feed (MimoSseParser   *self,
                      const char      *data,
                      gsize            length,
                      MimoSseEventFunc func,
                      gpointer         user_data,
                      GError         **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (self->status == PARSER_FAILED)
    {
      g_set_error_literal (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_PROTOCOL,
                           _ ("The answer could not be read any further. Try again."));
      return FALSE;
    }
  if (self->status == PARSER_STOPPED)
    return TRUE;

  /* A UTF-8 byte order mark may open the stream, possibly split. */
  while (!self->bom_checked && length > 0)
    {
      if ((guchar) data[0] == (guchar) utf8_bom[self->bom_matched])
        {
          data++;
          length--;
          if (++self->bom_matched == 3)
            self->bom_checked = TRUE;
        }
      else
        {
          guint matched = self->bom_matched;

          self->bom_checked = TRUE;
          /* What looked like a BOM was text after all. */
          if (matched > 0 && !feed_lines (self, utf8_bom, matched, func, user_data, error))
            return FALSE;
        }
    }

  if (length == 0 || self->status != PARSER_RUNNING)
    return self->status != PARSER_FAILED;

  return feed_lines (self, data, length, func, user_data, error);
}
