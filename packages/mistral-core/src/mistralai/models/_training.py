"""Types shared by the fine-tuning jobs API and the Models API."""

from __future__ import annotations

from mistralai.types import MistralModel


class ClassifierTargetOut(MistralModel):
    """One target a classifier is (or was) trained on: its labels and loss function."""

    name: str
    labels: list[str] = []
    weight: float | None = None
    loss_function: str | None = None
    """``single_class`` or ``multi_class``."""
