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


def renavam():
    """A random RENAVAM with its check digit (DETRAN's rule)."""
    digits = [random.randint(0, 9) for _ in range(10)]
    total = sum(d * w for d, w in zip(digits, [3, 2, 9, 8, 7, 6, 5, 4, 3, 2]))
    return "".join(map(str, digits)) + str(total * 10 % 11 % 10)


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
    if isinstance(body.get("renavam"), str) and body["renavam"].strip():
        body["renavam"] = renavam()
    # The year of manufacture runs to next year and the model year is it or the next: a range
    # that moves every January and a rule between two fields.
    if isinstance(body.get("year"), (int, float)):
        body["year"] = 2020 + int(abs(body["year"])) % 6
        if isinstance(body.get("modelYear"), (int, float)):
            body["modelYear"] = body["year"] + int(abs(body["modelYear"])) % 2
    elif isinstance(body.get("modelYear"), (int, float)):
        del body["modelYear"]
    # Business dates run from 1980 to today: a range that moves every day.
    if isinstance(body.get("enteredAt"), str):
        body["enteredAt"] = "2025-06-%02dT12:00:00Z" % random.randint(1, 28)
    if isinstance(body.get("spentOn"), str):
        body["spentOn"] = "2025-06-%02d" % random.randint(1, 28)
    # The FIPE table's month runs from 2000 to next year.
    if isinstance(body.get("fipeReferenceMonth"), str) and body["fipeReferenceMonth"].strip():
        body["fipeReferenceMonth"] = "2025-%02d" % random.randint(1, 12)
    # The lowest acceptable price is not above the asking price: a rule between two fields.
    price, minimum = body.get("priceCents"), body.get("minPriceCents")
    if isinstance(price, int) and isinstance(minimum, int) and minimum > price:
        body["priceCents"], body["minPriceCents"] = minimum, price
    # Image addresses are parsed as URLs (http or https with a host) or paths on the server.
    if isinstance(body.get("images"), list):
        body["images"] = ["https://fotos.example.com.br/%d.jpg" % i for i, _ in enumerate(body["images"])]
    store = os.environ.get("INNEXAR_FUZZ_STORE_ID")
    if store and isinstance(body.get("storeId"), str):
        body["storeId"] = store
    if store and isinstance(body.get("storeIds"), list) and body["storeIds"]:
        body["storeIds"] = [store]
