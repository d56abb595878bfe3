#!/usr/bin/env python3
# score-corpus.py: agreement of decoded events with the corpus's expected.tsv.
#
#   score-corpus.py EXPECTED_TSV EVENTS_TSV
#
# EVENTS_TSV has one event a line: file (below the corpus folder, as in
# expected.tsv), recipient, status, reply code, reason, hard bounce (1/0).
# Rows are matched as tests/test-corpus.c matches them: by recipient in
# the same file, else by position. Prints one line a figure.

import collections
import csv
import sys

NO_RECIPIENT = 'undisclosed-recipient-in-headers@libsisimai.org.invalid'


def unicode_domain(address):
    """Writes an IDNA domain (xn--...) in Unicode, as BounceView stores it."""
    local, at, domain = address.rpartition('@')
    if 'xn--' not in domain.lower():
        return address
    try:
        return local + at + domain.encode('ascii').decode('idna')
    except UnicodeError:
        return address


def same_recipient(expected, got):
    if expected in ('', NO_RECIPIENT):
        return got in ('', None)
    return got is not None and unicode_domain(got).lower() == unicode_domain(expected).lower()


def main():
    expected = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
    events = collections.defaultdict(list)
    for line in open(sys.argv[2], encoding='utf-8', errors='replace'):
        fields = line.rstrip('\n').split('\t')
        if len(fields) >= 6:
            events[fields[0]].append(fields)

    total = collections.Counter()
    right = collections.Counter()
    used = set()
    for row in expected:
        if row['reason'] == 'NOT-A-BOUNCE':
            continue
        candidates = events.get(row['file'], [])
        event = None
        for candidate in candidates:
            if id(candidate) not in used and same_recipient(row['recipient'], candidate[1]):
                event = candidate
                break
        index = int(row['rcpt_index']) - 1
        if event is None and 0 <= index < len(candidates):
            event = candidates[index]
        if event is not None:
            used.add(id(event))

        def count(name, ok):
            total[name] += 1
            right[name] += 1 if ok else 0

        count('recipient', event is not None and same_recipient(row['recipient'], event[1]))
        if row['status_in_message'] == 'yes':
            count('status', event is not None and event[2] == row['status'])
        count('reply code', event is not None and event[3] == row['reply_code'])
        count('reason', event is not None and event[4] == row['reason'])
        count('hard bounce', event is not None and (event[5] or '0') == row['hard_bounce'])

    for name in ('recipient', 'status', 'reply code', 'reason', 'hard bounce'):
        print(f'{name:12} {right[name]:4}/{total[name]:<4} {100.0 * right[name] / total[name]:5.1f}%')


if __name__ == '__main__':
    main()
