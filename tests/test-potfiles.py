# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks po/POTFILES.in against the sources, so no string escapes translation.

Fails when a file under src/ or data/ holds translatable strings but is not
listed, when a listed file does not exist, when the list is not sorted, and
when xgettext (with the arguments of meson's 'glib' preset, as the
mimo-chat-pot target uses) warns or finds nothing in a file that should
have strings.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap, skip  # noqa: E402

SCANNED_DIRS = ('src', 'data')
CODE_SUFFIXES = ('.c', '.h', '.js', '.py', '.vala')
MARKUP_SUFFIXES = ('.ui', '.xml', '.in', '.blp')
# Files that are translatable by what they are, whatever their content.
ALWAYS_TRANSLATABLE = re.compile(
    r'\.(gschema\.xml|desktop\.in(\.in)?|(metainfo|appdata)\.xml\.in(\.in)?)$')
CODE_MARKER = re.compile(
    r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|Q_|ngettext|g_dgettext|g_dngettext|g_dpgettext2)\s*\(')
MARKUP_MARKER = re.compile(r'translatable="(yes|true|1)"|<_[A-Za-z]')

# meson's i18n 'glib' preset (mesonbuild/modules/i18n.py), which the
# mimo-chat-pot target passes to xgettext.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format',
]


def read_potfiles(srcdir):
    entries = []
    with open(os.path.join(srcdir, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def has_translatable_strings(path):
    name = os.path.basename(path)
    if ALWAYS_TRANSLATABLE.search(name):
        return True
    if name.endswith(CODE_SUFFIXES):
        marker = CODE_MARKER
    elif name.endswith(MARKUP_SUFFIXES):
        marker = MARKUP_MARKER
    else:
        return False
    try:
        with open(path, encoding='utf-8') as f:
            return marker.search(f.read()) is not None
    except UnicodeDecodeError:
        return False


def translatable_files(srcdir):
    found = []
    for top in SCANNED_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(srcdir, top)):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                if has_translatable_strings(path):
                    found.append(os.path.relpath(path, srcdir))
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--srcdir', required=True)
    args = parser.parse_args()
    srcdir = args.srcdir
    tap = Tap()
    listed = read_potfiles(srcdir)

    def listed_files_exist():
        missing = [p for p in listed if not os.path.isfile(os.path.join(srcdir, p))]
        assert not missing, 'po/POTFILES.in lists files that do not exist:\n  ' + '\n  '.join(missing)

    def sorted_and_unique():
        assert len(set(listed)) == len(listed), 'po/POTFILES.in lists a file twice'
        assert listed == sorted(listed), \
            'po/POTFILES.in is not sorted; expected:\n  ' + '\n  '.join(sorted(listed))

    def complete():
        missing = [p for p in translatable_files(srcdir) if p not in listed]
        assert not missing, ('these files have translatable strings but are missing '
                             'from po/POTFILES.in:\n  ' + '\n  '.join(missing))

    def xgettext_extracts():
        xgettext = shutil.which('xgettext')
        if xgettext is None:
            skip('xgettext is not installed')
        with tempfile.TemporaryDirectory() as tmp:
            pot = os.path.join(tmp, 'mimo-chat.pot')
            proc = subprocess.run(
                [xgettext, '--package-name=mimo-chat', '-D', srcdir,
                 '-f', os.path.join(srcdir, 'po', 'POTFILES.in'), '-o', pot] + XGETTEXT_ARGS,
                capture_output=True, text=True)
            assert proc.returncode == 0, 'xgettext failed:\n' + proc.stderr
            assert not proc.stderr.strip(), 'xgettext warned:\n' + proc.stderr
            with open(pot, encoding='utf-8') as f:
                references = set(re.findall(r'(\S+?):\d+', ''.join(
                    line[3:] for line in f if line.startswith('#: '))))
        empty = [p for p in listed
                 if os.path.isfile(os.path.join(srcdir, p))
                 and has_translatable_strings(os.path.join(srcdir, p))
                 and p not in references]
        assert not empty, ('xgettext found no strings in these files, which seem to have '
                           'some (a keyword or markup xgettext does not know?):\n  '
                           + '\n  '.join(empty))

    tap.run('/data/potfiles/listed-files-exist', listed_files_exist)
    tap.run('/data/potfiles/sorted', sorted_and_unique)
    tap.run('/data/potfiles/complete', complete)
    tap.run('/data/potfiles/xgettext-extracts', xgettext_extracts)
    tap.done()


if __name__ == '__main__':
    main()
