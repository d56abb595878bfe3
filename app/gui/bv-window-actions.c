/* bv-window-actions.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window's win.* actions. They import from files, folders, drops and
 * notmuch, show the progress and a summary, export the current view and
 * act on the selected event. Accelerators are set in bv-application.c. */

#define G_LOG_DOMAIN "bounceview-window"

#include "bv-window-private.h"

#include <glib/gi18n.h>

#include "bv-export.h"
#include "bv-notmuch-dialog.h"
#include "bv-notmuch.h"
#include "bv-source.h"
#include "bv-text-window.h"

/* Events fetched at a time while exporting, and bytes written at a time. */
#define EXPORT_CHUNK 256
#define EXPORT_BUFFER (64 * 1024)

typedef struct
{
  char *database_path;
  GArray *ids;
  GFile *file;
  guint64 n_written;
} ExportData;

static const BvStoredEvent *
get_selected (BvWindow *self)
{
  BvEventItem *item = bv_event_list_get_selected_item (self->event_list);

  return item != NULL ? bv_event_item_get_stored (item) : NULL;
}

static gboolean
have_text (const char *text)
{
  return text != NULL && *text != '\0';
}

void
bv_window_update_actions (BvWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const BvStoredEvent *stored = get_selected (self);
  gboolean opened = bv_event_list_get_store (self->event_list) != NULL;
  gboolean can_import = opened && !self->read_only;

  gtk_widget_action_set_enabled (widget, "win.import-folder", can_import);
  gtk_widget_action_set_enabled (widget, "win.import-files", can_import);
  gtk_widget_action_set_enabled (widget, "win.import-notmuch", can_import);
  gtk_widget_action_set_enabled (widget, "win.cancel-import", self->import_job != NULL);
  gtk_widget_action_set_enabled (widget, "win.export", opened);
  gtk_widget_action_set_enabled (widget, "win.show-import-failures", self->failures_text != NULL);
  gtk_widget_action_set_enabled (widget, "win.copy-recipient",
                                 stored != NULL && have_text (stored->event->recipient));
  gtk_widget_action_set_enabled (widget, "win.copy-diagnostic",
                                 stored != NULL && have_text (stored->event->diagnostic));
  gtk_widget_action_set_enabled (widget, "win.show-source",
                                 stored != NULL && have_text (stored->source));

  /* A message inside an mbox has no file of its own to open. */
  gtk_widget_action_set_enabled (widget, "win.open-message",
                                 stored != NULL && have_text (stored->source) &&
                                 stored->source_index == 0);
}

/**
 * bv_window_show_toast:
 * @self: a window
 * @toast: (transfer full): the toast; its title is markup
 */
void
bv_window_show_toast (BvWindow *self,
                      AdwToast *toast)
{
  g_set_object (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * bv_window_show_error:
 * @self: a window
 * @heading: what failed, in a few words
 * @message: the error message, shown as plain text
 *
 * Shows a dialog with an error that the user must read, such as one
 * that names a file and what to do about it.
 */
void
bv_window_show_error (BvWindow   *self,
                      const char *heading,
                      const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Appends ", " and @format with @count in it, unless @count is 0. */
static void
append_count (GString    *summary,
              const char *format,
              guint64     count)
{
  g_autofree char *number = NULL;

  if (count == 0)
    return;

  number = g_strdup_printf ("%'" G_GUINT64_FORMAT, count);
  g_string_append (summary, ", ");
  g_string_append_printf (summary, format, number);
}

static char *
format_summary (const BvImportCounts *counts,
                gboolean              cancelled)
{
  g_autofree char *events = g_strdup_printf ("%'" G_GUINT64_FORMAT, counts->events);
  GString *summary = g_string_new (NULL);

  if (cancelled)
    /* Translators: %s is a number of events */
    g_string_append_printf (summary, ngettext ("Import cancelled after %s event",
                                               "Import cancelled after %s events",
                                               counts->events), events);
  else
    /* Translators: %s is a number of events */
    g_string_append_printf (summary, ngettext ("Added %s event", "Added %s events",
                                               counts->events), events);

  /* Translators: these follow "Added 312 events, "; %s is a number */
  append_count (summary, ngettext ("%s duplicate", "%s duplicates", counts->duplicates),
                counts->duplicates);
  append_count (summary, ngettext ("%s not a bounce", "%s not bounces", counts->not_bounces),
                counts->not_bounces);
  append_count (summary, ngettext ("%s failure", "%s failures", counts->failures),
                counts->failures);

  return g_string_free (summary, FALSE);
}

static char *
format_failures (GPtrArray *failures)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; failures != NULL && i < failures->len; i++)
    {
      const BvImportFailure *failure = g_ptr_array_index (failures, i);

      if (failure->index > 0)
        /* Translators: a file, the position of a message in it, and why it failed */
        g_string_append_printf (text, _("%s, message %" G_GUINT64_FORMAT ": %s\n"),
                                failure->path, failure->index, failure->reason);
      else
        g_string_append_printf (text, "%s: %s\n", failure->path, failure->reason);
    }

  return g_string_free (text, FALSE);
}

static void
update_progress (BvWindow *self)
{
  BvImportCounts counts;
  g_autofree char *done = NULL;
  g_autofree char *total = NULL;
  g_autofree char *label = NULL;
  guint pending = g_queue_get_length (&self->pending_imports);

  bv_import_job_get_counts (self->import_job, &counts);
  done = g_strdup_printf ("%'" G_GUINT64_FORMAT, counts.messages);
  total = g_strdup_printf ("%'" G_GUINT64_FORMAT, counts.total);

  if (counts.total > 0)
    {
      /* Translators: messages read so far, then all messages: 120 of 475 */
      label = g_strdup_printf (ngettext ("Importing %s of %s message",
                                         "Importing %s of %s messages", counts.total),
                               done, total);
      gtk_progress_bar_set_fraction (self->progress_bar,
                                     MIN (1.0, (double) counts.messages / counts.total));
    }
  else
    {
      label = g_strdup (_("Importing…"));
      gtk_progress_bar_pulse (self->progress_bar);
    }

  if (pending > 0)
    {
      /* Translators: appended to "Importing 120 of 475 messages" */
      g_autofree char *more = g_strdup_printf (ngettext ("(%u more import waits)",
                                                         "(%u more imports wait)", pending),
                                               pending);
      g_autofree char *both = g_strconcat (label, " ", more, NULL);

      gtk_label_set_text (self->progress_label, both);
      return;
    }
  gtk_label_set_text (self->progress_label, label);
}

static void
on_import_progress (BvImportJob *job,
                    BvWindow    *self)
{
  update_progress (self);

  /* Each committed batch: show the events it added. */
  bv_event_list_refresh (self->event_list);
}

static void start_import (BvWindow    *self,
                          BvImportJob *job);

static void
on_import_finished (BvImportJob *job,
                    BvWindow    *self)
{
  g_autoptr(BvImportJob) finished = g_steal_pointer (&self->import_job);
  g_autoptr(BvImportJob) next = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *escaped = NULL;
  const GError *error = bv_import_job_get_error (job);
  gboolean cancelled = bv_import_job_was_cancelled (job);
  BvImportCounts counts;
  AdwToast *toast;

  g_signal_handlers_disconnect_by_data (job, self);
  bv_import_job_get_counts (job, &counts);
  bv_event_list_refresh (self->event_list);

  g_clear_pointer (&self->failures_text, g_free);
  if (counts.failures > 0)
    self->failures_text = format_failures (bv_import_job_get_failures (job));

  if (error != NULL && !cancelled)
    bv_window_show_error (self, _("The Import Stopped"), error->message);

  summary = format_summary (&counts, cancelled);
  escaped = g_markup_escape_text (summary, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 8);
  if (self->failures_text != NULL)
    {
      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_action_name (toast, "win.show-import-failures");
    }
  bv_window_show_toast (self, toast);

  next = g_queue_pop_head (&self->pending_imports);
  if (next != NULL)
    start_import (self, next);
  else
    gtk_revealer_set_reveal_child (self->progress_revealer, FALSE);

  bv_window_update_actions (self);
}

static void
start_import (BvWindow    *self,
              BvImportJob *job)
{
  g_assert (self->import_job == NULL);

  self->import_job = g_object_ref (job);
  g_signal_connect (job, "progress", G_CALLBACK (on_import_progress), self);
  g_signal_connect (job, "finished", G_CALLBACK (on_import_finished), self);
  bv_import_job_start (job);

  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  update_progress (self);
  gtk_revealer_set_reveal_child (self->progress_revealer, TRUE);
  bv_window_update_actions (self);
}

static void
queue_import (BvWindow    *self,
              BvImportJob *job)
{
  if (self->import_job == NULL)
    {
      start_import (self, job);
      return;
    }

  g_queue_push_tail (&self->pending_imports, g_object_ref (job));
  update_progress (self);
}

static gboolean
check_writable (BvWindow *self)
{
  if (bv_event_list_get_store (self->event_list) != NULL && !self->read_only)
    return TRUE;

  bv_window_show_error (self, _("Cannot Import"),
                        self->read_only ?
                        _("The database is open read-only, so nothing can be imported into it. Start BounceView with a database that you can write, as in “bounceview --database=FILE”.") :
                        _("No database is open. Start BounceView with a database that it can open, as in “bounceview --database=FILE”."));
  return FALSE;
}

/**
 * bv_window_import_files:
 * @self: a window
 * @files: (array length=n_files): Maildirs, mbox files, message files or
 *   folders of those
 * @n_files: the number of files
 *
 * Imports files into the window's database in a worker thread, after
 * the import that runs, if any. Files that cannot be imported are named
 * in a dialog; the others are imported.
 */
void
bv_window_import_files (BvWindow  *self,
                        GFile    **files,
                        guint      n_files)
{
  g_autoptr(BvImportJob) job = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);

  g_return_if_fail (BV_IS_WINDOW (self));

  if (n_files == 0 || !check_writable (self))
    return;

  job = bv_import_job_new (self->database_path);
  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!bv_import_job_add_file (job, files[i], &error))
        g_string_append_printf (problems, "%s\n", error->message);
    }

  if (problems->len > 0)
    bv_window_show_error (self, _("Some Files Cannot Be Imported"), problems->str);

  if (bv_import_job_get_n_sources (job) > 0)
    queue_import (self, job);
}

/**
 * bv_window_get_importing:
 * @self: a window
 *
 * Returns: %TRUE while an import runs or waits
 */
gboolean
bv_window_get_importing (BvWindow *self)
{
  g_return_val_if_fail (BV_IS_WINDOW (self), FALSE);

  return self->import_job != NULL || !g_queue_is_empty (&self->pending_imports);
}

/**
 * bv_window_get_last_toast:
 * @self: a window
 *
 * Returns: (transfer none) (nullable): the toast shown last, for tests
 */
AdwToast *
bv_window_get_last_toast (BvWindow *self)
{
  g_return_val_if_fail (BV_IS_WINDOW (self), NULL);

  return self->last_toast;
}

/**
 * bv_window_handle_drop:
 * @self: a window
 * @value: the dropped value, a #GdkFileList
 *
 * Imports what was dropped on the window. The window's drop target calls
 * this; tests call it with a file list of their own.
 *
 * Returns: %TRUE when @value held files to import
 */
gboolean
bv_window_handle_drop (BvWindow     *self,
                       const GValue *value)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  GSList *list;

  g_return_val_if_fail (BV_IS_WINDOW (self), FALSE);

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  g_slist_free (list);

  if (files->len == 0)
    return FALSE;

  bv_window_import_files (self, (GFile **) files->pdata, files->len);
  return TRUE;
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         BvWindow      *self)
{
  gtk_widget_set_visible (self->drop_highlight, FALSE);
  return bv_window_handle_drop (self, value);
}

static GdkDragAction
on_drop_enter (GtkDropTarget *target,
               double         x,
               double         y,
               BvWindow      *self)
{
  gtk_widget_set_visible (self->drop_highlight, TRUE);
  return GDK_ACTION_COPY;
}

static void
on_drop_leave (GtkDropTarget *target,
               BvWindow      *self)
{
  gtk_widget_set_visible (self->drop_highlight, FALSE);
}

static void
on_import_chooser_response (GtkNativeDialog *native,
                            int              response,
                            BvWindow        *self)
{
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));

  for (guint i = 0; files != NULL && i < g_list_model_get_n_items (files); i++)
    g_ptr_array_add (array, g_list_model_get_item (files, i));

  if (array->len > 0)
    {
      g_autoptr(GFile) parent = g_file_get_parent (g_ptr_array_index (array, 0));

      if (parent != NULL && g_file_peek_path (parent) != NULL)
        g_settings_set_string (self->settings, "import-folder", g_file_peek_path (parent));
      bv_window_import_files (self, (GFile **) array->pdata, array->len);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
choose_import (BvWindow *self,
               gboolean  folders)
{
  GtkFileChooserNative *native;
  g_autofree char *folder = g_settings_get_string (self->settings, "import-folder");

  native = gtk_file_chooser_native_new (folders ? _("Import Folders") : _("Import Files"),
                                        GTK_WINDOW (self),
                                        folders ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER :
                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);

  if (*folder != '\0' && g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) file = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), file, NULL);
    }

  if (!folders)
    {
      g_autoptr(GtkFileFilter) mail = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_filter_set_name (mail, _("Mail messages and mbox files"));
      gtk_file_filter_add_mime_type (mail, "message/rfc822");
      gtk_file_filter_add_mime_type (mail, "application/mbox");
      gtk_file_filter_add_suffix (mail, "eml");
      gtk_file_filter_add_suffix (mail, "mbox");
      gtk_file_filter_set_name (all, _("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), mail);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
    }

  g_signal_connect (native, "response", G_CALLBACK (on_import_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
import_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  choose_import (BV_WINDOW (widget), TRUE);
}

static void
import_files_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  choose_import (BV_WINDOW (widget), FALSE);
}

static void
on_notmuch_response (BvNotmuchDialog *dialog,
                     const char      *response,
                     BvWindow        *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BvImportJob) job = NULL;
  g_autofree char *database = NULL;
  g_autofree char *query = NULL;
  BvSource *source;

  if (g_strcmp0 (response, "import") != 0)
    return;

  database = bv_notmuch_dialog_dup_database (dialog);
  query = bv_notmuch_dialog_dup_query (dialog);
  bv_notmuch_dialog_remember (dialog);

  source = bv_notmuch_source_new (database, query, &error);
  if (source == NULL)
    {
      bv_window_show_error (self, _("Cannot Import from notmuch"), error->message);
      return;
    }

  job = bv_import_job_new (self->database_path);
  bv_import_job_add_source (job, source);
  queue_import (self, job);
}

static void
import_notmuch_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BvWindow *self = BV_WINDOW (widget);
  BvNotmuchDialog *dialog;

  if (!check_writable (self))
    return;

  dialog = bv_notmuch_dialog_new (GTK_WINDOW (self), self->settings);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_notmuch_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_import_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BvWindow *self = BV_WINDOW (widget);
  BvImportJob *pending;

  /* Cancel means everything the user asked for, not only the first. */
  while ((pending = g_queue_pop_head (&self->pending_imports)) != NULL)
    g_object_unref (pending);

  if (self->import_job != NULL)
    bv_import_job_cancel (self->import_job);
}

static void
show_import_failures_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  BvWindow *self = BV_WINDOW (widget);
  BvTextWindow *window;

  if (self->failures_text == NULL)
    return;

  window = bv_text_window_new (GTK_WINDOW (self), _("Messages That Could Not Be Imported"),
                               self->database_path);
  bv_text_window_set_text (window, self->failures_text);
  gtk_window_present (GTK_WINDOW (window));
}

static void
export_data_free (ExportData *data)
{
  g_free (data->database_path);
  g_array_unref (data->ids);
  g_object_unref (data->file);
  g_free (data);
}

static gboolean
write_buffer (GOutputStream  *stream,
              GString        *buffer,
              GCancellable   *cancellable,
              GError        **error)
{
  gboolean ok = g_output_stream_write_all (stream, buffer->str, buffer->len, NULL,
                                           cancellable, error);

  g_string_truncate (buffer, 0);
  return ok;
}

/* Runs in a worker thread with its own read-only connection. */
static void
export_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ExportData *data = task_data;
  g_autoptr(BvStore) store = NULL;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GString) buffer = g_string_new (NULL);
  GError *error = NULL;

  store = bv_store_open (data->database_path, BV_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    goto failed;

  stream = g_file_replace (data->file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                           cancellable, &error);
  if (stream == NULL)
    goto failed;

  bv_export_header (buffer, BV_EXPORT_CSV);
  for (guint start = 0; start < data->ids->len; start += EXPORT_CHUNK)
    {
      guint n = MIN (EXPORT_CHUNK, data->ids->len - start);
      g_autoptr(GPtrArray) events = bv_store_get_events (store,
                                                         &g_array_index (data->ids, gint64, start),
                                                         n, &error);

      if (events == NULL)
        goto failed;

      for (guint i = 0; i < events->len; i++)
        {
          const BvStoredEvent *stored = g_ptr_array_index (events, i);

          if (stored == NULL)
            continue;
          bv_export_event (buffer, BV_EXPORT_CSV, stored->event, stored->source,
                           stored->source_index);
          data->n_written++;
        }

      if (buffer->len >= EXPORT_BUFFER &&
          !write_buffer (G_OUTPUT_STREAM (stream), buffer, cancellable, &error))
        goto failed;
    }

  if (!write_buffer (G_OUTPUT_STREAM (stream), buffer, cancellable, &error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &error))
    goto failed;

  g_task_return_boolean (task, TRUE);
  return;

failed:
  g_task_return_error (task, error);
}

static void
on_export_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  BvWindow *self = BV_WINDOW (object);
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      bv_window_show_error (self, _("The Export Failed"), error->message);
      return;
    }

  name = g_file_get_basename (data->file);
  number = g_strdup_printf ("%'" G_GUINT64_FORMAT, data->n_written);
  /* Translators: a number of events, then a file name */
  title = g_strdup_printf (ngettext ("Exported %s event to %s", "Exported %s events to %s",
                                     data->n_written), number, name);
  escaped = g_markup_escape_text (title, -1);
  bv_window_show_toast (self, adw_toast_new (escaped));
}

/**
 * bv_window_export:
 * @self: a window
 * @file: the CSV file to write, replaced when it exists
 *
 * Writes the events of the current view, in its order, to @file in a
 * worker thread, and reports the result in a toast or a dialog.
 */
void
bv_window_export (BvWindow *self,
                  GFile    *file)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (BV_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportData, 1);
  data->database_path = g_strdup (self->database_path);
  data->ids = g_array_copy (bv_event_list_get_ids (self->event_list));
  data->file = g_object_ref (file);

  task = g_task_new (self, NULL, on_export_done, NULL);
  g_task_set_source_tag (task, bv_window_export);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_in_thread);
}

static void
on_export_chooser_response (GtkNativeDialog *native,
                            int              response,
                            BvWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      bv_window_export (self, file);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BvWindow *self = BV_WINDOW (widget);
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Export Current View"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("bounceview-events.csv"));
  g_signal_connect (native, "response", G_CALLBACK (on_export_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BvWindow *self = BV_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  BvWindow *self = BV_WINDOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  bv_type_switcher_set_event_type (self->type_switcher, BV_EVENT_UNKNOWN);
  bv_filter_bar_clear (self->filter_bar);
}

static void
copy_text (BvWindow   *self,
           const char *text,
           const char *done)
{
  if (!have_text (text))
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  bv_window_show_toast (self, adw_toast_new (done));
}

static void
copy_recipient_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  BvWindow *self = BV_WINDOW (widget);
  const BvStoredEvent *stored = get_selected (self);

  if (stored != NULL)
    copy_text (self, stored->event->recipient, _("Recipient copied"));
}

static void
copy_diagnostic_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  BvWindow *self = BV_WINDOW (widget);
  const BvStoredEvent *stored = get_selected (self);

  if (stored != NULL)
    copy_text (self, stored->event->diagnostic, _("Diagnostic copied"));
}

static void
show_source_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  BvWindow *self = BV_WINDOW (widget);
  const BvStoredEvent *stored = get_selected (self);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  BvTextWindow *window;

  if (stored == NULL || !have_text (stored->source))
    return;

  bytes = bv_source_load_message (stored->source, stored->source_index, stored->source_offset,
                                  &error);
  if (bytes == NULL)
    {
      bv_window_show_error (self, _("Cannot Show the Source"), error->message);
      return;
    }

  window = bv_text_window_new (GTK_WINDOW (self), _("Message Source"), stored->source);
  bv_text_window_set_bytes (window, bytes);
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_launch_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BvWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    bv_window_show_error (self, _("Cannot Open the Message"), error->message);
}

static void
open_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BvWindow *self = BV_WINDOW (widget);
  const BvStoredEvent *stored = get_selected (self);
  g_autoptr(GAppLaunchContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  if (stored == NULL || !have_text (stored->source) || stored->source_index > 0)
    return;

  uri = g_filename_to_uri (stored->source, NULL, &error);
  if (uri == NULL)
    {
      bv_window_show_error (self, _("Cannot Open the Message"), error->message);
      return;
    }

  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (
                                    gtk_widget_get_display (widget)));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, on_launch_done,
                                           g_object_ref (self));
}

void
bv_window_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
  gtk_widget_class_install_action (widget_class, "win.import-files", NULL, import_files_action);
  gtk_widget_class_install_action (widget_class, "win.import-notmuch", NULL,
                                   import_notmuch_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.show-import-failures", NULL,
                                   show_import_failures_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.copy-recipient", NULL,
                                   copy_recipient_action);
  gtk_widget_class_install_action (widget_class, "win.copy-diagnostic", NULL,
                                   copy_diagnostic_action);
  gtk_widget_class_install_action (widget_class, "win.show-source", NULL, show_source_action);
  gtk_widget_class_install_action (widget_class, "win.open-message", NULL, open_message_action);
}

void
bv_window_actions_init (BvWindow *self)
{
  g_autoptr(GPropertyAction) show_filters = NULL;
  GtkDropTarget *drop_target;

  show_filters = g_property_action_new ("show-filters", self->filter_revealer, "reveal-child");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (show_filters));

  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop_target, "drop", G_CALLBACK (on_drop), self);
  g_signal_connect (drop_target, "enter", G_CALLBACK (on_drop_enter), self);
  g_signal_connect (drop_target, "leave", G_CALLBACK (on_drop_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));
}

void
bv_window_actions_dispose (BvWindow *self)
{
  BvImportJob *pending;

  while ((pending = g_queue_pop_head (&self->pending_imports)) != NULL)
    g_object_unref (pending);

  if (self->import_job != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->import_job, self);
      bv_import_job_cancel (self->import_job);
      g_clear_object (&self->import_job);
    }

  g_clear_object (&self->last_toast);
  g_clear_pointer (&self->failures_text, g_free);
}
