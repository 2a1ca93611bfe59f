"""Start the Rasa server (`python -m bot.rasa_server run ...`, same arguments as `rasa`) with two
measured fixes for Rasa Open Source 3.6 (figures in docs/benchmarks.md).

1. Rasa checks every action-server reply against a JSON schema with ``jsonschema.validate``, which
first re-validates the (constant) schema itself against the JSON-Schema meta-schema. A profile of
the running server (py-spy, see docs/benchmarks.md) showed about half of each turn's time in that
call. Here the validator is built and the schema checked once; every reply is still validated in
full, with the same error message on failure.

2. Reading a conversation turns every stored event into an object with ``Event.resolve_by_type``,
which walks all subclasses of ``Event`` for each event (a fifth of the tracker store's time).
The class found for a type name is remembered; unknown names still go the original way.

3. Every call to the action server opened a new aiohttp session, so a new TCP connection, per
action. Each endpoint now keeps one session per event loop, and connections are reused; an idle
connection is dropped after ``CLIENT_KEEPALIVE_S``, before the action server closes it.
"""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any

import aiohttp
import jsonschema
from rasa.core.actions import action as rasa_action
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

from bot.settings import CLIENT_KEEPALIVE_S

_original_resolve_by_type = Event.resolve_by_type
_event_classes: dict[str, type] = {}


@lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    schema = rasa_action.RemoteAction.action_response_format_spec()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    error = jsonschema.exceptions.best_match(_action_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def _resolve_by_type(type_name: str, default: type | None = None) -> type | None:
    cls = _event_classes.get(type_name)
    if cls is None:
        cls = _original_resolve_by_type(type_name, default)
        if cls is not None and getattr(cls, "type_name", None) == type_name:
            _event_classes[type_name] = cls
    return cls


def _new_session(endpoint: EndpointConfig) -> aiohttp.ClientSession:
    """Rasa's own ``EndpointConfig.session`` with a connector that drops idle connections early."""
    auth = None
    if endpoint.basic_auth:
        auth = aiohttp.BasicAuth(endpoint.basic_auth["username"], endpoint.basic_auth["password"])
    return aiohttp.ClientSession(
        headers=endpoint.headers,
        auth=auth,
        timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT),
        connector=aiohttp.TCPConnector(keepalive_timeout=CLIENT_KEEPALIVE_S),
    )


class _KeptSession:
    """``async with endpoint.session() as session`` without closing the kept session."""

    def __init__(self, session: Any) -> None:
        self.session = session

    async def __aenter__(self) -> Any:
        return self.session

    async def __aexit__(self, *_exc: object) -> bool:
        return False


def _kept_session(self: EndpointConfig) -> _KeptSession:
    loop = asyncio.get_running_loop()
    sessions = self.__dict__.setdefault("_kept_sessions", {})
    session = sessions.get(id(loop))
    if session is None or session.closed:
        session = sessions[id(loop)] = _new_session(self)
    return _KeptSession(session)


def patch() -> None:
    rasa_action.RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    EndpointConfig.session = _kept_session


def main() -> None:
    from rasa.__main__ import main as rasa_main

    patch()
    rasa_main()


if __name__ == "__main__":
    main()
