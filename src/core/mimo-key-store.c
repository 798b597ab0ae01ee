/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-key-store.c: keeps the API key in the keyring through libsecret, or in memory for one session. */

#define G_LOG_DOMAIN "mimo-key-store"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-enums.h"
#include "mimo-key-store.h"

struct _MimoKeyStore
{
  GObject parent_instance;

  /* The key in use, wiped when replaced. Never logged, never a property. */
  char              *key;
  MimoKeyStoreSource source;
  gboolean           saved;
  gboolean           loaded;

  /* From EMPIRIOLABS_API_KEY at construction; wins over everything. */
  char *env_key;
};

G_DEFINE_FINAL_TYPE (MimoKeyStore, mimo_key_store, G_TYPE_OBJECT)

GQuark
mimo_key_store_error_quark (void)
{
  return g_quark_from_static_string ("mimo-key-store-error-quark");
}

enum
{
  PROP_0,
  PROP_SOURCE,
  PROP_HAS_KEY,
  PROP_SAVED,
  PROP_LOADED,
  N_PROPS
};

enum
{
  KEY_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint       signals[N_SIGNALS];

#define PROVIDER "empiriolabs"

const SecretSchema *
mimo_key_store_get_schema (void)
{
  /* The schema id does not change for .Devel builds: both share the key,
   * as they share the settings. */
  static const SecretSchema schema = {
    BASE_APPLICATION_ID,
    SECRET_SCHEMA_NONE,
    {
      { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

static void
wipe_key (char **key)
{
  if (*key == NULL)
    return;

  secret_password_wipe (*key);
  g_clear_pointer (key, g_free);
}

/* The one place the state changes, so notifications stay in step. */
static void
set_state (MimoKeyStore      *self,
           const char        *session_or_keyring_key,
           MimoKeyStoreSource source,
           gboolean           saved)
{
  gboolean had_key = self->source != MIMO_KEY_STORE_SOURCE_NONE;
  gboolean key_changed;

  g_object_freeze_notify (G_OBJECT (self));

  /* The environment wins whatever else happens. */
  if (self->env_key != NULL)
    source = MIMO_KEY_STORE_SOURCE_ENVIRONMENT;

  if (source == MIMO_KEY_STORE_SOURCE_ENVIRONMENT)
    session_or_keyring_key = self->env_key;
  else if (source == MIMO_KEY_STORE_SOURCE_NONE)
    session_or_keyring_key = NULL;

  key_changed = g_strcmp0 (self->key, session_or_keyring_key) != 0;
  if (key_changed)
    {
      wipe_key (&self->key);
      self->key = g_strdup (session_or_keyring_key);
    }

  if (self->source != source)
    {
      self->source = source;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
    }
  if (had_key != (source != MIMO_KEY_STORE_SOURCE_NONE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_KEY]);
  if (self->saved != saved)
    {
      self->saved = saved;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SAVED]);
    }

  g_object_thaw_notify (G_OBJECT (self));

  if (key_changed)
    g_signal_emit (self, signals[KEY_CHANGED], 0);
}

static void
set_loaded (MimoKeyStore *self)
{
  if (self->loaded)
    return;

  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

GError *
_mimo_key_store_translate_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == MIMO_KEY_STORE_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_AUTH_FAILED))
    return g_error_new_literal (MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_LOCKED,
                                _ ("Your password keyring is locked, so the key could not be saved or read. "
                                   "Unlock it and try again, or use the key for this session only."));

  /* No bus (G_IO_ERROR from the connection), no secret service on the bus,
   * no portal backend, or a keyring without its default collection ("Object
   * does not exist at path …/collection/login" as UnknownMethod): to the
   * person using the app all of these mean there is no keyring to use. */
  if (error->domain == G_IO_ERROR ||
      error->domain == G_DBUS_ERROR ||
      g_error_matches (error, SECRET_ERROR, SECRET_ERROR_NO_SUCH_OBJECT))
    return g_error_new_literal (MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_NO_SERVICE,
                                _ ("There is no password keyring on this computer, so the key cannot be saved. "
                                   "You can use it for this session only; you will need to paste it again next time."));

  return g_error_new_literal (MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_FAILED,
                              _ ("The password keyring could not save or read the key. "
                                 "Try again, or use the key for this session only."));
}

/* Logs what the keyring said, for people debugging, without the key (the
 * keyring's errors never contain secrets) and returns our error. */
static GError *
keyring_error (const char   *what,
               const GError *error)
{
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Keyring %s failed: %s (%s, %d)", what, error->message,
             g_quark_to_string (error->domain), error->code);

  return _mimo_key_store_translate_error (error);
}

char *
mimo_key_store_normalize_key (const char *text,
                              GError    **error)
{
  const char *start;
  const char *end;
  char       *key;

  if (text == NULL)
    text = "";

  start = text;
  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;

  if (end == start)
    {
      g_set_error_literal (error, MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_INVALID_KEY,
                           _ ("Paste your API key first. You can copy it from your EmpirioLabs dashboard."));
      return NULL;
    }

  /* A key goes into an HTTP header: printable ASCII without spaces. This
   * catches a pasted sentence or a half-copied line early. */
  for (const char *p = start; p < end; p++)
    {
      if ((guchar) *p <= ' ' || (guchar) *p >= 0x7f)
        {
          g_set_error_literal (error, MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_INVALID_KEY,
                               _ ("This does not look like an API key: it contains spaces or unusual characters. "
                                  "Copy the key again from your EmpirioLabs dashboard and paste only the key."));
          return NULL;
        }
    }

  key = g_strndup (start, end - start);
  return key;
}

MimoKeyStore *
mimo_key_store_new (void)
{
  return g_object_new (MIMO_TYPE_KEY_STORE, NULL);
}

MimoKeyStoreSource
mimo_key_store_get_source (MimoKeyStore *self)
{
  g_return_val_if_fail (MIMO_IS_KEY_STORE (self), MIMO_KEY_STORE_SOURCE_NONE);

  return self->source;
}

gboolean
mimo_key_store_get_has_key (MimoKeyStore *self)
{
  g_return_val_if_fail (MIMO_IS_KEY_STORE (self), FALSE);

  return self->source != MIMO_KEY_STORE_SOURCE_NONE;
}

gboolean
mimo_key_store_get_saved (MimoKeyStore *self)
{
  g_return_val_if_fail (MIMO_IS_KEY_STORE (self), FALSE);

  return self->saved;
}

gboolean
mimo_key_store_get_loaded (MimoKeyStore *self)
{
  g_return_val_if_fail (MIMO_IS_KEY_STORE (self), FALSE);

  return self->loaded;
}

const char *
mimo_key_store_peek_key (MimoKeyStore *self)
{
  g_return_val_if_fail (MIMO_IS_KEY_STORE (self), NULL);

  return self->key;
}

/* ---------------------------------------------------------------- load -- */

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  MimoKeyStore      *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  char              *found;

  found = secret_password_lookup_finish (result, &error);
  set_loaded (self);

  if (error != NULL)
    {
      g_autoptr (GError) ours = keyring_error ("lookup", error);

      /* With the environment's key the app works without a keyring. */
      if (self->env_key != NULL && !g_error_matches (ours, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&ours));
      return;
    }

  g_debug ("Keyring lookup: %s", found != NULL ? "a key is saved" : "no key saved");
  if (found != NULL)
    set_state (self, found, MIMO_KEY_STORE_SOURCE_KEYRING, TRUE);
  else if (self->source == MIMO_KEY_STORE_SOURCE_KEYRING)
    set_state (self, NULL, MIMO_KEY_STORE_SOURCE_NONE, FALSE);
  else
    set_state (self, self->key, self->source, FALSE);

  secret_password_free (found);
  g_task_return_boolean (task, TRUE);
}

void
mimo_key_store_load_async (MimoKeyStore       *self,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (MIMO_IS_KEY_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mimo_key_store_load_async);

  secret_password_lookup (mimo_key_store_get_schema (), cancellable,
                          lookup_cb, g_steal_pointer (&task),
                          "provider", PROVIDER,
                          NULL);
}

gboolean
mimo_key_store_load_finish (MimoKeyStore *self,
                            GAsyncResult *result,
                            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mimo_key_store_load_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --------------------------------------------------------------- store -- */

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  MimoKeyStore      *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  const char        *key = g_task_get_task_data (task);

  if (!secret_password_store_finish (result, &error))
    {
      g_task_return_error (task, keyring_error ("store", error));
      return;
    }

  g_debug ("Key saved in the keyring");
  set_state (self, key, MIMO_KEY_STORE_SOURCE_KEYRING, TRUE);
  g_task_return_boolean (task, TRUE);
}

void
mimo_key_store_store_async (MimoKeyStore       *self,
                            const char         *key,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask)  task = NULL;
  g_autoptr (GError) error = NULL;
  char              *normalized;

  g_return_if_fail (MIMO_IS_KEY_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mimo_key_store_store_async);

  normalized = mimo_key_store_normalize_key (key, &error);
  if (normalized == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_set_task_data (task, normalized, (GDestroyNotify) secret_password_free);

  secret_password_store (mimo_key_store_get_schema (), SECRET_COLLECTION_DEFAULT,
                         _ ("EmpirioLabs API key for Mimo Chat"),
                         normalized, cancellable,
                         store_cb, g_steal_pointer (&task),
                         "provider", PROVIDER,
                         NULL);
}

gboolean
mimo_key_store_store_finish (MimoKeyStore *self,
                             GAsyncResult *result,
                             GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mimo_key_store_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* -------------------------------------------------------------- forget -- */

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  MimoKeyStore      *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;

  /* FALSE without an error only means nothing was saved. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      g_autoptr (GError) ours = keyring_error ("clear", error);

      /* A session key lives in memory only: forgetting it needs no keyring. */
      if (!self->saved && !g_error_matches (ours, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_state (self, NULL, MIMO_KEY_STORE_SOURCE_NONE, FALSE);
          g_task_return_boolean (task, TRUE);
          return;
        }

      g_task_return_error (task, g_steal_pointer (&ours));
      return;
    }

  g_debug ("Key removed from the keyring");
  set_state (self, NULL, MIMO_KEY_STORE_SOURCE_NONE, FALSE);
  g_task_return_boolean (task, TRUE);
}

void
mimo_key_store_forget_async (MimoKeyStore       *self,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (MIMO_IS_KEY_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mimo_key_store_forget_async);

  secret_password_clear (mimo_key_store_get_schema (), cancellable,
                         clear_cb, g_steal_pointer (&task),
                         "provider", PROVIDER,
                         NULL);
}

gboolean
mimo_key_store_forget_finish (MimoKeyStore *self,
                              GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mimo_key_store_forget_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------- session -- */

gboolean
mimo_key_store_use_for_session (MimoKeyStore *self,
                                const char   *key,
                                GError      **error)
{
  char *normalized;

  g_return_val_if_fail (MIMO_IS_KEY_STORE (self), FALSE);

  normalized = mimo_key_store_normalize_key (key, error);
  if (normalized == NULL)
    return FALSE;

  g_debug ("Using a key for this session only");
  set_state (self, normalized, MIMO_KEY_STORE_SOURCE_SESSION, self->saved);
  secret_password_free (normalized);

  return TRUE;
}

/* ------------------------------------------------------------- GObject -- */

static void
mimo_key_store_constructed (GObject *object)
{
  MimoKeyStore      *self = MIMO_KEY_STORE (object);
  const char        *env = g_getenv (MIMO_KEY_STORE_ENV_VAR);
  g_autoptr (GError) error = NULL;

  G_OBJECT_CLASS (mimo_key_store_parent_class)->constructed (object);

  if (env != NULL && env[0] != '\0')
    {
      self->env_key = mimo_key_store_normalize_key (env, &error);
      if (self->env_key == NULL)
        g_warning ("Ignoring %s: %s", MIMO_KEY_STORE_ENV_VAR, error->message);
      else
        set_state (self, NULL, MIMO_KEY_STORE_SOURCE_ENVIRONMENT, FALSE);
    }
}

static void
mimo_key_store_finalize (GObject *object)
{
  MimoKeyStore *self = MIMO_KEY_STORE (object);

  wipe_key (&self->key);
  wipe_key (&self->env_key);

  G_OBJECT_CLASS (mimo_key_store_parent_class)->finalize (object);
}

static void
mimo_key_store_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MimoKeyStore *self = MIMO_KEY_STORE (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_enum (value, self->source);
      break;

    case PROP_HAS_KEY:
      g_value_set_boolean (value, mimo_key_store_get_has_key (self));
      break;

    case PROP_SAVED:
      g_value_set_boolean (value, self->saved);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_key_store_class_init (MimoKeyStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mimo_key_store_constructed;
  object_class->finalize = mimo_key_store_finalize;
  object_class->get_property = mimo_key_store_get_property;

  /* Deliberately no "key" property: the key can be read only through
   * mimo_key_store_peek_key(), so it never shows up in a GObject dump,
   * an inspector or a binding. */
  properties[PROP_SOURCE] =
    g_param_spec_enum ("source", NULL, NULL,
                       MIMO_TYPE_KEY_STORE_SOURCE, MIMO_KEY_STORE_SOURCE_NONE,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_HAS_KEY] =
    g_param_spec_boolean ("has-key", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_SAVED] =
    g_param_spec_boolean ("saved", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MimoKeyStore::key-changed:
   *
   * The key in use changed (a new one, a forgotten one, or none): the
   * client reads it again with mimo_key_store_peek_key().
   */
  signals[KEY_CHANGED] =
    g_signal_new ("key-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mimo_key_store_init (MimoKeyStore *self)
{
}
