/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-window.c: the main window; remembers its size and maximized state. */

#define G_LOG_DOMAIN "mimo-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-settings-keys.h"
#include "mimo-welcome-page.h"
#include "mimo-window.h"

struct _MimoWindow
{
  AdwApplicationWindow parent_instance;

  GSettings    *settings;
  MimoKeyStore *key_store;
  MimoClient   *client;

  AdwToastOverlay *toast_overlay;
  AdwHeaderBar    *header_bar;
  GtkMenuButton   *main_menu_button;
  GtkStack        *content_stack;
};

G_DEFINE_FINAL_TYPE (MimoWindow, mimo_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_SETTINGS,
  PROP_KEY_STORE,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

MimoWindow *
mimo_window_new (MimoApplication *application,
                 GSettings       *settings,
                 MimoKeyStore    *key_store,
                 MimoClient      *client)
{
  g_return_val_if_fail (MIMO_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (MIMO_IS_KEY_STORE (key_store), NULL);
  g_return_val_if_fail (MIMO_IS_CLIENT (client), NULL);

  return g_object_new (MIMO_TYPE_WINDOW,
                       "application", application,
                       "settings", settings,
                       "key-store", key_store,
                       "client", client,
                       NULL);
}

/* The welcome page while there is no key anywhere; not before the
 * keyring has answered, so it never flashes at people who have one. */
static void
update_content (MimoWindow *self)
{
  gboolean welcome = mimo_key_store_get_loaded (self->key_store) &&
                     !mimo_key_store_get_has_key (self->key_store);

  gtk_stack_set_visible_child_name (self->content_stack, welcome ? "welcome" : "chat");
}

static void
key_ready_cb (MimoWindow *self)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_ ("Your key works. Ask anything!")));
}

static void
mimo_window_save_state (MimoWindow *self)
{
  int      width = 0;
  int      height = 0;
  gboolean maximized;

  maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  g_settings_set_boolean (self->settings, MIMO_SETTINGS_WINDOW_MAXIMIZED, maximized);

  /* The default size is the unmaximized one: keep it for the next start. */
  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, MIMO_SETTINGS_WINDOW_WIDTH, width);
          g_settings_set_int (self->settings, MIMO_SETTINGS_WINDOW_HEIGHT, height);
        }
    }
}

static void
mimo_window_restore_state (MimoWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, MIMO_SETTINGS_WINDOW_WIDTH),
                               g_settings_get_int (self->settings, MIMO_SETTINGS_WINDOW_HEIGHT));

  if (g_settings_get_boolean (self->settings, MIMO_SETTINGS_WINDOW_MAXIMIZED))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
mimo_window_close_request (GtkWindow *window)
{
  mimo_window_save_state (MIMO_WINDOW (window));

  return GTK_WINDOW_CLASS (mimo_window_parent_class)->close_request (window);
}

static void
mimo_window_constructed (GObject *object)
{
  MimoWindow *self = MIMO_WINDOW (object);
  GtkWidget  *welcome;

  G_OBJECT_CLASS (mimo_window_parent_class)->constructed (object);

  mimo_window_restore_state (self);

  g_assert (MIMO_IS_KEY_STORE (self->key_store));
  g_assert (MIMO_IS_CLIENT (self->client));
  welcome = mimo_welcome_page_new (self->key_store, self->client);
  g_signal_connect_object (welcome, "key-ready", G_CALLBACK (key_ready_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->content_stack, welcome, "welcome");
  g_signal_connect_object (self->key_store, "notify::has-key",
                           G_CALLBACK (update_content), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->key_store, "notify::loaded",
                           G_CALLBACK (update_content), self, G_CONNECT_SWAPPED);
  update_content (self);

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

static void
mimo_window_dispose (GObject *object)
{
  MimoWindow *self = MIMO_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MIMO_TYPE_WINDOW);
  g_clear_object (&self->key_store);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mimo_window_parent_class)->dispose (object);
}

static void
mimo_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MimoWindow *self = MIMO_WINDOW (object);

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

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MimoWindow *self = MIMO_WINDOW (object);

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

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_window_class_init (MimoWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mimo_window_constructed;
  object_class->dispose = mimo_window_dispose;
  object_class->get_property = mimo_window_get_property;
  object_class->set_property = mimo_window_set_property;

  window_class->close_request = mimo_window_close_request;

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

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/mimo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MimoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MimoWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MimoWindow, main_menu_button);
  gtk_widget_class_bind_template_child (widget_class, MimoWindow, content_stack);
}

static void
mimo_window_init (MimoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
