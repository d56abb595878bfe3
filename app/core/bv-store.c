/* bv-store.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The SQLite store: one row per imported message in `messages`, keyed by
 * its digest so that no message is imported twice, and one row per
 * recipient event in `events`. Writers take the write lock up front
 * (BEGIN IMMEDIATE) and wait for each other through the busy timeout;
 * in WAL mode readers never block them. A store handle belongs to one
 * thread at a time. */

#define G_LOG_DOMAIN "bounceview-store"

#include "bv-store.h"
#include "bv-classify.h"
#include "bv-decoder.h"

#include <errno.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

/* How long a writer waits for another writer, in milliseconds. Imports
 * commit in batches well under a second, so this is generous. */
#define BUSY_TIMEOUT_MS 60000

/* The maximum size of the -wal file, in bytes, after SQLite restarts it. */
#define WAL_SIZE_LIMIT 67108864

/* The page size of a new database, in bytes, instead of SQLite's 4096.
 * An import writes each page it changes twice, to the -wal file and then
 * to the database, with system calls for each page, and an event goes into
 * nine indexes. With 16 KiB pages, an import of 9,500 corpus files took
 * 370 ms instead of 387 ms (medians of 31 runs in turn). An import of a
 * million synthetic reports took 93.1 s and 119.6 s of CPU time, against
 * 110.7 s and 135.9 s in an earlier run with 4 KiB pages (bench-scale.sh,
 * 2 processors). The window opened and sorted a million events about as
 * fast, with about 35 MB more peak RSS (bench-window). Only `list`, which
 * reads scattered rows, lost: see MAPPED_SIZE. */
#define NEW_PAGE_SIZE 16384

/* The most of the file that BV_STORE_OPEN_MAPPED maps, in bytes. SQLite
 * reads the rest with read(). On a million events in 16 KiB pages,
 * `list` of the 24,640 events of "gmail.com" took 274 ms with read()
 * and 185 to 217 ms through a map. In 4 KiB pages it took 174 ms with
 * read() and 214 ms through a map, so only larger pages are mapped
 * (bench-list.sh). */
#define MAPPED_SIZE 2147418112

struct _BvStore
{
  sqlite3 *db;
  char *path;
  gboolean read_only;
  int schema_version;

  sqlite3_stmt *insert_message;
  sqlite3_stmt *insert_event;
  sqlite3_stmt *find_digest;
  sqlite3_stmt *find_any_digest;
  sqlite3_stmt *replace_failed;

  /* The first event of the open transaction, or 0: the trigram index
   * gets the events from it on when the transaction commits. */
  gint64 unindexed_event;

  /* The event count at which a recipient search sorted by date runs on
   * two connections (foreach_event_split()). */
  gint64 split_min_events;

  /* Some messages may be keyed by a digest of all their bytes, as
   * before schema 11. */
  gboolean exact_digests;
};

G_DEFINE_QUARK (bounceview-store-error-quark, bv_store_error)

/* The CHECK of messages.result. Migration 6 writes it, with its quotes
 * doubled, over the IN form of databases created before schema 6. */
#define RESULT_CHECK "result = 'events' OR result = 'not_bounce' OR result = 'failed'"

/* The oldest schema that a read-only connection can use as it is:
 * schema 6 changed only a CHECK, which readers never run, and schema 7
 * dropped an index that no query reads. */
#define READABLE_SCHEMA_VERSION 5

/* Below this many events, one connection lists the matches of a
 * recipient search as fast (foreach_event_split()). On 100,000 events,
 * two took 86 ms instead of 73 ms for "ya" (about 10,000 rows), and on
 * 220,000 events 150 ms instead of 215 ms. */
#define SPLIT_MIN_EVENTS 200000

/* Marks a migration that writes the sqlite_schema table itself. */
#define SCHEMA_EDIT "-- schema edit\n"

/* Each migration brings the schema from the version before it to its
 * own; they run in order inside one transaction each. */
static const char * const migrations[] = {
  /* 1: messages and events. */
  "CREATE TABLE messages ("
  "  id INTEGER PRIMARY KEY,"
  "  digest BLOB NOT NULL UNIQUE,"
  "  source TEXT NOT NULL,"
  "  source_index INTEGER NOT NULL DEFAULT 0,"
  "  source_offset INTEGER NOT NULL DEFAULT 0,"
  "  notmuch_id TEXT,"
  "  result TEXT NOT NULL CHECK (" RESULT_CHECK "),"
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
  "CREATE INDEX events_date ON events (date);",

  /* 2: the evidence behind each reason, and import state (how far a
   * notmuch database has been read). */
  "ALTER TABLE events ADD COLUMN evidence TEXT;"
  "ALTER TABLE events ADD COLUMN codes_disagree INTEGER NOT NULL DEFAULT 0;"
  "CREATE TABLE state ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ");",

  /* 3: indexes for the window's sort columns that had none, so that a
   * sort reads an index in order instead of building a temporary b-tree.
   * Without them each of these sorts took 1.1 to 1.9 s on a synthetic
   * database of a million events (bench-window's, on a 2-core machine). */
  "CREATE INDEX events_remote_mta ON events (remote_mta);"
  "CREATE INDEX events_reply_code ON events (reply_code);"
  "CREATE INDEX events_diagnostic ON events (diagnostic);",

  /* 4: a trigram index of recipients, so that a search for part of an
   * address reads the candidates from the index instead of testing
   * every event with LIKE: on 1.5 million synthetic events that scan
   * took about half a second. The FTS5 table keeps no copy of the text
   * (content='events') and no positions (detail='none'), and the
   * triggers keep it in step with the events table. */
  "CREATE VIRTUAL TABLE events_recipient_trigrams USING fts5 ("
  "  recipient, content='events', content_rowid='id', tokenize='trigram', detail='none');"
  "INSERT INTO events_recipient_trigrams (events_recipient_trigrams) VALUES ('rebuild');"
  "CREATE TRIGGER events_recipient_trigrams_insert AFTER INSERT ON events BEGIN"
  "  INSERT INTO events_recipient_trigrams (rowid, recipient) VALUES (new.id, new.recipient);"
  "END;"
  "CREATE TRIGGER events_recipient_trigrams_delete AFTER DELETE ON events BEGIN"
  "  INSERT INTO events_recipient_trigrams (events_recipient_trigrams, rowid, recipient)"
  "    VALUES ('delete', old.id, old.recipient);"
  "END;"
  "CREATE TRIGGER events_recipient_trigrams_update AFTER UPDATE OF recipient ON events BEGIN"
  "  INSERT INTO events_recipient_trigrams (events_recipient_trigrams, rowid, recipient)"
  "    VALUES ('delete', old.id, old.recipient);"
  "  INSERT INTO events_recipient_trigrams (rowid, recipient) VALUES (new.id, new.recipient);"
  "END;",

  /* 5: bv_store_commit() adds a transaction's new events to the trigram
   * index in one INSERT ... SELECT instead of a trigger adding each one.
   * With the trigger, the 10,000 events of a corpus import cost the
   * writer 0.45 s more CPU time, about 45 us an event; one statement
   * for 150,000 rows took about 2 us a row. The triggers for deletes
   * and updates stay. */
  "DROP TRIGGER events_recipient_trigrams_insert;",

  /* 6: the CHECK of messages.result compares with each value instead of
   * using IN. For an IN list of three values SQLite builds a temporary
   * table each time the insert runs: 29,000 instructions a message, a
   * twentieth of an import's (callgrind). Both forms accept the same
   * values, so the table's text in the schema is edited in place, as
   * SQLite's documentation allows for CHECK constraints (see
   * edit_schema()). New databases get the new form from migration 1. */
  SCHEMA_EDIT
  "UPDATE sqlite_schema SET sql = replace (sql,"
  " 'result IN (''events'', ''not_bounce'', ''failed'')',"
  " 'result = ''events'' OR result = ''not_bounce'' OR result = ''failed''')"
  " WHERE type = 'table' AND name = 'messages';",

  /* 7: no query reads the index of recipient domains or the one of
   * message sources: a search for a domain goes through the trigram
   * index, no column sorts by domain, and messages are looked up by
   * digest or id. Each new message paid for their entries, and the
   * source index, with a path in each entry, took 6% of the pages of
   * a corpus import. */
  "DROP INDEX events_domain; DROP INDEX messages_source;",

  /* 8: the version of the decoder that read each message, so that an
   * import decodes again the messages that an older decoder took for no
   * bounce. Rows from before have 0, older than any decoder. */
  "ALTER TABLE messages ADD COLUMN decoder INTEGER NOT NULL DEFAULT 0;",

  /* 9: recipients are stored with their IDNA domains in Unicode, as new
   * imports store them (bv_address_normalize()), so that one form is
   * searched. The trigram index finds the candidates: with a LIKE over
   * every recipient the migration of a million events took 1.07 s, with
   * the index 0.41 s. The trigger of migration 4 updates the index. */
  "UPDATE events SET recipient = bv_unicode_domain (recipient),"
  "  recipient_domain = coalesce (bv_unicode_domain (recipient_domain), recipient_domain)"
  " WHERE id IN (SELECT rowid FROM events_recipient_trigrams"
  "              WHERE events_recipient_trigrams MATCH '\"xn-\"')"
  "  AND bv_unicode_domain (recipient) IS NOT NULL;",

  /* 10: the Source-IP and Reported-Domain of a complaint. Complaints
   * stored before have neither. The parentheses tell clang that the two
   * literals make one migration. */
  ("ALTER TABLE events ADD COLUMN source_ip TEXT;"
   "ALTER TABLE events ADD COLUMN reported_domain TEXT;"),

  /* 11: messages are keyed by a digest without the trace fields in
   * front of them (bv_digest_compute_message()), so that copies of a
   * report in two mailboxes are one message. The messages stored before
   * keep digests of all their bytes. A flag in the state table marks such
   * a database, and the importer then looks those up too. */
  "INSERT INTO state (key, value) SELECT 'exact-digests', '1' WHERE EXISTS (SELECT 1 FROM messages);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == BV_STORE_SCHEMA_VERSION);

/* Turns the SQLite error of @rc into a GError that names the file and
 * says what to do. */
static void
set_sqlite_error (GError     **error,
                  BvStore     *store,
                  int          rc,
                  const char  *what)
{
  const char *path = store->path;
  const char *detail = store->db != NULL ? sqlite3_errmsg (store->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a BounceView database (%s). It was left as it is; choose another file."),
                   path, detail);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_CORRUPT,
                   _("The database “%s” is damaged (%s). It was left as it is; move it aside and import the mail again into a new database."),
                   path, detail);
      break;
    case SQLITE_FULL:
      g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_FULL,
                   _("The disk holding “%s” is full. The last batch was not saved; free some space and import again."),
                   path);
      break;
    case SQLITE_IOERR:
      /* A file size limit or a failing disk ends writes with an I/O error. */
      g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_FAILED,
                   _("Reading or writing the database “%s” failed (%s). Check that its disk has free space and works, then try again."),
                   path, detail);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_READ_ONLY,
                   _("Cannot write the database “%s” (%s). Check the permissions of the file and its folder, or choose another database."),
                   path, detail);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_BUSY,
                   _("The database “%s” stayed locked by another program for too long (%s). Try again when it is done."),
                   path, detail);
      break;
    case SQLITE_INTERRUPT:
      g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_CANCELLED,
                   _("Cancelled"));
      break;
    default:
      g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_FAILED,
                   _("Database “%s”: %s failed: %s"), path, what, detail);
      break;
    }
}

static gboolean
exec (BvStore     *store,
      const char  *sql,
      GError     **error)
{
  int rc = sqlite3_exec (store->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, store, rc, sql);
      return FALSE;
    }
  return TRUE;
}

/* Switches the database to WAL. When two processes create a database
 * at the same moment, both switch it, and SQLite 3.40 returns
 * SQLITE_BUSY to one of them at once instead of waiting out the busy
 * timeout: retry for as long as that timeout. */
static gboolean
set_wal_mode (BvStore  *store,
              GError  **error)
{
  gint64 deadline = g_get_monotonic_time () + BUSY_TIMEOUT_MS * (gint64) 1000;
  int rc;

  while (TRUE)
    {
      rc = sqlite3_exec (store->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
      if ((rc & 0xff) != SQLITE_BUSY || g_get_monotonic_time () >= deadline)
        break;
      g_usleep (10 * 1000);
    }

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, store, rc, "PRAGMA journal_mode = WAL");
      return FALSE;
    }
  return TRUE;
}

static gboolean
prepare (BvStore       *store,
         const char    *sql,
         sqlite3_stmt **stmt,
         GError       **error)
{
  int rc = sqlite3_prepare_v2 (store->db, sql, -1, stmt, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, store, rc, "prepare");
      return FALSE;
    }
  return TRUE;
}

/**
 * bv_store_default_path:
 *
 * Returns: (transfer full): the database file to use when none is given:
 *   $BOUNCEVIEW_DATABASE, else bounceview/bounceview.sqlite in the XDG
 *   data directory
 */
char *
bv_store_default_path (void)
{
  const char *env = g_getenv ("BOUNCEVIEW_DATABASE");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "bounceview", "bounceview.sqlite", NULL);
}

/* Runs @pragma, a PRAGMA or SELECT statement that returns one number,
 * and returns that number, or -1 with @error set. */
static gint64
read_pragma (BvStore     *store,
             const char  *pragma,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;
  int rc;

  if (!prepare (store, pragma, &stmt, error))
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    set_sqlite_error (error, store, rc, pragma);
  sqlite3_finalize (stmt);
  return value;
}

static int
read_user_version (BvStore *store,
                   GError **error)
{
  return (int) read_pragma (store, "PRAGMA user_version", error);
}

/* Runs @sql, which writes the sqlite_schema table, inside the open
 * transaction: with writable_schema on, and with the schema version one
 * higher after it, so that every connection reads the schema again. A
 * build of SQLite that keeps the schema read-only (SQLITE_DBCONFIG_DEFENSIVE)
 * rejects the edit, and the schema stays as it was, which is still
 * correct. */
static gboolean
edit_schema (BvStore     *store,
             const char  *sql,
             GError     **error)
{
  g_autofree char *bump = NULL;
  gint64 version = read_pragma (store, "PRAGMA schema_version", error);

  if (version < 0 || !exec (store, "PRAGMA writable_schema = ON", error))
    return FALSE;
  if (sqlite3_exec (store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_debug ("Left the schema of %s as it was: %s", store->path, sqlite3_errmsg (store->db));
      return exec (store, "PRAGMA writable_schema = OFF", error);
    }
  bump = g_strdup_printf ("PRAGMA schema_version = %" G_GINT64_FORMAT, version + 1);
  return exec (store, bump, error) && exec (store, "PRAGMA writable_schema = OFF", error);
}

static gboolean
migrate_steps (BvStore  *store,
               GError  **error)
{
  int version;

  if (!exec (store, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Read again under the write lock: another process may have migrated. */
  version = read_user_version (store, error);
  if (version < 0)
    goto failed;

  for (int v = version; v < BV_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = NULL;

      g_debug ("Migrating %s from schema %d to %d", store->path, v, v + 1);
      if (g_str_has_prefix (migrations[v], SCHEMA_EDIT))
        {
          if (!edit_schema (store, migrations[v], error))
            goto failed;
        }
      else if (!exec (store, migrations[v], error))
        goto failed;
      set_version = g_strdup_printf ("PRAGMA user_version = %d", v + 1);
      if (!exec (store, set_version, error))
        goto failed;
    }

  if (!exec (store, "COMMIT", error))
    goto failed;
  store->schema_version = BV_STORE_SCHEMA_VERSION;
  return TRUE;

failed:
  sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Runs the migrations without secure_delete, which Debian's SQLite turns
 * on: dropping an index then overwrites each of its freed pages with
 * zeros, and those pages contain copies of what the tables still
 * contain. On a database of 1.47 million events, migrating from schema 5
 * to 7 took 1.43 s with secure_delete and 0.69 s without. */
static gboolean
migrate (BvStore  *store,
         GError  **error)
{
  g_autofree char *restore = NULL;
  gint64 secure_delete = read_pragma (store, "PRAGMA secure_delete", error);
  gboolean done;

  if (secure_delete < 0 || !exec (store, "PRAGMA secure_delete = OFF", error))
    return FALSE;
  done = migrate_steps (store, error);
  restore = g_strdup_printf ("PRAGMA secure_delete = %" G_GINT64_FORMAT, secure_delete);
  sqlite3_exec (store->db, restore, NULL, NULL, NULL);
  return done;
}

static gboolean
prepare_writer (BvStore  *store,
                GError  **error)
{
  return prepare (store,
                  "INSERT OR IGNORE INTO messages (digest, source, source_index, source_offset,"
                  " notmuch_id, result, error, format, message_id, subject, sender, date,"
                  " imported_at, decoder) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  &store->insert_message, error) &&
         prepare (store,
                  "INSERT INTO events (message, rcpt_index, type, recipient, recipient_domain,"
                  " original_recipient, action, status, reply_code, diagnostic, diagnostic_type,"
                  " smtp_command, remote_mta, reporting_mta, arrival_date, last_attempt_date,"
                  " will_retry_until, date, reason, hard_bounce, evidence, codes_disagree,"
                  " feedback_type, original_message_id, original_subject, original_from,"
                  " original_to, original_date, source_ip, reported_domain)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                  " ?, ?, ?, ?, ?, ?, ?)",
                  &store->insert_event, error);
}

/* Whether a read-only connection to @path must treat the file as
 * immutable: this process may not create files in its folder, and
 * neither a -wal nor a -shm file exists. */
static gboolean
needs_immutable (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  if (g_access (folder, W_OK) == 0)
    return FALSE;
  return !g_file_test (wal, G_FILE_TEST_EXISTS) && !g_file_test (shm, G_FILE_TEST_EXISTS);
}

/* Turns off SQLite's memory statistics, which BounceView never reads.
 * With them, each allocation and free takes a mutex that all connections
 * share. The call works only before SQLite initializes; where other code
 * initialized it first, the call fails and the statistics stay on. */
/* bv_unicode_domain (ADDRESS): the address with its IDNA domain in
 * Unicode, or NULL when it has none. */
static void
unicode_domain_function (sqlite3_context  *context,
                         int               argc,
                         sqlite3_value   **argv)
{
  const char *address = (const char *) sqlite3_value_text (argv[0]);
  char *unicode = address != NULL ? bv_address_unicode_domain (address) : NULL;

  if (unicode == NULL)
    sqlite3_result_null (context);
  else
    sqlite3_result_text (context, unicode, -1, g_free);
}

/* bv_contains_folded (TEXT, NEEDLE): whether TEXT contains NEEDLE, which
 * g_utf8_casefold() folded, ignoring the case of every letter. */
static void
contains_folded_function (sqlite3_context  *context,
                          int               argc,
                          sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  const char *needle = (const char *) sqlite3_value_text (argv[1]);

  sqlite3_result_int (context, bv_text_contains_folded (text, needle));
}

/* Compares two texts with each run of digits as a number: status codes
 * 5.7.6 before 5.7.13, IP addresses 192.0.2.9 before 192.0.2.10, and
 * mx2 before mx10. Texts that differ only in leading zeros ("5.1.01")
 * then compare as bytes, so that the order stays total. */
static int
compare_natural (const char *a,
                 gsize       a_length,
                 const char *b,
                 gsize       b_length)
{
  gsize i = 0, j = 0;
  int order;

  while (i < a_length && j < b_length)
    {
      if (g_ascii_isdigit (a[i]) && g_ascii_isdigit (b[j]))
        {
          gsize a_start, b_start, a_digits, b_digits;

          while (i < a_length - 1 && a[i] == '0' && g_ascii_isdigit (a[i + 1]))
            i++;
          while (j < b_length - 1 && b[j] == '0' && g_ascii_isdigit (b[j + 1]))
            j++;
          for (a_start = i; i < a_length && g_ascii_isdigit (a[i]); i++)
            ;
          for (b_start = j; j < b_length && g_ascii_isdigit (b[j]); j++)
            ;
          a_digits = i - a_start;
          b_digits = j - b_start;
          /* Without leading zeros, the longer number is the larger one. */
          if (a_digits != b_digits)
            return a_digits < b_digits ? -1 : 1;
          order = memcmp (a + a_start, b + b_start, a_digits);
          if (order != 0)
            return order;
          continue;
        }
      if (a[i] != b[j])
        return (guchar) a[i] < (guchar) b[j] ? -1 : 1;
      i++;
      j++;
    }
  if (i < a_length || j < b_length)
    return i < a_length ? 1 : -1;

  order = memcmp (a, b, MIN (a_length, b_length));
  if (order != 0)
    return order;
  return a_length < b_length ? -1 : a_length > b_length;
}

static int
natural_collation (void       *user_data,
                   int         a_length,
                   const void *a,
                   int         b_length,
                   const void *b)
{
  return compare_natural (a, a_length, b, b_length);
}

static void
add_functions (BvStore *store)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;

  /* Only ORDER BY uses it, never an index, so that other programs can
   * still read and change the database. */
  sqlite3_create_collation (store->db, "bv_natural", SQLITE_UTF8, NULL, natural_collation);

  sqlite3_create_function (store->db, "bv_unicode_domain", 1, flags, NULL,
                           unicode_domain_function, NULL, NULL);
  sqlite3_create_function (store->db, "bv_contains_folded", 2, flags, NULL,
                           contains_folded_function, NULL, NULL);
}

static void
configure_sqlite (void)
{
  static gsize configured = 0;

  if (g_once_init_enter (&configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }
}

/* Reads whether messages of @store may be keyed by a digest of all their
 * bytes: the ones stored before schema 11. */
static gboolean
read_exact_digests (BvStore  *store,
                    GError  **error)
{
  gint64 flagged;

  if (store->schema_version < 11)
    {
      store->exact_digests = TRUE;
      return TRUE;
    }
  flagged = read_pragma (store, "SELECT EXISTS (SELECT 1 FROM state WHERE key = 'exact-digests')",
                         error);
  if (flagged < 0)
    return FALSE;
  store->exact_digests = flagged != 0;
  return TRUE;
}

/**
 * bv_store_has_exact_digests:
 * @store: a store
 *
 * Tells whether some messages of @store may be keyed by bv_digest_compute()
 * of all their bytes instead of bv_digest_compute_message(): those that
 * BounceView stored before schema 11. A message that is not found by
 * the one digest must then be looked up by the other too.
 */
gboolean
bv_store_has_exact_digests (BvStore *store)
{
  return store->exact_digests;
}

/**
 * bv_store_open:
 * @path: the database file; created with its folder when missing
 * @flags: %BV_STORE_OPEN_READ_ONLY to only read
 * @error: return location for an error
 *
 * Opens a database, creating and migrating its schema as needed. A file
 * that is no database, is damaged or comes from a newer BounceView is
 * refused and left untouched.
 *
 * Returns: (transfer full) (nullable): the store
 */
BvStore *
bv_store_open (const char        *path,
               BvStoreOpenFlags   flags,
               GError           **error)
{
  g_autoptr(BvStore) store = g_new0 (BvStore, 1);
  gboolean read_only = (flags & BV_STORE_OPEN_READ_ONLY) != 0;
  int open_flags;
  int version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  configure_sqlite ();
  store->path = g_strdup (path);
  store->read_only = read_only;
  store->split_min_events = SPLIT_MIN_EVENTS;

  /* No open() of the file here, not even to look at its first bytes:
   * POSIX locks belong to the process, and closing any descriptor of the
   * file would drop the locks of this process's other connections to it.
   * SQLite itself rejects a file that is not a database (SQLITE_NOTADB)
   * on its first read, without writing to it. */
  if (read_only && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_FAILED,
                   _("The database “%s” does not exist. Import some mail first."), path);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_FAILED,
                   _("“%s” is a folder, not a database file. Give the path of a file in it, such as “%s”."),
                   path, "bounceview.sqlite");
      return NULL;
    }

  if (!read_only)
    {
      g_autofree char *folder = g_path_get_dirname (path);

      if (g_mkdir_with_parents (folder, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_READ_ONLY,
                       _("Cannot create the folder “%s” for the database: %s"), folder,
                       g_strerror (saved_errno));
          return NULL;
        }
    }

  open_flags = SQLITE_OPEN_NOMUTEX |
               (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (read_only && needs_immutable (path))
    {
      /* A WAL database needs its -shm file even to be read. Where the
       * folder forbids creating one, and there is no -wal file, nobody can
       * write the database either, so SQLite may read it as immutable. */
      g_autofree char *escaped = g_uri_escape_string (path, "/", FALSE);
      g_autofree char *uri = g_strconcat ("file:", escaped, "?immutable=1", NULL);

      rc = sqlite3_open_v2 (uri, &store->db, open_flags | SQLITE_OPEN_URI, NULL);
    }
  else
    {
      rc = sqlite3_open_v2 (path, &store->db, open_flags, NULL);
    }
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, store, rc, "open");
      return NULL;
    }

  sqlite3_extended_result_codes (store->db, TRUE);
  sqlite3_busy_timeout (store->db, BUSY_TIMEOUT_MS);
  add_functions (store);

  /* SQLite opens a file that it cannot write read-only, without an
   * error: refuse it now, not at the first write of an import. */
  if (!read_only && sqlite3_db_readonly (store->db, "main") == 1)
    {
      g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_READ_ONLY,
                   _("Cannot write the database “%s”: the file is read-only. Check the permissions of the file and its folder, or choose another database."),
                   path);
      return NULL;
    }

  version = read_user_version (store, error);
  if (version < 0)
    return NULL;

  /* Schema 0 with tables in it is the database of another program:
   * BounceView would add its tables beside them. The tables are counted
   * in the same read as the version: another import may create the
   * schema between two reads, and its tables then come with a version. */
  if (version == 0)
    {
      gint64 tables = read_pragma (store, "SELECT count(*) FROM sqlite_schema"
                                          " WHERE (SELECT user_version FROM pragma_user_version) = 0",
                                   error);

      if (tables < 0)
        return NULL;
      if (tables > 0)
        {
          g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_NOT_A_DATABASE,
                       _("“%s” is not a BounceView database (it is an SQLite database of another program). It was left as it is; choose another file."),
                       path);
          return NULL;
        }

      /* A new database: its page size can still be chosen. SQLite
       * ignores this when another process wrote the first page since. */
      if (!read_only &&
          !exec (store, "PRAGMA page_size = " G_STRINGIFY (NEW_PAGE_SIZE), error))
        return NULL;
    }

  /* Other code in this process can still drop this connection's POSIX
   * locks: GTK's file chooser opens and closes the files of a folder it
   * shows, to tell their types. Then the connection of another process
   * that closes last finds no other connection to the database and
   * deletes its -wal and -shm files. This connection would keep reading
   * the deleted ones: it would miss every later commit and then report
   * the database as damaged. A persistent WAL keeps both files, so all
   * connections go on sharing them. With a size limit, the connection
   * that closes last empties the -wal file instead of leaving a copy of
   * the pages it wrote there. NOTE: other programs, such as the sqlite3
   * shell, still delete both files when they close last, and a window
   * whose locks are gone then misses later imports until it is opened
   * again. This comes after the check above, so that a refused database
   * of another program keeps no -wal and -shm files of ours. */
  {
    int persist = 1;

    sqlite3_file_control (store->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    if (!exec (store, "PRAGMA journal_size_limit = " G_STRINGIFY (WAL_SIZE_LIMIT), error))
      return NULL;
  }

  if (version > BV_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_NEWER_SCHEMA,
                   _("The database “%s” was written by a newer BounceView (schema %d; this one reads up to %d). It was left as it is; update BounceView or choose another database."),
                   path, version, BV_STORE_SCHEMA_VERSION);
      return NULL;
    }
  store->schema_version = version;

  if (read_only && (flags & BV_STORE_OPEN_MAPPED) != 0)
    {
      gint64 page_size = read_pragma (store, "PRAGMA page_size", error);

      if (page_size < 0)
        return NULL;
      if (page_size >= NEW_PAGE_SIZE &&
          !exec (store, "PRAGMA mmap_size = " G_STRINGIFY (MAPPED_SIZE), error))
        return NULL;
    }

  if (read_only)
    {
      /* An empty file, or one that a first import is still creating. */
      if (version == 0)
        {
          g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_READ_ONLY,
                       _("The database “%s” holds no events yet. Import into it first."), path);
          return NULL;
        }
      if (version < READABLE_SCHEMA_VERSION)
        {
          g_set_error (error, BV_STORE_ERROR, BV_STORE_ERROR_READ_ONLY,
                       _("The database “%s” has an older schema (%d) and cannot be updated while it is opened read-only."),
                       path, version);
          return NULL;
        }
      if (!read_exact_digests (store, error))
        return NULL;
      return g_steal_pointer (&store);
    }

  /* WAL lets the window read while an import writes. A writer gets a
   * page cache of up to 64 MiB instead of SQLite's default of about
   * 2 MB, because each new event goes into nine indexes, four of them at
   * random places. With the default cache, an import of 100,000
   * synthetic reports read index pages back with pread() about 1.9
   * million times and took 32 s instead of 24 s (bench-scale.sh, 2
   * processors). SQLite allocates the cache as pages are used, so a
   * small database uses little of it. */
  if (!set_wal_mode (store, error) ||
      !exec (store, "PRAGMA synchronous = NORMAL", error) ||
      !exec (store, "PRAGMA cache_size = -65536", error) ||
      !exec (store, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (version < BV_STORE_SCHEMA_VERSION && !migrate (store, error))
    return NULL;

  if (!read_exact_digests (store, error) || !prepare_writer (store, error))
    return NULL;

  return g_steal_pointer (&store);
}

void
bv_store_close (BvStore *store)
{
  if (store == NULL)
    return;

  sqlite3_finalize (store->insert_message);
  sqlite3_finalize (store->insert_event);
  sqlite3_finalize (store->find_digest);
  sqlite3_finalize (store->find_any_digest);
  sqlite3_finalize (store->replace_failed);
  if (store->db != NULL)
    sqlite3_close (store->db);
  g_free (store->path);
  g_free (store);
}

/**
 * bv_store_set_split_min_events:
 * @store: a store
 * @min_events: a count of events, or %G_MAXINT64 to never split
 *
 * Sets the event count from which bv_store_foreach_event() reads a
 * recipient search sorted by date on two connections at once,
 * one for each half of the events. Tests set it low to check that both
 * ways list the same events in the same order.
 */
void
bv_store_set_split_min_events (BvStore *store,
                               gint64   min_events)
{
  store->split_min_events = min_events;
}

const char *
bv_store_get_path (BvStore *store)
{
  return store->path;
}

int
bv_store_get_schema_version (BvStore *store)
{
  return store->schema_version;
}

/**
 * bv_store_begin:
 * @store: a store opened for writing
 * @error: return location for an error
 *
 * Starts a write transaction, taking the write lock at once so that two
 * importers queue up instead of failing with "database is locked".
 *
 * Returns: %TRUE on success
 */
gboolean
bv_store_begin (BvStore  *store,
                GError  **error)
{
  return exec (store, "BEGIN IMMEDIATE", error);
}

static gboolean step_done (BvStore       *store,
                           sqlite3_stmt  *stmt,
                           const char    *what,
                           GError       **error);

/* How many events a transaction stores before they go into the trigram
 * index. */
#define INDEX_STEP 2000

/* Adds the events stored since store->unindexed_event to the trigram
 * index of recipients. The write lock keeps other writers out, so
 * those are the events with that id or a larger one. */
static gboolean
index_new_recipients (BvStore  *store,
                      GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean done;

  if (store->unindexed_event == 0)
    return TRUE;

  if (!prepare (store,
                "INSERT INTO events_recipient_trigrams (rowid, recipient)"
                " SELECT id, recipient FROM events WHERE id >= ?",
                &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, store->unindexed_event);
  done = step_done (store, stmt, "index recipients", error);
  sqlite3_finalize (stmt);

  if (done)
    store->unindexed_event = 0;
  return done;
}

gboolean
bv_store_commit (BvStore  *store,
                 GError  **error)
{
  if (index_new_recipients (store, error) && exec (store, "COMMIT", error))
    return TRUE;

  bv_store_rollback (store);
  return FALSE;
}

void
bv_store_rollback (BvStore *store)
{
  store->unindexed_event = 0;
  if (!sqlite3_get_autocommit (store->db))
    sqlite3_exec (store->db, "ROLLBACK", NULL, NULL, NULL);
}

/**
 * bv_store_has_digest:
 * @store: a store
 * @digest: the digest of a message
 * @error: return location for an error
 *
 * A message that failed to decode counts as new: each import decodes it
 * again, so that its error shows in every import's failures and a
 * BounceView that decodes it stores its events (see
 * bv_store_add_message()). So does a message that an older decoder
 * (below %BV_DECODER_VERSION) took for no bounce.
 *
 * Returns: %TRUE when the message was imported before and need not be
 *   decoded again
 */
gboolean
bv_store_has_digest (BvStore         *store,
                     const BvDigest  *digest,
                     GError         **error)
{
  return bv_store_find_digest (store, digest, NULL, NULL, NULL, error);
}

/**
 * bv_store_has_row_of_digest:
 * @store: a store
 * @digest: the digest of a message
 *
 * Tells whether a message with @digest is stored, whatever its result:
 * also one that failed to decode, or that an older decoder took for no
 * bounce, which bv_store_has_digest() counts as new.
 *
 * Returns: %TRUE when @store has a row of @digest
 */
gboolean
bv_store_has_row_of_digest (BvStore         *store,
                            const BvDigest  *digest)
{
  gboolean found;

  /* Prepared once: an import into an old database asks for each new
   * message. */
  if (store->find_any_digest == NULL &&
      !prepare (store, "SELECT 1 FROM messages WHERE digest = ?", &store->find_any_digest, NULL))
    return FALSE;
  sqlite3_bind_blob (store->find_any_digest, 1, digest->bytes, BV_DIGEST_SIZE, SQLITE_STATIC);
  found = sqlite3_step (store->find_any_digest) == SQLITE_ROW;
  sqlite3_reset (store->find_any_digest);
  sqlite3_clear_bindings (store->find_any_digest);
  return found;
}

/**
 * bv_store_find_digest:
 * @store: a store
 * @digest: the digest of a message
 * @source: (out) (optional) (transfer full): the file the stored message
 *   came from
 * @source_index: (out) (optional): its 1-based position in an mbox, else 0
 * @source_offset: (out) (optional): its byte offset in an mbox
 * @error: return location for an error
 *
 * Looks up a message as bv_store_has_digest() does, and returns where
 * the stored message was read from.
 *
 * Returns: %TRUE when the message was imported before and need not be
 *   decoded again
 */
gboolean
bv_store_find_digest (BvStore         *store,
                      const BvDigest  *digest,
                      char           **source,
                      guint64         *source_index,
                      guint64         *source_offset,
                      GError         **error)
{
  /* A read-only connection may find schema 7, without the decoder column:
   * then only a failed message is decoded again. */
  const char *sql = store->schema_version >= 8
                    ? "SELECT source, source_index, source_offset FROM messages WHERE digest = ?1"
                      " AND (result = 'events' OR (result = 'not_bounce' AND decoder >= ?2))"
                    : "SELECT source, source_index, source_offset FROM messages WHERE digest = ?1"
                      " AND result <> 'failed'";
  int rc;

  if (store->find_digest == NULL && !prepare (store, sql, &store->find_digest, error))
    return FALSE;

  sqlite3_bind_blob (store->find_digest, 1, digest->bytes, BV_DIGEST_SIZE, SQLITE_STATIC);
  if (store->schema_version >= 8)
    sqlite3_bind_int (store->find_digest, 2, BV_DECODER_VERSION);
  rc = sqlite3_step (store->find_digest);
  if (rc == SQLITE_ROW && source != NULL)
    *source = g_strdup ((const char *) sqlite3_column_text (store->find_digest, 0));
  if (rc == SQLITE_ROW && source_index != NULL)
    *source_index = sqlite3_column_int64 (store->find_digest, 1);
  if (rc == SQLITE_ROW && source_offset != NULL)
    *source_offset = sqlite3_column_int64 (store->find_digest, 2);
  sqlite3_reset (store->find_digest);
  sqlite3_clear_bindings (store->find_digest);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    set_sqlite_error (error, store, rc, "digest lookup");
  return FALSE;
}

/**
 * bv_store_move_message:
 * @store: a store inside a transaction
 * @digest: the digest of a stored message
 * @source: the file the message is in now
 * @source_index: its position in an mbox, else 0
 * @source_offset: the offset of its "From " line in an mbox, else 0
 * @error: return location for an error
 *
 * Records the new place of a message whose file was renamed or moved,
 * as a mail client moves a read message from new/ to cur/, so that
 * Show Source and Open find it again.
 *
 * Returns: %TRUE on success
 */
gboolean
bv_store_move_message (BvStore         *store,
                       const BvDigest  *digest,
                       const char      *source,
                       guint64          source_index,
                       guint64          source_offset,
                       GError         **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean done;

  g_return_val_if_fail (!store->read_only, FALSE);

  if (!prepare (store,
                "UPDATE messages SET source = ?2, source_index = ?3, source_offset = ?4"
                " WHERE digest = ?1",
                &stmt, error))
    return FALSE;
  sqlite3_bind_blob (stmt, 1, digest->bytes, BV_DIGEST_SIZE, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, source, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, source_index);
  sqlite3_bind_int64 (stmt, 4, source_offset);
  done = step_done (store, stmt, "move message", error);
  sqlite3_finalize (stmt);
  return done;
}

static void
bind_text (sqlite3_stmt *stmt,
           int           index,
           const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_date (sqlite3_stmt *stmt,
           int           index,
           gint64        date)
{
  if (date != 0)
    sqlite3_bind_int64 (stmt, index, date);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
step_done (BvStore       *store,
           sqlite3_stmt  *stmt,
           const char    *what,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_DONE)
    return TRUE;

  set_sqlite_error (error, store, rc, what);
  return FALSE;
}

static gboolean
insert_event (BvStore               *store,
              gint64                 message,
              const BvMessageRecord *record,
              const BvEvent         *event,
              GError               **error)
{
  sqlite3_stmt *stmt = store->insert_event;
  g_autofree char *domain = bv_event_recipient_domain (event);
  gint64 date = bv_event_get_date (event, record->date, record->received_date);
  int i = 1;

  sqlite3_bind_int64 (stmt, i++, message);
  sqlite3_bind_int (stmt, i++, event->rcpt_index);
  bind_text (stmt, i++, bv_event_type_to_string (event->type));
  bind_text (stmt, i++, event->recipient);
  bind_text (stmt, i++, domain);
  bind_text (stmt, i++, event->original_recipient);
  bind_text (stmt, i++, event->action);
  bind_text (stmt, i++, event->status);
  if (event->reply_code != 0)
    sqlite3_bind_int (stmt, i++, event->reply_code);
  else
    sqlite3_bind_null (stmt, i++);
  bind_text (stmt, i++, event->diagnostic);
  bind_text (stmt, i++, event->diagnostic_type);
  bind_text (stmt, i++, event->smtp_command);
  bind_text (stmt, i++, event->remote_mta);
  bind_text (stmt, i++, event->reporting_mta);
  bind_date (stmt, i++, event->arrival_date);
  bind_date (stmt, i++, event->last_attempt_date);
  bind_date (stmt, i++, event->will_retry_until);
  sqlite3_bind_int64 (stmt, i++, date);
  bind_text (stmt, i++, event->reason);
  sqlite3_bind_int (stmt, i++, event->hard_bounce ? 1 : 0);
  bind_text (stmt, i++, event->evidence);
  sqlite3_bind_int (stmt, i++, event->codes_disagree ? 1 : 0);
  bind_text (stmt, i++, event->feedback_type);
  bind_text (stmt, i++, event->original_message_id);
  bind_text (stmt, i++, event->original_subject);
  bind_text (stmt, i++, event->original_from);
  bind_text (stmt, i++, event->original_to);
  bind_date (stmt, i++, event->original_date);
  bind_text (stmt, i++, event->source_ip);
  bind_text (stmt, i++, event->reported_domain);

  return step_done (store, stmt, "insert event", error);
}

/* Binds the 14 columns of a message, in the order of the insert. */
static void
bind_message (sqlite3_stmt          *stmt,
              const BvMessageRecord *record)
{
  int i = 1;

  sqlite3_bind_blob (stmt, i++, record->digest.bytes, BV_DIGEST_SIZE, SQLITE_STATIC);
  bind_text (stmt, i++, record->source);
  sqlite3_bind_int64 (stmt, i++, record->source_index);
  sqlite3_bind_int64 (stmt, i++, record->source_offset);
  bind_text (stmt, i++, record->notmuch_id);
  bind_text (stmt, i++, record->result);
  bind_text (stmt, i++, record->error);
  bind_text (stmt, i++, record->format);
  bind_text (stmt, i++, record->message_id);
  bind_text (stmt, i++, record->subject);
  bind_text (stmt, i++, record->sender);
  sqlite3_bind_int64 (stmt, i++, record->date);
  sqlite3_bind_int64 (stmt, i++, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_int (stmt, i++, BV_DECODER_VERSION);
}

/**
 * bv_store_add_message:
 * @store: a store inside a transaction
 * @record: the message
 * @events: (element-type BvEvent) (nullable): its events
 * @result: (out): whether the message was new
 * @error: return location for an error
 *
 * Stores a message and its events, unless a message with the same
 * digest is stored already. A stored message that failed to decode, or
 * that an older decoder took for no bounce, is replaced instead by the
 * new result of the same message: its error again, or the events that
 * a newer decoder finds.
 *
 * Returns: %TRUE on success, duplicates included
 */
gboolean
bv_store_add_message (BvStore                *store,
                      const BvMessageRecord  *record,
                      GPtrArray              *events,
                      BvStoreAddResult       *result,
                      GError                **error)
{
  gint64 message;
  gint64 last_event = 0;

  g_return_val_if_fail (!store->read_only, FALSE);

  bind_message (store->insert_message, record);
  if (!step_done (store, store->insert_message, "insert message", error))
    return FALSE;

  if (sqlite3_changes (store->db) == 1)
    {
      message = sqlite3_last_insert_rowid (store->db);
    }
  else
    {
      int rc;

      /* Only the same message, whatever its line ends, has the same
       * digest, and a failed one or one that was no bounce has no events
       * to replace. */
      if (store->replace_failed == NULL &&
          !prepare (store,
                    "UPDATE messages SET source = ?2, source_index = ?3, source_offset = ?4,"
                    " notmuch_id = ?5, result = ?6, error = ?7, format = ?8, message_id = ?9,"
                    " subject = ?10, sender = ?11, date = ?12, imported_at = ?13, decoder = ?14"
                    " WHERE digest = ?1 AND (result = 'failed' OR"
                    " (result = 'not_bounce' AND decoder < ?14)) RETURNING id",
                    &store->replace_failed, error))
        return FALSE;

      bind_message (store->replace_failed, record);
      rc = sqlite3_step (store->replace_failed);
      message = rc == SQLITE_ROW ? sqlite3_column_int64 (store->replace_failed, 0) : 0;
      while (rc == SQLITE_ROW)
        rc = sqlite3_step (store->replace_failed);
      sqlite3_reset (store->replace_failed);
      sqlite3_clear_bindings (store->replace_failed);
      if (rc != SQLITE_DONE)
        {
          set_sqlite_error (error, store, rc, "replace message");
          return FALSE;
        }
      if (message == 0)
        {
          *result = BV_STORE_DUPLICATE;
          return TRUE;
        }
    }

  *result = BV_STORE_ADDED;

  for (guint j = 0; events != NULL && j < events->len; j++)
    {
      if (!insert_event (store, message, record, g_ptr_array_index (events, j), error))
        return FALSE;
      last_event = sqlite3_last_insert_rowid (store->db);
      if (store->unindexed_event == 0)
        store->unindexed_event = last_event;
    }

  /* Outside a transaction, each statement committed on its own. Inside
   * one, the index takes the new events in steps, while the import still
   * decodes, instead of all at once in the commit after the last message,
   * when nothing else runs. */
  if (sqlite3_get_autocommit (store->db) ||
      (store->unindexed_event != 0 &&
       last_event - store->unindexed_event >= INDEX_STEP))
    return index_new_recipients (store, error);
  return TRUE;
}

/* Query building. Every value is bound; only names from fixed tables
 * here enter the SQL text. */

/* The event types that show an address accepted mail. A hard bounce
 * before one of them no longer counts, in the Hard Bounces filter and in
 * bv_store_find_later_mail(). */
#define TOOK_MAIL_TYPES "('delivery', 'auto_reply', 'complaint')"

static const char * const sort_columns[] = {
  [BV_SORT_DATE] = "e.date",
  [BV_SORT_RECIPIENT] = "e.recipient COLLATE NOCASE",
  [BV_SORT_TYPE] = "e.type",
  [BV_SORT_STATUS] = "e.status COLLATE bv_natural",
  [BV_SORT_REPLY_CODE] = "e.reply_code",
  [BV_SORT_REASON] = "e.reason",
  [BV_SORT_REMOTE_MTA] = "e.remote_mta COLLATE bv_natural",
  [BV_SORT_DIAGNOSTIC] = "e.diagnostic",
  [BV_SORT_ID] = "e.id",
};

/* The sort columns that an event may leave empty, and the test for an
 * empty value: NULL, or 0 for an event without a date. Empty values come
 * last in both directions, after the events that have one, as a list of
 * events is read from the top. SQLite puts them first in ascending
 * order. */
static const char * const empty_tests[] = {
  [BV_SORT_DATE] = "e.date = 0",
  [BV_SORT_RECIPIENT] = "e.recipient IS NULL",
  [BV_SORT_STATUS] = "e.status IS NULL",
  [BV_SORT_REPLY_CODE] = "e.reply_code IS NULL",
  [BV_SORT_REMOTE_MTA] = "e.remote_mta IS NULL",
  [BV_SORT_DIAGNOSTIC] = "e.diagnostic IS NULL",
  [BV_SORT_ID] = NULL,
};

/* Returns the test for an empty value of @query's sort column when its
 * empty values would come first, in ascending order, or NULL. */
static const char *
leading_empty_test (const BvQuery *query)
{
  BvSortColumn sort = query != NULL ? query->sort : BV_SORT_DATE;

  if (sort > BV_SORT_ID || (query != NULL && query->descending))
    return NULL;
  return empty_tests[sort];
}

typedef struct
{
  GString *where;
  GPtrArray *texts;             /* (element-type utf8) values to bind, in order */
  GArray *kinds;                /* (element-type char) 't' text, 'i' integer */
  GArray *numbers;              /* (element-type gint64) */
  /* When last_id is above 0: only events with ids in (after_id, last_id]. */
  gint64 after_id;
  gint64 last_id;
} Conditions;

static void
conditions_init (Conditions *conditions)
{
  conditions->where = g_string_new (NULL);
  conditions->texts = g_ptr_array_new_with_free_func (g_free);
  conditions->kinds = g_array_new (FALSE, FALSE, sizeof (char));
  conditions->numbers = g_array_new (FALSE, FALSE, sizeof (gint64));
  conditions->after_id = 0;
  conditions->last_id = 0;
}

static void
conditions_clear (Conditions *conditions)
{
  g_string_free (conditions->where, TRUE);
  g_ptr_array_unref (conditions->texts);
  g_array_unref (conditions->kinds);
  g_array_unref (conditions->numbers);
}

static void
add_condition (Conditions *conditions,
               const char *sql)
{
  g_string_append (conditions->where, conditions->where->len == 0 ? " WHERE " : " AND ");
  g_string_append (conditions->where, sql);
}

static void
add_text (Conditions *conditions,
          char       *value)
{
  char kind = 't';

  g_ptr_array_add (conditions->texts, value);
  g_array_append_val (conditions->kinds, kind);
}

static void
add_number (Conditions *conditions,
            gint64      value)
{
  char kind = 'i';

  g_array_append_val (conditions->numbers, value);
  g_array_append_val (conditions->kinds, kind);
}

/* Escapes LIKE's wildcards so that a search for "a_b" finds "a_b" only. */
static char *
like_pattern (const char *text,
              gboolean    prefix_only)
{
  GString *out = g_string_new (prefix_only ? "" : "%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '%');
  return g_string_free (out, FALSE);
}

/* Appends to @match a quoted trigram of @text, which starts at @start. */
static void
append_trigram (GString    *match,
                const char *start)
{
  const char *end = g_utf8_offset_to_pointer (start, 3);

  if (match->len > 0)
    g_string_append (match, " AND ");
  g_string_append_c (match, '"');
  for (const char *p = start; p < end; p++)
    {
      /* FTS5 strings double their quotes. */
      if (*p == '"')
        g_string_append_c (match, '"');
      g_string_append_c (match, *p);
    }
  g_string_append_c (match, '"');
}

/* Returns an FTS5 query for the trigram index that every recipient
 * containing @text matches, or NULL when no part of @text between LIKE
 * wildcards and backslashes is three characters long, because the index
 * cannot look up shorter text. The query is a conjunction of trigrams
 * that cover each such part, so it can also match a recipient in which
 * they are not adjacent; the caller still applies the exact LIKE.
 * A MATCH of single trigrams needs no positions in the index, and unlike
 * a LIKE on the FTS5 table it does not read each candidate's text. */
static char *
trigram_match_query (const char *text)
{
  g_autoptr(GString) match = g_string_new (NULL);
  const char *run = text;

  for (const char *p = text;; p++)
    {
      if (*p == '\0' || *p == '%' || *p == '_' || *p == '\\')
        {
          glong length = g_utf8_strlen (run, p - run);

          /* Trigrams at 0, 3, 6, ... and the last one cover the part. */
          for (glong i = 0; length >= 3 && i < length; i += 3)
            append_trigram (match, g_utf8_offset_to_pointer (run, MIN (i, length - 3)));
          if (*p == '\0')
            break;
          run = p + 1;
        }
    }

  if (match->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&match), FALSE);
}

static void
build_conditions (const BvQuery *query,
                  Conditions    *conditions,
                  gboolean       with_type)
{
  if (query == NULL)
    return;

  if (query->recipient != NULL && *query->recipient != '\0')
    {
      g_autofree char *recipient = bv_recipient_search_text (query->recipient);
      char *match = trigram_match_query (recipient);
      gboolean ascii = bv_utf8_is_ascii (recipient);

      /* The trigram index, which ignores case as LIKE does for ASCII,
       * narrows the events down to candidates, and the LIKE after it
       * keeps the exact meaning of the text. A text with no part of
       * three characters is tested on every recipient in the
       * events_recipient index, which is far smaller than the table:
       * on 1.5 million events, listing the matches of "ya" took 0.6 s
       * that way and 3.5 s when SQLite walked the date index instead.
       * LIKE ignores the case of ASCII letters only, so a text with
       * other letters ("ÄRGER") is compared folded. The trigram index
       * folds the case of letters outside ASCII too. */
      gboolean in_range = conditions->last_id > 0;

      /* An id range goes inside the subquery, so that the trigram index
       * or the scan of recipients leaves out the other ids at once. */
      if (match != NULL)
        {
          add_condition (conditions,
                         in_range ? "e.id IN (SELECT rowid FROM events_recipient_trigrams"
                                    " WHERE events_recipient_trigrams MATCH ?"
                                    " AND rowid > ? AND rowid <= ?)"
                                  : "e.id IN (SELECT rowid FROM events_recipient_trigrams"
                                    " WHERE events_recipient_trigrams MATCH ?)");
          add_text (conditions, match);
          if (in_range)
            {
              add_number (conditions, conditions->after_id);
              add_number (conditions, conditions->last_id);
            }
          add_condition (conditions, ascii ? "e.recipient LIKE ? ESCAPE '\\'"
                                           : "bv_contains_folded (e.recipient, ?)");
          add_text (conditions, ascii ? like_pattern (recipient, FALSE) : g_utf8_casefold (recipient, -1));
        }
      else
        {
          add_condition (conditions,
                         ascii ? (in_range ? "e.id IN (SELECT id FROM events WHERE recipient LIKE ? ESCAPE '\\'"
                                             " AND id > ? AND id <= ?)"
                                           : "e.id IN (SELECT id FROM events WHERE recipient LIKE ? ESCAPE '\\')")
                               : (in_range ? "e.id IN (SELECT id FROM events"
                                             " WHERE bv_contains_folded (recipient, ?) AND id > ? AND id <= ?)"
                                           : "e.id IN (SELECT id FROM events"
                                             " WHERE bv_contains_folded (recipient, ?))"));
          add_text (conditions, ascii ? like_pattern (recipient, FALSE) : g_utf8_casefold (recipient, -1));
          if (in_range)
            {
              add_number (conditions, conditions->after_id);
              add_number (conditions, conditions->last_id);
            }
        }
    }
  if (with_type && query->type != BV_EVENT_UNKNOWN)
    {
      add_condition (conditions, "e.type = ?");
      add_text (conditions, g_strdup (bv_event_type_to_string (query->type)));
    }
  if (query->status != NULL && *query->status != '\0')
    {
      g_autofree char *with_dot = g_strconcat (query->status, ".", NULL);

      /* A prefix of whole parts: "5.1" matches 5.1.1 and 5.1.10, not 5.10.1.
       * A class alone ("5") also matches events without a status code
       * whose reply code has that class ("554: delivery error"). */
      if (query->status[0] >= '2' && query->status[0] <= '5' && query->status[1] == '\0')
        {
          add_condition (conditions, "(e.status LIKE ? ESCAPE '\\'"
                                     " OR (e.status IS NULL AND e.reply_code / 100 = ?))");
          add_text (conditions, like_pattern (with_dot, TRUE));
          add_number (conditions, query->status[0] - '0');
        }
      else
        {
          add_condition (conditions, "(e.status = ? OR e.status LIKE ? ESCAPE '\\')");
          add_text (conditions, g_strdup (query->status));
          add_text (conditions, like_pattern (with_dot, TRUE));
        }
    }
  if (query->reply_code != 0)
    {
      add_condition (conditions, "e.reply_code = ?");
      add_number (conditions, query->reply_code);
    }
  if (query->reason != NULL && *query->reason != '\0')
    {
      add_condition (conditions, "e.reason = ?");
      add_text (conditions, g_strdup (query->reason));
    }
  if (query->remote_mta != NULL && *query->remote_mta != '\0')
    {
      add_condition (conditions,
                     "(e.remote_mta LIKE ? ESCAPE '\\' OR e.recipient_domain LIKE ? ESCAPE '\\')");
      add_text (conditions, like_pattern (query->remote_mta, FALSE));
      add_text (conditions, like_pattern (query->remote_mta, FALSE));
    }
  if (query->since != 0)
    {
      add_condition (conditions, "e.date >= ?");
      add_number (conditions, query->since);
    }
  if (query->until != 0)
    {
      /* An event without a date (0) is not before any date. */
      add_condition (conditions, "e.date > 0 AND e.date < ?");
      add_number (conditions, query->until);
    }
  /* An address that took mail after its hard bounce, as a delivery
   * notice, an automatic reply or a complaint shows, works again: it is
   * no address to remove. The last such date of each address is worked
   * out once, from the type index, and SQLite looks it up through an
   * index of its own. A subquery for each bounce would read every event
   * of the address: 84 s instead of 1 s on a million events of 5,000
   * addresses. A bounce without a date stays. */
  if (query->hard_only)
    add_condition (conditions,
                   "e.hard_bounce = 1 AND NOT (e.date > 0 AND EXISTS (SELECT 1 FROM"
                   " (SELECT recipient AS address, max(date) AS last FROM events"
                   "  WHERE type IN " TOOK_MAIL_TYPES
                   "  GROUP BY recipient COLLATE NOCASE) AS took_mail"
                   " WHERE took_mail.address = e.recipient COLLATE NOCASE"
                   " AND took_mail.last > e.date))");
}

/* Binds the values of @conditions to @stmt. SQLite copies the texts, so
 * @conditions may be cleared before the statement runs. */
static void
bind_conditions (sqlite3_stmt *stmt,
                 Conditions   *conditions)
{
  guint text = 0, number = 0;

  for (guint i = 0; i < conditions->kinds->len; i++)
    {
      if (g_array_index (conditions->kinds, char, i) == 't')
        sqlite3_bind_text (stmt, i + 1, g_ptr_array_index (conditions->texts, text++), -1,
                           SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, i + 1, g_array_index (conditions->numbers, gint64, number++));
    }
}

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;

  return g_utf8_collate (bv_classify_reason_label (x), bv_classify_reason_label (y));
}

/* The reason names in the order of their translated labels, worked out
 * once; @n_reasons is set to their count. */
static const char * const *
reasons_by_label (guint *n_reasons)
{
  static gsize sorted;
  static guint n;

  if (g_once_init_enter (&sorted))
    {
      const char * const *reasons = bv_classify_reasons (&n);
      const char **copy = g_memdup2 (reasons, n * sizeof *reasons);

      qsort (copy, n, sizeof *copy, compare_labels);
      g_once_init_leave (&sorted, (gsize) copy);
    }
  *n_reasons = n;
  return (const char * const *) sorted;
}

/* A sort key that puts the reasons in the order of their translated
 * labels: "CASE e.reason WHEN 'blocked' THEN 0 ... ELSE n END". Reasons
 * that this version does not know come last. No index serves it: on a
 * million events SQLite sorts by it in about 0.4 s, against 0.15 s by
 * the names through their index (sqlite3 shell). */
static const char *
reason_label_key (void)
{
  static gsize key;

  if (g_once_init_enter (&key))
    {
      guint n;
      const char * const *sorted = reasons_by_label (&n);
      GString *sql = g_string_new ("CASE e.reason");

      for (guint i = 0; i < n; i++)
        {
          char *when = sqlite3_mprintf (" WHEN %Q THEN %u", sorted[i], i);

          g_string_append (sql, when);
          sqlite3_free (when);
        }
      g_string_append_printf (sql, " ELSE %u END", n);
      g_once_init_leave (&key, (gsize) g_string_free (sql, FALSE));
    }
  return (const char *) key;
}

/* The place of each reason in the order of the labels, as in
 * reason_label_key(): a table from the name to the place plus one. */
static GHashTable *
reason_label_ranks (void)
{
  static gsize ranks;

  if (g_once_init_enter (&ranks))
    {
      guint n;
      const char * const *sorted = reasons_by_label (&n);
      GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < n; i++)
        g_hash_table_insert (table, (gpointer) sorted[i], GUINT_TO_POINTER (i + 1));
      g_once_init_leave (&ranks, (gsize) table);
    }
  return (GHashTable *) ranks;
}

/* A run of rows with one value of the sorted column, in the ids that
 * bv_store_query_ids() read in the order of the column's index. */
typedef struct
{
  guint start;                  /* the group's first row in the ids */
  guint end;
  guint rank;                   /* by reason: the place of its label; unknown reasons last */
  char *value;                  /* the column's value, or NULL */
} SortGroup;

static void
sort_group_clear (gpointer data)
{
  g_free (((SortGroup *) data)->value);
}

typedef struct
{
  gboolean descending;
  gboolean natural;
} GroupOrder;

static int
compare_groups (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const SortGroup *x = a, *y = b;
  const GroupOrder *group_order = user_data;
  int order;

  /* Events without a value come last, in both directions. */
  if (x->value == NULL || y->value == NULL)
    return (x->value == NULL) - (y->value == NULL);
  if (group_order->natural)
    {
      order = compare_natural (x->value, strlen (x->value), y->value, strlen (y->value));
    }
  else
    {
      order = x->rank < y->rank ? -1 : x->rank > y->rank;
    }
  return group_order->descending ? -order : order;
}

/* Puts the groups of @ids, which come in the order of the column's
 * index, in the order of the reasons' labels or, with @natural, of the
 * numbers in their values instead, keeping the order inside each group.
 * Reasons of equal rank, the unknown ones, keep their order. */
static GArray *
order_groups (GArray   *ids,
              GArray   *groups,
              gboolean  descending,
              gboolean  natural)
{
  GArray *ordered = g_array_sized_new (FALSE, FALSE, sizeof (gint64), ids->len);
  GroupOrder group_order = { descending, natural };

  /* A stable sort: reasons of one rank stay in the order of the query. */
  g_array_sort_with_data (groups, compare_groups, &group_order);
  for (guint i = 0; i < groups->len; i++)
    {
      const SortGroup *group = &g_array_index (groups, SortGroup, i);

      g_array_append_vals (ordered, &g_array_index (ids, gint64, group->start),
                           group->end - group->start);
    }
  g_array_unref (ids);
  return ordered;
}

/* With @index_order, reasons, status codes and remote MTAs sort by their
 * bytes, in the order of their index, for order_groups() to put right. */
static char *
order_clause (const BvQuery *query,
              gboolean       index_order)
{
  BvSortColumn sort = query != NULL ? query->sort : BV_SORT_DATE;
  const char *direction = query != NULL && query->descending ? "DESC" : "ASC";

  if (sort > BV_SORT_ID)
    sort = BV_SORT_DATE;

  /* Rows with the same value come last imported first, whichever way the
   * column sorts: the newest bounces of a reason or a recipient first.
   * SQLite then sorts each run of one value of the column's index by id.
   * On a million events the slowest, Diagnostic, took 0.37 s instead of
   * 0.13 s in the sqlite3 shell. */
  if (sort == BV_SORT_ID)
    return g_strdup_printf (" ORDER BY e.id %s", direction);
  if (sort == BV_SORT_STATUS && index_order)
    return g_strdup_printf (" ORDER BY e.status %s, e.id DESC", direction);
  if (sort == BV_SORT_REMOTE_MTA && index_order)
    return g_strdup_printf (" ORDER BY e.remote_mta %s, e.id DESC", direction);
  if (sort == BV_SORT_REASON && query->reason_by_label && !index_order)
    return g_strdup_printf (" ORDER BY %s %s, e.reason %s, e.id DESC", reason_label_key (),
                            direction, direction);
  return g_strdup_printf (" ORDER BY %s %s, e.id DESC", sort_columns[sort], direction);
}

/* Moves the first @n_empty ids, the events without a value, after the
 * others. */
static void
move_empty_last (GArray *ids,
                 guint   n_empty)
{
  g_autofree gint64 *empty = NULL;

  if (n_empty == 0 || n_empty == ids->len)
    return;
  empty = g_memdup2 (ids->data, n_empty * sizeof (gint64));
  memmove (ids->data, &g_array_index (ids, gint64, n_empty),
           (ids->len - n_empty) * sizeof (gint64));
  memcpy (&g_array_index (ids, gint64, ids->len - n_empty), empty, n_empty * sizeof (gint64));
}

static int
progress_handler (void *user_data)
{
  GCancellable *cancellable = user_data;

  return g_cancellable_is_cancelled (cancellable) ? 1 : 0;
}

/**
 * bv_store_query_ids:
 * @store: a store
 * @query: (nullable): filters and order
 * @cancellable: (nullable): cancels a long query
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type gint64): the ids of the matching
 *   events, in the query's order
 */
GArray *
bv_store_query_ids (BvStore        *store,
                    const BvQuery  *query,
                    GCancellable   *cancellable,
                    GError        **error)
{
  gboolean by_label = query != NULL && query->sort == BV_SORT_REASON && query->reason_by_label;
  gboolean natural = query != NULL &&
                     (query->sort == BV_SORT_STATUS || query->sort == BV_SORT_REMOTE_MTA);
  gboolean grouped = by_label || natural;
  const char *leading_empty = grouped ? NULL : leading_empty_test (query);
  g_autofree char *empty_column = NULL;
  const char *column = "";
  guint n_empty = 0;
  Conditions conditions;
  g_autofree char *order = NULL;
  g_autofree char *sql = NULL;
  g_autoptr(GArray) groups = NULL;
  GHashTable *ranks = NULL;
  sqlite3_stmt *stmt = NULL;
  GArray *ids;
  int rc;

  /* By label, the rows are read in the order of the names, which the
   * reason index gives, and their groups are put in the order of the
   * labels here. On a million events the window's sort took 0.58 s with
   * the CASE of the labels in SQL, and 0.12 to 0.15 s this way
   * (bench-window). Status codes and remote MTAs, whose indexes order
   * them as text (5.7.13 before 5.7.6, 192.0.2.10 before 192.0.2.9),
   * are grouped the same way and put in the order of their numbers. */
  order = order_clause (query, TRUE);
  if (grouped)
    {
      groups = g_array_new (FALSE, FALSE, sizeof (SortGroup));
      g_array_set_clear_func (groups, sort_group_clear);
      if (by_label)
        ranks = reason_label_ranks ();
    }

  conditions_init (&conditions);
  build_conditions (query, &conditions, TRUE);
  /* Only the grouped sorts read the sorted column, which its index holds.
   * An ascending sort of a column with empty values marks the empty
   * rows, which come first in index order, to move them last. */
  if (by_label)
    column = ", e.reason";
  else if (natural)
    column = query->sort == BV_SORT_STATUS ? ", e.status" : ", e.remote_mta";
  else if (leading_empty != NULL)
    column = empty_column = g_strdup_printf (", %s", leading_empty);
  sql = g_strdup_printf ("SELECT e.id%s FROM events e%s%s", column, conditions.where->str, order);

  if (!prepare (store, sql, &stmt, error))
    {
      conditions_clear (&conditions);
      return NULL;
    }
  bind_conditions (stmt, &conditions);

  if (cancellable != NULL)
    sqlite3_progress_handler (store->db, 10000, progress_handler, cancellable);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (grouped)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, 1);
          SortGroup *last = groups->len > 0 ? &g_array_index (groups, SortGroup, groups->len - 1)
                                            : NULL;

          if (last == NULL || g_strcmp0 (value, last->value) != 0)
            {
              guint rank = by_label && value != NULL
                             ? GPOINTER_TO_UINT (g_hash_table_lookup (ranks, value))
                             : 0;
              SortGroup group = { ids->len, ids->len, rank != 0 ? rank : G_MAXUINT,
                                  g_strdup (value) };

              g_array_append_val (groups, group);
              last = &g_array_index (groups, SortGroup, groups->len - 1);
            }
          last->end = ids->len + 1;
        }
      else if (leading_empty != NULL && sqlite3_column_int (stmt, 1) != 0)
        {
          n_empty++;
        }
      g_array_append_val (ids, id);
    }

  if (cancellable != NULL)
    sqlite3_progress_handler (store->db, 0, NULL, NULL);
  sqlite3_finalize (stmt);
  conditions_clear (&conditions);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, store, rc, "query");
      g_array_unref (ids);
      return NULL;
    }
  if (grouped)
    ids = order_groups (ids, groups, query->descending, natural);
  move_empty_last (ids, n_empty);
  return ids;
}

/**
 * bv_store_foreach_recipient:
 * @store: a store
 * @after_id: only events with a larger id; 0 for all
 * @func: called for each event in the order of ids; returns %FALSE to stop
 * @user_data: data for @func
 * @cancellable: (nullable): cancels a long scan
 * @error: return location for an error
 *
 * Reads the id, type and recipient of events, and nothing else, so that
 * a caller can keep its own search index of recipients. Ids only grow:
 * a caller that stored up to id N reads what was added since with
 * @after_id N.
 *
 * Returns: %TRUE on success
 */
gboolean
bv_store_foreach_recipient (BvStore               *store,
                            gint64                 after_id,
                            BvStoreRecipientFunc   func,
                            gpointer               user_data,
                            GCancellable          *cancellable,
                            GError               **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare (store, "SELECT id, type, recipient FROM events WHERE id > ? ORDER BY id",
                &stmt, error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after_id);

  if (cancellable != NULL)
    sqlite3_progress_handler (store->db, 10000, progress_handler, cancellable);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BvEventType type = bv_event_type_from_string ((const char *) sqlite3_column_text (stmt, 1));

      if (!func (sqlite3_column_int64 (stmt, 0), type,
                 (const char *) sqlite3_column_text (stmt, 2), user_data))
        {
          rc = SQLITE_DONE;
          break;
        }
    }

  if (cancellable != NULL)
    sqlite3_progress_handler (store->db, 0, NULL, NULL);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, store, rc, "query");
      return FALSE;
    }
  return TRUE;
}

/**
 * bv_store_count_events:
 * @store: a store
 * @query: (nullable): filters
 * @error: return location for an error
 *
 * Returns: the number of matching events; 0 with @error set on failure
 */
guint64
bv_store_count_events (BvStore        *store,
                       const BvQuery  *query,
                       GError        **error)
{
  Conditions conditions;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  guint64 count = 0;
  int rc;

  conditions_init (&conditions);
  build_conditions (query, &conditions, TRUE);
  sql = g_strdup_printf ("SELECT count(*) FROM events e%s", conditions.where->str);

  if (prepare (store, sql, &stmt, error))
    {
      bind_conditions (stmt, &conditions);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      else
        set_sqlite_error (error, store, rc, "count");
      sqlite3_finalize (stmt);
    }

  conditions_clear (&conditions);
  return count;
}

/**
 * bv_store_count_types:
 * @store: a store
 * @query: (nullable): filters; its type is ignored
 * @counts: (out caller-allocates): the number of matching events of each type
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
bv_store_count_types (BvStore        *store,
                      const BvQuery  *query,
                      guint64         counts[BV_EVENT_N_TYPES],
                      GError        **error)
{
  Conditions conditions;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  memset (counts, 0, sizeof (guint64) * BV_EVENT_N_TYPES);

  conditions_init (&conditions);
  build_conditions (query, &conditions, FALSE);
  sql = g_strdup_printf ("SELECT e.type, count(*) FROM events e%s GROUP BY e.type",
                         conditions.where->str);

  if (!prepare (store, sql, &stmt, error))
    {
      conditions_clear (&conditions);
      return FALSE;
    }
  bind_conditions (stmt, &conditions);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BvEventType type = bv_event_type_from_string ((const char *) sqlite3_column_text (stmt, 0));

      counts[type] += sqlite3_column_int64 (stmt, 1);
    }

  sqlite3_finalize (stmt);
  conditions_clear (&conditions);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, store, rc, "count");
      return FALSE;
    }
  return TRUE;
}

#define EVENT_COLUMNS \
  "e.id, e.rcpt_index, e.type, e.recipient, e.original_recipient, e.action, e.status," \
  " e.reply_code, e.diagnostic, e.diagnostic_type, e.smtp_command, e.remote_mta," \
  " e.reporting_mta, e.arrival_date, e.last_attempt_date, e.will_retry_until, e.date," \
  " e.reason, e.hard_bounce, e.evidence, e.codes_disagree, e.feedback_type," \
  " e.original_message_id, e.original_subject, e.original_from, e.original_to," \
  " e.original_date, m.id, m.source, m.source_index, m.source_offset, m.notmuch_id," \
  " m.subject, m.date"

/* Returns the columns that follow EVENT_COLUMNS. A read-only connection
 * may read a database of schema 9 or older, which it cannot bring up to
 * date, and there complaints have no source IP or reported domain. */
static const char *
event_columns_since_10 (BvStore *store)
{
  return store->schema_version >= 10 ? ", e.source_ip, e.reported_domain" : ", NULL, NULL";
}

static char *
column_borrowed (sqlite3_stmt *stmt,
                 int           column)
{
  return (char *) sqlite3_column_text (stmt, column);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Reads one row into @stored and its event. With @borrow, the strings
 * point into SQLite's row, valid until the next step, and nothing is
 * copied: for callers that only look at the row. */
static void
read_row (sqlite3_stmt  *stmt,
          BvStoredEvent *stored,
          BvEvent       *event,
          gboolean       borrow)
{
  char *(*text) (sqlite3_stmt *, int) = borrow ? column_borrowed : column_text;
  int i = 0;

  stored->id = sqlite3_column_int64 (stmt, i++);
  stored->event = event;
  event->rcpt_index = sqlite3_column_int (stmt, i++);
  event->type = bv_event_type_from_string ((const char *) sqlite3_column_text (stmt, i++));
  event->recipient = text (stmt, i++);
  event->original_recipient = text (stmt, i++);
  event->action = text (stmt, i++);
  event->status = text (stmt, i++);
  event->reply_code = sqlite3_column_int (stmt, i++);
  event->diagnostic = text (stmt, i++);
  event->diagnostic_type = text (stmt, i++);
  event->smtp_command = text (stmt, i++);
  event->remote_mta = text (stmt, i++);
  event->reporting_mta = text (stmt, i++);
  event->arrival_date = sqlite3_column_int64 (stmt, i++);
  event->last_attempt_date = sqlite3_column_int64 (stmt, i++);
  event->will_retry_until = sqlite3_column_int64 (stmt, i++);
  stored->date = sqlite3_column_int64 (stmt, i++);
  event->reason = text (stmt, i++);
  event->hard_bounce = sqlite3_column_int (stmt, i++) != 0;
  event->evidence = text (stmt, i++);
  event->codes_disagree = sqlite3_column_int (stmt, i++) != 0;
  event->feedback_type = text (stmt, i++);
  event->original_message_id = text (stmt, i++);
  event->original_subject = text (stmt, i++);
  event->original_from = text (stmt, i++);
  event->original_to = text (stmt, i++);
  event->original_date = sqlite3_column_int64 (stmt, i++);
  stored->message_id = sqlite3_column_int64 (stmt, i++);
  stored->source = text (stmt, i++);
  stored->source_index = sqlite3_column_int64 (stmt, i++);
  stored->source_offset = sqlite3_column_int64 (stmt, i++);
  stored->notmuch_id = text (stmt, i++);
  stored->report_subject = text (stmt, i++);
  stored->report_date = sqlite3_column_int64 (stmt, i++);
  event->source_ip = text (stmt, i++);
  event->reported_domain = text (stmt, i++);
}

static BvStoredEvent *
read_stored_event (sqlite3_stmt *stmt)
{
  BvStoredEvent *stored = g_new0 (BvStoredEvent, 1);

  read_row (stmt, stored, bv_event_new (BV_EVENT_UNKNOWN), FALSE);
  return stored;
}

void
bv_stored_event_free (BvStoredEvent *stored)
{
  if (stored == NULL)
    return;

  bv_event_free (stored->event);
  g_free (stored->source);
  g_free (stored->notmuch_id);
  g_free (stored->report_subject);
  g_free (stored);
}

/* Runs one query of bv_store_foreach_event(), with @extra as one more
 * condition when it is not NULL. Returns an SQLite result code: SQLITE_DONE
 * when every row was read or @func stopped. */
/* Prepares the query of one pass of bv_store_foreach_event() on
 * @store, for the events with ids in (@after_id, @last_id] when
 * @last_id is above 0. */
static sqlite3_stmt *
prepare_event_pass (BvStore        *store,
                    const BvQuery  *query,
                    const char     *order,
                    const char     *extra,
                    gint64          after_id,
                    gint64          last_id,
                    GError        **error)
{
  Conditions conditions;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;

  conditions_init (&conditions);
  conditions.after_id = after_id;
  conditions.last_id = last_id;
  build_conditions (query, &conditions, TRUE);
  if (extra != NULL)
    add_condition (&conditions, extra);
  if (last_id > 0)
    {
      add_condition (&conditions, "e.id > ? AND e.id <= ?");
      add_number (&conditions, after_id);
      add_number (&conditions, last_id);
    }
  sql = g_strdup_printf ("SELECT " EVENT_COLUMNS "%s FROM events e JOIN messages m ON m.id = e.message%s%s",
                         event_columns_since_10 (store), conditions.where->str, order);

  if (prepare (store, sql, &stmt, error))
    bind_conditions (stmt, &conditions);
  conditions_clear (&conditions);
  return stmt;
}

/* A row of a split search, copied out of SQLite. The strings follow
 * the structures in the same allocation. */
typedef struct
{
  BvStoredEvent stored;
  BvEvent event;
  char strings[];
} CopiedRow;

/* Lists the string fields of a row, to measure and copy them. */
static void
row_string_fields (BvStoredEvent  *stored,
                   BvEvent        *event,
                   char          **fields[static 21])
{
  guint i = 0;

  fields[i++] = &stored->source;
  fields[i++] = &stored->notmuch_id;
  fields[i++] = &stored->report_subject;
  fields[i++] = &event->recipient;
  fields[i++] = &event->original_recipient;
  fields[i++] = &event->action;
  fields[i++] = &event->status;
  fields[i++] = &event->diagnostic;
  fields[i++] = &event->diagnostic_type;
  fields[i++] = &event->smtp_command;
  fields[i++] = &event->remote_mta;
  fields[i++] = &event->reporting_mta;
  fields[i++] = &event->reason;
  fields[i++] = &event->evidence;
  fields[i++] = &event->feedback_type;
  fields[i++] = &event->original_message_id;
  fields[i++] = &event->original_subject;
  fields[i++] = &event->original_from;
  fields[i++] = &event->original_to;
  fields[i++] = &event->source_ip;
  fields[i++] = &event->reported_domain;
  g_assert (i == 21);
}

/* Copies the current row of @stmt into one allocation. */
static CopiedRow *
copy_row (sqlite3_stmt *stmt)
{
  BvStoredEvent stored = { 0 };
  BvEvent event = { 0 };
  char **fields[21];
  gsize lengths[21];
  gsize size = 0;
  CopiedRow *row;
  char *at;

  read_row (stmt, &stored, &event, TRUE);
  row_string_fields (&stored, &event, fields);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      lengths[i] = *fields[i] != NULL ? strlen (*fields[i]) + 1 : 0;
      size += lengths[i];
    }

  row = g_malloc (sizeof (CopiedRow) + size);
  row->stored = stored;
  row->event = event;
  row->stored.event = &row->event;
  row_string_fields (&row->stored, &row->event, fields);
  at = row->strings;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (lengths[i] > 0)
      {
        memcpy (at, *fields[i], lengths[i]);
        *fields[i] = at;
        at += lengths[i];
      }
  return row;
}

/* The rows of one batch, and the batches that may wait for the merge. */
#define HALF_BATCH_ROWS 256
#define HALF_MAX_BATCHES 8

/* One half of a split search. A thread steps its statement and hands
 * the rows over in batches, and the caller merges the two halves. */
typedef struct
{
  sqlite3_stmt *stmt;
  GThread *thread;

  GMutex lock;
  GCond changed;
  GQueue batches;               /* (element-type GPtrArray) of CopiedRow */
  gboolean done;                /* the thread handed over its last row */
  gboolean stop;                /* the caller wants no more rows */
  int rc;                       /* the statement's last result, once done */

  GPtrArray *current;           /* the batch being merged, or NULL */
  guint next;                   /* its next row */
} SearchHalf;

static gpointer
run_search_half (gpointer data)
{
  SearchHalf *half = data;
  GPtrArray *batch = NULL;
  gboolean stop = FALSE;
  int rc;

  while (!stop && (rc = sqlite3_step (half->stmt)) == SQLITE_ROW)
    {
      if (batch == NULL)
        batch = g_ptr_array_new_full (HALF_BATCH_ROWS, g_free);
      g_ptr_array_add (batch, copy_row (half->stmt));
      if (batch->len < HALF_BATCH_ROWS)
        continue;

      g_mutex_lock (&half->lock);
      while (half->batches.length >= HALF_MAX_BATCHES && !half->stop)
        g_cond_wait (&half->changed, &half->lock);
      stop = half->stop;
      g_queue_push_tail (&half->batches, g_steal_pointer (&batch));
      g_cond_signal (&half->changed);
      g_mutex_unlock (&half->lock);
    }
  if (stop)
    rc = SQLITE_DONE;

  g_mutex_lock (&half->lock);
  if (batch != NULL)
    g_queue_push_tail (&half->batches, batch);
  half->rc = rc;
  half->done = TRUE;
  g_cond_signal (&half->changed);
  g_mutex_unlock (&half->lock);
  return NULL;
}

/* Returns the next row of @half, waiting for its thread, or NULL after
 * the last one. The row stays valid until the next call. */
static CopiedRow *
search_half_peek (SearchHalf *half)
{
  if (half->current != NULL && half->next < half->current->len)
    return g_ptr_array_index (half->current, half->next);

  g_clear_pointer (&half->current, g_ptr_array_unref);
  g_mutex_lock (&half->lock);
  while (half->batches.length == 0 && !half->done)
    g_cond_wait (&half->changed, &half->lock);
  half->current = g_queue_pop_head (&half->batches);
  g_cond_signal (&half->changed);
  g_mutex_unlock (&half->lock);
  half->next = 0;
  return half->current != NULL ? g_ptr_array_index (half->current, 0) : NULL;
}

/* Stops the thread of @half, waits for it and frees what it left. */
static int
search_half_finish (SearchHalf *half)
{
  GPtrArray *batch;

  g_mutex_lock (&half->lock);
  half->stop = TRUE;
  g_cond_signal (&half->changed);
  g_mutex_unlock (&half->lock);
  g_thread_join (half->thread);

  g_clear_pointer (&half->current, g_ptr_array_unref);
  while ((batch = g_queue_pop_head (&half->batches)) != NULL)
    g_ptr_array_unref (batch);
  g_mutex_clear (&half->lock);
  g_cond_clear (&half->changed);
  sqlite3_finalize (half->stmt);
  return half->rc;
}

/* Tells whether @a comes before @b when sorted by date, as
 * order_clause() sorts: by date in the requested direction, then the newest
 * event first. */
static gboolean
comes_first_by_date (const BvStoredEvent *a,
                     const BvStoredEvent *b,
                     gboolean             descending)
{
  if (a->date != b->date)
    return descending ? a->date > b->date : a->date < b->date;
  return a->id > b->id;
}

/* Runs one pass of a recipient search sorted by date on two connections
 * at once, each on one half of the ids. Such a search can match tens of
 * thousands of events spread over the whole table, and SQLite reads and
 * sorts all of them in its first step. A thread for each half steps its
 * query and copies the rows, while the caller's thread merges the two
 * sorted halves, in the order that one query gives, and hands them to
 * @func. Returns SQLITE_MISUSE, before calling @func, when the split
 * does not apply. */
static int
foreach_event_split (BvStore           *store,
                     const BvQuery     *query,
                     const char        *order,
                     const char        *extra,
                     BvStoreEventFunc   func,
                     gpointer           user_data,
                     gboolean          *stopped,
                     GError           **error)
{
  g_autoptr(BvStore) twin = NULL;
  SearchHalf halves[2] = { { 0 } };
  gint64 last_id;
  int rc = SQLITE_DONE;

  if (query == NULL || query->recipient == NULL || *query->recipient == '\0' ||
      query->sort != BV_SORT_DATE || g_get_num_processors () < 2 ||
      !sqlite3_get_autocommit (store->db))
    return SQLITE_MISUSE;

  last_id = read_pragma (store, "SELECT coalesce (max (id), 0) FROM events", NULL);
  if (last_id < store->split_min_events)
    return SQLITE_MISUSE;

  twin = bv_store_open (store->path, BV_STORE_OPEN_READ_ONLY | BV_STORE_OPEN_MAPPED, NULL);
  if (twin == NULL || twin->schema_version != store->schema_version)
    return SQLITE_MISUSE;

  halves[0].stmt = prepare_event_pass (store, query, order, extra, 0, last_id / 2, error);
  if (halves[0].stmt == NULL)
    return SQLITE_ERROR;
  halves[1].stmt = prepare_event_pass (twin, query, order, extra, last_id / 2, G_MAXINT64, error);
  if (halves[1].stmt == NULL)
    {
      sqlite3_finalize (halves[0].stmt);
      return SQLITE_ERROR;
    }

  for (guint i = 0; i < G_N_ELEMENTS (halves); i++)
    {
      g_mutex_init (&halves[i].lock);
      g_cond_init (&halves[i].changed);
      g_queue_init (&halves[i].batches);
      halves[i].thread = g_thread_new ("bv-store-search", run_search_half, &halves[i]);
    }

  while (TRUE)
    {
      CopiedRow *first = search_half_peek (&halves[0]);
      CopiedRow *second = search_half_peek (&halves[1]);
      SearchHalf *from;
      CopiedRow *row;

      if (first == NULL && second == NULL)
        break;
      if (second == NULL ||
          (first != NULL && comes_first_by_date (&first->stored, &second->stored, query->descending)))
        from = &halves[0], row = first;
      else
        from = &halves[1], row = second;

      from->next++;
      if (!func (&row->stored, user_data))
        {
          *stopped = TRUE;
          break;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (halves); i++)
    {
      int half_rc = search_half_finish (&halves[i]);

      if (half_rc != SQLITE_DONE && rc == SQLITE_DONE && !*stopped)
        {
          set_sqlite_error (error, i == 0 ? store : twin, half_rc, "query");
          rc = half_rc;
        }
    }
  return rc;
}

static int
foreach_event_pass (BvStore           *store,
                    const BvQuery     *query,
                    const char        *order,
                    const char        *extra,
                    BvStoreEventFunc   func,
                    gpointer           user_data,
                    gboolean          *stopped,
                    GError           **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = foreach_event_split (store, query, order, extra, func, user_data, stopped, error);
  if (rc != SQLITE_MISUSE)
    return rc;

  stmt = prepare_event_pass (store, query, order, extra, 0, 0, error);
  if (stmt == NULL)
    return SQLITE_ERROR;

  /* The callback sees each row without copies of its strings. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BvStoredEvent stored = { 0 };
      BvEvent event = { 0 };

      read_row (stmt, &stored, &event, TRUE);
      if (!func (&stored, user_data))
        {
          *stopped = TRUE;
          rc = SQLITE_DONE;
          break;
        }
    }

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    set_sqlite_error (error, store, rc, "query");
  return rc;
}

/**
 * bv_store_foreach_event:
 * @store: a store
 * @query: (nullable): filters and order
 * @func: called for each matching event, which is valid only during the
 *   call (its strings belong to SQLite: copy what you keep); returns
 *   %FALSE to stop
 * @user_data: data for @func
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
bv_store_foreach_event (BvStore           *store,
                        const BvQuery     *query,
                        BvStoreEventFunc   func,
                        gpointer           user_data,
                        GError           **error)
{
  g_autofree char *order = order_clause (query, FALSE);
  g_autofree char *not_empty = NULL;
  g_autofree char *any_empty = NULL;
  const char *empty = leading_empty_test (query);
  gboolean stopped = FALSE;
  gint64 found;

  /* Events with an empty value come after the others, read by a second
   * query. Each of the two reads the column's index in order, as one
   * query with the empty ones last would not: SQLite would sort every
   * row first, and an export of a million events would wait for it.
   * Most databases have no empty value in the column, as its index
   * shows at once, and then one query does. A second one would search
   * the recipients again: 90 ms more for "ya" on a million events. */
  if (empty != NULL)
    {
      any_empty = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM events e WHERE %s)", empty);
      found = read_pragma (store, any_empty, error);
      if (found < 0)
        return FALSE;
      if (found == 0)
        empty = NULL;
    }
  if (empty == NULL)
    return foreach_event_pass (store, query, order, NULL, func, user_data, &stopped,
                               error) == SQLITE_DONE;

  not_empty = g_strdup_printf ("NOT (%s)", empty);
  if (foreach_event_pass (store, query, order, not_empty, func, user_data, &stopped,
                          error) != SQLITE_DONE)
    return FALSE;
  if (stopped)
    return TRUE;
  return foreach_event_pass (store, query, order, empty, func, user_data, &stopped,
                             error) == SQLITE_DONE;
}

/**
 * bv_store_find_later_mail:
 * @store: a store
 * @recipient: an address
 * @after: a date, in Unix time
 * @type: (out): the type of the event found
 * @date: (out): its date
 * @error: return location for an error
 *
 * Finds the latest delivery notice, automatic reply or complaint of
 * @recipient, in any case, after @after and after every hard bounce of
 * the address: it took mail then, and works since.
 *
 * Returns: %TRUE when there is one; %FALSE without an error when there
 *   is none
 */
gboolean
bv_store_find_later_mail (BvStore      *store,
                          const char   *recipient,
                          gint64        after,
                          BvEventType  *type,
                          gint64       *date,
                          GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare (store,
                "SELECT type, date FROM events later WHERE recipient = ?1 COLLATE NOCASE"
                " AND type IN " TOOK_MAIL_TYPES " AND date > ?2"
                " AND NOT EXISTS (SELECT 1 FROM events bounce"
                "  WHERE bounce.recipient = ?1 COLLATE NOCASE AND bounce.hard_bounce = 1"
                "  AND bounce.date > later.date)"
                " ORDER BY date DESC LIMIT 1",
                &stmt, error))
    return FALSE;
  sqlite3_bind_text (stmt, 1, recipient, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, after);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *type = bv_event_type_from_string ((const char *) sqlite3_column_text (stmt, 0));
      *date = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);

  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    set_sqlite_error (error, store, rc, "query");
  return FALSE;
}

/**
 * bv_store_get_events:
 * @store: a store
 * @ids: (array length=n_ids): event ids
 * @n_ids: their count
 * @error: return location for an error
 *
 * Fetches several events in one statement, in the order of @ids; an id
 * that matches no row gives a %NULL element.
 *
 * Returns: (transfer full) (element-type BvStoredEvent): the events
 */
GPtrArray *
bv_store_get_events (BvStore       *store,
                     const gint64  *ids,
                     guint          n_ids,
                     GError       **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT " EVENT_COLUMNS);
  g_autoptr(GHashTable) by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                                       (GDestroyNotify) bv_stored_event_free);
  GPtrArray *events;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_string_append (sql, event_columns_since_10 (store));
  g_string_append (sql, " FROM events e JOIN messages m ON m.id = e.message WHERE e.id IN (");
  for (guint i = 0; i < n_ids; i++)
    g_string_append (sql, i == 0 ? "?" : ",?");
  g_string_append (sql, ")");

  if (!prepare (store, sql->str, &stmt, error))
    return NULL;
  for (guint i = 0; i < n_ids; i++)
    sqlite3_bind_int64 (stmt, i + 1, ids[i]);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      BvStoredEvent *stored = read_stored_event (stmt);

      g_hash_table_replace (by_id, &stored->id, stored);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, store, rc, "query");
      return NULL;
    }

  /* NOTE: each key points into its value (id is the first member), so
   * GLib keeps the table as a set, and g_hash_table_steal_extended()
   * returns a NULL value for sets in GLib 2.74.6. Look up, then steal. */
  events = g_ptr_array_new_full (n_ids, (GDestroyNotify) bv_stored_event_free);
  for (guint i = 0; i < n_ids; i++)
    {
      BvStoredEvent *stored = g_hash_table_lookup (by_id, &ids[i]);

      if (stored != NULL)
        g_hash_table_steal (by_id, &ids[i]);
      g_ptr_array_add (events, stored);
    }
  return events;
}

/**
 * bv_store_get_event:
 * @store: a store
 * @id: an event id
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the event, or %NULL when there is
 *   none with that id (without an error)
 */
BvStoredEvent *
bv_store_get_event (BvStore  *store,
                    gint64    id,
                    GError  **error)
{
  g_autoptr(GPtrArray) events = bv_store_get_events (store, &id, 1, error);

  if (events == NULL || events->len == 0)
    return NULL;
  return g_ptr_array_steal_index (events, 0);
}

/**
 * bv_store_list_values:
 * @store: a store
 * @column: "reason", "type", "status" or "remote_mta"
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type utf8): the distinct values of
 *   @column among stored events, sorted
 */
GPtrArray *
bv_store_list_values (BvStore     *store,
                      const char  *column,
                      GError     **error)
{
  static const char * const allowed[] = { "reason", "type", "status", "remote_mta" };
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  GPtrArray *values;
  gboolean known = FALSE;
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    known = known || g_strcmp0 (column, allowed[i]) == 0;
  g_return_val_if_fail (known, NULL);

  sql = g_strdup_printf ("SELECT DISTINCT %s FROM events WHERE %s IS NOT NULL ORDER BY 1",
                         column, column);
  if (!prepare (store, sql, &stmt, error))
    return NULL;

  values = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (values, column_text (stmt, 0));
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, store, rc, "query");
      g_ptr_array_unref (values);
      return NULL;
    }
  return values;
}

/**
 * bv_store_count_messages:
 * @store: a store
 * @messages: (out) (optional): the number of imported messages
 * @events: (out) (optional): the number of stored events
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
bv_store_count_messages (BvStore  *store,
                         guint64  *messages,
                         guint64  *events,
                         GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!prepare (store, "SELECT (SELECT count(*) FROM messages), (SELECT count(*) FROM events)",
                &stmt, error))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (messages != NULL)
        *messages = sqlite3_column_int64 (stmt, 0);
      if (events != NULL)
        *events = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    {
      set_sqlite_error (error, store, rc, "count");
      return FALSE;
    }
  return TRUE;
}

/**
 * bv_store_get_data_version:
 * @store: a store
 * @version: (out): the data version of the store's connection
 * @error: return location for an error
 *
 * Reads SQLite's data version of the connection. It changes when
 * another connection, in this process or another, commits to the
 * database, so a reader can tell whether to read again.
 *
 * Returns: %TRUE on success
 */
gboolean
bv_store_get_data_version (BvStore  *store,
                           gint64   *version,
                           GError  **error)
{
  gint64 value = read_pragma (store, "PRAGMA data_version", error);

  if (value < 0)
    return FALSE;
  *version = value;
  return TRUE;
}

/**
 * bv_store_get_state:
 * @store: a store
 * @key: a state key, such as "notmuch:/home/me/mail"
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the value stored for @key
 */
char *
bv_store_get_state (BvStore     *store,
                    const char  *key,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;
  int rc;

  if (!prepare (store, "SELECT value FROM state WHERE key = ?", &stmt, error))
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = column_text (stmt, 0);
  else if (rc != SQLITE_DONE)
    set_sqlite_error (error, store, rc, "state lookup");
  sqlite3_finalize (stmt);
  return value;
}

/**
 * bv_store_set_state:
 * @store: a store, inside a transaction or not
 * @key: a state key
 * @value: (nullable): the value, or %NULL to forget the key
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
bv_store_set_state (BvStore     *store,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (value == NULL)
    {
      if (!prepare (store, "DELETE FROM state WHERE key = ?", &stmt, error))
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
    }
  else
    {
      if (!prepare (store, "INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", &stmt, error))
        return FALSE;
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
    }

  if (!step_done (store, stmt, "state update", error))
    {
      sqlite3_finalize (stmt);
      return FALSE;
    }
  sqlite3_finalize (stmt);
  return TRUE;
}
