/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-error.c: the MIMO_CLIENT_ERROR domain and stable names for its codes. */

#define G_LOG_DOMAIN "mimo-error"

#include "config.h"

#include "mimo-error.h"

typedef struct
{
  int retry_after;
} MimoClientErrorPrivate;

static void
mimo_client_error_private_init (MimoClientErrorPrivate *priv)
{
  priv->retry_after = -1;
}

static void
mimo_client_error_private_copy (const MimoClientErrorPrivate *src,
                                MimoClientErrorPrivate       *dest)
{
  dest->retry_after = src->retry_after;
}

static void
mimo_client_error_private_clear (MimoClientErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (MimoClientError, mimo_client_error)

int
mimo_client_error_get_retry_after (const GError *error)
{
  MimoClientErrorPrivate *priv;

  if (error == NULL || error->domain != MIMO_CLIENT_ERROR)
    return -1;

  priv = mimo_client_error_get_private (error);
  return priv != NULL ? priv->retry_after : -1;
}

void
mimo_client_error_set_retry_after (GError *error,
                                   int     seconds)
{
  MimoClientErrorPrivate *priv;

  g_return_if_fail (error != NULL && error->domain == MIMO_CLIENT_ERROR);

  priv = mimo_client_error_get_private (error);
  priv->retry_after = seconds;
}

static const char *code_names[] = {
  [MIMO_CLIENT_ERROR_AUTH] = "auth",
  [MIMO_CLIENT_ERROR_PAYMENT] = "payment",
  [MIMO_CLIENT_ERROR_RATE_LIMIT] = "rate_limit",
  [MIMO_CLIENT_ERROR_BAD_REQUEST] = "bad_request",
  [MIMO_CLIENT_ERROR_SERVER] = "server",
  [MIMO_CLIENT_ERROR_NETWORK] = "network",
  [MIMO_CLIENT_ERROR_TLS] = "tls",
  [MIMO_CLIENT_ERROR_TIMEOUT] = "timeout",
  [MIMO_CLIENT_ERROR_PROTOCOL] = "protocol",
  [MIMO_CLIENT_ERROR_CANCELLED] = "cancelled",
  [MIMO_CLIENT_ERROR_INSECURE_URL] = "insecure_url",
  [MIMO_CLIENT_ERROR_INVALID_PARAMETER] = "invalid_parameter",
  [MIMO_CLIENT_ERROR_NO_KEY] = "no_key",
  [MIMO_CLIENT_ERROR_STREAM] = "stream",
};

const char *
mimo_client_error_code_name (int code)
{
  if (code < 0 || (guint) code >= G_N_ELEMENTS (code_names))
    return "unknown";

  return code_names[code];
}
