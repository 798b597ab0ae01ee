/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-settings.c: the schema enforces the card's ranges, and settings become request parameters. */

#define G_LOG_DOMAIN "test-settings"

#include "config.h"

#include "mimo-chat-params.h"
#include "mimo-client.h"
#include "mimo-error.h"
#include "mimo-settings.h"

static GSettings *
new_settings (void)
{
  GSettings *settings = g_settings_new (BASE_APPLICATION_ID);

  /* The memory backend lives as long as the process: start each test clean. */
  {
    g_autoptr (GSettingsSchema) schema = NULL;
    g_auto (GStrv)              keys = NULL;

    g_object_get (settings, "settings-schema", &schema, NULL);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      g_settings_reset (settings, keys[i]);
  }

  return settings;
}

typedef struct
{
  const char *key;
  const char *valid;   /* GVariant text, each must be accepted */
  const char *invalid; /* each must be refused */
} RangeCase;

/* The card's bounds, both ends, and one step outside each. */
static const RangeCase range_cases[] = {
  { MIMO_SETTINGS_WEB_SEARCH_MAX_KEYWORD, "1 3 5", "0 6 -1" },
  { MIMO_SETTINGS_WEB_SEARCH_LIMIT, "1 5 10", "0 11" },
  { MIMO_SETTINGS_TEMPERATURE, "0.0 0.7 2.0", "-0.01 2.01 100.0" },
  { MIMO_SETTINGS_TOP_P, "0.0 0.9 1.0", "-0.01 1.01" },
  { MIMO_SETTINGS_MAX_TOKENS, "1 4096 65536", "0 65537 -5" },
  { MIMO_SETTINGS_BUDGET_WARN_PERCENT, "1 80 100", "0 101" },
  { MIMO_SETTINGS_MONTHLY_BUDGET, "int64 0 int64 1000000000", "int64 -1" },
  { MIMO_SETTINGS_CHAT_BUDGET, "int64 0 int64 250000000", "int64 -1000" },
};

/* "int64 0 int64 5" and "1 2 3": split into GVariant texts of one value. */
static GPtrArray *
split_values (const char *text)
{
  g_auto (GStrv) words = g_strsplit (text, " ", -1);
  GPtrArray     *values = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (g_str_equal (words[i], "int64") && words[i + 1] != NULL)
        {
          g_ptr_array_add (values, g_strdup_printf ("int64 %s", words[i + 1]));
          i++;
        }
      else
        g_ptr_array_add (values, g_strdup (words[i]));
    }

  return values;
}

static void
test_ranges (void)
{
  g_autoptr (GSettings)       settings = new_settings ();
  g_autoptr (GSettingsSchema) schema = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (range_cases); i++)
    {
      const RangeCase               *c = &range_cases[i];
      g_autoptr (GSettingsSchemaKey) key = g_settings_schema_get_key (schema, c->key);
      g_autoptr (GPtrArray)          valid = split_values (c->valid);
      g_autoptr (GPtrArray)          invalid = split_values (c->invalid);
      const GVariantType            *type = g_settings_schema_key_get_value_type (key);

      for (guint j = 0; j < valid->len; j++)
        {
          g_autoptr (GVariant) value = g_variant_parse (type, valid->pdata[j], NULL, NULL, NULL);

          g_test_message ("%s = %s", c->key, (char *) valid->pdata[j]);
          g_assert_nonnull (value);
          g_assert_true (g_settings_schema_key_range_check (key, value));
          g_assert_true (g_settings_set_value (settings, c->key, value));
        }

      for (guint j = 0; j < invalid->len; j++)
        {
          g_autoptr (GVariant) value = g_variant_parse (type, invalid->pdata[j], NULL, NULL, NULL);
          g_autoptr (GVariant) before = g_settings_get_value (settings, c->key);
          g_autoptr (GVariant) after = NULL;

          g_test_message ("%s = %s must be refused", c->key, (char *) invalid->pdata[j]);
          g_assert_nonnull (value);
          g_assert_false (g_settings_schema_key_range_check (key, value));

          /* GSettings refuses with a warning, and keeps the old value. */
          g_test_expect_message ("GLib-GIO", G_LOG_LEVEL_WARNING, "*outside of valid range*");
          g_assert_false (g_settings_set_value (settings, c->key, value));
          g_test_assert_expected_messages ();
          after = g_settings_get_value (settings, c->key);
          g_assert_true (g_variant_equal (before, after));
        }
    }
}

static void
test_enums (void)
{
  g_autoptr (GSettings) settings = new_settings ();
  g_autofree char      *action = NULL;
  g_autofree char      *scheme = NULL;

  g_assert_cmpint (g_settings_get_enum (settings, MIMO_SETTINGS_BUDGET_ACTION), ==, MIMO_BUDGET_ACTION_ASK);
  g_assert_cmpint (g_settings_get_enum (settings, MIMO_SETTINGS_COLOR_SCHEME), ==, MIMO_COLOR_SCHEME_FOLLOW);

  g_assert_true (g_settings_set_enum (settings, MIMO_SETTINGS_BUDGET_ACTION, MIMO_BUDGET_ACTION_REFUSE));
  action = g_settings_get_string (settings, MIMO_SETTINGS_BUDGET_ACTION);
  g_assert_cmpstr (action, ==, "refuse");
  g_assert_true (g_settings_set_string (settings, MIMO_SETTINGS_COLOR_SCHEME, "dark"));
  g_assert_cmpint (g_settings_get_enum (settings, MIMO_SETTINGS_COLOR_SCHEME), ==, MIMO_COLOR_SCHEME_DARK);
  g_assert_true (g_settings_set_enum (settings, MIMO_SETTINGS_COLOR_SCHEME, MIMO_COLOR_SCHEME_LIGHT));
  scheme = g_settings_get_string (settings, MIMO_SETTINGS_COLOR_SCHEME);
  g_assert_cmpstr (scheme, ==, "light");

  /* A value the enum does not have is refused like a number out of range. */
  g_test_expect_message ("GLib-GIO", G_LOG_LEVEL_WARNING, "*outside of valid range*");
  g_assert_false (g_settings_set_string (settings, MIMO_SETTINGS_BUDGET_ACTION, "maybe"));
  g_test_assert_expected_messages ();
  g_assert_cmpint (g_settings_get_enum (settings, MIMO_SETTINGS_BUDGET_ACTION), ==, MIMO_BUDGET_ACTION_REFUSE);
}

static void
test_defaults (void)
{
  g_autoptr (GSettings)      settings = new_settings ();
  g_autoptr (MimoChatParams) from_settings = mimo_settings_get_chat_params (settings);
  g_autoptr (MimoChatParams) card = mimo_chat_params_new ();
  g_autofree char           *base_url = g_settings_get_string (settings, MIMO_SETTINGS_BASE_URL);
  g_autofree char           *prompt = g_settings_get_string (settings, MIMO_SETTINGS_SYSTEM_PROMPT);

  /* The schema's defaults are the card's. */
  g_assert_true (mimo_chat_params_equal (from_settings, card));
  g_assert_cmpstr (base_url, ==, MIMO_CLIENT_DEFAULT_BASE_URL);
  g_assert_cmpstr (prompt, ==, "");

  /* Budgets are off until someone sets one. */
  g_assert_cmpint (g_settings_get_int64 (settings, MIMO_SETTINGS_MONTHLY_BUDGET), ==, 0);
  g_assert_cmpint (g_settings_get_int64 (settings, MIMO_SETTINGS_CHAT_BUDGET), ==, 0);
  g_assert_cmpint (g_settings_get_int (settings, MIMO_SETTINGS_BUDGET_WARN_PERCENT), ==, 80);
}

static void
test_every_param_has_a_key (void)
{
  g_autoptr (GSettings)       settings = new_settings ();
  g_autoptr (GSettingsSchema) schema = NULL;
  const MimoParamInfo        *info;
  guint                       n_info;

  g_object_get (settings, "settings-schema", &schema, NULL);
  info = mimo_chat_params_get_info (&n_info);

  for (guint i = 0; i < n_info; i++)
    {
      const char                    *key = mimo_settings_key_for_param (info[i].name);
      g_autoptr (GSettingsSchemaKey) schema_key = NULL;
      g_autoptr (GVariant)           range = NULL;
      const char                    *kind;
      GVariant                      *bounds;

      g_assert_nonnull (key);
      g_assert_true (g_settings_schema_has_key (schema, key));
      if (info[i].type != MIMO_PARAM_INT && info[i].type != MIMO_PARAM_DOUBLE)
        continue;

      /* The schema's range is the card's range, exactly. */
      schema_key = g_settings_schema_get_key (schema, key);
      range = g_settings_schema_key_get_range (schema_key);
      g_variant_get (range, "(&sv)", &kind, &bounds);
      g_assert_cmpstr (kind, ==, "range");
      if (info[i].type == MIMO_PARAM_INT)
        {
          int min, max;

          g_variant_get (bounds, "(ii)", &min, &max);
          g_assert_cmpint (min, ==, (int) info[i].min);
          g_assert_cmpint (max, ==, (int) info[i].max);
        }
      else
        {
          double min, max;

          g_variant_get (bounds, "(dd)", &min, &max);
          g_assert_cmpfloat (min, ==, info[i].min);
          g_assert_cmpfloat (max, ==, info[i].max);
        }
      g_variant_unref (bounds);
    }

  g_assert_null (mimo_settings_key_for_param ("model"));
}

static void
test_settings_to_params (void)
{
  g_autoptr (GSettings)      settings = new_settings ();
  g_autoptr (MimoChatParams) params = NULL;
  static const char *const   stop[] = { "END", "###", NULL };

  g_settings_set_boolean (settings, MIMO_SETTINGS_ENABLE_THINKING, FALSE);
  g_settings_set_boolean (settings, MIMO_SETTINGS_WEB_SEARCH, TRUE);
  g_settings_set_boolean (settings, MIMO_SETTINGS_WEB_SEARCH_FORCE, TRUE);
  g_settings_set_int (settings, MIMO_SETTINGS_WEB_SEARCH_MAX_KEYWORD, 5);
  g_settings_set_int (settings, MIMO_SETTINGS_WEB_SEARCH_LIMIT, 2);
  g_settings_set_double (settings, MIMO_SETTINGS_TEMPERATURE, 1.25);
  g_settings_set_double (settings, MIMO_SETTINGS_TOP_P, 0.5);
  g_settings_set_int (settings, MIMO_SETTINGS_MAX_TOKENS, 65536);
  g_settings_set_strv (settings, MIMO_SETTINGS_STOP, stop);
  g_settings_set_boolean (settings, MIMO_SETTINGS_DISABLE_FORMATTING, TRUE);

  params = mimo_settings_get_chat_params (settings);
  g_assert_false (params->enable_thinking);
  g_assert_true (params->tool_web_search);
  g_assert_true (params->web_search_force);
  g_assert_cmpint (params->web_search_max_keyword, ==, 5);
  g_assert_cmpint (params->web_search_limit, ==, 2);
  g_assert_cmpfloat (params->temperature, ==, 1.25);
  g_assert_cmpfloat (params->top_p, ==, 0.5);
  g_assert_cmpint (params->max_tokens, ==, 65536);
  g_assert_cmpstrv (params->stop, stop);
  g_assert_true (params->disable_formatting);

  /* And back: params → settings → params is the identity. */
  {
    g_autoptr (MimoChatParams) card = mimo_chat_params_new ();
    g_autoptr (MimoChatParams) again = NULL;
    g_autoptr (GError)         error = NULL;

    g_assert_true (mimo_settings_set_chat_params (settings, card, &error));
    g_assert_no_error (error);
    again = mimo_settings_get_chat_params (settings);
    g_assert_true (mimo_chat_params_equal (again, card));

    g_assert_true (mimo_settings_set_chat_params (settings, params, &error));
    g_clear_pointer (&again, mimo_chat_params_free);
    again = mimo_settings_get_chat_params (settings);
    g_assert_true (mimo_chat_params_equal (again, params));
  }
}

static void
test_set_refuses_invalid (void)
{
  g_autoptr (GSettings)      settings = new_settings ();
  g_autoptr (MimoChatParams) params = mimo_chat_params_new ();
  g_autoptr (MimoChatParams) after = NULL;
  g_autoptr (GError)         error = NULL;

  g_settings_set_double (settings, MIMO_SETTINGS_TEMPERATURE, 0.3);

  params->temperature = 1.0;
  params->top_p = 1.5;
  g_assert_false (mimo_settings_set_chat_params (settings, params, &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER);

  /* Nothing was stored, not even the valid temperature. */
  after = mimo_settings_get_chat_params (settings);
  g_assert_cmpfloat (after->temperature, ==, 0.3);
  g_assert_cmpfloat (after->top_p, ==, 0.9);
}

static void
test_stop_limit (void)
{
  g_autoptr (GSettings)    settings = new_settings ();
  static const char *const five[] = { "a", "b", "c", "d", "e", NULL };
  static const char *const with_empty[] = { "a", "", "b", NULL };
  static const char *const four[] = { "a", "b", "c", "d", NULL };
  static const char *const a_b[] = { "a", "b", NULL };
  g_autoptr (GError)       error = NULL;
  g_auto (GStrv)           stop = NULL;

  /* Through our setter: more than four, or an empty one, is refused. */
  g_assert_false (mimo_settings_set_stop (settings, five, &error));
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER);
  g_assert_nonnull (strstr (error->message, "at most 4"));
  g_clear_error (&error);
  g_assert_false (mimo_settings_set_stop (settings, with_empty, &error));
  g_clear_error (&error);
  g_assert_true (mimo_settings_set_stop (settings, four, &error));
  g_assert_no_error (error);
  stop = mimo_settings_dup_stop (settings);
  g_assert_cmpstrv (stop, four);
  g_clear_pointer (&stop, g_strfreev);

  /* GSettings itself cannot limit an array, so another tool can store
   * five: reading keeps the first four, and the parameters validate. */
  g_assert_true (g_settings_set_strv (settings, MIMO_SETTINGS_STOP, five));
  stop = mimo_settings_dup_stop (settings);
  g_assert_cmpstrv (stop, four);
  g_clear_pointer (&stop, g_strfreev);
  {
    g_autoptr (MimoChatParams) params = mimo_settings_get_chat_params (settings);

    g_assert_cmpuint (g_strv_length (params->stop), ==, 4);
    g_assert_true (mimo_chat_params_validate (params, NULL));
  }

  g_assert_true (g_settings_set_strv (settings, MIMO_SETTINGS_STOP, with_empty));
  stop = mimo_settings_dup_stop (settings);
  g_assert_cmpstrv (stop, a_b);
  g_clear_pointer (&stop, g_strfreev);

  /* No stop sequences: an empty list, and NULL in the parameters. */
  g_assert_true (mimo_settings_set_stop (settings, NULL, &error));
  stop = mimo_settings_dup_stop (settings);
  g_assert_nonnull (stop);
  g_assert_cmpuint (g_strv_length (stop), ==, 0);
  {
    g_autoptr (MimoChatParams) params = mimo_settings_get_chat_params (settings);

    g_assert_null (params->stop);
  }
}

static void
test_reset (void)
{
  g_autoptr (GSettings)      settings = new_settings ();
  g_autoptr (MimoChatParams) params = NULL;
  g_autoptr (MimoChatParams) card = mimo_chat_params_new ();
  g_autofree char           *prompt = NULL;

  g_settings_set_double (settings, MIMO_SETTINGS_TEMPERATURE, 1.9);
  g_settings_set_boolean (settings, MIMO_SETTINGS_ENABLE_THINKING, FALSE);
  g_settings_set_string (settings, MIMO_SETTINGS_SYSTEM_PROMPT, "Be brief.");
  g_settings_set_int64 (settings, MIMO_SETTINGS_MONTHLY_BUDGET, 5 * G_GINT64_CONSTANT (1000000000));

  mimo_settings_reset_chat_params (settings);

  params = mimo_settings_get_chat_params (settings);
  g_assert_true (mimo_chat_params_equal (params, card));
  prompt = g_settings_get_string (settings, MIMO_SETTINGS_SYSTEM_PROMPT);
  g_assert_cmpstr (prompt, ==, "");
  /* Not an answer default: left alone. */
  g_assert_cmpint (g_settings_get_int64 (settings, MIMO_SETTINGS_MONTHLY_BUDGET), ==, 5000000000);
}

static void
test_overrides (void)
{
  g_autoptr (GSettings)      settings = new_settings ();
  g_autoptr (MimoChatParams) defaults = NULL;
  g_autoptr (MimoChatParams) chat = NULL;
  g_autoptr (MimoChatParams) later = NULL;
  g_autoptr (GError)         error = NULL;
  g_autofree char           *overrides = NULL;

  g_settings_set_double (settings, MIMO_SETTINGS_TEMPERATURE, 0.2);
  defaults = mimo_settings_get_chat_params (settings);

  /* A chat turns web search on: only that is stored with it. */
  chat = mimo_chat_params_copy (defaults);
  chat->tool_web_search = TRUE;
  overrides = mimo_chat_params_to_json_string (chat, defaults);
  g_assert_cmpstr (overrides, ==, "{\"tool_web_search\":true}");

  /* The defaults change later; the chat follows them except for its own. */
  g_settings_set_double (settings, MIMO_SETTINGS_TEMPERATURE, 1.5);
  later = mimo_settings_get_params_for_chat (settings, overrides, &error);
  g_assert_no_error (error);
  g_assert_true (later->tool_web_search);
  g_assert_cmpfloat (later->temperature, ==, 1.5);

  /* No overrides: the defaults. */
  g_clear_pointer (&later, mimo_chat_params_free);
  later = mimo_settings_get_params_for_chat (settings, NULL, &error);
  g_assert_false (later->tool_web_search);

  /* Stored overrides out of range are refused with the card's message. */
  g_clear_pointer (&later, mimo_chat_params_free);
  later = mimo_settings_apply_overrides (defaults, "{\"max_tokens\": 70000}", &error);
  g_assert_null (later);
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER);
  g_clear_error (&error);
  later = mimo_settings_apply_overrides (defaults, "not json", &error);
  g_assert_null (later);
  g_assert_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/settings/ranges", test_ranges);
  g_test_add_func ("/core/settings/enums", test_enums);
  g_test_add_func ("/core/settings/defaults", test_defaults);
  g_test_add_func ("/core/settings/every-param-has-a-key", test_every_param_has_a_key);
  g_test_add_func ("/core/settings/to-params", test_settings_to_params);
  g_test_add_func ("/core/settings/set-refuses-invalid", test_set_refuses_invalid);
  g_test_add_func ("/core/settings/stop-limit", test_stop_limit);
  g_test_add_func ("/core/settings/reset", test_reset);
  g_test_add_func ("/core/settings/overrides", test_overrides);

  return g_test_run ();
}
