"""Schemathesis hooks for scripts/api-fuzz.sh."""

import re
import uuid

import schemathesis

VALID_KEY = re.compile(r"^[!-~]{1,255}$")


@schemathesis.hook
def before_call(context, case, kwargs):
    # An Idempotency-Key names one request: the same key with another body is the client's
    # mistake (422 idempotency.key_reused). Generated keys repeat ("0", "a") across different
    # bodies, so a valid one is made unique; an invalid one stays, for the server to refuse.
    headers = case.headers or {}
    for name, value in list(headers.items()):
        if name.lower() == "idempotency-key" and isinstance(value, str) and VALID_KEY.match(value):
            headers[name] = value[:200] + "-" + uuid.uuid4().hex
