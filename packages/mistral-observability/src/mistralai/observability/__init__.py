"""Observability APIs: ``client.beta.observability.campaigns``, ``.chat_completion_events``
(with ``.fields``), ``.datasets`` (with ``.records``) and ``.judges``.

Installed with ``pip install mistral-observability``; mounted on every
:class:`mistralai.Mistral` client under ``client.beta.observability``. Importing this
package imports none of the resource code; the models are in
:mod:`mistralai.observability.models`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistralai.observability._campaigns import Campaigns
    from mistralai.observability._datasets import Datasets, Records
    from mistralai.observability._events import ChatEvents, Fields
    from mistralai.observability._judges import Judges

__all__ = ["Campaigns", "ChatEvents", "Datasets", "Fields", "Judges", "Records"]

_WHERE = {
    "Campaigns": "_campaigns",
    "ChatEvents": "_events",
    "Datasets": "_datasets",
    "Fields": "_events",
    "Judges": "_judges",
    "Records": "_datasets",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        module = importlib.import_module(f"mistralai.observability.{_WHERE[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'mistralai.observability' has no attribute {name!r}")
