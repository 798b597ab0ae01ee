/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-budget.c: the budget decision, in integer arithmetic. */

#include "config.h"

#include "mimo-budget.h"

/* Sums saturate: amounts near G_MAXINT64 must not wrap into "under budget". */
static gint64
add_saturating (gint64 a,
                gint64 b)
{
  if (b > 0 && a > G_MAXINT64 - b)
    return G_MAXINT64;
  return a + b;
}

/* ceil (budget × percent / 100) without overflowing budget × percent. */
static gint64
warn_line (gint64 budget,
           int    percent)
{
  gint64 q = budget / 100;
  gint64 r = budget % 100;

  return q * percent + (r * percent + 99) / 100;
}

typedef enum
{
  LEVEL_OK,
  LEVEL_WARN,
  LEVEL_CROSS,
} Level;

static Level
level_for (gint64 spent,
           gint64 budget,
           gint64 estimate,
           int    warn_percent)
{
  gint64 after;

  if (budget <= 0)
    return LEVEL_OK;
  after = add_saturating (MAX (spent, 0), estimate);
  if (after > budget)
    return LEVEL_CROSS;
  if (warn_percent > 0 && after >= warn_line (budget, warn_percent))
    return LEVEL_WARN;
  return LEVEL_OK;
}

MimoBudgetVerdict
mimo_budget_decide (const MimoBudgetLimits *limits,
                    gint64                  estimate,
                    MimoBudgetScope        *scope)
{
  int               percent;
  Level             month;
  Level             chat;
  MimoBudgetScope   which = MIMO_BUDGET_SCOPE_NONE;
  MimoBudgetVerdict verdict = MIMO_BUDGET_OK;

  g_return_val_if_fail (limits != NULL, MIMO_BUDGET_OK);

  percent = CLAMP (limits->warn_percent, 0, 100);
  estimate = MAX (estimate, 0);
  month = level_for (limits->month_spent, limits->monthly_budget, estimate, percent);
  chat = level_for (limits->chat_spent, limits->chat_budget, estimate, percent);

  if (month == LEVEL_CROSS || chat == LEVEL_CROSS)
    {
      which = month == LEVEL_CROSS ? MIMO_BUDGET_SCOPE_MONTH : MIMO_BUDGET_SCOPE_CHAT;
      verdict = limits->refuse ? MIMO_BUDGET_REFUSE : MIMO_BUDGET_ASK;
    }
  else if (month == LEVEL_WARN || chat == LEVEL_WARN)
    {
      which = month == LEVEL_WARN ? MIMO_BUDGET_SCOPE_MONTH : MIMO_BUDGET_SCOPE_CHAT;
      verdict = MIMO_BUDGET_WARN;
    }

  if (scope != NULL)
    *scope = which;
  return verdict;
}
