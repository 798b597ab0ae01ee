/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-accessible-names.c: every icon-only button of the window and the preferences has a tooltip and an accessible name. */

#define G_LOG_DOMAIN "test-accessible-names"

#include "config.h"

#include <adwaita.h>

#include "mimo-application.h"
#include "mimo-preferences-window.h"
#include "mimo-test-gui.h"
#include "mimo-test-utils.h"
#include "mimo-window.h"

/* One registered application for the whole program, as in the real app. */
static MimoApplication *app;

/* Whether @widget shows words: a label with text that is not hidden, and
 * not inside an AdwSqueezer (which may show an icon alone instead). */
static gboolean
has_text (GtkWidget *widget)
{
  if (!gtk_widget_get_visible (widget) || ADW_IS_SQUEEZER (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_text (child))
      return TRUE;
  return FALSE;
}

/* The same for a button, shown now or not (hidden ones may be shown). */
static gboolean
shows_text (GtkWidget *button)
{
  for (GtkWidget *child = gtk_widget_get_first_child (button); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_text (child))
      return TRUE;
  return FALSE;
}

/* The accessible label as GTK's AT context holds it (GTK 4.8 has no
 * getter outside its test API: check_property returns the value when it
 * differs from the one asked), or NULL when none is set. */
static char *
accessible_label (GtkWidget *widget)
{
  char *value;

  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      value = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, "");
      /* NULL: the label is the empty string, which names nothing. */
      if (value != NULL)
        return value;
    }
  /* GtkButton says it is labelled by its child: for an icon that is an
   * image, which names nothing. Another widget (a label beside) does. */
  if (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    {
      g_autofree char *other = NULL;

      if (child == NULL)
        return g_strdup ("(labelled by another widget)");
      other = gtk_test_accessible_check_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY, child, NULL);
      if (other != NULL)
        return g_strdup ("(labelled by another widget)");
    }
  return NULL;
}

/* A path of types and names from the window, so a failure says where. */
static char *
describe (GtkWidget *widget)
{
  g_autoptr (GString) path = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      if (!g_str_has_prefix (G_OBJECT_TYPE_NAME (w), "Mimo") && w != widget)
        continue;
      g_string_prepend (path, G_OBJECT_TYPE_NAME (w));
      if (w != widget)
        g_string_prepend (path, " › ");
    }
  if (GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL)
    g_string_append_printf (path, " (icon %s)", gtk_button_get_icon_name (GTK_BUTTON (widget)));
  else if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL)
    g_string_append_printf (path, " (icon %s)", gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)));
  return g_string_free (g_steal_pointer (&path), FALSE);
}

typedef struct
{
  guint      n_checked;
  GPtrArray *failures;
} Walk;

static void
check_button (GtkWidget *button,
              Walk      *walk)
{
  const char      *tooltip = gtk_widget_get_tooltip_text (button);
  g_autofree char *label = accessible_label (button);

  walk->n_checked++;
  if (tooltip == NULL || tooltip[0] == '\0')
    g_ptr_array_add (walk->failures, g_strdup_printf ("%s: no tooltip", describe (button)));
  if (label == NULL)
    g_ptr_array_add (walk->failures, g_strdup_printf ("%s: no accessible name", describe (button)));
  else
    g_test_message ("%s: “%s”, tooltip “%s”", describe (button), label, tooltip);
}

static void
walk_widget (GtkWidget *widget,
             Walk      *walk)
{
  /* GTK's and libadwaita's own parts name their buttons themselves or
   * are not ours to name: the window's title buttons, spin buttons. */
  if (GTK_IS_WINDOW_CONTROLS (widget) || GTK_IS_SPIN_BUTTON (widget))
    return;
  /* libadwaita 1.2's entry rows have their own Apply and Show Text
   * buttons with a tooltip and no accessible name; we cannot name them
   * without reaching into the row's insides (newer libadwaita does). */
  if (ADW_IS_ENTRY_ROW (widget))
    return;
  /* AdwPreferencesWindow 1.2's own search button: the same. */
  if (GTK_IS_TOGGLE_BUTTON (widget) && ADW_IS_PREFERENCES_WINDOW (gtk_widget_get_root (widget)) &&
      g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "edit-find-symbolic") == 0 &&
      !g_str_has_prefix (G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)), "Mimo"))
    return;
  /* GtkSearchBar always makes a close button; ours is never shown. */
  if (GTK_IS_SEARCH_BAR (widget) && !gtk_search_bar_get_show_close_button (GTK_SEARCH_BAR (widget)))
    {
      if (gtk_search_bar_get_child (GTK_SEARCH_BAR (widget)) != NULL)
        walk_widget (gtk_search_bar_get_child (GTK_SEARCH_BAR (widget)), walk);
      return;
    }

  if (GTK_IS_MENU_BUTTON (widget))
    {
      /* Its toggle button inside is GTK's; the menu button is the control. */
      if (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) == NULL && !shows_text (widget))
        check_button (widget, walk);
      if (gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget)) != NULL)
        walk_widget (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget))), walk);
      return;
    }
  /* A button without content shows nothing (the chat view's hidden
   * probes of the window's actions): nothing to name. */
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_first_child (widget) != NULL && !shows_text (widget))
    check_button (widget, walk);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    walk_widget (child, walk);
}

static void
assert_walk (GtkWidget *root,
             guint      at_least)
{
  Walk walk = { 0, g_ptr_array_new_with_free_func (g_free) };

  walk_widget (root, &walk);
  for (guint i = 0; i < walk.failures->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (walk.failures, i));
  g_test_message ("%s: %u icon-only buttons, %u failures", G_OBJECT_TYPE_NAME (root), walk.n_checked,
                  walk.failures->len);
  g_assert_cmpuint (walk.failures->len, ==, 0);
  g_assert_cmpuint (walk.n_checked, >=, at_least);
  g_ptr_array_unref (walk.failures);
}

/* A chat with what answers hold: a question, an answer with code, a link
 * and a citation, thoughts, and a failed answer (Retry). */
static MimoConversation *
add_conversation (void)
{
  MimoStore              *store = mimo_application_get_store (app);
  MimoConversation       *conversation = mimo_store_create_conversation (store);
  g_autoptr (MimoMessage) question = mimo_message_new (MIMO_ROLE_USER, "How do I print in C?");
  g_autoptr (MimoMessage) answer = mimo_message_new (MIMO_ROLE_ASSISTANT,
                                                     "Use `printf` [1]:\n\n```c\nprintf (\"hi\\n\");\n```\n\n"
                                                     "| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                                                     "See [the manual](https://example.com/printf).\n\n"
                                                     "References:\n[1] https://example.com/c");
  g_autoptr (MimoMessage) again = mimo_message_new (MIMO_ROLE_USER, "And in Rust?");
  g_autoptr (MimoMessage) failed = mimo_message_new (MIMO_ROLE_ASSISTANT, "Use");

  mimo_conversation_set_title (conversation, "Printing");
  mimo_message_set_reasoning (answer, "The person wants the simplest way.");
  mimo_message_set_state (failed, MIMO_MESSAGE_STATE_FAILED, "The connection was lost.");
  mimo_conversation_add_message (conversation, question);
  mimo_conversation_add_message (conversation, answer);
  mimo_conversation_add_message (conversation, again);
  mimo_conversation_add_message (conversation, failed);
  return conversation;
}

static void
test_window (void)
{
  MimoConversation *conversation;
  GtkWindow        *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (MIMO_IS_WINDOW (window));
  gtk_window_set_default_size (window, 1200, 800);
  mimo_test_wait_until (mimo_test_widget_is_mapped, window, 10000);

  conversation = add_conversation ();
  mimo_store_create_conversation (mimo_application_get_store (app));
  mimo_window_show_conversation (MIMO_WINDOW (window), conversation);
  /* The draft beside the chat, with its own toolbar. */
  g_action_group_change_action_state (G_ACTION_GROUP (window), "show-draft", g_variant_new_boolean (TRUE));
  mimo_test_spin (300);

  /* Sidebar (rows, search, menus), chat header, messages, code blocks,
   * composer, draft: well over twenty. */
  assert_walk (GTK_WIDGET (window), 20);

  /* The spending window, on the chat's page and over time. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-usage", "x",
                                             mimo_conversation_get_id (conversation)));
  mimo_test_wait_until (mimo_test_widget_is_mapped, mimo_window_get_usage_inspector (MIMO_WINDOW (window)), 10000);
  mimo_test_spin (100);
  /* Export, Earlier, Later. */
  assert_walk (GTK_WIDGET (mimo_window_get_usage_inspector (MIMO_WINDOW (window))), 3);

  gtk_window_destroy (window);
}

static void
test_preferences (void)
{
  GtkWindow *preferences = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (MIMO_IS_PREFERENCES_WINDOW (l->data))
      preferences = l->data;
  g_assert_nonnull (preferences);
  mimo_test_wait_until (mimo_test_widget_is_mapped, preferences, 10000);
  mimo_test_spin (100);

  assert_walk (GTK_WIDGET (preferences), 1);

  gtk_window_destroy (preferences);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int                status;

  mimo_test_gui_init (&argc, &argv);

  app = mimo_application_new (APPLICATION_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

  g_test_add_func ("/gui/accessible-names/window", test_window);
  g_test_add_func ("/gui/accessible-names/preferences", test_preferences);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
