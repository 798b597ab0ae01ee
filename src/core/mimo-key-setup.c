/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-key-setup.c: tests a pasted API key with the API and saves it only once it works. */

#define G_LOG_DOMAIN "mimo-key-setup"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-error.h"
#include "mimo-key-setup.h"

typedef struct
{
  MimoClient *client;
  char       *key; /* wiped on free */
} SetupData;

static void
setup_data_free (SetupData *data)
{
  g_clear_object (&data->client);
  secret_password_free (data->key);
  g_free (data);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  g_autoptr (GError) error = NULL;

  if (!mimo_key_store_store_finish (MIMO_KEY_STORE (object), result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
test_key_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask)  task = user_data;
  SetupData         *data = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!mimo_client_test_key_finish (MIMO_CLIENT (object), result, &error))
    {
      g_debug ("The pasted key did not pass the test: %s",
               error->domain == MIMO_CLIENT_ERROR ? mimo_client_error_code_name (error->code) : "other");

      /* The client's words point to the Preferences; here the person is
       * looking at the key they just pasted. */
      if (g_error_matches (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_AUTH))
        {
          g_clear_error (&error);
          error = g_error_new_literal (MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_AUTH,
                                       _ ("EmpirioLabs did not accept this key. Make sure you copied all of it, "
                                          "or create a new key on the EmpirioLabs dashboard."));
        }

      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_debug ("The pasted key works; saving it");
  mimo_key_store_store_async (g_task_get_source_object (task), data->key,
                              g_task_get_cancellable (task),
                              store_cb, g_object_ref (task));
}

void
mimo_key_setup_async (MimoKeyStore       *key_store,
                      MimoClient         *client,
                      const char         *key,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr (GTask)  task = NULL;
  g_autoptr (GError) error = NULL;
  SetupData         *data;
  char              *normalized;

  g_return_if_fail (MIMO_IS_KEY_STORE (key_store));
  g_return_if_fail (MIMO_IS_CLIENT (client));

  task = g_task_new (key_store, cancellable, callback, user_data);
  g_task_set_source_tag (task, mimo_key_setup_async);

  /* An empty or mangled paste never goes online. */
  normalized = mimo_key_store_normalize_key (key, &error);
  if (normalized == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (SetupData, 1);
  data->client = g_object_ref (client);
  data->key = normalized;
  g_task_set_task_data (task, data, (GDestroyNotify) setup_data_free);

  mimo_client_test_key_async (client, data->key, cancellable, test_key_cb, g_steal_pointer (&task));
}

gboolean
mimo_key_setup_finish (MimoKeyStore *key_store,
                       GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, key_store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mimo_key_setup_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
mimo_key_setup_error_is_keyring (const GError *error)
{
  return error != NULL &&
         error->domain == MIMO_KEY_STORE_ERROR &&
         error->code != MIMO_KEY_STORE_ERROR_INVALID_KEY;
}
