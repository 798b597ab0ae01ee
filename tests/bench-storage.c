/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-storage.c: history and ledger timings at scale (1,000 chats, 100,000 messages and ledger rows). */

#define G_LOG_DOMAIN "bench-storage"

#include "config.h"

#include <glib/gstdio.h>

#include "mimo-store-private.h"
#include "mimo-test-ledger.h"

#define N_CONVERSATIONS 1000
#define N_MESSAGES      100000
#define BIG_CHAT        10000
#define N_LEDGER        100000
#define RUNS            5

static const char *const words[] = {
  "the",
  "a",
  "tea",
  "water",
  "temperature",
  "Kyoto",
  "garden",
  "light",
  "function",
  "memory",
  "river",
  "because",
  "quickly",
  "history",
  "answer",
  "question",
  "model",
  "token",
  "budget",
  "travel",
  "bread",
  "paper",
  "window",
  "music",
  "silver",
  "mountain",
  "coffee",
  "letter",
  "engine",
  "harbor",
  "pencil",
  "of",
  "and",
  "to",
  "in",
  "is",
  "that",
  "for",
  "it",
  "with",
  "as",
  "on",
  "was",
  "be",
  "at",
  "by",
};

static char *
make_text (GRand *rand,
           int    n_words)
{
  GString *text = g_string_new (NULL);

  for (int i = 0; i < n_words; i++)
    {
      if (i > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
  /* One rare word per message, so a search can find a needle. */
  g_string_append_printf (text, " zq%u.", g_rand_int_range (rand, 0, 1000000));

  return g_string_free (text, FALSE);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        double     *runs,
        guint       n_runs,
        double      target_ms)
{
  qsort (runs, n_runs, sizeof (double), compare_doubles);
  g_print ("  %-52s median %8.2f ms  (min %.2f, max %.2f)%s\n", what, runs[n_runs / 2], runs[0], runs[n_runs - 1],
           target_ms <= 0 ? "" : runs[n_runs / 2] <= target_ms ? "  within target"
                                                               : "  OVER TARGET");
}

static void
fill_history (const char *path,
              GRand      *rand)
{
  g_autoptr (MimoStore)      store = mimo_store_new (path);
  g_autoptr (MimoChatParams) params = mimo_chat_params_new ();
  gint64                     start = g_get_monotonic_time ();
  guint                      per_chat = (N_MESSAGES - BIG_CHAT) / (N_CONVERSATIONS - 1);

  for (guint c = 0; c < N_CONVERSATIONS; c++)
    {
      MimoConversation *conversation;
      guint             n = c == N_CONVERSATIONS / 2 ? BIG_CHAT : per_chat;

      mimo_store_hold_writes (store);
      conversation = mimo_store_create_conversation (store);
      for (guint m = 0; m < n; m++)
        {
          gboolean                user = m % 2 == 0;
          g_autofree char        *text = make_text (rand, user ? g_rand_int_range (rand, 5, 60) : g_rand_int_range (rand, 40, 400));
          g_autoptr (MimoMessage) message = mimo_message_new (user ? MIMO_ROLE_USER : MIMO_ROLE_ASSISTANT, text);

          if (!user)
            {
              MimoUsage usage = { .prompt_tokens = 1000, .completion_tokens = 300 };

              mimo_message_set_params (message, params);
              mimo_message_set_usage (message, &usage, 950000);
            }
          mimo_conversation_add_message (conversation, message);
        }
      mimo_store_release_writes (store);
    }

  g_print ("  wrote %d conversations / %d messages in %.1f s\n", N_CONVERSATIONS, N_MESSAGES, ms_since (start) / 1000);
}

static void
fill_ledger (const char *path,
             GRand      *rand)
{
  g_autoptr (MimoStore) store = mimo_store_new (path);
  gint64                start = g_get_monotonic_time ();
  g_autoptr (GPtrArray) chats = mimo_test_fill_ledger (store, rand, N_CONVERSATIONS, N_LEDGER);

  g_print ("  wrote %d ledger rows in %.1f s\n", N_LEDGER, ms_since (start) / 1000);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

static void
measure_history (const char *path)
{
  double     runs[RUNS];
  MimoStore *store = NULL;

  g_print ("\nHistory\n");

  for (guint r = 0; r < RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();

      store = mimo_store_new (path);
      g_assert (g_list_model_get_n_items (mimo_store_get_conversations (store)) == N_CONVERSATIONS);
      runs[r] = ms_since (start);
      if (r + 1 < RUNS)
        g_clear_object (&store);
    }
  report ("open the store: check, migrate, list 1,000 chats", runs, RUNS, 0);

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr (GPtrArray) list = NULL;
      gint64                start = g_get_monotonic_time ();

      list = mimo_database_load_conversations (_mimo_store_get_database (store), NULL);
      runs[r] = ms_since (start);
    }
  report ("list conversations (the query alone)", runs, RUNS, 100);

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr (MimoStore) fresh = mimo_store_new (path);
      MimoConversation     *big = NULL;
      GListModel           *list = mimo_store_get_conversations (fresh);
      GListModel           *messages;
      gint64                start;
      guint                 n;

      for (guint i = 0; i < g_list_model_get_n_items (list) && big == NULL; i++)
        {
          g_autoptr (MimoConversation) conversation = g_list_model_get_item (list, i);

          if (mimo_conversation_get_n_messages (conversation) == BIG_CHAT)
            big = conversation;
        }
      g_assert (big != NULL);

      /* What a view does: the model, then the text of the newest screenful. */
      start = g_get_monotonic_time ();
      messages = mimo_conversation_get_messages (big);
      n = g_list_model_get_n_items (messages);
      for (guint i = n - 30; i < n; i++)
        {
          g_autoptr (MimoMessage) message = g_list_model_get_item (messages, i);

          g_assert (mimo_message_get_content_length (message) > 0);
        }
      runs[r] = ms_since (start);
    }
  report ("open a 10,000-message chat for display", runs, RUNS, 200);

  {
    static const char *const queries[] = { "zq1234", "mountain coffee", "harb", "the" };

    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        g_autofree char *what = g_strdup_printf ("search '%s' (50 hits max)", queries[q]);
        guint            n_hits = 0;

        for (guint r = 0; r < RUNS; r++)
          {
            g_autoptr (GPtrArray) hits = NULL;
            gint64                start = g_get_monotonic_time ();

            hits = mimo_store_search (store, queries[q], 50, NULL);
            runs[r] = ms_since (start);
            n_hits = hits->len;
          }
        report (what, runs, RUNS, 50);
        g_print ("    %u hits\n", n_hits);
      }
  }

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);

    g_print ("  database size: %.1f MB (+ %.1f MB write-ahead log)\n", file_size (path) / 1e6, file_size (wal) / 1e6);
  }

  {
    gint64           start = g_get_monotonic_time ();
    g_autofree char *result = mimo_database_check_integrity (_mimo_store_get_database (store), NULL);

    g_print ("  PRAGMA integrity_check: %s in %.0f ms\n", result, ms_since (start));
  }

  g_object_unref (store);
}

static void
measure_ledger (const char *path)
{
  g_autoptr (MimoStore) store = mimo_store_new (path);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) month_start = mimo_ledger_period_floor (MIMO_LEDGER_PERIOD_MONTH, now);
  g_autoptr (GDateTime) month_end = mimo_ledger_period_next (MIMO_LEDGER_PERIOD_MONTH, month_start);
  g_autoptr (GDateTime) today = mimo_ledger_period_floor (MIMO_LEDGER_PERIOD_DAY, now);
  g_autoptr (GDateTime) tomorrow = g_date_time_add_days (today, 1);
  g_autoptr (GDateTime) ninety = g_date_time_add_days (tomorrow, -90);
  g_autoptr (GDateTime) year = g_date_time_add_years (tomorrow, -1);
  MimoLedger           *ledger = mimo_store_get_ledger (store);
  double                runs[RUNS];

  g_print ("\nLedger (%d rows)\n", N_LEDGER);

  for (guint r = 0; r < RUNS; r++)
    {
      MimoLedgerTotals totals;
      gint64           start = g_get_monotonic_time ();

      mimo_ledger_query_totals (ledger, month_start, month_end, &totals, NULL);
      runs[r] = ms_since (start);
    }
  report ("totals for this month", runs, RUNS, 100);

  for (guint r = 0; r < RUNS; r++)
    {
      MimoLedgerTotals totals;
      gint64           start = g_get_monotonic_time ();

      mimo_ledger_query_totals (ledger, NULL, NULL, &totals, NULL);
      runs[r] = ms_since (start);
    }
  report ("totals for all time", runs, RUNS, 100);

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr (GPtrArray) buckets = NULL;
      gint64                start = g_get_monotonic_time ();

      buckets = mimo_ledger_query_buckets (ledger, MIMO_LEDGER_PERIOD_DAY, ninety, tomorrow, NULL);
      runs[r] = ms_since (start);
      g_assert (buckets->len == 90);
    }
  report ("daily buckets for 90 days", runs, RUNS, 100);

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr (GPtrArray) buckets = NULL;
      gint64                start = g_get_monotonic_time ();

      buckets = mimo_ledger_query_buckets (ledger, MIMO_LEDGER_PERIOD_WEEK, year, tomorrow, NULL);
      runs[r] = ms_since (start);
    }
  report ("weekly buckets for a year", runs, RUNS, 100);

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr (GPtrArray) top = NULL;
      gint64                start = g_get_monotonic_time ();

      top = mimo_ledger_query_top_conversations (ledger, month_start, month_end, 10, NULL);
      runs[r] = ms_since (start);
    }
  report ("10 most expensive chats this month", runs, RUNS, 100);

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr (GPtrArray) top = NULL;
      gint64                start = g_get_monotonic_time ();

      top = mimo_ledger_query_top_conversations (ledger, year, tomorrow, 10, NULL);
      runs[r] = ms_since (start);
    }
  report ("10 most expensive chats this year", runs, RUNS, 100);

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr (MimoConversation) conversation = g_list_model_get_item (mimo_store_get_conversations (store), r);
      g_autoptr (GPtrArray)        entries = NULL;
      gint64                       start = g_get_monotonic_time ();

      entries = mimo_ledger_query_conversation_entries (ledger, mimo_conversation_get_id (conversation), NULL);
      runs[r] = ms_since (start);
    }
  report ("the rows of one chat", runs, RUNS, 100);

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
      gint64                    start = g_get_monotonic_time ();

      mimo_ledger_export_csv (ledger, out, NULL, NULL);
      runs[r] = ms_since (start);
      if (r == 0)
        g_print ("  CSV export: %.1f MB\n", g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)) / 1e6);
    }
  report ("CSV export of every row (to memory)", runs, RUNS, 0);
}

static void
measure_streaming (const char *path)
{
  g_autoptr (MimoStore)   store = mimo_store_new (path);
  g_autoptr (MimoMessage) answer = mimo_message_new (MIMO_ROLE_ASSISTANT, NULL);
  MimoConversation       *conversation = mimo_store_create_conversation (store);
  gint64                  start;
  double                  elapsed;

  g_print ("\nStreaming\n");
  mimo_message_set_state (answer, MIMO_MESSAGE_STATE_STREAMING, NULL);
  mimo_conversation_add_message (conversation, answer);

  /* 65,536 tokens, appended as fast as possible: the throttle keeps the
   * writes to a handful however fast the deltas come. */
  start = g_get_monotonic_time ();
  for (int i = 0; i < 65536; i++)
    mimo_message_append_content (answer, "tok ", 4);
  elapsed = ms_since (start);
  g_print ("  65,536 deltas appended in %.1f ms (%.2f us each)\n", elapsed, elapsed * 1000 / 65536);

  start = g_get_monotonic_time ();
  mimo_message_set_state (answer, MIMO_MESSAGE_STATE_COMPLETE, NULL);
  g_print ("  final write of a 256 KB answer: %.2f ms\n", ms_since (start));
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char      *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GRand)  rand = g_rand_new_with_seed (20240601);
  g_autoptr (GError) error = NULL;
  g_autofree char   *dir = g_dir_make_tmp ("bench-storage-XXXXXX", &error);
  g_autofree char   *history = NULL;
  g_autofree char   *ledger = NULL;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  history = g_build_filename (dir, "history.db", NULL);
  ledger = g_build_filename (dir, "ledger.db", NULL);

  g_print ("bench-storage: figures only, never a failure\n\nBuilding the data\n");
  fill_history (history, rand);
  fill_ledger (ledger, rand);

  measure_history (history);
  measure_ledger (ledger);
  measure_streaming (ledger);

  remove_tree (dir);
  return 0;
}
