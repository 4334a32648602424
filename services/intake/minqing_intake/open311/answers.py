"""The GeoReport v2 documents intake answers, as models (``minqing_kit.response_models``): ``formats.render``
writes each through its model, in JSON or in XML (the same fields, in the same order), and the Open311
description's schemas are theirs. Fields in the specification's order."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field, RootModel

from minqing_kit.response_models import Instant, ResponseModel

DATATYPES = ("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist")
W3C = "W3C date-time with a time zone, e.g. 2010-01-01T00:00:00Z"


class Error(ResponseModel):
    code: int
    description: str


class Errors(RootModel[Annotated[list[Error], Field(min_length=1)]]):
    """The specification's error format."""


class Endpoint(ResponseModel):
    specification: str
    url: str
    changeset: Instant = Field(description=W3C)
    type: Literal["production", "test"]
    formats: list[str] = Field(min_length=1)


class Discovery(ResponseModel):
    changeset: Instant = Field(description=W3C)
    contact: str
    key_service: str
    endpoints: list[Endpoint] = Field(min_length=1)


class Service(ResponseModel):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: Literal["realtime", "batch", "blackbox"]
    keywords: str
    group: str


class Services(RootModel[list[Service]]):
    """The district's categories."""


class AttributeValue(ResponseModel):
    key: str
    name: str


class Attribute(ResponseModel):
    variable: bool
    code: str
    datatype: Literal[DATATYPES]  # type: ignore[valid-type]
    required: bool
    datatype_description: str
    order: int = Field(ge=1)
    description: str
    values: list[AttributeValue]


class ServiceDefinition(ResponseModel):
    service_code: str
    attributes: list[Attribute]


class CreatedRequest(ResponseModel):
    model_config = ConfigDict(json_schema_extra={"not": {"required": ["token"]}})  # the specification: one or the other

    service_request_id: str = Field(description="the ticket: known at once, so never a token")
    service_notice: str


class Created(RootModel[Annotated[list[CreatedRequest], Field(min_length=1)]]):
    """The answer to a POST."""


class ServiceRequest(ResponseModel):
    """A request's public view: never the resident's text, contact or exact address."""

    service_request_id: str
    status: Literal["open", "closed"]
    service_code: str
    service_name: str
    description: str = Field(description="the category: never the resident's text")
    requested_datetime: Instant
    updated_datetime: Instant
    status_notes: str | None = Field(None, description="the reply, redacted (absent: none)")
    agency_responsible: str | None = None
    address_id: str | None = Field(None, description="the grid (网格); never the exact address")


class ServiceRequests(RootModel[list[ServiceRequest]]):
    """Public views of requests."""


class TokenRequest(ResponseModel):
    service_request_id: str
    token: str


class Token(RootModel[list[TokenRequest]]):
    """A token's request id (intake hands out no tokens)."""


ANSWERS = (Errors, Discovery, Services, ServiceDefinition, Created, ServiceRequests, Token)
