/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-preferences-window-private.h: what the Preferences' files share; not for other classes. */

#pragma once

#include "mimo-preferences-window.h"

G_BEGIN_DECLS

struct _MimoPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings    *settings;
  MimoKeyStore *key_store;
  MimoClient   *client;
  char         *history_path;

  /* Cancelled in dispose, so no callback touches a destroyed window. */
  GCancellable *cancellable;
  /* Set while the view updates itself from GSettings, so its own
   * "changed" handlers do not write the value straight back. */
  gboolean updating;

  /* Account */
  AdwActionRow        *key_env_row;
  AdwActionRow        *key_status_row;
  GtkButton           *key_test_button;
  GtkButton           *key_forget_button;
  AdwPasswordEntryRow *key_entry_row;
  GtkWidget           *key_feedback_box;
  GtkLabel            *key_feedback_label;
  GtkButton           *key_session_button;
  AdwActionRow        *base_url_env_row;
  AdwEntryRow         *base_url_row;

  /* Answers */
  GtkSwitch      *thinking_switch;
  GtkSwitch      *web_search_switch;
  AdwActionRow   *web_search_force_row;
  GtkSwitch      *web_search_force_switch;
  AdwActionRow   *web_search_keywords_row;
  GtkSpinButton  *web_search_keywords_spin;
  AdwActionRow   *web_search_limit_row;
  GtkSpinButton  *web_search_limit_spin;
  GtkSwitch      *raw_citations_switch;
  GtkSpinButton  *temperature_spin;
  GtkSpinButton  *top_p_spin;
  GtkSpinButton  *max_tokens_spin;
  AdwExpanderRow *stop_expander;
  AdwEntryRow    *stop_entries[4];
  GtkTextView    *system_prompt_view;

  /* Spending */
  AdwExpanderRow *monthly_budget_row;
  GtkSpinButton  *monthly_budget_spin;
  AdwExpanderRow *chat_budget_row;
  GtkSpinButton  *chat_budget_spin;
  GtkSpinButton  *warn_percent_spin;
  AdwComboRow    *budget_action_row;

  /* Appearance: bound for the tests; the "settings" action group drives them. */
  GtkCheckButton *follow_check;
  GtkCheckButton *light_check;
  GtkCheckButton *dark_check;

  /* Privacy */
  AdwActionRow *history_path_row;
  GtkButton    *clear_history_button;
};

/* mimo-preferences-account.c: the Account page. */
void _mimo_preferences_account_class_init (GtkWidgetClass *widget_class);
void _mimo_preferences_account_setup (MimoPreferencesWindow *self);

G_END_DECLS
