/* bv-type-switcher.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bv-event.h"

G_BEGIN_DECLS

#define BV_TYPE_EVENT_TYPE (bv_event_type_get_type ())
#define BV_TYPE_TYPE_SWITCHER (bv_type_switcher_get_type ())

GType bv_event_type_get_type (void) G_GNUC_CONST;

G_DECLARE_FINAL_TYPE (BvTypeSwitcher, bv_type_switcher, BV, TYPE_SWITCHER, GtkWidget)

BvEventType  bv_type_switcher_get_event_type  (BvTypeSwitcher *self);
void         bv_type_switcher_set_event_type  (BvTypeSwitcher *self,
                                               BvEventType     type);
void         bv_type_switcher_set_count       (BvTypeSwitcher *self,
                                               BvEventType     type,
                                               gint64          count);

G_END_DECLS
