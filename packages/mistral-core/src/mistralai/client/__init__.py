"""Alias module, so that ``from mistralai.client import Mistral`` works as well."""

from mistralai._client import Mistral

__all__ = ["Mistral"]
