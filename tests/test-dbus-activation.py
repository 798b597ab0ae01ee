# SPDX-License-Identifier: GPL-3.0-or-later
"""Starts the app the way GNOME Shell does with DBusActivatable=true.

A private session bus whose only service directory holds our built D-Bus
service file (its Exec pointed at the build's mimo-chat) must start the app
with --gapplication-service when org.freedesktop.Application.Activate is
called, show a window, and quit through the app.quit action.
"""

import argparse
import configparser
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Tap, skip  # noqa: E402

# A guard against hangs, not a timing assertion.
TIMEOUT = 30

BUS_CONFIG = '''<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
'''


def object_path(app_id):
    # g_application_get_dbus_object_path(): dots become slashes, dashes underscores.
    return '/' + app_id.replace('.', '/').replace('-', '_')


def wait_until(predicate, what):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError('gave up after %d s waiting for %s' % (TIMEOUT, what))


def process_alive(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().split(') ', 1)[1][0] != 'Z'
    except (FileNotFoundError, IndexError):
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--app-id', required=True)
    parser.add_argument('--service', required=True, help='the built .service file')
    parser.add_argument('--program', required=True, help='the built mimo-chat')
    args = parser.parse_args()

    tap = Tap()
    if not os.environ.get('DISPLAY'):
        tap.skip_all('needs an X display (build-aux/dev test runs Xvfb)')
    for tool in ('dbus-daemon', 'gdbus'):
        if shutil.which(tool) is None:
            tap.skip_all('%s is not installed' % tool)

    tmp = tempfile.mkdtemp(prefix='mimo-activation-')
    services = os.path.join(tmp, 'services')
    socket = os.path.join(tmp, 'bus')
    os.makedirs(services)
    for name in ('home', 'config', 'cache', 'data', 'state'):
        os.makedirs(os.path.join(tmp, name))

    env = dict(os.environ)
    env.update({
        'DBUS_SESSION_BUS_ADDRESS': 'unix:path=' + socket,
        'HOME': os.path.join(tmp, 'home'),
        'XDG_CONFIG_HOME': os.path.join(tmp, 'config'),
        'XDG_CACHE_HOME': os.path.join(tmp, 'cache'),
        'XDG_DATA_HOME': os.path.join(tmp, 'data'),
        'XDG_STATE_HOME': os.path.join(tmp, 'state'),
        'GSETTINGS_BACKEND': 'memory',
        'GTK_A11Y': 'none',
        'NO_AT_BRIDGE': '1',
    })
    path = object_path(args.app_id)
    state = {'daemon': None, 'pid': None}

    def gdbus(*call_args):
        return subprocess.run(['gdbus', 'call', '--session'] + list(call_args),
                              env=env, capture_output=True, text=True, timeout=TIMEOUT)

    def bus_call(method, *params):
        return gdbus('--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus',
                     '--method', 'org.freedesktop.DBus.' + method, *params)

    def has_owner():
        proc = bus_call('NameHasOwner', args.app_id)
        return proc.returncode == 0 and 'true' in proc.stdout

    def service_file_starts_the_program():
        keyfile = configparser.RawConfigParser(interpolation=None)
        keyfile.optionxform = str
        keyfile.read(args.service, encoding='utf-8')
        service = dict(keyfile.items('D-BUS Service'))
        assert service.get('Name') == args.app_id
        argv = shlex.split(service.get('Exec', ''))
        assert len(argv) == 2 and os.path.basename(argv[0]) == 'mimo-chat' \
            and argv[1] == '--gapplication-service', 'Exec is %r' % service.get('Exec')
        # The same file, run from the build instead of the install prefix.
        with open(os.path.join(services, args.app_id + '.service'), 'w', encoding='utf-8') as f:
            f.write('[D-BUS Service]\nName=%s\nExec=%s --gapplication-service\n'
                    % (args.app_id, os.path.abspath(args.program)))
        config = os.path.join(tmp, 'bus.conf')
        with open(config, 'w', encoding='utf-8') as f:
            f.write(BUS_CONFIG.format(socket=socket, services=services))
        # The app's output comes through the daemon: keep it off our TAP stdout.
        state['daemon'] = subprocess.Popen(['dbus-daemon', '--config-file=' + config, '--nofork'],
                                           env=env, stdout=sys.stderr, stderr=sys.stderr)
        wait_until(lambda: bus_call('GetId').returncode == 0, 'the private session bus')
        proc = bus_call('ListActivatableNames')
        assert args.app_id in proc.stdout, 'the bus does not offer %s: %s' % (args.app_id, proc.stdout)

    def activate_shows_a_window():
        if state['daemon'] is None:
            skip('no bus')
        proc = gdbus('--dest', args.app_id, '--object-path', path,
                     '--method', 'org.freedesktop.Application.Activate', '{}')
        assert proc.returncode == 0, 'Activate failed:\n' + proc.stderr
        proc = bus_call('GetConnectionUnixProcessID', args.app_id)
        assert proc.returncode == 0, proc.stderr
        state['pid'] = int(re.search(r'uint32 (\d+)', proc.stdout).group(1))
        with open('/proc/%d/cmdline' % state['pid'], 'rb') as f:
            argv = f.read().split(b'\0')
        assert b'--gapplication-service' in argv, 'started as %r' % argv
        # GtkApplication exports each of its windows' actions at window/N.
        wait_until(lambda: 'org.gtk.Actions' in subprocess.run(
            ['gdbus', 'introspect', '--session', '--dest', args.app_id,
             '--object-path', path + '/window/1'],
            env=env, capture_output=True, text=True).stdout, 'the window')
        if shutil.which('xwininfo'):
            wait_until(lambda: '"Mimo Chat"' in subprocess.run(
                ['xwininfo', '-root', '-tree'], env=env, capture_output=True, text=True).stdout,
                'a window titled "Mimo Chat" on the display')

    def quit_action_ends_the_service():
        if state['pid'] is None:
            skip('the app did not start')
        proc = gdbus('--dest', args.app_id, '--object-path', path,
                     '--method', 'org.freedesktop.Application.ActivateAction', 'quit', '[]', '{}')
        assert proc.returncode == 0, 'ActivateAction quit failed:\n' + proc.stderr
        wait_until(lambda: not has_owner(), 'the app to leave the bus')
        wait_until(lambda: not process_alive(state['pid']), 'the app to exit')

    try:
        tap.run('/gui/dbus-activation/service-file', service_file_starts_the_program)
        tap.run('/gui/dbus-activation/activate-shows-window', activate_shows_a_window)
        tap.run('/gui/dbus-activation/quit', quit_action_ends_the_service)
    finally:
        if state['pid'] is not None and process_alive(state['pid']):
            os.kill(state['pid'], 15)
        if state['daemon'] is not None:
            state['daemon'].terminate()
            state['daemon'].wait()
        shutil.rmtree(tmp, ignore_errors=True)
    tap.done()


if __name__ == '__main__':
    main()
