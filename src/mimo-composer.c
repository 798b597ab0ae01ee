/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-composer.c: a growing message entry (Enter sends, Shift+Enter breaks the line) with toggles and Send/Stop. */

#define G_LOG_DOMAIN "mimo-composer"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mimo-composer.h"
#include "mimo-money.h"

/* The entry grows with its text up to about this many lines, then scrolls. */
#define MAX_VISIBLE_LINES 8

struct _MimoComposer
{
  GtkWidget parent_instance;

  GtkScrolledWindow *scroller;
  GtkTextView       *text_view;
  GtkLabel          *placeholder;
  GtkToggleButton   *thinking_button;
  GtkToggleButton   *web_search_button;
  GtkCheckButton    *search_first_button;
  GtkLabel          *estimate_label;
  GtkStack          *action_stack;

  gint64 estimate;
  guint  busy : 1;
};

G_DEFINE_FINAL_TYPE (MimoComposer, mimo_composer, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_BUSY,
  PROP_THINKING,
  PROP_WEB_SEARCH,
  PROP_SEARCH_FIRST,
  PROP_ESTIMATE,
  N_PROPS
};

enum
{
  SEND,
  STOP,
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

GtkWidget *
mimo_composer_new (void)
{
  return g_object_new (MIMO_TYPE_COMPOSER, NULL);
}

char *
mimo_composer_dup_text (MimoComposer *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter    start, end;

  g_return_val_if_fail (MIMO_IS_COMPOSER (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
mimo_composer_set_text (MimoComposer *self,
                        const char   *text)
{
  g_return_if_fail (MIMO_IS_COMPOSER (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text ? text : "", -1);
}

void
mimo_composer_focus (MimoComposer *self)
{
  g_return_if_fail (MIMO_IS_COMPOSER (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static gboolean
has_text (MimoComposer *self)
{
  g_autofree char *text = mimo_composer_dup_text (self);

  g_strstrip (text);
  return text[0] != '\0';
}

static void
update_actions (MimoComposer *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.send", !self->busy && has_text (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.stop", self->busy);
  gtk_stack_set_visible_child_name (self->action_stack, self->busy ? "stop" : "send");
}

gboolean
mimo_composer_get_busy (MimoComposer *self)
{
  g_return_val_if_fail (MIMO_IS_COMPOSER (self), FALSE);

  return self->busy;
}

void
mimo_composer_set_busy (MimoComposer *self,
                        gboolean      busy)
{
  g_return_if_fail (MIMO_IS_COMPOSER (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

gboolean
mimo_composer_get_thinking (MimoComposer *self)
{
  g_return_val_if_fail (MIMO_IS_COMPOSER (self), FALSE);

  return gtk_toggle_button_get_active (self->thinking_button);
}

void
mimo_composer_set_thinking (MimoComposer *self,
                            gboolean      thinking)
{
  g_return_if_fail (MIMO_IS_COMPOSER (self));

  gtk_toggle_button_set_active (self->thinking_button, thinking);
}

gboolean
mimo_composer_get_web_search (MimoComposer *self)
{
  g_return_val_if_fail (MIMO_IS_COMPOSER (self), FALSE);

  return gtk_toggle_button_get_active (self->web_search_button);
}

void
mimo_composer_set_web_search (MimoComposer *self,
                              gboolean      web_search)
{
  g_return_if_fail (MIMO_IS_COMPOSER (self));

  gtk_toggle_button_set_active (self->web_search_button, web_search);
}

gboolean
mimo_composer_get_search_first (MimoComposer *self)
{
  g_return_val_if_fail (MIMO_IS_COMPOSER (self), FALSE);

  return gtk_check_button_get_active (self->search_first_button);
}

void
mimo_composer_set_search_first (MimoComposer *self,
                                gboolean      search_first)
{
  g_return_if_fail (MIMO_IS_COMPOSER (self));

  gtk_check_button_set_active (self->search_first_button, search_first);
}

gint64
mimo_composer_get_estimate (MimoComposer *self)
{
  g_return_val_if_fail (MIMO_IS_COMPOSER (self), -1);

  return self->estimate;
}

void
mimo_composer_set_estimate (MimoComposer *self,
                            gint64        nanos)
{
  g_return_if_fail (MIMO_IS_COMPOSER (self));

  nanos = MAX (nanos, -1);
  if (self->estimate == nanos)
    return;

  self->estimate = nanos;
  if (nanos >= 0)
    {
      g_autofree char *money = mimo_money_format (nanos);
      /* Translators: a cost estimate before sending, e.g. "≈ $0.0012". */
      g_autofree char *text = g_strdup_printf (_ ("≈ %s"), money);

      gtk_label_set_label (self->estimate_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->estimate_label), nanos >= 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ESTIMATE]);
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MimoComposer    *self = MIMO_COMPOSER (widget);
  g_autofree char *text = NULL;

  if (self->busy || !has_text (self))
    return;

  text = mimo_composer_dup_text (self);
  g_signal_emit (self, signals[SEND], 0, g_strstrip (text));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MimoComposer *self = MIMO_COMPOSER (widget);

  if (self->busy)
    g_signal_emit (self, signals[STOP], 0);
}

/* Enter sends; Shift+Enter (and Ctrl+Enter) are not matched and reach the
 * text view: a new line. Always handled, so Enter in an empty or busy
 * composer does nothing rather than adding a line. */
static gboolean
enter_cb (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  gtk_widget_activate_action (GTK_WIDGET (user_data), "composer.send", NULL);
  return TRUE;
}

static void
buffer_changed_cb (GtkTextBuffer *buffer,
                   MimoComposer  *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), gtk_text_buffer_get_char_count (buffer) == 0);
  update_actions (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
toggle_notify_cb (MimoComposer *self,
                  GParamSpec   *pspec,
                  GObject      *button)
{
  if (button == G_OBJECT (self->thinking_button))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THINKING]);
  else if (button == G_OBJECT (self->web_search_button))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEB_SEARCH]);
  else
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_FIRST]);
}

/* Cap the entry at MAX_VISIBLE_LINES of the current font; recomputed when
 * the font changes (text scaling). */
static void
update_max_height (MimoComposer *self)
{
  PangoContext     *context = gtk_widget_get_pango_context (GTK_WIDGET (self->text_view));
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int               line = PANGO_PIXELS (pango_font_metrics_get_height (metrics));

  if (line <= 0)
    line = PANGO_PIXELS (pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics));
  pango_font_metrics_unref (metrics);

  gtk_scrolled_window_set_max_content_height (self->scroller,
                                              line * MAX_VISIBLE_LINES +
                                                gtk_text_view_get_top_margin (self->text_view) +
                                                gtk_text_view_get_bottom_margin (self->text_view));
}

static void
mimo_composer_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (mimo_composer_parent_class)->css_changed (widget, change);

  update_max_height (MIMO_COMPOSER (widget));
}

static gboolean
mimo_composer_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (MIMO_COMPOSER (widget)->text_view));
}

static void
mimo_composer_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), MIMO_TYPE_COMPOSER);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mimo_composer_parent_class)->dispose (object);
}

static void
mimo_composer_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MimoComposer *self = MIMO_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_THINKING:
      g_value_set_boolean (value, mimo_composer_get_thinking (self));
      break;
    case PROP_WEB_SEARCH:
      g_value_set_boolean (value, mimo_composer_get_web_search (self));
      break;
    case PROP_SEARCH_FIRST:
      g_value_set_boolean (value, mimo_composer_get_search_first (self));
      break;
    case PROP_ESTIMATE:
      g_value_set_int64 (value, self->estimate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_composer_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MimoComposer *self = MIMO_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      mimo_composer_set_busy (self, g_value_get_boolean (value));
      break;
    case PROP_THINKING:
      mimo_composer_set_thinking (self, g_value_get_boolean (value));
      break;
    case PROP_WEB_SEARCH:
      mimo_composer_set_web_search (self, g_value_get_boolean (value));
      break;
    case PROP_SEARCH_FIRST:
      mimo_composer_set_search_first (self, g_value_get_boolean (value));
      break;
    case PROP_ESTIMATE:
      mimo_composer_set_estimate (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_composer_class_init (MimoComposerClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mimo_composer_dispose;
  object_class->get_property = mimo_composer_get_property;
  object_class->set_property = mimo_composer_set_property;

  widget_class->css_changed = mimo_composer_css_changed;
  widget_class->grab_focus = mimo_composer_grab_focus;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_THINKING] =
    g_param_spec_boolean ("thinking", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_WEB_SEARCH] =
    g_param_spec_boolean ("web-search", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEARCH_FIRST] =
    g_param_spec_boolean ("search-first", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ESTIMATE] =
    g_param_spec_int64 ("estimate", NULL, NULL, -1, G_MAXINT64, -1,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MimoComposer::send:
   * @text: the message, without surrounding white space
   *
   * The user asked to send. The composer keeps the text: the owner clears
   * it once the message is safely stored.
   */
  signals[SEND] = g_signal_new ("send",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[STOP] = g_signal_new ("stop",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL,
                                G_TYPE_NONE, 0);

  /* The text changed (typed, pasted or set): for the cost estimate. */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "composer.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "composer.stop", NULL, stop_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "composer.stop", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/mimo-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, MimoComposer, scroller);
  gtk_widget_class_bind_template_child (widget_class, MimoComposer, text_view);
  gtk_widget_class_bind_template_child (widget_class, MimoComposer, placeholder);
  gtk_widget_class_bind_template_child (widget_class, MimoComposer, thinking_button);
  gtk_widget_class_bind_template_child (widget_class, MimoComposer, web_search_button);
  gtk_widget_class_bind_template_child (widget_class, MimoComposer, search_first_button);
  gtk_widget_class_bind_template_child (widget_class, MimoComposer, estimate_label);
  gtk_widget_class_bind_template_child (widget_class, MimoComposer, action_stack);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "composer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mimo_composer_init (MimoComposer *self)
{
  GtkEventController *keys;

  self->estimate = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A shortcut rather than a key handler, so the shortcuts window's test
   * finds it (its name says it is ours); before the text view sees it. */
  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_name (keys, "mimo-composer-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (
    GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, 0),
                                                   gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_KP_Enter, 0),
                                                                                gtk_keyval_trigger_new (GDK_KEY_ISO_Enter, 0))),
                      gtk_callback_action_new (enter_cb, self, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);

  g_signal_connect (gtk_text_view_get_buffer (self->text_view), "changed",
                    G_CALLBACK (buffer_changed_cb), self);
  g_signal_connect_swapped (self->thinking_button, "notify::active", G_CALLBACK (toggle_notify_cb), self);
  g_signal_connect_swapped (self->web_search_button, "notify::active", G_CALLBACK (toggle_notify_cb), self);
  g_signal_connect_swapped (self->search_first_button, "notify::active", G_CALLBACK (toggle_notify_cb), self);

  update_actions (self);
}
