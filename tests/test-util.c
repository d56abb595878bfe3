/* test-util.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Helpers the core's tests and the fuzz harnesses share. */

#include "test-util.h"

#include <glib/gstdio.h>

/**
 * bv_test_remove_tree:
 * @path: a file or a folder
 *
 * Deletes @path and, for a folder, everything in it. A symbolic link is
 * deleted, never followed.
 */
void
bv_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_unlink (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      bv_test_remove_tree (child);
    }
  g_rmdir (path);
}

/**
 * bv_test_copy_file:
 * @from: the file to read
 * @to: the file to write
 *
 * Copies a file's bytes. The test fails when reading or writing fails.
 */
void
bv_test_copy_file (const char *from,
                   const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, length, &error);
  g_assert_no_error (error);
}

/**
 * bv_test_with_line_ends:
 * @bytes: text with LF line ends
 * @line_end: what each LF becomes ("\r\n", "\r")
 *
 * Returns: (transfer full): @bytes with every LF replaced by @line_end
 */
GBytes *
bv_test_with_line_ends (GBytes     *bytes,
                        const char *line_end)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  GString *out = g_string_sized_new (length * 2);

  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '\n')
        g_string_append (out, line_end);
      else
        g_string_append_c (out, data[i]);
    }

  return g_string_free_to_bytes (out);
}

/**
 * bv_test_text_bounce:
 * @n_recipients: how many failed recipients the bounce names
 *
 * Writes a bounce in the plain text that Postfix writes, without a DSN
 * part, about rcpt00000@example.net, rcpt00001@example.net and so on.
 * Each recipient takes 117 bytes.
 *
 * Returns: (transfer full): the message
 */
GString *
bv_test_text_bounce (guint n_recipients)
{
  GString *message = g_string_new (
    "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"
    "To: lists@example.org\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "Date: Thu, 12 Mar 2026 07:00:00 +0000\n"
    "Message-ID: <text-bounce@mx.example.org>\n"
    "\n"
    "This is the mail system at host mx.example.org.\n"
    "\n"
    "I'm sorry to have to inform you that your message could not\n"
    "be delivered to one or more recipients.\n"
    "\n"
    "                   The mail system\n");

  for (guint i = 0; i < n_recipients; i++)
    g_string_append_printf (message,
                            "\n<rcpt%05u@example.net>: host mx.example.net[192.0.2.25] said: 550 5.1.1"
                            " User unknown (in reply to RCPT TO command)\n",
                            i);
  return message;
}
