/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-view.c: a conversation's draft document, edited as Markdown, its references kept in order. */

#define G_LOG_DOMAIN "mimo-draft-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mimo-draft-export.h"
#include "mimo-draft-refs.h"
#include "mimo-draft-view-private.h"

/* Long enough not to renumber under the fingers of someone typing,
 * short enough that the References look live. */
#define SETTLE_MS 600

G_DEFINE_FINAL_TYPE (MimoDraftView, mimo_draft_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CONVERSATION,
  PROP_PREVIEW,
  PROP_FOLDED,
  PROP_SHOW_START_TITLE_BUTTONS,
  PROP_N_WORDS,
  PROP_N_REFERENCES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
mimo_draft_view_new (void)
{
  return g_object_new (MIMO_TYPE_DRAFT_VIEW, NULL);
}

MimoConversation *
mimo_draft_view_get_conversation (MimoDraftView *self)
{
  g_return_val_if_fail (MIMO_IS_DRAFT_VIEW (self), NULL);

  return self->conversation;
}

gboolean
mimo_draft_view_get_preview (MimoDraftView *self)
{
  g_return_val_if_fail (MIMO_IS_DRAFT_VIEW (self), FALSE);

  return self->preview;
}

guint
mimo_draft_view_get_n_words (MimoDraftView *self)
{
  g_return_val_if_fail (MIMO_IS_DRAFT_VIEW (self), 0);

  return self->n_words;
}

guint
mimo_draft_view_get_n_references (MimoDraftView *self)
{
  g_return_val_if_fail (MIMO_IS_DRAFT_VIEW (self), 0);

  return self->n_references;
}

GtkTextBuffer *
mimo_draft_view_get_buffer (MimoDraftView *self)
{
  g_return_val_if_fail (MIMO_IS_DRAFT_VIEW (self), NULL);

  return GTK_TEXT_BUFFER (self->buffer);
}

void
mimo_draft_view_focus (MimoDraftView *self)
{
  g_return_if_fail (MIMO_IS_DRAFT_VIEW (self));

  if (self->conversation != NULL && !self->preview)
    gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

static char *
dup_buffer_text (MimoDraftView *self)
{
  return _mimo_draft_buffer_dup_text (GTK_TEXT_BUFFER (self->buffer));
}

static void
decorate (MimoDraftView *self)
{
  _mimo_draft_buffer_decorate (GTK_TEXT_BUFFER (self->buffer), self->marker_tag, self->address_tag, self->link_tag);
}

char *
_mimo_draft_view_dup_normalized (MimoDraftView *self)
{
  g_autofree char *text = dup_buffer_text (self);

  return mimo_draft_refs_update (text, -1, NULL);
}

char *
_mimo_draft_view_dup_title (MimoDraftView *self)
{
  g_autofree char *text = dup_buffer_text (self);
  char            *heading = mimo_draft_dup_heading (text);

  if (heading != NULL)
    return heading;
  if (self->conversation != NULL)
    return g_strdup (mimo_conversation_get_title (self->conversation));
  return g_strdup (_ ("Draft"));
}

void
_mimo_draft_view_toast (MimoDraftView *self,
                        const char    *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* ------------------------------------------------------------ status -- */

static void
update_status (MimoDraftView *self)
{
  g_autofree char      *text = dup_buffer_text (self);
  g_autoptr (GPtrArray) sources = mimo_draft_refs_get_sources (text);
  g_autofree char      *words = NULL;
  g_autofree char      *refs = NULL;
  g_autofree char      *line = NULL;
  guint                 n_words = mimo_draft_refs_count_words (text);

  /* Translators: the draft's length, in the status line. */
  words = g_strdup_printf (ngettext ("%u word", "%u words", n_words), n_words);
  if (sources->len == 0)
    refs = g_strdup (_ ("no references"));
  else
    /* Translators: how many sources the draft's References list. */
    refs = g_strdup_printf (ngettext ("%u reference", "%u references", sources->len), sources->len);
  /* Translators: the status line: "120 words · 3 references". */
  line = g_strdup_printf (_ ("%s · %s"), words, refs);
  gtk_label_set_text (self->status_label, line);

  if (self->n_words != n_words)
    {
      self->n_words = n_words;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WORDS]);
    }
  if (self->n_references != sources->len)
    {
      self->n_references = sources->len;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_REFERENCES]);
    }
}

static void
update_empty (MimoDraftView *self)
{
  gtk_widget_set_visible (self->empty_page, gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (self->buffer)) == 0);
}

static void
update_preview (MimoDraftView *self)
{
  g_autofree char *normalized = NULL;

  if (!self->preview)
    return;
  normalized = _mimo_draft_view_dup_normalized (self);
  mimo_markdown_view_set_text (self->preview_view, normalized, -1);
}

static void
update_stack (MimoDraftView *self)
{
  const char *page = "editor";

  if (self->conversation == NULL)
    page = "no-chat";
  else if (self->preview)
    page = "preview";
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), self->conversation != NULL);
  gtk_widget_set_visible (self->status_separator, self->conversation != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.preview", self->conversation != NULL);
  _mimo_draft_view_update_export_actions (self);
}

/* ------------------------------------------------------------ saving -- */

static void
save (MimoDraftView *self)
{
  g_autofree char *text = NULL;

  if (self->conversation == NULL)
    return;
  text = dup_buffer_text (self);
  /* Unchanged text is not written again, so this costs a compare. */
  mimo_conversation_set_draft (self->conversation, text);
}

static void
settle (MimoDraftView *self)
{
  g_autofree char      *text = dup_buffer_text (self);
  g_autofree char      *updated = NULL;
  g_autoptr (GPtrArray) edits = NULL;

  g_clear_handle_id (&self->settle_source, g_source_remove);
  updated = mimo_draft_refs_update (text, -1, &edits);
  if (edits->len > 0)
    {
      self->applying = TRUE;
      _mimo_draft_buffer_apply_edits (GTK_TEXT_BUFFER (self->buffer), text, edits);
      self->applying = FALSE;
      save (self);
    }
  decorate (self);
  update_status (self);
  update_preview (self);
}

static gboolean
settle_cb (gpointer user_data)
{
  MimoDraftView *self = user_data;

  self->settle_source = 0;
  settle (self);
  return G_SOURCE_REMOVE;
}

void
mimo_draft_view_settle (MimoDraftView *self)
{
  g_return_if_fail (MIMO_IS_DRAFT_VIEW (self));

  if (self->settle_source != 0)
    settle (self);
}

static void
schedule_settle (MimoDraftView *self)
{
  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->settle_source = g_timeout_add (SETTLE_MS, settle_cb, self);
}

static void
buffer_changed_cb (MimoDraftView *self)
{
  update_empty (self);
  _mimo_draft_view_update_export_actions (self);
  if (self->applying)
    return;

  save (self);
  if (self->undoing)
    {
      /* What Undo brings back was settled already, or is what the user
       * had: renumbering it again would undo the Undo. */
      g_clear_handle_id (&self->settle_source, g_source_remove);
      decorate (self);
      update_status (self);
      return;
    }
  schedule_settle (self);
}

static void
undo_cb (MimoDraftView *self)
{
  self->undoing = TRUE;
}

static void
undo_done_cb (MimoDraftView *self)
{
  self->undoing = FALSE;
}

/* --------------------------------------------------- the conversation -- */

static gboolean
reveal_change_cb (gpointer user_data)
{
  MimoDraftView *self = user_data;
  GtkTextIter    iter;

  self->reveal_source = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self->source_view)))
    {
      gtk_text_buffer_get_iter_at_mark (GTK_TEXT_BUFFER (self->buffer), &iter, self->changed_mark);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->source_view), &iter, 0.05, TRUE, 0.0, 0.1);
    }
  return G_SOURCE_REMOVE;
}

static void
draft_changed_cb (MimoDraftView *self)
{
  g_autofree char *text = NULL;

  if (self->applying)
    return;
  text = dup_buffer_text (self);
  if (g_strcmp0 (text, mimo_conversation_get_draft (self->conversation)) == 0)
    return;

  self->applying = TRUE;
  _mimo_draft_buffer_replace (GTK_TEXT_BUFFER (self->buffer), mimo_conversation_get_draft (self->conversation),
                              self->changed_mark);
  self->applying = FALSE;
  /* Show what came, an added answer say, however long the draft: once
   * the lines are laid out. (Not gtk_text_view_scroll_to_mark(): GTK 4.8
   * warns when the view is unmapped before that deferred scroll ran.) */
  if (self->reveal_source == 0)
    self->reveal_source = g_idle_add_full (G_PRIORITY_LOW, reveal_change_cb, self, NULL);
  /* Appended answers come renumbered: this only counts and hides. */
  settle (self);
}

static void
update_title (MimoDraftView *self)
{
  adw_window_title_set_subtitle (self->window_title,
                                 self->conversation != NULL ? mimo_conversation_get_title (self->conversation) : NULL);
}

void
mimo_draft_view_set_conversation (MimoDraftView    *self,
                                  MimoConversation *conversation)
{
  GtkTextBuffer *buffer;
  GtkTextIter    start;

  g_return_if_fail (MIMO_IS_DRAFT_VIEW (self));
  g_return_if_fail (conversation == NULL || MIMO_IS_CONVERSATION (conversation));

  if (self->conversation == conversation)
    return;

  buffer = GTK_TEXT_BUFFER (self->buffer);
  if (self->conversation != NULL)
    {
      /* The text is saved; its References are brought in order before
       * leaving, as they would have been a moment later. */
      if (self->settle_source != 0)
        {
          g_autofree char *text = dup_buffer_text (self);
          g_autofree char *updated = mimo_draft_refs_update (text, -1, NULL);

          g_clear_handle_id (&self->settle_source, g_source_remove);
          mimo_conversation_set_draft (self->conversation, updated);
        }
      g_signal_handlers_disconnect_by_data (self->conversation, self);
    }
  g_set_object (&self->conversation, conversation);

  /* Another chat's draft is another document: its own undo history. */
  self->applying = TRUE;
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, conversation != NULL ? mimo_conversation_get_draft (conversation) : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  self->applying = FALSE;
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);

  if (conversation != NULL)
    {
      g_signal_connect_object (conversation, "notify::draft", G_CALLBACK (draft_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (conversation, "notify::title", G_CALLBACK (update_title), self, G_CONNECT_SWAPPED);
    }

  decorate (self);
  update_status (self);
  update_empty (self);
  update_title (self);
  update_stack (self);
  update_preview (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);
}

void
mimo_draft_view_set_preview (MimoDraftView *self,
                             gboolean       preview)
{
  g_return_if_fail (MIMO_IS_DRAFT_VIEW (self));

  preview = !!preview;
  if (self->preview == preview)
    return;

  self->preview = preview;
  /* Focus would fall into the preview's text and select it all. */
  if (preview && gtk_widget_is_focus (GTK_WIDGET (self->source_view)))
    gtk_widget_grab_focus (self->preview_button);
  mimo_draft_view_settle (self);
  update_preview (self);
  update_stack (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW]);
}

/* ------------------------------------------------------------- style -- */

static void
update_scheme (MimoDraftView *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean                     dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme        *scheme;
  GdkRGBA                      grey;
  GdkRGBA                      accent;

  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (self->buffer, scheme);

  /* libadwaita's dim grey (light_7 on dark, dark_1 on light) and its
   * link colours. */
  gdk_rgba_parse (&grey, dark ? "#9a9996" : "#77767b");
  g_object_set (self->address_tag, "foreground-rgba", &grey, NULL);
  gdk_rgba_parse (&accent, dark ? "#78aeed" : "#1c71d8");
  g_object_set (self->link_tag, "foreground-rgba", &accent, NULL);
}

/* ------------------------------------------------------------ GObject -- */

static void
mimo_draft_view_dispose (GObject *object)
{
  MimoDraftView *self = MIMO_DRAFT_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->settle_source, g_source_remove);
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->conversation, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MIMO_TYPE_DRAFT_VIEW);
  g_clear_object (&self->conversation);
  g_clear_object (&self->buffer);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mimo_draft_view_parent_class)->dispose (object);
}

static void
mimo_draft_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MimoDraftView *self = MIMO_DRAFT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;

    case PROP_PREVIEW:
      g_value_set_boolean (value, self->preview);
      break;

    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;

    case PROP_SHOW_START_TITLE_BUTTONS:
      g_value_set_boolean (value, adw_header_bar_get_show_start_title_buttons (self->header_bar));
      break;

    case PROP_N_WORDS:
      g_value_set_uint (value, self->n_words);
      break;

    case PROP_N_REFERENCES:
      g_value_set_uint (value, self->n_references);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_draft_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MimoDraftView *self = MIMO_DRAFT_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION:
      mimo_draft_view_set_conversation (self, g_value_get_object (value));
      break;

    case PROP_PREVIEW:
      mimo_draft_view_set_preview (self, g_value_get_boolean (value));
      break;

    case PROP_FOLDED:
      if (self->folded != g_value_get_boolean (value))
        {
          self->folded = g_value_get_boolean (value);
          gtk_widget_set_visible (self->back_button, self->folded);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SHOW_START_TITLE_BUTTONS:
      if (adw_header_bar_get_show_start_title_buttons (self->header_bar) != g_value_get_boolean (value))
        {
          adw_header_bar_set_show_start_title_buttons (self->header_bar, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_draft_view_class_init (MimoDraftViewClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mimo_draft_view_dispose;
  object_class->get_property = mimo_draft_view_get_property;
  object_class->set_property = mimo_draft_view_set_property;

  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL,
                         MIMO_TYPE_CONVERSATION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_PREVIEW] =
    g_param_spec_boolean ("preview", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SHOW_START_TITLE_BUTTONS] =
    g_param_spec_boolean ("show-start-title-buttons", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_WORDS] =
    g_param_spec_uint ("n-words", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_N_REFERENCES] =
    g_param_spec_uint ("n-references", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (MIMO_TYPE_MARKDOWN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/mimo-draft-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MimoDraftView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MimoDraftView, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MimoDraftView, window_title);
  gtk_widget_class_bind_template_child (widget_class, MimoDraftView, back_button);
  gtk_widget_class_bind_template_child (widget_class, MimoDraftView, export_button);
  gtk_widget_class_bind_template_child (widget_class, MimoDraftView, preview_button);
  gtk_widget_class_bind_template_child (widget_class, MimoDraftView, status_separator);
  gtk_widget_class_bind_template_child (widget_class, MimoDraftView, stack);
  gtk_widget_class_bind_template_child (widget_class, MimoDraftView, source_view);
  gtk_widget_class_bind_template_child (widget_class, MimoDraftView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MimoDraftView, preview_view);
  gtk_widget_class_bind_template_child (widget_class, MimoDraftView, status_label);

  gtk_widget_class_install_property_action (widget_class, "draft.preview", "preview");
  _mimo_draft_view_class_init_export (widget_class);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "draft");
}

static void
mimo_draft_view_init (MimoDraftView *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceLanguage        *markdown = gtk_source_language_manager_get_language (languages, "markdown");
  GtkTextIter               start;

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Without the language (a broken install), plain text still works. */
  if (markdown == NULL)
    g_warning ("GtkSourceView has no Markdown language: the draft is shown without highlighting");
  self->buffer = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_language (self->buffer, markdown);
  gtk_source_buffer_set_highlight_matching_brackets (self->buffer, FALSE);
  self->marker_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), NULL, "invisible", TRUE, NULL);
  self->address_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), NULL,
                                                  "scale", 0.85,
                                                  "style", PANGO_STYLE_NORMAL,
                                                  "underline", PANGO_UNDERLINE_NONE,
                                                  NULL);
  self->link_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (self->buffer), NULL, NULL, NULL);
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffer), &start);
  self->changed_mark = gtk_text_buffer_create_mark (GTK_TEXT_BUFFER (self->buffer), NULL, &start, TRUE);
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self->source_view), GTK_TEXT_BUFFER (self->buffer));
  g_signal_connect_object (self->buffer, "changed", G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "undo", G_CALLBACK (undo_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "undo", G_CALLBACK (undo_done_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->buffer, "redo", G_CALLBACK (undo_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "redo", G_CALLBACK (undo_done_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
  update_scheme (self);

  update_status (self);
  update_empty (self);
  update_stack (self);
}
