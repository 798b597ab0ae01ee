/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-welcome-page.h: the first-run page: what the app does, and getting an API key that works. */

#pragma once

#include <adwaita.h>

#include "mimo-client.h"
#include "mimo-key-store.h"

G_BEGIN_DECLS

#define MIMO_TYPE_WELCOME_PAGE (mimo_welcome_page_get_type ())

G_DECLARE_FINAL_TYPE (MimoWelcomePage, mimo_welcome_page, MIMO, WELCOME_PAGE, AdwBin)

/**
 * MimoWelcomePage:
 *
 * Shown in the main window while there is no key anywhere (the key
 * store is loaded and has none). The person pastes a key; **Test Key**
 * asks the API with it and says in plain words whether it works, and
 * only a key that works is stored. Where the keyring is missing it offers
 * this session only.
 *
 * Properties: `key-store` and `client` (construct-only; the client's
 * base URL is where the key is tested). Signal `key-ready`: a working key
 * is in the key store; the window shows the chat.
 */
GtkWidget *mimo_welcome_page_new (MimoKeyStore *key_store,
                                  MimoClient   *client);

G_END_DECLS
