/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-completion.c: the state, text and usage of one answer, and its signals. */

#define G_LOG_DOMAIN "mimo-completion"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-completion-private.h"
#include "mimo-enums.h"
#include "mimo-error.h"
#include "mimo-marshal.h"

struct _MimoCompletion
{
  GObject parent_instance;

  MimoChatRequest *request;
  GCancellable    *cancellable;
  GCancellable    *caller_cancellable;
  gulong           caller_cancelled_id;

  MimoMessageState state;
  GString         *content;
  GString         *reasoning;
  char            *finish_reason;
  char            *response_id;
  MimoUsage       *usage;
  MimoPricing     *pricing;
  GError          *error;
  guint            attempt;

  gint64 start_time;
  gint64 first_token_time;
  gint64 end_time;

  GPtrArray *waits; /* GTask, completed on finish */
};

G_DEFINE_FINAL_TYPE (MimoCompletion, mimo_completion, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_REQUEST,
  PROP_STATE,
  PROP_CONTENT,
  PROP_REASONING,
  PROP_FINISH_REASON,
  PROP_RESPONSE_ID,
  PROP_USAGE,
  PROP_ERROR,
  PROP_TIME_TO_FIRST_TOKEN,
  PROP_DURATION,
  PROP_PRICING,
  PROP_COMPUTED_COST,
  PROP_ATTEMPT,
  N_PROPS
};

enum
{
  DELTA,
  RETRYING,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

/* g_set_str() is GLib 2.76. */
static gboolean
set_string (char      **field,
            const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
caller_cancelled_cb (GCancellable *caller_cancellable,
                     gpointer      user_data)
{
  GCancellable *cancellable = user_data;

  g_cancellable_cancel (cancellable);
}

MimoCompletion *
_mimo_completion_new (MimoChatRequest   *request,
                      const MimoPricing *pricing,
                      GCancellable      *cancellable)
{
  MimoCompletion *self;

  g_return_val_if_fail (MIMO_IS_CHAT_REQUEST (request), NULL);
  g_return_val_if_fail (pricing != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  self = g_object_new (MIMO_TYPE_COMPLETION, "request", request, NULL);
  self->pricing = mimo_pricing_copy (pricing);

  /* Our own cancellable, so mimo_completion_cancel() works without the
   * caller's, and cancelling the caller's reaches it. */
  if (cancellable != NULL)
    {
      self->caller_cancellable = g_object_ref (cancellable);
      self->caller_cancelled_id = g_cancellable_connect (cancellable,
                                                         G_CALLBACK (caller_cancelled_cb),
                                                         g_object_ref (self->cancellable),
                                                         g_object_unref);
    }

  return self;
}

GCancellable *
_mimo_completion_get_cancellable (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), NULL);

  return self->cancellable;
}

MimoChatRequest *
mimo_completion_get_request (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), NULL);

  return self->request;
}

MimoMessageState
mimo_completion_get_state (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), MIMO_MESSAGE_STATE_FAILED);

  return self->state;
}

gboolean
mimo_completion_is_finished (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), TRUE);

  return self->state != MIMO_MESSAGE_STATE_STREAMING;
}

const char *
mimo_completion_get_content (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), NULL);

  return self->content->str;
}

gsize
mimo_completion_get_content_length (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), 0);

  return self->content->len;
}

const char *
mimo_completion_get_reasoning (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), NULL);

  return self->reasoning->str;
}

gsize
mimo_completion_get_reasoning_length (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), 0);

  return self->reasoning->len;
}

const char *
mimo_completion_get_finish_reason (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), NULL);

  return self->finish_reason;
}

const char *
mimo_completion_get_response_id (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), NULL);

  return self->response_id;
}

const MimoUsage *
mimo_completion_get_usage (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), NULL);

  return self->usage;
}

MimoUsage *
mimo_completion_dup_usage_or_estimate (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), NULL);

  if (self->usage != NULL)
    return mimo_usage_copy (self->usage);

  return mimo_usage_estimate (mimo_chat_request_count_prompt_chars (self->request),
                              g_utf8_strlen (self->content->str, self->content->len) +
                                g_utf8_strlen (self->reasoning->str, self->reasoning->len),
                              0);
}

const GError *
mimo_completion_get_error (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), NULL);

  return self->error;
}

gint64
mimo_completion_get_time_to_first_token (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), -1);

  return self->first_token_time > 0 ? self->first_token_time - self->start_time : -1;
}

gint64
mimo_completion_get_duration (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), -1);

  return self->end_time > 0 ? self->end_time - self->start_time : -1;
}

const MimoPricing *
mimo_completion_get_pricing (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), NULL);

  return self->pricing;
}

gint64
mimo_completion_get_computed_cost (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), -1);

  if (self->usage == NULL)
    return -1;

  return mimo_pricing_cost_nanos (self->pricing, self->usage);
}

guint
mimo_completion_get_attempt (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), 0);

  return self->attempt;
}

void
mimo_completion_cancel (MimoCompletion *self)
{
  g_return_if_fail (MIMO_IS_COMPLETION (self));

  g_cancellable_cancel (self->cancellable);
}

void
_mimo_completion_append (MimoCompletion *self,
                         const char     *content,
                         gsize           content_len,
                         const char     *reasoning,
                         gsize           reasoning_len)
{
  g_return_if_fail (MIMO_IS_COMPLETION (self));

  if (self->state != MIMO_MESSAGE_STATE_STREAMING)
    return;
  if (content != NULL && content_len == 0)
    content = NULL;
  if (reasoning != NULL && reasoning_len == 0)
    reasoning = NULL;
  if (content == NULL && reasoning == NULL)
    return;

  if (self->first_token_time == 0)
    {
      self->first_token_time = g_get_monotonic_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_TO_FIRST_TOKEN]);
    }

  /* GString grows geometrically: appending is amortized O(1) per byte. */
  if (content != NULL)
    g_string_append_len (self->content, content, content_len);
  if (reasoning != NULL)
    g_string_append_len (self->reasoning, reasoning, reasoning_len);

  g_signal_emit (self, signals[DELTA], 0, content, reasoning);
}

gboolean
_mimo_completion_has_text (MimoCompletion *self)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), FALSE);

  return self->first_token_time != 0;
}

void
_mimo_completion_set_attempt (MimoCompletion *self,
                              guint           attempt)
{
  g_return_if_fail (MIMO_IS_COMPLETION (self));

  if (self->attempt == attempt)
    return;

  self->attempt = attempt;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTEMPT]);
}

void
_mimo_completion_emit_retrying (MimoCompletion *self,
                                guint           attempt,
                                double          delay_seconds,
                                const GError   *error)
{
  g_return_if_fail (MIMO_IS_COMPLETION (self));

  g_signal_emit (self, signals[RETRYING], 0, attempt, delay_seconds, error);
}

void
_mimo_completion_set_finish_reason (MimoCompletion *self,
                                    const char     *finish_reason)
{
  g_return_if_fail (MIMO_IS_COMPLETION (self));

  if (set_string (&self->finish_reason, finish_reason))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISH_REASON]);
}

void
_mimo_completion_set_response_id (MimoCompletion *self,
                                  const char     *response_id)
{
  g_return_if_fail (MIMO_IS_COMPLETION (self));

  if (set_string (&self->response_id, response_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESPONSE_ID]);
}

void
_mimo_completion_set_usage (MimoCompletion    *self,
                            MimoUsage         *usage,
                            const MimoPricing *pricing)
{
  g_return_if_fail (MIMO_IS_COMPLETION (self));
  g_return_if_fail (usage != NULL);

  g_clear_pointer (&self->usage, mimo_usage_free);
  self->usage = usage;
  if (pricing != NULL)
    {
      g_clear_pointer (&self->pricing, mimo_pricing_free);
      self->pricing = mimo_pricing_copy (pricing);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICING]);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPUTED_COST]);
}

static void
return_wait (GTask          *task,
             MimoCompletion *self)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  gulong        handler = GPOINTER_TO_SIZE (g_task_get_task_data (task));

  if (cancellable != NULL && handler != 0)
    g_cancellable_disconnect (cancellable, handler);
  g_task_set_task_data (task, NULL, NULL);

  if (self->state == MIMO_MESSAGE_STATE_COMPLETE)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_error_copy (self->error));
}

void
_mimo_completion_finish (MimoCompletion  *self,
                         MimoMessageState state,
                         const GError    *error)
{
  g_autoptr (GPtrArray) waits = NULL;

  g_return_if_fail (MIMO_IS_COMPLETION (self));
  g_return_if_fail (state != MIMO_MESSAGE_STATE_STREAMING);
  g_return_if_fail ((state == MIMO_MESSAGE_STATE_COMPLETE) == (error == NULL));

  if (self->state != MIMO_MESSAGE_STATE_STREAMING)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  self->end_time = g_get_monotonic_time ();
  self->state = state;
  if (error != NULL)
    self->error = g_error_copy (error);

  g_debug ("Completion %p finished: %s, %" G_GSIZE_FORMAT " bytes of text, %s",
           self, mimo_message_state_to_string (state), self->content->len,
           error != NULL ? mimo_client_error_code_name (error->code) : "no error");

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASONING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
  if (error != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);

  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals[FINISHED], 0);

  waits = g_steal_pointer (&self->waits);
  self->waits = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waits->len; i++)
    return_wait (g_ptr_array_index (waits, i), self);
}

static gboolean
wait_cancelled_idle_cb (gpointer user_data)
{
  GTask          *task = user_data;
  MimoCompletion *self = g_task_get_source_object (task);
  guint           index;

  /* Unless the completion finished in the meantime and returned it. */
  if (g_ptr_array_find (self->waits, task, &index))
    {
      g_autoptr (GTask) owned = g_ptr_array_steal_index (self->waits, index);
      GCancellable     *cancellable = g_task_get_cancellable (owned);
      gulong            handler = GPOINTER_TO_SIZE (g_task_get_task_data (owned));

      g_cancellable_disconnect (cancellable, handler);
      g_task_set_task_data (owned, NULL, NULL);
      g_task_return_new_error (owned, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _ ("Stopped waiting for the answer."));
    }

  return G_SOURCE_REMOVE;
}

/* Runs inside g_cancellable_cancel(): finish the wait from the main loop. */
static void
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;

  g_idle_add_full (G_PRIORITY_DEFAULT, wait_cancelled_idle_cb, g_object_ref (task), g_object_unref);
}

void
mimo_completion_wait_async (MimoCompletion     *self,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (MIMO_IS_COMPLETION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mimo_completion_wait_async);

  if (self->state != MIMO_MESSAGE_STATE_STREAMING)
    {
      return_wait (task, self);
      return;
    }

  if (cancellable != NULL)
    {
      gulong handler = g_cancellable_connect (cancellable, G_CALLBACK (wait_cancelled_cb), task, NULL);

      g_task_set_task_data (task, GSIZE_TO_POINTER (handler), NULL);
    }

  g_ptr_array_add (self->waits, g_steal_pointer (&task));
}

gboolean
mimo_completion_wait_finish (MimoCompletion *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (MIMO_IS_COMPLETION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
mimo_completion_dispose (GObject *object)
{
  MimoCompletion *self = MIMO_COMPLETION (object);

  if (self->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (self->caller_cancellable, self->caller_cancelled_id);
      self->caller_cancelled_id = 0;
      g_clear_object (&self->caller_cancellable);
    }

  G_OBJECT_CLASS (mimo_completion_parent_class)->dispose (object);
}

static void
mimo_completion_finalize (GObject *object)
{
  MimoCompletion *self = MIMO_COMPLETION (object);

  g_clear_object (&self->request);
  g_clear_object (&self->cancellable);
  g_string_free (self->content, TRUE);
  g_string_free (self->reasoning, TRUE);
  g_clear_pointer (&self->finish_reason, g_free);
  g_clear_pointer (&self->response_id, g_free);
  g_clear_pointer (&self->usage, mimo_usage_free);
  g_clear_pointer (&self->pricing, mimo_pricing_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->waits, g_ptr_array_unref);

  G_OBJECT_CLASS (mimo_completion_parent_class)->finalize (object);
}

static void
mimo_completion_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MimoCompletion *self = MIMO_COMPLETION (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      g_value_set_object (value, self->request);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CONTENT:
      g_value_set_string (value, self->content->str);
      break;
    case PROP_REASONING:
      g_value_set_string (value, self->reasoning->str);
      break;
    case PROP_FINISH_REASON:
      g_value_set_string (value, self->finish_reason);
      break;
    case PROP_RESPONSE_ID:
      g_value_set_string (value, self->response_id);
      break;
    case PROP_USAGE:
      g_value_set_boxed (value, self->usage);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_TIME_TO_FIRST_TOKEN:
      g_value_set_int64 (value, mimo_completion_get_time_to_first_token (self));
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, mimo_completion_get_duration (self));
      break;
    case PROP_PRICING:
      g_value_set_boxed (value, self->pricing);
      break;
    case PROP_COMPUTED_COST:
      g_value_set_int64 (value, mimo_completion_get_computed_cost (self));
      break;
    case PROP_ATTEMPT:
      g_value_set_uint (value, self->attempt);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_completion_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MimoCompletion *self = MIMO_COMPLETION (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      self->request = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_completion_class_init (MimoCompletionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = mimo_completion_dispose;
  object_class->finalize = mimo_completion_finalize;
  object_class->get_property = mimo_completion_get_property;
  object_class->set_property = mimo_completion_set_property;

  properties[PROP_REQUEST] =
    g_param_spec_object ("request", NULL, NULL, MIMO_TYPE_CHAT_REQUEST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MIMO_TYPE_MESSAGE_STATE, MIMO_MESSAGE_STATE_STREAMING, ro);
  properties[PROP_CONTENT] = g_param_spec_string ("content", NULL, NULL, "", ro);
  properties[PROP_REASONING] = g_param_spec_string ("reasoning", NULL, NULL, "", ro);
  properties[PROP_FINISH_REASON] = g_param_spec_string ("finish-reason", NULL, NULL, NULL, ro);
  properties[PROP_RESPONSE_ID] = g_param_spec_string ("response-id", NULL, NULL, NULL, ro);
  properties[PROP_USAGE] = g_param_spec_boxed ("usage", NULL, NULL, MIMO_TYPE_USAGE, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_TIME_TO_FIRST_TOKEN] =
    g_param_spec_int64 ("time-to-first-token", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_DURATION] = g_param_spec_int64 ("duration", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_PRICING] = g_param_spec_boxed ("pricing", NULL, NULL, MIMO_TYPE_PRICING, ro);
  properties[PROP_COMPUTED_COST] =
    g_param_spec_int64 ("computed-cost", NULL, NULL, -1, G_MAXINT64, -1, ro);
  properties[PROP_ATTEMPT] = g_param_spec_uint ("attempt", NULL, NULL, 0, G_MAXUINT, 0, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DELTA] =
    g_signal_new ("delta", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  _mimo_marshal_VOID__STRING_STRING,
                  G_TYPE_NONE, 2,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  g_signal_set_va_marshaller (signals[DELTA], G_TYPE_FROM_CLASS (klass), _mimo_marshal_VOID__STRING_STRINGv);
  signals[RETRYING] =
    g_signal_new ("retrying", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  _mimo_marshal_VOID__UINT_DOUBLE_BOXED,
                  G_TYPE_NONE, 3,
                  G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
  g_signal_set_va_marshaller (signals[RETRYING], G_TYPE_FROM_CLASS (klass), _mimo_marshal_VOID__UINT_DOUBLE_BOXEDv);
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mimo_completion_init (MimoCompletion *self)
{
  self->state = MIMO_MESSAGE_STATE_STREAMING;
  self->content = g_string_new (NULL);
  self->reasoning = g_string_new (NULL);
  self->cancellable = g_cancellable_new ();
  self->waits = g_ptr_array_new_with_free_func (g_object_unref);
  self->start_time = g_get_monotonic_time ();
}
