#!/usr/bin/python3
# copy-corpus.py
#
# Copyright 2026 The BounceView authors
# SPDX-License-Identifier: GPL-3.0-or-later

"""Build a benchmark Maildir out of N copies of a Maildir.

Every copy of a message gets a Message-ID of its own, so that the
importer sees N * M distinct messages and decodes each of them instead
of skipping copies 2..N as duplicates. The header is rewritten where the
message has one and added at the top where it has none. File names keep
their Maildir info suffix (":2,S") and get the copy number as a prefix.

Usage: copy-corpus.py SOURCE_MAILDIR DEST_MAILDIR COPIES
"""

import os
import re
import sys

# The end of the header block: the first empty line, whatever the line
# ends (LF, CRLF or CR only, as some gateways write).
HEADER_END = re.compile(rb"\r\n\r\n|\n\n|\r\r")

# A Message-ID header with its folded continuation lines (RFC 5322
# section 2.2.3), at the start of a line of the header block.
MESSAGE_ID = re.compile(rb"(^|(?<=[\r\n]))Message-ID:[^\r\n]*(?:\r\n|\n|\r)?"
                        rb"(?:[ \t][^\r\n]*(?:\r\n|\n|\r)?)*",
                        re.IGNORECASE)


def line_end_of(data):
    """Return the line end the message uses, for the header we write."""
    match = re.search(rb"\r\n|\n|\r", data)
    return match.group(0) if match else b"\n"


def with_message_id(data, copy, serial):
    """Return @data with a Message-ID unique to this copy of the message."""
    eol = line_end_of(data)
    header = b"Message-ID: <bench-%d-%d@copy.bounceview.invalid>%s" % (copy, serial, eol)

    end = HEADER_END.search(data)
    header_length = end.start() + 1 if end else len(data)
    match = MESSAGE_ID.search(data, 0, header_length)
    if match is None:
        return header + data
    return data[:match.start()] + header + data[match.end():]


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("Usage: copy-corpus.py SOURCE_MAILDIR DEST_MAILDIR COPIES\n")
        return 2

    source, dest, copies = argv[1], argv[2], int(argv[3])
    written = 0
    serial = 0

    for subdir in ("cur", "new"):
        os.makedirs(os.path.join(dest, subdir), exist_ok=True)
        names = sorted(name for name in os.listdir(os.path.join(source, subdir))
                       if not name.startswith("."))
        for name in names:
            serial += 1
            with open(os.path.join(source, subdir, name), "rb") as message:
                data = message.read()
            for copy in range(1, copies + 1):
                out_name = "copy%02d.%s" % (copy, name)
                with open(os.path.join(dest, subdir, out_name), "wb") as out:
                    out.write(with_message_id(data, copy, serial))
                written += 1

    os.makedirs(os.path.join(dest, "tmp"), exist_ok=True)
    print("%d messages in %s" % (written, dest))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
