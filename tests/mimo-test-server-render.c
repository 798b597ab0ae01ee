/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-server-render.c: an answer written out as the provider would — SSE events or one JSON object. */

#define G_LOG_DOMAIN "mimo-test-server"

#include "config.h"

#include <string.h>

#include "mimo-test-server-private.h"

/* The card's prices in nano-dollars, written out here rather than taken
 * from mimo-core so the server does not test the client with itself. */
#define INPUT_NANOS      500
#define CACHED_NANOS     50
#define OUTPUT_NANOS     1500
#define WEB_SEARCH_NANOS 15000000

/* ----------------------------------------------------------- rendering -- */

typedef struct
{
  GPtrArray        *steps;
  const TestAnswer *answer;
  const TestChat   *chat;
  gboolean          sent_role;
} Writer;

static void
add_step (GPtrArray   *steps,
          TestStepKind kind,
          guint        delay_ms,
          GBytes      *bytes)
{
  TestStep *step = g_new0 (TestStep, 1);

  step->kind = kind;
  step->delay_ms = delay_ms;
  step->bytes = bytes;
  g_ptr_array_add (steps, step);
}

static void
test_step_free (gpointer data)
{
  TestStep *step = data;

  g_clear_pointer (&step->bytes, g_bytes_unref);
  g_free (step);
}

static void
write_text (Writer     *writer,
            const char *text,
            gsize       len)
{
  add_step (writer->steps, TEST_STEP_WRITE, writer->answer->delay_ms, g_bytes_new (text, len));
}

static void
write_event (Writer     *writer,
             const char *data)
{
  const char *eol = writer->answer->eol;
  char       *event = g_strconcat ("data: ", data, eol, eol,
                             writer->answer->keepalive ? ": keep-alive" : "",
                             writer->answer->keepalive ? eol : "",
                             writer->answer->keepalive ? eol : "",
                                   NULL);

  write_text (writer, event, strlen (event));
  g_free (event);
}

static void
begin_chunk (JsonBuilder *builder,
             const char  *object_type,
             const char  *model)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "chatcmpl-mimo-test-0001");
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, object_type);
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, 1767225600);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, model);
}

char *
test_builder_to_string (JsonBuilder *builder)
{
  g_autoptr (JsonNode) root = json_builder_get_root (builder);

  return json_to_string (root, FALSE);
}

static void
write_delta (Writer     *writer,
             const char *content,
             const char *reasoning)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char        *json = NULL;

  begin_chunk (builder, "chat.completion.chunk", writer->chat->model);
  json_builder_set_member_name (builder, "choices");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "delta");
  json_builder_begin_object (builder);
  if (!writer->sent_role)
    {
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, "assistant");
      writer->sent_role = TRUE;
    }
  if (content != NULL)
    {
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, content);
    }
  if (reasoning != NULL)
    {
      json_builder_set_member_name (builder, "reasoning_content");
      json_builder_add_string_value (builder, reasoning);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "finish_reason");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json = test_builder_to_string (builder);
  write_event (writer, json);
}

static void
add_usage (JsonBuilder      *builder,
           const TestAnswer *answer)
{
  gint64 completion = answer->reasoning->len + answer->content->len;
  gint64 nanos = (answer->prompt_tokens - answer->cached_tokens) * INPUT_NANOS +
                 answer->cached_tokens * CACHED_NANOS + completion * OUTPUT_NANOS +
                 answer->searches * WEB_SEARCH_NANOS;

  json_builder_set_member_name (builder, "usage");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "prompt_tokens");
  json_builder_add_int_value (builder, answer->prompt_tokens);
  json_builder_set_member_name (builder, "completion_tokens");
  json_builder_add_int_value (builder, completion);
  json_builder_set_member_name (builder, "total_tokens");
  json_builder_add_int_value (builder, answer->prompt_tokens + completion);
  json_builder_set_member_name (builder, "prompt_tokens_details");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cached_tokens");
  json_builder_add_int_value (builder, answer->cached_tokens);
  json_builder_end_object (builder);
  if (answer->reasoning->len > 0)
    {
      json_builder_set_member_name (builder, "completion_tokens_details");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "reasoning_tokens");
      json_builder_add_int_value (builder, answer->reasoning->len);
      json_builder_end_object (builder);
    }
  json_builder_set_member_name (builder, "cost_usd");
  json_builder_add_double_value (builder, nanos / 1e9);
  if (answer->searches > 0)
    {
      json_builder_set_member_name (builder, "tool_usage");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "web_search");
      json_builder_add_int_value (builder, answer->searches);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
}

static void
write_finish (Writer *writer)
{
  g_autoptr (JsonBuilder) finish = json_builder_new ();
  g_autofree char        *json = NULL;

  begin_chunk (finish, "chat.completion.chunk", writer->chat->model);
  json_builder_set_member_name (finish, "choices");
  json_builder_begin_array (finish);
  json_builder_begin_object (finish);
  json_builder_set_member_name (finish, "index");
  json_builder_add_int_value (finish, 0);
  json_builder_set_member_name (finish, "delta");
  json_builder_begin_object (finish);
  json_builder_end_object (finish);
  json_builder_set_member_name (finish, "finish_reason");
  json_builder_add_string_value (finish, writer->answer->finish_reason);
  json_builder_end_object (finish);
  json_builder_end_array (finish);
  json_builder_end_object (finish);
  json = test_builder_to_string (finish);
  write_event (writer, json);

  if (writer->answer->usage)
    {
      g_autoptr (JsonBuilder) usage = json_builder_new ();
      g_autofree char        *usage_json = NULL;

      /* As OpenAI does with include_usage: a last chunk with no choice. */
      begin_chunk (usage, "chat.completion.chunk", writer->chat->model);
      json_builder_set_member_name (usage, "choices");
      json_builder_begin_array (usage);
      json_builder_end_array (usage);
      add_usage (usage, writer->answer);
      json_builder_end_object (usage);
      usage_json = test_builder_to_string (usage);
      write_event (writer, usage_json);
    }

  write_event (writer, "[DONE]");
}

/* Returns FALSE when the stream stops at the fault. */
static gboolean
write_fault (Writer *writer)
{
  const TestAnswer *answer = writer->answer;

  switch (answer->fault)
    {
    case TEST_FAULT_MALFORMED:
      write_event (writer, "{\"choices\": [{\"delta\": {\"content\": \"lost");
      return TRUE;

    case TEST_FAULT_ERROR_EVENT:
      write_event (writer, "{\"error\": {\"message\": \"The model backend stopped unexpectedly.\", "
                           "\"type\": \"server_error\", \"code\": \"upstream_error\"}}");
      add_step (writer->steps, TEST_STEP_END, 0, NULL);
      return FALSE;

    case TEST_FAULT_STALL:
      add_step (writer->steps, TEST_STEP_STALL, 0, NULL);
      return FALSE;

    case TEST_FAULT_HUGE:
      {
        const gsize piece = 1024 * 1024;
        gsize       left = answer->huge_size;
        char       *filler = g_malloc (piece);

        memset (filler, 'x', piece);
        write_text (writer, "data: {\"x\": \"", 14);
        while (left > 0)
          {
            gsize n = MIN (left, piece);

            add_step (writer->steps, TEST_STEP_WRITE, 0, g_bytes_new (filler, n));
            left -= n;
          }
        g_free (filler);
        write_text (writer, "\"}\n\n", 4);
        return TRUE;
      }

    case TEST_FAULT_NONE:
    default:
      return TRUE;
    }
}

/* The benchmark stream: the same chunks as write_delta() makes, from a
 * template, so the server spends next to nothing per token and the
 * measure is the client's. As fast as possible, 256 events go in each
 * HTTP chunk (libsoup's server spends ~0.1 ms on each chunk, which would
 * make the server the thing measured); with a rate, one chunk every 10 ms. */
static void
write_bench (Writer *writer)
{
  const TestAnswer *answer = writer->answer;
  guint             per_slice = answer->bench_rate > 0 ? MAX (1, answer->bench_rate / 100) : 256;
  GString          *slice = g_string_new (NULL);
  guint             in_slice = 0;

  for (guint i = 0; i < answer->content->len; i++)
    {
      g_string_append_printf (slice,
                              "data: {\"id\":\"chatcmpl-mimo-test-0001\",\"object\":\"chat.completion.chunk\","
                              "\"created\":1767225600,\"model\":\"%s\",\"choices\":[{\"index\":0,"
                              "\"delta\":{\"content\":\"%s\"},\"finish_reason\":null}]}\n\n",
                              writer->chat->model, (const char *) g_ptr_array_index (answer->content, i));
      if (++in_slice == per_slice || i + 1 == answer->content->len)
        {
          gsize len = slice->len;

          add_step (writer->steps, TEST_STEP_WRITE, answer->bench_rate > 0 && i >= per_slice ? 10 : 0,
                    g_bytes_new_take (g_string_free (slice, FALSE), len));
          slice = g_string_new (NULL);
          in_slice = 0;
        }
    }

  g_string_free (slice, TRUE);
}

static GBytes *
concat_steps (GPtrArray *steps)
{
  g_autoptr (GByteArray) all = g_byte_array_new ();

  for (guint i = 0; i < steps->len; i++)
    {
      TestStep *step = g_ptr_array_index (steps, i);

      if (step->bytes != NULL)
        g_byte_array_append (all, g_bytes_get_data (step->bytes, NULL), g_bytes_get_size (step->bytes));
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&all));
}

GPtrArray *
test_render_stream (const TestAnswer *answer,
                    const TestChat   *chat,
                    gboolean         *raw)
{
  g_autoptr (GPtrArray) steps = g_ptr_array_new_with_free_func (test_step_free);
  Writer                writer = { steps, answer, chat, FALSE };
  gboolean              ended = FALSE;

  if (answer->bench)
    write_bench (&writer);
  else
    {
      for (guint i = 0; i < answer->reasoning->len; i++)
        write_delta (&writer, NULL, g_ptr_array_index (answer->reasoning, i));

      for (guint i = 0; i < answer->content->len && !ended; i++)
        {
          if (answer->fault != TEST_FAULT_NONE && i == answer->fault_after)
            ended = !write_fault (&writer);
          if (!ended)
            write_delta (&writer, g_ptr_array_index (answer->content, i), NULL);
        }
    }

  if (!ended)
    write_finish (&writer);

  *raw = FALSE;

  if (answer->one_byte_chunks)
    {
      g_autoptr (GBytes) all = concat_steps (steps);
      const char        *data = g_bytes_get_data (all, NULL);

      g_ptr_array_set_size (steps, 0);
      for (gsize i = 0; i < g_bytes_get_size (all); i++)
        add_step (steps, TEST_STEP_WRITE, 0, g_bytes_new (data + i, 1));
    }
  else if (answer->cut_after >= 0 || answer->end_after >= 0)
    {
      g_autoptr (GBytes) all = concat_steps (steps);
      gsize              n = MIN ((gsize) MAX (answer->cut_after, answer->end_after), g_bytes_get_size (all));

      g_ptr_array_set_size (steps, 0);
      add_step (steps, TEST_STEP_WRITE, 0, g_bytes_new_from_bytes (all, 0, n));
      add_step (steps, answer->cut_after >= 0 ? TEST_STEP_CUT : TEST_STEP_END, 50, NULL);
      /* Cutting a chunked body is only possible on a connection we own. */
      *raw = answer->cut_after >= 0;
    }

  return g_steal_pointer (&steps);
}

GBytes *
test_render_json (const TestAnswer *answer,
                  const TestChat   *chat)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (GString)     content = g_string_new (NULL);
  g_autoptr (GString)     reasoning = g_string_new (NULL);
  g_autofree char        *json = NULL;
  gsize                   len;

  for (guint i = 0; i < answer->content->len; i++)
    g_string_append (content, g_ptr_array_index (answer->content, i));
  for (guint i = 0; i < answer->reasoning->len; i++)
    g_string_append (reasoning, g_ptr_array_index (answer->reasoning, i));

  begin_chunk (builder, "chat.completion", chat->model);
  json_builder_set_member_name (builder, "choices");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "message");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "assistant");
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content->str);
  if (reasoning->len > 0)
    {
      json_builder_set_member_name (builder, "reasoning_content");
      json_builder_add_string_value (builder, reasoning->str);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "finish_reason");
  json_builder_add_string_value (builder, answer->finish_reason);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  add_usage (builder, answer);
  json_builder_end_object (builder);

  json = test_builder_to_string (builder);
  len = strlen (json);
  return g_bytes_new_take (g_steal_pointer (&json), len);
}
