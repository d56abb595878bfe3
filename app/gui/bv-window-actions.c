/* bv-window-actions.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The window's win.* actions other than imports (bv-window-import.c):
 * export of the current view, the search and filters, and the actions on
 * the selected event. Accelerators are set in bv-application.c. */

#define G_LOG_DOMAIN "bounceview-window"

#include "bv-window-private.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bv-application.h"
#include "bv-display-text.h"
#include "bv-export.h"
#include "bv-mail-app.h"
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
  BvExportFormat format;
  guint64 n_written;
} ExportData;

/* The formats of Export Current View, as the file chooser offers them.
 * The extension is the one that choosing the filter puts on the name. */
static const struct
{
  BvExportFormat format;
  const char *name;
  const char *extension;
  const char *patterns[4];
} export_filters[] = {
  { BV_EXPORT_CSV, N_("CSV (comma-separated values)"), ".csv", { "*.csv", NULL } },
  { BV_EXPORT_TSV, N_("TSV (tab-separated values)"), ".tsv", { "*.tsv", "*.tab", NULL } },
  { BV_EXPORT_JSON, N_("JSON Lines (one JSON object a line)"), ".jsonl",
    { "*.jsonl", "*.ndjson", "*.json", NULL } },
};

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
  /* The page of an empty database shows no list to export, sort or
   * filter. */
  gboolean has_events = opened && bv_event_list_get_total (self->event_list) > 0;

  gtk_widget_action_set_enabled (widget, "win.import-folder", can_import);
  gtk_widget_action_set_enabled (widget, "win.import-files", can_import);
  gtk_widget_action_set_enabled (widget, "win.import-notmuch", can_import);
  /* The split button's arrow follows too, so that it does not open a
   * menu whose items are all disabled. */
  gtk_widget_set_sensitive (self->import_button, can_import);
  gtk_widget_action_set_enabled (widget, "win.cancel-import", self->import_job != NULL);
  /* Another database replaces this one only once its import is done. */
  gtk_widget_action_set_enabled (widget, "win.open-database", self->import_job == NULL);
  gtk_widget_action_set_enabled (widget, "win.new-database", self->import_job == NULL);
  gtk_widget_action_set_enabled (widget, "win.export", has_events);
  gtk_widget_action_set_enabled (widget, "win.sort-by", has_events);
  gtk_widget_action_set_enabled (widget, "win.sort-descending", has_events);
  /* win.show-filters, a GPropertyAction, cannot be turned off, so it
   * leaves the action map while there is nothing to filter: its
   * shortcut then does nothing. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_toggle), has_events);
  if (self->show_filters != NULL)
    {
      gboolean present = g_action_map_lookup_action (G_ACTION_MAP (self), "show-filters") != NULL;

      if (has_events && !present)
        g_action_map_add_action (G_ACTION_MAP (self), self->show_filters);
      else if (!has_events && present)
        g_action_map_remove_action (G_ACTION_MAP (self), "show-filters");
    }
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
 * that names a file and what to do about it. A message too long to lay
 * out promptly is cut, as bv_display_text_shorten() does.
 */
void
bv_window_show_error (BvWindow   *self,
                      const char *heading,
                      const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, NULL);
  g_autofree char *body = bv_display_text_shorten (message);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
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

  bv_export_header (buffer, data->format);
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
          bv_export_event (buffer, data->format, stored->event, stored->source,
                           stored->source_index, stored->date);
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
 * @file: the file to write, replaced when it exists
 * @format: the format to write in
 *
 * Writes the events of the current view, in its order, to @file in a
 * worker thread, and reports the result in a toast or a dialog.
 */
void
bv_window_export (BvWindow       *self,
                  GFile          *file,
                  BvExportFormat  format)
{
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  g_return_if_fail (BV_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ExportData, 1);
  data->database_path = g_strdup (self->database_path);
  data->ids = g_array_copy (bv_event_list_get_ids (self->event_list));
  data->file = g_object_ref (file);
  data->format = format;

  task = g_task_new (self, NULL, on_export_done, NULL);
  g_task_set_source_tag (task, bv_window_export);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_in_thread);
}

static const char *get_export_extension (BvExportFormat format);

static void
on_export_chooser_response (GtkDialog *dialog,
                            int        response,
                            BvWindow  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
      g_autofree char *name = g_file_get_basename (file);
      BvExportFormat format = BV_EXPORT_CSV;

      /* The extension of the name wins over the filter, because other
       * programs open the file by its name. */
      if (!bv_export_format_from_file_name (name, &format) && filter != NULL)
        format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (filter), "bv-export-format"));

      /* A name typed without any extension gets the format's, unless a
       * file of that name exists, which the dialog did not ask about. */
      if (strchr (name, '.') == NULL)
        {
          g_autofree char *named = g_strconcat (name, get_export_extension (format), NULL);
          g_autoptr(GFile) parent = g_file_get_parent (file);
          g_autoptr(GFile) with_extension = g_file_get_child (parent, named);

          if (!g_file_query_exists (with_extension, NULL))
            g_set_object (&file, with_extension);
        }

      bv_window_export (self, file, format);
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static const char *
get_export_extension (BvExportFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (export_filters); i++)
    {
      if (export_filters[i].format == format)
        return export_filters[i].extension;
    }
  g_return_val_if_reached (NULL);
}

/* Puts the extension of the chosen filter on the name, so that the name
 * and the filter agree. A name without the extension of an export
 * format keeps its name, and the filter sets its format. */
static void
on_export_filter_changed (GtkFileChooser *chooser,
                          GParamSpec     *pspec,
                          gpointer        user_data)
{
  GtkFileFilter *filter = gtk_file_chooser_get_filter (chooser);
  g_autofree char *name = gtk_file_chooser_get_current_name (chooser);
  g_autofree char *stem = NULL;
  g_autofree char *renamed = NULL;
  BvExportFormat named_format;
  BvExportFormat filter_format;

  if (filter == NULL || name == NULL || !bv_export_format_from_file_name (name, &named_format))
    return;

  filter_format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (filter), "bv-export-format"));
  if (filter_format == named_format)
    return;

  /* bv_export_format_from_file_name() found the extension after the last dot. */
  stem = g_strndup (name, strrchr (name, '.') - name);
  renamed = g_strconcat (stem, get_export_extension (filter_format), NULL);
  gtk_file_chooser_set_current_name (chooser, renamed);
}

/* Returns the folder that the export dialog starts in: the Documents
 * folder, else the home folder, but never the database's own folder.
 * GTK 4.8's chooser reads the files of the folder it shows, and that
 * drops this process's locks on the database (see the NOTE at
 * choose_import()). Without a start folder it shows the folder that
 * BounceView was started in, often the database's. */
static GFile *
export_start_folder (BvWindow *self)
{
  g_autofree char *database_folder = g_path_get_dirname (self->database_path);
  const char *candidates[] = { g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS),
                               g_get_home_dir () };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autoptr(GFile) folder = NULL;
      g_autoptr(GFile) database = NULL;

      if (candidates[i] == NULL || !g_file_test (candidates[i], G_FILE_TEST_IS_DIR))
        continue;
      folder = g_file_new_for_path (candidates[i]);
      database = g_file_new_for_path (database_folder);
      if (!g_file_equal (folder, database))
        return g_steal_pointer (&folder);
    }
  return NULL;
}

/* NOTE: A GtkFileChooserDialog rather than a GtkFileChooserNative,
 * because a native chooser does not report the filter that the user
 * chooses while it is open, so the name could not follow it. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  BvWindow *self = BV_WINDOW (widget);
  g_autoptr(GFile) start = NULL;
  GtkWidget *dialog;

  dialog = gtk_file_chooser_dialog_new (_("Export Current View"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Cancel"), GTK_RESPONSE_CANCEL,
                                        _("_Export"), GTK_RESPONSE_ACCEPT,
                                        NULL);
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);

  for (guint i = 0; i < G_N_ELEMENTS (export_filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(export_filters[i].name));
      for (guint j = 0; export_filters[i].patterns[j] != NULL; j++)
        gtk_file_filter_add_pattern (filter, export_filters[i].patterns[j]);
      g_object_set_data (G_OBJECT (filter), "bv-export-format",
                         GINT_TO_POINTER (export_filters[i].format));
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      if (i == 0)
        gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), filter);
    }

  start = export_start_folder (self);
  if (start != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), start, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("bounceview-events.csv"));
  g_signal_connect (dialog, "notify::filter", G_CALLBACK (on_export_filter_changed), NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_chooser_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Returns whether @window opened its database: its main page shows the
 * events or the empty database. Sets @failed when it shows the error
 * page instead. */
static gboolean
database_opened (BvWindow *window,
                 gboolean *failed)
{
  const char *page = gtk_stack_get_visible_child_name (window->main_stack);

  *failed = g_strcmp0 (page, "error") == 0;
  return g_strcmp0 (page, "events") == 0 || g_strcmp0 (page, "empty") == 0;
}

/* The other database of @window could not be opened: that window goes,
 * and this one, which still shows its own database, explains why in a
 * dialog. */
static void
report_failed_switch (BvWindow *self,
                      BvWindow *window)
{
  g_autofree char *message = g_strdup (window->error_message);

  gtk_window_destroy (GTK_WINDOW (window));
  bv_window_show_error (self, _("Cannot Open the Database"), message);
}

static void
on_new_window_page (GtkStack   *stack,
                    GParamSpec *pspec,
                    BvWindow   *self)
{
  BvWindow *window = BV_WINDOW (gtk_widget_get_root (GTK_WIDGET (stack)));
  gboolean failed;

  if (database_opened (window, &failed))
    {
      gtk_window_close (GTK_WINDOW (self));
    }
  else if (failed)
    {
      g_signal_handlers_disconnect_by_func (stack, on_new_window_page, self);
      report_failed_switch (self, window);
    }
}

/* Shows the database in @file in a window of its own, which takes the
 * place of this one. A window whose own database works stays until the
 * other database opened: a file that is no database then leaves the
 * user where they were, with a dialog that explains why. */
static void
switch_database (BvWindow *self,
                 GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  BvWindow *window = NULL;
  gboolean failed;

  /* This window's own path, as after a replace, gets a new window that
   * opens the file again. */
  if (g_strcmp0 (path, self->database_path) != 0)
    window = BV_WINDOW (bv_application_find_database (BV_APPLICATION (application), path));
  if (window == NULL)
    window = bv_window_new (application, path);

  /* A file that this window can stay in front of does not get a window
   * of its own, not even for a moment. */
  if (!database_opened (window, &failed) && failed &&
      bv_event_list_get_store (self->event_list) != NULL)
    {
      report_failed_switch (self, window);
      return;
    }

  gtk_window_present (GTK_WINDOW (window));
  if (bv_event_list_get_store (self->event_list) == NULL || database_opened (window, &failed))
    gtk_window_close (GTK_WINDOW (self));
  else if (!failed)
    g_signal_connect_object (window->main_stack, "notify::visible-child-name",
                             G_CALLBACK (on_new_window_page), self, 0);
}

/* Returns whether a window shows the database at @path. A window that
 * could not open it does not count. */
static gboolean
database_in_use (BvWindow   *self,
                 const char *path)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  for (GList *l = gtk_application_get_windows (application); l != NULL; l = l->next)
    {
      if (BV_IS_WINDOW (l->data) &&
          g_strcmp0 (bv_window_get_database_path (l->data), path) == 0 &&
          bv_event_list_get_store (bv_window_get_event_list (l->data)) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Moves the database at @path, and its -wal and -shm files, to the trash
 * so that a new database can take its name. SQLite could replay an old
 * -wal file left beside the new database into it, so every file that
 * exists must go. Nothing is deleted when the trash cannot take a file. */
static gboolean
trash_database (BvWindow   *self,
                const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  g_autofree char *message = NULL;

  if (database_in_use (self, path))
    {
      /* Translators: %s is the path of a database */
      message = g_strdup_printf (_("“%s” is open in a window. Close that window first, "
                                   "or choose another name."), path);
      bv_window_show_error (self, _("Cannot Replace the Database"), message);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file_path = g_strconcat (path, suffixes[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (file_path);
      g_autoptr(GError) error = NULL;

      if (g_file_trash (file, NULL, &error) ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        continue;

      g_warning ("Cannot move %s to the trash: %s", file_path, error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        /* Translators: %s is the path of a file */
        message = g_strdup_printf (_("“%s” cannot be moved to the trash on this file system, "
                                     "and BounceView does not delete it. Choose another name, "
                                     "or delete the file yourself."), file_path);
      else
        /* Translators: the path of a file, then the error message */
        message = g_strdup_printf (_("“%s” could not be moved to the trash: %s"),
                                   file_path, error->message);
      bv_window_show_error (self, _("Cannot Replace the Database"), message);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  BvWindow *window;             /* weak */
  GFile *file;
} SwitchData;

static void
switch_data_free (gpointer user_data)
{
  SwitchData *data = user_data;

  g_clear_weak_pointer (&data->window);
  g_clear_object (&data->file);
  g_free (data);
}

static gboolean
switch_database_later (gpointer user_data)
{
  SwitchData *data = user_data;

  if (data->window != NULL)
    switch_database (data->window, data->file);
  return G_SOURCE_REMOVE;
}

static void
on_database_chooser_response (GtkNativeDialog *native,
                              int              response,
                              BvWindow        *self)
{
  GtkFileChooserAction action = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (native));
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *message = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

  gtk_native_dialog_destroy (native);
  g_object_unref (native);

  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      /* Translators: %s is a URI such as sftp://host/events.sqlite */
      message = g_strdup_printf (_("“%s” is not a local file. Choose a database on this computer."),
                                 uri);
      bv_window_show_error (self, _("Cannot Open the Database"), message);
      return;
    }

  /* The chooser of a new database asked whether to replace an existing
   * file, so the new database starts empty. */
  if (action == GTK_FILE_CHOOSER_ACTION_SAVE && !trash_database (self, path))
    return;

  /* Once GTK has taken the chooser down: a window built and destroyed in
   * its response drew a button before its allocation now and then. */
  {
    SwitchData *data = g_new0 (SwitchData, 1);

    g_set_weak_pointer (&data->window, self);
    data->file = g_steal_pointer (&file);
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, switch_database_later, data, switch_data_free);
  }
}

static void
choose_database (BvWindow             *self,
                 const char           *title,
                 GtkFileChooserAction  action,
                 const char           *accept_label)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept_label,
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (action == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), "bounceview.sqlite");
    }
  else
    {
      g_autoptr(GtkFileFilter) databases = gtk_file_filter_new ();
      g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

      /* The folder of this database, where the default one is hidden
       * under ~/.local/share, and where other databases are often kept.
       * Only for a name ending in .sqlite: the chooser opens the files
       * of a folder that it shows, unless the MIME package that the
       * install adds names their type (see the README). */
      if (self->database_path != NULL && g_str_has_suffix (self->database_path, ".sqlite"))
        {
          g_autoptr(GFile) database = g_file_new_for_path (self->database_path);
          g_autoptr(GFile) folder = g_file_get_parent (database);

          if (folder != NULL)
            gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
        }
      gtk_file_filter_set_name (databases, _("Databases (*.sqlite)"));
      gtk_file_filter_add_pattern (databases, "*.sqlite");
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), databases);
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
      gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (native), databases);
    }
  g_signal_connect (native, "response", G_CALLBACK (on_database_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_database_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  choose_database (BV_WINDOW (widget), _("Open Another Database"),
                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
}

static void
new_database_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  choose_database (BV_WINDOW (widget), _("Create a New Database"),
                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Create"));
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
on_no_mail_app_response (AdwMessageDialog *dialog,
                         const char       *response,
                         BvWindow         *self)
{
  if (g_str_equal (response, "show-source"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-source", NULL);
}

/* Tells why no mail application shows the message, and offers to show
 * its source instead. */
static void
show_no_mail_app (BvWindow   *self,
                  const char *heading,
                  const char *body)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "close", _("_Close"),
                                    "show-source", _("_Show Source"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "show-source");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_no_mail_app_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_launch_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BvWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  if (g_app_info_launch_uris_finish (G_APP_INFO (object), result, &error))
    return;

  g_debug ("Launching %s failed: %s", g_app_info_get_id (G_APP_INFO (object)), error->message);
  /* Translators: the first %s is an application's name, the second the
   * system's reason, such as "Unable to find terminal required for application" */
  body = g_strdup_printf (_("%s, the application set to open email messages, did not start "
                            "(%s). Choose another one in the system settings, or use Show "
                            "Source to read the message here."),
                          g_app_info_get_display_name (G_APP_INFO (object)), error->message);
  show_no_mail_app (self, _("Cannot Open the Message"), body);
}

/* Opens the file of the selected message in a mail application, never
 * in BounceView itself, which would import it again. */
static void
open_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  BvWindow *self = BV_WINDOW (widget);
  const BvStoredEvent *stored = get_selected (self);
  g_autoptr(GAppLaunchContext) context = NULL;
  g_autoptr(GAppInfo) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  GList uris = { NULL, NULL, NULL };

  if (stored == NULL || !have_text (stored->source) || stored->source_index > 0)
    return;

  uri = g_filename_to_uri (stored->source, NULL, &error);
  if (uri == NULL)
    {
      bv_window_show_error (self, _("Cannot Open the Message"), error->message);
      return;
    }

  app = bv_mail_app_choose (BV_MAIL_APP_CONTENT_TYPE, APPLICATION_ID ".desktop");
  if (app == NULL)
    {
      show_no_mail_app (self, _("No Mail Application Installed"),
                        _("No application other than BounceView opens email "
                          "messages. Install a mail application, or use Show "
                          "Source to read the message here."));
      return;
    }

  g_debug ("Opening %s with %s", uri, g_app_info_get_id (app));
  uris.data = uri;
  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (
                                    gtk_widget_get_display (widget)));
  g_app_info_launch_uris_async (app, &uris, context, NULL, on_launch_done,
                                g_object_ref (self));
}

void
bv_window_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.open-database", NULL, open_database_action);
  gtk_widget_class_install_action (widget_class, "win.new-database", NULL, new_database_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "win.copy-recipient", NULL,
                                   copy_recipient_action);
  gtk_widget_class_install_action (widget_class, "win.copy-diagnostic", NULL,
                                   copy_diagnostic_action);
  gtk_widget_class_install_action (widget_class, "win.show-source", NULL, show_source_action);
  gtk_widget_class_install_action (widget_class, "win.open-message", NULL, open_message_action);
  /* The Sort By menu, for the order that the column headers set. */
  gtk_widget_class_install_property_action (widget_class, "win.sort-by", "sort-column");
  gtk_widget_class_install_property_action (widget_class, "win.sort-descending", "sort-descending");
}

void
bv_window_actions_init (BvWindow *self)
{
  self->show_filters = G_ACTION (g_property_action_new ("show-filters", self->filter_revealer,
                                                        "reveal-child"));
  g_action_map_add_action (G_ACTION_MAP (self), self->show_filters);
}

void
bv_window_actions_dispose (BvWindow *self)
{
  g_clear_object (&self->import_toast);
  g_clear_object (&self->last_toast);
  g_clear_object (&self->show_filters);
}
