/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-money.h: showing nano-dollar amounts to people and to spreadsheets. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* For people, in the user's locale: "$0.00", "< $0.0001", "$0.0004",
 * "$0.0123", "$1.25", "$1,234.50". Small amounts keep four decimals so a
 * single answer's cost stays readable. */
char *mimo_money_format (gint64 nanos);

/* For files: dollars with exactly @decimals decimals (0–9), '.' as the
 * separator whatever the locale, rounded half away from zero in integer
 * arithmetic: mimo_money_format_plain (4200000, 6) = "0.004200". */
char *mimo_money_format_plain (gint64 nanos,
                               guint  decimals);

/* Parses what mimo_money_format_plain() writes (and any plain decimal
 * dollar amount) back to nano-dollars. */
gboolean mimo_money_parse_plain (const char *text,
                                 gint64     *nanos);

G_END_DECLS
