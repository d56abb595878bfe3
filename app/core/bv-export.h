/* bv-export.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bv-event.h"

G_BEGIN_DECLS

typedef enum
{
  BV_EXPORT_JSON,               /* one JSON object a line */
  BV_EXPORT_TSV,                /* tab-separated, a header line first */
  BV_EXPORT_CSV,                /* RFC 4180, a header line first */
} BvExportFormat;

gboolean  bv_export_format_from_string  (const char      *name,
                                         BvExportFormat  *format);
gboolean  bv_export_format_from_file_name (const char    *file_name,
                                         BvExportFormat  *format);
void      bv_export_header              (GString         *out,
                                         BvExportFormat   format);
void      bv_export_event               (GString         *out,
                                         BvExportFormat   format,
                                         const BvEvent   *event,
                                         const char      *source,
                                         guint64          source_index,
                                         gint64           date);
void      bv_export_append_plain        (GString         *out,
                                         const char      *text);

G_END_DECLS
