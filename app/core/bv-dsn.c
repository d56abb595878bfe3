/* bv-dsn.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Delivery status notifications: the message/delivery-status part of
 * RFC 3464 and the message/global-delivery-status part of RFC 6533. The
 * part contains groups of header-style fields separated by blank lines: one
 * group about the message, then one group per recipient. This file splits
 * the groups into fields, lets GMime unfold and decode each value, and
 * gives the fields their meaning. */

#define G_LOG_DOMAIN "bounceview-decoder"

#include "bv-decoder-private.h"
#include "bv-textscan.h"

#include <string.h>

/* Bounds on what one DSN part may ask of the decoder. A larger report
 * gives the events read up to the bound, and its result names the bound. */
#define MAX_DSN_BYTES (16 * 1024 * 1024)
#define MAX_EVENTS BV_REPORT_MAX_EVENTS

typedef struct
{
  char *final_recipient;
  gboolean final_is_raw;        /* final_recipient is no address, only the field's text */
  char *original_recipient;
  char *actual_recipient;
  char *action;
  char *status;
  char *remote_mta;
  char *diagnostic;
  char *diagnostic_type;
  char *supplementary;
  gint64 last_attempt;
  gint64 will_retry_until;
  gboolean used;
} RecipientBlock;

typedef struct
{
  BvReport *report;
  RecipientBlock block;
  gboolean global;
  guint n_events;
  gboolean over_limit;          /* a recipient came after MAX_EVENTS events */
} DsnState;

/* Exchange wraps the remote server's reply in X-Supplementary-Info:
 * "<mx.example.org #4.4.0 smtp;451 4.4.0 Primary target IP address
 * responded with: "451 4.3.0 Temporary lookup failure." Attempted
 * failover ...>". Returns the reply that the remote server gave, here
 * "451 4.3.0 Temporary lookup failure.", else the text inside the
 * wrapper, else the whole text, with its white space collapsed. */
static char *
unwrap_exchange (const char *text)
{
  g_autofree char *collapsed = bv_scan_collapse_space (text, -1);
  gsize length = strlen (collapsed);
  const char *inner;
  const char *quoted;

  if (length < 3 || collapsed[0] != '<' || collapsed[length - 1] != '>' ||
      strstr (collapsed, " #") == NULL || (inner = strstr (collapsed, "smtp;")) == NULL)
    return g_steal_pointer (&collapsed);

  inner += strlen ("smtp;");
  quoted = bv_scan_find_phrase (inner, collapsed + length - 1 - inner, "responded with: \"");
  if (quoted != NULL)
    {
      const char *start = quoted + strlen ("responded with: \"");
      const char *end = memchr (start, '"', collapsed + length - 1 - start);

      if (end != NULL && end > start)
        return g_strndup (start, end - start);
    }
  return g_strndup (inner, collapsed + length - 1 - inner);
}

static void
block_clear (RecipientBlock *block)
{
  g_free (block->final_recipient);
  g_free (block->original_recipient);
  g_free (block->actual_recipient);
  g_free (block->action);
  g_free (block->status);
  g_free (block->remote_mta);
  g_free (block->diagnostic);
  g_free (block->diagnostic_type);
  g_free (block->supplementary);
  memset (block, 0, sizeof *block);
}

/* Splits "rfc822; someone@example.net" into its type and value. */
static char *
typed_value (const char  *value,
             char       **type)
{
  const char *semicolon = strchr (value, ';');

  if (type != NULL)
    *type = NULL;

  if (semicolon == NULL)
    return g_strstrip (g_strdup (value));

  if (type != NULL)
    *type = g_strstrip (g_strndup (value, semicolon - value));
  return g_strstrip (g_strdup (semicolon + 1));
}

/* RFC 6533 section 3 writes non-ASCII characters of a utf-8 address as
 * "\x{HHHH}" when the field itself must stay ASCII. */
static char *
decode_utf8_address (const char *value)
{
  GString *out;
  const char *p = value;

  if (strstr (value, "\\x{") == NULL)
    return g_strdup (value);

  out = g_string_new (NULL);
  while (*p != '\0')
    {
      if (p[0] == '\\' && p[1] == 'x' && p[2] == '{')
        {
          char *end = NULL;
          gulong code = strtoul (p + 3, &end, 16);

          if (end != NULL && *end == '}' && code > 0 && g_unichar_validate (code))
            {
              g_string_append_unichar (out, code);
              p = end + 1;
              continue;
            }
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static char *
recipient_value (const char *value)
{
  g_autofree char *type = NULL;
  g_autofree char *address = typed_value (value, &type);
  g_autofree char *decoded = NULL;

  if (type != NULL && g_ascii_strcasecmp (type, "utf-8") == 0)
    decoded = decode_utf8_address (address);
  else
    decoded = g_steal_pointer (&address);

  /* Exim names a delivery to a pipe by its command, "|/usr/bin/filter
   * user@example.com": the address in the command is the recipient. */
  if (decoded != NULL && decoded[0] == '|')
    {
      BvSpan span;

      if (bv_scan_find_address (decoded, strlen (decoded), 0, &span))
        {
          g_autofree char *found = g_strndup (decoded + span.start, span.end - span.start);

          return bv_address_normalize (found);
        }
      return NULL;
    }

  return bv_address_normalize (decoded);
}

/* The text of a recipient field that names no address a mail system
 * would take ("<b>x</b>@example.net", "john"): the event keeps it as the
 * report wrote it, rather than the report losing the recipient. Text
 * with blanks in it, or a bare domain ("@mx.example.org"), is no
 * recipient at all: the report's text may name the address. */
static char *
raw_recipient (const char *value)
{
  g_autofree char *text = typed_value (value, NULL);
  g_autofree char *valid = bv_utf8_make_valid (text, -1);

  if (valid[0] == '\0' || valid[0] == '@' || strlen (valid) > 320 ||
      strpbrk (valid, " \t\r\n") != NULL)
    return NULL;
  return g_steal_pointer (&valid);
}

static void
replace_string (char       **field,
                const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static gboolean
status_is_vague (const char *status)
{
  /* "5.0.0" and "4.0.0" give only the class. */
  return status == NULL || g_str_has_suffix (status, ".0.0");
}

/* "Delivery time expired" (X.4.7) means that the retries ran out, not
 * why they failed. A report that also quotes the last reply gives the cause. */
static gboolean
status_is_expiry (const char *status)
{
  return status != NULL && g_str_has_suffix (status, ".4.7");
}

/* Finds the most telling enhanced status code in a text: the first one
 * that is more than a bare class ("5.0.0") or an expiry, else the first one. */
static char *
find_specific_status (const char *text)
{
  gsize length = strlen (text);
  gsize from = 0;
  char *first = NULL;
  BvSpan span;

  /* The code that follows a reply code is the remote server's own
   * ("5.1.0 - Unknown address error 550-'5.7.1 ... Access denied'"). */
  if (bv_scan_find_reply_code (text, length, &span) != 0)
    {
      gsize p = span.end;
      BvSpan status;

      while (p < length && strchr (" -'\"#[(", text[p]) != NULL)
        p++;
      if (p < length && bv_scan_find_status (text + p, MIN (length - p, 16), &status) &&
          status.start == 0 && text[p] == text[span.start])
        {
          char *code = g_strndup (text + p, status.end);

          if (!status_is_vague (code) && !status_is_expiry (code))
            return code;
          first = code;
        }
    }

  while (from < length && bv_scan_find_status (text + from, length - from, &span))
    {
      char *code = g_strndup (text + from + span.start, span.end - span.start);

      if (!status_is_vague (code) && !status_is_expiry (code))
        {
          g_free (first);
          return code;
        }
      if (first == NULL)
        first = code;
      else
        g_free (code);
      from += span.end;
    }

  return first;
}

static BvEventType
type_for_action (const char *action,
                 const char *status)
{
  if (action != NULL)
    {
      if (g_str_has_prefix (action, "fail"))
        return BV_EVENT_BOUNCE;
      if (g_str_has_prefix (action, "delay"))
        return BV_EVENT_DEFERRAL;
      if (g_str_has_prefix (action, "deliver") || g_str_has_prefix (action, "relay") ||
          g_str_has_prefix (action, "expand"))
        return BV_EVENT_DELIVERY;
    }

  if (status != NULL && status[0] == '4')
    return BV_EVENT_DEFERRAL;
  if (status != NULL && status[0] == '2')
    return BV_EVENT_DELIVERY;
  return BV_EVENT_BOUNCE;
}

static void
emit_block (DsnState *state)
{
  RecipientBlock *block = &state->block;
  BvReport *report = state->report;
  const char *recipient;
  g_autofree char *status = NULL;
  g_autofree char *text_status = NULL;
  const char *code_text;
  BvEvent *event;

  recipient = block->final_recipient != NULL ? block->final_recipient :
              block->actual_recipient != NULL ? block->actual_recipient :
              block->original_recipient;
  if (block->final_is_raw && (block->actual_recipient != NULL || block->original_recipient != NULL))
    recipient = block->actual_recipient != NULL ? block->actual_recipient : block->original_recipient;

  /* A final address with a bare host for a domain ("user@server", after
   * an LMTP hop) is less useful than the address the sender used. */
  if (recipient == block->final_recipient && block->original_recipient != NULL &&
      strrchr (recipient, '@') != NULL && strchr (strrchr (recipient, '@'), '.') == NULL)
    recipient = block->original_recipient;
  if (recipient == NULL || block->used)
    {
      block_clear (block);
      return;
    }
  if (state->n_events >= MAX_EVENTS)
    {
      state->over_limit = TRUE;
      block_clear (block);
      return;
    }

  if (block->status != NULL)
    {
      BvSpan span;

      if (bv_scan_find_status (block->status, strlen (block->status), &span))
        status = g_strndup (block->status + span.start, span.end - span.start);
    }

  event = bv_report_add_event (report, type_for_action (block->action, status));
  bv_set_string (&event->recipient, recipient);
  if (block->original_recipient != NULL &&
      g_ascii_strcasecmp (block->original_recipient, recipient) != 0)
    bv_set_string (&event->original_recipient, block->original_recipient);
  bv_set_string (&event->action, block->action);
  bv_set_string (&event->remote_mta, block->remote_mta);
  bv_set_string (&event->diagnostic_type, block->diagnostic_type);
  event->last_attempt_date = block->last_attempt;
  event->will_retry_until = block->will_retry_until;
  event->arrival_date = report->arrival_date;

  /* Without a Diagnostic-Code, the server's words may still be in
   * X-Supplementary-Info (Exchange, some appliances). */
  /* Folding leaves runs of blanks inside the text ("Email    flagged"). */
  if (block->diagnostic != NULL)
    bv_take_string (&event->diagnostic, bv_scan_collapse_space (block->diagnostic, -1));
  else if (block->supplementary != NULL)
    bv_take_string (&event->diagnostic, unwrap_exchange (block->supplementary));

  code_text = event->diagnostic;
  if (code_text != NULL)
    {
      event->reply_code = bv_scan_find_reply_code (code_text, strlen (code_text), NULL);
      text_status = find_specific_status (code_text);
    }
  if (block->supplementary != NULL && block->diagnostic != NULL &&
      (event->reply_code == 0 || text_status == NULL || status_is_vague (text_status)))
    {
      g_autofree char *more = find_specific_status (block->supplementary);

      if (event->reply_code == 0)
        event->reply_code = bv_scan_find_reply_code (block->supplementary,
                                                     strlen (block->supplementary), NULL);
      if (more != NULL && (text_status == NULL || status_is_vague (text_status)))
        replace_string (&text_status, more);
    }

  /* The receiving server's own code, in its reply, is more precise than
   * the reporting MTA's summary in Status: "Status: 5.1.1" with "550 5.7.1
   * IP address blacklisted" is a block, not an unknown user. So the code
   * in the diagnostic wins over a Status of the same class, over a bare
   * class ("5.0.0"), and over a Status of another class when the reply
   * code agrees with it ("Status: 4.5.0" with "550 5.5.0"). */
  if (status == NULL ||
      (text_status != NULL && !status_is_vague (text_status) &&
       (text_status[0] == status[0] ||
        (event->reply_code != 0 && (guint) (text_status[0] - '0') == event->reply_code / 100))))
    replace_string (&status, text_status);
  bv_set_string (&event->status, status);

  if (event->diagnostic != NULL)
    {
      const char *command = bv_scan_smtp_command (event->diagnostic, strlen (event->diagnostic));

      bv_set_string (&event->smtp_command, command);
    }

  block_clear (block);
  state->n_events++;
}

static void
handle_field (DsnState   *state,
              const char *name,
              const char *value)
{
  RecipientBlock *block = &state->block;
  BvReport *report = state->report;

  /* A group normally describes one recipient. A recipient field that
   * comes a second time starts the next one, because some reports leave
   * out the blank lines between recipients. */
  if (g_ascii_strcasecmp (name, "Final-Recipient") == 0)
    {
      if (block->final_recipient != NULL)
        emit_block (state);
      g_free (block->final_recipient);
      block->final_recipient = recipient_value (value);
      block->final_is_raw = FALSE;
      if (block->final_recipient == NULL)
        {
          block->final_recipient = raw_recipient (value);
          block->final_is_raw = block->final_recipient != NULL;
        }
    }
  else if (g_ascii_strcasecmp (name, "Original-Recipient") == 0)
    {
      if (block->original_recipient != NULL)
        emit_block (state);
      g_free (block->original_recipient);
      block->original_recipient = recipient_value (value);
    }
  else if (g_ascii_strcasecmp (name, "X-Actual-Recipient") == 0)
    {
      g_free (block->actual_recipient);
      block->actual_recipient = recipient_value (value);
    }
  else if (g_ascii_strcasecmp (name, "Action") == 0)
    {
      g_free (block->action);
      block->action = g_ascii_strdown (value, -1);
      g_strstrip (block->action);
      block->action[strcspn (block->action, " \t(;")] = '\0';
    }
  else if (g_ascii_strcasecmp (name, "Status") == 0)
    {
      g_free (block->status);
      block->status = g_strstrip (g_strdup (value));
    }
  else if (g_ascii_strcasecmp (name, "Remote-MTA") == 0)
    {
      g_free (block->remote_mta);
      block->remote_mta = typed_value (value, NULL);
    }
  else if (g_ascii_strcasecmp (name, "Diagnostic-Code") == 0)
    {
      g_free (block->diagnostic);
      g_free (block->diagnostic_type);
      block->diagnostic = typed_value (value, &block->diagnostic_type);
      if (block->diagnostic_type != NULL)
        {
          char *lower = g_ascii_strdown (block->diagnostic_type, -1);

          g_free (block->diagnostic_type);
          block->diagnostic_type = lower;
        }
    }
  else if (g_ascii_strcasecmp (name, "X-Supplementary-Info") == 0)
    {
      g_free (block->supplementary);
      block->supplementary = g_strstrip (g_strdup (value));
    }
  else if (g_ascii_strcasecmp (name, "Last-Attempt-Date") == 0)
    {
      block->last_attempt = bv_parse_date (value);
    }
  else if (g_ascii_strcasecmp (name, "Will-Retry-Until") == 0)
    {
      block->will_retry_until = bv_parse_date (value);
    }
  else if (g_ascii_strcasecmp (name, "Reporting-MTA") == 0)
    {
      g_free (report->reporting_mta);
      report->reporting_mta = typed_value (value, NULL);
    }
  else if (g_ascii_strcasecmp (name, "Arrival-Date") == 0)
    {
      report->arrival_date = bv_parse_date (value);
    }
}

/* Ends a group: its recipient, if it named one, becomes an event. */
static void
end_group (DsnState *state)
{
  RecipientBlock *block = &state->block;

  if (block->final_recipient != NULL || block->original_recipient != NULL)
    emit_block (state);
  else
    block_clear (block);
}

/* The DSN fields the decoder reads; it skips the others (queue ids,
 * sender copies, display names) without decoding them. */
static const char * const read_fields[] = {
  "final-recipient", "original-recipient", "x-actual-recipient", "action", "status",
  "remote-mta", "diagnostic-code", "x-supplementary-info", "last-attempt-date",
  "will-retry-until", "reporting-mta", "arrival-date",
};

static gboolean
is_read_field (const char *name,
               gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (read_fields); i++)
    if (strlen (read_fields[i]) == length &&
        g_ascii_strncasecmp (name, read_fields[i], length) == 0)
      return TRUE;
  return FALSE;
}

/* Returns the offset after the line that starts at @pos. */
static gsize
line_end (const char *text,
          gsize       length,
          gsize       pos)
{
  const char *nl = memchr (text + pos, '\n', length - pos);

  return nl != NULL ? (gsize) (nl - text) + 1 : length;
}

/* Hands each field of one group to handle_field(). Lines that start
 * with a blank continue the field before them. A line that is no field,
 * such as free text between the fields, is skipped. */
static void
parse_group (DsnState   *state,
             const char *group,
             gsize       length)
{
  gsize pos = 0;

  while (pos < length && !state->over_limit)
    {
      gsize end = line_end (group, length, pos);
      const char *line = group + pos;
      const char *colon = memchr (line, ':', end - pos);
      gsize name_length;
      g_autofree char *name = NULL;
      g_autofree char *raw = NULL;
      g_autofree char *value = NULL;

      if (line[0] == ' ' || line[0] == '\t' || colon == NULL)
        {
          pos = end;
          continue;
        }

      name_length = colon - line;
      while (name_length > 0 && (line[name_length - 1] == ' ' || line[name_length - 1] == '\t'))
        name_length--;
      if (!is_read_field (line, name_length))
        {
          pos = end;
          continue;
        }

      while (end < length && (group[end] == ' ' || group[end] == '\t'))
        end = line_end (group, length, end);

      name = g_strndup (line, name_length);
      raw = g_strndup (colon + 1, group + end - (colon + 1));
      value = bv_decode_field_value (raw);
      handle_field (state, name, value);
      pos = end;
    }
}

/* Tells whether @text contains a field that names a recipient. */
static gboolean
names_recipient (const char *text,
                 gsize       length)
{
  return bv_scan_find_phrase (text, length, "final-recipient") != NULL ||
         bv_scan_find_phrase (text, length, "original-recipient") != NULL;
}

static gboolean
decode_fields (BvReport   *report,
               const char *text,
               gsize       length)
{
  DsnState state = { report };
  gsize full_length = length;
  gsize pos = 0;

  length = MIN (length, MAX_DSN_BYTES);

  /* Groups are separated by blank lines (RFC 3464 section 2.1); a line
   * of blanks only counts as blank. */
  while (pos < length && !state.over_limit)
    {
      gsize start, end;

      while (pos < length && (text[pos] == '\n' || text[pos] == ' ' || text[pos] == '\t'))
        {
          gsize blanks_end = pos;

          while (blanks_end < length && (text[blanks_end] == ' ' || text[blanks_end] == '\t'))
            blanks_end++;
          if (blanks_end < length && text[blanks_end] != '\n')
            break;
          pos = blanks_end + 1;
        }
      if (pos >= length)
        break;

      start = pos;
      end = start;
      while (end < length)
        {
          gboolean blank = TRUE;

          end = line_end (text, length, end);
          for (gsize j = end; j < length && text[j] != '\n'; j++)
            if (text[j] != ' ' && text[j] != '\t')
              {
                blank = FALSE;
                break;
              }
          if (blank)
            break;
        }

      parse_group (&state, text + start, end - start);
      end_group (&state);
      pos = end;
    }

  emit_block (&state);

  if (state.over_limit)
    bv_report_set_truncation (report, "the report names more than %d recipients; "
                              "only the first %d were read", MAX_EVENTS, MAX_EVENTS);
  else if (full_length > length && names_recipient (text + length, full_length - length))
    bv_report_set_truncation (report, "the delivery status part is longer than %d MiB; "
                              "recipients named after that were not read",
                              MAX_DSN_BYTES / (1024 * 1024));
  return state.n_events > 0;
}

/* Fills what the DSN left out from the readable text part: Postfix, for
 * one, names the failed command and the remote reply only there. */
static void
complete_from_text (BvReport *report)
{
  for (guint i = 0; i < report->events->len; i++)
    bv_text_bounce_fill_event (report, g_ptr_array_index (report->events, i));
}

/**
 * bv_dsn_decode_part:
 * @report: a report with a DSN part
 *
 * Returns: %TRUE when the DSN part named at least one recipient
 */
gboolean
bv_dsn_decode_part (BvReport *report)
{
  g_autofree char *text = bv_report_get_fields_text (report, report->dsn_part, "final-recipient");

  if (text == NULL)
    return FALSE;

  if (!decode_fields (report, text, strlen (text)))
    {
      /* Per-message fields only: the recipients must come from the text,
       * which the text decoder reads with the DSN's fields at hand. */
      if (!bv_text_bounce_decode (report))
        return FALSE;
      report->format = "dsn+text";
      return TRUE;
    }

  complete_from_text (report);
  report->format = "dsn";
  return TRUE;
}

/**
 * bv_dsn_decode_text:
 * @report: a report
 * @text: readable text that contains DSN fields, as some MTAs write them
 *   into the body instead of a message/delivery-status part
 * @length: its length in bytes
 *
 * Returns: %TRUE when the fields named at least one recipient
 */
gboolean
bv_dsn_decode_text (BvReport   *report,
                    const char *text,
                    gsize       length)
{
  if (!decode_fields (report, text, length))
    return FALSE;

  complete_from_text (report);
  report->format = "dsn-in-text";
  return TRUE;
}
