/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-inspector.c: the spending window over 100,000 ledger rows: opening it, switching period, opening a chat. */

#define G_LOG_DOMAIN "bench-inspector"

#include "config.h"

#include <glib/gstdio.h>

#include "mimo-test-gui.h"
#include "mimo-test-ledger.h"
#include "mimo-test-utils.h"
#include "mimo-usage-inspector.h"

#define N_CONVERSATIONS 1000
#define N_LEDGER        100000
#define RUNS            7
#define TARGET_MS       100.0

static void
frame_cb (GdkFrameClock *clock,
          gboolean      *drawn)
{
  *drawn = TRUE;
}

/* Until the window has painted what the change produced. */
static void
wait_for_frame (GtkWindow *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  gboolean       drawn = FALSE;
  gulong         handler = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_cb), &drawn);

  gtk_widget_queue_draw (GTK_WIDGET (window));
  mimo_test_wait_for_flag (&drawn, 30000);
  g_signal_handler_disconnect (clock, handler);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        double     *ms)
{
  qsort (ms, RUNS, sizeof (double), compare_doubles);
  g_print ("  %-44s median %7.1f ms  (min %.1f, max %.1f)  %s\n", what, ms[RUNS / 2], ms[0], ms[RUNS - 1],
           ms[RUNS / 2] <= TARGET_MS ? "within target" : "OVER the 100 ms target");
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The chat with the most requests: the longest This Chat page. */
static gint64
busiest_chat (MimoStore *store)
{
  GListModel *conversations = mimo_store_get_conversations (store);
  gint64      best = 0, best_requests = -1;

  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr (MimoConversation) conversation = g_list_model_get_item (conversations, i);
      gint64                       requests = mimo_conversation_get_totals (conversation)->requests;

      if (requests > best_requests)
        {
          best = mimo_conversation_get_id (conversation);
          best_requests = requests;
        }
    }
  g_print ("  busiest chat: %" G_GINT64_FORMAT " requests\n", best_requests);
  return best;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char      *dir = g_dir_make_tmp ("bench-inspector-XXXXXX", NULL);
  g_autofree char      *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr (MimoStore) store = NULL;
  g_autoptr (GSettings) settings = NULL;
  static const char    *periods[] = { "The Last 13 Weeks", "The Last 12 Months", "The Last 30 Days" };
  double                open_ms[RUNS], switch_ms[RUNS], earlier_ms[RUNS], chat_ms[RUNS];
  gint64                start;
  gint64                busiest;

  mimo_test_gui_init (&argc, &argv);
  g_print ("Spending window (%d ledger rows, %d chats)\n", N_LEDGER, N_CONVERSATIONS);
  store = mimo_store_new (path);
  start = g_get_monotonic_time ();
  {
    g_autoptr (GRand)     rand = g_rand_new_with_seed (42);
    g_autoptr (GPtrArray) chats = mimo_test_fill_ledger (store, rand, N_CONVERSATIONS, N_LEDGER);
  }
  g_print ("  wrote the ledger in %.1f s\n", ms_since (start) / 1000);
  settings = g_settings_new (BASE_APPLICATION_ID);
  g_settings_set_int64 (settings, "monthly-budget", 10 * G_GINT64_CONSTANT (1000000000));
  g_settings_set_int64 (settings, "chat-budget", G_GINT64_CONSTANT (1000000000));
  busiest = busiest_chat (store);

  for (int run = 0; run < RUNS; run++)
    {
      MimoUsageInspector *inspector;
      GtkWidget          *time_page;

      /* Open: made, shown on Over Time, every page read, first frame. */
      start = g_get_monotonic_time ();
      inspector = mimo_usage_inspector_new (NULL, settings, store);
      gtk_window_set_default_size (GTK_WINDOW (inspector), 760, 720);
      mimo_usage_inspector_show_page (inspector, "time");
      mimo_test_present_and_wait (GTK_WINDOW (inspector));
      open_ms[run] = ms_since (start);

      /* Switch period: days → weeks → months → days, per switch. */
      time_page = adw_view_stack_get_child_by_name (
        ADW_VIEW_STACK (mimo_test_find_descendant (GTK_WIDGET (inspector), ADW_TYPE_VIEW_STACK)), "time");
      switch_ms[run] = 0;
      for (guint i = 0; i < G_N_ELEMENTS (periods); i++)
        {
          GtkWidget *button = mimo_test_find_by_text (time_page, GTK_TYPE_TOGGLE_BUTTON, periods[i]);
          double     ms;

          start = g_get_monotonic_time ();
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);
          wait_for_frame (GTK_WINDOW (inspector));
          ms = ms_since (start);
          switch_ms[run] = MAX (switch_ms[run], ms);
        }

      /* The twelve months before, with months shown. */
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (mimo_test_find_by_text (time_page, GTK_TYPE_TOGGLE_BUTTON,
                                                                               "The Last 12 Months")),
                                    TRUE);
      wait_for_frame (GTK_WINDOW (inspector));
      start = g_get_monotonic_time ();
      g_signal_emit_by_name (mimo_test_find_by_text (time_page, GTK_TYPE_BUTTON, "Earlier"), "clicked");
      wait_for_frame (GTK_WINDOW (inspector));
      earlier_ms[run] = ms_since (start);

      /* The busiest chat's page: every request, newest first. */
      start = g_get_monotonic_time ();
      mimo_usage_inspector_set_conversation_id (inspector, busiest + (run % 2));
      mimo_usage_inspector_show_page (inspector, "chat");
      wait_for_frame (GTK_WINDOW (inspector));
      chat_ms[run] = ms_since (start);

      gtk_window_destroy (GTK_WINDOW (inspector));
      mimo_test_spin (50);
    }

  report ("open (Over Time, 30 days, every page read)", open_ms);
  report ("switch period (slowest of days/weeks/months)", switch_ms);
  report ("the twelve months before", earlier_ms);
  report ("open the busiest chat's page (newest 25 shown)", chat_ms);

  g_settings_reset (settings, "monthly-budget");
  g_settings_reset (settings, "chat-budget");
  g_clear_object (&store);
  {
    const char *suffixes[] = { "", "-wal", "-shm", ".lock" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }
  return 0;
}
