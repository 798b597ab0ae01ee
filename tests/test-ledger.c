/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ledger.c: the spend ledger against a hand-computed ledger: exact sums, buckets, top chats, CSV. */

#define G_LOG_DOMAIN "test-ledger"

#include "config.h"

#include <string.h>

#include "mimo-error.h"
#include "mimo-money.h"
#include "mimo-store.h"

typedef struct
{
  const char      *local_time; /* Europe/Berlin */
  int              chat;       /* 0: none, else A=1, B=2, C=3 */
  gboolean         has_usage;
  gint64           prompt, cached, completion, searches;
  gint64           provider; /* -1: none */
  gint64           prompt_chars, completion_chars;
  MimoMessageState state;
  int              error_code;  /* -1: none */
  gint64           price_scale; /* 1: the card; 2: doubled input/cached/output */
} Row;

/* Costs by hand (card: input 500, cached 50, output 1500, search 15,000,000):
 *  r1  (2000−1500)×500 + 1500×50 + 300×1500 + 2 searches = 250,000 + 75,000 + 450,000 + 30,000,000 = 30,775,000
 *  r2  failed, no usage: 41 chars → 11 tokens × 500 = 5,500 (estimated)
 *  r3  cancelled, no usage: 400 chars → 100 × 500, 82 chars → 21 × 1500, 1 search = 15,081,500 (estimated)
 *  r4  1000×500 + 1000×1500 = 2,000,000; provider 2,002,000: 2,000 apart → flagged
 *  r5  10×500 + 10×1500 = 20,000; provider 21,000: exactly 1,000 apart → not flagged
 *  r6  doubled prices (1000/100/3000): 100 prompt all cached → 100×100 = 10,000;
 *      caching saved 100 × (1000 − 100) = 90,000 */
static const Row rows[] = {
  { "2024-03-30T23:30:00", 1, TRUE, 2000, 1500, 300, 2, 30775000, 0, 0, MIMO_MESSAGE_STATE_COMPLETE, -1, 1 },
  { "2024-03-31T00:30:00", 1, FALSE, 0, 0, 0, 0, -1, 41, 0, MIMO_MESSAGE_STATE_FAILED, MIMO_CLIENT_ERROR_AUTH, 1 },
  { "2024-03-31T23:59:00", 2, FALSE, 0, 0, 0, 1, -1, 400, 82, MIMO_MESSAGE_STATE_CANCELLED, -1, 1 },
  { "2024-04-01T00:00:00", 2, TRUE, 1000, 0, 1000, 0, 2002000, 0, 0, MIMO_MESSAGE_STATE_COMPLETE, -1, 1 },
  { "2024-04-15T12:00:00", 3, TRUE, 10, 0, 10, 0, 21000, 0, 0, MIMO_MESSAGE_STATE_COMPLETE, -1, 1 },
  { "2024-05-02T08:00:00", 0, TRUE, 100, 100, 0, 0, -1, 0, 0, MIMO_MESSAGE_STATE_INTERRUPTED, MIMO_CLIENT_ERROR_NETWORK, 2 },
};

typedef struct
{
  char             *path;
  MimoStore        *store;
  MimoConversation *chats[4];
  GTimeZone        *tz;
} Fixture;

static GDateTime *
local (Fixture    *fixture,
       const char *iso)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso, fixture->tz);

  g_assert_nonnull (time);
  return time;
}

static void
fill (Fixture *fixture)
{
  static const char *titles[] = { NULL, "Chat A", "Chat B", "Chat C" };

  for (int i = 1; i <= 3; i++)
    {
      g_autoptr (MimoMessage) question = mimo_message_new (MIMO_ROLE_USER, titles[i]);

      fixture->chats[i] = mimo_store_create_conversation (fixture->store);
      mimo_conversation_add_message (fixture->chats[i], question);
    }

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const Row                  *row = &rows[i];
      g_autoptr (MimoLedgerEntry) entry = mimo_ledger_entry_new ();
      g_autoptr (MimoPricing)     pricing = mimo_pricing_new ();
      g_autoptr (MimoUsage)       usage = mimo_usage_new ();
      g_autoptr (GDateTime)       time = local (fixture, row->local_time);
      g_autoptr (MimoChatParams)  params = mimo_chat_params_new ();
      g_autoptr (GError)          error = NULL;

      pricing->input_nanos *= row->price_scale;
      pricing->cached_nanos *= row->price_scale;
      pricing->output_nanos *= row->price_scale;

      usage->prompt_tokens = row->prompt;
      usage->cached_tokens = row->cached;
      usage->completion_tokens = row->completion;
      usage->web_search_calls = row->searches;
      usage->has_provider_cost = row->provider >= 0;
      usage->provider_cost_nanos = MAX (row->provider, 0);

      entry->time_us = g_date_time_to_unix (time) * G_USEC_PER_SEC;
      entry->model = g_strdup ("mimo-v2-flash");
      entry->params_json = mimo_chat_params_to_json_string (params, NULL);
      entry->first_token_us = row->state == MIMO_MESSAGE_STATE_FAILED ? -1 : 750000;
      entry->duration_us = 1234567;
      mimo_ledger_entry_set_usage (entry, row->has_usage ? usage : NULL, pricing, row->prompt_chars,
                                   row->completion_chars, row->searches);
      if (row->error_code >= 0)
        error = g_error_new_literal (MIMO_CLIENT_ERROR, row->error_code, "failed");
      mimo_ledger_entry_set_result (entry, row->state, error);

      mimo_store_record_request (fixture->store, row->chat > 0 ? fixture->chats[row->chat] : NULL, NULL, entry);
    }
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  fixture->path = g_build_filename (g_get_user_data_dir (), "ledger.db", NULL);
  fixture->store = mimo_store_new (fixture->path);
  fixture->tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_assert_nonnull (fixture->tz);
  fill (fixture);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->tz, g_time_zone_unref);
  g_clear_pointer (&fixture->path, g_free);
}

static void
reopen (Fixture *fixture)
{
  gint64 ids[4];

  for (int i = 1; i <= 3; i++)
    ids[i] = fixture->chats[i] != NULL ? mimo_conversation_get_id (fixture->chats[i]) : 0;
  g_clear_object (&fixture->store);
  fixture->store = mimo_store_new (fixture->path);
  for (int i = 1; i <= 3; i++)
    fixture->chats[i] = mimo_store_lookup_conversation (fixture->store, ids[i]);
}

static void
assert_all_totals (const MimoLedgerTotals *t)
{
  g_assert_cmpint (t->requests, ==, 6);
  g_assert_cmpint (t->failed, ==, 1);
  g_assert_cmpint (t->cancelled, ==, 1);
  g_assert_cmpint (t->interrupted, ==, 1);
  g_assert_cmpint (t->estimated, ==, 2);
  g_assert_cmpint (t->mismatched, ==, 1);
  g_assert_cmpint (t->prompt_tokens, ==, 2000 + 11 + 100 + 1000 + 10 + 100);
  g_assert_cmpint (t->cached_tokens, ==, 1500 + 100);
  g_assert_cmpint (t->completion_tokens, ==, 300 + 21 + 1000 + 10);
  g_assert_cmpint (t->web_search_calls, ==, 3);
  g_assert_cmpint (t->cost.input_nanos, ==, 810500);
  g_assert_cmpint (t->cost.cached_nanos, ==, 85000);
  g_assert_cmpint (t->cost.output_nanos, ==, 1996500);
  g_assert_cmpint (t->cost.web_search_nanos, ==, 45000000);
  g_assert_cmpint (t->cost.total_nanos, ==, 47892000);
  g_assert_cmpint (t->provider_cost_nanos, ==, 30775000 + 2002000 + 21000);
  g_assert_cmpint (t->provider_cost_requests, ==, 3);
  g_assert_cmpint (t->cached_savings_nanos, ==, 1500 * 450 + 90000);
}

static void
test_totals (Fixture      *fixture,
             gconstpointer data)
{
  g_autoptr (GError)    error = NULL;
  g_autoptr (GDateTime) april = local (fixture, "2024-04-01T00:00:00");
  g_autoptr (GDateTime) may = local (fixture, "2024-05-01T00:00:00");
  MimoLedgerTotals      totals;
  MimoLedger           *ledger = mimo_store_get_ledger (fixture->store);

  /* The chats' running totals, kept in memory as requests were recorded. */
  g_assert_cmpint (mimo_conversation_get_totals (fixture->chats[1])->cost.total_nanos, ==, 30775000 + 5500);
  g_assert_cmpint (mimo_conversation_get_totals (fixture->chats[2])->cost.total_nanos, ==, 15081500 + 2000000);
  g_assert_cmpint (mimo_conversation_get_totals (fixture->chats[2])->cancelled, ==, 1);

  reopen (fixture);
  ledger = mimo_store_get_ledger (fixture->store);

  g_assert_true (mimo_ledger_query_totals (ledger, NULL, NULL, &totals, &error));
  g_assert_no_error (error);
  assert_all_totals (&totals);

  /* April in Berlin: r4 (midnight, included) and r5. */
  g_assert_true (mimo_ledger_query_totals (ledger, april, may, &totals, &error));
  g_assert_cmpint (totals.requests, ==, 2);
  g_assert_cmpint (totals.cost.total_nanos, ==, 2000000 + 20000);
  g_assert_cmpint (totals.mismatched, ==, 1);

  /* Read back from the file, the same figures. */
  g_assert_true (mimo_ledger_query_conversation_totals (ledger, mimo_conversation_get_id (fixture->chats[1]), &totals, &error));
  g_assert_cmpint (totals.requests, ==, 2);
  g_assert_cmpint (totals.failed, ==, 1);
  g_assert_cmpint (totals.estimated, ==, 1);
  g_assert_cmpint (totals.cost.total_nanos, ==, 30775000 + 5500);
  g_assert_true (memcmp (&totals, mimo_conversation_get_totals (fixture->chats[1]), sizeof totals) == 0);
}

static void
test_entries (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GPtrArray) flagged = NULL;
  g_autoptr (GError)    error = NULL;
  MimoLedger           *ledger = mimo_store_get_ledger (fixture->store);
  MimoLedgerEntry      *e;

  entries = mimo_ledger_query_conversation_entries (ledger, mimo_conversation_get_id (fixture->chats[1]), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);
  e = g_ptr_array_index (entries, 1);
  g_assert_cmpint (e->status, ==, MIMO_MESSAGE_STATE_FAILED);
  g_assert_cmpstr (e->error_code, ==, "auth");
  g_assert_true (e->estimated);
  g_assert_false (e->has_provider_cost);
  g_assert_cmpint (e->first_token_us, ==, -1);
  g_assert_cmpint (e->duration_us, ==, 1234567);
  g_assert_cmpstr (e->conversation_title, ==, "Chat A");
  g_assert_false (e->conversation_deleted);
  e = g_ptr_array_index (entries, 0);
  g_assert_cmpint (e->cost.total_nanos, ==, 30775000);
  g_assert_cmpint (e->prices.web_search_nanos, ==, 15000000);
  g_assert_false (mimo_ledger_entry_is_mismatched (e));
  g_assert_nonnull (strstr (e->params_json, "\"max_tokens\":4096"));

  /* Reconciliation: the mismatch and the two estimates. */
  flagged = mimo_ledger_query_entries (ledger, NULL, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flagged->len, ==, 3);
  g_assert_true (mimo_ledger_entry_is_mismatched (g_ptr_array_index (flagged, 2)));
}

typedef struct
{
  MimoLedgerPeriod period;
  const char      *from;
  const char      *to;
  guint            n_buckets;
  gint64           requests[4];
  gint64           first_hours; /* length of the second bucket, in hours */
} BucketCase;

static const BucketCase bucket_cases[] = {
  /* The 31st of March 2024 is 23 hours long in Berlin. */
  { MIMO_LEDGER_PERIOD_DAY, "2024-03-30T10:00:00", "2024-04-02T00:00:00", 3, { 1, 2, 1 }, 23 },
  { MIMO_LEDGER_PERIOD_WEEK, "2024-03-30T00:00:00", "2024-04-08T00:00:00", 2, { 3, 1 }, 168 },
  { MIMO_LEDGER_PERIOD_MONTH, "2024-03-15T00:00:00", "2024-06-01T00:00:00", 3, { 3, 2, 1 }, 30 * 24 },
  { MIMO_LEDGER_PERIOD_DAY, "2024-06-01T00:00:00", "2024-06-03T00:00:00", 2, { 0, 0 }, 24 },
};

static void
test_buckets (Fixture      *fixture,
              gconstpointer data)
{
  MimoLedger *ledger = mimo_store_get_ledger (fixture->store);

  for (guint c = 0; c < G_N_ELEMENTS (bucket_cases); c++)
    {
      const BucketCase     *bc = &bucket_cases[c];
      g_autoptr (GDateTime) from = local (fixture, bc->from);
      g_autoptr (GDateTime) to = local (fixture, bc->to);
      g_autoptr (GPtrArray) buckets = NULL;
      g_autoptr (GError)    error = NULL;
      MimoLedgerBucket     *second;
      MimoLedgerBucket     *first;

      g_test_message ("bucket case %u", c);
      buckets = mimo_ledger_query_buckets (ledger, bc->period, from, to, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (buckets->len, ==, bc->n_buckets);
      for (guint i = 0; i < buckets->len; i++)
        {
          MimoLedgerBucket *bucket = g_ptr_array_index (buckets, i);

          g_assert_cmpint (bucket->totals.requests, ==, bc->requests[i]);
          g_assert_cmpint (g_date_time_get_hour (bucket->start), ==, 0);
          g_assert_cmpint (g_date_time_get_minute (bucket->start), ==, 0);
        }
      first = g_ptr_array_index (buckets, 0);
      second = g_ptr_array_index (buckets, 1);
      g_assert_true (g_date_time_equal (first->end, second->start));
      g_assert_cmpint (g_date_time_difference (second->end, second->start), ==, bc->first_hours * G_TIME_SPAN_HOUR);
      if (bc->period == MIMO_LEDGER_PERIOD_WEEK)
        g_assert_cmpint (g_date_time_get_day_of_week (first->start), ==, 1);
    }

  /* Bucket sums add up to the range's totals. */
  {
    g_autoptr (GDateTime) from = local (fixture, "2024-03-01T00:00:00");
    g_autoptr (GDateTime) to = local (fixture, "2024-06-01T00:00:00");
    g_autoptr (GPtrArray) days = mimo_ledger_query_buckets (ledger, MIMO_LEDGER_PERIOD_DAY, from, to, NULL);
    gint64                total = 0;

    g_assert_cmpuint (days->len, ==, 31 + 30 + 31);
    for (guint i = 0; i < days->len; i++)
      total += ((MimoLedgerBucket *) g_ptr_array_index (days, i))->totals.cost.total_nanos;
    g_assert_cmpint (total, ==, 47892000);
  }
}

static void
test_deleted_chat (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (GPtrArray) top = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError)    error = NULL;
  MimoLedgerTotals      totals;
  MimoLedgerChat       *chat;
  gint64                c_id = mimo_conversation_get_id (fixture->chats[3]);

  mimo_store_delete_conversation (fixture->store, fixture->chats[3]);
  mimo_store_commit_deletions (fixture->store);
  fixture->chats[3] = NULL;
  reopen (fixture);
  g_assert_null (fixture->chats[3]);

  g_assert_true (mimo_ledger_query_totals (mimo_store_get_ledger (fixture->store), NULL, NULL, &totals, &error));
  assert_all_totals (&totals);

  top = mimo_ledger_query_top_conversations (mimo_store_get_ledger (fixture->store), NULL, NULL, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (top->len, ==, 3);
  chat = g_ptr_array_index (top, 0);
  g_assert_cmpstr (chat->title, ==, "Chat A");
  g_assert_cmpint (chat->totals.cost.total_nanos, ==, 30780500);
  g_assert_false (chat->deleted);
  chat = g_ptr_array_index (top, 1);
  g_assert_cmpstr (chat->title, ==, "Chat B");
  g_assert_cmpint (chat->totals.cost.total_nanos, ==, 17081500);
  chat = g_ptr_array_index (top, 2);
  g_assert_cmpint (chat->conversation_id, ==, c_id);
  g_assert_cmpstr (chat->title, ==, "Chat C");
  g_assert_true (chat->deleted);
  g_assert_cmpint (chat->totals.cost.total_nanos, ==, 20000);
  g_clear_pointer (&top, g_ptr_array_unref);

  top = mimo_ledger_query_top_conversations (mimo_store_get_ledger (fixture->store), NULL, NULL, 1, &error);
  g_assert_cmpuint (top->len, ==, 1);

  entries = mimo_ledger_query_conversation_entries (mimo_store_get_ledger (fixture->store), c_id, &error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_true (((MimoLedgerEntry *) g_ptr_array_index (entries, 0))->conversation_deleted);
}

static void
test_csv (Fixture      *fixture,
          gconstpointer data)
{
  g_autoptr (GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr (GError)        error = NULL;
  g_autofree char          *csv = NULL;
  g_auto (GStrv)            lines = NULL;
  g_auto (GStrv)            header = NULL;
  g_auto (GStrv)            first = NULL;
  g_auto (GStrv)            second = NULL;
  gint64                    total = 0;

  mimo_conversation_set_title (fixture->chats[1], "=SUM(A1), \"quoted\"");
  g_assert_true (mimo_ledger_export_csv (mimo_store_get_ledger (fixture->store), stream, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL);
  g_output_stream_close (stream, NULL, NULL);
  csv = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));

  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 6 + 1);
  g_assert_cmpstr (lines[7], ==, "");
  header = g_strsplit (lines[0], ",", -1);
  g_assert_cmpuint (g_strv_length (header), ==, 24);
  g_assert_cmpstr (header[1], ==, "time");
  g_assert_cmpstr (header[18], ==, "cost_total_usd");

  /* The title is quoted and defused; the rest splits on commas. */
  g_assert_nonnull (strstr (lines[1], ",\"'=SUM(A1), \"\"quoted\"\"\","));
  g_assert_true (g_str_has_prefix (lines[1], "1,2024-03-30T22:30:00Z,"));
  g_assert_nonnull (strstr (lines[1], ",0.000250,0.000075,0.000450,0.030000,0.030775,0.030775,no,750.000,1234.567,"));
  /* model,status,error,estimated,prompt,cached,completion,searches,
   * input,cached,output,search,total,provider,mismatch,first_token,… */
  second = g_strsplit (strstr (lines[2], "mimo-v2-flash,"), ",", -1);
  g_assert_cmpstr (second[1], ==, "failed");
  g_assert_cmpstr (second[2], ==, "auth");
  g_assert_cmpstr (second[3], ==, "yes");
  g_assert_cmpstr (second[13], ==, "");
  g_assert_cmpstr (second[15], ==, "");

  /* Six decimals are micro-dollars: r2 (5,500) and r3 (15,081,500) round
   * half up, so the column adds to 47,892,000 + 500 + 500. */
  for (guint i = 1; i <= 6; i++)
    {
      g_auto (GStrv) fields = NULL;
      gint64         nanos;
      char          *p = strstr (lines[i], "mimo-v2-flash,");

      g_assert_nonnull (p);
      fields = g_strsplit (p, ",", -1);
      g_assert_true (mimo_money_parse_plain (fields[12], &nanos));
      total += nanos;
    }
  g_assert_cmpint (total, ==, 47893000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/ledger/totals", Fixture, NULL, fixture_set_up, test_totals, fixture_tear_down);
  g_test_add ("/core/ledger/entries", Fixture, NULL, fixture_set_up, test_entries, fixture_tear_down);
  g_test_add ("/core/ledger/buckets", Fixture, NULL, fixture_set_up, test_buckets, fixture_tear_down);
  g_test_add ("/core/ledger/deleted-chat", Fixture, NULL, fixture_set_up, test_deleted_chat, fixture_tear_down);
  g_test_add ("/core/ledger/csv", Fixture, NULL, fixture_set_up, test_csv, fixture_tear_down);

  return g_test_run ();
}
