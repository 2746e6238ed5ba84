"""A run of body elements (wide tables inside a portrait chapter) turned into a landscape section of
its own, after the chapters were put together.

A Word section ends at a paragraph holding a `w:sectPr` (or at the body's last one), so the run is
framed by two section ends: one before it (closing the portrait part above, with the settings of the
section that held the run) and one after it (landscape). When nothing of the section follows the run,
the section's own end becomes the landscape one. Headers and footers are kept: each new section end
is a copy of the one that held the run. Only the first part keeps a different first page (titlePg) and
a page-number restart; the parts after it continue the numbering.
"""
from __future__ import annotations

import copy

from docx.oxml.ns import qn

W_P, W_P_PR, W_SECT_PR = qn("w:p"), qn("w:pPr"), qn("w:sectPr")
_W, _H, _ORIENT, _START = qn("w:w"), qn("w:h"), qn("w:orient"), qn("w:start")


def _section_end(el):
    """The w:sectPr ending the section `el` sits in: that of `el` itself or of a later body paragraph,
    else the body's own."""
    body = el.getparent()
    node = el
    while node is not None:
        if node.tag == W_P:
            p_pr = node.find(W_P_PR)
            sect = p_pr.find(W_SECT_PR) if p_pr is not None else None
            if sect is not None:
                return sect, node
        elif node.tag == W_SECT_PR:
            return node, None
        node = node.getnext()
    return body.find(W_SECT_PR), None


def _break_paragraph(body, sect):
    p = body.makeelement(W_P, {})
    p_pr = body.makeelement(W_P_PR, {})
    p_pr.append(sect)
    p.append(p_pr)
    return p


def _continuing(sect) -> None:
    """A section after the first part of its chapter: no first-page layout, no page-number restart."""
    title = sect.find(qn("w:titlePg"))
    if title is not None:
        sect.remove(title)
    num = sect.find(qn("w:pgNumType"))
    if num is not None and num.get(_START) is not None:
        del num.attrib[_START]


def _landscape(sect) -> None:
    size = sect.find(qn("w:pgSz"))
    if size is None:
        return
    w, h = int(size.get(_W)), int(size.get(_H))
    size.set(_W, str(max(w, h)))
    size.set(_H, str(min(w, h)))
    size.set(_ORIENT, "landscape")


def landscape_section(first, last) -> None:
    """Make the body elements `first` … `last` (siblings, in order) a landscape section."""
    body = first.getparent()
    sect, holder = _section_end(last)
    if sect is None:
        return
    before = copy.deepcopy(sect)  # the portrait part above keeps the section's settings as they were
    first.addprevious(_break_paragraph(body, before))
    follower = last.getnext()
    if follower is sect or (follower is not None and follower is holder and len(follower) == 1):
        # only the section's (empty) end follows: the section's own end becomes landscape
        _continuing(sect)
        _landscape(sect)
        return
    after = copy.deepcopy(sect)
    _continuing(after)
    _landscape(after)
    last.addnext(_break_paragraph(body, after))
    _continuing(sect)
