/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ledger-hours.c: the hourly sums behind period totals give exactly what adding up the rows gives. */

#define G_LOG_DOMAIN "test-ledger-hours"

#include "config.h"

#include <sqlite3.h>

#include "mimo-database.h"
#include "mimo-error.h"
#include "mimo-store.h"

#define N_ROWS 400
/* Rows fall in a window of ten days around this instant. */
#define ORIGIN_US (G_GINT64_CONSTANT (1717200000) * G_USEC_PER_SEC)
#define SPAN_US   (10 * G_TIME_SPAN_DAY)

typedef struct
{
  char      *path;
  MimoStore *store;
  GPtrArray *entries; /* what was recorded, to add up by hand */
} Fixture;

/* Rows of every kind: usage or not, provider figure or not (sometimes
 * off by more than a micro-dollar), every ending, odd prices. */
static MimoLedgerEntry *
random_entry (GRand *rand)
{
  static const MimoMessageState states[] = {
    MIMO_MESSAGE_STATE_COMPLETE,
    MIMO_MESSAGE_STATE_COMPLETE,
    MIMO_MESSAGE_STATE_FAILED,
    MIMO_MESSAGE_STATE_CANCELLED,
    MIMO_MESSAGE_STATE_INTERRUPTED,
  };
  g_autoptr (MimoPricing) pricing = mimo_pricing_new ();
  g_autoptr (MimoUsage)   usage = mimo_usage_new ();
  MimoLedgerEntry        *entry = mimo_ledger_entry_new ();
  gboolean                has_usage = g_rand_int_range (rand, 0, 4) != 0;

  pricing->input_nanos *= g_rand_int_range (rand, 1, 3);
  usage->prompt_tokens = g_rand_int_range (rand, 0, 50000);
  usage->cached_tokens = g_rand_int_range (rand, 0, (gint32) usage->prompt_tokens + 1);
  usage->completion_tokens = g_rand_int_range (rand, 0, 8000);
  usage->web_search_calls = g_rand_int_range (rand, 0, 3);
  usage->has_provider_cost = g_rand_boolean (rand);
  usage->provider_cost_nanos = g_rand_int_range (rand, 0, 90000000);

  /* Minutes, so ranges can start anywhere within an hour. */
  entry->time_us = ORIGIN_US + (gint64) g_rand_int_range (rand, 0, SPAN_US / G_USEC_PER_SEC / 60) * 60 * G_USEC_PER_SEC;
  entry->model = g_strdup ("mimo-v2-flash");
  entry->duration_us = 1000000;
  mimo_ledger_entry_set_usage (entry, has_usage ? usage : NULL, pricing, g_rand_int_range (rand, 0, 4000),
                               g_rand_int_range (rand, 0, 4000), usage->web_search_calls);
  mimo_ledger_entry_set_result (entry, states[g_rand_int_range (rand, 0, G_N_ELEMENTS (states))], NULL);

  return entry;
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261207);
  MimoConversation *chats[3];

  fixture->path = g_build_filename (g_get_user_data_dir (), "hours.db", NULL);
  fixture->store = mimo_store_new (fixture->path);
  fixture->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) mimo_ledger_entry_free);
  for (guint i = 0; i < G_N_ELEMENTS (chats); i++)
    chats[i] = mimo_store_create_conversation (fixture->store);

  mimo_store_hold_writes (fixture->store);
  for (guint i = 0; i < N_ROWS; i++)
    {
      MimoConversation *chat = chats[g_rand_int_range (rand, 0, G_N_ELEMENTS (chats))];
      MimoLedgerEntry  *entry = random_entry (rand);

      mimo_store_record_request (fixture->store, chat, NULL, entry);
      g_ptr_array_add (fixture->entries, entry);
    }
  mimo_store_release_writes (fixture->store);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->entries, g_ptr_array_unref);
  g_clear_pointer (&fixture->path, g_free);
}

static void
by_hand (Fixture          *fixture,
         gint64            from_us,
         gint64            to_us,
         MimoLedgerTotals *totals)
{
  *totals = (MimoLedgerTotals){ 0 };
  for (guint i = 0; i < fixture->entries->len; i++)
    {
      const MimoLedgerEntry *entry = g_ptr_array_index (fixture->entries, i);

      if (entry->time_us >= from_us && entry->time_us < to_us)
        mimo_ledger_totals_add_entry (totals, entry);
    }
}

static void
assert_totals_equal (const MimoLedgerTotals *a,
                     const MimoLedgerTotals *b)
{
  g_assert_cmpint (a->requests, ==, b->requests);
  g_assert_cmpint (a->failed, ==, b->failed);
  g_assert_cmpint (a->cancelled, ==, b->cancelled);
  g_assert_cmpint (a->interrupted, ==, b->interrupted);
  g_assert_cmpint (a->estimated, ==, b->estimated);
  g_assert_cmpint (a->mismatched, ==, b->mismatched);
  g_assert_cmpint (a->prompt_tokens, ==, b->prompt_tokens);
  g_assert_cmpint (a->cached_tokens, ==, b->cached_tokens);
  g_assert_cmpint (a->completion_tokens, ==, b->completion_tokens);
  g_assert_cmpint (a->web_search_calls, ==, b->web_search_calls);
  g_assert_cmpint (a->cost.input_nanos, ==, b->cost.input_nanos);
  g_assert_cmpint (a->cost.cached_nanos, ==, b->cost.cached_nanos);
  g_assert_cmpint (a->cost.output_nanos, ==, b->cost.output_nanos);
  g_assert_cmpint (a->cost.web_search_nanos, ==, b->cost.web_search_nanos);
  g_assert_cmpint (a->cost.total_nanos, ==, b->cost.total_nanos);
  g_assert_cmpint (a->provider_cost_nanos, ==, b->provider_cost_nanos);
  g_assert_cmpint (a->provider_cost_requests, ==, b->provider_cost_requests);
  g_assert_cmpint (a->cached_savings_nanos, ==, b->cached_savings_nanos);
}

static GDateTime *
utc_from_us (gint64 time_us)
{
  return g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
}

/* Random ranges, on the minute (inside hours, across hours, shorter than
 * one), compared with the rows added up here. */
static void
check_ranges (Fixture *fixture)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  MimoLedger       *ledger = mimo_store_get_ledger (fixture->store);
  MimoLedgerTotals  expected;
  MimoLedgerTotals  totals;

  for (guint i = 0; i < 300; i++)
    {
      gint64                minutes = SPAN_US / G_USEC_PER_SEC / 60;
      gint64                from_us = ORIGIN_US + (gint64) g_rand_int_range (rand, -60, (gint32) minutes + 60) * 60 * G_USEC_PER_SEC;
      gint64                length = i % 3 == 0 ? g_rand_int_range (rand, 0, 120) : g_rand_int_range (rand, 0, (gint32) minutes);
      gint64                to_us = from_us + length * 60 * G_USEC_PER_SEC;
      g_autoptr (GDateTime) from = utc_from_us (from_us);
      g_autoptr (GDateTime) to = utc_from_us (to_us);
      g_autoptr (GError)    error = NULL;

      g_assert_true (mimo_ledger_query_totals (ledger, from, to, &totals, &error));
      g_assert_no_error (error);
      by_hand (fixture, from_us, to_us, &expected);
      assert_totals_equal (&totals, &expected);
    }

  g_assert_true (mimo_ledger_query_totals (ledger, NULL, NULL, &totals, NULL));
  by_hand (fixture, G_MININT64, G_MAXINT64, &expected);
  g_assert_cmpint (expected.requests, ==, N_ROWS);
  assert_totals_equal (&totals, &expected);
}

static void
test_ranges (Fixture      *fixture,
             gconstpointer data)
{
  check_ranges (fixture);
}

/* Days in zones half and three quarters of an hour off UTC: their
 * midnights fall inside UTC hours, so each bucket needs its edges. */
static void
test_odd_zones (Fixture      *fixture,
                gconstpointer data)
{
  static const char *zones[] = { "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "Australia/Eucla" };
  MimoLedger        *ledger = mimo_store_get_ledger (fixture->store);

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr (GTimeZone) tz = g_time_zone_new_identifier (zones[z]);
      g_autoptr (GDateTime) from = NULL;
      g_autoptr (GDateTime) to = NULL;
      g_autoptr (GPtrArray) buckets = NULL;
      g_autoptr (GError)    error = NULL;
      gint64                requests = 0;

      g_assert_nonnull (tz);
      from = g_date_time_new (tz, 2024, 5, 31, 0, 0, 0);
      to = g_date_time_add_days (from, 13);
      buckets = mimo_ledger_query_buckets (ledger, MIMO_LEDGER_PERIOD_DAY, from, to, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (buckets->len, ==, 13);

      for (guint i = 0; i < buckets->len; i++)
        {
          MimoLedgerBucket *bucket = g_ptr_array_index (buckets, i);
          MimoLedgerTotals  expected;

          by_hand (fixture, g_date_time_to_unix (bucket->start) * G_USEC_PER_SEC,
                   g_date_time_to_unix (bucket->end) * G_USEC_PER_SEC, &expected);
          assert_totals_equal (&bucket->totals, &expected);
          requests += bucket->totals.requests;
        }
      g_assert_cmpint (requests, ==, N_ROWS);
    }
}

static void
raw_exec (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  char    *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* A file from before the hourly sums (version 3: the same tables without
 * them) gets them built from its rows when opened. */
static void
test_migration (Fixture      *fixture,
                gconstpointer data)
{
  g_clear_object (&fixture->store);
  raw_exec (fixture->path,
            "DROP TRIGGER ledger_hour_insert; DROP TRIGGER ledger_hour_delete;"
            " DROP TABLE ledger_hour; DROP INDEX ledger_by_time_chat; PRAGMA user_version = 3;");

  fixture->store = mimo_store_new (fixture->path);
  check_ranges (fixture);
}

/* Clearing the spending record empties the sums with it. */
static void
test_cleared (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr (GDateTime) from = utc_from_us (ORIGIN_US);
  g_autoptr (GDateTime) to = utc_from_us (ORIGIN_US + SPAN_US);
  MimoLedgerTotals      totals;
  g_autoptr (GError)    error = NULL;

  mimo_store_clear_history (fixture->store, TRUE);

  g_assert_true (mimo_ledger_query_totals (mimo_store_get_ledger (fixture->store), from, to, &totals, &error));
  g_assert_no_error (error);
  g_assert_cmpint (totals.requests, ==, 0);
  g_assert_cmpint (totals.cost.total_nanos, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/core/ledger-hours/ranges", Fixture, NULL, fixture_set_up, test_ranges, fixture_tear_down);
  g_test_add ("/core/ledger-hours/odd-zones", Fixture, NULL, fixture_set_up, test_odd_zones, fixture_tear_down);
  g_test_add ("/core/ledger-hours/migration", Fixture, NULL, fixture_set_up, test_migration, fixture_tear_down);
  g_test_add ("/core/ledger-hours/cleared", Fixture, NULL, fixture_set_up, test_cleared, fixture_tear_down);

  return g_test_run ();
}
