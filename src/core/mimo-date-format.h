/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-date-format.h: when something happened, in the few words a list of chats shows. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * MimoClockFormat:
 * @MIMO_CLOCK_FORMAT_LOCALE: what the locale's time format uses
 * @MIMO_CLOCK_FORMAT_24H: "14:05"
 * @MIMO_CLOCK_FORMAT_12H: "2:05 PM"
 */
typedef enum
{
  MIMO_CLOCK_FORMAT_LOCALE,
  MIMO_CLOCK_FORMAT_24H,
  MIMO_CLOCK_FORMAT_12H,
} MimoClockFormat;

/* @time relative to @now (both in the zone to show, usually local; NULL
 * @now: this moment): the time of day when it is today ("10:42"),
 * "Yesterday", the weekday within the last week ("Mon"), the day and the
 * month this year ("3 Mar"), with the year before ("3 Mar 2024"). A time
 * later than @now on another day shows as a date. Formats are
 * translatable, so each language orders them its way. */
char *mimo_date_format_relative (GDateTime      *time,
                                 GDateTime      *now,
                                 MimoClockFormat clock);

/* The whole date and time, for a tooltip: "Monday, 3 March 2025, 10:42". */
char *mimo_date_format_full (GDateTime      *time,
                             MimoClockFormat clock);

G_END_DECLS
