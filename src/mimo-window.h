/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-window.h: the main window. */

#pragma once

#include <adwaita.h>

#include "mimo-application.h"

G_BEGIN_DECLS

#define MIMO_TYPE_WINDOW (mimo_window_get_type ())

G_DECLARE_FINAL_TYPE (MimoWindow, mimo_window, MIMO, WINDOW, AdwApplicationWindow)

MimoWindow *mimo_window_new (MimoApplication *application,
                             GSettings       *settings,
                             MimoKeyStore    *key_store,
                             MimoClient      *client);

G_END_DECLS
