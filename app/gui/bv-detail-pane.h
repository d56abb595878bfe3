/* bv-detail-pane.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bv-event-item.h"

G_BEGIN_DECLS

#define BV_TYPE_DETAIL_PANE (bv_detail_pane_get_type ())

G_DECLARE_FINAL_TYPE (BvDetailPane, bv_detail_pane, BV, DETAIL_PANE, GtkWidget)

BvEventItem *bv_detail_pane_get_item  (BvDetailPane *self);
void         bv_detail_pane_set_item  (BvDetailPane *self,
                                       BvEventItem  *item);
void         bv_detail_pane_set_later_mail (BvDetailPane *self,
                                            BvEventType   type,
                                            gint64        date);
void         bv_detail_pane_clear_later_mail (BvDetailPane *self);

G_END_DECLS
