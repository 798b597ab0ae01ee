/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-cli-history.c: `mimo-chat --list`, `--search` and `--export`, over the same history as the app. */

#define G_LOG_DOMAIN "mimo-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "mimo-chat-export.h"
#include "mimo-cli-history.h"
#include "mimo-cli-private.h"
#include "mimo-cli.h"
#include "mimo-draft-export.h"
#include "mimo-money.h"

/* Enough for a terminal; the newest matches come first. */
#define SEARCH_LIMIT 100

static gboolean
want_json (GVariantDict *options)
{
  gboolean json = FALSE;

  g_variant_dict_lookup (options, "json", "b", &json);
  return json;
}

/* ---------------------------------------------------------------- list -- */

int
mimo_cli_list (GVariantDict *options)
{
  g_autoptr (MimoStore) store = _mimo_cli_open_store (TRUE);
  GListModel           *conversations;
  guint                 n;

  if (store == NULL)
    return MIMO_CLI_EXIT_FAILED;

  conversations = mimo_store_get_conversations (store);
  n = g_list_model_get_n_items (conversations);

  if (want_json (options))
    {
      g_autoptr (JsonBuilder) builder = json_builder_new ();
      g_autoptr (JsonNode)    root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr (MimoConversation) conversation = g_list_model_get_item (conversations, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, mimo_conversation_get_id (conversation));
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, mimo_conversation_get_title (conversation));
          _mimo_cli_json_add_time (builder, "created", mimo_conversation_get_created_us (conversation));
          _mimo_cli_json_add_time (builder, "updated", mimo_conversation_get_updated_us (conversation));
          json_builder_set_member_name (builder, "messages");
          json_builder_add_int_value (builder, mimo_conversation_get_n_messages (conversation));
          json_builder_set_member_name (builder, "spend");
          json_builder_begin_object (builder);
          mimo_ledger_totals_add_to_builder (mimo_conversation_get_totals (conversation), builder);
          json_builder_end_object (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      _mimo_cli_print_json (root, TRUE);
    }
  else if (n == 0)
    g_print ("%s\n", _ ("You have no chats yet. Start one with mimo-chat --ask “your question”."));
  else
    {
      g_autoptr (MimoCliTable) table = _mimo_cli_table_new (4);
      g_autofree char         *text = NULL;

      _mimo_cli_table_set_column (table, 0, TRUE, 0);
      _mimo_cli_table_set_column (table, 1, FALSE, 48);
      _mimo_cli_table_set_column (table, 2, TRUE, 0);
      _mimo_cli_table_set_column (table, 3, TRUE, 0);
      /* Translators: column headings of mimo-chat --list. */
      _mimo_cli_table_add_row (table, _ ("ID"), _ ("Title"), _ ("Messages"), _ ("Spent"));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (MimoConversation) conversation = g_list_model_get_item (conversations, i);
          g_autofree char             *id = g_strdup_printf ("%" G_GINT64_FORMAT, mimo_conversation_get_id (conversation));
          g_autofree char             *count = _mimo_cli_format_count (mimo_conversation_get_n_messages (conversation));
          g_autofree char             *spent = mimo_money_format (mimo_conversation_get_totals (conversation)->cost.total_nanos);

          _mimo_cli_table_add_row (table, id, mimo_conversation_get_title (conversation), count, spent);
        }

      text = _mimo_cli_table_to_string (table, NULL);
      fputs (text, stdout);
    }

  _mimo_cli_close_store (store);
  return MIMO_CLI_EXIT_OK;
}

/* -------------------------------------------------------------- search -- */

static void
print_hits_json (GPtrArray *hits)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode)    root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < hits->len; i++)
    {
      MimoSearchHit *hit = g_ptr_array_index (hits, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "conversation_id");
      json_builder_add_int_value (builder, hit->conversation_id);
      json_builder_set_member_name (builder, "message_id");
      json_builder_add_int_value (builder, hit->message_id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, hit->conversation_title);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, mimo_role_to_string (hit->role));
      _mimo_cli_json_add_time (builder, "time", hit->time_us);
      json_builder_set_member_name (builder, "snippet");
      json_builder_add_string_value (builder, hit->snippet);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  _mimo_cli_print_json (root, TRUE);
}

static void
print_hits (GPtrArray  *hits,
            const char *query)
{
  g_autoptr (MimoCliTable) table = _mimo_cli_table_new (4);
  g_autofree char         *text = NULL;

  if (hits->len == 0)
    {
      g_autofree char *message = g_strdup_printf (_ ("No message contains “%s”."), query);

      g_print ("%s\n", message);
      return;
    }

  _mimo_cli_table_set_column (table, 0, TRUE, 0);
  _mimo_cli_table_set_column (table, 2, FALSE, 32);
  _mimo_cli_table_set_column (table, 3, FALSE, 72);
  /* Translators: column headings of mimo-chat --search: the chat's
   * number, the message's date, the chat's title, the words found. */
  _mimo_cli_table_add_row (table, _ ("ID"), _ ("Date"), _ ("Chat"), _ ("Found"));

  for (guint i = 0; i < hits->len; i++)
    {
      MimoSearchHit   *hit = g_ptr_array_index (hits, i);
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, hit->conversation_id);
      g_autofree char *day = _mimo_cli_format_day (hit->time_us);

      _mimo_cli_table_add_row (table, id, day, hit->conversation_title, hit->snippet);
    }

  text = _mimo_cli_table_to_string (table, NULL);
  fputs (text, stdout);

  if (hits->len == SEARCH_LIMIT)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (ngettext ("These are the %d newest matches; add words to find older ones.",
                                           "These are the %d newest matches; add words to find older ones.",
                                           SEARCH_LIMIT),
                                 SEARCH_LIMIT);
      _mimo_cli_print_problem (message);
    }
}

int
mimo_cli_search (GVariantDict *options)
{
  g_autoptr (MimoStore) store = NULL;
  g_autoptr (GPtrArray) hits = NULL;
  g_autoptr (GError)    error = NULL;
  g_autofree char      *query = NULL;

  g_variant_dict_lookup (options, "search", "s", &query);
  if (query == NULL || g_strstrip (query)[0] == '\0')
    {
      _mimo_cli_usage_error (_ ("The words given to --search are empty."));
      return MIMO_CLI_EXIT_USAGE;
    }

  store = _mimo_cli_open_store (TRUE);
  if (store == NULL)
    return MIMO_CLI_EXIT_FAILED;

  hits = mimo_store_search (store, query, SEARCH_LIMIT, &error);
  if (hits == NULL)
    return _mimo_cli_history_failed (error);

  if (want_json (options))
    print_hits_json (hits);
  else
    print_hits (hits, query);

  _mimo_cli_close_store (store);
  return MIMO_CLI_EXIT_OK;
}

/* -------------------------------------------------------------- export -- */

/* What --export can write, by --what: each takes the chat and returns
 * the text, or NULL with G_IO_ERROR_NOT_FOUND when there is nothing to
 * write. */
typedef char *(*ExportFunc) (MimoConversation     *conversation,
                             const MimoChatParams *defaults,
                             MimoChatExportFormat  format,
                             GError              **error);

static char *
export_chat (MimoConversation     *conversation,
             const MimoChatParams *defaults,
             MimoChatExportFormat  format,
             GError              **error)
{
  return mimo_chat_export (conversation, defaults, format);
}

/* The chat's document as the app exports it: references in order, the
 * web page named after its first heading, else after the chat. */
static char *
export_draft (MimoConversation     *conversation,
              const MimoChatParams *defaults,
              MimoChatExportFormat  format,
              GError              **error)
{
  const char      *draft = mimo_conversation_get_draft (conversation);
  g_autofree char *heading = NULL;
  g_autofree char *blank = g_strstrip (g_strdup (draft));

  if (blank[0] == '\0')
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, mimo_conversation_get_id (conversation));

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   /* Translators: %s is the chat's number. */
                   _ ("Chat %s has no draft yet. In Mimo Chat, choose “Add to Draft” on an answer to start one."),
                   number);
      return NULL;
    }

  if (format == MIMO_CHAT_EXPORT_MARKDOWN)
    return mimo_draft_export (draft, MIMO_DRAFT_FORMAT_MARKDOWN, NULL);
  g_assert (format == MIMO_CHAT_EXPORT_HTML);
  heading = mimo_draft_dup_heading (draft);
  return mimo_draft_export (draft, MIMO_DRAFT_FORMAT_HTML,
                            heading != NULL ? heading : mimo_conversation_get_title (conversation));
}

#define ALL_FORMATS ((1 << MIMO_CHAT_EXPORT_MARKDOWN) | (1 << MIMO_CHAT_EXPORT_HTML) | (1 << MIMO_CHAT_EXPORT_JSON))

static const struct
{
  const char *name;
  ExportFunc  func;
  guint       formats; /* 1 << MimoChatExportFormat */
  const char *formats_message;
} exports[] = {
  { "chat", export_chat, ALL_FORMATS, NULL },
  { "draft", export_draft, (1 << MIMO_CHAT_EXPORT_MARKDOWN) | (1 << MIMO_CHAT_EXPORT_HTML),
    N_ ("A draft can be exported as markdown or html.") },
};

static gboolean
write_output (const char *path,
              const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autofree char   *display = NULL;
  g_autofree char   *message = NULL;

  if (path == NULL)
    {
      fputs (text, stdout);
      fflush (stdout);
      return TRUE;
    }

  /* Written beside and renamed: never half a file under the name. */
  if (g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    return TRUE;

  display = g_filename_display_name (path);
  /* Translators: the first %s is a file name, the second says why, as the system does. */
  message = g_strdup_printf (_ ("Could not write “%s”: %s. Check the folder exists and can be written to, "
                                "or choose another file."),
                             display, error->message);
  _mimo_cli_print_problem (message);
  return FALSE;
}

int
mimo_cli_export (GVariantDict *options)
{
  g_autoptr (MimoStore)      store = NULL;
  g_autoptr (GSettings)      settings = NULL;
  g_autoptr (MimoChatParams) defaults = NULL;
  g_autoptr (GError)         error = NULL;
  g_autofree char           *text = NULL;
  const char                *id_text = NULL;
  const char                *format_name = "markdown";
  const char                *what = "chat";
  const char                *output = NULL;
  MimoChatExportFormat       format;
  MimoConversation          *conversation;
  ExportFunc                 func = NULL;
  guint                      what_index = 0;
  gint64                     id;

  g_variant_dict_lookup (options, "export", "&s", &id_text);
  g_variant_dict_lookup (options, "format", "&s", &format_name);
  g_variant_dict_lookup (options, "what", "&s", &what);
  g_variant_dict_lookup (options, "output", "^&ay", &output);

  if (!_mimo_cli_parse_id ("export", id_text, &id))
    return MIMO_CLI_EXIT_USAGE;
  if (!mimo_chat_export_format_from_string (format_name, &format))
    {
      g_autofree char *message = g_strdup_printf (_ ("“%s” is not a format --export knows. Use markdown, html or json."),
                                                  format_name);

      _mimo_cli_usage_error (message);
      return MIMO_CLI_EXIT_USAGE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    {
      if (g_str_equal (what, exports[i].name))
        {
          func = exports[i].func;
          what_index = i;
        }
    }
  if (func == NULL)
    {
      g_autofree char *message = g_strdup_printf (_ ("“%s” is not something --export can write. Use chat or draft."), what);

      _mimo_cli_usage_error (message);
      return MIMO_CLI_EXIT_USAGE;
    }
  if ((exports[what_index].formats & (1u << format)) == 0)
    {
      _mimo_cli_usage_error (_ (exports[what_index].formats_message));
      return MIMO_CLI_EXIT_USAGE;
    }
  if (output != NULL && output[0] == '\0')
    {
      _mimo_cli_usage_error (_ ("The file name given to --output is empty."));
      return MIMO_CLI_EXIT_USAGE;
    }

  store = _mimo_cli_open_store (TRUE);
  if (store == NULL)
    return MIMO_CLI_EXIT_FAILED;

  conversation = mimo_store_lookup_conversation (store, id);
  if (conversation == NULL)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);
      g_autofree char *message = NULL;

      message = g_strdup_printf (_ ("There is no chat number %s. "
                                    "Run “mimo-chat --list” to see your chats and their numbers."),
                                 number);
      _mimo_cli_usage_error (message);
      return MIMO_CLI_EXIT_USAGE;
    }

  settings = _mimo_cli_new_settings ();
  defaults = _mimo_cli_dup_defaults (settings);
  text = func (conversation, defaults, format, &error);
  if (text == NULL)
    {
      /* Not a mistake in the command: there is nothing to write yet. */
      _mimo_cli_print_problem (error->message);
      _mimo_cli_close_store (store);
      return MIMO_CLI_EXIT_FAILED;
    }
  /* A file ends with a line break, whatever the format. */
  if (text[0] == '\0' || !g_str_has_suffix (text, "\n"))
    {
      char *ended = g_strconcat (text, "\n", NULL);

      g_free (text);
      text = ended;
    }

  if (!write_output (output, text))
    return MIMO_CLI_EXIT_FAILED;

  _mimo_cli_close_store (store);
  return MIMO_CLI_EXIT_OK;
}
