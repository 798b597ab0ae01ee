/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-cli-common.c: messages, the history file, aligned columns, JSON and dates for the command line. */

#define G_LOG_DOMAIN "mimo-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mimo-cli-private.h"
#include "mimo-money.h"
#include "mimo-settings.h"

void
_mimo_cli_print_problem (const char *message)
{
  g_printerr ("mimo-chat: %s\n", message);
}

void
_mimo_cli_usage_error (const char *message)
{
  _mimo_cli_print_problem (message);
  g_printerr ("%s\n", _ ("Run “mimo-chat --help” to see the options."));
}

gboolean
_mimo_cli_parse_id (const char *option,
                    const char *text,
                    gint64     *id)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (!g_ascii_string_to_signed (stripped, 10, 1, G_MAXINT64, id, NULL))
    {
      g_autofree char *message = NULL;

      /* Translators: the first %s is what the user typed, the second an option name. */
      message = g_strdup_printf (_ ("“%s” given to --%s is not a chat number. "
                                    "Run “mimo-chat --list” to see the numbers of your chats."),
                                 text, option);
      _mimo_cli_usage_error (message);
      return FALSE;
    }

  return TRUE;
}

GDateTime *
_mimo_cli_parse_date (const char *option,
                      const char *text)
{
  guint64 year = 0, month = 0, day = 0;

  /* Exactly YYYY-MM-DD: a date people can read back without doubt about
   * which number is the month. */
  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-')
    {
      g_autofree char *y = g_strndup (text, 4);
      g_autofree char *m = g_strndup (text + 5, 2);
      g_autofree char *d = g_strndup (text + 8, 2);

      if (g_ascii_string_to_unsigned (y, 10, 1, 9999, &year, NULL) &&
          g_ascii_string_to_unsigned (m, 10, 1, 12, &month, NULL) &&
          g_ascii_string_to_unsigned (d, 10, 1, 31, &day, NULL) &&
          g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
        {
          GDateTime *date = g_date_time_new_local ((int) year, (int) month, (int) day, 0, 0, 0);

          if (date != NULL)
            return date;
        }
    }

  {
    g_autofree char *message = NULL;

    /* Translators: the first %s is what the user typed, the second an option name. */
    message = g_strdup_printf (_ ("“%s” given to --%s is not a date. Write it as year-month-day, for example 2025-03-01."),
                               text, option);
    _mimo_cli_usage_error (message);
  }
  return NULL;
}

char *
_mimo_cli_format_day (gint64 time_us)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_unix_local (time_us / G_USEC_PER_SEC);

  return g_date_time_format (time, "%Y-%m-%d");
}

char *
_mimo_cli_format_count (gint64 n)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

/* ----------------------------------------------------------- settings -- */

GSettings *
_mimo_cli_new_settings (void)
{
  GSettingsSchemaSource      *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  /* g_settings_new() would abort without the schema (an uninstalled
   * build); the card's defaults are the right answer then. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, BASE_APPLICATION_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

MimoChatParams *
_mimo_cli_dup_defaults (GSettings *settings)
{
  if (settings == NULL)
    return mimo_chat_params_new ();

  return mimo_settings_get_chat_params (settings);
}

/* ------------------------------------------------------------ history -- */

MimoStore *
_mimo_cli_open_store (gboolean need_file)
{
  g_autoptr (MimoStore) store = mimo_store_new (NULL);
  const char           *recovery = mimo_store_get_recovery_message (store);

  if (recovery != NULL)
    _mimo_cli_print_problem (recovery);

  if (need_file && mimo_store_get_in_memory (store))
    return NULL;

  return g_steal_pointer (&store);
}

gboolean
_mimo_cli_close_store (MimoStore *store)
{
  g_return_val_if_fail (MIMO_IS_STORE (store), FALSE);

  /* The store retries later in an app; a command has no later, so one
   * more try now, and otherwise the user must hear it. */
  if (mimo_store_flush (store) || mimo_store_flush (store))
    return TRUE;

  {
    g_autofree char *dir = g_path_get_dirname (mimo_store_get_path (store));
    g_autofree char *message = NULL;

    /* Translators: %s is a folder, such as /home/ana/.local/share/mimo-chat */
    message = g_strdup_printf (_ ("The latest changes could not be saved in your chat history, so this exchange "
                                  "is missing from it or only partly there. The disk may be full, or the folder "
                                  "“%s” may not be writable. Free some space or check the folder, then try again."),
                               dir);
    _mimo_cli_print_problem (message);
  }
  return FALSE;
}

int
_mimo_cli_history_failed (const GError *error)
{
  g_autofree char *message = NULL;

  /* Translators: %s is a technical detail, in English, for a bug report. */
  message = g_strdup_printf (_ ("Your chat history could not be read. Check that the disk is working and not full, "
                                "then try again. (Details: %s)"),
                             error->message);
  _mimo_cli_print_problem (message);

  return 1;
}

/* --------------------------------------------------------------- JSON -- */

void
_mimo_cli_print_json (JsonNode *root,
                      gboolean  pretty)
{
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char          *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, pretty);
  text = json_generator_to_data (generator, NULL);

  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

void
_mimo_cli_json_add_money (JsonBuilder *builder,
                          const char  *name,
                          gint64       nanos)
{
  g_autofree char *text = mimo_money_format_plain (nanos, 9);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, text);
}

void
_mimo_cli_json_add_time (JsonBuilder *builder,
                         const char  *name,
                         gint64       time_us)
{
  g_autoptr (GDateTime) seconds = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) time = g_date_time_add (seconds, time_us % G_USEC_PER_SEC);
  g_autofree char      *iso = g_date_time_format_iso8601 (time);

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, iso);
}

/* ------------------------------------------------------------- columns -- */

struct _MimoCliTable
{
  guint      n_columns;
  gboolean  *align_right;
  guint     *max_width;
  GPtrArray *rows; /* GStrv */
};

MimoCliTable *
_mimo_cli_table_new (guint n_columns)
{
  MimoCliTable *self = g_new0 (MimoCliTable, 1);

  self->n_columns = n_columns;
  self->align_right = g_new0 (gboolean, n_columns);
  self->max_width = g_new0 (guint, n_columns);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  return self;
}

void
_mimo_cli_table_free (MimoCliTable *self)
{
  if (self == NULL)
    return;

  g_free (self->align_right);
  g_free (self->max_width);
  g_ptr_array_unref (self->rows);
  g_free (self);
}

void
_mimo_cli_table_set_column (MimoCliTable *self,
                            guint         column,
                            gboolean      align_right,
                            guint         max_width)
{
  g_return_if_fail (column < self->n_columns);

  self->align_right[column] = align_right;
  self->max_width[column] = max_width;
}

/* Columns a terminal gives the text. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_iszerowidth (c))
        width += g_unichar_iswide (c) ? 2 : 1;
    }

  return width;
}

/* One line of plain text, cut with "…" to @max_width columns (0: any). */
static char *
fit_cell (const char *text,
          guint       max_width)
{
  g_autofree char    *valid = g_utf8_make_valid (text != NULL ? text : "", -1);
  g_autoptr (GString) cell = g_string_new (NULL);
  guint               width = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint    w;

      if (g_unichar_iscntrl (c))
        c = ' ';
      w = g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2
                                                               : 1;

      if (max_width > 0 && width + w > max_width)
        {
          /* Room for the ellipsis: drop characters until it fits. */
          while (cell->len > 0 && width + 1 > max_width)
            {
              char *last = g_utf8_find_prev_char (cell->str, cell->str + cell->len);

              width -= display_width (last);
              g_string_truncate (cell, (gsize) (last - cell->str));
            }
          g_string_append (cell, "…");
          break;
        }
      g_string_append_unichar (cell, c);
      width += w;
    }

  return g_string_free (g_steal_pointer (&cell), FALSE);
}

void
_mimo_cli_table_add_row (MimoCliTable *self,
                         ...)
{
  va_list args;
  char  **row = g_new0 (char *, self->n_columns + 1);

  va_start (args, self);
  for (guint i = 0; i < self->n_columns; i++)
    row[i] = fit_cell (va_arg (args, const char *), self->max_width[i]);
  va_end (args);

  g_ptr_array_add (self->rows, row);
}

char *
_mimo_cli_table_to_string (MimoCliTable *self,
                           const char   *indent)
{
  g_autofree guint   *widths = g_new0 (guint, self->n_columns);
  g_autoptr (GString) out = g_string_new (NULL);

  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = g_ptr_array_index (self->rows, r);

      for (guint i = 0; i < self->n_columns; i++)
        widths[i] = MAX (widths[i], display_width (row[i]));
    }

  for (guint r = 0; r < self->rows->len; r++)
    {
      char **row = g_ptr_array_index (self->rows, r);
      gsize  line_start = out->len;

      g_string_append (out, indent != NULL ? indent : "");
      for (guint i = 0; i < self->n_columns; i++)
        {
          guint pad = widths[i] - display_width (row[i]);

          if (i > 0)
            g_string_append (out, "  ");
          if (self->align_right[i])
            {
              for (guint k = 0; k < pad; k++)
                g_string_append_c (out, ' ');
              g_string_append (out, row[i]);
            }
          else
            {
              g_string_append (out, row[i]);
              for (guint k = 0; k < pad; k++)
                g_string_append_c (out, ' ');
            }
        }

      /* No trailing spaces: they would show when copied. */
      while (out->len > line_start && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
