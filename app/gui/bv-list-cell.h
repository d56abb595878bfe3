/* bv-list-cell.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BV_TYPE_LIST_CELL (bv_list_cell_get_type ())

G_DECLARE_FINAL_TYPE (BvListCell, bv_list_cell, BV, LIST_CELL, GtkWidget)

GtkWidget  *bv_list_cell_new       (void);
const char *bv_list_cell_get_text  (BvListCell *self);
void        bv_list_cell_set_text  (BvListCell *self,
                                    const char *text);

G_END_DECLS
