/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-database-private.h: statement cache and binding helpers shared by the mimo-database-*.c files. */

#pragma once

#include <sqlite3.h>

#include "mimo-database.h"

G_BEGIN_DECLS

struct _MimoDatabase
{
  GObject     parent_instance;
  sqlite3    *db;
  char       *path;
  GHashTable *statements; /* SQL text → sqlite3_stmt */
  int         lock_fd;
  guint       n_interrupted;
};

/* A cached prepared statement, reset and unbound; hand it back with
 * g_autoptr (sqlite3_stmt) so it is reset for the next user. */
sqlite3_stmt *_mimo_database_prepare (MimoDatabase *self,
                                      const char   *sql,
                                      GError      **error);
void          _mimo_database_release (sqlite3_stmt *stmt);
/* Sets @error from SQLite's last error (or @rc) and returns FALSE. */
gboolean _mimo_database_fail (MimoDatabase *self,
                              int           rc,
                              const char   *what,
                              GError      **error);
/* Steps a statement that returns no rows. */
gboolean _mimo_database_run (MimoDatabase *self,
                             sqlite3_stmt *stmt,
                             const char   *what,
                             GError      **error);
gboolean _mimo_database_exec (MimoDatabase *self,
                              const char   *sql,
                              GError      **error);

void        _mimo_bind_text (sqlite3_stmt *stmt,
                             int           index,
                             const char   *text);
void        _mimo_bind_id (sqlite3_stmt *stmt,
                           int           index,
                           gint64        id);
const char *_mimo_column_text (sqlite3_stmt *stmt,
                               int           index);
char       *_mimo_column_dup (sqlite3_stmt *stmt,
                              int           index);
/* Values as the rest of the app can trust them, whatever the file holds:
 * a time GDateTime can show (year 1970 to 9999, in UTC microseconds), a
 * count or an amount of money that is not negative. */
gint64 _mimo_column_time (sqlite3_stmt *stmt,
                          int           index);
gint64 _mimo_column_count (sqlite3_stmt *stmt,
                           int           index);

/* Schema (mimo-database-schema.c). */
gboolean _mimo_database_migrate (MimoDatabase *self,
                                 int           target_version,
                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, _mimo_database_release)

G_END_DECLS
