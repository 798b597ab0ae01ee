/* SPDX-License-Identifier: GPL-3.0-or-later */
/* crash-draft.c: types into a chat's draft in a real draft view until it is killed (for test-draft-view). */

#define G_LOG_DOMAIN "crash-draft"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#include "mimo-draft-view.h"
#include "mimo-store.h"

/* Usage: crash-draft DB. Makes a chat in the history DB, shows its draft
 * in a MimoDraftView and types "w0 w1 w2 …" into it, a word every 5 ms
 * as one user action each, as a keyboard would. Prints the chat's id on
 * the first line, then after each word how many it has typed, and goes
 * on until something kills it. */

#define WORD_INTERVAL_MS 5

static gboolean
type_cb (gpointer user_data)
{
  static guint     n_words;
  GtkTextBuffer   *buffer = user_data;
  g_autofree char *word = g_strdup_printf ("w%u ", n_words++);

  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, word, -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  printf ("%u\n", n_words);
  fflush (stdout);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (MimoStore)   store = NULL;
  g_autoptr (MimoMessage) question = NULL;
  MimoConversation       *conversation;
  GtkWindow              *window;
  MimoDraftView          *view;

  if (argc != 2)
    return 2;

  gtk_init ();
  adw_init ();

  store = mimo_store_new (argv[1]);
  conversation = mimo_store_create_conversation (store);
  question = mimo_message_new (MIMO_ROLE_USER, "Write with me");
  mimo_conversation_add_message (conversation, question);

  window = GTK_WINDOW (gtk_window_new ());
  view = MIMO_DRAFT_VIEW (mimo_draft_view_new ());
  gtk_window_set_child (window, GTK_WIDGET (view));
  mimo_draft_view_set_conversation (view, conversation);
  gtk_window_present (window);

  printf ("%" G_GINT64_FORMAT "\n", mimo_conversation_get_id (conversation));
  fflush (stdout);

  g_timeout_add (WORD_INTERVAL_MS, type_cb, mimo_draft_view_get_buffer (view));
  for (;;)
    g_main_context_iteration (NULL, TRUE);
}
