/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-database-ledger.c: the spend ledger in SQL: one row per request, integer sums over it. */

#define G_LOG_DOMAIN "mimo-database"

#include "config.h"

#include "mimo-database-private.h"
#include "mimo-store-private.h"

/* Every sum is SQLite's integer SUM over integer columns: exact, and an
 * error rather than a rounded float if it ever overflowed. */
#define TOTALS_COLUMNS                                                         \
  "COUNT(*),"                                                                  \
  " IFNULL(SUM(status = 'failed'), 0),"                                        \
  " IFNULL(SUM(status = 'cancelled'), 0),"                                     \
  " IFNULL(SUM(status = 'interrupted'), 0),"                                   \
  " IFNULL(SUM(estimated != 0), 0),"                                           \
  " IFNULL(SUM(provider_cost_nanos IS NOT NULL"                                \
  "            AND ABS(provider_cost_nanos - cost_total_nanos) > 1000), 0),"   \
  " IFNULL(SUM(prompt_tokens), 0), IFNULL(SUM(cached_tokens), 0),"             \
  " IFNULL(SUM(completion_tokens), 0), IFNULL(SUM(web_search_calls), 0),"      \
  " IFNULL(SUM(cost_input_nanos), 0), IFNULL(SUM(cost_cached_nanos), 0),"      \
  " IFNULL(SUM(cost_output_nanos), 0), IFNULL(SUM(cost_web_search_nanos), 0)," \
  " IFNULL(SUM(cost_total_nanos), 0),"                                         \
  " IFNULL(SUM(provider_cost_nanos), 0), COUNT(provider_cost_nanos),"          \
  " IFNULL(SUM(cached_tokens * price_input_nanos - cost_cached_nanos), 0)"

G_STATIC_ASSERT (MIMO_LEDGER_MISMATCH_NANOS == 1000);

static int
read_totals (sqlite3_stmt     *stmt,
             int               first,
             MimoLedgerTotals *totals)
{
  int i = first;

  totals->requests = sqlite3_column_int64 (stmt, i++);
  totals->failed = sqlite3_column_int64 (stmt, i++);
  totals->cancelled = sqlite3_column_int64 (stmt, i++);
  totals->interrupted = sqlite3_column_int64 (stmt, i++);
  totals->estimated = sqlite3_column_int64 (stmt, i++);
  totals->mismatched = sqlite3_column_int64 (stmt, i++);
  totals->prompt_tokens = sqlite3_column_int64 (stmt, i++);
  totals->cached_tokens = sqlite3_column_int64 (stmt, i++);
  totals->completion_tokens = sqlite3_column_int64 (stmt, i++);
  totals->web_search_calls = sqlite3_column_int64 (stmt, i++);
  totals->cost.input_nanos = sqlite3_column_int64 (stmt, i++);
  totals->cost.cached_nanos = sqlite3_column_int64 (stmt, i++);
  totals->cost.output_nanos = sqlite3_column_int64 (stmt, i++);
  totals->cost.web_search_nanos = sqlite3_column_int64 (stmt, i++);
  totals->cost.total_nanos = sqlite3_column_int64 (stmt, i++);
  totals->provider_cost_nanos = sqlite3_column_int64 (stmt, i++);
  totals->provider_cost_requests = sqlite3_column_int64 (stmt, i++);
  totals->cached_savings_nanos = sqlite3_column_int64 (stmt, i++);

  return i;
}

gboolean
mimo_database_insert_ledger_entry (MimoDatabase          *self,
                                   const MimoLedgerEntry *entry,
                                   GError               **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (entry != NULL, FALSE);

  /* The id is ours only if no other process took it meanwhile; if it did,
   * the next free one is used (nothing refers to ledger ids). */
  stmt = _mimo_database_prepare (self,
                                 "INSERT INTO ledger (id, time_us, conversation_id, message_id, model, params,"
                                 " prompt_tokens, cached_tokens, completion_tokens, web_search_calls,"
                                 " provider_cost_nanos, cost_input_nanos, cost_cached_nanos, cost_output_nanos,"
                                 " cost_web_search_nanos, cost_total_nanos, status, error_code, estimated,"
                                 " first_token_us, duration_us, price_input_nanos, price_cached_nanos,"
                                 " price_output_nanos, price_web_search_nanos)"
                                 " VALUES (CASE WHEN ?1 IS NULL OR EXISTS (SELECT 1 FROM ledger WHERE id = ?1)"
                                 " THEN (SELECT IFNULL(MAX(CASE WHEN typeof(id) = 'integer' THEN id END), 0) + 1 FROM ledger) ELSE ?1 END,"
                                 " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
                                 " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
                                 error);
  if (stmt == NULL)
    return FALSE;

  _mimo_bind_id (stmt, 1, entry->id);
  sqlite3_bind_int64 (stmt, 2, entry->time_us);
  _mimo_bind_id (stmt, 3, entry->conversation_id);
  _mimo_bind_id (stmt, 4, entry->message_id);
  sqlite3_bind_text (stmt, 5, entry->model != NULL ? entry->model : "", -1, SQLITE_STATIC);
  _mimo_bind_text (stmt, 6, entry->params_json);
  sqlite3_bind_int64 (stmt, 7, entry->prompt_tokens);
  sqlite3_bind_int64 (stmt, 8, entry->cached_tokens);
  sqlite3_bind_int64 (stmt, 9, entry->completion_tokens);
  sqlite3_bind_int64 (stmt, 10, entry->web_search_calls);
  if (entry->has_provider_cost)
    sqlite3_bind_int64 (stmt, 11, entry->provider_cost_nanos);
  sqlite3_bind_int64 (stmt, 12, entry->cost.input_nanos);
  sqlite3_bind_int64 (stmt, 13, entry->cost.cached_nanos);
  sqlite3_bind_int64 (stmt, 14, entry->cost.output_nanos);
  sqlite3_bind_int64 (stmt, 15, entry->cost.web_search_nanos);
  sqlite3_bind_int64 (stmt, 16, entry->cost.total_nanos);
  sqlite3_bind_text (stmt, 17, mimo_message_state_to_string (entry->status), -1, SQLITE_STATIC);
  _mimo_bind_text (stmt, 18, entry->error_code);
  sqlite3_bind_int (stmt, 19, entry->estimated != FALSE);
  if (entry->first_token_us >= 0)
    sqlite3_bind_int64 (stmt, 20, entry->first_token_us);
  sqlite3_bind_int64 (stmt, 21, entry->duration_us);
  sqlite3_bind_int64 (stmt, 22, entry->prices.input_nanos);
  sqlite3_bind_int64 (stmt, 23, entry->prices.cached_nanos);
  sqlite3_bind_int64 (stmt, 24, entry->prices.output_nanos);
  sqlite3_bind_int64 (stmt, 25, entry->prices.web_search_nanos);

  return _mimo_database_run (self, stmt, "recording a request", error);
}

static gboolean
step_totals (MimoDatabase     *self,
             sqlite3_stmt     *stmt,
             MimoLedgerTotals *totals,
             GError          **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    return _mimo_database_fail (self, rc, "adding up spend", error);

  read_totals (stmt, 0, totals);
  return TRUE;
}

/* Straight from the rows: a chat's (through its index) or a short range. */
static gboolean
row_totals (MimoDatabase     *self,
            gint64            from_us,
            gint64            to_us,
            gint64            conversation_id,
            MimoLedgerTotals *totals,
            GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  /* Two statements, so each range uses its own index. */
  if (conversation_id > 0)
    stmt = _mimo_database_prepare (self,
                                   "SELECT " TOTALS_COLUMNS " FROM ledger"
                                   " WHERE conversation_id = ?3 AND time_us >= ?1 AND time_us < ?2",
                                   error);
  else
    stmt = _mimo_database_prepare (self,
                                   "SELECT " TOTALS_COLUMNS " FROM ledger WHERE time_us >= ?1 AND time_us < ?2",
                                   error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, from_us);
  sqlite3_bind_int64 (stmt, 2, to_us);
  if (conversation_id > 0)
    sqlite3_bind_int64 (stmt, 3, conversation_id);

  return step_totals (self, stmt, totals, error);
}

/* The whole UTC hours [@from_hour, @to_hour) from the hourly sums. */
static gboolean
hour_totals (MimoDatabase     *self,
             gint64            from_hour,
             gint64            to_hour,
             MimoLedgerTotals *totals,
             GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _mimo_database_prepare (self,
                                 "SELECT IFNULL(SUM(requests), 0), IFNULL(SUM(failed), 0),"
                                 " IFNULL(SUM(cancelled), 0), IFNULL(SUM(interrupted), 0),"
                                 " IFNULL(SUM(estimated), 0), IFNULL(SUM(mismatched), 0),"
                                 " IFNULL(SUM(prompt_tokens), 0), IFNULL(SUM(cached_tokens), 0),"
                                 " IFNULL(SUM(completion_tokens), 0), IFNULL(SUM(web_search_calls), 0),"
                                 " IFNULL(SUM(cost_input_nanos), 0), IFNULL(SUM(cost_cached_nanos), 0),"
                                 " IFNULL(SUM(cost_output_nanos), 0), IFNULL(SUM(cost_web_search_nanos), 0),"
                                 " IFNULL(SUM(cost_total_nanos), 0), IFNULL(SUM(provider_cost_nanos), 0),"
                                 " IFNULL(SUM(provider_cost_requests), 0), IFNULL(SUM(cached_savings_nanos), 0)"
                                 " FROM ledger_hour WHERE hour >= ?1 AND hour < ?2",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, from_hour);
  sqlite3_bind_int64 (stmt, 2, to_hour);

  return step_totals (self, stmt, totals, error);
}

#define HOUR_US (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

static gint64
floor_hour (gint64 time_us)
{
  return time_us / HOUR_US - (time_us % HOUR_US < 0);
}

gboolean
mimo_database_ledger_totals (MimoDatabase     *self,
                             gint64            from_us,
                             gint64            to_us,
                             gint64            conversation_id,
                             MimoLedgerTotals *totals,
                             GError          **error)
{
  MimoLedgerTotals part = { 0 };
  gint64           first_hour;
  gint64           end_hour;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (totals != NULL, FALSE);

  *totals = (MimoLedgerTotals){ 0 };
  /* The whole hours inside the range; the open bounds (G_MININT64,
   * G_MAXINT64) stay clear of overflow because ceil and floor move
   * them inwards. */
  first_hour = floor_hour (from_us) + (from_us % HOUR_US != 0);
  end_hour = floor_hour (to_us);
  if (conversation_id > 0 || first_hour >= end_hour)
    return row_totals (self, from_us, to_us, conversation_id, totals, error);

  if (!hour_totals (self, first_hour, end_hour, totals, error) ||
      !row_totals (self, from_us, first_hour * HOUR_US, 0, &part, error))
    return FALSE;
  mimo_ledger_totals_add (totals, &part);
  if (!row_totals (self, end_hour * HOUR_US, to_us, 0, &part, error))
    return FALSE;
  mimo_ledger_totals_add (totals, &part);

  return TRUE;
}

gboolean
mimo_database_ledger_span (MimoDatabase *self,
                           gint64        from_us,
                           gint64        to_us,
                           gint64       *first_us,
                           gint64       *last_us,
                           GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int                      rc;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (first_us != NULL && last_us != NULL, FALSE);

  /* Two subqueries: SQLite answers a lone MIN or MAX of the clustering
   * key with one index probe, but both in one SELECT with a scan. */
  stmt = _mimo_database_prepare (self,
                                 "SELECT IFNULL((SELECT MIN(time_us) FROM ledger WHERE time_us >= ?1 AND time_us < ?2), -1),"
                                 " IFNULL((SELECT MAX(time_us) FROM ledger WHERE time_us >= ?1 AND time_us < ?2), -1)",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, from_us);
  sqlite3_bind_int64 (stmt, 2, to_us);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _mimo_database_fail (self, rc, "reading the ledger's dates", error);

  *first_us = sqlite3_column_int64 (stmt, 0);
  *last_us = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

GPtrArray *
mimo_database_ledger_top (MimoDatabase *self,
                          gint64        from_us,
                          gint64        to_us,
                          guint         limit,
                          GError      **error)
{
  g_autoptr (GPtrArray)    chats = g_ptr_array_new_with_free_func ((GDestroyNotify) mimo_ledger_chat_free);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int                      rc;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), NULL);

  /* Rank on the one sum first (cheap), then total only the winners
   * through the per-chat index. */
  stmt = _mimo_database_prepare (self,
                                 "WITH top AS ("
                                 "  SELECT conversation_id, SUM(cost_total_nanos) AS spent FROM ledger"
                                 "  WHERE time_us >= ?1 AND time_us < ?2 AND conversation_id IS NOT NULL"
                                 "  GROUP BY conversation_id ORDER BY spent DESC, conversation_id LIMIT ?3)"
                                 " SELECT top.conversation_id, top.spent, " TOTALS_COLUMNS ","
                                 " (SELECT title FROM conversation WHERE id = top.conversation_id),"
                                 " (SELECT title FROM deleted_conversation WHERE id = top.conversation_id),"
                                 " NOT EXISTS (SELECT 1 FROM conversation WHERE id = top.conversation_id)"
                                 " FROM top JOIN ledger l ON l.conversation_id = top.conversation_id"
                                 " AND l.time_us >= ?1 AND l.time_us < ?2"
                                 " GROUP BY top.conversation_id ORDER BY top.spent DESC, top.conversation_id",
                                 error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, from_us);
  sqlite3_bind_int64 (stmt, 2, to_us);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? limit : G_MAXINT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MimoLedgerChat *chat = g_new0 (MimoLedgerChat, 1);
      int             next;

      chat->conversation_id = sqlite3_column_int64 (stmt, 0);
      next = read_totals (stmt, 2, &chat->totals);
      chat->title = _mimo_column_dup (stmt, sqlite3_column_type (stmt, next) != SQLITE_NULL ? next : next + 1);
      chat->deleted = sqlite3_column_int (stmt, next + 2) != 0;
      g_ptr_array_add (chats, chat);
    }

  if (rc != SQLITE_DONE)
    {
      _mimo_database_fail (self, rc, "finding the most expensive chats", error);
      return NULL;
    }

  return g_steal_pointer (&chats);
}

#define ENTRY_COLUMNS                                                                       \
  "l.id, l.time_us, l.conversation_id, l.message_id, COALESCE(c.title, d.title),"           \
  " c.id IS NULL AND l.conversation_id IS NOT NULL, l.model, l.params, l.prompt_tokens,"    \
  " l.cached_tokens, l.completion_tokens, l.web_search_calls, l.provider_cost_nanos,"       \
  " l.cost_input_nanos, l.cost_cached_nanos, l.cost_output_nanos, l.cost_web_search_nanos," \
  " l.cost_total_nanos, l.price_input_nanos, l.price_cached_nanos, l.price_output_nanos,"   \
  " l.price_web_search_nanos, l.status, l.error_code, l.estimated, l.first_token_us,"       \
  " l.duration_us"                                                                          \
  " FROM ledger l LEFT JOIN conversation c ON c.id = l.conversation_id"                     \
  " LEFT JOIN deleted_conversation d ON d.id = l.conversation_id"

static void
read_entry (sqlite3_stmt    *stmt,
            MimoLedgerEntry *entry)
{
  MimoMessageState status = MIMO_MESSAGE_STATE_COMPLETE;

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->time_us = _mimo_column_time (stmt, 1);
  entry->conversation_id = sqlite3_column_int64 (stmt, 2);
  entry->message_id = sqlite3_column_int64 (stmt, 3);
  entry->conversation_title = _mimo_column_dup (stmt, 4);
  entry->conversation_deleted = sqlite3_column_int (stmt, 5) != 0;
  entry->model = _mimo_column_dup (stmt, 6);
  entry->params_json = _mimo_column_dup (stmt, 7);
  entry->prompt_tokens = sqlite3_column_int64 (stmt, 8);
  entry->cached_tokens = sqlite3_column_int64 (stmt, 9);
  entry->completion_tokens = sqlite3_column_int64 (stmt, 10);
  entry->web_search_calls = sqlite3_column_int64 (stmt, 11);
  entry->has_provider_cost = sqlite3_column_type (stmt, 12) != SQLITE_NULL;
  entry->provider_cost_nanos = sqlite3_column_int64 (stmt, 12);
  entry->cost.input_nanos = sqlite3_column_int64 (stmt, 13);
  entry->cost.cached_nanos = sqlite3_column_int64 (stmt, 14);
  entry->cost.output_nanos = sqlite3_column_int64 (stmt, 15);
  entry->cost.web_search_nanos = sqlite3_column_int64 (stmt, 16);
  entry->cost.total_nanos = sqlite3_column_int64 (stmt, 17);
  entry->prices.input_nanos = sqlite3_column_int64 (stmt, 18);
  entry->prices.cached_nanos = sqlite3_column_int64 (stmt, 19);
  entry->prices.output_nanos = sqlite3_column_int64 (stmt, 20);
  entry->prices.web_search_nanos = sqlite3_column_int64 (stmt, 21);
  if (mimo_message_state_from_string (_mimo_column_text (stmt, 22), &status))
    entry->status = status;
  entry->error_code = _mimo_column_dup (stmt, 23);
  entry->estimated = sqlite3_column_int (stmt, 24) != 0;
  entry->first_token_us = sqlite3_column_type (stmt, 25) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 25);
  entry->duration_us = sqlite3_column_int64 (stmt, 26);
}

GPtrArray *
mimo_database_ledger_entries (MimoDatabase *self,
                              gint64        from_us,
                              gint64        to_us,
                              gint64        conversation_id,
                              gboolean      only_flagged,
                              GError      **error)
{
  g_autoptr (GPtrArray)    entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mimo_ledger_entry_free);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int                      rc;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), NULL);

  if (conversation_id > 0)
    stmt = _mimo_database_prepare (self,
                                   "SELECT " ENTRY_COLUMNS
                                   " WHERE l.conversation_id = ?3 AND l.time_us >= ?1 AND l.time_us < ?2"
                                   " AND (?4 = 0 OR l.estimated != 0 OR (l.provider_cost_nanos IS NOT NULL"
                                   " AND ABS(l.provider_cost_nanos - l.cost_total_nanos) > 1000))"
                                   " ORDER BY l.time_us, l.id",
                                   error);
  else
    stmt = _mimo_database_prepare (self,
                                   "SELECT " ENTRY_COLUMNS
                                   " WHERE l.time_us >= ?1 AND l.time_us < ?2"
                                   " AND (?4 = 0 OR l.estimated != 0 OR (l.provider_cost_nanos IS NOT NULL"
                                   " AND ABS(l.provider_cost_nanos - l.cost_total_nanos) > 1000))"
                                   " ORDER BY l.time_us, l.id",
                                   error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, from_us);
  sqlite3_bind_int64 (stmt, 2, to_us);
  if (conversation_id > 0)
    sqlite3_bind_int64 (stmt, 3, conversation_id);
  sqlite3_bind_int (stmt, 4, only_flagged != FALSE);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MimoLedgerEntry *entry = mimo_ledger_entry_new ();

      read_entry (stmt, entry);
      g_ptr_array_add (entries, entry);
    }

  if (rc != SQLITE_DONE)
    {
      _mimo_database_fail (self, rc, "reading the ledger", error);
      return NULL;
    }

  return g_steal_pointer (&entries);
}

gboolean
mimo_database_ledger_foreach (MimoDatabase       *self,
                              MimoLedgerEntryFunc func,
                              gpointer            user_data,
                              GError            **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int                      rc;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  stmt = _mimo_database_prepare (self, "SELECT " ENTRY_COLUMNS " ORDER BY l.time_us, l.id", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MimoLedgerEntry entry = { 0 };
      gboolean        ok;

      read_entry (stmt, &entry);
      ok = func (&entry, user_data, error);
      g_free (entry.conversation_title);
      g_free (entry.model);
      g_free (entry.params_json);
      g_free (entry.error_code);
      if (!ok)
        return FALSE;
    }

  if (rc != SQLITE_DONE)
    return _mimo_database_fail (self, rc, "reading the ledger", error);

  return TRUE;
}
