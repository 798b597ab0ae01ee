/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-conversation.c: a conversation's metadata, its lazily loaded messages and its running spend. */

#define G_LOG_DOMAIN "mimo-conversation"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-store-private.h"

/* Messages whose text is read together when one of them is first shown:
 * about two screens of a chat, in one indexed query. */
#define TEXT_PAGE 64

/* Long enough to tell chats apart in a sidebar, short enough to fit it. */
#define TITLE_MAX_CHARS 48

enum
{
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_SYSTEM_PROMPT,
  PROP_PARAM_OVERRIDES,
  PROP_DRAFT,
  PROP_N_MESSAGES,
  PROP_TOTALS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MimoConversation, mimo_conversation, G_TYPE_OBJECT)

static void
mimo_conversation_dispose (GObject *object)
{
  MimoConversation *self = MIMO_CONVERSATION (object);

  g_clear_weak_pointer (&self->store);
  g_clear_object (&self->messages);

  G_OBJECT_CLASS (mimo_conversation_parent_class)->dispose (object);
}

static void
mimo_conversation_finalize (GObject *object)
{
  MimoConversation *self = MIMO_CONVERSATION (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->system_prompt, g_free);
  g_clear_pointer (&self->param_overrides, g_free);
  g_clear_pointer (&self->draft, g_free);

  G_OBJECT_CLASS (mimo_conversation_parent_class)->finalize (object);
}

static void
mimo_conversation_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MimoConversation *self = MIMO_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, mimo_conversation_get_title (self));
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, mimo_conversation_get_created (self));
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, mimo_conversation_get_updated (self));
      break;
    case PROP_SYSTEM_PROMPT:
      g_value_set_string (value, self->system_prompt);
      break;
    case PROP_PARAM_OVERRIDES:
      g_value_set_string (value, self->param_overrides);
      break;
    case PROP_DRAFT:
      g_value_set_string (value, mimo_conversation_get_draft (self));
      break;
    case PROP_N_MESSAGES:
      g_value_set_uint (value, mimo_conversation_get_n_messages (self));
      break;
    case PROP_TOTALS:
      g_value_set_pointer (value, (gpointer) mimo_conversation_get_totals (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_conversation_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MimoConversation *self = MIMO_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      mimo_conversation_set_title (self, g_value_get_string (value));
      break;
    case PROP_SYSTEM_PROMPT:
      mimo_conversation_set_system_prompt (self, g_value_get_string (value));
      break;
    case PROP_DRAFT:
      mimo_conversation_set_draft (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_conversation_class_init (MimoConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags   rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = mimo_conversation_dispose;
  object_class->finalize = mimo_conversation_finalize;
  object_class->get_property = mimo_conversation_get_property;
  object_class->set_property = mimo_conversation_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, rw);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_SYSTEM_PROMPT] = g_param_spec_string ("system-prompt", NULL, NULL, NULL, rw);
  properties[PROP_PARAM_OVERRIDES] = g_param_spec_string ("param-overrides", NULL, NULL, NULL, ro);
  properties[PROP_DRAFT] = g_param_spec_string ("draft", NULL, NULL, "", rw);
  properties[PROP_N_MESSAGES] = g_param_spec_uint ("n-messages", NULL, NULL, 0, G_MAXUINT, 0, ro);
  /* A const MimoLedgerTotals *, owned by the conversation. */
  properties[PROP_TOTALS] = g_param_spec_pointer ("totals", NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mimo_conversation_init (MimoConversation *self)
{
  self->created_us = g_get_real_time ();
  self->updated_us = self->created_us;
}

MimoConversation *
mimo_conversation_new (void)
{
  return g_object_new (MIMO_TYPE_CONVERSATION, NULL);
}

MimoConversation *
_mimo_conversation_new_stored (void)
{
  MimoConversation *self = g_object_new (MIMO_TYPE_CONVERSATION, NULL);

  self->saved = TRUE;
  return self;
}

void
_mimo_conversation_set_store (MimoConversation *self,
                              MimoStore        *store)
{
  g_set_weak_pointer (&self->store, store);
}

void
_mimo_conversation_changed (MimoConversation *self,
                            MimoChange        change)
{
  if (self->store != NULL)
    _mimo_store_conversation_changed (self->store, self, change);
}

gint64
mimo_conversation_get_id (MimoConversation *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), 0);

  return self->id;
}

const char *
mimo_conversation_get_title (MimoConversation *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), NULL);

  return self->title != NULL ? self->title : _ ("New Chat");
}

gboolean
mimo_conversation_set_title (MimoConversation *self,
                             const char       *title)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), FALSE);

  clean = g_strstrip (g_strdup (title != NULL ? title : ""));
  if (*clean == '\0' || !g_utf8_validate (clean, -1, NULL))
    return FALSE;

  if (_mimo_set_str (&self->title, clean))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
      _mimo_conversation_changed (self, MIMO_CHANGE_URGENT);
    }

  return TRUE;
}

/* Characters that mark up Markdown rather than say anything. */
static gboolean
is_markup_char (gunichar c)
{
  return c == '#' || c == '*' || c == '_' || c == '`' || c == '>' || c == '~' || c == '|';
}

char *
mimo_conversation_make_title (const char *text)
{
  g_autoptr (GString) title = g_string_new (NULL);
  g_auto (GStrv)      lines = NULL;
  const char         *line = NULL;
  gboolean            space = FALSE;
  guint               n_chars = 0;
  gsize               last_break = 0;
  gboolean            cut = FALSE;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  /* The first line that says something (a code fence says nothing). */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && line == NULL; i++)
    {
      for (const char *p = lines[i]; *p != '\0'; p = g_utf8_next_char (p))
        {
          if (g_unichar_isalnum (g_utf8_get_char (p)))
            {
              line = lines[i];
              break;
            }
        }
    }
  if (line == NULL)
    return NULL;

  /* A list marker ("- ", "1. ") at the start is markup too. */
  while (*line == ' ' || *line == '\t' || *line == '-' || *line == '+' || is_markup_char ((gunichar) *line))
    line++;
  if (g_ascii_isdigit (*line))
    {
      const char *p = line;

      while (g_ascii_isdigit (*p))
        p++;
      if ((*p == '.' || *p == ')') && p[1] == ' ')
        line = p + 2;
    }

  for (const char *p = line; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_markup_char (c))
        continue;
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = title->len > 0;
          continue;
        }
      if (n_chars >= TITLE_MAX_CHARS)
        {
          cut = TRUE;
          break;
        }
      if (space)
        {
          last_break = title->len;
          g_string_append_c (title, ' ');
          n_chars++;
          space = FALSE;
        }
      g_string_append_unichar (title, c);
      n_chars++;
    }

  if (cut)
    {
      /* Cut at the last word break (unless the cut fell between words, or
       * that would lose most of the line). */
      if (!space && last_break > title->len / 2)
        g_string_truncate (title, last_break);
      while (title->len > 0 && (title->str[title->len - 1] == ',' || title->str[title->len - 1] == ';' ||
                                title->str[title->len - 1] == ':'))
        g_string_truncate (title, title->len - 1);
      g_string_append (title, "…");
    }

  return g_string_free (g_steal_pointer (&title), FALSE);
}

static GDateTime *
local_time_from_us (gint64 us)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) exact = g_date_time_add (utc, us % G_USEC_PER_SEC);

  return g_date_time_to_local (exact);
}

gint64
mimo_conversation_get_created_us (MimoConversation *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), 0);

  return self->created_us;
}

gint64
mimo_conversation_get_updated_us (MimoConversation *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), 0);

  return self->updated_us;
}

GDateTime *
mimo_conversation_get_created (MimoConversation *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), NULL);

  if (self->created == NULL)
    self->created = local_time_from_us (self->created_us);

  return self->created;
}

GDateTime *
mimo_conversation_get_updated (MimoConversation *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), NULL);

  if (self->updated == NULL)
    self->updated = local_time_from_us (self->updated_us);

  return self->updated;
}

void
_mimo_conversation_touch (MimoConversation *self,
                          gint64            now_us)
{
  /* Activity never goes back in time, even if the clock does. */
  now_us = MAX (now_us, self->updated_us);
  if (now_us == self->updated_us)
    return;

  self->updated_us = now_us;
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
}

const char *
mimo_conversation_get_system_prompt (MimoConversation *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), NULL);

  return self->system_prompt;
}

void
mimo_conversation_set_system_prompt (MimoConversation *self,
                                     const char       *system_prompt)
{
  g_return_if_fail (MIMO_IS_CONVERSATION (self));

  if (system_prompt != NULL && *system_prompt == '\0')
    system_prompt = NULL;

  if (_mimo_set_str (&self->system_prompt, system_prompt))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYSTEM_PROMPT]);
      _mimo_conversation_changed (self, MIMO_CHANGE_URGENT);
    }
}

const char *
mimo_conversation_get_param_overrides (MimoConversation *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), NULL);

  return self->param_overrides;
}

MimoChatParams *
mimo_conversation_dup_params (MimoConversation     *self,
                              const MimoChatParams *defaults)
{
  g_autoptr (MimoChatParams) params = NULL;
  g_autoptr (GError)         error = NULL;

  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), NULL);

  params = defaults != NULL ? mimo_chat_params_copy (defaults) : mimo_chat_params_new ();
  /* An override that no longer validates (say, a range narrowed by a
   * newer card) is dropped as a whole: the chat falls back to defaults. */
  if (self->param_overrides != NULL &&
      !mimo_chat_params_merge_json_string (params, self->param_overrides, &error))
    g_warning ("Conversation %" G_GINT64_FORMAT ": ignoring its parameters: %s", self->id, error->message);

  return g_steal_pointer (&params);
}

void
mimo_conversation_set_params (MimoConversation     *self,
                              const MimoChatParams *params,
                              const MimoChatParams *defaults)
{
  g_autoptr (MimoChatParams) card = NULL;
  g_autofree char           *json = NULL;

  g_return_if_fail (MIMO_IS_CONVERSATION (self));

  if (params != NULL)
    {
      if (defaults == NULL)
        defaults = card = mimo_chat_params_new ();
      json = mimo_chat_params_to_json_string (params, defaults);
      if (g_strcmp0 (json, "{}") == 0)
        g_clear_pointer (&json, g_free);
    }

  if (_mimo_set_str (&self->param_overrides, json))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAM_OVERRIDES]);
      _mimo_conversation_changed (self, MIMO_CHANGE_URGENT);
    }
}

const char *
mimo_conversation_get_draft (MimoConversation *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), NULL);

  if (self->draft == NULL && self->store != NULL && self->saved)
    {
      g_autoptr (GError) error = NULL;

      self->draft = mimo_database_load_draft (_mimo_store_get_database (self->store), self->id, &error);
      if (error != NULL)
        g_warning ("Could not read the draft of conversation %" G_GINT64_FORMAT ": %s", self->id, error->message);
    }
  if (self->draft == NULL)
    self->draft = g_strdup ("");

  return self->draft;
}

void
mimo_conversation_set_draft (MimoConversation *self,
                             const char       *markdown)
{
  g_return_if_fail (MIMO_IS_CONVERSATION (self));

  mimo_conversation_get_draft (self);
  if (_mimo_set_str (&self->draft, markdown != NULL ? markdown : ""))
    {
      self->draft_dirty = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT]);
      _mimo_conversation_changed (self, MIMO_CHANGE_ROW);
    }
}

static void
ensure_messages (MimoConversation *self)
{
  g_autoptr (GPtrArray) loaded = NULL;
  g_autoptr (GError)    error = NULL;

  if (self->messages != NULL)
    return;

  self->messages = mimo_object_list_new (MIMO_TYPE_MESSAGE);
  if (self->store == NULL || !self->saved)
    return;

  loaded = mimo_database_load_messages (_mimo_store_get_database (self->store), self->id, &error);
  if (loaded == NULL)
    {
      g_warning ("Could not read the messages of conversation %" G_GINT64_FORMAT ": %s", self->id, error->message);
      return;
    }

  for (guint i = 0; i < loaded->len; i++)
    _mimo_message_set_conversation (g_ptr_array_index (loaded, i), self);
  mimo_object_list_append_all (self->messages, loaded);

  if (self->n_messages != loaded->len)
    {
      self->n_messages = loaded->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MESSAGES]);
    }
}

GListModel *
mimo_conversation_get_messages (MimoConversation *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), NULL);

  ensure_messages (self);
  return G_LIST_MODEL (self->messages);
}

guint
mimo_conversation_get_n_messages (MimoConversation *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), 0);

  return self->messages != NULL ? mimo_object_list_get_array (self->messages)->len : self->n_messages;
}

void
mimo_conversation_add_message (MimoConversation *self,
                               MimoMessage      *message)
{
  GPtrArray *array;
  gint64     id;

  g_return_if_fail (MIMO_IS_CONVERSATION (self));
  g_return_if_fail (MIMO_IS_MESSAGE (message));
  g_return_if_fail (message->id == 0);

  ensure_messages (self);
  array = mimo_object_list_get_array (self->messages);

  if (self->store != NULL)
    id = _mimo_store_next_message_id (self->store);
  else
    id = array->len > 0 ? MIMO_MESSAGE (g_ptr_array_index (array, array->len - 1))->id + 1 : 1;

  message->id = id;
  message->conversation_id = self->id;
  message->saved = FALSE;
  _mimo_message_set_conversation (message, self);

  if (self->title == NULL && message->role == MIMO_ROLE_USER)
    {
      g_autofree char *title = mimo_conversation_make_title (mimo_message_get_content (message));

      if (title != NULL && _mimo_set_str (&self->title, title))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }

  mimo_object_list_insert (self->messages, array->len, message);
  self->n_messages = array->len;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MESSAGES]);

  _mimo_conversation_touch (self, g_get_real_time ());
  if (self->store != NULL)
    {
      _mimo_store_conversation_touched (self->store, self);
      _mimo_store_message_changed (self->store, message, MIMO_CHANGE_URGENT);
    }
}

void
mimo_conversation_remove_message (MimoConversation *self,
                                  MimoMessage      *message)
{
  guint position;

  g_return_if_fail (MIMO_IS_CONVERSATION (self));
  g_return_if_fail (MIMO_IS_MESSAGE (message));

  ensure_messages (self);
  if (!mimo_object_list_find (self->messages, message, &position))
    return;

  g_object_ref (message);
  mimo_object_list_remove (self->messages, position);
  self->n_messages = mimo_object_list_get_array (self->messages)->len;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MESSAGES]);

  if (self->store != NULL)
    _mimo_store_message_removed (self->store, message);
  _mimo_message_set_conversation (message, NULL);
  g_object_unref (message);
}

/* Messages are appended with growing ids, so the array is sorted by id. */
static gboolean
find_position (GPtrArray *array,
               gint64     id,
               guint     *position)
{
  guint low = 0;
  guint high = array->len;

  while (low < high)
    {
      guint        mid = low + (high - low) / 2;
      MimoMessage *message = g_ptr_array_index (array, mid);

      if (message->id == id)
        {
          *position = mid;
          return TRUE;
        }
      if (message->id < id)
        low = mid + 1;
      else
        high = mid;
    }

  return FALSE;
}

MimoMessage *
mimo_conversation_find_message (MimoConversation *self,
                                gint64            message_id,
                                guint            *position)
{
  GPtrArray *array;
  guint      found;

  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), NULL);

  ensure_messages (self);
  array = mimo_object_list_get_array (self->messages);
  if (!find_position (array, message_id, &found))
    return NULL;

  if (position != NULL)
    *position = found;
  return g_ptr_array_index (array, found);
}

void
_mimo_conversation_load_texts_around (MimoConversation *self,
                                      MimoMessage      *message)
{
  g_autoptr (GHashTable) by_id = NULL;
  g_autoptr (GError)     error = NULL;
  GPtrArray             *array;
  guint                  position;
  guint                  first;
  guint                  last;

  if (self->store == NULL || self->messages == NULL)
    return;

  array = mimo_object_list_get_array (self->messages);
  if (!find_position (array, message->id, &position))
    return;

  /* Views mostly scroll up from the newest message: read more of what is
   * above than below. */
  first = position > TEXT_PAGE * 3 / 4 ? position - TEXT_PAGE * 3 / 4 : 0;
  last = MIN (array->len - 1, first + TEXT_PAGE - 1);

  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = first; i <= last; i++)
    {
      MimoMessage *m = g_ptr_array_index (array, i);

      if (!_mimo_message_text_loaded (m))
        g_hash_table_insert (by_id, &m->id, m);
    }

  if (!mimo_database_load_texts (_mimo_store_get_database (self->store), self->id,
                                 MIMO_MESSAGE (g_ptr_array_index (array, first))->id,
                                 MIMO_MESSAGE (g_ptr_array_index (array, last))->id,
                                 by_id, &error))
    g_warning ("Could not read messages of conversation %" G_GINT64_FORMAT ": %s", self->id, error->message);
}

const MimoLedgerTotals *
mimo_conversation_get_totals (MimoConversation *self)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION (self), NULL);

  if (!self->totals_loaded && self->store != NULL)
    {
      g_autoptr (GError) error = NULL;

      self->totals = (MimoLedgerTotals){ 0 };
      if (!mimo_database_ledger_totals (_mimo_store_get_database (self->store), G_MININT64, G_MAXINT64,
                                        self->id, &self->totals, &error))
        g_warning ("Could not read the spend of conversation %" G_GINT64_FORMAT ": %s", self->id, error->message);
      _mimo_store_add_pending_totals (self->store, self->id, &self->totals);
    }
  self->totals_loaded = TRUE;

  return &self->totals;
}

void
_mimo_conversation_add_to_totals (MimoConversation      *self,
                                  const MimoLedgerEntry *entry)
{
  /* Not loaded yet: the first read will include the entry. */
  if (!self->totals_loaded)
    return;

  mimo_ledger_totals_add_entry (&self->totals, entry);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTALS]);
}
