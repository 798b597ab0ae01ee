/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-spend-chart.h: spend per day, week or month as stacked bars, drawn natively, with a hover readout. */

#pragma once

#include <gtk/gtk.h>

#include "mimo-ledger.h"

G_BEGIN_DECLS

/* The stack of each bar, bottom first; also the legend's order. */
typedef enum
{
  MIMO_SPEND_INPUT,
  MIMO_SPEND_CACHED,
  MIMO_SPEND_OUTPUT,
  MIMO_SPEND_WEB_SEARCH,
  MIMO_SPEND_N_CATEGORIES,
} MimoSpendCategory;

#define MIMO_TYPE_SPEND_CHART (mimo_spend_chart_get_type ())

G_DECLARE_FINAL_TYPE (MimoSpendChart, mimo_spend_chart, MIMO, SPEND_CHART, GtkWidget)

/**
 * MimoSpendChart:
 *
 * One bar per #MimoLedgerBucket, split by category, over a scale of
 * round dollar amounts; the bar under the pointer is highlighted and
 * named by the `hovered` property (-1 when none), which the page turns
 * into words. The bars are also the chart's accessible description, so
 * a screen reader hears the same figures.
 */
GtkWidget *mimo_spend_chart_new (void);

/* @buckets: array of MimoLedgerBucket (the chart keeps a reference). */
void mimo_spend_chart_set_buckets (MimoSpendChart  *self,
                                   GPtrArray       *buckets,
                                   MimoLedgerPeriod period);
int  mimo_spend_chart_get_hovered (MimoSpendChart *self);
/* What @category of @totals cost (the bars' parts). */
gint64      mimo_spend_category_nanos (const MimoLedgerTotals *totals,
                                       MimoSpendCategory       category);
const char *mimo_spend_category_name (MimoSpendCategory category);
/* The category's colour, from libadwaita's palette (the legend uses it). */
void mimo_spend_category_color (MimoSpendCategory category,
                                gboolean          dark,
                                GdkRGBA          *color);
/* The bucket's label under its bar ("3", "Mon", "Dec"), in the locale. */
char *mimo_spend_bucket_label (const MimoLedgerBucket *bucket,
                               MimoLedgerPeriod        period);

G_END_DECLS
