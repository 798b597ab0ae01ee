/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-date-format.c: last activity in friendly words, by calendar day, for both clocks. */

#define G_LOG_DOMAIN "test-date-format"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "mimo-date-format.h"

typedef struct
{
  const char     *now;
  const char     *time;
  MimoClockFormat clock;
  const char     *expected;
} RelativeCase;

/* "now" is Wednesday 5 March 2025, in a zone with DST. */
static const RelativeCase relative_cases[] = {
  { "2025-03-05T10:42:00", "2025-03-05T10:42:00", MIMO_CLOCK_FORMAT_24H, "10:42" },
  { "2025-03-05T10:42:00", "2025-03-05T00:01:00", MIMO_CLOCK_FORMAT_24H, "00:01" },
  { "2025-03-05T10:42:00", "2025-03-05T14:05:00", MIMO_CLOCK_FORMAT_12H, "2:05 PM" },
  { "2025-03-05T10:42:00", "2025-03-05T09:07:00", MIMO_CLOCK_FORMAT_12H, "9:07 AM" },
  /* A minute before midnight is yesterday, not "today" 24 hours back. */
  { "2025-03-05T00:01:00", "2025-03-04T23:59:00", MIMO_CLOCK_FORMAT_24H, "Yesterday" },
  { "2025-03-05T23:59:00", "2025-03-04T00:01:00", MIMO_CLOCK_FORMAT_24H, "Yesterday" },
  { "2025-03-05T10:42:00", "2025-03-03T10:42:00", MIMO_CLOCK_FORMAT_24H, "Mon" },
  { "2025-03-05T10:42:00", "2025-02-27T10:42:00", MIMO_CLOCK_FORMAT_24H, "Thu" },
  /* Seven days back is a date: "Wed" would read as today. */
  { "2025-03-05T10:42:00", "2025-02-26T10:42:00", MIMO_CLOCK_FORMAT_24H, "26 Feb" },
  { "2025-03-05T10:42:00", "2025-01-03T08:00:00", MIMO_CLOCK_FORMAT_24H, "3 Jan" },
  { "2025-03-05T10:42:00", "2024-12-31T23:00:00", MIMO_CLOCK_FORMAT_24H, "31 Dec 2024" },
  /* Another machine's clock ran ahead: a date, never "Yesterday". */
  { "2025-03-05T10:42:00", "2025-03-06T09:00:00", MIMO_CLOCK_FORMAT_24H, "6 Mar" },
  /* Across the spring DST change (30 March in Europe). */
  { "2025-03-31T00:30:00", "2025-03-30T23:30:00", MIMO_CLOCK_FORMAT_24H, "Yesterday" },
  { "2025-03-31T12:00:00", "2025-03-30T01:30:00", MIMO_CLOCK_FORMAT_24H, "Yesterday" },
};

static GDateTime *
parse_local (const char *text,
             GTimeZone  *zone)
{
  GDateTime *time = g_date_time_new_from_iso8601 (text, zone);

  g_assert_nonnull (time);
  return time;
}

static void
test_relative (void)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier ("Europe/Paris");

  if (zone == NULL)
    {
      g_test_skip ("No tzdata for Europe/Paris");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (relative_cases); i++)
    {
      g_autoptr (GDateTime) now = parse_local (relative_cases[i].now, zone);
      g_autoptr (GDateTime) time = parse_local (relative_cases[i].time, zone);
      g_autofree char      *text = mimo_date_format_relative (time, now, relative_cases[i].clock);

      g_test_message ("case %u: %s at %s", i, relative_cases[i].time, relative_cases[i].now);
      g_assert_cmpstr (text, ==, relative_cases[i].expected);
    }
}

static void
test_full (void)
{
  g_autoptr (GTimeZone) zone = g_time_zone_new_utc ();
  g_autoptr (GDateTime) time = parse_local ("2025-03-03T14:05:00", zone);
  g_autofree char      *h24 = mimo_date_format_full (time, MIMO_CLOCK_FORMAT_24H);
  g_autofree char      *h12 = mimo_date_format_full (time, MIMO_CLOCK_FORMAT_12H);
  g_autofree char      *locale = mimo_date_format_full (time, MIMO_CLOCK_FORMAT_LOCALE);
  g_autofree char      *today = NULL;

  g_assert_cmpstr (h24, ==, "Monday, 3 March 2025, 14:05");
  g_assert_cmpstr (h12, ==, "Monday, 3 March 2025, 2:05 PM");
  /* The C locale's time format is "%H:%M:%S": a 24-hour clock. */
  g_assert_cmpstr (locale, ==, h24);

  /* NULL now is this moment. */
  g_clear_pointer (&time, g_date_time_unref);
  time = g_date_time_new_now_local ();
  today = mimo_date_format_relative (time, NULL, MIMO_CLOCK_FORMAT_24H);
  g_assert_cmpuint (strlen (today), ==, 5);
  g_assert_cmpint (today[2], ==, ':');
}

int
main (int   argc,
      char *argv[])
{
  /* English month and day names, whatever the machine's locale. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/date-format/relative", test_relative);
  g_test_add_func ("/core/date-format/full", test_full);

  return g_test_run ();
}
