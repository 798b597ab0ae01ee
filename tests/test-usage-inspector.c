/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-usage-inspector.c: the spending window in a real window: exact figures, the chart, budgets, CSV export. */

#define G_LOG_DOMAIN "test-usage-inspector"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mimo-money.h"
#include "mimo-settings-keys.h"
#include "mimo-spend-chart.h"
#include "mimo-test-gui.h"
#include "mimo-test-utils.h"
#include "mimo-usage-inspector.h"

typedef struct
{
  char               *dir;
  MimoStore          *store;
  GSettings          *settings;
  MimoUsageInspector *inspector;
  MimoConversation   *chats[3];
} Fixture;

/* A request by hand: @prompt tokens (@cached of them cached), @completion
 * out, @searches; no usage (estimated from text) when @prompt < 0. */
static void
record (Fixture          *fixture,
        MimoConversation *chat,
        GDateTime        *when,
        gint64            prompt,
        gint64            cached,
        gint64            completion,
        gint64            searches,
        MimoMessageState  state)
{
  g_autoptr (MimoLedgerEntry) entry = mimo_ledger_entry_new ();
  g_autoptr (MimoPricing)     pricing = mimo_pricing_new ();
  g_autoptr (MimoUsage)       usage = mimo_usage_new ();

  usage->prompt_tokens = prompt;
  usage->cached_tokens = cached;
  usage->completion_tokens = completion;
  usage->web_search_calls = searches;
  entry->time_us = g_date_time_to_unix (when) * G_USEC_PER_SEC;
  entry->model = g_strdup ("mimo-v2-flash");
  entry->params_json = g_strdup ("{\"enable_thinking\":false,\"tool_web_search\":true}");
  entry->first_token_us = 500000;
  entry->duration_us = 2500000;
  /* No usage: 400 characters sent, 80 received → 100 and 20 tokens. */
  mimo_ledger_entry_set_usage (entry, prompt >= 0 ? usage : NULL, pricing, 400, 80, searches);
  mimo_ledger_entry_set_result (entry, state, NULL);
  mimo_store_record_request (fixture->store, chat, NULL, entry);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char   *path = NULL;
  static const char *titles[] = { "Trip to Lisbon", "Invoice reminder", "Mutexes & <locks> in C" };

  fixture->dir = g_dir_make_tmp ("test-usage-inspector-XXXXXX", NULL);
  path = g_build_filename (fixture->dir, "history.db", NULL);
  fixture->store = mimo_store_new (path);
  fixture->settings = g_settings_new (BASE_APPLICATION_ID);
  for (guint i = 0; i < G_N_ELEMENTS (fixture->chats); i++)
    {
      g_autoptr (MimoMessage) question = mimo_message_new (MIMO_ROLE_USER, titles[i]);

      fixture->chats[i] = mimo_store_create_conversation (fixture->store);
      mimo_conversation_add_message (fixture->chats[i], question);
      mimo_conversation_set_title (fixture->chats[i], titles[i]);
    }
  fixture->inspector = mimo_usage_inspector_new (NULL, fixture->settings, fixture->store);
  gtk_window_set_default_size (GTK_WINDOW (fixture->inspector), 760, 900);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char      *name;

  gtk_window_destroy (GTK_WINDOW (fixture->inspector));
  mimo_test_spin (20);
  g_settings_reset (fixture->settings, MIMO_SETTINGS_MONTHLY_BUDGET);
  g_settings_reset (fixture->settings, MIMO_SETTINGS_CHAT_BUDGET);
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->store);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static GtkWidget *
page (Fixture    *fixture,
      const char *name)
{
  AdwViewStack *stack = ADW_VIEW_STACK (mimo_test_find_descendant (GTK_WIDGET (fixture->inspector), ADW_TYPE_VIEW_STACK));

  return adw_view_stack_get_child_by_name (stack, name);
}

static const char *
visible_page (Fixture *fixture)
{
  AdwViewStack *stack = ADW_VIEW_STACK (mimo_test_find_descendant (GTK_WIDGET (fixture->inspector), ADW_TYPE_VIEW_STACK));

  return adw_view_stack_get_visible_child_name (stack);
}

/* The label showing @nanos as money somewhere in @where. */
static GtkWidget *
find_money (GtkWidget *where,
            gint64     nanos)
{
  g_autofree char *money = mimo_money_format (nanos);

  return mimo_test_find_by_text (where, GTK_TYPE_LABEL, money);
}

static guint
count_descendants (GtkWidget *widget,
                   GType      type)
{
  guint n = G_TYPE_CHECK_INSTANCE_TYPE (widget, type);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_descendants (child, type);
  return n;
}

static void
show (Fixture    *fixture,
      const char *page_name,
      const char *shot)
{
  mimo_usage_inspector_show_page (fixture->inspector, page_name);
  mimo_test_present_and_wait (GTK_WINDOW (fixture->inspector));
  mimo_test_spin (200);
  if (shot != NULL)
    mimo_test_save_screenshot (GTK_WIDGET (fixture->inspector), shot);
}

static void
test_empty (Fixture      *fixture,
            gconstpointer data)
{
  show (fixture, "time", "inspector-empty");

  g_assert_nonnull (find_money (page (fixture, "time"), 0));
  g_assert_nonnull (mimo_test_find_by_text (page (fixture, "time"), ADW_TYPE_ACTION_ROW,
                                            "No chats cost anything in this period"));
  /* No chat chosen: the first page says how to choose one. */
  g_assert_nonnull (mimo_test_find_by_text (page (fixture, "chat"), GTK_TYPE_LABEL, "No Chat Chosen"));
  g_assert_nonnull (mimo_test_find_by_text (page (fixture, "budgets"), ADW_TYPE_ACTION_ROW, "No Monthly Budget"));
}

/* By hand, at the card's prices (input 500, cached 50, output 1,500,
 * search 15,000,000 nano-dollars):
 *  a  2000 in, 1500 cached, 300 out, 2 searches:
 *     500×500 + 1500×50 + 300×1500 + 30,000,000        = 30,775,000
 *  b  failed without usage: 100 in, 20 out (estimated) = 50,000 + 30,000 = 80,000
 *  c  1000 in, 1000 out                                 = 2,000,000
 *  d  (other chat) 10 in, 10 out                        = 20,000 */
#define COST_A 30775000
#define COST_B 80000
#define COST_C 2000000
#define COST_D 20000

static void
fill_one_day (Fixture *fixture)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                       g_date_time_get_day_of_month (now), 0, 0, 1);

  /* Today, however early in the day the test runs. */
  record (fixture, fixture->chats[0], today, 2000, 1500, 300, 2, MIMO_MESSAGE_STATE_COMPLETE);
  record (fixture, fixture->chats[0], today, -1, 0, 0, 0, MIMO_MESSAGE_STATE_FAILED);
  record (fixture, fixture->chats[0], today, 1000, 0, 1000, 0, MIMO_MESSAGE_STATE_COMPLETE);
  record (fixture, fixture->chats[1], today, 10, 0, 10, 0, MIMO_MESSAGE_STATE_COMPLETE);
}

static void
test_one_day (Fixture      *fixture,
              gconstpointer data)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  GtkWidget            *time_page;
  GtkWidget            *chat_page;
  GtkWidget            *row;

  fill_one_day (fixture);
  show (fixture, "time", "inspector-one-day");
  time_page = page (fixture, "time");

  /* The period's total, and each category's part of it. */
  g_assert_nonnull (find_money (time_page, COST_A + COST_B + COST_C + COST_D));
  g_assert_nonnull (find_money (time_page, 500 * 500 + 100 * 500 + 1000 * 500 + 10 * 500));
  g_assert_nonnull (find_money (time_page, 1500 * 50));
  g_assert_nonnull (find_money (time_page, 300 * 1500 + 20 * 1500 + 1000 * 1500 + 10 * 1500));
  g_assert_nonnull (find_money (time_page, 30000000));
  /* Cached input: 1,500 tokens at 500 − 50. */
  g_assert_nonnull (find_money (time_page, 1500 * 450));
  /* The estimated row is flagged for a look. */
  g_assert_nonnull (mimo_test_find_by_text (time_page, ADW_TYPE_ACTION_ROW, "Requests to check"));

  /* Pointing at today's bar (the last) reads out its figures. */
  {
    GtkWidget             *chart = mimo_test_find_descendant (time_page, MIMO_TYPE_SPEND_CHART);
    g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (chart);
    g_autoptr (GObject)    motion = g_list_model_get_item (controllers, 0);
    g_autofree char       *total = mimo_money_format (COST_A + COST_B + COST_C + COST_D);
    GtkWidget             *readout;

    g_assert_true (GTK_IS_EVENT_CONTROLLER_MOTION (motion));
    g_signal_emit_by_name (motion, "motion", (double) gtk_widget_get_width (chart) - 2, 20.0);
    g_assert_cmpint (mimo_spend_chart_get_hovered (MIMO_SPEND_CHART (chart)), ==, 29);
    readout = gtk_widget_get_next_sibling (chart);
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (readout)), total));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (readout)), "4 requests"));
    mimo_test_save_screenshot (GTK_WIDGET (fixture->inspector), "inspector-hover");
    g_signal_emit_by_name (motion, "leave");
    g_assert_cmpint (mimo_spend_chart_get_hovered (MIMO_SPEND_CHART (chart)), ==, -1);
  }

  /* The costliest chat leads, and opens its own page. */
  row = mimo_test_find_by_text (time_page, ADW_TYPE_ACTION_ROW, "Trip to Lisbon");
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_prev_sibling (row) == NULL);
  gtk_widget_activate (row);
  mimo_test_spin (100);
  g_assert_cmpstr (visible_page (fixture), ==, "chat");
  g_assert_cmpint (mimo_usage_inspector_get_conversation_id (fixture->inspector), ==,
                   mimo_conversation_get_id (fixture->chats[0]));

  show (fixture, "chat", "inspector-chat");
  chat_page = page (fixture, "chat");
  g_assert_nonnull (find_money (chat_page, COST_A + COST_B + COST_C));
  g_assert_nonnull (find_money (chat_page, COST_A));
  g_assert_nonnull (find_money (chat_page, COST_B));
  /* One expandable row a request. */
  g_assert_cmpuint (count_descendants (chat_page, ADW_TYPE_EXPANDER_ROW), ==, 3);

  /* A request opens to what was sent and what each side said it cost. */
  {
    AdwExpanderRow *first = ADW_EXPANDER_ROW (mimo_test_find_descendant (chat_page, ADW_TYPE_EXPANDER_ROW));
    GtkWidget      *settings_row;
    guint           details;

    g_assert_null (mimo_test_find_by_text (GTK_WIDGET (first), ADW_TYPE_ACTION_ROW, "Settings sent"));
    adw_expander_row_set_expanded (first, TRUE);
    settings_row = mimo_test_find_by_text (GTK_WIDGET (first), ADW_TYPE_ACTION_ROW, "Settings sent");
    g_assert_nonnull (settings_row);
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (settings_row)), "Thinking off"));
    g_assert_nonnull (mimo_test_find_by_text (GTK_WIDGET (first), ADW_TYPE_ACTION_ROW, "Time to the first word"));
    /* Made once: opening it again adds nothing. */
    details = count_descendants (GTK_WIDGET (first), ADW_TYPE_ACTION_ROW);
    adw_expander_row_set_expanded (first, FALSE);
    adw_expander_row_set_expanded (first, TRUE);
    g_assert_cmpuint (count_descendants (GTK_WIDGET (first), ADW_TYPE_ACTION_ROW), ==, details);
  }

  /* While an answer streams, its running cost shows beside the total. */
  mimo_usage_inspector_set_live_cost (fixture->inspector, 400000);
  g_assert_nonnull (mimo_test_find_by_text (chat_page, GTK_TYPE_LABEL, "Answering now: ≈ $0.0004 so far"));
  mimo_usage_inspector_set_live_cost (fixture->inspector, -1);
  g_assert_false (gtk_widget_get_visible (mimo_test_find_by_text (chat_page, GTK_TYPE_LABEL,
                                                                  "Answering now: ≈ $0.0004 so far")));

  /* A new request reaches the open window. */
  record (fixture, fixture->chats[0], now, 1000, 0, 1000, 0, MIMO_MESSAGE_STATE_COMPLETE);
  mimo_test_spin (200);
  g_assert_nonnull (find_money (chat_page, COST_A + COST_B + 2 * COST_C));
  g_assert_cmpuint (count_descendants (chat_page, ADW_TYPE_EXPANDER_ROW), ==, 4);
}

static void
test_ninety_days (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) noon = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 12, 0, 0);
  g_autoptr (GDateTime) week = mimo_ledger_period_floor (MIMO_LEDGER_PERIOD_WEEK, now);
  g_autoptr (GDateTime) weeks_start = g_date_time_add_weeks (week, -12);
  gint64                days = 0, weeks = 0, all = 0;
  GtkToggleButton      *weeks_button, *months_button;
  GtkWidget            *time_page;

  /* Day d before today costs (d + 1) × 1,000 input tokens. */
  mimo_store_hold_writes (fixture->store);
  for (int d = 0; d < 90; d++)
    {
      g_autoptr (GDateTime) when = g_date_time_add_days (noon, -d);
      gint64                cost = (d + 1) * 1000 * 500;

      record (fixture, fixture->chats[d % 3], when, (d + 1) * 1000, 0, 0, 0, MIMO_MESSAGE_STATE_COMPLETE);
      all += cost;
      if (d < 30)
        days += cost;
      if (g_date_time_compare (when, weeks_start) >= 0)
        weeks += cost;
    }
  mimo_store_release_writes (fixture->store);

  show (fixture, "time", "inspector-90-days");
  time_page = page (fixture, "time");
  g_assert_nonnull (find_money (time_page, days));

  weeks_button = GTK_TOGGLE_BUTTON (mimo_test_find_by_text (time_page, GTK_TYPE_TOGGLE_BUTTON, "The Last 13 Weeks"));
  gtk_toggle_button_set_active (weeks_button, TRUE);
  mimo_test_spin (100);
  mimo_test_save_screenshot (GTK_WIDGET (fixture->inspector), "inspector-90-days-weeks");
  g_assert_nonnull (find_money (time_page, weeks));

  /* Dark, and as narrow as the window goes: looked at, not asserted. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  mimo_test_save_screenshot (GTK_WIDGET (fixture->inspector), "inspector-90-days-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_set_default_size (GTK_WINDOW (fixture->inspector), 360, 700);
  mimo_test_save_screenshot (GTK_WIDGET (fixture->inspector), "inspector-narrow");
  gtk_window_set_default_size (GTK_WINDOW (fixture->inspector), 760, 900);

  months_button = GTK_TOGGLE_BUTTON (mimo_test_find_by_text (time_page, GTK_TYPE_TOGGLE_BUTTON, "The Last 12 Months"));
  gtk_toggle_button_set_active (months_button, TRUE);
  mimo_test_spin (100);
  g_assert_nonnull (find_money (time_page, all));

  /* A year before: nothing. */
  g_signal_emit_by_name (mimo_test_find_by_text (time_page, GTK_TYPE_BUTTON, "Earlier"), "clicked");
  mimo_test_spin (100);
  g_assert_null (find_money (time_page, all));
  g_assert_nonnull (find_money (time_page, 0));
  g_assert_true (gtk_widget_get_sensitive (mimo_test_find_by_text (time_page, GTK_TYPE_BUTTON, "Later")));
}

static void
test_budgets (Fixture      *fixture,
              gconstpointer data)
{
  GtkWidget       *budgets;
  GtkWidget       *bar;
  g_autofree char *month = mimo_money_format (COST_A + COST_B + COST_C + COST_D);
  g_autofree char *lisbon = mimo_money_format (COST_A + COST_B + COST_C);
  g_autofree char *invoice = mimo_money_format (COST_D);
  g_autofree char *monthly = mimo_money_format (40000000);
  g_autofree char *per_chat = mimo_money_format (10000000);
  g_autofree char *text = NULL;

  fill_one_day (fixture);
  /* $0.04 a month: this month's $0.0329 is past the 80% line. */
  g_settings_set_int64 (fixture->settings, MIMO_SETTINGS_MONTHLY_BUDGET, 40000000);
  g_settings_set_int64 (fixture->settings, MIMO_SETTINGS_CHAT_BUDGET, 10000000);
  mimo_usage_inspector_set_conversation_id (fixture->inspector, mimo_conversation_get_id (fixture->chats[1]));
  show (fixture, "budgets", "inspector-budgets");
  budgets = page (fixture, "budgets");

  text = g_strdup_printf ("%s of %s", month, monthly);
  g_assert_nonnull (mimo_test_find_by_text (budgets, GTK_TYPE_LABEL, text));
  bar = mimo_test_find_descendant (budgets, GTK_TYPE_LEVEL_BAR);
  g_assert_true (gtk_widget_has_css_class (bar, "near"));
  g_assert_cmpfloat_with_epsilon (gtk_level_bar_get_value (GTK_LEVEL_BAR (bar)), 32875000.0 / 40000000.0, 1e-9);
  /* Each chat against $0.01: Lisbon is over it, the invoice well inside. */
  g_free (text);
  text = g_strdup_printf ("%s of %s", lisbon, per_chat);
  g_assert_nonnull (mimo_test_find_by_text (budgets, GTK_TYPE_LABEL, text));
  g_free (text);
  text = g_strdup_printf ("%s of %s", invoice, per_chat);
  g_assert_nonnull (mimo_test_find_by_text (budgets, GTK_TYPE_LABEL, text));

  /* Preferences change: the page follows. */
  g_settings_set_int64 (fixture->settings, MIMO_SETTINGS_MONTHLY_BUDGET, 0);
  mimo_test_spin (50);
  g_assert_nonnull (mimo_test_find_by_text (budgets, ADW_TYPE_ACTION_ROW, "No Monthly Budget"));
}

/* Every ledger row comes back from the file: ids, times, costs. */
static void
test_export (Fixture      *fixture,
             gconstpointer data)
{
  g_autofree char      *path = g_build_filename (fixture->dir, "spending.csv", NULL);
  g_autoptr (GFile)     file = g_file_new_for_path (path);
  g_autoptr (GError)    error = NULL;
  g_autofree char      *text = NULL;
  g_auto (GStrv)        lines = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_auto (GStrv)        header = NULL;

  fill_one_day (fixture);
  g_assert_true (mimo_usage_inspector_export_to_file (fixture->inspector, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));

  entries = mimo_ledger_query_entries (mimo_store_get_ledger (fixture->store), NULL, NULL, FALSE, NULL);
  lines = g_strsplit (text, "\r\n", -1);
  if (g_strv_length (lines) == 1)
    {
      g_strfreev (lines);
      lines = g_strsplit (text, "\n", -1);
    }
  /* A header, a line a row, and the final newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, entries->len + 2);
  g_assert_cmpstr (lines[entries->len + 1], ==, "");

  header = g_strsplit (lines[0], ",", -1);
  g_assert_cmpstr (header[0], ==, "id");
  g_assert_cmpstr (header[1], ==, "time");
  g_assert_cmpstr (header[10], ==, "prompt_tokens");
  g_assert_cmpstr (header[12], ==, "completion_tokens");
  g_assert_cmpstr (header[18], ==, "cost_total_usd");

  for (guint i = 0; i < entries->len; i++)
    {
      MimoLedgerEntry      *entry = g_ptr_array_index (entries, i);
      g_auto (GStrv)        fields = g_strsplit (lines[i + 1], ",", -1);
      g_autoptr (GDateTime) time = g_date_time_new_from_unix_utc (entry->time_us / G_USEC_PER_SEC);
      g_autofree char      *iso = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
      gint64                nanos;

      g_assert_cmpint (g_ascii_strtoll (fields[0], NULL, 10), ==, entry->id);
      g_assert_cmpstr (fields[1], ==, iso);
      g_assert_cmpint (g_ascii_strtoll (fields[10], NULL, 10), ==, entry->prompt_tokens);
      g_assert_cmpint (g_ascii_strtoll (fields[12], NULL, 10), ==, entry->completion_tokens);
      /* Six decimals: exact to the micro-dollar, rounded half up. */
      g_assert_true (mimo_money_parse_plain (fields[18], &nanos));
      g_assert_cmpint (nanos, ==, (entry->cost.total_nanos + 500) / 1000 * 1000);
    }
}

int
main (int   argc,
      char *argv[])
{
  mimo_test_gui_init (&argc, &argv);

  g_test_add ("/gui/usage-inspector/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add ("/gui/usage-inspector/one-day", Fixture, NULL, fixture_set_up, test_one_day, fixture_tear_down);
  g_test_add ("/gui/usage-inspector/ninety-days", Fixture, NULL, fixture_set_up, test_ninety_days, fixture_tear_down);
  g_test_add ("/gui/usage-inspector/budgets", Fixture, NULL, fixture_set_up, test_budgets, fixture_tear_down);
  g_test_add ("/gui/usage-inspector/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);

  return g_test_run ();
}
