/* bv-feedback.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Reports that are no bounce but tell about a recipient all the same:
 * feedback reports of mailbox providers (ARF, RFC 5965) and automatic
 * replies (RFC 3834, vacation notices). */

#define G_LOG_DOMAIN "bounceview-decoder"

#include "bv-decoder-private.h"
#include "bv-textscan.h"

#include <string.h>

#define MAX_COMPLAINT_RECIPIENTS 1000

/* The fields of a feedback report that each of its complaints repeats. */
typedef struct
{
  const char *feedback_type;
  const char *reporting_mta;
  const char *source_ip;
  const char *reported_domain;
  gint64 arrival;
} Feedback;

static void
add_complaint (BvReport       *report,
               const char     *recipient,
               const Feedback *feedback)
{
  BvEvent *event = bv_report_add_event (report, BV_EVENT_COMPLAINT);

  bv_take_string (&event->recipient, bv_address_normalize (recipient));
  bv_set_string (&event->feedback_type, feedback->feedback_type);
  bv_set_string (&event->reporting_mta, feedback->reporting_mta);
  bv_set_string (&event->source_ip, feedback->source_ip);
  bv_set_string (&event->reported_domain, feedback->reported_domain);
  event->arrival_date = feedback->arrival;
}

/* Returns the first word of @value, the address or the name without a
 * comment after it ("192.0.2.1 (mail.example.org)"), or NULL. */
static char *
first_word (const char *value)
{
  const char *start = value;
  const char *end;

  while (g_ascii_isspace (*start))
    start++;
  end = start;
  while (*end != '\0' && !g_ascii_isspace (*end) && *end != '(' && *end != ';' && *end != ',')
    end++;
  if (end == start)
    return NULL;
  return g_strndup (start, end - start);
}

static char *
first_address (const char *value)
{
  BvSpan span;
  g_autofree char *raw = NULL;

  if (value == NULL || !bv_scan_find_address (value, strlen (value), 0, &span))
    return NULL;
  raw = g_strndup (value + span.start, span.end - span.start);
  return bv_address_normalize (raw);
}

/**
 * bv_feedback_decode:
 * @report: a report with a message/feedback-report part
 *
 * Makes one complaint event for each Original-Rcpt-To of the feedback
 * report, or, when it names none, for the recipient of the reported
 * message.
 *
 * Returns: %TRUE when an event was made
 */
gboolean
bv_feedback_decode (BvReport *report)
{
  g_autofree char *text = bv_report_get_fields_text (report, report->feedback_part,
                                                     "feedback-type");
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeParser) parser = NULL;
  g_autoptr(GMimeObject) part = NULL;
  g_autoptr(GPtrArray) recipients = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *feedback_type = NULL;
  g_autofree char *reporting_mta = NULL;
  g_autofree char *source_ip = NULL;
  g_autofree char *reported_domain = NULL;
  g_autofree char *removal = NULL;
  gint64 arrival = 0;
  Feedback feedback;
  GMimeHeaderList *headers;
  int count;

  if (text == NULL)
    return FALSE;

  stream = g_mime_stream_mem_new_with_buffer (text, strlen (text));
  parser = g_mime_parser_new_with_stream (stream);
  part = g_mime_parser_construct_part (parser, NULL);
  if (part == NULL)
    return FALSE;

  headers = g_mime_object_get_header_list (part);
  count = g_mime_header_list_get_count (headers);
  for (int i = 0; i < count; i++)
    {
      GMimeHeader *header = g_mime_header_list_get_header_at (headers, i);
      const char *name = g_mime_header_get_name (header);
      const char *value = g_mime_header_get_value (header);

      if (name == NULL || value == NULL)
        continue;

      if (g_ascii_strcasecmp (name, "Feedback-Type") == 0 && feedback_type == NULL)
        {
          feedback_type = g_ascii_strdown (value, -1);
          g_strstrip (feedback_type);
        }
      else if (g_ascii_strcasecmp (name, "Original-Rcpt-To") == 0 &&
               recipients->len < MAX_COMPLAINT_RECIPIENTS)
        {
          char *address = first_address (value);

          if (address != NULL)
            g_ptr_array_add (recipients, address);
        }
      else if (g_ascii_strcasecmp (name, "Removal-Recipient") == 0 && removal == NULL)
        {
          removal = first_address (value);
        }
      else if (g_ascii_strcasecmp (name, "Reporting-MTA") == 0 && reporting_mta == NULL)
        {
          const char *semicolon = strchr (value, ';');

          reporting_mta = g_strstrip (g_strdup (semicolon != NULL ? semicolon + 1 : value));
        }
      else if (g_ascii_strcasecmp (name, "Arrival-Date") == 0 ||
               g_ascii_strcasecmp (name, "Received-Date") == 0)
        {
          arrival = bv_parse_date (value);
        }
      else if (g_ascii_strcasecmp (name, "Source-IP") == 0 && source_ip == NULL)
        {
          source_ip = first_word (value);
        }
      else if (g_ascii_strcasecmp (name, "Reported-Domain") == 0 && reported_domain == NULL)
        {
          g_autofree char *domain = first_word (value);

          if (domain != NULL)
            reported_domain = g_ascii_strdown (domain, -1);
        }
    }

  if (recipients->len == 0 && removal != NULL)
    g_ptr_array_add (recipients, g_steal_pointer (&removal));
  if (recipients->len == 0)
    {
      /* The person who complained received the reported message. */
      char *address = first_address (report->original_to);

      if (address != NULL)
        g_ptr_array_add (recipients, address);
    }

  feedback = (Feedback) { feedback_type, reporting_mta, source_ip, reported_domain, arrival };
  if (recipients->len == 0)
    add_complaint (report, NULL, &feedback);
  for (guint i = 0; i < recipients->len; i++)
    add_complaint (report, g_ptr_array_index (recipients, i), &feedback);

  report->format = "arf";
  return TRUE;
}

/**
 * bv_feedback_decode_jmrp:
 * @report: a report whose attached message carries X-HmXmrOriginalRecipient
 *
 * Microsoft's Junk Mail Reporting Program sends complaints without an
 * ARF part: the reported message is attached, and its
 * X-HmXmrOriginalRecipient field names the person who complained.
 *
 * Returns: %TRUE when a complaint event was made
 */
gboolean
bv_feedback_decode_jmrp (BvReport *report)
{
  g_autofree char *recipient = first_address (report->original_complainant);
  const Feedback feedback = { .feedback_type = "abuse" };

  if (recipient == NULL)
    return FALSE;

  add_complaint (report, recipient, &feedback);
  report->format = "jmrp";
  return TRUE;
}

/**
 * bv_feedback_decode_unsubscribe:
 * @report: a report that is no bounce
 *
 * Mail clients such as Apple Mail unsubscribe by sending a message to
 * the list's List-Unsubscribe mailto address, and its text states this.
 * Such a message is an opt-out complaint from its sender.
 *
 * Returns: %TRUE when @report is such a request
 */
gboolean
bv_feedback_decode_unsubscribe (BvReport *report)
{
  BvEvent *event;

  if (report->from_address == NULL || report->text_end == 0 ||
      bv_scan_find_phrase (report->text->str, report->text_end,
                           "sent this email to unsubscribe") == NULL)
    return FALSE;

  event = bv_report_add_event (report, BV_EVENT_COMPLAINT);
  bv_set_string (&event->recipient, report->from_address);
  bv_set_string (&event->feedback_type, "opt-out");
  report->format = "unsubscribe";
  return TRUE;
}

/* Subject prefixes of automatic replies in the languages seen in real mail. */
static const char * const auto_reply_subjects[] = {
  "auto:", "automatic reply", "auto reply", "auto-reply", "autoreply", "autoresponse",
  "auto response", "auto-response", "out of office", "out of the office", "abwesenheit",
  "automatische antwort", "réponse automatique", "reponse automatique", "respuesta automática",
  "risposta automatica", "自動返信", "自动回复", "vacation", "away from the office",
  "on vacation", "on leave", "autosvar", "automatisch antwoord",
};

/**
 * bv_auto_reply_decode:
 * @report: a report that is no bounce and no feedback report
 *
 * Recognises automatic replies: Auto-Submitted: auto-replied (RFC 3834),
 * the X-Autoreply family of fields, and vacation subjects. The event's
 * recipient is the one whose mailbox replied.
 *
 * Returns: %TRUE when @report is an automatic reply
 */
gboolean
bv_auto_reply_decode (BvReport *report)
{
  const char *auto_submitted = report->fields[BV_FIELD_AUTO_SUBMITTED];
  const char *precedence = report->fields[BV_FIELD_PRECEDENCE];
  gboolean is_auto_reply = FALSE;
  BvEvent *event;

  if (report->from_address == NULL || bv_text_bounce_from_daemon (report))
    return FALSE;

  if (auto_submitted != NULL && bv_scan_find_phrase (auto_submitted, strlen (auto_submitted),
                                                     "auto-replied") != NULL)
    is_auto_reply = TRUE;
  else if (report->fields[BV_FIELD_X_AUTOREPLY] != NULL ||
           report->fields[BV_FIELD_X_AUTORESPOND] != NULL ||
           report->fields[BV_FIELD_X_AUTO_REPLY] != NULL)
    is_auto_reply = TRUE;
  else if (precedence != NULL && bv_scan_find_phrase (precedence, strlen (precedence),
                                                      "auto_reply") != NULL)
    is_auto_reply = TRUE;
  else
    {
      const char *subject = report->subject;

      for (guint i = 0; i < G_N_ELEMENTS (auto_reply_subjects) && !is_auto_reply; i++)
        {
          const char *at = bv_scan_find_phrase (subject, strlen (subject), auto_reply_subjects[i]);

          /* A prefix, or right after "Re: ". */
          is_auto_reply = at != NULL && (at == subject || at - subject <= 4);
        }
    }

  if (!is_auto_reply)
    return FALSE;

  event = bv_report_add_event (report, BV_EVENT_AUTO_REPLY);
  bv_set_string (&event->recipient, report->from_address);
  if (report->text_end > 0)
    {
      g_autofree char *excerpt = bv_scan_collapse_space (report->text->str,
                                                          MIN (report->text_end, 1000));

      bv_take_string (&event->diagnostic, bv_utf8_make_valid (excerpt, -1));
    }
  report->format = "auto-reply";
  return TRUE;
}
