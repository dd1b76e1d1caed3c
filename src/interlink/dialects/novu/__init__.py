"""Novu's v1 integrations API (``/v1/integrations``), so Novu clients and SDKs work unchanged."""

from __future__ import annotations

import re

from interlink.dialects.base import Face
from interlink.dialects.novu.routes import DIALECT, router
from interlink.dialects.novu.schemas import ErrorDto
from interlink.dialects.novu.views import render_error

FACE = Face(DIALECT, router, re.compile(r"^/v1(/|$)"), render_error, ErrorDto)
