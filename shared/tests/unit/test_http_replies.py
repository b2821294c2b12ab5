"""A marketplace reply read whole: what the eBay and Etsy clients build their errors from."""

from __future__ import annotations

import pytest
from indigo_shared.http_replies import HttpReply


class Unexpected(Exception):
    pass


def test_a_json_object_body_is_returned():
    assert HttpReply(200, b'{"total": 3}').json_object("eBay search", Unexpected) == {"total": 3}


@pytest.mark.parametrize("body", [b"<html>502 Bad Gateway</html>", b"[1, 2]", b"", b"null"])
def test_a_body_that_is_no_json_object_raises_the_callers_error_naming_the_call(body):
    with pytest.raises(Unexpected, match=r"^Etsy GET /v3/x: HTTP 200 body is not a JSON object$"):
        HttpReply(200, body).json_object("Etsy GET /v3/x", Unexpected)


def test_json_is_none_when_the_body_is_not_json():
    assert HttpReply(500, b"Internal Server Error").json() is None
    assert HttpReply(400, b'{"error": "bad"}').json() == {"error": "bad"}


def test_the_excerpt_is_the_bodys_start_as_text():
    assert HttpReply(503, b"  upstream timed out \n").excerpt() == "upstream timed out"
    assert HttpReply(500, b"x" * 5000).excerpt() == "x" * 200
    assert HttpReply(500, b"").excerpt() == "no error message"
    assert HttpReply(500, b"caf\xe9 closed").excerpt() == "caf\ufffd closed"
