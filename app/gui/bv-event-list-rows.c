/* bv-event-list-rows.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The items of the event list's rows, and the signals that report new
 * rows to the view.
 *
 * Rows are read a page at a time from the store's main-thread
 * connection, and a few pages stay cached. GTK 4.8's list view keeps
 * about 200 rows of widgets, eight cells each, and destroys the widgets
 * of every row a change removes unless the same item object comes back.
 * Building them anew took 0.3 s after each keystroke (bench-window on
 * 100,000 events). So the first rows are "slots": items that stay the
 * same objects from query to query and take the event now at their row. */

#define G_LOG_DOMAIN "bounceview-event-list"

#include "bv-event-list-private.h"

void
bv_event_list_clear_pages (BvEventList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->page_order);
}

/* Reads the events of rows @start to @start + @n_rows. Events that are
 * gone or unreadable come back empty, so that every row shows something.
 * A damaged database also closes the list soon after. */
GPtrArray *
bv_event_list_fetch_events (BvEventList *self,
              guint        start,
              guint        n_rows)
{
  g_autoptr(GError) error = NULL;
  const gint64 *ids = &g_array_index (self->ids, gint64, start);
  GPtrArray *events = bv_store_get_events (self->store, ids, n_rows, &error);

  if (events == NULL)
    {
      if (g_error_matches (error, BV_STORE_ERROR, BV_STORE_ERROR_CORRUPT))
        bv_event_list_report_damage (self, error);
      else if (!self->warned_fetch)
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

BvStoredEvent *
bv_event_list_steal_event (GPtrArray *events,
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
  g_autoptr(GPtrArray) events = bv_event_list_fetch_events (self, start, n_rows);
  GPtrArray *items = g_ptr_array_new_full (n_rows, g_object_unref);

  for (guint i = 0; i < n_rows; i++)
    g_ptr_array_add (items, bv_event_item_new (bv_event_list_steal_event (events, i)));
  return items;
}

/* Gives the slots the events now at their rows, and drops the slots past
 * the last row. This reads the events of all slot rows, so it also builds
 * the missing slots, which the view requests next. */
void
bv_event_list_refresh_slots (BvEventList *self)
{
  guint n_rows = MIN (N_SLOTS, self->ids->len);
  g_autoptr(GPtrArray) events = NULL;

  for (guint i = n_rows; i < N_SLOTS; i++)
    g_clear_object (&self->slots[i]);

  if (n_rows == 0)
    return;

  events = bv_event_list_fetch_events (self, 0, n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      if (self->slots[i] == NULL)
        self->slots[i] = bv_event_item_new (bv_event_list_steal_event (events, i));
      else if (bv_event_item_get_id (self->slots[i]) != g_array_index (self->ids, gint64, i))
        bv_event_item_set_stored (self->slots[i], bv_event_list_steal_event (events, i));
    }
}

BvEventItem *
bv_event_list_lookup_item (BvEventList *self,
             guint        position)
{
  guint page = position / PAGE_SIZE;
  GPtrArray *items;

  if (position < N_SLOTS)
    {
      /* Every change of the rows builds the slots, so a slot can be
       * missing only after dispose. */
      if (self->slots[position] == NULL)
        bv_event_list_refresh_slots (self);
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

/* Reports that the rows between @prefix and the last @suffix rows were
 * replaced by those of self->ids.
 *
 * When one signal removes a row that the view tracks (its top row, the
 * focus) and adds rows, GTK 4.8's list item manager looks for that row's
 * item among all the added rows, fetching every one of them. So a change
 * that adds many rows is sent in two parts: the removal with the first
 * N_SLOTS added rows, where the view finds its slots again, then the
 * other added rows alone. In between, the model has the new rows up to
 * there and the old rows after. */
void
bv_event_list_emit_items_changed (BvEventList *self,
                    GArray      *old_ids,
                    guint        prefix,
                    guint        suffix)
{
  g_autoptr(GArray) new_ids = g_array_ref (self->ids);
  guint removed = old_ids->len - prefix - suffix;
  guint added = new_ids->len - prefix - suffix;

  /* A slot belongs to its row number. A change that moves later rows
   * would leave a slot at its old row too (GTK warns of a duplicate item),
   * so the change covers every slot row, in the old and the new numbering. */
  if (added != removed && prefix < N_SLOTS)
    {
      guint old_end = MIN (N_SLOTS, old_ids->len);
      guint new_end = MIN (N_SLOTS, new_ids->len);
      guint extra = 0;

      if (prefix + removed < old_end)
        extra = old_end - (prefix + removed);
      if (prefix + added < new_end)
        extra = MAX (extra, new_end - (prefix + added));
      extra = MIN (extra, suffix);

      removed += extra;
      added += extra;
      suffix -= extra;
    }

  if (removed > 0 && added > N_SLOTS)
    {
      GArray *between = g_array_sized_new (FALSE, FALSE, sizeof (gint64),
                                           prefix + N_SLOTS + suffix);

      g_array_append_vals (between, new_ids->data, prefix + N_SLOTS);
      g_array_append_vals (between, &g_array_index (old_ids, gint64, old_ids->len - suffix),
                           suffix);

      g_array_unref (self->ids);
      self->ids = between;
      bv_event_list_clear_pages (self);
      g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, N_SLOTS);

      g_array_unref (self->ids);
      self->ids = g_array_ref (new_ids);
      bv_event_list_clear_pages (self);
      g_list_model_items_changed (G_LIST_MODEL (self), prefix + N_SLOTS, 0, added - N_SLOTS);
      return;
    }

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, added);
}
