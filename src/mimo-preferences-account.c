/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-preferences-account.c: the Preferences' Account page: the API key and the API address. */

#define G_LOG_DOMAIN "mimo-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-error.h"
#include "mimo-key-setup.h"
#include "mimo-preferences-window-private.h"
#include "mimo-settings.h"

typedef enum
{
  FEEDBACK_NONE,
  FEEDBACK_INFO,
  FEEDBACK_SUCCESS,
  FEEDBACK_ERROR,
} FeedbackKind;

static void
show_feedback (MimoPreferencesWindow *self,
               FeedbackKind           kind,
               const char            *text,
               gboolean               offer_session)
{
  GtkWidget *label = GTK_WIDGET (self->key_feedback_label);

  gtk_widget_set_visible (self->key_feedback_box, kind != FEEDBACK_NONE);
  gtk_label_set_text (self->key_feedback_label, text != NULL ? text : "");
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "dim-label");
  if (kind == FEEDBACK_SUCCESS)
    gtk_widget_add_css_class (label, "success");
  else if (kind == FEEDBACK_ERROR)
    gtk_widget_add_css_class (label, "error");
  else if (kind == FEEDBACK_INFO)
    gtk_widget_add_css_class (label, "dim-label");

  gtk_widget_set_visible (GTK_WIDGET (self->key_session_button), offer_session);
}

static void
update_key_status (MimoPreferencesWindow *self)
{
  MimoKeyStoreSource source = mimo_key_store_get_source (self->key_store);
  gboolean           saved = mimo_key_store_get_saved (self->key_store);
  const char        *status = NULL;

  switch (source)
    {
    case MIMO_KEY_STORE_SOURCE_NONE:
      status = _ ("No key yet. Paste one below.");
      break;

    case MIMO_KEY_STORE_SOURCE_KEYRING:
      status = _ ("Saved in your password keyring");
      break;

    case MIMO_KEY_STORE_SOURCE_SESSION:
      status = _ ("For this session only; it is not saved and will be forgotten when Mimo Chat quits");
      break;

    case MIMO_KEY_STORE_SOURCE_ENVIRONMENT:
      status = saved ? _ ("From the environment; a saved key is kept for when it is not set")
                     : _ ("From the environment");
      break;

    default:
      g_assert_not_reached ();
    }

  adw_action_row_set_subtitle (self->key_status_row, status);
  gtk_widget_set_visible (GTK_WIDGET (self->key_env_row), source == MIMO_KEY_STORE_SOURCE_ENVIRONMENT);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_forget_button),
                            saved || source == MIMO_KEY_STORE_SOURCE_SESSION);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_test_button),
                            source != MIMO_KEY_STORE_SOURCE_NONE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_entry_row),
                                 source == MIMO_KEY_STORE_SOURCE_NONE ? _ ("Paste Your Key")
                                                                      : _ ("Paste a New Key"));
}

/* ------------------------------------------------------------ Replace -- */

static void
setup_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  MimoPreferencesWindow *self;
  g_autoptr (GError)     error = NULL;

  if (!mimo_key_setup_finish (MIMO_KEY_STORE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = MIMO_PREFERENCES_WINDOW (user_data);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_entry_row), TRUE);

  if (error != NULL)
    {
      /* A key that does not work is not saved, and the old one stays. A
       * key that works but cannot be saved can serve this session; the
       * entry keeps it until then. */
      show_feedback (self, FEEDBACK_ERROR, error->message, mimo_key_setup_error_is_keyring (error));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->key_entry_row), "");
  show_feedback (self, FEEDBACK_SUCCESS, _ ("Your new key works and is saved in your password keyring."), FALSE);
}

static void
key_apply_cb (MimoPreferencesWindow *self)
{
  show_feedback (self, FEEDBACK_INFO, _ ("Checking the key with EmpirioLabs…"), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_entry_row), FALSE);
  mimo_key_setup_async (self->key_store, self->client,
                        gtk_editable_get_text (GTK_EDITABLE (self->key_entry_row)),
                        self->cancellable, setup_cb, self);
}

static void
key_session_clicked_cb (MimoPreferencesWindow *self)
{
  g_autoptr (GError) error = NULL;
  const char        *text = gtk_editable_get_text (GTK_EDITABLE (self->key_entry_row));

  if (!mimo_key_store_use_for_session (self->key_store, text, &error))
    {
      show_feedback (self, FEEDBACK_ERROR, error->message, FALSE);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->key_entry_row), "");
  show_feedback (self, FEEDBACK_SUCCESS,
                 _ ("The key will be used until Mimo Chat quits. It is not saved anywhere."), FALSE);
}

/* ------------------------------------------------------------- Forget -- */

static void
forget_key_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  MimoKeyStore          *key_store = MIMO_KEY_STORE (object);
  MimoPreferencesWindow *self;
  g_autoptr (GError)     error = NULL;

  if (!mimo_key_store_forget_finish (key_store, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = MIMO_PREFERENCES_WINDOW (user_data);
  if (error != NULL)
    show_feedback (self, FEEDBACK_ERROR, error->message, FALSE);
  else
    show_feedback (self, FEEDBACK_INFO, _ ("The key was removed from this computer."), FALSE);
}

static void
forget_dialog_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           gpointer          user_data)
{
  MimoPreferencesWindow *self = MIMO_PREFERENCES_WINDOW (user_data);

  if (g_str_equal (response, "forget"))
    mimo_key_store_forget_async (self->key_store, self->cancellable, forget_key_cb, self);
}

static void
key_forget_clicked_cb (MimoPreferencesWindow *self)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _ ("Forget the Key?"),
                                                       _ ("The key will be removed from this computer. To keep chatting you will need to paste it again; it stays valid on your EmpirioLabs account.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _ ("_Cancel"),
                                    "forget", _ ("_Forget"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "forget", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (forget_dialog_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --------------------------------------------------------------- Test -- */

static void
test_key_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MimoPreferencesWindow *self;
  g_autoptr (GError)     error = NULL;

  if (!mimo_client_test_key_finish (MIMO_CLIENT (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = MIMO_PREFERENCES_WINDOW (user_data);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_test_button), TRUE);
  /* The client's words send people to the Preferences: they are here. */
  if (g_error_matches (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_AUTH))
    show_feedback (self, FEEDBACK_ERROR,
                   _ ("EmpirioLabs did not accept this key. Paste a new one below, or create one on the EmpirioLabs dashboard."),
                   FALSE);
  else if (error != NULL)
    show_feedback (self, FEEDBACK_ERROR, error->message, FALSE);
  else
    show_feedback (self, FEEDBACK_SUCCESS, _ ("Your key works."), FALSE);
}

static void
key_test_clicked_cb (MimoPreferencesWindow *self)
{
  show_feedback (self, FEEDBACK_INFO, _ ("Checking the key with EmpirioLabs…"), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_test_button), FALSE);
  /* NULL: the key the client uses now, wherever it came from. */
  mimo_client_test_key_async (self->client, NULL, self->cancellable, test_key_cb, self);
}

static void
key_get_activated_cb (MimoPreferencesWindow *self)
{
  gtk_show_uri (GTK_WINDOW (self), MIMO_DASHBOARD_URL, GDK_CURRENT_TIME);
}

/* ------------------------------------------------------------ Address -- */

static void
load_base_url (MimoPreferencesWindow *self)
{
  g_autofree char *url = g_settings_get_string (self->settings, MIMO_SETTINGS_BASE_URL);

  gtk_editable_set_text (GTK_EDITABLE (self->base_url_row), url);
  gtk_widget_remove_css_class (GTK_WIDGET (self->base_url_row), "error");
}

static void
base_url_apply_cb (MimoPreferencesWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *url = NULL;
  gsize              len;

  /* Forgive what a paste brings: spaces around it, a slash at the end. */
  url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->base_url_row))));
  len = strlen (url);
  while (len > 0 && url[len - 1] == '/')
    url[--len] = '\0';

  if (!mimo_client_check_base_url (url, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->base_url_row), "error");
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (error->message));
      return;
    }

  g_settings_set_string (self->settings, MIMO_SETTINGS_BASE_URL, url);
  load_base_url (self);
}

static void
base_url_changed_cb (MimoPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->base_url_row), "error");
}

static void
base_url_reset_clicked_cb (MimoPreferencesWindow *self)
{
  g_settings_reset (self->settings, MIMO_SETTINGS_BASE_URL);
  load_base_url (self);
}

/* -------------------------------------------------------------- Setup -- */

void
_mimo_preferences_account_setup (MimoPreferencesWindow *self)
{
  g_signal_connect_object (self->key_store, "notify::source",
                           G_CALLBACK (update_key_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->key_store, "notify::saved",
                           G_CALLBACK (update_key_status), self, G_CONNECT_SWAPPED);
  update_key_status (self);

  load_base_url (self);
  g_signal_connect_object (self->settings, "changed::" MIMO_SETTINGS_BASE_URL,
                           G_CALLBACK (load_base_url), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->base_url_env_row),
                          mimo_client_get_base_url_from_environment (self->client));
}

void
_mimo_preferences_account_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, key_env_row);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, key_status_row);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, key_test_button);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, key_forget_button);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, key_entry_row);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, key_feedback_box);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, key_feedback_label);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, key_session_button);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, base_url_env_row);
  gtk_widget_class_bind_template_child (widget_class, MimoPreferencesWindow, base_url_row);

  gtk_widget_class_bind_template_callback (widget_class, key_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_session_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_forget_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_get_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, base_url_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, base_url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, base_url_reset_clicked_cb);
}
