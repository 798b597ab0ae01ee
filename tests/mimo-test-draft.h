/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mimo-test-draft.h: answers with web citations for the draft tests, as the API writes them. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The References marker line, as the core writes it. */
#define MIMO_TEST_DRAFT_MARKER "[//]: # (References made by Mimo Chat from the citations above; edits below are replaced.)\n"

/* Two answers sharing a source (the EnergySage page, written the second
 * time with capitals, no slash and a tracking parameter), in the API form. */
#define MIMO_TEST_ANSWER_SOLAR                                                                                       \
  "## How fast solar panels wear out\n\n"                                                                            \
  "Most panels lose about **0.5% of their output a year** "                                                          \
  "[[1]](https://www.nrel.gov/docs/fy12osti/51664.pdf), so after 25 years they still make "                          \
  "around 88% of their first-year power [[2]](https://www.energysage.com/solar/solar-panel-degradation/).\n\n"       \
  "- Heat speeds the wear up [[1]](https://www.nrel.gov/docs/fy12osti/51664.pdf)\n"                                  \
  "- Newer cells age more slowly [[3]](https://www.pv-magazine.com/2023/03/10/module-degradation/)\n\n"              \
  "**References**\n\n"                                                                                               \
  "1. [Photovoltaic Degradation Rates — An Analytical Review](https://www.nrel.gov/docs/fy12osti/51664.pdf)\n"     \
  "2. [Solar panel degradation: what you need to know](https://www.energysage.com/solar/solar-panel-degradation/)\n" \
  "3. [Module degradation is slowing down](https://www.pv-magazine.com/2023/03/10/module-degradation/)\n"

#define MIMO_TEST_ANSWER_SAVINGS                                                                                        \
  "## What it means for savings\n\n"                                                                                    \
  "Because the loss is slow, a system usually pays for itself within 8 to 12 years "                                    \
  "[[1]](https://www.EnergySage.com/solar/solar-panel-degradation?utm_source=mimo) and keeps saving for a decade more " \
  "[[2]](https://www.eia.gov/energyexplained/solar/).\n\n"                                                              \
  "**References**\n\n"                                                                                                  \
  "1. [Solar panel degradation](https://www.EnergySage.com/solar/solar-panel-degradation?utm_source=mimo)\n"            \
  "2. [Solar explained](https://www.eia.gov/energyexplained/solar/)\n"

/* Raw markers, two of them with no address anywhere. */
#define MIMO_TEST_ANSWER_RAW "Inverters last 10 to 15 years [1], batteries about as long [2]."

G_END_DECLS
