/* test-util.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void    bv_test_remove_tree     (const char *path);
void    bv_test_copy_file       (const char *from,
                                 const char *to);
GBytes *bv_test_with_line_ends  (GBytes     *bytes,
                                 const char *line_end);
GString *bv_test_text_bounce    (guint       n_recipients);

G_END_DECLS
