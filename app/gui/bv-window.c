/* bv-window.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The main window: the event list with its filters, the detail pane of
 * the selected event, and the state that GSettings remembers. Actions
 * and export are in bv-window-actions.c, imports in bv-window-import.c. */

#define G_LOG_DOMAIN "bounceview-window"

#include "bv-window-private.h"

#include <math.h>

#include <glib/gi18n.h>

#include "bv-classify.h"
#include "bv-column-sorter.h"
#include "bv-display-text.h"
#include "bv-event-item.h"
#include "bv-list-cell.h"

G_DEFINE_FINAL_TYPE (BvWindow, bv_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_DATABASE_PATH,
  PROP_SORT_COLUMN,
  PROP_SORT_DESCENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The cells of the event list are BvListCells, made by signal
 * factories because a builder factory parses its template again for
 * each cell. */
static GtkWidget *
new_cell (const char *css_class)
{
  GtkWidget *cell = bv_list_cell_new ();

  if (css_class != NULL)
    gtk_widget_add_css_class (cell, css_class);
  return cell;
}

/* Gives @list_item a new cell. The cell keeps a pointer to its list
 * item, which owns it, to tell its row after a refresh. */
static void
set_new_cell (GtkListItem *list_item,
              const char  *css_class)
{
  GtkWidget *cell = new_cell (css_class);

  g_object_set_data (G_OBJECT (cell), "bv-list-item", list_item);
  gtk_list_item_set_child (list_item, cell);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            BvWindow                 *self)
{
  set_new_cell (list_item, NULL);
}

static void
setup_numeric_cell (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    BvWindow                 *self)
{
  set_new_cell (list_item, "numeric");
}

static void
setup_monospace_cell (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      BvWindow                 *self)
{
  set_new_cell (list_item, "monospace");
}

static void
set_cell_text (GtkListItem *list_item,
               const char  *text)
{
  bv_list_cell_set_text (BV_LIST_CELL (gtk_list_item_get_child (list_item)), text);
}


static const BvEvent *
cell_event (GtkListItem *list_item)
{
  return bv_event_item_get_event (gtk_list_item_get_item (list_item));
}

static void
fill_date_cell (GtkListItem *list_item)
{
  g_autofree char *text = bv_event_item_dup_date_text (gtk_list_item_get_item (list_item));

  set_cell_text (list_item, text);
}

static void
fill_recipient_cell (GtkListItem *list_item)
{
  set_cell_text (list_item, cell_event (list_item)->recipient);
}

static void
fill_type_cell (GtkListItem *list_item)
{
  set_cell_text (list_item, bv_event_item_get_type_text (gtk_list_item_get_item (list_item)));
}

static void
fill_status_cell (GtkListItem *list_item)
{
  set_cell_text (list_item, cell_event (list_item)->status);
}

static void
fill_reply_code_cell (GtkListItem *list_item)
{
  g_autofree char *text = bv_event_item_dup_reply_code_text (gtk_list_item_get_item (list_item));

  set_cell_text (list_item, text);
}

/* The reason's label. A reason that this version does not know, as a
 * newer version may store, shows as stored. */
static void
fill_reason_cell (GtkListItem *list_item)
{
  const char *reason = cell_event (list_item)->reason;
  const char *label = bv_classify_reason_label (reason);

  set_cell_text (list_item, label != NULL ? label : reason);
}

static void
fill_remote_mta_cell (GtkListItem *list_item)
{
  set_cell_text (list_item, cell_event (list_item)->remote_mta);
}

static void
fill_diagnostic_cell (GtkListItem *list_item)
{
  g_autofree char *text = bv_event_item_dup_diagnostic_excerpt (gtk_list_item_get_item (list_item));

  set_cell_text (list_item, text);
}

/* Fills a cell, and fills it again whenever its item takes another
 * event (BvEventItem::changed), which the list's reused items do. */
static void
bind_cell (GtkListItem *list_item,
           void       (*fill) (GtkListItem *list_item))
{
  gulong handler;

  fill (list_item);
  handler = g_signal_connect_swapped (gtk_list_item_get_item (list_item), "changed",
                                      G_CALLBACK (fill), list_item);
  g_object_set_data (G_OBJECT (list_item), "bv-changed-handler", GSIZE_TO_POINTER (handler));
}

static void
unbind_cell (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             BvWindow                 *self)
{
  gulong handler = GPOINTER_TO_SIZE (g_object_steal_data (G_OBJECT (list_item),
                                                          "bv-changed-handler"));
  gpointer item = gtk_list_item_get_item (list_item);

  if (handler != 0 && item != NULL)
    g_signal_handler_disconnect (item, handler);
}

#define DEFINE_BIND(column) \
  static void \
  bind_##column##_cell (GtkSignalListItemFactory *factory, \
                        GtkListItem              *list_item, \
                        BvWindow                 *self) \
  { \
    bind_cell (list_item, fill_##column##_cell); \
  }

DEFINE_BIND (date)
DEFINE_BIND (recipient)
DEFINE_BIND (type)
DEFINE_BIND (status)
DEFINE_BIND (reply_code)
DEFINE_BIND (reason)
DEFINE_BIND (remote_mta)
DEFINE_BIND (diagnostic)

#undef DEFINE_BIND

static void
update_count_label (BvWindow *self)
{
  guint n_events = bv_event_list_get_n_events (self->event_list);
  guint64 total = bv_event_list_get_total (self->event_list);
  g_autofree char *n_text = g_strdup_printf ("%'u", n_events);
  g_autofree char *total_text = g_strdup_printf ("%'" G_GUINT64_FORMAT, total);
  g_autofree char *label = NULL;

  if (n_events == total)
    /* Translators: %s is a number of events, such as 4,210 */
    label = g_strdup_printf (ngettext ("%s event", "%s events", total), total_text);
  else
    /* Translators: the number of events shown, then of all events: 312 of 4,210 events */
    label = g_strdup_printf (ngettext ("%s of %s event", "%s of %s events", total),
                             n_text, total_text);

  gtk_label_set_text (self->count_label, label);
}

static void
update_views (BvWindow *self)
{
  guint64 total = bv_event_list_get_total (self->event_list);
  guint n_events = bv_event_list_get_n_events (self->event_list);

  for (BvEventType type = 0; type < BV_EVENT_N_TYPES; type++)
    {
      gint64 count = -1;

      if (bv_event_list_get_counts_known (self->event_list))
        count = bv_event_list_get_type_count (self->event_list, type);
      bv_type_switcher_set_count (self->type_switcher, type, count);
    }

  update_count_label (self);

  gtk_stack_set_visible_child_name (self->main_stack, total > 0 ? "events" : "empty");
  gtk_stack_set_visible_child_name (self->list_stack, n_events > 0 ? "list" : "no-results");
  /* Export, sorting and the filters need events: their actions change
   * when the database gets its first events or loses its last. */
  if ((total > 0) != self->had_events)
    {
      self->had_events = total > 0;
      bv_window_update_actions (self);
    }
}

static void
update_filter_indicator (BvWindow *self)
{
  if (bv_filter_bar_is_active (self->filter_bar))
    gtk_widget_add_css_class (GTK_WIDGET (self->filter_toggle), "filters-active");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->filter_toggle), "filters-active");
}

static void stop_restoring (BvWindow *self);

/* Builds the query from every filter widget and the column view's sort
 * order, and hands it to the list. */
static void
apply_filters (BvWindow *self)
{
  BvQuery query = { 0 };
  g_autofree char *recipient = NULL;
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);

  if (self->event_list == NULL || bv_event_list_get_store (self->event_list) == NULL)
    return;

  recipient = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  query.recipient = *recipient != '\0' ? recipient : NULL;
  query.type = bv_type_switcher_get_event_type (self->type_switcher);
  bv_filter_bar_apply (self->filter_bar, &query);

  if (sorter == NULL || !bv_column_sorter_read_view (sorter, &query.sort, &query.descending))
    {
      query.sort = BV_SORT_DATE;
      query.descending = TRUE;
    }
  /* The Reason column shows labels, so it sorts by them. */
  query.reason_by_label = TRUE;

  /* New filters show their first rows. The list scrolls up before the
   * query replaces its rows: GTK 4.8 ignores a scroll among rows that it
   * has not allocated yet, with a warning. */
  stop_restoring (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->list_scroller), 0);
  self->top_id = 0;
  bv_event_list_set_query (self->event_list, &query);
  update_filter_indicator (self);
}

static void
on_filters_changed (BvWindow *self)
{
  apply_filters (self);
}

static void
on_search_stopped (BvWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static const char *sort_column_to_nick   (BvSortColumn  column);
static gboolean    sort_column_from_nick (const char   *nick,
                                          BvSortColumn *column);

/* Records the column view's order for the Sort By menu, which a click
 * on a column header changes too. */
static void
read_sort_order (BvWindow *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  BvSortColumn column = BV_SORT_DATE;
  gboolean descending = TRUE;

  if (sorter != NULL)
    bv_column_sorter_read_view (sorter, &column, &descending);

  if (column != self->sort_column)
    {
      self->sort_column = column;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_COLUMN]);
    }
  if (descending != self->sort_descending)
    {
      self->sort_descending = descending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_DESCENDING]);
    }
}

/* The column of the column view that sorts by @column, or NULL. */
static GtkColumnViewColumn *
find_view_column (BvWindow     *self,
                  BvSortColumn  column)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) view_column = g_list_model_get_item (columns, i);
      GtkSorter *sorter = gtk_column_view_column_get_sorter (view_column);

      if (BV_IS_COLUMN_SORTER (sorter) &&
          bv_column_sorter_get_column (BV_COLUMN_SORTER (sorter)) == column)
        return view_column;
    }
  return NULL;
}

/* Leaves the column view one sort column. A click on a header keeps the
 * columns clicked before as further sort keys, with their arrows, and
 * in GTK 4.8 gtk_column_view_sort_by_column() leaves the arrow of the
 * column it replaces. The database breaks ties by the order of import,
 * not by those columns. Setting a column's sorter again takes the column
 * out of the view's keys and redraws its header. */
static void
drop_other_sort_keys (BvWindow *self)
{
  GtkColumnViewColumn *primary = find_view_column (self, self->sort_column);
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) view_column = g_list_model_get_item (columns, i);
      GtkSorter *sorter = gtk_column_view_column_get_sorter (view_column);

      if (view_column != primary && sorter != NULL)
        {
          g_autoptr(GtkSorter) kept = g_object_ref (sorter);

          gtk_column_view_column_set_sorter (view_column, NULL);
          gtk_column_view_column_set_sorter (view_column, kept);
        }
    }
}

static void
on_sorter_changed (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   BvWindow        *self)
{
  if (self->dropping_sort_keys)
    return;

  read_sort_order (self);
  self->dropping_sort_keys = TRUE;
  drop_other_sort_keys (self);
  self->dropping_sort_keys = FALSE;

  /* The next start sorts the same way. The window that goes away lets
   * go of its settings before its columns. */
  if (self->settings != NULL)
    {
      g_settings_set_string (self->settings, "sort-column",
                             sort_column_to_nick (self->sort_column));
      g_settings_set_boolean (self->settings, "sort-descending", self->sort_descending);
    }

  apply_filters (self);
}

/* Sorts the list as a click on a column header would: the Sort By menu
 * lets the keyboard do what the headers do for the mouse. */
static void
sort_by (BvWindow     *self,
         BvSortColumn  column,
         gboolean      descending)
{
  GtkColumnViewColumn *view_column = find_view_column (self, column);

  if (view_column != NULL)
    gtk_column_view_sort_by_column (self->column_view, view_column,
                                    descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
}

static const char *
sort_column_to_nick (BvSortColumn column)
{
  GEnumClass *enum_class = g_type_class_ref (BV_TYPE_SORT_COLUMN);
  GEnumValue *value = g_enum_get_value (enum_class, column);

  g_type_class_unref (enum_class);
  return value != NULL ? value->value_nick : "date";
}

static gboolean
sort_column_from_nick (const char   *nick,
                       BvSortColumn *column)
{
  GEnumClass *enum_class = g_type_class_ref (BV_TYPE_SORT_COLUMN);
  GEnumValue *value = nick != NULL ? g_enum_get_value_by_nick (enum_class, nick) : NULL;

  g_type_class_unref (enum_class);
  if (value == NULL || value->value == BV_SORT_ID)
    return FALSE;
  *column = value->value;
  return TRUE;
}

/* Remembers the event at the top of the list. It runs when the list
 * scrolls and no restore waits for a layout, so the adjustment and the
 * rows agree. */
static void
remember_top_row (BvWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  GArray *ids = self->event_list != NULL ? bv_event_list_get_ids (self->event_list) : NULL;
  double value = gtk_adjustment_get_value (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);
  guint row;

  self->top_id = 0;
  if (ids == NULL || ids->len == 0 || value <= 0 || upper <= 0)
    return;

  /* The rows of the list all have the same height. */
  self->row_height = upper / ids->len;
  row = MIN ((guint) (value / self->row_height), ids->len - 1);
  self->top_id = g_array_index (ids, gint64, row);
  self->top_offset = value - row * self->row_height;
}

static void
on_list_scrolled (BvWindow *self)
{
  if (self->layout_handler == 0)
    remember_top_row (self);
}

static void
stop_restoring (BvWindow *self)
{
  /* A window that goes away destroys its clock's handlers itself. */
  if (self->layout_handler != 0 &&
      g_signal_handler_is_connected (self->layout_clock, self->layout_handler))
    g_signal_handler_disconnect (self->layout_clock, self->layout_handler);
  self->layout_handler = 0;
  g_clear_object (&self->layout_clock);
}

/**
 * bv_window_find_row:
 * @self: a window
 * @position: a row number of the list
 *
 * Only rows on screen, and rows GTK keeps near them, have widgets.
 *
 * Returns: (transfer none) (nullable): the widget of the row at
 *   @position, which can take the keyboard focus
 */
GtkWidget *
bv_window_find_row (BvWindow *self,
                    guint     position)
{
  for (GtkWidget *view = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       view != NULL; view = gtk_widget_get_next_sibling (view))
    {
      if (!GTK_IS_LIST_VIEW (view))
        continue;

      /* A row contains one widget per column, and each of those a BvListCell. */
      for (GtkWidget *row = gtk_widget_get_first_child (view); row != NULL;
           row = gtk_widget_get_next_sibling (row))
        {
          GtkWidget *column = gtk_widget_get_first_child (row);
          GtkWidget *cell = column != NULL ? gtk_widget_get_first_child (column) : NULL;
          GtkListItem *list_item = cell != NULL ? g_object_get_data (G_OBJECT (cell), "bv-list-item") : NULL;

          if (list_item != NULL && gtk_list_item_get_position (list_item) == position)
            return row;
        }
    }
  return NULL;
}

/**
 * bv_window_get_list_view:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the list view inside the column
 *   view, which has the list.scroll-to-item action
 */
GtkWidget *
bv_window_get_list_view (BvWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        return child;
    }
  return NULL;
}

/* Moves the keyboard focus to the row of the selected event, when the
 * list has the focus. A refresh that moves rows leaves GTK's focus at
 * the old row number, so the arrow keys would go on from another event.
 * Returns whether the focus moved. The check reads the window's focus
 * widget, because gtk_widget_has_focus() is FALSE while another window
 * is active. With it, the row took the focus again after each layout
 * and requested one more layout each time, so the list went blank. */
static gboolean
focus_selected_row (BvWindow *self)
{
  guint selected = bv_event_list_get_selected (self->event_list);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GtkWidget *row;

  if (selected == GTK_INVALID_LIST_POSITION || focus == NULL ||
      !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    return FALSE;

  row = bv_window_find_row (self, selected);
  if (row == NULL || focus == row || gtk_widget_is_ancestor (focus, row))
    return FALSE;
  return gtk_widget_grab_focus (row);
}

static void keep_top_row (BvWindow *self,
                          gboolean  at_top);

/* Runs after GTK laid out the window, and scrolls the remembered event
 * back to the top once the list has the height of its new rows. GDK
 * repeats the layout phase when a layout is requested during it, so no
 * frame shows other rows (the window-scale test checks each frame).
 * Then the selected row gets the keyboard focus. GTK scrolls a row that
 * takes the focus fully into view, so one more restore follows. */
static void
on_layout_done (GdkFrameClock *clock,
                BvWindow      *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  GArray *ids = bv_event_list_get_ids (self->event_list);

  if (self->top_id != 0)
    {
      double target = self->top_row * self->row_height + self->top_offset;

      if (gtk_adjustment_get_upper (adjustment) < ids->len * self->row_height - 0.5 &&
          ++self->layout_tries < 4)
        return;
      gtk_adjustment_set_value (adjustment, target);
    }
  else if (self->keep_at_top)
    {
      gtk_adjustment_set_value (adjustment, 0);
    }

  stop_restoring (self);
  remember_top_row (self);
  if (focus_selected_row (self))
    keep_top_row (self, gtk_adjustment_get_value (adjustment) <= 0);
}

/* A refresh reports the rows between its first and its last change as
 * replaced. When those include the rows on screen, GTK 4.8 keeps the
 * scroll offset, and other events move into those rows. So after a
 * refresh the list scrolls to where the remembered event went, unless
 * it showed the first row: there new events come into sight. With
 * @at_top the list stays at the first row instead. After the next
 * layout, in any case, the keyboard focus follows the selection. */
static void
keep_top_row (BvWindow *self,
              gboolean  at_top)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  stop_restoring (self);
  if (clock == NULL)
    return;

  if (self->top_id != 0)
    {
      self->top_row = bv_event_list_find_row (self->event_list, self->top_id);
      if (self->top_row == GTK_INVALID_LIST_POSITION)
        self->top_id = 0;
    }

  self->keep_at_top = at_top;
  self->layout_tries = 0;
  self->layout_clock = g_object_ref (clock);
  self->layout_handler = g_signal_connect_after (clock, "layout",
                                                 G_CALLBACK (on_layout_done), self);
  gtk_widget_queue_allocate (GTK_WIDGET (self->column_view));
}

static gboolean
scroll_wheel_steps (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  BvWindow *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  double step = pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0);

  /* A refresh waits to bring its top row back, and would undo the steps. */
  if (self->layout_handler != 0)
    return G_SOURCE_CONTINUE;

  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_value (adjustment) + self->wheel_steps * step);
  self->wheel_steps = 0;
  self->wheel_tick = 0;
  return G_SOURCE_REMOVE;
}

/* NOTE: with GTK 4.8.3, a fast burst of mouse wheel steps can leave the
 * list far from where the steps lead. 200 steps up, 5 ms apart (xdotool
 * under Xvfb), ended at the last row of 100,000 in each of 5 tries, and
 * 370,000 rows down on a million. The cause inside GTK is not known: the
 * list view may map a scroll offset to a row with row sizes from before
 * the previous step. Scrolling once a frame, by all the steps since the
 * last one, ends where the steps lead. The step is the one
 * GtkScrolledWindow takes: the page size to the power 2/3. Other
 * scrolling, such as a touchpad's or with Shift held, stays with
 * GtkScrolledWindow. */
static gboolean
on_list_wheel (GtkEventControllerScroll *controller,
               double                    dx,
               double                    dy,
               BvWindow                 *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (dy == 0 || (state & GDK_SHIFT_MASK) != 0 ||
      gtk_event_controller_scroll_get_unit (controller) != GDK_SCROLL_UNIT_WHEEL)
    return GDK_EVENT_PROPAGATE;

  self->wheel_steps += dy;
  if (self->wheel_tick == 0)
    self->wheel_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_scroller),
                                                     scroll_wheel_steps, self, NULL);
  return GDK_EVENT_STOP;
}

static void
on_list_updated (BvEventList *list,
                 gboolean     refreshed,
                 BvWindow    *self)
{
  /* apply_filters() scrolled up for new filters. When the selected
   * event is among their results, as after a search that found it is
   * cleared, the list shows it instead. */
  self->query_failed = FALSE;
  if (refreshed)
    {
      keep_top_row (self, FALSE);
    }
  else
    {
      GtkWidget *list_view = bv_window_get_list_view (self);
      GtkWidget *row = list_view != NULL ? gtk_widget_get_first_child (list_view) : NULL;
      double page = gtk_adjustment_get_page_size (gtk_scrolled_window_get_vadjustment (self->list_scroller));
      int row_height = row != NULL ? gtk_widget_get_height (row) : 0;
      guint selected = bv_event_list_get_selected (self->event_list);

      /* A row on the first page is in view already: GTK would scroll it
       * to the top. */
      if (list_view != NULL && selected != GTK_INVALID_LIST_POSITION &&
          (row_height <= 0 || (selected + 1) * (double) row_height > page))
        gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", selected);
    }

  update_views (self);
}

static void
on_loading_changed (BvWindow *self)
{
  gtk_spinner_set_spinning (self->query_spinner, bv_event_list_get_loading (self->event_list));
}

static void
on_reasons_changed (BvWindow *self)
{
  bv_filter_bar_set_reasons (self->filter_bar, bv_event_list_get_reasons (self->event_list));
}

static void update_detail_pane_visible (BvWindow *self);

/* Notes in the detail pane whether the address of the selected hard
 * bounce took mail after it, as the Hard Bounces filter counts it. It
 * runs for each selection and again after each refresh of the list, as
 * an import or another program adds events. NOTE: the lookup runs on
 * the main thread, and for an address with 600,000 events it took
 * 0.1 s. */
static void
update_later_mail (BvWindow *self)
{
  BvEventItem *item = bv_event_list_get_selected_item (self->event_list);
  BvStore *store = bv_event_list_get_store (self->event_list);
  const BvStoredEvent *stored;
  BvEventType type;
  gint64 date;

  if (item == NULL || store == NULL || bv_detail_pane_get_item (self->detail_pane) != item)
    return;

  stored = bv_event_item_get_stored (item);
  if (stored->event->type != BV_EVENT_BOUNCE || !stored->event->hard_bounce ||
      stored->date <= 0 || stored->event->recipient == NULL)
    return;

  if (bv_store_find_later_mail (store, stored->event->recipient, stored->date, &type, &date, NULL))
    bv_detail_pane_set_later_mail (self->detail_pane, type, date);
  else
    bv_detail_pane_clear_later_mail (self->detail_pane);
}

static void
on_selected_item_changed (BvWindow *self)
{
  BvEventItem *item = bv_event_list_get_selected_item (self->event_list);

  bv_detail_pane_set_item (self->detail_pane, item);
  update_later_mail (self);
  update_detail_pane_visible (self);
  bv_window_update_actions (self);
}

static void show_damaged_database (BvWindow     *self,
                                   const GError *error);

static void
on_query_failed (BvEventList  *list,
                 const GError *error,
                 BvWindow     *self)
{
  /* The list closed a damaged database, and a dialog's Close would leave
   * an empty window with no way out. A locked database stays open, so
   * BV_STORE_ERROR_BUSY gets the dialog. */
  if (g_error_matches (error, BV_STORE_ERROR, BV_STORE_ERROR_CORRUPT))
    {
      show_damaged_database (self, error);
      return;
    }

  /* One dialog until a query works again, however many keys fail. */
  if (self->query_failed)
    return;

  self->query_failed = TRUE;
  bv_window_show_error (self, _("The Events Could Not Be Read"), error->message);
}

static void
show_database_name (BvWindow *self)
{
  g_autofree char *name = g_path_get_basename (self->database_path);
  g_autofree char *label = NULL;

  if (self->read_only)
    /* Translators: %s is the database file name */
    label = g_strdup_printf (_("%s (read-only)"), name);
  else
    label = g_strdup (name);

  gtk_label_set_text (self->subtitle_label, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->subtitle_label), self->database_path);
}

/* Opens the database. A file that cannot be written is still shown,
 * read-only; any other failure leaves the window empty. Either way the
 * store's message, which names the file and what to do, is shown in a
 * dialog once the window is on screen. */
/* Another process, such as a bounceview-cli import, may commit to the
 * database while the window shows it. In WAL mode every commit writes
 * the "-wal" file, so a monitor of that file signals when to look. Then
 * SQLite's data version shows whether another connection committed.
 * The window's own imports refresh the list themselves. */
#define CHANGE_CHECK_DELAY_MS 500

/**
 * bv_window_refresh_list:
 * @self: a window
 *
 * Shows the events that an import stored since the list's last query,
 * with the start of a quick date range moved up to this moment, and
 * looks again for mail that the selected hard bounce's address took
 * after it.
 */
void
bv_window_refresh_list (BvWindow *self)
{
  gint64 since;

  if (bv_filter_bar_get_moving_since (self->filter_bar, &since))
    bv_event_list_refresh_since (self->event_list, since);
  else
    bv_event_list_refresh (self->event_list);
  update_later_mail (self);
}

static gboolean
read_data_version (BvWindow *self,
                   gint64   *version)
{
  BvStore *store = bv_event_list_get_store (self->event_list);
  g_autoptr(GError) error = NULL;

  if (store == NULL)
    return FALSE;
  if (!bv_store_get_data_version (store, version, &error))
    {
      g_debug ("Cannot read the data version of %s: %s", self->database_path, error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_external_change (gpointer user_data)
{
  BvWindow *self = user_data;
  gint64 version;

  self->change_check = 0;
  if (self->import_job != NULL || !read_data_version (self, &version))
    return G_SOURCE_REMOVE;

  if (version != self->data_version)
    {
      self->data_version = version;
      bv_window_refresh_list (self);
    }
  return G_SOURCE_REMOVE;
}

static void
on_wal_changed (GFileMonitor      *monitor,
                GFile             *file,
                GFile             *other_file,
                GFileMonitorEvent  event,
                BvWindow          *self)
{
  if (self->import_job != NULL)
    return;

  /* One check after a burst of writes. */
  g_clear_handle_id (&self->change_check, g_source_remove);
  self->change_check = g_timeout_add (CHANGE_CHECK_DELAY_MS, check_external_change, self);
}

static void
watch_database (BvWindow *self)
{
  g_autofree char *wal_path = g_strconcat (self->database_path, "-wal", NULL);
  g_autoptr(GFile) wal = g_file_new_for_path (wal_path);
  g_autoptr(GError) error = NULL;

  if (!read_data_version (self, &self->data_version))
    return;

  self->wal_monitor = g_file_monitor_file (wal, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->wal_monitor == NULL)
    {
      g_debug ("Cannot watch %s: %s", wal_path, error->message);
      return;
    }
  g_signal_connect (self->wal_monitor, "changed", G_CALLBACK (on_wal_changed), self);
}

static void
stop_watching_database (BvWindow *self)
{
  if (self->wal_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->wal_monitor, self);
      g_file_monitor_cancel (self->wal_monitor);
      g_clear_object (&self->wal_monitor);
    }
  g_clear_handle_id (&self->change_check, g_source_remove);
}

/* Shows the page of a database that cannot be used. @message is the
 * store's message, which names the file and what to do, so no dialog
 * repeats it. The page's buttons open another database or create one. */
static void
show_error_page (BvWindow   *self,
                 const char *message)
{
  g_autofree char *shortened = bv_display_text_shorten (message);
  g_autofree char *description = g_markup_escape_text (shortened, -1);

  g_free (self->error_message);
  self->error_message = g_strdup (message);
  /* AdwStatusPage's description is markup. */
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

/* Shows the error page for a database that the event list found damaged
 * and closed. An import into it is cancelled, because the store's message
 * reports that the file was left as it is. */
static void
show_damaged_database (BvWindow     *self,
                       const GError *error)
{
  BvImportJob *pending;

  stop_watching_database (self);

  while ((pending = g_queue_pop_head (&self->pending_imports)) != NULL)
    g_object_unref (pending);
  if (self->import_job != NULL)
    bv_import_job_cancel (self->import_job);

  show_error_page (self, error->message);
  bv_window_update_actions (self);
}

static void
open_database (BvWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (bv_event_list_open (self->event_list, self->database_path, BV_STORE_OPEN_DEFAULT, &error))
    {
      show_database_name (self);
      watch_database (self);
      return;
    }

  g_debug ("Cannot open %s: %s", self->database_path, error->message);

  if (g_error_matches (error, BV_STORE_ERROR, BV_STORE_ERROR_READ_ONLY) &&
      bv_event_list_open (self->event_list, self->database_path, BV_STORE_OPEN_READ_ONLY, NULL))
    {
      self->read_only = TRUE;
      show_database_name (self);
      watch_database (self);
      self->open_error = g_steal_pointer (&error);
      return;
    }

  show_database_name (self);
  show_error_page (self, error->message);
}

/* Below this width of the paned, in pixels, the detail pane goes below
 * the list instead of beside it. Side by side, the detail pane keeps its
 * width (440 pixels unless the user drags the handle), and the list
 * needs about 600 pixels for the columns a postmaster reads first: Date,
 * Recipient, Type and Reason. Below the list, the pane takes half of
 * the height, and the list the whole width.
 * NOTE: longer translated button labels in the detail pane raise its
 * minimum width; below the list the pane still fits. */
#define FOLD_WIDTH 1040

static gboolean
is_folded (BvWindow *self)
{
  return gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) == GTK_ORIENTATION_VERTICAL;
}

/* Beside the list, the detail pane keeps its width when the window is
 * resized. Below it, the two share a change of height, so that a window
 * made smaller keeps rows of the list in view. */
static void
set_paned_orientation (BvWindow       *self,
                       GtkOrientation  orientation)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), orientation);
  gtk_paned_set_resize_end_child (self->paned, orientation == GTK_ORIENTATION_VERTICAL);
}

static void
restore_window_state (BvWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");
  gboolean maximized = g_settings_get_boolean (self->settings, "window-maximized");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (maximized)
    gtk_window_maximize (GTK_WINDOW (self));

  /* A narrow window starts with the detail pane below the list. */
  self->detail_width = g_settings_get_int (self->settings, "detail-pane-width");
  if (!maximized && width < FOLD_WIDTH)
    {
      set_paned_orientation (self, GTK_ORIENTATION_VERTICAL);
      update_detail_pane_visible (self);
    }
}

/* The pane's position counts from the left, but the detail pane keeps
 * its width when the window is resized, so GSettings stores that width.
 * Below the list, the detail pane takes half of the height. */
static void
place_paned_handle (BvWindow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->paned));
  int height = gtk_widget_get_height (GTK_WIDGET (self->paned));

  self->placing_handle = TRUE;
  if (is_folded (self))
    gtk_paned_set_position (self->paned, height / 2);
  else
    gtk_paned_set_position (self->paned, MAX (width / 3, width - self->detail_width));
  self->placing_handle = FALSE;
}

/* Remembers the detail pane's width when the user drags the handle. A
 * narrower window also moves the handle, and may squeeze the pane to
 * make room for the list. That move changes the paned's width too, and
 * chooses no width: a wider window gives the pane its width back. Nor
 * does the move that follows a change of the paned's orientation,
 * before the window places the handle. */
static void
on_paned_position (BvWindow *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->paned));

  if (!self->paned_restored || self->placing_handle || self->place_handle_later ||
      is_folded (self) || width != self->allocated_paned_width || width <= 0)
    return;
  self->detail_width = width - gtk_paned_get_position (self->paned);
}

/* Below the list, the detail pane shows only while an event is
 * selected, so that a short window gives the whole height to the list
 * until then. */
static void
update_detail_pane_visible (BvWindow *self)
{
  gboolean visible = !is_folded (self) || bv_detail_pane_get_item (self->detail_pane) != NULL;

  if (visible == gtk_widget_get_visible (GTK_WIDGET (self->detail_pane)))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->detail_pane), visible);
  /* As after a fold, the handle waits for the allocation with the pane. */
  if (visible && self->paned_restored)
    self->place_handle_later = TRUE;
}

/* The remembered width is applied at the first allocation, when the
 * paned has a size. */
static void
on_paned_max_position (BvWindow *self)
{
  if (gtk_widget_get_width (GTK_WIDGET (self->paned)) <= 0 || self->paned_restored)
    return;

  self->paned_restored = TRUE;
  place_paned_handle (self);
}

/* Moves the detail pane below the list when the paned is narrower than
 * FOLD_WIDTH, and beside it again when it is wider. */
static gboolean
update_fold (gpointer user_data)
{
  BvWindow *self = user_data;
  gboolean fold = gtk_widget_get_width (GTK_WIDGET (self->paned)) < FOLD_WIDTH;

  self->fold_idle = 0;
  if (fold == is_folded (self))
    return G_SOURCE_REMOVE;

  set_paned_orientation (self, fold ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);

  update_detail_pane_visible (self);

  /* The handle is placed once the paned has its size in the new
   * orientation. GtkPaned 4.8 moves the position by the change of its
   * size, and takes a change of orientation for one: from a width of
   * 590 pixels to a height of 384, the list got its minimum height. */
  self->place_handle_later = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
place_paned_handle_idle (gpointer user_data)
{
  BvWindow *self = user_data;

  self->fold_idle = 0;
  place_paned_handle (self);
  return G_SOURCE_REMOVE;
}

/* The orientation changes in an idle callback, because changing it here
 * would resize the paned's parents while GTK allocates them. */
static void
bv_window_size_allocate (GtkWidget *widget,
                         int        width,
                         int        height,
                         int        baseline)
{
  BvWindow *self = BV_WINDOW (widget);
  gboolean fold;

  GTK_WIDGET_CLASS (bv_window_parent_class)->size_allocate (widget, width, height, baseline);
  self->allocated_paned_width = gtk_widget_get_width (GTK_WIDGET (self->paned));

  if (self->fold_idle != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self->paned)))
    return;

  if (self->place_handle_later)
    {
      self->place_handle_later = FALSE;
      self->fold_idle = g_idle_add (place_paned_handle_idle, self);
      return;
    }

  fold = gtk_widget_get_width (GTK_WIDGET (self->paned)) < FOLD_WIDTH;
  if (fold != is_folded (self))
    self->fold_idle = g_idle_add (update_fold, self);
}

/* Bounds of a restored column width, in pixels. */
#define MIN_COLUMN_WIDTH 24
#define MAX_COLUMN_WIDTH 2000

/* Returns whether the settings have the key of the column widths. A
 * compiled schema of an older install lacks it, and GSettings aborts on
 * a key that its schema does not name. */
static gboolean
has_column_widths (BvWindow *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, "column-widths");
}

/* Restores the column widths that the last window closed with. */
static void
restore_column_widths (BvWindow *self)
{
  g_autoptr(GVariant) widths = NULL;
  GVariantIter iter;
  const char *nick;
  int width;

  if (!has_column_widths (self))
    return;

  widths = g_settings_get_value (self->settings, "column-widths");
  g_variant_iter_init (&iter, widths);
  while (g_variant_iter_next (&iter, "{&si}", &nick, &width))
    {
      BvSortColumn column;
      GtkColumnViewColumn *view_column = NULL;

      if (sort_column_from_nick (nick, &column))
        view_column = find_view_column (self, column);
      if (view_column != NULL)
        gtk_column_view_column_set_fixed_width (view_column,
                                                CLAMP (width, MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH));
    }
}

/* Stores the width of each column, which a drag on a header's edge sets. */
static void
save_column_widths (BvWindow *self)
{
  GVariantBuilder builder;

  if (!has_column_widths (self))
    return;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{si}"));
  for (BvSortColumn column = BV_SORT_DATE; column < BV_SORT_ID; column++)
    {
      GtkColumnViewColumn *view_column = find_view_column (self, column);
      int width = view_column != NULL ? gtk_column_view_column_get_fixed_width (view_column) : 0;

      if (width > 0)
        g_variant_builder_add (&builder, "{si}", sort_column_to_nick (column), width);
    }
  g_settings_set_value (self->settings, "column-widths", g_variant_builder_end (&builder));
}

static void
save_window_state (BvWindow *self)
{
  int width = 0;
  int height = 0;
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  if (!maximized)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);

  if (self->paned_restored)
    g_settings_set_int (self->settings, "detail-pane-width", MAX (200, self->detail_width));
  save_column_widths (self);
}

static gboolean
bv_window_close_request (GtkWindow *window)
{
  BvWindow *self = BV_WINDOW (window);

  save_window_state (self);

  /* What an import stored so far stays; the rest is read next time. */
  if (self->import_job != NULL)
    bv_import_job_cancel (self->import_job);

  return GTK_WINDOW_CLASS (bv_window_parent_class)->close_request (window);
}

static void
bv_window_map (GtkWidget *widget)
{
  BvWindow *self = BV_WINDOW (widget);
  g_autoptr(GError) error = g_steal_pointer (&self->open_error);

  GTK_WIDGET_CLASS (bv_window_parent_class)->map (widget);

  if (error != NULL)
    bv_window_show_error (self, _("The Database Is Read-Only"), error->message);
}

/* A spinning spinner redraws the window on every frame even on a hidden
 * page, so the one of the loading page spins only while that page shows. */
static void
on_main_page_changed (BvWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->main_stack);
  gboolean events = g_strcmp0 (page, "events") == 0;

  gtk_spinner_set_spinning (self->loading_spinner, g_strcmp0 (page, "loading") == 0);

  /* The search entry shows only with the events. On another page, keys
   * typed into the window would go into a hidden search, which would
   * then hide the events of the next import. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, events ? GTK_WIDGET (self) : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", events);
}

static void
bv_window_constructed (GObject *object)
{
  BvWindow *self = (BvWindow *) object;
  GtkSorter *sorter;
  GtkEventController *wheel;

  G_OBJECT_CLASS (bv_window_parent_class)->constructed (object);

  restore_window_state (self);
  g_signal_connect_object (self->main_stack, "notify::visible-child-name",
                           G_CALLBACK (on_main_page_changed), self, G_CONNECT_SWAPPED);
  on_main_page_changed (self);
  g_signal_connect_object (self->paned, "notify::max-position",
                           G_CALLBACK (on_paned_max_position), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->paned, "notify::position",
                           G_CALLBACK (on_paned_position), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->event_list, "updated",
                           G_CALLBACK (on_list_updated), self, 0);
  g_signal_connect (self, "unrealize", G_CALLBACK (stop_restoring), NULL);
  wheel = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (wheel, GTK_PHASE_CAPTURE);
  g_signal_connect (wheel, "scroll", G_CALLBACK (on_list_wheel), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_scroller), wheel);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->list_scroller),
                           "value-changed", G_CALLBACK (on_list_scrolled), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->event_list, "query-failed",
                           G_CALLBACK (on_query_failed), self, 0);
  g_signal_connect_object (self->event_list, "notify::selected-item",
                           G_CALLBACK (on_selected_item_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->event_list, "notify::loading",
                           G_CALLBACK (on_loading_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->event_list, "notify::reasons",
                           G_CALLBACK (on_reasons_changed), self, G_CONNECT_SWAPPED);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->event_list));

  restore_column_widths (self);

  /* As the last window sorted, newest first at the first start. */
  {
    g_autofree char *nick = g_settings_get_string (self->settings, "sort-column");
    gboolean descending = g_settings_get_boolean (self->settings, "sort-descending");
    BvSortColumn column;
    GtkColumnViewColumn *view_column = NULL;

    if (sort_column_from_nick (nick, &column))
      view_column = find_view_column (self, column);
    if (view_column == NULL)
      {
        view_column = self->date_column;
        descending = TRUE;
      }
    gtk_column_view_sort_by_column (self->column_view, view_column,
                                    descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
    read_sort_order (self);
  }
  sorter = gtk_column_view_get_sorter (self->column_view);
  g_signal_connect_object (sorter, "changed", G_CALLBACK (on_sorter_changed), self, 0);
  g_signal_connect_object (self->filter_bar, "range-moved", G_CALLBACK (bv_window_refresh_list),
                           self, G_CONNECT_SWAPPED);

  open_database (self);
  apply_filters (self);
  bv_window_update_actions (self);
}

static void
bv_window_dispose (GObject *object)
{
  BvWindow *self = (BvWindow *) object;

  bv_window_import_dispose (self);
  bv_window_actions_dispose (self);
  stop_restoring (self);
  if (self->wheel_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_scroller), self->wheel_tick);
      self->wheel_tick = 0;
    }
  stop_watching_database (self);
  g_clear_handle_id (&self->fold_idle, g_source_remove);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->event_list);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (bv_window_parent_class)->dispose (object);
}

static void
bv_window_finalize (GObject *object)
{
  BvWindow *self = (BvWindow *) object;

  g_clear_error (&self->open_error);
  g_free (self->error_message);
  g_free (self->database_path);

  G_OBJECT_CLASS (bv_window_parent_class)->finalize (object);
}

static void
bv_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  BvWindow *self = BV_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    case PROP_SORT_COLUMN:
      g_value_set_string (value, sort_column_to_nick (self->sort_column));
      break;

    case PROP_SORT_DESCENDING:
      g_value_set_boolean (value, self->sort_descending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bv_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  BvWindow *self = BV_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DATABASE_PATH:
      self->database_path = g_value_dup_string (value);
      break;

    case PROP_SORT_COLUMN:
      {
        BvSortColumn column;

        /* read_sort_order() then records the change from the column view. */
        if (sort_column_from_nick (g_value_get_string (value), &column) &&
            column != self->sort_column)
          sort_by (self, column, self->sort_descending);
      }
      break;

    case PROP_SORT_DESCENDING:
      if (g_value_get_boolean (value) != self->sort_descending)
        sort_by (self, self->sort_column, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bv_window_class_init (BvWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = bv_window_constructed;
  object_class->dispose = bv_window_dispose;
  object_class->finalize = bv_window_finalize;
  object_class->get_property = bv_window_get_property;
  object_class->set_property = bv_window_set_property;

  widget_class->map = bv_window_map;
  widget_class->size_allocate = bv_window_size_allocate;

  window_class->close_request = bv_window_close_request;

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /* The nick of a BvSortColumn, a string for the win.sort-by action. */
  properties[PROP_SORT_COLUMN] =
    g_param_spec_string ("sort-column", NULL, NULL,
                         "date",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SORT_DESCENDING] =
    g_param_spec_boolean ("sort-descending", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Types that the template names before anything else creates them. */
  g_type_ensure (BV_TYPE_COLUMN_SORTER);
  g_type_ensure (BV_TYPE_DETAIL_PANE);
  g_type_ensure (BV_TYPE_EVENT_ITEM);
  g_type_ensure (BV_TYPE_FILTER_BAR);
  g_type_ensure (BV_TYPE_TYPE_SWITCHER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/BounceView/bv-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BvWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, filter_toggle);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, type_switcher);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, list_scroller);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, column_view);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, date_column);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, query_spinner);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, detail_pane);
  gtk_widget_class_bind_template_child (widget_class, BvWindow, drop_highlight);
  gtk_widget_class_bind_template_callback (widget_class, setup_cell);
  gtk_widget_class_bind_template_callback (widget_class, setup_numeric_cell);
  gtk_widget_class_bind_template_callback (widget_class, setup_monospace_cell);
  gtk_widget_class_bind_template_callback (widget_class, unbind_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_date_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_recipient_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_type_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_status_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_reply_code_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_reason_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_remote_mta_cell);
  gtk_widget_class_bind_template_callback (widget_class, bind_diagnostic_cell);
  gtk_widget_class_bind_template_callback (widget_class, on_filters_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped);

  bv_window_actions_class_init (widget_class);
  bv_window_import_class_init (widget_class);
}

/* GLib looks for the schema of the settings where XDG_DATA_DIRS and
 * XDG_DATA_HOME lead. A session that sets either elsewhere than at
 * install time would leave it out, and g_settings_new() would end the
 * program, so the folder the schema was installed to comes next. */
static GSettings *
new_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchemaSource) installed = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      installed = g_settings_schema_source_new_from_directory (SCHEMA_DIR, source, FALSE, NULL);
      if (installed != NULL)
        schema = g_settings_schema_source_lookup (installed, APPLICATION_ID, FALSE);
    }
  if (schema == NULL)
    return g_settings_new (APPLICATION_ID);
  return g_settings_new_full (schema, NULL, NULL);
}

static void
bv_window_init (BvWindow *self)
{
  /* The order that constructed() gives the column view, set before the
   * template's menus first read the state of the Sort By actions. */
  self->sort_column = BV_SORT_DATE;
  self->sort_descending = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = new_settings ();
  self->event_list = bv_event_list_new ();

  bv_window_actions_init (self);
  bv_window_import_init (self);
  bv_window_keys_init (self);
}

/**
 * bv_window_new:
 * @application: the application
 * @database_path: the database to show and import into
 *
 * Returns: (transfer full): a new window on the database
 */
BvWindow *
bv_window_new (GtkApplication *application,
               const char     *database_path)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (database_path != NULL, NULL);

  return g_object_new (BV_TYPE_WINDOW,
                       "application", application,
                       "database-path", database_path,
                       NULL);
}

const char *
bv_window_get_database_path (BvWindow *self)
{
  g_return_val_if_fail (BV_IS_WINDOW (self), NULL);

  return self->database_path;
}

/**
 * bv_window_get_event_list:
 * @self: a window
 *
 * Returns: (transfer none): the model of the event list, which is also
 *   its selection
 */
BvEventList *
bv_window_get_event_list (BvWindow *self)
{
  g_return_val_if_fail (BV_IS_WINDOW (self), NULL);

  return self->event_list;
}
