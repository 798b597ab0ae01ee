/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-client.h: the EmpirioLabs API client — one HTTP session, chat requests, the model schema. */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mimo-chat-request.h"
#include "mimo-completion.h"
#include "mimo-pricing.h"

G_BEGIN_DECLS

#define MIMO_CLIENT_DEFAULT_BASE_URL        "https://api.empiriolabs.ai/v1"
#define MIMO_CLIENT_DEFAULT_MODEL           "mimo-v2-flash"
#define MIMO_CLIENT_DEFAULT_CONNECT_TIMEOUT 30
#define MIMO_CLIENT_DEFAULT_IDLE_TIMEOUT    120

/* The environment wins over what the app stores. */
#define MIMO_CLIENT_ENV_API_KEY  "EMPIRIOLABS_API_KEY"
#define MIMO_CLIENT_ENV_BASE_URL "MIMO_BASE_URL"

/**
 * MimoKeySource:
 * @MIMO_KEY_SOURCE_NONE: no key: requests fail with MIMO_CLIENT_ERROR_NO_KEY
 * @MIMO_KEY_SOURCE_ENVIRONMENT: `EMPIRIOLABS_API_KEY`, which wins over a set key
 * @MIMO_KEY_SOURCE_SET: the key given to the `api-key` property
 */
typedef enum
{
  MIMO_KEY_SOURCE_NONE,
  MIMO_KEY_SOURCE_ENVIRONMENT,
  MIMO_KEY_SOURCE_SET,
} MimoKeySource;

#define MIMO_TYPE_CLIENT (mimo_client_get_type ())

G_DECLARE_FINAL_TYPE (MimoClient, mimo_client, MIMO, CLIENT, GObject)

/**
 * MimoClient:
 *
 * Properties: `base-url` (`MIMO_BASE_URL` wins when set), `model`,
 * `api-key` (write-only: a key never comes back out of the client, and is
 * never logged nor put in an error message), `has-api-key`,
 * `connect-timeout` and `idle-timeout` (seconds, 0 for none),
 * `retry-delay` (seconds before the first automatic retry; doubled each
 * time, with jitter) and `pricing` (the card's, or the model schema's once
 * fetched). The environment is read once, when the client is made.
 */
MimoClient *mimo_client_new (void);

const char *mimo_client_get_base_url (MimoClient *self);
void        mimo_client_set_base_url (MimoClient *self,
                                      const char *base_url);
gboolean    mimo_client_get_base_url_from_environment (MimoClient *self);

const char *mimo_client_get_model (MimoClient *self);
void        mimo_client_set_model (MimoClient *self,
                                   const char *model);

/* NULL or "" forgets the key. Has no effect on requests while
 * EMPIRIOLABS_API_KEY is set, but is kept for when it is not. */
void          mimo_client_set_api_key (MimoClient *self,
                                       const char *api_key);
gboolean      mimo_client_has_api_key (MimoClient *self);
MimoKeySource mimo_client_get_key_source (MimoClient *self);

guint mimo_client_get_connect_timeout (MimoClient *self);
void  mimo_client_set_connect_timeout (MimoClient *self,
                                       guint       seconds);
guint mimo_client_get_idle_timeout (MimoClient *self);
void  mimo_client_set_idle_timeout (MimoClient *self,
                                    guint       seconds);

double mimo_client_get_retry_delay (MimoClient *self);
void   mimo_client_set_retry_delay (MimoClient *self,
                                    double      seconds);

/* The prices and limits costs are computed with. */
const MimoPricing *mimo_client_get_pricing (MimoClient *self);

/* The model schema once fetched, or NULL. */
JsonObject *mimo_client_get_model_schema (MimoClient *self);

/* Whether requests may go to @base_url: https, or plain http only to this
 * computer (127.0.0.0/8, ::1, localhost). MIMO_CLIENT_ERROR_INSECURE_URL
 * otherwise, with a message for the Preferences. */
gboolean mimo_client_check_base_url (const char *base_url,
                                     GError    **error);

/**
 * mimo_client_chat_async:
 *
 * Sends @request (streaming or not, as it says) and returns at once,
 * before any byte is sent, the completion that will hold the answer
 * (transfer full): connect to its signals now. @callback (may be NULL)
 * runs when it finished in any state; mimo_client_chat_finish() then
 * returns TRUE when the answer is complete, FALSE with the completion's
 * error otherwise, the partial text staying on the completion.
 *
 * Parameters out of range, an unsafe address or a missing key fail before
 * anything is sent. Failures before any text arrived (429, 5xx, lost
 * connections) are retried up to 3 times in all; never once text came.
 */
G_GNUC_WARN_UNUSED_RESULT
MimoCompletion *mimo_client_chat_async (MimoClient         *self,
                                        MimoChatRequest    *request,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
gboolean        mimo_client_chat_finish (MimoClient   *self,
                                         GAsyncResult *result,
                                         GError      **error);

/* GET {base-url}/models/{model}, once: later calls return the cached
 * schema. Its prices and limits replace the card's in `pricing`. Returns
 * the schema (transfer full). */
void        mimo_client_fetch_model_async (MimoClient         *self,
                                           GCancellable       *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer            user_data);
JsonObject *mimo_client_fetch_model_finish (MimoClient   *self,
                                            GAsyncResult *result,
                                            GError      **error);

/* The Preferences' "Test key": asks the API with @api_key (NULL for the
 * key in use) without the cache. The error is the same plain-language one
 * a chat would get (wrong key, out of credits, offline…). */
void     mimo_client_test_key_async (MimoClient         *self,
                                     const char         *api_key,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean mimo_client_test_key_finish (MimoClient   *self,
                                      GAsyncResult *result,
                                      GError      **error);

/* Fuzzing entry point (mimo-client-fuzz.c): reads the bytes as an HTTP
 * error body, a model schema and a stream of chunk lines (some as
 * `error` events), checks that every error is a short, valid sentence
 * without the key and that text and usage stay sane; aborts on a
 * violation. */
void mimo_client_chunk_fuzz (const guint8 *data,
                             gsize         size);

G_END_DECLS
