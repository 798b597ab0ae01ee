/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-database-chats.c: conversations, messages, streamed pieces of text and full-text search in SQL. */

#define G_LOG_DOMAIN "mimo-database"

#include "config.h"

#include <string.h>

#include "mimo-database-private.h"
#include "mimo-store-private.h"

GPtrArray *
mimo_database_load_conversations (MimoDatabase *self,
                                  GError      **error)
{
  g_autoptr (GPtrArray)    conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int                      rc;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), NULL);

  stmt = _mimo_database_prepare (self,
                                 "SELECT c.id, c.title, c.created_us, c.updated_us, c.system_prompt,"
                                 " c.param_overrides,"
                                 " (SELECT COUNT(*) FROM message m WHERE m.conversation_id = c.id)"
                                 " FROM conversation c WHERE c.trashed_us IS NULL"
                                 " ORDER BY c.updated_us DESC, c.id DESC",
                                 error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MimoConversation *conversation = _mimo_conversation_new_stored ();

      conversation->id = sqlite3_column_int64 (stmt, 0);
      conversation->title = _mimo_column_dup (stmt, 1);
      conversation->created_us = _mimo_column_time (stmt, 2);
      conversation->updated_us = _mimo_column_time (stmt, 3);
      conversation->system_prompt = _mimo_column_dup (stmt, 4);
      conversation->param_overrides = _mimo_column_dup (stmt, 5);
      conversation->n_messages = (guint) sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (conversations, conversation);
    }

  if (rc != SQLITE_DONE)
    {
      _mimo_database_fail (self, rc, "reading conversations", error);
      return NULL;
    }

  return g_steal_pointer (&conversations);
}

char *
mimo_database_load_draft (MimoDatabase *self,
                          gint64        conversation_id,
                          GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int                      rc;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), NULL);

  stmt = _mimo_database_prepare (self, "SELECT draft FROM conversation WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, conversation_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      char *draft = _mimo_column_dup (stmt, 0);

      return draft != NULL ? draft : g_strdup ("");
    }
  if (rc != SQLITE_DONE)
    _mimo_database_fail (self, rc, "reading a draft", error);

  return NULL;
}

/* Whether @id is free for a new conversation: another process (the
 * command line) may have used it since we chose it. */
static gboolean
conversation_id_taken (MimoDatabase *self,
                       gint64        id,
                       gboolean     *taken,
                       GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int                      rc;

  stmt = _mimo_database_prepare (self,
                                 "SELECT EXISTS (SELECT 1 FROM conversation WHERE id = ?1)"
                                 " OR EXISTS (SELECT 1 FROM deleted_conversation WHERE id = ?1)"
                                 " OR EXISTS (SELECT 1 FROM ledger WHERE conversation_id = ?1)",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _mimo_database_fail (self, rc, "checking an id", error);

  *taken = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

gboolean
mimo_database_save_conversation (MimoDatabase     *self,
                                 MimoConversation *conversation,
                                 gboolean          with_draft,
                                 GError          **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (MIMO_IS_CONVERSATION (conversation), FALSE);

  if (!conversation->saved)
    {
      gboolean taken = FALSE;
      gint64   max_conversation, max_message, max_ledger;

      if (!conversation_id_taken (self, conversation->id, &taken, error))
        return FALSE;
      if (taken)
        {
          if (!mimo_database_get_max_ids (self, &max_conversation, &max_message, &max_ledger, error))
            return FALSE;
          g_debug ("Conversation id %" G_GINT64_FORMAT " was taken by another process; using %" G_GINT64_FORMAT,
                   conversation->id, max_conversation + 1);
          conversation->id = max_conversation + 1;
        }

      stmt = _mimo_database_prepare (self,
                                     "INSERT INTO conversation (id, title, created_us, updated_us,"
                                     " system_prompt, param_overrides, trashed_us, draft)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                     error);
    }
  else if (with_draft)
    stmt = _mimo_database_prepare (self,
                                   "UPDATE conversation SET title = ?2, created_us = ?3, updated_us = ?4,"
                                   " system_prompt = ?5, param_overrides = ?6, trashed_us = ?7, draft = ?8"
                                   " WHERE id = ?1",
                                   error);
  else
    stmt = _mimo_database_prepare (self,
                                   "UPDATE conversation SET title = ?2, created_us = ?3, updated_us = ?4,"
                                   " system_prompt = ?5, param_overrides = ?6, trashed_us = ?7"
                                   " WHERE id = ?1",
                                   error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, conversation->id);
  _mimo_bind_text (stmt, 2, conversation->title);
  sqlite3_bind_int64 (stmt, 3, conversation->created_us);
  sqlite3_bind_int64 (stmt, 4, conversation->updated_us);
  _mimo_bind_text (stmt, 5, conversation->system_prompt);
  _mimo_bind_text (stmt, 6, conversation->param_overrides);
  _mimo_bind_id (stmt, 7, conversation->trashed_us);
  if (!conversation->saved || with_draft)
    _mimo_bind_text (stmt, 8, conversation->draft);

  if (!_mimo_database_run (self, stmt, "saving a conversation", error))
    return FALSE;

  conversation->saved = TRUE;
  if (with_draft)
    conversation->draft_dirty = FALSE;
  return TRUE;
}

gboolean
mimo_database_purge_conversation (MimoDatabase *self,
                                  gint64        conversation_id,
                                  const char   *title,
                                  gint64        deleted_us,
                                  GError      **error)
{
  g_autoptr (sqlite3_stmt) keep = NULL;
  g_autoptr (sqlite3_stmt) purge = NULL;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);

  /* The ledger keeps naming the chat after it is gone. */
  keep = _mimo_database_prepare (self,
                                 "INSERT OR REPLACE INTO deleted_conversation (id, title, deleted_us)"
                                 " VALUES (?1, ?2, ?3)",
                                 error);
  if (keep == NULL)
    return FALSE;
  sqlite3_bind_int64 (keep, 1, conversation_id);
  _mimo_bind_text (keep, 2, title);
  sqlite3_bind_int64 (keep, 3, deleted_us);
  if (!_mimo_database_run (self, keep, "remembering a deleted chat", error))
    return FALSE;

  /* Messages, their pieces and their index entries go by cascade. */
  purge = _mimo_database_prepare (self, "DELETE FROM conversation WHERE id = ?1", error);
  if (purge == NULL)
    return FALSE;
  sqlite3_bind_int64 (purge, 1, conversation_id);

  return _mimo_database_run (self, purge, "deleting a conversation", error);
}

gboolean
mimo_database_clear_history (MimoDatabase *self,
                             gint64        deleted_us,
                             gboolean      with_ledger,
                             GError      **error)
{
  g_autoptr (sqlite3_stmt) keep = NULL;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);

  /* Every row, not only the chats this process loaded: the command line
   * may have added some since. */
  keep = _mimo_database_prepare (self,
                                 "INSERT OR REPLACE INTO deleted_conversation (id, title, deleted_us)"
                                 " SELECT id, title, ?1 FROM conversation",
                                 error);
  if (keep == NULL)
    return FALSE;
  sqlite3_bind_int64 (keep, 1, deleted_us);
  if (!_mimo_database_run (self, keep, "remembering the deleted chats", error))
    return FALSE;

  /* With no message left, 'delete-all' empties the index itself: deleting
   * rows one by one would leave their words in its segments. */
  if (!_mimo_database_exec (self,
                            "DELETE FROM conversation;"
                            "INSERT INTO message_fts (message_fts) VALUES ('delete-all');",
                            error))
    return FALSE;
  if (!with_ledger)
    return TRUE;

  /* The highest chat id stays, without its title, so that ids are still
   * never handed out twice. */
  return _mimo_database_exec (self,
                              "DELETE FROM ledger;"
                              "DELETE FROM deleted_conversation"
                              " WHERE id < (SELECT MAX(id) FROM deleted_conversation);"
                              "UPDATE deleted_conversation SET title = NULL;",
                              error);
}

gboolean
mimo_database_compact (MimoDatabase *self,
                       GError      **error)
{
  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);

  /* Deleted text stays in free pages and in the write-ahead log until
   * both are rewritten. */
  return _mimo_database_exec (self, "VACUUM; PRAGMA wal_checkpoint(TRUNCATE);", error);
}

static void
read_message_row (MimoMessage  *message,
                  sqlite3_stmt *stmt)
{
  MimoRole         role = MIMO_ROLE_USER;
  MimoMessageState state = MIMO_MESSAGE_STATE_COMPLETE;

  message->id = sqlite3_column_int64 (stmt, 0);
  message->conversation_id = sqlite3_column_int64 (stmt, 1);
  /* Unknown names (a newer file) read as the safest meaning. */
  if (mimo_role_from_string (_mimo_column_text (stmt, 2), &role))
    message->role = role;
  if (mimo_message_state_from_string (_mimo_column_text (stmt, 3), &state))
    message->state = state;
  else
    message->state = MIMO_MESSAGE_STATE_INTERRUPTED;
  message->error_text = _mimo_column_dup (stmt, 4);
  message->finish_reason = _mimo_column_dup (stmt, 5);
  message->created_us = _mimo_column_time (stmt, 6);
  message->params_json = _mimo_column_dup (stmt, 7);
  if (sqlite3_column_int (stmt, 8))
    {
      message->usage = mimo_usage_new ();
      message->usage->prompt_tokens = _mimo_column_count (stmt, 9);
      message->usage->cached_tokens = _mimo_column_count (stmt, 10);
      message->usage->completion_tokens = _mimo_column_count (stmt, 11);
      message->usage->web_search_calls = _mimo_column_count (stmt, 12);
      message->usage->has_provider_cost = sqlite3_column_type (stmt, 13) != SQLITE_NULL;
      message->usage->provider_cost_nanos = _mimo_column_count (stmt, 13);
      message->usage->tool_usage_json = _mimo_column_dup (stmt, 14);
      message->usage->estimated = sqlite3_column_int (stmt, 15) != 0;
      message->usage->cached_tokens = MIN (message->usage->cached_tokens, message->usage->prompt_tokens);
    }
  message->cost_nanos = _mimo_column_count (stmt, 16);
  message->thinking_us = sqlite3_column_type (stmt, 17) != SQLITE_NULL ? _mimo_column_count (stmt, 17) : -1;
  message->duration_us = sqlite3_column_type (stmt, 18) != SQLITE_NULL ? _mimo_column_count (stmt, 18) : -1;
}

GPtrArray *
mimo_database_load_messages (MimoDatabase *self,
                             gint64        conversation_id,
                             GError      **error)
{
  g_autoptr (GPtrArray)    messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int                      rc;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), NULL);

  /* Metadata only: text is read by mimo_database_load_texts() when shown. */
  stmt = _mimo_database_prepare (self,
                                 "SELECT id, conversation_id, role, state, error_text, finish_reason,"
                                 " created_us, params, has_usage, prompt_tokens, cached_tokens,"
                                 " completion_tokens, web_search_calls, provider_cost_nanos, tool_usage,"
                                 " estimated, cost_nanos, thinking_us, duration_us"
                                 " FROM message WHERE conversation_id = ?1 ORDER BY id",
                                 error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, conversation_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MimoMessage *message = _mimo_message_new_stored ();

      read_message_row (message, stmt);
      g_ptr_array_add (messages, message);
    }

  if (rc != SQLITE_DONE)
    {
      _mimo_database_fail (self, rc, "reading messages", error);
      return NULL;
    }

  return g_steal_pointer (&messages);
}

gboolean
mimo_database_load_texts (MimoDatabase *self,
                          gint64        conversation_id,
                          gint64        first_id,
                          gint64        last_id,
                          GHashTable   *by_id,
                          GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int                      rc;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);

  if (g_hash_table_size (by_id) == 0)
    return TRUE;

  stmt = _mimo_database_prepare (self,
                                 "SELECT id, content, reasoning FROM message"
                                 " WHERE conversation_id = ?1 AND id BETWEEN ?2 AND ?3",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, conversation_id);
  sqlite3_bind_int64 (stmt, 2, first_id);
  sqlite3_bind_int64 (stmt, 3, last_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64       id = sqlite3_column_int64 (stmt, 0);
      MimoMessage *message = g_hash_table_lookup (by_id, &id);

      if (message != NULL && !_mimo_message_text_loaded (message))
        _mimo_message_take_text (message, _mimo_column_dup (stmt, 1), _mimo_column_dup (stmt, 2));
    }

  if (rc != SQLITE_DONE)
    return _mimo_database_fail (self, rc, "reading message text", error);

  return TRUE;
}

static gboolean
message_id_taken (MimoDatabase *self,
                  gint64        id,
                  gboolean     *taken,
                  GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int                      rc;

  stmt = _mimo_database_prepare (self,
                                 "SELECT EXISTS (SELECT 1 FROM message WHERE id = ?1)"
                                 " OR EXISTS (SELECT 1 FROM ledger WHERE message_id = ?1)",
                                 error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _mimo_database_fail (self, rc, "checking an id", error);

  *taken = sqlite3_column_int (stmt, 0) != 0;
  return TRUE;
}

static gboolean
write_message_row (MimoDatabase *self,
                   MimoMessage  *message,
                   GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  const MimoUsage         *usage = message->usage;

  if (!message->saved)
    {
      gboolean taken = FALSE;
      gint64   max_conversation, max_message, max_ledger;

      if (!message_id_taken (self, message->id, &taken, error))
        return FALSE;
      if (taken)
        {
          if (!mimo_database_get_max_ids (self, &max_conversation, &max_message, &max_ledger, error))
            return FALSE;
          message->id = max_message + 1;
        }
      stmt = _mimo_database_prepare (self,
                                     "INSERT INTO message (id, conversation_id, role, state, error_text,"
                                     " finish_reason, created_us, content, reasoning, params, has_usage,"
                                     " prompt_tokens, cached_tokens, completion_tokens, web_search_calls,"
                                     " provider_cost_nanos, tool_usage, estimated, cost_nanos, thinking_us,"
                                     " duration_us)"
                                     " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,"
                                     " ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
                                     error);
    }
  else
    stmt = _mimo_database_prepare (self,
                                   "UPDATE message SET conversation_id = ?2, role = ?3, state = ?4,"
                                   " error_text = ?5, finish_reason = ?6, created_us = ?7, content = ?8,"
                                   " reasoning = ?9, params = ?10, has_usage = ?11, prompt_tokens = ?12,"
                                   " cached_tokens = ?13, completion_tokens = ?14, web_search_calls = ?15,"
                                   " provider_cost_nanos = ?16, tool_usage = ?17, estimated = ?18,"
                                   " cost_nanos = ?19, thinking_us = ?20, duration_us = ?21 WHERE id = ?1",
                                   error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, message->id);
  sqlite3_bind_int64 (stmt, 2, message->conversation_id);
  sqlite3_bind_text (stmt, 3, mimo_role_to_string (message->role), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, mimo_message_state_to_string (message->state), -1, SQLITE_STATIC);
  _mimo_bind_text (stmt, 5, message->error_text);
  _mimo_bind_text (stmt, 6, message->finish_reason);
  sqlite3_bind_int64 (stmt, 7, message->created_us);
  sqlite3_bind_text (stmt, 8, message->content->str, (int) message->content->len, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, message->reasoning->str, (int) message->reasoning->len, SQLITE_STATIC);
  _mimo_bind_text (stmt, 10, message->params_json);
  sqlite3_bind_int (stmt, 11, usage != NULL);
  if (usage != NULL)
    {
      sqlite3_bind_int64 (stmt, 12, usage->prompt_tokens);
      sqlite3_bind_int64 (stmt, 13, usage->cached_tokens);
      sqlite3_bind_int64 (stmt, 14, usage->completion_tokens);
      sqlite3_bind_int64 (stmt, 15, usage->web_search_calls);
      if (usage->has_provider_cost)
        sqlite3_bind_int64 (stmt, 16, usage->provider_cost_nanos);
      _mimo_bind_text (stmt, 17, usage->tool_usage_json);
      sqlite3_bind_int (stmt, 18, usage->estimated != FALSE);
    }
  else
    {
      for (int i = 12; i <= 15; i++)
        sqlite3_bind_int64 (stmt, i, 0);
      sqlite3_bind_int (stmt, 18, 0);
    }
  sqlite3_bind_int64 (stmt, 19, message->cost_nanos);
  if (message->thinking_us >= 0)
    sqlite3_bind_int64 (stmt, 20, message->thinking_us);
  if (message->duration_us >= 0)
    sqlite3_bind_int64 (stmt, 21, message->duration_us);

  return _mimo_database_run (self, stmt, "saving a message", error);
}

gboolean
mimo_database_save_message (MimoDatabase *self,
                            MimoMessage  *message,
                            GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  gsize                    content_len;
  gsize                    reasoning_len;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (MIMO_IS_MESSAGE (message), FALSE);

  /* Never write an unread text over the stored one. */
  mimo_message_get_content (message);
  content_len = message->content->len;
  reasoning_len = message->reasoning->len;

  if (!message->saved || message->row_dirty || message->state != MIMO_MESSAGE_STATE_STREAMING ||
      content_len < message->content_saved || reasoning_len < message->reasoning_saved)
    {
      if (!write_message_row (self, message, error))
        return FALSE;

      if (message->parts_saved > 0)
        {
          stmt = _mimo_database_prepare (self, "DELETE FROM message_part WHERE message_id = ?1", error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, message->id);
          if (!_mimo_database_run (self, stmt, "folding streamed text", error))
            return FALSE;
        }

      message->saved = TRUE;
      message->row_dirty = FALSE;
      message->parts_saved = 0;
    }
  else if (content_len > message->content_saved || reasoning_len > message->reasoning_saved)
    {
      stmt = _mimo_database_prepare (self,
                                     "INSERT INTO message_part (message_id, seq, content, reasoning)"
                                     " VALUES (?1, ?2, ?3, ?4)",
                                     error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, message->id);
      sqlite3_bind_int64 (stmt, 2, message->parts_saved);
      sqlite3_bind_text (stmt, 3, message->content->str + message->content_saved,
                         (int) (content_len - message->content_saved), SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, message->reasoning->str + message->reasoning_saved,
                         (int) (reasoning_len - message->reasoning_saved), SQLITE_STATIC);
      if (!_mimo_database_run (self, stmt, "saving streamed text", error))
        return FALSE;

      message->parts_saved++;
    }

  message->content_saved = content_len;
  message->reasoning_saved = reasoning_len;
  return TRUE;
}

gboolean
mimo_database_delete_message (MimoDatabase *self,
                              gint64        message_id,
                              GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), FALSE);

  stmt = _mimo_database_prepare (self, "DELETE FROM message WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, message_id);

  return _mimo_database_run (self, stmt, "deleting a message", error);
}

/* What people type, as an FTS5 query: every word must appear, the last
 * one may be unfinished (search as you type), and nothing typed is read
 * as FTS syntax. */
static char *
build_match (const char *query)
{
  g_autoptr (GString) match = g_string_new (NULL);
  g_auto (GStrv)      words = g_strsplit_set (query, " \t\r\n", -1);
  guint               n_words = 0;
  guint               last = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] != '\0')
        last = i;
    }

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;

      if (n_words++ > 0)
        g_string_append_c (match, ' ');
      g_string_append_c (match, '"');
      for (const char *p = words[i]; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (match, '"');
          g_string_append_c (match, *p);
        }
      g_string_append_c (match, '"');
      if (i == last)
        g_string_append_c (match, '*');
    }

  if (n_words == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&match), FALSE);
}

/* snippet() marks matches with \x01 … \x02; make a plain and a markup copy. */
static void
split_snippet (const char *marked,
               char      **plain,
               char      **markup)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GString) marks = g_string_new (NULL);
  const char         *p = marked != NULL ? marked : "";

  while (*p != '\0')
    {
      const char *end = p + strcspn (p, "\x01\x02");

      if (end > p)
        {
          g_autofree char *escaped = g_markup_escape_text (p, end - p);

          g_string_append_len (text, p, end - p);
          g_string_append (marks, escaped);
        }
      if (*end == '\x01')
        g_string_append (marks, "<b>");
      else if (*end == '\x02')
        g_string_append (marks, "</b>");
      p = *end != '\0' ? end + 1 : end;
    }

  *plain = g_string_free (g_steal_pointer (&text), FALSE);
  *markup = g_string_free (g_steal_pointer (&marks), FALSE);
}

GPtrArray *
mimo_database_search (MimoDatabase *self,
                      const char   *query,
                      guint         limit,
                      GError      **error)
{
  g_autoptr (GPtrArray)    hits = g_ptr_array_new_with_free_func ((GDestroyNotify) mimo_search_hit_free);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char         *match = NULL;
  int                      rc;

  g_return_val_if_fail (MIMO_IS_DATABASE (self), NULL);

  match = build_match (query != NULL ? query : "");
  if (match == NULL)
    return g_steal_pointer (&hits);

  /* Newest first: FTS5 walks its rowids backwards without ranking every
   * match, which keeps common words fast on a big history. */
  stmt = _mimo_database_prepare (self,
                                 "SELECT m.id, m.conversation_id, c.title, m.role, m.created_us,"
                                 " snippet(message_fts, 0, char(1), char(2), '…', 12)"
                                 " FROM message_fts"
                                 " JOIN message m ON m.id = message_fts.rowid"
                                 " JOIN conversation c ON c.id = m.conversation_id"
                                 " WHERE message_fts MATCH ?1 AND c.trashed_us IS NULL"
                                 " ORDER BY message_fts.rowid DESC LIMIT ?2",
                                 error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? limit : G_MAXINT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MimoSearchHit *hit = g_new0 (MimoSearchHit, 1);
      MimoRole       role = MIMO_ROLE_USER;

      hit->message_id = sqlite3_column_int64 (stmt, 0);
      hit->conversation_id = sqlite3_column_int64 (stmt, 1);
      hit->conversation_title = _mimo_column_dup (stmt, 2);
      if (mimo_role_from_string (_mimo_column_text (stmt, 3), &role))
        hit->role = role;
      hit->time_us = _mimo_column_time (stmt, 4);
      {
        g_autofree char *marked = _mimo_column_dup (stmt, 5);

        split_snippet (marked, &hit->snippet, &hit->snippet_markup);
      }
      g_ptr_array_add (hits, hit);
    }

  if (rc != SQLITE_DONE)
    {
      _mimo_database_fail (self, rc, "searching", error);
      return NULL;
    }

  return g_steal_pointer (&hits);
}
