/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-store.h: all conversations and the spend ledger, kept in one crash-safe database. */

#pragma once

#include <gio/gio.h>

#include "mimo-conversation.h"
#include "mimo-ledger.h"
#include "mimo-message.h"

G_BEGIN_DECLS

#define MIMO_TYPE_STORE      (mimo_store_get_type ())
#define MIMO_TYPE_SEARCH_HIT (mimo_search_hit_get_type ())

/* How long a deleted conversation can be brought back, by default. */
#define MIMO_STORE_DEFAULT_UNDO_MS 10000

G_DECLARE_FINAL_TYPE (MimoStore, mimo_store, MIMO, STORE, GObject)

/**
 * MimoSearchHit:
 * @conversation_id: the chat to open
 * @message_id: the message to scroll to (mimo_conversation_find_message())
 * @conversation_title: the chat's title
 * @role: who wrote the message
 * @time_us: when it was written (UTC microseconds)
 * @snippet: a few words around the match, plain text
 * @snippet_markup: the same, escaped, with the matched words in <b></b>
 *   (for a GtkLabel with use-markup)
 */
typedef struct
{
  gint64   conversation_id;
  gint64   message_id;
  char    *conversation_title;
  MimoRole role;
  gint64   time_us;
  char    *snippet;
  char    *snippet_markup;
} MimoSearchHit;

GType          mimo_search_hit_get_type (void) G_GNUC_CONST;
MimoSearchHit *mimo_search_hit_copy (const MimoSearchHit *hit);
void           mimo_search_hit_free (MimoSearchHit *hit);

/**
 * MimoStore:
 *
 * Owns the database (one SQLite file, see DESIGN.md) and is the only way
 * views and the command line reach it. mimo_store_get_conversations() is a
 * GListModel of every #MimoConversation, newest activity first.
 *
 * Opening never fails: a database that cannot be read is moved aside and a
 * new one started (#MimoStore:recovery-message says so in plain words);
 * when no file can be written at all, history lives in memory for the
 * session. When a write fails (read-only or full disk) nothing is lost:
 * the changes stay in memory, #MimoStore:save-error explains, and the
 * store tries again every few seconds until it works.
 *
 * Everything runs on the thread that created the store.
 */

/* @path: the database file, or NULL for
 * g_get_user_data_dir()/mimo-chat/history.db. */
MimoStore *mimo_store_new (const char *path);

const char *mimo_store_get_path (MimoStore *self);
/* TRUE when history is not being saved to a file this session. */
gboolean mimo_store_get_in_memory (MimoStore *self);
/* Set when the history had to be set aside or cannot be saved this
 * session: what happened and what the user can do. NULL otherwise. */
const char *mimo_store_get_recovery_message (MimoStore *self);
/* Set while recent changes could not be written; NULL once all is saved. */
const char *mimo_store_get_save_error (MimoStore *self);

/* A conversation moves to the top when a message is added: two small
 * items-changed emissions (remove, insert), never a reset. */
GListModel       *mimo_store_get_conversations (MimoStore *self);
MimoConversation *mimo_store_lookup_conversation (MimoStore *self,
                                                  gint64     conversation_id);
/* A new, empty conversation at the top of the list, saved at once. */
MimoConversation *mimo_store_create_conversation (MimoStore *self);

/* Removes @conversation from the list at once; it is deleted for real
 * after #MimoStore:undo-timeout ms, on mimo_store_commit_deletions(), or
 * when the store closes, unless mimo_store_undo_delete() brings it back.
 * Its ledger rows are kept, marked as belonging to a deleted chat. */
void     mimo_store_delete_conversation (MimoStore        *self,
                                         MimoConversation *conversation);
gboolean mimo_store_undo_delete (MimoStore        *self,
                                 MimoConversation *conversation);
void     mimo_store_commit_deletions (MimoStore *self);
/* Deletes every conversation at once, with no undo: those in the list,
 * those in their undo period, and any another process (the command line)
 * added to the file; then rewrites the file so their text is gone from
 * the disk. The ledger keeps its rows, marked as belonging to deleted
 * chats, unless @clear_ledger: then it is emptied too, and
 * #MimoLedger::changed is emitted with no entry. Saved at once. */
void mimo_store_clear_history (MimoStore *self,
                               gboolean   clear_ledger);
void mimo_store_set_undo_timeout (MimoStore *self,
                                  guint      timeout_ms);

/* Full-text search over every message (words, the last one as a prefix),
 * newest first. Array of MimoSearchHit; NULL with @error when the query
 * cannot run. */
GPtrArray *mimo_store_search (MimoStore  *self,
                              const char *query,
                              guint       limit,
                              GError    **error);

MimoLedger *mimo_store_get_ledger (MimoStore *self);
/* Records one API request on the ledger (failed, cancelled and cut ones
 * too): fills @entry's id, time (when 0) and ids from @conversation and
 * @message (either may be NULL), saves it at once and adds it to the
 * conversation's totals. */
void mimo_store_record_request (MimoStore        *self,
                                MimoConversation *conversation,
                                MimoMessage      *message,
                                MimoLedgerEntry  *entry);

/* Groups many changes into one transaction (bulk imports): writes wait
 * until the matching release. */
void mimo_store_hold_writes (MimoStore *self);
void mimo_store_release_writes (MimoStore *self);
/* Writes every pending change now. FALSE (see save-error) when it could
 * not; the store keeps retrying. */
gboolean mimo_store_flush (MimoStore *self);

/* Fuzzing entry point (mimo-store-fuzz.c): writes rows of any values the
 * bytes give into a history file with the schema, opens it with a store,
 * loads, searches and exports every chat, checks that all it reads is
 * sound text and sane figures, and that the store still saves; aborts
 * on a violation. */
void mimo_store_fuzz (const guint8 *data,
                      gsize         size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoSearchHit, mimo_search_hit_free)

G_END_DECLS
