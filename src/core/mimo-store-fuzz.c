/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-store-fuzz.c: checks that a history whose rows hold any values opens, loads and exports without harm. */

#define G_LOG_DOMAIN "mimo-store"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mimo-chat-export.h"
#include "mimo-database.h"
#include "mimo-store.h"
#include "mimo-fuzz-private.h"


/* Reads values off the input: each starts with a tag byte saying its
 * kind; the input running out reads as NULLs. */
typedef struct
{
  const guint8 *p;
  const guint8 *end;
} Reader;

static guint8
read_byte (Reader *r)
{
  return r->p < r->end ? *r->p++ : 0;
}

static gint64
read_int (Reader *r)
{
  guint64 value = 0;

  for (guint i = 0; i < 8; i++)
    value = (value << 8) | read_byte (r);
  return (gint64) value;
}

/* Long texts go up to 64 KB: titles and lines far longer than any the
 * app shows. (Up to a megabyte, copying them in and out of the file took
 * nearly all of a run's time, for no path that 64 KB does not reach.) */
#define FILL_UNIT 256
#define FILL_MAX  (255 * FILL_UNIT)

/* Binds the next value of the input to @index: NULL, small and huge
 * integers of both signs, doubles, text of any bytes (invalid UTF-8, NULs),
 * blobs, a long text, or a plausible JSON/name. */
static void
bind_value (sqlite3_stmt *stmt,
            int           index,
            Reader       *r)
{
  static const char *words[] = {
    "user",
    "assistant",
    "system",
    "complete",
    "streaming",
    "cancelled",
    "interrupted",
    "failed",
    "{}",
    "{\"temperature\":2.5}",
    "{\"temperature\":\"hot\",\"max_tokens\":-1}",
    "[1,2]",
    "{\"thinking\":true,\"top_p\":1e400}",
    "{\"web_search\":{\"x\":null}}",
    "null",
    "",
  };
  guint8 tag = read_byte (r);

  switch (tag % 10)
    {
    case 0:
      sqlite3_bind_null (stmt, index);
      break;
    case 1:
      sqlite3_bind_int64 (stmt, index, (gint8) read_byte (r));
      break;
    case 2:
      sqlite3_bind_int64 (stmt, index, read_int (r));
      break;
    case 3:
      {
        gint64 bits = read_int (r);
        double value;

        memcpy (&value, &bits, sizeof value);
        sqlite3_bind_double (stmt, index, value);
      }
      break;
    case 4:
    case 5:
      {
        gsize len = read_byte (r);

        len = MIN (len, (gsize) (r->end - r->p));

        sqlite3_bind_text (stmt, index, (const char *) r->p, (int) len, SQLITE_TRANSIENT);
        r->p += len;
      }
      break;
    case 6:
      {
        gsize len = read_byte (r);

        len = MIN (len, (gsize) (r->end - r->p));

        sqlite3_bind_blob (stmt, index, r->p, (int) len, SQLITE_TRANSIENT);
        r->p += len;
      }
      break;
    case 7:
      {
        /* Up to 64 KB of one byte: long titles, long lines. One buffer a
         * column, filled again only when its byte changes, and bound
         * without a copy: most of a run's time went to making these. */
        static char  *filled[32];
        static guint8 fill_byte[32];
        gsize         len = (gsize) read_byte (r) * FILL_UNIT;
        guint8        byte = read_byte (r) | 1;

        g_assert (index > 0 && index < (int) G_N_ELEMENTS (filled));
        if (filled[index] == NULL)
          filled[index] = g_malloc (FILL_MAX);
        if (fill_byte[index] != byte)
          {
            memset (filled[index], byte, FILL_MAX);
            fill_byte[index] = byte;
          }
        sqlite3_bind_text (stmt, index, filled[index], (int) len, SQLITE_STATIC);
      }
      break;
    default:
      sqlite3_bind_text (stmt, index, words[read_byte (r) % G_N_ELEMENTS (words)], -1, SQLITE_STATIC);
      break;
    }
}

/* Inserts one row of @n_columns values read off the input; a row the
 * schema's constraints refuse is simply not there. */
static void
insert_row (sqlite3    *db,
            const char *sql,
            int         n_columns,
            Reader     *r)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    FAIL ("cannot prepare %s: %s", sql, sqlite3_errmsg (db));
  for (int i = 1; i <= n_columns; i++)
    bind_value (stmt, i, r);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static void
check_text (const char *text)
{
  CHECK (text == NULL || g_utf8_validate (text, -1, NULL));
}

static void
check_conversation (MimoConversation *conversation)
{
  g_autoptr (MimoChatParams) defaults = mimo_chat_params_new ();
  g_autoptr (MimoChatParams) params = NULL;
  GListModel                *messages;
  guint                      n;

  check_text (mimo_conversation_get_title (conversation));
  check_text (mimo_conversation_get_system_prompt (conversation));
  check_text (mimo_conversation_get_draft (conversation));
  CHECK (mimo_conversation_get_created (conversation) != NULL);
  CHECK (mimo_conversation_get_updated (conversation) != NULL);
  params = mimo_conversation_dup_params (conversation, defaults);
  CHECK (params != NULL);

  messages = mimo_conversation_get_messages (conversation);
  n = g_list_model_get_n_items (messages);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MimoMessage) message = g_list_model_get_item (messages, i);
      const char             *content = mimo_message_get_content (message);
      const MimoUsage        *usage = mimo_message_get_usage (message);

      CHECK (content != NULL);
      CHECK (g_utf8_validate (content, mimo_message_get_content_length (message), NULL));
      CHECK (strlen (content) == mimo_message_get_content_length (message));
      CHECK (g_utf8_validate (mimo_message_get_reasoning (message), mimo_message_get_reasoning_length (message), NULL));
      check_text (mimo_message_get_error_text (message));
      check_text (mimo_message_get_finish_reason (message));
      CHECK (mimo_message_get_created (message) != NULL);
      if (usage != NULL)
        {
          CHECK (usage->prompt_tokens >= 0 && usage->completion_tokens >= 0);
          CHECK (usage->cached_tokens >= 0 && usage->cached_tokens <= usage->prompt_tokens);
          CHECK (usage->web_search_calls >= 0);
          check_text (usage->tool_usage_json);
        }
      CHECK (mimo_message_get_cost_nanos (message) >= 0);
      mimo_message_get_params (message);
    }

  for (MimoChatExportFormat format = MIMO_CHAT_EXPORT_MARKDOWN; format <= MIMO_CHAT_EXPORT_JSON; format++)
    {
      g_autofree char *text = mimo_chat_export (conversation, defaults, format);

      CHECK (text != NULL && g_utf8_validate (text, -1, NULL));
    }
}

static char   *fuzz_dir;
static GBytes *empty_history;

/* Every file of the folder: the history, its -wal, -shm and lock, and
 * any the store set aside (history.db.broken-…). */
static void
empty_fuzz_dir (void)
{
  g_autoptr (GDir) dir = g_dir_open (fuzz_dir, 0, NULL);
  const char      *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (fuzz_dir, name, NULL);

      g_unlink (file);
    }
}

/* The folder is made once per process (a new one a run is too slow) and
 * removed when it exits. */
static void
remove_fuzz_dir (void)
{
  empty_fuzz_dir ();
  g_rmdir (fuzz_dir);
  g_clear_pointer (&empty_history, g_bytes_unref);
}

/* Once per process: the folder, in memory when the system has one (the
 * store syncs its writes, and a sync there costs nothing), and the bytes
 * of a history with the schema as the app makes it (migrating a new file
 * each run would cost more than all the rest). */
static void
set_up_once (void)
{
  g_autoptr (MimoDatabase) database = NULL;
  g_autoptr (GError)       error = NULL;
  g_autofree char         *path = NULL;
  g_autofree char         *contents = NULL;
  gsize                    length;

  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR) && g_access ("/dev/shm", W_OK) == 0)
    fuzz_dir = g_mkdtemp (g_strdup ("/dev/shm/mimo-store-fuzz-XXXXXX"));
  if (fuzz_dir == NULL)
    fuzz_dir = g_dir_make_tmp ("mimo-store-fuzz-XXXXXX", NULL);
  CHECK (fuzz_dir != NULL);
  atexit (remove_fuzz_dir);

  path = g_build_filename (fuzz_dir, "history.db", NULL);
  database = mimo_database_open (path, &error);
  CHECK (database != NULL);
  /* Closing checkpoints the WAL: the whole schema is in the file. */
  g_clear_object (&database);
  CHECK (g_file_get_contents (path, &contents, &length, NULL));
  empty_history = g_bytes_new_take (g_steal_pointer (&contents), length);
  empty_fuzz_dir ();
}

/* Writes @length bytes to a new file at @path, without a sync. */
static void
write_file (const char   *path,
            const guint8 *bytes,
            gsize         length)
{
  FILE *file = fopen (path, "wb");

  CHECK (file != NULL);
  CHECK (fwrite (bytes, 1, length, file) == length);
  CHECK (fclose (file) == 0);
}

/* A history with the schema and no rows, in memory: the rows go in there
 * and the file is written once, in one piece (writing a megabyte row page
 * by page into the file, then reading it back, cost most of a run). */
static sqlite3 *
open_empty_history (void)
{
  gsize          length;
  const guint8  *bytes = g_bytes_get_data (empty_history, &length);
  unsigned char *copy = sqlite3_malloc64 (length);
  sqlite3       *db = NULL;

  CHECK (copy != NULL);
  memcpy (copy, bytes, length);
  /* In memory there is no write-ahead log: say so in the header, as a
   * rollback-journal file (bytes 18 and 19: the write and read versions). */
  copy[18] = copy[19] = 1;
  CHECK (sqlite3_open (":memory:", &db) == SQLITE_OK);
  CHECK (sqlite3_deserialize (db, "main", copy, (sqlite3_int64) length, (sqlite3_int64) length,
                              SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) == SQLITE_OK);
  return db;
}

/* The history as the file the store opens: the app's files are in WAL
 * mode, so this one says so too. */
static void
write_history (sqlite3    *db,
               const char *path)
{
  sqlite3_int64  length = 0;
  unsigned char *bytes = sqlite3_serialize (db, "main", &length, 0);

  CHECK (bytes != NULL && length >= 100);
  bytes[18] = bytes[19] = 2;
  write_file (path, bytes, (gsize) length);
  sqlite3_free (bytes);
}

void
mimo_store_fuzz (const guint8 *data,
                 gsize         size)
{
  g_autofree char      *path = NULL;
  g_autoptr (MimoStore) store = NULL;
  g_autoptr (GPtrArray) hits = NULL;
  MimoLedgerTotals      totals;
  sqlite3              *db = NULL;
  GListModel           *conversations;
  Reader                r = { data, data + size };
  guint                 n_rows;

  if (fuzz_dir == NULL)
    set_up_once ();
  empty_fuzz_dir ();
  path = g_build_filename (fuzz_dir, "history.db", NULL);

  /* The rows go in a copy in memory, with the schema's constraints and
   * triggers as in the file. */
  db = open_empty_history ();
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  /* Byte 0: how many rows, of which tables (up to 16). */
  n_rows = read_byte (&r) % 17;
  for (guint i = 0; i < n_rows && r.p < r.end; i++)
    switch (read_byte (&r) % 4)
      {
      case 0:
        insert_row (db,
                    "INSERT INTO conversation (id, title, created_us, updated_us, system_prompt,"
                    " param_overrides, trashed_us, draft) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    8, &r);
        break;
      case 1:
        insert_row (db,
                    "INSERT INTO message (id, conversation_id, role, state, error_text, finish_reason,"
                    " created_us, content, reasoning, params, has_usage, prompt_tokens, cached_tokens,"
                    " completion_tokens, web_search_calls, provider_cost_nanos, tool_usage, estimated,"
                    " cost_nanos, thinking_us, duration_us)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                    " ?17, ?18, ?19, ?20, ?21)",
                    21, &r);
        break;
      case 2:
        insert_row (db,
                    "INSERT INTO message_part (message_id, seq, content, reasoning) VALUES (?1, ?2, ?3, ?4)",
                    4, &r);
        break;
      default:
        insert_row (db,
                    "INSERT INTO ledger (id, time_us, conversation_id, message_id, model, params,"
                    " prompt_tokens, cached_tokens, completion_tokens, web_search_calls,"
                    " provider_cost_nanos, cost_input_nanos, cost_cached_nanos, cost_output_nanos,"
                    " cost_web_search_nanos, cost_total_nanos, status, error_code, estimated,"
                    " first_token_us, duration_us)"
                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
                    " ?17, ?18, ?19, ?20, ?21)",
                    21, &r);
        break;
      }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  write_history (db, path);
  sqlite3_close (db);

  /* Opening never fails; whatever it read must be sound. */
  store = mimo_store_new (path);
  CHECK (store != NULL);
  check_text (mimo_store_get_recovery_message (store));
  conversations = mimo_store_get_conversations (store);
  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr (MimoConversation) conversation = g_list_model_get_item (conversations, i);

      check_conversation (conversation);
    }

  hits = mimo_store_search (store, "a", 20, NULL);
  for (guint i = 0; hits != NULL && i < hits->len; i++)
    {
      MimoSearchHit *hit = g_ptr_array_index (hits, i);

      check_text (hit->conversation_title);
      check_text (hit->snippet);
      check_text (hit->snippet_markup);
    }
  mimo_ledger_query_totals (mimo_store_get_ledger (store), NULL, NULL, &totals, NULL);

  /* And the store still saves. */
  mimo_conversation_set_title (mimo_store_create_conversation (store), "Still works");
  CHECK (mimo_store_flush (store));
}
