"""The QR encoder against reference vectors: the Reed-Solomon codewords of the standard's worked example
(HELLO WORLD, version 1-M), the format and version information tables, and the symbol read back: its format
bits, its function patterns and its data codewords in placement order, unmasked."""

from __future__ import annotations

import re

import pytest

from minqing_kit import qrcode

HELLO_WORLD_1M = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]


def test_reed_solomon_matches_the_worked_example():
    assert qrcode.error_correction(HELLO_WORLD_1M, 10) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23]


@pytest.mark.parametrize(
    ("level", "mask", "bits"),
    [
        (0b00, 0, "101010000010010"),
        (0b00, 5, "100000011001110"),
        (0b01, 4, "110011000101111"),
        (0b11, 0, "011010101011111"),
    ],
)
def test_format_information_matches_the_table(level, mask, bits):
    assert format(qrcode.format_bits(mask, level), "015b") == bits


@pytest.mark.parametrize(("version", "bits"), [(7, "000111110010010100"), (10, "001010010011010011")])
def test_version_information_matches_the_table(version, bits):
    assert format(qrcode.version_bits(version), "018b") == bits


def _format_read(modules):
    """The 15 format bits as the first copy around the top-left finder carries them (bit 0 at row 0)."""
    cells = [(8, i) for i in range(6)] + [(8, 7), (8, 8), (7, 8)] + [(14 - i, 8) for i in range(9, 15)]
    return sum(modules[y][x] << i for i, (x, y) in enumerate(cells))


def _format_read_second(modules):
    size = len(modules)
    cells = [(size - 1 - i, 8) for i in range(8)] + [(8, size - 15 + i) for i in range(8, 15)]
    return sum(modules[y][x] << i for i, (x, y) in enumerate(cells))


# The smallest version whose level-M byte capacity holds the text (14, 62, 180 and 213 bytes for
# versions 1, 4, 9 and 10): 1, 57, 168 and 213 bytes.
@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("A", 1),
        ("https://example.org/?district=luwan&grid_code=LW-SS-01-G01", 4),
        ("新林镇幸福小区3号楼" * 6, 9),
        ("z" * 213, 10),
    ],
)
def test_symbol_reads_back(text, version):
    data = text.encode()
    modules = qrcode.matrix(data)
    size = len(modules)
    assert size == 17 + 4 * version
    finder = [[max(abs(x - 3), abs(y - 3)) not in (2, 4) for x in range(7)] for y in range(7)]
    assert [row[:7] for row in modules[:7]] == finder
    assert [row[-7:] for row in modules[:7]] == finder
    assert [row[:7] for row in modules[-7:]] == finder
    assert [modules[6][x] for x in range(8, size - 8)] == [x % 2 == 0 for x in range(8, size - 8)]
    assert modules[size - 8][8]  # the dark module
    found = _format_read(modules)
    assert found == _format_read_second(modules)
    mask = next(m for m in range(8) if qrcode.format_bits(m) == found)
    symbol = qrcode._Symbol(version)
    rule = qrcode.MASKS[mask]
    bits = [modules[y][x] ^ rule(x, y) for x, y in symbol.free_modules()]
    words = [int("".join("1" if b else "0" for b in bits[i : i + 8]), 2) for i in range(0, len(bits) - 7, 8)]
    expected = qrcode.codewords(data, version)
    assert words[: len(expected)] == expected
    ec, groups = qrcode.BLOCKS_M[version]
    first_block = expected[:: sum(n for n, _ in groups)][: groups[0][1]]
    assert first_block[0] >> 4 == 0b0100  # byte mode
    stream = "".join(f"{w:08b}" for w in first_block)
    length = int(stream[4:12] if version < 10 else stream[4:20], 2)
    assert length == len(data)


def test_too_long_a_text_is_refused():
    with pytest.raises(ValueError, match="213"):
        qrcode.matrix(b"x" * 214)


def test_svg_draws_every_dark_module_once():
    picture = qrcode.svg("https://example.org/", label="提交表单")
    modules = qrcode.matrix(b"https://example.org/")
    drawn = sum(int(w) for w in re.findall(r"h(\d+)v1", picture))
    assert drawn == sum(map(sum, modules))
    assert 'aria-label="提交表单"' in picture
    assert f'viewBox="0 0 {len(modules) + 8} {len(modules) + 8}"' in picture
