"""Start the Rasa server (`python -m bot.rasa_server run ...`, same arguments as `rasa`) with one
measured fix for Rasa Open Source 3.6 (figures in docs/benchmarks.md).

Rasa checks every action-server reply against a JSON schema with ``jsonschema.validate``, which
first re-validates the (constant) schema itself against the JSON-Schema meta-schema. A profile of
the running server (py-spy, see docs/benchmarks.md) showed about half of each turn's time in that
call. Here the validator is built and the schema checked once; every reply is still validated in
full, with the same error message on failure.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jsonschema
from rasa.core.actions import action as rasa_action
from rasa.shared.constants import DOCS_BASE_URL


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


def patch() -> None:
    rasa_action.RemoteAction._validate_action_result = _validate_action_result


def main() -> None:
    from rasa.__main__ import main as rasa_main

    patch()
    rasa_main()


if __name__ == "__main__":
    main()
