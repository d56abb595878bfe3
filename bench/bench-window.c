/* bench-window.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Measures the real window on a large database, under X (xvfb-run):
 *
 *   xvfb-run -a -s "-screen 0 1400x900x24" \
 *     _build/bench/bench-window [--events=N] [--database=FILE]
 *
 * It builds a database of N synthetic events (default a million) with
 * the store API, unless FILE already contains that many. Then it prints
 * the time from start to the first rows drawn, and the time each
 * keystroke of a recipient search and each column sort takes until the
 * list shows the result and a frame is drawn. Last comes the peak
 * resident set size. The database is built in a child process, so the
 * peak RSS is the window's own. It draws with GTK's cairo renderer
 * unless GSK_RENDERER names another. No figure makes it fail. */

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "bv-application.h"
#include "bv-store.h"
#include "bv-window.h"
#include "test-window-fixture.h"

#define DEFAULT_EVENTS 1000000
#define WAIT_MS 120000

/* Typed one key at a time. Synthetic recipients start with names such
 * as "anna.becker42@", so each key narrows the list. */
static const char typed[] = "anna.becker42@";

typedef struct
{
  BvEventList *list;
  gboolean painted;
} Waiter;

static gint64 process_start;

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
on_after_paint (GdkFrameClock *clock,
                Waiter        *waiter)
{
  waiter->painted = TRUE;
}

static gboolean
list_settled (gpointer user_data)
{
  Waiter *waiter = user_data;

  return !bv_event_list_get_loading (waiter->list);
}

static gboolean
rows_present (gpointer user_data)
{
  Waiter *waiter = user_data;

  return bv_event_list_get_n_events (waiter->list) > 0 || !bv_event_list_get_loading (waiter->list);
}

static gboolean
painted (gpointer user_data)
{
  Waiter *waiter = user_data;

  return waiter->painted;
}

/* Waits until a frame was drawn, and returns the milliseconds since
 * @start. */
static double
wait_for_paint (BvWindow *window,
                Waiter   *waiter,
                gint64    start)
{
  waiter->painted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (window));
  bv_test_wait_until (painted, waiter, WAIT_MS);
  return ms_since (start);
}

/* Waits until the list has its query's result, counts included, and a
 * frame was drawn after that, and returns the milliseconds since @start. */
static double
wait_for_rows (BvWindow *window,
               Waiter   *waiter,
               gint64    start)
{
  bv_test_wait_until (list_settled, waiter, WAIT_MS);
  return wait_for_paint (window, waiter, start);
}

static guint64
count_events (const char *path)
{
  g_autoptr(BvStore) store = NULL;
  guint64 events = 0;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return 0;

  store = bv_store_open (path, BV_STORE_OPEN_READ_ONLY, NULL);
  if (store == NULL || !bv_store_count_messages (store, NULL, &events, NULL))
    return 0;
  return events;
}

/* Builds the database in a child process, so that the memory it takes
 * does not count in this process's peak RSS. */
static gboolean
build_database (const char  *self_path,
                const char  *database,
                guint        n_events,
                GError     **error)
{
  g_autofree char *events_option = g_strdup_printf ("--events=%u", n_events);
  g_autofree char *database_option = g_strconcat ("--database=", database, NULL);
  g_autoptr(GSubprocess) child = NULL;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < 3; i++)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *path = g_strconcat (database, suffixes[i], NULL);

      g_remove (path);
    }

  g_print ("Building %u synthetic events in %s …\n", n_events, database);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, error, self_path, "--build-only",
                            events_option, database_option, NULL);
  if (child == NULL || !g_subprocess_wait_check (child, NULL, error))
    return FALSE;

  g_print ("Built in %.1f s\n", ms_since (start) / 1000.0);
  return TRUE;
}

static void
sort_by (BvWindow    *window,
         Waiter      *waiter,
         const char  *title,
         GtkSortType  order)
{
  GtkColumnView *view = GTK_COLUMN_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                        BV_TYPE_WINDOW,
                                                                        "column_view"));
  GListModel *columns = gtk_column_view_get_columns (view);
  gint64 start;

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) != 0)
        continue;

      start = g_get_monotonic_time ();
      gtk_column_view_sort_by_column (view, column, order);
      g_print ("  sort by %-11s %-10s %8.1f ms\n", title,
               order == GTK_SORT_ASCENDING ? "ascending" : "descending",
               wait_for_rows (window, waiter, start));
      return;
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  g_autofree char *home = NULL;
  g_autofree char *search_text = NULL;
  g_autoptr(GArray) keystrokes = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean build_only = FALSE;
  int n_events = DEFAULT_EVENTS;
  GtkApplication *application;
  BvWindow *window;
  GtkEditable *search;
  Waiter waiter = { 0 };
  struct rusage usage;
  gint64 start;
  double first_rows;
  GOptionEntry entries[] = {
    { "events", 0, 0, G_OPTION_ARG_INT, &n_events, "Number of synthetic events (default 1000000)", "N" },
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "Database to use or build (default: in the temporary folder)", "FILE" },
    { "build-only", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &build_only, NULL, NULL },
    { NULL }
  };

  process_start = g_get_monotonic_time ();

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, "Measure the BounceView window on a large database.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-window: %s\n", error->message);
      return 2;
    }

  if (database == NULL)
    database = g_strdup_printf ("%s/bounceview-bench-%d.sqlite", g_get_tmp_dir (), n_events);

  if (build_only)
    {
      if (!bv_synthetic_add_events (database, 0, n_events, &error))
        {
          g_printerr ("bench-window: %s\n", error->message);
          return 1;
        }
      return 0;
    }

  if (count_events (database) != (guint64) n_events &&
      !build_database (argv[0], database, n_events, &error))
    {
      g_printerr ("bench-window: cannot build %s: %s\n", database, error->message);
      return 1;
    }

  if (!bv_test_have_display ())
    {
      g_printerr ("bench-window: no display; run it under xvfb-run\n");
      return 77;
    }

  /* Measure from here: the database is ready, as it is when a user
   * starts BounceView. */
  home = bv_test_isolate_home ();
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", BV_SCHEMA_DIR, FALSE);
  /* Xvfb has no GPU: GTK's GL renderer would run on Mesa's software
   * rasterizer and measure that. The cairo renderer draws in software
   * on purpose, as the window tests do; set GSK_RENDERER to override. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  process_start = g_get_monotonic_time ();

  gtk_init ();
  application = GTK_APPLICATION (bv_application_new ());
  g_application_set_flags (G_APPLICATION (application),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_application_register (G_APPLICATION (application), NULL, NULL);

  window = bv_window_new (application, database);
  waiter.list = bv_window_get_event_list (window);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_after_paint), &waiter);

  /* First rows: the rows of the first query drawn, before the counts by
   * type and the search index, which follow in the background. */
  bv_test_wait_until (rows_present, &waiter, WAIT_MS);
  first_rows = wait_for_paint (window, &waiter, process_start);
  g_print ("Events:                 %u shown of %" G_GUINT64_FORMAT "\n",
           bv_event_list_get_n_events (waiter.list), bv_event_list_get_total (waiter.list));
  g_print ("First rows drawn:       %8.1f ms after start\n", first_rows);
  g_print ("Counts and index ready: %8.1f ms after start\n",
           wait_for_rows (window, &waiter, process_start));

  search = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (window), BV_TYPE_WINDOW,
                                                        "search_entry"));
  g_print ("Recipient search, one key at a time (until the list is drawn):\n");
  for (gsize length = 1; length < sizeof typed; length++)
    {
      double ms;

      g_free (search_text);
      search_text = g_strndup (typed, length);
      start = g_get_monotonic_time ();
      gtk_editable_set_text (search, search_text);
      ms = wait_for_rows (window, &waiter, start);
      g_array_append_val (keystrokes, ms);
      g_print ("  %-16s %8u rows %8.1f ms\n", search_text,
               bv_event_list_get_n_events (waiter.list), ms);
    }

  start = g_get_monotonic_time ();
  gtk_editable_set_text (search, "");
  g_print ("  (cleared)        %8u rows %8.1f ms\n", bv_event_list_get_n_events (waiter.list),
           wait_for_rows (window, &waiter, start));

  g_array_sort (keystrokes, compare_doubles);
  g_print ("Keystroke latency:      median %.1f ms, max %.1f ms\n",
           g_array_index (keystrokes, double, keystrokes->len / 2),
           g_array_index (keystrokes, double, keystrokes->len - 1));

  g_print ("Sorting all rows (until the list is drawn):\n");
  sort_by (window, &waiter, "Recipient", GTK_SORT_ASCENDING);
  sort_by (window, &waiter, "Recipient", GTK_SORT_DESCENDING);
  sort_by (window, &waiter, "Type", GTK_SORT_ASCENDING);
  sort_by (window, &waiter, "Status", GTK_SORT_DESCENDING);
  sort_by (window, &waiter, "Reply", GTK_SORT_ASCENDING);
  sort_by (window, &waiter, "Reason", GTK_SORT_ASCENDING);
  sort_by (window, &waiter, "Remote MTA", GTK_SORT_ASCENDING);
  sort_by (window, &waiter, "Diagnostic", GTK_SORT_ASCENDING);
  sort_by (window, &waiter, "Date", GTK_SORT_DESCENDING);

  getrusage (RUSAGE_SELF, &usage);
  g_print ("Peak RSS:               %8.1f MB\n", usage.ru_maxrss / 1024.0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (application);
  bv_test_remove_tree (home);
  return 0;
}
