/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-markdown-view.c: a 64K-token answer streamed into a MimoMarkdownView in a real window: CPU for 32K and 64K tokens, longest update. */

#define G_LOG_DOMAIN "bench-markdown-view"

#include "config.h"

#include <adwaita.h>
#include <time.h>

#include "mimo-markdown-view.h"
#include "mimo-test-answer.h"
#include "mimo-test-gui.h"
#include "mimo-test-utils.h"

#define N_TOKENS   65536
#define PER_UPDATE 16

static void
after_paint_cb (GdkFrameClock *clock,
                guint         *frames)
{
  (*frames)++;
}

static guint
count_widgets (GtkWidget *widget)
{
  guint n = 1;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child);
  return n;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char           *text = mimo_test_answer_generate (2026, N_TOKENS * 4);
  g_autoptr (GArray)         ends = mimo_test_answer_tokenize (text, 1);
  guint                      n_tokens = MIN (N_TOKENS, ends->len);
  GtkWindow                 *window;
  GtkWidget                 *scroller;
  GtkWidget                 *view;
  GtkAdjustment             *adjustment;
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  double                     cpu_start, cpu_half = 0, cpu_end;
  gint64                     longest_us = 0;
  guint                      frames = 0;
  guint                      updates = 0;

  mimo_test_gui_init (&argc, &argv);
  gtk_css_provider_load_from_resource (css, "/io/github/mimochat/MimoChat/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 800, 700);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  view = mimo_markdown_view_new ();
  gtk_widget_set_margin_start (view, 24);
  gtk_widget_set_margin_end (view, 24);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (window, scroller);
  mimo_test_present_and_wait (window);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint", G_CALLBACK (after_paint_cb), &frames);

  g_print ("bench-markdown-view: %u tokens (%" G_GSIZE_FORMAT " bytes) streamed into a MimoMarkdownView, %u tokens an update\n",
           n_tokens, g_array_index (ends, gsize, n_tokens - 1), PER_UPDATE);

  /* Each update is what the message row does once a frame: show the
   * longer text, and lay it out (measure, as the frame would) at the
   * width the window gives it; the window paints when its clock says. */
  cpu_start = mimo_test_thread_cpu_seconds ();
  for (guint i = PER_UPDATE - 1; i < n_tokens; i += PER_UPDATE)
    {
      gint64 start = g_get_monotonic_time ();
      int    minimum, natural;
      gsize  length = g_array_index (ends, gsize, i);

      mimo_markdown_view_set_text (MIMO_MARKDOWN_VIEW (view), text, (gssize) length);
      gtk_widget_measure (view, GTK_ORIENTATION_VERTICAL, 752, &minimum, &natural, NULL, NULL);
      longest_us = MAX (longest_us, g_get_monotonic_time () - start);
      updates++;

      /* Follow the end, as the chat does while an answer streams. */
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);

      if (cpu_half == 0 && i + 1 >= n_tokens / 2)
        cpu_half = mimo_test_thread_cpu_seconds ();
    }
  mimo_test_spin (100);
  cpu_end = mimo_test_thread_cpu_seconds ();

  g_print ("  main-thread CPU, first 32K tokens: %.3f s\n", cpu_half - cpu_start);
  g_print ("  main-thread CPU, all tokens:       %.3f s\n", cpu_end - cpu_start);
  g_print ("  ratio all / first half:            %.2f (target <= 2.2)\n", (cpu_end - cpu_start) / (cpu_half - cpu_start));
  g_print ("  longest update (set text + measure): %.1f ms over %u updates, %u frames painted\n", longest_us / 1e3, updates, frames);
  g_print ("  %u top-level blocks, %u widgets in the view\n",
           g_list_model_get_n_items (G_LIST_MODEL (mimo_markdown_view_get_document (MIMO_MARKDOWN_VIEW (view)))), count_widgets (view));

  gtk_window_destroy (window);
  return 0;
}
