"""cairosvg's tree of nodes for a filled template, built without cairosvg's general machinery.

cairosvg turns each element into a ``Node``: a dict of its attributes (its parent's inheritable ones,
then its own, then its style rules and ``style`` attribute), with its children. For every element it
also wraps the element for CSS matching, walks ``style``, ``inherit`` and ``currentColor`` and, in
text, white space and rotations: a fifth of drawing a kit. A filled template uses none of that, so
for an SVG that is *plain* (``plain_tree``) the same nodes are built directly; any other SVG is left
to cairosvg. tests/kits/test_draw.py checks the two give the same tree.
"""

from __future__ import annotations

import re

from cairosvg.parser import NOT_INHERITED_ATTRIBUTES, Node, Tree

SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
# Elements a plain SVG may hold: shapes, groups and text without <tspan>s. Anything that refers to other
# elements, holds style rules, or is conditional (<use>, <defs>, gradients, <style>, <switch> ...) is not.
PLAIN_ELEMENTS = frozenset(("svg", "g", "title", "desc", "rect", "circle", "ellipse", "line", "path", "polygon",
                            "polyline", "text"))
TEXT_ELEMENTS = frozenset(("text",))
# Attributes cairosvg reads while it builds a node, beyond copying them: left to it.
UNPLAIN_ATTRIBUTES = frozenset(("style", "rotate", "requiredFeatures", "requiredExtensions", "systemLanguage",
                                "{http://www.w3.org/XML/1998/namespace}space"))
UNPLAIN_VALUES = frozenset(("inherit", "currentColor"))
NEWLINES, TABS, SPACES = re.compile("[\n\r]"), re.compile("\t"), re.compile(" +")


def plain_tree(root, url_fetcher, style) -> Tree | None:
    """The ``Tree`` cairosvg would build from ``root`` (an ElementTree element, parsed with defusedxml)
    with ``url_fetcher``, not unsafe, and ``style`` (its style rules: there must be none); None where
    the SVG is not plain and cairosvg must build it."""
    if not _plain(root):
        return None
    tree = Tree.__new__(Tree)
    tree.url, tree.url_fetcher = None, url_fetcher
    _fill(tree, root, style, url_fetcher, None)
    tree.root = True
    return tree


def _plain(root) -> bool:
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str) or not tag.startswith(SVG_NAMESPACE):
            return False
        local = tag[len(SVG_NAMESPACE):]
        if local not in PLAIN_ELEMENTS or (local in TEXT_ELEMENTS and len(element)):
            return False
        attributes = element.attrib
        if not UNPLAIN_ATTRIBUTES.isdisjoint(attributes) or not UNPLAIN_VALUES.isdisjoint(attributes.values()):
            return False
    return True


def _fill(node: Node, element, style, url_fetcher, parent: Node | None) -> None:
    """``node`` as ``Node.__init__`` makes it from ``element``, its children too."""
    dict.__init__(node)
    node.root = False
    node.element = None  # cairosvg reads the CSS wrapper only for style rules and references: none here
    node.style = style
    node.tag = element.tag[len(SVG_NAMESPACE):]
    node.url_fetcher, node.unsafe = url_fetcher, False
    node.xml_tree = element
    node.url, node.parent = None, parent
    if parent is not None:
        node.update((name, value) for name, value in parent.items() if name not in NOT_INHERITED_ATTRIBUTES)
    node.update(element.attrib)
    if node.tag in TEXT_ELEMENTS:  # as text_children sets a <text> without children: white space collapsed
        text = element.text
        node.text = SPACES.sub(" ", TABS.sub(" ", NEWLINES.sub("", text))).strip(" ") if text else ""
    else:
        node.text = element.text
    children: list[Node] = []
    for child_element in element:
        child = Node.__new__(Node)
        _fill(child, child_element, style, url_fetcher, node)
        children.append(child)
    node.children = children
