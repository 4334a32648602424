"""Ticket numbers stay unique and gap-free under concurrent submissions from two intake instances,
each with its own engine and connection pool on the same PostgreSQL database."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from minqing_intake.adapters.tables import cases
from minqing_intake.bootstrap import bootstrap
from minqing_intake.web import create_app

from .helpers import request_body

PER_WORKER, WORKERS_PER_INSTANCE = 20, 4


def test_many_concurrent_submissions_across_two_instances_get_unique_tickets(settings):
    instances = [bootstrap(settings), bootstrap(settings)]
    apps = [create_app(runtime=rt) for rt in instances]

    def work(worker: int) -> list[str]:
        client = apps[worker % 2].test_client()
        tickets = []
        for i in range(PER_WORKER):
            body = request_body(
                content=f"第{worker}-{i}号反映:路灯坏了很久,晚上走路不安全。",
                contact={},
                location={"grid_code": "XL-XF-01-G02"},
            )
            response = client.post("/api/v1/cases", json=body, environ_base={"REMOTE_ADDR": f"10.2.{worker}.{i}"})
            assert response.status_code == 201, response.get_json()
            tickets.append(response.get_json()["ticket"])
        return tickets

    total = PER_WORKER * WORKERS_PER_INSTANCE * 2
    with ThreadPoolExecutor(WORKERS_PER_INSTANCE * 2) as pool:
        returned = [t for tickets in pool.map(work, range(WORKERS_PER_INSTANCE * 2)) for t in tickets]
    with instances[0].db.engine.connect() as connection:
        stored = connection.execute(select(cases.c.ticket)).scalars().all()
    assert len(returned) == len(set(returned)) == total
    assert sorted(stored) == sorted(returned)
    assert sorted(int(t.rsplit("-", 1)[1]) for t in stored) == list(range(1, total + 1))
    for rt in instances:
        rt.db.dispose()
