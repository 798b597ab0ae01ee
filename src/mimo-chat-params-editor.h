/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-chat-params-editor.h: edits one chat's parameters against the defaults for new chats. */

#pragma once

#include <adwaita.h>

#include "mimo-chat-params.h"

G_BEGIN_DECLS

#define MIMO_TYPE_CHAT_PARAMS_EDITOR (mimo_chat_params_editor_get_type ())

G_DECLARE_FINAL_TYPE (MimoChatParamsEditor, mimo_chat_params_editor, MIMO, CHAT_PARAMS_EDITOR, GtkWidget)

/**
 * MimoChatParamsEditor:
 *
 * The body of the popover (or dialog) behind a chat's parameters button.
 * Every card parameter with its control; a parameter that differs from
 * the defaults says so and has its own reset button, and "Reset All" puts
 * them all back.
 *
 * Properties: `defaults` (MimoChatParams, the defaults for new chats:
 * mimo_settings_get_chat_params()), `overrides` (string, the chat's stored
 * JSON, as mimo_chat_params_to_json_string (params, defaults) writes it;
 * NULL or "{}" for none) and `params` (MimoChatParams, read-only: the
 * defaults with the overrides applied, what a request uses).
 *
 * Signal `changed` (const char *overrides_json): the person changed or
 * reset something; store the JSON with the chat. Setting `defaults` or
 * `overrides` from code does not emit it.
 */
GtkWidget *mimo_chat_params_editor_new (const MimoChatParams *defaults,
                                        const char           *overrides_json);

const MimoChatParams *mimo_chat_params_editor_get_defaults (MimoChatParamsEditor *self);
void                  mimo_chat_params_editor_set_defaults (MimoChatParamsEditor *self,
                                                            const MimoChatParams *defaults);

/* Refuses JSON that does not parse or holds values out of range, leaving
 * the editor unchanged. */
gboolean mimo_chat_params_editor_set_overrides (MimoChatParamsEditor *self,
                                                const char           *overrides_json,
                                                GError              **error);
char    *mimo_chat_params_editor_dup_overrides (MimoChatParamsEditor *self);

const MimoChatParams *mimo_chat_params_editor_get_params (MimoChatParamsEditor *self);

/* The number of parameters that differ from the defaults (for a badge). */
guint mimo_chat_params_editor_get_n_changed (MimoChatParamsEditor *self);

/* Back to the default, one parameter (by its card name) or all; emit
 * `changed` when something changed. */
void mimo_chat_params_editor_reset (MimoChatParamsEditor *self,
                                    const char           *param_name);
void mimo_chat_params_editor_reset_all (MimoChatParamsEditor *self);

G_END_DECLS
