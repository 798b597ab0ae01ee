/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-context.c: picks the history that fits the context window, whole turns at a time. */

#define G_LOG_DOMAIN "mimo-context"

#include "config.h"

#include "mimo-context.h"
#include "mimo-message.h"

void
mimo_context_free (MimoContext *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->messages, g_ptr_array_unref);
  g_free (self);
}

static gboolean
is_sendable (MimoMessage *message)
{
  MimoRole         role = mimo_message_get_role (message);
  MimoMessageState state = mimo_message_get_state (message);

  if (role != MIMO_ROLE_USER && role != MIMO_ROLE_ASSISTANT)
    return FALSE;
  if (state == MIMO_MESSAGE_STATE_FAILED || state == MIMO_MESSAGE_STATE_STREAMING)
    return FALSE;

  /* A stopped or cut answer is kept: the user saw it, and the next
   * question may well refer to it. */
  return mimo_message_get_content_length (message) > 0;
}

MimoContext *
mimo_context_select (const char *system_prompt,
                     GListModel *history,
                     gint64      context_window,
                     gint64      max_tokens)
{
  g_autoptr (GPtrArray) sendable = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GArray)    chars = g_array_new (FALSE, FALSE, sizeof (gint64));
  MimoContext          *self;
  gint64                budget;
  gint64                used = 0;
  gint64                used_chars = 0;
  guint                 n_items;
  guint                 first_kept;
  guint                 turn_start;

  g_return_val_if_fail (G_IS_LIST_MODEL (history), NULL);

  self = g_new0 (MimoContext, 1);
  self->messages = g_ptr_array_new_with_free_func (g_object_unref);

  if (system_prompt != NULL && *system_prompt != '\0')
    {
      self->n_chars = g_utf8_strlen (system_prompt, -1);
      self->estimated_tokens = mimo_estimate_tokens_for_chars (self->n_chars) + MIMO_CONTEXT_MESSAGE_OVERHEAD;
    }
  budget = context_window - MAX (max_tokens, 0) - self->estimated_tokens;

  n_items = g_list_model_get_n_items (history);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (MimoMessage) message = g_list_model_get_item (history, i);

      if (is_sendable (message))
        {
          gint64 n = g_utf8_strlen (mimo_message_get_content (message), mimo_message_get_content_length (message));

          g_ptr_array_add (sendable, g_steal_pointer (&message));
          g_array_append_val (chars, n);
        }
    }

  /* Walk back a turn at a time: a turn starts at a question and holds the
   * answers after it, so a question never goes without its answer. */
  first_kept = sendable->len;
  turn_start = sendable->len;
  while (turn_start > 0)
    {
      gint64 turn_tokens = 0;
      gint64 turn_chars = 0;
      guint  start = turn_start - 1;

      while (start > 0 && mimo_message_get_role (g_ptr_array_index (sendable, start)) != MIMO_ROLE_USER)
        start--;

      for (guint i = start; i < turn_start; i++)
        {
          gint64 n = g_array_index (chars, gint64, i);

          turn_chars += n;
          turn_tokens += mimo_estimate_tokens_for_chars (n) + MIMO_CONTEXT_MESSAGE_OVERHEAD;
        }

      /* The newest turn goes whatever its size. */
      if (first_kept != sendable->len && used + turn_tokens > budget)
        break;
      if (first_kept == sendable->len && turn_tokens > budget)
        self->over_budget = TRUE;

      used += turn_tokens;
      used_chars += turn_chars;
      first_kept = start;
      turn_start = start;
    }

  for (guint i = first_kept; i < sendable->len; i++)
    g_ptr_array_add (self->messages, g_object_ref (g_ptr_array_index (sendable, i)));

  self->n_left_out = first_kept;
  self->estimated_tokens += used;
  self->n_chars += used_chars;

  return self;
}
