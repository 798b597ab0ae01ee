/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-chat-view-turns.c: the chat view's answers: sending, stopping, retrying, editing, and what a message will cost. */

#define G_LOG_DOMAIN "mimo-chat-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-budget-confirm.h"
#include "mimo-chat-view-private.h"
#include "mimo-context.h"
#include "mimo-error.h"
#include "mimo-markdown-document.h"
#include "mimo-markdown-export.h"
#include "mimo-settings.h"

/* A typical answer's length, for the estimate before sending: the most it
 * could cost (max_tokens) would scare people away from cheap questions. */
#define TYPICAL_ANSWER_TOKENS   600
#define TYPICAL_THINKING_TOKENS 1500

/* One answer streaming, in whichever chat. */
typedef struct
{
  MimoTurn *turn;
  gint64    retry_until_us; /* monotonic; 0 when not waiting to retry */
  int       retry_code;
} Running;

static void
running_free (gpointer data)
{
  Running *running = data;

  g_clear_object (&running->turn);
  g_free (running);
}

GHashTable *
_mimo_chat_view_new_turn_table (void)
{
  return g_hash_table_new_full (NULL, NULL, g_object_unref, running_free);
}

static Running *
lookup_running (MimoChatView     *self,
                MimoConversation *conversation)
{
  if (conversation == NULL || self->turns == NULL)
    return NULL;
  return g_hash_table_lookup (self->turns, conversation);
}

MimoTurn *
_mimo_chat_view_get_turn (MimoChatView *self)
{
  Running *running = lookup_running (self, self->conversation);

  return running != NULL ? running->turn : NULL;
}

void
_mimo_chat_view_stop_all (MimoChatView *self)
{
  GHashTableIter iter;
  gpointer       value;

  if (self->turns == NULL)
    return;
  g_hash_table_iter_init (&iter, self->turns);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    mimo_turn_cancel (((Running *) value)->turn);
}

/* ------------------------------------------------------- status strip -- */

static const char *
retry_reason (int code)
{
  switch (code)
    {
    case MIMO_CLIENT_ERROR_RATE_LIMIT:
      return _ ("Busy");
    case MIMO_CLIENT_ERROR_SERVER:
      return _ ("The service had a problem");
    case MIMO_CLIENT_ERROR_TIMEOUT:
      return _ ("No reply yet");
    default:
      return _ ("Cannot connect");
    }
}

static gboolean
countdown_cb (gpointer user_data)
{
  MimoChatView *self = user_data;

  self->countdown_source = 0;
  _mimo_chat_view_update_status (self);
  return G_SOURCE_REMOVE;
}

/* Under the messages: a retry counting down for the shown chat, or the
 * message being edited. */
void
_mimo_chat_view_update_status (MimoChatView *self)
{
  Running *running = lookup_running (self, self->conversation);
  gint64   now = g_get_monotonic_time ();

  g_clear_handle_id (&self->countdown_source, g_source_remove);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "warning");

  if (running != NULL && running->retry_until_us > now)
    {
      int seconds = (int) ((running->retry_until_us - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      /* Translators: "Busy — trying again in 7 s"; %s says what went wrong. */
      g_autofree char *text = g_strdup_printf (_ ("%s — trying again in %d s"), retry_reason (running->retry_code), seconds);

      gtk_label_set_text (self->status_label, text);
      gtk_image_set_from_icon_name (self->status_icon, "content-loading-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "warning");
      gtk_widget_set_visible (self->cancel_edit_button, FALSE);
      gtk_revealer_set_reveal_child (self->status_revealer, TRUE);
      self->countdown_source = g_timeout_add (MIN (250, (running->retry_until_us - now) / 1000 + 1), countdown_cb, self);
      return;
    }

  if (self->editing_id != 0)
    {
      gtk_label_set_text (self->status_label, _ ("Editing a message: sending replaces it and everything after it"));
      gtk_image_set_from_icon_name (self->status_icon, "document-edit-symbolic");
      gtk_widget_set_visible (self->cancel_edit_button, TRUE);
      gtk_revealer_set_reveal_child (self->status_revealer, TRUE);
      return;
    }

  gtk_revealer_set_reveal_child (self->status_revealer, FALSE);
}

void
_mimo_chat_view_update_note (MimoChatView *self)
{
  guint n = 0;

  if (self->conversation != NULL)
    n = GPOINTER_TO_UINT (g_hash_table_lookup (self->left_out, self->conversation));

  /* A budget nearly spent matters more than the history left out. */
  if (self->budget_warning != NULL)
    {
      gtk_label_set_text (self->note_label, self->budget_warning);
      gtk_revealer_set_reveal_child (self->note_revealer, TRUE);
      return;
    }

  if (n > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u older message was left out to fit the model’s memory",
                                                            "%u older messages were left out to fit the model’s memory", n),
                                               n);

      gtk_label_set_text (self->note_label, text);
    }
  gtk_revealer_set_reveal_child (self->note_revealer, n > 0);
}

/* -------------------------------------------------------- the estimate -- */

void
_mimo_chat_view_invalidate_estimate (MimoChatView *self)
{
  self->history_tokens = -1;
  _mimo_chat_view_update_estimate (self);
}

/* What the next message would cost: the history that would go with it
 * (chosen as the turn will choose it, computed once and kept until the
 * chat changes), the text, and a typical answer. Typing costs only the
 * text's length. */
void
_mimo_chat_view_update_estimate (MimoChatView *self)
{
  const MimoPricing    *pricing = mimo_client_get_pricing (self->client);
  const MimoChatParams *params = mimo_chat_params_editor_get_params (self->params_editor);
  g_autofree char      *text = mimo_composer_dup_text (self->composer);
  gint64                prompt, output, searches;

  if (g_strstrip (text)[0] == '\0')
    {
      mimo_composer_set_estimate (self->composer, -1);
      return;
    }

  if (self->history_tokens < 0)
    {
      g_autoptr (MimoContext) context = NULL;

      if (self->conversation != NULL)
        context = mimo_context_select (mimo_conversation_get_system_prompt (self->conversation),
                                       mimo_conversation_get_messages (self->conversation),
                                       pricing->context_window, params->max_tokens);
      self->history_tokens = context != NULL ? context->estimated_tokens : 0;
    }

  prompt = self->history_tokens + mimo_estimate_tokens (text, -1) + MIMO_CONTEXT_MESSAGE_OVERHEAD;
  output = MIN ((gint64) params->max_tokens,
                TYPICAL_ANSWER_TOKENS + (mimo_composer_get_thinking (self->composer) ? TYPICAL_THINKING_TOKENS : 0));
  searches = mimo_composer_get_web_search (self->composer) ? 1 : 0;
  mimo_composer_set_estimate (self->composer, mimo_pricing_estimate_nanos (pricing, prompt, output, searches));
}

/* ------------------------------------------------------------- a turn -- */

typedef struct
{
  MimoChatView     *self; /* held until the turn ends */
  MimoConversation *conversation;
  MimoTurn         *turn;
} TurnData;

static void
retrying_cb (MimoCompletion *completion,
             guint           attempt,
             double          delay_seconds,
             const GError   *error,
             TurnData       *data)
{
  Running *running = lookup_running (data->self, data->conversation);

  if (running == NULL || running->turn != data->turn)
    return;
  running->retry_until_us = g_get_monotonic_time () + (gint64) (delay_seconds * G_USEC_PER_SEC);
  running->retry_code = error != NULL && error->domain == MIMO_CLIENT_ERROR ? error->code : MIMO_CLIENT_ERROR_NETWORK;
  if (data->conversation == data->self->conversation)
    _mimo_chat_view_update_status (data->self);
}

/* Text came: whatever went wrong before is over. */
static void
delta_cb (MimoCompletion *completion,
          const char     *content,
          const char     *reasoning,
          TurnData       *data)
{
  Running *running = lookup_running (data->self, data->conversation);

  if (running == NULL || running->turn != data->turn || running->retry_until_us == 0)
    return;
  running->retry_until_us = 0;
  if (data->conversation == data->self->conversation)
    _mimo_chat_view_update_status (data->self);
}

static void
completion_cb (MimoTurn   *turn,
               GParamSpec *pspec,
               TurnData   *data)
{
  MimoCompletion *completion = mimo_turn_get_completion (turn);

  if (completion == NULL)
    return;
  g_signal_connect (completion, "retrying", G_CALLBACK (retrying_cb), data);
  g_signal_connect (completion, "delta", G_CALLBACK (delta_cb), data);
}

static void
left_out_cb (MimoTurn   *turn,
             GParamSpec *pspec,
             TurnData   *data)
{
  g_hash_table_replace (data->self->left_out, g_object_ref (data->conversation),
                        GUINT_TO_POINTER (mimo_turn_get_n_left_out (turn)));
  if (data->conversation == data->self->conversation)
    _mimo_chat_view_update_note (data->self);
}

/* The first words of an answer for a notification: its text without the
 * Markdown's marks (and without References), on one line, cut near 140
 * characters at a word. Only the start is parsed: answers can be long. */
static char *
answer_summary (const char *content)
{
  g_autoptr (MimoMarkdownDocument) document = NULL;
  g_autoptr (GListStore)           blocks = g_list_store_new (G_TYPE_OBJECT);
  MimoMarkdownBlock               *references;
  g_autofree char                 *text = NULL;
  g_autoptr (GString)              line = g_string_new (NULL);
  const char                      *end = content;
  const char                      *p;

  for (int i = 0; *end != '\0' && i < 2000; i++)
    end = g_utf8_next_char (end);
  document = mimo_markdown_document_new_for_text (content, end - content);
  references = mimo_markdown_document_get_references (document);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (document)); i++)
    {
      g_autoptr (GObject) block = g_list_model_get_item (G_LIST_MODEL (document), i);

      if (block != (GObject *) references)
        g_list_store_append (blocks, block);
    }
  text = mimo_markdown_export_text (G_LIST_MODEL (blocks));

  /* One line: every run of spaces, tabs and line breaks becomes a space;
   * a block that ends without punctuation (a heading) gets a full stop. */
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        {
          g_string_append_unichar (line, c);
          continue;
        }
      if (c == '\n' && p[1] == '\n' && line->len > 0 && g_ascii_isalnum (line->str[line->len - 1]))
        g_string_append_c (line, '.');
      if (line->len > 0 && line->str[line->len - 1] != ' ')
        g_string_append_c (line, ' ');
    }
  while (line->len > 0 && line->str[line->len - 1] == ' ')
    g_string_truncate (line, line->len - 1);

  if (g_utf8_strlen (line->str, -1) > 140)
    {
      char *cut = g_utf8_offset_to_pointer (line->str, 139);
      char *space = g_utf8_strrchr (line->str, cut - line->str, ' ');

      /* At the last word that fits, unless that loses too much. */
      if (space != NULL && g_utf8_pointer_to_offset (line->str, space) > 100)
        cut = space;
      g_string_truncate (line, cut - line->str);
      g_string_append (line, "…");
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

/* An answer that finished while the person looked elsewhere: tell them.
 * Clicking it shows that chat (app.show-conversation). */
static void
notify_finished (MimoChatView     *self,
                 MimoConversation *conversation,
                 MimoTurn         *turn,
                 const GError     *error)
{
  GtkRoot                  *root = gtk_widget_get_root (GTK_WIDGET (self));
  GApplication             *application;
  g_autoptr (GNotification) notification = NULL;
  g_autofree char          *body = NULL;
  g_autofree char          *id = NULL;
  MimoMessage              *answer = mimo_turn_get_answer (turn);

  if (!GTK_IS_WINDOW (root) || gtk_window_is_active (GTK_WINDOW (root)) ||
      g_error_matches (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_CANCELLED))
    return;
  application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (root)));
  if (application == NULL)
    return;

  if (error != NULL)
    body = g_strdup (error->message);
  else if (answer != NULL)
    body = answer_summary (mimo_message_get_content (answer));

  notification = g_notification_new (mimo_conversation_get_title (conversation));
  if (body != NULL && body[0] != '\0')
    g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.show-conversation", "x",
                                                mimo_conversation_get_id (conversation));
  id = g_strdup_printf ("answer-%" G_GINT64_FORMAT, mimo_conversation_get_id (conversation));
  g_application_send_notification (application, id, notification);
}

static void
turn_finished_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TurnData          *data = user_data;
  MimoChatView      *self = data->self;
  MimoTurn          *turn = MIMO_TURN (object);
  g_autoptr (GError) error = NULL;
  Running           *running;
  MimoCompletion    *completion = mimo_turn_get_completion (turn);

  if (!mimo_turn_finish (turn, result, &error))
    g_debug ("The answer did not complete: %s", error->message);

  if (completion != NULL)
    g_signal_handlers_disconnect_by_data (completion, data);
  g_signal_handlers_disconnect_by_data (turn, data);

  running = lookup_running (self, data->conversation);
  if (running != NULL && running->turn == turn)
    g_hash_table_remove (self->turns, data->conversation);

  if (!self->disposed)
    {
      notify_finished (self, data->conversation, turn, error);
      if (data->conversation == self->conversation)
        {
          _mimo_chat_view_update_busy (self);
          _mimo_chat_view_update_status (self);
          _mimo_chat_view_update_rows (self);
          _mimo_chat_view_invalidate_estimate (self);
        }
    }

  g_object_unref (data->turn);
  g_object_unref (data->conversation);
  g_object_unref (data->self);
  g_free (data);
}

/* Answers in the shown chat: @question, or its last message when NULL. */
static void
start_turn (MimoChatView *self,
            const char   *question)
{
  g_autoptr (MimoChatParams) params = mimo_chat_params_copy (mimo_chat_params_editor_get_params (self->params_editor));
  Running                   *running = g_new0 (Running, 1);
  TurnData                  *data = g_new0 (TurnData, 1);

  g_assert (self->conversation != NULL);
  g_assert (_mimo_chat_view_get_turn (self) == NULL);

  params->enable_thinking = mimo_composer_get_thinking (self->composer);
  params->tool_web_search = mimo_composer_get_web_search (self->composer);
  params->web_search_force = params->tool_web_search && mimo_composer_get_search_first (self->composer);

  running->turn = mimo_turn_new (self->store, self->client, self->conversation, params);
  g_hash_table_insert (self->turns, g_object_ref (self->conversation), running);

  data->self = g_object_ref (self);
  data->conversation = g_object_ref (self->conversation);
  data->turn = g_object_ref (running->turn);
  g_signal_connect (running->turn, "notify::completion", G_CALLBACK (completion_cb), data);
  g_signal_connect (running->turn, "notify::n-left-out", G_CALLBACK (left_out_cb), data);

  _mimo_chat_view_update_busy (self);
  _mimo_chat_view_scroll_to_end (self);
  if (question != NULL)
    mimo_turn_ask_async (running->turn, question, self->cancellable, turn_finished_cb, data);
  else
    mimo_turn_answer_async (running->turn, self->cancellable, turn_finished_cb, data);
}

/* Removes @message and every message after it. */
static void
remove_from (MimoChatView *self,
             MimoMessage  *message)
{
  GListModel *messages = mimo_conversation_get_messages (self->conversation);
  guint       position;

  if (mimo_conversation_find_message (self->conversation, mimo_message_get_id (message), &position) == NULL)
    return;
  while (g_list_model_get_n_items (messages) > position)
    {
      g_autoptr (MimoMessage) last = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);

      mimo_conversation_remove_message (self->conversation, last);
    }
}

static void
send_now (MimoChatView *self,
          const char   *text)
{
  if (_mimo_chat_view_get_turn (self) != NULL)
    return;

  _mimo_chat_view_ensure_conversation (self);
  if (self->editing_id != 0)
    {
      MimoMessage *edited = mimo_conversation_find_message (self->conversation, self->editing_id, NULL);

      self->editing_id = 0;
      if (edited != NULL)
        remove_from (self, edited);
    }

  start_turn (self, text);
  mimo_composer_set_text (self->composer, "");
  _mimo_chat_view_update_status (self);
}

/* Answers @message's question again, in place of @message. */
static void
answer_again_now (MimoChatView *self,
                  gint64        message_id)
{
  MimoMessage *message;

  if (self->conversation == NULL || _mimo_chat_view_get_turn (self) != NULL)
    return;
  message = mimo_conversation_find_message (self->conversation, message_id, NULL);
  if (message == NULL)
    return;

  mimo_conversation_remove_message (self->conversation, message);
  start_turn (self, NULL);
}

/* A send held back by the budget dialog: @text to send, or the answer
 * @answer_id to give again. */
typedef struct
{
  MimoChatView     *self;
  MimoConversation *conversation;
  char             *text;
  gint64            answer_id;
} HeldSend;

static void
held_send_free (HeldSend *held)
{
  g_clear_object (&held->conversation);
  g_free (held->text);
  g_free (held);
}

static void
budget_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  HeldSend     *held = g_object_get_data (G_OBJECT (dialog), "mimo-held-send");
  MimoChatView *self = held->self;

  /* Only if the person still looks at the chat it was meant for. */
  if (!g_str_equal (response, "send") || self->conversation != held->conversation)
    return;
  if (held->text != NULL)
    send_now (self, held->text);
  else
    answer_again_now (self, held->answer_id);
}

/* Sends (@text) or answers again (@answer_id) when the budgets allow,
 * else asks first or says why not, as the Preferences say. */
static void
send_within_budget (MimoChatView *self,
                    const char   *text,
                    gint64        answer_id)
{
  gint64            estimate = MAX (mimo_composer_get_estimate (self->composer), 0);
  MimoBudgetLimits  limits;
  MimoBudgetScope   scope;
  MimoBudgetVerdict verdict;
  AdwMessageDialog *dialog;
  HeldSend         *held;

  verdict = mimo_budget_check (self->settings, self->store, self->conversation, estimate, &scope, &limits);
  g_clear_pointer (&self->budget_warning, g_free);
  if (verdict == MIMO_BUDGET_WARN)
    self->budget_warning = mimo_budget_warning_text (scope, &limits, estimate);
  _mimo_chat_view_update_note (self);
  if (verdict == MIMO_BUDGET_OK || verdict == MIMO_BUDGET_WARN)
    {
      if (text != NULL)
        send_now (self, text);
      else
        answer_again_now (self, answer_id);
      return;
    }

  held = g_new0 (HeldSend, 1);
  held->self = self;
  held->conversation = self->conversation != NULL ? g_object_ref (self->conversation) : NULL;
  held->text = g_strdup (text);
  held->answer_id = answer_id;
  dialog = mimo_budget_dialog_new (GTK_WIDGET (self), verdict, scope, &limits, estimate);
  g_object_set_data_full (G_OBJECT (dialog), "mimo-held-send", held, (GDestroyNotify) held_send_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (budget_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_mimo_chat_view_send (MimoChatView *self,
                      const char   *text)
{
  if (_mimo_chat_view_get_turn (self) != NULL)
    return;

  send_within_budget (self, text, 0);
}

/* ------------------------------------------------------------ actions -- */

static MimoMessage *
message_for (MimoChatView *self,
             GVariant     *parameter)
{
  if (self->conversation == NULL || _mimo_chat_view_get_turn (self) != NULL)
    return NULL;
  return mimo_conversation_find_message (self->conversation, g_variant_get_int64 (parameter), NULL);
}

static gboolean
is_last (MimoChatView *self,
         MimoMessage  *message)
{
  GListModel             *messages = mimo_conversation_get_messages (self->conversation);
  guint                   n = g_list_model_get_n_items (messages);
  g_autoptr (MimoMessage) last = n > 0 ? g_list_model_get_item (messages, n - 1) : NULL;

  return last == message;
}

/* Answer Again and Retry: the old answer goes, the question is answered
 * anew. Its request stays on the ledger. */
static void
answer_again_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MimoChatView *self = MIMO_CHAT_VIEW (widget);
  MimoMessage  *message = message_for (self, parameter);

  if (message == NULL || mimo_message_get_role (message) == MIMO_ROLE_USER || !is_last (self, message))
    return;

  send_within_budget (self, NULL, mimo_message_get_id (message));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MimoChatView *self = MIMO_CHAT_VIEW (widget);
  MimoMessage  *message = message_for (self, parameter);

  if (message == NULL || mimo_message_get_role (message) != MIMO_ROLE_USER)
    return;

  self->editing_id = mimo_message_get_id (message);
  mimo_composer_set_text (self->composer, mimo_message_get_content (message));
  mimo_composer_focus (self->composer);
  _mimo_chat_view_update_status (self);
}

static void
cancel_edit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MimoChatView *self = MIMO_CHAT_VIEW (widget);

  if (self->editing_id == 0)
    return;
  self->editing_id = 0;
  mimo_composer_set_text (self->composer, "");
  _mimo_chat_view_update_status (self);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    MimoChatView     *self)
{
  gint64       id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "mimo-message-id"));
  MimoMessage *message;

  if (g_strcmp0 (response, "delete") != 0 || self->conversation == NULL || _mimo_chat_view_get_turn (self) != NULL)
    return;
  message = mimo_conversation_find_message (self->conversation, id, NULL);
  if (message == NULL)
    return;
  if (self->editing_id == id)
    cancel_edit_action (GTK_WIDGET (self), NULL, NULL);
  mimo_conversation_remove_message (self->conversation, message);
}

static void
delete_message_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MimoChatView *self = MIMO_CHAT_VIEW (widget);
  MimoMessage  *message = message_for (self, parameter);
  GtkRoot      *root = gtk_widget_get_root (widget);
  GtkWidget    *dialog;

  if (message == NULL)
    return;

  /* Deleting cannot be undone: ask first. What it cost stays on record. */
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _ ("Delete This Message?"),
                                   _ ("It cannot be brought back. What it cost stays in your spending record."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _ ("_Cancel"),
                                    "delete", _ ("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "mimo-message-id", GSIZE_TO_POINTER (mimo_message_get_id (message)));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_mimo_chat_view_class_init_turns (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "chat.regenerate", "x", answer_again_action);
  gtk_widget_class_install_action (widget_class, "chat.retry", "x", answer_again_action);
  gtk_widget_class_install_action (widget_class, "chat.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "chat.cancel-edit", NULL, cancel_edit_action);
  gtk_widget_class_install_action (widget_class, "chat.delete-message", "x", delete_message_action);
}
