/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-shortcuts.c: every key the app sets is in the shortcuts window, and everything listed there is really set. */

#define G_LOG_DOMAIN "test-shortcuts"

#include "config.h"

#include <adwaita.h>

#include "mimo-application.h"
#include "mimo-test-gui.h"
#include "mimo-test-utils.h"
#include "mimo-window.h"

/* One registered application for the whole program, as in the real app. */
static MimoApplication *app;

/* Keys the shortcuts window lists that no shortcut of ours handles, because
 * a GTK widget does it by itself: say why for each. */
static const char *const handled_by_gtk[] = {
  "<Shift>Return", /* GtkTextView's new line (the composer's Enter ignores Shift) */
};

/* The keys the issue names: they must be set and listed. */
static const char *const required[] = {
  "<Control>n",
  "<Control>f",
  "<Control>comma",
  "<Control>question",
  "Escape",
};

/* One spelling for a key: the same letter in either case, and the keypad's
 * Enter and Delete as the main keys (the shortcuts window shows one). */
static char *
key_name (guint           keyval,
          GdkModifierType mods)
{
  keyval = gdk_keyval_to_lower (keyval);
  if (keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
    keyval = GDK_KEY_Return;
  else if (keyval == GDK_KEY_KP_Delete)
    keyval = GDK_KEY_Delete;
  return gtk_accelerator_name (keyval, mods & gtk_accelerator_get_default_mod_mask ());
}

static char *
key_name_parse (const char *accelerator)
{
  guint           keyval = 0;
  GdkModifierType mods = 0;

  g_assert_true (gtk_accelerator_parse (accelerator, &keyval, &mods));
  return key_name (keyval, mods);
}

static void
add_key (GHashTable *keys,
         char       *name,
         const char *what)
{
  if (!g_hash_table_contains (keys, name))
    g_hash_table_insert (keys, name, g_strdup (what));
  else
    g_free (name);
}

/* ------------------------------------------------------- what is set -- */

static void
add_trigger (GHashTable         *keys,
             GtkShortcutTrigger *trigger,
             const char         *what)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      add_trigger (keys, gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), what);
      add_trigger (keys, gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), what);
    }
  else if (GTK_IS_KEYVAL_TRIGGER (trigger))
    add_key (keys,
             key_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                       gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))),
             what);
  else
    g_error ("%s: a shortcut trigger of type %s the shortcuts window cannot show", what, G_OBJECT_TYPE_NAME (trigger));
}

static gboolean
is_ours (GType type)
{
  return g_str_has_prefix (g_type_name (type), "Mimo");
}

/* Whether a class of ours installed the widget action @name (chat.*,
 * composer.*, draft.*), as opposed to one GTK's classes bring. */
static gboolean
is_our_widget_action (GtkWidget  *widget,
                      const char *name)
{
  GtkWidgetClass     *klass = GTK_WIDGET_GET_CLASS (widget);
  GType               owner;
  const char         *action_name;
  const GVariantType *parameter_type;
  const char         *property_name;

  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &action_name, &parameter_type, &property_name); i++)
    if (g_str_equal (action_name, name))
      return is_ours (owner);
  return FALSE;
}

/* The shortcuts of widgets of ours (class key bindings and controllers)
 * that trigger an action of ours (app.*, win.* or one of our widget
 * actions), and those of controllers named mimo-* wherever they are
 * (callbacks on GTK widgets: the composer's Enter, the chat list's keys).
 * GTK's own keys (GtkWindow's focus moves, the inspector) are left out. */
static void
collect_widget_shortcuts (GtkWidget  *widget,
                          GHashTable *keys)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);
      const char                    *name;
      gboolean                       named_ours;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      name = gtk_event_controller_get_name (controller);
      named_ours = name != NULL && g_str_has_prefix (name, "mimo-");
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutAction      *action = gtk_shortcut_get_action (shortcut);
          g_autofree char        *what = NULL;

          if (GTK_IS_NAMED_ACTION (action))
            {
              const char *action_name = gtk_named_action_get_action_name (GTK_NAMED_ACTION (action));

              if (!named_ours &&
                  !(is_ours (G_OBJECT_TYPE (widget)) &&
                    (g_str_has_prefix (action_name, "app.") || g_str_has_prefix (action_name, "win.") ||
                     is_our_widget_action (widget, action_name))))
                continue;
              what = g_strdup_printf ("%s on %s", action_name, G_OBJECT_TYPE_NAME (widget));
            }
          else if (named_ours)
            what = g_strdup_printf ("%s on %s", name, G_OBJECT_TYPE_NAME (widget));
          else
            continue;
          add_trigger (keys, gtk_shortcut_get_trigger (shortcut), what);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_widget_shortcuts (child, keys);
}

/* Accelerators set on the application (gtk_application_set_accels_for_action,
 * GTK's own Ctrl+? for the shortcuts window included). */
static void
collect_app_accels (GHashTable *keys)
{
  g_auto (GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        add_key (keys, key_name_parse (accels[j]), actions[i]);
    }
}

/* ---------------------------------------------------- what is listed -- */

/* Every key the shortcuts window shows: its own accelerator, or for an
 * entry naming an action the application's accelerators for it (what the
 * window itself displays). */
static void
collect_listed (GtkWidget  *widget,
                GHashTable *listed)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *title = NULL;
      g_autofree char *accelerator = NULL;
      g_autofree char *action_name = NULL;
      GtkShortcutType  type;

      g_object_get (widget, "title", &title, "accelerator", &accelerator, "action-name", &action_name,
                    "shortcut-type", &type, NULL);
      g_assert_cmpint (type, ==, GTK_SHORTCUT_ACCELERATOR);
      if (action_name != NULL)
        {
          g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action_name);

          if (accels[0] == NULL)
            g_error ("The shortcuts window lists “%s” (%s), which has no accelerator", title, action_name);
          for (guint i = 0; accels[i] != NULL; i++)
            add_key (listed, key_name_parse (accels[i]), title);
        }
      if (accelerator != NULL && accelerator[0] != '\0')
        {
          g_auto (GStrv) parts = g_strsplit (accelerator, " ", -1);

          for (guint i = 0; parts[i] != NULL; i++)
            if (parts[i][0] != '\0')
              add_key (listed, key_name_parse (parts[i]), title);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_listed (child, listed);
}

static void
test_shortcuts_match (void)
{
  g_autoptr (GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr (GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GHashTableIter         iter;
  gpointer               key, value;
  GtkWindow             *window;
  GtkShortcutsWindow    *overlay;
  guint                  missing = 0;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (MIMO_IS_WINDOW (window));
  mimo_test_wait_until (mimo_test_widget_is_mapped, window, 10000);

  /* The shortcuts window, made when first asked for (Ctrl+?). */
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  mimo_test_wait_until (mimo_test_widget_is_mapped, overlay, 10000);
  gtk_window_close (GTK_WINDOW (overlay));
  collect_listed (GTK_WIDGET (overlay), listed);

  collect_app_accels (set);
  /* The draft pane is made when first shown; its keys count once it is. */
  g_assert_nonnull (mimo_window_get_draft_view (MIMO_WINDOW (window)));
  collect_widget_shortcuts (GTK_WIDGET (window), set);

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (listed, key))
      {
        g_test_message ("%s (%s) is set but not in the shortcuts window", (char *) key, (char *) value);
        missing++;
      }

  g_hash_table_iter_init (&iter, listed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean by_gtk = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (handled_by_gtk); i++)
        {
          g_autofree char *name = key_name_parse (handled_by_gtk[i]);

          by_gtk |= g_str_equal (name, key);
        }
      if (!by_gtk && !g_hash_table_contains (set, key))
        {
          g_test_message ("The shortcuts window lists %s (%s), which nothing sets", (char *) key, (char *) value);
          missing++;
        }
    }
  g_assert_cmpuint (missing, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (required); i++)
    {
      g_autofree char *name = key_name_parse (required[i]);

      g_test_message ("%s: %s, listed as “%s”", required[i], (char *) g_hash_table_lookup (set, name),
                      (char *) g_hash_table_lookup (listed, name));
      g_assert_true (g_hash_table_contains (set, name));
      g_assert_true (g_hash_table_contains (listed, name));
    }

  gtk_window_destroy (window);
}

/* The window's keys activate their actions; Esc (win.stop) only while an
 * answer streams, so otherwise it goes on to whatever else wants it. */
static void
test_window_keys_activate (void)
{
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  mimo_test_wait_until (mimo_test_widget_is_mapped, window, 10000);

  g_assert_false (mimo_test_press_shortcut (GTK_WIDGET (window), GDK_KEY_Escape, 0));
  g_assert_true (mimo_test_press_shortcut (GTK_WIDGET (window), GDK_KEY_n, GDK_CONTROL_MASK));
  g_assert_true (mimo_test_press_shortcut (GTK_WIDGET (window), GDK_KEY_f, GDK_CONTROL_MASK));

  gtk_window_destroy (window);
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

  g_test_add_func ("/gui/shortcuts/listed-and-set", test_shortcuts_match);
  g_test_add_func ("/gui/shortcuts/window-keys-activate", test_window_keys_activate);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
