/* bv-decoder.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The decoder takes the bytes of one message and returns its events.
 * GMime parses the MIME structure; this file finds the parts a report is
 * made of and hands them to the first decoder that fits: a DSN part
 * (bv-dsn.c), a feedback report or an automatic reply (bv-feedback.c),
 * the readable text of a non-standard bounce (bv-textbounce.c). */

#define G_LOG_DOMAIN "bounceview-decoder"

#include "bv-decoder-private.h"
#include "bv-classify.h"
#include "bv-phrases.h"
#include "bv-textscan.h"

#include <iconv.h>
#include <string.h>

/* The parser gives up on deeper MIME trees: real reports nest three or
 * four levels, and every level costs stack in GMime and here. */
#define MAX_MIME_DEPTH 24

/* The readable text of a report is read up to this many bytes. A text
 * bounce gives at most 10,000 recipients (bv-textbounce.c), and Postfix
 * writes about 110 to 200 bytes for each. At an estimated 400 bytes a
 * recipient, replies of several lines included, 10,000 still fit. The
 * text and its copies while it is converted take a few times this size,
 * once for each message being decoded. */
#define MAX_TEXT_BYTES (4 * 1024 * 1024)

static GMimeParserOptions *parser_options;

/* Converters kept open for the life of the process, one for each charset
 * that a message names, so that glibc keeps the charset's module loaded.
 * Without them, GMime and g_convert() loaded and unloaded modules for
 * each message: 3% of an import's CPU time in a perf profile. */
#define MAX_PINNED_CHARSETS 64

/* Charset names this long or longer are not pinned. */
#define MAX_CHARSET_NAME 48

static GMutex pinned_lock;
static GHashTable *pinned_charsets;

static void
pin_charset (const char *name,
             gsize       length)
{
  char key[MAX_CHARSET_NAME];

  if (length == 0 || length >= sizeof key)
    return;
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isalnum (name[i]) && strchr ("-_.:", name[i]) == NULL)
        return;
      key[i] = g_ascii_tolower (name[i]);
    }
  key[length] = '\0';
  if (strcmp (key, "utf-8") == 0 || strcmp (key, "us-ascii") == 0 || strcmp (key, "utf8") == 0)
    return;

  g_mutex_lock (&pinned_lock);
  if (pinned_charsets == NULL)
    pinned_charsets = g_hash_table_new (g_str_hash, g_str_equal);
  if (g_hash_table_size (pinned_charsets) < MAX_PINNED_CHARSETS &&
      !g_hash_table_contains (pinned_charsets, key))
    {
      iconv_t converter = iconv_open ("UTF-8", g_mime_charset_iconv_name (key));

      /* A name iconv does not know is kept too, so it is tried once. */
      g_hash_table_insert (pinned_charsets, g_strdup (key),
                           converter == (iconv_t) -1 ? NULL : converter);
    }
  g_mutex_unlock (&pinned_lock);
}

/* Pins the charsets of the RFC 2047 encoded words ("=?charset?") in
 * @data, which GMime converts while it parses the header fields. Only
 * the first MAX_ENCODED_WORDS count, so that a message made of "=?"
 * costs no more than a normal one. */
#define MAX_ENCODED_WORDS 64

static void
pin_encoded_word_charsets (const char *data,
                           gsize       length)
{
  const char *end = data + length;
  const char *p = data;
  const char *question;
  guint n_words = 0;

  /* The scan looks for the '?' with memchr(). In a profile of the corpus
   * import it took 0.2% of the CPU time, and 2.6% with memmem() for "=?". */
  while (n_words < MAX_ENCODED_WORDS && (question = memchr (p, '?', end - p)) != NULL)
    {
      const char *name = question + 1;
      const char *stop = name;

      if (question == p || question[-1] != '=')
        {
          p = question + 1;
          continue;
        }

      while (stop < end && stop - name < MAX_CHARSET_NAME && *stop != '?' && *stop != '*')
        stop++;
      if (stop < end && (*stop == '?' || *stop == '*'))
        {
          pin_charset (name, stop - name);
          n_words++;
        }
      /* A "=?" before @stop would have ended the scan at its '?', so the
       * search goes on from @stop and reads each byte once. */
      p = stop;
    }
}

/**
 * bv_decoder_init:
 *
 * Initialises GMime for the decoder. Safe to call more than once and
 * from several threads; bv_decode() calls it itself.
 */
void
bv_decoder_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_mime_init ();
      parser_options = g_mime_parser_options_new ();
      g_mime_parser_options_set_rfc2047_compliance_mode (parser_options,
                                                         GMIME_RFC_COMPLIANCE_LOOSE);
      g_mime_parser_options_set_address_compliance_mode (parser_options,
                                                         GMIME_RFC_COMPLIANCE_LOOSE);
      g_mime_parser_options_set_parameter_compliance_mode (parser_options,
                                                           GMIME_RFC_COMPLIANCE_LOOSE);
      /* No warning callback: with one, GMime decodes the value of every
       * header it parses to check it, and the decoder reads few of them.
       * On two copies of the corpus that check cost 8 million of 578
       * million instructions (callgrind). */
      g_mime_parser_options_set_warning_callback (parser_options, NULL, NULL);
      g_once_init_leave (&initialized, 1);
    }
}

/* The options every parser of the decoder uses. */
GMimeParserOptions *
bv_decoder_get_parser_options (void)
{
  bv_decoder_init ();
  return parser_options;
}

const char *
bv_decode_status_to_string (BvDecodeStatus status)
{
  switch (status)
    {
    case BV_DECODE_EVENTS:
      return "events";
    case BV_DECODE_NOT_BOUNCE:
      return "not_bounce";
    case BV_DECODE_FAILED:
    default:
      return "failed";
    }
}

void
bv_decode_result_free (BvDecodeResult *result)
{
  if (result == NULL)
    return;

  g_clear_pointer (&result->events, g_ptr_array_unref);
  g_free (result->error);
  g_free (result->format);
  g_free (result->message_id);
  g_free (result->subject);
  g_free (result->from);
  g_free (result);
}

/* Line ends: GMime expects LF or CRLF. Reports arrive with CR-only line
 * ends too (old Mac mail, some gateways), so every CR, CRLF and LF becomes
 * one LF. Returns NULL when the data has no CR and can be used as it is. */
static GByteArray *
normalize_line_ends (const char *data,
                     gsize       length)
{
  GByteArray *out;
  const char *p = data;
  const char *end = data + length;
  const char *cr = memchr (data, '\r', length);

  if (cr == NULL)
    return NULL;

  out = g_byte_array_sized_new (length);
  while (cr != NULL)
    {
      g_byte_array_append (out, (const guint8 *) p, cr - p);
      g_byte_array_append (out, (const guint8 *) "\n", 1);
      p = cr + 1;
      if (p < end && *p == '\n')
        p++;
      cr = memchr (p, '\r', end - p);
    }
  g_byte_array_append (out, (const guint8 *) p, end - p);

  return out;
}

/* The names of the BvField fields, with their colons, in their order. */
static const char * const report_field_names[BV_N_FIELDS] = {
  "from:", "to:", "subject:", "date:", "message-id:",
  "x-failed-recipients:", "auto-submitted:", "precedence:",
  "x-autoreply:", "x-autorespond:", "x-auto-reply:", "received:",
};

/* The fields of a report's own header block that GMime needs to build
 * the part tree. */
static const char * const mime_field_names[] = {
  "content-type:", "content-transfer-encoding:", "mime-version:",
};

/* Returns the index in @names of the name that @line starts with,
 * ignoring case, or -1. Each name is a field name with its colon, so
 * only names as long as the line's text up to its first colon can
 * match, and only those are compared. */
static int
find_field_name (const char         *line,
                 gsize               length,
                 const char * const *names,
                 gsize               n_names)
{
  const char *colon = memchr (line, ':', MIN (length, 64));
  gsize n;

  if (colon == NULL)
    return -1;
  /* Blanks may stand between the name and its colon, as GMime allows. */
  n = colon - line;
  while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t'))
    n--;

  for (gsize i = 0; i < n_names; i++)
    {
      /* The names are lower case, and their first letter rules most out. */
      if ((line[0] | 0x20) == names[i][0] && strlen (names[i]) == n + 1 &&
          g_ascii_strncasecmp (line, names[i], n) == 0)
        return i;
    }
  return -1;
}

/* Returns the end of the field that starts at @start in a header block:
 * the start of the next line that is no folded continuation, or of the
 * blank line that ends the block, or @length. */
static gsize
field_end (const char *data,
           gsize       length,
           gsize       start)
{
  gsize pos = start;

  while (pos < length)
    {
      const char *nl = memchr (data + pos, '\n', length - pos);

      if (nl == NULL)
        return length;
      pos = nl - data + 1;
      if (pos < length && data[pos] != ' ' && data[pos] != '\t')
        return pos;
    }
  return length;
}

static gboolean
is_folding_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Returns @value unfolded as g_mime_utils_header_unfold() does: without
 * the blanks and line breaks around it and the line breaks inside. A
 * value on one line only needs trimming, so it skips GMime's pass. */
static char *
unfold_value (const char *value,
              gsize       length)
{
  const char *start = value;
  const char *end = value + length;

  while (start < end && is_folding_blank (*start))
    start++;
  while (end > start && is_folding_blank (end[-1]))
    end--;

  /* A NUL byte ends GMime's copy early, so such a value goes to GMime too. */
  if (memchr (start, '\n', end - start) == NULL && memchr (start, '\r', end - start) == NULL &&
      memchr (start, '\0', end - start) == NULL)
    return g_strndup (start, end - start);

  {
    g_autofree char *copy = g_strndup (value, length);

    return g_mime_utils_header_unfold (copy);
  }
}

/* Returns the newest date of the Received fields in the header block at
 * the start of @data, or 0. Each date follows the field's last
 * semicolon (RFC 5321 section 4.4). */
static gint64
newest_received_date (const char *data,
                      gsize       length)
{
  static const char * const received[] = { "received:" };
  gint64 newest = 0;
  gsize pos = 0;

  while (pos < length && data[pos] != '\n')
    {
      gsize end = field_end (data, length, pos);
      const char *semicolon;

      if (data[pos] != ' ' && data[pos] != '\t' &&
          find_field_name (data + pos, end - pos, received, 1) == 0 &&
          (semicolon = memrchr (data + pos, ';', end - pos)) != NULL)
        {
          g_autofree char *date = unfold_value (semicolon + 1, data + end - (semicolon + 1));

          newest = MAX (newest, bv_parse_date (date));
        }
      pos = end;
    }
  return newest;
}

/* Reads the first field of each BvField name in @data's header block
 * into @fields, unfolded and decoded as g_mime_object_get_header() would
 * return it. Parses the Date field into @date and, when it gives no
 * date, the newest date of the Received fields into @received_date.
 * Then leaves out, in place, every field that GMime does not
 * need, with its folded lines, and moves the rest of the message up.
 * GMime builds a GObject for each field it parses, and its finalization
 * costs more than the parse, so trace fields, signatures, filter
 * verdicts and the fields read here stay out. A header block without
 * any MIME field keeps the fields read here too, so that GMime still
 * finds a header block. Returns the new length, or 0 when nothing was
 * left out. @data must be writable. */
static gsize
take_header_fields (char   *data,
                    gsize   length,
                    char  **fields,
                    gint64 *date,
                    gint64 *received_date)
{
  GMimeParserOptions *options = bv_decoder_get_parser_options ();
  gboolean has_mime_field = FALSE;
  gsize read = 0, write = 0;
  gsize last_received = 0, last_received_length = 0;

  /* First pass: read the fields. */
  while (read < length && data[read] != '\n')
    {
      gsize end = field_end (data, length, read);
      gsize n = end - read;
      int field;

      if (data[read] == ' ' || data[read] == '\t')
        {
          read = end;
          continue;
        }
      if (find_field_name (data + read, n, mime_field_names, G_N_ELEMENTS (mime_field_names)) >= 0)
        has_mime_field = TRUE;

      field = find_field_name (data + read, n, report_field_names, BV_N_FIELDS);
      /* Each hop adds its Received field on top, so the last one is
       * the oldest. */
      if (field == BV_FIELD_RECEIVED)
        {
          last_received = read;
          last_received_length = n;
        }
      else if (field >= 0 && fields[field] == NULL)
        {
          const char *colon = memchr (data + read, ':', n);
          gsize value_start = colon + 1 - (data + read);
          char *unfolded = unfold_value (data + read + value_start, n - value_start);

          /* GMime changes only encoded words and 8-bit bytes. */
          if (strstr (unfolded, "=?") == NULL && bv_utf8_is_ascii (unfolded))
            fields[field] = unfolded;
          else
            {
              fields[field] = g_mime_utils_header_decode_text (options, unfolded);
              g_free (unfolded);
            }
        }
      read = end;
    }

  /* Kept folded: received_clause() reads line ends as spaces. */
  if (last_received_length > 0)
    {
      const char *colon = memchr (data + last_received, ':', last_received_length);
      gsize value_start = colon + 1 - (data + last_received);

      fields[BV_FIELD_RECEIVED] = g_strndup (data + last_received + value_start,
                                             last_received_length - value_start);
    }

  /* The Received fields are left out below, so their dates are read now,
   * and only when the report's own date is missing. */
  {
    g_autofree char *date_text = fields[BV_FIELD_DATE] != NULL ?
                                 bv_utf8_make_valid (fields[BV_FIELD_DATE], -1) : NULL;

    *date = bv_parse_date (date_text);
    *received_date = *date == 0 ? newest_received_date (data, length) : 0;
  }

  /* Second pass: keep what GMime needs. */
  read = 0;
  while (read < length && data[read] != '\n')
    {
      gsize end = field_end (data, length, read);
      gsize n = end - read;
      gboolean keep;

      /* Folded lines before any field, which GMime reads as it can. */
      if (data[read] == ' ' || data[read] == '\t')
        keep = TRUE;
      else if (find_field_name (data + read, n, mime_field_names,
                                G_N_ELEMENTS (mime_field_names)) >= 0)
        keep = TRUE;
      else
        {
          int field = find_field_name (data + read, n, report_field_names, BV_N_FIELDS);

          /* Received fields are many, and GMime would make an object of
           * each. */
          keep = !has_mime_field && field >= 0 && field != BV_FIELD_RECEIVED;
        }

      if (keep)
        {
          if (write != read)
            memmove (data + write, data + read, n);
          write += n;
        }
      read = end;
    }

  if (write == read)
    return 0;

  memmove (data + write, data + read, length - read);
  return length - (read - write);
}

/* Reads @n decimal digits at *@p into *@value and moves *@p past them. */
static gboolean
read_digits (const char **p,
             int          n,
             int         *value)
{
  *value = 0;
  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      *value = *value * 10 + ((*p)[i] - '0');
    }
  *p += n;
  return TRUE;
}

static gboolean
skip_spaces (const char **p)
{
  if (**p != ' ')
    return FALSE;
  while (**p == ' ')
    (*p)++;
  return TRUE;
}

/* Returns the days from 1970-01-01 to the given day of the proleptic
 * Gregorian calendar, counted in eras of 400 years that start on 1 March. */
static gint64
days_from_civil (int year,
                 int month,
                 int day)
{
  int y = month <= 2 ? year - 1 : year;
  int era = y / 400;
  int year_of_era = y - era * 400;
  int day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

  return (gint64) era * 146097 + day_of_era - 719468;
}

/* Returns the index in @names, a string of three-letter names, of the
 * name that @p starts with, ignoring case, or -1. */
static int
find_name (const char *names,
           const char *p)
{
  for (int i = 0; names[i * 3] != '\0'; i++)
    if (g_ascii_strncasecmp (names + i * 3, p, 3) == 0)
      return i;
  return -1;
}

/* Reads the form that nearly every MTA writes, "Thu, 5 Dec 2026
 * 02:15:00 +0100", also with the zone written "+01:00" or a year of two
 * or three digits, and nothing else, so GMime reads the other forms.
 * GMime builds a GTimeZone and a GDateTime for each date: on two copies
 * of the corpus, its 2,472 dates cost 19 million instructions that way
 * and 2.3 million this way (callgrind). Returns FALSE when @text is in
 * another form or names a day that does not exist. */
static gboolean
parse_common_date (const char *text,
                   gint64     *seconds)
{
  static const guint8 month_days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  const char *p = text;
  int day, month, year, hour, minute, second, zone;
  int year_digits;
  gboolean negative, leap;

  if (g_ascii_isalpha (p[0]))
    {
      if (find_name ("SunMonTueWedThuFriSat", p) < 0 || p[3] != ',')
        return FALSE;
      p += 4;
      while (*p == ' ')
        p++;
    }

  if (!read_digits (&p, g_ascii_isdigit (p[0]) && g_ascii_isdigit (p[1]) ? 2 : 1, &day) ||
      !skip_spaces (&p))
    return FALSE;

  month = find_name ("JanFebMarAprMayJunJulAugSepOctNovDec", p) + 1;
  if (month == 0)
    return FALSE;
  p += 3;

  if (!skip_spaces (&p))
    return FALSE;
  /* RFC 5322 section 4.3: a year of two digits below 50 is in the 2000s,
   * and one of two digits from 50 on or of three digits counts from 1900.
   * GMime puts 50 to 69 in the 2050s and 2060s instead. */
  for (year_digits = 0; g_ascii_isdigit (p[year_digits]) && year_digits < 5; year_digits++)
    ;
  if (year_digits < 2 || year_digits > 4 || !read_digits (&p, year_digits, &year))
    return FALSE;
  if (year_digits == 2)
    year += year < 50 ? 2000 : 1900;
  else if (year_digits == 3)
    year += 1900;

  if (!skip_spaces (&p) || !read_digits (&p, 2, &hour) || *p++ != ':' || !read_digits (&p, 2, &minute) ||
      *p++ != ':' || !read_digits (&p, 2, &second) || !skip_spaces (&p))
    return FALSE;

  if (*p != '+' && *p != '-')
    return FALSE;
  negative = *p++ == '-';
  if (p[0] != '\0' && p[1] != '\0' && p[2] == ':')
    {
      /* "+01:00", which GMime does not read and takes for UTC. */
      int zone_hours, zone_minutes;

      if (!read_digits (&p, 2, &zone_hours) || *p++ != ':' || !read_digits (&p, 2, &zone_minutes))
        return FALSE;
      zone = zone_hours * 100 + zone_minutes;
    }
  else if (!read_digits (&p, 4, &zone))
    return FALSE;
  if (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n' && *p != '(')
    return FALSE;

  leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (year < 1970 || year > 2100 || day < 1 || day > month_days[month - 1] ||
      (month == 2 && day == 29 && !leap) || hour > 23 || minute > 59 || second > 59 ||
      zone / 100 > 14 || zone % 100 > 59)
    return FALSE;

  *seconds = days_from_civil (year, month, day) * 86400 + hour * 3600 + minute * 60 + second -
             (negative ? -1 : 1) * ((zone / 100) * 3600 + (zone % 100) * 60);
  return TRUE;
}

/**
 * bv_parse_date:
 * @text: (nullable): a date as mail writes it
 *
 * Parses an RFC 5322 date and the common variants GMime understands.
 * Dates before 1980 or after 2100 are taken for garbage.
 *
 * Returns: Unix time in seconds, or 0 when @text holds no usable date
 */
gint64
bv_parse_date (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;
  gint64 seconds;
  int year, month, day, hour, minute, second;
  char date_sep, time_sep;

  if (text == NULL || *text == '\0')
    return 0;

  while (*text == ' ')
    text++;
  if (!parse_common_date (text, &seconds))
    {
      /* ISO-like dates that some MTAs write ("2014-03-26 00-01-19",
       * "2014-03-26T00:01:19"), read as UTC; GMime would keep only the
       * day. */
      if (g_ascii_isdigit (text[0]) &&
          sscanf (text, "%4d-%2d-%2d%c%2d%c%2d%*[-:]%2d", &year, &month, &day, &date_sep,
                  &hour, &time_sep, &minute, &second) == 8 &&
          (date_sep == ' ' || date_sep == 'T') && (time_sep == ':' || time_sep == '-'))
        {
          g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

          dt = g_date_time_new (utc, year, month, day, hour, minute, second);
        }
      else
        {
          dt = g_mime_utils_header_decode_date (text);
        }
      if (dt == NULL)
        return 0;
      seconds = g_date_time_to_unix (dt);
      /* A year of two digits from 50 to 69, which GMime reads as 2050 to
       * 2069, is from 1950 to 1969 (RFC 5322 section 4.3). */
      year = g_date_time_get_year (dt);
      if (year >= 2050 && year <= 2069)
        {
          char digits[8];

          g_snprintf (digits, sizeof digits, "%d", year);
          if (strstr (text, digits) == NULL)
            return 0;
        }
    }

  if (seconds < 315532800 || seconds > G_GINT64_CONSTANT (4102444800))
    return 0;
  return seconds;
}

/* RFC 5322 atext, with UTF-8 bytes as RFC 6532 section 3.2 adds them. */
static gboolean
is_atext (guchar c)
{
  return g_ascii_isalnum (c) || c >= 0x80 || (c != '\0' && strchr ("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static gboolean
is_dot_atom (const char *text)
{
  if (*text == '\0' || *text == '.')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '.' && (p[1] == '.' || p[1] == '\0'))
        return FALSE;
      if (*p != '.' && !is_atext (*p))
        return FALSE;
    }
  return TRUE;
}

/* The quotes are no part of a quoted string (RFC 5322 section 3.2.4), so
 * "k.weber"@example.org and k.weber@example.org are one address. Writes
 * the local part bare when it is a dot-atom, otherwise quoted with a
 * backslash before '"' and '\' only. */
static char *
canonical_quoted_local_part (const char *quoted,
                             gsize       length)
{
  g_autoptr(GString) content = g_string_sized_new (length);
  GString *out;

  for (gsize i = 1; i + 1 < length; i++)
    {
      if (quoted[i] == '\\')
        i++;
      g_string_append_c (content, quoted[i]);
    }
  if (is_dot_atom (content->str))
    return g_strdup (content->str);

  out = g_string_sized_new (length);
  g_string_append_c (out, '"');
  for (const char *p = content->str; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* Domain names ignore ASCII case in any locale; other letters follow
 * Unicode. */
static char *
lower_domain (const char *domain)
{
  if (bv_utf8_is_ascii (domain))
    return g_ascii_strdown (domain, -1);
  return g_utf8_strdown (domain, -1);
}

/**
 * bv_address_normalize:
 * @address: (nullable): an address as a report writes it
 *
 * Strips angle brackets, quotes, a "mailto:" and surrounding space, and
 * lower-cases the domain, with IDNA labels written in Unicode. A quoted
 * local part ("john smith"@example.net) keeps its quotes unless it is a
 * dot-atom without them. Returns %NULL when what is left is no address.
 *
 * Returns: (transfer full) (nullable): the address
 */
char *
bv_address_normalize (const char *address)
{
  g_autofree char *copy = NULL;
  char *start, *end, *at;
  g_autofree char *local = NULL;
  g_autofree char *domain = NULL;
  gsize quoted;

  if (address == NULL)
    return NULL;

  copy = bv_utf8_make_valid (address, -1);
  start = g_strstrip (copy);
  if (g_ascii_strncasecmp (start, "mailto:", 7) == 0)
    start += 7;

  while (*start == '<' || *start == '"' || *start == '\'' || *start == ' ')
    {
      if (*start == '"' && start[bv_scan_quoted_string_length (start, strlen (start))] == '@')
        break;
      start++;
    }
  end = start + strlen (start);
  while (end > start && (end[-1] == '>' || end[-1] == '"' || end[-1] == '\'' ||
                         end[-1] == ' ' || end[-1] == '.' || end[-1] == ',' ||
                         end[-1] == ';' || end[-1] == ':'))
    end--;
  *end = '\0';

  /* A source route ("@relay.example:user@example.net", RFC 5321
   * section 4.1.2) leads to the address after the colon. */
  if (*start == '@' && strchr (start, ':') != NULL)
    start = strchr (start, ':') + 1;

  quoted = bv_scan_quoted_string_length (start, strlen (start));
  if (quoted > 0 && start[quoted] == '@')
    {
      at = start + quoted;
      if (at[1] == '\0' || strchr (at + 1, '@') != NULL)
        return NULL;
      local = canonical_quoted_local_part (start, quoted);
    }
  else
    {
      at = strrchr (start, '@');
      if (at == NULL || at == start || at[1] == '\0')
        return NULL;
      if (memchr (start, ' ', at - start) != NULL || memchr (start, '<', at - start) != NULL)
        return NULL;
    }
  if (strchr (at + 1, ' ') != NULL || strchr (at + 1, '<') != NULL)
    return NULL;

  /* The common case, an unquoted local part and an ASCII domain, is
   * lower-cased in place: this runs for every address a report names.
   * An IDNA domain ("xn--mnchen-3ya.example") is stored in Unicode. */
  if (local == NULL && bv_utf8_is_ascii (at + 1))
    {
      char *unicode;

      for (char *p = at + 1; *p != '\0'; p++)
        *p = g_ascii_tolower (*p);
      unicode = bv_address_unicode_domain (start);
      return unicode != NULL ? unicode : g_strdup (start);
    }

  if (local == NULL)
    local = g_strndup (start, at - start);
  domain = lower_domain (at + 1);
  {
    g_autofree char *unicode = bv_address_unicode_domain (domain);

    return g_strconcat (local, "@", unicode != NULL ? unicode : domain, NULL);
  }
}

/* Takes the address out of a field value such as "Name <a@b>". */
static char *
field_address (BvReport *report,
               BvField   field)
{
  const char *value = report->fields[field];
  BvSpan span;

  if (value == NULL)
    return NULL;
  if (!bv_scan_find_address (value, strlen (value), 0, &span))
    return NULL;
  return g_ascii_strdown (value + span.start, span.end - span.start);
}

/* Converts HTML to plain text well enough for the scanners: tags go,
 * block ends become line breaks, the common entities are replaced. */
static char *
html_to_text (const char *html)
{
  GString *out = g_string_sized_new (strlen (html));
  const char *p = html;

  while (*p != '\0')
    {
      if (*p == '<')
        {
          const char *close = strchr (p, '>');
          gboolean block;

          if (close == NULL)
            break;

          block = g_ascii_strncasecmp (p, "<br", 3) == 0 || g_ascii_strncasecmp (p, "<p", 2) == 0 ||
                  g_ascii_strncasecmp (p, "</p", 3) == 0 || g_ascii_strncasecmp (p, "<div", 4) == 0 ||
                  g_ascii_strncasecmp (p, "</div", 5) == 0 || g_ascii_strncasecmp (p, "<tr", 3) == 0 ||
                  g_ascii_strncasecmp (p, "<li", 3) == 0 || g_ascii_strncasecmp (p, "</h", 3) == 0;
          if (g_ascii_strncasecmp (p, "<style", 6) == 0 || g_ascii_strncasecmp (p, "<script", 7) == 0)
            {
              const char *end = bv_scan_find_phrase (p, strlen (p),
                                                     p[1] == 's' || p[1] == 'S' ?
                                                     (p[2] == 't' || p[2] == 'T' ? "</style" : "</script") :
                                                     "</style");
              close = end != NULL ? strchr (end, '>') : NULL;
              if (close == NULL)
                break;
            }
          if (block)
            g_string_append_c (out, '\n');
          else if (g_ascii_strncasecmp (p, "<td", 3) == 0)
            g_string_append_c (out, ' ');
          p = close + 1;
          continue;
        }

      if (*p == '&')
        {
          static const struct { const char *name; const char *text; } entities[] = {
            { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
            { "&#39;", "'" }, { "&apos;", "'" }, { "&nbsp;", " " },
          };
          gboolean done = FALSE;

          for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
            {
              gsize n = strlen (entities[i].name);

              if (g_ascii_strncasecmp (p, entities[i].name, n) == 0)
                {
                  g_string_append (out, entities[i].text);
                  p += n;
                  done = TRUE;
                  break;
                }
            }
          if (done)
            continue;

          if (p[1] == '#')
            {
              char *end = NULL;
              gunichar c = p[2] == 'x' || p[2] == 'X' ? strtoul (p + 3, &end, 16) : strtoul (p + 2, &end, 10);

              if (end != NULL && *end == ';' && g_unichar_validate (c) && c != 0)
                {
                  g_string_append_unichar (out, c);
                  p = end + 1;
                  continue;
                }
            }
        }

      if (*p == '\r')
        {
          p++;
          continue;
        }

      g_string_append_c (out, *p);
      p++;
    }

  return g_string_free (out, FALSE);
}

/* Whether content in @encoding reads the same decoded. */
static gboolean
is_identity_encoding (GMimeContentEncoding encoding)
{
  return encoding == GMIME_CONTENT_ENCODING_DEFAULT || encoding == GMIME_CONTENT_ENCODING_7BIT ||
         encoding == GMIME_CONTENT_ENCODING_8BIT || encoding == GMIME_CONTENT_ENCODING_BINARY;
}

/* Returns the bytes of @content in the message, with any transfer
 * encoding left undone, up to @max bytes. *@truncated, when @truncated
 * is not NULL, is set to whether there was more. */
static GByteArray *
read_undecoded (GMimeDataWrapper *content,
                gsize             max,
                gboolean         *truncated)
{
  GMimeStream *raw = g_mime_data_wrapper_get_stream (content);
  gint64 length = g_mime_stream_length (raw);
  GByteArray *bytes;
  char buffer[8192];
  ssize_t n;

  if (truncated != NULL)
    *truncated = FALSE;

  bytes = g_byte_array_sized_new (length > 0 ? MIN ((gsize) length, max) : 4096);
  g_mime_stream_reset (raw);
  /* Reading past @max shows that the part is longer. */
  while (bytes->len <= max && (n = g_mime_stream_read (raw, buffer, sizeof buffer)) > 0)
    g_byte_array_append (bytes, (const guint8 *) buffer, n);
  g_mime_stream_reset (raw);
  if (bytes->len > max)
    {
      g_byte_array_set_size (bytes, max);
      if (truncated != NULL)
        *truncated = TRUE;
    }
  return bytes;
}

/* Returns the content of a part with its transfer encoding undone. Text
 * in 7bit, 8bit or binary needs no decoding and is read straight from
 * the message, up to @max bytes, and *@truncated, when @truncated is not
 * NULL, is set to whether there was more. base64 and quoted-printable
 * go through GMime's filters whole. */
static GByteArray *
read_content (GMimeDataWrapper *content,
              gsize             max,
              gboolean         *truncated)
{
  if (truncated != NULL)
    *truncated = FALSE;

  if (is_identity_encoding (g_mime_data_wrapper_get_encoding (content)))
    return read_undecoded (content, max, truncated);

  {
    g_autoptr(GMimeStream) decoded = g_mime_stream_mem_new ();

    /* The array outlives the stream, which must not free it. */
    g_mime_data_wrapper_write_to_stream (content, decoded);
    g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (decoded), FALSE);
    return g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (decoded));
  }
}

/* Whether @bytes read the same in @charset as in ASCII, so that no
 * conversion (and no iconv, costly to open) is needed: no byte above 0x7f,
 * no escape (ISO-2022-JP is all 7-bit) and no NUL (UTF-16), in a charset
 * other than UTF-7 or HZ, which spell other characters in ASCII. */
static gboolean
is_plain_ascii (GByteArray *bytes,
                const char *charset)
{
  if (g_ascii_strncasecmp (charset, "utf-7", 5) == 0 || g_ascii_strcasecmp (charset, "hz-gb-2312") == 0)
    return FALSE;

  for (guint i = 0; i < bytes->len; i++)
    {
      guint8 c = bytes->data[i];

      if (c >= 0x80 || c == 0x1b || c == 0)
        return FALSE;
    }
  return TRUE;
}

static char *part_text (GMimeObject *part,
                        const char  *hint,
                        gsize        max,
                        gboolean    *truncated);

/**
 * bv_report_get_part_text_hinted:
 * @report: the report that @part belongs to
 * @part: a leaf part that declares no charset, such as a delivery status part
 *
 * Like bv_report_get_part_text(), but reads 8-bit text that is not UTF-8
 * in the charset that the report's text part declares, when the whole
 * text converts from it. A Taiwanese server may write its Big5 reply
 * into a Diagnostic-Code field, and declare "charset=big5" only for the
 * text part beside it. The part is read whole, with no limit but the
 * message's own: a report on thousands of recipients is larger than the
 * text that bv_report_get_part_text() reads.
 *
 * Returns: (transfer full) (nullable): the text, valid UTF-8 with LF line ends
 */
char *
bv_report_get_part_text_hinted (BvReport    *report,
                                GMimeObject *part)
{
  return part_text (part, report->charset_hint, G_MAXSIZE, NULL);
}

/**
 * bv_report_get_fields_text:
 * @report: the report that @part belongs to
 * @part: a leaf part of header-style fields, such as a delivery status part
 * @field: the name of a field that the part must contain, in lower case
 *
 * Reads @part as bv_report_get_part_text_hinted() does. A part may
 * declare base64 or quoted-printable and contain plain text, and then
 * GMime's decoding turns its fields into garbage. So when the decoded
 * text lacks @field and the undecoded content contains it, the undecoded
 * content is returned instead.
 *
 * Returns: (transfer full) (nullable): the text, valid UTF-8
 */
char *
bv_report_get_fields_text (BvReport    *report,
                           GMimeObject *part,
                           const char  *field)
{
  char *text = bv_report_get_part_text_hinted (report, part);
  GMimeDataWrapper *content;
  g_autoptr(GByteArray) undecoded = NULL;

  if (text == NULL)
    return NULL;

  content = g_mime_part_get_content (GMIME_PART (part));
  if (content == NULL || is_identity_encoding (g_mime_data_wrapper_get_encoding (content)) ||
      bv_scan_find_phrase (text, strlen (text), field) != NULL)
    return text;

  undecoded = read_undecoded (content, G_MAXSIZE, NULL);
  if (bv_scan_find_phrase ((const char *) undecoded->data, undecoded->len, field) == NULL)
    return text;

  g_debug ("The part declares a transfer encoding that its content does not use; "
           "reading it undecoded");
  g_free (text);
  return bv_utf8_make_valid ((const char *) undecoded->data, undecoded->len);
}

/**
 * bv_report_get_part_text:
 * @part: a leaf part
 *
 * Decodes the transfer encoding of @part and converts its text to UTF-8
 * from the declared charset (GMime guesses when none is declared).
 *
 * Returns: (transfer full) (nullable): the text, valid UTF-8 with LF line ends
 */
char *
bv_report_get_part_text (GMimeObject *part)
{
  return part_text (part, NULL, MAX_TEXT_BYTES, NULL);
}

/* Reads the text of @part. @hint, when not NULL, is the charset to try
 * for 8-bit text that is no UTF-8 in a part that declares no charset.
 * Text in 7bit or 8bit is read up to @max bytes, and *@truncated, when
 * @truncated is not NULL, is set to whether the part was longer. */
static char *
part_text (GMimeObject *part,
           const char  *hint,
           gsize        max,
           gboolean    *truncated)
{
  GMimeDataWrapper *content;
  GByteArray *bytes;
  const char *charset;
  char *text;
  GByteArray *normalized;

  if (!GMIME_IS_PART (part))
    return NULL;

  content = g_mime_part_get_content (GMIME_PART (part));
  if (content == NULL)
    return g_strdup ("");

  bytes = read_content (content, max, truncated);
  if (bytes->len == 0)
    {
      g_byte_array_unref (bytes);
      return g_strdup ("");
    }

  /* The declared charset, else UTF-8 with stray bytes read as
   * Windows-1252 (bv_utf8_make_valid). */
  charset = g_mime_object_get_content_type_parameter (part, "charset");
  text = NULL;
  if (charset != NULL && g_ascii_strcasecmp (charset, "utf-8") != 0 &&
      g_ascii_strcasecmp (charset, "us-ascii") != 0 && !is_plain_ascii (bytes, charset))
    {
      pin_charset (charset, strlen (charset));
      text = g_convert_with_fallback ((const char *) bytes->data, bytes->len, "UTF-8",
                                      g_mime_charset_iconv_name (charset), "?", NULL, NULL, NULL);
    }
  else if (charset == NULL && hint != NULL &&
           !bv_utf8_is_valid ((const char *) bytes->data, bytes->len))
    {
      /* Only when the whole text converts: else it was no text in @hint. */
      pin_charset (hint, strlen (hint));
      text = g_convert ((const char *) bytes->data, bytes->len, "UTF-8",
                        g_mime_charset_iconv_name (hint), NULL, NULL, NULL);
    }
  if (text == NULL)
    text = bv_utf8_make_valid ((const char *) bytes->data, bytes->len);
  g_byte_array_unref (bytes);

  /* Japanese reports often leave out the charset of their ISO-2022-JP
   * text; its escape sequences give it away. */
  if (strstr (text, "\033$B") != NULL || strstr (text, "\033$@") != NULL)
    {
      char *converted;

      pin_charset ("iso-2022-jp", strlen ("iso-2022-jp"));
      converted = g_convert (text, -1, "UTF-8", "ISO-2022-JP", NULL, NULL, NULL);
      if (converted != NULL)
        {
          g_free (text);
          text = converted;
        }
    }

  normalized = normalize_line_ends (text, strlen (text));
  if (normalized != NULL)
    {
      g_free (text);
      g_byte_array_append (normalized, (const guint8 *) "", 1);
      text = (char *) g_byte_array_free (normalized, FALSE);
    }

  if (!bv_utf8_is_valid (text, -1))
    {
      char *valid = bv_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }

  return text;
}

/* Appends @text to the report's text, as far as MAX_TEXT_BYTES leaves
 * room, and cut at a character boundary. */
static void
append_text (BvReport   *report,
             const char *text)
{
  gsize length;
  gsize room;

  if (text == NULL)
    return;

  length = strlen (text);
  if (report->text->len >= MAX_TEXT_BYTES)
    {
      report->text_cut = report->text_cut || length > 0;
      return;
    }

  room = MAX_TEXT_BYTES - report->text->len;
  if (length > room)
    {
      report->text_cut = TRUE;
      length = room;
      while (length > 0 && (text[length] & 0xc0) == 0x80)
        length--;
    }

  if (report->text->len > 0)
    g_string_append_c (report->text, '\n');
  g_string_append_len (report->text, text, length);
}

/* Reads the text of a text part into the report's text. */
static void
append_part_text (BvReport    *report,
                  GMimeObject *part,
                  gboolean     html)
{
  gboolean truncated = FALSE;
  g_autofree char *text = part_text (part, NULL, MAX_TEXT_BYTES, &truncated);

  if (truncated)
    report->text_cut = TRUE;
  if (html && text != NULL)
    {
      g_autofree char *plain = html_to_text (text);

      append_text (report, plain);
    }
  else
    {
      append_text (report, text);
    }
}

static gboolean
content_type_is (GMimeObject *object,
                 const char  *type,
                 const char  *subtype)
{
  GMimeContentType *content_type = g_mime_object_get_content_type (object);

  return content_type != NULL && g_mime_content_type_is_type (content_type, type, subtype);
}

typedef struct
{
  GPtrArray *plain;             /* (element-type GMimeObject) text/plain leaves */
  GPtrArray *html;              /* (element-type GMimeObject) text/html leaves */
  GPtrArray *prologues;         /* (element-type utf8) prologues of empty multiparts */
  gboolean too_deep;            /* parts below MAX_MIME_DEPTH were left unread */
} TextParts;

/* Finds the first line of @text that starts with "--" and something that
 * can be a boundary (RFC 2046 section 5.1.1), and parses @text again as a
 * multipart/mixed with that boundary. */
static GMimeObject *
reparse_with_found_boundary (const char *text)
{
  const char *line = text;

  while (line != NULL && *line != '\0')
    {
      const char *end = strchr (line, '\n');
      gsize n = end != NULL ? (gsize) (end - line) : strlen (line);

      if (n > 2 && n <= 72 && line[0] == '-' && line[1] == '-' && line[2] != ' ' &&
          memchr (line, '"', n) == NULL)
        {
          g_autofree char *boundary = g_strndup (line + 2, n - 2);
          g_autoptr(GString) wrapped = g_string_new (NULL);
          g_autoptr(GMimeStream) stream = NULL;
          g_autoptr(GMimeParser) parser = NULL;
          GMimeObject *part;

          g_strchomp (boundary);
          if (g_str_has_suffix (boundary, "--"))
            boundary[strlen (boundary) - 2] = '\0';
          if (*boundary == '\0')
            return NULL;

          g_string_append_printf (wrapped, "Content-Type: multipart/mixed; boundary=\"%s\"\n\n",
                                  boundary);
          g_string_append (wrapped, text);
          stream = g_mime_stream_mem_new_with_buffer (wrapped->str, wrapped->len);
          parser = g_mime_parser_new_with_stream (stream);
          part = g_mime_parser_construct_part (parser, parser_options);
          if (part != NULL && GMIME_IS_MULTIPART (part) &&
              g_mime_multipart_get_count (GMIME_MULTIPART (part)) > 0)
            return part;
          g_clear_object (&part);
          return NULL;
        }

      line = end != NULL ? end + 1 : NULL;
    }

  return NULL;
}

static void
collect_parts (BvReport    *report,
               GMimeObject *object,
               TextParts   *texts,
               guint        depth)
{
  if (depth > MAX_MIME_DEPTH)
    {
      texts->too_deep = TRUE;
      return;
    }

  if (GMIME_IS_MULTIPART (object))
    {
      GMimeMultipart *multipart = GMIME_MULTIPART (object);
      int count = g_mime_multipart_get_count (multipart);

      if (content_type_is (object, "multipart", "report") && !report->is_multipart_report)
        {
          report->is_multipart_report = TRUE;
          report->report_type = g_strdup (g_mime_object_get_content_type_parameter (object,
                                                                                    "report-type"));
        }

      /* A multipart whose boundary never appears, or is lost in a broken
       * header fold, holds all its text in the prologue (old Sendmail
       * reports, some phone gateways). */
      if (count == 0)
        {
          const char *prologue = g_mime_multipart_get_prologue (multipart);

          if (prologue == NULL)
            return;

          /* When a line of the prologue looks like a boundary line, the
           * parts are all there under another boundary than the declared
           * one: let GMime parse them again with the boundary they use. */
          if (depth < MAX_MIME_DEPTH)
            {
              GMimeObject *part = reparse_with_found_boundary (prologue);

              if (part != NULL)
                {
                  g_ptr_array_add (report->reparsed, part);
                  collect_parts (report, part, texts, depth + 1);
                  return;
                }
            }

          g_ptr_array_add (texts->prologues, (gpointer) prologue);
          return;
        }

      if (content_type_is (object, "multipart", "alternative"))
        {
          GMimeObject *chosen = NULL;

          /* Prefer the plain text; fall back on whatever comes last. */
          for (int i = 0; i < count; i++)
            {
              GMimeObject *child = g_mime_multipart_get_part (multipart, i);

              if (content_type_is (child, "text", "plain"))
                {
                  chosen = child;
                  break;
                }
            }
          if (chosen == NULL && count > 0)
            chosen = g_mime_multipart_get_part (multipart, count - 1);
          if (chosen != NULL)
            collect_parts (report, chosen, texts, depth + 1);
          return;
        }

      for (int i = 0; i < count; i++)
        collect_parts (report, g_mime_multipart_get_part (multipart, i), texts, depth + 1);
      return;
    }

  if (!GMIME_IS_PART (object))
    return;

  if (content_type_is (object, "text", "x-bv-orig") || content_type_is (object, "text", "x-bv-glob"))
    {
      BvAttachedMessage attached = { object, depth };

      if (report->original_part == NULL)
        report->original_part = object;
      if (report->attached == NULL)
        report->attached = g_array_new (FALSE, FALSE, sizeof (BvAttachedMessage));
      g_array_append_val (report->attached, attached);
      return;
    }

  if (content_type_is (object, "message", "delivery-status") ||
      content_type_is (object, "message", "global-delivery-status"))
    {
      if (report->dsn_part == NULL)
        report->dsn_part = object;
    }
  else if (content_type_is (object, "message", "feedback-report"))
    {
      if (report->feedback_part == NULL)
        report->feedback_part = object;
    }
  else if (content_type_is (object, "text", "rfc822-headers") ||
           content_type_is (object, "message", "global-headers") ||
           content_type_is (object, "message", "rfc822-headers"))
    {
      if (report->original_part == NULL)
        report->original_part = object;
    }
  else if (content_type_is (object, "text", "html"))
    {
      g_ptr_array_add (texts->html, object);
    }
  else if (content_type_is (object, "text", "*"))
    {
      const char *charset = g_mime_object_get_content_type_parameter (object, "charset");

      g_ptr_array_add (texts->plain, object);
      if (report->charset_hint == NULL && charset != NULL &&
          g_ascii_strcasecmp (charset, "utf-8") != 0 && g_ascii_strcasecmp (charset, "us-ascii") != 0)
        report->charset_hint = charset;
    }
}

/* Header names that mark the start of a copy of the original message when
 * a bounce pastes it into its text. */
static const char * const original_header_names[] = {
  "received:", "return-path:", "message-id:", "from:", "to:", "subject:", "date:",
  "mime-version:", "content-type:", "dkim-signature:", "x-mailer:", "reply-to:",
  "x-received:", "arc-seal:", "authentication-results:", "cc:", "user-agent:",
  "content-transfer-encoding:", "x-google-smtp-source:", "delivered-to:",
};

static gboolean
is_original_header_line (const char *line,
                         gsize       length)
{
  return find_field_name (line, length, original_header_names,
                          G_N_ELEMENTS (original_header_names)) >= 0;
}

/* Phrases of the line that separates a bounce's own text from the copy
 * of the original message it returns: qmail ("--- Below this line is a
 * copy of the message."), Exim ("------ This is a copy of the message"),
 * Sendmail ("----- Unsent message follows -----"), Gmail ("----- Original
 * message -----"), Exchange ("Original message headers:"), and others. */
static const char * const separator_phrases[] = {
  "copy of the message",
  "copy of the original",
  "copy of your message",
  "original message",
  "unsent message",
  "returned message",
  "message headers follow",
  "header of the original",
  "headers of the original",
  "headers of your message",
  "original headers",
  "bounced e-mail",
  "message follows",
  "rejected message",
  "undelivered message",
  "your message reads",
};

static gboolean
is_separator_line (const char *line,
                   gsize       length)
{
  static BvPhraseSet *separators;
  gsize start = 0, end = length;
  gboolean marked;

  while (start < end && (line[start] == ' ' || line[start] == '\t'))
    start++;
  while (end > start && (line[end - 1] == ' ' || line[end - 1] == '\t'))
    end--;
  if (end - start < 8)
    return FALSE;

  /* A separator is set off by its punctuation, or it is a short line
   * ending in a colon or a full stop ("Original message follows."); a
   * longer sentence ending in a full stop is prose. */
  marked = strchr ("-=*_#[(>", line[start]) != NULL ||
           line[end - 1] == ':' || line[end - 1] == '-' || line[end - 1] == '=' ||
           line[end - 1] == ')';
  if (!marked && line[end - 1] == '.')
    {
      guint words = 1;

      for (gsize i = start; i < end; i++)
        if (line[i] == ' ')
          words++;
      marked = words <= 5;
    }
  if (!marked)
    return FALSE;

  if (bv_scan_find_phrase (line + start, end - start, "was received") != NULL)
    return FALSE;

  BV_PHRASE_SET_ONCE (separators, separator_phrases);
  return bv_phrase_set_contains (separators, line + start, end - start);
}

/* Tells whether the paragraph around @at (its lines between blank
 * lines) contains a diagnostic field such as "Reason: ...". Header lines
 * in such a paragraph ("From:", "Subject:") describe the failed message
 * in the bounce's own words, so they do not start a returned original.
 * Sets @paragraph_end to the end of the paragraph. */
static gboolean
paragraph_has_diagnostic_field (const char *text,
                                gsize       length,
                                gsize       at,
                                gsize      *paragraph_end)
{
  gsize start = at;
  gboolean found = FALSE;

  /* Move back to the first line after the blank line before @at. */
  while (start > 0)
    {
      gsize previous = start - 1;

      while (previous > 0 && text[previous - 1] != '\n')
        previous--;
      if (start - 1 - previous == 0)
        break;
      start = previous;
    }

  for (gsize pos = start; pos < length;)
    {
      const char *nl = memchr (text + pos, '\n', length - pos);
      gsize end = nl != NULL ? (gsize) (nl - text) : length;

      if (end == pos)
        {
          *paragraph_end = pos;
          return found;
        }
      if (!found && text[pos] != ' ' && text[pos] != '\t')
        found = bv_text_line_is_diagnostic_field (text + pos, end - pos);
      pos = end + 1;
    }
  *paragraph_end = length;
  return found;
}

/* Finds where a copy of the original message starts in the report text:
 * a separator line, or else two header lines in a row at the start of
 * a line, outside a paragraph that gives the reason for the failure. */
static gsize
find_original_start (const char *text,
                     gsize       length,
                     gsize      *headers_start)
{
  gsize pos = 0;
  gsize previous_header = G_MAXSIZE;

  *headers_start = G_MAXSIZE;

  while (pos < length)
    {
      const char *nl = memchr (text + pos, '\n', length - pos);
      gsize end = nl != NULL ? (gsize) (nl - text) : length;
      gsize n = end - pos;

      if (is_separator_line (text + pos, n))
        {
          gsize next = end < length ? end + 1 : end;

          /* The headers usually start on the next line that is not blank. */
          while (next < length && (text[next] == '\n' || text[next] == ' '))
            next++;
          *headers_start = next;
          return pos;
        }

      if (n > 0 && text[pos] != ' ' && text[pos] != '\t' && is_original_header_line (text + pos, n))
        {
          gsize paragraph_end;

          if (previous_header != G_MAXSIZE &&
              paragraph_has_diagnostic_field (text, length, previous_header, &paragraph_end))
            {
              previous_header = G_MAXSIZE;
              pos = paragraph_end + 1;
              continue;
            }
          if (previous_header != G_MAXSIZE)
            {
              *headers_start = previous_header;
              return previous_header;
            }
          previous_header = pos;
        }
      else if (n > 0 && (text[pos] == ' ' || text[pos] == '\t') && previous_header != G_MAXSIZE)
        {
          /* A folded header line keeps the run going. */
        }
      else
        {
          previous_header = G_MAXSIZE;
        }

      pos = end + 1;
    }

  return length;
}

static char *
field_text (BvReport *report,
            BvField   field)
{
  const char *value = report->fields[field];

  if (value == NULL)
    return NULL;
  return bv_utf8_make_valid (value, -1);
}

/* Returns the report's Message-ID without its angle brackets. */
static char *
report_message_id (BvReport *report)
{
  g_autofree char *id = field_text (report, BV_FIELD_MESSAGE_ID);

  if (id == NULL)
    return NULL;
  g_strstrip (id);
  if (id[0] == '<')
    return g_strndup (id + 1, strcspn (id + 1, ">"));
  return g_steal_pointer (&id);
}

/* The length of the header block at the start of @data: up to and
 * with the first blank line. */
static gsize
header_block_length (const char *data,
                     gsize       length)
{
  gsize end = 0;

  while (end < length)
    {
      const char *nl = memchr (data + end, '\n', length - end);

      if (nl == NULL)
        return length;
      end = nl - data + 1;
      if (end < length && (data[end] == '\n' ||
                           (data[end] == '\r' && end + 1 < length && data[end + 1] == '\n')))
        return end;
    }
  return length;
}

/* The fields of the returned original that the decoder reads. */
enum
{
  ORIGINAL_MESSAGE_ID,
  ORIGINAL_SUBJECT,
  ORIGINAL_FROM,
  ORIGINAL_TO,
  ORIGINAL_DATE,
  ORIGINAL_CONTENT_TYPE,
  ORIGINAL_COMPLAINANT,
  N_ORIGINAL_FIELDS
};

static const char * const original_fields[N_ORIGINAL_FIELDS] = {
  "message-id:", "subject:", "from:", "to:", "date:", "content-type:",
  "x-hmxmroriginalrecipient:",
};

/* Finds the raw values of the original's fields in its header block,
 * the first occurrence of each, with their folded lines. Decoding the
 * values (unfolding, RFC 2047 words, charsets) is left to GMime; only
 * five fields of a header block that can hold a hundred are needed, and
 * building GMime objects for all of them costs more than the rest of
 * the decoding. */
static void
find_original_fields (const char *headers,
                      gsize       length,
                      char       *values[N_ORIGINAL_FIELDS])
{
  gint current = -1;
  GString *value = NULL;
  gsize pos = 0;

  while (pos < length)
    {
      const char *nl = memchr (headers + pos, '\n', length - pos);
      gsize end = nl != NULL ? (gsize) (nl - headers) + 1 : length;
      gsize n = end - pos;

      if (headers[pos] == ' ' || headers[pos] == '\t')
        {
          if (value != NULL)
            g_string_append_len (value, headers + pos, n);
          pos = end;
          continue;
        }

      if (value != NULL)
        {
          values[current] = g_string_free (value, FALSE);
          value = NULL;
        }

      current = -1;
      for (guint i = 0; i < N_ORIGINAL_FIELDS; i++)
        {
          gsize name = strlen (original_fields[i]);

          if (values[i] == NULL && n >= name &&
              g_ascii_strncasecmp (headers + pos, original_fields[i], name) == 0)
            {
              current = i;
              value = g_string_new_len (headers + pos + name, n - name);
              break;
            }
        }
      pos = end;
    }

  if (value != NULL)
    values[current] = g_string_free (value, FALSE);
}

/**
 * bv_decode_field_value:
 * @raw: (nullable): the raw value of a header field, after its colon
 *
 * Unfolds @raw and decodes its encoded words and 8-bit text with GMime.
 *
 * Returns: (nullable): the value as valid UTF-8 without surrounding blanks
 */
char *
bv_decode_field_value (const char *raw)
{
  g_autofree char *unfolded = NULL;
  g_autofree char *decoded = NULL;
  gboolean plain = TRUE;

  if (raw == NULL)
    return NULL;

  unfolded = unfold_value (raw, strlen (raw));
  g_strstrip (unfolded);

  /* Text of ASCII words without encoded words decodes to itself. */
  for (const char *p = unfolded; *p != '\0' && plain; p++)
    plain = (guchar) *p < 0x80 && !(p[0] == '=' && p[1] == '?');
  if (plain)
    return g_steal_pointer (&unfolded);

  decoded = g_mime_utils_header_decode_text (parser_options, unfolded);
  return bv_utf8_make_valid (decoded != NULL ? decoded : unfolded, -1);
}

/* Tells whether the fields of a message's header, as
 * find_original_fields() reads them, are those of a daemon's report. */
static gboolean
fields_name_report (char *values[N_ORIGINAL_FIELDS])
{
  const char *type = values[ORIGINAL_CONTENT_TYPE];
  const char *from = values[ORIGINAL_FROM];

  return (type != NULL && bv_scan_find_phrase (type, strlen (type), "multipart/report") != NULL) ||
         (from != NULL && (bv_scan_find_phrase (from, strlen (from), "mailer-daemon") != NULL ||
                           bv_scan_find_phrase (from, strlen (from), "postmaster") != NULL));
}

/**
 * bv_report_parse_original:
 * @report: the report
 * @headers: the header block of the returned original message
 * @length: its length in bytes
 *
 * Reads Message-ID, Subject, From, To and Date of the returned original.
 */
void
bv_report_parse_original (BvReport   *report,
                          const char *headers,
                          gsize       length)
{
  char *values[N_ORIGINAL_FIELDS] = { NULL };

  length = header_block_length (headers, length);
  if (length == 0)
    return;

  find_original_fields (headers, length, values);

  if (report->original_message_id == NULL && values[ORIGINAL_MESSAGE_ID] != NULL)
    {
      g_autofree char *id = bv_decode_field_value (values[ORIGINAL_MESSAGE_ID]);

      report->original_message_id = id[0] == '<' ? g_strndup (id + 1, strcspn (id + 1, ">")) :
                                                   g_strdup (id);
    }
  if (report->original_subject == NULL)
    report->original_subject = bv_decode_field_value (values[ORIGINAL_SUBJECT]);
  if (report->original_from == NULL)
    report->original_from = bv_decode_field_value (values[ORIGINAL_FROM]);
  if (report->original_to == NULL)
    report->original_to = bv_decode_field_value (values[ORIGINAL_TO]);
  if (report->original_date == 0 && values[ORIGINAL_DATE] != NULL)
    {
      g_autofree char *date = bv_decode_field_value (values[ORIGINAL_DATE]);

      report->original_date = bv_parse_date (date);
    }

  /* A report without a date of its own or a Received field is dated by
   * the newest Received field of the original, which the reporting
   * server usually adds. */
  if (report->date == 0 && report->received_date == 0)
    report->received_date = newest_received_date (headers, length);

  /* Microsoft's Junk Mail Reporting Program names the complainant here. */
  if (report->original_complainant == NULL)
    report->original_complainant = bv_decode_field_value (values[ORIGINAL_COMPLAINANT]);

  /* A daemon may wrap another daemon's report instead of the original. */
  report->original_is_report = fields_name_report (values);

  for (guint i = 0; i < N_ORIGINAL_FIELDS; i++)
    g_free (values[i]);
}

/* The header block of the returned original is at its start; reading
 * that far is enough. A transfer encoding other than 7bit, 8bit or
 * binary (rare on message/rfc822) has to be decoded first. */
#define MAX_ORIGINAL_HEADER_BYTES (256 * 1024)

/* Returns the start of the content of @object, with at least its header
 * block where that is shorter than MAX_ORIGINAL_HEADER_BYTES, or NULL. */
static GByteArray *
read_header_block (GMimeObject *object)
{
  GMimeDataWrapper *content = g_mime_part_get_content (GMIME_PART (object));
  GMimeContentEncoding encoding;
  GByteArray *head;

  if (content == NULL)
    return NULL;

  encoding = g_mime_data_wrapper_get_encoding (content);
  if (encoding == GMIME_CONTENT_ENCODING_DEFAULT || encoding == GMIME_CONTENT_ENCODING_7BIT ||
      encoding == GMIME_CONTENT_ENCODING_8BIT || encoding == GMIME_CONTENT_ENCODING_BINARY)
    {
      GMimeStream *raw = g_mime_data_wrapper_get_stream (content);
      char buffer[4096];
      ssize_t n;

      head = g_byte_array_new ();
      g_mime_stream_reset (raw);
      while (head->len < MAX_ORIGINAL_HEADER_BYTES &&
             (n = g_mime_stream_read (raw, buffer, sizeof buffer)) > 0)
        {
          g_byte_array_append (head, (const guint8 *) buffer, n);
          if (header_block_length ((const char *) head->data, head->len) < head->len)
            break;
        }
      g_mime_stream_reset (raw);
    }
  else
    {
      head = read_content (content, MAX_ORIGINAL_HEADER_BYTES, NULL);
    }
  return head;
}

static void
read_original_part (BvReport *report)
{
  g_autoptr(GByteArray) head = NULL;

  if (report->original_part == NULL)
    return;

  head = read_header_block (report->original_part);
  if (head != NULL && head->len > 0)
    bv_report_parse_original (report, (const char *) head->data, head->len);
}

/* Tells whether the attached message @object is a daemon's report, by
 * its header. */
static gboolean
attached_is_report (GMimeObject *object)
{
  g_autoptr(GByteArray) head = read_header_block (object);
  char *values[N_ORIGINAL_FIELDS] = { NULL };
  gboolean is_report;

  if (head == NULL || head->len == 0)
    return FALSE;

  find_original_fields ((const char *) head->data,
                        header_block_length ((const char *) head->data, head->len), values);
  is_report = fields_name_report (values);
  for (guint i = 0; i < N_ORIGINAL_FIELDS; i++)
    g_free (values[i]);
  return is_report;
}

/* Returns the content of the leaf part @object with its transfer
 * encoding decoded, or NULL. */
static GBytes *
part_bytes (GMimeObject *object)
{
  GMimeDataWrapper *content = g_mime_part_get_content (GMIME_PART (object));
  g_autoptr(GMimeStream) stream = NULL;
  GByteArray *bytes;

  if (content == NULL)
    return NULL;

  stream = g_mime_stream_mem_new ();
  g_mime_data_wrapper_write_to_stream (content, stream);
  bytes = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));
  return g_bytes_new (bytes->data, bytes->len);
}

/**
 * bv_report_get_original_bytes:
 * @report: a report with a returned original message
 *
 * Returns: (transfer full) (nullable): the whole returned original, with
 *   its transfer encoding decoded
 */
GBytes *
bv_report_get_original_bytes (BvReport *report)
{
  if (report->original_part == NULL)
    return NULL;
  return part_bytes (report->original_part);
}

/**
 * bv_report_add_event:
 * @report: the report
 * @type: the event type
 *
 * Returns: (transfer none): a new event, owned by @report
 */
BvEvent *
bv_report_add_event (BvReport    *report,
                     BvEventType  type)
{
  BvEvent *event = bv_event_new (type);

  g_ptr_array_add (report->events, event);
  event->rcpt_index = report->events->len;
  return event;
}

/**
 * bv_report_set_truncation:
 * @report: the report
 * @format: a printf() format for the limit that the report passed
 *
 * Records that the report's events are incomplete because the report
 * passed a limit of the decoder. The result of a decoded report carries
 * the first such record as its error.
 */
void
bv_report_set_truncation (BvReport   *report,
                          const char *format,
                          ...)
{
  va_list args;

  if (report->truncation != NULL)
    return;

  va_start (args, format);
  report->truncation = g_strdup_vprintf (format, args);
  va_end (args);
}

/**
 * bv_report_note_text_cut:
 * @report: a report whose events come from its readable text
 *
 * Records that recipients may be missing when the readable text was cut
 * at its size limit.
 */
void
bv_report_note_text_cut (BvReport *report)
{
  if (report->text_cut)
    bv_report_set_truncation (report, "the readable text of the report is longer than %d MiB; "
                              "recipients named after that were not read",
                              MAX_TEXT_BYTES / (1024 * 1024));
}

static void
report_clear (BvReport *report)
{
  g_clear_object (&report->message);
  for (guint i = 0; i < BV_N_FIELDS; i++)
    g_free (report->fields[i]);
  g_free (report->from_address);
  g_free (report->to_address);
  g_free (report->subject);
  g_free (report->report_type);
  g_free (report->reporting_mta);
  if (report->text != NULL)
    g_string_free (report->text, TRUE);
  g_free (report->original_message_id);
  g_free (report->original_subject);
  g_free (report->original_from);
  g_free (report->original_to);
  g_free (report->original_complainant);
  g_clear_pointer (&report->events, g_ptr_array_unref);
  g_clear_pointer (&report->reparsed, g_ptr_array_unref);
  g_clear_pointer (&report->attached, g_array_unref);
  if (report->text_scan != NULL)
    report->text_scan_free (report->text_scan);
  g_free (report->truncation);
}

/* Two events for one recipient in one report come from reports that
 * list a recipient in the text and in the DSN; the first one stays. */
static void
drop_duplicate_recipients (BvReport *report)
{
  /* Keyed by type and lower-case recipient: comparing every pair took
   * minutes for a DSN of 100,000 recipients. */
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < report->events->len;)
    {
      BvEvent *event = g_ptr_array_index (report->events, i);
      g_autofree char *lower = NULL;
      char *key;

      if (event->recipient == NULL)
        {
          i++;
          continue;
        }

      lower = g_ascii_strdown (event->recipient, -1);
      key = g_strdup_printf ("%d %s", event->type, lower);
      if (g_hash_table_add (seen, key))
        i++;
      else
        g_ptr_array_remove_index (report->events, i);
    }

  for (guint i = 0; i < report->events->len; i++)
    ((BvEvent *) g_ptr_array_index (report->events, i))->rcpt_index = i + 1;
}

/* A remote MTA's name without the comments some servers write after
 * it: "gmail-smtp-in.l.google.com. (142.250.102.27, the server for the
 * domain gmail.com.)" becomes "gmail-smtp-in.l.google.com". An address
 * in brackets after the name stays: "mx.example.net [192.0.2.25]". */
static void
tidy_remote_mta (BvEvent *event)
{
  const char *host = event->remote_mta;
  gsize end = 0;

  if (host == NULL || *host == '[')
    return;
  while (host[end] != '\0' && host[end] != '(' &&
         !((host[end] == ' ' || host[end] == '\t') && host[end + 1] != '['))
    end++;
  while (end > 0 && (host[end - 1] == '.' || host[end - 1] == ' '))
    end--;
  if (end > 0 && end < strlen (host))
    bv_take_string (&event->remote_mta, g_strndup (host, end));
}

/* Returns the host name or address literal after @keyword ("from" or
 * "by", in lower case) in the value of a Received field (RFC 5321,
 * section 4.4), outside comments, or NULL. A name without a dot, such as
 * Exim's "from mail", is returned too, so that the caller can tell a
 * local sender. @after, when not NULL, gets the end of the name. */
static char *
received_clause (const char  *received,
                 const char  *keyword,
                 const char **after)
{
  gsize keyword_length = strlen (keyword);
  guint depth = 0;

  for (const char *p = received; *p != '\0'; p++)
    {
      const char *host;
      gsize length;

      if (*p == '(')
        depth++;
      else if (*p == ')' && depth > 0)
        depth--;
      if (depth > 0 || g_ascii_tolower (*p) != keyword[0] ||
          g_ascii_strncasecmp (p, keyword, keyword_length) != 0 ||
          !g_ascii_isspace (p[keyword_length]) || (p > received && !g_ascii_isspace (p[-1])))
        continue;

      host = p + keyword_length;
      while (g_ascii_isspace (*host))
        host++;
      length = strcspn (host, " \t\r\n;()");
      if (length == 0 || length > 255)
        return NULL;
      for (gsize i = 0; i < length; i++)
        if (!g_ascii_isalnum (host[i]) && strchr (".-_[]:", host[i]) == NULL)
          return NULL;
      if (after != NULL)
        *after = host + length;
      return g_strndup (host, length);
    }
  return NULL;
}

static gboolean
is_host_name (const char *host)
{
  return host != NULL && (strchr (host, '.') != NULL || strchr (host, ':') != NULL);
}

static gboolean
is_loopback (const char *host)
{
  return g_ascii_strncasecmp (host, "localhost", 9) == 0 || g_str_has_prefix (host, "127.") ||
         g_str_has_prefix (host, "[127.") || g_str_equal (host, "::1") ||
         g_ascii_strcasecmp (host, "[IPv6:::1]") == 0;
}

/* Returns the host name in the comment right after the "from" host, the
 * name that the receiver found for the sender's address:
 * "(relay.example.org [192.0.2.30])" gives "relay.example.org". Returns
 * NULL when there is no such name, as in "(wfilter115-a0
 * [172.26.26.68])": such an internal hop names less than the receiving
 * host does. */
static char *
from_comment_host (const char *after)
{
  const char *end;
  g_auto(GStrv) words = NULL;

  while (*after == ' ' || *after == '\t' || *after == '\r' || *after == '\n')
    after++;
  if (*after != '(' || (end = strchr (after, ')')) == NULL)
    return NULL;

  {
    g_autofree char *comment = g_strndup (after + 1, end - after - 1);

    words = g_strsplit_set (comment, " \t\r\n", -1);
  }
  for (guint i = 0; words[i] != NULL; i++)
    if (is_host_name (words[i]) && words[i][0] != '[' && !is_loopback (words[i]))
      return g_strdup (words[i]);
  return NULL;
}

/* Returns the host that a text bounce names as its writer in its first
 * lines: Postfix's "This is the mail system at host mx.example.org."
 * and qmail's "This is the qmail-send program at mx.example.org.". */
static char *
text_report_host (const BvReport *report)
{
  static const char * const phrases[] = {
    "this is the mail system at host ",
    "this is the qmail-send program at ",
  };
  gsize length = MIN (report->text_end, report->text->len);

  for (guint i = 0; i < G_N_ELEMENTS (phrases); i++)
    {
      const char *found = bv_scan_find_phrase (report->text->str, length, phrases[i]);
      const char *host;
      gsize host_length;

      if (found == NULL)
        continue;
      host = found + strlen (phrases[i]);
      host_length = bv_scan_host_name (host, report->text->str + length - host);
      if (host_length > 0 && memchr (host, '.', host_length) != NULL)
        return g_strndup (host, host_length);
    }
  return NULL;
}

/* Returns the host that wrote a report, from the oldest Received field of
 * its header: the receiving host ("by") when the report came from this
 * machine ("from localhost", "from mail ... with local", or no "from"
 * at all, as Postfix writes), else the host that sent it ("from").
 * qmail's "(qmail 30211 invoked for bounce)" names none. */
static char *
received_report_host (const char *received)
{
  const char *after = NULL;
  g_autofree char *from = received_clause (received, "from", &after);
  g_autofree char *by = received_clause (received, "by", NULL);
  g_autofree char *comment_host = NULL;

  if (from != NULL && is_host_name (from) && !is_loopback (from))
    return g_steal_pointer (&from);
  /* A short HELO name ("from relay (relay.example.org [192.0.2.30])")
   * is a remote host all the same when the receiver found its name. */
  if (from != NULL && !is_loopback (from))
    comment_host = from_comment_host (after);
  if (comment_host != NULL)
    return g_steal_pointer (&comment_host);
  return is_host_name (by) ? g_steal_pointer (&by) : NULL;
}

/* The phrase that starts each session of a Sendmail transcript. */
#define TRANSCRIPT_PHRASE "while talking to "

/* Returns where the report's text has TRANSCRIPT_PHRASE, in any case, or
 * NULL. Sendmail writes "while" or "While", so memmem() looks for the
 * rest first, which is faster than a search that ignores case. */
static const char *
find_transcript (BvReport *report)
{
  const char *text = report->text->str;
  const char *end = text + report->text_end;
  const char *rest = memmem (text, end - text, "hile talking to ", 16);

  if (rest == NULL || rest == text)
    return NULL;
  return bv_scan_find_phrase (rest - 1, end - (rest - 1), TRANSCRIPT_PHRASE);
}

/* Tells whether the session of a transcript between @from and @to failed
 * @recipient: a RCPT command names it (">>> RCPT To:<k.ono@example.net>"),
 * or its line starts with the code of a reply that the server gave in
 * this session ("<<< 554 5.7.1 ..." and "554 5.7.1 <a@example.net>...").
 * A line with another code, such as "550 ... Host unknown", is a failure
 * in which this server had no part. */
static gboolean
session_failed_recipient (const char *from,
                          const char *to,
                          const char *recipient)
{
  const char *at = from;

  while ((at = bv_scan_find_phrase (at, to - at, recipient)) != NULL)
    {
      const char *line = at;

      while (line > from && line[-1] != '\n')
        line--;
      while (line < at && (*line == ' ' || *line == '\t'))
        line++;
      if (g_str_has_prefix (line, ">>>") &&
          bv_scan_find_phrase (line, at - line, "rcpt to:") != NULL)
        return TRUE;
      if (at - line >= 4 && g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1]) &&
          g_ascii_isdigit (line[2]) && line[3] == ' ')
        {
          char reply[9] = "<<< ";

          memcpy (reply + 4, line, 3);
          reply[7] = ' ';
          reply[8] = '\0';
          if (g_strstr_len (from, to - from, reply) != NULL)
            return TRUE;
        }
      at += strlen (recipient);
    }
  return FALSE;
}

/* Sendmail writes the transcript of each SMTP session that failed: "...
 * while talking to mx.example.net.:", then the commands and replies.
 * A recipient that such a session failed (session_failed_recipient())
 * gets its host as the remote MTA. Other lines of a session may name
 * recipients that another host, or none, rejected, so they do not count.
 * @at is the first session, from find_transcript(). */
static void
take_remote_mta_from_transcript (BvReport   *report,
                                 BvEvent    *event,
                                 const char *at)
{
  const char *end = report->text->str + report->text_end;
  g_autofree char *recipient = g_ascii_strdown (event->recipient, -1);

  while (at != NULL)
    {
      const char *host = at + strlen (TRANSCRIPT_PHRASE);
      const char *next = bv_scan_find_phrase (host, end - host, TRANSCRIPT_PHRASE);
      const char *section_end = next != NULL ? next : end;
      gsize length = bv_scan_host_name (host, section_end - host);

      if (length > 0 && session_failed_recipient (host + length, section_end, recipient))
        {
          bv_take_string (&event->remote_mta, g_strndup (host, length));
          return;
        }
      at = next;
    }
}

static void
finish_events (BvReport *report)
{
  const char *context = report->text->str;
  gsize context_length = report->text_end;
  g_autofree char *report_host = NULL;
  gboolean report_host_found = FALSE;
  const char *transcript = NULL;
  gboolean transcript_found = FALSE;

  drop_duplicate_recipients (report);

  for (guint i = 0; i < report->events->len; i++)
    {
      BvEvent *event = g_ptr_array_index (report->events, i);

      if (event->original_message_id == NULL)
        bv_set_string (&event->original_message_id, report->original_message_id);
      if (event->original_subject == NULL)
        bv_set_string (&event->original_subject, report->original_subject);
      if (event->original_from == NULL)
        bv_set_string (&event->original_from, report->original_from);
      if (event->original_to == NULL)
        bv_set_string (&event->original_to, report->original_to);
      if (event->original_date == 0)
        event->original_date = report->original_date;
      if (event->reporting_mta == NULL)
        bv_set_string (&event->reporting_mta, report->reporting_mta);
      if (event->remote_mta == NULL && event->recipient != NULL &&
          (event->type == BV_EVENT_BOUNCE || event->type == BV_EVENT_DEFERRAL))
        {
          if (!transcript_found)
            {
              transcript = find_transcript (report);
              transcript_found = TRUE;
            }
          if (transcript != NULL)
            take_remote_mta_from_transcript (report, event, transcript);
        }
      /* A report without a Reporting-MTA field, such as a text bounce,
       * may name the host that wrote it in its text, else in its oldest
       * Received field. */
      if (event->reporting_mta == NULL && event->type != BV_EVENT_COMPLAINT &&
          event->type != BV_EVENT_AUTO_REPLY)
        {
          if (!report_host_found)
            {
              report_host = text_report_host (report);
              if (report_host == NULL && report->fields[BV_FIELD_RECEIVED] != NULL)
                report_host = received_report_host (report->fields[BV_FIELD_RECEIVED]);
              report_host_found = TRUE;
            }
          bv_set_string (&event->reporting_mta, report_host);
        }

      if (event->diagnostic != NULL)
        {
          char *joined = bv_scan_join_reply_lines (event->diagnostic);

          if (joined != NULL)
            bv_take_string (&event->diagnostic, joined);
        }
      tidy_remote_mta (event);

      bv_classify_event (event, context, context_length);
    }
}

static void
set_failure (BvDecodeResult *result,
             const char     *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
set_failure (BvDecodeResult *result,
             const char     *format,
             ...)
{
  va_list args;

  va_start (args, format);
  result->status = BV_DECODE_FAILED;
  result->error = g_strdup_vprintf (format, args);
  va_end (args);
}

/* Finds "message/rfc822" and "message/global" where they are the value of
 * a Content-Type field and returns their offsets. */
static GArray *
find_returned_message_types (const char *data,
                             gsize       length)
{
  static const char * const types[] = { "message/rfc822", "message/global" };
  GArray *found = NULL;

  for (gsize i = 0; i + 14 <= length; i++)
    {
      const char *hit = memchr (data + i, '/', length - i);
      gsize start;
      gsize p;

      if (hit == NULL)
        break;
      i = hit - data;
      if (i < 7)
        continue;
      start = i - 7;
      if (start + 14 > length || g_ascii_strncasecmp (data + start, "message", 7) != 0)
        continue;
      if (g_ascii_strncasecmp (data + start, types[0], 14) != 0 &&
          g_ascii_strncasecmp (data + start, types[1], 14) != 0)
        continue;
      if (start + 14 < length && (g_ascii_isalnum (data[start + 14]) || data[start + 14] == '-'))
        continue;

      /* Back over blanks and one line fold to "Content-Type:" at a line start. */
      p = start;
      while (p > 0 && (data[p - 1] == ' ' || data[p - 1] == '\t'))
        p--;
      if (p > 0 && data[p - 1] == '\n')
        {
          p--;
          while (p > 0 && data[p - 1] != '\n' && data[p - 1] != ':')
            p--;
          while (p > 0 && (data[p - 1] == ' ' || data[p - 1] == '\t'))
            p--;
        }
      if (p < 13 || data[p - 1] != ':' || g_ascii_strncasecmp (data + p - 13, "content-type:", 13) != 0)
        continue;
      if (p - 13 > 0 && data[p - 14] != '\n')
        continue;

      if (found == NULL)
        found = g_array_new (FALSE, FALSE, sizeof (gsize));
      g_array_append_val (found, start);
    }

  return found;
}

/* Measures the UTF-8 byte order mark and the blank lines that some saved
 * messages have before their first header field. Line ends must be LF
 * already. */
static gsize
leading_noise_length (const char *data,
                      gsize       length)
{
  gsize skip = bv_utf8_bom_length (data, length);

  while (skip < length)
    {
      gsize end = skip;

      while (end < length && (data[end] == ' ' || data[end] == '\t'))
        end++;
      if (end >= length || data[end] != '\n')
        break;
      skip = end + 1;
    }

  return skip;
}

static gboolean
looks_like_message (const char *data,
                    gsize       length)
{
  gsize n = MIN (length, 4096);

  /* A message starts with a header field: a name of printable ASCII
   * without space, then a colon. */
  for (gsize i = 0; i < n; i++)
    {
      guchar c = data[i];

      if (c == ':')
        return i > 0;
      if (c <= ' ' || c >= 127)
        return FALSE;
    }
  return FALSE;
}

static BvDecodeResult *decode_at_depth (const char *data,
                                        gsize       length,
                                        guint       depth,
                                        guint       mime_depth,
                                        gboolean   *too_deep);

/* Decodes the report that a daemon's report wraps as its attachment,
 * and takes its events. */
static gboolean
decode_wrapped_report (BvReport *report,
                       guint     depth)
{
  g_autoptr(GBytes) original = bv_report_get_original_bytes (report);
  gsize length;
  const char *data;
  g_autoptr(BvDecodeResult) inner = NULL;

  if (original == NULL)
    return FALSE;
  data = g_bytes_get_data (original, &length);
  inner = decode_at_depth (data, length, depth + 1, report->mime_depth + 1, NULL);

  if (inner->status != BV_DECODE_EVENTS)
    return FALSE;

  while (inner->events->len > 0)
    g_ptr_array_add (report->events, g_ptr_array_steal_index (inner->events, 0));
  if (inner->error != NULL)
    bv_report_set_truncation (report, "%s", inner->error);
  report->format = "wrapped";
  return TRUE;
}

/* Tells whether no event of the report has a status or a reply code. A
 * text bounce whose only address is a help desk gives such events. */
static gboolean
events_lack_codes (BvReport *report)
{
  for (guint i = 0; i < report->events->len; i++)
    {
      BvEvent *event = g_ptr_array_index (report->events, i);

      if (event->status != NULL || event->reply_code != 0)
        return FALSE;
    }
  return TRUE;
}

/* Decodes the report that the report's text contains from @start, as in
 * a notice that forwards another server's bounce. When the pasted report
 * gives events, they replace the report's own. */
static gboolean
decode_pasted_report (BvReport *report,
                      gsize     start,
                      guint     depth)
{
  g_autoptr(BvDecodeResult) inner = decode_at_depth (report->text->str + start,
                                                     report->text->len - start, depth + 1,
                                                     report->mime_depth + 1, NULL);

  if (inner->status != BV_DECODE_EVENTS || inner->events->len == 0)
    return FALSE;

  g_ptr_array_set_size (report->events, 0);
  while (inner->events->len > 0)
    g_ptr_array_add (report->events, g_ptr_array_steal_index (inner->events, 0));
  /* The text that contains the pasted report may have been cut. */
  g_clear_pointer (&report->truncation, g_free);
  if (inner->error != NULL)
    bv_report_set_truncation (report, "%s", inner->error);
  bv_report_note_text_cut (report);
  report->format = "wrapped";
  return TRUE;
}

/* The maximum number of attached reports that one forward gives events
 * from. */
#define MAX_FORWARDED_REPORTS 1000

static void
note_too_many_forwarded_events (BvReport *report)
{
  bv_report_set_truncation (report, "the message forwards reports on more than %d recipients; "
                            "only the first %d were read",
                            BV_REPORT_MAX_EVENTS, BV_REPORT_MAX_EVENTS);
}

/* Takes the events of @inner, a report that @report forwards, up to
 * BV_REPORT_MAX_EVENTS in all. */
static void
take_forwarded_events (BvReport       *report,
                       BvDecodeResult *inner)
{
  guint room = BV_REPORT_MAX_EVENTS - MIN (report->events->len, BV_REPORT_MAX_EVENTS);

  if (inner->events->len > room)
    {
      note_too_many_forwarded_events (report);
      g_ptr_array_set_size (inner->events, room);
    }
  if (inner->error != NULL)
    bv_report_set_truncation (report, "%s", inner->error);

  /* NOTE: the events of every forwarded report take the dates of the
   * first one, because the result has one report date. */
  if (report->events->len == 0)
    {
      report->date = inner->date;
      report->received_date = inner->received_date;
    }
  g_ptr_array_extend_and_steal (report->events, g_steal_pointer (&inner->events));
}

/* Decodes the messages attached to a message that is no report itself,
 * as when a person forwards bounces to a postmaster's mailbox. It takes
 * the events of an attached message that is a daemon's report by its
 * header, or a forward of one, so an attached ordinary message gives
 * none. Sets @too_deep when attached messages nest deeper than
 * MAX_MIME_DEPTH, as a chain of forwards can. */
static gboolean
decode_forwarded_reports (BvReport *report,
                          guint     depth,
                          gboolean *too_deep)
{
  guint n_reports = 0;

  for (guint i = 0; i < report->attached->len; i++)
    {
      const BvAttachedMessage *attached = &g_array_index (report->attached, BvAttachedMessage, i);
      g_autoptr(GBytes) bytes = part_bytes (attached->part);
      g_autoptr(BvDecodeResult) inner = NULL;
      gboolean is_report;
      gsize length;
      const char *data;

      /* An empty attached message has nothing to decode, and GBytes
       * gives its data as NULL. */
      if (bytes == NULL || g_bytes_get_size (bytes) == 0)
        continue;

      is_report = attached_is_report (attached->part);
      data = g_bytes_get_data (bytes, &length);
      inner = decode_at_depth (data, length, depth + 1, attached->depth + 1, too_deep);
      if (inner->status != BV_DECODE_EVENTS ||
          (!is_report && g_strcmp0 (inner->format, "forwarded") != 0))
        continue;

      if (report->events->len >= BV_REPORT_MAX_EVENTS)
        {
          note_too_many_forwarded_events (report);
          break;
        }
      if (n_reports == MAX_FORWARDED_REPORTS)
        {
          bv_report_set_truncation (report, "the message forwards more than %d reports; "
                                    "only the first %d were read",
                                    MAX_FORWARDED_REPORTS, MAX_FORWARDED_REPORTS);
          break;
        }
      take_forwarded_events (report, inner);
      n_reports++;
    }

  if (report->events->len == 0)
    return FALSE;
  report->format = "forwarded";
  report->events_finished = TRUE;
  return TRUE;
}

/* Records that MIME parts nested deeper than MAX_MIME_DEPTH were left
 * unread, for a message that gave no events. */
static void
set_too_deep_failure (BvDecodeResult *result)
{
  g_ptr_array_set_size (result->events, 0);
  set_failure (result, "MIME parts nested more than %d levels deep; the deeper parts were not read",
               MAX_MIME_DEPTH);
}

/**
 * bv_decode:
 * @data: the bytes of one message, as read from the file
 * @length: their count
 *
 * Decodes one message. Never fails hard: a message that cannot be read
 * gives a result with %BV_DECODE_FAILED and a readable reason.
 *
 * Returns: (transfer full): the result
 */
BvDecodeResult *
bv_decode (const char *data,
           gsize       length)
{
  return decode_at_depth (data, length, 0, 0, NULL);
}

/* Decodes a message that @depth reports around it contain, as a pasted
 * or attached report. Its MIME tree starts at level @mime_depth of the
 * outermost message's. @too_deep, when not NULL, is set when parts were
 * left unread below MAX_MIME_DEPTH, and left as it is otherwise. */
static BvDecodeResult *
decode_at_depth (const char *data,
                 gsize       length,
                 guint       depth,
                 guint       mime_depth,
                 gboolean   *too_deep)
{
  BvDecodeResult *result = g_new0 (BvDecodeResult, 1);
  g_autoptr(GByteArray) normalized = NULL;
  GArray *hidden;
  GByteArray *wrapper;
  GMimeStream *stream;
  GMimeParser *parser;
  BvReport report = { 0 };
  TextParts texts;
  gsize skip;
  gsize headers_start;
  gboolean found;

  bv_decoder_init ();
  result->events = g_ptr_array_new_with_free_func ((GDestroyNotify) bv_event_free);

  /* Empty data may come as NULL, as from g_bytes_get_data(). */
  if (data == NULL)
    data = "";

  if (mime_depth > MAX_MIME_DEPTH)
    {
      set_too_deep_failure (result);
      if (too_deep != NULL)
        *too_deep = TRUE;
      return result;
    }

  if (length > BV_DECODE_MAX_SIZE)
    {
      /* An mbox hands over only one byte more than the limit, so the
       * size here need not be the message's. */
      set_failure (result, "message too large: the limit is %d MB",
                   BV_DECODE_MAX_SIZE / (1024 * 1024));
      return result;
    }

  normalized = normalize_line_ends (data, length);
  if (normalized != NULL)
    {
      data = (const char *) normalized->data;
      length = normalized->len;
    }

  skip = leading_noise_length (data, length);
  data += skip;
  length -= skip;

  /* An mbox "From " line at the top of a single message file. */
  if (length > 5 && memcmp (data, "From ", 5) == 0)
    {
      const char *nl = memchr (data, '\n', length);

      if (nl == NULL)
        {
          set_failure (result, "not a mail message: no header fields");
          return result;
        }
      length -= nl + 1 - data;
      data = nl + 1;
    }

  if (length == 0 || !looks_like_message (data, length))
    {
      set_failure (result, length == 0 ? "empty message" : "not a mail message: no header fields");
      return result;
    }

  pin_encoded_word_charsets (data, length);

  /* GMime works on a copy: one with only the header fields the decoder
   * reads, and with the original message a bounce returns hidden
   * behind a leaf content type (see BV_HIDDEN_RFC822), so that GMime
   * does not parse the whole original. */
  if (normalized == NULL)
    {
      normalized = g_byte_array_sized_new (length);
      g_byte_array_append (normalized, (const guint8 *) data, length);
    }
  else if (data != (const char *) normalized->data)
    {
      /* The copy starts where @data does, after the skipped bytes. */
      g_byte_array_remove_range (normalized, 0, data - (const char *) normalized->data);
    }
  {
    gsize trimmed = take_header_fields ((char *) normalized->data, normalized->len, report.fields,
                                        &report.date, &report.received_date);

    if (trimmed > 0)
      g_byte_array_set_size (normalized, trimmed);
  }
  data = (const char *) normalized->data;
  length = normalized->len;

  hidden = find_returned_message_types (data, length);
  if (hidden != NULL)
    {
      for (guint i = 0; i < hidden->len; i++)
        {
          gsize at = g_array_index (hidden, gsize, i);
          gboolean global = g_ascii_strncasecmp (data + at, "message/global", 14) == 0;

          memcpy (normalized->data + at, global ? BV_HIDDEN_GLOBAL : BV_HIDDEN_RFC822, 14);
        }
      g_array_unref (hidden);
    }

  /* The stream does not copy the data, and with a persistent stream
   * GMime keeps offsets into it instead of copying each part's content. */
  wrapper = g_byte_array_new_take ((guint8 *) data, length);
  stream = g_mime_stream_mem_new_with_byte_array (wrapper);
  g_mime_stream_mem_set_owner (GMIME_STREAM_MEM (stream), FALSE);
  parser = g_mime_parser_new_with_stream (stream);
  g_mime_parser_set_persist_stream (parser, TRUE);

  /* A part, not a GMimeMessage: the report's own headers are read on
   * demand, which spares GMime parsing every address field up front. */
  report.message = g_mime_parser_construct_part (parser, parser_options);
  g_object_unref (parser);
  if (report.message == NULL)
    {
      set_failure (result, "not a mail message: GMime found no header block");
      for (guint i = 0; i < BV_N_FIELDS; i++)
        g_free (report.fields[i]);
      g_object_unref (stream);
      g_byte_array_free (wrapper, FALSE);
      return result;
    }

  report.mime_depth = mime_depth;
  report.events = g_ptr_array_ref (result->events);
  report.reparsed = g_ptr_array_new_with_free_func (g_object_unref);
  report.text = g_string_new (NULL);
  report.from_address = field_address (&report, BV_FIELD_FROM);
  report.to_address = field_address (&report, BV_FIELD_TO);
  report.subject = field_text (&report, BV_FIELD_SUBJECT);
  if (report.subject == NULL)
    report.subject = g_strdup ("");

  texts.plain = g_ptr_array_new ();
  texts.html = g_ptr_array_new ();
  texts.prologues = g_ptr_array_new ();
  texts.too_deep = FALSE;
  collect_parts (&report, report.message, &texts, mime_depth);

  for (guint i = 0; i < texts.plain->len; i++)
    append_part_text (&report, g_ptr_array_index (texts.plain, i), FALSE);
  if (texts.plain->len == 0)
    {
      for (guint i = 0; i < texts.html->len; i++)
        append_part_text (&report, g_ptr_array_index (texts.html, i), TRUE);
    }
  for (guint i = 0; i < texts.prologues->len; i++)
    {
      g_autofree char *text = bv_utf8_make_valid (g_ptr_array_index (texts.prologues, i), -1);

      append_text (&report, text);
    }
  g_ptr_array_unref (texts.plain);
  g_ptr_array_unref (texts.html);
  g_ptr_array_unref (texts.prologues);

  report.text_end = find_original_start (report.text->str, report.text->len, &headers_start);
  read_original_part (&report);
  if (report.original_part == NULL && headers_start < report.text->len)
    bv_report_parse_original (&report, report.text->str + headers_start,
                              report.text->len - headers_start);

  result->message_id = report_message_id (&report);
  result->subject = g_strdup (report.subject);
  result->from = g_strdup (report.from_address);

  found = FALSE;
  if (report.dsn_part != NULL)
    found = bv_dsn_decode_part (&report);
  if (!found && report.feedback_part != NULL)
    found = bv_feedback_decode (&report);
  if (!found && report.dsn_part == NULL && report.feedback_part == NULL)
    found = bv_ses_decode (&report);
  if (!found && report.original_complainant != NULL)
    found = bv_feedback_decode_jmrp (&report);
  if (!found && report.original_is_report && report.original_part != NULL && depth < 2 &&
      bv_text_bounce_from_daemon (&report))
    found = decode_wrapped_report (&report, depth);
  if (!found && bv_text_bounce_has_signals (&report))
    found = bv_text_bounce_decode (&report);
  /* A report pasted below the text, when the text itself gives no code:
   * a daemon's or a list robot's notice, not a forward by a person. */
  if ((!found || events_lack_codes (&report)) && report.original_part == NULL &&
      report.original_is_report && headers_start < report.text->len && depth < 2 &&
      bv_text_bounce_has_signals (&report))
    found = decode_pasted_report (&report, headers_start, depth) || found;
  if (!found && report.attached != NULL)
    found = decode_forwarded_reports (&report, depth, &texts.too_deep);
  if (!found)
    found = bv_feedback_decode_unsubscribe (&report);
  if (!found)
    found = bv_auto_reply_decode (&report);

  result->date = report.date;
  result->received_date = report.received_date;
  if (found && report.events->len > 0)
    {
      /* Events of attached reports were finished by their own decode. */
      if (report.events_finished)
        drop_duplicate_recipients (&report);
      else
        finish_events (&report);
      result->status = BV_DECODE_EVENTS;
      result->format = g_strdup (report.format);
      result->error = g_steal_pointer (&report.truncation);
    }
  else if (texts.too_deep)
    {
      /* A message nested too deep inside fails the messages around it. */
      set_too_deep_failure (result);
      if (too_deep != NULL)
        *too_deep = TRUE;
    }
  else
    {
      g_ptr_array_set_size (result->events, 0);
      result->status = BV_DECODE_NOT_BOUNCE;
    }

  report_clear (&report);

  /* The byte array wraps memory the caller owns: free only the wrapper,
   * once nothing reads through the stream any more. */
  g_object_unref (stream);
  g_byte_array_free (wrapper, FALSE);
  return result;
}
