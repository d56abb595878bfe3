/* bv-digest.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The key that recognises a message already imported. It is a 128-bit
 * hash of the message's lines, each line end (CRLF, LF or a lone CR)
 * counted as one LF and line ends at the very end left out. So the same
 * message is recognised whatever its line ends, whether it comes from a
 * Maildir file or from an mbox (where the separator adds a blank line).
 * bv_digest_compute_message() leaves out the trace fields in front of
 * the message, which differ between copies of it in two mailboxes.
 * The hash is no cryptographic one: it guards against accidents, not
 * against someone crafting collisions, and it must be fast because every
 * imported message passes through it. */

#include "bv-digest.h"

#include <string.h>

#define PRIME_1 G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)
#define PRIME_2 G_GUINT64_CONSTANT (0xc2b2ae3d27d4eb4f)
#define PRIME_3 G_GUINT64_CONSTANT (0x165667b19e3779f9)
#define PRIME_4 G_GUINT64_CONSTANT (0xd6e8feb86659fd93)

typedef struct
{
  guint64 lane_a;
  guint64 lane_b;
  guint64 word;
  guint filled;                 /* bytes in word */
  guint64 length;               /* bytes hashed */
} Hasher;

static inline guint64
rotate_left (guint64 value,
             guint   bits)
{
  return (value << bits) | (value >> (64 - bits));
}

static inline void
hasher_mix_word (Hasher  *hasher,
                 guint64  word)
{
  hasher->lane_a = rotate_left (hasher->lane_a ^ (word * PRIME_1), 31) * PRIME_2;
  hasher->lane_b = (rotate_left (hasher->lane_b ^ (word * PRIME_3), 27) + hasher->lane_a) * PRIME_4;
}

static inline void
hasher_update (Hasher      *hasher,
               const char  *data,
               gsize        length)
{
  gsize i = 0;

  hasher->length += length;

  /* Finish a partial word first, then whole words, then keep the rest. */
  while (hasher->filled != 0 && i < length)
    {
      hasher->word |= (guint64) (guint8) data[i++] << (8 * hasher->filled);
      if (++hasher->filled == 8)
        {
          hasher_mix_word (hasher, hasher->word);
          hasher->word = 0;
          hasher->filled = 0;
        }
    }

  for (; i + 8 <= length; i += 8)
    {
      guint64 word;

      memcpy (&word, data + i, 8);
      hasher_mix_word (hasher, GUINT64_FROM_LE (word));
    }

  for (; i < length; i++)
    hasher->word |= (guint64) (guint8) data[i] << (8 * hasher->filled++);
}

static inline guint64
finalize_lane (guint64 value)
{
  value ^= value >> 33;
  value *= PRIME_2;
  value ^= value >> 29;
  value *= PRIME_3;
  value ^= value >> 32;
  return value;
}

/**
 * bv_digest_compute:
 * @data: the bytes of a message
 * @length: their count
 * @digest: (out): the digest
 *
 * Computes the digest of all of @data, with each line end counted as
 * one LF. Databases before schema 11 keyed messages by it.
 */
void
bv_digest_compute (const char *data,
                   gsize       length,
                   BvDigest   *digest)
{
  Hasher hasher = { PRIME_4, PRIME_1, 0, 0, 0 };
  const char *p = data;
  const char *end = data + length;
  guint64 a, b;

  while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
    end--;

  /* Without a CR every line end is an LF already, and hashing the bytes
   * in one call gives the same digest as hashing them line by line. */
  if (memchr (p, '\r', end - p) == NULL)
    {
      hasher_update (&hasher, p, end - p);
      p = end;
    }

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *stop = nl != NULL ? nl : end;
      const char *cr = memchr (p, '\r', stop - p);
      const char *line_end = cr != NULL ? cr : stop;

      hasher_update (&hasher, p, line_end - p);
      if (line_end == end)
        break;

      hasher_update (&hasher, "\n", 1);
      p = line_end + 1;
      if (*line_end == '\r' && p < end && *p == '\n')
        p++;
    }

  if (hasher.filled > 0)
    hasher_mix_word (&hasher, hasher.word ^ ((guint64) hasher.filled << 56));

  a = finalize_lane (hasher.lane_a ^ hasher.length);
  b = finalize_lane (hasher.lane_b ^ rotate_left (hasher.length, 17) ^ a);
  a = GUINT64_TO_LE (a);
  b = GUINT64_TO_LE (b);
  memcpy (digest->bytes, &a, 8);
  memcpy (digest->bytes + 8, &b, 8);
}

/* The header fields that mail servers and their filters add in front of
 * a message as they pass and deliver it. These are trace fields, the
 * results and signatures of authentication checks (ARC, DKIM), and X-
 * fields such as X-Spam-Status, X-Virus-Scanned and X-Original-To.
 * Copies of one report in two mailboxes usually differ in these only. */
static const char * const trace_fields[] = {
  "Return-Path", "Delivered-To", "Envelope-To", "Received", "Received-SPF",
  "Authentication-Results", "DKIM-Signature", "DomainKey-Signature",
};
static const char * const trace_prefixes[] = { "X-", "ARC-" };

/* Returns the length of the header field name that starts @line, or 0
 * when @line starts no field. */
static gsize
field_name_length (const char *line,
                   const char *end)
{
  const char *p = line;

  while (p < end && *p > ' ' && *p < 0x7f && *p != ':')
    p++;
  return p > line && p < end && *p == ':' ? (gsize) (p - line) : 0;
}

static gboolean
is_trace_field (const char *name,
                gsize       length)
{
  for (guint i = 0; i < G_N_ELEMENTS (trace_prefixes); i++)
    {
      gsize prefix = strlen (trace_prefixes[i]);

      if (length > prefix && g_ascii_strncasecmp (name, trace_prefixes[i], prefix) == 0)
        return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (trace_fields); i++)
    if (strlen (trace_fields[i]) == length && g_ascii_strncasecmp (name, trace_fields[i], length) == 0)
      return TRUE;
  return FALSE;
}

/* Returns where the line after the one at @p starts, whatever its end. */
static const char *
next_line (const char *p,
           const char *end)
{
  while (p < end && *p != '\n' && *p != '\r')
    p++;
  if (p < end && *p == '\r')
    p++;
  if (p < end && *p == '\n')
    p++;
  return p;
}

/**
 * bv_digest_compute_message:
 * @data: the bytes of a message
 * @length: their count
 * @digest: (out): the digest
 *
 * Computes the key that recognises a message already imported, from the
 * message without the trace header fields in front of it (Received,
 * Delivered-To, Return-Path and the like). So a report delivered to two
 * mailboxes, or fetched twice, is one message. Fields further down stay
 * in, and so does a message that has nothing else.
 */
void
bv_digest_compute_message (const char *data,
                           gsize       length,
                           BvDigest   *digest)
{
  const char *end = data + length;
  const char *p = data;

  while (p < end)
    {
      gsize name = field_name_length (p, end);
      const char *next;

      if (name == 0 || !is_trace_field (p, name))
        break;
      /* The field and the lines that continue it. */
      next = next_line (p, end);
      while (next < end && (*next == ' ' || *next == '\t'))
        next = next_line (next, end);
      if (next >= end)
        break;
      p = next;
    }

  bv_digest_compute (p, end - p, digest);
}

char *
bv_digest_to_hex (const BvDigest *digest)
{
  char *hex = g_malloc (BV_DIGEST_SIZE * 2 + 1);

  for (guint i = 0; i < BV_DIGEST_SIZE; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", digest->bytes[i]);
  return hex;
}
