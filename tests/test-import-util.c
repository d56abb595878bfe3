/* test-import-util.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A test helper that needs the core, apart from test-util.c, which the
 * fuzz harnesses link without it. */

#include "test-import-util.h"

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
