import io
import json
import logging

import pytest
from pydantic import Field, SecretStr

from minqing_kit.logs import JsonFormatter, configure_logging, log_context
from minqing_kit.settings import ServiceSettings, SettingsError, load_settings


def test_bad_and_missing_settings_are_each_named():
    with pytest.raises(SettingsError) as caught:
        load_settings(ServiceSettings, {"CONSUMER_PREFETCH": "lots", "HEARTBEAT_SECONDS": "60"})
    text = str(caught.value)
    assert "DATABASE_URL=(missing)" in text
    assert "CONSUMER_PREFETCH='lots'" in text
    assert "HEARTBEAT_SECONDS='60'" in text and "less than or equal to 20" in text


def test_defaults_and_district_list():
    settings = load_settings(ServiceSettings, {"DATABASE_URL": "sqlite://", "CONSUMER_DISTRICTS": "xinlin, luwan"})
    assert settings.consumer_districts == ("xinlin", "luwan")
    assert 10 <= settings.HEARTBEAT_SECONDS <= 20


def test_json_log_lines_carry_case_and_correlation_and_mask_contacts():
    stream = io.StringIO()
    configure_logging("routing")
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("test.logs")
    logger.addHandler(handler)
    with log_context(case_id="c-9", correlation_id="corr-1"):
        logger.warning("reporter 13812345678 wrote from zhang.wei@example.cn, also +86 139-1234-5678")
    line = json.loads(stream.getvalue())
    assert (line["service"], line["case_id"], line["correlation_id"]) == ("routing", "c-9", "corr-1")
    assert "13812345678" not in line["msg"] and "zhang.wei@example.cn" not in line["msg"]
    assert "1234-5678" not in line["msg"]
    assert line["msg"].count("[phone]") == 2 and "[email]" in line["msg"]


class Keyed(ServiceSettings):
    REQUIRED_SECRETS = {"SIGNING_KEY": "development-signing-key", "OTHER_KEY": ""}
    SIGNING_KEY: SecretStr = SecretStr("")
    OTHER_KEY: SecretStr = SecretStr("")
    WEBHOOK_URL: str = ""


def test_a_missing_secret_outside_development_is_named_and_development_takes_its_default():
    with pytest.raises(SettingsError) as caught:
        load_settings(Keyed, {"DATABASE_URL": "sqlite://", "MINQING_ENV": "staging", "OTHER_KEY": "given"})
    assert caught.value.problems == [
        "SIGNING_KEY=(missing): a secret this service needs (MINQING_ENV=staging); set it, "
        "or MINQING_ENV=development for a development default"
    ]
    with pytest.raises(SettingsError, match="OTHER_KEY=.missing.*running without it"):
        load_settings(Keyed, {"DATABASE_URL": "sqlite://", "SIGNING_KEY": "given"})  # production by default
    development = load_settings(Keyed, {"DATABASE_URL": "sqlite://", "MINQING_ENV": "development"})
    assert development.SIGNING_KEY.get_secret_value() == "development-signing-key"
    assert development.OTHER_KEY.get_secret_value() == ""
    assert development.secret_warnings() == [
        "SIGNING_KEY is not set: a development default is in use (MINQING_ENV=development only)"
    ]
    given = load_settings(Keyed, {"DATABASE_URL": "sqlite://", "SIGNING_KEY": "s3", "OTHER_KEY": "s4"})
    assert given.secret_warnings() == [] and given.SIGNING_KEY.get_secret_value() == "s3"


class Renamed(ServiceSettings):
    FORMER_NAMES = {"OLD_WAIT_SECONDS": ("FIRST_WAIT_SECONDS", "SECOND_WAIT_SECONDS")}

    FIRST_WAIT_SECONDS: float = Field(default=5.0, gt=0)
    SECOND_WAIT_SECONDS: float = Field(default=5.0, gt=0)


def test_a_former_name_is_read_as_each_new_name_not_set_and_named_when_bad():
    old = load_settings(Renamed, {"DATABASE_URL": "sqlite://", "OLD_WAIT_SECONDS": "2"})
    assert (old.FIRST_WAIT_SECONDS, old.SECOND_WAIT_SECONDS) == (2.0, 2.0)
    both = load_settings(Renamed, {"DATABASE_URL": "sqlite://", "OLD_WAIT_SECONDS": "2", "SECOND_WAIT_SECONDS": "3"})
    assert (both.FIRST_WAIT_SECONDS, both.SECOND_WAIT_SECONDS) == (2.0, 3.0)  # the new name wins
    assert load_settings(Renamed, {"DATABASE_URL": "sqlite://"}).FIRST_WAIT_SECONDS == 5.0
    with pytest.raises(SettingsError) as caught:
        load_settings(Renamed, {"DATABASE_URL": "sqlite://", "OLD_WAIT_SECONDS": "0", "SECOND_WAIT_SECONDS": "1"})
    assert caught.value.problems == ["FIRST_WAIT_SECONDS='0' (set as OLD_WAIT_SECONDS): Input should be greater than 0"]


def test_shown_settings_hide_secrets_and_url_passwords_but_keep_the_rest():
    settings = load_settings(
        Keyed,
        {
            "MINQING_ENV": "development",
            "DATABASE_URL": "postgresql+psycopg://minqing:db-pass-1@postgres:5432/minqing_routing",
            "AMQP_URL": "amqps://minqing:amqp-pass-2@rabbitmq:5671/%2F",
            "SIGNING_KEY": "signing-3",
            "WEBHOOK_URL": "https://robot:hook-pass-4@example.cn/send",
            "CONSUMER_GROUP": "xinlin",
        },
    )
    shown = settings.shown()
    text = json.dumps(shown)
    assert not any(secret in text for secret in ("db-pass-1", "amqp-pass-2", "signing-3", "hook-pass-4"))
    assert shown["DATABASE_URL"] == "postgresql+psycopg://minqing:***@postgres:5432/minqing_routing"
    assert shown["AMQP_URL"] == "amqps://minqing:***@rabbitmq:5671/%2F"
    assert (shown["SIGNING_KEY"], shown["OTHER_KEY"]) == ("(set)", "(not set)")
    assert shown["CONSUMER_GROUP"] == "xinlin" and set(shown) == set(Keyed.model_fields)


def test_a_bad_secret_or_url_is_named_without_showing_its_value():
    class Checked(ServiceSettings):
        KEY: SecretStr = Field(default=SecretStr("long-enough-default"), min_length=16)

    with pytest.raises(SettingsError) as caught:
        load_settings(
            Checked,
            {
                "DATABASE_URL": "sqlite://",
                "KEY": "short-key",
                "AMQP_URL": "amqp://u:pw-9@h/",
                "HEARTBEAT_SECONDS": "amqp://u:pw-8@h/",
            },
        )
    text = str(caught.value)
    assert "KEY=(hidden)" in text and "short-key" not in text
    assert "HEARTBEAT_SECONDS='amqp://u:***@h/'" in text and "pw-8" not in text
