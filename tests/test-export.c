/* test-export.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Tests of the JSON, TSV and CSV lines that `bounceview-cli` prints and
 * the window exports: every format has the same columns, values with
 * separators, quotes or line breaks stay one value, and absent values
 * are null or empty. */

#include <string.h>

#include <json-glib/json-glib.h>

#include "bv-export.h"

/* 2026-03-01T12:00:00Z */
#define MARCH_FIRST G_GINT64_CONSTANT (1772366400)

static BvEvent *
build_event (void)
{
  BvEvent *event = bv_event_new (BV_EVENT_BOUNCE);

  bv_set_string (&event->recipient, "ana@example.net");
  bv_set_string (&event->status, "5.1.1");
  event->reply_code = 550;
  bv_set_string (&event->diagnostic,
                 "550 5.1.1 \"ana\"\tunknown,\r\nsee <b>help</b>");
  bv_set_string (&event->reason, "userunknown");
  event->hard_bounce = TRUE;
  event->last_attempt_date = MARCH_FIRST;
  return event;
}

static char **
header_columns (BvExportFormat format)
{
  g_autoptr(GString) out = g_string_new (NULL);

  bv_export_header (out, format);
  g_assert_true (g_str_has_suffix (out->str, "\n"));
  g_string_truncate (out, out->len - 1);
  return g_strsplit (out->str, format == BV_EXPORT_TSV ? "\t" : ",", -1);
}

static void
test_format_names (void)
{
  BvExportFormat format = BV_EXPORT_JSON;

  g_assert_true (bv_export_format_from_string ("csv", &format));
  g_assert_cmpint (format, ==, BV_EXPORT_CSV);
  g_assert_true (bv_export_format_from_string ("tsv", &format));
  g_assert_cmpint (format, ==, BV_EXPORT_TSV);
  g_assert_true (bv_export_format_from_string ("json", &format));
  g_assert_cmpint (format, ==, BV_EXPORT_JSON);
  g_assert_false (bv_export_format_from_string ("xml", &format));
  g_assert_false (bv_export_format_from_string (NULL, &format));
}

/* One JSON object a line, with every column as a key. */
static void
test_format_from_file_name (void)
{
  static const struct
  {
    const char *file_name;
    gboolean known;
    BvExportFormat format;
  } cases[] = {
    { "view.csv", TRUE, BV_EXPORT_CSV },
    { "/tmp/view.CSV", TRUE, BV_EXPORT_CSV },
    { "view.tsv", TRUE, BV_EXPORT_TSV },
    { "view.tab", TRUE, BV_EXPORT_TSV },
    { "view.json", TRUE, BV_EXPORT_JSON },
    { "view.jsonl", TRUE, BV_EXPORT_JSON },
    { "view.ndjson", TRUE, BV_EXPORT_JSON },
    { "view.csv.txt", FALSE, 0 },
    { "view", FALSE, 0 },
    { "/tmp/a.json/view", FALSE, 0 },
    { ".csv", TRUE, BV_EXPORT_CSV },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BvExportFormat format = 99;
      gboolean known = bv_export_format_from_file_name (cases[i].file_name, &format);

      g_test_message ("%s", cases[i].file_name);
      g_assert_cmpint (known, ==, cases[i].known);
      if (cases[i].known)
        g_assert_cmpint (format, ==, cases[i].format);
      else
        g_assert_cmpint (format, ==, 99);
    }
}

static void
test_json (void)
{
  g_autoptr(BvEvent) event = build_event ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) columns = header_columns (BV_EXPORT_CSV);
  JsonObject *object;

  bv_export_header (out, BV_EXPORT_JSON);
  g_assert_cmpuint (out->len, ==, 0);

  bv_export_event (out, BV_EXPORT_JSON, event, "/mail/bounces/cur/1", 0, MARCH_FIRST);
  g_assert_true (g_str_has_suffix (out->str, "}\n"));
  g_assert_true (strchr (out->str, '\n') == out->str + out->len - 1);

  json_parser_load_from_data (parser, out->str, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpuint (json_object_get_size (object), ==, g_strv_length (columns));
  for (guint i = 0; columns[i] != NULL; i++)
    g_assert_true (json_object_has_member (object, columns[i]));

  g_assert_cmpstr (json_object_get_string_member (object, "source"), ==,
                   "/mail/bounces/cur/1");
  g_assert_cmpint (json_object_get_int_member (object, "source_index"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "date"), ==,
                   "2026-03-01T12:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "bounce");
  g_assert_cmpint (json_object_get_int_member (object, "reply_code"), ==, 550);
  g_assert_cmpstr (json_object_get_string_member (object, "diagnostic"), ==,
                   event->diagnostic);
  g_assert_true (json_object_get_boolean_member (object, "hard_bounce"));
  g_assert_true (json_object_get_null_member (object, "remote_mta"));
  g_assert_true (json_object_get_null_member (object, "arrival_date"));
}

/* TSV has no quoting: a tab or line break inside a value becomes a
 * space, so every line keeps its column count. */
static void
test_tsv (void)
{
  g_autoptr(BvEvent) event = build_event ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) columns = header_columns (BV_EXPORT_TSV);
  g_auto(GStrv) values = NULL;

  bv_export_event (out, BV_EXPORT_TSV, event, "/mail/bounces.mbox", 12, MARCH_FIRST);
  g_assert_true (g_str_has_suffix (out->str, "\n"));
  g_string_truncate (out, out->len - 1);
  g_assert_null (strpbrk (out->str, "\r\n"));

  values = g_strsplit (out->str, "\t", -1);
  g_assert_cmpuint (g_strv_length (values), ==, g_strv_length (columns));
  for (guint i = 0; columns[i] != NULL; i++)
    {
      const char *value = values[i];

      if (g_str_equal (columns[i], "source_index"))
        g_assert_cmpstr (value, ==, "12");
      else if (g_str_equal (columns[i], "date"))
        g_assert_cmpstr (value, ==, "2026-03-01T12:00:00Z");
      else if (g_str_equal (columns[i], "diagnostic"))
        g_assert_cmpstr (value, ==, "550 5.1.1 \"ana\" unknown,  see <b>help</b>");
      else if (g_str_equal (columns[i], "hard_bounce"))
        g_assert_cmpstr (value, ==, "1");
      else if (g_str_equal (columns[i], "remote_mta"))
        g_assert_cmpstr (value, ==, "");
    }
}

/* Splits one CSV record as RFC 4180 reads it. */
static GPtrArray *
split_csv (const char *line)
{
  GPtrArray *values = g_ptr_array_new_with_free_func (g_free);
  GString *value = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (value, '"');
              p++;
            }
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (value, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        {
          g_ptr_array_add (values, g_string_free (value, FALSE));
          value = g_string_new (NULL);
        }
      else if (*p != '\n')
        g_string_append_c (value, *p);
    }
  g_assert_false (quoted);
  g_ptr_array_add (values, g_string_free (value, FALSE));
  return values;
}

/* CSV quotes a value with a comma, a quote or a line break and keeps
 * the value whole. */
static void
test_csv (void)
{
  g_autoptr(BvEvent) event = build_event ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) columns = header_columns (BV_EXPORT_CSV);
  g_autoptr(GPtrArray) values = NULL;
  guint diagnostic_column = 0;

  bv_set_string (&event->remote_mta, "mx.example.net");
  bv_export_event (out, BV_EXPORT_CSV, event, "/mail/a,b.eml", 0, 0);
  values = split_csv (out->str);
  g_assert_cmpuint (values->len, ==, g_strv_length (columns));

  for (guint i = 0; columns[i] != NULL; i++)
    {
      const char *value = g_ptr_array_index (values, i);

      if (g_str_equal (columns[i], "source"))
        g_assert_cmpstr (value, ==, "/mail/a,b.eml");
      else if (g_str_equal (columns[i], "date"))
        g_assert_cmpstr (value, ==, "");
      else if (g_str_equal (columns[i], "remote_mta"))
        g_assert_cmpstr (value, ==, "mx.example.net");
      else if (g_str_equal (columns[i], "diagnostic"))
        {
          g_assert_cmpstr (value, ==, event->diagnostic);
          diagnostic_column = i;
        }
    }
  g_assert_cmpuint (diagnostic_column, >, 0);
}

/* Returns the value of @column in a TSV line of bv_export_event(). */
static char *
tsv_value (const char *line,
           const char *column)
{
  g_auto(GStrv) columns = header_columns (BV_EXPORT_TSV);
  g_autofree char *copy = g_strndup (line, strcspn (line, "\n"));
  g_auto(GStrv) values = g_strsplit (copy, "\t", -1);

  g_assert_cmpuint (g_strv_length (values), ==, g_strv_length (columns));
  for (guint i = 0; columns[i] != NULL; i++)
    if (g_str_equal (columns[i], column))
      return g_strdup (values[i]);
  g_assert_not_reached ();
}

/* Returns the value of @column in a CSV line of bv_export_event(). */
static char *
csv_value (const char *line,
           const char *column)
{
  g_auto(GStrv) columns = header_columns (BV_EXPORT_CSV);
  g_autoptr(GPtrArray) values = split_csv (line);

  g_assert_cmpuint (values->len, ==, g_strv_length (columns));
  for (guint i = 0; columns[i] != NULL; i++)
    if (g_str_equal (columns[i], column))
      return g_strdup (g_ptr_array_index (values, i));
  g_assert_not_reached ();
}

/* A CSV value that a spreadsheet could read as a formula, such as the
 * subject of a forged bounce, gets a ' in front. TSV and JSON, which
 * scripts read, keep every value as it is. */
static void
test_csv_formula_marked_as_text (void)
{
  static const struct
  {
    const char *value;
    const char *csv;            /* the CSV field, after RFC 4180 unquoting */
  } cases[] = {
    { "=HYPERLINK(\"http://evil.example/\",\"x\")", "'=HYPERLINK(\"http://evil.example/\",\"x\")" },
    { "=1+1@example.net", "'=1+1@example.net" },
    { "+4917012345678@sms.example.net", "'+4917012345678@sms.example.net" },
    { "-2+3", "'-2+3" },
    { "@SUM(A1:A9)", "'@SUM(A1:A9)" },
    { "\t=1+1", "'\t=1+1" },
    { "\r=1+1", "'\r=1+1" },
    /* One character is no formula. */
    { "-", "-" },
    { "=", "=" },
    /* Only the first character counts. */
    { "a=b", "a=b" },
    { "ana+news@example.net", "ana+news@example.net" },
    { "'=already text", "'=already text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BvEvent) event = build_event ();
      g_autoptr(GString) csv = g_string_new (NULL);
      g_autoptr(GString) tsv = g_string_new (NULL);
      g_autoptr(GString) json = g_string_new (NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *subject = NULL;
      g_autofree char *recipient = NULL;
      g_autofree char *tsv_recipient = NULL;
      JsonObject *object;

      /* Set directly: bv_set_string() would strip the tab and the
       * carriage return in front. */
      g_test_message ("value %u", i);
      g_free (event->original_subject);
      event->original_subject = g_strdup (cases[i].value);
      g_free (event->recipient);
      event->recipient = g_strdup (cases[i].value);
      bv_export_event (csv, BV_EXPORT_CSV, event, "-", 0, 0);
      bv_export_event (tsv, BV_EXPORT_TSV, event, "-", 0, 0);
      bv_export_event (json, BV_EXPORT_JSON, event, "-", 0, 0);

      subject = csv_value (csv->str, "original_subject");
      recipient = csv_value (csv->str, "recipient");
      g_assert_cmpstr (subject, ==, cases[i].csv);
      g_assert_cmpstr (recipient, ==, cases[i].csv);

      /* TSV turns tabs and line breaks into spaces, and changes nothing else. */
      if (strpbrk (cases[i].value, "\t\r") == NULL)
        {
          tsv_recipient = tsv_value (tsv->str, "recipient");
          g_assert_cmpstr (tsv_recipient, ==, cases[i].value);
        }

      json_parser_load_from_data (parser, json->str, -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (object, "recipient"), ==, cases[i].value);
    }
}

/* A forged bounce may carry terminal escape sequences in its diagnostic
 * text: no format lets a control character through as it is. A C1
 * control (here U+009B, a CSI of its own) counts too; other characters
 * that start with the same byte, such as "©", stay. JSON also escapes
 * the quote and the backslash. */
static void
test_control_characters (void)
{
  static const char diagnostic[] =
    "550 \033]0;pwned\007\033[2Jno such \"user\\\302\233 \302\251 \177end";
  g_autoptr(BvEvent) event = build_event ();
  g_autoptr(GString) tsv = g_string_new (NULL);
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  JsonObject *object;

  bv_set_string (&event->diagnostic, diagnostic);
  bv_set_string (&event->original_subject, "Invoice\033[31m");

  bv_export_event (tsv, BV_EXPORT_TSV, event, "/mail/1", 0, 0);
  bv_export_event (csv, BV_EXPORT_CSV, event, "/mail/1", 0, 0);
  bv_export_event (json, BV_EXPORT_JSON, event, "/mail/1", 0, 0);

  const GString *outputs[] = { tsv, csv, json };

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      g_assert_null (strchr (outputs[i]->str, '\033'));
      g_assert_null (strchr (outputs[i]->str, '\007'));
      g_assert_null (strchr (outputs[i]->str, '\177'));
      g_assert_null (strstr (outputs[i]->str, "\302\233"));
      g_assert_nonnull (strstr (outputs[i]->str, "\302\251"));
    }

  value = tsv_value (tsv->str, "diagnostic");
  g_assert_cmpstr (value, ==, "550  ]0;pwned  [2Jno such \"user\\  \302\251  end");

  json_parser_load_from_data (parser, json->str, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "diagnostic"), ==, diagnostic);
  g_assert_cmpstr (json_object_get_string_member (object, "original_subject"), ==,
                   "Invoice\033[31m");
}

/* A file name need not be UTF-8; the JSON line stays valid all the same. */
static void
test_json_file_name_not_utf8 (void)
{
  g_autoptr(BvEvent) event = build_event ();
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *source;

  bv_export_event (out, BV_EXPORT_JSON, event, "/mail/latin1-\351.eml", 0, 0);
  g_assert_true (g_utf8_validate (out->str, out->len, NULL));
  json_parser_load_from_data (parser, out->str, -1, &error);
  g_assert_no_error (error);
  source = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                          "source");
  g_assert_true (g_str_has_prefix (source, "/mail/latin1-"));
  g_assert_true (g_str_has_suffix (source, ".eml"));
}

/* Complaints and auto-replies are neither hard nor soft bounces. */
static void
test_hard_bounce_only_for_failures (void)
{
  g_autoptr(BvEvent) event = bv_event_new (BV_EVENT_COMPLAINT);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  bv_set_string (&event->recipient, "ana@example.net");
  bv_set_string (&event->feedback_type, "abuse");
  bv_export_event (out, BV_EXPORT_JSON, event, NULL, 0, 0);

  json_parser_load_from_data (parser, out->str, -1, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_null_member (json_node_get_object (json_parser_get_root (parser)),
                                              "hard_bounce"));
  g_assert_true (json_object_get_null_member (json_node_get_object (json_parser_get_root (parser)),
                                              "source"));
}

/* A complaint's Source-IP and Reported-Domain come last in each format,
 * so that the columns of older exports keep their places. */
static void
test_complaint_fields (void)
{
  g_autoptr(BvEvent) event = bv_event_new (BV_EVENT_COMPLAINT);
  g_autoptr(GString) tsv = g_string_new (NULL);
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *source_ip = NULL;
  g_autofree char *reported_domain = NULL;
  g_auto(GStrv) columns = NULL;
  guint n_columns;
  JsonObject *object;

  bv_set_string (&event->recipient, "ana@example.net");
  bv_set_string (&event->source_ip, "192.0.2.25");
  bv_set_string (&event->reported_domain, "example.org");
  bv_export_event (tsv, BV_EXPORT_TSV, event, NULL, 0, 0);
  bv_export_event (json, BV_EXPORT_JSON, event, NULL, 0, 0);

  source_ip = tsv_value (tsv->str, "source_ip");
  reported_domain = tsv_value (tsv->str, "reported_domain");
  g_assert_cmpstr (source_ip, ==, "192.0.2.25");
  g_assert_cmpstr (reported_domain, ==, "example.org");
  columns = header_columns (BV_EXPORT_TSV);
  n_columns = g_strv_length (columns);
  g_assert_cmpuint (n_columns, >, 3);
  g_assert_cmpstr (columns[n_columns - 3], ==, "original_to");
  g_assert_cmpstr (columns[n_columns - 2], ==, "source_ip");
  g_assert_cmpstr (columns[n_columns - 1], ==, "reported_domain");

  json_parser_load_from_data (parser, json->str, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "source_ip"), ==, "192.0.2.25");
  g_assert_cmpstr (json_object_get_string_member (object, "reported_domain"), ==, "example.org");
}

/* Dates print as ISO 8601 in UTC with four-digit years, from year 1 to
 * 9999. 0 and dates outside those years print nothing. */
static void
test_iso8601_dates (void)
{
  const gint64 times[] = {
    1, 59, 951782400, 1718096640, 1735689599, 4102444800,
    -1, -62135596800, 253402300799,
  };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (times[i]);
      g_autofree char *expected = g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ",
                                                   g_date_time_get_year (date),
                                                   g_date_time_get_month (date),
                                                   g_date_time_get_day_of_month (date),
                                                   g_date_time_get_hour (date),
                                                   g_date_time_get_minute (date),
                                                   g_date_time_get_second (date));
      g_autofree char *formatted = bv_format_iso8601 (times[i]);

      g_assert_cmpstr (formatted, ==, expected);
    }

  g_assert_null (bv_format_iso8601 (0));
  g_assert_null (bv_format_iso8601 (-62135596801));
  g_assert_null (bv_format_iso8601 (253402300800));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bounceview/export/format-names", test_format_names);
  g_test_add_func ("/bounceview/export/format-from-file-name", test_format_from_file_name);
  g_test_add_func ("/bounceview/export/json", test_json);
  g_test_add_func ("/bounceview/export/tsv", test_tsv);
  g_test_add_func ("/bounceview/export/csv", test_csv);
  g_test_add_func ("/bounceview/export/csv-formula-marked-as-text",
                   test_csv_formula_marked_as_text);
  g_test_add_func ("/bounceview/export/control-characters", test_control_characters);
  g_test_add_func ("/bounceview/export/json-file-name-not-utf8", test_json_file_name_not_utf8);
  g_test_add_func ("/bounceview/export/hard-bounce-only-for-failures",
                   test_hard_bounce_only_for_failures);
  g_test_add_func ("/bounceview/export/complaint-fields", test_complaint_fields);
  g_test_add_func ("/bounceview/export/iso8601-dates", test_iso8601_dates);

  return g_test_run ();
}
