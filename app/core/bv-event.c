/* bv-event.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "bv-event.h"

#include <string.h>
#include <time.h>

static const char * const type_names[BV_EVENT_N_TYPES] = {
  [BV_EVENT_UNKNOWN] = "unknown",
  [BV_EVENT_BOUNCE] = "bounce",
  [BV_EVENT_DEFERRAL] = "deferral",
  [BV_EVENT_DELIVERY] = "delivery",
  [BV_EVENT_COMPLAINT] = "complaint",
  [BV_EVENT_AUTO_REPLY] = "auto_reply",
};

BvEvent *
bv_event_new (BvEventType type)
{
  BvEvent *event = g_new0 (BvEvent, 1);

  event->type = type;
  return event;
}

/**
 * bv_event_copy:
 * @event: an event
 *
 * Returns: (transfer full): a deep copy of @event
 */
BvEvent *
bv_event_copy (const BvEvent *event)
{
  BvEvent *copy = g_memdup2 (event, sizeof *event);

  copy->recipient = g_strdup (event->recipient);
  copy->original_recipient = g_strdup (event->original_recipient);
  copy->action = g_strdup (event->action);
  copy->status = g_strdup (event->status);
  copy->diagnostic = g_strdup (event->diagnostic);
  copy->diagnostic_type = g_strdup (event->diagnostic_type);
  copy->smtp_command = g_strdup (event->smtp_command);
  copy->remote_mta = g_strdup (event->remote_mta);
  copy->reporting_mta = g_strdup (event->reporting_mta);
  copy->reason = g_strdup (event->reason);
  copy->evidence = g_strdup (event->evidence);
  copy->feedback_type = g_strdup (event->feedback_type);
  copy->source_ip = g_strdup (event->source_ip);
  copy->reported_domain = g_strdup (event->reported_domain);
  copy->original_message_id = g_strdup (event->original_message_id);
  copy->original_subject = g_strdup (event->original_subject);
  copy->original_from = g_strdup (event->original_from);
  copy->original_to = g_strdup (event->original_to);
  return copy;
}

void
bv_event_free (BvEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->recipient);
  g_free (event->original_recipient);
  g_free (event->action);
  g_free (event->status);
  g_free (event->diagnostic);
  g_free (event->diagnostic_type);
  g_free (event->smtp_command);
  g_free (event->remote_mta);
  g_free (event->reporting_mta);
  g_free (event->reason);
  g_free (event->evidence);
  g_free (event->feedback_type);
  g_free (event->source_ip);
  g_free (event->reported_domain);
  g_free (event->original_message_id);
  g_free (event->original_subject);
  g_free (event->original_from);
  g_free (event->original_to);
  g_free (event);
}

const char *
bv_event_type_to_string (BvEventType type)
{
  if (type >= BV_EVENT_N_TYPES)
    return type_names[BV_EVENT_UNKNOWN];
  return type_names[type];
}

/**
 * bv_event_type_from_string:
 * @name: a type name such as "bounce"; "auto-reply" is accepted too
 *
 * Returns: the type, or %BV_EVENT_UNKNOWN when @name names none
 */
BvEventType
bv_event_type_from_string (const char *name)
{
  if (name == NULL)
    return BV_EVENT_UNKNOWN;

  for (guint i = 1; i < BV_EVENT_N_TYPES; i++)
    if (g_ascii_strcasecmp (name, type_names[i]) == 0)
      return i;

  if (g_ascii_strcasecmp (name, "auto-reply") == 0)
    return BV_EVENT_AUTO_REPLY;
  return BV_EVENT_UNKNOWN;
}

/**
 * bv_event_recipient_domain:
 * @event: an event
 *
 * Returns: (transfer full) (nullable): the lower-cased domain of the recipient
 */
char *
bv_event_recipient_domain (const BvEvent *event)
{
  const char *at;

  if (event->recipient == NULL)
    return NULL;

  at = strrchr (event->recipient, '@');
  if (at == NULL || at[1] == '\0')
    return NULL;
  return g_utf8_strdown (at + 1, -1);
}

/**
 * bv_event_get_date:
 * @event: an event
 * @report_date: the Date of the report that gave the event, or 0
 * @received_date: the newest date of the report's Received fields, or
 *   of its returned original's, or 0 (see #BvDecodeResult)
 *
 * The last attempt is when the failure happened. Without one, the
 * report's own date shows when the server gave up or decided to warn.
 * The arrival of the original message at the reporting server can be
 * days earlier, so it counts only when the report has no date. A
 * report with none of these dates still passed the servers that added
 * its Received fields, or the returned original's.
 *
 * Returns: the time of the event: the last attempt, else the report's
 *   date, else the arrival, else the received date, else 0
 */
gint64
bv_event_get_date (const BvEvent *event,
                   gint64         report_date,
                   gint64         received_date)
{
  if (event->last_attempt_date != 0)
    return event->last_attempt_date;
  if (report_date != 0)
    return report_date;
  if (event->arrival_date != 0)
    return event->arrival_date;
  return received_date;
}

/* Writes @value as @n_digits decimal digits, with leading zeros. */
static void
put_digits (char *out,
            int   value,
            int   n_digits)
{
  for (int i = n_digits - 1; i >= 0; i--)
    {
      out[i] = '0' + value % 10;
      value /= 10;
    }
}

/**
 * bv_format_iso8601:
 * @unix_time: seconds since the epoch, or 0
 *
 * Returns: (transfer full) (nullable): "2024-06-11T09:04:00Z", or %NULL for 0
 */
char *
bv_format_iso8601 (gint64 unix_time)
{
  time_t seconds = unix_time;
  struct tm tm;
  int year;
  char *text;

  if (unix_time == 0 || (gint64) seconds != unix_time || gmtime_r (&seconds, &tm) == NULL)
    return NULL;

  /* The years that GDateTime and ISO 8601 without extensions allow. */
  year = tm.tm_year + 1900;
  if (year < 1 || year > 9999)
    return NULL;

  /* Digits by hand, because `list` formats a date or more for each row:
   * with g_strdup_printf() this function took 6% of a large `list` in a
   * perf profile. */
  text = g_malloc (21);
  put_digits (text, year, 4);
  text[4] = '-';
  put_digits (text + 5, tm.tm_mon + 1, 2);
  text[7] = '-';
  put_digits (text + 8, tm.tm_mday, 2);
  text[10] = 'T';
  put_digits (text + 11, tm.tm_hour, 2);
  text[13] = ':';
  put_digits (text + 14, tm.tm_min, 2);
  text[16] = ':';
  put_digits (text + 17, tm.tm_sec, 2);
  text[19] = 'Z';
  text[20] = '\0';
  return text;
}

/* Windows-1252 characters for the bytes 0x80 to 0x9f; the bytes above
 * are Latin-1, whose code points equal the byte values. */
static const gunichar cp1252_high[32] = {
  0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
  0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
  0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
  0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
};

/* Returns the length of the run of ASCII bytes other than NUL that @text
 * starts with. Mail is mostly ASCII, and testing it eight bytes at a time cut
 * the instructions spent on UTF-8 checks in an import to a quarter. */
static gsize
ascii_run (const char *text,
           gsize       length)
{
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
  const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
  gsize i = 0;

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, text + i, 8);
      /* Nonzero when a byte has its high bit set or is NUL. */
      if (((word | ((word - ones) & ~word)) & highs) != 0)
        break;
    }
  while (i < length && (guchar) (text[i] - 1) < 0x7f)
    i++;
  return i;
}

/**
 * bv_utf8_control_length:
 * @text: a position in a nul-terminated string
 *
 * Measures the control character at @text: a C0 control (U+0001 to
 * U+001F), DEL (U+007F), or a C1 control in UTF-8 (0xC2 0x80 to 0xC2
 * 0x9F, such as U+009B, CSI). A terminal may take any of them for a
 * command.
 *
 * Returns: the length in bytes of the control character at @text, or 0
 *   when there is none
 */
gsize
bv_utf8_control_length (const char *text)
{
  guchar c = text[0];

  if ((c >= 0x01 && c < 0x20) || c == 0x7f)
    return 1;
  if (c == 0xc2 && (guchar) text[1] >= 0x80 && (guchar) text[1] <= 0x9f)
    return 2;
  return 0;
}

/**
 * bv_utf8_is_ascii:
 * @text: a nul-terminated string
 *
 * Returns: %TRUE when every byte of @text is ASCII
 */
gboolean
bv_utf8_is_ascii (const char *text)
{
  gsize length = strlen (text);

  return ascii_run (text, length) == length;
}

/**
 * bv_address_unicode_domain:
 * @address: an address or a domain, its domain in lower case
 *
 * Writes the IDNA labels of the domain ("xn--mnchen-3ya.example") in
 * Unicode ("münchen.example"), as a user types them, so that one form
 * is stored and searched.
 *
 * Returns: (transfer full) (nullable): the address with its domain in
 *   Unicode, or %NULL when it has no valid IDNA label
 */
char *
bv_address_unicode_domain (const char *address)
{
  const char *at = strrchr (address, '@');
  const char *domain = at != NULL ? at + 1 : address;
  g_autofree char *unicode = NULL;

  if (strstr (domain, "xn--") == NULL && strstr (domain, "XN--") == NULL)
    return NULL;
  unicode = g_hostname_to_unicode (domain);
  if (unicode == NULL || *unicode == '\0' || strcmp (unicode, domain) == 0)
    return NULL;

  /* Only a domain that the conversion gives back, so that no invalid
   * label ("xn--" alone) is lost or changed. */
  {
    g_autofree char *back = g_hostname_to_ascii (unicode);

    if (back == NULL || g_ascii_strcasecmp (back, domain) != 0)
      return NULL;
  }
  return g_strdup_printf ("%.*s%s", (int) (domain - address), address, unicode);
}

/**
 * bv_text_contains_folded:
 * @text: UTF-8 text, such as a stored recipient
 * @folded_needle: text folded with g_utf8_casefold()
 *
 * Tells whether @text contains @folded_needle, ignoring case for every
 * letter, not only for ASCII ones as SQLite's LIKE does.
 */
gboolean
bv_text_contains_folded (const char *text,
                         const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (text == NULL || folded_needle == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, folded_needle) != NULL;
}

/**
 * bv_recipient_search_text:
 * @text: what the user typed to find recipients
 *
 * Brings a search text to the form of stored recipients, whose domains
 * are in lower case and in Unicode: "BÜCHER.TEST" and
 * "xn--bcher-kva.test" become "bücher.test". A text of ASCII letters
 * only stays as it is, because the searches ignore their case.
 *
 * Returns: (transfer full): the text to search for
 */
char *
bv_recipient_search_text (const char *text)
{
  g_autofree char *converted = bv_address_unicode_domain (text);

  if (converted != NULL)
    text = converted;
  if (bv_utf8_is_ascii (text))
    return g_strdup (text);
  if (!g_utf8_validate (text, -1, NULL))
    return bv_utf8_make_valid (text, -1);
  return g_utf8_strdown (text, -1);
}

/**
 * bv_utf8_bom_length:
 * @text: bytes
 * @length: their length
 *
 * Measures the UTF-8 byte order mark that some saved files start with.
 *
 * Returns: 3 when @text starts with the mark, else 0
 */
gsize
bv_utf8_bom_length (const char *text,
                    gsize       length)
{
  return length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

/**
 * bv_utf8_is_valid:
 * @text: bytes
 * @length: their length, or -1 when nul-terminated
 *
 * Returns: %TRUE when @text is valid UTF-8 without a NUL byte
 */
gboolean
bv_utf8_is_valid (const char *text,
                  gssize      length)
{
  gsize ascii;

  if (length < 0)
    length = strlen (text);
  ascii = ascii_run (text, length);
  if (ascii == (gsize) length)
    return TRUE;
  return g_utf8_validate (text + ascii, length - ascii, NULL) &&
         memchr (text + ascii, '\0', length - ascii) == NULL;
}

/**
 * bv_utf8_make_valid:
 * @text: bytes that should be UTF-8
 * @length: their length, or -1 when nul-terminated
 *
 * Like g_utf8_make_valid(), but reads each byte that is no part of a
 * valid UTF-8 sequence as Windows-1252, the usual charset of raw 8-bit
 * text in mail, instead of dropping it for U+FFFD.
 *
 * Returns: (transfer full): valid UTF-8
 */
char *
bv_utf8_make_valid (const char *text,
                    gssize      length)
{
  GString *out;
  const char *p = text;
  const char *end;

  if (length < 0)
    length = strlen (text);
  end = text + length;

  if (bv_utf8_is_valid (text, length))
    return g_strndup (text, length);

  out = g_string_sized_new (length + 16);
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (c != (gunichar) -1 && c != (gunichar) -2 && c != 0)
        {
          const char *next = g_utf8_next_char (p);

          g_string_append_len (out, p, next - p);
          p = next;
          continue;
        }

      c = (guchar) *p;
      if (c == 0)
        c = 0xfffd;
      else if (c >= 0x80 && c < 0xa0)
        c = cp1252_high[c - 0x80];
      g_string_append_unichar (out, c);
      p++;
    }

  return g_string_free (out, FALSE);
}

/**
 * bv_set_string:
 * @field: (inout): a string field of an event
 * @value: (nullable): text from a message, in any state
 *
 * Replaces @field with a copy of @value made valid UTF-8 and stripped
 * of surrounding white space; an empty result becomes %NULL.
 */
void
bv_set_string (char       **field,
               const char  *value)
{
  char *copy = NULL;

  if (value != NULL)
    {
      copy = bv_utf8_make_valid (value, -1);
      g_strstrip (copy);
      if (*copy == '\0')
        g_clear_pointer (&copy, g_free);
    }

  g_free (*field);
  *field = copy;
}

/**
 * bv_take_string:
 * @field: (inout): a string field of an event
 * @value: (transfer full) (nullable): a string
 *
 * Like bv_set_string(), and frees @value.
 */
void
bv_take_string (char **field,
                char  *value)
{
  bv_set_string (field, value);
  g_free (value);
}
