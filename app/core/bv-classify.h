/* bv-classify.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "bv-event.h"

G_BEGIN_DECLS

const char * const *bv_classify_reasons          (guint          *n_reasons);
gboolean            bv_classify_is_reason        (const char     *reason);
const char         *bv_classify_reason_label     (const char     *reason);
const char         *bv_classify_describe_reason  (const char     *reason);
gboolean            bv_classify_is_hard          (const char     *reason,
                                                  const BvEvent  *event);
void                bv_classify_event            (BvEvent        *event,
                                                  const char     *context,
                                                  gsize           context_length);

G_END_DECLS
