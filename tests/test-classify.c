/* test-classify.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each case builds an event by hand, as a decoder would fill it, and
 * checks the reason bv_classify_event() gives it. The replies imitate the
 * wording of real receiving servers, and names and hosts are invented. */

#include "bv-classify.h"
#include "bv-textscan.h"

#include <string.h>

typedef struct
{
  const char *name;
  BvEventType type;
  const char *status;
  guint reply_code;
  const char *diagnostic;
  const char *smtp_command;

  const char *reason;
  gboolean hard_bounce;
  const char *evidence;         /* a substring of the event's evidence */
  gboolean codes_disagree;
} ClassifyCase;

static const ClassifyCase classify_cases[] = {
  /* One case for each reason, with a server text that names it. */
  { "userunknown", BV_EVENT_BOUNCE, "5.1.1", 550,
    "550 5.1.1 <d.fischer@example.net>: Recipient address rejected: User unknown in local "
    "recipient table", "RCPT",
    "userunknown", TRUE, "“user unknown”", FALSE },
  { "mailboxfull", BV_EVENT_BOUNCE, "5.2.2", 552,
    "552 5.2.2 <b.kim@example.com>... Mailbox full", "RCPT",
    "mailboxfull", FALSE, "“mailbox full”", FALSE },
  /* A general phrase gives way to a specific status code. */
  { "does-not-exist-with-5.1.1", BV_EVENT_BOUNCE, "5.1.1", 550,
    "550 5.1.1 Mailbox jane does not exist", "RCPT",
    "userunknown", TRUE, "status 5.1.1", FALSE },
  { "hostunknown", BV_EVENT_BOUNCE, "5.1.2", 0,
    "Host or domain name not found. Name service error for name=nowhere.example.net type=A: "
    "Host not found", NULL,
    "hostunknown", TRUE, "“host not found”", FALSE },
  { "blocked", BV_EVENT_BOUNCE, "5.7.1", 554,
    "554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using bl.example.org",
    "RCPT",
    "blocked", FALSE, "“blocked using”", FALSE },
  /* Postfix's "delivery temporarily suspended" names no suspended mailbox. */
  { "refused-to-talk", BV_EVENT_DEFERRAL, "4.0.0", 421,
    "delivery temporarily suspended: connect to mx.example.com[192.0.2.232]: server refused "
    "to talk to me: 421 Service not available, closing transmission channel", NULL,
    "blocked", FALSE, "“refused to talk to me”", FALSE },
  { "spamdetected", BV_EVENT_BOUNCE, "5.7.1", 550,
    "550 5.7.1 Message rejected as spam by Content Filtering.", "DATA",
    "spamdetected", FALSE, "“as spam”", FALSE },
  /* Microsoft's own code names an IP of low reputation, which 5.7.x
   * alone would call a security error. */
  { "microsoft-ip-pool", BV_EVENT_BOUNCE, "5.7.708", 550,
    "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.",
    "RCPT",
    "blocked", FALSE, "“traffic not accepted from this ip”", FALSE },
  /* Providers' own words for a block or a spam verdict. */
  { "proofpoint-blocked", BV_EVENT_BOUNCE, "5.0.0", 554,
    "554 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.7", "RCPT",
    "blocked", FALSE, "“ipcheck.proofpoint.com”", FALSE },
  { "netease-spam", BV_EVENT_BOUNCE, "5.0.0", 554,
    "554 DT:SPM 163 mx3,ZsCowAB1 1710039606, please see http://mail.163.com/help/", "DATA",
    "spamdetected", FALSE, "“dt:spm”", FALSE },
  { "barracuda-blocked", BV_EVENT_BOUNCE, "5.0.0", 550,
    "550 permanent failure for one or more recipients (j.moss@example.net:blocked)", "DATA",
    "blocked", FALSE, "“:blocked)”", FALSE },
  { "no-reverse-hostname", BV_EVENT_BOUNCE, "5.7.25", 550,
    "550 5.7.25 Client host rejected: cannot find your reverse hostname, [192.0.2.10]", "RCPT",
    "requireptr", FALSE, "“cannot find your reverse hostname”", FALSE },
  { "recipient-domain-does-not-exist", BV_EVENT_BOUNCE, NULL, 0,
    "The domain name of the recipient address does not exist.", NULL,
    "hostunknown", TRUE, "“domain name of the recipient address does not exist”", FALSE },
  /* Greylisting until the retry time ran out: the message expired. */
  { "greylisted-until-expired", BV_EVENT_BOUNCE, "4.7.1", 451,
    "451 4.7.1 Greylisting in action, please come back later: retry timeout exceeded", "RCPT",
    "expired", FALSE, "“retry timeout exceeded”", FALSE },
  /* A full mailbox stays the reason. */
  { "full-until-expired", BV_EVENT_BOUNCE, "4.2.2", 452,
    "452 4.2.2 Mailbox full: retry timeout exceeded", "RCPT",
    "mailboxfull", FALSE, "“mailbox full”", FALSE },
  /* qmail's refusal to relay, which 5.7.1 alone would call a security
   * error. */
  { "qmail-rcpthosts", BV_EVENT_BOUNCE, "5.7.1", 553,
    "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)", "RCPT",
    "norelaying", FALSE, "“allowed rcpthosts”", FALSE },
  { "suspicion-of-spam", BV_EVENT_BOUNCE, "5.7.1", 550,
    "550 5.7.1 Message rejected under suspicion of SPAM; see https://help.example.ru/spam",
    "DATA",
    "spamdetected", FALSE, "“suspicion of spam”", FALSE },
  /* The failure after Postfix's "delivery temporarily suspended:" is the
   * reason, not a suspended mailbox. */
  { "suspended-delivery-refused", BV_EVENT_BOUNCE, "4.4.1", 0,
    "delivery temporarily suspended: connect to mx.example.com[192.0.2.44]:25: Connection "
    "refused", NULL,
    "networkerror", FALSE, "“connection refused”", FALSE },
  { "expired", BV_EVENT_BOUNCE, "4.4.7", 0,
    "Delivery attempts will continue to be made for 4 days; retry timeout exceeded", NULL,
    "expired", FALSE, "“retry timeout exceeded”", FALSE },
  { "suspend", BV_EVENT_BOUNCE, "5.2.1", 550,
    "550 5.2.1 The email account that you tried to reach is disabled.", "RCPT",
    "suspend", FALSE, "“is disabled”", FALSE },
  /* HTML tags in a reply read as spaces, so "as <i>spam</i>" is "as
   * spam", and an address in angle brackets is still no tag. */
  { "spam-in-markup", BV_EVENT_BOUNCE, "5.7.1", 550,
    "550 5.7.1 <html><body><p><b>Message rejected</b> as <i>spam</i> for "
    "<l.meyer@example.net></p></body></html>", "DATA",
    "spamdetected", FALSE, "“as spam”", FALSE },
  /* A policy named in the reply is more specific than 5.7.1 alone,
   * which would give a security error. */
  { "rejected-by-policy", BV_EVENT_BOUNCE, "5.7.1", 550,
    "550 5.7.1 Message rejected by policy", "DATA",
    "policyviolation", FALSE, "“rejected by policy”", FALSE },
  /* "does not accept mail" names a domain without mail, but here the
   * mailbox is disabled. */
  { "mailbox-disabled", BV_EVENT_BOUNCE, "5.7.1", 550,
    "550 5.7.1 Recipient does not accept mail - mailbox disabled", "RCPT",
    "suspend", FALSE, "“mailbox disabled”", FALSE },
  /* "The recipient's mailbox space is full, no new mail can be received." */
  { "mailboxfull-chinese", BV_EVENT_BOUNCE, NULL, 0,
    "收件人邮箱空间已满，无法接收新邮件。", NULL,
    "mailboxfull", FALSE, "“空间已满”", FALSE },
  { "filtered", BV_EVENT_BOUNCE, "5.2.0", 550,
    "550 5.2.0 Message filtered. Please see the documentation of the recipient's provider.",
    "DATA",
    "filtered", FALSE, "“message filtered”", FALSE },
  { "rejected", BV_EVENT_BOUNCE, "5.1.8", 553,
    "553 5.1.8 <news@example.org>... Domain of sender address news@example.org does not exist",
    "MAIL",
    "rejected", FALSE, "“domain of sender address”", FALSE },
  { "norelaying", BV_EVENT_BOUNCE, "5.7.1", 554,
    "554 5.7.1 <x.yilmaz@example.net>: Relay access denied", "RCPT",
    "norelaying", FALSE, "“relay access denied”", FALSE },
  { "notaccept", BV_EVENT_BOUNCE, "5.1.10", 556,
    "556 5.1.10 Recipient address example.net has null MX", "RCPT",
    "notaccept", TRUE, "“null mx”", TRUE },
  { "policyviolation", BV_EVENT_BOUNCE, "5.7.1", 550,
    "550 5.7.1 Message rejected because of a policy violation: attachment type .exe", "DATA",
    "policyviolation", FALSE, "“policy violation”", FALSE },
  { "securityerror", BV_EVENT_BOUNCE, "5.7.0", 530,
    "530 5.7.0 Must issue a STARTTLS command first", "MAIL",
    "securityerror", FALSE, "“must issue a starttls”", FALSE },
  { "authfailure", BV_EVENT_BOUNCE, "5.7.26", 550,
    "550 5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC "
    "policy", "DATA",
    "authfailure", FALSE, "“dmarc”", FALSE },
  { "requireptr", BV_EVENT_BOUNCE, "5.7.25", 550,
    "550 5.7.25 The IP address sending this message does not have a PTR record setup", "DATA",
    "requireptr", FALSE, "“ptr record”", FALSE },
  { "badreputation", BV_EVENT_BOUNCE, "5.7.1", 550,
    "550 5.7.1 Message rejected due to the low reputation of the sending IP address", "DATA",
    "badreputation", FALSE, "“reputation”", FALSE },
  { "ratelimited", BV_EVENT_DEFERRAL, "4.7.0", 421,
    "421 4.7.0 Rate limit exceeded for 203.0.113.4, try again later", "RCPT",
    "ratelimited", FALSE, "“rate limit”", FALSE },
  { "toomanyconn", BV_EVENT_DEFERRAL, "4.7.0", 421,
    "421 4.7.0 Too many connections from 203.0.113.4", "CONN",
    "toomanyconn", FALSE, "“too many connections”", FALSE },
  { "speeding", BV_EVENT_DEFERRAL, "4.7.28", 450,
    "450 4.7.28 Too many recipients this hour from your domain", "RCPT",
    "speeding", FALSE, "“too many recipients this hour”", FALSE },
  { "systemerror", BV_EVENT_DEFERRAL, "4.3.0", 451,
    "451 4.3.0 Internal server error, please retry", "DATA",
    "systemerror", FALSE, "“server error”", FALSE },
  { "systemfull", BV_EVENT_DEFERRAL, "4.3.1", 452,
    "452 4.3.1 Insufficient system resources", "MAIL",
    "systemfull", FALSE, "“insufficient system resources”", FALSE },
  { "networkerror", BV_EVENT_DEFERRAL, "4.4.1", 0,
    "connect to mx.example.net[192.0.2.8]:25: No route to host", NULL,
    "networkerror", FALSE, "“no route to host”", FALSE },
  { "mailererror", BV_EVENT_BOUNCE, "5.3.0", 0,
    "Command died with status 127: \"/usr/local/bin/sorter\". Command output: sorter: not found",
    NULL,
    "mailererror", FALSE, "“command output”", FALSE },
  { "hasmoved", BV_EVENT_BOUNCE, "5.1.6", 551,
    "551 5.1.6 User has moved; please try <a.berg@example.net>", "RCPT",
    "hasmoved", TRUE, "“has moved”", FALSE },
  { "mesgtoobig", BV_EVENT_BOUNCE, "5.3.4", 552,
    "552 5.3.4 Message size exceeds fixed maximum message size", "DATA",
    "mesgtoobig", FALSE, "“message size exceeds”", FALSE },
  { "exceedlimit", BV_EVENT_BOUNCE, "5.2.3", 552,
    "552 5.2.3 Message length exceeds administrative limit", "DATA",
    "exceedlimit", FALSE, "“exceeds administrative limit”", FALSE },
  { "contenterror", BV_EVENT_BOUNCE, "5.6.0", 554,
    "554 5.6.0 Headers too large for this server", "DATA",
    "contenterror", FALSE, "“headers too large”", FALSE },
  { "virusdetected", BV_EVENT_BOUNCE, "5.7.1", 554,
    "554 5.7.1 Message rejected: virus found (Example-Test-Signature)", "DATA",
    "virusdetected", FALSE, "“virus”", FALSE },
  { "syntaxerror", BV_EVENT_BOUNCE, "5.5.1", 503,
    "503 5.5.1 Error: bad sequence of commands", "DATA",
    "syntaxerror", FALSE, "“bad sequence of commands”", FALSE },
  { "notcompliantrfc", BV_EVENT_BOUNCE, "5.7.1", 550,
    "550 5.7.1 This message is not RFC 5322 compliant. There are multiple Subject headers.",
    "DATA",
    "notcompliantrfc", FALSE, "“not rfc 5322”", FALSE },
  { "onhold", BV_EVENT_DEFERRAL, "4.0.0", 0,
    "Message put on hold by the administrator", NULL,
    "onhold", FALSE, "“on hold”", FALSE },
  { "undefined", BV_EVENT_BOUNCE, NULL, 0,
    "The message could not be processed", NULL,
    "undefined", FALSE, "nothing recognised", FALSE },
  { "delivered", BV_EVENT_DELIVERY, "2.0.0", 250,
    "250 2.0.0 Ok: queued as 1A2B3C", NULL,
    "delivered", FALSE, "delivery notice", FALSE },
  { "feedback", BV_EVENT_COMPLAINT, NULL, 0, NULL, NULL,
    "feedback", FALSE, "complaint report", FALSE },
  { "vacation", BV_EVENT_AUTO_REPLY, NULL, 0,
    "I am away until Monday and will answer your message when I am back.", NULL,
    "vacation", FALSE, "automatic reply", FALSE },

  /* An automatic reply whose text reports the mailbox as gone. */
  { "auto-reply-mailbox-gone", BV_EVENT_AUTO_REPLY, NULL, 0,
    "This mailbox is no longer in use. Please write to the front desk instead.", NULL,
    "suspend", FALSE, "automatic reply: “no longer in use”", FALSE },

  /* The server's text names another reason than a status code that
   * itself names a specific reason. The text wins and the event
   * records the disagreement. */
  { "disagree-blacklisted-with-5.1.1", BV_EVENT_BOUNCE, "5.1.1", 550,
    "550 5.7.1 IP address blacklisted", "RCPT",
    "blocked", FALSE, "“ip address blacklisted”", TRUE },
  { "disagree-mailbox-full-with-5.1.1", BV_EVENT_BOUNCE, "5.1.1", 550,
    "550 mailbox full", "RCPT",
    "mailboxfull", FALSE, "“mailbox full”", TRUE },

  /* A bare class ("5.0.0") or a general code ("5.5.0", "5.7.1")
   * names no specific reason, so there is nothing to disagree with. */
  { "agree-vague-status", BV_EVENT_BOUNCE, "5.0.0", 550,
    "550 Mailbox quota exceeded", "RCPT",
    "mailboxfull", FALSE, "“quota exceeded”", FALSE },
  { "agree-mailbox-unavailable-with-5.5.0", BV_EVENT_BOUNCE, "5.5.0", 550,
    "550 Requested action not taken: mailbox unavailable", NULL,
    "userunknown", TRUE, "“mailbox unavailable”", FALSE },

  /* No text at all: the codes decide. */
  { "code-only-status-5.2.2", BV_EVENT_BOUNCE, "5.2.2", 0, NULL, NULL,
    "mailboxfull", FALSE, "status 5.2.2", FALSE },
  { "code-only-reply-551", BV_EVENT_BOUNCE, NULL, 551, NULL, NULL,
    "hasmoved", TRUE, "reply code 551", FALSE },
  { "code-only-status-5.1.1", BV_EVENT_BOUNCE, "5.1.1", 0, NULL, NULL,
    "userunknown", TRUE, "status 5.1.1", FALSE },
  { "code-only-reply-554", BV_EVENT_BOUNCE, NULL, 554, NULL, NULL,
    "onhold", FALSE, "reply code 554", FALSE },

  /* The SMTP command and the reply's addresses show who was rejected
   * when the words do not. */
  { "refused-at-mail-from", BV_EVENT_BOUNCE, "5.0.0", 550,
    "550 Access denied", "MAIL",
    "rejected", FALSE, "refused at MAIL FROM", FALSE },
  { "refused-at-greeting", BV_EVENT_BOUNCE, NULL, 554,
    "554 Access denied", "CONN",
    "blocked", FALSE, "refused at the greeting", FALSE },
  { "unknown-user-after-data", BV_EVENT_BOUNCE, "5.0.0", 550,
    "550 : User unknown", "DATA",
    "filtered", FALSE, "“550 : user unknown”", FALSE },

  /* Gmail limits the rate of a sender that sends much unsolicited mail
   * with 421 4.7.28, and refuses such a sender with 550 5.7.28. */
  { "gmail-unusual-rate-deferral", BV_EVENT_DEFERRAL, "4.7.28", 421,
    "421-4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your "
    "IP address. To protect our users from spam, mail sent from your IP address has been "
    "temporarily rate limited. - gsmtp", NULL,
    "ratelimited", FALSE, "“unusual rate of unsolicited mail”", FALSE },
  { "gmail-unusual-rate-refusal", BV_EVENT_BOUNCE, "5.7.28", 550,
    "550-5.7.28 Our system has detected an unusual rate of unsolicited mail originating from "
    "your IP address. To protect our users from spam, mail sent from your IP address has been "
    "blocked. - gsmtp", NULL,
    "spamdetected", FALSE, "“unsolicited mail”", FALSE },

  /* The words of greylisting decide over the status code that comes with them. */
  { "greylisted-4.7.1", BV_EVENT_DEFERRAL, "4.7.1", 451,
    "451 4.7.1 Greylisted, please try again later", NULL,
    "onhold", FALSE, "“greylisted”", FALSE },
  { "greylisted-postgrey", BV_EVENT_DEFERRAL, "4.2.0", 450,
    "450 4.2.0 <t.berg@example.net>: Recipient address rejected: Greylisted, see "
    "http://greylist.example.net/help/example.net.html", "RCPT",
    "onhold", FALSE, "“greylisted”", FALSE },
  { "graylisting-without-status", BV_EVENT_DEFERRAL, NULL, 451,
    "451 Temporary local problem - please try later (graylisting in effect)", "RCPT",
    "onhold", FALSE, "“graylisting”", FALSE },

  /* Yahoo's [TSS04] throttles the sending IP. As a code, it is more
   * specific than 4.7.0 but gives way to a refusal at MAIL FROM, and it
   * counts only as a whole token. */
  { "yahoo-tss04", BV_EVENT_DEFERRAL, "4.7.0", 421,
    "421 4.7.0 [TSS04] Messages from 192.0.2.30 temporarily deferred due to unexpected volume "
    "or user complaints - 4.16.55.1", NULL,
    "ratelimited", FALSE, "provider code TSS04", FALSE },
  { "yahoo-tss04-at-mail-from", BV_EVENT_DEFERRAL, "4.7.0", 421,
    "421 4.7.0 [TSS04] Messages from 192.0.2.30 temporarily deferred due to unexpected volume "
    "or user complaints - 4.16.55.1", "MAIL",
    "rejected", FALSE, "refused at MAIL FROM", FALSE },
  { "yahoo-tss04-in-longer-token", BV_EVENT_DEFERRAL, "4.7.0", 421,
    "421 4.7.0 [XTSS041] Try again later", NULL,
    "securityerror", FALSE, "status 4.7.0", FALSE },
  /* Yahoo's refusals of all mail from an IP judge its reputation. */
  { "yahoo-ts03", BV_EVENT_DEFERRAL, "4.7.0", 421,
    "421 4.7.0 [TS03] All messages from 192.0.2.30 will be permanently deferred; Retrying will "
    "NOT succeed.", NULL,
    "badreputation", FALSE, "provider code TS03", FALSE },
  { "yahoo-tss09", BV_EVENT_BOUNCE, "5.7.2", 553,
    "553 5.7.2 [TSS09] All messages from 192.0.2.30 will be permanently deferred; Retrying will "
    "NOT succeed.", NULL,
    "badreputation", FALSE, "provider code TSS09", FALSE },

  /* Gmail's rate limit of a recipient, with a status code that alone
   * means a disabled mailbox: the words win, and the event records that
   * the code disagrees. */
  { "gmail-recipient-rate", BV_EVENT_DEFERRAL, "4.2.1", 450,
    "450-4.2.1 The user you are trying to contact is receiving mail at a rate that 450-4.2.1 "
    "prevents additional messages from being delivered. Please resend your message at a later "
    "point. - gsmtp", NULL,
    "ratelimited", FALSE, "“receiving mail at a rate”", TRUE },
  { "gmail-recipient-too-quickly", BV_EVENT_DEFERRAL, "4.2.1", 452,
    "452-4.2.1 The recipient you are trying to contact is receiving mail too quickly. Please "
    "resend your message at a later point. - gsmtp", NULL,
    "ratelimited", FALSE, "“receiving mail too quickly”", TRUE },
  { "yahoo-ts02", BV_EVENT_DEFERRAL, "4.7.0", 421,
    "421 4.7.0 [TS02] Messages from 192.0.2.30 temporarily deferred", NULL,
    "ratelimited", FALSE, "provider code TS02", FALSE },

  /* A 4xx reply with the words of an unknown host describes a DNS
   * problem, not a missing domain. */
  { "temporary-host-not-found", BV_EVENT_DEFERRAL, "4.4.3", 451,
    "451 4.4.3 Host not found, try again", NULL,
    "networkerror", FALSE, "“host not found, try again”", FALSE },
};

/* Every reason name the classifier must know. */
static const char * const expected_reasons[] = {
  "undefined", "userunknown", "mailboxfull", "hostunknown", "blocked", "spamdetected",
  "expired", "suspend", "filtered", "rejected", "norelaying", "notaccept",
  "policyviolation", "securityerror", "authfailure", "requireptr", "badreputation",
  "ratelimited", "toomanyconn", "speeding", "systemerror", "systemfull", "networkerror",
  "mailererror", "hasmoved", "mesgtoobig", "exceedlimit", "contenterror", "virusdetected",
  "syntaxerror", "notcompliantrfc", "onhold", "delivered", "feedback", "vacation",
};

/* The reasons whose bounces are hard: the address itself is bad. */
static const char * const hard_reasons[] = {
  "userunknown", "hostunknown", "hasmoved", "notaccept",
};

static BvEvent *
build_event (BvEventType  type,
             const char  *status,
             guint        reply_code,
             const char  *diagnostic,
             const char  *smtp_command)
{
  BvEvent *event = bv_event_new (type);

  bv_set_string (&event->recipient, "someone@example.net");
  bv_set_string (&event->status, status);
  event->reply_code = reply_code;
  bv_set_string (&event->diagnostic, diagnostic);
  bv_set_string (&event->smtp_command, smtp_command);
  return event;
}

static void
test_classify_case (gconstpointer data)
{
  const ClassifyCase *test_case = data;
  g_autoptr(BvEvent) event = build_event (test_case->type, test_case->status,
                                          test_case->reply_code, test_case->diagnostic,
                                          test_case->smtp_command);

  bv_classify_event (event, NULL, 0);

  g_assert_cmpstr (event->reason, ==, test_case->reason);
  g_assert_cmpint (event->hard_bounce, ==, test_case->hard_bounce);
  g_assert_cmpint (event->codes_disagree, ==, test_case->codes_disagree);
  g_assert_nonnull (event->evidence);
  if (strstr (event->evidence, test_case->evidence) == NULL)
    g_test_fail_printf ("evidence “%s” does not contain “%s”", event->evidence,
                        test_case->evidence);
}

/* A diagnostic of a local delivery program (RFC 3464 "x-unix") whose
 * words name no reason. */
static void
test_unix_diagnostic_type (void)
{
  g_autoptr(BvEvent) event = build_event (BV_EVENT_BOUNCE, "5.3.0", 0, "exit status 75", NULL);

  bv_set_string (&event->diagnostic_type, "x-unix");
  bv_classify_event (event, NULL, 0);

  g_assert_cmpstr (event->reason, ==, "mailererror");
  g_assert_cmpstr (event->evidence, ==, "diagnostic type: x-unix");
  g_assert_false (event->hard_bounce);
}

/* A reply that names the original sender's address refused the sender. */
static void
test_reply_names_sender (void)
{
  g_autoptr(BvEvent) event = build_event (BV_EVENT_BOUNCE, "5.1.1", 550,
                                          "550 5.1.1 <news@example.org>: unknown sender",
                                          "RCPT");

  bv_set_string (&event->original_from, "Example News <news@example.org>");
  bv_classify_event (event, NULL, 0);

  g_assert_cmpstr (event->reason, ==, "rejected");
  g_assert_cmpstr (event->evidence, ==, "the reply names the sender's address");
  g_assert_false (event->hard_bounce);
}

/* With no diagnostic and a vague status, the report's own text decides. */
static void
test_report_text_context (void)
{
  static const char context[] =
    "Your message could not be delivered.\n"
    "The recipient's mailbox is full and cannot accept messages now.\n";
  g_autoptr(BvEvent) event = build_event (BV_EVENT_BOUNCE, "5.0.0", 0, NULL, NULL);

  bv_classify_event (event, context, strlen (context));

  g_assert_cmpstr (event->reason, ==, "mailboxfull");
  g_assert_cmpstr (event->evidence, ==, "report text: “mailbox is full”");
  g_assert_false (event->codes_disagree);
}

/* A specific status outweighs the report's general prose. */
static void
test_status_beats_report_text (void)
{
  static const char context[] = "The recipient's mailbox is full.\n";
  g_autoptr(BvEvent) event = build_event (BV_EVENT_BOUNCE, "5.1.1", 0, NULL, NULL);

  bv_classify_event (event, context, strlen (context));

  g_assert_cmpstr (event->reason, ==, "userunknown");
  g_assert_cmpstr (event->evidence, ==, "status 5.1.1");
  g_assert_true (event->hard_bounce);
}

/* Classifying again after the codes changed leaves nothing of the
 * first result behind. */
static void
test_classify_again (void)
{
  g_autoptr(BvEvent) event = build_event (BV_EVENT_BOUNCE, "5.1.1", 550,
                                          "550 5.7.1 IP address blacklisted", "RCPT");

  bv_classify_event (event, NULL, 0);
  g_assert_cmpstr (event->reason, ==, "blocked");
  g_assert_true (event->codes_disagree);

  bv_set_string (&event->diagnostic, "550 5.1.1 User unknown");
  bv_classify_event (event, NULL, 0);
  g_assert_cmpstr (event->reason, ==, "userunknown");
  g_assert_false (event->codes_disagree);
  g_assert_true (event->hard_bounce);
}

static gboolean
strv_contains (const char * const *strv,
               gsize               n,
               const char         *value)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (strv[i], value) == 0)
      return TRUE;
  return FALSE;
}

static void
test_reason_names (void)
{
  guint n_reasons = 0;
  const char * const *reasons = bv_classify_reasons (&n_reasons);

  g_assert_cmpuint (n_reasons, ==, G_N_ELEMENTS (expected_reasons));
  g_assert_null (reasons[n_reasons]);

  for (guint i = 0; i < n_reasons; i++)
    {
      g_assert_true (strv_contains (expected_reasons, G_N_ELEMENTS (expected_reasons),
                                    reasons[i]));
      g_assert_true (bv_classify_is_reason (reasons[i]));
      g_assert_nonnull (bv_classify_describe_reason (reasons[i]));
    }

  g_assert_false (bv_classify_is_reason ("nosuchreason"));
  g_assert_false (bv_classify_is_reason (""));
  g_assert_null (bv_classify_describe_reason ("nosuchreason"));
}

/* Every reason has a short label for the window, unlike any other
 * reason's, and the labels of known reasons are as written. */
static void
test_reason_labels (void)
{
  static const struct
  {
    const char *reason;
    const char *label;
  } known[] = {
    { "userunknown", "Unknown user" },
    { "mailboxfull", "Mailbox full" },
    { "hostunknown", "Unknown domain" },
    { "blocked", "Blocked" },
    { "spamdetected", "Spam detected" },
    { "expired", "Expired" },
    { "ratelimited", "Rate limited" },
  };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_reasons = 0;
  const char * const *reasons = bv_classify_reasons (&n_reasons);

  for (guint i = 0; i < n_reasons; i++)
    {
      const char *label = bv_classify_reason_label (reasons[i]);

      g_test_message ("reason %s", reasons[i]);
      g_assert_nonnull (label);
      g_assert_cmpuint (strlen (label), >, 0);
      g_assert_cmpuint (g_utf8_strlen (label, -1), <=, 24);
      g_assert_cmpstr (label, !=, reasons[i]);
      g_assert_false (g_hash_table_contains (seen, label));
      g_hash_table_add (seen, (gpointer) label);
    }

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    g_assert_cmpstr (bv_classify_reason_label (known[i].reason), ==, known[i].label);

  g_assert_null (bv_classify_reason_label ("nosuchreason"));
  g_assert_null (bv_classify_reason_label (""));
}

/* Every reason that bv_classify_reasons() returns has a case in the
 * table above that gives it. */
static void
test_every_reason_covered (void)
{
  guint n_reasons = 0;
  const char * const *reasons = bv_classify_reasons (&n_reasons);

  for (guint i = 0; i < n_reasons; i++)
    {
      gboolean covered = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (classify_cases) && !covered; j++)
        covered = g_strcmp0 (classify_cases[j].reason, reasons[i]) == 0;
      if (!covered)
        g_test_fail_printf ("no case gives the reason “%s”", reasons[i]);
    }
}

/* hard_bounce is TRUE for bounces with an address reason, and never for
 * deliveries, complaints or automatic replies. */
static void
test_hard_bounce_reasons (void)
{
  static const BvEventType never_hard[] = {
    BV_EVENT_DELIVERY, BV_EVENT_COMPLAINT, BV_EVENT_AUTO_REPLY,
  };
  guint n_reasons = 0;
  const char * const *reasons = bv_classify_reasons (&n_reasons);
  g_autoptr(BvEvent) bounce = bv_event_new (BV_EVENT_BOUNCE);

  for (guint i = 0; i < n_reasons; i++)
    {
      gboolean hard = strv_contains (hard_reasons, G_N_ELEMENTS (hard_reasons), reasons[i]);

      g_test_message ("reason %s", reasons[i]);
      g_assert_cmpint (bv_classify_is_hard (reasons[i], bounce), ==, hard);

      for (guint j = 0; j < G_N_ELEMENTS (never_hard); j++)
        {
          g_autoptr(BvEvent) event = bv_event_new (never_hard[j]);

          g_assert_false (bv_classify_is_hard (reasons[i], event));
        }
    }

  g_assert_false (bv_classify_is_hard ("nosuchreason", bounce));
}

/* The phrase search ignores case and looks only inside the given length. */
static void
test_find_phrase (void)
{
  static const struct
  {
    const char *text;
    gssize length;
    const char *phrase;
    int expected;               /* offset of the match, or -1 */
  } cases[] = {
    { "Remote host said: 550", -1, "remote host", 0 },
    { "said the REMOTE Host", -1, "remote host", 9 },
    { "rEmote hOsT", -1, "remote host", 0 },
    { "hhHhost", -1, "host", 3 },
    { "HostHOST", -1, "hOST", 0 },
    { "status 5.1.1 (user unknown)", -1, "5.1.1", 7 },
    { "no such phrase here", -1, "remote host", -1 },
    { "host", -1, "remote host", -1 },
    { "the host is down", 8, "host", 4 },
    { "the host is down", 7, "host", -1 },
    { "", -1, "host", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length = cases[i].length < 0 ? strlen (cases[i].text) : (gsize) cases[i].length;
      const char *found = bv_scan_find_phrase (cases[i].text, length, cases[i].phrase);

      g_test_message ("“%s” in “%s”", cases[i].phrase, cases[i].text);
      if (cases[i].expected < 0)
        {
          g_assert_null (found);
        }
      else
        {
          g_assert_nonnull (found);
          g_assert_cmpint (found - cases[i].text, ==, cases[i].expected);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (classify_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bounceview/classify/%s", classify_cases[i].name);

      g_test_add_data_func (path, &classify_cases[i], test_classify_case);
    }

  g_test_add_func ("/bounceview/classify/unix-diagnostic-type", test_unix_diagnostic_type);
  g_test_add_func ("/bounceview/classify/reply-names-sender", test_reply_names_sender);
  g_test_add_func ("/bounceview/classify/report-text-context", test_report_text_context);
  g_test_add_func ("/bounceview/classify/status-beats-report-text", test_status_beats_report_text);
  g_test_add_func ("/bounceview/classify/classify-again", test_classify_again);
  g_test_add_func ("/bounceview/classify/reason-names", test_reason_names);
  g_test_add_func ("/bounceview/classify/reason-labels", test_reason_labels);
  g_test_add_func ("/bounceview/classify/every-reason-covered", test_every_reason_covered);
  g_test_add_func ("/bounceview/classify/hard-bounce-reasons", test_hard_bounce_reasons);
  g_test_add_func ("/bounceview/classify/find-phrase", test_find_phrase);

  return g_test_run ();
}
