/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-markdown-view.c: the Markdown view in a real window: a widget for each block, streaming in place, links, citations, selection. */

#define G_LOG_DOMAIN "test-markdown-view"

#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "mimo-markdown-view-private.h"
#include "mimo-test-gui.h"
#include "mimo-test-utils.h"

/* Every construct an answer uses, for the widget checks and screenshots. */
static const char all_constructs[] =
  "# Reading a file in C\n"
  "\n"
  "Growth slowed to **2.9%** in 2024 [[1]](https://www.example.org/report), with *modest* hopes, "
  "~~no~~ `fgets` and a [link](https://gnome.org/) [[2]](https://www.bbc.co.uk/news/x).\n"
  "\n"
  "## Steps\n"
  "\n"
  "1. Compile it: `gcc -o reader reader.c`\n"
  "2. Run it\n"
  "   - with input\n"
  "   - or without\n"
  "\n"
  "- [x] Tested\n"
  "- [ ] Documented\n"
  "\n"
  "> The outlook remains fragile, the report says.\n"
  "\n"
  "```c\n"
  "#include <stdio.h>\n"
  "\n"
  "int\n"
  "main (void)\n"
  "{\n"
  "  return 0;\n"
  "}\n"
  "```\n"
  "\n"
  "### Key figures\n"
  "\n"
  "| Region | 2023 | 2024 |\n"
  "|:-------|-----:|:----:|\n"
  "| Euro area | 0.4% | 0.8% |\n"
  "| United States | 2.5% | 2.7% |\n"
  "\n"
  "---\n"
  "\n"
  "**References**\n"
  "\n"
  "1. [World Economic Outlook](https://www.example.org/report)\n"
  "2. [Rates stay high](https://www.bbc.co.uk/news/x)\n";

typedef struct
{
  GtkWindow        *window;
  MimoMarkdownView *view;
  const char       *expected;
} Fixture;

static void
fixture_set_up (Fixture      *fixture,
                gconstpointer data)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 720, 800);
  fixture->view = MIMO_MARKDOWN_VIEW (mimo_markdown_view_new ());
  gtk_widget_set_margin_start (GTK_WIDGET (fixture->view), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (fixture->view), 24);
  gtk_widget_set_margin_top (GTK_WIDGET (fixture->view), 18);
  gtk_widget_set_margin_bottom (GTK_WIDGET (fixture->view), 18);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (fixture->view));
  gtk_window_set_child (fixture->window, scroller);
  mimo_test_present_and_wait (fixture->window);
}

static void
fixture_tear_down (Fixture      *fixture,
                   gconstpointer data)
{
  gtk_window_destroy (fixture->window);
  mimo_test_spin (20);
}

static guint
n_blocks (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (mimo_markdown_view_get_document (fixture->view)));
}

static MimoMarkdownBlockType
block_type (Fixture *fixture,
            guint    index)
{
  g_autoptr (MimoMarkdownBlock) block = g_list_model_get_item (G_LIST_MODEL (mimo_markdown_view_get_document (fixture->view)), index);

  return mimo_markdown_block_get_block_type (block);
}

static guint
n_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static void
test_blocks (Fixture      *fixture,
             gconstpointer data)
{
  guint seen = 0;

  mimo_markdown_view_set_text (fixture->view, all_constructs, -1);
  g_assert_cmpuint (n_children (GTK_WIDGET (fixture->view)), ==, n_blocks (fixture));

  for (guint i = 0; i < n_blocks (fixture); i++)
    {
      GtkWidget *widget = _mimo_markdown_view_get_block_widget (fixture->view, i);

      g_assert_nonnull (widget);
      g_assert_true (gtk_widget_get_parent (widget) == GTK_WIDGET (fixture->view));
      switch (block_type (fixture, i))
        {
        case MIMO_MARKDOWN_BLOCK_HEADING:
          g_assert_true (GTK_IS_LABEL (widget));
          g_assert_true (gtk_label_get_selectable (GTK_LABEL (widget)));
          g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)), ==, GTK_ACCESSIBLE_ROLE_HEADING);
          g_assert_true (gtk_widget_has_css_class (widget, "title-2") || gtk_widget_has_css_class (widget, "title-3") ||
                         gtk_widget_has_css_class (widget, "title-4"));
          seen |= 1 << 0;
          break;
        case MIMO_MARKDOWN_BLOCK_PARAGRAPH:
          g_assert_true (GTK_IS_LABEL (widget));
          g_assert_true (gtk_label_get_selectable (GTK_LABEL (widget)));
          g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (widget)), "<b>2.9%</b>"));
          g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (widget)), "<i>modest</i>"));
          g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (widget)), "<s>no</s>"));
          g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (widget)), "monospace\" bgcolor=\"#808080\" bgalpha=\"18%\">fgets</span>"));
          g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (widget)), "<a href=\"https://gnome.org/\" title=\"https://gnome.org/\">link</a>"));
          seen |= 1 << 1;
          break;
        case MIMO_MARKDOWN_BLOCK_ORDERED_LIST:
          g_assert_nonnull (mimo_test_find_by_text (widget, GTK_TYPE_LABEL, "1."));
          g_assert_nonnull (mimo_test_find_by_text (widget, GTK_TYPE_LABEL, "2."));
          /* The nested bullets, one level in. */
          g_assert_nonnull (mimo_test_find_by_text (widget, GTK_TYPE_LABEL, "◦"));
          g_assert_nonnull (mimo_test_find_by_text (widget, GTK_TYPE_LABEL, "with input"));
          seen |= 1 << 2;
          break;
        case MIMO_MARKDOWN_BLOCK_BULLET_LIST:
          g_assert_nonnull (mimo_test_find_by_text (widget, GTK_TYPE_LABEL, "☑"));
          g_assert_nonnull (mimo_test_find_by_text (widget, GTK_TYPE_LABEL, "☐"));
          g_assert_nonnull (mimo_test_find_by_text (widget, GTK_TYPE_LABEL, "Documented"));
          seen |= 1 << 3;
          break;
        case MIMO_MARKDOWN_BLOCK_QUOTE:
          g_assert_true (gtk_widget_has_css_class (widget, "mimo-md-quote"));
          g_assert_nonnull (mimo_test_find_by_text (widget, GTK_TYPE_LABEL, "The outlook remains fragile, the report says."));
          seen |= 1 << 4;
          break;
        case MIMO_MARKDOWN_BLOCK_CODE:
          g_assert_nonnull (mimo_test_find_descendant (widget, GTK_SOURCE_TYPE_VIEW));
          seen |= 1 << 5;
          break;
        case MIMO_MARKDOWN_BLOCK_TABLE:
          {
            GtkWidget *grid = mimo_test_find_descendant (widget, GTK_TYPE_GRID);
            GtkWidget *header, *right, *center;

            g_assert_nonnull (grid);
            header = gtk_grid_get_child_at (GTK_GRID (grid), 0, 0);
            right = gtk_grid_get_child_at (GTK_GRID (grid), 1, 1);
            center = gtk_grid_get_child_at (GTK_GRID (grid), 2, 2);
            g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (header)), ==, "Region");
            g_assert_true (gtk_widget_has_css_class (header, "mimo-md-table-header"));
            g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (right)), ==, "0.4%");
            g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (right)), ==, 1.0);
            g_assert_cmpfloat (gtk_label_get_xalign (GTK_LABEL (center)), ==, 0.5);
            g_assert_null (gtk_grid_get_child_at (GTK_GRID (grid), 0, 3));
            seen |= 1 << 6;
            break;
          }
        case MIMO_MARKDOWN_BLOCK_THEMATIC_BREAK:
          g_assert_true (GTK_IS_SEPARATOR (widget));
          seen |= 1 << 7;
          break;
        case MIMO_MARKDOWN_BLOCK_REFERENCES:
          g_assert_true (i == n_blocks (fixture) - 1);
          seen |= 1 << 8;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_assert_cmpuint (seen, ==, (1 << 9) - 1);
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
has_text (gpointer user_data)
{
  return *(char **) user_data != NULL;
}

static void
test_code_copy (Fixture      *fixture,
                gconstpointer data)
{
  static const char  code[] = "def main():\n    print(\"<hi> & bye\")\n";
  g_autofree char   *text = g_strconcat ("Before.\n\n```py\n", code, "```\n", NULL);
  g_autofree char   *copied = NULL;
  GtkWidget         *widget, *button, *source;
  GtkSourceBuffer   *buffer;
  GtkSourceLanguage *language;
  g_autofree char   *shown = NULL;
  GtkTextIter        start, end;

  mimo_markdown_view_set_text (fixture->view, text, -1);
  g_assert_cmpuint (n_blocks (fixture), ==, 2);
  widget = _mimo_markdown_view_get_block_widget (fixture->view, 1);
  source = mimo_test_find_descendant (widget, GTK_SOURCE_TYPE_VIEW);
  g_assert_nonnull (source);
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (source)));
  g_assert_true (gtk_text_view_get_monospace (GTK_TEXT_VIEW (source)));
  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (source)));
  language = gtk_source_buffer_get_language (buffer);
  g_assert_nonnull (language);
  g_assert_cmpstr (gtk_source_language_get_id (language), ==, "python3");
  g_assert_nonnull (gtk_source_buffer_get_style_scheme (buffer));
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (buffer)), ==, "Adwaita");
  /* The header names the language. */
  g_assert_nonnull (mimo_test_find_by_text (widget, GTK_TYPE_LABEL, gtk_source_language_get_name (language)));

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  shown = gtk_text_buffer_get_text (GTK_TEXT_BUFFER (buffer), &start, &end, FALSE);
  g_assert_cmpstr (shown, ==, "def main():\n    print(\"<hi> & bye\")");

  button = mimo_test_find_by_text (widget, GTK_TYPE_BUTTON, "Copy");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (button), NULL, clipboard_read_cb, &copied);
  mimo_test_wait_until (has_text, &copied, 5000);
  g_assert_cmpstr (copied, ==, code);

  /* The scheme follows the dark style. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_cmpstr (gtk_source_style_scheme_get_id (gtk_source_buffer_get_style_scheme (buffer)), ==, "Adwaita-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* Unknown or missing languages: plain text, the fence's word shown. */
  g_assert_null (_mimo_markdown_code_language ("no-such-language"));
  g_assert_null (_mimo_markdown_code_language (NULL));
  g_assert_nonnull (_mimo_markdown_code_language ("bash"));
  g_assert_nonnull (_mimo_markdown_code_language ("C"));
  g_assert_nonnull (_mimo_markdown_code_language ("rb"));
}

static void
test_append_in_place (Fixture      *fixture,
                      gconstpointer data)
{
  GString   *text = g_string_new ("# Title\n\nFirst paragraph.\n\n- a\n- b\n\nThe last one grows");
  GtkWidget *kept[4];
  GtkWidget *code;

  mimo_markdown_view_set_text (fixture->view, text->str, (gssize) text->len);
  g_assert_cmpuint (n_blocks (fixture), ==, 4);
  for (guint i = 0; i < 4; i++)
    kept[i] = _mimo_markdown_view_get_block_widget (fixture->view, i);

  g_string_append (text, " and grows");
  mimo_markdown_view_set_text (fixture->view, text->str, (gssize) text->len);
  for (guint i = 0; i < 4; i++)
    g_assert_true (_mimo_markdown_view_get_block_widget (fixture->view, i) == kept[i]);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (kept[3])), ==, "The last one grows and grows");

  /* A new block: the earlier widgets stay, one widget is added. */
  g_string_append (text, ".\n\n```c\nint x;\n");
  mimo_markdown_view_set_text (fixture->view, text->str, (gssize) text->len);
  g_assert_cmpuint (n_blocks (fixture), ==, 5);
  for (guint i = 0; i < 4; i++)
    g_assert_true (_mimo_markdown_view_get_block_widget (fixture->view, i) == kept[i]);
  code = _mimo_markdown_view_get_block_widget (fixture->view, 4);
  g_assert_nonnull (mimo_test_find_descendant (code, GTK_SOURCE_TYPE_VIEW));

  /* A growing code block keeps its view. */
  g_string_append (text, "int y;\n```\n\nAfter.");
  mimo_markdown_view_set_text (fixture->view, text->str, (gssize) text->len);
  g_assert_cmpuint (n_blocks (fixture), ==, 6);
  for (guint i = 0; i < 4; i++)
    g_assert_true (_mimo_markdown_view_get_block_widget (fixture->view, i) == kept[i]);
  g_assert_true (_mimo_markdown_view_get_block_widget (fixture->view, 4) == code);
  {
    GtkTextBuffer   *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (mimo_test_find_descendant (code, GTK_SOURCE_TYPE_VIEW)));
    GtkTextIter      start, end;
    g_autofree char *shown = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (shown, ==, "int x;\nint y;");
  }
  g_assert_cmpuint (n_children (GTK_WIDGET (fixture->view)), ==, 6);
  g_string_free (text, TRUE);
}

/* The labels of a split paragraph, in order, and their text joined. */
static GPtrArray *
pieces_of (GtkWidget *widget,
           GString   *joined)
{
  GPtrArray *labels = g_ptr_array_new ();

  g_string_truncate (joined, 0);
  g_assert_true (GTK_IS_BOX (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      g_assert_true (GTK_IS_LABEL (child));
      g_assert_true (gtk_label_get_selectable (GTK_LABEL (child)));
      g_ptr_array_add (labels, child);
      g_string_append (joined, gtk_label_get_text (GTK_LABEL (child)));
    }
  return labels;
}

/* One endless paragraph, streamed: cut into labels at sentence ends, the
 * earlier ones never set again, the same cuts as when shown at once, and
 * a run across a cut shown on both sides of it. */
static void
test_long_paragraph (Fixture      *fixture,
                     gconstpointer data)
{
  g_autoptr (GString)   text = g_string_new ("Start **bold ");
  g_autoptr (GString)   joined = g_string_new (NULL);
  g_autoptr (GPtrArray) streamed = NULL;
  g_autoptr (GPtrArray) first = NULL;
  g_autoptr (GPtrArray) whole = NULL;
  GtkWidget            *widget;
  guint                 n_sets = 0;

  for (guint i = 0; i < 400; i++)
    g_string_append_printf (text, "Sentence %u has a few words in it. ", i);
  g_string_append (text, "end** and more.");

  /* Streamed in pieces of 37 bytes (no cut lands inside a character:
   * the text is ASCII). */
  for (gsize at = 37; at < text->len + 37; at += 37)
    {
      mimo_markdown_view_set_text (fixture->view, text->str, (gssize) MIN (at, text->len));
      n_sets++;
      if (first == NULL && GTK_IS_BOX (_mimo_markdown_view_get_block_widget (fixture->view, 0)))
        {
          GPtrArray *labels = pieces_of (_mimo_markdown_view_get_block_widget (fixture->view, 0), joined);

          if (labels->len >= 3)
            first = labels;
          else
            g_ptr_array_unref (labels);
        }
    }
  g_assert_cmpuint (n_blocks (fixture), ==, 1);
  widget = _mimo_markdown_view_get_block_widget (fixture->view, 0);
  streamed = pieces_of (widget, joined);
  g_assert_cmpuint (streamed->len, >, 5);
  /* The text shown is the paragraph's, without its marks. */
  g_assert_true (g_str_has_prefix (joined->str, "Start bold Sentence 0 has"));
  g_assert_true (g_str_has_suffix (joined->str, "end and more."));
  /* Labels made early are still the ones shown. */
  g_assert_nonnull (first);
  for (guint i = 0; i < first->len - 1; i++)
    g_assert_true (g_ptr_array_index (streamed, i) == g_ptr_array_index (first, i));
  /* Bold runs on across every cut. */
  for (guint i = 0; i < streamed->len; i++)
    g_assert_true (g_str_has_prefix (gtk_label_get_label (g_ptr_array_index (streamed, i)), i == 0 ? "Start <b>" : "<b>"));

  /* Shown at once: the same pieces. */
  {
    g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < streamed->len; i++)
      g_ptr_array_add (texts, g_strdup (gtk_label_get_text (g_ptr_array_index (streamed, i))));
    mimo_markdown_view_set_text (fixture->view, "", 0);
    mimo_markdown_view_set_text (fixture->view, text->str, (gssize) text->len);
    whole = pieces_of (_mimo_markdown_view_get_block_widget (fixture->view, 0), joined);
    g_assert_cmpuint (whole->len, ==, texts->len);
    for (guint i = 0; i < whole->len; i++)
      g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (whole, i)), ==, g_ptr_array_index (texts, i));
  }

  /* Shorter again (an edit): one label. */
  mimo_markdown_view_set_text (fixture->view, "Short now.", -1);
  g_assert_true (GTK_IS_LABEL (_mimo_markdown_view_get_block_widget (fixture->view, 0)));
  g_assert_cmpuint (n_sets, >, 100);
}

static gboolean
shows_all_of (gpointer user_data)
{
  Fixture    *fixture = user_data;
  gsize       length;
  const char *shown = mimo_markdown_document_get_text (mimo_markdown_view_get_document (fixture->view), &length);

  return length == strlen (fixture->expected) && memcmp (shown, fixture->expected, length) == 0;
}

static gsize
shown_length (Fixture *fixture)
{
  gsize length;

  mimo_markdown_document_get_text (mimo_markdown_view_get_document (fixture->view), &length);
  return length;
}

/* A burst of text (a fast server, read 64 KB at a time) is shown a slice
 * a frame, so no frame waits for all of it; the end result is the same
 * as shown at once. Hidden, or replaced, it is shown at once. */
static void
test_paced_growth (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (GString)              text = g_string_new ("The start.\n\n");
  g_autoptr (MimoMarkdownDocument) whole = NULL;
  gsize                            before;

  for (guint i = 0; i < 300; i++)
    g_string_append_printf (text, "Paragraph %u has some words in it, and **bold** ones, é and ü.\n\n", i);
  fixture->expected = text->str;

  /* The first text of an empty view is shown whole: a row bound to an
   * old answer shows it complete in its first frame. */
  mimo_markdown_view_set_text (fixture->view, text->str, (gssize) text->len);
  g_assert_true (shows_all_of (fixture));
  mimo_markdown_view_set_text (fixture->view, "", 0);

  /* Growing by a lot: a slice now, the rest in the next frames. */
  mimo_markdown_view_set_text (fixture->view, "The start.\n\n", -1);
  before = shown_length (fixture);
  mimo_markdown_view_set_text (fixture->view, text->str, (gssize) text->len);
  g_assert_cmpuint (shown_length (fixture), >, before);
  g_assert_cmpuint (shown_length (fixture), <, text->len / 4);
  g_assert_true (g_utf8_validate (mimo_markdown_document_get_text (mimo_markdown_view_get_document (fixture->view), NULL), -1, NULL));
  mimo_test_wait_until (shows_all_of, fixture, 20000);
  whole = mimo_markdown_document_new ();
  mimo_markdown_document_set_text (whole, text->str, (gssize) text->len);
  g_assert_cmpuint (n_blocks (fixture), ==, g_list_model_get_n_items (G_LIST_MODEL (whole)));
  g_assert_cmpuint (n_children (GTK_WIDGET (fixture->view)), ==, n_blocks (fixture));

  /* Hidden mid-burst: the rest at once. */
  mimo_markdown_view_set_text (fixture->view, "The start.\n\n", -1);
  mimo_markdown_view_set_text (fixture->view, text->str, 20);
  mimo_markdown_view_set_text (fixture->view, text->str, (gssize) text->len);
  g_assert_false (shows_all_of (fixture));
  gtk_widget_set_visible (GTK_WIDGET (fixture->view), FALSE);
  g_assert_true (shows_all_of (fixture));
  gtk_widget_set_visible (GTK_WIDGET (fixture->view), TRUE);

  /* Replaced mid-burst: the new text, and nothing of the old comes after. */
  mimo_markdown_view_set_text (fixture->view, "The start.\n\n", -1);
  mimo_markdown_view_set_text (fixture->view, text->str, 20);
  mimo_markdown_view_set_text (fixture->view, text->str, (gssize) text->len);
  g_assert_false (shows_all_of (fixture));
  mimo_markdown_view_set_text (fixture->view, "Something else.", -1);
  fixture->expected = "Something else.";
  g_assert_true (shows_all_of (fixture));
  mimo_test_spin (200);
  g_assert_true (shows_all_of (fixture));
}

/* Blocks outside the window are not drawn; scrolled into it, they are,
 * though GTK keeps a widget's drawing when only its position changes. */
static void
test_scrolled_into_view (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr (GString) text = g_string_new (NULL);
  GtkAdjustment      *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (fixture->view)))));
  GtkWidget          *block;
  graphene_rect_t     bounds;

  for (guint i = 0; i < 120; i++)
    g_string_append_printf (text, "Paragraph %u, with enough words in it to be seen.\n\n", i);
  mimo_markdown_view_set_text (fixture->view, text->str, (gssize) text->len);
  mimo_test_spin (200);
  mimo_test_wait_until ((MimoTestPredicate) mimo_test_widget_shows_ink, _mimo_markdown_view_get_block_widget (fixture->view, 0), 20000);

  /* Far down: a block that was out of sight when the view was drawn. */
  block = _mimo_markdown_view_get_block_widget (fixture->view, 90);
  g_assert_true (gtk_widget_compute_bounds (block, GTK_WIDGET (fixture->view), &bounds));
  gtk_adjustment_set_value (adjustment, bounds.origin.y - 100);
  mimo_test_wait_until ((MimoTestPredicate) mimo_test_widget_shows_ink, block, 20000);
}

static void
test_replace (Fixture      *fixture,
              gconstpointer data)
{
  GtkWidget *first;

  mimo_markdown_view_set_text (fixture->view, all_constructs, -1);
  first = _mimo_markdown_view_get_block_widget (fixture->view, 0);
  g_assert_true (GTK_IS_LABEL (first));

  mimo_markdown_view_set_text (fixture->view, "Something else entirely.", -1);
  g_assert_cmpuint (n_blocks (fixture), ==, 1);
  g_assert_cmpuint (n_children (GTK_WIDGET (fixture->view)), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (_mimo_markdown_view_get_block_widget (fixture->view, 0))), ==,
                   "Something else entirely.");

  mimo_markdown_view_set_text (fixture->view, "", 0);
  g_assert_cmpuint (n_children (GTK_WIDGET (fixture->view)), ==, 0);
}

static void
test_links (Fixture      *fixture,
            gconstpointer data)
{
  static const char *const refused[] = {
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,hi",
    "mailto:a@example.org",
    "",
    "example.org",
  };
  GtkWidget *label;
  gboolean   handled = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    g_assert_false (_mimo_markdown_open_link (GTK_WIDGET (fixture->view), refused[i]));
  g_assert_false (_mimo_markdown_open_link (NULL, NULL));

  /* The label's own handler never runs: ours says it was handled. */
  mimo_markdown_view_set_text (fixture->view, "A [link](https://example.org/a?b=1&c=2).", -1);
  label = _mimo_markdown_view_get_block_widget (fixture->view, 0);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)),
                            "<a href=\"https://example.org/a?b=1&amp;c=2\" title=\"https://example.org/a?b=1&amp;c=2\">link</a>"));
  g_signal_emit_by_name (label, "activate-link", "javascript:alert(1)", &handled);
  g_assert_true (handled);
  handled = FALSE;
  g_signal_emit_by_name (label, "activate-link", "file:///etc/passwd", &handled);
  g_assert_true (handled);

  /* The model never lets such a link through; the label shows text. */
  mimo_markdown_view_set_text (fixture->view, "A [trap](javascript:alert(1)) here.", -1);
  label = _mimo_markdown_view_get_block_widget (fixture->view, 0);
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (label)), "javascript"));
}

static void
test_citations (Fixture      *fixture,
                gconstpointer data)
{
  GtkWidget  *paragraph, *references;
  const char *markup;
  /* Raw markers: the addresses come only with the References. */
  static const char body[] = "Rates stayed high [1] and trade slowed [2].\n\n";
  static const char refs[] = "**References**\n\n1. [Rates stay high](https://www.bbc.co.uk/news/x)\n2. https://data.example.net/series\n";
  g_autofree char  *whole = g_strconcat (body, refs, NULL);

  mimo_markdown_view_set_text (fixture->view, all_constructs, -1);
  paragraph = _mimo_markdown_view_get_block_widget (fixture->view, 1);
  markup = gtk_label_get_label (GTK_LABEL (paragraph));
  g_assert_nonnull (strstr (markup, "<a href=\"https://www.example.org/report\" title=\"World Economic Outlook\nhttps://www.example.org/report\"><sup><small>[1]</small></sup></a>"));
  references = _mimo_markdown_view_get_block_widget (fixture->view, n_blocks (fixture) - 1);
  g_assert_nonnull (mimo_test_find_by_text (references, GTK_TYPE_LABEL, "References"));
  g_assert_nonnull (mimo_test_find_by_text (references, GTK_TYPE_LABEL, "World Economic Outlook  example.org"));
  g_assert_nonnull (mimo_test_find_by_text (references, GTK_TYPE_LABEL, "Rates stay high  bbc.co.uk"));
  g_assert_nonnull (mimo_test_find_by_text (references, GTK_TYPE_LABEL, "2."));

  mimo_markdown_view_set_text (fixture->view, body, -1);
  paragraph = _mimo_markdown_view_get_block_widget (fixture->view, 0);
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (paragraph)), "<a "));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (paragraph)), ==, "Rates stayed high [1] and trade slowed [2].");

  /* Once the References arrive, the waiting citations become links. */
  mimo_markdown_view_set_text (fixture->view, whole, -1);
  g_assert_cmpuint (n_blocks (fixture), ==, 2);
  paragraph = _mimo_markdown_view_get_block_widget (fixture->view, 0);
  markup = gtk_label_get_label (GTK_LABEL (paragraph));
  g_assert_nonnull (strstr (markup, "<a href=\"https://www.bbc.co.uk/news/x\""));
  g_assert_nonnull (strstr (markup, "<a href=\"https://data.example.net/series\""));
  references = _mimo_markdown_view_get_block_widget (fixture->view, 1);
  g_assert_nonnull (mimo_test_find_by_text (references, GTK_TYPE_LABEL, "data.example.net"));
}

static void
test_selection (Fixture      *fixture,
                gconstpointer data)
{
  GtkWidget       *label, *source;
  GtkTextBuffer   *buffer;
  GtkTextIter      start, end;
  g_autofree char *selected = NULL;
  g_autofree char *code = NULL;

  mimo_markdown_view_set_text (fixture->view, "Hello **bold** and [a link](https://example.org) world.\n\n```\nplain code\n```\n", -1);
  g_assert_null (mimo_markdown_view_dup_selected_text (fixture->view));

  label = _mimo_markdown_view_get_block_widget (fixture->view, 0);
  gtk_label_select_region (GTK_LABEL (label), 6, 24);
  selected = mimo_markdown_view_dup_selected_text (fixture->view);
  g_assert_cmpstr (selected, ==, "bold and a link wo");
  gtk_label_select_region (GTK_LABEL (label), 0, 0);

  source = mimo_test_find_descendant (_mimo_markdown_view_get_block_widget (fixture->view, 1), GTK_SOURCE_TYPE_VIEW);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (source));
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 6);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_select_range (buffer, &start, &end);
  code = mimo_markdown_view_dup_selected_text (fixture->view);
  g_assert_cmpstr (code, ==, "code");
}

static void
test_screenshots (Fixture      *fixture,
                  gconstpointer data)
{
  mimo_markdown_view_set_text (fixture->view, all_constructs, -1);
  mimo_test_save_screenshot (GTK_WIDGET (fixture->window), "markdown-view-light");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  mimo_test_save_screenshot (GTK_WIDGET (fixture->window), "markdown-view-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_cmpuint (n_children (GTK_WIDGET (fixture->view)), ==, n_blocks (fixture));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GtkCssProvider) css = NULL;

  mimo_test_gui_init (&argc, &argv);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_LIGHT);
  /* The app's styles, as AdwApplication would load them. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/mimochat/MimoChat/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/markdown-view/blocks", test_blocks);
  ADD ("/gui/markdown-view/code-copy", test_code_copy);
  ADD ("/gui/markdown-view/append-in-place", test_append_in_place);
  ADD ("/gui/markdown-view/long-paragraph", test_long_paragraph);
  ADD ("/gui/markdown-view/paced-growth", test_paced_growth);
  ADD ("/gui/markdown-view/scrolled-into-view", test_scrolled_into_view);
  ADD ("/gui/markdown-view/replace", test_replace);
  ADD ("/gui/markdown-view/links", test_links);
  ADD ("/gui/markdown-view/citations", test_citations);
  ADD ("/gui/markdown-view/selection", test_selection);
  ADD ("/gui/markdown-view/screenshots", test_screenshots);
#undef ADD

  return g_test_run ();
}
