"""The paging walkers, against the local server: numbered, offset and cursor listings, an
empty one, the arguments of every page, breaking out early, and servers that never end.

The listings walked are the test server's own (agents, files, voices), read through a
resource defined here with page models of its own, so core's tests need no area package.
A hostile server is the test server answering chosen pages through its ``status`` fault.
"""

from __future__ import annotations

import inspect
import logging
from typing import Any

import httpx
import pytest
from pydantic import BaseModel
from typing_extensions import Unpack

import mistralai
from mistralai import Mistral, ResourceSpec
from mistralai.testing import Fault
from mistralai.types import UNSET, UnsetType
from mistralai.utils import (
    Call,
    CallOptions,
    CursorPages,
    NumberedPages,
    OffsetPages,
    Operation,
    Resource,
    async_items,
    async_operation,
    async_pages,
    sync_items,
    sync_operation,
    sync_pages,
    walk_pages,
    walk_pages_async,
)


class Item(BaseModel):
    id: str
    name: str | None = None


class CursorPage(BaseModel):
    data: list[Item]
    next_page_token: str | None = None


class FilePage(BaseModel):
    data: list[Item]
    total: int | None = None


class VoicePage(BaseModel):
    items: list[Item]
    total: int


AGENT_PAGES = CursorPages[CursorPage, Item](
    lambda page: page.data, lambda page: page.next_page_token, cursor="page_token"
)
AGENT_LIST = NumberedPages[list[Item], Item](lambda page: page, first=0, default_size=20)
FILE_PAGES = NumberedPages[FilePage, Item](
    lambda page: page.data, first=0, default_size=100, total=lambda page: page.total
)
VOICE_PAGES = OffsetPages[VoicePage, Item](
    lambda page: page.items, default_limit=10, total=lambda page: page.total
)

BY_CURSOR: Operation[CursorPage] = Operation(
    "agents_api_v1_agents_list_pages", "GET", "/v1/agents/pages", CursorPage
)
BY_NUMBER: Operation[list[Item]] = Operation(
    "agents_api_v1_agents_list", "GET", "/v1/agents", list[Item]
)
FILES: Operation[FilePage] = Operation("files_api_routes_list_files", "GET", "/v1/files", FilePage)
VOICES: Operation[VoicePage] = Operation(
    "list_voices_v1_audio_voices_get", "GET", "/v1/audio/voices", VoicePage
)


class Lister(Resource):
    """Three kinds of listing, walked with core's makers."""

    def _by_cursor(
        self,
        *,
        page_size: int | UnsetType = UNSET,
        page_token: str | None = None,
        search: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        query = {"page_size": page_size, "page_token": page_token, "search": search}
        return Call(query=query, options=options)

    def _by_number(
        self,
        *,
        page: int | UnsetType = UNSET,
        page_size: int | UnsetType = UNSET,
        search: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call:
        query = {"page": page, "page_size": page_size, "search": search}
        return Call(query=query, options=options)

    def _files(self, page: int = 0, page_size: int = 100, **options: Unpack[CallOptions]) -> Call:
        return Call(query={"page": page, "page_size": page_size}, options=options)

    def _voices(
        self,
        *,
        limit: int | UnsetType = UNSET,
        offset: int | UnsetType = UNSET,
        **options: Unpack[CallOptions],
    ) -> Call:
        return Call(query={"limit": limit, "offset": offset}, options=options)

    by_cursor = sync_operation(BY_CURSOR, _by_cursor)
    by_cursor_async = async_operation(BY_CURSOR, _by_cursor)
    by_cursor_pages = sync_pages(by_cursor, AGENT_PAGES, example=">>> lister.by_cursor_pages()")
    by_cursor_pages_async = async_pages(by_cursor_async, AGENT_PAGES, example=">>> ...")
    iter_by_cursor = sync_items(by_cursor, AGENT_PAGES, example=">>> lister.iter_by_cursor()")
    iter_by_cursor_async = async_items(by_cursor_async, AGENT_PAGES, example=">>> ...")
    by_number = sync_operation(BY_NUMBER, _by_number)
    by_number_async = async_operation(BY_NUMBER, _by_number)
    by_number_pages = sync_pages(by_number, AGENT_LIST, example=">>> ...")
    iter_by_number = sync_items(by_number, AGENT_LIST, example=">>> ...")
    iter_by_number_async = async_items(by_number_async, AGENT_LIST, example=">>> ...")
    files = sync_operation(FILES, _files)
    files_pages = sync_pages(files, FILE_PAGES, example=">>> ...")
    voices = sync_operation(VOICES, _voices)
    voices_async = async_operation(VOICES, _voices)
    voices_pages = sync_pages(voices, VOICE_PAGES, example=">>> ...")
    voices_pages_async = async_pages(voices_async, VOICE_PAGES, example=">>> ...")


class ListerPlugin:
    @mistralai.hookimpl
    def mistral_resources(self) -> list[ResourceSpec]:
        return [ResourceSpec("lister", f"{__name__}:Lister", "mistral-core-tests")]


@pytest.fixture
def lister(make_client: Any) -> Lister:
    client: Mistral = make_client(plugins=[ListerPlugin()])
    return client.lister  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def agents(mistral_test_server: Any) -> list[str]:
    """Five agents on the server, pg-0 to pg-4, and one other; their names."""
    with httpx.Client(
        base_url=mistral_test_server.url, headers={"authorization": "Bearer k"}
    ) as http:
        for name in [*(f"pg-{i}" for i in range(5)), "other"]:
            body = {"model": "mistral-small-latest", "name": name}
            http.post("/v1/agents", json=body).raise_for_status()
    mistral_test_server.requests.clear()
    return [f"pg-{i}" for i in range(5)]


def sent(server: Any, name: str) -> list[Any]:
    return [r.query.get(name) for r in server.requests]


def page_body(ids: list[str], token: str | None) -> dict[str, Any]:
    return {"object": "list", "data": [{"id": i} for i in ids], "next_page_token": token}


# -- walking ----------------------------------------------------------------------------


def test_cursor_pages_follow_the_cursor_with_the_arguments_on_every_page(
    lister: Lister, agents: list[str], mistral_test_server: Any
) -> None:
    pages = list(lister.by_cursor_pages(page_size=2, search="pg-"))
    assert [[a.name for a in page.data] for page in pages] == [agents[:2], agents[2:4], agents[4:]]
    assert sent(mistral_test_server, "page_token") == [
        None,
        [pages[0].next_page_token],
        [pages[1].next_page_token],
    ]
    assert sent(mistral_test_server, "search") == [["pg-"]] * 3
    assert sent(mistral_test_server, "page_size") == [["2"]] * 3


def test_a_walk_starts_from_the_cursor_it_is_given(lister: Lister, agents: list[str]) -> None:
    token = lister.by_cursor(page_size=2, search="pg-").next_page_token
    names = [a.name for a in lister.iter_by_cursor(page_size=2, search="pg-", page_token=token)]
    assert names == agents[2:]


def test_numbered_pages_of_bare_lists_end_at_a_short_page(
    lister: Lister, agents: list[str], mistral_test_server: Any
) -> None:
    assert [a.name for a in lister.iter_by_number(page_size=2, search="pg-")] == agents
    assert sent(mistral_test_server, "page") == [["0"], ["1"], ["2"]]
    assert sent(mistral_test_server, "search") == [["pg-"]] * 3
    mistral_test_server.requests.clear()
    assert [len(p) for p in lister.by_number_pages(page_size=2, page=1, search="pg-")] == [2, 1]
    assert sent(mistral_test_server, "page") == [["1"], ["2"]]


def test_a_full_last_page_costs_one_more_request_only_without_a_total(
    lister: Lister, agents: list[str], mistral_test_server: Any
) -> None:
    assert [len(p) for p in lister.by_number_pages(page_size=5, search="pg-")] == [5, 0]
    assert len(mistral_test_server.requests) == 2


def test_offset_pages_move_on_by_the_items_read_and_stop_at_the_total(
    lister: Lister, mistral_test_server: Any
) -> None:
    total = lister.voices(limit=1).total
    mistral_test_server.requests.clear()
    pages = list(lister.voices_pages(limit=2))
    assert sum(len(p.items) for p in pages) == total
    assert sent(mistral_test_server, "offset") == [[str(n)] for n in range(0, total, 2)]
    assert sent(mistral_test_server, "limit") == [["2"]] * len(pages)


def test_an_empty_listing_is_one_request_and_no_item(
    lister: Lister, mistral_test_server: Any
) -> None:
    assert list(lister.iter_by_cursor(search="nobody")) == []
    assert [p.data for p in lister.by_cursor_pages(search="nobody")] == [[]]
    assert [p.data for p in lister.files_pages()] == [[]]
    assert len(mistral_test_server.requests) == 3


def test_breaking_out_early_sends_no_further_request(
    lister: Lister, agents: list[str], mistral_test_server: Any
) -> None:
    walk = lister.iter_by_cursor(page_size=2, search="pg-")
    assert mistral_test_server.requests == []  # nothing is sent before the first item is asked for
    for agent in walk:
        if agent.name == "pg-1":
            break
    assert len(mistral_test_server.requests) == 1
    pages = lister.by_number_pages(page_size=1, search="pg-")
    next(pages)
    pages.close()
    assert len(mistral_test_server.requests) == 2


def test_a_mistake_in_the_arguments_fails_at_the_call(
    lister: Lister, mistral_test_server: Any
) -> None:
    with pytest.raises(TypeError, match="did you mean 'page_size'"):
        lister.iter_by_cursor(page_sise=2)
    with pytest.raises(TypeError):
        lister.by_number_pages(1)  # type: ignore[call-arg]
    assert mistral_test_server.requests == []


def test_positional_arguments_are_placed_where_the_listing_takes_them(
    lister: Lister, mistral_test_server: Any
) -> None:
    assert [p.data for p in lister.files_pages(3, 7)] == [[]]
    assert mistral_test_server.requests[-1].query == {"page": ["3"], "page_size": ["7"]}


def test_the_methods_show_the_listing_parameters_and_what_they_yield() -> None:
    signature = inspect.signature(Lister.iter_by_cursor)
    assert list(signature.parameters) == list(inspect.signature(Lister.by_cursor).parameters)
    assert signature.return_annotation == "Iterator[Item]"
    assert inspect.signature(Lister.by_cursor_pages_async).return_annotation == (
        "AsyncIterator[CursorPage]"
    )
    assert Lister.iter_by_number_async.__name__ == "iter_by_number_async"
    assert Lister.iter_by_number_async.__qualname__ == "Lister.iter_by_number_async"
    doc = " ".join((inspect.getdoc(Lister.by_cursor_pages_async) or "").split())
    assert doc.startswith("Every page of :meth:`by_cursor_async`")
    assert "no further request" in doc
    assert "no next cursor" in doc


# -- servers that never end -------------------------------------------------------------


def test_a_repeated_cursor_ends_the_walk_with_a_warning(
    lister: Lister, mistral_test_server: Any, caplog: pytest.LogCaptureFixture
) -> None:
    for ids, token in ((["a"], "x"), (["b"], "y"), (["c"], "x"), (["d"], "y")):
        mistral_test_server.faults.add(
            Fault.status(200, body=page_body(ids, token)), path="/v1/agents/pages"
        )
    with caplog.at_level(logging.WARNING, logger="mistralai"):
        assert [a.id for a in lister.iter_by_cursor()] == ["a", "b", "c"]
    assert sent(mistral_test_server, "page_token") == [None, ["x"], ["y"]]
    assert "cursor it had already given" in caplog.text
    assert "Lister.by_cursor" in caplog.text
    mistral_test_server.faults.clear()


def test_a_cursor_that_comes_back_as_the_one_sent_ends_the_walk(
    lister: Lister, mistral_test_server: Any
) -> None:
    mistral_test_server.faults.add(
        Fault.status(200, body=page_body(["a"], "same")), times=50, path="/v1/agents/pages"
    )
    pages = list(lister.by_cursor_pages(page_token="same"))
    assert len(pages) == 1
    assert len(mistral_test_server.requests) == 1
    mistral_test_server.faults.clear()


def test_an_empty_page_ends_the_walk_even_with_a_next_cursor(
    lister: Lister, mistral_test_server: Any
) -> None:
    mistral_test_server.faults.add(
        Fault.status(200, body=page_body([], "more")), times=50, path="/v1/agents/pages"
    )
    assert list(lister.iter_by_cursor()) == []
    assert len(mistral_test_server.requests) == 1
    mistral_test_server.faults.clear()


def test_full_pages_past_the_total_end_the_walk(lister: Lister, mistral_test_server: Any) -> None:
    for n in range(50):
        body = {"object": "list", "data": [{"id": f"{n}-a"}, {"id": f"{n}-b"}], "total": 3}
        mistral_test_server.faults.add(Fault.status(200, body=body), path="/v1/files")
    assert [len(p.data) for p in lister.files_pages(page_size=2)] == [2, 2]
    assert sent(mistral_test_server, "page") == [["0"], ["1"]]
    mistral_test_server.faults.clear()


def test_a_server_that_ignores_the_page_number_ends_the_walk(
    lister: Lister, mistral_test_server: Any, caplog: pytest.LogCaptureFixture
) -> None:
    same = [{"id": "a"}, {"id": "b"}]
    mistral_test_server.faults.add(Fault.status(200, body=same), times=50, path="/v1/agents")
    with caplog.at_level(logging.WARNING, logger="mistralai"):
        assert [a.id for a in lister.iter_by_number(page_size=2)] == ["a", "b"]
    assert sent(mistral_test_server, "page") == [["0"], ["1"]]
    assert "same page twice" in caplog.text
    mistral_test_server.faults.clear()


# -- async --------------------------------------------------------------------------------


async def test_async_walkers(lister: Lister, agents: list[str], mistral_test_server: Any) -> None:
    names = [a.name async for a in lister.iter_by_cursor_async(page_size=2, search="pg-")]
    assert names == agents
    assert sent(mistral_test_server, "search") == [["pg-"]] * 3
    mistral_test_server.requests.clear()
    pages = [p async for p in lister.by_cursor_pages_async(page_size=4, search="pg-")]
    assert [len(p.data) for p in pages] == [4, 1]
    by_number = [a.name async for a in lister.iter_by_number_async(page_size=3, search="pg-")]
    assert by_number == agents
    voices = [p async for p in lister.voices_pages_async(limit=3)]
    assert sum(len(p.items) for p in voices) == voices[0].total


async def test_async_empty_listing_and_breaking_out_early(
    lister: Lister, agents: list[str], mistral_test_server: Any
) -> None:
    assert [a async for a in lister.iter_by_cursor_async(search="nobody")] == []
    mistral_test_server.requests.clear()
    walk = lister.iter_by_cursor_async(page_size=2, search="pg-")
    async for agent in walk:
        if agent.name == "pg-0":
            break
    await walk.aclose()  # type: ignore[attr-defined]
    assert len(mistral_test_server.requests) == 1


async def test_async_hostile_servers_end_cleanly(lister: Lister, mistral_test_server: Any) -> None:
    mistral_test_server.faults.add(
        Fault.status(200, body=page_body(["a"], "loop")), times=50, path="/v1/agents/pages"
    )
    assert [a.id async for a in lister.iter_by_cursor_async()] == ["a"]
    assert len(mistral_test_server.requests) == 2
    mistral_test_server.faults.clear()
    same = [{"id": "a"}, {"id": "b"}]
    mistral_test_server.faults.add(Fault.status(200, body=same), times=50, path="/v1/agents")
    assert len([a async for a in lister.iter_by_number_async(page_size=2)]) == 2
    assert len(mistral_test_server.requests) == 4
    mistral_test_server.faults.clear()


# -- any listing --------------------------------------------------------------------------


def test_walk_pages_takes_any_listing(
    lister: Lister, agents: list[str], mistral_test_server: Any
) -> None:
    pages = walk_pages(lister.by_number, AGENT_LIST, {"page_size": 4, "search": "pg-"})
    assert [len(page) for page in pages] == [4, 1]
    assert sent(mistral_test_server, "page") == [["0"], ["1"]]


async def test_walk_pages_async_takes_any_listing(lister: Lister, agents: list[str]) -> None:
    pages = walk_pages_async(lister.by_cursor_async, AGENT_PAGES, {"search": "pg-"})
    assert [len(page.data) async for page in pages] == [5]
