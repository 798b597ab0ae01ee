/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-message-row-text.c: the words a message row shows about an answer: what it used, cost and took, how long it thought. */

#define G_LOG_DOMAIN "mimo-message-row"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mimo-message-row.h"
#include "mimo-money.h"

/* Grouped digits ("12,345"), with the locale's separator, or a comma
 * where the locale has none (as mimo_money_format() does), so counts
 * read the same as the money beside them. */
static char *
format_count (gint64 count)
{
  const struct lconv *conv = localeconv ();
  const char         *separator = (conv->thousands_sep != NULL && conv->thousands_sep[0] != '\0') ? conv->thousands_sep : ",";
  g_autofree char    *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (count));
  GString            *out = g_string_new (count < 0 ? "-" : "");
  gsize               n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
format_seconds (gint64 us)
{
  if (us < 10 * G_USEC_PER_SEC)
    /* Translators: how long an answer took, in seconds with one decimal. */
    return g_strdup_printf (_ ("%.1f s"), (double) us / G_USEC_PER_SEC);
  if (us < 60 * G_USEC_PER_SEC)
    /* Translators: how long an answer took, in whole seconds. */
    return g_strdup_printf (_ ("%d s"), (int) (us / G_USEC_PER_SEC));
  /* Translators: how long an answer took, minutes and seconds. */
  return g_strdup_printf (_ ("%d min %d s"), (int) (us / (60 * G_USEC_PER_SEC)),
                          (int) (us / G_USEC_PER_SEC % 60));
}

char *
mimo_message_row_describe_usage (MimoMessage *message)
{
  const MimoUsage      *usage;
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  gint64                provider;
  gint64                duration;

  g_return_val_if_fail (MIMO_IS_MESSAGE (message), NULL);

  usage = mimo_message_get_usage (message);
  if (usage != NULL)
    {
      g_autofree char *in = format_count (usage->prompt_tokens);
      g_autofree char *out = format_count (usage->completion_tokens);
      g_autofree char *ours = mimo_money_format (mimo_message_get_cost_nanos (message));
      const char      *about = usage->estimated ? "≈ " : "";

      if (usage->cached_tokens > 0)
        {
          g_autofree char *cached = format_count (usage->cached_tokens);

          /* Translators: tokens read by the model, of which some came from
           * the provider's cache; the first %s may be "≈ " for estimates. */
          g_ptr_array_add (parts, g_strdup_printf (_ ("%s%s in (%s cached)"), about, in, cached));
        }
      else
        /* Translators: tokens read by the model; %s may be "≈ ". */
        g_ptr_array_add (parts, g_strdup_printf (_ ("%s%s in"), about, in));
      /* Translators: tokens the model wrote; %s may be "≈ ". */
      g_ptr_array_add (parts, g_strdup_printf (_ ("%s%s out"), about, out));

      provider = mimo_message_get_provider_cost_nanos (message);
      if (provider >= 0)
        {
          g_autofree char *theirs = mimo_money_format (provider);

          /* Shown only when it reads differently: the same figure twice
           * would only be noise. */
          if (g_strcmp0 (theirs, ours) != 0)
            /* Translators: our cost, then the cost the provider reported. */
            g_ptr_array_add (parts, g_strdup_printf (_ ("%s (provider: %s)"), ours, theirs));
          else
            g_ptr_array_add (parts, g_strdup (ours));
        }
      else
        g_ptr_array_add (parts, g_strdup (ours));

      if (usage->web_search_calls > 0)
        g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d web search", "%d web searches",
                                                              (gulong) usage->web_search_calls),
                                                 (int) usage->web_search_calls));
    }

  duration = mimo_message_get_duration_us (message);
  if (duration >= 0)
    g_ptr_array_add (parts, format_seconds (duration));

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

char *
mimo_message_row_describe_thinking (gint64 thinking_us)
{
  gint64 seconds;

  if (thinking_us < 0)
    return g_strdup (_ ("Thoughts"));
  if (thinking_us < G_USEC_PER_SEC)
    return g_strdup (_ ("Thought for a moment"));

  seconds = (thinking_us + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;
  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Thought for %d second", "Thought for %d seconds", (gulong) seconds),
                            (int) seconds);

  seconds = (seconds + 30) / 60;
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Thought for %d minute", "Thought for %d minutes", (gulong) seconds),
                          (int) seconds);
}
