"""``client.beta.workflows`` beside a mistral-beta that mounts all of ``client.beta`` as one
resource.

mistral-beta 0.1 mounts ``client.beta`` as a single resource (conversations, libraries and
agents as its attributes), and nothing can be mounted under a resource. Beside it, this
package joins ``client.beta`` with :class:`BetaWorkflows` instead (see ``_plugin``). Once
``client.beta`` is a group of separately mounted resources, that join mounts nothing and the
``beta.workflows`` resource is mounted directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mistralai._runtime import ClientRuntime
    from mistralai.workflows._resource import Workflows


class BetaWorkflows:
    """Adds ``workflows`` to the ``client.beta`` resource of mistral-beta."""

    __slots__ = ()

    _runtime: ClientRuntime

    @property
    def workflows(self) -> Workflows:
        """``client.beta.workflows`` (made afresh on each access: keep it in a variable to
        reuse it)."""
        from mistralai.workflows._resource import Workflows

        return Workflows(self._runtime)
