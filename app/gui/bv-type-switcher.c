/* bv-type-switcher.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A row of linked toggle buttons, one per event type and one for all,
 * each with the number of events of its type that the other filters
 * leave. Where the row does not fit, a menu button with the same
 * choices takes its place. */

#define G_LOG_DOMAIN "bounceview-type-switcher"

#include "bv-type-switcher.h"

#include <adwaita.h>
#include <glib/gi18n.h>

struct _BvTypeSwitcher
{
  GtkWidget parent_instance;

  GtkToggleButton *buttons[BV_EVENT_N_TYPES];
  GtkLabel *count_labels[BV_EVENT_N_TYPES];
  GtkBox *row;
  GtkMenuButton *compact_button;
  GtkLabel *compact_name;
  GtkLabel *compact_count;

  GMenu *menu;
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

/* The label with the name on the button of @type. */
static GtkLabel *
name_label (BvTypeSwitcher *self,
            BvEventType     type)
{
  GtkWidget *box = gtk_button_get_child (GTK_BUTTON (self->buttons[type]));

  return GTK_LABEL (gtk_widget_get_first_child (box));
}

/* The name on the button of @type, with its mnemonic: "_Bounces". */
static const char *
type_name (BvTypeSwitcher *self,
           BvEventType     type)
{
  return gtk_label_get_label (name_label (self, type));
}

/* Fills the compact button's menu and label from the buttons of the
 * row, so that both show the same names and numbers. */
static void
update_compact_button (BvTypeSwitcher *self)
{
  GtkLabel *current = self->count_labels[self->event_type];
  g_autoptr(GEnumClass) types = g_type_class_ref (BV_TYPE_EVENT_TYPE);

  g_menu_remove_all (self->menu);
  for (guint type = 0; type < BV_EVENT_N_TYPES; type++)
    {
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;
      GtkLabel *count = self->count_labels[type];

      if (gtk_widget_get_visible (GTK_WIDGET (count)))
        /* Translators: an item of the menu of event types in a narrow
         * window: the type's name and its number of events, "Bounces (434)". */
        label = g_strdup_printf (_("%s (%s)"), type_name (self, type), gtk_label_get_text (count));
      else
        label = g_strdup (type_name (self, type));

      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "switcher.event-type", "s",
                                         g_enum_get_value (types, type)->value_nick);
      g_menu_append_item (self->menu, item);
    }

  gtk_label_set_text_with_mnemonic (self->compact_name, type_name (self, self->event_type));
  gtk_label_set_text (self->compact_count, gtk_label_get_text (current));
  gtk_widget_set_visible (GTK_WIDGET (self->compact_count),
                          gtk_widget_get_visible (GTK_WIDGET (current)));
}

/* The button's tooltip would cover the top of its open menu. */
static void
on_menu_visible (GtkWidget  *popover,
                 GParamSpec *pspec,
                 GtkWidget  *button)
{
  gtk_widget_set_has_tooltip (button, !gtk_widget_get_visible (popover));
}

/* While the menu button replaces the row, the mnemonics of the
 * row's buttons (Alt+B for "_Bounces") still choose their types. */
static gboolean
on_type_mnemonic (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  BvTypeSwitcher *self = BV_TYPE_SWITCHER (widget);

  if (gtk_widget_get_mapped (GTK_WIDGET (self->row)))
    return FALSE;

  bv_type_switcher_set_event_type (self, GPOINTER_TO_UINT (user_data));
  return TRUE;
}

static void
add_compact_mnemonics (BvTypeSwitcher *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint type = 0; type < BV_EVENT_N_TYPES; type++)
    {
      guint keyval = gtk_label_get_mnemonic_keyval (name_label (self, type));

      if (keyval == GDK_KEY_VoidSymbol)
        continue;
      gtk_shortcut_controller_add_shortcut (
        GTK_SHORTCUT_CONTROLLER (controller),
        gtk_shortcut_new (gtk_mnemonic_trigger_new (keyval),
                          gtk_callback_action_new (on_type_mnemonic, GUINT_TO_POINTER (type), NULL)));
    }
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

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
  BvTypeSwitcher *self = BV_TYPE_SWITCHER (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), BV_TYPE_TYPE_SWITCHER);
  g_clear_object (&self->menu);

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

  gtk_widget_class_bind_template_child (widget_class, BvTypeSwitcher, row);
  gtk_widget_class_bind_template_child (widget_class, BvTypeSwitcher, compact_button);
  gtk_widget_class_bind_template_child (widget_class, BvTypeSwitcher, compact_name);
  gtk_widget_class_bind_template_child (widget_class, BvTypeSwitcher, compact_count);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  g_type_ensure (ADW_TYPE_SQUEEZER);
  gtk_widget_class_set_css_name (widget_class, "typeswitcher");
}

static void
bv_type_switcher_init (BvTypeSwitcher *self)
{
  g_autoptr(GSimpleActionGroup) actions = g_simple_action_group_new ();
  g_autoptr(GPropertyAction) action = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The menu's items set the "event-type" property by its nick. */
  action = g_property_action_new ("event-type", self, "event-type");
  g_action_map_add_action (G_ACTION_MAP (actions), G_ACTION (action));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "switcher", G_ACTION_GROUP (actions));

  add_compact_mnemonics (self);

  self->menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->compact_button, G_MENU_MODEL (self->menu));
  g_signal_connect_object (gtk_menu_button_get_popover (self->compact_button), "notify::visible",
                           G_CALLBACK (on_menu_visible), self->compact_button, 0);
  update_compact_button (self);
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
  update_compact_button (self);
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
  update_compact_button (self);
}
