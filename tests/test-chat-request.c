/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-chat-request.c: the exact JSON body for every parameter combination, and refusals before sending. */

#define G_LOG_DOMAIN "test-chat-request"

#include "config.h"

#include <math.h>

#include "mimo-chat-request.h"
#include "mimo-error.h"

/* @json as json-glib writes it, so the comparison is exact (member order,
 * every value) without spelling doubles the way the generator does. */
static char *
canonical (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);

  return json_to_string (json_parser_get_root (parser), FALSE);
}

static char *
body_of (MimoChatRequest *request)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = mimo_chat_request_to_bytes (request, "mimo-v2-flash", &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

typedef void (*SetUp) (MimoChatParams *params);

static void
set_defaults (MimoChatParams *params)
{
}

static void
set_everything (MimoChatParams *params)
{
  static const char *stop[] = { "END", "\n\n", "Fin", "终", NULL };

  params->enable_thinking = FALSE;
  params->tool_web_search = TRUE;
  params->web_search_force = TRUE;
  params->web_search_max_keyword = 5;
  params->web_search_limit = 10;
  params->temperature = 2;
  params->top_p = 1;
  params->max_tokens = 65536;
  mimo_chat_params_set_stop (params, stop);
  params->disable_formatting = TRUE;
}

static void
set_lowest (MimoChatParams *params)
{
  static const char *stop[] = { "x", NULL };

  params->web_search_max_keyword = 1;
  params->web_search_limit = 1;
  params->temperature = 0;
  params->top_p = 0;
  params->max_tokens = 1;
  mimo_chat_params_set_stop (params, stop);
}

static void
set_web_search (MimoChatParams *params)
{
  params->tool_web_search = TRUE;
  params->web_search_limit = 2;
}

static void
set_empty_stop (MimoChatParams *params)
{
  static const char *stop[] = { NULL };

  mimo_chat_params_set_stop (params, stop);
}

#define DEFAULT_PARAMS                                                                     \
  "\"enable_thinking\":true,\"tool_web_search\":false,\"web_search_force\":false,"         \
  "\"web_search_max_keyword\":3,\"web_search_limit\":5,\"temperature\":0.7,\"top_p\":0.9," \
  "\"max_tokens\":4096,\"disable_formatting\":false"

static const struct
{
  const char *name;
  SetUp       set_up;
  gboolean    stream;
  const char *expected;
} body_cases[] = {
  { "defaults, streaming", set_defaults, TRUE,
    "{\"model\":\"mimo-v2-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
    "\"stream\":true,\"stream_options\":{\"include_usage\":true}," DEFAULT_PARAMS "}" },
  { "defaults, not streaming", set_defaults, FALSE,
    "{\"model\":\"mimo-v2-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
    "\"stream\":false," DEFAULT_PARAMS "}" },
  { "every parameter at its highest", set_everything, TRUE,
    "{\"model\":\"mimo-v2-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
    "\"stream\":true,\"stream_options\":{\"include_usage\":true},"
    "\"enable_thinking\":false,\"tool_web_search\":true,\"web_search_force\":true,"
    "\"web_search_max_keyword\":5,\"web_search_limit\":10,\"temperature\":2.0,\"top_p\":1.0,"
    "\"max_tokens\":65536,\"stop\":[\"END\",\"\\n\\n\",\"Fin\",\"终\"],\"disable_formatting\":true}" },
  { "every parameter at its lowest", set_lowest, FALSE,
    "{\"model\":\"mimo-v2-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
    "\"stream\":false,"
    "\"enable_thinking\":true,\"tool_web_search\":false,\"web_search_force\":false,"
    "\"web_search_max_keyword\":1,\"web_search_limit\":1,\"temperature\":0.0,\"top_p\":0.0,"
    "\"max_tokens\":1,\"stop\":[\"x\"],\"disable_formatting\":false}" },
  { "web search", set_web_search, TRUE,
    "{\"model\":\"mimo-v2-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
    "\"stream\":true,\"stream_options\":{\"include_usage\":true},"
    "\"enable_thinking\":true,\"tool_web_search\":true,\"web_search_force\":false,"
    "\"web_search_max_keyword\":3,\"web_search_limit\":2,\"temperature\":0.7,\"top_p\":0.9,"
    "\"max_tokens\":4096,\"disable_formatting\":false}" },
  { "an empty stop list is not sent", set_empty_stop, TRUE,
    "{\"model\":\"mimo-v2-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
    "\"stream\":true,\"stream_options\":{\"include_usage\":true}," DEFAULT_PARAMS "}" },
};

static void
test_body_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (body_cases); i++)
    {
      g_autoptr (MimoChatParams)  params = mimo_chat_params_new ();
      g_autoptr (MimoChatRequest) request = NULL;
      g_autofree char            *expected = canonical (body_cases[i].expected);
      g_autofree char            *body = NULL;

      g_test_message ("case: %s", body_cases[i].name);
      body_cases[i].set_up (params);
      request = mimo_chat_request_new (params);
      mimo_chat_request_set_stream (request, body_cases[i].stream);
      mimo_chat_request_add_message (request, MIMO_ROLE_USER, "Hi", NULL);

      body = body_of (request);
      g_assert_cmpstr (body, ==, expected);
    }
}

/* A conversation: roles in order, reasoning only on assistant messages. */
static void
test_body_conversation (void)
{
  g_autoptr (MimoChatRequest) request = mimo_chat_request_new (NULL);
  g_autofree char            *body = NULL;
  g_autofree char            *expected = canonical (
               "{\"model\":\"mimo-v2-flash\",\"messages\":["
                          "{\"role\":\"system\",\"content\":\"Answer in French.\"},"
                          "{\"role\":\"user\",\"content\":\"Hello \\\"you\\\"\\n中文 🎉\"},"
                          "{\"role\":\"assistant\",\"content\":\"Bonjour\",\"reasoning_content\":\"They greet me.\"},"
                          "{\"role\":\"assistant\",\"content\":\"\"},"
                          "{\"role\":\"user\",\"content\":\"And now?\"}],"
                          "\"stream\":true,\"stream_options\":{\"include_usage\":true}," DEFAULT_PARAMS "}");

  mimo_chat_request_add_message (request, MIMO_ROLE_SYSTEM, "Answer in French.", "ignored");
  mimo_chat_request_add_message (request, MIMO_ROLE_USER, "Hello \"you\"\n中文 🎉", "ignored");
  mimo_chat_request_add_message (request, MIMO_ROLE_ASSISTANT, "Bonjour", "They greet me.");
  mimo_chat_request_add_message (request, MIMO_ROLE_ASSISTANT, NULL, NULL);
  mimo_chat_request_add_message (request, MIMO_ROLE_USER, "And now?", NULL);

  body = body_of (request);
  g_assert_cmpstr (body, ==, expected);

  g_assert_cmpuint (mimo_chat_request_get_n_messages (request), ==, 5);
  g_assert_cmpint (mimo_chat_request_get_message_role (request, 2), ==, MIMO_ROLE_ASSISTANT);
  g_assert_cmpstr (mimo_chat_request_get_message_content (request, 2), ==, "Bonjour");
  g_assert_cmpstr (mimo_chat_request_get_message_reasoning (request, 2), ==, "They greet me.");
  g_assert_null (mimo_chat_request_get_message_reasoning (request, 1));
  /* Characters, not bytes: 17 + 16 + (7 + 14) + 0 + 8. */
  g_assert_cmpint (mimo_chat_request_count_prompt_chars (request), ==, 17 + 16 + 7 + 14 + 0 + 8);
}

static void
test_model_name (void)
{
  g_autoptr (MimoChatRequest) request = mimo_chat_request_new (NULL);
  g_autoptr (JsonNode)        root = NULL;

  mimo_chat_request_add_message (request, MIMO_ROLE_USER, "Hi", NULL);
  root = mimo_chat_request_to_json (request, "other-model", NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "model"), ==, "other-model");
}

/* Nothing out of range is ever turned into a body. */
static void
set_temperature_high (MimoChatParams *p)
{
  p->temperature = 2.01;
}

static void
set_temperature_nan (MimoChatParams *p)
{
  p->temperature = NAN;
}

static void
set_top_p_negative (MimoChatParams *p)
{
  p->top_p = -0.1;
}

static void
set_max_tokens_zero (MimoChatParams *p)
{
  p->max_tokens = 0;
}

static void
set_max_tokens_high (MimoChatParams *p)
{
  p->max_tokens = 65537;
}

static void
set_keywords_high (MimoChatParams *p)
{
  p->web_search_max_keyword = 6;
}

static void
set_limit_zero (MimoChatParams *p)
{
  p->web_search_limit = 0;
}

static void
set_five_stops (MimoChatParams *p)
{
  static const char *stop[] = { "a", "b", "c", "d", "e", NULL };

  mimo_chat_params_set_stop (p, stop);
}

static void
set_empty_stop_string (MimoChatParams *p)
{
  static const char *stop[] = { "a", "", NULL };

  mimo_chat_params_set_stop (p, stop);
}

static const struct
{
  SetUp       set_up;
  const char *named;
} invalid_cases[] = {
  { set_temperature_high, "temperature" },
  { set_temperature_nan, "temperature" },
  { set_top_p_negative, "top_p" },
  { set_max_tokens_zero, "max_tokens" },
  { set_max_tokens_high, "max_tokens" },
  { set_keywords_high, "web_search_max_keyword" },
  { set_limit_zero, "web_search_limit" },
  { set_five_stops, "stop" },
  { set_empty_stop_string, "stop" },
};

static void
test_invalid_params (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (invalid_cases); i++)
    {
      g_autoptr (MimoChatParams)  params = mimo_chat_params_new ();
      g_autoptr (MimoChatRequest) request = NULL;
      g_autoptr (GError)          error = NULL;
      g_autoptr (GBytes)          bytes = NULL;

      invalid_cases[i].set_up (params);
      request = mimo_chat_request_new (params);
      mimo_chat_request_add_message (request, MIMO_ROLE_USER, "Hi", NULL);

      bytes = mimo_chat_request_to_bytes (request, "mimo-v2-flash", &error);
      g_assert_null (bytes);
      g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, invalid_cases[i].named));
    }
}

static void
test_invalid_messages (void)
{
  g_autoptr (MimoChatRequest) empty = mimo_chat_request_new (NULL);
  g_autoptr (MimoChatRequest) bad_text = mimo_chat_request_new (NULL);
  g_autoptr (GError)          error = NULL;

  g_assert_null (mimo_chat_request_to_json (empty, "mimo-v2-flash", &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);

  mimo_chat_request_add_message (bad_text, MIMO_ROLE_USER, "caf\xe9", NULL);
  g_assert_null (mimo_chat_request_to_json (bad_text, "mimo-v2-flash", &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER);
}

/* The request keeps its own copy of the parameters. */
static void
test_params_copied (void)
{
  g_autoptr (MimoChatParams)  params = mimo_chat_params_new ();
  g_autoptr (MimoChatRequest) request = mimo_chat_request_new (params);

  params->temperature = 1.5;
  g_assert_cmpfloat (mimo_chat_request_get_params (request)->temperature, ==, 0.7);
  mimo_chat_request_set_params (request, params);
  g_assert_cmpfloat (mimo_chat_request_get_params (request)->temperature, ==, 1.5);
  g_assert_true (mimo_chat_request_get_params (request) != params);
  g_assert_true (mimo_chat_request_get_stream (request));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/chat-request/body", test_body_cases);
  g_test_add_func ("/core/chat-request/conversation", test_body_conversation);
  g_test_add_func ("/core/chat-request/model", test_model_name);
  g_test_add_func ("/core/chat-request/invalid-params", test_invalid_params);
  g_test_add_func ("/core/chat-request/invalid-messages", test_invalid_messages);
  g_test_add_func ("/core/chat-request/params-copied", test_params_copied);

  return g_test_run ();
}
