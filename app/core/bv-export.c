/* bv-export.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One event as a line of JSON, TSV or CSV. The keys and columns are the
 * event vocabulary of the database and the command line. */

#include "bv-export.h"

#include <string.h>

#include <stddef.h>

typedef enum
{
  COLUMN_SOURCE,
  COLUMN_SOURCE_INDEX,
  COLUMN_EVENT_DATE,
  COLUMN_TYPE,
  COLUMN_TEXT,                  /* a char * field of BvEvent */
  COLUMN_REPLY_CODE,
  COLUMN_DATE,                  /* a gint64 field of BvEvent */
  COLUMN_HARD_BOUNCE,
} ColumnKind;

typedef struct
{
  const char *name;
  ColumnKind kind;
  gsize offset;                 /* of the field in BvEvent */
} Column;

#define TEXT(field) { #field, COLUMN_TEXT, offsetof (BvEvent, field) }
#define DATE(field) { #field, COLUMN_DATE, offsetof (BvEvent, field) }

static const Column columns[] = {
  { "source", COLUMN_SOURCE, 0 },
  { "source_index", COLUMN_SOURCE_INDEX, 0 },
  { "date", COLUMN_EVENT_DATE, 0 },
  { "type", COLUMN_TYPE, 0 },
  TEXT (action),
  TEXT (recipient),
  TEXT (original_recipient),
  TEXT (status),
  { "reply_code", COLUMN_REPLY_CODE, 0 },
  TEXT (diagnostic),
  TEXT (diagnostic_type),
  TEXT (smtp_command),
  TEXT (remote_mta),
  TEXT (reporting_mta),
  DATE (arrival_date),
  DATE (last_attempt_date),
  DATE (will_retry_until),
  TEXT (reason),
  { "hard_bounce", COLUMN_HARD_BOUNCE, 0 },
  TEXT (evidence),
  TEXT (feedback_type),
  TEXT (original_message_id),
  TEXT (original_subject),
  TEXT (original_from),
  TEXT (original_to),
  TEXT (source_ip),
  TEXT (reported_domain),
};

gboolean
bv_export_format_from_string (const char     *name,
                              BvExportFormat *format)
{
  if (g_strcmp0 (name, "json") == 0)
    *format = BV_EXPORT_JSON;
  else if (g_strcmp0 (name, "tsv") == 0)
    *format = BV_EXPORT_TSV;
  else if (g_strcmp0 (name, "csv") == 0)
    *format = BV_EXPORT_CSV;
  else
    return FALSE;
  return TRUE;
}

/**
 * bv_export_format_from_file_name:
 * @file_name: a file name or path
 * @format: (out): set to the format when the extension names one
 *
 * Finds the format that the extension of @file_name names, in any
 * case: .csv, .tsv or .tab, and .json, .jsonl or .ndjson for JSON lines.
 *
 * Returns: %TRUE when the extension names a format
 */
gboolean
bv_export_format_from_file_name (const char     *file_name,
                                 BvExportFormat *format)
{
  static const struct
  {
    const char *extension;
    BvExportFormat format;
  } extensions[] = {
    { ".csv", BV_EXPORT_CSV },
    { ".tsv", BV_EXPORT_TSV },
    { ".tab", BV_EXPORT_TSV },
    { ".json", BV_EXPORT_JSON },
    { ".jsonl", BV_EXPORT_JSON },
    { ".ndjson", BV_EXPORT_JSON },
  };
  const char *dot = strrchr (file_name, '.');

  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    {
      if (g_ascii_strcasecmp (dot, extensions[i].extension) == 0)
        {
          *format = extensions[i].format;
          return TRUE;
        }
    }
  return FALSE;
}

/* Control characters in a value could drive the terminal that shows
 * it: a forged bounce may put escape sequences into its diagnostic text
 * or its subject. Each format writes them so that none reaches the
 * output as such: the C0 controls (U+0000 to U+001F), DEL (U+007F) and
 * the C1 controls (U+0080 to U+009F, in UTF-8 0xC2 0x80 to 0xC2 0x9F).
 * stop_bytes marks every byte that starts one, and for JSON also the
 * quote and the backslash. 0xC2 also starts other characters, and
 * bv_utf8_control_length() separates those from the controls. With
 * this set of 34 bytes, glibc's strcspn() took its generic path
 * (__strcspn_generic in perf), a tenth of the time of a list of 17,202
 * events. */
enum
{
  STOP_PLAIN = 1 << 0,
  STOP_JSON = 1 << 1
};

static const guint8 stop_bytes[256] = {
  [0x00 ... 0x1f] = STOP_PLAIN | STOP_JSON,
  ['"'] = STOP_JSON,
  ['\\'] = STOP_JSON,
  [0x7f] = STOP_PLAIN | STOP_JSON,
  [0xc2] = STOP_PLAIN | STOP_JSON,
};

/* Returns how many bytes at @text need no escape in a value of @kind.
 * The terminating NUL stops every kind. */
static inline gsize
plain_length (const char *text,
              guint8      kind)
{
  const guchar *byte = (const guchar *) text;

  while ((stop_bytes[*byte] & kind) == 0)
    byte++;
  return byte - (const guchar *) text;
}

/* JSON escapes the quote, the backslash and every control character.
 * Bytes that are not UTF-8, as in some file names, are read as
 * bv_utf8_make_valid() reads them, so that the line stays valid JSON. */
static void
append_json_string (GString    *out,
                    const char *text)
{
  g_autofree char *valid = NULL;

  if (!bv_utf8_is_valid (text, -1))
    text = valid = bv_utf8_make_valid (text, -1);

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      gsize plain = plain_length (p, STOP_JSON);
      gsize control;
      guchar c;

      /* Copy the run of characters that need no escape at once. */
      if (plain > 0)
        {
          g_string_append_len (out, p, plain);
          p += plain;
          if (*p == '\0')
            break;
        }

      c = *p;
      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          /* The last byte of a control character is its code point. */
          control = bv_utf8_control_length (p);
          if (control > 0)
            {
              g_string_append_printf (out, "\\u%04x", (guchar) p[control - 1]);
              p += control - 1;
            }
          else
            {
              g_string_append_c (out, c);
            }
        }
    }
  g_string_append_c (out, '"');
}

/**
 * bv_export_append_plain:
 * @out: the text to append to
 * @text: a value
 *
 * Appends @text with each control character, tabs and line breaks
 * included, as a space: a TSV value, which has no quoting, or a line of
 * plain text that a forged value cannot break or use to reach the
 * terminal.
 */
void
bv_export_append_plain (GString    *out,
                        const char *text)
{
  const char *p = text;

  for (;;)
    {
      gsize plain = plain_length (p, STOP_PLAIN);
      gsize control;

      g_string_append_len (out, p, plain);
      p += plain;
      if (*p == '\0')
        break;
      control = bv_utf8_control_length (p);
      if (control == 0)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      g_string_append_c (out, ' ');
      p += control;
    }
}

/* Tells whether a spreadsheet could take @text for a formula. Excel,
 * LibreOffice Calc and Google Sheets do so for a cell that starts with
 * =, +, - or @, and a forged bounce can put "=HYPERLINK(...)" into its
 * subject or recipient. A tab or a carriage return in front counts too,
 * as in common guards (OWASP ASVS 5.0, requirement 1.2.10, lists the
 * tab). A single character is no formula, so "-", the source of
 * standard input, stays as it is. */
static gboolean
could_be_formula (const char *text)
{
  return text[0] != '\0' && text[1] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

/* CSV quotes a value with a comma, a quote or a line break, and keeps
 * tabs and line breaks; other control characters become spaces. A value
 * that could be a formula gets a ' in front, which makes a spreadsheet
 * take it for text (the defence that CWE-1236 names). */
static void
append_csv_value (GString    *out,
                  const char *text)
{
  gboolean quote = strpbrk (text, ",\"\n\r") != NULL;
  gboolean mark_as_text = could_be_formula (text);

  if (!quote && !mark_as_text && text[plain_length (text, STOP_PLAIN)] == '\0')
    {
      g_string_append (out, text);
      return;
    }

  if (quote)
    g_string_append_c (out, '"');
  if (mark_as_text)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;
      gsize control = bv_utf8_control_length (p);

      if (c == '"')
        {
          g_string_append (out, "\"\"");
        }
      else if (c == '\t' || c == '\n' || c == '\r' || control == 0)
        {
          g_string_append_c (out, c);
        }
      else
        {
          g_string_append_c (out, ' ');
          p += control - 1;
        }
    }
  if (quote)
    g_string_append_c (out, '"');
}

void
bv_export_header (GString        *out,
                  BvExportFormat  format)
{
  if (format == BV_EXPORT_JSON)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      if (i > 0)
        g_string_append_c (out, format == BV_EXPORT_TSV ? '\t' : ',');
      g_string_append (out, columns[i].name);
    }
  g_string_append_c (out, '\n');
}

/**
 * bv_export_event:
 * @out: the string to append to
 * @format: the output format
 * @event: the event
 * @source: (nullable): the file the event came from
 * @source_index: the position of the message in an mbox, else 0
 * @date: when the event happened: its last attempt or arrival date, else
 *   the date of the report (Unix time; 0 when unknown)
 *
 * Appends one line that describes @event. Absent values are `null` in
 * JSON and empty in TSV and CSV.
 */
void
bv_export_event (GString        *out,
                 BvExportFormat  format,
                 const BvEvent  *event,
                 const char     *source,
                 guint64         source_index,
                 gint64          date)
{
  if (format == BV_EXPORT_JSON)
    g_string_append_c (out, '{');

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      g_autofree char *owned = NULL;
      const char *text = NULL;
      gboolean is_null = FALSE;
      gboolean quoted = TRUE;

      const Column *column = &columns[i];

      switch (column->kind)
        {
        case COLUMN_SOURCE:
          text = source;
          break;
        case COLUMN_SOURCE_INDEX:
          owned = g_strdup_printf ("%" G_GUINT64_FORMAT, source_index);
          quoted = FALSE;
          break;
        case COLUMN_EVENT_DATE:
          owned = bv_format_iso8601 (date);
          break;
        case COLUMN_TYPE:
          text = bv_event_type_to_string (event->type);
          break;
        case COLUMN_TEXT:
          text = G_STRUCT_MEMBER (const char *, event, column->offset);
          break;
        case COLUMN_REPLY_CODE:
          if (event->reply_code != 0)
            owned = g_strdup_printf ("%u", event->reply_code);
          quoted = FALSE;
          break;
        case COLUMN_DATE:
          owned = bv_format_iso8601 (G_STRUCT_MEMBER (gint64, event, column->offset));
          break;
        case COLUMN_HARD_BOUNCE:
          /* hard_bounce means something only for bounces and deferrals. */
          if (event->type == BV_EVENT_BOUNCE || event->type == BV_EVENT_DEFERRAL)
            text = event->hard_bounce ? (format == BV_EXPORT_JSON ? "true" : "1") :
                                        (format == BV_EXPORT_JSON ? "false" : "0");
          quoted = FALSE;
          break;
        }

      if (owned != NULL)
        text = owned;
      is_null = text == NULL;

      if (format == BV_EXPORT_JSON)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_json_string (out, column->name);
          g_string_append_c (out, ':');
          if (is_null)
            g_string_append (out, "null");
          else if (quoted)
            append_json_string (out, text);
          else
            g_string_append (out, text);
          continue;
        }

      if (i > 0)
        g_string_append_c (out, format == BV_EXPORT_TSV ? '\t' : ',');
      if (is_null)
        continue;
      if (format == BV_EXPORT_TSV)
        bv_export_append_plain (out, text);
      else
        append_csv_value (out, text);
    }

  if (format == BV_EXPORT_JSON)
    g_string_append_c (out, '}');
  g_string_append_c (out, '\n');
}
