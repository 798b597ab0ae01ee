/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-draft-view-private.h: what the draft view's export and printing half shares with the editor half. */

#pragma once

#include <gtksourceview/gtksource.h>

#include "mimo-draft-view.h"
#include "mimo-markdown-view.h"

G_BEGIN_DECLS

struct _MimoDraftView
{
  GtkWidget parent_instance;

  MimoConversation *conversation;
  GCancellable     *cancellable;
  guint             settle_source;
  guint             reveal_source;
  guint             n_words;
  guint             n_references;

  GtkSourceBuffer *buffer;
  GtkTextTag      *marker_tag;
  GtkTextTag      *address_tag;
  GtkTextTag      *link_tag;
  GtkTextMark     *changed_mark;

  AdwHeaderBar     *header_bar;
  AdwWindowTitle   *window_title;
  GtkWidget        *back_button;
  GtkWidget        *export_button;
  GtkWidget        *preview_button;
  GtkWidget        *status_separator;
  GtkStack         *stack;
  GtkSourceView    *source_view;
  GtkWidget        *empty_page;
  MimoMarkdownView *preview_view;
  GtkLabel         *status_label;
  AdwToastOverlay  *toast_overlay;

  guint preview : 1;
  guint folded : 1;
  /* The buffer is being changed by us: no settle, one save at the end. */
  guint applying : 1;
  /* The change comes from Undo or Redo: it restores a state that was
   * already settled (or that the user had before), so it is left as is. */
  guint undoing : 1;
};

/* The draft's text as it will be exported: renumbered, References in
 * order. */
char *_mimo_draft_view_dup_normalized (MimoDraftView *self);
/* A title for files and print jobs: the draft's first heading, else the
 * chat's title. */
char *_mimo_draft_view_dup_title (MimoDraftView *self);
void  _mimo_draft_view_toast (MimoDraftView *self,
                              const char    *message);

/* mimo-draft-buffer.c: the buffer's side of the editor. */
char *_mimo_draft_buffer_dup_text (GtkTextBuffer *buffer);
/* Applies mimo_draft_refs_update()'s @edits of @old_text (the buffer's
 * text) from the end, as one user action; the cursor follows text that
 * moved. */
void _mimo_draft_buffer_apply_edits (GtkTextBuffer *buffer,
                                     const char    *old_text,
                                     GPtrArray     *edits);
/* Makes the buffer hold @text, replacing only the stretch that differs,
 * as one user action; @changed (may be NULL) moves to where it starts.
 * FALSE when it held @text already. */
gboolean _mimo_draft_buffer_replace (GtkTextBuffer *buffer,
                                     const char    *text,
                                     GtkTextMark   *changed);
void     _mimo_draft_buffer_decorate (GtkTextBuffer *buffer,
                                      GtkTextTag    *marker_tag,
                                      GtkTextTag    *address_tag,
                                      GtkTextTag    *link_tag);

/* mimo-draft-export-ui.c: the export menu's actions. */
void _mimo_draft_view_class_init_export (GtkWidgetClass *widget_class);
void _mimo_draft_view_update_export_actions (MimoDraftView *self);

G_END_DECLS
