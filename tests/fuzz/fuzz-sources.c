/* fuzz-sources.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* libFuzzer harness for the mbox and Maildir readers. The first input
 * byte picks the layout, the rest is written to files in a private
 * temporary folder, and the harness reads them the way the importer
 * does: bv_source_next(), bv_source_item_load(), bv_decode().
 *
 *   byte 0, bit 0 set:   the rest is one mbox file; with bit 1 set a
 *                        "From " line is put before it
 *   byte 0, bit 0 clear: the rest is split at each MESSAGE_SEPARATOR
 *                        into message files of a Maildir (cur/ and new/
 *                        in turn); with bit 2 set they go into a plain
 *                        folder and one of its subfolders instead
 *
 * For each mbox message it also checks that bv_source_load_message(),
 * which the window uses to show a message's source, reads back the same
 * bytes from the recorded index and offset. */

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bv-decoder.h"
#include "bv-source.h"
#include "test-util.h"

#define MESSAGE_SEPARATOR "\n%%%\n"
#define MAX_FILES 32
#define MAX_ITEMS 100000

static char *work_dir;

static void
remove_work_dir (void)
{
  if (work_dir != NULL)
    bv_test_remove_tree (work_dir);
}

static void
write_file (const char *path,
            const char *prefix,
            const void *data,
            size_t      size)
{
  FILE *file = fopen (path, "wb");

  if (file == NULL)
    {
      perror (path);
      abort ();
    }
  if (prefix != NULL)
    fputs (prefix, file);
  if (size > 0 && fwrite (data, 1, size, file) != size)
    abort ();
  if (fclose (file) != 0)
    abort ();
}

static void
make_dir (const char *path)
{
  if (g_mkdir (path, 0700) != 0 && errno != EEXIST)
    {
      perror (path);
      abort ();
    }
}

/* Writes the pieces of @data between separators as message files. */
static void
write_messages (const char *root,
                gboolean    maildir,
                const char *data,
                size_t      size)
{
  g_autofree char *cur = g_build_filename (root, maildir ? "cur" : "sub", NULL);
  g_autofree char *new = g_build_filename (root, maildir ? "new" : ".", NULL);
  size_t start = 0;
  guint n = 0;

  make_dir (root);
  make_dir (cur);
  make_dir (new);
  if (maildir)
    {
      g_autofree char *tmp = g_build_filename (root, "tmp", NULL);

      make_dir (tmp);
    }

  while (start <= size && n < MAX_FILES)
    {
      const char *hit = memmem (data + start, size - start, MESSAGE_SEPARATOR,
                                strlen (MESSAGE_SEPARATOR));
      size_t end = hit != NULL ? (size_t) (hit - data) : size;
      g_autofree char *name = g_strdup_printf ("%u.fuzz.example:2,S", n);
      g_autofree char *path = g_build_filename (n % 2 == 0 ? cur : new, name, NULL);

      write_file (path, NULL, data + start, end - start);
      n++;
      if (hit == NULL)
        break;
      start = end + strlen (MESSAGE_SEPARATOR);
    }
}

static void
check_reload (const BvSourceItem *item,
              GBytes             *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) again = NULL;

  if (item->index == 0)
    return;

  again = bv_source_load_message (item->path, item->index, item->offset, &error);
  if (again == NULL || !g_bytes_equal (again, bytes))
    {
      fprintf (stderr, "message %" G_GUINT64_FORMAT " at offset %" G_GUINT64_FORMAT
               " reads back differently: %s\n", item->index, item->offset,
               error != NULL ? error->message : "other bytes");
      abort ();
    }
}

static void
read_source (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BvSource) source = bv_source_open (path, &error);
  BvSourceItem item;
  guint n_items = 0;

  if (source == NULL)
    return;

  bv_source_get_total (source);
  while (n_items < MAX_ITEMS && bv_source_next (source, &item, &error))
    {
      g_autoptr(GError) load_error = NULL;
      g_autoptr(GBytes) bytes = bv_source_item_load (&item, &load_error);

      n_items++;
      if (bytes != NULL)
        {
          gsize length;
          const char *data = g_bytes_get_data (bytes, &length);
          BvDecodeResult *result = bv_decode (data != NULL ? data : "", length);

          if (result->status == BV_DECODE_FAILED && result->error == NULL)
            abort ();
          bv_decode_result_free (result);
          check_reload (&item, bytes);
        }
      bv_source_item_clear (&item);
    }
}

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;

  work_dir = g_dir_make_tmp ("bv-fuzz-sources-XXXXXX", &error);
  if (work_dir == NULL)
    {
      fprintf (stderr, "fuzz-sources: %s\n", error->message);
      abort ();
    }
  atexit (remove_work_dir);
  bv_decoder_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *rest = (const char *) data + 1;
  guint8 flags;

  if (size == 0)
    return 0;
  flags = data[0];
  size--;

  if (flags & 1)
    {
      g_autofree char *path = g_build_filename (work_dir, "mbox", NULL);

      write_file (path, (flags & 2) ? "From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n" : NULL,
                  rest, size);
      read_source (path);
      g_unlink (path);
    }
  else
    {
      gboolean maildir = (flags & 4) == 0;
      g_autofree char *root = g_build_filename (work_dir, maildir ? "Maildir" : "folder", NULL);

      write_messages (root, maildir, rest, size);
      read_source (root);
      bv_test_remove_tree (root);
    }

  return 0;
}
