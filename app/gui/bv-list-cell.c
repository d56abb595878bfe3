/* bv-list-cell.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A cell of the event list: one line of plain text, never markup. Text
 * that does not fit ends in an ellipsis, and a tooltip then shows all of
 * it, up to the length bv_display_text_limit() allows.
 *
 * GTK 4.8 builds the cells of up to 200 rows at once when a search
 * changes the list much: 1,600 widgets. GtkInscription requests the font
 * metrics from Pango each time it is measured, and Pango shapes a sample
 * sentence for them. This cell takes its width from its column and its
 * height from one line of its font, looked up once per font. Clearing a
 * search in bench-window took about 125 ms with GtkLabel cells, 104 ms with
 * GtkInscription and 75 ms with this cell. */

#define G_LOG_DOMAIN "bounceview-list-cell"

#include "bv-list-cell.h"

#include <string.h>

#include "bv-display-text.h"

struct _BvListCell
{
  GtkWidget parent_instance;

  char *text;                   /* cut by bv_display_text_shorten() */
  PangoLayout *layout;          /* made when first drawn, dropped when the style changes */
};

G_DEFINE_FINAL_TYPE (BvListCell, bv_list_cell, GTK_TYPE_WIDGET)

typedef struct
{
  PangoFontDescription *font;
  double resolution;
  int height;
} LineHeight;

/* The width of a tooltip's lines, in characters. */
#define TOOLTIP_WIDTH_CHARS 60

/* Line heights of the fonts that cells use: the list's font, the
 * monospace font, and others after a change of the text size. When the
 * table is full, the oldest entry is dropped. */
#define MAX_LINE_HEIGHTS 8
static LineHeight line_heights[MAX_LINE_HEIGHTS];
static guint n_line_heights;

static int
metrics_height (PangoContext               *context,
                const PangoFontDescription *font)
{
  PangoFontMetrics *metrics = pango_context_get_metrics (context, font, NULL);
  int height = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics) +
                                  pango_font_metrics_get_descent (metrics));

  pango_font_metrics_unref (metrics);
  return height;
}

static int
line_height (BvListCell *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);
  double resolution = pango_cairo_context_get_resolution (context);
  LineHeight *entry;

  if (font == NULL)
    return metrics_height (context, NULL);

  for (guint i = 0; i < n_line_heights; i++)
    {
      if (line_heights[i].resolution == resolution &&
          pango_font_description_equal (line_heights[i].font, font))
        return line_heights[i].height;
    }

  if (n_line_heights == MAX_LINE_HEIGHTS)
    {
      pango_font_description_free (line_heights[0].font);
      memmove (&line_heights[0], &line_heights[1], sizeof line_heights[0] * (MAX_LINE_HEIGHTS - 1));
      n_line_heights--;
    }

  entry = &line_heights[n_line_heights++];
  entry->font = pango_font_description_copy (font);
  entry->resolution = resolution;
  entry->height = metrics_height (context, font);
  return entry->height;
}

/* Returns the layout of the text, as wide as the cell. */
static PangoLayout *
ensure_layout (BvListCell *self)
{
  if (self->layout == NULL)
    {
      self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);

      /* libadwaita's .numeric sets the font feature "tnum" (digits of
       * equal width). A label applies it from its style, so the cell
       * sets it itself. */
      if (gtk_widget_has_css_class (GTK_WIDGET (self), "numeric"))
        {
          PangoAttrList *attributes = pango_attr_list_new ();

          pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum"));
          pango_layout_set_attributes (self->layout, attributes);
          pango_attr_list_unref (attributes);
        }
    }

  pango_layout_set_width (self->layout, gtk_widget_get_width (GTK_WIDGET (self)) * PANGO_SCALE);
  return self->layout;
}

static void
drop_layout (BvListCell *self)
{
  g_clear_object (&self->layout);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
bv_list_cell_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  /* The column sets the width, so only the height is measured. */
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = line_height (BV_LIST_CELL (widget));
}

static void
bv_list_cell_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  BvListCell *self = BV_LIST_CELL (widget);
  PangoLayout *layout;
  int height;

  if (self->text == NULL || self->text[0] == '\0')
    return;

  layout = ensure_layout (self);
  pango_layout_get_pixel_size (layout, NULL, &height);
  gtk_snapshot_render_layout (snapshot, gtk_widget_get_style_context (widget),
                              0, (gtk_widget_get_height (widget) - height) / 2, layout);
}

/* Makes the tooltip only when it is about to show. Setting a tooltip
 * text in every bind made GTK ask the X server for the pointer position
 * once per cell. The tooltip's label breaks long words too: a long
 * address or diagnostic without spaces would otherwise be one line
 * wider than the screen. */
static gboolean
bv_list_cell_query_tooltip (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard_mode,
                            GtkTooltip *tooltip)
{
  BvListCell *self = BV_LIST_CELL (widget);
  PangoAttrList *attributes;
  GtkWidget *label;

  if (self->text == NULL || self->text[0] == '\0' ||
      !pango_layout_is_ellipsized (ensure_layout (self)))
    return FALSE;

  /* No hyphen where a word breaks: an address may have hyphens of its own. */
  attributes = pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  label = gtk_label_new (NULL);
  gtk_label_set_text (GTK_LABEL (label), self->text);
  gtk_label_set_attributes (GTK_LABEL (label), attributes);
  pango_attr_list_unref (attributes);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), TOOLTIP_WIDTH_CHARS);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_tooltip_set_custom (tooltip, label);
  return TRUE;
}

static void
bv_list_cell_css_changed (GtkWidget         *widget,
                          GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (bv_list_cell_parent_class)->css_changed (widget, change);
  drop_layout (BV_LIST_CELL (widget));
}

static void
bv_list_cell_direction_changed (GtkWidget        *widget,
                                GtkTextDirection  previous_direction)
{
  GTK_WIDGET_CLASS (bv_list_cell_parent_class)->direction_changed (widget, previous_direction);
  drop_layout (BV_LIST_CELL (widget));
}

static void
bv_list_cell_system_setting_changed (GtkWidget        *widget,
                                     GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (bv_list_cell_parent_class)->system_setting_changed (widget, setting);
  drop_layout (BV_LIST_CELL (widget));
  gtk_widget_queue_resize (widget);
}

static void
bv_list_cell_finalize (GObject *object)
{
  BvListCell *self = BV_LIST_CELL (object);

  g_free (self->text);
  g_clear_object (&self->layout);

  G_OBJECT_CLASS (bv_list_cell_parent_class)->finalize (object);
}

static void
bv_list_cell_class_init (BvListCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = bv_list_cell_finalize;

  widget_class->measure = bv_list_cell_measure;
  widget_class->snapshot = bv_list_cell_snapshot;
  widget_class->query_tooltip = bv_list_cell_query_tooltip;
  widget_class->css_changed = bv_list_cell_css_changed;
  widget_class->direction_changed = bv_list_cell_direction_changed;
  widget_class->system_setting_changed = bv_list_cell_system_setting_changed;

  /* The theme styles it as a label, and screen readers read it as one. */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
bv_list_cell_init (BvListCell *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
bv_list_cell_new (void)
{
  return g_object_new (BV_TYPE_LIST_CELL, NULL);
}

const char *
bv_list_cell_get_text (BvListCell *self)
{
  g_return_val_if_fail (BV_IS_LIST_CELL (self), NULL);

  return self->text;
}

/**
 * bv_list_cell_set_text:
 * @self: a cell
 * @text: (nullable): the text to show
 *
 * Sets the text of the cell. The text is shown as it is, never parsed
 * as markup. A text too long for its tooltip to lay out promptly is cut
 * and ends in "…", and a bidirectional formatting character becomes
 * U+FFFD, as bv_display_text_shorten() does.
 */
void
bv_list_cell_set_text (BvListCell *self,
                       const char *text)
{
  g_autofree char *shortened = NULL;

  g_return_if_fail (BV_IS_LIST_CELL (self));

  if (text != NULL && !bv_display_text_is_plain (text))
    text = shortened = bv_display_text_shorten (text);
  if (g_strcmp0 (self->text, text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, self->text != NULL ? self->text : "", -1);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->text != NULL ? self->text : "",
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
