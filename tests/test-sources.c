/* test-sources.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each test lays out a Maildir, an mbox, a message file or a folder of
 * them in a temporary folder, from the messages in tests/data/sources/,
 * and reads it back through a BvSource or an import. */

#include "bv-decoder.h"
#include "bv-importer.h"
#include "bv-source.h"
#include "bv-store.h"
#include "test-import-util.h"
#include "test-util.h"

#include <errno.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gstdio.h>

/* The mbox "From " line every test mbox uses before each message. */
#define MBOX_FROM_LINE "From club@example.org Thu Mar 12 10:00:00 2026"

static GBytes *
read_data (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "sources", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
write_file (const char *path,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_file_set_contents (path, data, length, &error);
  g_assert_no_error (error);
}

/* Copies the test message @name to @folder/@file_name. */
static char *
add_message (const char *folder,
             const char *file_name,
             const char *name)
{
  g_autoptr(GBytes) bytes = read_data (name);
  char *path = g_build_filename (folder, file_name, NULL);

  write_file (path, bytes);
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

/* Makes a Maildir with empty cur/, new/ and tmp/ folders. */
static char *
make_maildir (const char *parent,
              const char *name)
{
  char *path = make_dir (parent, name);
  const char * const subdirs[] = { "cur", "new", "tmp" };

  for (guint i = 0; i < G_N_ELEMENTS (subdirs); i++)
    g_free (make_dir (path, subdirs[i]));
  return path;
}

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("bv-sources-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

typedef struct
{
  GBytes *contents;             /* the whole mbox file */
  GArray *offsets;              /* (element-type guint64) of each "From " line */
  GPtrArray *messages;          /* (element-type GBytes) the bytes each item must contain */
} Mbox;

static void
mbox_free (Mbox *mbox)
{
  g_bytes_unref (mbox->contents);
  g_array_unref (mbox->offsets);
  g_ptr_array_unref (mbox->messages);
  g_free (mbox);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Mbox, mbox_free)

/* Builds an mbox of the test messages @names with @line_end line ends:
 * a "From " line before each message and a blank line after it. An
 * item of the mbox contains its message and that blank line. */
static Mbox *
build_mbox (const char * const *names,
            guint               n_names,
            const char         *line_end)
{
  Mbox *mbox = g_new0 (Mbox, 1);
  GString *out = g_string_new (NULL);

  mbox->offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  mbox->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < n_names; i++)
    {
      g_autoptr(GBytes) lf = read_data (names[i]);
      g_autoptr(GBytes) message = bv_test_with_line_ends (lf, line_end);
      guint64 offset = out->len;
      GString *item = g_string_new_len (g_bytes_get_data (message, NULL),
                                        g_bytes_get_size (message));

      g_string_append (item, line_end);
      g_array_append_val (mbox->offsets, offset);

      g_string_append (out, MBOX_FROM_LINE);
      g_string_append (out, line_end);
      g_string_append_len (out, item->str, item->len);
      g_ptr_array_add (mbox->messages, g_string_free_to_bytes (item));
    }

  mbox->contents = g_string_free_to_bytes (out);
  return mbox;
}

/* Reads every item of @source as "path#index" and checks that a source
 * ends without an error. */
static GPtrArray *
list_items (BvSource *source)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  BvSourceItem item;

  while (bv_source_next (source, &item, &error))
    {
      g_ptr_array_add (items, g_strdup_printf ("%s#%" G_GUINT64_FORMAT, item.path, item.index));
      bv_source_item_clear (&item);
    }
  g_assert_no_error (error);
  return items;
}

static void
assert_items (GPtrArray          *items,
              const char * const *expected,
              guint               n_expected)
{
  for (guint i = 0; i < MIN (items->len, n_expected); i++)
    g_assert_cmpstr (g_ptr_array_index (items, i), ==, expected[i]);
  g_assert_cmpuint (items->len, ==, n_expected);
}

static void
test_maildir (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *maildir = make_maildir (root, "Maildir");
  g_autofree char *cur = g_build_filename (maildir, "cur", NULL);
  g_autofree char *new = g_build_filename (maildir, "new", NULL);
  g_autofree char *tmp = g_build_filename (maildir, "tmp", NULL);
  g_autofree char *first = add_message (cur, "1773300001.M1P100.host:2,RS", "bounce-postfix.eml");
  g_autofree char *second = add_message (cur, "1773300002.M2P100.host:2,S", "bounce-exim.eml");
  g_autofree char *third = add_message (new, "1773300003.M3P100.host", "auto-reply.eml");
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *first_item = g_strconcat (first, "#0", NULL);
  g_autofree char *second_item = g_strconcat (second, "#0", NULL);
  g_autofree char *third_item = g_strconcat (third, "#0", NULL);
  const char *expected[] = { first_item, second_item, third_item };

  /* Files in tmp/ and dot-files are no delivered mail. */
  g_free (add_message (tmp, "1773300004.M4P100.host", "complaint.eml"));
  g_free (add_message (cur, ".hidden-note", "ordinary.eml"));
  g_free (add_message (new, ".lock", "ordinary.eml"));

  source = bv_source_open (maildir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bv_source_get_kind (source), ==, BV_SOURCE_MAILDIR);
  g_assert_cmpstr (bv_source_get_path (source), ==, maildir);
  g_assert_cmpuint (bv_source_get_total (source), ==, 3);

  items = list_items (source);
  assert_items (items, expected, G_N_ELEMENTS (expected));

  bv_test_remove_tree (root);
}

/* A Maildir's Maildir++ folders (".Bounces", ".Bounces.Old") are read
 * after its own cur/ and new/, in the order of their names, also when
 * the Maildir is found inside a folder. A dot-folder that is no Maildir
 * is not mail. */
static void
test_maildir_plus_folders (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *maildir = make_maildir (root, "Maildir");
  g_autofree char *bounces = make_maildir (maildir, ".Bounces");
  g_autofree char *old = make_maildir (maildir, ".Bounces.Old");
  g_autofree char *cache = make_dir (maildir, ".cache");
  g_autofree char *inbox_cur = g_build_filename (maildir, "cur", NULL);
  g_autofree char *bounces_new = g_build_filename (bounces, "new", NULL);
  g_autofree char *old_cur = g_build_filename (old, "cur", NULL);
  g_autofree char *first = add_message (inbox_cur, "1773300001.M1P100.host:2,S", "ordinary.eml");
  g_autofree char *second = add_message (bounces_new, "1773300002.M2P100.host", "bounce-postfix.eml");
  g_autofree char *third = add_message (old_cur, "1773300003.M3P100.host:2,S", "bounce-exim.eml");
  g_autofree char *first_item = g_strconcat (first, "#0", NULL);
  g_autofree char *second_item = g_strconcat (second, "#0", NULL);
  g_autofree char *third_item = g_strconcat (third, "#0", NULL);
  const char *expected[] = { first_item, second_item, third_item };
  g_autoptr(GError) error = NULL;

  g_free (add_message (cache, "note", "complaint.eml"));

  /* The Maildir itself, then a folder that contains it. */
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(BvSource) source = bv_source_open (round == 0 ? maildir : root, &error);
      g_autoptr(GPtrArray) items = NULL;

      g_assert_no_error (error);
      g_assert_cmpuint (bv_source_get_total (source), ==, 3);
      items = list_items (source);
      assert_items (items, expected, G_N_ELEMENTS (expected));
    }

  bv_test_remove_tree (root);
}

/* Appends @size bytes of lines to a copy of the test message @name, so
 * that the message file is larger than the source reads ahead. */
static GBytes *
padded_message (const char *name,
                gsize       size)
{
  g_autoptr(GBytes) bytes = read_data (name);
  GString *text = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  while (size > 0)
    {
      gsize line = MIN (size, 64);

      g_string_append_len (text, "padding padding padding padding padding padding padding padding",
                           line - 1);
      g_string_append_c (text, '\n');
      size -= line;
    }
  return g_string_free_to_bytes (text);
}

/* Whatever its size, each message file of a Maildir loads whole, and an
 * mbox file inside it, large or not, is split into its messages. */
static void
test_maildir_file_sizes (void)
{
  static const char * const mbox_names[] = { "bounce-exim.eml", "complaint.eml" };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *maildir = make_maildir (root, "Maildir");
  g_autofree char *cur = g_build_filename (maildir, "cur", NULL);
  g_autofree char *small = add_message (cur, "1-small:2,S", "bounce-postfix.eml");
  g_autofree char *large = g_build_filename (cur, "2-large:2,S", NULL);
  g_autofree char *mbox_path = g_build_filename (cur, "3-mbox:2,S", NULL);
  g_autoptr(GBytes) small_bytes = read_data ("bounce-postfix.eml");
  g_autoptr(GBytes) large_bytes = padded_message ("bounce-exim.eml", 200 * 1024);
  g_autoptr(Mbox) mbox = build_mbox (mbox_names, G_N_ELEMENTS (mbox_names), "\n");
  g_autoptr(GBytes) large_mbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  GString *text = g_string_new (MBOX_FROM_LINE "\n");
  BvSourceItem item;
  guint n_items = 0;
  /* Where bytes is NULL, the item is the padded message: only its size
   * is checked. */
  const struct
  {
    const char *path;
    guint64 index;
    GBytes *bytes;
  } expected[] = {
    { small, 0, small_bytes },
    { large, 0, large_bytes },
    { mbox_path, 1, NULL },
    { mbox_path, 2, g_ptr_array_index (mbox->messages, 0) },
    { mbox_path, 3, g_ptr_array_index (mbox->messages, 1) },
  };

  /* The mbox starts with a padded message, so that it is larger than
   * the read-ahead too. */
  g_string_append_len (text, g_bytes_get_data (large_bytes, NULL), g_bytes_get_size (large_bytes));
  g_string_append (text, "\n");
  g_string_append_len (text, g_bytes_get_data (mbox->contents, NULL),
                       g_bytes_get_size (mbox->contents));
  large_mbox = g_string_free_to_bytes (text);
  write_file (large, large_bytes);
  write_file (mbox_path, large_mbox);

  source = bv_source_open (maildir, &error);
  g_assert_no_error (error);

  while (bv_source_next (source, &item, &error))
    {
      g_autoptr(GBytes) loaded = NULL;

      g_assert_cmpuint (n_items, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (item.path, ==, expected[n_items].path);
      g_assert_cmpuint (item.index, ==, expected[n_items].index);

      loaded = bv_source_item_load (&item, &error);
      g_assert_no_error (error);
      g_assert_nonnull (loaded);
      if (expected[n_items].bytes != NULL)
        g_assert_true (g_bytes_equal (loaded, expected[n_items].bytes));
      else
        g_assert_cmpuint (g_bytes_get_size (loaded), >, 200 * 1024);

      bv_source_item_clear (&item);
      n_items++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n_items, ==, G_N_ELEMENTS (expected));

  bv_test_remove_tree (root);
}

/* Reads an mbox with @line_end line ends: each item is its message, and
 * the message loads again from its index and offset. */
static void
check_mbox_line_ends (const char *line_end)
{
  static const char * const names[] = {
    "bounce-postfix.eml", "ordinary-from-lines.eml", "auto-reply.eml",
  };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "club.mbox", NULL);
  g_autoptr(Mbox) mbox = build_mbox (names, G_N_ELEMENTS (names), line_end);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  BvSourceItem item;
  guint n_items = 0;

  write_file (path, mbox->contents);

  source = bv_source_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bv_source_get_kind (source), ==, BV_SOURCE_MBOX);
  g_assert_cmpuint (bv_source_get_total (source), ==, G_N_ELEMENTS (names));

  while (bv_source_next (source, &item, &error))
    {
      GBytes *expected = g_ptr_array_index (mbox->messages, n_items);
      guint64 offset = g_array_index (mbox->offsets, guint64, n_items);
      g_autoptr(GBytes) loaded = NULL;

      g_test_message ("item %u", n_items + 1);
      g_assert_cmpstr (item.path, ==, path);
      g_assert_cmpuint (item.index, ==, n_items + 1);
      g_assert_cmpuint (item.offset, ==, offset);
      g_assert_nonnull (item.data);
      g_assert_true (g_bytes_equal (item.data, expected));

      /* The window shows a message's source again from its index and offset. */
      loaded = bv_source_load_message (path, item.index, item.offset, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (loaded, item.data));

      bv_source_item_clear (&item);
      n_items++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n_items, ==, G_N_ELEMENTS (names));

  bv_test_remove_tree (root);
}

static void
test_mbox_crlf (void)
{
  check_mbox_line_ends ("\r\n");
}

/* CR-only line ends, as old Mac OS wrote them. */
static void
test_mbox_cr_only (void)
{
  check_mbox_line_ends ("\r");
}

/* A ">From " line after a blank line, and a "From " line after text,
 * are body lines, not the start of another message. */
static void
test_mbox_from_lines_in_body (void)
{
  static const char * const names[] = { "ordinary-from-lines.eml", "ordinary.eml" };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "history.mbox", NULL);
  g_autoptr(Mbox) mbox = build_mbox (names, G_N_ELEMENTS (names), "\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  g_autoptr(BvDecodeResult) result = NULL;
  BvSourceItem item;
  gsize length;
  const char *data;

  write_file (path, mbox->contents);
  source = bv_source_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (bv_source_next (source, &item, &error));
  g_assert_no_error (error);
  data = g_bytes_get_data (item.data, &length);
  g_assert_nonnull (g_strstr_len (data, length, "\n>From the archive: "));
  g_assert_nonnull (g_strstr_len (data, length, "\nFrom then on we met every Thursday.\n"));
  /* After a blank line, but with no header field after it: body lines,
   * with a date or without. */
  g_assert_nonnull (g_strstr_len (data, length, "\n\nFrom the start, members paid no dues.\n"));
  g_assert_nonnull (g_strstr_len (data, length, "\n\nFrom 9:30 to 10:00 on 12 March 2026"));
  g_assert_true (g_bytes_equal (item.data, g_ptr_array_index (mbox->messages, 0)));

  result = bv_decode (data, length);
  g_assert_cmpint (result->status, ==, BV_DECODE_NOT_BOUNCE);
  g_assert_cmpstr (result->subject, ==, "A short history of the club");
  bv_source_item_clear (&item);

  g_assert_true (bv_source_next (source, &item, &error));
  g_assert_cmpuint (item.index, ==, 2);
  bv_source_item_clear (&item);

  g_assert_false (bv_source_next (source, &item, &error));
  g_assert_no_error (error);

  bv_test_remove_tree (root);
}

/* Writes @mbox to @path without the second half of its last message,
 * and returns how many bytes are missing. */
static gsize
write_half_mbox (const char *path,
                 Mbox       *mbox)
{
  gsize length;
  const char *data = g_bytes_get_data (mbox->contents, &length);
  guint64 last = g_array_index (mbox->offsets, guint64, mbox->offsets->len - 1);
  gsize cut = last + (length - last) / 2;
  g_autoptr(GBytes) head = g_bytes_new (data, cut);

  write_file (path, head);
  return length - cut;
}

/* A mail server that delivers to an mbox holds a POSIX lock on it while
 * it writes. The reader that reaches the end meanwhile waits for the
 * lock to go and reads the last message whole, not the half written so
 * far. */
static void
test_mbox_being_written (void)
{
  static const char * const names[] = { "bounce-postfix.eml", "bounce-exim.eml" };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "bounces.mbox", NULL);
  g_autoptr(Mbox) mbox = build_mbox (names, G_N_ELEMENTS (names), "\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  gsize missing = write_half_mbox (path, mbox);
  const char *rest = (const char *) g_bytes_get_data (mbox->contents, NULL) +
                     g_bytes_get_size (mbox->contents) - missing;
  BvSourceItem item;
  int ready[2];
  int status;
  char byte;
  pid_t writer;

  g_assert_cmpint (pipe (ready), ==, 0);
  writer = fork ();
  g_assert_cmpint (writer, >=, 0);
  if (writer == 0)
    {
      /* The mail server: lock, tell the test, write the rest later. */
      struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
      int fd = open (path, O_WRONLY | O_APPEND);

      if (fd < 0 || fcntl (fd, F_SETLKW, &lock) != 0 || write (ready[1], "l", 1) != 1)
        _exit (1);
      g_usleep (300 * 1000);
      if (write (fd, rest, missing) != (ssize_t) missing)
        _exit (1);
      close (fd);
      _exit (0);
    }
  g_assert_cmpint (read (ready[0], &byte, 1), ==, 1);
  close (ready[0]);
  close (ready[1]);

  source = bv_source_open (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (bv_source_next (source, &item, &error));
      g_assert_no_error (error);
      g_assert_null (item.error);
      g_assert_true (g_bytes_equal (item.data, g_ptr_array_index (mbox->messages, i)));
      bv_source_item_clear (&item);
    }
  g_assert_false (bv_source_next (source, &item, &error));
  g_assert_no_error (error);

  g_assert_cmpint (waitpid (writer, &status, 0), ==, writer);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  bv_test_remove_tree (root);
}

/* A recent dot-lock file means that a mail server is writing too. When
 * it stays longer than the reader waits, the half message at the end is
 * one failure with that reason, and the next import reads it whole. A
 * dot-lock file left behind long ago changes nothing. */
static void
test_mbox_dotlock (void)
{
  static const char * const names[] = { "bounce-postfix.eml", "bounce-exim.eml" };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "bounces.mbox", NULL);
  g_autofree char *dotlock = g_strconcat (path, ".lock", NULL);
  g_autoptr(Mbox) mbox = build_mbox (names, G_N_ELEMENTS (names), "\n");
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  struct utimbuf long_ago = { 0 };
  BvSourceItem item;
  gint64 start;

  write_half_mbox (path, mbox);
  write_file (dotlock, empty);

  start = g_get_monotonic_time ();
  source = bv_source_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (bv_source_next (source, &item, &error));
  g_assert_true (g_bytes_equal (item.data, g_ptr_array_index (mbox->messages, 0)));
  bv_source_item_clear (&item);
  g_assert_true (bv_source_next (source, &item, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (item.index, ==, 2);
  g_assert_null (item.data);
  g_assert_error (item.error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (item.error->message, "still writing"));
  bv_source_item_clear (&item);
  g_assert_false (bv_source_next (source, &item, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_clear_pointer (&source, bv_source_free);

  /* A stale dot-lock: the reader does not wait, and takes the file as
   * it is. */
  write_file (path, mbox->contents);
  long_ago.actime = long_ago.modtime = time (NULL) - 3600;
  g_assert_cmpint (utime (dotlock, &long_ago), ==, 0);
  start = g_get_monotonic_time ();
  source = bv_source_open (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (bv_source_next (source, &item, &error));
      g_assert_null (item.error);
      g_assert_true (g_bytes_equal (item.data, g_ptr_array_index (mbox->messages, i)));
      bv_source_item_clear (&item);
    }
  g_assert_false (bv_source_next (source, &item, &error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* Reading a stored message again, to show its source, waits for no
   * mail server, recent dot-lock file or not. */
  g_assert_cmpint (utime (dotlock, NULL), ==, 0);
  start = g_get_monotonic_time ();
  {
    g_autoptr(GBytes) again = bv_source_load_message (path, 2, g_array_index (mbox->offsets, guint64, 1),
                                                      &error);

    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (again, g_ptr_array_index (mbox->messages, 1)));
  }
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  bv_test_remove_tree (root);
}

/* A "From " line that names no date still starts a message when a
 * header field follows it, as some programs write their mbox files, and
 * a byte order mark before the first one leaves the file an mbox. */
static void
test_mbox_undated_from_lines (void)
{
  static const char * const from_lines[] = { "From MAILER-DAEMON", "From ", "From sender 1310126914" };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "undated.mbox", NULL);
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  g_autoptr(GPtrArray) items = NULL;

  /* A byte order mark and a blank line before the first "From " line. */
  g_string_append (contents, "\xef\xbb\xbf\n");
  for (guint i = 0; i < G_N_ELEMENTS (from_lines); i++)
    g_string_append_printf (contents,
                            "%s\nFrom: club@example.org\nSubject: Note %u\n\nBody %u.\n\n",
                            from_lines[i], i + 1, i + 1);
  g_assert_true (g_file_set_contents (path, contents->str, contents->len, NULL));

  source = bv_source_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bv_source_get_kind (source), ==, BV_SOURCE_MBOX);
  items = list_items (source);
  g_assert_cmpuint (items->len, ==, G_N_ELEMENTS (from_lines));
  g_assert_cmpuint (bv_source_get_total (source), ==, G_N_ELEMENTS (from_lines));

  bv_test_remove_tree (root);
}

/* The total that the progress shows counts every message of a large
 * mbox, also those whose "From " line the counting reads across two
 * chunks of 1 MiB. */
static void
test_mbox_total_across_chunks (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "large.mbox", NULL);
  g_autoptr(GString) contents = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  guint n_messages = 0;

  /* Messages of 997 bytes and more, so that their "From " lines fall at
   * every offset around the ends of the chunks. */
  while (contents->len < 3 * 1024 * 1024 + 5000)
    {
      g_string_append_printf (contents,
                              "From MAILER-DAEMON Mon Jan  1 10:00:00 2024\n"
                              "From: club@example.org\nSubject: Note %u\n\n", n_messages);
      for (guint i = 0; i < 9 + n_messages % 7; i++)
        g_string_append (contents, "A line of the body, long enough to fill the message up.\n");
      g_string_append_c (contents, '\n');
      n_messages++;
    }
  g_assert_true (g_file_set_contents (path, contents->str, contents->len, NULL));

  source = bv_source_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bv_source_get_total (source), ==, n_messages);

  bv_test_remove_tree (root);
}

/* A stray "\r" in a later "From " line changes nothing: loaded again
 * from its offset, each message gives the same bytes as the scan. */
static void
test_mbox_stray_cr_reload (void)
{
  static const char contents[] =
    "From MAILER-DAEMON Mon Jan  1 10:00:00 2024\n"
    "From: club@example.org\nSubject: One\n\nBody one.\n\n"
    "From someone M\ron Jan  1 12:00:00 2024\n"
    "From: club@example.org\nSubject: Two\n\nBody two.\nLast line\n\n"
    "From MAILER-DAEMON Mon Jan  1 14:00:00 2024\n"
    "From: club@example.org\nSubject: Three\n\nBody three.\n";
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "stray.mbox", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  BvSourceItem item;
  guint n_items = 0;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  source = bv_source_open (path, &error);
  g_assert_no_error (error);

  while (bv_source_next (source, &item, &error))
    {
      g_autoptr(GBytes) loaded = bv_source_load_message (path, item.index, item.offset, &error);

      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (loaded, item.data));
      bv_source_item_clear (&item);
      n_items++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n_items, ==, 3);

  bv_test_remove_tree (root);
}

/* Loads a message past the end of an mbox, as when the mbox was cut
 * short after the import. */
static void
test_mbox_message_gone (void)
{
  static const char * const names[] = { "ordinary.eml" };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "short.mbox", NULL);
  g_autoptr(Mbox) mbox = build_mbox (names, G_N_ELEMENTS (names), "\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  write_file (path, mbox->contents);
  bytes = bv_source_load_message (path, 2, g_bytes_get_size (mbox->contents), &error);

  g_assert_null (bytes);
  g_assert_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));

  bv_test_remove_tree (root);
}

static void
test_single_file (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = add_message (root, "bounce.eml", "bounce-postfix.eml");
  g_autoptr(GBytes) expected = read_data ("bounce-postfix.eml");
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  g_autoptr(GBytes) loaded = NULL;
  BvSourceItem item;

  source = bv_source_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bv_source_get_kind (source), ==, BV_SOURCE_FILE);
  g_assert_cmpuint (bv_source_get_total (source), ==, 1);

  g_assert_true (bv_source_next (source, &item, &error));
  g_assert_cmpstr (item.path, ==, path);
  g_assert_cmpuint (item.index, ==, 0);
  loaded = bv_source_item_load (&item, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (loaded, expected));
  bv_source_item_clear (&item);

  g_assert_false (bv_source_next (source, &item, &error));
  g_assert_no_error (error);

  bv_test_remove_tree (root);
}

/* A folder of message files, with an mbox, a subfolder and a Maildir
 * inside that subfolder. Entries are read in name order, and the
 * messages of a subfolder come where its name sorts. */
static void
test_folder (void)
{
  static const char * const mbox_names[] = { "bounce-exim.eml", "complaint.eml" };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *folder = make_dir (root, "mail");
  g_autofree char *nested = make_dir (folder, "nested");
  g_autofree char *maildir = make_maildir (nested, "inbox");
  g_autofree char *cur = g_build_filename (maildir, "cur", NULL);
  g_autofree char *new = g_build_filename (maildir, "new", NULL);
  g_autofree char *tmp = g_build_filename (maildir, "tmp", NULL);
  g_autofree char *mbox_path = g_build_filename (folder, "club.mbox", NULL);
  g_autoptr(Mbox) mbox = build_mbox (mbox_names, G_N_ELEMENTS (mbox_names), "\n");
  g_autofree char *a = add_message (folder, "a-bounce.eml", "bounce-postfix.eml");
  g_autofree char *b = add_message (folder, "b-ordinary.eml", "ordinary.eml");
  g_autofree char *c = add_message (nested, "c-auto.eml", "auto-reply.eml");
  g_autofree char *x = add_message (cur, "1773300010.M1P200.host:2,S", "ordinary-from-lines.eml");
  g_autofree char *y = add_message (new, "1773300011.M2P200.host", "ordinary.eml");
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_auto(GStrv) expected = NULL;

  write_file (mbox_path, mbox->contents);
  g_free (add_message (tmp, "1773300012.M3P200.host", "complaint.eml"));
  g_free (add_message (folder, ".hidden.eml", "complaint.eml"));

  expected = g_new0 (char *, 8);
  expected[0] = g_strconcat (a, "#0", NULL);
  expected[1] = g_strconcat (b, "#0", NULL);
  expected[2] = g_strconcat (mbox_path, "#1", NULL);
  expected[3] = g_strconcat (mbox_path, "#2", NULL);
  expected[4] = g_strconcat (c, "#0", NULL);
  expected[5] = g_strconcat (x, "#0", NULL);
  expected[6] = g_strconcat (y, "#0", NULL);

  source = bv_source_open (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (bv_source_get_kind (source), ==, BV_SOURCE_FOLDER);
  /* The count for progress reads the mbox inside the folder too, so it
   * counts the items that the source hands out. */
  g_assert_cmpuint (bv_source_get_total (source), ==, 7);

  items = list_items (source);
  assert_items (items, (const char * const *) expected, g_strv_length (expected));
  g_assert_cmpuint (bv_source_get_total (source), ==, items->len);

  bv_test_remove_tree (root);
}

/* The count for progress gives the number of items that the walk hands
 * out. Each message of an mbox counts, in a folder, in a subfolder and at
 * the top of a Maildir. A named pipe and a dangling link are one item
 * each, because each becomes a failure. A mail server's own file next
 * to cur/, which is no mail, counts as no item. */
static void
test_folder_total_matches_items (void)
{
  static const char * const mbox_names[] = { "bounce-exim.eml", "complaint.eml",
                                             "bounce-postfix.eml" };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *folder = make_dir (root, "mail");
  g_autofree char *nested = make_dir (folder, "nested");
  g_autofree char *maildir = make_maildir (folder, "inbox");
  g_autofree char *cur = g_build_filename (maildir, "cur", NULL);
  g_autofree char *mbox_path = g_build_filename (folder, "club.mbox", NULL);
  g_autofree char *nested_mbox = g_build_filename (nested, "crlf.mbox", NULL);
  g_autofree char *top_mbox = g_build_filename (maildir, "old-bounces.mbox", NULL);
  g_autofree char *server_file = g_build_filename (maildir, "dovecot-uidlist", NULL);
  g_autofree char *pipe = g_build_filename (folder, "pipe.eml", NULL);
  g_autofree char *dangling = g_build_filename (folder, "gone.eml", NULL);
  g_autoptr(Mbox) mbox = build_mbox (mbox_names, G_N_ELEMENTS (mbox_names), "\n");
  g_autoptr(Mbox) crlf_mbox = build_mbox (mbox_names, 2, "\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  g_autoptr(GPtrArray) items = NULL;
  guint64 total;

  g_free (add_message (folder, "a-bounce.eml", "bounce-postfix.eml"));
  g_free (add_message (cur, "1773300010.M1P200.host:2,S", "ordinary.eml"));
  write_file (mbox_path, mbox->contents);
  write_file (nested_mbox, crlf_mbox->contents);
  write_file (top_mbox, mbox->contents);
  g_assert_true (g_file_set_contents (server_file, "3 V1773300000 N4\n", -1, NULL));
  g_assert_cmpint (mkfifo (pipe, 0600), ==, 0);
  g_assert_cmpint (symlink ("nowhere.eml", dangling), ==, 0);

  source = bv_source_open (folder, &error);
  g_assert_no_error (error);
  total = bv_source_get_total (source);
  items = list_items (source);

  /* a-bounce.eml, 3 + 2 mbox messages, cur/'s message, 3 at the top of
   * the Maildir, the pipe and the dangling link. */
  g_assert_cmpuint (items->len, ==, 12);
  g_assert_cmpuint (total, ==, items->len);

  bv_test_remove_tree (root);
}

/* Symbolic links that lead back into the walk, to the folder itself or
 * to a folder walked already, add nothing: each folder is read once. */
static void
test_folder_symlink_loop (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *folder = make_dir (root, "mail");
  g_autofree char *nested = make_dir (folder, "nested");
  g_autofree char *a = add_message (folder, "a-bounce.eml", "bounce-postfix.eml");
  g_autofree char *b = add_message (nested, "b-bounce.eml", "bounce-exim.eml");
  g_autofree char *to_self = g_build_filename (folder, "loop", NULL);
  g_autofree char *to_parent = g_build_filename (nested, "up", NULL);
  g_autofree char *to_nested = g_build_filename (folder, "z-again", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *expected_a = g_strconcat (a, "#0", NULL);
  g_autofree char *expected_b = g_strconcat (b, "#0", NULL);
  const char *expected[] = { expected_a, expected_b };

  g_assert_cmpint (symlink (".", to_self), ==, 0);
  g_assert_cmpint (symlink ("..", to_parent), ==, 0);
  g_assert_cmpint (symlink ("nested", to_nested), ==, 0);

  source = bv_source_open (folder, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bv_source_get_total (source), ==, 2);

  items = list_items (source);
  assert_items (items, expected, G_N_ELEMENTS (expected));

  bv_test_remove_tree (root);
}

/* A relative path gives items with absolute paths, which can be opened
 * again from any working folder. */
static void
test_relative_path_made_absolute (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *folder = make_dir (root, "mail");
  g_autofree char *a = add_message (folder, "a-bounce.eml", "bounce-postfix.eml");
  g_autofree char *previous = g_get_current_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) folder_source = NULL;
  g_autoptr(BvSource) file_source = NULL;
  g_autoptr(GPtrArray) folder_items = NULL;
  g_autoptr(GPtrArray) file_items = NULL;
  g_autofree char *expected = g_strconcat (a, "#0", NULL);

  g_assert_cmpint (g_chdir (root), ==, 0);
  folder_source = bv_source_open ("./mail/../mail", &error);
  g_assert_no_error (error);
  file_source = bv_source_open ("mail/a-bounce.eml", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chdir (previous), ==, 0);

  g_assert_cmpstr (bv_source_get_path (folder_source), ==, folder);
  folder_items = list_items (folder_source);
  assert_items (folder_items, (const char *[]) { expected }, 1);
  file_items = list_items (file_source);
  assert_items (file_items, (const char *[]) { expected }, 1);

  bv_test_remove_tree (root);
}

static void
test_missing_path (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *path = g_build_filename (root, "no-such-mailbox", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) import_error = NULL;
  g_autoptr(BvSource) source = bv_source_open (path, &error);
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autoptr(BvImporter) importer = bv_importer_new (database);

  g_assert_null (source);
  g_assert_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, path));

  g_assert_false (bv_importer_add_path (importer, path, &import_error));
  g_assert_error (import_error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (import_error->message, path));

  bv_test_remove_tree (root);
}

/* A file that its reader may not open. Opened as a source, it gives an
 * error. Inside a folder, it is one failed message and the import goes on. */
static void
test_unreadable_file (void)
{
  g_autofree char *root = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *readable = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *database = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  g_autoptr(BvImporter) importer = NULL;
  BvImportCounts counts;
  GPtrArray *failures;
  const BvImportFailure *failure;

  if (geteuid () == 0)
    {
      g_test_skip ("root reads every file whatever its mode");
      return;
    }

  root = make_tmp_dir ();
  folder = make_dir (root, "mail");
  readable = add_message (folder, "a-bounce.eml", "bounce-postfix.eml");
  secret = add_message (folder, "b-secret.eml", "bounce-exim.eml");
  database = g_build_filename (root, "events.sqlite", NULL);
  g_assert_cmpint (g_chmod (secret, 0), ==, 0);

  source = bv_source_open (secret, &error);
  g_assert_null (source);
  g_assert_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, secret));
  g_clear_error (&error);

  importer = bv_importer_new (database);
  g_assert_true (bv_importer_add_path (importer, folder, &error));
  g_assert_no_error (error);
  g_assert_true (bv_importer_run (importer, NULL, &error));
  g_assert_no_error (error);

  bv_importer_get_counts (importer, &counts);
  g_assert_cmpuint (counts.messages, ==, 2);
  g_assert_cmpuint (counts.failures, ==, 1);
  g_assert_cmpuint (counts.events, ==, 1);

  failures = bv_importer_get_failures (importer);
  g_assert_cmpuint (failures->len, ==, 1);
  failure = g_ptr_array_index (failures, 0);
  g_assert_cmpstr (failure->path, ==, secret);
  g_assert_cmpuint (failure->index, ==, 0);
  g_assert_nonnull (strstr (failure->reason, secret));

  g_assert_cmpint (g_chmod (secret, 0600), ==, 0);
  bv_test_remove_tree (root);
}

/* A named pipe in a folder is not read, which could block, but it is an
 * item with an error that names it. */
static void
test_named_pipe (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *folder = make_dir (root, "mail");
  g_autofree char *message = add_message (folder, "a-bounce.eml", "bounce-postfix.eml");
  g_autofree char *pipe = g_build_filename (folder, "b-pipe", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  BvSourceItem item;

  g_assert_cmpint (mkfifo (pipe, 0600), ==, 0);
  source = bv_source_open (folder, &error);
  g_assert_no_error (error);

  g_assert_true (bv_source_next (source, &item, &error));
  g_assert_cmpstr (item.path, ==, message);
  g_assert_null (item.error);
  bv_source_item_clear (&item);

  g_assert_true (bv_source_next (source, &item, &error));
  g_assert_cmpstr (item.path, ==, pipe);
  g_assert_error (item.error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (item.error->message, pipe));
  bv_source_item_clear (&item);

  g_assert_false (bv_source_next (source, &item, &error));
  g_assert_no_error (error);
  bv_test_remove_tree (root);
}

/* Runs @body with the path @root as an ordinary user. Root reads every
 * file and folder whatever its mode, so as root @body runs in a child
 * process with the ids of the user "nobody" (65534). Returns FALSE
 * when the child cannot take those ids. */
static gboolean
run_unprivileged (void      (*body) (const char *root),
                  const char *root)
{
  pid_t pid;
  int status = 0;

  if (geteuid () != 0)
    {
      body (root);
      return TRUE;
    }

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      if (setgroups (0, NULL) != 0 || setgid (65534) != 0 || setuid (65534) != 0)
        _exit (77);
      body (root);
      _exit (0);
    }

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    return FALSE;
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return TRUE;
}

/* The checks of test_unreadable_folder(), run as a user who may not
 * read mail/b-locked. */
static void
import_with_unreadable_folder (const char *root)
{
  g_autofree char *folder = g_build_filename (root, "mail", NULL);
  g_autofree char *locked = g_build_filename (folder, "b-locked", NULL);
  g_autofree char *last = g_build_filename (folder, "z-bounce.eml", NULL);
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = NULL;
  g_autoptr(BvImporter) importer = NULL;
  BvSourceItem item;
  BvImportCounts counts;
  GPtrArray *failures;
  const BvImportFailure *failure;

  /* The source hands out the locked folder as an item with its error,
   * between the files around it. */
  source = bv_source_open (folder, &error);
  g_assert_no_error (error);
  g_assert_true (bv_source_next (source, &item, &error));
  g_assert_null (item.error);
  bv_source_item_clear (&item);
  g_assert_true (bv_source_next (source, &item, &error));
  g_assert_cmpstr (item.path, ==, locked);
  g_assert_error (item.error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_UNREADABLE);
  bv_source_item_clear (&item);
  g_assert_true (bv_source_next (source, &item, &error));
  g_assert_cmpstr (item.path, ==, last);
  bv_source_item_clear (&item);
  g_assert_false (bv_source_next (source, &item, &error));
  g_assert_no_error (error);

  /* The import records one failure, stores the other two messages and
   * goes on to the path given after the folder, a duplicate here. */
  importer = bv_importer_new (database);
  g_assert_true (bv_importer_add_path (importer, folder, &error));
  g_assert_true (bv_importer_add_path (importer, last, &error));
  g_assert_no_error (error);
  g_assert_true (bv_importer_run (importer, NULL, &error));
  g_assert_no_error (error);

  bv_importer_get_counts (importer, &counts);
  g_assert_cmpuint (counts.failures, ==, 1);
  g_assert_cmpuint (counts.events, ==, 2);
  g_assert_cmpuint (counts.duplicates, ==, 1);
  failures = bv_importer_get_failures (importer);
  g_assert_cmpuint (failures->len, ==, 1);
  failure = g_ptr_array_index (failures, 0);
  g_assert_cmpstr (failure->path, ==, locked);
  g_assert_nonnull (strstr (failure->reason, locked));
}

/* A subfolder that the importing user may not read, such as another
 * user's folder in a mail spool, is one failure: the rest of the folder
 * and the paths after it are read. */
static void
test_unreadable_folder (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *folder = make_dir (root, "mail");
  g_autofree char *locked = make_dir (folder, "b-locked");

  g_free (add_message (folder, "a-bounce.eml", "bounce-postfix.eml"));
  g_free (add_message (locked, "c-bounce.eml", "bounce-exim.eml"));
  g_free (add_message (folder, "z-bounce.eml", "auto-reply.eml"));
  g_assert_cmpint (g_chmod (root, 0777), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
  g_assert_cmpint (g_chmod (locked, 0), ==, 0);

  if (!run_unprivileged (import_with_unreadable_folder, root))
    g_test_skip ("this root may not take the ids of the user nobody");

  g_assert_cmpint (g_chmod (locked, 0700), ==, 0);
  bv_test_remove_tree (root);
}

/* What a file or folder looks like from outside: sizes, modification
 * and change times to the nanosecond, and the contents' SHA-256. Access
 * times are left out, because reading may change them. */
static void
snapshot_tree (const char *path,
               GHashTable *snapshot)
{
  struct stat st;
  char *entry;

  g_assert_cmpint (lstat (path, &st), ==, 0);

  if (S_ISDIR (st.st_mode))
    {
      GDir *dir = g_dir_open (path, 0, NULL);
      const char *name;

      entry = g_strdup_printf ("dir mode=%o mtime=%lld.%09ld ctime=%lld.%09ld",
                               (guint) st.st_mode, (long long) st.st_mtim.tv_sec,
                               st.st_mtim.tv_nsec, (long long) st.st_ctim.tv_sec,
                               st.st_ctim.tv_nsec);
      g_hash_table_insert (snapshot, g_strdup (path), entry);

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          snapshot_tree (child, snapshot);
        }
      g_dir_close (dir);
      return;
    }

  {
    g_autofree char *contents = NULL;
    g_autofree char *digest = NULL;
    gsize length = 0;
    g_autoptr(GError) error = NULL;

    g_file_get_contents (path, &contents, &length, &error);
    g_assert_no_error (error);
    digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
    entry = g_strdup_printf ("file mode=%o size=%lld mtime=%lld.%09ld ctime=%lld.%09ld sha256=%s",
                             (guint) st.st_mode, (long long) st.st_size,
                             (long long) st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
                             (long long) st.st_ctim.tv_sec, st.st_ctim.tv_nsec, digest);
    g_hash_table_insert (snapshot, g_strdup (path), entry);
  }
}

static GHashTable *
take_snapshot (const char *path)
{
  GHashTable *snapshot = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  snapshot_tree (path, snapshot);
  return snapshot;
}

static void
assert_same_snapshot (GHashTable *before,
                      GHashTable *after)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *now = g_hash_table_lookup (after, key);

      if (g_strcmp0 (value, now) != 0)
        g_test_fail_printf ("%s changed: was “%s”, is “%s”", (const char *) key,
                            (const char *) value, now != NULL ? now : "gone");
    }
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
}

/* Imports a Maildir, an mbox with CRLF line ends, a message file and a
 * folder with a nested Maildir and mbox into a database elsewhere, and
 * checks that the import changed nothing in them. */
static void
test_sources_unchanged (void)
{
  static const char * const mbox_names[] = { "bounce-exim.eml", "ordinary-from-lines.eml" };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *store_root = make_tmp_dir ();
  g_autofree char *database = g_build_filename (store_root, "events.sqlite", NULL);
  g_autofree char *maildir = make_maildir (root, "Maildir");
  g_autofree char *cur = g_build_filename (maildir, "cur", NULL);
  g_autofree char *new = g_build_filename (maildir, "new", NULL);
  g_autofree char *mbox_path = g_build_filename (root, "archive.mbox", NULL);
  g_autofree char *single = NULL;
  g_autofree char *folder = make_dir (root, "folder");
  g_autofree char *nested = make_maildir (folder, "nested");
  g_autofree char *nested_cur = g_build_filename (nested, "cur", NULL);
  g_autofree char *nested_mbox = g_build_filename (folder, "nested.mbox", NULL);
  g_autoptr(Mbox) mbox = build_mbox (mbox_names, G_N_ELEMENTS (mbox_names), "\r\n");
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autoptr(BvImporter) importer = bv_importer_new (database);
  g_autoptr(GError) error = NULL;
  BvImportCounts counts;

  g_free (add_message (cur, "1773300020.M1P300.host:2,S", "bounce-postfix.eml"));
  g_free (add_message (new, "1773300021.M2P300.host", "auto-reply.eml"));
  write_file (mbox_path, mbox->contents);
  single = add_message (root, "single.eml", "complaint.eml");
  g_free (add_message (folder, "note.eml", "ordinary.eml"));
  g_free (add_message (nested_cur, "1773300022.M3P300.host:2,RS", "bounce-postfix.eml"));
  write_file (nested_mbox, mbox->contents);

  before = take_snapshot (root);

  /* Let the modification times of anything rewritten differ. */
  g_usleep (20 * 1000);

  g_assert_true (bv_importer_add_path (importer, maildir, &error));
  g_assert_true (bv_importer_add_path (importer, mbox_path, &error));
  g_assert_true (bv_importer_add_path (importer, single, &error));
  g_assert_true (bv_importer_add_path (importer, folder, &error));
  g_assert_no_error (error);
  g_assert_true (bv_importer_run (importer, NULL, &error));
  g_assert_no_error (error);

  bv_importer_get_counts (importer, &counts);
  /* The writer counts the sources while the reader reads them. */
  g_assert_cmpuint (counts.total, ==, 9);
  g_assert_cmpuint (counts.messages, ==, 9);
  g_assert_cmpuint (counts.failures, ==, 0);
  /* Identical bytes are one message, so the nested Maildir's bounce and
   * the second mbox's two messages count as duplicates. */
  g_assert_cmpuint (counts.duplicates, ==, 3);
  g_assert_cmpuint (counts.not_bounces, ==, 2);
  g_assert_cmpuint (counts.events, ==, 5);

  after = take_snapshot (root);
  assert_same_snapshot (before, after);

  bv_test_remove_tree (root);
  bv_test_remove_tree (store_root);
}

static gboolean
keep_source (const BvStoredEvent *stored,
             gpointer             user_data)
{
  char **source = user_data;

  g_free (*source);
  *source = g_strdup (stored->source);
  return TRUE;
}

/* Files next to cur/ and new/: an mbox and a message that someone put
 * there are read, and the files of mail servers are left out without a
 * failure each. */
static void
test_maildir_top_files (void)
{
  static const char * const mbox_names[] = { "bounce-exim.eml", "bounce-postfix.eml" };
  static const guint8 index_bytes[] = { 0x02, 0x01, 0x00, 0x00, 0x88, 0x00, 'I', 0x00, 0xff };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autofree char *maildir = make_maildir (root, "Maildir");
  g_autofree char *cur = g_build_filename (maildir, "cur", NULL);
  g_autofree char *mbox_path = g_build_filename (maildir, "old-bounces.mbox", NULL);
  g_autofree char *index_path = g_build_filename (maildir, "dovecot.index", NULL);
  g_autoptr(Mbox) mbox = build_mbox (mbox_names, G_N_ELEMENTS (mbox_names), "\n");
  g_autoptr(BvImporter) importer = bv_importer_new (database);
  g_autoptr(GError) error = NULL;
  BvImportCounts counts;
  const struct
  {
    const char *name;
    const char *contents;
  } server_files[] = {
    { "dovecot-uidlist", "3 V1773300000 N4 G0123456789abcdef\n1 :1773300020.M1P300.host\n" },
    { "dovecot-keywords", "0 $Junk\n" },
    { "subscriptions", "Archive:2024\nSent\nJunk\n" },
    { "maildirfolder", "" },
    { "maildirsize", "1000000S,1000C\n4096 1\n" },
  };

  g_free (add_message (cur, "1773300020.M1P300.host:2,S", "bounce-postfix.eml"));
  g_free (add_message (maildir, "forwarded.eml", "complaint.eml"));
  write_file (mbox_path, mbox->contents);
  for (guint i = 0; i < G_N_ELEMENTS (server_files); i++)
    {
      g_autofree char *path = g_build_filename (maildir, server_files[i].name, NULL);

      g_assert_true (g_file_set_contents (path, server_files[i].contents, -1, NULL));
    }
  g_assert_true (g_file_set_contents (index_path, (const char *) index_bytes, sizeof index_bytes, NULL));

  g_assert_true (bv_importer_add_path (importer, maildir, &error));
  g_assert_no_error (error);
  g_assert_true (bv_importer_run (importer, NULL, &error));
  g_assert_no_error (error);

  bv_importer_get_counts (importer, &counts);
  /* cur/'s bounce, the message and the two of the mbox. */
  g_assert_cmpuint (counts.messages, ==, 4);
  g_assert_cmpuint (counts.failures, ==, 0);
  g_assert_cmpuint (counts.not_bounces, ==, 0);
  g_assert_cmpuint (counts.total, ==, counts.messages);
  /* The complaint and the mbox's Exim bounce are new; its Postfix bounce
   * has the bytes of cur/'s, so it is the same message. */
  g_assert_cmpuint (counts.duplicates, ==, 1);
}

/* A mail client moves a message it read from new/ to cur/ under a new
 * name. The next import finds it known, adds no event, and stores where
 * it is now, so that the window can show its source again. */
static void
test_moved_message (void)
{
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autofree char *maildir = make_maildir (root, "Maildir");
  g_autofree char *new = g_build_filename (maildir, "new", NULL);
  g_autofree char *unread = add_message (new, "1773300030.M1P400.host", "bounce-postfix.eml");
  g_autofree char *read = g_build_filename (maildir, "cur", "1773300030.M1P400.host:2,S", NULL);
  g_autofree char *source = NULL;
  g_autoptr(BvStore) store = NULL;
  g_autoptr(GError) error = NULL;
  BvImportCounts counts;

  bv_test_import_path (database, maildir, &counts);
  g_assert_cmpuint (counts.events, ==, 1);

  g_assert_cmpint (g_rename (unread, read), ==, 0);
  bv_test_import_path (database, maildir, &counts);
  g_assert_cmpuint (counts.events, ==, 0);
  g_assert_cmpuint (counts.duplicates, ==, 1);

  store = bv_store_open (database, BV_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (bv_store_foreach_event (store, NULL, keep_source, &source, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (source, ==, read);
  g_clear_pointer (&store, bv_store_close);

  bv_test_remove_tree (root);
}

static gboolean
keep_position (const BvStoredEvent *stored,
               gpointer             user_data)
{
  GHashTable *positions = user_data;

  /* Each report has a subject of its own. */
  g_hash_table_insert (positions, g_strdup (stored->report_subject),
                       g_strdup_printf ("%" G_GUINT64_FORMAT "@%" G_GUINT64_FORMAT,
                                        stored->source_index, stored->source_offset));
  return TRUE;
}

/* An mbox from which a mail client deleted a message, compacting the
 * file: the next import adds nothing, and stores where the other
 * messages are now, so that Show Source finds them. */
static void
test_compacted_mbox (void)
{
  static const char * const before_names[] = { "bounce-postfix.eml", "bounce-exim.eml",
                                                "complaint.eml" };
  static const char * const after_names[] = { "bounce-exim.eml", "complaint.eml" };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autofree char *path = g_build_filename (root, "bounces.mbox", NULL);
  g_autoptr(Mbox) before = build_mbox (before_names, G_N_ELEMENTS (before_names), "\n");
  g_autoptr(Mbox) after = build_mbox (after_names, G_N_ELEMENTS (after_names), "\n");
  g_autoptr(GHashTable) positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           g_free);
  g_autoptr(BvStore) store = NULL;
  g_autoptr(GError) error = NULL;
  BvImportCounts counts;
  GHashTableIter iter;
  gpointer value;

  write_file (path, before->contents);
  bv_test_import_path (database, path, &counts);
  g_assert_cmpuint (counts.messages, ==, 3);

  write_file (path, after->contents);
  bv_test_import_path (database, path, &counts);
  g_assert_cmpuint (counts.events, ==, 0);
  g_assert_cmpuint (counts.duplicates, ==, 2);

  store = bv_store_open (database, BV_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (bv_store_foreach_event (store, NULL, keep_position, positions, &error));
  g_assert_no_error (error);
  g_clear_pointer (&store, bv_store_close);

  /* The exim bounce is now the first message (1@0) and the complaint the
   * second. The deleted postfix bounce keeps its old place, also 1@0.
   * Before, they were second and third. */
  {
    g_autofree char *second = g_strdup_printf ("2@%" G_GUINT64_FORMAT,
                                               g_array_index (after->offsets, guint64, 1));
    guint n_first = 0, n_second = 0;

    g_assert_cmpuint (g_hash_table_size (positions), ==, 3);
    g_hash_table_iter_init (&iter, positions);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        n_first += g_str_equal (value, "1@0") ? 1 : 0;
        n_second += g_str_equal (value, second) ? 1 : 0;
      }
    g_assert_cmpuint (n_first, ==, 2);
    g_assert_cmpuint (n_second, ==, 1);
  }

  bv_test_remove_tree (root);
}

/* An mbox with the same message twice: imports after the first leave
 * the stored place as it is, instead of moving it to and fro. */
static void
test_mbox_same_message_twice (void)
{
  static const char * const names[] = { "bounce-postfix.eml", "bounce-exim.eml",
                                        "bounce-postfix.eml" };
  g_autofree char *root = make_tmp_dir ();
  g_autofree char *database = g_build_filename (root, "events.sqlite", NULL);
  g_autofree char *path = g_build_filename (root, "bounces.mbox", NULL);
  g_autoptr(Mbox) mbox = build_mbox (names, G_N_ELEMENTS (names), "\n");
  g_autoptr(GHashTable) first = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) later = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(BvStore) store = NULL;
  g_autoptr(GError) error = NULL;
  BvImportCounts counts;

  write_file (path, mbox->contents);
  bv_test_import_path (database, path, &counts);
  store = bv_store_open (database, BV_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (bv_store_foreach_event (store, NULL, keep_position, first, &error));
  g_clear_pointer (&store, bv_store_close);

  bv_test_import_path (database, path, &counts);
  g_assert_cmpuint (counts.events, ==, 0);
  store = bv_store_open (database, BV_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (bv_store_foreach_event (store, NULL, keep_position, later, &error));
  g_clear_pointer (&store, bv_store_close);

  g_assert_cmpuint (g_hash_table_size (later), ==, g_hash_table_size (first));
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, first);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_assert_cmpstr (g_hash_table_lookup (later, key), ==, value);
  }

  bv_test_remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bounceview/sources/maildir", test_maildir);
  g_test_add_func ("/bounceview/sources/mbox-total-across-chunks", test_mbox_total_across_chunks);
  g_test_add_func ("/bounceview/sources/maildir-file-sizes", test_maildir_file_sizes);
  g_test_add_func ("/bounceview/sources/maildir-plus-folders", test_maildir_plus_folders);
  g_test_add_func ("/bounceview/sources/maildir-top-files", test_maildir_top_files);
  g_test_add_func ("/bounceview/sources/moved-message", test_moved_message);
  g_test_add_func ("/bounceview/sources/compacted-mbox", test_compacted_mbox);
  g_test_add_func ("/bounceview/sources/mbox-same-message-twice", test_mbox_same_message_twice);
  g_test_add_func ("/bounceview/sources/mbox-crlf", test_mbox_crlf);
  g_test_add_func ("/bounceview/sources/mbox-cr-only", test_mbox_cr_only);
  g_test_add_func ("/bounceview/sources/mbox-from-lines-in-body", test_mbox_from_lines_in_body);
  g_test_add_func ("/bounceview/sources/mbox-undated-from-lines", test_mbox_undated_from_lines);
  g_test_add_func ("/bounceview/sources/mbox-stray-cr-reload", test_mbox_stray_cr_reload);
  g_test_add_func ("/bounceview/sources/mbox-message-gone", test_mbox_message_gone);
  g_test_add_func ("/bounceview/sources/mbox-being-written", test_mbox_being_written);
  g_test_add_func ("/bounceview/sources/mbox-dotlock", test_mbox_dotlock);
  g_test_add_func ("/bounceview/sources/single-file", test_single_file);
  g_test_add_func ("/bounceview/sources/folder", test_folder);
  g_test_add_func ("/bounceview/sources/folder-total-matches-items",
                   test_folder_total_matches_items);
  g_test_add_func ("/bounceview/sources/folder-symlink-loop", test_folder_symlink_loop);
  g_test_add_func ("/bounceview/sources/relative-path-made-absolute",
                   test_relative_path_made_absolute);
  g_test_add_func ("/bounceview/sources/missing-path", test_missing_path);
  g_test_add_func ("/bounceview/sources/unreadable-file", test_unreadable_file);
  g_test_add_func ("/bounceview/sources/unreadable-folder", test_unreadable_folder);
  g_test_add_func ("/bounceview/sources/named-pipe", test_named_pipe);
  g_test_add_func ("/bounceview/sources/sources-unchanged", test_sources_unchanged);

  return g_test_run ();
}
