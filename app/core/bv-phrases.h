/* bv-phrases.h
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A set of ASCII phrases found in one pass over a text (Aho-Corasick):
 * letters match in any case and every run of white space matches one
 * space. Phrases are numbered by their position in the array given to
 * bv_phrase_set_new(); a lower number means a higher priority. */
typedef struct _BvPhraseSet BvPhraseSet;

typedef enum
{
  BV_PHRASE_SKIP_NOTHING = 0,
  BV_PHRASE_SKIP_ADDRESSES = 1 << 0,   /* ignore text inside email addresses */
  BV_PHRASE_SKIP_CODES = 1 << 1,       /* ignore "550-5.7.1 " reply prefixes */
  BV_PHRASE_SKIP_URL_ANCHORS = 1 << 2, /* ignore the "#fragment" of URLs */
  BV_PHRASE_SKIP_MARKUP = 1 << 3,      /* read HTML tags ("<b>", "</p>") as spaces */
} BvPhraseSkip;

/* Called with each phrase that a matched phrase may stand for: returns
 * FALSE to pass over it (rules that apply only to some events). */
typedef gboolean (*BvPhraseFilter) (guint    phrase,
                                    gpointer user_data);

BvPhraseSet *bv_phrase_set_new        (const char * const *phrases,
                                       gsize               n_phrases,
                                       const guint8       *groups);
gint         bv_phrase_set_first      (const BvPhraseSet  *set,
                                       const char         *text,
                                       gsize               length,
                                       BvPhraseSkip        skip,
                                       guint8              allowed_groups);
gboolean     bv_phrase_set_contains   (const BvPhraseSet  *set,
                                       const char         *text,
                                       gsize               length);
gint         bv_phrase_set_earliest   (const BvPhraseSet  *set,
                                       const char         *text,
                                       gsize               length,
                                       gsize              *position);

/* Builds a set from a static table the first time it is needed:
 *   static BvPhraseSet *set; ... BV_PHRASE_SET_ONCE (set, table);  */
#define BV_PHRASE_SET_ONCE(set, table)                                       \
  G_STMT_START {                                                             \
    static gsize set##_initialized = 0;                                      \
    if (g_once_init_enter (&set##_initialized))                              \
      {                                                                      \
        set = bv_phrase_set_new (table, G_N_ELEMENTS (table), NULL);         \
        g_once_init_leave (&set##_initialized, 1);                           \
      }                                                                      \
  } G_STMT_END

G_END_DECLS
