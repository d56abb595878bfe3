/* bv-importer.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The import pipeline. One reader thread walks the sources and queues
 * items; worker threads, one a processor, read each message, compute
 * its digest, skip it when the database has it already and decode it
 * otherwise; the thread that runs the import writes the results from one
 * connection in large transactions. Items and results move between the
 * threads in chunks, so that locking a queue and waking a thread costs
 * once per chunk rather than once per message. Both queues are bounded,
 * so memory stays flat however large the sources are. Each transaction
 * holds whole messages with all their events: a killed import leaves
 * every message either stored completely or not at all, and the next
 * import stores the rest. */

#define G_LOG_DOMAIN "bounceview-importer"

#include "bv-importer.h"
#include "bv-decoder.h"
#include "bv-digest.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* A transaction ends after this many messages or this much time,
 * whichever comes first: large enough to be fast, small enough that the
 * window sees new events while a long import runs. Each commit writes
 * every index page the transaction touched to the WAL, and new events
 * land on random pages of the recipient, diagnostic, remote MTA and date
 * indexes. On 100,000 synthetic reports (bench-scale.sh, 2 processors),
 * commits of 10,000 messages instead of 2,000 cut the system time of
 * the import from 2.7 s to 1.8 s. */
#define BATCH_MESSAGES 10000
#define BATCH_USECONDS (2 * G_USEC_PER_SEC)

/* The maximum number of items in a chunk. With one queue lock and one
 * wake-up per message, an import of 9,520 messages switched threads
 * about 18,000 times and spent a sixth of its CPU time in the kernel;
 * with chunks of 16 it switched about 1,500 times (GNU time, 2
 * processors). */
#define CHUNK_SIZE 16

/* The maximum number of chunks in a queue, so at most 32 * 16 = 512
 * messages wait in each queue. */
#define QUEUE_LENGTH 32

typedef struct
{
  GMutex mutex;
  GCond not_empty;
  GCond not_full;
  GQueue items;                 /* (element-type GPtrArray) chunks */
  guint max_length;
  gboolean closed;              /* no more pushes; pops drain, then return NULL */
} BoundedQueue;

typedef struct
{
  BvSourceItem item;
  BvSource *source;             /* the source it came from, for its end marker */
  guint64 n_items;              /* in an end marker: the items the source handed out */
} WorkItem;

typedef enum
{
  RESULT_DECODED,
  RESULT_KNOWN,                 /* the digest is in the database already */
  RESULT_MOVED,                 /* known, but its file was moved from where it was stored */
  RESULT_UNREADABLE,
  RESULT_SOURCE_DONE,           /* the source handed out its last item */
} ResultKind;

typedef struct
{
  ResultKind kind;
  BvSourceItem item;
  BvSource *source;
  guint64 n_items;              /* for RESULT_SOURCE_DONE */
  BvDigest digest;
  BvDecodeResult *decoded;
  char *error;
} WorkResult;

/* How far the writer got with one source. Results come back from the
 * workers in any order, so a source's end marker may overtake its last
 * items; the source counts as finished once both are in. */
typedef struct
{
  guint64 written;
  guint64 expected;
  gboolean marker_seen;
  gboolean finished;
} SourceProgress;

struct _BvImporter
{
  char *database_path;
  GPtrArray *sources;           /* (element-type BvSource) */
  guint n_workers;

  BvImportProgressFunc progress_func;
  gpointer progress_data;

  GMutex lock;                  /* guards counts and failures */
  BvImportCounts counts;
  GPtrArray *failures;          /* (element-type BvImportFailure) */

  /* While running. */
  BoundedQueue work;            /* chunks of WorkItem */
  BoundedQueue results;         /* chunks of WorkResult */
  GCancellable *cancellable;
  gint stop;                    /* set when the writer gives up */
  gboolean check_known;         /* look up each digest before decoding */
  guint64 pending_events;       /* events of the open transaction, counted once committed */
  gint workers_left;
};

static void
queue_init (BoundedQueue *queue,
            guint         max_length)
{
  g_mutex_init (&queue->mutex);
  g_cond_init (&queue->not_empty);
  g_cond_init (&queue->not_full);
  g_queue_init (&queue->items);
  queue->max_length = max_length;
  queue->closed = FALSE;
}

static void
queue_clear (BoundedQueue *queue)
{
  g_mutex_clear (&queue->mutex);
  g_cond_clear (&queue->not_empty);
  g_cond_clear (&queue->not_full);
}

static void
queue_push (BoundedQueue *queue,
            gpointer      data)
{
  g_mutex_lock (&queue->mutex);
  while (queue->items.length >= queue->max_length && !queue->closed)
    g_cond_wait (&queue->not_full, &queue->mutex);
  g_queue_push_tail (&queue->items, data);
  g_cond_signal (&queue->not_empty);
  g_mutex_unlock (&queue->mutex);
}

static gpointer
queue_pop (BoundedQueue *queue)
{
  gpointer data;

  g_mutex_lock (&queue->mutex);
  while (queue->items.length == 0 && !queue->closed)
    g_cond_wait (&queue->not_empty, &queue->mutex);
  data = g_queue_pop_head (&queue->items);
  g_cond_signal (&queue->not_full);
  g_mutex_unlock (&queue->mutex);
  return data;
}

/* Wakes everyone waiting; pushes after this never block. */
static void
queue_close (BoundedQueue *queue)
{
  g_mutex_lock (&queue->mutex);
  queue->closed = TRUE;
  g_cond_broadcast (&queue->not_empty);
  g_cond_broadcast (&queue->not_full);
  g_mutex_unlock (&queue->mutex);
}

static void
work_result_free (WorkResult *result)
{
  bv_source_item_clear (&result->item);
  g_clear_pointer (&result->decoded, bv_decode_result_free);
  g_free (result->error);
  g_free (result);
}

static void
failure_free (gpointer data)
{
  BvImportFailure *failure = data;

  g_free (failure->path);
  g_free (failure->reason);
  g_free (failure);
}

/**
 * bv_importer_new:
 * @database_path: the database to import into
 *
 * Returns: (transfer full): a new importer with no sources
 */
BvImporter *
bv_importer_new (const char *database_path)
{
  BvImporter *importer = g_new0 (BvImporter, 1);

  importer->database_path = g_strdup (database_path);
  importer->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) bv_source_free);
  importer->failures = g_ptr_array_new_with_free_func (failure_free);
  importer->n_workers = CLAMP (g_get_num_processors (), 1, 16);
  g_mutex_init (&importer->lock);
  return importer;
}

void
bv_importer_free (BvImporter *importer)
{
  if (importer == NULL)
    return;

  g_ptr_array_unref (importer->sources);
  g_ptr_array_unref (importer->failures);
  g_mutex_clear (&importer->lock);
  g_free (importer->database_path);
  g_free (importer);
}

/**
 * bv_importer_add_path:
 * @importer: an importer
 * @path: a Maildir, mbox, message file or folder
 * @error: return location for an error
 *
 * Returns: %TRUE when @path can be read
 */
gboolean
bv_importer_add_path (BvImporter  *importer,
                      const char  *path,
                      GError     **error)
{
  BvSource *source;

  /* Checked before the file is opened: see bv_source_skip_database(). */
  if (bv_source_is_database_file (importer->database_path, path))
    {
      g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_UNSUPPORTED,
                   _("“%s” is a file of the BounceView database that the import writes to. Choose a Maildir, an mbox file or a folder of messages."),
                   path);
      return FALSE;
    }

  source = bv_source_open (path, error);
  if (source == NULL)
    return FALSE;
  bv_importer_add_source (importer, source);
  return TRUE;
}

/**
 * bv_importer_add_source:
 * @importer: an importer
 * @source: (transfer full): a source
 */
void
bv_importer_add_source (BvImporter *importer,
                        BvSource   *source)
{
  bv_source_skip_database (source, importer->database_path);
  g_ptr_array_add (importer->sources, source);
}

void
bv_importer_set_progress_func (BvImporter           *importer,
                               BvImportProgressFunc  func,
                               gpointer              user_data)
{
  importer->progress_func = func;
  importer->progress_data = user_data;
}

void
bv_importer_set_workers (BvImporter *importer,
                         guint       n_workers)
{
  importer->n_workers = CLAMP (n_workers, 1, 64);
}

/**
 * bv_importer_get_counts:
 * @importer: an importer
 * @counts: (out caller-allocates): a copy of the counts so far
 *
 * Safe to call from any thread while the import runs.
 */
void
bv_importer_get_counts (BvImporter     *importer,
                        BvImportCounts *counts)
{
  g_mutex_lock (&importer->lock);
  *counts = importer->counts;
  g_mutex_unlock (&importer->lock);

  /* The total is counted before reading, and it can fall short: an mbox
   * in a Maildir's cur/ or new/ counts as one message, and notmuch counts
   * a message with two files once. Once the messages read pass it, the
   * total is not known until the import ends and sets it. */
  if (counts->messages > counts->total)
    counts->total = 0;
}

/**
 * bv_importer_get_failures:
 * @importer: an importer that has run
 *
 * Returns: (transfer none) (element-type BvImportFailure): the messages
 *   that could not be read or decoded, up to %BV_IMPORT_MAX_FAILURES
 */
GPtrArray *
bv_importer_get_failures (BvImporter *importer)
{
  return importer->failures;
}

static gboolean
is_stopping (BvImporter *importer)
{
  return g_atomic_int_get (&importer->stop) ||
         g_cancellable_is_cancelled (importer->cancellable);
}

/* Queues @chunk when it has items and returns a new empty chunk. */
static GPtrArray *
push_work_chunk (BvImporter *importer,
                 GPtrArray  *chunk)
{
  if (chunk->len == 0)
    return chunk;

  queue_push (&importer->work, chunk);
  return g_ptr_array_sized_new (CHUNK_SIZE);
}

static gpointer
reader_thread (gpointer data)
{
  BvImporter *importer = data;
  GPtrArray *chunk = g_ptr_array_sized_new (CHUNK_SIZE);

  for (guint i = 0; i < importer->sources->len && !is_stopping (importer); i++)
    {
      BvSource *source = g_ptr_array_index (importer->sources, i);
      g_autoptr(GError) error = NULL;
      WorkItem *marker;
      guint64 n_items = 0;

      while (!is_stopping (importer))
        {
          WorkItem *work = g_new0 (WorkItem, 1);

          if (!bv_source_next (source, &work->item, &error))
            {
              g_free (work);
              break;
            }
          work->source = source;
          n_items++;
          g_ptr_array_add (chunk, work);
          if (chunk->len >= CHUNK_SIZE)
            chunk = push_work_chunk (importer, chunk);
        }

      if (is_stopping (importer))
        break;

      /* An error that ends a source becomes a failure of the source's
       * path, and the import goes on with the next source. The source
       * gets no end marker, so that it does not count as read to its
       * end (notmuch would remember how far it got). */
      if (error != NULL)
        {
          WorkItem *work = g_new0 (WorkItem, 1);

          g_debug ("Reading %s failed: %s", bv_source_get_path (source), error->message);
          work->item.path = g_strdup (bv_source_get_path (source));
          work->item.error = g_steal_pointer (&error);
          work->source = source;
          g_ptr_array_add (chunk, work);
          continue;
        }

      /* An item without a path marks the end of one source. */
      marker = g_new0 (WorkItem, 1);
      marker->source = source;
      marker->n_items = n_items;
      g_ptr_array_add (chunk, marker);
      chunk = push_work_chunk (importer, chunk);
    }

  /* Items read before an error or a stop still go to the workers, which
   * drop them when the import is stopping. */
  chunk = push_work_chunk (importer, chunk);
  g_ptr_array_unref (chunk);
  queue_close (&importer->work);
  return NULL;
}

/* Counts the messages of all sources for the progress total, which
 * stays 0, not known, until the count ends. The count opens each file
 * of a plain folder and reads each mbox whole: 100 to 180 ms for a
 * folder of 20,000 files, about 100 ms for an mbox of 214 MB (2-processor
 * VM, files in the page cache). So it runs beside the reader, the
 * workers and the writer instead of delaying the writer. It touches
 * nothing that the reader changes in a source. */
static gpointer
counter_thread (gpointer data)
{
  BvImporter *importer = data;
  guint64 total = 0;

  for (guint i = 0; i < importer->sources->len && !is_stopping (importer); i++)
    total += bv_source_get_total (g_ptr_array_index (importer->sources, i));

  g_mutex_lock (&importer->lock);
  importer->counts.total = total;
  g_mutex_unlock (&importer->lock);
  return NULL;
}

/* Tells whether the message at @index and @offset of the mbox at @path
 * is still the one with @digest: when an mbox has the same message
 * twice, the place that the database has stays. */
static gboolean
still_there (const char     *path,
             guint64         index,
             guint64         offset,
             const BvDigest *digest)
{
  g_autoptr(GBytes) there = bv_source_load_message (path, index, offset, NULL);
  BvDigest found;
  gsize length;
  const char *data;

  if (there == NULL)
    return FALSE;
  data = g_bytes_get_data (there, &length);
  bv_digest_compute_message (data != NULL ? data : "", length, &found);
  if (memcmp (found.bytes, digest->bytes, BV_DIGEST_SIZE) == 0)
    return TRUE;
  /* A message stored before schema 11 has the digest of all its bytes. */
  bv_digest_compute (data != NULL ? data : "", length, &found);
  return memcmp (found.bytes, digest->bytes, BV_DIGEST_SIZE) == 0;
}

static WorkResult *
process_item (BvStore  *reader,
              WorkItem *work)
{
  WorkResult *result = g_new0 (WorkResult, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize length;

  result->source = work->source;
  result->item = work->item;
  memset (&work->item, 0, sizeof work->item);

  if (result->item.path == NULL)
    {
      result->kind = RESULT_SOURCE_DONE;
      result->n_items = work->n_items;
      return result;
    }

  /* The result keeps no copy of the bytes, because the writer stores
   * only what the decoder found. */
  bytes = bv_source_item_load (&result->item, &error);
  g_clear_pointer (&result->item.data, g_bytes_unref);
  if (bytes == NULL)
    {
      result->kind = RESULT_UNREADABLE;
      result->error = g_strdup (error->message);
      return result;
    }

  data = g_bytes_get_data (bytes, &length);
  bv_digest_compute_message (data != NULL ? data : "", length, &result->digest);

  if (reader != NULL)
    {
      g_autofree char *stored = NULL;
      guint64 stored_index = 0;
      guint64 stored_offset = 0;
      gboolean found = bv_store_find_digest (reader, &result->digest, &stored, &stored_index,
                                             &stored_offset, NULL);

      /* Messages stored before schema 11 are keyed by all their bytes. */
      if (!found && bv_store_has_exact_digests (reader))
        {
          BvDigest exact;

          bv_digest_compute (data != NULL ? data : "", length, &exact);
          if (memcmp (exact.bytes, result->digest.bytes, BV_DIGEST_SIZE) != 0)
            {
              found = bv_store_find_digest (reader, &exact, &stored, &stored_index,
                                            &stored_offset, NULL);
              /* A row that failed, or that an older decoder took for no
               * bounce, is decoded again. The writer then replaces that
               * row, found by its digest, instead of adding a second one. */
              if (found || bv_store_has_row_of_digest (reader, &exact))
                result->digest = exact;
            }
        }

      if (found)
        {
          /* A mail client renames a message it moves from new/ to cur/;
           * the stored path then leads nowhere. A copy elsewhere, with
           * the stored file still in place, changes nothing. A message of
           * an mbox that was compacted, or that a client rewrote, is
           * at another place in the same file: Show Source must find it
           * there. */
          gboolean moved = FALSE;

          if (stored != NULL && g_strcmp0 (stored, result->item.path) != 0)
            moved = !g_file_test (stored, G_FILE_TEST_EXISTS);
          else if (stored != NULL)
            moved = (stored_index != result->item.index || stored_offset != result->item.offset) &&
                    !still_there (stored, stored_index, stored_offset, &result->digest);

          result->kind = moved ? RESULT_MOVED : RESULT_KNOWN;
          return result;
        }
    }

  result->kind = RESULT_DECODED;
  result->decoded = bv_decode (data != NULL ? data : "", length);
  return result;
}

static gpointer
worker_thread (gpointer data)
{
  BvImporter *importer = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(BvStore) reader = NULL;
  GPtrArray *chunk;

  /* A connection of its own to skip known messages before decoding
   * them; without one the writer still refuses duplicates. */
  if (importer->check_known)
    {
      reader = bv_store_open (importer->database_path, BV_STORE_OPEN_READ_ONLY, &error);
      if (reader == NULL)
        g_debug ("Worker without a reader connection: %s", error->message);
    }

  while ((chunk = queue_pop (&importer->work)) != NULL)
    {
      GPtrArray *results = g_ptr_array_sized_new (chunk->len);

      for (guint i = 0; i < chunk->len; i++)
        {
          WorkItem *work = g_ptr_array_index (chunk, i);

          if (!is_stopping (importer))
            g_ptr_array_add (results, process_item (reader, work));
          bv_source_item_clear (&work->item);
          g_free (work);
        }
      g_ptr_array_unref (chunk);

      if (results->len > 0)
        queue_push (&importer->results, results);
      else
        g_ptr_array_unref (results);
    }

  if (g_atomic_int_dec_and_test (&importer->workers_left))
    queue_close (&importer->results);
  return NULL;
}

static void
add_failure (BvImporter *importer,
             const char *path,
             guint64     index,
             const char *reason)
{
  BvImportFailure *failure;

  importer->counts.failures++;
  if (importer->failures->len >= BV_IMPORT_MAX_FAILURES)
    return;

  failure = g_new0 (BvImportFailure, 1);
  failure->path = g_strdup (path);
  failure->index = index;
  failure->reason = g_strdup (reason);
  g_ptr_array_add (importer->failures, failure);
}

static gboolean write_message (BvImporter  *importer,
                               BvStore     *store,
                               WorkResult  *result,
                               GError     **error);

/* Writes one result and, once a source's every item is written, lets the
 * source record that in the same transaction. */
static gboolean
write_result (BvImporter  *importer,
              BvStore     *store,
              GHashTable  *progress,
              WorkResult  *result,
              GError     **error)
{
  SourceProgress *state = g_hash_table_lookup (progress, result->source);

  if (state == NULL)
    {
      state = g_new0 (SourceProgress, 1);
      g_hash_table_insert (progress, result->source, state);
    }

  if (result->kind == RESULT_SOURCE_DONE)
    {
      state->marker_seen = TRUE;
      state->expected = result->n_items;
    }
  else
    {
      if (!write_message (importer, store, result, error))
        return FALSE;
      state->written++;
    }

  if (state->marker_seen && !state->finished && state->written == state->expected)
    {
      state->finished = TRUE;
      return bv_source_finished (result->source, store, error);
    }
  return TRUE;
}

static gboolean
write_message (BvImporter  *importer,
               BvStore     *store,
               WorkResult  *result,
               GError     **error)
{
  BvDecodeResult *decoded = result->decoded;
  BvMessageRecord record = { 0 };
  BvStoreAddResult added;

  switch (result->kind)
    {
    case RESULT_SOURCE_DONE:
      g_assert_not_reached ();

    case RESULT_UNREADABLE:
      g_mutex_lock (&importer->lock);
      importer->counts.messages++;
      importer->counts.unreadable++;
      add_failure (importer, result->item.path, result->item.index, result->error);
      g_mutex_unlock (&importer->lock);
      return TRUE;

    case RESULT_MOVED:
      if (!bv_store_move_message (store, &result->digest, result->item.path, result->item.index,
                                  result->item.offset, error))
        return FALSE;
      G_GNUC_FALLTHROUGH;
    case RESULT_KNOWN:
      g_mutex_lock (&importer->lock);
      importer->counts.messages++;
      importer->counts.duplicates++;
      g_mutex_unlock (&importer->lock);
      return TRUE;

    case RESULT_DECODED:
    default:
      break;
    }

  record.digest = result->digest;
  record.source = result->item.path;
  record.source_index = result->item.index;
  record.source_offset = result->item.offset;
  record.notmuch_id = result->item.notmuch_id;
  record.result = bv_decode_status_to_string (decoded->status);
  record.error = decoded->error;
  record.format = decoded->format;
  record.message_id = decoded->message_id;
  record.subject = decoded->subject;
  record.sender = decoded->from;
  record.date = decoded->date;
  record.received_date = decoded->received_date;

  if (!bv_store_add_message (store, &record, decoded->events, &added, error))
    return FALSE;

  g_mutex_lock (&importer->lock);
  importer->counts.messages++;
  if (added == BV_STORE_DUPLICATE)
    importer->counts.duplicates++;
  else if (decoded->status == BV_DECODE_FAILED)
    add_failure (importer, result->item.path, result->item.index, decoded->error);
  else if (decoded->status == BV_DECODE_NOT_BOUNCE)
    importer->counts.not_bounces++;
  else
    importer->pending_events += decoded->events->len;
  /* A report that passed a limit of the decoder is stored with the
   * events read up to the limit, and listed among the failures because
   * it lost recipients. */
  if (added == BV_STORE_ADDED && decoded->status == BV_DECODE_EVENTS && decoded->error != NULL)
    add_failure (importer, result->item.path, result->item.index, decoded->error);
  g_mutex_unlock (&importer->lock);
  return TRUE;
}

/* Commits the open transaction, and counts its events as stored. */
static gboolean
commit_batch (BvImporter  *importer,
              BvStore     *store,
              GError     **error)
{
  gboolean committed = bv_store_commit (store, error);

  g_mutex_lock (&importer->lock);
  if (committed)
    importer->counts.events += importer->pending_events;
  importer->pending_events = 0;
  g_mutex_unlock (&importer->lock);
  return committed;
}

/* Drops the open transaction, whose events were never stored. */
static void
rollback_batch (BvImporter *importer,
                BvStore    *store)
{
  bv_store_rollback (store);
  g_mutex_lock (&importer->lock);
  importer->pending_events = 0;
  g_mutex_unlock (&importer->lock);
}

static void
report_progress (BvImporter *importer)
{
  BvImportCounts counts;

  if (importer->progress_func == NULL)
    return;

  bv_importer_get_counts (importer, &counts);
  importer->progress_func (&counts, importer->progress_data);
}

static void
free_result_chunk (GPtrArray *chunk)
{
  for (guint i = 0; i < chunk->len; i++)
    work_result_free (g_ptr_array_index (chunk, i));
  g_ptr_array_unref (chunk);
}

/* Drains the result queue after a failure so the workers can finish. */
static void
drain_results (BvImporter *importer)
{
  GPtrArray *chunk;

  while ((chunk = queue_pop (&importer->results)) != NULL)
    free_result_chunk (chunk);
}

/**
 * bv_importer_run:
 * @importer: an importer with sources
 * @cancellable: (nullable): stops the import; what was read so far stays stored
 * @error: return location for an error
 *
 * Imports every source, blocking until done. Messages, files and
 * folders that cannot be read or decoded are counted and listed, and the
 * import goes on. Only a database failure or a cancel ends it early.
 *
 * Returns: %TRUE unless the database failed or @cancellable was cancelled
 */
gboolean
bv_importer_run (BvImporter    *importer,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(BvStore) store = NULL;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autoptr(GError) write_error = NULL;
  g_autoptr(GHashTable) progress = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  GThread *reader;
  GThread *counter;
  GPtrArray *chunk;
  gboolean stopped = FALSE;
  gboolean in_transaction = FALSE;
  guint64 n_stored = 0;
  guint in_batch = 0;
  gint64 batch_start = 0;

  store = bv_store_open (importer->database_path, BV_STORE_OPEN_DEFAULT, error);
  if (store == NULL)
    return FALSE;

  for (guint i = 0; i < importer->sources->len; i++)
    if (!bv_source_prepare (g_ptr_array_index (importer->sources, i), store, error))
      return FALSE;

  /* In an empty database every message is new, and looking up each
   * digest costs the workers a B-tree search that misses their small
   * page cache once the table is large. The writer's INSERT OR IGNORE
   * still drops a message that comes twice, or that another import
   * stores meanwhile. */
  if (!bv_store_count_messages (store, &n_stored, NULL, error))
    return FALSE;
  importer->check_known = n_stored > 0;

  bv_decoder_init ();
  memset (&importer->counts, 0, sizeof importer->counts);
  importer->pending_events = 0;
  importer->cancellable = cancellable;
  importer->stop = 0;
  queue_init (&importer->work, QUEUE_LENGTH);
  queue_init (&importer->results, QUEUE_LENGTH);
  importer->workers_left = importer->n_workers;

  reader = g_thread_new ("bv-import-reader", reader_thread, importer);
  counter = g_thread_new ("bv-import-counter", counter_thread, importer);
  for (guint i = 0; i < importer->n_workers; i++)
    g_ptr_array_add (threads, g_thread_new ("bv-import-worker", worker_thread, importer));

  while (!stopped && (chunk = queue_pop (&importer->results)) != NULL)
    {
      for (guint i = 0; i < chunk->len && write_error == NULL; i++)
        {
          if (g_cancellable_is_cancelled (cancellable))
            break;

          if (!in_transaction)
            {
              if (!bv_store_begin (store, &write_error))
                break;
              in_transaction = TRUE;
              in_batch = 0;
              batch_start = g_get_monotonic_time ();
            }

          if (!write_result (importer, store, progress, g_ptr_array_index (chunk, i),
                             &write_error))
            {
              rollback_batch (importer, store);
              in_transaction = FALSE;
              break;
            }

          if (++in_batch >= BATCH_MESSAGES ||
              g_get_monotonic_time () - batch_start >= BATCH_USECONDS)
            {
              in_transaction = FALSE;
              if (commit_batch (importer, store, &write_error))
                report_progress (importer);
            }
        }

      free_result_chunk (chunk);

      if (write_error != NULL || g_cancellable_is_cancelled (cancellable))
        {
          g_atomic_int_set (&importer->stop, 1);
          queue_close (&importer->work);
          drain_results (importer);
          stopped = TRUE;
        }
    }

  /* What was written before a cancel stays: it is consistent. */
  if (in_transaction)
    {
      if (write_error == NULL)
        commit_batch (importer, store, &write_error);
      else
        rollback_batch (importer, store);
    }

  g_thread_join (reader);
  g_thread_join (counter);
  for (guint i = 0; i < threads->len; i++)
    g_thread_join (g_ptr_array_index (threads, i));

  queue_clear (&importer->work);
  queue_clear (&importer->results);
  importer->cancellable = NULL;

  /* Every message has been read, so their number is the exact total. */
  if (write_error == NULL && !g_cancellable_is_cancelled (cancellable))
    {
      g_mutex_lock (&importer->lock);
      importer->counts.total = importer->counts.messages;
      g_mutex_unlock (&importer->lock);
    }

  report_progress (importer);

  if (write_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&write_error));
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  return TRUE;
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  BvImporter *importer = task_data;
  GError *error = NULL;

  if (bv_importer_run (importer, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * bv_importer_run_async:
 * @importer: an importer with sources; it must outlive the import
 * @cancellable: (nullable): stops the import
 * @callback: called in the thread-default main context when the import ends
 * @user_data: data for @callback
 *
 * Runs bv_importer_run() in a worker thread.
 */
void
bv_importer_run_async (BvImporter          *importer,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, bv_importer_run_async);
  g_task_set_task_data (task, importer, NULL);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
bv_importer_run_finish (BvImporter    *importer,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
