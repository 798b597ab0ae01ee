/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-server-showcase.c: demo mode's answers: a realistic one picked by the question's words. */

#define G_LOG_DOMAIN "mimo-test-server"

#include "config.h"

#include <string.h>

#include "mimo-test-server-private.h"

/* The answers are canned, and say nothing about being canned: demo mode
 * is for seeing the app work (streaming, thinking, citations, code,
 * tables, costs), and the example chats read as real ones would. A
 * question no topic matches gets the "demo" answer, which does say it is
 * a sample. Citations are written "{N}" here and become the API's forms
 * (or nothing, without web search) when the answer is made. */

typedef struct
{
  const char *title;
  const char *url;
} Source;

typedef struct
{
  const char  *words[4]; /* any of them, in the lowercased question */
  const char  *reasoning;
  const char  *content;
  const Source sources[3];
  gint64       searches; /* with web search on */
} Topic;

static const Topic topics[] = {
  {
    .words = { "neighbourhood", "neighborhood", "area to stay" },
    .reasoning = "They are planning a first weekend in Lisbon and ask where to stay. Compare the central "
                 "neighbourhoods by atmosphere, hills and noise, and give one clear suggestion.",
    .content = "For a first weekend, stay somewhere central enough to walk home after dinner:\n\n"
               "- **Baixa and Chiado**: the most central, flat by Lisbon standards, with cafés, shops and "
               "the river a few minutes away. Busy by day, calm at night{1}.\n"
               "- **Alfama**: the old Moorish quarter, all steep lanes, tiled façades and fado at night. "
               "Charming, but mostly small guesthouses, and the climb home is real{2}.\n"
               "- **Príncipe Real**: leafy and elegant, with boutique hotels and good restaurants, a short "
               "walk above Bairro Alto.\n"
               "- **Avenida da Liberdade**: a wide boulevard of larger hotels with easy metro access.\n\n"
               "Bairro Alto is lively until late: fun for a night out, less so for light sleepers{1}.\n\n"
               "**My pick:** Chiado. You can walk to Alfama, Bairro Alto and the river, and the tram and "
               "metro leave from the doorstep.",
    .sources = {
      { "Where to stay in Lisbon: neighbourhoods", "https://www.visitlisboa.com/en/where-to-stay" },
      { "Alfama, Lisbon's oldest district", "https://en.wikipedia.org/wiki/Alfama" },
    },
    .searches = 1,
  },
  {
    .words = { "weekend in lisbon", "days in lisbon", "lisbon itinerary", "trip to lisbon" },
    .reasoning = "The user wants a two-day plan for Lisbon. Group the sights by area so they do not cross "
                 "the hills twice: Alfama and Baixa on Saturday, Belém on Sunday. Finish with practical "
                 "tips: transport card, budget, best season.",
    .content = "## A weekend in Lisbon\n\n"
               "Lisbon is compact and hilly, so plan by neighbourhood and bring comfortable shoes{1}.\n\n"
               "### Saturday: Alfama and Baixa\n\n"
               "- **Morning**: ride the historic tram 28 up to Alfama and climb to São Jorge Castle for the "
               "view over the Tagus{2}.\n"
               "- **Lunch**: grilled sardines or *bacalhau à brás* in a small tasca near the cathedral.\n"
               "- **Afternoon**: walk down through Baixa to Praça do Comércio and along the river.\n"
               "- **Evening**: dinner in Bairro Alto, then a fado show in Alfama (book ahead).\n\n"
               "### Sunday: Belém\n\n"
               "- **Morning**: take tram 15 or the train to Belém (about 20 minutes) for the Jerónimos "
               "Monastery and the Tower of Belém{3}.\n"
               "- Have a warm *pastel de nata* at Pastéis de Belém; the queue moves fast.\n"
               "- **Afternoon**: the MAAT museum by the river, or LX Factory for shops and cafés.\n\n"
               "### Practical tips\n\n"
               "| What | Tip |\n"
               "|---|---|\n"
               "| Getting around | A Viva Viagem card works on the metro, trams, buses and ferries |\n"
               "| Budget | About €120–180 a day for two, not counting the hotel |\n"
               "| Best time | April to June, and September to October |\n\n"
               "Would you like restaurant suggestions or a day trip to Sintra?",
    .sources = {
      { "Visit Lisboa: official tourism site", "https://www.visitlisboa.com/en" },
      { "São Jorge Castle", "https://en.wikipedia.org/wiki/S%C3%A3o_Jorge_Castle" },
      { "Monastery of the Hieronymites and Tower of Belém", "https://whc.unesco.org/en/list/263" },
    },
    .searches = 2,
  },
  {
    .words = { "semaphore" },
    .reasoning = "Contrast ownership and counting. A small table makes the difference clear; then a short "
                 "sem_wait/sem_post example that lets three threads in at once, and a rule of thumb.",
    .content = "Both guard shared resources, but they count differently:\n\n"
               "| | Mutex | Semaphore |\n"
               "|---|---|---|\n"
               "| Lets in | one thread at a time | up to *N* threads |\n"
               "| Released by | the thread that locked it | any thread |\n"
               "| Typical use | protecting shared data | limiting access to a pool, signalling |\n\n"
               "A semaphore that starts at 1 behaves *almost* like a mutex, but nobody owns it: another "
               "thread may post it. That is handy for signalling (\"the data is ready\") and a source of "
               "bugs when it is used as a lock.\n\n"
               "```c\n"
               "#include <semaphore.h>\n"
               "\n"
               "static sem_t slots;\n"
               "\n"
               "sem_init (&slots, 0, 3);   /* at most three threads at once */\n"
               "\n"
               "sem_wait (&slots);         /* take a permit, or wait for one */\n"
               "use_connection ();\n"
               "sem_post (&slots);         /* give it back */\n"
               "```\n\n"
               "Rule of thumb: **a mutex protects data, a semaphore counts things.**",
  },
  {
    .words = { "mutex" },
    .reasoning = "They want the idea and a small example. Start with the problem a mutex solves (two "
                 "threads incrementing one counter lose updates), then the fix with pthread_mutex_lock "
                 "and unlock, then three habits: short critical sections, unlock on every path, one lock "
                 "order to avoid deadlocks.",
    .content = "A **mutex** (*mutual exclusion* lock) lets only one thread at a time run a piece of code "
               "that touches shared data, the *critical section*.\n\n"
               "### The problem\n\n"
               "Two threads running `counter++` at the same moment can both read the same old value, so "
               "one of the increments is lost. That is a **data race**.\n\n"
               "### The fix\n\n"
               "Lock the mutex before touching the data and unlock it right after:\n\n"
               "```c\n"
               "#include <pthread.h>\n"
               "#include <stdio.h>\n"
               "\n"
               "static long counter = 0;\n"
               "static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;\n"
               "\n"
               "static void *\n"
               "work (void *arg)\n"
               "{\n"
               "  for (int i = 0; i < 1000000; i++)\n"
               "    {\n"
               "      pthread_mutex_lock (&lock);\n"
               "      counter++;                /* one thread at a time here */\n"
               "      pthread_mutex_unlock (&lock);\n"
               "    }\n"
               "  return NULL;\n"
               "}\n"
               "\n"
               "int\n"
               "main (void)\n"
               "{\n"
               "  pthread_t a, b;\n"
               "\n"
               "  pthread_create (&a, NULL, work, NULL);\n"
               "  pthread_create (&b, NULL, work, NULL);\n"
               "  pthread_join (a, NULL);\n"
               "  pthread_join (b, NULL);\n"
               "  printf (\"%ld\\n\", counter);  /* always 2000000 */\n"
               "  return 0;\n"
               "}\n"
               "```\n\n"
               "Build it with `cc -pthread counter.c`. Without the lock, the total changes from run to run.\n\n"
               "### Good habits\n\n"
               "1. Keep critical sections **short**: every other thread waits while you hold the lock.\n"
               "2. Unlock on **every** path, error paths included.\n"
               "3. When you need two locks, always take them in the **same order**, or two threads can "
               "wait for each other forever: a *deadlock*.",
  },
  {
    .words = { "shorter" },
    .reasoning = "Keep the facts and the new date, drop the pleasantries.",
    .content = "**Subject:** Reminder: invoice #1042\n\n"
               "Hi Sam,\n\n"
               "A quick reminder that invoice #1042 (€1,250.00) was due on 17 March. Could you arrange "
               "payment by Friday, 28 March? If it is already on its way, thank you, and please ignore "
               "this.\n\n"
               "Best,\n"
               "Alex",
  },
  {
    .words = { "reminder", "invoice" },
    .reasoning = "A polite payment reminder: a warm opening, the facts (invoice number, amount, due date), "
                 "an easy way out if it has been paid, a clear new date and an offer to help.",
    .content = "**Subject:** Friendly reminder: invoice #1042\n\n"
               "Hi Sam,\n\n"
               "I hope you are well. This is a quick reminder that invoice **#1042** for **€1,250.00**, "
               "sent on 3 March, was due on 17 March.\n\n"
               "If you have already sent the payment, thank you, and please ignore this note. Otherwise, "
               "I would be grateful if you could arrange it by **Friday, 28 March**. I have attached the "
               "invoice again; the bank details are on the second page.\n\n"
               "If anything is unclear, or if a different arrangement would help, just let me know.\n\n"
               "Kind regards,\n"
               "Alex Moreau\n"
               "Moreau Design Studio",
  },
};

static const Topic *
find_topic (const TestChat *chat)
{
  g_autofree char *question = g_utf8_strdown (chat->last_user, -1);

  for (guint i = 0; i < G_N_ELEMENTS (topics); i++)
    {
      for (guint w = 0; w < G_N_ELEMENTS (topics[i].words) && topics[i].words[w] != NULL; w++)
        {
          if (strstr (question, topics[i].words[w]) != NULL)
            return &topics[i];
        }
    }

  return NULL;
}

static guint
n_sources (const Topic *topic)
{
  guint n = 0;

  while (n < G_N_ELEMENTS (topic->sources) && topic->sources[n].url != NULL)
    n++;

  return n;
}

/* "{N}" becomes " [[N]](url)" with web search, " [N]" with raw
 * citations, nothing without web search; the References list follows. */
static char *
render_content (const Topic    *topic,
                const TestChat *chat)
{
  g_autoptr (GString) text = g_string_new (NULL);
  gboolean            cite = chat->tool_web_search && n_sources (topic) > 0;

  for (const char *p = topic->content; *p != '\0'; p++)
    {
      if (p[0] == '{' && g_ascii_isdigit (p[1]) && p[2] == '}')
        {
          guint n = (guint) (p[1] - '0');

          g_assert (n >= 1 && n <= n_sources (topic));
          if (cite && chat->disable_formatting)
            g_string_append_printf (text, " [%u]", n);
          else if (cite)
            g_string_append_printf (text, " [[%u]](%s)", n, topic->sources[n - 1].url);
          p += 2;
          continue;
        }
      g_string_append_c (text, *p);
    }

  if (cite && !chat->disable_formatting)
    {
      g_string_append (text, "\n\n**References**\n\n");
      for (guint i = 0; i < n_sources (topic); i++)
        g_string_append_printf (text, "%u. [%s](%s)\n", i + 1, topic->sources[i].title, topic->sources[i].url);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
test_showcase_answer (TestAnswer     *answer,
                      const TestChat *chat)
{
  const Topic     *topic = find_topic (chat);
  g_autofree char *content = NULL;

  if (topic == NULL)
    return FALSE;

  content = render_content (topic, chat);
  if (chat->enable_thinking)
    test_add_tokens (answer->reasoning, topic->reasoning);
  test_add_tokens (answer->content, content);
  answer->searches = chat->tool_web_search ? topic->searches : 0;

  return TRUE;
}
