/* bv-import-job.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* One import of the window: a BvImporter that runs in a worker thread,
 * with its progress brought to the main loop. The importer calls back
 * from its thread after each committed batch. The job then keeps the
 * latest counts under a lock and lets one idle source at a time emit
 * ::progress, so a fast import cannot flood the main loop. */

#define G_LOG_DOMAIN "bounceview-import-job"

#include "bv-import-job.h"

#include <glib/gi18n.h>

struct _BvImportJob
{
  GObject parent_instance;

  char *database_path;
  BvImporter *importer;
  guint n_sources;
  GCancellable *cancellable;
  gboolean running;
  gboolean finished;
  GError *error;

  GMutex lock;                  /* guards the fields below */
  BvImportCounts counts;
  guint progress_idle;
};

G_DEFINE_FINAL_TYPE (BvImportJob, bv_import_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

enum {
  PROGRESS,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
emit_progress (gpointer user_data)
{
  BvImportJob *self = user_data;

  g_mutex_lock (&self->lock);
  self->progress_idle = 0;
  g_mutex_unlock (&self->lock);

  /* The end of the import reports itself through ::finished. */
  if (self->running)
    g_signal_emit (self, signals[PROGRESS], 0);
  return G_SOURCE_REMOVE;
}

/* Runs in the import thread. */
static void
on_importer_progress (const BvImportCounts *counts,
                      gpointer              user_data)
{
  BvImportJob *self = user_data;

  g_mutex_lock (&self->lock);
  self->counts = *counts;
  if (self->progress_idle == 0)
    self->progress_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, emit_progress,
                                           g_object_ref (self), g_object_unref);
  g_mutex_unlock (&self->lock);
}

static void
on_import_done (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BvImportJob) self = user_data;

  bv_importer_run_finish (self->importer, result, &self->error);
  bv_importer_get_counts (self->importer, &self->counts);

  if (self->error != NULL &&
      !g_error_matches (self->error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
      !g_error_matches (self->error, BV_STORE_ERROR, BV_STORE_ERROR_CANCELLED))
    g_debug ("Import into %s failed: %s", self->database_path, self->error->message);

  self->running = FALSE;
  self->finished = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0);
}

static void
bv_import_job_dispose (GObject *object)
{
  BvImportJob *self = (BvImportJob *) object;

  /* A running job holds a reference to itself, so this is never reached
   * while the importer thread uses the job. */
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (bv_import_job_parent_class)->dispose (object);
}

static void
bv_import_job_finalize (GObject *object)
{
  BvImportJob *self = (BvImportJob *) object;

  g_clear_pointer (&self->importer, bv_importer_free);
  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);
  g_free (self->database_path);

  G_OBJECT_CLASS (bv_import_job_parent_class)->finalize (object);
}

static void
bv_import_job_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BvImportJob *self = BV_IMPORT_JOB (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
bv_import_job_class_init (BvImportJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = bv_import_job_dispose;
  object_class->finalize = bv_import_job_finalize;
  object_class->get_property = bv_import_job_get_property;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BvImportJob::progress:
   * @self: the job
   *
   * Emitted in the main loop after the importer committed a batch of
   * messages; bv_import_job_get_counts() has the new counts.
   */
  signals[PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * BvImportJob::finished:
   * @self: the job
   *
   * Emitted once when the import ended, completed, cancelled or failed.
   */
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
bv_import_job_init (BvImportJob *self)
{
  g_mutex_init (&self->lock);
}

/**
 * bv_import_job_new:
 * @database_path: the database to import into
 *
 * Returns: (transfer full): a job without sources
 */
BvImportJob *
bv_import_job_new (const char *database_path)
{
  BvImportJob *self;

  g_return_val_if_fail (database_path != NULL, NULL);

  self = g_object_new (BV_TYPE_IMPORT_JOB, NULL);
  self->database_path = g_strdup (database_path);
  self->importer = bv_importer_new (database_path);
  bv_importer_set_progress_func (self->importer, on_importer_progress, self);
  return self;
}

/**
 * bv_import_job_add_file:
 * @self: a job that has not started
 * @file: a Maildir, an mbox file, a message file or a folder of those
 * @error: return location for an error
 *
 * Returns: %TRUE when the file can be imported, else %FALSE with @error set
 */
gboolean
bv_import_job_add_file (BvImportJob  *self,
                        GFile        *file,
                        GError      **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (BV_IS_IMPORT_JOB (self), FALSE);
  g_return_val_if_fail (!self->running && !self->finished, FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a local file. Copy it to this computer, then import the copy."),
                   uri);
      return FALSE;
    }

  if (!bv_importer_add_path (self->importer, path, error))
    return FALSE;

  self->n_sources++;
  return TRUE;
}

/**
 * bv_import_job_add_source:
 * @self: a job that has not started
 * @source: (transfer full): a source, such as a notmuch query
 */
void
bv_import_job_add_source (BvImportJob *self,
                          BvSource    *source)
{
  g_return_if_fail (BV_IS_IMPORT_JOB (self));
  g_return_if_fail (!self->running && !self->finished);

  bv_importer_add_source (self->importer, source);
  self->n_sources++;
}

guint
bv_import_job_get_n_sources (BvImportJob *self)
{
  g_return_val_if_fail (BV_IS_IMPORT_JOB (self), 0);

  return self->n_sources;
}

/**
 * bv_import_job_start:
 * @self: a job with sources
 *
 * Starts the import in a worker thread. The job keeps itself alive
 * until ::finished.
 */
void
bv_import_job_start (BvImportJob *self)
{
  g_return_if_fail (BV_IS_IMPORT_JOB (self));
  g_return_if_fail (!self->running && !self->finished);

  self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  bv_importer_run_async (self->importer, self->cancellable, on_import_done, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * bv_import_job_cancel:
 * @self: a job
 *
 * Stops the import after the message it is at; what was stored stays.
 */
void
bv_import_job_cancel (BvImportJob *self)
{
  g_return_if_fail (BV_IS_IMPORT_JOB (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
bv_import_job_get_running (BvImportJob *self)
{
  g_return_val_if_fail (BV_IS_IMPORT_JOB (self), FALSE);

  return self->running;
}

/**
 * bv_import_job_get_counts:
 * @self: a job
 * @counts: (out caller-allocates): the counts as of the last ::progress,
 *   or the final ones after ::finished
 */
void
bv_import_job_get_counts (BvImportJob    *self,
                          BvImportCounts *counts)
{
  g_return_if_fail (BV_IS_IMPORT_JOB (self));

  g_mutex_lock (&self->lock);
  *counts = self->counts;
  g_mutex_unlock (&self->lock);
}

/**
 * bv_import_job_get_failures:
 * @self: a finished job
 *
 * Returns: (transfer none) (element-type BvImportFailure): the messages
 *   that could not be read or decoded
 */
GPtrArray *
bv_import_job_get_failures (BvImportJob *self)
{
  g_return_val_if_fail (BV_IS_IMPORT_JOB (self), NULL);
  g_return_val_if_fail (self->finished, NULL);

  return bv_importer_get_failures (self->importer);
}

/**
 * bv_import_job_get_error:
 * @self: a finished job
 *
 * Returns: (transfer none) (nullable): why the import ended early, when
 *   it did
 */
const GError *
bv_import_job_get_error (BvImportJob *self)
{
  g_return_val_if_fail (BV_IS_IMPORT_JOB (self), NULL);

  return self->error;
}

gboolean
bv_import_job_was_cancelled (BvImportJob *self)
{
  g_return_val_if_fail (BV_IS_IMPORT_JOB (self), FALSE);

  return self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable);
}
