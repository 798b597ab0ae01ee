/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c: the history against real SQLite files: reopen, migrate, recover, stream, crash, search, delete. */

#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "mimo-database-private.h"
#include "mimo-store-private.h"
#include "mimo-test-utils.h"

static char *
db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "mimo-chat", "history.db", NULL);
}

/* A second, plain connection: what is really in the file. */
static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  return db;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char         *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static MimoConversation *
conversation_at (MimoStore *store,
                 guint      position)
{
  g_autoptr (MimoConversation) conversation = g_list_model_get_item (mimo_store_get_conversations (store), position);

  return conversation;
}

static MimoMessage *
message_at (MimoConversation *conversation,
            guint             position)
{
  g_autoptr (MimoMessage) message = g_list_model_get_item (mimo_conversation_get_messages (conversation), position);

  return message;
}

static void
test_reopen (void)
{
  g_autofree char           *path = db_path ();
  g_autoptr (MimoStore)      store = mimo_store_new (path);
  g_autoptr (MimoChatParams) defaults = mimo_chat_params_new ();
  g_autoptr (MimoChatParams) params = mimo_chat_params_new ();
  g_autoptr (MimoChatParams) loaded_params = NULL;
  g_autoptr (MimoMessage)    question = mimo_message_new (MIMO_ROLE_USER, "# How do *I* brew   green tea?\nDetails follow.");
  g_autoptr (MimoMessage)    answer = mimo_message_new (MIMO_ROLE_ASSISTANT, NULL);
  g_autoptr (MimoUsage)      usage = mimo_usage_new ();
  MimoConversation          *conversation;
  MimoConversation          *other;
  MimoMessage               *loaded;
  gint64                     conversation_id;

  g_assert_null (mimo_store_get_recovery_message (store));
  g_assert_false (mimo_store_get_in_memory (store));

  other = mimo_store_create_conversation (store);
  conversation = mimo_store_create_conversation (store);
  conversation_id = mimo_conversation_get_id (conversation);
  g_assert_cmpstr (mimo_conversation_get_title (conversation), ==, "New Chat");

  mimo_conversation_set_system_prompt (conversation, "Be brief.");
  params->temperature = 0.2;
  params->tool_web_search = TRUE;
  mimo_conversation_set_params (conversation, params, defaults);
  mimo_conversation_set_draft (conversation, "# Draft\n\nTea notes [1].");

  mimo_conversation_add_message (conversation, question);
  g_assert_cmpstr (mimo_conversation_get_title (conversation), ==, "How do I brew green tea?");

  mimo_message_set_params (answer, params);
  mimo_message_set_state (answer, MIMO_MESSAGE_STATE_STREAMING, NULL);
  mimo_conversation_add_message (conversation, answer);
  mimo_message_append_reasoning (answer, "Think about water.", -1);
  mimo_message_append_content (answer, "Use water at 80 °C.", -1);
  usage->prompt_tokens = 20;
  usage->completion_tokens = 9;
  usage->has_provider_cost = TRUE;
  usage->provider_cost_nanos = 23500;
  mimo_message_set_usage (answer, usage, 23500);
  mimo_message_set_finish_reason (answer, "stop");
  mimo_message_set_state (answer, MIMO_MESSAGE_STATE_COMPLETE, NULL);

  /* Activity moved it above the newer, empty chat. */
  g_assert_true (conversation_at (store, 0) == conversation);
  g_assert_true (conversation_at (store, 1) == other);

  g_clear_object (&store);
  store = mimo_store_new (path);

  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 2);
  conversation = conversation_at (store, 0);
  g_assert_cmpint (mimo_conversation_get_id (conversation), ==, conversation_id);
  g_assert_cmpstr (mimo_conversation_get_title (conversation), ==, "How do I brew green tea?");
  g_assert_cmpstr (mimo_conversation_get_system_prompt (conversation), ==, "Be brief.");
  g_assert_cmpstr (mimo_conversation_get_draft (conversation), ==, "# Draft\n\nTea notes [1].");
  g_assert_cmpuint (mimo_conversation_get_n_messages (conversation), ==, 2);
  loaded_params = mimo_conversation_dup_params (conversation, defaults);
  g_assert_true (mimo_chat_params_equal (loaded_params, params));

  loaded = message_at (conversation, 1);
  g_assert_cmpint (mimo_message_get_role (loaded), ==, MIMO_ROLE_ASSISTANT);
  g_assert_cmpint (mimo_message_get_state (loaded), ==, MIMO_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (mimo_message_get_content (loaded), ==, "Use water at 80 °C.");
  g_assert_cmpstr (mimo_message_get_reasoning (loaded), ==, "Think about water.");
  g_assert_cmpstr (mimo_message_get_finish_reason (loaded), ==, "stop");
  g_assert_true (mimo_chat_params_equal (mimo_message_get_params (loaded), params));
  g_assert_true (mimo_usage_equal (mimo_message_get_usage (loaded), usage));
  g_assert_cmpint (mimo_message_get_cost_nanos (loaded), ==, 23500);
  g_assert_cmpint (mimo_message_get_provider_cost_nanos (loaded), ==, 23500);
  g_assert_cmpint (mimo_message_get_created_us (loaded), ==, mimo_message_get_created_us (answer));
  g_assert_cmpstr (mimo_message_get_content (message_at (conversation, 0)), ==,
                   "# How do *I* brew   green tea?\nDetails follow.");

  /* Renamed titles stay. */
  g_assert_false (mimo_conversation_set_title (conversation, "   "));
  g_assert_true (mimo_conversation_set_title (conversation, "Green tea"));
  g_clear_object (&store);
  store = mimo_store_new (path);
  g_assert_cmpstr (mimo_conversation_get_title (conversation_at (store, 0)), ==, "Green tea");
}

typedef struct
{
  const char *text;
  const char *title;
} TitleCase;

static const TitleCase title_cases[] = {
  { "Hello there", "Hello there" },
  { "  \n\n## What is **MiMo**?\nmore", "What is MiMo?" },
  { "- list item one", "list item one" },
  { "1. first step of many", "first step of many" },
  { "```\ncode fence\n```", "code fence" },
  { "Could you explain the difference between a latte and a flat white, please?",
    "Could you explain the difference between a latte…" },
  { "Supercalifragilisticexpialidocious-and-then-some-more-letters-here-ok", "Supercalifragilisticexpialidocious-and-then-some…" },
  { "你好，请帮我写一封感谢信给我的老师", "你好，请帮我写一封感谢信给我的老师" },
  { "   \n\t  ", NULL },
  { "***", NULL },
  { "", NULL },
};

static void
test_titles (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (title_cases); i++)
    {
      g_autofree char *title = mimo_conversation_make_title (title_cases[i].text);

      g_test_message ("title %u: %s", i, title_cases[i].text);
      g_assert_cmpstr (title, ==, title_cases[i].title);
    }
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint calls;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  changes->calls++;
}

static void
test_delete_undo (void)
{
  g_autofree char            *path = db_path ();
  g_autoptr (MimoStore)       store = mimo_store_new (path);
  g_autoptr (MimoLedgerEntry) entry = mimo_ledger_entry_new ();
  g_autoptr (MimoPricing)     pricing = mimo_pricing_new ();
  g_autoptr (MimoMessage)     question = mimo_message_new (MIMO_ROLE_USER, "Plan a trip to Lisbon");
  g_autoptr (GPtrArray)       hits = NULL;
  g_autoptr (GPtrArray)       rows = NULL;
  g_autoptr (GError)          error = NULL;
  MimoConversation           *a, *b, *c;
  MimoLedgerEntry            *row;
  MimoUsage                   usage = { .prompt_tokens = 10, .completion_tokens = 5 };
  Changes                     changes = { 0 };
  gint64                      b_id;

  a = mimo_store_create_conversation (store);
  b = mimo_store_create_conversation (store);
  c = mimo_store_create_conversation (store);
  b_id = mimo_conversation_get_id (b);
  mimo_conversation_add_message (b, question);
  mimo_ledger_entry_set_usage (entry, &usage, pricing, 0, 0, 0);
  mimo_store_record_request (store, b, question, entry);
  /* b is on top now: b, c, a */
  g_assert_true (conversation_at (store, 0) == b);

  g_signal_connect (mimo_store_get_conversations (store), "items-changed", G_CALLBACK (items_changed_cb), &changes);

  g_object_ref (b);
  mimo_store_delete_conversation (store, b);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_null (mimo_store_lookup_conversation (store, b_id));
  hits = mimo_store_search (store, "Lisbon", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Undo puts it back where it was. */
  g_assert_true (mimo_store_undo_delete (store, b));
  g_assert_cmpuint (changes.calls, ==, 2);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_true (conversation_at (store, 0) == b);
  g_assert_true (mimo_store_lookup_conversation (store, b_id) == b);
  g_assert_false (mimo_store_undo_delete (store, b));

  /* After the undo period it is gone for real; its spend is not. */
  mimo_store_set_undo_timeout (store, 50);
  mimo_store_delete_conversation (store, b);
  g_object_unref (b);
  mimo_test_spin (150);
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 2);
  g_assert_true (conversation_at (store, 0) == c);
  g_assert_true (conversation_at (store, 1) == a);

  g_clear_object (&store);
  store = mimo_store_new (path);
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 2);
  g_assert_null (mimo_store_lookup_conversation (store, b_id));
  rows = mimo_ledger_query_conversation_entries (mimo_store_get_ledger (store), b_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_true (row->conversation_deleted);
  g_assert_cmpstr (row->conversation_title, ==, "Plan a trip to Lisbon");
  g_assert_cmpint (row->cost.total_nanos, ==, 10 * 500 + 5 * 1500);

  /* A new chat never takes the deleted one's id. */
  g_assert_cmpint (mimo_conversation_get_id (mimo_store_create_conversation (store)), >, b_id);
}

/* Deleted, then the app dies during the undo period: the delete happens. */
static void
test_delete_survives_crash (void)
{
  g_autofree char      *path = db_path ();
  g_autoptr (MimoStore) store = mimo_store_new (path);
  MimoConversation     *conversation = mimo_store_create_conversation (store);
  sqlite3              *raw;

  mimo_store_delete_conversation (store, conversation);
  raw = open_raw (path);
  g_assert_cmpint (raw_int (raw, "SELECT COUNT(*) FROM conversation WHERE trashed_us IS NOT NULL"), ==, 1);
  sqlite3_close (raw);

  /* Undo still possible in this process; a second store is "the next start". */
  {
    g_autoptr (MimoStore) next = NULL;

    /* Free our lock so the next start sees itself alone, as after a crash. */
    close (_mimo_store_get_database (store)->lock_fd);
    _mimo_store_get_database (store)->lock_fd = -1;
    next = mimo_store_new (path);
    g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (next)), ==, 0);
  }
}

static void
test_search (void)
{
  g_autofree char      *path = db_path ();
  g_autoptr (MimoStore) store = mimo_store_new (path);
  g_autoptr (GPtrArray) hits = NULL;
  g_autoptr (GError)    error = NULL;
  MimoConversation     *old = mimo_store_create_conversation (store);
  MimoConversation     *recent = mimo_store_create_conversation (store);
  MimoSearchHit        *hit;
  gint64                old_message_id;
  gint64                old_id = mimo_conversation_get_id (old);

  for (int i = 0; i < 50; i++)
    {
      g_autoptr (MimoMessage) message = mimo_message_new (i % 2 ? MIMO_ROLE_ASSISTANT : MIMO_ROLE_USER, "filler text about nothing");

      mimo_conversation_add_message (old, message);
    }
  {
    g_autoptr (MimoMessage) message = mimo_message_new (MIMO_ROLE_ASSISTANT, "The Café Brasileira opened in 1905; its pastéis are famous.");

    mimo_conversation_add_message (old, message);
    old_message_id = mimo_message_get_id (message);
  }
  {
    g_autoptr (MimoMessage) message = mimo_message_new (MIMO_ROLE_USER, "a \"quoted\" OR NEAR( word");

    mimo_conversation_add_message (recent, message);
  }
  {
    /* Streaming text is not indexed until it ends. */
    g_autoptr (MimoMessage) message = mimo_message_new (MIMO_ROLE_ASSISTANT, NULL);

    mimo_message_set_state (message, MIMO_MESSAGE_STATE_STREAMING, NULL);
    mimo_conversation_add_message (recent, message);
    mimo_message_append_content (message, "pastéis in progress", -1);
    mimo_store_flush (store);
  }

  g_clear_object (&store);
  store = mimo_store_new (path);

  /* Accents do not matter, the last word is a prefix, case is ignored. */
  hits = mimo_store_search (store, "cafe PASTEIS braz", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = mimo_store_search (store, "cafe PASTEIS bras", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpint (hit->message_id, ==, old_message_id);
  g_assert_cmpint (hit->conversation_id, ==, old_id);
  g_assert_cmpint (hit->role, ==, MIMO_ROLE_ASSISTANT);
  g_assert_nonnull (strstr (hit->snippet, "Café Brasileira"));
  g_assert_nonnull (strstr (hit->snippet_markup, "<b>Café</b> <b>Brasileira</b>"));
  g_assert_cmpstr (hit->conversation_title, ==, "filler text about nothing");
  /* The hit leads to the message. */
  g_assert_nonnull (mimo_conversation_find_message (mimo_store_lookup_conversation (store, hit->conversation_id),
                                                    hit->message_id, NULL));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* What people type is never FTS syntax. */
  hits = mimo_store_search (store, "\"quoted\" OR NEAR(", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_nonnull (strstr (((MimoSearchHit *) g_ptr_array_index (hits, 0))->snippet_markup, "&quot;"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* The interrupted answer is indexed once the next start closes it. */
  hits = mimo_store_search (store, "progress", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = mimo_store_search (store, "filler", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 5);
  /* Newest first. */
  g_assert_cmpint (((MimoSearchHit *) g_ptr_array_index (hits, 0))->message_id, >,
                   ((MimoSearchHit *) g_ptr_array_index (hits, 4))->message_id);
  g_clear_pointer (&hits, g_ptr_array_unref);

  hits = mimo_store_search (store, "   ", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
test_lazy_text (void)
{
  g_autofree char      *path = db_path ();
  g_autoptr (MimoStore) store = mimo_store_new (path);
  MimoConversation     *conversation = mimo_store_create_conversation (store);
  GListModel           *messages;
  guint                 loaded = 0;

  mimo_store_hold_writes (store);
  for (int i = 0; i < 300; i++)
    {
      g_autofree char        *text = g_strdup_printf ("message %d", i);
      g_autoptr (MimoMessage) message = mimo_message_new (i % 2 ? MIMO_ROLE_ASSISTANT : MIMO_ROLE_USER, text);

      mimo_conversation_add_message (conversation, message);
    }
  mimo_store_release_writes (store);
  g_assert_null (mimo_store_get_save_error (store));

  g_clear_object (&store);
  store = mimo_store_new (path);
  conversation = conversation_at (store, 0);
  g_assert_cmpuint (mimo_conversation_get_n_messages (conversation), ==, 300);
  messages = mimo_conversation_get_messages (conversation);
  g_assert_cmpuint (g_list_model_get_n_items (messages), ==, 300);

  /* Showing the newest message reads one page, not the whole chat. */
  g_assert_cmpstr (mimo_message_get_content (message_at (conversation, 299)), ==, "message 299");
  for (guint i = 0; i < 300; i++)
    loaded += _mimo_message_text_loaded (message_at (conversation, i));
  g_assert_cmpuint (loaded, >, 0);
  g_assert_cmpuint (loaded, <=, 64);

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);

      g_assert_cmpstr (mimo_message_get_content (message_at (conversation, i)), ==, text);
    }
}

static guint
count_parts (const char *path)
{
  sqlite3 *raw = open_raw (path);
  guint    n = (guint) raw_int (raw, "SELECT COUNT(*) FROM message_part");

  sqlite3_close (raw);
  return n;
}

typedef struct
{
  MimoMessage *message;
  GString     *expected;
  guint        n;
  gint64       start;
  gboolean     done;
} Stream;

static gboolean
delta_cb (gpointer user_data)
{
  Stream          *stream = user_data;
  g_autofree char *delta = g_strdup_printf ("tok%u ", stream->n++);

  mimo_message_append_content (stream->message, delta, -1);
  g_string_append (stream->expected, delta);
  if (stream->n % 3 == 0)
    mimo_message_append_reasoning (stream->message, "r", 1);

  stream->done = g_get_monotonic_time () - stream->start >= G_USEC_PER_SEC;
  return stream->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* A second of deltas every 2 ms is about 500 appends; the file sees a
 * handful of small writes, and the whole text at the end. */
static void
test_streaming_throttled (void)
{
  g_autofree char        *path = db_path ();
  g_autoptr (MimoStore)   store = mimo_store_new (path);
  g_autoptr (MimoMessage) answer = mimo_message_new (MIMO_ROLE_ASSISTANT, NULL);
  g_autoptr (GString)     expected = g_string_new (NULL);
  g_autofree char        *saved = NULL;
  MimoConversation       *conversation = mimo_store_create_conversation (store);
  Stream                  stream = { answer, expected, 0, 0, FALSE };
  guint                   parts;
  sqlite3                *raw;

  mimo_message_set_state (answer, MIMO_MESSAGE_STATE_STREAMING, NULL);
  mimo_conversation_add_message (conversation, answer);

  stream.start = g_get_monotonic_time ();
  g_timeout_add (2, delta_cb, &stream);
  mimo_test_wait_for_flag (&stream.done, 10000);

  parts = count_parts (path);
  g_test_message ("%u deltas, %u pieces written", stream.n, parts);
  g_assert_cmpuint (stream.n, >, 100);
  g_assert_cmpuint (parts, >=, 2);
  g_assert_cmpuint (parts, <=, 6);

  /* The trailing text reaches the file within 250 ms even with no more deltas. */
  mimo_test_spin (300);
  raw = open_raw (path);
  saved = raw_text (raw, "SELECT m.content || IFNULL((SELECT group_concat(content, '') FROM"
                         " (SELECT content FROM message_part ORDER BY seq)), '') FROM message m");
  g_assert_cmpstr (saved, ==, expected->str);
  g_clear_pointer (&saved, g_free);

  mimo_message_set_state (answer, MIMO_MESSAGE_STATE_COMPLETE, NULL);
  saved = raw_text (raw, "SELECT content FROM message");
  g_assert_cmpstr (saved, ==, expected->str);
  g_assert_cmpint (raw_int (raw, "SELECT COUNT(*) FROM message_part"), ==, 0);
  g_assert_cmpint (raw_int (raw, "SELECT length(reasoning) FROM message"), ==, stream.n / 3);
  g_assert_cmpint (raw_int (raw, "SELECT COUNT(*) FROM message WHERE state = 'complete'"), ==, 1);
  sqlite3_close (raw);
}

static void
test_crash_mid_stream (void)
{
  g_autofree char        *path = db_path ();
  g_autofree char        *report_path = g_build_filename (g_get_user_data_dir (), "report.txt", NULL);
  g_autofree char        *writer = g_test_build_filename (G_TEST_BUILT, "crash-writer", NULL);
  g_autofree char        *report = NULL;
  g_autofree char        *integrity = NULL;
  g_autoptr (GSubprocess) child = NULL;
  g_autoptr (GString)     full = g_string_new (NULL);
  g_autoptr (MimoStore)   store = NULL;
  g_autoptr (GError)      error = NULL;
  const char             *content;
  MimoConversation       *conversation;
  MimoMessage            *answer;
  guint                   safe = 0;
  guint                   appended = 0;
  gsize                   safe_length = 0;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, writer, path, report_path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  g_file_get_contents (report_path, &report, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sscanf (report, "%u %u", &safe, &appended), ==, 2);
  g_assert_cmpuint (safe, >, 0);
  for (guint i = 0; i < appended; i++)
    {
      if (i == safe)
        safe_length = full->len;
      g_string_append_printf (full, "w%u ", i);
    }

  store = mimo_store_new (path);
  conversation = conversation_at (store, 0);
  answer = message_at (conversation, 1);
  content = mimo_message_get_content (answer);
  g_test_message ("%u words appended, %u due, %zu of %zu bytes kept", appended, safe, strlen (content), full->len);

  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_INTERRUPTED);
  g_assert_true (g_str_has_prefix (full->str, content));
  g_assert_cmpuint (strlen (content), >=, safe_length);
  g_assert_cmpuint (mimo_database_get_n_interrupted (_mimo_store_get_database (store)), ==, 1);

  /* The killed request never wrote its ledger row; the repair did, from
   * the text that was saved: spend history does not vanish with a crash. */
  {
    g_autoptr (GPtrArray) rows = mimo_ledger_query_conversation_entries (mimo_store_get_ledger (store),
                                                                         mimo_conversation_get_id (conversation),
                                                                         &error);
    MimoLedgerEntry      *entry;

    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    entry = g_ptr_array_index (rows, 0);
    g_assert_cmpint (entry->message_id, ==, mimo_message_get_id (answer));
    g_assert_cmpint (entry->status, ==, MIMO_MESSAGE_STATE_INTERRUPTED);
    g_assert_true (entry->estimated);
    g_assert_cmpint (entry->completion_tokens, ==, (g_utf8_strlen (content, -1) + 3) / 4);
    g_assert_cmpint (entry->prompt_tokens, >, 0);
    g_assert_cmpint (entry->cost.total_nanos, ==, entry->prompt_tokens * 500 + entry->completion_tokens * 1500);
    g_assert_cmpint (mimo_conversation_get_totals (conversation)->requests, ==, 1);
  }

  /* Opening again repairs nothing more and adds no second row. */
  g_clear_object (&store);
  store = mimo_store_new (path);
  conversation = conversation_at (store, 0);
  g_assert_cmpint (mimo_conversation_get_totals (conversation)->requests, ==, 1);

  integrity = mimo_database_check_integrity (_mimo_store_get_database (store), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (integrity, ==, "ok");
}

static void
test_migrate_v1 (void)
{
  g_autofree char           *path = db_path ();
  g_autofree char           *dir = g_path_get_dirname (path);
  g_autofree char           *sql_path = g_test_build_filename (G_TEST_DIST, "data", "history-v1.sql", NULL);
  g_autofree char           *sql = NULL;
  g_autoptr (MimoStore)      store = NULL;
  g_autoptr (MimoChatParams) params = NULL;
  g_autoptr (GPtrArray)      rows = NULL;
  g_autoptr (GPtrArray)      hits = NULL;
  g_autoptr (GError)         error = NULL;
  MimoLedgerTotals           totals;
  MimoConversation          *conversation;
  MimoMessage               *answer;
  sqlite3                   *raw;

  g_file_get_contents (sql_path, &sql, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  raw = open_raw (path);
  g_assert_cmpint (sqlite3_exec (raw, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  store = mimo_store_new (path);
  g_assert_null (mimo_store_get_recovery_message (store));

  raw = open_raw (path);
  g_assert_cmpint (raw_int (raw, "PRAGMA user_version"), ==, MIMO_DATABASE_VERSION);
  g_assert_cmpint (raw_int (raw, "SELECT price_input_nanos FROM ledger WHERE id = 1"), ==, 500);
  sqlite3_close (raw);

  /* The chat, its overrides and its messages are all there; the chat
   * deleted during its undo period is gone, its spend is not. */
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 1);
  conversation = conversation_at (store, 0);
  g_assert_cmpstr (mimo_conversation_get_title (conversation), ==, "Tea in Kyoto");
  g_assert_cmpstr (mimo_conversation_get_draft (conversation), ==, "");
  params = mimo_conversation_dup_params (conversation, NULL);
  g_assert_cmpfloat (params->temperature, ==, 0.2);
  g_assert_cmpuint (mimo_conversation_get_n_messages (conversation), ==, 4);
  g_assert_cmpint (mimo_message_get_provider_cost_nanos (message_at (conversation, 1)), ==, 30000000);
  g_assert_cmpstr (mimo_message_get_reasoning (message_at (conversation, 1)), ==, "The user wants places.");

  /* The answer left streaming keeps every saved piece, marked interrupted. */
  answer = message_at (conversation, 3);
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_INTERRUPTED);
  g_assert_cmpstr (mimo_message_get_content (answer), ==, "In Tokyo, visit Asakusa and Ginza.");
  g_assert_cmpstr (mimo_message_get_reasoning (answer), ==, "thinking");

  hits = mimo_store_search (store, "Ginza", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = mimo_store_search (store, "forgotten", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);

  g_assert_true (mimo_ledger_query_totals (mimo_store_get_ledger (store), NULL, NULL, &totals, &error));
  g_assert_no_error (error);
  g_assert_cmpint (totals.requests, ==, 3);
  g_assert_cmpint (totals.cost.total_nanos, ==, 30775000 + 8500 + 65000);
  g_assert_cmpint (totals.cached_savings_nanos, ==, 1500 * (500 - 50));
  g_assert_cmpint (totals.estimated, ==, 1);
  g_assert_cmpint (totals.interrupted, ==, 1);

  rows = mimo_ledger_query_conversation_entries (mimo_store_get_ledger (store), 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_true (((MimoLedgerEntry *) g_ptr_array_index (rows, 0))->conversation_deleted);
  g_assert_cmpstr (((MimoLedgerEntry *) g_ptr_array_index (rows, 0))->conversation_title, ==, "Old gone chat");

  /* New ids never reuse those of the deleted chat or its ledger rows. */
  g_assert_cmpint (mimo_conversation_get_id (mimo_store_create_conversation (store)), ==, 3);
}

static void
test_newer_version (void)
{
  g_autofree char      *path = db_path ();
  g_autofree char      *dir = g_path_get_dirname (path);
  g_autoptr (MimoStore) store = NULL;
  sqlite3              *raw;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  raw = open_raw (path);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE future (x); PRAGMA user_version = 99;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);

  g_test_expect_message ("mimo-store", G_LOG_LEVEL_WARNING, "*version 99*");
  store = mimo_store_new (path);
  g_test_assert_expected_messages ();

  g_assert_true (mimo_store_get_in_memory (store));
  g_assert_nonnull (strstr (mimo_store_get_recovery_message (store), "newer version"));
  /* Untouched, not moved aside. */
  raw = open_raw (path);
  g_assert_cmpint (raw_int (raw, "PRAGMA user_version"), ==, 99);
  sqlite3_close (raw);
}

static gboolean
is_moved_aside (const char *path,
                char      **found)
{
  g_autofree char *dir_path = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *prefix = g_strconcat (base, ".broken-", NULL);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char      *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, prefix) && !g_str_has_suffix (name, "-wal") && !g_str_has_suffix (name, "-shm"))
        {
          *found = g_build_filename (dir_path, name, NULL);
          return TRUE;
        }
    }

  return FALSE;
}

static void
check_recovered (const char *path,
                 const char *expected_contents,
                 gsize       expected_length)
{
  g_autoptr (MimoStore) store = NULL;
  g_autofree char      *aside = NULL;
  g_autofree char      *contents = NULL;
  gsize                 length;

  g_test_expect_message ("mimo-store", G_LOG_LEVEL_WARNING, "*");
  store = mimo_store_new (path);
  g_test_assert_expected_messages ();

  g_assert_false (mimo_store_get_in_memory (store));
  g_assert_nonnull (mimo_store_get_recovery_message (store));
  g_assert_nonnull (strstr (mimo_store_get_recovery_message (store), "set aside"));
  g_assert_true (is_moved_aside (path, &aside));
  g_assert_nonnull (strstr (mimo_store_get_recovery_message (store), strrchr (aside, '/') + 1));

  /* Never deleted: the bytes are all still there. */
  g_assert_true (g_file_get_contents (aside, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, expected_length);
  if (expected_contents != NULL)
    g_assert_cmpmem (contents, length, expected_contents, expected_length);

  /* And the fresh history works. */
  mimo_store_create_conversation (store);
  g_clear_object (&store);
  store = mimo_store_new (path);
  g_assert_null (mimo_store_get_recovery_message (store));
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (store)), ==, 1);
}

static void
test_not_a_database (void)
{
  g_autofree char    *path = db_path ();
  g_autofree char    *dir = g_path_get_dirname (path);
  g_autoptr (GString) garbage = g_string_new (NULL);

  while (garbage->len < 8192)
    g_string_append (garbage, "this is certainly not an SQLite file. ");
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, garbage->str, garbage->len, NULL));

  check_recovered (path, garbage->str, garbage->len);
}

/* A real history whose pages were damaged (a bad disk): its header is
 * fine, its check is not. */
static void
test_damaged_pages (void)
{
  g_autofree char      *path = db_path ();
  g_autofree char      *contents = NULL;
  g_autoptr (MimoStore) store = mimo_store_new (path);
  gsize                 length;

  mimo_store_hold_writes (store);
  for (int i = 0; i < 20; i++)
    {
      MimoConversation *conversation = mimo_store_create_conversation (store);

      for (int j = 0; j < 10; j++)
        {
          g_autoptr (MimoMessage) message = mimo_message_new (MIMO_ROLE_USER, "some words to fill a few pages of the file");

          mimo_conversation_add_message (conversation, message);
        }
    }
  mimo_store_release_writes (store);
  g_clear_object (&store);

  /* The WAL was checkpointed on close; damage pages 3 onward. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4096 * 6);
  for (gsize i = 4096 * 2 + 100; i < length; i += 7)
    contents[i] = (char) (i * 31);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));

  check_recovered (path, contents, length);
}

static void
test_read_only (void)
{
  g_autofree char            *path = db_path ();
  g_autoptr (MimoStore)       store = mimo_store_new (path);
  g_autoptr (MimoMessage)     question = mimo_message_new (MIMO_ROLE_USER, "Is this kept?");
  g_autoptr (MimoMessage)     answer = mimo_message_new (MIMO_ROLE_ASSISTANT, NULL);
  g_autoptr (MimoLedgerEntry) entry = mimo_ledger_entry_new ();
  g_autoptr (MimoPricing)     pricing = mimo_pricing_new ();
  MimoConversation           *saved = mimo_store_create_conversation (store);
  MimoConversation           *conversation;
  MimoDatabase               *database = _mimo_store_get_database (store);
  gint64                      conversation_id;
  gint64                      saved_id = mimo_conversation_get_id (saved);

  mimo_conversation_set_title (saved, "Saved before");

  mimo_database_set_fault (database, MIMO_DATABASE_FAULT_READ_ONLY);
  g_test_expect_message ("mimo-store", G_LOG_LEVEL_WARNING, "*save*");
  conversation = mimo_store_create_conversation (store);
  g_test_assert_expected_messages ();
  conversation_id = mimo_conversation_get_id (conversation);
  g_assert_nonnull (mimo_store_get_save_error (store));
  g_assert_nonnull (strstr (mimo_store_get_save_error (store), "can’t be written"));

  /* Everything keeps working in memory. */
  mimo_conversation_add_message (conversation, question);
  mimo_message_set_state (answer, MIMO_MESSAGE_STATE_STREAMING, NULL);
  mimo_conversation_add_message (conversation, answer);
  mimo_message_append_content (answer, "Yes, ", -1);
  mimo_message_append_content (answer, "once the disk lets us.", -1);
  mimo_message_set_state (answer, MIMO_MESSAGE_STATE_COMPLETE, NULL);
  mimo_ledger_entry_set_usage (entry, NULL, pricing, 100, 40, 0);
  mimo_store_record_request (store, conversation, answer, entry);
  g_assert_cmpstr (mimo_message_get_content (answer), ==, "Yes, once the disk lets us.");
  g_assert_cmpint (mimo_conversation_get_totals (conversation)->requests, ==, 1);
  g_assert_cmpint (mimo_conversation_get_totals (conversation)->estimated, ==, 1);
  g_assert_true (conversation_at (store, 0) == conversation);

  /* The disk comes back; the retry timer saves everything. */
  mimo_database_set_fault (database, MIMO_DATABASE_FAULT_NONE);
  while (mimo_store_get_save_error (store) != NULL)
    g_main_context_iteration (NULL, TRUE);

  g_clear_object (&store);
  store = mimo_store_new (path);
  conversation = mimo_store_lookup_conversation (store, conversation_id);
  g_assert_nonnull (conversation);
  g_assert_cmpstr (mimo_conversation_get_title (conversation), ==, "Is this kept?");
  g_assert_cmpuint (mimo_conversation_get_n_messages (conversation), ==, 2);
  g_assert_cmpstr (mimo_message_get_content (message_at (conversation, 1)), ==, "Yes, once the disk lets us.");
  g_assert_cmpint (mimo_message_get_state (message_at (conversation, 1)), ==, MIMO_MESSAGE_STATE_COMPLETE);
  g_assert_cmpint (mimo_conversation_get_totals (conversation)->requests, ==, 1);
  g_assert_cmpint (mimo_conversation_get_totals (conversation)->cost.total_nanos, ==, 25 * 500 + 10 * 1500);
  g_assert_cmpstr (mimo_conversation_get_title (mimo_store_lookup_conversation (store, saved_id)),
                   ==, "Saved before");
}

static void
test_disk_full (void)
{
  g_autofree char        *path = db_path ();
  g_autoptr (MimoStore)   store = mimo_store_new (path);
  g_autoptr (GString)     big = g_string_new (NULL);
  g_autoptr (MimoMessage) message = NULL;
  MimoConversation       *conversation = mimo_store_create_conversation (store);
  MimoDatabase           *database = _mimo_store_get_database (store);

  while (big->len < 200 * 1024)
    g_string_append (big, "A long pasted document that will not fit on a full disk. ");
  message = mimo_message_new (MIMO_ROLE_USER, big->str);

  mimo_database_set_fault (database, MIMO_DATABASE_FAULT_FULL);
  g_test_expect_message ("mimo-store", G_LOG_LEVEL_WARNING, "*full*");
  mimo_conversation_add_message (conversation, message);
  g_test_assert_expected_messages ();
  g_assert_nonnull (strstr (mimo_store_get_save_error (store), "disk is full"));

  mimo_database_set_fault (database, MIMO_DATABASE_FAULT_NONE);
  g_assert_true (mimo_store_flush (store));
  g_assert_null (mimo_store_get_save_error (store));

  g_clear_object (&store);
  store = mimo_store_new (path);
  g_assert_cmpstr (mimo_message_get_content (message_at (conversation_at (store, 0), 0)), ==, big->str);
}

/* The command line writes the same file while the app runs: ids chosen
 * by each must not overwrite the other's rows. */
static void
test_two_processes (void)
{
  g_autofree char        *path = db_path ();
  g_autoptr (MimoStore)   app = mimo_store_new (path);
  g_autoptr (MimoStore)   cli = mimo_store_new (path);
  g_autoptr (MimoMessage) from_cli = mimo_message_new (MIMO_ROLE_USER, "from the command line");
  g_autoptr (MimoMessage) from_app = mimo_message_new (MIMO_ROLE_USER, "from the app");
  g_autoptr (MimoStore)   reopened = NULL;
  MimoConversation       *cli_chat = mimo_store_create_conversation (cli);
  MimoConversation       *app_chat;

  mimo_conversation_add_message (cli_chat, from_cli);
  app_chat = mimo_store_create_conversation (app);
  mimo_conversation_add_message (app_chat, from_app);
  g_assert_cmpint (mimo_conversation_get_id (app_chat), !=, mimo_conversation_get_id (cli_chat));
  g_assert_cmpint (mimo_message_get_id (from_app), !=, mimo_message_get_id (from_cli));

  g_clear_object (&cli);
  g_clear_object (&app);
  reopened = mimo_store_new (path);
  g_assert_cmpuint (g_list_model_get_n_items (mimo_store_get_conversations (reopened)), ==, 2);
  g_assert_cmpstr (mimo_message_get_content (message_at (conversation_at (reopened, 0), 0)), ==, "from the app");
  g_assert_cmpstr (mimo_message_get_content (message_at (conversation_at (reopened, 1), 0)), ==, "from the command line");
}

/* The history's folder deleted while the store has it open (a cleaning
 * tool, a hand in a file manager): the next save writes everything
 * again under the same name, what was saved before included. */
static void
test_deleted_while_open (void)
{
  g_autofree char        *path = db_path ();
  g_autofree char        *dir = g_path_get_dirname (path);
  g_autoptr (MimoStore)   store = mimo_store_new (path);
  g_autoptr (MimoMessage) before = mimo_message_new (MIMO_ROLE_USER, "saved before");
  g_autoptr (MimoMessage) after = mimo_message_new (MIMO_ROLE_USER, "saved after");
  g_autoptr (GDir)        listing = NULL;
  MimoConversation       *conversation;
  const char             *name;
  sqlite3                *raw;

  conversation = mimo_store_create_conversation (store);
  mimo_conversation_add_message (conversation, before);
  g_assert_true (mimo_store_flush (store));

  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (file), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  g_test_expect_message ("mimo-database", G_LOG_LEVEL_MESSAGE, "*deleted while it was open*");
  mimo_conversation_add_message (conversation, after);
  g_assert_true (mimo_store_flush (store));
  g_test_assert_expected_messages ();
  g_assert_null (mimo_store_get_save_error (store));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  /* Saving goes on in the new file. */
  mimo_conversation_set_title (mimo_store_create_conversation (store), "Later");
  g_assert_true (mimo_store_flush (store));
  g_clear_object (&store);

  raw = open_raw (path);
  g_assert_cmpint (raw_int (raw, "SELECT COUNT(*) FROM conversation"), ==, 2);
  g_assert_cmpint (raw_int (raw, "SELECT COUNT(*) FROM message WHERE content IN ('saved before', 'saved after')"), ==, 2);
  g_assert_cmpint (raw_int (raw, "SELECT COUNT(*) FROM conversation WHERE title = 'Later'"), ==, 1);
  sqlite3_close (raw);
}

/* A damaged row's id near the top of the range: new chats and messages
 * take ids after the largest sound one and are saved. */
static void
test_huge_id (void)
{
  g_autofree char        *path = db_path ();
  g_autoptr (MimoStore)   store = mimo_store_new (path);
  g_autoptr (MimoMessage) message = mimo_message_new (MIMO_ROLE_USER, "still saved");
  MimoConversation       *conversation;
  sqlite3                *raw;

  mimo_conversation_set_title (mimo_store_create_conversation (store), "Before");
  g_assert_true (mimo_store_flush (store));
  g_clear_object (&store);

  raw = open_raw (path);
  g_assert_cmpint (sqlite3_exec (raw,
                                 "INSERT INTO conversation (id, title, created_us, updated_us)"
                                 " VALUES (9223372036854775806, 'Damaged', 0, 0);"
                                 "INSERT INTO message (id, conversation_id, role, state, created_us, content)"
                                 " VALUES (9223372036854775807, 1, 'user', 'complete', 0, 'x');",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (raw);

  store = mimo_store_new (path);
  conversation = mimo_store_create_conversation (store);
  g_assert_cmpint (mimo_conversation_get_id (conversation), ==, 2);
  mimo_conversation_add_message (conversation, message);
  g_assert_true (mimo_store_flush (store));
  g_assert_null (mimo_store_get_save_error (store));
  g_clear_object (&store);

  raw = open_raw (path);
  g_assert_cmpint (raw_int (raw, "SELECT COUNT(*) FROM conversation"), ==, 3);
  g_assert_cmpint (raw_int (raw, "SELECT COUNT(*) FROM message WHERE content = 'still saved'"), ==, 1);
  sqlite3_close (raw);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/store/reopen", test_reopen);
  g_test_add_func ("/core/store/titles", test_titles);
  g_test_add_func ("/core/store/delete-undo", test_delete_undo);
  g_test_add_func ("/core/store/delete-survives-crash", test_delete_survives_crash);
  g_test_add_func ("/core/store/search", test_search);
  g_test_add_func ("/core/store/lazy-text", test_lazy_text);
  g_test_add_func ("/core/store/streaming-throttled", test_streaming_throttled);
  g_test_add_func ("/core/store/crash-mid-stream", test_crash_mid_stream);
  g_test_add_func ("/core/store/migrate-v1", test_migrate_v1);
  g_test_add_func ("/core/store/newer-version", test_newer_version);
  g_test_add_func ("/core/store/not-a-database", test_not_a_database);
  g_test_add_func ("/core/store/damaged-pages", test_damaged_pages);
  g_test_add_func ("/core/store/read-only", test_read_only);
  g_test_add_func ("/core/store/disk-full", test_disk_full);
  g_test_add_func ("/core/store/two-processes", test_two_processes);
  g_test_add_func ("/core/store/huge-id", test_huge_id);
  g_test_add_func ("/core/store/deleted-while-open", test_deleted_while_open);

  return g_test_run ();
}
