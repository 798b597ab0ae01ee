/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-history-export.h: every chat and the spending record written into a new folder, for Export All. */

#pragma once

#include <gio/gio.h>

#include "mimo-chat-params.h"
#include "mimo-store.h"

G_BEGIN_DECLS

/**
 * mimo_history_export_async:
 * @store: the history
 * @defaults: the parameters new chats start from (NULL for the card's)
 * @parent: the folder the person chose
 *
 * Makes a new folder in @parent, "Mimo Chat History YYYY-MM-DD" (with
 * " (2)"… when taken), and writes into it:
 * - one Markdown file a chat (mimo_chat_export()), named after its title
 *   (mimo_history_export_file_name(), numbered when two chats share one);
 * - `history.json`: every chat, for programs:
 *   `{ "format": "mimo-chat-history", "version": 1, "exported": ISO 8601 UTC,
 *      "conversations": [ mimo_chat_export()'s JSON object, newest first ] }`;
 * - `spending.csv`: the whole ledger (mimo_ledger_export_csv()), deleted
 *   chats' requests included.
 *
 * Runs on the caller's thread-default main context, one chat an
 * iteration, so a window stays responsive (the store is single-threaded).
 * Errors are G_IO_ERRORs in plain words; a cancelled export leaves what
 * it wrote so far.
 */
void mimo_history_export_async (MimoStore            *store,
                                const MimoChatParams *defaults,
                                GFile                *parent,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
/* The folder made, and how many chats went into it. */
GFile *mimo_history_export_finish (MimoStore    *store,
                                   GAsyncResult *result,
                                   guint        *n_chats,
                                   GError      **error);

/* A file name (without extension) for a chat called @title that every
 * common file system accepts: no / \ : * ? " < > | or control characters,
 * no leading dot or trailing dot or space, at most 80 bytes (cut between
 * characters), "Chat" when nothing is left. */
char *mimo_history_export_file_name (const char *title);

G_END_DECLS
