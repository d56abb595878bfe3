/* bv-display-text.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* How much of a text from a message a label, a list cell or a tooltip
 * shows, and how it shows the characters that would reorder the rest.
 * Such texts have no length limit: a diagnostic can be hundreds of
 * kilobytes without a single space.
 *
 * Pango's time to wrap a word that is wider than its label grows with
 * the square of the word's length. A wrapping GtkLabel of 1,000
 * characters without a space took 0.07 s to lay out, one of 4,000
 * characters 0.9 s and one of 8,000 characters 3.7 s (GTK 4.8.3, Pango
 * 1.50.12, Xvfb, 2-core machine). GTK lays a label out again at every
 * change of its width. A text with spaces lays out in time proportional
 * to its length. */

#define G_LOG_DOMAIN "bounceview-display-text"

#include "bv-display-text.h"

#include <string.h>

/* At most this many characters are shown. */
#define MAX_CHARS 4000

/* The sum of the squares of the lengths of the runs without white space
 * is kept below this: one run of 1,000 characters, or 100 of 100. */
#define MAX_RUN_COST (1000 * 1000)

/**
 * bv_display_text_limit:
 * @text: UTF-8 text
 *
 * Finds how much of @text a wrapping label can lay out without a
 * noticeable delay: at most 4,000 characters, and fewer when they contain
 * long runs without white space.
 *
 * NOTE: Pango can also break between CJK characters, and after some
 * punctuation, where this counts one run. Such texts are cut earlier than
 * they need to be.
 *
 * Returns: the length in bytes of the part of @text to show, which ends
 *   at a character boundary. It is strlen (@text) when all of @text can
 *   be shown.
 */
gsize
bv_display_text_limit (const char *text)
{
  guint64 cost = 0;
  guint64 run = 0;
  guint n_chars = 0;
  const char *p;

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (n_chars == MAX_CHARS)
        break;

      if (g_unichar_isspace (g_utf8_get_char (p)))
        {
          run = 0;
        }
      else
        {
          /* (run + 1)² - run² */
          cost += 2 * run + 1;
          run++;
          if (cost > MAX_RUN_COST)
            break;
        }
      n_chars++;
    }

  return p - text;
}

/* The explicit bidirectional formatting characters: the embeddings and
 * overrides (U+202A to U+202E) and the isolates (U+2066 to U+2069). A
 * forged bounce can put one into its diagnostic or an address, so that
 * the window would show the text after it in another order: "RLO evil"
 * would read "live OLR". Each one is shown as U+FFFD instead. In UTF-8
 * all of them start with the byte 0xE2. */
static gboolean
is_bidi_control (gunichar c)
{
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

static gboolean
has_bidi_control (const char *text)
{
  for (const char *p = strchr (text, '\xe2'); p != NULL; p = strchr (p + 1, '\xe2'))
    {
      if (is_bidi_control (g_utf8_get_char_validated (p, -1)))
        return TRUE;
    }
  return FALSE;
}

/**
 * bv_display_text_is_plain:
 * @text: UTF-8 text
 *
 * Returns: whether @text can be shown as it is, because
 *   bv_display_text_shorten() would return an unchanged copy
 */
gboolean
bv_display_text_is_plain (const char *text)
{
  return text[bv_display_text_limit (text)] == '\0' && !has_bidi_control (text);
}

/**
 * bv_display_text_shorten:
 * @text: (nullable): UTF-8 text
 *
 * Cuts @text at the length bv_display_text_limit() returns and marks the
 * cut with an ellipsis. Each explicit bidirectional formatting character
 * becomes U+FFFD, so that text from a message cannot change the order in
 * which the rest of it is shown.
 *
 * Returns: (transfer full) (nullable): a copy of @text, or of its start
 *   followed by "…", or %NULL when @text is %NULL
 */
char *
bv_display_text_shorten (const char *text)
{
  GString *displayed;
  gsize length;

  if (text == NULL)
    return NULL;

  length = bv_display_text_limit (text);
  displayed = g_string_sized_new (length + 4);
  for (const char *p = text; p < text + length; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_bidi_control (c))
        g_string_append_unichar (displayed, 0xFFFD);
      else
        g_string_append_len (displayed, p, g_utf8_next_char (p) - p);
    }
  if (text[length] != '\0')
    g_string_append (displayed, "…");
  return g_string_free (displayed, FALSE);
}
