/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-faults.c: every API and storage fault, end to end through `mimo-chat --ask`: message, saved text, ledger, next ask. */

#define G_LOG_DOMAIN "test-cli-faults"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/resource.h>

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

/* ------------------------------------------------------------ storage -- */

static MimoTestServer *
new_server (void)
{
  g_autoptr (GError) error = NULL;
  MimoTestServer    *server = mimo_test_server_new (KEY, 0, &error);

  g_assert_no_error (error);
  return server;
}

static void
ask_ok (MimoTestServer *server,
        const char     *question)
{
  const char             *args[] = { "--ask", question, NULL };
  g_autoptr (MimoTestCli) cli = mimo_test_cli_run_ok (server, KEY, args);

  g_assert_cmpstr (cli->out->str, ==, PLAIN_TEXT "\n");
}

/* The history as a plain SQLite file: sound, and holding @answer for
 * @question. */
static void
assert_saved (const char *question,
              const char *answer)
{
  g_autofree char *path = mimo_test_cli_history_path ();
  sqlite3_stmt    *stmt = NULL;
  sqlite3         *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT a.content FROM message q JOIN message a"
                                       " ON a.conversation_id = q.conversation_id AND a.role = 'assistant'"
                                       " WHERE q.role = 'user' AND q.content = ?1",
                                       -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, question, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, answer);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* In the child, before mimo-chat starts: a real file size limit, and
 * SIGXFSZ ignored (the disposition survives exec), so a write past it
 * fails with EFBIG instead of killing the process. */
static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { 0 };

  limit.rlim_cur = limit.rlim_max = GPOINTER_TO_SIZE (user_data);
  setrlimit (RLIMIT_FSIZE, &limit);
  signal (SIGXFSZ, SIG_IGN);
}

static void
test_file_size_limit (void)
{
  g_autoptr (MimoTestServer) server = new_server ();
  g_autofree char           *path = mimo_test_cli_history_path ();
  const char                *args[] = { "--ask", "A long one [[mimo-test:bench 30000]]", NULL };
  g_autoptr (MimoTestCli)    cli = NULL;
  GStatBuf                   st;

  ask_ok (server, "Saved before [[mimo-test:plain]]");
  g_assert_cmpint (g_stat (path, &st), ==, 0);

  /* Room for the history as it is and a little more, not for an answer
   * of 30,000 tokens. */
  cli = mimo_test_cli_spawn_with_setup (server, KEY, limit_file_size, GSIZE_TO_POINTER ((gsize) st.st_size + 32 * 1024), args);
  mimo_test_cli_wait (cli);

  g_assert_cmpint (cli->term_sig, ==, 0);
  g_assert_cmpint (cli->status, ==, 1);
  /* The answer itself came through: stdout is a pipe, not a file. */
  g_assert_cmpuint (cli->out->len, >, 100 * 1024);
  assert_plain (cli->err->str);
  g_assert_nonnull (strstr (cli->err->str, "could not be saved in your chat history"));
  g_assert_nonnull (strstr (cli->err->str, "Free some space"));
  g_assert_null (strstr (cli->err->str, "I/O"));

  /* Nothing saved before is lost, and without the limit all is well. */
  assert_saved ("Saved before [[mimo-test:plain]]", PLAIN_TEXT);
  ask_ok (server, "After the limit [[mimo-test:plain]]");
  assert_saved ("After the limit [[mimo-test:plain]]", PLAIN_TEXT);
}

static gboolean
has_output (gpointer user_data)
{
  MimoTestCli *cli = user_data;

  return cli->out->len > 0;
}

static void
remove_folder (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  const char      *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (file), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The history's folder deleted while an answer streams into it: the
 * command writes it all out again, the chat saved before included. */
static void
test_history_deleted (void)
{
  g_autoptr (MimoTestServer) server = new_server ();
  g_autofree char           *path = mimo_test_cli_history_path ();
  g_autofree char           *dir = g_path_get_dirname (path);
  const char                *args[] = { "--ask", "Slowly [[mimo-test:slow 20]]", "--no-thinking", NULL };
  g_autoptr (MimoTestCli)    cli = NULL;
  g_autofree char           *answer = NULL;

  ask_ok (server, "Saved before [[mimo-test:plain]]");

  cli = mimo_test_cli_spawn (server, NULL, KEY, NULL, args);
  mimo_test_wait_until (has_output, cli, 30000);
  remove_folder (dir);
  mimo_test_cli_wait (cli);

  g_assert_cmpint (cli->status, ==, 0);
  g_assert_cmpstr (cli->err->str, ==, "");
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  answer = g_strdup (cli->out->str);
  g_strchomp (answer);
  assert_saved ("Saved before [[mimo-test:plain]]", PLAIN_TEXT);
  assert_saved ("Slowly [[mimo-test:slow 20]]", answer);
  ask_ok (server, "After [[mimo-test:plain]]");
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
  g_test_add_func ("/cli/faults/storage/file-size-limit", test_file_size_limit);
  g_test_add_func ("/cli/faults/storage/history-deleted", test_history_deleted);

  return g_test_run ();
}
