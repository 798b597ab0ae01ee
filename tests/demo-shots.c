/* SPDX-License-Identifier: GPL-3.0-or-later */
/* demo-shots.c: the README and AppStream screenshots, taken from the real app in demo mode (build-aux/dev screenshots). */

#define G_LOG_DOMAIN "demo-shots"

#include "config.h"

#include <adwaita.h>

#include "mimo-application.h"
#include "mimo-composer.h"
#include "mimo-test-gui.h"
#include "mimo-test-utils.h"
#include "mimo-window.h"

/* What AppStream asks of a screenshot: a window no larger than this. */
#define SHOT_WIDTH  1000
#define SHOT_HEIGHT 700

/* The chat whose title starts with @prefix, or a fatal error: the demo
 * history (build-aux/demo-history) must hold it. */
static MimoConversation *
find_conversation (MimoStore  *store,
                   const char *prefix)
{
  GListModel *conversations = mimo_store_get_conversations (store);

  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr (MimoConversation) conversation = g_list_model_get_item (conversations, i);

      if (g_str_has_prefix (mimo_conversation_get_title (conversation), prefix))
        return conversation;
    }
  g_error ("The demo history has no chat named “%s…”", prefix);
}

static MimoMessage *
last_answer (MimoConversation *conversation)
{
  GListModel *messages = mimo_conversation_get_messages (conversation);

  for (guint i = g_list_model_get_n_items (messages); i > 0; i--)
    {
      g_autoptr (MimoMessage) message = g_list_model_get_item (messages, i - 1);

      if (mimo_message_get_role (message) == MIMO_ROLE_ASSISTANT)
        return message;
    }
  g_error ("“%s” has no answer", mimo_conversation_get_title (conversation));
}

/* Shows @conversation scrolled to its start, lets rows and transitions
 * settle, and saves the window as @name.png. */
static void
shoot (MimoWindow       *window,
       MimoConversation *conversation,
       const char       *name)
{
  if (conversation != NULL)
    mimo_window_show_conversation (window, conversation);
  mimo_test_spin (1500);
  mimo_test_save_screenshot (GTK_WIDGET (window), name);
  g_print ("%s/%s.png\n", g_getenv ("MIMO_SHOT_DIR"), name);
}

/* MIMO_SHOT_VARIANTS=1: the composer with text and its toggles on, light
 * and dark, wide and narrow (a phone-sized 400 px), for checking the
 * layout by eye; not part of the README's set. */
static void
shoot_variants (MimoWindow       *window,
                MimoConversation *conversation)
{
  MimoComposer *composer =
    MIMO_COMPOSER (mimo_test_find_descendant (GTK_WIDGET (window), MIMO_TYPE_COMPOSER));
  static const struct
  {
    AdwColorScheme scheme;
    int            width;
    const char    *name;
  } variants[] = {
    { ADW_COLOR_SCHEME_FORCE_LIGHT, SHOT_WIDTH, "composer-light-wide" },
    { ADW_COLOR_SCHEME_FORCE_DARK, SHOT_WIDTH, "composer-dark-wide" },
    { ADW_COLOR_SCHEME_FORCE_LIGHT, 400, "composer-light-narrow" },
    { ADW_COLOR_SCHEME_FORCE_DARK, 400, "composer-dark-narrow" },
  };

  mimo_window_show_conversation (window, conversation);
  mimo_composer_set_text (composer, "And what about the trams?");
  mimo_composer_set_web_search (composer, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      adw_style_manager_set_color_scheme (adw_style_manager_get_default (), variants[i].scheme);
      gtk_window_set_default_size (GTK_WINDOW (window), variants[i].width, SHOT_HEIGHT);
      shoot (window, NULL, variants[i].name);
    }
  mimo_composer_set_text (composer, "");
  mimo_composer_set_web_search (composer, FALSE);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_window_set_default_size (GTK_WINDOW (window), SHOT_WIDTH, SHOT_HEIGHT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (MimoApplication) app = NULL;
  g_autoptr (GError)          error = NULL;
  MimoConversation           *lisbon, *mutex;
  MimoStore                  *store;
  MimoWindow                 *window;
  MimoMessage                *answer;
  GtkWindow                  *inspector;

  if (argc != 2)
    {
      g_printerr ("usage: %s DIR (run by build-aux/dev screenshots, in demo mode)\n", argv[0]);
      return 2;
    }
  g_setenv ("MIMO_SHOT_DIR", argv[1], TRUE);

  gtk_init ();
  adw_init ();
  /* AppStream wants the default look: the light style. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  app = mimo_application_new ("io.github.mimochat.MimoChat.Shots", G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  store = mimo_application_get_store (app);
  window = mimo_window_new (app, mimo_application_get_settings (app), mimo_application_get_key_store (app),
                            mimo_application_get_client (app), store);
  gtk_window_set_default_size (GTK_WINDOW (window), SHOT_WIDTH, SHOT_HEIGHT);
  mimo_test_present_and_wait (GTK_WINDOW (window));

  lisbon = find_conversation (store, "Plan a weekend in Lisbon");
  mutex = find_conversation (store, "Explain mutexes");

  /* An answer with web sources: what people see first. */
  shoot (window, lisbon, "main");
  /* Code, highlighted, and the model's thinking. */
  shoot (window, mutex, "chat");

  /* A document built from an answer, its references beside the chat. */
  answer = last_answer (lisbon);
  mimo_window_show_conversation (window, lisbon);
  mimo_test_spin (300);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-to-draft", "(xs)", mimo_message_get_id (answer), "");
  shoot (window, NULL, "draft");

  /* What the chat cost, request by request: the spending window. */
  mimo_window_show_conversation (window, lisbon);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-usage", "x", mimo_conversation_get_id (lisbon));
  inspector = GTK_WINDOW (mimo_window_get_usage_inspector (window));
  gtk_window_set_default_size (inspector, 760, SHOT_HEIGHT);
  mimo_test_present_and_wait (inspector);
  mimo_test_spin (1000);
  mimo_test_save_screenshot (GTK_WIDGET (inspector), "spending");
  g_print ("%s/spending.png\n", g_getenv ("MIMO_SHOT_DIR"));
  gtk_window_close (inspector);

  if (g_getenv ("MIMO_SHOT_VARIANTS") != NULL)
    {
      g_action_group_change_action_state (G_ACTION_GROUP (window), "show-draft", g_variant_new_boolean (FALSE));
      shoot_variants (window, lisbon);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  mimo_test_spin (100);
  return 0;
}
