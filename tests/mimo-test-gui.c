/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-gui.c: helpers for the GUI tests: find widgets, wait for frames, save screenshots. */

#define G_LOG_DOMAIN "mimo-test"

#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>
#include <locale.h>

#include "mimo-test-gui.h"
#include "mimo-test-utils.h"

void
mimo_test_gui_init (int    *argc,
                    char ***argv)
{
  /* Isolation also empties XDG_DATA_DIRS, where the MIME database (which
   * tells GTK an icon is SVG) lives: pin it to the system's first, as
   * GLib's documentation suggests. A subprocess test starts with the
   * isolated XDG_DATA_DIRS already set, hence the usual places too. */
  {
    const char *const       *system = g_get_system_data_dirs ();
    g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
    g_auto (GStrv)           dirs = NULL;

    for (guint i = 0; system[i] != NULL; i++)
      {
        g_autofree char *dir = g_build_filename (system[i], "mime", NULL);

        g_strv_builder_add (builder, dir);
      }
    g_strv_builder_add (builder, "/usr/local/share/mime");
    g_strv_builder_add (builder, "/usr/share/mime");
    dirs = g_strv_builder_end (builder);
    g_content_type_set_mime_dirs ((const char *const *) dirs);
  }

  /* What gtk_test_init() does, minus losing the options: every test gets
   * its own HOME and XDG directories, so nothing lands in the real ones. */
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");
  gtk_init ();
  adw_init ();

  /* GtkSourceView finds its languages and styles through the data dirs,
   * which isolation emptied: point it at the system's. */
  {
    const char *const languages[] = { "/usr/local/share/gtksourceview-5/language-specs", "/usr/share/gtksourceview-5/language-specs", NULL };
    const char *const styles[] = { "/usr/local/share/gtksourceview-5/styles", "/usr/share/gtksourceview-5/styles", NULL };

    gtk_source_init ();
    gtk_source_language_manager_set_search_path (gtk_source_language_manager_get_default (), languages);
    gtk_source_style_scheme_manager_set_search_path (gtk_source_style_scheme_manager_get_default (), styles);
  }

  /* The icon theme reads its search path once: now, not inside a test. */
  gtk_icon_theme_has_icon (gtk_icon_theme_get_for_display (gdk_display_get_default ()), "image-missing");
}

GtkWidget *
mimo_test_find_descendant (GtkWidget *widget,
                           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = mimo_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
widget_has_text (GtkWidget  *widget,
                 const char *text)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);

  if (g_strcmp0 (tooltip, text) == 0)
    return TRUE;
  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text) == 0)
    return TRUE;
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), text) == 0)
    return TRUE;
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  return FALSE;
}

GtkWidget *
mimo_test_find_by_text (GtkWidget  *widget,
                        GType       type,
                        const char *text)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && widget_has_text (widget, text))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = mimo_test_find_by_text (child, type, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
mimo_test_trigger_matches (GtkShortcutTrigger *trigger,
                           guint               keyval,
                           GdkModifierType     state)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      GtkAlternativeTrigger *alternative = GTK_ALTERNATIVE_TRIGGER (trigger);

      return mimo_test_trigger_matches (gtk_alternative_trigger_get_first (alternative), keyval, state) ||
             mimo_test_trigger_matches (gtk_alternative_trigger_get_second (alternative), keyval, state);
    }
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    {
      GtkKeyvalTrigger *key = GTK_KEYVAL_TRIGGER (trigger);

      return gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (key)) == gdk_keyval_to_lower (keyval) &&
             gtk_keyval_trigger_get_modifiers (key) == (state & gtk_accelerator_get_default_mod_mask ());
    }
  return FALSE;
}

gboolean
mimo_test_press_shortcut (GtkWidget      *widget,
                          guint           keyval,
                          GdkModifierType state)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (mimo_test_trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, state))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                 widget, gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

static void
frame_drawn_cb (GdkFrameClock *clock,
                gboolean      *drawn)
{
  *drawn = TRUE;
}

gboolean
mimo_test_widget_is_mapped (gpointer user_data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (user_data));
}

void
mimo_test_present_and_wait (GtkWindow *window)
{
  GdkFrameClock *clock;
  gboolean       drawn = FALSE;
  gulong         handler;

  gtk_window_present (window);
  mimo_test_wait_until (mimo_test_widget_is_mapped, window, 10000);

  /* Two frames: the first lays out, the second draws what settled. */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  for (int i = 0; i < 2; i++)
    {
      drawn = FALSE;
      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_drawn_cb), &drawn);
      gtk_widget_queue_draw (GTK_WIDGET (window));
      mimo_test_wait_for_flag (&drawn, 10000);
      g_signal_handler_disconnect (clock, handler);
    }
}

/* What @widget shows now, drawn as GTK draws it (its kept drawings too). */
GdkTexture *
mimo_test_render_widget (GtkWidget *widget)
{
  g_autoptr (GdkPaintable)  paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot)   snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  int                       width = gtk_widget_get_width (widget);
  int                       height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return NULL; /* nothing drawn yet */
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

gboolean
mimo_test_widget_shows_ink (GtkWidget *widget)
{
  GtkWidget             *window = GTK_WIDGET (gtk_widget_get_root (widget));
  g_autoptr (GdkTexture) texture = mimo_test_render_widget (window);
  g_autofree guint32    *pixels = NULL;
  graphene_rect_t        bounds;
  guint32                first;
  int                    width, height;

  if (texture == NULL)
    return FALSE;
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  pixels = g_new (guint32, (gsize) width * height);
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);
  first = pixels[MAX (0, (int) bounds.origin.y) * width + MAX (0, (int) bounds.origin.x)];
  for (int y = MAX (0, (int) bounds.origin.y); y < MIN (height, (int) (bounds.origin.y + bounds.size.height)); y++)
    for (int x = MAX (0, (int) bounds.origin.x); x < MIN (width, (int) (bounds.origin.x + bounds.size.width)); x++)
      if (pixels[y * width + x] != first)
        return TRUE;
  return FALSE;
}

void
mimo_test_save_screenshot (GtkWidget  *widget,
                           const char *name)
{
  const char            *dir = g_getenv ("MIMO_SHOT_DIR");
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char       *file = NULL;
  g_autofree char       *path = NULL;

  if (dir == NULL || dir[0] == '\0')
    return;

  mimo_test_present_and_wait (GTK_WINDOW (gtk_widget_get_root (widget)));
  /* Let page and switcher transitions settle: a screenshot is for people
   * to judge the finished layout. */
  mimo_test_spin (600);

  texture = mimo_test_render_widget (widget);

  g_mkdir_with_parents (dir, 0755);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}
