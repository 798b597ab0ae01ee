/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-turn.c: a question through the real client and a real history file: answer saved, cost on the ledger. */

#define G_LOG_DOMAIN "test-turn"

#include "config.h"

#include <glib/gstdio.h>

#include "mimo-error.h"
#include "mimo-ledger.h"
#include "mimo-test-chat.h"
#include "mimo-test-utils.h"
#include "mimo-turn.h"

typedef struct
{
  MimoTestClientFixture net;
  char                 *dir;
  MimoStore            *store;
  MimoConversation     *conversation;
  MimoChatParams       *params;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *path = NULL;

  mimo_test_client_fixture_set_up (&fixture->net, data);
  fixture->dir = g_dir_make_tmp ("test-turn-XXXXXX", NULL);
  path = g_build_filename (fixture->dir, "history.db", NULL);
  fixture->store = mimo_store_new (path);
  fixture->conversation = g_object_ref (mimo_store_create_conversation (fixture->store));
  fixture->params = mimo_chat_params_new ();
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "history.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *lock = g_strconcat (path, ".lock", NULL);

  g_clear_object (&fixture->conversation);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->params, mimo_chat_params_free);
  mimo_test_client_fixture_tear_down (&fixture->net, data);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (lock);
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

typedef struct
{
  GAsyncResult *result;
  guint         deltas_before_cancel;
  guint         deltas;
  MimoTurn     *turn;
} Run;

static void
count_delta_cb (MimoCompletion *completion,
                const char     *content,
                const char     *reasoning,
                Run            *run)
{
  if (content != NULL && ++run->deltas == run->deltas_before_cancel)
    mimo_turn_cancel (run->turn);
}

static void
completion_notify_cb (MimoTurn   *turn,
                      GParamSpec *pspec,
                      Run        *run)
{
  g_signal_connect (mimo_turn_get_completion (turn), "delta", G_CALLBACK (count_delta_cb), run);
}

/* Asks @question and waits; returns whether the turn completed. */
static gboolean
ask (Fixture    *fixture,
     MimoTurn   *turn,
     const char *question,
     guint       cancel_after,
     GError    **error)
{
  Run      run = { .deltas_before_cancel = cancel_after, .turn = turn };
  gboolean ok;

  g_signal_connect (turn, "notify::completion", G_CALLBACK (completion_notify_cb), &run);
  if (question != NULL)
    mimo_turn_ask_async (turn, question, NULL, mimo_test_store_result_cb, &run.result);
  else
    mimo_turn_answer_async (turn, NULL, mimo_test_store_result_cb, &run.result);
  mimo_test_wait_for_result (&run.result, 30000);
  ok = mimo_turn_finish (turn, run.result, error);
  g_object_unref (run.result);
  g_signal_handlers_disconnect_by_data (turn, &run);

  return ok;
}

static GPtrArray *
ledger_rows (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  GPtrArray         *rows;

  rows = mimo_ledger_query_conversation_entries (mimo_store_get_ledger (fixture->store),
                                                 mimo_conversation_get_id (fixture->conversation),
                                                 &error);
  g_assert_no_error (error);
  return rows;
}

static void
test_complete (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr (MimoTurn)  turn = mimo_turn_new (fixture->store, fixture->net.client, fixture->conversation, fixture->params);
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError)    error = NULL;
  MimoLedgerEntry      *entry;
  MimoMessage          *answer;

  g_assert_true (ask (fixture, turn, "Say hello [[mimo-test:cached]]", 0, &error));
  g_assert_no_error (error);

  /* Question and answer are in the conversation, the answer complete. */
  g_assert_cmpuint (g_list_model_get_n_items (mimo_conversation_get_messages (fixture->conversation)), ==, 2);
  answer = mimo_turn_get_answer (turn);
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (mimo_message_get_content (answer), ==, mimo_completion_get_content (mimo_turn_get_completion (turn)));
  g_assert_cmpuint (mimo_message_get_content_length (answer), >, 0);
  g_assert_nonnull (mimo_message_get_usage (answer));
  g_assert_false (mimo_message_get_usage (answer)->estimated);
  g_assert_cmpint (mimo_message_get_cost_nanos (answer), ==, mimo_completion_get_computed_cost (mimo_turn_get_completion (turn)));
  g_assert_cmpstr (mimo_conversation_get_title (fixture->conversation), ==, "Say hello [[mimo-test:cached]]");

  /* One ledger row with the provider's usage, and the chat's totals. */
  rows = ledger_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = g_ptr_array_index (rows, 0);
  g_assert_cmpint (entry->status, ==, MIMO_MESSAGE_STATE_COMPLETE);
  g_assert_false (entry->estimated);
  g_assert_cmpint (entry->message_id, ==, mimo_message_get_id (answer));
  g_assert_cmpint (entry->cached_tokens, >, 0);
  g_assert_cmpint (entry->cost.total_nanos, ==, mimo_message_get_cost_nanos (answer));
  g_assert_cmpint (entry->first_token_us, >=, 0);
  g_assert_cmpint (entry->duration_us, >=, entry->first_token_us);
  g_assert_cmpint (mimo_conversation_get_totals (fixture->conversation)->cost.total_nanos, ==, entry->cost.total_nanos);
}

static void
test_history_sent (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (MimoTurn)   first = mimo_turn_new (fixture->store, fixture->net.client, fixture->conversation, fixture->params);
  g_autoptr (MimoTurn)   second = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     error = NULL;
  JsonArray             *messages;

  mimo_conversation_set_system_prompt (fixture->conversation, "Answer briefly.");
  g_assert_true (ask (fixture, first, "First question [[mimo-test:plain]]", 0, &error));

  second = mimo_turn_new (fixture->store, fixture->net.client, fixture->conversation, fixture->params);
  g_assert_true (ask (fixture, second, "Second question [[mimo-test:plain]]", 0, &error));
  g_assert_no_error (error);

  /* The request carried the system prompt and the whole history, in order. */
  json_parser_load_from_data (parser, mimo_test_server_get_last_chat_request (fixture->net.server)->body, -1, &error);
  g_assert_no_error (error);
  messages = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "role"), ==, "system");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "content"), ==, "First question [[mimo-test:plain]]");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 2), "role"), ==, "assistant");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 2), "content"), ==,
                   mimo_message_get_content (mimo_turn_get_answer (first)));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 3), "content"), ==, "Second question [[mimo-test:plain]]");
  g_assert_cmpuint (mimo_turn_get_n_left_out (second), ==, 0);
}

static void
test_cancel_keeps_text (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr (MimoTurn)  turn = mimo_turn_new (fixture->store, fixture->net.client, fixture->conversation, fixture->params);
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError)    error = NULL;
  MimoLedgerEntry      *entry;
  MimoMessage          *answer;

  g_assert_false (ask (fixture, turn, "Tell me a long story [[mimo-test:slow 5]]", 5, &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_CANCELLED);

  answer = mimo_turn_get_answer (turn);
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_CANCELLED);
  g_assert_cmpuint (mimo_message_get_content_length (answer), >, 0);
  g_assert_nonnull (mimo_message_get_error_text (answer));

  /* Billed as far as it went: an estimated row, marked cancelled. */
  rows = ledger_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = g_ptr_array_index (rows, 0);
  g_assert_cmpint (entry->status, ==, MIMO_MESSAGE_STATE_CANCELLED);
  g_assert_true (entry->estimated);
  g_assert_cmpint (entry->completion_tokens, >, 0);
  g_assert_cmpint (entry->cost.total_nanos, >, 0);
  g_assert_true (mimo_message_get_usage (answer)->estimated);
}

static void
test_failure_recorded (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr (MimoTurn)  turn = mimo_turn_new (fixture->store, fixture->net.client, fixture->conversation, fixture->params);
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError)    error = NULL;
  MimoLedgerEntry      *entry;

  g_assert_false (ask (fixture, turn, "Hello [[mimo-test:402]]", 0, &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_PAYMENT);
  g_assert_cmpint (mimo_message_get_state (mimo_turn_get_answer (turn)), ==, MIMO_MESSAGE_STATE_FAILED);
  g_assert_cmpstr (mimo_message_get_error_text (mimo_turn_get_answer (turn)), ==, error->message);

  rows = ledger_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = g_ptr_array_index (rows, 0);
  g_assert_cmpint (entry->status, ==, MIMO_MESSAGE_STATE_FAILED);
  g_assert_cmpstr (entry->error_code, ==, "payment");
  g_assert_cmpint (entry->completion_tokens, ==, 0);
}

static void
test_regenerate (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr (MimoTurn)  first = mimo_turn_new (fixture->store, fixture->net.client, fixture->conversation, fixture->params);
  g_autoptr (MimoTurn)  again = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError)    error = NULL;

  g_assert_true (ask (fixture, first, "Hello [[mimo-test:plain]]", 0, &error));
  g_assert_no_error (error);

  /* Regenerate: drop the old answer, answer the same question again. */
  mimo_conversation_remove_message (fixture->conversation, mimo_turn_get_answer (first));
  again = mimo_turn_new (fixture->store, fixture->net.client, fixture->conversation, fixture->params);
  g_assert_true (ask (fixture, again, NULL, 0, &error));
  g_assert_no_error (error);
  g_assert_true (mimo_turn_get_question (again) == mimo_turn_get_question (first));
  g_assert_cmpuint (g_list_model_get_n_items (mimo_conversation_get_messages (fixture->conversation)), ==, 2);

  /* Both requests stay on the ledger. */
  rows = ledger_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 2);
}

/* The time between the first thought and the first word of the answer is
 * kept with the answer, and survives a restart. */
static void
test_thinking_time (Fixture      *fixture,
                    gconstpointer data)
{
  g_autoptr (MimoTurn)  plain = mimo_turn_new (fixture->store, fixture->net.client, fixture->conversation, fixture->params);
  g_autoptr (MimoTurn)  thinking = mimo_turn_new (fixture->store, fixture->net.client, fixture->conversation, fixture->params);
  g_autoptr (MimoStore) reopened = NULL;
  g_autoptr (GError)    error = NULL;
  g_autofree char      *path = g_build_filename (fixture->dir, "history.db", NULL);
  MimoConversation     *conversation;
  MimoMessage          *answer;
  gint64                thinking_us, duration_us;
  gint64                answer_id;

  /* No thinking: no thinking time, but a duration. */
  g_assert_true (ask (fixture, plain, "Hello [[mimo-test:plain]]", 0, &error));
  g_assert_cmpint (mimo_message_get_thinking_us (mimo_turn_get_answer (plain)), ==, -1);
  g_assert_cmpint (mimo_message_get_duration_us (mimo_turn_get_answer (plain)), >=, 0);

  /* 20 ms between events: the thoughts take several of them. */
  mimo_test_server_set_token_delay (fixture->net.server, 20);
  g_assert_true (ask (fixture, thinking, "Six times seven? [[mimo-test:reasoning]]", 0, &error));
  g_assert_no_error (error);
  answer = mimo_turn_get_answer (thinking);
  answer_id = mimo_message_get_id (answer);
  g_assert_cmpuint (mimo_message_get_reasoning_length (answer), >, 0);
  thinking_us = mimo_message_get_thinking_us (answer);
  duration_us = mimo_message_get_duration_us (answer);
  g_assert_cmpint (thinking_us, >=, 20000);
  g_assert_cmpint (duration_us, >=, thinking_us);
  g_assert_cmpint (duration_us, ==, mimo_completion_get_duration (mimo_turn_get_completion (thinking)));

  g_clear_object (&fixture->conversation);
  g_clear_object (&fixture->store);
  reopened = mimo_store_new (path);
  conversation = MIMO_CONVERSATION (g_list_model_get_item (mimo_store_get_conversations (reopened), 0));
  answer = mimo_conversation_find_message (conversation, answer_id, NULL);
  g_assert_nonnull (answer);
  g_assert_cmpint (mimo_message_get_thinking_us (answer), ==, thinking_us);
  g_assert_cmpint (mimo_message_get_duration_us (answer), ==, duration_us);
  g_object_unref (conversation);
}

static void
test_not_sent (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr (MimoTurn)  turn = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError)    error = NULL;

  /* Out of range: refused before sending; the user sees why, nothing billed. */
  fixture->params->temperature = 3;
  turn = mimo_turn_new (fixture->store, fixture->net.client, fixture->conversation, fixture->params);
  g_assert_false (ask (fixture, turn, "Hello", 0, &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER);
  g_assert_cmpint (mimo_message_get_state (mimo_turn_get_answer (turn)), ==, MIMO_MESSAGE_STATE_FAILED);
  g_assert_cmpuint (mimo_test_server_count_requests (fixture->net.server, "/chat/completions"), ==, 0);

  rows = ledger_rows (fixture);
  g_assert_cmpuint (rows->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/core/turn/complete", test_complete);
  ADD ("/core/turn/history-sent", test_history_sent);
  ADD ("/core/turn/cancel-keeps-text", test_cancel_keeps_text);
  ADD ("/core/turn/failure-recorded", test_failure_recorded);
  ADD ("/core/turn/regenerate", test_regenerate);
  ADD ("/core/turn/not-sent", test_not_sent);
  ADD ("/core/turn/thinking-time", test_thinking_time);
#undef ADD

  return g_test_run ();
}
