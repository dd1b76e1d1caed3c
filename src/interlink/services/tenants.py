"""Organizations and environments: the first start, and enabling custom types."""

from __future__ import annotations

from dataclasses import dataclass

from interlink.core.errors import NotFound, Unprocessable
from interlink.core.ids import new_id
from interlink.sdk import Availability
from interlink.services import keys
from interlink.services.hub import Hub
from interlink.store import tenants
from interlink.store.tables import Environment, Organization

DEFAULT_ENVIRONMENTS = ("development", "production")


@dataclass(frozen=True)
class Bootstrap:
    """What the first start created; ``admin_key`` is None on every later start."""

    organization: Organization
    environments: list[Environment]
    admin_key: keys.IssuedKey | None


async def create_organization(hub: Hub, name: str) -> tuple[Organization, list[Environment]]:
    """Create an organization with the default environments."""
    org = Organization(id=new_id("org"), name=name)
    envs = [Environment(id=new_id("env"), organization_id=org.id, name=n) for n in DEFAULT_ENVIRONMENTS]
    async with hub.db.write() as session:
        session.add(org)
        await session.flush()
        session.add_all(envs)
    return org, envs


async def ensure_default(hub: Hub, *, admin_key: bool = True) -> Bootstrap:
    """Create the default organization on first use; ``serve`` also issues a print-once admin key while none exists.

    Admin commands pass ``admin_key=False``: a key nobody is shown would only be a liability.
    """
    async with hub.db.write() as session:
        await tenants.lock_bootstrap(session)
        org = await tenants.first_organization(session)
        if org is not None:
            envs = await tenants.environments(session, org.id)
            has_keys = bool(await tenants.keys(session, [e.id for e in envs]))
        else:
            org = Organization(id=new_id("org"), name="Default organization")
            envs = [Environment(id=new_id("env"), organization_id=org.id, name=n) for n in DEFAULT_ENVIRONMENTS]
            session.add(org)
            await session.flush()
            session.add_all(envs)
            has_keys = False
    if not admin_key or has_keys:
        return Bootstrap(org, envs, None)
    first = next((e for e in envs if e.name == DEFAULT_ENVIRONMENTS[0]), envs[0])
    admin = await keys.create(hub, first, ["read", "write"], name="admin (first start)")
    return Bootstrap(org, envs, admin)


async def find_environment(hub: Hub, name_or_id: str) -> Environment:
    """Find an environment of the default organization by name, or any by id."""
    async with hub.db.read() as session:
        env = await tenants.environment(session, name_or_id)
        if env is None:
            org = await tenants.first_organization(session)
            env = await tenants.environment_by_name(session, org.id, name_or_id) if org else None
    if env is None:
        raise NotFound(f"No environment {name_or_id!r}")
    return env


async def all_environments(hub: Hub) -> list[Environment]:
    async with hub.db.read() as session:
        return await tenants.environments(session)


async def enable_type(hub: Hub, organization_id: str, type_id: str) -> None:
    """Let an organization use a custom integration type."""
    manifest = hub.registry.get(type_id)
    if manifest is None:
        raise Unprocessable(f"No integration type {type_id!r}")
    if manifest.availability is not Availability.CUSTOM:
        raise Unprocessable(f"{type_id!r} is a standard type: every organization may use it already")
    async with hub.db.write() as session:
        if await session.get(Organization, organization_id) is None:
            raise NotFound(f"No organization {organization_id!r}")
        await tenants.enable_type(session, organization_id, type_id)
