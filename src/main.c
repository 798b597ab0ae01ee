/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: the mimo-chat entry point; everything else lives in MimoApplication. */

#define G_LOG_DOMAIN "mimo-main"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mimo-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr (MimoApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = mimo_application_new (APPLICATION_ID, G_APPLICATION_DEFAULT_FLAGS);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
