"""Every event type some service produces has a subscriber that acts on it, and no service subscribes
to a type the contracts do not define.

The relay publishes with ``mandatory``: an event nobody binds is returned as unroutable and waits in
its producer's outbox for ever. Producers come from the contracts (one module per producer in
``minqing_contracts.events``); subscribers from each installed service's subscription mapping
(payload class -> handler, from which its queue's bindings are derived), built from its runtime on
the demo districts (notify subscribes to what their rules name too).
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from minqing_contracts import PAYLOADS
from minqing_contracts.events.notify import REPORTED_DELIVERIES

ROOT = Path(__file__).resolve().parents[2]


def _definitions() -> dict:
    """Each service's ServiceDefinition, from the ``minqing-<service>`` commands installed."""
    found = {}
    for script in entry_points(group="console_scripts"):
        module = script.value.split(":")[0]
        if script.name.startswith("minqing-") and module.endswith(".definition"):
            definition = importlib.import_module(module).DEFINITION
            found[definition.name] = definition
    return found


@pytest.fixture(scope="module")
def subscribed(tmp_path_factory) -> dict[str, set[type]]:
    """service -> the payload classes its consumer handles. Bootstrapping connects to nothing."""
    found = {}
    for name, definition in _definitions().items():
        scratch = tmp_path_factory.mktemp(name)
        settings = definition.settings(
            {
                "MINQING_ENV": "development",
                "DATABASE_URL": f"sqlite:///{scratch}/{name}.sqlite",
                "DISTRICTS_DIR": str(ROOT / "config" / "districts"),
                "SPOOL_DIR": str(scratch / "spool"),
            }
        )
        runtime = definition.bootstrap(settings)
        found[name] = set(definition.subscriptions(runtime))
        runtime.db.dispose()
    return found


def producer(model: type) -> str:
    return model.__module__.rsplit(".", 1)[-1]


def test_the_contracts_module_of_each_type_is_its_producer():
    assert {t: model.PRODUCER for t, model in PAYLOADS.items()} == {t: producer(m) for t, m in PAYLOADS.items()}


def test_every_producer_is_a_service_with_a_subscription_mapping(subscribed):
    assert {producer(model) for model in PAYLOADS.values()} <= set(subscribed)


def test_every_produced_event_type_has_a_subscriber(subscribed):
    consumed = set().union(*subscribed.values())
    unconsumed = {t: producer(model) for t, model in PAYLOADS.items() if model not in consumed}
    assert unconsumed == {}, "nobody subscribes to these (type: producer); the relay cannot deliver them"


def test_services_subscribe_only_to_payload_classes_of_the_contracts(subscribed):
    contracts = set(PAYLOADS.values())
    strangers = {name: sorted(map(repr, models - contracts)) for name, models in subscribed.items()}
    assert strangers == dict.fromkeys(subscribed, [])


def test_notify_reports_only_deliveries_of_contract_types():
    """A report names its source's type: one the contracts lack would never be a delivery notify makes."""
    assert {source for source, _kind in REPORTED_DELIVERIES} <= set(PAYLOADS)
