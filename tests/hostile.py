"""A corpus of hostile text, and an atlas with it in every text field of every kind.

The fields come from the schema declarations, so a field added later is covered too.
"""

from __future__ import annotations

from itertools import cycle
from pathlib import Path

from journey_atlas import schema
from support import front_matter, write

PAYLOADS = [
    '<script>alert("xss-script")</script>',
    '"><img src=x onerror=alert("xss-img")>',
    "' onmouseover='alert(\"xss-attr\")' data-x='",
    'javascript:alert("xss-url")',
    '</script><script>alert("xss-json")</script>',
    '<svg onload=alert("xss-svg")><circle r="5"/></svg>',
    ']]><![CDATA[<script>alert("xss-cdata")</script>]]>',
    'Tom & Jerry "double" \'single\' <b>bold</b> &amp; &lt;tag&gt;',
    "Very long " + "x" * 3000,
    "\u202eRTL override \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
    "Combining e\u0301 a\u0308 Z\u0335\u0327\u0310 and zero\u200bwidth",
    "Emoji \U0001F680 \U0001F469\u200d\U0001F680 \U0001F1EC\U0001F1E7",
    "{{ 7*7 }} {% if true %}jinja{% endif %} ${7*7} #{7*7}",
    "nul\x00byte and bell\x07",
]

BODY = """# Heading <script>alert("xss-body")</script>

Raw <img src=x onerror=alert("xss-body-img")> and <iframe src="javascript:alert(1)"></iframe>.

[a javascript link](javascript:alert("xss-link")) and [a data link](data:text/html,<script>alert(1)</script>)
and [spaced](  jav&#x09;ascript:alert(1)) and <a href="javascript:alert(2)">raw link</a>.

![image](javascript:alert("xss-image"))

<div onclick="alert('xss-div')">click</div>
"""

REFS = {"role": "hostile-role", "persona": "hostile-persona", "phase": "hostile-phase",
        "journey": "hostile-detail", "insight": "hostile-insight", "stage": "hostile/first"}


def _fill(spec: schema.Spec, texts) -> object:
    """A value for `spec` with a hostile text wherever text is allowed."""
    if isinstance(spec, schema.Ref):
        return REFS[spec.kind]
    if isinstance(spec, schema.Id):  # the one id written in a record: a lifecycle phase's
        return REFS["phase"]
    if isinstance(spec, schema.Text):
        return next(texts)
    if isinstance(spec, schema.Integer):
        return spec.minimum if spec.minimum is not None else 0
    if isinstance(spec, schema.Choice):
        return spec.values[0]
    if isinstance(spec, schema.Boolean):
        return False
    if isinstance(spec, schema.Date):
        return "2026-01-01"
    if isinstance(spec, schema.ListOf):
        count = spec.exact_length or 3
        return [_fill(spec.item, texts) for _ in range(count)]
    if isinstance(spec, schema.MapOf):
        return {_fill(spec.key, texts): _fill(spec.value, texts)}
    if isinstance(spec, schema.Record):
        return {key: _fill(f.spec, texts) for key, f in spec.fields.items()
                if key not in ("extra", "review_every_months", "reviewed", "stage", "stages")}
    return None


def hostile_atlas(root: Path) -> Path:
    texts = cycle(PAYLOADS)
    atlas = _fill(schema.ATLAS, texts)
    atlas["lifecycle"] = atlas["lifecycle"][:1]  # phase ids are unique
    write(root / "atlas.yml", _yaml(atlas))
    write(root / "glossary.yml", _yaml(_fill(schema.GLOSSARY, texts)))
    role, team = _fill(schema.ROLE, texts), _fill(schema.TEAM, texts)
    role["team"] = team["name"]  # the role belongs to the team file, by its name
    write(root / f"roles/{REFS['role']}.md", front_matter(role, BODY))
    write(root / "teams/hostile-team.md", front_matter(team, BODY))
    # A role whose team no file describes: that team's id and page are made from its text.
    write(root / "roles/hostile-other.md", front_matter(_fill(schema.ROLE, texts), BODY))
    write(root / f"personas/{REFS['persona']}.md", front_matter(_fill(schema.PERSONA, texts), BODY))
    journey = _fill(schema.JOURNEY, texts)
    journey["stages"] = ["first", "second"]
    write(root / "journeys/hostile/journey.yml", _yaml(journey))
    for stage_id in ("first", "second"):
        write(root / f"journeys/hostile/stages/{stage_id}.md",
              front_matter(_fill(schema.STAGE, texts), BODY))
    # The detail journey the stages open into (its own stage opens into nothing: no loop).
    detail = _fill(schema.JOURNEY, texts)
    detail["stages"] = ["only"]
    write(root / f"journeys/{REFS['journey']}/journey.yml", _yaml(detail))
    only = _fill(schema.STAGE, texts)
    del only["journey"]
    write(root / f"journeys/{REFS['journey']}/stages/only.md", front_matter(only, BODY))
    insight = _fill(schema.INSIGHT, texts)
    insight["stages"] = [REFS["stage"]]
    write(root / f"insights/{REFS['insight']}.md", front_matter(insight, BODY))
    for kind in schema.MOMENT_KINDS:
        moment = _fill(schema.MOMENT, texts)
        moment.update(stage="first", kind=kind)
        for scenario in moment["scenarios"]:  # exactly one right answer each
            scenario["choices"][0]["right"] = True
        write(root / f"journeys/hostile/moments/{kind}.md", front_matter(moment, BODY))
    write(root / "notes.md", BODY)  # an ordinary page
    return root


def _yaml(data) -> str:
    import yaml
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
