"""QR codes (ISO/IEC 18004) as inline SVG, for links printed on paper: byte mode, error correction level M
(15 % of the symbol may be lost), versions 1 to 10 (up to 213 bytes: a URL with a few query parameters).

``matrix(data)`` is the symbol as rows of booleans (True: dark), ``svg(text)`` the same drawn with the
four-module quiet zone. The mask is chosen by the standard's penalty rules; any mask decodes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import product

Grid = list[list[bool]]

# version: (EC codewords per block, [(blocks, data codewords per block), ...]) at level M
BLOCKS_M: dict[int, tuple[int, list[tuple[int, int]]]] = {
    1: (10, [(1, 16)]),
    2: (16, [(1, 28)]),
    3: (26, [(1, 44)]),
    4: (18, [(2, 32)]),
    5: (24, [(2, 43)]),
    6: (16, [(4, 27)]),
    7: (18, [(4, 31)]),
    8: (22, [(2, 38), (2, 39)]),
    9: (22, [(3, 36), (2, 37)]),
    10: (26, [(4, 43), (1, 44)]),
}
ALIGNMENT = {1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34], 7: [6, 22, 38], 8: [6, 24, 42]}
ALIGNMENT |= {9: [6, 26, 46], 10: [6, 28, 50]}
LEVEL_M = 0b00
MAX_BYTES = 213  # what version 10 at level M holds in byte mode
EXP = [0] * 512
LOG = [0] * 256


def _tables() -> None:
    value = 1
    for power in range(255):
        EXP[power], LOG[value] = value, power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    for power in range(255, 512):
        EXP[power] = EXP[power - 255]


_tables()


def _times(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else EXP[LOG[a] + LOG[b]]


def error_correction(data: list[int], degree: int) -> list[int]:
    """The Reed-Solomon check codewords of ``data`` (GF(256), x^8+x^4+x^3+x^2+1, roots alpha^0..)."""
    generator = [1]
    for root in range(degree):
        generator = [
            (generator[i] if i < len(generator) else 0) ^ (_times(generator[i - 1], EXP[root]) if i else 0)
            for i in range(len(generator) + 1)
        ]
    remainder = [0] * degree
    for codeword in data:
        factor = codeword ^ remainder[0]
        remainder = remainder[1:] + [0]
        remainder = [r ^ _times(g, factor) for r, g in zip(remainder, generator[1:], strict=True)]
    return remainder


def _bch(value: int, generator: int, bits: int) -> int:
    remainder = value << bits
    for shift in range(remainder.bit_length() - generator.bit_length(), -1, -1):
        if remainder >> (shift + generator.bit_length() - 1) & 1:
            remainder ^= generator << shift
    return value << bits | remainder


def format_bits(mask: int, level: int = LEVEL_M) -> int:
    """The 15 format bits: level and mask, BCH(15,5), XOR 101010000010010."""
    return _bch(level << 3 | mask, 0x537, 10) ^ 0x5412


def version_bits(version: int) -> int:
    """The 18 version bits (versions 7 and up): BCH(18,6)."""
    return _bch(version, 0x1F25, 12)


def _version_for(length: int) -> int:
    for version, (_, groups) in BLOCKS_M.items():
        capacity = sum(n * size for n, size in groups) * 8
        if 4 + (8 if version < 10 else 16) + 8 * length <= capacity:
            return version
    raise ValueError(f"{length} bytes do not fit a version-10 QR code ({MAX_BYTES} at most)")


def codewords(data: bytes, version: int) -> list[int]:
    """The data codewords (mode, count, bytes, terminator, padding) split in blocks, each with its check
    codewords, interleaved as the symbol carries them."""
    ec, groups = BLOCKS_M[version]
    total = sum(n * size for n, size in groups)
    bits = "0100" + format(len(data), "08b" if version < 10 else "016b") + "".join(f"{b:08b}" for b in data)
    bits += "0" * min(4, total * 8 - len(bits))
    bits += "0" * (-len(bits) % 8)
    stream = [int(bits[i : i + 8], 2) for i in range(0, len(bits), 8)]
    stream += [0xEC, 0x11] * ((total - len(stream)) // 2) + [0xEC] * ((total - len(stream)) % 2)
    blocks, start = [], 0
    for count, size in groups:
        for _ in range(count):
            blocks.append(stream[start : start + size])
            start += size
    checks = [error_correction(block, ec) for block in blocks]
    longest = max(len(b) for b in blocks)
    interleaved = [b[i] for i in range(longest) for b in blocks if i < len(b)]
    return interleaved + [c[i] for i in range(ec) for c in checks]


class _Symbol:
    def __init__(self, version: int):
        self.version, self.size = version, 17 + 4 * version
        self.dark: Grid = [[False] * self.size for _ in range(self.size)]
        self.fixed: Grid = [[False] * self.size for _ in range(self.size)]
        self._function_patterns()

    def set(self, x: int, y: int, dark: bool) -> None:
        self.dark[y][x], self.fixed[y][x] = dark, True

    def _function_patterns(self) -> None:
        size = self.size
        for i in range(size):
            self.set(6, i, i % 2 == 0)
            self.set(i, 6, i % 2 == 0)
        for cx, cy in ((3, 3), (size - 4, 3), (3, size - 4)):
            for dx, dy in product(range(-4, 5), repeat=2):
                x, y = cx + dx, cy + dy
                if 0 <= x < size and 0 <= y < size:
                    self.set(x, y, max(abs(dx), abs(dy)) not in (2, 4))
        centres = ALIGNMENT[self.version]
        corners = {(centres[0], centres[0]), (centres[0], centres[-1]), (centres[-1], centres[0])} if centres else set()
        for cx, cy in product(centres, repeat=2):
            if (cx, cy) in corners:
                continue  # over a finder pattern
            for dx, dy in product(range(-2, 3), repeat=2):
                self.set(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1)
        self.place_format(0)  # reserves the format areas (and the dark module)
        if self.version >= 7:
            bits = version_bits(self.version)
            for i in range(18):
                a, b, dark = size - 11 + i % 3, i // 3, bool(bits >> i & 1)
                self.set(a, b, dark)
                self.set(b, a, dark)

    def place_format(self, mask: int) -> None:
        bits, size = format_bits(mask), self.size
        bit = [bool(bits >> i & 1) for i in range(15)]
        for i in range(6):
            self.set(8, i, bit[i])
        self.set(8, 7, bit[6])
        self.set(8, 8, bit[7])
        self.set(7, 8, bit[8])
        for i in range(9, 15):
            self.set(14 - i, 8, bit[i])
        for i in range(8):
            self.set(size - 1 - i, 8, bit[i])
        for i in range(8, 15):
            self.set(8, size - 15 + i, bit[i])
        self.set(8, size - 8, True)

    def free_modules(self) -> Iterator[tuple[int, int]]:
        """The data modules in placement order: two-column strips from the right, up then down."""
        right = self.size - 1
        while right >= 1:
            if right == 6:
                right = 5  # the vertical timing pattern
            upward = (right + 1) & 2 == 0
            for step in range(self.size):
                y = self.size - 1 - step if upward else step
                for x in (right, right - 1):
                    if not self.fixed[y][x]:
                        yield x, y
            right -= 2


MASKS: tuple[Callable[[int, int], bool], ...] = (
    lambda x, y: (x + y) % 2 == 0,
    lambda x, y: y % 2 == 0,
    lambda x, y: x % 3 == 0,
    lambda x, y: (x + y) % 3 == 0,
    lambda x, y: (x // 3 + y // 2) % 2 == 0,
    lambda x, y: x * y % 2 + x * y % 3 == 0,
    lambda x, y: (x * y % 2 + x * y % 3) % 2 == 0,
    lambda x, y: ((x + y) % 2 + x * y % 3) % 2 == 0,
)


def penalty(dark: Grid) -> int:
    """The standard's four penalty rules: runs of five or more, 2x2 blocks, finder-like patterns, and the
    share of dark modules away from half."""
    size, score = len(dark), 0
    lines = list(dark) + [[dark[y][x] for y in range(size)] for x in range(size)]
    finder = [True, False, True, True, True, False, True]
    for line in lines:
        run = 1
        for i in range(1, size + 1):
            if i < size and line[i] == line[i - 1]:
                run += 1
                continue
            score += run - 2 if run >= 5 else 0
            run = 1
        for i in range(size - 6):
            if line[i : i + 7] == finder:
                before, after = line[max(0, i - 4) : i], line[i + 7 : i + 11]
                score += 40 * (not any(before)) + 40 * (not any(after))
    score += 3 * sum(
        dark[y][x] == dark[y][x + 1] == dark[y + 1][x] == dark[y + 1][x + 1]
        for x, y in product(range(size - 1), repeat=2)
    )
    share = sum(map(sum, dark)) * 100 // (size * size)
    return score + 10 * (abs(share - 50) // 5)


def matrix(data: bytes) -> Grid:
    """The QR symbol of ``data`` (no quiet zone): rows of modules, True where dark."""
    version = _version_for(len(data))
    symbol = _Symbol(version)
    words = codewords(data, version)
    bits = [bool(w >> (7 - i) & 1) for w in words for i in range(8)]
    places = list(symbol.free_modules())
    best: tuple[int, Grid] | None = None
    for mask, rule in enumerate(MASKS):
        symbol.place_format(mask)
        dark = [row[:] for row in symbol.dark]
        for n, (x, y) in enumerate(places):
            dark[y][x] = (bits[n] if n < len(bits) else False) ^ rule(x, y)
        score = penalty(dark)
        if best is None or score < best[0]:
            best = (score, dark)
    assert best is not None
    return best[1]


def svg(text: str, label: str = "二维码", quiet: int = 4) -> str:
    """``text`` (UTF-8) as an inline SVG QR code that scales to its container; dark runs as one path."""
    modules = matrix(text.encode("utf-8"))
    side = len(modules) + 2 * quiet
    runs = []
    for y, row in enumerate(modules):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            runs.append(f"M{start + quiet} {y + quiet}h{x - start}v1h-{x - start}z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" role="img" aria-label="{label}" '
        f'shape-rendering="crispEdges"><rect width="{side}" height="{side}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>'
    )
