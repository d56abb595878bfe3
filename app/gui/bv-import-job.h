/* bv-import-job.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bv-importer.h"

G_BEGIN_DECLS

#define BV_TYPE_IMPORT_JOB (bv_import_job_get_type ())

G_DECLARE_FINAL_TYPE (BvImportJob, bv_import_job, BV, IMPORT_JOB, GObject)

BvImportJob  *bv_import_job_new           (const char      *database_path);
gboolean      bv_import_job_add_file      (BvImportJob     *self,
                                           GFile           *file,
                                           GError         **error);
void          bv_import_job_add_source    (BvImportJob     *self,
                                           BvSource        *source);
guint         bv_import_job_get_n_sources (BvImportJob     *self);
void          bv_import_job_start         (BvImportJob     *self);
void          bv_import_job_cancel        (BvImportJob     *self);
gboolean      bv_import_job_get_running   (BvImportJob     *self);
void          bv_import_job_get_counts    (BvImportJob     *self,
                                           BvImportCounts  *counts);
GPtrArray    *bv_import_job_get_failures  (BvImportJob     *self);
const GError *bv_import_job_get_error     (BvImportJob     *self);
gboolean      bv_import_job_was_cancelled (BvImportJob     *self);

G_END_DECLS
