/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-money.c: money shown to people and written to files. */

#define G_LOG_DOMAIN "test-money"

#include "config.h"

#include <locale.h>

#include "mimo-money.h"

static void
test_format (void)
{
  static const struct
  {
    gint64      nanos;
    const char *text;
  } cases[] = {
    { 0, "$0.00" },
    { 1, "< $0.0001" },
    { 99999, "< $0.0001" },
    { 100000, "$0.0001" },
    { 400000, "$0.0004" },
    { 1234567, "$0.0012" },
    { 4200000, "$0.0042" },
    { 12345678, "$0.0123" },
    { 500000000, "$0.50" },
    { 999990000, "$1.00" },
    { 1000000000, "$1.00" },
    { 1254999999, "$1.25" },
    { G_GINT64_CONSTANT (1234500000000), "$1,234.50" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mimo_money_format (cases[i].nanos);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_plain (void)
{
  static const struct
  {
    gint64      nanos;
    guint       decimals;
    const char *text;
  } cases[] = {
    { 4200000, 6, "0.004200" },
    { 0, 6, "0.000000" },
    { 500, 6, "0.000001" }, /* half a micro-dollar rounds away from zero */
    { 499, 6, "0.000000" },
    { 1500000000, 6, "1.500000" },
    { -2500, 6, "-0.000003" },
    { 123456789, 9, "0.123456789" },
    { 1999999999, 0, "2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = mimo_money_format_plain (cases[i].nanos, cases[i].decimals);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_parse (void)
{
  gint64 nanos = -1;

  g_assert_true (mimo_money_parse_plain ("0.004200", &nanos));
  g_assert_cmpint (nanos, ==, 4200000);
  g_assert_true (mimo_money_parse_plain ("12", &nanos));
  g_assert_cmpint (nanos, ==, 12000000000);
  g_assert_true (mimo_money_parse_plain ("-0.5", &nanos));
  g_assert_cmpint (nanos, ==, -500000000);
  g_assert_false (mimo_money_parse_plain ("", &nanos));
  g_assert_false (mimo_money_parse_plain ("1,5", &nanos));
  g_assert_false (mimo_money_parse_plain ("$1", &nanos));
  g_assert_false (mimo_money_parse_plain ("99999999999999999999", &nanos));

  /* Everything written reads back the same. */
  for (gint64 n = 0; n < 3000000; n += 1000)
    {
      g_autofree char *text = mimo_money_format_plain (n, 6);
      gint64           back;

      g_assert_true (mimo_money_parse_plain (text, &back));
      g_assert_cmpint (back, ==, n);
    }
}

static void
test_locale (void)
{
  g_autofree char *text = NULL;

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("the de_DE.UTF-8 locale is not installed");
      return;
    }

  text = mimo_money_format (G_GINT64_CONSTANT (1234500000000));
  g_assert_cmpstr (text, ==, "$1.234,50");
  setlocale (LC_NUMERIC, "C");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  setlocale (LC_NUMERIC, "C");

  g_test_add_func ("/core/money/format", test_format);
  g_test_add_func ("/core/money/plain", test_plain);
  g_test_add_func ("/core/money/parse", test_parse);
  g_test_add_func ("/core/money/locale", test_locale);

  return g_test_run ();
}
