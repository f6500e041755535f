from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.pseudonym import (
    SECRET_ENV_VAR,
    pseudonymise,
    random_run_key,
    region_secret,
    secret_fingerprint,
    worker_key_function,
)


def test_is_hmac_sha256_of_the_upper_cased_trimmed_number():
    expected = hmac.new(b"s", b"SW123456", hashlib.sha256).hexdigest()
    assert pseudonymise("  sw123456\n", b"s") == expected


def test_different_secrets_give_different_keys():
    assert pseudonymise("SW1", b"a") != pseudonymise("SW1", b"b")


def test_empty_secret_is_refused():
    with pytest.raises(ValueError, match="must not be empty"):
        pseudonymise("SW1", b"")


def test_secret_from_environment():
    assert region_secret({SECRET_ENV_VAR: "region-key"}) == (b"region-key", True)


def test_random_key_when_absent_or_blank():
    for environ in ({}, {SECRET_ENV_VAR: "  "}):
        secret, from_env = region_secret(environ)
        assert not from_env and len(secret) == 32
    assert random_run_key() != random_run_key()


@given(st.from_regex(r"SW[0-9]{4,12}", fullmatch=True))
def test_key_is_hex_and_does_not_contain_the_number(swe):
    key = pseudonymise(swe, b"k")
    assert len(key) == 64 and int(key, 16) >= 0
    assert swe[2:] not in key or len(swe[2:]) < 6


@given(st.from_regex(r"\s?[Ss][Ww][0-9]{4,12}\s?", fullmatch=True), st.binary(min_size=1, max_size=40))
def test_the_key_function_is_pseudonymise_under_its_secret(swe, secret):
    key = worker_key_function(secret)
    assert key(swe) == pseudonymise(swe, secret) == key(swe)


def test_the_key_function_needs_a_secret():
    with pytest.raises(ValueError, match="must not be empty"):
        worker_key_function(b"")


@given(st.binary(min_size=1, max_size=40), st.binary(min_size=1, max_size=40))
def test_the_fingerprint_tells_secrets_apart_and_is_no_key(first, second):
    assert secret_fingerprint(first) == secret_fingerprint(first)
    assert len(secret_fingerprint(first)) == 16
    if first != second:
        assert secret_fingerprint(first) != secret_fingerprint(second)
