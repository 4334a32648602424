"""Residents' requests the simulator files: Chinese texts per category code, with a place to fill in.

Each text carries the words a resident would use (so intake's classifier sees realistic input);
``{place}`` becomes a building address from the district's configuration."""

from __future__ import annotations

import random

TEXTS = {
    "environment": [
        "{place}门前的垃圾箱满了三天没人清运,气味很大,请尽快处理。",
        "{place}楼后有人乱倒煤灰和生活垃圾,形成了卫生死角。",
        "{place}附近的积雪一直没人清理,老人出门很危险,希望及时除雪。",
    ],
    "elderly_care": [
        "{place}有位独居老人行动不便,想申请居家养老上门服务。",
        "我家老人八十多岁了,想问问{place}附近的老年食堂助餐怎么报名。",
        "{place}的空巢老人高龄补贴一直没有到账,麻烦帮忙查一下。",
    ],
    "health": [
        "{place}的居民看病要跑很远,希望卫生所能定期来社区义诊。",
        "老人有慢性病需要长期买药,{place}附近能不能开个药店或者代购药品?",
        "想给孩子打疫苗,{place}这边应该去哪个医院预约挂号?",
    ],
    "property": [
        "{place}楼道灯坏了一个多星期,晚上上下楼看不见台阶。",
        "{place}屋顶漏雨,家里墙面都发霉了,物业一直没来维修。",
        "{place}单元门的防盗门锁坏了,外人随便进出,请物业尽快修理。",
    ],
    "public_safety": [
        "{place}的电动车在楼道里充电,有火灾安全隐患。",
        "{place}屋檐上挂着很大的冰溜子,行人从下面走很危险。",
        "最近{place}附近接连有自行车被盗,希望加强治安巡逻。",
    ],
    "municipal": [
        "{place}暖气不热,室内只有十二度,家里有老人孩子,请供热公司来看看。",
        "{place}门口的井盖松动了,车压过去响声很大,担心有人掉下去。",
        "{place}附近路灯不亮好几天了,晚上走路很不安全。",
    ],
    "social_security": [
        "我是停伐转岗职工,住在{place},想咨询公益岗的申请条件。",
        "{place}的困难户想申请低保,需要准备哪些材料?",
        "在{place}附近工地干活被拖欠工资两个月了,请帮忙讨薪。",
    ],
    "demolition": [
        "{place}的棚户区改造补偿标准一直没公布,居民很着急。",
        "{place}的安置房什么时候能回迁?已经等了两年了。",
        "{place}拆迁补偿款和当初说的不一样,希望有人来解释。",
    ],
    "neighbour_dispute": [
        "{place}楼上邻居每天半夜有噪音扰民,沟通过几次没有用,请社区帮忙调解。",
        "{place}有邻居在楼道里养狗,狗粪没人清理,双方吵架好几次了。",
        "{place}两户人家因为柴垛占地起了纠纷,希望社区调解。",
    ],
    "other": [
        "想咨询一下在{place}办理居住证明需要带什么材料。",
        "对{place}社区工作人员的热心服务表示感谢,提一点建议:办事指南可以贴在公告栏。",
        "建议在{place}附近增设一个便民服务点。",
    ],
}
RESOLVE_REPLIES = {
    "reply": [
        "已安排工作人员现场处理,问题已解决。",
        "已联系责任单位完成维修,并回访确认。",
        "社区已协调相关部门办理完毕,感谢您的反映。",
    ],
    "explanation": [
        "经核实,该事项暂不符合现行政策规定,已向居民当面解释相关政策和办理途径。",
        "该事项需纳入明年计划统一实施,已向居民说明原因和时间安排。",
    ],
}
RETURN_REASONS = ["经核实不属于本单位职责范围,请重新派单。", "地址不在本社区辖区内,请核实后重新派单。"]
PROGRESS_NOTES = ["已电话联系居民,了解具体情况。", "工作人员已到现场查看,正在协调处理。", "已约请相关单位明日上门。"]
VISIT_HEARD = {  # what a grid worker hears on a visit (走访), by outcome; a case's text comes from TEXTS
    "resolved": [
        "老人家里水龙头滴水,当场帮忙换了垫圈。",
        "居民不会在手机上预约挂号,当场教会了操作。",
        "楼道里堆放的杂物影响通行,当场和住户一起清理了。",
    ],
    "opinion": [
        "希望小区多装几个健身器材。",
        "建议社区多组织老年人活动,冬天室内活动场所少。",
        "希望公告栏的通知字再大一些,老人看不清。",
    ],
}
COMMENTS = {
    "satisfied": ["处理得很及时,谢谢!", "很满意,工作人员态度很好。", None],
    "basically_satisfied": ["基本解决了,希望以后多关注。", None],
    "not_satisfied": ["问题没有真正解决,希望再来看看。", "等了太久,还没彻底解决。"],
}


def text_for(category: str, place: str, rng: random.Random) -> str:
    return rng.choice(TEXTS.get(category) or TEXTS["other"]).format(place=place)


# 诉求类型 as a resident or an operator would choose it for a text: by its words where they say it (the first
# kind that matches), else a complaint or a plea for help, which most 12345 requests are.
TYPE_WORDS = (
    ("praise", ("感谢", "表扬")),
    ("suggestion", ("建议",)),
    ("consultation", ("咨询", "想问", "怎么", "哪些", "什么时候", "应该去哪")),
)
UNSAID_TYPES = {"complaint": 0.65, "help": 0.35}


def request_type_for(text: str, rng: random.Random) -> str:
    said = next((kind for kind, words in TYPE_WORDS if any(word in text for word in words)), None)
    return said or rng.choices(list(UNSAID_TYPES), list(UNSAID_TYPES.values()))[0]
