/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-client-private.h: what the client's files share — error mapping and the chat runner. */

#pragma once

#include <libsoup/soup.h>

#include "mimo-client.h"

G_BEGIN_DECLS

/* Automatic tries for one request, the first included. */
#define MIMO_CLIENT_MAX_ATTEMPTS 3

/* A Retry-After longer than this is not waited for: the request fails with
 * the rate-limit error, which carries the seconds for the user. */
#define MIMO_CLIENT_MAX_RETRY_AFTER 60

/* Bytes of an error body worth reading, and of a whole JSON answer. */
#define MIMO_CLIENT_MAX_ERROR_BODY ((gsize) 64 * 1024)
#define MIMO_CLIENT_MAX_JSON_BODY  ((gsize) 32 * 1024 * 1024)

/* Overwrites and frees a secret string. */
void _mimo_wipe_string (char **secret);

/* Keeps @schema as the model's, and its prices as the ones in use. */
void _mimo_client_set_model_schema (MimoClient *self,
                                    JsonObject *schema);

/* The pieces a runner needs from the client. */
SoupSession       *_mimo_client_get_session (MimoClient *self);
char              *_mimo_client_dup_endpoint (MimoClient *self,
                                              const char *path);
char              *_mimo_client_dup_authorization (MimoClient *self);
const char        *_mimo_client_peek_api_key (MimoClient *self);
double             _mimo_client_get_retry_delay (MimoClient *self);
const MimoPricing *_mimo_client_peek_pricing (MimoClient *self);

/* Checks that a request can go out at all: the address is safe and a key
 * is set. */
gboolean _mimo_client_check_ready (MimoClient *self,
                                   GError    **error);

/* Reads @stream to its end, or its first @max bytes (mimo-client-model.c). */
void    _mimo_client_read_all_async (GInputStream       *stream,
                                     gsize               max,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
GBytes *_mimo_client_read_all_finish (GInputStream *stream,
                                      GAsyncResult *result,
                                      GError      **error);

/* Starts @completion's request (mimo-client-chat.c). */
void _mimo_client_run_chat (MimoClient     *self,
                            MimoCompletion *completion,
                            GTask          *task);

/* Applies one streamed chunk, or a whole answer, to @completion: text,
 * finish reason, usage (priced with @pricing) and id. FALSE with @error
 * for an error object or anything that is not an answer; @secret is kept
 * out of the error's message (mimo-client-chunk.c). */
gboolean _mimo_client_apply_chunk (MimoCompletion    *completion,
                                   JsonNode          *root,
                                   const MimoPricing *pricing,
                                   const char        *secret,
                                   GError           **error);

/* ---- mimo-client-errors.c: every failure in words for people ---- */

/* An HTTP status other than 2xx. @body is what the server sent (may be
 * NULL), @content_type its type. The provider's message, when shown, is
 * cut short and never contains @secret. Sets Retry-After on 429. */
GError *_mimo_client_error_from_status (guint       status,
                                        const char *reason,
                                        const char *content_type,
                                        GBytes     *body,
                                        int         retry_after,
                                        const char *secret);

/* A transport failure (GIO, TLS, resolver errors) while talking to @host. */
GError *_mimo_client_error_from_transport (const GError *error,
                                           const char   *host);

/* An `{"error": …}` object that arrived inside a 200 stream. */
GError *_mimo_client_error_from_stream_event (JsonNode   *error_node,
                                              const char *secret);

/* The provider's message inside @node (`{"error": {"message"}}` and the
 * other shapes proxies send), cleaned for people, or NULL. */
char *_mimo_client_provider_message (JsonNode   *node,
                                     const char *secret);

/* A body that is a web page rather than JSON or SSE. */
gboolean _mimo_client_body_is_html (const char *content_type,
                                    GBytes     *body);

/* Retry-After as seconds: delta-seconds or an HTTP date; -1 when absent
 * or unreadable. */
int _mimo_client_parse_retry_after (const char *value);

/* Whether a failure before any text may be tried again. */
gboolean _mimo_client_error_is_retryable (const GError *error);

GError *_mimo_client_error_timeout (gboolean connecting,
                                    guint    seconds);
GError *_mimo_client_error_cut (gboolean got_text);
GError *_mimo_client_error_no_key (void);
GError *_mimo_client_error_cancelled (void);
GError *_mimo_client_error_malformed (void);

G_END_DECLS
