/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-print.c: a draft laid out on pages with Pango, for printing and PDF export. */

#define G_LOG_DOMAIN "mimo-draft-print"

#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>

#include "mimo-draft-print-private.h"
#include "mimo-draft-print.h"

/* ----------------------------------------------------------- drawing -- */

/* A clickable area in the PDF (other printers ignore it). */
static void
add_link (cairo_t    *cr,
          const char *uri,
          double      x,
          double      y,
          double      width,
          double      height)
{
  g_autoptr (GString) attrs = g_string_new (NULL);
  g_autofree char    *ascii = NULL;
  double              x0 = x, y0 = y, x1 = x + width, y1 = y + height;

  /* Cairo takes the area in device space, whatever the transformation,
   * and only ASCII addresses (an error would stop all drawing). */
  ascii = g_uri_escape_string (uri, "!#$&'()*+,/:;=?@[]~%", FALSE);
  cairo_user_to_device (cr, &x0, &y0);
  cairo_user_to_device (cr, &x1, &y1);
  g_string_append_printf (attrs, "rect=[%.2f %.2f %.2f %.2f] uri='", x0, y0, x1 - x0, y1 - y0);
  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (attrs, '\\');
      g_string_append_c (attrs, *p);
    }
  g_string_append_c (attrs, '\'');
  cairo_tag_begin (cr, CAIRO_TAG_LINK, attrs->str);
  cairo_tag_end (cr, CAIRO_TAG_LINK);
}

static void
draw_links (cairo_t              *cr,
            const MimoPrintSlice *slice,
            double                origin)
{
  MimoPrintItem *item = slice->item;

  for (guint l = slice->first; l < slice->first + slice->n; l++)
    {
      PangoLayoutLine     *line = pango_layout_get_line_readonly (item->layout, l);
      const MimoPrintLine *box = &g_array_index (item->lines, MimoPrintLine, l);

      for (guint k = 0; k < item->links->len; k++)
        {
          const MimoPrintLink *span = &g_array_index (item->links, MimoPrintLink, k);
          int                  start = MAX (span->start, line->start_index);
          int                  end = MIN (span->end, line->start_index + line->length);
          int                 *ranges = NULL;
          int                  n_ranges = 0;

          if (start >= end)
            continue;
          pango_layout_line_get_x_ranges (line, start, end, &ranges, &n_ranges);
          for (int r = 0; r < n_ranges; r++)
            add_link (cr, span->uri, item->x + (double) ranges[2 * r] / PANGO_SCALE, origin + box->top,
                      (double) (ranges[2 * r + 1] - ranges[2 * r]) / PANGO_SCALE, box->height);
          g_free (ranges);
        }
    }
}

static void
draw_slice (MimoPrintJob         *job,
            cairo_t              *cr,
            const MimoPrintSlice *slice)
{
  MimoPrintItem *item = slice->item;
  double         top = slice->y;
  double         height = item->height;
  double         origin = slice->y;

  if (item->kind == MIMO_PRINT_ITEM_TEXT)
    {
      const MimoPrintLine *first = &g_array_index (item->lines, MimoPrintLine, slice->first);
      const MimoPrintLine *last = &g_array_index (item->lines, MimoPrintLine, slice->first + slice->n - 1);

      origin = slice->y - first->top;
      height = last->top + last->height - first->top;
    }

  cairo_set_source_rgb (cr, 0.80, 0.80, 0.82);
  for (guint b = 0; b < item->n_bars; b++)
    {
      cairo_rectangle (cr, item->bars[b], top, 2.5, height);
      cairo_fill (cr);
    }

  switch (item->kind)
    {
    case MIMO_PRINT_ITEM_RULE:
      cairo_set_source_rgb (cr, 0.78, 0.78, 0.78);
      cairo_rectangle (cr, item->x, top + height / 2, job->width - item->x, 0.75);
      cairo_fill (cr);
      break;

    case MIMO_PRINT_ITEM_ROW:
      {
        double column = (job->width - item->x) / MAX (item->cells->len, 1);

        if (item->header_row)
          {
            cairo_set_source_rgb (cr, 0.94, 0.94, 0.95);
            cairo_rectangle (cr, item->x, top, job->width - item->x, height);
            cairo_fill (cr);
          }
        cairo_set_source_rgb (cr, 0.12, 0.12, 0.14);
        for (guint c = 0; c < item->cells->len; c++)
          {
            cairo_move_to (cr, item->x + c * column + MIMO_PRINT_CELL_PAD, top + MIMO_PRINT_CELL_PAD);
            pango_cairo_show_layout (cr, g_ptr_array_index (item->cells, c));
          }
        cairo_set_source_rgb (cr, 0.80, 0.80, 0.82);
        cairo_rectangle (cr, item->x, top + height - 0.5, job->width - item->x, 0.5);
        cairo_fill (cr);
      }
      break;

    case MIMO_PRINT_ITEM_TEXT:
      if (item->code)
        {
          cairo_set_source_rgb (cr, 0.95, 0.95, 0.96);
          cairo_rectangle (cr, item->x - 6, top - 4, job->width - item->x + 6, height + 8);
          cairo_fill (cr);
        }
      cairo_set_source_rgb (cr, 0.12, 0.12, 0.14);
      if (item->marker != NULL && slice->first == 0)
        {
          int marker_width;

          pango_layout_get_size (item->marker, &marker_width, NULL);
          cairo_move_to (cr, item->x - MIMO_PRINT_MARKER_GAP - (double) marker_width / PANGO_SCALE,
                         origin + g_array_index (item->lines, MimoPrintLine, 0).baseline);
          pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (item->marker, 0));
        }
      for (guint l = slice->first; l < slice->first + slice->n; l++)
        {
          const MimoPrintLine *box = &g_array_index (item->lines, MimoPrintLine, l);

          cairo_move_to (cr, item->x + box->x, origin + box->baseline);
          pango_cairo_show_layout_line (cr, pango_layout_get_line_readonly (item->layout, l));
        }
      draw_links (cr, slice, origin);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                MimoPrintJob      *job)
{
  _mimo_draft_print_layout (job, context);
  gtk_print_operation_set_n_pages (operation, job->pages->len);

  {
    cairo_surface_t *surface = cairo_get_target (gtk_print_context_get_cairo_context (context));

    if (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_PDF)
      {
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, job->title);
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Mimo Chat");
      }
  }
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              MimoPrintJob      *job)
{
  cairo_t                *cr = gtk_print_context_get_cairo_context (context);
  GArray                 *page = g_ptr_array_index (job->pages, page_nr);
  g_autoptr (PangoLayout) footer = NULL;
  g_autofree char        *number = NULL;
  int                     footer_width;

  for (guint i = 0; i < page->len; i++)
    draw_slice (job, cr, &g_array_index (page, MimoPrintSlice, i));

  if (job->pages->len < 2)
    return;
  /* Translators: the page number at the foot of a printed draft: "2 / 5". */
  number = g_strdup_printf (_ ("%d / %u"), page_nr + 1, job->pages->len);
  footer = _mimo_draft_print_new_layout (context, MIMO_PRINT_SMALL_FONT, job->width);
  pango_layout_set_width (footer, -1);
  pango_layout_set_text (footer, number, -1);
  pango_layout_get_size (footer, &footer_width, NULL);
  cairo_set_source_rgb (cr, 0.45, 0.45, 0.48);
  cairo_move_to (cr, (job->width - (double) footer_width / PANGO_SCALE) / 2, job->height + MIMO_PRINT_FOOTER - 12);
  pango_cairo_show_layout (cr, footer);
}

GtkPrintOperation *
mimo_draft_print_new (const char *draft,
                      const char *title)
{
  GtkPrintOperation       *operation;
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  MimoPrintJob            *job;

  g_return_val_if_fail (draft != NULL, NULL);

  job = g_new0 (MimoPrintJob, 1);
  job->draft = g_strdup (draft);
  job->title = g_strdup (title != NULL ? title : _ ("Draft"));
  job->document = mimo_markdown_document_new_for_text (job->draft, -1);

  /* The paper is the locale's default; the margins leave room to read. */
  gtk_page_setup_set_top_margin (setup, 22, GTK_UNIT_MM);
  gtk_page_setup_set_bottom_margin (setup, 16, GTK_UNIT_MM);
  gtk_page_setup_set_left_margin (setup, 22, GTK_UNIT_MM);
  gtk_page_setup_set_right_margin (setup, 22, GTK_UNIT_MM);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_job_name (operation, job->title);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_object_set_data_full (G_OBJECT (operation), "mimo-draft-print-job", job, (GDestroyNotify) _mimo_draft_print_job_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), job);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  return operation;
}

gboolean
mimo_draft_print_to_pdf (const char *draft,
                         const char *title,
                         const char *path,
                         GError    **error)
{
  g_autoptr (GtkPrintOperation) operation = NULL;
  g_autoptr (GError)            local_error = NULL;
  GtkPrintOperationResult       result;

  g_return_val_if_fail (draft != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  operation = mimo_draft_print_new (draft, title);
  gtk_print_operation_set_export_filename (operation, path);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &local_error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                   local_error != NULL ? local_error->message : _ ("The PDF could not be written"));
      return FALSE;
    }
  return TRUE;
}
