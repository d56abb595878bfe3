/* bv-codes.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * BvCodeKind:
 * @BV_CODE_REPLY: a basic SMTP reply code (RFC 5321), "550"
 * @BV_CODE_STATUS: an enhanced status code (RFC 3463), "5.1.1"
 * @BV_CODE_PROVIDER: a provider's own code or phrase, "TSS04"
 */
typedef enum
{
  BV_CODE_REPLY,
  BV_CODE_STATUS,
  BV_CODE_PROVIDER,
} BvCodeKind;

/**
 * BvCodeSeverity:
 * @BV_CODE_SUCCESS: 2xx, the request was carried out
 * @BV_CODE_INTERMEDIATE: 3xx, the server waits for more input
 * @BV_CODE_TEMPORARY: 4xx, a transient failure; a retry may succeed
 * @BV_CODE_PERMANENT: 5xx, a permanent failure; retrying the same message fails again
 */
typedef enum
{
  BV_CODE_SUCCESS,
  BV_CODE_INTERMEDIATE,
  BV_CODE_TEMPORARY,
  BV_CODE_PERMANENT,
} BvCodeSeverity;

/**
 * BvCodeInfo:
 *
 * What one code means. The strings of a table row are untranslated
 * (marked with N_()); bv_code_info_*() accessors return them translated.
 */
typedef struct
{
  BvCodeKind kind;
  const char *code;         /* "550", "5.1.1", "X.7.26" in the registry table, "TSS04" */
  const char *title;        /* registered title or short name */
  const char *explanation;  /* what happened, in plain words */
  const char *remedy;       /* what the sender should do */
  const char *reference;    /* "RFC 5321", "RFC 7372", a provider's page name */
  const char *provider;     /* NULL, or "Gmail", "Microsoft", "Yahoo", ... */
  BvCodeSeverity severity;
  gboolean registered;      /* FALSE for an unregistered code explained from its parts */
} BvCodeInfo;

/* Tables, for the table test and for tools that list every code. */
const BvCodeInfo *bv_codes_reply_table     (gsize        *n_rows);
const BvCodeInfo *bv_codes_status_table    (gsize        *n_rows);
const BvCodeInfo *bv_codes_provider_table  (gsize        *n_rows);

gboolean    bv_codes_lookup_reply          (guint         reply_code,
                                            BvCodeInfo   *info);
gboolean    bv_codes_lookup_status         (const char   *status,
                                            BvCodeInfo   *info);
GPtrArray  *bv_codes_find_provider         (const char   *diagnostic,
                                            const char   *status);

gboolean    bv_codes_parse_status          (const char   *text,
                                            guint        *klass,
                                            guint        *subject,
                                            guint        *detail);

char       *bv_codes_explain               (const char   *query,
                                            GError      **error);
char       *bv_codes_explain_event         (guint         reply_code,
                                            const char   *status,
                                            const char   *diagnostic);

G_END_DECLS
