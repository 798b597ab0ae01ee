/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-answer.c: builds long, varied answers the way MiMo writes them, from a seed. */

#define G_LOG_DOMAIN "mimo-test"

#include "config.h"

#include <string.h>

#include "mimo-test-answer.h"

static const char *const words[] = {
  "the",
  "growth",
  "of",
  "global",
  "trade",
  "slowed",
  "in",
  "2024",
  "while",
  "inflation",
  "eased",
  "across",
  "most",
  "advanced",
  "economies",
  "and",
  "analysts",
  "expect",
  "a",
  "modest",
  "recovery",
  "central",
  "banks",
  "kept",
  "rates",
  "high",
  "energy",
  "prices",
  "stabilised",
  "after",
  "shipping",
  "costs",
  "rose",
  "during",
  "spring",
  "exports",
  "fell",
  "model",
  "tokens",
  "latency",
  "throughput",
  "memory",
  "context",
  "window",
  "attention",
  "measured",
  "reported",
  "according",
  "to",
  "several",
  "studies",
  "which",
  "suggests",
  "that",
};

static void
sentence (GString *out,
          GRand   *rand,
          guint    n_sources)
{
  guint n = g_rand_int_range (rand, 8, 22);

  for (guint i = 0; i < n; i++)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      guint       style = g_rand_int_range (rand, 0, 40);

      if (i > 0)
        g_string_append_c (out, ' ');
      if (i == 0)
        g_string_append_printf (out, "%c%s", g_ascii_toupper (word[0]), word + 1);
      else if (style == 0)
        g_string_append_printf (out, "**%s**", word);
      else if (style == 1)
        g_string_append_printf (out, "*%s*", word);
      else if (style == 2)
        g_string_append_printf (out, "`%s()`", word);
      else
        g_string_append (out, word);
    }

  if (g_rand_int_range (rand, 0, 3) == 0)
    {
      guint source = g_rand_int_range (rand, 1, n_sources + 1);

      g_string_append_printf (out, " [[%u]](https://www.example%u.org/article/%u)", source, source, source * 7);
    }
  g_string_append (out, ". ");
}

static void
paragraph (GString *out,
           GRand   *rand,
           guint    n_sources)
{
  guint n = g_rand_int_range (rand, 2, 6);

  for (guint i = 0; i < n; i++)
    sentence (out, rand, n_sources);
  g_string_truncate (out, out->len - 1);
  g_string_append (out, "\n\n");
}

char *
mimo_test_answer_generate (guint32 seed,
                           gsize   n_bytes)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  GString          *out = g_string_sized_new (n_bytes + 4096);
  const guint       n_sources = 12;
  guint             section = 0;

  while (out->len < n_bytes)
    {
      guint kind = g_rand_int_range (rand, 0, 20);

      if (kind == 0 || out->len == 0)
        g_string_append_printf (out, "## Part %u: %s and %s\n\n", ++section, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))], words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      else if (kind <= 9)
        paragraph (out, rand, n_sources);
      else if (kind <= 12)
        {
          gboolean ordered = kind == 12;
          guint    n = g_rand_int_range (rand, 3, 7);

          for (guint i = 0; i < n; i++)
            {
              if (ordered)
                g_string_append_printf (out, "%u. ", i + 1);
              else
                g_string_append (out, "- ");
              sentence (out, rand, n_sources);
              g_string_truncate (out, out->len - 1);
              g_string_append_c (out, '\n');
              if (g_rand_int_range (rand, 0, 4) == 0)
                {
                  g_string_append (out, ordered ? "   - " : "  - ");
                  sentence (out, rand, n_sources);
                  g_string_truncate (out, out->len - 1);
                  g_string_append_c (out, '\n');
                }
            }
          g_string_append_c (out, '\n');
        }
      else if (kind <= 14)
        {
          guint n = g_rand_int_range (rand, 4, 16);

          g_string_append (out, "```python\n");
          for (guint i = 0; i < n; i++)
            g_string_append_printf (out, "%*sresult_%u = compute(%s, %u)  # ``` is fine here\n", (int) (i % 3) * 4, "", i, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))], i * 3);
          g_string_append (out, "```\n\n");
        }
      else if (kind == 15)
        {
          g_string_append (out, "| Item | Value | Change |\n|:-----|------:|:------:|\n");
          for (guint i = 0; i < 4; i++)
            g_string_append_printf (out, "| %s | %u.%u%% | %s |\n", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))], g_rand_int_range (rand, 0, 100), g_rand_int_range (rand, 0, 10), i % 2 ? "up" : "down");
          g_string_append_c (out, '\n');
        }
      else if (kind == 16)
        {
          g_string_append (out, "> ");
          sentence (out, rand, n_sources);
          g_string_truncate (out, out->len - 1);
          g_string_append (out, "\n\n");
        }
      else
        paragraph (out, rand, n_sources);
    }

  g_string_append (out, "---\n\n**References**\n\n");
  for (guint i = 1; i <= n_sources; i++)
    g_string_append_printf (out, "%u. [Article %u on %s](https://www.example%u.org/article/%u)\n", i, i, words[i % G_N_ELEMENTS (words)], i, i * 7);

  return g_string_free (out, FALSE);
}

GArray *
mimo_test_answer_tokenize (const char *text,
                           guint32     seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  GArray           *ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize             length = strlen (text);
  gsize             pos = 0;

  while (pos < length)
    {
      gsize step = g_rand_int_range (rand, 1, 8);

      pos = MIN (length, pos + step);
      while (pos < length && ((guchar) text[pos] & 0xc0) == 0x80)
        pos++;
      g_array_append_val (ends, pos);
    }
  return ends;
}
