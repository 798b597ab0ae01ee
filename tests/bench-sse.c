/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-sse.c: SSE parsing throughput in MB/s on realistic chat streams; prints figures, never fails on time. */

#define G_LOG_DOMAIN "bench-sse"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mimo-sse-parser.h"

#define STREAM_SIZE (64 * 1024 * 1024)
#define ROUNDS      5

static gboolean
count_cb (const MimoSseEvent *event,
          gpointer            user_data)
{
  guint64 *bytes = user_data;

  /* Touch the data so nothing is optimised away. */
  *bytes += event->data_len + (guchar) event->data[0];
  return TRUE;
}

/* OpenAI-style chunks of one token each, as MiMo streams them. */
static GString *
make_stream (const char *eol,
             gboolean    keepalives)
{
  static const char *tokens[] = { "The", " quick", " brown", " fox", " — ", "中文", " 🎉", " jumps", ".", "\\n\\n" };
  GString           *stream = g_string_sized_new (STREAM_SIZE + 4096);
  guint              i = 0;

  while (stream->len < STREAM_SIZE)
    {
      g_string_append_printf (stream,
                              "data: {\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
                              "\"model\":\"mimo-v2-flash\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"%s\"},"
                              "\"finish_reason\":null}]}%s%s",
                              tokens[i++ % G_N_ELEMENTS (tokens)], eol, eol);
      if (keepalives && i % 16 == 0)
        g_string_append_printf (stream, ": keep-alive%s%s", eol, eol);
    }

  return stream;
}

static double
run (const GString *stream,
     gsize          chunk_size,
     guint64       *events)
{
  double best = 0;

  for (guint round = 0; round < ROUNDS; round++)
    {
      g_autoptr (MimoSseParser) parser = mimo_sse_parser_new ();
      guint64                   bytes = 0;
      gint64                    start = g_get_monotonic_time ();
      double                    seconds;

      for (gsize off = 0; off < stream->len; off += chunk_size)
        mimo_sse_parser_feed (parser, stream->str + off, MIN (chunk_size, stream->len - off), count_cb, &bytes, NULL);

      seconds = (g_get_monotonic_time () - start) / 1e6;
      best = MAX (best, stream->len / seconds / 1e6);
      *events = bytes;
    }

  return best;
}

int
main (int   argc,
      char *argv[])
{
  static const struct
  {
    const char *name;
    const char *eol;
    gboolean    keepalives;
    gsize       chunk;
  } cases[] = {
    { "LF, 64 KiB reads", "\n", FALSE, 65536 },
    { "LF, 1460-byte reads (one TCP segment)", "\n", FALSE, 1460 },
    { "CRLF + keep-alives, 64 KiB reads", "\r\n", TRUE, 65536 },
    { "CR only, 16 KiB reads", "\r", FALSE, 16384 },
  };

  printf ("SSE parser throughput (best of %d rounds over %d MiB; target >= 500 MB/s)\n", ROUNDS, STREAM_SIZE / (1024 * 1024));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GString *stream = make_stream (cases[i].eol, cases[i].keepalives);
      guint64  checksum = 0;
      double   mbps = run (stream, cases[i].chunk, &checksum);

      printf ("  %-40s %8.0f MB/s\n", cases[i].name, mbps);
      g_string_free (stream, TRUE);
    }

  return 0;
}
