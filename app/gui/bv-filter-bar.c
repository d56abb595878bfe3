/* bv-filter-bar.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The filters beyond recipient and type: status class and enhanced code
 * prefix, reply code, reason, hard bounces only, remote MTA or domain,
 * and a date range, either days picked on calendars or a quick range
 * such as the last 7 days.
 * They wrap into more rows when the window is narrow (BvWrapLayout).
 * The bar emits ::changed when the filters it stands for change, and
 * bv_filter_bar_apply() writes them into a BvQuery. */

#define G_LOG_DOMAIN "bounceview-filter-bar"

#include "bv-filter-bar.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bv-classify.h"
#include "bv-wrap-layout.h"

/* Typing in the remote MTA entry starts a query after this pause, in
 * milliseconds: a substring match on that column reads the whole table. */
#define REMOTE_DELAY_MS 300

/* A start of the date range counted back from the time the filters are
 * applied, and again at each refresh of the list: after an import, and
 * each minute (BvFilterBar::range-moved, bv_filter_bar_get_moving_since()). */
typedef struct
{
  const char *name;             /* the target of the filter.date-range action */
  const char *label;            /* shown on since_button */
  GTimeSpan span;               /* how far back from now, or 0 for midnight on 1 January */
} QuickRange;

static const QuickRange quick_ranges[] = {
  { "last-24-hours", N_("Last 24 Hours"), 24 * G_TIME_SPAN_HOUR },
  { "last-7-days", N_("Last 7 Days"), 7 * G_TIME_SPAN_DAY },
  { "last-30-days", N_("Last 30 Days"), 30 * G_TIME_SPAN_DAY },
  { "this-year", N_("This Year"), 0 },
};

struct _BvFilterBar
{
  GtkWidget parent_instance;

  GtkDropDown *class_dropdown;
  GtkEntry *status_entry;
  GtkEntry *reply_code_entry;
  GtkDropDown *reason_dropdown;
  GtkToggleButton *hard_button;
  GtkStringList *reason_list;   /* "Any reason", then the labels of offered_reasons */
  GPtrArray *offered_reasons;   /* (element-type utf8) the reason of each item after the first */
  GtkEntry *remote_entry;
  GtkMenuButton *since_button;
  GtkCalendar *since_calendar;
  GtkEntry *since_entry;
  GtkMenuButton *until_button;
  GtkCalendar *until_calendar;
  GtkEntry *until_entry;
  GtkButton *clear_button;      /* runs win.clear-filters */

  /* The filters in effect. */
  char *status;
  guint reply_code;
  char *reason;
  gboolean hard_only;
  char *remote;
  const QuickRange *quick_range; /* the quick range in effect, never set with since_day */
  GDateTime *since_day;
  GDateTime *until_day;

  guint remote_timeout;
  guint range_clock;            /* while a quick range is in effect */
  gboolean updating;            /* set while the bar changes its own widgets */
  gboolean class_follows_code;  /* the class was set from the code prefix, not by the user */
  guint class_before_code;      /* with class_follows_code: the class the user had chosen */
};

G_DEFINE_FINAL_TYPE (BvFilterBar, bv_filter_bar, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  RANGE_MOVED,
  N_SIGNALS
};

/* How often a quick range such as the last 24 hours moves its start up
 * to the clock, in seconds: a window left open shows no stale range. */
#define RANGE_CLOCK_SECONDS 60

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_DATE_RANGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Positions in class_dropdown. */
enum {
  CLASS_ANY,
  CLASS_TEMPORARY,
  CLASS_PERMANENT,
};

/* Accepts "5", "5.", "5.1", "5.1." and "5.1.1" with classes 2, 4 and 5
 * and up to three digits in the other parts (RFC 3463, section 2). The
 * class is one digit, so a reply code such as "550" is rejected. */
static gboolean
is_status_prefix (const char *text)
{
  guint parts = 1;
  guint digits = 0;

  if (text[0] != '2' && text[0] != '4' && text[0] != '5')
    return FALSE;
  if (text[1] != '\0' && text[1] != '.')
    return FALSE;

  for (const char *p = text + 1; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (p[-1] == '.' || ++parts > 3)
            return FALSE;
          digits = 0;
        }
      else if (g_ascii_isdigit (*p))
        {
          if (++digits > 3)
            return FALSE;
        }
      else
        {
          return FALSE;
        }
    }
  return TRUE;
}

/* The query takes a prefix of whole parts, "5.1" for 5.1.x: drop a
 * final dot the user typed. */
static char *
status_query_prefix (const char *text)
{
  char *prefix = g_strdup (text);
  gsize length = strlen (prefix);

  if (length > 0 && prefix[length - 1] == '.')
    prefix[length - 1] = '\0';
  return prefix;
}

static void
set_error (GtkWidget *widget,
           gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");
}

/* Marks a filter control valid or not, and explains it in its tooltip
 * and to screen readers, which do not show tooltips. */
static void
set_control_state (GtkWidget  *widget,
                 gboolean    invalid,
                 const char *explanation)
{
  set_error (widget, invalid);
  gtk_widget_set_tooltip_text (widget, explanation);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  explanation, -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                               invalid ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
emit_changed (BvFilterBar *self)
{
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
set_class (BvFilterBar *self,
           guint        klass)
{
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->class_dropdown, klass);
  self->updating = FALSE;
}

/* Reads the status widgets. A valid code prefix wins over the class and
 * moves the class drop-down to its class; when the prefix is erased, a
 * class that only followed it goes back to the one the user had chosen.
 * A prefix of the class that the user chose leaves the class theirs. */
static void
update_status (BvFilterBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->status_entry));
  g_autofree char *status = NULL;
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  gboolean invalid;
  guint klass;

  invalid = *trimmed != '\0' && !is_status_prefix (trimmed);
  set_control_state (GTK_WIDGET (self->status_entry), invalid,
                   invalid ? _("Not an enhanced status code. Enter one such as 5.1.1, or its start such as 5.7. A reply code such as 550 goes in the Reply field.")
                           : _("Enhanced status code or its start, such as 5.7 or 5.1.1"));

  if (*trimmed != '\0' && is_status_prefix (trimmed))
    {
      guint code_class = trimmed[0] == '4' ? CLASS_TEMPORARY :
                         trimmed[0] == '5' ? CLASS_PERMANENT : CLASS_ANY;
      guint selected_class = gtk_drop_down_get_selected (self->class_dropdown);

      status = status_query_prefix (trimmed);
      if (code_class != selected_class)
        {
          if (!self->class_follows_code)
            self->class_before_code = selected_class;
          set_class (self, code_class);
          self->class_follows_code = TRUE;
        }
    }
  else if (self->class_follows_code)
    {
      set_class (self, self->class_before_code);
      self->class_follows_code = FALSE;
    }

  klass = gtk_drop_down_get_selected (self->class_dropdown);
  if (status == NULL && klass == CLASS_TEMPORARY)
    status = g_strdup ("4");
  else if (status == NULL && klass == CLASS_PERMANENT)
    status = g_strdup ("5");

  if (g_strcmp0 (status, self->status) == 0)
    return;

  g_free (self->status);
  self->status = g_steal_pointer (&status);
  emit_changed (self);
}

static void
on_class_selected (BvFilterBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->status_entry));
  guint klass = gtk_drop_down_get_selected (self->class_dropdown);

  if (self->updating)
    return;

  self->class_follows_code = FALSE;

  /* A class that contradicts the code prefix clears the prefix. */
  if (*text != '\0' &&
      ((klass == CLASS_TEMPORARY && text[0] != '4') ||
       (klass == CLASS_PERMANENT && text[0] != '5') ||
       klass == CLASS_ANY))
    {
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->status_entry), "");
      self->updating = FALSE;
    }
  update_status (self);
}

static void
on_status_changed (BvFilterBar *self)
{
  if (!self->updating)
    update_status (self);
}

/* Whether @text is one or two digits that a reply code can start with:
 * "5" and "55" on the way to "550". */
static gboolean
is_reply_code_start (const char *text)
{
  gsize length = strlen (text);

  return (length == 1 || length == 2) && text[0] >= '2' && text[0] <= '5' &&
         (length == 1 || g_ascii_isdigit (text[1]));
}

/* Reads the reply code entry. A code still being typed filters nothing,
 * and is marked as invalid only once the entry has lost the focus
 * (@typing FALSE). */
static void
update_reply_code (BvFilterBar *self,
                   gboolean     typing)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->reply_code_entry));
  guint64 value = 0;
  gboolean valid = *text == '\0' ||
                   (g_ascii_string_to_unsigned (text, 10, 200, 599, &value, NULL) &&
                    strlen (text) == 3);
  gboolean invalid = !valid && !(typing && is_reply_code_start (text));

  set_control_state (GTK_WIDGET (self->reply_code_entry), invalid,
                   !invalid ? _("SMTP reply code, such as 550")
                            : _("Not a reply code. Enter three digits, such as 550. An enhanced status code such as 5.7 goes in the Status field."));
  if (!valid)
    value = 0;

  if (self->reply_code == value)
    return;

  self->reply_code = value;
  emit_changed (self);
}

static void
on_reply_code_changed (BvFilterBar *self)
{
  update_reply_code (self, TRUE);
}

static void
on_reply_code_focus_left (BvFilterBar *self)
{
  update_reply_code (self, FALSE);
}

static void
on_reason_selected (BvFilterBar *self)
{
  guint position = gtk_drop_down_get_selected (self->reason_dropdown);
  const char *reason = NULL;

  /* Position 0 is "Any reason". */
  if (position != GTK_INVALID_LIST_POSITION && position > 0 &&
      position <= self->offered_reasons->len)
    reason = g_ptr_array_index (self->offered_reasons, position - 1);

  if (self->updating || g_strcmp0 (reason, self->reason) == 0)
    return;

  g_free (self->reason);
  self->reason = g_strdup (reason);
  emit_changed (self);
}

static void
on_hard_toggled (BvFilterBar *self)
{
  gboolean active = gtk_toggle_button_get_active (self->hard_button);

  if (self->updating || active == self->hard_only)
    return;

  self->hard_only = active;
  emit_changed (self);
}

static gboolean
apply_remote (gpointer user_data)
{
  BvFilterBar *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->remote_entry));
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  self->remote_timeout = 0;

  if (g_strcmp0 (trimmed, self->remote != NULL ? self->remote : "") == 0)
    return G_SOURCE_REMOVE;

  g_free (self->remote);
  self->remote = *trimmed != '\0' ? g_steal_pointer (&trimmed) : NULL;
  emit_changed (self);
  return G_SOURCE_REMOVE;
}

static void
on_remote_changed (BvFilterBar *self)
{
  if (self->updating)
    return;

  g_clear_handle_id (&self->remote_timeout, g_source_remove);
  self->remote_timeout = g_timeout_add (REMOTE_DELAY_MS, apply_remote, self);
}

static void
on_remote_activate (BvFilterBar *self)
{
  g_clear_handle_id (&self->remote_timeout, g_source_remove);
  apply_remote (self);
}

static void
set_day_label (GtkMenuButton *button,
               GDateTime     *day,
               gboolean       is_start)
{
  g_autofree char *date = NULL;
  g_autofree char *label = NULL;

  if (day == NULL)
    {
      gtk_menu_button_set_label (button, is_start ? _("From Any Date") : _("To Any Date"));
      return;
    }

  date = g_date_time_format (day, "%Y-%m-%d");
  /* Translators: %s is a date, 2024-06-11 */
  label = g_strdup_printf (is_start ? _("From %s") : _("To %s"), date);
  gtk_menu_button_set_label (button, label);
}

static gboolean
on_range_clock (gpointer user_data)
{
  BvFilterBar *self = user_data;

  g_signal_emit (self, signals[RANGE_MOVED], 0);
  return G_SOURCE_CONTINUE;
}

/* Writes the date filters on the date buttons. A quick range ends now,
 * so its name alone is the whole range and the end button hides. */
static void
show_date_filters (BvFilterBar *self)
{
  if (self->quick_range != NULL)
    gtk_menu_button_set_label (self->since_button, _(self->quick_range->label));
  else
    set_day_label (self->since_button, self->since_day, TRUE);

  set_day_label (self->until_button, self->until_day, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->until_button), self->quick_range == NULL);

  /* A start after the end matches nothing: both days are marked. */
  {
    gboolean reversed = self->quick_range == NULL && self->since_day != NULL &&
                        self->until_day != NULL &&
                        g_date_time_compare (self->since_day, self->until_day) > 0;

    set_error (GTK_WIDGET (self->since_button), reversed);
    set_control_state (GTK_WIDGET (self->until_button), reversed,
                     reversed ? _("This day is before the start of the range, so no event matches. Choose a later day.")
                              : _("Show events on or before this day"));
  }

  /* The state of filter.date-range, which marks the range in effect. */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE_RANGE]);

  if (self->quick_range != NULL && self->range_clock == 0)
    self->range_clock = g_timeout_add_seconds (RANGE_CLOCK_SECONDS, on_range_clock, self);
  else if (self->quick_range == NULL)
    g_clear_handle_id (&self->range_clock, g_source_remove);
}

/* The start of @range at this moment, in the local time zone. */
static GDateTime *
quick_range_start (const QuickRange *range)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (range->span == 0)
    return g_date_time_new_local (g_date_time_get_year (now), 1, 1, 0, 0, 0);
  return g_date_time_add (now, -range->span);
}

static GDateTime *
calendar_day (GtkCalendar *calendar)
{
  g_autoptr(GDateTime) selected = gtk_calendar_get_date (calendar);

  /* Midnight in the local time zone of the day the user picked. */
  return g_date_time_new_local (g_date_time_get_year (selected),
                                g_date_time_get_month (selected),
                                g_date_time_get_day_of_month (selected),
                                0, 0, 0);
}

static void on_until_day_selected (BvFilterBar *self);

static void
on_since_day_selected (BvFilterBar *self)
{
  self->quick_range = NULL;
  g_clear_pointer (&self->since_day, g_date_time_unref);
  self->since_day = calendar_day (self->since_calendar);

  /* With no end chosen yet, the end's calendar opens at the start. */
  if (self->until_day == NULL)
    {
      g_signal_handlers_block_by_func (self->until_calendar, on_until_day_selected, self);
      gtk_calendar_select_day (self->until_calendar, self->since_day);
      g_signal_handlers_unblock_by_func (self->until_calendar, on_until_day_selected, self);
    }
  show_date_filters (self);
  gtk_menu_button_popdown (self->since_button);
  emit_changed (self);
}

static void
on_until_day_selected (BvFilterBar *self)
{
  g_clear_pointer (&self->until_day, g_date_time_unref);
  self->until_day = calendar_day (self->until_calendar);
  show_date_filters (self);
  gtk_menu_button_popdown (self->until_button);
  emit_changed (self);
}

/* Reads a day typed as YYYY-MM-DD, with a year of four digits from 1970
 * on ("26-03-10" is rejected), as midnight in the local time zone, the
 * form calendar_day() gives. Returns NULL for anything else. */
static GDateTime *
parse_typed_day (const char *text)
{
  int year, month, day;
  int year_end = 0;
  char tail;

  while (g_ascii_isspace (*text))
    text++;
  if (sscanf (text, "%4d%n-%2d-%2d %c", &year, &year_end, &month, &day, &tail) != 3 ||
      year_end != 4 || year < 1970 || !g_date_valid_dmy (day, month, year))
    return NULL;
  return g_date_time_new_local (year, month, day, 0, 0, 0);
}

/* Selects the day typed into @entry on @calendar, without its signal.
 * Returns FALSE, and marks the entry, when the text is not a valid day. */
static gboolean
select_typed_day (BvFilterBar *self,
                  GtkEntry    *entry,
                  GtkCalendar *calendar,
                  GCallback    handler)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GDateTime) day = NULL;

  /* Enter in an empty entry changes nothing. */
  if (text[strspn (text, " \t")] == '\0')
    return FALSE;
  day = parse_typed_day (text);
  if (day == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_error_bell (GTK_WIDGET (entry));
      return FALSE;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_signal_handlers_block_by_func (calendar, handler, self);
  gtk_calendar_select_day (calendar, day);
  g_signal_handlers_unblock_by_func (calendar, handler, self);
  return TRUE;
}

/* A mark of a day that is not valid goes once the text changes. */
static void
on_day_entry_changed (GtkEditable *entry)
{
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
}

/* The start's popover opens with the focus in its entry, as the end's
 * does, so that a day can be typed at once. */
static void
on_since_popover_show (BvFilterBar *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->since_entry));
}

/* A day typed but not confirmed with Enter is dropped, so that the entry
 * never shows another day than the filter. */
static void
on_date_popover_closed (BvFilterBar *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->since_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->until_entry), "");
}

static void
on_since_entry_activate (BvFilterBar *self)
{
  if (select_typed_day (self, self->since_entry, self->since_calendar,
                        G_CALLBACK (on_since_day_selected)))
    on_since_day_selected (self);
}

static void
on_until_entry_activate (BvFilterBar *self)
{
  if (select_typed_day (self, self->until_entry, self->until_calendar,
                        G_CALLBACK (on_until_day_selected)))
    on_until_day_selected (self);
}

/* The name of the start of the date range for filter.date-range: a
 * quick range, "any", or "" for a day picked on the calendar. */
static const char *
date_range_name (BvFilterBar *self)
{
  if (self->quick_range != NULL)
    return self->quick_range->name;
  return self->since_day == NULL ? "any" : "";
}

/* Sets the start of the date range for the filter.date-range action.
 * "any" clears the start and keeps an end day, and the name of a quick
 * range makes that range the whole date range. */
static void
set_date_range (BvFilterBar *self,
                const char  *name)
{
  const QuickRange *range = NULL;

  /* "" stands for a calendar day, which only the calendar sets. */
  if (name == NULL || *name == '\0')
    return;

  for (guint i = 0; i < G_N_ELEMENTS (quick_ranges); i++)
    {
      if (strcmp (quick_ranges[i].name, name) == 0)
        range = &quick_ranges[i];
    }

  if (range == NULL && strcmp (name, "any") != 0)
    {
      g_critical ("Invalid target “%s” of filter.date-range", name);
      return;
    }

  gtk_menu_button_popdown (self->since_button);
  if (range == self->quick_range && self->since_day == NULL &&
      (range == NULL || self->until_day == NULL))
    return;

  self->quick_range = range;
  g_clear_pointer (&self->since_day, g_date_time_unref);
  if (range != NULL)
    g_clear_pointer (&self->until_day, g_date_time_unref);
  show_date_filters (self);
  emit_changed (self);
}

static void
on_until_clear_clicked (BvFilterBar *self)
{
  gtk_menu_button_popdown (self->until_button);
  if (self->until_day == NULL)
    return;

  g_clear_pointer (&self->until_day, g_date_time_unref);
  show_date_filters (self);
  emit_changed (self);
}

static void
bv_filter_bar_dispose (GObject *object)
{
  BvFilterBar *self = (BvFilterBar *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->remote_timeout, g_source_remove);
  g_clear_handle_id (&self->range_clock, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), BV_TYPE_FILTER_BAR);

  /* dispose_template() unparents only the children the class binds. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (bv_filter_bar_parent_class)->dispose (object);
}

static void
bv_filter_bar_finalize (GObject *object)
{
  BvFilterBar *self = (BvFilterBar *) object;

  g_free (self->status);
  g_free (self->reason);
  g_clear_pointer (&self->offered_reasons, g_ptr_array_unref);
  g_free (self->remote);
  g_clear_pointer (&self->since_day, g_date_time_unref);
  g_clear_pointer (&self->until_day, g_date_time_unref);

  G_OBJECT_CLASS (bv_filter_bar_parent_class)->finalize (object);
}

static void
bv_filter_bar_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BvFilterBar *self = BV_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_DATE_RANGE:
      g_value_set_string (value, date_range_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bv_filter_bar_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BvFilterBar *self = BV_FILTER_BAR (object);

  switch (prop_id)
    {
    case PROP_DATE_RANGE:
      set_date_range (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bv_filter_bar_class_init (BvFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bv_filter_bar_dispose;
  object_class->finalize = bv_filter_bar_finalize;
  object_class->get_property = bv_filter_bar_get_property;
  object_class->set_property = bv_filter_bar_set_property;

  /**
   * BvFilterBar:date-range:
   *
   * The start of the date range: the name of a quick range such as
   * "last-7-days", "any", or "" for a day picked on the calendar.
   */
  properties[PROP_DATE_RANGE] =
    g_param_spec_string ("date-range", NULL, NULL, "any",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BvFilterBar::changed:
   * @self: the bar
   *
   * Emitted when a filter changed; read them with bv_filter_bar_apply().
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * BvFilterBar::range-moved:
   * @self: the bar
   *
   * Emitted each minute while a quick range such as the last 24 hours is
   * in effect: its start, which bv_filter_bar_get_moving_since() gives,
   * has moved with the clock.
   */
  signals[RANGE_MOVED] =
    g_signal_new ("range-moved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/BounceView/bv-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, class_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, status_entry);
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, reply_code_entry);
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, hard_button);
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, reason_list);
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, remote_entry);
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, since_button);
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, since_calendar);
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, since_entry);
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, until_entry);
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, until_button);
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, clear_button);
  gtk_widget_class_bind_template_child (widget_class, BvFilterBar, until_calendar);
  gtk_widget_class_bind_template_callback (widget_class, on_class_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_status_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reply_code_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_hard_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_remote_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_remote_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_since_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_since_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_until_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_day_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_since_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_date_popover_closed);
  gtk_widget_class_bind_template_callback (widget_class, on_until_day_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_until_clear_clicked);

  /* Its state names the range in effect, so the popover marks it. */
  gtk_widget_class_install_property_action (widget_class, "filter.date-range", "date-range");

  gtk_widget_class_set_layout_manager_type (widget_class, BV_TYPE_WRAP_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "filterbar");
}

/* Returns the first widget of @type at or below @widget, or NULL. */
static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A button's tooltip would cover the first entries of its open popover,
 * so it shows only while the popover is closed. A popover with a search
 * entry, as the reason list has, takes typing in that entry at once. */
static void
on_popover_visible (GtkWidget  *popover,
                    GParamSpec *pspec,
                    GtkWidget  *button)
{
  gtk_widget_set_has_tooltip (button, !gtk_widget_get_visible (popover));
}

/* On map, after the popover has given the focus to its own first child. */
static void
on_popover_mapped (GtkWidget *popover)
{
  GtkWidget *search = find_descendant (popover, GTK_TYPE_SEARCH_ENTRY);

  if (search != NULL && gtk_widget_get_visible (search))
    gtk_widget_grab_focus (search);
}

/* Watches the popover of @button: a menu button's, or the one that a
 * drop-down keeps among its children (GTK 4.8 gives no getter). */
static void
watch_popover (GtkWidget *button)
{
  GtkWidget *popover = NULL;

  if (GTK_IS_MENU_BUTTON (button))
    popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  for (GtkWidget *child = gtk_widget_get_first_child (button);
       child != NULL && popover == NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_POPOVER (child))
        popover = child;
    }

  if (popover != NULL)
    {
      g_signal_connect_object (popover, "notify::visible", G_CALLBACK (on_popover_visible),
                               button, 0);
      g_signal_connect (popover, "map", G_CALLBACK (on_popover_mapped), NULL);
    }
}


/* A drop-down's search in GTK 4.8 matches the start of each item only;
 * GTK 4.12 added the property that changes it (search-match-mode).
 * "full" should find "Mailbox full": the filter that the drop-down
 * keeps in its list's model is set to match anywhere. */
static void
search_anywhere (GtkDropDown *dropdown)
{
  GtkWidget *list = find_descendant (GTK_WIDGET (dropdown), GTK_TYPE_LIST_VIEW);
  GListModel *model = list != NULL ? G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list))) : NULL;
  GtkFilter *filter;

  if (GTK_IS_SINGLE_SELECTION (model))
    model = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model));
  if (!GTK_IS_FILTER_LIST_MODEL (model))
    return;
  filter = gtk_filter_list_model_get_filter (GTK_FILTER_LIST_MODEL (model));
  if (GTK_IS_STRING_FILTER (filter))
    gtk_string_filter_set_match_mode (GTK_STRING_FILTER (filter),
                                      GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
}

static void
setup_class_label (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  width_chars)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_width_chars (GTK_LABEL (label), GPOINTER_TO_INT (width_chars));
  gtk_list_item_set_child (list_item, label);
}

static void
bind_class_label (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkStringObject *item = gtk_list_item_get_item (list_item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                      gtk_string_object_get_string (item));
}

/* Gives the status class drop-down the width of its longest choice, so
 * that picking another does not move the entries beside it under the
 * pointer. */
static void
keep_class_width (BvFilterBar *self)
{
  GListModel *choices = gtk_drop_down_get_model (self->class_dropdown);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  int width_chars = 0;

  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    {
      g_autoptr(GtkStringObject) choice = g_list_model_get_item (choices, i);

      width_chars = MAX (width_chars, (int) g_utf8_strlen (gtk_string_object_get_string (choice), -1));
    }

  g_signal_connect (factory, "setup", G_CALLBACK (setup_class_label), GINT_TO_POINTER (width_chars));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_class_label), NULL);
  gtk_drop_down_set_factory (self->class_dropdown, factory);
}

/* Returns the text that the reason drop-down's search matches. It is
 * the item's label followed by the name of its reason, as the detail
 * pane and `bounceview-cli list --reason` write it, so that
 * "userunknown" finds "Unknown user". bv_filter_bar_set_reasons() sets
 * the names. */
static char *
reason_search_text (GtkStringObject *item,
                    gpointer         user_data)
{
  const char *label = gtk_string_object_get_string (item);
  const char *reason = g_object_get_data (G_OBJECT (item), "bv-reason");

  return reason != NULL ? g_strconcat (label, " ", reason, NULL) : g_strdup (label);
}

/* Gives the reason drop-down a search that also matches reason names.
 * Its items then need a factory of their own, because without one the
 * drop-down would show the search text as the label. */
static void
search_reason_names (BvFilterBar *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkExpression *expression;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_class_label), GINT_TO_POINTER (-1));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_class_label), NULL);
  gtk_drop_down_set_factory (self->reason_dropdown, factory);

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (reason_search_text), NULL, NULL);
  gtk_drop_down_set_expression (self->reason_dropdown, expression);
  gtk_expression_unref (expression);
}

static void
bv_filter_bar_init (BvFilterBar *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkEventController *focus;

  self->offered_reasons = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  bv_wrap_layout_set_spacing (BV_WRAP_LAYOUT (layout), 6, 6);
  watch_popover (GTK_WIDGET (self->since_button));
  watch_popover (GTK_WIDGET (self->until_button));
  watch_popover (GTK_WIDGET (self->class_dropdown));
  watch_popover (GTK_WIDGET (self->reason_dropdown));
  search_reason_names (self);

  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (on_reply_code_focus_left), self);
  gtk_widget_add_controller (GTK_WIDGET (self->reply_code_entry), focus);
  search_anywhere (self->reason_dropdown);
  keep_class_width (self);

  show_date_filters (self);
}

/**
 * bv_filter_bar_apply:
 * @self: a filter bar
 * @query: (inout): the query to set the bar's filters in
 *
 * Sets the status, reply code, reason, hard bounce, remote MTA and date
 * members of @query. Its strings belong to @self and stay valid until the next
 * ::changed. A quick range, such as the last 7 days, is counted back
 * from the time of this call.
 */
void
bv_filter_bar_apply (BvFilterBar *self,
                     BvQuery     *query)
{
  g_return_if_fail (BV_IS_FILTER_BAR (self));
  g_return_if_fail (query != NULL);

  query->status = self->status;
  query->reply_code = self->reply_code;
  query->reason = self->reason;
  query->hard_only = self->hard_only;
  query->remote_mta = self->remote;
  query->since = 0;
  if (self->quick_range != NULL)
    {
      g_autoptr(GDateTime) start = quick_range_start (self->quick_range);

      query->since = g_date_time_to_unix (start);
    }
  else if (self->since_day != NULL)
    {
      query->since = g_date_time_to_unix (self->since_day);
    }

  query->until = 0;
  if (self->until_day != NULL)
    {
      g_autoptr(GDateTime) next_day = g_date_time_add_days (self->until_day, 1);

      query->until = g_date_time_to_unix (next_day);
    }
}

/**
 * bv_filter_bar_get_moving_since:
 * @self: a filter bar
 * @since: (out): the start of the quick range at this moment, in Unix time
 *
 * Gives the start of a quick range such as the last 24 hours, which
 * moves with the clock.
 *
 * Returns: %TRUE when a quick range is in effect
 */
gboolean
bv_filter_bar_get_moving_since (BvFilterBar *self,
                                gint64      *since)
{
  g_autoptr(GDateTime) start = NULL;

  g_return_val_if_fail (BV_IS_FILTER_BAR (self), FALSE);

  if (self->quick_range == NULL)
    return FALSE;
  start = quick_range_start (self->quick_range);
  *since = g_date_time_to_unix (start);
  return TRUE;
}

/**
 * bv_filter_bar_is_active:
 * @self: a filter bar
 *
 * Returns: %TRUE when any of the bar's filters is set
 */
gboolean
bv_filter_bar_is_active (BvFilterBar *self)
{
  g_return_val_if_fail (BV_IS_FILTER_BAR (self), FALSE);

  return self->status != NULL || self->reply_code != 0 || self->reason != NULL ||
         self->hard_only || self->remote != NULL || self->quick_range != NULL || self->since_day != NULL ||
         self->until_day != NULL;
}

/**
 * bv_filter_bar_clear:
 * @self: a filter bar
 *
 * Resets every filter of the bar, emitting ::changed once if any was set.
 */
void
bv_filter_bar_clear (BvFilterBar *self)
{
  gboolean was_active;

  g_return_if_fail (BV_IS_FILTER_BAR (self));

  was_active = bv_filter_bar_is_active (self);

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->class_dropdown, CLASS_ANY);
  gtk_editable_set_text (GTK_EDITABLE (self->status_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reply_code_entry), "");
  gtk_drop_down_set_selected (self->reason_dropdown, 0);
  gtk_toggle_button_set_active (self->hard_button, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->remote_entry), "");
  self->updating = FALSE;

  g_clear_handle_id (&self->remote_timeout, g_source_remove);
  g_clear_pointer (&self->status, g_free);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->remote, g_free);
  self->quick_range = NULL;
  g_clear_pointer (&self->since_day, g_date_time_unref);
  g_clear_pointer (&self->until_day, g_date_time_unref);
  self->reply_code = 0;
  self->hard_only = FALSE;
  self->class_follows_code = FALSE;
  set_error (GTK_WIDGET (self->status_entry), FALSE);
  set_error (GTK_WIDGET (self->reply_code_entry), FALSE);
  show_date_filters (self);

  if (was_active)
    emit_changed (self);
}

/* A reason's label, or the reason itself when this version does not
 * know it, as a newer version may store. */
static const char *
reason_label (const char *reason)
{
  const char *label = bv_classify_reason_label (reason);

  return label != NULL ? label : reason;
}

static int
compare_reason_labels (gconstpointer a,
                       gconstpointer b)
{
  return g_utf8_collate (reason_label (*(const char * const *) a),
                         reason_label (*(const char * const *) b));
}

/**
 * bv_filter_bar_set_reasons:
 * @self: a filter bar
 * @reasons: (nullable) (element-type utf8): the reasons to offer
 *
 * Fills the reason drop-down with the reasons' labels, sorted, keeping
 * the chosen reason when it is still offered.
 */
void
bv_filter_bar_set_reasons (BvFilterBar *self,
                           GPtrArray   *reasons)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  guint n_old;
  guint selected = 0;

  g_return_if_fail (BV_IS_FILTER_BAR (self));

  g_ptr_array_set_size (self->offered_reasons, 0);
  for (guint i = 0; reasons != NULL && i < reasons->len; i++)
    g_ptr_array_add (self->offered_reasons, g_strdup (g_ptr_array_index (reasons, i)));
  g_ptr_array_sort (self->offered_reasons, compare_reason_labels);

  g_ptr_array_add (labels, (gpointer) _("Any reason"));
  for (guint i = 0; i < self->offered_reasons->len; i++)
    {
      const char *reason = g_ptr_array_index (self->offered_reasons, i);

      if (g_strcmp0 (reason, self->reason) == 0)
        selected = labels->len;
      g_ptr_array_add (labels, (gpointer) reason_label (reason));
    }
  g_ptr_array_add (labels, NULL);

  self->updating = TRUE;
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->reason_list));
  gtk_string_list_splice (self->reason_list, 0, n_old, (const char * const *) labels->pdata);
  for (guint i = 0; i < self->offered_reasons->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->reason_list), i + 1);

      g_object_set_data_full (item, "bv-reason",
                              g_strdup (g_ptr_array_index (self->offered_reasons, i)), g_free);
    }
  gtk_drop_down_set_selected (self->reason_dropdown, selected);
  self->updating = FALSE;

  /* The chosen reason is no longer stored: stop filtering by it. */
  if (self->reason != NULL && selected == 0)
    {
      g_clear_pointer (&self->reason, g_free);
      emit_changed (self);
    }
}

/**
 * bv_filter_bar_set_reason:
 * @self: a filter bar
 * @reason: (nullable): a reason offered in the drop-down, such as
 *   "userunknown", or %NULL for any
 *
 * Chooses a reason as the user would.
 */
void
bv_filter_bar_set_reason (BvFilterBar *self,
                          const char  *reason)
{
  g_return_if_fail (BV_IS_FILTER_BAR (self));

  for (guint i = 0; i < self->offered_reasons->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->offered_reasons, i), reason) == 0)
        {
          gtk_drop_down_set_selected (self->reason_dropdown, i + 1);
          return;
        }
    }
  gtk_drop_down_set_selected (self->reason_dropdown, 0);
}

/**
 * bv_filter_bar_set_status:
 * @self: a filter bar
 * @status: a status code prefix, "" for any
 *
 * Types into the status code entry as the user would.
 */
void
bv_filter_bar_set_status (BvFilterBar *self,
                          const char  *status)
{
  g_return_if_fail (BV_IS_FILTER_BAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->status_entry), status);
}

/**
 * bv_filter_bar_set_remote:
 * @self: a filter bar
 * @remote: a substring of the remote MTA or the domain, "" for any
 *
 * Types into the remote MTA entry and presses Enter, as the user would.
 */
void
bv_filter_bar_set_remote (BvFilterBar *self,
                          const char  *remote)
{
  g_return_if_fail (BV_IS_FILTER_BAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->remote_entry), remote);
  on_remote_activate (self);
}
