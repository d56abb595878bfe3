/* bv-mail-app.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The application that Open in Mail App launches. BounceView's desktop
 * file registers message/rfc822 and application/mbox so that files can
 * be opened with it, so it can be the default handler of a message, or
 * the only one. Launching it would import the message again, so it is
 * never chosen. */

#define G_LOG_DOMAIN "bounceview-mail-app"

#include "bv-mail-app.h"

static gboolean
is_own_app (GAppInfo   *info,
            const char *own_id)
{
  return g_strcmp0 (g_app_info_get_id (info), own_id) == 0;
}

/**
 * bv_mail_app_choose:
 * @content_type: the content type of the file to open, such as
 *   %BV_MAIL_APP_CONTENT_TYPE
 * @own_id: the desktop file id of BounceView, such as
 *   "com.example.BounceView.desktop"
 *
 * Chooses the application that opens a file of @content_type: the
 * default handler unless it is @own_id, or else the first other
 * application that registers @content_type itself. Applications that
 * only register a parent type, such as text editors for text/plain, are
 * not taken in place of a mail application.
 *
 * Returns: (transfer full) (nullable): the application, or %NULL when
 *   no application other than @own_id handles @content_type
 */
GAppInfo *
bv_mail_app_choose (const char *content_type,
                    const char *own_id)
{
  g_autoptr(GAppInfo) default_app = NULL;
  GList *recommended;
  GAppInfo *chosen = NULL;

  g_return_val_if_fail (content_type != NULL, NULL);
  g_return_val_if_fail (own_id != NULL, NULL);

  default_app = g_app_info_get_default_for_type (content_type, FALSE);
  if (default_app != NULL && !is_own_app (default_app, own_id))
    return g_steal_pointer (&default_app);

  recommended = g_app_info_get_recommended_for_type (content_type);
  for (GList *l = recommended; l != NULL && chosen == NULL; l = l->next)
    {
      if (!is_own_app (l->data, own_id))
        chosen = g_object_ref (l->data);
    }
  g_list_free_full (recommended, g_object_unref);

  if (chosen == NULL)
    g_debug ("No application other than %s opens %s", own_id, content_type);
  return chosen;
}
