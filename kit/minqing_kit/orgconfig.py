"""Load the districts' configuration files (YAML or JSON), validated against the shared format."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import ValidationError

from minqing_contracts.org import DistrictConfig, agreement_problems


class ConfigurationError(SystemExit):
    pass


def load_district(path: Path) -> DistrictConfig:
    raw = path.read_text(encoding="utf-8")
    data = json.loads(raw) if path.suffix == ".json" else yaml.safe_load(raw)
    try:
        return DistrictConfig.model_validate(data)
    except ValidationError as exc:
        lines = [f"  - {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:20]]
        raise ConfigurationError(f"{path}: invalid district configuration\n" + "\n".join(lines)) from None


def load_districts(directory: str | Path) -> dict[str, DistrictConfig]:
    """Every ``*.yaml``/``*.yml``/``*.json`` in the directory, keyed by district code."""
    directory = Path(directory)
    if not directory.is_dir():
        raise ConfigurationError(f"DISTRICTS_DIR {directory} is not a directory")
    districts: dict[str, DistrictConfig] = {}
    for path in sorted(directory.iterdir()):
        if path.suffix not in (".yaml", ".yml", ".json"):
            continue
        config = load_district(path)
        if config.code in districts:
            raise ConfigurationError(f"{path}: district {config.code} is configured twice")
        districts[config.code] = config
    if not districts:
        raise ConfigurationError(f"no district configuration files in {directory}")
    problems = agreement_problems(districts)
    if problems:
        listed = "\n".join(f"  - {p}" for p in problems)
        raise ConfigurationError(f"{directory}: agreements between districts\n{listed}")
    return districts
