"""Templates in Chinese (Jinja2): packaged defaults, overridden per district by
``TEMPLATES_DIR/<district>/<template>.j2``. A template's first line is the title (e-mail subject,
robot and inbox title); the rest is the body (the SMS text)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined

PACKAGED = PackageLoader("minqing_notify", "templates")


@dataclass(frozen=True)
class Rendered:
    title: str
    body: str


class Templates:
    def __init__(self, override_dir: str | None = None):
        self.override_dir = Path(override_dir) if override_dir else None
        self._environments: dict[str, Environment] = {}
        self._lock = threading.Lock()

    def _environment(self, district: str) -> Environment:
        with self._lock:
            if district not in self._environments:
                loaders = [PACKAGED]
                if self.override_dir is not None:
                    loaders.insert(0, FileSystemLoader(str(self.override_dir / district)))
                self._environments[district] = Environment(
                    loader=ChoiceLoader(loaders), undefined=StrictUndefined, autoescape=False, trim_blocks=False
                )
            return self._environments[district]

    def render(self, district: str, name: str, context: dict) -> Rendered:
        text = self._environment(district).get_template(f"{name}.j2").render(**context).strip()
        title, _, body = text.partition("\n")
        return Rendered(title=title.strip(), body=body.strip() or title.strip())
