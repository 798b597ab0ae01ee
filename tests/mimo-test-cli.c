/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-cli.c: runs the real mimo-chat binary with a clean environment and records what it prints, and when. */

#define G_LOG_DOMAIN "mimo-test"

#include "config.h"

#include <string.h>

#include "mimo-test-cli.h"
#include "mimo-test-utils.h"

static void read_more (MimoTestCli  *cli,
                       GInputStream *stream);

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  MimoTestCli       *cli = user_data;
  GInputStream      *stream = G_INPUT_STREAM (object);
  gboolean           is_out = stream == g_subprocess_get_stdout_pipe (cli->process);
  g_autoptr (GBytes) bytes = g_input_stream_read_bytes_finish (stream, result, NULL);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      *(is_out ? &cli->out_done : &cli->err_done) = TRUE;
      return;
    }

  if (is_out && cli->out->len == 0 && cli->server != NULL && mimo_test_server_get_n_active_streams (cli->server) > 0)
    cli->streamed_live = TRUE;
  g_string_append_len (is_out ? cli->out : cli->err, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (is_out)
    {
      MimoTestCliChunk chunk = { cli->out->len, g_get_monotonic_time () };

      g_array_append_val (cli->out_chunks, chunk);
    }
  read_more (cli, stream);
}

static void
read_more (MimoTestCli  *cli,
           GInputStream *stream)
{
  g_input_stream_read_bytes_async (stream, 65536, G_PRIORITY_DEFAULT, NULL, read_cb, cli);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  MimoTestCli *cli = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  if (g_subprocess_get_if_signaled (cli->process))
    cli->term_sig = g_subprocess_get_term_sig (cli->process);
  else
    cli->status = g_subprocess_get_exit_status (cli->process);
  cli->exited = TRUE;
}

MimoTestCli *
mimo_test_cli_spawn (MimoTestServer    *server,
                     const char        *base_url,
                     const char        *key,
                     const char        *input,
                     const char *const *args)
{
  return mimo_test_cli_spawn_full (server, base_url, key, input, NULL, args);
}

static MimoTestCli *
spawn (MimoTestServer      *server,
       const char          *base_url,
       const char          *key,
       const char          *input,
       const char *const   *env,
       GSpawnChildSetupFunc setup,
       gpointer             setup_data,
       const char          *program,
       const char *const   *args)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GPtrArray)           argv = g_ptr_array_new ();
  g_autoptr (GError)              error = NULL;
  MimoTestCli                    *cli = g_new0 (MimoTestCli, 1);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        (input != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE : G_SUBPROCESS_FLAGS_NONE));
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "DBUS_SESSION_BUS_ADDRESS");
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  /* Under AddressSanitizer the tests record each malloc's full stack
   * (fast_unwind_on_malloc=0, tests/meson.build) so the suppression for
   * GLib's test dirs matches. The program never makes those dirs, and
   * full stacks made it stream a 30,000-token answer in 38 s instead of
   * 6: it records frame-pointer stacks (a later option wins). */
  if (g_getenv ("ASAN_OPTIONS") != NULL)
    {
      g_autofree char *asan = g_strconcat (g_getenv ("ASAN_OPTIONS"), ":fast_unwind_on_malloc=1", NULL);

      g_subprocess_launcher_setenv (launcher, "ASAN_OPTIONS", asan, TRUE);
    }
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", g_get_user_config_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", g_get_user_cache_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_STATE_HOME", g_get_user_state_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", g_get_user_runtime_dir (), TRUE);
  if (key != NULL)
    g_subprocess_launcher_setenv (launcher, "EMPIRIOLABS_API_KEY", key, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "EMPIRIOLABS_API_KEY");
  g_subprocess_launcher_setenv (launcher, "MIMO_BASE_URL",
                                base_url != NULL ? base_url : mimo_test_server_get_base_url (server), TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    {
      g_auto (GStrv) pair = g_strsplit (env[i], "=", 2);

      if (pair[1] != NULL)
        g_subprocess_launcher_setenv (launcher, pair[0], pair[1], TRUE);
      else
        g_subprocess_launcher_unsetenv (launcher, pair[0]);
    }

  if (setup != NULL)
    g_subprocess_launcher_set_child_setup (launcher, setup, setup_data, NULL);

  g_ptr_array_add (argv, (gpointer) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  cli->server = server;
  cli->out = g_string_new (NULL);
  cli->err = g_string_new (NULL);
  cli->out_chunks = g_array_new (FALSE, FALSE, sizeof (MimoTestCliChunk));
  cli->process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);

  if (input != NULL)
    {
      GOutputStream *stdin_pipe = g_subprocess_get_stdin_pipe (cli->process);

      g_output_stream_write_all (stdin_pipe, input, strlen (input), NULL, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_close (stdin_pipe, NULL, NULL);
    }

  read_more (cli, g_subprocess_get_stdout_pipe (cli->process));
  read_more (cli, g_subprocess_get_stderr_pipe (cli->process));
  g_subprocess_wait_async (cli->process, NULL, wait_cb, cli);

  return cli;
}

MimoTestCli *
mimo_test_cli_spawn_full (MimoTestServer    *server,
                          const char        *base_url,
                          const char        *key,
                          const char        *input,
                          const char *const *env,
                          const char *const *args)
{
  return spawn (server, base_url, key, input, env, NULL, NULL, g_getenv ("MIMO_CHAT"), args);
}

MimoTestCli *
mimo_test_cli_spawn_program (MimoTestServer    *server,
                             const char        *key,
                             const char *const *env,
                             const char        *program,
                             const char *const *args)
{
  return spawn (server, NULL, key, NULL, env, NULL, NULL, program, args);
}

MimoTestCli *
mimo_test_cli_spawn_with_setup (MimoTestServer      *server,
                                const char          *key,
                                GSpawnChildSetupFunc setup,
                                gpointer             setup_data,
                                const char *const   *args)
{
  return spawn (server, NULL, key, NULL, NULL, setup, setup_data, g_getenv ("MIMO_CHAT"), args);
}

gboolean
mimo_test_cli_finished (gpointer user_data)
{
  MimoTestCli *cli = user_data;

  return cli->out_done && cli->err_done && cli->exited;
}

void
mimo_test_cli_wait (MimoTestCli *cli)
{
  mimo_test_wait_until (mimo_test_cli_finished, cli, 60000);
  /* A long answer's start is enough; GLib's TAP output breaks up a
   * message of hundreds of kilobytes. */
  g_test_message ("exit %d (signal %d)\nstdout: %.4096s%s\nstderr: %.4096s", cli->status, cli->term_sig, cli->out->str,
                  cli->out->len > 4096 ? "…" : "", cli->err->str);
}

MimoTestCli *
mimo_test_cli_run (MimoTestServer    *server,
                   const char        *key,
                   const char *const *args)
{
  MimoTestCli *cli = mimo_test_cli_spawn (server, NULL, key, NULL, args);

  mimo_test_cli_wait (cli);
  return cli;
}

MimoTestCli *
mimo_test_cli_run_ok (MimoTestServer    *server,
                      const char        *key,
                      const char *const *args)
{
  MimoTestCli *cli = mimo_test_cli_run (server, key, args);

  g_assert_cmpint (cli->term_sig, ==, 0);
  g_assert_cmpint (cli->status, ==, 0);
  g_assert_cmpstr (cli->err->str, ==, "");
  return cli;
}

JsonNode *
mimo_test_cli_parse_json (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

JsonObject *
mimo_test_cli_ask_json (MimoTestServer *server,
                        const char     *key,
                        const char     *question,
                        ...)
{
  g_autoptr (GPtrArray)   args = g_ptr_array_new ();
  g_autoptr (MimoTestCli) cli = NULL;
  g_autoptr (JsonNode)    root = NULL;
  const char             *arg;
  va_list                 ap;

  g_ptr_array_add (args, (gpointer) "--ask");
  g_ptr_array_add (args, (gpointer) question);
  g_ptr_array_add (args, (gpointer) "--json");
  va_start (ap, question);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  cli = mimo_test_cli_run_ok (server, key, (const char *const *) args->pdata);
  root = mimo_test_cli_parse_json (cli->out->str);

  return json_object_ref (json_node_get_object (root));
}

char *
mimo_test_cli_history_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "mimo-chat", "history.db", NULL);
}

MimoStore *
mimo_test_cli_open_history (void)
{
  g_autofree char *path = mimo_test_cli_history_path ();

  return mimo_store_new (path);
}

void
mimo_test_cli_free (MimoTestCli *cli)
{
  g_clear_object (&cli->process);
  g_string_free (cli->out, TRUE);
  g_string_free (cli->err, TRUE);
  g_array_unref (cli->out_chunks);
  g_free (cli);
}
