/* bv-search-index.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bv-store.h"

G_BEGIN_DECLS

typedef struct _BvSearchIndex BvSearchIndex;

BvSearchIndex *bv_search_index_new          (void);
void           bv_search_index_free         (BvSearchIndex        *index);

gboolean       bv_search_index_update       (BvSearchIndex        *index,
                                             BvStore              *store,
                                             GCancellable         *cancellable,
                                             GError              **error);
gint64         bv_search_index_get_max_id   (BvSearchIndex        *index);
guint64        bv_search_index_get_n_events (BvSearchIndex        *index);

GArray        *bv_search_index_filter       (BvSearchIndex        *index,
                                             GArray               *ids,
                                             const char           *recipient,
                                             BvEventType           type,
                                             guint64               counts[BV_EVENT_N_TYPES]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BvSearchIndex, bv_search_index_free)

G_END_DECLS
