"""A step painted into a rendered drawing, in Python: what the step page's script does in
the browser, for the Jupyter widget.

The drawing of a view is rendered once, with every cell as wide as its widest text; each
step then only changes texts and colours in that SVG and marks its node, so no node moves
from step to step (a fresh ``dot`` run per step would shift them as texts change width).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape

from autograd.pictures.colours import HIGHLIGHT_COLOUR

# A node's group in dot's SVG: <g id="n5" class="node"> ... </g>.
_NODE = re.compile(r'(<g id="([^"]+)" class="node">)(.*?)(</g>)', re.S)
# A data cell's text.
_DATA = re.compile(r"(<text[^>]*>)data [^<]*(</text>)")
# A grad cell: its background, its border, its text.
_GRAD = re.compile(
    r'<polygon fill="[^"]*"( stroke="transparent"[^>]*/>\s*<polygon fill="none"[^>]*/>\s*<text)'
    r"([^>]*)>grad [^<]*</text>"
)
_TEXT_LOOK = re.compile(r' (?:fill|font-style)="[^"]*"')


def paint(
    svg: str, cells: Mapping[str, Sequence[Sequence[object]]], current: str, has_op: bool
) -> str:
    """``svg`` with each item's cells as ``cells`` says and the ``current`` node marked.

    Args:
        svg: a view rendered by ``dot`` (node ids ``n<i>``, ``g<k>``).
        cells: for each item, one row per output: data text, grad text, grad background,
            grad text colour, italic (see :meth:`autograd.pictures.page.PagePlan.cells`).
        current: the id of the step's node (or module), drawn with an orange border.
        has_op: mark the current node's op too.
    """

    def node(match: re.Match[str]) -> str:
        head, ident, body, tail = match.groups()
        rows = cells.get(ident)
        if rows:
            datas, grads = iter(rows), iter(rows)
            body = _DATA.sub(lambda m: f"{m[1]}{escape(str(next(datas)[0]))}{m[2]}", body)

            def grad(m: re.Match[str]) -> str:
                data, text, background, colour, italic = next(grads)
                look = _TEXT_LOOK.sub("", m[2]) + f' fill="{colour}"'
                look += ' font-style="italic"' if italic else ""
                return f'<polygon fill="{background}"{m[1]}{look}>{escape(str(text))}</text>'

            body = _GRAD.sub(grad, body)
        if ident == current:
            body = re.sub(r'(<polygon fill="none") stroke="[^"]*"',
                          rf'\1 stroke="{HIGHLIGHT_COLOUR}" stroke-width="3"', body)
        elif has_op and ident == current + "op":
            body = body.replace('<ellipse fill="white" stroke="black"',
                                f'<ellipse fill="#fdd8b5" stroke="{HIGHLIGHT_COLOUR}" '
                                'stroke-width="2.5"')
        return head + body + tail

    return _NODE.sub(node, svg)
