"""``mistralai_azure.utils``: ``RetryConfig`` and ``BackoffStrategy`` by their official path."""

from mistralai.utils import BackoffStrategy, RetryConfig

__all__ = ["BackoffStrategy", "RetryConfig"]
