/* test-decoder.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Each case decodes one message from tests/data/decoder/ and compares the
 * events with a table. The messages were written for these tests in the
 * forms real MTAs use, and every name, domain and address in them is
 * invented. The tests generate the broken input (empty, binary, huge). */

#include "bv-decoder.h"
#include "bv-decoder-private.h"
#include "bv-textscan.h"
#include "test-util.h"

#include <string.h>
#include <gmime/gmime.h>

/* UNSET in a table of expected events means that the field must be unset
 * (NULL, or 0 for a date). A NULL pointer leaves the field unchecked. */
#define UNSET "\001unset"

typedef struct
{
  const char *recipient;
  BvEventType type;
  const char *status;
  guint reply_code;             /* 0: unchecked */
  const char *action;
  const char *diagnostic;       /* a substring of the event's diagnostic */
  const char *whole_diagnostic; /* the event's diagnostic, when set */
  const char *smtp_command;
  const char *remote_mta;
  const char *reporting_mta;
  const char *original_recipient;
  const char *feedback_type;
  const char *source_ip;
  const char *reported_domain;
  const char *original_message_id;
  const char *original_subject;
  const char *original_from;
  const char *arrival_date;     /* ISO 8601 in UTC, as bv_format_iso8601() writes it */
  const char *last_attempt_date;
  const char *will_retry_until;
} ExpectedEvent;

typedef struct
{
  const char *name;
  const char *file;
  BvDecodeStatus status;
  const char *format;
  const ExpectedEvent *events;
  guint n_events;
} DecoderCase;

/* RFC 3464 reports. */

/* A delay notice without a Diagnostic-Code, whose text follows the
 * address with a copy of the Action field only: no diagnostic. */
static const ExpectedEvent dsn_delay_action_line_events[] = {
  {
    .recipient = "t.berg@example.net",
    .type = BV_EVENT_DEFERRAL,
    .status = "4.4.0",
    .action = "delayed",
    .diagnostic = UNSET,
    .reporting_mta = "relay.example.com",
    .original_subject = "March digest",
  },
};

static const ExpectedEvent dsn_postfix_one_events[] = {
  {
    .recipient = "m.lopez@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "User unknown in virtual mailbox table",
    .smtp_command = "RCPT",
    .remote_mta = "mx.example.com",
    .reporting_mta = "mta1.example.org",
    .original_recipient = "sales@example.com",
    .feedback_type = UNSET,
    .source_ip = UNSET,
    .reported_domain = UNSET,
    .original_message_id = "order-4471@shop.example.org",
    .original_subject = "Your order 4471 has shipped",
    .original_from = "Example Shop <orders@example.org>",
    .arrival_date = "2026-02-10T08:30:09Z",
    .last_attempt_date = "2026-02-10T08:30:12Z",
    .will_retry_until = UNSET,
  },
};

/* The first recipient's command comes from the Sendmail transcript
 * further down; it must not leak to the second recipient. */
static const ExpectedEvent dsn_mixed_actions_events[] = {
  {
    .recipient = "d.fischer@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "550 5.1.1 <d.fischer@example.net>... User unknown",
    .smtp_command = "RCPT",
    .remote_mta = "mx.example.net",
    .reporting_mta = "gw.example.org",
    .original_message_id = "feb-offers-2026@example.org",
    .original_subject = "February offers",
    .original_from = "Example Newsletter <newsletter@example.org>",
    .arrival_date = "2026-02-11T12:55:02Z",
    .last_attempt_date = "2026-02-11T13:05:40Z",
    .will_retry_until = UNSET,
  },
  {
    .recipient = "a.novak@example.com",
    .type = BV_EVENT_DEFERRAL,
    .status = "4.7.1",
    .reply_code = 450,
    .action = "delayed",
    .diagnostic = "Greylisted, please try again later",
    .smtp_command = UNSET,
    .remote_mta = "mx2.example.com",
    .reporting_mta = "gw.example.org",
    .original_message_id = "feb-offers-2026@example.org",
    .last_attempt_date = "2026-02-11T13:05:38Z",
    .will_retry_until = "2026-02-14T12:55:02Z",
  },
  {
    .recipient = "l.moreau@example.org",
    .type = BV_EVENT_DELIVERY,
    .status = "2.0.0",
    .reply_code = 250,
    .action = "delivered",
    .diagnostic = "Ok: queued as 4F1A2B3C",
    .smtp_command = UNSET,
    .remote_mta = "mail.example.org",
    .reporting_mta = "gw.example.org",
    .last_attempt_date = UNSET,
    .will_retry_until = UNSET,
  },
  {
    .recipient = "e.kowalski@example.com",
    .type = BV_EVENT_DELIVERY,
    .status = "2.0.0",
    .reply_code = 250,
    .action = "relayed",
    .diagnostic = "Message accepted for delivery",
    .smtp_command = UNSET,
    .remote_mta = "legacy.example.com",
    .reporting_mta = "gw.example.org",
  },
};

/* The DSN part has per-message fields only, so the recipient, the codes
 * and the remote host come from Postfix's text part. */
static const ExpectedEvent dsn_per_message_only_events[] = {
  {
    .recipient = "j.okafor@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "Recipient address rejected: No such user here",
    .smtp_command = "RCPT",
    .remote_mta = "mail.example.net",
    .reporting_mta = "relay.example.org",
    .original_message_id = "invoice-2026-0212@example.org",
    .original_subject = "Invoice 2026-0212",
    .arrival_date = "2026-02-12T09:12:41Z",
  },
};

/* Dates as some MTAs write them: dashes in the time, a two-digit year,
 * words. Each is read right or left unset, never made up. */
static const ExpectedEvent dsn_irregular_dates_events[] = {
  {
    .recipient = "t.okafor@example.com",
    .type = BV_EVENT_DEFERRAL,
    .status = "4.2.2",
    .reply_code = 452,
    .action = "delayed",
    .arrival_date = "2026-02-16T22:15:07Z",
    .last_attempt_date = "2026-02-17T06:40:02Z",
    .will_retry_until = UNSET,
  },
};

/* Status 5.0.0, with the specific code in Diagnostic-Code for the first
 * recipient and only in X-Supplementary-Info for the second. */
static const ExpectedEvent dsn_vague_status_events[] = {
  {
    .recipient = "v.rossi@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.2.1",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "The mailbox v.rossi is disabled",
    .reporting_mta = "gateway.example.com",
    .original_message_id = "disk-warning-77@example.org",
  },
  {
    .recipient = "b.kim@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.2.2",
    .reply_code = 552,
    .action = "failed",
    .diagnostic = "552 5.2.2 Mailbox over quota",
    .reporting_mta = "gateway.example.com",
  },
};

/* RFC 6533: a raw UTF-8 address and one written as \x{HHHH}. */
static const ExpectedEvent dsn_global_events[] = {
  {
    .recipient = "jürgen@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "Unknown user jürgen",
    .remote_mta = "mx.example.net",
    .reporting_mta = "smtp.example.org",
    .original_message_id = "spring-meeting@example.org",
    .original_subject = "Einladung zum Frühjahrstreffen",
  },
  {
    .recipient = "élodie@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .remote_mta = "mx.example.com",
  },
};

/* Quoted local parts (RFC 5321 section 4.1.2) stay quoted unless they
 * are dot-atoms without the quotes, and the domain is lower-cased. */
static const ExpectedEvent dsn_quoted_local_part_events[] = {
  {
    .recipient = "\"ines garcia\"@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .diagnostic = "<\"ines garcia\"@example.net>: Recipient address rejected",
    .original_recipient = UNSET,
    .original_subject = "February news",
  },
  {
    .recipient = "k.weber@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.2.2",
    .reply_code = 552,
  },
  {
    .recipient = "\"say \\\"hi\\\"\"@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
  },
};

/* Bounces without a DSN part. */

static const ExpectedEvent qmail_events[] = {
  {
    .recipient = "t.berg@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.7.1",
    .reply_code = 553,
    .action = "failed",
    .diagnostic = "Sender address rejected: Access denied",
    .remote_mta = "192.0.2.61",
    /* From "This is the qmail-send program at mail.example.org.": its
     * Received field names no host ("(qmail 30211 invoked for bounce)"). */
    .reporting_mta = "mail.example.org",
    .original_message_id = "20260216074108.30208.qmail@mail.example.org",
    .original_subject = "Weekly traffic report",
  },
};

/* A Postfix bounce in plain text, without a DSN part or a Received
 * field: its first line names the host that wrote it. */
static const ExpectedEvent postfix_text_events[] = {
  {
    .recipient = "k.ito@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .remote_mta = "mx1.example.net",
    .reporting_mta = "mx.example.org",
  },
};

/* A text bounce that gives the reply first and then a list of the
 * original message's fields, one of them the recipient: the fields are
 * no diagnostic. */
static const ExpectedEvent text_details_block_events[] = {
  {
    .recipient = "5550100@sms.example.net",
    .type = BV_EVENT_BOUNCE,
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "550 - Requested action not taken: no such user here",
  },
};

/* A "Reason:" field under "From:" and "Subject:" lines: the reason
 * stays the diagnostic, and the header block after the blank line is
 * the returned original. */
static const ExpectedEvent text_details_reason_events[] = {
  {
    .recipient = "anna.berg@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .whole_diagnostic = "550 5.1.1 The email account that you tried to reach does not exist",
    .original_message_id = "offer-0311@example.org",
    .original_subject = "March offers",
  },
};

/* A notice that names a help desk or a list address, with another
 * server's report pasted below its text: the events come from the
 * pasted report, whether a daemon or a list robot sent the notice. */
static const ExpectedEvent pasted_report_events[] = {
  {
    .recipient = "jonas.weber@example.de",
    .type = BV_EVENT_DEFERRAL,
    .status = "4.0.0",
    .reply_code = 421,
    .action = "delayed",
    .diagnostic = "refused to talk to me: 421 Service not available",
  },
};

/* Raw Big5 in a Diagnostic-Code field, with "charset=big5" declared only
 * by the text part beside the status part. */
static const ExpectedEvent dsn_big5_events[] = {
  {
    .recipient = "mei.lin@example.com.tw",
    .type = BV_EVENT_BOUNCE,
    .status = "5.2.2",
    .reply_code = 552,
    .action = "failed",
    .diagnostic = "552 5.2.2 信箱已滿 mailbox full",
  },
};

/* A Chinese text report (GB2312, quoted-printable): the words after the
 * address end in a full-width colon, so the reason is the indented
 * paragraph below them. */
static const ExpectedEvent text_chinese_colon_events[] = {
  {
    .recipient = "wang.fang@example.cn",
    .type = BV_EVENT_BOUNCE,
    .whole_diagnostic = "收件人邮箱空间不足，请稍后再试。",
  },
};

/* The reason's paragraph starts with a line that only leads to it. */
static const ExpectedEvent text_reason_heading_events[] = {
  {
    .recipient = "m.visser@example.nl",
    .type = BV_EVENT_BOUNCE,
    .whole_diagnostic = "The mailbox of the recipient is over its storage limit",
  },
};

/* The address is inside the sentence that explains the failure,
 * after a label: the diagnostic is the sentence, not the words after
 * the address. */
static const ExpectedEvent text_address_in_sentence_events[] = {
  {
    .recipient = "l.moreau@example.fr",
    .type = BV_EVENT_BOUNCE,
    .whole_diagnostic = "No mailbox answers for <l.moreau@example.fr> (and for the other recipients"
                        " at that domain).",
  },
};

/* Gmail names the recipient only in X-Failed-Recipients, under a title
 * in stars, and quotes the server's reply under "The response was:". */
static const ExpectedEvent gmail_send_mail_as_events[] = {
  {
    .recipient = "team-meeting@groups.example.com",
    .type = BV_EVENT_BOUNCE,
    .whole_diagnostic = "Unspecified Error (SENT_SECOND_EHLO): Smtp server does not advertise AUTH"
                        " capability",
  },
};

/* A reply of several lines repeats its codes on each line. The
 * diagnostic reads as one text, and the remote MTA loses Google's
 * comment. */
static const ExpectedEvent gmail_multiline_reply_events[] = {
  {
    .recipient = "t.berger@gmail.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.7.26",
    .reply_code = 550,
    .whole_diagnostic = "550 5.7.26 Unauthenticated email from example.org is not accepted due to"
                        " the domain's DMARC policy. Contact the administrator of example.org if"
                        " this was legitimate mail. https://support.google.com/mail/?p=DmarcRejection"
                        " x1si2 - gsmtp",
    .remote_mta = "gmail-smtp-in.l.google.com",
  },
};

/* Exchange's report in HTML only: the reply ends before Exchange's
 * closing "> #SMTP#". */
static const ExpectedEvent exchange_html_only_events[] = {
  {
    .recipient = "m.ortiz@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .whole_diagnostic = "550 5.1.1 <m.ortiz@example.com>: Recipient address rejected: User unknown",
  },
};

/* A session log names the original's Message-ID, which is no
 * recipient, and its next command ("--> QUIT") ends the reply. */
static const ExpectedEvent session_log_events[] = {
  {
    .recipient = "h.berg@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .whole_diagnostic = "550 5.1.1 <h.berg@example.net>: Recipient address rejected: User unknown",
  },
};

/* A "Remote MTA:" line under the reply is no part of it, and GMX's
 * "host: mx.example.de" names the remote MTA. */
static const ExpectedEvent text_remote_mta_line_events[] = {
  {
    .recipient = "li.na@example.cn",
    .type = BV_EVENT_BOUNCE,
    .whole_diagnostic = "550 5.1.1 <li.na@example.cn>: Recipient address rejected: User unknown in"
                        " local recipient table",
    .remote_mta = "mx.example.cn",
  },
  {
    .recipient = "k.weber@example.de",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .remote_mta = "mx.example.de",
  },
};

/* A DSN without a Diagnostic-Code, whose text gives the reason under a
 * heading and names the address only in a sentence. The quotes of the
 * reason stay whole. */
static const ExpectedEvent dsn_reason_in_text_events[] = {
  {
    .recipient = "a.lund@nx-example.se",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.2",
    .whole_diagnostic = "5.1.2 - Bad destination host 'DNS Hard Error looking up nx-example.se"
                        " (MX): NXDomain'",
  },
};

/* Exchange wraps the remote server's reply in X-Supplementary-Info, and
 * the reply inside it is the diagnostic, with its codes. */
static const ExpectedEvent exchange_supplementary_events[] = {
  {
    .recipient = "m.hahn@example.org",
    .type = BV_EVENT_DEFERRAL,
    .status = "4.3.0",
    .reply_code = 451,
    .whole_diagnostic = "451 4.3.0 Temporary lookup failure.",
  },
};

/* A Message-ID named in a sentence is no recipient, and the quotes
 * around the reason stay whole: the apostrophe inside is no quote. */
static const ExpectedEvent text_message_id_sentence_events[] = {
  {
    .recipient = "p.roux@example.fr",
    .type = BV_EVENT_BOUNCE,
    .whole_diagnostic = "<p.roux@example.fr>: 'Recipient's mailbox does not exist'",
  },
};

/* The reply on the line of its heading. */
static const ExpectedEvent text_reply_same_line_events[] = {
  {
    .recipient = "k.ito@example.jp",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .whole_diagnostic = "550 5.1.1 User unknown",
  },
};

/* With pipelining, Sendmail sends MAIL, RCPT and DATA before it reads
 * the replies: the second reply is the one to RCPT, and the reply to
 * DATA after it is no part of the diagnostic. */
static const ExpectedEvent sendmail_pipelining_events[] = {
  {
    .recipient = "o.ferrari@example.it",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .smtp_command = "RCPT",
    .whole_diagnostic = "550 5.1.1 <o.ferrari@example.it>... User unknown",
  },
};

/* A line of the address alone gives no diagnostic, not the address. */
static const ExpectedEvent text_address_alone_events[] = {
  {
    .recipient = "z.kovac@example.hr",
    .type = BV_EVENT_BOUNCE,
    .diagnostic = UNSET,
  },
};

/* Sendmail's transcript: the server's reply is the "<<<" line, not
 * Sendmail's summary under it, nor its notes on the retries. */
static const ExpectedEvent sendmail_deferred_text_events[] = {
  {
    .recipient = "p.lind@slow.example.net",
    .type = BV_EVENT_DEFERRAL,
    .status = "4.3.0",
    .reply_code = 451,
    .whole_diagnostic = "451 4.3.0 <p.lind@slow.example.net>... Temporary lookup failure",
  },
};

/* A delivery notice names the subject under the address; that line is
 * no diagnostic. */
static const ExpectedEvent dsn_delivered_notice_events[] = {
  {
    .recipient = "p.silva@example.com",
    .type = BV_EVENT_DELIVERY,
    .status = "2.0.0",
    .action = "delivered",
    .diagnostic = UNSET,
    .original_subject = "Quarterly figures",
  },
};

/* Exim's "A message sent by" with the sender alone on a line, and a
 * help desk offered in two languages: neither is a failed recipient. */
static const ExpectedEvent exim_sender_and_help_desk_events[] = {
  {
    .recipient = "lena.vogt@example.de",
    .type = BV_EVENT_BOUNCE,
    .action = "failed",
    .diagnostic = "failing for a long time",
  },
};

/* Lists of fields: the diagnostic is the value of the "Reason:" field,
 * words before a code included, and no field about the message. */
static const ExpectedEvent text_reason_fields_events[] = {
  {
    .recipient = "dave.ross@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .whole_diagnostic = "User unknown (550 5.1.1)",
  },
  {
    .recipient = "erin.shaw@example.net",
    .type = BV_EVENT_DEFERRAL,
    .status = "4.2.2",
    .reply_code = 452,
    .whole_diagnostic = "452 4.2.2 Over quota, will retry later",
  },
};

/* A DSN whose Final-Recipient is Exim's pipe command: the address in the
 * command is the recipient, and the text after Exim's headings is the
 * diagnostic. */
static const ExpectedEvent exim_pipe_events[] = {
  {
    .recipient = "omar@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.0.0",
    .action = "failed",
    .whole_diagnostic = "ticket-filter: cannot open queue /var/spool/tickets: Permission denied",
  },
};

static const ExpectedEvent exim_events[] = {
  {
    .recipient = "p.haddad@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "550 5.1.1 <p.haddad@example.com>: Recipient address rejected: User unknown",
    .smtp_command = "RCPT",
    .remote_mta = "mx.example.com",
    /* From the text bounce's own, only Received field. */
    .reporting_mta = "smtp.example.org",
    .original_message_id = "alumni-reunion-2026@example.org",
    .original_subject = "Reunion photos",
    .original_from = "Alumni Office <alumni@example.org>",
  },
  {
    .recipient = "o.lindqvist@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.3.4",
    .reply_code = 552,
    .action = "failed",
    .diagnostic = "Message size exceeds fixed maximum message size",
    .smtp_command = "DATA",
    .remote_mta = "mail.example.net",
    .reporting_mta = "smtp.example.org",
  },
};

/* Quoted local parts in X-Failed-Recipients and in the text, one of
 * them with an '@' inside the quotes. */
static const ExpectedEvent exim_quoted_local_part_events[] = {
  {
    .recipient = "\"tom o'neil\"@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .smtp_command = "RCPT",
    .remote_mta = "mx.example.com",
    .original_subject = "Next meeting",
  },
  {
    .recipient = "\"a@b\"@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .diagnostic = "No such mailbox",
    .smtp_command = "RCPT",
    .remote_mta = "mail.example.net",
  },
};

/* The ")" that closes Sendmail's "(reason: ...)" is no part of the reply. */
static const ExpectedEvent sendmail_transcript_events[] = {
  {
    .recipient = "h.nakamura@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "550 5.1.1 <h.nakamura@example.com>... User unknown",
    .smtp_command = "RCPT",
    /* From "... while talking to mail.example.com.:" */
    .remote_mta = "mail.example.com",
    /* From "The original message was received at ...". */
    .arrival_date = "2026-02-18T18:15:00Z",
    .original_message_id = "ticket-30417@example.org",
    .original_subject = "Ticket 30417 updated",
  },
};

/* A text bounce that went through a second MTA: the oldest Received
 * field, at the bottom, names the MTA that wrote it. Its comments
 * contain "by" too. */
static const ExpectedEvent sendmail_two_hops_events[] = {
  {
    .recipient = "k.ono@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .smtp_command = "RCPT",
    .remote_mta = "mx.example.net",
    .reporting_mta = "gate.example.org",
    .original_message_id = "march-newsletter@example.com",
  },
};

/* A text bounce whose only Received field was added where another
 * host delivered it: that host wrote the report. */
static const ExpectedEvent exim_relayed_events[] = {
  {
    .recipient = "j.silva@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .remote_mta = "mail.example.net",
    .reporting_mta = "filter.example.net",
    .original_message_id = "order-4471@example.com",
  },
};

/* Two sessions in one transcript. The first fails a.ito after DATA,
 * with the server's reply, and names b.sato, whose domain has no mail
 * server, among its lines: b.sato's code is no reply of that server. */
static const ExpectedEvent sendmail_sessions_events[] = {
  {
    .recipient = "a.ito@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.7.1",
    .reply_code = 554,
    .remote_mta = "mx.example.net",
    .reporting_mta = "gate.example.com",
  },
  {
    .recipient = "b.sato@example.invalid",
    .type = BV_EVENT_BOUNCE,
    .reply_code = 550,
    .remote_mta = UNSET,
  },
  {
    .recipient = "c.mori@example.org",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .remote_mta = "mail.example.org",
    .original_message_id = "invoice-2026-031@example.com",
  },
};

/* The same with a short HELO name: the receiver's comment names the
 * host that sent the report. */
static const ExpectedEvent exim_relayed_short_helo_events[] = {
  {
    .recipient = "j.silva@example.net",
    .type = BV_EVENT_BOUNCE,
    .reporting_mta = "relay.example.org",
  },
};

static const ExpectedEvent sendmail_v5_events[] = {
  {
    .recipient = "w.chen@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = UNSET,
    .reply_code = 554,
    .action = "failed",
    .diagnostic = "Service unavailable",
    .original_message_id = "9602190533.AA04415@old.example.org",
    .original_subject = "Monthly archive",
  },
};

static const ExpectedEvent exchange_ndr_events[] = {
  {
    .recipient = "r.santos@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.10",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
    .original_message_id = "interview-0220@example.org",
    .original_subject = "Interview schedule",
  },
};

/* The host loses the trailing dot of its fully qualified form. */
static const ExpectedEvent gmail_permanent_events[] = {
  {
    .recipient = "c.dubois@example.net",
    .remote_mta = "mx1.example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.2.2",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "550 5.2.2 <c.dubois@example.net>: Mailbox full",
    .original_message_id = "ticket-sat-0221@example.org",
    .original_subject = "Your ticket for Saturday",
  },
};

static const ExpectedEvent gmail_address_not_found_events[] = {
  {
    .recipient = "f.osei@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "The email account that you tried to reach does not exist.",
    .original_message_id = UNSET,
  },
};

static const ExpectedEvent yahoo_events[] = {
  {
    .recipient = "p.ivanova@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.2.2",
    .reply_code = 552,
    .action = "failed",
    .diagnostic = "Mailbox over quota",
    .smtp_command = "RCPT",
    .original_message_id = "booking-88213@example.org",
    .original_subject = "Booking confirmation 88213",
  },
};

/* Outlook.com writes Sendmail's catch-all 5.5.0 in Status and no
 * enhanced code in its reply. */
static const ExpectedEvent outlook_com_events[] = {
  {
    .recipient = "g.mensah@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.5.0",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "Requested action not taken: mailbox unavailable",
    .reporting_mta = "MX01.mail.example.com",
    .original_message_id = "draw-0224@example.org",
    .original_subject = "Tournament draw",
    .arrival_date = "2026-02-24T14:18:19Z",
  },
};

/* ISO-8859-1 text in quoted-printable, with RFC 2047 encoded subjects. */
static const ExpectedEvent exchange_german_events[] = {
  {
    .recipient = "ulrike.sommer@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.2.2",
    .reply_code = 552,
    .action = "failed",
    .diagnostic = "552 5.2.2 Postfach voll",
    .original_message_id = "angebot-fruehjahr@office.example.org",
    .original_subject = "Angebot für Frühjahr",
  },
};

static const ExpectedEvent japanese_events[] = {
  {
    .recipient = "s.tanaka@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "550 5.1.1 宛先不明のため配信できません",
    .original_message_id = "meeting-0227@example.org",
    .original_from = "営業部 <eigyo@example.org>",
  },
};

/* The reporting MTA without its "dsn; " type and the message id without
 * its angle brackets, as every other decoder path gives them. */
static const ExpectedEvent ses_bounce_events[] = {
  {
    .recipient = "n.ali@example.com",
    .reporting_mta = "a1-23.smtp-out.eu-west-1.amazonses.example.com",
    .original_message_id = "spring-news@example.org",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "Recipient address rejected: User unknown",
    .original_subject = "Spring news",
    .original_from = "News <news@example.org>",
    .last_attempt_date = "2026-02-27T12:30:44Z",
  },
  {
    /* The domain is lower-cased, the local part kept as written. */
    .recipient = "Q.Brennan@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.7.1",
    .reply_code = 554,
    .action = "failed",
    .diagnostic = "blocked using zen.example.org",
  },
};

/* An SNS envelope carries the SES notification as an escaped JSON string. */
static const ExpectedEvent ses_sns_envelope_events[] = {
  {
    .recipient = "r.castillo@example.com",
    .type = BV_EVENT_DEFERRAL,
    .status = "4.2.2",
    .reply_code = 452,
    .action = "delayed",
    .diagnostic = "452 4.2.2 Mailbox full",
    .reporting_mta = "b2-34.smtp-out.us-east-1.amazonses.example.com",
    .original_subject = "March meetup",
    .original_from = "Club <club@example.org>",
  },
};

/* DragonFly Mail Agent separates every line of its text by a blank line. */
static const ExpectedEvent dragonfly_events[] = {
  {
    .recipient = "k.ahmed@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .diagnostic = "User unknown in local recipient table",
    .smtp_command = "RCPT",
    .remote_mta = "mx.example.com",
    .original_message_id = "backup-0228@box.example.org",
    .original_subject = "Nightly backup finished",
  },
};

/* Feedback reports. */

static const ExpectedEvent arf_several_events[] = {
  {
    .recipient = "y.abe@example.net",
    .type = BV_EVENT_COMPLAINT,
    .status = UNSET,
    .feedback_type = "abuse",
    .reporting_mta = "fbl.isp.example.net",
    .source_ip = "203.0.113.80",
    .reported_domain = "example.org",
    .original_message_id = "deals-week10@example.org",
    .original_subject = "Weekly deals",
    .arrival_date = "2026-03-02T04:10:02Z",
  },
  {
    .recipient = "z.moreno@example.net",
    .type = BV_EVENT_COMPLAINT,
    .feedback_type = "abuse",
    .reporting_mta = "fbl.isp.example.net",
    .source_ip = "203.0.113.80",
  },
  {
    .recipient = "i.walsh@example.net",
    .type = BV_EVENT_COMPLAINT,
    .feedback_type = "abuse",
    .reporting_mta = "fbl.isp.example.net",
  },
};

/* Without Original-Rcpt-To, the complainant is the reported message's To. */
static const ExpectedEvent arf_no_rcpt_to_events[] = {
  {
    .recipient = "d.whitfield@example.com",
    .type = BV_EVENT_COMPLAINT,
    .feedback_type = "opt-out",
    .reporting_mta = "mail.example.com",
    .source_ip = UNSET,
    .reported_domain = UNSET,
    .original_message_id = "issue-12@example.org",
    .original_subject = "Issue 12 is out",
  },
};

static const ExpectedEvent jmrp_events[] = {
  {
    .recipient = "n.petrov@example.net",
    .type = BV_EVENT_COMPLAINT,
    .feedback_type = "abuse",
    .original_message_id = "flights-0304@example.org",
    .original_subject = "Last-minute flights",
  },
};

/* Automatic replies: the event is about the mailbox that replied. */

static const ExpectedEvent auto_reply_submitted_events[] = {
  {
    .recipient = "b.alves@example.com",
    .type = BV_EVENT_AUTO_REPLY,
    .status = UNSET,
    .diagnostic = "I am away until Monday",
  },
};

static const ExpectedEvent auto_reply_x_autoreply_events[] = {
  {
    .recipient = "frontdesk@example.net",
    .type = BV_EVENT_AUTO_REPLY,
    .diagnostic = "Our staff will reply within two working days.",
  },
};

static const ExpectedEvent auto_reply_subject_events[] = {
  {
    .recipient = "k.mori@example.com",
    .type = BV_EVENT_AUTO_REPLY,
    .diagnostic = "out of the office",
  },
};

/* Broken structure. */

static const ExpectedEvent multipart_no_boundary_events[] = {
  {
    .recipient = "u.nwosu@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .reporting_mta = "mx.example.org",
  },
};

static const ExpectedEvent multipart_wrong_boundary_events[] = {
  {
    .recipient = "m.ferreira@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .reporting_mta = "mx.example.org",
  },
};

/* The Subject, the text part, the Diagnostic-Code and the returned headers
 * contain raw Latin-1 bytes, a lone UTF-8 lead byte and 0xff. The decoder
 * reads each byte that is no UTF-8 as Windows-1252. */
static const ExpectedEvent invalid_utf8_events[] = {
  {
    .recipient = "a.koch@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .diagnostic = "550 5.1.1 Benutzer Ã unbekannt äÿ: user unknown",
    .original_subject = "Preisliste für März",
  },
};

/* Markup in a reply stays as the server wrote it, and no tag is taken for
 * an address. */
static const ExpectedEvent diagnostic_markup_events[] = {
  {
    .recipient = "s.oduya@example.com",
    .type = BV_EVENT_BOUNCE,
    .status = "5.7.1",
    .reply_code = 550,
    .diagnostic = "550 5.7.1 <b>Message rejected</b> by policy & \"rules\" <i>see</i> "
                  "<https://filter.example.org/why?id=7&lang=en>",
  },
};

/* A recipient field that names no address keeps its text, so that the
 * bounce is not lost. A field with blanks in it gives way to the
 * original recipient. */
static const ExpectedEvent dsn_odd_recipients_events[] = {
  { .recipient = "<b>lena</b>@example.net", .type = BV_EVENT_BOUNCE, .status = "5.1.3",
    .reply_code = 553 },
  { .recipient = "backup", .type = BV_EVENT_BOUNCE, .status = "5.1.1" },
  { .recipient = "ops@example.com", .type = BV_EVENT_BOUNCE, .status = "5.1.1", .reply_code = 550 },
};

/* A person forwards a daemon's text bounce as an attached message: its
 * events count, with the bounce's own reporting and remote MTA. */
static const ExpectedEvent forwarded_bounce_events[] = {
  {
    .recipient = "c.rivera@example.net",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .smtp_command = "RCPT",
    .remote_mta = "mx.example.net",
    .reporting_mta = "mx.example.org",
  },
};

/* A forwarded DSN gives its events with the DSN's own fields. */
static const ExpectedEvent forwarded_dsn_events[] = {
  {
    .recipient = "l.berg@example.se",
    .type = BV_EVENT_BOUNCE,
    .status = "5.2.2",
    .reply_code = 552,
    .action = "failed",
    .whole_diagnostic = "552 5.2.2 Mailbox full",
    .remote_mta = "mx.example.se",
    .reporting_mta = "relay.example.com",
    .arrival_date = "2026-03-13T14:02:11Z",
  },
};

/* The delivery status part declares base64 and contains plain text,
 * so its fields are read undecoded. */
static const ExpectedEvent dsn_plain_as_base64_events[] = {
  {
    .recipient = "p.novak@example.cz",
    .type = BV_EVENT_BOUNCE,
    .status = "5.1.1",
    .reply_code = 550,
    .action = "failed",
    .whole_diagnostic = "550 5.1.1 <p.novak@example.cz>: mailbox unavailable",
    .reporting_mta = "gw.example.org",
  },
};

/* The same for a feedback report. */
static const ExpectedEvent arf_plain_as_base64_events[] = {
  {
    .recipient = "k.adeyemi@example.com",
    .type = BV_EVENT_COMPLAINT,
    .feedback_type = "abuse",
    .reporting_mta = "mail.example.com",
    .original_message_id = "spring-deals@example.org",
  },
};

#define EVENTS(array) array, G_N_ELEMENTS (array)

static const DecoderCase decoder_cases[] = {
  { "dsn-delay-action-line", "dsn-delay-action-line.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (dsn_delay_action_line_events) },
  { "dsn-one-recipient", "dsn-postfix-one.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (dsn_postfix_one_events) },
  { "dsn-mixed-actions", "dsn-mixed-actions.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (dsn_mixed_actions_events) },
  { "dsn-per-message-fields-only", "dsn-per-message-only.eml", BV_DECODE_EVENTS, "dsn+text",
    EVENTS (dsn_per_message_only_events) },
  { "dsn-vague-status", "dsn-vague-status.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (dsn_vague_status_events) },
  { "dsn-irregular-dates", "dsn-irregular-dates.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (dsn_irregular_dates_events) },
  { "dsn-global-utf8-address", "dsn-global.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (dsn_global_events) },
  { "dsn-quoted-local-part", "dsn-quoted-local-part.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (dsn_quoted_local_part_events) },
  { "qmail", "qmail.eml", BV_DECODE_EVENTS, "text", EVENTS (qmail_events) },
  { "postfix-text", "postfix-text.eml", BV_DECODE_EVENTS, "text", EVENTS (postfix_text_events) },
  { "exim", "exim.eml", BV_DECODE_EVENTS, "text", EVENTS (exim_events) },
  { "text-details-block", "text-details-block.eml", BV_DECODE_EVENTS, "text",
    EVENTS (text_details_block_events) },
  { "text-details-reason", "text-details-reason.eml", BV_DECODE_EVENTS, "text",
    EVENTS (text_details_reason_events) },
  { "pasted-report", "pasted-report.eml", BV_DECODE_EVENTS, "wrapped",
    EVENTS (pasted_report_events) },
  { "pasted-report-robot", "pasted-report-robot.eml", BV_DECODE_EVENTS, "wrapped",
    EVENTS (pasted_report_events) },
  { "exim-sender-and-help-desk", "exim-sender-and-help-desk.eml", BV_DECODE_EVENTS, "text",
    EVENTS (exim_sender_and_help_desk_events) },
  { "text-reason-fields", "text-reason-fields.eml", BV_DECODE_EVENTS, "text",
    EVENTS (text_reason_fields_events) },
  { "exim-pipe", "exim-pipe.eml", BV_DECODE_EVENTS, "dsn", EVENTS (exim_pipe_events) },
  { "dsn-big5-diagnostic", "dsn-big5-diagnostic.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (dsn_big5_events) },
  { "text-chinese-colon", "text-chinese-colon.eml", BV_DECODE_EVENTS, "text",
    EVENTS (text_chinese_colon_events) },
  { "dsn-delivered-notice", "dsn-delivered-notice.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (dsn_delivered_notice_events) },
  { "text-reason-heading", "text-reason-heading.eml", BV_DECODE_EVENTS, "text",
    EVENTS (text_reason_heading_events) },
  { "text-address-in-sentence", "text-address-in-sentence.eml", BV_DECODE_EVENTS, "text",
    EVENTS (text_address_in_sentence_events) },
  { "gmail-send-mail-as", "gmail-send-mail-as.eml", BV_DECODE_EVENTS, "text",
    EVENTS (gmail_send_mail_as_events) },
  { "gmail-multiline-reply", "gmail-multiline-reply.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (gmail_multiline_reply_events) },
  { "sendmail-deferred-text", "sendmail-deferred-text.eml", BV_DECODE_EVENTS, "text",
    EVENTS (sendmail_deferred_text_events) },
  { "exchange-html-only", "exchange-html-only.eml", BV_DECODE_EVENTS, "text",
    EVENTS (exchange_html_only_events) },
  { "session-log", "session-log.eml", BV_DECODE_EVENTS, "text", EVENTS (session_log_events) },
  { "sendmail-pipelining", "sendmail-pipelining.eml", BV_DECODE_EVENTS, "text",
    EVENTS (sendmail_pipelining_events) },
  { "text-address-alone", "text-address-alone.eml", BV_DECODE_EVENTS, "text",
    EVENTS (text_address_alone_events) },
  { "text-message-id-sentence", "text-message-id-sentence.eml", BV_DECODE_EVENTS, "text",
    EVENTS (text_message_id_sentence_events) },
  { "text-reply-same-line", "text-reply-same-line.eml", BV_DECODE_EVENTS, "text",
    EVENTS (text_reply_same_line_events) },
  { "exchange-supplementary", "exchange-supplementary.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (exchange_supplementary_events) },
  { "dsn-reason-in-text", "dsn-reason-in-text.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (dsn_reason_in_text_events) },
  { "text-remote-mta-line", "text-remote-mta-line.eml", BV_DECODE_EVENTS, "text",
    EVENTS (text_remote_mta_line_events) },
  { "exim-quoted-local-part", "exim-quoted-local-part.eml", BV_DECODE_EVENTS, "text",
    EVENTS (exim_quoted_local_part_events) },
  { "sendmail-two-hops", "sendmail-two-hops.eml", BV_DECODE_EVENTS, "text",
    EVENTS (sendmail_two_hops_events) },
  { "exim-relayed", "exim-relayed.eml", BV_DECODE_EVENTS, "text", EVENTS (exim_relayed_events) },
  { "exim-relayed-short-helo", "exim-relayed-short-helo.eml", BV_DECODE_EVENTS, "text",
    EVENTS (exim_relayed_short_helo_events) },
  { "sendmail-sessions", "sendmail-sessions.eml", BV_DECODE_EVENTS, "text",
    EVENTS (sendmail_sessions_events) },
  { "sendmail-transcript", "sendmail-transcript.eml", BV_DECODE_EVENTS, "text",
    EVENTS (sendmail_transcript_events) },
  { "sendmail-v5", "sendmail-v5.eml", BV_DECODE_EVENTS, "text", EVENTS (sendmail_v5_events) },
  { "exchange-ndr", "exchange-ndr.eml", BV_DECODE_EVENTS, "text", EVENTS (exchange_ndr_events) },
  { "gmail-failed-permanently", "gmail-permanent.eml", BV_DECODE_EVENTS, "text",
    EVENTS (gmail_permanent_events) },
  { "gmail-address-not-found", "gmail-address-not-found.eml", BV_DECODE_EVENTS, "text",
    EVENTS (gmail_address_not_found_events) },
  { "yahoo", "yahoo.eml", BV_DECODE_EVENTS, "text", EVENTS (yahoo_events) },
  { "outlook-com", "outlook-com.eml", BV_DECODE_EVENTS, "dsn", EVENTS (outlook_com_events) },
  { "exchange-german", "exchange-german.eml", BV_DECODE_EVENTS, "text",
    EVENTS (exchange_german_events) },
  { "japanese-iso-2022-jp", "japanese-iso2022jp.eml", BV_DECODE_EVENTS, "text",
    EVENTS (japanese_events) },
  { "amazon-ses-json", "ses-bounce.eml", BV_DECODE_EVENTS, "ses", EVENTS (ses_bounce_events) },
  { "amazon-ses-sns-envelope", "ses-sns-envelope.eml", BV_DECODE_EVENTS, "ses",
    EVENTS (ses_sns_envelope_events) },
  { "dragonfly-blank-lines", "dragonfly.eml", BV_DECODE_EVENTS, "text",
    EVENTS (dragonfly_events) },
  { "arf-several-recipients", "arf-several-recipients.eml", BV_DECODE_EVENTS, "arf",
    EVENTS (arf_several_events) },
  { "arf-without-rcpt-to", "arf-no-rcpt-to.eml", BV_DECODE_EVENTS, "arf",
    EVENTS (arf_no_rcpt_to_events) },
  { "jmrp-complaint", "jmrp.eml", BV_DECODE_EVENTS, "jmrp", EVENTS (jmrp_events) },
  { "auto-submitted-header", "auto-reply-submitted.eml", BV_DECODE_EVENTS, "auto-reply",
    EVENTS (auto_reply_submitted_events) },
  { "x-autoreply-header", "auto-reply-x-autoreply.eml", BV_DECODE_EVENTS, "auto-reply",
    EVENTS (auto_reply_x_autoreply_events) },
  { "automatic-reply-subject", "auto-reply-subject.eml", BV_DECODE_EVENTS, "auto-reply",
    EVENTS (auto_reply_subject_events) },
  { "ordinary-message", "ordinary.eml", BV_DECODE_NOT_BOUNCE, NULL, NULL, 0 },
  { "forwarded-bounce", "forwarded-bounce.eml", BV_DECODE_EVENTS, "forwarded",
    EVENTS (forwarded_bounce_events) },
  { "forwarded-dsn", "forwarded-dsn.eml", BV_DECODE_EVENTS, "forwarded",
    EVENTS (forwarded_dsn_events) },
  { "dsn-plain-as-base64", "dsn-plain-as-base64.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (dsn_plain_as_base64_events) },
  { "arf-plain-as-base64", "arf-plain-as-base64.eml", BV_DECODE_EVENTS, "arf",
    EVENTS (arf_plain_as_base64_events) },
  /* The attached message would read as a bounce on its own, but no
   * daemon wrote it. */
  { "ordinary-attached-message", "ordinary-attached-message.eml", BV_DECODE_NOT_BOUNCE, NULL,
    NULL, 0 },
  { "reply-about-bounce", "reply-about-bounce.eml", BV_DECODE_NOT_BOUNCE, NULL, NULL, 0 },
  { "multipart-missing-boundary", "multipart-no-boundary.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (multipart_no_boundary_events) },
  { "multipart-wrong-boundary", "multipart-wrong-boundary.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (multipart_wrong_boundary_events) },
  { "invalid-utf8", "invalid-utf8.eml", BV_DECODE_EVENTS, "dsn", EVENTS (invalid_utf8_events) },
  { "diagnostic-markup", "diagnostic-markup.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (diagnostic_markup_events) },
  { "dsn-odd-recipients", "dsn-odd-recipients.eml", BV_DECODE_EVENTS, "dsn",
    EVENTS (dsn_odd_recipients_events) },
};

/* Files whose decoding must not change with their line ends. */
static const char * const line_end_files[] = {
  "dsn-postfix-one.eml",
  "dsn-mixed-actions.eml",
  "qmail.eml",
  "postfix-text.eml",
  "exim.eml",
  "sendmail-transcript.eml",
};

static GBytes *
load_message (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "decoder", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static BvDecodeResult *
decode_bytes (GBytes *bytes)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  return bv_decode (data, length);
}

static BvDecodeResult *
decode_file (const char *name)
{
  g_autoptr(GBytes) bytes = load_message (name);

  return decode_bytes (bytes);
}

static void
assert_valid_utf8 (const char *field,
                   const char *value)
{
  if (value != NULL && !g_utf8_validate (value, -1, NULL))
    g_test_fail_printf ("%s is not valid UTF-8", field);
}

/* Every string of a result must be valid UTF-8, whatever the input. */
static void
assert_result_valid_utf8 (const BvDecodeResult *result)
{
  assert_valid_utf8 ("error", result->error);
  assert_valid_utf8 ("format", result->format);
  assert_valid_utf8 ("message_id", result->message_id);
  assert_valid_utf8 ("subject", result->subject);
  assert_valid_utf8 ("from", result->from);

  for (guint i = 0; i < result->events->len; i++)
    {
      const BvEvent *event = g_ptr_array_index (result->events, i);

      assert_valid_utf8 ("recipient", event->recipient);
      assert_valid_utf8 ("original_recipient", event->original_recipient);
      assert_valid_utf8 ("action", event->action);
      assert_valid_utf8 ("status", event->status);
      assert_valid_utf8 ("diagnostic", event->diagnostic);
      assert_valid_utf8 ("diagnostic_type", event->diagnostic_type);
      assert_valid_utf8 ("smtp_command", event->smtp_command);
      assert_valid_utf8 ("remote_mta", event->remote_mta);
      assert_valid_utf8 ("reporting_mta", event->reporting_mta);
      assert_valid_utf8 ("reason", event->reason);
      assert_valid_utf8 ("evidence", event->evidence);
      assert_valid_utf8 ("feedback_type", event->feedback_type);
      assert_valid_utf8 ("source_ip", event->source_ip);
      assert_valid_utf8 ("reported_domain", event->reported_domain);
      assert_valid_utf8 ("original_message_id", event->original_message_id);
      assert_valid_utf8 ("original_subject", event->original_subject);
      assert_valid_utf8 ("original_from", event->original_from);
      assert_valid_utf8 ("original_to", event->original_to);
    }
}

static void
check_string (const char *field,
              const char *expected,
              const char *actual)
{
  if (expected == NULL)
    return;

  if (g_strcmp0 (expected, UNSET) == 0)
    {
      if (actual != NULL)
        g_test_fail_printf ("%s: expected no value, got “%s”", field, actual);
      return;
    }

  if (g_strcmp0 (expected, actual) != 0)
    g_test_fail_printf ("%s: expected “%s”, got “%s”", field, expected,
                        actual != NULL ? actual : "(null)");
}

static void
check_date (const char *field,
            const char *expected,
            gint64      actual)
{
  g_autofree char *formatted = bv_format_iso8601 (actual);

  check_string (field, expected, formatted);
}

static void
check_event (const ExpectedEvent *expected,
             const BvEvent       *event)
{
  g_test_message ("recipient %s", expected->recipient);

  g_assert_cmpstr (event->recipient, ==, expected->recipient);
  g_assert_cmpstr (bv_event_type_to_string (event->type), ==,
                   bv_event_type_to_string (expected->type));
  check_string ("status", expected->status, event->status);
  if (expected->reply_code != 0)
    g_assert_cmpuint (event->reply_code, ==, expected->reply_code);
  check_string ("action", expected->action, event->action);
  if (g_strcmp0 (expected->diagnostic, UNSET) == 0)
    {
      check_string ("diagnostic", expected->diagnostic, event->diagnostic);
    }
  else if (expected->diagnostic != NULL)
    {
      if (event->diagnostic == NULL || strstr (event->diagnostic, expected->diagnostic) == NULL)
        g_test_fail_printf ("diagnostic “%s” does not contain “%s”",
                            event->diagnostic != NULL ? event->diagnostic : "(null)",
                            expected->diagnostic);
    }
  if (expected->whole_diagnostic != NULL)
    g_assert_cmpstr (event->diagnostic, ==, expected->whole_diagnostic);
  check_string ("smtp_command", expected->smtp_command, event->smtp_command);
  check_string ("remote_mta", expected->remote_mta, event->remote_mta);
  check_string ("reporting_mta", expected->reporting_mta, event->reporting_mta);
  check_string ("original_recipient", expected->original_recipient, event->original_recipient);
  check_string ("feedback_type", expected->feedback_type, event->feedback_type);
  check_string ("source_ip", expected->source_ip, event->source_ip);
  check_string ("reported_domain", expected->reported_domain, event->reported_domain);
  check_string ("original_message_id", expected->original_message_id,
                event->original_message_id);
  check_string ("original_subject", expected->original_subject, event->original_subject);
  check_string ("original_from", expected->original_from, event->original_from);
  check_date ("arrival_date", expected->arrival_date, event->arrival_date);
  check_date ("last_attempt_date", expected->last_attempt_date, event->last_attempt_date);
  check_date ("will_retry_until", expected->will_retry_until, event->will_retry_until);

  /* The classifier ran on every event. */
  g_assert_nonnull (event->reason);
  g_assert_nonnull (event->evidence);
}

static void
test_decode_case (gconstpointer data)
{
  const DecoderCase *test_case = data;
  g_autoptr(BvDecodeResult) result = decode_file (test_case->file);

  g_assert_cmpstr (bv_decode_status_to_string (result->status), ==,
                   bv_decode_status_to_string (test_case->status));
  g_assert_null (result->error);
  g_assert_cmpstr (result->format, ==, test_case->format);
  g_assert_cmpuint (result->events->len, ==, test_case->n_events);
  assert_result_valid_utf8 (result);

  for (guint i = 0; i < test_case->n_events; i++)
    {
      const BvEvent *event = g_ptr_array_index (result->events, i);

      g_assert_cmpuint (event->rcpt_index, ==, i + 1);
      check_event (&test_case->events[i], event);
    }
}

/* The report's own fields, apart from its events. */
static void
test_report_fields (void)
{
  g_autoptr(BvDecodeResult) result = decode_file ("dsn-postfix-one.eml");
  g_autofree char *date = bv_format_iso8601 (result->date);

  g_assert_cmpstr (result->message_id, ==, "20260210083012.7D2C41A0F3@mta1.example.org");
  g_assert_cmpstr (result->subject, ==, "Undelivered Mail Returned to Sender");
  g_assert_cmpstr (result->from, ==, "mailer-daemon@mta1.example.org");
  g_assert_cmpstr (date, ==, "2026-02-10T08:30:12Z");
}

/* A report without a usable Date is dated by the newest of its Received
 * fields, or without them by the newest of the returned original's. */
static void
test_received_date (void)
{
  static const struct
  {
    const char *file;
    const char *date_field;     /* put before the message, or NULL */
    const char *date;           /* the report's Date, or NULL for none */
    const char *received_date;  /* NULL for none */
    const char *event_date;
  } cases[] = {
    /* The second field is the newest, and its date is on a line of its own. */
    { "text-no-date.eml", NULL, NULL, "2026-03-11T08:14:05Z", "2026-03-11T08:14:05Z" },
    { "text-no-date.eml", "Date: sometime last week\n", NULL, "2026-03-11T08:14:05Z",
      "2026-03-11T08:14:05Z" },
    { "text-no-date.eml", "Date: Wed, 11 Mar 2026 08:14:04 +0000\n", "2026-03-11T08:14:04Z", NULL,
      "2026-03-11T08:14:04Z" },
    { "text-no-date-original.eml", NULL, NULL, "2026-03-05T16:20:41Z", "2026-03-05T16:20:41Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = load_message (cases[i].file);
      g_autoptr(GString) message = g_string_new (cases[i].date_field);
      g_autoptr(BvDecodeResult) result = NULL;
      g_autofree char *date = NULL;
      g_autofree char *received_date = NULL;
      g_autofree char *event_date = NULL;
      const BvEvent *event;

      g_test_message ("%s with %s", cases[i].file,
                      cases[i].date_field != NULL ? cases[i].date_field : "no Date");
      g_string_append_len (message, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      result = bv_decode (message->str, message->len);
      g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
      g_assert_cmpuint (result->events->len, ==, 1);
      event = g_ptr_array_index (result->events, 0);
      g_assert_cmpint (event->last_attempt_date, ==, 0);
      g_assert_cmpint (event->arrival_date, ==, 0);

      date = bv_format_iso8601 (result->date);
      received_date = bv_format_iso8601 (result->received_date);
      event_date = bv_format_iso8601 (bv_event_get_date (event, result->date,
                                                         result->received_date));
      g_assert_cmpstr (date, ==, cases[i].date);
      g_assert_cmpstr (received_date, ==, cases[i].received_date);
      g_assert_cmpstr (event_date, ==, cases[i].event_date);
    }
}

/* An event's date is its last attempt, else the report's date, else the
 * arrival of the original, else the report's received date. */
static void
test_event_date_order (void)
{
  static const struct
  {
    gint64 last_attempt;
    gint64 report;
    gint64 arrival;
    gint64 received;
    gint64 expected;
  } cases[] = {
    { 400, 300, 200, 100, 400 },
    { 0, 300, 200, 100, 300 },
    { 0, 0, 200, 100, 200 },
    { 0, 0, 0, 100, 100 },
    { 0, 0, 0, 0, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(BvEvent) event = bv_event_new (BV_EVENT_BOUNCE);

      event->last_attempt_date = cases[i].last_attempt;
      event->arrival_date = cases[i].arrival;
      g_test_message ("case %u", i);
      g_assert_cmpint (bv_event_get_date (event, cases[i].report, cases[i].received), ==,
                       cases[i].expected);
    }
}

/* Exim marks its bounces with "Auto-Submitted: auto-replied", and they
 * must stay bounces. */
static void
test_exim_auto_submitted (void)
{
  g_autoptr(GBytes) bytes = load_message ("exim.eml");
  g_autoptr(BvDecodeResult) result = decode_bytes (bytes);

  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  "\nAuto-Submitted: auto-replied\n"));
  g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
  g_assert_cmpuint (result->events->len, ==, 2);

  for (guint i = 0; i < result->events->len; i++)
    {
      const BvEvent *event = g_ptr_array_index (result->events, i);

      g_assert_cmpint (event->type, ==, BV_EVENT_BOUNCE);
      g_assert_cmpstr (event->reason, !=, "vacation");
    }
}

static void
assert_same_events (const BvDecodeResult *expected,
                    const BvDecodeResult *actual)
{
  g_assert_cmpint (actual->status, ==, expected->status);
  g_assert_cmpstr (actual->format, ==, expected->format);
  g_assert_cmpstr (actual->subject, ==, expected->subject);
  g_assert_cmpuint (actual->events->len, ==, expected->events->len);

  for (guint i = 0; i < expected->events->len; i++)
    {
      const BvEvent *a = g_ptr_array_index (expected->events, i);
      const BvEvent *b = g_ptr_array_index (actual->events, i);

      g_assert_cmpint (b->type, ==, a->type);
      g_assert_cmpuint (b->rcpt_index, ==, a->rcpt_index);
      g_assert_cmpstr (b->recipient, ==, a->recipient);
      g_assert_cmpstr (b->original_recipient, ==, a->original_recipient);
      g_assert_cmpstr (b->action, ==, a->action);
      g_assert_cmpstr (b->status, ==, a->status);
      g_assert_cmpuint (b->reply_code, ==, a->reply_code);
      g_assert_cmpstr (b->diagnostic, ==, a->diagnostic);
      g_assert_cmpstr (b->diagnostic_type, ==, a->diagnostic_type);
      g_assert_cmpstr (b->smtp_command, ==, a->smtp_command);
      g_assert_cmpstr (b->remote_mta, ==, a->remote_mta);
      g_assert_cmpstr (b->reporting_mta, ==, a->reporting_mta);
      g_assert_cmpint (b->arrival_date, ==, a->arrival_date);
      g_assert_cmpint (b->last_attempt_date, ==, a->last_attempt_date);
      g_assert_cmpint (b->will_retry_until, ==, a->will_retry_until);
      g_assert_cmpstr (b->reason, ==, a->reason);
      g_assert_cmpstr (b->evidence, ==, a->evidence);
      g_assert_cmpint (b->hard_bounce, ==, a->hard_bounce);
      g_assert_cmpint (b->codes_disagree, ==, a->codes_disagree);
      g_assert_cmpstr (b->original_message_id, ==, a->original_message_id);
      g_assert_cmpstr (b->original_subject, ==, a->original_subject);
      g_assert_cmpstr (b->original_from, ==, a->original_from);
      g_assert_cmpstr (b->original_to, ==, a->original_to);
      g_assert_cmpint (b->original_date, ==, a->original_date);
    }
}

/* The same message stored with LF, CRLF and CR-only line ends. */
static void
test_line_endings (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (line_end_files); i++)
    {
      g_autoptr(GBytes) lf = load_message (line_end_files[i]);
      g_autoptr(GBytes) crlf = bv_test_with_line_ends (lf, "\r\n");
      g_autoptr(GBytes) cr = bv_test_with_line_ends (lf, "\r");
      g_autoptr(BvDecodeResult) expected = decode_bytes (lf);
      g_autoptr(BvDecodeResult) from_crlf = decode_bytes (crlf);
      g_autoptr(BvDecodeResult) from_cr = decode_bytes (cr);

      g_test_message ("%s", line_end_files[i]);
      g_assert_cmpint (expected->status, ==, BV_DECODE_EVENTS);
      g_assert_cmpuint (expected->events->len, >, 0);
      assert_same_events (expected, from_crlf);
      assert_same_events (expected, from_cr);
    }
}

static void
assert_failed (const BvDecodeResult *result,
               const char           *error)
{
  g_assert_cmpint (result->status, ==, BV_DECODE_FAILED);
  g_assert_cmpstr (bv_decode_status_to_string (result->status), ==, "failed");
  g_assert_cmpstr (result->error, ==, error);
  g_assert_cmpuint (result->events->len, ==, 0);
  assert_result_valid_utf8 (result);
}

/* A UTF-8 byte order mark and blank lines before the first header field
 * are skipped, with either line end and before an mbox "From " line. */
static void
test_leading_noise (void)
{
  static const char * const prefixes[] = {
    "\xef\xbb\xbf",
    "\n\n",
    " \t\n\n",
    "\xef\xbb\xbf\n",
    "\xef\xbb\xbf\nFrom MAILER-DAEMON Tue Feb 10 08:30:12 2026\n",
  };
  static const char * const line_ends[] = { "\n", "\r\n" };
  g_autoptr(GBytes) lf = load_message ("dsn-postfix-one.eml");
  g_autoptr(BvDecodeResult) expected = decode_bytes (lf);

  g_assert_cmpint (expected->status, ==, BV_DECODE_EVENTS);

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    for (guint j = 0; j < G_N_ELEMENTS (line_ends); j++)
      {
        g_autoptr(GByteArray) message = g_byte_array_new ();
        g_autoptr(GBytes) prefixed = NULL;
        g_autoptr(GBytes) converted = NULL;
        g_autoptr(BvDecodeResult) result = NULL;
        gsize length;
        const guint8 *data = g_bytes_get_data (lf, &length);

        g_byte_array_append (message, (const guint8 *) prefixes[i], strlen (prefixes[i]));
        g_byte_array_append (message, data, length);
        prefixed = g_byte_array_free_to_bytes (g_steal_pointer (&message));
        converted = bv_test_with_line_ends (prefixed, line_ends[j]);
        result = decode_bytes (converted);

        g_test_message ("prefix %u, line end %u", i, j);
        g_assert_null (result->error);
        g_assert_cmpstr (result->message_id, ==, expected->message_id);
        assert_same_events (expected, result);
      }
}

/* A byte order mark and blank lines alone make no message. */
static void
test_only_leading_noise (void)
{
  static const char text[] = "\xef\xbb\xbf\n \n\n";
  g_autoptr(BvDecodeResult) result = bv_decode (text, strlen (text));

  assert_failed (result, "empty message");
}

static void
test_empty_file (void)
{
  g_autoptr(BvDecodeResult) result = bv_decode ("", 0);

  assert_failed (result, "empty message");
}

/* Fills @data with bytes from a fixed seed, so that every run decodes
 * the same garbage. */
static void
fill_random (guint8 *data,
             gsize   length)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260301);

  for (gsize i = 0; i < length; i++)
    data[i] = g_rand_int_range (rand, 0, 256);
}

static void
test_binary_garbage (void)
{
  guint8 data[8192];
  g_autoptr(BvDecodeResult) result = NULL;

  fill_random (data, sizeof data);
  result = bv_decode ((const char *) data, sizeof data);
  assert_failed (result, "not a mail message: no header fields");
}

/* A header block followed by binary bytes, NULs included. */
static void
test_binary_body (void)
{
  static const char header[] = "From: Scanner <scanner@example.org>\n"
                               "Subject: Scan 0042\n"
                               "\n";
  guint8 data[sizeof header - 1 + 8192];
  g_autoptr(BvDecodeResult) result = NULL;

  memcpy (data, header, sizeof header - 1);
  fill_random (data + sizeof header - 1, sizeof data - (sizeof header - 1));
  result = bv_decode ((const char *) data, sizeof data);

  g_assert_cmpint (result->status, ==, BV_DECODE_NOT_BOUNCE);
  g_assert_cmpuint (result->events->len, ==, 0);
  g_assert_cmpstr (result->subject, ==, "Scan 0042");
  assert_result_valid_utf8 (result);
}

static void
test_no_header_block (void)
{
  static const char text[] = "Hello,\nthis file is a note without any header fields.\n";
  g_autoptr(BvDecodeResult) result = bv_decode (text, strlen (text));

  assert_failed (result, "not a mail message: no header fields");
}

/* One header line of a mebibyte before the report's own fields. */
static void
test_huge_header_line (void)
{
  g_autoptr(GBytes) original = load_message ("dsn-postfix-one.eml");
  g_autoptr(BvDecodeResult) expected = decode_bytes (original);
  g_autoptr(GBytes) huge = NULL;
  g_autoptr(BvDecodeResult) result = NULL;
  GString *text = g_string_new ("X-Filler: ");

  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (text, 'a' + i % 26);
  g_string_append_c (text, '\n');
  g_string_append_len (text, g_bytes_get_data (original, NULL), g_bytes_get_size (original));
  huge = g_string_free_to_bytes (text);

  result = decode_bytes (huge);
  assert_result_valid_utf8 (result);
  assert_same_events (expected, result);
}

/* A delivery status part on 3,000 recipients, about 900 KB, gives an
 * event for each of them: the limit on text parts does not apply. */
static void
test_many_recipients (void)
{
  GString *text = g_string_new (
    "From: MAILER-DAEMON@mx.example.org\n"
    "To: lists@example.org\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "Date: Thu, 12 Mar 2026 07:00:00 +0000\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\n"
    "\n"
    "--r\n"
    "Content-Type: text/plain\n"
    "\n"
    "The list's mail could not be delivered.\n"
    "\n"
    "--r\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mx.example.org\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(BvDecodeResult) result = NULL;
  const guint count = 3000;

  for (guint i = 0; i < count; i++)
    g_string_append_printf (text,
                            "\nFinal-Recipient: rfc822; member%04u@lists.example.net\n"
                            "Action: failed\n"
                            "Status: 5.1.1\n"
                            "Diagnostic-Code: smtp; 550 5.1.1 <member%04u@lists.example.net>:"
                            " Recipient address rejected: no such user in this domain, sorry\n",
                            i, i);
  g_string_append (text, "\n--r--\n");
  g_assert_cmpuint (text->len, >, 512 * 1024);
  bytes = g_string_free_to_bytes (text);

  result = decode_bytes (bytes);
  g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
  g_assert_cmpuint (result->events->len, ==, count);
  g_assert_cmpstr (((BvEvent *) g_ptr_array_index (result->events, count - 1))->recipient, ==,
                   "member2999@lists.example.net");
}

/* The start of a DSN report up to its per-message fields, and a group
 * about one recipient, for the tests of large reports. */
static const char large_dsn_start[] =
  "From: MAILER-DAEMON@mx.example.org\n"
  "Subject: Undelivered Mail Returned to Sender\n"
  "MIME-Version: 1.0\n"
  "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\n"
  "\n"
  "--r\n"
  "Content-Type: message/delivery-status\n"
  "\n"
  "Reporting-MTA: dns; mx.example.org\n";
static const char first_recipient_group[] =
  "\n"
  "Final-Recipient: rfc822; first@example.net\n"
  "Action: failed\n"
  "Status: 5.1.1\n";

/* A delivery status part on 20,000 recipients gives an event for each of
 * them. One on more gives the first 20,000 and an error that names the
 * limit, whether blank lines separate its recipients or not. */
static void
test_dsn_recipient_limit (void)
{
  static const struct
  {
    guint n_recipients;
    gboolean one_group;         /* no blank lines between the recipients */
    guint n_events;
    const char *error;          /* a substring of the error, or NULL for none */
  } cases[] = {
    { 19999, FALSE, 19999, NULL },
    { 20000, FALSE, 20000, NULL },
    { 20001, FALSE, 20000, "more than 20000 recipients" },
    { 20000, TRUE, 20000, NULL },
    { 20001, TRUE, 20000, "more than 20000 recipients" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) message = g_string_new (large_dsn_start);
      g_autoptr(BvDecodeResult) result = NULL;
      const BvEvent *last;

      for (guint j = 0; j < cases[i].n_recipients; j++)
        g_string_append_printf (message, "%sFinal-Recipient: rfc822; rcpt%05u@example.net\n"
                                "Action: failed\nStatus: 5.1.1\n",
                                cases[i].one_group ? "" : "\n", j);
      g_string_append (message, "\n--r--\n");

      g_test_message ("%u recipients%s", cases[i].n_recipients,
                      cases[i].one_group ? " in one group" : "");
      result = bv_decode (message->str, message->len);

      g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
      g_assert_cmpstr (result->format, ==, "dsn");
      g_assert_cmpuint (result->events->len, ==, cases[i].n_events);
      last = g_ptr_array_index (result->events, result->events->len - 1);
      g_assert_cmpuint (last->rcpt_index, ==, cases[i].n_events);
      g_assert_cmpstr (last->status, ==, "5.1.1");
      if (cases[i].error == NULL)
        g_assert_null (result->error);
      else
        g_assert_nonnull (strstr (result->error, cases[i].error));
    }
}

/* A delivery status part is read up to 16 MiB. A recipient after that is
 * lost, and the error states it. */
static void
test_dsn_part_cut (void)
{
  g_autoptr(GString) message = g_string_new (large_dsn_start);
  g_autoptr(BvDecodeResult) result = NULL;

  g_string_append (message, first_recipient_group);

  while (message->len < 17 * 1024 * 1024)
    g_string_append (message, "X-Note: a field of no meaning, repeated to make the part long\n");
  g_string_append (message, "\nFinal-Recipient: rfc822; late@example.net\nAction: failed\n"
                            "Status: 5.1.1\n\n--r--\n");

  result = bv_decode (message->str, message->len);
  g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
  g_assert_cmpuint (result->events->len, ==, 1);
  g_assert_cmpstr (((BvEvent *) g_ptr_array_index (result->events, 0))->recipient, ==,
                   "first@example.net");
  g_assert_nonnull (result->error);
  g_assert_nonnull (strstr (result->error, "longer than 16 MiB"));
}

/* A plain-text bounce on 10,000 recipients, about 1.2 MB, gives an event
 * for each of them. One on more gives the first 10,000 and an error that
 * names the limit. */
static void
test_text_recipient_limit (void)
{
  static const struct
  {
    guint n_recipients;
    guint n_events;
    const char *error;          /* a substring of the error, or NULL for none */
  } cases[] = {
    { 10000, 10000, NULL },
    { 10001, 10000, "more than 10000 recipients" },
    { 12000, 10000, "more than 10000 recipients" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) message = bv_test_text_bounce (cases[i].n_recipients);
      g_autoptr(BvDecodeResult) result = NULL;
      const BvEvent *last;

      g_test_message ("%u recipients", cases[i].n_recipients);
      g_assert_cmpuint (message->len, >, 1024 * 1024);
      result = bv_decode (message->str, message->len);

      g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
      g_assert_cmpstr (result->format, ==, "text");
      g_assert_cmpuint (result->events->len, ==, cases[i].n_events);
      last = g_ptr_array_index (result->events, result->events->len - 1);
      g_assert_cmpstr (last->recipient, ==, "rcpt09999@example.net");
      g_assert_cmpuint (last->reply_code, ==, 550);
      if (cases[i].error == NULL)
        g_assert_null (result->error);
      else
        g_assert_nonnull (strstr (result->error, cases[i].error));
    }
}

/* Readable text beyond the decoder's 4 MiB is left out. When the events
 * come from that text and no copy of the original message starts before
 * the cut, the error states that recipients may be missing. */
static void
test_text_cut (void)
{
  static const struct
  {
    const char *name;
    const char *start;          /* before the filler */
    const char *end;            /* after it */
    const char *format;
    const char *error;          /* a substring of the error, or NULL for none */
  } cases[] = {
    { "text", "", "\n<late@example.net>: 550 5.1.1 User unknown\n", "text", "longer than 4 MiB" },
    { "copy of the original first",
      "------ This is a copy of the message, including all the headers. ------\n\n", "",
      "text", NULL },
    { "delivery status part", NULL, "\n--r--\n", "dsn", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) message = NULL;
      g_autoptr(BvDecodeResult) result = NULL;
      const BvEvent *event;

      g_test_message ("%s", cases[i].name);
      if (cases[i].start != NULL)
        {
          message = bv_test_text_bounce (0);
          g_string_append (message, "\n<first@example.net>: 550 5.1.1 User unknown\n\n");
          g_string_append (message, cases[i].start);
        }
      else
        {
          message = g_string_new (large_dsn_start);
          g_string_append (message, first_recipient_group);
          g_string_append (message, "\n--r\nContent-Type: text/plain\n\n");
        }
      while (message->len < 5 * 1024 * 1024)
        g_string_append (message, "The quick brown fox jumps over the lazy dog.\n");
      g_string_append (message, cases[i].end);

      result = bv_decode (message->str, message->len);
      g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
      g_assert_cmpstr (result->format, ==, cases[i].format);
      g_assert_cmpuint (result->events->len, ==, 1);
      event = g_ptr_array_index (result->events, 0);
      g_assert_cmpstr (event->recipient, ==, "first@example.net");
      if (cases[i].error == NULL)
        g_assert_null (result->error);
      else
        g_assert_nonnull (strstr (result->error, cases[i].error));
    }
}

/* Returns a message from a person that forwards each of @attached as
 * an attached message, with @level in its boundary. */
static char *
make_forward (const char * const *attached,
              guint               n_attached,
              guint               level)
{
  GString *message = g_string_new (NULL);

  g_string_append_printf (message,
                          "From: Hanna Vogel <h.vogel@example.com>\n"
                          "To: bounces@example.com\n"
                          "Subject: Fwd: for the list\n"
                          "Date: Fri, 20 Mar 2026 12:00:00 +0000\n"
                          "MIME-Version: 1.0\n"
                          "Content-Type: multipart/mixed; boundary=\"fwd%u\"\n"
                          "\n"
                          "--fwd%u\n"
                          "Content-Type: text/plain\n"
                          "\n"
                          "See the attachments.\n",
                          level, level);
  for (guint i = 0; i < n_attached; i++)
    g_string_append_printf (message, "\n--fwd%u\nContent-Type: message/rfc822\n\n%s", level,
                            attached[i]);
  g_string_append_printf (message, "\n--fwd%u--\n", level);
  return g_string_free (message, FALSE);
}

/* Each forwarded report gives its events, in order, with the date of
 * the first report. A forward of a forward counts too, and an attached
 * ordinary or empty message gives nothing. */
static void
test_forwarded_reports (void)
{
  static const char first[] =
    "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "Date: Thu, 19 Mar 2026 08:00:00 +0000\n"
    "\n"
    "This is the mail system at host mx.example.org.\n"
    "\n"
    "<a.first@example.net>: host mx.example.net[192.0.2.9] said: 550 5.1.1 User\n"
    "    unknown (in reply to RCPT TO command)\n";
  static const char second[] =
    "From: MAILER-DAEMON@mx.example.org (Mail Delivery System)\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "Date: Thu, 19 Mar 2026 09:00:00 +0000\n"
    "\n"
    "This is the mail system at host mx.example.org.\n"
    "\n"
    "<b.second@example.net>: host mx.example.net[192.0.2.9] said: 552 5.2.2 Mailbox\n"
    "    full (in reply to RCPT TO command)\n";
  static const char ordinary[] =
    "From: Jonas Brandt <j.brandt@example.com>\n"
    "Subject: Lunch\n"
    "\n"
    "Lunch at noon?\n";
  const char * const both[] = { first, second };
  const char * const ordinary_first[] = { ordinary, second };
  const char * const empty_first[] = { "", second };
  g_autofree char *inner_forward = make_forward (both, 1, 1);
  const char * const forward_of_forward[] = { inner_forward };
  const struct
  {
    const char *name;
    guint n_attached;
    const char * const *attached;
    const char *first_recipient;
    guint n_events;
    const char *date;           /* of the first report */
  } cases[] = {
    { "two reports", 2, both, "a.first@example.net", 2, "2026-03-19T08:00:00Z" },
    { "ordinary message first", 2, ordinary_first, "b.second@example.net", 1,
      "2026-03-19T09:00:00Z" },
    { "forward of a forward", 1, forward_of_forward, "a.first@example.net", 1,
      "2026-03-19T08:00:00Z" },
    { "empty message first", 2, empty_first, "b.second@example.net", 1,
      "2026-03-19T09:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = make_forward (cases[i].attached, cases[i].n_attached, 0);
      g_autoptr(BvDecodeResult) result = bv_decode (message, strlen (message));
      g_autofree char *date = NULL;
      const BvEvent *event;

      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
      g_assert_cmpstr (result->format, ==, "forwarded");
      g_assert_null (result->error);
      g_assert_cmpuint (result->events->len, ==, cases[i].n_events);
      event = g_ptr_array_index (result->events, 0);
      g_assert_cmpstr (event->recipient, ==, cases[i].first_recipient);
      g_assert_cmpuint (event->rcpt_index, ==, 1);
      g_assert_cmpstr (event->reporting_mta, ==, "mx.example.org");
      g_assert_cmpstr (result->subject, ==, "Fwd: for the list");
      date = bv_format_iso8601 (result->date);
      g_assert_cmpstr (date, ==, cases[i].date);
      if (cases[i].n_events == 2)
        {
          event = g_ptr_array_index (result->events, 1);
          g_assert_cmpstr (event->recipient, ==, "b.second@example.net");
          g_assert_cmpuint (event->rcpt_index, ==, 2);
        }
    }
}

/* Returns a DSN on @n_recipients recipients, from @first on. */
static char *
make_dsn (guint first,
          guint n_recipients)
{
  GString *dsn = g_string_new (large_dsn_start);

  for (guint i = first; i < first + n_recipients; i++)
    g_string_append_printf (dsn, "\nFinal-Recipient: rfc822; rcpt%05u@example.net\n"
                            "Action: failed\nStatus: 5.1.1\n", i);
  g_string_append (dsn, "\n--r--\n");
  return g_string_free (dsn, FALSE);
}

/* Forwarded reports give at most 20,000 events in all, as one report
 * does, and the error names the limit. */
static void
test_forwarded_reports_limit (void)
{
  g_autofree char *over = make_dsn (0, 20001);
  g_autofree char *half = make_dsn (0, 15000);
  g_autofree char *other_half = make_dsn (15000, 15000);
  const char * const one_over[] = { over };
  const char * const two_halves[] = { half, other_half };
  const struct
  {
    const char *name;
    const char * const *attached;
    guint n_attached;
    const char *error;          /* a substring of the error */
  } cases[] = {
    { "one report over the limit", one_over, 1, "report names more than 20000 recipients" },
    { "two reports over the limit", two_halves, 2, "forwards reports on more than 20000 recipients" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = make_forward (cases[i].attached, cases[i].n_attached, 0);
      g_autoptr(BvDecodeResult) result = bv_decode (message, strlen (message));
      const BvEvent *last;

      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
      g_assert_cmpstr (result->format, ==, "forwarded");
      g_assert_cmpuint (result->events->len, ==, 20000);
      last = g_ptr_array_index (result->events, 19999);
      g_assert_cmpstr (last->recipient, ==, "rcpt19999@example.net");
      g_assert_cmpuint (last->rcpt_index, ==, 20000);
      g_assert_nonnull (result->error);
      g_assert_nonnull (strstr (result->error, cases[i].error));
    }
}

/* Returns a DSN inside @depth messages that each attach the next one
 * when @attached, or else inside @depth multipart/mixed parts. */
static GString *
make_nested_report (guint    depth,
                    gboolean attached)
{
  GString *message = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    {
      if (attached)
        g_string_append_printf (message, "From: x.%u@example.com\nSubject: Fwd %u\n"
                                "MIME-Version: 1.0\nContent-Type: message/rfc822\n\n", i, i);
      else if (i == 0)
        g_string_append (message, "From: x@example.com\nSubject: Nested\nMIME-Version: 1.0\n"
                                  "Content-Type: multipart/mixed; boundary=\"n0\"\n\n");
      else
        g_string_append_printf (message, "--n%u\nContent-Type: multipart/mixed; boundary=\"n%u\"\n\n",
                                i - 1, i);
    }
  if (!attached && depth > 0)
    g_string_append_printf (message, "--n%u\n", depth - 1);
  g_string_append (message, large_dsn_start);
  g_string_append (message, first_recipient_group);
  g_string_append (message, "\n--r--\n");
  for (guint i = depth; !attached && i-- > 0;)
    g_string_append_printf (message, "--n%u--\n", i);
  return message;
}

/* Messages attached inside each other, as forwards of forwards, count
 * as MIME levels: nested too deep, they fail as deeply nested multipart
 * parts do, with the same error. A few levels still give the events. */
static void
test_nested_attached_messages (void)
{
  static const struct
  {
    guint depth;
    BvDecodeStatus status;
  } cases[] = {
    { 3, BV_DECODE_EVENTS },
    { 30, BV_DECODE_FAILED },
    { 3000, BV_DECODE_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) attached = make_nested_report (cases[i].depth, TRUE);
      g_autoptr(GString) multipart = make_nested_report (cases[i].depth, FALSE);
      g_autoptr(BvDecodeResult) from_attached = bv_decode (attached->str, attached->len);
      g_autoptr(BvDecodeResult) from_multipart = bv_decode (multipart->str, multipart->len);

      g_test_message ("%u levels", cases[i].depth);
      g_assert_cmpint (from_attached->status, ==, cases[i].status);
      g_assert_cmpint (from_multipart->status, ==, cases[i].status);
      g_assert_cmpstr (from_attached->error, ==, from_multipart->error);
      if (cases[i].status == BV_DECODE_FAILED)
        g_assert_nonnull (strstr (from_attached->error, "nested more than 24 levels"));
      else
        g_assert_cmpstr (((BvEvent *) g_ptr_array_index (from_attached->events, 0))->recipient, ==,
                         "first@example.net");
    }
}

/* Returns the field @name of @message as GMime reads it from the whole
 * message. */
static char *
gmime_field (const char *message,
             const char *name)
{
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer (message, strlen (message));
  g_autoptr(GMimeParser) parser = g_mime_parser_new_with_stream (stream);
  g_autoptr(GMimeObject) part = g_mime_parser_construct_part (parser, NULL);

  g_assert_nonnull (part);
  return g_strdup (g_mime_object_get_header (part, name));
}

/* One-line values skip GMime's unfolding, so compare with GMime's values
 * for blanks around the value, tabs inside, folded lines and CRLF. */
static void
test_unfold_like_gmime (void)
{
  static const char * const subjects[] = {
    "Subject: Undelivered Mail Returned to Sender\n",
    "Subject:   \t Undelivered\tMail  Returned \t \n",
    "Subject:\n\tUndelivered Mail\n  Returned to Sender\n",
    "Subject: Undelivered Mail\r\n Returned to Sender \r\n",
    "Subject:\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    {
      g_autofree char *message = g_strconcat ("From: MAILER-DAEMON@mail.example.com\n",
                                              subjects[i],
                                              "MIME-Version: 1.0\n"
                                              "Content-Type: text/plain\n"
                                              "\n"
                                              "Hello.\n",
                                              NULL);
      g_autoptr(BvDecodeResult) result = bv_decode (message, strlen (message));
      g_autofree char *expected = gmime_field (message, "Subject");

      g_test_message ("field: %s", subjects[i]);
      g_strstrip (expected);
      g_assert_cmpstr (result->subject, ==, expected);
    }
}

/* Decodes @message, which must give one event. */
static BvDecodeResult *
decode_one_event (const char *message)
{
  BvDecodeResult *result = bv_decode (message, strlen (message));

  g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
  g_assert_cmpuint (result->events->len, ==, 1);
  return result;
}

/* A text bounce that lists the original message's fields, the recipient
 * among them, takes no reply code from that list, only from the text
 * around it. A Size, a Subject, a Reply-To or X-Spam-Status field, or a
 * value carried onto the next line do not change that. */
static void
test_text_details_list (void)
{
  static const struct
  {
    const char *list;
    guint reply_code;
    const char *status;
  } cases[] = {
    { "  Subject: Hello\n  RCPT TO: amy@example.net\n  From: sender@example.org\n"
      "  Size (in bytes): 412\n", 0, NULL },
    { "  Subject: Invoice 550\n  RCPT TO: amy@example.net\n  From: sender@example.org\n"
      "  Size (in bytes): 1412\n", 0, NULL },
    { "  RCPT TO: amy@example.net\n  From: sender@example.org\n  Reply-To: sender@example.org\n"
      "  Subject: Invoice 4521\n  Size (in bytes): 412\n", 550, "5.1.1" },
    { "  RCPT TO: amy@example.net\n  From: sender@example.org\n  X-Spam-Status: No, score=4.2\n"
      "  Subject: Invoice 4521\n  Size (in bytes): 421\n", 550, "5.1.1" },
    { "  RCPT TO: amy@example.net\n  From: sender@example.org\n"
      "  Subject: Invoice 4521 for the order\n     of 421 units\n  Size (in bytes): 412\n",
      550, "5.1.1" },
    { "  From: sender@example.org\n  Subject: Invoice 4521\n  Size (in bytes): 412\n"
      "  To: amy@example.net\n", 550, "5.1.1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message =
        g_strconcat ("From: postmaster@mail.example.net\n"
                     "To: sender@example.org\n"
                     "Subject: Delivery failure\n"
                     "Date: Fri, 13 Mar 2026 12:08:34 +0000\n"
                     "\n"
                     "Your message could not be delivered.",
                     cases[i].reply_code != 0 ?
                     " The remote server replied: 550 5.1.1 User unknown" : "",
                     "\n\nMessage details:\n", cases[i].list, NULL);
      g_autoptr(BvDecodeResult) result = NULL;
      const BvEvent *event;

      g_test_message ("case %u", i + 1);
      result = decode_one_event (message);
      event = g_ptr_array_index (result->events, 0);
      g_assert_cmpstr (event->recipient, ==, "amy@example.net");
      g_assert_cmpuint (event->reply_code, ==, cases[i].reply_code);
      g_assert_cmpstr (event->status, ==, cases[i].status);
      if (cases[i].reply_code != 0)
        g_assert_cmpstr (event->diagnostic, ==, "550 5.1.1 User unknown");
    }
}

/* qmail names the remote host in "Giving up on 192.0.2.5.", after the
 * reply: the host is the remote MTA, and the line is no part of the
 * diagnostic. */
static void
test_qmail_giving_up (void)
{
  static const char message[] =
    "From: MAILER-DAEMON@mail.example.org\n"
    "To: reports@example.org\n"
    "Subject: failure notice\n"
    "Date: 16 Feb 2026 07:41:09 -0000\n"
    "\n"
    "Hi. This is the qmail-send program at mail.example.org.\n"
    "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
    "This is a permanent error; I've given up. Sorry it didn't work out.\n"
    "\n"
    "<l.moreau@example.net>:\n"
    "192.0.2.5 does not like recipient.\n"
    "Remote host said: 550 5.1.1 <l.moreau@example.net>: Recipient address rejected: User unknown\n"
    "Giving up on 192.0.2.5.\n"
    "\n"
    "--- Below this line is a copy of the message.\n";
  g_autoptr(BvDecodeResult) result = decode_one_event (message);
  const BvEvent *event = g_ptr_array_index (result->events, 0);

  g_assert_cmpuint (event->reply_code, ==, 550);
  g_assert_cmpstr (event->status, ==, "5.1.1");
  g_assert_cmpstr (event->remote_mta, ==, "192.0.2.5");
  g_assert_cmpstr (event->diagnostic, ==,
                   "550 5.1.1 <l.moreau@example.net>: Recipient address rejected: User unknown");
}

/* Exchange wraps the reply in "<host #5.1.1 smtp;550 ...>": the
 * diagnostic keeps no closing bracket of it. */
static void
test_exchange_bracketed_reply (void)
{
  static const char message[] =
    "From: postmaster@corp.example.net\n"
    "To: sender@example.org\n"
    "Subject: Undeliverable: Quarterly report\n"
    "Date: Fri, 13 Mar 2026 12:08:34 +0000\n"
    "\n"
    "Your message did not reach some or all of the intended recipients.\n"
    "\n"
    "The following recipient(s) cannot be reached:\n"
    "\n"
    "      erin@corp.example.net on 13/03/2026 12:08\n"
    "            The e-mail account does not exist at the organization this message was sent to.\n"
    "            <mx5.corp.example.net #5.1.1 smtp;550 5.1.1 RESOLVER.ADR.RecipNotFound; not found>\n";
  g_autoptr(BvDecodeResult) result = decode_one_event (message);
  const BvEvent *event = g_ptr_array_index (result->events, 0);

  g_assert_cmpstr (event->recipient, ==, "erin@corp.example.net");
  g_assert_cmpuint (event->reply_code, ==, 550);
  g_assert_cmpstr (event->diagnostic, ==, "550 5.1.1 RESOLVER.ADR.RecipNotFound; not found");
}

/* The decoder reads a report's From, Subject, Date, Message-ID and
 * X-Failed-Recipients itself and shows GMime only the MIME fields. The
 * values must be the ones GMime would give: the first field of a name,
 * unfolded, with its encoded words decoded. */
static void
test_report_own_fields (void)
{
  static const char * const mime_fields[] = {
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=us-ascii\n",
    /* Without MIME fields GMime gets the fields read here, so that it
     * still finds a header block. */
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (mime_fields); i++)
    {
      g_autofree char *message = g_strconcat (
        "Received: from mx.example.net by mail.example.com;\n"
        "\tThu, 5 Dec 2026 02:15:00 +0100\n"
        "From: =?UTF-8?Q?Mail_Delivery_System?=\n"
        " <MAILER-DAEMON@Mail.Example.com>\n"
        "from: second@example.org\n"
        "To: sender@example.com\n"
        "Subject: =?ISO-8859-1?Q?Unzustellbar:_Gr=FC=DFe?=\n"
        " =?ISO-8859-1?Q?_aus_Berlin?=\n"
        "Date: Thu, 5 Dec 2026 02:15:00 +0100\n"
        "Message-ID: <report-1@mail.example.com>\n"
        "X-Failed-Recipients: first@example.net,\n"
        "  second@example.net\n",
        mime_fields[i],
        "\n"
        "This message was created automatically by mail delivery software.\n"
        "\n"
        "A message that you sent could not be delivered to one or more of its\n"
        "recipients. This is a permanent error. The following address(es) failed:\n"
        "\n"
        "  first@example.net\n"
        "    SMTP error from remote mail server after RCPT TO:<first@example.net>:\n"
        "    550 5.1.1 <first@example.net>: Recipient address rejected: User unknown\n"
        "  second@example.net\n"
        "    SMTP error from remote mail server after RCPT TO:<second@example.net>:\n"
        "    550 5.1.1 <second@example.net>: Recipient address rejected: User unknown\n",
        NULL);
      g_autoptr(BvDecodeResult) result = bv_decode (message, strlen (message));
      g_autofree char *subject = gmime_field (message, "Subject");

      g_test_message ("MIME fields: %s", i == 0 ? "yes" : "no");
      g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
      g_assert_cmpstr (result->subject, ==, subject);
      g_assert_cmpstr (result->subject, ==, "Unzustellbar: Grüße aus Berlin");
      g_assert_cmpstr (result->from, ==, "mailer-daemon@mail.example.com");
      g_assert_cmpstr (result->message_id, ==, "report-1@mail.example.com");
      g_assert_cmpint (result->date, ==, 1796433300);
      g_assert_cmpuint (result->events->len, ==, 2);
      g_assert_cmpstr (((BvEvent *) g_ptr_array_index (result->events, 0))->recipient, ==,
                       "first@example.net");
      g_assert_cmpstr (((BvEvent *) g_ptr_array_index (result->events, 1))->recipient, ==,
                       "second@example.net");
    }
}

/* GMime allows blanks between a field's name and its colon, and so must
 * the fields that the decoder reads itself and hands to GMime. "From :"
 * is not the first line, which would read as an mbox "From " line. */
static void
test_blank_before_colon (void)
{
  static const char message[] =
    "To: sender@example.com\n"
    "From : Mail Delivery System <MAILER-DAEMON@mail.example.com>\n"
    "Subject\t: Undelivered Mail Returned to Sender\n"
    "Date : Thu, 5 Dec 2026 02:15:00 +0100\n"
    "MIME-Version: 1.0\n"
    "Content-Type : multipart/report; report-type=delivery-status;\n"
    "\tboundary=\"B1\"\n"
    "\n"
    "--B1\n"
    "Content-Type: text/plain\n"
    "\n"
    "The mail system could not deliver your message.\n"
    "\n"
    "--B1\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mail.example.com\n"
    "\n"
    "Final-Recipient: rfc822; gone@example.net\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "Diagnostic-Code: smtp; 550 5.1.1 <gone@example.net>: Recipient address rejected\n"
    "\n"
    "--B1--\n";
  g_autoptr(BvDecodeResult) result = bv_decode (message, strlen (message));

  g_assert_cmpint (result->status, ==, BV_DECODE_EVENTS);
  g_assert_cmpstr (result->format, ==, "dsn");
  g_assert_cmpstr (result->subject, ==, "Undelivered Mail Returned to Sender");
  g_assert_cmpstr (result->from, ==, "mailer-daemon@mail.example.com");
  g_assert_cmpint (result->date, ==, 1796433300);
  g_assert_cmpuint (result->events->len, ==, 1);
  g_assert_cmpstr (((BvEvent *) g_ptr_array_index (result->events, 0))->status, ==, "5.1.1");
}

/* Returns what GMime alone makes of @text, within bv_parse_date()'s
 * limits. */
static gint64
gmime_date (const char *text)
{
  g_autoptr(GDateTime) dt = g_mime_utils_header_decode_date (text);
  gint64 seconds;

  if (dt == NULL)
    return 0;
  seconds = g_date_time_to_unix (dt);
  return seconds < 315532800 || seconds > G_GINT64_CONSTANT (4102444800) ? 0 : seconds;
}

/* bv_parse_date() reads the common form itself and hands the others to
 * GMime, and both ways must give the same time. */
static void
test_dates (void)
{
  static const char * const dates[] = {
    "Thu, 5 Dec 2026 02:15:00 +0100",
    "Thu, 05 Dec 2026 02:15:00 +0100",
    "thu,  5 dec 2026 02:15:00 -0830",
    "5 Dec 2026 23:59:59 +0000",
    "Sat, 29 Feb 2020 12:00:00 +1400",
    "Wed, 31 Dec 1980 23:59:59 -1200",
    "Mon, 1 Jan 2001 00:00:00 +0000 (UTC)",
    "Tue, 18 Mar 2014 10:38:50 +0900 (JST)",
    "Fri, 30 Jun 2017 07:05:09 -0700\r\n",
    "Sun, 3 Mar 2024 01:02:03 +0530",
    /* Forms and days the fast path leaves to GMime. */
    "Thu, 5 Dec 2026 02:15 +0100",
    "Thu, 5 Dec 26 02:15:00 +0100",
    "Thu, 5 Dec 2026 02:15:00 GMT",
    "Thu, 5 Dec 2026 02:15:00 EST",
    "Thu, 5 Dec 2026 02:15:00",
    "Thursday, 5 December 2026 02:15:00 +0100",
    "Thu 5 Dec 2026 02:15:00 +0100",
    "Fri, 29 Feb 2019 12:00:00 +0000",
    "Mon, 31 Apr 2023 12:00:00 +0000",
    "Mon, 3 Apr 2023 24:00:00 +0000",
    "Mon, 3 Apr 2023 23:59:60 +0000",
    "Mon, 3 Apr 2023 10:00:00 +2500",
    "Mon, 3 Apr 2023 10:00:00 +01000",
    "Mon, 3 Apr 1969 10:00:00 +0000",
    "Xyz, 3 Apr 2023 10:00:00 +0000",
    "3 Apr",
    "Mon,",
    "M",
    "",
  };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_test_message ("%s", dates[i]);
      g_assert_cmpint (bv_parse_date (dates[i]), ==, gmime_date (dates[i]));
    }

  g_assert_cmpint (bv_parse_date ("Thu, 5 Dec 2026 02:15:00 +0100"), ==, 1796433300);
  g_assert_cmpint (bv_parse_date ("Sat, 29 Feb 2020 12:00:00 +1400"), ==, 1582927200);
  g_assert_cmpint (bv_parse_date ("Mon, 3 Apr 2023 23:59:60 +0000"), ==, 0);
  /* GMime reads "+0100(CET)" and "+01:00" as unknown words and falls
   * back to UTC. */
  g_assert_cmpint (bv_parse_date ("Thu, 5 Dec 2024 02:15:00 +0100(CET)"), ==, 1733361300);
  g_assert_cmpint (bv_parse_date ("Thu, 5 Dec 2024 02:15:00 +01:00"), ==, 1733361300);
  g_assert_cmpint (bv_parse_date ("Thu, 5 Dec 2024 02:15:00 -09:30"), ==, 1733361300 + 3600 + 34200);
  g_assert_cmpint (bv_parse_date (NULL), ==, 0);

  /* Years of two and three digits as RFC 5322 reads them: below 50 in
   * the 2000s, else from 1900, and then before 1980 no usable date. */
  g_assert_cmpint (bv_parse_date ("Thu, 5 Dec 26 02:15:00 +0100"), ==, 1796433300);
  g_assert_cmpint (bv_parse_date ("Thu, 5 Dec 126 02:15:00 +0100"), ==, 1796433300);
  g_assert_cmpint (bv_parse_date ("Sun, 5 Dec 99 02:15:00 +0100"), ==, 944356500);
  g_assert_cmpint (bv_parse_date ("Sun, 5 Dec 55 02:15:00 +0100"), ==, 0);
  g_assert_cmpint (bv_parse_date ("Sun, 5 Dec 69 02:15 GMT"), ==, 0);
  g_assert_cmpint (bv_parse_date ("Sun, 5 Dec 2055 02:15 GMT"), !=, 0);
}

/* bv_utf8_is_valid() tests eight bytes at a time while they are ASCII.
 * A NUL or a non-ASCII byte at any place must still be found. */
static void
test_utf8_checks (void)
{
  char text[40];

  for (gsize length = 0; length < 24; length++)
    {
      memset (text, 'a', sizeof text);
      g_assert_true (bv_utf8_is_valid (text, length));

      for (gsize at = 0; at < length; at++)
        {
          memset (text, 'a', sizeof text);
          text[at] = '\0';
          g_assert_false (bv_utf8_is_valid (text, length));

          text[at] = (char) 0xe9;
          g_assert_false (bv_utf8_is_valid (text, length));
          g_assert_cmpint (at, <, length);
          {
            g_autofree char *valid = bv_utf8_make_valid (text, length);

            g_assert_true (g_utf8_validate (valid, -1, NULL));
            g_assert_cmpuint (strlen (valid), ==, length + 1);
          }

          if (at + 2 <= length)
            {
              /* "é" in UTF-8. */
              text[at] = (char) 0xc3;
              text[at + 1] = (char) 0xa9;
              g_assert_true (bv_utf8_is_valid (text, length));
              text[at + 1] = (char) 0xff;
              g_assert_false (bv_utf8_is_valid (text, length));
            }
        }
    }

  g_assert_true (bv_utf8_is_valid ("plain text", -1));
  g_assert_false (bv_utf8_is_valid ("caf\xe9 au lait", -1));
}

/* NULL as the result means that the input is no address. */
static void
test_address_normalize (void)
{
  static const struct
  {
    const char *input;
    const char *result;
  } cases[] = {
    { "<Someone@Example.NET>", "Someone@example.net" },
    { "mailto:someone@example.net", "someone@example.net" },
    { "\"someone@example.net\"", "someone@example.net" },
    { "@relay.example.org:someone@example.net", "someone@example.net" },
    { "\"john smith\"@Example.NET", "\"john smith\"@example.net" },
    { "<\"john smith\"@example.net>", "\"john smith\"@example.net" },
    { "@relay.example.org:\"john smith\"@example.net", "\"john smith\"@example.net" },
    { "\"k.weber\"@example.net", "k.weber@example.net" },
    { "\"k\\.weber\"@example.net", "k.weber@example.net" },
    { "\"a@b\"@example.net", "\"a@b\"@example.net" },
    { "\"a\\\"b\"@example.net", "\"a\\\"b\"@example.net" },
    { "\"a\\b\"@example.net", "ab@example.net" },
    { "\"<b>x</b>\"@example.net", "\"<b>x</b>\"@example.net" },
    { "\"a..b\"@example.net", "\"a..b\"@example.net" },
    { "\"josé\"@example.net", "josé@example.net" },
    { "User@XN--MNCHEN-3YA.Example", "User@münchen.example" },
    { "\"john smith\"@xn--mnchen-3ya.example", "\"john smith\"@münchen.example" },
    { "user@xn--.example", "user@xn--.example" },
    { "john smith@example.net", NULL },
    { "\"john smith\"@", NULL },
    { "\"john smith\"@example.net@example.org", NULL },
    { "\"john smith@example.net", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *result = bv_address_normalize (cases[i].input);

      g_test_message ("input %s", cases[i].input);
      g_assert_cmpstr (result, ==, cases[i].result);
    }
}

/* The span of the first address that the scanner finds in a line. */
static void
test_find_quoted_address (void)
{
  static const struct
  {
    const char *text;
    const char *address;
  } cases[] = {
    { "RCPT TO:<\"john smith\"@example.net>", "\"john smith\"@example.net" },
    { "  \"a@b\"@example.net\n", "\"a@b\"@example.net" },
    { "he said \"hi\" to \"ann lee\"@example.net", "\"ann lee\"@example.net" },
    { "x \"a\\\"b\"@example.net", "\"a\\\"b\"@example.net" },
    { "\"Ann Lee\" <ann.lee@example.net>", "ann.lee@example.net" },
    { "\"first\nsecond\"@example.net", NULL },
    { "\"a\"@localhost", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      BvSpan span;
      gboolean found = bv_scan_find_address (cases[i].text, strlen (cases[i].text), 0, &span);

      g_test_message ("text %s", cases[i].text);
      if (cases[i].address == NULL)
        {
          g_assert_false (found);
          continue;
        }
      g_assert_true (found);
      g_assert_cmpuint (span.end - span.start, ==, strlen (cases[i].address));
      g_assert_cmpint (memcmp (cases[i].text + span.start, cases[i].address,
                               span.end - span.start), ==, 0);
    }
}

static void
test_join_reply_lines (void)
{
  static const struct
  {
    const char *text;
    const char *joined;         /* NULL: nothing to join */
  } cases[] = {
    { "550-5.1.1 The account does not 550-5.1.1 exist. 550 5.1.1 https://example.com/x",
      "550 5.1.1 The account does not exist. https://example.com/x" },
    { "host mx.example.net said: 554-No service 554-Bad PTR record. 554 See the FAQ",
      "host mx.example.net said: 554 No service Bad PTR record. See the FAQ" },
    /* A number in the text that is no line's code stays. */
    { "552-5.2.2 Quota of 552 MB exceeded 552 5.2.2 try later",
      "552 5.2.2 Quota of 552 MB exceeded try later" },
    { "550 5.1.1 User unknown", NULL },
    /* Numbers in the text that only look like reply lines. */
    { "550 5.1.1 User unknown; questions: call 555-0100 (desk 555-0199)", NULL },
    { "554 5.7.1 Message blocked, reference 554-20260305-0042", NULL },
    { "smtp; 554-20260305-0042 blocked", NULL },
    { "550 5.1.1 <a@example.net>... User unknown 550 5.1.1 a@example.net... User unknown", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *joined = bv_scan_join_reply_lines (cases[i].text);

      g_test_message ("text %s", cases[i].text);
      g_assert_cmpstr (joined, ==, cases[i].joined);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/bounceview/decoder/dates", test_dates);
  g_test_add_func ("/bounceview/decoder/report-own-fields", test_report_own_fields);
  g_test_add_func ("/bounceview/decoder/unfold-like-gmime", test_unfold_like_gmime);
  g_test_add_func ("/bounceview/decoder/blank-before-colon", test_blank_before_colon);
  g_test_add_func ("/bounceview/decoder/utf8-checks", test_utf8_checks);
  g_test_add_func ("/bounceview/decoder/address-normalize", test_address_normalize);
  g_test_add_func ("/bounceview/decoder/find-quoted-address", test_find_quoted_address);

  for (guint i = 0; i < G_N_ELEMENTS (decoder_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/bounceview/decoder/%s", decoder_cases[i].name);

      g_test_add_data_func (path, &decoder_cases[i], test_decode_case);
    }

  g_test_add_func ("/bounceview/decoder/report-fields", test_report_fields);
  g_test_add_func ("/bounceview/decoder/received-date", test_received_date);
  g_test_add_func ("/bounceview/decoder/forwarded-reports", test_forwarded_reports);
  g_test_add_func ("/bounceview/decoder/forwarded-reports-limit", test_forwarded_reports_limit);
  g_test_add_func ("/bounceview/decoder/nested-attached-messages", test_nested_attached_messages);
  g_test_add_func ("/bounceview/decoder/event-date-order", test_event_date_order);
  g_test_add_func ("/bounceview/decoder/text-details-list", test_text_details_list);
  g_test_add_func ("/bounceview/decoder/qmail-giving-up", test_qmail_giving_up);
  g_test_add_func ("/bounceview/decoder/exchange-bracketed-reply", test_exchange_bracketed_reply);
  g_test_add_func ("/bounceview/decoder/exim-auto-submitted-stays-bounce",
                   test_exim_auto_submitted);
  g_test_add_func ("/bounceview/decoder/line-endings", test_line_endings);
  g_test_add_func ("/bounceview/decoder/empty-file", test_empty_file);
  g_test_add_func ("/bounceview/decoder/leading-noise", test_leading_noise);
  g_test_add_func ("/bounceview/decoder/only-leading-noise", test_only_leading_noise);
  g_test_add_func ("/bounceview/decoder/binary-garbage", test_binary_garbage);
  g_test_add_func ("/bounceview/decoder/binary-body", test_binary_body);
  g_test_add_func ("/bounceview/decoder/no-header-block", test_no_header_block);
  g_test_add_func ("/bounceview/decoder/huge-header-line", test_huge_header_line);
  g_test_add_func ("/bounceview/decoder/many-recipients", test_many_recipients);
  g_test_add_func ("/bounceview/decoder/dsn-recipient-limit", test_dsn_recipient_limit);
  g_test_add_func ("/bounceview/decoder/dsn-part-cut", test_dsn_part_cut);
  g_test_add_func ("/bounceview/decoder/text-recipient-limit", test_text_recipient_limit);
  g_test_add_func ("/bounceview/decoder/text-cut", test_text_cut);
  g_test_add_func ("/bounceview/decoder/join-reply-lines", test_join_reply_lines);

  return g_test_run ();
}
