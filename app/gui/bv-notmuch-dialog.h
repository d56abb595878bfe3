/* bv-notmuch-dialog.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BV_TYPE_NOTMUCH_DIALOG (bv_notmuch_dialog_get_type ())

G_DECLARE_FINAL_TYPE (BvNotmuchDialog, bv_notmuch_dialog, BV, NOTMUCH_DIALOG, AdwMessageDialog)

BvNotmuchDialog *bv_notmuch_dialog_new           (GtkWindow       *parent,
                                                  GSettings       *settings);
char            *bv_notmuch_dialog_dup_database  (BvNotmuchDialog *self);
char            *bv_notmuch_dialog_dup_query     (BvNotmuchDialog *self);
void             bv_notmuch_dialog_set_entries   (BvNotmuchDialog *self,
                                                  const char      *database,
                                                  const char      *query);
void             bv_notmuch_dialog_remember      (BvNotmuchDialog *self);

G_END_DECLS
