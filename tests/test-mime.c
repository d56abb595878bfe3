/* test-mime.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Tests of the MIME package that BounceView installs: with it, GIO
 * finds the types of a database's files from their names. A type that
 * GIO is not sure of makes it open the file and read its first bytes,
 * and a file chooser in the window's process that does so drops the
 * process's SQLite locks on the open database. */

#include <gio/gio.h>

#include "test-util.h"

static char *mime_home;

static void
test_database_files_known_by_name (void)
{
  static const struct
  {
    const char *name;
    const char *type;
  } files[] = {
    { "bounceview.sqlite", "application/vnd.sqlite3" },
    { "bounceview.sqlite-wal", "application/x-sqlite3-wal" },
    { "bounceview.sqlite-shm", "application/x-sqlite3-shm" },
    { "bounceview.sqlite-journal", "application/x-sqlite3-journal" },
  };

  if (mime_home == NULL)
    {
      g_test_skip ("update-mime-database is not installed (Debian package shared-mime-info)");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      gboolean uncertain = TRUE;
      g_autofree char *type = g_content_type_guess (files[i].name, NULL, 0, &uncertain);

      g_test_message ("%s: %s", files[i].name, type);
      g_assert_cmpstr (type, ==, files[i].type);
      g_assert_false (uncertain);
    }
}

/* Builds a MIME database of the package alone in a new data folder, and
 * points XDG_DATA_HOME at it before GIO reads any MIME database. Returns
 * the folder, or NULL without update-mime-database. */
static char *
build_mime_home (void)
{
  g_autofree char *program = g_find_program_in_path ("update-mime-database");
  g_autoptr(GError) error = NULL;
  g_autofree char *packages = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *source = NULL;
  char *home;
  int status;
  gsize length;

  if (program == NULL)
    return NULL;

  home = g_dir_make_tmp ("bounceview-mime-XXXXXX", &error);
  g_assert_no_error (error);
  mime = g_build_filename (home, "mime", NULL);
  packages = g_build_filename (mime, "packages", NULL);
  g_assert_cmpint (g_mkdir_with_parents (packages, 0700), ==, 0);

  source = g_test_build_filename (G_TEST_DIST, "..", "data", "com.example.BounceView.mime.xml", NULL);
  g_assert_true (g_file_get_contents (source, &contents, &length, &error));
  g_assert_no_error (error);
  copy = g_build_filename (packages, "com.example.BounceView.xml", NULL);
  g_assert_true (g_file_set_contents (copy, contents, length, &error));
  g_assert_no_error (error);

  g_spawn_sync (NULL, (char *[]) { program, mime, NULL }, NULL, G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_setenv ("XDG_DATA_HOME", home, TRUE);
  return home;
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  mime_home = build_mime_home ();

  g_test_add_func ("/bounceview/mime/database-files-known-by-name",
                   test_database_files_known_by_name);
  result = g_test_run ();

  if (mime_home != NULL)
    bv_test_remove_tree (mime_home);
  g_free (mime_home);
  return result;
}
