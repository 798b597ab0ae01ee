/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-cli-ask.c: one `--ask` run — saved through MimoTurn, streamed to stdout as it comes, stopped by Ctrl+C. */

#define G_LOG_DOMAIN "mimo-cli"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "mimo-cli-ask.h"
#include "mimo-cli.h"
#include "mimo-cli-private.h"
#include "mimo-error.h"
#include "mimo-turn.h"

typedef struct
{
  MimoCliAsk     *ask;
  MimoTurn       *turn;
  MimoCompletion *completion;
  GMainLoop      *loop;
  GCancellable   *fetch_cancellable;
  gboolean        in_reasoning;
  guint           interrupts;
  gboolean        done;
} Run;

MimoCliAsk *
mimo_cli_ask_new (void)
{
  MimoCliAsk *self = g_new0 (MimoCliAsk, 1);

  self->params = mimo_chat_params_new ();
  self->defaults = mimo_chat_params_new ();

  return self;
}

void
mimo_cli_ask_free (MimoCliAsk *self)
{
  if (self == NULL)
    return;

  g_free (self->question);
  g_free (self->system);
  g_free (self->key_problem);
  mimo_chat_params_free (self->params);
  mimo_chat_params_free (self->defaults);
  g_free (self);
}

/* ------------------------------------------------------------ output -- */

/* Unbuffered in effect: each delta is written and flushed as it arrives. */
static void
write_out (FILE       *stream,
           const char *text)
{
  fputs (text, stream);
  fflush (stream);
}

static void
delta_cb (MimoCompletion *completion,
          const char     *content,
          const char     *reasoning,
          gpointer        user_data)
{
  Run *run = user_data;

  if (reasoning != NULL && run->ask->show_thinking)
    {
      run->in_reasoning = TRUE;
      write_out (stderr, reasoning);
    }

  /* With --json, stdout holds the one object and nothing else. */
  if (content != NULL && !run->ask->json)
    {
      /* A blank line between the thinking and the answer on a terminal. */
      if (run->in_reasoning)
        {
          write_out (stderr, "\n\n");
          run->in_reasoning = FALSE;
        }
      write_out (stdout, content);
    }
}

static void
retrying_cb (MimoCompletion *completion,
             guint           attempt,
             double          delay_seconds,
             const GError   *error,
             gpointer        user_data)
{
  Run        *run = user_data;
  int         seconds = MAX (1, (int) (delay_seconds + 0.999));
  const char *what;

  if (run->ask->json)
    return;

  /* The error's own text tells the user to try later; here we are the
   * ones trying, so say only what happened. */
  if (g_error_matches (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_RATE_LIMIT))
    what = _ ("EmpirioLabs asked to slow down.");
  else if (g_error_matches (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_SERVER))
    what = _ ("EmpirioLabs had a problem.");
  else
    what = _ ("Could not reach EmpirioLabs.");

  g_printerr (ngettext ("mimo-chat: %s Trying again in %d second…\n",
                        "mimo-chat: %s Trying again in %d seconds…\n", seconds),
              what, seconds);
}

static void
add_cost (JsonBuilder *builder,
          const char  *name,
          gboolean     known,
          gint64       nanos)
{
  json_builder_set_member_name (builder, name);
  if (known)
    json_builder_add_double_value (builder, (double) nanos / MIMO_NANOS_PER_USD);
  else
    json_builder_add_null_value (builder);
}

static char *
format_json (MimoCliAsk        *self,
             MimoMessageState   state,
             const char        *content,
             const char        *reasoning,
             const char        *finish_reason,
             const MimoUsage   *usage,
             const MimoPricing *pricing,
             const GError      *error)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode)    root = NULL;

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, mimo_message_state_to_string (state));
  if (self->conversation_id > 0)
    {
      json_builder_set_member_name (builder, "conversation_id");
      json_builder_add_int_value (builder, self->conversation_id);
    }
  if (self->message_id > 0)
    {
      json_builder_set_member_name (builder, "message_id");
      json_builder_add_int_value (builder, self->message_id);
    }
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_set_member_name (builder, "reasoning");
  json_builder_add_string_value (builder, reasoning);
  json_builder_set_member_name (builder, "finish_reason");
  if (finish_reason != NULL)
    json_builder_add_string_value (builder, finish_reason);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "usage");
  if (usage != NULL)
    {
      json_builder_begin_object (builder);
      mimo_usage_add_to_builder (usage, builder);
      add_cost (builder, "provider_cost_usd", usage->has_provider_cost, usage->provider_cost_nanos);
      add_cost (builder, "computed_cost_usd", TRUE, mimo_pricing_cost_nanos (pricing, usage));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  if (error != NULL)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, mimo_client_error_code_name (error->code));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, error->message);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

char *
mimo_cli_ask_format_json (MimoCliAsk     *self,
                          MimoCompletion *completion)
{
  g_autoptr (MimoUsage) usage = NULL;

  /* The provider's usage; an estimate when text came but no usage (a
   * cancelled or cut answer is still billed); none when nothing came. */
  if (mimo_completion_get_usage (completion) != NULL ||
      mimo_completion_get_content_length (completion) > 0 ||
      mimo_completion_get_reasoning_length (completion) > 0)
    usage = mimo_completion_dup_usage_or_estimate (completion);

  return format_json (self,
                      mimo_completion_get_state (completion),
                      mimo_completion_get_content (completion),
                      mimo_completion_get_reasoning (completion),
                      mimo_completion_get_finish_reason (completion),
                      usage,
                      mimo_completion_get_pricing (completion),
                      mimo_completion_get_error (completion));
}

/* Nothing was sent: say why, as text or as the --json object. */
static int
fail_before_sending (MimoCliAsk   *self,
                     const GError *error)
{
  if (self->json)
    {
      g_autofree char *json = format_json (self, MIMO_MESSAGE_STATE_FAILED, "", "", NULL, NULL, NULL, error);

      write_out (stdout, json);
      write_out (stdout, "\n");
    }
  else
    _mimo_cli_print_problem (error->message);

  return MIMO_CLI_EXIT_FAILED;
}

static int
exit_status (MimoCompletion *completion)
{
  switch (mimo_completion_get_state (completion))
    {
    case MIMO_MESSAGE_STATE_COMPLETE:
      return MIMO_CLI_EXIT_OK;
    case MIMO_MESSAGE_STATE_CANCELLED:
      return MIMO_CLI_EXIT_CANCELLED;
    case MIMO_MESSAGE_STATE_STREAMING:
    case MIMO_MESSAGE_STATE_INTERRUPTED:
    case MIMO_MESSAGE_STATE_FAILED:
    default:
      return MIMO_CLI_EXIT_FAILED;
    }
}

static void
print_end (Run *run)
{
  MimoCompletion *completion = run->completion;
  const GError   *error = mimo_completion_get_error (completion);
  const char     *content = mimo_completion_get_content (completion);
  gsize           len = mimo_completion_get_content_length (completion);

  if (run->ask->json)
    {
      g_autofree char *json = mimo_cli_ask_format_json (run->ask, completion);

      write_out (stdout, json);
      write_out (stdout, "\n");
      return;
    }

  /* End the answer's last line, as any command's output does. */
  if (len > 0 && content[len - 1] != '\n')
    write_out (stdout, "\n");

  if (mimo_completion_get_state (completion) == MIMO_MESSAGE_STATE_CANCELLED)
    g_printerr ("mimo-chat: %s\n", len > 0 ? _ ("Stopped. The answer above is incomplete.") : _ ("Stopped before any answer arrived."));
  else if (error != NULL)
    g_printerr ("mimo-chat: %s\n", error->message);

  /* A partial answer is worth finding again. */
  if (exit_status (completion) != MIMO_CLI_EXIT_OK && len > 0 && run->ask->conversation_id > 0)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, run->ask->conversation_id);
      g_autofree char *message = g_strdup_printf (_ ("The answer so far is saved in chat %s."), id);

      g_printerr ("mimo-chat: %s\n", message);
    }
}

/* ----------------------------------------------------------- running -- */

static gboolean
sigint_cb (gpointer user_data)
{
  Run *run = user_data;

  /* The first Ctrl+C stops the answer, which is kept; a second one
   * (should anything hang) leaves the wait at once. */
  if (run->interrupts++ == 0)
    mimo_turn_cancel (run->turn);
  else
    g_main_loop_quit (run->loop);

  return G_SOURCE_CONTINUE;
}

static void
turn_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;

  /* The error is the completion's, printed from there. */
  mimo_turn_finish (MIMO_TURN (object), result, NULL);
  run->done = TRUE;
  g_main_loop_quit (run->loop);
}

static void
fetch_model_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (JsonObject) schema = NULL;
  g_autoptr (GError)     error = NULL;

  /* The card's prices stand in when the schema cannot be had. */
  schema = mimo_client_fetch_model_finish (MIMO_CLIENT (object), result, &error);
  if (schema == NULL)
    g_debug ("No model schema: %s", error->message);
}

/* What would stop the request before it leaves: checked first, so a
 * question that cannot be sent leaves no failed chat behind. */
static gboolean
can_send (MimoCliAsk *self,
          MimoClient *client,
          GError    **error)
{
  if (!mimo_client_check_base_url (mimo_client_get_base_url (client), error))
    return FALSE;

  if (!mimo_client_has_api_key (client))
    {
      if (self->key_problem != NULL)
        g_set_error_literal (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_NO_KEY, self->key_problem);
      else
        g_set_error_literal (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_NO_KEY,
                             _ ("No EmpirioLabs API key is set. Add your key in Mimo Chat’s Preferences, "
                                "or set EMPIRIOLABS_API_KEY, then try again."));
      return FALSE;
    }

  return TRUE;
}

static MimoConversation *
new_conversation (MimoCliAsk *self,
                  MimoStore  *store)
{
  MimoConversation *conversation = mimo_store_create_conversation (store);

  if (self->system != NULL)
    mimo_conversation_set_system_prompt (conversation, self->system);
  /* The chat keeps the options it was started with, so a later
   * --conversation (or the window) goes on the same way. */
  mimo_conversation_set_params (conversation, self->params, self->defaults);

  return conversation;
}

int
mimo_cli_ask_run (MimoCliAsk       *self,
                  MimoClient       *client,
                  MimoStore        *store,
                  MimoConversation *conversation)
{
  g_autoptr (MimoTurn)  turn = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GError)    error = NULL;
  Run                   run = { 0 };
  guint                 sigint_id;
  int                   status;

  g_return_val_if_fail (self != NULL, MIMO_CLI_EXIT_USAGE);
  g_return_val_if_fail (MIMO_IS_CLIENT (client), MIMO_CLI_EXIT_USAGE);
  g_return_val_if_fail (MIMO_IS_STORE (store), MIMO_CLI_EXIT_USAGE);
  g_return_val_if_fail (conversation == NULL || MIMO_IS_CONVERSATION (conversation), MIMO_CLI_EXIT_USAGE);

  if (!can_send (self, client, &error))
    return fail_before_sending (self, error);

  if (conversation == NULL)
    conversation = new_conversation (self, store);

  turn = mimo_turn_new (store, client, conversation, self->params);
  loop = g_main_loop_new (NULL, FALSE);

  run.ask = self;
  run.turn = turn;
  run.loop = loop;
  run.fetch_cancellable = g_cancellable_new ();

  /* The schema's prices, fetched beside the answer when possible; the
   * answer never waits for it. */
  mimo_client_fetch_model_async (client, run.fetch_cancellable, fetch_model_cb, NULL);

  /* The request starts from an idle: handlers connected now miss nothing.
   * The turn's own handler, connected first, grows the saved answer
   * before the text reaches stdout. */
  mimo_turn_ask_async (turn, self->question, NULL, turn_done_cb, &run);
  run.completion = g_object_ref (mimo_turn_get_completion (turn));
  g_signal_connect (run.completion, "delta", G_CALLBACK (delta_cb), &run);
  g_signal_connect (run.completion, "retrying", G_CALLBACK (retrying_cb), &run);

  sigint_id = g_unix_signal_add (SIGINT, sigint_cb, &run);
  g_main_loop_run (loop);

  g_cancellable_cancel (run.fetch_cancellable);
  /* A second Ctrl+C left the loop before the turn ended; it still ends
   * by saving what came and recording the request. */
  if (!run.done)
    {
      mimo_turn_cancel (turn);
      while (!run.done)
        g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (sigint_id);

  /* The ids are final once written (another process may have taken
   * one), and only worth printing when the history kept them. */
  if (mimo_store_flush (store) && !mimo_store_get_in_memory (store))
    {
      self->conversation_id = mimo_conversation_get_id (conversation);
      self->message_id = mimo_message_get_id (mimo_turn_get_answer (turn));
    }

  print_end (&run);
  status = exit_status (run.completion);

  g_signal_handlers_disconnect_by_data (run.completion, &run);
  g_clear_object (&run.completion);
  g_clear_object (&run.fetch_cancellable);

  /* Let cancelled operations report, so nothing outlives the run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return status;
}
