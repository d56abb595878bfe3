/* bv-notmuch-dialog.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Asks for the notmuch database and the search query of an import. Both
 * start as last used (GSettings), else as notmuch's configuration and
 * BounceView's default query give them. While the folder is empty, a
 * hint below the entries names the configured database, or requests a
 * folder when notmuch's configuration names none. */

#define G_LOG_DOMAIN "bounceview-notmuch-dialog"

#include "bv-notmuch-dialog.h"

#include <glib/gi18n.h>

#include "bv-notmuch.h"

struct _BvNotmuchDialog
{
  AdwMessageDialog parent_instance;

  GSettings *settings;

  AdwEntryRow *database_row;
  AdwEntryRow *query_row;
  GtkLabel *problem_label;

  GtkFileChooserNative *chooser;
  char *default_database;       /* the one notmuch's configuration names, or NULL */
};

G_DEFINE_FINAL_TYPE (BvNotmuchDialog, bv_notmuch_dialog, ADW_TYPE_MESSAGE_DIALOG)

static char *
dup_trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Import needs a query, and a folder unless notmuch's configuration
 * names one. */
static void
update_import_response (BvNotmuchDialog *self)
{
  g_autofree char *query = dup_trimmed (self->query_row);
  g_autofree char *database = dup_trimmed (self->database_row);
  gboolean need_database = *database == '\0' && self->default_database == NULL;

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "import",
                                           *query != '\0' && !need_database);
}

/* Sets the hint below the entries: what an empty folder means. It stays
 * the same while a folder is typed or erased, so that the dialog keeps
 * its size. */
static void
set_hint (BvNotmuchDialog *self)
{
  if (self->default_database != NULL)
    {
      g_autofree char *hint = g_strdup_printf (_("With the folder empty, the database of your notmuch configuration is used: %s"),
                                               self->default_database);

      gtk_label_set_text (self->problem_label, hint);
    }
  else
    {
      gtk_label_set_text (self->problem_label,
                          _("No notmuch configuration names a database here. Enter the folder of your notmuch database, or choose it with the folder button."));
    }
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     BvNotmuchDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->database_row), path);
    }
  g_clear_object (&self->chooser);
}

static void
on_choose_clicked (BvNotmuchDialog *self)
{
  g_autofree char *current = dup_trimmed (self->database_row);

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Choose the notmuch Database"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (*current != '\0' && g_file_test (current, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) folder = g_file_new_for_path (current);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
    }
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
fill_entries (BvNotmuchDialog *self)
{
  g_autofree char *database = g_settings_get_string (self->settings, "notmuch-database");
  g_autofree char *query = g_settings_get_string (self->settings, "notmuch-query");
  g_autoptr(GError) error = NULL;
  g_autofree char *configured = bv_notmuch_default_database (&error);

  self->default_database = g_strdup (configured);
  if (configured == NULL)
    g_debug ("No default notmuch database: %s", error->message);

  /* A folder used before that is gone (a typing error that failed to
   * import, a moved database) gives way to the configured one. */
  if (*database != '\0' && !g_file_test (database, G_FILE_TEST_IS_DIR))
    {
      g_free (database);
      database = g_strdup ("");
    }
  if (*database == '\0' && configured != NULL)
    {
      g_free (database);
      database = g_steal_pointer (&configured);
    }

  if (*query == '\0')
    {
      g_free (query);
      query = g_strdup (bv_notmuch_default_query ());
    }

  gtk_editable_set_text (GTK_EDITABLE (self->database_row), database);
  gtk_editable_set_text (GTK_EDITABLE (self->query_row), query);
  set_hint (self);
  update_import_response (self);
}

static void
bv_notmuch_dialog_dispose (GObject *object)
{
  BvNotmuchDialog *self = (BvNotmuchDialog *) object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->default_database, g_free);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  G_OBJECT_CLASS (bv_notmuch_dialog_parent_class)->dispose (object);
}

static void
bv_notmuch_dialog_class_init (BvNotmuchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bv_notmuch_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/BounceView/bv-notmuch-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, BvNotmuchDialog, database_row);
  gtk_widget_class_bind_template_child (widget_class, BvNotmuchDialog, query_row);
  gtk_widget_class_bind_template_child (widget_class, BvNotmuchDialog, problem_label);
  gtk_widget_class_bind_template_callback (widget_class, update_import_response);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
}

static void
bv_notmuch_dialog_init (BvNotmuchDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * bv_notmuch_dialog_new:
 * @parent: the window to import into
 * @settings: the application's settings, with the notmuch keys
 *
 * Returns: (transfer full): a dialog whose "import" response starts an
 *   import; present it to show it
 */
BvNotmuchDialog *
bv_notmuch_dialog_new (GtkWindow *parent,
                       GSettings *settings)
{
  BvNotmuchDialog *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (BV_TYPE_NOTMUCH_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->settings = g_object_ref (settings);
  fill_entries (self);
  return self;
}

/**
 * bv_notmuch_dialog_dup_database:
 * @self: a dialog
 *
 * Returns: (transfer full) (nullable): the database folder, or %NULL to
 *   let notmuch's configuration choose
 */
char *
bv_notmuch_dialog_dup_database (BvNotmuchDialog *self)
{
  g_autofree char *database = NULL;

  g_return_val_if_fail (BV_IS_NOTMUCH_DIALOG (self), NULL);

  database = dup_trimmed (self->database_row);
  return *database != '\0' ? g_steal_pointer (&database) : NULL;
}

char *
bv_notmuch_dialog_dup_query (BvNotmuchDialog *self)
{
  g_return_val_if_fail (BV_IS_NOTMUCH_DIALOG (self), NULL);

  return dup_trimmed (self->query_row);
}

/**
 * bv_notmuch_dialog_set_entries:
 * @self: a dialog
 * @database: (nullable): the database folder to show, or %NULL for none
 * @query: the query to show
 *
 * Fills the dialog with what the user typed before, as after an import
 * that failed with them.
 */
void
bv_notmuch_dialog_set_entries (BvNotmuchDialog *self,
                               const char      *database,
                               const char      *query)
{
  g_return_if_fail (BV_IS_NOTMUCH_DIALOG (self));
  g_return_if_fail (query != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->database_row), database != NULL ? database : "");
  gtk_editable_set_text (GTK_EDITABLE (self->query_row), query);
}

/**
 * bv_notmuch_dialog_remember:
 * @self: a dialog
 *
 * Stores the database and query as the next import's defaults.
 */
void
bv_notmuch_dialog_remember (BvNotmuchDialog *self)
{
  g_autofree char *database = NULL;
  g_autofree char *query = NULL;

  g_return_if_fail (BV_IS_NOTMUCH_DIALOG (self));

  database = dup_trimmed (self->database_row);
  query = dup_trimmed (self->query_row);
  g_settings_set_string (self->settings, "notmuch-database", database);
  g_settings_set_string (self->settings, "notmuch-query", query);
}
