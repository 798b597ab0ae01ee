/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sse-parser.c: SSE framing against the standard, cut at every byte, with its size cap. */

#define G_LOG_DOMAIN "test-sse-parser"

#include "config.h"

#include <string.h>

#include "mimo-error.h"
#include "mimo-sse-parser.h"

/* Events written out the way tests/data/sse-oracle.py writes them. */
static gboolean
dump_event_cb (const MimoSseEvent *event,
               gpointer            user_data)
{
  GString *dump = user_data;

  g_string_append_printf (dump, "type: %s\nid: %s\nretry: %" G_GINT64_FORMAT "\ndone: %d\ndata: ",
                          event->type, event->id, event->retry_ms, event->is_done ? 1 : 0);
  for (gsize i = 0; i < event->data_len; i++)
    {
      if (event->data[i] == '\\')
        g_string_append (dump, "\\\\");
      else if (event->data[i] == '\n')
        g_string_append (dump, "\\n");
      else if (event->data[i] == '\r')
        g_string_append (dump, "\\r");
      else
        g_string_append_c (dump, event->data[i]);
    }
  g_string_append (dump, "\n\n");
  g_assert_cmpint (event->data[event->data_len], ==, '\0');

  return TRUE;
}

/* Feeds @data cut at the given offsets (sorted, each < @len). */
static char *
parse_split (const char  *data,
             gsize        len,
             const gsize *cuts,
             guint        n_cuts)
{
  g_autoptr (MimoSseParser) parser = mimo_sse_parser_new ();
  g_autoptr (GString)       dump = g_string_new (NULL);
  g_autoptr (GError)        error = NULL;
  gsize                     start = 0;

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize end = i < n_cuts ? cuts[i] : len;

      g_assert_true (mimo_sse_parser_feed (parser, data + start, end - start, dump_event_cb, dump, &error));
      g_assert_no_error (error);
      start = end;
    }

  return g_string_free (g_steal_pointer (&dump), FALSE);
}

static char *
parse_whole (const char *data,
             gsize       len)
{
  return parse_split (data, len, NULL, 0);
}

/* ------------------------------------------------------ recorded data -- */

static const char *recorded[] = {
  "plain.sse",
  "reasoning.sse",
  "web-search.sse",
  "crlf-keepalive.sse",
  "error-event.sse",
  "mixed-endings.sse",
};

static void
load (const char *name,
      char      **data,
      gsize      *len,
      char      **expected)
{
  g_autofree char   *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autofree char   *expected_path = g_strconcat (path, ".expected", NULL);
  g_autoptr (GError) error = NULL;

  g_file_get_contents (path, data, len, &error);
  g_assert_no_error (error);
  g_file_get_contents (expected_path, expected, NULL, &error);
  g_assert_no_error (error);
}

/* In one piece, each recording gives the events the independent Python
 * reading of the standard (tests/data/sse-oracle.py) found. */
static void
test_recorded_whole (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (recorded); i++)
    {
      g_autofree char *data = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *dump = NULL;
      gsize            len;

      g_test_message ("%s", recorded[i]);
      load (recorded[i], &data, &len, &expected);
      dump = parse_whole (data, len);
      g_assert_cmpstr (dump, ==, expected);
    }
}

/* Cut in two at every offset (inside "\r\n", inside UTF-8 sequences, inside
 * "data:"), and one byte at a time: always the same events. */
static void
test_recorded_split_every_byte (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (recorded); i++)
    {
      g_autofree char  *data = NULL;
      g_autofree char  *expected = NULL;
      g_autofree gsize *every = NULL;
      g_autofree char  *bytewise = NULL;
      gsize             len;

      g_test_message ("%s", recorded[i]);
      load (recorded[i], &data, &len, &expected);

      for (gsize cut = 1; cut < len; cut++)
        {
          g_autofree char *dump = parse_split (data, len, &cut, 1);

          if (g_strcmp0 (dump, expected) != 0)
            g_error ("%s cut at byte %" G_GSIZE_FORMAT " gave other events:\n%s", recorded[i], cut, dump);
        }

      every = g_new (gsize, len);
      for (gsize b = 1; b < len; b++)
        every[b - 1] = b;
      bytewise = parse_split (data, len, every, len - 1);
      g_assert_cmpstr (bytewise, ==, expected);
    }
}

/* Random cuts into many pieces, reproducible from the test seed. */
static void
test_recorded_split_random (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (recorded); i++)
    {
      g_autofree char *data = NULL;
      g_autofree char *expected = NULL;
      gsize            len;

      load (recorded[i], &data, &len, &expected);
      for (guint round = 0; round < 200; round++)
        {
          guint             n_cuts = g_test_rand_int_range (1, 16);
          g_autofree gsize *cuts = g_new (gsize, n_cuts);
          g_autofree char  *dump = NULL;

          for (guint c = 0; c < n_cuts; c++)
            cuts[c] = g_test_rand_int_range (1, len);
          for (guint a = 1; a < n_cuts; a++)
            for (guint b = a; b > 0 && cuts[b - 1] > cuts[b]; b--)
              {
                gsize t = cuts[b];

                cuts[b] = cuts[b - 1];
                cuts[b - 1] = t;
              }

          dump = parse_split (data, len, cuts, n_cuts);
          g_assert_cmpstr (dump, ==, expected);
        }
    }
}

/* ------------------------------------------------------------- fields -- */

#define EV(type, id, retry, data) "type: " type "\nid: " id "\nretry: " retry "\ndone: 0\ndata: " data "\n\n"

static const struct
{
  const char *name;
  const char *input;
  const char *events;
} field_cases[] = {
  { "one event", "data: hello\n\n", EV ("message", "", "-1", "hello") },
  { "no space after the colon", "data:hello\n\n", EV ("message", "", "-1", "hello") },
  { "only one space is removed", "data:  two\n\n", EV ("message", "", "-1", " two") },
  { "lines are joined with \\n", "data: a\ndata: b\ndata:\n\n", EV ("message", "", "-1", "a\\nb\\n") },
  { "a data field without colon", "data\n\n", EV ("message", "", "-1", "") },
  { "comments are skipped", ": keep-alive\n:\ndata: x\n: between\n\n", EV ("message", "", "-1", "x") },
  { "named event", "event: ping\ndata: {}\n\n", EV ("ping", "", "-1", "{}") },
  { "the name does not outlive its event", "event: a\ndata: 1\n\ndata: 2\n\n",
    EV ("a", "", "-1", "1") EV ("message", "", "-1", "2") },
  { "an event without data is not sent", "event: lonely\n\ndata: x\n\n", EV ("message", "", "-1", "x") },
  { "the id persists", "id: 42\ndata: a\n\ndata: b\n\nid:\ndata: c\n\n",
    EV ("message", "42", "-1", "a") EV ("message", "42", "-1", "b") EV ("message", "", "-1", "c") },
  { "retry is digits only", "retry: 1500\ndata: a\n\nretry: 20x\ndata: b\n\n",
    EV ("message", "", "1500", "a") EV ("message", "", "1500", "b") },
  { "unknown fields are ignored", "foo: bar\nDATA: no\ndata: yes\n\n", EV ("message", "", "-1", "yes") },
  { "CRLF", "data: a\r\n\r\n", EV ("message", "", "-1", "a") },
  { "CR alone", "data: a\r\rdata: b\r\r", EV ("message", "", "-1", "a") EV ("message", "", "-1", "b") },
  { "mixed endings", "data: a\r\ndata: b\rdata: c\n\r\n", EV ("message", "", "-1", "a\\nb\\nc") },
  { "extra blank lines", "\n\n\ndata: a\n\n\n\n", EV ("message", "", "-1", "a") },
  { "a byte order mark at the start", "\xEF\xBB\xBF"
                                      "data: a\n\n",
    EV ("message", "", "-1", "a") },
  { "an unfinished event is dropped", "data: a\n\ndata: b\n", EV ("message", "", "-1", "a") },
  { "UTF-8 passes through", "data: 中文 🎉 é\n\n", EV ("message", "", "-1", "中文 🎉 é") },
  { "colons inside the value", "data: {\"a\": \"b:c\"}\n\n", EV ("message", "", "-1", "{\"a\": \"b:c\"}") },
  { "[DONE] ends the stream", "data: a\n\ndata: [DONE]\n\ndata: after\n\n",
    EV ("message", "", "-1", "a") "type: message\nid: \nretry: -1\ndone: 1\ndata: [DONE]\n\n" },
  { "[DONE] must be exact", "data: [DONE] \n\n", EV ("message", "", "-1", "[DONE] ") },
};

static void
test_fields (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_cases); i++)
    {
      const char      *input = field_cases[i].input;
      gsize            len = strlen (input);
      g_autofree char *dump = NULL;

      g_test_message ("case: %s", field_cases[i].name);
      dump = parse_whole (input, len);
      g_assert_cmpstr (dump, ==, field_cases[i].events);

      /* The same, cut everywhere. */
      for (gsize cut = 1; cut < len; cut++)
        {
          g_autofree char *split = parse_split (input, len, &cut, 1);

          g_assert_cmpstr (split, ==, field_cases[i].events);
        }
    }
}

/* A "\r" ending one chunk and a "\n" starting the next are one line end,
 * not a line end and a blank line (which would dispatch early). */
static void
test_cr_lf_across_chunks (void)
{
  g_autoptr (MimoSseParser) parser = mimo_sse_parser_new ();
  g_autoptr (GString)       dump = g_string_new (NULL);

  g_assert_true (mimo_sse_parser_feed (parser, "data: a\r", 8, dump_event_cb, dump, NULL));
  g_assert_true (mimo_sse_parser_feed (parser, "\ndata: b\r", 9, dump_event_cb, dump, NULL));
  g_assert_cmpstr (dump->str, ==, "");
  g_assert_true (mimo_sse_parser_feed (parser, "\n", 1, dump_event_cb, dump, NULL));
  g_assert_cmpstr (dump->str, ==, "");
  g_assert_true (mimo_sse_parser_feed (parser, "\r\n", 2, dump_event_cb, dump, NULL));
  g_assert_cmpstr (dump->str, ==, EV ("message", "", "-1", "a\\nb"));

  /* An empty chunk between them changes nothing. */
  g_string_truncate (dump, 0);
  g_assert_true (mimo_sse_parser_feed (parser, "data: c\r", 8, dump_event_cb, dump, NULL));
  g_assert_true (mimo_sse_parser_feed (parser, "", 0, dump_event_cb, dump, NULL));
  g_assert_true (mimo_sse_parser_feed (parser, "\n\r", 2, dump_event_cb, dump, NULL));
  g_assert_cmpstr (dump->str, ==, EV ("message", "", "-1", "c"));
}

static void
test_partial_event (void)
{
  g_autoptr (MimoSseParser) parser = mimo_sse_parser_new ();
  g_autoptr (GString)       dump = g_string_new (NULL);

  g_assert_false (mimo_sse_parser_has_partial_event (parser));
  g_assert_true (mimo_sse_parser_feed (parser, "data: a\n", 8, dump_event_cb, dump, NULL));
  g_assert_true (mimo_sse_parser_has_partial_event (parser));
  g_assert_true (mimo_sse_parser_feed (parser, "\n", 1, dump_event_cb, dump, NULL));
  g_assert_false (mimo_sse_parser_has_partial_event (parser));
  g_assert_true (mimo_sse_parser_feed (parser, "dat", 3, dump_event_cb, dump, NULL));
  g_assert_true (mimo_sse_parser_has_partial_event (parser));
  g_assert_false (mimo_sse_parser_is_done (parser));
}

static gboolean
count_cb (const MimoSseEvent *event,
          gpointer            user_data)
{
  guint *count = user_data;

  (*count)++;
  return TRUE;
}

static gboolean
stop_cb (const MimoSseEvent *event,
         gpointer            user_data)
{
  guint *count = user_data;

  (*count)++;
  return FALSE;
}

static void
test_stop_and_reset (void)
{
  g_autoptr (MimoSseParser) parser = mimo_sse_parser_new ();
  const char               *input = "data: 1\n\ndata: 2\n\n";
  guint                     count = 0;

  g_assert_true (mimo_sse_parser_feed (parser, input, strlen (input), stop_cb, &count, NULL));
  g_assert_cmpuint (count, ==, 1);
  g_assert_true (mimo_sse_parser_feed (parser, input, strlen (input), count_cb, &count, NULL));
  g_assert_cmpuint (count, ==, 1);

  mimo_sse_parser_reset (parser);
  g_assert_true (mimo_sse_parser_feed (parser, input, strlen (input), count_cb, &count, NULL));
  g_assert_cmpuint (count, ==, 3);

  /* After [DONE] nothing more comes through, until a reset. */
  g_assert_true (mimo_sse_parser_feed (parser, "data: [DONE]\n\ndata: 3\n\n", 24, count_cb, &count, NULL));
  g_assert_cmpuint (count, ==, 4);
  g_assert_true (mimo_sse_parser_is_done (parser));
  g_assert_true (mimo_sse_parser_feed (parser, input, strlen (input), count_cb, &count, NULL));
  g_assert_cmpuint (count, ==, 4);
}

/* One event larger than the cap is an error, never unbounded memory —
 * whether it comes as one endless line or as many lines. */
static void
test_max_event_size (void)
{
  static const gsize chunk_sizes[] = { 1, 7, 100, 4096 };
  const gsize        max = 1024;

  for (guint mode = 0; mode < 2; mode++)
    for (guint c = 0; c < G_N_ELEMENTS (chunk_sizes); c++)
      {
        g_autoptr (MimoSseParser) parser = mimo_sse_parser_new ();
        g_autoptr (GString)       input = g_string_new (NULL);
        g_autoptr (GError)        error = NULL;
        guint                     count = 0;
        gboolean                  ok = TRUE;
        gsize                     fed = 0;

        mimo_sse_parser_set_max_event_size (parser, max);
        g_assert_cmpuint (mimo_sse_parser_get_max_event_size (parser), ==, max);

        if (mode == 0)
          {
            g_string_append (input, "data: ");
            for (guint i = 0; i < 2 * max; i++)
              g_string_append_c (input, 'x');
          }
        else
          {
            for (guint i = 0; i < max; i++)
              g_string_append (input, "data: xx\n");
          }

        while (ok && fed < input->len)
          {
            gsize n = MIN (chunk_sizes[c], input->len - fed);

            ok = mimo_sse_parser_feed (parser, input->str + fed, n, count_cb, &count, &error);
            fed += n;
          }

        g_assert_false (ok);
        g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_PROTOCOL);
        g_assert_cmpuint (count, ==, 0);
        /* One endless line fails as soon as it passes the cap. */
        if (mode == 0)
          g_assert_cmpuint (fed, <=, max + chunk_sizes[c]);

        /* And stays failed. */
        g_clear_error (&error);
        g_assert_false (mimo_sse_parser_feed (parser, "\n\n", 2, count_cb, &count, &error));
        g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_PROTOCOL);
      }
}

/* Keep-alive comments cost nothing, however long. */
static void
test_long_comment_is_free (void)
{
  g_autoptr (MimoSseParser) parser = mimo_sse_parser_new ();
  g_autoptr (GError)        error = NULL;
  g_autofree char          *padding = g_malloc (4096);
  guint                     count = 0;

  memset (padding, ' ', 4096);
  mimo_sse_parser_set_max_event_size (parser, 1024);
  g_assert_true (mimo_sse_parser_feed (parser, ":", 1, count_cb, &count, &error));
  for (guint i = 0; i < 256; i++)
    g_assert_true (mimo_sse_parser_feed (parser, padding, 4096, count_cb, &count, &error));
  g_assert_true (mimo_sse_parser_feed (parser, "\ndata: ok\n\n", 11, count_cb, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);
}

/* The default cap is 8 MiB: an event just under it goes through. */
static void
test_default_cap (void)
{
  g_autoptr (MimoSseParser) parser = mimo_sse_parser_new ();
  g_autoptr (GError)        error = NULL;
  gsize                     size = MIMO_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE - 64;
  g_autofree char          *big = g_malloc (size);
  guint                     count = 0;

  g_assert_cmpuint (mimo_sse_parser_get_max_event_size (parser), ==, 8 * 1024 * 1024);
  memset (big, 'y', size);
  g_assert_true (mimo_sse_parser_feed (parser, "data: ", 6, count_cb, &count, &error));
  g_assert_true (mimo_sse_parser_feed (parser, big, size, count_cb, &count, &error));
  g_assert_true (mimo_sse_parser_feed (parser, "\n\n", 2, count_cb, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);
}

/* Many lines ended by "\r" alone, in one chunk: each terminator search
 * starts where the last stopped (this would crawl if each line rescanned
 * the chunk for a "\n" that never comes). */
static void
test_many_cr_lines (void)
{
  g_autoptr (MimoSseParser) parser = mimo_sse_parser_new ();
  g_autoptr (GString)       input = g_string_new (NULL);
  guint                     count = 0;

  for (guint i = 0; i < 100000; i++)
    g_string_append (input, "data: x\r\r");
  g_assert_true (mimo_sse_parser_feed (parser, input->str, input->len, count_cb, &count, NULL));
  g_assert_cmpuint (count, ==, 100000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/sse-parser/fields", test_fields);
  g_test_add_func ("/core/sse-parser/cr-lf-across-chunks", test_cr_lf_across_chunks);
  g_test_add_func ("/core/sse-parser/partial-event", test_partial_event);
  g_test_add_func ("/core/sse-parser/stop-and-reset", test_stop_and_reset);
  g_test_add_func ("/core/sse-parser/recorded", test_recorded_whole);
  g_test_add_func ("/core/sse-parser/split-every-byte", test_recorded_split_every_byte);
  g_test_add_func ("/core/sse-parser/split-random", test_recorded_split_random);
  g_test_add_func ("/core/sse-parser/max-event-size", test_max_event_size);
  g_test_add_func ("/core/sse-parser/long-comment", test_long_comment_is_free);
  g_test_add_func ("/core/sse-parser/default-cap", test_default_cap);
  g_test_add_func ("/core/sse-parser/many-cr-lines", test_many_cr_lines);

  return g_test_run ();
}
