"""Polygons ([lon, lat] rings) drawn as inline SVG: no map tiles, just the shapes, fitted to a box.

Longitude is scaled by cos(latitude) so that shapes keep their proportions; y grows southwards."""

from __future__ import annotations

import math
from collections.abc import Sequence

Ring = Sequence[Sequence[float]]


def fit(rings: Sequence[Ring], width: float = 400, pad: float = 10) -> tuple[list[str], float]:
    """Each ring as an SVG ``points`` string, and the height of the box they fit in (width fixed)."""
    points = [p for ring in rings for p in ring]
    if not points:
        return [], 0.0
    mid_lat = math.radians(sum(p[1] for p in points) / len(points))
    xs = [p[0] * math.cos(mid_lat) for p in points]
    ys = [p[1] for p in points]
    span_x, span_y = max(xs) - min(xs) or 1e-6, max(ys) - min(ys) or 1e-6
    scale = (width - 2 * pad) / span_x
    height = min(span_y * scale + 2 * pad, width * 1.5)
    scale = min(scale, (height - 2 * pad) / span_y)
    left, top = min(xs), max(ys)

    def place(p: Sequence[float]) -> str:
        return f"{pad + (p[0] * math.cos(mid_lat) - left) * scale:.1f},{pad + (top - p[1]) * scale:.1f}"

    return [" ".join(place(p) for p in ring) for ring in rings], round(height, 1)


def centre(points: str) -> tuple[float, float]:
    """The mean of a ``points`` string's vertices (where to put a label)."""
    pairs = [tuple(map(float, item.split(","))) for item in points.split()]
    return (round(sum(x for x, _ in pairs) / len(pairs), 1), round(sum(y for _, y in pairs) / len(pairs), 1))


def shade(value: float, highest: float) -> str:
    """Light yellow (none) to dark red (the highest), as a hex colour."""
    share = 0.0 if highest <= 0 else max(0.0, min(1.0, value / highest))
    low, high = (255, 247, 188), (165, 15, 21)
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(low, high, strict=True))
