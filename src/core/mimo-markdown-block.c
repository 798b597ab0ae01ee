/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-block.c: an immutable block of the Markdown model, compared and dumped for tests. */

#define G_LOG_DOMAIN "mimo-markdown"

#include "config.h"

#include <string.h>

#include "mimo-citations-private.h"
#include "mimo-markdown-private.h"

/* Blocks have no properties: they never change after the builder made
 * them, so there is nothing to notify and nothing to set. */
G_DEFINE_FINAL_TYPE (MimoMarkdownBlock, mimo_markdown_block, G_TYPE_OBJECT)

static void
mimo_markdown_block_finalize (GObject *object)
{
  MimoMarkdownBlock *self = MIMO_MARKDOWN_BLOCK (object);

  for (guint i = 0; i < self->n_runs; i++)
    g_free ((char *) self->runs[i].url);
  g_free (self->runs);
  g_free (self->text);
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_free (self->language);
  g_free (self->aligns);
  g_clear_pointer (&self->sources, g_ptr_array_unref);

  G_OBJECT_CLASS (mimo_markdown_block_parent_class)->finalize (object);
}

static void
mimo_markdown_block_class_init (MimoMarkdownBlockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mimo_markdown_block_finalize;
}

static void
mimo_markdown_block_init (MimoMarkdownBlock *self)
{
}

MimoMarkdownBlock *
_mimo_markdown_block_new (MimoMarkdownBlockType type)
{
  MimoMarkdownBlock *self = g_object_new (MIMO_TYPE_MARKDOWN_BLOCK, NULL);

  self->type = type;
  self->text = g_strdup ("");
  return self;
}

MimoMarkdownBlock *
_mimo_markdown_references_block_new (const char *text,
                                     gsize       length)
{
  MimoMarkdownBlock *self = _mimo_markdown_block_new (MIMO_MARKDOWN_BLOCK_REFERENCES);
  g_autofree char   *heading = NULL;

  self->sources = _mimo_references_parse_section (text, length, &heading);
  if (heading != NULL && g_utf8_validate (heading, -1, NULL))
    {
      g_free (self->text);
      self->text = g_steal_pointer (&heading);
      self->text_length = strlen (self->text);
    }
  return self;
}

MimoMarkdownBlockType
mimo_markdown_block_get_block_type (MimoMarkdownBlock *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), MIMO_MARKDOWN_BLOCK_PARAGRAPH);

  return self->type;
}

guint
mimo_markdown_block_get_n_children (MimoMarkdownBlock *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), 0);

  return self->children != NULL ? self->children->len : 0;
}

MimoMarkdownBlock *
mimo_markdown_block_get_child (MimoMarkdownBlock *self,
                               guint              index)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), NULL);
  g_return_val_if_fail (index < mimo_markdown_block_get_n_children (self), NULL);

  return g_ptr_array_index (self->children, index);
}

const char *
mimo_markdown_block_get_text (MimoMarkdownBlock *self,
                              gsize             *length)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), NULL);

  if (length != NULL)
    *length = self->text_length;
  return self->text;
}

const MimoMarkdownRun *
mimo_markdown_block_get_runs (MimoMarkdownBlock *self,
                              guint             *n_runs)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), NULL);

  if (n_runs != NULL)
    *n_runs = self->n_runs;
  return self->runs;
}

guint
mimo_markdown_block_get_heading_level (MimoMarkdownBlock *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), 0);

  return self->type == MIMO_MARKDOWN_BLOCK_HEADING ? self->number : 0;
}

guint
mimo_markdown_block_get_list_start (MimoMarkdownBlock *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), 0);

  return self->type == MIMO_MARKDOWN_BLOCK_ORDERED_LIST ? self->number : 0;
}

gboolean
mimo_markdown_block_get_list_tight (MimoMarkdownBlock *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), FALSE);

  return self->tight;
}

MimoMarkdownTask
mimo_markdown_block_get_task (MimoMarkdownBlock *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), MIMO_MARKDOWN_TASK_NONE);

  return self->task;
}

const char *
mimo_markdown_block_get_code_language (MimoMarkdownBlock *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), NULL);

  return self->language;
}

gboolean
mimo_markdown_block_get_code_fenced (MimoMarkdownBlock *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), FALSE);

  return self->fenced;
}

guint
mimo_markdown_block_get_n_columns (MimoMarkdownBlock *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), 0);

  return self->type == MIMO_MARKDOWN_BLOCK_TABLE ? self->number : 0;
}

MimoMarkdownAlign
mimo_markdown_block_get_column_align (MimoMarkdownBlock *self,
                                      guint              column)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), MIMO_MARKDOWN_ALIGN_DEFAULT);

  if (self->aligns == NULL || column >= mimo_markdown_block_get_n_columns (self))
    return MIMO_MARKDOWN_ALIGN_DEFAULT;
  return self->aligns[column];
}

gboolean
mimo_markdown_block_get_header_row (MimoMarkdownBlock *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), FALSE);

  return self->header;
}

guint
mimo_markdown_block_get_n_sources (MimoMarkdownBlock *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), 0);

  return self->sources != NULL ? self->sources->len : 0;
}

const MimoCitationSource *
mimo_markdown_block_get_source (MimoMarkdownBlock *self,
                                guint              index)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), NULL);
  g_return_val_if_fail (index < mimo_markdown_block_get_n_sources (self), NULL);

  return g_ptr_array_index (self->sources, index);
}

gboolean
mimo_markdown_block_equal (MimoMarkdownBlock *a,
                           MimoMarkdownBlock *b)
{
  guint n_children;

  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (a), FALSE);
  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (b), FALSE);

  if (a == b)
    return TRUE;

  if (a->type != b->type || a->number != b->number || a->tight != b->tight || a->header != b->header || a->fenced != b->fenced || a->task != b->task || a->text_length != b->text_length || a->n_runs != b->n_runs || g_strcmp0 (a->language, b->language) != 0 || memcmp (a->text, b->text, a->text_length) != 0)
    return FALSE;

  for (guint i = 0; i < a->n_runs; i++)
    if (a->runs[i].style != b->runs[i].style || a->runs[i].start != b->runs[i].start || a->runs[i].end != b->runs[i].end || a->runs[i].citation != b->runs[i].citation || g_strcmp0 (a->runs[i].url, b->runs[i].url) != 0)
      return FALSE;

  if ((a->aligns == NULL) != (b->aligns == NULL) || (a->aligns != NULL && memcmp (a->aligns, b->aligns, a->number) != 0))
    return FALSE;

  if (mimo_markdown_block_get_n_sources (a) != mimo_markdown_block_get_n_sources (b))
    return FALSE;
  for (guint i = 0; i < mimo_markdown_block_get_n_sources (a); i++)
    if (!mimo_citation_source_equal (g_ptr_array_index (a->sources, i), g_ptr_array_index (b->sources, i)))
      return FALSE;

  n_children = mimo_markdown_block_get_n_children (a);
  if (n_children != mimo_markdown_block_get_n_children (b))
    return FALSE;
  for (guint i = 0; i < n_children; i++)
    if (!mimo_markdown_block_equal (g_ptr_array_index (a->children, i), g_ptr_array_index (b->children, i)))
      return FALSE;

  return TRUE;
}

const char *
mimo_markdown_block_type_to_string (MimoMarkdownBlockType type)
{
  static const char *const names[] = {
    "paragraph",
    "heading",
    "bullet-list",
    "ordered-list",
    "item",
    "quote",
    "code",
    "table",
    "row",
    "cell",
    "break",
    "references",
  };

  g_return_val_if_fail (type < G_N_ELEMENTS (names), "?");
  return names[type];
}

const char *
mimo_markdown_style_to_string (MimoMarkdownStyle style)
{
  static const char *const names[] = {
    "bold",
    "italic",
    "strike",
    "code",
    "link",
    "citation",
  };

  g_return_val_if_fail (style < G_N_ELEMENTS (names), "?");
  return names[style];
}

/* Like g_strescape() but leaves UTF-8 readable. */
static void
append_escaped (GString    *out,
                const char *text,
                gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      guchar c = text[i];

      if (c == '\\' || c == '"')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, c);
    }
}

static void
dump (MimoMarkdownBlock *self,
      GString           *out,
      guint              depth)
{
  static const char *const aligns[] = { "default", "left", "center", "right" };
  static const char *const tasks[] = { "", " task", " done" };

  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
  g_string_append (out, mimo_markdown_block_type_to_string (self->type));

  switch (self->type)
    {
    case MIMO_MARKDOWN_BLOCK_HEADING:
      g_string_append_printf (out, " %u", self->number);
      break;
    case MIMO_MARKDOWN_BLOCK_ORDERED_LIST:
      g_string_append_printf (out, " start=%u", self->number);
      G_GNUC_FALLTHROUGH;
    case MIMO_MARKDOWN_BLOCK_BULLET_LIST:
      g_string_append (out, self->tight ? " tight" : " loose");
      break;
    case MIMO_MARKDOWN_BLOCK_LIST_ITEM:
      g_string_append (out, tasks[self->task]);
      break;
    case MIMO_MARKDOWN_BLOCK_CODE:
      if (self->fenced)
        g_string_append (out, " fenced");
      if (self->language != NULL)
        g_string_append_printf (out, " lang=%s", self->language);
      break;
    case MIMO_MARKDOWN_BLOCK_TABLE:
      g_string_append_printf (out, " cols=%u", self->number);
      for (guint i = 0; i < self->number; i++)
        g_string_append_printf (out, "%c%s", i == 0 ? ' ' : ',', aligns[self->aligns[i]]);
      break;
    case MIMO_MARKDOWN_BLOCK_TABLE_ROW:
      if (self->header)
        g_string_append (out, " header");
      break;
    case MIMO_MARKDOWN_BLOCK_PARAGRAPH:
    case MIMO_MARKDOWN_BLOCK_QUOTE:
    case MIMO_MARKDOWN_BLOCK_TABLE_CELL:
    case MIMO_MARKDOWN_BLOCK_THEMATIC_BREAK:
    case MIMO_MARKDOWN_BLOCK_REFERENCES:
    default:
      break;
    }

  if (self->text_length > 0)
    {
      g_string_append (out, " \"");
      append_escaped (out, self->text, self->text_length);
      g_string_append_c (out, '"');
    }

  for (guint i = 0; i < self->n_runs; i++)
    {
      const MimoMarkdownRun *run = &self->runs[i];

      g_string_append_printf (out, " %s[%u,%u", mimo_markdown_style_to_string (run->style), run->start, run->end);
      if (run->citation > 0)
        g_string_append_printf (out, " %u", run->citation);
      if (run->url != NULL)
        g_string_append_printf (out, " %s", run->url);
      g_string_append_c (out, ')');
    }

  for (guint i = 0; i < mimo_markdown_block_get_n_sources (self); i++)
    {
      const MimoCitationSource *source = g_ptr_array_index (self->sources, i);

      g_string_append_printf (out, "\n%*s%u. %s | %s | %s", (int) (depth * 2 + 2), "", source->number, source->title != NULL ? source->title : "-", source->url != NULL ? source->url : "-", source->domain != NULL ? source->domain : "-");
    }

  g_string_append_c (out, '\n');
  for (guint i = 0; i < mimo_markdown_block_get_n_children (self); i++)
    dump (g_ptr_array_index (self->children, i), out, depth + 1);
}

char *
mimo_markdown_block_to_string (MimoMarkdownBlock *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (MIMO_IS_MARKDOWN_BLOCK (self), NULL);

  dump (self, out, 0);
  return g_string_free (out, FALSE);
}
