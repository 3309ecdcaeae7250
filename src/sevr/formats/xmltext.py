"""The XML plumbing shared by the GPX and KML writers: namespaced elements and the document text."""
from __future__ import annotations

import xml.etree.ElementTree as ET

__all__ = ["sub", "document"]


def sub(parent: ET.Element, ns: str, tag: str, text=None, **attrib) -> ET.Element:
    """A child ``{ns}tag`` of *parent* with *attrib* and, unless None, *text* (as str).

    Parameters
    ----------
    parent : xml.etree.ElementTree.Element
        The element the child is appended to.
    ns : str
        Namespace URI of the child.
    tag : str
        Local name of the child.
    text : Any, optional
        Its text, converted with ``str``; None leaves it empty.
    **attrib
        Its attributes (string values).

    Returns
    -------
    xml.etree.ElementTree.Element
        The new child.
    """
    e = ET.SubElement(parent, f"{{{ns}}}{tag}", attrib)
    if text is not None:
        e.text = str(text)
    return e


def document(root: ET.Element, ns: str) -> str:
    """*root* as indented UTF-8 XML text with its declaration, *ns* as the default namespace.

    Parameters
    ----------
    root : xml.etree.ElementTree.Element
        The document element; indented in place (one space per level).
    ns : str
        Namespace URI registered as the default (unprefixed) one.

    Returns
    -------
    str
        The XML declaration, the document and a final newline.
    """
    ET.register_namespace("", ns)
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
