/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-cli-usage.c: `mimo-chat --usage`: what was spent per chat, per day and in total, from the ledger. */

#define G_LOG_DOMAIN "mimo-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "mimo-cli-history.h"
#include "mimo-cli-private.h"
#include "mimo-cli.h"
#include "mimo-money.h"

typedef struct
{
  GDateTime       *since;
  MimoLedgerTotals totals;
  GPtrArray       *chats; /* MimoLedgerChat, most expensive first */
  GPtrArray       *days;  /* MimoLedgerBucket, days with requests only, oldest first */
  MimoLedgerTotals other; /* requests outside any chat */
} Report;

static void
report_clear (Report *report)
{
  g_clear_pointer (&report->since, g_date_time_unref);
  g_clear_pointer (&report->chats, g_ptr_array_unref);
  g_clear_pointer (&report->days, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Report, report_clear)

/* What the chats do not account for: requests made outside any chat. */
static void
subtract_totals (MimoLedgerTotals       *totals,
                 const MimoLedgerTotals *part)
{
  totals->requests -= part->requests;
  totals->prompt_tokens -= part->prompt_tokens;
  totals->cached_tokens -= part->cached_tokens;
  totals->completion_tokens -= part->completion_tokens;
  totals->web_search_calls -= part->web_search_calls;
  totals->cost.total_nanos -= part->cost.total_nanos;
  totals->provider_cost_nanos -= part->provider_cost_nanos;
  totals->provider_cost_requests -= part->provider_cost_requests;
}

/* Every figure comes from the ledger's own queries, so they are the
 * integer sums the app shows. */
static gboolean
query_report (MimoLedger *ledger,
              Report     *report,
              GError    **error)
{
  g_autoptr (GDateTime) first = NULL;
  g_autoptr (GDateTime) last = NULL;

  if (!mimo_ledger_query_totals (ledger, report->since, NULL, &report->totals, error))
    return FALSE;

  report->chats = mimo_ledger_query_top_conversations (ledger, report->since, NULL, G_MAXUINT, error);
  if (report->chats == NULL)
    return FALSE;

  report->other = report->totals;
  for (guint i = 0; i < report->chats->len; i++)
    subtract_totals (&report->other, &((MimoLedgerChat *) g_ptr_array_index (report->chats, i))->totals);

  report->days = g_ptr_array_new_with_free_func ((GDestroyNotify) mimo_ledger_bucket_free);
  if (!mimo_ledger_query_span (ledger, report->since, NULL, &first, &last, error))
    return FALSE;

  if (first != NULL)
    {
      g_autoptr (GDateTime) last_day = mimo_ledger_period_floor (MIMO_LEDGER_PERIOD_DAY, last);
      g_autoptr (GDateTime) end = mimo_ledger_period_next (MIMO_LEDGER_PERIOD_DAY, last_day);
      g_autoptr (GPtrArray) buckets = mimo_ledger_query_buckets (ledger, MIMO_LEDGER_PERIOD_DAY, first, end, error);

      if (buckets == NULL)
        return FALSE;

      /* A day without requests says nothing in a report. */
      for (guint i = 0; i < buckets->len; i++)
        {
          MimoLedgerBucket *bucket = g_ptr_array_index (buckets, i);

          if (bucket->totals.requests > 0)
            g_ptr_array_add (report->days, g_ptr_array_steal_index (buckets, i--));
        }
    }

  return TRUE;
}

/* --------------------------------------------------------------- JSON -- */

static void
print_json (Report *report)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode)    root = NULL;

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "since");
  if (report->since != NULL)
    {
      g_autofree char *day = g_date_time_format (report->since, "%Y-%m-%d");

      json_builder_add_string_value (builder, day);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "totals");
  json_builder_begin_object (builder);
  mimo_ledger_totals_add_to_builder (&report->totals, builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "conversations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->chats->len; i++)
    {
      MimoLedgerChat *chat = g_ptr_array_index (report->chats, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "conversation_id");
      json_builder_add_int_value (builder, chat->conversation_id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, chat->title != NULL ? chat->title : "");
      json_builder_set_member_name (builder, "deleted");
      json_builder_add_boolean_value (builder, chat->deleted);
      mimo_ledger_totals_add_to_builder (&chat->totals, builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "days");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->days->len; i++)
    {
      MimoLedgerBucket *bucket = g_ptr_array_index (report->days, i);
      g_autofree char  *day = g_date_time_format (bucket->start, "%Y-%m-%d");

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, day);
      mimo_ledger_totals_add_to_builder (&bucket->totals, builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  _mimo_cli_print_json (root, TRUE);
}

/* ------------------------------------------------------------- people -- */

/* The figure columns shared by the chat and day tables. */
static void
add_figures_row (MimoCliTable           *table,
                 const char             *first,
                 const char             *second,
                 const MimoLedgerTotals *totals)
{
  g_autofree char *requests = _mimo_cli_format_count (totals->requests);
  g_autofree char *in = _mimo_cli_format_count (totals->prompt_tokens);
  g_autofree char *cached = _mimo_cli_format_count (totals->cached_tokens);
  g_autofree char *out = _mimo_cli_format_count (totals->completion_tokens);
  g_autofree char *searches = _mimo_cli_format_count (totals->web_search_calls);
  g_autofree char *cost = mimo_money_format (totals->cost.total_nanos);

  if (second != NULL)
    _mimo_cli_table_add_row (table, first, second, requests, in, cached, out, searches, cost);
  else
    _mimo_cli_table_add_row (table, first, requests, in, cached, out, searches, cost);
}

static MimoCliTable *
new_figures_table (guint n_leading)
{
  MimoCliTable *table = _mimo_cli_table_new (n_leading + 6);

  for (guint i = 0; i < 6; i++)
    _mimo_cli_table_set_column (table, n_leading + i, TRUE, 0);

  return table;
}

static void
print_table (const char   *heading,
             MimoCliTable *table)
{
  g_autofree char *text = _mimo_cli_table_to_string (table, "  ");

  g_print ("%s\n%s\n", heading, text);
}

static void
print_chats (Report *report)
{
  g_autoptr (MimoCliTable) table = new_figures_table (2);

  _mimo_cli_table_set_column (table, 0, TRUE, 0);
  _mimo_cli_table_set_column (table, 1, FALSE, 32);
  /* Translators: column headings of mimo-chat --usage; "In", "Cached"
   * and "Out" count tokens. */
  _mimo_cli_table_add_row (table, _ ("ID"), _ ("Chat"), _ ("Requests"), _ ("In"), _ ("Cached"), _ ("Out"),
                           _ ("Searches"), _ ("Cost"));

  for (guint i = 0; i < report->chats->len; i++)
    {
      MimoLedgerChat  *chat = g_ptr_array_index (report->chats, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, chat->conversation_id);
      g_autofree char *title = NULL;

      /* Translators: a chat that was deleted; its spending is kept. */
      title = chat->deleted ? g_strdup_printf (_ ("%s (deleted)"), chat->title != NULL ? chat->title : "")
                            : g_strdup (chat->title);
      add_figures_row (table, id, title, &chat->totals);
    }
  if (report->other.requests > 0)
    add_figures_row (table, "", _ ("Outside any chat"), &report->other);

  print_table (_ ("Per chat, most expensive first"), table);
}

static void
print_days (Report *report)
{
  g_autoptr (MimoCliTable) table = new_figures_table (1);

  _mimo_cli_table_add_row (table, _ ("Day"), _ ("Requests"), _ ("In"), _ ("Cached"), _ ("Out"),
                           _ ("Searches"), _ ("Cost"));

  for (guint i = 0; i < report->days->len; i++)
    {
      MimoLedgerBucket *bucket = g_ptr_array_index (report->days, i);
      g_autofree char  *day = g_date_time_format (bucket->start, "%Y-%m-%d");

      add_figures_row (table, day, NULL, &bucket->totals);
    }

  print_table (_ ("Per day"), table);
}

static void
print_totals (Report *report)
{
  const MimoLedgerTotals  *totals = &report->totals;
  g_autoptr (MimoCliTable) table = _mimo_cli_table_new (2);
  g_autofree char         *requests = _mimo_cli_format_count (totals->requests);
  g_autofree char         *in = _mimo_cli_format_count (totals->prompt_tokens);
  g_autofree char         *cached = _mimo_cli_format_count (totals->cached_tokens);
  g_autofree char         *in_text = g_strdup_printf (_ ("%s (%s from the cache)"), in, cached);
  g_autofree char         *out = _mimo_cli_format_count (totals->completion_tokens);
  g_autofree char         *searches = _mimo_cli_format_count (totals->web_search_calls);
  g_autofree char         *computed = mimo_money_format (totals->cost.total_nanos);
  g_autofree char         *provider = NULL;

  if (totals->provider_cost_requests > 0)
    {
      g_autofree char *sum = mimo_money_format (totals->provider_cost_nanos);

      g_autofree char *reported = _mimo_cli_format_count (totals->provider_cost_requests);

      /* Translators: an amount, then how many of the requests came with
       * the provider's own figure ("reported for 3 of 4 requests"). */
      provider = g_strdup_printf (ngettext ("%s (reported for %s of %s request)",
                                            "%s (reported for %s of %s requests)",
                                            (gulong) totals->requests),
                                  sum, reported, requests);
    }
  else
    provider = g_strdup (_ ("none reported"));

  _mimo_cli_table_add_row (table, _ ("Requests"), requests);
  _mimo_cli_table_add_row (table, _ ("Tokens in"), in_text);
  _mimo_cli_table_add_row (table, _ ("Tokens out"), out);
  _mimo_cli_table_add_row (table, _ ("Web searches"), searches);
  _mimo_cli_table_add_row (table, _ ("Cost (EmpirioLabs)"), provider);
  _mimo_cli_table_add_row (table, _ ("Cost (computed)"), computed);

  print_table (_ ("Total"), table);
}

static void
print_report (Report *report)
{
  g_autofree char *since = report->since != NULL ? g_date_time_format (report->since, "%Y-%m-%d") : NULL;

  if (report->totals.requests == 0)
    {
      g_autofree char *message = NULL;

      if (since != NULL)
        message = g_strdup_printf (_ ("Nothing was spent since %s."), since);
      else
        message = g_strdup (_ ("Nothing was spent yet."));
      g_print ("%s\n", message);
      return;
    }

  if (since != NULL)
    {
      g_autofree char *heading = g_strdup_printf (_ ("Spending since %s"), since);

      g_print ("%s\n\n", heading);
    }
  else
    g_print ("%s\n\n", _ ("All spending"));

  print_chats (report);
  print_days (report);
  print_totals (report);
}

int
mimo_cli_usage (GVariantDict *options)
{
  g_auto (Report)       report = { 0 };
  g_autoptr (MimoStore) store = NULL;
  g_autoptr (GError)    error = NULL;
  const char           *since = NULL;
  gboolean              json = FALSE;

  g_variant_dict_lookup (options, "json", "b", &json);
  if (g_variant_dict_lookup (options, "since", "&s", &since))
    {
      report.since = _mimo_cli_parse_date ("since", since);
      if (report.since == NULL)
        return MIMO_CLI_EXIT_USAGE;
    }

  store = _mimo_cli_open_store (TRUE);
  if (store == NULL)
    return MIMO_CLI_EXIT_FAILED;

  if (!query_report (mimo_store_get_ledger (store), &report, &error))
    return _mimo_cli_history_failed (error);

  if (json)
    print_json (&report);
  else
    print_report (&report);

  _mimo_cli_close_store (store);
  return MIMO_CLI_EXIT_OK;
}
