/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-draft-view.c: the draft pane in a real window: Add to Draft, live references, undo, layout, a kill -9. */

#define G_LOG_DOMAIN "test-draft-view"

#include "config.h"

#include <adwaita.h>
#include <signal.h>
#include <string.h>

#include "mimo-application.h"
#include "mimo-draft-refs.h"
#include "mimo-test-draft.h"
#include "mimo-test-gui.h"
#include "mimo-test-utils.h"
#include "mimo-window.h"

#define MARKER MIMO_TEST_DRAFT_MARKER

/* One registered application for the whole program, as in the real app. */
static MimoApplication *app;

typedef struct
{
  MimoWindow       *window;
  MimoDraftView    *view;
  MimoConversation *conversation;
  gint64            solar_id;
  gint64            savings_id;
  gint64            raw_id;
} Fixture;

static MimoWindow *
new_window (int width,
            int height)
{
  MimoWindow *window = mimo_window_new (app, mimo_application_get_settings (app), mimo_application_get_key_store (app),
                                        mimo_application_get_client (app), mimo_application_get_store (app));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  mimo_test_present_and_wait (GTK_WINDOW (window));
  return window;
}

static gint64
add_message (MimoConversation *conversation,
             MimoRole          role,
             const char       *text)
{
  g_autoptr (MimoMessage) message = mimo_message_new (role, text);

  mimo_conversation_add_message (conversation, message);
  return mimo_message_get_id (message);
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  MimoStore *store = mimo_application_get_store (app);

  f->conversation = g_object_ref (mimo_store_create_conversation (store));
  add_message (f->conversation, MIMO_ROLE_USER, "How fast do solar panels wear out?");
  f->solar_id = add_message (f->conversation, MIMO_ROLE_ASSISTANT, MIMO_TEST_ANSWER_SOLAR);
  add_message (f->conversation, MIMO_ROLE_USER, "And what does it mean for savings?");
  f->savings_id = add_message (f->conversation, MIMO_ROLE_ASSISTANT, MIMO_TEST_ANSWER_SAVINGS);
  add_message (f->conversation, MIMO_ROLE_USER, "How long do the other parts last?");
  f->raw_id = add_message (f->conversation, MIMO_ROLE_ASSISTANT, MIMO_TEST_ANSWER_RAW);

  f->window = new_window (GPOINTER_TO_INT (data) != 0 ? GPOINTER_TO_INT (data) : 1280, 760);
  f->view = mimo_window_get_draft_view (f->window);
  mimo_window_show_conversation (f->window, f->conversation);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  MimoStore *store = mimo_application_get_store (app);

  gtk_window_destroy (GTK_WINDOW (f->window));
  /* Each test starts from an empty list, as the screenshots show it. */
  while (g_list_model_get_n_items (mimo_store_get_conversations (store)) > 0)
    {
      g_autoptr (MimoConversation) conversation = g_list_model_get_item (mimo_store_get_conversations (store), 0);

      mimo_store_delete_conversation (store, conversation);
    }
  mimo_store_commit_deletions (store);
  g_clear_object (&f->conversation);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  mimo_test_spin (50);
}

static char *
dup_buffer_text (MimoDraftView *view)
{
  GtkTextBuffer *buffer = mimo_draft_view_get_buffer (view);
  GtkTextIter    start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static gboolean
get_shown (MimoWindow *window)
{
  g_autoptr (GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), "show-draft");

  return g_variant_get_boolean (state);
}

static const char *
status_text (MimoDraftView *view)
{
  GtkWidget *child = GTK_WIDGET (view);

  /* The status line is the pane's last label. */
  while (gtk_widget_get_last_child (child) != NULL)
    child = gtk_widget_get_last_child (child);
  g_assert_true (GTK_IS_LABEL (child));
  g_assert_true (gtk_widget_has_css_class (child, "draft-status"));
  return gtk_label_get_text (GTK_LABEL (child));
}

static GtkWidget *
find_stack_with (GtkWidget  *widget,
                 const char *page)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), page) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_stack_with (child, page);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
add_to_draft (Fixture    *f,
              gint64      message_id,
              const char *selection)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-to-draft", "(xs)", message_id, selection));
}

static gboolean
label_shown (GtkWidget  *widget,
             const char *text)
{
  GtkWidget *label = mimo_test_find_by_text (widget, GTK_TYPE_LABEL, text);

  return label != NULL && gtk_widget_get_mapped (label);
}

/* -------------------------------------------------------- add to draft -- */

static const char solar_and_savings[] =
  "## How fast solar panels wear out\n\n"
  "Most panels lose about **0.5% of their output a year** [[1]](https://www.nrel.gov/docs/fy12osti/51664.pdf), "
  "so after 25 years they still make around 88% of their first-year power "
  "[[2]](https://www.energysage.com/solar/solar-panel-degradation/).\n\n"
  "- Heat speeds the wear up [[1]](https://www.nrel.gov/docs/fy12osti/51664.pdf)\n"
  "- Newer cells age more slowly [[3]](https://www.pv-magazine.com/2023/03/10/module-degradation/)\n\n"
  "## What it means for savings\n\n"
  "Because the loss is slow, a system usually pays for itself within 8 to 12 years "
  "[[2]](https://www.EnergySage.com/solar/solar-panel-degradation?utm_source=mimo) and keeps saving for a decade more "
  "[[4]](https://www.eia.gov/energyexplained/solar/).\n\n"
  "## References\n\n" MARKER
  "1. [Photovoltaic Degradation Rates — An Analytical Review](https://www.nrel.gov/docs/fy12osti/51664.pdf)\n"
  "2. [Solar panel degradation: what you need to know](https://www.energysage.com/solar/solar-panel-degradation/)\n"
  "3. [Module degradation is slowing down](https://www.pv-magazine.com/2023/03/10/module-degradation/)\n"
  "4. [Solar explained](https://www.eia.gov/energyexplained/solar/)\n";

static void
test_add_two_answers (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *text = NULL;

  g_assert_false (get_shown (f->window));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->view)));

  add_to_draft (f, f->solar_id, "");
  g_assert_true (get_shown (f->window));
  add_to_draft (f, f->savings_id, "");
  mimo_test_present_and_wait (GTK_WINDOW (f->window));

  /* The shared page is one source, cited as 2 in both answers. */
  text = dup_buffer_text (f->view);
  g_assert_cmpstr (text, ==, solar_and_savings);
  g_assert_cmpstr (mimo_conversation_get_draft (f->conversation), ==, solar_and_savings);
  g_assert_cmpuint (mimo_draft_view_get_n_references (f->view), ==, 4);
  g_assert_cmpuint (mimo_draft_view_get_n_words (f->view), ==, mimo_draft_refs_count_words (solar_and_savings));

  /* Beside the chat on a wide window, with the counts below. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (mimo_window_get_chat_view (f->window))));
  g_assert_cmpstr (status_text (f->view), ==, "68 words · 4 references");

  /* One undo takes the last answer back out. */
  gtk_text_buffer_undo (mimo_draft_view_get_buffer (f->view));
  g_free (text);
  text = dup_buffer_text (f->view);
  g_assert_true (g_str_has_prefix (text, "## How fast solar panels wear out\n"));
  g_assert_null (strstr (text, "savings"));
  g_assert_cmpstr (mimo_conversation_get_draft (f->conversation), ==, text);
  mimo_test_save_screenshot (GTK_WIDGET (f->window), "draft-wide");
}

static gboolean
label_shown_cb (gpointer user_data)
{
  return label_shown (user_data, "2 citations had no source and were left out");
}

static void
test_add_selection_and_raw (Fixture      *f,
                            gconstpointer data)
{
  g_autofree char *text = NULL;

  /* A selection of the shown text, where citations read "[N]". */
  add_to_draft (f, f->savings_id, "keeps saving for a decade more [2].");
  add_to_draft (f, f->raw_id, "");

  text = dup_buffer_text (f->view);
  g_assert_cmpstr (text, ==,
                   "keeps saving for a decade more [[1]](https://www.eia.gov/energyexplained/solar/).\n\n"
                   "Inverters last 10 to 15 years, batteries about as long.\n\n"
                   "## References\n\n" MARKER "1. [Solar explained](https://www.eia.gov/energyexplained/solar/)\n");
  mimo_test_wait_until (label_shown_cb, f->window, 5000);
  g_assert_true (label_shown (GTK_WIDGET (f->window), "2 citations had no source and were left out"));
}

/* ------------------------------------------------------------- typing -- */

static const char three_sources[] =
  "A [[1]](https://a.example/) and B [[2]](https://b.example/).\n\nC [[3]](https://c.example/).\n\n"
  "## References\n\n" MARKER "1. [A](https://a.example/)\n2. [B](https://b.example/)\n3. [C](https://c.example/)\n";

static gboolean
has_references (gpointer user_data)
{
  gpointer *args = user_data;

  return mimo_draft_view_get_n_references (args[0]) == GPOINTER_TO_UINT (args[1]);
}

static void
wait_for_references (MimoDraftView *view,
                     guint          n)
{
  gpointer args[] = { view, GUINT_TO_POINTER (n) };

  mimo_test_wait_until (has_references, args, 5000);
}

/* What a person does with the keyboard: one user action. */
static void
delete_typed (GtkTextBuffer *buffer,
              const char    *what)
{
  GtkTextIter start, match_start, match_end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, what, 0, &match_start, &match_end, NULL));
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_interactive (buffer, &match_start, &match_end, TRUE);
  gtk_text_buffer_end_user_action (buffer);
}

static void
test_delete_last_citation (Fixture      *f,
                           gconstpointer data)
{
  GtkTextBuffer   *buffer = mimo_draft_view_get_buffer (f->view);
  const char      *deleted = "A [[1]](https://a.example/) and B.\n\nC [[3]](https://c.example/).\n\n"
                             "## References\n\n" MARKER "1. [A](https://a.example/)\n2. [B](https://b.example/)\n3. [C](https://c.example/)\n";
  const char      *settled = "A [[1]](https://a.example/) and B.\n\nC [[2]](https://c.example/).\n\n"
                             "## References\n\n" MARKER "1. [A](https://a.example/)\n2. [C](https://c.example/)\n";
  g_autofree char *text = NULL;

  mimo_conversation_set_draft (f->conversation, three_sources);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-draft", NULL));
  g_assert_cmpuint (mimo_draft_view_get_n_references (f->view), ==, 3);

  /* B's only citation goes: when typing pauses, B leaves the list and C
   * moves up, in the text and in the list. */
  delete_typed (buffer, " [[2]](https://b.example/)");
  text = dup_buffer_text (f->view);
  g_assert_cmpstr (text, ==, deleted);
  wait_for_references (f->view, 2);
  g_free (text);
  text = dup_buffer_text (f->view);
  g_assert_cmpstr (text, ==, settled);
  g_assert_cmpstr (mimo_conversation_get_draft (f->conversation), ==, settled);

  /* Undo takes the renumbering back, then the deletion; neither is
   * redone behind the person's back. */
  gtk_text_buffer_undo (buffer);
  g_free (text);
  text = dup_buffer_text (f->view);
  g_assert_cmpstr (text, ==, deleted);
  mimo_test_spin (1000);
  g_free (text);
  text = dup_buffer_text (f->view);
  g_assert_cmpstr (text, ==, deleted);
  gtk_text_buffer_undo (buffer);
  g_free (text);
  text = dup_buffer_text (f->view);
  g_assert_cmpstr (text, ==, three_sources);
  g_assert_cmpstr (mimo_conversation_get_draft (f->conversation), ==, three_sources);
  g_assert_cmpuint (mimo_draft_view_get_n_references (f->view), ==, 3);

  gtk_text_buffer_redo (buffer);
  gtk_text_buffer_redo (buffer);
  g_free (text);
  text = dup_buffer_text (f->view);
  g_assert_cmpstr (text, ==, settled);

  /* The last citation of all goes: so does the section. */
  delete_typed (buffer, " [[1]](https://a.example/)");
  delete_typed (buffer, " [[2]](https://c.example/)");
  wait_for_references (f->view, 0);
  g_free (text);
  text = dup_buffer_text (f->view);
  g_assert_cmpstr (text, ==, "A and B.\n\nC.\n");
}

static void
test_typed_below_references (Fixture      *f,
                             gconstpointer data)
{
  GtkTextBuffer   *buffer = mimo_draft_view_get_buffer (f->view);
  g_autofree char *text = NULL;
  GtkTextIter      end;
  GtkTextIter      cursor;
  const char      *typed = "\nMy conclusion [[1]](https://d.example/) and more";
  const char      *expected = "A [[1]](https://a.example/) and B [[2]](https://b.example/).\n\nC [[3]](https://c.example/).\n\n"
                              "My conclusion [[4]](https://d.example/) and more\n\n"
                              "## References\n\n" MARKER
                         "1. [A](https://a.example/)\n2. [B](https://b.example/)\n3. [C](https://c.example/)\n4. <https://d.example/>\n";

  mimo_conversation_set_draft (f->conversation, three_sources);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-draft", NULL));

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, typed, -1, TRUE);
  gtk_text_buffer_end_user_action (buffer);
  wait_for_references (f->view, 4);

  /* The words move above the References; the cursor goes with them. */
  text = dup_buffer_text (f->view);
  g_assert_cmpstr (text, ==, expected);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&cursor), ==,
                   g_utf8_pointer_to_offset (expected, strstr (expected, " and more\n") + strlen (" and more")));
}

/* ------------------------------------------------------ conversations -- */

static void
test_follows_conversation (Fixture      *f,
                           gconstpointer data)
{
  MimoStore                   *store = mimo_application_get_store (app);
  g_autoptr (MimoConversation) other = g_object_ref (mimo_store_create_conversation (store));
  GtkWidget                   *stack;

  add_message (other, MIMO_ROLE_USER, "Another question");
  mimo_conversation_set_draft (other, "# Other draft\n");
  mimo_conversation_set_draft (f->conversation, three_sources);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-draft", NULL));

  mimo_window_show_conversation (f->window, other);
  g_assert_true (mimo_draft_view_get_conversation (f->view) == other);
  {
    g_autofree char *text = dup_buffer_text (f->view);

    g_assert_cmpstr (text, ==, "# Other draft\n");
    /* Another chat, another document: nothing to undo into the first. */
    g_assert_false (gtk_text_buffer_get_can_undo (mimo_draft_view_get_buffer (f->view)));
  }

  /* A new chat has no draft until its first message. */
  mimo_window_show_conversation (f->window, NULL);
  g_assert_null (mimo_draft_view_get_conversation (f->view));
  stack = find_stack_with (GTK_WIDGET (f->view), "no-chat");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "no-chat");
  g_assert_false (gtk_widget_get_sensitive (mimo_test_find_by_text (GTK_WIDGET (f->view), GTK_TYPE_TOGGLE_BUTTON, "Preview")));
  mimo_test_save_screenshot (GTK_WIDGET (f->window), "draft-new-chat");

  mimo_window_show_conversation (f->window, f->conversation);
  {
    g_autofree char *text = dup_buffer_text (f->view);

    g_assert_cmpstr (text, ==, three_sources);
  }
}

/* ------------------------------------------------------------- layout -- */

static void
test_layout_wide (Fixture      *f,
                  gconstpointer data)
{
  GtkWidget *chat = GTK_WIDGET (mimo_window_get_chat_view (f->window));

  mimo_conversation_set_draft (f->conversation, solar_and_savings);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-draft", NULL));
  mimo_test_present_and_wait (GTK_WINDOW (f->window));
  g_assert_true (gtk_widget_get_mapped (chat));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->view)));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  mimo_test_save_screenshot (GTK_WIDGET (f->window), "draft-wide-dark");

  mimo_draft_view_set_preview (f->view, TRUE);
  mimo_test_save_screenshot (GTK_WIDGET (f->window), "draft-preview-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  mimo_test_save_screenshot (GTK_WIDGET (f->window), "draft-preview");
  mimo_draft_view_set_preview (f->view, FALSE);

  /* Ctrl+D's action hides it again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-draft", NULL));
  g_assert_false (get_shown (f->window));
  mimo_test_present_and_wait (GTK_WINDOW (f->window));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
  g_assert_true (gtk_widget_get_mapped (chat));
}

static gboolean
widget_unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

static void
test_layout_narrow (Fixture      *f,
                    gconstpointer data)
{
  GtkWidget *chat = GTK_WIDGET (mimo_window_get_chat_view (f->window));
  GtkWidget *back;

  mimo_conversation_set_draft (f->conversation, solar_and_savings);
  add_to_draft (f, f->solar_id, "Most panels lose about **0.5% of their output a year**");
  mimo_test_present_and_wait (GTK_WINDOW (f->window));

  /* The draft replaces the chat (once the leaflet slid over), and its
   * back button returns to it. */
  mimo_test_wait_until (widget_unmapped, chat, 5000);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->view)));
  mimo_test_save_screenshot (GTK_WIDGET (f->window), "draft-narrow");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  mimo_test_save_screenshot (GTK_WIDGET (f->window), "draft-narrow-dark");

  back = mimo_test_find_by_text (GTK_WIDGET (f->view), GTK_TYPE_BUTTON, "Back to the Chat");
  g_assert_nonnull (back);
  g_assert_true (gtk_widget_get_mapped (back));
  g_signal_emit_by_name (back, "clicked");
  g_assert_false (get_shown (f->window));
  mimo_test_wait_until (widget_unmapped, f->view, 5000);
  g_assert_true (gtk_widget_get_mapped (chat));
}

static void
test_empty_state (Fixture      *f,
                  gconstpointer data)
{
  GtkWidget *hint;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-draft", NULL));
  mimo_test_present_and_wait (GTK_WINDOW (f->window));
  hint = mimo_test_find_by_text (GTK_WIDGET (f->view), GTK_TYPE_LABEL, "Start Your Document");
  g_assert_nonnull (hint);
  g_assert_true (gtk_widget_get_mapped (hint));
  mimo_test_save_screenshot (GTK_WIDGET (f->window), "draft-empty");

  /* Typing starts the document, and the hint goes. */
  gtk_text_buffer_insert_at_cursor (mimo_draft_view_get_buffer (f->view), "# My report\n", -1);
  mimo_test_present_and_wait (GTK_WINDOW (f->window));
  g_assert_false (gtk_widget_get_mapped (hint));
  g_assert_cmpstr (mimo_conversation_get_draft (f->conversation), ==, "# My report\n");
}

/* ------------------------------------------------------------ kill -9 -- */

/* The promise (DESIGN.md, Storage): a kill loses at most the last 250 ms
 * of text. Words typed this long before the kill must all be there; the
 * margin is for a loaded machine, and the real figure is printed. */
#define SAFE_MS 500

typedef struct
{
  GDataInputStream *lines;
  gint64            chat_id;
  GArray           *reported; /* gint64: when the child said it typed word i */
  gboolean          closed;
} Typist;

static void
line_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Typist          *typist = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (typist->lines, result, NULL, NULL);
  gint64           now = g_get_monotonic_time ();

  if (line == NULL)
    {
      typist->closed = TRUE;
      return;
    }
  if (typist->chat_id == 0)
    typist->chat_id = g_ascii_strtoll (line, NULL, 10);
  else
    while (typist->reported->len < g_ascii_strtoull (line, NULL, 10))
      g_array_append_val (typist->reported, now);
  g_data_input_stream_read_line_async (typist->lines, G_PRIORITY_DEFAULT, NULL, line_cb, typist);
}

static gboolean
typed_enough (gpointer user_data)
{
  Typist *typist = user_data;

  return typist->reported->len >= 300 || typist->closed;
}

static gboolean
typist_closed (gpointer user_data)
{
  return ((Typist *) user_data)->closed;
}

static void
test_survives_kill (void)
{
  g_autofree char                *path = g_build_filename (g_get_user_data_dir (), "crash-draft.db", NULL);
  g_autofree char                *program = g_test_build_filename (G_TEST_BUILT, "crash-draft", NULL);
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GSubprocess)         process = NULL;
  g_autoptr (GError)              error = NULL;
  g_autoptr (MimoStore)           store = NULL;
  g_autoptr (GString)             typed = g_string_new (NULL);
  Typist                          typist = { 0 };
  MimoConversation               *conversation;
  const char                     *draft;
  gint64                          killed;
  guint                           saved = 0;
  guint                           safe = 0;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0755), ==, 0);
  /* Its Markdown highlighting, as in the app. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_DIRS", "/usr/local/share:/usr/share", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, program, path, NULL);
  g_assert_no_error (error);

  typist.lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  typist.reported = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_data_input_stream_read_line_async (typist.lines, G_PRIORITY_DEFAULT, NULL, line_cb, &typist);
  mimo_test_wait_until (typed_enough, &typist, 60000);
  g_assert_false (typist.closed);

  killed = g_get_monotonic_time ();
  g_subprocess_force_exit (process);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
  mimo_test_wait_until (typist_closed, &typist, 10000);

  /* Reopened as the next start of the app would. */
  store = mimo_store_new (path);
  conversation = mimo_store_lookup_conversation (store, typist.chat_id);
  g_assert_nonnull (conversation);
  draft = mimo_conversation_get_draft (conversation);

  for (guint i = 0; i < typist.reported->len + 100; i++)
    g_string_append_printf (typed, "w%u ", i);
  g_assert_true (g_str_has_prefix (typed->str, draft));
  for (const char *p = draft; *p != '\0'; p++)
    saved += *p == ' ';
  for (guint i = 0; i < typist.reported->len; i++)
    if (g_array_index (typist.reported, gint64, i) <= killed - SAFE_MS * 1000)
      safe = i + 1;
  g_assert_cmpuint (saved, >=, safe);
  if (saved < typist.reported->len)
    g_test_message ("typed %u words, %u saved; the oldest lost one was typed %.0f ms before the kill",
                    typist.reported->len, saved, (killed - g_array_index (typist.reported, gint64, saved)) / 1000.0);
  else
    g_test_message ("typed %u words, all %u saved", typist.reported->len, saved);

  g_array_unref (typist.reported);
  g_object_unref (typist.lines);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int                status;

  /* A key from the environment: the window shows chats, not the welcome. */
  g_setenv ("EMPIRIOLABS_API_KEY", "sk-empiriolabs-draft-view-test-5d4c3b", TRUE);
  mimo_test_gui_init (&argc, &argv);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  app = mimo_application_new (APPLICATION_ID, G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("Cannot register the application: %s", error->message);

#define ADD(path, func, width) \
  g_test_add (path, Fixture, GINT_TO_POINTER (width), fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/draft/add-two-answers", test_add_two_answers, 0);
  ADD ("/gui/draft/add-selection-and-raw", test_add_selection_and_raw, 0);
  ADD ("/gui/draft/delete-last-citation", test_delete_last_citation, 0);
  ADD ("/gui/draft/typed-below-references", test_typed_below_references, 0);
  ADD ("/gui/draft/follows-conversation", test_follows_conversation, 0);
  ADD ("/gui/draft/layout-wide", test_layout_wide, 0);
  ADD ("/gui/draft/layout-narrow", test_layout_narrow, 600);
  ADD ("/gui/draft/empty-state", test_empty_state, 0);
#undef ADD
  g_test_add_func ("/gui/draft/survives-kill", test_survives_kill);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
