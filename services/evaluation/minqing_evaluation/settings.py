from typing import ClassVar

from pydantic import Field, SecretStr

from minqing_kit.settings import ServiceSettings

DEV_PAGES_SECRET = "dev-only-evaluation-pages-secret"


class EvaluationSettings(ServiceSettings):
    """Evaluation's settings; see ServiceSettings for the common ones."""

    REQUIRED_SECRETS: ClassVar[dict[str, str]] = {"PAGES_SECRET_KEY": DEV_PAGES_SECRET}

    PAGES_SECRET_KEY: SecretStr = Field(
        default=SecretStr(""), min_length=16, description="signs the pages' CSRF cookie (the rating form)"
    )
    ECHARTS_JS: str = Field(
        default="",
        description="echarts.min.js served to the dashboards; empty: web/node_modules/echarts/dist/echarts.min.js",
    )

    COMPOSITE_WEIGHTS: str = Field(
        default="response=0.3,resolution=0.3,satisfaction=0.4",
        pattern=r"^[a-z_]+=[0-9.]+(,[a-z_]+=[0-9.]+)*$",
        description="weights of the composite score, by rate name; normalised to sum 1",
    )
    RECTIFY_PERIOD: str = Field(
        default="20wd",
        pattern=r"^[1-9][0-9]*(wd|d|h|m)$",
        description="deadline for rectification after a failed project or review",
    )
    PROJECT_LINK_PERIOD: str = Field(
        default="10wd",
        pattern=r"^[1-9][0-9]*(wd|d|h|m)$",
        description="how long a household's single-use project rating link (一事一评) stays valid",
    )
    ROUTING_URL: str = Field(
        default="",
        pattern=r"^$|^https?://[^\s]+$",
        description="routing's base URL, whose sign-in (POST /api/v1/auth/login) the staff pages use; "
        "empty: http://127.0.0.1:$ROUTING_PORT",
    )
    ROUTING_PORT: int = Field(
        default=8002, ge=1, le=65535, description="routing's local port, when ROUTING_URL is empty"
    )
    SIGN_IN_TIMEOUT_SECONDS: float = Field(
        default=5.0, gt=0, le=30, description="how long the staff sign-in page waits for routing"
    )
    SCHEDULER_INTERVAL_SECONDS: float = Field(default=30.0, gt=0, le=3600)
    SCHEDULER_BATCH: int = Field(default=200, ge=1, le=10000)

    @property
    def composite_weights(self) -> dict[str, float]:
        pairs = (item.split("=") for item in self.COMPOSITE_WEIGHTS.split(","))
        return {name.strip(): float(value) for name, value in pairs}

    def routing_base_url(self) -> str:
        return (self.ROUTING_URL or f"http://127.0.0.1:{self.ROUTING_PORT}").rstrip("/")
