/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-ledger.c: a large spend ledger for the benchmarks, made the same way each time. */

#include "config.h"

#include "mimo-test-ledger.h"

GPtrArray *
mimo_test_fill_ledger (MimoStore *store,
                       GRand     *rand,
                       guint      n_conversations,
                       guint      n_rows)
{
  g_autoptr (GPtrArray)      chats = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (MimoPricing)    pricing = mimo_pricing_new ();
  g_autoptr (MimoChatParams) params = mimo_chat_params_new ();
  g_autofree char           *params_json = mimo_chat_params_to_json_string (params, NULL);
  gint64                     now = g_get_real_time ();

  g_return_val_if_fail (n_conversations > 0, NULL);

  mimo_store_hold_writes (store);
  for (guint i = 0; i < n_conversations; i++)
    g_ptr_array_add (chats, g_object_ref (mimo_store_create_conversation (store)));
  for (guint i = 0; i < n_rows; i++)
    {
      MimoConversation           *conversation = g_ptr_array_index (chats, g_rand_int_range (rand, 0, n_conversations));
      g_autoptr (MimoLedgerEntry) entry = mimo_ledger_entry_new ();
      MimoUsage                   usage = { .prompt_tokens = g_rand_int_range (rand, 100, 50000),
                                            .completion_tokens = g_rand_int_range (rand, 10, 4000),
                                            .web_search_calls = g_rand_int_range (rand, 0, 10) == 0 ? 2 : 0,
                                            .has_provider_cost = TRUE };

      usage.cached_tokens = usage.prompt_tokens / 2;
      usage.provider_cost_nanos = mimo_pricing_cost_nanos (pricing, &usage);
      entry->time_us = now - (gint64) g_rand_double_range (rand, 0, 365.0 * G_TIME_SPAN_DAY);
      entry->model = g_strdup ("mimo-v2-flash");
      entry->params_json = g_strdup (params_json);
      entry->duration_us = g_rand_int_range (rand, 500000, 30000000);
      entry->first_token_us = 400000;
      mimo_ledger_entry_set_usage (entry, &usage, pricing, 0, 0, 0);
      mimo_ledger_entry_set_result (entry, MIMO_MESSAGE_STATE_COMPLETE, NULL);
      mimo_store_record_request (store, conversation, NULL, entry);
    }
  mimo_store_release_writes (store);

  return g_steal_pointer (&chats);
}
