"""The campaign platform's ``/{locale}/api/integration`` API, with messages in the path's language."""

from __future__ import annotations

import re

from interlink.dialects.base import Face
from interlink.dialects.campaign.routes import DIALECT, router
from interlink.dialects.campaign.schemas import CampaignError
from interlink.dialects.campaign.views import render_error

FACE = Face(DIALECT, router, re.compile(r"^/[^/]+/api/integration(/|$)"), render_error, CampaignError)
