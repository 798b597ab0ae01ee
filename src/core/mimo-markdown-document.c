/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-markdown-document.c: streams Markdown into blocks, parsing again only the unfinished tail. */

#define G_LOG_DOMAIN "mimo-markdown"

#include "config.h"

#include <string.h>

#include "mimo-citations-private.h"
#include "mimo-markdown-document.h"
#include "mimo-markdown-private.h"

/*
 * How the tail stays small. md4c parses a whole text, so we cut the text
 * into chunks and parse each on its own. A cut is only allowed where it
 * cannot change the result, now or after any append:
 *
 *  - Candidates come from a line scan: a line after a blank line, starting
 *    in column 0 with a character that cannot continue a list (not a
 *    list marker, not indented), outside a fenced code block as far as a
 *    simple scan can tell.
 *  - Each candidate P is then verified by md4c itself, once its line L is
 *    complete: parse(S..P) + parse(P..L) must equal parse(S..L), S being
 *    the previous cut. Then every block before P was closed before line
 *    P began (CommonMark never reopens a closed block, and a blank line
 *    then a column-0 line can continue no list, quote or paragraph), so
 *    the cut holds for any text that follows.
 *  - Link reference definitions ("[1]: https://…") are the one thing
 *    that reaches back: they turn "[1]" anywhere into a link. While the
 *    body holds anything that could be one, the body is parsed whole.
 *
 * An append parses the text from the last cut again, and verifies new
 * candidates, each costing the chunk before it once: linear in all.
 */

typedef enum
{
  CANDIDATE_UNVERIFIED,
  CANDIDATE_VERIFIED,
  CANDIDATE_FAILED,
} CandidateState;

typedef struct
{
  gsize          offset; /* start of the line */
  gsize          next;   /* start of the line after it */
  CandidateState state;
} Candidate;

typedef struct
{
  gsize offset;
  guint n_blocks;  /* body blocks before the cut */
  guint candidate; /* index in candidates, for cuts after the first */
} Chunk;

typedef struct
{
  gboolean in_run;          /* in a paragraph with a line starting "[" */
  gsize    run_start;       /* that line's offset */
  gssize   first_candidate; /* the first text that may define a link */
} DefinitionScan;

struct _MimoMarkdownDocument
{
  GObject parent_instance;

  GString   *text;
  GPtrArray *items;  /* MimoMarkdownBlock: the body, then the References block */
  guint      n_body; /* items before the References block */
  GArray    *chunks; /* Chunk, ascending; chunks[0] is the start of the text */
  GArray    *candidates;
  guint      first_unchecked;

  /* The line scan over complete lines. */
  gsize          scan_pos;
  gboolean       prev_blank;
  char           fence_char;
  gsize          fence_length;
  DefinitionScan definitions;
  MimoRefScan    references;

  MimoMarkdownStats stats;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MimoMarkdownDocument, mimo_markdown_document, G_TYPE_OBJECT, G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return MIMO_TYPE_MARKDOWN_BLOCK;
}

static guint
get_n_items (GListModel *model)
{
  return MIMO_MARKDOWN_DOCUMENT (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  MimoMarkdownDocument *self = MIMO_MARKDOWN_DOCUMENT (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
reset_scan (MimoMarkdownDocument *self)
{
  Chunk start = { 0, 0, 0 };

  g_array_set_size (self->chunks, 0);
  g_array_append_val (self->chunks, start);
  g_array_set_size (self->candidates, 0);
  self->first_unchecked = 0;
  self->scan_pos = 0;
  self->prev_blank = FALSE;
  self->fence_char = 0;
  self->fence_length = 0;
  self->definitions.in_run = FALSE;
  self->definitions.first_candidate = -1;
  _mimo_ref_scan_init (&self->references);
}

static void
mimo_markdown_document_finalize (GObject *object)
{
  MimoMarkdownDocument *self = MIMO_MARKDOWN_DOCUMENT (object);

  g_string_free (self->text, TRUE);
  g_ptr_array_unref (self->items);
  g_array_unref (self->chunks);
  g_array_unref (self->candidates);

  G_OBJECT_CLASS (mimo_markdown_document_parent_class)->finalize (object);
}

static void
mimo_markdown_document_class_init (MimoMarkdownDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mimo_markdown_document_finalize;
}

static void
mimo_markdown_document_init (MimoMarkdownDocument *self)
{
  self->text = g_string_new (NULL);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->chunks = g_array_new (FALSE, FALSE, sizeof (Chunk));
  self->candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  reset_scan (self);
}

static gboolean
is_blank (const char *line,
          gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
      return FALSE;
  return TRUE;
}

/* "- x", "* x", "+ x", "1. x", "1) x" (or the marker alone): a line that
 * could continue a list from before the blank line. */
static gsize
list_marker_length (const char *line,
                    gsize       length)
{
  gsize i = 0;

  if (length == 0)
    return 0;

  if (line[0] == '-' || line[0] == '*' || line[0] == '+')
    i = 1;
  else
    {
      while (i < length && i < 9 && g_ascii_isdigit (line[i]))
        i++;
      if (i == 0 || i >= length || (line[i] != '.' && line[i] != ')'))
        return 0;
      i++;
    }

  if (i == length || line[i] == ' ' || line[i] == '\t' || line[i] == '\r')
    return i;
  return 0;
}

static void
scan_fence (MimoMarkdownDocument *self,
            const char           *line,
            gsize                 length)
{
  gsize i = 0;
  gsize run;
  char  c;

  while (i < length && i < 3 && line[i] == ' ')
    i++;
  if (i >= length || (line[i] != '`' && line[i] != '~'))
    return;

  c = line[i];
  for (run = 0; i + run < length && line[i + run] == c; run++)
    ;
  if (run < 3)
    return;

  if (self->fence_char == 0)
    {
      if (c == '`' && memchr (line + i + run, '`', length - i - run) != NULL)
        return;
      self->fence_char = c;
      self->fence_length = run;
    }
  else if (c == self->fence_char && run >= self->fence_length && is_blank (line + i + run, length - i - run))
    self->fence_char = 0;
}

static void
scan_definitions (DefinitionScan *scan,
                  const char     *line,
                  gsize           length,
                  gsize           offset)
{
  gsize p = 0;

  if (is_blank (line, length))
    {
      scan->in_run = FALSE;
      return;
    }

  /* Quote markers, list markers and indentation come before a
   * definition inside a container. */
  for (;;)
    {
      gsize marker;

      while (p < length && (line[p] == ' ' || line[p] == '\t' || line[p] == '>'))
        p++;
      marker = list_marker_length (line + p, length - p);
      if (marker == 0)
        break;
      p += marker;
    }

  if (p < length && line[p] == '[' && !scan->in_run)
    {
      scan->in_run = TRUE;
      scan->run_start = offset;
    }

  if (scan->in_run && g_strstr_len (line, length, "]:") != NULL && (scan->first_candidate < 0 || (gssize) scan->run_start < scan->first_candidate))
    scan->first_candidate = scan->run_start;
}

static void
scan_complete_lines (MimoMarkdownDocument *self)
{
  const char *text = self->text->str;
  gsize       length = self->text->len;

  while (self->scan_pos < length)
    {
      gsize       start = self->scan_pos;
      gsize       end, next;
      const char *line = text + start;
      gboolean    blank;

      if (!_mimo_next_line (text, length, start, &end, &next))
        break;
      blank = is_blank (line, end - start);

      if (self->prev_blank && !blank && self->fence_char == 0 && !g_ascii_isspace (line[0]) && list_marker_length (line, end - start) == 0)
        {
          Candidate candidate = { start, next, CANDIDATE_UNVERIFIED };

          g_array_append_val (self->candidates, candidate);
        }

      scan_fence (self, line, end - start);
      scan_definitions (&self->definitions, line, end - start, start);
      _mimo_ref_scan_line (&self->references, line, end - start, start);
      self->prev_blank = blank;
      self->scan_pos = next;
    }
}

static GPtrArray *
parse (MimoMarkdownDocument *self,
       gsize                 start,
       gsize                 end)
{
  self->stats.n_parses++;
  self->stats.bytes_parsed += end - start;
  return _mimo_markdown_parse_range (self->text->str + start, end - start);
}

static gboolean
split_matches (GPtrArray *before,
               GPtrArray *after,
               GPtrArray *whole)
{
  if (before->len + after->len != whole->len)
    return FALSE;

  for (guint i = 0; i < whole->len; i++)
    {
      GPtrArray *part = i < before->len ? before : after;
      guint      k = i < before->len ? i : i - before->len;

      if (!mimo_markdown_block_equal (g_ptr_array_index (part, k), g_ptr_array_index (whole, i)))
        return FALSE;
    }
  return TRUE;
}

/* Forgets the cuts after @limit: they are verified again when the body
 * reaches past them once more. */
static void
drop_chunks_after (MimoMarkdownDocument *self,
                   gsize                 limit)
{
  while (self->chunks->len > 1)
    {
      Chunk *last = &g_array_index (self->chunks, Chunk, self->chunks->len - 1);

      if (last->offset <= limit)
        break;
      g_array_index (self->candidates, Candidate, last->candidate).state = CANDIDATE_UNVERIFIED;
      self->first_unchecked = MIN (self->first_unchecked, last->candidate);
      g_array_set_size (self->chunks, self->chunks->len - 1);
    }
}

/* Parses the body from the last cut on into @tail, verifying candidate
 * cuts on the way; returns how many blocks come before @tail. */
static guint
build_body (MimoMarkdownDocument *self,
            GPtrArray            *tail,
            gsize                 body_end)
{
  const Chunk          *chunk = &g_array_index (self->chunks, Chunk, self->chunks->len - 1);
  guint                 keep = chunk->n_blocks;
  gsize                 start = chunk->offset;
  g_autoptr (GPtrArray) rest = NULL;

  for (guint k = self->first_unchecked; k < self->candidates->len; k++)
    {
      Candidate            *candidate = &g_array_index (self->candidates, Candidate, k);
      g_autoptr (GPtrArray) before = NULL;
      g_autoptr (GPtrArray) line = NULL;
      g_autoptr (GPtrArray) whole = NULL;

      if (candidate->state == CANDIDATE_UNVERIFIED && candidate->next > body_end)
        break;
      self->first_unchecked = k + 1;
      if (candidate->state != CANDIDATE_UNVERIFIED || candidate->offset <= start)
        continue;

      before = parse (self, start, candidate->offset);
      line = parse (self, candidate->offset, candidate->next);
      whole = parse (self, start, candidate->next);
      if (split_matches (before, line, whole))
        {
          Chunk cut = { candidate->offset, 0, k };

          candidate->state = CANDIDATE_VERIFIED;
          g_ptr_array_extend_and_steal (tail, g_steal_pointer (&before));
          cut.n_blocks = keep + tail->len;
          g_array_append_val (self->chunks, cut);
          start = candidate->offset;
        }
      else
        candidate->state = CANDIDATE_FAILED;
    }

  rest = parse (self, start, body_end);
  g_ptr_array_extend_and_steal (tail, g_steal_pointer (&rest));
  return keep;
}

/* Replaces the items from @keep on with @tail (which it consumes),
 * keeping the old object for every block that did not change, and tells
 * the views the one range that did. Blocks before @keep are never
 * touched, so an update costs what the tail costs. */
static void
apply (MimoMarkdownDocument *self,
       guint                 keep,
       GPtrArray            *tail)
{
  GPtrArray *items = self->items;
  guint      n_old = items->len - keep;
  guint      prefix = 0;
  guint      suffix = 0;
  guint      removed;
  guint      added;

  for (; prefix < n_old && prefix < tail->len; prefix++)
    {
      gpointer a = g_ptr_array_index (items, keep + prefix);
      gpointer b = g_ptr_array_index (tail, prefix);

      if (a != b && !mimo_markdown_block_equal (a, b))
        break;
    }

  for (; suffix < n_old - prefix && suffix < tail->len - prefix; suffix++)
    {
      gpointer a = g_ptr_array_index (items, items->len - 1 - suffix);
      gpointer b = g_ptr_array_index (tail, tail->len - 1 - suffix);

      if (a != b && !mimo_markdown_block_equal (a, b))
        break;
    }

  removed = n_old - prefix - suffix;
  added = tail->len - prefix - suffix;
  g_ptr_array_remove_range (items, keep + prefix, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (items, keep + prefix + i, g_object_ref (g_ptr_array_index (tail, prefix + i)));
  g_ptr_array_unref (tail);

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), keep + prefix, removed, added);
}

static void
update (MimoMarkdownDocument *self)
{
  const char    *text = self->text->str;
  gsize          length = self->text->len;
  MimoRefScan    references;
  DefinitionScan definitions;
  GPtrArray     *tail = g_ptr_array_new_with_free_func (g_object_unref);
  guint          keep = 0;
  gsize          body_end;

  scan_complete_lines (self);

  /* The last line may still grow: look at it without keeping the state. */
  references = self->references;
  definitions = self->definitions;
  if (self->scan_pos < length)
    {
      gsize end, next;

      _mimo_next_line (text, length, self->scan_pos, &end, &next);
      _mimo_ref_scan_line (&references, text + self->scan_pos, end - self->scan_pos, self->scan_pos);
      scan_definitions (&definitions, text + self->scan_pos, end - self->scan_pos, self->scan_pos);
    }

  body_end = references.heading >= 0 ? (gsize) references.heading : length;

  if (definitions.first_candidate >= 0 && (gsize) definitions.first_candidate < body_end)
    {
      g_autoptr (GPtrArray) body = NULL;

      drop_chunks_after (self, 0);
      body = parse (self, 0, body_end);
      g_ptr_array_extend_and_steal (tail, g_steal_pointer (&body));
    }
  else
    {
      drop_chunks_after (self, body_end);
      keep = build_body (self, tail, body_end);
    }

  self->n_body = keep + tail->len;
  if (references.heading >= 0)
    g_ptr_array_add (tail, _mimo_markdown_references_block_new (text + body_end, length - body_end));

  apply (self, keep, tail);
}

MimoMarkdownDocument *
mimo_markdown_document_new (void)
{
  return g_object_new (MIMO_TYPE_MARKDOWN_DOCUMENT, NULL);
}

MimoMarkdownDocument *
mimo_markdown_document_new_for_text (const char *text,
                                     gssize      length)
{
  MimoMarkdownDocument *self = mimo_markdown_document_new ();

  mimo_markdown_document_set_text (self, text, length);
  return self;
}

void
mimo_markdown_document_append (MimoMarkdownDocument *self,
                               const char           *text,
                               gssize                length)
{
  g_return_if_fail (MIMO_IS_MARKDOWN_DOCUMENT (self));
  g_return_if_fail (text != NULL || length == 0);

  if (text == NULL || length == 0)
    return;
  if (length < 0)
    length = strlen (text);
  g_return_if_fail (g_utf8_validate (text, length, NULL));

  g_string_append_len (self->text, text, length);
  update (self);
}

void
mimo_markdown_document_set_text (MimoMarkdownDocument *self,
                                 const char           *text,
                                 gssize                length)
{
  g_return_if_fail (MIMO_IS_MARKDOWN_DOCUMENT (self));
  g_return_if_fail (text != NULL || length == 0);

  if (text == NULL)
    text = "";
  if (length < 0)
    length = strlen (text);
  g_return_if_fail (g_utf8_validate (text, length, NULL));

  if ((gsize) length >= self->text->len && memcmp (text, self->text->str, self->text->len) == 0)
    {
      if ((gsize) length > self->text->len)
        mimo_markdown_document_append (self, text + self->text->len, length - self->text->len);
      return;
    }

  g_string_truncate (self->text, 0);
  g_string_append_len (self->text, text, length);
  reset_scan (self);
  update (self);
}

const char *
mimo_markdown_document_get_text (MimoMarkdownDocument *self,
                                 gsize                *length)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_DOCUMENT (self), NULL);

  if (length != NULL)
    *length = self->text->len;
  return self->text->str;
}

MimoMarkdownBlock *
mimo_markdown_document_get_references (MimoMarkdownDocument *self)
{
  g_return_val_if_fail (MIMO_IS_MARKDOWN_DOCUMENT (self), NULL);

  if (self->items->len == self->n_body)
    return NULL;
  return g_ptr_array_index (self->items, self->items->len - 1);
}

const MimoCitationSource *
mimo_markdown_document_lookup_source (MimoMarkdownDocument *self,
                                      guint                 number)
{
  MimoMarkdownBlock *references;

  g_return_val_if_fail (MIMO_IS_MARKDOWN_DOCUMENT (self), NULL);

  references = mimo_markdown_document_get_references (self);
  for (guint i = 0; references != NULL && i < mimo_markdown_block_get_n_sources (references); i++)
    {
      const MimoCitationSource *source = mimo_markdown_block_get_source (references, i);

      if (source->number == number)
        return source;
    }
  return NULL;
}

const char *
mimo_markdown_document_get_citation_url (MimoMarkdownDocument  *self,
                                         const MimoMarkdownRun *run)
{
  const MimoCitationSource *source;

  g_return_val_if_fail (MIMO_IS_MARKDOWN_DOCUMENT (self), NULL);
  g_return_val_if_fail (run != NULL, NULL);

  if (run->url != NULL || run->style != MIMO_MARKDOWN_STYLE_CITATION)
    return run->url;

  source = mimo_markdown_document_lookup_source (self, run->citation);
  return source != NULL && mimo_citation_url_is_openable (source->url, FALSE) ? source->url : NULL;
}

void
mimo_markdown_document_get_stats (MimoMarkdownDocument *self,
                                  MimoMarkdownStats    *stats)
{
  g_return_if_fail (MIMO_IS_MARKDOWN_DOCUMENT (self));
  g_return_if_fail (stats != NULL);

  *stats = self->stats;
}
