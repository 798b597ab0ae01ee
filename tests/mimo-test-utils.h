/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-utils.h: helpers shared by the tests: spin the main context until done. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef gboolean (*MimoTestPredicate) (gpointer user_data);

/* Iterates the default main context until @predicate returns TRUE, failing
 * the test after @timeout_ms (a generous guard against hangs, not a timing
 * assertion). */
void mimo_test_wait_until (MimoTestPredicate predicate,
                           gpointer          user_data,
                           guint             timeout_ms);

/* Iterates until *@flag becomes TRUE. */
void mimo_test_wait_for_flag (gboolean *flag,
                              guint     timeout_ms);

/* Iterates until an async call stored its result in *@result_out, the
 * GAsyncReadyCallback given to it being mimo_test_store_result_cb. */
void          mimo_test_store_result_cb (GObject      *source,
                                         GAsyncResult *result,
                                         gpointer      user_data);
GAsyncResult *mimo_test_wait_for_result (GAsyncResult **result_out,
                                         guint          timeout_ms);

/* Iterates the main context for @ms milliseconds. */
void mimo_test_spin (guint ms);

/* For the benchmarks: CPU seconds the calling thread has used, and the
 * process's resident memory (VmRSS) in MB. */
double mimo_test_thread_cpu_seconds (void);
double mimo_test_rss_mb (void);

G_END_DECLS
