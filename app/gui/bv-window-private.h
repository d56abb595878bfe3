/* bv-window-private.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bv-detail-pane.h"
#include "bv-filter-bar.h"
#include "bv-import-job.h"
#include "bv-type-switcher.h"
#include "bv-window.h"

G_BEGIN_DECLS

/* Shared by bv-window.c (layout, filters, list), bv-window-actions.c
 * (export, filters and event actions), bv-window-import.c (imports) and
 * bv-window-keys.c (keys between the search and the list). */
struct _BvWindow
{
  AdwApplicationWindow parent_instance;

  char *database_path;
  GSettings *settings;
  BvEventList *event_list;
  gboolean read_only;
  gboolean paned_restored;      /* the detail pane got its remembered width */
  int detail_width;             /* the detail pane's width beside the list, in pixels */
  int allocated_paned_width;    /* the paned's width at the window's last allocation */
  gboolean placing_handle;      /* the window itself moves the paned handle */
  guint fold_idle;              /* the idle source that moves the detail pane */
  gboolean place_handle_later;  /* the paned handle is placed after the next allocation */
  gboolean query_failed;        /* an error dialog was shown for the last failed query */
  GError *open_error;           /* why the database opened read-only, shown once mapped */
  char *error_message;          /* the error page's message, as plain text */
  gboolean had_events;          /* the database had events at the last update of the views */
  GAction *show_filters;        /* win.show-filters, in the action map only while there are events */

  /* The event at the top of the list (0 at the first row), how far it
   * is scrolled out of view, and the height of a row, so that a refresh
   * that adds rows above it keeps it in place. */
  gint64 top_id;
  double top_offset;
  double row_height;
  guint top_row;                /* its row after a refresh */
  gboolean keep_at_top;         /* whether the list stays at the first row */
  GdkFrameClock *layout_clock;
  gulong layout_handler;        /* the handler that waits for GTK to lay out the refreshed rows */
  guint layout_tries;

  double wheel_steps;           /* mouse wheel steps not scrolled yet */
  guint wheel_tick;             /* the tick callback that scrolls by them */

  /* Commits of other processes, such as bounceview-cli imports. */
  GFileMonitor *wal_monitor;
  guint change_check;           /* timeout source that reads the data version */
  gint64 data_version;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkLabel *subtitle_label;
  GtkWidget *import_button;
  GtkToggleButton *filter_toggle;
  GtkRevealer *progress_revealer;
  GtkLabel *progress_label;
  GtkProgressBar *progress_bar;
  GtkStack *main_stack;
  AdwStatusPage *error_page;
  BvTypeSwitcher *type_switcher;
  GtkSearchEntry *search_entry;
  GtkRevealer *filter_revealer;
  BvFilterBar *filter_bar;
  GtkPaned *paned;
  GtkStack *list_stack;
  GtkScrolledWindow *list_scroller;
  GtkColumnView *column_view;
  GtkColumnViewColumn *date_column;
  BvSortColumn sort_column;      /* as the column view sorts, for the Sort By menu */
  gboolean sort_descending;
  gboolean dropping_sort_keys;   /* while drop_other_sort_keys() runs */
  GtkLabel *count_label;
  GtkSpinner *query_spinner;
  GtkSpinner *loading_spinner;
  BvDetailPane *detail_pane;
  GtkWidget *drop_highlight;

  /* Imports: one runs, the others wait their turn. */
  BvImportJob *import_job;
  GQueue pending_imports;
  char *failures_text;
  guint64 failures_count;       /* of the last import, also those not in failures_text */
  AdwToast *import_toast;       /* the summary of the last import, until dismissed */
  AdwToast *last_toast;
};

void bv_window_actions_class_init   (GtkWidgetClass *widget_class);
void bv_window_import_class_init    (GtkWidgetClass *widget_class);
void bv_window_import_init          (BvWindow       *self);
void bv_window_import_dispose       (BvWindow       *self);
void bv_window_actions_init         (BvWindow       *self);
void bv_window_keys_init            (BvWindow       *self);
void bv_window_actions_dispose      (BvWindow       *self);
void bv_window_update_actions       (BvWindow       *self);
void bv_window_refresh_list         (BvWindow       *self);
GtkWidget *bv_window_find_row       (BvWindow       *self,
                                     guint           position);
GtkWidget *bv_window_get_list_view  (BvWindow       *self);
void bv_window_show_toast           (BvWindow       *self,
                                     AdwToast       *toast);
void bv_window_show_error           (BvWindow       *self,
                                     const char     *heading,
                                     const char     *message);

G_END_DECLS
