/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-chat.h: a client against the loopback server, and a recorder for one chat's signals. */

#pragma once

#include "mimo-client.h"
#include "mimo-test-server.h"

G_BEGIN_DECLS

/* Long and key-shaped, so a leak anywhere would be found by a search. */
#define MIMO_TEST_API_KEY "sk-empiriolabs-test-7f3a9c2e41b8d6"

typedef struct
{
  MimoTestServer *server;
  MimoClient     *client;
} MimoTestClientFixture;

/* A server accepting MIMO_TEST_API_KEY and a client pointed at it, with
 * the key set and retries 100 times faster than in real life. */
void mimo_test_client_fixture_set_up (MimoTestClientFixture *fixture,
                                      gconstpointer          data);
void mimo_test_client_fixture_tear_down (MimoTestClientFixture *fixture,
                                         gconstpointer          data);

typedef struct
{
  guint   attempt;
  double  delay_seconds;
  GError *error;
} MimoTestRetry;

/* Everything one chat reported, in order. */
typedef struct
{
  MimoCompletion *completion;
  GString        *content; /* the deltas, joined */
  GString        *reasoning;
  guint           n_content_deltas;
  guint           n_reasoning_deltas;
  gboolean        reasoning_after_content;
  GPtrArray      *retries; /* MimoTestRetry */
  guint           n_finished;
  gboolean        done;                /* the chat_async callback ran */
  gboolean        result;              /* what _finish returned */
  GError         *error;               /* and its error */
  int             cancel_after_deltas; /* cancel at this delta; -1 never */
  gboolean        cancel_on_retry;
} MimoTestChat;

MimoChatRequest *mimo_test_request_new (const char *text,
                                        gboolean    stream);

/* Starts @request on @client with the recorder connected. */
MimoTestChat *mimo_test_chat_start (MimoClient      *client,
                                    MimoChatRequest *request,
                                    GCancellable    *cancellable);
/* Spins the main context until the chat finished (30 s guard). */
void mimo_test_chat_wait (MimoTestChat *chat);
/* Start and wait, with one user message. */
MimoTestChat *mimo_test_chat_run (MimoClient *client,
                                  const char *text,
                                  gboolean    stream);
void          mimo_test_chat_free (MimoTestChat *chat);

/* Asserts the completion finished in @state with an error of @code (any
 * code when @state is COMPLETE, which must have no error). */
void mimo_test_chat_assert_state (MimoTestChat    *chat,
                                  MimoMessageState state,
                                  int              code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MimoTestChat, mimo_test_chat_free)

G_END_DECLS
