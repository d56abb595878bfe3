/* bv-notmuch.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* TODO: the notmuch import source is being written. */

#define G_LOG_DOMAIN "bounceview-notmuch"

#include "bv-notmuch.h"

#include <glib/gi18n-lib.h>

const char *
bv_notmuch_default_query (void)
{
  return "*";
}

char *
bv_notmuch_default_database (GError **error)
{
  g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH, _("notmuch import is not available yet"));
  return NULL;
}

BvSource *
bv_notmuch_source_new (const char  *database_path,
                       const char  *query,
                       GError     **error)
{
  g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH, _("notmuch import is not available yet"));
  return NULL;
}
