/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-server-main.c: the test server as a program — prints its base URL, then serves until killed. */

#define G_LOG_DOMAIN "mimo-test-server"

#include "config.h"

#include <glib-unix.h>
#include <stdio.h>

#include "mimo-test-server.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);

  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (MimoTestServer) server = NULL;
  g_autoptr (GMainLoop)      loop = NULL;
  g_autoptr (GError)         error = NULL;
  g_autofree char           *key = NULL;
  g_autofree char           *scenario = NULL;
  gboolean                   any_key = FALSE;
  int                        port = 0;
  int                        delay = 0;
  GOptionEntry               entries[] = {
                  { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port to listen on (default: any free port)", "PORT" },
                  { "key", 'k', 0, G_OPTION_ARG_STRING, &key, "The accepted API key (default: sk-empiriolabs-test)", "KEY" },
                  { "any-key", 0, 0, G_OPTION_ARG_NONE, &any_key, "Accept any non-empty key", NULL },
                  { "delay", 'd', 0, G_OPTION_ARG_INT, &delay, "Milliseconds between streamed events (default: 0)", "MS" },
                  { "scenario", 's', 0, G_OPTION_ARG_STRING, &scenario, "Scenario when the message has no marker (default: demo)", "SCENARIO" },
                  { NULL }
  };

  context = g_option_context_new ("— a loopback stand-in for the EmpirioLabs API");
  g_option_context_set_summary (context,
                                "Serves /v1/chat/completions and /v1/models/mimo-v2-flash on 127.0.0.1.\n"
                                "Prints the base URL on the first line of standard output, then serves until killed.\n"
                                "A marker [[mimo-test:SCENARIO]] in the last user message picks the answer.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("mimo-test-server: %s\n", error->message);
      return 2;
    }
  if (port < 0 || port > 65535 || delay < 0)
    {
      g_printerr ("mimo-test-server: the port or the delay is out of range\n");
      return 2;
    }

  server = mimo_test_server_new (any_key ? NULL : (key != NULL ? key : "sk-empiriolabs-test"), port, &error);
  if (server == NULL)
    {
      g_printerr ("mimo-test-server: %s\n", error->message);
      return 1;
    }
  mimo_test_server_set_token_delay (server, delay);
  if (scenario != NULL)
    mimo_test_server_set_default_scenario (server, scenario);

  printf ("%s\n", mimo_test_server_get_base_url (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);

  return 0;
}
