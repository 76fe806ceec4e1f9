"""Record the public surface of the official ``mistralai`` SDK as data.

Run it with the interpreter of a scratch environment that has the official SDK installed,
outside this repository, never in the workspace's own environment:

    python3 -m venv /tmp/official && /tmp/official/bin/pip install mistralai==1.9.11
    /tmp/official/bin/python scripts/extract_official_surface.py

    python3 -m venv /tmp/official3 && /tmp/official3/bin/pip install mistralai==3.7.0
    /tmp/official3/bin/python scripts/extract_official_surface.py --v3

It writes ``scripts/official_surface.json``: names, kinds and fields only (what the
official package exports, under which module, and each method's parameters), no code. The
1.9 run records the whole surface; the ``--v3`` run adds, under ``v3``, the names of the
``mistralai.client.models`` layout in the model modules 1.9 had too (plus the content
chunks of :data:`V3_EXTRA_MODULES`), keeping the rest of the file.
``scripts/gen_typeddicts.py``, ``scripts/gen_models_catalog.py`` and ``tests/compat`` read
that file, so neither the tests nor the generators need the official SDK or the network.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
import typing
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "official_surface.json"
V3_EXTRA_MODULES = ("resourcechunk", "resourcelinkchunk")
"""3.x model modules 1.9 did not have, recorded too: content chunk kinds of ContentChunk."""


def _kind(value: Any) -> str:
    import pydantic
    import typing_extensions

    if isinstance(value, type) and issubclass(value, BaseException):
        return "error"
    if isinstance(value, type) and issubclass(value, pydantic.BaseModel):
        return "model"
    if typing_extensions.is_typeddict(value):
        return "typeddict"
    if isinstance(value, type) and issubclass(value, str):
        return "enum"
    origin = typing.get_origin(value)
    if origin is typing.Literal:
        return "literal"
    return "alias"


def _literal_values(value: Any) -> list[Any] | None:
    """The values of a ``Literal`` alias, also when it is ``Union[Literal[...], str]``."""
    values: list[Any] = []
    stack = [value]
    while stack:
        item = stack.pop()
        origin = typing.get_origin(item)
        if origin is typing.Literal:
            values.extend(typing.get_args(item))
        elif origin is typing.Union:
            stack.extend(typing.get_args(item))
        elif item is str:
            values.append("<str>")
    return values or None


def _walk(annotation: Any, path: str = "") -> Any:
    """Yield ``(node, path)`` for every type inside ``annotation``; ``path`` is the way in
    from the field: ``item`` of a list, ``value`` of a dict, nested as ``item.item``."""
    yield annotation, path
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        yield from _walk(args[0], path)
    elif origin is list:
        yield from _walk(args[0], f"{path}.item".lstrip("."))
    elif origin is dict:
        yield from _walk(args[1], f"{path}.value".lstrip("."))
    elif origin is typing.Union or _is_alias_type(origin):
        for arg in args:
            yield from _walk(arg, path)
    elif _is_alias_type(annotation):
        yield from _walk(annotation.__value__, path)


def _is_alias_type(value: Any) -> bool:
    return type(value).__name__ == "TypeAliasType"


def _location(
    value: Any, module: str, models: Any, dynamic: dict[str, str], among: list[str]
) -> list[str] | None:
    """Where an alias is used: ``[model, field, path]`` of the first field that holds it,
    looking at the models of its own module first."""
    import pydantic

    names = sorted(among, key=lambda n: dynamic.get(n, "").lstrip(".") != module)
    for name in names:
        model = getattr(models, name)
        if not (isinstance(model, type) and issubclass(model, pydantic.BaseModel)):
            continue
        for field, info in model.model_fields.items():
            for node, path in _walk(info.annotation):
                if node is value or (not _is_alias_type(value) and node == value):
                    return [name, field, path]
    return None


def models_surface(models: Any, modules: set[str] | None = None) -> dict[str, Any]:
    """Every name of ``models`` (only those of ``modules`` when given)."""
    dynamic: dict[str, str] = models._dynamic_imports
    names = sorted(
        n for n in models.__all__ if modules is None or dynamic.get(n, "").lstrip(".") in modules
    )
    out: dict[str, Any] = {}
    for name in names:
        value = getattr(models, name)
        module = dynamic.get(name, "." + value.__module__.rsplit(".", 1)[-1]).lstrip(".")
        entry: dict[str, Any] = {"module": module, "kind": _kind(value)}
        if entry["kind"] == "model":
            entry["fields"] = {
                field: info.is_required() for field, info in value.model_fields.items()
            }
        elif entry["kind"] == "typeddict":
            # Key names only: the official TypedDicts are declared with postponed annotations,
            # so their runtime __required_keys__ do not tell which keys are NotRequired.
            entry["keys"] = sorted(value.__annotations__)
        elif entry["kind"] in ("literal", "alias", "enum"):
            literal = (
                [member.value for member in value]
                if entry["kind"] == "enum"
                else _literal_values(value)
            )
            if literal is not None and all(isinstance(v, str) for v in literal):
                entry["values"] = sorted(literal)
            where = _location(value, module, models, dynamic, names)
            if where is not None:
                entry["at"] = where
        out[name] = entry
    return out


def _parameters(function: Any) -> list[list[Any]]:
    signature = inspect.signature(function)
    return [
        [p.name, p.kind.name, p.default is inspect.Parameter.empty]
        for p in signature.parameters.values()
        if p.name != "self"
    ]


_REQUEST = re.compile(r"request = models\.(\w+)\(")
"""How a method builds its request object: the name of the model that holds its parameters."""


def methods_surface() -> tuple[dict[str, Any], dict[str, str]]:
    from mistralai.basesdk import BaseSDK  # type: ignore[import-not-found]

    from mistralai import Mistral

    client = Mistral(api_key="k")
    out: dict[str, Any] = {}
    requests: dict[str, str] = {}

    def walk(prefix: str, sdk: Any) -> None:
        for name, value in inspect.getmembers(type(sdk)):
            if name.startswith("_") or not inspect.isfunction(value):
                continue
            if value.__qualname__.split(".")[0] in ("BaseSDK", "object"):
                continue
            out[f"{prefix}.{name}"] = _parameters(value)
            request = _REQUEST.search(inspect.getsource(value))
            if request is not None:
                requests[f"{prefix}.{name}"] = request.group(1)
        children = dict(getattr(type(sdk), "_sub_sdk_map", {}))
        children.update(
            {k: None for k, v in vars(sdk).items() if isinstance(v, BaseSDK) and k != "parent_ref"}
        )
        for child in sorted(children):
            if child == "sdk_configuration":
                continue
            walk(f"{prefix}.{child}" if prefix else child, getattr(sdk, child))

    for area in sorted(Mistral._sub_sdk_map):
        walk(area, getattr(client, area))
    return dict(sorted(out.items())), dict(sorted(requests.items()))


def main() -> int:
    if "--v3" in sys.argv:
        return main_v3()
    import mistralai
    import mistralai.models
    import mistralai.types
    import mistralai.utils

    version = mistralai.__version__
    if not version.startswith("1.9."):
        print(f"expected the official mistralai 1.9, found {version}", file=sys.stderr)
        return 1
    methods, method_requests = methods_surface()
    data = {
        "distribution": "mistralai",
        "version": version,
        "top_level": sorted(n for n in dir(mistralai) if not n.startswith("_")),
        "client": _parameters(mistralai.Mistral.__init__),
        "models": models_surface(mistralai.models),
        "types": sorted(n for n in dir(mistralai.types) if not n.startswith("_")),
        "utils": sorted(getattr(mistralai.utils, "__all__", ())),
        "methods": methods,
        "method_requests": method_requests,
    }
    if OUT.exists():
        previous = json.loads(OUT.read_text())
        if "v3" in previous:
            data["v3"] = previous["v3"]
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    print(f"wrote {OUT} ({len(data['models'])} model names, {len(data['methods'])} methods)")
    return 0


def main_v3() -> int:
    import mistralai.client.models

    import mistralai.client

    version = mistralai.client.__version__
    if not version.startswith("3."):
        print(f"expected the official mistralai 3.x, found {version}", file=sys.stderr)
        return 1
    data = json.loads(OUT.read_text())
    modules = {entry["module"] for entry in data["models"].values()} | set(V3_EXTRA_MODULES)
    data["v3"] = {
        "version": version,
        "models": models_surface(mistralai.client.models, modules),
    }
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")
    print(f"wrote the 3.x names of {OUT} ({len(data['v3']['models'])} model names)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
