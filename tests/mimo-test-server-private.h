/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-server-private.h: the test server's scenarios as data the HTTP side plays back. */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  TEST_STEP_WRITE, /* write @bytes (after @delay_ms) */
  TEST_STEP_END,   /* end the body cleanly */
  TEST_STEP_CUT,   /* drop the connection */
  TEST_STEP_STALL, /* write nothing more, never end */
} TestStepKind;

typedef struct
{
  TestStepKind kind;
  guint        delay_ms;
  GBytes      *bytes;
} TestStep;

/* What to answer one chat request with. */
typedef struct
{
  guint      status;
  char      *content_type;
  char      *retry_after; /* header value or NULL */
  GBytes    *body;        /* a whole body (errors, JSON answers) … */
  GPtrArray *steps;       /* … or a stream (TestStep) */
  gboolean   raw;         /* written by hand on the stolen connection */
} TestResponse;

/* What the scenario needs from the request. */
typedef struct
{
  gboolean stream;
  gboolean enable_thinking;
  gboolean tool_web_search;
  gboolean disable_formatting;
  gboolean has_system;
  gint64   prompt_chars;
  guint    n_messages;
  char    *last_user; /* the last user message, or "" */
  char    *model;
} TestChat;

TestChat *test_chat_new_from_json (JsonNode *root);
void      test_chat_free (TestChat *chat);

/* The marker's steps, or NULL when there is no marker. */
char *test_chat_find_marker (const TestChat *chat);

/* Builds the answer for one step of a scenario ("429 1", "demo"). Unknown
 * scenarios answer 400 so a typo shows. */
TestResponse *test_response_new_for_scenario (const char     *scenario,
                                              const TestChat *chat,
                                              guint           token_delay_ms);
void          test_response_free (TestResponse *response);

/* A JSON error body as the provider sends it. */
TestResponse *test_response_new_error (guint       status,
                                       const char *message,
                                       const char *type,
                                       const char *code);

/* The model schema the server answers by default. */
const char *test_default_model_json (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestChat, test_chat_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestResponse, test_response_free)

G_END_DECLS
