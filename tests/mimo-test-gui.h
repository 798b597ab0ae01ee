/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-gui.h: helpers for the GUI tests: find widgets, wait for frames, save screenshots. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_test_init(), but with G_TEST_OPTION_ISOLATE_DIRS honoured (GTK 4.8
 * drops the options it is given), and libadwaita initialized. */
void mimo_test_gui_init (int    *argc,
                         char ***argv);

/* The first descendant of @widget of @type (or @widget itself). */
GtkWidget *mimo_test_find_descendant (GtkWidget *widget,
                                      GType      type);

/* The first descendant of @widget of @type whose accessible label, title
 * (rows), label (buttons, labels) or tooltip is @text. */
GtkWidget *mimo_test_find_by_text (GtkWidget  *widget,
                                   GType       type,
                                   const char *text);

/* Whether the trigger matches @keyval with @state, as a key event would
 * (keyval trigger, or either side of an alternative). */
gboolean mimo_test_trigger_matches (GtkShortcutTrigger *trigger,
                                    guint               keyval,
                                    GdkModifierType     state);

/* Activates the first shortcut of @widget's shortcut controllers that
 * matches @keyval + @state, as GtkShortcutController does for a real key;
 * TRUE when its action handled the key. */
gboolean mimo_test_press_shortcut (GtkWidget      *widget,
                                   guint           keyval,
                                   GdkModifierType state);

/* A MimoTestPredicate: the widget @user_data is mapped. */
gboolean mimo_test_widget_is_mapped (gpointer user_data);

/* Shows @window and iterates until it is mapped and has drawn a frame. */
void mimo_test_present_and_wait (GtkWindow *window);

/* Renders @widget as it is on screen into MIMO_SHOT_DIR/@name.png when
 * that variable is set (build-aux/dev shots); does nothing otherwise. */
GdkTexture *mimo_test_render_widget (GtkWidget *widget);
/* Whether @widget's area of its window, drawn now, holds more than one
 * colour: text or anything else drawn on the background. */
gboolean mimo_test_widget_shows_ink (GtkWidget *widget);
void     mimo_test_save_screenshot (GtkWidget  *widget,
                                    const char *name);

G_END_DECLS
