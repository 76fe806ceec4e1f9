"""Version of the mistral-core distribution."""

__version__ = "0.1.1"
