/* bv-notmuch.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bv-source.h"

G_BEGIN_DECLS

const char  *bv_notmuch_default_query     (void);
char        *bv_notmuch_default_database  (GError     **error);
BvSource    *bv_notmuch_source_new        (const char  *database_path,
                                           const char  *query,
                                           GError     **error);
char        *bv_notmuch_state_key         (const char  *database_path,
                                           const char  *query);

G_END_DECLS
