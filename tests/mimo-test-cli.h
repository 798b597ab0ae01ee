/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-cli.h: runs the real mimo-chat binary with a clean environment and records what it prints, and when. */

#pragma once

#include <json-glib/json-glib.h>

#include "mimo-store.h"
#include "mimo-test-server.h"

G_BEGIN_DECLS

/* When a stretch of stdout arrived: bytes [previous end, @end) at @time_us
 * (monotonic). */
typedef struct
{
  gsize  end;
  gint64 time_us;
} MimoTestCliChunk;

typedef struct
{
  GSubprocess    *process;
  MimoTestServer *server;
  GString        *out;
  GString        *err;
  GArray         *out_chunks; /* MimoTestCliChunk */
  gboolean        out_done;
  gboolean        err_done;
  gboolean        exited;
  int             status;   /* the exit status, when it exited */
  int             term_sig; /* the signal that ended it, or 0 */
  /* Output came while the server was still writing the answer. */
  gboolean streamed_live;
} MimoTestCli;

/* Runs `$MIMO_CHAT ARGS…` with @key (NULL: none) and the address of
 * @server (or @base_url), no display, no session bus, C.UTF-8, and HOME
 * and the XDG dirs of this process (the test's isolated ones): GLib's
 * isolation only changes what g_get_user_data_dir() returns here, not
 * the environment a child inherits. @input, when not NULL, is written to
 * its stdin. */
MimoTestCli *mimo_test_cli_spawn (MimoTestServer    *server,
                                  const char        *base_url,
                                  const char        *key,
                                  const char        *input,
                                  const char *const *args);
/* The same, then @env on top: NULL-terminated "NAME=VALUE" to set, or
 * "NAME" to unset. */
MimoTestCli *mimo_test_cli_spawn_full (MimoTestServer    *server,
                                       const char        *base_url,
                                       const char        *key,
                                       const char        *input,
                                       const char *const *env,
                                       const char *const *args);
/* Another program (a script that runs mimo-chat) in the same environment,
 * with MIMO_BASE_URL set to @server's address. */
MimoTestCli *mimo_test_cli_spawn_program (MimoTestServer    *server,
                                          const char        *key,
                                          const char *const *env,
                                          const char        *program,
                                          const char *const *args);
/* `$MIMO_CHAT ARGS…` with @setup run in the child before it starts
 * (limits, signal dispositions). */
MimoTestCli *mimo_test_cli_spawn_with_setup (MimoTestServer      *server,
                                             const char          *key,
                                             GSpawnChildSetupFunc setup,
                                             gpointer             setup_data,
                                             const char *const   *args);
gboolean     mimo_test_cli_finished (gpointer cli);
/* Spins the main context until the program ended and both pipes closed. */
void mimo_test_cli_wait (MimoTestCli *cli);
/* Spawn against @server with @key, and wait. */
MimoTestCli *mimo_test_cli_run (MimoTestServer    *server,
                                const char        *key,
                                const char *const *args);
/* The same, asserting it exited with 0 and printed nothing on stderr. */
MimoTestCli *mimo_test_cli_run_ok (MimoTestServer    *server,
                                   const char        *key,
                                   const char *const *args);
/* `--ask QUESTION --json [ARGS…, NULL]`, expected to succeed: the result. */
JsonObject *mimo_test_cli_ask_json (MimoTestServer *server,
                                    const char     *key,
                                    const char     *question,
                                    ...) G_GNUC_NULL_TERMINATED;
/* @text parsed (asserting it is JSON). */
JsonNode *mimo_test_cli_parse_json (const char *text);

/* The history file the program uses with this process's dirs. */
char *mimo_test_cli_history_path (void);
/* That history, opened as the next start of the app would. */
MimoStore *mimo_test_cli_open_history (void);

void mimo_test_cli_free (MimoTestCli *cli);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoTestCli, mimo_test_cli_free)

G_END_DECLS
