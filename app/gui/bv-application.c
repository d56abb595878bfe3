/* bv-application.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The application: one process however often it is started. A second
 * start passes its command line to the first process, which opens a
 * window on the requested database (or raises the one it has) and
 * imports the paths given. The database is --database, else
 * $BOUNCEVIEW_DATABASE of the process that was started, else the
 * default in the XDG data folder, as for bounceview-cli. */

#define G_LOG_DOMAIN "bounceview-application"

#include "bv-application.h"

#include <glib/gi18n.h>

#include "bv-store.h"
#include "bv-window.h"

struct _BvApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (BvApplication, bv_application, ADW_TYPE_APPLICATION)

/* Every accelerator of the application, in one place. */
static const struct
{
  const char *action;
  const char *accels[3];
} accelerators[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.import-folder", { "<Control>o", NULL } },
  { "win.import-files", { "<Control><Shift>o", NULL } },
  { "win.import-notmuch", { "<Control><Shift>n", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.show-filters", { "<Control><Shift>f", NULL } },
  { "win.clear-filters", { "<Control><Shift>BackSpace", NULL } },
  { "win.copy-recipient", { "<Control><Shift>c", NULL } },
  { "win.copy-diagnostic", { "<Control><Shift>d", NULL } },
  { "win.show-source", { "<Control>u", NULL } },
  { "win.open-message", { "<Control><Shift>m", NULL } },
  { "win.cancel-import", { "<Control>period", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

static char *
resolve_database (GApplicationCommandLine *command_line,
                  GVariantDict            *options)
{
  const char *env;
  g_autofree char *database = NULL;

  if (g_variant_dict_lookup (options, "database", "^ay", &database) && *database != '\0')
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                              database);

      return g_file_get_path (file);
    }

  env = g_application_command_line_getenv (command_line, "BOUNCEVIEW_DATABASE");
  if (env != NULL && *env != '\0')
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, env);

      return g_file_get_path (file);
    }

  return bv_store_default_path ();
}

static int
bv_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  BvApplication *self = BV_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *database = resolve_database (command_line, options);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) arguments = NULL;
  GtkWindow *window;

  window = bv_application_open_database (self, database);

  if (g_variant_dict_lookup (options, G_OPTION_REMAINING, "^aay", &arguments))
    {
      for (guint i = 0; arguments[i] != NULL; i++)
        g_ptr_array_add (files,
                         g_application_command_line_create_file_for_arg (command_line,
                                                                         arguments[i]));
    }

  if (files->len > 0)
    bv_window_import_files (BV_WINDOW (window), (GFile **) files->pdata, files->len);

  return 0;
}

static void
bv_application_activate (GApplication *application)
{
  g_autofree char *database = bv_store_default_path ();

  bv_application_open_database (BV_APPLICATION (application), database);
}

static void
bv_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  g_autofree char *database = bv_store_default_path ();
  GtkWindow *window = bv_application_open_database (BV_APPLICATION (application), database);

  bv_window_import_files (BV_WINDOW (window), files, n_files);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The BounceView authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (application),
                         "application-name", _("BounceView"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The BounceView authors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("BounceView decodes bounce messages – delivery status notifications, feedback reports and automatic replies – and shows why mail to each recipient was not delivered."),
                         "copyright", "© 2026 The BounceView authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         /* Translators: your names, one a line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (application);

  /* Closing each window saves its size and stops its import cleanly. */
  for (GList *l = g_list_copy (windows); l != NULL; l = g_list_delete_link (l, l))
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
bv_application_startup (GApplication *application)
{
  static const GActionEntry actions[] = {
    { "about", about_action, NULL, NULL, NULL, { 0 } },
    { "quit", quit_action, NULL, NULL, NULL, { 0 } },
  };

  G_APPLICATION_CLASS (bv_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions),
                                   application);

  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                           accelerators[i].action, accelerators[i].accels);
}

static void
bv_application_class_init (BvApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->activate = bv_application_activate;
  application_class->command_line = bv_application_command_line;
  application_class->open = bv_application_open;
  application_class->startup = bv_application_startup;
}

static void
bv_application_init (BvApplication *self)
{
  static const GOptionEntry options[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("The database file (default: $BOUNCEVIEW_DATABASE, else bounceview/bounceview.sqlite in the XDG data folder)"),
      N_("FILE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[PATH…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Show the bounces stored in the database, after importing each PATH: a Maildir, an mbox file, a message file or a folder of those."));
}

BvApplication *
bv_application_new (void)
{
  return g_object_new (BV_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/com/example/BounceView",
                       NULL);
}

/**
 * bv_application_find_database:
 * @self: the application
 * @database_path: a database file
 *
 * Returns: (transfer none) (nullable): the window on @database_path, or
 *   %NULL when no window shows it
 */
GtkWindow *
bv_application_find_database (BvApplication *self,
                              const char    *database_path)
{
  GtkWindow *window = NULL;

  g_return_val_if_fail (BV_IS_APPLICATION (self), NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (BV_IS_WINDOW (l->data) &&
          g_strcmp0 (bv_window_get_database_path (l->data), database_path) == 0)
        window = l->data;
    }
  return window;
}

/**
 * bv_application_open_database:
 * @self: the application
 * @database_path: a database file
 *
 * Raises the window on @database_path, or opens one.
 *
 * Returns: (transfer none): the window
 */
GtkWindow *
bv_application_open_database (BvApplication *self,
                              const char    *database_path)
{
  GtkWindow *window;

  g_return_val_if_fail (BV_IS_APPLICATION (self), NULL);

  window = bv_application_find_database (self, database_path);
  if (window == NULL)
    window = GTK_WINDOW (bv_window_new (GTK_APPLICATION (self), database_path));

  gtk_window_present (window);
  return window;
}
