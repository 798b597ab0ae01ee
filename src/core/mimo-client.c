/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-client.c: the client's settings, its key, its one SoupSession, and the start of a chat. */

#define G_LOG_DOMAIN "mimo-client"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mimo-client-private.h"
#include "mimo-completion-private.h"
#include "mimo-error.h"

struct _MimoClient
{
  GObject parent_instance;

  SoupSession *session;

  char *base_url;     /* as set, NULL for the default */
  char *env_base_url; /* MIMO_BASE_URL, wins */
  char *model;
  char *api_key;     /* as set; never leaves this file except in a header */
  char *env_api_key; /* EMPIRIOLABS_API_KEY, wins */

  guint  connect_timeout;
  guint  idle_timeout;
  double retry_delay;

  MimoPricing *pricing;
  JsonObject  *model_schema;
};

G_DEFINE_FINAL_TYPE (MimoClient, mimo_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BASE_URL,
  PROP_MODEL,
  PROP_API_KEY,
  PROP_HAS_API_KEY,
  PROP_CONNECT_TIMEOUT,
  PROP_IDLE_TIMEOUT,
  PROP_RETRY_DELAY,
  PROP_PRICING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Overwrites a secret before freeing it, so it does not linger in freed
 * memory. The volatile pointer keeps the compiler from skipping it. */
void
_mimo_wipe_string (char **secret)
{
  if (*secret != NULL)
    {
      volatile char *p = *secret;

      while (*p != '\0')
        *p++ = '\0';
      g_clear_pointer (secret, g_free);
    }
}

static char *
dup_env (const char *name)
{
  const char *value = g_getenv (name);
  char       *copy;

  if (value == NULL)
    return NULL;

  copy = g_strstrip (g_strdup (value));
  if (copy[0] == '\0')
    g_clear_pointer (&copy, g_free);

  return copy;
}

MimoClient *
mimo_client_new (void)
{
  return g_object_new (MIMO_TYPE_CLIENT, NULL);
}

static gboolean
pricing_equal (const MimoPricing *a,
               const MimoPricing *b)
{
  return a->input_nanos == b->input_nanos &&
         a->cached_nanos == b->cached_nanos &&
         a->output_nanos == b->output_nanos &&
         a->web_search_nanos == b->web_search_nanos &&
         a->context_window == b->context_window &&
         a->max_output_tokens == b->max_output_tokens &&
         !a->from_schema == !b->from_schema;
}

/* Takes @pricing as the one in use, notifying when it differs. */
static void
replace_pricing (MimoClient  *self,
                 MimoPricing *pricing)
{
  if (pricing_equal (pricing, self->pricing))
    {
      mimo_pricing_free (pricing);
      return;
    }

  g_clear_pointer (&self->pricing, mimo_pricing_free);
  self->pricing = pricing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICING]);
}

static void
forget_model_schema (MimoClient *self)
{
  g_clear_pointer (&self->model_schema, json_object_unref);
  replace_pricing (self, mimo_pricing_new ());
}

const char *
mimo_client_get_base_url (MimoClient *self)
{
  g_return_val_if_fail (MIMO_IS_CLIENT (self), NULL);

  if (self->env_base_url != NULL)
    return self->env_base_url;
  if (self->base_url != NULL)
    return self->base_url;

  return MIMO_CLIENT_DEFAULT_BASE_URL;
}

void
mimo_client_set_base_url (MimoClient *self,
                          const char *base_url)
{
  g_autofree char *old = NULL;

  g_return_if_fail (MIMO_IS_CLIENT (self));

  if (base_url != NULL && base_url[0] == '\0')
    base_url = NULL;
  if (g_strcmp0 (base_url, self->base_url) == 0)
    return;

  old = g_strdup (mimo_client_get_base_url (self));
  g_free (self->base_url);
  self->base_url = g_strdup (base_url);

  if (g_strcmp0 (old, mimo_client_get_base_url (self)) != 0)
    {
      forget_model_schema (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
    }
}

gboolean
mimo_client_get_base_url_from_environment (MimoClient *self)
{
  g_return_val_if_fail (MIMO_IS_CLIENT (self), FALSE);

  return self->env_base_url != NULL;
}

const char *
mimo_client_get_model (MimoClient *self)
{
  g_return_val_if_fail (MIMO_IS_CLIENT (self), NULL);

  return self->model;
}

void
mimo_client_set_model (MimoClient *self,
                       const char *model)
{
  g_return_if_fail (MIMO_IS_CLIENT (self));

  if (model == NULL || model[0] == '\0')
    model = MIMO_CLIENT_DEFAULT_MODEL;
  if (g_strcmp0 (model, self->model) == 0)
    return;

  g_free (self->model);
  self->model = g_strdup (model);
  forget_model_schema (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

const char *
_mimo_client_peek_api_key (MimoClient *self)
{
  return self->env_api_key != NULL ? self->env_api_key : self->api_key;
}

void
mimo_client_set_api_key (MimoClient *self,
                         const char *api_key)
{
  gboolean had_key;

  g_return_if_fail (MIMO_IS_CLIENT (self));

  if (api_key != NULL && api_key[0] == '\0')
    api_key = NULL;
  if (g_strcmp0 (api_key, self->api_key) == 0)
    return;

  had_key = mimo_client_has_api_key (self);
  _mimo_wipe_string (&self->api_key);
  self->api_key = g_strdup (api_key);
  if (self->api_key != NULL)
    g_strstrip (self->api_key);

  /* A schema fetched with another key may not be this account's. */
  if (self->env_api_key == NULL)
    forget_model_schema (self);

  if (had_key != mimo_client_has_api_key (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_API_KEY]);
}

gboolean
mimo_client_has_api_key (MimoClient *self)
{
  g_return_val_if_fail (MIMO_IS_CLIENT (self), FALSE);

  return _mimo_client_peek_api_key (self) != NULL;
}

MimoKeySource
mimo_client_get_key_source (MimoClient *self)
{
  g_return_val_if_fail (MIMO_IS_CLIENT (self), MIMO_KEY_SOURCE_NONE);

  if (self->env_api_key != NULL)
    return MIMO_KEY_SOURCE_ENVIRONMENT;
  if (self->api_key != NULL)
    return MIMO_KEY_SOURCE_SET;

  return MIMO_KEY_SOURCE_NONE;
}

guint
mimo_client_get_connect_timeout (MimoClient *self)
{
  g_return_val_if_fail (MIMO_IS_CLIENT (self), 0);

  return self->connect_timeout;
}

void
mimo_client_set_connect_timeout (MimoClient *self,
                                 guint       seconds)
{
  g_return_if_fail (MIMO_IS_CLIENT (self));

  if (self->connect_timeout == seconds)
    return;

  self->connect_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT]);
}

guint
mimo_client_get_idle_timeout (MimoClient *self)
{
  g_return_val_if_fail (MIMO_IS_CLIENT (self), 0);

  return self->idle_timeout;
}

void
mimo_client_set_idle_timeout (MimoClient *self,
                              guint       seconds)
{
  g_return_if_fail (MIMO_IS_CLIENT (self));

  if (self->idle_timeout == seconds)
    return;

  self->idle_timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IDLE_TIMEOUT]);
}

double
mimo_client_get_retry_delay (MimoClient *self)
{
  g_return_val_if_fail (MIMO_IS_CLIENT (self), 0);

  return self->retry_delay;
}

void
mimo_client_set_retry_delay (MimoClient *self,
                             double      seconds)
{
  g_return_if_fail (MIMO_IS_CLIENT (self));
  g_return_if_fail (seconds >= 0);

  if (self->retry_delay == seconds)
    return;

  self->retry_delay = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_DELAY]);
}

const MimoPricing *
mimo_client_get_pricing (MimoClient *self)
{
  g_return_val_if_fail (MIMO_IS_CLIENT (self), NULL);

  return self->pricing;
}

JsonObject *
mimo_client_get_model_schema (MimoClient *self)
{
  g_return_val_if_fail (MIMO_IS_CLIENT (self), NULL);

  return self->model_schema;
}

void
_mimo_client_set_model_schema (MimoClient *self,
                               JsonObject *schema)
{
  MimoPricing *pricing = mimo_pricing_new ();

  g_clear_pointer (&self->model_schema, json_object_unref);
  self->model_schema = json_object_ref (schema);

  /* The card's values stay for whatever the schema does not say. */
  mimo_pricing_update_from_schema (pricing, self->model_schema);
  replace_pricing (self, pricing);
  g_debug ("Model schema fetched; prices from %s", self->pricing->from_schema ? "the schema" : "the card");
}

SoupSession *
_mimo_client_get_session (MimoClient *self)
{
  return self->session;
}

double
_mimo_client_get_retry_delay (MimoClient *self)
{
  return self->retry_delay;
}

const MimoPricing *
_mimo_client_peek_pricing (MimoClient *self)
{
  return self->pricing;
}

char *
_mimo_client_dup_endpoint (MimoClient *self,
                           const char *path)
{
  const char *base = mimo_client_get_base_url (self);
  gsize       len = strlen (base);

  while (len > 0 && base[len - 1] == '/')
    len--;

  return g_strdup_printf ("%.*s/%s", (int) len, base, path);
}

char *
_mimo_client_dup_authorization (MimoClient *self)
{
  const char *key = _mimo_client_peek_api_key (self);

  return key != NULL ? g_strconcat ("Bearer ", key, NULL) : NULL;
}

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
mimo_client_check_base_url (const char *base_url,
                            GError    **error)
{
  g_autoptr (GUri) uri = NULL;
  const char      *scheme;
  const char      *host;

  g_return_val_if_fail (base_url != NULL, FALSE);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || host[0] == '\0')
    {
      g_set_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INSECURE_URL,
                   _ ("The API address “%s” is not a web address. Enter one such as %s in Preferences."),
                   base_url, MIMO_CLIENT_DEFAULT_BASE_URL);
      return FALSE;
    }

  /* Do not repeat the address: what looks like a password may be a key. */
  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INSECURE_URL,
                   _ ("The API address must not contain a user name or password. Remove it in Preferences; the API key has its own field."));
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;

  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (host_is_loopback (host))
        return TRUE;

      g_set_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INSECURE_URL,
                   _ ("The API address %s is not secure: with http:// your key and messages would cross the network unencrypted. "
                      "Use an address that starts with https:// (plain http:// is only allowed for this computer)."),
                   base_url);
      return FALSE;
    }

  g_set_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INSECURE_URL,
               _ ("The API address %s must start with https://. Correct it in Preferences."), base_url);
  return FALSE;
}

gboolean
_mimo_client_check_ready (MimoClient *self,
                          GError    **error)
{
  if (!mimo_client_check_base_url (mimo_client_get_base_url (self), error))
    return FALSE;

  if (!mimo_client_has_api_key (self))
    {
      g_propagate_error (error, _mimo_client_error_no_key ());
      return FALSE;
    }

  return TRUE;
}

/* ---------------------------------------------------------------- chat -- */

MimoCompletion *
mimo_client_chat_async (MimoClient         *self,
                        MimoChatRequest    *request,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr (MimoCompletion) completion = NULL;
  g_autoptr (GTask)          task = NULL;

  g_return_val_if_fail (MIMO_IS_CLIENT (self), NULL);
  g_return_val_if_fail (MIMO_IS_CHAT_REQUEST (request), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  completion = _mimo_completion_new (request, self->pricing, cancellable);

  /* The completion watches the cancellable and reports a cancel as its
   * own error; the task must not turn it into G_IO_ERROR_CANCELLED. */
  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, mimo_client_chat_async);
  g_task_set_task_data (task, g_object_ref (completion), g_object_unref);

  _mimo_client_run_chat (self, completion, g_steal_pointer (&task));

  return g_steal_pointer (&completion);
}

gboolean
mimo_client_chat_finish (MimoClient   *self,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (MIMO_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mimo_client_chat_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ----------------------------------------------------------- GObject -- */

static void
mimo_client_constructed (GObject *object)
{
  MimoClient      *self = MIMO_CLIENT (object);
  g_autofree char *user_agent = g_strdup_printf ("MimoChat/%s", PACKAGE_VERSION);

  G_OBJECT_CLASS (mimo_client_parent_class)->constructed (object);

  self->env_api_key = dup_env (MIMO_CLIENT_ENV_API_KEY);
  self->env_base_url = dup_env (MIMO_CLIENT_ENV_BASE_URL);

  /* No libsoup I/O timeout: a stream may rightly be quiet while the model
   * thinks. The runner keeps its own connect and idle timers. */
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "user-agent", user_agent,
                                "timeout", 0,
                                NULL);
}

static void
mimo_client_finalize (GObject *object)
{
  MimoClient *self = MIMO_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->env_base_url, g_free);
  g_clear_pointer (&self->model, g_free);
  _mimo_wipe_string (&self->api_key);
  _mimo_wipe_string (&self->env_api_key);
  g_clear_pointer (&self->pricing, mimo_pricing_free);
  g_clear_pointer (&self->model_schema, json_object_unref);

  G_OBJECT_CLASS (mimo_client_parent_class)->finalize (object);
}

static void
mimo_client_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MimoClient *self = MIMO_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, mimo_client_get_base_url (self));
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_HAS_API_KEY:
      g_value_set_boolean (value, mimo_client_has_api_key (self));
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout);
      break;
    case PROP_IDLE_TIMEOUT:
      g_value_set_uint (value, self->idle_timeout);
      break;
    case PROP_RETRY_DELAY:
      g_value_set_double (value, self->retry_delay);
      break;
    case PROP_PRICING:
      g_value_set_boxed (value, self->pricing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_client_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MimoClient *self = MIMO_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      mimo_client_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_MODEL:
      mimo_client_set_model (self, g_value_get_string (value));
      break;
    case PROP_API_KEY:
      mimo_client_set_api_key (self, g_value_get_string (value));
      break;
    case PROP_CONNECT_TIMEOUT:
      mimo_client_set_connect_timeout (self, g_value_get_uint (value));
      break;
    case PROP_IDLE_TIMEOUT:
      mimo_client_set_idle_timeout (self, g_value_get_uint (value));
      break;
    case PROP_RETRY_DELAY:
      mimo_client_set_retry_delay (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_client_class_init (MimoClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->constructed = mimo_client_constructed;
  object_class->finalize = mimo_client_finalize;
  object_class->get_property = mimo_client_get_property;
  object_class->set_property = mimo_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, MIMO_CLIENT_DEFAULT_BASE_URL, rw);
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, MIMO_CLIENT_DEFAULT_MODEL, rw);
  /* Write-only on purpose: nothing can read a key back out of the client. */
  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HAS_API_KEY] =
    g_param_spec_boolean ("has-api-key", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 0, 3600, MIMO_CLIENT_DEFAULT_CONNECT_TIMEOUT, rw);
  properties[PROP_IDLE_TIMEOUT] =
    g_param_spec_uint ("idle-timeout", NULL, NULL, 0, 3600, MIMO_CLIENT_DEFAULT_IDLE_TIMEOUT, rw);
  properties[PROP_RETRY_DELAY] =
    g_param_spec_double ("retry-delay", NULL, NULL, 0, 60, 1, rw);
  properties[PROP_PRICING] =
    g_param_spec_boxed ("pricing", NULL, NULL, MIMO_TYPE_PRICING,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mimo_client_init (MimoClient *self)
{
  self->model = g_strdup (MIMO_CLIENT_DEFAULT_MODEL);
  self->connect_timeout = MIMO_CLIENT_DEFAULT_CONNECT_TIMEOUT;
  self->idle_timeout = MIMO_CLIENT_DEFAULT_IDLE_TIMEOUT;
  self->retry_delay = 1.0;
  self->pricing = mimo_pricing_new ();
}
