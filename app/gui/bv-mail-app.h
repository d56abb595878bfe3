/* bv-mail-app.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The content type that Open in Mail App looks up handlers for. */
#define BV_MAIL_APP_CONTENT_TYPE "message/rfc822"

GAppInfo   *bv_mail_app_choose     (const char *content_type,
                                    const char *own_id);

G_END_DECLS
