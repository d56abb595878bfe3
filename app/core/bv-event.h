/* bv-event.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * BvEventType:
 * @BV_EVENT_UNKNOWN: not set yet
 * @BV_EVENT_BOUNCE: a permanent delivery failure
 * @BV_EVENT_DEFERRAL: a delay or a temporary failure; the sender's MTA retries
 * @BV_EVENT_DELIVERY: a successful delivery or relay (a success DSN)
 * @BV_EVENT_COMPLAINT: a feedback report (RFC 5965)
 * @BV_EVENT_AUTO_REPLY: an automatic reply (RFC 3834, vacation notices)
 */
typedef enum
{
  BV_EVENT_UNKNOWN = 0,
  BV_EVENT_BOUNCE,
  BV_EVENT_DEFERRAL,
  BV_EVENT_DELIVERY,
  BV_EVENT_COMPLAINT,
  BV_EVENT_AUTO_REPLY,
  BV_EVENT_N_TYPES
} BvEventType;

/**
 * BvEvent:
 *
 * One event about one recipient, taken from one report. Strings are
 * valid UTF-8 or %NULL; dates are Unix times in seconds, 0 when absent.
 */
typedef struct
{
  BvEventType type;
  guint rcpt_index;             /* 1-based order of the recipient in its report */

  char *recipient;              /* the failed recipient, lower-case domain */
  char *original_recipient;     /* Original-Recipient, as given at submission */
  char *action;                 /* failed, delayed, delivered, relayed, expanded */
  char *status;                 /* enhanced status code, "5.1.1" */
  guint reply_code;             /* basic SMTP reply code, 550; 0 when absent */
  char *diagnostic;             /* the receiving server's own text, verbatim */
  char *diagnostic_type;        /* "smtp", "x-unix", ... */
  char *smtp_command;           /* CONN, EHLO, HELO, MAIL, RCPT, DATA, BDAT */
  char *remote_mta;
  char *reporting_mta;
  gint64 arrival_date;
  gint64 last_attempt_date;
  gint64 will_retry_until;

  char *reason;                 /* userunknown, mailboxfull, ... */
  gboolean hard_bounce;
  char *evidence;               /* which field or phrase decided the reason */
  gboolean codes_disagree;      /* the text named another reason than the codes */
  char *feedback_type;          /* ARF Feedback-Type: abuse, opt-out, ... */
  char *source_ip;              /* ARF Source-IP: the server that sent the reported message */
  char *reported_domain;        /* ARF Reported-Domain: the domain that the complaint names */

  char *original_message_id;
  char *original_subject;
  char *original_from;
  char *original_to;
  gint64 original_date;
} BvEvent;

BvEvent     *bv_event_new               (BvEventType  type);
BvEvent     *bv_event_copy              (const BvEvent *event);
void         bv_event_free              (BvEvent     *event);

const char  *bv_event_type_to_string    (BvEventType  type);
BvEventType  bv_event_type_from_string  (const char  *name);

char        *bv_event_recipient_domain  (const BvEvent *event);
gint64       bv_event_get_date          (const BvEvent *event,
                                         gint64         report_date,
                                         gint64         received_date);
char        *bv_format_iso8601          (gint64       unix_time);
char        *bv_recipient_search_text   (const char  *text);
char        *bv_address_unicode_domain  (const char  *address);
gboolean     bv_text_contains_folded    (const char  *text,
                                         const char  *folded_needle);

gboolean     bv_utf8_is_ascii           (const char  *text);
gsize        bv_utf8_control_length     (const char  *text);
gsize        bv_utf8_bom_length         (const char  *text,
                                         gsize        length);
gboolean     bv_utf8_is_valid           (const char  *text,
                                         gssize       length);
char        *bv_utf8_make_valid         (const char  *text,
                                         gssize       length);
void         bv_set_string              (char       **field,
                                         const char  *value);
void         bv_take_string             (char       **field,
                                         char        *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BvEvent, bv_event_free)

G_END_DECLS
