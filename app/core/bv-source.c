/* bv-source.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Import sources: a Maildir, an mbox file, one message file, a folder of
 * them. A source hands out one item a message, in a stable order for
 * folders of ordinary size, and keeps memory flat for huge ones: it never
 * lists more than one batch of a directory and reads mbox files in
 * chunks. Nothing here opens a file for writing, and files are opened
 * with O_NOATIME where the system allows it, so not even their access
 * times change. */

#define G_LOG_DOMAIN "bounceview-source"

#include "bv-source.h"
#include "bv-decoder.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

/* A directory listing is sorted when it has at most this many entries;
 * a larger one is read in batches of this size, in the order the file
 * system returns them, so that memory stays flat. */
#define DIR_BATCH 50000

#define MBOX_CHUNK (1024 * 1024)
/* The bytes of a file's start that tell an mbox from a message. */
#define MBOX_HEAD 1024

/* Message files up to this size are read by the source's thread, which
 * opens them anyway to tell an mbox from a message. The importer has at
 * most about 560 items in its queues, so such files take at most 36 MB. */
#define PRELOAD_MAX (64 * 1024)
/* The read size of an mbox reader once it has read as many bytes as the
 * file had when it was opened. */
#define MBOX_TAIL 4096

/* Of a message above the decoder's limit, an mbox scan keeps only one
 * byte more than the limit, enough for the decoder to reject it, so
 * that a message of any size costs at most this much memory. */
#define MBOX_MAX_KEPT ((gsize) BV_DECODE_MAX_SIZE + 1)

G_DEFINE_QUARK (bounceview-source-error-quark, bv_source_error)

typedef enum
{
  WALK_MAILDIR,                 /* files of cur/ and new/, and mail files at the top */
  WALK_FOLDER,                  /* files, mbox files, subfolders, Maildirs */
} WalkKind;

typedef struct
{
  WalkKind kind;
  char *path;                   /* the directory, as the user named it */
  const char * const *subdirs;  /* for a Maildir: "cur", "new", then MAILDIR_TOP */
  guint subdir_index;
  char *current;                /* the directory being listed */
  gboolean at_top;              /* current is the Maildir itself, not cur/ or new/ */
  DIR *dir;
  GPtrArray *names;
  guint next_name;
  gboolean at_end;
  int holds_database;           /* 1 when current is the database's folder, 0 when not, -1 until checked */
} DirWalk;

typedef struct
{
  char *path;
  int fd;
  GByteArray *buffer;
  gsize start;                  /* where the current message starts in buffer */
  gsize scanned;                /* where the search for the next "From " line resumes */
  guint64 offset;               /* file offset of buffer[0] */
  guint64 index;
  guint64 dropped;              /* bytes of the current message cut out of buffer */
  guint64 size;                 /* of the file when it was opened */
  guint64 read;                 /* bytes read from the file so far */
  gboolean eof;
  gboolean tail_incomplete;     /* the end was still being written when the wait ran out */
  gboolean no_wait;             /* reads one stored message again: waits for no writer */
  gint64 waited;                /* microseconds spent waiting for a mail server to finish */
  guint8 line_end;              /* '\n', or '\r' in a file of CR-only line ends, or 0 until known */
} MboxScan;

struct _BvSource
{
  BvSourceKind kind;
  char *path;
  guint64 total;
  gboolean total_known;

  const BvSourceClass *klass;
  gpointer data;

  GPtrArray *walks;             /* (element-type DirWalk) a stack */
  GHashTable *walked_dirs;      /* (element-type DirId) folders walked or being walked */
  MboxScan *mbox;
  gboolean single_done;

  /* The database an import writes, whose files a folder walk leaves out:
   * its canonical folder and its name. */
  char *database_folder;
  char *database_name;
};

/* The Maildir's own folder, listed after cur/ and new/. Besides those
 * and tmp/, it contains the files of mail servers (dovecot-uidlist,
 * dovecot.index, maildirfolder, subscriptions), which are not mail. At
 * times someone puts an mbox or a message there too, and only those are
 * read (see file_is_mail()). */
#define MAILDIR_TOP "."

static const char * const maildir_subdirs[] = { "cur", "new", MAILDIR_TOP, NULL };

/* A folder, by device and inode, so that a folder reached again through
 * a symbolic link, such as a link to a parent, is walked only once. */
typedef struct
{
  dev_t device;
  ino_t inode;
} DirId;

static guint
dir_id_hash (gconstpointer key)
{
  const DirId *id = key;

  return (guint) id->inode ^ (guint) (id->inode >> 32) ^ (guint) id->device;
}

static gboolean
dir_id_equal (gconstpointer a,
              gconstpointer b)
{
  const DirId *x = a, *y = b;

  return x->device == y->device && x->inode == y->inode;
}

static GHashTable *
dir_set_new (void)
{
  return g_hash_table_new_full (dir_id_hash, dir_id_equal, g_free, NULL);
}

/* Adds the folder of @st to @set; returns FALSE when it was there. */
static gboolean
dir_set_add (GHashTable        *set,
             const struct stat *st)
{
  DirId key = { st->st_dev, st->st_ino };

  if (g_hash_table_contains (set, &key))
    return FALSE;
  g_hash_table_add (set, g_memdup2 (&key, sizeof key));
  return TRUE;
}

const char *
bv_source_kind_to_string (BvSourceKind kind)
{
  switch (kind)
    {
    case BV_SOURCE_MAILDIR:
      return "maildir";
    case BV_SOURCE_MBOX:
      return "mbox";
    case BV_SOURCE_FILE:
      return "file";
    case BV_SOURCE_FOLDER:
      return "folder";
    case BV_SOURCE_NOTMUCH:
      return "notmuch";
    default:
      return "unknown";
    }
}

/* Opens for reading only, without touching the access time where the
 * kernel lets us (O_NOATIME needs the file's owner or CAP_FOWNER). */
static int
open_read_only (const char *path,
                int         extra_flags)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOATIME | extra_flags);

  if (fd < 0 && errno == EPERM)
    fd = open (path, O_RDONLY | O_CLOEXEC | extra_flags);
  return fd;
}

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *path)
{
  int code = saved_errno == ENOENT ? BV_SOURCE_ERROR_NOT_FOUND : BV_SOURCE_ERROR_UNREADABLE;

  g_set_error (error, BV_SOURCE_ERROR, code, _("Cannot read “%s”: %s"), path,
               g_strerror (saved_errno));
}

/* Sets @error for @path, whose file type @mode cannot be read as mail. A
 * named pipe or a device is never opened, because reading it could block
 * or never end. The message is the same whether the user named the file
 * or a folder walk found it. */
static void
set_file_type_error (GError     **error,
                     const char  *path,
                     mode_t       mode)
{
  if (S_ISFIFO (mode))
    g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_UNSUPPORTED,
                 _("“%s” is a named pipe, not a message file, an mbox file or a folder"), path);
  else if (S_ISSOCK (mode))
    g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_UNSUPPORTED,
                 _("“%s” is a socket, not a message file, an mbox file or a folder"), path);
  else if (S_ISCHR (mode) || S_ISBLK (mode))
    g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_UNSUPPORTED,
                 _("“%s” is a device, not a message file, an mbox file or a folder"), path);
  else if (S_ISDIR (mode))
    g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_UNSUPPORTED,
                 _("“%s” is a folder, not a message file"), path);
  else
    g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_UNSUPPORTED,
                 _("“%s” is not a message file, an mbox file or a folder"), path);
}

/* Reads up to @size bytes into @buffer, fewer only at the end of the
 * file, and stores the count in @done. Returns FALSE with errno set
 * when a read fails. */
static gboolean
read_up_to (int    fd,
            char  *buffer,
            gsize  size,
            gsize *done)
{
  *done = 0;
  while (*done < size)
    {
      ssize_t n = read (fd, buffer + *done, size - *done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      *done += n;
    }
  return TRUE;
}

/* Reads @size bytes of @fd, fewer at the end of the file, into bytes
 * that end in a NUL the count leaves out. Returns NULL with errno set
 * when a read fails. */
static GBytes *
read_bytes (int   fd,
            gsize size)
{
  char *buffer = g_malloc (size + 1);
  gsize done;

  if (!read_up_to (fd, buffer, size, &done))
    {
      int saved_errno = errno;

      g_free (buffer);
      errno = saved_errno;
      return NULL;
    }
  buffer[done] = '\0';
  return g_bytes_new_take (buffer, done);
}

/**
 * bv_read_file:
 * @path: a message file
 * @error: return location for an error
 *
 * Reads a whole message file, refusing files larger than the decoder
 * accepts.
 *
 * Returns: (transfer full) (nullable): the bytes
 */
GBytes *
bv_read_file (const char  *path,
              GError     **error)
{
  struct stat st;
  int fd = open_read_only (path, 0);
  GBytes *bytes;

  if (fd < 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }

  if (fstat (fd, &st) != 0)
    {
      set_errno_error (error, errno, path);
      close (fd);
      return NULL;
    }

  if (!S_ISREG (st.st_mode))
    {
      set_file_type_error (error, path, st.st_mode);
      close (fd);
      return NULL;
    }

  if (st.st_size > BV_DECODE_MAX_SIZE)
    {
      /* In MiB, with the bytes, so that a file just over the limit does
       * not read as "64.0 MiB, the limit is 64.0 MiB". */
      g_autofree char *size = g_format_size_full (st.st_size, G_FORMAT_SIZE_IEC_UNITS |
                                                             G_FORMAT_SIZE_LONG_FORMAT);
      g_autofree char *limit = g_format_size_full (BV_DECODE_MAX_SIZE, G_FORMAT_SIZE_IEC_UNITS |
                                                                       G_FORMAT_SIZE_LONG_FORMAT);

      g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_UNSUPPORTED,
                   _("“%s” is too large for a message: %s, the limit is %s"), path, size, limit);
      close (fd);
      return NULL;
    }

  bytes = read_bytes (fd, st.st_size);
  if (bytes == NULL)
    set_errno_error (error, errno, path);
  close (fd);
  return bytes;
}

/**
 * bv_source_head_is_mbox:
 * @head: the start of a file
 * @length: its length
 *
 * Tells an mbox file from a message file by its first line, a "From "
 * line, whatever its line end. A byte order mark or blank lines may come
 * before it. A single message that starts with such a line is an mbox of
 * one message.
 */
gboolean
bv_source_head_is_mbox (const char *head,
                        gsize       length)
{
  gsize i;

  length = MIN (length, MBOX_HEAD);
  i = bv_utf8_bom_length (head, length);
  while (i < length && (head[i] == '\n' || head[i] == '\r'))
    i++;
  return length - i >= 5 && memcmp (head + i, "From ", 5) == 0;
}

/* Tells whether a "From " line names a date, as the line that starts a
 * message in an mbox should: a time of day ("10:00") and a number of
 * four digits, the year. */
static gboolean
is_dated_from_line (const guint8 *line,
                    gsize         length)
{
  gboolean has_time = FALSE;
  gboolean has_year = FALSE;
  guint digits = 0;

  length = MIN (length, 512);
  for (gsize i = 5; i < length && line[i] != '\n' && line[i] != '\r'; i++)
    {
      if (g_ascii_isdigit (line[i]))
        {
          digits++;
          continue;
        }
      if (line[i] == ':' && digits > 0 && i + 2 < length &&
          g_ascii_isdigit (line[i + 1]) && g_ascii_isdigit (line[i + 2]))
        has_time = TRUE;
      if (digits == 4)
        has_year = TRUE;
      digits = 0;
    }
  return has_time && (has_year || digits == 4);
}

static gboolean
file_is_mbox (const char *path)
{
  char head[MBOX_HEAD];
  int fd = open_read_only (path, 0);
  gsize n;
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = read_up_to (fd, head, sizeof head, &n);
  close (fd);
  return ok && bv_source_head_is_mbox (head, n);
}

/* Tells whether @head, the start of a file, starts with a header field
 * ("Return-Path: <>", "Received: from"): a field name of printable ASCII
 * characters other than ':' (RFC 5322, section 2.2), a colon, and a
 * space or a line end. RFC 5322 needs no space, but mail has one, and a
 * mail server's list such as "Archive:2024" does not. */
static gboolean
head_has_header_field (const char *head,
                       gsize       length)
{
  gsize i = bv_utf8_bom_length (head, length);
  gsize name_start = i;

  while (i < length && head[i] > ' ' && head[i] < 0x7f && head[i] != ':')
    i++;
  return i > name_start && i + 1 < length && head[i] == ':' &&
         (head[i + 1] == ' ' || head[i + 1] == '\t' || head[i + 1] == '\r' || head[i + 1] == '\n');
}

/* Tells whether the regular file @fd at the top of a Maildir is mail, an
 * mbox or a message, rather than a mail server's index or list. */
static gboolean
file_is_mail (int fd)
{
  char head[MBOX_HEAD];
  ssize_t n = pread (fd, head, sizeof head, 0);

  return n > 0 && (bv_source_head_is_mbox (head, n) || head_has_header_field (head, n));
}

/* Reads the open regular file @fd, found in a folder, whole when it has
 * at most PRELOAD_MAX bytes, so that the worker does not open it again.
 * Sets @is_mbox when the file is an mbox. Returns the bytes, or NULL for
 * an mbox, a larger file or a failed read: the worker reads such a
 * message file itself and reports any error. */
static GBytes *
preload_file (int       fd,
              gsize     size,
              gboolean *is_mbox)
{
  GBytes *bytes;
  gsize length;
  const char *data;

  *is_mbox = FALSE;
  if (size > PRELOAD_MAX)
    {
      char head[MBOX_HEAD];

      *is_mbox = read_up_to (fd, head, sizeof head, &length) &&
                 bv_source_head_is_mbox (head, length);
      return NULL;
    }

  bytes = read_bytes (fd, size);
  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &length);
  if (bv_source_head_is_mbox (data, length))
    {
      *is_mbox = TRUE;
      g_bytes_unref (bytes);
      return NULL;
    }
  return bytes;
}

static gboolean
dir_is_maildir (const char *path)
{
  g_autofree char *cur = g_build_filename (path, "cur", NULL);
  g_autofree char *new = g_build_filename (path, "new", NULL);

  return g_file_test (cur, G_FILE_TEST_IS_DIR) || g_file_test (new, G_FILE_TEST_IS_DIR);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Returns the Maildir++ folders of the Maildir at @path (".Sent",
 * ".Lists.Bounces"): its subfolders whose names start with a dot and
 * that are Maildirs themselves, in the order of their names. Each is
 * added to @seen, and one that was there already is left out. */
static GPtrArray *
maildir_plus_folders (const char *path,
                      GHashTable *seen)
{
  GPtrArray *folders = g_ptr_array_new_with_free_func (g_free);
  int fd = open_read_only (path, O_DIRECTORY);
  struct dirent *entry;
  DIR *dir;

  if (fd < 0)
    return folders;
  dir = fdopendir (fd);
  if (dir == NULL)
    {
      close (fd);
      return folders;
    }

  while ((entry = readdir (dir)) != NULL)
    {
      g_autofree char *child = NULL;
      struct stat st;

      if (entry->d_name[0] != '.' || g_str_equal (entry->d_name, ".") ||
          g_str_equal (entry->d_name, "..") ||
          (entry->d_type != DT_DIR && entry->d_type != DT_LNK && entry->d_type != DT_UNKNOWN))
        continue;
      child = g_build_filename (path, entry->d_name, NULL);
      if (stat (child, &st) == 0 && S_ISDIR (st.st_mode) && dir_is_maildir (child) &&
          dir_set_add (seen, &st))
        g_ptr_array_add (folders, g_steal_pointer (&child));
    }
  closedir (dir);

  g_ptr_array_sort (folders, compare_paths);
  return folders;
}

static void
dir_walk_free (gpointer data)
{
  DirWalk *walk = data;

  if (walk->dir != NULL)
    closedir (walk->dir);
  g_clear_pointer (&walk->names, g_ptr_array_unref);
  g_free (walk->path);
  g_free (walk->current);
  g_free (walk);
}

static DirWalk *
dir_walk_new (WalkKind    kind,
              const char *path)
{
  DirWalk *walk = g_new0 (DirWalk, 1);

  walk->kind = kind;
  walk->path = g_strdup (path);
  walk->subdirs = kind == WALK_MAILDIR ? maildir_subdirs : NULL;
  return walk;
}

/* Each name in a batch starts with one byte for the type readdir()
 * reports: NAME_FILE for a regular file, NAME_OTHER for any other type
 * or none. A regular file needs no stat() before it is opened, which
 * saves a path lookup per message. */
#define NAME_FILE 'f'
#define NAME_OTHER '?'

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a + 1, *(const char * const *) b + 1);
}

/* Reads the next batch of names of the directory being listed. */
static void
dir_walk_fill (DirWalk *walk)
{
  struct dirent *entry;

  g_clear_pointer (&walk->names, g_ptr_array_unref);
  walk->names = g_ptr_array_new_with_free_func (g_free);
  walk->next_name = 0;

  while (walk->names->len < DIR_BATCH && (entry = readdir (walk->dir)) != NULL)
    {
      /* Dot-files are Maildir bookkeeping or hidden; neither is mail. */
      if (entry->d_name[0] == '.')
        continue;
      g_ptr_array_add (walk->names,
                       g_strdup_printf ("%c%s", entry->d_type == DT_REG ? NAME_FILE : NAME_OTHER,
                                        entry->d_name));
    }

  if (walk->names->len < DIR_BATCH)
    {
      walk->at_end = TRUE;
      if (!walk->names->len || walk->current != NULL)
        g_ptr_array_sort (walk->names, compare_names);
    }
}

/* Opens the next directory of a walk: cur/ then new/ for a Maildir, the
 * folder itself otherwise. Returns FALSE when there is none left. */
static gboolean
dir_walk_open_next (DirWalk  *walk,
                    GError  **error)
{
  while (TRUE)
    {
      g_autofree char *dir_path = NULL;
      int fd;

      if (walk->kind == WALK_MAILDIR)
        {
          const char *subdir = walk->subdirs[walk->subdir_index];

          if (subdir == NULL)
            return FALSE;
          walk->subdir_index++;
          walk->at_top = g_str_equal (subdir, MAILDIR_TOP);
          dir_path = walk->at_top ? g_strdup (walk->path) : g_build_filename (walk->path, subdir, NULL);
          if (!g_file_test (dir_path, G_FILE_TEST_IS_DIR))
            continue;
        }
      else
        {
          if (walk->current != NULL)
            return FALSE;
          dir_path = g_strdup (walk->path);
        }

      fd = open_read_only (dir_path, O_DIRECTORY);
      if (fd < 0 || (walk->dir = fdopendir (fd)) == NULL)
        {
          set_errno_error (error, errno, dir_path);
          if (fd >= 0)
            close (fd);
          /* The walk goes on after this directory: to new/ in a
           * Maildir, to its end in a folder. */
          g_free (walk->current);
          walk->current = g_steal_pointer (&dir_path);
          return FALSE;
        }

      g_free (walk->current);
      walk->current = g_steal_pointer (&dir_path);
      walk->at_end = FALSE;
      walk->holds_database = -1;
      dir_walk_fill (walk);
      return TRUE;
    }
}

/* Returns the next entry of a walk as a full path, or NULL at its end.
 * Sets @is_file when readdir() reported a regular file. */
static char *
dir_walk_next (DirWalk   *walk,
               gboolean  *is_file,
               GError   **error)
{
  while (TRUE)
    {
      if (walk->dir == NULL)
        {
          if (!dir_walk_open_next (walk, error))
            return NULL;
        }

      if (walk->next_name < walk->names->len)
        {
          const char *name = g_ptr_array_index (walk->names, walk->next_name++);

          *is_file = name[0] == NAME_FILE;
          return g_build_filename (walk->current, name + 1, NULL);
        }

      if (!walk->at_end)
        {
          dir_walk_fill (walk);
          continue;
        }

      closedir (walk->dir);
      walk->dir = NULL;
      g_clear_pointer (&walk->names, g_ptr_array_unref);
    }
}

static void
mbox_scan_free (MboxScan *scan)
{
  if (scan == NULL)
    return;
  if (scan->fd >= 0)
    close (scan->fd);
  g_byte_array_unref (scan->buffer);
  g_free (scan->path);
  g_free (scan);
}

static MboxScan *
mbox_scan_new (const char  *path,
               GError     **error)
{
  MboxScan *scan;
  struct stat st;
  int fd = open_read_only (path, 0);

  if (fd < 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }

  scan = g_new0 (MboxScan, 1);
  scan->path = g_strdup (path);
  scan->fd = fd;
  if (fstat (fd, &st) == 0 && st.st_size > 0)
    scan->size = st.st_size;
  scan->buffer = g_byte_array_sized_new (MIN (MBOX_CHUNK, scan->size + MBOX_TAIL));
  return scan;
}

/* How long an mbox reader waits in all for mail servers that are
 * writing to the mbox, and how often it looks again. */
#define MBOX_WRITER_WAIT (3 * G_USEC_PER_SEC)
#define MBOX_WRITER_POLL (20 * 1000)

/* A dot-lock file older than this was left behind by a mail server that
 * stopped; Postfix's stale_lock_time is 500 s. */
#define STALE_DOTLOCK_SECONDS 500

/* Tells whether a mail server is delivering to the mbox now: it holds a
 * POSIX lock on it (Postfix, Exim and procmail take one), an flock()
 * lock, or a recent dot-lock file "PATH.lock" exists. The POSIX lock and
 * the dot-lock file are looked at without taking anything. The flock()
 * lock is tried for reading and given back at once, which keeps a
 * writer waiting for microseconds at most. */
static gboolean
mbox_is_being_written (MboxScan *scan)
{
  struct flock lock = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
  g_autofree char *dotlock = g_strconcat (scan->path, ".lock", NULL);
  struct stat st;

  if (fcntl (scan->fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK)
    return TRUE;
  if (flock (scan->fd, LOCK_SH | LOCK_NB) != 0)
    {
      if (errno == EWOULDBLOCK)
        return TRUE;
    }
  else
    {
      flock (scan->fd, LOCK_UN);
    }
  return stat (dotlock, &st) == 0 &&
         g_get_real_time () / G_USEC_PER_SEC - st.st_mtime < STALE_DOTLOCK_SECONDS;
}

/* Waits at the end of an mbox that a mail server is writing to, because
 * its last message may be only half there. Returns TRUE when the server
 * finished and the mbox should be read on. Returns FALSE when no server
 * writes to it, or when the wait ran out, and then marks the last
 * message incomplete. */
static gboolean
mbox_wait_for_writer (MboxScan *scan)
{
  if (scan->no_wait || !mbox_is_being_written (scan))
    return FALSE;

  while (scan->waited < MBOX_WRITER_WAIT)
    {
      g_usleep (MBOX_WRITER_POLL);
      scan->waited += MBOX_WRITER_POLL;
      if (!mbox_is_being_written (scan))
        return TRUE;
    }
  scan->tail_incomplete = TRUE;
  return FALSE;
}

static gboolean
mbox_read_more (MboxScan  *scan,
                GError   **error)
{
  gsize old_length;
  gsize want;
  ssize_t n;

  /* Drop what was handed out already, once it is half the buffer. */
  if (scan->start > 0 && scan->start >= scan->buffer->len / 2)
    {
      g_byte_array_remove_range (scan->buffer, 0, scan->start);
      scan->offset += scan->start;
      scan->scanned -= scan->start;
      scan->start = 0;
    }

  /* Read the size the file had when it was opened, then small amounts,
   * so that a small mbox never gets a buffer of a whole chunk. */
  want = MBOX_TAIL;
  if (scan->size > scan->read)
    want = MIN (MBOX_CHUNK, scan->size - scan->read);

  old_length = scan->buffer->len;
  g_byte_array_set_size (scan->buffer, old_length + want);
  do
    n = read (scan->fd, scan->buffer->data + old_length, want);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      g_byte_array_set_size (scan->buffer, old_length);
      set_errno_error (error, errno, scan->path);
      return FALSE;
    }

  g_byte_array_set_size (scan->buffer, old_length + n);
  scan->read += n;
  if (n == 0 && !mbox_wait_for_writer (scan))
    scan->eof = TRUE;
  return TRUE;
}

/* The maximum length of a header field name that is_header_field()
 * accepts, in bytes. RFC 5322 recommends lines of at most 78 characters,
 * so a longer name and its colon would not fit on one line. */
#define FIELD_NAME_MAX 77

/* Tells whether @line starts with the name of a header field and its
 * colon ("Return-Path:", "Received:"). */
static gboolean
is_header_field (const guint8 *line,
                 gsize         length)
{
  gsize i = 0;

  while (i < length && i < FIELD_NAME_MAX && line[i] > ' ' && line[i] < 127 && line[i] != ':')
    i++;
  return i > 0 && i < length && line[i] == ':';
}

/* Tells the "From " line that starts a message from a body line that
 * the writer of the mbox left unquoted ("From the start, ..."). A
 * message starts with header fields, so a header field follows its
 * "From " line, whatever that line names as the sender and the date.
 * With no line after it, at the end of the file, the "From " line must
 * name a date. @length counts the bytes from @line to the end of what
 * was read. */
static gboolean
starts_message (const guint8 *line,
                gsize         length,
                guint8        line_end)
{
  const guint8 *stop = memchr (line, line_end, length);
  gsize next;

  if (stop == NULL)
    return is_dated_from_line (line, length);
  next = stop - line + 1;
  if (next >= length)
    return is_dated_from_line (line, length);
  return is_header_field (line + next, length - next);
}

/* How many bytes after the start of a "From " line starts_message()
 * reads at most: its line, and the start of the next. */
#define FROM_LOOKAHEAD 4096

/* starts_message() for count_mbox(), which does not know the line ends
 * of the file: the end of the "From " line shows them. */
static gboolean
counts_as_message (const guint8 *line,
                   gsize         length)
{
  gsize ahead = MIN (length, FROM_LOOKAHEAD);

  return starts_message (line, ahead, memchr (line, '\n', ahead) != NULL ? '\n' : '\r');
}

static gboolean
is_blank_line_before (const guint8 *data,
                      gsize         line_start,
                      guint8        line_end)
{
  /* line_start follows @line_end. The line before it is blank when it
   * is empty or, with LF line ends, only "\r". */
  if (line_start < 2)
    return TRUE;
  if (data[line_start - 2] == line_end)
    return TRUE;
  return line_end == '\n' && line_start >= 3 && data[line_start - 2] == '\r' &&
         data[line_start - 3] == '\n';
}

/* Tells the line ends of an mbox from its first line, which starts at
 * @data: CR-only when that line ends in a "\r" without a "\n" after it. */
static guint8
mbox_line_end (const guint8 *data,
               gsize         length)
{
  const guint8 *cr = memchr (data, '\r', length);
  const guint8 *lf = memchr (data, '\n', length);

  if (cr != NULL && (lf == NULL || cr + 1 < lf))
    return '\r';
  return '\n';
}

/* Cuts what the search for the next "From " line has passed, beyond
 * MBOX_MAX_KEPT bytes of the message that starts at @body_start, out of
 * the buffer. The three bytes before the search position stay, for
 * is_blank_line_before(). */
static void
mbox_drop_excess (MboxScan *scan,
                  gsize     body_start)
{
  gsize keep_end = body_start + MBOX_MAX_KEPT;
  gsize drop_end;

  if (scan->scanned < keep_end + 3)
    return;

  drop_end = scan->scanned - 3;
  g_byte_array_remove_range (scan->buffer, keep_end, drop_end - keep_end);
  scan->dropped += drop_end - keep_end;
  scan->scanned -= drop_end - keep_end;
}

/* Hands out the next message of an mbox: the bytes after its "From "
 * line up to the next "From " line that follows a blank line. */
static gboolean
mbox_next (MboxScan      *scan,
           BvSourceItem  *item,
           GError       **error)
{
  gsize body_start;

  while (TRUE)
    {
      const guint8 *data = scan->buffer->data;
      gsize length = scan->buffer->len;
      const guint8 *nl;
      gsize from_line_end;
      gsize next_from = G_MAXSIZE;

      if (scan->start >= length)
        {
          if (scan->eof)
            return FALSE;
          if (!mbox_read_more (scan, error))
            return FALSE;
          continue;
        }

      if (scan->line_end == 0)
        {
          if (length - scan->start < MBOX_HEAD && !scan->eof)
            {
              if (!mbox_read_more (scan, error))
                return FALSE;
              continue;
            }
          scan->line_end = mbox_line_end (data + scan->start, MIN (length - scan->start, MBOX_HEAD));
        }

      /* The message's own "From " line. */
      nl = memchr (data + scan->start, scan->line_end, length - scan->start);
      if (nl == NULL && !scan->eof)
        {
          if (!mbox_read_more (scan, error))
            return FALSE;
          continue;
        }
      from_line_end = nl != NULL ? (gsize) (nl - data) + 1 : length;

      if (scan->scanned < from_line_end)
        scan->scanned = from_line_end;

      while (scan->scanned + 5 <= length)
        {
          const guint8 *hit = memchr (data + scan->scanned, scan->line_end,
                                      length - scan->scanned);
          gsize line;

          if (hit == NULL)
            {
              scan->scanned = length;
              break;
            }
          line = hit - data + 1;
          if (line + 5 > length)
            {
              scan->scanned = hit - data;
              break;
            }
          if (memcmp (data + line, "From ", 5) == 0 &&
              is_blank_line_before (data, line, scan->line_end))
            {
              gsize ahead = MIN (length - line, FROM_LOOKAHEAD);
              const guint8 *line_stop = memchr (data + line, scan->line_end, ahead);

              /* Wait for the line and the start of the next one, up to a
               * field name and its colon, unless enough was read to judge. */
              if (!scan->eof && ahead < FROM_LOOKAHEAD &&
                  (line_stop == NULL ||
                   (gsize) (data + line + ahead - line_stop) < FIELD_NAME_MAX + 2))
                {
                  scan->scanned = hit - data;
                  break;
                }
              if (starts_message (data + line, ahead, scan->line_end))
                {
                  next_from = line;
                  break;
                }
            }
          scan->scanned = line;
        }

      if (next_from == G_MAXSIZE && !scan->eof)
        {
          mbox_drop_excess (scan, from_line_end);
          if (!mbox_read_more (scan, error))
            return FALSE;
          continue;
        }
      if (next_from == G_MAXSIZE)
        next_from = length;

      body_start = from_line_end;
      scan->index++;
      item->path = g_strdup (scan->path);
      item->index = scan->index;
      item->offset = scan->offset + scan->start;
      if (next_from == length && scan->tail_incomplete)
        {
          /* Its rest comes later: the next import reads it whole. */
          g_set_error_literal (&item->error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_UNREADABLE,
                               _("a mail server was still writing this message; import the mbox again later"));
          scan->offset += scan->dropped;
          scan->dropped = 0;
        }
      else if (scan->dropped > 0)
        {
          /* The decoder gets only the bytes kept, one byte over its
           * limit, so it rejects the message without its real size. */
          item->data = g_bytes_new (data + body_start, MBOX_MAX_KEPT);
          scan->offset += scan->dropped;
          scan->dropped = 0;
        }
      else if (scan->buffer->len - body_start > 0 || next_from > body_start)
        item->data = g_bytes_new (data + body_start, next_from - body_start);
      else
        item->data = g_bytes_new (NULL, 0);

      scan->start = next_from;
      scan->scanned = next_from;
      return TRUE;
    }
}

/* Returns @path with its symbolic links resolved, as far as they exist,
 * and without "." or ".." parts. @path need not exist. */
static char *
canonical_path (const char *path)
{
  g_autofree char *folder = NULL;
  g_autofree char *name = NULL;
  char *real = realpath (path, NULL);
  char *canonical;

  if (real == NULL)
    {
      folder = g_path_get_dirname (path);
      name = g_path_get_basename (path);
      real = realpath (folder, NULL);
      if (real == NULL)
        return g_canonicalize_filename (path, NULL);
      canonical = g_build_filename (real, name, NULL);
      free (real);
      return canonical;
    }

  canonical = g_strdup (real);
  free (real);
  return canonical;
}

/* Checks whether @rest, the text after a database's file name in another
 * name, makes that name one of the database's files. */
static gboolean
is_database_suffix (const char *rest)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (strcmp (rest, suffixes[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * bv_source_is_database_file:
 * @database_path: a database
 * @path: a file
 *
 * Returns: %TRUE when @path is @database_path or its -wal, -shm or
 *   -journal file
 */
gboolean
bv_source_is_database_file (const char *database_path,
                            const char *path)
{
  g_autofree char *database = canonical_path (database_path);
  g_autofree char *file = canonical_path (path);
  gsize n = strlen (database);

  return strncmp (file, database, n) == 0 && is_database_suffix (file + n);
}

/**
 * bv_source_skip_database:
 * @source: a source
 * @database_path: the database that an import writes
 *
 * Makes a folder walk leave out the database and its -wal, -shm and
 * -journal files, should they lie inside the folder. Reading them
 * would import nothing, and closing a file of the database would drop
 * the locks that the import's connections hold on it: POSIX locks
 * belong to the process, not to the descriptor.
 */
void
bv_source_skip_database (BvSource   *source,
                         const char *database_path)
{
  g_autofree char *database = canonical_path (database_path);

  g_free (source->database_folder);
  g_free (source->database_name);
  source->database_folder = g_path_get_dirname (database);
  source->database_name = g_path_get_basename (database);
}

/* Checks whether @name, in the folder that @walk lists, is a file of the
 * database that bv_source_skip_database() named. */
static gboolean
is_database_entry (BvSource   *source,
                   DirWalk    *walk,
                   const char *name)
{
  gsize n;

  if (source->database_folder == NULL)
    return FALSE;
  if (walk->holds_database < 0)
    {
      g_autofree char *folder = canonical_path (walk->current);

      walk->holds_database = strcmp (folder, source->database_folder) == 0;
    }
  if (!walk->holds_database)
    return FALSE;

  n = strlen (source->database_name);
  return strncmp (name, source->database_name, n) == 0 && is_database_suffix (name + n);
}

/* Walks a folder tree and hands out the next message file or mbox
 * message. */
/* Pushes the walk of the Maildir at @path and those of its Maildir++
 * folders, so that the Maildir's own cur/ and new/ come first. */
static void
push_maildir (BvSource   *source,
              const char *path)
{
  g_autoptr(GPtrArray) folders = maildir_plus_folders (path, source->walked_dirs);

  for (guint i = folders->len; i > 0; i--)
    g_ptr_array_add (source->walks, dir_walk_new (WALK_MAILDIR, g_ptr_array_index (folders, i - 1)));
  g_ptr_array_add (source->walks, dir_walk_new (WALK_MAILDIR, path));
}

static gboolean
files_next (BvSource      *source,
            BvSourceItem  *item,
            GError       **error)
{
  while (TRUE)
    {
      DirWalk *walk;
      g_autofree char *path = NULL;
      g_autoptr(GError) read_error = NULL;
      struct stat st;
      gboolean is_file = FALSE;
      gboolean is_mbox;
      int fd;

      if (source->mbox != NULL)
        {
          if (mbox_next (source->mbox, item, &read_error))
            return TRUE;
          /* A read error ends the mbox, and becomes an item of its own
           * that the import records as a failure. */
          if (read_error != NULL)
            {
              bv_source_item_clear (item);
              item->path = g_strdup (source->mbox->path);
              item->error = g_steal_pointer (&read_error);
            }
          g_clear_pointer (&source->mbox, mbox_scan_free);
          if (item->error != NULL)
            return TRUE;
          if (source->kind == BV_SOURCE_MBOX)
            return FALSE;
          continue;
        }

      if (source->walks->len == 0)
        return FALSE;

      walk = g_ptr_array_index (source->walks, source->walks->len - 1);
      path = dir_walk_next (walk, &is_file, &read_error);
      if (read_error != NULL)
        {
          /* A folder that cannot be listed, such as one of another
           * user, becomes an item too, and the walk goes on. */
          item->path = g_strdup (walk->current);
          item->error = g_steal_pointer (&read_error);
          return TRUE;
        }
      if (path == NULL)
        {
          g_ptr_array_remove_index (source->walks, source->walks->len - 1);
          continue;
        }

      if (is_database_entry (source, walk, strrchr (path, G_DIR_SEPARATOR) + 1))
        continue;

      if (!is_file && stat (path, &st) != 0)
        {
          /* At the top of a Maildir it may be no mail at all. */
          if (walk->at_top)
            continue;
          /* Gone since the listing, or a dangling link: report it as an
           * item, so the import records it and goes on. */
          item->path = g_steal_pointer (&path);
          return TRUE;
        }

      if (!is_file && S_ISDIR (st.st_mode))
        {
          if (walk->kind == WALK_FOLDER && dir_set_add (source->walked_dirs, &st))
            {
              if (dir_is_maildir (path))
                push_maildir (source, path);
              else
                g_ptr_array_add (source->walks, dir_walk_new (WALK_FOLDER, path));
            }
          continue;
        }
      if (!is_file && !S_ISREG (st.st_mode))
        {
          /* At the top of a Maildir it is no mail. */
          if (walk->at_top)
            continue;
          /* A named pipe or a device is never read (it could block or never
           * end), but the import names it. */
          item->path = g_steal_pointer (&path);
          set_file_type_error (&item->error, item->path, st.st_mode);
          return TRUE;
        }

      /* A file that starts with a "From " line is an mbox even inside a
       * Maildir: some tools drop whole mbox files there. The file is
       * opened once, to tell which and to read a small message. When it
       * cannot be opened, the worker reports why. */
      is_mbox = FALSE;
      fd = open_read_only (path, 0);
      if (fd >= 0)
        {
          gboolean regular = fstat (fd, &st) == 0 && S_ISREG (st.st_mode);
          /* Next to cur/ and new/, only mail is read. The other files
           * there belong to a mail server, and reading them would only
           * add failures. */
          gboolean skipped = regular && walk->at_top && !file_is_mail (fd);

          if (regular && !skipped)
            item->data = preload_file (fd, st.st_size, &is_mbox);
          close (fd);
          /* The entry was replaced by something else since it was listed. */
          if (!regular || skipped)
            continue;
        }
      else if (walk->at_top)
        {
          /* A file next to cur/ and new/ that cannot be opened may be
           * no mail at all, so it is not reported. */
          continue;
        }
      if (is_mbox)
        {
          source->mbox = mbox_scan_new (path, &read_error);
          if (source->mbox == NULL)
            {
              g_clear_pointer (&item->data, g_bytes_unref);
              item->path = g_steal_pointer (&path);
              item->error = g_steal_pointer (&read_error);
              return TRUE;
            }
          continue;
        }

      item->path = g_steal_pointer (&path);
      return TRUE;
    }
}

static gboolean
source_next (BvSource      *source,
             BvSourceItem  *item,
             GError       **error)
{
  if (source->kind == BV_SOURCE_FILE)
    {
      if (source->single_done)
        return FALSE;
      source->single_done = TRUE;
      item->path = g_strdup (source->path);
      return TRUE;
    }

  return files_next (source, item, error);
}

/* The bytes at the end of a chunk that count_mbox() keeps for the next
 * one: a "From " line and what counts_as_message() reads after it. */
#define COUNT_OVERLAP FROM_LOOKAHEAD

/* Counts the messages of the mbox open at @fd, reading it from the
 * current offset to the end. */
static guint64
count_mbox_fd (int fd)
{
  g_autofree guint8 *buffer = NULL;
  guint64 total = 0;
  gboolean line_start = TRUE;
  gboolean previous_blank = TRUE;
  gboolean current_blank = TRUE;
  gboolean first_chunk = TRUE;
  gsize carried = 0;

  buffer = g_malloc (MBOX_CHUNK);
  /* Counts the lines that mbox_next() takes for the start of a message.
   * The last COUNT_OVERLAP bytes of a chunk wait for the next one, so
   * that a "From " line across two chunks is seen whole. */
  for (;;)
    {
      ssize_t n = read (fd, buffer + carried, MBOX_CHUNK - carried);
      gsize length = carried + (n > 0 ? (gsize) n : 0);
      gboolean at_end = n <= 0;
      gsize stop = at_end ? length : length - MIN (length, COUNT_OVERLAP);
      gsize i = 0;

      /* A byte order mark at the start of the file, as bv_source_head_is_mbox() allows. */
      if (first_chunk && (stop > 0 || at_end))
        {
          i = bv_utf8_bom_length ((const char *) buffer, length);
          first_chunk = FALSE;
        }
      for (; i < stop; i++)
        {
          /* Inside a line that is not blank, no byte but a line end
           * changes the state, so memchr() finds the next one. That cut
           * the count of a 214 MB mbox of 100,000 synthetic reports from
           * about 200 to 100 ms (gen-bounces.py, 2-processor VM). */
          if (!line_start && !current_blank)
            {
              const guint8 *lf = memchr (buffer + i, '\n', stop - i);
              gsize end = lf != NULL ? (gsize) (lf - buffer) : stop;
              const guint8 *cr = memchr (buffer + i, '\r', end - i);

              i = cr != NULL ? (gsize) (cr - buffer) : end;
              if (i >= stop)
                break;
            }
          if (line_start && previous_blank && i + 5 <= length &&
              memcmp (buffer + i, "From ", 5) == 0 &&
              (total == 0 || counts_as_message (buffer + i, length - i)))
            total++;
          /* A "\r" without a "\n" after it ends a line too. */
          if (buffer[i] == '\n' || (buffer[i] == '\r' && i + 1 < length && buffer[i + 1] != '\n'))
            {
              previous_blank = current_blank;
              current_blank = TRUE;
              line_start = TRUE;
            }
          else
            {
              if (buffer[i] != '\r')
                current_blank = FALSE;
              line_start = FALSE;
            }
        }
      if (at_end)
        break;
      carried = length - stop;
      memmove (buffer, buffer + stop, carried);
    }
  return total;
}

static guint64
count_mbox (const char *path)
{
  int fd = open_read_only (path, 0);
  guint64 total;

  if (fd < 0)
    return 0;
  total = count_mbox_fd (fd);
  close (fd);
  return total;
}

/**
 * bv_source_open:
 * @path: a Maildir, an mbox file, a message file or a folder
 * @error: return location for an error
 *
 * Opens an import source and tells its kind from what @path is.
 *
 * Returns: (transfer full) (nullable): the source
 */
BvSource *
bv_source_open (const char  *path,
                GError     **error)
{
  g_autoptr(BvSource) source = g_new0 (BvSource, 1);
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);

  if (stat (path, &st) != 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }

  /* An absolute path, so that the stored source of each message can be
   * opened again from any working folder ("Show Source" in the window). */
  source->path = g_canonicalize_filename (path, NULL);
  source->walks = g_ptr_array_new_with_free_func (dir_walk_free);
  source->walked_dirs = dir_set_new ();

  if (S_ISDIR (st.st_mode))
    {
      int fd = open_read_only (path, O_DIRECTORY);

      if (fd < 0)
        {
          set_errno_error (error, errno, path);
          return NULL;
        }
      close (fd);

      source->kind = dir_is_maildir (path) ? BV_SOURCE_MAILDIR : BV_SOURCE_FOLDER;
      dir_set_add (source->walked_dirs, &st);
      if (source->kind == BV_SOURCE_MAILDIR)
        push_maildir (source, source->path);
      else
        g_ptr_array_add (source->walks, dir_walk_new (WALK_FOLDER, source->path));
      return g_steal_pointer (&source);
    }

  if (!S_ISREG (st.st_mode))
    {
      set_file_type_error (error, path, st.st_mode);
      return NULL;
    }

  if (access (path, R_OK) != 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }

  if (file_is_mbox (path))
    {
      source->kind = BV_SOURCE_MBOX;
      source->mbox = mbox_scan_new (source->path, error);
      if (source->mbox == NULL)
        return NULL;
    }
  else
    {
      source->kind = BV_SOURCE_FILE;
    }

  return g_steal_pointer (&source);
}

BvSourceKind
bv_source_get_kind (BvSource *source)
{
  return source->kind;
}

/* Counts the messages that files_next() hands out for the file @path in
 * a folder: those of an mbox, else one. A file that cannot be opened, a
 * named pipe or a device counts as one too, since it becomes a failure.
 * At the top of a Maildir (@at_top) only mail is read, so those and any
 * file that is no mail count as none. The count reads each file's first
 * KiB, as files_next() does, and the whole of an mbox. */
static guint64
count_file_messages (const char *path,
                     gboolean    at_top)
{
  /* O_NONBLOCK, so that a named pipe does not block the open. */
  int fd = open_read_only (path, O_NONBLOCK);
  char head[MBOX_HEAD];
  struct stat st;
  ssize_t n;
  guint64 total;

  if (fd < 0)
    return at_top ? 0 : 1;
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      return at_top ? 0 : 1;
    }

  n = pread (fd, head, sizeof head, 0);
  if (n > 0 && bv_source_head_is_mbox (head, n))
    total = count_mbox_fd (fd);
  else if (at_top && !(n > 0 && head_has_header_field (head, n)))
    total = 0;
  else
    total = 1;
  close (fd);
  return total;
}

static guint64
count_files (const char *path,
             WalkKind    kind,
             guint       depth,
             GHashTable *counted)
{
  const char * const *subdirs = kind == WALK_MAILDIR ? maildir_subdirs : NULL;
  guint64 total = 0;

  if (depth > 64)
    return 0;

  for (guint i = 0; kind == WALK_FOLDER ? i < 1 : subdirs[i] != NULL; i++)
    {
      gboolean at_top = kind == WALK_MAILDIR && g_str_equal (subdirs[i], MAILDIR_TOP);
      g_autofree char *dir_path = kind == WALK_MAILDIR && !at_top ? g_build_filename (path, subdirs[i], NULL) :
                                                                    g_strdup (path);
      int fd = open_read_only (dir_path, O_DIRECTORY);
      DIR *dir;
      struct dirent *entry;
      struct stat st;

      if (fd < 0)
        continue;
      dir = fdopendir (fd);
      if (dir == NULL)
        {
          close (fd);
          continue;
        }

      while ((entry = readdir (dir)) != NULL)
        {
          g_autofree char *child = NULL;

          if (entry->d_name[0] == '.')
            continue;
          if (at_top)
            {
              g_autofree char *top_file = g_build_filename (dir_path, entry->d_name, NULL);

              total += count_file_messages (top_file, TRUE);
              continue;
            }
          /* NOTE: A file in cur/ or new/ counts as one message without
           * being opened, as the Maildir format has it, so an mbox that
           * a tool dropped there makes the total too small. */
          if (kind == WALK_MAILDIR && entry->d_type == DT_REG)
            {
              total++;
              continue;
            }

          child = g_build_filename (dir_path, entry->d_name, NULL);
          /* A regular file needs no stat(): the count opens it anyway. */
          if (entry->d_type == DT_REG)
            {
              total += count_file_messages (child, FALSE);
              continue;
            }
          if (stat (child, &st) == 0 && S_ISDIR (st.st_mode))
            {
              if (kind == WALK_FOLDER && dir_set_add (counted, &st))
                total += count_files (child, dir_is_maildir (child) ? WALK_MAILDIR : WALK_FOLDER,
                                      depth + 1, counted);
            }
          else
            {
              total += count_file_messages (child, FALSE);
            }
        }
      closedir (dir);
    }

  if (kind == WALK_MAILDIR)
    {
      g_autoptr(GPtrArray) folders = maildir_plus_folders (path, counted);

      for (guint i = 0; i < folders->len; i++)
        total += count_files (g_ptr_array_index (folders, i), WALK_MAILDIR, depth + 1, counted);
    }

  return total;
}

const char *
bv_source_get_path (BvSource *source)
{
  return source->path;
}

/**
 * bv_source_get_total:
 * @source: a source
 *
 * Counts the messages of @source for progress, by a pass over its
 * directories and mbox files that decodes nothing. An mbox in a folder
 * counts its messages, but one in a Maildir's cur/ or new/ counts as
 * one message, and files that change during the import are not seen.
 *
 * Returns: the number of messages, as far as it is known
 */
guint64
bv_source_get_total (BvSource *source)
{
  if (source->total_known)
    return source->total;

  switch (source->kind)
    {
    case BV_SOURCE_FILE:
      source->total = 1;
      break;
    case BV_SOURCE_MBOX:
      source->total = count_mbox (source->path);
      break;
    case BV_SOURCE_MAILDIR:
    case BV_SOURCE_FOLDER:
      {
        g_autoptr(GHashTable) counted = dir_set_new ();
        struct stat st;

        if (stat (source->path, &st) == 0)
          dir_set_add (counted, &st);
        source->total = count_files (source->path,
                                     source->kind == BV_SOURCE_MAILDIR ? WALK_MAILDIR : WALK_FOLDER,
                                     0, counted);
      }
      break;
    case BV_SOURCE_NOTMUCH:
    default:
      break;
    }

  source->total_known = TRUE;
  return source->total;
}

/**
 * bv_source_set_total:
 * @source: a source
 * @total: the number of messages it will hand out
 *
 * Lets a source that knows better than the first estimate (an
 * incremental notmuch import) correct the total shown as progress.
 */
void
bv_source_set_total (BvSource *source,
                     guint64   total)
{
  source->total = total;
  source->total_known = TRUE;
}

/**
 * bv_source_next:
 * @source: a source
 * @item: (out caller-allocates): the next item, to clear with bv_source_item_clear()
 * @error: return location for an error
 *
 * Returns: %TRUE when @item was set; %FALSE at the end, or on an error
 *   that ends the source
 */
gboolean
bv_source_next (BvSource      *source,
                BvSourceItem  *item,
                GError       **error)
{
  memset (item, 0, sizeof *item);

  if (source->klass != NULL)
    return source->klass->next (source, item, error);
  return source_next (source, item, error);
}

void
bv_source_free (BvSource *source)
{
  if (source == NULL)
    return;

  if (source->klass != NULL && source->klass->free != NULL)
    source->klass->free (source);
  g_clear_pointer (&source->walks, g_ptr_array_unref);
  g_clear_pointer (&source->walked_dirs, g_hash_table_unref);
  g_clear_pointer (&source->mbox, mbox_scan_free);
  g_free (source->path);
  g_free (source->database_folder);
  g_free (source->database_name);
  g_free (source);
}

BvSource *
bv_source_new_custom (BvSourceKind         kind,
                      const char          *path,
                      guint64              total,
                      const BvSourceClass *klass,
                      gpointer             data)
{
  BvSource *source = g_new0 (BvSource, 1);

  source->kind = kind;
  source->path = g_strdup (path);
  source->total = total;
  source->total_known = TRUE;
  source->klass = klass;
  source->data = data;
  return source;
}

/**
 * bv_source_prepare:
 * @source: a source
 * @store: the store the import writes to
 * @error: return location for an error
 *
 * Returns: %TRUE when the source is ready to hand out items
 */
gboolean
bv_source_prepare (BvSource  *source,
                   BvStore   *store,
                   GError   **error)
{
  if (source->klass == NULL || source->klass->prepare == NULL)
    return TRUE;
  return source->klass->prepare (source, store, error);
}

/**
 * bv_source_finished:
 * @source: a source that handed out its last item
 * @store: the store inside the import's last transaction
 * @error: return location for an error
 *
 * Lets a source record how far it was read (notmuch keeps its revision).
 *
 * Returns: %TRUE on success
 */
gboolean
bv_source_finished (BvSource  *source,
                    BvStore   *store,
                    GError   **error)
{
  if (source->klass == NULL || source->klass->finished == NULL)
    return TRUE;
  return source->klass->finished (source, store, error);
}

gpointer
bv_source_get_data (BvSource *source)
{
  return source->data;
}

void
bv_source_item_clear (BvSourceItem *item)
{
  g_clear_pointer (&item->path, g_free);
  g_clear_pointer (&item->notmuch_id, g_free);
  g_clear_pointer (&item->data, g_bytes_unref);
  g_clear_error (&item->error);
}

/**
 * bv_source_item_load:
 * @item: an item
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the bytes of the message
 */
GBytes *
bv_source_item_load (BvSourceItem  *item,
                     GError       **error)
{
  if (item->error != NULL)
    {
      g_propagate_error (error, g_error_copy (item->error));
      return NULL;
    }
  if (item->data != NULL)
    return g_bytes_ref (item->data);
  return bv_read_file (item->path, error);
}

/**
 * bv_source_load_message:
 * @path: a message file or an mbox
 * @index: the message's position in the mbox, or 0 for a message file
 * @offset: the byte offset of its "From " line in the mbox
 * @error: return location for an error
 *
 * Reads one stored message again, to show its source.
 *
 * Returns: (transfer full) (nullable): the bytes of the message
 */
GBytes *
bv_source_load_message (const char  *path,
                        guint64      index,
                        guint64      offset,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  MboxScan *scan;
  BvSourceItem item = { 0 };
  GBytes *bytes = NULL;

  if (index == 0)
    return bv_read_file (path, error);

  scan = mbox_scan_new (path, error);
  if (scan == NULL)
    return NULL;

  /* The window shows the source while the user waits, and the message
   * was complete when the import stored it. */
  scan->no_wait = TRUE;

  /* The line ends of the whole file, as the scan that found the message
   * saw them at its start, even where this message's "From " line has a
   * stray "\r". */
  {
    guint8 head[MBOX_HEAD];
    ssize_t n = pread (scan->fd, head, sizeof head, 0);

    if (n > 0)
      scan->line_end = mbox_line_end (head, n);
  }

  if (lseek (scan->fd, offset, SEEK_SET) != (off_t) offset)
    {
      set_errno_error (error, errno, path);
      mbox_scan_free (scan);
      return NULL;
    }
  scan->offset = offset;
  scan->index = index - 1;

  if (mbox_next (scan, &item, &local_error))
    bytes = g_bytes_ref (item.data);
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOT_FOUND,
                 _("Message %" G_GUINT64_FORMAT " of “%s” is gone; the mbox has changed since the import."),
                 index, path);

  bv_source_item_clear (&item);
  mbox_scan_free (scan);
  return bytes;
}
