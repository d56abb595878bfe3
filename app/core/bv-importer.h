/* bv-importer.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bv-source.h"
#include "bv-store.h"

G_BEGIN_DECLS

/**
 * BvImportCounts:
 *
 * How far an import has come.
 */
typedef struct
{
  guint64 total;                /* messages expected, or 0 while not known */
  guint64 messages;             /* messages read */
  guint64 events;               /* events stored */
  guint64 not_bounces;          /* messages that are no report */
  guint64 duplicates;           /* messages stored before */
  guint64 failures;             /* messages that could not be read or decoded, and reports
                                 * whose events are incomplete because of a decoder limit */
  guint64 unreadable;           /* of the failures, files that could not be read at all */
} BvImportCounts;

/**
 * BvImportFailure:
 *
 * One message that could not be read or decoded, or a report whose
 * events are incomplete because it passed a limit of the decoder.
 */
typedef struct
{
  char *path;
  guint64 index;                /* position in an mbox, else 0 */
  char *reason;
} BvImportFailure;

/* Called from the import thread after each committed batch and at the
 * end; a window marshals it to its main loop. */
typedef void (*BvImportProgressFunc) (const BvImportCounts *counts,
                                      gpointer              user_data);

typedef struct _BvImporter BvImporter;

/* At most this many failures are kept with their reasons; the count goes on. */
#define BV_IMPORT_MAX_FAILURES 10000

BvImporter   *bv_importer_new                (const char            *database_path);
void          bv_importer_free               (BvImporter            *importer);

gboolean      bv_importer_add_path           (BvImporter            *importer,
                                              const char            *path,
                                              GError               **error);
void          bv_importer_add_source         (BvImporter            *importer,
                                              BvSource              *source);
void          bv_importer_set_progress_func  (BvImporter            *importer,
                                              BvImportProgressFunc   func,
                                              gpointer               user_data);
void          bv_importer_set_workers        (BvImporter            *importer,
                                              guint                  n_workers);

gboolean      bv_importer_run                (BvImporter            *importer,
                                              GCancellable          *cancellable,
                                              GError               **error);
void          bv_importer_run_async          (BvImporter            *importer,
                                              GCancellable          *cancellable,
                                              GAsyncReadyCallback    callback,
                                              gpointer               user_data);
gboolean      bv_importer_run_finish         (BvImporter            *importer,
                                              GAsyncResult          *result,
                                              GError               **error);

void          bv_importer_get_counts         (BvImporter            *importer,
                                              BvImportCounts        *counts);
GPtrArray    *bv_importer_get_failures       (BvImporter            *importer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BvImporter, bv_importer_free)

G_END_DECLS
