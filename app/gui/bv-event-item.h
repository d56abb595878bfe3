/* bv-event-item.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "bv-store.h"

G_BEGIN_DECLS

#define BV_TYPE_EVENT_ITEM (bv_event_item_get_type ())

G_DECLARE_FINAL_TYPE (BvEventItem, bv_event_item, BV, EVENT_ITEM, GObject)

BvEventItem         *bv_event_item_new                   (BvStoredEvent *stored);
void                 bv_event_item_set_stored            (BvEventItem   *self,
                                                          BvStoredEvent *stored);
gint64               bv_event_item_get_id                (BvEventItem   *self);
const BvStoredEvent *bv_event_item_get_stored            (BvEventItem   *self);
const BvEvent       *bv_event_item_get_event             (BvEventItem   *self);
char                *bv_event_item_dup_date_text         (BvEventItem   *self);
const char          *bv_event_item_get_type_text         (BvEventItem   *self);
char                *bv_event_item_dup_reply_code_text   (BvEventItem   *self);
char                *bv_event_item_dup_diagnostic_excerpt (BvEventItem  *self);

const char          *bv_event_type_get_label             (BvEventType    type);
char                *bv_format_date                      (gint64         unix_time);
char                *bv_format_date_exact                (gint64         unix_time);

G_END_DECLS
