/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-budget.c: the budget decision, table by table. */

#define G_LOG_DOMAIN "test-budget"

#include "config.h"

#include "mimo-budget.h"

#define DOLLAR G_GINT64_CONSTANT (1000000000)

static void
test_decide (void)
{
  static const struct
  {
    gint64            month_spent;
    gint64            chat_spent;
    gint64            monthly_budget;
    gint64            chat_budget;
    int               warn_percent;
    gboolean          refuse;
    gint64            estimate;
    MimoBudgetVerdict verdict;
    MimoBudgetScope   scope;
  } cases[] = {
    /* No budgets: always fine, however much is spent. */
    { 100 * DOLLAR, 100 * DOLLAR, 0, 0, 80, FALSE, DOLLAR, MIMO_BUDGET_OK, MIMO_BUDGET_SCOPE_NONE },
    /* Well under the monthly budget. */
    { DOLLAR, 0, 5 * DOLLAR, 0, 80, FALSE, 1000, MIMO_BUDGET_OK, MIMO_BUDGET_SCOPE_NONE },
    /* Exactly on the warning line (80 % of $5 = $4). */
    { 4 * DOLLAR - 1000, 0, 5 * DOLLAR, 0, 80, FALSE, 1000, MIMO_BUDGET_WARN, MIMO_BUDGET_SCOPE_MONTH },
    /* One nano-dollar below the warning line. */
    { 4 * DOLLAR - 1001, 0, 5 * DOLLAR, 0, 80, FALSE, 1000, MIMO_BUDGET_OK, MIMO_BUDGET_SCOPE_NONE },
    /* Landing exactly on the budget is allowed, with a warning. */
    { 5 * DOLLAR - 1000, 0, 5 * DOLLAR, 0, 80, FALSE, 1000, MIMO_BUDGET_WARN, MIMO_BUDGET_SCOPE_MONTH },
    /* One nano-dollar over: ask, or refuse. */
    { 5 * DOLLAR - 999, 0, 5 * DOLLAR, 0, 80, FALSE, 1000, MIMO_BUDGET_ASK, MIMO_BUDGET_SCOPE_MONTH },
    { 5 * DOLLAR - 999, 0, 5 * DOLLAR, 0, 80, TRUE, 1000, MIMO_BUDGET_REFUSE, MIMO_BUDGET_SCOPE_MONTH },
    /* Already over with a zero (or negative) estimate still crosses. */
    { 6 * DOLLAR, 0, 5 * DOLLAR, 0, 80, FALSE, 0, MIMO_BUDGET_ASK, MIMO_BUDGET_SCOPE_MONTH },
    { 6 * DOLLAR, 0, 5 * DOLLAR, 0, 80, FALSE, -5 * DOLLAR, MIMO_BUDGET_ASK, MIMO_BUDGET_SCOPE_MONTH },
    /* A negative estimate counts as 0, not as a refund. */
    { 5 * DOLLAR, 0, 5 * DOLLAR, 0, 0, FALSE, -DOLLAR, MIMO_BUDGET_OK, MIMO_BUDGET_SCOPE_NONE },
    /* The chat budget alone. */
    { 0, DOLLAR / 2, 0, DOLLAR, 50, FALSE, 0, MIMO_BUDGET_WARN, MIMO_BUDGET_SCOPE_CHAT },
    { 0, DOLLAR / 2, 0, DOLLAR, 50, TRUE, DOLLAR / 2 + 1, MIMO_BUDGET_REFUSE, MIMO_BUDGET_SCOPE_CHAT },
    /* Both crossed: the monthly one is named. */
    { 5 * DOLLAR, DOLLAR, 5 * DOLLAR, DOLLAR, 80, FALSE, 1, MIMO_BUDGET_ASK, MIMO_BUDGET_SCOPE_MONTH },
    /* Month only warns but the chat crosses: crossing wins. */
    { 4 * DOLLAR, DOLLAR, 5 * DOLLAR, DOLLAR, 80, FALSE, 1, MIMO_BUDGET_ASK, MIMO_BUDGET_SCOPE_CHAT },
    /* Warnings off (0 %): nothing until the budget is crossed. */
    { 5 * DOLLAR, 0, 5 * DOLLAR, 0, 0, FALSE, 0, MIMO_BUDGET_OK, MIMO_BUDGET_SCOPE_NONE },
    /* 100 %: warns only when landing exactly on the budget. */
    { 5 * DOLLAR - 1, 0, 5 * DOLLAR, 0, 100, FALSE, 0, MIMO_BUDGET_OK, MIMO_BUDGET_SCOPE_NONE },
    { 5 * DOLLAR, 0, 5 * DOLLAR, 0, 100, FALSE, 0, MIMO_BUDGET_WARN, MIMO_BUDGET_SCOPE_MONTH },
    /* The warning line rounds up: 33 % of 10 nano-dollars is 3.3 → 4. */
    { 3, 0, 10, 0, 33, FALSE, 0, MIMO_BUDGET_OK, MIMO_BUDGET_SCOPE_NONE },
    { 4, 0, 10, 0, 33, FALSE, 0, MIMO_BUDGET_WARN, MIMO_BUDGET_SCOPE_MONTH },
    /* Huge amounts saturate instead of wrapping. */
    { G_MAXINT64 - 1, 0, G_MAXINT64, 0, 0, FALSE, G_MAXINT64, MIMO_BUDGET_OK, MIMO_BUDGET_SCOPE_NONE },
    { G_MAXINT64 - 1, 0, G_MAXINT64 - 1, 0, 0, FALSE, G_MAXINT64, MIMO_BUDGET_ASK, MIMO_BUDGET_SCOPE_MONTH },
    { G_MAXINT64, 0, G_MAXINT64, 0, 100, FALSE, 0, MIMO_BUDGET_WARN, MIMO_BUDGET_SCOPE_MONTH },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MimoBudgetLimits limits = {
        .month_spent = cases[i].month_spent,
        .chat_spent = cases[i].chat_spent,
        .monthly_budget = cases[i].monthly_budget,
        .chat_budget = cases[i].chat_budget,
        .warn_percent = cases[i].warn_percent,
        .refuse = cases[i].refuse,
      };
      MimoBudgetScope   scope = (MimoBudgetScope) -1;
      MimoBudgetVerdict verdict;

      g_test_message ("case %" G_GSIZE_FORMAT, i);
      verdict = mimo_budget_decide (&limits, cases[i].estimate, &scope);
      g_assert_cmpint (verdict, ==, cases[i].verdict);
      g_assert_cmpint (scope, ==, cases[i].scope);
      /* The scope is optional. */
      g_assert_cmpint (mimo_budget_decide (&limits, cases[i].estimate, NULL), ==, cases[i].verdict);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/budget/decide", test_decide);
  return g_test_run ();
}
