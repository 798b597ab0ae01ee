/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-application.h: the AdwApplication that owns settings and windows. */

#pragma once

#include <adwaita.h>

#include "mimo-client.h"
#include "mimo-key-store.h"
#include "mimo-store.h"

G_BEGIN_DECLS

#define MIMO_TYPE_APPLICATION (mimo_application_get_type ())

G_DECLARE_FINAL_TYPE (MimoApplication, mimo_application, MIMO, APPLICATION, AdwApplication)

MimoApplication *mimo_application_new (const char       *application_id,
                                       GApplicationFlags flags);
GSettings       *mimo_application_get_settings (MimoApplication *self);
MimoKeyStore    *mimo_application_get_key_store (MimoApplication *self);
MimoClient      *mimo_application_get_client (MimoApplication *self);
MimoStore       *mimo_application_get_store (MimoApplication *self);
char            *mimo_application_dup_history_path (MimoApplication *self);

G_END_DECLS
