/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-export.c: writes the block tree as well-formed XHTML or as plain text. */

#define G_LOG_DOMAIN "mimo-markdown"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mimo-markdown-export.h"
#include "mimo-markdown-private.h"

/* Readable on paper and screen, in light and dark, with no web fonts:
 * the document must stand alone. */
static const char style_sheet[] =
  "body { font-family: Cantarell, 'Noto Sans', 'Segoe UI', Helvetica, Arial, sans-serif;"
  " line-height: 1.6; max-width: 42em; margin: 2em auto; padding: 0 1em; color: #1e1e1e; background: #ffffff; }\n"
  "h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.4em 0 0.5em; }\n"
  "a { color: #1c71d8; }\n"
  "code, pre { font-family: 'Source Code Pro', 'DejaVu Sans Mono', monospace; font-size: 0.92em; }\n"
  "code { background: rgba(0, 0, 0, 0.06); padding: 0.1em 0.3em; border-radius: 4px; }\n"
  "pre { background: rgba(0, 0, 0, 0.06); padding: 0.8em 1em; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; }\n"
  "pre code { background: none; padding: 0; }\n"
  "blockquote { margin: 1em 0; padding: 0 1em; border-left: 4px solid rgba(0, 0, 0, 0.15); color: #5e5c64; }\n"
  "table { border-collapse: collapse; margin: 1em 0; }\n"
  "th, td { border: 1px solid rgba(0, 0, 0, 0.15); padding: 0.3em 0.7em; }\n"
  "th { background: rgba(0, 0, 0, 0.04); }\n"
  "hr { border: none; border-top: 1px solid rgba(0, 0, 0, 0.15); margin: 2em 0; }\n"
  "a.citation { text-decoration: none; font-size: 0.85em; vertical-align: super; line-height: 0; }\n"
  "li.task { list-style: none; }\n"
  ".references { margin-top: 2.5em; font-size: 0.95em; }\n"
  ".references .domain { color: #77767b; }\n"
  "@media (prefers-color-scheme: dark) {\n"
  " body { color: #ffffff; background: #242424; }\n"
  " a { color: #78aeed; }\n"
  " code, pre, th { background: rgba(255, 255, 255, 0.08); }\n"
  " blockquote { color: #c0bfbc; border-color: rgba(255, 255, 255, 0.2); }\n"
  " th, td, hr { border-color: rgba(255, 255, 255, 0.2); }\n"
  " .references .domain { color: #9a9996; }\n"
  "}\n";

typedef struct
{
  GString           *out;
  MimoMarkdownBlock *references;
} Writer;

static MimoMarkdownBlock *
find_references (GListModel *blocks)
{
  guint                         n = g_list_model_get_n_items (blocks);
  g_autoptr (MimoMarkdownBlock) last = n > 0 ? g_list_model_get_item (blocks, n - 1) : NULL;

  return last != NULL && last->type == MIMO_MARKDOWN_BLOCK_REFERENCES ? g_steal_pointer (&last) : NULL;
}

static const MimoCitationSource *
lookup (MimoMarkdownBlock *references,
        guint              number)
{
  for (guint i = 0; references != NULL && i < mimo_markdown_block_get_n_sources (references); i++)
    if (mimo_markdown_block_get_source (references, i)->number == number)
      return mimo_markdown_block_get_source (references, i);
  return NULL;
}

/* Escapes for XML, and replaces the control characters XML 1.0 cannot
 * carry even as references. */
static void
append_escaped (GString    *out,
                const char *text,
                gsize       length,
                gboolean    breaks)
{
  gsize start = 0;

  for (gsize i = 0; i <= length; i++)
    {
      const char *replacement = NULL;
      guchar      c = i < length ? text[i] : 0;

      if (i == length)
        replacement = "";
      else if (c == '&')
        replacement = "&amp;";
      else if (c == '<')
        replacement = "&lt;";
      else if (c == '>')
        replacement = "&gt;";
      else if (c == '"')
        replacement = "&quot;";
      else if (c == '\'')
        replacement = "&#39;";
      else if (c == '\n' && breaks)
        replacement = "<br/>\n";
      else if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f)
        replacement = "\xef\xbf\xbd";

      if (replacement == NULL)
        continue;
      g_string_append_len (out, text + start, i - start);
      g_string_append (out, replacement);
      start = i + 1;
    }
}

static void
open_run (Writer                *w,
          const MimoMarkdownRun *run)
{
  const MimoCitationSource *source;

  switch (run->style)
    {
    case MIMO_MARKDOWN_STYLE_BOLD:
      g_string_append (w->out, "<strong>");
      break;
    case MIMO_MARKDOWN_STYLE_ITALIC:
      g_string_append (w->out, "<em>");
      break;
    case MIMO_MARKDOWN_STYLE_STRIKETHROUGH:
      g_string_append (w->out, "<del>");
      break;
    case MIMO_MARKDOWN_STYLE_CODE:
      g_string_append (w->out, "<code>");
      break;
    case MIMO_MARKDOWN_STYLE_LINK:
      g_string_append (w->out, "<a href=\"");
      append_escaped (w->out, run->url, strlen (run->url), FALSE);
      g_string_append (w->out, "\">");
      break;
    case MIMO_MARKDOWN_STYLE_CITATION:
    default:
      source = lookup (w->references, run->citation);
      g_string_append (w->out, "<a class=\"citation\" href=\"");
      if (run->url != NULL)
        append_escaped (w->out, run->url, strlen (run->url), FALSE);
      else if (source != NULL && mimo_citation_url_is_openable (source->url, FALSE))
        append_escaped (w->out, source->url, strlen (source->url), FALSE);
      else
        g_string_append_printf (w->out, "#ref-%u", run->citation);
      g_string_append_c (w->out, '"');
      if (source != NULL && (source->title != NULL || source->domain != NULL))
        {
          const char *hint = source->title != NULL ? source->title : source->domain;

          g_string_append (w->out, " title=\"");
          append_escaped (w->out, hint, strlen (hint), FALSE);
          g_string_append_c (w->out, '"');
        }
      g_string_append_c (w->out, '>');
      break;
    }
}

static const char *
close_tag (MimoMarkdownStyle style)
{
  static const char *const tags[] = { "</strong>", "</em>", "</del>", "</code>", "</a>", "</a>" };

  return tags[style];
}

static void
write_inline (Writer            *w,
              MimoMarkdownBlock *block)
{
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (MimoMarkdownRun));
  guint              pos = 0;

  for (guint i = 0; i <= block->n_runs; i++)
    {
      MimoMarkdownRun run;
      guint           until = i < block->n_runs ? block->runs[i].start : block->text_length;

      while (stack->len > 0 && g_array_index (stack, MimoMarkdownRun, stack->len - 1).end <= until)
        {
          const MimoMarkdownRun *top = &g_array_index (stack, MimoMarkdownRun, stack->len - 1);

          append_escaped (w->out, block->text + pos, top->end - pos, TRUE);
          pos = top->end;
          g_string_append (w->out, close_tag (top->style));
          g_array_set_size (stack, stack->len - 1);
        }
      append_escaped (w->out, block->text + pos, until - pos, TRUE);
      pos = until;

      if (i == block->n_runs)
        break;

      run = block->runs[i];
      if (stack->len > 0)
        run.end = MIN (run.end, g_array_index (stack, MimoMarkdownRun, stack->len - 1).end);
      if (run.end <= run.start)
        continue;
      open_run (w, &run);
      g_array_append_val (stack, run);
    }
}

static void write_block (Writer            *w,
                         MimoMarkdownBlock *block,
                         gboolean           tight);

static void
write_children (Writer            *w,
                MimoMarkdownBlock *block,
                gboolean           tight)
{
  for (guint i = 0; i < mimo_markdown_block_get_n_children (block); i++)
    write_block (w, g_ptr_array_index (block->children, i), tight);
}

static void
write_references (Writer            *w,
                  MimoMarkdownBlock *block)
{
  g_string_append (w->out, "<section class=\"references\">\n<h2>");
  if (block->text_length > 0)
    append_escaped (w->out, block->text, block->text_length, FALSE);
  else
    g_string_append (w->out, _ ("References"));
  g_string_append (w->out, "</h2>\n<ol>\n");

  for (guint i = 0; i < mimo_markdown_block_get_n_sources (block); i++)
    {
      const MimoCitationSource *source = mimo_markdown_block_get_source (block, i);
      const char               *label = source->title != NULL ? source->title : source->domain != NULL ? source->domain
                                                                                                       : source->url;
      gboolean                  link = mimo_citation_url_is_openable (source->url, FALSE);

      g_string_append_printf (w->out, "<li id=\"ref-%u\" value=\"%u\">", source->number, source->number);
      if (link)
        {
          g_string_append (w->out, "<a href=\"");
          append_escaped (w->out, source->url, strlen (source->url), FALSE);
          g_string_append (w->out, "\">");
        }
      if (label != NULL)
        append_escaped (w->out, label, strlen (label), FALSE);
      if (link)
        g_string_append (w->out, "</a>");
      if (source->domain != NULL && label != source->domain)
        {
          g_string_append (w->out, " <span class=\"domain\">");
          append_escaped (w->out, source->domain, strlen (source->domain), FALSE);
          g_string_append (w->out, "</span>");
        }
      g_string_append (w->out, "</li>\n");
    }
  g_string_append (w->out, "</ol>\n</section>\n");
}

static void
write_table (Writer            *w,
             MimoMarkdownBlock *table)
{
  static const char *const aligns[] = { "", " style=\"text-align: left\"", " style=\"text-align: center\"", " style=\"text-align: right\"" };
  gboolean                 in_body = FALSE;

  g_string_append (w->out, "<table>\n");
  for (guint r = 0; r < mimo_markdown_block_get_n_children (table); r++)
    {
      MimoMarkdownBlock *row = g_ptr_array_index (table->children, r);
      const char        *cell_tag = row->header ? "th" : "td";

      if (r == 0 && row->header)
        g_string_append (w->out, "<thead>\n");
      else if (!in_body)
        {
          g_string_append (w->out, "<tbody>\n");
          in_body = TRUE;
        }

      g_string_append (w->out, "<tr>");
      for (guint c = 0; c < mimo_markdown_block_get_n_children (row); c++)
        {
          g_string_append_printf (w->out, "<%s%s>", cell_tag, aligns[mimo_markdown_block_get_column_align (table, c)]);
          write_inline (w, g_ptr_array_index (row->children, c));
          g_string_append_printf (w->out, "</%s>", cell_tag);
        }
      g_string_append (w->out, "</tr>\n");

      if (r == 0 && row->header)
        g_string_append (w->out, "</thead>\n");
    }
  if (in_body)
    g_string_append (w->out, "</tbody>\n");
  g_string_append (w->out, "</table>\n");
}

static void
write_block (Writer            *w,
             MimoMarkdownBlock *block,
             gboolean           tight)
{
  switch (block->type)
    {
    case MIMO_MARKDOWN_BLOCK_PARAGRAPH:
      if (!tight)
        g_string_append (w->out, "<p>");
      write_inline (w, block);
      g_string_append (w->out, tight ? "\n" : "</p>\n");
      break;
    case MIMO_MARKDOWN_BLOCK_HEADING:
      g_string_append_printf (w->out, "<h%u>", block->number);
      write_inline (w, block);
      g_string_append_printf (w->out, "</h%u>\n", block->number);
      break;
    case MIMO_MARKDOWN_BLOCK_BULLET_LIST:
      g_string_append (w->out, "<ul>\n");
      write_children (w, block, block->tight);
      g_string_append (w->out, "</ul>\n");
      break;
    case MIMO_MARKDOWN_BLOCK_ORDERED_LIST:
      if (block->number != 1)
        g_string_append_printf (w->out, "<ol start=\"%u\">\n", block->number);
      else
        g_string_append (w->out, "<ol>\n");
      write_children (w, block, block->tight);
      g_string_append (w->out, "</ol>\n");
      break;
    case MIMO_MARKDOWN_BLOCK_LIST_ITEM:
      if (block->task != MIMO_MARKDOWN_TASK_NONE)
        g_string_append_printf (w->out, "<li class=\"task\"><input type=\"checkbox\" disabled=\"disabled\"%s/> ", block->task == MIMO_MARKDOWN_TASK_CHECKED ? " checked=\"checked\"" : "");
      else
        g_string_append (w->out, "<li>");
      write_children (w, block, tight);
      g_string_append (w->out, "</li>\n");
      break;
    case MIMO_MARKDOWN_BLOCK_QUOTE:
      g_string_append (w->out, "<blockquote>\n");
      write_children (w, block, FALSE);
      g_string_append (w->out, "</blockquote>\n");
      break;
    case MIMO_MARKDOWN_BLOCK_CODE:
      g_string_append (w->out, "<pre><code");
      if (block->language != NULL)
        {
          g_string_append (w->out, " class=\"language-");
          append_escaped (w->out, block->language, strlen (block->language), FALSE);
          g_string_append_c (w->out, '"');
        }
      g_string_append_c (w->out, '>');
      append_escaped (w->out, block->text, block->text_length, FALSE);
      g_string_append (w->out, "</code></pre>\n");
      break;
    case MIMO_MARKDOWN_BLOCK_TABLE:
      write_table (w, block);
      break;
    case MIMO_MARKDOWN_BLOCK_THEMATIC_BREAK:
      g_string_append (w->out, "<hr/>\n");
      break;
    case MIMO_MARKDOWN_BLOCK_REFERENCES:
      write_references (w, block);
      break;
    case MIMO_MARKDOWN_BLOCK_TABLE_ROW:
    case MIMO_MARKDOWN_BLOCK_TABLE_CELL:
    default:
      write_inline (w, block);
      break;
    }
}

char *
mimo_markdown_export_html_fragment (GListModel *blocks)
{
  Writer w = { g_string_new (NULL), NULL };
  guint  n;

  g_return_val_if_fail (G_IS_LIST_MODEL (blocks), NULL);

  w.references = find_references (blocks);
  n = g_list_model_get_n_items (blocks);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MimoMarkdownBlock) block = g_list_model_get_item (blocks, i);

      write_block (&w, block, FALSE);
    }
  g_clear_object (&w.references);
  return g_string_free (w.out, FALSE);
}

char *
mimo_markdown_export_html (GListModel *blocks,
                           const char *title)
{
  g_autofree char *body = NULL;
  g_autofree char *first_heading = NULL;
  GString         *out;

  g_return_val_if_fail (G_IS_LIST_MODEL (blocks), NULL);

  for (guint i = 0; title == NULL && i < g_list_model_get_n_items (blocks); i++)
    {
      g_autoptr (MimoMarkdownBlock) block = g_list_model_get_item (blocks, i);

      if (block->type == MIMO_MARKDOWN_BLOCK_HEADING && block->text_length > 0)
        title = first_heading = g_strdup (block->text);
    }
  if (title == NULL)
    title = _ ("Document");

  body = mimo_markdown_export_html_fragment (blocks);
  out = g_string_new ("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n"
                      "<meta charset=\"utf-8\"/>\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                      "<meta name=\"generator\" content=\"Mimo Chat\"/>\n<title>");
  append_escaped (out, title, strlen (title), FALSE);
  g_string_append_printf (out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n%s</body>\n</html>\n", style_sheet, body);
  return g_string_free (out, FALSE);
}

/* Plain text: each block renders to lines, which its container then
 * prefixes (a bullet on the first line, indentation on the rest). */
static void text_block (GString           *out,
                        MimoMarkdownBlock *block,
                        gboolean           tight);

static void
prefix_lines (GString    *out,
              const char *text,
              const char *first,
              const char *rest,
              const char *blank)
{
  const char *line = text;
  gboolean    is_first = TRUE;

  while (*line != '\0')
    {
      const char *nl = strchr (line, '\n');
      gsize       length = nl != NULL ? (gsize) (nl - line) : strlen (line);

      g_string_append (out, is_first ? first : length > 0 ? rest
                                                          : blank);
      g_string_append_len (out, line, length);
      g_string_append_c (out, '\n');
      is_first = FALSE;
      line += length + (nl != NULL ? 1 : 0);
    }
}

static void
text_children (GString           *out,
               MimoMarkdownBlock *block,
               gboolean           tight)
{
  for (guint i = 0; i < mimo_markdown_block_get_n_children (block); i++)
    {
      if (i > 0 && !tight)
        g_string_append_c (out, '\n');
      text_block (out, g_ptr_array_index (block->children, i), tight);
    }
}

static void
text_block (GString           *out,
            MimoMarkdownBlock *block,
            gboolean           tight)
{
  switch (block->type)
    {
    case MIMO_MARKDOWN_BLOCK_BULLET_LIST:
    case MIMO_MARKDOWN_BLOCK_ORDERED_LIST:
      for (guint i = 0; i < mimo_markdown_block_get_n_children (block); i++)
        {
          MimoMarkdownBlock  *item = g_ptr_array_index (block->children, i);
          g_autoptr (GString) inner = g_string_new (NULL);
          g_autofree char    *marker = NULL;
          g_autofree char    *indent = NULL;

          if (i > 0 && !block->tight)
            g_string_append_c (out, '\n');
          if (block->type == MIMO_MARKDOWN_BLOCK_ORDERED_LIST)
            marker = g_strdup_printf ("%u. ", block->number + i);
          else
            marker = g_strdup ("• ");
          text_children (inner, item, block->tight);
          indent = g_strnfill (g_utf8_strlen (marker, -1), ' ');
          if (item->task != MIMO_MARKDOWN_TASK_NONE)
            g_string_prepend (inner, item->task == MIMO_MARKDOWN_TASK_CHECKED ? "☑ " : "☐ ");
          prefix_lines (out, inner->str, marker, indent, "");
        }
      break;
    case MIMO_MARKDOWN_BLOCK_QUOTE:
      {
        g_autoptr (GString) inner = g_string_new (NULL);

        text_children (inner, block, FALSE);
        prefix_lines (out, inner->str, "> ", "> ", ">");
      }
      break;
    case MIMO_MARKDOWN_BLOCK_TABLE:
      for (guint r = 0; r < mimo_markdown_block_get_n_children (block); r++)
        {
          MimoMarkdownBlock *row = g_ptr_array_index (block->children, r);

          for (guint c = 0; c < mimo_markdown_block_get_n_children (row); c++)
            {
              MimoMarkdownBlock *cell = g_ptr_array_index (row->children, c);

              if (c > 0)
                g_string_append_c (out, '\t');
              g_string_append_len (out, cell->text, cell->text_length);
            }
          g_string_append_c (out, '\n');
        }
      break;
    case MIMO_MARKDOWN_BLOCK_THEMATIC_BREAK:
      g_string_append (out, "──────────\n");
      break;
    case MIMO_MARKDOWN_BLOCK_CODE:
      g_string_append_len (out, block->text, block->text_length);
      if (block->text_length == 0 || block->text[block->text_length - 1] != '\n')
        g_string_append_c (out, '\n');
      break;
    case MIMO_MARKDOWN_BLOCK_REFERENCES:
      g_string_append (out, block->text_length > 0 ? block->text : _ ("References"));
      g_string_append (out, "\n\n");
      for (guint i = 0; i < mimo_markdown_block_get_n_sources (block); i++)
        {
          const MimoCitationSource *source = mimo_markdown_block_get_source (block, i);

          g_string_append_printf (out, "%u. %s", source->number, source->title != NULL ? source->title : source->domain != NULL ? source->domain
                                                                                                                                : "");
          if (source->url != NULL)
            g_string_append_printf (out, "%s%s", source->title != NULL || source->domain != NULL ? " — " : "", source->url);
          g_string_append_c (out, '\n');
        }
      break;
    case MIMO_MARKDOWN_BLOCK_PARAGRAPH:
    case MIMO_MARKDOWN_BLOCK_HEADING:
    case MIMO_MARKDOWN_BLOCK_TABLE_CELL:
    case MIMO_MARKDOWN_BLOCK_TABLE_ROW:
    case MIMO_MARKDOWN_BLOCK_LIST_ITEM:
    default:
      g_string_append_len (out, block->text, block->text_length);
      g_string_append_c (out, '\n');
      text_children (out, block, tight);
      break;
    }
}

char *
mimo_markdown_export_text (GListModel *blocks)
{
  GString *out = g_string_new (NULL);
  guint    n;

  g_return_val_if_fail (G_IS_LIST_MODEL (blocks), NULL);

  n = g_list_model_get_n_items (blocks);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (MimoMarkdownBlock) block = g_list_model_get_item (blocks, i);

      if (i > 0)
        g_string_append_c (out, '\n');
      text_block (out, block, FALSE);
    }
  return g_string_free (out, FALSE);
}
