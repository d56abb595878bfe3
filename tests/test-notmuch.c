/* test-notmuch.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each test builds a real notmuch database with `notmuch new` in a
 * temporary folder, under a temporary HOME and notmuch configuration,
 * and skips when the notmuch program is not installed. */

#include "bv-importer.h"
#include "bv-notmuch.h"
#include "bv-store.h"
#include "test-util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

static const char * const report_files[] = {
  "postfix-dsn.eml",
  "exim-text.eml",
  "qmail-text.eml",
  "arf-report.eml",
  "auto-reply.eml",
};

static const char * const ordinary_files[] = {
  "ordinary-lunch.eml",
  "ordinary-list.eml",
  "ordinary-invoice.eml",
};

/* Added to a database that was imported already. */
static const char added_file[] = "sendmail-dsn.eml";

typedef struct
{
  char *root;                   /* the temporary folder holding everything below */
  char *notmuch_dir;            /* database.path of the notmuch configuration */
  char *maildir;                /* the Maildir inside it */
  char *config;                 /* the notmuch configuration file */
  char *store_dir;              /* BounceView databases, outside what notmuch indexes */
} Fixture;

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "notmuch", name, NULL);
}

static void
make_dir (const char *path)
{
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("bv-notmuch-XXXXXX", &error);
  g_autofree char *home = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  /* notmuch reports the files under the resolved path; resolve it here
   * too, so that paths compare equal. */
  fixture->root = realpath (tmp, NULL);
  g_assert_nonnull (fixture->root);

  fixture->notmuch_dir = g_build_filename (fixture->root, "notmuch", NULL);
  fixture->maildir = g_build_filename (fixture->notmuch_dir, "mail", NULL);
  fixture->config = g_build_filename (fixture->root, "notmuch-config", NULL);
  fixture->store_dir = g_build_filename (fixture->root, "bounceview", NULL);
  home = g_build_filename (fixture->root, "home", NULL);

  for (guint i = 0; i < 3; i++)
    {
      const char * const subdirs[] = { "cur", "new", "tmp" };
      g_autofree char *path = g_build_filename (fixture->maildir, subdirs[i], NULL);

      make_dir (path);
    }
  make_dir (fixture->store_dir);
  make_dir (home);

  /* No hooks run: `notmuch new --no-hooks`, and the database has none. */
  text = g_strdup_printf ("[database]\n"
                          "path=%s\n"
                          "[new]\n"
                          "tags=unread;inbox\n"
                          "[maildir]\n"
                          "synchronize_flags=false\n",
                          fixture->notmuch_dir);
  g_file_set_contents (fixture->config, text, -1, &error);
  g_assert_no_error (error);

  /* Keep libnotmuch and the notmuch program away from the user's own
   * configuration and mail. */
  g_setenv ("NOTMUCH_CONFIG", fixture->config, TRUE);
  g_setenv ("HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_unsetenv ("NOTMUCH_DATABASE");
  g_unsetenv ("NOTMUCH_PROFILE");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  bv_test_remove_tree (fixture->root);
  free (fixture->root);
  g_free (fixture->notmuch_dir);
  g_free (fixture->maildir);
  g_free (fixture->config);
  g_free (fixture->store_dir);
}

static gboolean
skip_without_notmuch (void)
{
  g_autofree char *program = g_find_program_in_path ("notmuch");

  if (program != NULL)
    return FALSE;
  g_test_skip ("the notmuch program is not installed");
  return TRUE;
}

/* Copies a test message into the Maildir's new/ folder. */
static char *
add_message (Fixture    *fixture,
             const char *name)
{
  g_autofree char *from = data_path (name);
  char *to = g_build_filename (fixture->maildir, "new", name, NULL);

  bv_test_copy_file (from, to);
  return to;
}

static void
add_messages (Fixture            *fixture,
              const char * const *names,
              guint               n_names)
{
  for (guint i = 0; i < n_names; i++)
    g_free (add_message (fixture, names[i]));
}

static void
run_notmuch_new (Fixture *fixture)
{
  const char *argv[] = { "notmuch", "new", "--no-hooks", "--quiet", NULL };
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "NOTMUCH_CONFIG", fixture->config, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;
  g_autofree char *errors = NULL;
  int status;

  /* notmuch uses GLib too: the test's G_DEBUG=fatal-criticals would turn
   * a critical from GMime inside notmuch into a crash of notmuch. */
  envp = g_environ_unsetenv (envp, "G_DEBUG");

  g_spawn_sync (fixture->root, (char **) argv, envp, G_SPAWN_SEARCH_PATH, NULL, NULL, &output,
                &errors, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_test_message ("notmuch new wrote: %s", errors);
  g_assert_no_error (error);
}

static char *
store_path (Fixture    *fixture,
            const char *name)
{
  return g_build_filename (fixture->store_dir, name, NULL);
}

static void
run_import (const char     *database,
            BvSource       *source,
            const char     *path,
            BvImportCounts *counts)
{
  g_autoptr(BvImporter) importer = bv_importer_new (database);
  g_autoptr(GError) error = NULL;

  if (source != NULL)
    bv_importer_add_source (importer, source);
  if (path != NULL)
    {
      bv_importer_add_path (importer, path, &error);
      g_assert_no_error (error);
    }

  bv_importer_run (importer, NULL, &error);
  g_assert_no_error (error);
  bv_importer_get_counts (importer, counts);
  g_assert_cmpuint (counts->failures, ==, 0);
}

static void
import_notmuch (Fixture        *fixture,
                const char     *database,
                const char     *query,
                BvImportCounts *counts)
{
  g_autoptr(GError) error = NULL;
  BvSource *source = bv_notmuch_source_new (fixture->notmuch_dir, query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (source);
  run_import (database, source, NULL, counts);
}

typedef struct
{
  GPtrArray *lines;
  gboolean with_source;
  guint with_notmuch_id;
} EventList;

static const char *
text_or_empty (const char *text)
{
  return text != NULL ? text : "";
}

static gboolean
collect_event (const BvStoredEvent *stored,
               gpointer             user_data)
{
  EventList *list = user_data;
  const BvEvent *event = stored->event;

  g_ptr_array_add (list->lines,
                   g_strdup_printf ("%s|%s|%s|%s|%u|%s|%s|%s|%s",
                                    list->with_source ? stored->source : "",
                                    bv_event_type_to_string (event->type),
                                    text_or_empty (event->recipient),
                                    text_or_empty (event->status), event->reply_code,
                                    text_or_empty (event->diagnostic),
                                    text_or_empty (event->remote_mta),
                                    text_or_empty (event->feedback_type),
                                    text_or_empty (event->original_message_id)));
  if (stored->notmuch_id != NULL)
    list->with_notmuch_id++;
  return TRUE;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Lists every stored event as one sorted line of its main fields.
 * @with_source puts the file it came from in front. */
static GPtrArray *
list_events (const char *database,
             gboolean    with_source,
             guint      *with_notmuch_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BvStore) store = bv_store_open (database, BV_STORE_OPEN_READ_ONLY, &error);
  BvQuery query = { 0 };
  EventList list = { g_ptr_array_new_with_free_func (g_free), with_source, 0 };

  g_assert_no_error (error);
  bv_store_foreach_event (store, &query, collect_event, &list, &error);
  g_assert_no_error (error);
  g_ptr_array_sort (list.lines, compare_lines);

  if (with_notmuch_id != NULL)
    *with_notmuch_id = list.with_notmuch_id;
  return list.lines;
}

static void
assert_same_lines (GPtrArray *expected,
                   GPtrArray *actual)
{
  for (guint i = 0; i < MIN (expected->len, actual->len); i++)
    g_assert_cmpstr (g_ptr_array_index (actual, i), ==, g_ptr_array_index (expected, i));
  g_assert_cmpuint (actual->len, ==, expected->len);
}

static void
test_everything_matches_maildir (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autofree char *from_notmuch = store_path (fixture, "notmuch.sqlite");
  g_autofree char *from_maildir = store_path (fixture, "maildir.sqlite");
  g_autoptr(GPtrArray) notmuch_events = NULL;
  g_autoptr(GPtrArray) maildir_events = NULL;
  BvImportCounts counts;
  guint with_notmuch_id = 0;
  guint maildir_with_notmuch_id = 0;

  if (skip_without_notmuch ())
    return;

  add_messages (fixture, report_files, G_N_ELEMENTS (report_files));
  add_messages (fixture, ordinary_files, G_N_ELEMENTS (ordinary_files));
  run_notmuch_new (fixture);

  import_notmuch (fixture, from_notmuch, "*", &counts);
  g_assert_cmpuint (counts.messages, ==, G_N_ELEMENTS (report_files) + G_N_ELEMENTS (ordinary_files));
  run_import (from_maildir, NULL, fixture->maildir, &counts);

  notmuch_events = list_events (from_notmuch, TRUE, &with_notmuch_id);
  maildir_events = list_events (from_maildir, TRUE, &maildir_with_notmuch_id);
  g_assert_cmpuint (notmuch_events->len, >=, G_N_ELEMENTS (report_files));
  assert_same_lines (maildir_events, notmuch_events);

  /* Every event from notmuch names its message there; none from a Maildir. */
  g_assert_cmpuint (with_notmuch_id, ==, notmuch_events->len);
  g_assert_cmpuint (maildir_with_notmuch_id, ==, 0);
}

/* Collects the file names of the sources of stored events. */
static gboolean
collect_source_name (const BvStoredEvent *stored,
                     gpointer             user_data)
{
  GHashTable *names = user_data;

  g_hash_table_add (names, g_path_get_basename (stored->source));
  return TRUE;
}

static void
test_default_query_finds_reports (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autofree char *database = store_path (fixture, "default.sqlite");
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(BvStore) store = NULL;
  g_autoptr(GError) error = NULL;
  BvQuery query = { 0 };
  BvImportCounts counts;

  if (skip_without_notmuch ())
    return;

  add_messages (fixture, report_files, G_N_ELEMENTS (report_files));
  add_messages (fixture, ordinary_files, G_N_ELEMENTS (ordinary_files));
  run_notmuch_new (fixture);

  import_notmuch (fixture, database, NULL, &counts);

  /* Only the reports were read: no ordinary message reached the decoder. */
  g_assert_cmpuint (counts.total, ==, G_N_ELEMENTS (report_files));
  g_assert_cmpuint (counts.messages, ==, G_N_ELEMENTS (report_files));
  g_assert_cmpuint (counts.not_bounces, ==, 0);

  store = bv_store_open (database, BV_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  bv_store_foreach_event (store, &query, collect_source_name, names, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (report_files); i++)
    g_assert_true (g_hash_table_contains (names, report_files[i]));
  g_assert_cmpuint (g_hash_table_size (names), ==, G_N_ELEMENTS (report_files));
}

static void
test_second_import_reads_nothing (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autofree char *database = store_path (fixture, "twice.sqlite");
  BvImportCounts first;
  BvImportCounts second;

  if (skip_without_notmuch ())
    return;

  add_messages (fixture, report_files, G_N_ELEMENTS (report_files));
  add_messages (fixture, ordinary_files, G_N_ELEMENTS (ordinary_files));
  run_notmuch_new (fixture);

  import_notmuch (fixture, database, NULL, &first);
  g_assert_cmpuint (first.messages, ==, G_N_ELEMENTS (report_files));
  g_assert_cmpuint (first.events, >=, G_N_ELEMENTS (report_files));

  import_notmuch (fixture, database, NULL, &second);
  g_assert_cmpuint (second.messages, ==, 0);
  g_assert_cmpuint (second.events, ==, 0);
  g_assert_cmpuint (second.duplicates, ==, 0);
}

/* Returns the lines of @after that are not in @before; both sorted. */
static GPtrArray *
added_lines (GPtrArray *before,
             GPtrArray *after)
{
  GPtrArray *added = g_ptr_array_new_with_free_func (g_free);
  guint i = 0;

  for (guint j = 0; j < after->len; j++)
    {
      const char *line = g_ptr_array_index (after, j);

      if (i < before->len && strcmp (g_ptr_array_index (before, i), line) == 0)
        i++;
      else
        g_ptr_array_add (added, g_strdup (line));
    }
  g_assert_cmpuint (i, ==, before->len);
  return added;
}

static void
test_added_message_only (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *database = store_path (fixture, "incremental.sqlite");
  g_autofree char *alone = store_path (fixture, "alone.sqlite");
  g_autofree char *added_path = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) expected = NULL;
  BvImportCounts counts;

  if (skip_without_notmuch ())
    return;

  add_messages (fixture, report_files, G_N_ELEMENTS (report_files));
  add_messages (fixture, ordinary_files, G_N_ELEMENTS (ordinary_files));
  run_notmuch_new (fixture);
  import_notmuch (fixture, database, NULL, &counts);
  before = list_events (database, TRUE, NULL);

  added_path = add_message (fixture, added_file);
  run_notmuch_new (fixture);
  import_notmuch (fixture, database, NULL, &counts);
  g_assert_cmpuint (counts.messages, ==, 1);
  g_assert_cmpuint (counts.duplicates, ==, 0);

  /* The events added are those of the new file imported on its own. */
  run_import (alone, NULL, added_path, &counts);
  expected = list_events (alone, TRUE, NULL);
  g_assert_cmpuint (expected->len, >=, 1);
  after = list_events (database, TRUE, NULL);
  added = added_lines (before, after);
  assert_same_lines (expected, added);
}

static void
test_new_uuid_reads_everything (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *database = store_path (fixture, "uuid.sqlite");
  g_autofree char *key = NULL;
  g_autofree char *state = NULL;
  g_autoptr(BvStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  BvImportCounts counts;

  if (skip_without_notmuch ())
    return;

  add_messages (fixture, report_files, G_N_ELEMENTS (report_files));
  run_notmuch_new (fixture);
  import_notmuch (fixture, database, NULL, &counts);
  before = list_events (database, TRUE, NULL);

  /* The key names the database and the query; the value its UUID and
   * the revision read up to. */
  key = bv_notmuch_state_key (fixture->notmuch_dir, NULL);
  store = bv_store_open (database, BV_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  state = bv_store_get_state (store, key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (state);
  g_assert_nonnull (strchr (state, ' '));

  bv_store_set_state (store, key, "00000000-0000-0000-0000-000000000000 1000000", &error);
  g_assert_no_error (error);
  g_clear_pointer (&store, bv_store_close);

  import_notmuch (fixture, database, NULL, &counts);
  g_assert_cmpuint (counts.messages, ==, G_N_ELEMENTS (report_files));
  g_assert_cmpuint (counts.duplicates, ==, G_N_ELEMENTS (report_files));
  after = list_events (database, TRUE, NULL);
  assert_same_lines (before, after);
}

static void
test_state_key_per_query (void)
{
  g_autofree char *by_default = bv_notmuch_state_key ("/mail", NULL);
  g_autofree char *by_default_text = bv_notmuch_state_key ("/mail", bv_notmuch_default_query ());
  g_autofree char *by_tag = bv_notmuch_state_key ("/mail", "tag:bounce");
  g_autofree char *odd_path = bv_notmuch_state_key ("/a?query=b", "c");
  g_autofree char *odd_query = bv_notmuch_state_key ("/a", "b?query=c");

  g_assert_cmpstr (by_default, ==, by_default_text);
  g_assert_cmpstr (by_tag, ==, "notmuch:/mail?query=tag%3Abounce");
  g_assert_cmpstr (by_default, !=, by_tag);
  /* Without escaping both would read "notmuch:/a?query=b?query=c". */
  g_assert_cmpstr (odd_path, !=, odd_query);
}

static void
test_copies_read_once (Fixture       *fixture,
                       gconstpointer  user_data)
{
  const char * const copies[] = {
    "postfix-dsn.eml", "postfix-dsn-copy.eml", "exim-text.eml", "exim-delay-same-id.eml",
  };
  g_autofree char *database = store_path (fixture, "copies.sqlite");
  g_autoptr(GPtrArray) events = NULL;
  BvImportCounts counts;

  if (skip_without_notmuch ())
    return;

  /* postfix-dsn-copy.eml is postfix-dsn.eml with one more trace header.
   * exim-delay-same-id.eml is another report with the Message-ID of
   * exim-text.eml. notmuch indexes them as two messages of two files each. */
  add_messages (fixture, copies, G_N_ELEMENTS (copies));
  run_notmuch_new (fixture);

  /* notmuch counts two messages, so the total starts at 2 and grows to
   * the three files read. */
  import_notmuch (fixture, database, "*", &counts);
  g_assert_cmpuint (counts.total, ==, 3);
  g_assert_cmpuint (counts.messages, ==, 3);

  events = list_events (database, FALSE, NULL);
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (events, 0), "|bounce|alice@example.com|"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (events, 1), "|bounce|bob@example.net|"));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (events, 2), "|deferral|judy@example.net|"));
}

/* Describes every file and folder below @path: its path, size and
 * modification time, and for a file a SHA-256 of its contents. */
static void
snapshot_tree (const char *path,
               GPtrArray  *lines)
{
  g_autoptr(GError) error = NULL;
  GDir *dir = g_dir_open (path, 0, &error);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *checksum = NULL;
      GStatBuf st;

      g_assert_cmpint (g_lstat (child, &st), ==, 0);
      if (S_ISREG (st.st_mode))
        {
          g_autofree char *contents = NULL;
          gsize length;

          g_file_get_contents (child, &contents, &length, &error);
          g_assert_no_error (error);
          checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents,
                                                  length);
        }

      g_ptr_array_add (lines, g_strdup_printf ("%s %o %lld %lld.%09ld %s", child, st.st_mode,
                                               (long long) st.st_size,
                                               (long long) st.st_mtim.tv_sec,
                                               st.st_mtim.tv_nsec,
                                               checksum != NULL ? checksum : "-"));
      if (S_ISDIR (st.st_mode))
        snapshot_tree (child, lines);
    }
  g_dir_close (dir);
}

static GPtrArray *
snapshot (const char *path)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  snapshot_tree (path, lines);
  g_ptr_array_sort (lines, compare_lines);
  return lines;
}

static void
test_notmuch_files_unchanged (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *database = store_path (fixture, "read-only.sqlite");
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after_first = NULL;
  g_autoptr(GPtrArray) after_second = NULL;
  BvImportCounts counts;

  if (skip_without_notmuch ())
    return;

  add_messages (fixture, report_files, G_N_ELEMENTS (report_files));
  add_messages (fixture, ordinary_files, G_N_ELEMENTS (ordinary_files));
  run_notmuch_new (fixture);

  /* The whole notmuch folder: .notmuch/ with the Xapian files, and the Maildir. */
  before = snapshot (fixture->notmuch_dir);
  g_assert_cmpuint (before->len, >, G_N_ELEMENTS (report_files) + G_N_ELEMENTS (ordinary_files));

  import_notmuch (fixture, database, NULL, &counts);
  g_assert_cmpuint (counts.messages, >, 0);
  after_first = snapshot (fixture->notmuch_dir);
  assert_same_lines (before, after_first);

  import_notmuch (fixture, database, "*", &counts);
  after_second = snapshot (fixture->notmuch_dir);
  assert_same_lines (before, after_second);
}

static void
test_missing_database (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *nowhere = g_build_filename (fixture->root, "nowhere", NULL);
  g_autoptr(GError) error = NULL;
  BvSource *source;

  source = bv_notmuch_source_new (nowhere, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH);
  g_assert_true (g_str_has_prefix (error->message, "No notmuch database at"));
  g_assert_nonnull (strstr (error->message, nowhere));
}

static void
test_missing_configuration (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *missing = g_build_filename (fixture->root, "no-such-config", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) default_error = NULL;
  g_autofree char *path = NULL;
  BvSource *source;

  g_setenv ("NOTMUCH_CONFIG", missing, TRUE);

  source = bv_notmuch_source_new (NULL, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH);
  g_assert_true (g_str_has_prefix (error->message, "No notmuch configuration found"));
  g_assert_nonnull (strstr (error->message, "NOTMUCH_CONFIG"));

  path = bv_notmuch_default_database (&default_error);
  g_assert_null (path);
  g_assert_error (default_error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH);
}

static void
test_path_without_configuration (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autofree char *missing = g_build_filename (fixture->root, "no-such-config", NULL);
  g_autoptr(GError) error = NULL;
  BvSource *source;

  if (skip_without_notmuch ())
    return;

  add_messages (fixture, report_files, G_N_ELEMENTS (report_files));
  run_notmuch_new (fixture);

  /* A database given by its path opens even when no configuration exists. */
  g_setenv ("NOTMUCH_CONFIG", missing, TRUE);
  source = bv_notmuch_source_new (fixture->notmuch_dir, "*", &error);
  g_assert_no_error (error);
  g_assert_nonnull (source);
  g_assert_cmpuint (bv_source_get_total (source), ==, G_N_ELEMENTS (report_files));
  bv_source_free (source);
}

static void
test_configured_database (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  BvSource *source;

  if (skip_without_notmuch ())
    return;

  add_messages (fixture, report_files, G_N_ELEMENTS (report_files));
  run_notmuch_new (fixture);

  path = bv_notmuch_default_database (&error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, fixture->notmuch_dir);

  source = bv_notmuch_source_new (NULL, "*", &error);
  g_assert_no_error (error);
  g_assert_cmpint (bv_source_get_kind (source), ==, BV_SOURCE_NOTMUCH);
  g_assert_cmpstr (bv_source_get_path (source), ==, fixture->notmuch_dir);
  g_assert_cmpuint (bv_source_get_total (source), ==, G_N_ELEMENTS (report_files));
  bv_source_free (source);
}

/* Whether libnotmuch is mapped into this process. */
static gboolean
libnotmuch_is_loaded (void)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, "/libnotmuch.so") != NULL;
}

/* libnotmuch, with Xapian and the C++ runtime, is loaded only when a
 * notmuch database is opened, so that every start of the programs does
 * not pay for it. This test runs first, before any other opens one. */
static void
test_library_loaded_on_open (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  BvSource *source;

  if (skip_without_notmuch ())
    return;
  if (libnotmuch_is_loaded ())
    {
      g_test_skip ("libnotmuch was loaded before any notmuch database was opened: "
                   "sanitizer builds link it, or another test ran first");
      return;
    }

  add_messages (fixture, report_files, G_N_ELEMENTS (report_files));
  run_notmuch_new (fixture);
  g_assert_false (libnotmuch_is_loaded ());

  source = bv_notmuch_source_new (fixture->notmuch_dir, "*", &error);
  g_assert_no_error (error);
  g_assert_true (libnotmuch_is_loaded ());
  g_assert_cmpuint (bv_source_get_total (source), ==, G_N_ELEMENTS (report_files));
  bv_source_free (source);
}

static void
test_configured_database_missing (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  BvSource *source;

  /* The configuration exists, but `notmuch new` never ran. */
  source = bv_notmuch_source_new (NULL, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH);
  g_assert_true (g_str_has_prefix (error->message, "No notmuch database at"));
  g_assert_nonnull (strstr (error->message, fixture->notmuch_dir));
}

static void
test_invalid_query (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  BvSource *source;

  if (skip_without_notmuch ())
    return;

  add_messages (fixture, report_files, G_N_ELEMENTS (report_files));
  run_notmuch_new (fixture);

  source = bv_notmuch_source_new (fixture->notmuch_dir, "date:someday..never", &error);
  g_assert_null (source);
  g_assert_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH_QUERY);
  g_assert_nonnull (strstr (error->message, "date:someday..never"));
  g_assert_nonnull (strstr (error->message, fixture->notmuch_dir));
  /* notmuch's own explanation stays in the message. */
  g_assert_nonnull (strstr (error->message, "someday"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);

  /* notmuch repeats the query after its explanation. Inside the
   * message's parentheses, this one would seem to end with a ")". */
  source = bv_notmuch_source_new (fixture->notmuch_dir, "subject:(failure AND", &error);
  g_assert_null (source);
  g_assert_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH_QUERY);
  g_assert_nonnull (strstr (error->message, "“subject:(failure AND”"));
  g_assert_null (strstr (error->message, "Query string was"));
  g_assert_null (strstr (error->message, "AND)"));
}

static char *
find_corpus (void)
{
  const char *from_environment = g_getenv ("BOUNCEVIEW_CORPUS");
  g_autofree char *maildir = NULL;
  char *corpus;

  if (from_environment != NULL && *from_environment != '\0')
    corpus = g_strdup (from_environment);
  else
    corpus = g_test_build_filename (G_TEST_DIST, "..", "..", "shared", "corpus", NULL);

  maildir = g_build_filename (corpus, "maildir", NULL);
  if (g_file_test (maildir, G_FILE_TEST_IS_DIR))
    return corpus;
  g_free (corpus);
  return NULL;
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  GDir *dir = g_dir_open (from, 0, &error);
  const char *name;

  g_assert_no_error (error);
  make_dir (to);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *source = g_build_filename (from, name, NULL);
      g_autofree char *target = g_build_filename (to, name, NULL);

      if (g_file_test (source, G_FILE_TEST_IS_DIR))
        copy_tree (source, target);
      else
        bv_test_copy_file (source, target);
    }
  g_dir_close (dir);
}

/* Counts the lines of @expected that @found also has, each line of
 * @found used at most once. */
static guint
count_found (GPtrArray *expected,
             GPtrArray *found)
{
  g_autoptr(GHashTable) remaining = g_hash_table_new (g_str_hash, g_str_equal);
  guint count = 0;

  for (guint i = 0; i < found->len; i++)
    {
      gpointer line = g_ptr_array_index (found, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (remaining, line));

      g_hash_table_insert (remaining, line, GUINT_TO_POINTER (n + 1));
    }

  for (guint i = 0; i < expected->len; i++)
    {
      gpointer line = g_ptr_array_index (expected, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (remaining, line));

      if (n == 0)
        continue;
      g_hash_table_insert (remaining, line, GUINT_TO_POINTER (n - 1));
      count++;
    }

  return count;
}

static void
test_corpus_default_query (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *corpus = find_corpus ();
  g_autofree char *corpus_maildir = NULL;
  g_autofree char *from_maildir = store_path (fixture, "corpus-maildir.sqlite");
  g_autofree char *by_default = store_path (fixture, "corpus-default.sqlite");
  g_autofree char *everything = store_path (fixture, "corpus-everything.sqlite");
  g_autoptr(GPtrArray) maildir_events = NULL;
  g_autoptr(GPtrArray) default_events = NULL;
  g_autoptr(GPtrArray) all_events = NULL;
  BvImportCounts maildir_counts;
  BvImportCounts default_counts;
  BvImportCounts all_counts;
  guint found;
  guint found_by_all;

  if (corpus == NULL)
    {
      g_test_skip ("no bounce corpus: set BOUNCEVIEW_CORPUS to a folder with a maildir/ in it");
      return;
    }
  if (skip_without_notmuch ())
    return;

  /* Replace the empty Maildir of the fixture with a copy of the corpus. */
  corpus_maildir = g_build_filename (corpus, "maildir", NULL);
  bv_test_remove_tree (fixture->maildir);
  copy_tree (corpus_maildir, fixture->maildir);
  run_notmuch_new (fixture);

  run_import (from_maildir, NULL, fixture->maildir, &maildir_counts);
  import_notmuch (fixture, by_default, NULL, &default_counts);
  import_notmuch (fixture, everything, "*", &all_counts);

  /* Events are compared without their file: when two files hold the
   * same message, the Maildir import and notmuch may keep another one. */
  maildir_events = list_events (from_maildir, FALSE, NULL);
  default_events = list_events (by_default, FALSE, NULL);
  all_events = list_events (everything, FALSE, NULL);
  found = count_found (maildir_events, default_events);
  found_by_all = count_found (maildir_events, all_events);

  g_test_message ("Maildir import: %" G_GUINT64_FORMAT " messages, %u events",
                  maildir_counts.messages, maildir_events->len);
  g_test_message ("notmuch \"*\": %" G_GUINT64_FORMAT " messages read, %u of the Maildir's "
                  "events found (%.1f%%)", all_counts.messages, found_by_all,
                  100.0 * found_by_all / maildir_events->len);
  g_test_message ("notmuch default query: %" G_GUINT64_FORMAT " messages read, %" G_GUINT64_FORMAT
                  " not reports, %u of the Maildir's events found (%.1f%%)",
                  default_counts.messages, default_counts.not_bounces, found,
                  100.0 * found / maildir_events->len);

  g_assert_cmpuint (maildir_events->len, >, 0);
  g_assert_cmpuint (found * 100, >=, maildir_events->len * 95);
}

static void
add_notmuch_test (const char *path,
                  void      (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  add_notmuch_test ("/bounceview/notmuch/library-loaded-on-open", test_library_loaded_on_open);
  add_notmuch_test ("/bounceview/notmuch/everything-matches-maildir",
                    test_everything_matches_maildir);
  add_notmuch_test ("/bounceview/notmuch/default-query-finds-reports",
                    test_default_query_finds_reports);
  add_notmuch_test ("/bounceview/notmuch/second-import-reads-nothing",
                    test_second_import_reads_nothing);
  add_notmuch_test ("/bounceview/notmuch/added-message-only", test_added_message_only);
  add_notmuch_test ("/bounceview/notmuch/new-uuid-reads-everything",
                    test_new_uuid_reads_everything);
  g_test_add_func ("/bounceview/notmuch/state-key-per-query", test_state_key_per_query);
  add_notmuch_test ("/bounceview/notmuch/copies-read-once", test_copies_read_once);
  add_notmuch_test ("/bounceview/notmuch/files-unchanged", test_notmuch_files_unchanged);
  add_notmuch_test ("/bounceview/notmuch/missing-database", test_missing_database);
  add_notmuch_test ("/bounceview/notmuch/missing-configuration", test_missing_configuration);
  add_notmuch_test ("/bounceview/notmuch/path-without-configuration",
                    test_path_without_configuration);
  add_notmuch_test ("/bounceview/notmuch/configured-database", test_configured_database);
  add_notmuch_test ("/bounceview/notmuch/configured-database-missing",
                    test_configured_database_missing);
  add_notmuch_test ("/bounceview/notmuch/invalid-query", test_invalid_query);
  add_notmuch_test ("/bounceview/notmuch/corpus-default-query", test_corpus_default_query);

  return g_test_run ();
}
