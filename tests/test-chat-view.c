/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-chat-view.c: the conversation pane in a real window against the loopback server: streaming, thinking, errors, actions. */

#define G_LOG_DOMAIN "test-chat-view"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "mimo-budget-confirm.h"
#include "mimo-chat-view.h"
#include "mimo-composer.h"
#include "mimo-markdown-view.h"
#include "mimo-message-row.h"
#include "mimo-test-chat.h"
#include "mimo-test-gui.h"
#include "mimo-test-server.h"
#include "mimo-test-utils.h"

typedef struct
{
  MimoTestClientFixture net;
  char                 *dir;
  GSettings            *settings;
  MimoStore            *store;
  GtkWindow            *window;
  MimoChatView         *view;
  GSimpleActionGroup   *win_actions; /* NULL unless a test adds the window's actions */
  GPtrArray            *activations; /* "name target" of window actions */
} Fixture;

static char *
history_path (Fixture *fixture)
{
  return g_build_filename (fixture->dir, "history.db", NULL);
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  g_autofree char *path = NULL;

  mimo_test_client_fixture_set_up (&fixture->net, data);
  fixture->dir = g_dir_make_tmp ("test-chat-view-XXXXXX", NULL);
  path = history_path (fixture);
  fixture->store = mimo_store_new (path);
  fixture->settings = g_settings_new (BASE_APPLICATION_ID);
  fixture->activations = g_ptr_array_new_with_free_func (g_free);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 700);
  fixture->view = MIMO_CHAT_VIEW (mimo_chat_view_new (fixture->settings, fixture->net.client, fixture->store));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  mimo_test_present_and_wait (fixture->window);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *path = history_path (fixture);
  const char      *suffixes[] = { "", "-wal", "-shm", ".lock" };

  gtk_window_destroy (fixture->window);
  mimo_test_spin (20);
  g_clear_object (&fixture->win_actions);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->settings);
  g_ptr_array_unref (fixture->activations);
  mimo_test_client_fixture_tear_down (&fixture->net, data);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static MimoComposer *
composer (Fixture *fixture)
{
  return MIMO_COMPOSER (gtk_widget_get_template_child (GTK_WIDGET (fixture->view), MIMO_TYPE_CHAT_VIEW, "composer"));
}

static GtkWidget *
child (Fixture    *fixture,
       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture->view), MIMO_TYPE_CHAT_VIEW, name));
}

static GtkWidget *
row_child (MimoMessageRow *row,
           const char     *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), MIMO_TYPE_MESSAGE_ROW, name));
}

static gboolean
not_busy (gpointer user_data)
{
  return !mimo_chat_view_get_busy (MIMO_CHAT_VIEW (user_data));
}

static void
type_and_send (Fixture    *fixture,
               const char *text)
{
  mimo_composer_set_text (composer (fixture), text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer (fixture)), "composer.send", NULL));
  g_assert_true (mimo_chat_view_get_busy (fixture->view));
}

/* Sends @text and waits for its answer to end. */
static void
ask (Fixture    *fixture,
     const char *text)
{
  type_and_send (fixture, text);
  mimo_test_wait_until (not_busy, fixture->view, 30000);
  /* The rows learn the final state on the next frames. */
  mimo_test_spin (50);
}

static MimoMessage *
message_at (Fixture *fixture,
            guint    position)
{
  GListModel  *messages = mimo_conversation_get_messages (mimo_chat_view_get_conversation (fixture->view));
  MimoMessage *message = g_list_model_get_item (messages, position);

  g_object_unref (message); /* the list holds it */
  return message;
}

static MimoMessage *
last_message (Fixture *fixture)
{
  return message_at (fixture, mimo_conversation_get_n_messages (mimo_chat_view_get_conversation (fixture->view)) - 1);
}

static MimoMessageRow *
find_row_in (GtkWidget   *widget,
             MimoMessage *message)
{
  if (MIMO_IS_MESSAGE_ROW (widget) && mimo_message_row_get_message (MIMO_MESSAGE_ROW (widget)) == message)
    return MIMO_MESSAGE_ROW (widget);

  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      MimoMessageRow *found = find_row_in (c, message);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static MimoMessageRow *
find_row (Fixture     *fixture,
          MimoMessage *message)
{
  MimoMessageRow *row = find_row_in (child (fixture, "list_view"), message);

  g_assert_nonnull (row);
  return row;
}

static const char *
shown_text (MimoMessageRow *row,
            const char     *view)
{
  return mimo_markdown_document_get_text (mimo_markdown_view_get_document (MIMO_MARKDOWN_VIEW (row_child (row, view))), NULL);
}

static gboolean
has_text (gpointer user_data)
{
  MimoMessage *message = user_data;

  return mimo_message_get_content_length (message) > 40;
}

static gboolean
is_thinking (gpointer user_data)
{
  return mimo_message_get_reasoning_length (MIMO_MESSAGE (user_data)) > 0;
}

/* ---------------------------------------------------------------- tests -- */

static void
test_stream (Fixture      *fixture,
             gconstpointer data)
{
  MimoMessage    *answer;
  MimoMessageRow *row;

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fixture, "stack"))), ==, "empty");

  /* Text shows while it streams, not only at the end. */
  type_and_send (fixture, "Tell me about Mimo [[mimo-test:slow 15]]");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fixture, "stack"))), ==, "messages");
  answer = last_message (fixture);
  g_assert_cmpint (mimo_message_get_role (answer), ==, MIMO_ROLE_ASSISTANT);
  mimo_test_wait_until (has_text, answer, 20000);
  mimo_test_spin (50);
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_STREAMING);
  row = find_row (fixture, answer);
  g_assert_cmpuint (strlen (shown_text (row, "answer_view")), >, 0);
  g_assert_true (g_str_has_prefix (mimo_message_get_content (answer), shown_text (row, "answer_view")));
  g_assert_false (gtk_widget_get_visible (row_child (row, "footer")));

  mimo_test_wait_until (not_busy, fixture->view, 30000);
  mimo_test_spin (50);
  row = find_row (fixture, answer);
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (shown_text (row, "answer_view"), ==, mimo_message_get_content (answer));

  /* The footer says what it used and cost; the header what the chat cost. */
  g_assert_true (gtk_widget_get_visible (row_child (row, "footer")));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (row_child (row, "footer_label"))), " out"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (row_child (row, "footer_label"))), "$"));
  g_assert_true (gtk_widget_get_visible (row_child (row, "regenerate_button")));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (child (fixture, "window_title"))), "spent"));
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (child (fixture, "window_title"))), ==,
                   mimo_conversation_get_title (mimo_chat_view_get_conversation (fixture->view)));

  /* The person's message: a bubble with the words they sent. */
  row = find_row (fixture, message_at (fixture, 0));
  g_assert_true (gtk_widget_get_visible (row_child (row, "user_label")));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "user"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "user_label"))), ==, "Tell me about Mimo [[mimo-test:slow 15]]");
  g_assert_true (gtk_widget_get_visible (row_child (row, "edit_button")));
  g_assert_false (gtk_widget_get_visible (row_child (row, "regenerate_button")));
}

static void
test_thinking (Fixture      *fixture,
               gconstpointer data)
{
  MimoMessage    *answer;
  MimoMessageRow *row;
  GtkExpander    *expander;

  /* Open while the thoughts stream… */
  mimo_test_server_set_token_delay (fixture->net.server, 40);
  mimo_composer_set_thinking (composer (fixture), TRUE);
  type_and_send (fixture, "Six times seven? [[mimo-test:reasoning]]");
  answer = last_message (fixture);
  mimo_test_wait_until (is_thinking, answer, 20000);
  mimo_test_spin (40);
  row = find_row (fixture, answer);
  expander = GTK_EXPANDER (row_child (row, "thinking_expander"));
  if (mimo_message_get_content_length (answer) == 0)
    {
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (expander)));
      g_assert_true (gtk_expander_get_expanded (expander));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "thinking_label"))), ==, "Thinking…");
    }

  /* …folded with how long it took once the answer came. */
  mimo_test_wait_until (not_busy, fixture->view, 30000);
  mimo_test_spin (50);
  row = find_row (fixture, answer);
  expander = GTK_EXPANDER (row_child (row, "thinking_expander"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (expander)));
  g_assert_false (gtk_expander_get_expanded (expander));
  g_assert_cmpint (mimo_message_get_thinking_us (answer), >=, 0);
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (row_child (row, "thinking_label"))), "Thought for"));
  gtk_expander_set_expanded (expander, TRUE);
  g_assert_cmpstr (shown_text (row, "thinking_view"), ==, mimo_message_get_reasoning (answer));
  g_assert_cmpstr (shown_text (row, "answer_view"), ==, mimo_message_get_content (answer));
}

static void
test_citations (Fixture      *fixture,
                gconstpointer data)
{
  MimoMessage    *answer;
  MimoMessageRow *row;

  mimo_composer_set_web_search (composer (fixture), TRUE);
  ask (fixture, "Latest news? [[mimo-test:search]]");
  answer = last_message (fixture);
  row = find_row (fixture, answer);
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_COMPLETE);
  g_assert_nonnull (strstr (mimo_message_get_content (answer), "[1]"));
  g_assert_cmpstr (shown_text (row, "answer_view"), ==, mimo_message_get_content (answer));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (row_child (row, "footer_label"))), "web search"));
}

static void
test_error_and_retry (Fixture      *fixture,
                      gconstpointer data)
{
  MimoMessage    *failed;
  MimoMessage    *answer;
  MimoMessageRow *row;
  GtkWidget      *retry;

  /* A wrong key: said in plain words, with Retry. */
  ask (fixture, "Hello [[mimo-test:401, plain]]");
  failed = g_object_ref (last_message (fixture));
  g_assert_cmpint (mimo_message_get_state (failed), ==, MIMO_MESSAGE_STATE_FAILED);
  row = find_row (fixture, failed);
  g_assert_true (gtk_widget_get_visible (row_child (row, "status_box")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "status_label"))), ==, mimo_message_get_error_text (failed));
  g_assert_nonnull (strstr (mimo_message_get_error_text (failed), "key"));
  retry = row_child (row, "retry_button");
  g_assert_true (gtk_widget_get_visible (retry));
  g_assert_true (gtk_widget_is_sensitive (retry));

  /* Retry: the failed answer goes, a new one comes. */
  g_signal_emit_by_name (retry, "clicked");
  g_assert_true (mimo_chat_view_get_busy (fixture->view));
  mimo_test_wait_until (not_busy, fixture->view, 30000);
  mimo_test_spin (50);
  g_assert_cmpuint (mimo_conversation_get_n_messages (mimo_chat_view_get_conversation (fixture->view)), ==, 2);
  answer = last_message (fixture);
  g_assert_true (answer != failed);
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_COMPLETE);
  g_assert_false (gtk_widget_get_visible (row_child (find_row (fixture, answer), "status_box")));
  g_assert_cmpuint (mimo_test_server_count_requests (fixture->net.server, "/chat/completions"), ==, 2);
  g_object_unref (failed);
}

static void
test_stop_keeps_text (Fixture      *fixture,
                      gconstpointer data)
{
  MimoMessage     *answer;
  MimoMessageRow  *row;
  g_autofree char *kept = NULL;

  type_and_send (fixture, "Tell me everything [[mimo-test:slow 30]]");
  answer = last_message (fixture);
  mimo_test_wait_until (has_text, answer, 20000);

  /* Esc reaches the window's win.stop, which calls this. */
  mimo_chat_view_stop (fixture->view);
  mimo_test_wait_until (not_busy, fixture->view, 30000);
  mimo_test_spin (50);
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_CANCELLED);
  g_assert_cmpuint (mimo_message_get_content_length (answer), >, 40);
  kept = g_strdup (mimo_message_get_content (answer));

  row = find_row (fixture, answer);
  g_assert_cmpstr (shown_text (row, "answer_view"), ==, kept);
  g_assert_true (gtk_widget_get_visible (row_child (row, "status_box")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (row_child (row, "status_label"))), ==, "You stopped this answer.");
  g_assert_true (gtk_widget_get_visible (row_child (row, "retry_button")));
  g_assert_false (mimo_composer_get_busy (composer (fixture)));
}

static void
test_regenerate (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr (MimoMessage) first = NULL;
  MimoMessage            *again;

  ask (fixture, "Hello [[mimo-test:plain]]");
  first = g_object_ref (last_message (fixture));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "chat.regenerate", "x", mimo_message_get_id (first)));
  mimo_test_wait_until (not_busy, fixture->view, 30000);
  again = last_message (fixture);
  g_assert_true (again != first);
  g_assert_cmpuint (mimo_conversation_get_n_messages (mimo_chat_view_get_conversation (fixture->view)), ==, 2);
  g_assert_cmpint (mimo_message_get_state (again), ==, MIMO_MESSAGE_STATE_COMPLETE);
  g_assert_cmpuint (mimo_test_server_count_requests (fixture->net.server, "/chat/completions"), ==, 2);

  /* Only the last answer can be answered again. */
  ask (fixture, "More [[mimo-test:plain]]");
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "chat.regenerate", "x", mimo_message_get_id (again));
  g_assert_false (mimo_chat_view_get_busy (fixture->view));
  g_assert_cmpuint (mimo_conversation_get_n_messages (mimo_chat_view_get_conversation (fixture->view)), ==, 4);
}

/* The message dialog the budget guard showed, or NULL. */
static AdwMessageDialog *
find_budget_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* A send that would go over the monthly budget is refused or asked
 * about, as the Preferences say, and nothing goes out unless confirmed. */
static void
test_budget_guard (Fixture      *fixture,
                   gconstpointer data)
{
  MimoConversation *conversation;
  MimoMessage      *answer;
  AdwMessageDialog *dialog;

  ask (fixture, "Hello [[mimo-test:plain]]");
  conversation = mimo_chat_view_get_conversation (fixture->view);
  answer = last_message (fixture);
  g_assert_cmpint (mimo_conversation_get_totals (conversation)->cost.total_nanos, >, 0);

  /* Already over a one-nano-dollar budget: refused, with the reason. */
  g_settings_set_int64 (fixture->settings, "monthly-budget", 1);
  g_settings_set_string (fixture->settings, "budget-action", "refuse");
  mimo_composer_set_text (composer (fixture), "Again [[mimo-test:plain]]");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer (fixture)), "composer.send", NULL));
  g_assert_false (mimo_chat_view_get_busy (fixture->view));
  dialog = find_budget_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "close"));
  g_assert_false (adw_message_dialog_has_response (dialog, "send"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Preferences"));
  mimo_test_save_screenshot (GTK_WIDGET (dialog), "chat-view-budget-refused");
  adw_message_dialog_response (dialog, "close");
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* Answer Again is held back too, and the old answer stays. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "chat.regenerate", "x", mimo_message_get_id (answer));
  g_assert_false (mimo_chat_view_get_busy (fixture->view));
  g_assert_true (last_message (fixture) == answer);
  gtk_window_destroy (GTK_WINDOW (find_budget_dialog ()));
  g_assert_cmpuint (mimo_test_server_count_requests (fixture->net.server, "/chat/completions"), ==, 1);
  g_assert_cmpuint (mimo_conversation_get_n_messages (conversation), ==, 2);

  /* Set to ask: Cancel sends nothing, Send Anyway sends. */
  g_settings_set_string (fixture->settings, "budget-action", "ask");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer (fixture)), "composer.send", NULL));
  dialog = find_budget_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_false (mimo_chat_view_get_busy (fixture->view));
  g_assert_cmpuint (mimo_test_server_count_requests (fixture->net.server, "/chat/completions"), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer (fixture)), "composer.send", NULL));
  dialog = find_budget_dialog ();
  g_assert_nonnull (dialog);
  mimo_test_save_screenshot (GTK_WIDGET (dialog), "chat-view-budget-ask");
  adw_message_dialog_response (dialog, "send");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (mimo_chat_view_get_busy (fixture->view));
  mimo_test_wait_until (not_busy, fixture->view, 30000);
  g_assert_cmpuint (mimo_test_server_count_requests (fixture->net.server, "/chat/completions"), ==, 2);
  g_assert_cmpuint (mimo_conversation_get_n_messages (conversation), ==, 4);

  /* Past the warning line (80%) but inside: sent at once, and said. */
  {
    gint64           spent = mimo_conversation_get_totals (conversation)->cost.total_nanos;
    gint64           estimate;
    GtkWidget       *note;
    MimoBudgetLimits limits = { .month_spent = spent };
    g_autofree char *words = NULL;

    mimo_composer_set_text (composer (fixture), "Once more [[mimo-test:plain]]");
    estimate = mimo_composer_get_estimate (composer (fixture));
    g_assert_cmpint (estimate, >, 0);
    limits.monthly_budget = (spent + estimate) * 100 / 90;
    g_settings_set_int64 (fixture->settings, "monthly-budget", limits.monthly_budget);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer (fixture)), "composer.send", NULL));
    g_assert_null (find_budget_dialog ());
    g_assert_true (mimo_chat_view_get_busy (fixture->view));
    words = mimo_budget_warning_text (MIMO_BUDGET_SCOPE_MONTH, &limits, estimate);
    g_assert_nonnull (strstr (words, "90% of this month’s budget is used"));
    note = mimo_test_find_by_text (GTK_WIDGET (fixture->view), GTK_TYPE_LABEL, words);
    g_assert_nonnull (note);
    g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (note, GTK_TYPE_REVEALER))));
    /* While it streams, the answer's running cost is known; after, not. */
    g_assert_cmpint (mimo_chat_view_get_live_cost (fixture->view), >=, 0);
    mimo_test_save_screenshot (GTK_WIDGET (fixture->window), "chat-view-budget-warning");
    mimo_test_wait_until (not_busy, fixture->view, 30000);
    g_assert_cmpint (mimo_chat_view_get_live_cost (fixture->view), ==, -1);
  }

  g_settings_reset (fixture->settings, "monthly-budget");
  g_settings_reset (fixture->settings, "budget-action");
}

static void
test_edit_and_resend (Fixture      *fixture,
                      gconstpointer data)
{
  g_autofree char *text = NULL;
  MimoMessage     *first;

  ask (fixture, "First [[mimo-test:plain]]");
  ask (fixture, "Second [[mimo-test:plain]]");
  g_assert_cmpuint (mimo_conversation_get_n_messages (mimo_chat_view_get_conversation (fixture->view)), ==, 4);

  first = message_at (fixture, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "chat.edit", "x", mimo_message_get_id (first)));
  text = mimo_composer_dup_text (composer (fixture));
  g_assert_cmpstr (text, ==, "First [[mimo-test:plain]]");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (fixture, "status_revealer"))));
  /* Nothing is removed before the person sends. */
  g_assert_cmpuint (mimo_conversation_get_n_messages (mimo_chat_view_get_conversation (fixture->view)), ==, 4);

  ask (fixture, "Changed [[mimo-test:plain]]");
  g_assert_cmpuint (mimo_conversation_get_n_messages (mimo_chat_view_get_conversation (fixture->view)), ==, 2);
  g_assert_cmpstr (mimo_message_get_content (message_at (fixture, 0)), ==, "Changed [[mimo-test:plain]]");
  g_assert_cmpint (mimo_message_get_state (message_at (fixture, 1)), ==, MIMO_MESSAGE_STATE_COMPLETE);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (child (fixture, "status_revealer"))));
}

static gboolean
is_complete (gpointer user_data)
{
  return mimo_message_get_state (MIMO_MESSAGE (user_data)) != MIMO_MESSAGE_STATE_STREAMING;
}

static void
test_switch_mid_stream (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr (MimoConversation) first = NULL;
  g_autoptr (MimoMessage)      answer = NULL;

  type_and_send (fixture, "A long one [[mimo-test:slow 20]]");
  first = g_object_ref (mimo_chat_view_get_conversation (fixture->view));
  answer = g_object_ref (last_message (fixture));
  mimo_test_wait_until (has_text, answer, 20000);

  /* Another chat: not busy there, and the first answer goes on. */
  mimo_chat_view_set_conversation (fixture->view, NULL);
  g_assert_false (mimo_chat_view_get_busy (fixture->view));
  g_assert_false (mimo_composer_get_busy (composer (fixture)));
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_STREAMING);

  /* Stop in the new chat stops nothing. */
  mimo_chat_view_stop (fixture->view);
  mimo_test_spin (100);
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_STREAMING);

  /* Back: busy again, Stop is offered. */
  mimo_chat_view_set_conversation (fixture->view, first);
  g_assert_true (mimo_chat_view_get_busy (fixture->view));
  g_assert_true (mimo_composer_get_busy (composer (fixture)));

  mimo_chat_view_set_conversation (fixture->view, NULL);
  mimo_test_wait_until (is_complete, answer, 30000);
  g_assert_cmpint (mimo_message_get_state (answer), ==, MIMO_MESSAGE_STATE_COMPLETE);
  g_assert_cmpuint (mimo_message_get_content_length (answer), >, 200);
}

typedef struct
{
  GListModel *list;
  guint       n;
} GrowWait;

static gboolean
list_grew (gpointer user_data)
{
  GrowWait *wait = user_data;

  return g_list_model_get_n_items (wait->list) > wait->n;
}

static void
test_long_history (Fixture      *fixture,
                   gconstpointer data)
{
  GtkSelectionModel    *list;
  g_autofree char      *path = history_path (fixture);
  MimoConversation     *conversation;
  GtkAdjustment        *adjustment;
  g_autoptr (GPtrArray) ids = NULL;
  gint64                id;

  /* 1,000 messages written to the file, then opened from it. */
  gtk_window_destroy (fixture->window);
  mimo_test_spin (20);
  conversation = mimo_store_create_conversation (fixture->store);
  id = mimo_conversation_get_id (conversation);
  mimo_store_hold_writes (fixture->store);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char        *text = g_strdup_printf ("Message %u: %s", i, i % 2 ? "an answer with a few words" : "a question?");
      g_autoptr (MimoMessage) message = mimo_message_new (i % 2 ? MIMO_ROLE_ASSISTANT : MIMO_ROLE_USER, text);

      mimo_conversation_add_message (conversation, message);
    }
  mimo_store_release_writes (fixture->store);
  g_clear_object (&fixture->store);
  fixture->store = mimo_store_new (path);
  conversation = mimo_store_lookup_conversation (fixture->store, id);
  g_assert_cmpuint (mimo_conversation_get_n_messages (conversation), ==, 1000);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 700);
  fixture->view = MIMO_CHAT_VIEW (mimo_chat_view_new (fixture->settings, fixture->net.client, fixture->store));
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  mimo_chat_view_set_conversation (fixture->view, conversation);
  mimo_test_present_and_wait (fixture->window);
  mimo_test_spin (100);

  /* At the end, the last message on screen. */
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child (fixture, "scroller")));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment), >=,
                     gtk_adjustment_get_upper (adjustment) - 1);
  find_row (fixture, last_message (fixture));
  g_assert_null (find_row_in (child (fixture, "list_view"), message_at (fixture, 0)));
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (child (fixture, "jump_revealer"))));

  /* Only the latest messages are in the list at first: a long chat
   * opens as fast as a short one. */
  list = gtk_list_view_get_model (GTK_LIST_VIEW (child (fixture, "list_view")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), <, 100);

  /* Scrolled up: the way back appears, and earlier messages come in
   * above without moving what is on screen. */
  gtk_adjustment_set_value (adjustment, 0);
  mimo_test_spin (100);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (child (fixture, "jump_revealer"))));
  for (guint step = 0; find_row_in (child (fixture, "list_view"), message_at (fixture, 0)) == NULL; step++)
    {
      guint                   n = g_list_model_get_n_items (G_LIST_MODEL (list));
      g_autoptr (MimoMessage) top = g_list_model_get_item (G_LIST_MODEL (list), 0);
      graphene_point_t        at;

      g_assert_cmpuint (step, <, 100);
      /* At the very top: the first message shown starts the view. */
      gtk_adjustment_set_value (adjustment, 0);
      mimo_test_wait_until (list_grew, &(GrowWait){ G_LIST_MODEL (list), n }, 10000);
      mimo_test_spin (20);
      /* With earlier ones above it now, it still does. */
      g_assert_true (gtk_widget_compute_point (gtk_widget_get_parent (GTK_WIDGET (find_row (fixture, top))), child (fixture, "scroller"),
                                               &GRAPHENE_POINT_INIT (0, 0), &at));
      g_assert_cmpfloat (fabs (at.y), <, 2);
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "chat.jump-to-latest", NULL));
  mimo_test_spin (100);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment), >=,
                     gtk_adjustment_get_upper (adjustment) - 1);
  find_row (fixture, last_message (fixture));

  /* A search result far up, in the chat opened again: shown at once. */
  mimo_chat_view_set_conversation (fixture->view, NULL);
  mimo_chat_view_set_conversation (fixture->view, conversation);
  mimo_test_spin (100);
  g_assert_null (find_row_in (child (fixture, "list_view"), message_at (fixture, 3)));
  g_assert_true (mimo_chat_view_scroll_to_message (fixture->view, mimo_message_get_id (message_at (fixture, 3))));
  mimo_test_spin (100);
  {
    MimoMessageRow *row = find_row (fixture, message_at (fixture, 3));
    graphene_rect_t bounds;

    g_assert_true (mimo_test_widget_is_mapped (GTK_WIDGET (row)));
    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (row), child (fixture, "scroller"), &bounds));
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, >, 0);
    g_assert_cmpfloat (bounds.origin.y, <, gtk_widget_get_height (child (fixture, "scroller")));
  }
}

static void
test_retry_countdown (Fixture      *fixture,
                      gconstpointer data)
{
  GtkRevealer *revealer = GTK_REVEALER (child (fixture, "status_revealer"));
  const char  *text;

  type_and_send (fixture, "Hello [[mimo-test:429 2, plain]]");
  mimo_test_wait_until ((MimoTestPredicate) gtk_revealer_get_reveal_child, revealer, 10000);
  text = gtk_label_get_text (GTK_LABEL (child (fixture, "status_label")));
  g_test_message ("%s", text);
  g_assert_true (g_str_has_prefix (text, "Busy — trying again in "));
  mimo_test_wait_until (not_busy, fixture->view, 30000);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_assert_cmpint (mimo_message_get_state (last_message (fixture)), ==, MIMO_MESSAGE_STATE_COMPLETE);
}

static void
record_activation_cb (GSimpleAction *action,
                      GVariant      *parameter,
                      Fixture       *fixture)
{
  g_autofree char *target = parameter != NULL ? g_variant_print (parameter, FALSE) : g_strdup ("");

  g_ptr_array_add (fixture->activations, g_strdup_printf ("%s %s", g_action_get_name (G_ACTION (action)), target));
}

/* With the window's draft and spending actions, their controls appear and
 * send what the draft and the inspector need; without them, they hide. */
static void
test_window_actions (Fixture      *fixture,
                     gconstpointer data)
{
  GSimpleAction   *action;
  MimoMessage     *answer;
  MimoMessageRow  *row;
  g_autofree char *expected = NULL;

  ask (fixture, "Hello [[mimo-test:plain]]");
  answer = last_message (fixture);
  row = find_row (fixture, answer);
  g_assert_false (gtk_widget_get_visible (child (fixture, "draft_toggle")));
  g_assert_false (gtk_widget_get_visible (row_child (row, "draft_button")));
  g_assert_false (gtk_widget_get_can_target (child (fixture, "title_button")));

  fixture->win_actions = g_simple_action_group_new ();
  action = g_simple_action_new ("add-to-draft", G_VARIANT_TYPE ("(xs)"));
  g_signal_connect (action, "activate", G_CALLBACK (record_activation_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (fixture->win_actions), G_ACTION (action));
  g_object_unref (action);
  action = g_simple_action_new ("show-usage", G_VARIANT_TYPE_INT64);
  g_signal_connect (action, "activate", G_CALLBACK (record_activation_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (fixture->win_actions), G_ACTION (action));
  g_object_unref (action);
  action = g_simple_action_new_stateful ("show-draft", NULL, g_variant_new_boolean (FALSE));
  g_action_map_add_action (G_ACTION_MAP (fixture->win_actions), G_ACTION (action));
  g_object_unref (action);
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (fixture->win_actions));
  mimo_test_spin (50);

  g_assert_true (gtk_widget_get_visible (child (fixture, "draft_toggle")));
  row = find_row (fixture, answer);
  g_assert_true (gtk_widget_get_visible (row_child (row, "draft_button")));
  g_signal_emit_by_name (row_child (row, "draft_button"), "clicked");
  g_signal_emit_by_name (child (fixture, "title_button"), "clicked");
  g_assert_cmpuint (fixture->activations->len, ==, 2);
  expected = g_strdup_printf ("add-to-draft (%" G_GINT64_FORMAT ", '')", mimo_message_get_id (answer));
  g_assert_cmpstr (g_ptr_array_index (fixture->activations, 0), ==, expected);
  g_free (g_steal_pointer (&expected));
  expected = g_strdup_printf ("show-usage %" G_GINT64_FORMAT,
                              mimo_conversation_get_id (mimo_chat_view_get_conversation (fixture->view)));
  g_assert_cmpstr (g_ptr_array_index (fixture->activations, 1), ==, expected);
}

static void
test_empty_examples (Fixture      *fixture,
                     gconstpointer data)
{
  GtkWidget *examples = child (fixture, "examples_box");
  GtkWidget *button = mimo_test_find_descendant (examples, GTK_TYPE_BUTTON);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (child (fixture, "stack"))), ==, "empty");
  g_assert_nonnull (button);
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));

  /* A tap asks it. */
  mimo_test_server_set_default_scenario (fixture->net.server, "plain");
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (mimo_chat_view_get_busy (fixture->view));
  mimo_test_wait_until (not_busy, fixture->view, 30000);
  g_assert_cmpuint (mimo_conversation_get_n_messages (mimo_chat_view_get_conversation (fixture->view)), ==, 2);
}

static void
test_estimate (Fixture      *fixture,
               gconstpointer data)
{
  gint64 short_one, long_one;

  g_assert_cmpint (mimo_composer_get_estimate (composer (fixture)), ==, -1);
  mimo_composer_set_text (composer (fixture), "Hi");
  short_one = mimo_composer_get_estimate (composer (fixture));
  g_assert_cmpint (short_one, >, 0);
  mimo_composer_set_text (composer (fixture), "Hi, this is a much longer question that has many more words in it than the first");
  long_one = mimo_composer_get_estimate (composer (fixture));
  g_assert_cmpint (long_one, >, short_one);
  mimo_composer_set_text (composer (fixture), "");
  g_assert_cmpint (mimo_composer_get_estimate (composer (fixture)), ==, -1);
}

/* A real conversation (thinking, a heading, a list, a table, code, then a
 * failed answer) in light and dark, wide and narrow, for people to judge
 * (build-aux/dev shots). */
static void
test_screenshots (Fixture      *fixture,
                  gconstpointer data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  struct
  {
    const char    *name;
    int            width, height;
    AdwColorScheme scheme;
  } shots[] = {
    { "chat-view-wide-light", 1200, 800, ADW_COLOR_SCHEME_FORCE_LIGHT },
    { "chat-view-wide-dark", 1200, 800, ADW_COLOR_SCHEME_FORCE_DARK },
    { "chat-view-narrow-light", 400, 760, ADW_COLOR_SCHEME_FORCE_LIGHT },
    { "chat-view-narrow-dark", 400, 760, ADW_COLOR_SCHEME_FORCE_DARK },
  };
  MimoMessageRow *row;

  mimo_test_save_screenshot (GTK_WIDGET (fixture->window), "chat-view-empty");

  mimo_composer_set_thinking (composer (fixture), TRUE);
  ask (fixture, "How do I read a CSV file in Python and total one column?");
  mimo_composer_set_thinking (composer (fixture), FALSE);
  ask (fixture, "And can you show me the cost per row? [[mimo-test:402]]");
  g_assert_cmpint (mimo_message_get_state (last_message (fixture)), ==, MIMO_MESSAGE_STATE_FAILED);

  /* The thoughts of the first answer open, so they show too. */
  row = find_row_in (child (fixture, "list_view"), message_at (fixture, 1));
  if (row != NULL)
    gtk_expander_set_expanded (GTK_EXPANDER (row_child (row, "thinking_expander")), TRUE);
  mimo_composer_set_text (composer (fixture), "Thanks! One more question");

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      adw_style_manager_set_color_scheme (style, shots[i].scheme);
      gtk_window_set_default_size (fixture->window, shots[i].width, shots[i].height);
      mimo_test_spin (200);
      mimo_test_save_screenshot (GTK_WIDGET (fixture->window), shots[i].name);
    }

  /* Scrolled to the top: the answer's beginning, and Jump to Latest. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (child (fixture, "scroller"))), 0);
  mimo_test_spin (200);
  mimo_test_save_screenshot (GTK_WIDGET (fixture->window), "chat-view-narrow-dark-top");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_describe (void)
{
  g_autoptr (MimoMessage) message = mimo_message_new (MIMO_ROLE_ASSISTANT, "Hi");
  g_autoptr (MimoUsage)   usage = mimo_usage_new ();
  g_autofree char        *text = NULL;
  struct
  {
    gint64      us;
    const char *words;
  } thinking[] = {
    { -1, "Thoughts" },
    { 300000, "Thought for a moment" },
    { 1000000, "Thought for 1 second" },
    { 12400000, "Thought for 12 seconds" },
    { 150 * G_USEC_PER_SEC, "Thought for 3 minutes" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (thinking); i++)
    {
      g_autofree char *words = mimo_message_row_describe_thinking (thinking[i].us);

      g_assert_cmpstr (words, ==, thinking[i].words);
    }

  usage->prompt_tokens = 1200;
  usage->cached_tokens = 1000;
  usage->completion_tokens = 345;
  usage->web_search_calls = 2;
  usage->has_provider_cost = TRUE;
  usage->provider_cost_nanos = 30700000;
  mimo_message_set_usage (message, usage, 30668500);
  mimo_message_set_timings (message, -1, 3400000);
  text = mimo_message_row_describe_usage (message);
  g_assert_cmpstr (text, ==, "1,200 in (1,000 cached) · 345 out · $0.0307 · 2 web searches · 3.4 s");

  /* The provider's figure beside ours only when it reads differently. */
  usage->provider_cost_nanos = 31000000;
  usage->estimated = TRUE;
  usage->web_search_calls = 0;
  mimo_message_set_usage (message, usage, 30668500);
  g_free (text);
  text = mimo_message_row_describe_usage (message);
  g_assert_cmpstr (text, ==, "≈ 1,200 in (1,000 cached) · ≈ 345 out · $0.0307 (provider: $0.031) · 3.4 s");
}

int
main (int   argc,
      char *argv[])
{
  mimo_test_gui_init (&argc, &argv);

  /* What the application loads from its resources by itself: the styles
   * and the icons, so the view looks here as it does in the app. */
  {
    g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                      RESOURCE_PATH "/icons");
  }

  g_test_add_func ("/gui/chat-view/describe", test_describe);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/chat-view/stream", test_stream);
  ADD ("/gui/chat-view/thinking", test_thinking);
  ADD ("/gui/chat-view/citations", test_citations);
  ADD ("/gui/chat-view/error-and-retry", test_error_and_retry);
  ADD ("/gui/chat-view/stop-keeps-text", test_stop_keeps_text);
  ADD ("/gui/chat-view/regenerate", test_regenerate);
  ADD ("/gui/chat-view/budget-guard", test_budget_guard);
  ADD ("/gui/chat-view/edit-and-resend", test_edit_and_resend);
  ADD ("/gui/chat-view/switch-mid-stream", test_switch_mid_stream);
  ADD ("/gui/chat-view/long-history", test_long_history);
  ADD ("/gui/chat-view/retry-countdown", test_retry_countdown);
  ADD ("/gui/chat-view/window-actions", test_window_actions);
  ADD ("/gui/chat-view/empty-examples", test_empty_examples);
  ADD ("/gui/chat-view/estimate", test_estimate);
  ADD ("/gui/chat-view/screenshots", test_screenshots);
#undef ADD

  return g_test_run ();
}
