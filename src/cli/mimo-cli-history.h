/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-cli-history.h: the commands that read the history: --list, --search, --export and --usage. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Each runs one command from the parsed options (already checked to go
 * with it) and returns its exit status (MimoCliExit): 0, 1 when the
 * history or a file could not be read or written, 2 for a bad value. */
int mimo_cli_list (GVariantDict *options);
int mimo_cli_search (GVariantDict *options);
int mimo_cli_export (GVariantDict *options);
int mimo_cli_usage (GVariantDict *options);

G_END_DECLS
