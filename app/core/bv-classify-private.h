/* bv-classify-private.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reasons, in the vocabulary Sisimai uses, so that results compare. */
typedef enum
{
  REASON_UNDEFINED,
  REASON_USERUNKNOWN,
  REASON_MAILBOXFULL,
  REASON_HOSTUNKNOWN,
  REASON_BLOCKED,
  REASON_SPAMDETECTED,
  REASON_EXPIRED,
  REASON_SUSPEND,
  REASON_FILTERED,
  REASON_REJECTED,
  REASON_NORELAYING,
  REASON_NOTACCEPT,
  REASON_POLICYVIOLATION,
  REASON_SECURITYERROR,
  REASON_AUTHFAILURE,
  REASON_REQUIREPTR,
  REASON_BADREPUTATION,
  REASON_RATELIMITED,
  REASON_TOOMANYCONN,
  REASON_SPEEDING,
  REASON_SYSTEMERROR,
  REASON_SYSTEMFULL,
  REASON_NETWORKERROR,
  REASON_MAILERERROR,
  REASON_HASMOVED,
  REASON_MESGTOOBIG,
  REASON_EXCEEDLIMIT,
  REASON_CONTENTERROR,
  REASON_VIRUSDETECTED,
  REASON_SYNTAXERROR,
  REASON_NOTCOMPLIANTRFC,
  REASON_ONHOLD,
  REASON_DELIVERED,
  REASON_FEEDBACK,
  REASON_VACATION,
  N_REASONS
} Reason;

/* Which failures a text rule applies to; also its group in the phrase set. */
typedef enum
{
  RULE_ANY = 0,
  RULE_PERMANENT = 1,           /* only with a 5xx reply or a 5.x.x status */
  RULE_TEMPORARY = 2,           /* only with a 4xx reply or a 4.x.x status, or a deferral */
} RuleFlags;

typedef struct
{
  Reason reason;
  const char *phrase;           /* lower case, single spaces */
  RuleFlags flags;
  gboolean weak;                /* a general phrase: a specific status code says more */
} TextRule;

typedef struct
{
  const char *code;             /* "5.1.1", or "X.1.1" for every class */
  Reason reason;
} StatusRule;

typedef struct
{
  const char *code;             /* a code of the provider table in bv-codes-provider.c, "TSS04" */
  Reason reason;
} ProviderRule;

typedef struct
{
  const char *name;
  const char *label;            /* N_(), a few words */
  const char *description;      /* N_() */
  gboolean hard;                /* the address itself is bad: retrying never works */
} ReasonInfo;

extern const ReasonInfo bv_reason_info[N_REASONS];
extern const TextRule bv_text_rules[];
extern const gsize bv_n_text_rules;
extern const TextRule bv_text_rules_utf8[];
extern const gsize bv_n_text_rules_utf8;
extern const StatusRule bv_status_rules[];
extern const gsize bv_n_status_rules;

extern const ProviderRule bv_provider_rules[];
extern const gsize bv_n_provider_rules;

Reason bv_reply_code_reason (guint reply_code);

G_END_DECLS
