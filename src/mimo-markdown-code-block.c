/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-code-block.c: a code block: its language and a Copy button above a read-only, highlighted GtkSourceView. */

#define G_LOG_DOMAIN "mimo-markdown-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include <string.h>

#include "mimo-markdown-view-private.h"

/* The code exactly as the answer gave it, for Copy (the view drops the
 * last line's newline, which would show as an empty line). */
#define CODE_KEY     "mimo-markdown-code"
#define LANGUAGE_KEY "mimo-markdown-code-language"
#define BUFFER_KEY   "mimo-markdown-code-buffer"

/* Fence words models write that are not GtkSourceView ids or globs. */
static const struct
{
  const char *alias;
  const char *id;
} aliases[] = {
  { "bash", "sh" },
  { "shell", "sh" },
  { "zsh", "sh" },
  { "console", "sh" },
  { "c++", "cpp" },
  { "py", "python3" },
  { "python", "python3" },
  { "javascript", "js" },
  { "jsx", "js" },
  { "ts", "typescript" },
  { "rs", "rust" },
  { "yml", "yaml" },
  { "md", "markdown" },
  { "golang", "go" },
  { "html", "html" },
  { "patch", "diff" },
  { "dockerfile", "docker" },
  { "objc", "objc" },
  { "cs", "c-sharp" },
  { "csharp", "c-sharp" },
};

GtkSourceLanguage *
_mimo_markdown_code_language (const char *name)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  g_autofree char          *id = NULL;
  g_autofree char          *file = NULL;
  GtkSourceLanguage        *language;

  if (name == NULL || name[0] == '\0')
    return NULL;

  id = g_ascii_strdown (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    if (g_str_equal (id, aliases[i].alias))
      {
        language = gtk_source_language_manager_get_language (manager, aliases[i].id);
        if (language != NULL)
          return language;
      }
  language = gtk_source_language_manager_get_language (manager, id);
  if (language != NULL)
    return language;

  /* "rb", "kt", "hs": a file name with that extension finds most others.
   * No guess from the content: a wrong colouring is worse than none. */
  file = g_strconcat ("code.", id, NULL);
  return gtk_source_language_manager_guess_language (manager, file, NULL);
}

static void
update_scheme (GtkSourceBuffer *buffer)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean                     dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme        *scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");

  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (buffer, scheme);
}

static void
dark_changed_cb (AdwStyleManager *manager,
                 GParamSpec      *pspec,
                 GtkSourceBuffer *buffer)
{
  update_scheme (buffer);
}

static void
copy_clicked_cb (GtkButton *button,
                 GtkWidget *block)
{
  const char *code = g_object_get_data (G_OBJECT (block), CODE_KEY);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (button)), code != NULL ? code : "");
}

/* The code as shown: without the newline that ends its last line. */
static gsize
shown_length (const char *code,
              gsize       length)
{
  if (length > 0 && code[length - 1] == '\n')
    length--;
  return length;
}

GtkWidget *
_mimo_markdown_code_block_new (MimoMarkdownBlock *block)
{
  gsize              length;
  const char        *code = mimo_markdown_block_get_text (block, &length);
  const char        *fence = mimo_markdown_block_get_code_language (block);
  GtkSourceLanguage *language = _mimo_markdown_code_language (fence);
  GtkWidget         *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget         *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget         *name;
  GtkWidget         *copy;
  GtkSourceBuffer   *buffer;
  GtkWidget         *view;

  gtk_widget_add_css_class (box, "mimo-md-code");
  g_object_set_data_full (G_OBJECT (box), CODE_KEY, g_strndup (code, length), g_free);
  g_object_set_data_full (G_OBJECT (box), LANGUAGE_KEY, g_strdup (fence), g_free);

  if (language != NULL)
    name = gtk_label_new (gtk_source_language_get_name (language));
  else if (fence != NULL && fence[0] != '\0')
    name = gtk_label_new (fence);
  else
    name = gtk_label_new (_ ("Code"));
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "mimo-md-code-language");
  gtk_box_append (GTK_BOX (header), name);

  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_tooltip_text (copy, _ ("Copy"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Copy Code"), -1);
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_add_css_class (copy, "mimo-md-code-copy");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  g_signal_connect (copy, "clicked", G_CALLBACK (copy_clicked_cb), box);
  gtk_box_append (GTK_BOX (header), copy);
  gtk_widget_add_css_class (header, "mimo-md-code-header");
  gtk_box_append (GTK_BOX (box), header);

  buffer = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_language (buffer, language);
  gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);
  update_scheme (buffer);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (dark_changed_cb), buffer, 0);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), code, (int) shown_length (code, length));

  view = gtk_source_view_new_with_buffer (buffer);
  g_object_set_data_full (G_OBJECT (box), BUFFER_KEY, buffer, g_object_unref);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  /* Wrapped rather than scrolled sideways: a scroller inside the chat's
   * scroller would take the wheel from it. */
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Code"), -1);
  gtk_widget_add_css_class (view, "mimo-md-code-view");
  gtk_box_append (GTK_BOX (box), view);
  return box;
}

gboolean
_mimo_markdown_code_block_update (GtkWidget         *widget,
                                  MimoMarkdownBlock *block)
{
  gsize          length;
  const char    *code = mimo_markdown_block_get_text (block, &length);
  const char    *old_code = g_object_get_data (G_OBJECT (widget), CODE_KEY);
  const char    *old_fence = g_object_get_data (G_OBJECT (widget), LANGUAGE_KEY);
  GtkTextBuffer *buffer = g_object_get_data (G_OBJECT (widget), BUFFER_KEY);
  gsize          old_length = old_code != NULL ? strlen (old_code) : 0;
  gsize          shown = shown_length (code, length);
  gsize          old_shown = shown_length (old_code != NULL ? old_code : "", old_length);
  GtkTextIter    end;

  if (buffer == NULL || g_strcmp0 (old_fence, mimo_markdown_block_get_code_language (block)) != 0)
    return FALSE;

  /* While the code streams it only grows: insert the new part, so the
   * highlighter goes on from where it was instead of starting again. */
  if (old_shown <= shown && memcmp (old_code, code, old_shown) == 0)
    {
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, code + old_shown, (int) (shown - old_shown));
    }
  else
    gtk_text_buffer_set_text (buffer, code, (int) shown);

  g_object_set_data_full (G_OBJECT (widget), CODE_KEY, g_strndup (code, length), g_free);
  return TRUE;
}
