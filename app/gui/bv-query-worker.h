/* bv-query-worker.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bv-store.h"

G_BEGIN_DECLS

typedef struct _BvQueryWorker BvQueryWorker;

/**
 * BvQueryJob:
 *
 * One query of the event list, run by bv_query_job_run() in a GTask
 * thread, and its result.
 */
typedef struct
{
  BvQueryWorker *worker;
  BvQuery query;
  gboolean keep_position;
  gboolean load_index;          /* only load the search index; no rows */
  gboolean counts_unknown;      /* answered without the counts by type */
  gint64 started;               /* monotonic time the job was created, for the debug log */
  gint64 thread_time;           /* microseconds the thread spent on it */

  GArray *ids;
  guint64 counts[BV_EVENT_N_TYPES];
  guint64 total;
  GPtrArray *reasons;           /* (nullable): the reasons, unless counts_unknown */
} BvQueryJob;


void           bv_query_copy          (BvQuery        *dest,
                                       const BvQuery  *src);
void           bv_query_clear         (BvQuery        *query);
gboolean       bv_query_equal         (const BvQuery  *a,
                                       const BvQuery  *b);

BvQueryWorker *bv_query_worker_new    (const char     *database_path);
BvQueryWorker *bv_query_worker_ref    (BvQueryWorker  *worker);
void           bv_query_worker_unref  (BvQueryWorker  *worker);

BvQueryJob    *bv_query_job_new       (BvQueryWorker  *worker,
                                       const BvQuery  *query);
void           bv_query_job_free      (gpointer        job);
void           bv_query_job_run       (GTask          *task,
                                       gpointer        source_object,
                                       gpointer        task_data,
                                       GCancellable   *cancellable);

G_END_DECLS
