/* bv-event-list.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bv-event-item.h"
#include "bv-store.h"

G_BEGIN_DECLS

#define BV_TYPE_EVENT_LIST (bv_event_list_get_type ())

G_DECLARE_FINAL_TYPE (BvEventList, bv_event_list, BV, EVENT_LIST, GObject)

BvEventList    *bv_event_list_new                (void);
gboolean        bv_event_list_open               (BvEventList     *self,
                                                  const char      *path,
                                                  BvStoreOpenFlags flags,
                                                  GError         **error);
BvStore        *bv_event_list_get_store          (BvEventList     *self);
const char     *bv_event_list_get_path           (BvEventList     *self);

void            bv_event_list_set_query          (BvEventList     *self,
                                                  const BvQuery   *query);
const BvQuery  *bv_event_list_get_query          (BvEventList     *self);
void            bv_event_list_refresh            (BvEventList     *self);
void            bv_event_list_refresh_since      (BvEventList     *self,
                                                  gint64           since);
gboolean        bv_event_list_get_loading        (BvEventList     *self);

guint           bv_event_list_get_n_events       (BvEventList     *self);
guint64         bv_event_list_get_total          (BvEventList     *self);
gboolean        bv_event_list_get_counts_known   (BvEventList     *self);
guint64         bv_event_list_get_type_count     (BvEventList     *self,
                                                  BvEventType      type);
GPtrArray      *bv_event_list_get_reasons        (BvEventList     *self);
GArray         *bv_event_list_get_ids            (BvEventList     *self);
guint           bv_event_list_find_row           (BvEventList     *self,
                                                  gint64           id);

guint           bv_event_list_get_selected       (BvEventList     *self);
void            bv_event_list_set_selected       (BvEventList     *self,
                                                  guint            position);
BvEventItem    *bv_event_list_get_selected_item  (BvEventList     *self);

G_END_DECLS
