/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-budget-confirm.c: checking a send against the spending budgets, and the dialog that asks or refuses. */

#define G_LOG_DOMAIN "mimo-budget-confirm"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-budget-confirm.h"
#include "mimo-money.h"
#include "mimo-settings-keys.h"

static gint64
month_spent (MimoStore *store)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) month_start = g_date_time_new_local (g_date_time_get_year (now),
                                                             g_date_time_get_month (now), 1, 0, 0, 0);
  g_autoptr (GError)    error = NULL;
  MimoLedgerTotals      totals = { 0 };

  if (!mimo_ledger_query_totals (mimo_store_get_ledger (store), month_start, NULL, &totals, &error))
    {
      /* An unreadable ledger must not stop people from chatting. */
      g_warning ("Could not read this month’s spending: %s", error->message);
      return 0;
    }
  return totals.cost.total_nanos;
}

MimoBudgetVerdict
mimo_budget_check (GSettings        *settings,
                   MimoStore        *store,
                   MimoConversation *conversation,
                   gint64            estimate,
                   MimoBudgetScope  *scope,
                   MimoBudgetLimits *limits)
{
  MimoBudgetLimits checked = { 0 };

  g_return_val_if_fail (G_IS_SETTINGS (settings), MIMO_BUDGET_OK);
  g_return_val_if_fail (MIMO_IS_STORE (store), MIMO_BUDGET_OK);

  checked.monthly_budget = g_settings_get_int64 (settings, MIMO_SETTINGS_MONTHLY_BUDGET);
  checked.chat_budget = g_settings_get_int64 (settings, MIMO_SETTINGS_CHAT_BUDGET);
  checked.warn_percent = g_settings_get_int (settings, MIMO_SETTINGS_BUDGET_WARN_PERCENT);
  checked.refuse = g_settings_get_enum (settings, MIMO_SETTINGS_BUDGET_ACTION) == MIMO_BUDGET_ACTION_REFUSE;
  /* The ledger is read only when a budget is on: most people have none. */
  if (checked.monthly_budget > 0)
    checked.month_spent = month_spent (store);
  if (checked.chat_budget > 0 && conversation != NULL)
    checked.chat_spent = mimo_conversation_get_totals (conversation)->cost.total_nanos;

  if (limits != NULL)
    *limits = checked;
  return mimo_budget_decide (&checked, estimate, scope);
}

AdwMessageDialog *
mimo_budget_dialog_new (GtkWidget              *parent,
                        MimoBudgetVerdict       verdict,
                        MimoBudgetScope         scope,
                        const MimoBudgetLimits *limits,
                        gint64                  estimate)
{
  gboolean          monthly = scope == MIMO_BUDGET_SCOPE_MONTH;
  g_autofree char  *budget = mimo_money_format (monthly ? limits->monthly_budget : limits->chat_budget);
  g_autofree char  *spent = mimo_money_format (monthly ? limits->month_spent : limits->chat_spent);
  g_autofree char  *cost = mimo_money_format (MAX (estimate, 0));
  g_autofree char  *body = NULL;
  AdwMessageDialog *dialog;
  GtkRoot          *root;

  g_return_val_if_fail (verdict == MIMO_BUDGET_ASK || verdict == MIMO_BUDGET_REFUSE, NULL);

  if (monthly)
    /* Translators: the amounts are money, such as “$5.00”. */
    body = g_strdup_printf (_ ("You have spent %s of your monthly budget of %s this month. This message is expected "
                               "to cost about %s, which would take you over it."),
                            spent, budget, cost);
  else
    body = g_strdup_printf (_ ("This chat has cost %s of its budget of %s. This message is expected to cost about "
                               "%s, which would take it over."),
                            spent, budget, cost);

  root = parent != NULL ? gtk_widget_get_root (parent) : NULL;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       monthly ? _ ("Over Your Monthly Budget?")
                                                               : _ ("Over This Chat’s Budget?"),
                                                       NULL));
  if (verdict == MIMO_BUDGET_ASK)
    {
      adw_message_dialog_set_body (dialog, body);
      adw_message_dialog_add_responses (dialog, "cancel", _ ("_Cancel"), "send", _ ("_Send Anyway"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "send", ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, "cancel");
      adw_message_dialog_set_close_response (dialog, "cancel");
    }
  else
    {
      g_autofree char *refused = g_strconcat (body, " ",
                                              _ ("It was not sent. You can raise or turn off the budget in "
                                                 "Preferences, under Spending."),
                                              NULL);

      adw_message_dialog_set_heading (dialog, monthly ? _ ("Monthly Budget Reached") : _ ("Chat Budget Reached"));
      adw_message_dialog_set_body (dialog, refused);
      adw_message_dialog_add_response (dialog, "close", _ ("_Close"));
      adw_message_dialog_set_close_response (dialog, "close");
    }
  return dialog;
}

char *
mimo_budget_warning_text (MimoBudgetScope         scope,
                          const MimoBudgetLimits *limits,
                          gint64                  estimate)
{
  gboolean         month = scope == MIMO_BUDGET_SCOPE_MONTH;
  gint64           budget;
  gint64           spent;
  g_autofree char *spent_text = NULL;
  g_autofree char *budget_text = NULL;
  gint64           percent;

  g_return_val_if_fail (limits != NULL, NULL);

  budget = month ? limits->monthly_budget : limits->chat_budget;
  if (budget <= 0)
    return NULL;
  spent = (month ? limits->month_spent : limits->chat_spent) + MAX (estimate, 0);
  spent_text = mimo_money_format (spent);
  budget_text = mimo_money_format (budget);
  /* Whole percent, rounded down: never says 100% while still inside. */
  percent = spent >= budget || spent > G_MAXINT64 / 100 ? 100 : spent * 100 / budget;
  return month
           /* Translators: the warning line of the monthly budget was reached. */
           ? g_strdup_printf (_ ("With this message, %d%% of this month’s budget is used: %s of %s."),
                              (int) percent, spent_text, budget_text)
           /* Translators: the warning line of the per-chat budget was reached. */
           : g_strdup_printf (_ ("With this message, %d%% of this chat’s budget is used: %s of %s."),
                              (int) percent, spent_text, budget_text);
}
