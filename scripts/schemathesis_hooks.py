"""Schemathesis hooks for scripts/api-fuzz.sh: rules of the API that JSON Schema cannot state
(check digits, a list of common passwords, ids that must name a record) are met here by the
values of generated *valid* requests, so that the checks judge the rest. Invalid requests are
left as generated, for the server to refuse."""

import os
import random
import re
import uuid

import schemathesis
from schemathesis.generation import GenerationMode

VALID_KEY = re.compile(r"^[!-~]{1,255}$")
PASSWORD_FIELDS = {"password", "newPassword", "adminPassword"}


def cnpj():
    """A random numeric CNPJ with its check digits (Receita Federal's rule)."""
    digits = [random.randint(0, 9) for _ in range(12)]
    for length in (12, 13):
        weights = [2, 3, 4, 5, 6, 7, 8, 9]
        total = sum(d * weights[(length - 1 - i) % 8] for i, d in enumerate(digits[:length]))
        rest = total % 11
        digits.append(0 if rest < 2 else 11 - rest)
    return "".join(map(str, digits))


@schemathesis.hook
def before_call(context, case, kwargs):
    # An Idempotency-Key names one request: the same key with another body is the client's
    # mistake (422 idempotency.key_reused). Generated keys repeat ("0", "a") across bodies.
    headers = case.headers or {}
    for name, value in list(headers.items()):
        if name.lower() == "idempotency-key" and isinstance(value, str) and VALID_KEY.match(value):
            headers[name] = value[:200] + "-" + uuid.uuid4().hex
    meta = getattr(case, "_meta", None)
    if meta is None or meta.generation.mode != GenerationMode.POSITIVE or not isinstance(case.body, dict):
        return
    body = case.body
    for field in PASSWORD_FIELDS & body.keys():
        if isinstance(body[field], str):
            body[field] = "senha-" + uuid.uuid4().hex
    if isinstance(body.get("cnpj"), str) and body["cnpj"].strip():
        body["cnpj"] = cnpj()
    # The year of manufacture runs to next year and the model year is it or the next: a range
    # that moves every January and a rule between two fields.
    if isinstance(body.get("year"), int):
        body["year"] = 2020 + abs(body["year"]) % 6
        if isinstance(body.get("modelYear"), int):
            body["modelYear"] = body["year"] + abs(body["modelYear"]) % 2
    elif isinstance(body.get("modelYear"), int):
        del body["modelYear"]
    # The FIPE table's month runs from 2000 to next year.
    if isinstance(body.get("fipeReferenceMonth"), str) and body["fipeReferenceMonth"].strip():
        body["fipeReferenceMonth"] = "2025-%02d" % random.randint(1, 12)
    store = os.environ.get("INNEXAR_FUZZ_STORE_ID")
    if store and isinstance(body.get("storeId"), str):
        body["storeId"] = store
    if store and isinstance(body.get("storeIds"), list) and body["storeIds"]:
        body["storeIds"] = [store]
