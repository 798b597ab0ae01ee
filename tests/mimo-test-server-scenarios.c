/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-server-scenarios.c: the answers the test server plays — demo text, faults, error pages. */

#define G_LOG_DOMAIN "mimo-test-server"

#include "config.h"

#include <string.h>

#include "mimo-test-server-private.h"

/* The provider prepends its identity prompt when there is no system
 * message; it is the same every time, so it is always cached. */
#define IDENTITY_PROMPT_TOKENS 64


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
void
test_add_tokens (GPtrArray  *tokens,
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
answer_init (TestAnswer     *answer,
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
answer_clear (TestAnswer *answer)
{
  g_clear_pointer (&answer->reasoning, g_ptr_array_unref);
  g_clear_pointer (&answer->content, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestAnswer, answer_clear)

static void
answer_demo (TestAnswer     *answer,
             const TestChat *chat,
             gboolean        search,
             gboolean        thinking)
{
  g_autofree char *content = demo_content (chat, search);

  if (thinking)
    {
      g_autofree char *excerpt = prompt_excerpt (chat);
      g_autofree char *reasoning = g_strdup_printf (demo_reasoning, excerpt);

      test_add_tokens (answer->reasoning, reasoning);
    }
  test_add_tokens (answer->content, content);
  answer->searches = search ? 2 : 0;
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

  json = test_builder_to_string (builder);
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
answer_for (TestAnswer     *answer,
            char          **words,
            const TestChat *chat)
{
  const char *name = words[0];

  if (g_str_equal (name, "demo"))
    answer_demo (answer, chat, chat->tool_web_search, chat->enable_thinking);
  else if (g_str_equal (name, "showcase"))
    {
      if (!test_showcase_answer (answer, chat))
        answer_demo (answer, chat, chat->tool_web_search, chat->enable_thinking);
    }
  else if (g_str_equal (name, "slow"))
    {
      answer_demo (answer, chat, chat->tool_web_search, chat->enable_thinking);
      answer->delay_ms = arg_int (words, 1, 50);
    }
  else if (g_str_equal (name, "plain") || g_str_equal (name, "bytes") || g_str_equal (name, "crlf") ||
           g_str_equal (name, "cut") || g_str_equal (name, "end"))
    {
      test_add_tokens (answer->content, "Hello! Ça va? Here is a short answer: 42 — with “quotes”, 中文 and 🎉.");
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
      test_add_tokens (answer->reasoning, "First, recall that 6 × 7 = 42. So the answer is 42.");
      test_add_tokens (answer->content, "The answer is **42**.");
    }
  else if (g_str_equal (name, "search"))
    answer_demo (answer, chat, TRUE, FALSE);
  else if (g_str_equal (name, "cached"))
    {
      test_add_tokens (answer->content, "Welcome back! As we discussed, the report is ready.");
      answer->prompt_tokens = 2048;
      answer->cached_tokens = 1536;
    }
  else if (g_str_equal (name, "malformed") || g_str_equal (name, "error-event") || g_str_equal (name, "stall"))
    {
      test_add_tokens (answer->content, "This answer starts well, and then something goes wrong in the middle of it.");
      answer->fault = g_str_equal (name, "malformed") ? TEST_FAULT_MALFORMED : g_str_equal (name, "error-event") ? TEST_FAULT_ERROR_EVENT
                                                                                                                 : TEST_FAULT_STALL;
      answer->fault_after = arg_int (words, 1, 5);
    }
  else if (g_str_equal (name, "huge"))
    {
      test_add_tokens (answer->content, "Before the huge line. After it.");
      answer->fault = TEST_FAULT_HUGE;
      answer->fault_after = 2;
      answer->huge_size = arg_int (words, 1, 9 * 1024 * 1024);
    }
  else if (g_str_equal (name, "bench-answer"))
    {
      gint64 n = arg_int (words, 1, 65536);

      /* The bench words shaped like a long real answer: paragraphs of 60
       * tokens, a heading every 600, a short list every 300 (inside
       * tokens, so the count stays @n). The bench stream goes out as
       * written, so the newlines are JSON escapes here. */
      for (gint64 i = 0; i < n; i++)
        {
          const char *word = bench_words[i % G_N_ELEMENTS (bench_words)];

          if (i % 600 == 599)
            g_ptr_array_add (answer->content, g_strdup_printf ("%s.\\n\\n## Part %" G_GINT64_FORMAT "\\n\\n", word, i / 600 + 1));
          else if (i % 300 == 299)
            g_ptr_array_add (answer->content, g_strdup_printf ("%s:\\n\\n- one\\n- two\\n- three\\n\\n", word));
          else if (i % 60 == 59)
            g_ptr_array_add (answer->content, g_strdup_printf ("%s.\\n\\n", word));
          else
            g_ptr_array_add (answer->content, g_strdup (word));
        }
      answer->delay_ms = 0;
      answer->bench = TRUE;
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
  g_auto (GStrv)      words = g_strsplit_set (scenario != NULL && scenario[0] != '\0' ? scenario : "demo", " \t", -1);
  g_auto (TestAnswer) answer = { 0 };
  TestResponse       *response;
  const char         *name;
  gint64              status;

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
      response->steps = test_render_stream (&answer, chat, &response->raw);
    }
  else
    {
      response->content_type = g_strdup ("application/json");
      response->body = test_render_json (&answer, chat);
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
