/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-cli.c: the --ask options, read from the command line into a request and checked before sending. */

#define G_LOG_DOMAIN "mimo-cli"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <glib/gi18n.h>

#include "mimo-cli-ask.h"
#include "mimo-cli.h"
#include "mimo-error.h"

/* Numbers are taken as text so a bad one gets our message and exit
 * status 2, rather than GOption's and 1. */
static const GOptionEntry cli_entries[] = {
  { "ask", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_ ("Ask MiMo V2 Flash, print the answer and exit, without a window (“-” reads the question from standard input)"), N_ ("TEXT") },
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
    N_ ("Print only one JSON object: status, answer, usage and cost"), NULL },
  { NULL }
};

const GOptionEntry *
mimo_cli_get_option_entries (void)
{
  return cli_entries;
}

static void
usage_error (const char *message)
{
  g_printerr ("mimo-chat: %s\n", message);
  g_printerr ("%s\n", _ ("Run “mimo-chat --help” to see the options."));
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

      usage_error (message);
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

      usage_error (message);
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

/* Fills @ask from the options; prints the problem and returns FALSE on a
 * usage error. */
static gboolean
parse_options (GVariantDict *options,
               MimoCliAsk   *ask)
{
  MimoChatParams    *params = ask->params;
  g_autofree char   *question = NULL;
  g_autofree char   *system = NULL;
  g_auto (GStrv)     stop = NULL;
  g_autoptr (GError) error = NULL;
  gboolean           flag;

  g_variant_dict_lookup (options, "ask", "s", &question);
  g_variant_dict_lookup (options, "system", "s", &system);

  if (g_strcmp0 (question, "-") == 0)
    {
      g_clear_pointer (&question, g_free);
      question = read_stdin (&error);
      if (question == NULL)
        {
          g_autofree char *message = g_strdup_printf (_ ("Could not read the question from standard input: %s"), error->message);

          usage_error (message);
          return FALSE;
        }
    }

  if (question == NULL || g_strstrip (question)[0] == '\0')
    {
      usage_error (_ ("The question given to --ask is empty."));
      return FALSE;
    }
  if (!g_utf8_validate (question, -1, NULL) || (system != NULL && !g_utf8_validate (system, -1, NULL)))
    {
      usage_error (_ ("The question or the system message is not valid text (UTF-8)."));
      return FALSE;
    }

  if (g_variant_dict_contains (options, "thinking") && g_variant_dict_contains (options, "no-thinking"))
    {
      usage_error (_ ("Use either --thinking or --no-thinking, not both."));
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
  g_variant_dict_lookup (options, "json", "b", &ask->json);
  g_variant_dict_lookup (options, "show-thinking", "b", &ask->show_thinking);

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
      usage_error (error->message);
      return FALSE;
    }

  ask->question = g_steal_pointer (&question);
  ask->system = g_steal_pointer (&system);
  return TRUE;
}

int
mimo_cli_handle_local_options (GVariantDict *options)
{
  g_autoptr (MimoCliAsk) ask = NULL;
  g_autoptr (MimoClient) client = NULL;

  g_return_val_if_fail (options != NULL, MIMO_CLI_EXIT_USAGE);

  if (!g_variant_dict_contains (options, "ask"))
    {
      for (guint i = 0; cli_entries[i].long_name != NULL; i++)
        {
          if (g_variant_dict_contains (options, cli_entries[i].long_name))
            {
              g_autofree char *message = g_strdup_printf (_ ("The option --%s only works together with --ask."),
                                                          cli_entries[i].long_name);

              usage_error (message);
              return MIMO_CLI_EXIT_USAGE;
            }
        }
      return -1;
    }

  ask = mimo_cli_ask_new ();
  if (!parse_options (options, ask))
    return MIMO_CLI_EXIT_USAGE;

  /* The key and the address come from the environment here
   * (EMPIRIOLABS_API_KEY, MIMO_BASE_URL). */
  client = mimo_client_new ();

  return mimo_cli_ask_run (ask, client);
}
