# SPDX-License-Identifier: GPL-3.0-or-later
"""Installs the build into a temporary DESTDIR and checks the installed tree.

`meson install --no-rebuild` needs no lock on the build directory (meson 1.0
takes none for install or test, and ninja is not run), so it is safe from
inside `meson test`. GResources are compiled into the binary, so they are
checked with `gresource list` on the installed program.
"""

import argparse
import configparser
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap, skip  # noqa: E402

MO_MAGIC = (b'\xde\x12\x04\x95', b'\x95\x04\x12\xde')


def read_linguas(path):
    langs = []
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.split('#', 1)[0]
            langs += line.split()
    return langs


def resource_paths(gresource_xml):
    """The paths each <file> of a .gresource.xml gets inside the bundle."""
    paths = []
    for res in ET.parse(gresource_xml).getroot().findall('gresource'):
        prefix = res.get('prefix', '/').rstrip('/')
        for f in res.findall('file'):
            paths.append(prefix + '/' + (f.get('alias') or f.text.strip()))
    return paths


def read_keyfile(path, group):
    parser = configparser.RawConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    with open(path, encoding='utf-8') as f:
        parser.read_file(f)
    assert parser.has_section(group), '%s has no [%s] group' % (path, group)
    return dict(parser.items(group))


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--meson', required=True)
    parser.add_argument('--builddir', required=True)
    parser.add_argument('--srcdir', required=True)
    parser.add_argument('--app-id', required=True)
    parser.add_argument('--base-id', required=True)
    parser.add_argument('--gettext-package', required=True)
    parser.add_argument('--prefix', required=True)
    parser.add_argument('--bindir', required=True)
    parser.add_argument('--datadir', required=True)
    parser.add_argument('--localedir', required=True)
    args = parser.parse_args()

    tap = Tap()
    destdir = tempfile.mkdtemp(prefix='mimo-install-')
    try:
        proc = run([args.meson, 'install', '-C', args.builddir, '--destdir', destdir,
                    '--no-rebuild', '--quiet'])
        if proc.returncode != 0:
            print('not ok 1 /data/install/meson-install')
            tap.diag(proc.stdout + proc.stderr)
            print('1..1')
            sys.exit(1)

        def staged(path):
            # Installed paths are absolute; DESTDIR goes in front of them.
            return os.path.join(destdir, os.path.relpath(path, '/'))

        bindir = staged(args.bindir)
        datadir = staged(args.datadir)
        binary = os.path.join(bindir, 'mimo-chat')
        installed = []
        for dirpath, _, filenames in os.walk(destdir):
            installed += [os.path.join(dirpath, n) for n in filenames]
        tap.diag('installed %d files under %s' % (len(installed), args.prefix))

        def program():
            assert os.path.isfile(binary), 'no %s/mimo-chat' % args.bindir
            assert os.access(binary, os.X_OK), 'mimo-chat is not executable'
            with open(binary, 'rb') as f:
                assert f.read(4) == b'\x7fELF', 'mimo-chat is not an ELF program'

        def resources():
            gresource = shutil.which('gresource')
            if gresource is None:
                skip('gresource is not installed')
            proc = run([gresource, 'list', binary])
            assert proc.returncode == 0, 'gresource list failed:\n' + proc.stderr
            bundled = set(proc.stdout.split())
            expected = resource_paths(os.path.join(args.srcdir, 'src', 'mimo.gresource.xml'))
            missing = [p for p in expected if p not in bundled]
            assert not missing, 'resources missing from the installed binary:\n  ' + '\n  '.join(missing)

        def schema():
            schemadir = os.path.join(datadir, 'glib-2.0', 'schemas')
            assert os.path.isfile(os.path.join(schemadir, args.base_id + '.gschema.xml')), \
                'no %s.gschema.xml in share/glib-2.0/schemas' % args.base_id
            tool = shutil.which('glib-compile-schemas')
            if tool:
                proc = run([tool, '--strict', '--dry-run', schemadir])
                assert proc.returncode == 0 and not proc.stderr.strip(), proc.stderr

        def desktop_file():
            path = os.path.join(datadir, 'applications', args.app_id + '.desktop')
            assert os.path.isfile(path), 'no share/applications/%s.desktop' % args.app_id
            tool = shutil.which('desktop-file-validate')
            if tool:
                proc = run([tool, path])
                assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr
            entry = read_keyfile(path, 'Desktop Entry')
            assert entry.get('Icon') == args.app_id, 'Icon must be the application id'
            assert entry.get('Exec', '').split()[0] == 'mimo-chat', 'Exec must run mimo-chat'
            assert entry.get('Keywords', '').endswith(';'), 'Keywords must end with a semicolon'
            assert entry.get('Categories'), 'needs Categories'
            if entry.get('DBusActivatable') == 'true':
                assert os.path.isfile(os.path.join(datadir, 'dbus-1', 'services', args.app_id + '.service')), \
                    'DBusActivatable=true needs the D-Bus service file installed'

        def dbus_service():
            path = os.path.join(datadir, 'dbus-1', 'services', args.app_id + '.service')
            assert os.path.isfile(path), 'no share/dbus-1/services/%s.service' % args.app_id
            service = read_keyfile(path, 'D-BUS Service')
            assert service.get('Name') == args.app_id, 'the service Name must be the application id'
            exec_line = os.path.join(args.bindir, 'mimo-chat') + ' --gapplication-service'
            assert service.get('Exec') == exec_line, \
                'Exec is %r, expected %r' % (service.get('Exec'), exec_line)

        def metainfo():
            path = os.path.join(datadir, 'metainfo', args.app_id + '.metainfo.xml')
            assert os.path.isfile(path), 'no share/metainfo/%s.metainfo.xml' % args.app_id
            root = ET.parse(path).getroot()
            assert root.findtext('id') == args.app_id
            assert root.findtext('launchable') == args.app_id + '.desktop'

        def icons():
            hicolor = os.path.join(datadir, 'icons', 'hicolor')
            for rel in ('scalable/apps/%s.svg' % args.app_id,
                        'symbolic/apps/%s-symbolic.svg' % args.app_id):
                path = os.path.join(hicolor, rel)
                assert os.path.isfile(path), 'no icon hicolor/' + rel
                assert ET.parse(path).getroot().tag == '{http://www.w3.org/2000/svg}svg', \
                    'hicolor/%s is not an SVG' % rel

        def translations():
            langs = read_linguas(os.path.join(args.srcdir, 'po', 'LINGUAS'))
            localedir = staged(args.localedir)
            for lang in langs:
                mo = os.path.join(localedir, lang, 'LC_MESSAGES', args.gettext_package + '.mo')
                assert os.path.isfile(mo), 'no %s.mo for %s' % (args.gettext_package, lang)
                with open(mo, 'rb') as f:
                    assert f.read(4) in MO_MAGIC, '%s is not a .mo file' % mo
            stray = [p for p in installed if p.endswith('.mo')
                     and os.path.relpath(p, localedir).split(os.sep)[0] not in langs]
            assert not stray, 'translations installed for languages not in po/LINGUAS: %s' % stray
            if not langs:
                tap.diag('po/LINGUAS lists no language yet: no .mo to check')

        def no_development_files():
            dev = [os.path.relpath(p, destdir) for p in installed
                   if p.endswith(('.a', '.h', '.pc', '.so', '.la'))]
            assert not dev, 'libraries or headers are installed but nothing uses them:\n  ' + '\n  '.join(dev)

        tap.run('/data/install/program', program)
        tap.run('/data/install/resources', resources)
        tap.run('/data/install/schema', schema)
        tap.run('/data/install/desktop-file', desktop_file)
        tap.run('/data/install/dbus-service', dbus_service)
        tap.run('/data/install/metainfo', metainfo)
        tap.run('/data/install/icons', icons)
        tap.run('/data/install/translations', translations)
        tap.run('/data/install/no-development-files', no_development_files)
    finally:
        shutil.rmtree(destdir, ignore_errors=True)
    tap.done()


if __name__ == '__main__':
    main()
