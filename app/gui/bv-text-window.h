/* bv-text-window.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BV_TYPE_TEXT_WINDOW (bv_text_window_get_type ())

G_DECLARE_FINAL_TYPE (BvTextWindow, bv_text_window, BV, TEXT_WINDOW, AdwWindow)

BvTextWindow *bv_text_window_new       (GtkWindow    *parent,
                                        const char   *title,
                                        const char   *subtitle);
void          bv_text_window_set_bytes (BvTextWindow *self,
                                        GBytes       *bytes);
void          bv_text_window_set_text  (BvTextWindow *self,
                                        const char   *text);
char         *bv_text_window_dup_text  (BvTextWindow *self);

G_END_DECLS
