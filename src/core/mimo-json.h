/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-json.h: loading JSON from the network or the disk into a JsonParser, one value only. */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* json_parser_load_from_data() for text that is not ours: refuses text
 * holding more than one value ("{…}{…}"), which json-glib 1.6 would
 * read as its first value while leaking the others, with
 * JSON_PARSER_ERROR_PARSE. @len may be -1 for NUL-terminated text. */
gboolean mimo_json_load (JsonParser *parser,
                         const char *data,
                         gssize      len,
                         GError    **error);

/* The length of @data up to the end of its first value (whitespace
 * before it included); @len when the value does not end in @data (then
 * json-glib reports the problem). Plain C, for the test. */
gsize mimo_json_first_value_end (const char *data,
                                 gsize       len);

G_END_DECLS
