/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-faults.c: every fault the API can show, end to end through `mimo-chat --ask`: message, saved text, ledger, next ask. */

#define G_LOG_DOMAIN "test-cli-faults"

#include "config.h"

#include <string.h>

#include "mimo-test-cli.h"
#include "mimo-test-server.h"
#include "mimo-test-utils.h"

#define KEY        "sk-empiriolabs-faults-5e4d3c2b1a09"
#define PLAIN_TEXT "Hello! Ça va? Here is a short answer: 42 — with “quotes”, 中文 and 🎉."
#define FAULT_TEXT "This answer starts well, and then something goes wrong in the middle of it."

/* One fault: the scenario (NULL: a closed port), what stderr must say
 * and the way forward it must offer, the text streamed before it (NULL:
 * none; "" any non-empty prefix of @full), and what the ledger keeps. */
typedef struct
{
  const char      *slug;
  const char      *name;
  const char      *scenario;
  const char      *says;
  const char      *way;
  const char      *partial;
  const char      *full;
  MimoMessageState state;
  const char      *error_code;
  const char      *timeout; /* --timeout, or NULL */
} Fault;

static const Fault faults[] = {
  { "401", "401", "401", "did not accept your API key", "Check it in Preferences", NULL, NULL,
    MIMO_MESSAGE_STATE_FAILED, "auth" },
  { "402", "402", "402", "out of credits", "Top up your balance", NULL, NULL, MIMO_MESSAGE_STATE_FAILED, "payment" },
  { "429-retry-after", "429 with Retry-After", "429 1", "too many requests", "Wait 1 second, then try again", NULL, NULL,
    MIMO_MESSAGE_STATE_FAILED, "rate_limit" },
  { "429-no-retry-after", "429 without Retry-After", "429", "too many requests", "Wait a minute, then try again", NULL, NULL,
    MIMO_MESSAGE_STATE_FAILED, "rate_limit" },
  { "500", "500", "500", "is having trouble right now", "Try again in a few minutes", NULL, NULL,
    MIMO_MESSAGE_STATE_FAILED, "server" },
  { "503", "503", "status 503", "is having trouble right now", "Try again in a few minutes", NULL, NULL,
    MIMO_MESSAGE_STATE_FAILED, "server" },
  { "html-error-page", "HTML error page", "502html", "is having trouble right now", "Try again in a few minutes", NULL, NULL,
    MIMO_MESSAGE_STATE_FAILED, "server" },
  { "web-page", "web page instead of an answer", "html200", "sent a web page instead of an answer", "Check the API address",
    NULL, NULL, MIMO_MESSAGE_STATE_FAILED, "protocol" },
  { "cut", "stream cut mid-answer", "cut 300", "closed before the answer was finished", "try again", "Hell", PLAIN_TEXT,
    MIMO_MESSAGE_STATE_INTERRUPTED, "network" },
  { "cut-random", "stream cut at a random byte", "cut RANDOM", "closed before the answer was finished", "try again", "",
    PLAIN_TEXT, MIMO_MESSAGE_STATE_INTERRUPTED, "network" },
  { "malformed-event", "malformed event", "malformed", "in a form Mimo Chat cannot read", "try again", "This answer starts", FAULT_TEXT,
    MIMO_MESSAGE_STATE_FAILED, "protocol" },
  { "error-event", "error event mid-stream", "error-event", "stopped the answer with an error", "try again", "This answer starts",
    FAULT_TEXT, MIMO_MESSAGE_STATE_FAILED, "stream" },
  { "stalled", "stalled connection", "stall 3", "Nothing arrived from EmpirioLabs for 1 second", "try again", "This answer",
    FAULT_TEXT, MIMO_MESSAGE_STATE_INTERRUPTED, "timeout", "1" },
  { "refused", "refused connection", NULL, "refused the connection", "Check the API address", NULL, NULL,
    MIMO_MESSAGE_STATE_FAILED, "network" },
  { "huge-line", "20 MB single line", "huge 20971520", "larger than 8 MB", "Try again", "Before", "Before the huge line. After it.",
    MIMO_MESSAGE_STATE_FAILED, "protocol" },
};

/* A port nobody listens on. */
static char *
closed_port_url (void)
{
  g_autoptr (GSocketListener) listener = g_socket_listener_new ();
  g_autoptr (GError)          error = NULL;
  guint16                     port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return g_strdup_printf ("http://127.0.0.1:%u/v1", port);
}

/* Plain words for people: every line ours, no status line, no JSON, no
 * markup, no key. */
static void
assert_plain (const char *err)
{
  g_auto (GStrv) lines = g_strsplit (err, "\n", -1);

  g_assert_true (g_str_has_suffix (err, "\n"));
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    g_assert_true (g_str_has_prefix (lines[i], "mimo-chat: "));
  g_assert_null (strstr (err, "HTTP"));
  g_assert_null (strstr (err, "{"));
  g_assert_null (strstr (err, "<"));
  g_assert_null (strstr (err, "nginx"));
  g_assert_null (strstr (err, "Bad Gateway"));
  g_assert_null (strstr (err, KEY));
}

static MimoConversation *
find_chat (MimoStore  *store,
           const char *question)
{
  GListModel *chats = mimo_store_get_conversations (store);

  for (guint i = 0; i < g_list_model_get_n_items (chats); i++)
    {
      g_autoptr (MimoConversation) chat = g_list_model_get_item (chats, i);
      GListModel                  *messages = mimo_conversation_get_messages (chat);
      g_autoptr (MimoMessage)      first = g_list_model_get_item (messages, 0);

      if (first != NULL && g_strcmp0 (mimo_message_get_content (first), question) == 0)
        return chat;
    }

  return NULL;
}

/* The history after the fault: the question, the answer with exactly
 * the text printed, marked with its state and reason; one ledger row. */
static void
check_history (const Fault *fault,
               const char  *question,
               const char  *printed)
{
  g_autoptr (MimoStore)   store = mimo_test_cli_open_history ();
  g_autoptr (MimoMessage) answer = NULL;
  g_autoptr (GPtrArray)   rows = NULL;
  g_autoptr (GError)      error = NULL;
  MimoConversation       *chat = find_chat (store, question);
  MimoLedgerEntry        *row;

  g_assert_nonnull (chat);
  g_assert_cmpuint (mimo_conversation_get_n_messages (chat), ==, 2);
  answer = g_list_model_get_item (mimo_conversation_get_messages (chat), 1);
  g_assert_cmpint (mimo_message_get_role (answer), ==, MIMO_ROLE_ASSISTANT);
  g_assert_cmpint (mimo_message_get_state (answer), ==, fault->state);
  g_assert_nonnull (mimo_message_get_error_text (answer));
  g_assert_cmpstr (mimo_message_get_content (answer), ==, printed);

  rows = mimo_ledger_query_conversation_entries (mimo_store_get_ledger (store), mimo_conversation_get_id (chat), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpint (row->status, ==, fault->state);
  g_assert_cmpstr (row->error_code, ==, fault->error_code);
  g_assert_cmpint (row->message_id, ==, mimo_message_get_id (answer));
}

static void
run_fault (MimoTestServer *server,
           const Fault    *fault,
           guint           n)
{
  g_autofree char        *scenario = NULL;
  g_autofree char        *question = NULL;
  g_autofree char        *closed_url = NULL;
  g_autofree char        *printed = NULL;
  g_autofree char        *next = g_strdup_printf ("And now? %u [[mimo-test:plain]]", n);
  const char             *ask_args[] = { "--ask", NULL, NULL, NULL, NULL };
  const char             *next_args[] = { "--ask", next, NULL };
  g_autoptr (MimoTestCli) cli = NULL;
  g_autoptr (MimoTestCli) again = NULL;

  /* A cut anywhere in the answer's text: after its first event (about
   * 200 bytes), before its last (the body is about 4,300). */
  if (g_strcmp0 (fault->scenario, "cut RANDOM") == 0)
    scenario = g_strdup_printf ("cut %d", g_test_rand_int_range (210, 3000));
  else
    scenario = g_strdup (fault->scenario);
  g_test_message ("fault: %s (%s)", fault->name, scenario != NULL ? scenario : "closed port");

  question = scenario != NULL ? g_strdup_printf ("Fault %u [[mimo-test:%s]]", n, scenario) : g_strdup_printf ("Fault %u", n);
  ask_args[1] = question;
  if (fault->timeout != NULL)
    {
      ask_args[2] = "--timeout";
      ask_args[3] = fault->timeout;
    }
  if (scenario == NULL)
    closed_url = closed_port_url ();
  cli = mimo_test_cli_spawn (server, closed_url, KEY, NULL, ask_args);
  mimo_test_cli_wait (cli);

  g_assert_cmpint (cli->term_sig, ==, 0);
  g_assert_cmpint (cli->status, ==, 1);
  assert_plain (cli->err->str);
  g_assert_nonnull (strstr (cli->err->str, fault->says));
  g_assert_nonnull (strstr (cli->err->str, fault->way));

  /* What streamed is on stdout (with a final newline) and in the chat. */
  printed = g_strdup (cli->out->str);
  if (fault->partial == NULL)
    g_assert_cmpstr (printed, ==, "");
  else
    {
      g_assert_true (g_str_has_suffix (printed, "\n"));
      printed[strlen (printed) - 1] = '\0';
      g_assert_cmpuint (strlen (printed), >, 0);
      g_assert_true (g_str_has_prefix (printed, fault->partial));
      g_assert_true (g_str_has_prefix (fault->full, printed));
      g_assert_cmpuint (strlen (printed), <, strlen (fault->full));
      g_assert_nonnull (strstr (cli->err->str, "The answer so far is saved in chat"));
    }
  check_history (fault, question, printed);

  /* And the next question, in the same history, just works. */
  again = mimo_test_cli_run_ok (server, KEY, next_args);
  g_assert_cmpstr (again->out->str, ==, PLAIN_TEXT "\n");
}

/* Each row in its own history (the test's isolated dirs). */
static void
test_fault (gconstpointer data)
{
  const Fault               *fault = data;
  g_autoptr (MimoTestServer) server = NULL;
  g_autoptr (GError)         error = NULL;

  server = mimo_test_server_new (KEY, 0, &error);
  g_assert_no_error (error);

  run_fault (server, fault, (guint) (fault - faults));

  g_clear_object (&server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_assert_nonnull (g_getenv ("MIMO_CHAT"));

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/faults/%s", faults[i].slug);

      g_test_add_data_func (path, &faults[i], test_fault);
    }

  return g_test_run ();
}
