/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-chat-export.h: a whole conversation as Markdown, XHTML or JSON, for files and the command line. */

#pragma once

#include "mimo-conversation.h"

G_BEGIN_DECLS

/**
 * MimoChatExportFormat:
 * @MIMO_CHAT_EXPORT_MARKDOWN: the title, each message under a role heading,
 *   the thinking in a collapsed, quoted section, and a footer line with the
 *   chat's cost (`.md`)
 * @MIMO_CHAT_EXPORT_HTML: the same as one self-contained XHTML document
 *   (UTF-8, one <style>, no scripts, no outside resources), answers
 *   rendered from their Markdown, everything escaped and well-formed XML
 *   (`.html`)
 * @MIMO_CHAT_EXPORT_JSON: every field, for programs (`.json`); see below
 *
 * The JSON object (format version 1; members are only ever added):
 * |[
 * { "format": "mimo-chat-conversation", "version": 1,
 *   "id": 12, "title": "…", "created": ISO 8601 UTC, "updated": ISO 8601 UTC,
 *   "system_prompt": "…" | null,
 *   "parameters": { every card parameter: the defaults, the chat's own applied },
 *   "draft": "…" ("" when none),
 *   "totals": { mimo_ledger_totals_add_to_builder() },
 *   "messages": [
 *     { "id": 40, "role": "user" | "assistant" | "system",
 *       "state": "complete" | "streaming" | "cancelled" | "interrupted" | "failed",
 *       "created": ISO 8601 UTC, "content": "…", "reasoning": "…",
 *       "finish_reason": "stop" | … | null, "error": "…" | null,
 *       "parameters": { … } | null,
 *       "usage": { "prompt_tokens", "cached_tokens", "completion_tokens",
 *                  "web_search_calls", "estimated",
 *                  "computed_cost_usd", "provider_cost_usd" (string | null) } | null } ] }
 * ]|
 * Money is a string of US dollars with nine decimals: exact, never a float.
 */
typedef enum
{
  MIMO_CHAT_EXPORT_MARKDOWN,
  MIMO_CHAT_EXPORT_HTML,
  MIMO_CHAT_EXPORT_JSON,
} MimoChatExportFormat;

/* "markdown", "html" or "json". */
gboolean    mimo_chat_export_format_from_string (const char           *name,
                                                 MimoChatExportFormat *format);
const char *mimo_chat_export_format_to_string (MimoChatExportFormat format);

/* The whole of @conversation in @format, as UTF-8 text. Loads the
 * messages' text when needed. @defaults are the parameters new chats
 * start from (the chat's own are stored relative to them); NULL for the
 * card's. */
char *mimo_chat_export (MimoConversation     *conversation,
                        const MimoChatParams *defaults,
                        MimoChatExportFormat  format);

G_END_DECLS
