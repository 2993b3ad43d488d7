"""The step page itself: each view's SVG once, the steps as data, and the script that
applies them (pan and zoom, the view following the step, modules opened with a click).

Everything is in the one file: no network is needed to open it. Without JavaScript the
page is a plain list of every step.
"""

from __future__ import annotations

import json
import re
from html import escape
from importlib.resources import files
from typing import Any

from autograd.pictures.page import PagePlan, Row


def page_html(plan: PagePlan, title: str) -> str:
    """The whole page for ``plan``, as text."""
    tracks = {name: _track_data(plan, name) for name in plan.tracks}
    views = []
    for k, (_, opened) in enumerate(plan.views):
        svg = _compact(plan.view_svg(k), k)
        views.append(f'<div class="view" data-view="{k}" data-opened="{escape(opened)}">'
                     f"{svg}</div>")
    data = json.dumps({"tracks": tracks}, ensure_ascii=False, separators=(",", ":"))
    resources = files("autograd.pictures")
    style = resources.joinpath("page.css").read_text(encoding="utf-8")
    script = resources.joinpath("page.js").read_text(encoding="utf-8")
    return _PAGE.format(
        title=escape(title), style=style, script=script, views="\n".join(views),
        data=data.replace("</", "<\\/"), steps=_plain_list(plan),
    )


def _track_data(plan: PagePlan, name: str) -> dict[str, Any]:
    """A track as the script reads it: the first step's cells in full, then each step's
    changes."""
    track = plan.tracks[name]
    steps: list[dict[str, Any]] = []
    previous: dict[str, list[Row]] = {}
    first: dict[str, list[Row]] = {}
    for step, cells in zip(track.steps, plan.track_cells(name)):
        if not steps:
            first = cells
        changes = {ident: rows for ident, rows in cells.items() if previous.get(ident) != rows}
        steps.append({
            "t": step.title, "x": step.text, "c": step.current, "op": int(step.has_op),
            "p": step.phase, "o": step.opens, "d": changes if steps else {},
        })
        previous = cells
    return {"view": track.view, "init": first, "steps": steps}


def _compact(svg: str, view: int) -> str:
    """The SVG of view ``view``, lighter and ready for the page: sized in pixels (one unit
    one pixel, so that the script's scale is the text's scale), ids made unique to the
    view, and without the titles and comments ``dot`` writes for every node and edge."""
    svg = re.sub(r"<title>[^<]*</title>\n?|<!--[^>]*-->\n?", "", svg)
    svg = re.sub(r'(<svg[^>]*?) width="([\d.]+)pt" height="([\d.]+)pt"',
                 r'\1 width="\2" height="\3"', svg, count=1)
    return re.sub(r'\bid="', f'id="v{view}-', svg)


def _plain_list(plan: PagePlan) -> str:
    """Every step as an ordered list (what the page shows without JavaScript), one item of
    class ``frame`` per step; a module's own steps (class ``op``) are listed under its step."""
    items = []
    for step in plan.tracks["main"].steps:
        inner = ""
        sub = plan.tracks.get(f"{step.opens}{step.phase}") if step.opens else None
        if sub is not None:
            inner = "<ol>" + "".join(
                f'<li class="op"><strong>{escape(s.title)}</strong><pre>{escape(s.text)}</pre></li>'
                for s in sub.steps
            ) + "</ol>"
        items.append(f'<li class="frame"><strong>{escape(step.title)}</strong>'
                     f"<pre>{escape(step.text)}</pre>{inner}</li>")
    return "<ol>" + "\n".join(items) + "</ol>"


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{style}
</style>
</head>
<body>
<header>
<h1>{title}</h1>
<div class="controls">
<button id="previous" title="previous step (←)">&#8592; previous</button>
<span id="counter"></span>
<button id="next" title="next step (→)">next &#8594;</button>
<button id="open" title="open or close this module (O, Esc)" hidden></button>
<span class="zoom">
<button id="zoom-out" title="zoom out (-)">&#8722;</button>
<button id="zoom-in" title="zoom in (+)">+</button>
<button id="whole" title="the whole graph (0)">whole graph</button>
</span>
<small class="hint">← → step · drag to pan · wheel to zoom<span class="modules">
· click a module to open it</span></small>
</div>
</header>
<main class="stage">
<div id="viewer" class="viewer">
{views}
</div>
<aside class="panel">
<h2 id="step-title"></h2>
<pre id="step-text"></pre>
<ul class="legend">
<li><span class="swatch leaf"></span>input or parameter</li>
<li><span class="swatch computed"></span>computed</li>
<li><span class="swatch output"></span>output</li>
<li><span class="swatch positive"></span>grad &gt; 0,
<span class="swatch negative"></span>grad &lt; 0 (darker: larger),
<span class="swatch zero"></span>0</li>
<li><i>grad … so far</i>: a partial sum; <b>grad ?</b>: not computed yet</li>
<li class="modules"><span class="swatch group"></span>a module drawn as one node: click to
open</li>
</ul>
</aside>
</main>
<details id="list" open>
<summary>Every step as a list</summary>
{steps}
</details>
<script type="application/json" id="page-data">{data}</script>
<script>
{script}
</script>
</body>
</html>
"""
