/* test-robustness.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Hostile input, huge input, damaged databases and the user's mail:
 *
 *   - every file under tests/data/robust/ (inputs that crashed the
 *     decoder or a source under the fuzzers, and hand-made hostile ones)
 *     decodes to a result that keeps the decoder's contract;
 *   - a 100 MB message, 2,000 nested multiparts, 2 MB header lines and
 *     a DSN of a million recipients each decode or are rejected with a
 *     reason, in bounded time and memory, measured in a child process;
 *   - a damaged database, a file that is no database, a read-only one,
 *     one on a full disk and one of a newer schema make bounceview-cli
 *     import and list exit 1. The message names the file and what to
 *     do, and the file keeps every byte;
 *   - an import changes no byte and no timestamp of a Maildir, an mbox
 *     or a notmuch database;
 *   - message text is data only: nothing in it runs or names a file.
 *
 * The path of bounceview-cli is the last argument; meson passes it. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bv-decoder.h"
#include "bv-source.h"
#include "bv-store.h"
#include "test-util.h"

static const char *cli_path;

/* Generous bounds for one huge input, on a 2-core CI machine and under
 * AddressSanitizer. On a 2-core development machine each case took at
 * most 1.4 s without sanitizers and 2.2 s with them. */
#define MAX_SECONDS 30.0
#define MAX_RSS_INCREASE_KB (1024 * 1024)

/* The user that read-only checks run as when the test runs as root,
 * whom file permissions do not stop. */
#define NOBODY_UID 65534
#define NOBODY_GID 65534

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("bv-test-robustness-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
write_file (const char *path,
            const void *data,
            gsize       length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* Checks what bv-decoder.h and bv-event.h promise of every result. */
static void
assert_result_contract (const BvDecodeResult *result)
{
  switch (result->status)
    {
    case BV_DECODE_EVENTS:
      g_assert_cmpuint (result->events->len, >, 0);
      break;
    case BV_DECODE_NOT_BOUNCE:
      g_assert_cmpuint (result->events->len, ==, 0);
      break;
    case BV_DECODE_FAILED:
      g_assert_cmpuint (result->events->len, ==, 0);
      g_assert_nonnull (result->error);
      g_assert_true (g_utf8_validate (result->error, -1, NULL));
      break;
    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; i < result->events->len; i++)
    {
      const BvEvent *event = g_ptr_array_index (result->events, i);
      const char *strings[] = {
        event->recipient, event->original_recipient, event->action, event->status,
        event->diagnostic, event->diagnostic_type, event->smtp_command, event->remote_mta,
        event->reporting_mta, event->reason, event->evidence, event->feedback_type,
        event->original_message_id, event->original_subject, event->original_from,
        event->original_to, event->source_ip, event->reported_domain,
      };

      g_assert_cmpint (event->type, >, BV_EVENT_UNKNOWN);
      g_assert_cmpint (event->type, <, BV_EVENT_N_TYPES);
      g_assert_cmpuint (event->rcpt_index, ==, i + 1);
      for (guint j = 0; j < G_N_ELEMENTS (strings); j++)
        g_assert_true (strings[j] == NULL || g_utf8_validate (strings[j], -1, NULL));
    }
}

/* Files whose name starts with "sources-" are inputs of the
 * fuzz-sources harness: a layout byte, then the file contents. They are
 * read here as one mbox and as one Maildir message. The fuzz-sources
 * replay test in the fuzz suite reads them in their exact layout. */
static void
read_as_sources (GBytes *input)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *mbox = g_build_filename (dir, "mbox", NULL);
  g_autofree char *maildir = g_build_filename (dir, "Maildir", NULL);
  g_autofree char *cur = g_build_filename (maildir, "cur", NULL);
  g_autofree char *message = g_build_filename (cur, "1.robust:2,S", NULL);
  const char *paths[] = { mbox, maildir };
  gsize length;
  const char *data = g_bytes_get_data (input, &length);
  g_autoptr(GString) with_from = g_string_new ("From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n");

  if (length > 0)
    {
      data++;
      length--;
    }
  g_string_append_len (with_from, data, length);
  write_file (mbox, with_from->str, with_from->len);
  g_assert_cmpint (g_mkdir_with_parents (cur, 0700), ==, 0);
  write_file (message, data, length);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BvSource) source = bv_source_open (paths[i], &error);
      BvSourceItem item;

      g_assert_no_error (error);
      while (bv_source_next (source, &item, &error))
        {
          g_autoptr(GError) load_error = NULL;
          g_autoptr(GBytes) bytes = bv_source_item_load (&item, &load_error);

          if (bytes != NULL)
            {
              g_autoptr(BvDecodeResult) result =
                bv_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

              assert_result_contract (result);
            }
          bv_source_item_clear (&item);
        }
      g_assert_no_error (error);
    }

  bv_test_remove_tree (dir);
}

static void
test_saved_inputs (void)
{
  g_autofree char *robust = g_test_build_filename (G_TEST_DIST, "data", "robust", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (robust, 0, &error);
  const char *name;
  guint n_files = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (robust, name, NULL);
      g_autoptr(GBytes) input = read_bytes (path);
      g_autoptr(BvDecodeResult) result = NULL;

      g_test_message ("%s", name);
      result = bv_decode (g_bytes_get_data (input, NULL), g_bytes_get_size (input));
      assert_result_contract (result);
      if (g_str_has_prefix (name, "sources-"))
        read_as_sources (input);
      n_files++;
    }
  g_assert_cmpuint (n_files, >, 0);
}

/* One recipient listed twice with the same action gives one event,
 * whatever the case of its local part. The same recipient with another
 * action is another event. */
static void
test_duplicate_recipients (void)
{
  static const char report_start[] =
    "From: MAILER-DAEMON@mx.example.net\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n"
    "\n"
    "--b\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mx.example.net\n"
    "\n";
  static const struct { const char *recipient; const char *action; } blocks[] = {
    { "Anna@example.com", "failed" },
    { "anna@EXAMPLE.com", "failed" },
    { "anna@example.com", "delayed" },
    { "bert@example.com", "failed" },
    { "ANNA@example.com", "delayed" },
  };
  g_autoptr(GString) message = g_string_new (report_start);
  g_autoptr(BvDecodeResult) result = NULL;
  g_autoptr(BvDecodeResult) many = NULL;
  const BvEvent *event;

  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    g_string_append_printf (message, "Final-Recipient: rfc822; %s\nAction: %s\nStatus: %s\n\n",
                            blocks[i].recipient, blocks[i].action,
                            strcmp (blocks[i].action, "failed") == 0 ? "5.1.1" : "4.2.2");
  g_string_append (message, "--b--\n");

  result = bv_decode (message->str, message->len);
  g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
  g_assert_cmpuint (result->events->len, ==, 3);
  event = g_ptr_array_index (result->events, 0);
  g_assert_cmpstr (event->recipient, ==, "Anna@example.com");
  g_assert_cmpint (event->type, ==, BV_EVENT_BOUNCE);
  event = g_ptr_array_index (result->events, 1);
  g_assert_cmpstr (event->recipient, ==, "anna@example.com");
  g_assert_cmpint (event->type, ==, BV_EVENT_DEFERRAL);
  event = g_ptr_array_index (result->events, 2);
  g_assert_cmpstr (event->recipient, ==, "bert@example.com");
  g_assert_cmpuint (event->rcpt_index, ==, 3);

  /* 20,000 times the same recipient: one event. */
  g_string_assign (message, report_start);
  for (guint i = 0; i < 20000; i++)
    g_string_append (message, "Final-Recipient: rfc822; same@example.com\nAction: failed\n\n");
  g_string_append (message, "--b--\n");
  many = bv_decode (message->str, message->len);
  g_assert_cmpint (many->status, ==, BV_DECODE_EVENTS);
  g_assert_cmpuint (many->events->len, ==, 1);
}

/* Huge input ---------------------------------------------------------- */

/* Each case runs in a child process (this program with --bounded-case
 * NAME), so that getrusage() gives the peak memory of that case alone. */

static const char report_headers[] =
  "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\n"
  "To: sender@example.org\n"
  "Subject: Undelivered Mail Returned to Sender\n"
  "Date: Mon, 1 Jan 2024 10:00:00 +0000\n"
  "Message-ID: <huge@mx.example.net>\n"
  "MIME-Version: 1.0\n";

static const char dsn_start[] =
  "Content-Type: multipart/report; report-type=delivery-status; boundary=\"report\"\n"
  "\n"
  "--report\n"
  "Content-Type: text/plain\n"
  "\n"
  "This is the mail system at host mx.example.net.\n"
  "\n"
  "--report\n"
  "Content-Type: message/delivery-status\n"
  "\n"
  "Reporting-MTA: dns; mx.example.net\n"
  "\n";

static const char one_recipient[] =
  "Final-Recipient: rfc822; gone@example.com\n"
  "Action: failed\n"
  "Status: 5.1.1\n"
  "Diagnostic-Code: smtp; 550 5.1.1 User unknown\n"
  "\n";

/* Appends @line while @out stays within @size bytes. */
static void
fill_lines (GString    *out,
            const char *line,
            gsize       size)
{
  gsize n = strlen (line);

  while (out->len + n <= size)
    g_string_append_len (out, line, n);
}

static GString *
sized_string (gsize size)
{
  GString *out = g_string_sized_new (size + 4096);

  g_string_append (out, report_headers);
  return out;
}

static const char huge_start[] =
  "Content-Type: text/plain\n\n<gone@example.com>: 550 5.1.1 User unknown\n";
static const char huge_line[] =
  "The quick brown fox jumps over the lazy dog, again and again and again.\n";

#define HUGE_SIZE (100 * 1024 * 1024)

/* 100 MB of text: above BV_DECODE_MAX_SIZE. */
static GString *
make_message_100mb (void)
{
  GString *out = sized_string (HUGE_SIZE);

  g_string_append (out, huge_start);
  fill_lines (out, huge_line, HUGE_SIZE);
  return out;
}

/* Writes such a message of @size bytes to @file, a line at a time, so
 * that building it costs no memory. */
static void
write_huge_message (FILE  *file,
                    gsize  size)
{
  gsize written = strlen (report_headers) + strlen (huge_start);

  fputs (report_headers, file);
  fputs (huge_start, file);
  for (; written + strlen (huge_line) <= size; written += strlen (huge_line))
    fputs (huge_line, file);
}

/* A DSN whose returned original makes the message 60 MB, just under
 * BV_DECODE_MAX_SIZE. */
static GString *
make_dsn_60mb (void)
{
  GString *out = sized_string (60 * 1024 * 1024);

  g_string_append (out, dsn_start);
  g_string_append (out, one_recipient);
  g_string_append (out, "--report\nContent-Type: message/rfc822\n\n"
                        "From: sender@example.org\nTo: gone@example.com\nSubject: Big\n"
                        "Message-ID: <big@example.org>\nContent-Type: application/octet-stream\n"
                        "Content-Transfer-Encoding: base64\n\n");
  fill_lines (out, "QkFTRTY0IGxpbmUgb2YgYSBodWdlIGF0dGFjaG1lbnQgdGhhdCBub2JvZHkgbmVlZHMgdG8gcmVh\n",
              60 * 1024 * 1024);
  g_string_append (out, "\n--report--\n");
  return out;
}

/* A DSN whose returned message is 60 MB of RFC 2047 encoded words and
 * of "=?" without an end. */
static GString *
make_encoded_words_60mb (void)
{
  GString *out = sized_string (60 * 1024 * 1024);

  g_string_append (out, dsn_start);
  g_string_append (out, one_recipient);
  g_string_append (out, "--report\nContent-Type: message/rfc822\n\n"
                        "From: =?iso-8859-1?q?J=F6rg?= <sender@example.org>\n"
                        "To: gone@example.com\nSubject: =?x-made-up?q?Big?=\n\n");
  fill_lines (out, "=?iso-8859-2?q?a?= =?=?=? =?koi8-r?b?YQ==?= =?aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
              60 * 1024 * 1024);
  g_string_append (out, "\n--report--\n");
  return out;
}

/* @depth multipart/mixed parts inside each other, with a DSN part at
 * the bottom, or after the report's own DSN part. */
static GString *
make_nested (guint    depth,
             gboolean dsn_on_top)
{
  GString *out = sized_string (depth * 80);

  if (dsn_on_top)
    {
      g_string_append (out, dsn_start);
      g_string_append (out, one_recipient);
      g_string_append (out, "--report\nContent-Type: multipart/mixed; boundary=\"n0\"\n\n");
    }
  else
    {
      g_string_append (out, "Content-Type: multipart/mixed; boundary=\"n0\"\n\n");
    }

  for (guint i = 0; i < depth; i++)
    g_string_append_printf (out, "--n%u\nContent-Type: multipart/mixed; boundary=\"n%u\"\n\n", i,
                            i + 1);
  g_string_append_printf (out, "--n%u\nContent-Type: message/delivery-status\n\n%s", depth,
                          one_recipient);
  for (guint i = depth + 1; i-- > 0;)
    g_string_append_printf (out, "--n%u--\n", i);
  if (dsn_on_top)
    g_string_append (out, "--report--\n");
  return out;
}

/* @depth messages that each attach the next one, with a DSN at the
 * bottom, as forwards of forwards. */
static GString *
make_nested_messages (guint depth)
{
  GString *out = sized_string (depth * 100);

  g_string_append (out, "Content-Type: message/rfc822\n\n");
  for (guint i = 0; i < depth; i++)
    g_string_append_printf (out, "From: forward.%u@example.org\nSubject: Fwd\n"
                                 "MIME-Version: 1.0\nContent-Type: message/rfc822\n\n", i);
  g_string_append (out, report_headers);
  g_string_append (out, dsn_start);
  g_string_append (out, one_recipient);
  g_string_append (out, "--report--\n");
  return out;
}

#define LINE_2MB (2 * 1024 * 1024)

static void
append_repeated (GString    *out,
                 const char *text,
                 gsize       length)
{
  gsize end = out->len + length;

  while (out->len < end)
    g_string_append_len (out, text, MIN (strlen (text), end - out->len));
}

static GString *
make_long_line (const char *where)
{
  GString *out = g_string_sized_new (LINE_2MB + 8192);
  static const char text_bounce[] =
    "\nHi. This is the qmail-send program at mx.example.net.\n"
    "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
    "This is a permanent error; I've given up. Sorry it didn't work out.\n"
    "\n<gone@example.com>:\n550 5.1.1 User unknown\n";

  g_string_append (out, "From: MAILER-DAEMON@mx.example.net\nTo: sender@example.org\n");
  if (strcmp (where, "subject") == 0)
    {
      g_string_append (out, "Subject: failure notice ");
      append_repeated (out, "failure notice ", LINE_2MB);
      g_string_append (out, "\n");
      g_string_append (out, text_bounce);
    }
  else if (strcmp (where, "to") == 0)
    {
      g_string_append (out, "Subject: failure notice\nCc: ");
      append_repeated (out, "<someone@example.org>, ", LINE_2MB);
      g_string_append (out, "last@example.org\n");
      g_string_append (out, text_bounce);
    }
  else if (strcmp (where, "diagnostic") == 0)
    {
      g_string_append (out, "Subject: Undelivered Mail\nMIME-Version: 1.0\n");
      g_string_append (out, dsn_start);
      g_string_append (out, "Final-Recipient: rfc822; gone@example.com\nAction: failed\n"
                            "Status: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 ");
      append_repeated (out, "<gone@example.com> 550 5.1.1 user unknown; ", LINE_2MB);
      g_string_append (out, "\n\n--report--\n");
    }
  else if (strcmp (where, "boundary") == 0)
    {
      g_string_append (out, "Subject: Undelivered Mail\nMIME-Version: 1.0\n"
                            "Content-Type: multipart/report; boundary=\"");
      append_repeated (out, "b", LINE_2MB);
      g_string_append (out, "\"\n\n--");
      append_repeated (out, "b", LINE_2MB);
      g_string_append (out, "\nContent-Type: message/delivery-status\n\n");
      g_string_append (out, one_recipient);
    }
  else if (strcmp (where, "body") == 0)
    {
      g_string_append (out, "Subject: failure notice\n");
      g_string_append (out, text_bounce);
      append_repeated (out, "550 5.1.1 <x@example.com> ", LINE_2MB);
      g_string_append (out, "\n");
    }
  else
    {
      g_assert_not_reached ();
    }
  return out;
}

/* A DSN with @n recipient groups, separated by blank lines as RFC 3464
 * section 2.1 has them, or run together into one group. The groups are
 * as short as they can be, so that a million fit in BV_DECODE_MAX_SIZE. */
static GString *
make_dsn_recipients (guint    n,
                     gboolean blank_lines)
{
  GString *out = sized_string ((gsize) n * 64);

  g_string_append (out, dsn_start);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (out, "Final-Recipient: rfc822;%x@e.c\nAction: failed\n"
                                 "Status: 5.1.1\n%s", i, blank_lines ? "\n" : "");
  g_string_append (out, "\n--report--\n");
  return out;
}

static long
peak_rss_kb (void)
{
  struct rusage usage;

  g_assert_cmpint (getrusage (RUSAGE_SELF, &usage), ==, 0);
  return usage.ru_maxrss;
}

static void
print_result (const BvDecodeResult *result)
{
  g_autofree char *error = g_strdup (result->error != NULL ? result->error : "-");

  g_strdelimit (error, "\n", ' ');
  g_print ("item %s %u %s\n", bv_decode_status_to_string (result->status), result->events->len,
           error);
}

static FILE *
open_for_writing (const char *path)
{
  FILE *file = fopen (path, "we");

  g_assert_nonnull (file);
  return file;
}

/* Writes a message of @size bytes and a small bounce after it into an
 * mbox or a Maildir in @dir, and returns the path to import. */
static char *
write_huge_source (const char *dir,
                   const char *kind,
                   gsize       size)
{
  g_autoptr(GString) small = make_nested (2, TRUE);
  FILE *file;

  if (strcmp (kind, "mbox") == 0)
    {
      char *path = g_build_filename (dir, "mbox", NULL);

      file = open_for_writing (path);
      fputs ("From MAILER-DAEMON Mon Jan  1 10:00:00 2024\n", file);
      write_huge_message (file, size);
      fputs ("\nFrom MAILER-DAEMON Mon Jan  1 10:00:01 2024\n", file);
      fwrite (small->str, 1, small->len, file);
      g_assert_cmpint (fclose (file), ==, 0);
      return path;
    }
  else
    {
      g_autofree char *cur = g_build_filename (dir, "Maildir", "cur", NULL);
      g_autofree char *first = g_build_filename (cur, "1.huge:2,S", NULL);
      g_autofree char *second = g_build_filename (cur, "2.small:2,S", NULL);

      g_assert_cmpint (g_mkdir_with_parents (cur, 0700), ==, 0);
      file = open_for_writing (first);
      write_huge_message (file, size);
      g_assert_cmpint (fclose (file), ==, 0);
      write_file (second, small->str, small->len);
      return g_build_filename (dir, "Maildir", NULL);
    }
}

/* Reads a source as the importer does. */
static void
read_source (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = bv_source_open (path, &error);
  BvSourceItem item;

  g_assert_no_error (error);
  while (bv_source_next (source, &item, &error))
    {
      g_autoptr(GError) load_error = NULL;
      g_autoptr(GBytes) bytes = bv_source_item_load (&item, &load_error);

      if (bytes == NULL)
        {
          g_print ("item unreadable 0 %s\n", load_error->message);
        }
      else
        {
          g_autoptr(BvDecodeResult) result =
            bv_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

          print_result (result);
        }
      bv_source_item_clear (&item);
    }
  g_assert_no_error (error);
}

/* The child's side: builds the input, then decodes or reads it and prints one
 * "item STATUS EVENTS ERROR" line a message and a "measure SECONDS
 * RSS_INCREASE_KB PEAK_KB" line. */
static int
run_bounded_case (const char *name)
{
  g_autoptr(GString) input = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *source = NULL;
  long rss_before;
  gint64 start;

  if (strcmp (name, "message-100mb") == 0)
    input = make_message_100mb ();
  else if (strcmp (name, "dsn-60mb") == 0)
    input = make_dsn_60mb ();
  else if (strcmp (name, "encoded-words-60mb") == 0)
    input = make_encoded_words_60mb ();
  else if (strcmp (name, "nested-2000") == 0)
    input = make_nested (2000, FALSE);
  else if (strcmp (name, "nested-2000-after-report") == 0)
    input = make_nested (2000, TRUE);
  else if (strcmp (name, "nested-messages-2000") == 0)
    input = make_nested_messages (2000);
  else if (g_str_has_prefix (name, "line-2mb-"))
    input = make_long_line (name + strlen ("line-2mb-"));
  else if (strcmp (name, "dsn-million-recipients") == 0)
    input = make_dsn_recipients (1000000, TRUE);
  else if (strcmp (name, "dsn-100k-recipients-one-group") == 0)
    input = make_dsn_recipients (100000, FALSE);
  else if (strcmp (name, "source-mbox-300mb") == 0)
    {
      dir = make_temp_dir ();
      source = write_huge_source (dir, "mbox", 3 * (gsize) HUGE_SIZE);
    }
  else if (g_str_has_prefix (name, "source-"))
    {
      dir = make_temp_dir ();
      source = write_huge_source (dir, name + strlen ("source-"), HUGE_SIZE);
    }
  else
    return 2;

  rss_before = peak_rss_kb ();
  start = g_get_monotonic_time ();

  if (input != NULL)
    {
      g_autoptr(BvDecodeResult) result = bv_decode (input->str, input->len);

      print_result (result);
    }
  else
    {
      read_source (source);
    }

  g_print ("measure %.3f %ld %ld\n", (g_get_monotonic_time () - start) / 1e6,
           peak_rss_kb () - rss_before, peak_rss_kb ());
  if (dir != NULL)
    bv_test_remove_tree (dir);
  return 0;
}

typedef struct
{
  const char *name;
  const char *status;           /* of the first message */
  const char *error_part;       /* in its error, for a failure or a report over a limit */
  const char *second_status;    /* of a second message, for sources */
  long max_rss_increase_kb;     /* a tighter bound than MAX_RSS_INCREASE_KB, or 0 */
} BoundedCase;

static const BoundedCase bounded_cases[] = {
  { "message-100mb", "failed", "too large", NULL },
  { "dsn-60mb", "events", NULL, NULL },
  { "encoded-words-60mb", "events", NULL, NULL },
  { "nested-2000", "failed", "nested", NULL },
  { "nested-2000-after-report", "events", NULL, NULL },
  { "nested-messages-2000", "failed", "nested", NULL },
  { "line-2mb-subject", "events", NULL, NULL },
  { "line-2mb-to", "events", NULL, NULL },
  { "line-2mb-diagnostic", "events", NULL, NULL },
  /* RFC 2046 section 5.1.1 allows boundaries of 70 characters: GMime
   * finds no part under a 2 MB one, so no DSN part either. Its fields
   * are read as a DSN in the text, which contains the whole body. */
  { "line-2mb-boundary", "events", NULL, NULL },
  { "line-2mb-body", "events", NULL, NULL },
  { "dsn-million-recipients", "events", "more than 20000 recipients", NULL },
  { "dsn-100k-recipients-one-group", "events", "more than 20000 recipients", NULL },
  { "source-mbox", "failed", "too large", "events" },
  /* An mbox scan keeps at most BV_DECODE_MAX_SIZE bytes of a message:
   * one of 300 MB costs less than half as much again, where keeping it
   * whole cost twice its size. */
  { "source-mbox-300mb", "failed", "too large", "events", 450 * 1024 },
  { "source-maildir", "unreadable", "too large", "events" },
};

/* Waits for a child's output, killing it after @seconds. */
static char *
read_child_output (GPid  pid,
                   int   fd,
                   guint seconds)
{
  GString *output = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (TRUE)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      gint64 left = deadline - g_get_monotonic_time ();
      char buffer[4096];
      ssize_t n;

      if (left <= 0)
        {
          kill (pid, SIGKILL);
          g_test_message ("The child did not finish in %u s; output so far: %s", seconds,
                          output->str);
          g_assert_not_reached ();
        }
      if (poll (&pfd, 1, left / 1000) <= 0)
        continue;
      n = read (fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_string_append_len (output, buffer, n);
    }
  close (fd);
  return g_string_free (output, FALSE);
}

static void
test_bounded (gconstpointer data)
{
  const BoundedCase *bounded = data;
  const char *argv[] = { "/proc/self/exe", "--bounded-case", bounded->name, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  double seconds = -1;
  long rss_increase = -1, peak = -1;
  GPid pid;
  int out_fd;
  int status;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  /* The input is built before the clock starts; allow for that. */
  output = read_child_output (pid, out_fd, 4 * MAX_SECONDS);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  lines = g_strsplit (output, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "item "))
        g_ptr_array_add (items, g_strsplit (lines[i] + 5, " ", 3));
      else if (g_str_has_prefix (lines[i], "measure "))
        g_assert_cmpint (sscanf (lines[i] + 8, "%lf %ld %ld", &seconds, &rss_increase, &peak),
                         ==, 3);
    }

  g_test_message ("%s: %.2f s, peak RSS %ld MB, %ld MB above the input's; first result: %s %s %s",
                  bounded->name, seconds, peak / 1024, rss_increase / 1024,
                  items->len > 0 ? ((char **) items->pdata[0])[0] : "none",
                  items->len > 0 ? ((char **) items->pdata[0])[1] : "",
                  items->len > 0 ? ((char **) items->pdata[0])[2] : "");

  g_assert_cmpfloat (seconds, >=, 0);
  g_assert_cmpfloat (seconds, <, MAX_SECONDS);
  g_assert_cmpint (rss_increase, <, MAX_RSS_INCREASE_KB);
  if (bounded->max_rss_increase_kb > 0)
    g_assert_cmpint (rss_increase, <, bounded->max_rss_increase_kb);

  g_assert_cmpuint (items->len, ==, bounded->second_status != NULL ? 2 : 1);
  {
    char **first = g_ptr_array_index (items, 0);

    g_assert_cmpstr (first[0], ==, bounded->status);
    if (strcmp (first[0], "events") == 0)
      {
        g_assert_cmpuint (g_ascii_strtoull (first[1], NULL, 10), >, 0);
        /* bv-dsn.c and bv-textbounce.c keep at most 20,000 recipients. */
        g_assert_cmpuint (g_ascii_strtoull (first[1], NULL, 10), <=, 20000);
      }
    if (bounded->error_part != NULL)
      g_assert_nonnull (strstr (first[2], bounded->error_part));
  }
  if (bounded->second_status != NULL)
    {
      char **second = g_ptr_array_index (items, 1);

      g_assert_cmpstr (second[0], ==, bounded->second_status);
    }
}

/* Damaged databases on the command line --------------------------------- */

typedef struct
{
  char *dir;
  char *maildir;                /* a few bounces, readable by everyone */
  char *other;                  /* other bounces, for imports that must fail */
} Workspace;

/* Writes @copies copies of each message of tests/data/decoder into a
 * new Maildir, each with a Comments field of @tag and its number so that
 * no two Maildirs share a message. An X- field would not do: the import
 * ignores the X- fields at the top of a message when it finds copies. */
static void
make_maildir (const char *maildir,
              const char *tag,
              guint       copies)
{
  g_autofree char *data_dir = g_test_build_filename (G_TEST_DIST, "data", "decoder", NULL);
  const char *subdirs[] = { "cur", "new", "tmp" };
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *sub = g_build_filename (maildir, subdirs[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
    }

  dir = g_dir_open (data_dir, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (data_dir, name, NULL);
      g_autoptr(GBytes) bytes = NULL;

      if (!g_str_has_suffix (name, ".eml"))
        continue;
      bytes = read_bytes (path);
      for (guint copy = 0; copy < copies; copy++)
        {
          g_autofree char *id = g_strdup_printf ("Comments: copy %s-%u\n", tag, copy);
          g_autofree char *file = g_strdup_printf ("%s/%s/1700000%03u.M%uP%u.test%s", maildir,
                                                   n % 2 == 0 ? "cur" : "new", n, copy, n,
                                                   n % 2 == 0 ? ":2,S" : "");
          g_autoptr(GString) text = g_string_new (id);

          g_string_append_len (text, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
          write_file (file, text->str, text->len);
          n++;
        }
    }
  g_assert_cmpuint (n, >, 0);
}

static void
workspace_init (Workspace *space)
{
  space->dir = make_temp_dir ();
  /* The read-only checks run as another user, who must get in. */
  g_assert_cmpint (g_chmod (space->dir, 0755), ==, 0);
  space->maildir = g_build_filename (space->dir, "Maildir", NULL);
  make_maildir (space->maildir, "first", 1);
  space->other = g_build_filename (space->dir, "Other", NULL);
  make_maildir (space->other, "other", 1);
}

static void
workspace_clear (Workspace *space)
{
  bv_test_remove_tree (space->dir);
  g_free (space->dir);
  g_free (space->maildir);
  g_free (space->other);
}

typedef struct
{
  int status;
  char *out;
  char *err;
} CliRun;

static void
cli_run_clear (CliRun *run)
{
  g_free (run->out);
  g_free (run->err);
}

typedef enum
{
  AS_SELF,
  AS_NOBODY,                    /* drop root's rights before exec */
  WITH_SIZE_LIMIT,              /* RLIMIT_FSIZE at file_size_limit */
} RunMode;

static rlim_t file_size_limit;

static void
child_setup (gpointer data)
{
  RunMode mode = GPOINTER_TO_INT (data);

  if (mode == AS_NOBODY)
    {
      if (setgroups (0, NULL) != 0 || setgid (NOBODY_GID) != 0 || setuid (NOBODY_UID) != 0)
        _exit (126);
    }
  else if (mode == WITH_SIZE_LIMIT)
    {
      struct rlimit limit = { file_size_limit, file_size_limit };

      /* Without this, the kernel ends the writer with SIGXFSZ instead
       * of failing its write with EFBIG. */
      signal (SIGXFSZ, SIG_IGN);
      if (setrlimit (RLIMIT_FSIZE, &limit) != 0)
        _exit (126);
    }
}

/* Runs "bounceview-cli COMMAND --database=DB [PATH]". */
static void
run_cli (CliRun     *run,
         RunMode     mode,
         const char *command,
         const char *database,
         const char *path)
{
  g_autofree char *option = g_strdup_printf ("--database=%s", database);
  const char *argv[] = { cli_path, command, option, path, NULL };
  g_autoptr(GError) error = NULL;

  memset (run, 0, sizeof *run);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, child_setup, GINT_TO_POINTER (mode),
                &run->out, &run->err, &run->status, &error);
  g_assert_no_error (error);
}

static gboolean
exited_with (int status,
             int code)
{
  return WIFEXITED (status) && WEXITSTATUS (status) == code;
}

/* Whether a child may drop root's rights, which a container without
 * CAP_SETUID forbids. */
static gboolean
can_run_as_nobody (void)
{
  const char *argv[] = { "/bin/sh", "-c", "exit 0", NULL };
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, child_setup,
                     GINT_TO_POINTER (AS_NOBODY), NULL, NULL, &status, NULL))
    return FALSE;
  return exited_with (status, 0);
}

static void
import_ok (const char *database,
           const char *maildir)
{
  CliRun run;

  run_cli (&run, AS_SELF, "import", database, maildir);
  if (!g_spawn_check_wait_status (run.status, NULL))
    g_test_message ("bounceview-cli import: %s", run.err);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  cli_run_clear (&run);
}

/* Checks that import and list fail with exit status 1 and a message that
 * names @database and contains each of @words, and that the file keeps
 * every byte. */
static void
assert_refused (const char         *database,
                const char         *maildir,
                RunMode             mode,
                const char * const *words,
                gboolean            list_may_work)
{
  g_autoptr(GBytes) before = read_bytes (database);
  const char *commands[] = { "import", "list" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GBytes) after = NULL;
      CliRun run;

      run_cli (&run, mode, commands[i], database, i == 0 ? maildir : NULL);
      g_test_message ("%s: exit status %d, %s", commands[i],
                      WIFEXITED (run.status) ? WEXITSTATUS (run.status) : -1, run.err);
      g_assert_false (WIFEXITED (run.status) && WEXITSTATUS (run.status) == 126);

      if (i == 1 && list_may_work && exited_with (run.status, 0))
        {
          cli_run_clear (&run);
          continue;
        }

      g_assert_true (exited_with (run.status, 1));
      g_assert_nonnull (strstr (run.err, database));
      for (guint j = 0; words[j] != NULL; j++)
        {
          if (strstr (run.err, words[j]) == NULL)
            g_test_message ("Missing from the message: “%s”", words[j]);
          g_assert_nonnull (strstr (run.err, words[j]));
        }

      after = read_bytes (database);
      g_assert_true (g_bytes_equal (before, after));
      cli_run_clear (&run);
    }
}

static char *
make_database (Workspace  *space,
               const char *name)
{
  char *database = g_build_filename (space->dir, name, NULL);

  import_ok (database, space->maildir);
  return database;
}

static gsize
page_size_of (const char *database)
{
  g_autoptr(GBytes) bytes = read_bytes (database);
  const guint8 *data = g_bytes_get_data (bytes, NULL);
  gsize size;

  /* The page size is a big-endian number at offset 16 of the header;
   * 1 stands for 65536. */
  g_assert_cmpuint (g_bytes_get_size (bytes), >=, 100);
  size = (data[16] << 8) | data[17];
  return size == 1 ? 65536 : size;
}

/* Overwrites bytes [@from, @to) of each page at or after @first_page
 * with pseudo-random garbage. */
static void
garble_pages (const char *database,
              guint       first_page,
              gsize       from,
              gsize       to)
{
  g_autoptr(GBytes) bytes = read_bytes (database);
  gsize length = g_bytes_get_size (bytes);
  guint8 *data = g_memdup2 (g_bytes_get_data (bytes, NULL), length);
  gsize page_size = page_size_of (database);
  GRand *rand = g_rand_new_with_seed (3464);

  for (gsize page = first_page; (page + 1) * page_size <= length; page++)
    for (gsize i = from; i < to && i < page_size; i++)
      data[page * page_size + i] = g_rand_int (rand);
  write_file (database, data, length);
  g_rand_free (rand);
  g_free (data);
}

/* Opens @path, reads its start and closes it again, as a file chooser
 * does to tell a file's type. */
static void
peek_at_file (const char *path)
{
  char buffer[4096];
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return;
  g_assert_cmpint (read (fd, buffer, sizeof buffer), >=, 0);
  close (fd);
}

/* Closing any descriptor of a file drops every POSIX lock that the
 * process holds on it, SQLite's among them. GTK's file chooser opens
 * and closes the files of a folder it shows, to tell their types. A
 * window with the database open must then still see what imports in
 * other processes store, and read it without errors. */
static void
test_database_lock_lost (void)
{
  Workspace space;
  g_autofree char *database = NULL;
  g_autofree char *third = NULL;
  g_autoptr(BvStore) store = NULL;
  g_autoptr(BvStore) fresh = NULL;
  g_autoptr(GError) error = NULL;
  const char *suffixes[] = { "", "-wal", "-shm" };
  guint64 n_first, n_second, n_third;
  CliRun run;

  workspace_init (&space);
  database = g_build_filename (space.dir, "events.sqlite", NULL);
  third = g_build_filename (space.dir, "Third", NULL);
  make_maildir (third, "third", 1);

  run_cli (&run, AS_SELF, "import", database, space.maildir);
  g_assert_true (exited_with (run.status, 0));
  cli_run_clear (&run);

  store = bv_store_open (database, BV_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  n_first = bv_store_count_events (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_first, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (database, suffixes[i], NULL);

      peek_at_file (path);
    }

  run_cli (&run, AS_SELF, "import", database, space.other);
  g_assert_true (exited_with (run.status, 0));
  cli_run_clear (&run);
  n_second = bv_store_count_events (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_second, >, n_first);

  run_cli (&run, AS_SELF, "import", database, third);
  g_assert_true (exited_with (run.status, 0));
  cli_run_clear (&run);
  n_third = bv_store_count_events (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_third, >, n_second);

  fresh = bv_store_open (database, BV_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bv_store_count_events (fresh, NULL, &error), ==, n_third);
  g_assert_no_error (error);

  g_clear_pointer (&store, bv_store_close);
  g_clear_pointer (&fresh, bv_store_close);
  workspace_clear (&space);
}

static void
test_database_corrupt (void)
{
  Workspace space;
  g_autofree char *database = NULL;
  g_autofree char *schema = NULL;
  const char * const words[] = { "damaged", "move it aside", NULL };

  workspace_init (&space);

  /* Every page but the first, which keeps the header and the schema. */
  database = make_database (&space, "pages.sqlite");
  g_assert_cmpuint (page_size_of (database), >, 0);
  garble_pages (database, 1, 0, G_MAXSIZE);
  assert_refused (database, space.other, AS_SELF, words, FALSE);

  /* The schema table on the first page, after the 100-byte header. */
  schema = make_database (&space, "schema.sqlite");
  garble_pages (schema, 0, 100, G_MAXSIZE);
  assert_refused (schema, space.other, AS_SELF, words, FALSE);

  workspace_clear (&space);
}

static void
test_database_not_a_database (void)
{
  Workspace space;
  g_autofree char *text = NULL;
  g_autofree char *zeros = NULL;
  g_autofree char *zero_bytes = g_malloc0 (8192);
  const char * const words[] = { "not a BounceView database", "choose another", NULL };

  workspace_init (&space);

  text = g_build_filename (space.dir, "notes.txt", NULL);
  write_file (text, "Shopping list\n- bread\n- milk\n", -1);
  assert_refused (text, space.other, AS_SELF, words, FALSE);

  zeros = g_build_filename (space.dir, "zeros.sqlite", NULL);
  write_file (zeros, zero_bytes, 8192);
  assert_refused (zeros, space.other, AS_SELF, words, FALSE);

  workspace_clear (&space);
}

static void
test_database_newer_schema (void)
{
  Workspace space;
  g_autofree char *database = NULL;
  g_autofree char *pragma = g_strdup_printf ("PRAGMA user_version = %d",
                                             BV_STORE_SCHEMA_VERSION + 1);
  const char * const words[] = { "newer BounceView", "update BounceView", NULL };
  sqlite3 *db;

  workspace_init (&space);
  database = make_database (&space, "newer.sqlite");

  g_assert_cmpint (sqlite3_open (database, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, pragma, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  assert_refused (database, space.other, AS_SELF, words, FALSE);
  workspace_clear (&space);
}

static void
test_database_read_only (void)
{
  Workspace space;
  g_autofree char *file_dir = NULL;
  g_autofree char *folder_dir = NULL;
  g_autofree char *read_only_file = NULL;
  g_autofree char *in_read_only_folder = NULL;
  const char * const words[] = { "permissions", NULL };
  RunMode mode = AS_SELF;
  CliRun listed;

  if (getuid () == 0)
    {
      if (!can_run_as_nobody ())
        {
          g_test_skip ("Running as root, whom file permissions do not stop, without the right "
                       "to switch to the user nobody");
          return;
        }
      /* Root ignores permissions: the command line runs as nobody. */
      mode = AS_NOBODY;
    }

  workspace_init (&space);
  file_dir = g_build_filename (space.dir, "file", NULL);
  folder_dir = g_build_filename (space.dir, "folder", NULL);
  g_assert_cmpint (g_mkdir (file_dir, 0777), ==, 0);
  g_assert_cmpint (g_mkdir (folder_dir, 0755), ==, 0);
  /* The mode argument of mkdir is masked by the umask. */
  g_assert_cmpint (g_chmod (file_dir, 0777), ==, 0);

  /* A read-only file in a folder the user may write. */
  read_only_file = make_database (&space, "file/events.sqlite");
  g_assert_cmpint (g_chmod (read_only_file, 0444), ==, 0);
  assert_refused (read_only_file, space.other, mode, words, TRUE);

  /* A writable file in a read-only folder, where SQLite cannot create
   * its journal. */
  in_read_only_folder = make_database (&space, "folder/events.sqlite");
  g_assert_cmpint (g_chmod (in_read_only_folder, 0666), ==, 0);
  g_assert_cmpint (g_chmod (folder_dir, 0555), ==, 0);
  assert_refused (in_read_only_folder, space.other, mode, words, TRUE);

  /* Reading needs no write: list shows the events all the same. */
  run_cli (&listed, mode, "list", in_read_only_folder, NULL);
  g_test_message ("list in a read-only folder: %s", listed.err);
  g_assert_true (exited_with (listed.status, 0));
  g_assert_nonnull (strstr (listed.out, "@"));
  cli_run_clear (&listed);

  g_assert_cmpint (g_chmod (folder_dir, 0755), ==, 0);
  workspace_clear (&space);
}

static guint64
count_events (const char *database,
              char      **integrity)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  guint64 count = 0;

  g_assert_cmpint (sqlite3_open_v2 (database, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *integrity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM events", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}


/* Fills the file system that contains @dir until about @leave bytes are
 * free. */
static void
fill_disk (const char *dir,
           guint64     leave)
{
  g_autofree char *filler = g_build_filename (dir, "filler", NULL);
  static const char block[4096];
  int fd = open (filler, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  while (TRUE)
    {
      struct statvfs vfs;
      guint64 free_bytes;

      g_assert_cmpint (fstatvfs (fd, &vfs), ==, 0);
      free_bytes = (guint64) vfs.f_bavail * vfs.f_frsize;
      if (free_bytes <= leave)
        break;
      if (write (fd, block, MIN (sizeof block, free_bytes - leave)) <= 0)
        break;
    }
  close (fd);
}

/* A real full disk needs a small tmpfs, which only root may mount. It
 * is mounted in a mount namespace of this process's own, where it goes
 * away with the process even when a failed assertion ends it. */
static gboolean
mount_small_tmpfs (const char *where)
{
  if (getuid () != 0)
    return FALSE;
  if (unshare (CLONE_NEWNS) != 0 || mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
    return FALSE;
  return mount ("tmpfs", where, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=0755") == 0;
}

static void
test_database_full_disk (void)
{
  Workspace space;
  g_autofree char *disk = NULL;
  g_autofree char *database = NULL;
  g_autofree char *big = NULL;
  g_autofree char *integrity = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  const char * const full_words[] = { "full", "free some space", NULL };
  guint64 events_before;
  gboolean mounted;
  GStatBuf st;
  CliRun run;

  workspace_init (&space);
  disk = g_build_filename (space.dir, "disk", NULL);
  g_assert_cmpint (g_mkdir (disk, 0755), ==, 0);
  mounted = mount_small_tmpfs (disk);
  g_test_message ("Full disk: %s", mounted ? "a 16 MB tmpfs, filled up"
                                           : "RLIMIT_FSIZE at the database's size");

  big = g_build_filename (space.dir, "Big", NULL);
  make_maildir (big, "big", 40);
  database = g_build_filename (disk, "events.sqlite", NULL);
  import_ok (database, space.maildir);
  events_before = count_events (database, &integrity);
  g_clear_pointer (&integrity, g_free);
  before = read_bytes (database);

  if (mounted)
    {
      fill_disk (disk, 64 * 1024);
      run_cli (&run, AS_SELF, "import", database, big);
    }
  else
    {
      g_assert_cmpint (g_stat (database, &st), ==, 0);
      file_size_limit = st.st_size;
      run_cli (&run, WITH_SIZE_LIMIT, "import", database, big);
    }

  g_test_message ("import: exit status %d, %s", WIFEXITED (run.status) ? WEXITSTATUS (run.status) : -1,
                  run.err);
  g_assert_true (exited_with (run.status, 1));
  g_assert_nonnull (strstr (run.err, database));
  /* The batch that was not saved counts no events. */
  g_assert_nonnull (strstr (run.out, "Events stored: 0\n"));
  if (mounted)
    {
      for (guint i = 0; full_words[i] != NULL; i++)
        g_assert_nonnull (strstr (run.err, full_words[i]));
    }
  else
    {
      /* The size limit fails writes with EFBIG, which SQLite reports as
       * a disk I/O error, not as SQLITE_FULL. */
      g_assert_nonnull (strstr (run.err, "free space"));
    }
  cli_run_clear (&run);

  after = read_bytes (database);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpuint (count_events (database, &integrity), ==, events_before);
  g_assert_cmpstr (integrity, ==, "ok");
  g_clear_pointer (&integrity, g_free);

  if (mounted)
    {
      /* With room again, the same import goes through. */
      g_autofree char *filler = g_build_filename (disk, "filler", NULL);

      g_assert_cmpint (g_unlink (filler), ==, 0);
      import_ok (database, big);
      g_assert_cmpuint (count_events (database, &integrity), >, events_before);
      g_assert_cmpstr (integrity, ==, "ok");
      g_assert_cmpint (umount2 (disk, MNT_DETACH), ==, 0);
    }

  workspace_clear (&space);
}

/* The user's mail --------------------------------------------------------- */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Opens without moving the access time: the snapshots must not change
 * what they compare. O_NOATIME needs the file's owner, which the test
 * is. */
static int
open_no_atime (const char *path,
               int         flags)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOATIME | flags);

  g_assert_cmpint (fd, >=, 0);
  return fd;
}

static char *
checksum_file (const char *path)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  int fd = open_no_atime (path, 0);
  guint8 buffer[65536];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      g_checksum_update (checksum, buffer, n);
    }
  close (fd);
  return g_strdup (g_checksum_get_string (checksum));
}

/* Describes @path and everything below it: type and mode, size, inode,
 * the three timestamps to the nanosecond (atime only with @with_atime)
 * and a SHA-256 of each file. */
static void
snapshot_tree (const char *path,
               gboolean    with_atime,
               GPtrArray  *lines)
{
  g_autofree char *checksum = NULL;
  g_autofree char *atime = NULL;
  struct stat st;

  g_assert_cmpint (lstat (path, &st), ==, 0);
  if (S_ISREG (st.st_mode))
    checksum = checksum_file (path);
  atime = with_atime ? g_strdup_printf ("%lld.%09ld", (long long) st.st_atim.tv_sec,
                                        st.st_atim.tv_nsec) : g_strdup ("-");
  g_ptr_array_add (lines, g_strdup_printf ("%s mode=%o size=%lld inode=%llu mtime=%lld.%09ld "
                                           "ctime=%lld.%09ld atime=%s sha256=%s",
                                           path, st.st_mode, (long long) st.st_size,
                                           (unsigned long long) st.st_ino,
                                           (long long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                                           (long long) st.st_ctim.tv_sec, st.st_ctim.tv_nsec,
                                           atime, checksum != NULL ? checksum : "-"));

  if (S_ISDIR (st.st_mode))
    {
      DIR *dir = fdopendir (open_no_atime (path, O_DIRECTORY));
      struct dirent *entry;

      g_assert_nonnull (dir);
      while ((entry = readdir (dir)) != NULL)
        {
          g_autofree char *child = NULL;

          if (strcmp (entry->d_name, ".") == 0 || strcmp (entry->d_name, "..") == 0)
            continue;
          child = g_build_filename (path, entry->d_name, NULL);
          snapshot_tree (child, with_atime, lines);
        }
      closedir (dir);
    }
}

static GPtrArray *
snapshot (const char *path,
          gboolean    with_atime)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  snapshot_tree (path, with_atime, lines);
  g_ptr_array_sort (lines, compare_strings);
  return lines;
}

static void
assert_same_snapshot (GPtrArray *before,
                      GPtrArray *after)
{
  for (guint i = 0; i < MIN (before->len, after->len); i++)
    g_assert_cmpstr (g_ptr_array_index (after, i), ==, g_ptr_array_index (before, i));
  g_assert_cmpuint (after->len, ==, before->len);
}

/* Sets the access time of @path and everything below it two days back,
 * without reading anything, so that a read under "relatime" would move
 * it forward. */
static void
age_access_times (const char *path)
{
  struct timespec times[2];
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        age_access_times (child);
      }

  clock_gettime (CLOCK_REALTIME, &times[0]);
  times[0].tv_sec -= 2 * 24 * 3600;
  times[1].tv_nsec = UTIME_OMIT;
  g_assert_cmpint (utimensat (AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW), ==, 0);
}

/* Whether reading a file moves its access time on this file system
 * (not with "noatime"). */
static gboolean
file_system_keeps_atime (const char *dir)
{
  g_autofree char *probe = g_build_filename (dir, "atime-probe", NULL);
  char buffer[16];
  struct stat before, after;
  int fd;

  write_file (probe, "probe", 5);
  age_access_times (probe);
  g_assert_cmpint (stat (probe, &before), ==, 0);
  fd = open (probe, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (read (fd, buffer, sizeof buffer), ==, 5);
  close (fd);
  g_assert_cmpint (stat (probe, &after), ==, 0);
  g_unlink (probe);
  return before.st_atim.tv_sec != after.st_atim.tv_sec;
}

static void
make_mbox (const char *path,
           guint       copies)
{
  g_autofree char *data_dir = g_test_build_filename (G_TEST_DIST, "data", "decoder", NULL);
  g_autoptr(GString) mbox = g_string_new (NULL);
  const char *names[] = { "dsn-postfix-one.eml", "qmail.eml", "ordinary.eml", "exim.eml" };

  for (guint copy = 0; copy < copies; copy++)
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *file = g_build_filename (data_dir, names[i], NULL);
        g_autoptr(GBytes) bytes = read_bytes (file);

        g_string_append_printf (mbox, "From MAILER-DAEMON Mon Jan  1 10:00:%02u 2024\n"
                                      "Comments: copy %u\n", i, copy);
        g_string_append_len (mbox, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
        g_string_append (mbox, "\n");
      }
  write_file (path, mbox->str, mbox->len);
}

/* Runs bounceview-cli with @argv after its path, in @envp. */
static void
run_cli_argv (CliRun             *run,
              const char * const *args,
              char              **envp)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) cli_path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  memset (run, 0, sizeof *run);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &run->out,
                &run->err, &run->status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (run->status, NULL))
    g_test_message ("bounceview-cli %s: %s", args[0], run->err);
}

/* An unknown --sort names the columns that list sorts by. */
static void
test_cli_sort_names_columns (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  g_autofree char *option = g_strdup_printf ("--database=%s", database);
  const char *argv[] = { cli_path, "list", option, "--sort=bogus", NULL };
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (exited_with (status, 1));
  g_assert_nonnull (strstr (err, "“bogus”"));
  g_assert_nonnull (strstr (err, "date, recipient, type, status, reply_code, reason, remote_mta or diagnostic"));
  g_assert_false (g_file_test (database, G_FILE_TEST_EXISTS));

  /* Column names in any case: the error is the missing database. */
  g_clear_pointer (&err, g_free);
  argv[3] = "--sort=Diagnostic";
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (err, "invalid sort column"));
}

/* Writes a report of one failed recipient to @path. */
static void
write_failure_report (const char *path,
                      const char *recipient,
                      const char *status,
                      const char *diagnostic)
{
  g_autofree char *message = g_strdup_printf (
    "From: MAILER-DAEMON@mx.example.net\n"
    "To: sender@example.org\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "Date: Fri, 4 Dec 2026 09:00:30 +0000\n"
    "Message-ID: <%s.%s@mx.example.net>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n"
    "\n"
    "--b\n"
    "Content-Type: text/plain\n"
    "\n"
    "The mail could not be delivered.\n"
    "\n"
    "--b\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mx.example.net\n"
    "\n"
    "Final-Recipient: rfc822; %s\n"
    "Action: failed\n"
    "Status: %s\n"
    "Diagnostic-Code: smtp; %s\n"
    "\n"
    "--b--\n",
    status, recipient, recipient, status, diagnostic);

  write_file (path, message, -1);
}

/* list --hard --recipients prints the addresses to remove from mailing
 * lists: each hard-bounced recipient once, whatever its case. */
static void
test_cli_list_hard_recipients (void)
{
  static const struct
  {
    const char *recipient;
    const char *status;
    const char *diagnostic;
  } reports[] = {
    { "gone@example.com", "5.1.1", "550 5.1.1 user unknown" },
    { "full@example.com", "5.2.2", "552 5.2.2 mailbox full" },
    { "Gone@Example.com", "5.1.1", "550 5.1.1 no such user" },
    { "moved@example.net", "5.1.1", "550 5.1.1 recipient address rejected: user unknown" },
  };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *folder = g_build_filename (dir, "reports", NULL);
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  g_autofree char *option = g_strdup_printf ("--database=%s", database);
  const char * const import_args[] = { "import", option, folder, NULL };
  const char * const hard_args[] = { "list", option, "--hard", "--recipients", "--sort=recipient", NULL };
  const char * const all_args[] = { "list", option, "--recipients", "--sort=recipient", NULL };
  const char * const format_args[] = { "list", option, "--recipients", "--format=csv", NULL };
  const char * const tsv_args[] = { "list", option, "--hard", "--recipients", "--format=tsv", NULL };
  CliRun run;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (reports); i++)
    {
      g_autofree char *name = g_strdup_printf ("%u.eml", i);
      g_autofree char *path = g_build_filename (folder, name, NULL);

      write_failure_report (path, reports[i].recipient, reports[i].status, reports[i].diagnostic);
    }
  run_cli_argv (&run, import_args, NULL);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_nonnull (strstr (run.out, "Events stored: 4"));
  cli_run_clear (&run);

  /* Either spelling of gone@example.com may come first: the workers
   * store the files in no fixed order. */
  run_cli_argv (&run, hard_args, NULL);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  {
    g_autofree char *lower = g_ascii_strdown (run.out, -1);

    g_assert_cmpstr (lower, ==, "gone@example.com\nmoved@example.net\n");
  }
  cli_run_clear (&run);

  run_cli_argv (&run, all_args, NULL);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  {
    g_autofree char *lower = g_ascii_strdown (run.out, -1);

    g_assert_cmpstr (lower, ==, "full@example.com\ngone@example.com\nmoved@example.net\n");
  }
  cli_run_clear (&run);

  /* The addresses are plain lines, in no other format than TSV of one
   * column, which is the same. */
  run_cli_argv (&run, format_args, NULL);
  g_assert_false (g_spawn_check_wait_status (run.status, NULL));
  g_assert_nonnull (strstr (run.err, "leave out --format"));
  cli_run_clear (&run);

  run_cli_argv (&run, tsv_args, NULL);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_cmpuint (strlen (run.out), ==, strlen ("gone@example.com\nmoved@example.net\n"));
  cli_run_clear (&run);
}

/* --until keeps events of its own second, as --since does, and of its
 * whole minute when it has no seconds. The event is at 09:00:30. The
 * first day of 1970 and the last day that GDateTime can represent are
 * valid too, and so is a time zone offset that ends the range before
 * 1970 in UTC. */
static void
test_cli_until_keeps_end (void)
{
  static const struct
  {
    const char *option;
    gboolean listed;
  } cases[] = {
    { "--until=2026-12-04T09:00:30Z", TRUE },
    { "--until=2026-12-04T09:00:29Z", FALSE },
    { "--until=2026-12-04T09:00Z", TRUE },
    { "--until=2026-12-04T08:59", FALSE },
    { "--until=2026-12-04", TRUE },
    { "--until=2026-12-03", FALSE },
    { "--until=9999-12-31", TRUE },
    { "--since=1970-01-01", TRUE },
    { "--since=1970-01-01T00:30+01:00", TRUE },
    { "--until=1970-01-01", FALSE },
    { "--until=1970-01-01T00:30+01:00", FALSE },
    { "--since= 2026-12-04", TRUE },
    { "--since=2026-12-04T09:00:30Z", TRUE },
    { "--since=2026-12-04T09:00:31Z", FALSE },
    { "--since=2026-12-04T09:00", TRUE },
  };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "bounce.eml", NULL);
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  g_autofree char *option = g_strdup_printf ("--database=%s", database);
  const char * const import_args[] = { "import", option, path, NULL };
  CliRun run;

  write_failure_report (path, "gone@example.com", "5.1.1", "550 5.1.1 user unknown");
  run_cli_argv (&run, import_args, NULL);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_nonnull (strstr (run.out, "Events stored: 1"));
  cli_run_clear (&run);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char * const list_args[] = { "list", option, cases[i].option, NULL };

      run_cli_argv (&run, list_args, NULL);
      g_assert_true (g_spawn_check_wait_status (run.status, NULL));
      g_test_message ("%s", cases[i].option);
      g_assert_cmpint (strstr (run.out, "gone@example.com") != NULL, ==, cases[i].listed);
      cli_run_clear (&run);
    }

  /* Dates in the wrong order are refused with a hint, instead of an empty
   * list. */
  {
    const char * const reversed_args[] = { "list", option, "--since=2026-12-05",
                                           "--until=2026-12-04", NULL };

    run_cli_argv (&run, reversed_args, NULL);
    g_assert_false (g_spawn_check_wait_status (run.status, NULL));
    g_assert_nonnull (strstr (run.err, "swap the dates"));
    cli_run_clear (&run);
  }

  /* A file name with terminal escape sequences is named without them. */
  {
    g_autofree char *odd = g_build_filename (dir, "note\033]0;owned\007.eml", NULL);
    const char * const parse_args[] = { "parse", odd, NULL };

    write_file (odd, "From: a@example.org\nSubject: hello\n\nHi\n", -1);
    run_cli_argv (&run, parse_args, NULL);
    g_assert_true (g_spawn_check_wait_status (run.status, NULL));
    g_assert_nonnull (strstr (run.err, "not a bounce"));
    g_assert_nonnull (strstr (run.err, "note?]0;owned?.eml"));
    g_assert_null (strchr (run.err, '\033'));
    g_assert_null (strchr (run.err, '\007'));
    cli_run_clear (&run);
  }

  /* An import with nothing to read creates no database. */
  {
    g_autofree char *unused = g_build_filename (dir, "unused.sqlite", NULL);
    g_autofree char *unused_option = g_strdup_printf ("--database=%s", unused);
    const char * const stdin_args[] = { "import", unused_option, "-", NULL };

    run_cli_argv (&run, stdin_args, NULL);
    g_assert_true (exited_with (run.status, 1));
    g_assert_nonnull (strstr (run.err, "parse -"));
    g_assert_false (g_file_test (unused, G_FILE_TEST_EXISTS));
    cli_run_clear (&run);
  }

  /* The database may come before the command too. */
  {
    const char * const before_args[] = { option, "list", NULL };

    run_cli_argv (&run, before_args, NULL);
    g_assert_true (g_spawn_check_wait_status (run.status, NULL));
    g_assert_nonnull (strstr (run.out, "gone@example.com"));
    cli_run_clear (&run);
  }

  bv_test_remove_tree (dir);
}

/* --since and --until reject what the window's date entries reject: a
 * year of fewer than four digits, which sscanf() would read as the year
 * 24, and a year before 1970. The list then prints nothing. */
static void
test_cli_date_rejects_short_year (void)
{
  static const char * const dates[] = {
    "24-01-01",
    "024-01-01",
    "+2024-01-01",
    "1969-12-31",
    "0001-01-01",
    "1950-01-01T10:00:00Z",
    "24-01-01T10:00:00Z",
  };
  static const char * const options[] = { "--since", "--until" };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  g_autofree char *database_option = g_strdup_printf ("--database=%s", database);

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    for (guint j = 0; j < G_N_ELEMENTS (options); j++)
      {
        g_autofree char *option = g_strdup_printf ("%s=%s", options[j], dates[i]);
        g_autofree char *expected = g_strdup_printf ("invalid date “%s”", dates[i]);
        const char * const args[] = { "list", database_option, option, NULL };
        CliRun run;

        g_test_message ("%s", option);
        run_cli_argv (&run, args, NULL);
        g_assert_true (exited_with (run.status, 1));
        g_assert_nonnull (strstr (run.err, expected));
        g_assert_cmpstr (run.out, ==, "");
        cli_run_clear (&run);
      }

  g_assert_false (g_file_test (database, G_FILE_TEST_EXISTS));
  bv_test_remove_tree (dir);
}

/* Runs "parse --format=tsv -" with the file @input on standard input
 * and @tmpdir, when not NULL, as TMPDIR. Asserts that it succeeds and
 * returns its output. */
static char *
parse_standard_input (const char *input,
                      const char *tmpdir)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;

  g_subprocess_launcher_set_stdin_file_path (launcher, input);
  if (tmpdir != NULL)
    g_subprocess_launcher_setenv (launcher, "TMPDIR", tmpdir, TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, cli_path, "parse", "--format=tsv", "-",
                                         NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));
  g_assert_cmpstr (err, ==, "");
  return out;
}

/* "parse -" decodes the message on standard input. */
static void
test_cli_parse_standard_input (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "bounce.eml", NULL);
  g_autofree char *out = NULL;

  write_file (path,
              "From: MAILER-DAEMON@mx.example.net\n"
              "To: sender@example.org\n"
              "Subject: Mail delivery failed\n"
              "X-Failed-Recipients: gone@example.com\n"
              "\n"
              "This message was created automatically by mail delivery software.\n"
              "\n"
              "  gone@example.com\n"
              "    host mx.example.com [192.0.2.1]\n"
              "    SMTP error from remote mail server after RCPT TO:<gone@example.com>:\n"
              "    550 5.1.1 User unknown\n", -1);
  out = parse_standard_input (path, NULL);
  g_assert_nonnull (strstr (out, "\n-\t0\t"));
  g_assert_nonnull (strstr (out, "gone@example.com"));
  g_assert_nonnull (strstr (out, "5.1.1"));

  bv_test_remove_tree (dir);
}

/* A named pipe in a folder is a failure that the import names, and no
 * message read; the message beside it is read. */
static void
test_cli_import_named_pipe (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *folder = g_build_filename (dir, "mail", NULL);
  g_autofree char *message = g_build_filename (folder, "a-bounce.eml", NULL);
  g_autofree char *pipe = g_build_filename (folder, "b-pipe", NULL);
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  CliRun run;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  write_file (message,
              "From: MAILER-DAEMON@mx.example.net\n"
              "To: sender@example.org\n"
              "Subject: Mail delivery failed\n"
              "X-Failed-Recipients: gone@example.com\n"
              "\n"
              "  gone@example.com\n"
              "    SMTP error from remote mail server after RCPT TO:<gone@example.com>:\n"
              "    550 5.1.1 User unknown\n", -1);
  g_assert_cmpint (mkfifo (pipe, 0600), ==, 0);

  run_cli (&run, AS_SELF, "import", database, folder);
  g_assert_true (exited_with (run.status, 1));
  g_assert_nonnull (strstr (run.out, "Messages read: 1\n"));
  g_assert_nonnull (strstr (run.out, "Events stored: 1\n"));
  g_assert_nonnull (strstr (run.out, "Failures: 1\n"));
  g_assert_nonnull (strstr (run.err, pipe));
  cli_run_clear (&run);

  bv_test_remove_tree (dir);
}

/* parse and import name a named pipe with the same words, whether it is
 * named on the command line or found in a folder. */
static void
test_cli_named_pipe_message (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *folder = g_build_filename (dir, "mail", NULL);
  g_autofree char *pipe = g_build_filename (folder, "pipe.eml", NULL);
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  g_autofree char *database_option = g_strdup_printf ("--database=%s", database);
  g_autofree char *expected =
    g_strdup_printf ("“%s” is a named pipe, not a message file, an mbox file or a folder", pipe);
  const char * const commands[] = { "parse", "import" };
  const char * const paths[] = { pipe, folder };

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (mkfifo (pipe, 0600), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    for (guint j = 0; j < G_N_ELEMENTS (paths); j++)
      {
        /* parse takes no --database. */
        const char * const args[] = { commands[i], paths[j], i == 1 ? database_option : NULL,
                                      NULL };
        CliRun run;

        g_test_message ("%s %s", commands[i], paths[j]);
        run_cli_argv (&run, args, NULL);
        g_assert_true (exited_with (run.status, 1));
        g_assert_nonnull (strstr (run.err, expected));
        cli_run_clear (&run);
      }

  bv_test_remove_tree (dir);
}

/* A file over the 64 MiB limit is named with its size in MiB and in
 * bytes, and with the limit in the same units. The file is sparse, and
 * the check reads only its size. */
static void
test_cli_file_too_large_units (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "big.eml", NULL);
  const char * const args[] = { "parse", path, NULL };
  CliRun run;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 71001330), ==, 0);
  g_assert_cmpint (close (fd), ==, 0);

  run_cli_argv (&run, args, NULL);
  g_assert_true (exited_with (run.status, 1));
  g_assert_nonnull (strstr (run.err, "is too large for a message: 67.7"));
  g_assert_nonnull (strstr (run.err, "MiB (71001330 bytes), the limit is 64.0"));
  g_assert_nonnull (strstr (run.err, "MiB (67108864 bytes)"));
  g_assert_null (strstr (run.err, " MB"));
  cli_run_clear (&run);

  bv_test_remove_tree (dir);
}

/* Writes an mbox of @n_messages short messages that are no reports. */
static void
write_notes_mbox (const char *path,
                  guint       n_messages)
{
  g_autoptr(GString) contents = g_string_new (NULL);

  for (guint i = 0; i < n_messages; i++)
    g_string_append_printf (contents,
                            "From MAILER-DAEMON Mon Jan  1 10:00:00 2024\n"
                            "From: club@example.org\nSubject: Note %u\n\nBody.\n\n", i);
  write_file (path, contents->str, contents->len);
}

/* Runs "import --progress" of @path into a new database in @dir, checks
 * that it reads @n_messages, and returns the progress lines it printed. */
static GPtrArray *
import_with_progress (const char *dir,
                      const char *path,
                      guint       n_messages)
{
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  g_autofree char *database_option = g_strdup_printf ("--database=%s", database);
  g_autofree char *read_line = g_strdup_printf ("Messages read: %u\n", n_messages);
  const char * const args[] = { "import", "--progress", database_option, path, NULL };
  GPtrArray *progress = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;
  CliRun run;

  g_unlink (database);
  run_cli_argv (&run, args, NULL);
  g_assert_true (exited_with (run.status, 0));
  g_assert_nonnull (strstr (run.out, read_line));

  lines = g_strsplit_set (run.err, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      g_test_message ("progress: %s", lines[i]);
      g_ptr_array_add (progress, g_strdup (lines[i]));
    }
  cli_run_clear (&run);
  return progress;
}

/* import --progress prints the total of messages from its first line
 * on when a folder contains an mbox of many messages. After the first
 * commit of 10,000 messages it prints "10000 / 10002", not a count of
 * files that then jumps to the messages read. Where the count falls
 * short, as for an mbox in a Maildir's cur/, the total is "?" until the
 * end. */
static void
test_cli_import_progress_total (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *folder = g_build_filename (dir, "mail", NULL);
  g_autofree char *mbox = g_build_filename (folder, "notes.mbox", NULL);
  g_autofree char *message = g_build_filename (folder, "note.eml", NULL);
  g_autofree char *maildir = g_build_filename (dir, "Maildir", NULL);
  g_autofree char *cur = g_build_filename (maildir, "cur", NULL);
  g_autofree char *dropped = g_build_filename (cur, "notes.mbox", NULL);
  g_autoptr(GPtrArray) progress = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  write_notes_mbox (mbox, 10001);
  write_file (message, "From: club@example.org\nSubject: Note\n\nBody.\n", -1);

  progress = import_with_progress (dir, folder, 10002);
  /* A line after the first commit, and the last one. */
  g_assert_cmpuint (progress->len, >=, 2);
  for (guint i = 0; i < progress->len; i++)
    {
      const char *line = g_ptr_array_index (progress, i);
      guint64 done = 0;

      g_assert_true (g_str_has_suffix (line, " / 10002"));
      g_assert_cmpint (sscanf (line, "%" G_GUINT64_FORMAT, &done), ==, 1);
      g_assert_cmpuint (done, <=, 10002);
    }
  g_clear_pointer (&progress, g_ptr_array_unref);

  g_assert_cmpint (g_mkdir_with_parents (cur, 0700), ==, 0);
  write_notes_mbox (dropped, 10001);

  progress = import_with_progress (dir, maildir, 10001);
  g_assert_cmpuint (progress->len, >=, 2);
  for (guint i = 0; i + 1 < progress->len; i++)
    g_assert_true (g_str_has_suffix (g_ptr_array_index (progress, i), " / ?"));
  g_assert_cmpstr (g_ptr_array_index (progress, progress->len - 1), ==, "10001 / 10001");

  bv_test_remove_tree (dir);
}

/* A report with more recipients than the decoder reads gives the events
 * of the first ones. parse names its file and the limit on standard
 * error, and import stores the events and lists the report among its
 * failures, with the same exit status as for a failure to decode. */
static void
test_cli_report_over_limit (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *folder = g_build_filename (dir, "mail", NULL);
  g_autofree char *message = g_build_filename (folder, "large.eml", NULL);
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  g_autoptr(GString) bounce = bv_test_text_bounce (10001);
  g_auto(GStrv) rows = NULL;
  CliRun run;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  write_file (message, bounce->str, bounce->len);

  {
    const char * const parse_args[] = { "parse", "--format=tsv", message, NULL };

    run_cli_argv (&run, parse_args, NULL);
    g_assert_true (exited_with (run.status, 0));
    rows = g_strsplit (run.out, "\n", -1);
    /* A header, 10,000 rows and the empty string after the last line end. */
    g_assert_cmpuint (g_strv_length (rows), ==, 10002);
    g_assert_nonnull (strstr (run.err, message));
    g_assert_nonnull (strstr (run.err, "more than 10000 recipients"));
    cli_run_clear (&run);
  }

  run_cli (&run, AS_SELF, "import", database, folder);
  g_assert_true (exited_with (run.status, 0));
  g_assert_nonnull (strstr (run.out, "Messages read: 1\n"));
  g_assert_nonnull (strstr (run.out, "Events stored: 10000\n"));
  g_assert_nonnull (strstr (run.out, "Failures: 1\n"));
  g_assert_nonnull (strstr (run.err, message));
  g_assert_nonnull (strstr (run.err, "more than 10000 recipients"));
  cli_run_clear (&run);

  bv_test_remove_tree (dir);
}

/* Runs bounceview-cli with @args after its path, in @dir, with a HOME
 * there and no notmuch configuration. */
static void
run_cli_args (CliRun             *run,
              const char         *dir,
              const char * const *args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autofree char *config = g_build_filename (dir, "no-notmuch-config", NULL);
  g_autoptr(GError) error = NULL;

  g_strv_builder_add (builder, cli_path);
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  envp = g_environ_setenv (envp, "HOME", dir, TRUE);
  envp = g_environ_setenv (envp, "NOTMUCH_CONFIG", config, TRUE);

  memset (run, 0, sizeof *run);
  g_spawn_sync (dir, argv, envp, G_SPAWN_DEFAULT, NULL, NULL, &run->out, &run->err, &run->status,
                &error);
  g_assert_no_error (error);
}

/* A bare --notmuch takes the configured database, and the word after it
 * is a path to read as mail. When that path contains a notmuch database,
 * the import prints how to name the database instead. "explain" without
 * a code shows how to call it. */
static void
test_cli_usage_hints (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *notmuch = g_build_filename (dir, "mail", ".notmuch", "xapian", NULL);
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  g_autofree char *option = g_strdup_printf ("--database=%s", database);
  const char * const import_args[] = { "import", option, "--notmuch", "mail", NULL };
  const char * const explain_args[] = { "explain", NULL };
  const char * const empty_explain_args[] = { "explain", "", " ", NULL };
  CliRun run;

  g_assert_cmpint (g_mkdir_with_parents (notmuch, 0700), ==, 0);
  run_cli_args (&run, dir, import_args);
  g_assert_true (exited_with (run.status, 1));
  g_assert_nonnull (strstr (run.err, "write --notmuch=mail"));
  cli_run_clear (&run);

  run_cli_args (&run, dir, explain_args);
  g_assert_true (exited_with (run.status, 1));
  g_assert_nonnull (strstr (run.err, "bounceview-cli explain --reasons"));
  cli_run_clear (&run);

  /* An empty argument, as an unset "$CODE" gives, counts as no code. */
  run_cli_args (&run, dir, empty_explain_args);
  g_assert_true (exited_with (run.status, 1));
  g_assert_nonnull (strstr (run.err, "bounceview-cli explain --reasons"));
  cli_run_clear (&run);

  bv_test_remove_tree (dir);
}

/* "parse -" reads an mbox on standard input message by message, with
 * each message's index, and leaves no temporary file behind. */
static void
test_cli_parse_standard_input_mbox (void)
{
  static const char message[] =
    "From: MAILER-DAEMON@mx.example.net\n"
    "To: sender@example.org\n"
    "Subject: Mail delivery failed\n"
    "X-Failed-Recipients: %s\n"
    "\n"
    "This message was created automatically by mail delivery software.\n"
    "\n"
    "  %s\n"
    "    SMTP error from remote mail server after RCPT TO:<%s>:\n"
    "    550 5.1.1 User unknown\n"
    "\n";
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "bounces.mbox", NULL);
  g_autofree char *tmp = g_build_filename (dir, "tmp", NULL);
  g_autoptr(GString) mbox = g_string_new (NULL);
  g_autoptr(GDir) left = NULL;
  g_autofree char *out = NULL;
  const char *recipients[] = { "first@example.com", "second@example.net" };

  for (guint i = 0; i < G_N_ELEMENTS (recipients); i++)
    {
      g_string_append (mbox, "From MAILER-DAEMON Fri Mar 13 08:14:58 2026\n");
      g_string_append_printf (mbox, message, recipients[i], recipients[i], recipients[i]);
    }
  write_file (path, mbox->str, mbox->len);
  g_assert_cmpint (g_mkdir (tmp, 0700), ==, 0);

  out = parse_standard_input (path, tmp);
  g_assert_nonnull (strstr (out, "\n-\t1\t"));
  g_assert_nonnull (strstr (out, "first@example.com"));
  g_assert_nonnull (strstr (out, "\n-\t2\t"));
  g_assert_nonnull (strstr (out, "second@example.net"));

  left = g_dir_open (tmp, 0, NULL);
  g_assert_nonnull (left);
  g_assert_null (g_dir_read_name (left));

  bv_test_remove_tree (dir);
}

/* explain takes several codes at once, in any order; an unknown one is
 * named and the others are still explained. */
static void
test_cli_explain_several (void)
{
  static const struct
  {
    const char *args[4];
    gboolean success;
    const char *first;          /* how the output starts */
    const char *second;         /* the start of the second block */
  } cases[] = {
    { { "explain", "421", "450", NULL }, TRUE, "421: ", "\n\n450: " },
    /* A status code before its reply code: the pair, reply code first. */
    { { "explain", "5.1.1 550", NULL }, TRUE, "550: ", "\n\n5.1.1: " },
    { { "explain", "4.2.2", "550", NULL }, TRUE, "550: ", "\n\n4.2.2: " },
    { { "explain", "TSS04", "mailboxfull", NULL }, TRUE, "TSS04: ", "\n\nmailboxfull: " },
    { { "explain", "999", "550", NULL }, FALSE, "550: ", NULL },
    /* --reasons lists every reason, or explains the ones named. */
    { { "explain", "--reasons", "mailboxfull", NULL }, TRUE, "mailboxfull: ", NULL },
    /* A reason in any case, and a class alone. */
    { { "explain", "UserUnknown", "5", NULL }, TRUE, "userunknown: ", "\n\n5: Permanent failure" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CliRun run;

      run_cli_argv (&run, cases[i].args, NULL);
      g_assert_cmpint (g_spawn_check_wait_status (run.status, NULL), ==, cases[i].success);
      g_assert_true (g_str_has_prefix (run.out, cases[i].first));
      if (cases[i].second != NULL)
        g_assert_nonnull (strstr (run.out, cases[i].second));
      else if (!cases[i].success)
        g_assert_nonnull (strstr (run.err, "“999”"));
      else
        g_assert_null (strstr (run.out, "\n\n"));
      cli_run_clear (&run);
    }
}

/* Output that cannot be written, to a full disk here, fails the command
 * with one message that names the error, instead of an exit status of 0
 * behind a cut file. The commands run in this order, so that list finds
 * the events that import stored. */
static void
test_cli_output_unwritable (void)
{
  g_autofree char *message = g_test_build_filename (G_TEST_DIST, "data", "decoder", "exim.eml",
                                                     NULL);
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  g_autofree char *database_option = g_strdup_printf ("--database=%s", database);
  const struct
  {
    const char *args[4];
    const char *name;           /* the command as the message names it */
  } cases[] = {
    { { "explain", "550", NULL }, "explain" },
    { { "parse", message, NULL }, "parse" },
    { { "--help", NULL }, "--help" },
    /* GOption prints a command's own --help and exits by itself. */
    { { "list", "--help", NULL }, "list" },
    { { "import", database_option, message, NULL }, "import" },
    { { "list", database_option, NULL }, "list" },
  };

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("No /dev/full on this system");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;
      g_autofree char *expected =
        g_strdup_printf ("bounceview-cli %s: cannot write the output: %s\n", cases[i].name,
                         g_strerror (ENOSPC));

      g_ptr_array_add (argv, (gpointer) cli_path);
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        g_ptr_array_add (argv, (gpointer) cases[i].args[j]);
      g_ptr_array_add (argv, NULL);

      g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/full");
      process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &err, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %s", cases[i].args[0], err);
      g_assert_true (g_subprocess_get_if_exited (process));
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
      g_assert_cmpstr (err, ==, expected);
    }

  bv_test_remove_tree (dir);
}

/* An empty database file, as a first import leaves it for a moment,
 * has no events, so the message names no "older schema". */
static void
test_cli_list_empty_database (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  g_autofree char *option = g_strdup_printf ("--database=%s", database);
  const char * const args[] = { "list", option, NULL };
  CliRun run;

  write_file (database, "", 0);
  run_cli_argv (&run, args, NULL);
  g_assert_false (g_spawn_check_wait_status (run.status, NULL));
  g_assert_nonnull (strstr (run.err, "holds no events yet"));
  cli_run_clear (&run);
  bv_test_remove_tree (dir);
}

/* A missing or unknown command prints the usage to standard error, and
 * --help to standard output; both name the options that come before the
 * command. */
static void
test_cli_usage (void)
{
  const char * const none[] = { NULL };
  const char * const unknown[] = { "bogus", NULL };
  const char * const help[] = { "--help", NULL };
  const char * const empty_database[] = { "list", "--database=", NULL };
  CliRun run;

  run_cli_argv (&run, none, NULL);
  g_assert_false (g_spawn_check_wait_status (run.status, NULL));
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "--database=FILE"));
  cli_run_clear (&run);

  run_cli_argv (&run, unknown, NULL);
  g_assert_false (g_spawn_check_wait_status (run.status, NULL));
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "“bogus”"));
  g_assert_nonnull (strstr (run.err, "Usage:"));
  cli_run_clear (&run);

  run_cli_argv (&run, help, NULL);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_nonnull (strstr (run.out, "--database=FILE"));
  g_assert_nonnull (strstr (run.out, "--version"));
  g_assert_cmpstr (run.err, ==, "");
  cli_run_clear (&run);

  /* An empty --database= is no file, not the default database. */
  run_cli_argv (&run, empty_database, NULL);
  g_assert_false (g_spawn_check_wait_status (run.status, NULL));
  g_assert_nonnull (strstr (run.err, "--database needs a file name"));
  cli_run_clear (&run);
}

static void
test_mail_untouched (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *mail = g_build_filename (dir, "mail", NULL);
  g_autofree char *maildir = g_build_filename (mail, "Maildir", NULL);
  g_autofree char *mbox = g_build_filename (mail, "bounces.mbox", NULL);
  g_autofree char *folder = g_build_filename (mail, "Archive", NULL);
  g_autofree char *nested_maildir = g_build_filename (folder, "2023", NULL);
  g_autofree char *nested_mbox = g_build_filename (folder, "old.mbox", NULL);
  g_autofree char *pending = g_build_filename (maildir, "tmp", "1700000999.M1P1.test", NULL);
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  g_autofree char *option = g_strdup_printf ("--database=%s", database);
  const char * const args[] = { "import", option, maildir, mbox, folder, NULL };
  g_autoptr(GPtrArray) before = NULL;
  gboolean with_atime;

  make_maildir (maildir, "mail", 1);
  write_file (pending, "From: someone@example.org\n\nStill being delivered.\n", -1);
  make_mbox (mbox, 3);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  make_maildir (nested_maildir, "nested", 1);
  make_mbox (nested_mbox, 1);

  with_atime = file_system_keeps_atime (dir);
  if (with_atime)
    age_access_times (mail);
  else
    g_test_message ("This file system does not update access times; they are not compared");
  before = snapshot (mail, with_atime);

  /* The second import finds every message stored: it reads them all
   * again to compute their digests. */
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) after = NULL;
      CliRun run;

      run_cli_argv (&run, args, NULL);
      g_assert_true (g_spawn_check_wait_status (run.status, NULL));
      g_assert_nonnull (strstr (run.out, round == 0 ? "Events stored: " : "Duplicates: "));
      cli_run_clear (&run);

      after = snapshot (mail, with_atime);
      assert_same_snapshot (before, after);
    }

  bv_test_remove_tree (dir);
}

static void
test_notmuch_untouched (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *root = g_build_filename (dir, "notmuch", NULL);
  g_autofree char *maildir = g_build_filename (root, "mail", NULL);
  g_autofree char *xapian = g_build_filename (root, ".notmuch", NULL);
  g_autofree char *config = g_build_filename (dir, "notmuch-config", NULL);
  g_autofree char *home = g_build_filename (dir, "home", NULL);
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  g_autofree char *database_option = g_strdup_printf ("--database=%s", database);
  g_autofree char *notmuch_option = g_strdup_printf ("--notmuch=%s", root);
  g_autofree char *config_text = NULL;
  g_autofree char *notmuch = NULL;
  g_autoptr(GPtrArray) mail_before = NULL;
  g_autoptr(GPtrArray) xapian_before = NULL;
  g_autoptr(GError) error = NULL;
  const char *new_argv[] = { "notmuch", "new", "--no-hooks", "--quiet", NULL };
  const char * const args[] = { "import", database_option, notmuch_option, "--query=*", NULL };
  g_auto(GStrv) envp = NULL;
  gboolean with_atime;
  int status;

  notmuch = g_find_program_in_path ("notmuch");
  if (notmuch == NULL)
    {
      g_test_skip ("notmuch is not installed");
      bv_test_remove_tree (dir);
      return;
    }

  /* Never the user's own configuration: HOME and NOTMUCH_CONFIG point
   * into the temporary folder. */
  g_assert_cmpint (g_mkdir (home, 0700), ==, 0);
  make_maildir (maildir, "notmuch", 1);
  config_text = g_strdup_printf ("[database]\npath=%s\n\n[user]\nname=Test\n"
                                 "primary_email=postmaster@example.org\n\n[new]\ntags=new\n\n"
                                 "[maildir]\nsynchronize_flags=false\n", root);
  write_file (config, config_text, -1);
  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "NOTMUCH_CONFIG", config, TRUE);
  envp = g_environ_setenv (envp, "HOME", home, TRUE);
  envp = g_environ_unsetenv (envp, "G_DEBUG");

  g_spawn_sync (dir, (char **) new_argv, envp, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  with_atime = file_system_keeps_atime (dir);
  if (with_atime)
    age_access_times (root);
  /* NOTE: Xapian opens its own files without O_NOATIME, so their access
   * times are left out; their bytes and the other two times count. */
  mail_before = snapshot (maildir, with_atime);
  xapian_before = snapshot (xapian, FALSE);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GPtrArray) mail_after = NULL;
      g_autoptr(GPtrArray) xapian_after = NULL;
      CliRun run;

      run_cli_argv (&run, args, envp);
      g_assert_true (g_spawn_check_wait_status (run.status, NULL));
      cli_run_clear (&run);

      mail_after = snapshot (maildir, with_atime);
      xapian_after = snapshot (xapian, FALSE);
      assert_same_snapshot (mail_before, mail_after);
      assert_same_snapshot (xapian_before, xapian_after);
    }

  /* A relative --notmuch=PATH counts from the current folder, as the
   * other paths do. After a bare --notmuch, the next word is a path to
   * import, not the notmuch database: the configuration names that. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char *relative_argv[] = { cli_path, "import", database_option, "--notmuch=notmuch",
                                    "--query=*", NULL };
    const char *bare_argv[] = { cli_path, "import", database_option, "--notmuch", maildir,
                                "--query=*", NULL };

    g_spawn_sync (dir, (char **) relative_argv, envp, 0, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_test_message ("relative --notmuch: %s%s", out, err);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "Events stored: 0"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    g_spawn_sync (dir, (char **) bare_argv, envp, 0, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_test_message ("bare --notmuch: %s%s", out, err);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    /* The configuration's database once, and the Maildir as files. */
    g_assert_nonnull (strstr (out, "Failures: 0"));
  }

  bv_test_remove_tree (dir);
}

/* Message text is data ---------------------------------------------------- */

/* Fails when a C file under @dir calls one of @functions, which would
 * hand text to a shell or start a program. */
static void
assert_no_calls (const char *dir,
                 const char *functions)
{
  g_autofree char *pattern = g_strdup_printf ("(^|[;={(,!&|?:]\\s*)(%s)\\s*\\(", functions);
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n_files = 0;

  g_assert_nonnull (regex);
  if (listing == NULL)
    return;

  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GMatchInfo) match = NULL;

      if (!g_str_has_suffix (name, ".c"))
        continue;
      bytes = read_bytes (path);
      if (g_regex_match (regex, g_bytes_get_data (bytes, NULL), 0, &match))
        {
          g_autofree char *call = g_match_info_fetch (match, 2);

          g_test_message ("%s calls %s()", path, call);
          g_assert_not_reached ();
        }
      n_files++;
    }
  g_test_message ("%s: %u C files without a call of %s", dir, n_files, functions);
}

/* Message text never reaches a shell and never names a file: the core
 * and the command line start no programs, and an import of messages
 * full of shell syntax and paths creates no file but the database. */
static void
test_text_is_data (void)
{
  g_autofree char *core = g_test_build_filename (G_TEST_DIST, "..", "app", "core", NULL);
  g_autofree char *cli = g_test_build_filename (G_TEST_DIST, "..", "app", "cli", NULL);
  g_autofree char *gui = g_test_build_filename (G_TEST_DIST, "..", "app", "gui", NULL);
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *maildir = g_build_filename (dir, "Maildir", NULL);
  g_autofree char *cur = g_build_filename (maildir, "cur", NULL);
  g_autofree char *message_path = g_build_filename (cur, "1700000001.M1P1.test:2,S", NULL);
  g_autofree char *home = g_build_filename (dir, "home", NULL);
  g_autofree char *database = g_build_filename (dir, "events.sqlite", NULL);
  g_autofree char *option = g_strdup_printf ("--database=%s", database);
  g_autofree char *marker = g_build_filename (dir, "pwned", NULL);
  g_autofree char *message = NULL;
  g_autoptr(GPtrArray) mail_before = NULL;
  g_autoptr(GPtrArray) mail_after = NULL;
  g_auto(GStrv) envp = NULL;
  const char * const import_args[] = { "import", option, maildir, NULL };
  const char * const list_args[] = { "list", option, "--format=json", NULL };
  g_autoptr(GDir) listing = NULL;
  const char *name;
  CliRun run;

  assert_no_calls (core, "system|popen|g_spawn_\\w+|exec[lv]p?e?|posix_spawnp?|fork");
  /* The command line may start itself again, with its own arguments
   * (restart_with_malloc_slices()), and no other program. */
  assert_no_calls (cli, "system|popen|g_spawn_\\w+|exec[lv]p?e?(?!\\s*\\(\\s*\"/proc/self/exe\")|"
                        "posix_spawnp?|fork");
  assert_no_calls (gui, "system|popen");

  message = g_strdup_printf (
    "From: \"$(touch %s-from)\" <MAILER-DAEMON@mx.example.net>\n"
    "To: `touch %s-to`@example.org\n"
    "Subject: Undelivered; touch %s-subject | sh\n"
    "Message-ID: <../../../../%s-id@example.net>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n"
    "\n"
    "--b\n"
    "Content-Type: text/plain; name=\"../../%s-name\"\n"
    "Content-Disposition: attachment; filename=\"/%s-filename\"\n"
    "\n"
    "<gone@example.com>: host said: 550 5.1.1 $(touch %s-text) `id`\n"
    "\n"
    "--b\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; $(touch %s-mta)\n"
    "\n"
    "Final-Recipient: rfc822; gone@example.com\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "Remote-MTA: dns; ;touch %s-remote;\n"
    "Diagnostic-Code: smtp; 550 5.1.1 $(touch %s-diagnostic) user unknown\n"
    "\n"
    "--b--\n",
    marker, marker, marker, marker, marker, marker, marker, marker, marker, marker);

  g_assert_cmpint (g_mkdir_with_parents (cur, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (home, 0700), ==, 0);
  write_file (message_path, message, -1);
  mail_before = snapshot (maildir, FALSE);

  envp = g_get_environ ();
  envp = g_environ_setenv (envp, "HOME", home, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", home, TRUE);
  envp = g_environ_setenv (envp, "XDG_CACHE_HOME", home, TRUE);
  envp = g_environ_setenv (envp, "XDG_CONFIG_HOME", home, TRUE);
  envp = g_environ_setenv (envp, "XDG_STATE_HOME", home, TRUE);

  run_cli_argv (&run, import_args, envp);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  cli_run_clear (&run);

  /* The text is stored as it came. */
  run_cli_argv (&run, list_args, envp);
  g_assert_true (g_spawn_check_wait_status (run.status, NULL));
  g_assert_nonnull (strstr (run.out, "$(touch "));
  cli_run_clear (&run);

  mail_after = snapshot (maildir, FALSE);
  assert_same_snapshot (mail_before, mail_after);

  /* Nothing new but the database and SQLite's files beside it. */
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (strcmp (name, "Maildir") == 0 || strcmp (name, "home") == 0 ||
          g_str_has_prefix (name, "events.sqlite"))
        continue;
      g_test_message ("Unexpected file after the import: %s", name);
      g_assert_not_reached ();
    }
  g_clear_pointer (&listing, g_dir_close);
  listing = g_dir_open (home, 0, NULL);
  g_assert_null (g_dir_read_name (listing));

  bv_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && strcmp (argv[1], "--bounded-case") == 0)
    return run_bounded_case (argv[2]);

  g_test_init (&argc, &argv, NULL);

  /* The path of bounceview-cli comes from meson as the last argument. */
  for (int i = 1; i < argc; i++)
    if (argv[i][0] != '-')
      cli_path = argv[i];
  if (cli_path == NULL || !g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("test-robustness: pass the path of bounceview-cli as the last argument\n");
      return 1;
    }

  g_test_add_func ("/bounceview/robustness/saved-inputs", test_saved_inputs);
  g_test_add_func ("/bounceview/robustness/duplicate-recipients", test_duplicate_recipients);
  for (guint i = 0; i < G_N_ELEMENTS (bounded_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bounceview/robustness/bounded/%s",
                                               bounded_cases[i].name);

      g_test_add_data_func (path, &bounded_cases[i], test_bounded);
    }
  g_test_add_func ("/bounceview/robustness/database-corrupt", test_database_corrupt);
  g_test_add_func ("/bounceview/robustness/database-lock-lost", test_database_lock_lost);
  g_test_add_func ("/bounceview/robustness/database-not-a-database",
                   test_database_not_a_database);
  g_test_add_func ("/bounceview/robustness/database-newer-schema", test_database_newer_schema);
  g_test_add_func ("/bounceview/robustness/database-read-only", test_database_read_only);
  g_test_add_func ("/bounceview/robustness/database-full-disk", test_database_full_disk);
  g_test_add_func ("/bounceview/robustness/mail-untouched", test_mail_untouched);
  g_test_add_func ("/bounceview/robustness/cli-until-keeps-end", test_cli_until_keeps_end);
  g_test_add_func ("/bounceview/robustness/cli-date-rejects-short-year",
                   test_cli_date_rejects_short_year);
  g_test_add_func ("/bounceview/robustness/cli-list-hard-recipients", test_cli_list_hard_recipients);
  g_test_add_func ("/bounceview/robustness/cli-sort-names-columns", test_cli_sort_names_columns);
  g_test_add_func ("/bounceview/robustness/cli-explain-several", test_cli_explain_several);
  g_test_add_func ("/bounceview/robustness/cli-usage", test_cli_usage);
  g_test_add_func ("/bounceview/robustness/cli-list-empty-database", test_cli_list_empty_database);
  g_test_add_func ("/bounceview/robustness/cli-output-unwritable", test_cli_output_unwritable);
  g_test_add_func ("/bounceview/robustness/cli-parse-standard-input",
                   test_cli_parse_standard_input);
  g_test_add_func ("/bounceview/robustness/cli-parse-standard-input-mbox",
                   test_cli_parse_standard_input_mbox);
  g_test_add_func ("/bounceview/robustness/cli-import-named-pipe", test_cli_import_named_pipe);
  g_test_add_func ("/bounceview/robustness/cli-named-pipe-message", test_cli_named_pipe_message);
  g_test_add_func ("/bounceview/robustness/cli-import-progress-total",
                   test_cli_import_progress_total);
  g_test_add_func ("/bounceview/robustness/cli-file-too-large-units",
                   test_cli_file_too_large_units);
  g_test_add_func ("/bounceview/robustness/cli-report-over-limit", test_cli_report_over_limit);
  g_test_add_func ("/bounceview/robustness/cli-usage-hints", test_cli_usage_hints);
  g_test_add_func ("/bounceview/robustness/notmuch-untouched", test_notmuch_untouched);
  g_test_add_func ("/bounceview/robustness/text-is-data", test_text_is_data);

  return g_test_run ();
}
