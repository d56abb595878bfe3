#!/usr/bin/python3
# gen-bounces.py
#
# Copyright 2026 The BounceView authors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Write N synthetic bounce reports as a Maildir or an mbox.

The reports follow the layouts of common MTAs: Postfix and
Sendmail DSNs (RFC 3464 multipart/report), Postfix delay notices, Exim
and qmail plain-text bounces, Gmail and Office 365 DSNs, and ARF
feedback reports (RFC 5965). Each has one to three recipients, a
reply code, an enhanced status code and a diagnostic drawn from a table
of common failures, a date within two years before 2026-01-01, and
the headers of the returned message. Domains, local parts and hosts are
made up from syllables: a million reports have 1.47 million recipient
events with about 20,000 domains and 1.39 million distinct addresses.
The same seed always gives the same files.

The text around the fields is this script's own wording, not the MTAs'
sentences, so a decoder that only matches an MTA's exact sentences finds
less here than in real mail; the headers, the DSN fields and the SMTP
reply lines have the real structure.

Usage: gen-bounces.py [--format maildir|mbox] [--seed N] COUNT OUTPUT
"""

import argparse
import os
import random
import sys
import time

# A fixed point, so that the same seed gives the same dates on any day.
END_OF_RANGE = 1767225600                  # 2026-01-01T00:00:00Z
RANGE_SECONDS = 2 * 365 * 24 * 3600

SYLLABLES = ("ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho "
             "ma mi mu me mo ya yu yo ra ri ru re ro wa ba be bo da de do ga gi go pa pi po "
             "al an ar el en er il in or un us on ex").split()
TLDS = ("com", "net", "org", "jp", "co.jp", "de", "fr", "co.uk", "io", "nl", "com.br", "it",
        "es", "ca", "com.au", "info", "biz", "ru", "pl", "se")
# Large providers take a good share of real bounces.
PROVIDERS = ("gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "yahoo.co.jp",
             "icloud.com", "aol.com", "gmx.de", "web.de", "orange.fr", "mail.ru", "qq.com",
             "docomo.ne.jp", "ezweb.ne.jp", "libero.it", "free.fr", "comcast.net", "zoho.com")

# (reply code, enhanced status code, diagnostic text) of common failures.
# Codes 4xx are transient, so only the delay notices use them; the other
# formats draw from the permanent 5xx failures.
FAILURES = (
    (550, "5.1.1", "<{rcpt}>: Recipient address rejected: User unknown in virtual mailbox table"),
    (550, "5.1.1", "The email account that you tried to reach does not exist"),
    (550, "5.1.1", "<{rcpt}>... User unknown"),
    (550, "5.1.10", "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"),
    (553, "5.1.3", "<{rcpt}>: Recipient address has invalid syntax"),
    (550, "5.1.2", "Host or domain name not found. Name service error for name={domain}"),
    (550, "5.2.1", "The email account that you tried to reach is disabled"),
    (552, "5.2.2", "<{rcpt}>: mailbox is full, quota exceeded"),
    (452, "4.2.2", "Mailbox over quota, try again later"),
    (552, "5.3.4", "Message size exceeds fixed maximum message size"),
    (554, "5.4.4", "Unable to route: no mail exchanger found for {domain}"),
    (421, "4.4.2", "Connection timed out while talking to {mx}"),
    (451, "4.7.1", "Greylisted, please try again in 300 seconds"),
    (450, "4.7.1", "<{rcpt}>: Recipient address rejected: temporarily deferred"),
    (554, "5.7.1", "Message rejected as spam by content filter"),
    (550, "5.7.1", "Service unavailable; client host [{ip}] blocked using zen.spamhaus.org"),
    (550, "5.7.26", "Unauthenticated email from {sender_domain} is not accepted due to the "
                    "domain's DMARC policy"),
    (550, "5.7.23", "Message rejected due to SPF failure for {sender_domain}"),
    (550, "5.7.606", "Access denied, banned sending IP [{ip}]"),
    (554, "5.7.1", "Relay access denied"),
    (550, "5.4.1", "Recipient address rejected: Access denied"),
    (554, "5.6.0", "Message contains invalid header"),
    (550, "5.0.0", "Mailbox unavailable"),
    (551, "5.1.6", "User has moved; please try <{rcpt}> elsewhere"),
    (554, "5.7.9", "Message not accepted for policy reasons"),
)

MTA_FORMATS = ("postfix", "postfix-delay", "sendmail", "exim", "qmail", "gmail", "office365",
               "arf")
MTA_WEIGHTS = (24, 6, 16, 14, 8, 12, 14, 6)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ZONES = (0, 0, 0, 540, -300, -420, 60, 120, 330, -180)     # minutes east of UTC


class Generator:
    """Makes reports from one seeded random source."""

    def __init__(self, seed):
        self.random = random.Random(seed)
        self.domains = [self.make_domain() for _ in range(20000)]
        self.senders = ["%s@%s" % (self.word(2), self.make_domain()) for _ in range(200)]
        self.serial = 0

    def word(self, parts):
        return "".join(self.random.choice(SYLLABLES) for _ in range(parts))

    def make_domain(self):
        return "%s%s.%s" % (self.word(self.random.randint(2, 3)),
                            self.random.choice(("", "", "-mail", "-net", "corp", "")),
                            self.random.choice(TLDS))

    def domain(self):
        if self.random.random() < 0.3:
            return self.random.choice(PROVIDERS)
        # A skewed choice: some domains bounce far more often than others.
        return self.domains[int(len(self.domains) * self.random.random() ** 2)]

    def address(self):
        local = self.word(self.random.randint(1, 3))
        if self.random.random() < 0.5:
            local += self.random.choice((".", "_", "")) + self.word(self.random.randint(1, 2))
        if self.random.random() < 0.3:
            local += str(self.random.randint(1, 9999))
        return "%s@%s" % (local, self.domain())

    def ip(self):
        return "%d.%d.%d.%d" % (self.random.choice((192, 198, 203, 185, 40, 209)),
                                self.random.randint(0, 255), self.random.randint(0, 255),
                                self.random.randint(1, 254))

    def date(self, timestamp, zone=None):
        """Format @timestamp as an RFC 5322 date in a random zone."""
        if zone is None:
            zone = self.random.choice(ZONES)
        t = time.gmtime(timestamp + zone * 60)
        sign = "+" if zone >= 0 else "-"
        return "%s, %d %s %d %02d:%02d:%02d %s%02d%02d" % (
            WEEKDAYS[t.tm_wday], t.tm_mday, MONTHS[t.tm_mon - 1], t.tm_year, t.tm_hour, t.tm_min,
            t.tm_sec, sign, abs(zone) // 60, abs(zone) % 60)

    def queue_id(self, length=10):
        return "".join(self.random.choice("0123456789ABCDEF") for _ in range(length))

    def failure(self, rcpt, mx, sender, want_transient=None):
        while True:
            code, status, text = self.random.choice(FAILURES)
            transient = status.startswith("4")
            if want_transient is None or transient == want_transient:
                break
        domain = rcpt.split("@", 1)[1]
        text = text.format(rcpt=rcpt, domain=domain, mx=mx, ip=self.ip(),
                           sender_domain=sender.split("@", 1)[1])
        return code, status, text

    def original(self, sender, recipients, timestamp):
        """Return the headers and a short body of the returned message."""
        self.serial += 1
        subject = self.random.choice(("Invoice", "Newsletter", "Meeting notes", "Your order",
                                      "Password reset", "Weekly report", "Re: question"))
        return ("Return-Path: <%s>\n"
                "Received: from [10.%d.%d.%d] by relay.%s with ESMTPSA id %s\n"
                "\tfor <%s>; %s\n"
                "Message-ID: <%s.%d@%s>\n"
                "Date: %s\n"
                "From: %s\n"
                "To: %s\n"
                "Subject: %s %d\n"
                "MIME-Version: 1.0\n"
                "Content-Type: text/plain; charset=utf-8\n"
                "\n"
                "Hello,\n\nthis is message %d of a synthetic benchmark mailbox.\n"
                "It stands for the text that a sender wrote.\n"
                % (sender, self.random.randint(0, 255), self.random.randint(0, 255),
                   self.random.randint(1, 254), sender.split("@", 1)[1], self.queue_id(),
                   recipients[0], self.date(timestamp - 60), self.queue_id(16), self.serial,
                   sender.split("@", 1)[1], self.date(timestamp - 62), sender,
                   ", ".join(recipients), subject, self.serial, self.serial))

    def report(self):
        """Return one report as text with LF line ends."""
        kind = self.random.choices(MTA_FORMATS, MTA_WEIGHTS)[0]
        timestamp = END_OF_RANGE - self.random.randint(0, RANGE_SECONDS)
        sender = self.random.choice(self.senders)
        recipients = [self.address() for _ in range(self.random.choice((1, 1, 1, 1, 1, 2, 2, 3)))]
        return getattr(self, "report_" + kind.replace("-", "_"))(sender, recipients, timestamp)

    def dsn(self, boundary, text, fields, returned, returned_type="message/rfc822"):
        """Return the three parts of a multipart/report (RFC 3462)."""
        return ("This is a MIME-encapsulated message.\n\n"
                "--%s\nContent-Description: Notification\nContent-Type: text/plain; charset=us-ascii\n\n"
                "%s\n"
                "--%s\nContent-Description: Delivery report\nContent-Type: message/delivery-status\n\n"
                "%s\n"
                "--%s\nContent-Description: Undelivered Message\nContent-Type: %s\n\n"
                "%s\n"
                "--%s--\n" % (boundary, text, boundary, fields, boundary, returned_type, returned,
                              boundary))

    def report_postfix(self, sender, recipients, timestamp, delayed=False):
        host = "mail.%s" % sender.split("@", 1)[1]
        queue = self.queue_id()
        boundary = "%s.%d/%s" % (queue, timestamp, host)
        notes = []
        groups = []
        for rcpt in recipients:
            mx = "mx%d.%s" % (self.random.randint(1, 3), rcpt.split("@", 1)[1])
            code, status, text = self.failure(rcpt, mx, sender, want_transient=delayed)
            notes.append("<%s>: host %s[%s] said: %d %s %s (in reply to RCPT TO command)"
                         % (rcpt, mx, self.ip(), code, status, text))
            group = ("Final-Recipient: rfc822; %s\nOriginal-Recipient: rfc822;%s\n"
                     "Action: %s\nStatus: %s\nRemote-MTA: dns; %s\n"
                     "Diagnostic-Code: smtp; %d %s %s\n"
                     % (rcpt, rcpt, "delayed" if delayed else "failed", status, mx, code, status,
                        text))
            if delayed:
                group += "Will-Retry-Until: %s\n" % self.date(timestamp + 4 * 86400, 0)
            groups.append(group)
        if delayed:
            subject = "Delayed Mail (still being retried)"
            intro = ("Mail system at host %s, reporting a delay.\n\n"
                     "Your message has not reached every recipient yet. The system keeps\n"
                     "trying for a few more days and writes again if it gives up.\n" % host)
        else:
            subject = "Undelivered Mail Returned to Sender"
            intro = ("Mail system at host %s, reporting a failure.\n\n"
                     "Your message could not be delivered to one or more recipients.\n"
                     "The returned message is attached below.\n" % host)
        fields = ("Reporting-MTA: dns; %s\nX-Postfix-Queue-ID: %s\nX-Postfix-Sender: rfc822; %s\n"
                  "Arrival-Date: %s\n\n%s"
                  % (host, queue, sender, self.date(timestamp - 60), "\n".join(groups)))
        return ("Return-Path: <>\n"
                "Received: by %s (Postfix)\n\tid %s; %s\n"
                "Date: %s\n"
                "From: MAILER-DAEMON@%s (Mail Delivery System)\n"
                "Subject: %s\n"
                "To: %s\n"
                "Auto-Submitted: auto-replied\n"
                "MIME-Version: 1.0\n"
                "Content-Type: multipart/report; report-type=delivery-status;\n"
                "\tboundary=\"%s\"\n"
                "Message-Id: <%d.%s@%s>\n\n"
                % (host, queue, self.date(timestamp, 0), self.date(timestamp, 0), host, subject,
                   sender, boundary, timestamp, queue, host)
                + self.dsn(boundary, intro + "\n" + "\n\n".join(notes) + "\n", fields,
                           self.original(sender, recipients, timestamp)))

    def report_postfix_delay(self, sender, recipients, timestamp):
        return self.report_postfix(sender, recipients, timestamp, delayed=True)

    def report_sendmail(self, sender, recipients, timestamp):
        host = "smtp.%s" % sender.split("@", 1)[1]
        queue = "%s%06d" % (self.queue_id(8).lower(), self.random.randint(0, 999999))
        boundary = "%s.%d/%s" % (queue, timestamp, host)
        transcript = []
        groups = []
        for rcpt in recipients:
            mx = "mx.%s" % rcpt.split("@", 1)[1]
            code, status, text = self.failure(rcpt, mx, sender, want_transient=False)
            transcript.append("... while talking to %s.:\n>>> RCPT To:<%s>\n<<< %d %s %s\n"
                              "%d %s <%s>... %s" % (mx, rcpt, code, status, text, code, status,
                                                     rcpt, text))
            groups.append("Final-Recipient: RFC822; %s\nAction: failed\nStatus: %s\n"
                          "Remote-MTA: DNS; %s\nDiagnostic-Code: SMTP; %d %s %s\n"
                          "Last-Attempt-Date: %s\n"
                          % (rcpt, status, mx, code, status, text, self.date(timestamp)))
        text = ("Your message, received at %s\nfrom localhost [127.0.0.1], bounced.\n\n"
                "   ----- Addresses that failed for good -----\n%s\n\n"
                "   ----- What the remote servers replied -----\n%s\n"
                % (self.date(timestamp - 30), "\n".join("<%s>" % r for r in recipients),
                   "\n".join(transcript)))
        fields = ("Reporting-MTA: dns; %s\nReceived-From-MTA: DNS; localhost\nArrival-Date: %s\n\n%s"
                  % (host, self.date(timestamp - 30), "\n".join(groups)))
        return ("Return-Path: <MAILER-DAEMON>\n"
                "Received: from localhost (localhost)\n\tby %s (8.15.2/8.15.2) id %s;\n\t%s\n"
                "Date: %s\n"
                "From: Mail Delivery Subsystem <MAILER-DAEMON@%s>\n"
                "Message-Id: <%d.%s@%s>\n"
                "To: <%s>\n"
                "MIME-Version: 1.0\n"
                "Content-Type: multipart/report; report-type=delivery-status;\n"
                "\tboundary=\"%s\"\n"
                "Subject: Returned mail: see transcript for details\n"
                "Auto-Submitted: auto-generated (failure)\n\n"
                % (host, queue, self.date(timestamp), self.date(timestamp), host, timestamp, queue,
                   host, sender, boundary)
                + self.dsn(boundary, text, fields, self.original(sender, recipients, timestamp),
                           "text/rfc822-headers" if self.random.random() < 0.4 else
                           "message/rfc822"))

    def report_exim(self, sender, recipients, timestamp):
        host = "mx%d.%s" % (self.random.randint(1, 9), sender.split("@", 1)[1])
        exim_id = "%s-%s-%s" % (self.queue_id(6), self.queue_id(6), self.queue_id(2))
        lines = []
        for rcpt in recipients:
            mx = "mx.%s" % rcpt.split("@", 1)[1]
            code, status, text = self.failure(rcpt, mx, sender, want_transient=False)
            lines.append("  %s\n    SMTP error from remote mail server after RCPT TO:<%s>:\n"
                         "    host %s [%s]: %d %s %s" % (rcpt, rcpt, mx, self.ip(), code, status,
                                                         text))
        return ("Return-path: <>\n"
                "Received: from mail by %s with local (Exim 4.96)\n\tid %s\n\tfor %s; %s\n"
                "X-Failed-Recipients: %s\n"
                "Auto-Submitted: auto-replied\n"
                "From: Mail Delivery System <Mailer-Daemon@%s>\n"
                "To: %s\n"
                "Subject: Mail delivery failed: returning message to sender\n"
                "Message-Id: <E%s@%s>\n"
                "Date: %s\n\n"
                "The mail delivery software of %s wrote this report itself.\n\n"
                "Your message did not reach some of its recipients, and will not be\n"
                "retried. These addresses failed:\n\n"
                "%s\n\n"
                "------ The returned message, with all its headers, follows. ------\n\n"
                "%s"
                % (host, exim_id, sender, self.date(timestamp), ",\n  ".join(recipients), host,
                   sender, exim_id, host, self.date(timestamp), host, "\n".join(lines),
                   self.original(sender, recipients, timestamp)))

    def report_qmail(self, sender, recipients, timestamp):
        host = "mail.%s" % sender.split("@", 1)[1]
        blocks = []
        for rcpt in recipients:
            mx = "mx.%s" % rcpt.split("@", 1)[1]
            code, status, text = self.failure(rcpt, mx, sender, want_transient=False)
            blocks.append("<%s>:\n%s does not like recipient.\nRemote host said: %d %s %s\n"
                          "Giving up on %s." % (rcpt, self.ip(), code, status, text, self.ip()))
        return ("Return-Path: <>\n"
                "Received: (qmail %d invoked for bounce); %s\n"
                "Date: %s\n"
                "From: MAILER-DAEMON@%s\n"
                "To: %s\n"
                "Subject: failure notice\n\n"
                "Report of the qmail-send program at %s.\n"
                "Delivery to the following addresses failed for good.\n\n"
                "%s\n\n"
                "--- The returned message follows this line.\n\n"
                "%s"
                % (self.random.randint(1000, 99999), self.date(timestamp, 0),
                   self.date(timestamp, 0), host, sender, host, "\n\n".join(blocks),
                   self.original(sender, recipients, timestamp)))

    def report_gmail(self, sender, recipients, timestamp):
        boundary = "000000000000%s" % self.queue_id(12).lower()
        groups = []
        notes = []
        for rcpt in recipients:
            mx = "mx.%s" % rcpt.split("@", 1)[1]
            code, status, text = self.failure(rcpt, mx, sender, want_transient=False)
            notes.append("Your message to %s was not delivered: the server answered\n"
                         "%d %s %s" % (rcpt, code, status, text))
            groups.append("Final-Recipient: rfc822; %s\nAction: failed\nStatus: %s\n"
                          "Remote-MTA: dns; %s. (%s, the server for the domain %s.)\n"
                          "Diagnostic-Code: smtp; %d-%s %s\nLast-Attempt-Date: %s\n"
                          % (rcpt, status, mx, self.ip(), rcpt.split("@", 1)[1], code, status,
                             text, self.date(timestamp, -480)))
        fields = ("Reporting-MTA: dns; googlemail.com\nReceived-From-MTA: dns; %s\n"
                  "Arrival-Date: %s\n\n%s"
                  % (sender, self.date(timestamp - 5, -480), "\n".join(groups)))
        return ("Return-Path: <>\n"
                "Received: by 2002:a17:90a:%x with SMTP id %s; %s\n"
                "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>\n"
                "To: %s\n"
                "Auto-Submitted: auto-replied\n"
                "Subject: Delivery Status Notification (Failure)\n"
                "References: <%s@mail.gmail.com>\n"
                "X-Failed-Recipients: %s\n"
                "Message-ID: <%s.%d.%s@mx.google.com>\n"
                "Date: %s\n"
                "MIME-Version: 1.0\n"
                "Content-Type: multipart/report; boundary=\"%s\"; report-type=delivery-status\n\n"
                % (self.random.randint(0, 65535), self.queue_id(12).lower(),
                   self.date(timestamp, -480), sender, self.queue_id(20), ", ".join(recipients),
                   self.queue_id(8), timestamp, self.queue_id(6), self.date(timestamp, -480),
                   boundary)
                + self.dsn(boundary, "\n\n".join(notes) + "\n", fields,
                           self.original(sender, recipients, timestamp)))

    def report_office365(self, sender, recipients, timestamp):
        tenant = sender.split("@", 1)[1].split(".")[0]
        host = "%s%02dmb%04d.namprd%02d.prod.outlook.com" % (
            self.random.choice(("BN", "CY", "DM", "SN", "MW")), self.random.randint(1, 20),
            self.random.randint(1, 9999), self.random.randint(1, 20))
        boundary = "_%s_" % self.queue_id(24)
        groups = []
        notes = []
        for rcpt in recipients:
            mx = "%s.mail.protection.outlook.com" % rcpt.split("@", 1)[1].replace(".", "-")
            code, status, text = self.failure(rcpt, mx, sender, want_transient=False)
            notes.append("Delivery has failed to this recipient:\n\n%s\n\n"
                         "Diagnostic information for administrators:\n"
                         "Remote Server returned '%d %s %s'" % (rcpt, code, status, text))
            groups.append("Final-recipient: RFC822; %s\nAction: failed\nStatus: %s\n"
                          "Diagnostic-code: smtp; %d %s %s\nRemote-MTA: dns; %s\n"
                          % (rcpt, status, code, status, text, mx))
        fields = ("Reporting-MTA: dns;%s\nReceived-From-MTA: dns;%s\nArrival-Date: %s\n\n%s"
                  % (host, host, self.date(timestamp - 2, 0), "\n".join(groups)))
        return ("Return-Path: <>\n"
                "Received: from %s ([::1]) by %s with mapi id 15.20.%d.%03d; %s\n"
                "From: Microsoft Outlook <postmaster@%s.onmicrosoft.com>\n"
                "To: <%s>\n"
                "Date: %s\n"
                "Content-Type: multipart/report; report-type=delivery-status;\n"
                "\tboundary=\"%s\"\n"
                "X-MS-Exchange-Message-Is-Ndr:\n"
                "Content-Language: en-US\n"
                "Message-ID: <%s@%s>\n"
                "Subject: Undeliverable: Weekly report\n"
                "Auto-Submitted: auto-replied\n"
                "MIME-Version: 1.0\n\n"
                % (host, host, self.random.randint(1000, 9999), self.random.randint(0, 999),
                   self.date(timestamp, 0), tenant, sender, self.date(timestamp, 0), boundary,
                   self.queue_id(32).lower(), host, )
                + self.dsn(boundary, "\n\n".join(notes) + "\n", fields,
                           self.original(sender, recipients, timestamp), "text/rfc822-headers"))

    def report_arf(self, sender, recipients, timestamp):
        reporter = self.random.choice(("fbl.mail.example.net", "feedback.isp.example.org",
                                       "abuse.provider.example.com"))
        boundary = "----=_ARF_%s" % self.queue_id(16)
        rcpt = recipients[0]
        feedback_type = self.random.choice(("abuse", "abuse", "abuse", "fraud", "opt-out",
                                            "virus", "other"))
        return ("Return-Path: <>\n"
                "Date: %s\n"
                "From: Feedback Loop <fbl@%s>\n"
                "To: abuse@%s\n"
                "Subject: Complaint about a message from %s\n"
                "Message-ID: <%s@%s>\n"
                "MIME-Version: 1.0\n"
                "Content-Type: multipart/report; report-type=feedback-report;\n"
                "\tboundary=\"%s\"\n\n"
                "--%s\nContent-Type: text/plain; charset=us-ascii\n\n"
                "A user of %s marked the attached message as unwanted.\n\n"
                "--%s\nContent-Type: message/feedback-report\n\n"
                "Feedback-Type: %s\nUser-Agent: SyntheticFBL/1.0\nVersion: 1\n"
                "Original-Mail-From: <%s>\nOriginal-Rcpt-To: <%s>\nArrival-Date: %s\n"
                "Source-IP: %s\nReported-Domain: %s\n\n"
                "--%s\nContent-Type: message/rfc822\n\n%s\n"
                "--%s--\n"
                % (self.date(timestamp), reporter, sender.split("@", 1)[1], sender,
                   self.queue_id(20), reporter, boundary, boundary, rcpt.split("@", 1)[1],
                   boundary, feedback_type, sender, rcpt, self.date(timestamp - 3600), self.ip(),
                   sender.split("@", 1)[1], boundary,
                   self.original(sender, [rcpt], timestamp - 3600), boundary))


def write_maildir(generator, count, output):
    """Write @count reports into a Maildir: nine in ten in cur/ as read, the rest in new/."""
    for subdir in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(output, subdir), exist_ok=True)
    for i in range(count):
        unread = i % 10 == 9
        name = "%d.M%dP%d.bench" % (END_OF_RANGE - RANGE_SECONDS + i, i, os.getpid())
        path = os.path.join(output, "new" if unread else "cur", name if unread else name + ":2,S")
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write(generator.report())


def write_mbox(generator, count, output):
    """Write @count reports into one mbox file, quoting body lines that start with "From "."""
    with open(output, "w", encoding="utf-8", newline="\n") as out:
        for _ in range(count):
            text = generator.report()
            if "\nFrom " in text:
                text = text.replace("\nFrom ", "\n>From ")
            out.write("From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n")
            out.write(text)
            out.write("\n")


def main():
    parser = argparse.ArgumentParser(description="Write synthetic bounce reports.")
    parser.add_argument("count", type=int, help="number of reports")
    parser.add_argument("output", help="the Maildir folder or the mbox file to create")
    parser.add_argument("--format", choices=("maildir", "mbox"), default="maildir",
                        help="a Maildir (one file a report, the default) or one mbox file")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args()

    generator = Generator(args.seed)
    if args.format == "maildir":
        write_maildir(generator, args.count, args.output)
    else:
        write_mbox(generator, args.count, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
