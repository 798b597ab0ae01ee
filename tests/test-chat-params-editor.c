/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-chat-params-editor.c: a chat's parameter editor shows what differs from the defaults and emits the overrides. */

#define G_LOG_DOMAIN "test-chat-params-editor"

#include "config.h"

#include <adwaita.h>

#include "mimo-chat-params-editor.h"
#include "mimo-test-gui.h"
#include "mimo-test-utils.h"

typedef struct
{
  GtkWidget            *window;
  MimoChatParamsEditor *editor;
  MimoChatParams       *defaults;
  GPtrArray            *emitted; /* every "changed" JSON, in order */
} Fixture;

static void
changed_cb (MimoChatParamsEditor *editor,
            const char           *json,
            Fixture              *fixture)
{
  g_ptr_array_add (fixture->emitted, g_strdup (json));
}

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  const char *overrides = data;

  /* Someone's defaults, not the card's: 0.3 and web search on. */
  fixture->defaults = mimo_chat_params_new ();
  fixture->defaults->temperature = 0.3;
  fixture->defaults->tool_web_search = TRUE;

  fixture->editor = MIMO_CHAT_PARAMS_EDITOR (mimo_chat_params_editor_new (fixture->defaults, overrides));
  fixture->emitted = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->editor, "changed", G_CALLBACK (changed_cb), fixture);

  fixture->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->editor));
  mimo_test_present_and_wait (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_ptr_array_unref (fixture->emitted);
  mimo_chat_params_free (fixture->defaults);
}

/* The control of the row titled @title. */
static GtkWidget *
control (Fixture    *fixture,
         const char *title,
         GType       type)
{
  GtkWidget *row = mimo_test_find_by_text (GTK_WIDGET (fixture->editor), ADW_TYPE_ACTION_ROW, title);

  g_assert_nonnull (row);
  return mimo_test_find_descendant (row, type);
}

static GtkWidget *
reset_button (Fixture    *fixture,
              const char *title)
{
  GtkWidget *row = mimo_test_find_by_text (GTK_WIDGET (fixture->editor), ADW_TYPE_PREFERENCES_ROW, title);

  g_assert_nonnull (row);
  return mimo_test_find_by_text (row, GTK_TYPE_BUTTON, "Use Your Default");
}

static const char *
last_emitted (Fixture *fixture)
{
  g_assert_cmpuint (fixture->emitted->len, >, 0);
  return g_ptr_array_index (fixture->emitted, fixture->emitted->len - 1);
}

static void
test_no_overrides (Fixture      *fixture,
                   gconstpointer data)
{
  g_autofree char *overrides = mimo_chat_params_editor_dup_overrides (fixture->editor);

  g_assert_cmpstr (overrides, ==, "{}");
  g_assert_cmpuint (mimo_chat_params_editor_get_n_changed (fixture->editor), ==, 0);
  g_assert_true (mimo_chat_params_equal (mimo_chat_params_editor_get_params (fixture->editor), fixture->defaults));
  g_assert_false (gtk_widget_get_visible (reset_button (fixture, "_Creativity")));

  /* The controls show the defaults, not the card's. */
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (control (fixture, "_Creativity", GTK_TYPE_SPIN_BUTTON))), ==, 0.3);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (control (fixture, "_Search the Web", GTK_TYPE_SWITCH))));
  g_assert_cmpuint (fixture->emitted->len, ==, 0);
}

static void
test_edit_emits_overrides (Fixture      *fixture,
                           gconstpointer data)
{
  GtkWidget *temperature = control (fixture, "_Creativity", GTK_TYPE_SPIN_BUTTON);
  GtkWidget *row;

  gtk_switch_set_active (GTK_SWITCH (control (fixture, "_Search the Web", GTK_TYPE_SWITCH)), FALSE);
  g_assert_cmpuint (fixture->emitted->len, ==, 1);
  g_assert_cmpstr (last_emitted (fixture), ==, "{\"tool_web_search\":false}");

  /* One step up from 0.3 is 0.4, stored as shown. */
  gtk_spin_button_spin (GTK_SPIN_BUTTON (temperature), GTK_SPIN_STEP_FORWARD, 0);
  g_assert_cmpstr (last_emitted (fixture), ==, "{\"tool_web_search\":false,\"temperature\":0.40000000000000002}");
  g_assert_cmpfloat (mimo_chat_params_editor_get_params (fixture->editor)->temperature, ==, 0.4);
  g_assert_cmpuint (mimo_chat_params_editor_get_n_changed (fixture->editor), ==, 2);

  /* The row says it differs, and from what. */
  row = mimo_test_find_by_text (GTK_WIDGET (fixture->editor), ADW_TYPE_ACTION_ROW, "_Creativity");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Changed for this chat; your default is 0.3");
  g_assert_true (gtk_widget_get_visible (reset_button (fixture, "_Creativity")));
  g_assert_false (gtk_widget_get_visible (reset_button (fixture, "_Word Choice")));

  /* Search off: its limits do not apply, so they are insensitive. */
  row = mimo_test_find_by_text (GTK_WIDGET (fixture->editor), ADW_TYPE_ACTION_ROW, "Searches _per Answer");
  g_assert_false (gtk_widget_get_sensitive (row));

  /* Back to the default value by hand: no longer an override. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (temperature), 0.3);
  g_assert_cmpstr (last_emitted (fixture), ==, "{\"tool_web_search\":false}");
  g_assert_false (gtk_widget_get_visible (reset_button (fixture, "_Creativity")));
}

static void
test_reset (Fixture      *fixture,
            gconstpointer data)
{
  g_autofree char *overrides = NULL;
  guint            emitted;

  gtk_switch_set_active (GTK_SWITCH (control (fixture, "_Think Before Answering", GTK_TYPE_SWITCH)), FALSE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (control (fixture, "_Longest Answer", GTK_TYPE_SPIN_BUTTON)), 1000);
  g_assert_cmpstr (last_emitted (fixture), ==, "{\"enable_thinking\":false,\"max_tokens\":1000}");

  /* One by its reset button. */
  g_signal_emit_by_name (reset_button (fixture, "_Think Before Answering"), "clicked");
  g_assert_cmpstr (last_emitted (fixture), ==, "{\"max_tokens\":1000}");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (control (fixture, "_Think Before Answering", GTK_TYPE_SWITCH))));

  /* All, once, through the action the Reset All button uses. */
  emitted = fixture->emitted->len;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->editor), "params.reset-all", NULL));
  g_assert_cmpuint (fixture->emitted->len, ==, emitted + 1);
  g_assert_cmpstr (last_emitted (fixture), ==, "{}");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (control (fixture, "_Longest Answer", GTK_TYPE_SPIN_BUTTON))), ==, 4096);
  overrides = mimo_chat_params_editor_dup_overrides (fixture->editor);
  g_assert_cmpstr (overrides, ==, "{}");

  /* Nothing to reset: nothing emitted. */
  mimo_chat_params_editor_reset_all (fixture->editor);
  mimo_chat_params_editor_reset (fixture->editor, "top_p");
  g_assert_cmpuint (fixture->emitted->len, ==, emitted + 1);
}

static void
test_stop_sequences (Fixture      *fixture,
                     gconstpointer data)
{
  GtkWidget *expander = mimo_test_find_by_text (GTK_WIDGET (fixture->editor), ADW_TYPE_EXPANDER_ROW, "Stop Sequences");
  GtkWidget *first = mimo_test_find_by_text (expander, ADW_TYPE_ENTRY_ROW, "First");
  GtkWidget *third = mimo_test_find_by_text (expander, ADW_TYPE_ENTRY_ROW, "Third");

  gtk_editable_set_text (GTK_EDITABLE (first), "END");
  g_assert_cmpstr (last_emitted (fixture), ==, "{\"stop\":[\"END\"]}");
  gtk_editable_set_text (GTK_EDITABLE (third), "###");
  g_assert_cmpstr (last_emitted (fixture), ==, "{\"stop\":[\"END\",\"###\"]}");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (expander)), ==,
                   "Changed for this chat; your default is none");

  g_signal_emit_by_name (reset_button (fixture, "Stop Sequences"), "clicked");
  g_assert_cmpstr (last_emitted (fixture), ==, "{}");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (first)), ==, "");
}

static void
test_load_overrides (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *overrides = NULL;

  /* Built with a chat's stored overrides (the fixture's data). */
  g_assert_cmpint (mimo_chat_params_editor_get_params (fixture->editor)->max_tokens, ==, 100);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (control (fixture, "_Longest Answer", GTK_TYPE_SPIN_BUTTON))), ==, 100);
  g_assert_cmpuint (mimo_chat_params_editor_get_n_changed (fixture->editor), ==, 1);
  g_assert_cmpuint (fixture->emitted->len, ==, 0);

  /* Out of range or unreadable: refused, nothing changes. */
  g_assert_false (mimo_chat_params_editor_set_overrides (fixture->editor, "{\"top_p\": 3}", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (mimo_chat_params_editor_set_overrides (fixture->editor, "[", &error));
  g_clear_error (&error);
  g_assert_cmpint (mimo_chat_params_editor_get_params (fixture->editor)->max_tokens, ==, 100);

  /* The defaults change: the chat keeps its own, follows the rest. */
  {
    g_autoptr (MimoChatParams) defaults = mimo_chat_params_copy (fixture->defaults);

    defaults->temperature = 1.1;
    mimo_chat_params_editor_set_defaults (fixture->editor, defaults);
  }
  g_assert_cmpfloat (mimo_chat_params_editor_get_params (fixture->editor)->temperature, ==, 1.1);
  g_assert_cmpint (mimo_chat_params_editor_get_params (fixture->editor)->max_tokens, ==, 100);
  overrides = mimo_chat_params_editor_dup_overrides (fixture->editor);
  g_assert_cmpstr (overrides, ==, "{\"max_tokens\":100}");
  g_assert_cmpuint (fixture->emitted->len, ==, 0);
}

static void
test_in_popover (void)
{
  g_autoptr (MimoChatParams) defaults = mimo_chat_params_new ();
  GtkWidget                 *window = gtk_window_new ();
  GtkWidget                 *button = gtk_menu_button_new ();
  GtkWidget                 *popover = gtk_popover_new ();
  GtkWidget                 *editor;

  editor = mimo_chat_params_editor_new (defaults, "{\"tool_web_search\": true, \"temperature\": 1.2}");
  gtk_popover_set_child (GTK_POPOVER (popover), editor);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "emblem-system-symbolic");
  gtk_widget_set_halign (button, GTK_ALIGN_END);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (window), button);
  gtk_window_set_default_size (GTK_WINDOW (window), 520, 760);
  mimo_test_present_and_wait (GTK_WINDOW (window));

  /* Never shown yet: no rows are made, but it counts and takes changes. */
  g_assert_null (mimo_test_find_descendant (editor, ADW_TYPE_ACTION_ROW));
  g_assert_cmpuint (mimo_chat_params_editor_get_n_changed (MIMO_CHAT_PARAMS_EDITOR (editor)), ==, 2);
  g_assert_true (mimo_chat_params_editor_set_overrides (MIMO_CHAT_PARAMS_EDITOR (editor),
                                                        "{\"tool_web_search\": true, \"temperature\": 1.2, \"max_tokens\": 300}", NULL));
  g_assert_cmpuint (mimo_chat_params_editor_get_n_changed (MIMO_CHAT_PARAMS_EDITOR (editor)), ==, 3);

  /* Shown: the rows, with the values and marks set before. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  mimo_test_present_and_wait (GTK_WINDOW (window));
  g_assert_true (gtk_widget_get_mapped (editor));
  g_assert_cmpuint (mimo_chat_params_editor_get_n_changed (MIMO_CHAT_PARAMS_EDITOR (editor)), ==, 3);
  {
    GtkWidget *row = mimo_test_find_by_text (editor, ADW_TYPE_ACTION_ROW, "_Longest Answer");

    g_assert_nonnull (row);
    g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (mimo_test_find_descendant (row, GTK_TYPE_SPIN_BUTTON))), ==, 300);
    g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Changed for this chat"));
    g_assert_true (gtk_widget_get_visible (mimo_test_find_by_text (row, GTK_TYPE_BUTTON, "Use Your Default")));
  }
  mimo_test_save_screenshot (popover, "chat-params-editor");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  mimo_test_gui_init (&argc, &argv);

  g_test_add ("/gui/params-editor/no-overrides", Fixture, NULL,
              fixture_set_up, test_no_overrides, fixture_tear_down);
  g_test_add ("/gui/params-editor/edit-emits-overrides", Fixture, NULL,
              fixture_set_up, test_edit_emits_overrides, fixture_tear_down);
  g_test_add ("/gui/params-editor/reset", Fixture, NULL,
              fixture_set_up, test_reset, fixture_tear_down);
  g_test_add ("/gui/params-editor/stop-sequences", Fixture, NULL,
              fixture_set_up, test_stop_sequences, fixture_tear_down);
  g_test_add ("/gui/params-editor/load-overrides", Fixture, "{\"max_tokens\": 100}",
              fixture_set_up, test_load_overrides, fixture_tear_down);
  g_test_add_func ("/gui/params-editor/in-popover", test_in_popover);

  return g_test_run ();
}
