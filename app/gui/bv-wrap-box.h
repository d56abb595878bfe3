/* bv-wrap-box.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BV_TYPE_WRAP_BOX (bv_wrap_box_get_type ())

G_DECLARE_FINAL_TYPE (BvWrapBox, bv_wrap_box, BV, WRAP_BOX, GtkWidget)

G_END_DECLS
