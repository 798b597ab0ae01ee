/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-key-setup.h: a pasted API key, tested against the API, then stored: first run and Preferences. */

#pragma once

#include "mimo-client.h"
#include "mimo-key-store.h"

G_BEGIN_DECLS

/**
 * mimo_key_setup_async:
 * @key_store: where a key that works is saved
 * @client: asks the API (`GET {base}/models/mimo-v2-flash`) with @key
 * @key: what was pasted; spaces and line breaks around it are trimmed
 *
 * Checks the paste, asks the API whether @key works, and only then saves
 * it in the keyring, after which the key store and the client use it.
 * mimo_key_setup_finish() fails with, in this order of steps:
 * - MIMO_KEY_STORE_ERROR_INVALID_KEY: nothing that could be a key;
 * - a MIMO_CLIENT_ERROR: the key does not work (AUTH: wrong key;
 *   PAYMENT: no credit left; NETWORK, TIMEOUT, TLS: offline…), in plain
 *   words; nothing is saved;
 * - MIMO_KEY_STORE_ERROR_NO_SERVICE, _LOCKED or _FAILED: the key works but
 *   the keyring could not save it: offer mimo_key_store_use_for_session()
 *   with the same text.
 */
void     mimo_key_setup_async (MimoKeyStore       *key_store,
                               MimoClient         *client,
                               const char         *key,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data);
gboolean mimo_key_setup_finish (MimoKeyStore *key_store,
                                GAsyncResult *result,
                                GError      **error);

/* TRUE when @error came from saving, after the key was found to work: the
 * moment to offer this session only. */
gboolean mimo_key_setup_error_is_keyring (const GError *error);

G_END_DECLS
