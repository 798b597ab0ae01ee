/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-money.c: money formatting in integer arithmetic, locale-aware for people. */

#define G_LOG_DOMAIN "mimo-money"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "mimo-money.h"

static const gint64 powers_of_ten[] = {
  1,
  10,
  100,
  1000,
  10000,
  100000,
  1000000,
  10000000,
  100000000,
  1000000000,
};

/* Rounds |nanos| to @decimals decimals; returns whole dollars and the fraction. */
static void
split_rounded (gint64   nanos,
               guint    decimals,
               guint64 *whole,
               guint64 *fraction)
{
  guint64 magnitude = nanos < 0 ? (guint64) (-(nanos + 1)) + 1 : (guint64) nanos;
  guint64 unit = (guint64) powers_of_ten[9 - decimals];
  guint64 scaled = (magnitude + unit / 2) / unit;
  guint64 per_dollar = (guint64) powers_of_ten[decimals];

  *whole = scaled / per_dollar;
  *fraction = scaled % per_dollar;
}

char *
mimo_money_format_plain (gint64 nanos,
                         guint  decimals)
{
  guint64 whole;
  guint64 fraction;

  g_return_val_if_fail (decimals <= 9, NULL);

  split_rounded (nanos, decimals, &whole, &fraction);

  if (decimals == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, (nanos < 0 && whole > 0) ? "-" : "", whole);

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          (nanos < 0 && (whole > 0 || fraction > 0)) ? "-" : "",
                          whole, (int) decimals, fraction);
}

gboolean
mimo_money_parse_plain (const char *text,
                        gint64     *nanos)
{
  gboolean    negative = FALSE;
  guint64     whole = 0;
  guint64     fraction = 0;
  guint       digits = 0;
  const char *p = text;

  g_return_val_if_fail (nanos != NULL, FALSE);

  if (p == NULL)
    return FALSE;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (!g_ascii_isdigit (*p))
    return FALSE;

  for (; g_ascii_isdigit (*p); p++)
    {
      if (whole > G_MAXINT64 / 10 / 1000000000)
        return FALSE;
      whole = whole * 10 + (guint64) (*p - '0');
    }

  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p); p++, digits++)
        {
          if (digits < 9)
            fraction = fraction * 10 + (guint64) (*p - '0');
        }
    }

  if (*p != '\0')
    return FALSE;

  for (; digits < 9; digits++)
    fraction *= 10;

  *nanos = (gint64) (whole * 1000000000 + fraction);
  if (negative)
    *nanos = -*nanos;

  return TRUE;
}

/* Inserts the locale's thousands separator into a string of digits. */
static char *
group_digits (const char *digits)
{
  const struct lconv *conv = localeconv ();
  const char         *separator = (conv->thousands_sep != NULL && conv->thousands_sep[0] != '\0') ? conv->thousands_sep : ",";
  g_autoptr (GString) out = g_string_new (NULL);
  gsize               len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
mimo_money_format (gint64 nanos)
{
  const struct lconv *conv = localeconv ();
  const char         *point = (conv->decimal_point != NULL && conv->decimal_point[0] != '\0') ? conv->decimal_point : ".";
  guint64             magnitude = nanos < 0 ? (guint64) (-(nanos + 1)) + 1 : (guint64) nanos;
  g_autofree char    *whole_text = NULL;
  g_autofree char    *grouped = NULL;
  g_autofree char    *fraction_text = NULL;
  g_autofree char    *number = NULL;
  guint               decimals;
  guint64             whole;
  guint64             fraction;

  if (magnitude > 0 && magnitude < 100000)
    {
      number = g_strdup_printf ("0%s0001", point);
      /* Translators: less than a tiny amount of US dollars; %s is "0.0001". */
      return g_strdup_printf (_ ("< $%s"), number);
    }

  /* Below a dollar, four decimals keep one answer's cost readable;
   * trailing zeros go, down to cents ("$0.50", "$0.0004"). */
  decimals = magnitude < 1000000000 ? 4 : 2;
  split_rounded (nanos, decimals, &whole, &fraction);
  while (decimals > 2 && fraction % 10 == 0)
    {
      fraction /= 10;
      decimals--;
    }

  whole_text = g_strdup_printf ("%" G_GUINT64_FORMAT, whole);
  grouped = group_digits (whole_text);
  fraction_text = g_strdup_printf ("%0*" G_GUINT64_FORMAT, (int) decimals, fraction);
  number = g_strdup_printf ("%s%s%s%s", nanos < 0 ? "−" : "", grouped, point, fraction_text);

  /* Translators: an amount of US dollars; %s is the number ("1.25"). */
  return g_strdup_printf (_ ("$%s"), number);
}
