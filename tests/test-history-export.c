/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-history-export.c: Export All from a real history file into a real folder: names, contents, errors. */

#define G_LOG_DOMAIN "test-history-export"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mimo-history-export.h"
#include "mimo-store.h"
#include "mimo-test-utils.h"

typedef struct
{
  const char *title;
  const char *name;
} NameCase;

static const NameCase name_cases[] = {
  { "Plan a weekend in Lisbon", "Plan a weekend in Lisbon" },
  { "a/b\\c:d*e?f\"g<h>i|j", "a b c d e f g h i j" },
  { "Tabs\tand\nnew lines  and   spaces", "Tabs and new lines and spaces" },
  { "...hidden file", "hidden file" },
  { "Ends with dots...", "Ends with dots" },
  { "Trailing space / ", "Trailing space" },
  { "C’est l’été 🌞", "C’est l’été 🌞" },
  { "///", "Chat" },
  { "", "Chat" },
  { NULL, "Chat" },
  /* 80 bytes at most, cut between characters: "é" is two bytes. */
  { "éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé",
    "éééééééééééééééééééééééééééééééééééééééé" },
};

static void
test_file_names (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (name_cases); i++)
    {
      g_autofree char *name = mimo_history_export_file_name (name_cases[i].title);

      g_test_message ("name %u: %s", i, name_cases[i].title);
      g_assert_cmpstr (name, ==, name_cases[i].name);
      g_assert_cmpuint (strlen (name), <=, 80);
      g_assert_true (g_utf8_validate (name, -1, NULL));
    }
}

static void
add_chat (MimoStore  *store,
          const char *question_text,
          const char *answer_text)
{
  g_autoptr (MimoMessage)     question = mimo_message_new (MIMO_ROLE_USER, question_text);
  g_autoptr (MimoMessage)     answer = mimo_message_new (MIMO_ROLE_ASSISTANT, answer_text);
  g_autoptr (MimoLedgerEntry) entry = mimo_ledger_entry_new ();
  g_autoptr (MimoPricing)     pricing = mimo_pricing_new ();
  MimoConversation           *conversation = mimo_store_create_conversation (store);
  MimoUsage                   usage = { .prompt_tokens = 100, .completion_tokens = 20 };

  mimo_conversation_add_message (conversation, question);
  mimo_conversation_add_message (conversation, answer);
  mimo_ledger_entry_set_usage (entry, &usage, pricing, 0, 0, 0);
  mimo_store_record_request (store, conversation, answer, entry);
}

static char *
read_child (GFile      *folder,
            const char *name)
{
  g_autoptr (GFile)  file = g_file_get_child (folder, name);
  g_autoptr (GError) error = NULL;
  char              *text = NULL;

  g_file_load_contents (file, NULL, &text, NULL, NULL, &error);
  g_assert_no_error (error);

  return text;
}

static guint
count_children (GFile *folder)
{
  g_autoptr (GFileEnumerator) children = NULL;
  g_autoptr (GError)          error = NULL;
  GFileInfo                  *info;
  guint                       n = 0;

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  while ((info = g_file_enumerator_next_file (children, NULL, &error)) != NULL)
    {
      n++;
      g_object_unref (info);
    }
  g_assert_no_error (error);

  return n;
}

static GFile *export(MimoStore    *store,
                     GFile        *parent,
                     GCancellable *cancellable,
                     guint        *n_chats,
                     GError      **error)
{
  g_autoptr (GAsyncResult) result = NULL;

  mimo_history_export_async (store, NULL, parent, cancellable, mimo_test_store_result_cb, &result);
  mimo_test_wait_for_result (&result, 30000);

  return mimo_history_export_finish (store, result, n_chats, error);
}

static void
test_export (void)
{
  g_autofree char      *path = g_build_filename (g_get_user_data_dir (), "history.db", NULL);
  g_autofree char      *parent_path = g_build_filename (g_get_user_data_dir (), "Documents", NULL);
  g_autoptr (MimoStore) store = mimo_store_new (path);
  g_autoptr (GFile)     parent = g_file_new_for_path (parent_path);
  g_autoptr (GFile)     folder = NULL;
  g_autoptr (GFile)     again = NULL;
  g_autoptr (GError)    error = NULL;
  g_autoptr (JsonNode)  root = NULL;
  g_autofree char      *name = NULL;
  g_autofree char      *markdown = NULL;
  g_autofree char      *json = NULL;
  g_autofree char      *csv = NULL;
  JsonArray            *conversations;
  guint                 n_chats = 0;

  g_assert_cmpint (g_mkdir_with_parents (parent_path, 0700), ==, 0);
  add_chat (store, "Tea", "Green or black?");
  add_chat (store, "tea", "Oolong, then.");
  add_chat (store, "What is a mutex?", "A lock that one thread holds at a time.");
  add_chat (store, "Deleted chat", "Its spend stays in the record.");
  {
    g_autoptr (MimoConversation) deleted = g_list_model_get_item (mimo_store_get_conversations (store), 0);

    mimo_store_delete_conversation (store, deleted);
    mimo_store_commit_deletions (store);
  }

  folder = export(store, parent, NULL, &n_chats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_chats, ==, 3);
  name = g_file_get_basename (folder);
  g_assert_true (g_str_has_prefix (name, "Mimo Chat History 20"));
  g_assert_true (g_file_has_parent (folder, parent));

  /* Three chats, the two "tea"s apart, plus the two files of everything. */
  g_assert_cmpuint (count_children (folder), ==, 5);
  markdown = read_child (folder, "What is a mutex.md");
  g_assert_nonnull (strstr (markdown, "What is a mutex?"));
  g_assert_nonnull (strstr (markdown, "A lock that one thread holds at a time."));
  g_clear_pointer (&markdown, g_free);
  markdown = read_child (folder, "tea.md");
  g_assert_nonnull (strstr (markdown, "Oolong, then."));
  g_clear_pointer (&markdown, g_free);
  markdown = read_child (folder, "Tea (2).md");
  g_assert_nonnull (strstr (markdown, "Green or black?"));

  json = read_child (folder, "history.json");
  root = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "format"), ==, "mimo-chat-history");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==, 1);
  conversations = json_object_get_array_member (json_node_get_object (root), "conversations");
  g_assert_cmpuint (json_array_get_length (conversations), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (conversations, 0), "title"),
                   ==, "What is a mutex?");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (conversations, 0), "format"),
                   ==, "mimo-chat-conversation");

  /* The spending record has every request, the deleted chat's too. */
  csv = read_child (folder, "spending.csv");
  g_assert_true (g_str_has_prefix (csv, "id,time,"));
  g_assert_nonnull (strstr (csv, "Deleted chat"));
  {
    g_auto (GStrv) lines = g_strsplit (csv, "\r\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 4 + 1);
  }

  /* A second export the same day gets its own folder. */
  again = export(store, parent, NULL, &n_chats, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_equal (again, folder));
  g_clear_pointer (&name, g_free);
  name = g_file_get_basename (again);
  g_assert_true (g_str_has_suffix (name, " (2)"));
}

static void
test_export_errors (void)
{
  g_autofree char         *path = g_build_filename (g_get_user_data_dir (), "history.db", NULL);
  g_autofree char         *file_path = g_build_filename (g_get_user_data_dir (), "not-a-folder", NULL);
  g_autoptr (MimoStore)    store = mimo_store_new (path);
  g_autoptr (GFile)        not_a_folder = g_file_new_for_path (file_path);
  g_autoptr (GFile)        parent = g_file_new_for_path (g_get_user_data_dir ());
  g_autoptr (GFile)        folder = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError)       error = NULL;
  guint                    n_chats = 7;

  add_chat (store, "Tea", "Green or black?");
  g_assert_true (g_file_set_contents (file_path, "", 0, NULL));

  /* A person can read it and knows where it went wrong. */
  folder = export(store, not_a_folder, NULL, &n_chats, &error);
  g_assert_null (folder);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_nonnull (strstr (error->message, "not-a-folder"));
  g_assert_true (g_str_has_prefix (error->message, "Your history could not be written to"));
  g_assert_cmpuint (n_chats, ==, 0);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  folder = export(store, parent, cancellable, &n_chats, &error);
  g_assert_null (folder);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/core/history-export/file-names", test_file_names);
  g_test_add_func ("/core/history-export/export", test_export);
  g_test_add_func ("/core/history-export/errors", test_export_errors);

  return g_test_run ();
}
