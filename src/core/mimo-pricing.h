/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-pricing.h: the price card in integer nano-dollars, and the cost of a request. */

#pragma once

#include <json-glib/json-glib.h>

#include "mimo-usage.h"

G_BEGIN_DECLS

#define MIMO_NANOS_PER_USD G_GINT64_CONSTANT (1000000000)

/**
 * MimoPricing:
 * @input_nanos: one uncached prompt token ($0.50 per 1M = 500)
 * @cached_nanos: one cached prompt token ($0.05 per 1M = 50)
 * @output_nanos: one generated token ($1.50 per 1M = 1500)
 * @web_search_nanos: one web search ($0.015 = 15,000,000)
 * @context_window: tokens the model reads at most (262,144)
 * @max_output_tokens: tokens it writes at most (65,536)
 * @from_schema: TRUE when the model schema replaced the card's values
 *
 * Money stays integer all the way, so sums over months are exact.
 */
typedef struct
{
  gint64   input_nanos;
  gint64   cached_nanos;
  gint64   output_nanos;
  gint64   web_search_nanos;
  gint64   context_window;
  gint64   max_output_tokens;
  gboolean from_schema;
} MimoPricing;

/**
 * MimoCost:
 * The computed cost of one request, split the way the inspector shows it.
 */
typedef struct
{
  gint64 input_nanos;
  gint64 cached_nanos;
  gint64 output_nanos;
  gint64 web_search_nanos;
  gint64 total_nanos;
} MimoCost;

#define MIMO_TYPE_PRICING (mimo_pricing_get_type ())

GType mimo_pricing_get_type (void) G_GNUC_CONST;

/* The card's prices and limits. */
MimoPricing *mimo_pricing_new (void);
MimoPricing *mimo_pricing_copy (const MimoPricing *self);
void         mimo_pricing_free (MimoPricing *self);

/* Replaces prices and limits with those found in the model schema
 * (`GET /models/mimo-v2-flash`); values it lacks keep the card's. Returns
 * TRUE when anything was taken from @model. */
gboolean mimo_pricing_update_from_schema (MimoPricing *self,
                                          JsonObject  *model);

/* (prompt − cached) × input + cached × cached + completion × output + searches × search */
void   mimo_pricing_compute (const MimoPricing *self,
                             const MimoUsage   *usage,
                             MimoCost          *cost);
gint64 mimo_pricing_cost_nanos (const MimoPricing *self,
                                const MimoUsage   *usage);

/* The most a request can cost before it is sent: its prompt at the full
 * input price plus @max_output_tokens of output, plus @searches searches.
 * Used for the pre-send estimate and budget checks. */
gint64 mimo_pricing_estimate_nanos (const MimoPricing *self,
                                    gint64             prompt_tokens,
                                    gint64             expected_output_tokens,
                                    gint64             searches);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoPricing, mimo_pricing_free)

G_END_DECLS
