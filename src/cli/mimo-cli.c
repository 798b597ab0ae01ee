/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-cli.c: the command-line options (--ask and the history commands), checked, then handed to their command. */

#define G_LOG_DOMAIN "mimo-cli"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "mimo-cli-ask.h"
#include "mimo-cli-history.h"
#include "mimo-cli-private.h"
#include "mimo-cli.h"
#include "mimo-error.h"
#include "mimo-settings.h"

/* Numbers are taken as text so a bad one gets our message and exit
 * status 2, rather than GOption's and 1. */
static const GOptionEntry cli_entries[] = {
  { "ask", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Ask MiMo V2 Flash and print the answer, without a window; both are saved as a new chat (“-” reads the question from standard input)"), N_ ("TEXT") },
  { "system", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Instructions for the model, replacing its built-in ones (with --ask)"), N_ ("TEXT") },
  { "thinking", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_ ("Let the model think before it answers (the default)"), NULL },
  { "no-thinking", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_ ("Answer without thinking first: faster and cheaper"), NULL },
  { "web-search", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_ ("Let the model search the web ($0.015 a search)"), NULL },
  { "force-web-search", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_ ("Always search the web before answering"), NULL },
  { "search-keywords", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Most keywords the web searches may use, 1 to 5 (default 3)"), N_ ("N") },
  { "search-limit", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Most web searches for one answer, 1 to 10 (default 5)"), N_ ("N") },
  { "temperature", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Randomness, from 0 (predictable) to 2 (default 0.7)"), N_ ("X") },
  { "top-p", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Nucleus sampling, from 0 to 1 (default 0.9)"), N_ ("X") },
  { "max-tokens", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Longest answer in tokens, 1 to 65536 (default 4096)"), N_ ("N") },
  { "stop", 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL,
    N_ ("End the answer where this text would appear (up to 4 times)"), N_ ("TEXT") },
  { "raw-citations", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_ ("Keep web citations as plain [N], without the References list"), NULL },
  { "show-thinking", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_ ("Print the model’s thinking to standard error (also with --json)"), NULL },
  { "json", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_ ("Print JSON for programs instead of text (with --ask: one object with the status, answer, usage and cost)"), NULL },
  { "timeout", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Give up when EmpirioLabs sends nothing for this many seconds, 1 to 3600 (default 120)"), N_ ("SECONDS") },
  { "conversation", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Ask within the chat with this number, which sees everything said in it so far (with --ask)"), N_ ("ID") },
  { "list", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_ ("List your chats: number, title, messages and cost"), NULL },
  { "search", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Find the chats whose messages contain these words"), N_ ("WORDS") },
  { "export", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Write the whole chat with this number, or its draft with --what draft, to standard output (or to --output)"), N_ ("ID") },
  { "format", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("The format --export writes: markdown (the default), html or json"), N_ ("FORMAT") },
  { "what", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("What --export writes: chat (the default) or draft (the document made from its answers, with its references; markdown or html)"), N_ ("WHAT") },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_ ("Write the export to this file instead of standard output"), N_ ("FILE") },
  { "usage", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_ ("Show what you spent, per chat, per day and in total"), NULL },
  { "since", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Count only what was spent from this day on (with --usage)"), N_ ("YYYY-MM-DD") },
  { NULL }
};

/* The commands: exactly one runs. */
typedef enum
{
  COMMAND_NONE = 0,
  COMMAND_ASK = 1 << 0,
  COMMAND_LIST = 1 << 1,
  COMMAND_SEARCH = 1 << 2,
  COMMAND_EXPORT = 1 << 3,
  COMMAND_USAGE = 1 << 4,
} Command;

static const struct
{
  const char *name;
  Command     command;
} commands[] = {
  { "ask", COMMAND_ASK },
  { "list", COMMAND_LIST },
  { "search", COMMAND_SEARCH },
  { "export", COMMAND_EXPORT },
  { "usage", COMMAND_USAGE },
};

/* The options that are not --ask's alone, and the commands they go with. */
static const struct
{
  const char *name;
  Command     commands;
  const char *with;
} modifiers[] = {
  { "json", COMMAND_ASK | COMMAND_LIST | COMMAND_SEARCH | COMMAND_USAGE,
    N_ ("--ask, --list, --search or --usage") },
  { "format", COMMAND_EXPORT, "--export" },
  { "what", COMMAND_EXPORT, "--export" },
  { "output", COMMAND_EXPORT, "--export" },
  { "since", COMMAND_USAGE, "--usage" },
};

const GOptionEntry *
mimo_cli_get_option_entries (void)
{
  return cli_entries;
}

static gboolean
lookup_int (GVariantDict *options,
            const char   *name,
            int          *value)
{
  const char *text = NULL;
  gint64      number;

  if (!g_variant_dict_lookup (options, name, "&s", &text))
    return TRUE;

  if (!g_ascii_string_to_signed (g_strstrip ((char *) text), 10, G_MININT, G_MAXINT, &number, NULL))
    {
      g_autofree char *message = g_strdup_printf (_ ("The value “%s” given to --%s is not a whole number."), text, name);

      _mimo_cli_usage_error (message);
      return FALSE;
    }

  *value = (int) number;
  return TRUE;
}

static gboolean
lookup_double (GVariantDict *options,
               const char   *name,
               double       *value)
{
  const char *text = NULL;
  char       *end = NULL;
  double      number;

  if (!g_variant_dict_lookup (options, name, "&s", &text))
    return TRUE;

  number = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    {
      g_autofree char *message = g_strdup_printf (_ ("The value “%s” given to --%s is not a number (write decimals with a dot: 0.5)."), text, name);

      _mimo_cli_usage_error (message);
      return FALSE;
    }

  *value = number;
  return TRUE;
}

static char *
read_stdin (GError **error)
{
  g_autoptr (GInputStream)  in = g_unix_input_stream_new (0, FALSE);
  g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();

  if (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, error) < 0)
    return NULL;

  /* NUL-terminate the text. */
  return g_strndup (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)));
}

/* Applies the parameter options to @params (the defaults, or a chat's
 * own); prints the problem and returns FALSE on a usage error. */
static gboolean
apply_params (GVariantDict   *options,
              MimoChatParams *params)
{
  g_auto (GStrv)     stop = NULL;
  g_autoptr (GError) error = NULL;
  gboolean           flag;

  if (g_variant_dict_contains (options, "thinking") && g_variant_dict_contains (options, "no-thinking"))
    {
      _mimo_cli_usage_error (_ ("Use either --thinking or --no-thinking, not both."));
      return FALSE;
    }
  if (g_variant_dict_lookup (options, "no-thinking", "b", &flag) && flag)
    params->enable_thinking = FALSE;
  if (g_variant_dict_lookup (options, "thinking", "b", &flag) && flag)
    params->enable_thinking = TRUE;
  if (g_variant_dict_lookup (options, "web-search", "b", &flag) && flag)
    params->tool_web_search = TRUE;
  /* Forcing a search only means something with search allowed. */
  if (g_variant_dict_lookup (options, "force-web-search", "b", &flag) && flag)
    params->web_search_force = params->tool_web_search = TRUE;
  if (g_variant_dict_lookup (options, "raw-citations", "b", &flag) && flag)
    params->disable_formatting = TRUE;

  if (!lookup_int (options, "search-keywords", &params->web_search_max_keyword) ||
      !lookup_int (options, "search-limit", &params->web_search_limit) ||
      !lookup_int (options, "max-tokens", &params->max_tokens) ||
      !lookup_double (options, "temperature", &params->temperature) ||
      !lookup_double (options, "top-p", &params->top_p))
    return FALSE;

  if (g_variant_dict_lookup (options, "stop", "^as", &stop))
    mimo_chat_params_set_stop (params, (const char *const *) stop);

  /* Out of range is a usage error, found before anything is sent. */
  if (!mimo_chat_params_validate (params, &error))
    {
      _mimo_cli_usage_error (error->message);
      return FALSE;
    }

  return TRUE;
}

/* Fills @ask from the options; prints the problem and returns FALSE on a
 * usage error. */
static gboolean
parse_options (GVariantDict *options,
               MimoCliAsk   *ask)
{
  g_autofree char   *question = NULL;
  g_autofree char   *system = NULL;
  g_autoptr (GError) error = NULL;

  g_variant_dict_lookup (options, "ask", "s", &question);
  g_variant_dict_lookup (options, "system", "s", &system);

  if (g_strcmp0 (question, "-") == 0)
    {
      g_clear_pointer (&question, g_free);
      question = read_stdin (&error);
      if (question == NULL)
        {
          g_autofree char *message = g_strdup_printf (_ ("Could not read the question from standard input: %s"), error->message);

          _mimo_cli_usage_error (message);
          return FALSE;
        }
    }

  if (question == NULL || g_strstrip (question)[0] == '\0')
    {
      _mimo_cli_usage_error (_ ("The question given to --ask is empty."));
      return FALSE;
    }
  if (!g_utf8_validate (question, -1, NULL) || (system != NULL && !g_utf8_validate (system, -1, NULL)))
    {
      _mimo_cli_usage_error (_ ("The question or the system message is not valid text (UTF-8)."));
      return FALSE;
    }
  if (system != NULL && g_variant_dict_contains (options, "conversation"))
    {
      _mimo_cli_usage_error (_ ("A chat keeps the instructions it was started with, so --system only works for a new chat "
                                "(without --conversation)."));
      return FALSE;
    }

  g_variant_dict_lookup (options, "json", "b", &ask->json);
  g_variant_dict_lookup (options, "show-thinking", "b", &ask->show_thinking);

  if (!apply_params (options, ask->params))
    return FALSE;

  if (!lookup_int (options, "timeout", &ask->timeout))
    return FALSE;
  if (g_variant_dict_contains (options, "timeout") && (ask->timeout < 1 || ask->timeout > 3600))
    {
      _mimo_cli_usage_error (_ ("The value given to --timeout must be between 1 and 3600 seconds."));
      return FALSE;
    }

  ask->question = g_steal_pointer (&question);
  ask->system = g_steal_pointer (&system);
  return TRUE;
}

/* Long enough for a keyring that has to start; short enough that a
 * stuck one does not look like a hung command. */
#define KEYRING_TIMEOUT_SECONDS 5

static int
run_ask (GVariantDict *options)
{
  g_autoptr (MimoCliAsk) ask = mimo_cli_ask_new ();
  g_autoptr (GSettings)  settings = _mimo_cli_new_settings ();
  g_autoptr (MimoClient) client = NULL;
  g_autoptr (MimoStore)  store = NULL;
  MimoConversation      *conversation = NULL;
  const char            *id_text = NULL;
  gint64                 id = 0;
  int                    status;

  /* New chats start from the app's defaults, as they do in the window. */
  mimo_chat_params_free (ask->defaults);
  ask->defaults = _mimo_cli_dup_defaults (settings);
  mimo_chat_params_free (ask->params);
  ask->params = mimo_chat_params_copy (ask->defaults);

  /* Mistakes in the options are found before the history is opened. */
  if (!parse_options (options, ask))
    return MIMO_CLI_EXIT_USAGE;
  if (g_variant_dict_lookup (options, "conversation", "&s", &id_text) && !_mimo_cli_parse_id ("conversation", id_text, &id))
    return MIMO_CLI_EXIT_USAGE;

  store = _mimo_cli_open_store (FALSE);

  if (id > 0)
    {
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

      /* The chat's own parameters, with this command's options on top
       * for this question only. */
      mimo_chat_params_free (ask->params);
      ask->params = mimo_conversation_dup_params (conversation, ask->defaults);
      if (!apply_params (options, ask->params))
        return MIMO_CLI_EXIT_USAGE;
    }

  /* After every usage check: the keyring may take a moment. */
  client = _mimo_cli_new_client (KEYRING_TIMEOUT_SECONDS, &ask->key_problem);
  /* The address set in Preferences; MIMO_BASE_URL still wins. */
  if (settings != NULL)
    {
      g_autofree char *base_url = g_settings_get_string (settings, MIMO_SETTINGS_BASE_URL);

      mimo_client_set_base_url (client, base_url);
    }
  /* Quiet for that long while connecting or streaming: give up. */
  if (ask->timeout > 0)
    {
      mimo_client_set_idle_timeout (client, ask->timeout);
      mimo_client_set_connect_timeout (client, MIN ((guint) ask->timeout, MIMO_CLIENT_DEFAULT_CONNECT_TIMEOUT));
    }

  status = mimo_cli_ask_run (ask, client, store, conversation);
  /* An answer the history could not keep is a file error (status 1). */
  if (!_mimo_cli_close_store (store) && status == MIMO_CLI_EXIT_OK)
    status = MIMO_CLI_EXIT_FAILED;

  return status;
}

static Command
given_commands (GVariantDict *options)
{
  Command given = COMMAND_NONE;

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_variant_dict_contains (options, commands[i].name))
        given |= commands[i].command;
    }

  return given;
}

/* Every option given goes with @command; otherwise says which command it
 * belongs to. */
static gboolean
check_options (GVariantDict *options,
               Command       command)
{
  for (guint i = 0; cli_entries[i].long_name != NULL; i++)
    {
      const char *name = cli_entries[i].long_name;
      Command     works_with = COMMAND_ASK;
      const char *with = "--ask";
      gboolean    is_command = FALSE;

      if (!g_variant_dict_contains (options, name))
        continue;

      for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
        is_command |= g_str_equal (name, commands[c].name);
      if (is_command)
        continue;

      for (guint m = 0; m < G_N_ELEMENTS (modifiers); m++)
        {
          if (g_str_equal (name, modifiers[m].name))
            {
              works_with = modifiers[m].commands;
              with = _ (modifiers[m].with);
            }
        }

      if ((works_with & command) == 0)
        {
          /* Translators: the first %s is an option name, the second one or more options. */
          g_autofree char *message = g_strdup_printf (_ ("The option --%s only works together with %s."), name, with);

          _mimo_cli_usage_error (message);
          return FALSE;
        }
    }

  return TRUE;
}

/* The history's notes for developers ("Repaired …: 1 unfinished answer
 * kept") are for the app's log, not a terminal; G_MESSAGES_DEBUG still
 * shows them. Warnings stay: they come with a message in plain words. */
static void
quiet_notes_cb (const char    *log_domain,
                GLogLevelFlags log_level,
                const char    *message,
                gpointer       user_data)
{
  if (g_getenv ("G_MESSAGES_DEBUG") != NULL)
    g_log_default_handler (log_domain, log_level, message, user_data);
}

/* A failed save is told in plain words when the command closes the
 * history (_mimo_cli_close_store()); the store's warning with SQLite's
 * words is for the app's log. Other warnings stay. */
static void
quiet_save_warnings_cb (const char    *log_domain,
                        GLogLevelFlags log_level,
                        const char    *message,
                        gpointer       user_data)
{
  if (g_getenv ("G_MESSAGES_DEBUG") != NULL || !g_str_has_prefix (message, "Could not save the history"))
    g_log_default_handler (log_domain, log_level, message, user_data);
}

int
mimo_cli_handle_local_options (GVariantDict *options)
{
  Command command;

  g_return_val_if_fail (options != NULL, MIMO_CLI_EXIT_USAGE);

  command = given_commands (options);
  if (command == COMMAND_NONE)
    {
      /* Only the app's own options: start the app. */
      if (!check_options (options, COMMAND_NONE))
        return MIMO_CLI_EXIT_USAGE;
      return -1;
    }

  /* One bit set: one command. */
  if ((command & (command - 1)) != 0)
    {
      _mimo_cli_usage_error (_ ("Use only one of --ask, --list, --search, --export and --usage at a time."));
      return MIMO_CLI_EXIT_USAGE;
    }
  if (!check_options (options, command))
    return MIMO_CLI_EXIT_USAGE;

  g_log_set_handler ("mimo-database", G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO, quiet_notes_cb, NULL);
  g_log_set_handler ("mimo-store", G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO, quiet_notes_cb, NULL);
  g_log_set_handler ("mimo-store", G_LOG_LEVEL_WARNING, quiet_save_warnings_cb, NULL);

  switch (command)
    {
    case COMMAND_ASK:
      return run_ask (options);
    case COMMAND_LIST:
      return mimo_cli_list (options);
    case COMMAND_SEARCH:
      return mimo_cli_search (options);
    case COMMAND_EXPORT:
      return mimo_cli_export (options);
    case COMMAND_USAGE:
      return mimo_cli_usage (options);
    case COMMAND_NONE:
    default:
      g_assert_not_reached ();
    }
}
