/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-message-row.c: one message of the conversation list: the words, the thinking, what it cost, its actions. */

#define G_LOG_DOMAIN "mimo-message-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-markdown-view.h"
#include "mimo-message-row.h"

/* How long Copy shows its check mark. */
#define COPIED_FEEDBACK_MS 1500

struct _MimoMessageRow
{
  GtkWidget parent_instance;

  MimoMessage *message;

  GtkWidget        *box;
  GtkLabel         *user_label;
  GtkExpander      *thinking_expander;
  GtkSpinner       *thinking_spinner;
  GtkLabel         *thinking_label;
  MimoMarkdownView *thinking_view;
  GtkWidget        *waiting_box;
  GtkSpinner       *waiting_spinner;
  MimoMarkdownView *answer_view;
  GtkWidget        *status_box;
  GtkImage         *status_icon;
  GtkLabel         *status_label;
  GtkWidget        *retry_button;
  GtkWidget        *footer;
  GtkLabel         *footer_label;
  GtkButton        *copy_button;
  GtkWidget        *edit_button;
  GtkWidget        *regenerate_button;
  GtkWidget        *draft_button;
  GtkWidget        *delete_button;

  guint copied_source;

  guint is_last : 1;
  guint draft_available : 1;
  /* The person opened or closed the thoughts: leave them as they are. */
  guint thinking_toggled : 1;
  guint setting_expanded : 1;
};

G_DEFINE_FINAL_TYPE (MimoMessageRow, mimo_message_row, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_MESSAGE,
  PROP_IS_LAST,
  PROP_DRAFT_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
mimo_message_row_new (void)
{
  return g_object_new (MIMO_TYPE_MESSAGE_ROW, NULL);
}

MimoMessage *
mimo_message_row_get_message (MimoMessageRow *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE_ROW (self), NULL);

  return self->message;
}

static gboolean
is_user (MimoMessageRow *self)
{
  return self->message != NULL && mimo_message_get_role (self->message) == MIMO_ROLE_USER;
}

static gboolean
is_streaming (MimoMessageRow *self)
{
  return self->message != NULL && mimo_message_get_state (self->message) == MIMO_MESSAGE_STATE_STREAMING;
}

static void
set_thinking_expanded (MimoMessageRow *self,
                       gboolean        expanded)
{
  if (self->thinking_toggled || gtk_expander_get_expanded (self->thinking_expander) == expanded)
    return;

  self->setting_expanded = TRUE;
  gtk_expander_set_expanded (self->thinking_expander, expanded);
  self->setting_expanded = FALSE;
}

static void
update_thinking (MimoMessageRow *self)
{
  gsize    length = self->message != NULL ? mimo_message_get_reasoning_length (self->message) : 0;
  gboolean still_thinking;

  /* A disposed row (the list let it go) has nothing left to show. */
  if (self->box == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->thinking_expander), !is_user (self) && length > 0);
  if (length == 0)
    return;

  /* Open while the thoughts stream, folded once the answer begins. */
  still_thinking = is_streaming (self) && mimo_message_get_content_length (self->message) == 0;
  set_thinking_expanded (self, still_thinking);
  gtk_widget_set_visible (GTK_WIDGET (self->thinking_spinner), still_thinking);
  gtk_spinner_set_spinning (self->thinking_spinner, still_thinking);
  if (still_thinking)
    gtk_label_set_label (self->thinking_label, _ ("Thinking…"));
  else
    {
      g_autofree char *text = mimo_message_row_describe_thinking (mimo_message_get_thinking_us (self->message));

      gtk_label_set_label (self->thinking_label, text);
    }

  /* Folded thoughts are not laid out: only parse them when shown. */
  if (gtk_expander_get_expanded (self->thinking_expander))
    mimo_markdown_view_set_text (self->thinking_view, mimo_message_get_reasoning (self->message), (gssize) length);
}

static void
update_content (MimoMessageRow *self)
{
  const char *content = self->message != NULL ? mimo_message_get_content (self->message) : "";
  gsize       length = self->message != NULL ? mimo_message_get_content_length (self->message) : 0;
  gboolean    waiting;

  /* A disposed row (the list let it go) has nothing left to show. */
  if (self->box == NULL)
    return;

  if (is_user (self))
    {
      gtk_label_set_text (self->user_label, content);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->answer_view), length > 0);
  if (length > 0 || gtk_widget_get_visible (GTK_WIDGET (self->answer_view)))
    mimo_markdown_view_set_text (self->answer_view, content, (gssize) length);

  waiting = is_streaming (self) && length == 0 && mimo_message_get_reasoning_length (self->message) == 0;
  gtk_widget_set_visible (self->waiting_box, waiting);
  gtk_spinner_set_spinning (self->waiting_spinner, waiting);
}

static void
update_status (MimoMessageRow *self)
{
  MimoMessageState state = self->message != NULL ? mimo_message_get_state (self->message) : MIMO_MESSAGE_STATE_COMPLETE;
  const char      *error_text = self->message != NULL ? mimo_message_get_error_text (self->message) : NULL;
  const char      *text = NULL;
  const char      *icon = "dialog-warning-symbolic";

  /* A disposed row (the list let it go) has nothing left to show. */
  if (self->box == NULL)
    return;

  switch (state)
    {
    case MIMO_MESSAGE_STATE_CANCELLED:
      text = _ ("You stopped this answer.");
      icon = "media-playback-stop-symbolic";
      break;
    case MIMO_MESSAGE_STATE_INTERRUPTED:
      text = error_text != NULL ? error_text : _ ("The answer was cut off before it was finished.");
      break;
    case MIMO_MESSAGE_STATE_FAILED:
      text = error_text != NULL ? error_text : _ ("No answer came back.");
      break;
    case MIMO_MESSAGE_STATE_COMPLETE:
    case MIMO_MESSAGE_STATE_STREAMING:
    default:
      break;
    }

  gtk_widget_set_visible (self->status_box, text != NULL && !is_user (self));
  if (text == NULL)
    return;

  gtk_label_set_text (self->status_label, text);
  gtk_image_set_from_icon_name (self->status_icon, icon);
  if (state == MIMO_MESSAGE_STATE_FAILED)
    gtk_widget_add_css_class (self->status_box, "failed");
  else
    gtk_widget_remove_css_class (self->status_box, "failed");
  gtk_widget_set_visible (self->retry_button, self->is_last);
}

static void
update_footer (MimoMessageRow *self)
{
  gboolean         user = is_user (self);
  gboolean         streaming = is_streaming (self);
  gboolean         has_text = self->message != NULL && mimo_message_get_content_length (self->message) > 0;
  g_autofree char *usage = NULL;

  /* A disposed row (the list let it go) has nothing left to show. */
  if (self->box == NULL)
    return;

  gtk_widget_set_visible (self->footer, self->message != NULL && !streaming);
  if (self->message == NULL || streaming)
    return;

  /* An answer refused before any text came was not written: an estimate
   * of its "cost" would only mislead. */
  if (!user && (has_text || mimo_message_get_state (self->message) == MIMO_MESSAGE_STATE_COMPLETE))
    usage = mimo_message_row_describe_usage (self->message);
  gtk_label_set_text (self->footer_label, usage != NULL ? usage : "");
  gtk_widget_set_visible (GTK_WIDGET (self->footer_label), usage != NULL && usage[0] != '\0');

  {
    g_autofree char *when = g_date_time_format (mimo_message_get_created (self->message), "%c");
    const MimoUsage *used = mimo_message_get_usage (self->message);
    /* Translators: %s is the date and time a message was written. */
    g_autofree char *tooltip = g_strdup_printf (user ? _ ("Sent %s") : _ ("Answered %s"), when);
    g_autofree char *more = NULL;

    if (!user && used != NULL && used->estimated)
      more = g_strconcat (tooltip, "\n", _ ("No usage came back: the counts are estimated from the text"), NULL);
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->footer_label), more != NULL ? more : tooltip);
  }

  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), has_text);
  gtk_widget_set_visible (self->edit_button, user);
  gtk_widget_set_visible (self->regenerate_button,
                          !user && self->is_last && mimo_message_get_state (self->message) == MIMO_MESSAGE_STATE_COMPLETE);
  gtk_widget_set_visible (self->draft_button, !user && has_text && self->draft_available);
}

static void
update_all (MimoMessageRow *self)
{
  gboolean user = is_user (self);

  /* A disposed row (the list let it go) has nothing left to show. */
  if (self->box == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->user_label), user);
  gtk_widget_set_halign (self->footer, user ? GTK_ALIGN_END : GTK_ALIGN_FILL);
  if (user)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "user");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "assistant");
      gtk_widget_set_visible (GTK_WIDGET (self->answer_view), FALSE);
      gtk_widget_set_visible (self->waiting_box, FALSE);
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "assistant");
      gtk_widget_remove_css_class (GTK_WIDGET (self), "user");
    }

  update_content (self);
  update_thinking (self);
  update_status (self);
  update_footer (self);
}

static void
content_changed_cb (MimoMessageRow *self)
{
  gboolean was_waiting = gtk_widget_get_visible (self->waiting_box);

  update_content (self);
  /* The first words fold the thoughts and change their header. */
  if (was_waiting || gtk_widget_get_visible (GTK_WIDGET (self->thinking_expander)))
    update_thinking (self);
}

static void
state_changed_cb (MimoMessageRow *self)
{
  update_content (self);
  update_thinking (self);
  update_status (self);
  update_footer (self);
}

static void
expanded_cb (MimoMessageRow *self)
{
  if (!self->setting_expanded)
    self->thinking_toggled = TRUE;
  if (self->message != NULL && gtk_expander_get_expanded (self->thinking_expander))
    mimo_markdown_view_set_text (self->thinking_view, mimo_message_get_reasoning (self->message),
                                 (gssize) mimo_message_get_reasoning_length (self->message));
}

static void
set_action_targets (MimoMessageRow *self)
{
  gint64 id = self->message != NULL ? mimo_message_get_id (self->message) : 0;

  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->edit_button), "x", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->regenerate_button), "x", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->retry_button), "x", id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->delete_button), "x", id);
}

static void
reset_copied (MimoMessageRow *self)
{
  g_clear_handle_id (&self->copied_source, g_source_remove);
  gtk_button_set_icon_name (self->copy_button, "edit-copy-symbolic");
}

void
mimo_message_row_set_message (MimoMessageRow *self,
                              MimoMessage    *message)
{
  g_return_if_fail (MIMO_IS_MESSAGE_ROW (self));
  g_return_if_fail (message == NULL || MIMO_IS_MESSAGE (message));

  if (self->message == message)
    return;

  if (self->message != NULL)
    g_signal_handlers_disconnect_by_data (self->message, self);
  g_set_object (&self->message, message);
  reset_copied (self);

  /* A recycled row starts over: the thoughts of the last message it
   * showed say nothing about this one. */
  self->thinking_toggled = FALSE;
  self->setting_expanded = TRUE;
  gtk_expander_set_expanded (self->thinking_expander, FALSE);
  self->setting_expanded = FALSE;
  mimo_markdown_view_set_text (self->thinking_view, "", 0);

  if (message != NULL)
    {
      g_signal_connect_object (message, "notify::content", G_CALLBACK (content_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (message, "notify::reasoning", G_CALLBACK (update_thinking), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (message, "notify::state", G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (message, "notify::error-text", G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (message, "notify::usage", G_CALLBACK (update_footer), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (message, "notify::duration", G_CALLBACK (update_footer), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (message, "notify::thinking-duration", G_CALLBACK (update_thinking), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (message, "notify::id", G_CALLBACK (set_action_targets), self, G_CONNECT_SWAPPED);
    }

  set_action_targets (self);
  update_all (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

gboolean
mimo_message_row_get_is_last (MimoMessageRow *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE_ROW (self), FALSE);

  return self->is_last;
}

void
mimo_message_row_set_is_last (MimoMessageRow *self,
                              gboolean        is_last)
{
  g_return_if_fail (MIMO_IS_MESSAGE_ROW (self));

  is_last = !!is_last;
  if (self->is_last == is_last)
    return;

  self->is_last = is_last;
  update_status (self);
  update_footer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_LAST]);
}

gboolean
mimo_message_row_get_draft_available (MimoMessageRow *self)
{
  g_return_val_if_fail (MIMO_IS_MESSAGE_ROW (self), FALSE);

  return self->draft_available;
}

void
mimo_message_row_set_draft_available (MimoMessageRow *self,
                                      gboolean        available)
{
  g_return_if_fail (MIMO_IS_MESSAGE_ROW (self));

  available = !!available;
  if (self->draft_available == available)
    return;

  self->draft_available = available;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.add-to-draft", available);
  update_footer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAFT_AVAILABLE]);
}

static gboolean
copied_timeout_cb (gpointer user_data)
{
  MimoMessageRow *self = user_data;

  self->copied_source = 0;
  reset_copied (self);
  return G_SOURCE_REMOVE;
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MimoMessageRow *self = MIMO_MESSAGE_ROW (widget);

  if (self->message == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), mimo_message_get_content (self->message));

  /* A quiet check mark says it worked, where the person is looking. */
  gtk_button_set_icon_name (self->copy_button, "object-select-symbolic");
  g_clear_handle_id (&self->copied_source, g_source_remove);
  self->copied_source = g_timeout_add (COPIED_FEEDBACK_MS, copied_timeout_cb, self);
}

static void
add_to_draft_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MimoMessageRow  *self = MIMO_MESSAGE_ROW (widget);
  g_autofree char *selected = NULL;

  if (self->message == NULL)
    return;

  selected = mimo_markdown_view_dup_selected_text (self->answer_view);
  gtk_widget_activate_action (widget, "win.add-to-draft", "(xs)",
                              mimo_message_get_id (self->message), selected != NULL ? selected : "");
}

static void
mimo_message_row_dispose (GObject *object)
{
  MimoMessageRow *self = MIMO_MESSAGE_ROW (object);

  g_clear_handle_id (&self->copied_source, g_source_remove);
  if (self->message != NULL)
    g_signal_handlers_disconnect_by_data (self->message, self);
  g_clear_object (&self->message);
  gtk_widget_dispose_template (GTK_WIDGET (self), MIMO_TYPE_MESSAGE_ROW);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (mimo_message_row_parent_class)->dispose (object);
}

static void
mimo_message_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MimoMessageRow *self = MIMO_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      g_value_set_object (value, self->message);
      break;
    case PROP_IS_LAST:
      g_value_set_boolean (value, self->is_last);
      break;
    case PROP_DRAFT_AVAILABLE:
      g_value_set_boolean (value, self->draft_available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_message_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MimoMessageRow *self = MIMO_MESSAGE_ROW (object);

  switch (prop_id)
    {
    case PROP_MESSAGE:
      mimo_message_row_set_message (self, g_value_get_object (value));
      break;
    case PROP_IS_LAST:
      mimo_message_row_set_is_last (self, g_value_get_boolean (value));
      break;
    case PROP_DRAFT_AVAILABLE:
      mimo_message_row_set_draft_available (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_message_row_class_init (MimoMessageRowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags     rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = mimo_message_row_dispose;
  object_class->get_property = mimo_message_row_get_property;
  object_class->set_property = mimo_message_row_set_property;

  properties[PROP_MESSAGE] = g_param_spec_object ("message", NULL, NULL, MIMO_TYPE_MESSAGE, rw);
  properties[PROP_IS_LAST] = g_param_spec_boolean ("is-last", NULL, NULL, FALSE, rw);
  properties[PROP_DRAFT_AVAILABLE] = g_param_spec_boolean ("draft-available", NULL, NULL, FALSE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MIMO_TYPE_MARKDOWN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/mimo-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, box);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, user_label);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, thinking_expander);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, thinking_spinner);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, thinking_label);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, thinking_view);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, waiting_box);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, waiting_spinner);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, answer_view);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, status_box);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, footer);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, footer_label);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, copy_button);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, regenerate_button);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, draft_button);
  gtk_widget_class_bind_template_child (widget_class, MimoMessageRow, delete_button);

  gtk_widget_class_install_action (widget_class, "row.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "row.add-to-draft", NULL, add_to_draft_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "messagerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mimo_message_row_init (MimoMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.add-to-draft", FALSE);
  g_signal_connect_object (self->thinking_expander, "notify::expanded", G_CALLBACK (expanded_cb), self, G_CONNECT_SWAPPED);
  update_all (self);
}
