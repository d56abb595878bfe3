/* bv-display-text.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gsize     bv_display_text_limit     (const char *text);
gboolean  bv_display_text_is_plain  (const char *text);
char     *bv_display_text_shorten   (const char *text);

G_END_DECLS
