/* bv-wrap-layout.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A layout manager that places a widget's children in rows, in order.
 * A child gets its natural width, or less, down to its minimum, when
 * only that much of the row is left, and starts a new row when not even
 * its minimum width fits. The children that expand horizontally count
 * with their minimum width, and share the space a row leaves. The widget's minimum width is that of its
 * widest child, so a bar of controls fits a narrow window by growing
 * taller instead of being cut off. */

#define G_LOG_DOMAIN "bounceview-wrap-layout"

#include "bv-wrap-layout.h"

struct _BvWrapLayout
{
  GtkLayoutManager parent_instance;

  int column_spacing;
  int row_spacing;
};

G_DEFINE_FINAL_TYPE (BvWrapLayout, bv_wrap_layout, GTK_TYPE_LAYOUT_MANAGER)

typedef struct
{
  GtkWidget *child;
  int width;
  gboolean expand;
} Cell;

/* Gives the expanding cells of a row the space it leaves, measures the
 * row's height and, with @allocate, allocates its children. Returns
 * the row's height. */
static int
finish_row (BvWrapLayout *self,
            GtkWidget    *widget,
            GArray       *row,
            int           width,
            int           y,
            gboolean      allocate)
{
  int used = self->column_spacing * ((int) row->len - 1);
  guint n_expand = 0;
  int extra;
  int height = 0;
  int x = 0;
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  for (guint i = 0; i < row->len; i++)
    {
      Cell *cell = &g_array_index (row, Cell, i);

      used += cell->width;
      n_expand += cell->expand ? 1 : 0;
    }

  extra = MAX (0, width - used);
  for (guint i = 0; i < row->len && n_expand > 0; i++)
    {
      Cell *cell = &g_array_index (row, Cell, i);
      int share;

      if (!cell->expand)
        continue;

      share = extra / (int) n_expand;
      cell->width += share;
      extra -= share;
      n_expand--;
    }

  for (guint i = 0; i < row->len; i++)
    {
      Cell *cell = &g_array_index (row, Cell, i);
      int natural = 0;

      gtk_widget_measure (cell->child, GTK_ORIENTATION_VERTICAL, cell->width,
                          NULL, &natural, NULL, NULL);
      height = MAX (height, natural);
    }

  for (guint i = 0; i < row->len && allocate; i++)
    {
      Cell *cell = &g_array_index (row, Cell, i);
      GtkAllocation allocation = { x, y, cell->width, height };

      if (rtl)
        allocation.x = width - x - cell->width;
      gtk_widget_size_allocate (cell->child, &allocation, -1);
      x += cell->width + self->column_spacing;
    }

  g_array_set_size (row, 0);
  return height;
}

/* Breaks the children into rows of @width pixels and returns the height
 * of all rows. With @allocate it also allocates the children. */
static int
lay_out (BvWrapLayout *self,
         GtkWidget    *widget,
         int           width,
         gboolean      allocate)
{
  g_autoptr(GArray) row = g_array_new (FALSE, FALSE, sizeof (Cell));
  int row_width = 0;
  int y = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      Cell cell = { child, 0, FALSE };
      int minimum = 0;
      int natural = 0;
      int left;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
      cell.expand = gtk_widget_compute_expand (child, GTK_ORIENTATION_HORIZONTAL);

      if (row->len > 0 && row_width + self->column_spacing + minimum > width)
        {
          y += finish_row (self, widget, row, width, y, allocate) + self->row_spacing;
          row_width = 0;
        }

      /* An expanding child takes its minimum here, and finish_row()
       * gives it the space that the row leaves. Taking its natural
       * width at once would push the children after it to a new row,
       * even where the row has room for them. */
      left = width - row_width - (row->len > 0 ? self->column_spacing : 0);
      cell.width = cell.expand ? minimum : MAX (minimum, MIN (natural, left));

      row_width += (row->len > 0 ? self->column_spacing : 0) + cell.width;
      g_array_append_val (row, cell);
    }

  if (row->len == 0)
    return MAX (0, y - self->row_spacing);

  return y + finish_row (self, widget, row, width, y, allocate);
}

static void
measure_width (BvWrapLayout *self,
               GtkWidget    *widget,
               int          *minimum,
               int          *natural)
{
  guint n_children = 0;

  *minimum = 0;
  *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_minimum = 0;
      int child_natural = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1,
                          &child_minimum, &child_natural, NULL, NULL);
      *minimum = MAX (*minimum, child_minimum);
      *natural += child_natural;
      n_children++;
    }

  if (n_children > 1)
    *natural += self->column_spacing * (int) (n_children - 1);
}

static GtkSizeRequestMode
bv_wrap_layout_get_request_mode (GtkLayoutManager *manager,
                                 GtkWidget        *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

/* Widths do not depend on the height. The height for a width is that of
 * the rows at that width, and without a width that of one row. */
static void
bv_wrap_layout_measure (GtkLayoutManager *manager,
                        GtkWidget        *widget,
                        GtkOrientation    orientation,
                        int               for_size,
                        int              *minimum,
                        int              *natural,
                        int              *minimum_baseline,
                        int              *natural_baseline)
{
  BvWrapLayout *self = BV_WRAP_LAYOUT (manager);
  int minimum_width;
  int natural_width;

  measure_width (self, widget, &minimum_width, &natural_width);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = minimum_width;
      *natural = natural_width;
    }
  else if (for_size >= 0)
    {
      *minimum = *natural = lay_out (self, widget, MAX (for_size, minimum_width), FALSE);
    }
  else
    {
      *minimum = *natural = lay_out (self, widget, natural_width, FALSE);
    }
}

static void
bv_wrap_layout_allocate (GtkLayoutManager *manager,
                         GtkWidget        *widget,
                         int               width,
                         int               height,
                         int               baseline)
{
  lay_out (BV_WRAP_LAYOUT (manager), widget, width, TRUE);
}

static void
bv_wrap_layout_class_init (BvWrapLayoutClass *klass)
{
  GtkLayoutManagerClass *manager_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  manager_class->get_request_mode = bv_wrap_layout_get_request_mode;
  manager_class->measure = bv_wrap_layout_measure;
  manager_class->allocate = bv_wrap_layout_allocate;
}

static void
bv_wrap_layout_init (BvWrapLayout *self)
{
}

/**
 * bv_wrap_layout_set_spacing:
 * @self: a wrap layout
 * @column_spacing: the pixels between two children in a row
 * @row_spacing: the pixels between two rows
 */
void
bv_wrap_layout_set_spacing (BvWrapLayout *self,
                            int           column_spacing,
                            int           row_spacing)
{
  g_return_if_fail (BV_IS_WRAP_LAYOUT (self));
  g_return_if_fail (column_spacing >= 0 && row_spacing >= 0);

  if (self->column_spacing == column_spacing && self->row_spacing == row_spacing)
    return;

  self->column_spacing = column_spacing;
  self->row_spacing = row_spacing;
  gtk_layout_manager_layout_changed (GTK_LAYOUT_MANAGER (self));
}
