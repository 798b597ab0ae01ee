/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-context.c: which history fits the context window, table-driven. */

#define G_LOG_DOMAIN "test-context"

#include "config.h"

#include <string.h>

#include "mimo-context.h"
#include "mimo-message.h"

/* A conversation written as a string: one letter a message (U user,
 * A assistant, F failed answer, S answer still streaming, E empty
 * answer), each message's text 4 × its token size. */
typedef struct
{
  const char *name;
  const char *history;
  gint64      tokens;        /* text tokens of every message */
  const char *system_prompt; /* NULL or text */
  gint64      window;
  gint64      max_tokens;
  const char *expected; /* letters sent, with their positions as digits */
  guint       left_out;
  gboolean    over_budget;
} ContextCase;

/* A message costs tokens + 4 (MIMO_CONTEXT_MESSAGE_OVERHEAD); each case's
 * arithmetic is in its comment. */
static const ContextCase cases[] = {
  /* 3 messages × 14 = 42 ≤ 100 − 10 */
  { "everything-fits", "UAU", 10, NULL, 100, 10, "0U 1A 2U", 0, FALSE },
  /* budget 60: newest turn 14, previous pair 28 (42), the oldest pair would make 70 */
  { "oldest-turn-dropped", "UAUAU", 10, NULL, 100, 40, "2U 3A 4U", 2, FALSE },
  /* system prompt of 40 chars = 10 tokens + 4 leaves 46: 14 + 28 = 42 fit */
  { "system-prompt-counts", "UAUAU", 10, "0123456789012345678901234567890123456789", 100, 40, "2U 3A 4U", 2, FALSE },
  /* budget 30: the previous pair (28) would make 42; never half a pair */
  { "pairs-stay-together", "UAUAU", 10, NULL, 100, 70, "4U", 4, FALSE },
  /* one question bigger than the window still goes, flagged */
  { "newest-question-kept", "UAU", 200, NULL, 100, 10, "2U", 2, TRUE },
  /* failed, streaming and empty answers are never sent, nor counted as left out */
  { "unsendable-skipped", "UFUAUES", 10, NULL, 1000, 10, "0U 2U 3A 4U", 0, FALSE },
  /* a question with two answers (answered again) is one turn: 14 + 42 = 56 ≤ 60, then > 40 */
  { "turn-with-two-answers", "UAAU", 10, NULL, 100, 40, "0U 1A 2A 3U", 0, FALSE },
  { "turn-with-two-answers-dropped", "UAAU", 10, NULL, 100, 60, "3U", 3, FALSE },
  /* an answer before any question travels with the first turn */
  { "leading-answer", "AUAU", 10, NULL, 100, 40, "0A 1U 2A 3U", 0, FALSE },
  { "empty", "", 10, NULL, 100, 10, "", 0, FALSE },
};

static GListStore *
build_history (const ContextCase *c)
{
  GListStore *store = g_list_store_new (MIMO_TYPE_MESSAGE);

  for (const char *p = c->history; *p != '\0'; p++)
    {
      g_autofree char        *text = g_strnfill ((gsize) c->tokens * 4, 'a' + (p - c->history) % 26);
      g_autoptr (MimoMessage) message = NULL;

      message = mimo_message_new (*p == 'U' ? MIMO_ROLE_USER : MIMO_ROLE_ASSISTANT, *p == 'E' ? NULL : text);
      if (*p == 'F')
        mimo_message_set_state (message, MIMO_MESSAGE_STATE_FAILED, "No.");
      else if (*p == 'S')
        mimo_message_set_state (message, MIMO_MESSAGE_STATE_STREAMING, NULL);
      g_list_store_append (store, message);
    }

  return store;
}

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ContextCase      *c = &cases[i];
      g_autoptr (GListStore)  history = build_history (c);
      g_autoptr (MimoContext) context = NULL;
      g_autoptr (GString)     sent = g_string_new (NULL);
      gint64                  expected_tokens = 0;
      gint64                  expected_chars = 0;

      g_test_message ("case %s", c->name);
      context = mimo_context_select (c->system_prompt, G_LIST_MODEL (history), c->window, c->max_tokens);

      for (guint j = 0; j < context->messages->len; j++)
        {
          MimoMessage *message = g_ptr_array_index (context->messages, j);
          guint        position = 0;

          g_assert_true (g_list_store_find (history, message, &position));
          g_string_append_printf (sent, "%s%u%c", j > 0 ? " " : "", position,
                                  mimo_message_get_role (message) == MIMO_ROLE_USER ? 'U' : 'A');
          expected_tokens += c->tokens + MIMO_CONTEXT_MESSAGE_OVERHEAD;
          expected_chars += c->tokens * 4;
        }
      if (c->system_prompt != NULL)
        {
          expected_chars += (gint64) strlen (c->system_prompt);
          expected_tokens += (gint64) strlen (c->system_prompt) / 4 + MIMO_CONTEXT_MESSAGE_OVERHEAD;
        }

      g_assert_cmpstr (sent->str, ==, c->expected);
      g_assert_cmpuint (context->n_left_out, ==, c->left_out);
      g_assert_cmpint (context->over_budget, ==, c->over_budget);
      g_assert_cmpint (context->estimated_tokens, ==, expected_tokens);
      g_assert_cmpint (context->n_chars, ==, expected_chars);
    }
}

/* The real window: 262,144 − 4,096 for the answer. */
static void
test_card_window (void)
{
  g_autoptr (GListStore)  history = g_list_store_new (MIMO_TYPE_MESSAGE);
  g_autoptr (MimoContext) context = NULL;
  g_autofree char        *text = g_strnfill (4000, 'w'); /* 1,000 tokens */

  for (int i = 0; i < 600; i++)
    {
      g_autoptr (MimoMessage) message = mimo_message_new (i % 2 ? MIMO_ROLE_ASSISTANT : MIMO_ROLE_USER, text);

      g_list_store_append (history, message);
    }
  {
    g_autoptr (MimoMessage) question = mimo_message_new (MIMO_ROLE_USER, "and now?");

    g_list_store_append (history, question);
  }

  context = mimo_context_select (NULL, G_LIST_MODEL (history), 262144, 4096);
  /* 258,048 tokens: the question (6) + 128 pairs of 2 × 1,004 = 257,030 */
  g_assert_cmpuint (context->messages->len, ==, 1 + 2 * 128);
  g_assert_cmpuint (context->n_left_out, ==, 600 - 256);
  g_assert_cmpint (context->estimated_tokens, <=, 262144 - 4096);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/context/cases", test_cases);
  g_test_add_func ("/core/context/card-window", test_card_window);

  return g_test_run ();
}
