"""WGS-84 ↔ GCJ-02 against published pairs: the forward transform exactly as the published
implementations give it (eviltransform's Shanghai, Shenzhen and Beijing cases; coordtransform's
Tiananmen point), its inverse back to the WGS-84 point within a millimetre, no offset outside China."""

from __future__ import annotations

import math

import pytest

from minqing_intake.domain.gcj02 import in_china, to_gcj02, to_wgs84

PUBLISHED = [  # WGS-84 (lat, lon) -> GCJ-02 (lat, lon)
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # Shanghai (eviltransform)
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # Shenzhen (eviltransform)
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # Beijing (eviltransform)
    ((39.915, 116.404), (39.91640428150164, 116.41024449916938)),  # Tiananmen (coordtransform)
]


def metres(a, b) -> float:
    x = math.radians(b[1] - a[1]) * math.cos(math.radians(a[0]))
    return math.hypot(x, math.radians(b[0] - a[0])) * 6_371_000


@pytest.mark.parametrize(("wgs", "gcj"), PUBLISHED)
def test_the_forward_transform_gives_the_published_pair(wgs, gcj):
    assert to_gcj02(*wgs) == pytest.approx(gcj, abs=1e-9)


@pytest.mark.parametrize(("wgs", "gcj"), PUBLISHED)
def test_the_inverse_finds_the_wgs84_point_within_a_millimetre(wgs, gcj):
    assert metres(to_wgs84(*gcj), wgs) < 0.001


def test_the_one_step_inverse_published_is_within_two_metres_of_ours():
    """coordtransform's gcj02_to_wgs84(116.404, 39.915) subtracts the offset once: (39.91359571849836,
    116.39775550083061); ours iterates to the exact point, a metre or two from it."""
    ours = to_wgs84(39.915, 116.404)
    assert 0.01 < metres(ours, (39.91359571849836, 116.39775550083061)) < 2


def test_the_offset_is_hundreds_of_metres_in_the_demo_districts():
    for point in [(51.6809, 124.3962), (31.2242, 121.4766)]:  # Xinlin, Luwan
        assert 100 < metres(point, to_gcj02(*point)) < 1000


def test_outside_china_nothing_moves():
    for point in [(48.8584, 2.2945), (35.6586, 139.7454), (-33.8568, 151.2153)]:
        assert not in_china(*point)
        assert to_gcj02(*point) == point and to_wgs84(*point) == point
