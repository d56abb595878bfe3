/* bv-decoder-private.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gmime/gmime.h>

#include "bv-decoder.h"

G_BEGIN_DECLS

/* GMime 3.2 declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeObject, g_object_unref)

/* The maximum number of recipients, and so of events, that one report
 * gives. */
#define BV_REPORT_MAX_EVENTS 20000

/* A message/rfc822 or message/global part, and how deep in the MIME
 * tree of the outermost message it is. */
typedef struct
{
  GMimeObject *part;
  guint depth;
} BvAttachedMessage;

/* One report being decoded: the parsed message, the parts the decoder
 * found in it and the events made so far. */
/* The decoder shows GMime a returned original message (message/rfc822,
 * message/global) under these content types of the same length, so that
 * GMime keeps it as one leaf instead of parsing the whole original; the
 * decoder reads only its header block, when it needs it. */
#define BV_HIDDEN_RFC822 "text/x-bv-orig"
#define BV_HIDDEN_GLOBAL "text/x-bv-glob"

/* The fields of a report's own header block that the decoder reads
 * itself. GMime gets only the fields it needs to build the part tree
 * (see take_header_fields() in bv-decoder.c). */
typedef enum
{
  BV_FIELD_FROM,
  BV_FIELD_TO,
  BV_FIELD_SUBJECT,
  BV_FIELD_DATE,
  BV_FIELD_MESSAGE_ID,
  BV_FIELD_X_FAILED_RECIPIENTS,
  BV_FIELD_AUTO_SUBMITTED,
  BV_FIELD_PRECEDENCE,
  BV_FIELD_X_AUTOREPLY,
  BV_FIELD_X_AUTORESPOND,
  BV_FIELD_X_AUTO_REPLY,
  BV_FIELD_RECEIVED,            /* the last one: the hop where the report was written */
  BV_N_FIELDS
} BvField;

typedef struct
{
  guint mime_depth;             /* the MIME levels above the report in the outermost message */
  GMimeObject *message;         /* the report's top-level part, with its MIME headers */
  char *fields[BV_N_FIELDS];    /* the first of each BvField, unfolded and decoded, or NULL;
                                 * of Received the last, as it is */

  char *from_address;           /* the report's From address, lower case */
  char *to_address;             /* the report's To address: the original sender */
  char *subject;
  gint64 date;
  gint64 received_date;         /* see BvDecodeResult */

  GMimeObject *dsn_part;        /* message/delivery-status or message/global-delivery-status */
  GMimeObject *feedback_part;   /* message/feedback-report */
  GMimeObject *original_part;   /* message/rfc822, message/global or text/rfc822-headers */
  GArray *attached;             /* (element-type BvAttachedMessage) the message/rfc822 and
                                 * message/global parts, in order, or NULL for none */
  gboolean events_finished;     /* the events come complete from attached reports */
  gboolean is_multipart_report;
  char *report_type;            /* the report-type parameter of multipart/report */

  char *reporting_mta;          /* Reporting-MTA of a DSN, or the host that wrote a text bounce */
  gint64 arrival_date;          /* Arrival-Date of a DSN */

  GString *text;                /* the readable text of the report, UTF-8, LF line ends */
  gsize text_end;               /* where a copy of the original message starts inside text */
  gboolean text_cut;            /* readable text was left out of text at its size limit */

  char *original_message_id;
  char *original_subject;
  char *original_from;
  char *original_to;
  gint64 original_date;
  char *original_complainant;   /* X-HmXmrOriginalRecipient of the returned original */
  gboolean original_is_report;  /* the attachment is itself a daemon's report */

  GPtrArray *events;            /* (element-type BvEvent) */
  GPtrArray *reparsed;          /* (element-type GMimeObject) parts parsed from a prologue */
  gpointer text_scan;           /* bv-textbounce.c's reading of the text, made once */
  GDestroyNotify text_scan_free;
  const char *format;
  const char *charset_hint;     /* the charset a text part declares, other than ASCII or UTF-8 */
  char *truncation;             /* the limit of the decoder that the report passed, or NULL */
} BvReport;

/* bv-dsn.c: RFC 3464 and RFC 6533 delivery status fields. */
gboolean    bv_dsn_decode_part            (BvReport    *report);
gboolean    bv_dsn_decode_text            (BvReport    *report,
                                           const char  *text,
                                           gsize        length);

/* bv-textbounce.c: the readable text of bounces that carry no DSN. */
gboolean    bv_text_bounce_decode         (BvReport    *report);
gboolean    bv_text_bounce_has_signals    (BvReport    *report);
gboolean    bv_text_bounce_from_daemon    (BvReport    *report);
void        bv_text_bounce_fill_event     (BvReport    *report,
                                           BvEvent     *event);
gboolean    bv_text_line_is_diagnostic_field (const char *line,
                                              gsize       length);

/* bv-ses.c: Amazon SES notifications mailed by SNS. */
gboolean    bv_ses_decode                 (BvReport    *report);

/* bv-feedback.c: RFC 5965 feedback reports and RFC 3834 automatic replies. */
gboolean    bv_feedback_decode            (BvReport    *report);
gboolean    bv_feedback_decode_jmrp       (BvReport    *report);
gboolean    bv_feedback_decode_unsubscribe (BvReport   *report);
gboolean    bv_auto_reply_decode          (BvReport    *report);

/* bv-decoder.c */
GMimeParserOptions *bv_decoder_get_parser_options (void);
char       *bv_report_get_part_text       (GMimeObject *part);
char       *bv_report_get_part_text_hinted (BvReport    *report,
                                            GMimeObject *part);
char       *bv_report_get_fields_text     (BvReport    *report,
                                           GMimeObject *part,
                                           const char  *field);
GBytes     *bv_report_get_original_bytes  (BvReport    *report);
char       *bv_decode_field_value         (const char  *raw);
void        bv_report_parse_original      (BvReport    *report,
                                           const char  *headers,
                                           gsize        length);
BvEvent    *bv_report_add_event           (BvReport    *report,
                                           BvEventType  type);
void        bv_report_set_truncation      (BvReport    *report,
                                           const char  *format,
                                           ...) G_GNUC_PRINTF (2, 3);
void        bv_report_note_text_cut       (BvReport    *report);
gint64      bv_parse_date                 (const char  *text);
char       *bv_address_normalize          (const char  *address);

G_END_DECLS
