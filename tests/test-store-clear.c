/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store-clear.c: clearing all history against a real SQLite file: chats gone from the disk, the ledger kept or not. */

#define G_LOG_DOMAIN "test-store-clear"

#include "config.h"

#include <string.h>

#include "mimo-database-private.h"
#include "mimo-store-private.h"
#include "mimo-test-utils.h"

/* Words that appear only in what the chats said, to look for in the
 * file's bytes afterwards. */
#define SECRET_QUESTION "Where did I hide the xylophonequartz key?"
#define SECRET_ANSWER   "Under the zanzibarmoth doormat."
#define SECRET_TITLE    "Quokkaplan for the weekend"

static char *
db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "mimo-chat", "history.db", NULL);
}

/* Whether @word is anywhere in the database file or its write-ahead log:
 * what someone reading the disk would find. */
static gboolean
bytes_contain (const char *bytes,
               gsize       len,
               const char *word)
{
  gsize word_len = strlen (word);

  for (gsize i = 0; i + word_len <= len; i++)
    {
      if (bytes[i] == word[0] && memcmp (bytes + i, word, word_len) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
file_contains (const char *path,
               const char *word)
{
  const char *suffixes[] = { "", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *bytes = NULL;
      gsize            len = 0;

      if (!g_file_get_contents (name, &bytes, &len, NULL))
        continue;
      if (bytes_contain (bytes, len, word))
        return TRUE;
    }

  return FALSE;
}

/* A chat with a question, an answer and the request's ledger row. */
static MimoConversation *
add_chat (MimoStore  *store,
          const char *question_text,
          const char *answer_text)
{
  g_autoptr (MimoMessage)     question = mimo_message_new (MIMO_ROLE_USER, question_text);
  g_autoptr (MimoMessage)     answer = mimo_message_new (MIMO_ROLE_ASSISTANT, answer_text);
  g_autoptr (MimoLedgerEntry) entry = mimo_ledger_entry_new ();
  g_autoptr (MimoPricing)     pricing = mimo_pricing_new ();
  MimoConversation           *conversation = mimo_store_create_conversation (store);
  MimoUsage                   usage = { .prompt_tokens = 100, .completion_tokens = 20 };

  mimo_conversation_add_message (conversation, question);
  mimo_conversation_add_message (conversation, answer);
  mimo_ledger_entry_set_usage (entry, &usage, pricing, 0, 0, 0);
  mimo_store_record_request (store, conversation, answer, entry);

  return conversation;
}

typedef struct
{
  guint calls;
  guint removed;
  guint added;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  g_assert_cmpuint (position, ==, 0);
  changes->calls++;
  changes->removed += removed;
  changes->added += added;
}

static void
ledger_changed_cb (MimoLedger            *ledger,
                   const MimoLedgerEntry *entry,
                   guint                 *cleared)
{
  if (entry == NULL)
    (*cleared)++;
}

/* Three listed chats, one in its undo period, one the command line added
 * behind the store's back: every one goes, with one list emission. */
static void
test_clear_keeps_ledger (void)
{
  g_autofree char             *path = db_path ();
  g_autoptr (MimoStore)        store = mimo_store_new (path);
  g_autoptr (MimoStore)        cli = NULL;
  g_autoptr (GPtrArray)        hits = NULL;
  g_autoptr (GPtrArray)        rows = NULL;
  g_autoptr (GError)           error = NULL;
  g_autoptr (MimoConversation) trashed = NULL;
  MimoConversation            *secret, *from_cli;
  MimoLedgerTotals             before = { 0 }, after = { 0 };
  Changes                      changes = { 0 };
  guint                        cleared = 0;
  gint64                       secret_id, cli_id, max_id;

  add_chat (store, "How do I brew green tea?", "Steep it at 80 °C for two minutes.");
  secret = add_chat (store, SECRET_QUESTION, SECRET_ANSWER);
  g_assert_true (mimo_conversation_set_title (secret, SECRET_TITLE));
  secret_id = mimo_conversation_get_id (secret);
  trashed = g_object_ref (add_chat (store, "A chat deleted just before", "Still in its undo period."));
  add_chat (store, "And a fourth one", "Fine.");
  mimo_store_delete_conversation (store, trashed);
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 3);

  cli = mimo_store_new (path);
  from_cli = add_chat (cli, "Asked on the command line", "While the app was open.");
  cli_id = mimo_conversation_get_id (from_cli);
  g_clear_object (&cli);
  max_id = MAX (cli_id, secret_id);
  g_assert_true (file_contains (path, "xylophonequartz"));

  g_assert_true (mimo_ledger_query_totals (mimo_store_get_ledger (store), NULL, NULL, &before, &error));
  g_assert_no_error (error);
  g_assert_cmpint (before.requests, ==, 5);

  g_signal_connect (mimo_store_get_conversations (store), "items-changed", G_CALLBACK (items_changed_cb), &changes);
  g_signal_connect (mimo_store_get_ledger (store), "changed", G_CALLBACK (ledger_changed_cb), &cleared);
  mimo_store_clear_history (store, FALSE);

  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 3);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 0);
  g_assert_null (mimo_store_lookup_conversation (store, secret_id));
  g_assert_false (mimo_store_undo_delete (store, trashed));
  g_assert_cmpuint (cleared, ==, 0);
  g_assert_null (mimo_store_get_save_error (store));

  /* Nothing to find any more, in the app or on the disk. */
  hits = mimo_store_search (store, "xylophonequartz", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_assert_false (file_contains (path, "xylophonequartz"));
  g_assert_false (file_contains (path, "zanzibarmoth"));

  /* What was spent is still there, every row, named after its chat. */
  g_assert_true (mimo_ledger_query_totals (mimo_store_get_ledger (store), NULL, NULL, &after, &error));
  g_assert_no_error (error);
  g_assert_cmpint (after.requests, ==, 5);
  g_assert_cmpint (after.cost.total_nanos, ==, before.cost.total_nanos);
  rows = mimo_ledger_query_conversation_entries (mimo_store_get_ledger (store), secret_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (((MimoLedgerEntry *) g_ptr_array_index (rows, 0))->conversation_deleted);
  g_assert_cmpstr (((MimoLedgerEntry *) g_ptr_array_index (rows, 0))->conversation_title, ==, SECRET_TITLE);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = mimo_ledger_query_conversation_entries (mimo_store_get_ledger (store), cli_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (((MimoLedgerEntry *) g_ptr_array_index (rows, 0))->conversation_deleted);
  g_assert_cmpstr (((MimoLedgerEntry *) g_ptr_array_index (rows, 0))->conversation_title, ==,
                   "Asked on the command line");

  /* The next start finds no chat, and new ones take new ids. */
  g_clear_object (&store);
  store = mimo_store_new (path);
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 0);
  g_assert_cmpint (mimo_conversation_get_id (mimo_store_create_conversation (store)), >, max_id);
}

static void
test_clear_with_ledger (void)
{
  g_autofree char      *path = db_path ();
  g_autoptr (MimoStore) store = mimo_store_new (path);
  g_autoptr (GError)    error = NULL;
  MimoConversation     *secret;
  MimoLedgerTotals      totals = { 0 };
  guint                 cleared = 0;
  gint64                max_id;

  add_chat (store, "How do I brew green tea?", "Steep it at 80 °C for two minutes.");
  secret = add_chat (store, SECRET_QUESTION, SECRET_ANSWER);
  g_assert_true (mimo_conversation_set_title (secret, SECRET_TITLE));
  max_id = mimo_conversation_get_id (secret);
  /* Deleted earlier: its name was kept for the ledger until now. */
  mimo_store_delete_conversation (store, add_chat (store, "Older chat", "Gone already."));
  mimo_store_commit_deletions (store);

  g_signal_connect (mimo_store_get_ledger (store), "changed", G_CALLBACK (ledger_changed_cb), &cleared);
  mimo_store_clear_history (store, TRUE);
  g_assert_cmpuint (cleared, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 0);

  g_assert_true (mimo_ledger_query_totals (mimo_store_get_ledger (store), NULL, NULL, &totals, &error));
  g_assert_no_error (error);
  g_assert_cmpint (totals.requests, ==, 0);
  g_assert_cmpint (totals.cost.total_nanos, ==, 0);

  /* Not even the titles the ledger kept remain in the file. */
  g_assert_false (file_contains (path, "xylophonequartz"));
  g_assert_false (file_contains (path, "Quokkaplan"));
  g_assert_false (file_contains (path, "Older chat"));

  g_clear_object (&store);
  store = mimo_store_new (path);
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 0);
  g_assert_true (mimo_ledger_query_totals (mimo_store_get_ledger (store), NULL, NULL, &totals, &error));
  g_assert_cmpint (totals.requests, ==, 0);
  g_assert_cmpint (mimo_conversation_get_id (mimo_store_create_conversation (store)), >, max_id + 1);
}

/* A request recorded while the disk refused writes, then a clear that
 * asks for the ledger to go: the row never reaches the file. Without the
 * ledger asked for, it would. */
static void
test_clear_while_unwritable (void)
{
  g_autofree char      *path = db_path ();
  g_autoptr (MimoStore) store = mimo_store_new (path);
  g_autoptr (GError)    error = NULL;
  MimoDatabase         *database = _mimo_store_get_database (store);
  MimoLedgerTotals      totals = { 0 };

  add_chat (store, "Saved before the disk went read-only", "Yes.");

  mimo_database_set_fault (database, MIMO_DATABASE_FAULT_READ_ONLY);
  g_test_expect_message ("mimo-store", G_LOG_LEVEL_WARNING, "*save*");
  add_chat (store, "Asked while read-only", "Kept in memory.");
  g_test_assert_expected_messages ();
  g_assert_nonnull (mimo_store_get_save_error (store));

  mimo_store_clear_history (store, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 0);
  g_assert_nonnull (mimo_store_get_save_error (store));

  /* The disk comes back; the retry writes the clear and the kept row. */
  mimo_database_set_fault (database, MIMO_DATABASE_FAULT_NONE);
  while (mimo_store_get_save_error (store) != NULL)
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&store);
  store = mimo_store_new (path);
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 0);
  g_assert_true (mimo_ledger_query_totals (mimo_store_get_ledger (store), NULL, NULL, &totals, &error));
  g_assert_no_error (error);
  g_assert_cmpint (totals.requests, ==, 2);

  database = _mimo_store_get_database (store);
  add_chat (store, "Saved", "Yes.");
  mimo_database_set_fault (database, MIMO_DATABASE_FAULT_READ_ONLY);
  g_test_expect_message ("mimo-store", G_LOG_LEVEL_WARNING, "*save*");
  add_chat (store, "Asked while read-only", "Kept in memory.");
  g_test_assert_expected_messages ();
  mimo_store_clear_history (store, TRUE);
  mimo_database_set_fault (database, MIMO_DATABASE_FAULT_NONE);
  while (mimo_store_get_save_error (store) != NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (mimo_ledger_query_totals (mimo_store_get_ledger (store), NULL, NULL, &totals, &error));
  g_assert_cmpint (totals.requests, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/store/clear-history/keeps-ledger", test_clear_keeps_ledger);
  g_test_add_func ("/core/store/clear-history/with-ledger", test_clear_with_ledger);
  g_test_add_func ("/core/store/clear-history/while-unwritable", test_clear_while_unwritable);

  return g_test_run ();
}
