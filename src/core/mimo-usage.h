/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-usage.h: what one request used — tokens, tool calls and the provider's bill. */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * MimoUsage:
 * @prompt_tokens: input tokens, cached ones included
 * @cached_tokens: the part of @prompt_tokens read from the provider's cache
 * @completion_tokens: generated tokens (thinking included)
 * @web_search_calls: web searches the provider ran for this request
 * @has_provider_cost: whether the provider sent `cost_usd`
 * @provider_cost_nanos: `cost_usd` in nano-dollars (rounded to the nearest)
 * @tool_usage_json: the provider's `tool_usage` object as JSON text, unknown
 *   keys kept, or NULL when it sent none
 * @estimated: TRUE when no usage came back and the counts were estimated
 *   from the text (see mimo_usage_estimate())
 *
 * Counts are integers; money is integer nano-dollars (1 USD = 10⁹).
 */
typedef struct
{
  gint64   prompt_tokens;
  gint64   cached_tokens;
  gint64   completion_tokens;
  gint64   web_search_calls;
  gboolean has_provider_cost;
  gint64   provider_cost_nanos;
  char    *tool_usage_json;
  gboolean estimated;
} MimoUsage;

#define MIMO_TYPE_USAGE (mimo_usage_get_type ())

GType      mimo_usage_get_type (void) G_GNUC_CONST;
MimoUsage *mimo_usage_new (void);
MimoUsage *mimo_usage_copy (const MimoUsage *self);
void       mimo_usage_free (MimoUsage *self);
gboolean   mimo_usage_equal (const MimoUsage *a,
                             const MimoUsage *b);

/* Reads an API `usage` object: prompt/completion tokens,
 * `prompt_tokens_details.cached_tokens`, `cost_usd` and `tool_usage`
 * (whose web-search entry may be spelled a few ways). Tolerates missing
 * members and odd types; never fails, returns what it could read. */
MimoUsage *mimo_usage_new_from_json (JsonObject *usage);

/* Adds @self's members to an object being built (the ledger and --json). */
void mimo_usage_add_to_builder (const MimoUsage *self,
                                JsonBuilder     *builder);

/* Usage guessed from text when the stream ended without any: about four
 * characters a token. Marks the result estimated. */
MimoUsage *mimo_usage_estimate (gint64 prompt_chars,
                                gint64 completion_chars,
                                gint64 web_search_calls);

/* Roughly how many tokens @text is (≈ 4 characters a token, rounded up). */
gint64 mimo_estimate_tokens (const char *text,
                             gssize      length);
gint64 mimo_estimate_tokens_for_chars (gint64 n_chars);

/* Converts a dollar amount to nano-dollars, rounding to the nearest. */
gint64 mimo_usd_to_nanos (double usd);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoUsage, mimo_usage_free)

G_END_DECLS
