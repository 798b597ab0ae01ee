/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-blocks.c: one widget for each kind of Markdown block: paragraphs, headings, lists, quotes, tables, rules, References. */

#define G_LOG_DOMAIN "mimo-markdown-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mimo-markdown-view-private.h"

/* What a block widget shows, so the view can update it in place and knows
 * which widgets wait for the References to resolve a citation. */
static GQuark block_quark;
static GQuark unresolved_quark;

static void
ensure_quarks (void)
{
  if (block_quark == 0)
    {
      block_quark = g_quark_from_static_string ("mimo-markdown-block");
      unresolved_quark = g_quark_from_static_string ("mimo-markdown-unresolved");
    }
}

static GtkWidget *build_block (MimoMarkdownBlock    *block,
                               MimoMarkdownDocument *document,
                               guint                 depth,
                               gboolean             *unresolved);

static GtkWidget *
inline_label (MimoMarkdownBlock    *block,
              MimoMarkdownDocument *document,
              gboolean             *unresolved)
{
  gboolean         missing = FALSE;
  g_autofree char *markup = _mimo_markdown_inline_markup (block, document, &missing);

  *unresolved |= missing;
  return _mimo_markdown_label_new (markup);
}

static const char *
heading_class (guint level)
{
  /* An answer's "#" is a section, not a page title: one size down from
   * libadwaita's largest. */
  switch (level)
    {
    case 1:
      return "title-2";
    case 2:
      return "title-3";
    case 3:
      return "title-4";
    default:
      return "heading";
    }
}

static GtkWidget *
heading_new (MimoMarkdownBlock    *block,
             MimoMarkdownDocument *document,
             gboolean             *unresolved)
{
  guint            level = mimo_markdown_block_get_heading_level (block);
  gboolean         missing = FALSE;
  g_autofree char *markup = _mimo_markdown_inline_markup (block, document, &missing);
  GtkWidget       *label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, NULL);

  *unresolved |= missing;
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  g_signal_connect (label, "activate-link", G_CALLBACK (_mimo_markdown_activate_link_cb), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, (int) level, -1);
  gtk_widget_add_css_class (label, "mimo-md-heading");
  gtk_widget_add_css_class (label, heading_class (level));
  return label;
}

static const char *
bullet_for_depth (guint depth)
{
  static const char *const bullets[] = { "•", "◦", "▪" };

  return bullets[depth % G_N_ELEMENTS (bullets)];
}

static GtkWidget *
list_new (MimoMarkdownBlock    *block,
          MimoMarkdownDocument *document,
          guint                 depth,
          gboolean             *unresolved)
{
  gboolean   ordered = mimo_markdown_block_get_block_type (block) == MIMO_MARKDOWN_BLOCK_ORDERED_LIST;
  gboolean   tight = mimo_markdown_block_get_list_tight (block);
  guint      start = mimo_markdown_block_get_list_start (block);
  guint      n = mimo_markdown_block_get_n_children (block);
  GtkWidget *list = gtk_box_new (GTK_ORIENTATION_VERTICAL, tight ? 4 : 10);

  gtk_widget_add_css_class (list, "mimo-md-list");
  for (guint i = 0; i < n; i++)
    {
      MimoMarkdownBlock *item = mimo_markdown_block_get_child (block, i);
      MimoMarkdownTask   task = mimo_markdown_block_get_task (item);
      guint              n_children = mimo_markdown_block_get_n_children (item);
      GtkWidget         *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget         *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, tight ? 4 : 10);
      g_autofree char   *marker_text = NULL;
      GtkWidget         *marker;

      if (task != MIMO_MARKDOWN_TASK_NONE)
        marker_text = g_strdup (task == MIMO_MARKDOWN_TASK_CHECKED ? "☑" : "☐");
      else if (ordered)
        marker_text = g_strdup_printf ("%u.", start + i);
      else
        marker_text = g_strdup (bullet_for_depth (depth));

      marker = gtk_label_new (marker_text);
      gtk_label_set_xalign (GTK_LABEL (marker), 1);
      gtk_widget_set_valign (marker, GTK_ALIGN_START);
      gtk_widget_add_css_class (marker, "mimo-md-marker");
      if (task != MIMO_MARKDOWN_TASK_NONE)
        {
          gtk_widget_add_css_class (marker, "mimo-md-task");
          gtk_accessible_update_property (GTK_ACCESSIBLE (marker), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          task == MIMO_MARKDOWN_TASK_CHECKED ? _ ("Done") : _ ("Not done"), -1);
        }
      /* Numbers line up on their right edge, up to "99.". */
      gtk_label_set_width_chars (GTK_LABEL (marker), ordered ? 3 : 2);
      gtk_box_append (GTK_BOX (row), marker);

      gtk_widget_set_hexpand (content, TRUE);
      for (guint j = 0; j < n_children; j++)
        gtk_box_append (GTK_BOX (content), build_block (mimo_markdown_block_get_child (item, j), document, depth + 1, unresolved));
      gtk_box_append (GTK_BOX (row), content);
      gtk_box_append (GTK_BOX (list), row);
    }
  return list;
}

static GtkWidget *
quote_new (MimoMarkdownBlock    *block,
           MimoMarkdownDocument *document,
           guint                 depth,
           gboolean             *unresolved)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  guint      n = mimo_markdown_block_get_n_children (block);

  gtk_widget_add_css_class (box, "mimo-md-quote");
  for (guint i = 0; i < n; i++)
    gtk_box_append (GTK_BOX (box), build_block (mimo_markdown_block_get_child (block, i), document, depth, unresolved));
  return box;
}

static float
align_to_xalign (MimoMarkdownAlign align)
{
  switch (align)
    {
    case MIMO_MARKDOWN_ALIGN_CENTER:
      return 0.5f;
    case MIMO_MARKDOWN_ALIGN_RIGHT:
      return 1.0f;
    case MIMO_MARKDOWN_ALIGN_DEFAULT:
    case MIMO_MARKDOWN_ALIGN_LEFT:
    default:
      return 0.0f;
    }
}

static GtkWidget *
table_new (MimoMarkdownBlock    *block,
           MimoMarkdownDocument *document,
           gboolean             *unresolved)
{
  GtkWidget *grid = gtk_grid_new ();
  guint      n_rows = mimo_markdown_block_get_n_children (block);
  guint      n_columns = mimo_markdown_block_get_n_columns (block);

  gtk_widget_add_css_class (grid, "mimo-md-table");
  gtk_widget_set_halign (grid, GTK_ALIGN_START);
  for (guint r = 0; r < n_rows; r++)
    {
      MimoMarkdownBlock *row = mimo_markdown_block_get_child (block, r);
      gboolean           header = mimo_markdown_block_get_header_row (row) || r == 0;
      guint              n_cells = MIN (mimo_markdown_block_get_n_children (row), n_columns);

      for (guint c = 0; c < n_cells; c++)
        {
          GtkWidget *cell = inline_label (mimo_markdown_block_get_child (row, c), document, unresolved);

          gtk_label_set_xalign (GTK_LABEL (cell), align_to_xalign (mimo_markdown_block_get_column_align (block, c)));
          gtk_label_set_max_width_chars (GTK_LABEL (cell), 40);
          gtk_widget_add_css_class (cell, header ? "mimo-md-table-header" : "mimo-md-table-cell");
          if (r == n_rows - 1)
            gtk_widget_add_css_class (cell, "last-row");
          gtk_grid_attach (GTK_GRID (grid), cell, (int) c, (int) r, 1, 1);
        }
    }

  /* No scroller around it: its height would be measured for its
   * narrowest width. A wide table wraps its cells instead. */
  gtk_widget_add_css_class (grid, "mimo-md-table-frame");
  gtk_widget_set_overflow (grid, GTK_OVERFLOW_HIDDEN);
  return grid;
}

static GtkWidget *
references_new (MimoMarkdownBlock *block)
{
  GtkWidget  *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  guint       n = mimo_markdown_block_get_n_sources (block);
  const char *heading = mimo_markdown_block_get_text (block, NULL);
  GtkWidget  *title = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_HEADING, NULL);

  gtk_widget_add_css_class (box, "mimo-md-references");
  gtk_label_set_text (GTK_LABEL (title), heading[0] != '\0' ? heading : _ ("References"));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (title, "mimo-md-references-title");
  gtk_box_append (GTK_BOX (box), title);

  for (guint i = 0; i < n; i++)
    {
      const MimoCitationSource *source = mimo_markdown_block_get_source (block, i);
      GString                  *markup = g_string_new (NULL);
      const char               *shown = source->title != NULL ? source->title : (source->domain != NULL ? source->domain : source->url);
      g_autofree char          *number = g_strdup_printf ("%u.", source->number);
      g_autofree char          *markup_text = NULL;
      GtkWidget                *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget                *number_label = gtk_label_new (number);
      GtkWidget                *label;

      if (shown == NULL)
        shown = "";
      if (source->url != NULL && mimo_citation_url_is_openable (source->url, FALSE))
        {
          g_autofree char *href = g_markup_escape_text (source->url, -1);
          g_autofree char *text = g_markup_escape_text (shown, -1);

          g_string_append_printf (markup, "<a href=\"%s\" title=\"%s\">%s</a>", href, href, text);
        }
      else
        {
          g_autofree char *text = g_markup_escape_text (shown, -1);

          g_string_append (markup, text);
        }
      if (source->domain != NULL && source->title != NULL)
        {
          g_autofree char *domain = g_markup_escape_text (source->domain, -1);

          g_string_append_printf (markup, "  <span alpha=\"60%%\">%s</span>", domain);
        }
      markup_text = g_string_free (markup, FALSE);

      gtk_label_set_xalign (GTK_LABEL (number_label), 1);
      gtk_label_set_width_chars (GTK_LABEL (number_label), 3);
      gtk_widget_set_valign (number_label, GTK_ALIGN_START);
      gtk_widget_add_css_class (number_label, "mimo-md-marker");
      gtk_widget_add_css_class (number_label, "numeric");
      label = _mimo_markdown_label_new (markup_text);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (row), number_label);
      gtk_box_append (GTK_BOX (row), label);
      gtk_widget_add_css_class (row, "mimo-md-source");
      gtk_box_append (GTK_BOX (box), row);
    }
  return box;
}

static GtkWidget *
build_block (MimoMarkdownBlock    *block,
             MimoMarkdownDocument *document,
             guint                 depth,
             gboolean             *unresolved)
{
  GtkWidget *widget = NULL;

  switch (mimo_markdown_block_get_block_type (block))
    {
    case MIMO_MARKDOWN_BLOCK_PARAGRAPH:
    case MIMO_MARKDOWN_BLOCK_TABLE_CELL:
      widget = inline_label (block, document, unresolved);
      gtk_widget_add_css_class (widget, "mimo-md-paragraph");
      break;
    case MIMO_MARKDOWN_BLOCK_HEADING:
      widget = heading_new (block, document, unresolved);
      break;
    case MIMO_MARKDOWN_BLOCK_BULLET_LIST:
    case MIMO_MARKDOWN_BLOCK_ORDERED_LIST:
      widget = list_new (block, document, depth, unresolved);
      break;
    case MIMO_MARKDOWN_BLOCK_LIST_ITEM:
    case MIMO_MARKDOWN_BLOCK_QUOTE:
      widget = quote_new (block, document, depth, unresolved);
      break;
    case MIMO_MARKDOWN_BLOCK_CODE:
      widget = _mimo_markdown_code_block_new (block);
      break;
    case MIMO_MARKDOWN_BLOCK_TABLE:
      widget = table_new (block, document, unresolved);
      break;
    case MIMO_MARKDOWN_BLOCK_TABLE_ROW:
      widget = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      break;
    case MIMO_MARKDOWN_BLOCK_THEMATIC_BREAK:
      widget = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
      gtk_widget_add_css_class (widget, "mimo-md-rule");
      break;
    case MIMO_MARKDOWN_BLOCK_REFERENCES:
      widget = references_new (block);
      break;
    default:
      g_assert_not_reached ();
    }
  return widget;
}

GtkWidget *
_mimo_markdown_block_widget_new (MimoMarkdownBlock    *block,
                                 MimoMarkdownDocument *document)
{
  gboolean   unresolved = FALSE;
  GtkWidget *widget;

  /* Only top-level paragraphs grow long while streaming. */
  if (mimo_markdown_block_get_block_type (block) == MIMO_MARKDOWN_BLOCK_PARAGRAPH)
    widget = _mimo_markdown_paragraph_new (block, document, &unresolved);
  else
    widget = build_block (block, document, 0, &unresolved);

  ensure_quarks ();
  g_object_set_qdata_full (G_OBJECT (widget), block_quark, g_object_ref (block), g_object_unref);
  g_object_set_qdata (G_OBJECT (widget), unresolved_quark, GINT_TO_POINTER (unresolved));
  return widget;
}

gboolean
_mimo_markdown_block_widget_update (GtkWidget            *widget,
                                    MimoMarkdownBlock    *block,
                                    MimoMarkdownDocument *document)
{
  MimoMarkdownBlock    *old = _mimo_markdown_block_widget_get_block (widget);
  MimoMarkdownBlockType type = mimo_markdown_block_get_block_type (block);
  gboolean              unresolved = FALSE;

  if (old == NULL || mimo_markdown_block_get_block_type (old) != type)
    return FALSE;

  switch (type)
    {
    case MIMO_MARKDOWN_BLOCK_HEADING:
      if (mimo_markdown_block_get_heading_level (old) != mimo_markdown_block_get_heading_level (block))
        return FALSE;
      {
        g_autofree char *markup = _mimo_markdown_inline_markup (block, document, &unresolved);

        gtk_label_set_markup (GTK_LABEL (widget), markup);
        break;
      }
    case MIMO_MARKDOWN_BLOCK_PARAGRAPH:
      if (!_mimo_markdown_paragraph_update (widget, old, block, document, &unresolved))
        return FALSE;
      break;
    case MIMO_MARKDOWN_BLOCK_CODE:
      if (!_mimo_markdown_code_block_update (widget, block))
        return FALSE;
      break;
    default:
      return FALSE;
    }

  g_object_set_qdata_full (G_OBJECT (widget), block_quark, g_object_ref (block), g_object_unref);
  g_object_set_qdata (G_OBJECT (widget), unresolved_quark, GINT_TO_POINTER (unresolved));
  return TRUE;
}

gboolean
_mimo_markdown_block_widget_get_unresolved (GtkWidget *widget)
{
  ensure_quarks ();
  return GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (widget), unresolved_quark));
}

MimoMarkdownBlock *
_mimo_markdown_block_widget_get_block (GtkWidget *widget)
{
  ensure_quarks ();
  return g_object_get_qdata (G_OBJECT (widget), block_quark);
}
