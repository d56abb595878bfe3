/* bv-window-import.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window's imports: from dropped files, the file chooser and notmuch.
 * One import runs at a time in a worker thread, and the others wait. The
 * window shows the progress, refreshes the list after each committed
 * batch, and sums up each import in a toast. */

#define G_LOG_DOMAIN "bounceview-window"

#include "bv-window-private.h"

#include <glib/gi18n.h>
#include <string.h>

#include "bv-notmuch-dialog.h"
#include "bv-notmuch.h"
#include "bv-text-window.h"

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
  else if (counts->events == 0)
    g_string_append (summary, _("No new events"));
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

/* One line a failure. A reason that names its file already ("Cannot
 * read “/srv/mail/a.eml”: ...") is not prefixed with the file again. */
static char *
format_failures (GPtrArray *failures,
                 guint64    n_failures)
{
  GString *text = g_string_new (NULL);
  guint listed = failures != NULL ? failures->len : 0;

  for (guint i = 0; i < listed; i++)
    {
      const BvImportFailure *failure = g_ptr_array_index (failures, i);

      if (failure->index > 0)
        /* Translators: a file, the position of a message in it, and why it failed */
        g_string_append_printf (text, _("%s, message %" G_GUINT64_FORMAT ": %s\n"),
                                failure->path, failure->index, failure->reason);
      else if (failure->path != NULL && strstr (failure->reason, failure->path) != NULL)
        g_string_append_printf (text, "%s\n", failure->reason);
      else
        g_string_append_printf (text, "%s: %s\n", failure->path, failure->reason);
    }
  if (n_failures > listed)
    g_string_append_printf (text,
                            ngettext ("… and %" G_GUINT64_FORMAT " more failure, not listed.\n",
                                      "… and %" G_GUINT64_FORMAT " more failures, not listed.\n",
                                      n_failures - listed),
                            n_failures - listed);

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
  bv_window_refresh_list (self);
}

static void start_import (BvWindow    *self,
                          BvImportJob *job);

static void
on_import_toast_dismissed (AdwToast *toast,
                           BvWindow *self)
{
  if (self->import_toast == toast)
    g_clear_object (&self->import_toast);
}

static void
on_import_finished (BvImportJob *job,
                    BvWindow    *self)
{
  /* Holds the job's last reference until the end of this function. */
  g_autoptr(BvImportJob) finished G_GNUC_UNUSED = g_steal_pointer (&self->import_job);
  g_autoptr(BvImportJob) next = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *escaped = NULL;
  const GError *error = bv_import_job_get_error (job);
  gboolean cancelled = bv_import_job_was_cancelled (job);
  BvImportCounts counts;
  AdwToast *toast;

  g_signal_handlers_disconnect_by_data (job, self);
  bv_import_job_get_counts (job, &counts);
  bv_window_refresh_list (self);

  g_clear_pointer (&self->failures_text, g_free);
  if (counts.failures > 0)
    self->failures_text = format_failures (bv_import_job_get_failures (job), counts.failures);
  self->failures_count = counts.failures;

  if (error != NULL && !cancelled)
    bv_window_show_error (self, _("The Import Stopped"), error->message);

  summary = format_summary (&counts, cancelled);
  escaped = g_markup_escape_text (summary, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 8);
  if (self->failures_text != NULL)
    {
      /* Time to read the counts and reach for the button; the main menu
       * keeps the failures after the toast is gone. */
      adw_toast_set_timeout (toast, 20);
      adw_toast_set_button_label (toast, _("_Details"));
      adw_toast_set_action_name (toast, "win.show-import-failures");
    }
  /* A new summary replaces the one before. The overlay would show an
   * older toast of high priority again once the newer one is gone, with
   * counts that no longer apply. */
  if (self->import_toast != NULL)
    adw_toast_dismiss (self->import_toast);
  g_set_object (&self->import_toast, toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_import_toast_dismissed), self, 0);
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
                        _("The database is open read-only, so nothing can be imported into it. Choose one that you can write with Open Another Database… or New Database… in the main menu.") :
                        _("No database is open. Choose one with Open Another Database… or New Database… in the main menu."));
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

/* NOTE: without a portal, GTK 4.8's file chooser runs in this process
 * and reads the first bytes of each file whose type it cannot tell by
 * name. Closing those descriptors drops this process's SQLite locks
 * (POSIX locks). After a dialog had shown the database's folder, the
 * sqlite3 shell took itself for the only user and deleted the -wal and
 * -shm files under the open window, which then reported the database
 * damaged. The MIME package that data/ installs names the files of a
 * database called *.sqlite, which the chooser then leaves closed
 * (strace). A database of another name is still read, in every dialog;
 * nothing here restores the locks. */
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

static void on_notmuch_response (BvNotmuchDialog *dialog,
                                 const char      *response,
                                 BvWindow        *self);

/* Shows the dialog of an import from notmuch, filled from the settings,
 * or with @database and @query when @query is not NULL. */
static void
present_notmuch_dialog (BvWindow   *self,
                        const char *database,
                        const char *query)
{
  BvNotmuchDialog *dialog = bv_notmuch_dialog_new (GTK_WINDOW (self), self->settings);

  if (query != NULL)
    bv_notmuch_dialog_set_entries (dialog, database, query);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_notmuch_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
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
  source = bv_notmuch_source_new (database, query, &error);
  if (source == NULL)
    {
      /* The dialog closed with its response: a new one keeps what the
       * user typed, to correct it, under the error. */
      present_notmuch_dialog (self, database, query);
      bv_window_show_error (self, _("Cannot Import from notmuch"), error->message);
      return;
    }

  /* Only a database and a query that work become the next defaults. */
  bv_notmuch_dialog_remember (dialog);

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

  if (!check_writable (self))
    return;

  present_notmuch_dialog (self, NULL, NULL);
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
  g_autofree char *subtitle = NULL;
  BvTextWindow *window;

  if (self->failures_text == NULL)
    return;

  /* Translators: the subtitle of the window that lists an import's failures */
  subtitle = g_strdup_printf (ngettext ("%" G_GUINT64_FORMAT " failure in the last import",
                                        "%" G_GUINT64_FORMAT " failures in the last import",
                                        self->failures_count),
                              self->failures_count);
  window = bv_text_window_new (GTK_WINDOW (self), _("Messages That Could Not Be Imported"),
                               subtitle);
  bv_text_window_set_text (window, self->failures_text);
  gtk_window_present (GTK_WINDOW (window));
}

void
bv_window_import_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.import-folder", NULL, import_folder_action);
  gtk_widget_class_install_action (widget_class, "win.import-files", NULL, import_files_action);
  gtk_widget_class_install_action (widget_class, "win.import-notmuch", NULL,
                                   import_notmuch_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-import", NULL, cancel_import_action);
  gtk_widget_class_install_action (widget_class, "win.show-import-failures", NULL,
                                   show_import_failures_action);
}

void
bv_window_import_init (BvWindow *self)
{
  GtkDropTarget *drop_target;

  g_queue_init (&self->pending_imports);

  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop_target, "drop", G_CALLBACK (on_drop), self);
  g_signal_connect (drop_target, "enter", G_CALLBACK (on_drop_enter), self);
  g_signal_connect (drop_target, "leave", G_CALLBACK (on_drop_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));
}

void
bv_window_import_dispose (BvWindow *self)
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

  g_clear_pointer (&self->failures_text, g_free);
}
