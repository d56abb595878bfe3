/* bv-window-keys.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Keys that move the focus between the recipient search, the list and
 * the detail pane. Down or Enter in the search goes to the results,
 * Escape in the list goes back to the search, and Escape in the pane
 * back to the list. */

#define G_LOG_DOMAIN "bounceview-window"

#include "bv-window-private.h"

/* Gives the keyboard focus to the selected row, or to the first row,
 * which it selects, when none is selected. Returns whether the list has
 * a row to focus. */
static gboolean
focus_results (BvWindow *self)
{
  GtkWidget *list_view = bv_window_get_list_view (self);
  guint selected = bv_event_list_get_selected (self->event_list);
  GtkWidget *row;

  if (list_view == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->event_list)) == 0)
    return FALSE;

  if (selected == GTK_INVALID_LIST_POSITION)
    {
      selected = 0;
      bv_event_list_set_selected (self->event_list, selected);
    }

  /* The row itself takes the focus: the list view would give it to the
   * row number that had it last, which a new search leaves on another
   * event, so that the next Down would skip rows (GTK 4.8). Scrolling
   * to the row first gives it a widget. */
  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", selected);
  row = bv_window_find_row (self, selected);
  if (row != NULL && gtk_widget_grab_focus (row))
    return TRUE;
  return gtk_widget_grab_focus (list_view);
}

static gboolean
on_search_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       BvWindow              *self)
{
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;

  return focus_results (self) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

static void
on_search_activate (BvWindow *self)
{
  focus_results (self);
}

/* Tab leaves the list for the detail pane, and Shift+Tab for the
 * filters or the search. GTK 4.8 would move the focus one row a key,
 * so the pane was out of reach in a long list. With no event selected
 * the pane has nothing to focus, and Tab goes on to the header bar, as
 * it does after the pane. */
static gboolean
leave_list (BvWindow *self,
            gboolean  backward)
{
  if (!backward && bv_detail_pane_get_item (self->detail_pane) != NULL)
    return gtk_widget_child_focus (GTK_WIDGET (self->detail_pane), GTK_DIR_TAB_FORWARD);
  if (!backward)
    return gtk_widget_child_focus (self->import_button, GTK_DIR_TAB_FORWARD);

  if (gtk_revealer_get_reveal_child (self->filter_revealer) &&
      gtk_widget_child_focus (GTK_WIDGET (self->filter_bar), GTK_DIR_TAB_BACKWARD))
    return TRUE;
  return gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static gboolean
on_list_key_pressed (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     BvWindow              *self)
{
  GdkModifierType modifiers = state & gtk_accelerator_get_default_mod_mask ();

  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab || keyval == GDK_KEY_ISO_Left_Tab)
    {
      gboolean backward = keyval == GDK_KEY_ISO_Left_Tab || modifiers == GDK_SHIFT_MASK;

      if ((modifiers & ~GDK_SHIFT_MASK) != 0)
        return GDK_EVENT_PROPAGATE;
      return leave_list (self, backward) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
    }

  if (keyval != GDK_KEY_Escape || modifiers != 0)
    return GDK_EVENT_PROPAGATE;

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return GDK_EVENT_STOP;
}

/* Escape in the detail pane goes back to the selected row. */
static gboolean
on_pane_key_pressed (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     BvWindow              *self)
{
  if (keyval != GDK_KEY_Escape || (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;

  return focus_results (self) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

/* Text typed while another widget has the focus, which the window
 * forwards to the search, takes the focus to the search. Otherwise each
 * later key goes through the list first, whose rows a refreshed search
 * replaces, and keys typed quickly after a click on a row were lost.
 * The text is not selected, so that the next key adds to it. */
static void
on_search_text_changed (BvWindow *self)
{
  GtkEditable *search = GTK_EDITABLE (self->search_entry);
  GtkWidget *text = GTK_WIDGET (gtk_editable_get_delegate (search));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (*gtk_editable_get_text (search) == '\0' || !GTK_IS_TEXT (text) || focus == text)
    return;
  gtk_text_grab_focus_without_selecting (GTK_TEXT (text));
}

void
bv_window_keys_init (BvWindow *self)
{
  GtkEventController *controller;

  /* In the capture phase, before the entry's text moves its cursor. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect_swapped (self->search_entry, "changed", G_CALLBACK (on_search_text_changed), self);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_list_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_pane_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->detail_pane), controller);
}
