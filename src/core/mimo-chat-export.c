/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-chat-export.c: writes a conversation as Markdown, self-contained XHTML or versioned JSON. */

#define G_LOG_DOMAIN "mimo-chat-export"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mimo-chat-export.h"
#include "mimo-markdown-document.h"
#include "mimo-markdown-export.h"
#include "mimo-money.h"

#define JSON_FORMAT_NAME    "mimo-chat-conversation"
#define JSON_FORMAT_VERSION 1

static const char *const format_names[] = {
  [MIMO_CHAT_EXPORT_MARKDOWN] = "markdown",
  [MIMO_CHAT_EXPORT_HTML] = "html",
  [MIMO_CHAT_EXPORT_JSON] = "json",
};

gboolean
mimo_chat_export_format_from_string (const char           *name,
                                     MimoChatExportFormat *format)
{
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    {
      if (g_strcmp0 (name, format_names[i]) == 0)
        {
          *format = (MimoChatExportFormat) i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
mimo_chat_export_format_to_string (MimoChatExportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (format_names), NULL);

  return format_names[format];
}

/* ---------------------------------------------------- words for people -- */

static const char *
role_heading (MimoRole role)
{
  switch (role)
    {
    case MIMO_ROLE_USER:
      return _ ("You");
    case MIMO_ROLE_ASSISTANT:
      return _ ("MiMo");
    case MIMO_ROLE_SYSTEM:
    default:
      return _ ("Instructions");
    }
}

/* Why an answer is not whole, or NULL when it is. */
static char *
state_note (MimoMessage *message)
{
  const char *error_text = mimo_message_get_error_text (message);

  switch (mimo_message_get_state (message))
    {
    case MIMO_MESSAGE_STATE_STREAMING:
      return g_strdup (_ ("This answer was still being written when the chat was exported."));
    case MIMO_MESSAGE_STATE_CANCELLED:
      return g_strdup (_ ("This answer was stopped before it was finished."));
    case MIMO_MESSAGE_STATE_INTERRUPTED:
      return g_strdup (_ ("This answer was cut off before it was finished."));
    case MIMO_MESSAGE_STATE_FAILED:
      if (error_text != NULL && error_text[0] != '\0')
        return g_strdup_printf (_ ("This answer failed: %s"), error_text);
      return g_strdup (_ ("This answer failed."));
    case MIMO_MESSAGE_STATE_COMPLETE:
    default:
      return NULL;
    }
}

static char *
format_count (gint64 n)
{
  /* The ' flag groups thousands as the locale does ("12,345"). */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, n);
}

static char *
format_time (GDateTime *time)
{
  /* Translators: how a date and time are shown in exported chats; see
   * the strftime() manual page for the codes. */
  return g_date_time_format (time, _ ("%Y-%m-%d %H:%M"));
}

/* "Started 2025-03-01 10:00 · 4 messages" */
static char *
meta_line (MimoConversation *conversation)
{
  g_autofree char *started = format_time (mimo_conversation_get_created (conversation));
  guint            n = g_list_model_get_n_items (mimo_conversation_get_messages (conversation));

  return g_strdup_printf (ngettext ("Started %s · %u message", "Started %s · %u messages", n), started, n);
}

/* The footer: what the chat cost and what it used, in one line. */
static char *
cost_line (MimoConversation *conversation)
{
  const MimoLedgerTotals *totals = mimo_conversation_get_totals (conversation);
  g_autoptr (GPtrArray)   parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char        *cost = mimo_money_format (totals->cost.total_nanos);
  g_autofree char        *in = format_count (totals->prompt_tokens);
  g_autofree char        *cached = format_count (totals->cached_tokens);
  g_autofree char        *out = format_count (totals->completion_tokens);
  gulong                  requests = (gulong) totals->requests;

  g_ptr_array_add (parts, g_strdup_printf (ngettext ("Cost: %s for %lu request", "Cost: %s for %lu requests", requests),
                                           cost, requests));
  g_ptr_array_add (parts, g_strdup_printf (_ ("%s tokens in (%s cached)"), in, cached));
  g_ptr_array_add (parts, g_strdup_printf (_ ("%s tokens out"), out));
  g_ptr_array_add (parts, g_strdup_printf (ngettext ("%lu web search", "%lu web searches", (gulong) totals->web_search_calls),
                                           (gulong) totals->web_search_calls));
  if (totals->provider_cost_requests > 0)
    {
      g_autofree char *provider = mimo_money_format (totals->provider_cost_nanos);

      g_ptr_array_add (parts, g_strdup_printf (_ ("EmpirioLabs reported %s"), provider));
    }
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* ------------------------------------------------------------ Markdown -- */

/* Every line behind "> ", so the text reads as a quotation. */
static void
append_quoted (GString    *out,
               const char *text)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lines[i + 1] == NULL && lines[i][0] == '\0')
        break;
      g_string_append (out, lines[i][0] != '\0' ? "> " : ">");
      g_string_append (out, lines[i]);
      g_string_append_c (out, '\n');
    }
}

static void
append_block (GString    *out,
              const char *text)
{
  g_string_append (out, text);
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  g_string_append_c (out, '\n');
}

static char *
export_markdown (MimoConversation *conversation)
{
  GListModel         *messages = mimo_conversation_get_messages (conversation);
  const char         *system_prompt = mimo_conversation_get_system_prompt (conversation);
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char    *meta = meta_line (conversation);
  g_autofree char    *costs = cost_line (conversation);

  g_string_append_printf (out, "# %s\n\n_%s_\n\n", mimo_conversation_get_title (conversation), meta);

  if (system_prompt != NULL && system_prompt[0] != '\0')
    {
      g_string_append_printf (out, "## %s\n\n", role_heading (MIMO_ROLE_SYSTEM));
      append_quoted (out, system_prompt);
      g_string_append_c (out, '\n');
    }

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr (MimoMessage) message = g_list_model_get_item (messages, i);
      const char             *reasoning = mimo_message_get_reasoning (message);
      const char             *content = mimo_message_get_content (message);
      g_autofree char        *note = state_note (message);

      g_string_append_printf (out, "## %s\n\n", role_heading (mimo_message_get_role (message)));

      /* Collapsed where Markdown allows HTML (GitHub, GitLab, most
       * editors), and still a plain quotation where it does not. */
      if (reasoning != NULL && reasoning[0] != '\0')
        {
          g_string_append_printf (out, "<details>\n<summary>%s</summary>\n\n", _ ("Thinking"));
          append_quoted (out, reasoning);
          g_string_append (out, "\n</details>\n\n");
        }
      if (content != NULL && content[0] != '\0')
        append_block (out, content);
      if (note != NULL)
        g_string_append_printf (out, "_%s_\n\n", note);
    }

  g_string_append_printf (out, "---\n\n_%s_\n", costs);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* --------------------------------------------------------------- XHTML -- */

static const char html_style[] =
  ":root { color-scheme: light dark; }\n"
  "body { font-family: Cantarell, \"Noto Sans\", system-ui, sans-serif; line-height: 1.55;"
  " max-width: 46em; margin: 2em auto; padding: 0 1em; color: #1e1e1e; background: #fafafa; }\n"
  "h1 { font-size: 1.6em; margin: 0 0 0.2em; }\n"
  ".meta, footer { color: #5e5c64; font-size: 0.9em; }\n"
  ".card { margin: 1.2em 0; padding: 0.8em 1em; border-radius: 12px; background: #ffffff;"
  " box-shadow: 0 1px 3px rgba(0, 0, 0, 0.12); }\n"
  ".card.user { background: #e6effb; }\n"
  ".role { font-size: 0.95em; margin: 0 0 0.4em; color: #5e5c64; }\n"
  ".text { white-space: pre-wrap; overflow-wrap: anywhere; }\n"
  "details { margin: 0 0 0.8em; color: #5e5c64; }\n"
  "summary { cursor: pointer; }\n"
  "blockquote { margin: 0.4em 0 0; padding-left: 0.8em; border-left: 3px solid #c0bfbc; }\n"
  ".markdown { overflow-wrap: anywhere; }\n"
  ".markdown > :first-child { margin-top: 0; }\n"
  ".markdown > :last-child { margin-bottom: 0; }\n"
  ".markdown h1, .markdown h2, .markdown h3, .markdown h4 { font-size: 1.1em; margin: 1em 0 0.4em; }\n"
  ".markdown a { color: #1c71d8; }\n"
  ".markdown code, .markdown pre { font-family: \"Source Code Pro\", \"DejaVu Sans Mono\", monospace; font-size: 0.92em; }\n"
  ".markdown code { background: rgba(0, 0, 0, 0.06); padding: 0.1em 0.3em; border-radius: 4px; }\n"
  ".markdown pre { background: rgba(0, 0, 0, 0.06); padding: 0.8em 1em; border-radius: 6px; white-space: pre-wrap; }\n"
  ".markdown pre code { background: none; padding: 0; }\n"
  ".markdown table { border-collapse: collapse; margin: 1em 0; }\n"
  ".markdown th, .markdown td { border: 1px solid rgba(0, 0, 0, 0.15); padding: 0.3em 0.7em; }\n"
  ".markdown a.citation { text-decoration: none; font-size: 0.85em; vertical-align: super; line-height: 0; }\n"
  ".markdown li.task { list-style: none; }\n"
  ".markdown .references { margin-top: 1.5em; font-size: 0.95em; }\n"
  ".markdown .references .domain { color: #77767b; }\n"
  ".state { color: #a51d2d; font-style: italic; margin: 0.6em 0 0; }\n"
  "footer { border-top: 1px solid #deddda; margin-top: 2em; padding-top: 0.8em; }\n"
  "@media (prefers-color-scheme: dark) {\n"
  "  body { color: #ffffff; background: #242424; }\n"
  "  .card { background: #303030; }\n"
  "  .card.user { background: #1c3153; }\n"
  "  .meta, footer, .role, details { color: #c0bfbc; }\n"
  "  .markdown a { color: #78aeed; }\n"
  "  .markdown code, .markdown pre { background: rgba(255, 255, 255, 0.08); }\n"
  "  .markdown th, .markdown td { border-color: rgba(255, 255, 255, 0.2); }\n"
  "  .state { color: #ff7b63; }\n"
  "}\n";

/* Escaped for XML: markup characters as entities, and the control
 * characters XML 1.0 cannot hold at all replaced by U+FFFD. */
static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char    *valid = g_utf8_make_valid (text, -1);
  g_autoptr (GString) clean = g_string_sized_new (strlen (valid));
  g_autofree char    *escaped = NULL;

  for (const char *p = valid; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
        g_string_append (clean, "\xef\xbf\xbd");
      else
        g_string_append_c (clean, *p);
    }
  escaped = g_markup_escape_text (clean->str, (gssize) clean->len);
  g_string_append (out, escaped);
}

static void
append_element (GString    *out,
                const char *open,
                const char *text,
                const char *close)
{
  g_string_append (out, open);
  append_escaped (out, text);
  g_string_append (out, close);
}

/* Answers are Markdown and read best rendered (headings, lists, tables,
 * code, linked citations); the Markdown export escapes everything and
 * writes XHTML. People's messages are shown as typed. */
static void
append_content (GString    *out,
                MimoRole    role,
                const char *content)
{
  g_autoptr (MimoMarkdownDocument) document = NULL;
  g_autofree char                 *fragment = NULL;

  if (role != MIMO_ROLE_ASSISTANT)
    {
      append_element (out, "<div class=\"text\">", content, "</div>\n");
      return;
    }

  document = mimo_markdown_document_new_for_text (content, -1);
  fragment = mimo_markdown_export_html_fragment (G_LIST_MODEL (document));
  g_string_append_printf (out, "<div class=\"markdown\">\n%s</div>\n", fragment);
}

static char *
export_html (MimoConversation *conversation)
{
  GListModel         *messages = mimo_conversation_get_messages (conversation);
  const char         *system_prompt = mimo_conversation_get_system_prompt (conversation);
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char    *meta = meta_line (conversation);
  g_autofree char    *costs = cost_line (conversation);

  g_string_append (out,
                   "<!DOCTYPE html>\n"
                   "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n"
                   "<head>\n"
                   "<meta charset=\"utf-8\" />\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
                   "<meta name=\"generator\" content=\"Mimo Chat " PACKAGE_VERSION "\" />\n");
  append_element (out, "<title>", mimo_conversation_get_title (conversation), "</title>\n");
  g_string_append_printf (out, "<style>\n%s</style>\n</head>\n<body>\n<header>\n", html_style);
  append_element (out, "<h1>", mimo_conversation_get_title (conversation), "</h1>\n");
  append_element (out, "<p class=\"meta\">", meta, "</p>\n</header>\n");

  if (system_prompt != NULL && system_prompt[0] != '\0')
    {
      append_element (out, "<section class=\"card system\">\n<h2 class=\"role\">", role_heading (MIMO_ROLE_SYSTEM), "</h2>\n");
      append_element (out, "<div class=\"text\">", system_prompt, "</div>\n</section>\n");
    }

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr (MimoMessage) message = g_list_model_get_item (messages, i);
      MimoRole                role = mimo_message_get_role (message);
      const char             *reasoning = mimo_message_get_reasoning (message);
      const char             *content = mimo_message_get_content (message);
      g_autofree char        *note = state_note (message);

      g_string_append_printf (out, "<article class=\"card %s\">\n", mimo_role_to_string (role));
      append_element (out, "<h2 class=\"role\">", role_heading (role), "</h2>\n");
      if (reasoning != NULL && reasoning[0] != '\0')
        {
          append_element (out, "<details>\n<summary>", _ ("Thinking"), "</summary>\n");
          append_element (out, "<blockquote class=\"text\">", reasoning, "</blockquote>\n</details>\n");
        }
      if (content != NULL && content[0] != '\0')
        append_content (out, role, content);
      if (note != NULL)
        append_element (out, "<p class=\"state\">", note, "</p>\n");
      g_string_append (out, "</article>\n");
    }

  append_element (out, "<footer>\n<p>", costs, "</p>\n</footer>\n</body>\n</html>\n");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ---------------------------------------------------------------- JSON -- */

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *name,
                    const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_money (JsonBuilder *builder,
           const char  *name,
           gboolean     known,
           gint64       nanos)
{
  g_autofree char *text = known ? mimo_money_format_plain (nanos, 9) : NULL;

  add_string_or_null (builder, name, text);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       time_us)
{
  g_autoptr (GDateTime) seconds = g_date_time_new_from_unix_utc (time_us / G_USEC_PER_SEC);
  g_autoptr (GDateTime) time = g_date_time_add (seconds, time_us % G_USEC_PER_SEC);
  g_autofree char      *iso = g_date_time_format_iso8601 (time);

  add_string_or_null (builder, name, iso);
}

static void
add_params (JsonBuilder          *builder,
            const char           *name,
            const MimoChatParams *params)
{
  json_builder_set_member_name (builder, name);
  if (params == NULL)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  mimo_chat_params_add_to_builder (params, builder);
  json_builder_end_object (builder);
}

static void
add_message (JsonBuilder *builder,
             MimoMessage *message)
{
  const MimoUsage *usage = mimo_message_get_usage (message);
  gint64           provider = mimo_message_get_provider_cost_nanos (message);
  MimoMessageState state = mimo_message_get_state (message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, mimo_message_get_id (message));
  add_string_or_null (builder, "role", mimo_role_to_string (mimo_message_get_role (message)));
  add_string_or_null (builder, "state", mimo_message_state_to_string (state));
  add_time (builder, "created", mimo_message_get_created_us (message));
  add_string_or_null (builder, "content", mimo_message_get_content (message));
  add_string_or_null (builder, "reasoning", mimo_message_get_reasoning (message));
  add_string_or_null (builder, "finish_reason", mimo_message_get_finish_reason (message));
  add_string_or_null (builder, "error", state == MIMO_MESSAGE_STATE_COMPLETE ? NULL : mimo_message_get_error_text (message));
  add_params (builder, "parameters", mimo_message_get_params (message));

  json_builder_set_member_name (builder, "usage");
  if (usage != NULL)
    {
      json_builder_begin_object (builder);
      mimo_usage_add_to_builder (usage, builder);
      add_money (builder, "computed_cost_usd", TRUE, mimo_message_get_cost_nanos (message));
      add_money (builder, "provider_cost_usd", provider >= 0, provider);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_end_object (builder);
}

static char *
export_json (MimoConversation     *conversation,
             const MimoChatParams *defaults)
{
  g_autoptr (JsonBuilder)    builder = json_builder_new ();
  g_autoptr (JsonGenerator)  generator = json_generator_new ();
  g_autoptr (JsonNode)       root = NULL;
  g_autoptr (MimoChatParams) card = mimo_chat_params_new ();
  g_autoptr (MimoChatParams) params = mimo_conversation_dup_params (conversation, defaults != NULL ? defaults : card);
  GListModel                *messages = mimo_conversation_get_messages (conversation);

  json_builder_begin_object (builder);
  add_string_or_null (builder, "format", JSON_FORMAT_NAME);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, JSON_FORMAT_VERSION);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, mimo_conversation_get_id (conversation));
  add_string_or_null (builder, "title", mimo_conversation_get_title (conversation));
  add_time (builder, "created", mimo_conversation_get_created_us (conversation));
  add_time (builder, "updated", mimo_conversation_get_updated_us (conversation));
  add_string_or_null (builder, "system_prompt", mimo_conversation_get_system_prompt (conversation));
  add_params (builder, "parameters", params);
  add_string_or_null (builder, "draft", mimo_conversation_get_draft (conversation));

  json_builder_set_member_name (builder, "totals");
  json_builder_begin_object (builder);
  mimo_ledger_totals_add_to_builder (mimo_conversation_get_totals (conversation), builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr (MimoMessage) message = g_list_model_get_item (messages, i);

      add_message (builder, message);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

char *
mimo_chat_export (MimoConversation     *conversation,
                  const MimoChatParams *defaults,
                  MimoChatExportFormat  format)
{
  g_return_val_if_fail (MIMO_IS_CONVERSATION (conversation), NULL);

  switch (format)
    {
    case MIMO_CHAT_EXPORT_MARKDOWN:
      return export_markdown (conversation);
    case MIMO_CHAT_EXPORT_HTML:
      return export_html (conversation);
    case MIMO_CHAT_EXPORT_JSON:
      return export_json (conversation, defaults);
    default:
      g_return_val_if_reached (NULL);
    }
}
