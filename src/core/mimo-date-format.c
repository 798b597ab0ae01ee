/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-date-format.c: relative dates by calendar day in the shown zone, with translatable formats. */

#define G_LOG_DOMAIN "mimo-date-format"

#include "config.h"

#include <glib/gi18n.h>
#include <langinfo.h>
#include <string.h>

#include "mimo-date-format.h"

/* The locale's own time format says which clock it uses: en_US's is
 * "%r" (12-hour), en_GB's and de_DE's "%T". */
static gboolean
uses_12h (MimoClockFormat clock)
{
  const char *format;

  if (clock != MIMO_CLOCK_FORMAT_LOCALE)
    return clock == MIMO_CLOCK_FORMAT_12H;

  format = nl_langinfo (T_FMT);
  return format != NULL && (strstr (format, "%r") != NULL || strstr (format, "%p") != NULL ||
                            strstr (format, "%I") != NULL || strstr (format, "%l") != NULL);
}

static char *
format_stripped (GDateTime  *time,
                 const char *format)
{
  g_autofree char *text = g_date_time_format (time, format);

  /* Some locales pad their formats. */
  return text != NULL ? g_strdup (g_strstrip (text)) : g_strdup ("");
}

/* Days are counted on the calendar, not in 24-hour steps: 23:59 and
 * 00:01 are a day apart. */
static gint64
calendar_day (GDateTime *time)
{
  int   year, month, day;
  GDate date;

  g_date_time_get_ymd (time, &year, &month, &day);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return g_date_get_julian (&date);
}

char *
mimo_date_format_relative (GDateTime      *time,
                           GDateTime      *now,
                           MimoClockFormat clock)
{
  g_autoptr (GDateTime) current = NULL;
  gint64                days;

  g_return_val_if_fail (time != NULL, NULL);

  if (now == NULL)
    now = current = g_date_time_new_now (g_date_time_get_timezone (time));

  days = calendar_day (now) - calendar_day (time);

  if (days == 0)
    /* Translators: a time of day today, see g_date_time_format(): "14:05"
     * or "2:05 PM". xgettext:no-c-format */
    return format_stripped (time, uses_12h (clock) ? _ ("%-l:%M %p") : _ ("%H:%M"));
  if (days == 1)
    return g_strdup (_ ("Yesterday"));
  if (days > 1 && days < 7)
    /* Translators: a day within the last week: "Mon". xgettext:no-c-format */
    return format_stripped (time, _ ("%a"));
  if (g_date_time_get_year (time) == g_date_time_get_year (now))
    /* Translators: a day this year: "3 Mar". xgettext:no-c-format */
    return format_stripped (time, _ ("%-d %b"));

  /* Translators: a day in another year: "3 Mar 2024". xgettext:no-c-format */
  return format_stripped (time, _ ("%-d %b %Y"));
}

char *
mimo_date_format_full (GDateTime      *time,
                       MimoClockFormat clock)
{
  g_return_val_if_fail (time != NULL, NULL);

  return format_stripped (time, uses_12h (clock)
                                  /* Translators: "Monday, 3 March 2025, 2:05 PM". xgettext:no-c-format */
                                  ? _ ("%A, %-d %B %Y, %-l:%M %p")
                                  /* Translators: "Monday, 3 March 2025, 14:05". xgettext:no-c-format */
                                  : _ ("%A, %-d %B %Y, %H:%M"));
}
