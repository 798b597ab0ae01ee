/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-welcome-page.c: the first-run page; tests a pasted key and stores it only once it works. */

#define G_LOG_DOMAIN "mimo-welcome-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-key-setup.h"
#include "mimo-welcome-page.h"

struct _MimoWelcomePage
{
  AdwBin parent_instance;

  MimoKeyStore *key_store;
  MimoClient   *client;
  GCancellable *cancellable;

  AdwPasswordEntryRow *key_entry;
  GtkButton           *test_button;
  GtkSpinner          *spinner;
  GtkLabel            *status_label;
  GtkButton           *session_button;
  GtkWidget           *footer_label;
};

G_DEFINE_FINAL_TYPE (MimoWelcomePage, mimo_welcome_page, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_KEY_STORE,
  PROP_CLIENT,
  N_PROPS
};

enum
{
  KEY_READY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

typedef enum
{
  STATUS_NONE,
  STATUS_BUSY,
  STATUS_SUCCESS,
  STATUS_ERROR,
} Status;

GtkWidget *
mimo_welcome_page_new (MimoKeyStore *key_store,
                       MimoClient   *client)
{
  g_return_val_if_fail (MIMO_IS_KEY_STORE (key_store), NULL);
  g_return_val_if_fail (MIMO_IS_CLIENT (client), NULL);

  return g_object_new (MIMO_TYPE_WELCOME_PAGE,
                       "key-store", key_store,
                       "client", client,
                       NULL);
}

static void
set_status (MimoWelcomePage *self,
            Status           status,
            const char      *text,
            gboolean         offer_session)
{
  GtkWidget  *label = GTK_WIDGET (self->status_label);
  gboolean    busy = status == STATUS_BUSY;
  const char *text_now = gtk_editable_get_text (GTK_EDITABLE (self->key_entry));

  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (label, text != NULL);
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "success");
  gtk_widget_remove_css_class (label, "dim-label");
  if (status == STATUS_ERROR)
    gtk_widget_add_css_class (label, "error");
  else if (status == STATUS_SUCCESS)
    gtk_widget_add_css_class (label, "success");
  else if (status == STATUS_BUSY)
    gtk_widget_add_css_class (label, "dim-label");

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->key_entry), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), !busy && text_now[0] != '\0');
  /* Offering this session only, that is the way forward, and the promise
   * about the keyring no longer holds. */
  gtk_widget_set_visible (GTK_WIDGET (self->session_button), offer_session);
  gtk_widget_set_visible (self->footer_label, !offer_session);
  if (offer_session)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->test_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->session_button), "suggested-action");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->test_button), "suggested-action");
      gtk_widget_remove_css_class (GTK_WIDGET (self->session_button), "suggested-action");
    }

  /* Screen readers hear the outcome without looking for it. */
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                    -1);
}

static void
setup_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  MimoWelcomePage   *self;
  g_autoptr (GError) error = NULL;

  if (!mimo_key_setup_finish (MIMO_KEY_STORE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = MIMO_WELCOME_PAGE (user_data);
  if (error != NULL)
    {
      /* Either the key does not work (wrong, no credit, offline: the
       * message says which and what to do), or it works but the keyring
       * could not keep it: then offer this session; the entry keeps the
       * key until then. */
      set_status (self, STATUS_ERROR, error->message, mimo_key_setup_error_is_keyring (error));
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->key_entry), "");
  set_status (self, STATUS_SUCCESS, _ ("Your key works and is saved. You are ready to chat."), FALSE);
  g_signal_emit (self, signals[KEY_READY], 0);
}

static void
test_clicked_cb (MimoWelcomePage *self)
{
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->test_button)))
    return;

  set_status (self, STATUS_BUSY, _ ("Checking the key with EmpirioLabs…"), FALSE);
  mimo_key_setup_async (self->key_store, self->client,
                        gtk_editable_get_text (GTK_EDITABLE (self->key_entry)),
                        self->cancellable, setup_cb, self);
}

static void
session_clicked_cb (MimoWelcomePage *self)
{
  g_autoptr (GError) error = NULL;

  if (!mimo_key_store_use_for_session (self->key_store,
                                       gtk_editable_get_text (GTK_EDITABLE (self->key_entry)),
                                       &error))
    {
      set_status (self, STATUS_ERROR, error->message, FALSE);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->key_entry), "");
  set_status (self, STATUS_SUCCESS,
              _ ("Your key will be used until Mimo Chat quits. It is not saved anywhere."), FALSE);
  g_signal_emit (self, signals[KEY_READY], 0);
}

static void
key_changed_cb (MimoWelcomePage *self)
{
  /* A new paste starts over. */
  set_status (self, STATUS_NONE, NULL, FALSE);
}

static void
get_key_activated_cb (MimoWelcomePage *self)
{
  gtk_show_uri (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), MIMO_DASHBOARD_URL, GDK_CURRENT_TIME);
}

static void
mimo_welcome_page_dispose (GObject *object)
{
  MimoWelcomePage *self = MIMO_WELCOME_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MIMO_TYPE_WELCOME_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->key_store);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (mimo_welcome_page_parent_class)->dispose (object);
}

static void
mimo_welcome_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MimoWelcomePage *self = MIMO_WELCOME_PAGE (object);

  switch (prop_id)
    {
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
mimo_welcome_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MimoWelcomePage *self = MIMO_WELCOME_PAGE (object);

  switch (prop_id)
    {
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
mimo_welcome_page_class_init (MimoWelcomePageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mimo_welcome_page_dispose;
  object_class->get_property = mimo_welcome_page_get_property;
  object_class->set_property = mimo_welcome_page_set_property;

  properties[PROP_KEY_STORE] =
    g_param_spec_object ("key-store", NULL, NULL,
                         MIMO_TYPE_KEY_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL,
                         MIMO_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MimoWelcomePage::key-ready:
   *
   * A key that works is in the key store (saved, or for this session).
   */
  signals[KEY_READY] =
    g_signal_new ("key-ready",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/mimo-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MimoWelcomePage, key_entry);
  gtk_widget_class_bind_template_child (widget_class, MimoWelcomePage, test_button);
  gtk_widget_class_bind_template_child (widget_class, MimoWelcomePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MimoWelcomePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, MimoWelcomePage, session_button);
  gtk_widget_class_bind_template_child (widget_class, MimoWelcomePage, footer_label);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, session_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, key_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, get_key_activated_cb);
}

static void
mimo_welcome_page_init (MimoWelcomePage *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}
