/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-export-ui.c: the draft's export menu: files, printing and copying as rich text. */

#define G_LOG_DOMAIN "mimo-draft-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mimo-draft-export.h"
#include "mimo-draft-print.h"
#include "mimo-draft-view-private.h"

static const struct
{
  const char *name;
  const char *extension;
  const char *mime_type;
  const char *dialog_title;
  const char *filter_name;
} file_formats[] = {
  [MIMO_DRAFT_FILE_MARKDOWN] = { "markdown", ".md", "text/markdown", N_ ("Export as Markdown"), N_ ("Markdown") },
  [MIMO_DRAFT_FILE_HTML] = { "html", ".html", "text/html", N_ ("Export as Web Page"), N_ ("Web Pages") },
  [MIMO_DRAFT_FILE_PDF] = { "pdf", ".pdf", "application/pdf", N_ ("Export as PDF"), N_ ("PDF Documents") },
};

void
_mimo_draft_view_update_export_actions (MimoDraftView *self)
{
  gboolean has_text = self->conversation != NULL &&
                      gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (self->buffer)) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.copy-rich-text", has_text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.export", has_text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "draft.print", has_text);
  /* A menu button stays sensitive whatever its items: say it here. */
  gtk_widget_set_sensitive (self->export_button, has_text);
}

/* ------------------------------------------------------------- files -- */

static void
replace_contents_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
mimo_draft_view_export_async (MimoDraftView      *self,
                              MimoDraftFileFormat format,
                              GFile              *file,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GTask)  task = NULL;
  g_autofree char   *text = NULL;
  g_autofree char   *title = NULL;
  g_autoptr (GBytes) bytes = NULL;

  g_return_if_fail (MIMO_IS_DRAFT_VIEW (self));
  g_return_if_fail (format <= MIMO_DRAFT_FILE_PDF);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mimo_draft_view_export_async);

  mimo_draft_view_settle (self);
  text = _mimo_draft_view_dup_normalized (self);
  title = _mimo_draft_view_dup_title (self);

  if (format == MIMO_DRAFT_FILE_PDF)
    {
      g_autofree char   *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;

      /* Printing writes to a file name; the portal gives one too. */
      if (path == NULL)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s",
                                 _ ("A PDF can only be saved in a folder on this computer. Choose another place."));
      else if (!mimo_draft_print_to_pdf (text, title, path, &error))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_boolean (task, TRUE);
      return;
    }

  if (format == MIMO_DRAFT_FILE_HTML)
    {
      char *html = mimo_draft_export (text, MIMO_DRAFT_FORMAT_HTML, title);

      g_free (text);
      text = html;
    }
  else if (!g_str_has_suffix (text, "\n"))
    {
      char *ended = g_strconcat (text, "\n", NULL);

      g_free (text);
      text = ended;
    }

  bytes = g_bytes_new_take (text, strlen (text));
  text = NULL;
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, replace_contents_cb, g_steal_pointer (&task));
}

gboolean
mimo_draft_view_export_finish (MimoDraftView *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  MimoDraftView     *self = MIMO_DRAFT_VIEW (object);
  g_autoptr (GFile)  file = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char   *name = g_file_get_basename (file);
  g_autofree char   *message = NULL;

  if (mimo_draft_view_export_finish (self, result, &error))
    /* Translators: %s is the name of the file the draft was saved as. */
    message = g_strdup_printf (_ ("Saved as “%s”"), name);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else
    /* Translators: the first %s is a file name, the second says why. */
    message = g_strdup_printf (_ ("Could not save “%s”: %s"), name, error->message);
  _mimo_draft_view_toast (self, message);
}

/* A file name from the title: no slashes, no leading dot, not too long. */
static char *
suggest_file_name (MimoDraftView *self,
                   const char    *extension)
{
  g_autofree char    *title = _mimo_draft_view_dup_title (self);
  g_autoptr (GString) name = g_string_new (NULL);

  for (const char *p = title; *p != '\0' && name->len < 80; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || c == ':' || g_unichar_iscntrl (c) || (name->len == 0 && (c == '.' || g_unichar_isspace (c))))
        continue;
      g_string_append_unichar (name, c);
    }
  g_strchomp (name->str);
  name->len = strlen (name->str);
  if (name->len == 0)
    g_string_assign (name, _ ("Draft"));
  g_string_append (name, extension);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  MimoDraftView      *self = MIMO_DRAFT_VIEW (user_data);
  MimoDraftFileFormat format = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "mimo-format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      mimo_draft_view_export_async (self, format, file, self->cancellable, export_done_cb, g_object_ref (file));
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MimoDraftView            *self = MIMO_DRAFT_VIEW (widget);
  const char               *name = g_variant_get_string (parameter, NULL);
  GtkFileChooserNative     *dialog;
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char          *file_name = NULL;
  g_autofree char          *pattern = NULL;
  guint                     format;

  for (format = 0; format < G_N_ELEMENTS (file_formats); format++)
    if (g_str_equal (name, file_formats[format].name))
      break;
  g_return_if_fail (format < G_N_ELEMENTS (file_formats));

  dialog = gtk_file_chooser_native_new (_ (file_formats[format].dialog_title),
                                        GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _ ("_Export"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  file_name = suggest_file_name (self, file_formats[format].extension);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), file_name);
  gtk_file_filter_set_name (filter, _ (file_formats[format].filter_name));
  gtk_file_filter_add_mime_type (filter, file_formats[format].mime_type);
  pattern = g_strconcat ("*", file_formats[format].extension, NULL);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);

  g_object_set_data (G_OBJECT (dialog), "mimo-format", GUINT_TO_POINTER (format));
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---------------------------------------------------------- printing -- */

static void
print_done_cb (GtkPrintOperation      *operation,
               GtkPrintOperationResult result,
               MimoDraftView          *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *message = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;

  gtk_print_operation_get_error (operation, &error);
  /* Translators: %s says why, as the printing system does. */
  message = g_strdup_printf (_ ("Could not print: %s"), error != NULL ? error->message : _ ("the printer did not answer"));
  _mimo_draft_view_toast (self, message);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  MimoDraftView                *self = MIMO_DRAFT_VIEW (widget);
  g_autofree char              *text = NULL;
  g_autofree char              *title = NULL;
  g_autoptr (GtkPrintOperation) operation = NULL;
  g_autoptr (GError)            error = NULL;

  mimo_draft_view_settle (self);
  text = _mimo_draft_view_dup_normalized (self);
  title = _mimo_draft_view_dup_title (self);
  operation = mimo_draft_print_new (text, title);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (gtk_widget_get_root (widget)), &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    print_done_cb (operation, GTK_PRINT_OPERATION_RESULT_ERROR, self);
}

/* --------------------------------------------------------- clipboard -- */

void
mimo_draft_view_copy_rich_text (MimoDraftView *self)
{
  g_autofree char               *text = NULL;
  g_autofree char               *fragment = NULL;
  g_autofree char               *plain = NULL;
  g_autoptr (GdkContentProvider) provider = NULL;
  GdkContentProvider            *providers[2];
  GBytes                        *html;

  g_return_if_fail (MIMO_IS_DRAFT_VIEW (self));

  mimo_draft_view_settle (self);
  text = _mimo_draft_view_dup_normalized (self);
  fragment = mimo_draft_export (text, MIMO_DRAFT_FORMAT_HTML_FRAGMENT, NULL);
  plain = mimo_draft_export (text, MIMO_DRAFT_FORMAT_TEXT, NULL);

  /* Word processors read the encoding from the markup, as browsers put
   * it on the clipboard; without it some take the bytes for Latin-1. */
  html = g_bytes_new_take (g_strconcat ("<meta charset=\"utf-8\">", fragment, NULL),
                           strlen ("<meta charset=\"utf-8\">") + strlen (fragment));
  providers[0] = gdk_content_provider_new_for_bytes ("text/html", html);
  providers[1] = gdk_content_provider_new_typed (G_TYPE_STRING, plain);
  g_bytes_unref (html);
  provider = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
  gdk_clipboard_set_content (gtk_widget_get_clipboard (GTK_WIDGET (self)), provider);

  _mimo_draft_view_toast (self, _ ("Copied with its formatting and references"));
}

static void
copy_rich_text_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  mimo_draft_view_copy_rich_text (MIMO_DRAFT_VIEW (widget));
}

void
_mimo_draft_view_class_init_export (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "draft.copy-rich-text", NULL, copy_rich_text_action);
  gtk_widget_class_install_action (widget_class, "draft.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "draft.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "draft.print", NULL);
}
