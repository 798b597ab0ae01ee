/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-database.h: the SQLite history file; the only code in the app that speaks SQL. */

#pragma once

#include <gio/gio.h>

#include "mimo-conversation.h"
#include "mimo-ledger.h"
#include "mimo-message.h"
#include "mimo-store.h"

G_BEGIN_DECLS

/* The schema this build writes; see mimo-database-schema.c for every
 * version and the migrations between them. */
#define MIMO_DATABASE_VERSION 4

#define MIMO_DATABASE_ERROR (mimo_database_error_quark ())

/**
 * MimoDatabaseError:
 * @MIMO_DATABASE_ERROR_CORRUPT: not a database, or it failed its check
 * @MIMO_DATABASE_ERROR_NEWER: written by a newer version of the app
 * @MIMO_DATABASE_ERROR_CANT_OPEN: the file or its folder cannot be opened
 * @MIMO_DATABASE_ERROR_READ_ONLY: the file or disk does not accept writes
 * @MIMO_DATABASE_ERROR_FULL: the disk (or a quota) is full
 * @MIMO_DATABASE_ERROR_BUSY: another program holds the file locked
 * @MIMO_DATABASE_ERROR_FAILED: anything else
 *
 * Messages in this domain are for logs; the store turns codes into words
 * for people.
 */
typedef enum
{
  MIMO_DATABASE_ERROR_CORRUPT,
  MIMO_DATABASE_ERROR_NEWER,
  MIMO_DATABASE_ERROR_CANT_OPEN,
  MIMO_DATABASE_ERROR_READ_ONLY,
  MIMO_DATABASE_ERROR_FULL,
  MIMO_DATABASE_ERROR_BUSY,
  MIMO_DATABASE_ERROR_FAILED,
} MimoDatabaseError;

/* Faults a test can provoke through SQLite itself (query_only,
 * max_page_count), so the store's real error paths run. */
typedef enum
{
  MIMO_DATABASE_FAULT_NONE,
  MIMO_DATABASE_FAULT_READ_ONLY,
  MIMO_DATABASE_FAULT_FULL,
} MimoDatabaseFault;

#define MIMO_TYPE_DATABASE (mimo_database_get_type ())

G_DECLARE_FINAL_TYPE (MimoDatabase, mimo_database, MIMO, DATABASE, GObject)

GQuark mimo_database_error_quark (void);

/* Opens @path (creating it and its folder), migrates it to
 * MIMO_DATABASE_VERSION, checks it (PRAGMA quick_check) and repairs what
 * a crash left: answers still `streaming` become `interrupted` with every
 * saved piece of text, chats deleted but not yet purged are purged. */
MimoDatabase *mimo_database_open (const char *path,
                                  GError    **error);
/* The same schema in memory, for a session that cannot save. */
MimoDatabase *mimo_database_open_in_memory (GError **error);
/* Renames @path (and its -wal/-shm files) to "@path.broken-YYYYMMDD-HHMMSS";
 * never deletes. Returns the new name of the main file. */
char *mimo_database_move_aside (const char *path,
                                GError    **error);

const char *mimo_database_get_path (MimoDatabase *self);
/* How many streaming answers the last open marked interrupted. */
guint mimo_database_get_n_interrupted (MimoDatabase *self);
/* "ok" or the first problem PRAGMA integrity_check reports. */
char *mimo_database_check_integrity (MimoDatabase *self,
                                     GError      **error);
void  mimo_database_set_fault (MimoDatabase     *self,
                               MimoDatabaseFault fault);

gboolean mimo_database_begin (MimoDatabase *self,
                              GError      **error);
gboolean mimo_database_commit (MimoDatabase *self,
                               GError      **error);
void     mimo_database_rollback (MimoDatabase *self);

/* Largest ids ever used, deleted chats and ledger references included, so
 * an id is never reused; ids past G_MAXINT64 / 2 (only damage makes them)
 * are skipped, so the next id cannot overflow. */
gboolean mimo_database_get_max_ids (MimoDatabase *self,
                                    gint64       *conversation_id,
                                    gint64       *message_id,
                                    gint64       *ledger_id,
                                    GError      **error);

/* Conversations (mimo-database-chats.c). Loaded objects carry metadata;
 * drafts and message text are read on demand. */
GPtrArray *mimo_database_load_conversations (MimoDatabase *self,
                                             GError      **error);
char      *mimo_database_load_draft (MimoDatabase *self,
                                     gint64        conversation_id,
                                     GError      **error);
gboolean   mimo_database_save_conversation (MimoDatabase     *self,
                                            MimoConversation *conversation,
                                            gboolean          with_draft,
                                            GError          **error);
gboolean   mimo_database_purge_conversation (MimoDatabase *self,
                                             gint64        conversation_id,
                                             const char   *title,
                                             gint64        deleted_us,
                                             GError      **error);
/* Deletes every conversation in the file (names kept for the ledger, as
 * a purge does); with @with_ledger, the ledger and those names too. */
gboolean mimo_database_clear_history (MimoDatabase *self,
                                      gint64        deleted_us,
                                      gboolean      with_ledger,
                                      GError      **error);
/* Rewrites the file so deleted text is gone from the disk (VACUUM, then
 * the write-ahead log emptied). Outside a transaction only. */
gboolean   mimo_database_compact (MimoDatabase *self,
                                  GError      **error);
GPtrArray *mimo_database_load_messages (MimoDatabase *self,
                                        gint64        conversation_id,
                                        GError      **error);
/* Fills the text of the messages of @by_id (id → MimoMessage) whose ids lie
 * in [@first_id, @last_id] and whose text is not loaded yet. */
gboolean mimo_database_load_texts (MimoDatabase *self,
                                   gint64        conversation_id,
                                   gint64        first_id,
                                   gint64        last_id,
                                   GHashTable   *by_id,
                                   GError      **error);
/* Writes what changed since the last save: only the new text while a
 * message streams, the whole row otherwise. */
gboolean   mimo_database_save_message (MimoDatabase *self,
                                       MimoMessage  *message,
                                       GError      **error);
gboolean   mimo_database_delete_message (MimoDatabase *self,
                                         gint64        message_id,
                                         GError      **error);
GPtrArray *mimo_database_search (MimoDatabase *self,
                                 const char   *query,
                                 guint         limit,
                                 GError      **error);

/* The ledger (mimo-database-ledger.c). Times in UTC microseconds,
 * [@from_us, @to_us); @conversation_id 0 means every chat. */
gboolean   mimo_database_insert_ledger_entry (MimoDatabase          *self,
                                              const MimoLedgerEntry *entry,
                                              GError               **error);
gboolean   mimo_database_ledger_totals (MimoDatabase     *self,
                                        gint64            from_us,
                                        gint64            to_us,
                                        gint64            conversation_id,
                                        MimoLedgerTotals *totals,
                                        GError          **error);
GPtrArray *mimo_database_ledger_top (MimoDatabase *self,
                                     gint64        from_us,
                                     gint64        to_us,
                                     guint         limit,
                                     GError      **error);
GPtrArray *mimo_database_ledger_entries (MimoDatabase *self,
                                         gint64        from_us,
                                         gint64        to_us,
                                         gint64        conversation_id,
                                         gboolean      only_flagged,
                                         GError      **error);
typedef gboolean (*MimoLedgerEntryFunc) (const MimoLedgerEntry *entry,
                                         gpointer               user_data,
                                         GError               **error);
gboolean mimo_database_ledger_foreach (MimoDatabase       *self,
                                       MimoLedgerEntryFunc func,
                                       gpointer            user_data,
                                       GError            **error);

/* The first and last request time in the range; both -1 when it holds none. */
gboolean mimo_database_ledger_span (MimoDatabase *self,
                                    gint64        from_us,
                                    gint64        to_us,
                                    gint64       *first_us,
                                    gint64       *last_us,
                                    GError      **error);

G_END_DECLS
