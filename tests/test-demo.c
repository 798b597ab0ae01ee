/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-demo.c: demo mode's example chats, written by build-aux/demo-history through the real mimo-chat. */

#define G_LOG_DOMAIN "test-demo"

#include "config.h"

#include <string.h>

#include "mimo-store.h"
#include "mimo-test-cli.h"
#include "mimo-test-server.h"
#include "mimo-test-utils.h"

#define KEY "sk-empiriolabs-demo"

typedef struct
{
  MimoTestServer *server;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->server = mimo_test_server_new (KEY, 0, &error);
  g_assert_no_error (error);
  /* What build-aux/dev demo starts the server with. */
  mimo_test_server_set_default_scenario (f->server, "showcase");
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static MimoMessage *
message_at (MimoConversation *conversation,
            guint             position)
{
  g_autoptr (MimoMessage) message = g_list_model_get_item (mimo_conversation_get_messages (conversation), position);

  return message;
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” is not in:\n%s", part, text);
}

typedef struct
{
  const char *question;
  guint       n_requests;
  gint64      web_searches;
  gboolean    thinking;
  const char *first_answer;  /* words the first answer has */
  const char *second_answer; /* and the follow-up's */
} DemoChat;

/* Newest first, as the sidebar shows them. */
static const DemoChat demo_chats[] = {
  { "Plan a weekend in Lisbon", 2, 3, TRUE, "[[2]](https://en.wikipedia.org/wiki/S%C3%A3o_Jorge_Castle)", "Chiado" },
  { "Explain mutexes with a short example in C", 2, 0, TRUE, "pthread_mutex_lock (&lock);", "| Mutex | Semaphore |" },
  { "Draft a polite reminder email about an unpaid invoice", 2, 0, FALSE, "invoice **#1042**", "Reminder: invoice #1042" },
};

static void
test_seed (Fixture      *f,
           gconstpointer data)
{
  g_autofree char        *script = g_test_build_filename (G_TEST_DIST, "..", "build-aux", "demo-history", NULL);
  const char             *args[] = { g_getenv ("MIMO_CHAT"), NULL };
  g_autoptr (MimoTestCli) cli = NULL;
  g_autoptr (MimoStore)   store = NULL;
  GListModel             *conversations;

  cli = mimo_test_cli_spawn_program (f->server, KEY, NULL, script, args);
  mimo_test_cli_wait (cli);
  g_assert_cmpint (cli->term_sig, ==, 0);
  g_assert_cmpint (cli->status, ==, 0);
  g_assert_cmpstr (cli->err->str, ==, "");

  store = mimo_test_cli_open_history ();
  conversations = mimo_store_get_conversations (store);
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, G_N_ELEMENTS (demo_chats));

  for (guint i = 0; i < G_N_ELEMENTS (demo_chats); i++)
    {
      g_autoptr (MimoConversation) conversation = g_list_model_get_item (conversations, i);
      g_autoptr (GPtrArray)        rows = NULL;
      g_autoptr (GError)           error = NULL;
      g_autofree char             *title = mimo_conversation_make_title (demo_chats[i].question);
      const MimoLedgerTotals      *totals;
      MimoMessage                 *answer;
      gint64                       searches = 0;

      g_test_message ("chat %u: %s", i, demo_chats[i].question);
      /* No marker in the titles: the server matched the words. */
      g_assert_cmpstr (mimo_conversation_get_title (conversation), ==, title);
      g_assert_null (strstr (mimo_conversation_get_title (conversation), "mimo-test"));
      g_assert_cmpuint (mimo_conversation_get_n_messages (conversation), ==, 4);

      answer = message_at (conversation, 1);
      g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_COMPLETE);
      assert_contains (mimo_message_get_content (answer), demo_chats[i].first_answer);
      g_assert_null (strstr (mimo_message_get_content (answer), "demo mode"));
      g_assert_cmpint (strlen (mimo_message_get_reasoning (answer)) > 0, ==, demo_chats[i].thinking);
      assert_contains (mimo_message_get_content (message_at (conversation, 3)), demo_chats[i].second_answer);

      /* What each request cost is on the ledger, as for real chats. */
      rows = mimo_ledger_query_conversation_entries (mimo_store_get_ledger (store),
                                                     mimo_conversation_get_id (conversation), &error);
      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, ==, demo_chats[i].n_requests);
      for (guint r = 0; r < rows->len; r++)
        {
          MimoLedgerEntry *row = g_ptr_array_index (rows, r);

          g_assert_cmpint (row->status, ==, MIMO_MESSAGE_STATE_COMPLETE);
          g_assert_true (row->has_provider_cost);
          g_assert_cmpint (row->cost.total_nanos, >, 0);
          g_assert_cmpint (row->provider_cost_nanos, ==, row->cost.total_nanos);
          g_assert_false (row->estimated);
          searches += row->web_search_calls;
        }
      g_assert_cmpint (searches, ==, demo_chats[i].web_searches);
      totals = mimo_conversation_get_totals (conversation);
      g_assert_cmpint (totals->requests, ==, demo_chats[i].n_requests);
      g_assert_cmpint (totals->cost.web_search_nanos, ==, demo_chats[i].web_searches * 15000000);
    }

  /* The citations come with their list, as the API writes them. */
  {
    g_autoptr (MimoConversation) lisbon = g_list_model_get_item (conversations, 0);

    assert_contains (mimo_message_get_content (message_at (lisbon, 1)),
                     "**References**\n\n1. [Visit Lisboa: official tourism site](https://www.visitlisboa.com/en)");
  }
}

/* Demo mode stays honest and usable: any other question streams the
 * sample answer that says what it is; the topics follow the request's
 * options (no web search: no citations; raw citations: [N]). */
static void
test_other_questions (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (JsonObject) other = NULL;
  g_autoptr (JsonObject) plain = NULL;
  g_autoptr (JsonObject) raw = NULL;
  const char            *content;

  other = mimo_test_cli_ask_json (f->server, KEY, "What should I pack for Lisbon in spring?", NULL);
  content = json_object_get_string_member (other, "content");
  assert_contains (content, "You asked: *“What should I pack for Lisbon in spring?”*");
  assert_contains (content, "demo mode");

  plain = mimo_test_cli_ask_json (f->server, KEY, "Plan a weekend in Lisbon", "--no-thinking", NULL);
  content = json_object_get_string_member (plain, "content");
  assert_contains (content, "São Jorge Castle for the view over the Tagus.");
  g_assert_null (strstr (content, "[["));
  g_assert_null (strstr (content, "References"));
  g_assert_cmpstr (json_object_get_string_member (plain, "reasoning"), ==, "");

  raw = mimo_test_cli_ask_json (f->server, KEY, "Which neighbourhood should we stay in?", "--web-search",
                                "--raw-citations", NULL);
  content = json_object_get_string_member (raw, "content");
  assert_contains (content, "calm at night [1].");
  g_assert_null (strstr (content, "**References**"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/demo/seed", Fixture, NULL, fixture_set_up, test_seed, fixture_tear_down);
  g_test_add ("/cli/demo/other-questions", Fixture, NULL, fixture_set_up, test_other_questions, fixture_tear_down);

  return g_test_run ();
}
