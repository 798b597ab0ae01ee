/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-sse-fuzz.c: checks the SSE parser on any bytes: fed in any pieces, it gives what it gives fed whole. */

#define G_LOG_DOMAIN "mimo-sse"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mimo-sse-parser.h"
#include "mimo-fuzz-private.h"


/* One run: every event flattened into one string, so two runs compare
 * with one memcmp. */
typedef struct
{
  GString *events;
  guint    n_events;
  guint    stop_after; /* the callback returns FALSE at this event; 0: never */
} Run;

static gboolean
on_event (const MimoSseEvent *event,
          gpointer            user_data)
{
  Run *run = user_data;

  /* It may be empty, or begin with a NUL the server sent. */
  CHECK (event->type != NULL);
  CHECK (event->data != NULL && event->data[event->data_len] == '\0');
  CHECK (event->id != NULL);
  CHECK (event->retry_ms >= -1);
  CHECK (event->is_done == (event->data_len == 6 && memcmp (event->data, "[DONE]", 6) == 0));
  /* Fields never hold a line terminator: it ends the line. */
  CHECK (strpbrk (event->type, "\r\n") == NULL);
  CHECK (strpbrk (event->id, "\r\n") == NULL);
  CHECK (memchr (event->data, '\r', event->data_len) == NULL);

  g_string_append_printf (run->events, "%s|%s|%" G_GINT64_FORMAT "|%d|%" G_GSIZE_FORMAT ":",
                          event->type, event->id, event->retry_ms, event->is_done, event->data_len);
  g_string_append_len (run->events, event->data, event->data_len);
  g_string_append_c (run->events, '\n');
  run->n_events++;

  return run->stop_after == 0 || run->n_events < run->stop_after;
}

typedef struct
{
  gboolean failed;
  gboolean done;
  gboolean partial;
} Outcome;

/* Feeds @data in the pieces @cuts gives (lengths, cycled; NULL: whole). */
static Outcome
feed (MimoSseParser *parser,
      const guint8  *data,
      gsize          size,
      const guint8  *cuts,
      gsize          n_cuts,
      Run           *run)
{
  Outcome outcome = { FALSE, FALSE, FALSE };
  gsize   offset = 0;
  gsize   i = 0;

  while (offset < size || (offset == 0 && size == 0))
    {
      g_autoptr (GError) error = NULL;
      gsize              piece = size - offset;
      gboolean           ok;

      if (cuts != NULL && n_cuts > 0)
        {
          gsize cut = cuts[i++ % n_cuts];

          piece = MIN (piece, cut);
        }
      ok = mimo_sse_parser_feed (parser, (const char *) data + offset, piece, on_event, run, &error);
      CHECK (ok == (error == NULL));
      if (!ok)
        {
          CHECK (error->message != NULL && g_utf8_validate (error->message, -1, NULL));
          outcome.failed = TRUE;
          /* Failed stays failed. */
          g_clear_error (&error);
          CHECK (!mimo_sse_parser_feed (parser, "\n\n", 2, on_event, run, &error));
          break;
        }
      offset += piece;
      if (size == 0)
        break;
    }

  outcome.done = mimo_sse_parser_is_done (parser);
  outcome.partial = mimo_sse_parser_has_partial_event (parser);
  return outcome;
}

void
mimo_sse_parser_fuzz (const guint8 *data,
                      gsize         size)
{
  static const gsize        max_sizes[] = { 0, 16, 100, 4096 };
  g_autoptr (MimoSseParser) whole_parser = mimo_sse_parser_new ();
  g_autoptr (MimoSseParser) split_parser = mimo_sse_parser_new ();
  g_autoptr (MimoSseParser) byte_parser = mimo_sse_parser_new ();
  g_autoptr (GString)       whole_events = g_string_new (NULL);
  g_autoptr (GString)       split_events = g_string_new (NULL);
  g_autoptr (GString)       byte_events = g_string_new (NULL);
  static const guint8       one = 1;
  const guint8             *cuts;
  gsize                     n_cuts;
  gsize                     max_size;
  guint                     stop_after;
  Run                       whole = { whole_events, 0, 0 };
  Run                       split = { split_events, 0, 0 };
  Run                       bytes = { byte_events, 0, 0 };
  Outcome                   a, b, c;

  /* Byte 0: how many cut lengths follow (low 4 bits), the maximum event
   * size (2 bits) and whether the callback stops early; byte 1: at which
   * event. Then the cut lengths (each 0..255; 0 feeds nothing), then the
   * stream. */
  if (size < 2)
    return;
  n_cuts = data[0] & 0x0f;
  max_size = max_sizes[(data[0] >> 4) & 3];
  stop_after = (data[0] & 0x40) ? data[1] % 8 : 0;
  data += 2;
  size -= 2;
  n_cuts = MIN (n_cuts, size);
  cuts = data;
  data += n_cuts;
  size -= n_cuts;
  /* A cut list of zeros would never move on. */
  if (n_cuts == 0 || memchr (cuts, 0, n_cuts) != NULL)
    {
      gboolean any = FALSE;

      for (gsize i = 0; i < n_cuts; i++)
        any |= cuts[i] != 0;
      if (!any)
        {
          cuts = &one;
          n_cuts = 1;
        }
    }

  whole.stop_after = split.stop_after = bytes.stop_after = stop_after;
  if (max_size > 0)
    {
      mimo_sse_parser_set_max_event_size (whole_parser, max_size);
      mimo_sse_parser_set_max_event_size (split_parser, max_size);
      mimo_sse_parser_set_max_event_size (byte_parser, max_size);
    }

  a = feed (whole_parser, data, size, NULL, 0, &whole);
  b = feed (split_parser, data, size, cuts, n_cuts, &split);
  c = feed (byte_parser, data, size, &one, 1, &bytes);

  if (a.failed != b.failed || a.failed != c.failed)
    FAIL ("failed: whole %d, split %d, bytes %d", a.failed, b.failed, c.failed);
  if (!g_string_equal (whole_events, split_events) || !g_string_equal (whole_events, byte_events))
    FAIL ("events differ:\nwhole (%u):\n%s\nsplit (%u):\n%s\nbytes (%u):\n%s",
          whole.n_events, whole_events->str, split.n_events, split_events->str,
          bytes.n_events, byte_events->str);
  CHECK (a.done == b.done && a.done == c.done);
  if (!a.failed && !a.done && (stop_after == 0 || whole.n_events < stop_after))
    CHECK (a.partial == b.partial && a.partial == c.partial);

  /* After a reset the parser is as new. */
  mimo_sse_parser_reset (split_parser);
  CHECK (!mimo_sse_parser_is_done (split_parser));
  CHECK (!mimo_sse_parser_has_partial_event (split_parser));
}
