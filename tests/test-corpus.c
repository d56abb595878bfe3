/* test-corpus.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Accuracy on real bounces. The corpus (a Maildir of public bounce
 * samples with the expected recipient, codes and reason of each event in
 * expected.tsv) lives outside the repository, next to it; the test skips
 * when it is absent. It decodes every message with LF, CRLF and CR-only
 * line ends and compares with the expected rows; the figures are printed
 * and the test fails below the thresholds the product promises. The
 * hard cases (small messages, each with a trait that broke other
 * parsers) are checked event by event. */

#include <string.h>

#include "bv-decoder.h"
#include "bv-source.h"

/* Sisimai, which wrote expected.tsv, names a recipient it could not find
 * with this placeholder; BounceView leaves the recipient empty. */
#define NO_RECIPIENT "undisclosed-recipient-in-headers@libsisimai.org.invalid"

typedef enum
{
  LINE_ENDS_LF,
  LINE_ENDS_CRLF,
  LINE_ENDS_CR,
} LineEnds;

typedef struct
{
  char *file;
  guint rcpt_index;
  char *recipient;
  char *status;
  gboolean status_in_message;
  guint reply_code;
  char *reason;
  gboolean hard_bounce;
} ExpectedRow;

typedef struct
{
  guint total;
  guint right;
} Figure;

static char *
find_shared_folder (const char *name)
{
  const char *env = g_getenv (g_str_equal (name, "corpus") ? "BOUNCEVIEW_CORPUS" :
                                                              "BOUNCEVIEW_CASES");
  g_autofree char *path = NULL;

  /* Absolute, as the paths of the items that a source hands out. */
  if (env != NULL && *env != '\0')
    return g_canonicalize_filename (env, NULL);

  path = g_test_build_filename (G_TEST_DIST, "..", "..", "shared", name, NULL);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return g_canonicalize_filename (path, NULL);
  return NULL;
}

static void
expected_row_free (gpointer data)
{
  ExpectedRow *row = data;

  g_free (row->file);
  g_free (row->recipient);
  g_free (row->status);
  g_free (row->reason);
  g_free (row);
}

static GPtrArray *
read_expected (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func (expected_row_free);

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      ExpectedRow *row;

      if (g_strv_length (fields) < 8)
        continue;

      row = g_new0 (ExpectedRow, 1);
      row->file = g_strdup (fields[0]);
      row->rcpt_index = atoi (fields[1]);
      row->recipient = g_strdup (fields[2]);
      row->status = g_strdup (fields[3]);
      row->status_in_message = g_str_equal (fields[4], "yes");
      row->reply_code = atoi (fields[5]);
      row->reason = g_strdup (fields[6]);
      row->hard_bounce = g_str_equal (fields[7], "1");
      g_ptr_array_add (rows, row);
    }

  return rows;
}

static GBytes *
convert_line_ends (GBytes   *bytes,
                   LineEnds  line_ends)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  GString *out;
  const char *eol = line_ends == LINE_ENDS_CRLF ? "\r\n" : "\r";

  if (line_ends == LINE_ENDS_LF)
    return g_bytes_ref (bytes);

  out = g_string_sized_new (length + length / 20);
  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '\r')
        {
          if (i + 1 < length && data[i + 1] == '\n')
            i++;
          g_string_append (out, eol);
        }
      else if (data[i] == '\n')
        g_string_append (out, eol);
      else
        g_string_append_c (out, data[i]);
    }
  return g_string_free_to_bytes (out);
}

/* Decodes every message of the corpus Maildir; returns a table from the
 * path below the corpus folder ("maildir/new/x.eml") to its events. */
static GHashTable *
decode_corpus (const char *corpus,
               LineEnds    line_ends)
{
  g_autofree char *maildir = g_build_filename (corpus, "maildir", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = bv_source_open (maildir, &error);
  GHashTable *events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);
  gsize prefix = strlen (corpus) + 1;
  BvSourceItem item;

  g_assert_no_error (error);

  while (bv_source_next (source, &item, &error))
    {
      g_autoptr(GBytes) bytes = bv_source_item_load (&item, &error);
      g_autoptr(GBytes) converted = NULL;
      g_autoptr(BvDecodeResult) result = NULL;
      GPtrArray *list;

      g_assert_no_error (error);
      converted = convert_line_ends (bytes, line_ends);
      result = bv_decode (g_bytes_get_data (converted, NULL), g_bytes_get_size (converted));

      list = g_hash_table_lookup (events, item.path + prefix);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func ((GDestroyNotify) bv_event_free);
          g_hash_table_insert (events, g_strdup (item.path + prefix), list);
        }
      while (result->events->len > 0)
        g_ptr_array_add (list, g_ptr_array_steal_index (result->events, 0));

      bv_source_item_clear (&item);
    }
  g_assert_no_error (error);

  return events;
}

static void
count (Figure   *figure,
       gboolean  right)
{
  figure->total++;
  if (right)
    figure->right++;
}

static double
percent (const Figure *figure)
{
  return figure->total == 0 ? 100.0 : 100.0 * figure->right / figure->total;
}

/* BounceView stores an IDNA domain in Unicode, where Sisimai keeps the
 * xn-- form: both name the same recipient. */
static gboolean
same_recipient (const char *expected,
                const char *got)
{
  g_autofree char *unicode = NULL;

  if (g_str_equal (expected, NO_RECIPIENT) || *expected == '\0')
    return got == NULL || *got == '\0';
  unicode = bv_address_unicode_domain (expected);
  if (unicode != NULL)
    expected = unicode;
  return got != NULL && g_ascii_strcasecmp (expected, got) == 0;
}

static void
check_corpus (LineEnds line_ends)
{
  static const char * const names[] = { "LF", "CRLF", "CR" };
  g_autofree char *corpus = find_shared_folder ("corpus");
  g_autofree char *expected_path = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GHashTable) events = NULL;
  g_autoptr(GHashTable) used = g_hash_table_new (NULL, NULL);
  Figure recipient = { 0 }, status = { 0 }, reply = { 0 }, reason = { 0 }, hard = { 0 };
  guint not_bounce_files = 0, not_bounce_events = 0;

  if (corpus == NULL)
    {
      g_test_skip ("The corpus is absent: set BOUNCEVIEW_CORPUS or put it at ../shared/corpus");
      return;
    }

  expected_path = g_build_filename (corpus, "expected.tsv", NULL);
  expected = read_expected (expected_path);
  events = decode_corpus (corpus, line_ends);

  for (guint i = 0; i < expected->len; i++)
    {
      ExpectedRow *row = g_ptr_array_index (expected, i);
      GPtrArray *list = g_hash_table_lookup (events, row->file);
      BvEvent *event = NULL;

      /* Ordinary mail must give no bounce or deferral. */
      if (g_str_equal (row->reason, "NOT-A-BOUNCE"))
        {
          if (strstr (row->file, "is-not-bounce") == NULL)
            continue;
          not_bounce_files++;
          for (guint j = 0; list != NULL && j < list->len; j++)
            {
              BvEvent *e = g_ptr_array_index (list, j);

              if (e->type == BV_EVENT_BOUNCE || e->type == BV_EVENT_DEFERRAL)
                not_bounce_events++;
            }
          continue;
        }

      /* The event for this row: the one with its recipient, else the
       * one at its position. */
      for (guint j = 0; list != NULL && j < list->len && event == NULL; j++)
        {
          BvEvent *e = g_ptr_array_index (list, j);

          if (!g_hash_table_contains (used, e) && same_recipient (row->recipient, e->recipient))
            event = e;
        }
      if (event == NULL && list != NULL && row->rcpt_index >= 1 && row->rcpt_index <= list->len)
        event = g_ptr_array_index (list, row->rcpt_index - 1);
      if (event != NULL)
        g_hash_table_add (used, event);

      count (&recipient, event != NULL && same_recipient (row->recipient, event->recipient));
      if (row->status_in_message)
        count (&status, event != NULL && g_strcmp0 (event->status, row->status) == 0);
      count (&reply, event != NULL && event->reply_code == row->reply_code);
      count (&reason, event != NULL && g_strcmp0 (event->reason, row->reason) == 0);
      count (&hard, event != NULL && event->hard_bounce == row->hard_bounce);

      if (g_test_verbose () && event != NULL && g_strcmp0 (event->reason, row->reason) != 0)
        g_test_message ("%s: reason %s, expected %s", row->file, event->reason, row->reason);
    }

  g_test_message ("Corpus with %s line ends, %u expected events:", names[line_ends], recipient.total);
  g_test_message ("  recipient    %u/%u  %.1f%%", recipient.right, recipient.total, percent (&recipient));
  g_test_message ("  status       %u/%u  %.1f%%  (rows whose code is in the message)",
                  status.right, status.total, percent (&status));
  g_test_message ("  reply code   %u/%u  %.1f%%", reply.right, reply.total, percent (&reply));
  g_test_message ("  reason       %u/%u  %.1f%%", reason.right, reason.total, percent (&reason));
  g_test_message ("  hard bounce  %u/%u  %.1f%%", hard.right, hard.total, percent (&hard));
  g_test_message ("  bounce events from %u ordinary messages: %u", not_bounce_files, not_bounce_events);

  g_assert_cmpfloat (percent (&recipient), >=, 95.0);
  g_assert_cmpfloat (percent (&status), >=, 95.0);
  g_assert_cmpfloat (percent (&reply), >=, 95.0);
  g_assert_cmpfloat (percent (&reason), >=, 90.0);
  g_assert_cmpfloat (percent (&hard), >=, 90.0);
  g_assert_cmpuint (not_bounce_files, >, 0);
  g_assert_cmpuint (not_bounce_events, ==, 0);
}

static void
test_corpus_lf (void)
{
  check_corpus (LINE_ENDS_LF);
}

static void
test_corpus_crlf (void)
{
  check_corpus (LINE_ENDS_CRLF);
}

static void
test_corpus_cr (void)
{
  check_corpus (LINE_ENDS_CR);
}

static gboolean
event_is_valid_utf8 (const BvEvent *event)
{
  const char * const fields[] = {
    event->recipient, event->original_recipient, event->action, event->status,
    event->diagnostic, event->diagnostic_type, event->smtp_command, event->remote_mta,
    event->reporting_mta, event->reason, event->evidence, event->feedback_type,
    event->original_message_id, event->original_subject, event->original_from,
    event->original_to, event->source_ip, event->reported_domain,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i] != NULL && !g_utf8_validate (fields[i], -1, NULL))
      return FALSE;
  return TRUE;
}

/* Each hard case with the events its expected.tsv gives: recipient,
 * type, status and reply code, event by event. */
static void
test_hard_cases (void)
{
  g_autofree char *cases = find_shared_folder ("cases");
  g_autofree char *expected_path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint checked = 0;

  if (cases == NULL)
    {
      g_test_skip ("The hard cases are absent: set BOUNCEVIEW_CASES or put them at ../shared/cases");
      return;
    }

  expected_path = g_build_filename (cases, "expected.tsv", NULL);
  g_file_get_contents (expected_path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);
      g_autofree char *path = NULL;
      g_autofree char *data = NULL;
      g_autoptr(BvDecodeResult) result = NULL;
      gsize length;
      guint index;
      BvEvent *event;

      if (g_strv_length (fields) < 6)
        continue;

      path = g_build_filename (cases, fields[0], NULL);
      g_file_get_contents (path, &data, &length, &error);
      g_assert_no_error (error);
      result = bv_decode (data, length);

      for (guint j = 0; j < result->events->len; j++)
        g_assert_true (event_is_valid_utf8 (g_ptr_array_index (result->events, j)));

      if (g_str_equal (fields[3], "NONE"))
        {
          for (guint j = 0; j < result->events->len; j++)
            {
              BvEvent *e = g_ptr_array_index (result->events, j);

              g_assert_cmpint (e->type, !=, BV_EVENT_BOUNCE);
              g_assert_cmpint (e->type, !=, BV_EVENT_DEFERRAL);
            }
          checked++;
          continue;
        }

      index = atoi (fields[1]);
      g_test_message ("%s, event %u", fields[0], index);
      g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
      g_assert_cmpuint (index, >=, 1);
      g_assert_cmpuint (index, <=, result->events->len);
      event = g_ptr_array_index (result->events, index - 1);

      g_assert_cmpstr (event->recipient, ==, fields[2]);
      g_assert_cmpstr (bv_event_type_to_string (event->type), ==, fields[3]);
      g_assert_cmpstr (event->status, ==, *fields[4] != '\0' ? fields[4] : NULL);
      g_assert_cmpuint (event->reply_code, ==, (guint) atoi (fields[5]));
      checked++;
    }

  g_test_message ("%u hard-case events decoded as expected", checked);
  g_assert_cmpuint (checked, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bounceview/corpus/lf", test_corpus_lf);
  g_test_add_func ("/bounceview/corpus/crlf", test_corpus_crlf);
  g_test_add_func ("/bounceview/corpus/cr", test_corpus_cr);
  g_test_add_func ("/bounceview/corpus/hard-cases", test_hard_cases);

  return g_test_run ();
}
