"""The page builder: data safe inside <script>, one-pass templating, assets inlined."""
from __future__ import annotations

import json

import numpy as np
import pytest

from sevr.report.webpage import b64_uint8, json_for_script, render_page


def test_json_for_script_cannot_close_the_block_and_round_trips():
    data = {"title": "</script><script>alert(1)</script> & <!-- \u2028 İğüşöç \"q\" 'q'", "n": [1, 2.5]}
    text = json_for_script(data)
    for bad in ("<", ">", "&", "\u2028"):
        assert bad not in text
    assert json.loads(text) == data


def test_json_for_script_refuses_nan():
    with pytest.raises(ValueError):
        json_for_script({"x": float("nan")})


def test_render_page_escapes_the_title_and_fills_each_slot_once():
    data = {"s": "{{JS}} {{TITLE}}"}
    page = render_page("replay.html.tmpl", ["replay.js"], ["page.css"], data, "<b>T</b> & 'x'", "tr")
    assert "<title>&lt;b&gt;T&lt;/b&gt; &amp; &#x27;x&#x27;</title>" in page
    assert '<html lang="tr">' in page
    assert "{{JS}} {{TITLE}}" in page  # inside the data, left as written
    assert page.count("{{") == 2  # only the two in the data
    assert "function upperBound" in page and "font-family" in page
    assert "http://" not in page and "https://" not in page  # nothing to fetch


def test_b64_uint8_is_c_order_bytes():
    import base64

    a = np.array([[1, 2, 3], [250, 0, 7]])
    assert base64.b64decode(b64_uint8(a)) == bytes([1, 2, 3, 250, 0, 7])
