/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-cli-private.h: what the command-line files share: messages, the history, columns, JSON and dates. */

#pragma once

#include <json-glib/json-glib.h>

#include "mimo-client.h"
#include "mimo-store.h"

G_BEGIN_DECLS

/* "mimo-chat: MESSAGE" on stderr: a problem the user should know about. */
void _mimo_cli_print_problem (const char *message);
/* The same, then where to read about the options (exit status 2 follows). */
void _mimo_cli_usage_error (const char *message);

/* A chat number given to --@option: a whole number above zero. Prints
 * the problem and returns FALSE otherwise. */
gboolean _mimo_cli_parse_id (const char *option,
                             const char *text,
                             gint64     *id);
/* A day written YYYY-MM-DD, as local midnight. Prints the problem and
 * returns NULL otherwise. */
GDateTime *_mimo_cli_parse_date (const char *option,
                                 const char *text);
/* The day of @time_us (UTC microseconds) in the local calendar, YYYY-MM-DD. */
char *_mimo_cli_format_day (gint64 time_us);
/* A count for people, with the locale's thousands separators. */
char *_mimo_cli_format_count (gint64 n);

/* The history in the user's data dir. Says in plain words on stderr when
 * it had to be set aside or cannot be saved. With @need_file, returns
 * NULL (after saying why) when no history file could be opened, since a
 * command that only reads the history then has nothing to show. */
MimoStore *_mimo_cli_open_store (gboolean need_file);
/* Writes what is pending before the program exits. When that fails, says
 * on stderr that the latest changes were not kept, and returns FALSE. */
gboolean _mimo_cli_close_store (MimoStore *store);
/* Tells about a failed read of the history; returns the exit status. */
int _mimo_cli_history_failed (const GError *error);

/* The app's settings when its schema is installed (the defaults for new
 * chats, the API address), else NULL: the card's defaults then apply. */
GSettings *_mimo_cli_new_settings (void);
/* The parameters new chats start from: the app's, or the card's. */
MimoChatParams *_mimo_cli_dup_defaults (GSettings *settings);

/* The client for --ask. The key is EMPIRIOLABS_API_KEY (read by the
 * client), else the one the app saved in the keyring, waiting at most
 * @timeout_seconds for it. When the keyring could not give one, *@problem
 * says why in plain words (for the "no key" message). */
MimoClient *_mimo_cli_new_client (guint  timeout_seconds,
                                  char **problem);

/* Prints @root on one line of stdout (pretty for documents). */
void _mimo_cli_print_json (JsonNode *root,
                           gboolean  pretty);
void _mimo_cli_json_add_money (JsonBuilder *builder,
                               const char  *name,
                               gint64       nanos);
void _mimo_cli_json_add_time (JsonBuilder *builder,
                              const char  *name,
                              gint64       time_us);

/**
 * MimoCliTable:
 *
 * Columns aligned for people on a terminal: wide characters (CJK, emoji)
 * count twice, text that would break a row is flattened to spaces, and a
 * column with a maximum width ends long cells with "…".
 */
typedef struct _MimoCliTable MimoCliTable;

MimoCliTable *_mimo_cli_table_new (guint n_columns);
/* @max_width 0 for none. */
void _mimo_cli_table_set_column (MimoCliTable *self,
                                 guint         column,
                                 gboolean      align_right,
                                 guint         max_width);
/* Exactly n_columns strings (NULL for an empty cell). */
void  _mimo_cli_table_add_row (MimoCliTable *self,
                               ...);
char *_mimo_cli_table_to_string (MimoCliTable *self,
                                 const char   *indent);
void  _mimo_cli_table_free (MimoCliTable *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoCliTable, _mimo_cli_table_free)

G_END_DECLS
