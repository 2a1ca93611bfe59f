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

4. With the action endpoint ``inprocess://<package>`` (``KOKKA_ACTIONS_IN_PROCESS``, the default),
the custom actions run inside this process through rasa-sdk's own ``ActionExecutor``: Rasa builds
the same request, the executor runs the same action classes, and the reply goes through the same
validation and error handling (a rejection still lets the form's rules go on; an unknown action is
still an error). Only the HTTP round trip to a separate action server is gone.
"""

from __future__ import annotations

import asyncio
import json
import os
from functools import cache, lru_cache
from typing import Any

import aiohttp
import jsonschema
from rasa.core.actions import action as rasa_action
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

from bot.settings import CLIENT_KEEPALIVE_S, IN_PROCESS_ACTIONS_URL

IN_PROCESS_SCHEME = IN_PROCESS_ACTIONS_URL.split("://")[0] + "://"
_original_request = EndpointConfig.request

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


@cache
def _executor(package: str) -> Any:
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package(package)
    return executor


async def run_in_process(package: str, action_call: dict[str, Any]) -> dict[str, Any]:
    """Run one action call the way the action server would, without HTTP.

    The errors are those ``RemoteAction.run`` raises for the action server's 400 and 404 replies,
    and the reply goes through JSON like the server's, so both ways behave alike.
    """
    from rasa.shared.exceptions import RasaException
    from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

    name = action_call.get("next_action")
    try:
        response = await _executor(package).run(action_call)
    except ActionExecutionRejection as exc:
        raise rasa_action.ActionExecutionRejection(exc.action_name, exc.message) from exc
    except ActionNotFoundException as exc:
        raise RasaException(f"Failed to execute custom action '{name}': {exc.message}") from exc
    except Exception as exc:  # the action server would answer 500; Rasa logs it and goes on
        raise RasaException(f"Failed to execute custom action '{name}'") from exc
    return json.loads(json.dumps(response))


async def _request(self: EndpointConfig, method: str = "post", subpath: str | None = None,
                   content_type: str | None = "application/json", compress: bool = False, **kwargs: Any) -> Any:
    if self.url and self.url.startswith(IN_PROCESS_SCHEME):
        return await run_in_process(self.url[len(IN_PROCESS_SCHEME):].strip("/"), kwargs.get("json") or {})
    return await _original_request(self, method, subpath, content_type, compress, **kwargs)


def patch() -> None:
    rasa_action.RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
    EndpointConfig.session = _kept_session
    EndpointConfig.request = _request


def main() -> None:
    from rasa.__main__ import main as rasa_main

    patch()
    endpoint = os.environ.get("KOKKA_ACTION_ENDPOINT_URL", "")
    if endpoint.startswith(IN_PROCESS_SCHEME):
        _executor(endpoint[len(IN_PROCESS_SCHEME):].strip("/"))  # import the actions (and load the knowledge) now
    rasa_main()


if __name__ == "__main__":
    main()
