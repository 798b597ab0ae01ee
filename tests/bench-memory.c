/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-memory.c: resident memory after streaming a 65,536-token answer twice, through the client and through the store. */

#define G_LOG_DOMAIN "bench-memory"

#include "config.h"

#include <glib/gstdio.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "mimo-test-chat.h"
#include "mimo-test-utils.h"
#include "mimo-turn.h"

#define N_TOKENS 65536

/* RSS as it is, and once malloc has given back what it only keeps
 * cached: memory flat means the second figure does not grow. */
static void
report (const char *what)
{
  double rss = mimo_test_rss_mb ();

  malloc_trim (0);
  printf ("  rss %-30s %6.1f MB (%6.1f MB after malloc_trim)\n", what, rss, mimo_test_rss_mb ());
  fflush (stdout);
}

static void
turn_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  mimo_turn_finish (MIMO_TURN (object), result, NULL);
  *done = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char      *question = g_strdup_printf ("A long one [[mimo-test:bench %d]]", N_TOKENS);
  g_autofree char      *dir = g_dir_make_tmp ("mimo-bench-memory-XXXXXX", NULL);
  g_autofree char      *path = g_build_filename (dir, "history.db", NULL);
  MimoTestClientFixture fixture = { 0 };

  mimo_test_client_fixture_set_up (&fixture, NULL);

  printf ("Memory while streaming a %d-token answer twice in one process (flat: the second figure does not grow)\n",
          N_TOKENS);
  report ("at start:");

  /* The client alone: the completion holds the answer until it is freed. */
  for (guint i = 1; i <= 2; i++)
    {
      g_autoptr (MimoTestChat) chat = mimo_test_chat_run (fixture.client, question, TRUE);

      mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_COMPLETE, 0);
      if (i == 1)
        printf ("  (%" G_GSIZE_FORMAT " bytes of text)\n", mimo_completion_get_content_length (chat->completion));
      g_clear_pointer (&chat, mimo_test_chat_free);
      report (i == 1 ? "after client stream 1:" : "after client stream 2:");
    }

  /* Through a turn into a history file, as the app and --ask do; the
   * store keeps both chats (their text is loaded lazily again). */
  {
    g_autoptr (MimoStore)      store = mimo_store_new (path);
    g_autoptr (MimoChatParams) params = mimo_chat_params_new ();

    for (guint i = 1; i <= 2; i++)
      {
        MimoConversation    *conversation = mimo_store_create_conversation (store);
        g_autoptr (MimoTurn) turn = mimo_turn_new (store, fixture.client, conversation, params);
        gboolean             done = FALSE;

        mimo_turn_ask_async (turn, question, NULL, turn_done_cb, &done);
        mimo_test_wait_for_flag (&done, 120000);
        mimo_store_flush (store);
        g_clear_object (&turn);
        report (i == 1 ? "after store stream 1:" : "after store stream 2:");
      }
  }

  mimo_test_client_fixture_tear_down (&fixture, NULL);
  g_unlink (path);
  {
    g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
    const char      *name;

    while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_unlink (file);
      }
  }
  g_rmdir (dir);

  return 0;
}
