/* bv-application.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BV_TYPE_APPLICATION (bv_application_get_type ())

G_DECLARE_FINAL_TYPE (BvApplication, bv_application, BV, APPLICATION, AdwApplication)

BvApplication *bv_application_new           (void);
GtkWindow     *bv_application_open_database (BvApplication *self,
                                             const char    *database_path);
GtkWindow     *bv_application_find_database (BvApplication *self,
                                             const char    *database_path);

G_END_DECLS
