# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the built AppStream metainfo against Flathub's rules.

Debian 12's appstreamcli (0.16) validates the format but misses most of
what Flathub's reviewers and linter ask for (releases, OARS, screenshots,
captions, developer id, branding…), so each rule is a case here. Only the
untranslated elements are checked: translations come from po/.
"""

import argparse
import datetime
import os
import re
import struct
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap  # noqa: E402

XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'
SCREENSHOT_URL = re.compile(
    r'^https://raw\.githubusercontent\.com/mimochat/mimo-chat/main/data/screenshots/([A-Za-z0-9_-]+\.png)$')
MAX_SCREENSHOT = (1000, 700)
OARS_VALUES = {'none', 'mild', 'moderate', 'intense'}
CONTROLS = ('keyboard', 'pointing', 'touch')


def untranslated(elements):
    return [e for e in elements if XML_LANG not in e.attrib]


def text_of(root, path):
    found = untranslated(root.findall(path))
    assert len(found) == 1, 'expected one <%s>, found %d' % (path, len(found))
    return ' '.join((found[0].text or '').split())


def png_size(path):
    with open(path, 'rb') as f:
        head = f.read(24)
    assert head[:8] == b'\x89PNG\r\n\x1a\n' and head[12:16] == b'IHDR', '%s is not a PNG' % path
    return struct.unpack('>II', head[16:24])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--metainfo', required=True)
    parser.add_argument('--srcdir', required=True)
    parser.add_argument('--app-id', required=True)
    parser.add_argument('--version', required=True)
    parser.add_argument('--gettext-package', required=True)
    args = parser.parse_args()

    root = ET.parse(args.metainfo).getroot()
    tap = Tap()

    def identity():
        assert root.tag == 'component' and root.get('type') == 'desktop-application'
        assert text_of(root, 'id') == args.app_id
        launchable = root.find('launchable')
        assert launchable is not None and launchable.get('type') == 'desktop-id', \
            'needs <launchable type="desktop-id">'
        assert launchable.text == args.app_id + '.desktop'
        assert text_of(root, 'metadata_license') == 'CC0-1.0'
        assert text_of(root, 'project_license') == 'GPL-3.0-or-later'
        translation = root.find('translation')
        assert translation is not None and translation.get('type') == 'gettext' \
            and translation.text == args.gettext_package, \
            'needs <translation type="gettext">%s</translation>' % args.gettext_package

    def name_and_summary():
        name = text_of(root, 'name')
        summary = text_of(root, 'summary')
        assert 0 < len(name) < 20, 'name "%s" must be under 20 characters' % name
        assert 0 < len(summary) <= 35, \
            'summary "%s" has %d characters; at most 35' % (summary, len(summary))
        assert not summary.endswith('.'), 'the summary must not end with a full stop'
        assert not re.match(r'(?i)(a|an|the)\s', summary), 'the summary must not start with an article'
        assert name.lower() not in summary.lower(), 'the summary must not repeat the name'

    def description():
        desc = untranslated(root.findall('description'))
        assert len(desc) == 1, 'needs one <description>'
        paragraphs = untranslated(desc[0].findall('p'))
        assert paragraphs, 'the description needs at least one <p>'
        for p in paragraphs:
            assert (p.text or '').strip(), 'empty paragraph in the description'

    def developer():
        dev = root.find('developer')
        assert dev is not None, 'needs <developer id="…">'
        assert re.match(r'^[a-z0-9-]+(\.[A-Za-z0-9_-]+)+$', dev.get('id') or ''), \
            'the developer id must be reverse-DNS, like io.github.mimochat'
        assert text_of(dev, 'name'), 'the developer needs a <name>'

    def urls():
        found = {u.get('type'): (u.text or '').strip() for u in root.findall('url')}
        for kind in ('homepage', 'bugtracker', 'vcs-browser'):
            assert kind in found, 'needs <url type="%s">' % kind
            assert found[kind].startswith('https://'), '%s URL must be https' % kind

    def screenshots():
        shots = root.findall('screenshots/screenshot')
        assert len(shots) >= 3, 'needs at least three screenshots, has %d' % len(shots)
        defaults = [s for s in shots if s.get('type') == 'default']
        assert len(defaults) == 1, 'exactly one screenshot must be type="default"'
        for shot in shots:
            images = untranslated(shot.findall('image'))
            assert len(images) == 1, 'each screenshot needs one <image>'
            url = (images[0].text or '').strip()
            m = SCREENSHOT_URL.match(url)
            assert m, 'screenshot URL %s must point at data/screenshots/ on main' % url
            path = os.path.join(args.srcdir, 'data', 'screenshots', m.group(1))
            assert os.path.isfile(path), 'screenshot %s is not in data/screenshots/' % m.group(1)
            width, height = png_size(path)
            assert width <= MAX_SCREENSHOT[0] and height <= MAX_SCREENSHOT[1], \
                '%s is %dx%d; at most %dx%d' % ((m.group(1), width, height) + MAX_SCREENSHOT)
            caption = text_of(shot, 'caption')
            assert caption, 'screenshot %s needs a caption' % m.group(1)
            assert not caption.endswith('.'), 'caption "%s" must not end with a full stop' % caption

    def releases():
        rels = root.findall('releases/release')
        assert rels, 'needs at least one <release>'
        today = datetime.date.today()
        dates = []
        for rel in rels:
            assert rel.get('version'), 'a release needs a version'
            assert rel.get('date'), 'release %s needs a date' % rel.get('version')
            date = datetime.date.fromisoformat(rel.get('date'))
            assert date <= today, 'release %s is dated in the future (%s)' % (rel.get('version'), date)
            dates.append(date)
        assert dates == sorted(dates, reverse=True), 'releases must be listed newest first'
        assert rels[0].get('version') == args.version, \
            'the newest release is %s but meson.build says %s' % (rels[0].get('version'), args.version)

    def content_rating():
        rating = root.find('content_rating')
        assert rating is not None, 'needs an OARS <content_rating>'
        assert rating.get('type') == 'oars-1.1', 'the content rating must be type="oars-1.1"'
        for attr in rating.findall('content_attribute'):
            assert attr.get('id'), 'a content_attribute needs an id'
            assert attr.text in OARS_VALUES, '%s: "%s" is not an OARS value' % (attr.get('id'), attr.text)

    def branding():
        colors = root.findall('branding/color')
        schemes = {c.get('scheme_preference'): (c.text or '').strip() for c in colors
                   if c.get('type') == 'primary'}
        for scheme in ('light', 'dark'):
            assert scheme in schemes, 'needs a primary branding colour for the %s scheme' % scheme
            assert re.match(r'^#[0-9a-fA-F]{6}$', schemes[scheme]), \
                '%s branding colour %s is not #rrggbb' % (scheme, schemes[scheme])
        assert schemes['light'].lower() != schemes['dark'].lower()

    def requires_and_supports():
        assert root.findtext('requires/internet') == 'always', 'a network app requires internet "always"'
        lengths = root.findall('requires/display_length') + root.findall('recommends/display_length')
        assert lengths, 'needs a display_length in <requires> or <recommends>'
        for length in lengths:
            assert (length.text or '').strip().isdigit(), 'display_length must be a number of pixels'
        controls = {c.text for c in root.findall('supports/control')
                    + root.findall('recommends/control') + root.findall('requires/control')}
        for control in CONTROLS:
            assert control in controls, 'needs <control>%s</control>' % control

    def provides():
        binaries = [b.text for b in root.findall('provides/binary')]
        assert 'mimo-chat' in binaries, 'needs <provides><binary>mimo-chat</binary></provides>'

    tap.run('/data/metainfo/identity', identity)
    tap.run('/data/metainfo/name-and-summary', name_and_summary)
    tap.run('/data/metainfo/description', description)
    tap.run('/data/metainfo/developer', developer)
    tap.run('/data/metainfo/urls', urls)
    tap.run('/data/metainfo/screenshots', screenshots)
    tap.run('/data/metainfo/releases', releases)
    tap.run('/data/metainfo/content-rating', content_rating)
    tap.run('/data/metainfo/branding', branding)
    tap.run('/data/metainfo/requires-and-supports', requires_and_supports)
    tap.run('/data/metainfo/provides', provides)
    tap.done()


if __name__ == '__main__':
    main()
