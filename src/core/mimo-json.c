/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-json.c: loading JSON from the network or the disk into a JsonParser, one value only. */

#define G_LOG_DOMAIN "mimo-json"

#include "config.h"

#include <string.h>

#include "mimo-json.h"

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

gsize
mimo_json_first_value_end (const char *data,
                           gsize       len)
{
  gsize    i = 0;
  guint    depth = 0;
  gboolean in_string = FALSE;

  while (i < len && is_space (data[i]))
    i++;
  if (i == len)
    return len;

  /* A number, true, false or null: up to the next separator. */
  if (data[i] != '{' && data[i] != '[' && data[i] != '"')
    {
      while (i < len && !is_space (data[i]) && strchr ("{}[]\",:", data[i]) == NULL)
        i++;
      return i;
    }

  for (; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            {
              in_string = FALSE;
              if (depth == 0)
                return i + 1;
            }
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && depth > 0 && --depth == 0)
        return i + 1;
    }

  return len;
}

gboolean
mimo_json_load (JsonParser *parser,
                const char *data,
                gssize      len,
                GError    **error)
{
  gsize length = len < 0 ? strlen (data) : (gsize) len;
  gsize end = mimo_json_first_value_end (data, length);

  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);

  for (gsize i = end; i < length; i++)
    {
      if (!is_space (data[i]))
        {
          g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                               "More than one JSON value");
          return FALSE;
        }
    }

  return json_parser_load_from_data (parser, data, (gssize) length, error);
}
