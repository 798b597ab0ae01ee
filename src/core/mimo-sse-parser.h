/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-sse-parser.h: incremental Server-Sent Events framing, in plain C with GLib. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One event may hold at most this many bytes (data, event name and the
 * line being read) unless mimo_sse_parser_set_max_event_size() says
 * otherwise: a server that never ends a line costs an error, not memory. */
#define MIMO_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE ((gsize) 8 * 1024 * 1024)

/**
 * MimoSseEvent:
 * @type: the `event:` field, "message" when the event had none
 * @data: the `data:` lines joined with "\n", NUL-terminated (it may also
 *   hold NUL bytes: use @data_len); bytes exactly as sent, not validated
 * @data_len: the length of @data in bytes
 * @id: the last `id:` seen on the stream so far, "" when none
 * @retry_ms: the last `retry:` value seen, or -1
 * @is_done: the data is exactly `[DONE]`, the OpenAI end-of-stream marker
 *
 * An event as the HTML Living Standard's "dispatch the event" step defines
 * it. Every pointer is valid only during the callback.
 */
typedef struct
{
  const char *type;
  const char *data;
  gsize       data_len;
  const char *id;
  gint64      retry_ms;
  gboolean    is_done;
} MimoSseEvent;

/* Called for each complete event. Return FALSE to stop: the rest of the
 * input is ignored until mimo_sse_parser_reset(). */
typedef gboolean (*MimoSseEventFunc) (const MimoSseEvent *event,
                                      gpointer            user_data);

typedef struct _MimoSseParser MimoSseParser;

MimoSseParser *mimo_sse_parser_new (void);
void           mimo_sse_parser_free (MimoSseParser *self);
void           mimo_sse_parser_reset (MimoSseParser *self);

void  mimo_sse_parser_set_max_event_size (MimoSseParser *self,
                                          gsize          max_event_size);
gsize mimo_sse_parser_get_max_event_size (MimoSseParser *self);

/* Feeds the next @length bytes of the stream, cut anywhere (inside a line,
 * between "\r" and "\n", inside a UTF-8 sequence), and calls @func for every
 * event they complete. Amortized linear: no byte is scanned twice.
 *
 * Fails with MIMO_CLIENT_ERROR_PROTOCOL when one event grows past the
 * maximum size; the parser then stays failed until reset. After `[DONE]`
 * or a callback returning FALSE, further input is ignored. */
gboolean mimo_sse_parser_feed (MimoSseParser   *self,
                               const char      *data,
                               gsize            length,
                               MimoSseEventFunc func,
                               gpointer         user_data,
                               GError         **error);

/* TRUE once the `[DONE]` event was dispatched. */
gboolean mimo_sse_parser_is_done (MimoSseParser *self);

/* TRUE when bytes of an unfinished event are buffered: the stream ended
 * (or was cut) in the middle of an event, which the standard discards. */
gboolean mimo_sse_parser_has_partial_event (MimoSseParser *self);

/* Fuzzing entry point (mimo-sse-fuzz.c): the first bytes choose where the
 * rest is cut; checks that whole, cut and byte-by-byte feeding give the
 * same events, errors and state; aborts on a violation. */
void mimo_sse_parser_fuzz (const guint8 *data,
                           gsize         size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoSseParser, mimo_sse_parser_free)

G_END_DECLS
