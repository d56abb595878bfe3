/* bv-query-worker.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The query thread of the event list. A worker owns a read-only
 * connection to the database, the search index of recipients and the
 * ids of the last query without its recipient and type filters; one job
 * at a time uses them, under the worker's lock. A job that a newer one
 * replaced finds its cancellable cancelled and stops, inside SQLite too. */

#define G_LOG_DOMAIN "bounceview-query-worker"

#include "bv-query-worker.h"

#include "bv-search-index.h"

struct _BvQueryWorker
{
  gatomicrefcount ref_count;
  GMutex mutex;                 /* one query at a time uses the connection and the caches */
  char *path;

  BvStore *store;               /* opened read-only in the query thread */
  BvSearchIndex *index;
  gboolean have_totals;          /* the first update ran */
  GPtrArray *reasons;           /* (element-type utf8) the stored events' reasons */

  gboolean have_base;
  BvQuery base_query;           /* the query behind base_ids: no recipient, any type */
  GArray *base_ids;
  GArray *all_ids;              /* the rows of base_ids without filters, or NULL until a query needs them */
  guint64 all_counts[BV_EVENT_N_TYPES];
};


void
bv_query_copy (BvQuery       *dest,
            const BvQuery *src)
{
  *dest = *src;
  dest->recipient = g_strdup (src->recipient);
  dest->status = g_strdup (src->status);
  dest->reason = g_strdup (src->reason);
  dest->remote_mta = g_strdup (src->remote_mta);
}

void
bv_query_clear (BvQuery *query)
{
  g_free ((char *) query->recipient);
  g_free ((char *) query->status);
  g_free ((char *) query->reason);
  g_free ((char *) query->remote_mta);
  memset (query, 0, sizeof *query);
}

gboolean
bv_query_equal (const BvQuery *a,
             const BvQuery *b)
{
  return g_strcmp0 (a->recipient, b->recipient) == 0 &&
         a->type == b->type &&
         g_strcmp0 (a->status, b->status) == 0 &&
         a->reply_code == b->reply_code &&
         g_strcmp0 (a->reason, b->reason) == 0 &&
         g_strcmp0 (a->remote_mta, b->remote_mta) == 0 &&
         a->hard_only == b->hard_only &&
         a->since == b->since &&
         a->until == b->until &&
         a->sort == b->sort &&
         a->descending == b->descending &&
         a->reason_by_label == b->reason_by_label;
}

BvQueryWorker *
bv_query_worker_new (const char *database_path)
{
  BvQueryWorker *worker = g_new0 (BvQueryWorker, 1);

  g_atomic_ref_count_init (&worker->ref_count);
  g_mutex_init (&worker->mutex);
  worker->path = g_strdup (database_path);
  return worker;
}

BvQueryWorker *
bv_query_worker_ref (BvQueryWorker *worker)
{
  g_atomic_ref_count_inc (&worker->ref_count);
  return worker;
}

void
bv_query_worker_unref (BvQueryWorker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref_count))
    return;

  g_clear_pointer (&worker->store, bv_store_close);
  g_clear_pointer (&worker->index, bv_search_index_free);
  g_clear_pointer (&worker->base_ids, g_array_unref);
  g_clear_pointer (&worker->all_ids, g_array_unref);
  g_clear_pointer (&worker->reasons, g_ptr_array_unref);
  bv_query_clear (&worker->base_query);
  g_mutex_clear (&worker->mutex);
  g_free (worker->path);
  g_free (worker);
}

void
bv_query_job_free (gpointer data)
{
  BvQueryJob *job = data;

  bv_query_worker_unref (job->worker);
  bv_query_clear (&job->query);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->reasons, g_ptr_array_unref);
  g_free (job);
}

/* Brings the search index and the list of reasons up to the store's
 * contents, and sets @changed when events were added since the last call.
 * Events are never deleted and ids only grow, so reading the rows after
 * the index's last id finds every change, and costs one b-tree lookup
 * when there is none. */
static gboolean
worker_update (BvQueryWorker  *worker,
               gboolean       *changed,
               GCancellable   *cancellable,
               GError        **error)
{
  GPtrArray *reasons;
  guint64 n_before;

  *changed = FALSE;

  if (worker->index == NULL)
    worker->index = bv_search_index_new ();

  n_before = bv_search_index_get_n_events (worker->index);
  if (!bv_search_index_update (worker->index, worker->store, cancellable, error))
    return FALSE;

  if (worker->have_totals && bv_search_index_get_n_events (worker->index) == n_before)
    return TRUE;

  reasons = bv_store_list_values (worker->store, "reason", error);
  if (reasons == NULL)
    return FALSE;
  g_clear_pointer (&worker->reasons, g_ptr_array_unref);
  worker->reasons = reasons;

  worker->have_totals = TRUE;
  worker->have_base = FALSE;
  *changed = TRUE;
  return TRUE;
}

/* Answers a query from SQLite alone. Until the search index is loaded,
 * a query without a recipient goes this way, so that the first rows of a
 * large database show without waiting for the load. */
static gboolean
worker_run_sql (BvQueryWorker  *worker,
                BvQueryJob     *job,
                GCancellable   *cancellable,
                GError        **error)
{
  BvQuery unfiltered = { .sort = job->query.sort, .descending = job->query.descending,
                         .reason_by_label = job->query.reason_by_label };
  guint64 n_events = 0;

  job->ids = bv_store_query_ids (worker->store, &job->query, cancellable, error);
  if (job->ids == NULL)
    return FALSE;

  /* Without filters, as at start, the rows are all the events. */
  if (bv_query_equal (&job->query, &unfiltered))
    n_events = job->ids->len;
  else if (!bv_store_count_messages (worker->store, NULL, &n_events, error))
    return FALSE;
  job->total = n_events;

  /* The counts by type and the reasons follow once the index is loaded. */
  job->counts_unknown = TRUE;
  return TRUE;
}

/* Queries the ids of @base and brings the search index up to them, since
 * an import may commit between the index update and the query. The index
 * may then hold events that the query missed, so the query runs again. */
static GArray *
query_base_ids (BvQueryWorker  *worker,
                const BvQuery  *base,
                GCancellable   *cancellable,
                GError        **error)
{
  for (guint attempt = 1;; attempt++)
    {
      GArray *ids = bv_store_query_ids (worker->store, base, cancellable, error);
      gint64 max_id = 0;

      if (ids == NULL)
        return NULL;

      for (guint i = 0; i < ids->len; i++)
        max_id = MAX (max_id, g_array_index (ids, gint64, i));
      if (max_id <= bv_search_index_get_max_id (worker->index))
        return ids;

      if (!bv_search_index_update (worker->index, worker->store, cancellable, error))
        {
          g_array_unref (ids);
          return NULL;
        }

      /* Each try needs a commit in the short gap between the query and
       * the index update. NOTE: after three such commits in a row the
       * rows can miss a few events until the next change is seen. */
      if (attempt == 3)
        return ids;
      g_array_unref (ids);
    }
}

static gboolean
worker_run (BvQueryWorker  *worker,
            BvQueryJob     *job,
            GCancellable   *cancellable,
            GError        **error)
{
  BvQuery base;
  gboolean changed;
  gint64 start;

  if (worker->store == NULL)
    {
      worker->store = bv_store_open (worker->path, BV_STORE_OPEN_READ_ONLY, error);
      if (worker->store == NULL)
        return FALSE;
    }

  if (worker->index == NULL && !job->load_index &&
      (job->query.recipient == NULL || *job->query.recipient == '\0'))
    return worker_run_sql (worker, job, cancellable, error);

  start = g_get_monotonic_time ();
  if (!worker_update (worker, &changed, cancellable, error))
    return FALSE;
  if (changed)
    g_debug ("Search index of %" G_GUINT64_FORMAT " events updated in %.1f ms",
             bv_search_index_get_n_events (worker->index),
             (g_get_monotonic_time () - start) / 1000.0);
  if (job->load_index)
    return TRUE;

  base = job->query;
  base.recipient = NULL;
  base.type = BV_EVENT_UNKNOWN;

  if (!worker->have_base || !bv_query_equal (&base, &worker->base_query))
    {
      GArray *ids = query_base_ids (worker, &base, cancellable, error);

      if (ids == NULL)
        return FALSE;

      g_clear_pointer (&worker->base_ids, g_array_unref);
      g_clear_pointer (&worker->all_ids, g_array_unref);
      worker->base_ids = ids;
      bv_query_clear (&worker->base_query);
      bv_query_copy (&worker->base_query, &base);
      worker->have_base = TRUE;
    }

  /* Clearing the search shows every row of the base query again, so that
   * array is kept and shared with the list, which never changes it. */
  if ((job->query.recipient == NULL || *job->query.recipient == '\0') &&
      job->query.type == BV_EVENT_UNKNOWN)
    {
      if (worker->all_ids == NULL)
        worker->all_ids = bv_search_index_filter (worker->index, worker->base_ids, NULL,
                                                  BV_EVENT_UNKNOWN, worker->all_counts);
      job->ids = g_array_ref (worker->all_ids);
      memcpy (job->counts, worker->all_counts, sizeof job->counts);
    }
  else
    {
      job->ids = bv_search_index_filter (worker->index, worker->base_ids, job->query.recipient,
                                         job->query.type, job->counts);
    }
  job->total = bv_search_index_get_n_events (worker->index);
  job->reasons = g_ptr_array_ref (worker->reasons);
  return TRUE;
}

void
bv_query_job_run (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  BvQueryJob *job = task_data;
  BvQueryWorker *worker = job->worker;
  GError *error = NULL;
  gint64 start;
  gboolean ok;

  g_mutex_lock (&worker->mutex);

  /* A newer query replaced this one while it waited for the lock. */
  if (g_task_return_error_if_cancelled (task))
    {
      g_mutex_unlock (&worker->mutex);
      return;
    }

  start = g_get_monotonic_time ();
  ok = worker_run (worker, job, cancellable, &error);
  job->thread_time = g_get_monotonic_time () - start;
  g_mutex_unlock (&worker->mutex);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * bv_query_job_new:
 * @worker: the worker that runs the job
 * @query: (nullable): the filters and order; copied
 *
 * Returns: (transfer full): a job that returns rows and counts
 */
BvQueryJob *
bv_query_job_new (BvQueryWorker *worker,
                  const BvQuery *query)
{
  BvQueryJob *job = g_new0 (BvQueryJob, 1);

  job->worker = bv_query_worker_ref (worker);
  job->started = g_get_monotonic_time ();
  if (query != NULL)
    bv_query_copy (&job->query, query);
  return job;
}
