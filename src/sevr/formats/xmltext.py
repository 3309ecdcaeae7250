"""The XML plumbing shared by the GPX and KML writers: namespaced elements and the document text."""
from __future__ import annotations

import xml.etree.ElementTree as ET

__all__ = ["sub", "document"]


def sub(parent: ET.Element, ns: str, tag: str, text=None, **attrib) -> ET.Element:
    """A child ``{ns}tag`` of *parent* with *attrib* and, unless None, *text* (as str)."""
    e = ET.SubElement(parent, f"{{{ns}}}{tag}", attrib)
    if text is not None:
        e.text = str(text)
    return e


def document(root: ET.Element, ns: str) -> str:
    """*root* as indented UTF-8 XML text with its declaration, *ns* as the default namespace."""
    ET.register_namespace("", ns)
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
