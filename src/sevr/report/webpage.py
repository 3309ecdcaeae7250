"""Self-contained HTML pages: one template, its styles and script inlined, the data as JSON.

The pages open from a USB stick with the network off: nothing is fetched, every asset (the
terrain image included) is inside the file. The data goes into a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` written as ``\\u003c``
etc., so no scenario string can close the block or start markup; the script reads it with
``JSON.parse`` and puts every string on the page as text, never as HTML.
"""
from __future__ import annotations

import base64
import html
import io
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["json_for_script", "asset_text", "render_page", "jpeg_data_uri", "b64_uint8"]

_ASSETS = "sevr.report"
_SLOT = re.compile(r"\{\{(TITLE|LANG|CSS|JS|DATA)\}\}")
_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_for_script(data: Any) -> str:
    """`data` as JSON that is safe inside a ``<script>`` element (no ``<``, ``>``, ``&``).

    Raises ValueError on NaN or infinity (JSON has neither).
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.translate(_SCRIPT_UNSAFE)


def asset_text(name: str) -> str:
    """The text of a file in ``sevr/report/web/`` (package data)."""
    return resources.files(_ASSETS).joinpath("web", name).read_text(encoding="utf-8")


def render_page(template: str, scripts: list[str], styles: list[str], data: Any, title: str,
                lang: str) -> str:
    """Fill the page template's ``{{TITLE}}``, ``{{LANG}}``, ``{{CSS}}``, ``{{JS}}`` and ``{{DATA}}``.

    Parameters
    ----------
    template, scripts, styles : str, list of str
        File names in ``sevr/report/web/``; scripts and styles are inlined in the order given.
    data : Any
        JSON-able page data (see :func:`json_for_script`).
    title : str
        The document title, HTML-escaped here.
    lang : str
        The page's opening language ("en" or "tr").

    Returns
    -------
    str
        The whole HTML document.
    """
    css = "\n".join(asset_text(n) for n in styles)
    js = "\n".join(asset_text(n) for n in scripts)
    for name, text, closer in (("styles", css, "</style"), ("scripts", js, "</script")):
        if closer in text.lower():
            raise ValueError(f"the page's {name} contain {closer!r}")
    values = {"TITLE": html.escape(title), "LANG": html.escape(lang), "CSS": css, "JS": js,
              "DATA": json_for_script(data)}
    # One pass over the template only: nothing substituted is scanned again.
    return _SLOT.sub(lambda m: values[m.group(1)], asset_text(template))


def jpeg_data_uri(rgb: np.ndarray, quality: int = 82) -> str:
    """An (h, w, 3) float image in [0, 1] as a ``data:image/jpeg;base64,...`` URI.

    Parameters
    ----------
    rgb : numpy.ndarray
        (h, w, 3) floats, clipped to [0, 1].
    quality : int, default=82
        JPEG quality, 1..95.

    Returns
    -------
    str
    """
    from PIL import Image

    arr = np.clip(np.asarray(rgb, dtype=float) * 255.0 + 0.5, 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr, mode="RGB").save(buf, format="JPEG", quality=quality, optimize=True)
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def b64_uint8(values: np.ndarray) -> str:
    """A uint8 array, flattened in C order, as base64 text (the page decodes it with ``atob``)."""
    return base64.b64encode(np.ascontiguousarray(values, dtype=np.uint8).tobytes()).decode("ascii")

