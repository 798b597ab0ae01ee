/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-usage-inspector-time.c: the Over Time page (chart, split, costliest chats) and the Budgets page. */

#define G_LOG_DOMAIN "mimo-usage-inspector"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mimo-money.h"
#include "mimo-settings-keys.h"
#include "mimo-usage-inspector-private.h"

#define TOP_CHATS 5

/* How many bars a range shows, per period. */
static int
range_length (MimoLedgerPeriod period)
{
  switch (period)
    {
    case MIMO_LEDGER_PERIOD_DAY:
      return 30;
    case MIMO_LEDGER_PERIOD_WEEK:
      return 13;
    case MIMO_LEDGER_PERIOD_MONTH:
    default:
      return 12;
    }
}

static GDateTime *
shift (MimoLedgerPeriod period,
       GDateTime       *time,
       int              n)
{
  switch (period)
    {
    case MIMO_LEDGER_PERIOD_DAY:
      return g_date_time_add_days (time, n);
    case MIMO_LEDGER_PERIOD_WEEK:
      return g_date_time_add_weeks (time, n);
    case MIMO_LEDGER_PERIOD_MONTH:
    default:
      return g_date_time_add_months (time, n);
    }
}

/* [@from, @to): the range ending with the period holding now, moved
 * back @offset ranges. Local midnights, so a bar is a calendar day. */
static void
compute_range (MimoUsageInspector *self,
               GDateTime         **from,
               GDateTime         **to)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) current = mimo_ledger_period_floor (self->period, now);
  g_autoptr (GDateTime) next = mimo_ledger_period_next (self->period, current);
  int                   n = range_length (self->period);
  g_autoptr (GDateTime) end = shift (self->period, next, self->offset * n);
  g_autoptr (GDateTime) start = shift (self->period, end, -n);

  /* Re-floored: adding days across a clock change keeps the hour. */
  *from = mimo_ledger_period_floor (self->period, start);
  *to = mimo_ledger_period_floor (self->period, end);
}

static char *
format_range (GDateTime *from,
              GDateTime *to)
{
  g_autoptr (GDateTime) last = g_date_time_add_seconds (to, -1);
  /* Translators: the first and last day of the chart's range. */
  g_autofree char *first = g_date_time_format (from, _ ("%-d %b %Y"));
  g_autofree char *end = g_date_time_format (last, _ ("%-d %b %Y"));

  return g_strdup_printf ("%s – %s", first, end);
}

/* The legend's square, in the colour the chart draws the category. */
static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  GdkRGBA color;

  mimo_spend_category_color (GPOINTER_TO_UINT (user_data), adw_style_manager_get_dark (adw_style_manager_get_default ()),
                             &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

static GtkWidget *
swatch_new (MimoSpendCategory category)
{
  GtkWidget *swatch = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, GUINT_TO_POINTER (category), NULL);
  /* Drawn again in the other palette when the style turns dark or light. */
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (gtk_widget_queue_draw), swatch,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_accessible_update_state (GTK_ACCESSIBLE (swatch), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);

  return swatch;
}

static char *
format_share (gint64 part,
              gint64 whole)
{
  gint64 tenths;

  if (whole <= 0)
    return g_strdup ("—");
  /* Integer tenths of a percent, rounded: no float sums. */
  tenths = (part * 1000 + whole / 2) / whole;
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%" G_GINT64_FORMAT "%%", tenths / 10, tenths % 10);
}

static void
fill_breakdown (MimoUsageInspector     *self,
                const MimoLedgerTotals *totals)
{
  _mimo_usage_clear_list (self->breakdown_list);

  for (MimoSpendCategory c = 0; c < MIMO_SPEND_N_CATEGORIES; c++)
    {
      gint64           nanos = mimo_spend_category_nanos (totals, c);
      g_autofree char *money = mimo_money_format (nanos);
      g_autofree char *share = format_share (nanos, totals->cost.total_nanos);
      GtkWidget       *row = _mimo_usage_value_row (mimo_spend_category_name (c), share, money);

      adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch_new (c));
      gtk_list_box_append (self->breakdown_list, row);
    }

  if (totals->cached_savings_nanos > 0)
    {
      g_autofree char *saved = mimo_money_format (totals->cached_savings_nanos);
      /* Translators: what the provider's cache took off the bill. */
      g_autofree char *words = g_strdup_printf (_ ("Cached input saved you %s in this period"), saved);

      gtk_list_box_append (self->breakdown_list,
                           _mimo_usage_value_row (words, _ ("Text the model had just read costs a tenth of the price"), saved));
    }

  if (totals->mismatched + totals->estimated > 0)
    {
      g_autofree char *count = _mimo_usage_format_count (totals->mismatched + totals->estimated);
      /* Translators: requests flagged for a second look. */
      g_autofree char *flags = _mimo_usage_join_counts (totals->mismatched,
                                                        _ ("where EmpirioLabs’ figure differs from the price card"),
                                                        totals->estimated, _ ("estimated because no counts came back"),
                                                        0, NULL);

      gtk_list_box_append (self->breakdown_list, _mimo_usage_value_row (_ ("Requests to check"), flags, count));
    }
}

static void
fill_top (MimoUsageInspector *self,
          GDateTime          *from,
          GDateTime          *to)
{
  g_autoptr (GError)    error = NULL;
  g_autoptr (GPtrArray) top = mimo_ledger_query_top_conversations (self->ledger, from, to, TOP_CHATS, &error);

  _mimo_usage_clear_list (self->top_list);
  if (top == NULL)
    {
      g_warning ("Could not rank the chats: %s", error->message);
      return;
    }

  for (guint i = 0; i < top->len; i++)
    {
      MimoLedgerChat  *chat = g_ptr_array_index (top, i);
      g_autofree char *title = _mimo_usage_chat_title (chat->title, chat->deleted);
      g_autofree char *money = mimo_money_format (chat->totals.cost.total_nanos);
      g_autofree char *requests = _mimo_usage_requests_text (chat->totals.requests);
      GtkWidget       *row = _mimo_usage_value_row (title, requests, money);
      GtkWidget       *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), arrow);
      g_object_set_data_full (G_OBJECT (row), "mimo-conversation-id", g_memdup2 (&chat->conversation_id, sizeof (gint64)),
                              g_free);
      gtk_widget_set_tooltip_text (row, _ ("See This Chat’s Requests"));
      gtk_list_box_append (self->top_list, row);
    }

  if (top->len == 0)
    {
      GtkWidget *row = _mimo_usage_row_new (ADW_TYPE_ACTION_ROW);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("No chats cost anything in this period"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->top_list, row);
    }
}

void
_mimo_usage_inspector_update_readout (MimoUsageInspector *self)
{
  int                     hovered = mimo_spend_chart_get_hovered (self->chart);
  const MimoLedgerBucket *bucket;
  g_autoptr (GString)     text = NULL;
  g_autofree char        *when = NULL;
  g_autofree char        *total = NULL;

  if (self->buckets == NULL || hovered < 0 || (guint) hovered >= self->buckets->len)
    {
      gtk_label_set_text (self->readout_label, _ ("Point at a bar to see what that day, week or month cost."));
      return;
    }

  bucket = g_ptr_array_index (self->buckets, hovered);
  when = g_date_time_format (bucket->start, self->period == MIMO_LEDGER_PERIOD_MONTH ? "%B %Y" : "%a %-d %b %Y");
  total = mimo_money_format (bucket->totals.cost.total_nanos);
  text = g_string_new (NULL);
  if (self->period == MIMO_LEDGER_PERIOD_WEEK)
    /* Translators: the hovered week's bar: the day it starts, its total. */
    g_string_append_printf (text, _ ("Week of %s: %s"), when, total);
  else
    /* Translators: the hovered bar: its date and total. */
    g_string_append_printf (text, _ ("%s: %s"), when, total);
  for (MimoSpendCategory c = 0; c < MIMO_SPEND_N_CATEGORIES && bucket->totals.cost.total_nanos > 0; c++)
    {
      g_autofree char *part = mimo_money_format (mimo_spend_category_nanos (&bucket->totals, c));

      g_string_append_printf (text, "%s%s %s", c == 0 ? " — " : ", ", mimo_spend_category_name (c), part);
    }
  g_string_append (text, " · ");
  {
    g_autofree char *requests = _mimo_usage_requests_text (bucket->totals.requests);

    g_string_append (text, requests);
  }
  gtk_label_set_text (self->readout_label, text->str);
}

void
_mimo_usage_inspector_reload_time (MimoUsageInspector *self)
{
  g_autoptr (GDateTime) from = NULL;
  g_autoptr (GDateTime) to = NULL;
  g_autoptr (GError)    error = NULL;
  g_autofree char      *range = NULL;
  g_autofree char      *money = NULL;
  g_autofree char      *caption = NULL;
  MimoLedgerTotals      totals = { 0 };

  compute_range (self, &from, &to);
  range = format_range (from, to);
  gtk_label_set_text (self->range_label, range);
  gtk_widget_set_sensitive (self->later_button, self->offset < 0);

  g_clear_pointer (&self->buckets, g_ptr_array_unref);
  self->buckets = mimo_ledger_query_buckets (self->ledger, self->period, from, to, &error);
  if (self->buckets == NULL)
    {
      g_warning ("Could not read spending over time: %s", error->message);
      return;
    }
  for (guint i = 0; i < self->buckets->len; i++)
    mimo_ledger_totals_add (&totals, &((MimoLedgerBucket *) g_ptr_array_index (self->buckets, i))->totals);

  mimo_spend_chart_set_buckets (self->chart, self->buckets, self->period);
  money = mimo_money_format (totals.cost.total_nanos);
  gtk_label_set_text (self->time_total_label, money);
  {
    g_autofree char *requests = _mimo_usage_requests_text (totals.requests);
    g_autofree char *searches = _mimo_usage_format_count (totals.web_search_calls);

    /* Translators: under the period's total: "12 requests", then a count. */
    caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s and %s web search in this period",
                                            "%s and %s web searches in this period", (gulong) totals.web_search_calls),
                               requests, searches);
  }
  gtk_label_set_text (self->time_caption_label, caption);

  fill_breakdown (self, &totals);
  fill_top (self, from, to);
  _mimo_usage_inspector_update_readout (self);
}

/* ------------------------------------------------------------ budgets -- */

/* "$3.20 of $10.00" over a level bar, which turns orange at the warning
 * line and red past the budget. */
static GtkWidget *
budget_row (const char *title,
            gint64      spent,
            gint64      budget,
            int         warn_percent)
{
  GtkWidget       *row = gtk_list_box_row_new ();
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget       *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget       *name = gtk_label_new (title);
  GtkWidget       *bar = gtk_level_bar_new_for_interval (0, 1);
  g_autofree char *spent_text = mimo_money_format (spent);
  g_autofree char *budget_text = mimo_money_format (budget);
  /* Translators: spent so far of a budget, "$3.20 of $10.00". */
  g_autofree char *figures = g_strdup_printf (_ ("%s of %s"), spent_text, budget_text);
  GtkWidget       *value = gtk_label_new (figures);
  double           fraction = budget > 0 ? MIN ((double) spent / (double) budget, 1.0) : 0;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (value, "numeric");
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), value);
  gtk_box_append (GTK_BOX (box), top);

  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), fraction);
  gtk_widget_add_css_class (bar, "budget-bar");
  if (spent >= budget)
    gtk_widget_add_css_class (bar, "over");
  else if (spent * 100 >= budget * warn_percent)
    gtk_widget_add_css_class (bar, "near");
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_box_append (GTK_BOX (box), bar);

  if (spent < budget)
    {
      g_autofree char *left = mimo_money_format (budget - spent);
      /* Translators: what is left of a budget. */
      g_autofree char *words = g_strdup_printf (_ ("%s left"), left);
      GtkWidget       *left_label = gtk_label_new (words);

      gtk_label_set_xalign (GTK_LABEL (left_label), 0);
      gtk_widget_add_css_class (left_label, "dim-label");
      gtk_widget_add_css_class (left_label, "caption");
      gtk_box_append (GTK_BOX (box), left_label);
    }
  else
    {
      GtkWidget *over = gtk_label_new (_ ("Budget reached"));

      gtk_label_set_xalign (GTK_LABEL (over), 0);
      gtk_widget_add_css_class (over, "error");
      gtk_widget_add_css_class (over, "caption");
      gtk_box_append (GTK_BOX (box), over);
    }

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static GtkWidget *
off_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = _mimo_usage_row_new (ADW_TYPE_ACTION_ROW);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
fill_month (MimoUsageInspector *self,
            gint64              budget,
            int                 warn_percent)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) month = mimo_ledger_period_floor (MIMO_LEDGER_PERIOD_MONTH, now);
  g_autoptr (GDateTime) next = mimo_ledger_period_next (MIMO_LEDGER_PERIOD_MONTH, month);
  g_autoptr (GError)    error = NULL;
  g_autofree char      *title = g_date_time_format (month, "%B %Y");
  MimoLedgerTotals      totals = { 0 };

  _mimo_usage_clear_list (self->month_list);
  if (!mimo_ledger_query_totals (self->ledger, month, next, &totals, &error))
    g_warning ("Could not read this month’s spending: %s", error->message);

  if (budget > 0)
    gtk_list_box_append (self->month_list, budget_row (title, totals.cost.total_nanos, budget, warn_percent));
  else
    {
      g_autofree char *spent = mimo_money_format (totals.cost.total_nanos);
      /* Translators: %s is this month's spending so far. */
      g_autofree char *words = g_strdup_printf (_ ("Spent so far this month: %s. Set one in Preferences to be warned before you go over it."), spent);

      gtk_list_box_append (self->month_list, off_row (_ ("No Monthly Budget"), words));
    }
}

/* Most spent first. */
static int
compare_spend (gconstpointer a,
               gconstpointer b)
{
  gint64 x = mimo_conversation_get_totals (*(MimoConversation *const *) a)->cost.total_nanos;
  gint64 y = mimo_conversation_get_totals (*(MimoConversation *const *) b)->cost.total_nanos;

  return (x < y) - (x > y);
}

static void
fill_chats (MimoUsageInspector *self,
            gint64              budget,
            int                 warn_percent)
{
  g_autoptr (GPtrArray) top = NULL;
  GListModel           *conversations;
  gboolean              inspected_shown = FALSE;

  _mimo_usage_clear_list (self->chats_budget_list);
  if (budget <= 0)
    {
      gtk_list_box_append (self->chats_budget_list,
                           off_row (_ ("No Budget per Chat"), _ ("Any one chat may spend without a limit.")));
      return;
    }

  /* The chats closest to the limit: those that spent most, still here,
   * from the totals each chat keeps (no pass over the ledger). */
  top = g_ptr_array_new ();
  conversations = mimo_store_get_conversations (self->store);
  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      MimoConversation *conversation = g_list_model_get_item (conversations, i);

      g_object_unref (conversation); /* the store holds it */
      if (mimo_conversation_get_totals (conversation)->cost.total_nanos > 0)
        g_ptr_array_add (top, conversation);
    }
  g_ptr_array_sort (top, compare_spend);
  for (guint i = 0; i < top->len && i < TOP_CHATS; i++)
    {
      MimoConversation *conversation = g_ptr_array_index (top, i);
      g_autofree char  *title = _mimo_usage_chat_title (mimo_conversation_get_title (conversation), FALSE);

      gtk_list_box_append (self->chats_budget_list,
                           budget_row (title, mimo_conversation_get_totals (conversation)->cost.total_nanos, budget,
                                       warn_percent));
      inspected_shown |= mimo_conversation_get_id (conversation) == self->conversation_id;
    }

  if (!inspected_shown && self->conversation_id > 0)
    {
      MimoConversation *conversation = mimo_store_lookup_conversation (self->store, self->conversation_id);

      if (conversation != NULL)
        {
          g_autofree char *title = _mimo_usage_chat_title (mimo_conversation_get_title (conversation), FALSE);

          gtk_list_box_append (self->chats_budget_list,
                               budget_row (title, mimo_conversation_get_totals (conversation)->cost.total_nanos, budget,
                                           warn_percent));
        }
    }
  if (gtk_widget_get_first_child (GTK_WIDGET (self->chats_budget_list)) == NULL)
    gtk_list_box_append (self->chats_budget_list, off_row (_ ("No Chats Yet"), _ ("Each chat may spend up to its budget.")));
}

void
_mimo_usage_inspector_reload_budgets (MimoUsageInspector *self)
{
  gint64 monthly = g_settings_get_int64 (self->settings, MIMO_SETTINGS_MONTHLY_BUDGET);
  gint64 per_chat = g_settings_get_int64 (self->settings, MIMO_SETTINGS_CHAT_BUDGET);
  int    warn_percent = g_settings_get_int (self->settings, MIMO_SETTINGS_BUDGET_WARN_PERCENT);

  adw_preferences_group_set_description (self->month_group,
                                         monthly + per_chat == 0 ? NULL
                                         : g_settings_get_enum (self->settings, MIMO_SETTINGS_BUDGET_ACTION) == MIMO_BUDGET_ACTION_REFUSE
                                           ? _ ("A message that would go over a budget is not sent.")
                                           : _ ("Mimo Chat asks before sending a message that would go over a budget."));
  fill_month (self, monthly, warn_percent);
  fill_chats (self, per_chat, warn_percent);
}
