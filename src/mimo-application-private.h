/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-application-private.h: the application's fields, shared with its history actions (mimo-application-history.c). */

#pragma once

#include "mimo-application.h"

G_BEGIN_DECLS

struct _MimoApplication
{
  AdwApplication parent_instance;

  GSettings    *settings;
  MimoKeyStore *key_store;
  MimoClient   *client;
  MimoStore    *store;
  gboolean      parsed_options;

  /* Export All while it runs. */
  GCancellable *export_cancellable;
};

/* app.export-all and app.clear-history(b), which the Preferences use. */
void _mimo_application_history_init (MimoApplication *self);
/* Stops an export still running. */
void _mimo_application_history_shutdown (MimoApplication *self);

G_END_DECLS
