"""WGS-84 ↔ GCJ-02 (the "Mars" coordinates Chinese tile providers draw in: Amap/Gaode, Tencent, Google's
China tiles).

Our coordinates (grids, buildings, a phone's geolocation, a pin) are WGS-84. A tile layer of a Chinese
provider is drawn in GCJ-02, offset from WGS-84 by up to some hundreds of metres, so what is drawn on it is
converted forward and a pin placed on it converted back. The forward transform is the published one (the
Krasovsky ellipsoid and the offset series); it has no closed inverse, so ``to_wgs84`` iterates the
forward one until the point maps back within a millimetre. Outside China the two coincide.
"""

from __future__ import annotations

import math

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as the transform uses it
_EE = 0.00669342162296594323  # its first eccentricity squared


def in_china(lat: float, lon: float) -> bool:
    """The rectangle the transform applies to (points outside it are not offset)."""
    return 72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271


def _offset_lat(x: float, y: float) -> float:
    value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    value += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    value += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return value


def _offset_lon(x: float, y: float) -> float:
    value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    value += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    value += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return value


def _delta(lat: float, lon: float) -> tuple[float, float]:
    """The (lat, lon) offset in degrees the transform adds at a WGS-84 point."""
    d_lat = _offset_lat(lon - 105.0, lat - 35.0)
    d_lon = _offset_lon(lon - 105.0, lat - 35.0)
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad) * math.pi)
    return d_lat, d_lon


def to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """A WGS-84 point as a GCJ-02 tile layer draws it: (lat, lon)."""
    if not in_china(lat, lon):
        return lat, lon
    d_lat, d_lon = _delta(lat, lon)
    return lat + d_lat, lon + d_lon


def to_wgs84(lat: float, lon: float, *, tolerance: float = 1e-9) -> tuple[float, float]:
    """The WGS-84 point that a GCJ-02 point (a pin on a Chinese tile layer) stands for: (lat, lon).

    Fixed-point iteration of the forward transform; ``tolerance`` in degrees (1e-9 is about 0.1 mm)."""
    if not in_china(lat, lon):
        return lat, lon
    wgs_lat, wgs_lon = lat, lon
    for _ in range(30):
        gcj_lat, gcj_lon = to_gcj02(wgs_lat, wgs_lon)
        error_lat, error_lon = gcj_lat - lat, gcj_lon - lon
        if abs(error_lat) < tolerance and abs(error_lon) < tolerance:
            break
        wgs_lat, wgs_lon = wgs_lat - error_lat, wgs_lon - error_lon
    return wgs_lat, wgs_lon
