/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-cli-key.c: the API key for --ask: EMPIRIOLABS_API_KEY, else the one the app keeps in the keyring. */

#define G_LOG_DOMAIN "mimo-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-cli-private.h"
#include "mimo-key-store.h"

typedef struct
{
  gboolean done;
  GError  *error;
} Lookup;

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Lookup *lookup = user_data;

  mimo_key_store_load_finish (MIMO_KEY_STORE (object), result, &lookup->error);
  lookup->done = TRUE;
}

static gboolean
give_up_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);

  return G_SOURCE_REMOVE;
}

/* Why the keyring gave no key, for a terminal: the key store's own
 * messages offer the app's "this session only", which means nothing here. */
static char *
keyring_problem (const GError *error,
                 guint         timeout_seconds)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup_printf (ngettext ("The password keyring did not answer within %u second, so the API key saved "
                                      "by Mimo Chat could not be read. Try again, or set EMPIRIOLABS_API_KEY.",
                                      "The password keyring did not answer within %u seconds, so the API key saved "
                                      "by Mimo Chat could not be read. Try again, or set EMPIRIOLABS_API_KEY.",
                                      timeout_seconds),
                            timeout_seconds);
  if (g_error_matches (error, MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_LOCKED))
    return g_strdup (_ ("Your password keyring is locked, so the API key saved by Mimo Chat could not be read. "
                        "Unlock it (log in to your desktop) or set EMPIRIOLABS_API_KEY, then try again."));
  if (g_error_matches (error, MIMO_KEY_STORE_ERROR, MIMO_KEY_STORE_ERROR_NO_SERVICE))
    return g_strdup (_ ("No EmpirioLabs API key is set, and there is no password keyring here to read one from. "
                        "Set EMPIRIOLABS_API_KEY, then try again."));

  return g_strdup (_ ("The password keyring could not read the API key saved by Mimo Chat. "
                      "Try again, or set EMPIRIOLABS_API_KEY."));
}

MimoClient *
_mimo_cli_new_client (guint  timeout_seconds,
                      char **problem)
{
  g_autoptr (MimoClient)   client = mimo_client_new ();
  g_autoptr (MimoKeyStore) key_store = NULL;
  g_autoptr (GCancellable) cancellable = NULL;
  Lookup                   lookup = { 0 };
  guint                    give_up_id;

  g_return_val_if_fail (problem != NULL && *problem == NULL, NULL);

  /* The client reads EMPIRIOLABS_API_KEY (and MIMO_BASE_URL) itself; the
   * environment wins over the keyring, so then there is nothing to ask. */
  if (mimo_client_has_api_key (client))
    return g_steal_pointer (&client);

  /* A keyring that hangs (a prompt nobody answers, a stuck service) must
   * not hang a command. */
  key_store = mimo_key_store_new ();
  cancellable = g_cancellable_new ();
  give_up_id = g_timeout_add_seconds (timeout_seconds, give_up_cb, cancellable);
  mimo_key_store_load_async (key_store, cancellable, loaded_cb, &lookup);
  while (!lookup.done)
    g_main_context_iteration (NULL, TRUE);
  if (!g_cancellable_is_cancelled (cancellable))
    g_source_remove (give_up_id);

  if (lookup.error != NULL)
    {
      g_debug ("No key from the keyring: %s", lookup.error->message);
      *problem = keyring_problem (lookup.error, timeout_seconds);
      g_error_free (lookup.error);
    }
  else if (mimo_key_store_get_has_key (key_store))
    mimo_client_set_api_key (client, mimo_key_store_peek_key (key_store));

  return g_steal_pointer (&client);
}
