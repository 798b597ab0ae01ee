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

/* Version 4: the ledger summed by UTC hour, kept by triggers in the same
 * transaction as each row, so a period's totals read at most a few
 * thousand rows instead of every request (the edges of a range that is
 * not on whole hours, such as a day in UTC+5:30, come from the rows
 * themselves). Filled from the rows by per-row additions, not SUM(), so
 * huge values in a damaged file cannot stop the migration. A covering
 * index ranks a period's chats without reading whole rows. */
#define HOUR_OF(r) "(" r ".time_us - ((" r ".time_us % 3600000000) + 3600000000) % 3600000000) / 3600000000"
#define HOUR_COLUMNS                                                                               \
  "requests, failed, cancelled, interrupted, estimated, mismatched, prompt_tokens, cached_tokens," \
  " completion_tokens, web_search_calls, cost_input_nanos, cost_cached_nanos, cost_output_nanos,"  \
  " cost_web_search_nanos, cost_total_nanos, provider_cost_nanos, provider_cost_requests,"         \
  " cached_savings_nanos"
/* One row's contribution to each of HOUR_COLUMNS. */
#define HOUR_VALUES(r)                                                                                         \
  "1, " r ".status = 'failed', " r ".status = 'cancelled', " r ".status = 'interrupted',"                      \
  " " r ".estimated != 0,"                                                                                     \
  " " r ".provider_cost_nanos IS NOT NULL AND ABS(" r ".provider_cost_nanos - " r ".cost_total_nanos) > 1000," \
  " " r ".prompt_tokens, " r ".cached_tokens, " r ".completion_tokens, " r ".web_search_calls,"                \
  " " r ".cost_input_nanos, " r ".cost_cached_nanos, " r ".cost_output_nanos,"                                 \
  " " r ".cost_web_search_nanos, " r ".cost_total_nanos, IFNULL(" r ".provider_cost_nanos, 0),"                \
  " " r ".provider_cost_nanos IS NOT NULL,"                                                                    \
  " " r ".cached_tokens * " r ".price_input_nanos - " r ".cost_cached_nanos"
#define HOUR_UPSERT(r, from)                                                                                                                        \
  "INSERT INTO ledger_hour (hour, " HOUR_COLUMNS ")"                                                                                                \
  " SELECT " HOUR_OF (r) ", " HOUR_VALUES (r) from " WHERE true"                                                                                    \
                                                   " ON CONFLICT (hour) DO UPDATE SET"                                                              \
                                                   " requests = requests + excluded.requests, failed = failed + excluded.failed,"                   \
                                                   " cancelled = cancelled + excluded.cancelled, interrupted = interrupted + excluded.interrupted," \
                                                   " estimated = estimated + excluded.estimated, mismatched = mismatched + excluded.mismatched,"    \
                                                   " prompt_tokens = prompt_tokens + excluded.prompt_tokens,"                                       \
                                                   " cached_tokens = cached_tokens + excluded.cached_tokens,"                                       \
                                                   " completion_tokens = completion_tokens + excluded.completion_tokens,"                           \
                                                   " web_search_calls = web_search_calls + excluded.web_search_calls,"                              \
                                                   " cost_input_nanos = cost_input_nanos + excluded.cost_input_nanos,"                              \
                                                   " cost_cached_nanos = cost_cached_nanos + excluded.cost_cached_nanos,"                           \
                                                   " cost_output_nanos = cost_output_nanos + excluded.cost_output_nanos,"                           \
                                                   " cost_web_search_nanos = cost_web_search_nanos + excluded.cost_web_search_nanos,"               \
                                                   " cost_total_nanos = cost_total_nanos + excluded.cost_total_nanos,"                              \
                                                   " provider_cost_nanos = provider_cost_nanos + excluded.provider_cost_nanos,"                     \
                                                   " provider_cost_requests = provider_cost_requests + excluded.provider_cost_requests,"            \
                                                   " cached_savings_nanos = cached_savings_nanos + excluded.cached_savings_nanos;"

static const char migration_to_4[] =
  "CREATE TABLE ledger_hour ("
  "  hour INTEGER PRIMARY KEY,"
  "  requests INTEGER NOT NULL, failed INTEGER NOT NULL, cancelled INTEGER NOT NULL,"
  "  interrupted INTEGER NOT NULL, estimated INTEGER NOT NULL, mismatched INTEGER NOT NULL,"
  "  prompt_tokens INTEGER NOT NULL, cached_tokens INTEGER NOT NULL,"
  "  completion_tokens INTEGER NOT NULL, web_search_calls INTEGER NOT NULL,"
  "  cost_input_nanos INTEGER NOT NULL, cost_cached_nanos INTEGER NOT NULL,"
  "  cost_output_nanos INTEGER NOT NULL, cost_web_search_nanos INTEGER NOT NULL,"
  "  cost_total_nanos INTEGER NOT NULL, provider_cost_nanos INTEGER NOT NULL,"
  "  provider_cost_requests INTEGER NOT NULL, cached_savings_nanos INTEGER NOT NULL"
  ");" HOUR_UPSERT ("l", " FROM ledger l") "CREATE TRIGGER ledger_hour_insert AFTER INSERT ON ledger BEGIN " HOUR_UPSERT ("new", "") "END;"
                                                                                                                                     /* Rows leave only when the whole spending record is cleared. */
                                                                                                                                     "CREATE TRIGGER ledger_hour_delete AFTER DELETE ON ledger BEGIN"
                                                                                                                                     "  UPDATE ledger_hour SET requests = requests - 1,"
                                                                                                                                     "  failed = failed - (old.status = 'failed'), cancelled = cancelled - (old.status = 'cancelled'),"
                                                                                                                                     "  interrupted = interrupted - (old.status = 'interrupted'), estimated = estimated - (old.estimated != 0),"
                                                                                                                                     "  mismatched = mismatched - (old.provider_cost_nanos IS NOT NULL"
                                                                                                                                     "                             AND ABS(old.provider_cost_nanos - old.cost_total_nanos) > 1000),"
                                                                                                                                     "  prompt_tokens = prompt_tokens - old.prompt_tokens, cached_tokens = cached_tokens - old.cached_tokens,"
                                                                                                                                     "  completion_tokens = completion_tokens - old.completion_tokens,"
                                                                                                                                     "  web_search_calls = web_search_calls - old.web_search_calls,"
                                                                                                                                     "  cost_input_nanos = cost_input_nanos - old.cost_input_nanos,"
                                                                                                                                     "  cost_cached_nanos = cost_cached_nanos - old.cost_cached_nanos,"
                                                                                                                                     "  cost_output_nanos = cost_output_nanos - old.cost_output_nanos,"
                                                                                                                                     "  cost_web_search_nanos = cost_web_search_nanos - old.cost_web_search_nanos,"
                                                                                                                                     "  cost_total_nanos = cost_total_nanos - old.cost_total_nanos,"
                                                                                                                                     "  provider_cost_nanos = provider_cost_nanos - IFNULL(old.provider_cost_nanos, 0),"
                                                                                                                                     "  provider_cost_requests = provider_cost_requests - (old.provider_cost_nanos IS NOT NULL),"
                                                                                                                                     "  cached_savings_nanos = cached_savings_nanos - (old.cached_tokens * old.price_input_nanos - old.cost_cached_nanos)"
                                                                                                                                     "  WHERE hour = " HOUR_OF ("old") ";"
                                                                                                                                                                       "  DELETE FROM ledger_hour WHERE hour = " HOUR_OF ("old") " AND requests <= 0;"
                                                                                                                                                                                                                                 "END;"
                                                                                                                                                                                                                                 "CREATE INDEX ledger_by_time_chat ON ledger (time_us, conversation_id, cost_total_nanos);";

static const char *const migrations[] = {
  migration_to_1,
  migration_to_2,
  migration_to_3,
  migration_to_4,
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
