/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-server.h: a loopback EmpirioLabs look-alike for tests, the CLI tests and demo mode. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * MimoTestServer:
 *
 * A SoupServer on 127.0.0.1 that speaks the real wire format:
 * `POST /v1/chat/completions` (chunked SSE or one JSON answer) and
 * `GET /v1/models/mimo-v2-flash`, checking `Authorization: Bearer KEY`.
 *
 * What a chat request gets is a *scenario*: the marker
 * `[[mimo-test:SCENARIO]]` in the last user message, else the next queued
 * scenario, else the default one ("demo"). A marker may list steps
 * separated by commas, `[[mimo-test:429 1, plain]]`: the first request
 * carrying that marker gets the first step, the next the second, and the
 * last step repeats. Scenarios:
 *
 * - `demo`: a realistic Markdown answer (heading, list, table, code),
 *   reasoning when `enable_thinking`, and with `tool_web_search` citations,
 *   `tool_usage.web_search` and a References block (plain `[N]` and no
 *   block with `disable_formatting`). Usage with cached tokens and cost.
 * - `showcase` (demo mode's default): a realistic answer chosen by the
 *   question's words (a weekend in Lisbon and where to stay there, with
 *   web citations when web search is on; mutexes and semaphores, with
 *   code and thinking; a polite reminder email and a shorter one), else
 *   the `demo` answer. No marker needed, so titles stay clean.
 * - `plain`, `reasoning`, `search`, `cached`: smaller fixed answers.
 * - `bytes`: the plain answer one byte per HTTP chunk; `crlf`: with
 *   "\r\n" line endings and keep-alive comments.
 * - `401`, `402`, `429 [SECONDS]`, `500`, `502html`, `400 [MESSAGE]`,
 *   `status CODE`, `html200`: error answers as a provider or a proxy sends
 *   them.
 * - `cut BYTES`: the connection drops after BYTES of the body; `end BYTES`:
 *   the body ends cleanly there, without finish reason or [DONE].
 * - `malformed`, `error-event`: a bad event, or an error event, mid-stream.
 * - `stall [TOKENS]`: TOKENS of text, then silence (for idle timeouts).
 * - `huge BYTES`: one data line of BYTES bytes.
 * - `slow MS`: the demo answer with MS milliseconds between events.
 * - `bench TOKENS [RATE]`: TOKENS one-token events, as fast as possible
 *   or RATE tokens a second.
 *
 * Any scenario also accepts `stream: false` and then answers one JSON
 * object. The token delay (`--delay` of the standalone program) paces
 * streams that have no pace of their own.
 */
#define MIMO_TYPE_TEST_SERVER (mimo_test_server_get_type ())

G_DECLARE_FINAL_TYPE (MimoTestServer, mimo_test_server, MIMO, TEST_SERVER, GObject)

/* One request as the server saw it. */
typedef struct
{
  char  *method;
  char  *path;
  char  *body;
  char  *authorization; /* the header, or NULL */
  char  *user_agent;
  char **headers;  /* every header as "Name: value" */
  char  *scenario; /* the step it got, for chat requests */
} MimoTestRequest;

/* Listens on 127.0.0.1, on @port (0 for any free port). @api_key is the
 * accepted key; NULL accepts any non-empty Bearer key. */
MimoTestServer *mimo_test_server_new (const char *api_key,
                                      guint       port,
                                      GError    **error);

/* "http://127.0.0.1:PORT/v1" */
const char *mimo_test_server_get_base_url (MimoTestServer *self);

void mimo_test_server_set_api_key (MimoTestServer *self,
                                   const char     *api_key);
void mimo_test_server_set_default_scenario (MimoTestServer *self,
                                            const char     *scenario);
void mimo_test_server_queue_scenario (MimoTestServer *self,
                                      const char     *scenario);
void mimo_test_server_set_token_delay (MimoTestServer *self,
                                       guint           delay_ms);
void mimo_test_server_set_model_json (MimoTestServer *self,
                                      const char     *json);
/* Answers GET /models/… with an error scenario ("402", "500", …) instead
 * of the schema; NULL for the schema. */
void mimo_test_server_set_model_scenario (MimoTestServer *self,
                                          const char     *scenario);

/* Every request so far (MimoTestRequest), oldest first. */
GPtrArray       *mimo_test_server_get_requests (MimoTestServer *self);
MimoTestRequest *mimo_test_server_get_last_request (MimoTestServer *self);
/* The last POST /chat/completions (clients may fetch the schema beside it). */
MimoTestRequest *mimo_test_server_get_last_chat_request (MimoTestServer *self);
guint            mimo_test_server_count_requests (MimoTestServer *self,
                                                  const char     *path_suffix);
void             mimo_test_server_clear_requests (MimoTestServer *self);

/* Streams being written right now; 0 once clients hung up. */
guint mimo_test_server_get_n_active_streams (MimoTestServer *self);

G_END_DECLS
