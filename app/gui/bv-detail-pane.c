/* bv-detail-pane.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Everything about the selected event: who, which codes and what they
 * mean, why the classifier chose its reason, the server's own text, the
 * MTAs and dates, the returned original and where the report is stored.
 *
 * Every text from a message goes in with gtk_label_set_text() and no
 * label of the template uses markup, so a diagnostic that contains
 * "<b>" or "&" shows those characters. A text too long to lay out
 * promptly is cut (bv_display_text_limit()). A note under the diagnostic
 * then states how much of it is shown, and Copy Diagnostic copies all of
 * it. The buttons are bound to the window's win.* actions, which act on
 * the selected event. */

#define G_LOG_DOMAIN "bounceview-detail-pane"

#include "bv-detail-pane.h"

#include <string.h>

#include <glib/gi18n.h>

#include "bv-classify.h"
#include "bv-codes.h"
#include "bv-display-text.h"

struct _BvDetailPane
{
  GtkWidget parent_instance;

  BvEventItem *item;

  GtkStack *stack;
  GtkLabel *recipient_label;
  GtkLabel *type_label;
  GtkLabel *summary_label;
  GtkWidget *status_row;
  GtkLabel *status_value;
  GtkLabel *status_title;
  GtkLabel *status_explanation;
  GtkWidget *reply_code_row;
  GtkLabel *reply_code_value;
  GtkLabel *reply_code_title;
  GtkLabel *reply_code_explanation;
  GtkWidget *reason_row;
  GtkLabel *reason_value;
  GtkLabel *reason_title;
  GtkLabel *reason_explanation;
  GtkLabel *evidence_value;
  GtkLabel *hard_value;
  GtkWidget *disagree_box;
  GtkWidget *provider_row;
  GtkLabel *provider_value;
  GtkLabel *provider_title;
  GtkLabel *provider_explanation;
  GtkWidget *diagnostic_header;
  GtkLabel *diagnostic_label;
  GtkLabel *diagnostic_cut_label;
  GtkWidget *diagnostic_more_button;
  gboolean diagnostic_cut;      /* the label shows only the start of the diagnostic */
  GtkLabel *action_value;
  GtkLabel *original_recipient_value;
  GtkLabel *remote_mta_value;
  GtkLabel *reporting_mta_value;
  GtkLabel *smtp_command_value;
  GtkLabel *diagnostic_type_value;
  GtkLabel *feedback_type_value;
  GtkLabel *source_ip_value;
  GtkLabel *reported_domain_value;
  GtkLabel *date_value;
  GtkLabel *arrival_date_value;
  GtkLabel *last_attempt_date_value;
  GtkLabel *will_retry_until_value;
  GtkLabel *original_subject_value;
  GtkLabel *original_message_id_value;
  GtkLabel *original_from_value;
  GtkLabel *original_to_value;
  GtkLabel *original_date_value;
  GtkLabel *report_subject_value;
  GtkLabel *report_date_value;
  GtkLabel *source_value;
  GtkLabel *notmuch_id_value;
  GtkWidget *open_button;
  GtkScrolledWindow *scroller;
  GtkWidget *delivery_heading;
  GtkWidget *delivery_facts;
  GtkWidget *returned_heading;
  GtkWidget *returned_facts;
  gint64 shown_id;
};

G_DEFINE_FINAL_TYPE (BvDetailPane, bv_detail_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const type_classes[BV_EVENT_N_TYPES] = {
  [BV_EVENT_UNKNOWN] = "unknown",
  [BV_EVENT_BOUNCE] = "bounce",
  [BV_EVENT_DEFERRAL] = "deferral",
  [BV_EVENT_DELIVERY] = "delivery",
  [BV_EVENT_COMPLAINT] = "complaint",
  [BV_EVENT_AUTO_REPLY] = "auto-reply",
};

/* Shows a section's heading only when one of its rows is visible. */
static void
show_heading_of (GtkWidget *heading,
                 GtkWidget *facts)
{
  gboolean any = FALSE;

  for (GtkWidget *row = gtk_widget_get_first_child (facts);
       row != NULL && !any;
       row = gtk_widget_get_next_sibling (row))
    any = gtk_widget_get_visible (row);

  gtk_widget_set_visible (heading, any);
  gtk_widget_set_visible (facts, any);
}

/* Stops Pango from adding a hyphen where a wrapping label breaks a
 * word: in an address or a Message-ID, a hyphen reads as part of it. */
static void
wrap_without_hyphens (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_wrap (GTK_LABEL (widget)))
    {
      PangoAttrList *attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
      gtk_label_set_attributes (GTK_LABEL (widget), attributes);
      pango_attr_list_unref (attributes);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    wrap_without_hyphens (child);
}

/* Shows @text, cut where bv_display_text_shorten() cuts it. */
static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  g_autofree char *shortened = bv_display_text_shorten (text);

  gtk_label_set_text (label, shortened != NULL ? shortened : "");
}

/* Parts of an address up to this many bytes stay on one line of the
 * heading. At the heading's size, 20 characters take about 240 pixels,
 * less than the narrowest detail pane. */
#define MAX_UNBROKEN_PART 20

/* Shows an address, or "No recipient", in a label that wraps. An
 * address has no space, so Pango would break a long one at any
 * character ("mailbox.exam" / "ple"). Breaks are kept out of the parts
 * between dots and the @, and a line can only end before a '.' or the
 * '@'. */
static void
set_address_text (GtkLabel   *label,
                  const char *address)
{
  PangoAttrList *attributes = pango_attr_list_new ();
  const char *text;
  gsize start = 0;

  /* As wrap_without_hyphens() does for the other labels. */
  pango_attr_list_insert (attributes, pango_attr_insert_hyphens_new (FALSE));
  set_label_text (label, address != NULL ? address : _("No recipient"));
  text = address != NULL ? gtk_label_get_text (label) : "";
  for (gsize i = 1; *text != '\0'; i++)
    {
      if (text[i] == '.' || text[i] == '@' || text[i] == '\0')
        {
          /* A part too long for a line of the pane may still break, so
           * that it does not widen the pane. */
          if (i - start <= MAX_UNBROKEN_PART)
            {
              PangoAttribute *keep = pango_attr_allow_breaks_new (FALSE);

              keep->start_index = start;
              keep->end_index = i;
              pango_attr_list_insert (attributes, keep);
            }
          start = i;
        }
      if (text[i] == '\0')
        break;
    }
  gtk_label_set_attributes (label, attributes);
  pango_attr_list_unref (attributes);
}

/* Diagnostics longer than this, in bytes or in lines, show their first
 * DIAGNOSTIC_LINES lines until Show All is clicked, so that the
 * explanations of the codes stay near the top of the pane. */
#define LONG_DIAGNOSTIC_BYTES 900
#define DIAGNOSTIC_LINES 12

static gboolean
is_long_text (const char *text)
{
  guint lines = 1;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p - text > LONG_DIAGNOSTIC_BYTES)
        return TRUE;
      if (*p == '\n' && ++lines > DIAGNOSTIC_LINES)
        return TRUE;
    }
  return FALSE;
}

/* Shows the first lines of the diagnostic when @folded, else all that
 * the label has, and names what the button does next. The label of a
 * diagnostic that had to be cut has only its start, so unfolding it
 * shows more, not all. */
static void
show_diagnostic_lines (BvDetailPane *self,
                       gboolean      folded)
{
  const char *unfold = self->diagnostic_cut ? _("Show More") : _("Show All");

  gtk_label_set_lines (self->diagnostic_label, folded ? DIAGNOSTIC_LINES : -1);
  gtk_label_set_ellipsize (self->diagnostic_label,
                           folded ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  gtk_button_set_label (GTK_BUTTON (self->diagnostic_more_button),
                        folded ? unfold : _("Show Less"));
}

/* Folds a long diagnostic, with the button to show it all; a short one
 * has no button. */
static void
fold_diagnostic (BvDetailPane *self,
                 gboolean      is_long)
{
  show_diagnostic_lines (self, is_long);
  gtk_widget_set_visible (self->diagnostic_more_button, is_long);
}

static void
on_diagnostic_more_clicked (BvDetailPane *self)
{
  show_diagnostic_lines (self, gtk_label_get_lines (self->diagnostic_label) < 0);
}

/* Shows @text in a label, or hides the label when there is no text. */
static void
set_text (GtkLabel   *label,
          const char *text)
{
  gboolean empty = text == NULL || *text == '\0';

  set_label_text (label, empty ? NULL : text);
  gtk_widget_set_visible (GTK_WIDGET (label), !empty);
}

/* Shows a fact with its name, or hides the row that contains both. */
static void
set_fact (GtkLabel   *value,
          const char *text)
{
  gboolean empty = text == NULL || *text == '\0';

  set_label_text (value, empty ? NULL : text);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (value)), !empty);
}

/* Shows the diagnostic, and under it how much of it is shown when it
 * had to be cut. */
static void
show_diagnostic (BvDetailPane *self,
                 const char   *diagnostic)
{
  g_autofree char *shown_count = NULL;
  g_autofree char *total_count = NULL;
  g_autofree char *note = NULL;
  gsize shown_length = diagnostic != NULL ? bv_display_text_limit (diagnostic) : 0;
  glong n_total;
  glong n_shown;

  set_text (self->diagnostic_label, diagnostic);
  gtk_widget_set_visible (self->diagnostic_header,
                          gtk_widget_get_visible (GTK_WIDGET (self->diagnostic_label)));
  self->diagnostic_cut = diagnostic != NULL && diagnostic[shown_length] != '\0';
  fold_diagnostic (self, diagnostic != NULL && is_long_text (diagnostic));

  if (!self->diagnostic_cut)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->diagnostic_cut_label), FALSE);
      return;
    }

  n_shown = g_utf8_strlen (diagnostic, shown_length);
  n_total = g_utf8_strlen (diagnostic, -1);
  shown_count = g_strdup_printf ("%'ld", n_shown);
  total_count = g_strdup_printf ("%'ld", n_total);
  /* Translators: two numbers of characters, the smaller first */
  note = g_strdup_printf (ngettext ("Only the first %s of %s character is shown. "
                                    "Copy Diagnostic copies all of them, and Show Source "
                                    "shows the whole message.",
                                    "Only the first %s of %s characters are shown. "
                                    "Copy Diagnostic copies all of them, and Show Source "
                                    "shows the whole message.",
                                    n_total),
                          shown_count, total_count);
  gtk_label_set_text (self->diagnostic_cut_label, note);
  gtk_widget_set_visible (GTK_WIDGET (self->diagnostic_cut_label), TRUE);
}

static void
set_date_fact (GtkLabel *value,
               gint64    unix_time)
{
  g_autofree char *text = bv_format_date_exact (unix_time);

  set_fact (value, text);
}

/* Shows a code with the explanation bv_codes_explain_event() gives.
 * The explanation's first line, "5.1.1: Bad destination mailbox
 * address", becomes the title next to the code. */
static void
show_code (GtkWidget  *row,
           GtkLabel   *value,
           GtkLabel   *title,
           GtkLabel   *explanation,
           const char *code,
           const char *text)
{
  g_autofree char *title_text = NULL;
  g_autofree char *body = NULL;
  const char *newline;
  gsize code_length;

  gtk_widget_set_visible (row, code != NULL && *code != '\0');
  if (code == NULL || *code == '\0')
    return;

  set_label_text (value, code);

  code_length = strlen (code);
  newline = text != NULL ? strchr (text, '\n') : NULL;
  if (newline != NULL && strncmp (text, code, code_length) == 0 &&
      strncmp (text + code_length, ": ", 2) == 0)
    {
      title_text = g_strndup (text + code_length + 2, newline - text - code_length - 2);
      body = g_strdup (newline + 1);
    }
  else
    {
      body = g_strdup (text);
    }

  set_text (title, title_text);
  set_text (explanation, body != NULL ? g_strstrip (body) : NULL);
}

static void show_hard_bounce (BvDetailPane  *self,
                              const BvEvent *event);

static void
show_codes (BvDetailPane  *self,
            const BvEvent *event)
{
  g_autofree char *reply_code = NULL;
  g_autofree char *reply_explanation = NULL;
  g_autofree char *status_explanation = NULL;
  g_autofree char *provider_explanation = NULL;
  g_autofree char *provider_code = NULL;

  if (event->reply_code != 0)
    {
      reply_code = g_strdup_printf ("%u", event->reply_code);
      reply_explanation = bv_codes_explain_event (event->reply_code, NULL, NULL);
    }
  if (event->status != NULL)
    status_explanation = bv_codes_explain_event (0, event->status, NULL);
  provider_explanation = bv_codes_explain_providers (event->status, event->diagnostic);
  if (provider_explanation != NULL)
    provider_code = g_strndup (provider_explanation, strcspn (provider_explanation, ":\n"));

  show_code (self->status_row, self->status_value, self->status_title,
             self->status_explanation, event->status, status_explanation);
  show_code (self->reply_code_row, self->reply_code_value, self->reply_code_title,
             self->reply_code_explanation, reply_code, reply_explanation);
  /* The first provider's code and title head the row; the blocks of any
   * other provider follow in its explanation. */
  show_code (self->provider_row, self->provider_value, self->provider_title,
             self->provider_explanation, provider_code, provider_explanation);
  /* A row found by a phrase ("blocked using zen.spamhaus.org") carries
   * the code that the provider usually gives, which this server may not
   * have sent: only a code that the server sent shows. */
  gtk_widget_set_visible (GTK_WIDGET (self->provider_value),
                          provider_code != NULL &&
                          (g_strcmp0 (provider_code, event->status) == 0 ||
                           g_strcmp0 (provider_code, reply_code) == 0 ||
                           (event->diagnostic != NULL &&
                            strstr (event->diagnostic, provider_code) != NULL)));
  show_code (self->reason_row, self->reason_value, self->reason_title,
             self->reason_explanation, event->reason,
             event->reason != NULL ? bv_classify_describe_reason (event->reason) : NULL);

  /* The reason's label is its title. The name next to it is what
   * exports and bounceview-cli print. */
  set_text (self->reason_title, bv_classify_reason_label (event->reason));

  set_fact (self->evidence_value, event->evidence);
  gtk_widget_set_visible (self->disagree_box, event->codes_disagree);
  show_hard_bounce (self, event);
}

/* Shows whether @event is a hard bounce, without a note on later mail. */
static void
show_hard_bounce (BvDetailPane  *self,
                  const BvEvent *event)
{
  const char *hard = NULL;

  /* A bounce with a code of class 4 is a temporary failure that the
   * sending server retried until it gave up. Without this note, the code
   * alone would read as a message still waiting in the queue. */
  if (event->type == BV_EVENT_BOUNCE && event->hard_bounce)
    hard = _("Yes: the address itself is bad, so sending to it again cannot work");
  else if (event->type == BV_EVENT_BOUNCE &&
           ((event->status != NULL && event->status[0] == '4') ||
            (event->status == NULL && event->reply_code / 100 == 4)))
    hard = _("No: the failure was temporary, but the sending server gave up retrying and returned the message. A later message may get through");
  else if (event->type == BV_EVENT_BOUNCE)
    hard = _("No: the address may work again once the cause is fixed");
  set_fact (self->hard_value, hard);
}

static void
show_source (BvDetailPane        *self,
             const BvStoredEvent *stored)
{
  g_autofree char *source = NULL;
  const char *open_tooltip;

  if (stored->source != NULL && stored->source_index > 0)
    /* Translators: %s is a file, %lu the position of the message in it */
    source = g_strdup_printf (_("%s, message %" G_GUINT64_FORMAT " of the mbox"),
                              stored->source, stored->source_index);
  else
    source = g_strdup (stored->source);

  set_fact (self->report_subject_value, stored->report_subject);
  set_date_fact (self->report_date_value, stored->report_date);
  set_fact (self->source_value, source);
  set_fact (self->notmuch_id_value, stored->notmuch_id);

  if (stored->source_index > 0)
    open_tooltip = _("This message is part of an mbox file, which a mail application opens only as a whole. Use Show Source to read it.");
  else
    open_tooltip = _("Open the report in a mail application");
  gtk_widget_set_tooltip_text (self->open_button, open_tooltip);
}

static void
show_item (BvDetailPane *self)
{
  const BvStoredEvent *stored;
  const BvEvent *event;
  g_autofree char *date = NULL;

  if (self->item == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      self->shown_id = 0;
      return;
    }

  stored = bv_event_item_get_stored (self->item);
  event = stored->event;

  set_address_text (self->recipient_label, event->recipient);

  for (guint i = 0; i < BV_EVENT_N_TYPES; i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->type_label), type_classes[i]);
  if (event->type < BV_EVENT_N_TYPES)
    gtk_widget_add_css_class (GTK_WIDGET (self->type_label), type_classes[event->type]);
  gtk_label_set_text (self->type_label, bv_event_type_get_label (event->type));

  date = bv_format_date (stored->date);
  set_text (self->summary_label, date);

  show_codes (self, event);
  show_diagnostic (self, event->diagnostic);

  set_fact (self->action_value, event->action);
  set_fact (self->original_recipient_value, event->original_recipient);
  set_fact (self->remote_mta_value, event->remote_mta);
  set_fact (self->reporting_mta_value, event->reporting_mta);
  set_fact (self->smtp_command_value, event->smtp_command);
  set_fact (self->diagnostic_type_value, event->diagnostic_type);
  set_fact (self->feedback_type_value, event->feedback_type);
  set_fact (self->source_ip_value, event->source_ip);
  set_fact (self->reported_domain_value, event->reported_domain);
  set_date_fact (self->date_value, stored->date);
  set_date_fact (self->arrival_date_value, event->arrival_date);
  set_date_fact (self->last_attempt_date_value, event->last_attempt_date);
  set_date_fact (self->will_retry_until_value, event->will_retry_until);

  set_fact (self->original_subject_value, event->original_subject);
  set_fact (self->original_message_id_value, event->original_message_id);
  set_fact (self->original_from_value, event->original_from);
  set_fact (self->original_to_value, event->original_to);
  set_date_fact (self->original_date_value, event->original_date);

  show_heading_of (self->delivery_heading, self->delivery_facts);
  show_heading_of (self->returned_heading, self->returned_facts);
  show_source (self, stored);

  /* Another event shows from its top. The same event, shown again after
   * a refresh, keeps the scroll position. */
  if (stored->id != self->shown_id)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  self->shown_id = stored->id;

  gtk_stack_set_visible_child_name (self->stack, "event");
}

static void
bv_detail_pane_dispose (GObject *object)
{
  BvDetailPane *self = (BvDetailPane *) object;

  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), BV_TYPE_DETAIL_PANE);

  G_OBJECT_CLASS (bv_detail_pane_parent_class)->dispose (object);
}

static void
bv_detail_pane_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  BvDetailPane *self = BV_DETAIL_PANE (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bv_detail_pane_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  BvDetailPane *self = BV_DETAIL_PANE (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      bv_detail_pane_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, BvDetailPane, name)

static void
bv_detail_pane_class_init (BvDetailPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bv_detail_pane_dispose;
  object_class->get_property = bv_detail_pane_get_property;
  object_class->set_property = bv_detail_pane_set_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL,
                         BV_TYPE_EVENT_ITEM,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/BounceView/bv-detail-pane.ui");
  BIND (stack);
  BIND (recipient_label);
  BIND (type_label);
  BIND (summary_label);
  BIND (status_row);
  BIND (status_value);
  BIND (status_title);
  BIND (status_explanation);
  BIND (reply_code_row);
  BIND (reply_code_value);
  BIND (reply_code_title);
  BIND (reply_code_explanation);
  BIND (reason_row);
  BIND (reason_value);
  BIND (reason_title);
  BIND (reason_explanation);
  BIND (evidence_value);
  BIND (hard_value);
  BIND (disagree_box);
  BIND (provider_row);
  BIND (provider_value);
  BIND (provider_title);
  BIND (provider_explanation);
  BIND (diagnostic_header);
  BIND (diagnostic_label);
  BIND (diagnostic_cut_label);
  BIND (diagnostic_more_button);
  BIND (action_value);
  BIND (original_recipient_value);
  BIND (remote_mta_value);
  BIND (reporting_mta_value);
  BIND (smtp_command_value);
  BIND (diagnostic_type_value);
  BIND (feedback_type_value);
  BIND (source_ip_value);
  BIND (reported_domain_value);
  BIND (date_value);
  BIND (arrival_date_value);
  BIND (last_attempt_date_value);
  BIND (will_retry_until_value);
  BIND (original_subject_value);
  BIND (original_message_id_value);
  BIND (original_from_value);
  BIND (original_to_value);
  BIND (original_date_value);
  BIND (report_subject_value);
  BIND (report_date_value);
  BIND (source_value);
  BIND (notmuch_id_value);
  BIND (open_button);
  BIND (scroller);
  BIND (delivery_heading);
  BIND (delivery_facts);
  BIND (returned_heading);
  BIND (returned_facts);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_callback (widget_class, on_diagnostic_more_clicked);
  gtk_widget_class_set_css_name (widget_class, "detailpane");
}

#undef BIND

static void
bv_detail_pane_init (BvDetailPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  wrap_without_hyphens (GTK_WIDGET (self));
}

BvEventItem *
bv_detail_pane_get_item (BvDetailPane *self)
{
  g_return_val_if_fail (BV_IS_DETAIL_PANE (self), NULL);

  return self->item;
}

/**
 * bv_detail_pane_set_later_mail:
 * @self: a detail pane that shows a hard bounce
 * @type: the delivery notice, automatic reply or complaint that came
 *   after it
 * @date: its date, in Unix time
 *
 * Notes that the address took mail after the bounce shown, as the hard
 * bounces filter counts it: the address works again.
 */
void
bv_detail_pane_set_later_mail (BvDetailPane *self,
                               BvEventType   type,
                               gint64        date)
{
  g_autofree char *day = NULL;
  g_autofree char *text = NULL;

  g_return_if_fail (BV_IS_DETAIL_PANE (self));

  day = bv_format_date_exact (date);
  /* Translators: a date, then an event type such as "Automatic reply" */
  text = g_strdup_printf (_("No longer: the address took mail after this bounce, on %s (%s), so "
                            "it works again"),
                          day, bv_event_type_get_label (type));
  set_fact (self->hard_value, text);
}

/**
 * bv_detail_pane_clear_later_mail:
 * @self: a detail pane
 *
 * Takes back the note of bv_detail_pane_set_later_mail(), after a later
 * hard bounce of the address.
 */
void
bv_detail_pane_clear_later_mail (BvDetailPane *self)
{
  g_return_if_fail (BV_IS_DETAIL_PANE (self));

  if (self->item != NULL)
    show_hard_bounce (self, bv_event_item_get_event (self->item));
}

/**
 * bv_detail_pane_set_item:
 * @self: a detail pane
 * @item: (nullable): the event to show, or %NULL for none
 */
void
bv_detail_pane_set_item (BvDetailPane *self,
                         BvEventItem  *item)
{
  g_return_if_fail (BV_IS_DETAIL_PANE (self));
  g_return_if_fail (item == NULL || BV_IS_EVENT_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  show_item (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
