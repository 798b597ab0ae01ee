/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-draft-export.c: the draft pane's files (Markdown, HTML, PDF) read back, and its rich-text copy. */

#define G_LOG_DOMAIN "test-draft-export"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mimo-draft-export.h"
#include "mimo-draft-print.h"
#include "mimo-draft-refs.h"
#include "mimo-draft-view.h"
#include "mimo-markdown.h"
#include "mimo-test-draft.h"
#include "mimo-test-gui.h"
#include "mimo-test-utils.h"

typedef struct
{
  GtkWindow        *window;
  MimoDraftView    *view;
  MimoConversation *conversation;
  char             *dir;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *draft = mimo_draft_refs_append ("", MIMO_TEST_ANSWER_SOLAR, NULL, NULL);
  g_autofree char *more = NULL;

  more = mimo_draft_refs_append (draft, MIMO_TEST_ANSWER_SAVINGS, NULL, NULL);
  f->conversation = mimo_conversation_new ();
  mimo_conversation_set_draft (f->conversation, more);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 700, 800);
  f->view = MIMO_DRAFT_VIEW (mimo_draft_view_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->view));
  mimo_draft_view_set_conversation (f->view, f->conversation);
  mimo_test_present_and_wait (f->window);

  f->dir = g_build_filename (g_get_user_cache_dir (), "exports", NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0755), ==, 0);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  gtk_window_destroy (f->window);
  g_clear_object (&f->conversation);
  g_free (f->dir);
  mimo_test_spin (20);
}

/* Exports through the pane and returns what the file holds. */
static char *export(Fixture            *f,
                    MimoDraftFileFormat format,
                    const char         *name,
                    gsize              *length)
{
  g_autofree char         *path = g_build_filename (f->dir, name, NULL);
  g_autoptr (GFile)        file = g_file_new_for_path (path);
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError)       error = NULL;
  char                    *contents = NULL;

  mimo_draft_view_export_async (f->view, format, file, NULL, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, 30000);
  g_assert_true (mimo_draft_view_export_finish (f->view, result, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

static char *
parse_to_string (const char *markdown)
{
  g_autoptr (GPtrArray) blocks = mimo_markdown_parse (markdown, -1);

  return mimo_markdown_blocks_to_string (blocks);
}

static void
test_markdown_round_trip (Fixture      *f,
                          gconstpointer data)
{
  const char      *draft = mimo_conversation_get_draft (f->conversation);
  g_autofree char *file = export(f, MIMO_DRAFT_FILE_MARKDOWN, "draft.md", NULL);
  g_autofree char *from_file = parse_to_string (file);
  g_autofree char *from_draft = parse_to_string (draft);

  /* The file is the draft, renumbered, and reads back as the same document. */
  g_assert_cmpstr (file, ==, draft);
  g_assert_cmpstr (from_file, ==, from_draft);
  g_assert_nonnull (strstr (from_file, "references"));
}

/* What GMarkup saw of the XHTML. */
typedef struct
{
  GString *path;
  GString *title;
  guint    reference_links;
  guint    headings;
} Xhtml;

static void
start_element_cb (GMarkupParseContext *context,
                  const char          *name,
                  const char         **names,
                  const char         **values,
                  gpointer             user_data,
                  GError             **error)
{
  Xhtml *xhtml = user_data;

  g_string_append_printf (xhtml->path, "/%s", name);
  if (g_str_has_suffix (xhtml->path->str, "/ol/li/a"))
    for (guint i = 0; names[i] != NULL; i++)
      if (g_str_equal (names[i], "href") && g_str_has_prefix (values[i], "https://"))
        xhtml->reference_links++;
  if (g_str_equal (name, "h2"))
    xhtml->headings++;
}

static void
end_element_cb (GMarkupParseContext *context,
                const char          *name,
                gpointer             user_data,
                GError             **error)
{
  Xhtml *xhtml = user_data;

  g_string_truncate (xhtml->path, strrchr (xhtml->path->str, '/') - xhtml->path->str);
}

static void
text_cb (GMarkupParseContext *context,
         const char          *text,
         gsize                length,
         gpointer             user_data,
         GError             **error)
{
  Xhtml *xhtml = user_data;

  if (g_str_has_suffix (xhtml->path->str, "/head/title"))
    g_string_append_len (xhtml->title, text, length);
}

static void
test_html_well_formed (Fixture      *f,
                       gconstpointer data)
{
  static const GMarkupParser      parser = { start_element_cb, end_element_cb, text_cb, NULL, NULL };
  gsize                           length;
  g_autofree char                *html = export(f, MIMO_DRAFT_FILE_HTML, "draft.html", &length);
  Xhtml                           xhtml = { g_string_new (NULL), g_string_new (NULL), 0, 0 };
  g_autoptr (GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &xhtml, NULL);
  g_autoptr (GError)              error = NULL;
  const char                     *body = strstr (html, "<html");

  g_assert_nonnull (body);
  g_assert_true (g_markup_parse_context_parse (context, body, length - (body - html), &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);

  /* Named after the first heading; the four sources a numbered list of
   * links; every heading there. */
  g_assert_cmpstr (xhtml.title->str, ==, "How fast solar panels wear out");
  g_assert_cmpuint (xhtml.reference_links, ==, 4);
  g_assert_cmpuint (xhtml.headings, >=, 2);
  g_assert_nonnull (strstr (html, "<style>"));
  g_assert_null (strstr (html, "<script"));
  g_string_free (xhtml.path, TRUE);
  g_string_free (xhtml.title, TRUE);
}

static char *
run_tool (const char *const *argv)
{
  g_autoptr (GError) error = NULL;
  char              *out = NULL;
  int                status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* poppler-utils is in build-aux/debian-packages.txt; say so if missing. */
static gboolean
have_poppler (void)
{
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  if (pdftotext == NULL)
    g_test_skip ("pdftotext and pdfinfo (poppler-utils) are needed to read the PDF back");
  return pdftotext != NULL;
}

static guint
count_pages (const char *path)
{
  const char *const argv[] = { "pdfinfo", path, NULL };
  g_autofree char  *info = run_tool (argv);
  const char       *pages = strstr (info, "\nPages:");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("\nPages:"), NULL, 10);
}

/* Pages as PNG for people to look at, with build-aux/dev shots. */
static void
save_pages (const char *path,
            const char *name)
{
  const char      *dir = g_getenv ("MIMO_SHOT_DIR");
  g_autofree char *prefix = NULL;

  if (dir == NULL || dir[0] == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  prefix = g_build_filename (dir, name, NULL);
  {
    const char *const argv[] = { "pdftoppm", "-png", "-r", "60", path, prefix, NULL };
    g_autofree char  *out = run_tool (argv);
  }
}

/* A PDF holds NULs: strstr stops at them. */
static gboolean
contains (const char *bytes,
          gsize       length,
          const char *needle)
{
  gsize needle_length = strlen (needle);

  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (bytes + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

static void
test_pdf (Fixture      *f,
          gconstpointer data)
{
  gsize            length;
  g_autofree char *pdf = export(f, MIMO_DRAFT_FILE_PDF, "draft.pdf", &length);
  g_autofree char *path = g_build_filename (f->dir, "draft.pdf", NULL);
  g_autofree char *text = NULL;

  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (pdf, "%PDF"));
  /* Addresses can be clicked. */
  g_assert_true (contains (pdf, length, "/URI (https://www.eia.gov/energyexplained/solar/)"));

  if (!have_poppler ())
    return;
  {
    const char *const argv[] = { "pdftotext", "-layout", path, "-", NULL };

    text = run_tool (argv);
  }
  g_assert_nonnull (strstr (text, "How fast solar panels wear out"));
  g_assert_nonnull (strstr (text, "What it means for savings"));
  g_assert_nonnull (strstr (text, "References"));
  g_assert_nonnull (strstr (text, "Solar explained"));
  g_assert_nonnull (strstr (text, "https://www.eia.gov/energyexplained/solar/"));
  g_assert_cmpuint (count_pages (path), ==, 1);
  save_pages (path, "draft-pdf");
}

/* A long draft: 60 sources over many paragraphs flows onto more pages,
 * every source listed once. */
static void
test_pdf_many_pages (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (GString) draft = g_string_new ("# A long report\n\n");
  g_autofree char    *normalized = NULL;
  g_autofree char    *path = g_build_filename (f->dir, "long.pdf", NULL);
  g_autofree char    *text = NULL;
  g_autoptr (GError)  error = NULL;

  for (guint i = 1; i <= 60; i++)
    {
      if (i % 10 == 1)
        g_string_append_printf (draft, "## Part %u\n\n", i / 10 + 1);
      g_string_append_printf (draft, "Paragraph %u says something worth citing at some length, so that it wraps "
                                     "over more than one line of the page [[%u]](https://site%u.example.org/page).\n\n",
                              i, i, i);
      if (i % 15 == 0)
        g_string_append (draft, "- a list item\n- another one, longer, to wrap around the end of its line and go on\n\n"
                                "> A quote, in grey.\n\n```\ncode block\n```\n\n| A | B |\n|---|--:|\n| 1 | 2 |\n\n");
    }
  normalized = mimo_draft_refs_update (draft->str, -1, NULL);

  g_assert_true (mimo_draft_print_to_pdf (normalized, "A long report", path, &error));
  g_assert_no_error (error);
  if (!have_poppler ())
    return;
  g_assert_cmpuint (count_pages (path), >=, 3);
  {
    const char *const argv[] = { "pdftotext", path, "-", NULL };

    text = run_tool (argv);
  }
  for (guint i = 1; i <= 60; i++)
    {
      g_autofree char *address = g_strdup_printf ("https://site%u.example.org/page\n", i);

      g_assert_nonnull (strstr (text, address));
    }
  save_pages (path, "draft-pdf-long");
}

/* ---------------------------------------------------------- clipboard -- */

static char *
read_clipboard (GdkClipboard *clipboard,
                const char   *mime_type)
{
  const char               *mime_types[] = { mime_type, NULL };
  g_autoptr (GAsyncResult)  result = NULL;
  g_autoptr (GAsyncResult)  spliced = NULL;
  g_autoptr (GInputStream)  stream = NULL;
  g_autoptr (GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr (GError)        error = NULL;
  const char               *chosen = NULL;

  gdk_clipboard_read_async (clipboard, (const char **) mime_types, G_PRIORITY_DEFAULT, NULL, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, 10000);
  stream = gdk_clipboard_read_finish (clipboard, result, &chosen, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chosen, ==, mime_type);
  /* The other end is written from this main loop: read asynchronously. */
  g_output_stream_splice_async (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, G_PRIORITY_DEFAULT, NULL,
                                mimo_test_store_result_cb, &spliced);
  mimo_test_wait_for_result (&spliced, 10000);
  g_assert_cmpint (g_output_stream_splice_finish (memory, spliced, &error), >, 0);
  g_assert_no_error (error);
  g_output_stream_write (memory, "", 1, NULL, NULL);
  g_output_stream_close (memory, NULL, NULL);
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
test_copy_rich_text (Fixture      *f,
                     gconstpointer data)
{
  GdkClipboard      *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (f->view));
  g_autofree char   *html = NULL;
  g_autofree char   *plain = NULL;
  g_autofree char   *expected = NULL;
  GdkContentFormats *formats;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "draft.copy-rich-text", NULL));
  formats = gdk_clipboard_get_formats (clipboard);
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/html"));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8"));

  html = read_clipboard (clipboard, "text/html");
  g_assert_true (g_str_has_prefix (html, "<meta charset=\"utf-8\">"));
  g_assert_nonnull (strstr (html, "<h2>How fast solar panels wear out</h2>"));
  g_assert_nonnull (strstr (html, "href=\"https://www.eia.gov/energyexplained/solar/\""));
  g_assert_nonnull (strstr (html, "<ol"));

  plain = read_clipboard (clipboard, "text/plain;charset=utf-8");
  expected = mimo_draft_export (mimo_conversation_get_draft (f->conversation), MIMO_DRAFT_FORMAT_TEXT, NULL);
  g_assert_cmpstr (plain, ==, expected);
  g_assert_nonnull (strstr (plain, "4. Solar explained — https://www.eia.gov/energyexplained/solar/"));
  g_assert_null (strstr (plain, "[//]"));
}

int
main (int   argc,
      char *argv[])
{
  mimo_test_gui_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/gui/draft-export/markdown-round-trip", test_markdown_round_trip);
  ADD ("/gui/draft-export/html-well-formed", test_html_well_formed);
  ADD ("/gui/draft-export/pdf", test_pdf);
  ADD ("/gui/draft-export/pdf-many-pages", test_pdf_many_pages);
  ADD ("/gui/draft-export/copy-rich-text", test_copy_rich_text);
#undef ADD

  return g_test_run ();
}
