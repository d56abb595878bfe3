/* bv-window.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "bv-event-list.h"
#include "bv-export.h"

G_BEGIN_DECLS

#define BV_TYPE_WINDOW (bv_window_get_type ())

G_DECLARE_FINAL_TYPE (BvWindow, bv_window, BV, WINDOW, AdwApplicationWindow)

BvWindow    *bv_window_new                (GtkApplication *application,
                                           const char     *database_path);
const char  *bv_window_get_database_path  (BvWindow       *self);
BvEventList *bv_window_get_event_list     (BvWindow       *self);

void         bv_window_import_files       (BvWindow       *self,
                                           GFile         **files,
                                           guint           n_files);
gboolean     bv_window_handle_drop        (BvWindow       *self,
                                           const GValue   *value);
gboolean     bv_window_get_importing      (BvWindow       *self);
void         bv_window_export             (BvWindow       *self,
                                           GFile          *file,
                                           BvExportFormat  format);
AdwToast    *bv_window_get_last_toast     (BvWindow       *self);

G_END_DECLS
