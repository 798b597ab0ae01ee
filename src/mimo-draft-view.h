/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-view.h: a conversation's draft document, edited as Markdown, its references kept in order. */

#pragma once

#include <adwaita.h>

#include "mimo-conversation.h"

G_BEGIN_DECLS

/**
 * MimoDraftFileFormat:
 * @MIMO_DRAFT_FILE_MARKDOWN: the Markdown with its References (`.md`)
 * @MIMO_DRAFT_FILE_HTML: a self-contained web page (`.html`)
 * @MIMO_DRAFT_FILE_PDF: laid out on pages with Pango (`.pdf`)
 */
typedef enum
{
  MIMO_DRAFT_FILE_MARKDOWN,
  MIMO_DRAFT_FILE_HTML,
  MIMO_DRAFT_FILE_PDF,
} MimoDraftFileFormat;

#define MIMO_TYPE_DRAFT_VIEW (mimo_draft_view_get_type ())

G_DECLARE_FINAL_TYPE (MimoDraftView, mimo_draft_view, MIMO, DRAFT_VIEW, GtkWidget)

/**
 * MimoDraftView:
 *
 * The draft pane: a header (back button when folded, Preview, the
 * export menu), the draft's Markdown in a GtkSourceView, or its rendered
 * preview, and a status line with the word and reference counts.
 *
 * Every change is handed to mimo_conversation_set_draft() at once (the
 * store saves it within 250 ms); when typing pauses, the citations are
 * renumbered and the References regenerated in place, as one undo step.
 * A change of the conversation's draft made elsewhere (Add to Draft)
 * reaches the editor as one undoable edit.
 *
 * Properties: `conversation` (NULL: a new chat, which has no draft yet),
 * `preview`, `folded` (shows the back button, which activates
 * `win.show-draft`), `show-start-title-buttons`, `n-words` and
 * `n-references` (read-only, updated when an edit settles).
 *
 * Actions: `draft.preview`, `draft.copy-rich-text`, `draft.export(s)`
 * ("markdown", "html" or "pdf": asks for a file), `draft.print`.
 */
GtkWidget        *mimo_draft_view_new (void);
MimoConversation *mimo_draft_view_get_conversation (MimoDraftView *self);
void              mimo_draft_view_set_conversation (MimoDraftView    *self,
                                                    MimoConversation *conversation);
gboolean          mimo_draft_view_get_preview (MimoDraftView *self);
void              mimo_draft_view_set_preview (MimoDraftView *self,
                                               gboolean       preview);
guint             mimo_draft_view_get_n_words (MimoDraftView *self);
guint             mimo_draft_view_get_n_references (MimoDraftView *self);
/* The editor's buffer (a GtkSourceBuffer). */
GtkTextBuffer *mimo_draft_view_get_buffer (MimoDraftView *self);
/* Renumbers and regenerates the References now instead of when typing
 * pauses; does nothing when no edit is waiting. */
void mimo_draft_view_settle (MimoDraftView *self);
void mimo_draft_view_focus (MimoDraftView *self);

/* Writes the draft to @file (no dialog); errors are in plain words. */
void     mimo_draft_view_export_async (MimoDraftView      *self,
                                       MimoDraftFileFormat format,
                                       GFile              *file,
                                       GCancellable       *cancellable,
                                       GAsyncReadyCallback callback,
                                       gpointer            user_data);
gboolean mimo_draft_view_export_finish (MimoDraftView *self,
                                        GAsyncResult  *result,
                                        GError       **error);
/* Puts the draft on the clipboard as HTML (headings, links and the
 * References kept when pasted into a word processor or web mail) and as
 * plain text. */
void mimo_draft_view_copy_rich_text (MimoDraftView *self);

G_END_DECLS
