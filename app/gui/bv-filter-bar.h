/* bv-filter-bar.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bv-store.h"

G_BEGIN_DECLS

#define BV_TYPE_FILTER_BAR (bv_filter_bar_get_type ())

G_DECLARE_FINAL_TYPE (BvFilterBar, bv_filter_bar, BV, FILTER_BAR, GtkWidget)

void      bv_filter_bar_apply        (BvFilterBar *self,
                                      BvQuery     *query);
gboolean  bv_filter_bar_is_active    (BvFilterBar *self);
gboolean  bv_filter_bar_get_moving_since (BvFilterBar *self,
                                          gint64      *since);
void      bv_filter_bar_clear        (BvFilterBar *self);
void      bv_filter_bar_set_reasons  (BvFilterBar *self,
                                      GPtrArray   *reasons);
void      bv_filter_bar_set_reason   (BvFilterBar *self,
                                      const char  *reason);
void      bv_filter_bar_set_status   (BvFilterBar *self,
                                      const char  *status);
void      bv_filter_bar_set_remote   (BvFilterBar *self,
                                      const char  *remote);

G_END_DECLS
