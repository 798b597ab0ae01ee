/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-client-chunk.c: one chunk of an answer (or a whole answer) read into its completion. */

#define G_LOG_DOMAIN "mimo-client"

#include "config.h"

#include <string.h>

#include "mimo-client-private.h"
#include "mimo-completion-private.h"

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* json-glib decodes a lone surrogate escape ("\\ud800") into bytes that
 * are not UTF-8; the answer's text must be, for the views and the store. */
static char *
valid_text (const char *text)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return NULL;
  return g_utf8_make_valid (text, -1);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

gboolean
_mimo_client_apply_chunk (MimoCompletion    *completion,
                          JsonNode          *root,
                          const MimoPricing *pricing,
                          const char        *secret,
                          GError           **error)
{
  JsonObject *object;
  JsonObject *usage;
  JsonNode   *node;
  JsonNode   *error_node;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_propagate_error (error, _mimo_client_error_malformed ());
      return FALSE;
    }

  object = json_node_get_object (root);

  error_node = json_object_get_member (object, "error");
  if (error_node != NULL && !JSON_NODE_HOLDS_NULL (error_node))
    {
      g_propagate_error (error, _mimo_client_error_from_stream_event (root, secret));
      return FALSE;
    }

  if (mimo_completion_get_response_id (completion) == NULL)
    _mimo_completion_set_response_id (completion, member_string (object, "id"));

  node = json_object_get_member (object, "choices");
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) > 0)
    {
      JsonNode *choice_node = json_array_get_element (json_node_get_array (node), 0);

      if (JSON_NODE_HOLDS_OBJECT (choice_node))
        {
          JsonObject *choice = json_node_get_object (choice_node);
          JsonObject *delta = member_object (choice, "delta");
          const char *finish_reason = member_string (choice, "finish_reason");

          /* A whole answer has "message" where a chunk has "delta". */
          if (delta == NULL)
            delta = member_object (choice, "message");
          if (delta != NULL)
            {
              const char      *content = member_string (delta, "content");
              const char      *reasoning = member_string (delta, "reasoning_content");
              g_autofree char *valid_content = NULL;
              g_autofree char *valid_reasoning = NULL;

              if (reasoning == NULL)
                reasoning = member_string (delta, "reasoning");
              if ((valid_content = valid_text (content)) != NULL)
                content = valid_content;
              if ((valid_reasoning = valid_text (reasoning)) != NULL)
                reasoning = valid_reasoning;
              if (content != NULL || reasoning != NULL)
                _mimo_completion_append (completion,
                                         content, content != NULL ? strlen (content) : 0,
                                         reasoning, reasoning != NULL ? strlen (reasoning) : 0);
            }
          if (finish_reason != NULL)
            {
              g_autofree char *valid_reason = valid_text (finish_reason);

              _mimo_completion_set_finish_reason (completion, valid_reason != NULL ? valid_reason : finish_reason);
            }
        }
    }

  usage = member_object (object, "usage");
  if (usage != NULL)
    _mimo_completion_set_usage (completion, mimo_usage_new_from_json (usage), pricing);

  return TRUE;
}
