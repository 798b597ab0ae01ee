/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-settings-keys.h: GSettings key names, in one place so a typo fails to compile. */

#pragma once

/* Plain #defines and enums with no GTK: the core reads these keys too. */

#define MIMO_SETTINGS_WINDOW_WIDTH     "window-width"
#define MIMO_SETTINGS_WINDOW_HEIGHT    "window-height"
#define MIMO_SETTINGS_WINDOW_MAXIMIZED "window-maximized"

/* Defaults for new chats: one key per parameter of the API card. */
#define MIMO_SETTINGS_ENABLE_THINKING        "enable-thinking"
#define MIMO_SETTINGS_WEB_SEARCH             "web-search"
#define MIMO_SETTINGS_WEB_SEARCH_FORCE       "web-search-force"
#define MIMO_SETTINGS_WEB_SEARCH_MAX_KEYWORD "web-search-max-keyword"
#define MIMO_SETTINGS_WEB_SEARCH_LIMIT       "web-search-limit"
#define MIMO_SETTINGS_TEMPERATURE            "temperature"
#define MIMO_SETTINGS_TOP_P                  "top-p"
#define MIMO_SETTINGS_MAX_TOKENS             "max-tokens"
#define MIMO_SETTINGS_STOP                   "stop"
#define MIMO_SETTINGS_DISABLE_FORMATTING     "disable-formatting"
#define MIMO_SETTINGS_SYSTEM_PROMPT          "system-prompt"

/* The account; the key itself is in the keyring (MimoKeyStore). */
#define MIMO_SETTINGS_BASE_URL "base-url"

/* Spend: budgets in integer nano-dollars, 0 = off. */
#define MIMO_SETTINGS_MONTHLY_BUDGET      "monthly-budget"
#define MIMO_SETTINGS_CHAT_BUDGET         "chat-budget"
#define MIMO_SETTINGS_BUDGET_WARN_PERCENT "budget-warn-percent"
#define MIMO_SETTINGS_BUDGET_ACTION       "budget-action"

#define MIMO_SETTINGS_COLOR_SCHEME "color-scheme"

/* The values of the schema's enums (g_settings_get_enum). */
typedef enum
{
  MIMO_BUDGET_ACTION_ASK = 0,
  MIMO_BUDGET_ACTION_REFUSE = 1,
} MimoBudgetAction;

typedef enum
{
  MIMO_COLOR_SCHEME_FOLLOW = 0,
  MIMO_COLOR_SCHEME_LIGHT = 1,
  MIMO_COLOR_SCHEME_DARK = 2,
} MimoColorScheme;
