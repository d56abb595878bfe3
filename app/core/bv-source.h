/* bv-source.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define BV_SOURCE_ERROR (bv_source_error_quark ())

typedef enum
{
  BV_SOURCE_ERROR_NOT_FOUND,
  BV_SOURCE_ERROR_UNREADABLE,
  BV_SOURCE_ERROR_UNSUPPORTED,
  BV_SOURCE_ERROR_NOTMUCH,
  BV_SOURCE_ERROR_NOTMUCH_QUERY,
} BvSourceError;

/**
 * BvSourceKind:
 * @BV_SOURCE_MAILDIR: a Maildir: cur/ and new/, tmp/ ignored, and the
 *   same of its Maildir++ folders (".Name")
 * @BV_SOURCE_MBOX: an mbox file
 * @BV_SOURCE_FILE: one message file
 * @BV_SOURCE_FOLDER: a folder of message files, mbox files and Maildirs
 * @BV_SOURCE_NOTMUCH: the messages a notmuch query finds
 */
typedef enum
{
  BV_SOURCE_MAILDIR,
  BV_SOURCE_MBOX,
  BV_SOURCE_FILE,
  BV_SOURCE_FOLDER,
  BV_SOURCE_NOTMUCH,
} BvSourceKind;

/**
 * BvSourceItem:
 *
 * One message of a source. Items of an mbox carry their bytes, and so
 * do small message files of a folder or a Maildir, which the source has
 * read already. bv_source_item_load() returns the bytes of any item.
 */
typedef struct
{
  char *path;                   /* the file, as given or found inside the given folder */
  guint64 index;                /* 1-based position in an mbox, 0 for a message file */
  guint64 offset;               /* byte offset of the "From " line in an mbox */
  char *notmuch_id;             /* the notmuch message id, or NULL */
  GBytes *data;                 /* the message, when already in memory */
  GError *error;                /* why the path could not be read while listing, or NULL */
} BvSourceItem;

typedef struct _BvSource BvSource;

/* Each kind of source fills this table; bv-source.c has the file kinds,
 * bv-notmuch.c the notmuch one. */
typedef struct _BvStore BvStore;

typedef struct
{
  /* Optional: called by the importer before the first item, with the
   * store it imports into (notmuch reads how far it got last time). */
  gboolean (*prepare)   (BvSource *source, BvStore *store, GError **error);
  gboolean (*next)      (BvSource *source, BvSourceItem *item, GError **error);
  void     (*free)      (BvSource *source);
  /* Optional: called inside the import's last transaction once every
   * item was stored, to remember how far the source was read. */
  gboolean (*finished)  (BvSource *source, BvStore *store, GError **error);
} BvSourceClass;

GQuark        bv_source_error_quark     (void);

BvSource     *bv_source_open            (const char    *path,
                                         GError       **error);
BvSourceKind  bv_source_get_kind        (BvSource      *source);
const char   *bv_source_get_path        (BvSource      *source);
guint64       bv_source_get_total       (BvSource      *source);
void          bv_source_skip_database   (BvSource      *source,
                                         const char    *database_path);
gboolean      bv_source_is_database_file (const char   *database_path,
                                          const char   *path);
void          bv_source_set_total       (BvSource      *source,
                                         guint64        total);
gboolean      bv_source_next            (BvSource      *source,
                                         BvSourceItem  *item,
                                         GError       **error);
void          bv_source_free            (BvSource      *source);

gboolean      bv_source_prepare         (BvSource      *source,
                                         BvStore       *store,
                                         GError       **error);
gboolean      bv_source_finished        (BvSource      *source,
                                         BvStore       *store,
                                         GError       **error);

void          bv_source_item_clear      (BvSourceItem  *item);
GBytes       *bv_source_item_load       (BvSourceItem  *item,
                                         GError       **error);

const char   *bv_source_kind_to_string  (BvSourceKind   kind);
gboolean      bv_source_head_is_mbox    (const char    *head,
                                         gsize          length);

/* For other kinds of source (bv-notmuch.c). */
BvSource     *bv_source_new_custom      (BvSourceKind          kind,
                                         const char           *path,
                                         guint64               total,
                                         const BvSourceClass  *klass,
                                         gpointer              data);
gpointer      bv_source_get_data        (BvSource      *source);

GBytes       *bv_read_file              (const char    *path,
                                         GError       **error);
GBytes       *bv_source_load_message    (const char    *path,
                                         guint64        index,
                                         guint64        offset,
                                         GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BvSource, bv_source_free)

G_END_DECLS
