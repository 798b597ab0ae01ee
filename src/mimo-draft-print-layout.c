/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-print-layout.c: the printed draft's blocks as Pango layouts, and how they fall on pages. */

#define G_LOG_DOMAIN "mimo-draft-print"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mimo-citations.h"
#include "mimo-draft-print-private.h"

/* Where a block goes: its left edge and the quotes around it. */
typedef struct
{
  double   x;
  double   bars[MIMO_PRINT_MAX_QUOTES];
  guint    n_bars;
  gboolean quote;
} Place;

static void
link_span_clear (gpointer data)
{
  g_free (((MimoPrintLink *) data)->uri);
}

static void
item_free (gpointer data)
{
  MimoPrintItem *item = data;

  g_clear_object (&item->layout);
  g_clear_object (&item->marker);
  g_clear_pointer (&item->cells, g_ptr_array_unref);
  g_clear_pointer (&item->lines, g_array_unref);
  g_clear_pointer (&item->links, g_array_unref);
  g_free (item);
}

void
_mimo_draft_print_job_free (MimoPrintJob *job)
{
  g_free (job->draft);
  g_free (job->title);
  g_clear_object (&job->document);
  g_clear_pointer (&job->items, g_ptr_array_unref);
  g_clear_pointer (&job->pages, g_ptr_array_unref);
  g_free (job);
}
/* ------------------------------------------------------------ layout -- */

PangoLayout *
_mimo_draft_print_new_layout (GtkPrintContext *context,
                              const char      *font,
                              double           width)
{
  PangoLayout                     *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr (PangoFontDescription) description = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, description);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) (MAX (width, 24.0) * PANGO_SCALE));
  pango_layout_set_line_spacing (layout, MIMO_PRINT_LINE_FACTOR);
  return layout;
}

static void
insert_attr (PangoAttrList  *list,
             PangoAttribute *attr,
             guint           start,
             guint           end)
{
  attr->start_index = start;
  attr->end_index = end;
  pango_attr_list_insert (list, attr);
}

/* Inline styles as Pango attributes; links and citations keep their
 * address for the PDF. */
static PangoAttrList *
attrs_for_block (MimoPrintJob      *job,
                 MimoMarkdownBlock *block,
                 MimoPrintItem     *item)
{
  PangoAttrList         *list = pango_attr_list_new ();
  guint                  n_runs;
  const MimoMarkdownRun *runs = mimo_markdown_block_get_runs (block, &n_runs);

  for (guint i = 0; i < n_runs; i++)
    {
      const MimoMarkdownRun *run = &runs[i];
      const char            *uri = NULL;

      switch (run->style)
        {
        case MIMO_MARKDOWN_STYLE_BOLD:
          insert_attr (list, pango_attr_weight_new (PANGO_WEIGHT_BOLD), run->start, run->end);
          break;

        case MIMO_MARKDOWN_STYLE_ITALIC:
          insert_attr (list, pango_attr_style_new (PANGO_STYLE_ITALIC), run->start, run->end);
          break;

        case MIMO_MARKDOWN_STYLE_STRIKETHROUGH:
          insert_attr (list, pango_attr_strikethrough_new (TRUE), run->start, run->end);
          break;

        case MIMO_MARKDOWN_STYLE_CODE:
          insert_attr (list, pango_attr_family_new ("Monospace"), run->start, run->end);
          insert_attr (list, pango_attr_scale_new (0.9), run->start, run->end);
          insert_attr (list, pango_attr_background_new (0xeded, 0xeded, 0xeded), run->start, run->end);
          break;

        case MIMO_MARKDOWN_STYLE_LINK:
          uri = run->url;
          insert_attr (list, pango_attr_foreground_new (0x1a1a, 0x5f5f, 0xb4b4), run->start, run->end);
          insert_attr (list, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE), run->start, run->end);
          break;

        case MIMO_MARKDOWN_STYLE_CITATION:
          uri = mimo_markdown_document_get_citation_url (job->document, run);
          insert_attr (list, pango_attr_foreground_new (0x1a1a, 0x5f5f, 0xb4b4), run->start, run->end);
          insert_attr (list, pango_attr_scale_new (0.8), run->start, run->end);
          insert_attr (list, pango_attr_rise_new (3 * PANGO_SCALE), run->start, run->end);
          break;

        default:
          break;
        }

      if (uri != NULL && mimo_citation_url_is_openable (uri, TRUE))
        {
          MimoPrintLink span = { run->start, run->end, g_strdup (uri) };

          g_array_append_val (item->links, span);
        }
    }

  return list;
}

static void
measure_lines (MimoPrintItem *item)
{
  PangoLayoutIter *iter = pango_layout_get_iter (item->layout);

  do
    {
      PangoRectangle logical;
      MimoPrintLine  box;
      int            y0, y1;

      pango_layout_iter_get_line_yrange (iter, &y0, &y1);
      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      box.top = (double) y0 / PANGO_SCALE;
      box.height = (double) (y1 - y0) / PANGO_SCALE;
      box.baseline = (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      box.x = (double) logical.x / PANGO_SCALE;
      g_array_append_val (item->lines, box);
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static MimoPrintItem *
add_item (MimoPrintJob     *job,
          MimoPrintItemKind kind,
          const Place      *place,
          double            space_before)
{
  MimoPrintItem *item = g_new0 (MimoPrintItem, 1);

  item->kind = kind;
  item->x = place->x;
  item->space_before = space_before;
  item->n_bars = place->n_bars;
  memcpy (item->bars, place->bars, sizeof item->bars);
  g_ptr_array_add (job->items, item);
  return item;
}

static MimoPrintItem *
add_text (MimoPrintJob    *job,
          GtkPrintContext *context,
          const Place     *place,
          double           space_before,
          const char      *font,
          const char      *text,
          PangoAttrList   *attrs,
          const char      *marker)
{
  MimoPrintItem *item = add_item (job, MIMO_PRINT_ITEM_TEXT, place, space_before);

  item->lines = g_array_new (FALSE, FALSE, sizeof (MimoPrintLine));
  item->links = g_array_new (FALSE, FALSE, sizeof (MimoPrintLink));
  g_array_set_clear_func (item->links, link_span_clear);
  item->layout = _mimo_draft_print_new_layout (context, font, job->width - place->x);
  pango_layout_set_text (item->layout, text, -1);
  if (attrs != NULL)
    pango_layout_set_attributes (item->layout, attrs);
  if (marker != NULL)
    {
      item->marker = _mimo_draft_print_new_layout (context, font, MIMO_PRINT_INDENT);
      pango_layout_set_width (item->marker, -1);
      pango_layout_set_text (item->marker, marker, -1);
    }
  measure_lines (item);
  return item;
}

/* Paragraphs, headings and cells: the block's inline text. */
static MimoPrintItem *
add_inline (MimoPrintJob      *job,
            GtkPrintContext   *context,
            const Place       *place,
            double             space_before,
            const char        *font,
            MimoMarkdownBlock *block,
            const char        *marker)
{
  MimoPrintItem            *item;
  g_autoptr (PangoAttrList) attrs = NULL;
  const char               *text = mimo_markdown_block_get_text (block, NULL);

  item = add_text (job, context, place, space_before, font, text, NULL, marker);
  attrs = attrs_for_block (job, block, item);
  if (place->quote)
    {
      PangoAttribute *grey = pango_attr_foreground_new (0x5e5e, 0x5c5c, 0x6464);

      /* Before the links' colour, which wins over it. */
      grey->start_index = 0;
      grey->end_index = G_MAXUINT;
      pango_attr_list_insert_before (attrs, grey);
    }
  pango_layout_set_attributes (item->layout, attrs);
  g_array_set_size (item->lines, 0);
  measure_lines (item);
  return item;
}

static void add_block (MimoPrintJob      *job,
                       GtkPrintContext   *context,
                       MimoMarkdownBlock *block,
                       const Place       *place,
                       const char        *marker,
                       double             space_before);

static void
add_table (MimoPrintJob      *job,
           GtkPrintContext   *context,
           MimoMarkdownBlock *table,
           const Place       *place)
{
  guint  n_columns = MAX (mimo_markdown_block_get_n_columns (table), 1);
  double column = (job->width - place->x) / n_columns;

  for (guint r = 0; r < mimo_markdown_block_get_n_children (table); r++)
    {
      MimoMarkdownBlock *row = mimo_markdown_block_get_child (table, r);
      MimoPrintItem     *item = add_item (job, MIMO_PRINT_ITEM_ROW, place, r == 0 ? 10.0 : 0.0);

      item->header_row = mimo_markdown_block_get_header_row (row);
      /* A table's heads never end a page on their own. */
      item->keep_with_next = item->header_row;
      item->cells = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint c = 0; c < mimo_markdown_block_get_n_children (row) && c < n_columns; c++)
        {
          MimoMarkdownBlock          *cell = mimo_markdown_block_get_child (row, c);
          PangoLayout                *layout = _mimo_draft_print_new_layout (context, MIMO_PRINT_BODY_FONT, column - 2 * MIMO_PRINT_CELL_PAD);
          g_autoptr (PangoAttrList)   attrs = NULL;
          MimoPrintItem               scratch = { 0 };
          static const PangoAlignment aligns[] = { PANGO_ALIGN_LEFT, PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT };
          int                         height;

          scratch.links = g_array_new (FALSE, FALSE, sizeof (MimoPrintLink));
          g_array_set_clear_func (scratch.links, link_span_clear);
          pango_layout_set_text (layout, mimo_markdown_block_get_text (cell, NULL), -1);
          attrs = attrs_for_block (job, cell, &scratch);
          if (item->header_row)
            insert_attr (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD), 0, G_MAXUINT);
          pango_layout_set_attributes (layout, attrs);
          pango_layout_set_alignment (layout, aligns[mimo_markdown_block_get_column_align (table, c)]);
          g_array_unref (scratch.links);

          pango_layout_get_size (layout, NULL, &height);
          item->height = MAX (item->height, (double) height / PANGO_SCALE + 2 * MIMO_PRINT_CELL_PAD);
          g_ptr_array_add (item->cells, layout);
        }
    }
}

static void
add_references (MimoPrintJob      *job,
                GtkPrintContext   *context,
                MimoMarkdownBlock *block,
                const Place       *place)
{
  const char    *heading = mimo_markdown_block_get_text (block, NULL);
  Place          entries = *place;
  MimoPrintItem *item;

  item = add_text (job, context, place, 22.0, "Sans Bold 14",
                   heading[0] != '\0' ? heading : _ ("References"), NULL, NULL);
  item->keep_with_next = TRUE;

  entries.x += MIMO_PRINT_INDENT;
  for (guint i = 0; i < mimo_markdown_block_get_n_sources (block); i++)
    {
      const MimoCitationSource *source = mimo_markdown_block_get_source (block, i);
      g_autofree char          *marker = g_strdup_printf ("%u.", source->number);
      const char               *name = source->title != NULL ? source->title : source->domain;
      g_autoptr (GString)       text = g_string_new (NULL);
      g_autoptr (PangoAttrList) attrs = pango_attr_list_new ();
      guint                     url_start;

      if (name != NULL)
        g_string_append (text, name);
      if (source->url != NULL)
        {
          if (text->len > 0)
            g_string_append_c (text, '\n');
          url_start = text->len;
          g_string_append (text, source->url);
          insert_attr (attrs, pango_attr_foreground_new (0x1a1a, 0x5f5f, 0xb4b4), url_start, text->len);
          insert_attr (attrs, pango_attr_scale_new (0.85), url_start, text->len);
        }
      item = add_text (job, context, &entries, i == 0 ? 8.0 : 5.0, MIMO_PRINT_BODY_FONT, text->str, attrs, marker);
      if (source->url != NULL && mimo_citation_url_is_openable (source->url, TRUE))
        {
          MimoPrintLink span = { 0, text->len, g_strdup (source->url) };

          g_array_append_val (item->links, span);
        }
    }
}

static void
add_block (MimoPrintJob      *job,
           GtkPrintContext   *context,
           MimoMarkdownBlock *block,
           const Place       *place,
           const char        *marker,
           double             space_before)
{
  static const char *const heading_fonts[] = { "Sans Bold 20", "Sans Bold 15.5", "Sans Bold 13", "Sans Bold 11.5", "Sans Bold 10.5", "Sans Bold 10.5" };
  static const double      heading_space[] = { 20, 18, 14, 12, 10, 10 };
  MimoMarkdownBlockType    type = mimo_markdown_block_get_block_type (block);
  MimoPrintItem           *item;

  switch (type)
    {
    case MIMO_MARKDOWN_BLOCK_PARAGRAPH:
    case MIMO_MARKDOWN_BLOCK_TABLE_CELL:
      add_inline (job, context, place, space_before, MIMO_PRINT_BODY_FONT, block, marker);
      break;

    case MIMO_MARKDOWN_BLOCK_HEADING:
      {
        guint level = CLAMP (mimo_markdown_block_get_heading_level (block), 1, 6);

        item = add_inline (job, context, place, heading_space[level - 1], heading_fonts[level - 1], block, marker);
        item->keep_with_next = TRUE;
      }
      break;

    case MIMO_MARKDOWN_BLOCK_BULLET_LIST:
    case MIMO_MARKDOWN_BLOCK_ORDERED_LIST:
      {
        Place    inner = *place;
        gboolean tight = mimo_markdown_block_get_list_tight (block);

        inner.x += MIMO_PRINT_INDENT;
        for (guint i = 0; i < mimo_markdown_block_get_n_children (block); i++)
          {
            g_autofree char *number = NULL;
            const char      *bullet = place->x > 0 ? "◦" : "•";

            if (type == MIMO_MARKDOWN_BLOCK_ORDERED_LIST)
              bullet = number = g_strdup_printf ("%u.", mimo_markdown_block_get_list_start (block) + i);
            add_block (job, context, mimo_markdown_block_get_child (block, i), &inner, bullet,
                       i == 0 ? space_before : (tight ? 3.0 : 7.0));
          }
      }
      break;

    case MIMO_MARKDOWN_BLOCK_LIST_ITEM:
      {
        MimoMarkdownTask task = mimo_markdown_block_get_task (block);
        guint            n = mimo_markdown_block_get_n_children (block);

        if (task != MIMO_MARKDOWN_TASK_NONE)
          marker = task == MIMO_MARKDOWN_TASK_CHECKED ? "☑" : "☐";
        if (n == 0)
          add_text (job, context, place, space_before, MIMO_PRINT_BODY_FONT, "", NULL, marker);
        for (guint i = 0; i < n; i++)
          add_block (job, context, mimo_markdown_block_get_child (block, i), place,
                     i == 0 ? marker : NULL, i == 0 ? space_before : 5.0);
      }
      break;

    case MIMO_MARKDOWN_BLOCK_QUOTE:
      {
        Place inner = *place;

        if (inner.n_bars < MIMO_PRINT_MAX_QUOTES)
          inner.bars[inner.n_bars++] = place->x + 2;
        inner.x += MIMO_PRINT_QUOTE_STEP;
        inner.quote = TRUE;
        for (guint i = 0; i < mimo_markdown_block_get_n_children (block); i++)
          add_block (job, context, mimo_markdown_block_get_child (block, i), &inner, i == 0 ? marker : NULL,
                     i == 0 ? space_before : 6.0);
      }
      break;

    case MIMO_MARKDOWN_BLOCK_CODE:
      {
        gsize            length;
        const char      *code = mimo_markdown_block_get_text (block, &length);
        g_autofree char *trimmed = g_strndup (code, length > 0 && code[length - 1] == '\n' ? length - 1 : length);
        Place            inner = *place;

        inner.x += 6;
        item = add_text (job, context, &inner, space_before + 4, MIMO_PRINT_MONO_FONT, trimmed, NULL, NULL);
        pango_layout_set_width (item->layout, (int) ((job->width - inner.x - 6) * PANGO_SCALE));
        pango_layout_set_line_spacing (item->layout, 1.1);
        g_array_set_size (item->lines, 0);
        measure_lines (item);
        item->code = TRUE;
      }
      break;

    case MIMO_MARKDOWN_BLOCK_TABLE:
      add_table (job, context, block, place);
      break;

    case MIMO_MARKDOWN_BLOCK_THEMATIC_BREAK:
      item = add_item (job, MIMO_PRINT_ITEM_RULE, place, space_before);
      item->height = 14;
      break;

    case MIMO_MARKDOWN_BLOCK_REFERENCES:
      add_references (job, context, block, place);
      break;

    case MIMO_MARKDOWN_BLOCK_TABLE_ROW:
    default:
      break;
    }
}

/* -------------------------------------------------------- pagination -- */

static double
item_first_height (MimoPrintItem *item)
{
  if (item->kind == MIMO_PRINT_ITEM_TEXT)
    return g_array_index (item->lines, MimoPrintLine, 0).height;
  return item->height;
}

static double
item_total_height (MimoPrintItem *item)
{
  MimoPrintLine *last;

  if (item->kind != MIMO_PRINT_ITEM_TEXT)
    return item->height;
  last = &g_array_index (item->lines, MimoPrintLine, item->lines->len - 1);
  return last->top + last->height;
}

static void
paginate (MimoPrintJob *job)
{
  GArray *page = g_array_new (FALSE, FALSE, sizeof (MimoPrintSlice));
  double  y = 0;

  g_ptr_array_add (job->pages, page);
  for (guint i = 0; i < job->items->len; i++)
    {
      MimoPrintItem *item = g_ptr_array_index (job->items, i);
      double         space = y > 0 ? item->space_before : 0;
      double         need = space + (item->kind == MIMO_PRINT_ITEM_TEXT ? item_first_height (item) : item->height);

      /* A heading goes with the first line of what follows it. */
      if (item->keep_with_next && i + 1 < job->items->len)
        {
          MimoPrintItem *next = g_ptr_array_index (job->items, i + 1);

          need = space + item_total_height (item) + next->space_before + item_first_height (next);
        }
      if (y > 0 && y + need > job->height)
        {
          page = g_array_new (FALSE, FALSE, sizeof (MimoPrintSlice));
          g_ptr_array_add (job->pages, page);
          y = 0;
          space = 0;
        }
      y += space;

      if (item->kind != MIMO_PRINT_ITEM_TEXT)
        {
          MimoPrintSlice slice = { item, 0, 1, y };

          g_array_append_val (page, slice);
          y += item->height;
          continue;
        }

      for (guint line = 0; line < item->lines->len;)
        {
          MimoPrintSlice slice = { item, line, 0, y };

          /* Line by line while they fit; at least one a page, however tall. */
          while (line < item->lines->len)
            {
              double height = g_array_index (item->lines, MimoPrintLine, line).height;

              if (y + height > job->height && (slice.n > 0 || y > 0))
                break;
              y += height;
              line++;
              slice.n++;
            }
          if (slice.n > 0)
            g_array_append_val (page, slice);
          if (line < item->lines->len)
            {
              page = g_array_new (FALSE, FALSE, sizeof (MimoPrintSlice));
              g_ptr_array_add (job->pages, page);
              y = 0;
            }
        }
    }
}

void
_mimo_draft_print_layout (MimoPrintJob    *job,
                          GtkPrintContext *context)
{
  Place place = { 0 };

  job->width = gtk_print_context_get_width (context);
  job->height = gtk_print_context_get_height (context) - MIMO_PRINT_FOOTER;
  g_clear_pointer (&job->items, g_ptr_array_unref);
  g_clear_pointer (&job->pages, g_ptr_array_unref);
  job->items = g_ptr_array_new_with_free_func (item_free);
  job->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (job->document)); i++)
    {
      g_autoptr (MimoMarkdownBlock) block = g_list_model_get_item (G_LIST_MODEL (job->document), i);

      add_block (job, context, block, &place, NULL, i == 0 ? 0.0 : 9.0);
    }

  paginate (job);
}
