/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-utils.c: helpers that let async code be tested like sync code. */

#define G_LOG_DOMAIN "mimo-test"

#include "config.h"

#include <string.h>
#include <time.h>

#include "mimo-test-utils.h"

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

void
mimo_test_wait_until (MimoTestPredicate predicate,
                      gpointer          user_data,
                      guint             timeout_ms)
{
  gboolean timed_out = FALSE;
  guint    source_id;

  source_id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!predicate (user_data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out after %u ms waiting for a condition", timeout_ms);

  g_source_remove (source_id);
}

static gboolean
flag_is_set (gpointer user_data)
{
  return *(gboolean *) user_data;
}

void
mimo_test_wait_for_flag (gboolean *flag,
                         guint     timeout_ms)
{
  mimo_test_wait_until (flag_is_set, flag, timeout_ms);
}

void
mimo_test_store_result_cb (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  GAsyncResult **result_out = user_data;

  g_assert_null (*result_out);
  *result_out = g_object_ref (result);
}

static gboolean
result_is_set (gpointer user_data)
{
  return *(GAsyncResult **) user_data != NULL;
}

GAsyncResult *
mimo_test_wait_for_result (GAsyncResult **result_out,
                           guint          timeout_ms)
{
  mimo_test_wait_until (result_is_set, result_out, timeout_ms);

  return *result_out;
}

void
mimo_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

double
mimo_test_thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

double
mimo_test_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char      *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line != NULL ? g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0 : -1;
}
