/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-notification.c: an answer that ends while the window is in the background reaches a real D-Bus notification server. */

#define G_LOG_DOMAIN "test-notification"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "mimo-chat-view.h"
#include "mimo-composer.h"
#include "mimo-test-chat.h"
#include "mimo-test-gui.h"
#include "mimo-test-utils.h"

/* GLib 2.74 picks its notification backend once a process, at the first
 * notification: the portal inside a sandbox, org.gtk.Notifications when
 * that name has an owner (GNOME Shell), else org.freedesktop.Notifications
 * (any other desktop). Each test runs in a subprocess and owns one of the
 * two names on a connection of its own before anything is sent, so the
 * app's real backend talks to it over the test's private session bus. */

static const char fdo_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/><arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "  </interface>"
  "</node>";

static const char gtk_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

/* One notification as the server received it. */
typedef struct
{
  char *app;   /* desktop-entry hint (fdo) or application id (gtk) */
  char *id;    /* GNotification id (gtk only) */
  char *title; /* summary */
  char *body;
} Received;

static void
received_free (gpointer data)
{
  Received *received = data;

  g_free (received->app);
  g_free (received->id);
  g_free (received->title);
  g_free (received->body);
  g_free (received);
}

typedef struct
{
  MimoTestClientFixture net;
  char                 *dir;
  GSettings            *settings;
  MimoStore            *store;
  GtkApplication       *app;
  GtkWindow            *window;
  GtkWindow            *other; /* takes the focus: the person went elsewhere */
  MimoChatView         *view;

  GDBusConnection *server;
  guint            owner_id;
  guint            registration_id;
  gboolean         name_acquired;
  GPtrArray       *received; /* Received */
  GPtrArray       *removed;  /* ids withdrawn (gtk only) */
} Fixture;

static void
fdo_method_cb (GDBusConnection       *connection,
               const char            *sender,
               const char            *object_path,
               const char            *interface_name,
               const char            *method_name,
               GVariant              *parameters,
               GDBusMethodInvocation *invocation,
               gpointer               user_data)
{
  Fixture *fixture = user_data;

  if (g_str_equal (method_name, "Notify"))
    {
      g_autoptr (GVariant) hints = NULL;
      Received            *received = g_new0 (Received, 1);
      const char          *summary, *body;

      g_variant_get (parameters, "(&su&s&s&s^a&s@a{sv}i)", NULL, NULL, NULL, &summary, &body, NULL, &hints, NULL);
      received->title = g_strdup (summary);
      received->body = g_strdup (body);
      g_variant_lookup (hints, "desktop-entry", "s", &received->app);
      g_ptr_array_add (fixture->received, received);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", fixture->received->len));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "body", "actions", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "mimo", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
gtk_method_cb (GDBusConnection       *connection,
               const char            *sender,
               const char            *object_path,
               const char            *interface_name,
               const char            *method_name,
               GVariant              *parameters,
               GDBusMethodInvocation *invocation,
               gpointer               user_data)
{
  Fixture *fixture = user_data;

  if (g_str_equal (method_name, "AddNotification"))
    {
      g_autoptr (GVariant) notification = NULL;
      Received            *received = g_new0 (Received, 1);

      g_variant_get (parameters, "(ss@a{sv})", &received->app, &received->id, &notification);
      g_variant_lookup (notification, "title", "s", &received->title);
      g_variant_lookup (notification, "body", "s", &received->body);
      g_ptr_array_add (fixture->received, received);
    }
  else if (g_str_equal (method_name, "RemoveNotification"))
    {
      char *id = NULL;

      g_variant_get (parameters, "(&ss)", NULL, &id);
      g_ptr_array_add (fixture->removed, id);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((Fixture *) user_data)->name_acquired = TRUE;
}

static gboolean
name_is_acquired (gpointer user_data)
{
  return ((Fixture *) user_data)->name_acquired;
}

/* Owns @name with @xml's interface on a connection that is not the app's. */
static void
start_server (Fixture    *fixture,
              const char *name,
              const char *path,
              const char *xml)
{
  static const GDBusInterfaceVTable fdo_vtable = { fdo_method_cb, NULL, NULL, { 0 } };
  static const GDBusInterfaceVTable gtk_vtable = { gtk_method_cb, NULL, NULL, { 0 } };
  g_autoptr (GError)                error = NULL;
  g_autoptr (GDBusNodeInfo)         info = g_dbus_node_info_new_for_xml (xml, &error);
  g_autofree char                  *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);

  g_assert_no_error (error);
  fixture->server = g_dbus_connection_new_for_address_sync (address,
                                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                              G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                            NULL, NULL, &error);
  g_assert_no_error (error);
  fixture->registration_id =
    g_dbus_connection_register_object (fixture->server, path, info->interfaces[0],
                                       xml == fdo_xml ? &fdo_vtable : &gtk_vtable, fixture, NULL, &error);
  g_assert_no_error (error);
  fixture->owner_id = g_bus_own_name_on_connection (fixture->server, name, G_BUS_NAME_OWNER_FLAGS_NONE,
                                                    name_acquired_cb, NULL, fixture, NULL);
  mimo_test_wait_until (name_is_acquired, fixture, 10000);
}

static gboolean
window_is_active (gpointer user_data)
{
  return gtk_window_is_active (GTK_WINDOW (user_data));
}

static gboolean
window_is_inactive (gpointer user_data)
{
  return !gtk_window_is_active (GTK_WINDOW (user_data));
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  const char        *backend = data;

  fixture->received = g_ptr_array_new_with_free_func (received_free);
  fixture->removed = g_ptr_array_new_with_free_func (g_free);
  if (g_str_equal (backend, "gtk"))
    start_server (fixture, "org.gtk.Notifications", "/org/gtk/Notifications", gtk_xml);
  else
    start_server (fixture, "org.freedesktop.Notifications", "/org/freedesktop/Notifications", fdo_xml);

  mimo_test_client_fixture_set_up (&fixture->net, NULL);
  fixture->dir = g_dir_make_tmp ("test-notification-XXXXXX", NULL);
  {
    g_autofree char *path = g_build_filename (fixture->dir, "history.db", NULL);

    fixture->store = mimo_store_new (path);
  }
  fixture->settings = g_settings_new (BASE_APPLICATION_ID);

  fixture->app = GTK_APPLICATION (adw_application_new (APPLICATION_ID ".Notification", G_APPLICATION_NON_UNIQUE));
  g_assert_true (g_application_register (G_APPLICATION (fixture->app), NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (g_application_get_dbus_connection (G_APPLICATION (fixture->app)));

  fixture->window = GTK_WINDOW (gtk_application_window_new (fixture->app));
  gtk_window_set_title (fixture->window, "Mimo Chat");
  gtk_window_set_default_size (fixture->window, 800, 600);
  fixture->view = MIMO_CHAT_VIEW (mimo_chat_view_new (fixture->settings, fixture->net.client, fixture->store));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  mimo_test_present_and_wait (fixture->window);
  mimo_test_wait_until (window_is_active, fixture->window, 10000);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  if (fixture->other != NULL)
    gtk_window_destroy (fixture->other);
  gtk_window_destroy (fixture->window);
  mimo_test_spin (20);
  g_clear_object (&fixture->app);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->settings);
  mimo_test_client_fixture_tear_down (&fixture->net, NULL);
  {
    const char *files[] = { "history.db", "history.db-wal", "history.db-shm", "history.db.lock" };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *path = g_build_filename (fixture->dir, files[i], NULL);

        g_unlink (path);
      }
    g_rmdir (fixture->dir);
  }
  g_free (fixture->dir);

  g_bus_unown_name (fixture->owner_id);
  g_dbus_connection_unregister_object (fixture->server, fixture->registration_id);
  g_dbus_connection_close_sync (fixture->server, NULL, NULL);
  g_clear_object (&fixture->server);
  g_ptr_array_unref (fixture->received);
  g_ptr_array_unref (fixture->removed);
}

/* Another window takes the focus, as when the person switches apps. */
static void
go_elsewhere (Fixture *fixture)
{
  fixture->other = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->other, 300, 200);
  mimo_test_present_and_wait (fixture->other);
  mimo_test_wait_until (window_is_inactive, fixture->window, 10000);
}

static void
come_back (Fixture *fixture)
{
  gtk_window_destroy (fixture->other);
  fixture->other = NULL;
  /* Without a window manager the X server moves the focus itself when
   * the focused window goes: let that happen before taking it back, or
   * it can land after and leave the window inactive. */
  mimo_test_spin (300);
  gtk_window_present (fixture->window);
  mimo_test_wait_until (window_is_active, fixture->window, 10000);
}

static gboolean
not_busy (gpointer user_data)
{
  return !mimo_chat_view_get_busy (MIMO_CHAT_VIEW (user_data));
}

static void
ask (Fixture    *fixture,
     const char *text)
{
  MimoComposer *composer = MIMO_COMPOSER (
    gtk_widget_get_template_child (GTK_WIDGET (fixture->view), MIMO_TYPE_CHAT_VIEW, "composer"));

  mimo_composer_set_text (composer, text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  mimo_test_wait_until (not_busy, fixture->view, 30000);
}

static void
count_focus_change_cb (GtkWindow  *window,
                       GParamSpec *pspec,
                       guint      *changes)
{
  (*changes)++;
}

/* An answer in front: without a window manager, a loaded X server can
 * take the focus away for a moment, and an answer ending then is rightly
 * announced. Such a try says nothing about the window in front, so its
 * notifications are set aside and it is asked again. */
static void
ask_in_front (Fixture    *fixture,
              const char *text)
{
  for (guint attempt = 0; attempt < 3; attempt++)
    {
      guint  before = fixture->received->len;
      guint  changes = 0;
      gulong handler = g_signal_connect (fixture->window, "notify::is-active", G_CALLBACK (count_focus_change_cb), &changes);

      /* Nobody gives the focus back without a window manager. */
      if (!gtk_window_is_active (fixture->window))
        gtk_window_present (fixture->window);
      mimo_test_wait_until (window_is_active, fixture->window, 10000);
      ask (fixture, text);
      mimo_test_spin (100);
      g_signal_handler_disconnect (fixture->window, handler);
      if (changes == 0)
        return;
      g_test_message ("The focus moved during “%s”: asking again", text);
      g_ptr_array_remove_range (fixture->received, before, fixture->received->len - before);
    }
  g_error ("The window kept losing the focus");
}

static gboolean
has_received (gpointer user_data)
{
  return ((Fixture *) user_data)->received->len > 0;
}

static gboolean
has_failure_notification (gpointer user_data)
{
  GPtrArray *received = ((Fixture *) user_data)->received;

  for (guint i = 1; i < received->len; i++)
    {
      Received *r = g_ptr_array_index (received, i);

      if (r->body != NULL && strstr (r->body, "API key") != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_background (Fixture      *fixture,
                 gconstpointer data)
{
  MimoConversation *conversation;
  Received         *received;

  /* In front: the answer is on screen, nothing is sent. */
  ask_in_front (fixture, "Is anyone there? [[mimo-test:plain]]");
  conversation = mimo_chat_view_get_conversation (fixture->view);
  g_assert_nonnull (conversation);

  /* Elsewhere: the next answer is announced. The server hears both in
   * the order they were sent (one connection), so had the first answer
   * sent one it would come first. */
  go_elsewhere (fixture);
  ask (fixture, "Tell me more [[mimo-test:demo]]");
  mimo_test_wait_until (has_received, fixture, 10000);
  g_assert_cmpuint (fixture->received->len, ==, 1);
  received = g_ptr_array_index (fixture->received, 0);

  g_test_message ("title “%s”, body “%s”", received->title, received->body);
  g_assert_cmpstr (received->app, ==, APPLICATION_ID ".Notification");
  g_assert_cmpstr (received->title, ==, mimo_conversation_get_title (conversation));
  g_assert_nonnull (received->body);
  /* One short line of words: no Markdown marks, no line breaks. */
  g_assert_cmpuint (g_utf8_strlen (received->body, -1), <=, 141);
  g_assert_cmpuint (g_utf8_strlen (received->body, -1), >=, 20);
  if (strpbrk (received->body, "\n\r#*`|") != NULL)
    g_error ("Markdown or line breaks in “%s”", received->body);
  g_assert_true (g_utf8_validate (received->body, -1, NULL));
  if (g_str_equal (data, "gtk"))
    g_assert_cmpstr (received->id, ==, "answer-1");

  /* Back in front: another answer, no notification for it; then a
   * failure in the background, which says so in the error's words. */
  come_back (fixture);
  ask_in_front (fixture, "And again [[mimo-test:plain]]");
  go_elsewhere (fixture);
  ask (fixture, "Fail now [[mimo-test:401]]");
  mimo_test_wait_until (has_failure_notification, fixture, 10000);
  for (guint i = 0; i < fixture->received->len; i++)
    {
      received = g_ptr_array_index (fixture->received, i);
      g_test_message ("%u: title “%s”, body “%s”", i, received->title, received->body);
      g_assert_cmpstr (received->title, ==, mimo_conversation_get_title (conversation));
      /* The plain answers came while the window was active. */
      if (received->body != NULL && g_str_has_prefix (received->body, "Hello!"))
        g_error ("A notification for an answer shown in the active window: “%s”", received->body);
    }
}

/* A process of its own for each backend: the one GLib chose stays for
 * the process. */
static void
test_in_subprocess (gconstpointer data)
{
  if (g_test_subprocess ())
    {
      Fixture fixture = { 0 };

      fixture_set_up (&fixture, data);
      test_background (&fixture, data);
      fixture_tear_down (&fixture, data);
      return;
    }
  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  mimo_test_gui_init (&argc, &argv);

  g_test_add_data_func ("/gui/notification/freedesktop", "freedesktop", test_in_subprocess);
  g_test_add_data_func ("/gui/notification/gtk", "gtk", test_in_subprocess);

  return g_test_run ();
}
