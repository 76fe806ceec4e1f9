"""Python functions as tools: schemas from signatures and docstrings, argument validation."""

from __future__ import annotations

import datetime
import enum
from typing import Annotated, Any

import pydantic
import pytest

from mistralai.extra.exceptions import RunException
from mistralai.extra.run._docstrings import parse_docstring
from mistralai.extra.run.context import RunContext
from mistralai.extra.run.tools import local_function, parse_arguments, result_text


class Unit(enum.Enum):
    CELSIUS = "celsius"
    FAHRENHEIT = "fahrenheit"


class Opaque:
    """A class pydantic has no schema for."""


class Place(pydantic.BaseModel):
    city: str
    country: str = "FR"


def forecast_google(place: Place, day: datetime.date, unit: Unit = Unit.CELSIUS) -> str:
    """Forecast the weather of a place.

    Uses the national weather service.

    Args:
        place (Place): Where to forecast,
            city and country.
        day: The day to forecast.
        unit (Unit, optional): The temperature unit.

    Returns:
        str: The forecast.

    Raises:
        ValueError: never.
    """
    return f"{place.city}/{place.country} {day.isoformat()} {unit.value}"


def forecast_rest(city: str, days: int = 1, *, hourly: bool = False) -> dict[str, Any]:
    """Forecast the weather of a city.

    :param city: The city,
        by its English name.
    :param int days: How many days ahead.
    :type days: int
    :param hourly: One value per hour.
    :returns: The forecast.
    :rtype: dict
    """
    return {"city": city, "days": days, "hourly": hourly}


def test_google_docstring_and_type_hints_make_the_schema() -> None:
    tool = local_function(forecast_google).tool
    function = tool.function
    assert function.name == "forecast_google"
    assert (
        function.description
        == "Forecast the weather of a place.\n\nUses the national weather service."
    )
    assert function.strict is True
    schema = function.parameters
    assert schema["type"] == "object"
    assert schema["required"] == ["place", "day"]
    assert schema["additionalProperties"] is False
    properties = schema["properties"]
    assert properties["place"]["description"] == "Where to forecast, city and country."
    assert properties["day"] == {
        "description": "The day to forecast.",
        "format": "date",
        "type": "string",
    }
    assert properties["unit"]["description"] == "The temperature unit."
    assert properties["unit"]["default"] == "celsius"
    assert "title" not in schema
    assert all("title" not in p for p in properties.values())
    assert schema["$defs"]["Unit"]["enum"] == ["celsius", "fahrenheit"]
    assert set(schema["$defs"]["Place"]["properties"]) == {"city", "country"}


def test_rest_docstring_and_keyword_only_parameters() -> None:
    function = local_function(forecast_rest).tool.function
    assert function.description == "Forecast the weather of a city."
    properties = function.parameters["properties"]
    assert properties["city"] == {"description": "The city, by its English name.", "type": "string"}
    assert properties["days"]["description"] == "How many days ahead."
    assert properties["hourly"] == {
        "default": False,
        "description": "One value per hour.",
        "type": "boolean",
    }
    assert function.parameters["required"] == ["city"]


def test_arguments_are_validated_and_converted_before_the_call() -> None:
    tool = local_function(forecast_google)
    call = tool.bind({"place": {"city": "Lyon"}, "day": "2025-07-14", "unit": "fahrenheit"})
    assert call() == "Lyon/FR 2025-07-14 fahrenheit"
    with pytest.raises(pydantic.ValidationError) as caught:
        tool.bind({"place": {"city": "Lyon"}, "day": "not a date", "surprise": 1})
    assert {error["loc"][0] for error in caught.value.errors()} == {"day", "surprise"}
    with pytest.raises(pydantic.ValidationError):
        tool.bind({"day": "2025-07-14"})


def test_field_descriptions_win_over_the_docstring() -> None:
    def book(
        nights: Annotated[int, pydantic.Field(ge=1, description="Nights, at least one.")],
        guests: int = pydantic.Field(2, le=4),
        /,
    ) -> str:
        """Book a room.

        Args:
            nights: Ignored, the Field says it.
            guests: How many guests.
        """
        return f"{nights}x{guests}"

    tool = local_function(book)
    properties = tool.tool.function.parameters["properties"]
    assert properties["nights"] == {
        "description": "Nights, at least one.",
        "minimum": 1,
        "type": "integer",
    }
    assert properties["guests"]["description"] == "How many guests."
    assert properties["guests"]["maximum"] == 4
    assert tool.bind({"nights": 3})() == "3x2"
    with pytest.raises(pydantic.ValidationError):
        tool.bind({"nights": 0})


def test_variadic_parameters_are_left_out_and_untyped_ones_accept_anything() -> None:
    def anything(value, *args: int, **kwargs: str) -> str:  # type: ignore[no-untyped-def]
        return repr(value)

    tool = local_function(anything)
    assert tool.tool.function.parameters["properties"] == {"value": {}}
    assert tool.bind({"value": [1, "a"]})() == "[1, 'a']"
    assert tool.tool.function.description == ""


def test_names_and_types_that_cannot_be_tools_are_refused() -> None:
    with pytest.raises(RunException, match="tool name"):
        local_function(lambda: None)
    with pytest.raises(RunException, match="tool name"):
        local_function(forecast_rest, name="has spaces")

    def takes_opaque(thing: Opaque) -> None:
        """Takes something with no schema."""

    with pytest.raises(RunException, match="no JSON schema"):
        local_function(takes_opaque)

    class Local:
        pass

    def takes_local(thing: Local) -> None:
        """Its hint names a class the module cannot see."""

    with pytest.raises(RunException, match="cannot be resolved"):
        local_function(takes_local)
    with pytest.raises(RunException, match="only callables"):
        local_function(42)  # type: ignore[arg-type]


def test_register_func_is_a_decorator_with_or_without_arguments() -> None:
    run_ctx = RunContext(model="mistral-small-latest")

    @run_ctx.register_func
    def first(x: int) -> int:
        return x

    @run_ctx.register_func(name="second_tool", description="The second.")
    async def second(y: str) -> str:
        return y

    assert first(2) == 2
    assert second.__name__ == "second"
    assert [t.function.name for t in run_ctx.get_tools()] == ["first", "second_tool"]
    assert run_ctx.get_tools()[1].function.description == "The second."
    assert run_ctx.has_tool("second_tool")
    assert not run_ctx.has_tool("second")


def test_run_context_checks_its_settings() -> None:
    with pytest.raises(RunException, match="model or to an agent"):
        RunContext(model="m", agent_id="a")
    with pytest.raises(RunException, match="max_tool_rounds"):
        RunContext(model="m", max_tool_rounds=-1)
    with pytest.raises(RunException, match="output_format"):
        RunContext(model="m").response_format  # noqa: B018
    with pytest.raises(RunException, match="pydantic model class"):
        RunContext(model="m", output_format=dict)  # type: ignore[arg-type]

    class Answer(pydantic.BaseModel):
        text: str

    response_format = RunContext(model="m", output_format=Answer).response_format.to_wire()
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["schema"]["additionalProperties"] is False


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("plain", "plain"),
        ({"a": 1}, '{"a":1}'),
        (Place(city="Nice"), '{"city":"Nice","country":"FR"}'),
        (datetime.date(2025, 1, 2), '"2025-01-02"'),
        (None, "null"),
        ([{"type": "text", "text": "a"}, {"type": "text", "text": "b"}], "ab"),
    ],
)
def test_results_become_text(value: Any, text: str) -> None:
    assert result_text(value) == text


def test_arguments_come_as_json_text_or_objects() -> None:
    assert parse_arguments('{"a": 1}') == {"a": 1}
    assert parse_arguments("") == {}
    assert parse_arguments({"b": 2}) == {"b": 2}
    with pytest.raises(ValueError, match="not a JSON object"):
        parse_arguments("[1]")


def test_docstrings_without_parameters_or_with_other_sections() -> None:
    assert parse_docstring(None).description == ""
    parsed = parse_docstring("Just text.\n\nExample:\n    x = 1\n")
    assert parsed.description == "Just text."
    assert parsed.parameters == {}
    google = parse_docstring(
        "Do.\n\nArgs:\n    a: First\n        line two.\n    **extra: More.\nNote:\n    b: not a parameter\n"
    )
    assert google.parameters == {"a": "First line two.", "extra": "More."}
