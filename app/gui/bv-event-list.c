/* bv-event-list.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The list model of the event list, and its selection.
 *
 * The model holds only the ids of the matching events, in display
 * order, and items are built only for the rows the view requests. A
 * database of a million events thus costs 8 MB of ids here, not a
 * million objects.
 *
 * Queries run in a GTask thread with a second, read-only connection
 * (bv-query-worker.c). Each new query cancels the one before, which
 * SQLite's progress handler then interrupts, so typing fast never queues
 * up work. The thread keeps the ids of the last query without its
 * recipient and type filters, and a BvSearchIndex of every recipient; a
 * keystroke in the search then filters those ids in memory instead of
 * asking SQLite again.
 *
 * The model is its own single-selection model: it remembers the selected
 * event by id, so the selection survives a new query that still holds
 * that event. (GtkSingleSelection would look for its item among all the
 * new rows and so build every one of them.)
 *
 * The items of the rows are made in bv-event-list-rows.c. */

#define G_LOG_DOMAIN "bounceview-event-list"

#include "bv-event-list-private.h"

#include <string.h>

#include <glib/gi18n.h>

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
      g_autoptr(GPtrArray) events = bv_event_list_fetch_events (self, position, 1);

      self->selected_item = bv_event_item_new (bv_event_list_steal_event (events, 0));
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

static void
cancel_queries (BvEventList *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->index_cancellable != NULL)
    g_cancellable_cancel (self->index_cancellable);
  g_clear_object (&self->index_cancellable);
}

/* Drops the rows and closes both connections of a database that SQLite
 * found damaged, then emits ::query-failed with @error. Every later read
 * would fail the same way, and the rows would only show blank events. */
static void
close_damaged (BvEventList  *self,
               const GError *error)
{
  g_autoptr(GArray) old_ids = NULL;
  guint old_selected = self->selected;
  guint64 old_total = self->total;

  if (self->store == NULL)
    return;

  g_warning ("Closed the damaged database %s: %s", self->path, error->message);

  cancel_queries (self);
  g_clear_handle_id (&self->damage_idle, g_source_remove);
  self->refresh_pending = FALSE;
  self->index_state = INDEX_FAILED;
  g_clear_pointer (&self->worker, bv_query_worker_unref);
  g_clear_pointer (&self->store, bv_store_close);

  old_ids = g_steal_pointer (&self->ids);
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  memset (self->counts, 0, sizeof self->counts);
  self->counts_unknown = FALSE;
  self->total = 0;
  bv_event_list_clear_pages (self);
  bv_event_list_refresh_slots (self);
  self->selected = GTK_INVALID_LIST_POSITION;
  self->selected_id = 0;
  g_clear_object (&self->selected_item);

  if (old_ids->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_ids->len, 0);
  if (old_selected != GTK_INVALID_LIST_POSITION)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
    }
  if (old_total != 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
  set_loading (self, FALSE);

  g_signal_emit (self, signals[QUERY_FAILED], 0, error);
}

static gboolean
close_damaged_idle (gpointer user_data)
{
  BvEventList *self = user_data;
  g_autoptr(GError) error = g_steal_pointer (&self->damage_error);

  self->damage_idle = 0;
  close_damaged (self, error);
  return G_SOURCE_REMOVE;
}

/* Closes the list, as close_damaged() does, from an idle callback: a
 * read of rows runs while the view requests an item, when the rows must
 * not change. The priority is above that of GTK's redraw, so that the
 * blank rows of the failed read are seldom drawn. */
void
bv_event_list_report_damage (BvEventList  *self,
                             const GError *error)
{
  if (self->damage_error != NULL)
    return;

  self->damage_error = g_error_copy (error);
  self->damage_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, close_damaged_idle, self, NULL);
}

/* Replaces the rows with a query's result. When @keep_position is set,
 * only the rows between the unchanged start and the unchanged end are
 * reported as changed, so the view keeps its scroll position while an
 * import adds events after the rows on screen. */
static void
apply_result (BvEventList *self,
              BvQueryJob         *job)
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
  bv_event_list_clear_pages (self);
  bv_event_list_refresh_slots (self);

  /* Follow the selected event to its new row, or drop it. */
  self->selected = GTK_INVALID_LIST_POSITION;
  if (self->selected_id != 0)
    self->selected = find_id (self->ids, self->selected_id);
  if (self->selected == GTK_INVALID_LIST_POSITION)
    {
      self->selected_id = 0;
      g_clear_object (&self->selected_item);
    }

  bv_event_list_emit_items_changed (self, old_ids, prefix, suffix);

  if (self->selected != old_selected)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
      if (self->selected == GTK_INVALID_LIST_POSITION)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
    }
  if (self->total != old_total)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);

  g_signal_emit (self, signals[UPDATED], 0, job->keep_position);
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

  /* The list closed a damaged database while the index loaded. */
  if (self->worker == NULL)
    return;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      self->index_state = INDEX_FAILED;
      if (g_error_matches (error, BV_STORE_ERROR, BV_STORE_ERROR_CORRUPT))
        {
          close_damaged (self, error);
          return;
        }
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
  BvQueryJob *job = bv_query_job_new (self->worker, NULL);

  job->load_index = TRUE;

  task = g_task_new (self, self->index_cancellable, index_loaded, NULL);
  g_task_set_source_tag (task, start_index_load);
  g_task_set_task_data (task, job, bv_query_job_free);
  g_task_run_in_thread (task, bv_query_job_run);
}

static void
query_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BvEventList *self = BV_EVENT_LIST (object);
  GTask *task = G_TASK (result);
  BvQueryJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gint64 start;

  /* A superseded query: the one that replaced it reports. */
  if (g_task_get_cancellable (task) != self->cancellable)
    return;

  if (!g_task_propagate_boolean (task, &error))
    {
      if (g_error_matches (error, BV_STORE_ERROR, BV_STORE_ERROR_CORRUPT))
        {
          close_damaged (self, error);
          return;
        }
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
  BvQueryJob *job;

  if (self->worker == NULL)
    return;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  job = bv_query_job_new (self->worker, &self->query);
  job->keep_position = keep_position;

  task = g_task_new (self, self->cancellable, query_done, NULL);
  g_task_set_source_tag (task, start_query);
  g_task_set_task_data (task, job, bv_query_job_free);
  g_task_run_in_thread (task, bv_query_job_run);

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
  return g_object_ref (bv_event_list_lookup_item (self, position));
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

  cancel_queries (self);
  g_clear_handle_id (&self->damage_idle, g_source_remove);
  g_clear_object (&self->selected_item);
  bv_event_list_clear_pages (self);
  for (guint i = 0; i < N_SLOTS; i++)
    g_clear_object (&self->slots[i]);

  G_OBJECT_CLASS (bv_event_list_parent_class)->dispose (object);
}

static void
bv_event_list_finalize (GObject *object)
{
  BvEventList *self = (BvEventList *) object;

  g_clear_pointer (&self->worker, bv_query_worker_unref);
  g_clear_pointer (&self->store, bv_store_close);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->reasons, g_ptr_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_error (&self->damage_error);
  bv_query_clear (&self->query);
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
   * @refreshed: %TRUE when the same query ran again, as after an import,
   *   and %FALSE for new filters or a new order
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
   * Emitted when a query fails; the rows stay as they were. When the
   * database is damaged (%BV_STORE_ERROR_CORRUPT), found by a query or
   * by a read of rows, the list has dropped its rows and closed the
   * database instead, so bv_event_list_get_store() returns %NULL.
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
  self->worker = bv_query_worker_new (path);
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

  if (bv_query_equal (query, &self->query))
    return;

  bv_query_clear (&self->query);
  bv_query_copy (&self->query, query);
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

/**
 * bv_event_list_refresh_since:
 * @self: a list
 * @since: the new start of the date range, in Unix time
 *
 * Refreshes the list as bv_event_list_refresh() does, with a date range
 * that starts at @since, for a range such as the last 24 hours that
 * moves with the clock.
 */
void
bv_event_list_refresh_since (BvEventList *self,
                             gint64       since)
{
  g_return_if_fail (BV_IS_EVENT_LIST (self));

  self->query.since = since;
  bv_event_list_refresh (self);
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

/**
 * bv_event_list_find_row:
 * @self: a list
 * @id: an event id
 *
 * Returns: the row of the event @id, or %GTK_INVALID_LIST_POSITION when
 *   no row shows it
 */
guint
bv_event_list_find_row (BvEventList *self,
                        gint64       id)
{
  g_return_val_if_fail (BV_IS_EVENT_LIST (self), GTK_INVALID_LIST_POSITION);

  return find_id (self->ids, id);
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
