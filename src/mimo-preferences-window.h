/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-preferences-window.h: the Preferences: key, defaults for new chats, spending, privacy, appearance. */

#pragma once

#include <adwaita.h>

#include "mimo-client.h"
#include "mimo-key-store.h"

G_BEGIN_DECLS

#define MIMO_TYPE_PREFERENCES_WINDOW (mimo_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (MimoPreferencesWindow, mimo_preferences_window, MIMO, PREFERENCES_WINDOW, AdwPreferencesWindow)

/**
 * mimo_preferences_window_new:
 * @application: the app, whose actions the Privacy page uses
 * @settings: the app's GSettings (schema io.github.mimochat.MimoChat)
 * @key_store: where the API key is kept
 * @client: tests keys (its base URL follows the "base-url" setting)
 * @history_path: the folder that holds the chat history, shown on the
 *   Privacy page
 *
 * The Privacy page activates two application actions the storage layer
 * provides: `app.export-all` (no parameter) and `app.clear-history`
 * (a boolean: also clear the spending record), after confirmation. Their
 * controls are insensitive while the application lacks them.
 */
MimoPreferencesWindow *mimo_preferences_window_new (GtkApplication *application,
                                                    GSettings      *settings,
                                                    MimoKeyStore   *key_store,
                                                    MimoClient     *client,
                                                    const char     *history_path);

G_END_DECLS
