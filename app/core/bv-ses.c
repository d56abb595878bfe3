/* bv-ses.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Amazon SES notifications: bounce, complaint and delivery events that
 * SES publishes as JSON, mailed by Amazon SNS to an email subscription.
 * The JSON is the body of the mail, followed by SNS's unsubscribe text. */

#define G_LOG_DOMAIN "bounceview-decoder"

#include "bv-decoder-private.h"
#include "bv-textscan.h"

#include <json-glib/json-glib.h>
#include <string.h>

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;
  node = json_object_get_member (object, name);
  return JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* SES writes "dns; host" as DSNs do; the event keeps the host. */
static void
set_mta (char       **field,
         const char  *value)
{
  const char *semicolon = value != NULL ? strchr (value, ';') : NULL;

  bv_set_string (field, semicolon != NULL ? semicolon + 1 : value);
}

static void
set_message_id (char       **field,
                const char  *value)
{
  if (value != NULL && value[0] == '<')
    {
      g_autofree char *bare = g_strndup (value + 1, strcspn (value + 1, ">"));

      bv_set_string (field, bare);
    }
  else
    {
      bv_set_string (field, value);
    }
}

static void
fill_common (BvReport   *report,
             BvEvent    *event,
             JsonObject *mail)
{
  JsonObject *headers = member_object (mail, "commonHeaders");
  JsonArray *from = member_array (headers, "from");

  set_message_id (&event->original_message_id, member_string (headers, "messageId"));
  if (event->original_message_id == NULL)
    set_message_id (&event->original_message_id, member_string (mail, "messageId"));
  bv_set_string (&event->original_subject, member_string (headers, "subject"));
  if (from != NULL && json_array_get_length (from) > 0)
    {
      JsonNode *node = json_array_get_element (from, 0);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        bv_set_string (&event->original_from, json_node_get_string (node));
    }
  event->original_date = bv_parse_date (member_string (headers, "date"));
}

/* SES writes timestamps in ISO 8601 ("2016-01-29T03:09:02.372Z"). */
static gint64
parse_timestamp (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return 0;
  dt = g_date_time_new_from_iso8601 (text, utc);
  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

static void
add_bounces (BvReport   *report,
             JsonObject *bounce,
             JsonObject *mail)
{
  JsonArray *recipients = member_array (bounce, "bouncedRecipients");
  const char *bounce_type = member_string (bounce, "bounceType");
  gboolean transient = g_strcmp0 (bounce_type, "Transient") == 0;
  gint64 when = parse_timestamp (member_string (bounce, "timestamp"));

  for (guint i = 0; recipients != NULL && i < json_array_get_length (recipients); i++)
    {
      JsonObject *item = json_array_get_object_element (recipients, i);
      const char *diagnostic = member_string (item, "diagnosticCode");
      const char *status = member_string (item, "status");
      BvEvent *event;

      if (item == NULL)
        continue;

      event = bv_report_add_event (report, transient ? BV_EVENT_DEFERRAL : BV_EVENT_BOUNCE);
      bv_take_string (&event->recipient, bv_address_normalize (member_string (item, "emailAddress")));
      bv_set_string (&event->action, member_string (item, "action"));
      set_mta (&event->reporting_mta, member_string (bounce, "reportingMTA"));
      event->last_attempt_date = when;

      if (diagnostic != NULL)
        {
          const char *semicolon = strchr (diagnostic, ';');
          g_autofree char *text_status = NULL;

          if (semicolon != NULL && semicolon - diagnostic < 16)
            {
              g_autofree char *type = g_strndup (diagnostic, semicolon - diagnostic);

              bv_set_string (&event->diagnostic_type, g_strstrip (type));
              diagnostic = semicolon + 1;
            }
          bv_set_string (&event->diagnostic, diagnostic);
          bv_scan_codes (event->diagnostic, strlen (event->diagnostic), &event->reply_code,
                         &text_status);
          if (status == NULL || (text_status != NULL && text_status[0] == status[0]))
            status = NULL, bv_set_string (&event->status, text_status);
        }
      if (event->status == NULL && status != NULL)
        bv_set_string (&event->status, status);

      fill_common (report, event, mail);
    }
}

static void
add_complaints (BvReport   *report,
                JsonObject *complaint,
                JsonObject *mail)
{
  JsonArray *recipients = member_array (complaint, "complainedRecipients");
  const char *type = member_string (complaint, "complaintFeedbackType");

  for (guint i = 0; recipients != NULL && i < json_array_get_length (recipients); i++)
    {
      JsonObject *item = json_array_get_object_element (recipients, i);
      BvEvent *event;

      if (item == NULL)
        continue;

      event = bv_report_add_event (report, BV_EVENT_COMPLAINT);
      bv_take_string (&event->recipient, bv_address_normalize (member_string (item, "emailAddress")));
      bv_set_string (&event->feedback_type, type != NULL ? type : "abuse");
      event->arrival_date = parse_timestamp (member_string (complaint, "arrivalDate"));
      fill_common (report, event, mail);
    }
}

static void
add_deliveries (BvReport   *report,
                JsonObject *delivery,
                JsonObject *mail)
{
  JsonArray *recipients = member_array (delivery, "recipients");
  const char *response = member_string (delivery, "smtpResponse");

  for (guint i = 0; recipients != NULL && i < json_array_get_length (recipients); i++)
    {
      JsonNode *node = json_array_get_element (recipients, i);
      BvEvent *event;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;

      event = bv_report_add_event (report, BV_EVENT_DELIVERY);
      bv_take_string (&event->recipient, bv_address_normalize (json_node_get_string (node)));
      bv_set_string (&event->action, "delivered");
      set_mta (&event->reporting_mta, member_string (delivery, "reportingMTA"));
      bv_set_string (&event->remote_mta, member_string (delivery, "remoteMtaIp"));
      event->last_attempt_date = parse_timestamp (member_string (delivery, "timestamp"));
      if (response != NULL)
        {
          bv_set_string (&event->diagnostic, response);
          bv_scan_codes (response, strlen (response), &event->reply_code, &event->status);
        }
      fill_common (report, event, mail);
    }
}

/**
 * bv_ses_decode:
 * @report: a report whose text may be an SES notification
 *
 * Returns: %TRUE when the text held a bounce, complaint or delivery
 *   notification with at least one recipient
 */
gboolean
bv_ses_decode (BvReport *report)
{
  const char *text = report->text->str;
  const char *open, *close;
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *object, *mail;
  const char *kind;
  guint before = report->events->len;
  g_autoptr(GError) error = NULL;

  /* JSON keys are case-sensitive; inside an SNS envelope the quotes of
   * the notification's keys are escaped. */
  if (strstr (text, "notificationType\\\"") == NULL && strstr (text, "notificationType\"") == NULL &&
      strstr (text, "eventType\\\"") == NULL && strstr (text, "eventType\"") == NULL)
    return FALSE;

  open = strchr (text, '{');
  close = strrchr (text, '}');
  if (open == NULL || close == NULL || close < open)
    return FALSE;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, open, close - open + 1, &error))
    {
      g_debug ("Text that names an SES notification is no JSON: %s", error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  object = json_node_get_object (root);

  /* An SNS envelope carries the notification as a string in "Message".
   * Loading it frees the envelope, which owns the string: copy it first. */
  if (member_string (object, "Message") != NULL && member_string (object, "notificationType") == NULL)
    {
      g_autofree char *inner = g_strdup (member_string (object, "Message"));

      if (!json_parser_load_from_data (parser, inner, -1, NULL))
        return FALSE;
      root = json_parser_get_root (parser);
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        return FALSE;
      object = json_node_get_object (root);
    }

  kind = member_string (object, "notificationType");
  if (kind == NULL)
    kind = member_string (object, "eventType");
  mail = member_object (object, "mail");

  if (g_strcmp0 (kind, "Bounce") == 0)
    add_bounces (report, member_object (object, "bounce"), mail);
  else if (g_strcmp0 (kind, "Complaint") == 0)
    add_complaints (report, member_object (object, "complaint"), mail);
  else if (g_strcmp0 (kind, "Delivery") == 0)
    add_deliveries (report, member_object (object, "delivery"), mail);

  if (report->events->len == before)
    return FALSE;

  report->format = "ses";
  return TRUE;
}
