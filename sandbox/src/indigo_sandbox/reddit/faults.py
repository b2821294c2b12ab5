"""How Reddit answers when it is overloaded or failing (for :mod:`indigo_sandbox.faults`).

Its 429 is an HTML page, not JSON (recorded in ``prawcore``'s cassettes), with ``retry-after``.
"""

from __future__ import annotations

from aiohttp import web

TOO_MANY_REQUESTS_PAGE = """
<!doctype html>
<html>
  <head>
    <title>Too Many Requests</title>
    <style>
      body {{
          font: small verdana, arial, helvetica, sans-serif;
          width: 600px;
          margin: 0 auto;
      }}

      h1 {{
          height: 40px;
          background: transparent url(//www.redditstatic.com/reddit.com.header.png)
            no-repeat scroll top right;
      }}
    </style>
  </head>
  <body>
    <h1>whoa there, pardner!</h1>



<p>we're sorry, but you appear to be a bot and we've seen too many requests
from you lately. we enforce a hard speed limit on requests that appear to come
from bots to prevent abuse.</p>

<p>if you are not a bot but are spoofing one via your browser's user agent
string: please change your user agent string to avoid seeing this message
again.</p>

<p>please wait {seconds} second(s) and try again.</p>

    <p>as a reminder to developers, we recommend that clients make no
    more than <a href="http://github.com/reddit/reddit/wiki/API">one
    request every two seconds</a> to avoid seeing this message.</p>
  </body>
</html>
"""


def too_many_requests(retry_after: int, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        status=429,
        text=TOO_MANY_REQUESTS_PAGE.format(seconds=retry_after),
        content_type="text/html",
        charset="UTF-8",
        headers={"retry-after": str(retry_after), **(headers or {})},
    )


def reddit_error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    """``{"message": "Not Found", "error": 404}``: the JSON error body of Reddit's API."""
    return web.json_response({"message": message, "error": status}, status=status, headers=headers)


class RedditFaultResponses:
    def rate_limited(self, endpoint: str, retry_after: int) -> web.Response:
        return too_many_requests(retry_after)

    def server_error(self, endpoint: str) -> web.Response:
        return reddit_error(500, "Internal Server Error")
