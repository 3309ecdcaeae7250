"""Checks on the PNG files the commands write: a real PNG, of the given size, with a picture in it."""
from __future__ import annotations

import struct

import numpy as np
from matplotlib import image as mpimg

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(path) -> tuple[int, int]:
    """(width, height) in pixels from the IHDR chunk; fails if the file is not a PNG."""
    with open(path, "rb") as fh:
        head = fh.read(24)
    assert head[:8] == PNG_SIGNATURE, f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def assert_drawn(path, size: tuple[int, int] | None = None, *, min_colours: int = 50,
                 min_inked: float = 0.05) -> np.ndarray:
    """Assert *path* is a PNG (of *size*, if given) showing a picture: at least *min_colours*
    distinct colours and at least *min_inked* of the pixels differing from the background
    (the corner pixel). Returns the RGB(A) pixels as uint8."""
    width, height = png_size(path)
    if size is not None:
        assert (width, height) == size, f"{path}: {width}x{height}, expected {size[0]}x{size[1]}"
    pixels = np.round(mpimg.imread(path) * 255).astype(np.uint8)
    assert pixels.shape[:2] == (height, width)
    flat = pixels.reshape(-1, pixels.shape[2])
    colours = np.unique(flat, axis=0).shape[0]
    assert colours >= min_colours, f"{path}: only {colours} colours"
    inked = np.mean(np.any(flat != pixels[0, 0], axis=1))
    assert inked >= min_inked, f"{path}: only {inked:.1%} of the pixels differ from the background"
    return pixels
