/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-key-store.h: the EmpirioLabs API key: in the keyring, for this session only, or from the environment. */

#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

/**
 * MimoKeyStoreSource:
 * @MIMO_KEY_STORE_SOURCE_NONE: no key anywhere: show the welcome page
 * @MIMO_KEY_STORE_SOURCE_ENVIRONMENT: `EMPIRIOLABS_API_KEY` is set; it wins over a saved key
 * @MIMO_KEY_STORE_SOURCE_KEYRING: the key saved in the keyring (libsecret)
 * @MIMO_KEY_STORE_SOURCE_SESSION: a key kept in memory only, until the app quits
 *
 * Where the key in use comes from.
 */
typedef enum
{
  MIMO_KEY_STORE_SOURCE_NONE,
  MIMO_KEY_STORE_SOURCE_ENVIRONMENT,
  MIMO_KEY_STORE_SOURCE_KEYRING,
  MIMO_KEY_STORE_SOURCE_SESSION,
} MimoKeyStoreSource;

#define MIMO_KEY_STORE_ERROR (mimo_key_store_error_quark ())

/**
 * MimoKeyStoreError:
 * @MIMO_KEY_STORE_ERROR_NO_SERVICE: no keyring reachable (no session bus, no
 *   secret service, no portal backend, no default collection): offer
 *   mimo_key_store_use_for_session()
 * @MIMO_KEY_STORE_ERROR_LOCKED: the keyring is locked, or unlocking was refused
 * @MIMO_KEY_STORE_ERROR_FAILED: anything else the keyring reported
 * @MIMO_KEY_STORE_ERROR_INVALID_KEY: empty, or holds characters a key cannot have
 *
 * Messages are for people, say what to do next, and never hold the key.
 * Cancelling an operation gives G_IO_ERROR_CANCELLED as usual.
 */
typedef enum
{
  MIMO_KEY_STORE_ERROR_NO_SERVICE,
  MIMO_KEY_STORE_ERROR_LOCKED,
  MIMO_KEY_STORE_ERROR_FAILED,
  MIMO_KEY_STORE_ERROR_INVALID_KEY,
} MimoKeyStoreError;

#define MIMO_KEY_STORE_ENV_VAR "EMPIRIOLABS_API_KEY"

/* Where people create and copy their key. */
#define MIMO_DASHBOARD_URL "https://empiriolabs.ai/dashboard"

#define MIMO_TYPE_KEY_STORE (mimo_key_store_get_type ())

G_DECLARE_FINAL_TYPE (MimoKeyStore, mimo_key_store, MIMO, KEY_STORE, GObject)

GQuark mimo_key_store_error_quark (void);

/* The libsecret schema, named after the app id; its one attribute is
 * "provider" = "empiriolabs". */
const SecretSchema *mimo_key_store_get_schema (void);

/* Reads EMPIRIOLABS_API_KEY once, here. Call load_async() next. */
MimoKeyStore *mimo_key_store_new (void);

MimoKeyStoreSource mimo_key_store_get_source (MimoKeyStore *self);
gboolean           mimo_key_store_get_has_key (MimoKeyStore *self);
/* A key is saved in the keyring (even when the environment's wins). */
gboolean mimo_key_store_get_saved (MimoKeyStore *self);
/* load_async() has finished, so "no key" really means none. */
gboolean mimo_key_store_get_loaded (MimoKeyStore *self);

/* The key in use, for the client's Authorization header and nothing else:
 * never log it, show it or keep a copy. NULL without a key. Valid until
 * the next change (the "key-changed" signal). */
const char *mimo_key_store_peek_key (MimoKeyStore *self);

/* Trims spaces and line breaks around a pasted key and checks it could be
 * one (printable ASCII, no inner spaces). Free the result with
 * secret_password_free(). */
char *mimo_key_store_normalize_key (const char *text,
                                    GError    **error);

/* Looks for a saved key. Failing to reach the keyring is an error
 * (MIMO_KEY_STORE_ERROR_NO_SERVICE…) unless the environment provides the
 * key; either way "loaded" becomes TRUE. */
void     mimo_key_store_load_async (MimoKeyStore       *self,
                                    GCancellable       *cancellable,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
gboolean mimo_key_store_load_finish (MimoKeyStore *self,
                                     GAsyncResult *result,
                                     GError      **error);

/* Saves @key in the keyring, replacing any saved one, and uses it. On
 * failure nothing changes: offer mimo_key_store_use_for_session(). */
void     mimo_key_store_store_async (MimoKeyStore       *self,
                                     const char         *key,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean mimo_key_store_store_finish (MimoKeyStore *self,
                                      GAsyncResult *result,
                                      GError      **error);

/* Forgets the key: removes the saved one from the keyring and any
 * session key. The environment's key, if any, stays in use. */
void     mimo_key_store_forget_async (MimoKeyStore       *self,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gboolean mimo_key_store_forget_finish (MimoKeyStore *self,
                                       GAsyncResult *result,
                                       GError      **error);

/* Uses @key until the app quits, keeping it in memory only (never a
 * file): for computers without a keyring. */
gboolean mimo_key_store_use_for_session (MimoKeyStore *self,
                                         const char   *key,
                                         GError      **error);

/* Turns a libsecret, D-Bus or GIO error into one of ours with a plain
 * message. Exposed for the tests' table of cases. */
GError *_mimo_key_store_translate_error (const GError *error);

G_END_DECLS
