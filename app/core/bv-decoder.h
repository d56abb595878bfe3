/* bv-decoder.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "bv-event.h"

G_BEGIN_DECLS

/**
 * BvDecodeStatus:
 * @BV_DECODE_EVENTS: the message is a report and gave one or more events.
 *   A report larger than the decoder's limits gives the events read up to
 *   the limit, and an error that names it.
 * @BV_DECODE_NOT_BOUNCE: the message is no report of any kind
 * @BV_DECODE_FAILED: the message could not be read; see the result's error
 */
typedef enum
{
  BV_DECODE_EVENTS,
  BV_DECODE_NOT_BOUNCE,
  BV_DECODE_FAILED,
} BvDecodeStatus;

/**
 * BvDecodeResult:
 *
 * What the decoder made of one message.
 */
typedef struct
{
  BvDecodeStatus status;
  GPtrArray *events;            /* (element-type BvEvent) */
  char *error;                  /* why decoding failed, for %BV_DECODE_FAILED; with
                                 * %BV_DECODE_EVENTS, which limit of the decoder the
                                 * report passed, so that its events are incomplete,
                                 * or %NULL */
  char *format;                 /* the path that decoded it: "dsn", "arf", "text", ... */

  /* The report itself. */
  char *message_id;
  char *subject;
  char *from;
  gint64 date;
  /* Without a usable Date, the newest date of the report's Received
   * fields, else of the returned original's, else 0. It is 0 when the
   * report has a Date. bv_event_get_date() takes it as its last fallback. */
  gint64 received_date;
} BvDecodeResult;

/* Messages above this size are rejected without being parsed. */
#define BV_DECODE_MAX_SIZE (64 * 1024 * 1024)

/* The version of the decoder that the store records with each message.
 * Raise it with a change that finds events in messages that the decoder
 * took for no bounce before: the next import decodes those messages
 * again (see bv_store_has_digest()). */
#define BV_DECODER_VERSION 3

void             bv_decoder_init          (void);

BvDecodeResult  *bv_decode                (const char      *data,
                                           gsize            length);
void             bv_decode_result_free    (BvDecodeResult  *result);

const char      *bv_decode_status_to_string (BvDecodeStatus status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BvDecodeResult, bv_decode_result_free)

G_END_DECLS
