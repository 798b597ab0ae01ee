/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-message.c: a message growing during a stream, and its coalesced notifications. */

#define G_LOG_DOMAIN "test-message"

#include "config.h"

#include "mimo-message.h"
#include "mimo-test-utils.h"

typedef struct
{
  guint content;
  guint reasoning;
  guint state;
  gsize length_at_state; /* content length when the state changed */
} Counts;

static void
notify_cb (MimoMessage *message,
           GParamSpec  *pspec,
           Counts      *counts)
{
  if (g_str_equal (pspec->name, "content"))
    counts->content++;
  else if (g_str_equal (pspec->name, "reasoning"))
    counts->reasoning++;
  else if (g_str_equal (pspec->name, "state"))
    {
      counts->state++;
      counts->length_at_state = counts->content > 0 ? mimo_message_get_content_length (message) : 0;
    }
}

static void
drain (void)
{
  /* Long enough for any pending frame to end. */
  mimo_test_spin (40);
}

/* 65,536 deltas arriving in one go make one notification, not 65,536. */
static void
test_burst (void)
{
  g_autoptr (MimoMessage) message = mimo_message_new (MIMO_ROLE_ASSISTANT, NULL);
  Counts                  counts = { 0 };

  g_signal_connect (message, "notify", G_CALLBACK (notify_cb), &counts);
  for (int i = 0; i < 65536; i++)
    mimo_message_append_content (message, "tok ", 4);
  mimo_message_append_reasoning (message, "hmm", -1);
  g_assert_cmpuint (counts.content, ==, 0);

  drain ();
  g_assert_cmpuint (counts.content, ==, 1);
  g_assert_cmpuint (counts.reasoning, ==, 1);
  g_assert_cmpuint (mimo_message_get_content_length (message), ==, 65536 * 4);
  g_assert_cmpstr (mimo_message_get_reasoning (message), ==, "hmm");

  /* Nothing new, nothing said. */
  drain ();
  g_assert_cmpuint (counts.content, ==, 1);
}

typedef struct
{
  MimoMessage *message;
  guint        n;
  gint64       start;
  gboolean     done;
} Stream;

static gboolean
delta_cb (gpointer user_data)
{
  Stream *stream = user_data;

  mimo_message_append_content (stream->message, "x", 1);
  stream->n++;
  stream->done = g_get_monotonic_time () - stream->start >= 500 * 1000;

  return stream->done ? G_SOURCE_REMOVE : G_SOURCE_CONTINUE;
}

/* A delta every millisecond for half a second: at most one notification
 * a frame (16 ms), and the view is never more than a frame behind. */
static void
test_steady_stream (void)
{
  g_autoptr (MimoMessage) message = mimo_message_new (MIMO_ROLE_ASSISTANT, NULL);
  Counts                  counts = { 0 };
  Stream                  stream = { message, 0, g_get_monotonic_time (), FALSE };

  g_signal_connect (message, "notify", G_CALLBACK (notify_cb), &counts);
  g_timeout_add (1, delta_cb, &stream);
  mimo_test_wait_for_flag (&stream.done, 5000);
  drain ();

  g_test_message ("%u deltas, %u notifications", stream.n, counts.content);
  g_assert_cmpuint (counts.content, >=, 2);
  g_assert_cmpuint (counts.content, <=, 500 / 16 + 2);
  g_assert_cmpuint (counts.content, <, stream.n);
}

/* The final text is announced before the end of the stream. */
static void
test_state_flushes_text (void)
{
  g_autoptr (MimoMessage) message = mimo_message_new (MIMO_ROLE_ASSISTANT, NULL);
  g_autoptr (MimoUsage)   usage = mimo_usage_new ();
  Counts                  counts = { 0 };

  mimo_message_set_state (message, MIMO_MESSAGE_STATE_STREAMING, NULL);
  g_signal_connect (message, "notify", G_CALLBACK (notify_cb), &counts);
  mimo_message_append_content (message, "All done.", -1);
  mimo_message_set_state (message, MIMO_MESSAGE_STATE_COMPLETE, NULL);
  g_assert_cmpuint (counts.content, ==, 1);
  g_assert_cmpuint (counts.state, ==, 1);
  g_assert_cmpuint (counts.length_at_state, ==, 9);

  drain ();
  g_assert_cmpuint (counts.content, ==, 1);

  /* No change, no notification. */
  mimo_message_set_state (message, MIMO_MESSAGE_STATE_COMPLETE, NULL);
  g_assert_cmpuint (counts.state, ==, 1);

  mimo_message_set_state (message, MIMO_MESSAGE_STATE_FAILED, "The key was rejected.");
  g_assert_cmpstr (mimo_message_get_error_text (message), ==, "The key was rejected.");
  g_assert_cmpuint (counts.state, ==, 2);

  g_assert_cmpint (mimo_message_get_provider_cost_nanos (message), ==, -1);
  usage->has_provider_cost = TRUE;
  usage->provider_cost_nanos = 4200000;
  mimo_message_set_usage (message, usage, 4100000);
  g_assert_cmpint (mimo_message_get_cost_nanos (message), ==, 4100000);
  g_assert_cmpint (mimo_message_get_provider_cost_nanos (message), ==, 4200000);
}

static void
test_properties (void)
{
  g_autoptr (MimoMessage)    message = mimo_message_new (MIMO_ROLE_USER, "hi");
  g_autoptr (MimoChatParams) params = mimo_chat_params_new ();
  g_autofree char           *content = NULL;
  GDateTime                 *created;
  MimoRole                   role;

  g_object_get (message, "content", &content, "role", &role, NULL);
  g_assert_cmpstr (content, ==, "hi");
  g_assert_cmpint (role, ==, MIMO_ROLE_USER);
  g_assert_cmpint (mimo_message_get_id (message), ==, 0);
  g_assert_null (mimo_message_get_params (message));

  params->max_tokens = 100;
  mimo_message_set_params (message, params);
  g_assert_cmpint (mimo_message_get_params (message)->max_tokens, ==, 100);

  created = mimo_message_get_created (message);
  g_assert_cmpint (g_date_time_to_unix (created), ==, mimo_message_get_created_us (message) / G_USEC_PER_SEC);

  mimo_message_set_content (message, "replaced");
  g_assert_cmpstr (mimo_message_get_content (message), ==, "replaced");
  mimo_message_append_content (message, " and more", 4);
  g_assert_cmpstr (mimo_message_get_content (message), ==, "replaced and");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/message/burst", test_burst);
  g_test_add_func ("/core/message/steady-stream", test_steady_stream);
  g_test_add_func ("/core/message/state-flushes-text", test_state_flushes_text);
  g_test_add_func ("/core/message/properties", test_properties);

  return g_test_run ();
}
