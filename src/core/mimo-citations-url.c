/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-citations-url.c: source addresses: the merge key, the domain people see, which ones may open. */

#define G_LOG_DOMAIN "mimo-citations"

#include "config.h"

#include <string.h>

#include "mimo-citations-private.h"

static GUri *
parse_web_uri (const char *url)
{
  const char *scheme;

  if (url == NULL)
    return NULL;

  scheme = g_uri_peek_scheme (url);
  if (scheme == NULL || (strcmp (scheme, "http") != 0 && strcmp (scheme, "https") != 0))
    return NULL;

  return g_uri_parse (url, G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_ENCODED, NULL);
}

gboolean
mimo_citation_url_is_openable (const char *url,
                               gboolean    allow_mailto)
{
  const char *scheme;

  if (url == NULL)
    return FALSE;

  scheme = g_uri_peek_scheme (url);
  if (scheme == NULL)
    return FALSE;

  return strcmp (scheme, "http") == 0 || strcmp (scheme, "https") == 0 || (allow_mailto && strcmp (scheme, "mailto") == 0);
}

/* Host names compare in lower-case ASCII (punycode), so "BBC.co.uk" and
 * an internationalized name in either spelling meet. */
static char *
host_key (const char *host)
{
  g_autofree char *ascii = g_hostname_to_ascii (host);

  return g_ascii_strdown (ascii != NULL ? ascii : host, -1);
}

/* Upper-cases the hex digits of %xx escapes, which name the same bytes. */
static void
append_normalized_escapes (GString    *out,
                           const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '%' && g_ascii_isxdigit (p[1]) && g_ascii_isxdigit (p[2]))
        {
          g_string_append_c (out, '%');
          g_string_append_c (out, g_ascii_toupper (p[1]));
          g_string_append_c (out, g_ascii_toupper (p[2]));
          p += 2;
        }
      else
        g_string_append_c (out, *p);
    }
}

char *
mimo_citation_url_normalize (const char *url)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  GString         *out;
  const char      *path;
  const char      *query;
  gsize            path_len;
  int              port;

  g_return_val_if_fail (url != NULL, NULL);

  uri = parse_web_uri (url);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strstrip (g_strdup (url));

  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  host = host_key (g_uri_get_host (uri));
  port = g_uri_get_port (uri);

  out = g_string_new (scheme);
  g_string_append (out, "://");
  if (g_uri_get_userinfo (uri) != NULL)
    g_string_append_printf (out, "%s@", g_uri_get_userinfo (uri));
  g_string_append (out, host);
  if (port > 0 && !((port == 80 && strcmp (scheme, "http") == 0) || (port == 443 && strcmp (scheme, "https") == 0)))
    g_string_append_printf (out, ":%d", port);

  path = g_uri_get_path (uri);
  path_len = strlen (path);
  while (path_len > 1 && path[path_len - 1] == '/')
    path_len--;
  if (path_len == 0)
    g_string_append_c (out, '/');
  else
    {
      g_autofree char *trimmed = g_strndup (path, path_len);

      append_normalized_escapes (out, trimmed);
    }

  query = g_uri_get_query (uri);
  if (query != NULL && *query != '\0')
    {
      g_auto (GStrv) params = g_strsplit (query, "&", -1);
      gboolean       first = TRUE;

      for (guint i = 0; params[i] != NULL; i++)
        {
          /* Campaign tags say who linked, not which page. */
          if (params[i][0] == '\0' || g_ascii_strncasecmp (params[i], "utm_", 4) == 0)
            continue;
          g_string_append_c (out, first ? '?' : '&');
          append_normalized_escapes (out, params[i]);
          first = FALSE;
        }
    }

  return g_string_free (out, FALSE);
}

char *
mimo_citation_url_display_domain (const char *url)
{
  g_autoptr (GUri) uri = parse_web_uri (url);
  g_autofree char *host = NULL;
  const char      *shown;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;

  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  if (g_hostname_is_ascii_encoded (host))
    {
      char *unicode = g_hostname_to_unicode (host);

      if (unicode != NULL)
        {
          g_free (host);
          host = unicode;
        }
    }

  shown = host;
  if (g_str_has_prefix (shown, "www.") && shown[4] != '\0')
    shown += 4;

  return g_strdup (shown);
}

static gboolean
is_url_char (char c)
{
  return !g_ascii_isspace (c) && c != '<' && c != '>' && c != '"' && c != '`' && c != '\0';
}

gboolean
_mimo_url_find (const char *text,
                gsize       length,
                gsize      *start,
                gsize      *end)
{
  for (gsize i = 0; i < length; i++)
    {
      gsize j;
      int   parens = 0;

      if (text[i] != 'h' && text[i] != 'H')
        continue;
      if (length - i >= 8 && g_ascii_strncasecmp (text + i, "https://", 8) == 0)
        j = i + 8;
      else if (length - i >= 7 && g_ascii_strncasecmp (text + i, "http://", 7) == 0)
        j = i + 7;
      else
        continue;
      if (i > 0 && g_ascii_isalnum (text[i - 1]))
        continue;

      while (j < length && is_url_char (text[j]))
        {
          if (text[j] == '(')
            parens++;
          else if (text[j] == ')' && --parens < 0)
            break;
          j++;
        }

      /* A sentence's full stop or a closing bracket is not part of it. */
      while (j > i && strchr (".,;:!?'*_]", text[j - 1]) != NULL)
        j--;

      if (j - i <= 8)
        continue;

      *start = i;
      *end = j;
      return TRUE;
    }

  return FALSE;
}
