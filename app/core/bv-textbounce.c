/* bv-textbounce.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Bounces without a DSN part: qmail, Exim, Sendmail's old transcripts,
 * Exchange and Office 365 notices, Gmail, Yahoo, appliances and small
 * MTAs each write their own prose. Their common shape is that each failed
 * recipient is at the start or the end of a line of its own, and the
 * server's reply follows it before the next recipient or the copy of the
 * original message. This file finds those lines and reads the block
 * after each one. */

#define G_LOG_DOMAIN "bounceview-decoder"

#include "bv-decoder-private.h"
#include "bv-textscan.h"
#include "bv-phrases.h"

#include <string.h>

static gboolean from_is_daemon (BvReport *report);

/* A report naming more recipients than this gives events for the first
 * ones, and its result names the limit. */
#define MAX_RECIPIENTS 10000

typedef enum
{
  MENTION_NONE,
  MENTION_WEAK,                 /* an address in running text */
  MENTION_STRONG,               /* an address that a line is about */
} MentionKind;

typedef struct
{
  char *address;
  char *original;               /* from "(expanded from <...>)" and the like */
  gsize line_start;             /* the line that introduces the recipient */
  gsize after;                  /* just after the address on that line */
  gsize line_end;
  gsize block_end;
  gsize details_start;          /* a list of the original's fields around the line, */
  gsize details_end;            /* when details_end is not 0 (find_details_list()) */
  guint first_mention;          /* its first and last index in Scan.mentions, */
  guint last_mention;           /* or G_MAXUINT when no strong line names it */
} Candidate;

/* Takes @address. */
static Candidate *
candidate_new (char  *address,
               gsize  line_start,
               gsize  after,
               gsize  line_end)
{
  Candidate *candidate = g_new0 (Candidate, 1);

  candidate->address = address;
  candidate->line_start = line_start;
  candidate->after = after;
  candidate->line_end = line_end;
  candidate->first_mention = G_MAXUINT;
  candidate->last_mention = G_MAXUINT;
  return candidate;
}

static void
candidate_free (gpointer data)
{
  Candidate *candidate = data;

  g_free (candidate->address);
  g_free (candidate->original);
  g_free (candidate);
}

/* Hashes an address ignoring ASCII case, to go with address_equal(). */
static guint
address_hash (gconstpointer key)
{
  guint hash = 5381;

  for (const char *p = key; *p != '\0'; p++)
    hash = hash * 33 + (guchar) g_ascii_tolower (*p);
  return hash;
}

static gboolean
address_equal (gconstpointer a,
               gconstpointer b)
{
  return g_ascii_strcasecmp (a, b) == 0;
}

/* The candidates of one kind, in the order the text names them. A
 * report may name MAX_RECIPIENTS of them, so a list longer than
 * SHORT_LIST is searched through a hash table and a sorted copy of its
 * line starts. With a search through the list for each lookup, the
 * parse of a text bounce that names 12,000 recipients took 19.4 billion
 * instructions, and 0.3 billion this way (callgrind, debug build). */
typedef struct
{
  GPtrArray *items;             /* (element-type Candidate) */
  GHashTable *by_address;       /* the items, keyed by their address, or NULL while
                                 * the list is short */
  GArray *sorted_starts;        /* (element-type gsize) line_start of the items, sorted,
                                 * or NULL until candidate_list_next_start() needs it */
} CandidateList;

/* Most reports name a few recipients, and for them a search through the
 * list costs less than building the hash table and the sorted copy. On
 * the import of 950 corpus files, creating them for every list cost
 * 1% more instructions (callgrind, release build). */
#define SHORT_LIST 16

static void
candidate_list_init (CandidateList *list)
{
  list->items = g_ptr_array_new_with_free_func (candidate_free);
  list->by_address = NULL;
  list->sorted_starts = NULL;
}

static void
candidate_list_clear (CandidateList *list)
{
  g_clear_pointer (&list->by_address, g_hash_table_unref);
  g_ptr_array_unref (list->items);
  g_clear_pointer (&list->sorted_starts, g_array_unref);
}

/* Adds @candidate, whose address must not be in the list yet. */
static void
candidate_list_add (CandidateList *list,
                    Candidate     *candidate)
{
  g_ptr_array_add (list->items, candidate);
  g_clear_pointer (&list->sorted_starts, g_array_unref);

  if (list->by_address != NULL)
    {
      g_hash_table_insert (list->by_address, candidate->address, candidate);
    }
  else if (list->items->len > SHORT_LIST)
    {
      list->by_address = g_hash_table_new (address_hash, address_equal);
      for (guint i = 0; i < list->items->len; i++)
        {
          Candidate *item = g_ptr_array_index (list->items, i);

          g_hash_table_insert (list->by_address, item->address, item);
        }
    }
}

/* Keeps only the first candidate. */
static void
candidate_list_keep_first (CandidateList *list)
{
  g_clear_pointer (&list->by_address, g_hash_table_unref);
  g_clear_pointer (&list->sorted_starts, g_array_unref);
  g_ptr_array_set_size (list->items, MIN (list->items->len, 1));
}

static Candidate *
find_candidate (CandidateList *list,
                const char    *address)
{
  if (list->by_address != NULL)
    return g_hash_table_lookup (list->by_address, address);

  for (guint i = 0; i < list->items->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (list->items, i);

      if (g_ascii_strcasecmp (candidate->address, address) == 0)
        return candidate;
    }
  return NULL;
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  gsize x = *(const gsize *) a;
  gsize y = *(const gsize *) b;

  return x < y ? -1 : x > y;
}

/* Returns the first line_start of the list's candidates after @from, or
 * G_MAXSIZE. */
static gsize
candidate_list_next_start (CandidateList *list,
                           gsize          from)
{
  GArray *starts;
  guint low = 0, high;

  if (list->items->len <= SHORT_LIST)
    {
      gsize next = G_MAXSIZE;

      for (guint i = 0; i < list->items->len; i++)
        {
          Candidate *candidate = g_ptr_array_index (list->items, i);

          if (candidate->line_start > from && candidate->line_start < next)
            next = candidate->line_start;
        }
      return next;
    }

  if (list->sorted_starts == NULL)
    {
      list->sorted_starts = g_array_sized_new (FALSE, FALSE, sizeof (gsize), list->items->len);
      for (guint i = 0; i < list->items->len; i++)
        {
          Candidate *candidate = g_ptr_array_index (list->items, i);

          g_array_append_val (list->sorted_starts, candidate->line_start);
        }
      g_array_sort (list->sorted_starts, compare_offsets);
    }
  starts = list->sorted_starts;

  high = starts->len;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (starts, gsize, middle) <= from)
        low = middle + 1;
      else
        high = middle;
    }
  return low < starts->len ? g_array_index (starts, gsize, low) : G_MAXSIZE;
}

/* Local parts that are never a failed recipient of a report. */
static gboolean
is_daemon_address (const char *address)
{
  static const char * const names[] = {
    "mailer-daemon@", "mailer_daemon@", "mailerdaemon@", "mail-daemon@", "mdaemon@",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strncasecmp (address, names[i], strlen (names[i])) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
has_prefix_ci (const char *text,
               gsize       length,
               const char *prefix)
{
  gsize n = strlen (prefix);

  return length >= n && g_ascii_strncasecmp (text, prefix, n) == 0;
}

/* Line starts that name the sender or the original message, never a
 * failed recipient. */
static const char * const sender_prefixes[] = {
  "from:", "sender:", "reply-to:", "return-path:", "mail from:", "original sender:",
  "envelope-from", "sender-mta:", "x-postfix-sender:", "message-id:", "in-reply-to:",
  "references:", "cc:", "sent:", "date:", "subject:", "von:", "de :", "de:", "expéditeur",
  "absender:", "x-sender:", "dkim-signature:", "list-unsubscribe:",
};

/* Line starts that announce a recipient address right after them. */
static const char * const recipient_prefixes[] = {
  "rcpt to:", "rcpt to :", "recipient address:", "recipient:", "recipients:", "address:",
  "failed recipient:", "final-recipient:", "original-recipient:", "mailto:", "to:",
  "destinataire :", "destinataire:", "empfänger:", "an:", "para:", "収信者:",
};

/* Words before an address that make it a person to write to or the
 * sender, not a failed recipient. */
static const char * const not_recipient_context[] = {
  "contact", "send mail to", "write to", "reply to", "questions", "email us", "e-mail us",
  "envelope-from", "sent by", "sender", "from ", "from:", "help", "support",
};

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t';
}

/* Tells whether one of @labels ends right before @start in @line, past
 * white space and the characters of @skip, and starts a word. */
static gboolean
label_before (const char         *line,
              gsize               start,
              const char         *skip,
              const char * const *labels,
              guint               n_labels)
{
  gsize p = start;

  while (p > 0 && (is_space (line[p - 1]) || strchr (skip, line[p - 1]) != NULL))
    p--;
  for (guint i = 0; i < n_labels; i++)
    {
      gsize n = strlen (labels[i]);

      if (p >= n && g_ascii_strncasecmp (line + p - n, labels[i], n) == 0 &&
          (p == n || !g_ascii_isalpha (line[p - n - 1])))
        return TRUE;
    }
  return FALSE;
}

static MentionKind
classify_mention (const char   *line,
                  gsize         length,
                  const BvSpan *span,
                  gboolean     *is_original)
{
  gsize start = 0;
  gsize end = span->end;
  guchar before = span->start > 0 ? line[span->start - 1] : ' ';

  *is_original = FALSE;

  /* Part of a URL ("...?Endpoint=someone@example.jp"). */
  if (before == '=' || before == '&' || before == '?' || before == '/')
    return MENTION_NONE;

  /* No mailbox but a message's name, right after its label: "Message-ID:
   * <a@b>" in a session log, "with Message-ID <a@b>" in a sentence. */
  {
    static const char * const labels[] = { "message-id", "message-id:", "in-reply-to:",
                                           "references:" };

    if (label_before (line, span->start, "<", labels, G_N_ELEMENTS (labels)))
      return MENTION_NONE;
  }

  while (start < span->start && (is_space (line[start]) || strchr ("*-•>#|", line[start]) != NULL))
    start++;

  for (guint i = 0; i < G_N_ELEMENTS (sender_prefixes); i++)
    if (has_prefix_ci (line + start, span->start - start, sender_prefixes[i]) &&
        g_ascii_strncasecmp (sender_prefixes[i], "to:", 3) != 0)
      return MENTION_NONE;

  /* "(expanded from <a@b>)", "(generated from a@b)": the address the
   * sender used, before an alias or forward turned it into the recipient. */
  {
    gsize look = span->start > 24 ? span->start - 24 : 0;

    if (bv_scan_find_phrase (line + look, span->start - look, "expanded from") != NULL ||
        bv_scan_find_phrase (line + look, span->start - look, "generated from") != NULL ||
        bv_scan_find_phrase (line + look, span->start - look, "original recipient") != NULL ||
        bv_scan_find_phrase (line + look, span->start - look, "forwarded from") != NULL)
      {
        *is_original = TRUE;
        return MENTION_NONE;
      }
  }

  /* The address opens the line, after bullets, brackets or a label such
   * as "RCPT TO:". */
  {
    gsize p = start;

    for (guint i = 0; i < G_N_ELEMENTS (recipient_prefixes); i++)
      if (has_prefix_ci (line + p, span->start - p, recipient_prefixes[i]))
        {
          p += strlen (recipient_prefixes[i]);
          if (g_ascii_strncasecmp (recipient_prefixes[i], "to:", 3) == 0 ||
              g_ascii_strncasecmp (recipient_prefixes[i], "an:", 3) == 0)
            {
              while (p < span->start && (is_space (line[p]) || strchr ("<\"'(", line[p]) != NULL))
                p++;
              return p == span->start ? MENTION_WEAK : MENTION_NONE;
            }
          break;
        }
    while (p < span->start && (is_space (line[p]) || strchr ("<\"'([", line[p]) != NULL))
      p++;
    if (p == span->start)
      return MENTION_STRONG;
  }

  /* A label right before the address: "Address: <a@b>", "RCPT TO: a@b",
   * as appliances write them inside a longer line. */
  {
    static const char * const labels[] = { "address:", "recipient:", "rcpt to:", "recipient address:" };

    if (label_before (line, span->start, "<\"", labels, G_N_ELEMENTS (labels)))
      return MENTION_STRONG;
  }

  /* Sendmail's per-recipient result: "550 <a@b>... User unknown". */
  {
    gsize p = start;

    if (p + 4 <= span->start && g_ascii_isdigit (line[p]) && g_ascii_isdigit (line[p + 1]) &&
        g_ascii_isdigit (line[p + 2]) && (line[p] == '4' || line[p] == '5') &&
        (line[p + 3] == ' ' || line[p + 3] == '-'))
      {
        p += 4;
        while (p < span->start && is_space (line[p]))
          p++;
        if (p + 1 == span->start && line[p] == '<' && span->end + 4 <= length &&
            memcmp (line + span->end, ">...", 4) == 0)
          return MENTION_STRONG;
      }
  }

  /* Otherwise the line must end with the address and the words before
   * it must be no diagnostic and no invitation to write somewhere. */
  while (end < length && (is_space (line[end]) || strchr (">\"':;.,)]", line[end]) != NULL))
    end++;
  if (end < length)
    return MENTION_WEAK;

  if (bv_scan_find_reply_code (line, span->start, NULL) != 0)
    return MENTION_WEAK;
  {
    BvSpan status;

    if (bv_scan_find_status (line, span->start, &status))
      return MENTION_WEAK;
  }
  for (guint i = 0; i < G_N_ELEMENTS (not_recipient_context); i++)
    if (bv_scan_find_phrase (line, span->start, not_recipient_context[i]) != NULL)
      return MENTION_NONE;

  return MENTION_STRONG;
}

/* The list of fields that ends right before a line, as
 * find_details_list() reads it backwards. */
typedef struct
{
  gsize line;                   /* the line after the list, or G_MAXSIZE for none */
  gsize start;                  /* the first line of the list */
  guint fields;
  gboolean about_original;      /* a field describes the original message */
  gboolean diagnostic;          /* a diagnostic field ends the list at its start */
} FieldsBefore;

typedef struct
{
  BvReport *report;
  const char *text;
  gsize length;
  CandidateList strong;
  CandidateList weak;
  CandidateList sender_side;    /* strong lines about the sender's own address */
  GArray *mentions;             /* (element-type Mention) every strong line, in text order */
  char *original_from;          /* the address of the returned original's sender */
  GPtrArray *contacts;          /* (element-type utf8) help desks the text offers to write to,
                                 * NULL until a help desk's address shows up */
  FieldsBefore last_fields;     /* the last list that read_fields_before() read */
  gboolean over_limit;          /* the text names more than MAX_RECIPIENTS strong candidates */
} Scan;

/* A line about a recipient; a recipient named again further on (in a
 * Sendmail transcript, say) has several. */
typedef struct
{
  gsize line_start;
  Candidate *candidate;
  guint next_same;              /* the next mention of the candidate, or G_MAXUINT */
  guint run_end;                /* the first mention after this one of another candidate */
} Mention;

static void
add_mention (Scan      *scan,
             gsize      line_start,
             Candidate *candidate)
{
  Mention mention = { line_start, candidate, G_MAXUINT, G_MAXUINT };
  guint index = scan->mentions->len;

  g_array_append_val (scan->mentions, mention);
  if (candidate->last_mention != G_MAXUINT)
    g_array_index (scan->mentions, Mention, candidate->last_mention).next_same = index;
  else
    candidate->first_mention = index;
  candidate->last_mention = index;
}

/* Sets the run_end of each mention, once the mentions are all found. */
static void
end_mention_runs (Scan *scan)
{
  guint n = scan->mentions->len;

  for (guint i = n; i-- > 0;)
    {
      Mention *mention = &g_array_index (scan->mentions, Mention, i);
      Mention *next = i + 1 < n ? mention + 1 : NULL;

      mention->run_end = next != NULL && next->candidate == mention->candidate ? next->run_end : i + 1;
    }
}

/* Local parts of help desks, which a report names for questions. */
static gboolean
is_help_desk (const char *address)
{
  static const char * const names[] = {
    "support@", "help@", "helpdesk@", "abuse@", "noc@", "hostmaster@", "webmaster@",
    "customer-service@", "customerservice@", "service@",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strncasecmp (address, names[i], strlen (names[i])) == 0)
      return TRUE;
  return FALSE;
}

/* Finds the help desks that a line offers to write to ("please contact
 * <support@isp.example>"). Such an address is no failed recipient
 * anywhere in the text, also where the same offer in another language
 * leaves it alone at the end of a line. */
static const char * const offers[] = { "contact", "write to", "questions", "assistance" };

static gboolean
has_offer (const char *line,
           gsize       length)
{
  static BvPhraseSet *set;

  BV_PHRASE_SET_ONCE (set, offers);
  return bv_phrase_set_contains (set, line, length);
}

static void
collect_contacts (Scan *scan)
{
  gsize pos = 0;

  scan->contacts = g_ptr_array_new_with_free_func (g_free);

  while (pos < scan->length)
    {
      const char *nl = memchr (scan->text + pos, '\n', scan->length - pos);
      gsize line_end = nl != NULL ? (gsize) (nl - scan->text) : scan->length;
      const char *line = scan->text + pos;
      gsize length = line_end - pos;
      gsize from = 0;
      BvSpan span;

      /* Most lines name no help desk: the cheap tests come first. */
      if (memchr (line, '@', length) != NULL && has_offer (line, length))
        {
          while (bv_scan_find_address (line, length, from, &span))
            {
              g_autofree char *raw = NULL;
              g_autofree char *address = NULL;

              from = span.end;
              /* The offer comes before the address it makes. */
              if (!is_help_desk (line + span.start) || !has_offer (line, span.start))
                continue;
              raw = g_strndup (line + span.start, span.end - span.start);
              address = bv_address_normalize (raw);
              if (address != NULL)
                g_ptr_array_add (scan->contacts, g_steal_pointer (&address));
            }
        }
      pos = line_end + 1;
    }
}

/* Excludes the report's own sender and the help desks that the text
 * offers to write to: neither is a failed recipient. */
static gboolean
is_excluded (Scan       *scan,
             const char *address)
{
  if (is_daemon_address (address))
    return TRUE;
  if (is_help_desk (address))
    {
      /* Read the offers of the whole text once, for the first help desk. */
      if (scan->contacts == NULL)
        collect_contacts (scan);
      for (guint i = 0; i < scan->contacts->len; i++)
        if (g_ascii_strcasecmp (address, g_ptr_array_index (scan->contacts, i)) == 0)
          return TRUE;
    }
  if (scan->report->from_address != NULL &&
      g_ascii_strcasecmp (address, scan->report->from_address) == 0)
    return TRUE;
  return FALSE;
}

/* The report goes to the original's sender, whose address shows up in
 * the text ("Your message to ... from you@..."). It is the failed
 * recipient only when a message to oneself bounced, so it counts only
 * when no other address does. */
static gboolean
is_sender_side (Scan       *scan,
                const char *address)
{
  if (scan->report->to_address != NULL &&
      g_ascii_strcasecmp (address, scan->report->to_address) == 0)
    return TRUE;
  if (scan->original_from != NULL && g_ascii_strcasecmp (address, scan->original_from) == 0)
    return TRUE;
  return FALSE;
}

/* Tells whether the last line with text before @pos introduces the
 * sender of the returned message: Exim writes "A message sent by", a
 * blank line, and the sender's address alone on its line. */
static gboolean
after_sender_intro (Scan  *scan,
                    gsize  pos)
{
  static const char * const intros[] = { "sent by", "message from", "sent from" };
  gsize end = pos;
  gsize start;

  while (end > 0 && (scan->text[end - 1] == '\n' || is_space (scan->text[end - 1])))
    end--;
  start = end;
  while (start > 0 && scan->text[start - 1] != '\n')
    start--;
  for (guint i = 0; i < G_N_ELEMENTS (intros); i++)
    {
      gsize n = strlen (intros[i]);

      if (end - start >= n && g_ascii_strncasecmp (scan->text + end - n, intros[i], n) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
scan_lines (Scan *scan)
{
  gsize pos = 0;
  Candidate *last_strong = NULL;

  while (pos < scan->length && !scan->over_limit)
    {
      const char *nl = memchr (scan->text + pos, '\n', scan->length - pos);
      gsize line_end = nl != NULL ? (gsize) (nl - scan->text) : scan->length;
      const char *line = scan->text + pos;
      gsize line_length = line_end - pos;
      gsize from = 0;
      BvSpan span;

      while (bv_scan_find_address (line, line_length, from, &span))
        {
          g_autofree char *raw = g_strndup (line + span.start, span.end - span.start);
          g_autofree char *address = bv_address_normalize (raw);
          gboolean is_original = FALSE;
          MentionKind kind;

          from = span.end;
          if (address == NULL || is_excluded (scan, address))
            continue;

          kind = classify_mention (line, line_length, &span, &is_original);
          if (kind == MENTION_STRONG && after_sender_intro (scan, pos))
            kind = MENTION_NONE;
          if (is_original && last_strong != NULL && last_strong->original == NULL &&
              g_ascii_strcasecmp (last_strong->address, address) != 0)
            {
              last_strong->original = g_strdup (address);
              continue;
            }
          if (kind == MENTION_NONE)
            continue;

          if (kind == MENTION_STRONG && is_sender_side (scan, address))
            {
              if (find_candidate (&scan->sender_side, address) == NULL)
                candidate_list_add (&scan->sender_side,
                                    candidate_new (g_steal_pointer (&address), pos,
                                                   pos + span.end, line_end));
              break;
            }

          if (kind == MENTION_STRONG)
            {
              Candidate *known = find_candidate (&scan->strong, address);

              if (known == NULL && scan->strong.items->len >= MAX_RECIPIENTS)
                {
                  scan->over_limit = TRUE;
                  break;
                }
              if (known == NULL)
                {
                  last_strong = candidate_new (g_steal_pointer (&address), pos, pos + span.end,
                                               line_end);
                  candidate_list_add (&scan->strong, last_strong);
                }
              else
                {
                  last_strong = known;
                }
              add_mention (scan, pos, last_strong);
              /* One recipient a line: the rest is its diagnostic. */
              break;
            }

          if (find_candidate (&scan->weak, address) == NULL)
            candidate_list_add (&scan->weak, candidate_new (g_steal_pointer (&address), pos,
                                                            pos + span.end, line_end));
        }

      pos = line_end + 1;
    }

  end_mention_runs (scan);
}

/* The end of the text about @candidate that starts at @from: the next
 * line that introduces another recipient of @list, or names another
 * recipient again. */
static gsize
segment_end (Scan          *scan,
             CandidateList *list,
             Candidate     *candidate,
             gsize          from,
             gsize          text_end)
{
  /* The strong candidate of the same address, whose mentions do not end the segment. */
  Candidate *twin = find_candidate (&scan->strong, candidate->address);
  gsize end = MIN (text_end, candidate_list_next_start (list, from));
  guint low = 0, high = scan->mentions->len;

  /* The first mention after @from. */
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (scan->mentions, Mention, middle).line_start <= from)
        low = middle + 1;
      else
        high = middle;
    }
  if (low < scan->mentions->len && g_array_index (scan->mentions, Mention, low).candidate == twin)
    low = g_array_index (scan->mentions, Mention, low).run_end;
  if (low < scan->mentions->len)
    end = MIN (end, g_array_index (scan->mentions, Mention, low).line_start);
  return end;
}

/* Each recipient's block runs to the line about the next one. */
static void
set_block_ends (Scan          *scan,
                CandidateList *list,
                gsize          text_end)
{
  for (guint i = 0; i < list->items->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (list->items, i);

      candidate->block_end = segment_end (scan, list, candidate, candidate->line_start, text_end);
    }
}

/* The SMTP command of @candidate's failure: named in its block, or where
 * the text names the recipient again (">>> RCPT To:<a@b>" in a Sendmail
 * transcript further down). */
/* The command of the first failing reply of a Sendmail transcript.
 * With pipelining, Sendmail sends ">>> MAIL", ">>> RCPT" and ">>> DATA"
 * before it reads the replies, so the n-th "<<< " reply is the reply to
 * the n-th ">>> " command. The lines of a reply of several lines
 * ("<<< 550-...") count once. NULL when the text has no such pair. */
static const char *
transcript_command (const char *text,
                    gsize       from,
                    gsize       end)
{
  static const char * const commands[] = { "MAIL", "RCPT", "DATA" };
  const char *sent[32];
  guint n_sent = 0;
  guint n_replies = 0;
  gsize line = from;

  while (line < end)
    {
      const char *newline = memchr (text + line, '\n', end - line);
      gsize line_end = newline != NULL ? (gsize) (newline - text) : end;
      const char *p = text + line;
      gsize length = line_end - line;

      while (length > 0 && is_space (*p))
        p++, length--;

      if (length > 4 && strncmp (p, ">>> ", 4) == 0 && n_sent < G_N_ELEMENTS (sent))
        {
          const char *word = NULL;

          for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
            if (length >= 8 && g_ascii_strncasecmp (p + 4, commands[i], 4) == 0)
              word = commands[i];
          sent[n_sent++] = word;
        }
      else if (length > 7 && strncmp (p, "<<< ", 4) == 0 && g_ascii_isdigit (p[4]) &&
               g_ascii_isdigit (p[5]) && g_ascii_isdigit (p[6]) && p[7] != '-')
        {
          if (p[4] == '4' || p[4] == '5')
            return n_replies < n_sent ? sent[n_replies] : NULL;
          n_replies++;
        }

      if (newline == NULL)
        break;
      line = line_end + 1;
    }
  return NULL;
}

static const char *
find_command (Scan      *scan,
              Candidate *candidate)
{
  const char *command = transcript_command (scan->text, candidate->line_start,
                                            candidate->block_end);
  Candidate *twin;

  if (command == NULL)
    command = bv_scan_smtp_command (scan->text + candidate->line_start,
                                    candidate->block_end - candidate->line_start);
  if (command != NULL)
    return command;

  /* The later lines about the same address. */
  twin = find_candidate (&scan->strong, candidate->address);
  for (guint j = twin != NULL ? twin->first_mention : G_MAXUINT; command == NULL && j != G_MAXUINT;)
    {
      Mention *mention = &g_array_index (scan->mentions, Mention, j);
      guint next = mention->next_same;
      gsize end;

      if (mention->line_start > candidate->line_start)
        {
          end = segment_end (scan, &scan->strong, candidate, mention->line_start, scan->length);
          command = bv_scan_smtp_command (scan->text + mention->line_start,
                                          end - mention->line_start);

          /* The later lines of this run have segments inside this one,
           * which names no command, so they name none either. */
          while (next != G_MAXUINT && next < mention->run_end)
            next = g_array_index (scan->mentions, Mention, next).next_same;
        }
      j = next;
    }
  return command;
}

/* The end of the paragraph that starts at @from: the first blank line. */
static gsize
paragraph_end (const char *text,
               gsize       from,
               gsize       limit)
{
  gsize pos = from;

  /* Skip blank lines right at the start. */
  while (pos < limit && (text[pos] == '\n' || is_space (text[pos])))
    pos++;

  while (pos < limit)
    {
      const char *nl = memchr (text + pos, '\n', limit - pos);
      gsize next;
      gboolean blank = TRUE;

      if (nl == NULL)
        return limit;
      next = nl - text + 1;
      for (gsize j = next; j < limit && text[j] != '\n'; j++)
        if (!is_space (text[j]))
          {
            blank = FALSE;
            break;
          }
      if (blank)
        return nl - text;
      pos = next;
    }
  return limit;
}

static gsize
line_start_of (const char *text,
               gsize       pos)
{
  while (pos > 0 && text[pos - 1] != '\n')
    pos--;
  return pos;
}

static char *
clean_diagnostic (const char *text,
                  gsize       length)
{
  char *collapsed = bv_scan_collapse_space (text, length);
  gsize n = strlen (collapsed);
  gsize start = 0;

  /* Leftovers of the recipient line ("<a@b>: ", "... ") and of quoting. */
  while (start < n && strchr (":>.)]'\" -", collapsed[start]) != NULL)
    start++;
  /* A closing quote stays when it closes a quote of the text ("Bad
   * destination host 'DNS Hard Error ...'"). An apostrophe between
   * letters ("Recipient's") is no quote. */
  while (n > start && strchr ("'\" ", collapsed[n - 1]) != NULL)
    {
      char quote = collapsed[n - 1];
      guint count = 0;

      for (gsize i = start; i < n && quote != ' '; i++)
        if (collapsed[i] == quote &&
            !(quote == '\'' && i > start && i + 1 < n && g_ascii_isalnum (collapsed[i - 1]) &&
              g_ascii_isalnum (collapsed[i + 1])))
          count++;
      if (quote != ' ' && count % 2 == 0)
        break;
      n--;
    }
  /* Exchange closes "<mx.example.net #5.1.1 smtp;550 ...>" with the
   * transport's name: "> #SMTP#". */
  if (n - start > 6 && strncmp (collapsed + n - 6, "#SMTP#", 6) == 0)
    {
      n -= 6;
      while (n > start && collapsed[n - 1] == ' ')
        n--;
    }

  /* The closing bracket of "(reason: 550 ...)" when its opening one was
   * left out with the words before the code, and the same for Exchange's
   * "<mx.example.net #5.1.1 smtp;550 ...>". */
  if (n > start && (collapsed[n - 1] == ')' || collapsed[n - 1] == '>'))
    {
      char close = collapsed[n - 1];
      char open = close == ')' ? '(' : '<';
      int depth = 0;

      for (gsize i = start; i < n; i++)
        {
          if (collapsed[i] == open)
            depth++;
          else if (collapsed[i] == close)
            depth--;
        }
      if (depth < 0)
        n--;
    }

  if (start > 0 || n < strlen (collapsed))
    {
      char *trimmed = g_strndup (collapsed + start, n - start);

      g_free (collapsed);
      collapsed = trimmed;
    }
  return collapsed;
}

static gboolean
has_words (const char *text)
{
  guint letters = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isalpha (*p) || (guchar) *p >= 0x80)
      if (++letters >= 6)
        return TRUE;
  return FALSE;
}

/* Tells whether the @length bytes at @text end in a colon, an ASCII
 * one or the full-width one of Chinese and Japanese, before any
 * trailing white space. */
static gboolean
ends_in_colon (const char *text,
               gsize       length)
{
  while (length > 0 && g_ascii_isspace (text[length - 1]))
    length--;
  return (length > 0 && text[length - 1] == ':') ||
         (length >= 3 && memcmp (text + length - 3, "\xef\xbc\x9a", 3) == 0);
}

/* A heading ("Technical details:") or a decoration line, no diagnosis.
 * Chinese and Japanese write no spaces between words and end a heading
 * with a full-width colon ("由于以下原因未能送达：", could not be
 * delivered for this reason:). */
static gboolean
is_heading (const char *text)
{
  gsize n = strlen (text);
  guint words = 1;
  gboolean colon = ends_in_colon (text, n);

  for (gsize i = 0; i < n; i++)
    if (text[i] == ' ')
      words++;
  if (colon && words <= 4)
    return TRUE;
  /* Exim: "The following text was generated during the delivery
   * attempt:", then "------ user@example.com ------", then the text. */
  if (colon && bv_scan_find_phrase (text, n, "the following") != NULL)
    return TRUE;
  if (n > 6 && strcmp (text + n - 3, "---") == 0)
    return TRUE;
  /* A title set off by marks on both sides: "** Message not delivered **". */
  if (n > 6 && strchr ("*=#", text[0]) != NULL && text[1] == text[0] &&
      text[n - 1] == text[0] && text[n - 2] == text[0])
    return TRUE;
  /* Exim's note under an address that an alias or a filter produced. */
  if (words <= 3 && g_ascii_strncasecmp (text, "generated by ", 13) == 0)
    return TRUE;

  /* Mostly '=', '-', '*' or '#'. */
  {
    gsize marks = 0;

    for (gsize i = 0; i < n; i++)
      if (strchr ("=-*#_", text[i]) != NULL)
        marks++;
    return n > 0 && marks * 2 > n && strlen (text) - marks < 30;
  }
}

/* From @from, the start of the first line at or after it that contains a
 * letter, staying before @end. The rest of @from's own line counts when
 * it contains one. */
static gsize
skip_to_next_words (const char *text,
                    gsize       from,
                    gsize       end)
{
  gsize pos = from;

  while (pos < end)
    {
      const char *nl = memchr (text + pos, '\n', end - pos);
      gsize line_end = nl != NULL ? (gsize) (nl - text) : end;

      for (gsize i = pos; i < line_end; i++)
        if (g_ascii_isalpha (text[i]) || (guchar) text[i] >= 0x80)
          return pos;
      if (nl == NULL)
        return end;
      pos = line_end + 1;
    }
  return end;
}

/* Returns where the paragraph from @from to @stop goes on after its first
 * line when that line only leads to what follows ("Reason:", "原因如
 * 下：", the reason is as follows:), or @from. */
static gsize
skip_heading_line (const char *text,
                   gsize       from,
                   gsize       stop)
{
  const char *newline = memchr (text + from, '\n', stop - from);
  gsize next;

  if (newline == NULL || !ends_in_colon (text + from, newline - (text + from)))
    return from;
  next = skip_to_next_words (text, newline + 1 - text, stop);
  return next < stop ? next : from;
}

/* Reads the label of a "Label: value" line from @line to @end into
 * @label, in lower case. A label starts with a letter and has up to 31
 * letters, digits, spaces, hyphens or parentheses: "RCPT TO",
 * "Size (in bytes)". */
static gboolean
read_field_label (const char *text,
                  gsize       line,
                  gsize       end,
                  char        label[32])
{
  gsize i = line;
  guint n = 0;

  while (i < end && (text[i] == ' ' || text[i] == '\t'))
    i++;
  if (i >= end || !g_ascii_isalpha (text[i]))
    return FALSE;

  for (; i < end && n < 31; i++)
    {
      char c = text[i];

      if (c == ':')
        {
          label[n] = '\0';
          return i + 1 >= end || text[i + 1] == ' ' || text[i + 1] == '\t' ||
                 text[i + 1] == '\n' || text[i + 1] == '\r';
        }
      if (!g_ascii_isalnum (c) && c != ' ' && c != '-' && c != '(' && c != ')')
        return FALSE;
      label[n++] = g_ascii_tolower (c);
    }
  return FALSE;
}

/* Tells whether a field's label names a diagnostic ("Reason",
 * "Diagnostic-Code", "Remote host said") rather than a field of the
 * original message ("Reply-To", "X-Spam-Status", "Message-ID"). */
static gboolean
is_diagnostic_label (const char *label)
{
  /* Labels that start with these. */
  static const char * const starts[] = {
    "diagnos", "reason", "error", "status", "remote", "problem", "explanation", "smtp",
    "response", "action", "result", "server", "host", "reply code",
  };
  /* Whole labels. */
  static const char * const whole[] = { "reply", "code", "message" };

  for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
    if (g_str_has_prefix (label, starts[i]))
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    if (strcmp (label, whole[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * bv_text_line_is_diagnostic_field:
 * @line: the start of a line
 * @length: its length, without the line end
 *
 * Tells whether the line is a field that states why delivery failed
 * ("Reason: ...", "Remote server said: ..."). Header blocks of returned
 * originals rarely contain such fields.
 */
gboolean
bv_text_line_is_diagnostic_field (const char *line,
                                  gsize       length)
{
  char label[32];

  return read_field_label (line, 0, length, label) && is_diagnostic_label (label);
}

/* The kind of one line in a list of fields. */
typedef enum
{
  LIST_LINE_BLANK,
  LIST_LINE_FIELD,
  LIST_LINE_DIAGNOSTIC,         /* a field whose label names a diagnostic */
  LIST_LINE_CONTINUED,          /* an indented line that carries on a value */
  LIST_LINE_OTHER,
} ListLine;

static ListLine
classify_list_line (const char *text,
                    gsize       line,
                    gsize       next,
                    gboolean    after_field,
                    gboolean   *about_original)
{
  char label[32];
  gsize i = line;

  while (i < next && g_ascii_isspace (text[i]))
    i++;
  if (i == next)
    return LIST_LINE_BLANK;

  if (!read_field_label (text, line, next, label))
    {
      /* An indented line after a field carries on its value. */
      if (after_field && (text[line] == ' ' || text[line] == '\t'))
        return LIST_LINE_CONTINUED;
      return LIST_LINE_OTHER;
    }
  if (is_diagnostic_label (label))
    return LIST_LINE_DIAGNOSTIC;
  if (strcmp (label, "subject") == 0 || strcmp (label, "from") == 0 ||
      g_str_has_prefix (label, "size") || g_str_has_prefix (label, "sent"))
    *about_original = TRUE;
  return LIST_LINE_FIELD;
}

/* Reads the list of fields right before @line backwards, up to a line
 * that is no field or a diagnostic field. Recipients listed one per
 * line share one list, so a walk that reaches the line of the last walk
 * takes the rest from it. Walking each list whole, the parse of 10,000
 * lines of "Recipient: <a@b>" took 8 s (debug build). */
static void
read_fields_before (Scan         *scan,
                    gsize         line,
                    FieldsBefore *list)
{
  const FieldsBefore *last = &scan->last_fields;
  gsize start = line;

  list->line = line;
  list->fields = 0;
  list->about_original = FALSE;
  list->diagnostic = FALSE;

  while (start > 0)
    {
      gsize previous;
      ListLine kind;

      if (start == last->line && last->line < line)
        {
          start = last->start;
          list->fields += last->fields;
          list->about_original = list->about_original || last->about_original;
          list->diagnostic = last->diagnostic;
          break;
        }

      previous = line_start_of (scan->text, start - 1);
      kind = classify_list_line (scan->text, previous, start, TRUE, &list->about_original);
      if (kind == LIST_LINE_DIAGNOSTIC)
        {
          list->diagnostic = TRUE;
          break;
        }
      if (kind != LIST_LINE_FIELD && kind != LIST_LINE_CONTINUED)
        break;
      if (kind == LIST_LINE_FIELD)
        list->fields++;
      start = previous;
    }

  list->start = start;
  scan->last_fields = *list;
}

/* Finds whether the recipient's line is one field in a list that only
 * describes the original message ("Subject: ...", "RCPT TO: a@b",
 * "Size (in bytes): 412"), with no diagnostic among the fields. Such a
 * list contains no reply for the recipient, whatever numbers it has, so
 * its span is set in @candidate for fill_from_whole_text() to skip. */
static gboolean
find_details_list (Scan      *scan,
                   Candidate *candidate)
{
  const char *text = scan->text;
  gsize end = MAX (candidate->block_end, candidate->line_end);
  gsize start;
  gboolean about_original;
  gboolean after_field = TRUE;
  guint fields;
  FieldsBefore before;
  char label[32];

  if (!read_field_label (text, candidate->line_start, end, label))
    return FALSE;

  /* The fields before the recipient's line, up to a blank line. */
  read_fields_before (scan, candidate->line_start, &before);
  if (before.diagnostic)
    return FALSE;
  start = before.start;
  fields = before.fields;
  about_original = before.about_original;

  /* The recipient's line and the rest of its block. */
  for (gsize line = candidate->line_start; line < end;)
    {
      const char *nl = memchr (text + line, '\n', end - line);
      gsize next = nl != NULL ? (gsize) (nl - text) + 1 : end;

      switch (classify_list_line (text, line, next, after_field, &about_original))
        {
        case LIST_LINE_FIELD:
          fields++;
          after_field = TRUE;
          break;
        case LIST_LINE_CONTINUED:
          break;
        case LIST_LINE_BLANK:
          after_field = FALSE;
          break;
        case LIST_LINE_DIAGNOSTIC:
        case LIST_LINE_OTHER:
        default:
          return FALSE;
        }
      line = next;
    }

  if (fields < 3 || !about_original)
    return FALSE;
  candidate->details_start = start;
  candidate->details_end = end;
  return TRUE;
}

/* Finds the value of a diagnostic field ("Reason: Mailbox full") in the
 * list of fields that the recipient's own line opens ("Recipient:
 * <a@b>"), with the value's continued lines. Sets @from and @stop to it. */
static gboolean
find_diagnostic_field (Scan      *scan,
                       Candidate *candidate,
                       gsize     *from,
                       gsize     *stop)
{
  const char *text = scan->text;
  gsize end = MAX (candidate->block_end, candidate->line_end);
  gsize line = candidate->line_end < end ? candidate->line_end + 1 : end;
  char label[32];

  if (!read_field_label (text, candidate->line_start, candidate->line_end, label))
    return FALSE;

  while (line < end)
    {
      const char *nl = memchr (text + line, '\n', end - line);
      gsize line_end = nl != NULL ? (gsize) (nl - text) : end;

      /* The list ends at a blank line. */
      if (line_end == line)
        return FALSE;
      if (!is_space (text[line]) && read_field_label (text, line, line_end, label) &&
          is_diagnostic_label (label))
        {
          const char *colon = memchr (text + line, ':', line_end - line);
          gsize value_end = line_end;

          /* Indented lines after it carry the value on. */
          while (value_end + 1 < end && is_space (text[value_end + 1]))
            {
              const char *next = memchr (text + value_end + 1, '\n', end - value_end - 1);

              value_end = next != NULL ? (gsize) (next - text) : end;
            }
          *from = colon - text + 1;
          *stop = value_end;
          return TRUE;
        }
      line = line_end + 1;
    }
  return FALSE;
}

/* Returns where the address of @candidate starts in its line, after
 * the bracket or quote that opens it. */
static gsize
address_start (const char *text,
               Candidate  *candidate)
{
  gsize address = candidate->after;

  while (address > candidate->line_start && strchr (" \t<(\"'[", text[address - 1]) == NULL)
    address--;
  return address;
}

/* Tells whether the address of @candidate is inside a sentence that
 * goes on after it on the same line: "Reason: Unable to deliver message
 * to <a@b> (and other recipients in the same domain)." Then the whole
 * sentence explains the failure, not its end. A line that only labels
 * the address ("Recipient: <a@b>", "<a@b>: User unknown") does not
 * count. On success @sentence_start is set to where the sentence begins,
 * after a short label such as "Reason:". */
static gboolean
address_inside_sentence (const char *text,
                         Candidate  *candidate,
                         gsize      *sentence_start)
{
  gsize line = candidate->line_start;
  gsize address;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *colon;

  /* Back to the start of the address, with its bracket. */
  address = address_start (text, candidate);
  if (address > line && text[address - 1] == '<')
    address--;

  after = bv_scan_collapse_space (text + candidate->after, candidate->line_end - candidate->after);
  before = bv_scan_collapse_space (text + line, address - line);
  if (!has_words (after) || ends_in_colon (before, strlen (before)))
    return FALSE;

  /* A short label first ("Reason:"), then the sentence's own words. */
  colon = strchr (before, ':');
  if (colon != NULL && colon - before <= 24)
    {
      if (!has_words (colon + 1))
        return FALSE;
      /* Collapsing changed only white space, so the first colon of the
       * copy is the first one of the line. */
      *sentence_start = (const char *) memchr (text + line, ':', address - line) + 1 - text;
      return TRUE;
    }
  if (!has_words (before))
    return FALSE;
  *sentence_start = line;
  return TRUE;
}

/* Lines that the reporting MTA adds under the server's reply about
 * what it did or will do: qmail's "Giving up on 192.0.2.5.", Sendmail's
 * "Warning: message still undelivered after 4 hours" and "Will keep
 * trying until message is 5 days old", and the "Remote MTA: ..." line
 * of QQ Mail's reports. */
static const char * const mta_note_lines[] = {
  "\ngiving up on ", "\nwarning: message still undelivered", "\nwill keep trying until",
  "\nremote mta:",
};

/* Returns where the first line of mta_note_lines between @from and
 * @stop starts, or @stop. A session log's next command ends the reply
 * too: Sendmail's ">>> QUIT", MDaemon's "Fri 2024-03-08 11:02:03.591:
 * --> QUIT". */
static gsize
cut_mta_notes (const char *text,
               gsize       from,
               gsize       stop)
{
  const char *newline;

  for (guint i = 0; i < G_N_ELEMENTS (mta_note_lines); i++)
    {
      const char *note = bv_scan_find_phrase (text + from, stop - from, mta_note_lines[i]);

      if (note != NULL)
        stop = note - text;
    }

  for (gsize line = from;
       (newline = memchr (text + line, '\n', stop - line)) != NULL;
       line = newline + 1 - text)
    {
      gsize next = newline + 1 - text;
      const char *line_end = memchr (text + next, '\n', stop - next);
      gsize length = (line_end != NULL ? (gsize) (line_end - text) : stop) - next;

      if ((length >= 4 && strncmp (text + next, ">>> ", 4) == 0) ||
          bv_scan_find_phrase (text + next, length, ": --> ") != NULL)
        return newline - text;
    }
  return stop;
}

/* Sendmail's transcript marks the server's replies with "<<< ". When
 * the line at @code_at is one, returns where the last of the reply
 * lines that follow each other ends, before Sendmail's own summary
 * line ("550 5.1.1 a@b... User unknown"); otherwise @stop. */
static gsize
end_of_reply_lines (const char *text,
                    gsize       code_at,
                    gsize       stop)
{
  gsize line = line_start_of (text, code_at);

  while (line < stop && text[line] == ' ')
    line++;
  if (stop - line < 4 || strncmp (text + line, "<<< ", 4) != 0)
    return stop;

  /* The lines of one reply: "<<< 550-..." goes on, "<<< 550 ..." ends it.
   * The next "<<< " line is the reply to another command. */
  while (stop - line >= 4 && strncmp (text + line, "<<< ", 4) == 0)
    {
      const char *newline = memchr (text + line, '\n', stop - line);
      gboolean goes_on = stop - line > 7 && text[line + 7] == '-';

      if (newline == NULL)
        return stop;
      line = newline + 1 - text;
      if (!goes_on)
        break;
    }
  /* Before the line break of the last reply line. */
  return line - 1;
}

/* Headings under which a report quotes the receiving server's reply,
 * as Gmail does ("The response was:"), or gives the reason in its own
 * words (Cisco's "The reason for the problem:"). */
static const char * const reply_headings[] = {
  "the response was:", "response from the remote server was:", "remote server said:",
  "remote server replied:", "server responded:", "the reason for the problem:",
};

/* Returns where the reply after the earliest heading of reply_headings
 * between @from and @end starts: right after the heading when the reply
 * goes on in its line ("Remote server replied: 550 ..."), else at the
 * next line. G_MAXSIZE when there is no such heading. */
static gsize
find_quoted_reply (const char *text,
                   gsize       from,
                   gsize       end)
{
  const char *earliest = NULL;
  const char *after = NULL;
  const char *newline;

  for (guint i = 0; i < G_N_ELEMENTS (reply_headings); i++)
    {
      const char *found = bv_scan_find_phrase (text + from, end - from, reply_headings[i]);

      if (found != NULL && (earliest == NULL || found < earliest))
        {
          earliest = found;
          after = found + strlen (reply_headings[i]);
        }
    }
  if (earliest == NULL)
    return G_MAXSIZE;

  newline = memchr (after, '\n', text + end - after);
  for (const char *p = after; p < (newline != NULL ? newline : text + end); p++)
    if (g_ascii_isalnum (*p))
      return after - text;
  return newline != NULL ? (gsize) (newline + 1 - text) : G_MAXSIZE;
}

/* Reads the diagnostic of one recipient from its block of text. */
static void
read_block (Scan      *scan,
            Candidate *candidate,
            BvEvent   *event)
{
  const char *text = scan->text;
  gsize start = candidate->after;
  gsize end = candidate->block_end;
  gsize code_at;
  gsize field_start;
  gsize field_end;
  BvSpan span;
  guint reply_code;
  g_autofree char *status = NULL;
  g_autofree char *diagnostic = NULL;
  g_autofree char *host = NULL;
  const char *command;

  if (end <= start)
    end = start;

  /* The reply is elsewhere; fill_from_whole_text() may find it. */
  if (find_details_list (scan, candidate))
    return;

  reply_code = bv_scan_find_reply_code (text + start, end - start, &span);
  if (reply_code != 0)
    {
      code_at = start + span.start;
    }
  else if (bv_scan_find_status (text + start, end - start, &span))
    {
      code_at = start + span.start;
    }
  else
    {
      code_at = G_MAXSIZE;
    }

  if (find_diagnostic_field (scan, candidate, &field_start, &field_end))
    {
      /* A list of fields gives the reason in one of them: that value is
       * the diagnostic, without the fields about the message. */
      diagnostic = clean_diagnostic (text + field_start, field_end - field_start);
      bv_scan_codes (text + field_start, field_end - field_start, &event->reply_code, &status);
    }
  else if (code_at != G_MAXSIZE)
    {
      gsize from = code_at;
      gsize stop = paragraph_end (text, code_at, end);

      /* Keep the words right before a code that opens no line:
       * "Remote host said: 550 ..." keeps only the reply, but
       * "User unknown (#5.1.1)" keeps the words too. */
      if (reply_code == 0)
        from = MAX (line_start_of (text, code_at), start);

      /* qmail says what it did before "Remote host said:" ("Connected to
       * 192.0.2.1 but my name was rejected."); that line belongs to the
       * diagnostic. */
      {
        gsize line = line_start_of (text, code_at);
        gsize previous = line > start ? line_start_of (text, line - 1) : line;

        if (reply_code != 0 && previous >= start && previous < line &&
            bv_scan_find_phrase (text + line, code_at - line, "remote host said") != NULL &&
            bv_scan_find_phrase (text + previous, line - previous, "connected to") != NULL)
          from = previous;
      }
      stop = end_of_reply_lines (text, code_at, stop);
      stop = cut_mta_notes (text, code_at, stop);
      diagnostic = clean_diagnostic (text + from, stop - from);
      bv_scan_codes (text + from, stop - from, &event->reply_code, &status);
    }
  else
    {
      gsize from = start;
      gsize stop;
      gsize sentence = 0;
      gsize limit = end;
      gsize reply = G_MAXSIZE;

      /* An address that no line names, taken from X-Failed-Recipients
       * or from the returned message: the server's reply that the text
       * quotes explains more than its first paragraph. */
      if (candidate->line_start == candidate->after)
        reply = find_quoted_reply (text, 0, scan->length);

      if (reply != G_MAXSIZE)
        {
          from = reply;
          limit = scan->length;
        }
      else if (address_inside_sentence (text, candidate, &sentence))
        {
          from = sentence;
        }
      /* Nothing after the address on its line: the diagnostic is the
       * next paragraph ("<a@b>.", a blank line, then the reason), unless
       * that is only a heading or a rule of '=' characters. */
      from = skip_to_next_words (text, from, limit);
      stop = cut_mta_notes (text, from, paragraph_end (text, from, limit));
      from = skip_heading_line (text, from, stop);
      diagnostic = clean_diagnostic (text + from, stop - from);
      while (!has_words (diagnostic) || is_heading (diagnostic))
        {
          gsize next = skip_to_next_words (text, stop, limit);

          if (next >= limit || next == stop)
            break;
          from = next;
          stop = paragraph_end (text, from, limit);
          g_free (diagnostic);
          diagnostic = clean_diagnostic (text + from, stop - from);
        }

      if (!has_words (diagnostic))
        {
          /* "User mailbox exceeds allowed size: a@b": the words come first.
           * A line of the address alone has none. */
          gsize address = address_start (text, candidate);
          g_autofree char *before = NULL;

          before = clean_diagnostic (text + candidate->line_start,
                                     address - candidate->line_start);
          g_free (diagnostic);
          diagnostic = NULL;
          if (has_words (before) && strlen (before) >= 12)
            diagnostic = clean_diagnostic (text + candidate->line_start,
                                           candidate->after - candidate->line_start);
        }
    }

  if (diagnostic != NULL && *diagnostic != '\0')
    bv_take_string (&event->diagnostic, g_steal_pointer (&diagnostic));
  if (status != NULL)
    bv_set_string (&event->status, status);

  command = find_command (scan, candidate);
  bv_set_string (&event->smtp_command, command);

  host = bv_scan_remote_host (text + start, end - start);
  bv_set_string (&event->remote_mta, host);

  if (candidate->original != NULL)
    bv_set_string (&event->original_recipient, candidate->original);
}

/* Finds the first reply code and the first status code between @from
 * and @to; returns where the earlier of them starts, or G_MAXSIZE. */
static gsize
find_codes (Scan   *scan,
            gsize   from,
            gsize   to,
            guint  *reply_code,
            char  **status)
{
  BvSpan span;
  gsize code_at = G_MAXSIZE;

  *reply_code = bv_scan_find_reply_code (scan->text + from, to - from, &span);
  if (*reply_code != 0)
    code_at = from + span.start;
  if (bv_scan_find_status (scan->text + from, to - from, &span))
    {
      *status = g_strndup (scan->text + from + span.start, span.end - span.start);
      code_at = MIN (code_at, from + span.start);
    }
  return code_at;
}

/* Looks for the reply in the whole text, except in a list of the
 * original message's fields that @candidate's line belongs to. */
static void
fill_from_whole_text (Scan      *scan,
                      Candidate *candidate,
                      BvEvent   *event)
{
  gsize skip_start = candidate->details_end > 0 ? candidate->details_start : scan->length;
  gsize skip_end = candidate->details_end > 0 ? candidate->details_end : scan->length;
  g_autofree char *status = NULL;
  guint reply_code = 0;
  gsize code_at = find_codes (scan, 0, skip_start, &reply_code, &status);

  if (code_at == G_MAXSIZE && skip_end < scan->length)
    code_at = find_codes (scan, skip_end, scan->length, &reply_code, &status);
  if (code_at == G_MAXSIZE)
    return;

  event->reply_code = reply_code;
  bv_set_string (&event->status, status);
  if (event->diagnostic == NULL)
    {
      gsize stop = paragraph_end (scan->text, code_at, scan->length);

      if (code_at < skip_start)
        stop = MIN (stop, skip_start);

      bv_take_string (&event->diagnostic, clean_diagnostic (scan->text + code_at, stop - code_at));
    }
}

/* Phrases of reports whose message is still queued and will be
 * tried again: a deferral, not a bounce. */
static const char * const delay_phrases[] = {
  "will be retried", "still being retried", "will retry", "will continue trying",
  "not yet been delivered", "has not yet been delivered", "delayed", "warning only",
  "this is a warning", "still trying", "will try again", "no need to resend",
  "do not need to resend", "will keep trying", "temporarily deferred",
};

static gboolean
report_says_delayed (BvReport   *report,
                     const char *text,
                     gsize       length)
{
  static BvPhraseSet *delays;

  if (bv_scan_find_phrase (report->subject, strlen (report->subject), "delay") != NULL ||
      bv_scan_find_phrase (report->subject, strlen (report->subject), "warning") != NULL)
    return TRUE;

  BV_PHRASE_SET_ONCE (delays, delay_phrases);
  return bv_phrase_set_contains (delays, text, length);
}

static void
add_addresses_of_header (GPtrArray  *out,
                         const char *value)
{
  gsize length = strlen (value);
  gsize from = 0;
  BvSpan span;

  while (bv_scan_find_address (value, length, from, &span))
    {
      g_autofree char *raw = g_strndup (value + span.start, span.end - span.start);
      char *address = bv_address_normalize (raw);

      from = span.end;
      if (address != NULL)
        g_ptr_array_add (out, address);
    }
}

static void
scan_init (Scan     *scan,
           BvReport *report)
{
  BvSpan span;

  scan->report = report;
  scan->text = report->text->str;
  scan->length = report->text_end;
  candidate_list_init (&scan->strong);
  candidate_list_init (&scan->weak);
  candidate_list_init (&scan->sender_side);
  scan->mentions = g_array_new (FALSE, FALSE, sizeof (Mention));
  scan->contacts = NULL;
  scan->original_from = NULL;
  scan->last_fields.line = G_MAXSIZE;
  scan->over_limit = FALSE;
  if (report->original_from != NULL &&
      bv_scan_find_address (report->original_from, strlen (report->original_from), 0, &span))
    {
      g_autofree char *raw = g_strndup (report->original_from + span.start,
                                        span.end - span.start);

      scan->original_from = bv_address_normalize (raw);
    }
}

static void
scan_clear (Scan *scan)
{
  candidate_list_clear (&scan->strong);
  candidate_list_clear (&scan->weak);
  candidate_list_clear (&scan->sender_side);
  g_array_unref (scan->mentions);
  g_clear_pointer (&scan->contacts, g_ptr_array_unref);
  g_free (scan->original_from);
}

static void
scan_free (gpointer data)
{
  scan_clear (data);
  g_free (data);
}

/* Where DSN fields stand in the body of a report (Amazon WorkMail, old
 * Sendmail reports with a broken MIME structure), they are decoded as a
 * DSN. Returns the offset of the first field line, or G_MAXSIZE. */
static gsize
find_inline_dsn (const char *text,
                 gsize       length)
{
  gsize pos = 0;
  gsize first_field = G_MAXSIZE;
  gboolean has_recipient = FALSE, has_status = FALSE;

  while (pos < length)
    {
      const char *nl = memchr (text + pos, '\n', length - pos);
      gsize end = nl != NULL ? (gsize) (nl - text) : length;
      const char *line = text + pos;
      gsize n = end - pos;

      if (has_prefix_ci (line, n, "final-recipient:") || has_prefix_ci (line, n, "original-recipient:"))
        {
          has_recipient = TRUE;
          if (first_field == G_MAXSIZE)
            first_field = pos;
        }
      else if (has_prefix_ci (line, n, "action:") || has_prefix_ci (line, n, "status:"))
        {
          has_status = TRUE;
        }
      else if (has_prefix_ci (line, n, "reporting-mta:") && first_field == G_MAXSIZE)
        {
          first_field = pos;
        }
      pos = end + 1;
    }

  return has_recipient && has_status ? first_field : G_MAXSIZE;
}

/* The text after the copy of the original message names no recipient,
 * so a cut there loses none. */
static void
note_text_cut (BvReport *report)
{
  if (report->text_end >= report->text->len)
    bv_report_note_text_cut (report);
}

/**
 * bv_text_bounce_decode:
 * @report: a report
 *
 * Reads the recipients and their diagnostics from the readable text of
 * @report.
 *
 * Returns: %TRUE when at least one event was made
 */
gboolean
bv_text_bounce_decode (BvReport *report)
{
  Scan scan;
  g_autoptr(GPtrArray) failed = g_ptr_array_new_with_free_func (g_free);
  const char *failed_header;
  gboolean delayed;
  gsize inline_dsn;
  CandidateList *chosen = NULL;

  if (report->dsn_part == NULL)
    {
      inline_dsn = find_inline_dsn (report->text->str, report->text_end);
      if (inline_dsn != G_MAXSIZE &&
          bv_dsn_decode_text (report, report->text->str + inline_dsn, report->text_end - inline_dsn))
        {
          note_text_cut (report);
          return TRUE;
        }
    }

  scan_init (&scan, report);
  scan_lines (&scan);

  /* Exim names every failed recipient in X-Failed-Recipients. */
  failed_header = report->fields[BV_FIELD_X_FAILED_RECIPIENTS];
  if (failed_header != NULL)
    add_addresses_of_header (failed, failed_header);

  /* The lines of the text come first: Exim's X-Failed-Recipients
   * contains the address after rewriting, the text the one the sender used. */
  if (scan.strong.items->len == 0 && failed->len > 0)
    {
      for (guint i = 0; i < failed->len; i++)
        {
          const char *address = g_ptr_array_index (failed, i);
          Candidate *weak = find_candidate (&scan.sender_side, address);

          if (weak == NULL)
            weak = find_candidate (&scan.weak, address);

          if (find_candidate (&scan.strong, address) != NULL)
            continue;
          if (scan.strong.items->len >= MAX_RECIPIENTS)
            {
              scan.over_limit = TRUE;
              break;
            }

          if (weak != NULL)
            candidate_list_add (&scan.strong, candidate_new (g_strdup (address), weak->line_start,
                                                             weak->after, weak->line_end));
          else
            candidate_list_add (&scan.strong, candidate_new (g_strdup (address), scan.length,
                                                             scan.length, scan.length));
        }
      chosen = &scan.strong;
    }
  else if (scan.strong.items->len > 0)
    {
      chosen = &scan.strong;
    }
  else if (scan.sender_side.items->len > 0)
    {
      chosen = &scan.sender_side;
    }
  else if (scan.weak.items->len > 0)
    {
      /* No line is about an address: the first one mentioned will do. */
      candidate_list_keep_first (&scan.weak);
      chosen = &scan.weak;
    }
  else if (report->original_to != NULL && from_is_daemon (report))
    {
      /* A daemon's report that names no address ("Delivery report
       * unavailable"): the returned original's To field names where it went. */
      g_autoptr(GPtrArray) to = g_ptr_array_new_with_free_func (g_free);

      add_addresses_of_header (to, report->original_to);
      for (guint i = 0; i < to->len && i < 1; i++)
        candidate_list_add (&scan.weak, candidate_new (g_strdup (g_ptr_array_index (to, i)),
                                                       0, 0, 0));
      if (scan.weak.items->len > 0)
        chosen = &scan.weak;
    }

  if (chosen == NULL)
    {
      scan_clear (&scan);
      return FALSE;
    }
  if (scan.over_limit)
    bv_report_set_truncation (report, "the report names more than %d recipients in its text; "
                              "only the first %d were read", MAX_RECIPIENTS, MAX_RECIPIENTS);

  set_block_ends (&scan, chosen, scan.length);
  delayed = report_says_delayed (report, scan.text, scan.length);

  /* Sendmail: "The original message was received at Tue, 10 Mar 2026
   * 10:02:05 +0100". */
  if (report->arrival_date == 0)
    {
      static const char received_at[] = "original message was received at ";
      const char *at = memmem (scan.text, scan.length, received_at, strlen (received_at));

      if (at != NULL)
        {
          const char *date = at + strlen (received_at);
          const char *line_end = memchr (date, '\n', scan.text + scan.length - date);
          g_autofree char *value = g_strndup (date, line_end != NULL ? (gsize) (line_end - date) :
                                                                     (gsize) (scan.text + scan.length - date));

          report->arrival_date = bv_parse_date (value);
        }
    }

  for (guint i = 0; i < chosen->items->len; i++)
    {
      Candidate *candidate = g_ptr_array_index (chosen->items, i);
      BvEvent *event = bv_report_add_event (report, BV_EVENT_BOUNCE);

      bv_set_string (&event->recipient, candidate->address);
      read_block (&scan, candidate, event);
      event->arrival_date = report->arrival_date;

      /* A report about one recipient may give the reply before naming
       * the recipient ("Could not be delivered because of 550 5.1.1 User
       * unknown. The following recipients were affected: ..."). */
      if (chosen->items->len == 1 && event->reply_code == 0 && event->status == NULL)
        fill_from_whole_text (&scan, candidate, event);

      if (delayed && (event->status == NULL || event->status[0] != '5') &&
          (event->reply_code == 0 || event->reply_code / 100 != 5))
        event->type = BV_EVENT_DEFERRAL;
      else if (event->status != NULL && event->status[0] == '2')
        event->type = BV_EVENT_DELIVERY;
      bv_set_string (&event->action, event->type == BV_EVENT_DEFERRAL ? "delayed" :
                                     event->type == BV_EVENT_DELIVERY ? "delivered" : "failed");
    }

  scan_clear (&scan);
  note_text_cut (report);
  if (report->format == NULL)
    report->format = "text";
  return TRUE;
}

/* Checks whether the text after a recipient's address can serve as its
 * diagnostic. In "kijitora@example.net; Action: Delayed", what follows
 * the address is a copy of a DSN field and explains nothing. */
static gboolean
is_diagnostic_text (const char *text)
{
  if (text == NULL)
    return FALSE;

  while (*text == ';' || *text == ',' || *text == ':' || *text == '-' || g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return FALSE;

  /* "Action:" and one word, with nothing after it. */
  if (g_ascii_strncasecmp (text, "action:", 7) == 0)
    {
      const char *word = text + 7;

      while (*word == ' ')
        word++;
      while (g_ascii_isalpha (*word))
        word++;
      if (*word == '\0')
        return FALSE;
    }
  return TRUE;
}

/**
 * bv_text_bounce_fill_event:
 * @report: a report
 * @event: an event made from a DSN part
 *
 * Completes @event with what only the readable text contains: the reply
 * code, a specific status code, the SMTP command and the remote host.
 */
void
bv_text_bounce_fill_event (BvReport *report,
                           BvEvent  *event)
{
  Scan *scan;
  Candidate *candidate;
  g_autoptr(BvEvent) found = NULL;

  if (event->recipient == NULL || report->text_end == 0)
    return;
  if (event->reply_code != 0 && event->smtp_command != NULL && event->remote_mta != NULL &&
      event->diagnostic != NULL)
    return;

  /* Reports with several recipients ask once for each; read the text once. */
  if (report->text_scan == NULL)
    {
      scan = g_new0 (Scan, 1);
      scan_init (scan, report);
      scan_lines (scan);
      set_block_ends (scan, &scan->strong, scan->length);
      report->text_scan = scan;
      report->text_scan_free = scan_free;
    }
  scan = report->text_scan;

  candidate = find_candidate (&scan->strong, event->recipient);
  if (candidate == NULL && event->original_recipient != NULL)
    candidate = find_candidate (&scan->strong, event->original_recipient);
  if (candidate == NULL)
    {
      /* No line is about the address ("The following message to <a@b>
       * was undeliverable."), but the text may still give the reason
       * under a heading such as "The reason for the problem:". */
      gsize reply = event->diagnostic == NULL && event->type != BV_EVENT_DELIVERY
                    ? find_quoted_reply (scan->text, 0, scan->length) : G_MAXSIZE;

      if (reply != G_MAXSIZE)
        {
          gsize from = skip_to_next_words (scan->text, reply, scan->length);
          gsize stop = cut_mta_notes (scan->text, from,
                                      paragraph_end (scan->text, from, scan->length));
          g_autofree char *diagnostic = clean_diagnostic (scan->text + from, stop - from);

          if (has_words (diagnostic) && !is_heading (diagnostic))
            bv_take_string (&event->diagnostic, g_steal_pointer (&diagnostic));
        }
      return;
    }

  found = bv_event_new (event->type);
  read_block (scan, candidate, found);

  if (event->reply_code == 0 && found->reply_code != 0 &&
      (event->status == NULL || found->reply_code / 100 == (guint) (event->status[0] - '0')))
    event->reply_code = found->reply_code;
  if (event->smtp_command == NULL)
    bv_set_string (&event->smtp_command, found->smtp_command);
  if (event->remote_mta == NULL)
    bv_set_string (&event->remote_mta, found->remote_mta);
  /* A delivered message has no failure to describe: the line near its
   * address is something else ("Subject: ..."). */
  if (event->diagnostic == NULL && event->type != BV_EVENT_DELIVERY &&
      is_diagnostic_text (found->diagnostic))
    bv_set_string (&event->diagnostic, found->diagnostic);
  if ((event->status == NULL || g_str_has_suffix (event->status, ".0.0")) && found->status != NULL &&
      !g_str_has_suffix (found->status, ".0.0") &&
      (event->status == NULL || event->status[0] == found->status[0]))
    bv_set_string (&event->status, found->status);
}

/* Subjects of bounces in the languages seen in real mail. */
static const char * const bounce_subjects[] = {
  "undeliver", "undelivered", "delivery fail", "delivery status notification",
  "returned mail", "mail delivery failed", "failure notice", "delivery failure",
  "could not be delivered", "mail system error", "nondeliverable", "non-deliverable",
  "non delivery", "non-delivery", "returned to sender", "delivery problem",
  "delivery notification", "delayed mail", "delivery delayed", "message delayed",
  "warning: could not send", "mail could not be delivered", "unzustellbar",
  "nicht zustellbar", "non remis", "non recapitabile", "no se puede entregar",
  "permanent delivery failure", "delivery report", "message not delivered",
  "message delivery has failed", "bounce", "rejected", "error sending",
};

/* Sentences only delivery reports write. */
static const char * const bounce_phrases[] = {
  "could not be delivered to", "was not delivered to", "delivery to the following recipient",
  "following addresses had permanent", "following address(es) failed", "message could not be delivered",
  "unable to deliver message to", "delivery has failed to these recipients",
  "i'm afraid i wasn't able to deliver", "your message did not reach",
  "undeliverable message", "permanent delivery failure",
};

/* Subject prefixes of a forward or a reply, in several languages: a
 * person who writes about a bounce may quote it, with its code and
 * address, and suggest other addresses. */
static const char * const person_prefixes[] = {
  "fwd:", "fw:", "wg:", "tr:", "rv:", "enc:", "doorst:", "vs:", "i:", "転送:",
  "re:", "aw:", "sv:", "antw:", "odp:", "rif:", "回复:", "答复:", "回覆:", "返信:",
};

/**
 * bv_text_bounce_from_daemon:
 * @report: a report
 *
 * Returns: %TRUE when the report comes from a mail system rather than
 *   from a person: MAILER-DAEMON, postmaster and their relatives
 */
gboolean
bv_text_bounce_from_daemon (BvReport *report)
{
  return from_is_daemon (report);
}

static gboolean
from_is_daemon (BvReport *report)
{
  const char *from = report->fields[BV_FIELD_FROM];
  static const char * const names[] = {
    "mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "postmaster",
    "post_master", "mail delivery", "mail.delivery", "mdaemon", "mail administrator",
    "no-reply@sns.amazonaws.com", "bounce", "mailadmin", "ndr administrator",
  };

  if (from == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (bv_scan_find_phrase (from, strlen (from), names[i]) != NULL)
      return TRUE;
  return FALSE;
}

/**
 * bv_text_bounce_has_signals:
 * @report: a report with no DSN part
 *
 * Tells whether a message without a DSN part is worth reading as a
 * bounce: a daemon sender, a bounce subject, X-Failed-Recipients or a
 * multipart/report wrapper. A forward or a reply written by a person is
 * not a bounce, whatever it quotes.
 *
 * Returns: %TRUE when the message looks like a bounce
 */
gboolean
bv_text_bounce_has_signals (BvReport *report)
{
  static BvPhraseSet *phrases;
  const char *subject = report->subject;
  gsize subject_length = strlen (subject);
  gboolean daemon = from_is_daemon (report);
  const char *subject_start = subject;

  if (report->fields[BV_FIELD_X_FAILED_RECIPIENTS] != NULL)
    return TRUE;
  if (report->is_multipart_report && report->report_type != NULL &&
      g_ascii_strcasecmp (report->report_type, "delivery-status") == 0)
    return TRUE;

  while (*subject_start == ' ')
    subject_start++;
  for (guint i = 0; i < G_N_ELEMENTS (person_prefixes); i++)
    if (g_ascii_strncasecmp (subject_start, person_prefixes[i], strlen (person_prefixes[i])) == 0)
      return daemon;

  if (daemon)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (bounce_subjects); i++)
    if (bv_scan_find_phrase (subject, subject_length, bounce_subjects[i]) != NULL)
      return TRUE;

  /* Reports from no-reply senders with a subject in another language
   * still describe the failure in English. */
  BV_PHRASE_SET_ONCE (phrases, bounce_phrases);
  return bv_phrase_set_contains (phrases, report->text->str, report->text_end);
}
