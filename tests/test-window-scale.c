/* test-window-scale.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window on 100,000 synthetic events: it opens, filters and sorts
 * correctly. The expected counts and rows are computed from the
 * generator in C, not from SQL. Timings are printed, never checked;
 * bench-window measures them on a million events. */

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bv-application.h"
#include "bv-list-cell.h"
#include "bv-type-switcher.h"
#include "bv-window.h"
#include "test-window-fixture.h"

#define N_EVENTS 100000
#define WAIT_MS 60000

typedef struct
{
  char *recipient;
  char *status;
  BvEventType type;
} Expected;

static gboolean have_display;
static GtkApplication *application;
static char *folder;
static char *database;
static Expected expected[N_EVENTS];
static BvWindow *window;
static BvEventList *list;

static gboolean
list_settled (gpointer user_data)
{
  return !bv_event_list_get_loading (user_data);
}

static double
wait_for_list (void)
{
  gint64 start = g_get_monotonic_time ();

  bv_test_wait_until (list_settled, list, WAIT_MS);
  g_assert_false (bv_event_list_get_loading (list));
  return (g_get_monotonic_time () - start) / 1000.0;
}

static GObject *
window_child (const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (window), BV_TYPE_WINDOW, name);
}

static const BvEvent *
row_event (guint position)
{
  g_autoptr(BvEventItem) item = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (item);
  /* The list's page cache keeps the item, and so its event, alive. */
  return bv_event_item_get_event (item);
}

/* Event i of the generator is stored with id i + 1. */
static gint64
row_id (guint position)
{
  g_autoptr(BvEventItem) item = g_list_model_get_item (G_LIST_MODEL (list), position);

  return bv_event_item_get_id (item);
}

static guint
count_matches (const char  *substring,
               BvEventType  type,
               int         *newest)
{
  guint count = 0;

  *newest = -1;
  for (int i = 0; i < N_EVENTS; i++)
    {
      if (strstr (expected[i].recipient, substring) == NULL)
        continue;
      if (type != BV_EVENT_UNKNOWN && expected[i].type != type)
        continue;
      count++;
      *newest = i;
    }
  return count;
}

static void
set_search (const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (window_child ("search_entry")), text);
}

static void
test_open (void)
{
  guint64 by_type[BV_EVENT_N_TYPES] = { 0 };

  if (!have_display)
    {
      g_test_skip ("No display: set DISPLAY, for example with xvfb-run");
      return;
    }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_EVENTS);
  g_assert_cmpuint (bv_event_list_get_total (list), ==, N_EVENTS);

  /* Newest first: the last event generated. */
  g_assert_cmpint (row_id (0), ==, N_EVENTS);
  g_assert_cmpstr (row_event (0)->recipient, ==, expected[N_EVENTS - 1].recipient);
  g_assert_cmpint (row_id (N_EVENTS - 1), ==, 1);

  for (int i = 0; i < N_EVENTS; i++)
    by_type[expected[i].type]++;
  for (BvEventType type = BV_EVENT_BOUNCE; type < BV_EVENT_N_TYPES; type++)
    g_assert_cmpuint (bv_event_list_get_type_count (list, type), ==, by_type[type]);

  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (window_child ("count_label"))), ==,
                   "100000 events");
}

static void
test_search_keystrokes (void)
{
  const char *typed = "anna.becker4";
  g_autofree char *text = NULL;
  int newest;
  guint count;

  if (!have_display)
    {
      g_test_skip ("No display: set DISPLAY, for example with xvfb-run");
      return;
    }

  for (gsize length = 1; length <= strlen (typed); length++)
    {
      double ms;

      g_free (text);
      text = g_strndup (typed, length);
      set_search (text);
      ms = wait_for_list ();

      count = count_matches (text, BV_EVENT_UNKNOWN, &newest);
      g_test_message ("“%s”: %u events in %.1f ms", text, count, ms);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, count);
      if (count > 0)
        g_assert_cmpint (row_id (0), ==, newest + 1);
    }

  /* Upper case finds the same events. */
  set_search ("ANNA.BECKER4");
  wait_for_list ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, count);

  set_search ("");
  wait_for_list ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_EVENTS);
}

static void
test_type_and_search (void)
{
  BvTypeSwitcher *switcher;
  int newest;
  guint count;

  if (!have_display)
    {
      g_test_skip ("No display: set DISPLAY, for example with xvfb-run");
      return;
    }

  switcher = BV_TYPE_SWITCHER (window_child ("type_switcher"));
  bv_type_switcher_set_event_type (switcher, BV_EVENT_DEFERRAL);
  set_search ("example.net");
  wait_for_list ();

  count = count_matches ("example.net", BV_EVENT_DEFERRAL, &newest);
  g_assert_cmpuint (count, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, count);
  g_assert_cmpint (row_id (0), ==, newest + 1);
  g_assert_cmpuint (bv_event_list_get_type_count (list, BV_EVENT_DEFERRAL), ==, count);

  bv_type_switcher_set_event_type (switcher, BV_EVENT_UNKNOWN);
  set_search ("");
  wait_for_list ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_EVENTS);
}

/* A new search shows its first rows, even when the list was scrolled far
 * down before it. */
static void
test_search_scrolls_to_top (void)
{
  GtkAdjustment *adjustment;

  if (!have_display)
    {
      g_test_skip ("No display: set DISPLAY, for example with xvfb-run");
      return;
    }

  /* The rows of the last query must have their places before a scroll. */
  bv_test_iterate (300);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (window_child ("list_scroller")));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / 2);
  bv_test_iterate (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);

  set_search ("example.net");
  wait_for_list ();
  bv_test_iterate (100);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  set_search ("");
  wait_for_list ();
  bv_test_iterate (100);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
}

/* A search that is cleared while one of its events is selected leaves
 * that event selected, and in view, far down the whole list. */
static void
test_clear_search_shows_selection (void)
{
  GtkAdjustment *adjustment;
  guint count;
  guint selected;
  gint64 id;
  int newest;
  double row_height;

  if (!have_display)
    {
      g_test_skip ("No display: set DISPLAY, for example with xvfb-run");
      return;
    }

  set_search ("anna.becker4");
  wait_for_list ();
  count = count_matches ("anna.becker4", BV_EVENT_UNKNOWN, &newest);
  g_assert_cmpuint (count, >, 1);
  /* The oldest match, near the end of the whole list. */
  id = row_id (count - 1);
  bv_event_list_set_selected (list, count - 1);

  set_search ("");
  wait_for_list ();
  bv_test_iterate (300);
  selected = bv_event_list_get_selected (list);
  g_assert_cmpuint (selected, !=, GTK_INVALID_LIST_POSITION);
  g_assert_cmpint (row_id (selected), ==, id);
  g_assert_cmpuint (selected, >, 1000);

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (window_child ("list_scroller")));
  row_height = gtk_adjustment_get_upper (adjustment) / N_EVENTS;
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), <=, selected * row_height);
  g_assert_cmpfloat ((selected + 1) * row_height, <=,
                     gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) + 0.5);

  bv_event_list_set_selected (list, GTK_INVALID_LIST_POSITION);
  gtk_adjustment_set_value (adjustment, 0);
  bv_test_iterate (100);
}

static GtkColumnViewColumn *
column (guint position)
{
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (window_child ("column_view")));
  GtkColumnViewColumn *result = g_list_model_get_item (columns, position);

  g_object_unref (result);
  return result;
}

static void
sort_by (guint        position,
         GtkSortType  order)
{
  double ms;

  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (window_child ("column_view")),
                                  column (position), order);
  ms = wait_for_list ();
  g_test_message ("sort by %s: %.1f ms", gtk_column_view_column_get_title (column (position)), ms);
}

static void
test_sort (void)
{
  int first = 0;
  int last = 0;

  if (!have_display)
    {
      g_test_skip ("No display: set DISPLAY, for example with xvfb-run");
      return;
    }

  /* Ties go to the higher id, the last imported, in both directions. */
  for (int i = 1; i < N_EVENTS; i++)
    {
      if (strcmp (expected[i].recipient, expected[first].recipient) <= 0)
        first = i;
      if (strcmp (expected[i].recipient, expected[last].recipient) >= 0)
        last = i;
    }

  g_assert_cmpstr (gtk_column_view_column_get_title (column (1)), ==, "Recipient");
  sort_by (1, GTK_SORT_ASCENDING);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, N_EVENTS);
  g_assert_cmpint (row_id (0), ==, first + 1);
  g_assert_cmpstr (row_event (0)->recipient, <=, row_event (1)->recipient);

  sort_by (1, GTK_SORT_DESCENDING);
  g_assert_cmpint (row_id (0), ==, last + 1);

  /* Status, descending: a 5.x.x code first, a report without one last. */
  g_assert_cmpstr (gtk_column_view_column_get_title (column (4)), ==, "Status");
  sort_by (4, GTK_SORT_DESCENDING);
  g_assert_cmpstr (row_event (0)->status, ==, "5.7.26");
  g_assert_null (row_event (N_EVENTS - 1)->status);

  /* The search keeps the order. */
  set_search ("zoe.");
  wait_for_list ();
  for (guint i = 1; i < MIN (50, g_list_model_get_n_items (G_LIST_MODEL (list))); i++)
    g_assert_cmpstr (row_event (i - 1)->status, >=, row_event (i)->status);
  set_search ("");

  sort_by (0, GTK_SORT_DESCENDING);
  g_assert_cmpint (row_id (0), ==, N_EVENTS);
}

/* Returns the recipients of the rows that the list shows, from the top
 * of its scrolled window down, as read from their cells. */
static GPtrArray *
visible_recipients (void)
{
  GtkWidget *scroller = GTK_WIDGET (window_child ("list_scroller"));
  GtkWidget *view = GTK_WIDGET (window_child ("column_view"));
  g_autoptr(GArray) tops = g_array_new (FALSE, FALSE, sizeof (double));
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  const guint recipient_column = 1;

  g_assert_cmpstr (gtk_column_view_column_get_title (column (recipient_column)), ==, "Recipient");

  for (GtkWidget *child = gtk_widget_get_first_child (view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_LIST_VIEW (child))
        continue;

      for (GtkWidget *row = gtk_widget_get_first_child (child); row != NULL;
           row = gtk_widget_get_next_sibling (row))
        {
          GtkWidget *cell = gtk_widget_get_first_child (row);
          double x, y;
          guint at;

          if (!gtk_widget_get_mapped (row) ||
              !gtk_widget_translate_coordinates (row, scroller, 0, 0, &x, &y) ||
              y + gtk_widget_get_height (row) <= 0 || y >= gtk_widget_get_height (scroller))
            continue;

          for (guint i = 0; cell != NULL && i < recipient_column; i++)
            cell = gtk_widget_get_next_sibling (cell);
          g_assert_nonnull (cell);
          cell = gtk_widget_get_first_child (cell);
          g_assert_true (BV_IS_LIST_CELL (cell));

          for (at = 0; at < tops->len && g_array_index (tops, double, at) < y; at++)
            ;
          g_array_insert_val (tops, at, y);
          g_ptr_array_insert (texts, at, g_strdup (bv_list_cell_get_text (BV_LIST_CELL (cell))));
        }
    }
  return texts;
}

/* Stores @user_data[1] synthetic events from index @user_data[0] on and
 * refreshes the list, as an import in another process does. */
static gboolean
import_midway (gpointer user_data)
{
  const guint *range = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (bv_synthetic_add_events (database, range[0], range[1], &error));
  g_assert_no_error (error);
  bv_event_list_refresh (list);
  return G_SOURCE_REMOVE;
}

/* Returns whether a test can send input with @xdotool, a path or NULL,
 * and marks the test skipped when not. */
static gboolean
can_send_input (const char *xdotool)
{
  if (!have_display)
    {
      g_test_skip ("No display: set DISPLAY, for example with xvfb-run");
      return FALSE;
    }
  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return FALSE;
    }
  return TRUE;
}

/* Sets @x_text and @y_text to the middle of @widget, in the window's
 * X coordinates. */
static void
widget_middle (GtkWidget  *widget,
               char      **x_text,
               char      **y_text)
{
  double x, y, surface_x, surface_y;

  g_assert_true (gtk_widget_translate_coordinates (widget, GTK_WIDGET (window),
                                                   gtk_widget_get_width (widget) / 2.0,
                                                   gtk_widget_get_height (widget) / 2.0, &x, &y));
  gtk_native_get_surface_transform (GTK_NATIVE (window), &surface_x, &surface_y);
  *x_text = g_strdup_printf ("%d", (int) (x + surface_x));
  *y_text = g_strdup_printf ("%d", (int) (y + surface_y));
}

/* Scrolls the list to row 2,000, sends a fast burst of wheel steps up
 * with xdotool and, when @n_new is not 0, stores @n_new events from
 * synthetic event @first_new on, which sort above every row, during the
 * burst. Then checks that the list moved up by GtkScrolledWindow's step
 * for each wheel step, from the row it was at. */
static void
check_wheel_burst (const char *xdotool,
                   guint       first_new,
                   guint       n_new)
{
  GtkWidget *scroller = GTK_WIDGET (window_child ("list_scroller"));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_autofree char *window_id = bv_test_find_window_id (xdotool);
  g_autofree char *x_text = NULL;
  g_autofree char *y_text = NULL;
  g_autofree char *repeat = NULL;
  const guint n_steps = 200;
  const guint range[] = { first_new, n_new };
  double row_height, start, step, expected;

  row_height = gtk_adjustment_get_upper (adjustment) / g_list_model_get_n_items (G_LIST_MODEL (list));
  start = row_height * 2000;
  gtk_adjustment_set_value (adjustment, start);
  bv_test_iterate (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, start);

  /* Button 4 is one wheel step up. The burst lasts more than a second. */
  widget_middle (scroller, &x_text, &y_text);
  repeat = g_strdup_printf ("%u", n_steps);
  if (n_new > 0)
    g_timeout_add (300, import_midway, (gpointer) range);
  bv_test_run_xdotool (xdotool, "mousemove", "--window", window_id, x_text, y_text,
               "click", "--repeat", repeat, "--delay", "5", "4", NULL);
  wait_for_list ();
  bv_test_iterate (300);

  /* GtkScrolledWindow's step: the page size to the power 2/3. */
  step = pow (gtk_adjustment_get_page_size (adjustment), 2.0 / 3.0);
  expected = start + n_new * row_height - n_steps * step;
  g_test_message ("wheel burst with %u new events: from %.0f to %.0f, expected %.0f", n_new,
                  start, gtk_adjustment_get_value (adjustment), expected);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), expected, step);
}

/* A fast burst of mouse wheel steps up moves the list up by
 * GtkScrolledWindow's step for each of them, also while an import adds
 * rows above. Newest first, new events sort above every row. */
static void
test_wheel_burst (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  if (!can_send_input (xdotool))
    return;

  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (window_child ("column_view")), column (0),
                                  GTK_SORT_DESCENDING);
  wait_for_list ();
  bv_test_iterate (300);

  check_wheel_burst (xdotool, 0, 0);
  check_wheel_burst (xdotool, N_EVENTS + 1000, 20);
}

static gboolean
focus_is_in (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Keys typed quickly right after a click on a row all reach the search,
 * which takes the focus at the first of them, while each keystroke
 * refreshes the list under the pointer. */
static void
test_type_after_click (void)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *window_id = NULL;
  g_autofree char *x_text = NULL;
  g_autofree char *y_text = NULL;
  GtkWidget *search = GTK_WIDGET (window_child ("search_entry"));

  if (!can_send_input (xdotool))
    return;

  set_search ("");
  wait_for_list ();
  bv_test_iterate (300);
  window_id = bv_test_find_window_id (xdotool);
  widget_middle (GTK_WIDGET (window_child ("list_scroller")), &x_text, &y_text);
  bv_test_run_xdotool (xdotool, "mousemove", "--window", window_id, x_text, y_text,
                       "click", "1", NULL);
  bv_test_iterate (300);
  g_assert_false (focus_is_in (search));

  bv_test_run_xdotool (xdotool, "type", "--delay", "25", "zoe.b", NULL);
  wait_for_list ();
  bv_test_iterate (300);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "zoe.b");
  g_assert_true (focus_is_in (search));
  set_search ("");
  wait_for_list ();
}

/* Counts, in @user_data, the drawn frames whose top row is not the one
 * stored on the clock as "expected-top". */
static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  const char *expected_top = g_object_get_data (G_OBJECT (clock), "expected-top");
  g_autoptr(GPtrArray) rows = visible_recipients ();
  guint *moved = user_data;

  if (rows->len == 0 || g_strcmp0 (g_ptr_array_index (rows, 0), expected_top) != 0)
    (*moved)++;
}

/* Scrolls the list to @row, stores @n_new events that sort above every
 * row, and checks that the rows on screen stay on screen, in every frame
 * drawn meanwhile. */
static void
check_rows_kept (guint row,
                 guint first_new,
                 guint n_new)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (window_child ("list_scroller")));
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  GdkFrameClock *clock;
  gulong handler;
  guint moved = 0;

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) / n_rows * row);
  bv_test_iterate (300);
  before = visible_recipients ();
  g_assert_cmpuint (before->len, >, 5);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_object_set_data (G_OBJECT (clock), "expected-top", g_ptr_array_index (before, 0));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &moved);

  g_assert_true (bv_synthetic_add_events (database, first_new, n_new, &error));
  g_assert_no_error (error);
  bv_event_list_refresh (list);
  wait_for_list ();
  bv_test_iterate (300);
  g_signal_handler_disconnect (clock, handler);
  g_object_set_data (G_OBJECT (clock), "expected-top", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_rows + n_new);
  g_assert_cmpuint (moved, ==, 0);

  after = visible_recipients ();
  g_assert_cmpuint (after->len, >, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (before, i));
}

/* Events that another process stores while the list is scrolled down
 * land above the rows on screen, newest first. Those rows stay on
 * screen. At the top, the list shows the new rows. Runs near the end,
 * because it adds events. */
static void
test_import_keeps_rows (void)
{
  GtkAdjustment *adjustment;
  g_autoptr(GPtrArray) top = NULL;
  g_autoptr(GError) error = NULL;

  if (!have_display)
    {
      g_test_skip ("No display: set DISPLAY, for example with xvfb-run");
      return;
    }

  gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (window_child ("column_view")), column (0),
                                  GTK_SORT_DESCENDING);
  wait_for_list ();
  bv_test_iterate (300);

  /* First among the first rows, which the list keeps items for, and
   * which a refresh reports as changed when rows move. Then far below. */
  check_rows_kept (100, N_EVENTS, 50);
  check_rows_kept (N_EVENTS / 3, N_EVENTS + 50, 50);

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (window_child ("list_scroller")));
  gtk_adjustment_set_value (adjustment, 0);
  bv_test_iterate (300);
  g_assert_true (bv_synthetic_add_events (database, N_EVENTS + 100, 10, &error));
  g_assert_no_error (error);
  bv_event_list_refresh (list);
  wait_for_list ();
  bv_test_iterate (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  top = visible_recipients ();
  g_assert_cmpstr (g_ptr_array_index (top, 0), ==, row_event (0)->recipient);
  g_assert_cmpint (row_id (0), >, row_id (10));
}

/* After events land above the selected row, the Down key selects the
 * event below it, not the event below its old row number. Runs after
 * import-keeps-rows, and adds events too. */
static void
test_import_keeps_cursor (void)
{
  GtkWidget *scroller = GTK_WIDGET (window_child ("list_scroller"));
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *window_id = NULL;
  g_autofree char *x_text = NULL;
  g_autofree char *y_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  guint selected;
  gint64 selected_id, below_id;
  double row_height;

  if (!can_send_input (xdotool))
    return;

  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) /
                            g_list_model_get_n_items (G_LIST_MODEL (list)) * 100);
  bv_test_iterate (300);

  /* A click selects the row under the pointer and gives it the focus. */
  window_id = bv_test_find_window_id (xdotool);
  widget_middle (scroller, &x_text, &y_text);
  bv_test_run_xdotool (xdotool, "mousemove", "--window", window_id, x_text, y_text, "click", "1", NULL);
  bv_test_iterate (300);
  selected = bv_event_list_get_selected (list);
  g_assert_cmpuint (selected, !=, GTK_INVALID_LIST_POSITION);
  selected_id = row_id (selected);
  below_id = row_id (selected + 1);

  /* The selected row half out of sight at the top: the focus must not
   * scroll it into view. */
  row_height = gtk_adjustment_get_upper (adjustment) / g_list_model_get_n_items (G_LIST_MODEL (list));
  gtk_adjustment_set_value (adjustment, (selected + 0.5) * row_height);
  bv_test_iterate (300);
  before = visible_recipients ();

  g_assert_true (bv_synthetic_add_events (database, N_EVENTS + 2000, 3, &error));
  g_assert_no_error (error);
  bv_event_list_refresh (list);
  wait_for_list ();
  bv_test_iterate (300);
  g_assert_cmpint (row_id (bv_event_list_get_selected (list)), ==, selected_id);
  after = visible_recipients ();
  g_assert_cmpuint (after->len, >, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (before, i));

  bv_test_run_xdotool (xdotool, "key", "--window", window_id, "Down", NULL);
  bv_test_iterate (300);
  g_assert_cmpint (row_id (bv_event_list_get_selected (list)), ==, below_id);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  gint64 start;
  int status;

  g_autofree char *home = bv_test_isolate_home ();

  bv_test_tolerate_snapshot_warning ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bounceview/window-scale/open", test_open);
  g_test_add_func ("/bounceview/window-scale/search-keystrokes", test_search_keystrokes);
  g_test_add_func ("/bounceview/window-scale/type-and-search", test_type_and_search);
  g_test_add_func ("/bounceview/window-scale/search-scrolls-to-top", test_search_scrolls_to_top);
  g_test_add_func ("/bounceview/window-scale/clear-search-shows-selection",
                   test_clear_search_shows_selection);
  g_test_add_func ("/bounceview/window-scale/sort", test_sort);
  g_test_add_func ("/bounceview/window-scale/wheel-burst", test_wheel_burst);
  g_test_add_func ("/bounceview/window-scale/type-after-click", test_type_after_click);
  g_test_add_func ("/bounceview/window-scale/import-keeps-rows", test_import_keeps_rows);
  g_test_add_func ("/bounceview/window-scale/import-keeps-cursor", test_import_keeps_cursor);

  have_display = bv_test_have_display ();
  if (!have_display)
    {
      status = g_test_run ();
      bv_test_remove_tree (home);
      return status;
    }

  gtk_init ();
  application = GTK_APPLICATION (bv_application_new ());
  g_application_set_flags (G_APPLICATION (application),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_application_register (G_APPLICATION (application), NULL, NULL);

  for (guint i = 0; i < N_EVENTS; i++)
    {
      g_autoptr(BvEvent) event = bv_synthetic_event (i);

      expected[i].recipient = g_steal_pointer (&event->recipient);
      expected[i].status = g_steal_pointer (&event->status);
      expected[i].type = event->type;
    }

  folder = g_dir_make_tmp ("bounceview-scale-XXXXXX", &error);
  g_assert_no_error (error);
  database = g_build_filename (folder, "events.sqlite", NULL);

  start = g_get_monotonic_time ();
  bv_synthetic_add_events (database, 0, N_EVENTS, &error);
  g_assert_no_error (error);
  g_test_message ("database of %d events built in %.1f s", N_EVENTS,
                  (g_get_monotonic_time () - start) / 1e6);

  start = g_get_monotonic_time ();
  window = bv_window_new (application, database);
  list = bv_window_get_event_list (window);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_list ();
  g_test_message ("window open with rows in %.1f ms", (g_get_monotonic_time () - start) / 1e3);

  status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  bv_test_iterate (50);
  bv_test_remove_tree (folder);
  bv_test_remove_tree (home);
  return status;
}
