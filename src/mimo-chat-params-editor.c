/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-chat-params-editor.c: one chat's parameters, each marked and resettable where it differs from the defaults. */

#define G_LOG_DOMAIN "mimo-chat-params-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mimo-chat-params-editor.h"

typedef enum
{
  GROUP_THINKING,
  GROUP_WEB,
  GROUP_STYLE,
} RowGroup;

/* The rows in the order people read them; ranges come from the card's
 * table (mimo_chat_params_get_info()), never from here. */
typedef struct
{
  const char *param;
  const char *title;
  const char *explanation;
  RowGroup    group;
  double      step;
  guint       digits;
} RowSpec;

static const RowSpec row_specs[] = {
  { "enable_thinking", N_ ("_Think Before Answering"), N_ ("Slower, but better at hard questions"), GROUP_THINKING, 0, 0 },
  { "tool_web_search", N_ ("_Search the Web"), N_ ("Let the model look things up; each search costs $0.015"), GROUP_WEB, 0, 0 },
  { "web_search_force", N_ ("_Always Search First"), N_ ("Search before every answer, even simple ones"), GROUP_WEB, 0, 0 },
  { "web_search_max_keyword", N_ ("Search _Terms"), N_ ("The most keywords used across the searches for one answer"), GROUP_WEB, 1, 0 },
  { "web_search_limit", N_ ("Searches _per Answer"), N_ ("The most searches the model may run for one answer"), GROUP_WEB, 1, 0 },
  { "disable_formatting", N_ ("P_lain Citations"), N_ ("Keep sources as plain [1] marks, without a list of references"), GROUP_WEB, 0, 0 },
  { "temperature", N_ ("_Creativity"), N_ ("Temperature: low is focused and repeatable, high is more varied"), GROUP_STYLE, 0.1, 1 },
  { "top_p", N_ ("_Word Choice"), N_ ("Top P: lower keeps to the most likely words"), GROUP_STYLE, 0.05, 2 },
  { "max_tokens", N_ ("_Longest Answer"), N_ ("In tokens; a token is about three quarters of a word"), GROUP_STYLE, 256, 0 },
  { "stop", N_ ("Stop Sequences"), N_ ("Stop writing at any of these words or phrases (up to four)"), GROUP_STYLE, 0, 0 },
};

#define N_ROWS G_N_ELEMENTS (row_specs)

typedef struct
{
  const RowSpec       *spec;
  const MimoParamInfo *info;
  GtkWidget           *row;
  GtkWidget           *control; /* GtkSwitch, GtkSpinButton, or NULL for stop */
  GtkWidget           *reset_button;
} ParamRow;

struct _MimoChatParamsEditor
{
  GtkWidget parent_instance;

  MimoChatParams *defaults;
  MimoChatParams *params;
  guint           n_changed;
  gboolean        updating;
  /* The rows are made when the editor is first shown: a chat view makes
   * one at start, and its ~40 widgets were a tenth of the cold start. */
  gboolean built;

  ParamRow   rows[N_ROWS];
  GtkWidget *stop_entries[MIMO_CHAT_PARAMS_MAX_STOP];

  GtkLabel            *summary_label;
  AdwPreferencesGroup *thinking_group;
  AdwPreferencesGroup *web_group;
  AdwPreferencesGroup *style_group;
};

G_DEFINE_FINAL_TYPE (MimoChatParamsEditor, mimo_chat_params_editor, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_DEFAULTS,
  PROP_OVERRIDES,
  PROP_PARAMS,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

#define BOOL_AT(p, info)   G_STRUCT_MEMBER (gboolean, (p), (info)->offset)
#define INT_AT(p, info)    G_STRUCT_MEMBER (int, (p), (info)->offset)
#define DOUBLE_AT(p, info) G_STRUCT_MEMBER (double, (p), (info)->offset)

GtkWidget *
mimo_chat_params_editor_new (const MimoChatParams *defaults,
                             const char           *overrides_json)
{
  g_return_val_if_fail (defaults != NULL, NULL);

  return g_object_new (MIMO_TYPE_CHAT_PARAMS_EDITOR,
                       "defaults", defaults,
                       "overrides", overrides_json,
                       NULL);
}

static ParamRow *
find_row (MimoChatParamsEditor *self,
          const char           *param_name)
{
  for (guint i = 0; i < N_ROWS; i++)
    {
      if (g_str_equal (self->rows[i].spec->param, param_name))
        return &self->rows[i];
    }

  return NULL;
}

/* ------------------------------------------------------------ showing -- */

static char *
format_value (const ParamRow       *row,
              const MimoChatParams *params)
{
  switch (row->info->type)
    {
    case MIMO_PARAM_BOOLEAN:
      return g_strdup (BOOL_AT (params, row->info) ? _ ("on") : _ ("off"));

    case MIMO_PARAM_INT:
      return g_strdup_printf ("%d", INT_AT (params, row->info));

    case MIMO_PARAM_DOUBLE:
      return g_strdup_printf ("%.*f", (int) row->spec->digits, DOUBLE_AT (params, row->info));

    case MIMO_PARAM_STRV:
      {
        guint n = params->stop != NULL ? g_strv_length (params->stop) : 0;

        if (n == 0)
          return g_strdup (_ ("none"));
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sequence", "%u sequences", n), n);
      }

    default:
      g_assert_not_reached ();
    }
}

static void
update_indicators (MimoChatParamsEditor *self)
{
  g_autoptr (JsonObject) diff = mimo_chat_params_to_json_object (self->params, self->defaults);
  g_autofree char       *summary = NULL;

  self->n_changed = 0;
  for (guint i = 0; i < N_ROWS; i++)
    {
      ParamRow        *row = &self->rows[i];
      gboolean         differs = json_object_has_member (diff, row->info->name);
      g_autofree char *subtitle = NULL;

      if (!self->built)
        {
          self->n_changed += differs;
          continue;
        }
      if (differs)
        {
          g_autofree char *value = format_value (row, self->defaults);

          /* Translators: %s is the value new chats use, such as "0.7" or "off". */
          subtitle = g_strdup_printf (_ ("Changed for this chat; your default is %s"), value);
          self->n_changed++;
        }

      if (ADW_IS_EXPANDER_ROW (row->row))
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row->row), subtitle != NULL ? subtitle : "");
      else
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), subtitle != NULL ? subtitle : "");
      gtk_widget_set_visible (row->reset_button, differs);
    }

  if (self->n_changed == 0)
    summary = g_strdup (_ ("Uses your defaults for new chats"));
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u setting differs from your defaults",
                                            "%u settings differ from your defaults",
                                            self->n_changed),
                               self->n_changed);
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "params.reset-all", self->n_changed > 0);
}

/* Puts self->params into the controls without reacting to it. */
static void
sync_controls (MimoChatParamsEditor *self)
{
  guint n_stop = self->params->stop != NULL ? g_strv_length (self->params->stop) : 0;

  self->updating = TRUE;
  for (guint i = 0; i < N_ROWS && self->built; i++)
    {
      ParamRow *row = &self->rows[i];

      switch (row->info->type)
        {
        case MIMO_PARAM_BOOLEAN:
          gtk_switch_set_active (GTK_SWITCH (row->control), BOOL_AT (self->params, row->info));
          break;

        case MIMO_PARAM_INT:
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (row->control), INT_AT (self->params, row->info));
          break;

        case MIMO_PARAM_DOUBLE:
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (row->control), DOUBLE_AT (self->params, row->info));
          break;

        case MIMO_PARAM_STRV:
          for (guint j = 0; j < G_N_ELEMENTS (self->stop_entries); j++)
            gtk_editable_set_text (GTK_EDITABLE (self->stop_entries[j]),
                                   j < n_stop ? self->params->stop[j] : "");
          break;

        default:
          g_assert_not_reached ();
        }
    }
  self->updating = FALSE;

  update_indicators (self);
}

static void
emit_changed (MimoChatParamsEditor *self)
{
  g_autofree char *json = mimo_chat_params_editor_dup_overrides (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERRIDES]);
  g_signal_emit (self, signals[CHANGED], 0, json);
}

/* ------------------------------------------------------------ editing -- */

static void
control_changed_cb (MimoChatParamsEditor *self)
{
  g_autoptr (MimoChatParams) edited = NULL;
  g_autoptr (GError)         error = NULL;

  if (self->updating)
    return;

  edited = mimo_chat_params_copy (self->params);
  for (guint i = 0; i < N_ROWS; i++)
    {
      ParamRow *row = &self->rows[i];

      switch (row->info->type)
        {
        case MIMO_PARAM_BOOLEAN:
          BOOL_AT (edited, row->info) = gtk_switch_get_active (GTK_SWITCH (row->control));
          break;

        case MIMO_PARAM_INT:
          INT_AT (edited, row->info) = gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (row->control));
          break;

        case MIMO_PARAM_DOUBLE:
          {
            /* What the button shows, not 0.7999999999999999 from adding steps. */
            double scale = pow (10, row->spec->digits);

            DOUBLE_AT (edited, row->info) = round (gtk_spin_button_get_value (GTK_SPIN_BUTTON (row->control)) * scale) / scale;
            break;
          }

        case MIMO_PARAM_STRV:
          {
            g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
            g_auto (GStrv)           stop = NULL;

            for (guint j = 0; j < G_N_ELEMENTS (self->stop_entries); j++)
              {
                const char *text = gtk_editable_get_text (GTK_EDITABLE (self->stop_entries[j]));

                if (text[0] != '\0')
                  g_strv_builder_add (builder, text);
              }
            stop = g_strv_builder_end (builder);
            mimo_chat_params_set_stop (edited, (const char *const *) stop);
            break;
          }

        default:
          g_assert_not_reached ();
        }
    }

  /* The controls' ranges are the card's, so this holds; keep the last
   * good parameters if it ever does not. */
  if (!mimo_chat_params_validate (edited, &error))
    {
      g_warning ("Ignoring an edit: %s", error->message);
      return;
    }
  if (mimo_chat_params_equal (edited, self->params))
    return;

  mimo_chat_params_free (self->params);
  self->params = g_steal_pointer (&edited);
  update_indicators (self);
  emit_changed (self);
}

static void
reset_clicked_cb (GtkButton            *button,
                  MimoChatParamsEditor *self)
{
  const ParamRow *row = g_object_get_data (G_OBJECT (button), "mimo-param-row");

  mimo_chat_params_editor_reset (self, row->info->name);
}

static void
reset_all_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  mimo_chat_params_editor_reset_all (MIMO_CHAT_PARAMS_EDITOR (widget));
}

/* -------------------------------------------------------------- build -- */

static GtkWidget *
new_reset_button (MimoChatParamsEditor *self,
                  ParamRow             *row)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-undo-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _ ("Use Your Default"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Use Your Default"), -1);
  gtk_widget_set_visible (button, FALSE);
  g_object_set_data (G_OBJECT (button), "mimo-param-row", row);
  g_signal_connect_object (button, "clicked", G_CALLBACK (reset_clicked_cb), self, 0);

  return button;
}

static void
build_stop_row (MimoChatParamsEditor *self,
                ParamRow             *row)
{
  static const char *titles[] = { N_ ("First"), N_ ("Second"), N_ ("Third"), N_ ("Fourth") };
  AdwExpanderRow    *expander = ADW_EXPANDER_ROW (adw_expander_row_new ());

  G_STATIC_ASSERT (G_N_ELEMENTS (titles) == MIMO_CHAT_PARAMS_MAX_STOP);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _ (row->spec->title));
  for (guint j = 0; j < G_N_ELEMENTS (self->stop_entries); j++)
    {
      self->stop_entries[j] = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->stop_entries[j]), _ (titles[j]));
      g_signal_connect_object (self->stop_entries[j], "changed",
                               G_CALLBACK (control_changed_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_add_row (expander, self->stop_entries[j]);
    }

  row->row = GTK_WIDGET (expander);
  row->reset_button = new_reset_button (self, row);
  adw_expander_row_add_action (expander, row->reset_button);
}

static void
build_row (MimoChatParamsEditor *self,
           ParamRow             *row)
{
  AdwActionRow *action_row = ADW_ACTION_ROW (adw_action_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), _ (row->spec->title));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (action_row), TRUE);
  adw_action_row_set_subtitle_lines (action_row, 0);

  if (row->info->type == MIMO_PARAM_BOOLEAN)
    {
      row->control = gtk_switch_new ();
      g_signal_connect_object (row->control, "notify::active",
                               G_CALLBACK (control_changed_cb), self, G_CONNECT_SWAPPED);
    }
  else
    {
      row->control = gtk_spin_button_new_with_range (row->info->min, row->info->max, row->spec->step);
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (row->control), row->spec->digits);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (row->control), TRUE);
      g_signal_connect_object (row->control, "value-changed",
                               G_CALLBACK (control_changed_cb), self, G_CONNECT_SWAPPED);
    }
  gtk_widget_set_valign (row->control, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->control),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _ (row->spec->title),
                                  -1);

  row->reset_button = new_reset_button (self, row);
  adw_action_row_add_suffix (action_row, row->reset_button);
  adw_action_row_add_suffix (action_row, row->control);
  adw_action_row_set_activatable_widget (action_row, row->control);

  row->row = GTK_WIDGET (action_row);
}

static void
build_rows (MimoChatParamsEditor *self)
{
  AdwPreferencesGroup *groups[] = {
    [GROUP_THINKING] = self->thinking_group,
    [GROUP_WEB] = self->web_group,
    [GROUP_STYLE] = self->style_group,
  };

  for (guint i = 0; i < N_ROWS; i++)
    {
      ParamRow *row = &self->rows[i];

      if (row->info->type == MIMO_PARAM_STRV)
        build_stop_row (self, row);
      else
        build_row (self, row);

      /* The plain-words explanation, without taking a line of the popover. */
      gtk_widget_set_tooltip_text (row->row, _ (row->spec->explanation));
      adw_preferences_group_add (groups[row->spec->group], row->row);
    }

  /* Search limits mean nothing while search is off. */
  for (guint i = 0; i < N_ROWS; i++)
    {
      if (self->rows[i].spec->group == GROUP_WEB && !g_str_equal (self->rows[i].spec->param, "tool_web_search"))
        g_object_bind_property (find_row (self, "tool_web_search")->control, "active",
                                self->rows[i].row, "sensitive", G_BINDING_SYNC_CREATE);
    }
}

static void
ensure_rows (MimoChatParamsEditor *self)
{
  if (self->built)
    return;
  build_rows (self);
  self->built = TRUE;
  sync_controls (self);
}

/* ------------------------------------------------------------- public -- */

const MimoChatParams *
mimo_chat_params_editor_get_defaults (MimoChatParamsEditor *self)
{
  g_return_val_if_fail (MIMO_IS_CHAT_PARAMS_EDITOR (self), NULL);

  return self->defaults;
}

void
mimo_chat_params_editor_set_defaults (MimoChatParamsEditor *self,
                                      const MimoChatParams *defaults)
{
  g_autofree char           *overrides = NULL;
  g_autoptr (MimoChatParams) params = NULL;

  g_return_if_fail (MIMO_IS_CHAT_PARAMS_EDITOR (self));
  g_return_if_fail (defaults != NULL);

  if (self->defaults != NULL && mimo_chat_params_equal (self->defaults, defaults))
    return;

  /* The chat keeps its own changes on top of the new defaults: the same
   * thing a reload from storage would give. */
  overrides = mimo_chat_params_editor_dup_overrides (self);
  params = mimo_chat_params_copy (defaults);
  if (overrides != NULL && !mimo_chat_params_merge_json_string (params, overrides, NULL))
    g_assert_not_reached (); /* They were valid parameters a moment ago. */

  g_clear_pointer (&self->defaults, mimo_chat_params_free);
  self->defaults = mimo_chat_params_copy (defaults);
  g_clear_pointer (&self->params, mimo_chat_params_free);
  self->params = g_steal_pointer (&params);
  sync_controls (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULTS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERRIDES]);
}

gboolean
mimo_chat_params_editor_set_overrides (MimoChatParamsEditor *self,
                                       const char           *overrides_json,
                                       GError              **error)
{
  g_autoptr (MimoChatParams) params = NULL;

  g_return_val_if_fail (MIMO_IS_CHAT_PARAMS_EDITOR (self), FALSE);
  g_return_val_if_fail (self->defaults != NULL, FALSE);

  params = mimo_chat_params_copy (self->defaults);
  if (!mimo_chat_params_merge_json_string (params, overrides_json, error))
    return FALSE;

  g_clear_pointer (&self->params, mimo_chat_params_free);
  self->params = g_steal_pointer (&params);
  sync_controls (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERRIDES]);

  return TRUE;
}

char *
mimo_chat_params_editor_dup_overrides (MimoChatParamsEditor *self)
{
  g_return_val_if_fail (MIMO_IS_CHAT_PARAMS_EDITOR (self), NULL);

  if (self->params == NULL || self->defaults == NULL)
    return NULL;

  return mimo_chat_params_to_json_string (self->params, self->defaults);
}

const MimoChatParams *
mimo_chat_params_editor_get_params (MimoChatParamsEditor *self)
{
  g_return_val_if_fail (MIMO_IS_CHAT_PARAMS_EDITOR (self), NULL);

  return self->params;
}

guint
mimo_chat_params_editor_get_n_changed (MimoChatParamsEditor *self)
{
  g_return_val_if_fail (MIMO_IS_CHAT_PARAMS_EDITOR (self), 0);

  return self->n_changed;
}

void
mimo_chat_params_editor_reset (MimoChatParamsEditor *self,
                               const char           *param_name)
{
  g_autoptr (JsonObject)     diff = NULL;
  g_autoptr (JsonObject)     without = NULL;
  g_autoptr (MimoChatParams) params = NULL;

  g_return_if_fail (MIMO_IS_CHAT_PARAMS_EDITOR (self));
  g_return_if_fail (mimo_chat_params_lookup (param_name) != NULL);

  diff = mimo_chat_params_to_json_object (self->params, self->defaults);
  if (!json_object_has_member (diff, param_name))
    return;

  /* The overrides without this one, applied to the defaults. */
  json_object_remove_member (diff, param_name);
  params = mimo_chat_params_copy (self->defaults);
  if (!mimo_chat_params_merge_json_object (params, diff, NULL))
    g_assert_not_reached ();

  mimo_chat_params_free (self->params);
  self->params = g_steal_pointer (&params);
  sync_controls (self);
  emit_changed (self);
}

void
mimo_chat_params_editor_reset_all (MimoChatParamsEditor *self)
{
  g_return_if_fail (MIMO_IS_CHAT_PARAMS_EDITOR (self));

  if (mimo_chat_params_equal (self->params, self->defaults))
    return;

  mimo_chat_params_free (self->params);
  self->params = mimo_chat_params_copy (self->defaults);
  sync_controls (self);
  emit_changed (self);
}

/* ------------------------------------------------------------ GObject -- */

static void
mimo_chat_params_editor_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), MIMO_TYPE_CHAT_PARAMS_EDITOR);
  /* A plain GtkWidget parent: its one child (the template's box) goes too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mimo_chat_params_editor_parent_class)->dispose (object);
}

static void
mimo_chat_params_editor_finalize (GObject *object)
{
  MimoChatParamsEditor *self = MIMO_CHAT_PARAMS_EDITOR (object);

  g_clear_pointer (&self->defaults, mimo_chat_params_free);
  g_clear_pointer (&self->params, mimo_chat_params_free);

  G_OBJECT_CLASS (mimo_chat_params_editor_parent_class)->finalize (object);
}

static void
mimo_chat_params_editor_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  MimoChatParamsEditor *self = MIMO_CHAT_PARAMS_EDITOR (object);

  switch (prop_id)
    {
    case PROP_DEFAULTS:
      g_value_set_boxed (value, self->defaults);
      break;

    case PROP_OVERRIDES:
      g_value_take_string (value, mimo_chat_params_editor_dup_overrides (self));
      break;

    case PROP_PARAMS:
      g_value_set_boxed (value, self->params);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_chat_params_editor_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  MimoChatParamsEditor *self = MIMO_CHAT_PARAMS_EDITOR (object);
  g_autoptr (GError)    error = NULL;

  switch (prop_id)
    {
    case PROP_DEFAULTS:
      if (g_value_get_boxed (value) != NULL)
        mimo_chat_params_editor_set_defaults (self, g_value_get_boxed (value));
      break;

    case PROP_OVERRIDES:
      if (!mimo_chat_params_editor_set_overrides (self, g_value_get_string (value), &error))
        g_warning ("Ignoring this chat's saved settings: %s", error->message);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_chat_params_editor_class_init (MimoChatParamsEditorClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mimo_chat_params_editor_dispose;
  object_class->finalize = mimo_chat_params_editor_finalize;
  object_class->get_property = mimo_chat_params_editor_get_property;
  object_class->set_property = mimo_chat_params_editor_set_property;

  /* "defaults" first: "overrides" is applied on top of it. */
  properties[PROP_DEFAULTS] =
    g_param_spec_boxed ("defaults", NULL, NULL,
                        MIMO_TYPE_CHAT_PARAMS,
                        (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_OVERRIDES] =
    g_param_spec_string ("overrides", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_PARAMS] =
    g_param_spec_boxed ("params", NULL, NULL,
                        MIMO_TYPE_CHAT_PARAMS,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MimoChatParamsEditor::changed:
   * @overrides_json: what to store with the chat
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "params.reset-all", NULL, reset_all_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/mimo-chat-params-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MimoChatParamsEditor, summary_label);
  gtk_widget_class_bind_template_child (widget_class, MimoChatParamsEditor, thinking_group);
  gtk_widget_class_bind_template_child (widget_class, MimoChatParamsEditor, web_group);
  gtk_widget_class_bind_template_child (widget_class, MimoChatParamsEditor, style_group);
}

static void
mimo_chat_params_editor_init (MimoChatParamsEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < N_ROWS; i++)
    {
      self->rows[i].spec = &row_specs[i];
      self->rows[i].info = mimo_chat_params_lookup (row_specs[i].param);
      g_assert (self->rows[i].info != NULL);
    }
  /* Made before the first layout that shows them. */
  g_signal_connect (self, "map", G_CALLBACK (ensure_rows), NULL);

  /* Usable before "defaults" is set: the card's own defaults. */
  self->defaults = mimo_chat_params_new ();
  self->params = mimo_chat_params_new ();
  sync_controls (self);
}
