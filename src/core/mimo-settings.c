/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-settings.c: reads and writes chat defaults in GSettings and checks the API address. */

#define G_LOG_DOMAIN "mimo-settings"

#include "config.h"

#include "mimo-settings.h"

typedef struct
{
  const char *param;
  const char *key;
} ParamKey;

/* Every row of the card (mimo_chat_params_get_info()) has its key here;
 * the tests check the two tables stay in step. */
static const ParamKey param_keys[] = {
  { "enable_thinking", MIMO_SETTINGS_ENABLE_THINKING },
  { "tool_web_search", MIMO_SETTINGS_WEB_SEARCH },
  { "web_search_force", MIMO_SETTINGS_WEB_SEARCH_FORCE },
  { "web_search_max_keyword", MIMO_SETTINGS_WEB_SEARCH_MAX_KEYWORD },
  { "web_search_limit", MIMO_SETTINGS_WEB_SEARCH_LIMIT },
  { "temperature", MIMO_SETTINGS_TEMPERATURE },
  { "top_p", MIMO_SETTINGS_TOP_P },
  { "max_tokens", MIMO_SETTINGS_MAX_TOKENS },
  { "stop", MIMO_SETTINGS_STOP },
  { "disable_formatting", MIMO_SETTINGS_DISABLE_FORMATTING },
};

const char *
mimo_settings_key_for_param (const char *param_name)
{
  for (guint i = 0; i < G_N_ELEMENTS (param_keys); i++)
    {
      if (g_strcmp0 (param_keys[i].param, param_name) == 0)
        return param_keys[i].key;
    }

  return NULL;
}

char **
mimo_settings_dup_stop (GSettings *settings)
{
  g_auto (GStrv) stored = NULL;
  GStrvBuilder  *builder;
  guint          n = 0;
  char         **stop;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  /* GSettings cannot limit an array's length, and dconf-editor can write
   * anything the type allows: keep what the card accepts. */
  stored = g_settings_get_strv (settings, MIMO_SETTINGS_STOP);
  builder = g_strv_builder_new ();
  for (guint i = 0; stored[i] != NULL && n < MIMO_CHAT_PARAMS_MAX_STOP; i++)
    {
      if (stored[i][0] == '\0')
        continue;
      g_strv_builder_add (builder, stored[i]);
      n++;
    }
  if (g_strv_length (stored) > n)
    g_debug ("Ignoring %u stored stop sequences beyond the card's limit or empty",
             g_strv_length (stored) - n);

  stop = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return stop;
}

gboolean
mimo_settings_set_stop (GSettings         *settings,
                        const char *const *stop,
                        GError           **error)
{
  g_autoptr (MimoChatParams) check = mimo_chat_params_new ();
  static const char *const   empty[] = { NULL };

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);

  /* The card's own rule, with its message. */
  mimo_chat_params_set_stop (check, stop);
  if (!mimo_chat_params_validate (check, error))
    return FALSE;

  return g_settings_set_strv (settings, MIMO_SETTINGS_STOP, stop != NULL ? stop : empty);
}

MimoChatParams *
mimo_settings_get_chat_params (GSettings *settings)
{
  MimoChatParams *params;
  g_auto (GStrv)  stop = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  params = mimo_chat_params_new ();
  params->enable_thinking = g_settings_get_boolean (settings, MIMO_SETTINGS_ENABLE_THINKING);
  params->tool_web_search = g_settings_get_boolean (settings, MIMO_SETTINGS_WEB_SEARCH);
  params->web_search_force = g_settings_get_boolean (settings, MIMO_SETTINGS_WEB_SEARCH_FORCE);
  params->web_search_max_keyword = g_settings_get_int (settings, MIMO_SETTINGS_WEB_SEARCH_MAX_KEYWORD);
  params->web_search_limit = g_settings_get_int (settings, MIMO_SETTINGS_WEB_SEARCH_LIMIT);
  params->temperature = g_settings_get_double (settings, MIMO_SETTINGS_TEMPERATURE);
  params->top_p = g_settings_get_double (settings, MIMO_SETTINGS_TOP_P);
  params->max_tokens = g_settings_get_int (settings, MIMO_SETTINGS_MAX_TOKENS);
  params->disable_formatting = g_settings_get_boolean (settings, MIMO_SETTINGS_DISABLE_FORMATTING);

  stop = mimo_settings_dup_stop (settings);
  mimo_chat_params_set_stop (params, (const char *const *) stop);

  /* The schema's ranges are the card's, so this only fails if they drift apart. */
  g_assert (mimo_chat_params_validate (params, NULL));

  return params;
}

/* A second view of the same settings, so several keys change together
 * without putting the caller's object into delay mode. */
static GSettings *
new_delayed_settings (GSettings *settings)
{
  g_autoptr (GSettingsBackend) backend = NULL;
  g_autoptr (GSettingsSchema)  schema = NULL;
  g_autofree char             *path = NULL;
  GSettings                   *delayed;

  g_object_get (settings,
                "backend", &backend,
                "settings-schema", &schema,
                "path", &path,
                NULL);
  delayed = g_settings_new_full (schema, backend, path);
  g_settings_delay (delayed);

  return delayed;
}

gboolean
mimo_settings_set_chat_params (GSettings            *settings,
                               const MimoChatParams *params,
                               GError              **error)
{
  g_autoptr (GSettings)    delayed = NULL;
  static const char *const empty[] = { NULL };

  g_return_val_if_fail (G_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (params != NULL, FALSE);

  if (!mimo_chat_params_validate (params, error))
    return FALSE;

  delayed = new_delayed_settings (settings);
  g_settings_set_boolean (delayed, MIMO_SETTINGS_ENABLE_THINKING, params->enable_thinking);
  g_settings_set_boolean (delayed, MIMO_SETTINGS_WEB_SEARCH, params->tool_web_search);
  g_settings_set_boolean (delayed, MIMO_SETTINGS_WEB_SEARCH_FORCE, params->web_search_force);
  g_settings_set_int (delayed, MIMO_SETTINGS_WEB_SEARCH_MAX_KEYWORD, params->web_search_max_keyword);
  g_settings_set_int (delayed, MIMO_SETTINGS_WEB_SEARCH_LIMIT, params->web_search_limit);
  g_settings_set_double (delayed, MIMO_SETTINGS_TEMPERATURE, params->temperature);
  g_settings_set_double (delayed, MIMO_SETTINGS_TOP_P, params->top_p);
  g_settings_set_int (delayed, MIMO_SETTINGS_MAX_TOKENS, params->max_tokens);
  g_settings_set_strv (delayed, MIMO_SETTINGS_STOP,
                       params->stop != NULL ? (const char *const *) params->stop : empty);
  g_settings_set_boolean (delayed, MIMO_SETTINGS_DISABLE_FORMATTING, params->disable_formatting);
  g_settings_apply (delayed);

  return TRUE;
}

void
mimo_settings_reset_chat_params (GSettings *settings)
{
  g_autoptr (GSettings) delayed = NULL;

  g_return_if_fail (G_IS_SETTINGS (settings));

  delayed = new_delayed_settings (settings);
  for (guint i = 0; i < G_N_ELEMENTS (param_keys); i++)
    g_settings_reset (delayed, param_keys[i].key);
  g_settings_reset (delayed, MIMO_SETTINGS_SYSTEM_PROMPT);
  g_settings_apply (delayed);
}

MimoChatParams *
mimo_settings_apply_overrides (const MimoChatParams *defaults,
                               const char           *overrides_json,
                               GError              **error)
{
  g_autoptr (MimoChatParams) params = NULL;

  g_return_val_if_fail (defaults != NULL, NULL);

  params = mimo_chat_params_copy (defaults);
  if (!mimo_chat_params_merge_json_string (params, overrides_json, error))
    return NULL;

  return g_steal_pointer (&params);
}

MimoChatParams *
mimo_settings_get_params_for_chat (GSettings  *settings,
                                   const char *overrides_json,
                                   GError    **error)
{
  g_autoptr (MimoChatParams) defaults = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  defaults = mimo_settings_get_chat_params (settings);
  return mimo_settings_apply_overrides (defaults, overrides_json, error);
}
