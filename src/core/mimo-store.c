/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-store.c: the conversation list, write-behind saving with retries, undoable deletes and search. */

#define G_LOG_DOMAIN "mimo-store"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-store-private.h"

/* A crash loses at most this much streamed text (the promise). */
#define SAVE_INTERVAL_US (250 * 1000)
#define RETRY_FIRST_S    2
#define RETRY_MAX_S      60

typedef struct
{
  gint64 id;
  char  *title;
  gint64 deleted_us;
} Purge;

struct _MimoStore
{
  GObject parent_instance;

  char         *path;
  MimoDatabase *database;
  MimoLedger   *ledger;
  gboolean      in_memory;
  char         *recovery_message;
  char         *save_error;

  MimoObjectList *conversations;
  GHashTable     *by_id;   /* id → MimoConversation, listed or in the undo period */
  GHashTable     *trashed; /* MimoConversation → timeout id */
  guint           undo_timeout_ms;

  gint64 next_conversation_id;
  gint64 next_message_id;
  gint64 next_ledger_id;

  /* Changes not yet written. Sets hold references, so nothing unsaved can
   * vanish with its view. */
  GHashTable *dirty_conversations;
  GHashTable *dirty_messages;
  GArray     *deleted_messages;
  GPtrArray  *pending_entries;
  GArray     *pending_purges;
  /* mimo_store_clear_history() asked for, not yet written. */
  gboolean pending_clear;
  gboolean pending_clear_ledger;
  gint64   pending_clear_us;

  guint  hold;
  guint  flush_source;
  gint64 last_flush_us;
  guint  retry_source;
  guint  retry_delay_s;
};

enum
{
  PROP_0,
  PROP_PATH,
  PROP_IN_MEMORY,
  PROP_RECOVERY_MESSAGE,
  PROP_SAVE_ERROR,
  PROP_UNDO_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MimoStore, mimo_store, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (MimoSearchHit, mimo_search_hit, mimo_search_hit_copy, mimo_search_hit_free)

MimoSearchHit *
mimo_search_hit_copy (const MimoSearchHit *hit)
{
  MimoSearchHit *copy;

  g_return_val_if_fail (hit != NULL, NULL);

  copy = g_memdup2 (hit, sizeof *hit);
  copy->conversation_title = g_strdup (hit->conversation_title);
  copy->snippet = g_strdup (hit->snippet);
  copy->snippet_markup = g_strdup (hit->snippet_markup);

  return copy;
}

void
mimo_search_hit_free (MimoSearchHit *hit)
{
  if (hit == NULL)
    return;

  g_free (hit->conversation_title);
  g_free (hit->snippet);
  g_free (hit->snippet_markup);
  g_free (hit);
}

/* g_hash_table_get_keys_as_ptr_array() is GLib 2.76. */
static GPtrArray *
keys_of (GHashTable *table)
{
  GPtrArray     *keys = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter iter;
  gpointer       key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);

  return keys;
}

static void
purge_clear (Purge *purge)
{
  g_clear_pointer (&purge->title, g_free);
}

static void
set_string_property (MimoStore  *self,
                     char      **field,
                     const char *value,
                     int         prop)
{
  if (_mimo_set_str (field, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static const char *
save_error_text (const GError *error)
{
  if (g_error_matches (error, MIMO_DATABASE_ERROR, MIMO_DATABASE_ERROR_FULL))
    return _ ("Your latest chats can’t be saved because the disk is full. Free some space; "
              "Mimo Chat keeps them in memory and will try again.");
  if (g_error_matches (error, MIMO_DATABASE_ERROR, MIMO_DATABASE_ERROR_READ_ONLY) ||
      g_error_matches (error, MIMO_DATABASE_ERROR, MIMO_DATABASE_ERROR_CANT_OPEN))
    return _ ("Your latest chats can’t be saved because the history file can’t be written to. "
              "Mimo Chat keeps them in memory and will try again.");
  if (g_error_matches (error, MIMO_DATABASE_ERROR, MIMO_DATABASE_ERROR_BUSY))
    return _ ("Your latest chats can’t be saved yet because another program is using the history file. "
              "Mimo Chat keeps them in memory and will try again.");

  return _ ("Your latest chats can’t be saved right now. Mimo Chat keeps them in memory and will try again.");
}

/* -------------------------------------------------------------- saving -- */

static gboolean flush_internal (MimoStore *self,
                                GError   **error);

static gboolean
retry_cb (gpointer user_data)
{
  MimoStore *self = user_data;

  self->retry_source = 0;
  mimo_store_flush (self);

  return G_SOURCE_REMOVE;
}

static gboolean
flush_timeout_cb (gpointer user_data)
{
  MimoStore *self = user_data;

  self->flush_source = 0;
  mimo_store_flush (self);

  return G_SOURCE_REMOVE;
}

static gboolean
has_pending (MimoStore *self)
{
  return g_hash_table_size (self->dirty_conversations) > 0 || g_hash_table_size (self->dirty_messages) > 0 ||
         self->deleted_messages->len > 0 || self->pending_entries->len > 0 || self->pending_purges->len > 0 ||
         self->pending_clear;
}

gboolean
mimo_store_flush (MimoStore *self)
{
  g_autoptr (GError) error = NULL;
  gboolean           compact;

  g_return_val_if_fail (MIMO_IS_STORE (self), FALSE);

  compact = self->pending_clear;
  g_clear_handle_id (&self->flush_source, g_source_remove);
  self->last_flush_us = g_get_monotonic_time ();

  if (flush_internal (self, &error))
    {
      if (compact)
        {
          /* Cleared history must leave the disk too; the rows are gone
           * either way, so a failure here is only logged. */
          g_autoptr (GError) compact_error = NULL;

          if (!mimo_database_compact (self->database, &compact_error))
            g_warning ("Could not compact the history: %s", compact_error->message);
        }
      g_clear_handle_id (&self->retry_source, g_source_remove);
      self->retry_delay_s = 0;
      set_string_property (self, &self->save_error, NULL, PROP_SAVE_ERROR);
      return TRUE;
    }

  /* Once per failure, not once per attempt: a full disk during a stream
   * would otherwise log four times a second. */
  if (self->save_error == NULL)
    g_warning ("Could not save the history: %s", error->message);
  else
    g_debug ("Still cannot save the history: %s", error->message);
  set_string_property (self, &self->save_error, save_error_text (error), PROP_SAVE_ERROR);

  if (self->retry_source == 0)
    {
      self->retry_delay_s = CLAMP (self->retry_delay_s * 2, RETRY_FIRST_S, RETRY_MAX_S);
      self->retry_source = g_timeout_add_seconds (self->retry_delay_s, retry_cb, self);
      g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->retry_source),
                                "[mimo] retry saving history");
    }

  return FALSE;
}

/* Urgent changes are written before the call returns (the command line
 * may exit right after); the rest at most every 250 ms. */
static void
queue_save (MimoStore *self,
            MimoChange change)
{
  gint64 elapsed;

  if (self->hold > 0)
    return;

  if (change == MIMO_CHANGE_URGENT)
    {
      mimo_store_flush (self);
      return;
    }

  if (self->flush_source != 0)
    return;

  elapsed = g_get_monotonic_time () - self->last_flush_us;
  if (elapsed >= SAVE_INTERVAL_US)
    {
      mimo_store_flush (self);
      return;
    }

  self->flush_source = g_timeout_add ((guint) ((SAVE_INTERVAL_US - elapsed + 999) / 1000), flush_timeout_cb, self);
  g_source_set_static_name (g_main_context_find_source_by_id (NULL, self->flush_source), "[mimo] save history");
}

typedef struct
{
  MimoMessage *message;
  gboolean     saved;
  gboolean     row_dirty;
  gsize        content_saved;
  gsize        reasoning_saved;
  guint        parts_saved;
} MessageSnapshot;

typedef struct
{
  MimoConversation *conversation;
  gboolean          saved;
  gboolean          draft_dirty;
} ConversationSnapshot;

static int
compare_message_ids (gconstpointer a,
                     gconstpointer b)
{
  gint64 id_a = (*(MimoMessage **) a)->id;
  gint64 id_b = (*(MimoMessage **) b)->id;

  return id_a < id_b ? -1 : id_a > id_b;
}

static void
renumber_conversation (MimoStore        *self,
                       MimoConversation *conversation,
                       gint64            old_id)
{
  g_hash_table_remove (self->by_id, &old_id);
  g_hash_table_insert (self->by_id, g_memdup2 (&conversation->id, sizeof (gint64)), conversation);

  if (conversation->messages != NULL)
    {
      GPtrArray *array = mimo_object_list_get_array (conversation->messages);

      for (guint i = 0; i < array->len; i++)
        MIMO_MESSAGE (g_ptr_array_index (array, i))->conversation_id = conversation->id;
    }
  for (guint i = 0; i < self->pending_entries->len; i++)
    {
      MimoLedgerEntry *entry = g_ptr_array_index (self->pending_entries, i);

      if (entry->conversation_id == old_id)
        entry->conversation_id = conversation->id;
    }
  g_object_notify (G_OBJECT (conversation), "id");
}

static void
renumber_message (MimoStore   *self,
                  MimoMessage *message,
                  gint64       old_id)
{
  for (guint i = 0; i < self->pending_entries->len; i++)
    {
      MimoLedgerEntry *entry = g_ptr_array_index (self->pending_entries, i);

      if (entry->message_id == old_id)
        entry->message_id = message->id;
    }
  g_object_notify (G_OBJECT (message), "id");
}

/* One transaction for everything pending. On failure nothing is
 * forgotten: every object's idea of what the file holds is put back. */
static gboolean
flush_internal (MimoStore *self,
                GError   **error)
{
  g_autoptr (GArray)    conversation_snapshots = NULL;
  g_autoptr (GArray)    message_snapshots = NULL;
  g_autoptr (GPtrArray) messages = NULL;
  GHashTableIter        iter;
  gpointer              key;
  gint64                id_floor = 0;
  gint64                max_conversation, max_message, max_ledger;

  if (!has_pending (self))
    return TRUE;

  conversation_snapshots = g_array_new (FALSE, FALSE, sizeof (ConversationSnapshot));
  message_snapshots = g_array_new (FALSE, FALSE, sizeof (MessageSnapshot));

  g_hash_table_iter_init (&iter, self->dirty_conversations);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      MimoConversation    *conversation = key;
      ConversationSnapshot snapshot = { conversation, conversation->saved, conversation->draft_dirty };

      g_array_append_val (conversation_snapshots, snapshot);
    }

  /* In id order, so ids handed out again after a clash stay increasing
   * within a conversation. */
  messages = keys_of (self->dirty_messages);
  g_ptr_array_sort (messages, compare_message_ids);
  for (guint i = 0; i < messages->len; i++)
    {
      MimoMessage    *message = g_ptr_array_index (messages, i);
      MessageSnapshot snapshot = { message, message->saved, message->row_dirty, message->content_saved,
                                   message->reasoning_saved, message->parts_saved };

      g_array_append_val (message_snapshots, snapshot);
    }

  if (!mimo_database_begin (self->database, error))
    return FALSE;

  for (guint i = 0; i < conversation_snapshots->len; i++)
    {
      MimoConversation *conversation = g_array_index (conversation_snapshots, ConversationSnapshot, i).conversation;
      gint64            old_id = conversation->id;

      if (!mimo_database_save_conversation (self->database, conversation, conversation->draft_dirty, error))
        goto failed;
      if (conversation->id != old_id)
        renumber_conversation (self, conversation, old_id);
    }

  for (guint i = 0; i < messages->len; i++)
    {
      MimoMessage *message = g_ptr_array_index (messages, i);
      gint64       old_id = message->id;

      if (!message->saved && message->id <= id_floor)
        message->id = id_floor + 1;
      if (!mimo_database_save_message (self->database, message, error))
        goto failed;
      if (message->id != old_id)
        {
          id_floor = message->id;
          renumber_message (self, message, old_id);
        }
    }

  for (guint i = 0; i < self->deleted_messages->len; i++)
    {
      if (!mimo_database_delete_message (self->database, g_array_index (self->deleted_messages, gint64, i), error))
        goto failed;
    }

  for (guint i = 0; i < self->pending_entries->len; i++)
    {
      if (!mimo_database_insert_ledger_entry (self->database, g_ptr_array_index (self->pending_entries, i), error))
        goto failed;
    }

  for (guint i = 0; i < self->pending_purges->len; i++)
    {
      Purge *purge = &g_array_index (self->pending_purges, Purge, i);

      if (!mimo_database_purge_conversation (self->database, purge->id, purge->title, purge->deleted_us, error))
        goto failed;
    }

  if (self->pending_clear &&
      !mimo_database_clear_history (self->database, self->pending_clear_us, self->pending_clear_ledger, error))
    goto failed;

  if (!mimo_database_commit (self->database, error))
    goto failed;

  g_hash_table_remove_all (self->dirty_conversations);
  g_hash_table_remove_all (self->dirty_messages);
  g_array_set_size (self->deleted_messages, 0);
  g_ptr_array_set_size (self->pending_entries, 0);
  g_array_set_size (self->pending_purges, 0);
  self->pending_clear = FALSE;
  self->pending_clear_ledger = FALSE;

  /* Another process may have written since we last looked: hand out ids
   * past whatever it used. */
  if (mimo_database_get_max_ids (self->database, &max_conversation, &max_message, &max_ledger, NULL))
    {
      self->next_conversation_id = MAX (self->next_conversation_id, max_conversation + 1);
      self->next_message_id = MAX (self->next_message_id, max_message + 1);
      self->next_ledger_id = MAX (self->next_ledger_id, max_ledger + 1);
    }

  return TRUE;

failed:
  mimo_database_rollback (self->database);

  for (guint i = 0; i < conversation_snapshots->len; i++)
    {
      ConversationSnapshot *snapshot = &g_array_index (conversation_snapshots, ConversationSnapshot, i);

      snapshot->conversation->saved = snapshot->saved;
      snapshot->conversation->draft_dirty = snapshot->draft_dirty;
    }
  for (guint i = 0; i < message_snapshots->len; i++)
    {
      MessageSnapshot *snapshot = &g_array_index (message_snapshots, MessageSnapshot, i);

      snapshot->message->saved = snapshot->saved;
      snapshot->message->row_dirty = snapshot->row_dirty;
      snapshot->message->content_saved = snapshot->content_saved;
      snapshot->message->reasoning_saved = snapshot->reasoning_saved;
      snapshot->message->parts_saved = snapshot->parts_saved;
    }

  return FALSE;
}

void
mimo_store_hold_writes (MimoStore *self)
{
  g_return_if_fail (MIMO_IS_STORE (self));

  self->hold++;
}

void
mimo_store_release_writes (MimoStore *self)
{
  g_return_if_fail (MIMO_IS_STORE (self));
  g_return_if_fail (self->hold > 0);

  if (--self->hold == 0)
    mimo_store_flush (self);
}

MimoDatabase *
_mimo_store_get_database (MimoStore *self)
{
  return self->database;
}

gint64
_mimo_store_next_message_id (MimoStore *self)
{
  return self->next_message_id++;
}

void
_mimo_store_message_changed (MimoStore   *self,
                             MimoMessage *message,
                             MimoChange   change)
{
  g_hash_table_add (self->dirty_messages, g_object_ref (message));
  queue_save (self, change);
}

void
_mimo_store_message_removed (MimoStore   *self,
                             MimoMessage *message)
{
  g_hash_table_remove (self->dirty_messages, message);
  if (message->saved)
    g_array_append_val (self->deleted_messages, message->id);
  queue_save (self, MIMO_CHANGE_URGENT);
}

void
_mimo_store_conversation_changed (MimoStore        *self,
                                  MimoConversation *conversation,
                                  MimoChange        change)
{
  g_hash_table_add (self->dirty_conversations, g_object_ref (conversation));
  queue_save (self, change);
}

void
_mimo_store_conversation_touched (MimoStore        *self,
                                  MimoConversation *conversation)
{
  guint position;

  /* Saved with the message that caused it. */
  g_hash_table_add (self->dirty_conversations, g_object_ref (conversation));

  if (mimo_object_list_find (self->conversations, conversation, &position) && position > 0)
    mimo_object_list_move (self->conversations, position, 0);
}

void
_mimo_store_add_pending_totals (MimoStore        *self,
                                gint64            conversation_id,
                                MimoLedgerTotals *totals)
{
  for (guint i = 0; i < self->pending_entries->len; i++)
    {
      MimoLedgerEntry *entry = g_ptr_array_index (self->pending_entries, i);

      if (entry->conversation_id == conversation_id)
        mimo_ledger_totals_add_entry (totals, entry);
    }
}

/* ------------------------------------------------------------ opening -- */

static void
open_database (MimoStore *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) memory_error = NULL;

  self->database = mimo_database_open (self->path, &error);

  if (self->database == NULL && g_error_matches (error, MIMO_DATABASE_ERROR, MIMO_DATABASE_ERROR_CORRUPT))
    {
      g_autoptr (GError) move_error = NULL;
      g_autoptr (GError) reopen_error = NULL;
      g_autofree char   *aside = mimo_database_move_aside (self->path, &move_error);

      g_warning ("%s", error->message);
      if (aside != NULL)
        {
          g_autofree char *name = g_path_get_basename (aside);
          g_autofree char *message = NULL;

          self->database = mimo_database_open (self->path, &reopen_error);
          if (self->database != NULL)
            {
              /* Translators: %s is a file name such as history.db.broken-20250101-120000 */
              message = g_strdup_printf (_ ("Your chat history could not be read, so it was set aside as "
                                            "“%s” in the same folder and a new history was started. "
                                            "Nothing was deleted."),
                                         name);
              set_string_property (self, &self->recovery_message, message, PROP_RECOVERY_MESSAGE);
              return;
            }
          g_clear_error (&error);
          error = g_steal_pointer (&reopen_error);
        }
      else
        {
          g_warning ("%s", move_error->message);
          g_clear_error (&error);
          error = g_steal_pointer (&move_error);
        }
    }

  if (self->database != NULL)
    return;

  g_warning ("History not available: %s", error->message);
  if (g_error_matches (error, MIMO_DATABASE_ERROR, MIMO_DATABASE_ERROR_NEWER))
    set_string_property (self, &self->recovery_message,
                         _ ("Your chat history was saved by a newer version of Mimo Chat, so this version "
                            "can’t open it. It is left untouched. Chats from this session won’t be kept; "
                            "update Mimo Chat to see your history again."),
                         PROP_RECOVERY_MESSAGE);
  else
    set_string_property (self, &self->recovery_message,
                         _ ("Mimo Chat can’t open a history file, so chats from this session won’t be kept "
                            "after you quit. Check that your disk has free space and that your personal "
                            "folder can be written to, then restart Mimo Chat."),
                         PROP_RECOVERY_MESSAGE);

  self->in_memory = TRUE;
  self->database = mimo_database_open_in_memory (&memory_error);
  /* SQLite that cannot even allocate memory leaves nothing to run on. */
  if (self->database == NULL)
    g_error ("Could not start a history in memory: %s", memory_error->message);
}

static void
load (MimoStore *self)
{
  g_autoptr (GPtrArray) conversations = NULL;
  g_autoptr (GError)    error = NULL;
  gint64                max_conversation = 0, max_message = 0, max_ledger = 0;

  if (!mimo_database_get_max_ids (self->database, &max_conversation, &max_message, &max_ledger, &error))
    {
      g_warning ("Could not read the history: %s", error->message);
      g_clear_error (&error);
    }
  self->next_conversation_id = max_conversation + 1;
  self->next_message_id = max_message + 1;
  self->next_ledger_id = max_ledger + 1;

  conversations = mimo_database_load_conversations (self->database, &error);
  if (conversations == NULL)
    {
      g_warning ("Could not read the conversations: %s", error->message);
      return;
    }

  for (guint i = 0; i < conversations->len; i++)
    {
      MimoConversation *conversation = g_ptr_array_index (conversations, i);

      _mimo_conversation_set_store (conversation, self);
      g_hash_table_insert (self->by_id, g_memdup2 (&conversation->id, sizeof (gint64)), conversation);
    }
  mimo_object_list_append_all (self->conversations, conversations);
}

static void
mimo_store_constructed (GObject *object)
{
  MimoStore *self = MIMO_STORE (object);

  G_OBJECT_CLASS (mimo_store_parent_class)->constructed (object);

  if (self->path == NULL)
    self->path = g_build_filename (g_get_user_data_dir (), "mimo-chat", "history.db", NULL);

  open_database (self);
  self->ledger = _mimo_ledger_new (self->database);
  load (self);
}

static void
mimo_store_dispose (GObject *object)
{
  MimoStore *self = MIMO_STORE (object);

  if (self->database != NULL)
    {
      /* Closing ends the undo period and is the last chance to save. */
      mimo_store_commit_deletions (self);
      self->hold = 0;
      mimo_store_flush (self);
    }

  g_clear_handle_id (&self->flush_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);

  if (self->conversations != NULL)
    {
      GPtrArray *array = mimo_object_list_get_array (self->conversations);

      for (guint i = 0; i < array->len; i++)
        _mimo_conversation_set_store (g_ptr_array_index (array, i), NULL);
    }

  g_clear_pointer (&self->dirty_conversations, g_hash_table_unref);
  g_clear_pointer (&self->dirty_messages, g_hash_table_unref);
  g_clear_pointer (&self->trashed, g_hash_table_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_object (&self->conversations);
  g_clear_object (&self->ledger);
  g_clear_object (&self->database);

  G_OBJECT_CLASS (mimo_store_parent_class)->dispose (object);
}

static void
mimo_store_finalize (GObject *object)
{
  MimoStore *self = MIMO_STORE (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->recovery_message, g_free);
  g_clear_pointer (&self->save_error, g_free);
  g_clear_pointer (&self->deleted_messages, g_array_unref);
  g_clear_pointer (&self->pending_entries, g_ptr_array_unref);
  g_clear_pointer (&self->pending_purges, g_array_unref);

  G_OBJECT_CLASS (mimo_store_parent_class)->finalize (object);
}

static void
mimo_store_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MimoStore *self = MIMO_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_IN_MEMORY:
      g_value_set_boolean (value, self->in_memory);
      break;
    case PROP_RECOVERY_MESSAGE:
      g_value_set_string (value, self->recovery_message);
      break;
    case PROP_SAVE_ERROR:
      g_value_set_string (value, self->save_error);
      break;
    case PROP_UNDO_TIMEOUT:
      g_value_set_uint (value, self->undo_timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_store_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MimoStore *self = MIMO_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_UNDO_TIMEOUT:
      mimo_store_set_undo_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_store_class_init (MimoStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = mimo_store_constructed;
  object_class->dispose = mimo_store_dispose;
  object_class->finalize = mimo_store_finalize;
  object_class->get_property = mimo_store_get_property;
  object_class->set_property = mimo_store_set_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IN_MEMORY] = g_param_spec_boolean ("in-memory", NULL, NULL, FALSE, ro);
  properties[PROP_RECOVERY_MESSAGE] = g_param_spec_string ("recovery-message", NULL, NULL, NULL, ro);
  properties[PROP_SAVE_ERROR] = g_param_spec_string ("save-error", NULL, NULL, NULL, ro);
  properties[PROP_UNDO_TIMEOUT] = g_param_spec_uint ("undo-timeout", NULL, NULL, 0, G_MAXUINT,
                                                     MIMO_STORE_DEFAULT_UNDO_MS,
                                                     G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS |
                                                       G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mimo_store_init (MimoStore *self)
{
  self->undo_timeout_ms = MIMO_STORE_DEFAULT_UNDO_MS;
  self->conversations = mimo_object_list_new (MIMO_TYPE_CONVERSATION);
  /* Keys are copies: an id can change on its first save (see
   * renumber_conversation()). */
  self->by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->trashed = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->dirty_conversations = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->dirty_messages = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->deleted_messages = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pending_entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mimo_ledger_entry_free);
  self->pending_purges = g_array_new (FALSE, FALSE, sizeof (Purge));
  g_array_set_clear_func (self->pending_purges, (GDestroyNotify) purge_clear);
  self->last_flush_us = G_MININT64 / 2;
}

MimoStore *
mimo_store_new (const char *path)
{
  return g_object_new (MIMO_TYPE_STORE, "path", path, NULL);
}

const char *
mimo_store_get_path (MimoStore *self)
{
  g_return_val_if_fail (MIMO_IS_STORE (self), NULL);

  return self->path;
}

gboolean
mimo_store_get_in_memory (MimoStore *self)
{
  g_return_val_if_fail (MIMO_IS_STORE (self), FALSE);

  return self->in_memory;
}

const char *
mimo_store_get_recovery_message (MimoStore *self)
{
  g_return_val_if_fail (MIMO_IS_STORE (self), NULL);

  return self->recovery_message;
}

const char *
mimo_store_get_save_error (MimoStore *self)
{
  g_return_val_if_fail (MIMO_IS_STORE (self), NULL);

  return self->save_error;
}

GListModel *
mimo_store_get_conversations (MimoStore *self)
{
  g_return_val_if_fail (MIMO_IS_STORE (self), NULL);

  return G_LIST_MODEL (self->conversations);
}

MimoConversation *
mimo_store_lookup_conversation (MimoStore *self,
                                gint64     conversation_id)
{
  MimoConversation *conversation;

  g_return_val_if_fail (MIMO_IS_STORE (self), NULL);

  conversation = g_hash_table_lookup (self->by_id, &conversation_id);
  /* One in its undo period is gone as far as callers know. */
  if (conversation != NULL && conversation->trashed_us != 0)
    return NULL;

  return conversation;
}

MimoLedger *
mimo_store_get_ledger (MimoStore *self)
{
  g_return_val_if_fail (MIMO_IS_STORE (self), NULL);

  return self->ledger;
}

MimoConversation *
mimo_store_create_conversation (MimoStore *self)
{
  MimoConversation *conversation;

  g_return_val_if_fail (MIMO_IS_STORE (self), NULL);

  conversation = mimo_conversation_new ();
  conversation->id = self->next_conversation_id++;
  conversation->totals_loaded = TRUE;
  _mimo_conversation_set_store (conversation, self);

  g_hash_table_insert (self->by_id, g_memdup2 (&conversation->id, sizeof (gint64)), conversation);
  mimo_object_list_insert (self->conversations, 0, conversation);
  _mimo_store_conversation_changed (self, conversation, MIMO_CHANGE_URGENT);

  /* The list holds the reference; the caller borrows it. */
  g_object_unref (conversation);
  return conversation;
}

/* ------------------------------------------------------------- delete -- */

static void
purge (MimoStore        *self,
       MimoConversation *conversation)
{
  Purge item = { conversation->id, g_strdup (conversation->title), conversation->trashed_us };
  guint source_id = GPOINTER_TO_UINT (g_hash_table_lookup (self->trashed, conversation));

  if (source_id != 0)
    g_source_remove (source_id);

  g_array_append_val (self->pending_purges, item);
  g_hash_table_remove (self->by_id, &conversation->id);
  _mimo_conversation_set_store (conversation, NULL);
  g_hash_table_remove (self->trashed, conversation);
}

typedef struct
{
  MimoStore        *store;
  MimoConversation *conversation;
} UndoTimeout;

static gboolean
undo_timeout_cb (gpointer user_data)
{
  UndoTimeout *data = user_data;

  /* The source is done; make purge() not remove it again. */
  g_hash_table_insert (data->store->trashed, g_object_ref (data->conversation), GUINT_TO_POINTER (0));
  purge (data->store, data->conversation);
  queue_save (data->store, MIMO_CHANGE_URGENT);

  return G_SOURCE_REMOVE;
}

void
mimo_store_delete_conversation (MimoStore        *self,
                                MimoConversation *conversation)
{
  UndoTimeout *data;
  guint        position;
  guint        source_id;

  g_return_if_fail (MIMO_IS_STORE (self));
  g_return_if_fail (MIMO_IS_CONVERSATION (conversation));

  if (!mimo_object_list_find (self->conversations, conversation, &position))
    return;

  /* Marked in the file at once: if the app dies during the undo period,
   * the next start finishes the delete the user asked for. */
  conversation->trashed_us = g_get_real_time ();
  _mimo_store_conversation_changed (self, conversation, MIMO_CHANGE_URGENT);

  data = g_new0 (UndoTimeout, 1);
  data->store = self;
  data->conversation = conversation;
  source_id = g_timeout_add_full (G_PRIORITY_DEFAULT, self->undo_timeout_ms, undo_timeout_cb, data, g_free);
  g_hash_table_insert (self->trashed, g_object_ref (conversation), GUINT_TO_POINTER (source_id));

  mimo_object_list_remove (self->conversations, position);
}

gboolean
mimo_store_undo_delete (MimoStore        *self,
                        MimoConversation *conversation)
{
  GPtrArray *array;
  guint      source_id;
  guint      position = 0;

  g_return_val_if_fail (MIMO_IS_STORE (self), FALSE);
  g_return_val_if_fail (MIMO_IS_CONVERSATION (conversation), FALSE);

  if (!g_hash_table_contains (self->trashed, conversation))
    return FALSE;

  source_id = GPOINTER_TO_UINT (g_hash_table_lookup (self->trashed, conversation));
  if (source_id != 0)
    g_source_remove (source_id);

  /* Back where it was: the list is sorted by activity. */
  array = mimo_object_list_get_array (self->conversations);
  while (position < array->len &&
         MIMO_CONVERSATION (g_ptr_array_index (array, position))->updated_us >= conversation->updated_us)
    position++;
  mimo_object_list_insert (self->conversations, position, conversation);
  g_hash_table_remove (self->trashed, conversation);

  conversation->trashed_us = 0;
  _mimo_store_conversation_changed (self, conversation, MIMO_CHANGE_URGENT);

  return TRUE;
}

void
mimo_store_commit_deletions (MimoStore *self)
{
  g_autoptr (GPtrArray) trashed = NULL;

  g_return_if_fail (MIMO_IS_STORE (self));

  if (g_hash_table_size (self->trashed) == 0)
    return;

  trashed = keys_of (self->trashed);
  g_ptr_array_set_free_func (trashed, g_object_unref);
  for (guint i = 0; i < trashed->len; i++)
    g_object_ref (g_ptr_array_index (trashed, i));

  for (guint i = 0; i < trashed->len; i++)
    purge (self, g_ptr_array_index (trashed, i));

  queue_save (self, MIMO_CHANGE_URGENT);
}

void
mimo_store_clear_history (MimoStore *self,
                          gboolean   clear_ledger)
{
  g_autoptr (GPtrArray) listed = NULL;
  GPtrArray            *array;

  g_return_if_fail (MIMO_IS_STORE (self));

  mimo_store_hold_writes (self);

  /* Those in their undo period go too: no undo for this one. */
  mimo_store_commit_deletions (self);

  array = mimo_object_list_get_array (self->conversations);
  listed = g_ptr_array_new_full (array->len, g_object_unref);
  for (guint i = 0; i < array->len; i++)
    g_ptr_array_add (listed, g_object_ref (g_ptr_array_index (array, i)));

  self->pending_clear = TRUE;
  self->pending_clear_ledger = self->pending_clear_ledger || clear_ledger;
  self->pending_clear_us = g_get_real_time ();
  for (guint i = 0; i < listed->len; i++)
    {
      MimoConversation *conversation = g_ptr_array_index (listed, i);

      conversation->trashed_us = self->pending_clear_us;
      g_hash_table_remove (self->by_id, &conversation->id);
      _mimo_conversation_set_store (conversation, NULL);
    }
  /* Recorded but not yet written: part of the record being cleared. */
  if (clear_ledger)
    g_ptr_array_set_size (self->pending_entries, 0);

  /* One emission, however long the list was. */
  mimo_object_list_remove_all (self->conversations);

  mimo_store_release_writes (self);

  if (clear_ledger)
    _mimo_ledger_emit_changed (self->ledger, NULL);
}

void
mimo_store_set_undo_timeout (MimoStore *self,
                             guint      timeout_ms)
{
  g_return_if_fail (MIMO_IS_STORE (self));

  if (self->undo_timeout_ms == timeout_ms)
    return;

  self->undo_timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_TIMEOUT]);
}

/* ------------------------------------------------------- search, ledger -- */

GPtrArray *
mimo_store_search (MimoStore  *self,
                   const char *query,
                   guint       limit,
                   GError    **error)
{
  GPtrArray *hits;

  g_return_val_if_fail (MIMO_IS_STORE (self), NULL);

  hits = mimo_database_search (self->database, query, limit, error);
  if (hits == NULL)
    return NULL;

  for (guint i = 0; i < hits->len; i++)
    {
      MimoSearchHit    *hit = g_ptr_array_index (hits, i);
      MimoConversation *conversation = mimo_store_lookup_conversation (self, hit->conversation_id);

      if (hit->conversation_title == NULL)
        hit->conversation_title = g_strdup (conversation != NULL ? mimo_conversation_get_title (conversation)
                                                                 : _ ("New Chat"));
    }

  return hits;
}

void
mimo_store_record_request (MimoStore        *self,
                           MimoConversation *conversation,
                           MimoMessage      *message,
                           MimoLedgerEntry  *entry)
{
  MimoLedgerEntry *copy;

  g_return_if_fail (MIMO_IS_STORE (self));
  g_return_if_fail (conversation == NULL || MIMO_IS_CONVERSATION (conversation));
  g_return_if_fail (message == NULL || MIMO_IS_MESSAGE (message));
  g_return_if_fail (entry != NULL);

  entry->id = self->next_ledger_id++;
  if (entry->time_us == 0)
    entry->time_us = g_get_real_time ();
  if (conversation != NULL)
    {
      entry->conversation_id = conversation->id;
      _mimo_set_str (&entry->conversation_title, mimo_conversation_get_title (conversation));
    }
  if (message != NULL)
    entry->message_id = message->id;

  copy = mimo_ledger_entry_copy (entry);
  g_ptr_array_add (self->pending_entries, copy);
  queue_save (self, MIMO_CHANGE_URGENT);

  if (conversation != NULL)
    _mimo_conversation_add_to_totals (conversation, entry);
  _mimo_ledger_emit_changed (self->ledger, entry);
}
