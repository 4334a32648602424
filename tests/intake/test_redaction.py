"""Redaction of contact-like strings from text shown to the public, on realistic residents' texts."""

from __future__ import annotations

import pytest

from minqing_intake.domain.redaction import redact

REDACTED = [
    ("幸福小区4号楼路灯坏了,请尽快处理,我电话13912345678。", "幸福小区4号楼路灯坏了,请尽快处理,我电话[电话]。"),
    ("楼下烧烤油烟太大,联系我 139 1234 5678 或 +86-186-0000-1234。", "楼下烧烤油烟太大,联系我 [电话] 或 [电话]。"),
    ("请回电+8615811112222,白天都在家。", "请回电[电话],白天都在家。"),
    ("我的手机是１３６　１２３４　５６７８,谢谢", "我的手机是[电话],谢谢"),
    ("物业电话010-12345678一直没人接。", "物业电话[电话]一直没人接。"),
    (
        "社区办公室座机 0571 8888 8888,转分机也打不通;另一个是(021)6123-4567转802。",
        "社区办公室座机 [电话],转分机也打不通;另一个是[电话]。",
    ),
    ("居委会电话:8888 6666,工作日上班。", "居委会电话:[电话],工作日上班。"),
    ("林场派出所 0457-3621 888,值班室(0457)3622-0110。", "林场派出所 [电话],值班室[电话]。"),
    (
        "我叫王建国,身份证号11010119900307123X,低保申请被退回两次。",
        "我叫[姓名],身份证号[身份证号],低保申请被退回两次。",
    ),
    (
        "代办人身份证 510104 19851211 0021 已提交,补贴卡号6222 0212 3456 7890 123还没到账。",
        "代办人身份证 [身份证号] 已提交,补贴卡号[卡号]还没到账。",
    ),
    ("材料请发到 liu.daye_1956@163.com 或 13912345678@qq.com,谢谢。", "材料请发到 [邮箱] 或 [邮箱],谢谢。"),
    ("联系人:赵丽华,住幸福小区。微信号 zhao_lh1988 可以加。", "联系人:[姓名],住幸福小区。微信号 [账号] 可以加。"),
]

UNCHANGED = [
    "2026年11月3日晚上8点,3号楼2单元501楼上漏水,已经是第三次了。",
    "2026-11-03 20:30 幸福小区北门垃圾没清运,拖了3天。",
    "物业费每月收了1200元,公共维修基金￥35,000.50却不公示。",
    "打了12345热线和110都说不归他们管,车牌川A·12345一直占消防通道。",
    "新林镇林海路188号,邮编165100,门牌号码被拆了。",
    "老旧小区改造,共涉及18栋楼、1032户,工期90天。",
]


@pytest.mark.parametrize("text, expected", REDACTED)
def test_contact_like_strings_are_redacted(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", UNCHANGED)
def test_dates_amounts_and_house_numbers_stay(text):
    assert redact(text) == text


def test_nothing_to_redact():
    assert redact(None) is None and redact("") == ""
