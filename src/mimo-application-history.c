/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-application-history.c: the history actions the Preferences offer: Export All and Clear History. */

#define G_LOG_DOMAIN "mimo-application"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-application-private.h"
#include "mimo-history-export.h"
#include "mimo-settings.h"
#include "mimo-window.h"

/* Where the person is: the Preferences (modal, so active) when they
 * asked from there, else a main window. Takes @toast. */
static void
show_toast (MimoApplication *self,
            AdwToast        *toast)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (ADW_IS_PREFERENCES_WINDOW (window))
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), toast);
      return;
    }

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (MIMO_IS_WINDOW (l->data))
        {
          mimo_window_add_toast (MIMO_WINDOW (l->data), toast);
          return;
        }
    }

  g_object_unref (toast);
}

/* ---------------------------------------------------------- export-all -- */

static void
open_folder_cb (AdwToast   *toast,
                const char *uri)
{
  GApplication *app = g_application_get_default ();
  GtkWindow    *window = GTK_IS_APPLICATION (app) ? gtk_application_get_active_window (GTK_APPLICATION (app)) : NULL;

  gtk_show_uri (window, uri, GDK_CURRENT_TIME);
}

static void
free_closure_string (gpointer  data,
                     GClosure *closure)
{
  g_free (data);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (MimoApplication) self = user_data;
  g_autoptr (GError)          error = NULL;
  g_autoptr (GFile)           folder = NULL;
  g_autofree char            *basename = NULL;
  g_autofree char            *name = NULL;
  g_autofree char            *title = NULL;
  AdwToast                   *toast;
  guint                       n_chats = 0;

  folder = mimo_history_export_finish (MIMO_STORE (source), result, &n_chats, &error);
  g_clear_object (&self->export_cancellable);
  g_application_release (G_APPLICATION (self));

  if (folder == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (folder == NULL)
    {
      /* Toast titles are Pango markup; paths may hold "&". */
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      toast = adw_toast_new (escaped);
      adw_toast_set_timeout (toast, 0);
      show_toast (self, toast);
      return;
    }

  /* Toast titles are Pango markup. */
  basename = g_file_get_basename (folder);
  name = g_markup_escape_text (basename, -1);
  if (n_chats == 0)
    /* Translators: %s is a folder name, "Mimo Chat History 2025-03-04". */
    title = g_strdup_printf (_ ("No chats yet: the spending record was exported to “%s”"), name);
  else
    /* Translators: %u is a number of chats, %s a folder name. */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u chat exported to “%s”", "%u chats exported to “%s”",
                                          n_chats),
                             n_chats, name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _ ("_Open Folder"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_folder_cb), g_file_get_uri (folder),
                         free_closure_string, 0);
  show_toast (self, toast);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    MimoApplication *self)
{
  g_autoptr (MimoChatParams) defaults = NULL;
  g_autoptr (GFile)          folder = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  /* The dialog was ours to keep alive until it answered. */
  g_object_unref (chooser);

  if (folder == NULL || self->export_cancellable != NULL)
    return;

  defaults = mimo_settings_get_chat_params (mimo_application_get_settings (self));
  self->export_cancellable = g_cancellable_new ();
  /* Closing the last window waits for the files to be complete. */
  g_application_hold (G_APPLICATION (self));
  mimo_history_export_async (mimo_application_get_store (self), defaults, folder, self->export_cancellable,
                             export_done_cb, g_object_ref (self));
}

static void
export_all_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  MimoApplication      *self = user_data;
  GtkFileChooserNative *chooser;
  const char           *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (self->export_cancellable != NULL)
    {
      show_toast (self, adw_toast_new (_ ("Your chats are being exported already")));
      return;
    }

  /* A portal file chooser inside Flatpak: the sandbox gets that folder only. */
  chooser = gtk_file_chooser_native_new (_ ("Choose Where to Export Your Chats"),
                                         gtk_application_get_active_window (GTK_APPLICATION (self)),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _ ("_Export Here"), _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (documents != NULL)
    {
      g_autoptr (GFile) folder = g_file_new_for_path (documents);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ------------------------------------------------------- clear-history -- */

static void
clear_history_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  MimoApplication *self = user_data;
  gboolean         with_ledger = g_variant_get_boolean (parameter);

  /* An export would write half of what is about to go. */
  g_cancellable_cancel (self->export_cancellable);

  /* No window keeps showing, or streaming into, a chat that is gone. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      MimoChatView *chat_view;

      if (!MIMO_IS_WINDOW (l->data))
        continue;
      chat_view = mimo_window_get_chat_view (MIMO_WINDOW (l->data));
      if (mimo_chat_view_get_busy (chat_view))
        mimo_chat_view_stop (chat_view);
      if (mimo_chat_view_get_conversation (chat_view) != NULL)
        mimo_window_show_conversation (MIMO_WINDOW (l->data), NULL);
    }

  mimo_store_clear_history (mimo_application_get_store (self), with_ledger);

  show_toast (self, adw_toast_new (with_ledger ? _ ("All chats and the spending record were cleared")
                                               : _ ("All chats were cleared")));
}

static const GActionEntry history_actions[] = {
  { "export-all", export_all_action },
  { "clear-history", clear_history_action, "b" },
};

void
_mimo_application_history_init (MimoApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), history_actions, G_N_ELEMENTS (history_actions), self);
}

void
_mimo_application_history_shutdown (MimoApplication *self)
{
  g_cancellable_cancel (self->export_cancellable);
}
