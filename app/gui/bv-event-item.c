/* bv-event-item.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One row of the event list: a stored event, with the texts its columns
 * show as read-only properties. Items are made only for rows that are
 * fetched, a page at a time. The list reuses the items of its first
 * rows for the events a new query puts there (bv_event_item_set_stored()),
 * so that the view keeps their row widgets; ::changed tells the cells. */

#define G_LOG_DOMAIN "bounceview-event-item"

#include "bv-event-item.h"

#include <string.h>

#include <glib/gi18n.h>

/* The diagnostic column shows at most this many characters. */
#define EXCERPT_LENGTH 160

struct _BvEventItem
{
  GObject parent_instance;

  BvStoredEvent *stored;
};

G_DEFINE_FINAL_TYPE (BvEventItem, bv_event_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DATE_TEXT,
  PROP_RECIPIENT,
  PROP_TYPE_TEXT,
  PROP_STATUS,
  PROP_REPLY_CODE_TEXT,
  PROP_REASON,
  PROP_REMOTE_MTA,
  PROP_DIAGNOSTIC_EXCERPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * bv_event_type_get_label:
 * @type: an event type
 *
 * Returns: (transfer none): the translated, singular name of @type
 */
const char *
bv_event_type_get_label (BvEventType type)
{
  switch (type)
    {
    case BV_EVENT_BOUNCE:
      return _("Bounce");
    case BV_EVENT_DEFERRAL:
      return _("Deferral");
    case BV_EVENT_DELIVERY:
      return _("Delivery");
    case BV_EVENT_COMPLAINT:
      return _("Complaint");
    case BV_EVENT_AUTO_REPLY:
      return _("Auto-reply");
    case BV_EVENT_UNKNOWN:
    case BV_EVENT_N_TYPES:
    default:
      return _("Unknown");
    }
}

/**
 * bv_format_date:
 * @unix_time: seconds since the epoch, or 0
 *
 * Returns: (transfer full) (nullable): the date and time in the local
 *   time zone, "2024-06-11 09:04", or %NULL for 0
 */
static char *
format_local (gint64      unix_time,
              const char *format)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (unix_time == 0)
    return NULL;

  utc = g_date_time_new_from_unix_utc (unix_time);
  if (utc == NULL)
    return NULL;

  local = g_date_time_to_local (utc);
  return g_date_time_format (local, format);
}

char *
bv_format_date (gint64 unix_time)
{
  return format_local (unix_time, "%Y-%m-%d %H:%M");
}

/**
 * bv_format_date_exact:
 * @unix_time: seconds since the epoch, or 0
 *
 * Formats a date for the detail pane, with the seconds and the time
 * zone, so that it can be compared with a mail server's logs.
 *
 * Returns: (transfer full) (nullable): the date and time in the local
 *   time zone, "2024-06-11 09:04:27 CEST", or %NULL for 0
 */
char *
bv_format_date_exact (gint64 unix_time)
{
  return format_local (unix_time, "%Y-%m-%d %H:%M:%S %Z");
}

static void
bv_event_item_finalize (GObject *object)
{
  BvEventItem *self = (BvEventItem *) object;

  g_clear_pointer (&self->stored, bv_stored_event_free);

  G_OBJECT_CLASS (bv_event_item_parent_class)->finalize (object);
}

static void
bv_event_item_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BvEventItem *self = BV_EVENT_ITEM (object);
  const BvEvent *event = self->stored->event;

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->stored->id);
      break;

    case PROP_DATE_TEXT:
      g_value_take_string (value, bv_event_item_dup_date_text (self));
      break;

    case PROP_RECIPIENT:
      g_value_set_string (value, event->recipient);
      break;

    case PROP_TYPE_TEXT:
      g_value_set_string (value, bv_event_item_get_type_text (self));
      break;

    case PROP_STATUS:
      g_value_set_string (value, event->status);
      break;

    case PROP_REPLY_CODE_TEXT:
      g_value_take_string (value, bv_event_item_dup_reply_code_text (self));
      break;

    case PROP_REASON:
      g_value_set_string (value, event->reason);
      break;

    case PROP_REMOTE_MTA:
      g_value_set_string (value, event->remote_mta);
      break;

    case PROP_DIAGNOSTIC_EXCERPT:
      g_value_take_string (value, bv_event_item_dup_diagnostic_excerpt (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bv_event_item_class_init (BvEventItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = bv_event_item_finalize;
  object_class->get_property = bv_event_item_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DATE_TEXT] =
    g_param_spec_string ("date-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_RECIPIENT] =
    g_param_spec_string ("recipient", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TYPE_TEXT] =
    g_param_spec_string ("type-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REPLY_CODE_TEXT] =
    g_param_spec_string ("reply-code-text", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REMOTE_MTA] =
    g_param_spec_string ("remote-mta", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DIAGNOSTIC_EXCERPT] =
    g_param_spec_string ("diagnostic-excerpt", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BvEventItem::changed:
   * @self: the item
   *
   * Emitted when the item shows another event; every property changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
bv_event_item_init (BvEventItem *self)
{
}

/**
 * bv_event_item_new:
 * @stored: (transfer full): the event
 *
 * Returns: (transfer full): a new item
 */
BvEventItem *
bv_event_item_new (BvStoredEvent *stored)
{
  BvEventItem *self;

  g_return_val_if_fail (stored != NULL, NULL);
  g_return_val_if_fail (stored->event != NULL, NULL);

  self = g_object_new (BV_TYPE_EVENT_ITEM, NULL);
  self->stored = stored;
  return self;
}

/**
 * bv_event_item_set_stored:
 * @self: an item
 * @stored: (transfer full): the event the item shows from now on
 *
 * Replaces the item's event and emits ::changed.
 */
void
bv_event_item_set_stored (BvEventItem   *self,
                          BvStoredEvent *stored)
{
  g_return_if_fail (BV_IS_EVENT_ITEM (self));
  g_return_if_fail (stored != NULL && stored->event != NULL);

  g_clear_pointer (&self->stored, bv_stored_event_free);
  self->stored = stored;
  g_signal_emit (self, signals[CHANGED], 0);
}

gint64
bv_event_item_get_id (BvEventItem *self)
{
  g_return_val_if_fail (BV_IS_EVENT_ITEM (self), 0);

  return self->stored->id;
}

const BvStoredEvent *
bv_event_item_get_stored (BvEventItem *self)
{
  g_return_val_if_fail (BV_IS_EVENT_ITEM (self), NULL);

  return self->stored;
}

const BvEvent *
bv_event_item_get_event (BvEventItem *self)
{
  g_return_val_if_fail (BV_IS_EVENT_ITEM (self), NULL);

  return self->stored->event;
}

char *
bv_event_item_dup_date_text (BvEventItem *self)
{
  g_return_val_if_fail (BV_IS_EVENT_ITEM (self), NULL);

  return bv_format_date (self->stored->date);
}

const char *
bv_event_item_get_type_text (BvEventItem *self)
{
  g_return_val_if_fail (BV_IS_EVENT_ITEM (self), NULL);

  return bv_event_type_get_label (self->stored->event->type);
}

char *
bv_event_item_dup_reply_code_text (BvEventItem *self)
{
  g_return_val_if_fail (BV_IS_EVENT_ITEM (self), NULL);

  if (self->stored->event->reply_code == 0)
    return NULL;
  return g_strdup_printf ("%u", self->stored->event->reply_code);
}

/**
 * bv_event_item_dup_diagnostic_excerpt:
 * @self: an item
 *
 * The reply code and the status code that open the text are left out
 * when they are the event's own, which the Reply and Status columns
 * show beside it: the column has room for the server's words. A sort by
 * this column still orders by the whole text, codes first, so rows with
 * the same codes stay together.
 *
 * Returns: (transfer full) (nullable): the start of the diagnostic text
 *   on one line, every run of white space made one space
 */
char *
bv_event_item_dup_diagnostic_excerpt (BvEventItem *self)
{
  const BvEvent *event;
  const char *diagnostic;
  GString *excerpt;
  gboolean in_space = FALSE;
  guint n_chars = 0;

  g_return_val_if_fail (BV_IS_EVENT_ITEM (self), NULL);

  event = self->stored->event;
  diagnostic = event->diagnostic;
  if (diagnostic == NULL)
    return NULL;

  {
    const char *p = diagnostic;
    char reply[8];

    g_snprintf (reply, sizeof reply, "%u", event->reply_code);
    if (event->reply_code != 0 && strncmp (p, reply, 3) == 0 && (p[3] == ' ' || p[3] == '-'))
      p += 4;
    if (event->status != NULL && strncmp (p, event->status, strlen (event->status)) == 0 &&
        p[strlen (event->status)] == ' ')
      p += strlen (event->status) + 1;
    /* And the separator after them: "5.1.2 - Bad destination host". */
    while (p != diagnostic && (*p == ' ' || *p == '-' || *p == ':'))
      p++;
    /* Only codes: they stay. */
    if (p != diagnostic && *p != '\0')
      diagnostic = p;
  }

  excerpt = g_string_new (NULL);
  for (const char *p = diagnostic; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          in_space = excerpt->len > 0;
          continue;
        }

      if (n_chars >= EXCERPT_LENGTH)
        {
          g_string_append (excerpt, "…");
          break;
        }

      if (in_space)
        {
          g_string_append_c (excerpt, ' ');
          n_chars++;
          in_space = FALSE;
        }
      g_string_append_unichar (excerpt, c);
      n_chars++;
    }

  return g_string_free (excerpt, FALSE);
}
