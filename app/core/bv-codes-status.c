/* bv-codes-status.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "bv-codes.h"

#include <glib/gi18n-lib.h>

/* The rows of the IANA "SMTP Enhanced Status Codes" registry, X.0.0 to
 * X.7.30, as registered by RFC 3463 and later documents. The registry gives
 * one meaning per code for every class. Where the class changes the meaning
 * for a postmaster, the code has one row per class, so "X.1.1" appears once
 * for class 4 and once for class 5. bv_codes_lookup_status() picks the row
 * whose classes contain the class of the looked-up code.
 */
#define C2 BV_CODE_CLASS_BIT (2)
#define C4 BV_CODE_CLASS_BIT (4)
#define C5 BV_CODE_CLASS_BIT (5)

#define SEVERITY_OF(classes_) \
  (((classes_) & C2) ? BV_CODE_SUCCESS : ((classes_) & C4) ? BV_CODE_TEMPORARY : BV_CODE_PERMANENT)

#define STATUS(code_, classes_, title_, explanation_, remedy_, reference_) \
  { \
    .kind = BV_CODE_STATUS, \
    .code = code_, \
    .title = title_, \
    .explanation = explanation_, \
    .remedy = remedy_, \
    .reference = reference_, \
    .provider = NULL, \
    .severity = SEVERITY_OF (classes_), \
    .registered = TRUE, \
    .classes = classes_, \
  }

static const BvCodeInfo status_table[] = {
  /* X.0: other or undefined */
  STATUS ("X.0.0", C2,
          N_("Other undefined status"),
          N_("The generic success code: the server accepted the command or the message and "
             "gave no more specific status, as in \"250 2.0.0 Ok: queued\"."),
          N_("Nothing."),
          N_("RFC 3463, section 3.1")),
  STATUS ("X.0.0", C4,
          N_("Other undefined status"),
          N_("The receiver reported a temporary failure without naming its subject. Only the "
             "text of the reply tells the cause. Greylisting, a busy server and rate limits are "
             "the usual ones."),
          N_("Let the queue retry and read the text. If the failure lasts more than a day, send "
             "the full reply to the receiving postmaster."),
          N_("RFC 3463, section 3.1")),
  STATUS ("X.0.0", C5,
          N_("Other undefined status"),
          N_("The receiver rejected the message for good without classifying the reason. Many "
             "servers send 5.0.0 for every rejection they do not map to a specific code, from "
             "unknown users to policy blocks."),
          N_("Read the text of the reply, which is the only description of the cause, and act "
             "on it before sending again."),
          N_("RFC 3463, section 3.1")),

  /* X.1: addressing */
  STATUS ("X.1.0", C2,
          N_("Other address status"),
          N_("The server accepted an address without further detail. Postfix, for example, "
             "answers \"250 2.1.0 Ok\" to MAIL FROM."),
          N_("Nothing."),
          N_("RFC 3463, section 3.2")),
  STATUS ("X.1.0", C4 | C5,
          N_("Other address status"),
          N_("Something about an address caused the failure, but the server did not say "
             "which detail. It may concern the sender or the recipient."),
          N_("Check the envelope sender and the recipient address for typos and for domains "
             "that do not resolve."),
          N_("RFC 3463, section 3.2")),
  STATUS ("X.1.1", C4,
          N_("Bad destination mailbox address"),
          N_("The server could not confirm the recipient mailbox for now. Postfix, for "
             "example, answers 450 4.1.1 while its address verification with the next server "
             "is pending or failed for a while."),
          N_("Let the queue retry. If the address is really unknown, a later attempt ends with "
             "5.1.1."),
          N_("RFC 3463, section 3.2")),
  STATUS ("X.1.1", C5,
          N_("Bad destination mailbox address"),
          N_("The mailbox does not exist at the destination: the part of the address before "
             "the @ is unknown there. The address is mistyped, or the account was closed."),
          N_("Check the address for typos. If it is right, the account is gone. Remove it from "
             "your lists, because repeated mail to unknown users harms the sender's "
             "reputation."),
          N_("RFC 3463, section 3.2")),
  STATUS ("X.1.2", C4,
          N_("Bad destination system address"),
          N_("The domain of the recipient address could not be resolved at the moment, "
             "typically because a DNS query timed out or a name server failed."),
          N_("Let the queue retry. If it lasts, check the domain's name servers with a DNS "
             "lookup tool."),
          N_("RFC 3463, section 3.2")),
  STATUS ("X.1.2", C5,
          N_("Bad destination system address"),
          N_("The domain of the recipient address does not exist or cannot take mail: the "
             "part after the @ is wrong for mail."),
          N_("Check the domain for typos such as gmial.com. If it is spelled right, the "
             "domain has expired or offers no mail service."),
          N_("RFC 3463, section 3.2")),
  STATUS ("X.1.3", C5,
          N_("Bad destination mailbox address syntax"),
          N_("The recipient address is not valid address syntax: it contains spaces, two @ "
             "signs or characters that SMTP does not allow."),
          N_("Correct the address at its source. The message can never go out as written."),
          N_("RFC 3463, section 3.2")),
  STATUS ("X.1.4", C4 | C5,
          N_("Destination mailbox address ambiguous"),
          N_("The address matched more than one mailbox at the destination, which happens when "
             "a server maps names loosely, for instance by surname."),
          N_("Use the person's full and exact address. Ask them for it if needed."),
          N_("RFC 3463, section 3.2")),
  STATUS ("X.1.5", C2,
          N_("Destination address valid"),
          N_("The recipient address was valid and accepted. Servers answer 2.1.5 to RCPT TO, "
             "and delivery reports give it for recipients that were delivered."),
          N_("Nothing."),
          N_("RFC 3463, section 3.2")),
  STATUS ("X.1.6", C5,
          N_("Destination mailbox has moved, No forwarding address"),
          N_("The address was valid once, but the mailbox was moved or closed and the server "
             "knows no address to forward to."),
          N_("Find the person's new address through another channel and remove the old one "
             "from your lists."),
          N_("RFC 3463, section 3.2")),
  STATUS ("X.1.7", C5,
          N_("Bad sender's mailbox address syntax"),
          N_("The envelope sender address (MAIL FROM) is not valid syntax. The From header of "
             "the message is not what failed here."),
          N_("Correct the envelope sender that the application or the mail server sets. It "
             "must be a complete address such as bounces@example.com."),
          N_("RFC 3463, section 3.2")),
  STATUS ("X.1.8", C4,
          N_("Bad sender's system address"),
          N_("The domain of the sender address could not be resolved at the moment, so the "
             "receiver could not check that bounces can be returned. Postfix answers "
             "\"450 4.1.8 Sender address rejected: Domain not found\" on a DNS timeout."),
          N_("Let the queue retry, and check that the name servers of the sending domain answer "
             "reliably."),
          N_("RFC 3463, section 3.2")),
  STATUS ("X.1.8", C5,
          N_("Bad sender's system address"),
          N_("The domain of the envelope sender does not exist or cannot receive mail, so no "
             "bounce could ever be returned, and the receiver refuses the message."),
          N_("Use an envelope sender in a domain that exists and has MX or address records. "
             "Look for typos in the sending configuration."),
          N_("RFC 3463, section 3.2")),
  STATUS ("X.1.9", C2,
          N_("Message relayed to non-compliant mailer"),
          N_("The address was valid, and the message was relayed to a system that does not "
             "support delivery tracking, so no further status will be reported."),
          N_("Nothing. The next system will not report the final delivery."),
          N_("RFC 3886")),
  STATUS ("X.1.10", C5,
          N_("Recipient address has null MX"),
          N_("The recipient domain publishes a null MX (RFC 7505) to state that it accepts no "
             "mail, so the address cannot receive anything. Microsoft 365 uses 5.1.10 for "
             "another condition, a recipient not found in its directory "
             "(RESOLVER.ADR.RecipientNotFound)."),
          N_("Remove the address. For the Microsoft meaning, check the address for typos. The "
             "mailbox does not exist in the recipient's organization."),
          N_("RFC 7505; RFC 7504")),

  /* X.2: mailbox */
  STATUS ("X.2.0", C4 | C5,
          N_("Other or undefined mailbox status"),
          N_("The mailbox exists, but its state caused the failure, and the server gave no "
             "finer detail."),
          N_("Read the text. If it says no more, tell the recipient through another channel "
             "that mail to them fails."),
          N_("RFC 3463, section 3.3")),
  STATUS ("X.2.1", C4,
          N_("Mailbox disabled, not accepting messages"),
          N_("The mailbox exists but does not take messages at the moment, for example while "
             "it is suspended, migrated or locked by an administrator. Gmail gives 4.2.1 when "
             "the recipient receives mail too quickly: a rate limit, not a disabled mailbox."),
          N_("Let the queue retry, and tell the recipient another way if it lasts."),
          N_("RFC 3463, section 3.3")),
  STATUS ("X.2.1", C5,
          N_("Mailbox disabled, not accepting messages"),
          N_("The mailbox exists but has been disabled. Providers report this for accounts "
             "that are suspended or unused for a long time."),
          N_("Remove the address from your lists unless the recipient confirms that the "
             "account works again."),
          N_("RFC 3463, section 3.3")),
  STATUS ("X.2.2", C4,
          N_("Mailbox full"),
          N_("The recipient's mailbox is over its quota. The recipient can make room by "
             "deleting mail, so RFC 3463 means this code as a temporary failure, and the "
             "sending server retries."),
          N_("Let the queue retry. A mailbox that stays full for days is often abandoned. Tell "
             "the recipient another way."),
          N_("RFC 3463, section 3.3")),
  STATUS ("X.2.2", C5,
          N_("Mailbox full"),
          N_("The recipient's mailbox is over its quota, and the receiver reports this as "
             "final, because the mailbox has been full for long or because its software treats "
             "every quota failure as permanent."),
          N_("Send again only after the recipient confirms that they made room. A mailbox full "
             "for months is usually abandoned and can leave your lists."),
          N_("RFC 3463, section 3.3")),
  STATUS ("X.2.3", C5,
          N_("Message length exceeds administrative limit"),
          N_("The message is larger than the limit set for this mailbox, which is lower than "
             "the server's general limit."),
          N_("Send a smaller message, for example with a link to a file instead of an "
             "attachment."),
          N_("RFC 3463, section 3.3")),
  STATUS ("X.2.4", C4 | C5,
          N_("Mailing list expansion problem"),
          N_("The address is a mailing list, and the list could not be expanded into its "
             "members."),
          N_("Tell the list owner. With a temporary code, let the queue retry."),
          N_("RFC 3463, section 3.3")),

  /* X.3: mail system */
  STATUS ("X.3.0", C2,
          N_("Other or undefined mail system status"),
          N_("The mail system reports success without a more specific status, in replies such "
             "as 250 or 221."),
          N_("Nothing."),
          N_("RFC 3463, section 3.4")),
  STATUS ("X.3.0", C4 | C5,
          N_("Other or undefined mail system status"),
          N_("The destination normally accepts mail, but something about the system caused "
             "this failure, and no detail was given."),
          N_("Read the text. With a temporary code let the queue retry. With a permanent one "
             "contact the receiving postmaster."),
          N_("RFC 3463, section 3.4")),
  STATUS ("X.3.1", C4,
          N_("Mail system full"),
          N_("The receiving mail system as a whole is out of storage. Unlike a full mailbox, "
             "the recipient cannot fix it by deleting mail."),
          N_("Let the queue retry. The receiver's administrator has to add space."),
          N_("RFC 3463, section 3.4")),
  STATUS ("X.3.2", C4 | C5,
          N_("System not accepting network messages"),
          N_("The receiving host does not take messages, because of maintenance, an imminent "
             "shutdown or heavy load. Together with 521 it means that the host never takes mail "
             "(RFC 7504)."),
          N_("With a temporary code let the queue retry. With a permanent one check that the "
             "recipient domain's MX records point to the right host."),
          N_("RFC 3463, section 3.4; RFC 7504")),
  STATUS ("X.3.3", C4 | C5,
          N_("System not capable of selected features"),
          N_("The message asks for a feature that the destination cannot provide, which "
             "happens at gateways between different mail systems."),
          N_("Send without the feature that the text names, such as a delivery option."),
          N_("RFC 3463, section 3.4")),
  STATUS ("X.3.4", C5,
          N_("Message too big for system"),
          N_("The message is larger than the receiving system accepts for any message, for "
             "technical or administrative reasons."),
          N_("Reduce the size or share large files by link. Attachments grow by about a third "
             "when encoded in base64, so the limit is reached sooner than the file sizes "
             "suggest."),
          N_("RFC 3463, section 3.4")),
  STATUS ("X.3.5", C4 | C5,
          N_("System incorrectly configured"),
          N_("The receiving system is configured in a way that prevents it from accepting this "
             "message, a fault on the receiver's side."),
          N_("Send the transcript to the receiving postmaster. No change by the sender fixes "
             "it."),
          N_("RFC 3463, section 3.4")),
  STATUS ("X.3.6", C2,
          N_("Requested priority was changed"),
          N_("The message was accepted, but not with the priority requested through "
             "MT-PRIORITY. The text gives the priority that applies instead."),
          N_("Nothing, unless the priority matters. Then ask which priorities the receiving "
             "server grants to you."),
          N_("RFC 6710")),

  /* X.4: network and routing */
  STATUS ("X.4.0", C4 | C5,
          N_("Other or undefined network or routing status"),
          N_("A network or routing problem stopped delivery, and the server could not tell "
             "which one."),
          N_("Let the queue retry. If delivery fails for good, check the recipient domain's "
             "DNS and whether its servers can be reached."),
          N_("RFC 3463, section 3.5")),
  STATUS ("X.4.1", C4,
          N_("No answer from host"),
          N_("The sending server got no answer from the destination: the connection was "
             "refused or timed out, because the host was busy, down or unreachable."),
          N_("Let the queue retry. If it lasts, test from the sending host whether the MX "
             "hosts answer on port 25. Your own network may block outgoing port 25."),
          N_("RFC 3463, section 3.5")),
  STATUS ("X.4.1", C5,
          N_("No answer from host"),
          N_("The destination did not answer for so long that the sending server gave up. "
             "Microsoft 365 also uses 5.4.1 for two unrelated rejections: \"Recipient address "
             "rejected: Access denied\" for unknown recipients, and \"Relay Access Denied\" for "
             "a domain it does not host."),
          N_("When the text says \"access denied\", treat the address as unknown or the domain "
             "as not hosted there. Otherwise check that the recipient domain's MX hosts are "
             "up."),
          N_("RFC 3463, section 3.5")),
  STATUS ("X.4.2", C4,
          N_("Bad connection"),
          N_("A connection was made, but the transaction did not complete because of a time-out "
             "or a poor connection."),
          N_("Let the queue retry. Repeated failures at the same step can point to an MTU "
             "problem or a firewall that cuts long transfers."),
          N_("RFC 3463, section 3.5")),
  STATUS ("X.4.3", C4,
          N_("Directory server failure"),
          N_("A directory server needed for routing was unavailable. In practice a DNS lookup "
             "failed or timed out."),
          N_("Let the queue retry, and check the resolver of the sending server and the name "
             "servers of the recipient domain."),
          N_("RFC 3463, section 3.5")),
  STATUS ("X.4.3", C5,
          N_("Directory server failure"),
          N_("A directory lookup failed for good, so the message could not be routed. Some "
             "servers report a broken DNS setup of the recipient domain this way."),
          N_("Check the recipient domain's DNS. If it is broken, only the domain owner can "
             "repair it."),
          N_("RFC 3463, section 3.5")),
  STATUS ("X.4.4", C4,
          N_("Unable to route"),
          N_("The sending server could not work out the next hop for now, because the routing "
             "information in DNS was unavailable."),
          N_("Let the queue retry, and check that the domain's name servers answer."),
          N_("RFC 3463, section 3.5")),
  STATUS ("X.4.4", C5,
          N_("Unable to route"),
          N_("No route to the domain exists: DNS has no usable MX or address record for it, for "
             "instance when a lookup returns only an SOA record. Postfix reports \"Host or "
             "domain name not found\" with this code."),
          N_("Check the domain for typos. If it is spelled right, the domain does not receive "
             "mail."),
          N_("RFC 3463, section 3.5")),
  STATUS ("X.4.5", C4,
          N_("Mail system congestion"),
          N_("The mail system was too congested to deliver the message now."),
          N_("Let the queue retry. Nothing else is needed unless it lasts for days."),
          N_("RFC 3463, section 3.5")),
  STATUS ("X.4.6", C4,
          N_("Routing loop detected"),
          N_("The message travelled in a loop, forwarded too many times by routing tables or "
             "forwarding rules, and a server held it for now."),
          N_("Look for forwarding rules that send mail back and forth between two mailboxes or "
             "servers."),
          N_("RFC 3463, section 3.5")),
  STATUS ("X.4.6", C5,
          N_("Routing loop detected"),
          N_("The message was forwarded in a loop and rejected for good. Postfix gives 5.4.6 for "
             "\"mail for domain loops back to myself\": an MX record points to the sending "
             "server itself, or the domain is missing from the server's local domains."),
          N_("Check the recipient domain's MX records and the local domains of the sending "
             "server, and look for forwarding rules that point at each other."),
          N_("RFC 3463, section 3.5")),
  STATUS ("X.4.7", C4,
          N_("Delivery time expired"),
          N_("The message is still in a queue after repeated temporary failures, and the "
             "sending server keeps trying. Some servers, Exchange among them, also put this "
             "code in the final bounce when the queue lifetime ran out."),
          N_("The last temporary error from the recipient's server is the real cause. Look for "
             "it in the report. If this is the final bounce, the message was not delivered."),
          N_("RFC 3463, section 3.5")),
  STATUS ("X.4.7", C5,
          N_("Delivery time expired"),
          N_("The message waited in a queue longer than allowed, or its time to live ran out, "
             "and it was returned. No receiver accepted it."),
          N_("Find the error that kept the message queued, in the report or in the sending "
             "server's log, fix it and send again."),
          N_("RFC 3463, section 3.5")),

  /* X.5: mail delivery protocol */
  STATUS ("X.5.0", C2,
          N_("Other or undefined protocol status"),
          N_("A protocol step succeeded without a more specific status, for example in answers "
             "to VRFY or ETRN."),
          N_("Nothing."),
          N_("RFC 3463, section 3.6")),
  STATUS ("X.5.0", C4 | C5,
          N_("Other or undefined protocol status"),
          N_("Something went wrong in the SMTP exchange with the next server, and no other "
             "code describes it."),
          N_("Read the text and the SMTP transcript to find the command that failed."),
          N_("RFC 3463, section 3.6")),
  STATUS ("X.5.1", C5,
          N_("Invalid command"),
          N_("A command came out of order or is not supported, such as DATA before a recipient "
             "was accepted, or a command that the server turned off."),
          N_("Look at the earlier replies of the session. A rejected RCPT often causes this "
             "error on DATA."),
          N_("RFC 3463, section 3.6")),
  STATUS ("X.5.2", C5,
          N_("Syntax error"),
          N_("The server could not parse a command, because its syntax was wrong, the command "
             "is unknown or the line was too long."),
          N_("Check the client software or any proxy that rewrites the SMTP session."),
          N_("RFC 3463, section 3.6")),
  STATUS ("X.5.3", C4,
          N_("Too many recipients"),
          N_("The transaction named more recipients than the server takes at once. The "
             "sending server should deliver the rest in another transaction, and most do so "
             "by themselves."),
          N_("Usually nothing. If recipients stay undelivered, lower the number of recipients "
             "per transaction in the sending server."),
          N_("RFC 3463, section 3.6")),
  STATUS ("X.5.3", C5,
          N_("Too many recipients"),
          N_("The message has more recipients than the server allows in one message, and it "
             "was refused for good."),
          N_("Split the recipients into smaller groups, or use a mailing list service."),
          N_("RFC 3463, section 3.6")),
  STATUS ("X.5.4", C5,
          N_("Invalid command arguments"),
          N_("The command was valid, but an argument was out of range or named a feature that "
             "the server does not support, such as an unknown ESMTP parameter."),
          N_("Send only parameters that the server announced in its EHLO reply, within the "
             "limits it announced."),
          N_("RFC 3463, section 3.6")),
  STATUS ("X.5.5", C5,
          N_("Wrong protocol version"),
          N_("Client and server disagree on a protocol version and could not settle it."),
          N_("Update the sending software, or deliver through a relay that speaks the "
             "receiver's version."),
          N_("RFC 3463, section 3.6")),
  STATUS ("X.5.6", C4 | C5,
          N_("Authentication Exchange line is too long"),
          N_("During AUTH the client sent a base64 line longer than the buffer that the server "
             "has for the chosen mechanism."),
          N_("Use a mechanism with shorter exchanges, or look for a client bug that sends "
             "oversized tokens."),
          N_("RFC 4954")),

  /* X.6: message content or media */
  STATUS ("X.6.0", C4 | C5,
          N_("Other or undefined media error"),
          N_("Something in the content made the message undeliverable, and no more specific "
             "code applies. Content filters use it for refused attachments."),
          N_("Read the text for the rule that matched, and check the attachments and the "
             "format of the message."),
          N_("RFC 3463, section 3.7")),
  STATUS ("X.6.1", C5,
          N_("Media not supported"),
          N_("The message uses a media type or format that the delivery protocol or the next "
             "system cannot carry."),
          N_("Send the content in a common format, or ask the recipient which formats they "
             "accept."),
          N_("RFC 3463, section 3.7")),
  STATUS ("X.6.2", C5,
          N_("Conversion required and prohibited"),
          N_("The content needed conversion before delivery, but the sender's request or a "
             "policy of the server forbids converting it."),
          N_("Send the content in a form that needs no conversion, such as a 7-bit safe "
             "encoding."),
          N_("RFC 3463, section 3.7")),
  STATUS ("X.6.3", C5,
          N_("Conversion required but not supported"),
          N_("The content had to be converted to travel on, and a server on the path could not "
             "do it. Typically a gateway received 8-bit data and cannot downgrade it to 7 bits "
             "for the next hop."),
          N_("Send with quoted-printable or base64 transfer encoding so that no downgrade is "
             "needed."),
          N_("RFC 3463, section 3.7")),
  STATUS ("X.6.4", C2,
          N_("Conversion with loss performed"),
          N_("The message was delivered, but a conversion on the way lost part of the content, "
             "such as characters or formatting."),
          N_("Check with the recipient that the content arrived readable, and send a simpler "
             "format if not."),
          N_("RFC 3463, section 3.7")),
  STATUS ("X.6.4", C5,
          N_("Conversion with loss performed"),
          N_("Delivery needed a conversion that loses data, and the sender had asked that no "
             "lossy conversion be done, so the message was refused."),
          N_("Send the content in a form that the destination takes without conversion."),
          N_("RFC 3463, section 3.7")),
  STATUS ("X.6.5", C4 | C5,
          N_("Conversion Failed"),
          N_("A conversion of the content was needed and attempted, and it failed."),
          N_("Simplify the message, with plain text and standard encodings, and send it "
             "again."),
          N_("RFC 3463, section 3.7")),
  STATUS ("X.6.6", C4 | C5,
          N_("Message content not available"),
          N_("The server could not fetch the message content from another system, as in BURL "
             "submission where the content stays on an IMAP server."),
          N_("Check that the URL given to BURL is valid and that the submission server may "
             "fetch it."),
          N_("RFC 4468")),
  STATUS ("X.6.7", C5,
          N_("Non-ASCII addresses not permitted for that sender/recipient"),
          N_("An address contains non-ASCII characters, and this server does not accept such "
             "addresses for the sender or the recipient (SMTPUTF8)."),
          N_("Use an ASCII address, or send through servers that support SMTPUTF8 all the "
             "way."),
          N_("RFC 6531")),
  STATUS ("X.6.8", C5,
          N_("UTF-8 string reply is required, but not permitted by the SMTP client"),
          N_("The server would have to answer with a UTF-8 mailbox name, but the client did "
             "not announce SMTPUTF8, so the server may not send it."),
          N_("Enable SMTPUTF8 in the sending software, or use the recipient's ASCII address."),
          N_("RFC 6531")),
  STATUS ("X.6.9", C5,
          N_("UTF-8 header message cannot be transferred to one or more recipients"),
          N_("The message has UTF-8 headers, and the server of at least one recipient cannot "
             "take them, so the whole message was rejected after DATA."),
          N_("Send that recipient a version with ASCII-only headers, or route through servers "
             "that support SMTPUTF8."),
          N_("RFC 6531")),
  STATUS ("X.6.10", C5,
          N_("Deprecated duplicate of X.6.8"),
          N_("A registration of RFC 6531 that repeats X.6.8 and is deprecated: a UTF-8 reply "
             "was needed, but the client did not allow one."),
          N_("Treat it as X.6.8: enable SMTPUTF8 or use an ASCII address."),
          N_("RFC 6531")),

  /* X.7: security or policy */
  STATUS ("X.7.0", C2,
          N_("Other or undefined security status"),
          N_("A security step succeeded without a more specific status, as in \"235 2.7.0 "
             "Authentication successful\"."),
          N_("Nothing."),
          N_("RFC 3463, section 3.8")),
  STATUS ("X.7.0", C4,
          N_("Other or undefined security status"),
          N_("A security or policy check deferred the message without naming itself. Large "
             "providers defer with 4.7.0 for throttling and reputation, as Yahoo does with "
             "[TSS04], and some for temporary authentication trouble."),
          N_("Let the queue retry and read the text for a provider code. If deferrals go on, "
             "lower the volume and look at complaint rates and authentication."),
          N_("RFC 3463, section 3.8")),
  STATUS ("X.7.0", C5,
          N_("Other or undefined security status"),
          N_("A security or policy rule rejected the message without a more precise code, "
             "perhaps because the server keeps its policy secret. Servers also answer "
             "530 5.7.0 when they want authentication or STARTTLS first."),
          N_("Read the text and any link in it. Check SPF, DKIM and DMARC, the reputation of "
             "the sending IP, and whether the server expected a login."),
          N_("RFC 3463, section 3.8")),
  STATUS ("X.7.1", C4,
          N_("Delivery not authorized, message refused"),
          N_("A policy rule deferred the message, for example greylisting, a temporary block of "
             "the sending IP, or a check that needs more time."),
          N_("Let the queue retry. If the message never passes, read the text for the rule and "
             "contact the receiving postmaster."),
          N_("RFC 3463, section 3.8")),
  STATUS ("X.7.1", C5,
          N_("Delivery not authorized, message refused"),
          N_("The sender may not send to this destination: a filter at the receiver refused the "
             "message. Causes include spam filtering, a blocklisted IP, relaying without "
             "permission, an SPF failure and recipient rules such as groups closed to outside "
             "senders."),
          N_("Read the text for the rule. For \"relay denied\", authenticate or use the right "
             "outgoing server. For spam or reputation blocks, check blocklists and your "
             "authentication, then contact the receiver."),
          N_("RFC 3463, section 3.8")),
  STATUS ("X.7.2", C5,
          N_("Mailing list expansion prohibited"),
          N_("The sender may not post to this mailing list. Many lists take mail only from "
             "their members."),
          N_("Ask the list owner for permission, or subscribe with the sending address."),
          N_("RFC 3463, section 3.8")),
  STATUS ("X.7.3", C5,
          N_("Security conversion required but not possible"),
          N_("Delivery needed a conversion from one secure messaging format to another, which "
             "was not possible."),
          N_("Send in a secure format that the recipient's system supports."),
          N_("RFC 3463, section 3.8")),
  STATUS ("X.7.4", C5,
          N_("Security features not supported"),
          N_("The message or the session used a security feature that the delivery protocol "
             "cannot support."),
          N_("Send without that feature, or over a path that supports it."),
          N_("RFC 3463, section 3.8")),
  STATUS ("X.7.5", C4 | C5,
          N_("Cryptographic failure"),
          N_("A system allowed to decrypt or verify the message could not, because a key was "
             "missing or invalid. Microsoft 365 gives 4.7.5 and 5.7.5 when the destination's "
             "TLS certificate fails MTA-STS validation."),
          N_("Check the keys or certificates involved. For MTA-STS errors the receiving domain "
             "has to fix its certificate or its policy."),
          N_("RFC 3463, section 3.8")),
  STATUS ("X.7.6", C5,
          N_("Cryptographic algorithm not supported"),
          N_("A system allowed to decrypt or verify the message does not support the algorithm "
             "it uses."),
          N_("Use an algorithm that the recipient supports."),
          N_("RFC 3463, section 3.8")),
  STATUS ("X.7.7", C4 | C5,
          N_("Message integrity failure"),
          N_("A system that checks the integrity of messages found this one changed or "
             "corrupted on the way."),
          N_("Find the hop that modifies messages, such as a gateway that adds footers, and "
             "send again without it."),
          N_("RFC 3463, section 3.8")),
  STATUS ("X.7.8", C5,
          N_("Authentication credentials invalid"),
          N_("AUTH failed because the credentials are wrong or not sufficient."),
          N_("Check the user name and the password or token. The client should ask for them "
             "again."),
          N_("RFC 4954")),
  STATUS ("X.7.9", C5,
          N_("Authentication mechanism is too weak"),
          N_("The chosen authentication mechanism is weaker than the server's policy allows "
             "for this user."),
          N_("Configure a stronger mechanism, or authenticate only after STARTTLS."),
          N_("RFC 4954")),
  STATUS ("X.7.10", C5,
          N_("Encryption Needed"),
          N_("The requested authentication mechanism needs an external privacy layer such as "
             "TLS, mostly because it sends the password in clear text."),
          N_("Start TLS before authenticating, or choose a stronger mechanism."),
          N_("RFC 5248")),
  STATUS ("X.7.11", C5,
          N_("Encryption required for requested authentication mechanism"),
          N_("The chosen mechanism is allowed only on an encrypted connection. RFC 4954 keeps "
             "the code for history, because servers should not offer such mechanisms before "
             "TLS."),
          N_("Issue STARTTLS first, and update a client that offers clear-text mechanisms on "
             "unencrypted connections."),
          N_("RFC 4954")),
  STATUS ("X.7.12", C4,
          N_("A password transition is needed"),
          N_("The user must move to the selected mechanism, normally by logging in once with "
             "PLAIN so that the server can store the credentials it needs."),
          N_("Log in once with PLAIN over TLS, then use the selected mechanism."),
          N_("RFC 4954")),
  STATUS ("X.7.13", C5,
          N_("User Account Disabled"),
          N_("The login succeeded, but an administrator disabled the account, for instance for "
             "abuse, a break-in attempt or non-payment. Microsoft 365 uses 5.7.13 for another "
             "case, a public folder that refuses outside senders."),
          N_("Typing the password again does not help. Ask the provider to enable the "
             "account."),
          N_("RFC 5248")),
  STATUS ("X.7.14", C5,
          N_("Trust relationship required"),
          N_("The submission server needs a configured trust relationship with another server "
             "to fetch the message content, and there is none. It replaces X.7.8 for this case "
             "in BURL."),
          N_("Configure the trust between the submission server and the server that holds the "
             "content."),
          N_("RFC 5248")),
  STATUS ("X.7.15", C4 | C5,
          N_("Priority Level is too low"),
          N_("The message's MT-PRIORITY is below the lowest priority that the server accepts "
             "now, for instance while it takes only urgent mail under load."),
          N_("Send again later, or with a higher priority if the sender may use one."),
          N_("RFC 6710")),
  STATUS ("X.7.16", C4 | C5,
          N_("Message is too big for the specified priority"),
          N_("The message is too large for the priority it was sent with. The server takes "
             "large messages only at other priorities or at other times."),
          N_("Send a smaller message, or change its priority."),
          N_("RFC 6710")),
  STATUS ("X.7.17", C5,
          N_("Mailbox owner has changed"),
          N_("The sender asked with RRVS that the mailbox still belong to the person who had it "
             "on a given date, and the receiver knows that the owner changed since."),
          N_("Do not resend: the address now belongs to someone else. Update your records."),
          N_("RFC 7293")),
  STATUS ("X.7.18", C5,
          N_("Domain owner has changed"),
          N_("With RRVS the receiver discloses that the recipient's domain has a new owner "
             "since the date given by the sender."),
          N_("Confirm the recipient's address through another channel before sending "
             "again."),
          N_("RFC 7293")),
  STATUS ("X.7.19", C5,
          N_("RRVS test cannot be completed"),
          N_("The sender used RRVS, but the receiver did not record when the mailbox was "
             "created, so it cannot tell whether the owner changed."),
          N_("Decide whether to send again without the RRVS requirement."),
          N_("RFC 7293")),
  STATUS ("X.7.20", C5,
          N_("No passing DKIM signature found"),
          N_("The message carried no DKIM signature that verified, and the receiver requires "
             "one."),
          N_("Sign outgoing mail with DKIM, and check that the public key in DNS matches the "
             "signing key."),
          N_("RFC 7372; RFC 6376")),
  STATUS ("X.7.21", C5,
          N_("No acceptable DKIM signature found"),
          N_("The message had DKIM signatures that verified, but none from a domain that the "
             "receiver accepts, for example only the default signature of an email service "
             "provider."),
          N_("Sign with a key in your own domain, not only in the provider's default "
             "domain."),
          N_("RFC 7372; RFC 6376")),
  STATUS ("X.7.22", C5,
          N_("No valid author-matched DKIM signature found"),
          N_("DKIM signatures verified, but none came from the domain in the From header, which "
             "the receiver requires."),
          N_("Configure DKIM signing with a d= domain equal to the From domain or its "
             "organizational domain."),
          N_("RFC 7372; RFC 6376")),
  STATUS ("X.7.23", C5,
          N_("SPF validation failed"),
          N_("The SPF check returned \"fail\": the envelope sender's domain does not authorize "
             "the sending IP, and the receiver's policy rejects such mail. Gmail uses 4.7.23 "
             "for a different problem, a missing or mismatched reverse DNS record."),
          N_("Add the sending IP, or the include of your email provider, to the SPF record of "
             "the envelope sender's domain."),
          N_("RFC 7372; RFC 7208")),
  STATUS ("X.7.24", C4,
          N_("SPF validation error"),
          N_("Evaluating SPF produced a temporary error, usually a DNS timeout while fetching "
             "the record or one of its includes."),
          N_("Let the queue retry, and check that the domain's name servers answer quickly."),
          N_("RFC 7372; RFC 7208")),
  STATUS ("X.7.24", C5,
          N_("SPF validation error"),
          N_("Evaluating SPF produced a permanent error because the record is broken: a syntax "
             "error, two SPF records for one name, or more than 10 DNS lookups."),
          N_("Validate the SPF record and repair it. Replace nested includes with addresses if "
             "the lookup limit is exceeded."),
          N_("RFC 7372; RFC 7208")),
  STATUS ("X.7.25", C5,
          N_("Reverse DNS validation failed"),
          N_("The sending IP failed a reverse DNS check: it has no PTR record, or the name in "
             "its PTR record does not resolve back to the same IP."),
          N_("Ask the owner of the IP range, your hosting provider or ISP, to set a PTR record "
             "whose name resolves back to the IP."),
          N_("RFC 7372; RFC 7601")),
  STATUS ("X.7.26", C5,
          N_("Multiple authentication checks failed"),
          N_("The message failed more than one authentication check, such as SPF and DKIM "
             "together, and the receiver's policy rejects it without saying which. Gmail gives "
             "5.7.26 for unauthenticated mail and for DMARC rejections."),
          N_("Check SPF, DKIM and DMARC for the envelope domain and the From domain. Every "
             "message should pass at least one check aligned with the From domain."),
          N_("RFC 7372")),
  STATUS ("X.7.27", C5,
          N_("Sender address has null MX"),
          N_("The envelope sender's domain publishes a null MX, so it cannot receive bounces, "
             "and the receiver refuses mail from it. Gmail uses 4.7.27 and 5.7.27 for "
             "something else, an SPF check that did not pass."),
          N_("Use an envelope sender in a domain that accepts mail. For the Gmail meaning, fix "
             "the SPF record of the envelope sender's domain."),
          N_("RFC 7505")),
  STATUS ("X.7.28", C4 | C5,
          N_("Mail flood detected"),
          N_("The message looks like part of a flood of similar abusive messages, so the "
             "receiver throttles or refuses it. Gmail gives 4.7.28 and 5.7.28 when it sees an "
             "unusual rate of unsolicited mail from an IP address or a domain."),
          N_("Lower the sending rate, stop any campaign that draws complaints, and look for a "
             "compromised account that sends spam."),
          N_("IANA registry (draft-levine-mailbomb-header)")),
  STATUS ("X.7.29", C5,
          N_("ARC validation failure"),
          N_("The message failed ARC validation: the chain of seals that forwarders add was "
             "broken or invalid. Gmail uses 4.7.29 differently, for mail that did not arrive "
             "over TLS."),
          N_("If you forward mail, check your ARC sealing. Otherwise contact the receiver, "
             "since intermediaries add ARC, not the original sender."),
          N_("RFC 8617")),
  STATUS ("X.7.30", C5,
          N_("REQUIRETLS support required"),
          N_("The message was sent with REQUIRETLS, and the next hop could not guarantee TLS, "
             "so the message came back rather than travel unprotected. Gmail uses 4.7.30 and "
             "5.7.30 differently, for a DKIM check that did not pass."),
          N_("Deliver through servers that support REQUIRETLS, or send without the "
             "requirement if the content allows it. For the Gmail meaning, fix DKIM signing."),
          N_("RFC 8689")),
};

/**
 * bv_codes_status_table:
 * @n_rows: (out): return location for the number of rows
 *
 * Returns the rows of the enhanced status code registry. Codes are written
 * "X.1.1", and a code that reads differently per class has one row per
 * class. See #BvCodeInfo.classes. The strings are untranslated.
 *
 * Returns: (transfer none) (array length=n_rows): the rows
 */
const BvCodeInfo *
bv_codes_status_table (gsize *n_rows)
{
  g_return_val_if_fail (n_rows != NULL, NULL);

  *n_rows = G_N_ELEMENTS (status_table);
  return status_table;
}
