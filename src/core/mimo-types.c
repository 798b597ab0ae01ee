/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-types.c: stable string names for the shared enums (used on the wire, on disk and in --json). */

#define G_LOG_DOMAIN "mimo-types"

#include "config.h"

#include "mimo-types.h"

static const char *role_names[] = {
  [MIMO_ROLE_SYSTEM] = "system",
  [MIMO_ROLE_USER] = "user",
  [MIMO_ROLE_ASSISTANT] = "assistant",
};

static const char *state_names[] = {
  [MIMO_MESSAGE_STATE_COMPLETE] = "complete",
  [MIMO_MESSAGE_STATE_STREAMING] = "streaming",
  [MIMO_MESSAGE_STATE_CANCELLED] = "cancelled",
  [MIMO_MESSAGE_STATE_INTERRUPTED] = "interrupted",
  [MIMO_MESSAGE_STATE_FAILED] = "failed",
};

static gboolean
lookup (const char  *str,
        const char **names,
        guint        n_names,
        int         *value)
{
  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (g_strcmp0 (names[i], str) == 0)
        {
          *value = (int) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
mimo_role_to_string (MimoRole role)
{
  g_return_val_if_fail ((guint) role < G_N_ELEMENTS (role_names), NULL);

  return role_names[role];
}

gboolean
mimo_role_from_string (const char *str,
                       MimoRole   *role)
{
  int value;

  g_return_val_if_fail (role != NULL, FALSE);

  if (!lookup (str, role_names, G_N_ELEMENTS (role_names), &value))
    return FALSE;

  *role = (MimoRole) value;
  return TRUE;
}

const char *
mimo_message_state_to_string (MimoMessageState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

gboolean
mimo_message_state_from_string (const char       *str,
                                MimoMessageState *state)
{
  int value;

  g_return_val_if_fail (state != NULL, FALSE);

  if (!lookup (str, state_names, G_N_ELEMENTS (state_names), &value))
    return FALSE;

  *state = (MimoMessageState) value;
  return TRUE;
}
