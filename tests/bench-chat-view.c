/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-chat-view.c: the chat view's figures: a 64K-token stream in a real window, a 10,000-message chat, cold start. */

#define G_LOG_DOMAIN "bench-chat-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <time.h>

#include "mimo-application.h"
#include "mimo-chat-view-private.h"
#include "mimo-message-row.h"
#include "mimo-test-chat.h"
#include "mimo-test-gui.h"
#include "mimo-test-server.h"
#include "mimo-test-utils.h"

#define N_TOKENS       65536
#define STREAM_LIMIT_S 120

typedef struct
{
  guint  deltas;
  double cpu_start;
  double cpu_half;
  gint64 last_frame_us;
  gint64 max_gap_us;
  /* The same, counted from the first token on: what the person who
   * sent sees while the answer streams, after the Send itself. */
  gint64   max_token_gap_us;
  guint    frames;
  gboolean streaming;
} Stream;

static void
delta_cb (MimoCompletion *completion,
          const char     *content,
          const char     *reasoning,
          Stream         *stream)
{
  if (++stream->deltas == N_TOKENS / 2)
    stream->cpu_half = mimo_test_thread_cpu_seconds ();
}

static void
completion_cb (MimoTurn   *turn,
               GParamSpec *pspec,
               Stream     *stream)
{
  if (mimo_turn_get_completion (turn) != NULL)
    g_signal_connect (mimo_turn_get_completion (turn), "delta", G_CALLBACK (delta_cb), stream);
}

static void
after_paint_cb (GdkFrameClock *clock,
                Stream        *stream)
{
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (!stream->streaming)
    return;
  if (stream->last_frame_us != 0)
    {
      stream->max_gap_us = MAX (stream->max_gap_us, now - stream->last_frame_us);
      if (stream->deltas > 0)
        stream->max_token_gap_us = MAX (stream->max_token_gap_us, now - stream->last_frame_us);
    }
  stream->last_frame_us = now;
  stream->frames++;
}

static gboolean
not_busy (gpointer user_data)
{
  return !mimo_chat_view_get_busy (MIMO_CHAT_VIEW (user_data));
}

static gboolean
painted (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
set_flag_cb (GdkFrameClock *clock,
             gboolean      *flag)
{
  *flag = TRUE;
}

static void
bench_stream (MimoClient *client,
              GSettings  *settings,
              const char *dir)
{
  g_autofree char      *path = g_build_filename (dir, "stream.db", NULL);
  g_autoptr (MimoStore) store = mimo_store_new (path);
  GtkWindow            *window = GTK_WINDOW (gtk_window_new ());
  MimoChatView         *view = MIMO_CHAT_VIEW (mimo_chat_view_new (settings, client, store));
  Stream                stream = { 0 };
  GdkFrameClock        *clock;
  MimoTurn             *turn;
  double                cpu_end;

  gtk_window_set_default_size (window, 1200, 800);
  gtk_window_set_child (window, GTK_WIDGET (view));
  mimo_test_present_and_wait (window);
  /* A person takes a second or more to type; the view uses it (warm_up_cb). */
  mimo_test_spin (1000);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &stream);

  /* A long answer as models write them (paragraphs, headings, lists);
   * MIMO_BENCH_PARAGRAPH=1 streams it as one endless paragraph, the
   * worst case, where each update lays the whole paragraph out again. */
  mimo_composer_set_text (view->composer, g_getenv ("MIMO_BENCH_PARAGRAPH") != NULL
                                            ? "[[mimo-test:bench 65536]] Go"
                                            : "[[mimo-test:bench-answer 65536]] Go");
  stream.cpu_start = mimo_test_thread_cpu_seconds ();
  stream.streaming = TRUE;
  gtk_widget_activate_action (GTK_WIDGET (view->composer), "composer.send", NULL);
  turn = _mimo_chat_view_get_turn (view);
  g_signal_connect (turn, "notify::completion", G_CALLBACK (completion_cb), &stream);
  if (mimo_turn_get_completion (turn) != NULL)
    completion_cb (turn, NULL, &stream);
  stream.last_frame_us = g_get_monotonic_time ();
  {
    /* A view that cannot keep up is reported, not waited for forever. */
    gint64 deadline = g_get_monotonic_time () + STREAM_LIMIT_S * G_USEC_PER_SEC;

    while (!not_busy (view) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    if (!not_busy (view))
      {
        g_print ("Streaming did not end within %d s (%u of %u tokens shown): stopped.\n",
                 STREAM_LIMIT_S, stream.deltas, N_TOKENS);
        mimo_chat_view_stop (view);
        mimo_test_wait_until (not_busy, view, 30000);
      }
  }
  cpu_end = mimo_test_thread_cpu_seconds ();
  stream.streaming = FALSE;
  /* The wait from the last frame to the end counts too. */
  stream.max_gap_us = MAX (stream.max_gap_us, g_get_monotonic_time () - stream.last_frame_us);
  stream.max_token_gap_us = MAX (stream.max_token_gap_us, g_get_monotonic_time () - stream.last_frame_us);

  g_print ("Streaming %u tokens into the window (%u frames painted):\n", stream.deltas, stream.frames);
  if (stream.cpu_half > 0)
    g_print ("  main-thread CPU, first 32K tokens: %.3f s\n", stream.cpu_half - stream.cpu_start);
  else
    g_print ("  main-thread CPU, first 32K tokens: not reached\n");
  g_print ("  main-thread CPU, all tokens:       %.3f s", cpu_end - stream.cpu_start);
  if (stream.cpu_half > 0 && stream.deltas == N_TOKENS)
    g_print (" (ratio %.2f, target <= 2.2)", (cpu_end - stream.cpu_start) / (stream.cpu_half - stream.cpu_start));
  g_print ("\n");
  g_print ("  longest gap between frames:        %.1f ms from Send, %.1f ms from the first token (target <= 50)\n",
           stream.max_gap_us / 1000.0, stream.max_token_gap_us / 1000.0);
  g_print ("  RSS after:                         %.1f MB\n", mimo_test_rss_mb ());

  g_signal_handlers_disconnect_by_data (clock, &stream);
  gtk_window_destroy (window);
  mimo_test_spin (50);
}

static void
bench_open_long (MimoClient *client,
                 GSettings  *settings,
                 const char *dir)
{
  g_autofree char      *path = g_build_filename (dir, "long.db", NULL);
  g_autoptr (MimoStore) store = mimo_store_new (path);
  MimoConversation     *conversation = mimo_store_create_conversation (store);
  gint64                id = mimo_conversation_get_id (conversation);
  GtkWindow            *window;
  MimoChatView         *view;
  gboolean              drawn = FALSE;
  gint64                start;
  gulong                handler;

  mimo_store_hold_writes (store);
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char        *text = g_strdup_printf ("Message %u. %s", i,
                                               i % 2 ? "An answer of a few lines, with **some** Markdown in it and a list:\n\n- one\n- two\n"
                                                            : "A question?");
      g_autoptr (MimoMessage) message = mimo_message_new (i % 2 ? MIMO_ROLE_ASSISTANT : MIMO_ROLE_USER, text);

      mimo_conversation_add_message (conversation, message);
    }
  mimo_store_release_writes (store);
  g_clear_object (&store);

  /* GTK 4.8's list view makes up to 200 rows around what it shows. */
  {
    gint64     t = g_get_monotonic_time ();
    GPtrArray *made = g_ptr_array_new_with_free_func (g_object_unref);

    for (int i = 0; i < 200; i++)
      g_ptr_array_add (made, g_object_ref_sink (mimo_message_row_new ()));
    g_print ("  (making 200 message rows takes %.1f ms)\n", (g_get_monotonic_time () - t) / 1000.0);
    g_ptr_array_unref (made);
  }

  /* As after a restart: a fresh store reads the file. */
  store = mimo_store_new (path);
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1200, 800);
  view = MIMO_CHAT_VIEW (mimo_chat_view_new (settings, client, store));
  gtk_window_set_child (window, GTK_WIDGET (view));
  mimo_test_present_and_wait (window);

  handler = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (set_flag_cb), &drawn);
  start = g_get_monotonic_time ();
  mimo_chat_view_set_conversation (view, mimo_store_lookup_conversation (store, id));
  mimo_test_wait_until (painted, &drawn, 60000);
  g_print ("Opening a 10,000-message chat: first frame after %.1f ms (target <= 200)\n",
           (g_get_monotonic_time () - start) / 1000.0);
  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), handler);

  gtk_window_destroy (window);
  mimo_test_spin (50);
}

/* ------------------------------------------------------- cold start -- */

static gint64 child_t0;

static void
child_painted_cb (GdkFrameClock *clock,
                  gpointer       user_data)
{
  static gboolean once;

  if (once)
    return;
  once = TRUE;
  g_print ("first-frame-ms %.1f\n", (g_get_monotonic_time () - child_t0) / 1000.0);
}

static gboolean
child_quit_cb (gpointer user_data)
{
  g_print ("idle-rss-mb %.1f\n", mimo_test_rss_mb ());
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static void
child_map_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (child_painted_cb), NULL);
}

static void
empty_activate_cb (GApplication *application)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (application));

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
}

static void
window_added_cb (GtkApplication *application,
                 GtkWindow      *window)
{
  g_signal_connect (window, "map", G_CALLBACK (child_map_cb), NULL);
}

/* One process: the app (or an empty window built the same way) up to its
 * first frame, then idle for a second. */
static int
run_child (const char *what)
{
  g_autoptr (GtkApplication) application = NULL;

  child_t0 = g_ascii_strtoll (g_getenv ("MIMO_BENCH_T0"), NULL, 10);
  if (g_str_equal (what, "app"))
    application = GTK_APPLICATION (mimo_application_new ("io.github.mimochat.MimoChat.Bench", G_APPLICATION_NON_UNIQUE));
  else
    {
      application = GTK_APPLICATION (adw_application_new ("io.github.mimochat.MimoChat.Empty", G_APPLICATION_NON_UNIQUE));
      g_signal_connect (application, "activate", G_CALLBACK (empty_activate_cb), NULL);
    }
  g_signal_connect (application, "window-added", G_CALLBACK (window_added_cb), NULL);
  g_timeout_add (3000, child_quit_cb, application);
  return g_application_run (G_APPLICATION (application), 0, NULL);
}

static gboolean
spawn_child (const char *self_path,
             const char *what,
             double     *first_frame_ms,
             double     *rss)
{
  g_autofree char   *t0 = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
  g_autofree char   *out = NULL;
  g_auto (GStrv)     env = g_get_environ ();
  g_auto (GStrv)     lines = NULL;
  const char        *argv[] = { self_path, "--child", what, NULL };
  g_autoptr (GError) error = NULL;
  int                status;

  env = g_environ_setenv (env, "MIMO_BENCH_T0", t0, TRUE);
  env = g_environ_setenv (env, "GSK_RENDERER", "cairo", TRUE);
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error))
    {
      g_print ("  cannot start %s: %s\n", what, error->message);
      return FALSE;
    }
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "first-frame-ms "))
        *first_frame_ms = g_ascii_strtod (lines[i] + 15, NULL);
      else if (g_str_has_prefix (lines[i], "idle-rss-mb "))
        *rss = g_ascii_strtod (lines[i] + 12, NULL);
    }
  return TRUE;
}

static void
bench_cold_start (const char *self_path)
{
  double app_ms = 0, app_rss = 0, empty_ms = 0, empty_rss = 0;

  /* Warm the disk caches once, then measure each a few times. */
  spawn_child (self_path, "empty", &empty_ms, &empty_rss);
  g_print ("Cold start to the first frame, and idle RSS (GSK_RENDERER=cairo, best of 3):\n");
  {
    double best_app = G_MAXDOUBLE, best_empty = G_MAXDOUBLE;

    for (int i = 0; i < 3; i++)
      {
        if (spawn_child (self_path, "app", &app_ms, &app_rss))
          best_app = MIN (best_app, app_ms);
        if (spawn_child (self_path, "empty", &empty_ms, &empty_rss))
          best_empty = MIN (best_empty, empty_ms);
      }
    g_print ("  Mimo Chat:              %.1f ms, %.1f MB\n", best_app, app_rss);
    g_print ("  empty AdwApplicationWindow: %.1f ms, %.1f MB\n", best_empty, empty_rss);
    g_print ("  ratio %.2f (target <= 1.3), %+.1f MB (target <= +25)\n", best_app / best_empty, app_rss - empty_rss);
  }
}

/* The stand-in API in a process of its own, as the real one is: in this
 * one it would share the main loop, so rendering and writing the stream
 * would count as the window's time and hold its frames up. */
static GSubprocess *
start_server (const char *self_path,
              MimoClient *client)
{
  g_autofree char             *dir = g_path_get_dirname (self_path);
  g_autofree char             *program = g_build_filename (dir, "mimo-test-server", NULL);
  g_autoptr (GError)           error = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autofree char             *url = NULL;
  GSubprocess                 *server;

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, program, "--key", MIMO_TEST_API_KEY, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  url = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  mimo_client_set_base_url (client, url);
  mimo_client_set_api_key (client, MIMO_TEST_API_KEY);
  return server;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (MimoClient)  client = NULL;
  g_autoptr (GSubprocess) server = NULL;
  g_autoptr (GSettings)   settings = NULL;
  g_autofree char        *dir = NULL;
  g_autofree char        *self_path = NULL;

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2]);

  self_path = g_canonicalize_filename (argv[0], NULL);
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "bench", TRUE);
  g_setenv ("EMPIRIOLABS_API_KEY", MIMO_TEST_API_KEY, TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  dir = g_dir_make_tmp ("bench-chat-view-XXXXXX", NULL);
  /* Every process here keeps its history and keyring under @dir. */
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  {
    g_autofree char *keyring = g_build_filename (dir, "keyring", NULL);

    g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  }

  gtk_init ();
  adw_init ();
  client = mimo_client_new ();
  server = start_server (self_path, client);
  settings = g_settings_new (BASE_APPLICATION_ID);

  /* MIMO_BENCH_ONLY=stream|long|start runs one part. */
  if (g_getenv ("MIMO_BENCH_ONLY") == NULL || g_str_equal (g_getenv ("MIMO_BENCH_ONLY"), "stream"))
    bench_stream (client, settings, dir);
  if (g_getenv ("MIMO_BENCH_ONLY") == NULL || g_str_equal (g_getenv ("MIMO_BENCH_ONLY"), "long"))
    bench_open_long (client, settings, dir);
  if (g_getenv ("MIMO_BENCH_ONLY") == NULL || g_str_equal (g_getenv ("MIMO_BENCH_ONLY"), "start"))
    bench_cold_start (self_path);

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);

    if (system (cmd) != 0)
      g_print ("(could not remove %s)\n", dir);
  }
  return 0;
}
