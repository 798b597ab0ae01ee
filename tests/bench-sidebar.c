/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-sidebar.c: the sidebar over a long history: open, draw, search, a chat moving to the top. Prints figures. */

#define G_LOG_DOMAIN "bench-sidebar"

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <locale.h>

#include "mimo-application.h"
#include "mimo-test-gui.h"
#include "mimo-test-sidebar.h"
#include "mimo-test-utils.h"


static double
ms_since (gint64 start_us)
{
  return (g_get_monotonic_time () - start_us) / 1000.0;
}

static guint n_chats = 5000;

static void
seed (const char *path)
{
  g_autoptr (MimoStore) store = mimo_store_new (path);

  mimo_store_hold_writes (store);
  for (guint i = 0; i < n_chats; i++)
    {
      MimoTestSeedChat chat = mimo_test_seed_chats[i % MIMO_TEST_N_SEED_CHATS];

      mimo_test_add_exchange (store, mimo_store_create_conversation (store), &chat);
    }
  mimo_store_release_writes (store);
}

static gboolean
page_is (gpointer user_data)
{
  gpointer *args = user_data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (args[0]), args[1]) == 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char             *dir = g_dir_make_tmp ("bench-sidebar-XXXXXX", NULL);
  g_autofree char             *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr (MimoApplication)  app = NULL;
  g_autoptr (MimoStore)        store = NULL;
  g_autoptr (MimoConversation) last = NULL;
  g_autoptr (GError)           error = NULL;
  g_autoptr (MimoMessage)      question = NULL;
  GtkSearchEntry              *entry;
  MimoWindow                  *window;
  gpointer                     args[2];
  gint64                       start;

  if (argc > 1)
    n_chats = (guint) g_ascii_strtoull (argv[1], NULL, 10);
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  g_setenv ("EMPIRIOLABS_API_KEY", "sk-empiriolabs-bench", TRUE);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  gtk_init ();
  adw_init ();

  app = mimo_application_new (APPLICATION_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  start = g_get_monotonic_time ();
  seed (path);
  g_print ("%d chats written in %.0f ms\n", n_chats, ms_since (start));

  start = g_get_monotonic_time ();
  store = mimo_store_new (path);
  g_print ("history opened in %.1f ms\n", ms_since (start));

  /* The first window pays for GTK's start (theme, icons, accessibility);
   * the second shows what the history costs. */
  start = g_get_monotonic_time ();
  window = mimo_test_sidebar_window (app, store, 1000, 720);
  g_print ("first window, %u chats: shown and drawn in %.1f ms\n", n_chats, ms_since (start));
  gtk_window_destroy (GTK_WINDOW (window));
  start = g_get_monotonic_time ();
  window = mimo_test_sidebar_window (app, store, 1000, 720);
  g_print ("second window, %u chats: shown and drawn in %.1f ms\n", n_chats, ms_since (start));

  /* The oldest chat gets a question: it moves from the bottom to the top. */
  last = g_list_model_get_item (mimo_store_get_conversations (store), n_chats - 1);
  question = mimo_message_new (MIMO_ROLE_USER, "One more question");
  start = g_get_monotonic_time ();
  mimo_conversation_add_message (last, question);
  g_print ("oldest chat moved to the top (saved, list and selection updated) in %.2f ms\n", ms_since (start));
  start = g_get_monotonic_time ();
  mimo_test_present_and_wait (GTK_WINDOW (window));
  g_print ("  and drawn (two frames) in %.1f ms\n", ms_since (start));

  {
    g_autoptr (GPtrArray) hits = NULL;

    start = g_get_monotonic_time ();
    hits = mimo_store_search (store, "lisbon", 100, NULL);
    g_print ("mimo_store_search “lisbon”, 100 hits: %.1f ms\n", ms_since (start));
  }

  entry = GTK_SEARCH_ENTRY (mimo_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY));
  mimo_sidebar_focus_search (mimo_window_get_sidebar (window));
  args[0] = mimo_test_sidebar_pages (window);
  args[1] = (gpointer) "results";
  start = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (entry), "lisbon");
  mimo_test_wait_until (page_is, args, 30000);
  g_print ("search “lisbon”: results listed %.1f ms after typing\n", ms_since (start));
  mimo_test_present_and_wait (GTK_WINDOW (window));
  /* GtkSearchEntry waits 150 ms for typing to pause; that is in here. */
  g_print ("search “lisbon” (the newest 50 of %d matching messages) shown in %.1f ms, "
           "150 ms of it the entry's pause\n",
           (n_chats + MIMO_TEST_N_SEED_CHATS - 1) / MIMO_TEST_N_SEED_CHATS * 2, ms_since (start));

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&store);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    if (system (command) != 0)
      g_warning ("Could not remove %s", dir);
  }

  return 0;
}
