/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-cli.h: `mimo-chat --ask` and its options, run before GTK starts (no display needed). */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Exit statuses of `mimo-chat --ask`. */
typedef enum
{
  MIMO_CLI_EXIT_OK = 0,         /* the answer is complete */
  MIMO_CLI_EXIT_FAILED = 1,     /* an API or network error; the message is on stderr */
  MIMO_CLI_EXIT_USAGE = 2,      /* a bad option or a value out of range */
  MIMO_CLI_EXIT_CANCELLED = 130 /* Ctrl+C: the partial answer was printed */
} MimoCliExit;

/* The option entries (--ask, --system, --thinking, …, --json), for
 * g_application_add_main_option_entries(): their values land in the
 * GVariantDict handed to handle-local-options. */
const GOptionEntry *mimo_cli_get_option_entries (void);

/* Runs `--ask` when it was given and returns its exit status, or -1 when
 * the command line asks for the app itself. Using a command-line option
 * without --ask is a usage error. */
int mimo_cli_handle_local_options (GVariantDict *options);

G_END_DECLS
