/* bv-column-sorter.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bv-store.h"

G_BEGIN_DECLS

#define BV_TYPE_SORT_COLUMN (bv_sort_column_get_type ())
#define BV_TYPE_COLUMN_SORTER (bv_column_sorter_get_type ())

GType bv_sort_column_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (BvColumnSorter, bv_column_sorter, BV, COLUMN_SORTER, GtkSorter)

BvColumnSorter *bv_column_sorter_new         (BvSortColumn    column);
BvSortColumn    bv_column_sorter_get_column  (BvColumnSorter *self);
gboolean        bv_column_sorter_read_view   (GtkSorter      *view_sorter,
                                              BvSortColumn   *column,
                                              gboolean       *descending);

G_END_DECLS
