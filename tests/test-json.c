/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json.c: JSON from outside loads as one value or not at all. */

#include "config.h"

#include <string.h>

#include "mimo-json.h"

static void
test_one_value (void)
{
  static const struct
  {
    const char *text;
    gsize       end;
    gboolean    loads;
  } cases[] = {
    { "{\"a\":1}", 7, TRUE },
    { "  {\"a\":[1,{\"b\":\"}]\"}]}  \n", 22, TRUE },
    { "[1,2]", 5, TRUE },
    { "\"text with \\\" and }\"", 20, TRUE },
    { "42", 2, TRUE },
    { "true\n", 4, TRUE },
    /* Two values: json-glib 1.6 would keep the first and leak the rest. */
    { "{\"a\":1}\n{\"b\":2}", 7, FALSE },
    { "{}{}", 2, FALSE },
    { "[] []", 2, FALSE },
    { "1 2", 1, FALSE },
    /* Not finished or not JSON: json-glib's own error. */
    { "{\"a\":[1,2", 9, FALSE },
    { "{\"a\":\"\\", 7, FALSE },
    { "", 0, FALSE },
    { "   ", 3, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      g_autoptr (GError)     error = NULL;
      gboolean               loaded;

      g_test_message ("case %u: %s", i, cases[i].text);
      g_assert_cmpuint (mimo_json_first_value_end (cases[i].text, strlen (cases[i].text)), ==, cases[i].end);
      loaded = mimo_json_load (parser, cases[i].text, -1, &error) && json_parser_get_root (parser) != NULL;
      g_assert_cmpint (loaded, ==, cases[i].loads);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json/one-value", test_one_value);

  return g_test_run ();
}
