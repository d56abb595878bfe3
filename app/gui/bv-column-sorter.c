/* bv-column-sorter.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The sorter of one column of the event list. It sorts nothing itself,
 * because the database orders the list. The column view still needs a
 * sorter per column to show sortable headers. The order in which the
 * view's own sorter calls the column sorters then reveals the column the
 * user chose, and the sign of its result the direction.
 *
 * GTK 4.10 exposes that as GtkColumnViewSorter:primary-sort-column; in
 * GTK 4.8 the type is private, so bv_column_sorter_read_view() has the
 * view's sorter compare two probe objects and records which column
 * sorter it calls first. (Comparing an object with itself would not
 * reach the column sorters: gtk_sorter_compare() returns EQUAL at once.) */

#define G_LOG_DOMAIN "bounceview-column-sorter"

#include "bv-column-sorter.h"

struct _BvColumnSorter
{
  GtkSorter parent_instance;

  BvSortColumn column;
};

G_DEFINE_FINAL_TYPE (BvColumnSorter, bv_column_sorter, GTK_TYPE_SORTER)

G_DEFINE_ENUM_TYPE (BvSortColumn, bv_sort_column,
  G_DEFINE_ENUM_VALUE (BV_SORT_DATE, "date"),
  G_DEFINE_ENUM_VALUE (BV_SORT_RECIPIENT, "recipient"),
  G_DEFINE_ENUM_VALUE (BV_SORT_TYPE, "type"),
  G_DEFINE_ENUM_VALUE (BV_SORT_STATUS, "status"),
  G_DEFINE_ENUM_VALUE (BV_SORT_REPLY_CODE, "reply-code"),
  G_DEFINE_ENUM_VALUE (BV_SORT_REASON, "reason"),
  G_DEFINE_ENUM_VALUE (BV_SORT_REMOTE_MTA, "remote-mta"),
  G_DEFINE_ENUM_VALUE (BV_SORT_DIAGNOSTIC, "diagnostic"),
  G_DEFINE_ENUM_VALUE (BV_SORT_ID, "id"))

enum {
  PROP_0,
  PROP_COLUMN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Set while bv_column_sorter_read_view() runs; only the main thread
 * sorts with these sorters. */
static GObject *probes[2];
static BvColumnSorter *probe_answer;

static GtkOrdering
bv_column_sorter_compare (GtkSorter *sorter,
                          gpointer   item1,
                          gpointer   item2)
{
  BvColumnSorter *self = BV_COLUMN_SORTER (sorter);

  if (item1 == (gpointer) probes[0] && probe_answer == NULL)
    probe_answer = self;

  /* Any constant but EQUAL: the view's sorter then stops at the first
   * column and inverts the result when that column is descending. */
  return GTK_ORDERING_SMALLER;
}

static GtkSorterOrder
bv_column_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_TOTAL;
}

static void
bv_column_sorter_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BvColumnSorter *self = BV_COLUMN_SORTER (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      g_value_set_enum (value, self->column);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bv_column_sorter_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BvColumnSorter *self = BV_COLUMN_SORTER (object);

  switch (prop_id)
    {
    case PROP_COLUMN:
      self->column = g_value_get_enum (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bv_column_sorter_class_init (BvColumnSorterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  object_class->get_property = bv_column_sorter_get_property;
  object_class->set_property = bv_column_sorter_set_property;

  sorter_class->compare = bv_column_sorter_compare;
  sorter_class->get_order = bv_column_sorter_get_order;

  properties[PROP_COLUMN] =
    g_param_spec_enum ("column", NULL, NULL,
                       BV_TYPE_SORT_COLUMN,
                       BV_SORT_DATE,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bv_column_sorter_init (BvColumnSorter *self)
{
}

BvColumnSorter *
bv_column_sorter_new (BvSortColumn column)
{
  return g_object_new (BV_TYPE_COLUMN_SORTER, "column", column, NULL);
}

BvSortColumn
bv_column_sorter_get_column (BvColumnSorter *self)
{
  g_return_val_if_fail (BV_IS_COLUMN_SORTER (self), BV_SORT_DATE);

  return self->column;
}

/**
 * bv_column_sorter_read_view:
 * @view_sorter: the sorter of a column view whose columns have
 *   #BvColumnSorter sorters
 * @column: (out): the column the view is sorted by
 * @descending: (out): whether that column is sorted descending
 *
 * Finds the primary sort column of a column view.
 *
 * Returns: %FALSE when the view is not sorted by any column
 */
gboolean
bv_column_sorter_read_view (GtkSorter    *view_sorter,
                            BvSortColumn *column,
                            gboolean     *descending)
{
  GtkOrdering ordering;

  g_return_val_if_fail (GTK_IS_SORTER (view_sorter), FALSE);

  /* NOTE: the probes live as long as the process. */
  if (probes[0] == NULL)
    {
      probes[0] = g_object_new (G_TYPE_OBJECT, NULL);
      probes[1] = g_object_new (G_TYPE_OBJECT, NULL);
    }

  probe_answer = NULL;
  ordering = gtk_sorter_compare (view_sorter, probes[0], probes[1]);

  if (probe_answer == NULL || ordering == GTK_ORDERING_EQUAL)
    {
      probe_answer = NULL;
      return FALSE;
    }

  *column = probe_answer->column;
  *descending = ordering == GTK_ORDERING_LARGER;
  probe_answer = NULL;
  return TRUE;
}
