/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-client-errors.c: every HTTP status and transport failure, in plain words with a way forward. */

#define G_LOG_DOMAIN "mimo-client"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mimo-json.h"
#include "mimo-client-private.h"
#include "mimo-error.h"

/* Longest provider message we show, in characters. */
#define MAX_PROVIDER_MESSAGE 300

static GError *
new_error (int         code,
           const char *message)
{
  return g_error_new_literal (MIMO_CLIENT_ERROR, code, message);
}

/* Anything that looks like a key ("sk-…"), and the key itself, becomes
 * "sk-…": providers like to echo the key they rejected. */
static char *
redact (const char *text,
        const char *secret)
{
  static GRegex     *key_regex;
  g_autofree char   *without_secret = NULL;
  g_autoptr (GError) error = NULL;

  /* Not G_REGEX_OPTIMIZE: for one short message now and then, compiling
   * to machine code costs more than it saves, and that code reads past
   * the text in 16-byte steps, which memcheck reports on every run. */
  if (g_once_init_enter (&key_regex))
    g_once_init_leave (&key_regex, g_regex_new ("\\bsk-[A-Za-z0-9_*.-]{6,}", 0, 0, NULL));

  if (secret != NULL && secret[0] != '\0' && strstr (text, secret) != NULL)
    {
      g_auto (GStrv) parts = g_strsplit (text, secret, -1);

      without_secret = g_strjoinv ("sk-…", parts);
      text = without_secret;
    }

  return g_regex_replace_literal (key_regex, text, -1, 0, "sk-…", 0, &error);
}

/* One readable line: control characters and runs of spaces become one
 * space, cut at a word near MAX_PROVIDER_MESSAGE characters. */
static char *
clean_message (const char *text,
               const char *secret)
{
  g_autofree char    *redacted = NULL;
  g_autoptr (GString) line = g_string_new (NULL);
  gboolean            space = FALSE;
  glong               n_chars;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return NULL;

  redacted = redact (text, secret);
  if (redacted == NULL)
    return NULL;

  for (const char *p = redacted; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = line->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (line, ' ');
      space = FALSE;
      g_string_append_unichar (line, c);
    }

  n_chars = g_utf8_strlen (line->str, -1);
  if (n_chars > MAX_PROVIDER_MESSAGE)
    {
      g_autofree char *cut = g_utf8_substring (line->str, 0, MAX_PROVIDER_MESSAGE);
      char            *last_space = strrchr (cut, ' ');

      if (last_space != NULL && last_space - cut > MAX_PROVIDER_MESSAGE / 2)
        *last_space = '\0';
      g_string_assign (line, cut);
      g_string_append (line, "…");
    }

  /* Our sentences add their own full stop. */
  while (line->len > 0 && line->str[line->len - 1] == '.')
    g_string_truncate (line, line->len - 1);

  return line->len > 0 ? g_string_free (g_steal_pointer (&line), FALSE) : NULL;
}

static const char *
object_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

char *
_mimo_client_provider_message (JsonNode   *node,
                               const char *secret)
{
  static const char *names[] = { "message", "detail", "error_description", "msg" };
  JsonObject        *object;
  JsonNode          *error;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  error = json_object_get_member (object, "error");
  if (error != NULL && JSON_NODE_HOLDS_VALUE (error) && json_node_get_value_type (error) == G_TYPE_STRING)
    return clean_message (json_node_get_string (error), secret);
  if (error != NULL && JSON_NODE_HOLDS_OBJECT (error))
    object = json_node_get_object (error);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const char *text = object_string (object, names[i]);

      if (text != NULL)
        return clean_message (text, secret);
    }

  return NULL;
}

gboolean
_mimo_client_body_is_html (const char *content_type,
                           GBytes     *body)
{
  const char *data;
  gsize       len = 0;

  if (content_type != NULL &&
      (g_ascii_strncasecmp (content_type, "text/html", 9) == 0 ||
       g_ascii_strncasecmp (content_type, "application/xhtml", 17) == 0))
    return TRUE;

  if (body == NULL)
    return FALSE;

  data = g_bytes_get_data (body, &len);
  while (len > 0 && g_ascii_isspace (*data))
    {
      data++;
      len--;
    }

  return len > 0 && data[0] == '<';
}

static JsonNode *
parse_json_body (GBytes *body)
{
  g_autoptr (JsonParser) parser = NULL;
  const char            *data;
  gsize                  len = 0;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &len);
  if (len == 0)
    return NULL;

  parser = json_parser_new_immutable ();
  if (!mimo_json_load (parser, data, len, NULL))
    return NULL;

  return json_parser_steal_root (parser);
}

int
_mimo_client_parse_retry_after (const char *value)
{
  g_autoptr (GDateTime) date = NULL;
  g_autoptr (GDateTime) now = NULL;
  guint64               seconds;

  if (value == NULL)
    return -1;

  while (g_ascii_isspace (*value))
    value++;

  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &seconds, NULL))
    return (int) seconds;

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return -1;

  now = g_date_time_new_now_utc ();
  return (int) CLAMP ((g_date_time_difference (date, now) + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 0, G_MAXINT);
}

static GError *
rate_limit_error (int retry_after)
{
  GError *error;

  if (retry_after > 0)
    {
      g_autofree char *text =
        g_strdup_printf (ngettext ("EmpirioLabs received too many requests from your account. Wait %d second, then try again.",
                                   "EmpirioLabs received too many requests from your account. Wait %d seconds, then try again.",
                                   retry_after),
                         retry_after);

      error = new_error (MIMO_CLIENT_ERROR_RATE_LIMIT, text);
    }
  else
    {
      error = new_error (MIMO_CLIENT_ERROR_RATE_LIMIT,
                         _ ("EmpirioLabs received too many requests from your account. Wait a minute, then try again."));
    }

  mimo_client_error_set_retry_after (error, retry_after);
  return error;
}

static GError *
auth_error (void)
{
  return new_error (MIMO_CLIENT_ERROR_AUTH,
                    _ ("EmpirioLabs did not accept your API key. Check it in Preferences, or create a new one on the EmpirioLabs dashboard."));
}

static GError *
payment_error (void)
{
  return new_error (MIMO_CLIENT_ERROR_PAYMENT,
                    _ ("Your EmpirioLabs account is out of credits. Top up your balance on the EmpirioLabs dashboard (Billing), then try again."));
}

static GError *
server_error (guint status)
{
  g_autofree char *text =
    g_strdup_printf (_ ("EmpirioLabs is having trouble right now (server error %u). Try again in a few minutes."), status);

  return new_error (MIMO_CLIENT_ERROR_SERVER, text);
}

static GError *
bad_request_error (guint       status,
                   const char *provider_message)
{
  g_autofree char *text = NULL;

  if (status == SOUP_STATUS_NOT_FOUND)
    text = provider_message != NULL
             ? g_strdup_printf (_ ("EmpirioLabs could not find what Mimo Chat asked for: “%s”. Check the API address in Preferences."), provider_message)
             : g_strdup (_ ("The API address does not lead to EmpirioLabs’ chat service (the server answered “not found”). Check the API address in Preferences."));
  else if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    text = g_strdup (_ ("This conversation is too long to send. Start a new chat, or shorten your message."));
  else if (provider_message != NULL)
    text = g_strdup_printf (_ ("EmpirioLabs could not handle this request: “%s”. Check the chat’s settings, then try again."), provider_message);
  else
    text = g_strdup_printf (_ ("EmpirioLabs could not handle this request (error %u). Check the chat’s settings, then try again."), status);

  return new_error (MIMO_CLIENT_ERROR_BAD_REQUEST, text);
}

static GError *
html_error (void)
{
  return new_error (MIMO_CLIENT_ERROR_PROTOCOL,
                    _ ("The server sent a web page instead of an answer. The API address may be wrong, or a network sign-in page may be in the way. Check the API address in Preferences and your connection, then try again."));
}

GError *
_mimo_client_error_from_status (guint       status,
                                const char *reason,
                                const char *content_type,
                                GBytes     *body,
                                int         retry_after,
                                const char *secret)
{
  g_autoptr (JsonNode) json = NULL;
  g_autofree char     *provider_message = NULL;

  if (!_mimo_client_body_is_html (content_type, body))
    {
      json = parse_json_body (body);
      provider_message = _mimo_client_provider_message (json, secret);
    }

  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
    case SOUP_STATUS_FORBIDDEN:
      return auth_error ();

    case SOUP_STATUS_PAYMENT_REQUIRED:
      return payment_error ();

    case 429: /* libsoup 3.2 has no name for it */
      return rate_limit_error (retry_after);

    case SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED:
      return new_error (MIMO_CLIENT_ERROR_NETWORK,
                        _ ("Your network’s proxy asks for a sign-in before Mimo Chat can reach EmpirioLabs. Check your network settings, then try again."));

    case SOUP_STATUS_REQUEST_TIMEOUT:
      return new_error (MIMO_CLIENT_ERROR_TIMEOUT,
                        _ ("EmpirioLabs took too long to receive the request. Check your internet connection, then try again."));

    default:
      break;
    }

  if (status >= 500)
    return server_error (status);

  if (status >= 400)
    {
      if (json == NULL && _mimo_client_body_is_html (content_type, body) && status != SOUP_STATUS_NOT_FOUND)
        return html_error ();
      return bad_request_error (status, provider_message);
    }

  if (_mimo_client_body_is_html (content_type, body))
    return html_error ();

  /* 1xx and 3xx (a redirect libsoup did not follow) are not answers. */
  {
    g_autofree char *text =
      g_strdup_printf (_ ("The server gave an unexpected reply (%u %s). Check the API address in Preferences, then try again."),
                       status, reason != NULL ? reason : "");

    return new_error (MIMO_CLIENT_ERROR_PROTOCOL, text);
  }
}

GError *
_mimo_client_error_from_transport (const GError *error,
                                   const char   *host)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  if (host == NULL)
    host = "EmpirioLabs";

  if (error->domain == MIMO_CLIENT_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return _mimo_client_error_cancelled ();

  if (error->domain == G_TLS_ERROR)
    {
      text = g_strdup_printf (_ ("Could not set up a secure connection to %s. A network sign-in page or a security program may be in the way. Check your connection, then try again."), host);
      return new_error (MIMO_CLIENT_ERROR_TLS, text);
    }

  if (error->domain == G_RESOLVER_ERROR)
    {
      text = g_strdup_printf (_ ("Could not find the server %s. Check your internet connection and the API address in Preferences, then try again."), host);
      return new_error (MIMO_CLIENT_ERROR_NETWORK, text);
    }

  if (error->domain == SOUP_SESSION_ERROR)
    {
      text = g_strdup_printf (_ ("The server %s sent a reply Mimo Chat could not read. Check the API address in Preferences, then try again."), host);
      return new_error (MIMO_CLIENT_ERROR_PROTOCOL, text);
    }

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_CONNECTION_REFUSED:
          text = g_strdup_printf (_ ("The server %s refused the connection. Check the API address in Preferences, or try again later."), host);
          return new_error (MIMO_CLIENT_ERROR_NETWORK, text);

        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_HOST_NOT_FOUND:
          text = g_strdup_printf (_ ("Could not reach %s: this computer seems to be offline. Check your internet connection, then try again."), host);
          return new_error (MIMO_CLIENT_ERROR_NETWORK, text);

        case G_IO_ERROR_TIMED_OUT:
          text = g_strdup_printf (_ ("%s took too long to answer. Check your internet connection, then try again."), host);
          return new_error (MIMO_CLIENT_ERROR_TIMEOUT, text);

        default:
          break;
        }
    }

  text = g_strdup_printf (_ ("The connection to %s was lost. Check your internet connection, then try again."), host);
  return new_error (MIMO_CLIENT_ERROR_NETWORK, text);
}

/* The number or string a provider put in "code" or "type". */
static gboolean
error_mentions (JsonObject        *object,
                int                status,
                const char *const *words)
{
  static const char *members[] = { "code", "type", "status" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (object, members[i]);
      GType     type;

      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
        continue;

      type = json_node_get_value_type (node);
      if (type == G_TYPE_INT64 && json_node_get_int (node) == status)
        return TRUE;
      if (type == G_TYPE_STRING)
        {
          g_autofree char *value = g_ascii_strdown (json_node_get_string (node), -1);

          if (g_ascii_strtoll (value, NULL, 10) == status)
            return TRUE;
          for (guint w = 0; words[w] != NULL; w++)
            {
              if (strstr (value, words[w]) != NULL)
                return TRUE;
            }
        }
    }

  return FALSE;
}

GError *
_mimo_client_error_from_stream_event (JsonNode   *node,
                                      const char *secret)
{
  static const char *auth_words[] = { "auth", "api_key", "api-key", "unauthorized", NULL };
  static const char *payment_words[] = { "quota", "credit", "payment", "balance", "billing", NULL };
  static const char *rate_words[] = { "rate_limit", "rate-limit", "too_many", NULL };
  g_autofree char   *message = _mimo_client_provider_message (node, secret);
  g_autofree char   *text = NULL;
  JsonObject        *object = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *error = json_object_get_member (json_node_get_object (node), "error");

      object = error != NULL && JSON_NODE_HOLDS_OBJECT (error) ? json_node_get_object (error)
                                                               : json_node_get_object (node);
    }

  if (object != NULL)
    {
      if (error_mentions (object, 401, auth_words))
        return auth_error ();
      if (error_mentions (object, 402, payment_words))
        return payment_error ();
      if (error_mentions (object, 429, rate_words))
        return rate_limit_error (-1);
    }

  if (message != NULL)
    text = g_strdup_printf (_ ("EmpirioLabs stopped the answer with an error: “%s”. The text so far is kept; try again."), message);
  else
    text = g_strdup (_ ("EmpirioLabs stopped the answer with an error. The text so far is kept; try again."));

  return new_error (MIMO_CLIENT_ERROR_STREAM, text);
}

gboolean
_mimo_client_error_is_retryable (const GError *error)
{
  if (error == NULL || error->domain != MIMO_CLIENT_ERROR)
    return FALSE;

  switch (error->code)
    {
    case MIMO_CLIENT_ERROR_RATE_LIMIT:
      return mimo_client_error_get_retry_after (error) <= MIMO_CLIENT_MAX_RETRY_AFTER;
    case MIMO_CLIENT_ERROR_SERVER:
    case MIMO_CLIENT_ERROR_NETWORK:
      return TRUE;
    default:
      return FALSE;
    }
}

GError *
_mimo_client_error_timeout (gboolean connecting,
                            guint    seconds)
{
  g_autofree char *text = NULL;

  if (connecting)
    text = g_strdup_printf (ngettext ("Could not connect to EmpirioLabs within %u second. Check your internet connection, then try again.",
                                      "Could not connect to EmpirioLabs within %u seconds. Check your internet connection, then try again.",
                                      seconds),
                            seconds);
  else
    text = g_strdup_printf (ngettext ("Nothing arrived from EmpirioLabs for %u second, so Mimo Chat stopped waiting. Any text so far is kept; try again.",
                                      "Nothing arrived from EmpirioLabs for %u seconds, so Mimo Chat stopped waiting. Any text so far is kept; try again.",
                                      seconds),
                            seconds);

  return new_error (MIMO_CLIENT_ERROR_TIMEOUT, text);
}

GError *
_mimo_client_error_cut (gboolean got_text)
{
  if (got_text)
    return new_error (MIMO_CLIENT_ERROR_NETWORK,
                      _ ("The connection closed before the answer was finished. The text so far is kept; try again."));

  return new_error (MIMO_CLIENT_ERROR_NETWORK,
                    _ ("The connection closed before any answer arrived. Check your internet connection, then try again."));
}

GError *
_mimo_client_error_no_key (void)
{
  return new_error (MIMO_CLIENT_ERROR_NO_KEY,
                    _ ("No EmpirioLabs API key is set. Add your key in Preferences (or set EMPIRIOLABS_API_KEY), then try again."));
}

GError *
_mimo_client_error_cancelled (void)
{
  return new_error (MIMO_CLIENT_ERROR_CANCELLED, _ ("You stopped this answer."));
}

GError *
_mimo_client_error_malformed (void)
{
  return new_error (MIMO_CLIENT_ERROR_PROTOCOL,
                    _ ("The server sent part of the answer in a form Mimo Chat cannot read. Any text so far is kept; try again, and if it keeps happening check the API address in Preferences."));
}
