"""我的诉求 (my requests) in-process on PostgreSQL: a one-time code sent sealed through the outbox, hashed at
rest, spent once, refused after five minutes or five wrong tries, rate limited per phone and per client
address; signed in, the resident lists their own cases only and reads each one's full record."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from minqing_intake.adapters.tables import bus, sign_in_codes
from minqing_intake.sign_in import sweep_spent
from minqing_kit.sealing import open_contact

PHONE = "13912345678"


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(1)


def file_case(client, phone: str, content: str = "幸福小区1号楼楼道灯坏了一个星期,晚上看不见台阶") -> str:
    form = {"district": "xinlin", "content": content, "address": "新林镇幸福小区1号楼", "phone": phone}
    form["request_type"] = "complaint"
    response = client.post("/", data={**form, "csrf_token": csrf(client, "/?district=xinlin")})
    return response.headers["Location"].rsplit("/", 1)[1]


def ask_code(client, phone: str = PHONE, addr: str = "203.0.113.7"):
    form = {"district": "xinlin", "phone": phone, "csrf_token": csrf(client, "/mine")}
    return client.post("/mine/code", data=form, environ_base={"REMOTE_ADDR": addr})


def sent_codes(runtime, keys) -> list[tuple[str, dict]]:
    """(request id, the opened contact) of every sign-in event in the outbox, opened as notify would."""
    with runtime.db.engine.connect() as connection:
        rows = connection.execute(
            select(bus.outbox.c.body).where(bus.outbox.c.event_type == "resident.sign_in_code_requested.v1")
        ).all()
    found = []
    for row in rows:
        assert PHONE not in row.body  # the phone travels sealed
        payload = json.loads(row.body)["payload"]
        found.append((payload["request_id"], open_contact(payload["contact_sealed"], keys["notify_private"])))
    return found


def sign_in(client, request_id: str, code: str):
    form = {"request_id": request_id, "code": code, "csrf_token": csrf(client, "/mine")}
    return client.post("/mine/sign-in", data=form)


def test_a_resident_signs_in_by_sms_code_and_sees_only_their_own_cases(client, runtime, keys):
    mine = file_case(client, PHONE)
    other = file_case(client, "13700000000", "新林镇幸福小区3号楼门口垃圾三天没人清运")
    page = ask_code(client)
    assert page.status_code == 200 and "输入验证码" in page.get_data(as_text=True)
    [(request_id, contact)] = sent_codes(runtime, keys)
    assert contact["phone"] == PHONE and re.fullmatch(r"\d{6}", contact["sign_in_code"])
    with runtime.db.engine.connect() as connection:
        stored = connection.execute(select(sign_in_codes)).one()
    assert contact["sign_in_code"] not in stored.code_hash and PHONE not in stored.phone_hash  # hashed at rest
    assert client.get(f"/mine/{mine}").status_code == 303  # not signed in yet
    done = sign_in(client, request_id, contact["sign_in_code"])
    assert done.status_code == 303
    listed = client.get("/mine").get_data(as_text=True)
    assert mine in listed and other not in listed and "1 件" in listed
    record = client.get(f"/mine/{mine}").get_data(as_text=True)
    assert "楼道灯坏了一个星期" in record and 'id="content"' in record  # the full record, without the secret
    assert client.get(f"/mine/{other}").status_code == 404  # another's case is not one of mine
    assert sign_in(client, request_id, contact["sign_in_code"]).status_code == 422  # a code works once


def test_wrong_codes_expiry_and_bad_phones_are_refused_in_chinese(client, runtime, keys):
    file_case(client, PHONE)
    assert "请填写11位手机号" in ask_code(client, phone="12345").get_data(as_text=True)
    ask_code(client)
    [(request_id, contact)] = sent_codes(runtime, keys)
    wrong = "000000" if contact["sign_in_code"] != "000000" else "111111"
    for _ in range(5):
        refused = sign_in(client, request_id, wrong)
        assert refused.status_code == 422 and "验证码不正确" in refused.get_data(as_text=True)
    spent = sign_in(client, request_id, contact["sign_in_code"])  # the right code after five wrong ones
    assert spent.status_code == 422 and "错误次数过多" in spent.get_data(as_text=True)
    ask_code(client)
    request_id, contact = sent_codes(runtime, keys)[-1]
    with runtime.db.transaction() as session:
        session.execute(
            update(sign_in_codes)
            .where(sign_in_codes.c.id == request_id)
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    late = sign_in(client, request_id, contact["sign_in_code"])
    assert late.status_code == 422 and "验证码已过期" in late.get_data(as_text=True)
    assert "minqing_mine" not in (late.headers.get("Set-Cookie") or "")
    with runtime.db.transaction() as session:
        assert sweep_spent(session, datetime.now(UTC)) == 0  # expired a second ago: kept for a day
        assert sweep_spent(session, datetime.now(UTC) + timedelta(days=1)) == 1


def test_codes_are_limited_per_phone_and_per_client_address(client):
    assert [ask_code(client).status_code for _ in range(4)] == [200, 200, 200, 429]  # three per phone
    others = [ask_code(client, phone=f"1370000{n:04d}").status_code for n in range(8)]
    assert others[-1] == 429 and others.count(200) == 7  # ten per address: three above, seven here
    elsewhere = ask_code(client, phone="13600000001", addr="198.51.100.9")
    assert elsewhere.status_code == 200


def test_without_notifys_key_sign_in_is_refused_clearly(make_settings):
    from minqing_intake.bootstrap import bootstrap
    from minqing_intake.definition import DEFINITION
    from minqing_intake.web import create_app

    from .helpers import DEMO_DISTRICTS

    settings = make_settings(DEFINITION, DISTRICTS_DIR=DEMO_DISTRICTS, INTAKE_SECRET_KEY="test-secret-key-0123456789")
    runtime = bootstrap(settings)
    try:
        client = create_app(runtime=runtime).test_client()
        refused = ask_code(client)
        assert refused.status_code == 503 and "短信登录暂不可用" in refused.get_data(as_text=True)
    finally:
        runtime.db.dispose()
