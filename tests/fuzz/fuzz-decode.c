/* fuzz-decode.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer harness: bv_decode() on arbitrary bytes. Besides memory
 * errors, which the sanitizers report, it aborts when a result breaks
 * the contract of bv-decoder.h and bv-event.h: a status that matches the
 * event count, a reason with every failure, UTF-8 in every string. */

#include <stdint.h>
#include <stdlib.h>

#include "bv-decoder.h"

static void
check_string (const char *text)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    abort ();
}

static void
check_event (const BvEvent *event)
{
  if (event->type <= BV_EVENT_UNKNOWN || event->type >= BV_EVENT_N_TYPES)
    abort ();

  check_string (event->recipient);
  check_string (event->original_recipient);
  check_string (event->action);
  check_string (event->status);
  check_string (event->diagnostic);
  check_string (event->diagnostic_type);
  check_string (event->smtp_command);
  check_string (event->remote_mta);
  check_string (event->reporting_mta);
  check_string (event->reason);
  check_string (event->evidence);
  check_string (event->feedback_type);
  check_string (event->source_ip);
  check_string (event->reported_domain);
  check_string (event->original_message_id);
  check_string (event->original_subject);
  check_string (event->original_from);
  check_string (event->original_to);
}

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  BvDecodeResult *result = bv_decode ((const char *) data, size);

  switch (result->status)
    {
    case BV_DECODE_EVENTS:
      if (result->events->len == 0)
        abort ();
      break;
    case BV_DECODE_NOT_BOUNCE:
      if (result->events->len != 0)
        abort ();
      break;
    case BV_DECODE_FAILED:
      if (result->error == NULL || result->events->len != 0)
        abort ();
      break;
    default:
      abort ();
    }

  check_string (result->error);
  check_string (result->subject);
  check_string (result->from);
  for (guint i = 0; i < result->events->len; i++)
    check_event (g_ptr_array_index (result->events, i));

  bv_decode_result_free (result);
  return 0;
}
