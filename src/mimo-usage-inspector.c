/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-usage-inspector.c: the spending window: its pages, keeping them current, and the CSV export. */

#define G_LOG_DOMAIN "mimo-usage-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-usage-inspector-private.h"

G_DEFINE_FINAL_TYPE (MimoUsageInspector, mimo_usage_inspector, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_STORE,
  PROP_CONVERSATION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MimoUsageInspector *
mimo_usage_inspector_new (GtkWindow *parent,
                          GSettings *settings,
                          MimoStore *store)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (MIMO_IS_STORE (store), NULL);

  return g_object_new (MIMO_TYPE_USAGE_INSPECTOR,
                       "transient-for", parent,
                       "application", parent != NULL ? gtk_window_get_application (parent) : NULL,
                       "settings", settings,
                       "store", store,
                       NULL);
}

/* -------------------------------------------------------- shared bits -- */

void
_mimo_usage_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

GtkWidget *
_mimo_usage_row_new (GType type)
{
  /* Titles are chat titles and amounts ("< $0.0001"): text, never markup. */
  return g_object_new (type, "use-markup", FALSE, NULL);
}

GtkWidget *
_mimo_usage_value_row (const char *title,
                       const char *subtitle,
                       const char *value)
{
  GtkWidget *row = _mimo_usage_row_new (ADW_TYPE_ACTION_ROW);
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);

  return row;
}

char *
_mimo_usage_join_counts (gint64      a,
                         const char *a_words,
                         gint64      b,
                         const char *b_words,
                         gint64      c,
                         const char *c_words)
{
  const gint64        counts[] = { a, b, c };
  const char         *words[] = { a_words, b_words, c_words };
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    if (words[i] != NULL && counts[i] > 0)
      g_string_append_printf (text, "%s%" G_GINT64_FORMAT " %s", text->len > 0 ? ", " : "", counts[i], words[i]);

  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

char *
_mimo_usage_requests_text (gint64 count)
{
  g_autofree char *number = _mimo_usage_format_count (count);

  /* Translators: %s is a number, "1,234". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s request", "%s requests", (gulong) count), number);
}

char *
_mimo_usage_format_count (gint64 count)
{
  /* %' groups digits as the locale does ("12,345", "12 345"). */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

char *
_mimo_usage_chat_title (const char *title,
                        gboolean    deleted)
{
  const char *shown = title != NULL && title[0] != '\0' ? title : _ ("Untitled Chat");

  /* Translators: a chat in the spending views that has since been deleted. */
  return deleted ? g_strdup_printf (_ ("%s (deleted)"), shown) : g_strdup (shown);
}

/* ------------------------------------------------------------ reloads -- */

static void
reload_all (MimoUsageInspector *self)
{
  _mimo_usage_inspector_reload_chat (self);
  _mimo_usage_inspector_reload_time (self);
  _mimo_usage_inspector_reload_budgets (self);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  MimoUsageInspector *self = user_data;

  self->reload_source = 0;
  reload_all (self);
  return G_SOURCE_REMOVE;
}

/* A burst of recorded requests (or a cleared record) is read once; a
 * hidden window reads nothing until it is shown again. */
static void
ledger_changed_cb (MimoUsageInspector *self)
{
  if (self->reload_source != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->reload_source = g_idle_add_full (G_PRIORITY_LOW, reload_idle_cb, self, NULL);
}

static void
budgets_changed_cb (MimoUsageInspector *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    _mimo_usage_inspector_reload_budgets (self);
}

static void
mimo_usage_inspector_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (mimo_usage_inspector_parent_class)->map (widget);
  reload_all (MIMO_USAGE_INSPECTOR (widget));
}

void
mimo_usage_inspector_set_conversation_id (MimoUsageInspector *self,
                                          gint64              conversation_id)
{
  g_return_if_fail (MIMO_IS_USAGE_INSPECTOR (self));

  if (self->conversation_id == conversation_id)
    return;
  self->conversation_id = conversation_id;
  self->requests_shown = 0;
  self->live_cost = -1;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    _mimo_usage_inspector_reload_chat (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION_ID]);
}

gint64
mimo_usage_inspector_get_conversation_id (MimoUsageInspector *self)
{
  g_return_val_if_fail (MIMO_IS_USAGE_INSPECTOR (self), 0);

  return self->conversation_id;
}

void
mimo_usage_inspector_show_page (MimoUsageInspector *self,
                                const char         *name)
{
  g_return_if_fail (MIMO_IS_USAGE_INSPECTOR (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

void
mimo_usage_inspector_set_live_cost (MimoUsageInspector *self,
                                    gint64              nanos)
{
  g_return_if_fail (MIMO_IS_USAGE_INSPECTOR (self));

  if (self->live_cost == nanos)
    return;
  self->live_cost = nanos;
  _mimo_usage_inspector_update_live (self);
}

/* ----------------------------------------------------- Over Time page -- */

static void
period_toggled_cb (MimoUsageInspector *self,
                   GtkToggleButton    *button)
{
  MimoLedgerPeriod period;

  if (!gtk_toggle_button_get_active (button))
    return;
  if (button == self->weeks_button)
    period = MIMO_LEDGER_PERIOD_WEEK;
  else if (button == self->months_button)
    period = MIMO_LEDGER_PERIOD_MONTH;
  else
    period = MIMO_LEDGER_PERIOD_DAY;

  if (period == self->period)
    return;
  self->period = period;
  self->offset = 0;
  _mimo_usage_inspector_reload_time (self);
}

static void
earlier_clicked_cb (MimoUsageInspector *self)
{
  self->offset--;
  _mimo_usage_inspector_reload_time (self);
}

static void
later_clicked_cb (MimoUsageInspector *self)
{
  if (self->offset < 0)
    self->offset++;
  _mimo_usage_inspector_reload_time (self);
}

static void
chart_hovered_cb (MimoUsageInspector *self)
{
  _mimo_usage_inspector_update_readout (self);
}

static void
top_row_activated_cb (MimoUsageInspector *self,
                      GtkListBoxRow      *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "mimo-conversation-id");

  if (id == NULL)
    return;
  mimo_usage_inspector_set_conversation_id (self, *id);
  mimo_usage_inspector_show_page (self, "chat");
}

static void
chat_more_clicked_cb (MimoUsageInspector *self)
{
  /* Grows by a page; the reload keeps the rows already shown. */
  self->requests_shown = MAX (self->requests_shown, 25) + 25;
  _mimo_usage_inspector_reload_chat (self);
}

/* --------------------------------------------------------------- export -- */

gboolean
mimo_usage_inspector_export_to_file (MimoUsageInspector *self,
                                     GFile              *file,
                                     GError            **error)
{
  g_autoptr (GFileOutputStream) stream = NULL;

  g_return_val_if_fail (MIMO_IS_USAGE_INSPECTOR (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (stream == NULL)
    return FALSE;
  if (!mimo_ledger_export_csv (self->ledger, G_OUTPUT_STREAM (stream), NULL, error))
    {
      /* Nothing half-written is left behind under the chosen name. */
      g_autoptr (GCancellable) abandon = g_cancellable_new ();

      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (stream), abandon, NULL);
      return FALSE;
    }
  return g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, error);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr (MimoUsageInspector) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile)  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr (GError) error = NULL;
      g_autofree char   *name = g_file_get_basename (file);
      g_autofree char   *title = NULL;

      if (mimo_usage_inspector_export_to_file (self, file, &error))
        /* Translators: %s is the file's name. */
        title = g_strdup_printf (_ ("Spending record exported to “%s”"), name);
      else
        /* Translators: %s is why, e.g. "No space left on device". */
        title = g_strdup_printf (_ ("Could not export the spending record: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MimoUsageInspector       *self = MIMO_USAGE_INSPECTOR (widget);
  GtkFileChooserNative     *dialog;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr (GDateTime)     now = g_date_time_new_now_local ();
  g_autofree char          *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char          *name = NULL;

  dialog = gtk_file_chooser_native_new (_ ("Export the Spending Record"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* Translators: the suggested file name; %s is today's date (2026-12-07). */
  name = g_strdup_printf (_ ("Mimo Chat spending %s.csv"), date);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_file_filter_set_name (filter, _ ("Spreadsheet (CSV)"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  g_signal_connect (dialog, "response", G_CALLBACK (export_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ------------------------------------------------------------- object -- */

static void
mimo_usage_inspector_constructed (GObject *object)
{
  MimoUsageInspector *self = MIMO_USAGE_INSPECTOR (object);

  G_OBJECT_CLASS (mimo_usage_inspector_parent_class)->constructed (object);

  g_assert (MIMO_IS_STORE (self->store));
  self->ledger = g_object_ref (mimo_store_get_ledger (self->store));
  g_signal_connect_object (self->ledger, "changed", G_CALLBACK (ledger_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (budgets_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
mimo_usage_inspector_dispose (GObject *object)
{
  MimoUsageInspector *self = MIMO_USAGE_INSPECTOR (object);

  g_clear_handle_id (&self->reload_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MIMO_TYPE_USAGE_INSPECTOR);
  g_clear_pointer (&self->buckets, g_ptr_array_unref);
  g_clear_object (&self->ledger);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mimo_usage_inspector_parent_class)->dispose (object);
}

static void
mimo_usage_inspector_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MimoUsageInspector *self = MIMO_USAGE_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CONVERSATION_ID:
      g_value_set_int64 (value, self->conversation_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_usage_inspector_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MimoUsageInspector *self = MIMO_USAGE_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CONVERSATION_ID:
      mimo_usage_inspector_set_conversation_id (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_usage_inspector_class_init (MimoUsageInspectorClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mimo_usage_inspector_constructed;
  object_class->dispose = mimo_usage_inspector_dispose;
  object_class->get_property = mimo_usage_inspector_get_property;
  object_class->set_property = mimo_usage_inspector_set_property;

  widget_class->map = mimo_usage_inspector_map;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, MIMO_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONVERSATION_ID] =
    g_param_spec_int64 ("conversation-id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MIMO_TYPE_SPEND_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/mimo-usage-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, chat_stack);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, chat_total_label);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, chat_caption_label);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, chat_live_label);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, chat_totals_list);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, chat_requests_list);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, chat_more_button);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, weeks_button);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, months_button);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, range_label);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, later_button);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, time_total_label);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, time_caption_label);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, chart);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, readout_label);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, breakdown_list);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, top_list);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, month_group);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, month_list);
  gtk_widget_class_bind_template_child (widget_class, MimoUsageInspector, chats_budget_list);
  gtk_widget_class_bind_template_callback (widget_class, period_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, earlier_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, later_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, chart_hovered_cb);
  gtk_widget_class_bind_template_callback (widget_class, top_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, chat_more_clicked_cb);

  gtk_widget_class_install_action (widget_class, "inspector.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mimo_usage_inspector_init (MimoUsageInspector *self)
{
  self->live_cost = -1;
  self->period = MIMO_LEDGER_PERIOD_DAY;
  gtk_widget_init_template (GTK_WIDGET (self));
}
