/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-database.c: opening, checking, migrating and repairing the history file; statements and transactions. */

#define G_LOG_DOMAIN "mimo-database"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <unistd.h>

#include "mimo-database-private.h"
#include "mimo-store-private.h"

G_DEFINE_QUARK (mimo - database - error - quark, mimo_database_error)

G_DEFINE_FINAL_TYPE (MimoDatabase, mimo_database, G_TYPE_OBJECT)

static void
mimo_database_finalize (GObject *object)
{
  MimoDatabase *self = MIMO_DATABASE (object);

  /* Statements first: sqlite3_close() refuses while any is alive. */
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      if (sqlite3_close (self->db) != SQLITE_OK)
        g_warning ("Closing %s: %s", self->path, sqlite3_errmsg (self->db));
      self->db = NULL;
    }
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (mimo_database_parent_class)->finalize (object);
}

static void
mimo_database_class_init (MimoDatabaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mimo_database_finalize;
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
mimo_database_init (MimoDatabase *self)
{
  self->lock_fd = -1;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
}

static MimoDatabaseError
error_code_for (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return MIMO_DATABASE_ERROR_CORRUPT;
    case SQLITE_READONLY:
      return MIMO_DATABASE_ERROR_READ_ONLY;
    case SQLITE_FULL:
      return MIMO_DATABASE_ERROR_FULL;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return MIMO_DATABASE_ERROR_CANT_OPEN;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return MIMO_DATABASE_ERROR_BUSY;
    default:
      return MIMO_DATABASE_ERROR_FAILED;
    }
}

gboolean
_mimo_database_fail (MimoDatabase *self,
                     int           rc,
                     const char   *what,
                     GError      **error)
{
  const char       *message = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  MimoDatabaseError code = error_code_for (rc);
  int               system_errno = self->db != NULL ? sqlite3_system_errno (self->db) : 0;

  /* SQLite calls only ENOSPC full; a file at its size limit (EFBIG, a
   * quota or ulimit -f) is the same for the user: no room to write. */
  if ((rc & 0xff) == SQLITE_IOERR && (system_errno == EFBIG || system_errno == ENOSPC || system_errno == EDQUOT))
    code = MIMO_DATABASE_ERROR_FULL;

  g_set_error (error, MIMO_DATABASE_ERROR, code, "%s (%s): %s",
               what, self->path != NULL ? self->path : "memory", message);
  return FALSE;
}

sqlite3_stmt *
_mimo_database_prepare (MimoDatabase *self,
                        const char   *sql,
                        GError      **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int           rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _mimo_database_fail (self, rc, "preparing a query", error);
      sqlite3_finalize (stmt);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

void
_mimo_database_release (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

gboolean
_mimo_database_run (MimoDatabase *self,
                    sqlite3_stmt *stmt,
                    const char   *what,
                    GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _mimo_database_fail (self, rc, what, error);

  return TRUE;
}

gboolean
_mimo_database_exec (MimoDatabase *self,
                     const char   *sql,
                     GError      **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _mimo_database_fail (self, rc, "running a statement", error);

  return TRUE;
}

void
_mimo_bind_text (sqlite3_stmt *stmt,
                 int           index,
                 const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
}

void
_mimo_bind_id (sqlite3_stmt *stmt,
               int           index,
               gint64        id)
{
  if (id <= 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, id);
}

const char *
_mimo_column_text (sqlite3_stmt *stmt,
                   int           index)
{
  return (const char *) sqlite3_column_text (stmt, index);
}

char *
_mimo_column_dup (sqlite3_stmt *stmt,
                  int           index)
{
  const char *text = _mimo_column_text (stmt, index);

  /* A file another program wrote, or damaged pages, may hold any bytes:
   * everything above the database works on valid UTF-8, so bad bytes read
   * as U+FFFD (found by tests/fuzz/fuzz-store). */
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return g_strdup (text);

  return g_utf8_make_valid (text, -1);
}

/* 9999-12-31 23:59:59 UTC, the last second GDateTime holds. */
#define MAX_TIME_US ((gint64) 253402300799 * G_USEC_PER_SEC)

gint64
_mimo_column_time (sqlite3_stmt *stmt,
                   int           index)
{
  return CLAMP (sqlite3_column_int64 (stmt, index), 0, MAX_TIME_US);
}

gint64
_mimo_column_count (sqlite3_stmt *stmt,
                    int           index)
{
  return MAX (sqlite3_column_int64 (stmt, index), 0);
}

static gboolean take_lock (MimoDatabase *self);
static gboolean configure (MimoDatabase *self,
                           gboolean      file,
                           GError      **error);

/* The file (or its folder) deleted while open: SQLite goes on writing
 * into the deleted file, which vanishes when we close it, with every chat
 * in it. Write all of it out again under its name and go on there. A file
 * put in its place by someone else is theirs: it is left alone. */
static gboolean
restore_if_deleted (MimoDatabase *self,
                    GError      **error)
{
  g_autofree char *dir = NULL;
  char            *sql;
  sqlite3         *db = NULL;
  GStatBuf         st;
  int              rc;

  if (self->path == NULL || g_stat (self->path, &st) == 0 || errno != ENOENT)
    return TRUE;

  g_message ("The history %s was deleted while it was open; writing it again", self->path);
  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, MIMO_DATABASE_ERROR,
                   saved_errno == ENOSPC ? MIMO_DATABASE_ERROR_FULL : MIMO_DATABASE_ERROR_CANT_OPEN,
                   "Could not create %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  sql = sqlite3_mprintf ("VACUUM INTO %Q", self->path);
  rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  sqlite3_free (sql);
  if (rc != SQLITE_OK)
    {
      _mimo_database_fail (self, rc, "writing the deleted history again", error);
      g_unlink (self->path);
      return FALSE;
    }

  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_close (db);
      return _mimo_database_fail (self, rc, "opening the history written again", error);
    }

  /* The old connection's write-ahead log has the new file's name: it goes
   * when the old connection closes, before the new one makes its own. */
  g_hash_table_remove_all (self->statements);
  sqlite3_close_v2 (self->db);
  self->db = db;
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  take_lock (self);

  return configure (self, TRUE, error);
}

gboolean
mimo_database_begin (MimoDatabase *self,
                     GError      **error)
{
  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);

  if (!restore_if_deleted (self, error))
    return FALSE;

  /* IMMEDIATE takes the write lock now, so another process writing the
   * same file (the command line) waits for us rather than failing later. */
  return _mimo_database_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
mimo_database_commit (MimoDatabase *self,
                      GError      **error)
{
  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);

  return _mimo_database_exec (self, "COMMIT", error);
}

void
mimo_database_rollback (MimoDatabase *self)
{
  g_return_if_fail (MIMO_IS_DATABASE (self));

  /* SQLite may already have rolled back (SQLITE_FULL does); that is fine. */
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

static gint64
query_int64 (MimoDatabase *self,
             const char   *sql,
             GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = _mimo_database_prepare (self, sql, error);
  int                      rc;

  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      _mimo_database_fail (self, rc, "reading a number", error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/* Ids past G_MAXINT64 / 2 can only come from damage (ours count up from
 * 1); following one would soon overflow, so they are left where they are
 * and new ids continue from the largest sound one. */
#define FOLLOWED(column) \
  "CASE WHEN typeof(" column ") = 'integer' AND " column " <= 4611686018427387903 THEN " column " END"
#define INTEGER_ID              FOLLOWED ("id")
#define INTEGER_CONVERSATION_ID FOLLOWED ("conversation_id")
#define INTEGER_MESSAGE_ID      FOLLOWED ("message_id")

gboolean
mimo_database_get_max_ids (MimoDatabase *self,
                           gint64       *conversation_id,
                           gint64       *message_id,
                           gint64       *ledger_id,
                           GError      **error)
{
  gint64 values[3];

  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);

  /* Only integers count: a damaged file can hold text where an id
   * belongs, and SQLite sorts text above every number, which would read
   * as 0 and hand out ids already taken. */
  values[0] = query_int64 (self,
                           "SELECT MAX(0,"
                           " (SELECT IFNULL(MAX(" INTEGER_ID "), 0) FROM conversation),"
                           " (SELECT IFNULL(MAX(" INTEGER_ID "), 0) FROM deleted_conversation),"
                           " (SELECT IFNULL(MAX(" INTEGER_CONVERSATION_ID "), 0) FROM ledger))",
                           error);
  if (values[0] < 0)
    return FALSE;
  values[1] = query_int64 (self,
                           "SELECT MAX(0,"
                           " (SELECT IFNULL(MAX(" INTEGER_ID "), 0) FROM message),"
                           " (SELECT IFNULL(MAX(" INTEGER_MESSAGE_ID "), 0) FROM ledger))",
                           error);
  if (values[1] < 0)
    return FALSE;
  values[2] = query_int64 (self, "SELECT MAX(0, IFNULL(MAX(" INTEGER_ID "), 0)) FROM ledger", error);
  if (values[2] < 0)
    return FALSE;

  /* Negative ids are kept (MAX (0, …) above). */
  g_assert (values[0] <= G_MAXINT64 / 2 && values[1] <= G_MAXINT64 / 2 && values[2] <= G_MAXINT64 / 2);

  *conversation_id = values[0];
  *message_id = values[1];
  *ledger_id = values[2];
  return TRUE;
}

static gboolean
check_quick (MimoDatabase *self,
             gboolean      full,
             GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int           rc;
  gboolean      ok;

  if (!full)
    return _mimo_database_exec (self, "SELECT COUNT(*) FROM sqlite_master", error);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check(1)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return _mimo_database_fail (self, rc, "checking the file", error);
    }

  rc = sqlite3_step (stmt);
  ok = rc == SQLITE_ROW && g_strcmp0 (_mimo_column_text (stmt, 0), "ok") == 0;
  if (!ok && rc == SQLITE_ROW)
    g_set_error (error, MIMO_DATABASE_ERROR, MIMO_DATABASE_ERROR_CORRUPT,
                 "%s failed its check: %s", self->path, _mimo_column_text (stmt, 0));
  else if (!ok)
    _mimo_database_fail (self, rc, "checking the file", error);
  sqlite3_finalize (stmt);

  return ok;
}

char *
mimo_database_check_integrity (MimoDatabase *self,
                               GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  char         *result = NULL;
  int           rc;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), NULL);

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    result = _mimo_column_dup (stmt, 0);
  else
    _mimo_database_fail (self, rc, "checking the file", error);
  sqlite3_finalize (stmt);

  return result;
}

/* A process killed mid-answer never wrote the request's ledger row. The
 * spend must not vanish: record it as the turn would have, estimated from
 * the text that reached the disk (the answer) and the chat before it (the
 * prompt), at the card's prices, marked interrupted. */
static gboolean
record_cut_request (MimoDatabase *self,
                    gint64        message_id,
                    GError      **error)
{
  g_autoptr (sqlite3_stmt)    stmt = NULL;
  g_autoptr (MimoLedgerEntry) entry = NULL;
  g_autoptr (MimoPricing)     pricing = mimo_pricing_new ();

  stmt = _mimo_database_prepare (self,
                                 "SELECT m.conversation_id, m.created_us, m.params,"
                                 " length(m.content) + length(m.reasoning),"
                                 " IFNULL(length(c.system_prompt), 0) +"
                                 " (SELECT IFNULL(SUM(length(p.content)), 0) FROM message p"
                                 "  WHERE p.conversation_id = m.conversation_id AND p.id < m.id),"
                                 " (SELECT model FROM ledger ORDER BY time_us DESC LIMIT 1)"
                                 " FROM message m JOIN conversation c ON c.id = m.conversation_id"
                                 " WHERE m.id = ?1 AND m.role = 'assistant'"
                                 " AND NOT EXISTS (SELECT 1 FROM ledger WHERE message_id = ?1)",
                                 error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;

  entry = mimo_ledger_entry_new ();
  entry->conversation_id = sqlite3_column_int64 (stmt, 0);
  entry->message_id = message_id;
  entry->time_us = sqlite3_column_int64 (stmt, 1);
  entry->params_json = _mimo_column_dup (stmt, 2);
  entry->model = sqlite3_column_type (stmt, 5) == SQLITE_TEXT ? _mimo_column_dup (stmt, 5) : g_strdup ("mimo-v2-flash");
  mimo_ledger_entry_set_usage (entry, NULL, pricing,
                               sqlite3_column_int64 (stmt, 4),
                               sqlite3_column_int64 (stmt, 3),
                               0);
  mimo_ledger_entry_set_result (entry, MIMO_MESSAGE_STATE_INTERRUPTED, NULL);
  entry->first_token_us = -1;
  entry->duration_us = 0;

  return mimo_database_insert_ledger_entry (self, entry, error);
}

/* Answers that were streaming when the app stopped (crash, kill, power)
 * keep every piece of text that reached the disk, become interrupted and
 * get their ledger row; chats deleted during their undo period are
 * deleted for real. */
static gboolean
repair (MimoDatabase *self,
        GError      **error)
{
  g_autoptr (GArray) streaming = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GArray) trashed = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt      *stmt;

  if (!mimo_database_begin (self, error))
    return FALSE;

  stmt = _mimo_database_prepare (self, "SELECT id FROM message WHERE state = 'streaming'", error);
  if (stmt == NULL)
    goto failed;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (streaming, id);
    }
  _mimo_database_release (stmt);

  for (guint i = 0; i < streaming->len; i++)
    {
      gint64                   id = g_array_index (streaming, gint64, i);
      g_autoptr (GString)      content = g_string_new (NULL);
      g_autoptr (GString)      reasoning = g_string_new (NULL);
      g_autoptr (sqlite3_stmt) parts = NULL;
      g_autoptr (sqlite3_stmt) update = NULL;
      g_autoptr (sqlite3_stmt) clear = NULL;

      parts = _mimo_database_prepare (self, "SELECT content, reasoning FROM message_part"
                                            " WHERE message_id = ?1 ORDER BY seq",
                                      error);
      if (parts == NULL)
        goto failed;
      sqlite3_bind_int64 (parts, 1, id);
      while (sqlite3_step (parts) == SQLITE_ROW)
        {
          g_string_append (content, _mimo_column_text (parts, 0));
          g_string_append (reasoning, _mimo_column_text (parts, 1));
        }

      update = _mimo_database_prepare (self, "UPDATE message SET content = content || ?2,"
                                             " reasoning = reasoning || ?3, state = 'interrupted'"
                                             " WHERE id = ?1",
                                       error);
      if (update == NULL)
        goto failed;
      sqlite3_bind_int64 (update, 1, id);
      sqlite3_bind_text (update, 2, content->str, (int) content->len, SQLITE_STATIC);
      sqlite3_bind_text (update, 3, reasoning->str, (int) reasoning->len, SQLITE_STATIC);
      if (!_mimo_database_run (self, update, "marking an answer interrupted", error))
        goto failed;

      clear = _mimo_database_prepare (self, "DELETE FROM message_part WHERE message_id = ?1", error);
      if (clear == NULL)
        goto failed;
      sqlite3_bind_int64 (clear, 1, id);
      if (!_mimo_database_run (self, clear, "folding streamed text", error))
        goto failed;

      if (!record_cut_request (self, id, error))
        goto failed;
    }

  stmt = _mimo_database_prepare (self, "SELECT id FROM conversation WHERE trashed_us IS NOT NULL", error);
  if (stmt == NULL)
    goto failed;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (trashed, id);
    }
  _mimo_database_release (stmt);

  for (guint i = 0; i < trashed->len; i++)
    {
      g_autoptr (sqlite3_stmt) title = _mimo_database_prepare (self, "SELECT title, trashed_us FROM conversation WHERE id = ?1", error);
      g_autofree char         *title_text = NULL;
      gint64                   when = g_get_real_time ();

      if (title == NULL)
        goto failed;
      sqlite3_bind_int64 (title, 1, g_array_index (trashed, gint64, i));
      if (sqlite3_step (title) == SQLITE_ROW)
        {
          title_text = _mimo_column_dup (title, 0);
          when = sqlite3_column_int64 (title, 1);
        }
      _mimo_database_release (title);

      if (!mimo_database_purge_conversation (self, g_array_index (trashed, gint64, i), title_text, when, error))
        goto failed;
    }

  if (!mimo_database_commit (self, error))
    goto failed;

  self->n_interrupted = streaming->len;
  if (streaming->len > 0 || trashed->len > 0)
    g_message ("Repaired %s: %u unfinished answers kept as interrupted, %u deleted chats purged",
               self->path, streaming->len, trashed->len);
  return TRUE;

failed:
  mimo_database_rollback (self);
  return FALSE;
}

/* Whether we are the only process with the file open: the app and the
 * command line may share it, and only the first may repair what looks
 * unfinished (the other may be streaming it right now). */
static gboolean
take_lock (MimoDatabase *self)
{
  g_autofree char *lock_path = g_strconcat (self->path, ".lock", NULL);
  gboolean         alone;

  self->lock_fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->lock_fd < 0)
    return FALSE;

  alone = flock (self->lock_fd, LOCK_EX | LOCK_NB) == 0;
  /* Stay visible to the next process as a user of the file. */
  if (flock (self->lock_fd, LOCK_SH) != 0)
    g_debug ("Could not lock %s: %s", lock_path, g_strerror (errno));

  return alone;
}

/* The lock file also remembers when the file was last checked. */
static gint64
read_last_check (MimoDatabase *self)
{
  char    buffer[32] = { 0 };
  ssize_t n;

  if (self->lock_fd < 0)
    return 0;

  n = pread (self->lock_fd, buffer, sizeof buffer - 1, 0);
  return n > 0 ? g_ascii_strtoll (buffer, NULL, 10) : 0;
}

static void
write_last_check (MimoDatabase *self)
{
  char buffer[32];
  int  n = g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT "\n", g_get_real_time ());

  if (self->lock_fd < 0)
    return;

  if (ftruncate (self->lock_fd, 0) != 0 || pwrite (self->lock_fd, buffer, (size_t) n, 0) != n)
    g_debug ("Could not note the check time for %s", self->path);
}

/* PRAGMA quick_check reads every page, on the main thread at start: 1 to
 * 4 ms a megabyte, depending on the rows (measured: a real 3.4 MB history
 * took 11-14 ms). So every start checks a file of up to 4 MB; a larger
 * one only when the last session did not close it (its write-ahead log is
 * still there), or once a week. Otherwise reading the schema still
 * catches a file that is not a database at all, and SQLite reports
 * damaged pages when it meets them. */
static gboolean
needs_full_check (MimoDatabase *self,
                  gboolean      alone,
                  gboolean      unclean)
{
  GStatBuf st;

  if (g_stat (self->path, &st) != 0 || st.st_size < 4 * 1024 * 1024)
    return TRUE;
  if (alone && unclean)
    return TRUE;

  return g_get_real_time () - read_last_check (self) > 7 * G_TIME_SPAN_DAY;
}

static gboolean
configure (MimoDatabase *self,
           gboolean      file,
           GError      **error)
{
  sqlite3_extended_result_codes (self->db, 1);
  /* Another process (the command line) may hold the write lock for a
   * moment; wait for it rather than fail. */
  sqlite3_busy_timeout (self->db, 3000);

  /* WAL: readers never block the writer, and a crash loses at most the
   * transactions not yet committed. NORMAL sync is crash-safe for the app
   * (kill -9); a power cut can lose the last commits but never corrupts. */
  if (file && !_mimo_database_exec (self, "PRAGMA journal_mode = WAL", error))
    return FALSE;

  /* A 16 MB page cache holds the ledger's hot pages, so switching the
   * inspector's period reads memory rather than the file. */
  return _mimo_database_exec (self,
                              "PRAGMA synchronous = NORMAL;"
                              "PRAGMA foreign_keys = ON;"
                              "PRAGMA temp_store = MEMORY;"
                              "PRAGMA cache_size = -16384;",
                              error);
}

MimoDatabase *
mimo_database_open (const char *path,
                    GError    **error)
{
  g_autoptr (MimoDatabase) self = NULL;
  g_autofree char         *dir = NULL;
  g_autofree char         *wal = NULL;
  gboolean                 alone;
  gboolean                 unclean;
  gboolean                 full_check;
  GStatBuf                 st;
  int                      rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (MIMO_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, MIMO_DATABASE_ERROR,
                   saved_errno == ENOSPC ? MIMO_DATABASE_ERROR_FULL : MIMO_DATABASE_ERROR_CANT_OPEN,
                   "Could not create %s: %s", dir, g_strerror (saved_errno));
      return NULL;
    }

  /* A clean close removes the write-ahead log; finding one while no one
   * else has the file open means the last session ended abruptly. */
  alone = take_lock (self);
  wal = g_strconcat (path, "-wal", NULL);
  unclean = g_stat (wal, &st) == 0 && st.st_size > 0;
  full_check = needs_full_check (self, alone, unclean);

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      _mimo_database_fail (self, rc, "opening the history", error);
      return NULL;
    }

  if (!configure (self, TRUE, error))
    return NULL;
  if (!check_quick (self, full_check, error))
    return NULL;
  if (full_check && alone)
    write_last_check (self);
  if (!_mimo_database_migrate (self, MIMO_DATABASE_VERSION, error))
    return NULL;
  if (alone && !repair (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

MimoDatabase *
mimo_database_open_in_memory (GError **error)
{
  g_autoptr (MimoDatabase) self = g_object_new (MIMO_TYPE_DATABASE, NULL);
  int                      rc;

  rc = sqlite3_open_v2 (":memory:", &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      _mimo_database_fail (self, rc, "opening a history in memory", error);
      return NULL;
    }

  if (!configure (self, FALSE, error) ||
      !_mimo_database_migrate (self, MIMO_DATABASE_VERSION, error))
    return NULL;

  return g_steal_pointer (&self);
}

char *
mimo_database_move_aside (const char *path,
                          GError    **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  g_autoptr (GDateTime)    now = g_date_time_new_now_local ();
  g_autofree char         *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char         *target = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  /* Two failures in the same second must not overwrite each other. */
  target = g_strdup_printf ("%s.broken-%s", path, stamp);
  for (guint n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.broken-%s-%u", path, stamp, n);
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (!g_file_test (from, G_FILE_TEST_EXISTS))
        continue;
      if (g_rename (from, to) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, MIMO_DATABASE_ERROR, MIMO_DATABASE_ERROR_CANT_OPEN,
                       "Could not move %s aside: %s", from, g_strerror (saved_errno));
          return NULL;
        }
    }

  return g_steal_pointer (&target);
}

const char *
mimo_database_get_path (MimoDatabase *self)
{
  g_return_val_if_fail (MIMO_IS_DATABASE (self), NULL);

  return self->path;
}

guint
mimo_database_get_n_interrupted (MimoDatabase *self)
{
  g_return_val_if_fail (MIMO_IS_DATABASE (self), 0);

  return self->n_interrupted;
}

void
mimo_database_set_fault (MimoDatabase     *self,
                         MimoDatabaseFault fault)
{
  g_autofree char *sql = NULL;
  gint64           pages;

  g_return_if_fail (MIMO_IS_DATABASE (self));

  switch (fault)
    {
    case MIMO_DATABASE_FAULT_NONE:
      sql = g_strdup ("PRAGMA query_only = 0; PRAGMA max_page_count = 4294967294;");
      break;
    case MIMO_DATABASE_FAULT_READ_ONLY:
      sql = g_strdup ("PRAGMA query_only = 1;");
      break;
    case MIMO_DATABASE_FAULT_FULL:
      /* No page may be added: what a full disk looks like to SQLite. */
      pages = query_int64 (self, "PRAGMA page_count", NULL);
      sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT ";", pages);
      break;
    default:
      g_return_if_reached ();
    }

  if (!_mimo_database_exec (self, sql, NULL))
    g_warning ("Could not set a test fault on %s", self->path);
}
