/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-chat-params.c: defaults, ranges, validation and JSON for the card's parameters. */

#define G_LOG_DOMAIN "mimo-chat-params"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mimo-json.h"
#include "mimo-chat-params.h"
#include "mimo-error.h"

G_DEFINE_BOXED_TYPE (MimoChatParams, mimo_chat_params, mimo_chat_params_copy, mimo_chat_params_free)

#define FIELD(name) G_STRUCT_OFFSET (MimoChatParams, name)

/* The card, in the order it lists the parameters. */
static const MimoParamInfo param_info[] = {
  { "enable_thinking", MIMO_PARAM_BOOLEAN, 0, 1, FIELD (enable_thinking) },
  { "tool_web_search", MIMO_PARAM_BOOLEAN, 0, 1, FIELD (tool_web_search) },
  { "web_search_force", MIMO_PARAM_BOOLEAN, 0, 1, FIELD (web_search_force) },
  { "web_search_max_keyword", MIMO_PARAM_INT, 1, 5, FIELD (web_search_max_keyword) },
  { "web_search_limit", MIMO_PARAM_INT, 1, 10, FIELD (web_search_limit) },
  { "temperature", MIMO_PARAM_DOUBLE, 0, 2, FIELD (temperature) },
  { "top_p", MIMO_PARAM_DOUBLE, 0, 1, FIELD (top_p) },
  { "max_tokens", MIMO_PARAM_INT, 1, 65536, FIELD (max_tokens) },
  { "stop", MIMO_PARAM_STRV, 0, MIMO_CHAT_PARAMS_MAX_STOP, FIELD (stop) },
  { "disable_formatting", MIMO_PARAM_BOOLEAN, 0, 1, FIELD (disable_formatting) },
};

#define BOOL_AT(p, info)   G_STRUCT_MEMBER (gboolean, (p), (info)->offset)
#define INT_AT(p, info)    G_STRUCT_MEMBER (int, (p), (info)->offset)
#define DOUBLE_AT(p, info) G_STRUCT_MEMBER (double, (p), (info)->offset)
#define STRV_AT(p, info)   G_STRUCT_MEMBER (char **, (p), (info)->offset)

const MimoParamInfo *
mimo_chat_params_get_info (guint *n_info)
{
  if (n_info != NULL)
    *n_info = G_N_ELEMENTS (param_info);

  return param_info;
}

const MimoParamInfo *
mimo_chat_params_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (param_info); i++)
    {
      if (g_strcmp0 (param_info[i].name, name) == 0)
        return &param_info[i];
    }

  return NULL;
}

MimoChatParams *
mimo_chat_params_new (void)
{
  MimoChatParams *self = g_new0 (MimoChatParams, 1);

  self->enable_thinking = TRUE;
  self->tool_web_search = FALSE;
  self->web_search_force = FALSE;
  self->web_search_max_keyword = 3;
  self->web_search_limit = 5;
  self->temperature = 0.7;
  self->top_p = 0.9;
  self->max_tokens = 4096;
  self->stop = NULL;
  self->disable_formatting = FALSE;

  return self;
}

MimoChatParams *
mimo_chat_params_copy (const MimoChatParams *self)
{
  MimoChatParams *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->stop = g_strdupv (self->stop);

  return copy;
}

void
mimo_chat_params_free (MimoChatParams *self)
{
  if (self == NULL)
    return;

  g_strfreev (self->stop);
  g_free (self);
}

void
mimo_chat_params_set_stop (MimoChatParams    *self,
                           const char *const *stop)
{
  g_return_if_fail (self != NULL);

  g_strfreev (self->stop);
  /* An empty list and no list mean the same: keep one representation. */
  self->stop = (stop != NULL && stop[0] != NULL) ? g_strdupv ((char **) stop) : NULL;
}

static gboolean
strv_equal (char **a,
            char **b)
{
  guint na = a != NULL ? g_strv_length (a) : 0;
  guint nb = b != NULL ? g_strv_length (b) : 0;

  if (na != nb)
    return FALSE;

  for (guint i = 0; i < na; i++)
    {
      if (g_strcmp0 (a[i], b[i]) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
field_equal (const MimoParamInfo  *info,
             const MimoChatParams *a,
             const MimoChatParams *b)
{
  switch (info->type)
    {
    case MIMO_PARAM_BOOLEAN:
      return !BOOL_AT (a, info) == !BOOL_AT (b, info);
    case MIMO_PARAM_INT:
      return INT_AT (a, info) == INT_AT (b, info);
    case MIMO_PARAM_DOUBLE:
      return DOUBLE_AT (a, info) == DOUBLE_AT (b, info);
    case MIMO_PARAM_STRV:
      return strv_equal (STRV_AT (a, info), STRV_AT (b, info));
    default:
      g_assert_not_reached ();
    }
}

gboolean
mimo_chat_params_equal (const MimoChatParams *a,
                        const MimoChatParams *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (param_info); i++)
    {
      if (!field_equal (&param_info[i], a, b))
        return FALSE;
    }

  return TRUE;
}

static gboolean
validate_field (const MimoParamInfo  *info,
                const MimoChatParams *self,
                GError              **error)
{
  switch (info->type)
    {
    case MIMO_PARAM_BOOLEAN:
      return TRUE;

    case MIMO_PARAM_INT:
      {
        int value = INT_AT (self, info);

        if (value < info->min || value > info->max)
          {
            g_set_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER,
                         _ ("The setting “%s” must be a whole number from %d to %d, but it is %d."),
                         info->name, (int) info->min, (int) info->max, value);
            return FALSE;
          }
        return TRUE;
      }

    case MIMO_PARAM_DOUBLE:
      {
        double value = DOUBLE_AT (self, info);

        if (!isfinite (value) || value < info->min || value > info->max)
          {
            char shown[G_ASCII_DTOSTR_BUF_SIZE];

            g_snprintf (shown, sizeof shown, "%g", value);
            g_set_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER,
                         _ ("The setting “%s” must be between %g and %g, but it is %s."),
                         info->name, info->min, info->max, shown);
            return FALSE;
          }
        return TRUE;
      }

    case MIMO_PARAM_STRV:
      {
        char **strv = STRV_AT (self, info);
        guint  n = strv != NULL ? g_strv_length (strv) : 0;

        if (n > info->max)
          {
            g_set_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER,
                         _ ("The setting “%s” allows at most %d stop sequences, but there are %u."),
                         info->name, (int) info->max, n);
            return FALSE;
          }
        for (guint i = 0; i < n; i++)
          {
            if (strv[i][0] == '\0' || !g_utf8_validate (strv[i], -1, NULL))
              {
                g_set_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER,
                             _ ("The setting “%s” holds an empty or unreadable stop sequence; each must be some text (at most %d of them)."),
                             info->name, (int) info->max);
                return FALSE;
              }
          }
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

gboolean
mimo_chat_params_validate (const MimoChatParams *self,
                           GError              **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (param_info); i++)
    {
      if (!validate_field (&param_info[i], self, error))
        return FALSE;
    }

  return TRUE;
}

static void
add_field (const MimoParamInfo  *info,
           const MimoChatParams *self,
           JsonBuilder          *builder)
{
  json_builder_set_member_name (builder, info->name);

  switch (info->type)
    {
    case MIMO_PARAM_BOOLEAN:
      json_builder_add_boolean_value (builder, BOOL_AT (self, info));
      break;

    case MIMO_PARAM_INT:
      json_builder_add_int_value (builder, INT_AT (self, info));
      break;

    case MIMO_PARAM_DOUBLE:
      json_builder_add_double_value (builder, DOUBLE_AT (self, info));
      break;

    case MIMO_PARAM_STRV:
      json_builder_begin_array (builder);
      for (char **s = STRV_AT (self, info); s != NULL && *s != NULL; s++)
        json_builder_add_string_value (builder, *s);
      json_builder_end_array (builder);
      break;

    default:
      g_assert_not_reached ();
    }
}

void
mimo_chat_params_add_to_builder (const MimoChatParams *self,
                                 JsonBuilder          *builder)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  for (guint i = 0; i < G_N_ELEMENTS (param_info); i++)
    {
      const MimoParamInfo *info = &param_info[i];

      /* An empty stop list is the same as none: leave it out of requests. */
      if (info->type == MIMO_PARAM_STRV && STRV_AT (self, info) == NULL)
        continue;

      add_field (info, self, builder);
    }
}

JsonObject *
mimo_chat_params_to_json_object (const MimoChatParams *self,
                                 const MimoChatParams *base)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode)    root = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (param_info); i++)
    {
      if (base == NULL || !field_equal (&param_info[i], self, base))
        add_field (&param_info[i], self, builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static gboolean
read_member (const MimoParamInfo *info,
             JsonNode            *node,
             MimoChatParams      *target,
             GError             **error)
{
  GType value_type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  switch (info->type)
    {
    case MIMO_PARAM_BOOLEAN:
      if (value_type != G_TYPE_BOOLEAN)
        break;
      BOOL_AT (target, info) = json_node_get_boolean (node);
      return TRUE;

    case MIMO_PARAM_INT:
      {
        gint64 value;

        if (value_type == G_TYPE_INT64)
          value = json_node_get_int (node);
        else if (value_type == G_TYPE_DOUBLE && json_node_get_double (node) == floor (json_node_get_double (node)))
          value = (gint64) CLAMP (json_node_get_double (node), G_MININT, G_MAXINT);
        else
          break;
        INT_AT (target, info) = (int) CLAMP (value, G_MININT, G_MAXINT);
        return TRUE;
      }

    case MIMO_PARAM_DOUBLE:
      if (value_type != G_TYPE_DOUBLE && value_type != G_TYPE_INT64)
        break;
      DOUBLE_AT (target, info) = json_node_get_double (node);
      return TRUE;

    case MIMO_PARAM_STRV:
      {
        g_autoptr (GStrvBuilder) strv = NULL;
        JsonArray               *array;

        if (JSON_NODE_HOLDS_NULL (node))
          {
            mimo_chat_params_set_stop (target, NULL);
            return TRUE;
          }
        if (!JSON_NODE_HOLDS_ARRAY (node))
          break;

        array = json_node_get_array (node);
        strv = g_strv_builder_new ();
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
              goto wrong_type;
            g_strv_builder_add (strv, json_node_get_string (element));
          }
        {
          g_auto (GStrv) stop = g_strv_builder_end (strv);

          mimo_chat_params_set_stop (target, (const char *const *) stop);
        }
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }

wrong_type:
  g_set_error (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER,
               _ ("The setting “%s” has a value of the wrong kind."), info->name);
  return FALSE;
}

gboolean
mimo_chat_params_merge_json_object (MimoChatParams *self,
                                    JsonObject     *object,
                                    GError        **error)
{
  g_autoptr (MimoChatParams) merged = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  /* Work on a copy so a bad member leaves @self untouched. */
  merged = mimo_chat_params_copy (self);

  for (guint i = 0; i < G_N_ELEMENTS (param_info); i++)
    {
      JsonNode *node = json_object_get_member (object, param_info[i].name);

      if (node != NULL && !read_member (&param_info[i], node, merged, error))
        return FALSE;
    }

  if (!mimo_chat_params_validate (merged, error))
    return FALSE;

  g_strfreev (self->stop);
  *self = *merged;
  merged->stop = NULL;

  return TRUE;
}

char *
mimo_chat_params_to_json_string (const MimoChatParams *self,
                                 const MimoChatParams *base)
{
  g_autoptr (JsonObject) object = mimo_chat_params_to_json_object (self, base);
  g_autoptr (JsonNode)   node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

gboolean
mimo_chat_params_merge_json_string (MimoChatParams *self,
                                    const char     *json,
                                    GError        **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError)     local_error = NULL;
  JsonNode              *root;

  g_return_val_if_fail (self != NULL, FALSE);

  if (json == NULL || json[0] == '\0')
    return TRUE;

  if (!mimo_json_load (parser, json, -1, &local_error) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, MIMO_CLIENT_ERROR, MIMO_CLIENT_ERROR_INVALID_PARAMETER,
                           _ ("The saved settings for this chat could not be read."));
      return FALSE;
    }

  return mimo_chat_params_merge_json_object (self, json_node_get_object (root), error);
}
