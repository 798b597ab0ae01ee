/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-usage-inspector-chat.c: the This Chat page: a session's totals and each of its requests. */

#define G_LOG_DOMAIN "mimo-usage-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-date-format.h"
#include "mimo-money.h"
#include "mimo-usage-inspector-private.h"

/* Requests shown before "Show Older Requests": a long chat stays quick. */
#define REQUESTS_PAGE 25

static char *
describe_params (const char *params_json)
{
  g_autoptr (MimoChatParams) params = mimo_chat_params_new ();
  g_autoptr (GString)        text = g_string_new (NULL);
  g_autofree char           *max_tokens = NULL;

  if (params_json == NULL || !mimo_chat_params_merge_json_string (params, params_json, NULL))
    return g_strdup (_ ("Not recorded"));

  g_string_append (text, params->enable_thinking ? _ ("Thinking on") : _ ("Thinking off"));
  g_string_append (text, " · ");
  if (!params->tool_web_search)
    g_string_append (text, _ ("Web search off"));
  else if (params->web_search_force)
    g_string_append (text, _ ("Always searched first"));
  else
    g_string_append (text, _ ("Web search on"));
  g_string_append (text, " · ");
  /* Translators: the sampling settings of a request. */
  g_string_append_printf (text, _ ("Temperature %.2g, Top P %.2g"), params->temperature, params->top_p);
  g_string_append (text, " · ");
  max_tokens = _mimo_usage_format_count (params->max_tokens);
  /* Translators: %s is a number of tokens ("4,096"). */
  g_string_append_printf (text, _ ("Answers up to %s tokens"), max_tokens);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
status_words (const MimoLedgerEntry *entry)
{
  switch (entry->status)
    {
    case MIMO_MESSAGE_STATE_FAILED:
      return _ ("Failed");
    case MIMO_MESSAGE_STATE_CANCELLED:
      return _ ("Stopped");
    case MIMO_MESSAGE_STATE_INTERRUPTED:
      return _ ("Cut off");
    case MIMO_MESSAGE_STATE_STREAMING:
    case MIMO_MESSAGE_STATE_COMPLETE:
    default:
      return NULL;
    }
}

static char *
format_seconds (gint64 us)
{
  /* Translators: a duration in seconds, "0.75 s". */
  return g_strdup_printf (_ ("%.2f s"), us / (double) G_USEC_PER_SEC);
}

/* A detail under a request: its name, and the value beneath it, so long
 * values (the settings sent) wrap instead of crushing the name. */
static void
add_detail (AdwExpanderRow *expander,
            const char     *title,
            const char     *value)
{
  GtkWidget *row = _mimo_usage_row_new (ADW_TYPE_ACTION_ROW);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_expander_row_add_row (expander, row);
}

/* The two figures side by side, and why they may differ. */
static void
add_cost_details (AdwExpanderRow        *expander,
                  const MimoLedgerEntry *entry)
{
  g_autofree char *ours = mimo_money_format (entry->cost.total_nanos);
  g_autofree char *plain_ours = mimo_money_format_plain (entry->cost.total_nanos, 6);
  g_autofree char *value = NULL;

  value = g_strdup_printf ("%s ($%s)", ours, plain_ours);
  add_detail (expander, entry->estimated ? _ ("Cost, estimated from the text") : _ ("Cost, by the price card"),
              value);

  if (entry->has_provider_cost)
    {
      g_autofree char *theirs = mimo_money_format (entry->provider_cost_nanos);
      g_autofree char *plain_theirs = mimo_money_format_plain (entry->provider_cost_nanos, 6);
      g_autofree char *shown = g_strdup_printf ("%s ($%s)", theirs, plain_theirs);
      GtkWidget       *row = _mimo_usage_value_row (_ ("Cost, as EmpirioLabs reported it"),
                                              mimo_ledger_entry_is_mismatched (entry)
                                                      ? _ ("Differs from the price card by more than a millionth of a dollar")
                                                      : NULL,
                                                    shown);

      adw_expander_row_add_row (expander, row);
    }
  else
    add_detail (expander, _ ("Cost, as EmpirioLabs reported it"), _ ("Not reported"));
}

static void
add_timing_details (AdwExpanderRow        *expander,
                    const MimoLedgerEntry *entry)
{
  if (entry->first_token_us >= 0)
    {
      g_autofree char *first = format_seconds (entry->first_token_us);

      add_detail (expander, _ ("Time to the first word"), first);
    }
  if (entry->first_token_us >= 0 && entry->duration_us > entry->first_token_us && entry->completion_tokens > 0)
    {
      double rate = entry->completion_tokens * (double) G_USEC_PER_SEC /
                    (double) (entry->duration_us - entry->first_token_us);
      /* Translators: how fast the answer was written. */
      g_autofree char *speed = g_strdup_printf (_ ("%.0f tokens a second"), rate);

      add_detail (expander, _ ("Speed"), speed);
    }
  if (entry->duration_us > 0)
    {
      g_autofree char *total = format_seconds (entry->duration_us);

      add_detail (expander, _ ("Took"), total);
    }
}

/* The details under a request, made when it is first opened: a long
 * chat's page then costs one row a request, not eight. */
static void
expanded_cb (AdwExpanderRow *expander)
{
  const MimoLedgerEntry *entry = g_object_get_data (G_OBJECT (expander), "mimo-entry");
  g_autofree char       *params = NULL;
  g_autofree char       *in = NULL;
  g_autofree char       *cached = NULL;
  g_autofree char       *out = NULL;
  g_autofree char       *tokens = NULL;

  if (entry == NULL || !adw_expander_row_get_expanded (expander))
    return;

  params = describe_params (entry->params_json);
  add_detail (expander, _ ("Settings sent"), params);
  in = _mimo_usage_format_count (entry->prompt_tokens);
  cached = _mimo_usage_format_count (entry->cached_tokens);
  out = _mimo_usage_format_count (entry->completion_tokens);
  /* Translators: tokens sent, how many were cached, tokens received. */
  tokens = g_strdup_printf (_ ("%s sent (%s cached), %s received"), in, cached, out);
  add_detail (expander, _ ("Tokens"), tokens);
  add_cost_details (expander, entry);
  add_timing_details (expander, entry);
  if (entry->error_code != NULL)
    add_detail (expander, _ ("What went wrong"), entry->error_code);

  /* Made once; the entry is no longer needed. */
  g_signal_handlers_disconnect_by_func (expander, expanded_cb, NULL);
  g_object_set_data (G_OBJECT (expander), "mimo-entry", NULL);
}

static GtkWidget *
request_row (const MimoLedgerEntry *entry,
             GDateTime             *now)
{
  GtkWidget            *row = _mimo_usage_row_new (ADW_TYPE_EXPANDER_ROW);
  AdwExpanderRow       *expander = ADW_EXPANDER_ROW (row);
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (entry->time_us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) local = g_date_time_to_local (utc);
  g_autofree char      *when = mimo_date_format_relative (local, now, MIMO_CLOCK_FORMAT_LOCALE);
  g_autofree char      *money = mimo_money_format (entry->cost.total_nanos);
  g_autofree char      *in = _mimo_usage_format_count (entry->prompt_tokens);
  g_autofree char      *out = _mimo_usage_format_count (entry->completion_tokens);
  g_autofree char      *subtitle = NULL;
  g_autofree char      *title = NULL;
  const char           *status = status_words (entry);
  GtkWidget            *cost_label = gtk_label_new (money);

  title = status != NULL ? g_strdup_printf ("%s · %s", when, status) : g_strdup (when);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Translators: a request's tokens: sent, received; "≈" when estimated. */
  subtitle = g_strdup_printf (_ ("%s%s tokens sent, %s received"), entry->estimated ? "≈ " : "", in, out);
  if (entry->web_search_calls > 0)
    {
      g_autofree char *searches = _mimo_usage_format_count (entry->web_search_calls);
      /* Translators: a request's tokens, then its web searches. */
      g_autofree char *with = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %s web search", "%s, %s web searches",
                                                            (gulong) entry->web_search_calls),
                                               subtitle, searches);

      g_free (subtitle);
      subtitle = g_steal_pointer (&with);
    }
  adw_expander_row_set_subtitle (expander, subtitle);

  gtk_widget_add_css_class (cost_label, "numeric");
  adw_expander_row_add_action (expander, cost_label);
  if (mimo_ledger_entry_is_mismatched (entry) || entry->estimated)
    {
      GtkWidget  *flag = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      const char *why = entry->estimated ? _ ("Estimated: no token counts came back, so the text was measured")
                                         : _ ("EmpirioLabs’ figure differs from the price card’s");

      gtk_widget_add_css_class (flag, "warning");
      gtk_widget_set_tooltip_text (flag, why);
      gtk_accessible_update_property (GTK_ACCESSIBLE (flag), GTK_ACCESSIBLE_PROPERTY_LABEL, why, -1);
      adw_expander_row_add_prefix (expander, flag);
    }

  g_object_set_data_full (G_OBJECT (row), "mimo-entry", mimo_ledger_entry_copy (entry),
                          (GDestroyNotify) mimo_ledger_entry_free);
  g_signal_connect (row, "notify::expanded", G_CALLBACK (expanded_cb), NULL);

  return row;
}

static void
add_totals_rows (MimoUsageInspector     *self,
                 const MimoLedgerTotals *totals)
{
  GtkListBox      *list = GTK_LIST_BOX (self->chat_totals_list);
  g_autofree char *sent = _mimo_usage_format_count (totals->prompt_tokens);
  g_autofree char *cached = _mimo_usage_format_count (totals->cached_tokens);
  g_autofree char *received = _mimo_usage_format_count (totals->completion_tokens);
  g_autofree char *searches = _mimo_usage_format_count (totals->web_search_calls);
  g_autofree char *requests = _mimo_usage_format_count (totals->requests);
  g_autofree char *cached_words = NULL;
  g_autofree char *endings = NULL;

  _mimo_usage_clear_list (list);

  if (totals->cached_tokens > 0)
    /* Translators: %s is a number of tokens. */
    cached_words = g_strdup_printf (_ ("%s of them were cached, at a tenth of the price"), cached);
  gtk_list_box_append (list, _mimo_usage_value_row (_ ("Tokens sent"), cached_words, sent));
  gtk_list_box_append (list, _mimo_usage_value_row (_ ("Tokens received"), _ ("What the model wrote, its thinking included"),
                                                    received));
  gtk_list_box_append (list, _mimo_usage_value_row (_ ("Web searches"), NULL, searches));

  endings = _mimo_usage_join_counts (totals->failed, _ ("failed"), totals->cancelled, _ ("stopped"),
                                     totals->interrupted, _ ("cut off"));
  gtk_list_box_append (list, _mimo_usage_value_row (_ ("Requests"), endings, requests));

  if (totals->cached_savings_nanos > 0)
    {
      g_autofree char *saved = mimo_money_format (totals->cached_savings_nanos);

      gtk_list_box_append (list, _mimo_usage_value_row (_ ("Caching saved"), NULL, saved));
    }

  if (totals->mismatched + totals->estimated > 0)
    {
      /* Translators: requests flagged in the list below. */
      g_autofree char *flags = _mimo_usage_join_counts (totals->mismatched, _ ("where EmpirioLabs’ figure differs"),
                                                        totals->estimated, _ ("estimated"), 0, NULL);
      g_autofree char *count = _mimo_usage_format_count (totals->mismatched + totals->estimated);

      gtk_list_box_append (list, _mimo_usage_value_row (_ ("Requests to check"), flags, count));
    }
}

static void
set_caption (MimoUsageInspector     *self,
             const char             *title,
             const MimoLedgerTotals *totals)
{
  g_autofree char *caption = NULL;
  g_autofree char *requests = NULL;

  requests = _mimo_usage_requests_text (totals->requests);
  if (totals->provider_cost_requests > 0)
    {
      g_autofree char *theirs = mimo_money_format (totals->provider_cost_nanos);

      /* Translators: a chat's caption: its title, how many requests, and
       * the provider's own total. */
      caption = g_strdup_printf (_ ("“%s” · %s · EmpirioLabs reported %s"), title, requests, theirs);
    }
  else
    caption = g_strdup_printf ("“%s” · %s", title, requests);
  gtk_label_set_text (self->chat_caption_label, caption);
}

void
_mimo_usage_inspector_reload_chat (MimoUsageInspector *self)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GError)    error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char      *title = NULL;
  g_autofree char      *money = NULL;
  MimoConversation     *conversation;
  MimoLedgerTotals      totals = { 0 };
  guint                 shown;

  if (self->conversation_id <= 0)
    {
      gtk_stack_set_visible_child_name (self->chat_stack, "none");
      return;
    }
  gtk_stack_set_visible_child_name (self->chat_stack, "chat");

  entries = mimo_ledger_query_conversation_entries (self->ledger, self->conversation_id, &error);
  if (entries == NULL)
    {
      g_warning ("Could not read the chat’s spending: %s", error->message);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    mimo_ledger_totals_add_entry (&totals, g_ptr_array_index (entries, i));

  conversation = mimo_store_lookup_conversation (self->store, self->conversation_id);
  if (conversation != NULL)
    title = _mimo_usage_chat_title (mimo_conversation_get_title (conversation), FALSE);
  else if (entries->len > 0)
    {
      MimoLedgerEntry *last = g_ptr_array_index (entries, entries->len - 1);

      title = _mimo_usage_chat_title (last->conversation_title, TRUE);
    }
  else
    title = _mimo_usage_chat_title (NULL, FALSE);

  money = mimo_money_format (totals.cost.total_nanos);
  gtk_label_set_text (self->chat_total_label, money);
  set_caption (self, title, &totals);
  add_totals_rows (self, &totals);
  _mimo_usage_inspector_update_live (self);

  /* Newest first, a page at a time. */
  _mimo_usage_clear_list (self->chat_requests_list);
  shown = MIN (entries->len, MAX (self->requests_shown, REQUESTS_PAGE));
  for (guint i = 0; i < shown; i++)
    gtk_list_box_append (self->chat_requests_list, request_row (g_ptr_array_index (entries, entries->len - 1 - i), now));
  gtk_widget_set_visible (GTK_WIDGET (self->chat_requests_list), shown > 0);
  gtk_widget_set_visible (self->chat_more_button, shown < entries->len);
}

void
_mimo_usage_inspector_update_live (MimoUsageInspector *self)
{
  g_autofree char *money = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->chat_live_label), self->live_cost >= 0);
  if (self->live_cost < 0)
    return;

  money = mimo_money_format (self->live_cost);
  /* Translators: the answer being written now, and its cost so far. */
  text = g_strdup_printf (_ ("Answering now: ≈ %s so far"), money);
  gtk_label_set_text (self->chat_live_label, text);
}
