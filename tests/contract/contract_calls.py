"""Calling the SDK against Prism and judging each exchange by what Prism says about it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import pydantic
import pytest

import mistralai
from mistralai import HookContext, Mistral
from mistralai.errors import MistralError
from mistralai.types import UnknownVariant
from mistralai.utils import RetryConfig

T = TypeVar("T")

MODES = ("static", "dynamic")
"""Prism answers from the spec's examples (``static``) or makes data up from its schemas
(``dynamic``, asked for per request with ``Prefer: dynamic=true``)."""


@dataclass
class Exchange:
    """One request the SDK sent and what Prism made of it."""

    operation_id: str
    mode: str
    method: str
    url: str
    status: int
    request_body: str
    violations: list[dict[str, Any]]

    @property
    def request_violations(self) -> list[dict[str, Any]]:
        """Violations of the request (its body, query, path or headers)."""
        return [v for v in self.violations if v.get("location", [""])[0] != "response"]

    @property
    def response_violations(self) -> list[dict[str, Any]]:
        return [v for v in self.violations if v.get("location", [""])[0] == "response"]

    def describe(self) -> str:
        lines = [f"{self.method} {self.url} -> {self.status} ({self.operation_id})"]
        if self.request_body:
            lines.append(f"  body: {self.request_body}")
        lines += [f"  violation: {_violation_text(v)}" for v in self.violations]
        return "\n".join(lines)


def _violation_text(violation: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in violation.get("location", ()))
    return f"[{violation.get('severity')}] {where}: {violation.get('message')}"


def _problem_violations(response: httpx.Response) -> list[dict[str, Any]]:
    """Prism's own 422 (when the spec has none to give) lists violations in the body only."""
    if not response.headers.get("content-type", "").startswith("application/problem+json"):
        return []
    try:
        problem = json.loads(response.content)
    except (httpx.ResponseNotRead, ValueError):
        return []
    return list(problem.get("validation", [])) if isinstance(problem, dict) else []


def _request_body(request: httpx.Request, limit: int = 600) -> str:
    try:
        content = request.content
    except httpx.RequestNotRead:
        return "<streamed body>"
    if request.headers.get("content-type", "").startswith("multipart/"):
        return f"<multipart, {len(content)} bytes>"
    text = content.decode("utf-8", "replace")
    return text if len(text) <= limit else text[:limit] + "..."


@dataclass
class ExchangeLog:
    """A client plugin recording every exchange of a session, for assertions and the report."""

    mode: str = "static"
    exchanges: list[Exchange] = field(default_factory=list)

    @mistralai.hookimpl
    def mistral_before_request(self, request: httpx.Request, context: HookContext) -> None:
        if self.mode == "dynamic":
            request.headers["prefer"] = "dynamic=true"

    @mistralai.hookimpl
    def mistral_after_success(self, response: httpx.Response, context: HookContext) -> None:
        self._record(response, context)

    @mistralai.hookimpl
    def mistral_after_error(
        self, error: Exception, response: httpx.Response | None, context: HookContext
    ) -> None:
        if response is not None:
            self._record(response, context)

    def _record(self, response: httpx.Response, context: HookContext) -> None:
        header = response.headers.get("sl-violations")
        violations = json.loads(header) if header else _problem_violations(response)
        self.exchanges.append(
            Exchange(
                context.operation_id,
                self.mode,
                response.request.method,
                str(response.request.url),
                response.status_code,
                _request_body(response.request),
                violations,
            )
        )


class ContractClient:
    """A ``Mistral`` client on Prism whose :meth:`check` runs one SDK call and judges it."""

    def __init__(
        self, server_url: str, log: ExchangeLog, mode: str, node: pytest.Item | None
    ) -> None:
        self.log = log
        self.mode = mode
        self.node = node
        self.client = Mistral(
            api_key="contract-test-key",
            server_url=server_url,
            retry_config=RetryConfig("none"),
            timeout_ms=30_000,
            plugins=[log],
        )

    def known_bug(self, reason: str, *, mode: str | None = None) -> None:
        """Mark this test as failing for a reported SDK bug (strict: it must fail until fixed).

        ``mode`` limits the mark to the ``static`` or ``dynamic`` run.
        """
        if self.node is not None and (mode is None or mode == self.mode):
            self.node.add_marker(pytest.mark.xfail(reason=f"SDK bug: {reason}", strict=True))

    def check(self, method: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Call ``method``; fail unless Prism saw no violation and the SDK parsed its answer.

        Parsing is judged strictly: the response must validate, and no union in it may
        have fallen back to ``UnknownVariant`` (the spec's own data has no unknown kinds).
        """
        self.log.mode = self.mode
        start = len(self.log.exchanges)
        try:
            result = method(*args, **kwargs)
        except MistralError as exc:
            seen = self.log.exchanges[start:]
            pytest.fail(
                f"{type(exc).__name__}: {exc}\n" + "\n".join(e.describe() for e in seen),
                pytrace=False,
            )
        seen = self.log.exchanges[start:]
        assert seen, "no request reached Prism"
        broken = [e for e in seen if e.request_violations or e.status >= 400]
        if broken:
            pytest.fail(
                "Prism reports the request breaks the spec:\n"
                + "\n".join(e.describe() for e in broken),
                pytrace=False,
            )
        unknown = list(unknown_variants(result))
        assert not unknown, f"spec data parsed as UnknownVariant at {unknown}"
        return result

    def close(self) -> None:
        self.client.close()


def unknown_variants(value: Any, path: str = "$") -> Iterator[str]:
    """Paths inside a parsed response where a union fell back to ``UnknownVariant``."""
    if isinstance(value, UnknownVariant):
        yield f"{path} (tag {value.tag!r})"
    elif isinstance(value, pydantic.BaseModel):
        for name in type(value).model_fields:
            yield from unknown_variants(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from unknown_variants(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from unknown_variants(item, f"{path}[{key!r}]")
