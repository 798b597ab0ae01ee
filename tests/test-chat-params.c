/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-chat-params.c: the card's defaults, ranges, and JSON round trips. */

#define G_LOG_DOMAIN "test-chat-params"

#include "config.h"

#include "mimo-chat-params.h"
#include "mimo-error.h"

static void
test_defaults (void)
{
  g_autoptr (MimoChatParams) params = mimo_chat_params_new ();
  g_autoptr (GError)         error = NULL;

  g_assert_true (params->enable_thinking);
  g_assert_false (params->tool_web_search);
  g_assert_false (params->web_search_force);
  g_assert_cmpint (params->web_search_max_keyword, ==, 3);
  g_assert_cmpint (params->web_search_limit, ==, 5);
  g_assert_cmpfloat (params->temperature, ==, 0.7);
  g_assert_cmpfloat (params->top_p, ==, 0.9);
  g_assert_cmpint (params->max_tokens, ==, 4096);
  g_assert_null (params->stop);
  g_assert_false (params->disable_formatting);
  g_assert_true (mimo_chat_params_validate (params, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *json; /* merged into the defaults */
  gboolean    valid;
  const char *mentions; /* the error names the parameter and its range */
} RangeCase;

static const RangeCase range_cases[] = {
  { "{\"web_search_max_keyword\": 1}", TRUE, NULL },
  { "{\"web_search_max_keyword\": 5}", TRUE, NULL },
  { "{\"web_search_max_keyword\": 0}", FALSE, "web_search_max_keyword” must be a whole number from 1 to 5" },
  { "{\"web_search_max_keyword\": 6}", FALSE, "from 1 to 5" },
  { "{\"web_search_limit\": 10}", TRUE, NULL },
  { "{\"web_search_limit\": 11}", FALSE, "web_search_limit” must be a whole number from 1 to 10" },
  { "{\"temperature\": 0}", TRUE, NULL },
  { "{\"temperature\": 2}", TRUE, NULL },
  { "{\"temperature\": 2.01}", FALSE, "temperature” must be between 0 and 2" },
  { "{\"temperature\": -0.1}", FALSE, "between 0 and 2" },
  { "{\"top_p\": 1}", TRUE, NULL },
  { "{\"top_p\": 1.5}", FALSE, "top_p” must be between 0 and 1" },
  { "{\"max_tokens\": 1}", TRUE, NULL },
  { "{\"max_tokens\": 65536}", TRUE, NULL },
  { "{\"max_tokens\": 65537}", FALSE, "max_tokens” must be a whole number from 1 to 65536" },
  { "{\"max_tokens\": 0}", FALSE, "from 1 to 65536" },
  { "{\"max_tokens\": 2.5}", FALSE, "wrong kind" },
  { "{\"stop\": [\"a\", \"b\", \"c\", \"d\"]}", TRUE, NULL },
  { "{\"stop\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}", FALSE, "at most 4" },
  { "{\"stop\": [\"\"]}", FALSE, "empty" },
  { "{\"stop\": [1]}", FALSE, "wrong kind" },
  { "{\"enable_thinking\": \"yes\"}", FALSE, "wrong kind" },
  { "{\"unknown_future_setting\": 3}", TRUE, NULL },
};

static void
test_ranges (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (range_cases); i++)
    {
      const RangeCase           *c = &range_cases[i];
      g_autoptr (MimoChatParams) params = mimo_chat_params_new ();
      g_autoptr (MimoChatParams) before = mimo_chat_params_copy (params);
      g_autoptr (GError)         error = NULL;
      gboolean                   ok;

      ok = mimo_chat_params_merge_json_string (params, c->json, &error);
      g_test_message ("%s → %s", c->json, error ? error->message : "ok");
      g_assert_cmpint (ok, ==, c->valid);
      if (c->valid)
        {
          g_assert_no_error (error);
          continue;
        }
      g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER);
      g_assert_nonnull (strstr (error->message, c->mentions));
      /* A refused change leaves the parameters as they were. */
      g_assert_true (mimo_chat_params_equal (params, before));
    }
}

static void
test_validate_fields (void)
{
  g_autoptr (MimoChatParams) params = mimo_chat_params_new ();
  g_autoptr (GError)         error = NULL;

  params->temperature = 0.0 / 0.0;
  g_assert_false (mimo_chat_params_validate (params, &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER);
  g_assert_nonnull (strstr (error->message, "temperature"));
}

static void
test_overrides_round_trip (void)
{
  g_autoptr (MimoChatParams) base = mimo_chat_params_new ();
  g_autoptr (MimoChatParams) chat = mimo_chat_params_new ();
  g_autoptr (MimoChatParams) loaded = mimo_chat_params_new ();
  g_autoptr (GError)         error = NULL;
  g_autofree char           *json = NULL;
  const char                *stop[] = { "END", "###", NULL };

  /* Only what differs from the defaults is stored. */
  json = mimo_chat_params_to_json_string (chat, base);
  g_assert_cmpstr (json, ==, "{}");
  g_clear_pointer (&json, g_free);

  chat->tool_web_search = TRUE;
  chat->temperature = 1.25;
  mimo_chat_params_set_stop (chat, stop);
  json = mimo_chat_params_to_json_string (chat, base);
  g_assert_cmpstr (json, ==, "{\"tool_web_search\":true,\"temperature\":1.25,\"stop\":[\"END\",\"###\"]}");

  g_assert_true (mimo_chat_params_merge_json_string (loaded, json, &error));
  g_assert_no_error (error);
  g_assert_true (mimo_chat_params_equal (loaded, chat));
  g_assert_false (mimo_chat_params_equal (loaded, base));
}

static void
test_request_members (void)
{
  g_autoptr (MimoChatParams) params = mimo_chat_params_new ();
  g_autoptr (JsonBuilder)    builder = json_builder_new ();
  g_autoptr (JsonNode)       root = NULL;
  JsonObject                *object;
  guint                      n_info;

  json_builder_begin_object (builder);
  mimo_chat_params_add_to_builder (params, builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  object = json_node_get_object (root);

  /* Every card parameter is sent, except an empty stop list. */
  mimo_chat_params_get_info (&n_info);
  g_assert_cmpuint (json_object_get_size (object), ==, n_info - 1);
  g_assert_false (json_object_has_member (object, "stop"));
  g_assert_true (json_object_get_boolean_member (object, "enable_thinking"));
  g_assert_cmpint (json_object_get_int_member (object, "max_tokens"), ==, 4096);
  g_assert_cmpfloat (json_object_get_double_member (object, "temperature"), ==, 0.7);
  g_assert_nonnull (mimo_chat_params_lookup ("disable_formatting"));
  g_assert_null (mimo_chat_params_lookup ("nope"));
}

static void
test_bad_json (void)
{
  g_autoptr (MimoChatParams) params = mimo_chat_params_new ();
  g_autoptr (GError)         error = NULL;

  g_assert_false (mimo_chat_params_merge_json_string (params, "[1,2]", &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  g_assert_false (mimo_chat_params_merge_json_string (params, "{not json", &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  g_assert_true (mimo_chat_params_merge_json_string (params, NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/chat-params/defaults", test_defaults);
  g_test_add_func ("/core/chat-params/ranges", test_ranges);
  g_test_add_func ("/core/chat-params/validate-fields", test_validate_fields);
  g_test_add_func ("/core/chat-params/overrides-round-trip", test_overrides_round_trip);
  g_test_add_func ("/core/chat-params/request-members", test_request_members);
  g_test_add_func ("/core/chat-params/bad-json", test_bad_json);

  return g_test_run ();
}
