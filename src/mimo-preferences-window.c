/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-preferences-window.c: the Preferences window; answer defaults, spending, privacy and appearance. */

#define G_LOG_DOMAIN "mimo-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mimo-preferences-window-private.h"
#include "mimo-pricing.h"
#include "mimo-settings.h"

G_DEFINE_FINAL_TYPE (MimoPreferencesWindow, mimo_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_KEY_STORE,
  PROP_CLIENT,
  PROP_HISTORY_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MimoPreferencesWindow *
mimo_preferences_window_new (GtkApplication *application,
                             GSettings      *settings,
                             MimoKeyStore   *key_store,
                             MimoClient     *client,
                             const char     *history_path)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (MIMO_IS_KEY_STORE (key_store), NULL);
  g_return_val_if_fail (MIMO_IS_CLIENT (client), NULL);

  return g_object_new (MIMO_TYPE_PREFERENCES_WINDOW,
                       "application", application,
                       "settings", settings,
                       "key-store", key_store,
                       "client", client,
                       "history-path", history_path,
                       NULL);
}

/* ------------------------------------------------------------- Answers -- */

static void
load_stop_entries (MimoPreferencesWindow *self)
{
  g_auto (GStrv) stop = mimo_settings_dup_stop (self->settings);
  guint          n = g_strv_length (stop);

  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (self->stop_entries); i++)
    gtk_editable_set_text (GTK_EDITABLE (self->stop_entries[i]), i < n ? stop[i] : "");
  self->updating = FALSE;

  adw_expander_row_set_subtitle (self->stop_expander,
                                 n == 0 ? _ ("Stop writing at any of these words or phrases (up to four)")
                                        : g_dngettext (GETTEXT_PACKAGE,
                                                       "One stop sequence set; the model stops writing when it meets it",
                                                       "Several stop sequences set; the model stops writing at the first it meets",
                                                       n));
}

static void
stop_entry_changed_cb (MimoPreferencesWindow *self)
{
  g_autoptr (GStrvBuilder) builder = NULL;
  g_auto (GStrv)           stop = NULL;
  g_autoptr (GError)       error = NULL;

  if (self->updating)
    return;

  /* Four entries, so never more than four sequences; empty ones are gaps. */
  builder = g_strv_builder_new ();
  for (guint i = 0; i < G_N_ELEMENTS (self->stop_entries); i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->stop_entries[i]));

      if (text[0] != '\0')
        g_strv_builder_add (builder, text);
    }
  stop = g_strv_builder_end (builder);

  self->updating = TRUE;
  if (!mimo_settings_set_stop (self->settings, (const char *const *) stop, &error))
    g_warning ("Could not save the stop sequences: %s", error->message);
  self->updating = FALSE;
}

static void
settings_stop_changed_cb (MimoPreferencesWindow *self)
{
  if (!self->updating)
    load_stop_entries (self);
}

static void
reset_answers_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MimoPreferencesWindow *self = MIMO_PREFERENCES_WINDOW (widget);

  mimo_settings_reset_chat_params (self->settings);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_ ("Answer settings restored")));
}

/* Stores what the spin button shows (its digits), not the float noise
 * of adding steps: 0.8 rather than 0.7999999999999999. */
static GVariant *
rounded_double_set_mapping (const GValue       *value,
                            const GVariantType *expected_type,
                            gpointer            user_data)
{
  double scale = pow (10, GPOINTER_TO_UINT (user_data));

  return g_variant_new_double (round (g_value_get_double (value) * scale) / scale);
}

static gboolean
double_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_double (variant));
  return TRUE;
}

static void
setup_answers (MimoPreferencesWindow *self)
{
  g_settings_bind (self->settings, MIMO_SETTINGS_ENABLE_THINKING,
                   self->thinking_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, MIMO_SETTINGS_WEB_SEARCH,
                   self->web_search_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, MIMO_SETTINGS_WEB_SEARCH_FORCE,
                   self->web_search_force_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, MIMO_SETTINGS_WEB_SEARCH_MAX_KEYWORD,
                   gtk_spin_button_get_adjustment (self->web_search_keywords_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, MIMO_SETTINGS_WEB_SEARCH_LIMIT,
                   gtk_spin_button_get_adjustment (self->web_search_limit_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, MIMO_SETTINGS_DISABLE_FORMATTING,
                   self->raw_citations_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, MIMO_SETTINGS_TEMPERATURE,
                                gtk_spin_button_get_adjustment (self->temperature_spin), "value",
                                G_SETTINGS_BIND_DEFAULT, double_get_mapping, rounded_double_set_mapping,
                                GUINT_TO_POINTER (gtk_spin_button_get_digits (self->temperature_spin)), NULL);
  g_settings_bind_with_mapping (self->settings, MIMO_SETTINGS_TOP_P,
                                gtk_spin_button_get_adjustment (self->top_p_spin), "value",
                                G_SETTINGS_BIND_DEFAULT, double_get_mapping, rounded_double_set_mapping,
                                GUINT_TO_POINTER (gtk_spin_button_get_digits (self->top_p_spin)), NULL);
  g_settings_bind (self->settings, MIMO_SETTINGS_MAX_TOKENS,
                   gtk_spin_button_get_adjustment (self->max_tokens_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, MIMO_SETTINGS_SYSTEM_PROMPT,
                   gtk_text_view_get_buffer (self->system_prompt_view), "text",
                   G_SETTINGS_BIND_DEFAULT);

  /* The search limits mean nothing while search is off. */
  g_object_bind_property (self->web_search_switch, "active",
                          self->web_search_force_row, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->web_search_switch, "active",
                          self->web_search_keywords_row, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->web_search_switch, "active",
                          self->web_search_limit_row, "sensitive", G_BINDING_SYNC_CREATE);

  /* A string array has no widget to bind to: four entries, kept in step. */
  load_stop_entries (self);
  for (guint i = 0; i < G_N_ELEMENTS (self->stop_entries); i++)
    g_signal_connect_object (self->stop_entries[i], "changed",
                             G_CALLBACK (stop_entry_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::" MIMO_SETTINGS_STOP,
                           G_CALLBACK (settings_stop_changed_cb), self, G_CONNECT_SWAPPED);
}

/* ------------------------------------------------------------ Spending -- */

/* The spin buttons show dollars with cents; GSettings keeps nano-dollars. */
static gint64
dollars_to_nanos (double dollars)
{
  gint64 cents = (gint64) llround (dollars * 100.0);

  return cents * (MIMO_NANOS_PER_USD / 100);
}

static double
nanos_to_dollars (gint64 nanos)
{
  return (double) (nanos / (MIMO_NANOS_PER_USD / 100)) / 100.0;
}

typedef struct
{
  const char *key;
  gsize       row_offset;
  gsize       spin_offset;
} BudgetControl;

static const BudgetControl budget_controls[] = {
  { MIMO_SETTINGS_MONTHLY_BUDGET, G_STRUCT_OFFSET (MimoPreferencesWindow, monthly_budget_row),
    G_STRUCT_OFFSET (MimoPreferencesWindow, monthly_budget_spin) },
  { MIMO_SETTINGS_CHAT_BUDGET, G_STRUCT_OFFSET (MimoPreferencesWindow, chat_budget_row),
    G_STRUCT_OFFSET (MimoPreferencesWindow, chat_budget_spin) },
};

#define BUDGET_ROW(self, c)  G_STRUCT_MEMBER (AdwExpanderRow *, (self), (c)->row_offset)
#define BUDGET_SPIN(self, c) G_STRUCT_MEMBER (GtkSpinButton *, (self), (c)->spin_offset)

static void
load_budgets (MimoPreferencesWindow *self)
{
  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (budget_controls); i++)
    {
      const BudgetControl *c = &budget_controls[i];
      gint64               nanos = g_settings_get_int64 (self->settings, c->key);

      /* 0 is "off": the switch goes off and the amount keeps what was
       * last shown, ready for when it is turned on again. */
      adw_expander_row_set_enable_expansion (BUDGET_ROW (self, c), nanos > 0);
      if (nanos > 0)
        gtk_spin_button_set_value (BUDGET_SPIN (self, c), nanos_to_dollars (nanos));
    }
  self->updating = FALSE;
}

static void
save_budgets (MimoPreferencesWindow *self)
{
  if (self->updating)
    return;

  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (budget_controls); i++)
    {
      const BudgetControl *c = &budget_controls[i];
      gint64               nanos = 0;

      if (adw_expander_row_get_enable_expansion (BUDGET_ROW (self, c)))
        nanos = MAX (dollars_to_nanos (gtk_spin_button_get_value (BUDGET_SPIN (self, c))), 1);
      if (g_settings_get_int64 (self->settings, c->key) != nanos)
        g_settings_set_int64 (self->settings, c->key, nanos);
    }
  self->updating = FALSE;
}

static void
settings_budget_changed_cb (MimoPreferencesWindow *self)
{
  if (!self->updating)
    load_budgets (self);
}

static gboolean
budget_action_get_mapping (GValue   *value,
                           GVariant *variant,
                           gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  /* The combo's items are in the order of MimoBudgetAction. */
  g_value_set_uint (value, g_str_equal (nick, "refuse") ? MIMO_BUDGET_ACTION_REFUSE : MIMO_BUDGET_ACTION_ASK);
  return TRUE;
}

static GVariant *
budget_action_set_mapping (const GValue       *value,
                           const GVariantType *expected_type,
                           gpointer            user_data)
{
  return g_variant_new_string (g_value_get_uint (value) == MIMO_BUDGET_ACTION_REFUSE ? "refuse" : "ask");
}

static void
setup_spending (MimoPreferencesWindow *self)
{
  load_budgets (self);
  for (guint i = 0; i < G_N_ELEMENTS (budget_controls); i++)
    {
      const BudgetControl *c = &budget_controls[i];
      g_autofree char     *signal = g_strconcat ("changed::", c->key, NULL);

      g_signal_connect_object (BUDGET_ROW (self, c), "notify::enable-expansion",
                               G_CALLBACK (save_budgets), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (BUDGET_SPIN (self, c), "value-changed",
                               G_CALLBACK (save_budgets), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, signal,
                               G_CALLBACK (settings_budget_changed_cb), self, G_CONNECT_SWAPPED);
    }

  g_settings_bind (self->settings, MIMO_SETTINGS_BUDGET_WARN_PERCENT,
                   gtk_spin_button_get_adjustment (self->warn_percent_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, MIMO_SETTINGS_BUDGET_ACTION,
                                self->budget_action_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                budget_action_get_mapping, budget_action_set_mapping,
                                NULL, NULL);
}

/* ------------------------------------------------------------- Privacy -- */

static void
history_open_clicked_cb (MimoPreferencesWindow *self)
{
  g_autoptr (GFile) folder = g_file_new_for_path (self->history_path);
  g_autofree char  *uri = g_file_get_uri (folder);

  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
clear_dialog_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          gpointer          user_data)
{
  MimoPreferencesWindow *self = MIMO_PREFERENCES_WINDOW (user_data);
  GtkCheckButton        *also_ledger = GTK_CHECK_BUTTON (adw_message_dialog_get_extra_child (dialog));

  if (!g_str_equal (response, "clear"))
    return;

  /* The storage layer does the work; see mimo_preferences_window_new(). */
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "app.clear-history", "b",
                                   gtk_check_button_get_active (also_ledger)))
    g_warning ("The application has no clear-history action");
}

static void
clear_history_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MimoPreferencesWindow *self = MIMO_PREFERENCES_WINDOW (widget);
  AdwMessageDialog      *dialog;
  GtkWidget             *also_ledger;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _ ("Clear All History?"),
                                                       _ ("Every chat will be deleted from this computer. This cannot be undone.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _ ("_Cancel"),
                                    "clear", _ ("C_lear History"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "clear", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  /* Off by default: what was spent stays in the spending view and
   * budgets unless the user asks for it to go too. */
  also_ledger = gtk_check_button_new_with_mnemonic (_ ("Also clear the _spending record"));
  gtk_widget_set_halign (also_ledger, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (also_ledger, _ ("Otherwise what past chats cost is kept for the spending view and budgets"));
  adw_message_dialog_set_extra_child (dialog, also_ledger);

  g_signal_connect_object (dialog, "response", G_CALLBACK (clear_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_clear_history (MimoPreferencesWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  gboolean        can_clear;

  can_clear = app != NULL && g_action_group_has_action (G_ACTION_GROUP (app), "clear-history");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.clear-history", can_clear);
}

static void
setup_privacy (MimoPreferencesWindow *self)
{
  adw_action_row_set_subtitle (self->history_path_row, self->history_path);
  gtk_widget_set_sensitive (GTK_WIDGET (self->history_path_row), self->history_path != NULL);

  /* "application" is set after construction. */
  g_signal_connect (self, "notify::application", G_CALLBACK (update_clear_history), NULL);
  update_clear_history (self);
}

/* ---------------------------------------------------------- Appearance -- */

static void
setup_appearance (MimoPreferencesWindow *self)
{
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr (GAction)            color_scheme = g_settings_create_action (self->settings, MIMO_SETTINGS_COLOR_SCHEME);

  /* The radio buttons target "settings.color-scheme" with a nick each:
   * GSettings keeps the state, and the app applies it. */
  g_action_map_add_action (G_ACTION_MAP (group), color_scheme);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));
}

/* ------------------------------------------------------------- GObject -- */

static void
mimo_preferences_window_constructed (GObject *object)
{
  MimoPreferencesWindow *self = MIMO_PREFERENCES_WINDOW (object);

  G_OBJECT_CLASS (mimo_preferences_window_parent_class)->constructed (object);

  g_assert (G_IS_SETTINGS (self->settings));
  g_assert (MIMO_IS_KEY_STORE (self->key_store));
  g_assert (MIMO_IS_CLIENT (self->client));

  _mimo_preferences_account_setup (self);
  setup_answers (self);
  setup_spending (self);
  setup_privacy (self);
  setup_appearance (self);
}

static void
mimo_preferences_window_dispose (GObject *object)
{
  MimoPreferencesWindow *self = MIMO_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MIMO_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->key_store);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mimo_preferences_window_parent_class)->dispose (object);
}

static void
mimo_preferences_window_finalize (GObject *object)
{
  MimoPreferencesWindow *self = MIMO_PREFERENCES_WINDOW (object);

  g_free (self->history_path);

  G_OBJECT_CLASS (mimo_preferences_window_parent_class)->finalize (object);
}

static void
mimo_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  MimoPreferencesWindow *self = MIMO_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_KEY_STORE:
      g_value_set_object (value, self->key_store);
      break;

    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_HISTORY_PATH:
      g_value_set_string (value, self->history_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  MimoPreferencesWindow *self = MIMO_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_KEY_STORE:
      self->key_store = g_value_dup_object (value);
      break;

    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_HISTORY_PATH:
      self->history_path = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_preferences_window_class_init (MimoPreferencesWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mimo_preferences_window_constructed;
  object_class->dispose = mimo_preferences_window_dispose;
  object_class->finalize = mimo_preferences_window_finalize;
  object_class->get_property = mimo_preferences_window_get_property;
  object_class->set_property = mimo_preferences_window_set_property;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_KEY_STORE] =
    g_param_spec_object ("key-store", NULL, NULL,
                         MIMO_TYPE_KEY_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         MIMO_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_HISTORY_PATH] =
    g_param_spec_string ("history-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "prefs.reset-answers", NULL, reset_answers_action);
  gtk_widget_class_install_action (widget_class, "prefs.clear-history", NULL, clear_history_action);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/mimo-preferences-window.ui");

  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, thinking_switch);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, web_search_switch);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, web_search_force_row);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, web_search_force_switch);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, web_search_keywords_row);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, web_search_keywords_spin);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, web_search_limit_row);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, web_search_limit_spin);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, raw_citations_switch);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, temperature_spin);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, top_p_spin);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, max_tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, stop_expander);
  gtk_widget_class_bind_template_child_full (widget_class, "stop_entry_1", FALSE,
                                             G_STRUCT_OFFSET (MimoPreferencesWindow, stop_entries[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "stop_entry_2", FALSE,
                                             G_STRUCT_OFFSET (MimoPreferencesWindow, stop_entries[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "stop_entry_3", FALSE,
                                             G_STRUCT_OFFSET (MimoPreferencesWindow, stop_entries[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "stop_entry_4", FALSE,
                                             G_STRUCT_OFFSET (MimoPreferencesWindow, stop_entries[3]));
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, system_prompt_view);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, monthly_budget_row);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, monthly_budget_spin);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, chat_budget_row);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, chat_budget_spin);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, warn_percent_spin);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, budget_action_row);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, follow_check);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, light_check);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, dark_check);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, history_path_row);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, clear_history_button);
  gtk_widget_class_bind_template_callback (widget_class, history_open_clicked_cb);

  _mimo_preferences_account_class_init (widget_class);
}

static void
mimo_preferences_window_init (MimoPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
