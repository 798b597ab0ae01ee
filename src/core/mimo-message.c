/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-message.c: a message that grows cheaply while streaming and notifies at most once a frame. */

#define G_LOG_DOMAIN "mimo-message"

#include "config.h"

#include "mimo-enums.h"
#include "mimo-store-private.h"

/* One frame at 60 Hz: a view never needs to hear about text faster. */
#define NOTIFY_INTERVAL_US 16000

enum
{
  PENDING_CONTENT = 1 << 0,
  PENDING_REASONING = 1 << 1,
};

enum
{
  PROP_0,
  PROP_ID,
  PROP_CONVERSATION_ID,
  PROP_ROLE,
  PROP_CONTENT,
  PROP_REASONING,
  PROP_FINISH_REASON,
  PROP_STATE,
  PROP_ERROR_TEXT,
  PROP_CREATED,
  PROP_PARAMS,
  PROP_USAGE,
  PROP_COST,
  PROP_PROVIDER_COST,
  PROP_THINKING_DURATION,
  PROP_DURATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MimoMessage, mimo_message, G_TYPE_OBJECT)

static void
mimo_message_dispose (GObject *object)
{
  MimoMessage *self = MIMO_MESSAGE (object);

  g_clear_handle_id (&self->notify_source, g_source_remove);
  g_clear_weak_pointer (&self->conversation);

  G_OBJECT_CLASS (mimo_message_parent_class)->dispose (object);
}

static void
mimo_message_finalize (GObject *object)
{
  MimoMessage *self = MIMO_MESSAGE (object);

  g_clear_pointer (&self->error_text, g_free);
  g_clear_pointer (&self->finish_reason, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  if (self->content != NULL)
    g_string_free (self->content, TRUE);
  if (self->reasoning != NULL)
    g_string_free (self->reasoning, TRUE);
  g_clear_pointer (&self->params_json, g_free);
  g_clear_pointer (&self->params, mimo_chat_params_free);
  g_clear_pointer (&self->usage, mimo_usage_free);

  G_OBJECT_CLASS (mimo_message_parent_class)->finalize (object);
}

static void
mimo_message_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MimoMessage *self = MIMO_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CONVERSATION_ID:
      g_value_set_int64 (value, self->conversation_id);
      break;
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_CONTENT:
      g_value_set_string (value, mimo_message_get_content (self));
      break;
    case PROP_REASONING:
      g_value_set_string (value, mimo_message_get_reasoning (self));
      break;
    case PROP_FINISH_REASON:
      g_value_set_string (value, self->finish_reason);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR_TEXT:
      g_value_set_string (value, self->error_text);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, mimo_message_get_created (self));
      break;
    case PROP_PARAMS:
      g_value_set_boxed (value, mimo_message_get_params (self));
      break;
    case PROP_USAGE:
      g_value_set_boxed (value, self->usage);
      break;
    case PROP_COST:
      g_value_set_int64 (value, self->cost_nanos);
      break;
    case PROP_PROVIDER_COST:
      g_value_set_int64 (value, mimo_message_get_provider_cost_nanos (self));
      break;
    case PROP_THINKING_DURATION:
      g_value_set_int64 (value, self->thinking_us);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration_us);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_message_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MimoMessage *self = MIMO_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;
    case PROP_CONTENT:
      mimo_message_set_content (self, g_value_get_string (value));
      break;
    case PROP_REASONING:
      mimo_message_set_reasoning (self, g_value_get_string (value));
      break;
    case PROP_FINISH_REASON:
      mimo_message_set_finish_reason (self, g_value_get_string (value));
      break;
    case PROP_PARAMS:
      mimo_message_set_params (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_message_class_init (MimoMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  GParamFlags   rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = mimo_message_dispose;
  object_class->finalize = mimo_message_finalize;
  object_class->get_property = mimo_message_get_property;
  object_class->set_property = mimo_message_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_CONVERSATION_ID] = g_param_spec_int64 ("conversation-id", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_ROLE] = g_param_spec_enum ("role", NULL, NULL, MIMO_TYPE_ROLE, MIMO_ROLE_USER,
                                             G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTENT] = g_param_spec_string ("content", NULL, NULL, "", rw);
  properties[PROP_REASONING] = g_param_spec_string ("reasoning", NULL, NULL, "", rw);
  properties[PROP_FINISH_REASON] = g_param_spec_string ("finish-reason", NULL, NULL, NULL, rw);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, MIMO_TYPE_MESSAGE_STATE,
                                              MIMO_MESSAGE_STATE_COMPLETE, ro);
  properties[PROP_ERROR_TEXT] = g_param_spec_string ("error-text", NULL, NULL, NULL, ro);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_PARAMS] = g_param_spec_boxed ("params", NULL, NULL, MIMO_TYPE_CHAT_PARAMS, rw);
  properties[PROP_USAGE] = g_param_spec_boxed ("usage", NULL, NULL, MIMO_TYPE_USAGE, ro);
  properties[PROP_COST] = g_param_spec_int64 ("cost", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_PROVIDER_COST] = g_param_spec_int64 ("provider-cost", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_THINKING_DURATION] = g_param_spec_int64 ("thinking-duration", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_DURATION] = g_param_spec_int64 ("duration", NULL, NULL, -1, G_MAXINT64, -1, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mimo_message_init (MimoMessage *self)
{
  self->role = MIMO_ROLE_USER;
  self->state = MIMO_MESSAGE_STATE_COMPLETE;
  self->created_us = g_get_real_time ();
  self->thinking_us = -1;
  self->duration_us = -1;
}

MimoMessage *
mimo_message_new (MimoRole    role,
                  const char *content)
{
  MimoMessage *self = g_object_new (MIMO_TYPE_MESSAGE, "role", role, NULL);

  self->content = g_string_new (content);
  self->reasoning = g_string_new (NULL);

  return self;
}

MimoMessage *
_mimo_message_new_stored (void)
{
  MimoMessage *self = g_object_new (MIMO_TYPE_MESSAGE, NULL);

  self->saved = TRUE;
  return self;
}

void
_mimo_message_take_text (MimoMessage *self,
                         char        *content,
                         char        *reasoning)
{
  g_assert (self->content == NULL);

  self->content = g_string_new (content);
  self->reasoning = g_string_new (reasoning);
  g_free (content);
  g_free (reasoning);
  self->content_saved = self->content->len;
  self->reasoning_saved = self->reasoning->len;
}

gboolean
_mimo_message_text_loaded (MimoMessage *self)
{
  return self->content != NULL;
}

void
_mimo_message_set_conversation (MimoMessage      *self,
                                MimoConversation *conversation)
{
  g_set_weak_pointer (&self->conversation, conversation);
}

void
_mimo_message_changed (MimoMessage *self,
                       MimoChange   change)
{
  if (self->conversation != NULL && self->conversation->store != NULL && self->id != 0)
    _mimo_store_message_changed (self->conversation->store, self, change);
}

/* Reads the text of a stored message (and its neighbours) on first use. */
static void
ensure_text (MimoMessage *self)
{
  if (self->content != NULL)
    return;

  if (self->conversation != NULL)
    _mimo_conversation_load_texts_around (self->conversation, self);

  /* Unreadable (or detached): show nothing rather than crash, and never
   * write an empty text over the stored one. */
  if (self->content == NULL)
    {
      self->content = g_string_new (NULL);
      self->reasoning = g_string_new (NULL);
    }
}

void
mimo_message_flush_notify (MimoMessage *self)
{
  guint pending;

  g_return_if_fail (MIMO_IS_MESSAGE (self));

  g_clear_handle_id (&self->notify_source, g_source_remove);
  pending = self->pending_notify;
  self->pending_notify = 0;
  if (pending == 0)
    return;

  self->last_notify_us = g_get_monotonic_time ();
  g_object_freeze_notify (G_OBJECT (self));
  if (pending & PENDING_CONTENT)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
  if (pending & PENDING_REASONING)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASONING]);
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
notify_timeout_cb (gpointer user_data)
{
  MimoMessage *self = user_data;

  self->notify_source = 0;
  mimo_message_flush_notify (self);

  return G_SOURCE_REMOVE;
}

/* Coalesces text notifications: the first change after a quiet frame is
 * announced on the next main-loop iteration (so a burst of deltas read in
 * one go makes one notification), later ones wait for the frame to end. */
static void
queue_text_notify (MimoMessage *self,
                   guint        what)
{
  g_autoptr (GMainContext) context = NULL;
  g_autoptr (GSource)      source = NULL;
  gint64                   elapsed;
  guint                    delay_ms = 0;

  self->pending_notify |= what;
  if (self->notify_source != 0)
    return;

  elapsed = g_get_monotonic_time () - self->last_notify_us;
  if (elapsed < NOTIFY_INTERVAL_US)
    delay_ms = (guint) ((NOTIFY_INTERVAL_US - elapsed + 999) / 1000);

  context = g_main_context_ref_thread_default ();
  source = g_timeout_source_new (delay_ms);
  g_source_set_static_name (source, "[mimo] message text notify");
  g_source_set_callback (source, notify_timeout_cb, self, NULL);
  self->notify_source = g_source_attach (source, context);
}

const char *
mimo_message_get_content (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), NULL);

  ensure_text (self);
  return self->content->str;
}

gsize
mimo_message_get_content_length (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), 0);

  ensure_text (self);
  return self->content->len;
}

static void
replace_text (MimoMessage *self,
              GString     *string,
              const char  *text,
              guint        what)
{
  if (g_strcmp0 (string->str, text != NULL ? text : "") == 0)
    return;

  g_string_assign (string, text != NULL ? text : "");
  /* The saved prefix no longer matches: the next save rewrites the row. */
  self->row_dirty = TRUE;
  queue_text_notify (self, what);
  _mimo_message_changed (self, MIMO_CHANGE_ROW);
}

void
mimo_message_set_content (MimoMessage *self,
                          const char  *content)
{
  g_return_if_fail (MIMO_IS_MESSAGE (self));

  ensure_text (self);
  replace_text (self, self->content, content, PENDING_CONTENT);
}

static void
append_text (MimoMessage *self,
             GString     *string,
             const char  *delta,
             gssize       length,
             guint        what)
{
  if (delta == NULL || length == 0 || (length < 0 && *delta == '\0'))
    return;

  g_string_append_len (string, delta, length);
  queue_text_notify (self, what);
  _mimo_message_changed (self, MIMO_CHANGE_TEXT);
}

void
mimo_message_append_content (MimoMessage *self,
                             const char  *delta,
                             gssize       length)
{
  g_return_if_fail (MIMO_IS_MESSAGE (self));

  ensure_text (self);
  append_text (self, self->content, delta, length, PENDING_CONTENT);
}

const char *
mimo_message_get_reasoning (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), NULL);

  ensure_text (self);
  return self->reasoning->str;
}

gsize
mimo_message_get_reasoning_length (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), 0);

  ensure_text (self);
  return self->reasoning->len;
}

void
mimo_message_set_reasoning (MimoMessage *self,
                            const char  *reasoning)
{
  g_return_if_fail (MIMO_IS_MESSAGE (self));

  ensure_text (self);
  replace_text (self, self->reasoning, reasoning, PENDING_REASONING);
}

void
mimo_message_append_reasoning (MimoMessage *self,
                               const char  *delta,
                               gssize       length)
{
  g_return_if_fail (MIMO_IS_MESSAGE (self));

  ensure_text (self);
  append_text (self, self->reasoning, delta, length, PENDING_REASONING);
}

gint64
mimo_message_get_id (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), 0);

  return self->id;
}

gint64
mimo_message_get_conversation_id (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), 0);

  return self->conversation_id;
}

MimoRole
mimo_message_get_role (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), MIMO_ROLE_USER);

  return self->role;
}

const char *
mimo_message_get_finish_reason (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), NULL);

  return self->finish_reason;
}

void
mimo_message_set_finish_reason (MimoMessage *self,
                                const char  *finish_reason)
{
  g_return_if_fail (MIMO_IS_MESSAGE (self));

  if (!_mimo_set_str (&self->finish_reason, finish_reason))
    return;

  self->row_dirty = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISH_REASON]);
  _mimo_message_changed (self, MIMO_CHANGE_ROW);
}

MimoMessageState
mimo_message_get_state (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), MIMO_MESSAGE_STATE_COMPLETE);

  return self->state;
}

const char *
mimo_message_get_error_text (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), NULL);

  return self->error_text;
}

void
mimo_message_set_state (MimoMessage     *self,
                        MimoMessageState state,
                        const char      *error_text)
{
  gboolean state_changed;
  gboolean error_changed;

  g_return_if_fail (MIMO_IS_MESSAGE (self));

  state_changed = self->state != state;
  error_changed = _mimo_set_str (&self->error_text, error_text);
  if (!state_changed && !error_changed)
    return;

  /* Views see the final text before they see the stream end. */
  mimo_message_flush_notify (self);

  self->state = state;
  self->row_dirty = TRUE;

  g_object_freeze_notify (G_OBJECT (self));
  if (state_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (error_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_TEXT]);
  g_object_thaw_notify (G_OBJECT (self));

  _mimo_message_changed (self, MIMO_CHANGE_URGENT);
}

gint64
mimo_message_get_created_us (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), 0);

  return self->created_us;
}

GDateTime *
mimo_message_get_created (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), NULL);

  if (self->created == NULL)
    {
      g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (self->created_us / G_USEC_PER_SEC);

      g_autoptr (GDateTime) exact = g_date_time_add (utc, self->created_us % G_USEC_PER_SEC);

      /* Local time, as people read it. */
      self->created = g_date_time_to_local (exact);
    }

  return self->created;
}

const MimoChatParams *
mimo_message_get_params (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), NULL);

  if (self->params == NULL && self->params_json != NULL)
    {
      g_autoptr (MimoChatParams) params = mimo_chat_params_new ();
      g_autoptr (GError)         error = NULL;

      if (mimo_chat_params_merge_json_string (params, self->params_json, &error))
        self->params = g_steal_pointer (&params);
      else
        g_debug ("Message %" G_GINT64_FORMAT ": unreadable parameters: %s", self->id, error->message);
    }

  return self->params;
}

void
mimo_message_set_params (MimoMessage          *self,
                         const MimoChatParams *params)
{
  g_return_if_fail (MIMO_IS_MESSAGE (self));

  if (params == NULL && self->params_json == NULL)
    return;
  if (params != NULL && mimo_message_get_params (self) != NULL &&
      mimo_chat_params_equal (params, self->params))
    return;

  g_clear_pointer (&self->params, mimo_chat_params_free);
  g_clear_pointer (&self->params_json, g_free);
  if (params != NULL)
    {
      self->params = mimo_chat_params_copy (params);
      self->params_json = mimo_chat_params_to_json_string (params, NULL);
    }

  self->row_dirty = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAMS]);
  _mimo_message_changed (self, MIMO_CHANGE_ROW);
}

const MimoUsage *
mimo_message_get_usage (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), NULL);

  return self->usage;
}

void
mimo_message_set_usage (MimoMessage     *self,
                        const MimoUsage *usage,
                        gint64           cost_nanos)
{
  gint64 old_provider;

  g_return_if_fail (MIMO_IS_MESSAGE (self));
  g_return_if_fail (cost_nanos >= 0);

  old_provider = mimo_message_get_provider_cost_nanos (self);
  g_clear_pointer (&self->usage, mimo_usage_free);
  if (usage != NULL)
    self->usage = mimo_usage_copy (usage);

  self->row_dirty = TRUE;
  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USAGE]);
  if (self->cost_nanos != cost_nanos)
    {
      self->cost_nanos = cost_nanos;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COST]);
    }
  if (old_provider != mimo_message_get_provider_cost_nanos (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER_COST]);
  g_object_thaw_notify (G_OBJECT (self));

  _mimo_message_changed (self, MIMO_CHANGE_ROW);
}

gint64
mimo_message_get_cost_nanos (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), 0);

  return self->cost_nanos;
}

gint64
mimo_message_get_provider_cost_nanos (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), -1);

  if (self->usage == NULL || !self->usage->has_provider_cost)
    return -1;

  return self->usage->provider_cost_nanos;
}

gint64
mimo_message_get_thinking_us (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), -1);

  return self->thinking_us;
}

gint64
mimo_message_get_duration_us (MimoMessage *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE (self), -1);

  return self->duration_us;
}

void
mimo_message_set_timings (MimoMessage *self,
                          gint64       thinking_us,
                          gint64       duration_us)
{
  g_return_if_fail (MIMO_IS_MESSAGE (self));

  thinking_us = MAX (thinking_us, -1);
  duration_us = MAX (duration_us, -1);
  if (self->thinking_us == thinking_us && self->duration_us == duration_us)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->thinking_us != thinking_us)
    {
      self->thinking_us = thinking_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THINKING_DURATION]);
    }
  if (self->duration_us != duration_us)
    {
      self->duration_us = duration_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
    }
  g_object_thaw_notify (G_OBJECT (self));

  self->row_dirty = TRUE;
  _mimo_message_changed (self, MIMO_CHANGE_ROW);
}
