"""PagerTree's v4 API (``/api/v4``): integrations, integration types, teams, account users and routers."""

from __future__ import annotations

import re

from interlink.dialects.base import Face
from interlink.dialects.pagertree import people  # noqa: F401  (adds the team, user and router routes)
from interlink.dialects.pagertree.routes import DIALECT, router
from interlink.dialects.pagertree.schemas import PagerTreeError
from interlink.dialects.pagertree.views import render_error

FACE = Face(DIALECT, router, re.compile(r"^/api/v4(/|$)"), render_error, PagerTreeError)
