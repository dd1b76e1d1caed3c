"""SMTP: connect (under the address policy), EHLO, STARTTLS or TLS as configured, AUTH, QUIT; never MAIL FROM."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aiosmtplib

from interlink.providers.smtp.sender import SENDER
from interlink.sdk import OutboundRefused, Transport
from interlink.sdk.checks import CheckResult
from interlink.sdk.http import one_line


class SmtpVerifier:
    async def verify(self, config: Mapping[str, Any], transport: Transport) -> CheckResult:
        host = str(config.get("host") or "").strip().removeprefix("[").removesuffix("]")
        refused = transport.check_host(host)
        if refused:
            return CheckResult.failing(refused)
        secure = config.get("secure") or "STARTTLS"
        try:
            sock = await SENDER._connect(host, int(config.get("port") or 587), transport)
        except OutboundRefused as exc:
            return CheckResult.failing(exc.reason)
        except OSError as exc:
            return CheckResult.unknown(f"could not connect to the SMTP server: {exc.strerror or type(exc).__name__}")
        client = aiosmtplib.SMTP(
            hostname=host,
            sock=sock,
            use_tls=secure == "TLS",
            start_tls=secure == "STARTTLS",
            validate_certs=config.get("tlsVerify") is not False,
            timeout=transport.timeout,
        )
        try:
            await client.connect()
            if not config.get("user"):
                return CheckResult.ok("the server answered; no login is configured")
            await client.login(str(config["user"]), str(config.get("password") or ""))
            return CheckResult.ok("the server accepted the login")
        except aiosmtplib.SMTPAuthenticationError as exc:
            return CheckResult.failing(f"SMTP {exc.code} {one_line(exc.message)}")
        except aiosmtplib.SMTPResponseException as exc:
            verdict = CheckResult.unknown if 400 <= exc.code < 500 else CheckResult.failing
            return verdict(f"SMTP {exc.code} {one_line(exc.message)}")
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            return CheckResult.unknown(f"could not talk to the SMTP server: {type(exc).__name__}")
        finally:
            try:
                if client.is_connected:
                    await client.quit()
            except (aiosmtplib.SMTPException, OSError, TimeoutError):
                client.close()
            sock.close()


VERIFIER = SmtpVerifier()
