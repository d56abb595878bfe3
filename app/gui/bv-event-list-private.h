/* bv-event-list-private.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bv-event-list.h"
#include "bv-query-worker.h"

G_BEGIN_DECLS

/* Shared by bv-event-list.c (queries, model, selection) and
 * bv-event-list-rows.c (the items of the rows and the change signals). */

/* Rows fetched at a time, and how many such pages stay cached. */
#define PAGE_SIZE 64
#define MAX_PAGES 32

/* Rows at the top whose items every query reuses. It is also the most
 * rows that one items-changed signal adds together with a removal. Both
 * must cover the 200 rows that GTK 4.8's list view builds. */
#define N_SLOTS 256

typedef enum
{
  INDEX_NOT_LOADED,
  INDEX_LOADING,
  INDEX_READY,
  INDEX_FAILED,
} IndexState;

struct _BvEventList
{
  GObject parent_instance;

  char *path;
  BvStore *store;
  BvQueryWorker *worker;

  BvQuery query;
  GArray *ids;                  /* (element-type gint64) the rows, in order */
  guint64 counts[BV_EVENT_N_TYPES];
  gboolean counts_unknown;
  guint64 total;
  GPtrArray *reasons;

  GCancellable *cancellable;    /* of the query that runs */
  GCancellable *index_cancellable; /* of the search index load, once started */
  IndexState index_state;
  gboolean loading;
  gboolean refresh_pending;     /* refresh once the running query ends */

  GHashTable *pages;            /* page number → (element-type BvEventItem) GPtrArray */
  GQueue page_order;            /* page numbers, most recently used first */
  BvEventItem *slots[N_SLOTS];  /* items of the first rows, or NULL when not built yet */
  gboolean warned_fetch;
  GError *damage_error;         /* (nullable) the error of a read of rows in a damaged database */
  guint damage_idle;            /* the idle source that closes the list after that read */

  guint selected;
  gint64 selected_id;           /* 0 when nothing is selected */
  BvEventItem *selected_item;
};

void           bv_event_list_clear_pages         (BvEventList *self);
GPtrArray     *bv_event_list_fetch_events        (BvEventList *self,
                                                  guint        start,
                                                  guint        n_rows);
BvStoredEvent *bv_event_list_steal_event         (GPtrArray   *events,
                                                  guint        index);
void           bv_event_list_refresh_slots       (BvEventList *self);
BvEventItem   *bv_event_list_lookup_item         (BvEventList *self,
                                                  guint        position);
void           bv_event_list_emit_items_changed  (BvEventList *self,
                                                  GArray      *old_ids,
                                                  guint        prefix,
                                                  guint        suffix);
void           bv_event_list_report_damage       (BvEventList  *self,
                                                  const GError *error);

G_END_DECLS
