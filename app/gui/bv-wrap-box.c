/* bv-wrap-box.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A container for .ui files whose children wrap into rows (BvWrapLayout),
 * with 12 pixels between the children of a row and 6 between rows. */

#define G_LOG_DOMAIN "bounceview-wrap-box"

#include "bv-wrap-box.h"

#include "bv-wrap-layout.h"

struct _BvWrapBox
{
  GtkWidget parent_instance;
};

G_DEFINE_FINAL_TYPE (BvWrapBox, bv_wrap_box, GTK_TYPE_WIDGET)

static void
bv_wrap_box_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bv_wrap_box_parent_class)->dispose (object);
}

static void
bv_wrap_box_class_init (BvWrapBoxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bv_wrap_box_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, BV_TYPE_WRAP_LAYOUT);
}

static void
bv_wrap_box_init (BvWrapBox *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  bv_wrap_layout_set_spacing (BV_WRAP_LAYOUT (layout), 12, 6);
}
