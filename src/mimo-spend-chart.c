/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-spend-chart.c: spend per day, week or month as stacked bars, drawn natively, with a hover readout. */

#define G_LOG_DOMAIN "mimo-spend-chart"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mimo-money.h"
#include "mimo-spend-chart.h"

#define GRID_LINES 4
#define LABEL_GAP  6

struct _MimoSpendChart
{
  GtkWidget parent_instance;

  GPtrArray       *buckets;
  MimoLedgerPeriod period;
  gint64           scale_nanos; /* the top grid line */
  int              hovered;
};

G_DEFINE_FINAL_TYPE (MimoSpendChart, mimo_spend_chart, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_HOVERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gint64
mimo_spend_category_nanos (const MimoLedgerTotals *totals,
                           MimoSpendCategory       category)
{
  switch (category)
    {
    case MIMO_SPEND_INPUT:
      return totals->cost.input_nanos;
    case MIMO_SPEND_CACHED:
      return totals->cost.cached_nanos;
    case MIMO_SPEND_OUTPUT:
      return totals->cost.output_nanos;
    case MIMO_SPEND_WEB_SEARCH:
      return totals->cost.web_search_nanos;
    case MIMO_SPEND_N_CATEGORIES:
    default:
      g_return_val_if_reached (0);
    }
}

const char *
mimo_spend_category_name (MimoSpendCategory category)
{
  switch (category)
    {
    case MIMO_SPEND_INPUT:
      return _ ("What you sent");
    case MIMO_SPEND_CACHED:
      return _ ("What you sent, cached");
    case MIMO_SPEND_OUTPUT:
      return _ ("What the model wrote");
    case MIMO_SPEND_WEB_SEARCH:
      return _ ("Web searches");
    case MIMO_SPEND_N_CATEGORIES:
    default:
      g_return_val_if_reached (NULL);
    }
}

void
mimo_spend_category_color (MimoSpendCategory category,
                           gboolean          dark,
                           GdkRGBA          *color)
{
  /* GNOME's palette: blue 3, blue 1, purple 3, orange 3; lighter ones
   * on dark backgrounds. */
  static const char *light[] = { "#3584e4", "#99c1f1", "#9141ac", "#e66100" };
  static const char *dark_colors[] = { "#62a0ea", "#1a5fb4", "#c061cb", "#ffa348" };

  g_return_if_fail (category < MIMO_SPEND_N_CATEGORIES);
  gdk_rgba_parse (color, dark ? dark_colors[category] : light[category]);
}

char *
mimo_spend_bucket_label (const MimoLedgerBucket *bucket,
                         MimoLedgerPeriod        period)
{
  switch (period)
    {
    case MIMO_LEDGER_PERIOD_DAY:
      /* Translators: a day's bar in the spending chart: its day of the month. */
      return g_date_time_format (bucket->start, C_ ("chart day", "%e"));
    case MIMO_LEDGER_PERIOD_WEEK:
      /* Translators: a week's bar: the day and month it starts. */
      return g_date_time_format (bucket->start, C_ ("chart week", "%e %b"));
    case MIMO_LEDGER_PERIOD_MONTH:
    default:
      /* Translators: a month's bar: the month's short name. */
      return g_date_time_format (bucket->start, C_ ("chart month", "%b"));
    }
}

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

/* The top of the scale: GRID_LINES steps of 1, 2, 2.5 or 5 times a power
 * of ten (in tenths, so 2.5 stays an integer), reaching @nanos: grid
 * lines land on amounts people read at a glance. */
static gint64
round_scale (gint64 nanos)
{
  static const gint64 tenths[] = { 10, 20, 25, 50 };

  if (nanos <= 0)
    return 0;
  for (gint64 power = 1; power <= G_MAXINT64 / 1000; power *= 10)
    for (guint i = 0; i < G_N_ELEMENTS (tenths); i++)
      {
        gint64 step = tenths[i] * power / 10;

        if (step > 0 && step * GRID_LINES >= nanos)
          return step * GRID_LINES;
      }
  return nanos;
}

static PangoLayout *
small_layout (MimoSpendChart *self,
              const char     *text)
{
  PangoLayout   *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  return layout;
}

static void
draw_text (GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           float          x,
           float          y,
           const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

typedef struct
{
  float left, top, right, bottom; /* the plot inside the labels */
  float slot;                     /* width a bucket */
} Geometry;

static int
y_label_width (MimoSpendChart *self)
{
  int width = 0;

  for (int i = 1; i <= GRID_LINES; i++)
    {
      g_autofree char        *text = mimo_money_format (self->scale_nanos / GRID_LINES * i);
      g_autoptr (PangoLayout) layout = small_layout (self, text);
      int                     w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      width = MAX (width, w);
    }
  return width;
}

static Geometry
compute_geometry (MimoSpendChart *self)
{
  g_autoptr (PangoLayout) probe = small_layout (self, "0");
  Geometry                g;
  int                     text_height;
  guint                   n = self->buckets != NULL ? self->buckets->len : 0;

  pango_layout_get_pixel_size (probe, NULL, &text_height);
  g.left = y_label_width (self) + LABEL_GAP;
  g.top = text_height / 2.0f;
  g.right = gtk_widget_get_width (GTK_WIDGET (self));
  g.bottom = gtk_widget_get_height (GTK_WIDGET (self)) - text_height - LABEL_GAP;
  g.slot = n > 0 ? (g.right - g.left) / n : 0;

  return g;
}

static void
draw_grid (MimoSpendChart *self,
           GtkSnapshot    *snapshot,
           const Geometry *g,
           const GdkRGBA  *fg)
{
  GdkRGBA line = *fg;
  GdkRGBA dim = *fg;

  line.alpha = 0.12f;
  dim.alpha = 0.6f;
  for (int i = 0; i <= GRID_LINES; i++)
    {
      float y = g->bottom - (g->bottom - g->top) * i / GRID_LINES;

      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (g->left, y, g->right - g->left, 1));
      if (i > 0 && self->scale_nanos > 0)
        {
          g_autofree char        *text = mimo_money_format (self->scale_nanos / GRID_LINES * i);
          g_autoptr (PangoLayout) layout = small_layout (self, text);
          int                     w, h;

          pango_layout_get_pixel_size (layout, &w, &h);
          draw_text (snapshot, layout, g->left - LABEL_GAP - w, y - h / 2.0f, &dim);
        }
    }
}

static void
draw_bars (MimoSpendChart *self,
           GtkSnapshot    *snapshot,
           const Geometry *g,
           const GdkRGBA  *fg)
{
  gboolean dark = is_dark ();
  float    width = MAX (1.0f, MIN (g->slot * 0.7f, g->slot - 2.0f));
  float    height = g->bottom - g->top;

  for (guint i = 0; i < self->buckets->len; i++)
    {
      MimoLedgerBucket *bucket = g_ptr_array_index (self->buckets, i);
      float             x = g->left + g->slot * i + (g->slot - width) / 2;
      float             y = g->bottom;

      if ((int) i == self->hovered)
        {
          GdkRGBA hover = *fg;

          hover.alpha = 0.08f;
          gtk_snapshot_append_color (snapshot, &hover,
                                     &GRAPHENE_RECT_INIT (g->left + g->slot * i, g->top, g->slot, height));
        }

      for (MimoSpendCategory c = 0; c < MIMO_SPEND_N_CATEGORIES && self->scale_nanos > 0; c++)
        {
          gint64  nanos = mimo_spend_category_nanos (&bucket->totals, c);
          float   h = (float) ((double) nanos / (double) self->scale_nanos * height);
          GdkRGBA color;

          if (nanos <= 0)
            continue;
          /* A tiny amount still shows as a sliver, not as nothing. */
          h = MAX (h, 1.0f);
          mimo_spend_category_color (c, dark, &color);
          gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x, y - h, width, h));
          y -= h;
        }
    }
}

static void
draw_x_labels (MimoSpendChart *self,
               GtkSnapshot    *snapshot,
               const Geometry *g,
               const GdkRGBA  *fg)
{
  GdkRGBA dim = *fg;
  int     widest = 0;
  guint   every;

  dim.alpha = 0.6f;
  for (guint i = 0; i < self->buckets->len; i++)
    {
      g_autofree char        *text = mimo_spend_bucket_label (g_ptr_array_index (self->buckets, i), self->period);
      g_autoptr (PangoLayout) layout = small_layout (self, g_strstrip (text));
      int                     w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      widest = MAX (widest, w);
    }
  /* Every label, or every second, fifth…: never overlapping. */
  every = g->slot > 0 ? (guint) ((widest + 2 * LABEL_GAP) / g->slot) + 1 : 1;

  for (guint i = 0; i < self->buckets->len; i += every)
    {
      g_autofree char        *text = mimo_spend_bucket_label (g_ptr_array_index (self->buckets, i), self->period);
      g_autoptr (PangoLayout) layout = small_layout (self, g_strstrip (text));
      int                     w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      /* Centred under its bar, but never past the chart's edges. */
      draw_text (snapshot, layout, CLAMP (g->left + g->slot * i + (g->slot - w) / 2, g->left - LABEL_GAP, g->right - w),
                 g->bottom + LABEL_GAP / 2.0f, &dim);
    }
}

static void
mimo_spend_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  MimoSpendChart *self = MIMO_SPEND_CHART (widget);
  GdkRGBA         fg;
  Geometry        g;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  g = compute_geometry (self);
  if (g.bottom <= g.top || g.right <= g.left)
    return;

  draw_grid (self, snapshot, &g, &fg);
  if (self->buckets == NULL || self->buckets->len == 0)
    return;
  draw_bars (self, snapshot, &g, &fg);
  draw_x_labels (self, snapshot, &g, &fg);

  if (self->scale_nanos == 0)
    {
      g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, _ ("Nothing was spent in this period"));
      GdkRGBA                 dim = fg;
      int                     w, h;

      dim.alpha = 0.55f;
      pango_layout_get_pixel_size (layout, &w, &h);
      draw_text (snapshot, layout, g.left + (g.right - g.left - w) / 2, g.top + (g.bottom - g.top - h) / 2, &dim);
    }
}

static void
mimo_spend_chart_measure (GtkWidget     *widget,
                          GtkOrientation orientation,
                          int            for_size,
                          int           *minimum,
                          int           *natural,
                          int           *minimum_baseline,
                          int           *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 560 : 220;
}

static void
set_hovered (MimoSpendChart *self,
             int             hovered)
{
  if (self->hovered == hovered)
    return;
  self->hovered = hovered;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVERED]);
}

static void
motion_cb (MimoSpendChart *self,
           double          x,
           double          y)
{
  Geometry g = compute_geometry (self);
  int      index = -1;

  if (self->buckets != NULL && g.slot > 0 && x >= g.left && x < g.right)
    index = MIN ((int) ((x - g.left) / g.slot), (int) self->buckets->len - 1);
  set_hovered (self, index);
}

static void
leave_cb (MimoSpendChart *self)
{
  set_hovered (self, -1);
}

/* What a screen reader says for the chart: the period and its peak. */
static void
update_description (MimoSpendChart *self)
{
  MimoLedgerBucket *peak = NULL;
  g_autofree char  *text = NULL;

  for (guint i = 0; self->buckets != NULL && i < self->buckets->len; i++)
    {
      MimoLedgerBucket *bucket = g_ptr_array_index (self->buckets, i);

      if (peak == NULL || bucket->totals.cost.total_nanos > peak->totals.cost.total_nanos)
        peak = bucket;
    }

  if (peak == NULL || peak->totals.cost.total_nanos == 0)
    text = g_strdup (_ ("Nothing was spent in this period"));
  else
    {
      g_autofree char *money = mimo_money_format (peak->totals.cost.total_nanos);
      g_autofree char *when = g_date_time_format (peak->start, "%x");

      /* Translators: the spending chart described for screen readers. */
      text = g_strdup_printf (_ ("%u bars; the highest, starting %s, is %s"), self->buckets->len, when, money);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

void
mimo_spend_chart_set_buckets (MimoSpendChart  *self,
                              GPtrArray       *buckets,
                              MimoLedgerPeriod period)
{
  gint64 peak = 0;

  g_return_if_fail (MIMO_IS_SPEND_CHART (self));

  if (buckets != NULL)
    g_ptr_array_ref (buckets);
  g_clear_pointer (&self->buckets, g_ptr_array_unref);
  self->buckets = buckets;
  self->period = period;

  for (guint i = 0; buckets != NULL && i < buckets->len; i++)
    {
      MimoLedgerBucket *bucket = g_ptr_array_index (buckets, i);

      peak = MAX (peak, bucket->totals.cost.total_nanos);
    }
  self->scale_nanos = round_scale (peak);

  set_hovered (self, -1);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
mimo_spend_chart_get_hovered (MimoSpendChart *self)
{
  g_return_val_if_fail (MIMO_IS_SPEND_CHART (self), -1);

  return self->hovered;
}

GtkWidget *
mimo_spend_chart_new (void)
{
  return g_object_new (MIMO_TYPE_SPEND_CHART, NULL);
}

static void
dark_changed_cb (MimoSpendChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
mimo_spend_chart_finalize (GObject *object)
{
  MimoSpendChart *self = MIMO_SPEND_CHART (object);

  g_clear_pointer (&self->buckets, g_ptr_array_unref);

  G_OBJECT_CLASS (mimo_spend_chart_parent_class)->finalize (object);
}

static void
mimo_spend_chart_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MimoSpendChart *self = MIMO_SPEND_CHART (object);

  switch (prop_id)
    {
    case PROP_HOVERED:
      g_value_set_int (value, self->hovered);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mimo_spend_chart_class_init (MimoSpendChartClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mimo_spend_chart_finalize;
  object_class->get_property = mimo_spend_chart_get_property;

  widget_class->snapshot = mimo_spend_chart_snapshot;
  widget_class->measure = mimo_spend_chart_measure;

  properties[PROP_HOVERED] =
    g_param_spec_int ("hovered", NULL, NULL, -1, G_MAXINT, -1, (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "spendchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mimo_spend_chart_init (MimoSpendChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hovered = -1;
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (dark_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Spending Chart"), -1);
  update_description (self);
}
