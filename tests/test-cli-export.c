/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-export.c: --search, --export and --usage on a real history file, read back and checked against the ledger. */

#define G_LOG_DOMAIN "test-cli-export"

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "mimo-draft-export.h"
#include "mimo-draft-refs.h"
#include "mimo-store.h"
#include "mimo-test-cli.h"
#include "mimo-test-draft.h"
#include "mimo-test-server.h"
#include "mimo-test-utils.h"

#define KEY        "sk-empiriolabs-cli-export-3f2e1d0c9b"
#define PLAIN_TEXT "Hello! Ça va? Here is a short answer: 42 — with “quotes”, 中文 and 🎉."

typedef struct
{
  MimoTestServer *server;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->server = mimo_test_server_new (KEY, 0, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->server);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

/* ------------------------------------------------------------ helpers -- */

#define ask_json(f, ...) mimo_test_cli_ask_json ((f)->server, KEY, __VA_ARGS__)

static MimoTestCli *
run (Fixture           *f,
     const char *const *args)
{
  return mimo_test_cli_run (f->server, KEY, args);
}

static MimoTestCli *
run_ok (Fixture           *f,
        const char *const *args)
{
  return mimo_test_cli_run_ok (f->server, KEY, args);
}

/* ------------------------------------------------------------- search -- */

static void
test_search (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (JsonObject)  first = ask_json (f, "Tell me about Zanzibar spices [[mimo-test:plain]]", NULL);
  g_autoptr (JsonObject)  second = ask_json (f, "Something else entirely [[mimo-test:plain]]", NULL);
  const char             *args[] = { "--search", "zanzibar", NULL };
  const char             *json_args[] = { "--search", "zanzibar", "--json", NULL };
  const char             *none_args[] = { "--search", "nowhere", NULL };
  g_autoptr (MimoTestCli) found = run_ok (f, args);
  g_autoptr (MimoTestCli) found_json = run_ok (f, json_args);
  g_autoptr (MimoTestCli) none = run_ok (f, none_args);
  g_autoptr (GDateTime)   now = g_date_time_new_now_local ();
  g_autofree char        *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char        *row = NULL;
  g_autoptr (JsonNode)    root = NULL;
  g_auto (GStrv)          lines = NULL;
  JsonObject             *hit;

  lines = g_strsplit (found->out->str, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "ID  Date        Chat"));
  row = g_strdup_printf ("%2" G_GINT64_FORMAT "  %s  Tell me about Zanzibar spices", json_object_get_int_member (first, "conversation_id"), today);
  g_assert_true (g_str_has_prefix (lines[1], row));

  root = mimo_test_cli_parse_json (found_json->out->str);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (root)), ==, 1);
  hit = json_array_get_object_element (json_node_get_array (root), 0);
  g_assert_cmpint (json_object_get_int_member (hit, "conversation_id"), ==, json_object_get_int_member (first, "conversation_id"));
  g_assert_cmpstr (json_object_get_string_member (hit, "role"), ==, "user");
  g_assert_cmpstr (json_object_get_string_member (hit, "title"), ==, "Tell me about Zanzibar spices…");
  g_assert_nonnull (strstr (json_object_get_string_member (hit, "snippet"), "Zanzibar"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (hit, "time"), today));

  g_assert_cmpstr (none->out->str, ==, "No message contains “nowhere”.\n");
}

/* ------------------------------------------------------------- export -- */

#define EXPORT_QUESTION "Is 1 < 2 && \"a\" > 'b'? [[mimo-test:reasoning]]"
#define EXPORT_SYSTEM   "Answer <briefly> & kindly."
#define HOSTILE         "<script>alert(1)</script> & <b>bold</b> &amp;"

/* A chat of two exchanges, the first with thinking; returns its id. */
static char *
make_chat (Fixture *f)
{
  g_autoptr (JsonObject) first = ask_json (f, EXPORT_QUESTION, "--system", EXPORT_SYSTEM, NULL);
  g_autofree char       *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (first, "conversation_id"));
  g_autoptr (JsonObject) second = ask_json (f, "And in words? [[mimo-test:plain]]", "--conversation", id, NULL);

  return g_steal_pointer (&id);
}

static void
test_export_json (Fixture      *f,
                  gconstpointer data)
{
  g_autofree char         *id = make_chat (f);
  const char              *args[] = { "--export", id, "--format", "json", NULL };
  g_autoptr (MimoTestCli)  cli = run_ok (f, args);
  g_autoptr (JsonNode)     root = mimo_test_cli_parse_json (cli->out->str);
  g_autoptr (MimoStore)    store = mimo_test_cli_open_history ();
  g_autofree char         *computed = NULL;
  MimoConversation        *conversation;
  const MimoLedgerTotals  *totals;
  JsonObject              *object = json_node_get_object (root);
  JsonArray               *messages;
  JsonObject              *answer;
  JsonObject              *usage;
  static const char *const roles[] = { "user", "assistant", "user", "assistant" };

  conversation = mimo_store_lookup_conversation (store, g_ascii_strtoll (id, NULL, 10));
  totals = mimo_conversation_get_totals (conversation);

  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "mimo-chat-conversation");
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, mimo_conversation_get_id (conversation));
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, mimo_conversation_get_title (conversation));
  g_assert_cmpstr (json_object_get_string_member (object, "system_prompt"), ==, EXPORT_SYSTEM);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (object, "parameters"), "enable_thinking"));
  g_assert_cmpstr (json_object_get_string_member (object, "draft"), ==, "");
  g_assert_true (g_str_has_suffix (json_object_get_string_member (object, "created"), "Z"));

  /* The totals are the ledger's, to the nano-dollar. */
  computed = g_strdup_printf ("%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT,
                              totals->cost.total_nanos / 1000000000, totals->cost.total_nanos % 1000000000);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "totals"), "requests"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "totals"), "computed_cost_usd"), ==, computed);

  messages = json_object_get_array_member (object, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject             *message = json_array_get_object_element (messages, i);
      g_autoptr (MimoMessage) stored = g_list_model_get_item (mimo_conversation_get_messages (conversation), i);

      g_assert_cmpstr (json_object_get_string_member (message, "role"), ==, roles[i]);
      g_assert_cmpstr (json_object_get_string_member (message, "state"), ==, "complete");
      g_assert_cmpint (json_object_get_int_member (message, "id"), ==, mimo_message_get_id (stored));
      g_assert_cmpstr (json_object_get_string_member (message, "content"), ==, mimo_message_get_content (stored));
    }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"), ==, EXPORT_QUESTION);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (messages, 0), "usage"));

  answer = json_array_get_object_element (messages, 1);
  g_assert_cmpstr (json_object_get_string_member (answer, "content"), ==, "The answer is **42**.");
  g_assert_cmpstr (json_object_get_string_member (answer, "reasoning"), ==, "First, recall that 6 × 7 = 42. So the answer is 42.");
  g_assert_cmpstr (json_object_get_string_member (answer, "finish_reason"), ==, "stop");
  g_assert_true (json_object_get_null_member (answer, "error"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (answer, "parameters"), "enable_thinking"));
  usage = json_object_get_object_member (answer, "usage");
  g_assert_cmpint (json_object_get_int_member (usage, "completion_tokens"), >, 0);
  g_assert_false (json_object_get_boolean_member (usage, "estimated"));
  g_assert_cmpstr (json_object_get_string_member (usage, "computed_cost_usd"), ==,
                   json_object_get_string_member (usage, "provider_cost_usd"));
}

/* Everything GMarkup saw: the elements, and the text inside them. */
typedef struct
{
  GString   *text;
  GPtrArray *elements;
  guint      articles;
  guint      depth;
} Xhtml;

static void
start_element_cb (GMarkupParseContext *context,
                  const char          *name,
                  const char         **attribute_names,
                  const char         **attribute_values,
                  gpointer             user_data,
                  GError             **error)
{
  Xhtml *xhtml = user_data;

  g_ptr_array_add (xhtml->elements, g_strdup (name));
  xhtml->articles += g_str_equal (name, "article");
  xhtml->depth++;
}

static void
end_element_cb (GMarkupParseContext *context,
                const char          *name,
                gpointer             user_data,
                GError             **error)
{
  Xhtml *xhtml = user_data;

  xhtml->depth--;
}

static void
text_cb (GMarkupParseContext *context,
         const char          *text,
         gsize                length,
         gpointer             user_data,
         GError             **error)
{
  Xhtml *xhtml = user_data;

  g_string_append_len (xhtml->text, text, length);
}

static gboolean
has_element (Xhtml      *xhtml,
             const char *name)
{
  return g_ptr_array_find_with_equal_func (xhtml->elements, name, g_str_equal, NULL);
}

static void
test_export_html (Fixture      *f,
                  gconstpointer data)
{
  static const GMarkupParser parser = { start_element_cb, end_element_cb, text_cb, NULL, NULL };
  g_autofree char           *id = make_chat (f);
  g_autofree char           *path = g_build_filename (g_get_user_data_dir (), "chat.html", NULL);
  const char                *args[] = { "--export", id, "--format", "html", "--output", path, NULL };
  const char                *stdout_args[] = { "--export", id, "--format", "html", NULL };
  g_autoptr (JsonObject)     hostile = NULL;
  g_autoptr (MimoTestCli)    cli = NULL;
  g_autoptr (MimoTestCli)    to_stdout = NULL;
  g_autofree char           *html = NULL;
  g_autoptr (GError)         error = NULL;
  GMarkupParseContext       *context;
  Xhtml                      xhtml = { g_string_new (NULL), g_ptr_array_new_with_free_func (g_free), 0, 0 };

  /* Markup in a question comes back in the answer (the demo quotes it). */
  hostile = ask_json (f, HOSTILE " [[mimo-test:demo]]", "--conversation", id, "--no-thinking", NULL);
  g_assert_nonnull (strstr (json_object_get_string_member (hostile, "content"), HOSTILE));
  cli = run_ok (f, args);
  to_stdout = run_ok (f, stdout_args);

  g_assert_cmpstr (cli->out->str, ==, "");
  g_file_get_contents (path, &html, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (html, ==, to_stdout->out->str);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">"));

  /* Well-formed XML, as XHTML must be. */
  context = g_markup_parse_context_new (&parser, G_MARKUP_DEFAULT_FLAGS, &xhtml, NULL);
  g_assert_true (g_markup_parse_context_parse (context, html, -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);

  g_assert_cmpstr (g_ptr_array_index (xhtml.elements, 0), ==, "html");
  g_assert_cmpuint (xhtml.depth, ==, 0);
  g_assert_true (has_element (&xhtml, "title"));
  g_assert_true (has_element (&xhtml, "style"));
  g_assert_true (has_element (&xhtml, "details"));
  g_assert_true (has_element (&xhtml, "footer"));
  g_assert_false (has_element (&xhtml, "script"));
  g_assert_false (has_element (&xhtml, "b"));
  g_assert_cmpuint (xhtml.articles, ==, 6);

  /* Answers are rendered from their Markdown. */
  g_assert_true (has_element (&xhtml, "strong"));
  g_assert_true (has_element (&xhtml, "table"));
  g_assert_true (has_element (&xhtml, "pre"));
  g_assert_nonnull (strstr (xhtml.text->str, "The answer is 42."));
  g_assert_null (strstr (xhtml.text->str, "**42**"));

  /* Every character came back as it was written. */
  g_assert_nonnull (strstr (xhtml.text->str, HOSTILE " [[mimo-test:demo]]"));
  /* In an answer, Markdown's own entity becomes its character. */
  g_assert_nonnull (strstr (xhtml.text->str, "You asked: “<script>alert(1)</script> & <b>bold</b> &”"));
  g_assert_nonnull (strstr (xhtml.text->str, EXPORT_QUESTION));
  g_assert_nonnull (strstr (xhtml.text->str, EXPORT_SYSTEM));
  g_assert_nonnull (strstr (xhtml.text->str, "First, recall that 6 × 7 = 42."));
  g_assert_nonnull (strstr (xhtml.text->str, PLAIN_TEXT));
  g_assert_nonnull (strstr (xhtml.text->str, "Cost: "));

  g_string_free (xhtml.text, TRUE);
  g_ptr_array_unref (xhtml.elements);
}

static void
test_export_markdown (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char        *id = make_chat (f);
  const char             *args[] = { "--export", id, NULL };
  const char             *explicit_args[] = { "--export", id, "--format", "markdown", "--what", "chat", NULL };
  g_autoptr (MimoTestCli) cli = run_ok (f, args);
  g_autoptr (MimoTestCli) explicit = run_ok (f, explicit_args);
  g_autoptr (MimoStore) store = mimo_test_cli_open_history ();
  g_autofree char      *heading = NULL;
  const char           *md = cli->out->str;
  const char           *question;
  const char           *answer;

  heading = g_strdup_printf ("# %s\n\n_Started ", mimo_conversation_get_title (mimo_store_lookup_conversation (store, g_ascii_strtoll (id, NULL, 10))));
  g_assert_cmpstr (md, ==, explicit->out->str);
  g_assert_true (g_str_has_prefix (md, heading));
  g_assert_nonnull (strstr (md, "## Instructions\n\n> " EXPORT_SYSTEM "\n"));
  question = strstr (md, "## You\n\n" EXPORT_QUESTION "\n");
  answer = strstr (md, "## MiMo\n\n<details>\n<summary>Thinking</summary>\n\n"
                       "> First, recall that 6 × 7 = 42. So the answer is 42.\n\n</details>\n\n"
                       "The answer is **42**.\n");
  g_assert_nonnull (question);
  g_assert_nonnull (answer);
  g_assert_true (question < answer);
  g_assert_nonnull (strstr (answer, "## You\n\nAnd in words? [[mimo-test:plain]]\n\n## MiMo\n\n" PLAIN_TEXT "\n"));
  /* The last line: what the chat cost. */
  g_assert_nonnull (strstr (md, "\n---\n\n_Cost: "));
  g_assert_nonnull (strstr (md, " for 2 requests · "));
  g_assert_true (g_str_has_suffix (md, "_\n"));
}

/* -------------------------------------------------------------- draft -- */

static gboolean
is_well_formed (const char *xml)
{
  static const GMarkupParser      parser = { 0 };
  g_autoptr (GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  const char                     *root = strstr (xml, "<html");

  return root != NULL && g_markup_parse_context_parse (context, root, -1, NULL) &&
         g_markup_parse_context_end_parse (context, NULL);
}

static void
test_export_draft (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (JsonObject)  with = ask_json (f, "Solar panels? [[mimo-test:plain]]", NULL);
  g_autoptr (JsonObject)  without = ask_json (f, "Something else [[mimo-test:plain]]", NULL);
  g_autofree char        *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (with, "conversation_id"));
  g_autofree char        *other = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (without, "conversation_id"));
  g_autofree char        *html_path = g_build_filename (g_get_user_cache_dir (), "draft.html", NULL);
  g_autofree char        *draft = NULL;
  g_autofree char        *expected = NULL;
  g_autofree char        *html = NULL;
  g_autoptr (MimoTestCli) markdown = NULL;
  g_autoptr (MimoTestCli) page = NULL;
  g_autoptr (MimoTestCli) none = NULL;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_cache_dir (), 0755), ==, 0);

  /* The app saved a draft in the first chat: two answers, one list. */
  {
    g_autoptr (MimoStore) store = mimo_test_cli_open_history ();
    g_autofree char      *one = mimo_draft_refs_append ("", MIMO_TEST_ANSWER_SOLAR, NULL, NULL);

    draft = mimo_draft_refs_append (one, MIMO_TEST_ANSWER_SAVINGS, NULL, NULL);
    mimo_conversation_set_draft (mimo_store_lookup_conversation (store, g_ascii_strtoll (id, NULL, 10)), draft);
    g_assert_true (mimo_store_flush (store));
  }
  expected = mimo_draft_export (draft, MIMO_DRAFT_FORMAT_MARKDOWN, NULL);

  {
    const char *args[] = { "--export", id, "--what", "draft", NULL };

    markdown = run_ok (f, args);
  }
  g_assert_cmpstr (markdown->out->str, ==, expected);
  g_assert_nonnull (strstr (markdown->out->str, "\n## References\n"));
  g_assert_nonnull (strstr (markdown->out->str, "4. [Solar explained](https://www.eia.gov/energyexplained/solar/)\n"));

  {
    const char *args[] = { "--export", id, "--what", "draft", "--format", "html", "--output", html_path, NULL };

    page = run_ok (f, args);
  }
  g_assert_cmpstr (page->out->str, ==, "");
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_true (is_well_formed (html));
  g_assert_nonnull (strstr (html, "<title>How fast solar panels wear out</title>"));
  g_assert_nonnull (strstr (html, "href=\"https://www.eia.gov/energyexplained/solar/\""));
  g_assert_null (strstr (html, "[//]"));

  /* A chat with no draft: nothing to write, and how to make one. */
  {
    const char *args[] = { "--export", other, "--what", "draft", NULL };

    none = run (f, args);
  }
  g_assert_cmpint (none->status, ==, 1);
  g_assert_cmpstr (none->out->str, ==, "");
  g_assert_nonnull (strstr (none->err->str, "has no draft yet"));
  g_assert_nonnull (strstr (none->err->str, "Add to Draft"));
}

static void
test_help_shows_what (Fixture      *f,
                      gconstpointer data)
{
  const char             *args[] = { "--help", NULL };
  g_autoptr (MimoTestCli) cli = run_ok (f, args);

  g_assert_nonnull (strstr (cli->out->str, "--what=WHAT"));
  g_assert_nonnull (strstr (cli->out->str, "or draft"));
}

/* -------------------------------------------------------------- usage -- */

static void
assert_totals_json (JsonObject             *object,
                    const MimoLedgerTotals *totals)
{
  g_autofree char *computed = g_strdup_printf ("%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT,
                                               totals->cost.total_nanos / 1000000000, totals->cost.total_nanos % 1000000000);
  g_autofree char *provider = g_strdup_printf ("%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT,
                                               totals->provider_cost_nanos / 1000000000, totals->provider_cost_nanos % 1000000000);

  g_assert_cmpint (json_object_get_int_member (object, "requests"), ==, totals->requests);
  g_assert_cmpint (json_object_get_int_member (object, "failed"), ==, totals->failed);
  g_assert_cmpint (json_object_get_int_member (object, "prompt_tokens"), ==, totals->prompt_tokens);
  g_assert_cmpint (json_object_get_int_member (object, "cached_tokens"), ==, totals->cached_tokens);
  g_assert_cmpint (json_object_get_int_member (object, "completion_tokens"), ==, totals->completion_tokens);
  g_assert_cmpint (json_object_get_int_member (object, "web_search_calls"), ==, totals->web_search_calls);
  g_assert_cmpstr (json_object_get_string_member (object, "computed_cost_usd"), ==, computed);
  g_assert_cmpint (json_object_get_int_member (object, "provider_cost_requests"), ==, totals->provider_cost_requests);
  if (totals->provider_cost_requests > 0)
    g_assert_cmpstr (json_object_get_string_member (object, "provider_cost_usd"), ==, provider);
  else
    g_assert_true (json_object_get_null_member (object, "provider_cost_usd"));
}

static void
test_usage (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (JsonObject)  searched = ask_json (f, "News? [[mimo-test:search]]", "--web-search", NULL);
  g_autofree char        *id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (searched, "conversation_id"));
  g_autoptr (JsonObject)  more = ask_json (f, "More? [[mimo-test:cached]]", "--conversation", id, NULL);
  g_autoptr (JsonObject)  plain = ask_json (f, "Hello [[mimo-test:plain]]", NULL);
  const char             *failing[] = { "--ask", "Broke [[mimo-test:402]]", NULL };
  g_autoptr (MimoTestCli) failed = run (f, failing);
  g_autoptr (GDateTime)   now = g_date_time_new_now_local ();
  g_autoptr (GDateTime)   tomorrow = g_date_time_add_days (now, 1);
  g_autofree char        *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char        *next_day = g_date_time_format (tomorrow, "%Y-%m-%d");
  const char             *args[] = { "--usage", "--json", NULL };
  const char             *since_args[] = { "--usage", "--json", "--since", today, NULL };
  const char             *later_args[] = { "--usage", "--json", "--since", next_day, NULL };
  const char             *people_args[] = { "--usage", NULL };
  g_autoptr (MimoTestCli) cli = NULL;
  g_autoptr (MimoTestCli) since = NULL;
  g_autoptr (MimoTestCli) later = NULL;
  g_autoptr (MimoTestCli) people = NULL;
  g_autoptr (JsonNode)    root = NULL;
  g_autoptr (JsonNode)    since_root = NULL;
  g_autoptr (JsonNode)    later_root = NULL;
  g_autoptr (MimoStore)   store = NULL;
  g_autoptr (GError)      error = NULL;
  MimoLedgerTotals        totals;
  JsonObject             *report;
  JsonArray              *chats;
  JsonArray              *days;
  gint64                  requests = 0;

  g_assert_cmpint (failed->status, ==, 1);

  cli = run_ok (f, args);
  since = run_ok (f, since_args);
  later = run_ok (f, later_args);
  people = run_ok (f, people_args);

  store = mimo_test_cli_open_history ();
  g_assert_true (mimo_ledger_query_totals (mimo_store_get_ledger (store), NULL, NULL, &totals, &error));
  g_assert_no_error (error);
  g_assert_cmpint (totals.requests, ==, 4);
  g_assert_cmpint (totals.failed, ==, 1);
  g_assert_cmpint (totals.web_search_calls, ==, 2);

  root = mimo_test_cli_parse_json (cli->out->str);
  report = json_node_get_object (root);
  g_assert_true (json_object_get_null_member (report, "since"));
  assert_totals_json (json_object_get_object_member (report, "totals"), &totals);

  /* Per chat: each the ledger's own figures; together, the whole. */
  chats = json_object_get_array_member (report, "conversations");
  g_assert_cmpuint (json_array_get_length (chats), ==, 3);
  for (guint i = 0; i < json_array_get_length (chats); i++)
    {
      JsonObject      *chat = json_array_get_object_element (chats, i);
      MimoLedgerTotals chat_totals;

      g_assert_true (mimo_ledger_query_conversation_totals (mimo_store_get_ledger (store),
                                                            json_object_get_int_member (chat, "conversation_id"),
                                                            &chat_totals, &error));
      assert_totals_json (chat, &chat_totals);
      g_assert_false (json_object_get_boolean_member (chat, "deleted"));
      requests += chat_totals.requests;
    }
  g_assert_cmpint (requests, ==, totals.requests);
  /* Most expensive first: the web search. */
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (chats, 0), "conversation_id"), ==,
                   json_object_get_int_member (searched, "conversation_id"));

  days = json_object_get_array_member (report, "days");
  g_assert_cmpuint (json_array_get_length (days), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (days, 0), "date"), ==, today);
  assert_totals_json (json_array_get_object_element (days, 0), &totals);

  since_root = mimo_test_cli_parse_json (since->out->str);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (since_root), "since"), ==, today);
  assert_totals_json (json_object_get_object_member (json_node_get_object (since_root), "totals"), &totals);

  later_root = mimo_test_cli_parse_json (later->out->str);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (later_root), "totals"), "requests"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (later_root), "conversations")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (later_root), "days")), ==, 0);

  /* For people: the three parts, the money as the app shows it. */
  g_assert_true (g_str_has_prefix (people->out->str, "All spending\n\nPer chat, most expensive first\n"));
  g_assert_nonnull (strstr (people->out->str, "\nPer day\n"));
  g_assert_nonnull (strstr (people->out->str, "\nTotal\n  Requests            4\n"));
  g_assert_nonnull (strstr (people->out->str, "  Web searches        2\n"));
}

/* ---------------------------------------------------------- bad input -- */

static void
test_usage_errors (Fixture      *f,
                   gconstpointer data)
{
  static const struct
  {
    const char *args[8];
    const char *says;
  } cases[] = {
    { { "--export", "abc" }, "“abc” given to --export is not a chat number" },
    { { "--export", "0" }, "is not a chat number" },
    { { "--export", "99" }, "There is no chat number 99." },
    { { "--export", "1", "--format", "pdf" }, "“pdf” is not a format --export knows" },
    { { "--export", "1", "--what", "everything" }, "“everything” is not something --export can write. Use chat or draft." },
    { { "--export", "1", "--what", "draft", "--format", "json" }, "A draft can be exported as markdown or html." },
    { { "--export", "1", "--output", "" }, "The file name given to --output is empty" },
    { { "--export", "1", "--json" }, "The option --json only works together with --ask, --list, --search or --usage." },
    { { "--usage", "--since", "2025-13-01" }, "“2025-13-01” given to --since is not a date" },
    { { "--usage", "--since", "2025-02-30" }, "is not a date" },
    { { "--usage", "--since", "yesterday" }, "is not a date" },
    { { "--usage", "--since", "2025-3-1" }, "is not a date" },
    { { "--list", "--since", "2025-01-01" }, "The option --since only works together with --usage." },
    { { "--list", "--temperature", "1" }, "The option --temperature only works together with --ask." },
    { { "--format", "html" }, "The option --format only works together with --export." },
    { { "--output", "x.md" }, "The option --output only works together with --export." },
    { { "--list", "--usage" }, "Use only one of --ask, --list, --search, --export and --usage at a time." },
    { { "--ask", "Hi", "--search", "x" }, "Use only one of" },
    { { "--search", "  " }, "The words given to --search are empty." },
    { { "--ask", "Hi", "--conversation", "x" }, "“x” given to --conversation is not a chat number" },
    { { "--ask", "Hi", "--conversation", "99" }, "There is no chat number 99." },
    { { "--ask", "Hi", "--conversation", "1", "--system", "S" }, "--system only works for a new chat" },
    { { "--ask", "Hi", "--conversation", "1", "--temperature", "9" }, "temperature" },
  };
  g_autoptr (JsonObject) chat = ask_json (f, "Hi [[mimo-test:plain]]", NULL);

  g_assert_cmpint (json_object_get_int_member (chat, "conversation_id"), ==, 1);
  mimo_test_server_clear_requests (f->server);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (MimoTestCli) cli = run (f, cases[i].args);

      g_assert_cmpint (cli->status, ==, 2);
      g_assert_cmpstr (cli->out->str, ==, "");
      g_assert_nonnull (strstr (cli->err->str, cases[i].says));
      g_assert_nonnull (strstr (cli->err->str, "Run “mimo-chat --help” to see the options."));
    }

  g_assert_cmpuint (mimo_test_server_count_requests (f->server, NULL), ==, 0);
}

static void
test_output_unwritable (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (JsonObject)  chat = ask_json (f, "Hi [[mimo-test:plain]]", NULL);
  const char             *args[] = { "--export", "1", "--output", "/nonexistent/folder/chat.md", NULL };
  g_autoptr (MimoTestCli) cli = run (f, args);

  g_assert_cmpint (cli->status, ==, 1);
  g_assert_cmpstr (cli->out->str, ==, "");
  g_assert_true (g_str_has_prefix (cli->err->str, "mimo-chat: Could not write “/nonexistent/folder/chat.md”: "));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_assert_nonnull (g_getenv ("MIMO_CHAT"));

  ADD ("/cli/history/search", test_search);
  ADD ("/cli/history/export-json", test_export_json);
  ADD ("/cli/history/export-html", test_export_html);
  ADD ("/cli/history/export-markdown", test_export_markdown);
  ADD ("/cli/history/export-draft", test_export_draft);
  ADD ("/cli/history/help-shows-what", test_help_shows_what);
  ADD ("/cli/history/usage", test_usage);
  ADD ("/cli/history/usage-errors", test_usage_errors);
  ADD ("/cli/history/output-unwritable", test_output_unwritable);

  return g_test_run ();
}
