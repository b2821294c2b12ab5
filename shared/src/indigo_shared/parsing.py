"""What every platform parser shares."""


class NotAResponse(ValueError):
    """The input is not a response body of the expected API; the message says why, in one line."""
