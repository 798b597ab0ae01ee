/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-conversation-row.h: one chat in the sidebar: title, last activity, spend, and its menu. */

#pragma once

#include <adwaita.h>

#include "mimo-conversation.h"
#include "mimo-date-format.h"

G_BEGIN_DECLS

#define MIMO_TYPE_CONVERSATION_ROW (mimo_conversation_row_get_type ())

G_DECLARE_FINAL_TYPE (MimoConversationRow, mimo_conversation_row, MIMO, CONVERSATION_ROW, GtkWidget)

/**
 * MimoConversationRow:
 *
 * The child of a sidebar list item: the chat's title (ellipsized), when it
 * was last active in a few words ("10:42", "Yesterday", "Mon", "3 Mar")
 * and what it has cost so far, kept up to date as the chat changes.
 *
 * Its menu (a button shown on hover, right click, long press,
 * mimo_conversation_row_popup_menu()) offers Rename… and Delete, which
 * activate `win.rename-conversation(x)` and `win.delete-conversation(x)`
 * with the chat's id.
 *
 * Property: `conversation` (read-write, NULL while the row is unused).
 */
GtkWidget        *mimo_conversation_row_new (void);
MimoConversation *mimo_conversation_row_get_conversation (MimoConversationRow *self);
void              mimo_conversation_row_set_conversation (MimoConversationRow *self,
                                                          MimoConversation    *conversation);
/* Which clock the time of day uses; the locale's by default. */
void mimo_conversation_row_set_clock_format (MimoConversationRow *self,
                                             MimoClockFormat      clock);
/* Words like "Yesterday" go stale at midnight: say them again. */
void mimo_conversation_row_refresh_date (MimoConversationRow *self);
/* Opens the context menu under the row (Menu key, Shift+F10). */
void mimo_conversation_row_popup_menu (MimoConversationRow *self);

/* The label texts, for tests: title, date and spend. */
const char *mimo_conversation_row_get_title_text (MimoConversationRow *self);
const char *mimo_conversation_row_get_date_text (MimoConversationRow *self);
const char *mimo_conversation_row_get_spend_text (MimoConversationRow *self);

G_END_DECLS
