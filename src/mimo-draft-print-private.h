/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-print-private.h: the printed draft's pieces, shared by its layout and its drawing. */

#pragma once

#include <gtk/gtk.h>

#include "mimo-markdown-document.h"

G_BEGIN_DECLS

/* Sizes in points: the operation's unit. */
#define MIMO_PRINT_BODY_FONT   "Sans 10.5"
#define MIMO_PRINT_MONO_FONT   "Monospace 9"
#define MIMO_PRINT_SMALL_FONT  "Sans 8.5"
#define MIMO_PRINT_INDENT      20.0
#define MIMO_PRINT_QUOTE_STEP  14.0
#define MIMO_PRINT_MARKER_GAP  6.0
#define MIMO_PRINT_FOOTER      28.0
#define MIMO_PRINT_CELL_PAD    4.0
#define MIMO_PRINT_MAX_QUOTES  8
#define MIMO_PRINT_LINE_FACTOR 1.2

typedef enum
{
  MIMO_PRINT_ITEM_TEXT,
  MIMO_PRINT_ITEM_ROW,
  MIMO_PRINT_ITEM_RULE,
} MimoPrintItemKind;

/* One line of a layout, relative to the layout's top. */
typedef struct
{
  double top;
  double height;
  double baseline;
  double x;
} MimoPrintLine;

typedef struct
{
  int   start;
  int   end;
  char *uri;
} MimoPrintLink;

/* A unit of the page: a text block (split between pages by lines), a
 * table row or a rule (never split). */
typedef struct
{
  MimoPrintItemKind kind;
  PangoLayout      *layout;
  PangoLayout      *marker;
  GPtrArray        *cells; /* PangoLayout, for rows */
  GArray           *lines; /* MimoPrintLine, for text */
  GArray           *links; /* MimoPrintLink, for text */
  double            x;
  double            space_before;
  double            height;
  double            bars[MIMO_PRINT_MAX_QUOTES];
  guint             n_bars;
  gboolean          code;
  gboolean          keep_with_next;
  gboolean          header_row;
} MimoPrintItem;

typedef struct
{
  MimoPrintItem *item;
  guint          first;
  guint          n;
  double         y;
} MimoPrintSlice;

typedef struct
{
  char                 *draft;
  char                 *title;
  MimoMarkdownDocument *document;
  GPtrArray            *items; /* MimoPrintItem */
  GPtrArray            *pages; /* GArray of Slice */
  double                width;
  double                height;
} MimoPrintJob;

/* Lays the document out for @context's page size: job->items, then
 * job->pages. */
void _mimo_draft_print_layout (MimoPrintJob    *job,
                               GtkPrintContext *context);
void _mimo_draft_print_job_free (MimoPrintJob *job);
/* A wrapping layout in @font, @width points wide. */
PangoLayout *_mimo_draft_print_new_layout (GtkPrintContext *context,
                                           const char      *font,
                                           double           width);

G_END_DECLS
