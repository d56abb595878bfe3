/* bv-textscan.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Small scanners over report text: addresses, reply codes, enhanced
 * status codes, the SMTP command and the remote host. They work on byte
 * offsets and never allocate unless they return a string. */

#include "bv-textscan.h"
#include "bv-phrases.h"

#include <string.h>

/* A non-ASCII byte belongs to an address only when it is part of a
 * letter or digit (RFC 6531 addresses), not of punctuation such as the
 * ideographic comma that follows an address in CJK text. */
static gboolean
is_word_char_at (const char *text,
                 gsize       length,
                 gsize       i)
{
  gsize start = i;
  gunichar c;

  /* Back to the lead byte of the character. */
  while (start > 0 && i - start < 3 && ((guchar) text[start] & 0xc0) == 0x80)
    start--;
  c = g_utf8_get_char_validated (text + start, length - start);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    return FALSE;
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static inline gboolean
is_local_char (guchar c)
{
  if (g_ascii_isalnum (c))
    return TRUE;

  /* RFC 5322 atext, less '&', '?' and '/', which in report text almost
   * always belong to a URL rather than to an address. */
  return strchr (".!#$%'*+=^_`{|}~-", c) != NULL && c != '\0';
}

static inline gboolean
is_domain_char (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_';
}

static gboolean
is_cjk (gunichar c)
{
  GUnicodeScript script = g_unichar_get_script (c);

  return script == G_UNICODE_SCRIPT_HAN || script == G_UNICODE_SCRIPT_HIRAGANA ||
         script == G_UNICODE_SCRIPT_KATAKANA || script == G_UNICODE_SCRIPT_HANGUL;
}

/* CJK text runs into an address without a space ("宛先kijitora@example.jp").
 * A local part that starts with CJK characters and goes on in ASCII
 * loses the CJK start; one that is CJK throughout stays whole. */
static gsize
trim_cjk_prefix (const char *text,
                 gsize       start,
                 gsize       at)
{
  gsize p = start;

  while (p < at && (guchar) text[p] >= 0x80)
    {
      gunichar c = g_utf8_get_char_validated (text + p, at - p);

      if (c == (gunichar) -1 || c == (gunichar) -2 || !is_cjk (c))
        return start;
      p = g_utf8_next_char (text + p) - text;
    }

  if (p == start || p >= at)
    return start;
  return p;
}

/* The same after a domain ("example.jp您好"): a top-level label never
 * mixes ASCII and other characters, so the label ends where they meet. */
static gsize
trim_mixed_label (const char *text,
                  gsize       domain_start,
                  gsize       end)
{
  gsize label = end;
  gsize p;

  while (label > domain_start && text[label - 1] != '.')
    label--;
  if (label == domain_start || label >= end || (guchar) text[label] >= 0x80)
    return end;

  for (p = label; p < end; p++)
    if ((guchar) text[p] >= 0x80)
      return p;
  return end;
}

/**
 * bv_scan_quoted_string_length:
 * @text: the text
 * @length: its length in bytes
 *
 * Measures the RFC 5321 Quoted-string that @text starts with, such as
 * the local part of "john smith"@example.net: a quote, then space,
 * printable ASCII or UTF-8 bytes (RFC 6531), with '"' and '\' only in
 * a quoted pair, then a quote.
 *
 * Returns: the length of the string with both quotes, or 0 when @text
 *   does not start with one
 */
gsize
bv_scan_quoted_string_length (const char *text,
                              gsize       length)
{
  if (length < 2 || text[0] != '"')
    return 0;

  for (gsize i = 1; i < length; i++)
    {
      guchar c = text[i];

      if (c == '"')
        return i + 1;

      if (c == '\\')
        {
          if (i + 1 >= length || (guchar) text[i + 1] < ' ' || (guchar) text[i + 1] > '~')
            return 0;
          i++;
          continue;
        }

      if (c < ' ' || c == 127)
        return 0;
    }
  return 0;
}

/* Finds the opening quote of a quoted local part that ends just before
 * the '@' at @at. The search stays on the line and within the 64 octets
 * that RFC 5321 section 4.5.3.1.1 allows a local part. The earliest
 * quote that opens a valid string wins, so that the escaped quote in
 * "a\"b"@example.net is not taken for the start. */
static gboolean
find_quoted_local_part (const char *text,
                        gsize       at,
                        gsize      *start)
{
  gsize lowest = at > 64 ? at - 64 : 0;
  gboolean found = FALSE;

  for (gsize i = at - 1; i > lowest; i--)
    {
      gsize quote = i - 1;

      if (text[quote] == '\n')
        break;
      if (text[quote] == '"' && bv_scan_quoted_string_length (text + quote, at - quote) == at - quote)
        {
          *start = quote;
          found = TRUE;
        }
    }
  return found;
}

/**
 * bv_scan_find_address:
 * @text: the text
 * @length: its length in bytes
 * @from: the offset to search from
 * @span: (out): the address found
 *
 * Finds the next thing in @text that has the form of an email address:
 * a local part, '@' and a domain of at least two labels or an address
 * literal. The local part is a dot-string or a quoted string. Non-ASCII
 * bytes count as letters, so internationalised addresses (RFC 6531) are
 * found whole.
 *
 * Returns: %TRUE when an address was found
 */
gboolean
bv_scan_find_address (const char *text,
                      gsize       length,
                      gsize       from,
                      BvSpan     *span)
{
  gsize i = from;

  while (i < length)
    {
      const char *at = memchr (text + i, '@', length - i);
      gsize pos, start, end;
      gboolean quoted;
      gboolean has_dot = FALSE;

      if (at == NULL)
        return FALSE;

      pos = at - text;
      i = pos + 1;

      quoted = pos > 0 && text[pos - 1] == '"' && find_quoted_local_part (text, pos, &start);
      if (!quoted)
        {
          start = pos;
          while (start > 0 && (is_local_char (text[start - 1]) ||
                               ((guchar) text[start - 1] >= 0x80 &&
                                is_word_char_at (text, length, start - 1))))
            start--;
          while (start < pos && text[start] == '.')
            start++;
          if (start == pos || text[pos - 1] == '.')
            continue;
        }

      end = pos + 1;
      if (end < length && text[end] == '[')
        {
          const char *close = memchr (text + end, ']', MIN (length - end, 64));

          if (close == NULL)
            continue;
          end = close - text + 1;
          has_dot = TRUE;
        }
      else
        {
          gsize label_start = end;

          while (end < length && (is_domain_char (text[end]) ||
                                  ((guchar) text[end] >= 0x80 &&
                                   is_word_char_at (text, length, end))))
            {
              if (text[end] == '.')
                {
                  if (end == label_start)
                    break;
                  has_dot = TRUE;
                  label_start = end + 1;
                }
              end++;
            }
          while (end > pos + 1 && (text[end - 1] == '.' || text[end - 1] == '-'))
            end--;
          end = trim_mixed_label (text, pos + 1, end);
          has_dot = has_dot && memchr (text + pos + 1, '.', end - pos - 1) != NULL;
        }

      if (!quoted)
        start = trim_cjk_prefix (text, start, pos);
      if (start == pos)
        continue;

      if (!has_dot || end <= pos + 2)
        continue;

      span->start = start;
      span->end = end;
      return TRUE;
    }

  return FALSE;
}

/**
 * bv_scan_is_address:
 * @text: a string
 *
 * Returns: %TRUE when the whole of @text is one address
 */
gboolean
bv_scan_is_address (const char *text)
{
  BvSpan span;
  gsize length;

  if (text == NULL)
    return FALSE;

  length = strlen (text);
  return bv_scan_find_address (text, length, 0, &span) &&
         span.start == 0 && span.end == length;
}

static inline gboolean
is_digit_at (const char *text,
             gsize       length,
             gsize       i)
{
  return i < length && g_ascii_isdigit (text[i]);
}

/* Reads one to three digits at *i; returns -1 when there are none or more. */
static int
read_number (const char *text,
             gsize       length,
             gsize      *i)
{
  int value = 0;
  guint n = 0;

  while (*i < length && g_ascii_isdigit (text[*i]))
    {
      if (++n > 3)
        return -1;
      value = value * 10 + (text[*i] - '0');
      (*i)++;
    }
  return n == 0 ? -1 : value;
}

/* Matches an enhanced status code (RFC 3463: class "." subject "."
 * detail) at @start, with boundaries that keep out IP addresses and
 * version numbers. Returns the end offset, or 0. */
static gsize
match_status_at (const char *text,
                 gsize       length,
                 gsize       start)
{
  gsize i = start;
  guchar prev = start > 0 ? text[start - 1] : ' ';

  if (text[i] != '2' && text[i] != '4' && text[i] != '5')
    return 0;
  if (g_ascii_isalnum (prev) || prev == '.' || prev == '_' || prev == '/')
    return 0;

  i++;
  if (i >= length || text[i] != '.')
    return 0;
  i++;
  if (read_number (text, length, &i) < 0)
    return 0;
  if (i >= length || text[i] != '.')
    return 0;
  i++;
  if (read_number (text, length, &i) < 0)
    return 0;

  /* "5.1.1.4" is an IPv4 address, "5.1.1a" no code. */
  if (i < length && (g_ascii_isalpha (text[i]) || text[i] == '_'))
    return 0;
  if (i + 1 < length && text[i] == '.' && g_ascii_isdigit (text[i + 1]))
    return 0;
  return i;
}

/**
 * bv_scan_find_status:
 * @text: the text
 * @length: its length in bytes
 * @span: (out): where the code is
 *
 * Finds the first enhanced status code of class 4 or 5 in @text, or, when
 * there is none, the first of class 2.
 *
 * Returns: %TRUE when one was found
 */
gboolean
bv_scan_find_status (const char *text,
                     gsize       length,
                     BvSpan     *span)
{
  gboolean have_success = FALSE;
  BvSpan success = { 0, 0 };

  for (gsize i = 0; i + 4 < length + 1; i++)
    {
      gsize end;

      if (text[i] != '2' && text[i] != '4' && text[i] != '5')
        continue;

      end = match_status_at (text, length, i);
      if (end == 0)
        continue;

      if (text[i] != '2')
        {
          span->start = i;
          span->end = end;
          return TRUE;
        }
      if (!have_success)
        {
          have_success = TRUE;
          success.start = i;
          success.end = end;
        }
    }

  if (have_success)
    *span = success;
  return have_success;
}

/* Matches a basic reply code (RFC 5321 section 4.2: three digits, the
 * second 0 to 5) at @i. */
static gboolean
match_reply_at (const char *text,
                gsize       length,
                gsize       i)
{
  guchar prev = i > 0 ? text[i - 1] : ' ';
  guchar next;

  if (i + 3 > length)
    return FALSE;
  if (text[i] < '2' || text[i] > '5' || text[i + 1] < '0' || text[i + 1] > '5' ||
      !g_ascii_isdigit (text[i + 2]))
    return FALSE;
  if (g_ascii_isalnum (prev) || prev == '.' || prev == '-' || prev == '/' || prev == '+' ||
      prev == '_' || prev == '$' || prev == ',' || prev == '%')
    return FALSE;

  /* Not a time of day ("12:550") and not the port of "host:550". */
  if (prev == ':' && i >= 2 && g_ascii_isdigit (text[i - 2]))
    return FALSE;

  if (i + 3 == length)
    return TRUE;
  next = text[i + 3];
  if (g_ascii_isalnum (next) || next == '@' || next == '_' || next == '/' || next == '%')
    return FALSE;
  if (next == '.' && is_digit_at (text, length, i + 4))
    return FALSE;
  if (next == ',' && is_digit_at (text, length, i + 4))
    return FALSE;
  return TRUE;
}

static gsize
skip_status_prefix (const char *text,
                    gsize       length,
                    gsize       i)
{
  /* "550 5.1.1", "550-5.1.1", "550 #5.1.1", "550 [5.1.1]" */
  while (i < length && (text[i] == ' ' || text[i] == '-' || text[i] == '#' ||
                        text[i] == '[' || text[i] == '('))
    i++;
  return i;
}

/**
 * bv_scan_find_reply_code:
 * @text: the text
 * @length: its length in bytes
 * @span: (out) (optional): where the code is
 *
 * Finds the basic SMTP reply code of a failure in @text. A failure code
 * followed by its enhanced status code ("550 5.1.1", "550-5.1.1") comes
 * first, then a failure code without one; a success code (2xx) counts
 * only when an enhanced status code follows it and no failure code is in
 * the text.
 *
 * Returns: the code, or 0
 */
guint
bv_scan_find_reply_code (const char *text,
                         gsize       length,
                         BvSpan     *span)
{
  gsize first_failure_alone = G_MAXSIZE;
  gsize first_success = G_MAXSIZE;
  gsize found;

  for (gsize i = 0; i + 3 <= length; i++)
    {
      gsize after;
      gboolean with_status;

      if (!match_reply_at (text, length, i))
        continue;

      after = skip_status_prefix (text, length, i + 3);
      with_status = after < length && match_status_at (text, length, after) != 0 &&
                    text[after] == text[i];

      /* A failure with its enhanced code is the best there is. */
      if (with_status && text[i] != '2')
        {
          first_failure_alone = i;
          break;
        }
      if (with_status && first_success == G_MAXSIZE)
        first_success = i;
      if (!with_status && text[i] != '2' && text[i] != '3' && first_failure_alone == G_MAXSIZE)
        first_failure_alone = i;
    }

  /* A transcript names the successes before the failure ("250 2.1.5 Ok"
   * ... "451 4.3.0 Error"): a failure wins even without its enhanced code. */
  found = first_failure_alone != G_MAXSIZE ? first_failure_alone : first_success;
  if (found == G_MAXSIZE)
    return 0;

  if (span != NULL)
    {
      span->start = found;
      span->end = found + 3;
    }
  return (text[found] - '0') * 100 + (text[found + 1] - '0') * 10 + (text[found + 2] - '0');
}

/**
 * bv_scan_codes:
 * @text: the text
 * @length: its length in bytes
 * @reply_code: (out) (optional): the basic reply code, or 0
 * @status: (out) (optional) (transfer full): the enhanced status code, or %NULL
 *
 * Finds both codes of a diagnostic text.
 */
void
bv_scan_codes (const char  *text,
               gsize        length,
               guint       *reply_code,
               char       **status)
{
  BvSpan span;

  if (reply_code != NULL)
    *reply_code = bv_scan_find_reply_code (text, length, NULL);

  if (status != NULL)
    {
      *status = NULL;
      if (bv_scan_find_status (text, length, &span))
        *status = g_strndup (text + span.start, span.end - span.start);
    }
}

/**
 * bv_scan_find_phrase:
 * @text: the text
 * @length: its length in bytes
 * @phrase: an ASCII phrase, in lower case
 *
 * Finds @phrase in @text, ignoring ASCII case.
 *
 * Returns: (nullable): where the phrase starts
 */
const char *
bv_scan_find_phrase (const char *text,
                     gsize       length,
                     const char *phrase)
{
  gsize n = strlen (phrase);
  const char *lower, *upper;
  const char *limit;
  char first_lower, first_upper;

  if (n == 0 || n > length)
    return NULL;

  /* Candidates are the places of the first letter in either case, which
   * memchr() finds faster than a loop over the bytes. The phrase fits
   * only where it starts before limit. */
  first_lower = g_ascii_tolower (phrase[0]);
  first_upper = g_ascii_toupper (phrase[0]);
  limit = text + length - n + 1;
  lower = memchr (text, first_lower, limit - text);
  upper = first_upper != first_lower ? memchr (text, first_upper, limit - text) : NULL;

  while (lower != NULL || upper != NULL)
    {
      const char *candidate = upper == NULL || (lower != NULL && lower < upper) ? lower : upper;

      if (g_ascii_strncasecmp (candidate, phrase, n) == 0)
        return candidate;

      if (candidate == lower)
        lower = memchr (lower + 1, first_lower, limit - (lower + 1));
      else
        upper = memchr (upper + 1, first_upper, limit - (upper + 1));
    }

  return NULL;
}

/**
 * bv_scan_collapse_space:
 * @text: a text
 * @length: its length, or -1 when it ends with a nul byte
 *
 * Returns: (transfer full): @text with each run of white space, line
 *   breaks included, turned into one space, and no space at either end
 */
char *
bv_scan_collapse_space (const char *text,
                        gssize      length)
{
  GString *out;
  gboolean in_space = FALSE;

  if (length < 0)
    length = strlen (text);

  out = g_string_sized_new (length);
  for (gssize i = 0; i < length; i++)
    {
      guchar c = text[i];

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
        {
          in_space = TRUE;
          continue;
        }
      if (in_space && out->len > 0)
        g_string_append_c (out, ' ');
      in_space = FALSE;
      g_string_append_c (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Tells whether @text starts with a reply code (2xx to 5xx) followed by
 * @separator. */
static gboolean
reply_code_at (const char *text,
               char        separator)
{
  return text[0] >= '2' && text[0] <= '5' && g_ascii_isdigit (text[1]) &&
         g_ascii_isdigit (text[2]) && text[3] == separator;
}

/* The length of the enhanced status code ("5.7.26") at @text followed by
 * a space, or 0. */
static gsize
status_code_length (const char *text)
{
  gsize i = 0;

  for (guint part = 0; part < 3; part++)
    {
      gsize digits = 0;

      while (g_ascii_isdigit (text[i]) && digits < 3)
        i++, digits++;
      if (digits == 0 || (part == 0 && digits != 1))
        return 0;
      if (part < 2 && text[i++] != '.')
        return 0;
    }
  return text[i] == ' ' ? i : 0;
}

/**
 * bv_scan_join_reply_lines:
 * @text: a diagnostic whose line breaks are already spaces
 *
 * Each line of a multi-line SMTP reply starts with its code, and all
 * but the last put a hyphen after it (RFC 5321, section 4.2.1). Many
 * servers repeat the enhanced status code on each line too. Once the
 * lines are joined, those codes stand in the middle of sentences:
 * "550-5.7.26 Unauthenticated email is not 550-5.7.26 accepted". This
 * removes the repeats and the first line's hyphen: "550 5.7.26
 * Unauthenticated email is not accepted". A number in the text stays
 * when it is not the first line's code followed by a hyphen or by the
 * same status code.
 *
 * Returns: (transfer full) (nullable): the joined text, or %NULL when
 *   @text has no multi-line reply
 */
char *
bv_scan_join_reply_lines (const char *text)
{
  const char *first = NULL;
  g_autoptr(GString) joined = NULL;
  gsize status_length;
  gboolean last_line_seen = FALSE;
  guint repeats = 0;
  const char *p;

  /* The reply opens the text, or follows a colon or a semicolon ("smtp;",
   * "said: "): "call 555-0100" is no reply. */
  for (p = text; *p != '\0'; p++)
    {
      const char *before = p;

      while (before > text && before[-1] == ' ')
        before--;
      if ((before == text || before[-1] == ';' || before[-1] == ':') && reply_code_at (p, '-'))
        {
          first = p;
          break;
        }
    }
  if (first == NULL)
    return NULL;

  status_length = status_code_length (first + 4);
  joined = g_string_new_len (text, first - text);
  g_string_append_len (joined, first, 3);
  g_string_append_c (joined, ' ');
  p = first + 4;

  while (*p != '\0')
    {
      gsize skip = 0;

      /* " 550-5.7.26 " and " 550 5.7.26 "; without a status, " 550-"
       * and the last line's " 550 ", once. */
      if (*p == ' ' && strncmp (p + 1, first, 3) == 0 && (p[4] == '-' || p[4] == ' '))
        {
          if (status_length > 0 && strncmp (p + 5, first + 4, status_length) == 0 &&
              p[5 + status_length] == ' ')
            skip = 5 + status_length;
          else if (p[4] == '-' || (status_length == 0 && !last_line_seen))
            skip = 5;
          if (skip > 0 && p[4] == ' ')
            last_line_seen = TRUE;
        }

      if (skip > 0 && p[skip] != '\0')
        {
          p += skip;
          repeats++;
          if (*p != ' ')
            g_string_append_c (joined, ' ');
          continue;
        }
      g_string_append_c (joined, *p);
      p++;
    }

  /* The first line of a reply alone loses its hyphen too when it opens
   * the text with its status code ("550-5.7.1 Unauthenticated email
   * ..."). A number with a hyphen in the text stays ("554-20260305-0042"
   * as a reference). */
  if (repeats == 0 && !(first == text && status_length > 0))
    return NULL;
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

typedef struct
{
  const char *phrase;
  const char *command;
} CommandPhrase;

/* Phrases MTAs use to name the command whose reply was the failure: Exim ("after
 * RCPT TO"), Postfix ("in reply to RCPT TO command"), qmail, Sendmail's
 * transcript (">>> RCPT To:"), DragonFly ("did not like our RCPT TO"). */
static const CommandPhrase command_phrases[] = {
  { "after rcpt", "RCPT" },
  { "in reply to rcpt", "RCPT" },
  { "our rcpt", "RCPT" },
  { ">>> rcpt", "RCPT" },
  { "smtp:rcpt", "RCPT" },
  { "[rcpt_to]", "RCPT" },
  { "rcpt to command", "RCPT" },
  { "after recipient", "RCPT" },
  { "rcpt command", "RCPT" },
  { "after mail from", "MAIL" },
  { "in reply to mail from", "MAIL" },
  { "our mail from", "MAIL" },
  { ">>> mail from", "MAIL" },
  { "smtp:mail", "MAIL" },
  { "[mail_from]", "MAIL" },
  { "mail from command", "MAIL" },
  { "after end of data", "DATA" },
  { "in reply to end of data", "DATA" },
  { "after data", "DATA" },
  { "in reply to data", "DATA" },
  { "our final data", "DATA" },
  { "our data", "DATA" },
  { ">>> data", "DATA" },
  { "smtp:data", "DATA" },
  { "[data]", "DATA" },
  { "after bdat", "BDAT" },
  { "after ehlo", "EHLO" },
  { "in reply to ehlo", "EHLO" },
  { ">>> ehlo", "EHLO" },
  { "after helo", "HELO" },
  { "in reply to helo", "HELO" },
  { ">>> helo", "HELO" },
  { "greeting", "CONN" },
  { "after initial connection", "CONN" },
  { "while connected to", "CONN" },
  { "after starttls", "STARTTLS" },
  { "in reply to starttls", "STARTTLS" },
};

/**
 * bv_scan_smtp_command:
 * @text: a diagnostic text
 * @length: its length in bytes
 *
 * Returns: (nullable): the SMTP command the text names as the one that
 *   failed ("RCPT", "DATA", ...), the earliest named one when there are several
 */
const char *
bv_scan_smtp_command (const char *text,
                      gsize       length)
{
  static BvPhraseSet *set;
  static gsize initialized = 0;
  gint found;

  if (g_once_init_enter (&initialized))
    {
      const char *phrases[G_N_ELEMENTS (command_phrases)];

      for (guint i = 0; i < G_N_ELEMENTS (command_phrases); i++)
        phrases[i] = command_phrases[i].phrase;
      set = bv_phrase_set_new (phrases, G_N_ELEMENTS (command_phrases), NULL);
      g_once_init_leave (&initialized, 1);
    }

  found = bv_phrase_set_earliest (set, text, length, NULL);
  return found >= 0 ? command_phrases[found].command : NULL;
}

static gboolean
is_host_char (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_';
}

static gboolean
looks_like_host (const char *start,
                 gsize       n)
{
  if (n < 3 || memchr (start, '.', n) == NULL)
    return FALSE;
  if (start[0] == '.' || start[0] == '-')
    return FALSE;
  return TRUE;
}

/**
 * bv_scan_host_name:
 * @text: a text that may start with a host name
 * @length: its length in bytes
 *
 * Returns: the length of the host name at the start of @text, without
 *   the dots that end it ("mx.example.net." gives 14), or 0 when what
 *   is there does not look like a host name
 */
gsize
bv_scan_host_name (const char *text,
                   gsize       length)
{
  gsize end = 0;

  while (end < length && is_host_char (text[end]))
    end++;
  while (end > 0 && text[end - 1] == '.')
    end--;
  return looks_like_host (text, end) ? end : 0;
}

/**
 * bv_scan_remote_host:
 * @text: a diagnostic text
 * @length: its length in bytes
 *
 * Finds the name of the remote server in the ways MTAs write it:
 * "host mx.example.net [192.0.2.1]", "mx.example.net[192.0.2.1] said:",
 * "Connected to 192.0.2.1 but".
 *
 * Returns: (transfer full) (nullable): the host name or address
 */
char *
bv_scan_remote_host (const char *text,
                     gsize       length)
{
  static const char * const host_phrases[] = { "host ", "host: ", "connected to ", "giving up on " };
  const char *at;

  /* A name right before a bracketed address. */
  for (gsize i = 1; i + 7 < length; i++)
    {
      gsize end, start;

      if (text[i] != '[' || !g_ascii_isdigit (text[i + 1]))
        continue;

      end = i;
      if (end > 0 && text[end - 1] == ' ')
        end--;
      start = end;
      while (start > 0 && is_host_char (text[start - 1]))
        start--;
      while (end > start && text[end - 1] == '.')
        end--;
      if (looks_like_host (text + start, end - start) &&
          !g_ascii_isdigit (text[start]))
        return g_strndup (text + start, end - start);
    }

  /* Otherwise the host name after "host ", "host: " (GMX) or "connected
   * to ", in that order. */
  for (guint i = 0; i < G_N_ELEMENTS (host_phrases); i++)
    {
      const char *start;
      gsize n;

      at = bv_scan_find_phrase (text, length, host_phrases[i]);
      if (at == NULL)
        continue;
      /* "host:" as a label of its own (GMX: "host: mx.example.de", 1&1:
       * "... for TEXT command, host: mx.example.de"); "Reporting host:
       * ..." names no remote MTA. */
      if (host_phrases[i][4] == ':')
        {
          const char *before = at;

          while (before > text && (before[-1] == ' ' || before[-1] == '\t'))
            before--;
          if (before > text && g_ascii_isalnum (before[-1]))
            continue;
        }

      start = at + strlen (host_phrases[i]);
      n = bv_scan_host_name (start, text + length - start);
      if (n > 0)
        return g_strndup (start, n);
    }

  return NULL;
}
