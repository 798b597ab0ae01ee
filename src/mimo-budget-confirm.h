/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-budget-confirm.h: checking a send against the spending budgets, and the dialog that asks or refuses. */

#pragma once

#include <adwaita.h>

#include "mimo-budget.h"
#include "mimo-store.h"

G_BEGIN_DECLS

/* Decides for a send estimated at @estimate nano-dollars in @conversation
 * (NULL: a chat not started yet) with the budgets in @settings and the
 * month's spending on @store's ledger. @limits (may be NULL) receives what
 * the verdict was made from, for the dialog's words. */
MimoBudgetVerdict mimo_budget_check (GSettings        *settings,
                                     MimoStore        *store,
                                     MimoConversation *conversation,
                                     gint64            estimate,
                                     MimoBudgetScope  *scope,
                                     MimoBudgetLimits *limits);

/* The dialog for a MIMO_BUDGET_ASK or MIMO_BUDGET_REFUSE verdict, transient
 * for @parent's window. Responses: "send" and "cancel" when it asks,
 * "close" when it refuses. */
AdwMessageDialog *mimo_budget_dialog_new (GtkWidget              *parent,
                                          MimoBudgetVerdict       verdict,
                                          MimoBudgetScope         scope,
                                          const MimoBudgetLimits *limits,
                                          gint64                  estimate);

/* For a MIMO_BUDGET_WARN verdict: how much of the budget the send takes
 * it to, in words ("With this message, 85% of this month’s budget is
 * used: $8.50 of $10.00."). */
char *mimo_budget_warning_text (MimoBudgetScope         scope,
                                const MimoBudgetLimits *limits,
                                gint64                  estimate);

G_END_DECLS
