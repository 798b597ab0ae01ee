/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-history.c: the command line on the app's history — the real binary, a real history file, the loopback server. */

#define G_LOG_DOMAIN "test-cli-history"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "mimo-key-store.h"
#include "mimo-store.h"
#include "mimo-test-cli.h"
#include "mimo-test-server.h"
#include "mimo-test-utils.h"

#define KEY        "sk-empiriolabs-cli-history-5e4d3c2b1a"
#define PLAIN_TEXT "Hello! Ça va? Here is a short answer: 42 — with “quotes”, 中文 and 🎉."

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
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

/* ------------------------------------------------------------ helpers -- */

#define ask_json(f, ...) mimo_test_cli_ask_json ((f)->server, KEY, __VA_ARGS__)

static MimoTestCli *
run (Fixture           *f,
     const char *const *args)
{
  return mimo_test_cli_run (f->server, KEY, args);
}

static MimoTestCli *
run_ok (Fixture           *f,
        const char *const *args)
{
  return mimo_test_cli_run_ok (f->server, KEY, args);
}

static char *
integrity_check (void)
{
  g_autofree char *path = mimo_test_cli_history_path ();
  sqlite3_stmt    *stmt = NULL;
  sqlite3         *db = NULL;
  char            *result;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return result;
}

static JsonArray *
request_messages (MimoTestRequest *request)
{
  g_autoptr (JsonNode) root = mimo_test_cli_parse_json (request->body);

  return json_array_ref (json_object_get_array_member (json_node_get_object (root), "messages"));
}

static void
assert_message (JsonArray  *messages,
                guint       index,
                const char *role,
                const char *content)
{
  JsonObject *message = json_array_get_object_element (messages, index);

  g_assert_cmpstr (json_object_get_string_member (message, "role"), ==, role);
  g_assert_cmpstr (json_object_get_string_member (message, "content"), ==, content);
}

/* ---------------------------------------------------------------- ask -- */

static void
test_ask_then_list (Fixture      *f,
                    gconstpointer data)
{
  const char             *ask[] = { "--ask", "What is a mutex? [[mimo-test:plain]]", NULL };
  const char             *list[] = { "--list", NULL };
  const char             *list_json[] = { "--list", "--json", NULL };
  g_autoptr (MimoTestCli) asked = run_ok (f, ask);
  g_autoptr (MimoTestCli) listed = run_ok (f, list);
  g_autoptr (MimoTestCli) listed_json = run_ok (f, list_json);
  g_autoptr (JsonNode)    root = NULL;
  g_auto (GStrv)          lines = NULL;
  JsonObject             *chat;
  JsonObject             *spend;

  g_assert_cmpstr (asked->out->str, ==, PLAIN_TEXT "\n");

  /* A heading line, then the chat: number, title, messages, cost. */
  lines = g_strsplit (listed->out->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "ID  Title"));
  g_assert_nonnull (strstr (lines[0], "Messages"));
  g_assert_true (g_str_has_prefix (lines[1], " 1  What is a mutex? [[mimo-test:plain]]"));
  g_assert_nonnull (strstr (lines[1], "  2  "));
  g_assert_true (g_str_has_suffix (lines[1], "< $0.0001"));
  /* The columns line up: "Messages" ends where the count does. */
  g_assert_cmpint (strstr (lines[0], "Messages") - lines[0] + strlen ("Messages"), ==, strstr (lines[1], "  2  ") - lines[1] + 3);

  root = mimo_test_cli_parse_json (listed_json->out->str);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  chat = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpint (json_object_get_int_member (chat, "id"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (chat, "title"), ==, "What is a mutex? [[mimo-test:plain]]");
  g_assert_cmpint (json_object_get_int_member (chat, "messages"), ==, 2);
  spend = json_object_get_object_member (chat, "spend");
  g_assert_cmpint (json_object_get_int_member (spend, "requests"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (spend, "computed_cost_usd"), ==,
                   json_object_get_string_member (spend, "provider_cost_usd"));
}

/* --json's ids name the chat and the answer in the history file. */
static void
test_json_ids (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (JsonObject) result = ask_json (f, "Ids please [[mimo-test:cached]]", "--system", "Be brief.", NULL);
  g_autoptr (MimoStore)  store = NULL;
  g_autoptr (GPtrArray)  rows = NULL;
  g_autoptr (GError)     error = NULL;
  gint64                 conversation_id = json_object_get_int_member (result, "conversation_id");
  gint64                 message_id = json_object_get_int_member (result, "message_id");
  MimoConversation      *conversation;
  MimoMessage           *answer;
  MimoLedgerEntry       *entry;

  store = mimo_test_cli_open_history ();
  conversation = mimo_store_lookup_conversation (store, conversation_id);
  g_assert_nonnull (conversation);
  g_assert_cmpstr (mimo_conversation_get_system_prompt (conversation), ==, "Be brief.");
  answer = mimo_conversation_find_message (conversation, message_id, NULL);
  g_assert_nonnull (answer);
  g_assert_cmpint (mimo_message_get_role (answer), ==, MIMO_ROLE_ASSISTANT);
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (mimo_message_get_content (answer), ==, json_object_get_string_member (result, "content"));
  g_assert_cmpint (mimo_message_get_usage (answer)->cached_tokens, ==, 1536);

  /* One ledger row, for that answer. */
  rows = mimo_ledger_query_conversation_entries (mimo_store_get_ledger (store), conversation_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = g_ptr_array_index (rows, 0);
  g_assert_cmpint (entry->message_id, ==, message_id);
  g_assert_cmpint (entry->status, ==, MIMO_MESSAGE_STATE_COMPLETE);
  g_assert_cmpint (entry->cached_tokens, ==, 1536);
}

/* --conversation sends the whole chat so far, and adds to it. */
static void
test_continue (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (JsonObject) first = ask_json (f, "My name is Ana. [[mimo-test:plain]]", "--system", "You are kind.",
                                           "--no-thinking", NULL);
  g_autofree char       *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (first, "conversation_id"));
  g_autoptr (JsonObject) second = ask_json (f, "What is my name? [[mimo-test:plain]]", "--conversation", id, NULL);
  g_autoptr (JsonArray)  messages = request_messages (mimo_test_server_get_last_chat_request (f->server));
  g_autoptr (JsonNode)   body = mimo_test_cli_parse_json (mimo_test_server_get_last_chat_request (f->server)->body);
  g_autoptr (MimoStore)  store = NULL;
  MimoConversation      *conversation;

  g_assert_cmpint (json_object_get_int_member (second, "conversation_id"), ==,
                   json_object_get_int_member (first, "conversation_id"));
  g_assert_cmpint (json_object_get_int_member (second, "message_id"), >,
                   json_object_get_int_member (first, "message_id"));

  /* The system prompt, the first exchange, then the new question. */
  g_assert_cmpuint (json_array_get_length (messages), ==, 4);
  assert_message (messages, 0, "system", "You are kind.");
  assert_message (messages, 1, "user", "My name is Ana. [[mimo-test:plain]]");
  assert_message (messages, 2, "assistant", PLAIN_TEXT);
  assert_message (messages, 3, "user", "What is my name? [[mimo-test:plain]]");
  /* The chat keeps the options it was started with. */
  g_assert_false (json_object_get_boolean_member (json_node_get_object (body), "enable_thinking"));

  /* A third question with its own option, for that question only. */
  {
    g_autoptr (JsonObject) third = ask_json (f, "Think now [[mimo-test:plain]]", "--conversation", id, "--thinking", NULL);
    g_autoptr (JsonNode)   third_body = mimo_test_cli_parse_json (mimo_test_server_get_last_chat_request (f->server)->body);

    g_assert_true (json_object_get_boolean_member (json_node_get_object (third_body), "enable_thinking"));
  }

  store = mimo_test_cli_open_history ();
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 1);
  conversation = mimo_store_lookup_conversation (store, json_object_get_int_member (first, "conversation_id"));
  g_assert_cmpuint (mimo_conversation_get_n_messages (conversation), ==, 6);
  g_assert_cmpint (mimo_conversation_get_totals (conversation)->requests, ==, 3);
}

static gboolean
has_output (gpointer user_data)
{
  MimoTestCli *cli = user_data;

  return cli->out->len > 0;
}

static MimoConversation *
newest_conversation (MimoStore *store)
{
  g_autoptr (MimoConversation) conversation = g_list_model_get_item (mimo_store_get_conversations (store), 0);

  g_assert_nonnull (conversation);
  /* The store's list holds it. */
  return conversation;
}

static MimoMessage *
message_at (MimoConversation *conversation,
            guint             position)
{
  g_autoptr (MimoMessage) message = g_list_model_get_item (mimo_conversation_get_messages (conversation), position);

  g_assert_nonnull (message);
  return message;
}

/* The app's Preferences (its GSettings) hold the defaults for new chats
 * and the API address; the command line uses them too, and saves a chat's
 * own parameters relative to them, as the window reads them. */
static void
test_app_settings (Fixture      *f,
                   gconstpointer data)
{
  g_autofree char        *dir = g_build_filename (g_get_user_config_dir (), "glib-2.0", "settings", NULL);
  g_autofree char        *keyfile = g_build_filename (dir, "keyfile", NULL);
  g_autofree char        *contents = NULL;
  const char             *env[] = { "GSETTINGS_BACKEND=keyfile", "MIMO_BASE_URL", NULL };
  const char             *args[] = { "--ask", "Hi [[mimo-test:plain]]", "--max-tokens", "999", "--json", NULL };
  g_autoptr (MimoTestCli) cli = NULL;
  g_autoptr (JsonNode)    body = NULL;
  g_autoptr (JsonNode)    result = NULL;
  g_autoptr (MimoStore)   store = NULL;
  g_autoptr (GError)      error = NULL;
  MimoConversation       *conversation;

  contents = g_strdup_printf ("[io/github/mimochat/MimoChat]\n"
                              "temperature=1.25\n"
                              "enable-thinking=false\n"
                              "base-url='%s'\n",
                              mimo_test_server_get_base_url (f->server));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (keyfile, contents, -1, &error);
  g_assert_no_error (error);

  /* No MIMO_BASE_URL: the request finds the server through the setting. */
  cli = mimo_test_cli_spawn_full (f->server, NULL, KEY, NULL, env, args);
  mimo_test_cli_wait (cli);
  g_assert_cmpint (cli->status, ==, 0);
  body = mimo_test_cli_parse_json (mimo_test_server_get_last_chat_request (f->server)->body);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (body), "temperature"), ==, 1.25);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (body), "enable_thinking"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (body), "max_tokens"), ==, 999);

  /* Only what the command changed is the chat's own. */
  result = mimo_test_cli_parse_json (cli->out->str);
  store = mimo_test_cli_open_history ();
  conversation = mimo_store_lookup_conversation (store, json_object_get_int_member (json_node_get_object (result), "conversation_id"));
  g_assert_cmpstr (mimo_conversation_get_param_overrides (conversation), ==, "{\"max_tokens\":999}");
}

/* Ctrl+C: status 130, the partial answer kept and marked, the request on the ledger. */
static void
test_ctrl_c (Fixture      *f,
             gconstpointer data)
{
  const char             *args[] = { "--ask", "Stop me [[mimo-test:slow 20]]", "--no-thinking", NULL };
  g_autoptr (MimoTestCli) cli = mimo_test_cli_spawn (f->server, NULL, KEY, NULL, args);
  g_autoptr (MimoStore)   store = NULL;
  g_autoptr (GPtrArray)   rows = NULL;
  g_autoptr (GError)      error = NULL;
  g_autofree char        *printed = NULL;
  MimoConversation       *conversation;
  MimoMessage            *answer;
  MimoLedgerEntry        *entry;

  mimo_test_wait_until (has_output, cli, 30000);
  g_subprocess_send_signal (cli->process, SIGINT);
  mimo_test_cli_wait (cli);
  g_assert_cmpint (cli->status, ==, 130);
  g_assert_nonnull (strstr (cli->err->str, "mimo-chat: Stopped. The answer above is incomplete.\n"
                                           "mimo-chat: The answer so far is saved in chat 1.\n"));

  store = mimo_test_cli_open_history ();
  conversation = newest_conversation (store);
  g_assert_cmpuint (mimo_conversation_get_n_messages (conversation), ==, 2);
  answer = message_at (conversation, 1);
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_CANCELLED);
  /* Exactly what was printed (the program ends the line itself). */
  printed = g_strndup (cli->out->str, cli->out->len - 1);
  g_assert_cmpstr (mimo_message_get_content (answer), ==, printed);
  g_assert_cmpuint (strlen (printed), >, 0);

  rows = mimo_ledger_query_conversation_entries (mimo_store_get_ledger (store), mimo_conversation_get_id (conversation), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = g_ptr_array_index (rows, 0);
  g_assert_cmpint (entry->status, ==, MIMO_MESSAGE_STATE_CANCELLED);
  g_assert_cmpint (entry->message_id, ==, mimo_message_get_id (answer));
  g_assert_true (entry->estimated);
  g_assert_cmpint (entry->completion_tokens, >, 0);

  /* An export says the answer is not whole. */
  {
    g_autofree char        *id = g_strdup_printf ("%" G_GINT64_FORMAT, mimo_conversation_get_id (conversation));
    const char             *export_args[] = { "--export", id, NULL };
    g_autoptr (MimoTestCli) exported = NULL;

    g_clear_object (&store);
    exported = run_ok (f, export_args);
    g_assert_nonnull (strstr (exported->out->str, "_This answer was stopped before it was finished._"));
  }
}

static char *
raw_text (const char *sql)
{
  g_autofree char *path = mimo_test_cli_history_path ();
  sqlite3_stmt    *stmt = NULL;
  sqlite3         *db = NULL;
  char            *value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* `kill -9` mid-stream: the file is sound, the answer is there up to the
 * last moments, and the next start marks it interrupted. */
static void
test_kill_9 (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (JsonObject)  full = ask_json (f, "Tell me about crashes [[mimo-test:demo]]", "--no-thinking", NULL);
  const char             *args[] = { "--ask", "Tell me about crashes [[mimo-test:slow 20]]", "--no-thinking", NULL };
  const char             *full_text = json_object_get_string_member (full, "content");
  g_autoptr (MimoTestCli) cli = mimo_test_cli_spawn (f->server, NULL, KEY, NULL, args);
  g_autoptr (MimoStore)   store = NULL;
  g_autofree char        *state = NULL;
  g_autofree char        *integrity = NULL;
  MimoConversation       *conversation;
  MimoMessage            *answer;
  const char             *saved;
  gint64                  kill_us;
  gsize                   due = 0;

  /* Kill 1.5 s into a 4 s stream. */
  mimo_test_wait_until (has_output, cli, 30000);
  mimo_test_spin (1500);
  g_assert_false (cli->exited);
  kill_us = g_get_monotonic_time ();
  g_subprocess_send_signal (cli->process, SIGKILL);
  mimo_test_cli_wait (cli);
  g_assert_cmpint (cli->term_sig, ==, SIGKILL);

  /* Text streamed a second before the kill must be saved: the bound is
   * 250 ms, the rest is room for a loaded machine. */
  for (guint i = 0; i < cli->out_chunks->len; i++)
    {
      MimoTestCliChunk *chunk = &g_array_index (cli->out_chunks, MimoTestCliChunk, i);

      if (chunk->time_us <= kill_us - 1000 * 1000)
        due = chunk->end;
    }
  g_assert_cmpuint (due, >, 0);

  /* Left as it was at the kill… */
  state = raw_text ("SELECT state FROM message WHERE role = 'assistant' ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (state, ==, "streaming");

  /* …and marked interrupted by the next start. */
  store = mimo_test_cli_open_history ();
  conversation = newest_conversation (store);
  g_assert_cmpuint (mimo_conversation_get_n_messages (conversation), ==, 2);
  answer = message_at (conversation, 1);
  saved = mimo_message_get_content (answer);
  g_test_message ("%zu bytes streamed, %zu due, %zu saved, of %zu", cli->out->len, due, strlen (saved), strlen (full_text));
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_INTERRUPTED);
  g_assert_true (g_str_has_prefix (cli->out->str, saved));
  g_assert_true (g_str_has_prefix (full_text, saved));
  g_assert_cmpuint (strlen (saved), >=, due);
  g_assert_cmpuint (strlen (saved), <, strlen (full_text));
  g_clear_object (&store);

  integrity = integrity_check ();
  g_assert_cmpstr (integrity, ==, "ok");
}

/* Nothing could be sent: no chat is left behind. */
static void
test_no_key (Fixture      *f,
             gconstpointer data)
{
  const char *args[] = { "--ask", "Hi", NULL };
  const char *list[] = { "--list", NULL };
  /* libsecret's own backend: through the session bus, and there is none. */
  const char             *env[] = { "SECRET_BACKEND", NULL };
  g_autoptr (MimoTestCli) cli = mimo_test_cli_spawn_full (f->server, NULL, NULL, NULL, env, args);
  g_autoptr (MimoTestCli) listed = NULL;

  mimo_test_cli_wait (cli);
  g_assert_cmpint (cli->status, ==, 1);
  /* No session bus here, so no keyring either. */
  g_assert_cmpstr (cli->err->str, ==,
                   "mimo-chat: No EmpirioLabs API key is set, and there is no password keyring here to read one "
                   "from. Set EMPIRIOLABS_API_KEY, then try again.\n");

  listed = run_ok (f, list);
  g_assert_cmpstr (listed->out->str, ==, "You have no chats yet. Start one with mimo-chat --ask “your question”.\n");
}

/* No EMPIRIOLABS_API_KEY: the key the app saved in the keyring is used
 * (libsecret's file backend stands in for the keyring). */
static void
test_keyring_key (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char         *keyring = g_build_filename (g_get_user_data_dir (), "keyring", NULL);
  const char              *args[] = { "--ask", "Hi [[mimo-test:plain]]", NULL };
  g_autoptr (MimoTestCli)  before = NULL;
  g_autoptr (MimoTestCli)  after = NULL;
  g_autoptr (MimoKeyStore) key_store = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;

  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "mimo-test-password", TRUE);
  g_unsetenv ("EMPIRIOLABS_API_KEY");

  /* Nothing saved yet. */
  before = mimo_test_cli_spawn (f->server, NULL, NULL, NULL, args);
  mimo_test_cli_wait (before);
  g_assert_cmpint (before->status, ==, 1);
  g_assert_cmpstr (before->err->str, ==,
                   "mimo-chat: No EmpirioLabs API key is set. Add your key in Mimo Chat’s Preferences, "
                   "or set EMPIRIOLABS_API_KEY, then try again.\n");

  /* Saved as the app's first run does. */
  key_store = mimo_key_store_new ();
  mimo_key_store_store_async (key_store, KEY, NULL, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, 30000);
  mimo_key_store_store_finish (key_store, result, &error);
  g_assert_no_error (error);

  after = mimo_test_cli_spawn (f->server, NULL, NULL, NULL, args);
  mimo_test_cli_wait (after);
  g_assert_cmpint (after->status, ==, 0);
  g_assert_cmpstr (after->out->str, ==, PLAIN_TEXT "\n");
  g_assert_cmpstr (mimo_test_server_get_last_chat_request (f->server)->authorization, ==, "Bearer " KEY);
  g_assert_null (strstr (after->err->str, KEY));

  g_unsetenv ("SECRET_FILE_TEST_PATH");
}

static gboolean
hold_connection_cb (GSocketService    *service,
                    GSocketConnection *connection,
                    GObject           *source_object,
                    GPtrArray         *held)
{
  g_ptr_array_add (held, g_object_ref (connection));
  return TRUE;
}

/* A keyring that never answers: the command gives up after a few seconds
 * and says so, rather than hang. */
static void
test_keyring_stuck (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char           *path = g_build_filename (g_get_user_runtime_dir (), "stuck-bus", NULL);
  g_autofree char           *bus = g_strdup_printf ("DBUS_SESSION_BUS_ADDRESS=unix:path=%s", path);
  const char                *env[] = { bus, "SECRET_BACKEND", NULL };
  const char                *args[] = { "--ask", "Hi", NULL };
  g_autoptr (GSocketService) service = g_socket_service_new ();
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GPtrArray)      held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (MimoTestCli)    cli = NULL;
  g_autoptr (GError)         error = NULL;

  /* A session bus that accepts connections and never says a word. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_runtime_dir (), 0700), ==, 0);
  address = g_unix_socket_address_new (path);
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (hold_connection_cb), held);

  cli = mimo_test_cli_spawn_full (f->server, NULL, NULL, NULL, env, args);
  mimo_test_cli_wait (cli);
  g_assert_cmpint (cli->status, ==, 1);
  g_assert_cmpstr (cli->err->str, ==,
                   "mimo-chat: The password keyring did not answer within 5 seconds, so the API key saved by "
                   "Mimo Chat could not be read. Try again, or set EMPIRIOLABS_API_KEY.\n");
  g_assert_cmpuint (held->len, >, 0);
  g_assert_cmpuint (mimo_test_server_count_requests (f->server, NULL), ==, 0);

  g_socket_service_stop (service);
}

/* No history file can be made: --ask still answers and says so; --list
 * has nothing to show and fails. */
static void
test_history_unavailable (Fixture      *f,
                          gconstpointer data)
{
  g_autofree char        *dir = g_build_filename (g_get_user_data_dir (), "mimo-chat", NULL);
  const char             *args[] = { "--ask", "Hi [[mimo-test:plain]]", "--json", NULL };
  const char             *list[] = { "--list", NULL };
  g_autoptr (MimoTestCli) asked = NULL;
  g_autoptr (MimoTestCli) listed = NULL;
  g_autoptr (JsonNode)    root = NULL;
  g_autoptr (GError)      error = NULL;

  /* A file where the folder should be. */
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_file_set_contents (dir, "not a folder", -1, &error);
  g_assert_no_error (error);

  asked = run (f, args);
  g_assert_cmpint (asked->status, ==, 0);
  root = mimo_test_cli_parse_json (asked->out->str);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "content"), ==, PLAIN_TEXT);
  g_assert_false (json_object_has_member (json_node_get_object (root), "conversation_id"));
  g_assert_nonnull (strstr (asked->err->str, "mimo-chat: Mimo Chat can’t open a history file"));

  listed = run (f, list);
  g_assert_cmpint (listed->status, ==, 1);
  g_assert_cmpstr (listed->out->str, ==, "");
  g_assert_nonnull (strstr (listed->err->str, "mimo-chat: Mimo Chat can’t open a history file"));
}

/* A damaged file is set aside, said so, and a new history starts. */
static void
test_history_corrupt (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char        *path = mimo_test_cli_history_path ();
  g_autofree char        *dir = g_path_get_dirname (path);
  const char             *list[] = { "--list", NULL };
  g_autoptr (MimoTestCli) listed = NULL;
  g_autoptr (GError)      error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (path, "This is not a database, and it is long enough to be read as one. ", -1, &error);
  g_assert_no_error (error);

  listed = run (f, list);
  g_assert_cmpint (listed->status, ==, 0);
  g_assert_nonnull (strstr (listed->err->str, "was set aside as “history.db.broken-"));
  g_assert_cmpstr (listed->out->str, ==, "You have no chats yet. Start one with mimo-chat --ask “your question”.\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_assert_nonnull (g_getenv ("MIMO_CHAT"));

  ADD ("/cli/history/ask-then-list", test_ask_then_list);
  ADD ("/cli/history/json-ids", test_json_ids);
  ADD ("/cli/history/continue", test_continue);
  ADD ("/cli/history/app-settings", test_app_settings);
  ADD ("/cli/history/ctrl-c", test_ctrl_c);
  ADD ("/cli/history/kill-9", test_kill_9);
  ADD ("/cli/history/no-key", test_no_key);
  ADD ("/cli/history/keyring-key", test_keyring_key);
  ADD ("/cli/history/keyring-stuck", test_keyring_stuck);
  ADD ("/cli/history/unavailable", test_history_unavailable);
  ADD ("/cli/history/corrupt", test_history_corrupt);

  return g_test_run ();
}
