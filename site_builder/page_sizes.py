"""How much the pages everyone opens list before they summarise and link instead.

Home, the tour, the journeys index and role pages would otherwise grow with the atlas (at
5,000 pages home was 430 KB of HTML). Past each limit a page shows the first ones, the
counts, and a link to the page that lists them all. The sample atlas stays under every
limit, so it shows everything. Templates see this module as `limits`.
"""

# Journeys that home and the tour draw on their map and show as cards: enough to see the
# programme, few enough to read. The journeys index lists them all.
GLANCE_JOURNEYS = 12
# Journeys a lifecycle phase on home names; the lifecycle board names all of them.
HOME_PHASE_JOURNEYS = 5
# Roles home offers as "I am a…" chips. With more, a wall of chips is no help to find
# yours: home sends you to the roles page, grouped by team.
HOME_ROLE_CHIPS = 40
# Up to this many journeys the journeys index shows a card each, with its emotion curve;
# with more, a line each (name, summary, counts), which keeps 140 journeys under 100 KB.
JOURNEY_CARDS = 24
# Moment cards on a role page, and so in "Your moments" on home; the learning path has all.
ROLE_MOMENT_CARDS = 12
# Journeys a role page details (its stages, touchpoints, backstage steps and gaps there);
# the others get a line each with the counts.
ROLE_JOURNEYS_IN_DETAIL = 10
# Rows of each list under a detailed journey on a role page; the journey's own pages
# list the rest.
ROLE_LIST_ROWS = 8
