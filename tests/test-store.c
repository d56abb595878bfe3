/* test-store.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Every test works on databases in a folder of its own from
 * g_dir_make_tmp(). Imports read the messages of tests/data/sources/,
 * and the query tests store hand-made events with known dates. */

#include "bv-importer.h"
#include "bv-store.h"
#include "test-import-util.h"
#include "test-util.h"

#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <sqlite3.h>

#include <glib/gstdio.h>

/* Unix times of the dates the query tests use, all at 00:00 UTC. */
#define JAN_05 G_GINT64_CONSTANT (1767571200)
#define JAN_10 G_GINT64_CONSTANT (1768003200)
#define JAN_12 G_GINT64_CONSTANT (1768176000)
#define JAN_20 G_GINT64_CONSTANT (1768867200)
#define FEB_01 G_GINT64_CONSTANT (1769904000)
#define FEB_10 G_GINT64_CONSTANT (1770681600)
#define FEB_15 G_GINT64_CONSTANT (1771113600)
#define FEB_20 G_GINT64_CONSTANT (1771545600)
#define MAR_01 G_GINT64_CONSTANT (1772323200)

/* The messages of tests/data/sources/: four reports with five events
 * between them, and two ordinary messages. */
static const char * const source_messages[] = {
  "bounce-postfix.eml",
  "bounce-exim.eml",
  "auto-reply.eml",
  "complaint.eml",
  "ordinary.eml",
  "ordinary-from-lines.eml",
};

#define SOURCE_EVENTS 5
#define SOURCE_NOT_BOUNCES 2

/* The schema of version 1, as migration 1 of bv-store.c creates it. */
static const char schema_version_1[] =
  "CREATE TABLE messages ("
  "  id INTEGER PRIMARY KEY,"
  "  digest BLOB NOT NULL UNIQUE,"
  "  source TEXT NOT NULL,"
  "  source_index INTEGER NOT NULL DEFAULT 0,"
  "  source_offset INTEGER NOT NULL DEFAULT 0,"
  "  notmuch_id TEXT,"
  "  result TEXT NOT NULL CHECK (result IN ('events', 'not_bounce', 'failed')),"
  "  error TEXT,"
  "  format TEXT,"
  "  message_id TEXT,"
  "  subject TEXT,"
  "  sender TEXT,"
  "  date INTEGER NOT NULL DEFAULT 0,"
  "  imported_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX messages_source ON messages (source, source_index);"
  "CREATE TABLE events ("
  "  id INTEGER PRIMARY KEY,"
  "  message INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,"
  "  rcpt_index INTEGER NOT NULL,"
  "  type TEXT NOT NULL,"
  "  recipient TEXT,"
  "  recipient_domain TEXT,"
  "  original_recipient TEXT,"
  "  action TEXT,"
  "  status TEXT,"
  "  reply_code INTEGER,"
  "  diagnostic TEXT,"
  "  diagnostic_type TEXT,"
  "  smtp_command TEXT,"
  "  remote_mta TEXT,"
  "  reporting_mta TEXT,"
  "  arrival_date INTEGER,"
  "  last_attempt_date INTEGER,"
  "  will_retry_until INTEGER,"
  "  date INTEGER NOT NULL DEFAULT 0,"
  "  reason TEXT,"
  "  hard_bounce INTEGER,"
  "  feedback_type TEXT,"
  "  original_message_id TEXT,"
  "  original_subject TEXT,"
  "  original_from TEXT,"
  "  original_to TEXT,"
  "  original_date INTEGER"
  ");"
  "CREATE INDEX events_message ON events (message);"
  "CREATE INDEX events_recipient ON events (recipient COLLATE NOCASE);"
  "CREATE INDEX events_domain ON events (recipient_domain);"
  "CREATE INDEX events_type_date ON events (type, date);"
  "CREATE INDEX events_status ON events (status);"
  "CREATE INDEX events_reason ON events (reason);"
  "CREATE INDEX events_date ON events (date);";

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("bv-store-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

static char *
make_dir (const char *parent,
          const char *name)
{
  char *path = g_build_filename (parent, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  return path;
}

static void
copy_message (const char *name,
              const char *to)
{
  g_autofree char *from = g_test_build_filename (G_TEST_DIST, "data", "sources", name, NULL);

  bv_test_copy_file (from, to);
}

/* Makes a Maildir under @parent with every test message in cur/. */
static char *
make_maildir (const char *parent)
{
  char *maildir = make_dir (parent, "Maildir");
  g_autofree char *cur = make_dir (maildir, "cur");

  g_free (make_dir (maildir, "new"));
  g_free (make_dir (maildir, "tmp"));

  for (guint i = 0; i < G_N_ELEMENTS (source_messages); i++)
    {
      g_autofree char *name = g_strdup_printf ("17733000%02u.M%uP400.host:2,S", i, i);
      g_autofree char *path = g_build_filename (cur, name, NULL);

      copy_message (source_messages[i], path);
    }
  return maildir;
}

static void
count_stored (const char *database,
              guint64    *messages,
              guint64    *events)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BvStore) store = bv_store_open (database, BV_STORE_OPEN_READ_ONLY, &error);

  g_assert_no_error (error);
  g_assert_true (bv_store_count_messages (store, messages, events, &error));
  g_assert_no_error (error);
}

/* Opens @path with SQLite directly, without BounceView. */
static sqlite3 *
open_sqlite (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  return db;
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("SQL failed: %s: %s", sql, message);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* A new database in a folder that does not exist yet. */
static void
test_open_creates_schema (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "data", "bounceview", "events.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvStore) store = bv_store_open (path, BV_STORE_OPEN_DEFAULT, &error);
  g_autofree char *journal_mode = NULL;
  guint64 messages = 1, events = 1;
  sqlite3 *db;

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpstr (bv_store_get_path (store), ==, path);
  g_assert_cmpint (bv_store_get_schema_version (store), ==, BV_STORE_SCHEMA_VERSION);
  g_assert_true (bv_store_count_messages (store, &messages, &events, &error));
  g_assert_cmpuint (messages, ==, 0);
  g_assert_cmpuint (events, ==, 0);
  g_clear_pointer (&store, bv_store_close);

  db = open_sqlite (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, BV_STORE_SCHEMA_VERSION);
  journal_mode = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                                  " AND name IN ('messages', 'events', 'state')"), ==, 3);
  /* A new database gets pages of 16 KiB. */
  g_assert_cmpint (query_int (db, "PRAGMA page_size"), ==, 16384);
  sqlite3_close (db);

  /* Read through a memory map, it still reads. */
  store = bv_store_open (path, BV_STORE_OPEN_READ_ONLY | BV_STORE_OPEN_MAPPED, &error);
  g_assert_no_error (error);
  g_assert_true (bv_store_count_messages (store, &messages, &events, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (events, ==, 0);
  g_clear_pointer (&store, bv_store_close);

  bv_test_remove_tree (root);
}

/* Importing the same Maildir again stores nothing new. */
static void
test_reimport_maildir (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autofree char *maildir = make_maildir (root);
  BvImportCounts first, second;
  guint64 messages, events;

  bv_test_import_path (database, maildir, &first);
  g_assert_cmpuint (first.messages, ==, G_N_ELEMENTS (source_messages));
  g_assert_cmpuint (first.events, ==, SOURCE_EVENTS);
  g_assert_cmpuint (first.not_bounces, ==, SOURCE_NOT_BOUNCES);
  g_assert_cmpuint (first.duplicates, ==, 0);
  g_assert_cmpuint (first.failures, ==, 0);

  bv_test_import_path (database, maildir, &second);
  g_assert_cmpuint (second.messages, ==, G_N_ELEMENTS (source_messages));
  g_assert_cmpuint (second.duplicates, ==, second.messages);
  g_assert_cmpuint (second.events, ==, 0);
  g_assert_cmpuint (second.not_bounces, ==, 0);

  count_stored (database, &messages, &events);
  g_assert_cmpuint (messages, ==, G_N_ELEMENTS (source_messages));
  g_assert_cmpuint (events, ==, SOURCE_EVENTS);

  bv_test_remove_tree (root);
}

/* Writes @name of tests/data/sources to @path with @trace in front. */
static void
write_with_trace (const char *name,
                  const char *trace,
                  const char *path)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "sources", name, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (source, &contents, NULL, &error));
  g_assert_no_error (error);
  copy = g_strconcat (trace, contents, NULL);
  g_assert_true (g_file_set_contents (path, copy, -1, &error));
  g_assert_no_error (error);
}

/* A report delivered to two mailboxes comes with other trace fields in
 * front of each copy. Both copies are one message: the first import
 * stores its events once, and no later import adds them again. */
static void
test_copies_in_two_mailboxes (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autofree char *folder = make_dir (root, "mail");
  g_autofree char *first_copy = g_build_filename (folder, "postmaster.eml", NULL);
  g_autofree char *second_copy = g_build_filename (folder, "list-owner.eml", NULL);
  g_autofree char *third_copy = g_build_filename (folder, "filtered.eml", NULL);
  g_autofree char *later_copy = g_build_filename (root, "later.eml", NULL);
  g_autofree char *other_subject = g_build_filename (root, "other-subject.eml", NULL);
  BvImportCounts counts;
  guint64 messages, events;

  write_with_trace ("bounce-postfix.eml",
                    "Delivered-To: postmaster@example.org\n"
                    "Received: by mx.example.org (Postfix, from userid 0)\n"
                    "\tfor <postmaster@example.org>; Fri, 13 Mar 2026 18:20:12 +0000\n",
                    first_copy);
  write_with_trace ("bounce-postfix.eml",
                    "Return-Path: <>\r\n"
                    "X-Original-To: owner@example.org\r\n"
                    "Delivered-To: list-owner@example.org\r\n",
                    second_copy);
  /* Fields of authentication checks and of spam and virus filters. */
  write_with_trace ("bounce-postfix.eml",
                    "ARC-Seal: i=1; a=rsa-sha256; d=example.org; s=arc; cv=none; b=AbC=\n"
                    "ARC-Authentication-Results: i=1; mx.example.org; spf=pass\n"
                    "X-Rspamd-Server: filter1\n"
                    "X-Virus-Status: Clean\n"
                    "X-Virus-Scanned: clamav-milter 1.0.7 at mx.example.org\n"
                    "DKIM-Signature: v=1; a=rsa-sha256; d=example.org; s=mail;\n"
                    "\tb=XyZ=\n",
                    third_copy);

  bv_test_import_path (database, folder, &counts);
  g_assert_cmpuint (counts.messages, ==, 3);
  g_assert_cmpuint (counts.duplicates, ==, 2);
  count_stored (database, &messages, &events);
  g_assert_cmpuint (messages, ==, 1);
  g_assert_cmpuint (events, ==, counts.events);
  g_assert_cmpuint (events, >, 0);

  /* One more copy, imported on its own later, is known. */
  write_with_trace ("bounce-postfix.eml", "Delivered-To: abuse@example.org\n", later_copy);
  bv_test_import_path (database, later_copy, &counts);
  g_assert_cmpuint (counts.duplicates, ==, 1);
  g_assert_cmpuint (counts.events, ==, 0);

  /* Two messages that differ in a field further down stay apart. */
  {
    g_autofree char *contents = NULL;
    g_autofree char *changed = NULL;
    const char *subject;

    g_assert_true (g_file_get_contents (later_copy, &contents, NULL, NULL));
    subject = strstr (contents, "\nSubject: ");
    g_assert_nonnull (subject);
    changed = g_strdup_printf ("%.*sFwd: %s", (int) (subject + 10 - contents), contents,
                               subject + 10);
    g_assert_true (g_file_set_contents (other_subject, changed, -1, NULL));
  }
  bv_test_import_path (database, other_subject, &counts);
  g_assert_cmpuint (counts.duplicates, ==, 0);
  g_assert_cmpuint (counts.events, >, 0);

  bv_test_remove_tree (root);
}

/* Messages stored before schema 11 are keyed by a digest of all their
 * bytes, trace fields included. The import still finds them, and stores
 * no copy of their events. */
static void
test_exact_digests_still_found (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autofree char *folder = make_dir (root, "mail");
  g_autofree char *bounce = g_build_filename (folder, "bounce.eml", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  BvImportCounts counts;
  guint64 messages, events;

  write_with_trace ("bounce-postfix.eml", "Delivered-To: postmaster@example.org\n", bounce);
  g_assert_true (g_file_get_contents (bounce, &contents, &length, NULL));
  bv_test_import_path (database, folder, &counts);
  g_assert_cmpuint (counts.duplicates, ==, 0);

  /* The row as an older BounceView left it, with the state flag that the
   * migration to schema 11 sets on such a database. */
  {
    sqlite3 *db = open_sqlite (database);
    BvDigest exact;
    sqlite3_stmt *stmt = NULL;

    bv_digest_compute (contents, length, &exact);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE messages SET digest = ?", -1, &stmt, NULL),
                     ==, SQLITE_OK);
    sqlite3_bind_blob (stmt, 1, exact.bytes, BV_DIGEST_SIZE, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_finalize (stmt);
    exec_sql (db, "INSERT INTO state (key, value) VALUES ('exact-digests', '1')");
    sqlite3_close (db);
  }

  bv_test_import_path (database, folder, &counts);
  g_assert_cmpuint (counts.duplicates, ==, 1);
  g_assert_cmpuint (counts.events, ==, 0);
  count_stored (database, &messages, &events);
  g_assert_cmpuint (messages, ==, 1);

  /* A message that failed then is decoded again, into its own row. */
  {
    sqlite3 *db = open_sqlite (database);

    exec_sql (db, "DELETE FROM events");
    exec_sql (db, "UPDATE messages SET result = 'failed', error = 'an older decoder gave up'");
    sqlite3_close (db);
  }
  bv_test_import_path (database, folder, &counts);
  g_assert_cmpuint (counts.duplicates, ==, 0);
  g_assert_cmpuint (counts.events, >, 0);
  count_stored (database, &messages, &events);
  g_assert_cmpuint (messages, ==, 1);
  g_assert_cmpuint (events, ==, counts.events);

  bv_test_remove_tree (root);
}

/* A database kept inside the Maildir it imports. The walk leaves out
 * the database and its -wal and -shm files. So they are not read as
 * mail, and not opened and closed under the import's own connections. The database itself,
 * named as a source, is refused with a message that names it. */
static void
test_database_inside_maildir (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *maildir = make_maildir (root);
  g_autofree char *database = g_build_filename (maildir, "cur", "events.sqlite", NULL);
  g_autofree char *wal = g_strconcat (database, "-wal", NULL);
  BvImportCounts first, second;

  bv_test_import_path (database, maildir, &first);
  g_assert_cmpuint (first.messages, ==, G_N_ELEMENTS (source_messages));
  g_assert_cmpuint (first.failures, ==, 0);

  /* Now the database file is in cur/ when the walk lists it. */
  bv_test_import_path (database, maildir, &second);
  g_assert_cmpuint (second.messages, ==, G_N_ELEMENTS (source_messages));
  g_assert_cmpuint (second.duplicates, ==, second.messages);
  g_assert_cmpuint (second.failures, ==, 0);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(BvImporter) importer = bv_importer_new (database);
      g_autoptr(GError) error = NULL;
      const char *path = i == 0 ? database : wal;

      g_assert_false (bv_importer_add_path (importer, path, &error));
      g_assert_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_UNSUPPORTED);
      g_assert_nonnull (strstr (error->message, path));
    }

  bv_test_remove_tree (root);
}

/* An mbox file inside a Maildir counts as one file before the import
 * and as its messages after, so the total grows to what was read. */
static void
test_total_counts_mbox_in_maildir (void)
{
  static const char from_line[] = "From sender@example.org Mon Jan  1 00:00:00 2024\n";
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autofree char *maildir = make_maildir (root);
  g_autofree char *mbox = g_build_filename (maildir, "cur", "dropped.mbox", NULL);
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  BvImportCounts counts;

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "sources",
                                                     i == 0 ? "bounce-exim.eml" : "complaint.eml",
                                                     NULL);
      g_autofree char *message = NULL;

      g_file_get_contents (path, &message, NULL, &error);
      g_assert_no_error (error);
      g_string_append (contents, from_line);
      g_string_append (contents, message);
      g_string_append (contents, "\n");
    }
  g_file_set_contents (mbox, contents->str, contents->len, &error);
  g_assert_no_error (error);

  bv_test_import_path (database, maildir, &counts);
  g_assert_cmpuint (counts.messages, ==, G_N_ELEMENTS (source_messages) + 2);
  g_assert_cmpuint (counts.total, ==, counts.messages);

  bv_test_remove_tree (root);
}

/* A copy of a stored message under another name in another folder is
 * the same message. */
static void
test_same_message_other_folder (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autofree char *maildir = make_maildir (root);
  g_autofree char *folder = make_dir (root, "saved");
  g_autofree char *copy = g_build_filename (folder, "returned-mail.eml", NULL);
  BvImportCounts first, second;
  guint64 messages, events;

  bv_test_import_path (database, maildir, &first);
  copy_message ("bounce-exim.eml", copy);
  bv_test_import_path (database, folder, &second);

  g_assert_cmpuint (second.messages, ==, 1);
  g_assert_cmpuint (second.duplicates, ==, 1);
  g_assert_cmpuint (second.events, ==, 0);

  count_stored (database, &messages, &events);
  g_assert_cmpuint (messages, ==, G_N_ELEMENTS (source_messages));
  g_assert_cmpuint (events, ==, SOURCE_EVENTS);

  bv_test_remove_tree (root);
}

/* A message that failed to decode is decoded again by each import: the
 * second import lists it among its failures instead of counting it as a
 * duplicate, and stores it once. */
static void
test_reimport_reports_failures (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autofree char *folder = make_dir (root, "mail");
  g_autofree char *empty = g_build_filename (folder, "empty.eml", NULL);
  g_autofree char *bounce = g_build_filename (folder, "bounce.eml", NULL);
  BvImportCounts counts;
  guint64 messages, events;

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  copy_message ("bounce-exim.eml", bounce);

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(BvImporter) importer = bv_importer_new (database);
      g_autoptr(GError) error = NULL;
      GPtrArray *failures;
      BvImportFailure *failure;

      g_assert_true (bv_importer_add_path (importer, folder, &error));
      g_assert_true (bv_importer_run (importer, NULL, &error));
      g_assert_no_error (error);
      bv_importer_get_counts (importer, &counts);
      g_assert_cmpuint (counts.messages, ==, 2);
      g_assert_cmpuint (counts.failures, ==, 1);
      g_assert_cmpuint (counts.duplicates, ==, round == 0 ? 0 : 1);

      failures = bv_importer_get_failures (importer);
      g_assert_cmpuint (failures->len, ==, 1);
      failure = g_ptr_array_index (failures, 0);
      g_assert_cmpstr (failure->path, ==, empty);
      g_assert_nonnull (strstr (failure->reason, "empty"));
    }

  count_stored (database, &messages, &events);
  g_assert_cmpuint (messages, ==, 2);

  bv_test_remove_tree (root);
}

/* Stores a real bounce under @result, as an older BounceView could have
 * left it; with @older_decoder, by a decoder below the current one. Then
 * checks that the next import stores its events in that row, and that
 * the import after it skips the message. */
static void
check_decoded_again (const char *result,
                     gboolean    older_decoder)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autofree char *folder = make_dir (root, "mail");
  g_autofree char *bounce = g_build_filename (folder, "bounce.eml", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  BvMessageRecord record = { 0 };
  BvStoreAddResult added = BV_STORE_DUPLICATE;
  BvImportCounts counts;
  guint64 messages, events;

  copy_message ("bounce-exim.eml", bounce);
  g_assert_true (g_file_get_contents (bounce, &contents, &length, NULL));

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(BvStore) store = bv_store_open (database, BV_STORE_OPEN_DEFAULT, &error);

    g_assert_no_error (error);
    bv_digest_compute_message (contents, length, &record.digest);
    record.source = bounce;
    record.result = result;
    record.error = g_str_equal (result, "failed") ? "an older decoder gave up" : NULL;
    g_assert_true (bv_store_add_message (store, &record, NULL, &added, &error));
    g_assert_no_error (error);
    g_assert_cmpint (added, ==, BV_STORE_ADDED);

    /* Only a failure is decoded again by the decoder that stored it. */
    g_assert_cmpint (bv_store_has_digest (store, &record.digest, &error), ==,
                     !g_str_equal (result, "failed"));
    g_assert_no_error (error);
  }

  if (older_decoder)
    {
      sqlite3 *db = open_sqlite (database);

      exec_sql (db, "UPDATE messages SET decoder = 0");
      sqlite3_close (db);
    }

  bv_test_import_path (database, folder, &counts);
  g_assert_cmpuint (counts.messages, ==, 1);
  g_assert_cmpuint (counts.duplicates, ==, 0);
  g_assert_cmpuint (counts.failures, ==, 0);
  g_assert_cmpuint (counts.not_bounces, ==, 0);
  g_assert_cmpuint (counts.events, >, 0);

  count_stored (database, &messages, &events);
  g_assert_cmpuint (messages, ==, 1);
  g_assert_cmpuint (events, ==, counts.events);

  /* Decoded now, so the next import skips it. */
  bv_test_import_path (database, folder, &counts);
  g_assert_cmpuint (counts.duplicates, ==, 1);
  g_assert_cmpuint (counts.events, ==, 0);

  bv_test_remove_tree (root);
}

/* A message stored as failed gets the events of the next import instead
 * of counting as a duplicate. */
static void
test_failed_message_replaced (void)
{
  check_decoded_again ("failed", FALSE);
}

/* A message that an older decoder took for no bounce is decoded again,
 * once. */
static void
test_older_not_bounce_decoded_again (void)
{
  check_decoded_again ("not_bounce", TRUE);
}

/* A database of schema version 1, made without BounceView, is brought to
 * the current version and keeps its rows. */
static void
test_migrate_version_1 (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "old.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvStore) store = NULL;
  g_autoptr(BvStoredEvent) stored = NULL;
  g_autofree char *state = NULL;
  sqlite3 *db = open_sqlite (path);

  exec_sql (db, schema_version_1);
  exec_sql (db, "PRAGMA user_version = 1");
  exec_sql (db, "INSERT INTO messages (digest, source, result, subject, date, imported_at)"
                " VALUES (X'00112233445566778899aabbccddeeff', '/srv/mail/old/cur/1',"
                " 'events', 'Undelivered Mail Returned to Sender', 1767571200, 1767571300)");
  exec_sql (db, "INSERT INTO events (message, rcpt_index, type, recipient, recipient_domain,"
                " status, reply_code, date, reason, hard_bounce)"
                " VALUES (1, 1, 'bounce', 'kept@example.net', 'example.net', '5.1.1', 550,"
                " 1767571200, 'userunknown', 1)");
  exec_sql (db, "INSERT INTO events (message, rcpt_index, type, recipient, recipient_domain,"
                " status, reply_code, date, reason, hard_bounce)"
                " VALUES (1, 2, 'bounce', 'jan@xn--mnchen-3ya.example', 'xn--mnchen-3ya.example',"
                " '5.1.1', 550, 1767571200, 'userunknown', 1)");
  sqlite3_close (db);

  store = bv_store_open (path, BV_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bv_store_get_schema_version (store), ==, BV_STORE_SCHEMA_VERSION);

  stored = bv_store_get_event (store, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);
  g_assert_cmpstr (stored->event->recipient, ==, "kept@example.net");
  g_assert_cmpstr (stored->event->status, ==, "5.1.1");
  g_assert_cmpuint (stored->event->reply_code, ==, 550);
  g_assert_cmpstr (stored->event->reason, ==, "userunknown");
  g_assert_true (stored->event->hard_bounce);
  g_assert_null (stored->event->evidence);
  g_assert_false (stored->event->codes_disagree);
  g_assert_cmpstr (stored->source, ==, "/srv/mail/old/cur/1");
  g_assert_cmpstr (stored->report_subject, ==, "Undelivered Mail Returned to Sender");

  /* Migration 2 added the state table. */
  g_assert_true (bv_store_set_state (store, "notmuch:/srv/mail", "42", &error));
  g_assert_no_error (error);
  state = bv_store_get_state (store, "notmuch:/srv/mail", &error);
  g_assert_cmpstr (state, ==, "42");
  g_clear_pointer (&store, bv_store_close);

  db = open_sqlite (path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, BV_STORE_SCHEMA_VERSION);
  /* Migration 3 added the indexes of the sort columns. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                  " AND name = 'events_remote_mta'"), ==, 1);
  /* Migration 7 dropped the indexes of recipient domains and of
   * message sources. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                                  " AND name IN ('events_domain', 'messages_source')"), ==, 0);
  /* Migration 9 wrote the IDNA domain in Unicode, in the trigram index too. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM events WHERE recipient ="
                                  " 'jan@münchen.example' AND recipient_domain = 'münchen.example'"),
                   ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM events_recipient_trigrams"
                                  " WHERE events_recipient_trigrams MATCH 'ünc'"), ==, 1);
  exec_sql (db, "INSERT INTO events_recipient_trigrams (events_recipient_trigrams)"
                " VALUES ('integrity-check')");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM events"), ==, 2);

  /* Migration 6 rewrote the CHECK of messages.result without IN, and
   * the CHECK still rejects other values. */
  {
    g_autofree char *table = query_text (db, "SELECT sql FROM sqlite_master"
                                             " WHERE type = 'table' AND name = 'messages'");

    g_assert_nonnull (strstr (table, "result = 'events' OR result = 'not_bounce'"));
    g_assert_null (strstr (table, "IN ("));
  }
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO messages (digest, source, result, imported_at)"
                                     " VALUES (X'01', '/srv/mail/x', 'other', 0)",
                                 NULL, NULL, NULL), ==, SQLITE_CONSTRAINT);
  {
    g_autofree char *check = query_text (db, "PRAGMA integrity_check");

    g_assert_cmpstr (check, ==, "ok");
  }
  /* An older database keeps its pages of 4 KiB. */
  g_assert_cmpint (query_int (db, "PRAGMA page_size"), ==, 4096);
  sqlite3_close (db);

  /* BV_STORE_OPEN_MAPPED reads it the usual way: its pages are small. */
  store = bv_store_open (path, BV_STORE_OPEN_READ_ONLY | BV_STORE_OPEN_MAPPED, &error);
  g_assert_no_error (error);
  g_clear_pointer (&stored, bv_stored_event_free);
  stored = bv_store_get_event (store, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->event->recipient, ==, "kept@example.net");
  g_clear_pointer (&store, bv_store_close);

  bv_test_remove_tree (root);
}

/* Checks whether another process could take a write lock on the bytes of
 * @path that SQLite's connections lock while they read. It could only
 * if no connection of this process held its lock. A child process
 * runs the test, because F_GETLK does not report the caller's own
 * POSIX locks. */
static gboolean
other_process_could_lock (const char *path)
{
  pid_t child = fork ();
  int status = 0;

  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      struct flock lock = { 0 };
      int fd = open (path, O_RDWR);

      lock.l_type = F_WRLCK;
      lock.l_whence = SEEK_SET;
      lock.l_start = 0x40000000;        /* SQLite's PENDING_BYTE */
      lock.l_len = 512;
      if (fd < 0 || fcntl (fd, F_GETLK, &lock) != 0)
        _exit (2);
      _exit (lock.l_type == F_UNLCK ? 0 : 1);
    }

  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), !=, 2);
  return WEXITSTATUS (status) == 0;
}

/* POSIX locks belong to a process, and closing any descriptor of a file
 * drops all of them. The window and the importer open a second
 * connection, and that must not close a descriptor of the database
 * file on the way. Otherwise the first connection loses its lock, and
 * another process can checkpoint and delete the WAL under it. */
static void
test_second_connection_keeps_locks (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "events.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvStore) writer = NULL;
  g_autoptr(BvStore) reader = NULL;
  guint64 messages, events;

  writer = bv_store_open (path, BV_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (bv_store_count_messages (writer, &messages, &events, &error));
  g_assert_no_error (error);
  g_assert_false (other_process_could_lock (path));

  reader = bv_store_open (path, BV_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (other_process_could_lock (path));

  g_clear_pointer (&reader, bv_store_close);
  g_clear_pointer (&writer, bv_store_close);
  g_assert_true (other_process_could_lock (path));

  bv_test_remove_tree (root);
}

/* A database from a newer BounceView is refused and left as it was. */
static void
test_newer_schema_refused (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "newer.sqlite", NULL);
  g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %d",
                                                  BV_STORE_SCHEMA_VERSION + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvStore) store = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  sqlite3 *db = open_sqlite (path);

  exec_sql (db, "CREATE TABLE future (id INTEGER PRIMARY KEY, payload TEXT);"
                "INSERT INTO future (payload) VALUES ('written by a later version')");
  exec_sql (db, set_version);
  sqlite3_close (db);
  before = read_bytes (path);

  store = bv_store_open (path, BV_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, BV_STORE_ERROR, BV_STORE_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, path));

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (before, after));

  bv_test_remove_tree (root);
}

/* A file that is no SQLite database at all is refused and left as it was. */
/* The SQLite database of another program is refused as it is: an import
 * would add BounceView's tables beside its own. */
static void
test_other_sqlite_database_refused (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "other.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvStore) store = NULL;
  sqlite3 *db = open_sqlite (path);

  exec_sql (db, "PRAGMA journal_mode = WAL;"
                "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"
                "INSERT INTO notes (text) VALUES ('keep me');");
  sqlite3_close (db);

  store = bv_store_open (path, BV_STORE_OPEN_DEFAULT, &error);
  g_assert_null (store);
  g_assert_error (error, BV_STORE_ERROR, BV_STORE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  /* Its WAL files are gone again, as SQLite leaves them when the last
   * writer closes. A reader cannot remove them, so the read-only open
   * below leaves them, as any SQLite reader would. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));

  store = bv_store_open (path, BV_STORE_OPEN_READ_ONLY, &error);
  g_assert_null (store);
  g_assert_error (error, BV_STORE_ERROR, BV_STORE_ERROR_NOT_A_DATABASE);

  db = open_sqlite (path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_schema"), ==, 1);
  g_assert_cmpint (query_int (db, "PRAGMA user_version"), ==, 0);
  sqlite3_close (db);

  bv_test_remove_tree (root);
}

/* Search texts take the form of stored recipients: domains in lower
 * case and in Unicode, ASCII as typed. */
static void
test_recipient_search_text (void)
{
  static const struct
  {
    const char *typed;
    const char *expected;
  } cases[] = {
    { "Kijitora@Example.COM", "Kijitora@Example.COM" },
    { "BÜCHER.TEST", "bücher.test" },
    { "xn--bcher-kva.test", "bücher.test" },
    { "Zoe@XN--BCHER-KVA.TEST", "zoe@bücher.test" },
    { "xn--", "xn--" },
    { "@", "@" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = bv_recipient_search_text (cases[i].typed);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* A folder given as the database is named as a folder, for writing and
 * for reading, and nothing is created in it. */
static void
test_folder_refused (void)
{
  g_autofree char *root = make_tmp_dir ();
  const BvStoreOpenFlags flags[] = { BV_STORE_OPEN_DEFAULT, BV_STORE_OPEN_READ_ONLY };

  for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(BvStore) store = bv_store_open (root, flags[i], &error);
      g_autoptr(GDir) dir = NULL;

      g_assert_null (store);
      g_assert_error (error, BV_STORE_ERROR, BV_STORE_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, "is a folder"));
      dir = g_dir_open (root, 0, NULL);
      g_assert_null (g_dir_read_name (dir));
    }

  bv_test_remove_tree (root);
}

static void
test_not_a_database_refused (void)
{
  static const char * const contents[] = {
    "From: someone@example.org\nSubject: not a database\n\nJust a message.\n",
    "short",
  };
  g_autofree char *root = make_tmp_dir ();

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autofree char *name = g_strdup_printf ("notes-%u.sqlite", i);
      g_autofree char *path = g_build_filename (root, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(BvStore) store = NULL;
      g_autoptr(GBytes) after = NULL;

      g_file_set_contents (path, contents[i], -1, &error);
      g_assert_no_error (error);

      store = bv_store_open (path, BV_STORE_OPEN_DEFAULT, &error);
      g_assert_null (store);
      g_assert_error (error, BV_STORE_ERROR, BV_STORE_ERROR_NOT_A_DATABASE);
      g_assert_nonnull (strstr (error->message, path));

      after = read_bytes (path);
      g_assert_cmpmem (g_bytes_get_data (after, NULL), g_bytes_get_size (after),
                       contents[i], strlen (contents[i]));
    }

  bv_test_remove_tree (root);
}

/* The events the query tests store, one message each. Their ids are
 * their positions plus one. */
typedef struct
{
  const char *recipient;
  BvEventType type;
  const char *status;
  guint reply_code;
  const char *reason;
  const char *remote_mta;
  gint64 last_attempt_date;
  gint64 arrival_date;
  gint64 report_date;           /* the event's date when it has no last attempt */
} StoredCase;

static const StoredCase stored_cases[] = {
  { "Alice.Ng@example.com", BV_EVENT_BOUNCE, "5.1.1", 550, "userunknown", "mx.example.com",
    JAN_20, 0, JAN_20 },
  { "bob@example.net", BV_EVENT_BOUNCE, "5.2.2", 552, "mailboxfull", "mx.example.net",
    JAN_05, 0, JAN_05 },
  { "carol@example.net", BV_EVENT_DEFERRAL, "4.2.2", 452, "mailboxfull", "mx.example.net",
    FEB_01, 0, FEB_01 },
  { "dave@example.org", BV_EVENT_DELIVERY, "2.0.0", 250, "delivered", "mail.example.org",
    FEB_10, 0, FEB_10 },
  { "erin@example.com", BV_EVENT_COMPLAINT, NULL, 0, "feedback", NULL,
    0, JAN_12, JAN_12 + 3600 },
  { "frank@example.net", BV_EVENT_AUTO_REPLY, NULL, 0, "vacation", NULL,
    0, 0, FEB_20 },
  { "alice.ng@example.org", BV_EVENT_BOUNCE, "5.1.10", 550, "userunknown", "eu.example.org",
    MAR_01, 0, MAR_01 },
};

typedef struct
{
  char *root;
  char *path;
  BvStore *store;
} StoreFixture;

static void
store_fixture_set_up (StoreFixture  *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->root = make_tmp_dir ();
  fixture->path = g_build_filename (fixture->root, "events.sqlite", NULL);
  fixture->store = bv_store_open (fixture->path, BV_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  g_assert_true (bv_store_begin (fixture->store, &error));
  for (guint i = 0; i < G_N_ELEMENTS (stored_cases); i++)
    {
      const StoredCase *c = &stored_cases[i];
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) bv_event_free);
      g_autofree char *key = g_strdup_printf ("stored case %u", i);
      g_autofree char *subject = g_strdup_printf ("Report %u", i + 1);
      BvMessageRecord record = { 0 };
      BvStoreAddResult added;
      BvEvent *event = bv_event_new (c->type);

      event->rcpt_index = 1;
      bv_set_string (&event->recipient, c->recipient);
      bv_set_string (&event->status, c->status);
      event->reply_code = c->reply_code;
      bv_set_string (&event->reason, c->reason);
      bv_set_string (&event->remote_mta, c->remote_mta);
      bv_set_string (&event->diagnostic, "stored for the query tests");
      bv_set_string (&event->evidence, "set by the test");
      event->hard_bounce = g_strcmp0 (c->reason, "userunknown") == 0;
      event->last_attempt_date = c->last_attempt_date;
      event->arrival_date = c->arrival_date;
      g_ptr_array_add (events, event);

      bv_digest_compute (key, strlen (key), &record.digest);
      record.source = "/srv/mail/reports.mbox";
      record.source_index = i + 1;
      record.source_offset = 1000 * i;
      record.result = "events";
      record.format = "dsn";
      record.subject = subject;
      record.date = c->report_date;

      g_assert_true (bv_store_add_message (fixture->store, &record, events, &added, &error));
      g_assert_no_error (error);
      g_assert_cmpint (added, ==, BV_STORE_ADDED);
    }
  g_assert_true (bv_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  /* Recipient searches sorted by date then read each half of these few
   * events on a connection of its own, as they do on large databases,
   * and assert_query() compares their order with bv_store_query_ids(). */
  bv_store_set_split_min_events (fixture->store, 1);
}

static void
store_fixture_tear_down (StoreFixture  *fixture,
                         gconstpointer  user_data)
{
  g_clear_pointer (&fixture->store, bv_store_close);
  bv_test_remove_tree (fixture->root);
  g_free (fixture->root);
  g_free (fixture->path);
}

/* Runs @query and compares the ids it returns, in order, with @expected. */
static gboolean
append_event_id (const BvStoredEvent *stored,
                 gpointer             user_data)
{
  g_string_append_printf (user_data, " %" G_GINT64_FORMAT, stored->id);
  return TRUE;
}

static void
assert_query (BvStore        *store,
              const BvQuery  *query,
              const gint64   *expected,
              guint           n_expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = bv_store_query_ids (store, query, NULL, &error);
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GString) wanted = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (got, " %" G_GINT64_FORMAT, g_array_index (ids, gint64, i));
  for (guint i = 0; i < n_expected; i++)
    g_string_append_printf (wanted, " %" G_GINT64_FORMAT, expected[i]);
  g_assert_cmpstr (got->str, ==, wanted->str);

  /* The rows of a query come in the same order. */
  g_string_truncate (got, 0);
  g_assert_true (bv_store_foreach_event (store, query, append_event_id, got, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (got->str, ==, wanted->str);

  g_assert_cmpuint (bv_store_count_events (store, query, &error), ==, n_expected);
  g_assert_no_error (error);
}

#define ASSERT_QUERY(store, query, ...)                                  \
  G_STMT_START {                                                         \
    const gint64 expected_ids_[] = { __VA_ARGS__ };                      \
    assert_query ((store), (query), expected_ids_, G_N_ELEMENTS (expected_ids_)); \
  } G_STMT_END

#define ASSERT_QUERY_EMPTY(store, query) assert_query ((store), (query), NULL, 0)

static void
test_query_recipient (StoreFixture  *fixture,
                      gconstpointer  user_data)
{
  BvQuery query = { 0 };

  /* Any case matches, and a domain works too. Results come in date order. */
  query.recipient = "ALICE.ng";
  ASSERT_QUERY (fixture->store, &query, 1, 7);
  query.recipient = "example.net";
  ASSERT_QUERY (fixture->store, &query, 2, 3, 6);
  query.recipient = "@EXAMPLE.ORG";
  ASSERT_QUERY (fixture->store, &query, 4, 7);

  /* LIKE's wildcards are plain characters in a search. */
  query.recipient = "%";
  ASSERT_QUERY_EMPTY (fixture->store, &query);
  query.recipient = "alice_ng";
  ASSERT_QUERY_EMPTY (fixture->store, &query);
}

/* A recipient with letters outside ASCII in its local part and an IDNA
 * domain is found in either case and with either form of the domain. */
static void
test_query_recipient_unicode (void)
{
  static const char message[] =
    "From: MAILER-DAEMON@mx.example.net\n"
    "To: sender@example.org\n"
    "Subject: Mail delivery failed\n"
    "X-Failed-Recipients: JÖRG.Ärger@XN--MNCHEN-3YA.example\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "This message was created automatically by mail delivery software.\n"
    "\n"
    "  JÖRG.Ärger@XN--MNCHEN-3YA.example\n"
    "    SMTP error from remote mail server after RCPT TO:<JÖRG.Ärger@XN--MNCHEN-3YA.example>:\n"
    "    550 5.1.1 User unknown\n";
  static const char * const found[] = {
    "jörg.ärger", "JÖRG.ÄRGER", "Ärger", "ÄR", "münchen", "MÜNCHEN.example",
    "xn--mnchen-3ya", "JÖRG.Ärger@xn--mnchen-3ya.example",
  };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "bounce.eml", NULL);
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autoptr(BvStore) store = NULL;
  g_autoptr(GError) error = NULL;
  BvImportCounts counts;
  BvQuery query = { 0 };

  g_assert_true (g_file_set_contents (path, message, -1, NULL));
  bv_test_import_path (database, path, &counts);
  g_assert_cmpuint (counts.events, ==, 1);
  store = bv_store_open (database, BV_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (found); i++)
    {
      g_test_message ("search %s", found[i]);
      query.recipient = found[i];
      ASSERT_QUERY (store, &query, 1);
    }
  query.recipient = "jörg.ärger@muenchen";
  ASSERT_QUERY_EMPTY (store, &query);

  g_clear_pointer (&store, bv_store_close);
  bv_test_remove_tree (root);
}

static void
test_query_type (StoreFixture  *fixture,
                 gconstpointer  user_data)
{
  BvQuery query = { 0 };

  query.type = BV_EVENT_BOUNCE;
  ASSERT_QUERY (fixture->store, &query, 2, 1, 7);
  query.type = BV_EVENT_DEFERRAL;
  ASSERT_QUERY (fixture->store, &query, 3);
  query.type = BV_EVENT_COMPLAINT;
  ASSERT_QUERY (fixture->store, &query, 5);

  query.type = BV_EVENT_BOUNCE;
  query.recipient = "example.com";
  ASSERT_QUERY (fixture->store, &query, 1);
}

/* Stores one more report with @event as its only event, under the
 * digest of @key, after the fixture's cases. */
static void
add_report (StoreFixture *fixture,
            BvEvent      *event,
            const char   *key)
{
  bv_test_store_event (fixture->store, event, key, "/srv/mail/reports.mbox", 100);
}

/* Hard bounces leave out an address that took mail after its bounce: a
 * later delivery notice shows that it works again. */
static void
test_query_hard_later_delivery (StoreFixture  *fixture,
                                gconstpointer  user_data)
{
  BvQuery query = { .hard_only = TRUE };
  BvEvent *event = bv_event_new (BV_EVENT_DELIVERY);

  /* Alice.Ng@example.com (1) and alice.ng@example.org (7) bounced hard. */
  ASSERT_QUERY (fixture->store, &query, 1, 7);

  bv_set_string (&event->recipient, "alice.ng@EXAMPLE.com");
  bv_set_string (&event->status, "2.0.0");
  event->last_attempt_date = JAN_20 + 86400;
  add_report (fixture, event, "later delivery");

  ASSERT_QUERY (fixture->store, &query, 7);

  /* A bounce without a date is not known to come before anything. */
  event = bv_event_new (BV_EVENT_BOUNCE);
  bv_set_string (&event->recipient, "gone@example.net");
  bv_set_string (&event->status, "5.1.1");
  event->hard_bounce = TRUE;
  add_report (fixture, event, "undated bounce");
  event = bv_event_new (BV_EVENT_AUTO_REPLY);
  bv_set_string (&event->recipient, "gone@example.net");
  event->last_attempt_date = FEB_01;
  add_report (fixture, event, "dated reply");

  ASSERT_QUERY (fixture->store, &query, 7, 9);
}

/* The detail pane's note: mail the address took after a hard bounce,
 * unless it bounced hard again since. */
static void
test_find_later_mail (StoreFixture  *fixture,
                      gconstpointer  user_data)
{
  const gint64 day = 86400;
  BvEventType type = BV_EVENT_UNKNOWN;
  gint64 date = 0;
  BvEvent *event;

  /* Alice.Ng@example.com bounced hard on JAN_20. */
  g_assert_false (bv_store_find_later_mail (fixture->store, "alice.ng@example.com", JAN_20,
                                            &type, &date, NULL));

  event = bv_event_new (BV_EVENT_DELIVERY);
  bv_set_string (&event->recipient, "ALICE.NG@example.com");
  event->last_attempt_date = JAN_20 + day;
  add_report (fixture, event, "delivered later");
  g_assert_true (bv_store_find_later_mail (fixture->store, "alice.ng@example.com", JAN_20,
                                           &type, &date, NULL));
  g_assert_cmpint (type, ==, BV_EVENT_DELIVERY);
  g_assert_cmpint (date, ==, JAN_20 + day);

  /* A hard bounce after that delivery: the address is bad again. */
  event = bv_event_new (BV_EVENT_BOUNCE);
  bv_set_string (&event->recipient, "alice.ng@example.com");
  event->hard_bounce = TRUE;
  event->last_attempt_date = JAN_20 + 2 * day;
  add_report (fixture, event, "bounced again");
  g_assert_false (bv_store_find_later_mail (fixture->store, "alice.ng@example.com", JAN_20,
                                            &type, &date, NULL));
}

/* A prefix matches whole parts: "5.1.1" does not match 5.1.10. */
static void
test_query_status (StoreFixture  *fixture,
                   gconstpointer  user_data)
{
  BvQuery query = { 0 };

  query.status = "5";
  ASSERT_QUERY (fixture->store, &query, 2, 1, 7);
  query.status = "5.1";
  ASSERT_QUERY (fixture->store, &query, 1, 7);
  query.status = "5.2.2";
  ASSERT_QUERY (fixture->store, &query, 2);
  query.status = "5.1.1";
  ASSERT_QUERY (fixture->store, &query, 1);
  query.status = "5.1.10";
  ASSERT_QUERY (fixture->store, &query, 7);
  query.status = "4";
  ASSERT_QUERY (fixture->store, &query, 3);
  query.status = "2.0.0";
  ASSERT_QUERY (fixture->store, &query, 4);
  query.status = "3";
  ASSERT_QUERY_EMPTY (fixture->store, &query);

  /* A reply without an enhanced status code ("554: delivery error")
   * counts for its class alone. */
  {
    BvEvent *event = bv_event_new (BV_EVENT_BOUNCE);

    bv_set_string (&event->recipient, "gus@example.com");
    event->reply_code = 554;
    event->last_attempt_date = MAR_01 + 60;
    add_report (fixture, event, "no status");
  }
  query.status = "5";
  ASSERT_QUERY (fixture->store, &query, 2, 1, 7, 8);
  query.status = "5.1";
  ASSERT_QUERY (fixture->store, &query, 1, 7);
  query.status = "4";
  ASSERT_QUERY (fixture->store, &query, 3);
}

static void
test_query_reason (StoreFixture  *fixture,
                   gconstpointer  user_data)
{
  BvQuery query = { 0 };

  query.reason = "mailboxfull";
  ASSERT_QUERY (fixture->store, &query, 2, 3);
  query.reason = "userunknown";
  ASSERT_QUERY (fixture->store, &query, 1, 7);
  /* An exact reason, not a prefix. */
  query.reason = "mailbox";
  ASSERT_QUERY_EMPTY (fixture->store, &query);
}

static void
test_query_remote_mta (StoreFixture  *fixture,
                       gconstpointer  user_data)
{
  BvQuery query = { 0 };

  /* The remote MTA, or the recipient's domain where there is none. */
  query.remote_mta = "example.net";
  ASSERT_QUERY (fixture->store, &query, 2, 3, 6);
  query.remote_mta = "eu.example";
  ASSERT_QUERY (fixture->store, &query, 7);
}

static void
test_query_dates (StoreFixture  *fixture,
                  gconstpointer  user_data)
{
  BvQuery query = { 0 };

  /* "since" includes its own second, "until" excludes it. */
  query.since = FEB_01;
  ASSERT_QUERY (fixture->store, &query, 3, 4, 6, 7);
  query.since = 0;
  query.until = FEB_01;
  ASSERT_QUERY (fixture->store, &query, 2, 5, 1);

  query.since = JAN_10;
  query.until = FEB_15;
  ASSERT_QUERY (fixture->store, &query, 5, 1, 3, 4);

  /* The complaint's report came an hour after the original arrived,
   * and the automatic reply has no date of its own: the reports' dates
   * count. */
  query.since = JAN_12;
  query.until = JAN_12 + 1;
  ASSERT_QUERY_EMPTY (fixture->store, &query);
  query.since = JAN_12 + 3600;
  query.until = JAN_12 + 3601;
  ASSERT_QUERY (fixture->store, &query, 5);
  query.since = FEB_20;
  query.until = FEB_20 + 1;
  ASSERT_QUERY (fixture->store, &query, 6);
}

/* An event without any date is found without date filters, and never
 * by "since" or "until". */
/* A report without a date of its own is stored with the received date
 * that the decoder found, so the date filters find its events. An event
 * with an arrival date keeps that date. */
static void
test_query_received_date (StoreFixture  *fixture,
                          gconstpointer  user_data)
{
  static const char key[] = "received";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) bv_event_free);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  BvMessageRecord record = { 0 };
  BvStoreAddResult added;
  BvQuery query = { 0 };
  BvEvent *undated = bv_event_new (BV_EVENT_BOUNCE);
  BvEvent *arrived = bv_event_new (BV_EVENT_BOUNCE);

  bv_set_string (&undated->recipient, "received-undated@example.org");
  bv_set_string (&arrived->recipient, "received-arrived@example.org");
  arrived->arrival_date = FEB_10;
  g_ptr_array_add (events, undated);
  g_ptr_array_add (events, arrived);
  bv_digest_compute (key, strlen (key), &record.digest);
  record.source = "/srv/mail/received.eml";
  record.result = "events";
  record.received_date = FEB_20;

  g_assert_true (bv_store_begin (fixture->store, &error));
  g_assert_true (bv_store_add_message (fixture->store, &record, events, &added, &error));
  g_assert_true (bv_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  query.recipient = "received-";
  query.since = FEB_20;
  query.until = FEB_20 + 1;
  ids = bv_store_query_ids (fixture->store, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  stored = bv_store_get_events (fixture->store, (const gint64 *) ids->data, ids->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 1);
  g_assert_cmpstr (((BvStoredEvent *) g_ptr_array_index (stored, 0))->event->recipient, ==,
                   "received-undated@example.org");
  g_assert_cmpint (((BvStoredEvent *) g_ptr_array_index (stored, 0))->date, ==, FEB_20);
  g_assert_cmpint (((BvStoredEvent *) g_ptr_array_index (stored, 0))->report_date, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  query.since = FEB_10;
  query.until = FEB_10 + 1;
  ids = bv_store_query_ids (fixture->store, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
}

static void
test_query_no_date (StoreFixture  *fixture,
                    gconstpointer  user_data)
{
  static const char key[] = "undated";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) bv_event_free);
  g_autoptr(GArray) ids = NULL;
  BvMessageRecord record = { 0 };
  BvStoreAddResult added;
  BvQuery query = { 0 };
  BvEvent *event = bv_event_new (BV_EVENT_BOUNCE);

  bv_set_string (&event->recipient, "undated@example.org");
  g_ptr_array_add (events, event);
  bv_digest_compute (key, strlen (key), &record.digest);
  record.source = "/srv/mail/undated.eml";
  record.result = "events";

  g_assert_true (bv_store_begin (fixture->store, &error));
  g_assert_true (bv_store_add_message (fixture->store, &record, events, &added, &error));
  g_assert_true (bv_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  query.recipient = "undated";
  ids = bv_store_query_ids (fixture->store, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);

  query.until = FEB_20;
  ids = bv_store_query_ids (fixture->store, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  query.until = 0;
  query.since = 1;
  ids = bv_store_query_ids (fixture->store, &query, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);

  /* By date it comes last, in both directions. */
  {
    BvQuery by_date = { 0 };

    ASSERT_QUERY (fixture->store, &by_date, 2, 5, 1, 3, 4, 6, 7, 8);
    by_date.descending = TRUE;
    ASSERT_QUERY (fixture->store, &by_date, 7, 6, 4, 3, 1, 5, 2, 8);
  }
}

static void
test_query_sort (StoreFixture  *fixture,
                 gconstpointer  user_data)
{
  BvQuery query = { 0 };

  query.sort = BV_SORT_DATE;
  ASSERT_QUERY (fixture->store, &query, 2, 5, 1, 3, 4, 6, 7);
  query.descending = TRUE;
  ASSERT_QUERY (fixture->store, &query, 7, 6, 4, 3, 1, 5, 2);

  /* Recipients sort without regard to case. */
  query.sort = BV_SORT_RECIPIENT;
  query.descending = FALSE;
  ASSERT_QUERY (fixture->store, &query, 1, 7, 2, 3, 4, 5, 6);

  /* Ties come last imported first, in both directions. Events without a
   * status come last, in both directions. */
  query.sort = BV_SORT_STATUS;
  ASSERT_QUERY (fixture->store, &query, 4, 3, 1, 7, 2, 6, 5);
  query.descending = TRUE;
  ASSERT_QUERY (fixture->store, &query, 2, 7, 1, 3, 4, 6, 5);

  query.sort = BV_SORT_REASON;
  query.descending = FALSE;
  ASSERT_QUERY (fixture->store, &query, 4, 5, 3, 2, 7, 1, 6);

  /* As the window shows them: "Automatic reply" (vacation) comes first,
   * and "Unknown user" last. */
  query.reason_by_label = TRUE;
  ASSERT_QUERY (fixture->store, &query, 6, 4, 5, 3, 2, 7, 1);
  query.descending = TRUE;
  ASSERT_QUERY (fixture->store, &query, 7, 1, 3, 2, 5, 4, 6);
  query.reason_by_label = FALSE;
  query.descending = FALSE;

  query.sort = BV_SORT_TYPE;
  ASSERT_QUERY (fixture->store, &query, 6, 7, 2, 1, 5, 3, 4);

  query.sort = BV_SORT_REPLY_CODE;
  ASSERT_QUERY (fixture->store, &query, 4, 3, 7, 1, 2, 6, 5);
  query.descending = TRUE;
  ASSERT_QUERY (fixture->store, &query, 2, 7, 1, 3, 4, 6, 5);
  query.descending = FALSE;

  /* The same with other filters, which need not read the column's index. */
  query.sort = BV_SORT_REMOTE_MTA;
  query.recipient = "example";
  ASSERT_QUERY (fixture->store, &query, 7, 4, 1, 3, 2, 6, 5);
  query.recipient = NULL;

  query.sort = BV_SORT_ID;
  ASSERT_QUERY (fixture->store, &query, 1, 2, 3, 4, 5, 6, 7);

  /* Sorting changes the order, never the set. */
  query.sort = BV_SORT_RECIPIENT;
  query.type = BV_EVENT_BOUNCE;
  ASSERT_QUERY (fixture->store, &query, 1, 7, 2);
}

/* Status codes and remote MTAs sort by the numbers in them, not as
 * text. */
static void
test_query_sort_status_numbers (StoreFixture  *fixture,
                                gconstpointer  user_data)
{
  static const char * const statuses[] = { "5.7.13", "5.7.6", "4.2.2", "5.10.1", "5.7.6",
                                           "5.1.1", "5.7.1", NULL };
  static const char * const remote_mtas[] = { "192.0.2.10", "mx10.example.net", "192.0.2.9",
                                              NULL, "mx2.example.net", "192.0.2.100",
                                              "192.0.2.9", "198.51.100.1" };
  static const char key[] = "status numbers";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) bv_event_free);
  BvMessageRecord record = { 0 };
  BvStoreAddResult added;
  BvQuery query = { 0 };

  /* Events 8 to 15 of the fixture's database. */
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      BvEvent *event = bv_event_new (BV_EVENT_BOUNCE);

      event->recipient = g_strdup_printf ("numbers%u@example.com", i);
      bv_set_string (&event->status, statuses[i]);
      bv_set_string (&event->remote_mta, remote_mtas[i]);
      g_ptr_array_add (events, event);
    }
  bv_digest_compute (key, strlen (key), &record.digest);
  record.source = "/srv/mail/numbers.eml";
  record.result = "events";
  g_assert_true (bv_store_begin (fixture->store, &error));
  g_assert_true (bv_store_add_message (fixture->store, &record, events, &added, &error));
  g_assert_true (bv_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  query.recipient = "numbers";
  query.sort = BV_SORT_STATUS;
  ASSERT_QUERY (fixture->store, &query, 10, 13, 14, 12, 9, 8, 11, 15);
  query.descending = TRUE;
  ASSERT_QUERY (fixture->store, &query, 11, 8, 12, 9, 14, 13, 10, 15);

  /* So do the numbers in remote MTAs: IP addresses and host names. */
  query.sort = BV_SORT_REMOTE_MTA;
  query.descending = FALSE;
  ASSERT_QUERY (fixture->store, &query, 14, 10, 8, 13, 15, 12, 9, 11);
  query.descending = TRUE;
  ASSERT_QUERY (fixture->store, &query, 9, 12, 15, 13, 8, 14, 10, 11);
}

static void
test_count_types (StoreFixture  *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  guint64 counts[BV_EVENT_N_TYPES];
  BvQuery query = { 0 };

  g_assert_true (bv_store_count_types (fixture->store, NULL, counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[BV_EVENT_UNKNOWN], ==, 0);
  g_assert_cmpuint (counts[BV_EVENT_BOUNCE], ==, 3);
  g_assert_cmpuint (counts[BV_EVENT_DEFERRAL], ==, 1);
  g_assert_cmpuint (counts[BV_EVENT_DELIVERY], ==, 1);
  g_assert_cmpuint (counts[BV_EVENT_COMPLAINT], ==, 1);
  g_assert_cmpuint (counts[BV_EVENT_AUTO_REPLY], ==, 1);

  /* The other filters apply, but the query's type does not. */
  query.recipient = "example.net";
  query.type = BV_EVENT_DELIVERY;
  g_assert_true (bv_store_count_types (fixture->store, &query, counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[BV_EVENT_BOUNCE], ==, 1);
  g_assert_cmpuint (counts[BV_EVENT_DEFERRAL], ==, 1);
  g_assert_cmpuint (counts[BV_EVENT_DELIVERY], ==, 0);
  g_assert_cmpuint (counts[BV_EVENT_COMPLAINT], ==, 0);
  g_assert_cmpuint (counts[BV_EVENT_AUTO_REPLY], ==, 1);
}

/* bv_store_get_events() returns the events in the order of the requested
 * ids, with NULL for an id that has no event. */
static void
test_get_events_order (StoreFixture  *fixture,
                       gconstpointer  user_data)
{
  const gint64 ids[] = { 7, 2, 999, 4 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = bv_store_get_events (fixture->store, ids, G_N_ELEMENTS (ids),
                                                     &error);
  g_autoptr(BvStoredEvent) missing = NULL;
  const BvStoredEvent *first;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, G_N_ELEMENTS (ids));
  g_assert_cmpint (((BvStoredEvent *) g_ptr_array_index (events, 0))->id, ==, 7);
  g_assert_cmpint (((BvStoredEvent *) g_ptr_array_index (events, 1))->id, ==, 2);
  g_assert_null (g_ptr_array_index (events, 2));
  g_assert_cmpint (((BvStoredEvent *) g_ptr_array_index (events, 3))->id, ==, 4);

  /* What was stored comes back. */
  first = g_ptr_array_index (events, 0);
  g_assert_cmpstr (first->event->recipient, ==, "alice.ng@example.org");
  g_assert_cmpint (first->event->type, ==, BV_EVENT_BOUNCE);
  g_assert_cmpstr (first->event->status, ==, "5.1.10");
  g_assert_cmpuint (first->event->reply_code, ==, 550);
  g_assert_cmpstr (first->event->reason, ==, "userunknown");
  g_assert_true (first->event->hard_bounce);
  g_assert_cmpstr (first->event->evidence, ==, "set by the test");
  g_assert_cmpstr (first->event->remote_mta, ==, "eu.example.org");
  g_assert_cmpint (first->event->last_attempt_date, ==, MAR_01);
  g_assert_cmpint (first->date, ==, MAR_01);
  g_assert_cmpstr (first->source, ==, "/srv/mail/reports.mbox");
  g_assert_cmpuint (first->source_index, ==, 7);
  g_assert_cmpuint (first->source_offset, ==, 6000);
  g_assert_cmpstr (first->report_subject, ==, "Report 7");

  missing = bv_store_get_event (fixture->store, 999, &error);
  g_assert_no_error (error);
  g_assert_null (missing);
}

/* Adding a message whose digest is stored already changes nothing. */
static void
test_add_duplicate (StoreFixture  *fixture,
                    gconstpointer  user_data)
{
  static const char key[] = "stored case 0";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) bv_event_free);
  BvMessageRecord record = { 0 };
  BvStoreAddResult added = BV_STORE_ADDED;
  guint64 messages, count;

  bv_digest_compute (key, strlen (key), &record.digest);
  g_assert_true (bv_store_has_digest (fixture->store, &record.digest, &error));
  record.source = "/srv/mail/elsewhere.eml";
  record.result = "events";
  g_ptr_array_add (events, bv_event_new (BV_EVENT_BOUNCE));

  g_assert_true (bv_store_begin (fixture->store, &error));
  g_assert_true (bv_store_add_message (fixture->store, &record, events, &added, &error));
  g_assert_no_error (error);
  g_assert_true (bv_store_commit (fixture->store, &error));
  g_assert_cmpint (added, ==, BV_STORE_DUPLICATE);

  g_assert_true (bv_store_count_messages (fixture->store, &messages, &count, &error));
  g_assert_cmpuint (messages, ==, G_N_ELEMENTS (stored_cases));
  g_assert_cmpuint (count, ==, G_N_ELEMENTS (stored_cases));
}

/* A transaction adds its events to the trigram index in steps of a few
 * thousand. A search for part of an address must find each event,
 * whatever step it fell in, and a rolled-back transaction must leave
 * none behind. */
/* Adds a message of @events, named @key, as the @index-th of an mbox. */
static void
add_events_message (BvStore     *store,
                    const char  *key,
                    guint        index,
                    GPtrArray   *events)
{
  g_autoptr(GError) error = NULL;
  BvMessageRecord record = { 0 };
  BvStoreAddResult added;

  bv_digest_compute (key, strlen (key), &record.digest);
  record.source = "/srv/mail/many.mbox";
  record.source_index = index;
  record.result = "events";
  g_assert_true (bv_store_add_message (store, &record, events, &added, &error));
  g_assert_no_error (error);
}

static void
test_index_in_steps (StoreFixture  *fixture,
                     gconstpointer  user_data)
{
  const guint n_messages = 2500;
  g_autoptr(GError) error = NULL;
  BvQuery query = { 0 };

  for (guint round = 0; round < 2; round++)
    {
      g_assert_true (bv_store_begin (fixture->store, &error));
      for (guint i = 0; i < n_messages; i++)
        {
          g_autoptr(GPtrArray) events =
            g_ptr_array_new_with_free_func ((GDestroyNotify) bv_event_free);
          g_autofree char *key = g_strdup_printf ("step %u %u", round, i);

          /* Two events a message: 5,000 in the transaction. */
          for (guint j = 0; j < 2; j++)
            {
              BvEvent *event = bv_event_new (BV_EVENT_BOUNCE);

              event->rcpt_index = j + 1;
              bv_take_string (&event->recipient,
                              g_strdup_printf ("user%05u@%s.example.net", i * 2 + j,
                                               round == 0 ? "rolledback" : "kept"));
              g_ptr_array_add (events, event);
            }
          add_events_message (fixture->store, key, i + 1, events);
        }
      if (round == 0)
        bv_store_rollback (fixture->store);
      else
        g_assert_true (bv_store_commit (fixture->store, &error));
      g_assert_no_error (error);
    }

  query.recipient = "rolledback.example";
  g_assert_cmpuint (bv_store_count_events (fixture->store, &query, &error), ==, 0);
  query.recipient = "kept.example";
  g_assert_cmpuint (bv_store_count_events (fixture->store, &query, &error), ==, 2 * n_messages);
  /* The first event, one in the middle, and the last. */
  query.recipient = "user00000@kept";
  g_assert_cmpuint (bv_store_count_events (fixture->store, &query, &error), ==, 1);
  query.recipient = "user02345@kept";
  g_assert_cmpuint (bv_store_count_events (fixture->store, &query, &error), ==, 1);
  query.recipient = "user04999@kept";
  g_assert_cmpuint (bv_store_count_events (fixture->store, &query, &error), ==, 1);
  g_assert_no_error (error);
}

typedef struct
{
  GString *ids;
  guint left;                   /* rows to take before stopping, or 0 for all */
} IdCollector;

static gboolean
collect_ids (const BvStoredEvent *stored,
             gpointer             user_data)
{
  IdCollector *collector = user_data;

  g_string_append_printf (collector->ids, " %" G_GINT64_FORMAT, stored->id);
  return collector->left == 0 || --collector->left > 0;
}

static char *
list_ids (BvStore       *store,
          const BvQuery *query,
          gint64         split_min_events,
          guint          limit)
{
  g_autoptr(GError) error = NULL;
  IdCollector collector = { g_string_new (NULL), limit };

  bv_store_set_split_min_events (store, split_min_events);
  g_assert_true (bv_store_foreach_event (store, query, collect_ids, &collector, &error));
  g_assert_no_error (error);
  return g_string_free (collector.ids, FALSE);
}

/* A recipient search split over two connections lists the same events
 * in the same order as one query. The cases: many events of one date
 * on both sides of the split, events without a date, both directions,
 * and a caller that stops early. */
static void
test_query_split (StoreFixture  *fixture,
                  gconstpointer  user_data)
{
  static const char * const domains[] = { "alpha.example", "beta.example", "ya.example.net" };
  static const char * const texts[] = { "alpha", "ya", "example", "user01", "nobody" };
  g_autoptr(GError) error = NULL;
  BvQuery query = { 0 };

  g_assert_true (bv_store_begin (fixture->store, &error));
  for (guint i = 0; i < 600; i++)
    {
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) bv_event_free);
      g_autofree char *key = g_strdup_printf ("split %u", i);
      BvEvent *event = bv_event_new (BV_EVENT_BOUNCE);

      event->rcpt_index = 1;
      bv_take_string (&event->recipient,
                      g_strdup_printf ("user%03u@%s", i, domains[i % G_N_ELEMENTS (domains)]));
      /* Fifty dates for 600 events, and every seventh without one. */
      event->last_attempt_date = i % 7 == 0 ? 0 : JAN_12 + (i * 37 % 50) * 3600;
      g_ptr_array_add (events, event);
      add_events_message (fixture->store, key, i + 1, events);
    }
  g_assert_true (bv_store_commit (fixture->store, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (guint descending = 0; descending < 2; descending++)
      {
        g_autofree char *single = NULL;
        g_autofree char *split = NULL;
        g_autofree char *single_first = NULL;
        g_autofree char *split_first = NULL;

        query.recipient = texts[i];
        query.descending = descending;
        single = list_ids (fixture->store, &query, G_MAXINT64, 0);
        split = list_ids (fixture->store, &query, 1, 0);
        g_assert_cmpstr (split, ==, single);
        if (g_strcmp0 (texts[i], "nobody") != 0)
          g_assert_cmpuint (strlen (single), >, 0);

        single_first = list_ids (fixture->store, &query, G_MAXINT64, 5);
        split_first = list_ids (fixture->store, &query, 1, 5);
        g_assert_cmpstr (split_first, ==, single_first);
      }
}

static gboolean
keep_source_ip (const BvStoredEvent *stored,
                gpointer             user_data)
{
  g_ptr_array_add (user_data, g_strdup (stored->event->source_ip));
  return TRUE;
}

/* A complaint keeps its Source-IP and Reported-Domain. A read-only
 * connection still reads a database of schema 9, which has neither
 * column, and the next writer adds them. */
static void
test_complaint_fields (StoreFixture  *fixture,
                       gconstpointer  user_data)
{
  BvQuery query = { .type = BV_EVENT_COMPLAINT };
  BvEvent *event = bv_event_new (BV_EVENT_COMPLAINT);
  g_autoptr(GPtrArray) source_ips = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(BvStoredEvent) stored = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  bv_set_string (&event->recipient, "gina@example.net");
  bv_set_string (&event->source_ip, "192.0.2.25");
  bv_set_string (&event->reported_domain, "example.org");
  add_report (fixture, event, "complaint with a source");

  g_assert_true (bv_store_foreach_event (fixture->store, &query, keep_source_ip, source_ips,
                                         &error));
  g_assert_no_error (error);
  g_assert_cmpuint (source_ips->len, ==, 2);
  g_assert_null (g_ptr_array_index (source_ips, 0));
  g_assert_cmpstr (g_ptr_array_index (source_ips, 1), ==, "192.0.2.25");
  stored = bv_store_get_event (fixture->store, 8, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->event->recipient, ==, "gina@example.net");
  g_assert_cmpstr (stored->event->reported_domain, ==, "example.org");
  g_clear_pointer (&stored, bv_stored_event_free);
  g_clear_pointer (&fixture->store, bv_store_close);

  db = open_sqlite (fixture->path);
  exec_sql (db, "ALTER TABLE events DROP COLUMN source_ip;"
                "ALTER TABLE events DROP COLUMN reported_domain;"
                "PRAGMA user_version = 9");
  sqlite3_close (db);

  fixture->store = bv_store_open (fixture->path, BV_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bv_store_get_schema_version (fixture->store), ==, 9);
  stored = bv_store_get_event (fixture->store, 8, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->event->recipient, ==, "gina@example.net");
  g_assert_null (stored->event->source_ip);
  g_assert_null (stored->event->reported_domain);
  g_clear_pointer (&stored, bv_stored_event_free);
  g_ptr_array_set_size (source_ips, 0);
  g_assert_true (bv_store_foreach_event (fixture->store, &query, keep_source_ip, source_ips,
                                         &error));
  g_assert_no_error (error);
  g_assert_cmpuint (source_ips->len, ==, 2);
  g_clear_pointer (&fixture->store, bv_store_close);

  fixture->store = bv_store_open (fixture->path, BV_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bv_store_get_schema_version (fixture->store), ==, BV_STORE_SCHEMA_VERSION);
  db = open_sqlite (fixture->path);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM events WHERE source_ip IS NULL"), ==, 8);
  sqlite3_close (db);
}

static void
add_store_test (const char *path,
                void      (*func) (StoreFixture *, gconstpointer))
{
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bounceview/store/open-creates-schema", test_open_creates_schema);
  g_test_add_func ("/bounceview/store/reimport-maildir", test_reimport_maildir);
  g_test_add_func ("/bounceview/store/database-inside-maildir", test_database_inside_maildir);
  g_test_add_func ("/bounceview/store/copies-in-two-mailboxes", test_copies_in_two_mailboxes);
  g_test_add_func ("/bounceview/store/exact-digests-still-found", test_exact_digests_still_found);
  g_test_add_func ("/bounceview/store/total-counts-mbox-in-maildir",
                   test_total_counts_mbox_in_maildir);
  g_test_add_func ("/bounceview/store/same-message-other-folder", test_same_message_other_folder);
  g_test_add_func ("/bounceview/store/reimport-reports-failures", test_reimport_reports_failures);
  g_test_add_func ("/bounceview/store/failed-message-replaced", test_failed_message_replaced);
  g_test_add_func ("/bounceview/store/older-not-bounce-decoded-again",
                   test_older_not_bounce_decoded_again);
  g_test_add_func ("/bounceview/store/migrate-version-1", test_migrate_version_1);
  g_test_add_func ("/bounceview/store/newer-schema-refused", test_newer_schema_refused);
  g_test_add_func ("/bounceview/store/not-a-database-refused", test_not_a_database_refused);
  g_test_add_func ("/bounceview/store/folder-refused", test_folder_refused);
  g_test_add_func ("/bounceview/store/recipient-search-text", test_recipient_search_text);
  g_test_add_func ("/bounceview/store/query-recipient-unicode", test_query_recipient_unicode);
  g_test_add_func ("/bounceview/store/other-sqlite-database-refused",
                   test_other_sqlite_database_refused);
  g_test_add_func ("/bounceview/store/second-connection-keeps-locks",
                   test_second_connection_keeps_locks);

  add_store_test ("/bounceview/store/query-recipient", test_query_recipient);
  add_store_test ("/bounceview/store/query-type", test_query_type);
  add_store_test ("/bounceview/store/query-status", test_query_status);
  add_store_test ("/bounceview/store/query-hard-later-delivery", test_query_hard_later_delivery);
  add_store_test ("/bounceview/store/find-later-mail", test_find_later_mail);
  add_store_test ("/bounceview/store/query-reason", test_query_reason);
  add_store_test ("/bounceview/store/query-remote-mta", test_query_remote_mta);
  add_store_test ("/bounceview/store/query-dates", test_query_dates);
  add_store_test ("/bounceview/store/query-no-date", test_query_no_date);
  add_store_test ("/bounceview/store/query-received-date", test_query_received_date);
  add_store_test ("/bounceview/store/query-sort", test_query_sort);
  add_store_test ("/bounceview/store/query-sort-status-numbers", test_query_sort_status_numbers);
  add_store_test ("/bounceview/store/count-types", test_count_types);
  add_store_test ("/bounceview/store/get-events-order", test_get_events_order);
  add_store_test ("/bounceview/store/add-duplicate", test_add_duplicate);
  add_store_test ("/bounceview/store/index-in-steps", test_index_in_steps);
  add_store_test ("/bounceview/store/query-split", test_query_split);
  add_store_test ("/bounceview/store/complaint-fields", test_complaint_fields);

  return g_test_run ();
}
