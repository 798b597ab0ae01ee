/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-server-scenarios.c: the answers the test server plays — demo text, faults, error pages. */

#define G_LOG_DOMAIN "mimo-test-server"

#include "config.h"

#include <string.h>

#include "mimo-test-server-private.h"

/* The provider prepends its identity prompt when there is no system
 * message; it is the same every time, so it is always cached. */
#define IDENTITY_PROMPT_TOKENS 64

/* The card's prices in nano-dollars, written out here rather than taken
 * from mimo-core so the server does not test the client with itself. */
#define INPUT_NANOS      500
#define CACHED_NANOS     50
#define OUTPUT_NANOS     1500
#define WEB_SEARCH_NANOS 15000000

typedef enum
{
  FAULT_NONE,
  FAULT_MALFORMED,
  FAULT_ERROR_EVENT,
  FAULT_STALL,
  FAULT_HUGE,
} Fault;

typedef struct
{
  GPtrArray  *reasoning; /* tokens */
  GPtrArray  *content;   /* tokens */
  gint64      searches;
  gint64      prompt_tokens;
  gint64      cached_tokens;
  const char *finish_reason;
  gboolean    usage;

  Fault fault;
  guint fault_after; /* content tokens before the fault */
  gsize huge_size;

  guint       delay_ms;
  const char *eol;
  gboolean    keepalive;
  gboolean    one_byte_chunks;
  gssize      cut_after;  /* bytes, or -1 */
  gssize      end_after;  /* bytes, or -1 */
  gboolean    bench;      /* plain token events, cheap to make */
  gint64      bench_rate; /* tokens a second, 0 for as fast as possible */
} Answer;

/* ------------------------------------------------------------ request -- */

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static gboolean
object_boolean (JsonObject *object,
                const char *name,
                gboolean    fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_BOOLEAN ? json_node_get_boolean (node) : fallback;
}

static void
replace_string (char      **field,
                const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

TestChat *
test_chat_new_from_json (JsonNode *root)
{
  TestChat   *chat = g_new0 (TestChat, 1);
  JsonObject *object;
  JsonNode   *messages;

  chat->last_user = g_strdup ("");
  chat->model = g_strdup ("mimo-v2-flash");
  chat->enable_thinking = TRUE;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return chat;

  object = json_node_get_object (root);
  chat->stream = object_boolean (object, "stream", FALSE);
  chat->enable_thinking = object_boolean (object, "enable_thinking", TRUE);
  chat->tool_web_search = object_boolean (object, "tool_web_search", FALSE);
  chat->disable_formatting = object_boolean (object, "disable_formatting", FALSE);
  if (object_string (object, "model") != NULL)
    replace_string (&chat->model, object_string (object, "model"));

  messages = json_object_get_member (object, "messages");
  if (messages != NULL && JSON_NODE_HOLDS_ARRAY (messages))
    {
      JsonArray *array = json_node_get_array (messages);

      chat->n_messages = json_array_get_length (array);
      for (guint i = 0; i < chat->n_messages; i++)
        {
          JsonNode   *element = json_array_get_element (array, i);
          JsonObject *message = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
          const char *role = object_string (message, "role");
          const char *content = object_string (message, "content");

          if (content == NULL)
            continue;
          chat->prompt_chars += g_utf8_strlen (content, -1);
          if (g_strcmp0 (role, "system") == 0)
            chat->has_system = TRUE;
          if (g_strcmp0 (role, "user") == 0)
            replace_string (&chat->last_user, content);
        }
    }

  return chat;
}

void
test_chat_free (TestChat *chat)
{
  if (chat == NULL)
    return;

  g_free (chat->last_user);
  g_free (chat->model);
  g_free (chat);
}

char *
test_chat_find_marker (const TestChat *chat)
{
  const char *start = strstr (chat->last_user, "[[mimo-test:");
  const char *end;

  if (start == NULL)
    return NULL;

  start += strlen ("[[mimo-test:");
  end = strstr (start, "]]");
  if (end == NULL)
    return NULL;

  return g_strstrip (g_strndup (start, end - start));
}

/* ------------------------------------------------------------- tokens -- */

/* Roughly what a tokenizer does: leading spaces stay with the next word,
 * words are cut every four characters (never inside a UTF-8 sequence). */
static void
add_tokens (GPtrArray  *tokens,
            const char *text)
{
  const char *p = text;

  while (*p != '\0')
    {
      const char *start = p;
      guint       n_chars = 0;

      while (*p == ' ')
        p++;
      if (*p == '\n')
        {
          while (*p == '\n')
            p++;
        }
      else
        {
          while (*p != '\0' && *p != ' ' && *p != '\n' && n_chars < 4)
            {
              p = g_utf8_next_char (p);
              n_chars++;
            }
        }
      g_ptr_array_add (tokens, g_strndup (start, p - start));
    }
}

static char *
prompt_excerpt (const TestChat *chat)
{
  g_autoptr (GString) text = g_string_new (NULL);
  const char         *marker = strstr (chat->last_user, "[[mimo-test:");
  glong               n_chars;

  g_string_append_len (text, chat->last_user, marker != NULL ? marker - chat->last_user : (gssize) strlen (chat->last_user));
  g_strstrip (text->str);
  text->len = strlen (text->str);
  for (gsize i = 0; i < text->len; i++)
    {
      if (text->str[i] == '\n' || text->str[i] == '*' || text->str[i] == '`')
        text->str[i] = ' ';
    }

  n_chars = g_utf8_strlen (text->str, -1);
  if (n_chars > 60)
    {
      g_autofree char *cut = g_utf8_substring (text->str, 0, 60);

      g_string_assign (text, cut);
      g_string_append (text, "…");
    }
  if (text->len == 0)
    g_string_assign (text, "your question");

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ------------------------------------------------------------ answers -- */

static const char demo_reasoning[] =
  "The user asked about “%s”. A good answer gives a short overview first, "
  "then the key points as a list, a small comparison table and a code example. "
  "I should keep it friendly and concise.";

static const char demo_intro[] =
  "## Here is what I found\n\n"
  "You asked: *“%s”*. This is Mimo Chat’s demo mode, so the answer is a built-in sample "
  "rather than MiMo V2 Flash itself — but it streams, renders and costs exactly like a real one.\n\n";

static const char demo_points[] =
  "### Key points\n\n"
  "- **Fast**: MiMo V2 Flash streams its answers token by token.\n"
  "- **Thoughtful**: with *Thinking* on, its reasoning comes before the answer.\n"
  "- **Affordable**: $0.50 per million input tokens and $1.50 per million output tokens.\n\n";

static const char demo_search_points[] =
  "### What the sources say\n\n"
  "- Growth slowed in the last quarter %s, while forecasts for next year improved %s.\n"
  "- Analysts expect prices to stay stable for now %s.\n\n";

static const char demo_table_and_code[] =
  "| Model | Context window | Max output |\n"
  "|---|---|---|\n"
  "| MiMo V2 Flash | 262,144 tokens | 65,536 tokens |\n\n"
  "```python\n"
  "def greet(name: str) -> str:\n"
  "    return f\"Hello, {name}!\"\n"
  "```\n\n"
  "That’s all for now — ask another question to see more. ✨";

static const struct
{
  const char *title;
  const char *url;
} demo_sources[] = {
  { "Quarterly economic report", "https://www.example.org/report" },
  { "Forecasts improve for next year", "https://news.example.com/x" },
};

static char *
citation (const TestChat *chat,
          guint           n)
{
  if (chat->disable_formatting)
    return g_strdup_printf ("[%u]", n);

  return g_strdup_printf ("[[%u]](%s)", n, demo_sources[(n - 1) % G_N_ELEMENTS (demo_sources)].url);
}

static char *
demo_content (const TestChat *chat,
              gboolean        search)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char    *excerpt = prompt_excerpt (chat);

  g_string_append_printf (text, demo_intro, excerpt);
  if (search)
    {
      g_autofree char *c1 = citation (chat, 1);
      g_autofree char *c2 = citation (chat, 2);

      g_string_append_printf (text, demo_search_points, c1, c2, c1);
    }
  else
    g_string_append (text, demo_points);
  g_string_append (text, demo_table_and_code);

  if (search && !chat->disable_formatting)
    {
      g_string_append (text, "\n\n**References**\n\n");
      for (guint i = 0; i < G_N_ELEMENTS (demo_sources); i++)
        g_string_append_printf (text, "%u. [%s](%s)\n", i + 1, demo_sources[i].title, demo_sources[i].url);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
answer_init (Answer         *answer,
             const TestChat *chat,
             guint           delay_ms)
{
  memset (answer, 0, sizeof *answer);
  answer->reasoning = g_ptr_array_new_with_free_func (g_free);
  answer->content = g_ptr_array_new_with_free_func (g_free);
  answer->finish_reason = "stop";
  answer->usage = TRUE;
  answer->delay_ms = delay_ms;
  answer->eol = "\n";
  answer->cut_after = -1;
  answer->end_after = -1;

  answer->prompt_tokens = (chat->has_system ? 0 : IDENTITY_PROMPT_TOKENS) + (chat->prompt_chars + 3) / 4;
  answer->cached_tokens = chat->has_system ? 0 : IDENTITY_PROMPT_TOKENS;
  /* Earlier turns of a conversation come from the cache, by 64-token blocks. */
  if (chat->n_messages > 2)
    answer->cached_tokens += ((answer->prompt_tokens - answer->cached_tokens) * 2 / 3) / 64 * 64;
}

static void
answer_clear (Answer *answer)
{
  g_clear_pointer (&answer->reasoning, g_ptr_array_unref);
  g_clear_pointer (&answer->content, g_ptr_array_unref);
}

static void
answer_demo (Answer         *answer,
             const TestChat *chat,
             gboolean        search,
             gboolean        thinking)
{
  g_autofree char *content = demo_content (chat, search);

  if (thinking)
    {
      g_autofree char *excerpt = prompt_excerpt (chat);
      g_autofree char *reasoning = g_strdup_printf (demo_reasoning, excerpt);

      add_tokens (answer->reasoning, reasoning);
    }
  add_tokens (answer->content, content);
  answer->searches = search ? 2 : 0;
}

/* ----------------------------------------------------------- rendering -- */

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

typedef struct
{
  GPtrArray      *steps;
  const Answer   *answer;
  const TestChat *chat;
  gboolean        sent_role;
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

static char *
builder_to_string (JsonBuilder *builder)
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

  json = builder_to_string (builder);
  write_event (writer, json);
}

static void
add_usage (JsonBuilder  *builder,
           const Answer *answer)
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
  json = builder_to_string (finish);
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
      usage_json = builder_to_string (usage);
      write_event (writer, usage_json);
    }

  write_event (writer, "[DONE]");
}

/* Returns FALSE when the stream stops at the fault. */
static gboolean
write_fault (Writer *writer)
{
  const Answer *answer = writer->answer;

  switch (answer->fault)
    {
    case FAULT_MALFORMED:
      write_event (writer, "{\"choices\": [{\"delta\": {\"content\": \"lost");
      return TRUE;

    case FAULT_ERROR_EVENT:
      write_event (writer, "{\"error\": {\"message\": \"The model backend stopped unexpectedly.\", "
                           "\"type\": \"server_error\", \"code\": \"upstream_error\"}}");
      add_step (writer->steps, TEST_STEP_END, 0, NULL);
      return FALSE;

    case FAULT_STALL:
      add_step (writer->steps, TEST_STEP_STALL, 0, NULL);
      return FALSE;

    case FAULT_HUGE:
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

    case FAULT_NONE:
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
  const Answer *answer = writer->answer;
  guint         per_slice = answer->bench_rate > 0 ? MAX (1, answer->bench_rate / 100) : 256;
  GString      *slice = g_string_new (NULL);
  guint         in_slice = 0;

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

static GPtrArray *
render_stream (const Answer   *answer,
               const TestChat *chat,
               gboolean       *raw)
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
          if (answer->fault != FAULT_NONE && i == answer->fault_after)
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

static GBytes *
render_json (const Answer   *answer,
             const TestChat *chat)
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

  json = builder_to_string (builder);
  len = strlen (json);
  return g_bytes_new_take (g_steal_pointer (&json), len);
}

/* ------------------------------------------------------------ errors -- */

TestResponse *
test_response_new_error (guint       status,
                         const char *message,
                         const char *type,
                         const char *code)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  TestResponse           *response = g_new0 (TestResponse, 1);
  g_autofree char        *json = NULL;
  gsize                   len;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "code");
  if (code != NULL)
    json_builder_add_string_value (builder, code);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json = builder_to_string (builder);
  len = strlen (json);
  response->status = status;
  response->content_type = g_strdup ("application/json");
  response->body = g_bytes_new_take (g_steal_pointer (&json), len);

  return response;
}

static TestResponse *
html_response (guint       status,
               const char *html)
{
  TestResponse *response = g_new0 (TestResponse, 1);

  response->status = status;
  response->content_type = g_strdup ("text/html; charset=utf-8");
  response->body = g_bytes_new (html, strlen (html));

  return response;
}

void
test_response_free (TestResponse *response)
{
  if (response == NULL)
    return;

  g_free (response->content_type);
  g_free (response->retry_after);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->steps, g_ptr_array_unref);
  g_free (response);
}

/* --------------------------------------------------------- scenarios -- */

static gint64
arg_int (char **words,
         guint  index,
         gint64 fallback)
{
  gint64 value;

  if (g_strv_length (words) <= index ||
      !g_ascii_string_to_signed (words[index], 10, 0, G_MAXINT32, &value, NULL))
    return fallback;

  return value;
}

static const char bench_words[][8] = {
  " the",
  " quick",
  " brown",
  " fox",
  " jumps",
  " over",
  " a",
  " lazy",
  " dog",
  ".",
};

/* Fills @answer for a streaming or JSON scenario; returns FALSE when the
 * name is unknown. */
static gboolean
answer_for (Answer         *answer,
            char          **words,
            const TestChat *chat)
{
  const char *name = words[0];

  if (g_str_equal (name, "demo"))
    answer_demo (answer, chat, chat->tool_web_search, chat->enable_thinking);
  else if (g_str_equal (name, "slow"))
    {
      answer_demo (answer, chat, chat->tool_web_search, chat->enable_thinking);
      answer->delay_ms = arg_int (words, 1, 50);
    }
  else if (g_str_equal (name, "plain") || g_str_equal (name, "bytes") || g_str_equal (name, "crlf") ||
           g_str_equal (name, "cut") || g_str_equal (name, "end"))
    {
      add_tokens (answer->content, "Hello! Ça va? Here is a short answer: 42 — with “quotes”, 中文 and 🎉.");
      answer->one_byte_chunks = g_str_equal (name, "bytes");
      if (g_str_equal (name, "crlf"))
        {
          answer->eol = "\r\n";
          answer->keepalive = TRUE;
        }
      if (g_str_equal (name, "cut"))
        answer->cut_after = arg_int (words, 1, 200);
      if (g_str_equal (name, "end"))
        answer->end_after = arg_int (words, 1, 200);
    }
  else if (g_str_equal (name, "reasoning"))
    {
      add_tokens (answer->reasoning, "First, recall that 6 × 7 = 42. So the answer is 42.");
      add_tokens (answer->content, "The answer is **42**.");
    }
  else if (g_str_equal (name, "search"))
    answer_demo (answer, chat, TRUE, FALSE);
  else if (g_str_equal (name, "cached"))
    {
      add_tokens (answer->content, "Welcome back! As we discussed, the report is ready.");
      answer->prompt_tokens = 2048;
      answer->cached_tokens = 1536;
    }
  else if (g_str_equal (name, "malformed") || g_str_equal (name, "error-event") || g_str_equal (name, "stall"))
    {
      add_tokens (answer->content, "This answer starts well, and then something goes wrong in the middle of it.");
      answer->fault = g_str_equal (name, "malformed") ? FAULT_MALFORMED : g_str_equal (name, "error-event") ? FAULT_ERROR_EVENT
                                                                                                            : FAULT_STALL;
      answer->fault_after = arg_int (words, 1, 5);
    }
  else if (g_str_equal (name, "huge"))
    {
      add_tokens (answer->content, "Before the huge line. After it.");
      answer->fault = FAULT_HUGE;
      answer->fault_after = 2;
      answer->huge_size = arg_int (words, 1, 9 * 1024 * 1024);
    }
  else if (g_str_equal (name, "bench"))
    {
      gint64 n = arg_int (words, 1, 65536);

      for (gint64 i = 0; i < n; i++)
        g_ptr_array_add (answer->content, g_strdup (bench_words[i % G_N_ELEMENTS (bench_words)]));
      answer->delay_ms = 0;
      answer->bench = TRUE;
      answer->bench_rate = arg_int (words, 2, 0);
    }
  else
    return FALSE;

  return TRUE;
}

TestResponse *
test_response_new_for_scenario (const char     *scenario,
                                const TestChat *chat,
                                guint           token_delay_ms)
{
  g_auto (GStrv)  words = g_strsplit_set (scenario != NULL && scenario[0] != '\0' ? scenario : "demo", " \t", -1);
  g_auto (Answer) answer = { 0 };
  TestResponse   *response;
  const char     *name;
  gint64          status;

  /* Drop the empty words two spaces make. */
  {
    guint j = 0;

    for (guint i = 0; words[i] != NULL; i++)
      {
        if (words[i][0] != '\0')
          words[j++] = words[i];
        else
          g_free (words[i]);
      }
    words[j] = NULL;
  }
  name = words[0] != NULL ? words[0] : "demo";

  if (g_str_equal (name, "401"))
    return test_response_new_error (401, "Invalid API key provided.", "invalid_request_error", "invalid_api_key");
  if (g_str_equal (name, "402"))
    return test_response_new_error (402, "Insufficient credits: your balance is $0.00. Add credits at https://empiriolabs.ai/dashboard/billing.",
                                    "insufficient_quota", "insufficient_credits");
  if (g_str_equal (name, "429"))
    {
      response = test_response_new_error (429, "Rate limit reached for requests: 50 per minute.", "rate_limit_error", "rate_limit_exceeded");
      if (words[1] != NULL)
        response->retry_after = g_strdup (words[1]);
      return response;
    }
  if (g_str_equal (name, "500"))
    return test_response_new_error (500, "The server had an error while processing your request.", "server_error", NULL);
  if (g_str_equal (name, "502html"))
    return html_response (502, "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                               "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
  if (g_str_equal (name, "html200"))
    return html_response (200, "<!DOCTYPE html><html><head><title>Sign in to Wi-Fi</title></head>"
                               "<body><h1>Welcome to Airport Wi-Fi</h1><p>Accept the terms to continue.</p></body></html>");
  if (g_str_equal (name, "400"))
    {
      g_autofree char *message = words[1] != NULL ? g_strjoinv (" ", words + 1) : NULL;

      return test_response_new_error (400, message != NULL ? message : "Invalid value for 'temperature': must be between 0 and 2.",
                                      "invalid_request_error", "invalid_parameter");
    }
  if (g_str_equal (name, "status"))
    {
      status = arg_int (words, 1, 500);
      return test_response_new_error (status, "Something went wrong.", "error", NULL);
    }

  answer_init (&answer, chat, token_delay_ms);
  if (!answer_for (&answer, words, chat))
    {
      g_autofree char *message = g_strdup_printf ("Unknown test scenario “%s”.", scenario);

      return test_response_new_error (400, message, "invalid_request_error", "unknown_scenario");
    }

  response = g_new0 (TestResponse, 1);
  response->status = 200;
  if (chat->stream)
    {
      response->content_type = g_strdup ("text/event-stream");
      response->steps = render_stream (&answer, chat, &response->raw);
    }
  else
    {
      response->content_type = g_strdup ("application/json");
      response->body = render_json (&answer, chat);
    }

  return response;
}

const char *
test_default_model_json (void)
{
  return "{\"id\": \"mimo-v2-flash\", \"object\": \"model\", \"name\": \"MiMo V2 Flash\", "
         "\"owned_by\": \"xiaomi\", \"description\": \"Lightweight, high-speed reasoning model.\", "
         "\"context_window\": 262144, \"max_output_tokens\": 65536, "
         "\"input_modalities\": [\"text\"], \"output_modalities\": [\"text\"], "
         "\"features\": [\"reasoning\", \"fast\"], "
         "\"endpoints\": [\"/v1/chat/completions\", \"/v1/responses\", \"/v1/messages\"], "
         "\"pricing\": {\"currency\": \"USD\", \"unit\": \"per_million_tokens\", "
         "\"input\": 0.5, \"output\": 1.5, \"cache_read\": 0.05, \"web_search\": 0.015}}";
}
