/* test-window.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The real window under X: a database imported from the Maildirs in
 * tests/data/window/, then the list, the filters, the detail pane, a
 * drop, an import that runs alongside bounceview-cli, export, and
 * databases that cannot be opened. Each test gets its own folder. */

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "bv-application.h"
#include "bv-column-sorter.h"
#include "bv-detail-pane.h"
#include "bv-digest.h"
#include "bv-event-item.h"
#include "bv-filter-bar.h"
#include "bv-importer.h"
#include "bv-list-cell.h"
#include "bv-mail-app.h"
#include "bv-notmuch-dialog.h"
#include "bv-text-window.h"
#include "bv-type-switcher.h"
#include "bv-window.h"
#include "bv-window-private.h"
#include "test-import-util.h"
#include "test-window-fixture.h"

/* The events of maildir-initial: alice (bounce), bob (deferral), and
 * carol and dave (two bounces in one report). */
#define N_INITIAL 4
/* maildir-drop adds erin, frank and grace; maildir-cli adds heidi. */
#define N_DROP 3
#define N_CLI 1

#define WAIT_MS 20000

#define OWN_DESKTOP_ID APPLICATION_ID ".desktop"

typedef struct
{
  char *folder;
  char *database;
  BvWindow *window;
  BvEventList *list;
} Fixture;

static gboolean have_display;
static GtkApplication *application;

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "window", name, NULL);
}

static gboolean
list_settled (gpointer user_data)
{
  return !bv_event_list_get_loading (user_data);
}

static void
wait_for_list (BvEventList *list)
{
  bv_test_wait_until (list_settled, list, WAIT_MS);
  g_assert_false (bv_event_list_get_loading (list));
}

static gboolean
import_done (gpointer user_data)
{
  BvWindow *window = user_data;

  return !bv_window_get_importing (window) &&
         !bv_event_list_get_loading (bv_window_get_event_list (window));
}

static GObject *
window_child (Fixture    *fixture,
              const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                  BV_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

/* Returns @root or its first descendant, depth first, for which @match
 * returns %TRUE, or %NULL. */
static GtkWidget *
find_descendant (GtkWidget  *root,
                 gboolean  (*match) (GtkWidget  *widget,
                                     const char *text),
                 const char *text)
{
  if (match (root, text))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, match, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_list_view (GtkWidget  *widget,
              const char *unused)
{
  return GTK_IS_LIST_VIEW (widget);
}

static GtkLabel *
pane_label (Fixture    *fixture,
            const char *name)
{
  GObject *pane = window_child (fixture, "detail_pane");
  GObject *label = gtk_widget_get_template_child (GTK_WIDGET (pane), BV_TYPE_DETAIL_PANE, name);

  g_assert_true (GTK_IS_LABEL (label));
  return GTK_LABEL (label);
}

static GtkWindow *
find_toplevel (GType type)
{
  GtkWindow *found = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
        found = l->data;
    }
  g_list_free (toplevels);
  return found;
}

static AdwMessageDialog *
find_message_dialog (void)
{
  AdwMessageDialog *dialog = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (ADW_IS_MESSAGE_DIALOG (l->data))
        dialog = l->data;
    }
  g_list_free (toplevels);
  return dialog;
}

/* The split button's own button follows the state of win.import-folder. */
static gboolean
import_enabled (Fixture *fixture)
{
  GtkWidget *split = GTK_WIDGET (window_child (fixture, "import_button"));
  GtkWidget *button = gtk_widget_get_first_child (split);

  g_assert_true (GTK_IS_BUTTON (button));
  return gtk_widget_is_sensitive (button);
}

/* The whole split button, its arrow with the menu of other imports too. */
static gboolean
import_menu_enabled (Fixture *fixture)
{
  return gtk_widget_is_sensitive (GTK_WIDGET (window_child (fixture, "import_button")));
}

static void
open_window (Fixture *fixture)
{
  fixture->window = bv_window_new (application, fixture->database);
  fixture->list = bv_window_get_event_list (fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_for_list (fixture->list);
  bv_test_iterate (50);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *maildir = data_path ("maildir-initial");

  if (!have_display)
    {
      g_test_skip ("No display: set DISPLAY, for example with xvfb-run");
      return;
    }

  fixture->folder = g_dir_make_tmp ("bounceview-window-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->database = g_build_filename (fixture->folder, "events.sqlite", NULL);

  /* Each test starts with the default order, because the settings live
   * in memory for the whole test program. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("com.example.BounceView");

    g_settings_reset (settings, "sort-column");
    g_settings_reset (settings, "sort-descending");
    g_settings_reset (settings, "column-widths");
  }

  if (user_data == NULL)
    {
      bv_test_import_path (fixture->database, maildir, NULL);
      open_window (fixture);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GList *toplevels;

  if (!have_display)
    return;

  if (fixture->window != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
      gtk_window_destroy (GTK_WINDOW (fixture->window));
    }

  /* Dialogs and text windows a test left open. */
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (toplevels);

  bv_test_iterate (50);
  bv_test_remove_tree (fixture->folder);
  g_free (fixture->folder);
  g_free (fixture->database);
}

static void
assert_first_recipient (Fixture    *fixture,
                        const char *recipient)
{
  g_autoptr(BvEventItem) item = g_list_model_get_item (G_LIST_MODEL (fixture->list), 0);

  g_assert_nonnull (item);
  g_assert_cmpstr (bv_event_item_get_event (item)->recipient, ==, recipient);
}

/* Selects the row of @recipient as a click would. */
static void
select_recipient (Fixture    *fixture,
                  const char *recipient)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(BvEventItem) item = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

      if (g_strcmp0 (bv_event_item_get_event (item)->recipient, recipient) == 0)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (fixture->list), i, TRUE);
          bv_test_iterate (20);
          return;
        }
    }
  g_assert_not_reached ();
}

typedef struct
{
  Fixture *fixture;
  const char *recipient;
} RecipientWait;

/* Returns whether the list shows an event of the recipient that
 * @user_data, a RecipientWait, names. */
static gboolean
list_has_recipient (gpointer user_data)
{
  RecipientWait *wait = user_data;
  GListModel *list = G_LIST_MODEL (wait->fixture->list);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(BvEventItem) item = g_list_model_get_item (list, i);

      if (g_strcmp0 (bv_event_item_get_event (item)->recipient, wait->recipient) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
select_event_id (Fixture *fixture,
                 gint64   id)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(BvEventItem) item = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

      if (bv_event_item_get_stored (item)->id == id)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (fixture->list), i, TRUE);
          bv_test_iterate (20);
          return;
        }
    }
  g_assert_not_reached ();
}

static void
test_list_count (Fixture       *fixture,
                 gconstpointer  user_data)
{
  GtkLabel *count_label;
  GtkStack *main_stack;

  if (!have_display)
    return;

  count_label = GTK_LABEL (window_child (fixture, "count_label"));
  main_stack = GTK_STACK (window_child (fixture, "main_stack"));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL);
  g_assert_cmpuint (bv_event_list_get_total (fixture->list), ==, N_INITIAL);
  g_assert_cmpstr (gtk_label_get_text (count_label), ==, "4 events");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (main_stack), ==, "events");
  g_assert_true (import_enabled (fixture));
  g_assert_true (import_menu_enabled (fixture));

  /* No spinner spins while the list shows, so that the window does not
   * redraw when idle. */
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (window_child (fixture, "loading_spinner"))));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (window_child (fixture, "query_spinner"))));

  /* Newest first: carol and dave's report is the latest. */
  {
    g_autoptr(BvEventItem) item = g_list_model_get_item (G_LIST_MODEL (fixture->list), 3);

    g_assert_cmpstr (bv_event_item_get_event (item)->recipient, ==, "alice@example.org");
  }
}

static void
test_search_recipient (Fixture       *fixture,
                       gconstpointer  user_data)
{
  GtkEditable *search;
  GtkLabel *count_label;

  if (!have_display)
    return;

  search = GTK_EDITABLE (window_child (fixture, "search_entry"));
  count_label = GTK_LABEL (window_child (fixture, "count_label"));

  gtk_editable_set_text (search, "ALICE");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
  g_assert_cmpstr (gtk_label_get_text (count_label), ==, "1 of 4 events");
  assert_first_recipient (fixture, "alice@example.org");

  /* A domain, typed one key at a time. */
  gtk_editable_set_text (search, "");
  for (const char *domain = "mail.example.com", *p = domain; *p != '\0'; p++)
    {
      g_autofree char *typed = g_strndup (domain, p - domain + 1);

      gtk_editable_set_text (search, typed);
    }
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 2);

  gtk_editable_set_text (search, "nobody-has-this");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (window_child (fixture, "list_stack"))),
                   ==, "no-results");

  gtk_editable_set_text (search, "");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL);
}

static void
test_type_filter (Fixture       *fixture,
                  gconstpointer  user_data)
{
  BvTypeSwitcher *switcher;
  GtkLabel *deferral_count;

  if (!have_display)
    return;

  switcher = BV_TYPE_SWITCHER (window_child (fixture, "type_switcher"));
  deferral_count = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (switcher),
                                                             BV_TYPE_TYPE_SWITCHER,
                                                             "deferral_count"));
  g_assert_cmpstr (gtk_label_get_text (deferral_count), ==, "1");

  bv_type_switcher_set_event_type (switcher, BV_EVENT_DEFERRAL);
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
  assert_first_recipient (fixture, "bob@example.net");

  bv_type_switcher_set_event_type (switcher, BV_EVENT_BOUNCE);
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 3);
  g_assert_cmpuint (bv_event_list_get_type_count (fixture->list, BV_EVENT_UNKNOWN), ==, N_INITIAL);
}

static void
test_combined_filters (Fixture       *fixture,
                       gconstpointer  user_data)
{
  BvFilterBar *filter_bar;
  GtkEditable *search;
  g_autofree char *reason = NULL;

  if (!have_display)
    return;

  filter_bar = BV_FILTER_BAR (window_child (fixture, "filter_bar"));
  search = GTK_EDITABLE (window_child (fixture, "search_entry"));

  /* The status class drop-down keeps its width whichever class it shows,
   * so the entries beside it stay where they are. */
  {
    GtkDropDown *classes = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (filter_bar),
                                                                        BV_TYPE_FILTER_BAR,
                                                                        "class_dropdown"));
    int widths[3];

    for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
      {
        gtk_drop_down_set_selected (classes, i);
        bv_test_iterate (20);
        gtk_widget_measure (GTK_WIDGET (classes), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &widths[i],
                            NULL, NULL);
      }
    g_assert_cmpint (widths[0], ==, widths[1]);
    g_assert_cmpint (widths[0], ==, widths[2]);
    gtk_drop_down_set_selected (classes, 0);
    wait_for_list (fixture->list);
  }

  /* A reply code in the status entry is marked invalid and filters
   * nothing: the class of a status code is one digit. */
  {
    GtkWidget *status_entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (filter_bar),
                                                                         BV_TYPE_FILTER_BAR,
                                                                         "status_entry"));

    bv_filter_bar_set_status (filter_bar, "550");
    wait_for_list (fixture->list);
    g_assert_true (gtk_widget_has_css_class (status_entry, "error"));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL);
  }

  /* A reply code on its way to three digits is not marked invalid while
   * it is typed, and filters nothing. Left that way, it is marked. */
  {
    GtkWidget *reply_entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (filter_bar),
                                                                        BV_TYPE_FILTER_BAR,
                                                                        "reply_code_entry"));

    gtk_widget_grab_focus (reply_entry);
    gtk_editable_set_text (GTK_EDITABLE (reply_entry), "5");
    g_assert_false (gtk_widget_has_css_class (reply_entry, "error"));
    gtk_editable_set_text (GTK_EDITABLE (reply_entry), "55");
    g_assert_false (gtk_widget_has_css_class (reply_entry, "error"));
    wait_for_list (fixture->list);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL);

    gtk_editable_set_text (GTK_EDITABLE (reply_entry), "550");
    g_assert_false (gtk_widget_has_css_class (reply_entry, "error"));
    wait_for_list (fixture->list);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), <, N_INITIAL);

    gtk_editable_set_text (GTK_EDITABLE (reply_entry), "6");
    g_assert_true (gtk_widget_has_css_class (reply_entry, "error"));
    gtk_editable_set_text (GTK_EDITABLE (reply_entry), "55");
    gtk_widget_grab_focus (GTK_WIDGET (search));
    bv_test_iterate (20);
    g_assert_true (gtk_widget_has_css_class (reply_entry, "error"));

    gtk_editable_set_text (GTK_EDITABLE (reply_entry), "");
    g_assert_false (gtk_widget_has_css_class (reply_entry, "error"));
    wait_for_list (fixture->list);
  }

  /* A class that the user chose stays when a code of that class is
   * typed and erased. A class that a code chose goes back to the user's
   * choice. */
  {
    GtkDropDown *classes = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (filter_bar),
                                                                        BV_TYPE_FILTER_BAR,
                                                                        "class_dropdown"));

    /* 1 is "4.x.x temporary", 2 "5.x.x permanent". */
    gtk_drop_down_set_selected (classes, 1);
    bv_filter_bar_set_status (filter_bar, "4.7");
    bv_filter_bar_set_status (filter_bar, "");
    g_assert_cmpuint (gtk_drop_down_get_selected (classes), ==, 1);
    bv_filter_bar_set_status (filter_bar, "5.1");
    g_assert_cmpuint (gtk_drop_down_get_selected (classes), ==, 2);
    bv_filter_bar_set_status (filter_bar, "");
    g_assert_cmpuint (gtk_drop_down_get_selected (classes), ==, 1);
    gtk_drop_down_set_selected (classes, 0);
    wait_for_list (fixture->list);
  }

  /* Hard bounces only: the addresses that cannot receive mail. */
  {
    GtkToggleButton *hard = GTK_TOGGLE_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (filter_bar),
                                                                             BV_TYPE_FILTER_BAR,
                                                                             "hard_button"));
    guint n_hard;

    gtk_toggle_button_set_active (hard, TRUE);
    wait_for_list (fixture->list);
    n_hard = g_list_model_get_n_items (G_LIST_MODEL (fixture->list));
    g_assert_cmpuint (n_hard, >, 0);
    g_assert_cmpuint (n_hard, <, N_INITIAL);
    for (guint i = 0; i < n_hard; i++)
      {
        g_autoptr(BvEventItem) item = g_list_model_get_item (G_LIST_MODEL (fixture->list), i);

        g_assert_true (bv_event_item_get_event (item)->hard_bounce);
      }
    g_assert_true (bv_filter_bar_is_active (filter_bar));
    gtk_toggle_button_set_active (hard, FALSE);
    wait_for_list (fixture->list);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL);
  }

  /* Status 5.1 is alice's and dave's 5.1.1. */
  bv_filter_bar_set_status (filter_bar, "5.1");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 2);

  /* Combined with a recipient. */
  gtk_editable_set_text (search, "dave");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
  assert_first_recipient (fixture, "dave@mail.example.com");

  /* Remote MTA or domain. */
  gtk_editable_set_text (search, "");
  bv_filter_bar_set_status (filter_bar, "");
  bv_filter_bar_set_remote (filter_bar, "mx1.example");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
  assert_first_recipient (fixture, "bob@example.net");
  bv_filter_bar_set_remote (filter_bar, "");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL);

  /* A date range: alice's report is from 10 June, bob's from 11 June,
   * carol and dave's from 12 June 2024 (UTC, the test's time zone). */
  {
    GObject *since = gtk_widget_get_template_child (GTK_WIDGET (filter_bar), BV_TYPE_FILTER_BAR,
                                                    "since_calendar");
    GObject *until = gtk_widget_get_template_child (GTK_WIDGET (filter_bar), BV_TYPE_FILTER_BAR,
                                                    "until_calendar");
    g_autoptr(GDateTime) june_11 = g_date_time_new_utc (2024, 6, 11, 12, 0, 0);

    gtk_calendar_select_day (GTK_CALENDAR (since), june_11);
    g_signal_emit_by_name (since, "day-selected");
    wait_for_list (fixture->list);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 3);

    gtk_calendar_select_day (GTK_CALENDAR (until), june_11);
    g_signal_emit_by_name (until, "day-selected");
    wait_for_list (fixture->list);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
    assert_first_recipient (fixture, "bob@example.net");

    /* A start after the end marks both days. */
    {
      g_autoptr(GDateTime) june_12 = g_date_time_new_utc (2024, 6, 12, 12, 0, 0);
      GtkWidget *since_button = GTK_WIDGET (gtk_widget_get_template_child (
        GTK_WIDGET (filter_bar), BV_TYPE_FILTER_BAR, "since_button"));
      GtkWidget *until_button = GTK_WIDGET (gtk_widget_get_template_child (
        GTK_WIDGET (filter_bar), BV_TYPE_FILTER_BAR, "until_button"));

      gtk_calendar_select_day (GTK_CALENDAR (since), june_12);
      g_signal_emit_by_name (since, "day-selected");
      wait_for_list (fixture->list);
      g_assert_true (gtk_widget_has_css_class (since_button, "error"));
      g_assert_true (gtk_widget_has_css_class (until_button, "error"));
      g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (until_button), "before the start"));
    }

    bv_filter_bar_clear (filter_bar);
    wait_for_list (fixture->list);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL);

    /* A day typed into the entry above each calendar works as one picked
     * there. Text that is not a valid day marks the entry and changes
     * nothing. */
    {
      GObject *since_entry = gtk_widget_get_template_child (GTK_WIDGET (filter_bar),
                                                            BV_TYPE_FILTER_BAR, "since_entry");
      GObject *until_entry = gtk_widget_get_template_child (GTK_WIDGET (filter_bar),
                                                            BV_TYPE_FILTER_BAR, "until_entry");

      /* Not a valid day: 30 February, and a year of two digits, which
       * would read as the year 24. Editing the text drops the mark. */
      const char * const not_days[] = { "2024-02-30", "24-06-11", "June 11" };

      for (guint i = 0; i < G_N_ELEMENTS (not_days); i++)
        {
          gtk_editable_set_text (GTK_EDITABLE (since_entry), not_days[i]);
          g_signal_emit_by_name (since_entry, "activate");
          g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (since_entry), "error"));
          g_assert_false (bv_filter_bar_is_active (filter_bar));
        }
      gtk_editable_set_text (GTK_EDITABLE (since_entry), "");
      g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (since_entry), "error"));

      /* Enter in the empty entry marks nothing. */
      g_signal_emit_by_name (since_entry, "activate");
      g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (since_entry), "error"));
      g_assert_false (bv_filter_bar_is_active (filter_bar));

      gtk_editable_set_text (GTK_EDITABLE (since_entry), " 2024-06-11 ");
      g_signal_emit_by_name (since_entry, "activate");
      wait_for_list (fixture->list);
      g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (since_entry), "error"));
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (since_entry)), ==, "");
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 3);

      gtk_editable_set_text (GTK_EDITABLE (until_entry), "2024-06-11");
      g_signal_emit_by_name (until_entry, "activate");
      wait_for_list (fixture->list);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
      assert_first_recipient (fixture, "bob@example.net");

      bv_filter_bar_clear (filter_bar);
      wait_for_list (fixture->list);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL);
    }
  }

  /* Whatever reason the classifier gave carol, filtering by it keeps her. */
  select_recipient (fixture, "carol@mail.example.com");
  reason = g_strdup (bv_event_item_get_event (bv_event_list_get_selected_item (fixture->list))->reason);
  g_assert_nonnull (reason);
  bv_filter_bar_set_reason (filter_bar, reason);
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), >=, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), <, N_INITIAL);
  g_assert_nonnull (bv_event_list_get_selected_item (fixture->list));

  /* Clearing every filter restores the whole list. */
  gtk_editable_set_text (search, "example");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.clear-filters", NULL);
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  g_assert_false (bv_filter_bar_is_active (filter_bar));

  /* The filter bar's Clear Filters button clears the search too, as the
   * button of the empty list and the shortcut do. */
  gtk_editable_set_text (search, "example");
  bv_filter_bar_set_reason (filter_bar, reason);
  wait_for_list (fixture->list);
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (filter_bar), BV_TYPE_FILTER_BAR,
                                                       "clear_button"),
                         "clicked");
  wait_for_list (fixture->list);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
  g_assert_false (bv_filter_bar_is_active (filter_bar));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL);
}

/* Stores one synthetic event at each of @dates, in Unix time, in
 * messages named after @name. */
static void
add_events_at (const char   *database,
               const char   *name,
               const gint64 *dates,
               guint         n_dates)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BvStore) store = bv_store_open (database, BV_STORE_OPEN_DEFAULT, &error);

  g_assert_no_error (error);
  bv_store_begin (store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_dates; i++)
    {
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) bv_event_free);
      g_autofree char *key = g_strdup_printf ("%s %u", name, i);
      BvMessageRecord record = { 0 };
      BvStoreAddResult result;
      BvEvent *event = bv_synthetic_event (i);

      event->arrival_date = dates[i] - 60;
      event->last_attempt_date = dates[i];
      bv_digest_compute (key, strlen (key), &record.digest);
      record.source = "/nonexistent/dated.eml";
      record.result = "events";
      record.format = "dsn";
      record.date = dates[i];
      g_ptr_array_add (events, event);

      bv_store_add_message (store, &record, events, &result, &error);
      g_assert_no_error (error);
    }

  bv_store_commit (store, &error);
  g_assert_no_error (error);
}

static gboolean
is_button_with_label (GtkWidget  *widget,
                      const char *label)
{
  GtkWidget *child;

  if (!GTK_IS_BUTTON (widget))
    return FALSE;

  child = gtk_button_get_child (GTK_BUTTON (widget));
  return GTK_IS_LABEL (child) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (child)), label) == 0;
}

/* Opens the start date's popover and clicks a button in it. */
static void
click_date_button (GtkMenuButton *since_button,
                   const char    *label)
{
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (since_button));
  GtkButton *button;

  gtk_menu_button_popup (since_button);
  bv_test_iterate (20);
  button = GTK_BUTTON (find_descendant (popover, is_button_with_label, label));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (button)));
  /* The button's tooltip would cover the popover. */
  g_assert_false (gtk_widget_get_has_tooltip (GTK_WIDGET (since_button)));

  g_signal_emit_by_name (button, "clicked");
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (since_button)));
}

static gboolean
list_has_two_rows (gpointer user_data)
{
  BvEventList *list = user_data;

  return !bv_event_list_get_loading (list) && g_list_model_get_n_items (G_LIST_MODEL (list)) == 2;
}

/* The quick ranges count back from now: three of the six events are
 * from the last 7 days. The start button names the range, and the end
 * button hides because the range ends now. */

static void
test_date_quick_ranges (Fixture       *fixture,
                        gconstpointer  user_data)
{
  static const gint64 ages[] = {
    60 * 60, 3 * 86400, 6 * 86400,              /* inside the last 7 days */
    8 * 86400, 40 * 86400, 400 * 86400,         /* outside */
  };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GDateTime) now_utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) year_start = g_date_time_new_utc (g_date_time_get_year (now_utc), 1, 1,
                                                         0, 0, 0);
  g_autoptr(GDateTime) ten_days_ago = g_date_time_new_from_unix_utc (now - 10 * 86400);
  gint64 dates[G_N_ELEMENTS (ages)];
  guint n_this_year = 0;
  BvFilterBar *filter_bar;
  GtkMenuButton *since_button;
  GtkWidget *until_button;
  GObject *since_calendar;

  if (!have_display)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (ages); i++)
    {
      dates[i] = now - ages[i];
      if (dates[i] >= g_date_time_to_unix (year_start))
        n_this_year++;
    }
  add_events_at (fixture->database, "dated report", dates, G_N_ELEMENTS (dates));
  open_window (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 6);

  filter_bar = BV_FILTER_BAR (window_child (fixture, "filter_bar"));
  since_button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (filter_bar),
                                                                 BV_TYPE_FILTER_BAR,
                                                                 "since_button"));
  until_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (filter_bar),
                                                            BV_TYPE_FILTER_BAR, "until_button"));
  since_calendar = gtk_widget_get_template_child (GTK_WIDGET (filter_bar), BV_TYPE_FILTER_BAR,
                                                  "since_calendar");
  gtk_revealer_set_reveal_child (GTK_REVEALER (window_child (fixture, "filter_revealer")), TRUE);
  bv_test_iterate (50);

  click_date_button (since_button, "Last 7 Days");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 3);
  g_assert_cmpstr (gtk_menu_button_get_label (since_button), ==, "Last 7 Days");
  g_assert_false (gtk_widget_get_visible (until_button));
  g_assert_true (bv_filter_bar_is_active (filter_bar));

  /* The popover marks the range in effect. */
  {
    GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (since_button));

    gtk_menu_button_popup (since_button);
    bv_test_iterate (20);
    g_assert_true (gtk_toggle_button_get_active (
      GTK_TOGGLE_BUTTON (find_descendant (popover, is_button_with_label, "Last 7 Days"))));
    g_assert_false (gtk_toggle_button_get_active (
      GTK_TOGGLE_BUTTON (find_descendant (popover, is_button_with_label, "Any Date"))));
    gtk_menu_button_popdown (since_button);
  }

  click_date_button (since_button, "Last 24 Hours");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
  g_assert_cmpstr (gtk_menu_button_get_label (since_button), ==, "Last 24 Hours");

  click_date_button (since_button, "Last 30 Days");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 4);
  g_assert_cmpstr (gtk_menu_button_get_label (since_button), ==, "Last 30 Days");

  /* Which events fall in this year depends on today's date, so the
   * expected count comes from the same clock. */
  click_date_button (since_button, "This Year");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, n_this_year);
  g_assert_cmpstr (gtk_menu_button_get_label (since_button), ==, "This Year");

  /* A day on the calendar replaces the quick range and brings back the
   * end button. */
  gtk_calendar_select_day (GTK_CALENDAR (since_calendar), ten_days_ago);
  g_signal_emit_by_name (since_calendar, "day-selected");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 4);
  g_assert_true (g_str_has_prefix (gtk_menu_button_get_label (since_button), "From 20"));
  g_assert_true (gtk_widget_get_visible (until_button));

  /* Any Date clears the quick range, and every event shows again. */
  click_date_button (since_button, "Last 7 Days");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 3);

  click_date_button (since_button, "Any Date");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 6);
  g_assert_cmpstr (gtk_menu_button_get_label (since_button), ==, "From Any Date");
  g_assert_true (gtk_widget_get_visible (until_button));
  g_assert_false (bv_filter_bar_is_active (filter_bar));

  click_date_button (since_button, "Last 24 Hours");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);

  /* An import while the window is open shows its events, and moves the
   * start of the range up to the clock. */
  {
    gint64 first_since = bv_event_list_get_query (fixture->list)->since;
    gint64 recent[] = { now - 60 };

    g_usleep (1100 * 1000);
    add_events_at (fixture->database, "recent report", recent, G_N_ELEMENTS (recent));
    bv_test_wait_until (list_has_two_rows, fixture->list, WAIT_MS);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 2);
    g_assert_cmpint (bv_event_list_get_query (fixture->list)->since, >, first_since);
  }

  /* Without an import, the bar's clock moves the start up each minute. */
  {
    gint64 first_since = bv_event_list_get_query (fixture->list)->since;

    g_usleep (1100 * 1000);
    g_signal_emit_by_name (filter_bar, "range-moved");
    wait_for_list (fixture->list);
    g_assert_cmpint (bv_event_list_get_query (fixture->list)->since, >, first_since);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 2);
  }
}

/* Checks the state of the Sort By menu's actions. */
static void
assert_sort_menu (Fixture    *fixture,
                  const char *column,
                  gboolean    descending)
{
  g_autofree char *sort_column = NULL;
  gboolean sort_descending = !descending;

  g_object_get (fixture->window, "sort-column", &sort_column, "sort-descending", &sort_descending,
                NULL);
  g_assert_cmpstr (sort_column, ==, column);
  g_assert_cmpint (sort_descending, ==, descending);
}

static void
test_sort_column (Fixture       *fixture,
                  gconstpointer  user_data)
{
  GtkColumnView *view;
  GListModel *columns;
  GtkColumnViewColumn *recipient_column;

  if (!have_display)
    return;

  view = GTK_COLUMN_VIEW (window_child (fixture, "column_view"));
  columns = gtk_column_view_get_columns (view);
  recipient_column = g_list_model_get_item (columns, 1);
  g_assert_cmpstr (gtk_column_view_column_get_title (recipient_column), ==, "Recipient");
  assert_sort_menu (fixture, "date", TRUE);

  gtk_column_view_sort_by_column (view, recipient_column, GTK_SORT_ASCENDING);
  wait_for_list (fixture->list);
  assert_first_recipient (fixture, "alice@example.org");

  gtk_column_view_sort_by_column (view, recipient_column, GTK_SORT_DESCENDING);
  wait_for_list (fixture->list);
  assert_first_recipient (fixture, "dave@mail.example.com");

  /* The Sort By menu shows what the headers chose. */
  assert_sort_menu (fixture, "recipient", TRUE);

  g_object_unref (recipient_column);
}

/* Counts the sort arrows that the column headers of @widget show. */
static guint
count_sort_arrows (GtkWidget *widget)
{
  guint n = 0;

  if (g_strcmp0 (gtk_widget_get_css_name (widget), "sort-indicator") == 0 &&
      gtk_widget_get_visible (widget) &&
      (gtk_widget_has_css_class (widget, "ascending") ||
       gtk_widget_has_css_class (widget, "descending")))
    n++;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_sort_arrows (child);
  return n;
}

/* The Sort By menu sorts the list without the mouse, and the column
 * view shows its order as a header click would. */
static void
test_sort_menu (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkSorter *view_sorter;
  BvSortColumn column = BV_SORT_ID;
  gboolean descending = FALSE;

  if (!have_display)
    return;

  view_sorter = gtk_column_view_get_sorter (GTK_COLUMN_VIEW (window_child (fixture, "column_view")));

  g_assert_true (gtk_widget_activate_action (window, "win.sort-by", "s", "recipient"));
  wait_for_list (fixture->list);
  assert_first_recipient (fixture, "dave@mail.example.com");
  g_assert_true (bv_column_sorter_read_view (view_sorter, &column, &descending));
  g_assert_cmpint (column, ==, BV_SORT_RECIPIENT);
  g_assert_true (descending);

  g_assert_true (gtk_widget_activate_action (window, "win.sort-descending", NULL));
  wait_for_list (fixture->list);
  assert_first_recipient (fixture, "alice@example.org");
  assert_sort_menu (fixture, "recipient", FALSE);
  g_assert_true (bv_column_sorter_read_view (view_sorter, &column, &descending));
  g_assert_false (descending);

  /* Another column keeps the direction. */
  g_assert_true (gtk_widget_activate_action (window, "win.sort-by", "s", "reason"));
  wait_for_list (fixture->list);
  assert_sort_menu (fixture, "reason", FALSE);
  g_assert_true (bv_column_sorter_read_view (view_sorter, &column, &descending));
  g_assert_cmpint (column, ==, BV_SORT_REASON);
  g_assert_false (descending);

  /* One header shows an arrow: the columns sorted by before lost theirs. */
  bv_test_iterate (20);
  g_assert_cmpuint (count_sort_arrows (GTK_WIDGET (window_child (fixture, "column_view"))), ==, 1);

  /* A name that is no column changes nothing. */
  gtk_widget_activate_action (window, "win.sort-by", "s", "no-such-column");
  assert_sort_menu (fixture, "reason", FALSE);
}

static gboolean
focus_inside (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Sends @key to the window with xdotool, as a user's key press. */
static void
press_key (const char *xdotool,
           const char *key)
{
  g_autofree char *window_id = bv_test_find_window_id (xdotool);

  bv_test_run_xdotool (xdotool, "key", "--window", window_id, key, NULL);
  bv_test_iterate (100);
}

/* Goes from the search to the results with the Down key. */
static void
focus_results_with_key (const char *xdotool,
                        GtkWidget  *search_entry)
{
  gtk_widget_grab_focus (search_entry);
  press_key (xdotool, "Down");
}

/* Down and Enter in the search go to the results: the selected row, or
 * the first row when none is selected. Escape in the list goes back. */
static void
test_search_keys_to_list (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  GtkWidget *search_entry;
  GtkWidget *view;

  if (!have_display)
    return;
  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  search_entry = GTK_WIDGET (window_child (fixture, "search_entry"));
  view = GTK_WIDGET (window_child (fixture, "column_view"));
  gtk_editable_set_text (GTK_EDITABLE (search_entry), "example");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), >, 1);
  g_assert_cmpuint (bv_event_list_get_selected (fixture->list), ==, GTK_INVALID_LIST_POSITION);

  gtk_widget_grab_focus (search_entry);
  press_key (xdotool, "Down");
  g_assert_cmpuint (bv_event_list_get_selected (fixture->list), ==, 0);
  g_assert_true (focus_inside (view));

  press_key (xdotool, "Escape");
  g_assert_true (focus_inside (search_entry));
  g_assert_false (focus_inside (view));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search_entry)), ==, "example");

  /* A selected row keeps its selection. */
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (fixture->list), 1, TRUE);
  bv_test_iterate (20);
  press_key (xdotool, "Return");
  g_assert_cmpuint (bv_event_list_get_selected (fixture->list), ==, 1);
  g_assert_true (focus_inside (view));

  /* The Down key then moves on in the list. */
  press_key (xdotool, "Escape");
  g_assert_true (focus_inside (search_entry));
  press_key (xdotool, "Down");
  g_assert_true (focus_inside (view));
  press_key (xdotool, "Up");
  g_assert_cmpuint (bv_event_list_get_selected (fixture->list), ==, 0);

  /* Tab goes on to the detail pane, not to the next row, and Shift+Tab
   * back to the search. */
  press_key (xdotool, "Tab");
  g_assert_true (focus_inside (GTK_WIDGET (window_child (fixture, "detail_pane"))));
  g_assert_cmpuint (bv_event_list_get_selected (fixture->list), ==, 0);

  /* Escape in the pane goes back to the row. */
  press_key (xdotool, "Escape");
  g_assert_true (focus_inside (view));
  g_assert_cmpuint (bv_event_list_get_selected (fixture->list), ==, 0);
  focus_results_with_key (xdotool, search_entry);
  press_key (xdotool, "shift+Tab");
  g_assert_true (focus_inside (search_entry));

  /* With no event selected, the pane has nothing to focus: Tab goes on
   * to the header bar. */
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (fixture->list));
  bv_test_iterate (20);
  gtk_widget_grab_focus (view);
  press_key (xdotool, "Tab");
  g_assert_true (focus_inside (GTK_WIDGET (window_child (fixture, "import_button"))));
}

/* Returns the row number of the row that has the keyboard focus, or
 * GTK_INVALID_LIST_POSITION. */
static guint
focused_row (Fixture *fixture)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  for (GtkWidget *row = focus; row != NULL; row = gtk_widget_get_parent (row))
    {
      GtkWidget *parent = gtk_widget_get_parent (row);
      GtkWidget *column, *cell;
      GtkListItem *list_item;

      if (parent == NULL || !GTK_IS_LIST_VIEW (parent))
        continue;
      column = gtk_widget_get_first_child (row);
      cell = column != NULL ? gtk_widget_get_first_child (column) : NULL;
      list_item = cell != NULL ? g_object_get_data (G_OBJECT (cell), "bv-list-item") : NULL;
      return list_item != NULL ? gtk_list_item_get_position (list_item) : GTK_INVALID_LIST_POSITION;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* After a search that lost the selected event, Down in the search
 * selects the first row and gives it the keyboard focus. The row number
 * that had the focus before the search does not keep it, so the next
 * Down goes on from the first row without skipping rows. */
static void
test_search_keys_after_new_search (Fixture       *fixture,
                                   gconstpointer  user_data)
{
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  g_autofree char *maildir = data_path ("maildir-initial");
  g_autoptr(GError) error = NULL;
  GtkWidget *search_entry;

  if (!have_display)
    return;
  if (xdotool == NULL)
    {
      g_test_skip ("xdotool is not installed");
      return;
    }

  /* The synthetic events have no ".com" domain; carol and dave do. */
  bv_test_import_path (fixture->database, maildir, NULL);
  g_assert_true (bv_synthetic_add_events (fixture->database, 0, 40, &error));
  g_assert_no_error (error);
  open_window (fixture);
  search_entry = GTK_WIDGET (window_child (fixture, "search_entry"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL + 40);

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (fixture->list), 9, TRUE);
  bv_test_iterate (20);
  focus_results_with_key (xdotool, search_entry);
  g_assert_cmpuint (focused_row (fixture), ==, 9);

  gtk_widget_grab_focus (search_entry);
  gtk_editable_set_text (GTK_EDITABLE (search_entry), ".com");
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 2);
  g_assert_cmpuint (bv_event_list_get_selected (fixture->list), ==, GTK_INVALID_LIST_POSITION);

  press_key (xdotool, "Down");
  g_assert_cmpuint (bv_event_list_get_selected (fixture->list), ==, 0);
  g_assert_cmpuint (focused_row (fixture), ==, 0);
  press_key (xdotool, "Down");
  g_assert_cmpuint (bv_event_list_get_selected (fixture->list), ==, 1);
  g_assert_cmpuint (focused_row (fixture), ==, 1);
}

/* Makes an item as a row of the list gives it to the detail pane, with
 * the strings that are not NULL. */
static BvEventItem *
make_item (gint64       id,
           BvEventType  type,
           const char  *recipient,
           const char  *status,
           guint        reply_code,
           const char  *diagnostic)
{
  BvStoredEvent *stored = g_new0 (BvStoredEvent, 1);

  stored->id = id;
  stored->event = bv_event_new (type);
  bv_set_string (&stored->event->recipient, recipient);
  bv_set_string (&stored->event->status, status);
  stored->event->reply_code = reply_code;
  bv_set_string (&stored->event->diagnostic, diagnostic);
  return bv_event_item_new (stored);
}

/* Returns whether the detail pane notes that the address of the hard
 * bounce that it shows took mail later. */
static gboolean
pane_notes_later_mail (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_str_has_prefix (gtk_label_get_text (pane_label (fixture, "hard_value")), "No longer:");
}

/* Returns whether the detail pane shows its bounce as a hard one,
 * without a note on later mail. */
static gboolean
pane_notes_hard_bounce (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_str_has_prefix (gtk_label_get_text (pane_label (fixture, "hard_value")), "Yes:");
}

/* Stores a report from @source with @event, which it takes, as its only
 * event, as another program would while the window is open. */
static void
store_one_event (Fixture    *fixture,
                 BvEvent    *event,
                 const char *source)
{
  g_autoptr(BvStore) store = bv_store_open (fixture->database, BV_STORE_OPEN_DEFAULT, NULL);

  g_assert_nonnull (store);
  bv_test_store_event (store, event, source, source, 1);
}

static void
test_detail_pane (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *source = NULL;

  if (!have_display)
    return;

  select_recipient (fixture, "alice@example.org");

  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "recipient_label")), ==,
                   "alice@example.org");
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "type_label")), ==, "Bounce");
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "status_value")), ==, "5.1.1");
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "reply_code_value")), ==, "550");
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "remote_mta_value")), ==,
                   "mx.example.org");
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "reporting_mta_value")), ==,
                   "mta.sender.example");
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "original_subject_value")), ==,
                   "June newsletter");
  /* Dates have the seconds and the time zone (the tests run in UTC), to
   * be compared with a mail server's logs. */
  g_assert_true (g_regex_match_simple ("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} UTC$",
                                       gtk_label_get_text (pane_label (fixture, "date_value")), 0, 0));
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "diagnostic_label")), ==,
                   "550 5.1.1 <alice@example.org>: Recipient address rejected: "
                   "User unknown in virtual mailbox table");
  /* The list's Diagnostic column leaves out the codes, which are in
   * columns of their own. */
  {
    g_autofree char *excerpt =
      bv_event_item_dup_diagnostic_excerpt (bv_event_list_get_selected_item (fixture->list));

    g_assert_cmpstr (excerpt, ==, "<alice@example.org>: Recipient address rejected: User unknown in "
                                  "virtual mailbox table");
  }
  /* With the separator that follows the codes. */
  {
    g_autoptr(BvEventItem) item = make_item (1007, BV_EVENT_BOUNCE, NULL, "5.1.2", 0,
                                             "5.1.2 - Bad destination host");
    g_autofree char *excerpt = bv_event_item_dup_diagnostic_excerpt (item);

    g_assert_cmpstr (excerpt, ==, "Bad destination host");
  }

  /* The codes come with their plain-language explanations. */
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "status_explanation")), !=, "");
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "reply_code_explanation")), !=, "");
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "status_title")), !=, "");
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "reason_value")), !=, "");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (pane_label (fixture, "hard_value")), "Yes:"));
  /* No provider gives these codes a meaning of its own. */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (pane_label (fixture, "provider_value"))));

  /* The message's own text can be selected and copied. BounceView's own
   * explanations are no Tab stops, so Tab reaches the buttons sooner. */
  g_assert_true (gtk_label_get_selectable (pane_label (fixture, "diagnostic_label")));
  g_assert_true (gtk_label_get_selectable (pane_label (fixture, "status_value")));
  g_assert_false (gtk_label_get_selectable (pane_label (fixture, "status_explanation")));
  g_assert_false (gtk_widget_get_focusable (GTK_WIDGET (pane_label (fixture, "reason_explanation"))));

  /* An address that took mail after its hard bounce works again, as the
   * Hard Bounces filter counts it. */
  {
    BvEvent *reply = bv_event_new (BV_EVENT_AUTO_REPLY);

    bv_set_string (&reply->recipient, "Alice@example.org");
    reply->last_attempt_date = G_GINT64_CONSTANT (1893456000);   /* 2030-01-01 */
    store_one_event (fixture, reply, "/srv/mail/replies.mbox");

    /* The window detects the write to the database's log, and the pane
     * notes the reply without another selection. */
    bv_test_wait_until (pane_notes_later_mail, fixture, WAIT_MS);
    g_assert_true (g_str_has_prefix (gtk_label_get_text (pane_label (fixture, "hard_value")),
                                     "No longer:"));
    g_assert_nonnull (strstr (gtk_label_get_text (pane_label (fixture, "hard_value")),
                              "2030-01-01"));
  }

  /* A hard bounce after that reply takes the note back. */
  {
    BvEvent *bounce = bv_event_new (BV_EVENT_BOUNCE);

    bv_set_string (&bounce->recipient, "alice@example.org");
    bv_set_string (&bounce->status, "5.1.1");
    bounce->hard_bounce = TRUE;
    bounce->last_attempt_date = G_GINT64_CONSTANT (1924992000);   /* 2031-01-01 */
    store_one_event (fixture, bounce, "/srv/mail/bounces-2031.mbox");

    bv_test_wait_until (pane_notes_hard_bounce, fixture, WAIT_MS);
    g_assert_true (g_str_has_prefix (gtk_label_get_text (pane_label (fixture, "hard_value")),
                                     "Yes:"));
  }

  /* A bounce has no source IP or reported domain, and their rows hide. */
  g_assert_false (gtk_widget_get_visible (
                    gtk_widget_get_parent (GTK_WIDGET (pane_label (fixture, "source_ip_value")))));
  g_assert_false (gtk_widget_get_visible (
                    gtk_widget_get_parent (GTK_WIDGET (pane_label (fixture,
                                                                   "reported_domain_value")))));

  /* A complaint shows the server that sent the reported message. */
  {
    gint64 bounce_id = bv_event_item_get_stored (bv_event_list_get_selected_item (fixture->list))->id;
    BvEvent *complaint = bv_event_new (BV_EVENT_COMPLAINT);

    bv_set_string (&complaint->recipient, "gina@example.net");
    bv_set_string (&complaint->feedback_type, "abuse");
    bv_set_string (&complaint->source_ip, "192.0.2.25");
    bv_set_string (&complaint->reported_domain, "example.org");
    store_one_event (fixture, complaint, "/srv/mail/complaints.mbox");

    /* The window's file monitor detects the write to the database's log,
     * and the window reads the list again. */
    {
      RecipientWait wait = { fixture, "gina@example.net" };

      bv_test_wait_until (list_has_recipient, &wait, WAIT_MS);
    }
    select_recipient (fixture, "gina@example.net");
    g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "source_ip_value")), ==, "192.0.2.25");
    g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "reported_domain_value")), ==,
                     "example.org");
    g_assert_true (gtk_widget_get_visible (
                     gtk_widget_get_parent (GTK_WIDGET (pane_label (fixture, "source_ip_value")))));
    /* Each in a row of its own, laid out as the Date row. */
    {
      GtkWidget *ip_row = gtk_widget_get_parent (GTK_WIDGET (pane_label (fixture, "source_ip_value")));
      GtkWidget *domain_row = gtk_widget_get_parent (GTK_WIDGET (pane_label (fixture,
                                                                            "reported_domain_value")));
      GtkWidget *date_row = gtk_widget_get_parent (GTK_WIDGET (pane_label (fixture, "date_value")));

      g_assert_true (ip_row != date_row);
      g_assert_true (domain_row != date_row);
      g_assert_true (gtk_widget_get_parent (ip_row) == gtk_widget_get_parent (date_row));
      g_assert_true (gtk_widget_get_parent (domain_row) == gtk_widget_get_parent (date_row));
    }
    select_event_id (fixture, bounce_id);
  }

  source = g_strdup (gtk_label_get_text (pane_label (fixture, "source_value")));
  g_assert_true (g_str_has_suffix (source, "1718000001.M1P1.test:2,S"));

  /* A message file of its own can be opened in a mail application. */
  {
    GObject *pane = window_child (fixture, "detail_pane");
    GObject *open_button = gtk_widget_get_template_child (GTK_WIDGET (pane), BV_TYPE_DETAIL_PANE,
                                                          "open_button");

    g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (open_button)));
  }

  /* A provider's code gets a row of its own, laid out as the others,
   * and the status code's row does not repeat it. */
  {
    BvDetailPane *pane = BV_DETAIL_PANE (window_child (fixture, "detail_pane"));
    g_autoptr(BvEventItem) item = NULL;

    item = make_item (1001, BV_EVENT_BOUNCE, "k.ito@example.jp", "5.7.509", 550,
                      "550 5.7.509 Access denied, sending domain example.org does not pass DMARC");
    bv_detail_pane_set_item (pane, item);
    bv_test_iterate (20);

    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (pane_label (fixture, "provider_value"))));
    g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "provider_value")), ==, "5.7.509");
    g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "provider_title")), ==,
                     "DMARC reject (Provider: Microsoft)");
    g_assert_null (strstr (gtk_label_get_text (pane_label (fixture, "status_explanation")),
                           "Microsoft"));

    /* A row found by a phrase names no code that the server did not send. */
    g_clear_object (&item);
    item = make_item (1002, BV_EVENT_BOUNCE, "r.lopez@example.net", "5.7.1", 550,
                      "550 5.7.1 Service unavailable; client host [192.0.2.9] blocked using "
                      "zen.spamhaus.org");
    bv_detail_pane_set_item (pane, item);
    bv_test_iterate (20);
    g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "provider_title")), ==,
                     "Blocked using Spamhaus ZEN (Provider: Spamhaus)");
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (pane_label (fixture, "provider_value"))));
  }

  /* A long diagnostic shows its first lines until Show All is clicked,
   * so that the explanations of the codes stay near the top. */
  {
    BvDetailPane *pane = BV_DETAIL_PANE (window_child (fixture, "detail_pane"));
    g_autoptr(BvEventItem) item = NULL;
    g_autoptr(GString) text = g_string_new ("550 5.7.1 Message rejected because of policy.");
    GtkWidget *more = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (pane),
                                                                 BV_TYPE_DETAIL_PANE,
                                                                 "diagnostic_more_button"));
    GtkLabel *label = pane_label (fixture, "diagnostic_label");

    for (guint i = 1; i <= 40; i++)
      g_string_append_printf (text, " Reason part %u: the sending host failed check number %u.", i, i);
    item = make_item (1004, BV_EVENT_BOUNCE, "p.olsen@example.dk", "5.7.1", 0, text->str);
    bv_detail_pane_set_item (pane, item);
    bv_test_iterate (50);
    g_assert_true (gtk_widget_get_mapped (more));
    g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
    g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (label)), <=, 12);
    g_assert_cmpstr (gtk_label_get_text (label), ==, text->str);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (more)), ==, "Show All");

    g_signal_emit_by_name (more, "clicked");
    bv_test_iterate (50);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (more)), ==, "Show Less");
    g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
    g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (label)), >, 12);
    g_signal_emit_by_name (more, "clicked");
    bv_test_iterate (50);
    g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (label)));

    /* A short one has no button. */
    g_clear_object (&item);
    item = make_item (1005, BV_EVENT_BOUNCE, "p.olsen@example.dk", NULL, 0, "550 5.1.1 User unknown");
    bv_detail_pane_set_item (pane, item);
    bv_test_iterate (20);
    g_assert_false (gtk_widget_get_visible (more));
  }

  /* A long address in the heading wraps only before a dot or the @,
   * never inside a label of its domain. */
  {
    BvDetailPane *pane = BV_DETAIL_PANE (window_child (fixture, "detail_pane"));
    g_autoptr(BvEventItem) item = NULL;
    g_autoptr(PangoLayout) layout = NULL;
    GtkLabel *heading = pane_label (fixture, "recipient_label");
    const char *text;
    PangoLayoutIter *lines;

    item = make_item (1003, BV_EVENT_BOUNCE,
                      "first.second.third.fourth@mailbox.department.subdomain.example.com", NULL, 0,
                      NULL);
    bv_detail_pane_set_item (pane, item);
    bv_test_iterate (20);

    layout = pango_layout_copy (gtk_label_get_layout (heading));
    pango_layout_set_width (layout, 110 * PANGO_SCALE);
    text = pango_layout_get_text (layout);
    g_assert_cmpint (pango_layout_get_line_count (layout), >, 2);
    lines = pango_layout_get_iter (layout);
    while (pango_layout_iter_next_line (lines))
      {
        char first = text[pango_layout_iter_get_index (lines)];

        g_assert_true (first == '.' || first == '@');
      }
    pango_layout_iter_free (lines);

    /* A part longer than a line of the pane may break, so that the
     * heading does not widen the pane. */
    g_clear_object (&item);
    item = make_item (1006, BV_EVENT_BOUNCE,
                      "team-lead@mailbox.a-very-long-organisation-name-for-testing-purposes.example.com",
                      NULL, 0, NULL);
    bv_detail_pane_set_item (pane, item);
    bv_test_iterate (20);
    {
      int minimum = 0;

      gtk_widget_measure (GTK_WIDGET (heading), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL,
                          NULL, NULL);
      g_assert_cmpint (minimum, <, 320);
    }
  }
}

/* An event without a returned message and without delivery facts shows
 * neither heading, and wrapped values never gain hyphens that would
 * read as part of an address. */
static void
test_detail_pane_sections (Fixture       *fixture,
                           gconstpointer  user_data)
{
  BvStoredEvent *stored;
  g_autoptr(BvEventItem) item = NULL;
  BvDetailPane *pane;
  GtkWidget *returned_heading;
  GtkWidget *delivery_heading;
  GtkLabel *recipient;
  PangoAttrIterator *iterator;
  PangoAttribute *hyphens;

  if (!have_display)
    return;

  pane = BV_DETAIL_PANE (window_child (fixture, "detail_pane"));
  returned_heading = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (pane),
                                                                BV_TYPE_DETAIL_PANE,
                                                                "returned_heading"));
  delivery_heading = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (pane),
                                                                BV_TYPE_DETAIL_PANE,
                                                                "delivery_heading"));

  select_recipient (fixture, "alice@example.org");
  g_assert_true (gtk_widget_get_visible (returned_heading));
  g_assert_true (gtk_widget_get_visible (delivery_heading));

  stored = g_new0 (BvStoredEvent, 1);
  stored->id = 1000;
  stored->event = bv_event_new (BV_EVENT_AUTO_REPLY);
  bv_set_string (&stored->event->recipient, "a.very.long.mailbox-name@sub.example.org");
  item = bv_event_item_new (stored);
  bv_detail_pane_set_item (pane, item);

  g_assert_false (gtk_widget_get_visible (returned_heading));
  g_assert_false (gtk_widget_get_visible (delivery_heading));

  recipient = pane_label (fixture, "recipient_label");
  g_assert_nonnull (gtk_label_get_attributes (recipient));
  iterator = pango_attr_list_get_iterator (gtk_label_get_attributes (recipient));
  hyphens = pango_attr_iterator_get (iterator, PANGO_ATTR_INSERT_HYPHENS);
  g_assert_nonnull (hyphens);
  g_assert_false (((PangoAttrInt *) hyphens)->value);
  pango_attr_iterator_destroy (iterator);
}

static gboolean
is_list_cell_with_text (GtkWidget  *widget,
                        const char *text)
{
  return BV_IS_LIST_CELL (widget) &&
         g_strcmp0 (bv_list_cell_get_text (BV_LIST_CELL (widget)), text) == 0;
}

/* Returns the cell of the event list under @widget that shows @text. */
static BvListCell *
find_list_cell (GtkWidget  *widget,
                const char *text)
{
  return BV_LIST_CELL (find_descendant (widget, is_list_cell_with_text, text));
}

static void
test_markup_literal (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkLabel *diagnostic;
  GtkLabel *subject;

  if (!have_display)
    return;

  select_recipient (fixture, "carol@mail.example.com");

  diagnostic = pane_label (fixture, "diagnostic_label");
  g_assert_false (gtk_label_get_use_markup (diagnostic));
  g_assert_cmpstr (gtk_label_get_text (diagnostic), ==, "554 5.7.1 <b>x</b> & y");
  g_assert_cmpstr (gtk_label_get_label (diagnostic), ==, "554 5.7.1 <b>x</b> & y");

  subject = pane_label (fixture, "original_subject_value");
  g_assert_false (gtk_label_get_use_markup (subject));
  g_assert_cmpstr (gtk_label_get_text (subject), ==, "Invoice & receipt <2024-06>");

  /* The list's cell shows the same text, without the codes that the
   * Reply and Status columns show beside it. */
  {
    g_autofree char *excerpt = NULL;

    g_object_get (bv_event_list_get_selected_item (fixture->list),
                  "diagnostic-excerpt", &excerpt, NULL);
    g_assert_cmpstr (excerpt, ==, "<b>x</b> & y");
    g_assert_nonnull (find_list_cell (GTK_WIDGET (window_child (fixture, "column_view")),
                                      "<b>x</b> & y"));
  }
}

/* A right-to-left override (U+202E) or isolate (U+2067) from a message
 * would show the text after it in reverse order. The pane and the list
 * show U+FFFD in its place, and keep the rest as it is. */
static void
test_bidi_controls_shown (Fixture       *fixture,
                          gconstpointer  user_data)
{
  static const char diagnostic[] = "550 5.1.1 \u202Eevil \u2067gone\u2069 user";
  static const char shown[] = "550 5.1.1 \uFFFDevil \uFFFDgone\uFFFD user";
  BvDetailPane *pane;
  g_autoptr(BvEventItem) item = NULL;
  GtkWidget *cell;

  if (!have_display)
    return;

  pane = BV_DETAIL_PANE (window_child (fixture, "detail_pane"));
  item = make_item (1010, BV_EVENT_BOUNCE, "mallory\u202E@example.net", "5.1.1", 550, diagnostic);
  bv_detail_pane_set_item (pane, item);
  bv_test_iterate (20);
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "diagnostic_label")), ==, shown);
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "recipient_label")), ==,
                   "mallory\uFFFD@example.net");

  cell = g_object_ref_sink (bv_list_cell_new ());
  bv_list_cell_set_text (BV_LIST_CELL (cell), diagnostic);
  g_assert_cmpstr (bv_list_cell_get_text (BV_LIST_CELL (cell)), ==, shown);
  bv_list_cell_set_text (BV_LIST_CELL (cell), "550 5.1.1 plain \u05D0\u05D1 text");
  g_assert_cmpstr (bv_list_cell_get_text (BV_LIST_CELL (cell)), ==, "550 5.1.1 plain \u05D0\u05D1 text");
  g_object_unref (cell);
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

static void
test_drop_maildir (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *maildir = data_path ("maildir-drop");
  g_autoptr(GFile) file = NULL;
  GtkDropTarget *target;
  GSList *files = NULL;
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;
  AdwToast *toast;

  if (!have_display)
    return;

  /* Keep a selection: it must survive the refreshes of the import. */
  select_recipient (fixture, "bob@example.net");

  file = g_file_new_for_path (maildir);
  files = g_slist_prepend (files, file);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_slist_free (files);

  target = find_drop_target (GTK_WIDGET (fixture->window));
  g_assert_nonnull (target);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_assert_true (accepted);
  g_assert_true (bv_window_get_importing (fixture->window));

  bv_test_wait_until (import_done, fixture->window, WAIT_MS);
  g_assert_false (bv_window_get_importing (fixture->window));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==,
                    N_INITIAL + N_DROP);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (window_child (fixture, "count_label"))), ==,
                   "7 events");
  g_assert_cmpstr (bv_event_item_get_event (bv_event_list_get_selected_item (fixture->list))->recipient,
                   ==, "bob@example.net");

  toast = bv_window_get_last_toast (fixture->window);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Added 3 events");
}

static void
test_drop_text_refused (Fixture       *fixture,
                        gconstpointer  user_data)
{
  GValue value = G_VALUE_INIT;

  if (!have_display)
    return;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, "/tmp");
  g_assert_false (bv_window_handle_drop (fixture->window, &value));
  g_assert_false (bv_window_get_importing (fixture->window));
  g_value_unset (&value);
}

static void
test_drop_again_duplicates (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *maildir = data_path ("maildir-initial");
  g_autoptr(GFile) file = g_file_new_for_path (maildir);
  GFile *files[] = { file };

  if (!have_display)
    return;

  bv_window_import_files (fixture->window, files, 1);
  bv_test_wait_until (import_done, fixture->window, WAIT_MS);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL);
  g_assert_cmpstr (adw_toast_get_title (bv_window_get_last_toast (fixture->window)), ==,
                   "No new events, 3 duplicates");
}

static void
note_dismissed (AdwToast *toast,
                gboolean *dismissed)
{
  *dismissed = TRUE;
}

/* The summary of an import gives way to the next one's for good: the
 * overlay would otherwise show it again once the newer one is gone. */
static void
test_import_summary_replaced (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *maildir = data_path ("maildir-initial");
  g_autoptr(GFile) file = g_file_new_for_path (maildir);
  GFile *files[] = { file };
  g_autoptr(AdwToast) first = NULL;
  gboolean dismissed = FALSE;

  if (!have_display)
    return;

  bv_window_import_files (fixture->window, files, 1);
  bv_test_wait_until (import_done, fixture->window, WAIT_MS);
  first = g_object_ref (bv_window_get_last_toast (fixture->window));
  g_signal_connect (first, "dismissed", G_CALLBACK (note_dismissed), &dismissed);
  g_assert_false (dismissed);

  bv_window_import_files (fixture->window, files, 1);
  bv_test_wait_until (import_done, fixture->window, WAIT_MS);
  g_assert_true (bv_window_get_last_toast (fixture->window) != first);
  g_assert_true (dismissed);
  g_signal_handlers_disconnect_by_data (first, &dismissed);
}

/* Returns whether @model or one of its sections has an item for @action. */
static gboolean
menu_has_action (GMenuModel *model,
                 const char *action)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *item_action = NULL;
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &item_action) &&
          g_str_equal (item_action, action))
        return TRUE;
      if (section != NULL && menu_has_action (section, action))
        return TRUE;
    }
  return FALSE;
}

static GtkMenuButton *
find_primary_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return GTK_MENU_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *button = find_primary_menu_button (child);

      if (button != NULL)
        return button;
    }
  return NULL;
}

static gboolean
is_label_with_text (GtkWidget  *widget,
                    const char *text)
{
  return GTK_IS_LABEL (widget) && strcmp (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* Returns how often @needle occurs in @text. */
static guint
count_occurrences (const char *text,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* The files an import could not read stay listed after its toast is
 * gone, from the main menu, until the next import. */
static void
test_import_failures_in_menu (Fixture       *fixture,
                              gconstpointer  user_data)
{
  g_autofree char *maildir = data_path ("maildir-drop");
  g_autofree char *empty_path = g_build_filename (fixture->folder, "empty.eml", NULL);
  g_autofree char *links = g_build_filename (fixture->folder, "links", NULL);
  g_autofree char *missing_path = g_build_filename (links, "gone.eml", NULL);
  g_autoptr(GFile) maildir_file = g_file_new_for_path (maildir);
  g_autoptr(GFile) empty_file = NULL;
  g_autoptr(GFile) links_file = g_file_new_for_path (links);
  g_autofree char *text = NULL;
  GtkMenuButton *menu_button;
  BvTextWindow *failures_window;
  GFile *files[3];

  if (!have_display)
    return;

  menu_button = find_primary_menu_button (GTK_WIDGET (fixture->window));
  g_assert_nonnull (menu_button);
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (menu_button),
                                  "win.show-import-failures"));
  /* The main menu also switches to another database. */
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (menu_button),
                                  "win.open-database"));
  g_assert_true (menu_has_action (gtk_menu_button_get_menu_model (menu_button),
                                  "win.new-database"));

  /* No import yet, so nothing to show. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-import-failures", NULL);
  bv_test_iterate (50);
  g_assert_null (find_toplevel (BV_TYPE_TEXT_WINDOW));

  g_assert_true (g_file_set_contents (empty_path, "", 0, NULL));
  empty_file = g_file_new_for_path (empty_path);
  /* A folder with a link to a file that is gone. */
  g_assert_cmpint (g_mkdir (links, 0700), ==, 0);
  g_assert_cmpint (symlink ("no-such-file.eml", missing_path), ==, 0);
  files[0] = maildir_file;
  files[1] = empty_file;
  files[2] = links_file;
  bv_window_import_files (fixture->window, files, 3);
  bv_test_wait_until (import_done, fixture->window, WAIT_MS);
  g_assert_true (g_str_has_suffix (adw_toast_get_title (bv_window_get_last_toast (fixture->window)),
                                   "2 failures"));

  /* The toast goes, and the menu item still shows the list. */
  adw_toast_dismiss (bv_window_get_last_toast (fixture->window));
  bv_test_iterate (50);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-import-failures", NULL);
  bv_test_iterate (50);
  failures_window = BV_TEXT_WINDOW (find_toplevel (BV_TYPE_TEXT_WINDOW));
  g_assert_nonnull (failures_window);
  text = bv_text_window_dup_text (failures_window);
  /* The workers may list the failures in either order. */
  g_assert_cmpuint (count_occurrences (text, empty_path), ==, 1);
  /* The reason names the missing file, which is not named twice. */
  g_assert_cmpuint (count_occurrences (text, missing_path), ==, 1);
  g_assert_nonnull (find_descendant (GTK_WIDGET (failures_window), is_label_with_text,
                                     "2 failures in the last import"));
  gtk_window_destroy (GTK_WINDOW (failures_window));

  bv_test_iterate (50);
  g_assert_null (find_toplevel (BV_TYPE_TEXT_WINDOW));

  /* The next import, without failures, has none to show. */
  bv_window_import_files (fixture->window, files, 1);
  bv_test_wait_until (import_done, fixture->window, WAIT_MS);
  g_assert_null (strstr (adw_toast_get_title (bv_window_get_last_toast (fixture->window)),
                         "failure"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-import-failures", NULL);
  bv_test_iterate (50);
  g_assert_null (find_toplevel (BV_TYPE_TEXT_WINDOW));
}

static void
test_import_alongside_cli (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *drop = data_path ("maildir-drop");
  g_autofree char *cli_maildir = data_path ("maildir-cli");
  g_autofree char *database_option = g_strconcat ("--database=", fixture->database, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (drop);
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cli_stderr = NULL;
  const char *cli_path = g_getenv ("BOUNCEVIEW_CLI");
  GFile *files[] = { file };

  if (!have_display)
    return;
  if (cli_path == NULL)
    {
      g_test_skip ("BOUNCEVIEW_CLI is not set");
      return;
    }

  /* Both import at once: the window in its worker thread, the command
   * line in another process, into the same database. */
  bv_window_import_files (fixture->window, files, 1);
  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                          &error, cli_path, "import", database_option, cli_maildir, NULL);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (cli, NULL, NULL, NULL, &cli_stderr, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (cli));
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);
  g_assert_null (strstr (cli_stderr, "locked"));

  bv_test_wait_until (import_done, fixture->window, WAIT_MS);
  g_assert_cmpstr (adw_toast_get_title (bv_window_get_last_toast (fixture->window)), ==,
                   "Added 3 events");

  /* After a refresh the window shows the command line's event too. */
  bv_event_list_refresh (fixture->list);
  wait_for_list (fixture->list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==,
                    N_INITIAL + N_DROP + N_CLI);
}

static gboolean
list_has_cli_event (gpointer user_data)
{
  BvEventList *list = user_data;

  return g_list_model_get_n_items (G_LIST_MODEL (list)) == N_INITIAL + N_CLI &&
         !bv_event_list_get_loading (list);
}

/* Another connection imports into the window's database, as
 * bounceview-cli would: the list shows the new event by itself. */
/* Types @text into the recipient search and returns the number of rows
 * once the list shows the result. */
static guint
search_rows (Fixture    *fixture,
             const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (window_child (fixture, "search_entry")), text);
  wait_for_list (fixture->list);
  return g_list_model_get_n_items (G_LIST_MODEL (fixture->list));
}

static void
test_external_import_shown (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autofree char *cli_maildir = data_path ("maildir-cli");
  GtkLabel *count_label;

  if (!have_display)
    return;

  count_label = GTK_LABEL (window_child (fixture, "count_label"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL);

  /* After a search is cleared, the query thread keeps the rows of all
   * events. The events of the import below must still appear. */
  g_assert_cmpuint (search_rows (fixture, "alice"), ==, 1);
  g_assert_cmpuint (search_rows (fixture, ""), ==, N_INITIAL);

  bv_test_import_path (fixture->database, cli_maildir, NULL);
  bv_test_wait_until (list_has_cli_event, fixture->list, WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==,
                    N_INITIAL + N_CLI);
  g_assert_cmpuint (bv_event_list_get_total (fixture->list), ==, N_INITIAL + N_CLI);
  g_assert_cmpstr (gtk_label_get_text (count_label), ==, "5 events");

  /* The imported event is the newest, so the rows below it moved down
   * by one. An item left at two rows would make GTK warn of a duplicate
   * item at the next search, and the warning fails the test. */
  bv_test_iterate (100);
  g_assert_cmpuint (search_rows (fixture, "heidi"), ==, 1);
  g_assert_cmpuint (search_rows (fixture, ""), ==, N_INITIAL + N_CLI);
}

/* An import while a search shows one selected row, which has the
 * window's keyboard focus while another window is the active one: the
 * list keeps showing that row. */
static void
test_import_keeps_focused_row (Fixture       *fixture,
                               gconstpointer  user_data)
{
  g_autofree char *maildir = data_path ("maildir-drop");
  g_autoptr(GFile) file = g_file_new_for_path (maildir);
  GFile *files[] = { file };
  GtkWidget *other;
  GtkWidget *view;
  GtkWidget *row;

  if (!have_display)
    return;

  view = GTK_WIDGET (window_child (fixture, "column_view"));
  g_assert_cmpuint (search_rows (fixture, "alice"), ==, 1);
  select_recipient (fixture, "alice@example.org");
  row = bv_window_find_row (fixture->window, 0);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_grab_focus (row));
  bv_test_iterate (20);
  g_assert_true (focus_inside (view));

  /* Another window takes the input focus, as a dialog or another
   * application does while an import runs. */
  other = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (other));
  bv_test_iterate (50);
  g_assert_false (gtk_window_is_active (GTK_WINDOW (fixture->window)));

  bv_window_import_files (fixture->window, files, 1);
  bv_test_wait_until (import_done, fixture->window, WAIT_MS);
  bv_test_iterate (100);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
  g_assert_cmpint (gtk_widget_get_height (view), >, 0);
  row = bv_window_find_row (fixture->window, 0);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (row));
  g_assert_true (focus_inside (view));
  gtk_window_destroy (GTK_WINDOW (other));
}

static gboolean
clipboard_read (gpointer user_data)
{
  char **text = user_data;

  return *text != NULL;
}

static void
on_clipboard_text (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
test_copy_recipient (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GdkClipboard *clipboard;
  g_autofree char *text = NULL;

  if (!have_display)
    return;

  select_recipient (fixture, "dave@mail.example.com");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-recipient", NULL);

  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (fixture->window));
  gdk_clipboard_read_text_async (clipboard, NULL, on_clipboard_text, &text);
  bv_test_wait_until (clipboard_read, &text, WAIT_MS);
  g_assert_cmpstr (text, ==, "dave@mail.example.com");
}

static gboolean
diagnostic_laid_out (gpointer user_data)
{
  GtkWidget *label = user_data;

  return gtk_widget_get_mapped (label) && gtk_widget_get_height (label) > 0 &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (label)), "550 5.1.1 xxx");
}

/* A diagnostic of 240,010 characters without a space, which Pango would
 * take minutes to wrap. The pane shows its start with a note, and Copy
 * Diagnostic copies all of it. */
static void
test_long_diagnostic (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *maildir = data_path ("maildir-initial");
  g_autofree char *copied = NULL;
  g_autofree char *excerpt = NULL;
  sqlite3 *db = NULL;
  GtkLabel *diagnostic;
  GtkLabel *note;
  const char *shown_text;
  int height = 0;
  double seconds;

  if (!have_display)
    return;

  bv_test_import_path (fixture->database, maildir, NULL);
  g_assert_cmpint (sqlite3_open (fixture->database, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "UPDATE events SET diagnostic = '550 5.1.1 ' || "
                                 "replace (hex (zeroblob (120000)), '0', 'x') "
                                 "WHERE recipient = 'alice@example.org'",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  open_window (fixture);

  diagnostic = pane_label (fixture, "diagnostic_label");
  note = pane_label (fixture, "diagnostic_cut_label");

  g_test_timer_start ();
  select_recipient (fixture, "alice@example.org");
  bv_test_wait_until (diagnostic_laid_out, diagnostic, WAIT_MS);
  gtk_widget_measure (GTK_WIDGET (diagnostic), GTK_ORIENTATION_VERTICAL,
                      gtk_widget_get_width (GTK_WIDGET (diagnostic)), &height, NULL, NULL, NULL);
  seconds = g_test_timer_elapsed ();

  g_assert_true (diagnostic_laid_out (diagnostic));
  g_assert_cmpint (height, >, 0);
  g_assert_cmpfloat (seconds, <, 2.0);

  /* The start of the text, as plain text, marked as cut. */
  shown_text = gtk_label_get_text (diagnostic);
  g_assert_false (gtk_label_get_use_markup (diagnostic));
  g_assert_cmpuint (strlen (shown_text), <, 240010);
  g_assert_true (g_str_has_suffix (shown_text, "xxx…"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (note)));
  g_assert_nonnull (strstr (gtk_label_get_text (note), "240010"));

  /* Its button unfolds more of the start, and does not promise all. */
  {
    BvDetailPane *pane = BV_DETAIL_PANE (window_child (fixture, "detail_pane"));
    GtkWidget *more = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (pane),
                                                                 BV_TYPE_DETAIL_PANE,
                                                                 "diagnostic_more_button"));

    g_assert_true (gtk_widget_get_visible (more));
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (more)), ==, "Show More");
    g_signal_emit_by_name (more, "clicked");
    bv_test_iterate (20);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (more)), ==, "Show Less");
    g_signal_emit_by_name (more, "clicked");
    bv_test_iterate (20);
  }

  /* The list's cell shows the usual excerpt. */
  excerpt = bv_event_item_dup_diagnostic_excerpt (bv_event_list_get_selected_item (fixture->list));
  g_assert_cmpuint (g_utf8_strlen (excerpt, -1), <=, 161);
  g_assert_nonnull (find_list_cell (GTK_WIDGET (window_child (fixture, "column_view")), excerpt));

  /* Copy Diagnostic copies all of it. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.copy-diagnostic", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (fixture->window)), NULL,
                                 on_clipboard_text, &copied);
  bv_test_wait_until (clipboard_read, &copied, WAIT_MS);
  g_assert_cmpuint (strlen (copied), ==, 240010);
  g_assert_true (g_str_has_prefix (copied, "550 5.1.1 xxx"));

  /* Another event hides the note again. */
  select_recipient (fixture, "bob@example.net");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (note)));
}

static void
test_show_source (Fixture       *fixture,
                  gconstpointer  user_data)
{
  BvTextWindow *source_window = NULL;
  g_autofree char *text = NULL;
  GList *toplevels;

  if (!have_display)
    return;

  select_recipient (fixture, "alice@example.org");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-source", NULL);
  bv_test_iterate (50);

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (BV_IS_TEXT_WINDOW (l->data))
        source_window = l->data;
    }
  g_list_free (toplevels);

  g_assert_nonnull (source_window);
  text = bv_text_window_dup_text (source_window);
  g_assert_nonnull (strstr (text, "Final-Recipient: rfc822; alice@example.org\n"));
  g_assert_null (strstr (text, "\r"));
}

/* Writes a desktop file @id in the user's applications folder whose
 * program writes the path it is given to @marker. */
static void
write_handler (const char *folder,
               const char *id,
               const char *mime_types,
               const char *marker)
{
  g_autofree char *script = g_strdup_printf ("%s/%s.sh", folder, id);
  g_autofree char *script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s\\n' \"$1\" > %s\n",
                                                  marker);
  g_autofree char *desktop = g_build_filename (g_get_user_data_dir (), "applications", id, NULL);
  g_autofree char *desktop_text = NULL;

  g_assert_true (g_file_set_contents (script, script_text, -1, NULL));
  g_assert_cmpint (g_chmod (script, 0755), ==, 0);

  desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=%s\nExec=%s %%F\n"
                                  "MimeType=%s\n", id, script, mime_types);
  g_assert_true (g_file_set_contents (desktop, desktop_text, -1, NULL));
}

/* Writes the cache that update-desktop-database would write for the
 * desktop files in the user's applications folder: GIO takes the types
 * that an application registers from there, not from its desktop file. */
static void
write_mime_cache (const char *entries)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "applications",
                                            "mimeinfo.cache", NULL);
  g_autofree char *text = g_strconcat ("[MIME Cache]\n", entries, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

typedef struct
{
  const char *content_type;
  const char *expected_id;    /* NULL for none */
} MailAppWait;

/* GIO notices new desktop files through a file monitor, not at once. */
static gboolean
mail_app_chosen (gpointer user_data)
{
  MailAppWait *wait = user_data;
  g_autoptr(GAppInfo) app = bv_mail_app_choose (wait->content_type, OWN_DESKTOP_ID);

  return g_strcmp0 (app != NULL ? g_app_info_get_id (app) : NULL, wait->expected_id) == 0;
}

static gboolean
file_has_line (gpointer user_data)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (user_data, &contents, NULL, NULL) &&
         g_str_has_suffix (contents, "\n");
}

/* BounceView's desktop file registers message/rfc822 and can be its
 * default handler. Open in Mail App then opens another application that
 * registers the type, and with none it offers Show Source, but it never
 * launches BounceView. */
static void
test_open_in_mail_app (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autofree char *own_marker = g_build_filename (fixture->folder, "own-launched", NULL);
  g_autofree char *mail_marker = g_build_filename (fixture->folder, "mail-launched", NULL);
  g_autofree char *mimeapps = g_build_filename (g_get_user_config_dir (), "mimeapps.list", NULL);
  g_autofree char *mail_desktop = g_build_filename (g_get_user_data_dir (), "applications",
                                                    "test-mail.desktop", NULL);
  g_autofree char *own_desktop = g_build_filename (g_get_user_data_dir (), "applications",
                                                   OWN_DESKTOP_ID, NULL);
  g_autofree char *mime_cache = g_build_filename (g_get_user_data_dir (), "applications",
                                                  "mimeinfo.cache", NULL);
  g_autofree char *launched = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GAppInfo) default_app = NULL;
  MailAppWait wait = { BV_MAIL_APP_CONTENT_TYPE, "test-mail.desktop" };
  MailAppWait own_only = { "application/x-bounceview-test", NULL };
  const BvStoredEvent *stored;
  AdwMessageDialog *dialog;

  if (!have_display)
    return;

  write_handler (fixture->folder, OWN_DESKTOP_ID,
                 "message/rfc822;application/mbox;application/x-bounceview-test;", own_marker);
  write_handler (fixture->folder, "test-mail.desktop", "message/rfc822;", mail_marker);
  g_assert_true (g_file_set_contents (mimeapps, "[Default Applications]\n"
                                      "message/rfc822=" OWN_DESKTOP_ID ";\n", -1, NULL));
  write_mime_cache ("message/rfc822=" OWN_DESKTOP_ID ";test-mail.desktop;\n"
                    "application/mbox=" OWN_DESKTOP_ID ";\n"
                    "application/x-bounceview-test=" OWN_DESKTOP_ID ";\n");

  bv_test_wait_until (mail_app_chosen, &wait, WAIT_MS);
  g_assert_true (mail_app_chosen (&wait));
  default_app = g_app_info_get_default_for_type (BV_MAIL_APP_CONTENT_TYPE, FALSE);
  g_assert_nonnull (default_app);
  g_assert_cmpstr (g_app_info_get_id (default_app), ==, OWN_DESKTOP_ID);

  /* A type that only BounceView registers has no application to open. */
  g_assert_true (mail_app_chosen (&own_only));

  select_recipient (fixture, "alice@example.org");
  stored = bv_event_item_get_stored (bv_event_list_get_selected_item (fixture->list));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-message", NULL);
  bv_test_wait_until (file_has_line, mail_marker, WAIT_MS);
  g_assert_true (g_file_get_contents (mail_marker, &launched, NULL, NULL));
  expected = g_strconcat (stored->source, "\n", NULL);
  g_assert_cmpstr (launched, ==, expected);

  /* Without the other application a dialog offers Show Source. */
  g_assert_cmpint (g_remove (mail_desktop), ==, 0);
  write_mime_cache ("message/rfc822=" OWN_DESKTOP_ID ";\n");
  wait.expected_id = NULL;
  bv_test_wait_until (mail_app_chosen, &wait, WAIT_MS);
  g_assert_true (mail_app_chosen (&wait));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-message", NULL);
  bv_test_iterate (50);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "No Mail Application Installed");
  g_assert_true (adw_message_dialog_has_response (dialog, "show-source"));
  adw_message_dialog_response (dialog, "show-source");
  bv_test_iterate (50);
  g_assert_nonnull (find_toplevel (BV_TYPE_TEXT_WINDOW));

  bv_test_iterate (200);
  g_assert_false (g_file_test (own_marker, G_FILE_TEST_EXISTS));

  g_remove (own_desktop);
  g_remove (mimeapps);
  g_remove (mime_cache);
}

static gboolean
toast_starts_with_exported (gpointer user_data)
{
  AdwToast *toast = bv_window_get_last_toast (user_data);

  return toast != NULL && g_str_has_prefix (adw_toast_get_title (toast), "Exported");
}

static void
test_export_view (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->folder, "view.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  if (!have_display)
    return;

  gtk_editable_set_text (GTK_EDITABLE (window_child (fixture, "search_entry")), "example.com");
  wait_for_list (fixture->list);

  bv_window_export (fixture->window, file, BV_EXPORT_CSV);
  bv_test_wait_until (toast_starts_with_exported, fixture->window, WAIT_MS);
  g_assert_cmpstr (adw_toast_get_title (bv_window_get_last_toast (fixture->window)), ==,
                   "Exported 2 events to view.csv");

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (g_strchomp (contents), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_nonnull (strstr (lines[1], "mail.example.com"));
  g_assert_nonnull (strstr (lines[2], "mail.example.com"));
}

static gboolean
toast_names_file (gpointer user_data)
{
  const char **name = user_data;
  AdwToast *toast = bv_window_get_last_toast (BV_WINDOW ((gpointer) name[0]));

  return toast != NULL && g_str_has_suffix (adw_toast_get_title (toast), name[1]);
}

/* Chooses @name and the filter at @filter_index in the dialog of Export
 * Current View, as a user would, and returns what was written to the
 * file @written in the same folder. */
static char *
export_through_chooser (Fixture    *fixture,
                        const char *name,
                        guint       filter_index,
                        const char *written)
{
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->folder);
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->folder, written, NULL);
  const char *wait_data[] = { (const char *) fixture->window, written };
  g_autofree char *start_folder = g_get_current_dir ();
  GtkFileChooser *chooser;
  char *contents = NULL;

  /* Started in the database's folder, the chooser would show that
   * folder first. */
  g_assert_cmpint (g_chdir (fixture->folder), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL);
  bv_test_iterate (50);
  chooser = GTK_FILE_CHOOSER (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_nonnull (chooser);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_file_chooser_get_filters (chooser)), ==, 3);

  /* It does not start in the database's folder, whose files it would
   * read. */
  {
    g_autoptr(GFile) start = gtk_file_chooser_get_current_folder (chooser);
    g_autoptr(GFile) database_folder = g_file_new_for_path (fixture->folder);

    g_assert_nonnull (start);
    g_assert_false (g_file_equal (start, database_folder));
  }
  g_assert_cmpint (g_chdir (start_folder), ==, 0);

  filter = g_list_model_get_item (gtk_file_chooser_get_filters (chooser), filter_index);
  gtk_file_chooser_set_filter (chooser, filter);
  gtk_file_chooser_set_current_folder (chooser, folder, &error);
  g_assert_no_error (error);
  gtk_file_chooser_set_current_name (chooser, name);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  bv_test_wait_until (toast_names_file, wait_data, WAIT_MS);
  g_assert_true (toast_names_file (wait_data));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* The extension of the chosen name sets the format, and the chosen
 * filter sets it for a name without a known extension. A name without
 * any extension gets the filter's. */
static void
test_export_formats (Fixture       *fixture,
                     gconstpointer  user_data)
{
  enum { CSV_FILTER, TSV_FILTER, JSON_FILTER };
  static const struct
  {
    const char *name;
    guint filter_index;
    const char *written;
    const char *first_line_start;
  } cases[] = {
    { "view.json", CSV_FILTER, "view.json", "{" },
    { "view.tsv", CSV_FILTER, "view.tsv", "source\tsource_index\t" },
    { "view.CSV", JSON_FILTER, "view.CSV", "source,source_index," },
    { "view-lines", JSON_FILTER, "view-lines.jsonl", "{" },
    { "view-table", TSV_FILTER, "view-table.tsv", "source\tsource_index\t" },
    { "view-default", CSV_FILTER, "view-default.csv", "source,source_index," },
  };

  if (!have_display)
    return;

  gtk_editable_set_text (GTK_EDITABLE (window_child (fixture, "search_entry")), "example.com");
  wait_for_list (fixture->list);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *contents = export_through_chooser (fixture, cases[i].name,
                                                          cases[i].filter_index,
                                                          cases[i].written);
      g_auto(GStrv) lines = g_strsplit (g_strchomp (contents), "\n", -1);
      gboolean json = g_str_equal (cases[i].first_line_start, "{");

      g_test_message ("%s", cases[i].name);
      g_assert_true (g_str_has_prefix (lines[0], cases[i].first_line_start));
      g_assert_cmpuint (g_strv_length (lines), ==, json ? 2 : 3);
      g_assert_nonnull (strstr (lines[1], "mail.example.com"));
    }
}

static void
choose_filter (GtkFileChooser *chooser,
               guint           index)
{
  g_autoptr(GtkFileFilter) filter = g_list_model_get_item (gtk_file_chooser_get_filters (chooser),
                                                           index);

  gtk_file_chooser_set_filter (chooser, filter);
}

/* Choosing a filter in the dialog of Export Current View changes the
 * extension of the name to the filter's, and the file is written in
 * the format of the filter. */
static void
test_export_filter_renames (Fixture       *fixture,
                            gconstpointer  user_data)
{
  enum { CSV_FILTER, TSV_FILTER, JSON_FILTER };
  static const struct
  {
    const char *name;           /* NULL to keep the name in the chooser */
    guint filter_index;
    const char *expected;
  } cases[] = {
    { NULL, TSV_FILTER, "bounceview-events.tsv" },
    { NULL, JSON_FILTER, "bounceview-events.jsonl" },
    { NULL, CSV_FILTER, "bounceview-events.csv" },
    /* Another extension of the filter's format stays. */
    { "mine.ndjson", JSON_FILTER, "mine.ndjson" },
    { "mine.TSV", CSV_FILTER, "mine.csv" },
    /* So does a name without an export format's extension. */
    { "notes.txt", TSV_FILTER, "notes.txt" },
    { "notes", JSON_FILTER, "notes" },
  };
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->folder);
  g_autofree char *path = g_build_filename (fixture->folder, "mine.tsv", NULL);
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *wait_data[] = { (const char *) fixture->window, "mine.tsv" };
  GtkFileChooser *chooser;

  if (!have_display)
    return;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", NULL);
  bv_test_iterate (50);
  chooser = GTK_FILE_CHOOSER (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_nonnull (chooser);
  name = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (name, ==, "bounceview-events.csv");
  g_clear_pointer (&name, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s, filter %u", cases[i].expected, cases[i].filter_index);
      if (cases[i].name != NULL)
        gtk_file_chooser_set_current_name (chooser, cases[i].name);
      choose_filter (chooser, cases[i].filter_index);
      name = gtk_file_chooser_get_current_name (chooser);
      g_assert_cmpstr (name, ==, cases[i].expected);
      g_clear_pointer (&name, g_free);
    }

  /* A typed name, then another filter: the file has the filter's format. */
  gtk_file_chooser_set_current_folder (chooser, folder, &error);
  g_assert_no_error (error);
  choose_filter (chooser, CSV_FILTER);
  gtk_file_chooser_set_current_name (chooser, "mine.csv");
  choose_filter (chooser, TSV_FILTER);
  name = gtk_file_chooser_get_current_name (chooser);
  g_assert_cmpstr (name, ==, "mine.tsv");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  bv_test_wait_until (toast_names_file, wait_data, WAIT_MS);
  g_assert_true (toast_names_file (wait_data));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "source\tsource_index\t"));
}

static void
test_window_state_saved (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("com.example.BounceView");
  int width = 0;
  int height = 0;

  if (!have_display)
    return;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1300, 760);
  /* As a drag on the edge of the Date header sets it. */
  gtk_column_view_column_set_fixed_width (GTK_COLUMN_VIEW_COLUMN (window_child (fixture,
                                                                                "date_column")),
                                          200);
  bv_test_iterate (50);

  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_close (GTK_WINDOW (fixture->window));
  bv_test_iterate (50);
  g_assert_null (fixture->window);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1300);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 760);
  g_assert_cmpint (g_settings_get_int (settings, "detail-pane-width"), >=, 200);
  {
    g_autoptr(GVariant) widths = g_settings_get_value (settings, "column-widths");
    int date_width = 0;

    g_assert_true (g_variant_lookup (widths, "date", "i", &date_width));
    g_assert_cmpint (date_width, ==, 200);
    g_assert_true (g_variant_lookup (widths, "recipient", "i", NULL));
  }

  /* The next window opens at that size, with the same column widths. */
  open_window (fixture);
  gtk_window_get_default_size (GTK_WINDOW (fixture->window), &width, &height);
  g_assert_cmpint (width, ==, 1300);
  g_assert_cmpint (height, ==, 760);
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (
                     GTK_COLUMN_VIEW_COLUMN (window_child (fixture, "date_column"))),
                   ==, 200);

  /* And sorted as the last one was. */
  g_object_set (fixture->window, "sort-column", "remote-mta", "sort-descending", FALSE, NULL);
  wait_for_list (fixture->list);
  {
    g_autofree char *saved = g_settings_get_string (settings, "sort-column");

    g_assert_cmpstr (saved, ==, "remote-mta");
  }
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_close (GTK_WINDOW (fixture->window));
  bv_test_iterate (50);
  g_assert_null (fixture->window);
  open_window (fixture);
  {
    g_autofree char *column = NULL;
    gboolean descending = TRUE;

    g_object_get (fixture->window, "sort-column", &column, "sort-descending", &descending, NULL);
    g_assert_cmpstr (column, ==, "remote-mta");
    g_assert_false (descending);
  }
}

/* The list and the reason filter show a reason's label, and the detail
 * pane shows it next to the reason as stored. */
static void
test_reason_labels (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GtkWidget *view;
  BvFilterBar *filter_bar;
  GtkDropDown *dropdown;
  GListModel *reasons;
  gboolean offered = FALSE;

  if (!have_display)
    return;

  view = GTK_WIDGET (window_child (fixture, "column_view"));
  filter_bar = BV_FILTER_BAR (window_child (fixture, "filter_bar"));
  dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (filter_bar),
                                                           BV_TYPE_FILTER_BAR,
                                                           "reason_dropdown"));
  reasons = gtk_drop_down_get_model (dropdown);

  /* alice and dave are unknown users, bob's mailbox is full. */
  g_assert_nonnull (find_list_cell (view, "Unknown user"));
  g_assert_nonnull (find_list_cell (view, "Mailbox full"));
  g_assert_null (find_list_cell (view, "userunknown"));
  g_assert_null (find_list_cell (view, "mailboxfull"));

  for (guint i = 0; i < g_list_model_get_n_items (reasons); i++)
    {
      const char *text = gtk_string_list_get_string (GTK_STRING_LIST (reasons), i);

      g_assert_cmpstr (text, !=, "userunknown");
      offered = offered || g_strcmp0 (text, "Unknown user") == 0;
    }
  g_assert_true (offered);

  /* Opened, the list of reasons takes typing in its search entry, and
   * the drop-down's tooltip does not cover it. */
  gtk_revealer_set_reveal_child (GTK_REVEALER (window_child (fixture, "filter_revealer")), TRUE);
  bv_test_iterate (400);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (gtk_widget_get_first_child (GTK_WIDGET (dropdown))),
                                TRUE);
  bv_test_iterate (100);
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

    g_assert_nonnull (focus);
    g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY));
    g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (dropdown)));
    g_assert_false (gtk_widget_get_has_tooltip (GTK_WIDGET (dropdown)));

    /* The search finds a word inside a label, not only at its start,
     * and the name of a reason as `list --reason` takes it. */
    {
      static const char * const searches[] = { "user", "userunknown" };
      GtkWidget *search = gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY);
      GtkWidget *popover = gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER);
      GtkWidget *list = find_descendant (popover, is_list_view, NULL);

      g_assert_nonnull (list);
      for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
        {
          GListModel *filtered;
          gboolean found = FALSE;

          /* The entry reports a change after a delay: emitted at once here. */
          gtk_editable_set_text (GTK_EDITABLE (search), searches[s]);
          g_signal_emit_by_name (search, "search-changed");
          bv_test_iterate (50);
          filtered = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
          for (guint i = 0; i < g_list_model_get_n_items (filtered); i++)
            {
              g_autoptr(GtkStringObject) item = g_list_model_get_item (filtered, i);
              const char *label = gtk_string_object_get_string (item);

              g_assert_cmpstr (label, !=, "Mailbox full");
              found = found || g_strcmp0 (label, "Unknown user") == 0;
            }
          g_assert_true (found);

          /* The rows show the label alone. */
          g_assert_nonnull (find_descendant (list, is_label_with_text, "Unknown user"));
          g_assert_null (find_descendant (list, is_label_with_text, "Unknown user userunknown"));
        }
      gtk_editable_set_text (GTK_EDITABLE (search), "");
      g_signal_emit_by_name (search, "search-changed");
    }

    gtk_popover_popdown (GTK_POPOVER (gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER)));
    bv_test_iterate (50);
    g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (dropdown)));
  }

  /* Choosing the label filters by the reason. */
  bv_filter_bar_set_reason (filter_bar, "userunknown");
  wait_for_list (fixture->list);
  g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (dropdown)), ==,
                   "Unknown user");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 2);

  select_recipient (fixture, "alice@example.org");
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "reason_value")), ==, "userunknown");
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "reason_title")), ==, "Unknown user");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (pane_label (fixture, "reason_title"))));
}

/* Narrower than half of a 1366-pixel laptop screen, 683 pixels. */
#define NARROW_WIDTH 600

typedef struct
{
  Fixture *fixture;
  GtkOrientation orientation;
} LayoutWait;

/* Whether the paned splits as expected and the filter bar is revealed. */
static gboolean
layout_reached (gpointer user_data)
{
  LayoutWait *wait = user_data;
  GObject *paned = window_child (wait->fixture, "paned");
  GObject *revealer = window_child (wait->fixture, "filter_revealer");

  return gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)) == wait->orientation &&
         gtk_revealer_get_child_revealed (GTK_REVEALER (revealer));
}

typedef struct
{
  Fixture *fixture;
  int width;
} PaneWidthWait;

/* Whether the detail pane has the width that @user_data, a
 * PaneWidthWait, names. */
static gboolean
pane_has_width (gpointer user_data)
{
  PaneWidthWait *wait = user_data;

  return gtk_widget_get_width (GTK_WIDGET (window_child (wait->fixture, "detail_pane"))) == wait->width;
}

/* Asserts that @widget is on screen, with a size, inside the window. */
static void
assert_inside_window (Fixture   *fixture,
                      GtkWidget *widget)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  graphene_rect_t bounds;

  g_test_message ("%s", G_OBJECT_TYPE_NAME (widget));
  g_assert_true (gtk_widget_get_mapped (widget));
  g_assert_true (gtk_widget_compute_bounds (widget, window, &bounds));
  g_assert_cmpfloat (bounds.size.width, >, 0);
  g_assert_cmpfloat (bounds.size.height, >, 0);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (window));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (window));
}

static void
assert_children_inside_window (Fixture   *fixture,
                               GtkWidget *parent)
{
  for (GtkWidget *child = gtk_widget_get_first_child (parent); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_inside_window (fixture, child);
}

/* Returns a widget of the type switcher's template. */
static GtkWidget *
switcher_child (Fixture    *fixture,
                const char *name)
{
  GtkWidget *switcher = GTK_WIDGET (window_child (fixture, "type_switcher"));

  return GTK_WIDGET (gtk_widget_get_template_child (switcher, BV_TYPE_TYPE_SWITCHER, name));
}

/* Asserts that two widgets share a row: their vertical extents overlap. */
static void
assert_same_row (GtkWidget *first,
                 GtkWidget *second)
{
  graphene_rect_t first_bounds;
  graphene_rect_t second_bounds;

  /* The second widget's bounds are taken relative to the first. */
  g_assert_true (gtk_widget_compute_bounds (first, gtk_widget_get_parent (first), &first_bounds));
  g_assert_true (gtk_widget_compute_bounds (second, first, &second_bounds));
  g_assert_cmpfloat (second_bounds.origin.y, <, first_bounds.size.height);
  g_assert_cmpfloat (second_bounds.origin.y + second_bounds.size.height, >, 0);
}

/* A window of NARROW_WIDTH pixels shows every filter control, and the
 * detail pane below the list; a wide one shows the pane beside it. */
/* On a window 1,280 pixels wide, a chosen reason and its Clear Filters
 * button fit on one row of the filter bar: the remote entry, which
 * expands, gives up its extra width first. */
static void
test_filter_bar_one_row (Fixture       *fixture,
                         gconstpointer  user_data)
{
  BvFilterBar *filter_bar;
  GtkWidget *first;
  GtkWidget *clear;
  GtkWidget *remote;

  if (!have_display)
    return;

  filter_bar = BV_FILTER_BAR (window_child (fixture, "filter_bar"));
  first = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (filter_bar), BV_TYPE_FILTER_BAR,
                                                     "class_dropdown"));
  clear = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (filter_bar), BV_TYPE_FILTER_BAR,
                                                     "clear_button"));
  remote = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (filter_bar), BV_TYPE_FILTER_BAR,
                                                      "remote_entry"));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  gtk_revealer_set_reveal_child (GTK_REVEALER (window_child (fixture, "filter_revealer")), TRUE);
  bv_filter_bar_set_reason (filter_bar, "userunknown");
  wait_for_list (fixture->list);
  bv_test_iterate (400);

  g_assert_true (gtk_widget_get_mapped (clear));
  assert_same_row (first, clear);
  assert_same_row (first, remote);
}

static void
test_narrow_window (Fixture       *fixture,
                    gconstpointer  user_data)
{
  LayoutWait wait = { fixture, GTK_ORIENTATION_VERTICAL };
  GtkWidget *window;
  GtkWidget *filter_bar;
  GObject *paned;
  int minimum = 0;
  int chosen_width;

  if (!have_display)
    return;

  window = GTK_WIDGET (fixture->window);
  filter_bar = GTK_WIDGET (window_child (fixture, "filter_bar"));
  paned = window_child (fixture, "paned");
  select_recipient (fixture, "alice@example.org");
  gtk_revealer_set_reveal_child (GTK_REVEALER (window_child (fixture, "filter_revealer")), TRUE);

  /* The test moves the handle as the paned's drag gesture does, to give
   * the detail pane 480 pixels. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 700);
  bv_test_iterate (100);
  gtk_paned_set_position (GTK_PANED (paned), gtk_widget_get_width (GTK_WIDGET (paned)) - 480);
  bv_test_iterate (50);
  chosen_width = gtk_widget_get_width (GTK_WIDGET (window_child (fixture, "detail_pane")));
  g_assert_cmpint (chosen_width, >=, 470);

  gtk_window_set_default_size (GTK_WINDOW (window), NARROW_WIDTH, 700);
  bv_test_wait_until (layout_reached, &wait, WAIT_MS);
  bv_test_iterate (50);

  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, NARROW_WIDTH);
  g_assert_cmpint (gtk_widget_get_width (window), <=, NARROW_WIDTH);
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)), ==,
                   GTK_ORIENTATION_VERTICAL);

  /* Every filter control, the linked date buttons one by one. The
   * event types are a menu button on the search entry's row. */
  assert_inside_window (fixture, switcher_child (fixture, "compact_button"));
  g_assert_false (gtk_widget_get_mapped (switcher_child (fixture, "row")));
  assert_inside_window (fixture, GTK_WIDGET (window_child (fixture, "search_entry")));
  assert_same_row (switcher_child (fixture, "compact_button"),
                   GTK_WIDGET (window_child (fixture, "search_entry")));
  assert_children_inside_window (fixture, filter_bar);
  for (GtkWidget *child = gtk_widget_get_first_child (filter_bar); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BOX (child))
        assert_children_inside_window (fixture, child);
    }

  /* The list and the detail pane of the selected event. */
  assert_inside_window (fixture, GTK_WIDGET (window_child (fixture, "list_scroller")));
  assert_inside_window (fixture, GTK_WIDGET (window_child (fixture, "detail_pane")));
  g_assert_cmpstr (gtk_label_get_text (pane_label (fixture, "recipient_label")), ==,
                   "alice@example.org");

  /* With no event selected, the pane below the list hides, and it comes
   * back with a selection. */
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (fixture->list));
  bv_test_iterate (20);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window_child (fixture, "detail_pane"))));
  select_recipient (fixture, "alice@example.org");
  bv_test_iterate (50);
  assert_inside_window (fixture, GTK_WIDGET (window_child (fixture, "detail_pane")));

  /* The menu of types filters as the buttons do, and the menu button
   * names the chosen type. */
  g_assert_true (gtk_widget_activate_action (switcher_child (fixture, "compact_button"),
                                             "switcher.event-type", "s", "deferral"));
  wait_for_list (fixture->list);
  g_assert_cmpint (bv_type_switcher_get_event_type (BV_TYPE_SWITCHER (window_child (fixture, "type_switcher"))),
                   ==, BV_EVENT_DEFERRAL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 1);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (switcher_child (fixture, "compact_name"))), ==,
                   "_Deferrals");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (switcher_child (fixture, "compact_count"))), ==,
                   "1");
  bv_type_switcher_set_event_type (BV_TYPE_SWITCHER (window_child (fixture, "type_switcher")),
                                   BV_EVENT_UNKNOWN);
  wait_for_list (fixture->list);

  /* A wide window puts the detail pane beside the list again. */
  wait.orientation = GTK_ORIENTATION_HORIZONTAL;
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 700);
  bv_test_wait_until (layout_reached, &wait, WAIT_MS);
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)), ==,
                   GTK_ORIENTATION_HORIZONTAL);
  bv_test_iterate (50);
  assert_inside_window (fixture, GTK_WIDGET (window_child (fixture, "detail_pane")));
  /* The pane has the width chosen before, not the one it was squeezed
   * to while the window narrowed. A slow machine, as under the
   * sanitizers, may take more frames to get there. */
  {
    PaneWidthWait pane_wait = { fixture, chosen_width };

    bv_test_wait_until (pane_has_width, &pane_wait, WAIT_MS);
  }
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window_child (fixture, "detail_pane"))), ==,
                   chosen_width);

  /* There the buttons of the event types have room in one row. */
  assert_children_inside_window (fixture, switcher_child (fixture, "row"));
  g_assert_false (gtk_widget_get_mapped (switcher_child (fixture, "compact_button")));
}

static void
test_notmuch_no_database (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *config = g_build_filename (fixture->folder, "no-such-notmuch-config", NULL);
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *remembered = NULL;
  g_autofree char *typed_database = NULL;
  g_autofree char *typed_query = NULL;
  GtkWindow *error_dialog;
  BvNotmuchDialog *dialog = NULL;
  GtkLabel *problem;
  GtkEditable *database_row;
  GList *toplevels;

  if (!have_display)
    return;

  g_setenv ("NOTMUCH_CONFIG", config, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.import-notmuch", NULL);
  bv_test_iterate (50);
  g_unsetenv ("NOTMUCH_CONFIG");

  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (BV_IS_NOTMUCH_DIALOG (l->data))
        dialog = l->data;
    }
  g_list_free (toplevels);
  g_assert_nonnull (dialog);

  /* A hint shows, and Import waits for a folder. */
  problem = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (dialog), BV_TYPE_NOTMUCH_DIALOG,
                                                      "problem_label"));
  database_row = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                              BV_TYPE_NOTMUCH_DIALOG,
                                                              "database_row"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (problem)));
  g_assert_cmpstr (gtk_label_get_text (problem), !=, "");
  g_assert_false (gtk_label_get_use_markup (problem));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import"));

  /* A folder typed in allows the import. The hint, which explains what an
   * empty folder means, stays as it is, so the dialog keeps its size. */
  {
    g_autofree char *hint = g_strdup (gtk_label_get_text (problem));
    int before, after;

    gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_VERTICAL, 500, NULL, &before, NULL,
                        NULL);
    gtk_editable_set_text (database_row, fixture->folder);
    gtk_widget_measure (GTK_WIDGET (dialog), GTK_ORIENTATION_VERTICAL, 500, NULL, &after, NULL,
                        NULL);
    g_assert_cmpint (after, ==, before);
    g_assert_cmpstr (gtk_label_get_text (problem), ==, hint);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (problem)));
  }
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "import"));

  /* That folder contains no notmuch database. The import fails with an
   * error, and a new dialog keeps the folder and the query typed, to
   * correct them. The next import does not offer the folder again. */
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                      BV_TYPE_NOTMUCH_DIALOG,
                                                                      "query_row")),
                         "tag:bounce and date:2026..");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "import");
  bv_test_iterate (50);
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  bv_test_iterate (20);

  error_dialog = NULL;
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (BV_IS_NOTMUCH_DIALOG (l->data))
        dialog = l->data;
      else if (ADW_IS_MESSAGE_DIALOG (l->data))
        error_dialog = l->data;
    }
  g_list_free (toplevels);
  g_assert_nonnull (error_dialog);
  g_assert_nonnull (dialog);
  typed_database = bv_notmuch_dialog_dup_database (dialog);
  typed_query = bv_notmuch_dialog_dup_query (dialog);
  g_assert_cmpstr (typed_database, ==, fixture->folder);
  g_assert_cmpstr (typed_query, ==, "tag:bounce and date:2026..");
  gtk_window_destroy (error_dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));

  settings = g_settings_new (APPLICATION_ID);
  remembered = g_settings_get_string (settings, "notmuch-database");
  g_assert_cmpstr (remembered, ==, "");
}

static void
test_mbox_message (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *mbox = data_path ("returned.mbox");
  GObject *pane;
  GtkWidget *open_button;
  BvTextWindow *source_window;
  g_autofree char *text = NULL;

  if (!have_display)
    return;

  bv_test_import_path (fixture->database, mbox, NULL);
  open_window (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_DROP);

  select_recipient (fixture, "erin@example.org");
  g_assert_true (g_str_has_suffix (gtk_label_get_text (pane_label (fixture, "source_value")),
                                   "returned.mbox, message 1 of the mbox"));

  /* A message inside an mbox has no file of its own to open. */
  pane = window_child (fixture, "detail_pane");
  open_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (pane), BV_TYPE_DETAIL_PANE,
                                                           "open_button"));
  g_assert_false (gtk_widget_get_sensitive (open_button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (open_button), "mbox"));

  /* Its source is still there, read from its place in the file. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-source", NULL);
  bv_test_iterate (50);
  source_window = BV_TEXT_WINDOW (find_toplevel (BV_TYPE_TEXT_WINDOW));
  g_assert_nonnull (source_window);
  text = bv_text_window_dup_text (source_window);
  g_assert_nonnull (strstr (text, "Final-Recipient: rfc822; erin@example.org\n"));
  g_assert_null (strstr (text, "frank@example.com"));
}

static void
test_about_window (Fixture       *fixture,
                   gconstpointer  user_data)
{
  AdwAboutWindow *about;

  if (!have_display)
    return;

  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);
  bv_test_iterate (50);

  about = ADW_ABOUT_WINDOW (find_toplevel (ADW_TYPE_ABOUT_WINDOW));
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (about), ==, "BounceView");
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  user_data)
{
  const char *text = "This is a shopping list, not a database.\n";
  g_autofree char *contents = NULL;
  AdwStatusPage *page;
  const char *description;

  if (!have_display)
    return;

  g_assert_true (g_file_set_contents (fixture->database, text, -1, NULL));
  open_window (fixture);

  /* The page gives the store's message, which names the file and the
   * cause, so no dialog repeats it. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (window_child (fixture, "main_stack"))),
                   ==, "error");
  page = ADW_STATUS_PAGE (window_child (fixture, "error_page"));
  g_assert_cmpstr (adw_status_page_get_title (page), ==, "Cannot Open the Database");
  description = adw_status_page_get_description (page);
  g_assert_nonnull (strstr (description, fixture->database));
  g_assert_nonnull (strstr (description, "is not a BounceView database"));
  g_assert_null (find_message_dialog ());

  /* Left as it was. */
  g_assert_true (g_file_get_contents (fixture->database, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, text);
  g_assert_false (import_enabled (fixture));
  g_assert_false (import_menu_enabled (fixture));
  /* Nothing to filter or sort either. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window_child (fixture, "filter_toggle"))));
}

typedef struct
{
  GtkFileChooser *chooser;
  GFile *file;
} ChooserWait;

static gboolean
chooser_has_file (gpointer user_data)
{
  ChooserWait *wait = user_data;
  g_autoptr(GFile) chosen = gtk_file_chooser_get_file (wait->chooser);

  return chosen != NULL && g_file_equal (chosen, wait->file);
}

/* Chooses @path in the file chooser that @action opens. In a chooser
 * that saves, GTK checks the name before it sends the response. */
static void
choose_in_chooser (Fixture    *fixture,
                   const char *action,
                   const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GError) error = NULL;
  GtkFileChooser *chooser;
  ChooserWait wait;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, NULL);
  bv_test_iterate (50);
  chooser = GTK_FILE_CHOOSER (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  g_assert_nonnull (chooser);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chooser)));

  if (gtk_file_chooser_get_action (chooser) == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      gtk_file_chooser_set_current_folder (chooser, folder, &error);
      g_assert_no_error (error);
      gtk_file_chooser_set_current_name (chooser, name);
    }
  else
    {
      gtk_file_chooser_set_file (chooser, file, &error);
      g_assert_no_error (error);
    }

  /* The chooser takes the folder and the file once it has listed the
   * folder. */
  wait.chooser = chooser;
  wait.file = file;
  bv_test_wait_until (chooser_has_file, &wait, WAIT_MS);
  g_assert_true (chooser_has_file (&wait));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
}

static BvWindow *
find_database_window (const char *path)
{
  BvWindow *found = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      if (BV_IS_WINDOW (l->data) &&
          g_strcmp0 (bv_window_get_database_path (l->data), path) == 0)
        found = l->data;
    }
  g_list_free (toplevels);
  return found;
}

static gboolean
window_gone (gpointer user_data)
{
  BvWindow **window = user_data;

  return *window == NULL;
}

static gboolean
events_page_shown (gpointer user_data)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (user_data), "events") == 0;
}

/* Open Another Database on a file that is no database: the window of
 * the working database stays, with a dialog that explains why, and no
 * window for the file is left. A database that opens takes that
 * window's place. */
static void
test_open_database_keeps_working_one (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  /* A folder whose name would be markup: the dialog shows it as text. */
  g_autofree char *odd = g_build_filename (fixture->folder, "R&D's <files>", NULL);
  g_autofree char *text = g_build_filename (odd, "notes.txt", NULL);
  g_autofree char *other = g_build_filename (fixture->folder, "other.sqlite", NULL);
  g_autofree char *maildir = data_path ("maildir-initial");
  AdwMessageDialog *dialog;
  BvWindow *opened;

  if (!have_display)
    return;

  g_assert_cmpint (g_mkdir (odd, 0700), ==, 0);
  g_assert_true (g_file_set_contents (text, "not a database\n", -1, NULL));
  bv_test_import_path (other, maildir, NULL);

  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  choose_in_chooser (fixture, "win.open-database", text);
  bv_test_iterate (100);
  g_assert_null (find_database_window (text));
  g_assert_nonnull (fixture->window);
  g_assert_cmpuint (bv_event_list_get_total (fixture->list), ==, N_INITIAL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Cannot Open the Database");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "R&D's <files>"));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  adw_message_dialog_response (dialog, "close");
  bv_test_iterate (50);

  choose_in_chooser (fixture, "win.open-database", other);
  bv_test_wait_until (window_gone, &fixture->window, WAIT_MS);
  g_assert_null (fixture->window);
  opened = find_database_window (other);
  g_assert_nonnull (opened);
  gtk_window_destroy (GTK_WINDOW (opened));
}

/* From the page of a database that cannot be opened, the user opens
 * another database or creates one, each in a new window. */
static void
test_not_a_database_way_out (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *maildir = data_path ("maildir-initial");
  g_autofree char *other = g_build_filename (fixture->folder, "other.sqlite", NULL);
  g_autofree char *created = g_build_filename (fixture->folder, "created.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  GtkSearchEntry *search;
  BvWindow *window;
  GtkStack *stack;

  if (!have_display)
    return;

  bv_test_import_path (other, maildir, NULL);
  g_assert_true (g_file_set_contents (fixture->database, "not a database\n", -1, NULL));

  /* Open Another Database: the failed window closes. */
  open_window (fixture);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  choose_in_chooser (fixture, "win.open-database", other);
  bv_test_wait_until (window_gone, &fixture->window, WAIT_MS);
  g_assert_null (fixture->window);
  window = find_database_window (other);
  g_assert_nonnull (window);
  wait_for_list (bv_window_get_event_list (window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (bv_window_get_event_list (window))),
                    ==, N_INITIAL);
  gtk_window_destroy (GTK_WINDOW (window));

  /* Create a New Database: an empty database, ready to import into. */
  open_window (fixture);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  choose_in_chooser (fixture, "win.new-database", created);
  bv_test_wait_until (window_gone, &fixture->window, WAIT_MS);
  g_assert_null (fixture->window);
  window = find_database_window (created);
  g_assert_nonnull (window);
  wait_for_list (bv_window_get_event_list (window));
  g_assert_true (g_file_test (created, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (bv_event_list_get_total (bv_window_get_event_list (window)), ==, 0);
  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), BV_TYPE_WINDOW,
                                                    "main_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");

  /* The search entry is hidden with the events, so it takes no keys
   * that would hide the events of the first import. It takes them again
   * once events came in from another import. */
  search = GTK_SEARCH_ENTRY (gtk_widget_get_template_child (GTK_WIDGET (window), BV_TYPE_WINDOW,
                                                            "search_entry"));
  g_assert_null (gtk_search_entry_get_key_capture_widget (search));
  g_assert_true (bv_synthetic_add_events (created, 0, 10, &error));
  g_assert_no_error (error);
  bv_test_wait_until (events_page_shown, stack, WAIT_MS);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "events");
  g_assert_true (gtk_search_entry_get_key_capture_widget (search) == GTK_WIDGET (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
message_dialog_shown (gpointer user_data)
{
  return find_message_dialog () != NULL;
}

static gboolean
replace_question_shown (gpointer user_data)
{
  return find_toplevel (GTK_TYPE_MESSAGE_DIALOG) != NULL;
}

/* Answers Replace to the file chooser's question about an existing file. */
static void
confirm_replace (void)
{
  GtkWindow *question;

  bv_test_wait_until (replace_question_shown, NULL, WAIT_MS);
  question = find_toplevel (GTK_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (question);
  gtk_dialog_response (GTK_DIALOG (question), GTK_RESPONSE_ACCEPT);
}

/* Create a New Database on an existing file, confirmed in the chooser,
 * moves the file and its -wal and -shm files to the trash and opens a new,
 * empty database in their place. A database open in a window stays. */
static void
test_new_database_replaces (Fixture       *fixture,
                            gconstpointer  user_data)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  g_autofree char *maildir = data_path ("maildir-initial");
  g_autofree char *existing = g_build_filename (fixture->folder, "existing.sqlite", NULL);
  g_autofree char *wal = g_strconcat (existing, "-wal", NULL);
  g_autofree char *shm = g_strconcat (existing, "-shm", NULL);
  g_autofree char *trash = g_build_filename (g_get_user_data_dir (), "Trash", "files", NULL);
  BvWindow *window;
  AdwMessageDialog *dialog;

  if (!have_display)
    return;

  bv_test_import_path (existing, maildir, NULL);
  g_assert_true (g_file_set_contents (wal, "an old write-ahead log\n", -1, NULL));
  g_assert_true (g_file_set_contents (shm, "an old shared-memory index\n", -1, NULL));
  g_assert_true (g_file_set_contents (fixture->database, "not a database\n", -1, NULL));

  open_window (fixture);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  choose_in_chooser (fixture, "win.new-database", existing);
  confirm_replace ();
  bv_test_wait_until (window_gone, &fixture->window, WAIT_MS);
  g_assert_null (fixture->window);

  window = find_database_window (existing);
  g_assert_nonnull (window);
  wait_for_list (bv_window_get_event_list (window));
  g_assert_cmpuint (bv_event_list_get_total (bv_window_get_event_list (window)), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (
                     GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), BV_TYPE_WINDOW,
                                                               "main_stack"))),
                   ==, "empty");

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *trashed = g_strconcat (trash, G_DIR_SEPARATOR_S, "existing.sqlite",
                                              suffixes[i], NULL);

      g_test_message ("%s", trashed);
      g_assert_true (g_file_test (trashed, G_FILE_TEST_IS_REGULAR));
    }

  /* The new database is open in that window, so it is not replaced. */
  open_window (fixture);
  choose_in_chooser (fixture, "win.new-database", existing);
  confirm_replace ();
  bv_test_wait_until (message_dialog_shown, NULL, WAIT_MS);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Cannot Replace the Database");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "open in a window"));
  g_assert_true (g_file_test (existing, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (fixture->window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The page size, a big-endian number at offset 16 of the SQLite file
 * header, where 1 means 65536. */
static gsize
database_page_size (const guint8 *header)
{
  gsize size = (header[16] << 8) | header[17];

  return size == 1 ? 65536 : size;
}

static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0)
        return child;
      found = find_action_button (child, action_name);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
error_page_shown (gpointer user_data)
{
  Fixture *fixture = user_data;
  GtkStack *stack = GTK_STACK (window_child (fixture, "main_stack"));

  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "error") == 0;
}

/* A database whose header is intact but whose pages 2 to 7 were
 * overwritten opens, and its first query or read of rows fails. The
 * window then shows the error page with the store's message and the
 * ways out, lists no blank rows, and lets Create a New Database replace
 * the damaged file. */
static void
test_damaged_pages (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *damaged = NULL;
  g_autofree char *after = NULL;
  gsize length = 0;
  gsize after_length = 0;
  gsize page_size;
  AdwStatusPage *page;
  const char *description;
  GtkWidget *button;
  BvWindow *window;
  GtkStack *stack;

  if (!have_display)
    return;

  g_assert_true (bv_synthetic_add_events (fixture->database, 0, 2000, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (fixture->database, &damaged, &length, &error));
  g_assert_no_error (error);
  page_size = database_page_size ((const guint8 *) damaged);
  g_assert_cmpuint (length, >=, 20 * page_size);
  memset (damaged + page_size, 0xa5, 6 * page_size);
  g_assert_true (g_file_set_contents (fixture->database, damaged, length, &error));
  g_assert_no_error (error);

  g_test_expect_message ("bounceview-event-list", G_LOG_LEVEL_WARNING, "*damaged database*");
  open_window (fixture);
  bv_test_wait_until (error_page_shown, fixture, WAIT_MS);
  bv_test_iterate (50);
  g_test_assert_expected_messages ();

  g_assert_true (error_page_shown (fixture));
  page = ADW_STATUS_PAGE (window_child (fixture, "error_page"));
  description = adw_status_page_get_description (page);
  g_assert_nonnull (strstr (description, fixture->database));
  g_assert_nonnull (strstr (description, "is damaged"));
  g_assert_nonnull (strstr (description, "left as it is"));
  g_assert_null (find_message_dialog ());

  button = find_action_button (GTK_WIDGET (page), "win.open-database");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  button = find_action_button (GTK_WIDGET (page), "win.new-database");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));

  /* No rows, blank or not, and nothing to import into. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, 0);
  g_assert_null (bv_event_list_get_store (fixture->list));
  g_assert_false (import_enabled (fixture));

  /* Left as it was. */
  g_assert_true (g_file_get_contents (fixture->database, &after, &after_length, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (after, after_length, damaged, length);

  /* The window closed the damaged file, so a new database can replace
   * it. */
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  choose_in_chooser (fixture, "win.new-database", fixture->database);
  confirm_replace ();
  bv_test_wait_until (window_gone, &fixture->window, WAIT_MS);
  g_assert_null (fixture->window);
  window = find_database_window (fixture->database);
  g_assert_nonnull (window);
  wait_for_list (bv_window_get_event_list (window));
  g_assert_cmpuint (bv_event_list_get_total (bv_window_get_event_list (window)), ==, 0);
  stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), BV_TYPE_WINDOW,
                                                    "main_stack"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  /* An empty database has nothing to export, sort or filter. */
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                      BV_TYPE_WINDOW,
                                                                                      "filter_toggle"))));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  bv_test_iterate (50);
  g_assert_null (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));
  /* Nor does the filters' shortcut toggle the button. */
  g_assert_false (g_action_group_has_action (G_ACTION_GROUP (window), "show-filters"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_newer_schema (Fixture       *fixture,
                   gconstpointer  user_data)
{
  sqlite3 *db = NULL;
  const char *description;
  GStatBuf before, after;

  if (!have_display)
    return;

  g_assert_cmpint (sqlite3_open (fixture->database, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE future (x); PRAGMA user_version = 99",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (g_stat (fixture->database, &before), ==, 0);

  open_window (fixture);

  description = adw_status_page_get_description (ADW_STATUS_PAGE (window_child (fixture,
                                                                             "error_page")));
  g_assert_nonnull (strstr (description, fixture->database));
  g_assert_nonnull (strstr (description, "newer"));

  g_assert_cmpint (g_stat (fixture->database, &after), ==, 0);
  g_assert_cmpint (before.st_size, ==, after.st_size);
  g_assert_cmpint (before.st_mtime, ==, after.st_mtime);
}

static void
test_read_only_database (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *maildir = data_path ("maildir-initial");
  AdwMessageDialog *dialog;

  if (!have_display)
    return;
  if (geteuid () == 0)
    {
      g_test_skip ("root can write a read-only file");
      return;
    }

  bv_test_import_path (fixture->database, maildir, NULL);
  g_assert_cmpint (g_chmod (fixture->database, 0444), ==, 0);

  open_window (fixture);

  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), fixture->database));

  /* The events still show, read-only, and nothing can be imported. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->list)), ==, N_INITIAL);
  g_assert_false (import_enabled (fixture));
  g_assert_false (import_menu_enabled (fixture));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = bv_test_isolate_home ();
  g_autofree char *applications = g_build_filename (g_get_user_data_dir (), "applications", NULL);
  int status;

  bv_test_tolerate_snapshot_warning ();
  g_test_init (&argc, &argv, NULL);

  /* For the desktop files of test_open_in_mail_app. GIO watches this
   * folder once it has read it. */
  g_mkdir (applications, 0700);

  have_display = bv_test_have_display ();
  if (have_display)
    {
      gtk_init ();
      application = GTK_APPLICATION (bv_application_new ());
      g_application_set_flags (G_APPLICATION (application),
                               G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
      g_application_register (G_APPLICATION (application), NULL, NULL);
    }

#define ADD(path, func) \
  g_test_add ("/bounceview/window/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_EMPTY(path, func) \
  g_test_add ("/bounceview/window/" path, Fixture, "no database yet", fixture_set_up, func, \
              fixture_tear_down)

  ADD ("list-count", test_list_count);
  ADD ("search-recipient", test_search_recipient);
  ADD ("type-filter", test_type_filter);
  ADD ("combined-filters", test_combined_filters);
  ADD ("sort-column", test_sort_column);
  ADD ("sort-menu", test_sort_menu);
  ADD ("search-keys-to-list", test_search_keys_to_list);
  ADD_EMPTY ("search-keys-after-new-search", test_search_keys_after_new_search);
  ADD ("detail-pane", test_detail_pane);
  ADD ("detail-pane-sections", test_detail_pane_sections);
  ADD ("markup-literal", test_markup_literal);
  ADD ("bidi-controls-shown", test_bidi_controls_shown);
  ADD ("drop-maildir", test_drop_maildir);
  ADD ("import-keeps-focused-row", test_import_keeps_focused_row);
  ADD ("drop-text-refused", test_drop_text_refused);
  ADD ("drop-again-duplicates", test_drop_again_duplicates);
  ADD ("import-summary-replaced", test_import_summary_replaced);
  ADD ("import-failures-in-menu", test_import_failures_in_menu);
  ADD ("import-alongside-cli", test_import_alongside_cli);
  ADD ("external-import-shown", test_external_import_shown);
  ADD ("copy-recipient", test_copy_recipient);
  ADD ("show-source", test_show_source);
  ADD ("open-in-mail-app", test_open_in_mail_app);
  ADD ("export-view", test_export_view);
  ADD ("export-formats", test_export_formats);
  ADD ("export-filter-renames", test_export_filter_renames);
  ADD ("window-state-saved", test_window_state_saved);
  ADD ("filter-bar-one-row", test_filter_bar_one_row);
  ADD ("narrow-window", test_narrow_window);
  ADD ("reason-labels", test_reason_labels);
  ADD ("notmuch-no-database", test_notmuch_no_database);
  ADD ("about-window", test_about_window);
  ADD_EMPTY ("mbox-message", test_mbox_message);
  ADD_EMPTY ("not-a-database", test_not_a_database);
  ADD_EMPTY ("not-a-database-way-out", test_not_a_database_way_out);
  ADD ("open-database-keeps-working-one", test_open_database_keeps_working_one);
  ADD_EMPTY ("new-database-replaces", test_new_database_replaces);
  ADD_EMPTY ("damaged-pages", test_damaged_pages);
  ADD_EMPTY ("newer-schema", test_newer_schema);
  ADD_EMPTY ("read-only-database", test_read_only_database);
  ADD_EMPTY ("long-diagnostic", test_long_diagnostic);
  ADD_EMPTY ("date-quick-ranges", test_date_quick_ranges);

  status = g_test_run ();
  bv_test_remove_tree (home);
  return status;
}
