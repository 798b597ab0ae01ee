/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-history-export.c: Export All: a folder of Markdown files, one JSON of everything and the ledger as CSV. */

#define G_LOG_DOMAIN "mimo-history-export"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mimo-chat-export.h"
#include "mimo-history-export.h"

#define MAX_NAME_BYTES 80

typedef struct
{
  MimoStore      *store;
  MimoChatParams *defaults;
  GFile          *folder;
  GPtrArray      *conversations; /* a snapshot: the list may change meanwhile */
  guint           next;
  GHashTable     *names; /* casefolded file names taken */
  GString        *json;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->defaults, mimo_chat_params_free);
  g_clear_object (&data->folder);
  g_clear_pointer (&data->conversations, g_ptr_array_unref);
  g_clear_pointer (&data->names, g_hash_table_unref);
  if (data->json != NULL)
    g_string_free (data->json, TRUE);
  g_free (data);
}

static gboolean
is_forbidden (gunichar c)
{
  return g_unichar_iscntrl (c) || strchr ("/\\:*?\"<>|", (int) c) != NULL || c == 0x2028 || c == 0x2029;
}

char *
mimo_history_export_file_name (const char *title)
{
  g_autoptr (GString) name = g_string_new (NULL);
  gboolean            space = FALSE;

  if (title != NULL && g_utf8_validate (title, -1, NULL))
    {
      for (const char *p = title; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          /* Runs of spaces and forbidden characters become one space. */
          if (g_unichar_isspace (c) || is_forbidden (c))
            {
              space = name->len > 0;
              continue;
            }
          if (c == '.' && name->len == 0)
            continue;

          if (space)
            g_string_append_c (name, ' ');
          space = FALSE;

          if (name->len + (gsize) g_unichar_to_utf8 (c, NULL) > MAX_NAME_BYTES)
            break;
          g_string_append_unichar (name, c);
        }
    }

  /* Windows drops trailing dots and spaces, and some tools choke on them. */
  while (name->len > 0 && (name->str[name->len - 1] == '.' || name->str[name->len - 1] == ' '))
    g_string_truncate (name, name->len - 1);

  if (name->len == 0)
    g_string_assign (name, _ ("Chat"));

  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* G_IO_ERRORs said so that a person knows what to do. */
static void
set_plain_error (GError **error,
                 GError  *cause,
                 GFile   *where)
{
  g_autofree char *name = g_file_get_parse_name (where);

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, cause);
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    {
      /* Translators: %s is a folder. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _ ("The disk holding “%s” is full. Free some space or choose another folder."), name);
      g_error_free (cause);
    }
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED) ||
           g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    {
      /* Translators: %s is a folder. */
      g_set_error (error, G_IO_ERROR, cause->code,
                   _ ("Mimo Chat can’t write in “%s”. Choose another folder."), name);
      g_error_free (cause);
    }
  else
    {
      /* Translators: %s is a folder; the second %s what went wrong. */
      g_set_error (error, G_IO_ERROR, cause->domain == G_IO_ERROR ? cause->code : G_IO_ERROR_FAILED,
                   _ ("Your history could not be written to “%s”: %s"), name, cause->message);
      g_error_free (cause);
    }
}

static gboolean
write_file (GFile        *folder,
            const char   *name,
            const char   *text,
            GCancellable *cancellable,
            GError      **error)
{
  g_autoptr (GFile) file = g_file_get_child (folder, name);
  GError           *local_error = NULL;

  if (g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                               cancellable, &local_error))
    return TRUE;

  set_plain_error (error, local_error, folder);
  return FALSE;
}

static GFile *
make_folder (GFile        *parent,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char      *day = g_date_time_format (now, "%Y-%m-%d");
  /* Translators: the folder Export All makes; %s is the date, 2025-03-04. */
  g_autofree char *base = g_strdup_printf (_ ("Mimo Chat History %s"), day);

  for (guint n = 1; n < 1000; n++)
    {
      g_autofree char  *name = n == 1 ? g_strdup (base) : g_strdup_printf ("%s (%u)", base, n);
      g_autoptr (GFile) folder = g_file_get_child (parent, name);
      GError           *local_error = NULL;

      if (g_file_make_directory (folder, cancellable, &local_error))
        return g_steal_pointer (&folder);
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          set_plain_error (error, local_error, parent);
          return NULL;
        }
      g_error_free (local_error);
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _ ("There are too many exports in that folder already."));
  return NULL;
}

/* "Title.md", else "Title (2).md"…, compared without case: macOS and
 * Windows file systems would merge "Tea" and "tea". */
static char *
take_name (ExportData *data,
           const char *title,
           const char *extension)
{
  g_autofree char *base = mimo_history_export_file_name (title);

  for (guint n = 1;; n++)
    {
      g_autofree char *name = n == 1 ? g_strconcat (base, extension, NULL)
                                     : g_strdup_printf ("%s (%u)%s", base, n, extension);
      g_autofree char *key = g_utf8_casefold (name, -1);

      if (!g_hash_table_contains (data->names, key))
        {
          g_hash_table_add (data->names, g_steal_pointer (&key));
          return g_steal_pointer (&name);
        }
    }
}

static gboolean
write_spending (ExportData   *data,
                GCancellable *cancellable,
                GError      **error)
{
  g_autoptr (GFile)             file = g_file_get_child (data->folder, "spending.csv");
  g_autoptr (GFileOutputStream) stream = NULL;
  GError                       *local_error = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, &local_error);
  if (stream == NULL ||
      !mimo_ledger_export_csv (mimo_store_get_ledger (data->store), G_OUTPUT_STREAM (stream), cancellable,
                               &local_error) ||
      !g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, &local_error))
    {
      set_plain_error (error, local_error, data->folder);
      return FALSE;
    }

  return TRUE;
}

static gboolean
finish (ExportData   *data,
        GCancellable *cancellable,
        GError      **error)
{
  g_string_append (data->json, "\n]}\n");

  return write_file (data->folder, "history.json", data->json->str, cancellable, error) &&
         write_spending (data, cancellable, error);
}

static gboolean
export_step_cb (gpointer user_data)
{
  GTask            *task = user_data;
  ExportData       *data = g_task_get_task_data (task);
  GCancellable     *cancellable = g_task_get_cancellable (task);
  GError           *error = NULL;
  MimoConversation *conversation;
  g_autofree char  *markdown = NULL;
  g_autofree char  *json = NULL;
  g_autofree char  *name = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return G_SOURCE_REMOVE;
    }

  if (data->next == data->conversations->len)
    {
      if (finish (data, cancellable, &error))
        g_task_return_pointer (task, g_object_ref (data->folder), g_object_unref);
      else
        g_task_return_error (task, error);
      return G_SOURCE_REMOVE;
    }

  conversation = g_ptr_array_index (data->conversations, data->next);
  markdown = mimo_chat_export (conversation, data->defaults, MIMO_CHAT_EXPORT_MARKDOWN);
  name = take_name (data, mimo_conversation_get_title (conversation), ".md");
  if (!write_file (data->folder, name, markdown, cancellable, &error))
    {
      g_task_return_error (task, error);
      return G_SOURCE_REMOVE;
    }

  json = mimo_chat_export (conversation, data->defaults, MIMO_CHAT_EXPORT_JSON);
  if (data->next > 0)
    g_string_append (data->json, ",\n");
  g_string_append (data->json, json);

  data->next++;
  return G_SOURCE_CONTINUE;
}

void
mimo_history_export_async (MimoStore            *store,
                           const MimoChatParams *defaults,
                           GFile                *parent,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr (GTask)     task = NULL;
  g_autoptr (GSource)   source = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char      *exported = g_date_time_format_iso8601 (now);
  GListModel           *list;
  ExportData           *data;
  GError               *error = NULL;

  g_return_if_fail (MIMO_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (parent));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, mimo_history_export_async);

  data = g_new0 (ExportData, 1);
  data->store = g_object_ref (store);
  data->defaults = defaults != NULL ? mimo_chat_params_copy (defaults) : NULL;
  data->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  data->json = g_string_new (NULL);
  g_string_append_printf (data->json,
                          "{\"format\": \"mimo-chat-history\", \"version\": 1, \"exported\": \"%s\",\n"
                          "\"conversations\": [\n",
                          exported);
  list = mimo_store_get_conversations (store);
  data->conversations = g_ptr_array_new_full (g_list_model_get_n_items (list), g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    g_ptr_array_add (data->conversations, g_list_model_get_item (list, i));
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  data->folder = make_folder (parent, cancellable, &error);
  if (data->folder == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  source = g_idle_source_new ();
  g_source_set_static_name (source, "[mimo] export history");
  g_task_attach_source (task, source, export_step_cb);
}

GFile *
mimo_history_export_finish (MimoStore    *store,
                            GAsyncResult *result,
                            guint        *n_chats,
                            GError      **error)
{
  ExportData *data;
  GFile      *folder;

  g_return_val_if_fail (MIMO_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mimo_history_export_async, NULL);

  data = g_task_get_task_data (G_TASK (result));
  folder = g_task_propagate_pointer (G_TASK (result), error);
  if (n_chats != NULL)
    *n_chats = folder != NULL ? data->conversations->len : 0;

  return folder;
}
