import io
import json
import logging

import pytest
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
