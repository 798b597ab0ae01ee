/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-settings-request.c: the defaults and a chat's overrides are what the request body carries, on the wire. */

#define G_LOG_DOMAIN "test-settings-request"

#include "config.h"

#include "mimo-settings.h"
#include "mimo-test-chat.h"
#include "mimo-test-utils.h"

static GSettings *
clean_settings (void)
{
  GSettings                  *settings = g_settings_new (BASE_APPLICATION_ID);
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv)              keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);

  return settings;
}

/* The body the server received, parsed. */
static JsonObject *
last_body (MimoTestServer *server)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  MimoTestRequest       *request = mimo_test_server_get_last_request (server);

  g_assert_nonnull (request);
  g_assert_true (json_parser_load_from_data (parser, request->body, -1, NULL));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
send_with (MimoTestClientFixture *f,
           const MimoChatParams  *params)
{
  g_autoptr (MimoChatRequest) request = mimo_chat_request_new (params);
  g_autoptr (MimoTestChat)    chat = NULL;

  mimo_chat_request_add_message (request, MIMO_ROLE_USER, "[[mimo-test:plain]] Hello", NULL);
  chat = mimo_test_chat_start (f->client, request, NULL);
  mimo_test_chat_wait (chat);
  mimo_test_chat_assert_state (chat, MIMO_MESSAGE_STATE_COMPLETE, 0);
}

static void
test_overrides_in_body (MimoTestClientFixture *f,
                        gconstpointer          data)
{
  g_autoptr (GSettings)      settings = clean_settings ();
  g_autoptr (MimoChatParams) defaults = NULL;
  g_autoptr (MimoChatParams) chat_params = NULL;
  g_autoptr (JsonObject)     body = NULL;
  g_autoptr (GError)         error = NULL;
  g_autofree char           *overrides = NULL;
  static const char *const   stop[] = { "END", NULL };
  JsonArray                 *sent_stop;

  /* Someone's defaults… */
  g_settings_set_double (settings, MIMO_SETTINGS_TEMPERATURE, 0.2);
  g_settings_set_int (settings, MIMO_SETTINGS_MAX_TOKENS, 1000);
  g_settings_set_boolean (settings, MIMO_SETTINGS_ENABLE_THINKING, FALSE);
  g_assert_true (mimo_settings_set_stop (settings, stop, &error));

  /* …and one chat that turned web search on and wants longer answers. */
  defaults = mimo_settings_get_chat_params (settings);
  chat_params = mimo_chat_params_copy (defaults);
  chat_params->tool_web_search = TRUE;
  chat_params->max_tokens = 8000;
  overrides = mimo_chat_params_to_json_string (chat_params, defaults);
  g_assert_cmpstr (overrides, ==, "{\"tool_web_search\":true,\"max_tokens\":8000}");

  /* What the chat sends, from the stored overrides. */
  g_clear_pointer (&chat_params, mimo_chat_params_free);
  chat_params = mimo_settings_get_params_for_chat (settings, overrides, &error);
  g_assert_no_error (error);
  send_with (f, chat_params);

  body = last_body (f->server);
  g_assert_true (json_object_get_boolean_member (body, "tool_web_search"));
  g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 8000);
  g_assert_cmpfloat (json_object_get_double_member (body, "temperature"), ==, 0.2);
  g_assert_false (json_object_get_boolean_member (body, "enable_thinking"));
  sent_stop = json_object_get_array_member (body, "stop");
  g_assert_cmpuint (json_array_get_length (sent_stop), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (sent_stop, 0), ==, "END");

  /* A chat without overrides sends the defaults. */
  g_clear_pointer (&chat_params, mimo_chat_params_free);
  g_clear_pointer (&body, json_object_unref);
  chat_params = mimo_settings_get_params_for_chat (settings, NULL, &error);
  send_with (f, chat_params);
  body = last_body (f->server);
  g_assert_false (json_object_get_boolean_member (body, "tool_web_search"));
  g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/client/settings/overrides-in-request-body", MimoTestClientFixture, NULL,
              mimo_test_client_fixture_set_up, test_overrides_in_body, mimo_test_client_fixture_tear_down);

  return g_test_run ();
}
