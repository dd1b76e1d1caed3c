"""PagerTree's bodies as models, so ``/openapi.json`` describes the face as its clients see it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

Urgency = Literal["silent", "low", "medium", "high", "critical"]
_OPTIONS: JsonDict = {"patternProperties": {"^option_": {"description": "An option of the integration type"}}}


def _partial(schema: JsonDict) -> None:
    """An update: every parameter may be left out, none but the destinations may be null."""
    schema.pop("required", None)
    schema.update(_OPTIONS)


_IDS = "PagerTree ids, with or without their prefix"


def created(parameter: str, *operations: str) -> dict[int | str, dict[str, Any]]:
    """``responses=`` of a create: OpenAPI links from the new record's ``id`` to the operations that take it."""
    links = {op: {"operationId": op, "parameters": {parameter: "$response.body#/id"}} for op in operations}
    return {201: {"links": links}}


class PagerTreeMessage(BaseModel):
    model_config = ConfigDict(title="PagerTreeMessage")
    message: str


class PagerTreeError(BaseModel):
    """``{"errors": [{"message": "name can't be blank"}], "code": 422}``."""

    model_config = ConfigDict(title="PagerTreeError")
    errors: list[PagerTreeMessage]
    code: int


class _Record(BaseModel):
    id: str = Field(description="The record's ULID")
    prefix_id: str = Field(description="The same id with its prefix")
    account_id: str
    created_at: datetime
    updated_at: datetime
    meta: dict[str, Any]


class PagerTreeIntegrationOption(BaseModel):
    model_config = ConfigDict(title="PagerTreeIntegrationOption")
    key: str = Field(description="The option_* parameter that sets it")
    type: str
    label: str
    required: bool
    secret: bool = Field(description="Write-only: never shown on an integration")
    default: Any


class PagerTreeIntegrationType(BaseModel):
    model_config = ConfigDict(title="PagerTreeIntegrationType")
    id: str
    prefix_id: str
    name: str
    key: str
    description: str
    supports_incoming: bool
    options: list[PagerTreeIntegrationOption]


class PagerTreeIntegration(_Record):
    model_config = ConfigDict(title="PagerTreeIntegration")
    name: str
    enabled: bool
    urgency: Urgency
    integration_type_id: str
    integration_type: PagerTreeIntegrationType
    options: dict[str, Any] = Field(description="The type's options without their option_ prefix; no secrets")
    account_user_ids: list[str]
    router_ids: list[str]
    team_ids: list[str]
    inbound_url: str | None = Field(description="Where the source posts its webhooks")


class PagerTreeAccountUser(_Record):
    model_config = ConfigDict(title="PagerTreeAccountUser")
    name: str
    email: str
    contact_methods: list[dict[str, Any]]


class PagerTreeEscalationLayer(BaseModel):
    model_config = ConfigDict(title="PagerTreeEscalationLayer")
    account_user_ids: list[str]
    delay_minutes: int
    repeat: int


class PagerTreeTeam(_Record):
    model_config = ConfigDict(title="PagerTreeTeam")
    name: str
    member_account_user_ids: list[str]
    escalation_layers: list[PagerTreeEscalationLayer]


class PagerTreeRouter(_Record):
    model_config = ConfigDict(title="PagerTreeRouter")
    name: str
    enabled: bool
    rules: list[dict[str, Any]]


class _List(BaseModel):
    has_more: bool = Field(description="Whether rows follow this page")
    total_count: int = Field(description="Rows in the whole list")


class PagerTreeIntegrationList(_List):
    model_config = ConfigDict(title="PagerTreeIntegrationList")
    data: list[PagerTreeIntegration]


class PagerTreeIntegrationTypeList(_List):
    model_config = ConfigDict(title="PagerTreeIntegrationTypeList")
    data: list[PagerTreeIntegrationType]


class PagerTreeAccountUserList(_List):
    model_config = ConfigDict(title="PagerTreeAccountUserList")
    data: list[PagerTreeAccountUser]


class PagerTreeTeamList(_List):
    model_config = ConfigDict(title="PagerTreeTeamList")
    data: list[PagerTreeTeam]


class PagerTreeRouterList(_List):
    model_config = ConfigDict(title="PagerTreeRouterList")
    data: list[PagerTreeRouter]


class PagerTreeIntegrationUpdate(BaseModel):
    """The permitted parameters; others are ignored, as PagerTree's ``params.permit`` does."""

    model_config = ConfigDict(title="PagerTreeIntegrationUpdate", extra="allow", json_schema_extra=_partial)
    name: str = Field(min_length=1)
    enabled: bool
    urgency: Urgency
    integration_type_id: str = Field(description="Cannot change after creation")
    account_user_ids: list[str] | None = Field(None, description=_IDS)
    router_ids: list[str] | None = Field(None, description=_IDS)
    team_ids: list[str] | None = Field(None, description=_IDS)


class PagerTreeIntegrationCreate(BaseModel):
    """Name, urgency, type and at least one destination; ``option_*`` set the type's options."""

    model_config = ConfigDict(title="PagerTreeIntegrationCreate", extra="allow", json_schema_extra=_OPTIONS)
    name: str = Field(min_length=1)
    urgency: Urgency
    integration_type_id: str = Field(min_length=1, description="From GET /api/v4/integration_types")
    enabled: bool = True
    account_user_ids: list[str] | None = Field(None, description=_IDS)
    router_ids: list[str] | None = Field(None, description=_IDS)
    team_ids: list[str] | None = Field(None, description=_IDS)


class PagerTreeContactMethod(BaseModel):
    model_config = ConfigDict(title="PagerTreeContactMethod")
    type: Literal["email", "sms", "phone", "push", "chat", "webhook"]
    to: str | dict[str, Any]
    integrationId: str | None = None


class PagerTreeAccountUserCreate(BaseModel):
    model_config = ConfigDict(title="PagerTreeAccountUserCreate", extra="allow")
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=1, json_schema_extra={"format": "email"})
    contact_methods: list[PagerTreeContactMethod] = Field(default_factory=list)


class PagerTreeEscalationLayerInput(BaseModel):
    model_config = ConfigDict(title="PagerTreeEscalationLayerInput")
    account_user_ids: list[str] = Field(min_length=1)
    delay_minutes: int = Field(5, ge=1, le=1440)
    repeat: int = Field(0, ge=0, le=9)


class PagerTreeTeamCreate(BaseModel):
    """A team given no layers pages all its members in one layer."""

    model_config = ConfigDict(title="PagerTreeTeamCreate", extra="allow")
    name: str = Field(min_length=1, max_length=200)
    member_account_user_ids: list[str] | None = Field(None, description=_IDS)
    escalation_layers: list[PagerTreeEscalationLayerInput] | None = None


class PagerTreeRouterCreate(BaseModel):
    model_config = ConfigDict(title="PagerTreeRouterCreate", extra="allow")
    name: str = Field(min_length=1, max_length=200)
    enabled: bool = True
    rules: list[dict[str, Any]] = Field(default_factory=list)
