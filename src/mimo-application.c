/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-application.c: application-wide actions, the About window and window creation. */

#define G_LOG_DOMAIN "mimo-application"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-application-private.h"
#include "mimo-cli.h"
#include "mimo-client.h"
#include "mimo-key-store.h"
#include "mimo-preferences-window.h"
#include "mimo-settings.h"
#include "mimo-store.h"
#include "mimo-window.h"

G_DEFINE_FINAL_TYPE (MimoApplication, mimo_application, ADW_TYPE_APPLICATION)

MimoApplication *
mimo_application_new (const char       *application_id,
                      GApplicationFlags flags)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  return g_object_new (MIMO_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", flags,
                       /* The same resources serve the .Devel build. */
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

GSettings *
mimo_application_get_settings (MimoApplication *self)
{
  g_return_val_if_fail (MIMO_IS_APPLICATION (self), NULL);

  return self->settings;
}

MimoKeyStore *
mimo_application_get_key_store (MimoApplication *self)
{
  g_return_val_if_fail (MIMO_IS_APPLICATION (self), NULL);

  return self->key_store;
}

MimoClient *
mimo_application_get_client (MimoApplication *self)
{
  g_return_val_if_fail (MIMO_IS_APPLICATION (self), NULL);

  return self->client;
}

/* Opened with the first window, not at startup: a D-Bus activation or
 * `--gapplication-service` costs no disk work until a window needs it.
 * Opening never fails: a broken file is moved aside (the window says so)
 * and an unwritable one keeps the session in memory. */
MimoStore *
mimo_application_get_store (MimoApplication *self)
{
  g_return_val_if_fail (MIMO_IS_APPLICATION (self), NULL);

  if (self->store == NULL)
    self->store = mimo_store_new (NULL);

  return self->store;
}

char *
mimo_application_dup_history_path (MimoApplication *self)
{
  g_return_val_if_fail (MIMO_IS_APPLICATION (self), NULL);

  /* The folder the Preferences show: where the store keeps its file. */
  if (self->store != NULL)
    return g_path_get_dirname (mimo_store_get_path (self->store));
  return g_build_filename (g_get_user_data_dir (), PACKAGE_NAME, NULL);
}

static void
apply_color_scheme (MimoApplication *self)
{
  static const AdwColorScheme schemes[] = {
    [MIMO_COLOR_SCHEME_FOLLOW] = ADW_COLOR_SCHEME_DEFAULT,
    [MIMO_COLOR_SCHEME_LIGHT] = ADW_COLOR_SCHEME_FORCE_LIGHT,
    [MIMO_COLOR_SCHEME_DARK] = ADW_COLOR_SCHEME_FORCE_DARK,
  };
  int scheme = g_settings_get_enum (self->settings, MIMO_SETTINGS_COLOR_SCHEME);

  g_assert (scheme >= 0 && scheme < (int) G_N_ELEMENTS (schemes));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), schemes[scheme]);
}

/* The client sends whatever key the store holds; the store never hands
 * the key to anything else. */
static void
key_changed_cb (MimoApplication *self)
{
  mimo_client_set_api_key (self->client, mimo_key_store_peek_key (self->key_store));
}

static void
key_store_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  /* Without a keyring the welcome page says so when a key is pasted;
   * nothing to show before that. */
  if (!mimo_key_store_load_finish (MIMO_KEY_STORE (object), result, &error))
    g_debug ("No saved key: %s", error->message);
}

static void
mimo_application_activate (GApplication *app)
{
  MimoApplication *self = MIMO_APPLICATION (app);
  GtkWindow       *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (mimo_window_new (self, self->settings, self->key_store, self->client,
                                          mimo_application_get_store (self)));

  gtk_window_present (window);
}

static void
mimo_application_startup (GApplication *app)
{
  MimoApplication *self = MIMO_APPLICATION (app);

  G_APPLICATION_CLASS (mimo_application_parent_class)->startup (app);

  /* The schema id does not change for .Devel builds: both share preferences. */
  self->settings = g_settings_new (BASE_APPLICATION_ID);
  g_signal_connect_object (self->settings, "changed::" MIMO_SETTINGS_COLOR_SCHEME,
                           G_CALLBACK (apply_color_scheme), self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);

  /* One client for the app; MIMO_BASE_URL still wins inside it. */
  self->client = mimo_client_new ();
  g_settings_bind (self->settings, MIMO_SETTINGS_BASE_URL, self->client, "base-url", G_SETTINGS_BIND_GET);

  self->key_store = mimo_key_store_new ();
  g_signal_connect_object (self->key_store, "key-changed",
                           G_CALLBACK (key_changed_cb), self, G_CONNECT_SWAPPED);
  key_changed_cb (self);
  mimo_key_store_load_async (self->key_store, NULL, key_store_loaded_cb, NULL);

  gtk_window_set_default_icon_name (APPLICATION_ID);
}

/* Every window is gone by now: write what is pending and close the
 * history while the main context still runs. */
static void
mimo_application_shutdown (GApplication *app)
{
  MimoApplication *self = MIMO_APPLICATION (app);

  _mimo_application_history_shutdown (self);
  if (self->store != NULL)
    {
      mimo_store_commit_deletions (self->store);
      mimo_store_flush (self->store);
    }
  g_clear_object (&self->store);

  G_APPLICATION_CLASS (mimo_application_parent_class)->shutdown (app);
}

/* `mimo-chat --ask …` answers on the terminal and exits here, before
 * GTK starts or the app registers on the bus. */
static int
mimo_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  MimoApplication *self = MIMO_APPLICATION (app);
  int              status;

  self->parsed_options = TRUE;

  status = mimo_cli_handle_local_options (options);
  if (status >= 0)
    return status;

  return G_APPLICATION_CLASS (mimo_application_parent_class)->handle_local_options (app, options);
}

static gboolean
mimo_application_local_command_line (GApplication *app,
                                     char       ***arguments,
                                     int          *exit_status)
{
  MimoApplication *self = MIMO_APPLICATION (app);
  gboolean         handled;

  handled = G_APPLICATION_CLASS (mimo_application_parent_class)->local_command_line (app, arguments, exit_status);

  /* GApplication exits with 1 on an unknown option or a bad value; for a
   * command-line tool that is a usage error, status 2. */
  if (handled && *exit_status == 1 && !self->parsed_options)
    *exit_status = MIMO_CLI_EXIT_USAGE;

  return handled;
}

static void
mimo_application_dispose (GObject *object)
{
  MimoApplication *self = MIMO_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->key_store);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mimo_application_parent_class)->dispose (object);
}

static void
mimo_application_about_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  static const char *developers[] = { "The Mimo Chat developers", NULL };
  MimoApplication   *self = user_data;
  GtkWindow         *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _ ("Mimo Chat"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _ ("The Mimo Chat developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _ ("Chat, research and write with Xiaomi’s MiMo V2 Flash model, and see exactly what every answer costs."),
                         "website", "https://github.com/mimochat/mimo-chat",
                         "issue-url", "https://github.com/mimochat/mimo-chat/issues",
                         "developers", developers,
                         /* Translators: Replace "translator-credits" with your name/year */
                         "translator-credits", _ ("translator-credits"),
                         "copyright", "© 2026 The Mimo Chat developers",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
mimo_application_preferences_action (GSimpleAction *action,
                                     GVariant      *parameter,
                                     gpointer       user_data)
{
  MimoApplication       *self = user_data;
  MimoPreferencesWindow *preferences;
  g_autofree char       *history_path = mimo_application_dup_history_path (self);
  GtkWindow             *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  preferences = mimo_preferences_window_new (GTK_APPLICATION (self), self->settings,
                                             self->key_store, self->client, history_path);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), window);
  gtk_window_set_modal (GTK_WINDOW (preferences), TRUE);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
mimo_application_quit_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  MimoApplication *self = user_data;
  GList           *windows;

  /* Close windows rather than quit outright so each saves its state. */
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

/* A notification's click (mimo-chat-view-turns.c): the chat whose answer
 * came, in the most recently used window (a new one if none is open). */
static void
mimo_application_show_conversation_action (GSimpleAction *action,
                                           GVariant      *parameter,
                                           gpointer       user_data)
{
  MimoApplication  *self = user_data;
  MimoConversation *conversation;
  MimoWindow       *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL && window == NULL; l = l->next)
    if (MIMO_IS_WINDOW (l->data))
      window = l->data;
  if (window == NULL)
    window = mimo_window_new (self, self->settings, self->key_store, self->client, mimo_application_get_store (self));

  conversation = mimo_store_lookup_conversation (mimo_application_get_store (self), g_variant_get_int64 (parameter));
  if (conversation != NULL)
    mimo_window_show_conversation (window, conversation);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "about", mimo_application_about_action },
  { "show-conversation", mimo_application_show_conversation_action, "x" },
  { "preferences", mimo_application_preferences_action },
  { "quit", mimo_application_quit_action },
};

static void
mimo_application_class_init (MimoApplicationClass *klass)
{
  GObjectClass      *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = mimo_application_dispose;

  app_class->activate = mimo_application_activate;
  app_class->startup = mimo_application_startup;
  app_class->shutdown = mimo_application_shutdown;
  app_class->handle_local_options = mimo_application_handle_local_options;
  app_class->local_command_line = mimo_application_local_command_line;
}

static void
mimo_application_init (MimoApplication *self)
{
  static const char *quit_accels[] = { "<primary>q", NULL };
  static const char *preferences_accels[] = { "<primary>comma", NULL };
  static const char *shortcuts_accels[] = { "<primary>question", NULL };

  g_application_add_main_option_entries (G_APPLICATION (self), mimo_cli_get_option_entries ());
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions,
                                   G_N_ELEMENTS (app_actions),
                                   self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  /* What GTK does for a gtk/help-overlay.ui; the window makes it on demand. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", shortcuts_accels);
  _mimo_application_history_init (self);
}
