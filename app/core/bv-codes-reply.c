/* bv-codes-reply.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "bv-codes.h"

#include <glib/gi18n-lib.h>

/* The basic reply codes of RFC 5321 and of the SMTP extensions that define
 * their own replies. 523, 524 and 525 appear in no command description. The
 * IANA enhanced status code registry (RFC 5248) lists them as the basic codes
 * of X.7.10, X.7.11 and X.7.13, and some servers send them.
 */
#define REPLY(code_, severity_, title_, explanation_, remedy_, reference_) \
  { \
    .kind = BV_CODE_REPLY, \
    .code = code_, \
    .title = title_, \
    .explanation = explanation_, \
    .remedy = remedy_, \
    .reference = reference_, \
    .provider = NULL, \
    .severity = severity_, \
    .registered = TRUE, \
    .classes = 0, \
  }

static const BvCodeInfo reply_table[] = {
  REPLY ("211", BV_CODE_SUCCESS,
         N_("System status or help reply"),
         N_("The server answered a request for its status, usually a HELP command typed by "
            "hand. The text describes the server and carries no delivery result."),
         N_("Nothing. This reply only appears when a client asked for it. It never explains a "
            "bounce."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("214", BV_CODE_SUCCESS,
         N_("Help message"),
         N_("The server answered HELP with text meant for a person, such as a list of the "
            "commands it supports or a link to its documentation."),
         N_("Nothing. Read the text when you test a server by hand."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("220", BV_CODE_SUCCESS,
         N_("Service ready"),
         N_("The greeting a server sends when the connection opens, naming its host. After a "
            "STARTTLS command the same code means that the client may start the TLS "
            "handshake (RFC 3207)."),
         N_("Nothing. When a transcript ends right after the greeting, look at what the client "
            "sent next and at the reply that followed it."),
         N_("RFC 5321, section 4.2.3; RFC 3207")),
  REPLY ("221", BV_CODE_SUCCESS,
         N_("Closing connection"),
         N_("The server is closing the connection, normally in answer to QUIT. When 221 comes "
            "right after an error or in place of an answer to a command, the server chose to "
            "hang up on the client."),
         N_("Nothing after a QUIT. Otherwise the reply before the 221 holds the reason."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("235", BV_CODE_SUCCESS,
         N_("Authentication succeeded"),
         N_("The AUTH exchange finished and the server accepted the credentials. Mail sent in "
            "this session is submitted under that account."),
         N_("Nothing. If mail still fails after a 235, the account itself may be limited, for "
            "example by a sending quota."),
         N_("RFC 4954")),
  REPLY ("250", BV_CODE_SUCCESS,
         N_("Requested action completed"),
         N_("The command was carried out. A 250 after the final dot of DATA means that the "
            "receiving server has taken responsibility for the message, and the text often "
            "gives its queue ID. ETRN (RFC 1985) also answers 250 when it starts a queue run."),
         N_("Nothing. If the recipient reports that the message never arrived, give them the "
            "queue ID from this reply so that they can search their own logs, spam folder and "
            "quarantine."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("251", BV_CODE_SUCCESS,
         N_("User not local; will forward"),
         N_("The server accepted the recipient although the mailbox is elsewhere, and it will "
            "forward the message to the address it names. In answer to ETRN (RFC 1985) the "
            "code means that no messages are waiting for that domain."),
         N_("Nothing. Update the address book if the reply names the new address."),
         N_("RFC 5321, section 4.2.3; RFC 1985")),
  REPLY ("252", BV_CODE_SUCCESS,
         N_("Cannot verify user, will attempt delivery"),
         N_("The answer to VRFY from a server that does not confirm addresses, usually to stop "
            "address harvesting. It says nothing about whether the mailbox exists. In answer to "
            "ETRN (RFC 1985) it means that a run for pending messages has started."),
         N_("Nothing. Do not treat a 252 as proof that an address is valid. Only a real "
            "delivery attempt tells."),
         N_("RFC 5321, section 4.2.3; RFC 1985")),
  REPLY ("253", BV_CODE_SUCCESS,
         N_("ETRN: pending messages started"),
         N_("The answer to ETRN when the server starts delivering the messages it holds for the "
            "requested domain, with their number in the text."),
         N_("Nothing. The messages arrive on new connections from the server."),
         N_("RFC 1985")),
  REPLY ("334", BV_CODE_INTERMEDIATE,
         N_("Authentication challenge"),
         N_("During AUTH the server sends a base64 challenge and waits for the client's "
            "answer. Mechanisms such as LOGIN use several rounds of 334."),
         N_("Nothing, unless the session stops here. Then the client sent no answer or an "
            "answer the server could not decode. Check the account name, the password and the "
            "mechanism that the client uses."),
         N_("RFC 4954")),
  REPLY ("354", BV_CODE_INTERMEDIATE,
         N_("Start mail input"),
         N_("After DATA the server waits for the message itself, ended by a line that holds "
            "only a dot. The envelope was accepted at this point."),
         N_("Nothing. A failure after the 354 concerns the content, the size or the headers of "
            "the message, not its addresses."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("421", BV_CODE_TEMPORARY,
         N_("Service not available, closing connection"),
         N_("The server will not go on and closes the connection. It can send 421 as its "
            "greeting or in answer to any command: when it is overloaded or shutting down, when "
            "a client opened too many connections, or when it throttles a sender for its volume "
            "or reputation, as Gmail does with 421 4.7.28 and Yahoo with 421 4.7.0 [TSS04]."),
         N_("Let the queue retry. The sending server does so on its own. If 421 keeps coming "
            "back, lower the number of parallel connections and the sending rate towards that "
            "domain, and read the text for a rate limit or reputation code."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("432", BV_CODE_TEMPORARY,
         N_("Password transition needed"),
         N_("The account must log in once with the PLAIN mechanism, over an encrypted "
            "connection, so that the server can derive the credentials that the requested "
            "mechanism needs. The enhanced code is 4.7.12."),
         N_("Let the client authenticate once with PLAIN over TLS, then use the stronger "
            "mechanism again."),
         N_("RFC 4954")),
  REPLY ("450", BV_CODE_TEMPORARY,
         N_("Mailbox unavailable for now"),
         N_("The server did not act on the request because the mailbox cannot be used at the "
            "moment: it is busy or locked, or a policy holds the message back for now. "
            "Greylisting often answers 450 to the first attempt, and Postfix answers 450 when a "
            "DNS lookup about the sender or the recipient fails for a while."),
         N_("Let the queue retry. Greylisting lets the message in when the same server retries "
            "after a few minutes. If 450 lasts for days, the text names the policy. Ask the "
            "receiving postmaster about it."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("451", BV_CODE_TEMPORARY,
         N_("Local error in processing"),
         N_("The server stopped handling the request because of a problem on its side, such as "
            "a failed DNS lookup while checking SPF, a database or storage fault, or a content "
            "scanner that did not answer. Some servers also greylist with 451."),
         N_("Let the queue retry. If the same 451 comes back for more than a day, send the "
            "transcript to the receiving postmaster, because only they can fix it."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("452", BV_CODE_TEMPORARY,
         N_("Insufficient system storage"),
         N_("The server lacks room for the message at the moment. RFC 5321 also assigns 452 to "
            "a RCPT command beyond the number of recipients that the server takes in one "
            "transaction, and RFC 1870 to a declared SIZE larger than the space it has free."),
         N_("Let the queue retry. When the text says \"too many recipients\", the sending server "
            "should send the remaining recipients in a new transaction. Check its limit on "
            "recipients per message."),
         N_("RFC 5321, section 4.2.3; RFC 1870")),
  REPLY ("453", BV_CODE_TEMPORARY,
         N_("ATRN: no mail waiting"),
         N_("The answer to ATRN, the command of On-Demand Mail Relay, when the server holds no "
            "mail for the requesting client."),
         N_("Nothing. Ask again later."),
         N_("RFC 2645")),
  REPLY ("454", BV_CODE_TEMPORARY,
         N_("Temporary authentication or TLS failure"),
         N_("The server could not complete AUTH for a reason on its side, such as an "
            "unreachable account database (RFC 4954), or it cannot start TLS at the moment, "
            "for example because of a certificate problem (RFC 3207)."),
         N_("Retry later. If it persists, tell the server's administrator, and do not fall back "
            "to sending passwords without TLS."),
         N_("RFC 4954; RFC 3207")),
  REPLY ("455", BV_CODE_TEMPORARY,
         N_("Server unable to accommodate parameters"),
         N_("The server understood the parameters given with MAIL FROM or RCPT TO, such as "
            "SIZE or the DSN options, but cannot honour them at the moment."),
         N_("Let the queue retry. If the reply repeats, send the message without the parameter "
            "that the text names."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("458", BV_CODE_TEMPORARY,
         N_("ETRN: unable to queue messages"),
         N_("The server accepted the ETRN request but could not start delivering the messages "
            "it holds for that domain."),
         N_("Send ETRN again later."),
         N_("RFC 1985")),
  REPLY ("459", BV_CODE_TEMPORARY,
         N_("ETRN: node not allowed"),
         N_("The server will not run its queue for the requested domain, and the text gives the "
            "reason. Although the code is temporary, the cause is usually a setting that does "
            "not change by itself."),
         N_("Ask the provider that holds the mail whether your address is allowed to request a "
            "queue run for that domain."),
         N_("RFC 1985")),
  REPLY ("500", BV_CODE_PERMANENT,
         N_("Syntax error, command unrecognized"),
         N_("The server did not understand the command, or the command line was too long. "
            "RFC 4954 also uses 500 5.5.6 for an AUTH answer longer than the server accepts. A "
            "500 to ordinary commands often means that something other than an SMTP client is "
            "talking, or that a firewall rewrites the session."),
         N_("Check that the client speaks SMTP, and look for a proxy or firewall with an SMTP "
            "inspection feature between the two servers."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("501", BV_CODE_PERMANENT,
         N_("Syntax error in parameters or arguments"),
         N_("The server knows the command but not the form of its argument: an address in MAIL "
            "FROM or RCPT TO without angle brackets or with spaces, an invalid HELO name, or "
            "data in an AUTH exchange that is not valid base64."),
         N_("Correct the address or the argument in the sending application. An address must "
            "be written as <local-part@domain> with nothing around it."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("502", BV_CODE_PERMANENT,
         N_("Command not implemented"),
         N_("The server does not offer this command, often because the administrator turned "
            "it off, as is common for VRFY, EXPN and ETRN."),
         N_("Do not use the command with this server. Its EHLO reply lists the extensions it "
            "supports."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("503", BV_CODE_PERMANENT,
         N_("Bad sequence of commands"),
         N_("The command is valid but came at the wrong point: RCPT before MAIL, DATA without "
            "an accepted recipient, AUTH after a successful AUTH. Many servers also answer 503 "
            "when they want authentication before relaying."),
         N_("Look at the replies before this one. When every recipient was rejected, the DATA "
            "that follows gets 503, and the earlier RCPT replies carry the real reason."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("504", BV_CODE_PERMANENT,
         N_("Command parameter not implemented"),
         N_("The server knows the command but not the parameter given with it, for example an "
            "authentication mechanism it does not offer. Postfix also answers 504 5.5.2 to a "
            "HELO name that is not a fully qualified domain name."),
         N_("Use a mechanism from the server's EHLO reply, and configure the sending server to "
            "announce its fully qualified host name in HELO."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("521", BV_CODE_PERMANENT,
         N_("Host does not accept mail"),
         N_("The host sends 521 in place of a greeting because it never accepts mail, for "
            "instance a web server that keeps port 25 open only to refuse connections."),
         N_("Check the recipient domain's MX records. If they point to this host, the domain "
            "receives no mail at all and the address cannot work."),
         N_("RFC 7504")),
  REPLY ("523", BV_CODE_PERMANENT,
         N_("Encryption needed"),
         N_("The requested authentication mechanism may only be used on an encrypted "
            "connection. The IANA registry pairs this code with X.7.10."),
         N_("Issue STARTTLS before AUTH, or connect to the port with implicit TLS."),
         N_("RFC 5248 (IANA registry, basic code of X.7.10)")),
  REPLY ("524", BV_CODE_PERMANENT,
         N_("Encryption required for the mechanism"),
         N_("The chosen authentication mechanism needs an encrypted connection. The IANA "
            "registry lists 524 next to 538, the code of RFC 4954, as basic codes of "
            "X.7.11."),
         N_("Start TLS first, then authenticate again with the same mechanism."),
         N_("RFC 5248 (IANA registry, basic code of X.7.11)")),
  REPLY ("525", BV_CODE_PERMANENT,
         N_("User account disabled"),
         N_("The administrator has disabled the account, for example for abuse or unpaid "
            "service. In reply to a login (AUTH) the password was right, but the account "
            "may not send. In reply to a recipient (RCPT), the recipient's mailbox is the "
            "disabled account. The IANA registry pairs this code with X.7.13."),
         N_("For a login, entering the password again does not help: the account holder "
            "must ask the provider to enable the account. For a recipient, mail to the "
            "address fails until its provider enables it again. Stop sending to it if it "
            "stays disabled."),
         N_("RFC 5248 (IANA registry, basic code of X.7.13)")),
  REPLY ("530", BV_CODE_PERMANENT,
         N_("Authentication required"),
         N_("The server requires AUTH, or a STARTTLS command, before it accepts this command "
            "(RFC 3207 answers \"530 Must issue a STARTTLS command first\"). It is typical of "
            "submission servers and of relays that accept mail only from their own users."),
         N_("Configure the client to start TLS and to log in. Between servers, a 530 usually "
            "means that mail goes to a submission host instead of the domain's MX."),
         N_("RFC 4954; RFC 3207")),
  REPLY ("534", BV_CODE_PERMANENT,
         N_("Authentication mechanism too weak"),
         N_("The server's policy does not allow the chosen mechanism for this account. Some "
            "providers also use 534 when an account must use an application password or sign "
            "in through a web browser first."),
         N_("Choose a stronger mechanism, or follow the provider's instructions in the text, "
            "such as creating an application password."),
         N_("RFC 4954")),
  REPLY ("535", BV_CODE_PERMANENT,
         N_("Authentication credentials invalid"),
         N_("The server rejected the user name, the password or the token. It also answers 535 "
            "when the account exists but may not use SMTP authentication, which some hosted "
            "services turn off by default."),
         N_("Check the credentials. If they work in webmail, check whether the provider allows "
            "SMTP authentication for the account or requires an application password."),
         N_("RFC 4954")),
  REPLY ("538", BV_CODE_PERMANENT,
         N_("Encryption required for the requested mechanism"),
         N_("The chosen mechanism sends the password in a form that the server accepts only on "
            "an encrypted connection, typically PLAIN or LOGIN without TLS."),
         N_("Issue STARTTLS before AUTH, or use the port with implicit TLS."),
         N_("RFC 4954")),
  REPLY ("550", BV_CODE_PERMANENT,
         N_("Mailbox unavailable"),
         N_("The most common permanent rejection. The mailbox does not exist, access to it is "
            "denied, or a policy refused the command: spam filtering, a blocklist listing, "
            "relaying without authorization or a DMARC failure. The enhanced status code and "
            "the text tell these apart."),
         N_("Read the enhanced code. With 5.1.1 remove the address from your lists. With a 5.7 "
            "code fix the policy problem (authentication, reputation, relay settings) before "
            "sending again."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("551", BV_CODE_PERMANENT,
         N_("User not local; try another path"),
         N_("The server does not deliver for this address and names where the mail should go "
            "instead. Older servers also used 551 to refuse relaying."),
         N_("Send to the address that the reply names. If it speaks of relaying, send through "
            "your own provider's server instead."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("552", BV_CODE_PERMANENT,
         N_("Exceeded storage allocation"),
         N_("The mailbox is over its quota, or the message is larger than the server accepts "
            "(RFC 1870). RFC 821 wrongly listed 552 for too many recipients, and RFC 5321 "
            "asks clients to treat a 552 in that case as the temporary 452."),
         N_("For a full mailbox, reach the recipient another way. For a size limit, send a "
            "smaller message or a link to the file."),
         N_("RFC 5321, section 4.2.3; RFC 1870")),
  REPLY ("553", BV_CODE_PERMANENT,
         N_("Mailbox name not allowed"),
         N_("The server refused an address as written: bad syntax, a sender domain that does "
            "not exist, or an envelope sender that the account may not use. Some providers use "
            "553 for blocks as well, such as Yahoo's 553 5.7.1 [BL21]."),
         N_("Check the spelling of both addresses, and that the envelope sender belongs to the "
            "account or the system that sends."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("554", BV_CODE_PERMANENT,
         N_("Transaction failed"),
         N_("A general permanent failure. At connection time it means \"no SMTP service "
            "here\", and mail filters use it to refuse a client IP listed on a blocklist. After "
            "the end of DATA it means that the content was refused, for example as spam or "
            "malware."),
         N_("Note at which step the 554 came. At the greeting, check the sending IP on public "
            "blocklists and request removal. After DATA, look at the content and its links."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("555", BV_CODE_PERMANENT,
         N_("MAIL FROM/RCPT TO parameters not recognized"),
         N_("The client added a parameter to MAIL FROM or RCPT TO that the server does not "
            "know, such as SMTPUTF8 or SIZE= sent to a server that did not announce the "
            "extension."),
         N_("Send only the parameters of extensions that the server listed in its EHLO reply."),
         N_("RFC 5321, section 4.2.3")),
  REPLY ("556", BV_CODE_PERMANENT,
         N_("Domain does not accept mail"),
         N_("The recipient domain publishes a null MX (RFC 7505), which states that it receives "
            "no mail at all. The sending side's own server or a relay usually generates this "
            "reply after looking up the MX record."),
         N_("Remove the address: no mail can reach it. Contact the person through another "
            "channel if the domain is right."),
         N_("RFC 7504; RFC 7505")),
};

/**
 * bv_codes_reply_table:
 * @n_rows: (out): return location for the number of rows
 *
 * Returns the table of basic reply codes, sorted by code. Its strings are
 * untranslated.
 *
 * Returns: (transfer none) (array length=n_rows): the rows
 */
const BvCodeInfo *
bv_codes_reply_table (gsize *n_rows)
{
  g_return_val_if_fail (n_rows != NULL, NULL);

  *n_rows = G_N_ELEMENTS (reply_table);
  return reply_table;
}
