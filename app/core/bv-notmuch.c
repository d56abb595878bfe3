/* bv-notmuch.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The notmuch import source: the messages a notmuch query finds, read
 * from the files notmuch indexed. The database is opened read-only and
 * never changed: no tags, no new messages.
 *
 * Imports are incremental. After an import, the BounceView database
 * keeps the notmuch database's UUID and the revision read up to, under
 * a key naming the notmuch database and the query. The next import adds
 * "lastmod:FROM..TO" to the query, so it reads only the messages added or
 * changed since. notmuch also counts a tag change as a change, so
 * messages whose tags changed are read again. The importer recognises
 * them by their digest and stores nothing twice. */

#define G_LOG_DOMAIN "bounceview-notmuch"

#include "bv-notmuch.h"
#include "bv-digest.h"
#include "bv-store.h"

#include <gmodule.h>
#include <notmuch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>

/* The query finds reports by their MIME types: delivery status
 * notifications (RFC 3464, RFC 6533) and feedback reports (RFC 5965).
 * It finds plain-text bounces by their sender or by the subjects that
 * common MTAs give them in English, German, French and Japanese.
 * Microsoft's complaints, which are no feedback reports, are found by
 * their subject, and automatic replies (RFC 3834) by the subjects of
 * Outlook, Exchange and Lotus Notes in English, German and French. Each
 * subject term is a phrase or a word that ordinary mail rarely has in
 * its subject, so mail that shares only a common word ("failure",
 * "returned") does not match. notmuch does not
 * index the Auto-Submitted header, so an automatic reply with an
 * ordinary subject is missed. */
/* libnotmuch pulls in Xapian and the C++ runtime. Linked into the
 * programs, it made each start of bounceview-cli take 4.5 ms instead of
 * 3.0 ms (perf stat, 200 runs, 2-processor VM), a sixth of a `list` of
 * one address. So the library is loaded the first time a notmuch
 * database is opened, and these are its functions. */
#define NOTMUCH_LIBRARY "libnotmuch.so." G_STRINGIFY (LIBNOTMUCH_MAJOR_VERSION)

#define NOTMUCH_FUNCTIONS(F)                    \
  F (notmuch_status_to_string) \
  F (notmuch_database_load_config) \
  F (notmuch_config_get) \
  F (notmuch_database_destroy) \
  F (notmuch_database_open_with_config) \
  F (notmuch_database_get_path) \
  F (notmuch_database_status_string) \
  F (notmuch_query_create_with_syntax) \
  F (notmuch_query_set_sort) \
  F (notmuch_query_count_messages) \
  F (notmuch_query_destroy) \
  F (notmuch_query_search_messages) \
  F (notmuch_message_get_filenames) \
  F (notmuch_filenames_valid) \
  F (notmuch_filenames_move_to_next) \
  F (notmuch_filenames_get) \
  F (notmuch_filenames_destroy) \
  F (notmuch_messages_valid) \
  F (notmuch_messages_get) \
  F (notmuch_message_get_message_id) \
  F (notmuch_message_destroy) \
  F (notmuch_messages_move_to_next) \
  F (notmuch_database_get_revision)

static struct
{
#define DECLARE_FUNCTION(name) __typeof__ (name) *name;
  NOTMUCH_FUNCTIONS (DECLARE_FUNCTION)
#undef DECLARE_FUNCTION
} nm;

/* Loads libnotmuch once for the whole process. After a failure, every
 * later call fails the same way without trying again. */
static gboolean
load_libnotmuch (GError **error)
{
  static gsize loaded = 0;
  static char *failure = NULL;

  if (g_once_init_enter (&loaded))
    {
      GModule *module = g_module_open (NOTMUCH_LIBRARY, G_MODULE_BIND_LOCAL);

      if (module == NULL)
        failure = g_strdup (g_module_error ());

#define LOOK_UP_FUNCTION(name)                                                  \
      if (failure == NULL && !g_module_symbol (module, #name, (gpointer *) &nm.name)) \
        failure = g_strdup (g_module_error ());
      NOTMUCH_FUNCTIONS (LOOK_UP_FUNCTION)
#undef LOOK_UP_FUNCTION

      /* The functions above must stay valid until the process exits. */
      if (module != NULL)
        g_module_make_resident (module);
      g_once_init_leave (&loaded, 1);
    }

  if (failure != NULL)
    {
      g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH,
                   _("Cannot load the notmuch library %s: %s. Install notmuch’s library "
                     "(Debian: libnotmuch5)."), NOTMUCH_LIBRARY, failure);
      return FALSE;
    }
  return TRUE;
}

static const char default_query[] =
  "mimetype:multipart/report"
  " OR mimetype:message/delivery-status"
  " OR mimetype:message/global-delivery-status"
  " OR mimetype:message/feedback-report"
  " OR from:mailer-daemon"
  " OR from:postmaster"
  " OR from:post_master"                              /* Verizon */
  " OR from:microsoftexchange*"                       /* Exchange: MicrosoftExchange<hex>@ */
  " OR subject:\"Undelivered Mail\""                  /* Postfix */
  " OR subject:\"Delayed Mail\""                      /* Postfix */
  " OR subject:\"Mail delivery failed\""              /* Exim */
  " OR subject:\"Warning: message\""                  /* Exim: "Warning: message X delayed" */
  " OR subject:\"failure notice\""                    /* qmail */
  " OR subject:\"Returned mail\""                     /* Sendmail */
  " OR subject:\"Delivery Status Notification\""      /* Exchange, Gmail */
  " OR subject:Undeliverable"                         /* Exchange */
  " OR subject:Unzustellbar"                          /* Exchange in German */
  " OR subject:\"Non remis\""                         /* Exchange in French */
  " OR subject:メールエラー通知"                      /* KDDI (au) */
  " OR subject:\"Delivery delayed\""                  /* Exchange */
  " OR subject:\"Delivery failure\""
  " OR subject:\"Mail System Error\""
  " OR subject:\"Abuse Report\""
  " OR subject:\"complaint about message from\""   /* Microsoft's junk mail reports */
  " OR subject:\"AWS Notification Message\""          /* Amazon SES through SNS */
  " OR subject:\"Auto reply\""
  " OR subject:autoreply"
  " OR subject:\"Automatic reply\""
  " OR subject:\"Auto response\""
  " OR subject:autoresponse"
  " OR subject:\"Out of office\""
  " OR subject:\"out of the office\""
  " OR subject:\"Automatische Antwort\""
  " OR subject:Abwesenheitsnotiz"
  " OR subject:\"Réponse automatique\"";

typedef struct
{
  notmuch_database_t *database;
  char *database_path;          /* resolved, as in the state key */
  char *query;                  /* the user's query, or the default one */
  char *state_key;
  char *uuid;
  unsigned long revision;       /* the committed revision when the database was opened */

  notmuch_query_t *search;      /* the query, limited by lastmod on a later import */
  notmuch_messages_t *messages;
  guint expected;               /* messages the search matches */
  guint done;                   /* messages handed out */
  GPtrArray *files;             /* files of the current message still to hand out */
  char *message_id;             /* notmuch's id of the current message */
} NotmuchSource;

/**
 * bv_notmuch_default_query:
 *
 * Returns: the notmuch query used when none is given. It matches
 *   delivery status notifications, feedback reports, bounces from
 *   MAILER-DAEMON or postmaster, the usual bounce subjects and the usual
 *   automatic reply subjects
 */
const char *
bv_notmuch_default_query (void)
{
  return default_query;
}

/* Puts notmuch's message on one line, because notmuch ends some of its
 * messages with a line end and splits others over two lines. */
static char *
notmuch_message_text (const char       *message,
                      notmuch_status_t  status)
{
  char *text = g_strdup (message != NULL ? message : nm.notmuch_status_to_string (status));

  return g_strdelimit (g_strchomp (text), "\n", ' ');
}

/* Finds the database path that the notmuch configuration names, for
 * error messages. Returns NULL when no configuration can be loaded. */
static char *
configured_database_path (void)
{
  notmuch_database_t *database = NULL;
  char *message = NULL;
  char *path = NULL;

  /* Returns NO_DATABASE, with the configuration loaded, when the
   * configured database does not exist. */
  nm.notmuch_database_load_config (NULL, NULL, NULL, &database, &message);
  free (message);
  if (database == NULL)
    return NULL;

  path = g_strdup (nm.notmuch_config_get (database, NOTMUCH_CONFIG_DATABASE_PATH));
  nm.notmuch_database_destroy (database);
  return path;
}

static void
set_open_error (GError           **error,
                notmuch_status_t   status,
                const char        *path,
                const char        *message)
{
  g_autofree char *detail = notmuch_message_text (message, status);
  g_autofree char *configured = NULL;

  if (status == NOTMUCH_STATUS_NO_CONFIG)
    {
      g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH,
                   _("No notmuch configuration found. Set NOTMUCH_CONFIG, or give the folder "
                     "of the notmuch database (notmuch: %s)"), detail);
      return;
    }

  if (path == NULL)
    path = configured = configured_database_path ();

  if (path == NULL)
    g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH,
                 _("Cannot open the notmuch database that the notmuch configuration names. "
                   "Check the configuration, or give the folder of the notmuch database "
                   "(notmuch: %s)"), detail);
  else if (status == NOTMUCH_STATUS_FILE_ERROR || status == NOTMUCH_STATUS_PATH_ERROR ||
           status == NOTMUCH_STATUS_NO_DATABASE)
    g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH,
                 _("No notmuch database at “%s” (notmuch: %s)"), path, detail);
  else
    g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH,
                 _("Cannot open the notmuch database at “%s” (notmuch: %s)"), path, detail);
}

/* Opens the database at @path read-only, or the configured one when
 * @path is NULL. The configuration is read in both cases, because its
 * database.mail_root may place the mail apart from the database. A path
 * given when there is no configuration file opens all the same. */
static notmuch_database_t *
open_database (const char  *path,
               GError     **error)
{
  notmuch_database_t *database = NULL;
  char *message = NULL;
  notmuch_status_t status;

  if (!load_libnotmuch (error))
    return NULL;

  status = nm.notmuch_database_open_with_config (path, NOTMUCH_DATABASE_MODE_READ_ONLY, NULL, NULL,
                                              &database, &message);
  if (status == NOTMUCH_STATUS_NO_CONFIG && path != NULL)
    {
      free (message);
      message = NULL;
      /* "" opens the database without a configuration file. */
      status = nm.notmuch_database_open_with_config (path, NOTMUCH_DATABASE_MODE_READ_ONLY, "", NULL,
                                                  &database, &message);
    }

  if (status != NOTMUCH_STATUS_SUCCESS)
    {
      set_open_error (error, status, path, message);
      free (message);
      return NULL;
    }

  free (message);
  return database;
}

/* Resolves symbolic links and relative parts in the database's path, so
 * that one database always gets the same state key. */
static char *
resolved_database_path (notmuch_database_t *database)
{
  const char *path = nm.notmuch_database_get_path (database);
  char *resolved = realpath (path, NULL);
  char *result;

  if (resolved == NULL)
    return g_strdup (path);
  result = g_strdup (resolved);
  free (resolved);
  return result;
}

/**
 * bv_notmuch_default_database:
 * @error: return location for an error
 *
 * Finds the notmuch database that the user's notmuch configuration names.
 * libnotmuch looks for the configuration in the file that NOTMUCH_CONFIG
 * names, then under $XDG_CONFIG_HOME/notmuch/, then in ~/.notmuch-config
 * (notmuch.h of libnotmuch 5.6). The database is opened read-only to
 * check that it exists.
 *
 * Returns: (transfer full) (nullable): the database's path, or %NULL with
 *   @error set to %BV_SOURCE_ERROR_NOTMUCH
 */
char *
bv_notmuch_default_database (GError **error)
{
  notmuch_database_t *database = open_database (NULL, error);
  char *path;

  if (database == NULL)
    return NULL;

  path = resolved_database_path (database);
  nm.notmuch_database_destroy (database);
  return path;
}

/**
 * bv_notmuch_state_key:
 * @database_path: a notmuch database path, resolved as the source resolves it
 * @query: the query, as given to bv_notmuch_source_new(), or %NULL for the default
 *
 * Builds the key under which the BounceView database keeps how far this
 * notmuch database has been read with this query. Both parts are
 * percent-encoded, so no path or query can be mistaken for another.
 *
 * Returns: (transfer full): a key such as "notmuch:/home/me/mail?query=tag%3Abounce"
 */
char *
bv_notmuch_state_key (const char *database_path,
                      const char *query)
{
  g_autofree char *escaped_path = NULL;
  g_autofree char *escaped_query = NULL;

  g_return_val_if_fail (database_path != NULL, NULL);

  if (query == NULL || *query == '\0')
    query = default_query;

  escaped_path = g_uri_escape_string (database_path, G_URI_RESERVED_CHARS_ALLOWED_IN_PATH, TRUE);
  escaped_query = g_uri_escape_string (query, NULL, TRUE);
  return g_strdup_printf ("notmuch:%s?query=%s", escaped_path, escaped_query);
}

static void
set_query_error (GError             **error,
                 notmuch_database_t  *database,
                 notmuch_status_t     status,
                 const char          *path,
                 const char          *query)
{
  g_autofree char *detail = notmuch_message_text (nm.notmuch_database_status_string (database),
                                                  status);
  /* notmuch ends a Xapian parse error with the query, which the message
   * quotes already. Inside the parentheses below, a query such as
   * "subject:(failure AND" would seem to end with their ")". */
  char *query_again = strstr (detail, "Query string was:");

  if (query_again != NULL)
    {
      *query_again = '\0';
      g_strchomp (detail);
    }

  g_set_error (error, BV_SOURCE_ERROR, BV_SOURCE_ERROR_NOTMUCH_QUERY,
               _("Cannot run the notmuch query “%s” on the database at “%s” (notmuch: %s)"),
               query, path, detail);
}

/* Creates a query over every message, unsorted because the import
 * order does not matter and notmuch returns unsorted results fastest. */
static notmuch_query_t *
create_query (NotmuchSource  *self,
              const char     *query_string,
              guint          *count,
              GError        **error)
{
  notmuch_query_t *query = NULL;
  notmuch_status_t status;

  status = nm.notmuch_query_create_with_syntax (self->database, query_string,
                                             NOTMUCH_QUERY_SYNTAX_XAPIAN, &query);
  if (status != NOTMUCH_STATUS_SUCCESS)
    {
      set_query_error (error, self->database, status, self->database_path, query_string);
      return NULL;
    }

  /* NOTE: search.exclude_tags of the notmuch configuration is not applied,
   * because a report tagged "spam" or "deleted" is still a report. */
  nm.notmuch_query_set_sort (query, NOTMUCH_SORT_UNSORTED);

  /* Xapian parses the query here, so a syntax error shows up now. */
  status = nm.notmuch_query_count_messages (query, count);
  if (status != NOTMUCH_STATUS_SUCCESS)
    {
      set_query_error (error, self->database, status, self->database_path, query_string);
      nm.notmuch_query_destroy (query);
      return NULL;
    }

  return query;
}

/* Reads a saved state, "UUID REVISION". Returns TRUE and the revision
 * when the state belongs to the database with @uuid. */
static gboolean
parse_state (const char    *state,
             const char    *uuid,
             unsigned long *revision)
{
  g_auto(GStrv) parts = NULL;
  guint64 value;

  if (state == NULL)
    return FALSE;

  parts = g_strsplit (state, " ", 2);
  if (g_strv_length (parts) != 2 || g_strcmp0 (parts[0], uuid) != 0)
    return FALSE;
  if (!g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXULONG, &value, NULL))
    return FALSE;

  *revision = value;
  return TRUE;
}

static gboolean
query_is_everything (const char *query)
{
  g_autofree char *stripped = g_strstrip (g_strdup (query));

  return *stripped == '\0' || strcmp (stripped, "*") == 0;
}

/* Runs in the thread that owns @store, before the reader thread starts
 * calling notmuch_source_next(); the two never use the database at the
 * same time. */
static gboolean
notmuch_source_prepare (BvSource  *source,
                        BvStore   *store,
                        GError   **error)
{
  NotmuchSource *self = bv_source_get_data (source);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *search_string = NULL;
  unsigned long read_up_to = 0;
  notmuch_status_t status;

  state = bv_store_get_state (store, self->state_key, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* A saved revision above the current one means that the database was
   * restored from a backup. Its new messages may reuse revisions already
   * read, so everything is read again, as for another UUID. */
  if (parse_state (state, self->uuid, &read_up_to) && read_up_to <= self->revision)
    {
      if (read_up_to == self->revision)
        {
          g_debug ("%s is unchanged since revision %lu", self->database_path, read_up_to);
          bv_source_set_total (source, 0);
          return TRUE;
        }

      if (query_is_everything (self->query))
        search_string = g_strdup_printf ("lastmod:%lu..%lu", read_up_to + 1, self->revision);
      else
        search_string = g_strdup_printf ("lastmod:%lu..%lu AND (%s)", read_up_to + 1,
                                         self->revision, self->query);
    }
  else
    {
      if (state != NULL)
        g_debug ("%s has another UUID or an older revision than last read; reading it all",
                 self->database_path);
      search_string = g_strdup (self->query);
    }

  g_debug ("Searching %s for %s", self->database_path, search_string);
  self->search = create_query (self, search_string, &self->expected, error);
  if (self->search == NULL)
    return FALSE;

  status = nm.notmuch_query_search_messages (self->search, &self->messages);
  if (status != NOTMUCH_STATUS_SUCCESS)
    {
      set_query_error (error, self->database, status, self->database_path, search_string);
      return FALSE;
    }

  /* Progress counts what this import reads, not everything the query
   * matches. */
  bv_source_set_total (source, self->expected);
  return TRUE;
}

/* Finds where the body starts: after the first empty line, whatever the
 * line ends (CRLF, LF or a lone CR). */
static gsize
find_body (const char *data,
           gsize       length)
{
  gboolean line_start = TRUE;
  gsize i = 0;

  while (i < length)
    {
      gsize line_end = 0;

      if (data[i] == '\r' && i + 1 < length && data[i + 1] == '\n')
        line_end = 2;
      else if (data[i] == '\n' || data[i] == '\r')
        line_end = 1;

      if (line_end == 0)
        {
          line_start = FALSE;
          i++;
          continue;
        }

      i += line_end;
      if (line_start)
        return i;
      line_start = TRUE;
    }

  return length;
}

/* Hashes the body of a message file. Returns FALSE when the file cannot
 * be read. */
static gboolean
compute_body_digest (const char *path,
                     BvDigest   *digest)
{
  g_autoptr(GBytes) bytes = bv_read_file (path, NULL);
  const char *data;
  gsize length;
  gsize body;

  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &length);
  body = find_body (data, length);
  bv_digest_compute (data != NULL ? data + body : "", length - body, digest);
  return TRUE;
}

/* Chooses which files of a message to read. Usually a message has one
 * file. Several files are normally copies of one message, in several
 * folders or delivered twice with other trace headers, and only the
 * first file that exists is read. But distinct reports can share a
 * Message-ID, which notmuch then takes for one message: a file whose body
 * differs from every file chosen before is read too. */
static void
choose_files (NotmuchSource     *self,
              notmuch_message_t *message)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) bodies = g_array_new (FALSE, FALSE, sizeof (BvDigest));
  notmuch_filenames_t *filenames;

  for (filenames = nm.notmuch_message_get_filenames (message);
       nm.notmuch_filenames_valid (filenames);
       nm.notmuch_filenames_move_to_next (filenames))
    g_ptr_array_add (all, g_strdup (nm.notmuch_filenames_get (filenames)));
  nm.notmuch_filenames_destroy (filenames);

  if (all->len == 1)
    {
      g_ptr_array_add (self->files, g_strdup (g_ptr_array_index (all, 0)));
      return;
    }

  for (guint i = 0; i < all->len; i++)
    {
      const char *path = g_ptr_array_index (all, i);
      BvDigest digest;
      gboolean seen = FALSE;

      if (!compute_body_digest (path, &digest))
        continue;

      for (guint j = 0; j < bodies->len && !seen; j++)
        seen = memcmp (&g_array_index (bodies, BvDigest, j), &digest, sizeof digest) == 0;
      if (seen)
        continue;

      g_array_append_val (bodies, digest);
      g_ptr_array_add (self->files, g_strdup (path));
    }

  /* None can be read: hand out the first, so the import lists it as a
   * failure instead of leaving it out without a word. */
  if (self->files->len == 0 && all->len > 0)
    g_ptr_array_add (self->files, g_strdup (g_ptr_array_index (all, 0)));
}

static gboolean
notmuch_source_next (BvSource      *source,
                     BvSourceItem  *item,
                     GError       **error)
{
  NotmuchSource *self = bv_source_get_data (source);

  while (self->files->len == 0)
    {
      notmuch_message_t *message;

      if (self->messages == NULL)
        return FALSE;

      if (!nm.notmuch_messages_valid (self->messages))
        {
          if (self->done < self->expected)
            g_warning ("notmuch stopped after %u of %u messages of %s: %s", self->done,
                       self->expected, self->database_path,
                       nm.notmuch_database_status_string (self->database) != NULL ?
                         nm.notmuch_database_status_string (self->database) : "no reason given");
          self->messages = NULL;
          return FALSE;
        }

      message = nm.notmuch_messages_get (self->messages);
      g_free (self->message_id);
      self->message_id = g_strdup (nm.notmuch_message_get_message_id (message));
      choose_files (self, message);
      nm.notmuch_message_destroy (message);
      nm.notmuch_messages_move_to_next (self->messages);
      self->done++;

      if (self->files->len == 0)
        g_debug ("notmuch lists no file for message %s", self->message_id);
    }

  item->path = g_ptr_array_steal_index (self->files, 0);
  item->notmuch_id = g_strdup (self->message_id);
  return TRUE;
}

/* Runs inside the import's last transaction, once every item was stored. */
static gboolean
notmuch_source_finished (BvSource  *source,
                         BvStore   *store,
                         GError   **error)
{
  NotmuchSource *self = bv_source_get_data (source);
  g_autofree char *state = NULL;

  /* A search cut short must be run again, so keep the old state. */
  if (self->done < self->expected)
    return TRUE;

  state = g_strdup_printf ("%s %lu", self->uuid, self->revision);
  return bv_store_set_state (store, self->state_key, state, error);
}

static void
notmuch_source_data_free (NotmuchSource *self)
{
  g_clear_pointer (&self->files, g_ptr_array_unref);
  /* The query owns the messages and the database owns the query. */
  g_clear_pointer (&self->search, nm.notmuch_query_destroy);
  g_clear_pointer (&self->database, nm.notmuch_database_destroy);
  g_free (self->database_path);
  g_free (self->query);
  g_free (self->state_key);
  g_free (self->uuid);
  g_free (self->message_id);
  g_free (self);
}

static void
notmuch_source_free (BvSource *source)
{
  notmuch_source_data_free (bv_source_get_data (source));
}

static const BvSourceClass notmuch_source_class = {
  .prepare = notmuch_source_prepare,
  .next = notmuch_source_next,
  .free = notmuch_source_free,
  .finished = notmuch_source_finished,
};

/**
 * bv_notmuch_source_new:
 * @database_path: (nullable): a notmuch database folder, or %NULL for the
 *   one the notmuch configuration names
 * @query: (nullable): a notmuch query, or %NULL or "" for
 *   bv_notmuch_default_query(); "*" matches every message
 * @error: return location for an error
 *
 * Opens a notmuch database read-only and checks @query on it. The source
 * hands out one item a message, with its notmuch message id. A message
 * with several files is read from the first file that exists, plus any
 * file whose body differs from those chosen before. Run by the importer, it
 * reads only the messages added or changed since the last import of the
 * same database and query into the same BounceView database.
 *
 * The total for progress is what the query matches; once the importer
 * has prepared the source, it is what this import reads. It counts a
 * message once even when several of its files are read.
 *
 * Returns: (transfer full) (nullable): the source, or %NULL with @error
 *   set to %BV_SOURCE_ERROR_NOTMUCH when there is no database, or to
 *   %BV_SOURCE_ERROR_NOTMUCH_QUERY when the query is invalid
 */
BvSource *
bv_notmuch_source_new (const char  *database_path,
                       const char  *query,
                       GError     **error)
{
  NotmuchSource *self;
  notmuch_query_t *check;
  const char *uuid = NULL;
  guint total = 0;

  self = g_new0 (NotmuchSource, 1);
  self->files = g_ptr_array_new_with_free_func (g_free);
  self->query = g_strdup (query != NULL && *query != '\0' ? query : default_query);

  self->database = open_database (database_path, error);
  if (self->database == NULL)
    {
      notmuch_source_data_free (self);
      return NULL;
    }

  self->database_path = resolved_database_path (self->database);
  self->revision = nm.notmuch_database_get_revision (self->database, &uuid);
  self->uuid = g_strdup (uuid);
  self->state_key = bv_notmuch_state_key (self->database_path, self->query);

  check = create_query (self, self->query, &total, error);
  if (check == NULL)
    {
      notmuch_source_data_free (self);
      return NULL;
    }
  nm.notmuch_query_destroy (check);

  return bv_source_new_custom (BV_SOURCE_NOTMUCH, self->database_path, total,
                               &notmuch_source_class, self);
}
