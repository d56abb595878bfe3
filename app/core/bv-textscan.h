/* bv-textscan.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Byte offsets into a text, end exclusive. */
typedef struct
{
  gsize start;
  gsize end;
} BvSpan;

gboolean    bv_scan_find_address     (const char  *text,
                                      gsize        length,
                                      gsize        from,
                                      BvSpan      *span);
gboolean    bv_scan_is_address       (const char  *text);
gsize       bv_scan_quoted_string_length (const char *text,
                                          gsize       length);

gboolean    bv_scan_find_status      (const char  *text,
                                      gsize        length,
                                      BvSpan      *span);
guint       bv_scan_find_reply_code  (const char  *text,
                                      gsize        length,
                                      BvSpan      *span);
void        bv_scan_codes            (const char  *text,
                                      gsize        length,
                                      guint       *reply_code,
                                      char       **status);

const char *bv_scan_find_phrase      (const char  *text,
                                      gsize        length,
                                      const char  *phrase);
char       *bv_scan_collapse_space   (const char  *text,
                                      gssize       length);
const char *bv_scan_smtp_command     (const char  *text,
                                      gsize        length);
gsize       bv_scan_host_name        (const char  *text,
                                      gsize        length);
char       *bv_scan_remote_host      (const char  *text,
                                      gsize        length);
char       *bv_scan_join_reply_lines (const char  *text);

G_END_DECLS
