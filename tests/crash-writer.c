/* SPDX-License-Identifier: GPL-3.0-or-later */
/* crash-writer.c: streams an answer into a history file, then dies by SIGKILL mid-stream (for test-store). */

#define G_LOG_DOMAIN "crash-writer"

#include "config.h"

#include <signal.h>
#include <unistd.h>

#include "mimo-store.h"

/* Usage: crash-writer DB REPORT. Appends "w0 w1 w2 …" one word every
 * 5 ms for 900 ms, writes to REPORT how many words were appended by 500 ms
 * before the end (all of them must have been saved: the bound is 250 ms,
 * with room for a loaded machine), then kills itself. */

#define WORD_INTERVAL_MS 5
#define RUN_MS           900
#define GRACE_MS         500

typedef struct
{
  MimoMessage *answer;
  GArray      *times;
  guint        n_words;
  gint64       start;
} Stream;

static gboolean
word_cb (gpointer user_data)
{
  Stream          *stream = user_data;
  g_autofree char *word = g_strdup_printf ("w%u ", stream->n_words++);
  gint64           now = g_get_monotonic_time ();

  mimo_message_append_content (stream->answer, word, -1);
  g_array_append_val (stream->times, now);

  return now - stream->start < RUN_MS * 1000 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (MimoStore)   store = NULL;
  g_autoptr (MimoMessage) question = NULL;
  g_autoptr (MimoMessage) answer = NULL;
  g_autofree char        *report = NULL;
  MimoConversation       *conversation;
  Stream                  stream = { 0 };
  gint64                  deadline;
  guint                   safe = 0;
  gboolean                running = TRUE;

  if (argc != 3)
    return 2;

  store = mimo_store_new (argv[1]);
  conversation = mimo_store_create_conversation (store);
  question = mimo_message_new (MIMO_ROLE_USER, "Count for me");
  mimo_conversation_add_message (conversation, question);
  answer = mimo_message_new (MIMO_ROLE_ASSISTANT, NULL);
  mimo_message_set_state (answer, MIMO_MESSAGE_STATE_STREAMING, NULL);
  mimo_conversation_add_message (conversation, answer);

  stream.answer = answer;
  stream.times = g_array_new (FALSE, FALSE, sizeof (gint64));
  stream.start = g_get_monotonic_time ();
  g_timeout_add (WORD_INTERVAL_MS, word_cb, &stream);

  while (running)
    {
      g_main_context_iteration (NULL, TRUE);
      running = g_get_monotonic_time () - stream.start < RUN_MS * 1000;
    }

  deadline = g_get_monotonic_time () - GRACE_MS * 1000;
  for (guint i = 0; i < stream.times->len; i++)
    {
      if (g_array_index (stream.times, gint64, i) <= deadline)
        safe = i + 1;
    }
  report = g_strdup_printf ("%u %u\n", safe, stream.n_words);
  if (!g_file_set_contents (argv[2], report, -1, NULL))
    return 3;

  kill (getpid (), SIGKILL);
  return 4;
}
