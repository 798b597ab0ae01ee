/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-settings.h: the app's GSettings in core terms: chat defaults, overrides, the API address. */

#pragma once

#include <gio/gio.h>

#include "mimo-chat-params.h"
/* The key names and the schema's enums sit beside the views' code but are
 * plain #defines: the core reads the same names rather than a copy. */
#include "../mimo-settings-keys.h"

G_BEGIN_DECLS

/* The GSettings key holding the default of the card parameter @param_name
 * ("top_p" → "top-p"), or NULL for a name the card does not have. */
const char *mimo_settings_key_for_param (const char *param_name);

/* The defaults for new chats. Whatever is stored, the result validates:
 * the schema's ranges hold numbers in range, and stop sequences beyond
 * the fourth or empty ones are dropped. */
MimoChatParams *mimo_settings_get_chat_params (GSettings *settings);

/* Stores @params as the defaults for new chats, all keys in one change.
 * Refuses (and stores nothing) when @params does not validate. */
gboolean mimo_settings_set_chat_params (GSettings            *settings,
                                        const MimoChatParams *params,
                                        GError              **error);

/* Puts every chat default (the card's parameters and the instructions)
 * back to the schema's defaults. */
void mimo_settings_reset_chat_params (GSettings *settings);

/* The stop sequences: at most MIMO_CHAT_PARAMS_MAX_STOP non-empty strings,
 * never NULL. set refuses more than four or an empty one. */
char   **mimo_settings_dup_stop (GSettings *settings);
gboolean mimo_settings_set_stop (GSettings         *settings,
                                 const char *const *stop,
                                 GError           **error);

/* @defaults with a chat's stored overrides applied (NULL or "" = none).
 * The overrides are what mimo_chat_params_to_json_string (params,
 * defaults) wrote, so a chat follows later changes to the defaults for
 * every parameter it did not change itself. */
MimoChatParams *mimo_settings_apply_overrides (const MimoChatParams *defaults,
                                               const char           *overrides_json,
                                               GError              **error);

/* The parameters for one chat: the defaults from @settings plus its
 * overrides. */
MimoChatParams *mimo_settings_get_params_for_chat (GSettings  *settings,
                                                   const char *overrides_json,
                                                   GError    **error);

/* The API address is checked by mimo_client_check_base_url(), and
 * MIMO_BASE_URL overrides it inside the client: bind the "base-url" key
 * to the client's "base-url" property. */

G_END_DECLS
