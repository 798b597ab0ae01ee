/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-ledger.h: the spend ledger: one row per API request, and the inspector's queries over it. */

#pragma once

#include <gio/gio.h>

#include "mimo-chat-params.h"
#include "mimo-pricing.h"
#include "mimo-types.h"
#include "mimo-usage.h"

G_BEGIN_DECLS

/* Provider and computed cost further apart than this (one micro-dollar)
 * flag a request for reconciliation. */
#define MIMO_LEDGER_MISMATCH_NANOS G_GINT64_CONSTANT (1000)

/**
 * MimoLedgerEntry:
 * @id: the row's id (0 until recorded)
 * @time_us: when the request was sent, UTC microseconds since the epoch
 * @conversation_id: the chat it belongs to (0 when none)
 * @message_id: the answer it produced (0 when none)
 * @conversation_title: the chat's title; for a deleted chat, the title it
 *   had when it was deleted (filled by queries)
 * @conversation_deleted: the chat has since been deleted (filled by queries)
 * @model: model id sent
 * @params_json: every parameter sent (mimo_chat_params_to_json_string (p, NULL))
 * @prompt_tokens, @cached_tokens, @completion_tokens, @web_search_calls: usage
 * @has_provider_cost: the provider sent cost_usd
 * @provider_cost_nanos: the provider's figure
 * @cost: our computation, at @prices
 * @prices: the price card of the time: input, cached, output, web search
 * @status: how the request ended
 * @error_code: mimo_client_error_code_name() of the failure, or NULL
 * @estimated: no usage came back; tokens and cost were estimated from text
 * @first_token_us: microseconds until the first token, -1 when none came
 * @duration_us: microseconds from send to end
 *
 * A plain struct: fill it (mimo_ledger_entry_set_usage() and
 * mimo_ledger_entry_set_result() do the sums) and give it to
 * mimo_store_record_request().
 */
typedef struct
{
  gint64           id;
  gint64           time_us;
  gint64           conversation_id;
  gint64           message_id;
  char            *conversation_title;
  gboolean         conversation_deleted;
  char            *model;
  char            *params_json;
  gint64           prompt_tokens;
  gint64           cached_tokens;
  gint64           completion_tokens;
  gint64           web_search_calls;
  gboolean         has_provider_cost;
  gint64           provider_cost_nanos;
  MimoCost         cost;
  MimoCost         prices;
  MimoMessageState status;
  char            *error_code;
  gboolean         estimated;
  gint64           first_token_us;
  gint64           duration_us;
} MimoLedgerEntry;

/**
 * MimoLedgerTotals:
 * Sums over ledger rows, all exact integers. @cost is the computed cost
 * split by category; @provider_cost_nanos sums the rows that had a
 * provider figure (@provider_cost_requests of them); @cached_savings_nanos
 * is what cached input saved: cached tokens × (input − cached price).
 * @failed, @cancelled, @interrupted, @estimated and @mismatched count rows.
 */
typedef struct
{
  gint64   requests;
  gint64   failed;
  gint64   cancelled;
  gint64   interrupted;
  gint64   estimated;
  gint64   mismatched;
  gint64   prompt_tokens;
  gint64   cached_tokens;
  gint64   completion_tokens;
  gint64   web_search_calls;
  MimoCost cost;
  gint64   provider_cost_nanos;
  gint64   provider_cost_requests;
  gint64   cached_savings_nanos;
} MimoLedgerTotals;

typedef enum
{
  MIMO_LEDGER_PERIOD_DAY,
  MIMO_LEDGER_PERIOD_WEEK,
  MIMO_LEDGER_PERIOD_MONTH,
} MimoLedgerPeriod;

/**
 * MimoLedgerBucket:
 * One bar of the chart: [@start, @end) in the time zone asked for.
 */
typedef struct
{
  GDateTime       *start;
  GDateTime       *end;
  MimoLedgerTotals totals;
} MimoLedgerBucket;

/**
 * MimoLedgerChat:
 * A chat's spend over a period (most expensive chats).
 */
typedef struct
{
  gint64           conversation_id;
  char            *title;
  gboolean         deleted;
  MimoLedgerTotals totals;
} MimoLedgerChat;

#define MIMO_TYPE_LEDGER_ENTRY (mimo_ledger_entry_get_type ())
#define MIMO_TYPE_LEDGER       (mimo_ledger_get_type ())

GType            mimo_ledger_entry_get_type (void) G_GNUC_CONST;
MimoLedgerEntry *mimo_ledger_entry_new (void);
MimoLedgerEntry *mimo_ledger_entry_copy (const MimoLedgerEntry *self);
void             mimo_ledger_entry_free (MimoLedgerEntry *self);

/* Takes the counts from @usage and prices them with @pricing. With @usage
 * NULL (the request ended without usage), estimates them from the text
 * (mimo_usage_estimate()) and marks the entry estimated; @web_search_calls
 * is then what the stream showed. */
void mimo_ledger_entry_set_usage (MimoLedgerEntry   *self,
                                  const MimoUsage   *usage,
                                  const MimoPricing *pricing,
                                  gint64             prompt_chars,
                                  gint64             completion_chars,
                                  gint64             web_search_calls);
/* The status from how the request ended: @error NULL → @state; an error
 * in MIMO_CLIENT_ERROR (or G_IO_ERROR_CANCELLED) names its code. */
void mimo_ledger_entry_set_result (MimoLedgerEntry *self,
                                   MimoMessageState state,
                                   const GError    *error);
/* The provider's figure and ours differ by more than a micro-dollar. */
gboolean mimo_ledger_entry_is_mismatched (const MimoLedgerEntry *self);

void mimo_ledger_totals_add_entry (MimoLedgerTotals      *totals,
                                   const MimoLedgerEntry *entry);
/* Adds every member of @other to @totals. */
void mimo_ledger_totals_add (MimoLedgerTotals       *totals,
                             const MimoLedgerTotals *other);
/* Adds @totals' members to an object being built (--json, exports):
 * requests, failed, cancelled, interrupted, estimated, prompt_tokens,
 * cached_tokens, completion_tokens, web_search_calls, computed_cost_usd,
 * provider_cost_usd (null when no request reported one) and
 * provider_cost_requests. Money is a string of US dollars with nine
 * decimals ("0.000123450"): exact, never a float. */
void mimo_ledger_totals_add_to_builder (const MimoLedgerTotals *totals,
                                        JsonBuilder            *builder);

void mimo_ledger_bucket_free (MimoLedgerBucket *bucket);
void mimo_ledger_chat_free (MimoLedgerChat *chat);

/* The first instant of the period containing @time, in @time's zone
 * (local midnight, Monday of an ISO week, first of the month). */
GDateTime *mimo_ledger_period_floor (MimoLedgerPeriod period,
                                     GDateTime       *time);
GDateTime *mimo_ledger_period_next (MimoLedgerPeriod period,
                                    GDateTime       *start);

G_DECLARE_FINAL_TYPE (MimoLedger, mimo_ledger, MIMO, LEDGER, GObject)

/**
 * MimoLedger:
 *
 * Read side of the ledger, from mimo_store_get_ledger(). Rows are written
 * by mimo_store_record_request(), which emits #MimoLedger::changed.
 * Ranges are [@from, @to); a NULL bound is open. Every query returns
 * FALSE/NULL with @error set when the database cannot be read.
 */

gboolean mimo_ledger_query_totals (MimoLedger       *self,
                                   GDateTime        *from,
                                   GDateTime        *to,
                                   MimoLedgerTotals *totals,
                                   GError          **error);
gboolean mimo_ledger_query_conversation_totals (MimoLedger       *self,
                                                gint64            conversation_id,
                                                MimoLedgerTotals *totals,
                                                GError          **error);
/* Every bucket from the one holding @from up to @to, empty ones too, in
 * @from's time zone (pass local times for the user's calendar). Array of
 * MimoLedgerBucket. */
GPtrArray *mimo_ledger_query_buckets (MimoLedger      *self,
                                      MimoLedgerPeriod period,
                                      GDateTime       *from,
                                      GDateTime       *to,
                                      GError         **error);
/* The @limit chats that cost most in the range, deleted ones included.
 * Array of MimoLedgerChat. */
GPtrArray *mimo_ledger_query_top_conversations (MimoLedger *self,
                                                GDateTime  *from,
                                                GDateTime  *to,
                                                guint       limit,
                                                GError    **error);
/* The rows of one chat, oldest first. Array of MimoLedgerEntry. */
GPtrArray *mimo_ledger_query_conversation_entries (MimoLedger *self,
                                                   gint64      conversation_id,
                                                   GError    **error);
/* Rows in the range, oldest first; with @only_flagged, only those whose
 * provider and computed cost differ or whose figures were estimated. */
GPtrArray *mimo_ledger_query_entries (MimoLedger *self,
                                      GDateTime  *from,
                                      GDateTime  *to,
                                      gboolean    only_flagged,
                                      GError    **error);
/* When the first and the last request in the range were sent, as local
 * times; both NULL (and TRUE returned) when the range holds none. */
gboolean mimo_ledger_query_span (MimoLedger *self,
                                 GDateTime  *from,
                                 GDateTime  *to,
                                 GDateTime **first,
                                 GDateTime **last,
                                 GError    **error);

/* Every row as CSV: a header row, ISO 8601 UTC times, costs in dollars
 * with six decimals. Text that a spreadsheet would run as a formula
 * (starting with = + - @) gets a leading apostrophe. */
gboolean mimo_ledger_export_csv (MimoLedger    *self,
                                 GOutputStream *stream,
                                 GCancellable  *cancellable,
                                 GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoLedgerEntry, mimo_ledger_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoLedgerBucket, mimo_ledger_bucket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoLedgerChat, mimo_ledger_chat_free)

G_END_DECLS
