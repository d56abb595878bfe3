/* bv-codes-provider.c
 *
 * Copyright 2026 The BounceView authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "bv-codes.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* Codes and phrases that one provider uses in its SMTP replies, with the
 * rules that find them in a diagnostic text.
 *
 * Each row has up to MAX_RULES alternative rules. The row matches when any
 * rule matches. A rule is one or more terms joined by '&', and all terms must
 * match. A term that starts with '=' is a token, which must stand alone
 * rather than be part of a longer word or code, so "=5.7.26" does not match
 * "5.7.260" and "=TSS04" matches "[TSS04]". In a token, '#' stands for a run of digits and
 * "{606-649}" for a number in that range. A token also matches when it equals
 * the whole status code given to bv_codes_find_provider(). Any other term is a
 * phrase, found as a substring. All comparisons ignore ASCII case.
 *
 * Phrases are compared against the diagnostic with its white space collapsed
 * and the reply code prefixes of continuation lines ("550-5.7.1 ") removed,
 * because receivers wrap long replies in the middle of a sentence.
 *
 * Several providers use registered status codes with their own meaning
 * (Gmail's 4.7.27 means an SPF failure, the registry's X.7.27 a null MX).
 * Rows for such codes need a second term, such as "gsmtp", which Gmail adds
 * to every reply.
 */
#define MAX_RULES 6

typedef struct
{
  BvCodeInfo info;
  const char *rules[MAX_RULES];
} ProviderRow;

#define PROVIDER(provider_, code_, severity_, title_, explanation_, remedy_, reference_, ...) \
  { \
    .info = { \
      .kind = BV_CODE_PROVIDER, \
      .code = code_, \
      .title = title_, \
      .explanation = explanation_, \
      .remedy = remedy_, \
      .reference = reference_, \
      .provider = provider_, \
      .severity = severity_, \
      .registered = FALSE, \
      .classes = 0, \
    }, \
    .rules = { __VA_ARGS__ }, \
  }

#define GMAIL_REF N_("Google Workspace Admin Help, \"Gmail SMTP errors and codes\"")
#define MICROSOFT_REF \
  N_("Microsoft Learn, \"Email non-delivery reports and SMTP errors in Exchange Online\"")
#define OUTLOOK_REF N_("Outlook.com postmaster and sender support pages")
#define YAHOO_REF N_("Yahoo Sender Hub, \"SMTP error codes\"")
#define APPLE_REF N_("Apple Support, \"Postmaster information for iCloud Mail\" (HT204137)")
#define COMCAST_REF N_("Xfinity (Comcast) postmaster, \"Mail delivery error codes\"")
#define MIMECAST_REF N_("Mimecast Community, \"Mimecast SMTP Error Codes\"")

static const ProviderRow provider_rows[] = {
  /* Gmail */
  PROVIDER ("Gmail", "5.7.26", BV_CODE_PERMANENT,
            N_("Unauthenticated sender"),
            N_("Gmail refused the message because it was not authenticated: neither SPF nor DKIM "
               "passed for the sending domain, or DMARC failed for a From domain whose policy is "
               "reject. Since 2024 Gmail requires SPF or DKIM from every sender, and DMARC from "
               "senders of more than 5,000 messages a day."),
            N_("Publish SPF and sign with DKIM for every domain you send from, publish a DMARC "
               "record, and check the Authentication-Results header of a test message to a "
               "Gmail address."),
            GMAIL_REF,
            "=5.7.26&gsmtp", "gmail requires all senders to authenticate"),
  PROVIDER ("Gmail", "4.7.26", BV_CODE_TEMPORARY,
            N_("Unauthenticated mail rate limited"),
            N_("Gmail deferred the message because it did not pass SPF or DKIM, and it limits "
               "how much such mail it takes for now. Mail that keeps failing is later rejected "
               "with 5.7.26."),
            N_("Fix SPF and DKIM before the deferrals turn into rejections. The queue retries "
               "in the meantime."),
            GMAIL_REF,
            "=4.7.26&gsmtp"),
  PROVIDER ("Gmail", "5.7.1", BV_CODE_PERMANENT,
            N_("Likely unsolicited mail"),
            N_("Gmail's spam filter judged the message to be spam and refused it. The decision "
               "rests on the content, its links and the reputation of the sending IP and "
               "domains."),
            N_("Check the domain's reputation and spam rate in Google Postmaster Tools, remove "
               "links to domains with a poor reputation, and send only to people who asked for "
               "the mail."),
            GMAIL_REF,
            "likely unsolicited mail"),
  PROVIDER ("Gmail", "4.7.28", BV_CODE_TEMPORARY,
            N_("Unusual rate of unsolicited mail, rate limited"),
            N_("Gmail saw an unusual rate of unsolicited mail from the sending IP, or from the "
               "SPF, DKIM or link domain that the text names, and limits how much it accepts "
               "for now. Older replies say the same with 421 4.7.0."),
            N_("Slow down sending to Gmail, pause campaigns that draw complaints, and check the "
               "spam rate of the named domain in Google Postmaster Tools."),
            GMAIL_REF,
            "=4.7.28&gsmtp", "unusual rate of unsolicited mail&temporarily"),
  PROVIDER ("Gmail", "5.7.28", BV_CODE_PERMANENT,
            N_("Unusual rate of unsolicited mail, blocked"),
            N_("Gmail refused the message because of a sustained, unusual rate of unsolicited "
               "mail from the sending IP or domain. It is the harder form of 4.7.28."),
            N_("Stop the mail that draws complaints, clean the lists, and send again slowly "
               "once the spam rate in Postmaster Tools has fallen."),
            GMAIL_REF,
            "=5.7.28&gsmtp"),
  PROVIDER ("Gmail", "5.7.1", BV_CODE_PERMANENT,
            N_("IPv6 sending guidelines not met"),
            N_("Gmail refused mail that arrived over IPv6 because the sending address has no "
               "PTR record that resolves back to it, or the message passed neither SPF nor DKIM. "
               "Gmail checks IPv6 senders more strictly than IPv4 senders."),
            N_("Give the IPv6 address a PTR record whose name resolves back to it and "
               "authenticate the mail, or send to Gmail over IPv4 (in Postfix, "
               "smtp_address_preference = ipv4)."),
            GMAIL_REF,
            "ipv6 sending guidelines"),
  PROVIDER ("Gmail", "5.7.1", BV_CODE_PERMANENT,
            N_("IP not authorized to send directly"),
            N_("Gmail does not take mail directly from this IP, typically one in a dynamic or "
               "residential range, and expects it to come through a provider's outgoing "
               "server."),
            N_("Send through your ISP's or provider's SMTP relay, or run the mail server on an "
               "IP meant for servers, with a proper PTR record."),
            GMAIL_REF,
            "not authorized to send email directly to our servers"),
  PROVIDER ("Gmail", "5.1.1", BV_CODE_PERMANENT,
            N_("Account does not exist"),
            N_("Gmail has no account with this address. Gmail gives this reply only for unknown "
               "addresses, not for policy reasons."),
            N_("Check the address for typos. If it is right, remove it from your lists."),
            GMAIL_REF,
            "account that you tried to reach does not exist"),
  PROVIDER ("Gmail", "5.2.1", BV_CODE_PERMANENT,
            N_("Account disabled"),
            N_("The Gmail account exists but has been disabled, by Google or by its owner, and "
               "receives no mail."),
            N_("Remove the address from your lists. Disabled accounts rarely come back."),
            GMAIL_REF,
            "account that you tried to reach is disabled"),
  PROVIDER ("Gmail", "4.2.2", BV_CODE_TEMPORARY,
            N_("Recipient out of storage"),
            N_("The Gmail recipient has used up their storage, which Gmail, Drive and Photos "
               "share, so Gmail defers the message until space is freed."),
            N_("Let the queue retry, and tell the recipient another way that they need to free "
               "storage."),
            GMAIL_REF,
            "=4.2.2&gsmtp"),
  PROVIDER ("Gmail", "5.2.2", BV_CODE_PERMANENT,
            N_("Recipient over quota"),
            N_("Gmail refused the message because the recipient's storage is full, and Gmail "
               "no longer waits for it to clear."),
            N_("Reach the recipient another way. Send again only after they free storage."),
            GMAIL_REF,
            "=5.2.2&gsmtp", "=5.2.2&account that you tried to reach is over quota"),
  PROVIDER ("Gmail", "4.2.1", BV_CODE_TEMPORARY,
            N_("Recipient receiving mail too quickly"),
            N_("The Gmail recipient is getting more mail than Gmail lets one account receive in a "
               "short time, so further messages wait. Automated mail to one address often "
               "causes it."),
            N_("Let the queue retry, and reduce the number of messages that your systems send "
               "to this one address."),
            GMAIL_REF,
            "receiving mail too quickly", "receiving mail at a rate that prevents"),
  PROVIDER ("Gmail", "4.7.23", BV_CODE_TEMPORARY,
            N_("Missing reverse DNS, deferred"),
            N_("Gmail deferred the message because the sending IP has no PTR record, or the "
               "PTR name does not resolve back to the IP. The registry meaning of X.7.23, an SPF "
               "failure, does not apply to Gmail's 4.7.23."),
            N_("Have the owner of the IP set a PTR record whose name has an A or AAAA record "
               "pointing back to the same IP."),
            GMAIL_REF,
            "=4.7.23&gsmtp"),
  PROVIDER ("Gmail", "5.7.25", BV_CODE_PERMANENT,
            N_("Missing reverse DNS, rejected"),
            N_("Gmail refused the message because the sending IP lacks a PTR record whose name "
               "resolves back to the same IP."),
            N_("Ask your hosting provider or ISP for a PTR record that matches the server's host "
               "name, and an A or AAAA record for that name."),
            GMAIL_REF,
            "=5.7.25&gsmtp", "does not have a ptr record"),
  PROVIDER ("Gmail", "4.7.27", BV_CODE_TEMPORARY,
            N_("SPF did not pass, deferred"),
            N_("Gmail deferred the message because SPF did not pass for the envelope sender's "
               "domain. Gmail uses the code for SPF. The registry meaning of X.7.27 is a sender "
               "domain with a null MX."),
            N_("Authorize the sending IP or service in the SPF record of the envelope sender's "
               "domain before the deferrals become rejections."),
            GMAIL_REF,
            "=4.7.27&gsmtp"),
  PROVIDER ("Gmail", "5.7.27", BV_CODE_PERMANENT,
            N_("SPF did not pass"),
            N_("Gmail refused the message because SPF did not pass for the envelope sender's "
               "domain, unlike the registry's null MX meaning of X.7.27."),
            N_("Find the envelope sender (Return-Path) domain of the rejected message and add the "
               "sending IP or the service's include to its SPF record."),
            GMAIL_REF,
            "=5.7.27&gsmtp"),
  PROVIDER ("Gmail", "4.7.29", BV_CODE_TEMPORARY,
            N_("Not sent over TLS"),
            N_("Gmail deferred the message because it arrived over an unencrypted connection, "
               "which Gmail no longer accepts from bulk senders. The registry meaning of X.7.29 "
               "is an ARC failure."),
            N_("Enable STARTTLS for outgoing mail on the sending server (in Postfix, "
               "smtp_tls_security_level = may)."),
            GMAIL_REF,
            "=4.7.29&gsmtp"),
  PROVIDER ("Gmail", "4.7.30", BV_CODE_TEMPORARY,
            N_("DKIM did not pass, deferred"),
            N_("Gmail deferred the message because it had no DKIM signature that verified. "
               "Gmail uses the code for DKIM. The registry meaning of X.7.30 concerns "
               "REQUIRETLS."),
            N_("Enable DKIM signing with your own domain and check that the selector's public "
               "key is published in DNS."),
            GMAIL_REF,
            "=4.7.30&gsmtp"),
  PROVIDER ("Gmail", "5.7.30", BV_CODE_PERMANENT,
            N_("DKIM did not pass"),
            N_("Gmail refused the message because no DKIM signature on it verified."),
            N_("Check that the sending platform signs with your domain, that the DNS key record "
               "matches the signing key, and that nothing on the way alters the signed "
               "headers or body."),
            GMAIL_REF,
            "=5.7.30&gsmtp"),
  PROVIDER ("Gmail", "4.7.32", BV_CODE_TEMPORARY,
            N_("From domain not aligned, deferred"),
            N_("Gmail deferred the message because the domain in the From header matches neither "
               "the SPF domain nor the DKIM domain that passed, so DMARC alignment failed."),
            N_("Sign with DKIM in the From domain, or use an envelope sender in the same "
               "organizational domain as the From address."),
            GMAIL_REF,
            "=4.7.32&gsmtp"),
  PROVIDER ("Gmail", "5.7.32", BV_CODE_PERMANENT,
            N_("From domain not aligned"),
            N_("Gmail refused the message because neither authenticated domain, SPF's or DKIM's, "
               "belongs to the organizational domain of the From address."),
            N_("Align DKIM or SPF with the From domain. With an email service provider, set up "
               "its custom domain authentication."),
            GMAIL_REF,
            "=5.7.32&gsmtp"),
  PROVIDER ("Gmail", "4.7.0", BV_CODE_TEMPORARY,
            N_("TLS required for the recipient domain"),
            N_("The recipient's Google Workspace domain requires TLS for incoming mail, and the "
               "connection was not encrypted, so Gmail closed it."),
            N_("Enable STARTTLS on the sending server and check that the TLS handshake with "
               "Google succeeds."),
            GMAIL_REF,
            "tls required for rcpt domain"),

  /* Microsoft: Exchange Online, Microsoft 365, Outlook.com */
  PROVIDER ("Microsoft", "5.7.606-649", BV_CODE_PERMANENT,
            N_("Banned sending IP"),
            N_("Microsoft put the sending IP on its blocked senders list after spam, phishing or "
               "other abuse from it, and refuses its mail to Microsoft 365 and Outlook.com."),
            N_("Stop the abuse first (a compromised account, an open relay, a bad list), then "
               "request removal on the delist portal at sender.office.com. Removal takes effect "
               "within about a day."),
            MICROSOFT_REF,
            "=5.7.{606-649}", "banned sending ip"),
  PROVIDER ("Microsoft", "5.7.511", BV_CODE_PERMANENT,
            N_("Banned sender, review required"),
            N_("Microsoft banned the sending IP and wants to investigate. The self-service delist "
               "portal cannot remove this listing."),
            N_("Send the full bounce, with the code and the IP address, to delist@microsoft.com "
               "and explain what you changed."),
            MICROSOFT_REF,
            "=5.7.511"),
  PROVIDER ("Microsoft", "5.7.501-503", BV_CODE_PERMANENT,
            N_("Sending account banned for spam"),
            N_("Microsoft banned a Microsoft 365 sending account because it sent spam, usually "
               "after the account was compromised."),
            N_("Secure the account: reset its password, end its sessions, remove unknown inbox "
               "rules and forwarding. Then ask Microsoft support to restore sending."),
            MICROSOFT_REF,
            "=5.7.{501-503}", "spam abuse detected"),
  PROVIDER ("Microsoft", "5.7.705", BV_CODE_PERMANENT,
            N_("Tenant has exceeded threshold"),
            N_("Microsoft blocked outgoing mail for the whole Microsoft 365 organization because "
               "too much of it was spam or bulk mail, most often sent through a compromised "
               "server or admin account. Renewing a subscription after it expired can cause the "
               "same block until the service catches up."),
            N_("Find and remove the source of the spam, including connectors that nobody in the "
               "organization created, then contact Microsoft support to lift the block."),
            MICROSOFT_REF,
            "=5.7.705", "tenant has exceeded threshold"),
  PROVIDER ("Microsoft", "5.7.708", BV_CODE_PERMANENT,
            N_("Traffic not accepted from this IP"),
            N_("Microsoft refused outgoing mail of a Microsoft 365 organization that goes out "
               "through its low-reputation IP pool, used mainly for new and trial tenants."),
            N_("Buy licenses or give the tenant time to build reputation, or ask Microsoft "
               "support for an exception."),
            MICROSOFT_REF,
            "=5.7.708", "traffic not accepted from this ip"),
  PROVIDER ("Microsoft", "5.7.750", BV_CODE_PERMANENT,
            N_("Blocked for sending from unregistered domains"),
            N_("Microsoft 365 blocked the organization because a suspicious number of messages "
               "came from domains that are not added and verified in the tenant."),
            N_("Add and verify every sending domain as an accepted domain, and remove connectors "
               "that attackers may have created."),
            MICROSOFT_REF,
            "=5.7.750", "sending from unregistered domain"),
  PROVIDER ("Microsoft", "5.7.509", BV_CODE_PERMANENT,
            N_("DMARC reject"),
            N_("Microsoft refused the message because the domain in the From header failed DMARC "
               "and publishes the policy p=reject."),
            N_("Make SPF or DKIM pass and align with the From domain on this sending path. With a "
               "third-party sender, set up DKIM for your domain on its platform."),
            MICROSOFT_REF,
            "=5.7.509", "does not pass dmarc verification"),
  PROVIDER ("Microsoft", "5.7.515", BV_CODE_PERMANENT,
            N_("Required authentication level not met"),
            N_("Outlook.com, Hotmail and Live.com refused mail from a domain that sends them 5,000 "
               "or more messages a day without meeting their rules for large senders: SPF and "
               "DKIM must pass, and a DMARC record aligned with the From domain must exist. "
               "Microsoft has enforced this since May 2025."),
            N_("Publish a DMARC record (at least p=none), make both SPF and DKIM pass, and align "
               "at least one of them with the From domain."),
            OUTLOOK_REF,
            "=5.7.515", "does not meet the required authentication level"),
  PROVIDER ("Microsoft", "5.7.57", BV_CODE_PERMANENT,
            N_("Client not authenticated to send anonymous mail"),
            N_("An application or device tried to send through smtp.office365.com without logging "
               "in first."),
            N_("Configure the device to log in with a licensed mailbox on port 587 with "
               "STARTTLS, or use a connector or direct send for devices that cannot log in."),
            MICROSOFT_REF,
            "=5.7.57", "not authenticated to send anonymous mail"),
  PROVIDER ("Microsoft", "5.7.64", BV_CODE_PERMANENT,
            N_("TenantAttribution; Relay Access Denied"),
            N_("Microsoft 365 could not tie mail from an on-premises server to the organization, "
               "because the inbound connector's IP or certificate settings no longer fit that "
               "server."),
            N_("Check the inbound connector: its IP addresses or certificate name must match what "
               "the on-premises server presents."),
            MICROSOFT_REF,
            "tenantattribution"),
  PROVIDER ("Microsoft", "5.4.1", BV_CODE_PERMANENT,
            N_("Recipient address rejected: Access denied"),
            N_("The recipient domain is hosted in Microsoft 365 with directory-based edge "
               "blocking, and the address is not in its directory, so the message was refused "
               "before delivery."),
            N_("Check the address for typos. It does not exist in the recipient organization. If "
               "it should, the recipient's administrator must add it or repair directory "
               "synchronization."),
            MICROSOFT_REF,
            "=5.4.1&recipient address rejected: access denied",
            "=5.7.504&recipient address rejected"),
  PROVIDER ("Microsoft", "5.4.1", BV_CODE_PERMANENT,
            N_("Relay Access Denied"),
            N_("The Microsoft 365 server that received the message does not accept mail for the "
               "recipient's domain, usually because the domain's MX record still points to "
               "Microsoft after the domain was removed from its tenant, or was never added."),
            N_("Tell the recipient domain's owner: they must correct the MX record or add the "
               "domain to their tenant."),
            MICROSOFT_REF,
            "=5.4.1&relay access denied"),
  PROVIDER ("Microsoft", "5.1.10", BV_CODE_PERMANENT,
            N_("Recipient not found"),
            N_("Exchange Online looked up the recipient's address in the organization's "
               "directory and did not find it. This use of 5.1.10 differs from the registry's "
               "null MX meaning."),
            N_("Check the address for typos, and remove it from your lists if it is right."),
            MICROSOFT_REF,
            "recipientnotfound", "=5.1.10&recipient not found"),
  PROVIDER ("Microsoft", "5.4.14", BV_CODE_PERMANENT,
            N_("Hop count exceeded, possible mail loop"),
            N_("The message passed through too many servers, counted from its Received headers, "
               "and Exchange stopped it as a probable loop. On-premises Exchange reports the same "
               "condition as 5.4.6."),
            N_("Look for forwarding rules or connectors that pass mail between two systems and "
               "back, for example between on-premises Exchange and Microsoft 365."),
            MICROSOFT_REF,
            "=5.4.14", "hop count exceeded"),
  PROVIDER ("Microsoft", "4.4.7", BV_CODE_TEMPORARY,
            N_("QUEUE.Expired; message expired"),
            N_("Exchange kept the message in its queue until it expired, because the next server "
               "kept answering with temporary errors or did not answer. The final bounce still "
               "carries the temporary 4.4.7, but delivery has stopped."),
            N_("Find the last error from the recipient's server in the report. That is the "
               "problem to fix before sending again."),
            MICROSOFT_REF,
            "queue.expired"),
  PROVIDER ("Microsoft", "5.4.300", BV_CODE_PERMANENT,
            N_("Message expired"),
            N_("Exchange Online stopped trying to deliver the message after too long, because "
               "the destination never accepted it, or because the bounce for it could not be "
               "delivered either."),
            N_("Check that the recipient's servers accept mail, and send again."),
            MICROSOFT_REF,
            "=5.4.300"),
  PROVIDER ("Microsoft", "4.4.8", BV_CODE_TEMPORARY,
            N_("MX hosts failed MTA-STS validation, deferred"),
            N_("Exchange Online holds the message because the recipient domain's MX host is not "
               "one that the domain's MTA-STS policy lists."),
            N_("Tell the recipient domain's owner to add the MX host to the MTA-STS policy. The "
               "queue retries meanwhile."),
            MICROSOFT_REF,
            "=4.4.8&mta-sts"),
  PROVIDER ("Microsoft", "5.4.8", BV_CODE_PERMANENT,
            N_("MX hosts failed MTA-STS validation"),
            N_("Exchange Online gave up because the recipient domain's MX host does not match its "
               "MTA-STS policy, which forbids delivery to unlisted hosts."),
            N_("The recipient domain's owner must correct the MTA-STS policy or the MX record."),
            MICROSOFT_REF,
            "=5.4.8&mta-sts"),
  PROVIDER ("Microsoft", "4.7.500-699", BV_CODE_TEMPORARY,
            N_("Access denied, please try again later (throttling)"),
            N_("Exchange Online Protection saw a sudden volume of mail or suspicious activity from "
               "the sending IP and restricts it for now while it evaluates the traffic. The AS "
               "code in the reply names the rule."),
            N_("Let the queue retry. A sender with regular high volume to one Microsoft 365 "
               "organization can ask it to set up an inbound connector for the sending "
               "servers."),
            MICROSOFT_REF,
            "=4.7.{500-699}"),
  PROVIDER ("Microsoft", "4.7.850-899", BV_CODE_TEMPORARY,
            N_("Access denied, please try again later (IP under review)"),
            N_("Exchange Online Protection saw suspicious activity from the sending IP and "
               "restricts it for now while it reviews it."),
            N_("Let the queue retry, and check the IP for spam sent by compromised accounts or "
               "scripts."),
            MICROSOFT_REF,
            "=4.7.{850-899}"),
  PROVIDER ("Microsoft", "S3150", BV_CODE_PERMANENT,
            N_("Network on the Outlook.com block list"),
            N_("Outlook.com, Hotmail and Live.com refuse mail from the sending IP because it, or "
               "its network range, is on Microsoft's internal block list, which public blocklist "
               "checks do not show. Microsoft does not document how S3140 and S3150 differ."),
            N_("Register the IP range with Microsoft's Smart Network Data Services (SNDS), then "
               "request mitigation through the Outlook.com sender support form and say what you "
               "changed."),
            OUTLOOK_REF,
            "=S3150", "=S3140", "part of their network is on our block list"),
  PROVIDER ("Microsoft", "AS(nnnn)", BV_CODE_PERMANENT,
            N_("Exchange Online Protection rule ID"),
            N_("Exchange Online Protection adds \"AS\" and a number to its replies to identify the "
               "anti-spam rule that acted. Microsoft does not publish what each number means. "
               "Most replies that carry it are permanent rejections, but in a 4xx reply, such as "
               "451 4.7.500, it marks a temporary throttle instead."),
            N_("Take the meaning from the enhanced status code of the same reply, and quote the AS "
               "number when you contact Microsoft or the recipient's administrator."),
            MICROSOFT_REF,
            "=AS(#)"),
  PROVIDER ("Microsoft", "4.7.26", BV_CODE_TEMPORARY,
            N_("IPv6 mail must pass SPF or DKIM"),
            N_("Microsoft 365 takes mail over IPv6 only when it passes SPF or DKIM, and this "
               "message was not signed and did not pass SPF."),
            N_("Sign with DKIM or authorize the IPv6 address in SPF, or send to Microsoft 365 over "
               "IPv4."),
            MICROSOFT_REF,
            "sent over ipv6&spf or dkim"),
  PROVIDER ("Microsoft", "5.7.25", BV_CODE_PERMANENT,
            N_("IPv6 sender without reverse DNS"),
            N_("Microsoft 365 refused mail over IPv6 because the sending IPv6 address has no "
               "reverse DNS record."),
            N_("Set a PTR record for the IPv6 address, or send over IPv4."),
            MICROSOFT_REF,
            "sending ipv6 address&reverse dns"),
  PROVIDER ("Microsoft", "5.7.512", BV_CODE_PERMANENT,
            N_("Message must be RFC 5322 section 3.6.2 compliant"),
            N_("Microsoft 365 refused the message because its From header holds no valid address, "
               "which RFC 5322 section 3.6.2 requires."),
            N_("Make the application write a From header with a complete address, such as "
               "\"Name <user@example.com>\"."),
            MICROSOFT_REF,
            "rfc 5322 section 3.6.2"),
  PROVIDER ("Microsoft", "5.7.513", BV_CODE_PERMANENT,
            N_("Blocked by the recipient's Customer Block List"),
            N_("The recipient organization added the sending IP to its own block list in "
               "Microsoft 365. Microsoft's lists are not involved."),
            N_("Only the recipient's administrator can remove the entry. Reach them another "
               "way."),
            MICROSOFT_REF,
            "customer block list"),
  PROVIDER ("Microsoft", "5.1.8", BV_CODE_PERMANENT,
            N_("Bad outbound sender"),
            N_("Microsoft stopped a Microsoft 365 account from sending because it sent too much "
               "spam. The account has most likely been compromised."),
            N_("Secure the account, then have an administrator release it from the restricted "
               "users in the Microsoft Defender portal."),
            MICROSOFT_REF,
            "bad outbound sender"),
  PROVIDER ("Microsoft", "5.2.2", BV_CODE_PERMANENT,
            N_("Submission quota exceeded"),
            N_("The sending Microsoft 365 account went over its limit of recipients or messages "
               "per day, which often points to a compromised account."),
            N_("Check the account for compromise, and wait for the limit to reset after 24 "
               "hours."),
            MICROSOFT_REF,
            "submission quota"),
  PROVIDER ("Microsoft", "5.1.90", BV_CODE_PERMANENT,
            N_("Daily recipient limit reached"),
            N_("The sending Microsoft 365 account reached its daily limit of message recipients."),
            N_("Wait for the limit to reset. If the account did not send that much on purpose, "
               "check it for compromise."),
            MICROSOFT_REF,
            "=5.1.90", "daily limit for message recipients"),
  PROVIDER ("Microsoft", "5.2.121-122", BV_CODE_PERMANENT,
            N_("Recipient's hourly receive limit exceeded"),
            N_("The Microsoft 365 recipient got more messages this hour than allowed, from this "
               "sender (5.2.121) or from all senders together (5.2.122), and further ones are "
               "refused."),
            N_("Slow down automated mail to this recipient and send again later."),
            MICROSOFT_REF,
            "=5.2.121", "=5.2.122", "per hour message receive limit"),
  PROVIDER ("Microsoft", "5.6.11", BV_CODE_PERMANENT,
            N_("Bare line feeds"),
            N_("The message contains bare line feeds, line ends without a carriage return, which "
               "SMTP forbids and Exchange Online refuses."),
            N_("Fix the sending application so that it ends lines with CRLF, or send through a "
               "server that repairs line ends."),
            MICROSOFT_REF,
            "barelinefeedsareillegal", "=5.6.11&invalid characters"),
  PROVIDER ("Microsoft", "5.7.12", BV_CODE_PERMANENT,
            N_("Sender not authenticated for the recipient"),
            N_("The recipient, a mailbox, group or public folder in Microsoft 365, accepts mail "
               "only from inside its organization (5.7.12, 5.7.133 to 5.7.136). Microsoft's "
               "5.7.12 has nothing to do with the registry's password transition."),
            N_("Ask the recipient's administrator or the group owner to allow outside senders, "
               "or reach the recipient another way."),
            MICROSOFT_REF,
            "=5.7.{133-136}", "not authenticated by organization", "sender was not authenticated"),
  PROVIDER ("Microsoft", "5.7.124", BV_CODE_PERMANENT,
            N_("Sender not in allowed-senders list"),
            N_("The recipient is a distribution group that accepts mail only from the senders "
               "on its list, and the sender is not on it."),
            N_("Ask the group owner to add the sending address to the allowed senders."),
            MICROSOFT_REF,
            "=5.7.124", "not in allowed-senders list"),
  PROVIDER ("Microsoft", "5.7.0", BV_CODE_PERMANENT,
            N_("Rejected for the domain owner's policy"),
            N_("Outlook.com refused the message on behalf of the owner of the From domain: the "
               "message failed DMARC and the domain's policy asks receivers to reject such "
               "mail."),
            N_("Send mail in the name of this domain only through servers that pass SPF or DKIM "
               "aligned with it."),
            OUTLOOK_REF,
            "domain owner policy restrictions"),

  /* Yahoo and AOL */
  PROVIDER ("Yahoo", "TSS04", BV_CODE_TEMPORARY,
            N_("Deferred for unexpected volume or user complaints"),
            N_("Yahoo defers mail from the sending IP because of an unexpected volume or of "
               "complaints from its users. The codes apply to AOL and the other domains that "
               "Yahoo hosts as well."),
            N_("Let the queue retry at a slower pace, watch complaint rates through Yahoo's "
               "complaint feedback loop, and stop mailing recipients who never engage."),
            YAHOO_REF,
            "=TSS04"),
  PROVIDER ("Yahoo", "TS01", BV_CODE_TEMPORARY,
            N_("Deferred for user complaints"),
            N_("An older Yahoo deferral: mail from the IP drew complaints from Yahoo users, or "
               "its traffic looked unusual. Yahoo advised waiting a few hours before "
               "retrying."),
            N_("Slow the retries down and look at what the recent mail to Yahoo contained and "
               "who received it."),
            YAHOO_REF,
            "=TS01"),
  PROVIDER ("Yahoo", "TS02", BV_CODE_TEMPORARY,
            N_("Temporarily deferred"),
            N_("Yahoo defers mail from the IP because of unusual traffic or complaints. Older "
               "Yahoo servers gave this plain \"temporarily deferred\" reply."),
            N_("Let the queue retry more slowly, and check complaint rates and list hygiene."),
            YAHOO_REF,
            "=TS02"),
  PROVIDER ("Yahoo", "TS03", BV_CODE_TEMPORARY,
            N_("All messages permanently deferred"),
            N_("Yahoo sees a volume from the IP that has the traits of unsolicited bulk mail and "
               "defers all of it. The reply is a 421, but Yahoo asks senders not to retry until "
               "they have changed their practices."),
            N_("Pause mail to Yahoo, review how the lists were collected, remove unengaged "
               "addresses, and only then resume."),
            YAHOO_REF,
            "=TS03"),
  PROVIDER ("Yahoo", "TSS09", BV_CODE_PERMANENT,
            N_("All messages permanently deferred; retrying will not succeed"),
            N_("Yahoo refuses all mail from the IP for good, because of its reputation, failed "
               "authentication or content that breaks Yahoo's policies."),
            N_("Stop sending to Yahoo from this IP, fix authentication and list practices, then "
               "open a ticket with Yahoo's sender support."),
            YAHOO_REF,
            "=TSS09"),
  PROVIDER ("Yahoo", "PH01", BV_CODE_PERMANENT,
            N_("Message not allowed: policy reasons"),
            N_("Yahoo refused the message for its content, which it judged to be possible "
               "phishing or otherwise against its policies. Links and the domains behind them "
               "weigh heavily."),
            N_("Review the links, the landing pages and the sending domain for anything that "
               "looks like phishing, such as a compromised site, then send again."),
            YAHOO_REF,
            "=PH01"),
  PROVIDER ("Yahoo", "BL21", BV_CODE_PERMANENT,
            N_("Connection refused: IP on the Spamhaus list"),
            N_("Yahoo refuses connections from the IP because Spamhaus lists it."),
            N_("Look the IP up on the Spamhaus website, fix the cause and request removal. Yahoo "
               "accepts the IP again once the listing is gone."),
            YAHOO_REF,
            "=BL21"),
  PROVIDER ("Yahoo", "5.7.9", BV_CODE_PERMANENT,
            N_("Message not accepted for policy reasons"),
            N_("Yahoo refused the message because it could not verify the sender: SPF, DKIM or "
               "DMARC failed. Yahoo uses 5.7.9 for this, while the registry's X.7.9 means an "
               "authentication mechanism that is too weak."),
            N_("Check SPF, DKIM and DMARC for the From domain, and do not send mail in the name "
               "of a domain whose DMARC policy is reject through servers it does not "
               "authorize."),
            YAHOO_REF,
            "message not accepted for policy reasons"),
  PROVIDER ("Yahoo", "dd", BV_CODE_PERMANENT,
            N_("No such account"),
            N_("Yahoo's \"delivery error: dd\" reply: the address has no Yahoo account."),
            N_("Check the address for typos, and remove it from your lists if it is right."),
            YAHOO_REF,
            "delivery error: dd"),

  /* Apple iCloud Mail */
  PROVIDER ("Apple", "CS01", BV_CODE_PERMANENT,
            N_("Message rejected due to local policy"),
            N_("iCloud Mail refused the message under its own filtering policy, which weighs the "
               "reputation of the sending IP and domains, the authentication results and the "
               "content."),
            N_("Check authentication and the reputation of the IP and the link domains. If the "
               "block looks wrong, contact Apple's postmaster team as described in HT204137."),
            APPLE_REF,
            "=CS01"),
  PROVIDER ("Apple", "CS02", BV_CODE_PERMANENT,
            N_("Message rejected due to local policy (CS02)"),
            N_("Another local policy rejection of iCloud Mail with the same wording as CS01. "
               "Apple does not document how the two differ."),
            N_("Proceed as for CS01, and quote the exact code when you write to Apple."),
            APPLE_REF,
            "=CS02"),

  /* Comcast */
  PROVIDER ("Comcast", "BL000000", BV_CODE_PERMANENT,
            N_("Blocked for spam-like sending patterns"),
            N_("Comcast blocks the sending IP on its own list because mail from it followed "
               "patterns typical of spam."),
            N_("Fix the cause, then request removal through the form that the Comcast error page "
               "links to."),
            COMCAST_REF,
            "=BL000000"),
  PROVIDER ("Comcast", "BL000001", BV_CODE_PERMANENT,
            N_("Listed on Spamhaus ZEN"),
            N_("Comcast refuses the IP because the Spamhaus ZEN blocklist lists it. Comcast itself "
               "holds no entry to remove."),
            N_("Get the IP removed from the Spamhaus list. Comcast follows automatically."),
            COMCAST_REF,
            "=BL000001"),
  PROVIDER ("Comcast", "BL000010", BV_CODE_PERMANENT,
            N_("Listed on Cloudmark CSI"),
            N_("Comcast refuses the IP because Cloudmark Sender Intelligence (CSI) lists it."),
            N_("Check and delist the IP with Cloudmark CSI. Comcast follows automatically."),
            COMCAST_REF,
            "=BL000010"),
  PROVIDER ("Comcast", "ES000010", BV_CODE_PERMANENT,
            N_("Dynamic or residential IP space"),
            N_("Comcast refuses direct connections from dynamic or residential IP space: its own "
               "(ES000001) or another network's (ES000010), which it recognizes by a reverse DNS "
               "name that does not look like a server's."),
            N_("Send through your provider's outgoing server, or give the server's IP a static, "
               "server-like PTR name."),
            COMCAST_REF,
            "=ES000001", "=ES000010"),
  PROVIDER ("Comcast", "DM000001", BV_CODE_PERMANENT,
            N_("Message rejected due to DMARC"),
            N_("Comcast refused the message because it failed DMARC for a From domain whose policy "
               "is reject."),
            N_("Authenticate the mail with SPF or DKIM aligned with the From domain."),
            COMCAST_REF,
            "=DM000001"),

  /* Filters and blocklists used by many receivers */
  PROVIDER ("Proofpoint", "5.7.0", BV_CODE_PERMANENT,
            N_("Blocked by Proofpoint Dynamic Reputation"),
            N_("The recipient's mail gateway, run by Proofpoint, refused the connection because "
               "the sending IP scores badly in Proofpoint's Dynamic Reputation. The listing "
               "changes with the IP's traffic and can clear by itself."),
            N_("Look the IP up at ipcheck.proofpoint.com and ask for a review there with the "
               "bounce text, after fixing the cause (spam traps, complaints, sudden volume)."),
            N_("Proofpoint IP check (ipcheck.proofpoint.com)"),
            "ipcheck.proofpoint.com"),
  PROVIDER ("Mimecast", "550", BV_CODE_PERMANENT,
            N_("Envelope blocked"),
            N_("The recipient, or their organization, put the sender's address or domain on a "
               "block list in Mimecast (\"User Entry\" or \"User Domain Entry\")."),
            N_("Ask the recipient to remove the entry. Only they or their administrator can."),
            MIMECAST_REF,
            "envelope blocked"),
  PROVIDER ("Mimecast", "550", BV_CODE_PERMANENT,
            N_("Rejected by header based Anti-Spoofing policy"),
            N_("Mimecast refused the message because it claims to come from a domain that the "
               "recipient's organization protects, often its own, but arrived from a source that "
               "the anti-spoofing policy does not trust."),
            N_("Ask the recipient's Mimecast administrator for an exception for your sending IP "
               "or service, and make SPF and DKIM pass for the From domain."),
            MIMECAST_REF,
            "anti-spoofing policy"),
  PROVIDER ("Mimecast", "451", BV_CODE_TEMPORARY,
            N_("Internal resources temporarily unavailable"),
            N_("Mimecast greylisted the sending server, or deferred it for a poor reputation. A "
               "server that retries within the allowed window, one minute to 12 hours, normally "
               "gets through."),
            N_("Let the queue retry. Check that the sending server retries from the same IP."),
            MIMECAST_REF,
            "internal resource&temporarily unavailable"),
  PROVIDER ("Barracuda", "554", BV_CODE_PERMANENT,
            N_("Blocked using Barracuda Reputation"),
            N_("The recipient's Barracuda filter refused the message because the IP in the reply "
               "is on the Barracuda Reputation Block List. Some Barracuda setups also check IPs "
               "from the Received headers, so the listed IP may be the original sender's, not "
               "your server's."),
            N_("Look the IP up at barracudacentral.org and request removal there after fixing the "
               "cause."),
            N_("Barracuda Central (barracudacentral.org)"),
            "barracuda reputation", "barracudacentral"),
  PROVIDER ("Spamhaus", "554", BV_CODE_PERMANENT,
            N_("Blocked using Spamhaus ZEN"),
            N_("The receiving server found the sending IP on the Spamhaus ZEN blocklist, which "
               "combines the SBL, XBL and PBL lists, and refused the connection."),
            N_("Look the IP up on the Spamhaus website. The result says which list and why. A PBL "
               "listing means the range should not send mail directly. The others need the cause "
               "fixed before removal."),
            N_("The Spamhaus Project (spamhaus.org)"),
            "zen.spamhaus.org", "sbl-xbl.spamhaus.org", "spamhaus.org/query/bl?ip=",
            "spamhaus.org/query/ip/"),
  PROVIDER ("Spamhaus", "5.7.1", BV_CODE_PERMANENT,
            N_("Domain on the Spamhaus DBL"),
            N_("A domain in the message, in a link or in an address, is on the Spamhaus Domain "
               "Block List, and the receiver refused the message for it."),
            N_("Find the listed domain (a link shortener or tracking domain is a frequent "
               "culprit), look it up on the Spamhaus website, and remove it from the message or "
               "have it delisted."),
            N_("The Spamhaus Project (spamhaus.org)"),
            "dbl.spamhaus.org", "spamhaus dbl", "spamhaus.org/query/domain",
            "domain is listed in spamhaus"),
  PROVIDER ("SpamCop", "554", BV_CODE_PERMANENT,
            N_("Blocked using SpamCop"),
            N_("The sending IP is on the SpamCop Blocking List, fed by reports from SpamCop users "
               "and spam traps. A listing expires by itself about a day after the reports "
               "stop."),
            N_("Find what sent the reported mail and stop it. The listing then expires without a "
               "removal request."),
            N_("SpamCop Blocking List (spamcop.net)"),
            "bl.spamcop.net"),
};

/* The BvCodeInfo part of each row, in one contiguous array as the public
 * table accessor returns it. It is built on first use and never freed.
 */
static const BvCodeInfo *
get_provider_infos (void)
{
  static BvCodeInfo *infos;

  if (g_once_init_enter (&infos))
    {
      BvCodeInfo *table = g_new (BvCodeInfo, G_N_ELEMENTS (provider_rows));

      for (gsize i = 0; i < G_N_ELEMENTS (provider_rows); i++)
        table[i] = provider_rows[i].info;

      g_once_init_leave (&infos, table);
    }

  return infos;
}

/**
 * bv_codes_provider_table:
 * @n_rows: (out): return location for the number of rows
 *
 * Returns the table of provider codes and phrases. Its strings are
 * untranslated.
 *
 * Returns: (transfer none) (array length=n_rows): the rows
 */
const BvCodeInfo *
bv_codes_provider_table (gsize *n_rows)
{
  g_return_val_if_fail (n_rows != NULL, NULL);

  *n_rows = G_N_ELEMENTS (provider_rows);
  return get_provider_infos ();
}

static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c);
}

/* Returns whether a token may start at @pos. It may not when the character
 * before it continues a word or a dotted number.
 */
static gboolean
token_starts_at (const char *text,
                 const char *pos)
{
  if (pos == text)
    return TRUE;

  if (is_word_char (pos[-1]))
    return FALSE;

  if (pos[-1] == '.' && pos - 1 > text && g_ascii_isdigit (pos[-2]))
    return FALSE;

  return TRUE;
}

static gboolean
token_ends_at (const char *end)
{
  if (is_word_char (end[0]))
    return FALSE;

  if (end[0] == '.' && g_ascii_isdigit (end[1]))
    return FALSE;

  return TRUE;
}

/* Matches the token pattern from @pattern to @pattern_end at @text. On
 * success, stores where the match ends in @match_end.
 */
static gboolean
match_token_here (const char  *pattern,
                  const char  *pattern_end,
                  const char  *text,
                  const char **match_end)
{
  const char *p = pattern;
  const char *t = text;

  while (p < pattern_end)
    {
      if (*p == '#')
        {
          if (!g_ascii_isdigit (*t))
            return FALSE;
          while (g_ascii_isdigit (*t))
            t++;
          p++;
        }
      else if (*p == '{')
        {
          const char *close = memchr (p, '}', pattern_end - p);
          guint64 min_value;
          guint64 max_value;
          guint64 value = 0;
          char *after_min;

          g_assert (close != NULL);

          min_value = g_ascii_strtoull (p + 1, &after_min, 10);
          g_assert (*after_min == '-');
          max_value = g_ascii_strtoull (after_min + 1, NULL, 10);

          if (!g_ascii_isdigit (*t))
            return FALSE;
          while (g_ascii_isdigit (*t))
            {
              value = value * 10 + (guint64) (*t - '0');
              if (value > max_value)
                return FALSE;
              t++;
            }
          if (value < min_value)
            return FALSE;

          p = close + 1;
        }
      else
        {
          if (g_ascii_tolower (*p) != g_ascii_tolower (*t))
            return FALSE;
          p++;
          t++;
        }
    }

  *match_end = t;
  return TRUE;
}

static gboolean
text_has_token (const char *text,
                const char *pattern,
                const char *pattern_end)
{
  for (const char *pos = text; *pos != '\0'; pos++)
    {
      const char *end;

      if (token_starts_at (text, pos) &&
          match_token_here (pattern, pattern_end, pos, &end) &&
          token_ends_at (end))
        return TRUE;
    }

  return FALSE;
}

static gboolean
token_equals (const char *text,
              const char *pattern,
              const char *pattern_end)
{
  const char *end;

  return match_token_here (pattern, pattern_end, text, &end) && *end == '\0';
}

typedef struct
{
  const char *token_text;   /* white space collapsed */
  const char *phrase_text;  /* also lower case, continuation prefixes removed */
  const char *status;       /* or NULL */
} MatchInput;

static gboolean
term_matches (const char       *term,
              const char       *term_end,
              const MatchInput *input)
{
  if (term[0] == '=')
    {
      if (input->status != NULL && token_equals (input->status, term + 1, term_end))
        return TRUE;

      return input->token_text != NULL && text_has_token (input->token_text, term + 1, term_end);
    }
  else
    {
      g_autofree char *phrase = g_ascii_strdown (term, term_end - term);

      return input->phrase_text != NULL && strstr (input->phrase_text, phrase) != NULL;
    }
}

static gboolean
rule_matches (const char       *rule,
              const MatchInput *input)
{
  const char *term = rule;

  for (;;)
    {
      const char *term_end = strchr (term, '&');

      if (term_end == NULL)
        term_end = term + strlen (term);

      if (!term_matches (term, term_end, input))
        return FALSE;

      if (*term_end == '\0')
        return TRUE;

      term = term_end + 1;
    }
}

static char *
collapse_white_space (const char *text)
{
  GString *collapsed = g_string_sized_new (strlen (text));
  gboolean in_space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          in_space = TRUE;
          continue;
        }

      if (in_space && collapsed->len > 0)
        g_string_append_c (collapsed, ' ');
      in_space = FALSE;

      /* U+2019 RIGHT SINGLE QUOTATION MARK, common in "doesn't" */
      if (strncmp (p, "\xe2\x80\x99", 3) == 0)
        {
          g_string_append_c (collapsed, '\'');
          p += 2;
          continue;
        }

      g_string_append_c (collapsed, *p);
    }

  return g_string_free (collapsed, FALSE);
}

/* Removes the reply code and status prefix that multi-line replies repeat on
 * every line, "550-5.7.1 " and "550 5.7.1 ", so that phrases broken across
 * lines can be found again.
 */
static char *
remove_reply_prefixes (const char *text)
{
  static GRegex *prefix_regex;

  if (g_once_init_enter (&prefix_regex))
    {
      GRegex *regex = g_regex_new ("\\b[245][0-9][0-9]([ -][245]\\.[0-9]{1,3}\\.[0-9]{1,3}|-) ?",
                                   G_REGEX_OPTIMIZE, 0, NULL);

      g_assert (regex != NULL);
      g_once_init_leave (&prefix_regex, regex);
    }

  return g_regex_replace_literal (prefix_regex, text, -1, 0, "", 0, NULL);
}

static void
match_input_init (MatchInput *input,
                  const char *diagnostic,
                  const char *status,
                  char      **token_storage,
                  char      **phrase_storage)
{
  *token_storage = NULL;
  *phrase_storage = NULL;

  input->token_text = NULL;
  input->phrase_text = NULL;
  input->status = status;

  if (diagnostic != NULL)
    {
      g_autofree char *without_prefixes = NULL;
      g_autofree char *phrase = NULL;

      *token_storage = collapse_white_space (diagnostic);
      without_prefixes = remove_reply_prefixes (*token_storage);
      phrase = collapse_white_space (without_prefixes);
      *phrase_storage = g_ascii_strdown (phrase, -1);

      input->token_text = *token_storage;
      input->phrase_text = *phrase_storage;
    }
}

/**
 * bv_codes_find_provider:
 * @diagnostic: (nullable): the receiving server's text, such as a
 *   Diagnostic-Code value
 * @status: (nullable): the enhanced status code of the event, "5.7.26"
 *
 * Finds the provider codes and phrases that occur in @diagnostic. A provider
 * code such as "TSS04" must appear as a whole token, a phrase as a substring,
 * ignoring case. A row that names a status code, such as Microsoft's
 * 5.7.606, also matches when @status is that code.
 *
 * Returns: (transfer container) (element-type BvCodeInfo): pointers to the
 *   matching rows of the provider table, in table order. Empty when nothing
 *   matches. The rows are untranslated. See bv_code_info_translate().
 */
GPtrArray *
bv_codes_find_provider (const char *diagnostic,
                        const char *status)
{
  const BvCodeInfo *infos = get_provider_infos ();
  g_autofree char *token_storage = NULL;
  g_autofree char *phrase_storage = NULL;
  GPtrArray *found = g_ptr_array_new ();
  MatchInput input;

  if (status != NULL && *status == '\0')
    status = NULL;

  if (diagnostic == NULL && status == NULL)
    return found;

  match_input_init (&input, diagnostic, status, &token_storage, &phrase_storage);

  for (gsize i = 0; i < G_N_ELEMENTS (provider_rows); i++)
    {
      for (guint r = 0; r < MAX_RULES && provider_rows[i].rules[r] != NULL; r++)
        {
          if (rule_matches (provider_rows[i].rules[r], &input))
            {
              g_ptr_array_add (found, (gpointer) &infos[i]);
              break;
            }
        }
    }

  return found;
}

/**
 * bv_codes_lookup_provider:
 * @code: a provider code, such as "TSS04", "S3150" or "5.7.606"
 *
 * Finds the provider rows that a code on its own identifies, ignoring
 * case and a pair of square brackets around it ("[TSS04]"). Rows that are
 * only recognized by a phrase, or by a code together with other text, such
 * as Gmail's "5.7.26" with "gsmtp", are not returned.
 *
 * Returns: (transfer container) (element-type BvCodeInfo): pointers to the
 *   matching rows of the provider table. Empty when none matches
 */
GPtrArray *
bv_codes_lookup_provider (const char *code)
{
  const BvCodeInfo *infos = get_provider_infos ();
  GPtrArray *found = g_ptr_array_new ();
  g_autofree char *stripped = NULL;
  gsize len;

  g_return_val_if_fail (code != NULL, found);

  stripped = g_strstrip (g_strdup (code));
  len = strlen (stripped);
  if (len >= 2 && stripped[0] == '[' && stripped[len - 1] == ']')
    {
      memmove (stripped, stripped + 1, len - 2);
      stripped[len - 2] = '\0';
    }

  if (stripped[0] == '\0')
    return found;

  for (gsize i = 0; i < G_N_ELEMENTS (provider_rows); i++)
    {
      for (guint r = 0; r < MAX_RULES && provider_rows[i].rules[r] != NULL; r++)
        {
          const char *rule = provider_rows[i].rules[r];

          if (rule[0] == '=' && strchr (rule, '&') == NULL &&
              token_equals (stripped, rule + 1, rule + strlen (rule)))
            {
              g_ptr_array_add (found, (gpointer) &infos[i]);
              break;
            }
        }
    }

  return found;
}

/**
 * bv_codes_providers_of_code:
 * @code: a status code, such as "5.7.9"
 *
 * Finds the provider rows for @code whatever their rules are, also
 * those that the code alone does not select because they need the
 * provider's words too (Yahoo's 5.7.9 "Message not accepted for policy
 * reasons").
 *
 * Returns: (transfer container) (element-type BvCodeInfo): the rows,
 *   untranslated, in table order
 */
GPtrArray *
bv_codes_providers_of_code (const char *code)
{
  const BvCodeInfo *infos = get_provider_infos ();
  GPtrArray *found = g_ptr_array_new ();

  g_return_val_if_fail (code != NULL, found);

  for (gsize i = 0; i < G_N_ELEMENTS (provider_rows); i++)
    if (g_ascii_strcasecmp (infos[i].code, code) == 0)
      g_ptr_array_add (found, (gpointer) &infos[i]);
  return found;
}
