/* test-import-util.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bv-importer.h"
#include "bv-store.h"

G_BEGIN_DECLS

void    bv_test_import_path     (const char     *database,
                                 const char     *path,
                                 BvImportCounts *counts);
void    bv_test_store_event     (BvStore        *store,
                                 BvEvent        *event,
                                 const char     *key,
                                 const char     *source,
                                 gint64          source_index);

G_END_DECLS
