/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-budget.h: deciding whether a send stays within the spending budgets. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  MIMO_BUDGET_OK,     /* below the warning line of every budget */
  MIMO_BUDGET_WARN,   /* at or past a warning line, within the budget */
  MIMO_BUDGET_ASK,    /* would go over a budget; ask before sending */
  MIMO_BUDGET_REFUSE, /* would go over a budget; do not send */
} MimoBudgetVerdict;

typedef enum
{
  MIMO_BUDGET_SCOPE_NONE,
  MIMO_BUDGET_SCOPE_MONTH,
  MIMO_BUDGET_SCOPE_CHAT,
} MimoBudgetScope;

/* Everything is in nano-dollars; a budget of 0 (or less) is off. */
typedef struct
{
  gint64   month_spent; /* month to date, from the ledger */
  gint64   chat_spent;  /* this conversation so far */
  gint64   monthly_budget;
  gint64   chat_budget;
  int      warn_percent; /* 0–100; 0 turns warnings off */
  gboolean refuse;       /* budget-action is "refuse" rather than "ask" */
} MimoBudgetLimits;

/* Decides for a send estimated at @estimate (negative counts as 0). The
 * monthly budget is looked at first; @scope (may be NULL) says which budget
 * the verdict is about, MIMO_BUDGET_SCOPE_NONE for MIMO_BUDGET_OK. A budget
 * is crossed when spent + estimate > budget, so a send that lands exactly on
 * the budget is allowed (with a warning). */
MimoBudgetVerdict mimo_budget_decide (const MimoBudgetLimits *limits,
                                      gint64                  estimate,
                                      MimoBudgetScope        *scope);

G_END_DECLS
