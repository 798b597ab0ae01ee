/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-store-private.h: internals shared by the model objects, the store and the database code. */

#pragma once

#include "mimo-conversation.h"
#include "mimo-database.h"
#include "mimo-ledger.h"
#include "mimo-message.h"
#include "mimo-object-list.h"
#include "mimo-store.h"

G_BEGIN_DECLS

/* The instance structs live here, not in the .c files, because the
 * database code fills and reads them directly: the objects stay the one
 * place their fields exist, with no row structs to keep in step. */
struct _MimoMessage
{
  GObject parent_instance;

  gint64           id;
  gint64           conversation_id;
  MimoRole         role;
  MimoMessageState state;
  char            *error_text;
  char            *finish_reason;
  gint64           created_us;
  GDateTime       *created;

  /* NULL while the text of a stored message has not been read. */
  GString *content;
  GString *reasoning;

  /* Parameters stay JSON until asked for: parsing 10,000 of them when a
   * long chat opens would cost more than the rest of the load. */
  char           *params_json;
  MimoChatParams *params;

  MimoUsage *usage;
  gint64     cost_nanos;
  gint64     thinking_us; /* -1: none or unknown */
  gint64     duration_us;

  /* What the database holds: the row (content/reasoning up to these
   * lengths) plus @parts_saved appended pieces. */
  gboolean saved;
  gboolean row_dirty;
  gsize    content_saved;
  gsize    reasoning_saved;
  guint    parts_saved;

  MimoConversation *conversation; /* weak */

  guint  notify_source;
  guint  pending_notify;
  gint64 last_notify_us;
};

struct _MimoConversation
{
  GObject parent_instance;

  gint64     id;
  char      *title;
  gint64     created_us;
  gint64     updated_us;
  GDateTime *created;
  GDateTime *updated;
  char      *system_prompt;
  char      *param_overrides;
  char      *draft; /* NULL until read */
  gint64     trashed_us;
  guint      n_messages;

  MimoObjectList *messages; /* NULL until loaded */

  gboolean         totals_loaded;
  MimoLedgerTotals totals;

  gboolean saved;
  gboolean draft_dirty;

  MimoStore *store; /* weak */
};

/* g_set_str() arrives in GLib 2.76; this is the same for 2.74. */
static inline gboolean
_mimo_set_str (char      **str_pointer,
               const char *new_str)
{
  char *copy;

  if (*str_pointer == new_str || g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  copy = g_strdup (new_str);
  g_free (*str_pointer);
  *str_pointer = copy;
  return TRUE;
}

typedef enum
{
  MIMO_CHANGE_TEXT,   /* saved within 250 ms */
  MIMO_CHANGE_ROW,    /* saved within 250 ms */
  MIMO_CHANGE_URGENT, /* saved now */
} MimoChange;

/* Message → conversation → store: tell the store what to save. */
void _mimo_message_changed (MimoMessage *self,
                            MimoChange   change);
void _mimo_message_set_conversation (MimoMessage      *self,
                                     MimoConversation *conversation);
/* For messages read from the database (no text yet). */
MimoMessage *_mimo_message_new_stored (void);
void         _mimo_message_take_text (MimoMessage *self,
                                      char        *content,
                                      char        *reasoning);
gboolean     _mimo_message_text_loaded (MimoMessage *self);

MimoConversation *_mimo_conversation_new_stored (void);
void              _mimo_conversation_set_store (MimoConversation *self,
                                                MimoStore        *store);
void              _mimo_conversation_changed (MimoConversation *self,
                                              MimoChange        change);
void              _mimo_conversation_load_texts_around (MimoConversation *self,
                                                        MimoMessage      *message);
void              _mimo_conversation_add_to_totals (MimoConversation      *self,
                                                    const MimoLedgerEntry *entry);
void              _mimo_conversation_touch (MimoConversation *self,
                                            gint64            now_us);

MimoDatabase *_mimo_store_get_database (MimoStore *self);
gint64        _mimo_store_next_message_id (MimoStore *self);
void          _mimo_store_message_changed (MimoStore   *self,
                                           MimoMessage *message,
                                           MimoChange   change);
void          _mimo_store_message_removed (MimoStore   *self,
                                           MimoMessage *message);
void          _mimo_store_conversation_changed (MimoStore        *self,
                                                MimoConversation *conversation,
                                                MimoChange        change);
void          _mimo_store_conversation_touched (MimoStore        *self,
                                                MimoConversation *conversation);
/* Adds rows recorded but not yet written to @totals. */
void _mimo_store_add_pending_totals (MimoStore        *self,
                                     gint64            conversation_id,
                                     MimoLedgerTotals *totals);

MimoLedger *_mimo_ledger_new (MimoDatabase *database);
void        _mimo_ledger_set_database (MimoLedger   *self,
                                       MimoDatabase *database);
void        _mimo_ledger_emit_changed (MimoLedger            *self,
                                       const MimoLedgerEntry *entry);

G_END_DECLS
