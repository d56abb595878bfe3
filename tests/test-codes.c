/* test-codes.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "bv-codes.h"

#include <string.h>

/* Every basic reply code that RFC 5321 and the SMTP extensions define, and
 * the three that only the IANA enhanced status code registry names.
 */
static const char * const expected_reply_codes[] = {
  "211", "214", "220", "221", "235", "250", "251", "252", "253",
  "334", "354",
  "421", "432", "450", "451", "452", "453", "454", "455", "458", "459",
  "500", "501", "502", "503", "504", "521", "523", "524", "525", "530", "534", "535", "538",
  "550", "551", "552", "553", "554", "555", "556",
};

/* Every enumerated code of the IANA "SMTP Enhanced Status Codes" registry,
 * X.0.0 to X.7.30.
 */
static const char * const expected_registry_codes[] = {
  "X.0.0",
  "X.1.0", "X.1.1", "X.1.2", "X.1.3", "X.1.4", "X.1.5", "X.1.6", "X.1.7", "X.1.8", "X.1.9",
  "X.1.10",
  "X.2.0", "X.2.1", "X.2.2", "X.2.3", "X.2.4",
  "X.3.0", "X.3.1", "X.3.2", "X.3.3", "X.3.4", "X.3.5", "X.3.6",
  "X.4.0", "X.4.1", "X.4.2", "X.4.3", "X.4.4", "X.4.5", "X.4.6", "X.4.7",
  "X.5.0", "X.5.1", "X.5.2", "X.5.3", "X.5.4", "X.5.5", "X.5.6",
  "X.6.0", "X.6.1", "X.6.2", "X.6.3", "X.6.4", "X.6.5", "X.6.6", "X.6.7", "X.6.8", "X.6.9",
  "X.6.10",
  "X.7.0", "X.7.1", "X.7.2", "X.7.3", "X.7.4", "X.7.5", "X.7.6", "X.7.7", "X.7.8", "X.7.9",
  "X.7.10", "X.7.11", "X.7.12", "X.7.13", "X.7.14", "X.7.15", "X.7.16", "X.7.17", "X.7.18",
  "X.7.19", "X.7.20", "X.7.21", "X.7.22", "X.7.23", "X.7.24", "X.7.25", "X.7.26", "X.7.27",
  "X.7.28", "X.7.29", "X.7.30",
};

static const char yahoo_tss04_text[] =
  "421 4.7.0 [TSS04] Messages from 203.0.113.5 temporarily deferred due to unexpected "
  "volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes";

static const char gmail_unauthenticated_text[] =
  "host gmail-smtp-in.l.google.com[142.250.102.27] said: 550-5.7.26 This mail has been "
  "blocked because the sender is\n"
  "    550-5.7.26 unauthenticated. Gmail requires all senders to authenticate with\n"
  "    550-5.7.26 either SPF or DKIM.\n"
  "    550-5.7.26\n"
  "    550-5.7.26  Authentication results:\n"
  "    550-5.7.26  DKIM = did not pass\n"
  "    550-5.7.26  SPF [example.org] with ip: [192.0.2.10] = did not pass\n"
  "    550 5.7.26  https://support.google.com/mail/answer/81126#authentication "
  "d2e1a72fcca58-7b-si.123 - gsmtp (in reply to end of DATA command)";

static const char microsoft_banned_ip_text[] =
  "Remote server returned '550 5.7.606 Access denied, banned sending IP [203.0.113.7]. To "
  "request removal from this list please visit https://sender.office.com/ and follow the "
  "directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 "
  "AS(1430) [DB5EUR03FT012.eop-EUR03.prod.protection.outlook.com]'";

static const BvCodeInfo *
find_row (GPtrArray  *rows,
          const char *provider,
          const char *code)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const BvCodeInfo *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->provider, provider) == 0 && g_strcmp0 (row->code, code) == 0)
        return row;
    }

  return NULL;
}

static gboolean
has_provider (GPtrArray  *rows,
              const char *provider)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const BvCodeInfo *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->provider, provider) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
assert_row_texts (const BvCodeInfo *row)
{
  g_assert_nonnull (row->code);
  g_assert_cmpstr (row->code, !=, "");
  g_assert_nonnull (row->title);
  g_assert_cmpstr (row->title, !=, "");
  g_assert_nonnull (row->explanation);
  g_assert_cmpstr (row->explanation, !=, "");
  g_assert_nonnull (row->remedy);
  g_assert_cmpstr (row->remedy, !=, "");
  g_assert_nonnull (row->reference);
  g_assert_cmpstr (row->reference, !=, "");
}

static void
assert_explanation_names (const char *query,
                          const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = bv_codes_explain (query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  if (strstr (text, code) == NULL)
    g_error ("explanation of %s does not name %s:\n%s", query, code, text);
}

static void
test_reply_table_rows (void)
{
  g_autoptr(GHashTable) explanations = g_hash_table_new (g_str_hash, g_str_equal);
  const BvCodeInfo *table;
  gsize n_rows;

  table = bv_codes_reply_table (&n_rows);
  g_assert_cmpuint (n_rows, >, 0);

  for (gsize i = 0; i < n_rows; i++)
    {
      const BvCodeInfo *row = &table[i];
      guint64 number;
      BvCodeInfo info;

      assert_row_texts (row);
      g_assert_cmpint (row->kind, ==, BV_CODE_REPLY);
      g_assert_true (row->registered);
      g_assert_null (row->provider);

      g_assert_cmpuint (strlen (row->code), ==, 3);
      g_assert_true (g_ascii_string_to_unsigned (row->code, 10, 200, 599, &number, NULL));
      g_assert_cmpint (row->severity, ==, (BvCodeSeverity) (number / 100 - 2));

      if (g_hash_table_contains (explanations, row->explanation))
        g_error ("reply %s repeats the explanation of reply %s", row->code,
                 (const char *) g_hash_table_lookup (explanations, row->explanation));
      g_hash_table_insert (explanations, (gpointer) row->explanation, (gpointer) row->code);

      g_assert_true (bv_codes_lookup_reply ((guint) number, &info));
      g_assert_cmpstr (info.code, ==, row->code);
      g_assert_cmpstr (info.title, ==, row->title);
      g_assert_true (info.registered);

      assert_explanation_names (row->code, row->code);
    }
}

static void
test_status_table_rows (void)
{
  g_autoptr(GHashTable) explanations = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) classes_of_code = g_hash_table_new (g_str_hash, g_str_equal);
  const BvCodeInfo *table;
  gsize n_rows;

  table = bv_codes_status_table (&n_rows);
  g_assert_cmpuint (n_rows, >, 0);

  for (gsize i = 0; i < n_rows; i++)
    {
      const BvCodeInfo *row = &table[i];
      const guint valid_classes = BV_CODE_CLASS_BIT (2) | BV_CODE_CLASS_BIT (4) |
                                  BV_CODE_CLASS_BIT (5);
      g_autofree char *as_permanent = NULL;
      guint seen_classes;

      assert_row_texts (row);
      g_assert_cmpint (row->kind, ==, BV_CODE_STATUS);
      g_assert_true (row->registered);
      g_assert_null (row->provider);

      g_assert_true (g_str_has_prefix (row->code, "X."));
      as_permanent = g_strconcat ("5", row->code + 1, NULL);
      g_assert_true (bv_codes_parse_status (as_permanent, NULL, NULL, NULL));

      g_assert_cmpuint (row->classes, !=, 0);
      g_assert_cmpuint (row->classes & ~valid_classes, ==, 0);

      /* Rows of one code must not claim the same class twice. */
      seen_classes = GPOINTER_TO_UINT (g_hash_table_lookup (classes_of_code, row->code));
      g_assert_cmpuint (seen_classes & row->classes, ==, 0);
      g_hash_table_insert (classes_of_code, (gpointer) row->code,
                           GUINT_TO_POINTER (seen_classes | row->classes));

      if (g_hash_table_contains (explanations, row->explanation))
        g_error ("row %s repeats the explanation of row %s", row->code,
                 (const char *) g_hash_table_lookup (explanations, row->explanation));
      g_hash_table_insert (explanations, (gpointer) row->explanation, (gpointer) row->code);

      for (guint klass = 2; klass <= 5; klass++)
        {
          g_autofree char *code = NULL;
          BvCodeInfo info;

          if ((row->classes & BV_CODE_CLASS_BIT (klass)) == 0)
            continue;

          code = g_strdup_printf ("%u%s", klass, row->code + 1);
          g_assert_true (bv_codes_lookup_status (code, &info));
          g_assert_cmpstr (info.code, ==, code);
          g_assert_cmpstr (info.title, ==, row->title);
          g_assert_cmpstr (info.explanation, ==, row->explanation);
          g_assert_true (info.registered);
          g_assert_cmpint (info.severity, ==, klass == 2 ? BV_CODE_SUCCESS
                                                         : klass == 4 ? BV_CODE_TEMPORARY
                                                                      : BV_CODE_PERMANENT);

          assert_explanation_names (code, code);
        }
    }
}

static void
test_provider_table_rows (void)
{
  const BvCodeInfo *table;
  gsize n_rows;

  table = bv_codes_provider_table (&n_rows);
  g_assert_cmpuint (n_rows, >, 0);

  for (gsize i = 0; i < n_rows; i++)
    {
      assert_row_texts (&table[i]);
      g_assert_cmpint (table[i].kind, ==, BV_CODE_PROVIDER);
      g_assert_nonnull (table[i].provider);
      g_assert_cmpstr (table[i].provider, !=, "");
      g_assert_cmpint (table[i].severity, !=, BV_CODE_INTERMEDIATE);
    }
}

static void
test_reply_codes_present (void)
{
  const BvCodeInfo *table;
  gsize n_rows;

  table = bv_codes_reply_table (&n_rows);
  g_assert_cmpuint (n_rows, ==, G_N_ELEMENTS (expected_reply_codes));

  for (gsize e = 0; e < G_N_ELEMENTS (expected_reply_codes); e++)
    {
      gboolean found = FALSE;

      for (gsize i = 0; i < n_rows && !found; i++)
        found = strcmp (table[i].code, expected_reply_codes[e]) == 0;

      if (!found)
        g_error ("reply code %s is missing from the reply table", expected_reply_codes[e]);
    }
}

static void
test_registry_codes_present (void)
{
  const BvCodeInfo *table;
  gsize n_rows;

  table = bv_codes_status_table (&n_rows);

  for (gsize e = 0; e < G_N_ELEMENTS (expected_registry_codes); e++)
    {
      gboolean found = FALSE;

      for (gsize i = 0; i < n_rows && !found; i++)
        found = strcmp (table[i].code, expected_registry_codes[e]) == 0;

      if (!found)
        g_error ("registry code %s is missing from the status table", expected_registry_codes[e]);
    }

  /* The table contains no code that the registry lacks. */
  for (gsize i = 0; i < n_rows; i++)
    {
      gboolean expected = FALSE;

      for (gsize e = 0; e < G_N_ELEMENTS (expected_registry_codes) && !expected; e++)
        expected = strcmp (table[i].code, expected_registry_codes[e]) == 0;

      if (!expected)
        g_error ("status table row %s is not a registry code", table[i].code);
    }
}

static void
test_status_class_text (void)
{
  BvCodeInfo permanent;
  BvCodeInfo temporary;
  BvCodeInfo success;
  BvCodeInfo policy;

  g_assert_true (bv_codes_lookup_status ("5.1.1", &permanent));
  g_assert_true (bv_codes_lookup_status ("4.1.1", &temporary));
  g_assert_cmpint (permanent.severity, ==, BV_CODE_PERMANENT);
  g_assert_cmpint (temporary.severity, ==, BV_CODE_TEMPORARY);
  g_assert_cmpstr (permanent.title, ==, "Bad destination mailbox address");
  g_assert_cmpstr (permanent.explanation, !=, temporary.explanation);

  g_assert_true (bv_codes_lookup_status ("2.0.0", &success));
  g_assert_cmpint (success.severity, ==, BV_CODE_SUCCESS);
  g_assert_true (success.registered);
  g_assert_nonnull (strstr (success.explanation, "success"));

  g_assert_true (bv_codes_lookup_status ("4.7.1", &policy));
  g_assert_cmpint (policy.severity, ==, BV_CODE_TEMPORARY);
  g_assert_cmpstr (policy.title, ==, "Delivery not authorized, message refused");
  g_assert_nonnull (strstr (policy.explanation, "deferred"));

  /* Leading zeros are valid RFC 3463 syntax and name the same code. */
  g_assert_true (bv_codes_lookup_status ("5.01.001", &permanent));
  g_assert_cmpstr (permanent.code, ==, "5.1.1");
}

static void
test_status_unusual_class (void)
{
  BvCodeInfo info;

  /* X.1.5 is registered for success. A failure class keeps the registered
   * title, and the explanation points out that the class changes the meaning.
   */
  g_assert_true (bv_codes_lookup_status ("5.1.5", &info));
  g_assert_true (info.registered);
  g_assert_cmpint (info.severity, ==, BV_CODE_PERMANENT);
  g_assert_cmpstr (info.title, ==, "Destination address valid");
  g_assert_nonnull (strstr (info.explanation, "registered for success"));

  /* X.2.3 is written for permanent failures only. */
  g_assert_true (bv_codes_lookup_status ("4.2.3", &info));
  g_assert_true (info.registered);
  g_assert_cmpint (info.severity, ==, BV_CODE_TEMPORARY);
  g_assert_nonnull (strstr (info.explanation, "temporary"));
}

static void
test_unregistered_status (void)
{
  static const struct
  {
    const char *code;
    BvCodeSeverity severity;
    const char *subject_word;
  } cases[] = {
    { "5.7.509", BV_CODE_PERMANENT, "policy" },
    { "5.1.90", BV_CODE_PERMANENT, "address" },
    { "4.4.999", BV_CODE_TEMPORARY, "routing" },
    { "2.6.77", BV_CODE_SUCCESS, "content" },
    { "5.9.1", BV_CODE_PERMANENT, "subject number" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;
      BvCodeInfo info;

      g_assert_true (bv_codes_lookup_status (cases[i].code, &info));
      g_assert_false (info.registered);
      g_assert_cmpint (info.kind, ==, BV_CODE_STATUS);
      g_assert_cmpstr (info.code, ==, cases[i].code);
      g_assert_cmpint (info.severity, ==, cases[i].severity);
      assert_row_texts (&info);
      g_assert_nonnull (strstr (info.explanation, cases[i].subject_word));
      /* Only the severity line explains the class. */
      g_assert_null (strstr (info.explanation, "Class "));

      text = bv_codes_explain (cases[i].code, NULL);
      g_assert_nonnull (text);
      g_assert_nonnull (strstr (text, "(unregistered)"));
    }
}

static void
test_unregistered_reply (void)
{
  BvCodeInfo info;

  g_assert_true (bv_codes_lookup_reply (571, &info));
  g_assert_false (info.registered);
  g_assert_cmpstr (info.code, ==, "571");
  g_assert_cmpint (info.severity, ==, BV_CODE_PERMANENT);
  assert_row_texts (&info);

  g_assert_true (bv_codes_lookup_reply (557, &info));
  g_assert_false (info.registered);

  g_assert_true (bv_codes_lookup_reply (442, &info));
  g_assert_cmpint (info.severity, ==, BV_CODE_TEMPORARY);

  g_assert_false (bv_codes_lookup_reply (0, &info));
  g_assert_false (bv_codes_lookup_reply (199, &info));
  g_assert_false (bv_codes_lookup_reply (600, &info));
}

static void
test_parse_status_accepts (void)
{
  static const struct
  {
    const char *text;
    guint klass;
    guint subject;
    guint detail;
  } cases[] = {
    { "5.1.1", 5, 1, 1 },
    { "4.7.1", 4, 7, 1 },
    { "2.0.0", 2, 0, 0 },
    { "5.7.606", 5, 7, 606 },
    { "4.999.999", 4, 999, 999 },
    { "5.01.001", 5, 1, 1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint klass = 0;
      guint subject = 0;
      guint detail = 0;

      g_assert_true (bv_codes_parse_status (cases[i].text, &klass, &subject, &detail));
      g_assert_cmpuint (klass, ==, cases[i].klass);
      g_assert_cmpuint (subject, ==, cases[i].subject);
      g_assert_cmpuint (detail, ==, cases[i].detail);
    }

  g_assert_true (bv_codes_parse_status ("5.1.1", NULL, NULL, NULL));
}

static void
test_parse_status_rejects (void)
{
  static const char * const cases[] = {
    "", "5", "5.", "5.1", "5.1.", "5.1.1.", "5.1.1.1", "5.1.1 ", " 5.1.1", "5.1.1x",
    "3.1.1", "1.1.1", "6.1.1", "0.0.0", "55.1.1", "5.1000.1", "5.1.1000", "5..1", "5.1..1",
    "X.1.1", "5,1,1", "5.-1.1", "5.+1.1", "550", "TSS04",
  };
  guint klass = 7;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      if (bv_codes_parse_status (cases[i], &klass, NULL, NULL))
        g_error ("\"%s\" was accepted as a status code", cases[i]);
    }

  g_assert_false (bv_codes_parse_status (NULL, NULL, NULL, NULL));
  g_assert_cmpuint (klass, ==, 7);
}

static void
test_provider_yahoo (void)
{
  g_autoptr(GPtrArray) rows = bv_codes_find_provider (yahoo_tss04_text, "4.7.0");

  g_assert_nonnull (find_row (rows, "Yahoo", "TSS04"));
  g_assert_false (has_provider (rows, "Gmail"));
  g_assert_false (has_provider (rows, "Microsoft"));
}

static void
test_provider_gmail (void)
{
  g_autoptr(GPtrArray) rows = bv_codes_find_provider (gmail_unauthenticated_text, "5.7.26");
  g_autoptr(GPtrArray) without_status = bv_codes_find_provider (gmail_unauthenticated_text, NULL);

  g_assert_nonnull (find_row (rows, "Gmail", "5.7.26"));
  g_assert_null (find_row (rows, "Gmail", "4.7.26"));
  g_assert_false (has_provider (rows, "Microsoft"));
  g_assert_false (has_provider (rows, "Yahoo"));

  g_assert_nonnull (find_row (without_status, "Gmail", "5.7.26"));
}

static void
test_provider_microsoft (void)
{
  g_autoptr(GPtrArray) rows = bv_codes_find_provider (microsoft_banned_ip_text, "5.7.606");

  g_assert_nonnull (find_row (rows, "Microsoft", "5.7.606-649"));
  g_assert_nonnull (find_row (rows, "Microsoft", "AS(nnnn)"));
  g_assert_false (has_provider (rows, "Gmail"));
}

/* Spamhaus's lookup page serves IP and domain listings alike: a domain
 * listing is no IP on the ZEN blocklist. */
static void
test_provider_spamhaus (void)
{
  g_autoptr(GPtrArray) domain = bv_codes_find_provider (
    "550 5.1.0 Sender domain is listed in Spamhaus. To have it removed see "
    "https://www.spamhaus.org/query/lookup/", "5.1.0");
  g_autoptr(GPtrArray) address = bv_codes_find_provider (
    "553 http://www.spamhaus.org/query/bl?ip=192.0.2.40", NULL);
  g_autoptr(GPtrArray) lookup_only = bv_codes_find_provider (
    "550 Listed, see https://www.spamhaus.org/query/lookup/", NULL);

  g_assert_null (find_row (domain, "Spamhaus", "554"));
  g_assert_nonnull (find_row (domain, "Spamhaus", "5.7.1"));
  g_assert_nonnull (find_row (address, "Spamhaus", "554"));
  g_assert_false (has_provider (lookup_only, "Spamhaus"));
}

static void
test_provider_status_only (void)
{
  g_autoptr(GPtrArray) in_range = bv_codes_find_provider (NULL, "5.7.649");
  g_autoptr(GPtrArray) out_of_range = bv_codes_find_provider (NULL, "5.7.650");
  g_autoptr(GPtrArray) gmail_code = bv_codes_find_provider (NULL, "5.7.26");

  g_assert_nonnull (find_row (in_range, "Microsoft", "5.7.606-649"));
  g_assert_null (find_row (out_of_range, "Microsoft", "5.7.606-649"));

  /* Gmail's meaning of 5.7.26 needs Gmail's text, not the code alone. */
  g_assert_false (has_provider (gmail_code, "Gmail"));
}

static void
test_provider_token_boundaries (void)
{
  g_autoptr(GPtrArray) longer_code = bv_codes_find_provider ("421 4.7.0 [TSS040] deferred", NULL);
  g_autoptr(GPtrArray) longer_status = bv_codes_find_provider ("550 5.7.6060 denied", NULL);
  g_autoptr(GPtrArray) prefixed_status = bv_codes_find_provider ("550 15.7.606 denied", NULL);
  g_autoptr(GPtrArray) lower_case = bv_codes_find_provider ("421 4.7.0 [tss04] deferred", NULL);
  g_autoptr(GPtrArray) in_sentence = bv_codes_find_provider ("Rejected (S3150).", NULL);

  g_assert_null (find_row (longer_code, "Yahoo", "TSS04"));
  g_assert_null (find_row (longer_status, "Microsoft", "5.7.606-649"));
  g_assert_null (find_row (prefixed_status, "Microsoft", "5.7.606-649"));
  g_assert_nonnull (find_row (lower_case, "Yahoo", "TSS04"));
  g_assert_nonnull (find_row (in_sentence, "Microsoft", "S3150"));
}

static void
test_provider_phrase_across_lines (void)
{
  static const char wrapped[] =
    "host gmail-smtp-in.l.google.com said: 550-5.1.1 The email account that you tried to reach\n"
    "    550-5.1.1 does not exist. Please try double-checking the recipient's email\n"
    "    550 5.1.1 address for typos. - gsmtp";
  g_autoptr(GPtrArray) rows = bv_codes_find_provider (wrapped, "5.1.1");

  g_assert_nonnull (find_row (rows, "Gmail", "5.1.1"));
}

static void
test_provider_none (void)
{
  g_autoptr(GPtrArray) neutral = bv_codes_find_provider ("550 5.1.1 <user@example.org>: "
                                                         "Recipient address rejected: User "
                                                         "unknown in local recipient table",
                                                         "5.1.1");
  g_autoptr(GPtrArray) nothing = bv_codes_find_provider (NULL, NULL);
  g_autoptr(GPtrArray) empty = bv_codes_find_provider ("", "");

  g_assert_cmpuint (neutral->len, ==, 0);
  g_assert_cmpuint (nothing->len, ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);
}

static void
test_lookup_provider (void)
{
  g_autoptr(GPtrArray) plain = bv_codes_lookup_provider ("TSS04");
  g_autoptr(GPtrArray) bracketed = bv_codes_lookup_provider ("[tss04]");
  g_autoptr(GPtrArray) rule_id = bv_codes_lookup_provider ("AS(8561)");
  g_autoptr(GPtrArray) in_range = bv_codes_lookup_provider ("5.7.620");
  g_autoptr(GPtrArray) gmail_code = bv_codes_lookup_provider ("5.7.26");
  g_autoptr(GPtrArray) unknown = bv_codes_lookup_provider ("XYZ99");

  g_assert_nonnull (find_row (plain, "Yahoo", "TSS04"));
  g_assert_nonnull (find_row (bracketed, "Yahoo", "TSS04"));
  g_assert_nonnull (find_row (rule_id, "Microsoft", "AS(nnnn)"));
  g_assert_nonnull (find_row (in_range, "Microsoft", "5.7.606-649"));
  g_assert_cmpuint (gmail_code->len, ==, 0);
  g_assert_cmpuint (unknown->len, ==, 0);
}

/* A registered code that a provider uses in its own way, with its own
 * words, names that meaning too; a class alone is explained. */
static void
test_explain_providers_of_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *weak = bv_codes_explain ("5.7.9", &error);
  g_autofree char *permanent = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (weak, "5.7.9: Authentication mechanism is too weak"));
  g_assert_nonnull (strstr (weak, "Yahoo: Message not accepted for policy reasons"));

  permanent = bv_codes_explain ("5", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (permanent, "5: Permanent failure"));
}

static void
test_explain_reply_and_status (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *spaced = bv_codes_explain ("550 5.1.1", &error);
  g_autofree char *dashed = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (spaced);
  g_assert_nonnull (strstr (spaced, "550: Mailbox unavailable"));
  g_assert_nonnull (strstr (spaced, "5.1.1: Bad destination mailbox address"));
  g_assert_nonnull (strstr (spaced, "Permanent failure"));
  g_assert_nonnull (strstr (spaced, "What to do: "));
  g_assert_nonnull (strstr (spaced, "Reference: RFC 5321"));
  g_assert_nonnull (strstr (spaced, "Reference: RFC 3463"));
  g_assert_null (strstr (spaced, "(unregistered)"));

  dashed = bv_codes_explain ("  550-5.1.1\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dashed, ==, spaced);
  g_assert_null (strstr (spaced, "Note: "));

  /* Codes of different classes get a note on which one counts. */
  {
    g_autofree char *mixed = bv_codes_explain ("550 4.2.2", &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (mixed, "Note: the reply code 550 means a permanent failure, but "
                                     "the status code 4.2.2 a temporary one."));
  }
  {
    g_autofree char *success = bv_codes_explain ("550 2.0.0", &error);
    g_autofree char *accepted = bv_codes_explain ("250 5.1.1", &error);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (success, "the status code 2.0.0 success."));
    g_assert_nonnull (strstr (accepted, "Note: the reply code 250 means success"));
  }
}

static void
test_explain_severity_words (void)
{
  static const struct
  {
    const char *query;
    const char *word;
  } cases[] = {
    { "250", "Success" },
    { "2.1.5", "Success" },
    { "354", "Intermediate" },
    { "421", "Temporary" },
    { "4.2.2", "Temporary" },
    { "554", "Permanent" },
    { "5.7.1", "Permanent" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = bv_codes_explain (cases[i].query, &error);

      g_assert_no_error (error);
      if (strstr (text, cases[i].word) == NULL)
        g_error ("explanation of %s lacks \"%s\":\n%s", cases[i].query, cases[i].word, text);
    }
}

/* The start of a status code, as list --status takes it. */
static void
test_explain_status_prefix (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = bv_codes_explain ("5.1", &error);
  g_autofree char *bad = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (prefix, "5.1: Addressing status\n"));
  g_assert_nonnull (strstr (prefix, "Permanent failure"));
  g_assert_nonnull (strstr (prefix, "Reference: RFC 3463, section 3.2"));

  bad = bv_codes_explain ("5.", &error);
  g_assert_null (bad);
  g_assert_error (error, BV_CODES_ERROR, BV_CODES_ERROR_INVALID);
}

static void
test_explain_provider_code (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tss04 = bv_codes_explain ("TSS04", &error);
  g_autofree char *banned_ip = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (tss04, "TSS04: "));
  g_assert_nonnull (strstr (tss04, "(Provider: Yahoo)"));
  g_assert_nonnull (strstr (tss04, "Temporary"));

  /* An unregistered status code that Microsoft uses gets both blocks,
   * Microsoft's meaning first. */
  banned_ip = bv_codes_explain ("5.7.606", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (banned_ip, "5.7.606: Security or policy status (unregistered)"));
  g_assert_nonnull (strstr (banned_ip, "(Provider: Microsoft)"));
  g_assert_true (strstr (banned_ip, "(Provider: Microsoft)") <
                 strstr (banned_ip, "(unregistered)"));
}

static void
test_explain_invalid (void)
{
  static const char * const cases[] = {
    "hello world", "", "   ", "5.", "6.1", "6.1.1", "5.1.1.1", "199", "600", "55", "5500",
    "550 5.1.1x", "550 6.1.1", "199 5.1.1", "TSS040", "banned sending IP",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = bv_codes_explain (cases[i], &error);
      g_autofree char *quoted = g_strdup_printf ("“%s”", cases[i]);

      if (text != NULL)
        g_error ("\"%s\" was explained:\n%s", cases[i], text);
      g_assert_error (error, BV_CODES_ERROR, BV_CODES_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, quoted));
      g_assert_nonnull (strstr (error->message, "5.1.1"));
      g_assert_nonnull (strstr (error->message, "TSS04"));
    }
}

static void
test_explain_event (void)
{
  g_autofree char *text = bv_codes_explain_event (550, "5.7.606", microsoft_banned_ip_text);
  g_autofree char *status_only = bv_codes_explain_event (0, "4.2.2", NULL);
  g_autofree char *nothing = bv_codes_explain_event (0, NULL, NULL);
  g_autofree char *invalid = bv_codes_explain_event (0, "garbage", "no provider phrase here");

  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "550: Mailbox unavailable"));
  g_assert_nonnull (strstr (text, "5.7.606: "));
  g_assert_nonnull (strstr (text, "5.7.606-649: Banned sending IP (Provider: Microsoft)"));
  g_assert_nonnull (strstr (text, "AS(nnnn): "));

  g_assert_nonnull (status_only);
  g_assert_nonnull (strstr (status_only, "4.2.2: Mailbox full"));
  g_assert_null (strstr (status_only, "\n\n"));

  g_assert_null (nothing);
  g_assert_null (invalid);

  /* The providers alone: Microsoft's rows, found by the text and by the
   * status code, and no block for the codes themselves. */
  {
    g_autofree char *providers = bv_codes_explain_providers ("5.7.606", microsoft_banned_ip_text);
    g_autofree char *by_status = bv_codes_explain_providers ("5.7.509", NULL);
    g_autofree char *none = bv_codes_explain_providers ("5.1.1", "550 5.1.1 unknown user");

    g_assert_true (g_str_has_prefix (providers, "5.7.606-649: Banned sending IP (Provider: Microsoft)"));
    g_assert_nonnull (strstr (providers, "AS(nnnn): "));
    g_assert_null (strstr (providers, "(unregistered)"));
    g_assert_true (g_str_has_prefix (by_status, "5.7.509: DMARC reject (Provider: Microsoft)"));
    g_assert_null (none);
  }
}

static void
test_translate_row (void)
{
  const BvCodeInfo *table;
  BvCodeInfo info;
  gsize n_rows;

  /* The tests run in the C locale, where translation returns the original. */
  table = bv_codes_provider_table (&n_rows);
  bv_code_info_translate (&table[0], &info);
  g_assert_cmpstr (info.code, ==, table[0].code);
  g_assert_cmpstr (info.title, ==, table[0].title);
  g_assert_cmpstr (info.provider, ==, table[0].provider);
  g_assert_cmpint (info.kind, ==, BV_CODE_PROVIDER);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bounceview/codes/reply-table-rows", test_reply_table_rows);
  g_test_add_func ("/bounceview/codes/explain-providers-of-code", test_explain_providers_of_code);
  g_test_add_func ("/bounceview/codes/status-table-rows", test_status_table_rows);
  g_test_add_func ("/bounceview/codes/provider-table-rows", test_provider_table_rows);
  g_test_add_func ("/bounceview/codes/reply-codes-present", test_reply_codes_present);
  g_test_add_func ("/bounceview/codes/registry-codes-present", test_registry_codes_present);
  g_test_add_func ("/bounceview/codes/status-class-text", test_status_class_text);
  g_test_add_func ("/bounceview/codes/status-unusual-class", test_status_unusual_class);
  g_test_add_func ("/bounceview/codes/unregistered-status", test_unregistered_status);
  g_test_add_func ("/bounceview/codes/unregistered-reply", test_unregistered_reply);
  g_test_add_func ("/bounceview/codes/parse-status-accepts", test_parse_status_accepts);
  g_test_add_func ("/bounceview/codes/parse-status-rejects", test_parse_status_rejects);
  g_test_add_func ("/bounceview/codes/provider-yahoo-tss04", test_provider_yahoo);
  g_test_add_func ("/bounceview/codes/provider-gmail-5.7.26", test_provider_gmail);
  g_test_add_func ("/bounceview/codes/provider-microsoft-5.7.606", test_provider_microsoft);
  g_test_add_func ("/bounceview/codes/provider-spamhaus", test_provider_spamhaus);
  g_test_add_func ("/bounceview/codes/provider-status-only", test_provider_status_only);
  g_test_add_func ("/bounceview/codes/provider-token-boundaries", test_provider_token_boundaries);
  g_test_add_func ("/bounceview/codes/provider-phrase-across-lines",
                   test_provider_phrase_across_lines);
  g_test_add_func ("/bounceview/codes/provider-none", test_provider_none);
  g_test_add_func ("/bounceview/codes/lookup-provider", test_lookup_provider);
  g_test_add_func ("/bounceview/codes/explain-reply-and-status", test_explain_reply_and_status);
  g_test_add_func ("/bounceview/codes/explain-severity-words", test_explain_severity_words);
  g_test_add_func ("/bounceview/codes/explain-status-prefix", test_explain_status_prefix);
  g_test_add_func ("/bounceview/codes/explain-provider-code", test_explain_provider_code);
  g_test_add_func ("/bounceview/codes/explain-invalid", test_explain_invalid);
  g_test_add_func ("/bounceview/codes/explain-event", test_explain_event);
  g_test_add_func ("/bounceview/codes/translate-row", test_translate_row);

  return g_test_run ();
}
