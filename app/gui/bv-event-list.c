/* bv-event-list.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The list model of the event list, and its selection.
 *
 * The model holds only the ids of the matching events, in display
 * order. Items are built when the view requests a row, a page of rows
 * at a time from the store's main-thread connection, and a few pages
 * stay cached. A database of a million events thus costs 8 MB of ids
 * here, not a million objects.
 *
 * Queries run in a GTask thread with a second, read-only connection.
 * Each new query cancels the one before, which SQLite's progress handler
 * then interrupts, so typing fast never queues up work. The thread keeps
 * the ids of the last query without its recipient and type filters, and
 * a BvSearchIndex of every recipient; a keystroke in the search then
 * filters those ids in memory instead of asking SQLite again.
 *
 * The model is its own single-selection model: it remembers the selected
 * event by id, so the selection survives a new query that still holds
 * that event. (GtkSingleSelection would look for its item among all the
 * new rows and so build every one of them.)
 *
 * GTK 4.8's list view keeps about 200 rows of widgets, eight cells each,
 * and destroys the widgets of every row a change removes unless the
 * same item object comes back. Building them anew took 0.3 s after each
 * keystroke. So the first rows are "slots": items that stay the same
 * objects from query to query and take the event now at their row. */

#define G_LOG_DOMAIN "bounceview-event-list"

#include "bv-event-list.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bv-search-index.h"

/* Rows fetched at a time, and how many such pages stay cached. */
#define PAGE_SIZE 64
#define MAX_PAGES 32

/* Rows at the top whose items are reused by every query, and the most
 * rows one items-changed signal adds together with a removal; both
 * cover the 200 rows that GTK 4.8's list view builds. */
#define N_SLOTS 256

typedef struct
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
} Worker;

typedef struct
{
  Worker *worker;
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
} Job;

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
  Worker *worker;

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

  guint selected;
  gint64 selected_id;           /* 0 when nothing is selected */
  BvEventItem *selected_item;
};

static void bv_event_list_model_init     (GListModelInterface         *iface);
static void bv_event_list_selection_init (GtkSelectionModelInterface  *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BvEventList, bv_event_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, bv_event_list_model_init)
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SELECTION_MODEL,
                                                      bv_event_list_selection_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_SELECTED,
  PROP_SELECTED_ITEM,
  PROP_TOTAL,
  PROP_REASONS,
  N_PROPS
};

enum {
  UPDATED,
  QUERY_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
query_copy (BvQuery       *dest,
            const BvQuery *src)
{
  *dest = *src;
  dest->recipient = g_strdup (src->recipient);
  dest->status = g_strdup (src->status);
  dest->reason = g_strdup (src->reason);
  dest->remote_mta = g_strdup (src->remote_mta);
}

static void
query_clear (BvQuery *query)
{
  g_free ((char *) query->recipient);
  g_free ((char *) query->status);
  g_free ((char *) query->reason);
  g_free ((char *) query->remote_mta);
  memset (query, 0, sizeof *query);
}

static gboolean
query_equal (const BvQuery *a,
             const BvQuery *b)
{
  return g_strcmp0 (a->recipient, b->recipient) == 0 &&
         a->type == b->type &&
         g_strcmp0 (a->status, b->status) == 0 &&
         a->reply_code == b->reply_code &&
         g_strcmp0 (a->reason, b->reason) == 0 &&
         g_strcmp0 (a->remote_mta, b->remote_mta) == 0 &&
         a->since == b->since &&
         a->until == b->until &&
         a->sort == b->sort &&
         a->descending == b->descending;
}

static Worker *
worker_new (const char *path)
{
  Worker *worker = g_new0 (Worker, 1);

  g_atomic_ref_count_init (&worker->ref_count);
  g_mutex_init (&worker->mutex);
  worker->path = g_strdup (path);
  return worker;
}

static Worker *
worker_ref (Worker *worker)
{
  g_atomic_ref_count_inc (&worker->ref_count);
  return worker;
}

static void
worker_unref (Worker *worker)
{
  if (!g_atomic_ref_count_dec (&worker->ref_count))
    return;

  g_clear_pointer (&worker->store, bv_store_close);
  g_clear_pointer (&worker->index, bv_search_index_free);
  g_clear_pointer (&worker->base_ids, g_array_unref);
  g_clear_pointer (&worker->reasons, g_ptr_array_unref);
  query_clear (&worker->base_query);
  g_mutex_clear (&worker->mutex);
  g_free (worker->path);
  g_free (worker);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  worker_unref (job->worker);
  query_clear (&job->query);
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
worker_update (Worker        *worker,
               gboolean      *changed,
               GCancellable  *cancellable,
               GError       **error)
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
worker_run_sql (Worker        *worker,
                Job           *job,
                GCancellable  *cancellable,
                GError       **error)
{
  guint64 n_events = 0;

  job->ids = bv_store_query_ids (worker->store, &job->query, cancellable, error);
  if (job->ids == NULL)
    return FALSE;

  if (!bv_store_count_messages (worker->store, NULL, &n_events, error))
    return FALSE;
  job->total = n_events;

  /* The counts by type and the reasons follow once the index is loaded. */
  job->counts_unknown = TRUE;
  return TRUE;
}

static gboolean
worker_run (Worker        *worker,
            Job           *job,
            GCancellable  *cancellable,
            GError       **error)
{
  BvQuery base;
  gboolean changed;
  gint64 max_id = 0;
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

  if (!worker->have_base || !query_equal (&base, &worker->base_query))
    {
      GArray *ids = bv_store_query_ids (worker->store, &base, cancellable, error);

      if (ids == NULL)
        return FALSE;

      g_clear_pointer (&worker->base_ids, g_array_unref);
      worker->base_ids = ids;
      query_clear (&worker->base_query);
      query_copy (&worker->base_query, &base);
      worker->have_base = TRUE;

      /* An import may have committed between the index update and the
       * id query, and the index must contain every id the query found. */
      for (guint i = 0; i < ids->len; i++)
        max_id = MAX (max_id, g_array_index (ids, gint64, i));
      if (max_id > bv_search_index_get_max_id (worker->index) &&
          !bv_search_index_update (worker->index, worker->store, cancellable, error))
        return FALSE;
    }

  job->ids = bv_search_index_filter (worker->index, worker->base_ids, job->query.recipient,
                                     job->query.type, job->counts);
  job->total = bv_search_index_get_n_events (worker->index);
  job->reasons = g_ptr_array_ref (worker->reasons);
  return TRUE;
}

static void
run_query (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  Job *job = task_data;
  Worker *worker = job->worker;
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

static void
clear_pages (BvEventList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);
}

/* Reads the events of rows @start to @start + @n_rows. Events that are
 * gone or unreadable come back empty, so that every row shows something. */
static GPtrArray *
fetch_events (BvEventList *self,
              guint        start,
              guint        n_rows)
{
  g_autoptr(GError) error = NULL;
  const gint64 *ids = &g_array_index (self->ids, gint64, start);
  GPtrArray *events = bv_store_get_events (self->store, ids, n_rows, &error);

  if (events == NULL)
    {
      if (!self->warned_fetch)
        g_warning ("Cannot read events from %s: %s", self->path, error->message);
      self->warned_fetch = TRUE;
      events = g_ptr_array_new_full (n_rows, (GDestroyNotify) bv_stored_event_free);
      g_ptr_array_set_size (events, n_rows);
    }

  for (guint i = 0; i < n_rows; i++)
    {
      BvStoredEvent *stored;

      if (g_ptr_array_index (events, i) != NULL)
        continue;

      stored = g_new0 (BvStoredEvent, 1);
      stored->id = ids[i];
      stored->event = bv_event_new (BV_EVENT_UNKNOWN);
      g_ptr_array_index (events, i) = stored;
    }

  return events;
}

static BvStoredEvent *
steal_event (GPtrArray *events,
             guint      index)
{
  BvStoredEvent *stored = g_ptr_array_index (events, index);

  g_ptr_array_index (events, index) = NULL;
  return stored;
}

static GPtrArray *
fetch_page (BvEventList *self,
            guint        page)
{
  guint start = page * PAGE_SIZE;
  guint n_rows = MIN (PAGE_SIZE, self->ids->len - start);
  g_autoptr(GPtrArray) events = fetch_events (self, start, n_rows);
  GPtrArray *items = g_ptr_array_new_full (n_rows, g_object_unref);

  for (guint i = 0; i < n_rows; i++)
    g_ptr_array_add (items, bv_event_item_new (steal_event (events, i)));
  return items;
}

/* Builds the missing slots of the page that holds @position. */
static void
fill_slots (BvEventList *self,
            guint        position)
{
  guint start = position - position % PAGE_SIZE;
  guint n_rows = MIN (PAGE_SIZE, self->ids->len - start);
  g_autoptr(GPtrArray) events = fetch_events (self, start, n_rows);

  for (guint i = 0; i < n_rows && start + i < N_SLOTS; i++)
    {
      if (self->slots[start + i] == NULL)
        self->slots[start + i] = bv_event_item_new (steal_event (events, i));
    }
}

/* Gives the slots that exist the events now at their rows, and drops
 * the slots past the last row. */
static void
refresh_slots (BvEventList *self)
{
  guint n_rows = MIN (N_SLOTS, self->ids->len);
  g_autoptr(GPtrArray) events = NULL;

  for (guint i = n_rows; i < N_SLOTS; i++)
    g_clear_object (&self->slots[i]);

  if (n_rows == 0)
    return;

  events = fetch_events (self, 0, n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      if (self->slots[i] != NULL &&
          bv_event_item_get_id (self->slots[i]) != g_array_index (self->ids, gint64, i))
        bv_event_item_set_stored (self->slots[i], steal_event (events, i));
    }
}

static BvEventItem *
lookup_item (BvEventList *self,
             guint        position)
{
  guint page = position / PAGE_SIZE;
  GPtrArray *items;

  if (position < N_SLOTS)
    {
      if (self->slots[position] == NULL)
        fill_slots (self, position);
      return self->slots[position];
    }

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    {
      items = fetch_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);

      if (self->page_order.length >= MAX_PAGES)
        g_hash_table_remove (self->pages, g_queue_pop_tail (&self->page_order));
      g_queue_push_head (&self->page_order, GUINT_TO_POINTER (page));
    }
  else if (g_queue_peek_head (&self->page_order) != GUINT_TO_POINTER (page))
    {
      g_queue_remove (&self->page_order, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->page_order, GUINT_TO_POINTER (page));
    }

  return g_ptr_array_index (items, position % PAGE_SIZE);
}

static void
set_loading (BvEventList *self,
             gboolean     loading)
{
  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
emit_selection_changed (BvEventList *self,
                        guint        old_position,
                        guint        new_position)
{
  guint first = MIN (old_position, new_position);
  guint last = old_position == GTK_INVALID_LIST_POSITION ? new_position :
               new_position == GTK_INVALID_LIST_POSITION ? old_position :
               MAX (old_position, new_position);

  if (first == GTK_INVALID_LIST_POSITION)
    return;

  gtk_selection_model_selection_changed (GTK_SELECTION_MODEL (self), first, last - first + 1);
}

static void
select_position (BvEventList *self,
                 guint        position)
{
  guint old_position = self->selected;

  if (position >= self->ids->len)
    position = GTK_INVALID_LIST_POSITION;
  if (position == old_position)
    return;

  self->selected = position;
  g_clear_object (&self->selected_item);
  self->selected_id = 0;

  /* An item of its own: the row's item may be a slot, which takes
   * another event at the next query. */
  if (position != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(GPtrArray) events = fetch_events (self, position, 1);

      self->selected_item = bv_event_item_new (steal_event (events, 0));
      self->selected_id = g_array_index (self->ids, gint64, position);
    }

  emit_selection_changed (self, old_position, position);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
}

static guint
find_id (GArray *ids,
         gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (ids, gint64, i) == id)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* Reports that the rows between @prefix and the last @suffix rows were
 * replaced by those of self->ids.
 *
 * When one signal removes a row that the view tracks (its top row, the
 * focus) and adds rows, GTK 4.8's list item manager looks for that row's
 * item among all the added rows, fetching every one of them. So a change
 * that adds many rows is sent in two parts: the removal with the first
 * N_SLOTS added rows, where the view finds its slots again, then the
 * other added rows alone. In between, the model holds the new rows up to
 * there and the old rows after. */
static void
emit_items_changed (BvEventList *self,
                    GArray      *old_ids,
                    guint        prefix,
                    guint        suffix)
{
  g_autoptr(GArray) new_ids = g_array_ref (self->ids);
  guint removed = old_ids->len - prefix - suffix;
  guint added = new_ids->len - prefix - suffix;

  if (removed > 0 && added > N_SLOTS)
    {
      GArray *between = g_array_sized_new (FALSE, FALSE, sizeof (gint64),
                                           prefix + N_SLOTS + suffix);

      g_array_append_vals (between, new_ids->data, prefix + N_SLOTS);
      g_array_append_vals (between, &g_array_index (old_ids, gint64, old_ids->len - suffix),
                           suffix);

      g_array_unref (self->ids);
      self->ids = between;
      clear_pages (self);
      g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, N_SLOTS);

      g_array_unref (self->ids);
      self->ids = g_array_ref (new_ids);
      clear_pages (self);
      g_list_model_items_changed (G_LIST_MODEL (self), prefix + N_SLOTS, 0, added - N_SLOTS);
      return;
    }

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, added);
}

/* Replaces the rows with a query's result. When @keep_position is set,
 * only the rows between the unchanged start and the unchanged end are
 * reported as changed, so the view keeps its scroll position while an
 * import adds events. */
static void
apply_result (BvEventList *self,
              Job         *job)
{
  g_autoptr(GArray) old_ids = self->ids;
  GArray *new_ids = g_steal_pointer (&job->ids);
  guint prefix = 0;
  guint suffix = 0;
  guint old_selected = self->selected;
  gint64 old_total = self->total;

  if (job->keep_position)
    {
      guint shorter = MIN (old_ids->len, new_ids->len);

      while (prefix < shorter &&
             g_array_index (old_ids, gint64, prefix) == g_array_index (new_ids, gint64, prefix))
        prefix++;
      while (suffix < shorter - prefix &&
             g_array_index (old_ids, gint64, old_ids->len - 1 - suffix) ==
             g_array_index (new_ids, gint64, new_ids->len - 1 - suffix))
        suffix++;
    }

  self->ids = new_ids;
  memcpy (self->counts, job->counts, sizeof self->counts);
  self->counts_unknown = job->counts_unknown;
  self->total = job->total;
  if (job->reasons != NULL && job->reasons != self->reasons)
    {
      g_clear_pointer (&self->reasons, g_ptr_array_unref);
      self->reasons = g_steal_pointer (&job->reasons);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASONS]);
    }
  clear_pages (self);
  refresh_slots (self);

  /* Follow the selected event to its new row, or drop it. */
  self->selected = GTK_INVALID_LIST_POSITION;
  if (self->selected_id != 0)
    self->selected = find_id (self->ids, self->selected_id);
  if (self->selected == GTK_INVALID_LIST_POSITION)
    {
      self->selected_id = 0;
      g_clear_object (&self->selected_item);
    }

  emit_items_changed (self, old_ids, prefix, suffix);

  if (self->selected != old_selected)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
      if (self->selected == GTK_INVALID_LIST_POSITION)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
    }
  if (self->total != old_total)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);

  g_signal_emit (self, signals[UPDATED], 0, !job->keep_position);
}

static void start_query (BvEventList *self,
                         gboolean     keep_position);

static void
index_loaded (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  BvEventList *self = BV_EVENT_LIST (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      self->index_state = INDEX_FAILED;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, BV_STORE_ERROR, BV_STORE_ERROR_CANCELLED))
        {
          g_warning ("Cannot load the search index of %s: %s", self->path, error->message);
          g_signal_emit (self, signals[QUERY_FAILED], 0, error);
        }
      if (self->cancellable == NULL)
        set_loading (self, FALSE);
      return;
    }

  self->index_state = INDEX_READY;

  /* The rows shown came from SQLite without counts: get them now. */
  if (self->cancellable != NULL)
    self->refresh_pending = TRUE;
  else
    start_query (self, TRUE);
}

/* Loads the search index in the query thread, after the first rows are
 * shown, so that the first search does not wait for it. */
static void
start_index_load (BvEventList *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);

  job->worker = worker_ref (self->worker);
  job->load_index = TRUE;
  job->started = g_get_monotonic_time ();

  task = g_task_new (self, self->index_cancellable, index_loaded, NULL);
  g_task_set_source_tag (task, start_index_load);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, run_query);
}

static void
query_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BvEventList *self = BV_EVENT_LIST (object);
  GTask *task = G_TASK (result);
  Job *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* A superseded query: the one that replaced it reports. */
  if (g_task_get_cancellable (task) != self->cancellable)
    return;

  if (!g_task_propagate_boolean (task, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          !g_error_matches (error, BV_STORE_ERROR, BV_STORE_ERROR_CANCELLED))
        {
          g_warning ("Query on %s failed: %s", self->path, error->message);
          g_signal_emit (self, signals[QUERY_FAILED], 0, error);
        }
      g_clear_object (&self->cancellable);
      set_loading (self, FALSE);
      return;
    }

  g_clear_object (&self->cancellable);
  start = g_get_monotonic_time ();
  apply_result (self, job);
  g_debug ("Query of %u rows: %.1f ms in the thread, %.1f ms to show, %.1f ms in all",
           self->ids->len, job->thread_time / 1000.0,
           (g_get_monotonic_time () - start) / 1000.0,
           (g_get_monotonic_time () - job->started) / 1000.0);

  if (self->refresh_pending)
    {
      self->refresh_pending = FALSE;
      start_query (self, TRUE);
      return;
    }

  /* The list stays loading until the counts by type are in. */
  if (self->counts_unknown && self->index_state == INDEX_NOT_LOADED)
    {
      self->index_state = INDEX_LOADING;
      self->index_cancellable = g_cancellable_new ();
      start_index_load (self);
      return;
    }
  if (self->counts_unknown && self->index_state == INDEX_LOADING)
    return;

  set_loading (self, FALSE);
}

static void
start_query (BvEventList *self,
             gboolean     keep_position)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->worker == NULL)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  job = g_new0 (Job, 1);
  job->worker = worker_ref (self->worker);
  job->keep_position = keep_position;
  job->started = g_get_monotonic_time ();
  query_copy (&job->query, &self->query);

  task = g_task_new (self, self->cancellable, query_done, NULL);
  g_task_set_source_tag (task, start_query);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, run_query);

  set_loading (self, TRUE);
}

static GType
bv_event_list_get_item_type (GListModel *model)
{
  return BV_TYPE_EVENT_ITEM;
}

static guint
bv_event_list_get_n_items (GListModel *model)
{
  BvEventList *self = BV_EVENT_LIST (model);

  return self->ids->len;
}

static gpointer
bv_event_list_get_item (GListModel *model,
                        guint       position)
{
  BvEventList *self = BV_EVENT_LIST (model);

  if (position >= self->ids->len)
    return NULL;
  return g_object_ref (lookup_item (self, position));
}

static void
bv_event_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = bv_event_list_get_item_type;
  iface->get_n_items = bv_event_list_get_n_items;
  iface->get_item = bv_event_list_get_item;
}

static gboolean
bv_event_list_is_selected (GtkSelectionModel *model,
                           guint              position)
{
  BvEventList *self = BV_EVENT_LIST (model);

  return position == self->selected;
}

static GtkBitset *
bv_event_list_get_selection_in_range (GtkSelectionModel *model,
                                      guint              position,
                                      guint              n_items)
{
  BvEventList *self = BV_EVENT_LIST (model);
  GtkBitset *bitset = gtk_bitset_new_empty ();

  if (self->selected != GTK_INVALID_LIST_POSITION &&
      self->selected >= position && self->selected - position < n_items)
    gtk_bitset_add (bitset, self->selected);

  return bitset;
}

static gboolean
bv_event_list_select_item (GtkSelectionModel *model,
                           guint              position,
                           gboolean           unselect_rest)
{
  select_position (BV_EVENT_LIST (model), position);
  return TRUE;
}

static gboolean
bv_event_list_unselect_item (GtkSelectionModel *model,
                             guint              position)
{
  BvEventList *self = BV_EVENT_LIST (model);

  if (position == self->selected)
    select_position (self, GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static gboolean
bv_event_list_unselect_all (GtkSelectionModel *model)
{
  select_position (BV_EVENT_LIST (model), GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static void
bv_event_list_selection_init (GtkSelectionModelInterface *iface)
{
  iface->is_selected = bv_event_list_is_selected;
  iface->get_selection_in_range = bv_event_list_get_selection_in_range;
  iface->select_item = bv_event_list_select_item;
  iface->unselect_item = bv_event_list_unselect_item;
  iface->unselect_all = bv_event_list_unselect_all;
}

static void
bv_event_list_dispose (GObject *object)
{
  BvEventList *self = (BvEventList *) object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->index_cancellable != NULL)
    g_cancellable_cancel (self->index_cancellable);
  g_clear_object (&self->index_cancellable);
  g_clear_object (&self->selected_item);
  clear_pages (self);
  for (guint i = 0; i < N_SLOTS; i++)
    g_clear_object (&self->slots[i]);

  G_OBJECT_CLASS (bv_event_list_parent_class)->dispose (object);
}

static void
bv_event_list_finalize (GObject *object)
{
  BvEventList *self = (BvEventList *) object;

  g_clear_pointer (&self->worker, worker_unref);
  g_clear_pointer (&self->store, bv_store_close);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  query_clear (&self->query);
  g_free (self->path);

  G_OBJECT_CLASS (bv_event_list_parent_class)->finalize (object);
}

static void
bv_event_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BvEventList *self = BV_EVENT_LIST (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;

    case PROP_SELECTED_ITEM:
      g_value_set_object (value, self->selected_item);
      break;

    case PROP_TOTAL:
      g_value_set_uint64 (value, self->total);
      break;

    case PROP_REASONS:
      g_value_set_boxed (value, self->reasons);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bv_event_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BvEventList *self = BV_EVENT_LIST (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      bv_event_list_set_selected (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bv_event_list_class_init (BvEventListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bv_event_list_dispose;
  object_class->finalize = bv_event_list_finalize;
  object_class->get_property = bv_event_list_get_property;
  object_class->set_property = bv_event_list_set_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL,
                       0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SELECTED_ITEM] =
    g_param_spec_object ("selected-item", NULL, NULL,
                         BV_TYPE_EVENT_ITEM,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TOTAL] =
    g_param_spec_uint64 ("total", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REASONS] =
    g_param_spec_boxed ("reasons", NULL, NULL,
                        G_TYPE_PTR_ARRAY,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BvEventList::updated:
   * @self: the list
   * @reset: %TRUE when a new query replaced the rows, %FALSE when a
   *   refresh added or removed rows of the same query
   *
   * Emitted after a query's result replaced the rows and counts.
   */
  signals[UPDATED] =
    g_signal_new ("updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  /**
   * BvEventList::query-failed:
   * @self: the list
   * @error: what went wrong
   *
   * Emitted when a query fails; the rows stay as they were.
   */
  signals[QUERY_FAILED] =
    g_signal_new ("query-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
bv_event_list_init (BvEventList *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->selected = GTK_INVALID_LIST_POSITION;
  self->query.sort = BV_SORT_DATE;
  self->query.descending = TRUE;
}

BvEventList *
bv_event_list_new (void)
{
  return g_object_new (BV_TYPE_EVENT_LIST, NULL);
}

/**
 * bv_event_list_open:
 * @self: a list that has no database yet
 * @path: the database file
 * @flags: how to open it; %BV_STORE_OPEN_DEFAULT creates or migrates it
 * @error: return location for an error, with a message that names the
 *   file and what to do
 *
 * Opens the database and starts the first query.
 *
 * Returns: %TRUE on success
 */
gboolean
bv_event_list_open (BvEventList       *self,
                    const char        *path,
                    BvStoreOpenFlags   flags,
                    GError           **error)
{
  g_return_val_if_fail (BV_IS_EVENT_LIST (self), FALSE);
  g_return_val_if_fail (self->store == NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  self->store = bv_store_open (path, flags, error);
  if (self->store == NULL)
    return FALSE;

  self->path = g_strdup (path);
  self->worker = worker_new (path);
  start_query (self, FALSE);
  return TRUE;
}

/**
 * bv_event_list_get_store:
 * @self: a list
 *
 * Returns: (transfer none) (nullable): the main thread's connection
 */
BvStore *
bv_event_list_get_store (BvEventList *self)
{
  g_return_val_if_fail (BV_IS_EVENT_LIST (self), NULL);

  return self->store;
}

const char *
bv_event_list_get_path (BvEventList *self)
{
  g_return_val_if_fail (BV_IS_EVENT_LIST (self), NULL);

  return self->path;
}

/**
 * bv_event_list_set_query:
 * @self: a list
 * @query: filters and order
 *
 * Starts a query with new filters or a new order, cancelling the one
 * that runs. The rows change when it is done.
 */
void
bv_event_list_set_query (BvEventList   *self,
                         const BvQuery *query)
{
  g_return_if_fail (BV_IS_EVENT_LIST (self));
  g_return_if_fail (query != NULL);

  if (query_equal (query, &self->query))
    return;

  query_clear (&self->query);
  query_copy (&self->query, query);
  self->refresh_pending = FALSE;
  start_query (self, FALSE);
}

const BvQuery *
bv_event_list_get_query (BvEventList *self)
{
  g_return_val_if_fail (BV_IS_EVENT_LIST (self), NULL);

  return &self->query;
}

/**
 * bv_event_list_refresh:
 * @self: a list
 *
 * Runs the current query again, to show events that another connection
 * stored; rows that stay keep their place. While a query runs, the
 * refresh waits for it.
 */
void
bv_event_list_refresh (BvEventList *self)
{
  g_return_if_fail (BV_IS_EVENT_LIST (self));

  if (self->loading)
    {
      self->refresh_pending = TRUE;
      return;
    }
  start_query (self, TRUE);
}

gboolean
bv_event_list_get_loading (BvEventList *self)
{
  g_return_val_if_fail (BV_IS_EVENT_LIST (self), FALSE);

  return self->loading;
}

guint
bv_event_list_get_n_events (BvEventList *self)
{
  g_return_val_if_fail (BV_IS_EVENT_LIST (self), 0);

  return self->ids->len;
}

/**
 * bv_event_list_get_total:
 * @self: a list
 *
 * Returns: the number of events in the database, whatever the filters
 */
guint64
bv_event_list_get_total (BvEventList *self)
{
  g_return_val_if_fail (BV_IS_EVENT_LIST (self), 0);

  return self->total;
}

/**
 * bv_event_list_get_type_count:
 * @self: a list
 * @type: an event type, or %BV_EVENT_UNKNOWN for all types
 *
 * Returns: the number of events of @type that match the filters other
 *   than the type filter
 */
/**
 * bv_event_list_get_counts_known:
 * @self: a list
 *
 * Returns: %FALSE while the counts by type are not known yet, in the
 *   first moments after the database was opened
 */
gboolean
bv_event_list_get_counts_known (BvEventList *self)
{
  g_return_val_if_fail (BV_IS_EVENT_LIST (self), FALSE);

  return !self->counts_unknown;
}

guint64
bv_event_list_get_type_count (BvEventList *self,
                              BvEventType  type)
{
  guint64 sum = 0;

  g_return_val_if_fail (BV_IS_EVENT_LIST (self), 0);
  g_return_val_if_fail (type < BV_EVENT_N_TYPES, 0);

  if (type != BV_EVENT_UNKNOWN)
    return self->counts[type];

  for (guint i = 0; i < BV_EVENT_N_TYPES; i++)
    sum += self->counts[i];
  return sum;
}

/**
 * bv_event_list_get_reasons:
 * @self: a list
 *
 * Returns: (transfer none) (nullable) (element-type utf8): the reasons
 *   of the stored events, sorted
 */
GPtrArray *
bv_event_list_get_reasons (BvEventList *self)
{
  g_return_val_if_fail (BV_IS_EVENT_LIST (self), NULL);

  return self->reasons;
}

/**
 * bv_event_list_get_ids:
 * @self: a list
 *
 * Returns: (transfer none) (element-type gint64): the ids of the rows
 */
GArray *
bv_event_list_get_ids (BvEventList *self)
{
  g_return_val_if_fail (BV_IS_EVENT_LIST (self), NULL);

  return self->ids;
}

guint
bv_event_list_get_selected (BvEventList *self)
{
  g_return_val_if_fail (BV_IS_EVENT_LIST (self), GTK_INVALID_LIST_POSITION);

  return self->selected;
}

void
bv_event_list_set_selected (BvEventList *self,
                            guint        position)
{
  g_return_if_fail (BV_IS_EVENT_LIST (self));

  select_position (self, position);
}

/**
 * bv_event_list_get_selected_item:
 * @self: a list
 *
 * Returns: (transfer none) (nullable): the selected event
 */
BvEventItem *
bv_event_list_get_selected_item (BvEventList *self)
{
  g_return_val_if_fail (BV_IS_EVENT_LIST (self), NULL);

  return self->selected_item;
}
