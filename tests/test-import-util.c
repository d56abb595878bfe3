/* test-import-util.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A test helper that needs the core, apart from test-util.c, which the
 * fuzz harnesses link without it. */

#include "test-import-util.h"

#include <string.h>

#include "bv-digest.h"

/**
 * bv_test_import_path:
 * @database: the database file
 * @path: a Maildir, an mbox file, a message file or a folder
 * @counts: (out caller-allocates) (optional): the import's counts
 *
 * Imports @path into @database and fails the test on any error.
 */
void
bv_test_import_path (const char     *database,
                     const char     *path,
                     BvImportCounts *counts)
{
  g_autoptr(BvImporter) importer = bv_importer_new (database);
  g_autoptr(GError) error = NULL;

  g_assert_true (bv_importer_add_path (importer, path, &error));
  g_assert_no_error (error);
  g_assert_true (bv_importer_run (importer, NULL, &error));
  g_assert_no_error (error);
  if (counts != NULL)
    bv_importer_get_counts (importer, counts);
}

/**
 * bv_test_store_event:
 * @store: a store outside a transaction
 * @event: (transfer full): the event
 * @key: the text whose digest the report gets
 * @source: the report's file
 * @source_index: its place in @source
 *
 * Stores a report with @event as its only event, in a transaction of
 * its own, and fails the test on any error.
 */
void
bv_test_store_event (BvStore    *store,
                     BvEvent    *event,
                     const char *key,
                     const char *source,
                     gint64      source_index)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) bv_event_free);
  g_autoptr(GError) error = NULL;
  BvMessageRecord record = { 0 };
  BvStoreAddResult added;

  event->rcpt_index = 1;
  g_ptr_array_add (events, event);
  bv_digest_compute (key, strlen (key), &record.digest);
  record.source = source;
  record.source_index = source_index;
  record.result = "events";
  g_assert_true (bv_store_begin (store, &error));
  g_assert_true (bv_store_add_message (store, &record, events, &added, &error));
  g_assert_true (bv_store_commit (store, &error));
  g_assert_no_error (error);
}
