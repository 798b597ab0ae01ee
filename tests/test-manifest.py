# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifest offline: runtime, command, sandbox, modules.

The GNOME runtime cannot be downloaded here, so the manifest is checked by
what it says (PACKAGING.md), against flatpak-builder's JSON schema when the
project's shared/ directory sits beside the checkout, and by
`flatpak-builder --show-manifest`, which only warns on unknown keys: any
output on stderr fails.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap, skip  # noqa: E402

RUNTIME = ('org.gnome.Platform', 'org.gnome.Sdk', '50')
FINISH_ARGS = ['--share=network', '--share=ipc', '--socket=fallback-x11',
               '--socket=wayland', '--device=dri']
# What the GNOME runtime lacks; everything else (GTK, libadwaita, libsoup,
# json-glib, libsecret, GtkSourceView, SQLite) comes from the runtime.
EXTRA_MODULES = {'md4c'}
SCHEMA = os.path.join('schemas', 'flatpak-manifest.schema.json')


def modules_of(manifest):
    return [m for m in manifest.get('modules', []) if isinstance(m, dict)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--manifest', required=True)
    parser.add_argument('--srcdir', required=True)
    parser.add_argument('--app-id', required=True)
    args = parser.parse_args()

    with open(args.manifest, encoding='utf-8') as f:
        manifest = json.load(f)
    modules = modules_of(manifest)
    tap = Tap()

    def runtime():
        assert manifest.get('id') == args.app_id, 'id is %r, not %s' % (manifest.get('id'), args.app_id)
        got = (manifest.get('runtime'), manifest.get('sdk'), manifest.get('runtime-version'))
        assert got == RUNTIME, 'runtime, sdk and version are %r, expected %r' % (got, RUNTIME)

    def command():
        assert manifest.get('command') == 'mimo-chat'

    def finish_args():
        got = manifest.get('finish-args', [])
        assert sorted(got) == sorted(FINISH_ARGS) and len(got) == len(FINISH_ARGS), \
            'finish-args are %r; a network chat client needs exactly %r' % (got, FINISH_ARGS)

    def git_sources_pinned():
        for module in modules:
            for source in module.get('sources', []):
                if isinstance(source, dict) and source.get('type') == 'git':
                    assert source.get('tag') and source.get('commit'), \
                        '%s: a git source needs both a tag and a commit' % module.get('name')
                    assert re.match(r'^[0-9a-f]{40}$', source['commit']), \
                        '%s: the commit must be a full 40-digit hash' % module.get('name')

    def md4c_module():
        found = [m for m in modules if m.get('name') == 'md4c']
        assert len(found) == 1, 'needs one md4c module (not in the GNOME runtime)'
        md4c = found[0]
        assert md4c.get('buildsystem') == 'cmake-ninja'
        assert '-DBUILD_MD2HTML_EXECUTABLE=OFF' in md4c.get('config-opts', []), \
            'md4c should not build the md2html program'
        sources = md4c.get('sources', [])
        assert len(sources) == 1 and sources[0].get('type') == 'git', 'md4c comes from its git repository'
        assert sources[0].get('url') == 'https://github.com/mity/md4c.git'
        assert re.match(r'^release-\d+\.\d+\.\d+$', sources[0].get('tag', '')), \
            'md4c must be pinned to a release tag'
        assert re.match(r'^[0-9a-f]{40}$', sources[0].get('commit', '')), \
            'md4c must be pinned to the tag\'s commit'

    def app_module():
        assert modules, 'no modules'
        app = modules[-1]
        assert app.get('name') == 'mimo-chat', 'the app must be the last module'
        assert app.get('buildsystem') == 'meson'
        sources = app.get('sources', [])
        assert len(sources) == 1 and sources[0].get('type') == 'dir', 'the app builds from the checkout'
        assert not os.path.isabs(sources[0].get('path', '')), 'the dir source must be relative, like ".."'
        path = os.path.join(os.path.dirname(os.path.abspath(args.manifest)), sources[0].get('path', ''))
        assert os.path.samefile(path, args.srcdir), 'the dir source %s is not the source root' % path
        others = {m.get('name') for m in modules[:-1]}
        assert others <= EXTRA_MODULES, \
            'modules %s: the GNOME runtime already has them (see PACKAGING.md)' % sorted(others - EXTRA_MODULES)

    def schema():
        shared = os.environ.get('MIMO_SHARED_DIR') or os.path.join(args.srcdir, '..', 'shared')
        path = os.path.join(shared, SCHEMA)
        if not os.path.isfile(path):
            skip('no %s beside the checkout (a release tarball has no shared/); '
                 'set MIMO_SHARED_DIR to check the schema' % os.path.normpath(path))
        try:
            import jsonschema
        except ImportError:
            skip('python3-jsonschema is not installed')
        with open(path, encoding='utf-8') as f:
            schema = json.load(f)
        try:
            jsonschema.validate(manifest, schema)
        except jsonschema.ValidationError as e:
            where = '/'.join(str(p) for p in e.absolute_path) or '(top level)'
            raise AssertionError('does not match the flatpak-builder schema at %s: %s' % (where, e.message))

    def show_manifest():
        builder = shutil.which('flatpak-builder')
        if builder is None:
            skip('flatpak-builder is not installed')
        proc = subprocess.run([builder, '--show-manifest', args.manifest],
                              capture_output=True, text=True)
        assert proc.returncode == 0, 'flatpak-builder --show-manifest failed:\n' + proc.stderr
        assert not proc.stderr.strip(), 'flatpak-builder warned:\n' + proc.stderr
        assert json.loads(proc.stdout).get('id') == args.app_id

    tap.run('/data/manifest/runtime', runtime)
    tap.run('/data/manifest/command', command)
    tap.run('/data/manifest/finish-args', finish_args)
    tap.run('/data/manifest/git-sources-pinned', git_sources_pinned)
    tap.run('/data/manifest/md4c-module', md4c_module)
    tap.run('/data/manifest/app-module', app_module)
    tap.run('/data/manifest/schema', schema)
    tap.run('/data/manifest/show-manifest', show_manifest)
    tap.done()


if __name__ == '__main__':
    main()
