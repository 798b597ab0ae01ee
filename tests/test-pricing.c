/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-pricing.c: reading usage objects and exact integer cost, against hand-computed figures. */

#define G_LOG_DOMAIN "test-pricing"

#include "config.h"

#include "mimo-pricing.h"
#include "mimo-usage.h"

static JsonObject *
parse_object (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

typedef struct
{
  const char *json;
  gint64      prompt;
  gint64      cached;
  gint64      completion;
  gint64      searches;
  gboolean    has_cost;
  gint64      provider_nanos;
  gint64      computed_nanos;
} UsageCase;

static const UsageCase usage_cases[] = {
  /* The card's example: (123−100)×500 + 100×50 + 456×1500 + 3×15,000,000 */
  { "{\"prompt_tokens\":123,\"completion_tokens\":456,\"total_tokens\":579,"
    "\"prompt_tokens_details\":{\"cached_tokens\":100},\"cost_usd\":0.0042,"
    "\"tool_usage\":{\"web_search\":3}}",
    123, 100, 456, 3, TRUE, 4200000, 23 * 500 + 100 * 50 + 456 * 1500 + 3 * 15000000 },
  /* No tools, no cache, no cost. */
  { "{\"prompt_tokens\":1000000,\"completion_tokens\":1000000}",
    1000000, 0, 1000000, 0, FALSE, 0, 500000000 + 1500000000 },
  /* Spellings vary; unknown tools are kept but not counted as searches. */
  { "{\"prompt_tokens\":10,\"completion_tokens\":0,\"cost_usd\":\"0.03\","
    "\"tool_usage\":{\"webSearch\":{\"calls\":2},\"code_interpreter\":1}}",
    10, 0, 0, 2, TRUE, 30000000, 10 * 500 + 2 * 15000000 },
  { "{\"prompt_tokens\":5,\"completion_tokens\":7,\"tool_usage\":{\"web-search-calls\":1.0}}",
    5, 0, 7, 1, FALSE, 0, 5 * 500 + 7 * 1500 + 15000000 },
  /* Nonsense stays harmless: negative, strings, more cached than prompt. */
  { "{\"prompt_tokens\":-4,\"completion_tokens\":\"12\",\"prompt_tokens_details\":{\"cached_tokens\":50}}",
    0, 0, 12, 0, FALSE, 0, 12 * 1500 },
  { "{\"prompt_tokens\":8,\"prompt_tokens_details\":{\"cached_tokens\":50},\"cost_usd\":null}",
    8, 8, 0, 0, FALSE, 0, 8 * 50 },
  { "{}", 0, 0, 0, 0, FALSE, 0, 0 },
};

static void
test_usage_cases (void)
{
  g_autoptr (MimoPricing) pricing = mimo_pricing_new ();

  for (guint i = 0; i < G_N_ELEMENTS (usage_cases); i++)
    {
      const UsageCase       *c = &usage_cases[i];
      g_autoptr (JsonObject) object = parse_object (c->json);
      g_autoptr (MimoUsage)  usage = mimo_usage_new_from_json (object);

      g_test_message ("case %u: %s", i, c->json);
      g_assert_cmpint (usage->prompt_tokens, ==, c->prompt);
      g_assert_cmpint (usage->cached_tokens, ==, c->cached);
      g_assert_cmpint (usage->completion_tokens, ==, c->completion);
      g_assert_cmpint (usage->web_search_calls, ==, c->searches);
      g_assert_cmpint (usage->has_provider_cost, ==, c->has_cost);
      g_assert_cmpint (usage->provider_cost_nanos, ==, c->provider_nanos);
      g_assert_cmpint (mimo_pricing_cost_nanos (pricing, usage), ==, c->computed_nanos);
      g_assert_false (usage->estimated);
    }
}

static void
test_tool_usage_kept (void)
{
  g_autoptr (JsonObject) object = parse_object ("{\"tool_usage\":{\"web_search\":1,\"new_tool\":{\"units\":4}}}");
  g_autoptr (MimoUsage)  usage = mimo_usage_new_from_json (object);
  g_autoptr (MimoUsage)  copy = mimo_usage_copy (usage);

  g_assert_cmpstr (usage->tool_usage_json, ==, "{\"web_search\":1,\"new_tool\":{\"units\":4}}");
  g_assert_true (mimo_usage_equal (usage, copy));
}

static void
test_breakdown (void)
{
  g_autoptr (MimoPricing) pricing = mimo_pricing_new ();
  MimoUsage               usage = { .prompt_tokens = 2000, .cached_tokens = 1500, .completion_tokens = 300, .web_search_calls = 2 };
  MimoCost                cost;

  mimo_pricing_compute (pricing, &usage, &cost);
  g_assert_cmpint (cost.input_nanos, ==, 500 * 500);
  g_assert_cmpint (cost.cached_nanos, ==, 1500 * 50);
  g_assert_cmpint (cost.output_nanos, ==, 300 * 1500);
  g_assert_cmpint (cost.web_search_nanos, ==, 30000000);
  g_assert_cmpint (cost.total_nanos, ==, 250000 + 75000 + 450000 + 30000000);
}

/* A million requests summed stay exact: no float ever accumulates. */
static void
test_sum_is_exact (void)
{
  g_autoptr (MimoPricing) pricing = mimo_pricing_new ();
  MimoUsage               usage = { .prompt_tokens = 3, .cached_tokens = 1, .completion_tokens = 7 };
  gint64                  total = 0;

  for (int i = 0; i < 1000000; i++)
    total += mimo_pricing_cost_nanos (pricing, &usage);

  g_assert_cmpint (total, ==, G_GINT64_CONSTANT (1000000) * (2 * 500 + 50 + 7 * 1500));
}

static void
test_estimate (void)
{
  g_autoptr (MimoPricing) pricing = mimo_pricing_new ();
  g_autoptr (MimoUsage)   usage = mimo_usage_estimate (41, 8, 1);

  g_assert_true (usage->estimated);
  g_assert_cmpint (usage->prompt_tokens, ==, 11);
  g_assert_cmpint (usage->completion_tokens, ==, 2);
  g_assert_cmpint (usage->web_search_calls, ==, 1);
  g_assert_cmpint (mimo_estimate_tokens ("héllo wörld", -1), ==, 3);
  g_assert_cmpint (mimo_estimate_tokens ("", -1), ==, 0);
  g_assert_cmpint (mimo_pricing_estimate_nanos (pricing, 100, 10, 1), ==, 100 * 500 + 10 * 1500 + 15000000);
}

/* Found by fuzz-chunk: a usage report with 2^63 - 1 web searches. Costs
 * saturate at G_MAXINT64 rather than wrap to a negative amount. */
static void
test_saturates (void)
{
  g_autoptr (MimoPricing) pricing = mimo_pricing_new ();
  g_autoptr (MimoUsage)   usage = mimo_usage_new ();
  MimoCost                cost;

  usage->prompt_tokens = 10;
  usage->web_search_calls = G_MAXINT64;
  mimo_pricing_compute (pricing, usage, &cost);
  g_assert_cmpint (cost.input_nanos, ==, 10 * 500);
  g_assert_cmpint (cost.web_search_nanos, ==, G_MAXINT64);
  g_assert_cmpint (cost.total_nanos, ==, G_MAXINT64);

  usage->web_search_calls = 0;
  usage->prompt_tokens = G_MAXINT64 / 100;
  usage->completion_tokens = G_MAXINT64 / 100;
  g_assert_cmpint (mimo_pricing_cost_nanos (pricing, usage), ==, G_MAXINT64);
  g_assert_cmpint (mimo_pricing_estimate_nanos (pricing, G_MAXINT64, G_MAXINT64, G_MAXINT64), ==, G_MAXINT64);
}

typedef struct
{
  const char *json;
  gint64      input, cached, output, search, context, max_output;
  gboolean    changed;
} SchemaCase;

static const SchemaCase schema_cases[] = {
  { "{\"id\":\"mimo-v2-flash\",\"context_window\":262144,\"max_output_tokens\":65536,"
    "\"pricing\":{\"input\":0.5,\"output\":1.5,\"cache_read\":0.05,\"web_search\":0.015}}",
    500, 50, 1500, 15000000, 262144, 65536, TRUE },
  /* Per-token prices as strings, limits nested, wrapped in "data". */
  { "{\"data\":{\"pricing\":{\"prompt\":\"0.000001\",\"completion\":\"$0.000002\"},"
    "\"limits\":{\"context_length\":131072}}}",
    1000, 50, 2000, 15000000, 131072, 65536, TRUE },
  { "{\"id\":\"mimo-v2-flash\"}", 500, 50, 1500, 15000000, 262144, 65536, FALSE },
  { "{\"pricing\":{\"input\":-1,\"output\":\"free\"}}", 500, 50, 1500, 15000000, 262144, 65536, FALSE },
  /* Figures no model has (they would overflow as nano-dollars): ignored. */
  { "{\"context_window\":1e300,\"pricing\":{\"input\":\"5.01e40\",\"output\":1e20,\"web_search\":1e16}}",
    500, 50, 1500, 15000000, 262144, 65536, FALSE },
};

static void
test_schema (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (schema_cases); i++)
    {
      const SchemaCase       *c = &schema_cases[i];
      g_autoptr (MimoPricing) pricing = mimo_pricing_new ();
      g_autoptr (JsonObject)  object = parse_object (c->json);

      g_test_message ("schema %u: %s", i, c->json);
      g_assert_cmpint (mimo_pricing_update_from_schema (pricing, object), ==, c->changed);
      g_assert_cmpint (pricing->from_schema, ==, c->changed);
      g_assert_cmpint (pricing->input_nanos, ==, c->input);
      g_assert_cmpint (pricing->cached_nanos, ==, c->cached);
      g_assert_cmpint (pricing->output_nanos, ==, c->output);
      g_assert_cmpint (pricing->web_search_nanos, ==, c->search);
      g_assert_cmpint (pricing->context_window, ==, c->context);
      g_assert_cmpint (pricing->max_output_tokens, ==, c->max_output);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/pricing/usage-cases", test_usage_cases);
  g_test_add_func ("/core/pricing/tool-usage-kept", test_tool_usage_kept);
  g_test_add_func ("/core/pricing/breakdown", test_breakdown);
  g_test_add_func ("/core/pricing/sum-is-exact", test_sum_is_exact);
  g_test_add_func ("/core/pricing/estimate", test_estimate);
  g_test_add_func ("/core/pricing/saturates", test_saturates);
  g_test_add_func ("/core/pricing/schema", test_schema);

  return g_test_run ();
}
