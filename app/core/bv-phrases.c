/* bv-phrases.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Multi-phrase search: an Aho-Corasick automaton over a small alphabet
 * (letters folded to lower case, digits, the punctuation that phrases
 * use, one class for white space and one for everything else), turned
 * into a table of transitions so that a text costs one lookup a byte,
 * however many phrases the set holds. */

#include "bv-phrases.h"
#include "bv-textscan.h"

#include <string.h>

#define N_CLASSES 64

/* Each phrase belongs to one of up to 4 groups; a search can leave some
 * groups out. For every state the automaton keeps the best phrase of
 * each group that ends there or in one of its suffixes. */
#define N_GROUPS 4

struct _BvPhraseSet
{
  guint16 (*next)[N_CLASSES];
  gint32 (*best)[N_GROUPS];      /* per state and group: lowest phrase number, or -1 */
  gint32 *best_of_all;           /* per state: the lowest phrase number of any group, or -1 */
  guint8 *depth_of;              /* length of the phrase a final state ends, for positions */
  guint16 *length;               /* per phrase */
  guint n_states;
  guint8 class_of[256];
};

static void
init_classes (BvPhraseSet *set)
{
  const char *punctuation = " .-_:;,'\"()[]<>/|#@!?+=&*%$";
  guint next = 1;

  memset (set->class_of, 0, sizeof set->class_of);
  for (int c = 'a'; c <= 'z'; c++)
    set->class_of[c] = set->class_of[(guchar) g_ascii_toupper (c)] = next++;
  for (int c = '0'; c <= '9'; c++)
    set->class_of[c] = next++;
  for (const char *p = punctuation; *p != '\0'; p++)
    set->class_of[(guchar) *p] = next++;

  /* Every kind of white space is one space. */
  set->class_of['\t'] = set->class_of['\n'] = set->class_of['\r'] = set->class_of[' '];
  g_assert (next <= N_CLASSES);
}

static guint
add_state (BvPhraseSet *set,
           guint       *capacity)
{
  if (set->n_states == *capacity)
    {
      *capacity *= 2;
      set->next = g_realloc (set->next, *capacity * sizeof *set->next);
      set->best = g_realloc (set->best, *capacity * sizeof *set->best);
    }
  memset (set->next[set->n_states], 0, sizeof *set->next);
  for (guint g = 0; g < N_GROUPS; g++)
    set->best[set->n_states][g] = -1;
  return set->n_states++;
}

/**
 * bv_phrase_set_new:
 * @phrases: (array length=n_phrases): lower-case ASCII phrases with single spaces
 * @n_phrases: their count
 * @groups: (array length=n_phrases) (nullable): the group (0 to 3) of each phrase
 *
 * Builds the automaton. Sets are built once and live as long as the
 * program; searching one from several threads at once is safe.
 *
 * Returns: (transfer full): the set
 */
BvPhraseSet *
bv_phrase_set_new (const char * const *phrases,
                   gsize               n_phrases,
                   const guint8       *groups)
{
  BvPhraseSet *set = g_new0 (BvPhraseSet, 1);
  guint capacity = 256;
  guint *fail, *queue;
  guint head = 0, tail = 0;

  init_classes (set);
  set->next = g_malloc (capacity * sizeof *set->next);
  set->best = g_malloc (capacity * sizeof *set->best);
  set->length = g_new0 (guint16, n_phrases);
  add_state (set, &capacity);

  for (gsize r = 0; r < n_phrases; r++)
    {
      guint state = 0;
      guint group = groups != NULL ? groups[r] : 0;

      g_assert (group < N_GROUPS);
      set->length[r] = strlen (phrases[r]);
      for (const char *p = phrases[r]; *p != '\0'; p++)
        {
          guint8 c = set->class_of[(guchar) *p];

          if (set->next[state][c] == 0)
            {
              guint child = add_state (set, &capacity);

              g_assert (child <= G_MAXUINT16);
              set->next[state][c] = child;
            }
          state = set->next[state][c];
        }

      if (set->best[state][group] < 0 || (gint32) r < set->best[state][group])
        set->best[state][group] = r;
    }

  /* Failure links, breadth first, folded into the transitions. */
  fail = g_new0 (guint, set->n_states);
  queue = g_new (guint, set->n_states);

  for (guint c = 0; c < N_CLASSES; c++)
    if (set->next[0][c] != 0)
      queue[tail++] = set->next[0][c];

  while (head < tail)
    {
      guint state = queue[head++];
      guint f = fail[state];

      for (guint g = 0; g < N_GROUPS; g++)
        if (set->best[f][g] >= 0 && (set->best[state][g] < 0 || set->best[f][g] < set->best[state][g]))
          set->best[state][g] = set->best[f][g];

      for (guint c = 0; c < N_CLASSES; c++)
        {
          guint child = set->next[state][c];

          if (child != 0)
            {
              fail[child] = set->next[f][c];
              queue[tail++] = child;
            }
          else
            {
              set->next[state][c] = set->next[f][c];
            }
        }
    }

  /* Most states end no phrase, so a search checks this one value to
   * skip them. */
  set->best_of_all = g_new (gint32, set->n_states);
  for (guint state = 0; state < set->n_states; state++)
    {
      set->best_of_all[state] = -1;
      for (guint g = 0; g < N_GROUPS; g++)
        if (set->best[state][g] >= 0 &&
            (set->best_of_all[state] < 0 || set->best[state][g] < set->best_of_all[state]))
          set->best_of_all[state] = set->best[state][g];
    }

  g_free (queue);
  g_free (fail);
  return set;
}

/* Returns the end of a reply code with an enhanced status code at @i
 * ("550-5.7.1 ", "550 5.1.1 "), or @i when there is none. */
static gsize
skip_reply_prefix (const char *text,
                   gsize       length,
                   gsize       i)
{
  gsize p = i + 3;
  BvSpan span;

  if (i + 9 > length || !g_ascii_isdigit (text[i + 1]) || !g_ascii_isdigit (text[i + 2]))
    return i;
  if (text[p] != '-' && text[p] != ' ')
    return i;
  p++;
  if (!bv_scan_find_status (text + p, MIN (length - p, 12), &span) || span.start != 0)
    return i;
  p += span.end;
  while (p < length && text[p] == ' ')
    p++;
  return p;
}

/* Returns the end of an HTML tag that starts at the '<' at @i ("<b>",
 * "</p>", "<font color=red>"), or @i when there is none. An address in
 * angle brackets is no tag: it has an '@'. */
static gsize
skip_markup_tag (const char *text,
                 gsize       length,
                 gsize       i)
{
  gsize p = i + 1;
  gsize limit = MIN (length, i + 256);

  if (p < length && text[p] == '/')
    p++;
  if (p >= length || !g_ascii_isalpha (text[p]))
    return i;
  for (; p < limit; p++)
    {
      if (text[p] == '>')
        return p + 1;
      if (text[p] == '<' || text[p] == '@')
        return i;
    }
  return i;
}

/**
 * bv_phrase_set_first:
 * @set: a phrase set
 * @text: the text
 * @length: its length in bytes
 * @skip: parts of the text to pass over
 * @allowed_groups: a bit for each group whose phrases count
 *
 * Returns: the lowest-numbered phrase of an allowed group that occurs in
 *   @text, or -1
 */
gint
bv_phrase_set_first (const BvPhraseSet *set,
                     const char        *text,
                     gsize              length,
                     BvPhraseSkip       skip,
                     guint8             allowed_groups)
{
  gint32 best = -1;
  guint state = 0;
  gsize skip_until = 0;
  BvSpan address = { G_MAXSIZE, G_MAXSIZE };
  gboolean previous_space = TRUE;
  gboolean in_url = FALSE;
  guint8 space = set->class_of[' '];

  if ((skip & BV_PHRASE_SKIP_ADDRESSES) == 0 ||
      !bv_scan_find_address (text, length, 0, &address))
    address.start = address.end = G_MAXSIZE;

  for (gsize i = 0; i < length; i++)
    {
      guchar c = text[i];
      guint8 klass;

      if (i < skip_until)
        continue;

      if (i == address.start)
        {
          skip_until = address.end;
          if (!bv_scan_find_address (text, length, address.end, &address))
            address.start = address.end = G_MAXSIZE;
          state = 0;
          continue;
        }

      if ((skip & BV_PHRASE_SKIP_URL_ANCHORS) != 0)
        {
          if ((c == 'h' || c == 'H') && i + 7 < length &&
              (g_ascii_strncasecmp (text + i, "http://", 7) == 0 ||
               g_ascii_strncasecmp (text + i, "https://", 8) == 0))
            in_url = TRUE;
          if (in_url && (g_ascii_isspace (c) || c == '>' || c == '"' || c == ')' || c == '\''))
            in_url = FALSE;
          if (in_url && c == '#')
            {
              gsize end = i;

              while (end < length && !g_ascii_isspace (text[end]) && text[end] != '>' &&
                     text[end] != '"' && text[end] != ')')
                end++;
              skip_until = end;
              in_url = FALSE;
              state = 0;
              continue;
            }
        }

      if ((skip & BV_PHRASE_SKIP_CODES) != 0 && g_ascii_isdigit (c) &&
          (i == 0 || !g_ascii_isalnum (text[i - 1])))
        {
          gsize code_end = skip_reply_prefix (text, length, i);

          if (code_end > i)
            {
              skip_until = code_end;
              continue;
            }
        }

      /* A tag separates words as a space does: "<b>rejected</b> as
       * <i>spam</i>" reads "rejected as spam". */
      if ((skip & BV_PHRASE_SKIP_MARKUP) != 0 && c == '<')
        {
          gsize tag_end = skip_markup_tag (text, length, i);

          if (tag_end > i)
            {
              skip_until = tag_end;
              c = ' ';
            }
        }

      klass = set->class_of[c];
      if (klass == space)
        {
          if (previous_space)
            continue;
          previous_space = TRUE;
        }
      else
        {
          previous_space = FALSE;
        }

      state = set->next[state][klass];
      if (set->best_of_all[state] < 0)
        continue;
      for (guint g = 0; g < N_GROUPS; g++)
        {
          gint32 phrase = set->best[state][g];

          if (phrase >= 0 && (allowed_groups & (1u << g)) != 0 && (best < 0 || phrase < best))
            best = phrase;
        }
    }

  return best;
}

/**
 * bv_phrase_set_contains:
 * @set: a phrase set
 * @text: the text
 * @length: its length in bytes
 *
 * Returns: %TRUE when any phrase of @set occurs in @text
 */
gboolean
bv_phrase_set_contains (const BvPhraseSet *set,
                        const char        *text,
                        gsize              length)
{
  return bv_phrase_set_earliest (set, text, length, NULL) >= 0;
}

/**
 * bv_phrase_set_earliest:
 * @set: a phrase set
 * @text: the text
 * @length: its length in bytes
 * @position: (out) (optional): where the phrase starts
 *
 * Returns: the phrase that ends first in @text (the lowest-numbered one
 *   when several end at the same byte), or -1
 */
gint
bv_phrase_set_earliest (const BvPhraseSet *set,
                        const char        *text,
                        gsize              length,
                        gsize             *position)
{
  guint state = 0;
  gboolean previous_space = TRUE;
  guint8 space = set->class_of[' '];

  for (gsize i = 0; i < length; i++)
    {
      guint8 klass = set->class_of[(guchar) text[i]];
      gint32 found;

      if (klass == space)
        {
          if (previous_space)
            continue;
          previous_space = TRUE;
        }
      else
        {
          previous_space = FALSE;
        }

      state = set->next[state][klass];
      found = set->best_of_all[state];
      if (found >= 0)
        {
          if (position != NULL)
            *position = i + 1 >= set->length[found] ? i + 1 - set->length[found] : 0;
          return found;
        }
    }

  return -1;
}
