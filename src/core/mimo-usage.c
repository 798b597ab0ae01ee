/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-usage.c: reading the API's usage object, tolerant of the shapes providers send. */

#define G_LOG_DOMAIN "mimo-usage"

#include "config.h"

#include <math.h>

#include "mimo-usage.h"

G_DEFINE_BOXED_TYPE (MimoUsage, mimo_usage, mimo_usage_copy, mimo_usage_free)

MimoUsage *
mimo_usage_new (void)
{
  return g_new0 (MimoUsage, 1);
}

MimoUsage *
mimo_usage_copy (const MimoUsage *self)
{
  MimoUsage *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->tool_usage_json = g_strdup (self->tool_usage_json);

  return copy;
}

void
mimo_usage_free (MimoUsage *self)
{
  if (self == NULL)
    return;

  g_free (self->tool_usage_json);
  g_free (self);
}

gboolean
mimo_usage_equal (const MimoUsage *a,
                  const MimoUsage *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->prompt_tokens == b->prompt_tokens &&
         a->cached_tokens == b->cached_tokens &&
         a->completion_tokens == b->completion_tokens &&
         a->web_search_calls == b->web_search_calls &&
         !a->has_provider_cost == !b->has_provider_cost &&
         a->provider_cost_nanos == b->provider_cost_nanos &&
         g_strcmp0 (a->tool_usage_json, b->tool_usage_json) == 0 &&
         !a->estimated == !b->estimated;
}

gint64
mimo_usd_to_nanos (double usd)
{
  if (!isfinite (usd))
    return 0;

  /* Far beyond any real bill; keeps llround defined. */
  usd = CLAMP (usd, -1e9, 1e9);
  return (gint64) llround (usd * 1e9);
}

/* A non-negative count from a number node; anything else reads as 0. */
static gint64
node_count (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return MAX (0, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (node);

      return isfinite (value) && value > 0 ? (gint64) MIN (value, (double) G_MAXINT32) : 0;
    }
  if (type == G_TYPE_STRING)
    {
      gint64 value = g_ascii_strtoll (json_node_get_string (node), NULL, 10);

      return MAX (0, value);
    }

  return 0;
}

static gint64
member_count (JsonObject *object,
              const char *name)
{
  if (object == NULL || !json_object_has_member (object, name))
    return 0;

  return node_count (json_object_get_member (object, name));
}

/* "web_search", "webSearch", "web-search-calls" and "searches" all name
 * the same tool: compare letters only. */
static gboolean
is_web_search_key (const char *key)
{
  g_autoptr (GString) letters = g_string_new (NULL);

  for (const char *p = key; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p))
        g_string_append_c (letters, g_ascii_tolower (*p));
    }

  return g_str_equal (letters->str, "websearch") ||
         g_str_equal (letters->str, "websearches") ||
         g_str_equal (letters->str, "websearchcalls") ||
         g_str_equal (letters->str, "websearchrequests") ||
         g_str_equal (letters->str, "search") ||
         g_str_equal (letters->str, "searches") ||
         g_str_equal (letters->str, "searchcalls");
}

/* A tool entry is a count, or an object holding one. */
static gint64
tool_entry_count (JsonNode *node)
{
  static const char *count_members[] = { "calls", "count", "requests", "total", "num_calls" };
  JsonObject        *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return node_count (node);

  object = json_node_get_object (node);
  for (guint i = 0; i < G_N_ELEMENTS (count_members); i++)
    {
      if (json_object_has_member (object, count_members[i]))
        return member_count (object, count_members[i]);
    }

  return 0;
}

MimoUsage *
mimo_usage_new_from_json (JsonObject *usage)
{
  MimoUsage *self = mimo_usage_new ();
  JsonNode  *node;

  if (usage == NULL)
    return self;

  self->prompt_tokens = member_count (usage, "prompt_tokens");
  self->completion_tokens = member_count (usage, "completion_tokens");

  node = json_object_get_member (usage, "prompt_tokens_details");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    self->cached_tokens = member_count (json_node_get_object (node), "cached_tokens");
  else if (json_object_has_member (usage, "cached_tokens"))
    self->cached_tokens = member_count (usage, "cached_tokens");
  self->cached_tokens = MIN (self->cached_tokens, self->prompt_tokens);

  node = json_object_get_member (usage, "cost_usd");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_DOUBLE || type == G_TYPE_INT64)
        {
          self->has_provider_cost = TRUE;
          self->provider_cost_nanos = mimo_usd_to_nanos (json_node_get_double (node));
        }
      else if (type == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);
          char       *end = NULL;
          double      value = g_ascii_strtod (text, &end);

          if (end != text)
            {
              self->has_provider_cost = TRUE;
              self->provider_cost_nanos = mimo_usd_to_nanos (value);
            }
        }
    }

  node = json_object_get_member (usage, "tool_usage");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject       *tools = json_node_get_object (node);
      g_autoptr (GList) names = json_object_get_members (tools);

      for (const GList *l = names; l != NULL; l = l->next)
        {
          if (is_web_search_key (l->data))
            self->web_search_calls += tool_entry_count (json_object_get_member (tools, l->data));
        }

      self->tool_usage_json = json_to_string (node, FALSE);
      /* A lone surrogate escape ("\\ud800") comes out as bytes that are
       * not UTF-8; the text is kept in the history and shown. */
      if (!g_utf8_validate (self->tool_usage_json, -1, NULL))
        {
          char *valid = g_utf8_make_valid (self->tool_usage_json, -1);

          g_free (self->tool_usage_json);
          self->tool_usage_json = valid;
        }
    }

  return self;
}

void
mimo_usage_add_to_builder (const MimoUsage *self,
                           JsonBuilder     *builder)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "prompt_tokens");
  json_builder_add_int_value (builder, self->prompt_tokens);
  json_builder_set_member_name (builder, "cached_tokens");
  json_builder_add_int_value (builder, self->cached_tokens);
  json_builder_set_member_name (builder, "completion_tokens");
  json_builder_add_int_value (builder, self->completion_tokens);
  json_builder_set_member_name (builder, "web_search_calls");
  json_builder_add_int_value (builder, self->web_search_calls);
  json_builder_set_member_name (builder, "estimated");
  json_builder_add_boolean_value (builder, self->estimated);
}

gint64
mimo_estimate_tokens_for_chars (gint64 n_chars)
{
  if (n_chars <= 0)
    return 0;

  return (n_chars + 3) / 4;
}

gint64
mimo_estimate_tokens (const char *text,
                      gssize      length)
{
  if (text == NULL)
    return 0;

  return mimo_estimate_tokens_for_chars (g_utf8_strlen (text, length));
}

MimoUsage *
mimo_usage_estimate (gint64 prompt_chars,
                     gint64 completion_chars,
                     gint64 web_search_calls)
{
  MimoUsage *self = mimo_usage_new ();

  self->prompt_tokens = mimo_estimate_tokens_for_chars (prompt_chars);
  self->completion_tokens = mimo_estimate_tokens_for_chars (completion_chars);
  self->web_search_calls = MAX (0, web_search_calls);
  self->estimated = TRUE;

  return self;
}
