/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-pricing.c: cost in integer nano-dollars from the card or the model schema. */

#define G_LOG_DOMAIN "mimo-pricing"

#include "config.h"

#include <math.h>

#include "mimo-pricing.h"

G_DEFINE_BOXED_TYPE (MimoPricing, mimo_pricing, mimo_pricing_copy, mimo_pricing_free)

MimoPricing *
mimo_pricing_new (void)
{
  MimoPricing *self = g_new0 (MimoPricing, 1);

  self->input_nanos = 500;
  self->cached_nanos = 50;
  self->output_nanos = 1500;
  self->web_search_nanos = 15000000;
  self->context_window = 262144;
  self->max_output_tokens = 65536;

  return self;
}

MimoPricing *
mimo_pricing_copy (const MimoPricing *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_memdup2 (self, sizeof *self);
}

void
mimo_pricing_free (MimoPricing *self)
{
  g_free (self);
}

/* Money saturates: a usage report claiming 2^63 web searches (the fuzzer
 * sent one) must cost "too much", not wrap around to a negative amount. */
static gint64
mul_saturating (gint64 count,
                gint64 price)
{
  gint64 product;

  if (__builtin_mul_overflow (count, price, &product))
    return (count < 0) == (price < 0) ? G_MAXINT64 : G_MININT64;
  return product;
}

static gint64
add_saturating (gint64 a,
                gint64 b)
{
  gint64 sum;

  if (__builtin_add_overflow (a, b, &sum))
    return b > 0 ? G_MAXINT64 : G_MININT64;
  return sum;
}

void
mimo_pricing_compute (const MimoPricing *self,
                      const MimoUsage   *usage,
                      MimoCost          *cost)
{
  gint64 cached;
  gint64 uncached;

  g_return_if_fail (self != NULL);
  g_return_if_fail (usage != NULL);
  g_return_if_fail (cost != NULL);

  cached = CLAMP (usage->cached_tokens, 0, MAX (usage->prompt_tokens, 0));
  uncached = MAX (usage->prompt_tokens, 0) - cached;

  cost->input_nanos = mul_saturating (uncached, self->input_nanos);
  cost->cached_nanos = mul_saturating (cached, self->cached_nanos);
  cost->output_nanos = mul_saturating (MAX (usage->completion_tokens, 0), self->output_nanos);
  cost->web_search_nanos = mul_saturating (MAX (usage->web_search_calls, 0), self->web_search_nanos);
  cost->total_nanos = add_saturating (add_saturating (cost->input_nanos, cost->cached_nanos),
                                      add_saturating (cost->output_nanos, cost->web_search_nanos));
}

gint64
mimo_pricing_cost_nanos (const MimoPricing *self,
                         const MimoUsage   *usage)
{
  MimoCost cost;

  mimo_pricing_compute (self, usage, &cost);
  return cost.total_nanos;
}

gint64
mimo_pricing_estimate_nanos (const MimoPricing *self,
                             gint64             prompt_tokens,
                             gint64             expected_output_tokens,
                             gint64             searches)
{
  g_return_val_if_fail (self != NULL, 0);

  return add_saturating (add_saturating (mul_saturating (MAX (prompt_tokens, 0), self->input_nanos),
                                         mul_saturating (MAX (expected_output_tokens, 0), self->output_nanos)),
                         mul_saturating (MAX (searches, 0), self->web_search_nanos));
}

/* A number, or a string such as "$0.50" or "0.0000005". */
static gboolean
read_number (JsonObject *object,
             const char *name,
             double     *value)
{
  JsonNode *node;
  GType     type;

  if (object == NULL || (node = json_object_get_member (object, name)) == NULL ||
      !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_DOUBLE || type == G_TYPE_INT64)
    *value = json_node_get_double (node);
  else if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char       *end = NULL;

      while (*text == '$' || g_ascii_isspace (*text))
        text++;
      *value = g_ascii_strtod (text, &end);
      if (end == text)
        return FALSE;
    }
  else
    return FALSE;

  return isfinite (*value) && *value >= 0;
}

static gboolean
read_first_number (JsonObject        *object,
                   const char *const *names,
                   double            *value)
{
  if (object == NULL)
    return FALSE;

  for (guint i = 0; names[i] != NULL; i++)
    {
      if (read_number (object, names[i], value))
        return TRUE;
    }

  return FALSE;
}

/* Figures no model has are a broken schema, and past these the
 * conversions below would overflow: the card's values stay. */
#define MAX_TOKEN_PRICE  1e6 /* USD per million tokens */
#define MAX_SEARCH_PRICE 1e3 /* USD per search */
#define MAX_TOKENS       1e9

static gboolean
read_first_number_upto (JsonObject        *object,
                        const char *const *names,
                        double             max,
                        double            *value)
{
  return read_first_number (object, names, value) && *value <= max;
}

/* Schemas quote token prices either per million tokens ($0.50) or per
 * token ($0.0000005); nobody prices a token at a tenth of a cent, so a
 * small figure is per token. */
static gint64
token_price_to_nanos (double usd)
{
  if (usd < 0.001)
    return (gint64) llround (usd * 1e9);

  return (gint64) llround (usd * 1e3);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Records that the schema gave a value, even one equal to the card's. */
static gboolean
take_schema_value (gint64 *field,
                   gint64  value)
{
  *field = value;
  return TRUE;
}

gboolean
mimo_pricing_update_from_schema (MimoPricing *self,
                                 JsonObject  *model)
{
  static const char *input_names[] = { "input", "prompt", "input_per_million", "input_tokens", NULL };
  static const char *output_names[] = { "output", "completion", "output_per_million", "output_tokens", NULL };
  static const char *cached_names[] = { "cache_read", "cached_input", "input_cache_read", "implicit_cache_read",
                                        "cached", "cache_read_input", NULL };
  static const char *search_names[] = { "web_search", "web_search_per_call", "search", NULL };
  static const char *context_names[] = { "context_window", "context_length", "max_context_tokens", NULL };
  static const char *max_output_names[] = { "max_output_tokens", "max_completion_tokens", "max_tokens", NULL };
  JsonObject        *pricing;
  JsonObject        *limits;
  gboolean           changed = FALSE;
  double             value;

  g_return_val_if_fail (self != NULL, FALSE);

  if (model == NULL)
    return FALSE;

  /* Some schemas wrap the model in "data". */
  if (member_object (model, "data") != NULL)
    model = member_object (model, "data");

  pricing = member_object (model, "pricing");
  if (read_first_number_upto (pricing, input_names, MAX_TOKEN_PRICE, &value))
    changed |= take_schema_value (&self->input_nanos, token_price_to_nanos (value));
  if (read_first_number_upto (pricing, output_names, MAX_TOKEN_PRICE, &value))
    changed |= take_schema_value (&self->output_nanos, token_price_to_nanos (value));
  if (read_first_number_upto (pricing, cached_names, MAX_TOKEN_PRICE, &value))
    changed |= take_schema_value (&self->cached_nanos, token_price_to_nanos (value));
  if (read_first_number_upto (pricing, search_names, MAX_SEARCH_PRICE, &value))
    changed |= take_schema_value (&self->web_search_nanos, (gint64) llround (value * 1e9));

  limits = member_object (model, "limits");
  if (read_first_number_upto (model, context_names, MAX_TOKENS, &value) ||
      read_first_number_upto (limits, context_names, MAX_TOKENS, &value))
    changed |= take_schema_value (&self->context_window, (gint64) value);
  if (read_first_number_upto (model, max_output_names, MAX_TOKENS, &value) ||
      read_first_number_upto (limits, max_output_names, MAX_TOKENS, &value))
    changed |= take_schema_value (&self->max_output_tokens, (gint64) value);

  self->from_schema = self->from_schema || changed;
  return changed;
}
