/* bv-store.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "bv-digest.h"
#include "bv-event.h"

G_BEGIN_DECLS

#define BV_STORE_ERROR (bv_store_error_quark ())

typedef enum
{
  BV_STORE_ERROR_FAILED,
  BV_STORE_ERROR_NOT_A_DATABASE,   /* the file is something else, or damaged */
  BV_STORE_ERROR_CORRUPT,          /* SQLite found the database damaged */
  BV_STORE_ERROR_NEWER_SCHEMA,     /* written by a newer BounceView */
  BV_STORE_ERROR_READ_ONLY,        /* the file or its folder cannot be written */
  BV_STORE_ERROR_FULL,             /* the disk is full */
  BV_STORE_ERROR_BUSY,             /* another program kept the database locked too long */
  BV_STORE_ERROR_CANCELLED,
} BvStoreError;

/* The schema version this build writes (PRAGMA user_version). */
#define BV_STORE_SCHEMA_VERSION 11

typedef enum
{
  BV_STORE_OPEN_DEFAULT = 0,
  BV_STORE_OPEN_READ_ONLY = 1 << 0,  /* never create or change anything */
  BV_STORE_OPEN_MAPPED = 1 << 1,     /* with READ_ONLY: read through a memory map. For a
                                        short-lived reader, because the pages it maps
                                        count in its resident set. */
} BvStoreOpenFlags;

typedef enum
{
  BV_SORT_DATE,
  BV_SORT_RECIPIENT,
  BV_SORT_TYPE,
  BV_SORT_STATUS,
  BV_SORT_REPLY_CODE,
  BV_SORT_REASON,
  BV_SORT_REMOTE_MTA,
  BV_SORT_DIAGNOSTIC,
  BV_SORT_ID,
} BvSortColumn;

/**
 * BvQuery:
 *
 * Filters over stored events; every member left at zero or %NULL
 * matches everything. Filters combine with AND.
 */
typedef struct
{
  const char *recipient;        /* substring of the recipient address, any case */
  BvEventType type;             /* %BV_EVENT_UNKNOWN for any */
  const char *status;           /* prefix of the enhanced status code: "5", "5.1", "5.1.1" */
  guint reply_code;             /* an exact basic reply code */
  const char *reason;           /* an exact reason */
  const char *remote_mta;       /* substring of the remote MTA or of the recipient's domain */
  gint64 since;                 /* events at or after this Unix time */
  gint64 until;                 /* events before this Unix time */
  gboolean hard_only;           /* only hard bounces: addresses that cannot receive mail,
                                 * without those that took mail later */
  BvSortColumn sort;
  gboolean descending;
  gboolean reason_by_label;     /* with %BV_SORT_REASON: in the order of the reasons'
                                 * translated labels, as the window shows them */
} BvQuery;

/**
 * BvStoredEvent:
 *
 * An event as stored, with where it came from.
 */
typedef struct
{
  gint64 id;
  BvEvent *event;
  gint64 date;                  /* the event's date, else the report's date */
  gint64 message_id;            /* row of the report in the messages table */
  char *source;                 /* the file it was read from */
  guint64 source_index;         /* 1-based position in an mbox, else 0 */
  guint64 source_offset;        /* byte offset of the message in an mbox */
  char *notmuch_id;
  char *report_subject;
  gint64 report_date;
} BvStoredEvent;

/**
 * BvMessageRecord:
 *
 * One imported message, whatever it gave.
 */
typedef struct
{
  BvDigest digest;
  const char *source;
  guint64 source_index;
  guint64 source_offset;
  const char *notmuch_id;
  const char *result;           /* "events", "not_bounce" or "failed" */
  const char *error;
  const char *format;
  const char *message_id;
  const char *subject;
  const char *sender;
  gint64 date;
  gint64 received_date;         /* the last fallback of bv_event_get_date(), not stored */
} BvMessageRecord;

typedef enum
{
  BV_STORE_ADDED,
  BV_STORE_DUPLICATE,
} BvStoreAddResult;

typedef struct _BvStore BvStore;

typedef gboolean (*BvStoreEventFunc) (const BvStoredEvent *stored,
                                      gpointer             user_data);
typedef gboolean (*BvStoreRecipientFunc) (gint64       id,
                                          BvEventType  type,
                                          const char  *recipient,
                                          gpointer     user_data);

GQuark            bv_store_error_quark      (void);

char             *bv_store_default_path     (void);
BvStore          *bv_store_open             (const char         *path,
                                             BvStoreOpenFlags    flags,
                                             GError            **error);
void              bv_store_close            (BvStore            *store);
const char       *bv_store_get_path         (BvStore            *store);
gboolean          bv_store_has_exact_digests (BvStore           *store);
gboolean          bv_store_has_row_of_digest (BvStore           *store,
                                              const BvDigest    *digest);
void              bv_store_set_split_min_events (BvStore        *store,
                                                 gint64          min_events);
int               bv_store_get_schema_version (BvStore          *store);

gboolean          bv_store_begin            (BvStore            *store,
                                             GError            **error);
gboolean          bv_store_commit           (BvStore            *store,
                                             GError            **error);
void              bv_store_rollback         (BvStore            *store);

gboolean          bv_store_has_digest       (BvStore            *store,
                                             const BvDigest     *digest,
                                             GError            **error);
gboolean          bv_store_find_later_mail  (BvStore            *store,
                                             const char         *recipient,
                                             gint64              after,
                                             BvEventType        *type,
                                             gint64             *date,
                                             GError            **error);
gboolean          bv_store_find_digest      (BvStore            *store,
                                             const BvDigest     *digest,
                                             char              **source,
                                             guint64            *source_index,
                                             guint64            *source_offset,
                                             GError            **error);
gboolean          bv_store_move_message     (BvStore            *store,
                                             const BvDigest     *digest,
                                             const char         *source,
                                             guint64             source_index,
                                             guint64             source_offset,
                                             GError            **error);
gboolean          bv_store_add_message      (BvStore            *store,
                                             const BvMessageRecord *record,
                                             GPtrArray          *events,
                                             BvStoreAddResult   *result,
                                             GError            **error);

GArray           *bv_store_query_ids        (BvStore            *store,
                                             const BvQuery      *query,
                                             GCancellable       *cancellable,
                                             GError            **error);
gboolean          bv_store_foreach_recipient (BvStore           *store,
                                             gint64              after_id,
                                             BvStoreRecipientFunc func,
                                             gpointer            user_data,
                                             GCancellable       *cancellable,
                                             GError            **error);
guint64           bv_store_count_events     (BvStore            *store,
                                             const BvQuery      *query,
                                             GError            **error);
gboolean          bv_store_count_types      (BvStore            *store,
                                             const BvQuery      *query,
                                             guint64             counts[BV_EVENT_N_TYPES],
                                             GError            **error);
gboolean          bv_store_foreach_event    (BvStore            *store,
                                             const BvQuery      *query,
                                             BvStoreEventFunc    func,
                                             gpointer            user_data,
                                             GError            **error);
GPtrArray        *bv_store_get_events       (BvStore            *store,
                                             const gint64       *ids,
                                             guint               n_ids,
                                             GError            **error);
BvStoredEvent    *bv_store_get_event        (BvStore            *store,
                                             gint64              id,
                                             GError            **error);
GPtrArray        *bv_store_list_values      (BvStore            *store,
                                             const char         *column,
                                             GError            **error);
gboolean          bv_store_count_messages   (BvStore            *store,
                                             guint64            *messages,
                                             guint64            *events,
                                             GError            **error);
gboolean          bv_store_get_data_version (BvStore            *store,
                                             gint64             *version,
                                             GError            **error);

char             *bv_store_get_state        (BvStore            *store,
                                             const char         *key,
                                             GError            **error);
gboolean          bv_store_set_state        (BvStore            *store,
                                             const char         *key,
                                             const char         *value,
                                             GError            **error);

void              bv_stored_event_free      (BvStoredEvent      *stored);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BvStore, bv_store_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BvStoredEvent, bv_stored_event_free)

G_END_DECLS
