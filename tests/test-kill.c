/* test-kill.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Imports that die or overlap. The real bounceview-cli (its path is the
 * last argument) imports Maildirs of thousands of copies of the
 * messages under tests/data, each with its own Message-ID, into a
 * temporary database:
 *
 *   - killed with SIGKILL at random moments in 20 runs: after each kill
 *     the database passes PRAGMA integrity_check, and importing again
 *     gives exactly the events of one uninterrupted import;
 *   - two imports at once into one database, from two Maildirs and then
 *     from the same one, and an import inside this process (as the
 *     window runs it) next to one of the command line. All succeed
 *     without "database is locked", and the events are exactly the
 *     union.
 *
 * Environment: BV_KILL_MESSAGES and BV_CONCURRENT_MESSAGES set the
 * Maildirs' sizes, BV_KILL_RUNS the number of runs (default 20, where
 * every fourth run kills twice). The delays come from the GTest random
 * seed, so "--seed" repeats a failing run. */

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bv-importer.h"
#include "test-util.h"

static const char *cli_path;

typedef struct
{
  char *dir;                    /* the temporary folder of the test */
  GPtrArray *templates;         /* (element-type GBytes) messages from tests/data */
} Fixture;

/* Collects the messages under tests/data, except robust/, which contains
 * hostile input for test-robustness rather than mail. */
static void
collect_templates (const char *path,
                   GPtrArray  *templates)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      char *contents;
      gsize length;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        {
          if (strcmp (name, "robust") != 0)
            collect_templates (child, templates);
          continue;
        }
      if (!g_str_has_suffix (name, ".eml"))
        continue;
      if (g_file_get_contents (child, &contents, &length, NULL))
        g_ptr_array_add (templates, g_bytes_new_take (contents, length));
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_test_build_filename (G_TEST_DIST, "data", NULL);

  fixture->dir = g_dir_make_tmp ("bv-test-kill-XXXXXX", &error);
  g_assert_no_error (error);

  fixture->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  collect_templates (data_dir, fixture->templates);
  g_assert_cmpuint (fixture->templates->len, >, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  bv_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_ptr_array_unref (fixture->templates);
}

/* Gives a copy of @message a new Message-ID, so that its digest differs
 * from every other copy: the Message-ID of its header block is renamed,
 * and a new one goes first. */
static GString *
make_copy (GBytes     *message,
           const char *tag,
           guint       number)
{
  gsize length;
  const char *data = g_bytes_get_data (message, &length);
  GString *copy = g_string_sized_new (length + 100);
  gsize pos = 0;
  gboolean in_headers = TRUE;

  g_string_append_printf (copy, "Message-ID: <%s-%u@copies.bounceview.test>\n", tag, number);
  while (pos < length)
    {
      const char *nl = memchr (data + pos, '\n', length - pos);
      gsize end = nl != NULL ? (gsize) (nl - data) + 1 : length;

      if (in_headers && (data[pos] == '\n' || (data[pos] == '\r' && pos + 1 < length &&
                                                data[pos + 1] == '\n')))
        in_headers = FALSE;
      if (in_headers && g_ascii_strncasecmp (data + pos, "Message-ID:", 11) == 0)
        g_string_append (copy, "X-Copied-");
      g_string_append_len (copy, data + pos, end - pos);
      pos = end;
    }
  return copy;
}

/* Writes @n_messages copies into a new Maildir, cur/ and new/ in turn. */
static char *
make_maildir (Fixture    *fixture,
              const char *name,
              guint       n_messages)
{
  g_autoptr(GError) error = NULL;
  char *maildir = g_build_filename (fixture->dir, name, NULL);
  const char *subdirs[] = { "cur", "new", "tmp" };

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    {
      g_autofree char *sub = g_build_filename (maildir, subdirs[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
    }

  for (guint i = 0; i < n_messages; i++)
    {
      GBytes *template = g_ptr_array_index (fixture->templates, i % fixture->templates->len);
      g_autoptr(GString) copy = make_copy (template, name, i);
      g_autofree char *file = i % 2 == 0 ?
        g_strdup_printf ("%s/cur/17000%05u.M%uP1.test:2,S", maildir, i, i) :
        g_strdup_printf ("%s/new/17000%05u.M%uP1.test", maildir, i, i);

      g_file_set_contents (file, copy->str, copy->len, &error);
      g_assert_no_error (error);
    }

  return maildir;
}

static guint
uint_from_env (const char *name,
               guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

/* The kill test needs an import that commits more than once, so that
 * kills land between commits: bv-importer.c commits every 10,000
 * messages or 2 s. The imports that run side by side only need to
 * overlap. */
#define KILL_MESSAGES 12000
#define CONCURRENT_MESSAGES 3000

/* Returns the argument vector of "bounceview-cli import --database=DB PATH". */
static GStrv
import_argv (const char *database,
             const char *maildir)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *option = g_strdup_printf ("--database=%s", database);

  g_strv_builder_add_many (builder, cli_path, "import", option, maildir, NULL);
  return g_strv_builder_end (builder);
}

/* Runs an import to its end and checks that it succeeded. */
static void
run_import (const char *database,
            const char *maildir)
{
  g_auto(GStrv) argv = import_argv (database, maildir);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("bounceview-cli import failed: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static GPid
start_import (const char *database,
              const char *maildir,
              int        *stderr_fd)
{
  g_auto(GStrv) argv = import_argv (database, maildir);
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_spawn_async_with_pipes (NULL, argv, NULL,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                            (stderr_fd == NULL ? G_SPAWN_STDERR_TO_DEV_NULL : 0),
                            NULL, NULL, &pid, NULL, NULL, stderr_fd, &error);
  g_assert_no_error (error);
  return pid;
}

static int
wait_for (GPid pid)
{
  int status;

  while (waitpid (pid, &status, 0) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  g_spawn_close_pid (pid);
  return status;
}

static char *
read_all (int fd)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  ssize_t n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (text, buffer, n);
  close (fd);
  return g_string_free (text, FALSE);
}

typedef struct
{
  gboolean intact;              /* PRAGMA integrity_check returned "ok" */
  char *integrity;              /* its output */
  guint64 messages;
  GPtrArray *events;            /* (element-type utf8) "source\trecipient\tstatus\ttype", sorted */
} DatabaseState;

static void
database_state_free (DatabaseState *state)
{
  g_free (state->integrity);
  g_clear_pointer (&state->events, g_ptr_array_unref);
  g_free (state);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DatabaseState, database_state_free)

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static const char *
column_or_empty (sqlite3_stmt *stmt,
                 int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? text : "";
}

/* Reads a database with the SQLite C API, as a second program would:
 * opening it read-write lets SQLite recover the write-ahead log of a
 * killed writer. */
static DatabaseState *
read_database (const char *path)
{
  DatabaseState *state = g_new0 (DatabaseState, 1);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  state->events = g_ptr_array_new_with_free_func (g_free);

  /* An import killed right at its start may not have created the file. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      state->intact = TRUE;
      state->integrity = g_strdup ("no database file");
      return state;
    }

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  {
    GString *output = g_string_new (NULL);

    while (sqlite3_step (stmt) == SQLITE_ROW)
      {
        if (output->len > 0)
          g_string_append_c (output, '\n');
        g_string_append (output, column_or_empty (stmt, 0));
      }
    state->integrity = g_string_free (output, FALSE);
    state->intact = strcmp (state->integrity, "ok") == 0;
  }
  sqlite3_finalize (stmt);

  /* A kill before the first commit can leave a database without tables. */
  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM messages", -1, &stmt, NULL) == SQLITE_OK)
    {
      if (sqlite3_step (stmt) == SQLITE_ROW)
        state->messages = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);

      g_assert_cmpint (sqlite3_prepare_v2 (db,
                                           "SELECT m.source, e.recipient, e.status, e.type"
                                           " FROM events e JOIN messages m ON m.id = e.message",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (state->events,
                         g_strdup_printf ("%s\t%s\t%s\t%s", column_or_empty (stmt, 0),
                                          column_or_empty (stmt, 1), column_or_empty (stmt, 2),
                                          column_or_empty (stmt, 3)));
      sqlite3_finalize (stmt);
    }
  else
    {
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);

  /* Sorted here, not by SQL, so that lists joined from two databases
   * sort the same way. */
  g_ptr_array_sort (state->events, compare_strings);
  return state;
}

/* Compares two sorted lists of events, naming the first difference. */
static void
assert_same_events (GPtrArray *expected,
                    GPtrArray *actual)
{
  for (guint i = 0; i < MIN (expected->len, actual->len); i++)
    g_assert_cmpstr (g_ptr_array_index (actual, i), ==, g_ptr_array_index (expected, i));
  g_assert_cmpuint (actual->len, ==, expected->len);
}

/* Counts the messages a database contains, as another reader sees them
 * while an import writes; 0 while the database does not exist, and
 * G_MAXUINT64 when it cannot be read at the moment. */
static guint64
count_messages (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint64 count = G_MAXUINT64;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return 0;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM messages", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

/* Runs an import to its end while watching its commits, and returns its
 * duration. @first_commit is set to when it first committed part of the
 * messages, or 0 when it committed only once, at the end. */
static gint64
run_watched_import (const char *database,
                    const char *maildir,
                    guint64     n_messages,
                    gint64     *first_commit)
{
  gint64 start = g_get_monotonic_time ();
  GPid pid = start_import (database, maildir, NULL);
  guint64 last_count = 0;
  int status;

  *first_commit = 0;
  while (waitpid (pid, &status, WNOHANG) == 0)
    {
      guint64 count = count_messages (database);

      if (count != last_count && count != G_MAXUINT64)
        {
          g_test_message ("Commit seen at %.2f s: %" G_GUINT64_FORMAT " messages",
                          (g_get_monotonic_time () - start) / 1e6, count);
          if (*first_commit == 0 && count < n_messages)
            *first_commit = g_get_monotonic_time () - start;
          last_count = count;
        }
      g_usleep (10 * 1000);
    }
  g_spawn_close_pid (pid);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_get_monotonic_time () - start;
}

/* Starts an import into @database and kills it @delay microseconds
 * after its start or, with @after_commit, after its first commit shows.
 * Returns its wait status. */
static int
kill_import (const char *database,
             const char *maildir,
             gboolean    after_commit,
             gint64      delay)
{
  GPid pid = start_import (database, maildir, NULL);
  int status;

  while (after_commit)
    {
      guint64 count;

      if (waitpid (pid, &status, WNOHANG) == pid)
        {
          g_spawn_close_pid (pid);
          return status;
        }
      count = count_messages (database);
      if (count != 0 && count != G_MAXUINT64)
        break;
      g_usleep (5 * 1000);
    }

  g_usleep (delay);
  kill (pid, SIGKILL);
  return wait_for (pid);
}

static void
test_kill_import (Fixture       *fixture,
                  gconstpointer  data)
{
  guint n_messages = uint_from_env ("BV_KILL_MESSAGES", KILL_MESSAGES);
  guint n_runs = uint_from_env ("BV_KILL_RUNS", 20);
  g_autofree char *maildir = make_maildir (fixture, "Maildir", n_messages);
  g_autofree char *clean_db = g_build_filename (fixture->dir, "clean.sqlite", NULL);
  g_autoptr(DatabaseState) clean = NULL;
  gint64 clean_usec, first_commit;
  guint n_mid = 0, n_before = 0, n_after = 0;

  /* One import without interruption gives the expected events, the
   * time over which the kills are spread and the moment of its first
   * intermediate commit. */
  clean_usec = run_watched_import (clean_db, maildir, n_messages, &first_commit);
  clean = read_database (clean_db);
  g_assert_true (clean->intact);
  g_assert_cmpuint (clean->messages, ==, n_messages);
  g_assert_cmpuint (clean->events->len, >, 0);
  g_test_message ("Clean import: %u messages, %u events in %.2f s, first commit at %.2f s",
                  n_messages, clean->events->len, clean_usec / 1e6, first_commit / 1e6);
  if (first_commit == 0)
    g_test_message ("The import committed only at its end: raise BV_KILL_MESSAGES");
  g_assert_cmpint (first_commit, >, 0);

  for (guint run = 0; run < n_runs; run++)
    {
      g_autofree char *db = g_strdup_printf ("%s/killed-%u.sqlite", fixture->dir, run);
      /* Every fourth run kills the import a second time, on its way to
       * finishing the first one's work. */
      guint n_kills = run % 4 == 3 ? 2 : 1;
      g_autoptr(DatabaseState) final = NULL;

      for (guint kill_number = 0; kill_number < n_kills; kill_number++)
        {
          /* Half the first kills come at any moment of the import, half
           * in the first half of what remains after its first commit,
           * where some messages are stored and some are not. */
          gboolean after_commit = run % 2 == 1 && kill_number == 0;
          gint64 span = after_commit ? (clean_usec - first_commit) / 2 : clean_usec;
          gint64 delay = g_test_rand_int_range (0, (gint32) CLAMP (span, 1, G_MAXINT32));
          g_autoptr(DatabaseState) state = NULL;
          int status = kill_import (db, maildir, after_commit, delay);

          state = read_database (db);
          if (!state->intact)
            g_test_message ("Run %u, kill after %.3f s: integrity_check returned: %s", run,
                            delay / 1e6, state->integrity);
          g_assert_true (state->intact);
          g_assert_cmpuint (state->events->len, <=, clean->events->len);

          if (WIFEXITED (status))
            n_after++;
          else if (state->messages == 0)
            n_before++;
          else if (state->messages < n_messages)
            n_mid++;
          else
            n_after++;
          g_test_message ("Run %u, kill %.3f s after %s: %" G_GUINT64_FORMAT " messages, "
                          "%u events stored", run, delay / 1e6,
                          after_commit ? "the first commit" : "the start", state->messages,
                          state->events->len);
        }

      run_import (db, maildir);
      final = read_database (db);
      g_assert_true (final->intact);
      g_assert_cmpuint (final->messages, ==, clean->messages);
      assert_same_events (clean->events, final->events);
      g_unlink (db);
    }

  g_test_message ("Kills: %u before the first commit, %u between commits, %u after the last",
                  n_before, n_mid, n_after);
  /* The test proves something only when kills land between commits. */
  g_assert_cmpuint (n_mid, >=, n_runs / 4);
}

/* Runs two command line imports at the same time, and checks that both
 * end well, without waiting for a lock in vain. */
static void
run_two_imports (const char *database,
                 const char *maildir_a,
                 const char *maildir_b)
{
  int err_a, err_b;
  GPid a = start_import (database, maildir_a, &err_a);
  GPid b = start_import (database, maildir_b, &err_b);
  g_autofree char *text_a = read_all (err_a);
  g_autofree char *text_b = read_all (err_b);
  int status_a = wait_for (a);
  int status_b = wait_for (b);

  if (!g_spawn_check_wait_status (status_a, NULL) || !g_spawn_check_wait_status (status_b, NULL))
    g_test_message ("First import: %s\nSecond import: %s", text_a, text_b);
  g_assert_true (g_spawn_check_wait_status (status_a, NULL));
  g_assert_true (g_spawn_check_wait_status (status_b, NULL));
  g_assert_null (strstr (text_a, "locked"));
  g_assert_null (strstr (text_b, "locked"));
}

static GPtrArray *
union_of (GPtrArray *first,
          GPtrArray *second)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < first->len; i++)
    g_ptr_array_add (all, g_strdup (g_ptr_array_index (first, i)));
  for (guint i = 0; i < second->len; i++)
    g_ptr_array_add (all, g_strdup (g_ptr_array_index (second, i)));
  g_ptr_array_sort (all, compare_strings);
  return all;
}

static void
test_concurrent_two_maildirs (Fixture       *fixture,
                              gconstpointer  data)
{
  guint n_messages = uint_from_env ("BV_CONCURRENT_MESSAGES", CONCURRENT_MESSAGES);
  g_autofree char *maildir_a = make_maildir (fixture, "MaildirA", n_messages);
  g_autofree char *maildir_b = make_maildir (fixture, "MaildirB", n_messages);
  g_autofree char *db_a = g_build_filename (fixture->dir, "a.sqlite", NULL);
  g_autofree char *db_b = g_build_filename (fixture->dir, "b.sqlite", NULL);
  g_autofree char *shared = g_build_filename (fixture->dir, "shared.sqlite", NULL);
  g_autoptr(DatabaseState) alone_a = NULL;
  g_autoptr(DatabaseState) alone_b = NULL;
  g_autoptr(DatabaseState) both = NULL;
  g_autoptr(GPtrArray) expected = NULL;

  run_import (db_a, maildir_a);
  run_import (db_b, maildir_b);
  alone_a = read_database (db_a);
  alone_b = read_database (db_b);
  expected = union_of (alone_a->events, alone_b->events);

  /* The shared database does not exist yet: both processes create it
   * and set up its schema at the same moment. */
  run_two_imports (shared, maildir_a, maildir_b);
  both = read_database (shared);
  g_assert_true (both->intact);
  g_assert_cmpuint (both->messages, ==, alone_a->messages + alone_b->messages);
  assert_same_events (expected, both->events);
}

static void
test_concurrent_same_maildir (Fixture       *fixture,
                              gconstpointer  data)
{
  guint n_messages = uint_from_env ("BV_CONCURRENT_MESSAGES", CONCURRENT_MESSAGES);
  g_autofree char *maildir = make_maildir (fixture, "Maildir", n_messages);
  g_autofree char *alone_db = g_build_filename (fixture->dir, "alone.sqlite", NULL);
  g_autofree char *shared = g_build_filename (fixture->dir, "shared.sqlite", NULL);
  g_autoptr(DatabaseState) alone = NULL;
  g_autoptr(DatabaseState) both = NULL;

  run_import (alone_db, maildir);
  alone = read_database (alone_db);

  run_two_imports (shared, maildir, maildir);
  both = read_database (shared);
  g_assert_true (both->intact);
  g_assert_cmpuint (both->messages, ==, alone->messages);
  assert_same_events (alone->events, both->events);
}

typedef struct
{
  BvImporter *importer;
  gboolean ok;
  GError *error;
} ImportThread;

static gpointer
import_thread (gpointer data)
{
  ImportThread *job = data;

  job->ok = bv_importer_run (job->importer, NULL, &job->error);
  return NULL;
}

/* The window imports with BvImporter in a thread of its own process;
 * the command line may import into the same database meanwhile. */
static void
test_concurrent_window_and_cli (Fixture       *fixture,
                                gconstpointer  data)
{
  guint n_messages = uint_from_env ("BV_CONCURRENT_MESSAGES", CONCURRENT_MESSAGES);
  g_autofree char *maildir_a = make_maildir (fixture, "MaildirA", n_messages);
  g_autofree char *maildir_b = make_maildir (fixture, "MaildirB", n_messages);
  g_autofree char *db_a = g_build_filename (fixture->dir, "a.sqlite", NULL);
  g_autofree char *db_b = g_build_filename (fixture->dir, "b.sqlite", NULL);
  g_autofree char *shared = g_build_filename (fixture->dir, "shared.sqlite", NULL);
  g_autoptr(DatabaseState) alone_a = NULL;
  g_autoptr(DatabaseState) alone_b = NULL;
  g_autoptr(DatabaseState) both = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BvImporter) importer = NULL;
  BvStore *store;
  ImportThread job = { 0 };
  GThread *thread;
  g_autofree char *cli_errors = NULL;
  int err_fd;
  GPid pid;
  int status;

  run_import (db_a, maildir_a);
  run_import (db_b, maildir_b);
  alone_a = read_database (db_a);
  alone_b = read_database (db_b);
  expected = union_of (alone_a->events, alone_b->events);

  /* Both start on an existing database, as when the window is open. */
  store = bv_store_open (shared, BV_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_clear_pointer (&store, bv_store_close);

  importer = bv_importer_new (shared);
  g_assert_true (bv_importer_add_path (importer, maildir_a, &error));
  g_assert_no_error (error);
  job.importer = importer;

  pid = start_import (shared, maildir_b, &err_fd);
  thread = g_thread_new ("test-import", import_thread, &job);
  cli_errors = read_all (err_fd);
  status = wait_for (pid);
  g_thread_join (thread);

  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("bounceview-cli import: %s", cli_errors);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_null (strstr (cli_errors, "locked"));
  g_assert_no_error (job.error);
  g_assert_true (job.ok);

  both = read_database (shared);
  g_assert_true (both->intact);
  g_assert_cmpuint (both->messages, ==, alone_a->messages + alone_b->messages);
  assert_same_events (expected, both->events);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  /* The path of bounceview-cli comes from meson as the last argument. */
  for (int i = 1; i < argc; i++)
    if (argv[i][0] != '-')
      cli_path = argv[i];
  if (cli_path == NULL || !g_file_test (cli_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("test-kill: pass the path of bounceview-cli as the last argument\n");
      return 1;
    }

  g_test_add ("/bounceview/kill/sigkill-then-reimport", Fixture, NULL, fixture_set_up,
              test_kill_import, fixture_tear_down);
  g_test_add ("/bounceview/kill/two-imports-two-maildirs", Fixture, NULL, fixture_set_up,
              test_concurrent_two_maildirs, fixture_tear_down);
  g_test_add ("/bounceview/kill/two-imports-one-maildir", Fixture, NULL, fixture_set_up,
              test_concurrent_same_maildir, fixture_tear_down);
  g_test_add ("/bounceview/kill/window-and-cli-at-once", Fixture, NULL, fixture_set_up,
              test_concurrent_window_and_cli, fixture_tear_down);

  return g_test_run ();
}
