/* test-window-fixture.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "bv-event.h"

G_BEGIN_DECLS

/* The first synthetic event's date: 2024-01-01T00:00:00Z. Event i is
 * dated BV_SYNTHETIC_START + i * BV_SYNTHETIC_STEP seconds, so the
 * order by date is the order of generation. */
#define BV_SYNTHETIC_START G_GINT64_CONSTANT (1704067200)
#define BV_SYNTHETIC_STEP 37

BvEvent   *bv_synthetic_event           (guint         index);
gboolean   bv_synthetic_add_events      (const char   *path,
                                         guint         first,
                                         guint         n_events,
                                         GError      **error);

gboolean   bv_test_have_display         (void);
void       bv_test_tolerate_snapshot_warning (void);
char      *bv_test_isolate_home         (void);
void       bv_test_remove_tree          (const char   *path);
void       bv_test_wait_until           (gboolean    (*done) (gpointer user_data),
                                         gpointer      user_data,
                                         guint         timeout_ms);
void       bv_test_iterate              (guint         ms);
char      *bv_test_find_window_id       (const char   *xdotool);
void       bv_test_run_xdotool          (const char   *xdotool,
                                         ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
