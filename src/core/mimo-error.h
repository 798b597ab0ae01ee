/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-error.h: the error domain for everything that talks to the API. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MIMO_CLIENT_ERROR (mimo_client_error_quark ())

/**
 * MimoClientError:
 * @MIMO_CLIENT_ERROR_AUTH: 401, the key is missing, malformed or unknown
 * @MIMO_CLIENT_ERROR_PAYMENT: 402, not enough prepaid credits
 * @MIMO_CLIENT_ERROR_RATE_LIMIT: 429; see mimo_client_error_get_retry_after()
 * @MIMO_CLIENT_ERROR_BAD_REQUEST: 400 (and other 4xx), with the provider's message
 * @MIMO_CLIENT_ERROR_SERVER: 5xx, provider trouble
 * @MIMO_CLIENT_ERROR_NETWORK: refused, DNS failure, reset, offline
 * @MIMO_CLIENT_ERROR_TLS: the secure connection could not be set up
 * @MIMO_CLIENT_ERROR_TIMEOUT: connect or idle timeout
 * @MIMO_CLIENT_ERROR_PROTOCOL: not JSON, an HTML page, a malformed stream
 * @MIMO_CLIENT_ERROR_CANCELLED: the user stopped the request
 * @MIMO_CLIENT_ERROR_INSECURE_URL: plain http:// to a non-loopback host
 * @MIMO_CLIENT_ERROR_INVALID_PARAMETER: a parameter outside the card's range
 * @MIMO_CLIENT_ERROR_NO_KEY: no API key anywhere
 * @MIMO_CLIENT_ERROR_STREAM: an error event arrived inside the stream
 *
 * Every message in this domain is written for a person who does not know
 * what HTTP is, says what happened and what to do next, and never contains
 * the API key.
 */
typedef enum
{
  MIMO_CLIENT_ERROR_AUTH,
  MIMO_CLIENT_ERROR_PAYMENT,
  MIMO_CLIENT_ERROR_RATE_LIMIT,
  MIMO_CLIENT_ERROR_BAD_REQUEST,
  MIMO_CLIENT_ERROR_SERVER,
  MIMO_CLIENT_ERROR_NETWORK,
  MIMO_CLIENT_ERROR_TLS,
  MIMO_CLIENT_ERROR_TIMEOUT,
  MIMO_CLIENT_ERROR_PROTOCOL,
  MIMO_CLIENT_ERROR_CANCELLED,
  MIMO_CLIENT_ERROR_INSECURE_URL,
  MIMO_CLIENT_ERROR_INVALID_PARAMETER,
  MIMO_CLIENT_ERROR_NO_KEY,
  MIMO_CLIENT_ERROR_STREAM,
} MimoClientError;

GQuark mimo_client_error_quark (void);

/* Seconds the server asked us to wait (Retry-After), or -1 when it did not
 * say. Carried by the GError itself (an extended error domain). */
int  mimo_client_error_get_retry_after (const GError *error);
void mimo_client_error_set_retry_after (GError *error,
                                        int     seconds);

/* A stable short name for the code ("auth", "rate_limit", …), used in
 * --json output and on the ledger. */
const char *mimo_client_error_code_name (int code);

G_END_DECLS
