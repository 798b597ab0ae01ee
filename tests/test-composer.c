/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-composer.c: Enter sends, Shift+Enter breaks the line, Send turns into Stop while busy. */

#define G_LOG_DOMAIN "test-composer"

#include "config.h"

#include <adwaita.h>

#include "mimo-composer.h"
#include "mimo-test-gui.h"
#include "mimo-test-utils.h"

typedef struct
{
  GtkWindow    *window;
  MimoComposer *composer;
  GPtrArray    *sent;
  guint         stops;
} Fixture;

static void
send_cb (MimoComposer *composer,
         const char   *text,
         Fixture      *fixture)
{
  g_ptr_array_add (fixture->sent, g_strdup (text));
}

static void
stop_cb (MimoComposer *composer,
         Fixture      *fixture)
{
  fixture->stops++;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->composer = MIMO_COMPOSER (mimo_composer_new ());
  fixture->sent = g_ptr_array_new_with_free_func (g_free);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->composer));
  g_signal_connect (fixture->composer, "send", G_CALLBACK (send_cb), fixture);
  g_signal_connect (fixture->composer, "stop", G_CALLBACK (stop_cb), fixture);
  gtk_window_present (fixture->window);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  gtk_window_destroy (fixture->window);
  g_ptr_array_unref (fixture->sent);
}

static GtkWidget *
find_text_view (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text_view (child);

      if (found)
        return found;
    }

  return NULL;
}

/* Feeds a key press to the text view's own shortcuts, as GTK's shortcut
 * controller would (GTK 4 cannot make a key event in a test); TRUE when
 * one took it, FALSE when the key would go on to the text view. */
static gboolean
press_key (Fixture        *fixture,
           guint           keyval,
           GdkModifierType state)
{
  GtkWidget *text_view = find_text_view (GTK_WIDGET (fixture->composer));

  return mimo_test_press_shortcut (text_view, keyval, state);
}

static void
test_enter_sends (Fixture      *fixture,
                  gconstpointer data)
{
  /* Nothing to send: Enter does nothing. */
  g_assert_true (press_key (fixture, GDK_KEY_Return, 0));
  g_assert_cmpuint (fixture->sent->len, ==, 0);

  mimo_composer_set_text (fixture->composer, "  Hello there \n");
  g_assert_false (press_key (fixture, GDK_KEY_Return, GDK_SHIFT_MASK));
  g_assert_cmpuint (fixture->sent->len, ==, 0);

  g_assert_true (press_key (fixture, GDK_KEY_KP_Enter, 0));
  g_assert_cmpuint (fixture->sent->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->sent, 0), ==, "Hello there");

  /* Other keys go to the text view. */
  g_assert_false (press_key (fixture, GDK_KEY_a, 0));
}

static void
test_busy_stops (Fixture      *fixture,
                 gconstpointer data)
{
  mimo_composer_set_text (fixture->composer, "Write a poem");
  mimo_composer_set_busy (fixture->composer, TRUE);

  /* While an answer streams, Enter does not send a second message. */
  press_key (fixture, GDK_KEY_Return, 0);
  g_assert_cmpuint (fixture->sent->len, ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.stop", NULL);
  g_assert_cmpuint (fixture->stops, ==, 1);

  mimo_composer_set_busy (fixture->composer, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.stop", NULL);
  g_assert_cmpuint (fixture->stops, ==, 1);
  gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.send", NULL);
  g_assert_cmpuint (fixture->sent->len, ==, 1);
}

static void
count_cb (guint *counter)
{
  (*counter)++;
}

static void
test_toggles_and_estimate (Fixture      *fixture,
                           gconstpointer data)
{
  guint notifies = 0;

  g_signal_connect_swapped (fixture->composer, "notify::web-search", G_CALLBACK (count_cb), &notifies);

  g_assert_false (mimo_composer_get_web_search (fixture->composer));
  mimo_composer_set_web_search (fixture->composer, TRUE);
  g_assert_true (mimo_composer_get_web_search (fixture->composer));
  g_assert_cmpuint (notifies, ==, 1);
  mimo_composer_set_search_first (fixture->composer, TRUE);
  g_assert_true (mimo_composer_get_search_first (fixture->composer));
  mimo_composer_set_thinking (fixture->composer, TRUE);
  g_assert_true (mimo_composer_get_thinking (fixture->composer));

  mimo_composer_set_estimate (fixture->composer, 1234567);
  g_assert_cmpint (mimo_composer_get_estimate (fixture->composer), ==, 1234567);
  mimo_composer_set_estimate (fixture->composer, -5);
  g_assert_cmpint (mimo_composer_get_estimate (fixture->composer), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  mimo_test_gui_init (&argc, &argv);

  g_test_add ("/gui/composer/enter-sends", Fixture, NULL, fixture_set_up, test_enter_sends, fixture_tear_down);
  g_test_add ("/gui/composer/busy-stops", Fixture, NULL, fixture_set_up, test_busy_stops, fixture_tear_down);
  g_test_add ("/gui/composer/toggles-and-estimate", Fixture, NULL, fixture_set_up, test_toggles_and_estimate, fixture_tear_down);

  return g_test_run ();
}
