/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-settings-keys.h: GSettings key names, in one place so a typo fails to compile. */

#pragma once

#define MIMO_SETTINGS_WINDOW_WIDTH     "window-width"
#define MIMO_SETTINGS_WINDOW_HEIGHT    "window-height"
#define MIMO_SETTINGS_WINDOW_MAXIMIZED "window-maximized"
