/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-database-schema.c: every schema version of the history file and the migrations between them. */

#define G_LOG_DOMAIN "mimo-database"

#include "config.h"

#include "mimo-database-private.h"

/* migrations[N] takes a file from version N to N + 1; a new file runs them
 * all, so every step is exercised on every fresh install. Never edit a
 * step that has shipped: add one. */

/* Version 1, the first schema. */
static const char migration_to_1[] =
  "CREATE TABLE conversation ("
  "  id INTEGER PRIMARY KEY,"
  "  title TEXT,"
  "  created_us INTEGER NOT NULL,"
  "  updated_us INTEGER NOT NULL,"
  "  system_prompt TEXT,"
  "  param_overrides TEXT,"
  "  trashed_us INTEGER"
  ");"
  "CREATE INDEX conversation_by_activity ON conversation (updated_us DESC, id DESC);"

  "CREATE TABLE message ("
  "  id INTEGER PRIMARY KEY,"
  "  conversation_id INTEGER NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  error_text TEXT,"
  "  finish_reason TEXT,"
  "  created_us INTEGER NOT NULL,"
  "  content TEXT NOT NULL DEFAULT '',"
  "  reasoning TEXT NOT NULL DEFAULT '',"
  "  params TEXT,"
  "  has_usage INTEGER NOT NULL DEFAULT 0,"
  "  prompt_tokens INTEGER NOT NULL DEFAULT 0,"
  "  cached_tokens INTEGER NOT NULL DEFAULT 0,"
  "  completion_tokens INTEGER NOT NULL DEFAULT 0,"
  "  web_search_calls INTEGER NOT NULL DEFAULT 0,"
  "  provider_cost_nanos INTEGER,"
  "  tool_usage TEXT,"
  "  estimated INTEGER NOT NULL DEFAULT 0,"
  "  cost_nanos INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX message_by_conversation ON message (conversation_id, id);"

  /* Text streamed since the row was last written: appending a piece costs
   * the piece, where rewriting the row would cost the whole answer every
   * 250 ms. Folded into the row when the answer ends. */
  "CREATE TABLE message_part ("
  "  message_id INTEGER NOT NULL REFERENCES message (id) ON DELETE CASCADE,"
  "  seq INTEGER NOT NULL,"
  "  content TEXT NOT NULL,"
  "  reasoning TEXT NOT NULL,"
  "  PRIMARY KEY (message_id, seq)"
  ") WITHOUT ROWID;"

  /* Only finished text is indexed; a streaming answer would otherwise be
   * re-tokenized at every save. */
  "CREATE VIRTUAL TABLE message_fts USING fts5 ("
  "  content, content='message', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER message_fts_insert AFTER INSERT ON message WHEN new.state != 'streaming' BEGIN"
  "  INSERT INTO message_fts (rowid, content) VALUES (new.id, new.content);"
  "END;"
  "CREATE TRIGGER message_fts_delete AFTER DELETE ON message WHEN old.state != 'streaming' BEGIN"
  "  INSERT INTO message_fts (message_fts, rowid, content) VALUES ('delete', old.id, old.content);"
  "END;"
  "CREATE TRIGGER message_fts_unindex AFTER UPDATE OF content, state ON message"
  "  WHEN old.state != 'streaming' BEGIN"
  "  INSERT INTO message_fts (message_fts, rowid, content) VALUES ('delete', old.id, old.content);"
  "END;"
  "CREATE TRIGGER message_fts_reindex AFTER UPDATE OF content, state ON message"
  "  WHEN new.state != 'streaming' BEGIN"
  "  INSERT INTO message_fts (rowid, content) VALUES (new.id, new.content);"
  "END;"

  /* No foreign keys: spend history outlives the chats it belongs to.
   * Stored in time order (the key starts with the time), so a period is
   * one contiguous range of the table rather than an index lookup a row. */
  "CREATE TABLE ledger ("
  "  id INTEGER NOT NULL,"
  "  time_us INTEGER NOT NULL,"
  "  conversation_id INTEGER,"
  "  message_id INTEGER,"
  "  model TEXT NOT NULL,"
  "  params TEXT,"
  "  prompt_tokens INTEGER NOT NULL,"
  "  cached_tokens INTEGER NOT NULL,"
  "  completion_tokens INTEGER NOT NULL,"
  "  web_search_calls INTEGER NOT NULL,"
  "  provider_cost_nanos INTEGER,"
  "  cost_input_nanos INTEGER NOT NULL,"
  "  cost_cached_nanos INTEGER NOT NULL,"
  "  cost_output_nanos INTEGER NOT NULL,"
  "  cost_web_search_nanos INTEGER NOT NULL,"
  "  cost_total_nanos INTEGER NOT NULL,"
  "  status TEXT NOT NULL,"
  "  error_code TEXT,"
  "  estimated INTEGER NOT NULL,"
  "  first_token_us INTEGER,"
  "  duration_us INTEGER NOT NULL,"
  "  PRIMARY KEY (time_us, id)"
  ") WITHOUT ROWID;"
  "CREATE UNIQUE INDEX ledger_by_id ON ledger (id);"
  "CREATE INDEX ledger_by_conversation ON ledger (conversation_id, time_us);"

  /* What the ledger still needs to know about a chat that is gone. */
  "CREATE TABLE deleted_conversation ("
  "  id INTEGER PRIMARY KEY,"
  "  title TEXT,"
  "  deleted_us INTEGER NOT NULL"
  ");";

/* Version 2: drafts (one Markdown document per chat), the price card of
 * each request (so "what caching saved" survives price changes), and an
 * index that finds unfinished answers at start without a table scan.
 * Version 1 only ever priced with the card, so its rows take the card's
 * prices. */
static const char migration_to_2[] =
  "ALTER TABLE conversation ADD COLUMN draft TEXT;"
  "ALTER TABLE ledger ADD COLUMN price_input_nanos INTEGER NOT NULL DEFAULT 500;"
  "ALTER TABLE ledger ADD COLUMN price_cached_nanos INTEGER NOT NULL DEFAULT 50;"
  "ALTER TABLE ledger ADD COLUMN price_output_nanos INTEGER NOT NULL DEFAULT 1500;"
  "ALTER TABLE ledger ADD COLUMN price_web_search_nanos INTEGER NOT NULL DEFAULT 15000000;"
  "CREATE INDEX message_streaming ON message (id) WHERE state = 'streaming';";

/* Version 3: how long an answer took and how long its model thought, so
 * the chat can say "Thought for 12 seconds" after a restart. NULL for
 * answers saved before (the time is unknown). */
static const char migration_to_3[] =
  "ALTER TABLE message ADD COLUMN thinking_us INTEGER;"
  "ALTER TABLE message ADD COLUMN duration_us INTEGER;";

static const char *const migrations[] = {
  migration_to_1,
  migration_to_2,
  migration_to_3,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MIMO_DATABASE_VERSION);

static int
read_version (MimoDatabase *self)
{
  sqlite3_stmt *stmt = NULL;
  int           version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

gboolean
_mimo_database_migrate (MimoDatabase *self,
                        int           target_version,
                        GError      **error)
{
  int version = read_version (self);

  g_return_val_if_fail (target_version <= MIMO_DATABASE_VERSION, FALSE);

  if (version < 0)
    return _mimo_database_fail (self, sqlite3_errcode (self->db), "reading the schema version", error);

  if (version > MIMO_DATABASE_VERSION)
    {
      g_set_error (error, MIMO_DATABASE_ERROR, MIMO_DATABASE_ERROR_NEWER,
                   "%s has schema version %d; this build knows up to %d",
                   self->path, version, MIMO_DATABASE_VERSION);
      return FALSE;
    }

  for (; version < target_version; version++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      g_debug ("Migrating %s from version %d", self->path, version);
      /* One transaction a step: a crash mid-migration leaves the file at
       * the previous version, to be migrated again. */
      if (!_mimo_database_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!_mimo_database_exec (self, migrations[version], error) ||
          !_mimo_database_exec (self, set_version, error) ||
          !_mimo_database_exec (self, "COMMIT", error))
        {
          mimo_database_rollback (self);
          return FALSE;
        }
    }

  return TRUE;
}
