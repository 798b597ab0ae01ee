/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-ledger.c: ledger rows, exact totals, calendar buckets and the CSV export. */

#define G_LOG_DOMAIN "mimo-ledger"

#include "config.h"

#include "mimo-error.h"
#include "mimo-money.h"
#include "mimo-store-private.h"

G_DEFINE_BOXED_TYPE (MimoLedgerEntry, mimo_ledger_entry, mimo_ledger_entry_copy, mimo_ledger_entry_free)

MimoLedgerEntry *
mimo_ledger_entry_new (void)
{
  MimoLedgerEntry *self = g_new0 (MimoLedgerEntry, 1);

  self->first_token_us = -1;
  return self;
}

MimoLedgerEntry *
mimo_ledger_entry_copy (const MimoLedgerEntry *self)
{
  MimoLedgerEntry *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->conversation_title = g_strdup (self->conversation_title);
  copy->model = g_strdup (self->model);
  copy->params_json = g_strdup (self->params_json);
  copy->error_code = g_strdup (self->error_code);

  return copy;
}

void
mimo_ledger_entry_free (MimoLedgerEntry *self)
{
  if (self == NULL)
    return;

  g_free (self->conversation_title);
  g_free (self->model);
  g_free (self->params_json);
  g_free (self->error_code);
  g_free (self);
}

void
mimo_ledger_entry_set_usage (MimoLedgerEntry   *self,
                             const MimoUsage   *usage,
                             const MimoPricing *pricing,
                             gint64             prompt_chars,
                             gint64             completion_chars,
                             gint64             web_search_calls)
{
  g_autoptr (MimoUsage) estimate = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (pricing != NULL);

  if (usage == NULL)
    usage = estimate = mimo_usage_estimate (prompt_chars, completion_chars, web_search_calls);

  self->prompt_tokens = MAX (usage->prompt_tokens, 0);
  self->cached_tokens = CLAMP (usage->cached_tokens, 0, self->prompt_tokens);
  self->completion_tokens = MAX (usage->completion_tokens, 0);
  self->web_search_calls = MAX (usage->web_search_calls, 0);
  self->has_provider_cost = usage->has_provider_cost;
  self->provider_cost_nanos = usage->has_provider_cost ? usage->provider_cost_nanos : 0;
  self->estimated = usage->estimated;

  mimo_pricing_compute (pricing, usage, &self->cost);
  self->prices.input_nanos = pricing->input_nanos;
  self->prices.cached_nanos = pricing->cached_nanos;
  self->prices.output_nanos = pricing->output_nanos;
  self->prices.web_search_nanos = pricing->web_search_nanos;
  self->prices.total_nanos = 0;
}

void
mimo_ledger_entry_set_result (MimoLedgerEntry *self,
                              MimoMessageState state,
                              const GError    *error)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->error_code, g_free);
  self->status = state;

  if (error == NULL)
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_CANCELLED))
    {
      self->status = MIMO_MESSAGE_STATE_CANCELLED;
      self->error_code = g_strdup (mimo_client_error_code_name (MIMO_CLIENT_ERROR_CANCELLED));
    }
  else if (error->domain == MIMO_CLIENT_ERROR)
    self->error_code = g_strdup (mimo_client_error_code_name (error->code));
  else
    self->error_code = g_strdup (mimo_client_error_code_name (-1));
}

gboolean
mimo_ledger_entry_is_mismatched (const MimoLedgerEntry *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->has_provider_cost &&
         ABS (self->provider_cost_nanos - self->cost.total_nanos) > MIMO_LEDGER_MISMATCH_NANOS;
}

void
mimo_ledger_totals_add_entry (MimoLedgerTotals      *totals,
                              const MimoLedgerEntry *entry)
{
  g_return_if_fail (totals != NULL);
  g_return_if_fail (entry != NULL);

  totals->requests++;
  totals->failed += entry->status == MIMO_MESSAGE_STATE_FAILED;
  totals->cancelled += entry->status == MIMO_MESSAGE_STATE_CANCELLED;
  totals->interrupted += entry->status == MIMO_MESSAGE_STATE_INTERRUPTED;
  totals->estimated += entry->estimated != FALSE;
  totals->mismatched += mimo_ledger_entry_is_mismatched (entry);
  totals->prompt_tokens += entry->prompt_tokens;
  totals->cached_tokens += entry->cached_tokens;
  totals->completion_tokens += entry->completion_tokens;
  totals->web_search_calls += entry->web_search_calls;
  totals->cost.input_nanos += entry->cost.input_nanos;
  totals->cost.cached_nanos += entry->cost.cached_nanos;
  totals->cost.output_nanos += entry->cost.output_nanos;
  totals->cost.web_search_nanos += entry->cost.web_search_nanos;
  totals->cost.total_nanos += entry->cost.total_nanos;
  if (entry->has_provider_cost)
    {
      totals->provider_cost_nanos += entry->provider_cost_nanos;
      totals->provider_cost_requests++;
    }
  totals->cached_savings_nanos += entry->cached_tokens * entry->prices.input_nanos - entry->cost.cached_nanos;
}

void
mimo_ledger_totals_add (MimoLedgerTotals       *totals,
                        const MimoLedgerTotals *other)
{
  g_return_if_fail (totals != NULL);
  g_return_if_fail (other != NULL);

  totals->requests += other->requests;
  totals->failed += other->failed;
  totals->cancelled += other->cancelled;
  totals->interrupted += other->interrupted;
  totals->estimated += other->estimated;
  totals->mismatched += other->mismatched;
  totals->prompt_tokens += other->prompt_tokens;
  totals->cached_tokens += other->cached_tokens;
  totals->completion_tokens += other->completion_tokens;
  totals->web_search_calls += other->web_search_calls;
  totals->cost.input_nanos += other->cost.input_nanos;
  totals->cost.cached_nanos += other->cost.cached_nanos;
  totals->cost.output_nanos += other->cost.output_nanos;
  totals->cost.web_search_nanos += other->cost.web_search_nanos;
  totals->cost.total_nanos += other->cost.total_nanos;
  totals->provider_cost_nanos += other->provider_cost_nanos;
  totals->provider_cost_requests += other->provider_cost_requests;
  totals->cached_savings_nanos += other->cached_savings_nanos;
}

static void
add_money (JsonBuilder *builder,
           const char  *name,
           gint64       nanos)
{
  g_autofree char *text = mimo_money_format_plain (nanos, 9);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

void
mimo_ledger_totals_add_to_builder (const MimoLedgerTotals *totals,
                                   JsonBuilder            *builder)
{
  static const char *const count_names[] = {
    "requests",
    "failed",
    "cancelled",
    "interrupted",
    "estimated",
    "prompt_tokens",
    "cached_tokens",
    "completion_tokens",
    "web_search_calls",
  };
  gint64 counts[G_N_ELEMENTS (count_names)];

  g_return_if_fail (totals != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  counts[0] = totals->requests;
  counts[1] = totals->failed;
  counts[2] = totals->cancelled;
  counts[3] = totals->interrupted;
  counts[4] = totals->estimated;
  counts[5] = totals->prompt_tokens;
  counts[6] = totals->cached_tokens;
  counts[7] = totals->completion_tokens;
  counts[8] = totals->web_search_calls;

  for (guint i = 0; i < G_N_ELEMENTS (count_names); i++)
    {
      json_builder_set_member_name (builder, count_names[i]);
      json_builder_add_int_value (builder, counts[i]);
    }

  add_money (builder, "computed_cost_usd", totals->cost.total_nanos);
  json_builder_set_member_name (builder, "provider_cost_usd");
  if (totals->provider_cost_requests > 0)
    {
      g_autofree char *text = mimo_money_format_plain (totals->provider_cost_nanos, 9);

      json_builder_add_string_value (builder, text);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "provider_cost_requests");
  json_builder_add_int_value (builder, totals->provider_cost_requests);
}

void
mimo_ledger_bucket_free (MimoLedgerBucket *bucket)
{
  if (bucket == NULL)
    return;

  g_clear_pointer (&bucket->start, g_date_time_unref);
  g_clear_pointer (&bucket->end, g_date_time_unref);
  g_free (bucket);
}

void
mimo_ledger_chat_free (MimoLedgerChat *chat)
{
  if (chat == NULL)
    return;

  g_free (chat->title);
  g_free (chat);
}

GDateTime *
mimo_ledger_period_floor (MimoLedgerPeriod period,
                          GDateTime       *time)
{
  g_autoptr (GDateTime) day = NULL;
  GTimeZone            *tz;
  int                   year, month, mday;

  g_return_val_if_fail (time != NULL, NULL);

  tz = g_date_time_get_timezone (time);
  g_date_time_get_ymd (time, &year, &month, &mday);

  switch (period)
    {
    case MIMO_LEDGER_PERIOD_DAY:
      return g_date_time_new (tz, year, month, mday, 0, 0, 0);
    case MIMO_LEDGER_PERIOD_WEEK:
      /* ISO weeks start on Monday (day 1). Calendar arithmetic, not
       * 7 × 24 h, so a daylight-saving change keeps midnight. */
      day = g_date_time_new (tz, year, month, mday, 0, 0, 0);
      return g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (day));
    case MIMO_LEDGER_PERIOD_MONTH:
      return g_date_time_new (tz, year, month, 1, 0, 0, 0);
    default:
      g_return_val_if_reached (NULL);
    }
}

GDateTime *
mimo_ledger_period_next (MimoLedgerPeriod period,
                         GDateTime       *start)
{
  g_autoptr (GDateTime) next = NULL;

  g_return_val_if_fail (start != NULL, NULL);

  switch (period)
    {
    case MIMO_LEDGER_PERIOD_DAY:
      next = g_date_time_add_days (start, 1);
      break;
    case MIMO_LEDGER_PERIOD_WEEK:
      next = g_date_time_add_weeks (start, 1);
      break;
    case MIMO_LEDGER_PERIOD_MONTH:
      next = g_date_time_add_months (start, 1);
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  /* Where midnight does not exist (a DST jump at 00:00) adding a day can
   * land an hour off; floor again to stay on the calendar. */
  return mimo_ledger_period_floor (period, next);
}

struct _MimoLedger
{
  GObject       parent_instance;
  MimoDatabase *database;
};

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (MimoLedger, mimo_ledger, G_TYPE_OBJECT)

static void
mimo_ledger_dispose (GObject *object)
{
  MimoLedger *self = MIMO_LEDGER (object);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (mimo_ledger_parent_class)->dispose (object);
}

static void
mimo_ledger_class_init (MimoLedgerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mimo_ledger_dispose;

  /**
   * MimoLedger::changed:
   * @entry: the MimoLedgerEntry just recorded, or NULL when rows were
   *   removed (mimo_store_clear_history())
   *
   * A request was recorded, or the record was cleared; views showing
   * spend refresh.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                          MIMO_TYPE_LEDGER_ENTRY | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
mimo_ledger_init (MimoLedger *self)
{
}

MimoLedger *
_mimo_ledger_new (MimoDatabase *database)
{
  MimoLedger *self = g_object_new (MIMO_TYPE_LEDGER, NULL);

  self->database = g_object_ref (database);
  return self;
}

void
_mimo_ledger_set_database (MimoLedger   *self,
                           MimoDatabase *database)
{
  g_set_object (&self->database, database);
}

void
_mimo_ledger_emit_changed (MimoLedger            *self,
                           const MimoLedgerEntry *entry)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, entry);
}

static gint64
bound_us (GDateTime *time,
          gint64     open)
{
  return time != NULL ? g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time) : open;
}

gboolean
mimo_ledger_query_totals (MimoLedger       *self,
                          GDateTime        *from,
                          GDateTime        *to,
                          MimoLedgerTotals *totals,
                          GError          **error)
{
  g_return_val_if_fail (MIMO_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (totals != NULL, FALSE);

  return mimo_database_ledger_totals (self->database, bound_us (from, G_MININT64), bound_us (to, G_MAXINT64),
                                      0, totals, error);
}

gboolean
mimo_ledger_query_conversation_totals (MimoLedger       *self,
                                       gint64            conversation_id,
                                       MimoLedgerTotals *totals,
                                       GError          **error)
{
  g_return_val_if_fail (MIMO_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (conversation_id > 0, FALSE);
  g_return_val_if_fail (totals != NULL, FALSE);

  return mimo_database_ledger_totals (self->database, G_MININT64, G_MAXINT64, conversation_id, totals, error);
}

GPtrArray *
mimo_ledger_query_buckets (MimoLedger      *self,
                           MimoLedgerPeriod period,
                           GDateTime       *from,
                           GDateTime       *to,
                           GError         **error)
{
  g_autoptr (GPtrArray) buckets = NULL;
  g_autoptr (GDateTime) start = NULL;

  g_return_val_if_fail (MIMO_IS_LEDGER (self), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  buckets = g_ptr_array_new_with_free_func ((GDestroyNotify) mimo_ledger_bucket_free);
  start = mimo_ledger_period_floor (period, from);

  /* One indexed range query a bucket: a local day is not always 24 h, so
   * the boundaries come from GDateTime rather than from SQL arithmetic. */
  while (g_date_time_compare (start, to) < 0)
    {
      MimoLedgerBucket *bucket = g_new0 (MimoLedgerBucket, 1);

      bucket->start = g_date_time_ref (start);
      bucket->end = mimo_ledger_period_next (period, start);
      g_ptr_array_add (buckets, bucket);

      if (!mimo_database_ledger_totals (self->database, bound_us (bucket->start, 0), bound_us (bucket->end, 0),
                                        0, &bucket->totals, error))
        return NULL;

      g_date_time_unref (start);
      start = g_date_time_ref (bucket->end);
    }

  return g_steal_pointer (&buckets);
}

static GDateTime *
local_time_from_us (gint64 time_us)
{
  g_autoptr (GDateTime) seconds = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  return g_date_time_add (seconds, time_us % G_USEC_PER_SEC);
}

gboolean
mimo_ledger_query_span (MimoLedger *self,
                        GDateTime  *from,
                        GDateTime  *to,
                        GDateTime **first,
                        GDateTime **last,
                        GError    **error)
{
  gint64 first_us;
  gint64 last_us;

  g_return_val_if_fail (MIMO_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (first != NULL && last != NULL, FALSE);

  *first = *last = NULL;
  if (!mimo_database_ledger_span (self->database, bound_us (from, G_MININT64), bound_us (to, G_MAXINT64),
                                  &first_us, &last_us, error))
    return FALSE;

  if (first_us >= 0)
    {
      *first = local_time_from_us (first_us);
      *last = local_time_from_us (last_us);
    }
  return TRUE;
}

GPtrArray *
mimo_ledger_query_top_conversations (MimoLedger *self,
                                     GDateTime  *from,
                                     GDateTime  *to,
                                     guint       limit,
                                     GError    **error)
{
  g_return_val_if_fail (MIMO_IS_LEDGER (self), NULL);

  return mimo_database_ledger_top (self->database, bound_us (from, G_MININT64), bound_us (to, G_MAXINT64),
                                   limit, error);
}

GPtrArray *
mimo_ledger_query_conversation_entries (MimoLedger *self,
                                        gint64      conversation_id,
                                        GError    **error)
{
  g_return_val_if_fail (MIMO_IS_LEDGER (self), NULL);
  g_return_val_if_fail (conversation_id > 0, NULL);

  return mimo_database_ledger_entries (self->database, G_MININT64, G_MAXINT64, conversation_id, FALSE, error);
}

GPtrArray *
mimo_ledger_query_entries (MimoLedger *self,
                           GDateTime  *from,
                           GDateTime  *to,
                           gboolean    only_flagged,
                           GError    **error)
{
  g_return_val_if_fail (MIMO_IS_LEDGER (self), NULL);

  return mimo_database_ledger_entries (self->database, bound_us (from, G_MININT64), bound_us (to, G_MAXINT64),
                                       0, only_flagged, error);
}

/* RFC 4180 quoting, and no formula injection into spreadsheets. */
static void
append_csv_text (GString    *line,
                 const char *text)
{
  gboolean quote;

  g_string_append_c (line, ',');
  if (text == NULL)
    return;

  quote = strpbrk (text, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (line, '"');
  if (*text == '=' || *text == '+' || *text == '-' || *text == '@')
    g_string_append_c (line, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  if (quote)
    g_string_append_c (line, '"');
}

static void
append_csv_int (GString *line,
                gint64   value)
{
  g_string_append_printf (line, ",%" G_GINT64_FORMAT, value);
}

static void
append_csv_money (GString *line,
                  gint64   nanos)
{
  g_autofree char *text = mimo_money_format_plain (nanos, 6);

  g_string_append_printf (line, ",%s", text);
}

static void
append_csv_ms (GString *line,
               gint64   us)
{
  if (us < 0)
    g_string_append_c (line, ',');
  else
    g_string_append_printf (line, ",%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT, us / 1000, us % 1000);
}

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GString       *buffer;
} CsvWriter;

static gboolean
csv_flush (CsvWriter *writer,
           GError   **error)
{
  gboolean ok = g_output_stream_write_all (writer->stream, writer->buffer->str, writer->buffer->len,
                                           NULL, writer->cancellable, error);

  g_string_truncate (writer->buffer, 0);
  return ok;
}

static gboolean
write_csv_row_cb (const MimoLedgerEntry *entry,
                  gpointer               user_data,
                  GError               **error)
{
  CsvWriter            *writer = user_data;
  GString              *line = writer->buffer;
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (entry->time_us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) time = g_date_time_add (utc, entry->time_us % G_USEC_PER_SEC);
  g_autofree char      *iso = g_date_time_format_iso8601 (time);

  g_string_append_printf (line, "%" G_GINT64_FORMAT ",%s", entry->id, iso);
  append_csv_int (line, entry->conversation_id);
  append_csv_text (line, entry->conversation_title);
  append_csv_text (line, entry->conversation_deleted ? "yes" : "no");
  append_csv_int (line, entry->message_id);
  append_csv_text (line, entry->model);
  append_csv_text (line, mimo_message_state_to_string (entry->status));
  append_csv_text (line, entry->error_code);
  append_csv_text (line, entry->estimated ? "yes" : "no");
  append_csv_int (line, entry->prompt_tokens);
  append_csv_int (line, entry->cached_tokens);
  append_csv_int (line, entry->completion_tokens);
  append_csv_int (line, entry->web_search_calls);
  append_csv_money (line, entry->cost.input_nanos);
  append_csv_money (line, entry->cost.cached_nanos);
  append_csv_money (line, entry->cost.output_nanos);
  append_csv_money (line, entry->cost.web_search_nanos);
  append_csv_money (line, entry->cost.total_nanos);
  if (entry->has_provider_cost)
    append_csv_money (line, entry->provider_cost_nanos);
  else
    g_string_append_c (line, ',');
  append_csv_text (line, mimo_ledger_entry_is_mismatched (entry) ? "yes" : "no");
  append_csv_ms (line, entry->first_token_us);
  append_csv_ms (line, entry->duration_us);
  append_csv_text (line, entry->params_json);
  g_string_append (line, "\r\n");

  /* Write in blocks: one syscall per row would dominate 100,000 rows. */
  if (line->len >= 64 * 1024)
    return csv_flush (writer, error);

  return !g_cancellable_set_error_if_cancelled (writer->cancellable, error);
}

gboolean
mimo_ledger_export_csv (MimoLedger    *self,
                        GOutputStream *stream,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr (GString) buffer = g_string_new (NULL);
  CsvWriter           writer = { stream, cancellable, buffer };

  g_return_val_if_fail (MIMO_IS_LEDGER (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  g_string_append (buffer,
                   "id,time,conversation_id,conversation_title,conversation_deleted,message_id,model,"
                   "status,error,estimated,prompt_tokens,cached_tokens,completion_tokens,web_search_calls,"
                   "cost_input_usd,cost_cached_usd,cost_output_usd,cost_web_search_usd,cost_total_usd,"
                   "provider_cost_usd,mismatch,first_token_ms,duration_ms,parameters\r\n");

  if (!mimo_database_ledger_foreach (self->database, write_csv_row_cb, &writer, error))
    return FALSE;

  return csv_flush (&writer, error);
}
