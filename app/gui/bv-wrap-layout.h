/* bv-wrap-layout.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BV_TYPE_WRAP_LAYOUT (bv_wrap_layout_get_type ())

G_DECLARE_FINAL_TYPE (BvWrapLayout, bv_wrap_layout, BV, WRAP_LAYOUT, GtkLayoutManager)

void  bv_wrap_layout_set_spacing  (BvWrapLayout *self,
                                   int           column_spacing,
                                   int           row_spacing);

G_END_DECLS
