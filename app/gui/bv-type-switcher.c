/* bv-type-switcher.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A row of linked toggle buttons, one per event type and one for all,
 * each with the number of events of its type that the other filters
 * leave. The row wraps when the window is too narrow for it. */

#define G_LOG_DOMAIN "bounceview-type-switcher"

#include "bv-type-switcher.h"

#include <glib/gi18n.h>

#include "bv-wrap-layout.h"

struct _BvTypeSwitcher
{
  GtkWidget parent_instance;

  GtkToggleButton *buttons[BV_EVENT_N_TYPES];
  GtkLabel *count_labels[BV_EVENT_N_TYPES];

  BvEventType event_type;
};

G_DEFINE_FINAL_TYPE (BvTypeSwitcher, bv_type_switcher, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (BvEventType, bv_event_type,
  G_DEFINE_ENUM_VALUE (BV_EVENT_UNKNOWN, "all"),
  G_DEFINE_ENUM_VALUE (BV_EVENT_BOUNCE, "bounce"),
  G_DEFINE_ENUM_VALUE (BV_EVENT_DEFERRAL, "deferral"),
  G_DEFINE_ENUM_VALUE (BV_EVENT_DELIVERY, "delivery"),
  G_DEFINE_ENUM_VALUE (BV_EVENT_COMPLAINT, "complaint"),
  G_DEFINE_ENUM_VALUE (BV_EVENT_AUTO_REPLY, "auto-reply"))

enum {
  PROP_0,
  PROP_EVENT_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_button_toggled (GtkToggleButton *button,
                   BvTypeSwitcher  *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  for (guint type = 0; type < BV_EVENT_N_TYPES; type++)
    {
      if (self->buttons[type] == button)
        bv_type_switcher_set_event_type (self, type);
    }
}

static void
bv_type_switcher_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BV_TYPE_TYPE_SWITCHER);

  G_OBJECT_CLASS (bv_type_switcher_parent_class)->dispose (object);
}

static void
bv_type_switcher_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  BvTypeSwitcher *self = BV_TYPE_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_EVENT_TYPE:
      g_value_set_enum (value, self->event_type);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bv_type_switcher_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  BvTypeSwitcher *self = BV_TYPE_SWITCHER (object);

  switch (prop_id)
    {
    case PROP_EVENT_TYPE:
      bv_type_switcher_set_event_type (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bv_type_switcher_class_init (BvTypeSwitcherClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bv_type_switcher_dispose;
  object_class->get_property = bv_type_switcher_get_property;
  object_class->set_property = bv_type_switcher_set_property;

  properties[PROP_EVENT_TYPE] =
    g_param_spec_enum ("event-type", NULL, NULL,
                       BV_TYPE_EVENT_TYPE,
                       BV_EVENT_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/BounceView/bv-type-switcher.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "all_button", FALSE,
                                             G_STRUCT_OFFSET (BvTypeSwitcher,
                                                              buttons[BV_EVENT_UNKNOWN]));
  gtk_widget_class_bind_template_child_full (widget_class, "bounce_button", FALSE,
                                             G_STRUCT_OFFSET (BvTypeSwitcher,
                                                              buttons[BV_EVENT_BOUNCE]));
  gtk_widget_class_bind_template_child_full (widget_class, "deferral_button", FALSE,
                                             G_STRUCT_OFFSET (BvTypeSwitcher,
                                                              buttons[BV_EVENT_DEFERRAL]));
  gtk_widget_class_bind_template_child_full (widget_class, "delivery_button", FALSE,
                                             G_STRUCT_OFFSET (BvTypeSwitcher,
                                                              buttons[BV_EVENT_DELIVERY]));
  gtk_widget_class_bind_template_child_full (widget_class, "complaint_button", FALSE,
                                             G_STRUCT_OFFSET (BvTypeSwitcher,
                                                              buttons[BV_EVENT_COMPLAINT]));
  gtk_widget_class_bind_template_child_full (widget_class, "auto_reply_button", FALSE,
                                             G_STRUCT_OFFSET (BvTypeSwitcher,
                                                              buttons[BV_EVENT_AUTO_REPLY]));
  gtk_widget_class_bind_template_child_full (widget_class, "all_count", FALSE,
                                             G_STRUCT_OFFSET (BvTypeSwitcher,
                                                              count_labels[BV_EVENT_UNKNOWN]));
  gtk_widget_class_bind_template_child_full (widget_class, "bounce_count", FALSE,
                                             G_STRUCT_OFFSET (BvTypeSwitcher,
                                                              count_labels[BV_EVENT_BOUNCE]));
  gtk_widget_class_bind_template_child_full (widget_class, "deferral_count", FALSE,
                                             G_STRUCT_OFFSET (BvTypeSwitcher,
                                                              count_labels[BV_EVENT_DEFERRAL]));
  gtk_widget_class_bind_template_child_full (widget_class, "delivery_count", FALSE,
                                             G_STRUCT_OFFSET (BvTypeSwitcher,
                                                              count_labels[BV_EVENT_DELIVERY]));
  gtk_widget_class_bind_template_child_full (widget_class, "complaint_count", FALSE,
                                             G_STRUCT_OFFSET (BvTypeSwitcher,
                                                              count_labels[BV_EVENT_COMPLAINT]));
  gtk_widget_class_bind_template_child_full (widget_class, "auto_reply_count", FALSE,
                                             G_STRUCT_OFFSET (BvTypeSwitcher,
                                                              count_labels[BV_EVENT_AUTO_REPLY]));
  gtk_widget_class_bind_template_callback (widget_class, on_button_toggled);

  gtk_widget_class_set_layout_manager_type (widget_class, BV_TYPE_WRAP_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "typeswitcher");
}

static void
bv_type_switcher_init (BvTypeSwitcher *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Linked buttons touch. In a narrow window they go on in a second row. */
  bv_wrap_layout_set_spacing (BV_WRAP_LAYOUT (layout), 0, 6);
}

BvEventType
bv_type_switcher_get_event_type (BvTypeSwitcher *self)
{
  g_return_val_if_fail (BV_IS_TYPE_SWITCHER (self), BV_EVENT_UNKNOWN);

  return self->event_type;
}

void
bv_type_switcher_set_event_type (BvTypeSwitcher *self,
                                 BvEventType     type)
{
  g_return_if_fail (BV_IS_TYPE_SWITCHER (self));
  g_return_if_fail (type < BV_EVENT_N_TYPES);

  if (self->event_type == type)
    return;

  self->event_type = type;
  gtk_toggle_button_set_active (self->buttons[type], TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_TYPE]);
}

/**
 * bv_type_switcher_set_count:
 * @self: a switcher
 * @type: an event type, or %BV_EVENT_UNKNOWN for the button of all types
 * @count: the number to show on its button, or -1 for none
 */
void
bv_type_switcher_set_count (BvTypeSwitcher *self,
                            BvEventType     type,
                            gint64          count)
{
  g_autofree char *text = NULL;

  g_return_if_fail (BV_IS_TYPE_SWITCHER (self));
  g_return_if_fail (type < BV_EVENT_N_TYPES);

  /* The ' flag groups thousands as the locale does. */
  if (count >= 0)
    text = g_strdup_printf ("%'" G_GINT64_FORMAT, count);
  gtk_label_set_text (self->count_labels[type], text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->count_labels[type]), count >= 0);
}
