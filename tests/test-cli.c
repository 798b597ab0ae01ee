/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: `mimo-chat --ask` end to end — the real binary, no display, against the loopback server. */

#define G_LOG_DOMAIN "test-cli"

#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>

#include "mimo-test-cli.h"
#include "mimo-test-server.h"
#include "mimo-test-utils.h"

#define KEY        "sk-empiriolabs-cli-0d9e8f7a6b5c"
#define PLAIN_TEXT "Hello! Ça va? Here is a short answer: 42 — with “quotes”, 中文 and 🎉."

typedef struct
{
  MimoTestServer *server;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->server = mimo_test_server_new (KEY, 0, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

/* ------------------------------------------------------ one process -- */

static MimoTestCli *
ask (Fixture           *f,
     const char *const *args)
{
  return mimo_test_cli_run (f->server, KEY, args);
}

static JsonObject *
parse_json_output (MimoTestCli *cli)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     error = NULL;

  /* Exactly one object, on one line. */
  g_assert_true (g_str_has_suffix (cli->out->str, "}\n"));
  g_assert_true (strchr (cli->out->str, '\n') == cli->out->str + cli->out->len - 1);
  json_parser_load_from_data (parser, cli->out->str, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* ------------------------------------------------------------- tests -- */

static void
test_stream (Fixture      *f,
             gconstpointer data)
{
  const char             *args[] = { "--ask", "Hello? [[mimo-test:plain]]", NULL };
  g_autoptr (MimoTestCli) cli = ask (f, args);

  g_assert_cmpint (cli->status, ==, 0);
  g_assert_cmpstr (cli->out->str, ==, PLAIN_TEXT "\n");
  g_assert_cmpstr (cli->err->str, ==, "");
  g_assert_cmpuint (mimo_test_server_count_requests (f->server, "/chat/completions"), ==, 1);
}

/* The answer reaches stdout while it is being written, not at the end. */
static void
test_streams_live (Fixture      *f,
                   gconstpointer data)
{
  const char             *args[] = { "--ask", "Tell me [[mimo-test:slow 20]]", "--no-thinking", NULL };
  g_autoptr (MimoTestCli) cli = ask (f, args);

  g_assert_cmpint (cli->status, ==, 0);
  g_assert_true (cli->streamed_live);
  g_assert_true (g_str_has_prefix (cli->out->str, "## Here is what I found"));
}

static void
test_show_thinking (Fixture      *f,
                    gconstpointer data)
{
  const char             *args[] = { "--ask", "6×7? [[mimo-test:reasoning]]", "--show-thinking", NULL };
  g_autoptr (MimoTestCli) cli = ask (f, args);

  g_assert_cmpint (cli->status, ==, 0);
  g_assert_cmpstr (cli->out->str, ==, "The answer is **42**.\n");
  g_assert_cmpstr (cli->err->str, ==, "First, recall that 6 × 7 = 42. So the answer is 42.\n\n");

  {
    const char             *quiet[] = { "--ask", "6×7? [[mimo-test:reasoning]]", NULL };
    g_autoptr (MimoTestCli) without = ask (f, quiet);

    g_assert_cmpstr (without->err->str, ==, "");
  }
}

static void
test_json (Fixture      *f,
           gconstpointer data)
{
  const char             *args[] = { "--ask", "What happened?", "--web-search", "--json", NULL };
  g_autoptr (MimoTestCli) cli = ask (f, args);
  g_autoptr (JsonObject)  result = parse_json_output (cli);
  JsonObject             *usage;

  g_assert_cmpint (cli->status, ==, 0);
  g_assert_cmpstr (cli->err->str, ==, "");
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "complete");
  g_assert_nonnull (strstr (json_object_get_string_member (result, "content"), "\n\n**References**\n\n1. ["));
  g_assert_nonnull (strstr (json_object_get_string_member (result, "reasoning"), "What happened?"));
  g_assert_cmpstr (json_object_get_string_member (result, "finish_reason"), ==, "stop");
  g_assert_false (json_object_has_member (result, "error"));
  /* Saved in a new chat: the ids to find it again. */
  g_assert_cmpint (json_object_get_int_member (result, "conversation_id"), >, 0);
  g_assert_cmpint (json_object_get_int_member (result, "message_id"), >, 0);

  usage = json_object_get_object_member (result, "usage");
  g_assert_cmpint (json_object_get_int_member (usage, "prompt_tokens"), ==, 64 + (strlen ("What happened?") + 3) / 4);
  g_assert_cmpint (json_object_get_int_member (usage, "cached_tokens"), ==, 64);
  g_assert_cmpint (json_object_get_int_member (usage, "completion_tokens"), >, 100);
  g_assert_cmpint (json_object_get_int_member (usage, "web_search_calls"), ==, 2);
  g_assert_false (json_object_get_boolean_member (usage, "estimated"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (usage, "provider_cost_usd"),
                                  json_object_get_double_member (usage, "computed_cost_usd"), 1e-12);
  g_assert_cmpfloat (json_object_get_double_member (usage, "computed_cost_usd"), >, 0.03);
}

/* Every option lands in the request body, with the right name and value. */
static void
test_options (Fixture      *f,
              gconstpointer data)
{
  const char *args[] = {
    "--ask", "Hi [[mimo-test:plain]]", "--system", "Be brief.", "--no-thinking", "--force-web-search",
    "--search-keywords", "2", "--search-limit", "7", "--temperature", "1.25", "--top-p", "0.5",
    "--max-tokens", "999", "--stop", "END", "--stop", "STOP", "--raw-citations", NULL
  };
  g_autoptr (MimoTestCli) cli = ask (f, args);
  g_autoptr (JsonParser)  parser = json_parser_new ();
  MimoTestRequest        *request = mimo_test_server_get_last_chat_request (f->server);
  JsonObject             *body;
  JsonArray              *messages;
  JsonArray              *stop;

  g_assert_cmpint (cli->status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, request->body, -1, NULL));
  body = json_node_get_object (json_parser_get_root (parser));

  messages = json_object_get_array_member (body, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "role"), ==, "system");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"), ==, "Be brief.");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "role"), ==, "user");
  g_assert_true (json_object_get_boolean_member (body, "stream"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (body, "stream_options"), "include_usage"));
  g_assert_false (json_object_get_boolean_member (body, "enable_thinking"));
  g_assert_true (json_object_get_boolean_member (body, "tool_web_search"));
  g_assert_true (json_object_get_boolean_member (body, "web_search_force"));
  g_assert_cmpint (json_object_get_int_member (body, "web_search_max_keyword"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (body, "web_search_limit"), ==, 7);
  g_assert_cmpfloat (json_object_get_double_member (body, "temperature"), ==, 1.25);
  g_assert_cmpfloat (json_object_get_double_member (body, "top_p"), ==, 0.5);
  g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 999);
  g_assert_true (json_object_get_boolean_member (body, "disable_formatting"));
  stop = json_object_get_array_member (body, "stop");
  g_assert_cmpuint (json_array_get_length (stop), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (stop, 0), ==, "END");
  g_assert_cmpstr (json_array_get_string_element (stop, 1), ==, "STOP");
  g_assert_cmpstr (request->authorization, ==, "Bearer " KEY);
  g_assert_cmpstr (request->user_agent, ==, "MimoChat/" PACKAGE_VERSION);
}

/* Bad options and values out of range: status 2, a message, nothing sent. */
static void
test_usage_errors (Fixture      *f,
                   gconstpointer data)
{
  static const struct
  {
    const char *args[6];
    const char *says;
  } cases[] = {
    { { "--ask", "Hi", "--temperature", "3" }, "temperature" },
    { { "--ask", "Hi", "--temperature", "warm" }, "is not a number" },
    { { "--ask", "Hi", "--top-p", "1.5" }, "top_p" },
    { { "--ask", "Hi", "--max-tokens", "0" }, "max_tokens" },
    { { "--ask", "Hi", "--max-tokens", "4k" }, "not a whole number" },
    { { "--ask", "Hi", "--search-limit", "11" }, "web_search_limit" },
    { { "--ask", "Hi", "--search-keywords", "0" }, "web_search_max_keyword" },
    { { "--ask", "Hi", "--timeout", "0" }, "between 1 and 3600 seconds" },
    { { "--ask", "Hi", "--timeout", "soon" }, "not a whole number" },
    { { "--list", "--timeout", "5" }, "only works together with --ask" },
    { { "--ask", "Hi", "--thinking", "--no-thinking" }, "either --thinking or --no-thinking" },
    { { "--ask", "  " }, "empty" },
    { { "--json" }, "only works together with --ask" },
    { { "--temperature", "1" }, "only works together with --ask" },
    { { "--bogus" }, "bogus" },
    { { "--ask" }, "ask" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (MimoTestCli) cli = ask (f, cases[i].args);

      g_assert_cmpint (cli->status, ==, 2);
      g_assert_cmpstr (cli->out->str, ==, "");
      g_assert_nonnull (strstr (cli->err->str, cases[i].says));
    }

  {
    const char             *args[] = { "--ask", "Hi", "--stop", "a", "--stop", "b", "--stop", "c", "--stop", "d", "--stop", "e", NULL };
    g_autoptr (MimoTestCli) cli = ask (f, args);

    g_assert_cmpint (cli->status, ==, 2);
    g_assert_nonnull (strstr (cli->err->str, "at most 4 stop sequences"));
  }

  g_assert_cmpuint (mimo_test_server_count_requests (f->server, NULL), ==, 0);
}

static void
test_api_errors (Fixture      *f,
                 gconstpointer data)
{
  {
    const char             *args[] = { "--ask", "Hi [[mimo-test:402]]", NULL };
    g_autoptr (MimoTestCli) cli = ask (f, args);

    g_assert_cmpint (cli->status, ==, 1);
    g_assert_cmpstr (cli->out->str, ==, "");
    g_assert_true (g_str_has_prefix (cli->err->str, "mimo-chat: Your EmpirioLabs account is out of credits."));
  }

  /* With --json the error is in the object, stdout holding nothing else. */
  {
    const char             *args[] = { "--ask", "Hi [[mimo-test:401]]", "--json", NULL };
    g_autoptr (MimoTestCli) cli = ask (f, args);
    g_autoptr (JsonObject)  result = parse_json_output (cli);
    JsonObject             *error;

    g_assert_cmpint (cli->status, ==, 1);
    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "failed");
    g_assert_cmpstr (json_object_get_string_member (result, "content"), ==, "");
    g_assert_true (json_object_get_null_member (result, "usage"));
    g_assert_true (json_object_get_null_member (result, "finish_reason"));
    error = json_object_get_object_member (result, "error");
    g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "auth");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (error, "message"), "EmpirioLabs did not accept your API key."));
  }

  /* No key anywhere. */
  {
    const char             *args[] = { "--ask", "Hi", NULL };
    g_autoptr (MimoTestCli) cli = mimo_test_cli_spawn (f->server, NULL, NULL, NULL, args);

    mimo_test_cli_wait (cli);
    g_assert_cmpint (cli->status, ==, 1);
    g_assert_nonnull (strstr (cli->err->str, "EMPIRIOLABS_API_KEY"));
  }

  /* Plain http:// to another computer. */
  {
    const char             *args[] = { "--ask", "Hi", NULL };
    g_autoptr (MimoTestCli) cli = mimo_test_cli_spawn (f->server, "http://api.empiriolabs.ai/v1", KEY, NULL, args);

    mimo_test_cli_wait (cli);
    g_assert_cmpint (cli->status, ==, 1);
    g_assert_nonnull (strstr (cli->err->str, "is not secure"));
  }
}

/* A cut stream: the text so far on stdout, the reason on stderr, status 1. */
static void
test_interrupted (Fixture      *f,
                  gconstpointer data)
{
  const char             *args[] = { "--ask", "Hi [[mimo-test:cut 900]]", NULL };
  g_autoptr (MimoTestCli) cli = ask (f, args);

  g_assert_cmpint (cli->status, ==, 1);
  g_assert_cmpuint (cli->out->len, >, 1);
  g_assert_true (g_str_has_prefix (PLAIN_TEXT, g_strchomp (cli->out->str)));
  g_assert_nonnull (strstr (cli->err->str, "The connection closed before the answer was finished"));
}

static gboolean
has_output (gpointer user_data)
{
  MimoTestCli *cli = user_data;

  return cli->out->len > 0;
}

static gboolean
has_errors (gpointer user_data)
{
  MimoTestCli *cli = user_data;

  return cli->err->len > 0;
}

/* Ctrl+C: the stream is cancelled, what came is printed, status 130. */
static void
test_ctrl_c (Fixture      *f,
             gconstpointer data)
{
  {
    const char             *args[] = { "--ask", "Hi [[mimo-test:slow 30]]", "--no-thinking", NULL };
    g_autoptr (MimoTestCli) cli = mimo_test_cli_spawn (f->server, NULL, KEY, NULL, args);

    mimo_test_wait_until (has_output, cli, 30000);
    g_subprocess_send_signal (cli->process, SIGINT);
    mimo_test_cli_wait (cli);

    g_assert_cmpint (cli->status, ==, 130);
    g_assert_true (g_str_has_prefix (cli->out->str, "##"));
    g_assert_null (strstr (cli->out->str, "That’s all for now"));
    g_assert_nonnull (strstr (cli->err->str, "Stopped. The answer above is incomplete."));
  }

  {
    const char             *args[] = { "--ask", "Hi [[mimo-test:slow 30]]", "--json", "--show-thinking", NULL };
    g_autoptr (MimoTestCli) cli = mimo_test_cli_spawn (f->server, NULL, KEY, NULL, args);
    g_autoptr (JsonObject)  result = NULL;
    JsonObject             *usage;

    /* Stdout stays empty until the end with --json; the thinking on
     * stderr shows that text has come. */
    mimo_test_wait_until (has_errors, cli, 30000);
    g_subprocess_send_signal (cli->process, SIGINT);
    mimo_test_cli_wait (cli);

    g_assert_cmpint (cli->status, ==, 130);
    result = parse_json_output (cli);
    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "cancelled");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result, "error"), "code"), ==, "cancelled");
    /* No usage came back: it is estimated from the text, and says so. */
    usage = json_object_get_object_member (result, "usage");
    g_assert_true (json_object_get_boolean_member (usage, "estimated"));
    g_assert_true (json_object_get_null_member (usage, "provider_cost_usd"));
    g_assert_cmpint (json_object_get_int_member (usage, "completion_tokens"), >, 0);
  }
}

static void
test_stdin (Fixture      *f,
            gconstpointer data)
{
  const char             *args[] = { "--ask", "-", "--json", NULL };
  g_autoptr (MimoTestCli) cli = mimo_test_cli_spawn (f->server, NULL, KEY, "A question\nfrom a pipe [[mimo-test:plain]]\n", args);
  g_autoptr (JsonObject)  result = NULL;

  mimo_test_cli_wait (cli);
  g_assert_cmpint (cli->status, ==, 0);
  result = parse_json_output (cli);
  g_assert_cmpstr (json_object_get_string_member (result, "content"), ==, PLAIN_TEXT);
  g_assert_nonnull (strstr (mimo_test_server_get_last_chat_request (f->server)->body,
                            "\"content\":\"A question\\nfrom a pipe [[mimo-test:plain]]\""));
}

/* The standalone server program, as demo mode and the benchmarks use it. */
static void
test_standalone_server (void)
{
  g_autofree char             *program = g_test_build_filename (G_TEST_BUILT, "mimo-test-server", NULL);
  g_autoptr (GSubprocess)      server = NULL;
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError)           error = NULL;
  g_autofree char             *base_url = NULL;
  const char                  *args[] = { "--ask", "Hi [[mimo-test:500, plain]]", NULL };
  g_autoptr (MimoTestCli)      cli = NULL;

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, program, "--key", KEY, "--delay", "1", NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  base_url = g_data_input_stream_read_line (out, NULL, NULL, &error);
  g_assert_no_error (error);

  cli = mimo_test_cli_spawn (NULL, base_url, KEY, NULL, args);
  mimo_test_cli_wait (cli);
  g_assert_cmpint (cli->status, ==, 0);
  g_assert_cmpstr (cli->out->str, ==, PLAIN_TEXT "\n");
  /* The retry after the 500 is announced on stderr. */
  g_assert_cmpstr (cli->err->str, ==, "mimo-chat: EmpirioLabs had a problem. Trying again in 1 second…\n");

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_assert_nonnull (g_getenv ("MIMO_CHAT"));

  ADD ("/cli/ask/stream", test_stream);
  ADD ("/cli/ask/streams-live", test_streams_live);
  ADD ("/cli/ask/show-thinking", test_show_thinking);
  ADD ("/cli/ask/json", test_json);
  ADD ("/cli/ask/options", test_options);
  ADD ("/cli/ask/usage-errors", test_usage_errors);
  ADD ("/cli/ask/api-errors", test_api_errors);
  ADD ("/cli/ask/interrupted", test_interrupted);
  ADD ("/cli/ask/ctrl-c", test_ctrl_c);
  ADD ("/cli/ask/stdin", test_stdin);
  g_test_add_func ("/cli/ask/standalone-server", test_standalone_server);

  return g_test_run ();
}
