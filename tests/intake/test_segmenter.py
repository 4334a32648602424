"""Intake's segmenter cuts every text as jieba 0.42 does (precise mode with its HMM, the district's keywords
added), on jieba's dictionary held in a compact table (domain/word_table.py, issue 20's memory goal)."""

from __future__ import annotations

import functools
import logging
import random
from pathlib import Path

import jieba
import pytest
import yaml

from minqing_intake.domain.segmenter import Segmenter, jieba_dictionary
from minqing_intake.domain.word_table import WordTable
from minqing_kit.orgconfig import load_districts

from .helpers import DEMO_DISTRICTS
from .test_domain import TEXTS

jieba.setLogLevel(logging.WARNING)
DISTRICTS = load_districts(DEMO_DISTRICTS)
PAIRS = yaml.safe_load((Path(__file__).parents[1] / "fixtures" / "duplicate_pairs.yaml").read_text())["pairs"]
ODD = [
    "AT&T的B超 3.5%增长, hello world\r\n\t第123号 +#&._%- 邮箱a@b.com 手机13912345678",
    "",
    " ",
    "嗯嗯嗯嗯嗯嗯嗯",
    "㐀㐁𠀀中文〇",
    "5号楼电梯又坏了!!!物业……",
    "ＡＢＣ全角１２３",
]


def _corpus() -> list[str]:
    texts = [*TEXTS.values(), *ODD]
    for pair in PAIRS:
        texts += [pair[side][field] for side in ("a", "b") for field in ("text", "address")]
    for district in DISTRICTS.values():
        texts += [b.address for s in district.streets for c in s.communities for g in c.grids for b in g.buildings]
    rng, characters = random.Random(20), "".join(texts)
    texts += ["".join(rng.choice(characters) for _ in range(rng.randrange(1, 60))) for _ in range(1500)]
    return texts


@pytest.mark.parametrize("code", sorted(DISTRICTS))
def test_every_text_is_cut_into_the_words_jieba_gives(code):
    keywords = [(k, 20000) for category in DISTRICTS[code].categories for k in category.keywords]
    reference = jieba.Tokenizer()
    for word, freq in keywords:
        reference.add_word(word, freq=freq)
    segmenter = Segmenter(*jieba_dictionary(), keywords)
    differ = [(text, reference.lcut(text), segmenter.lcut(text)) for text in _corpus()]
    differ = [found for found in differ if found[1] != found[2]]
    assert not differ, differ[:3]


def test_a_keyword_is_added_for_its_segmenter_only():
    table, hmm = jieba_dictionary()
    plain, added = Segmenter(table, hmm), Segmenter(table, hmm, [("垃圾清运难", 20000)])
    assert "垃圾清运难" in added.lcut("门前垃圾清运难的问题")
    assert "垃圾清运难" not in plain.lcut("门前垃圾清运难的问题")
    assert added.logtotal > plain.logtotal and table.freq("垃圾清运难") is None


def test_the_table_holds_words_and_their_prefixes_exactly():
    words = [("中华人民", 5), ("中华", 7), ("人民", 3), ("中华", 9), ("B超", 2)]
    table = WordTable(lambda: iter(words), slots_bits=6)
    assert (table.freq("中华人民"), table.freq("中华人"), table.freq("中华"), table.freq("中")) == (5, 0, 9, 0)
    assert table.freq("人民") == 3 and table.freq("人") == 0 and table.freq("B超") == 2
    assert table.freq("华人") is None and table.freq("中华人民共和国") is None and table.freq("b超") is None
    assert table.total == 26 and table.entries == 8
    with pytest.raises(ValueError, match="too large"):
        WordTable(lambda: iter(words), slots_bits=2)


def test_jiebas_whole_dictionary_is_in_the_table():
    table, _hmm = jieba_dictionary()
    reference = jieba.Tokenizer()
    reference.check_initialized()
    assert table.entries == len(reference.FREQ) and table.total == reference.total
    sample = random.Random(1).sample(sorted(reference.FREQ), 20000)
    assert [table.freq(entry) for entry in sample] == [reference.FREQ[entry] for entry in sample]


def test_the_dictionary_is_read_twice_and_must_not_change_in_between():
    reads = iter([[("中华", 1)], [("中华", 1), ("人民", 1)]])
    with pytest.raises(ValueError, match="changed"):
        WordTable(functools.partial(next, reads), slots_bits=6)
