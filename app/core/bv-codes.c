/* bv-codes.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "bv-codes.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* The tables live in bv-codes-reply.c, bv-codes-status.c and
 * bv-codes-provider.c. This file looks codes up in them and writes the
 * explanations.
 *
 * Lookups of codes that no row describes, and of registered codes used in an
 * unusual class, build their text from parts. Such strings are interned so
 * that a filled BvCodeInfo needs no freeing and stays valid when copied.
 * NOTE: interned strings are never freed. The composed texts are bounded by
 * the number of classes, subjects and rows, but the interned code strings
 * grow with every distinct code looked up (at most 3 classes x 1000 subjects
 * x 1000 details).
 */

G_DEFINE_QUARK (bv-codes-error-quark, bv_codes_error)

static const char *
translate (const char *msgid)
{
  /* _("") returns the header of the catalog, so empty strings stay empty. */
  if (msgid == NULL || msgid[0] == '\0')
    return msgid;

  return _(msgid);
}

/**
 * bv_code_info_translate:
 * @row: a table row, such as one returned by bv_codes_find_provider()
 * @info: (out caller-allocates): the #BvCodeInfo to fill
 *
 * Copies @row into @info with the title, explanation, remedy and reference
 * translated. The code and the provider name stay as they are.
 */
void
bv_code_info_translate (const BvCodeInfo *row,
                        BvCodeInfo       *info)
{
  g_return_if_fail (row != NULL);
  g_return_if_fail (info != NULL);

  *info = *row;
  info->title = translate (row->title);
  info->explanation = translate (row->explanation);
  info->remedy = translate (row->remedy);
  info->reference = translate (row->reference);
}

static BvCodeSeverity
severity_of_digit (guint digit)
{
  switch (digit)
    {
    case 2:
      return BV_CODE_SUCCESS;
    case 3:
      return BV_CODE_INTERMEDIATE;
    case 4:
      return BV_CODE_TEMPORARY;
    default:
      return BV_CODE_PERMANENT;
    }
}

static const char *
join_interned (const char *first,
               const char *second,
               const char *third)
{
  g_autofree char *joined = NULL;

  if (third != NULL)
    joined = g_strconcat (first, " ", second, " ", third, NULL);
  else
    joined = g_strconcat (first, " ", second, NULL);

  return g_intern_string (joined);
}

/* Basic reply codes */

static const char *
reply_first_digit_text (guint digit)
{
  switch (digit)
    {
    case 2:
      return _("The first digit 2 reports that the server completed the command.");
    case 3:
      return _("The first digit 3 reports that the server accepted the command and waits for "
               "more input.");
    case 4:
      return _("The first digit 4 reports a temporary failure: the command was not carried "
               "out, but it may succeed later, and a sending server retries.");
    default:
      return _("The first digit 5 reports a permanent failure: the command was not carried out, "
               "and repeating it unchanged fails again.");
    }
}

static const char *
reply_second_digit_text (guint digit)
{
  switch (digit)
    {
    case 0:
      return _("The second digit 0 puts it among the replies about syntax and commands.");
    case 1:
      return _("The second digit 1 puts it among the replies that give information, such as "
               "status or help.");
    case 2:
      return _("The second digit 2 puts it among the replies about the connection.");
    case 3:
    case 4:
      return _("RFC 5321 leaves the category of this second digit unspecified.");
    case 5:
      return _("The second digit 5 puts it among the replies about the mail system, such as "
               "the state of a mailbox or the server's storage.");
    default:
      return _("Its second digit is outside the categories that RFC 5321 defines.");
    }
}

static const char *
reply_remedy_text (guint digit)
{
  switch (digit)
    {
    case 2:
      return _("Nothing. The command succeeded.");
    case 3:
      return _("Nothing. The server waits for the client to go on.");
    case 4:
      return _("Let the queue retry, and read the text of the reply for the cause.");
    default:
      return _("Read the text of the reply for the cause, and fix it before sending again.");
    }
}

/**
 * bv_codes_lookup_reply:
 * @reply_code: a basic SMTP reply code, 200 to 599
 * @info: (out caller-allocates): the #BvCodeInfo to fill
 *
 * Looks up a basic reply code. A code that no RFC defines, such as 571, is
 * explained from its first and second digit and gets
 * #BvCodeInfo.registered set to %FALSE.
 *
 * Returns: %TRUE and fills @info with translated strings when @reply_code is
 *   between 200 and 599; %FALSE otherwise, leaving @info untouched
 */
gboolean
bv_codes_lookup_reply (guint       reply_code,
                       BvCodeInfo *info)
{
  const BvCodeInfo *table;
  gsize n_rows;
  char code[8];
  guint first_digit;
  guint second_digit;

  g_return_val_if_fail (info != NULL, FALSE);

  if (reply_code < 200 || reply_code > 599)
    return FALSE;

  g_snprintf (code, sizeof code, "%u", reply_code);

  table = bv_codes_reply_table (&n_rows);
  for (gsize i = 0; i < n_rows; i++)
    {
      if (strcmp (table[i].code, code) == 0)
        {
          bv_code_info_translate (&table[i], info);
          return TRUE;
        }
    }

  first_digit = reply_code / 100;
  second_digit = (reply_code / 10) % 10;

  memset (info, 0, sizeof *info);
  info->kind = BV_CODE_REPLY;
  info->code = g_intern_string (code);
  info->title = _("Reply code not defined by any RFC");
  info->explanation = join_interned (_("No RFC defines this reply code. The receiving server "
                                       "chose it, so its text carries the meaning."),
                                     reply_first_digit_text (first_digit),
                                     reply_second_digit_text (second_digit));
  info->remedy = reply_remedy_text (first_digit);
  info->reference = _("RFC 5321, section 4.2.1");
  info->provider = NULL;
  info->severity = severity_of_digit (first_digit);
  info->registered = FALSE;
  info->classes = 0;

  return TRUE;
}

/* Enhanced status codes */

/**
 * bv_codes_parse_status:
 * @text: a status code, "5.1.1"
 * @klass: (out) (optional): return location for the class, 2, 4 or 5
 * @subject: (out) (optional): return location for the subject, 0 to 999
 * @detail: (out) (optional): return location for the detail, 0 to 999
 *
 * Parses an enhanced status code as RFC 3463 writes it: a class of 2, 4 or
 * 5, then a subject and a detail of one to three digits each, separated by
 * dots. Nothing may come before or after, not even white space.
 *
 * Returns: %TRUE if @text is a status code
 */
gboolean
bv_codes_parse_status (const char *text,
                       guint      *klass,
                       guint      *subject,
                       guint      *detail)
{
  guint parts[2] = { 0, 0 };
  const char *p;

  if (text == NULL)
    return FALSE;

  if (text[0] != '2' && text[0] != '4' && text[0] != '5')
    return FALSE;

  if (text[1] != '.')
    return FALSE;

  p = text + 2;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      guint n_digits = 0;

      while (g_ascii_isdigit (*p))
        {
          if (++n_digits > 3)
            return FALSE;
          parts[i] = parts[i] * 10 + (guint) (*p - '0');
          p++;
        }

      if (n_digits == 0)
        return FALSE;

      if (i == 0)
        {
          if (*p != '.')
            return FALSE;
          p++;
        }
    }

  if (*p != '\0')
    return FALSE;

  if (klass != NULL)
    *klass = (guint) (text[0] - '0');
  if (subject != NULL)
    *subject = parts[0];
  if (detail != NULL)
    *detail = parts[1];

  return TRUE;
}

static const char *
status_class_remedy (guint klass)
{
  switch (klass)
    {
    case 2:
      return _("No action is needed.");
    case 4:
      return _("The sending server retries on its own. Act if the failure lasts more than a "
               "day.");
    default:
      return _("Do not send the message again unchanged.");
    }
}

static const char *
status_subject_title (guint subject)
{
  switch (subject)
    {
    case 0:
      return _("Other or undefined status");
    case 1:
      return _("Addressing status");
    case 2:
      return _("Mailbox status");
    case 3:
      return _("Mail system status");
    case 4:
      return _("Network and routing status");
    case 5:
      return _("Mail delivery protocol status");
    case 6:
      return _("Message content or media status");
    case 7:
      return _("Security or policy status");
    default:
      return _("Undefined subject");
    }
}

static const char *
status_subject_text (guint subject)
{
  switch (subject)
    {
    case 0:
      return _("Subject 0 gives no detail beyond the class.");
    case 1:
      return _("Subject 1 concerns an address: the recipient's or the sender's mailbox name or "
               "domain, its syntax, or whether it exists.");
    case 2:
      return _("Subject 2 concerns the recipient's mailbox itself, such as its quota, its state "
               "or its size limit.");
    case 3:
      return _("Subject 3 concerns the receiving mail system as a whole, such as its storage, "
               "its configuration or its capacity.");
    case 4:
      return _("Subject 4 concerns getting the message to the next hop: DNS, routing, "
               "connections or delivery time.");
    case 5:
      return _("Subject 5 concerns the SMTP exchange itself: commands, their order, their "
               "syntax or their parameters.");
    case 6:
      return _("Subject 6 concerns the message content: its format, its encoding or a "
               "conversion it needed.");
    case 7:
      return _("Subject 7 concerns security or policy: authentication, reputation, spam "
               "filtering or access rules.");
    default:
      return _("Its subject number is not one that RFC 3463 defines, so only the class is "
               "known.");
    }
}

static const char *
status_subject_remedy (guint subject)
{
  switch (subject)
    {
    case 0:
      return _("Read the text of the reply. The code itself carries no detail.");
    case 1:
      return _("Check the sender and recipient addresses for typos and for domains that do not "
               "exist.");
    case 2:
      return _("Ask the recipient about the state of the mailbox: quota, suspension or size "
               "limit.");
    case 3:
      return _("The receiving system has to solve this. Send the reply to its postmaster if it "
               "lasts.");
    case 4:
      return _("Check DNS and connectivity towards the recipient domain.");
    case 5:
      return _("Find the command that failed in the SMTP transcript.");
    case 6:
      return _("Check the format, the encoding and the attachments of the message.");
    case 7:
      return _("Read the text for the policy that applied, and check authentication (SPF, DKIM, "
               "DMARC) and the reputation of the sending IP and domains.");
    default:
      return _("Read the text of the reply for the meaning.");
    }
}

static const char *
status_subject_reference (guint subject)
{
  switch (subject)
    {
    case 0:
      return _("RFC 3463, section 3.1");
    case 1:
      return _("RFC 3463, section 3.2");
    case 2:
      return _("RFC 3463, section 3.3");
    case 3:
      return _("RFC 3463, section 3.4");
    case 4:
      return _("RFC 3463, section 3.5");
    case 5:
      return _("RFC 3463, section 3.6");
    case 6:
      return _("RFC 3463, section 3.7");
    case 7:
      return _("RFC 3463, section 3.8");
    default:
      return _("RFC 3463, section 2");
    }
}

/* The sentence put before a row's explanation when the class of the
 * looked-up code is not one the row was written for.
 */
static const char *
status_class_note (guint klass,
                   guint row_classes)
{
  switch (klass)
    {
    case 2:
      return _("Class 2 reports success, although this detail is registered for failures. "
               "The server used it in a reply that accepted the request.");
    case 4:
      if ((row_classes & BV_CODE_CLASS_BIT (2)) != 0 && (row_classes & BV_CODE_CLASS_BIT (5)) == 0)
        return _("Class 4 reports a temporary failure, although this detail is registered "
                 "for success reports.");
      return _("Class 4 marks the failure as temporary, although this detail is normally "
               "reported as permanent. The sending server retries.");
    default:
      if ((row_classes & BV_CODE_CLASS_BIT (2)) != 0 && (row_classes & BV_CODE_CLASS_BIT (4)) == 0)
        return _("Class 5 reports a permanent failure, although this detail is registered "
                 "for success reports.");
      return _("Class 5 marks the failure as permanent, although this detail normally "
               "reports a temporary condition. The sending server has given up.");
    }
}

/* Picks the registry row for a class among the rows of one code: the row
 * written for that class, or else the closest one.
 */
static const BvCodeInfo *
choose_status_row (const BvCodeInfo * const *rows,
                   guint                     n_rows,
                   guint                     klass)
{
  static const guint fallback_classes[][2] = {
    [2] = { 5, 4 },
    [4] = { 5, 2 },
    [5] = { 4, 2 },
  };

  for (guint i = 0; i < n_rows; i++)
    {
      if ((rows[i]->classes & BV_CODE_CLASS_BIT (klass)) != 0)
        return rows[i];
    }

  for (guint f = 0; f < G_N_ELEMENTS (fallback_classes[klass]); f++)
    {
      for (guint i = 0; i < n_rows; i++)
        {
          if ((rows[i]->classes & BV_CODE_CLASS_BIT (fallback_classes[klass][f])) != 0)
            return rows[i];
        }
    }

  return rows[0];
}

/**
 * bv_codes_lookup_status:
 * @status: an enhanced status code, "5.1.1"
 * @info: (out caller-allocates): the #BvCodeInfo to fill
 *
 * Looks up an enhanced status code in the registry. The text is the one
 * written for the code's class, so "4.2.2" and "5.2.2" read differently,
 * and the severity follows the class. A code that the registry does not list,
 * such as 5.7.509, is explained from its class and subject and gets
 * #BvCodeInfo.registered set to %FALSE.
 *
 * Returns: %TRUE and fills @info with translated strings when @status is a
 *   valid status code (see bv_codes_parse_status()); %FALSE otherwise,
 *   leaving @info untouched
 */
gboolean
bv_codes_lookup_status (const char *status,
                        BvCodeInfo *info)
{
  const BvCodeInfo *candidates[4];
  guint n_candidates = 0;
  const BvCodeInfo *table;
  gsize n_rows;
  g_autofree char *code = NULL;
  g_autofree char *registry_code = NULL;
  guint klass;
  guint subject;
  guint detail;

  g_return_val_if_fail (info != NULL, FALSE);

  if (!bv_codes_parse_status (status, &klass, &subject, &detail))
    return FALSE;

  code = g_strdup_printf ("%u.%u.%u", klass, subject, detail);
  registry_code = g_strdup_printf ("X.%u.%u", subject, detail);

  table = bv_codes_status_table (&n_rows);
  for (gsize i = 0; i < n_rows && n_candidates < G_N_ELEMENTS (candidates); i++)
    {
      if (strcmp (table[i].code, registry_code) == 0)
        candidates[n_candidates++] = &table[i];
    }

  if (n_candidates > 0)
    {
      const BvCodeInfo *row = choose_status_row (candidates, n_candidates, klass);

      bv_code_info_translate (row, info);
      info->code = g_intern_string (code);
      info->severity = severity_of_digit (klass);

      if ((row->classes & BV_CODE_CLASS_BIT (klass)) == 0)
        {
          info->explanation = join_interned (status_class_note (klass, row->classes),
                                             info->explanation, NULL);

          /* The remedy of a failure row does not fit a reply that succeeded. */
          if (klass == 2)
            info->remedy = status_class_remedy (2);
        }

      return TRUE;
    }

  memset (info, 0, sizeof *info);
  info->kind = BV_CODE_STATUS;
  info->code = g_intern_string (code);
  info->title = status_subject_title (subject);
  /* The severity line above an explanation gives the meaning of the class. */
  info->explanation = join_interned (status_subject_text (subject),
                                     _("The IANA registry does not list this code. The receiving "
                                       "server or its vendor defined it, so the text of the reply "
                                       "is the best guide to its meaning."),
                                     NULL);
  info->remedy = join_interned (status_subject_remedy (subject), status_class_remedy (klass), NULL);
  info->reference = status_subject_reference (subject);
  info->provider = NULL;
  info->severity = severity_of_digit (klass);
  info->registered = FALSE;
  info->classes = 0;

  return TRUE;
}

/* Explanations */

static const char *
severity_sentence (BvCodeSeverity severity)
{
  switch (severity)
    {
    case BV_CODE_SUCCESS:
      return _("Success: the request was carried out.");
    case BV_CODE_INTERMEDIATE:
      return _("Intermediate: the server waits for more input.");
    case BV_CODE_TEMPORARY:
      return _("Temporary failure: the condition may clear, and the sending server retries.");
    case BV_CODE_PERMANENT:
    default:
      return _("Permanent failure: the same message fails again until the cause is fixed.");
    }
}

/* Appends one block for @info, whose strings are already translated. */
static void
append_block (GString          *out,
              const BvCodeInfo *info)
{
  if (out->len > 0)
    g_string_append_c (out, '\n');

  g_string_append_printf (out, "%s: %s", info->code, info->title);
  if (info->kind != BV_CODE_PROVIDER && !info->registered)
    g_string_append_printf (out, " %s", _("(unregistered)"));
  if (info->provider != NULL)
    {
      g_string_append_c (out, ' ');
      g_string_append_printf (out, _("(Provider: %s)"), info->provider);
    }
  g_string_append_c (out, '\n');

  g_string_append_printf (out, "%s\n", severity_sentence (info->severity));
  g_string_append_printf (out, "%s\n", info->explanation);
  g_string_append_printf (out, _("What to do: %s"), info->remedy);
  g_string_append_c (out, '\n');
  g_string_append_printf (out, _("Reference: %s"), info->reference);
  g_string_append_c (out, '\n');
}

static void
append_provider_blocks (GString   *out,
                        GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      BvCodeInfo info;

      bv_code_info_translate (g_ptr_array_index (rows, i), &info);
      append_block (out, &info);
    }
}

static gboolean
is_reply_code (const char *text)
{
  return g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) && g_ascii_isdigit (text[2]) &&
         text[3] == '\0';
}

/* Splits "550 5.1.1" and "550-5.1.1" into the reply code and the status. */
static gboolean
split_reply_and_status (const char  *text,
                        guint       *reply_code,
                        const char **status)
{
  const char *rest;

  if (!g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || !g_ascii_isdigit (text[2]))
    return FALSE;

  if (text[3] != ' ' && text[3] != '-')
    return FALSE;

  rest = text + 4;
  while (*rest == ' ')
    rest++;

  if (!bv_codes_parse_status (rest, NULL, NULL, NULL))
    return FALSE;

  *reply_code = (guint) g_ascii_strtoull (text, NULL, 10);
  *status = rest;
  return TRUE;
}

static gboolean
append_status_with_providers (GString    *out,
                              const char *status)
{
  g_autoptr(GPtrArray) providers = NULL;
  BvCodeInfo info;

  if (!bv_codes_lookup_status (status, &info))
    return FALSE;

  /* A code that only a provider defines (Microsoft's 5.7.509) reads
   * best with the provider's meaning first, and the parts of the code
   * after it. */
  providers = bv_codes_lookup_provider (status);
  if (!info.registered)
    append_provider_blocks (out, providers);
  append_block (out, &info);
  if (info.registered)
    {
      g_autoptr(GPtrArray) others = bv_codes_providers_of_code (status);
      g_autoptr(GString) names = g_string_new (NULL);

      append_provider_blocks (out, providers);

      /* Providers that give the code a meaning of their own only with
       * their words: named in a line, as explain of the server's whole
       * reply would show them. */
      for (guint i = 0; i < others->len; i++)
        {
          const BvCodeInfo *row = g_ptr_array_index (others, i);
          BvCodeInfo translated;

          if (g_ptr_array_find (providers, row, NULL))
            continue;
          bv_code_info_translate (row, &translated);
          if (names->len > 0)
            g_string_append (names, "; ");
          g_string_append_printf (names, "%s: %s", translated.provider, translated.title);
        }
      if (names->len > 0)
        {
          /* Translators: %s lists providers and their meanings, "Yahoo: Message not accepted
           * for policy reasons" */
          g_string_append_printf (out, _("Providers' own meanings: %s."), names->str);
          g_string_append_c (out, '\n');
        }
    }
  return TRUE;
}

/* Notes a reply code and a status code of different classes ("550
 * 4.2.2"): the sending server acts on the reply code. Each pair of
 * classes has a whole sentence, for the translators. */
static void
append_class_conflict (GString    *out,
                       guint       reply_code,
                       const char *status)
{
  int reply_class = reply_code / 100;
  int status_class = status[0] - '0';
  const char *format = NULL;

  if (reply_class == 5 && status_class == 4)
    format = N_("Note: the reply code %u means a permanent failure, but the status code %s a temporary one. The sending server acts on the reply code, so it does not retry.");
  else if (reply_class == 5 && status_class == 2)
    format = N_("Note: the reply code %u means a permanent failure, but the status code %s success. The sending server acts on the reply code, so it does not retry.");
  else if (reply_class == 4 && status_class == 5)
    format = N_("Note: the reply code %u means a temporary failure, but the status code %s a permanent one. The sending server acts on the reply code, so it retries.");
  else if (reply_class == 4 && status_class == 2)
    format = N_("Note: the reply code %u means a temporary failure, but the status code %s success. The sending server acts on the reply code, so it retries.");
  else if (reply_class == 2 && status_class == 5)
    format = N_("Note: the reply code %u means success, but the status code %s a permanent failure. The sending server acts on the reply code, so it takes the message as accepted.");
  else if (reply_class == 2 && status_class == 4)
    format = N_("Note: the reply code %u means success, but the status code %s a temporary failure. The sending server acts on the reply code, so it takes the message as accepted.");
  if (format == NULL)
    return;

  g_string_append_c (out, '\n');
  g_string_append_printf (out, _(format), reply_code, status);
  g_string_append_c (out, '\n');
}

/* Reads the start of a status code, a class and a subject ("5.1"), as
 * list --status takes it. */
static gboolean
parse_status_prefix (const char *text,
                     guint      *klass,
                     guint      *subject)
{
  const char *p = text + 2;
  guint n_digits = 0;

  if ((text[0] != '2' && text[0] != '4' && text[0] != '5') || text[1] != '.')
    return FALSE;
  *klass = (guint) (text[0] - '0');
  *subject = 0;
  for (; g_ascii_isdigit (*p) && n_digits < 3; p++, n_digits++)
    *subject = *subject * 10 + (guint) (*p - '0');
  return n_digits > 0 && *p == '\0';
}

/* Explains the class and the subject of a status code's start. */
static void
append_status_prefix (GString    *out,
                      const char *text,
                      guint       klass,
                      guint       subject)
{
  BvCodeInfo info = { 0 };

  info.kind = BV_CODE_STATUS;
  info.code = text;
  info.title = status_subject_title (subject);
  info.explanation = join_interned (status_subject_text (subject),
                                    _("The codes that start this way share the class and the "
                                      "subject; the third number says more."),
                                    NULL);
  info.remedy = join_interned (status_subject_remedy (subject), status_class_remedy (klass), NULL);
  info.reference = status_subject_reference (subject);
  info.severity = severity_of_digit (klass);
  info.registered = TRUE;
  append_block (out, &info);
}

/* Explains a class alone ("5"), the first digit that reply codes and
 * enhanced status codes share. */
static void
append_class (GString    *out,
              const char *text,
              guint       klass)
{
  BvCodeInfo info = { 0 };

  info.kind = BV_CODE_STATUS;
  info.code = text;
  info.title = klass == 2 ? _("Success") : klass == 4 ? _("Persistent transient failure")
                                                      : _("Permanent failure");
  info.explanation = klass == 2
                     ? _("Reply codes 2xx (250) and enhanced status codes 2.x.x (2.0.0) report "
                         "that a command or a delivery succeeded.")
                     : klass == 4
                     ? _("Reply codes 4xx (450, 451) and enhanced status codes 4.x.x (4.2.2) "
                         "report a failure that may clear: the sending server keeps the message "
                         "and tries again until it gives up.")
                     : _("Reply codes 5xx (550, 554) and enhanced status codes 5.x.x (5.1.1) "
                         "report a failure that stays: the message came back to the sender.");
  info.remedy = status_class_remedy (klass);
  info.reference = _("RFC 3463, section 3.1; RFC 5321, section 4.2.1");
  info.severity = severity_of_digit (klass);
  info.registered = TRUE;
  append_block (out, &info);
}

/**
 * bv_codes_explain:
 * @query: a reply code ("550"), a status code ("5.7.26"), both ("550 5.1.1"
 *   or "550-5.1.1"), or a provider code ("TSS04")
 * @error: return location for a #GError
 *
 * Explains a code in plain, translated text, one block per code: the code
 * and its title, whether it means success, a temporary or a permanent
 * failure, what happened, what to do and where the code is defined. A
 * status code that a provider uses on its own, such as Microsoft's 5.7.606,
 * also gets the provider's block.
 *
 * Returns: (transfer full): the explanation, or %NULL with @error set to
 *   %BV_CODES_ERROR_INVALID when @query has none of the accepted forms
 */
char *
bv_codes_explain (const char  *query,
                  GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GString) out = NULL;
  const char *status = NULL;
  guint reply_code = 0;
  guint klass, subject;
  BvCodeInfo info;

  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trimmed = g_strstrip (g_strdup (query));
  out = g_string_new (NULL);

  if (is_reply_code (trimmed))
    {
      if (bv_codes_lookup_reply ((guint) g_ascii_strtoull (trimmed, NULL, 10), &info))
        append_block (out, &info);
    }
  else if (bv_codes_parse_status (trimmed, NULL, NULL, NULL))
    {
      append_status_with_providers (out, trimmed);
    }
  else if (parse_status_prefix (trimmed, &klass, &subject))
    {
      append_status_prefix (out, trimmed, klass, subject);
    }
  else if ((trimmed[0] == '2' || trimmed[0] == '4' || trimmed[0] == '5') && trimmed[1] == '\0')
    {
      append_class (out, trimmed, (guint) (trimmed[0] - '0'));
    }
  else if (split_reply_and_status (trimmed, &reply_code, &status))
    {
      if (bv_codes_lookup_reply (reply_code, &info))
        {
          append_block (out, &info);
          if (append_status_with_providers (out, status))
            append_class_conflict (out, reply_code, status);
        }
    }
  else if (trimmed[0] != '\0')
    {
      g_autoptr(GPtrArray) providers = bv_codes_lookup_provider (trimmed);

      append_provider_blocks (out, providers);
    }

  if (out->len == 0)
    {
      g_set_error (error, BV_CODES_ERROR, BV_CODES_ERROR_INVALID,
                   _("“%s” is not a known code or reason. Give a reply code from 200 to 599 "
                     "(550), an enhanced status code (5.1.1) or its start (5.1), both codes "
                     "(550 5.1.1), a provider code (TSS04), or a reason (userunknown)."),
                   query);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * bv_codes_explain_event:
 * @reply_code: the basic reply code of the event, or 0
 * @status: (nullable): the enhanced status code of the event
 * @diagnostic: (nullable): the receiving server's text
 *
 * Explains the codes of one event in the format of bv_codes_explain(): the
 * reply code, the status code, then every provider code or phrase found in
 * @diagnostic, with @status as a hint. Without @diagnostic there are no
 * provider blocks; bv_codes_explain_providers() gives those alone. Values
 * that are absent or invalid are skipped.
 *
 * Returns: (transfer full) (nullable): the explanation, or %NULL when the
 *   event carries nothing to explain
 */
char *
bv_codes_explain_event (guint       reply_code,
                        const char *status,
                        const char *diagnostic)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) providers = NULL;
  BvCodeInfo info;

  if (reply_code != 0 && bv_codes_lookup_reply (reply_code, &info))
    append_block (out, &info);

  if (status != NULL && bv_codes_lookup_status (status, &info))
    append_block (out, &info);

  if (diagnostic != NULL)
    {
      providers = bv_codes_find_provider (diagnostic, status);
      append_provider_blocks (out, providers);
    }

  if (out->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * bv_codes_explain_providers:
 * @status: (nullable): the enhanced status code of the event
 * @diagnostic: (nullable): the receiving server's text
 *
 * Explains only the provider codes and phrases of one event, found in
 * @diagnostic or given by @status alone (Microsoft's 5.7.509), in the
 * format of bv_codes_explain(): one block for each.
 *
 * Returns: (transfer full) (nullable): the explanation, or %NULL when no
 *   provider row matches
 */
char *
bv_codes_explain_providers (const char *status,
                            const char *diagnostic)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) providers = bv_codes_find_provider (diagnostic, status);

  append_provider_blocks (out, providers);
  if (out->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&out), FALSE);
}
