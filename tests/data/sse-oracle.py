#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# An independent reading of the HTML Living Standard's event-stream rules,
# used to write the *.sse.expected files test-sse-parser compares with:
#   tests/data/sse-oracle.py tests/data/*.sse
# Each event prints as five lines (type, id, retry, done, data with "\" and
# newlines escaped) and a blank line.
import re
import sys


def escape(data):
    return data.replace(b"\\", b"\\\\").replace(b"\n", b"\\n").replace(b"\r", b"\\r")


def parse(stream):
    if stream.startswith(b"\xef\xbb\xbf"):
        stream = stream[3:]
    # The text after the last line ending is an unfinished line: dropped.
    lines = re.split(rb"\r\n|\r|\n", stream)[:-1]
    events = []
    data, event_type, last_id, retry = b"", b"", b"", -1
    for line in lines:
        if line == b"":
            if data == b"":
                event_type = b""
                continue
            data = data[:-1]
            done = data == b"[DONE]"
            events.append((event_type or b"message", last_id, retry, done, data))
            data, event_type = b"", b""
            if done:
                break
            continue
        if line.startswith(b":"):
            continue
        field, colon, value = line.partition(b":")
        if colon and value.startswith(b" "):
            value = value[1:]
        if field == b"data":
            data += value + b"\n"
        elif field == b"event":
            event_type = value
        elif field == b"id":
            if b"\0" not in value:
                last_id = value
        elif field == b"retry":
            if value and value.isdigit():
                retry = int(value)
    return events


def dump(events):
    out = b""
    for event_type, last_id, retry, done, data in events:
        out += b"type: " + event_type + b"\n"
        out += b"id: " + last_id + b"\n"
        out += b"retry: " + str(retry).encode() + b"\n"
        out += b"done: " + (b"1" if done else b"0") + b"\n"
        out += b"data: " + escape(data) + b"\n\n"
    return out


for path in sys.argv[1:]:
    with open(path, "rb") as f:
        events = parse(f.read())
    with open(path + ".expected", "wb") as f:
        f.write(dump(events))
