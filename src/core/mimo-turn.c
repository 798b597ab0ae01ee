/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-turn.c: sends a question with the history that fits, streams the answer into the conversation, records the cost. */

#define G_LOG_DOMAIN "mimo-turn"

#include "config.h"

#include "mimo-context.h"
#include "mimo-error.h"
#include "mimo-ledger.h"
#include "mimo-turn.h"

struct _MimoTurn
{
  GObject parent_instance;

  MimoStore        *store;
  MimoClient       *client;
  MimoConversation *conversation;
  MimoChatParams   *params;

  MimoMessage    *question;
  MimoMessage    *answer;
  MimoCompletion *completion;
  guint           n_left_out;
  gint64          started_us;
  gint64          thinking_start_us; /* monotonic; 0 before any thinking */
  gint64          thinking_us;       /* -1 until the answer text begins */
  gint64          prompt_chars;
  gboolean        started;
};

G_DEFINE_FINAL_TYPE (MimoTurn, mimo_turn, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CONVERSATION,
  PROP_QUESTION,
  PROP_ANSWER,
  PROP_COMPLETION,
  PROP_N_LEFT_OUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MimoTurn *
mimo_turn_new (MimoStore            *store,
               MimoClient           *client,
               MimoConversation     *conversation,
               const MimoChatParams *params)
{
  MimoTurn *self;

  g_return_val_if_fail (MIMO_IS_STORE (store), NULL);
  g_return_val_if_fail (MIMO_IS_CLIENT (client), NULL);
  g_return_val_if_fail (MIMO_IS_CONVERSATION (conversation), NULL);
  g_return_val_if_fail (params != NULL, NULL);

  self = g_object_new (MIMO_TYPE_TURN, NULL);
  self->store = g_object_ref (store);
  self->client = g_object_ref (client);
  self->conversation = g_object_ref (conversation);
  self->params = mimo_chat_params_copy (params);

  return self;
}

static void
delta_cb (MimoCompletion *completion,
          const char     *content,
          const char     *reasoning,
          MimoTurn       *self)
{
  if (reasoning != NULL && reasoning[0] != '\0' && self->thinking_start_us == 0)
    self->thinking_start_us = g_get_monotonic_time ();
  if (reasoning != NULL)
    mimo_message_append_reasoning (self->answer, reasoning, -1);

  /* Thinking ends when the answer begins: say so at once, so the view can
   * fold the thoughts away with their time. */
  if (content != NULL && content[0] != '\0' && self->thinking_start_us != 0 && self->thinking_us < 0)
    {
      self->thinking_us = g_get_monotonic_time () - self->thinking_start_us;
      mimo_message_set_timings (self->answer, self->thinking_us, -1);
    }
  if (content != NULL)
    mimo_message_append_content (self->answer, content, -1);
}

/* Errors found before anything was sent: no request, nothing to bill. */
static gboolean
was_sent (const GError *error)
{
  return !(g_error_matches (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_NO_KEY) ||
           g_error_matches (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER) ||
           g_error_matches (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INSECURE_URL));
}

static void
record_answer (MimoTurn     *self,
               const GError *error)
{
  MimoCompletion             *completion = self->completion;
  MimoMessageState            state = mimo_completion_get_state (completion);
  const MimoUsage            *usage = mimo_completion_get_usage (completion);
  const MimoPricing          *pricing = mimo_completion_get_pricing (completion);
  g_autoptr (MimoUsage)       shown = mimo_completion_dup_usage_or_estimate (completion);
  g_autoptr (MimoLedgerEntry) entry = NULL;
  gint64                      completion_chars;

  completion_chars = g_utf8_strlen (mimo_completion_get_content (completion), -1) +
                     g_utf8_strlen (mimo_completion_get_reasoning (completion), -1);

  /* A stream cut while the model still thought: it thought until then. */
  if (self->thinking_start_us != 0 && self->thinking_us < 0)
    self->thinking_us = g_get_monotonic_time () - self->thinking_start_us;

  /* The answer first, so a view sees its cost with its final state. */
  mimo_message_set_timings (self->answer, self->thinking_us, mimo_completion_get_duration (completion));
  mimo_message_set_usage (self->answer, shown, mimo_pricing_cost_nanos (pricing, shown));
  mimo_message_set_finish_reason (self->answer, mimo_completion_get_finish_reason (completion));
  mimo_message_set_state (self->answer, state, error != NULL ? error->message : NULL);

  if (error != NULL && !was_sent (error))
    return;

  entry = mimo_ledger_entry_new ();
  entry->time_us = self->started_us;
  entry->model = g_strdup (mimo_client_get_model (self->client));
  entry->params_json = mimo_chat_params_to_json_string (self->params, NULL);
  mimo_ledger_entry_set_usage (entry, usage, pricing, self->prompt_chars, completion_chars, 0);
  mimo_ledger_entry_set_result (entry, state, error);
  entry->first_token_us = mimo_completion_get_time_to_first_token (completion);
  entry->duration_us = MAX (0, mimo_completion_get_duration (completion));

  mimo_store_record_request (self->store, self->conversation, self->answer, entry);
}

static void
chat_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  MimoTurn          *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;

  mimo_client_chat_finish (MIMO_CLIENT (object), result, &error);
  g_signal_handlers_disconnect_by_func (self->completion, delta_cb, self);
  mimo_message_flush_notify (self->answer);

  record_answer (self, error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static MimoChatRequest *
build_request (MimoTurn *self)
{
  const MimoPricing      *pricing = mimo_client_get_pricing (self->client);
  const char             *system_prompt = mimo_conversation_get_system_prompt (self->conversation);
  g_autoptr (MimoContext) context = NULL;
  MimoChatRequest        *request;

  context = mimo_context_select (system_prompt,
                                 mimo_conversation_get_messages (self->conversation),
                                 pricing->context_window,
                                 self->params->max_tokens);

  request = mimo_chat_request_new (self->params);
  if (system_prompt != NULL && system_prompt[0] != '\0')
    mimo_chat_request_add_message (request, MIMO_ROLE_SYSTEM, system_prompt, NULL);

  for (guint i = 0; i < context->messages->len; i++)
    {
      MimoMessage *message = g_ptr_array_index (context->messages, i);

      /* Plain chat does not need the thinking back: it would only cost. */
      mimo_chat_request_add_message (request,
                                     mimo_message_get_role (message),
                                     mimo_message_get_content (message),
                                     NULL);
    }

  self->prompt_chars = mimo_chat_request_count_prompt_chars (request);
  if (self->n_left_out != context->n_left_out)
    {
      self->n_left_out = context->n_left_out;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_LEFT_OUT]);
    }

  return request;
}

static void
start (MimoTurn *self,
       GTask    *task)
{
  g_autoptr (MimoChatRequest) request = NULL;
  GListModel                 *messages = mimo_conversation_get_messages (self->conversation);
  guint                       n = g_list_model_get_n_items (messages);
  g_autoptr (MimoMessage)     last = n > 0 ? g_list_model_get_item (messages, n - 1) : NULL;

  g_return_if_fail (!self->started);
  self->started = TRUE;

  if (last == NULL || mimo_message_get_role (last) != MIMO_ROLE_USER)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               "The conversation does not end with a question");
      g_object_unref (task);
      return;
    }

  if (self->question == NULL)
    {
      self->question = g_object_ref (last);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUESTION]);
    }

  request = build_request (self);

  self->answer = mimo_message_new (MIMO_ROLE_ASSISTANT, NULL);
  mimo_message_set_params (self->answer, self->params);
  mimo_message_set_state (self->answer, MIMO_MESSAGE_STATE_STREAMING, NULL);
  mimo_conversation_add_message (self->conversation, self->answer);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWER]);

  self->started_us = g_get_real_time ();
  self->completion = mimo_client_chat_async (self->client, request,
                                             g_task_get_cancellable (task),
                                             chat_cb, task);
  g_signal_connect (self->completion, "delta", G_CALLBACK (delta_cb), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETION]);
}

static GTask *
new_task (MimoTurn           *self,
          GCancellable       *cancellable,
          GAsyncReadyCallback callback,
          gpointer            user_data,
          gpointer            source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  /* A cancel stops the answer; the turn still ends by saving what came
   * and recording the request, so never return early. */
  g_task_set_check_cancellable (task, FALSE);

  return task;
}

void
mimo_turn_ask_async (MimoTurn           *self,
                     const char         *question,
                     GCancellable       *cancellable,
                     GAsyncReadyCallback callback,
                     gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (MIMO_IS_TURN (self));
  g_return_if_fail (question != NULL);
  g_return_if_fail (self->question == NULL);

  task = new_task (self, cancellable, callback, user_data, mimo_turn_ask_async);

  self->question = mimo_message_new (MIMO_ROLE_USER, question);
  mimo_conversation_add_message (self->conversation, self->question);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUESTION]);

  start (self, task);
}

void
mimo_turn_answer_async (MimoTurn           *self,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_return_if_fail (MIMO_IS_TURN (self));

  start (self, new_task (self, cancellable, callback, user_data, mimo_turn_answer_async));
}

gboolean
mimo_turn_finish (MimoTurn     *self,
                  GAsyncResult *result,
                  GError      **error)
{
  g_return_val_if_fail (MIMO_IS_TURN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
mimo_turn_cancel (MimoTurn *self)
{
  g_return_if_fail (MIMO_IS_TURN (self));

  if (self->completion != NULL)
    mimo_completion_cancel (self->completion);
}

MimoConversation *
mimo_turn_get_conversation (MimoTurn *self)
{
  g_return_val_if_fail (MIMO_IS_TURN (self), NULL);

  return self->conversation;
}

MimoMessage *
mimo_turn_get_question (MimoTurn *self)
{
  g_return_val_if_fail (MIMO_IS_TURN (self), NULL);

  return self->question;
}

MimoMessage *
mimo_turn_get_answer (MimoTurn *self)
{
  g_return_val_if_fail (MIMO_IS_TURN (self), NULL);

  return self->answer;
}

MimoCompletion *
mimo_turn_get_completion (MimoTurn *self)
{
  g_return_val_if_fail (MIMO_IS_TURN (self), NULL);

  return self->completion;
}

guint
mimo_turn_get_n_left_out (MimoTurn *self)
{
  g_return_val_if_fail (MIMO_IS_TURN (self), 0);

  return self->n_left_out;
}

static void
mimo_turn_dispose (GObject *object)
{
  MimoTurn *self = MIMO_TURN (object);

  if (self->completion != NULL)
    g_signal_handlers_disconnect_by_func (self->completion, delta_cb, self);

  g_clear_object (&self->completion);
  g_clear_object (&self->answer);
  g_clear_object (&self->question);
  g_clear_object (&self->conversation);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (mimo_turn_parent_class)->dispose (object);
}

static void
mimo_turn_finalize (GObject *object)
{
  MimoTurn *self = MIMO_TURN (object);

  g_clear_pointer (&self->params, mimo_chat_params_free);

  G_OBJECT_CLASS (mimo_turn_parent_class)->finalize (object);
}

static void
mimo_turn_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MimoTurn *self = MIMO_TURN (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    case PROP_QUESTION:
      g_value_set_object (value, self->question);
      break;
    case PROP_ANSWER:
      g_value_set_object (value, self->answer);
      break;
    case PROP_COMPLETION:
      g_value_set_object (value, self->completion);
      break;
    case PROP_N_LEFT_OUT:
      g_value_set_uint (value, self->n_left_out);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_turn_class_init (MimoTurnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mimo_turn_dispose;
  object_class->finalize = mimo_turn_finalize;
  object_class->get_property = mimo_turn_get_property;

  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, MIMO_TYPE_CONVERSATION,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_QUESTION] =
    g_param_spec_object ("question", NULL, NULL, MIMO_TYPE_MESSAGE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ANSWER] =
    g_param_spec_object ("answer", NULL, NULL, MIMO_TYPE_MESSAGE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_COMPLETION] =
    g_param_spec_object ("completion", NULL, NULL, MIMO_TYPE_COMPLETION,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_LEFT_OUT] =
    g_param_spec_uint ("n-left-out", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mimo_turn_init (MimoTurn *self)
{
  self->thinking_us = -1;
}
