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

/* What goes wrong in the middle of a stream. */
typedef enum
{
  TEST_FAULT_NONE,
  TEST_FAULT_MALFORMED,
  TEST_FAULT_ERROR_EVENT,
  TEST_FAULT_STALL,
  TEST_FAULT_HUGE,
} TestFault;

/* One answer to play: its tokens and usage, and how it is delivered
 * (pace, line endings, faults, cuts). Scenarios fill it; the renderer
 * writes it out. */
typedef struct
{
  GPtrArray  *reasoning; /* tokens */
  GPtrArray  *content;   /* tokens */
  gint64      searches;
  gint64      prompt_tokens;
  gint64      cached_tokens;
  const char *finish_reason;
  gboolean    usage;

  TestFault fault;
  guint     fault_after; /* content tokens before the fault */
  gsize     huge_size;

  guint       delay_ms;
  const char *eol;
  gboolean    keepalive;
  gboolean    one_byte_chunks;
  gssize      cut_after;  /* bytes, or -1 */
  gssize      end_after;  /* bytes, or -1 */
  gboolean    bench;      /* plain token events, cheap to make */
  gint64      bench_rate; /* tokens a second, 0 for as fast as possible */
} TestAnswer;

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

/* Splits @text roughly as a tokenizer would and appends the pieces. */
void test_add_tokens (GPtrArray  *tokens,
                      const char *text);
/* Demo mode's "showcase": a realistic answer chosen by the words of the
 * question (mimo-test-server-showcase.c); FALSE when no topic matches. */
gboolean test_showcase_answer (TestAnswer     *answer,
                               const TestChat *chat);

/* Builds the answer for one step of a scenario ("429 1", "demo"). Unknown
 * scenarios answer 400 so a typo shows. */
TestResponse *test_response_new_for_scenario (const char     *scenario,
                                              const TestChat *chat,
                                              guint           token_delay_ms);
void          test_response_free (TestResponse *response);

/* The answer as the steps of an SSE stream; @raw says it must be written
 * on a connection taken from libsoup (to cut it). */
GPtrArray *test_render_stream (const TestAnswer *answer,
                               const TestChat   *chat,
                               gboolean         *raw);
/* The answer as one `chat.completion` object. */
GBytes *test_render_json (const TestAnswer *answer,
                          const TestChat   *chat);
char   *test_builder_to_string (JsonBuilder *builder);

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
