#!/usr/bin/env python3
"""Draws the two Teams app icons next to this script, with the Python standard library only.

  color.png    192x192: a white speech bubble with an "H" on the accent color, symbol ~96 px with 48 px padding
  outline.png  32x32:   the same bubble in white on a transparent background (Teams requires white only)

Run it again after changing a shape or the color; the output is deterministic, so an unchanged
drawing gives byte-identical files. Usage: python3 make-icons.py [OUT_DIR]
"""
import os
import struct
import sys
import zlib

ACCENT = (0x2E, 0x5A, 0xAC)  # keep equal to accentColor in manifest.json
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4  # 4x4 supersampling per pixel for smooth edges


def rounded_rect(x0, y0, x1, y1, r):
    def inside(x, y):
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    return inside


def triangle(a, b, c):
    def side(p, q, x, y):
        return (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0])

    def inside(x, y):
        d1, d2, d3 = side(a, b, x, y), side(b, c, x, y), side(c, a, x, y)
        return not ((d1 < 0 or d2 < 0 or d3 < 0) and (d1 > 0 or d2 > 0 or d3 > 0))
    return inside


def rect(x0, y0, x1, y1):
    return lambda x, y: x0 <= x <= x1 and y0 <= y <= y1


# The symbol in a unit square (0..1 both ways, y down): a speech bubble with a tail at the lower left,
# and a capital H cut out of it.
BUBBLE = [rounded_rect(0.0, 0.04, 1.0, 0.78, 0.19), triangle((0.17, 0.70), (0.46, 0.70), (0.12, 1.0))]
LETTER_H = [rect(0.28, 0.19, 0.40, 0.63), rect(0.60, 0.19, 0.72, 0.63), rect(0.28, 0.355, 0.72, 0.465)]


def coverage(px, py, origin, scale):
    """Fraction of pixel (px, py) covered by the bubble minus the H."""
    hits = 0
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            x = ((px + (sx + 0.5) / SAMPLES) - origin) / scale
            y = ((py + (sy + 0.5) / SAMPLES) - origin) / scale
            if any(s(x, y) for s in BUBBLE) and not any(s(x, y) for s in LETTER_H):
                hits += 1
    return hits / (SAMPLES * SAMPLES)


def png(width, height, rows):
    """rows: list of bytes, each width*4 RGBA. Returns the PNG file bytes."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def color_icon():
    size, origin, scale = 192, 48, 96  # symbol 96x96, 48 px padding on every side
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            c = coverage(px, py, origin, scale)
            row += bytes(round(a * (1 - c) + w * c) for a, w in zip(ACCENT, WHITE)) + b"\xff"
        rows.append(bytes(row))
    return png(size, size, rows)


def outline_icon():
    size, origin, scale = 32, 3, 26  # the symbol fills most of the small icon
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            # White only: edges are smoothed with alpha, never with grey.
            row += bytes(WHITE) + bytes([round(255 * coverage(px, py, origin, scale))])
        rows.append(bytes(row))
    return png(size, size, rows)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for name, data in (("color.png", color_icon()), ("outline.png", outline_icon())):
        path = os.path.join(out, name)
        with open(path, "wb") as f:
            f.write(data)
        print(f"wrote {path} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
