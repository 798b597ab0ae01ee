/* SPDX-License-Identifier: GPL-3.0-or-later */
/* crash-ask.c: kills `mimo-chat --ask` with SIGKILL at random moments of a slow stream and measures what the history kept. */

#define G_LOG_DOMAIN "crash-ask"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "mimo-store.h"
#include "mimo-test-cli.h"
#include "mimo-test-server.h"
#include "mimo-test-utils.h"

/* `build-aux/dev crash [N]` runs this (issue 10, "Crash safety,
 * measured"). Each run asks one question against a loopback stream with
 * DELAY ms between events, waits for the first text, waits a random time
 * within the stream's length, sends SIGKILL, then opens the history as the
 * next start of the app would and checks:
 * - PRAGMA integrity_check says ok;
 * - the answer is there, marked interrupted by that open;
 * - its text is a prefix of what the program printed before it died, and
 *   of the whole answer;
 * and measures the text lost (printed but not saved) and its age at the
 * kill: the promise is at most the last 250 ms. Exit status 1 when a
 * check fails; the figures themselves never fail it. */

#define KEY        "sk-empiriolabs-crash-ask-9a8b7c"
#define QUESTION   "Tell me about crashes"
#define BOUND_MS   250
#define TIMEOUT_MS 120000

typedef struct
{
  MimoTestServer *server;
  char           *db_path;
  char           *full_text;
  gint64          stream_us;
  guint           delay_ms;
} Bench;

typedef struct
{
  guint   runs;
  guint   killed;
  guint   finished_first;
  guint   integrity_ok;
  guint   present;
  guint   interrupted;
  guint   prefix_ok;
  guint   within_bound;
  GArray *lost_chars; /* gint64 */
  GArray *lag_ms;     /* double */
  gint64  streamed_chars;
} Figures;

static gboolean
has_output (gpointer user_data)
{
  MimoTestCli *cli = user_data;

  return cli->out->len > 0;
}

static MimoTestCli *
spawn (Bench *bench)
{
  g_autofree char *question = g_strdup_printf (QUESTION " [[mimo-test:slow %u]]", bench->delay_ms);
  const char      *args[] = { "--ask", question, "--no-thinking", NULL };

  return mimo_test_cli_spawn (bench->server, NULL, KEY, NULL, args);
}

static char *
integrity_check (const char *path)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3      *db = NULL;
  char         *result = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    result = g_strdup (sqlite3_errmsg (db));

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return result;
}

/* The same answer streamed completely: the text every saved one must
 * begin with, and how long the stream runs after its first text. */
static void
measure_full_answer (Bench *bench)
{
  g_autoptr (MimoTestCli) cli = spawn (bench);
  gint64                  first_us;

  mimo_test_wait_until (has_output, cli, TIMEOUT_MS);
  first_us = g_get_monotonic_time ();
  mimo_test_wait_until (mimo_test_cli_finished, cli, TIMEOUT_MS);
  if (cli->status != 0)
    g_error ("The complete run failed (%d): %s", cli->status, cli->err->str);

  bench->stream_us = g_get_monotonic_time () - first_us;
  /* The program ends the answer's line itself. */
  bench->full_text = g_strndup (cli->out->str, cli->out->len - 1);
}

/* Killed after the answer was saved in full, on its way out (a loaded
 * machine widens that moment): nothing was lost, and the file must
 * still be sound. */
static gboolean
saved_in_full (Bench *bench)
{
  g_autoptr (MimoStore)        store = mimo_store_new (bench->db_path);
  g_autoptr (MimoConversation) conversation = g_list_model_get_item (mimo_store_get_conversations (store), 0);
  g_autoptr (MimoMessage)      answer = NULL;
  g_autofree char             *integrity = NULL;

  if (conversation == NULL || mimo_conversation_get_n_messages (conversation) != 2)
    return FALSE;
  answer = g_list_model_get_item (mimo_conversation_get_messages (conversation), 1);
  if (mimo_message_get_state (answer) != MIMO_MESSAGE_STATE_COMPLETE ||
      g_strcmp0 (mimo_message_get_content (answer), bench->full_text) != 0)
    return FALSE;

  g_clear_object (&answer);
  g_clear_object (&conversation);
  g_clear_object (&store);
  integrity = integrity_check (bench->db_path);
  if (g_strcmp0 (integrity, "ok") != 0)
    g_error ("integrity_check after a complete answer: %s", integrity);
  return TRUE;
}

static gboolean
check_run (Bench       *bench,
           MimoTestCli *cli,
           gint64       kill_us,
           Figures     *figures)
{
  g_autoptr (MimoStore)        store = NULL;
  g_autoptr (MimoConversation) conversation = NULL;
  g_autoptr (MimoMessage)      answer = NULL;
  g_autofree char             *integrity = NULL;
  const char                  *saved;
  gsize                        saved_len;
  gboolean                     ok = TRUE;

  /* The next start of the app. */
  store = mimo_store_new (bench->db_path);
  conversation = g_list_model_get_item (mimo_store_get_conversations (store), 0);
  if (conversation != NULL && mimo_conversation_get_n_messages (conversation) == 2)
    answer = g_list_model_get_item (mimo_conversation_get_messages (conversation), 1);

  if (answer == NULL)
    {
      g_printerr ("run %u: the answer is missing\n", figures->runs);
      return FALSE;
    }
  figures->present++;

  saved = mimo_message_get_content (answer);
  saved_len = strlen (saved);
  if (mimo_message_get_state (answer) == MIMO_MESSAGE_STATE_INTERRUPTED)
    figures->interrupted++;
  else
    {
      g_printerr ("run %u: the answer is %s, not interrupted\n", figures->runs,
                  mimo_message_state_to_string (mimo_message_get_state (answer)));
      ok = FALSE;
    }

  if (g_str_has_prefix (cli->out->str, saved) && g_str_has_prefix (bench->full_text, saved))
    {
      gint64 printed = g_utf8_strlen (cli->out->str, -1);
      gint64 lost = printed - g_utf8_strlen (saved, -1);
      double lag = 0;

      figures->prefix_ok++;
      figures->streamed_chars += printed;
      g_array_append_val (figures->lost_chars, lost);

      /* The age, at the kill, of the oldest text printed but not saved. */
      for (guint i = 0; lost > 0 && i < cli->out_chunks->len; i++)
        {
          MimoTestCliChunk *chunk = &g_array_index (cli->out_chunks, MimoTestCliChunk, i);

          if (chunk->end > saved_len)
            {
              lag = MAX (0, kill_us - chunk->time_us) / 1000.0;
              break;
            }
        }
      g_array_append_val (figures->lag_ms, lag);
      figures->within_bound += lag <= BOUND_MS;
    }
  else
    {
      g_printerr ("run %u: the saved text (%zu bytes) is not a prefix of the printed one (%zu bytes)\n",
                  figures->runs, saved_len, cli->out->len);
      ok = FALSE;
    }

  g_clear_object (&answer);
  g_clear_object (&conversation);
  g_clear_object (&store);

  integrity = integrity_check (bench->db_path);
  if (g_strcmp0 (integrity, "ok") == 0)
    figures->integrity_ok++;
  else
    {
      g_printerr ("run %u: integrity_check: %s\n", figures->runs, integrity);
      ok = FALSE;
    }

  return ok;
}

static gboolean
run_once (Bench   *bench,
          GRand   *rand,
          Figures *figures)
{
  g_autoptr (MimoTestCli) cli = spawn (bench);
  guint                   wait_ms = (guint) g_rand_int_range (rand, 0, (gint32) (bench->stream_us / 1000));
  gint64                  kill_us;

  figures->runs++;
  mimo_test_wait_until (has_output, cli, TIMEOUT_MS);
  mimo_test_spin (wait_ms);

  if (cli->exited)
    {
      /* Answered in full before the moment came (a loaded machine). */
      figures->finished_first++;
      mimo_test_wait_until (mimo_test_cli_finished, cli, TIMEOUT_MS);
      return TRUE;
    }

  kill_us = g_get_monotonic_time ();
  g_subprocess_send_signal (cli->process, SIGKILL);
  mimo_test_wait_until (mimo_test_cli_finished, cli, TIMEOUT_MS);
  if (cli->term_sig != SIGKILL || saved_in_full (bench))
    {
      /* It ended on its own between the check and the signal, or was
       * done and only exiting. */
      figures->finished_first++;
      return TRUE;
    }
  figures->killed++;

  return check_run (bench, cli, kill_us, figures);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint index;

  if (sorted->len == 0)
    return 0;

  index = MIN (sorted->len - 1, (guint) (p * (sorted->len - 1) + 0.5));
  return g_array_index (sorted, double, index);
}

static void
print_figures (Bench   *bench,
               Figures *figures,
               guint32  seed)
{
  gint64 lost_sum = 0, lost_max = 0;
  double lag_sum = 0;
  guint  checked = figures->lost_chars->len;

  for (guint i = 0; i < checked; i++)
    {
      gint64 lost = g_array_index (figures->lost_chars, gint64, i);

      lost_sum += lost;
      lost_max = MAX (lost_max, lost);
    }
  g_array_sort (figures->lag_ms, compare_doubles);
  for (guint i = 0; i < figures->lag_ms->len; i++)
    lag_sum += g_array_index (figures->lag_ms, double, i);

  printf ("mimo-chat --ask killed with SIGKILL at random moments of a %u ms-per-event stream (%.1f s of text), seed %u\n",
          bench->delay_ms, bench->stream_us / 1e6, seed);
  printf ("  runs:                     %u (%u killed mid-stream, %u finished before the moment came)\n",
          figures->runs, figures->killed, figures->finished_first);
  printf ("  integrity_check ok:       %u / %u\n", figures->integrity_ok, figures->killed);
  printf ("  answer present:           %u / %u\n", figures->present, figures->killed);
  printf ("  marked interrupted:       %u / %u (by the next open)\n", figures->interrupted, figures->killed);
  printf ("  saved text is a prefix:   %u / %u (of the printed text and of the whole answer)\n",
          figures->prefix_ok, figures->killed);
  if (checked > 0)
    {
      printf ("  characters lost:          mean %.1f, max %" G_GINT64_FORMAT " (of %.1f printed by the kill, on average)\n",
              (double) lost_sum / checked, lost_max, (double) figures->streamed_chars / checked);
      printf ("  age of the oldest lost text at the kill: mean %.0f ms, median %.0f ms, p95 %.0f ms, max %.0f ms\n",
              lag_sum / checked, percentile (figures->lag_ms, 0.5), percentile (figures->lag_ms, 0.95),
              percentile (figures->lag_ms, 1.0));
      printf ("  within %d ms:            %u / %u\n", BOUND_MS, figures->within_bound, checked);
    }
}

static void
quiet_cb (const char    *log_domain,
          GLogLevelFlags log_level,
          const char    *message,
          gpointer       user_data)
{
}

static void
remove_tree (GFile *file)
{
  g_autoptr (GFileEnumerator) children = NULL;
  GFileInfo                  *info;
  GFile                      *child;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL && g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    remove_tree (child);
  g_file_delete (file, NULL, NULL);
}

static char *
set_up_home (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *home = g_dir_make_tmp ("crash-ask-XXXXXX", &error);
  const char        *dirs[][2] = {
           { "XDG_DATA_HOME", "data" },
           { "XDG_CONFIG_HOME", "config" },
           { "XDG_CACHE_HOME", "cache" },
           { "XDG_STATE_HOME", "state" },
           { "XDG_RUNTIME_DIR", "runtime" },
  };

  if (home == NULL)
    g_error ("%s", error->message);

  /* Before anything asks GLib for these, so the child and we agree. */
  g_setenv ("HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, dirs[i][1], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (dirs[i][0], dir, TRUE);
    }
  return g_steal_pointer (&home);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = g_option_context_new ("— kill mimo-chat --ask mid-stream and measure what was kept");
  g_autoptr (GError)         error = NULL;
  g_autoptr (GRand)          rand = NULL;
  g_autofree char           *program = NULL;
  g_autofree char           *home = NULL;
  Bench                      bench = { 0 };
  Figures                    figures = { 0 };
  int                        runs = 100;
  int                        delay = 20;
  gint64                     seed = 0;
  gboolean                   ok = TRUE;
  GOptionEntry               entries[] = {
                  { "runs", 'n', 0, G_OPTION_ARG_INT, &runs, "How many times to kill it (default 100)", "N" },
                  { "delay", 'd', 0, G_OPTION_ARG_INT, &delay, "Milliseconds between streamed events (default 20)", "MS" },
                  { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Random seed, to repeat a series (default: from the clock)", "SEED" },
                  { "program", 'p', 0, G_OPTION_ARG_FILENAME, &program, "The mimo-chat to run (default: $MIMO_CHAT)", "PATH" },
                  { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("crash-ask: %s\n", error->message);
      return 2;
    }
  if (runs < 1 || delay < 1)
    {
      g_printerr ("crash-ask: --runs and --delay must be at least 1\n");
      return 2;
    }
  if (program != NULL)
    g_setenv ("MIMO_CHAT", program, TRUE);
  if (g_getenv ("MIMO_CHAT") == NULL)
    {
      g_printerr ("crash-ask: say which mimo-chat to run with --program or MIMO_CHAT\n");
      return 2;
    }
  /* Only 127.0.0.1 is ever reached: no proxy lookup. */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);

  /* The store's "Repaired …" notes would interleave with the figures. */
  g_log_set_handler ("mimo-database", G_LOG_LEVEL_MESSAGE, quiet_cb, NULL);
  home = set_up_home ();
  if (seed == 0)
    seed = g_get_real_time () & G_MAXUINT32;
  rand = g_rand_new_with_seed ((guint32) seed);

  bench.delay_ms = (guint) delay;
  bench.db_path = g_build_filename (g_get_user_data_dir (), "mimo-chat", "history.db", NULL);
  bench.server = mimo_test_server_new (KEY, 0, &error);
  if (bench.server == NULL)
    g_error ("%s", error->message);

  figures.lost_chars = g_array_new (FALSE, FALSE, sizeof (gint64));
  figures.lag_ms = g_array_new (FALSE, FALSE, sizeof (double));

  measure_full_answer (&bench);
  for (int i = 0; i < runs; i++)
    {
      ok &= run_once (&bench, rand, &figures);
      if ((i + 1) % 10 == 0)
        g_printerr ("%d of %d runs\n", i + 1, runs);
    }

  print_figures (&bench, &figures, (guint32) seed);

  g_array_unref (figures.lost_chars);
  g_array_unref (figures.lag_ms);
  g_clear_object (&bench.server);
  g_free (bench.db_path);
  g_free (bench.full_text);

  {
    g_autoptr (GFile) dir = g_file_new_for_path (home);

    remove_tree (dir);
  }

  return ok ? 0 : 1;
}
