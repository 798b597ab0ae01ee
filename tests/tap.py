# SPDX-License-Identifier: GPL-3.0-or-later
"""TAP output for the Python data tests, named like the g_test cases.

Each case is a function that raises AssertionError (or calls skip()) and
prints `ok N /data/...` or `not ok N /data/...`, so meson's TAP parser and
build-aux/dev's closing line count every case, not just the program.
"""

import sys
import traceback


class Skip(Exception):
    """Raised by a case that cannot run here (a missing tool, no display)."""


def skip(reason):
    raise Skip(reason)


class Tap:
    def __init__(self):
        self.count = 0
        self.failed = 0

    def diag(self, text):
        for line in str(text).splitlines() or ['']:
            print('# ' + line)
        sys.stdout.flush()

    def run(self, name, func, *args):
        self.count += 1
        try:
            func(*args)
        except Skip as e:
            print('ok %d %s # SKIP %s' % (self.count, name, e))
        except AssertionError as e:
            self.failed += 1
            print('not ok %d %s' % (self.count, name))
            self.diag(e if str(e) else traceback.format_exc())
        except Exception:  # a crash in a case fails the case, not the run
            self.failed += 1
            print('not ok %d %s' % (self.count, name))
            self.diag(traceback.format_exc())
        else:
            print('ok %d %s' % (self.count, name))
        sys.stdout.flush()

    def skip_all(self, reason):
        """Ends the program as one skipped test (no case could run)."""
        print('1..0 # SKIP %s' % reason)
        sys.exit(0)

    def done(self):
        print('1..%d' % self.count)
        sys.exit(1 if self.failed else 0)
