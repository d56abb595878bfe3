/* bv-text-window.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A window that shows text as it is, read-only and in a monospace font:
 * the raw source of a report, or the list of files an import could not
 * read. The title and subtitle are plain labels, never markup, because
 * the subtitle is a file name. */

#define G_LOG_DOMAIN "bounceview-text-window"

#include "bv-text-window.h"

#include <string.h>

#include <glib/gi18n.h>

struct _BvTextWindow
{
  AdwWindow parent_instance;

  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkTextView *text_view;
};

G_DEFINE_FINAL_TYPE (BvTextWindow, bv_text_window, ADW_TYPE_WINDOW)

static void
copy_all (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  BvTextWindow *self = BV_TEXT_WINDOW (widget);
  g_autofree char *text = bv_text_window_dup_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
bv_text_window_class_init (BvTextWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/BounceView/bv-text-window.ui");
  gtk_widget_class_bind_template_child (widget_class, BvTextWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, BvTextWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, BvTextWindow, text_view);

  gtk_widget_class_install_action (widget_class, "text.copy-all", NULL, copy_all);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
bv_text_window_init (BvTextWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * bv_text_window_new:
 * @parent: (nullable): the window it belongs to
 * @title: the window's title
 * @subtitle: (nullable): a second line, such as a file name; shown as is
 *
 * Returns: (transfer full): a new window; present it to show it
 */
BvTextWindow *
bv_text_window_new (GtkWindow  *parent,
                    const char *title,
                    const char *subtitle)
{
  BvTextWindow *self = g_object_new (BV_TYPE_TEXT_WINDOW,
                                     "transient-for", parent,
                                     "title", title,
                                     NULL);

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->subtitle_label, subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), subtitle != NULL);
  return self;
}

/**
 * bv_text_window_set_bytes:
 * @self: a text window
 * @bytes: text in any encoding, usually a message
 *
 * Shows @bytes. Bytes that are not UTF-8 show as U+FFFD, and NUL bytes
 * too, because a text buffer cannot hold them.
 */
void
bv_text_window_set_bytes (BvTextWindow *self,
                          GBytes       *bytes)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autoptr(GString) text = g_string_sized_new (length);

  g_return_if_fail (BV_IS_TEXT_WINDOW (self));

  /* g_utf8_make_valid() keeps NULs, which end a C string: convert the
   * pieces between them. */
  for (gsize start = 0; start < length;)
    {
      const char *nul = memchr (data + start, '\0', length - start);
      gsize end = nul != NULL ? (gsize) (nul - data) : length;
      g_autofree char *piece = g_utf8_make_valid (data + start, end - start);

      g_string_append (text, piece);
      if (nul != NULL)
        g_string_append (text, "\xef\xbf\xbd");
      start = end + 1;
    }
  g_string_replace (text, "\r\n", "\n", 0);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text->str, text->len);
}

/**
 * bv_text_window_set_text:
 * @self: a text window
 * @text: valid UTF-8
 *
 * Shows @text with its long lines wrapped, as a list of files with the
 * reasons they failed: unlike a message's source, its lines have no
 * width of their own to keep.
 */
void
bv_text_window_set_text (BvTextWindow *self,
                         const char   *text)
{
  g_return_if_fail (BV_IS_TEXT_WINDOW (self));
  g_return_if_fail (g_utf8_validate (text, -1, NULL));

  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), text, -1);
}

/**
 * bv_text_window_dup_text:
 * @self: a text window
 *
 * Returns: (transfer full): the text shown
 */
char *
bv_text_window_dup_text (BvTextWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (BV_IS_TEXT_WINDOW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
