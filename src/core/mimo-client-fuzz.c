/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-client-fuzz.c: checks the client's reading of chunks, error bodies and model schemas on any bytes. */

#define G_LOG_DOMAIN "mimo-client"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mimo-json.h"
#include "mimo-client-private.h"
#include "mimo-completion-private.h"
#include "mimo-error.h"
#include "mimo-pricing.h"
#include "mimo-fuzz-private.h"


/* The key the inputs may try to smuggle into a message (it is in the
 * dictionary, tests/fuzz/client.dict). */
#define FUZZ_SECRET "sk-fuzz-secret-0123456789abcdef"

/* Whatever went wrong, people read a sentence: words, no key, not the
 * provider's whole body. */
static void
check_error (const GError *error)
{
  CHECK (error != NULL);
  CHECK (error->domain == MIMO_CLIENT_ERROR);
  CHECK (error->message != NULL && error->message[0] != '\0');
  CHECK (g_utf8_validate (error->message, -1, NULL));
  if (strstr (error->message, FUZZ_SECRET) != NULL)
    FAIL ("the key is in the message: %s", error->message);
  if (strlen (error->message) > 2048)
    FAIL ("a message of %" G_GSIZE_FORMAT " bytes", strlen (error->message));
}

static void
check_usage (const MimoUsage *usage)
{
  CHECK (usage->prompt_tokens >= 0);
  CHECK (usage->completion_tokens >= 0);
  CHECK (usage->cached_tokens >= 0 && usage->cached_tokens <= usage->prompt_tokens);
  CHECK (usage->web_search_calls >= 0);
  CHECK (usage->tool_usage_json == NULL || g_utf8_validate (usage->tool_usage_json, -1, NULL));
}

static void
check_pricing (const MimoPricing *pricing)
{
  CHECK (pricing->input_nanos >= 0);
  CHECK (pricing->cached_nanos >= 0);
  CHECK (pricing->output_nanos >= 0);
  CHECK (pricing->web_search_nanos >= 0);
}

/* One line of the stream as the client reads a `data:` event. */
static gboolean
apply_line (MimoCompletion    *completion,
            JsonParser        *parser,
            const char        *line,
            gsize              len,
            gboolean           error_event,
            const MimoPricing *pricing)
{
  g_autoptr (GError) error = NULL;
  gboolean           parsed = mimo_json_load (parser, line, len, NULL) &&
                    json_parser_get_root (parser) != NULL;

  if (error_event)
    {
      error = _mimo_client_error_from_stream_event (parsed ? json_parser_get_root (parser) : NULL,
                                                    FUZZ_SECRET);
      check_error (error);
      return FALSE;
    }

  if (!parsed)
    return TRUE;

  if (!_mimo_client_apply_chunk (completion, json_parser_get_root (parser), pricing, FUZZ_SECRET, &error))
    {
      check_error (error);
      return FALSE;
    }
  CHECK (error == NULL);
  return TRUE;
}

void
mimo_client_chunk_fuzz (const guint8 *data,
                        gsize         size)
{
  static const char          *content_types[] = { "application/json", "text/html", "text/plain", NULL };
  g_autoptr (MimoChatParams)  params = mimo_chat_params_new ();
  g_autoptr (MimoChatRequest) request = mimo_chat_request_new (params);
  g_autoptr (MimoPricing)     pricing = mimo_pricing_new ();
  g_autoptr (MimoCompletion)  completion = NULL;
  g_autoptr (JsonParser)      parser = json_parser_new ();
  g_autoptr (GBytes)          body = NULL;
  g_autoptr (GError)          status_error = NULL;
  g_autoptr (MimoUsage)       usage = NULL;
  const char                 *text;
  const char                 *end;
  guint                       status;
  int                         retry_after;
  guint8                      mode;

  /* Byte 0: which lines are `error` events (bit n: line n), byte 1: an
   * HTTP status (400 + value) and byte 2 a content type and Retry-After
   * for the same bytes read as an error body. The rest: one event a line;
   * the whole rest is also read as a model's schema. */
  if (size < 3)
    return;
  mode = data[0];
  status = 400 + data[1];
  retry_after = (data[2] >> 2) - 1;
  body = g_bytes_new (data + 3, size - 3);
  text = (const char *) data + 3;
  end = (const char *) data + size;

  status_error = _mimo_client_error_from_status (status, "Reason", content_types[data[2] & 3], body,
                                                 retry_after, FUZZ_SECRET);
  check_error (status_error);
  g_clear_error (&status_error);
  status_error = _mimo_client_error_from_status (status, NULL, NULL, NULL, -1, FUZZ_SECRET);
  check_error (status_error);

  if (mimo_json_load (parser, text, end - text, NULL) &&
      json_parser_get_root (parser) != NULL && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_autofree char *message = _mimo_client_provider_message (json_parser_get_root (parser), FUZZ_SECRET);
      JsonObject      *object = json_node_get_object (json_parser_get_root (parser));

      if (message != NULL)
        {
          CHECK (g_utf8_validate (message, -1, NULL));
          CHECK (strstr (message, FUZZ_SECRET) == NULL);
        }
      mimo_pricing_update_from_schema (pricing, object);
      check_pricing (pricing);

      usage = mimo_usage_new_from_json (object);
      check_usage (usage);
      mimo_pricing_cost_nanos (pricing, usage);
    }

  completion = _mimo_completion_new (request, pricing, NULL);
  for (guint line = 0; text < end; line++)
    {
      const char *eol = memchr (text, '\n', end - text);
      gsize       len = (eol != NULL ? eol : end) - text;

      if (!apply_line (completion, parser, text, len, line < 8 && (mode & (1u << line)), pricing))
        break;
      text += len + 1;
    }

  CHECK (g_utf8_validate (mimo_completion_get_content (completion),
                          mimo_completion_get_content_length (completion), NULL));
  CHECK (strlen (mimo_completion_get_content (completion)) == mimo_completion_get_content_length (completion));
  CHECK (g_utf8_validate (mimo_completion_get_reasoning (completion),
                          mimo_completion_get_reasoning_length (completion), NULL));
  CHECK (mimo_completion_get_finish_reason (completion) == NULL ||
         g_utf8_validate (mimo_completion_get_finish_reason (completion), -1, NULL));
  if (mimo_completion_get_usage (completion) != NULL)
    {
      check_usage (mimo_completion_get_usage (completion));
      CHECK (mimo_completion_get_computed_cost (completion) >= 0);
    }
  g_clear_pointer (&usage, mimo_usage_free);
  usage = mimo_completion_dup_usage_or_estimate (completion);
  check_usage (usage);
  _mimo_completion_finish (completion, MIMO_MESSAGE_STATE_COMPLETE, NULL);
}
