/* bv-classify.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Gives each event a reason. The text decides first: the receiving
 * server's diagnostic, and when that names nothing, the report's own
 * text. Then a provider code of the provider rules, the enhanced status
 * code, then the reply code. When the text names another reason than
 * the codes, the text wins and the event records the disagreement. All
 * phrases are found in one pass over the text by an Aho-Corasick
 * automaton built once from the rule table. */

#define G_LOG_DOMAIN "bounceview-classify"

#include "bv-classify.h"
#include "bv-classify-private.h"
#include "bv-codes.h"
#include "bv-phrases.h"
#include "bv-textscan.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* Bytes of report text the classifier reads when the diagnostic names
 * no reason; reasons stand near the top of a report. */
#define MAX_CONTEXT_BYTES 8192

/* The text rules as a phrase set; the group of a rule is its flags. */
static BvPhraseSet *text_rules;

static void
ensure_matcher (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      const char **phrases = g_new (const char *, bv_n_text_rules);
      guint8 *groups = g_new (guint8, bv_n_text_rules);

      for (gsize i = 0; i < bv_n_text_rules; i++)
        {
          phrases[i] = bv_text_rules[i].phrase;
          groups[i] = bv_text_rules[i].flags;
        }
      text_rules = bv_phrase_set_new (phrases, bv_n_text_rules, groups);
      g_free (phrases);
      g_free (groups);
      g_once_init_leave (&initialized, 1);
    }
}

/* Returns the first rule (in table order) whose phrase occurs in @text
 * and applies to a permanent or temporary failure, reading HTML tags as
 * spaces and passing over addresses, URL anchors and reply codes, whose words
 * ("mailboxfull@example.net", ".../reason/#blocked", "550-5.7.1") are
 * no diagnosis. */
static gint32
match_text (const char *text,
            gsize       length,
            gboolean    permanent)
{
  guint8 groups = (1u << RULE_ANY) | (1u << (permanent ? RULE_PERMANENT : RULE_TEMPORARY));
  const char *postfix = bv_scan_find_phrase (text, length, "delivery temporarily suspended:");

  /* Postfix writes "delivery temporarily suspended:" before the failure
   * it remembers for the destination ("connect to ...: Connection
   * refused"). That failure is the reason; the mailbox is not
   * suspended. Only at the start of a diagnostic: in a whole report, the
   * words before it are other recipients'. */
  if (postfix != NULL && postfix - text <= 2)
    {
      gsize skip = postfix + strlen ("delivery temporarily suspended:") - text;

      text += skip;
      length -= skip;
    }

  return bv_phrase_set_first (text_rules, text, length,
                              BV_PHRASE_SKIP_ADDRESSES | BV_PHRASE_SKIP_CODES |
                              BV_PHRASE_SKIP_URL_ANCHORS | BV_PHRASE_SKIP_MARKUP,
                              groups);
}

/* For texts with non-ASCII characters: the first phrase of the UTF-8
 * table found in @text, which is lower-cased first; -1 when none. */
static gint32
match_utf8_text (const char *text,
                 gsize       length)
{
  g_autofree char *lower = NULL;
  gboolean ascii = TRUE;

  for (gsize i = 0; i < length && ascii; i++)
    ascii = (guchar) text[i] < 0x80;
  if (ascii)
    return -1;

  lower = g_utf8_strdown (text, length);
  for (gsize r = 0; r < bv_n_text_rules_utf8; r++)
    if (strstr (lower, bv_text_rules_utf8[r].phrase) != NULL)
      return r;
  return -1;
}

/* Codes that name only a class, and Sendmail's catch-all X.5.0, which it
 * gives for any failure of its mailers. */
static gboolean
status_is_vague (const char *status)
{
  return status == NULL || g_str_has_suffix (status, ".0.0") || g_str_has_suffix (status, ".5.0");
}

/* Status codes whose reason is precise enough that a text naming another
 * reason contradicts it: "5.1.1 user unknown" against "mailbox full" is a
 * contradiction, but X.7.1 "delivery not authorized" against a block list
 * is the text saying why. */
static gboolean
code_names_specific_reason (Reason reason)
{
  switch (reason)
    {
    case REASON_USERUNKNOWN:
    case REASON_HOSTUNKNOWN:
    case REASON_MAILBOXFULL:
    case REASON_HASMOVED:
    case REASON_SUSPEND:
    case REASON_MESGTOOBIG:
    case REASON_EXCEEDLIMIT:
    case REASON_AUTHFAILURE:
    case REASON_REQUIREPTR:
    case REASON_NOTACCEPT:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
status_matches (const char *pattern,
                const char *status)
{
  /* "X.1.1" against "5.1.1"; every part must match. */
  while (*pattern != '\0' && *status != '\0')
    {
      const char *pattern_end = strchr (pattern, '.');
      const char *status_end = strchr (status, '.');
      gsize pattern_length = pattern_end != NULL ? (gsize) (pattern_end - pattern) : strlen (pattern);
      gsize status_length = status_end != NULL ? (gsize) (status_end - status) : strlen (status);

      if (!(pattern_length == 1 && pattern[0] == 'X') &&
          (pattern_length != status_length || strncmp (pattern, status, status_length) != 0))
        return FALSE;

      pattern += pattern_length;
      status += status_length;
      if (*pattern == '.')
        pattern++;
      if (*status == '.')
        status++;
    }
  return *pattern == '\0' && *status == '\0';
}

static Reason
status_reason (const char *status)
{
  if (status == NULL)
    return REASON_UNDEFINED;

  for (gsize i = 0; i < bv_n_status_rules; i++)
    if (status_matches (bv_status_rules[i].code, status))
      return bv_status_rules[i].reason;
  return REASON_UNDEFINED;
}

/* Looks up the provider codes of @event's diagnostic in the provider
 * rules, and returns the reason of the first one listed there. */
static Reason
provider_reason (const BvEvent  *event,
                 const char    **code)
{
  g_autoptr(GPtrArray) rows = NULL;
  gboolean mentioned = FALSE;

  if (event->diagnostic == NULL)
    return REASON_UNDEFINED;

  /* The search of the whole provider table costs as much as the rest of
   * the classification: 15 million instructions for the 990 events of
   * two copies of the corpus (callgrind). So it runs only for a
   * diagnostic that contains a code of the rules. */
  for (gsize r = 0; r < bv_n_provider_rules && !mentioned; r++)
    mentioned = strstr (event->diagnostic, bv_provider_rules[r].code) != NULL;
  if (!mentioned)
    return REASON_UNDEFINED;

  rows = bv_codes_find_provider (event->diagnostic, event->status);
  for (guint i = 0; i < rows->len; i++)
    {
      const BvCodeInfo *row = g_ptr_array_index (rows, i);

      for (gsize r = 0; r < bv_n_provider_rules; r++)
        {
          if (g_strcmp0 (row->code, bv_provider_rules[r].code) == 0)
            {
              *code = row->code;
              return bv_provider_rules[r].reason;
            }
        }
    }
  return REASON_UNDEFINED;
}

/**
 * bv_classify_reasons:
 * @n_reasons: (out): the number of reasons
 *
 * Returns: (array length=n_reasons) (transfer none): every reason name
 */
const char * const *
bv_classify_reasons (guint *n_reasons)
{
  static const char *names[N_REASONS + 1];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint i = 0; i < N_REASONS; i++)
        names[i] = bv_reason_info[i].name;
      names[N_REASONS] = NULL;
      g_once_init_leave (&initialized, 1);
    }

  *n_reasons = N_REASONS;
  return names;
}

static Reason
reason_from_name (const char *name)
{
  for (guint i = 0; i < N_REASONS; i++)
    if (g_strcmp0 (bv_reason_info[i].name, name) == 0)
      return i;
  return N_REASONS;
}

gboolean
bv_classify_is_reason (const char *reason)
{
  return reason_from_name (reason) < N_REASONS;
}

/**
 * bv_classify_reason_label:
 * @reason: a reason name, such as "userunknown"
 *
 * Returns: (transfer none) (nullable): a short label of the reason for
 *   the window, such as "Unknown user", translated, or %NULL when
 *   @reason is no reason name
 */
const char *
bv_classify_reason_label (const char *reason)
{
  Reason r = reason_from_name (reason);

  if (r >= N_REASONS)
    return NULL;
  return _(bv_reason_info[r].label);
}

/**
 * bv_classify_describe_reason:
 * @reason: a reason name
 *
 * Returns: (transfer none) (nullable): what the reason means, translated
 */
const char *
bv_classify_describe_reason (const char *reason)
{
  Reason r = reason_from_name (reason);

  if (r >= N_REASONS)
    return NULL;
  return _(bv_reason_info[r].description);
}

/**
 * bv_classify_is_hard:
 * @reason: a reason name
 * @event: the event
 *
 * A hard bounce is one where the address itself is bad, so that sending
 * to it again can never work: an unknown user or domain, an address that
 * moved, a domain that takes no mail. Full mailboxes, blocks and
 * deferrals are soft.
 *
 * Returns: %TRUE for a hard bounce
 */
gboolean
bv_classify_is_hard (const char    *reason,
                     const BvEvent *event)
{
  Reason r = reason_from_name (reason);

  if (r >= N_REASONS || !bv_reason_info[r].hard)
    return FALSE;
  return event->type == BV_EVENT_BOUNCE;
}

static gboolean
is_permanent (const BvEvent *event)
{
  if (event->status != NULL && (event->status[0] == '4' || event->status[0] == '5'))
    return event->status[0] == '5';
  if (event->reply_code >= 400 && event->reply_code < 600)
    return event->reply_code >= 500;
  return event->type == BV_EVENT_BOUNCE;
}

/* Reasons that say little about who was refused: every reason that
 * came from a code alone, and from the text only the address reasons,
 * which servers also give when they refuse the sender. The session and
 * the addresses of the reply may say more. */
static gboolean
is_vague_reason (Reason reason,
                 gint32 rule)
{
  if (rule < 0)
    return reason != REASON_MAILBOXFULL && reason != REASON_MESGTOOBIG &&
           reason != REASON_EXCEEDLIMIT && reason != REASON_EXPIRED;

  switch (reason)
    {
    case REASON_UNDEFINED:
    case REASON_ONHOLD:
    case REASON_USERUNKNOWN:
    case REASON_HOSTUNKNOWN:
    case REASON_NOTACCEPT:
      return TRUE;
    default:
      return FALSE;
    }
}

static char *
address_of (const char *text)
{
  BvSpan span;

  if (text == NULL || !bv_scan_find_address (text, strlen (text), 0, &span))
    return NULL;
  return g_ascii_strdown (text + span.start, span.end - span.start);
}

/* Whether the diagnostic names the original sender's address: then the
 * server refused the sender, not the recipient. */
static gboolean
diagnostic_names_sender (const BvEvent *event)
{
  g_autofree char *sender = address_of (event->original_from);
  gsize length;
  gsize from = 0;
  BvSpan span;

  if (sender == NULL || event->diagnostic == NULL)
    return FALSE;
  if (event->recipient != NULL && g_ascii_strcasecmp (sender, event->recipient) == 0)
    return FALSE;

  length = strlen (event->diagnostic);
  while (bv_scan_find_address (event->diagnostic, length, from, &span))
    {
      if (span.end - span.start == strlen (sender) &&
          g_ascii_strncasecmp (event->diagnostic + span.start, sender, span.end - span.start) == 0)
        return TRUE;
      from = span.end;
    }
  return FALSE;
}

static void
set_reason (Reason     *reason,
            char      **evidence,
            Reason      value,
            const char *why)
{
  *reason = value;
  g_free (*evidence);
  *evidence = g_strdup (why);
}

/* Refines a reason with the session's details: the command the server
 * replied to, the kind of diagnostic, the address it names. */
static void
adjust_for_session (const BvEvent  *event,
                    gint32          rule,
                    Reason         *reason,
                    char          **evidence)
{
  const char *command = event->smtp_command;
  const char *status = event->status;

  /* A local delivery program failed (Diagnostic-Code: X-Unix; ...) and
   * its words name no reason. */
  if (g_strcmp0 (event->diagnostic_type, "x-unix") == 0 && rule < 0)
    {
      set_reason (reason, evidence, REASON_MAILERERROR, "diagnostic type: x-unix");
      return;
    }

  /* Refused at MAIL FROM, or naming the sender: the sender was refused. */
  if (is_vague_reason (*reason, rule) &&
      (g_strcmp0 (command, "MAIL") == 0 || diagnostic_names_sender (event)))
    {
      set_reason (reason, evidence, REASON_REJECTED,
                  g_strcmp0 (command, "MAIL") == 0 ? "refused at MAIL FROM" :
                                                     "the reply names the sender's address");
      return;
    }

  /* Refused before any address was given: the sending host was refused. */
  if (is_vague_reason (*reason, rule) && *reason != REASON_HOSTUNKNOWN &&
      (g_strcmp0 (command, "CONN") == 0 || g_strcmp0 (command, "EHLO") == 0 ||
       g_strcmp0 (command, "HELO") == 0))
    {
      set_reason (reason, evidence, REASON_BLOCKED, "refused at the greeting");
      return;
    }

  /* The status code shows which size limit was hit. */
  if ((*reason == REASON_MESGTOOBIG || *reason == REASON_EXCEEDLIMIT) && status != NULL)
    {
      if (g_str_has_suffix (status, ".2.3"))
        *reason = REASON_EXCEEDLIMIT;
      else if (g_str_has_suffix (status, ".3.4"))
        *reason = REASON_MESGTOOBIG;
    }

  /* A bare "unknown user" after the address was accepted at RCPT, with
   * no status that points at the address (X.1.x) or the protocol
   * (X.5.x): the recipient's filter refused the message, as the filters
   * of Japanese mobile carriers do. */
  if (*reason == REASON_USERUNKNOWN && rule >= 0 && g_strcmp0 (command, "DATA") == 0 &&
      (g_strcmp0 (bv_text_rules[rule].phrase, "unknown user") == 0 ||
       g_strcmp0 (bv_text_rules[rule].phrase, "user unknown") == 0) &&
      (status == NULL || (strstr (status, ".1.") == NULL && strstr (status, ".5.") == NULL)))
    {
      set_reason (reason, evidence, REASON_FILTERED, "unknown user after DATA");
      return;
    }

  /* Google Groups refuses posts to groups that do not exist or do not let
   * the sender post, in the sender's language and without a code. */
  if (*reason == REASON_UNDEFINED && event->recipient != NULL &&
      g_str_has_suffix (event->recipient, "@googlegroups.com"))
    set_reason (reason, evidence, REASON_REJECTED, "Google Groups refused the post");
}

static char *
quote_phrase (const char *where,
              const char *phrase)
{
  return g_strdup_printf ("%s: “%s”", where, phrase);
}

/**
 * bv_classify_event:
 * @event: an event with its codes and diagnostic
 * @context: (nullable): the readable text of the report
 * @context_length: its length in bytes
 *
 * Sets @event's reason, evidence, hard_bounce and codes_disagree.
 */
void
bv_classify_event (BvEvent    *event,
                   const char *context,
                   gsize       context_length)
{
  gboolean permanent = is_permanent (event);
  Reason reason = REASON_UNDEFINED;
  Reason code_reason;
  Reason text_reason = REASON_UNDEFINED;
  Reason provider_code_reason = REASON_UNDEFINED;
  const char *provider_code = NULL;
  g_autofree char *evidence = NULL;
  gint32 rule = -1;
  gint32 utf8_rule = -1;

  ensure_matcher ();
  event->codes_disagree = FALSE;

  switch (event->type)
    {
    case BV_EVENT_DELIVERY:
      bv_set_string (&event->reason, bv_reason_info[REASON_DELIVERED].name);
      bv_set_string (&event->evidence, "delivery notice");
      event->hard_bounce = FALSE;
      return;
    case BV_EVENT_COMPLAINT:
      bv_set_string (&event->reason, bv_reason_info[REASON_FEEDBACK].name);
      bv_set_string (&event->evidence, "complaint report");
      event->hard_bounce = FALSE;
      return;
    case BV_EVENT_AUTO_REPLY:
      {
        /* An automatic reply may report that the mailbox is gone. */
        gint32 rule = event->diagnostic != NULL ?
                      match_text (event->diagnostic, strlen (event->diagnostic), TRUE) : -1;
        Reason found = rule >= 0 ? bv_text_rules[rule].reason : REASON_UNDEFINED;

        if (found == REASON_SUSPEND || found == REASON_USERUNKNOWN || found == REASON_HASMOVED)
          {
            g_autofree char *why = quote_phrase ("automatic reply", bv_text_rules[rule].phrase);

            bv_set_string (&event->reason, bv_reason_info[found].name);
            bv_set_string (&event->evidence, why);
          }
        else
          {
            bv_set_string (&event->reason, bv_reason_info[REASON_VACATION].name);
            bv_set_string (&event->evidence, "automatic reply");
          }
        event->hard_bounce = FALSE;
      }
      return;
    default:
      break;
    }

  code_reason = status_reason (event->status);
  if (code_reason == REASON_UNDEFINED && event->reply_code != 0)
    code_reason = bv_reply_code_reason (event->reply_code);

  /* The server's own words decide first. */
  if (event->diagnostic != NULL)
    {
      gsize length = strlen (event->diagnostic);

      rule = match_text (event->diagnostic, length, permanent);
      if (rule >= 0)
        {
          text_reason = bv_text_rules[rule].reason;
          evidence = quote_phrase ("diagnostic", bv_text_rules[rule].phrase);
        }
      else if ((utf8_rule = match_utf8_text (event->diagnostic, length)) >= 0)
        {
          text_reason = bv_text_rules_utf8[utf8_rule].reason;
          evidence = quote_phrase ("diagnostic", bv_text_rules_utf8[utf8_rule].phrase);
        }
    }

  /* The report's own prose is weaker than a specific status code, so it
   * counts only when the codes are vague. */
  if (text_reason == REASON_UNDEFINED && context != NULL &&
      (status_is_vague (event->status) || code_reason == REASON_UNDEFINED))
    {
      gsize length = MIN (context_length, MAX_CONTEXT_BYTES);

      rule = match_text (context, length, permanent);
      if (rule >= 0)
        {
          text_reason = bv_text_rules[rule].reason;
          evidence = quote_phrase ("report text", bv_text_rules[rule].phrase);
        }
      else if ((utf8_rule = match_utf8_text (context, length)) >= 0)
        {
          text_reason = bv_text_rules_utf8[utf8_rule].reason;
          evidence = quote_phrase ("report text", bv_text_rules_utf8[utf8_rule].phrase);
        }
    }

  /* A message that was deferred until its retry time ran out, such as
   * Exim's "451 4.7.1 Greylisting in action ...: retry timeout
   * exceeded" in a final report, expired: greylisting names what held it
   * back, but nothing is on hold any more. A cause that lasts, such as a
   * full mailbox, stays the reason. */
  if (text_reason == REASON_ONHOLD && event->type == BV_EVENT_BOUNCE && event->diagnostic != NULL &&
      bv_scan_find_phrase (event->diagnostic, strlen (event->diagnostic),
                           "retry timeout exceeded") != NULL)
    {
      text_reason = REASON_EXPIRED;
      g_free (evidence);
      evidence = quote_phrase ("diagnostic", "retry timeout exceeded");
    }

  /* A general phrase gives way to a specific status code. */
  if (rule >= 0 && bv_text_rules[rule].weak && !status_is_vague (event->status) &&
      status_reason (event->status) != REASON_UNDEFINED)
    {
      text_reason = REASON_UNDEFINED;
      rule = -1;
      g_clear_pointer (&evidence, g_free);
    }

  /* A provider code is more specific than the status code beside it.
   * Like the other codes, it gives way to the session below (a refusal
   * at MAIL FROM, for example), which the server's words do not. */
  if (text_reason == REASON_UNDEFINED)
    provider_code_reason = provider_reason (event, &provider_code);

  if (text_reason != REASON_UNDEFINED)
    {
      reason = text_reason;
      if (code_reason != reason && !status_is_vague (event->status) &&
          code_names_specific_reason (code_reason))
        event->codes_disagree = TRUE;
    }
  else if (provider_code_reason != REASON_UNDEFINED)
    {
      reason = provider_code_reason;
      evidence = g_strdup_printf ("provider code %s", provider_code);
    }
  else if (code_reason != REASON_UNDEFINED)
    {
      reason = code_reason;
      evidence = status_reason (event->status) != REASON_UNDEFINED ?
                 g_strdup_printf ("status %s", event->status) :
                 g_strdup_printf ("reply code %u", event->reply_code);
    }

  adjust_for_session (event, rule, &reason, &evidence);

  if (reason == REASON_UNDEFINED)
    evidence = g_strdup ("nothing recognised");

  bv_set_string (&event->reason, bv_reason_info[reason].name);
  bv_take_string (&event->evidence, g_steal_pointer (&evidence));
  event->hard_bounce = bv_classify_is_hard (event->reason, event);
}
