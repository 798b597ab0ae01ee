/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-chat-params.h: the API card's request parameters, with their defaults and ranges. */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define MIMO_CHAT_PARAMS_MAX_STOP 4

/**
 * MimoChatParams:
 *
 * Every parameter of the MiMo V2 Flash card. Plain fields: read them, set
 * them, then call mimo_chat_params_validate() — the client refuses to send
 * anything that does not validate.
 */
typedef struct
{
  gboolean enable_thinking;        /* default TRUE */
  gboolean tool_web_search;        /* default FALSE */
  gboolean web_search_force;       /* default FALSE */
  int      web_search_max_keyword; /* 1–5, default 3 */
  int      web_search_limit;       /* 1–10, default 5 */
  double   temperature;            /* 0–2, default 0.7 */
  double   top_p;                  /* 0–1, default 0.9 */
  int      max_tokens;             /* 1–65536, default 4096 */
  char   **stop;                   /* NULL or up to 4 non-empty strings */
  gboolean disable_formatting;     /* default FALSE */
} MimoChatParams;

typedef enum
{
  MIMO_PARAM_BOOLEAN,
  MIMO_PARAM_INT,
  MIMO_PARAM_DOUBLE,
  MIMO_PARAM_STRV,
} MimoParamType;

/**
 * MimoParamInfo:
 * @name: the name on the wire and in storage ("temperature")
 * @type: the value's type
 * @min: the smallest allowed value (numbers) or number of strings (stop)
 * @max: the largest allowed value, or the most strings
 * @offset: the field's offset in #MimoChatParams
 *
 * One row of the card, so validation, JSON, the command line and the
 * preferences all read the same table.
 */
typedef struct
{
  const char   *name;
  MimoParamType type;
  double        min;
  double        max;
  gsize         offset;
} MimoParamInfo;

#define MIMO_TYPE_CHAT_PARAMS (mimo_chat_params_get_type ())

GType           mimo_chat_params_get_type (void) G_GNUC_CONST;
MimoChatParams *mimo_chat_params_new (void);
MimoChatParams *mimo_chat_params_copy (const MimoChatParams *self);
void            mimo_chat_params_free (MimoChatParams *self);
gboolean        mimo_chat_params_equal (const MimoChatParams *a,
                                        const MimoChatParams *b);
void            mimo_chat_params_set_stop (MimoChatParams    *self,
                                           const char *const *stop);

const MimoParamInfo *mimo_chat_params_get_info (guint *n_info);
const MimoParamInfo *mimo_chat_params_lookup (const char *name);

/* Checks every field against the card; the error (MIMO_CLIENT_ERROR_INVALID_PARAMETER)
 * names the first parameter out of range and its allowed range. */
gboolean mimo_chat_params_validate (const MimoChatParams *self,
                                    GError              **error);

/* Adds every parameter as a member of the object being built (the request
 * body). @builder must be inside json_builder_begin_object(). */
void mimo_chat_params_add_to_builder (const MimoChatParams *self,
                                      JsonBuilder          *builder);

/* A JSON object holding only the members where @self differs from @base
 * (or every member when @base is NULL). Used for per-chat overrides. */
JsonObject *mimo_chat_params_to_json_object (const MimoChatParams *self,
                                             const MimoChatParams *base);

/* Applies the known members of @object to @self (unknown members are
 * ignored, so newer files still load). On a wrong type or a value out of
 * range, returns FALSE and leaves @self unchanged. */
gboolean mimo_chat_params_merge_json_object (MimoChatParams *self,
                                             JsonObject     *object,
                                             GError        **error);

/* The same as above, from and to JSON text (storage). */
char    *mimo_chat_params_to_json_string (const MimoChatParams *self,
                                          const MimoChatParams *base);
gboolean mimo_chat_params_merge_json_string (MimoChatParams *self,
                                             const char     *json,
                                             GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoChatParams, mimo_chat_params_free)

G_END_DECLS
