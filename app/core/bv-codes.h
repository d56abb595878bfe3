/* bv-codes.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * BV_CODES_ERROR:
 *
 * Error domain of bv_codes_explain(). Errors in this domain are from the
 * #BvCodesError enumeration.
 */
#define BV_CODES_ERROR (bv_codes_error_quark ())

/**
 * BvCodesError:
 * @BV_CODES_ERROR_INVALID: the query is not a reply code, a status code or a
 *   known provider code
 */
typedef enum
{
  BV_CODES_ERROR_INVALID,
} BvCodesError;

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
 * BV_CODE_CLASS_BIT:
 * @klass: a status class, 2, 4 or 5
 *
 * The bit of @klass in the #BvCodeInfo.classes mask.
 */
#define BV_CODE_CLASS_BIT(klass) (1u << (klass))

/**
 * BvCodeInfo:
 *
 * What one code means.
 *
 * The rows of the tables hold untranslated strings (marked with N_()).
 * bv_codes_lookup_reply() and bv_codes_lookup_status() fill a #BvCodeInfo
 * with translated strings, and bv_code_info_translate() does the same for a
 * table row, for example one returned by bv_codes_find_provider().
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
  BvCodeSeverity severity;  /* registry rows: the severity of the lowest class in @classes */
  gboolean registered;      /* FALSE for an unregistered code explained from its parts, and
                             * for provider rows, which no registry lists */
  guint classes;            /* registry rows: the classes whose use the text describes, as
                             * BV_CODE_CLASS_BIT() bits; 0 in the other tables */
} BvCodeInfo;

GQuark      bv_codes_error_quark           (void);

/* Tables, for the table test and for tools that list every code. */
const BvCodeInfo *bv_codes_reply_table     (gsize        *n_rows);
const BvCodeInfo *bv_codes_status_table    (gsize        *n_rows);
const BvCodeInfo *bv_codes_provider_table  (gsize        *n_rows);

void        bv_code_info_translate         (const BvCodeInfo *row,
                                            BvCodeInfo       *info);

gboolean    bv_codes_lookup_reply          (guint         reply_code,
                                            BvCodeInfo   *info);
gboolean    bv_codes_lookup_status         (const char   *status,
                                            BvCodeInfo   *info);
GPtrArray  *bv_codes_find_provider         (const char   *diagnostic,
                                            const char   *status);
GPtrArray  *bv_codes_lookup_provider       (const char   *code);
GPtrArray  *bv_codes_providers_of_code     (const char   *code);

gboolean    bv_codes_parse_status          (const char   *text,
                                            guint        *klass,
                                            guint        *subject,
                                            guint        *detail);

char       *bv_codes_explain               (const char   *query,
                                            GError      **error);
char       *bv_codes_explain_event         (guint         reply_code,
                                            const char   *status,
                                            const char   *diagnostic);
char       *bv_codes_explain_providers     (const char   *status,
                                            const char   *diagnostic);

G_END_DECLS
