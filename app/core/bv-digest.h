/* bv-digest.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define BV_DIGEST_SIZE 16

typedef struct
{
  guint8 bytes[BV_DIGEST_SIZE];
} BvDigest;

void   bv_digest_compute  (const char  *data,
                           gsize        length,
                           BvDigest    *digest);
void   bv_digest_compute_message (const char *data,
                                  gsize       length,
                                  BvDigest   *digest);
char  *bv_digest_to_hex   (const BvDigest *digest);

G_END_DECLS
