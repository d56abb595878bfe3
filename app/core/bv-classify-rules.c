/* bv-classify-rules.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The knowledge behind bounce reasons: what each reason means, the
 * phrases of the receiving servers' replies that name it, and the reason
 * each enhanced status code (RFC 3463) and reply code (RFC 5321) stands
 * for when the text names none. The phrases come from the replies of real
 * MTAs and mailbox providers; each is written in lower case with single
 * spaces. A phrase matches anywhere in a text, but not inside addresses,
 * URL anchors or reply code prefixes. */

#include "bv-classify-private.h"

#include <glib/gi18n-lib.h>

/* Translators: the second string of a row is a short label, shown in a
 * column and a drop-down, and the third one describes the reason. */
const ReasonInfo bv_reason_info[N_REASONS] = {
  [REASON_UNDEFINED] = { "undefined", N_("No known reason"), N_("The report gives no reason that BounceView recognises."), FALSE },
  [REASON_USERUNKNOWN] = { "userunknown", N_("Unknown user"), N_("The recipient's mailbox does not exist at the receiving server: a mistyped or deleted address."), TRUE },
  [REASON_MAILBOXFULL] = { "mailboxfull", N_("Mailbox full"), N_("The recipient's mailbox is over its quota; it may take mail again once the owner makes room."), FALSE },
  [REASON_HOSTUNKNOWN] = { "hostunknown", N_("Unknown domain"), N_("The recipient's domain does not exist or has no mail server in DNS."), TRUE },
  [REASON_BLOCKED] = { "blocked", N_("Blocked"), N_("The receiving server refused the sending server or the sender's domain, usually because the IP address or the domain is on a block list, or because the server lacks a trusted name."), FALSE },
  [REASON_SPAMDETECTED] = { "spamdetected", N_("Spam detected"), N_("The receiving server's filter judged the message to be spam."), FALSE },
  [REASON_EXPIRED] = { "expired", N_("Expired"), N_("The sending server could not deliver the message for a long time. A bounce means that its time in the queue ran out; a delay warning, that the server is still retrying."), FALSE },
  [REASON_SUSPEND] = { "suspend", N_("Mailbox suspended"), N_("The recipient's mailbox exists but is disabled or suspended."), FALSE },
  [REASON_FILTERED] = { "filtered", N_("Filtered"), N_("The recipient's own filter or the receiving domain's filter rejected the message after accepting the address."), FALSE },
  [REASON_REJECTED] = { "rejected", N_("Sender rejected"), N_("The receiving server refused the sender's address (the envelope sender or the From domain)."), FALSE },
  [REASON_NORELAYING] = { "norelaying", N_("Relaying denied"), N_("The server refused to relay: it does not accept mail for that domain from this sender."), FALSE },
  [REASON_NOTACCEPT] = { "notaccept", N_("Domain takes no mail"), N_("The receiving domain accepts no mail at all (for example a null MX)."), TRUE },
  [REASON_POLICYVIOLATION] = { "policyviolation", N_("Policy violation"), N_("The message broke a policy of the receiving site, such as a content or attachment rule."), FALSE },
  [REASON_SECURITYERROR] = { "securityerror", N_("Security error"), N_("The receiving server required authentication, encryption or another security measure that the sending side did not meet."), FALSE },
  [REASON_AUTHFAILURE] = { "authfailure", N_("Authentication failed"), N_("The message failed sender authentication: SPF, DKIM or DMARC."), FALSE },
  [REASON_REQUIREPTR] = { "requireptr", N_("No reverse DNS"), N_("The sending server's IP address has no valid reverse DNS (PTR) name, which the receiving server requires."), FALSE },
  [REASON_BADREPUTATION] = { "badreputation", N_("Bad reputation"), N_("The sending IP address or domain has a poor reputation at the receiving provider."), FALSE },
  [REASON_RATELIMITED] = { "ratelimited", N_("Rate limited"), N_("The sender went over a rate limit of the receiving server."), FALSE },
  [REASON_TOOMANYCONN] = { "toomanyconn", N_("Too many connections"), N_("The sender opened too many connections or named too many recipients at once."), FALSE },
  [REASON_SPEEDING] = { "speeding", N_("Sending too fast"), N_("The sender sent too many messages in too short a time."), FALSE },
  [REASON_SYSTEMERROR] = { "systemerror", N_("System error"), N_("An error inside the receiving mail system, not caused by the message."), FALSE },
  [REASON_SYSTEMFULL] = { "systemfull", N_("System full"), N_("The receiving mail system is out of disk space or other resources."), FALSE },
  [REASON_NETWORKERROR] = { "networkerror", N_("Network error"), N_("A network or DNS problem kept the sending server from reaching the receiving one."), FALSE },
  [REASON_MAILERERROR] = { "mailererror", N_("Mailer error"), N_("A local delivery program (a pipe, procmail, a mailer) failed at the receiving side."), FALSE },
  [REASON_HASMOVED] = { "hasmoved", N_("Address moved"), N_("The recipient's address has moved and the server gives no forwarding address."), TRUE },
  [REASON_MESGTOOBIG] = { "mesgtoobig", N_("Message too big"), N_("The message is larger than the receiving system accepts."), FALSE },
  [REASON_EXCEEDLIMIT] = { "exceedlimit", N_("Over recipient’s limit"), N_("The message is larger than the recipient's own limit allows."), FALSE },
  [REASON_CONTENTERROR] = { "contenterror", N_("Content error"), N_("The message's content or headers are malformed or not acceptable to the receiver."), FALSE },
  [REASON_VIRUSDETECTED] = { "virusdetected", N_("Virus detected"), N_("The receiving server found a virus or malware in the message."), FALSE },
  [REASON_SYNTAXERROR] = { "syntaxerror", N_("SMTP syntax error"), N_("The SMTP conversation broke the protocol: a bad command or a command out of sequence."), FALSE },
  [REASON_NOTCOMPLIANTRFC] = { "notcompliantrfc", N_("Not RFC 5322 compliant"), N_("The message does not follow the mail format standard (RFC 5322), for example duplicate header fields."), FALSE },
  [REASON_ONHOLD] = { "onhold", N_("On hold"), N_("The failure is temporary and its cause is not decided yet, as with greylisting, where the receiving server expects the sending server to try again."), FALSE },
  [REASON_DELIVERED] = { "delivered", N_("Delivered"), N_("The message was delivered."), FALSE },
  [REASON_FEEDBACK] = { "feedback", N_("Feedback report"), N_("A recipient or mailbox provider reported the message, usually as spam."), FALSE },
  [REASON_VACATION] = { "vacation", N_("Automatic reply"), N_("The recipient's mailbox answered automatically, as with an out-of-office notice."), FALSE },
};

/* In order: the first rule that matches wins, so specific phrases come
 * before general ones. */
const TextRule bv_text_rules[] = {
  /* Local delivery programs: their own words follow ("procmail: ... No
   * such user"), so they come first. */
  { REASON_MAILERERROR, "pipe to |", RULE_ANY },
  { REASON_MAILERERROR, "procmail", RULE_ANY },
  { REASON_MAILERERROR, "command output", RULE_ANY },
  { REASON_MAILERERROR, "generated during the delivery attempt", RULE_ANY },
  { REASON_MAILERERROR, "delivery program", RULE_ANY },

  /* Header problems, before the authentication words they contain
   * ("Duplicate header 'DKIM-Signature'"). */
  { REASON_CONTENTERROR, "duplicate header", RULE_ANY },
  { REASON_NOTCOMPLIANTRFC, "multiple addresses in from", RULE_ANY },
  { REASON_NOTCOMPLIANTRFC, "not rfc 5322", RULE_ANY },
  { REASON_NOTCOMPLIANTRFC, "rfc 5322 compliant", RULE_ANY },
  { REASON_NOTCOMPLIANTRFC, "not rfc compliant", RULE_ANY },

  /* Viruses and malware. */
  { REASON_VIRUSDETECTED, "virus", RULE_ANY },
  { REASON_VIRUSDETECTED, "malware", RULE_ANY },
  { REASON_VIRUSDETECTED, "infected", RULE_ANY },

  /* Gmail's 421 4.7.28 ("an unusual rate of unsolicited mail ... has been
   * temporarily rate limited") limits the sender's traffic without judging
   * the message, so it comes before the spam phrases. */
  { REASON_RATELIMITED, "unusual rate of unsolicited mail", RULE_TEMPORARY },

  /* Gmail's 450 4.2.1 "The user you are trying to contact is receiving
   * mail at a rate that prevents additional messages from being
   * delivered", and its 452 4.2.1 "... is receiving mail too quickly":
   * the recipient's own rate limit, though 4.2.1 alone reads as a
   * disabled mailbox. */
  { REASON_RATELIMITED, "receiving mail at a rate", RULE_TEMPORARY },
  { REASON_RATELIMITED, "receiving mail too quickly", RULE_TEMPORARY },

  /* Greylisting (RFC 6647) defers mail from a sender the server has not
   * seen before and accepts the retry, so nothing is decided yet. The
   * reply code rules below give 450, its usual reply, the same reason. */
  { REASON_ONHOLD, "greylisted", RULE_TEMPORARY },
  { REASON_ONHOLD, "greylisting", RULE_TEMPORARY },
  { REASON_ONHOLD, "graylisted", RULE_TEMPORARY },
  { REASON_ONHOLD, "graylisting", RULE_TEMPORARY },

  /* Spam filters: phrases that judge this message, not advice that
   * mentions spam in passing. */
  { REASON_SPAMDETECTED, "spam classification", RULE_ANY },
  { REASON_SPAMDETECTED, "scored as spam", RULE_ANY },
  { REASON_SPAMDETECTED, "as spam", RULE_ANY },
  { REASON_SPAMDETECTED, "is spam", RULE_ANY },
  { REASON_SPAMDETECTED, "- spam", RULE_ANY },
  { REASON_SPAMDETECTED, "spam detected", RULE_ANY },
  { REASON_SPAMDETECTED, "spam message", RULE_ANY },
  { REASON_SPAMDETECTED, "spam content", RULE_ANY },
  { REASON_SPAMDETECTED, "spam score", RULE_ANY },
  { REASON_SPAMDETECTED, "likely spam", RULE_ANY },
  { REASON_SPAMDETECTED, "looks like spam", RULE_ANY },
  { REASON_SPAMDETECTED, "suspicion of spam", RULE_ANY },
  /* NetEase (163.com, 126.com): "554 DT:SPM", its spam verdict. */
  { REASON_SPAMDETECTED, "dt:spm", RULE_ANY },
  { REASON_SPAMDETECTED, "suspected spam", RULE_ANY },
  { REASON_SPAMDETECTED, "suspected as spam", RULE_ANY },
  { REASON_SPAMDETECTED, "suspected of being spam", RULE_ANY },
  { REASON_SPAMDETECTED, "spam rejected", RULE_ANY },
  { REASON_SPAMDETECTED, "ube", RULE_ANY },
  { REASON_SPAMDETECTED, "likely unsolicited", RULE_ANY },
  { REASON_SPAMDETECTED, "unsolicited mail", RULE_ANY },
  { REASON_SPAMDETECTED, "unsolicited bulk", RULE_ANY },
  { REASON_SPAMDETECTED, "junk mail", RULE_ANY },
  { REASON_SPAMDETECTED, "message content rejected", RULE_ANY },
  { REASON_SPAMDETECTED, "content rejected", RULE_ANY },
  { REASON_SPAMDETECTED, "mail rejete", RULE_ANY },
  { REASON_SPAMDETECTED, "spamsignature", RULE_ANY },

  /* Sender authentication: SPF (RFC 7208), DKIM (RFC 6376), DMARC (RFC 7489). */
  { REASON_AUTHFAILURE, "dmarc", RULE_ANY },
  { REASON_AUTHFAILURE, "spf", RULE_ANY },
  { REASON_AUTHFAILURE, "dkim", RULE_ANY },
  { REASON_AUTHFAILURE, "authentication checks", RULE_ANY },
  { REASON_AUTHFAILURE, "does not have authentication information", RULE_ANY },
  { REASON_AUTHFAILURE, "unauthenticated email", RULE_ANY },
  { REASON_AUTHFAILURE, "this mail is unauthenticated", RULE_ANY },
  { REASON_AUTHFAILURE, "not authenticated by the sender domain", RULE_ANY },
  { REASON_AUTHFAILURE, "sender authentication", RULE_ANY },
  { REASON_AUTHFAILURE, "required authentication level", RULE_ANY },

  /* Reverse DNS of the sending host. */
  { REASON_REQUIREPTR, "reverse dns", RULE_ANY },
  { REASON_REQUIREPTR, "ptr record", RULE_ANY },
  { REASON_REQUIREPTR, "ptr resource record", RULE_ANY },
  { REASON_REQUIREPTR, "rdns", RULE_ANY },
  { REASON_REQUIREPTR, "name lookup failed", RULE_ANY },
  { REASON_REQUIREPTR, "reverse lookup", RULE_ANY },
  { REASON_REQUIREPTR, "unverifyable sending ip", RULE_ANY },
  { REASON_REQUIREPTR, "unverifiable sending ip", RULE_ANY },
  { REASON_REQUIREPTR, "mismatches client ip", RULE_ANY },
  { REASON_REQUIREPTR, "cannot find your hostname", RULE_ANY },
  { REASON_REQUIREPTR, "cannot find your reverse hostname", RULE_ANY },

  /* Reputation, before the rate limits it causes. */
  { REASON_BADREPUTATION, "reputation", RULE_ANY },

  /* Block lists and refusals of the sending host. */
  { REASON_BLOCKED, "my name was rejected", RULE_ANY },
  { REASON_BLOCKED, "may not be mail exchanger", RULE_ANY },
  { REASON_BLOCKED, "blocked using", RULE_ANY },
  { REASON_BLOCKED, "blocked by", RULE_ANY },
  { REASON_BLOCKED, "blocked for abuse", RULE_ANY },
  { REASON_BLOCKED, "ip address blacklisted", RULE_ANY },
  { REASON_BLOCKED, "blacklisted by", RULE_ANY },
  { REASON_BLOCKED, "is blacklisted", RULE_ANY },
  { REASON_BLOCKED, "blocklist", RULE_ANY },
  { REASON_BLOCKED, "block list", RULE_ANY },
  { REASON_BLOCKED, "dnsbl", RULE_ANY },
  { REASON_BLOCKED, "spamhaus", RULE_ANY },
  { REASON_BLOCKED, "spamcop", RULE_ANY },
  { REASON_BLOCKED, "sorbs", RULE_ANY },
  { REASON_BLOCKED, "abuseat", RULE_ANY },
  { REASON_BLOCKED, "barracudacentral", RULE_ANY },
  { REASON_BLOCKED, "banned sending ip", RULE_ANY },
  /* Proofpoint: "554 Blocked - see https://ipcheck.proofpoint.com/?ip=...". */
  { REASON_BLOCKED, "ipcheck.proofpoint.com", RULE_ANY },
  /* Barracuda: "550 permanent failure for one or more recipients
   * (a@b:blocked)". */
  { REASON_BLOCKED, ":blocked)", RULE_ANY },
  /* Microsoft 365's 5.7.708: its pool of low-reputation IPs. */
  { REASON_BLOCKED, "traffic not accepted from this ip", RULE_ANY },
  { REASON_BLOCKED, "client host rejected", RULE_ANY },
  { REASON_BLOCKED, "client host blocked", RULE_ANY },
  { REASON_BLOCKED, "invalid ip for sending", RULE_ANY },
  { REASON_BLOCKED, "smtp server of your isp", RULE_ANY },
  { REASON_BLOCKED, "too many unwanted messages", RULE_ANY },
  { REASON_BLOCKED, "not accepting connections", RULE_ANY },
  { REASON_BLOCKED, "connection refused by", RULE_ANY },
  /* Postfix, when the server's greeting is a refusal. */
  { REASON_BLOCKED, "refused to talk to me", RULE_ANY },
  { REASON_BLOCKED, "daily relay quota", RULE_ANY },
  { REASON_BLOCKED, "messages from your ip", RULE_ANY },
  { REASON_BLOCKED, "your ip has been", RULE_ANY },
  { REASON_BLOCKED, "(bl)", RULE_ANY },
  { REASON_BLOCKED, "host network not allowed", RULE_ANY },

  /* Relaying. */
  /* qmail: "553 sorry, that domain isn't in my list of allowed
   * rcpthosts (#5.7.1)". */
  { REASON_NORELAYING, "allowed rcpthosts", RULE_ANY },
  { REASON_NORELAYING, "relay access denied", RULE_ANY },
  { REASON_NORELAYING, "relaying denied", RULE_ANY },
  { REASON_NORELAYING, "relaying not allowed", RULE_ANY },
  { REASON_NORELAYING, "relay not permitted", RULE_ANY },
  { REASON_NORELAYING, "not permitted to relay", RULE_ANY },
  { REASON_NORELAYING, "configured to relay", RULE_ANY },
  { REASON_NORELAYING, "unable to relay", RULE_ANY },
  { REASON_NORELAYING, "relay denied", RULE_ANY },
  { REASON_NORELAYING, "no relaying", RULE_ANY },
  { REASON_NORELAYING, "we do not relay", RULE_ANY },
  { REASON_NORELAYING, "email address is not verified", RULE_ANY },

  /* Sending rates and connection limits. */
  { REASON_SPEEDING, "too many recipients this hour", RULE_ANY },
  { REASON_SPEEDING, "sending too fast", RULE_ANY },
  { REASON_TOOMANYCONN, "too many connections", RULE_ANY },
  { REASON_TOOMANYCONN, "connection rate limit", RULE_ANY },
  { REASON_TOOMANYCONN, "frequency limited", RULE_ANY },
  { REASON_TOOMANYCONN, "too many recipients", RULE_ANY },
  { REASON_TOOMANYCONN, "too many simultaneous", RULE_ANY },
  { REASON_TOOMANYCONN, "too many concurrent", RULE_ANY },
  { REASON_RATELIMITED, "rate limit", RULE_ANY },
  { REASON_RATELIMITED, "rate-limit", RULE_ANY },
  { REASON_RATELIMITED, "unusual rate", RULE_ANY },

  /* Moved addresses (551, X.1.6). */
  { REASON_HASMOVED, "has moved", RULE_ANY },
  { REASON_HASMOVED, "no longer on server", RULE_ANY },
  { REASON_HASMOVED, "not our customer", RULE_ANY },
  { REASON_HASMOVED, "not our user", RULE_ANY },
  { REASON_HASMOVED, "address has changed", RULE_ANY },

  /* Sizes. The status code separates the recipient's limit (X.2.3) from
   * the system's (X.3.4). */
  { REASON_EXCEEDLIMIT, "exceeds administrative limit", RULE_ANY },
  { REASON_EXCEEDLIMIT, "message length exceeds", RULE_ANY },
  { REASON_MESGTOOBIG, "message too large", RULE_ANY },
  { REASON_MESGTOOBIG, "message too big", RULE_ANY },
  { REASON_MESGTOOBIG, "message is too large", RULE_ANY },
  { REASON_MESGTOOBIG, "message size exceeds", RULE_ANY },
  { REASON_MESGTOOBIG, "size limit exceeded", RULE_ANY },
  { REASON_MESGTOOBIG, "line limit exceeded", RULE_ANY },
  { REASON_MESGTOOBIG, "exceeds size limit", RULE_ANY },
  { REASON_MESGTOOBIG, "mail size limit", RULE_ANY },

  /* Full mailboxes. */
  { REASON_MAILBOXFULL, "mailbox full", RULE_ANY },
  { REASON_MAILBOXFULL, "mailbox is full", RULE_ANY },
  { REASON_MAILBOXFULL, "mailfolder is full", RULE_ANY },
  { REASON_MAILBOXFULL, "mailbox for user is full", RULE_ANY },
  { REASON_MAILBOXFULL, "over quota", RULE_ANY },
  { REASON_MAILBOXFULL, "overquota", RULE_ANY },
  { REASON_MAILBOXFULL, "quota exceeded", RULE_ANY },
  { REASON_MAILBOXFULL, "exceeded storage allocation", RULE_ANY },
  { REASON_MAILBOXFULL, "over its storage limit", RULE_ANY },
  { REASON_MAILBOXFULL, "over storage limit", RULE_ANY },
  { REASON_MAILBOXFULL, "disk quota", RULE_ANY },
  { REASON_MAILBOXFULL, "out of storage", RULE_ANY },
  { REASON_MAILBOXFULL, "exceeds allowed size", RULE_ANY },
  { REASON_MAILBOXFULL, "mailbox exceeded", RULE_ANY },
  { REASON_MAILBOXFULL, "recipient's mailbox exceeded", RULE_ANY },
  { REASON_MAILBOXFULL, "insufficient storage", RULE_ANY },
  { REASON_MAILBOXFULL, "mailbox size limit", RULE_ANY },
  { REASON_MAILBOXFULL, "quotaexceeded", RULE_ANY },

  /* Disabled mailboxes. */
  { REASON_SUSPEND, "is disabled", RULE_ANY },
  { REASON_SUSPEND, "has been disabled", RULE_ANY },
  { REASON_SUSPEND, "account disabled", RULE_ANY },
  { REASON_SUSPEND, "disabled recipient", RULE_ANY },
  { REASON_SUSPEND, "mailbox disabled", RULE_ANY },
  { REASON_SUSPEND, "mailbox inactive", RULE_ANY },
  { REASON_SUSPEND, "account inactive", RULE_ANY },
  { REASON_SUSPEND, "is inactive", RULE_ANY },
  { REASON_SUSPEND, "suspended", RULE_ANY },
  { REASON_SUSPEND, "account is locked", RULE_ANY },
  { REASON_SUSPEND, "mailbox is frozen", RULE_ANY },
  { REASON_SUSPEND, "no longer in use", RULE_ANY },
  { REASON_SUSPEND, "no longer monitored", RULE_ANY },
  { REASON_SUSPEND, "discontinued", RULE_ANY },
  { REASON_SUSPEND, "deactivated", RULE_ANY },

  /* Domain filters of Japanese mobile carriers reject with an empty
   * address after DATA; the recipient exists. */
  { REASON_FILTERED, "550 : user unknown", RULE_ANY },
  { REASON_FILTERED, "550: : user unknown", RULE_ANY },
  { REASON_FILTERED, "domain filter", RULE_ANY },
  { REASON_FILTERED, "message filtered", RULE_ANY },

  /* The sender's address. */
  { REASON_REJECTED, "sender address rejected", RULE_ANY },
  { REASON_REJECTED, "domain of sender address", RULE_ANY },
  { REASON_REJECTED, "sender rejected", RULE_ANY },
  { REASON_REJECTED, "unroutable sender", RULE_ANY },
  { REASON_REJECTED, "from: domain is invalid", RULE_ANY },
  { REASON_REJECTED, "sending to/from an address that has been blacklisted", RULE_ANY },
  { REASON_REJECTED, "not a member of", RULE_ANY },
  { REASON_REJECTED, "permission to post", RULE_ANY },
  { REASON_REJECTED, "mail rejected by destination domain", RULE_ANY },

  /* Security and authentication of the session. */
  { REASON_SECURITYERROR, "smtp authentication", RULE_ANY },
  { REASON_SECURITYERROR, "authentication required", RULE_ANY },
  { REASON_SECURITYERROR, "authrequired", RULE_ANY },
  { REASON_SECURITYERROR, "unauthenticated senders", RULE_ANY },
  { REASON_SECURITYERROR, "delivery not authorized", RULE_ANY },
  { REASON_SECURITYERROR, "must issue a starttls", RULE_ANY },
  { REASON_SECURITYERROR, "encryption required", RULE_ANY },

  /* Policies. */
  { REASON_POLICYVIOLATION, "header error", RULE_ANY },
  { REASON_POLICYVIOLATION, "potential security issue", RULE_ANY },
  { REASON_POLICYVIOLATION, "content presents a potential", RULE_ANY },
  { REASON_POLICYVIOLATION, "policy violation", RULE_ANY },
  { REASON_POLICYVIOLATION, "policy reasons", RULE_ANY },
  { REASON_POLICYVIOLATION, "violates", RULE_ANY },
  { REASON_POLICYVIOLATION, "prohibited attachment", RULE_ANY },
  { REASON_POLICYVIOLATION, "not allowed by policy", RULE_ANY },
  { REASON_POLICYVIOLATION, "rejected by policy", RULE_ANY },
  { REASON_POLICYVIOLATION, "due to local policy", RULE_ANY },
  { REASON_POLICYVIOLATION, "local policy violation", RULE_ANY },

  /* Content and format. */
  { REASON_NOTCOMPLIANTRFC, "rfc 5322", RULE_ANY },
  { REASON_NOTCOMPLIANTRFC, "rfc5322", RULE_ANY },
  { REASON_CONTENTERROR, "headers too large", RULE_ANY },
  { REASON_CONTENTERROR, "8-bit data", RULE_ANY },
  { REASON_CONTENTERROR, "8bit data", RULE_ANY },
  { REASON_CONTENTERROR, "improper use of", RULE_ANY },

  /* Domains that take no mail (RFC 7505 null MX and its relatives). */
  { REASON_NOTACCEPT, "null mx", RULE_ANY },
  { REASON_NOTACCEPT, "no mx record", RULE_ANY },
  { REASON_NOTACCEPT, "no mx found", RULE_ANY },
  { REASON_NOTACCEPT, "find a mail exchanger", RULE_ANY },
  { REASON_NOTACCEPT, "indicated no smtp service", RULE_ANY },
  { REASON_NOTACCEPT, "does not accept mail", RULE_ANY },
  { REASON_NOTACCEPT, "not accepting mail", RULE_ANY },
  { REASON_NOTACCEPT, "doesn't receive email", RULE_ANY },

  /* A DNS failure that asks to try again is no unknown host. */
  { REASON_NETWORKERROR, "host not found, try again", RULE_ANY },
  { REASON_NETWORKERROR, "dns query failed", RULE_ANY },

  /* Unknown users. */
  { REASON_USERUNKNOWN, "user unknown", RULE_ANY },
  { REASON_USERUNKNOWN, "unknown user", RULE_ANY },
  { REASON_USERUNKNOWN, "no such user", RULE_ANY },
  { REASON_USERUNKNOWN, "no such mailbox", RULE_ANY },
  { REASON_USERUNKNOWN, "unknown recipient", RULE_ANY },
  { REASON_USERUNKNOWN, "recipient unknown", RULE_ANY },
  { REASON_USERUNKNOWN, "invalid recipient", RULE_ANY },
  { REASON_USERUNKNOWN, "recipient not found", RULE_ANY },
  { REASON_USERUNKNOWN, "recipnotfound", RULE_ANY },
  { REASON_USERUNKNOWN, "recipientnotfound", RULE_ANY },
  { REASON_USERUNKNOWN, "mailbox not found", RULE_ANY },
  /* NetEase's "The domain name of the recipient address does not
   * exist", before "address does not exist". */
  { REASON_HOSTUNKNOWN, "domain name of the recipient address does not exist", RULE_ANY },
  { REASON_USERUNKNOWN, "mailbox does not exist", RULE_ANY },
  { REASON_USERUNKNOWN, "mailbox unavailable", RULE_ANY },
  { REASON_USERUNKNOWN, "account that you tried to reach does not exist", RULE_ANY },
  { REASON_USERUNKNOWN, "address does not exist", RULE_ANY },
  { REASON_USERUNKNOWN, "user doesn't exist", RULE_ANY },
  { REASON_USERUNKNOWN, "user does not exist", RULE_ANY },
  { REASON_USERUNKNOWN, "user doesn't have a", RULE_ANY },
  { REASON_USERUNKNOWN, "invalid mailbox", RULE_ANY },
  { REASON_USERUNKNOWN, "invalid address", RULE_ANY },
  { REASON_USERUNKNOWN, "not listed in", RULE_ANY },
  { REASON_USERUNKNOWN, "recipient name is not recognized", RULE_ANY },
  { REASON_USERUNKNOWN, "unknown or illegal alias", RULE_ANY },
  { REASON_USERUNKNOWN, "invalid final delivery userid", RULE_ANY },
  { REASON_USERUNKNOWN, "no valid recipients", RULE_ANY },
  { REASON_USERUNKNOWN, "email address wasn't found", RULE_ANY },
  { REASON_USERUNKNOWN, "address you sent your message to wasn't found", RULE_ANY },
  { REASON_USERUNKNOWN, "not a valid recipient", RULE_ANY },
  { REASON_USERUNKNOWN, "no mailbox here", RULE_ANY },
  { REASON_USERUNKNOWN, "please check if address is correct", RULE_ANY },
  { REASON_USERUNKNOWN, "recipient address rejected: access denied", RULE_ANY },
  { REASON_USERUNKNOWN, "destinataire invalide", RULE_ANY },
  { REASON_USERUNKNOWN, "nicht gefunden", RULE_ANY },
  { REASON_USERUNKNOWN, "address not found", RULE_ANY },
  { REASON_USERUNKNOWN, "address couldn't be found", RULE_ANY },

  /* Unknown hosts and domains, when the failure is permanent; the same
   * words in a temporary failure describe a DNS problem. */
  { REASON_HOSTUNKNOWN, "host unknown", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "unknown host", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "host not found", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "host or domain name not found", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "domain does not exist", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "domain not found", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "no such domain", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "unrouteable address", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "couldn't find any host", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "illegal host", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "invalid domain", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "domain is not reachable", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "bad destination system address", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "account or domain may not exist", RULE_PERMANENT },
  { REASON_HOSTUNKNOWN, "dns lookup failure", RULE_PERMANENT },

  /* Networks and DNS. */
  { REASON_NETWORKERROR, "no route to host", RULE_ANY },
  { REASON_NETWORKERROR, "lost connection", RULE_ANY },
  { REASON_NETWORKERROR, "dns error", RULE_ANY },
  { REASON_NETWORKERROR, "name service error", RULE_ANY },
  { REASON_NETWORKERROR, "name server", RULE_ANY },
  { REASON_NETWORKERROR, "too many hops", RULE_ANY },
  { REASON_NETWORKERROR, "routing loop", RULE_ANY },
  { REASON_NETWORKERROR, "mail loop", RULE_ANY },
  { REASON_NETWORKERROR, "network error", RULE_ANY },
  { REASON_NETWORKERROR, "establish an smtp connection", RULE_ANY },
  { REASON_NETWORKERROR, "connection refused", RULE_ANY },
  { REASON_NETWORKERROR, "connection reset", RULE_ANY },

  /* The receiving system. */
  { REASON_SYSTEMFULL, "insufficient system resources", RULE_ANY },
  { REASON_SYSTEMFULL, "insufficient disk space", RULE_ANY },
  { REASON_SYSTEMFULL, "mail system full", RULE_ANY },
  { REASON_SYSTEMFULL, "out of disk", RULE_ANY },
  { REASON_SYSTEMERROR, "internal system error", RULE_ANY },
  { REASON_SYSTEMERROR, "system error", RULE_ANY },
  { REASON_SYSTEMERROR, "server error", RULE_ANY },
  { REASON_SYSTEMERROR, "queue file write error", RULE_ANY },
  { REASON_SYSTEMERROR, "could not load", RULE_ANY },
  { REASON_SYSTEMERROR, "ldap server", RULE_ANY },
  { REASON_SYSTEMERROR, "does not support tls", RULE_ANY },
  { REASON_SYSTEMERROR, "service currently unavailable", RULE_ANY },
  { REASON_SYSTEMERROR, "upstream error", RULE_ANY },
  { REASON_SYSTEMERROR, "transaction failed", RULE_ANY },
  { REASON_SYSTEMERROR, "local error", RULE_ANY },

  /* Retries that ran out: after the causes above, which are more precise. */
  { REASON_EXPIRED, "retry timeout exceeded", RULE_ANY },
  { REASON_EXPIRED, "message expired", RULE_ANY },
  { REASON_EXPIRED, "envelope expired", RULE_ANY },
  { REASON_EXPIRED, "queue.expired", RULE_ANY },
  { REASON_EXPIRED, "failing for a long time", RULE_ANY },
  { REASON_EXPIRED, "after multiple retries", RULE_ANY },
  { REASON_EXPIRED, "unable to deliver this message after", RULE_ANY },
  { REASON_EXPIRED, "could not be delivered for", RULE_ANY },
  { REASON_EXPIRED, "could not deliver for", RULE_ANY },
  { REASON_EXPIRED, "not delivered within", RULE_ANY },
  { REASON_EXPIRED, "aborted after", RULE_ANY },
  { REASON_EXPIRED, "will be retried", RULE_ANY },
  { REASON_EXPIRED, "will continue trying", RULE_ANY },
  { REASON_EXPIRED, "still undelivered", RULE_ANY },
  { REASON_EXPIRED, "did not accept our requests to connect", RULE_ANY },
  { REASON_EXPIRED, "connection timed out", RULE_ANY },
  { REASON_EXPIRED, "timed out", RULE_ANY },
  { REASON_EXPIRED, "host not reachable", RULE_ANY },
  { REASON_EXPIRED, "is not responding", RULE_ANY },
  { REASON_EXPIRED, "queue too long", RULE_ANY },

  /* The protocol. */
  { REASON_SYNTAXERROR, "improper sequence of commands", RULE_ANY },
  { REASON_SYNTAXERROR, "bad sequence of commands", RULE_ANY },
  { REASON_SYNTAXERROR, "syntax error", RULE_ANY },
  { REASON_SYNTAXERROR, "command unrecognized", RULE_ANY },

  /* Reports of a failure that is not decided yet. */
  { REASON_ONHOLD, "on hold", RULE_ANY },
  { REASON_ONHOLD, "temporary failure", RULE_TEMPORARY },

  /* The most general words come last, and give way to a specific status
   * code ("550 5.1.1 Mailbox jane does not exist" is an unknown user). */
  { REASON_USERUNKNOWN, "recipient address rejected", RULE_PERMANENT, TRUE },
  { REASON_HOSTUNKNOWN, "does not exist", RULE_PERMANENT, TRUE },
};

const gsize bv_n_text_rules = G_N_ELEMENTS (bv_text_rules);

/* Phrases in other scripts and with accents, matched as they are written
 * (UTF-8) in texts that contain non-ASCII characters; ASCII phrases of
 * other languages are in the table above. */
const TextRule bv_text_rules_utf8[] = {
  /* Japanese. */
  { REASON_MAILBOXFULL, "メールボックスが一杯", RULE_ANY },
  { REASON_MAILBOXFULL, "容量超過", RULE_ANY },
  { REASON_MAILBOXFULL, "容量が不足", RULE_ANY },
  { REASON_USERUNKNOWN, "宛先不明", RULE_ANY },
  { REASON_USERUNKNOWN, "ディレクトリには見つかりません", RULE_ANY },
  { REASON_USERUNKNOWN, "ディレクトリのリストにありません", RULE_ANY },
  { REASON_USERUNKNOWN, "存在しません", RULE_ANY },
  { REASON_REJECTED, "投稿する権限", RULE_ANY },
  /* Chinese. */
  { REASON_MAILBOXFULL, "邮箱已满", RULE_ANY },
  { REASON_MAILBOXFULL, "郵箱已滿", RULE_ANY },
  { REASON_MAILBOXFULL, "空间已满", RULE_ANY },
  { REASON_MAILBOXFULL, "空间不足", RULE_ANY },
  { REASON_MAILBOXFULL, "空間已滿", RULE_ANY },
  { REASON_USERUNKNOWN, "用户不存在", RULE_ANY },
  { REASON_USERUNKNOWN, "收件人不存在", RULE_ANY },
  { REASON_USERUNKNOWN, "帐户不存在", RULE_ANY },
  /* German. */
  { REASON_USERUNKNOWN, "empfänger unbekannt", RULE_ANY },
  { REASON_USERUNKNOWN, "unbekannter empfänger", RULE_ANY },
  { REASON_MAILBOXFULL, "postfach ist voll", RULE_ANY },
  { REASON_MAILBOXFULL, "speicherplatz", RULE_ANY },
  /* French and Spanish. */
  { REASON_MAILBOXFULL, "boîte aux lettres pleine", RULE_ANY },
  { REASON_MAILBOXFULL, "buzón lleno", RULE_ANY },
  { REASON_USERUNKNOWN, "destinataire inconnu", RULE_ANY },
  { REASON_USERUNKNOWN, "usuario desconocido", RULE_ANY },
  { REASON_USERUNKNOWN, "utilisateur inconnu", RULE_ANY },
  /* Russian. */
  { REASON_USERUNKNOWN, "пользователь не найден", RULE_ANY },
  { REASON_USERUNKNOWN, "нет такого пользователя", RULE_ANY },
  { REASON_MAILBOXFULL, "ящик переполнен", RULE_ANY },
};

const gsize bv_n_text_rules_utf8 = G_N_ELEMENTS (bv_text_rules_utf8);

/* Enhanced status codes (RFC 3463 and the IANA registry). "X" matches
 * any class; an exact code comes before its "X" form. */
const StatusRule bv_status_rules[] = {
  { "2.X.X", REASON_DELIVERED },
  { "X.1.1", REASON_USERUNKNOWN },
  { "X.1.2", REASON_HOSTUNKNOWN },
  { "X.1.3", REASON_USERUNKNOWN },
  { "X.1.4", REASON_FILTERED },
  { "X.1.6", REASON_HASMOVED },
  { "X.1.7", REASON_REJECTED },
  { "X.1.8", REASON_REJECTED },
  { "X.1.9", REASON_SYSTEMERROR },
  /* RFC 7505 registers X.1.10 for a null MX, but Microsoft 365 replies
   * 5.1.10 for every unknown recipient, which is far more common. */
  { "X.1.10", REASON_USERUNKNOWN },
  { "X.2.0", REASON_FILTERED },
  { "X.2.1", REASON_SUSPEND },
  { "X.2.2", REASON_MAILBOXFULL },
  { "X.2.3", REASON_EXCEEDLIMIT },
  { "X.2.4", REASON_FILTERED },
  { "X.3.0", REASON_SYSTEMERROR },
  { "X.3.1", REASON_SYSTEMFULL },
  { "X.3.2", REASON_NOTACCEPT },
  { "X.3.3", REASON_SYSTEMERROR },
  { "X.3.4", REASON_MESGTOOBIG },
  { "X.3.5", REASON_SYSTEMERROR },
  { "4.4.1", REASON_EXPIRED },
  { "X.4.1", REASON_NETWORKERROR },
  { "X.4.2", REASON_NETWORKERROR },
  { "X.4.3", REASON_SYSTEMERROR },
  { "4.4.4", REASON_NETWORKERROR },
  { "X.4.4", REASON_HOSTUNKNOWN },
  { "X.4.5", REASON_SYSTEMFULL },
  { "X.4.6", REASON_NETWORKERROR },
  { "X.4.7", REASON_EXPIRED },
  { "X.5.0", REASON_SYNTAXERROR },
  { "X.5.1", REASON_SYNTAXERROR },
  { "X.5.2", REASON_SYNTAXERROR },
  { "X.5.3", REASON_TOOMANYCONN },
  { "X.5.4", REASON_SYNTAXERROR },
  { "X.5.5", REASON_SYSTEMERROR },
  { "X.5.6", REASON_SECURITYERROR },
  { "X.6.X", REASON_CONTENTERROR },
  { "X.7.0", REASON_SECURITYERROR },
  { "4.7.1", REASON_BLOCKED },
  { "X.7.1", REASON_SECURITYERROR },
  { "X.7.2", REASON_SECURITYERROR },
  { "X.7.13", REASON_SUSPEND },
  { "X.7.17", REASON_HASMOVED },
  { "X.7.18", REASON_HASMOVED },
  { "X.7.20", REASON_AUTHFAILURE },
  { "X.7.21", REASON_AUTHFAILURE },
  { "X.7.22", REASON_AUTHFAILURE },
  { "X.7.23", REASON_AUTHFAILURE },
  { "X.7.24", REASON_AUTHFAILURE },
  { "X.7.25", REASON_REQUIREPTR },
  { "X.7.26", REASON_AUTHFAILURE },
  { "X.7.27", REASON_NOTACCEPT },
  { "X.7.28", REASON_SPEEDING },
  { "X.7.X", REASON_SECURITYERROR },
};

const gsize bv_n_status_rules = G_N_ELEMENTS (bv_status_rules);

/* Provider codes whose meaning names a reason that the enhanced status
 * code beside them does not. */
const ProviderRule bv_provider_rules[] = {
  /* Yahoo's "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily
   * deferred due to unexpected volume or user complaints" throttles the
   * sending IP, and the provider table's remedy is to retry at a slower
   * pace. 4.7.0 alone would read as a security error.
   * NOTE: Yahoo gives the same code for complaints, which would be
   * badreputation, and its reply does not tell the two apart. */
  { "TSS04", REASON_RATELIMITED },
  /* The older TS02, "temporarily deferred" for unusual traffic, too. */
  { "TS02", REASON_RATELIMITED },

  /* Yahoo's older TS01 defers for complaints, and TS03 and TSS09 refuse
   * all mail of the IP for its traits of bulk mail or its reputation:
   * 4.7.0 and 5.7.2 beside them would read as a security error. */
  { "TS01", REASON_BADREPUTATION },
  { "TS03", REASON_BADREPUTATION },
  { "TSS09", REASON_BADREPUTATION },
};

const gsize bv_n_provider_rules = G_N_ELEMENTS (bv_provider_rules);

/* Basic reply codes (RFC 5321 section 4.2.3) that say enough on their own. */
Reason
bv_reply_code_reason (guint reply_code)
{
  switch (reply_code)
    {
    case 421: return REASON_SYSTEMERROR;
    case 450: return REASON_ONHOLD;
    case 451: return REASON_SYSTEMERROR;
    case 452: return REASON_SYSTEMFULL;
    case 500: case 501: case 502: case 503: case 504: return REASON_SYNTAXERROR;
    case 521: case 556: return REASON_NOTACCEPT;
    case 523: return REASON_MESGTOOBIG;
    case 530: return REASON_SECURITYERROR;
    case 535: return REASON_SECURITYERROR;
    case 551: return REASON_HASMOVED;
    case 552: return REASON_MAILBOXFULL;
    case 553: return REASON_USERUNKNOWN;
    case 554: return REASON_ONHOLD;
    default: return REASON_UNDEFINED;
    }
}
