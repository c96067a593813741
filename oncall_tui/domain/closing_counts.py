"""Numbers in a customer's message read as what they say about the outcome.

"2 of 2 jobs green" is all of them, "13 of 14 back" is not; "0 errors" and "0.00%" are none;
"100%" is fully; "reran all 48 jobs, 48 passed" names every one of a count twice; a 2xx status
returned is success ("returning 200 again"); "5xx", "502s" and "404" are errors. Everything else
stays a number, which no closing phrase takes unless it settles something.
"""

from __future__ import annotations

import re

# "2 of 2 jobs green" is all of them, "13 of 14 back" is not; "0 errors" is none; "100%" is fully.
_COUNTS = re.compile(
    r"(?<![\w.])(\d+)\s*(?:of|/)\s*(\d+)(?![\w.])|(?<![\w.])(0(?:[.,]0+)?%?|100%)(?![\w.%])"
)
# "all 48 jobs" is all of them; "48 jobs, 48 passed" is every one of a count named before.
_ALL_COUNT = re.compile(
    r"\ball (?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?![\w.,%])"
)
_WHOLE_NUMBER = re.compile(r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\w.,%])")
# A 2xx status returned is success: "both endpoints returning 200 again".
_SUCCESS_STATUS = re.compile(
    r"\b(return\w*|respond\w* with|getting|get|got)\s+(?:http\s*)?2\d\d(?:\s*ok)?(?![\w.%])"
)
_PASSED_NONE_FAILED = re.compile(
    r"(?<![\w.])\d+ (passed|succeeded|ok|delivered|processed|imported|synced)\b"
    r"(?=,? (?:and )?0 (?:failed|failures|errors?|rejected)\b)"
)
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_ERROR_STATUS = re.compile(r"(?<![\w.,])[45](?:xx|\d\d)s?(?![\w.,%])")


def _count_word(match: re.Match[str]) -> str:
    if match[3] is not None:
        return " zero " if match[3].startswith("0") else " fully "
    return " all " if match[1] == match[2] and match[1] != "0" else " \x02 "


def counted(text: str) -> str:
    """Counts read as words: "2 of 2" all, "13 of 14" not all, "0" zero, a number named a second
    time every one of them, "returning 200" ok, "5xx" or "502s" errors."""
    seen: set[str] = set()

    def again(match: re.Match[str]) -> str:
        number = match.group()
        if number in seen and number != "0":
            return "all"
        seen.add(number)
        return number

    text = _THOUSANDS.sub("", text)  # "3,201" is one number
    text = _CLOCK.sub(r"\1\2", text)  # "10:00" is one time
    text = _PASSED_NONE_FAILED.sub(r"all \1", text)  # "143 passed, 0 failed"
    text = _SUCCESS_STATUS.sub(r"\1 ok", _COUNTS.sub(_count_word, text))
    text = _ALL_COUNT.sub("all", _WHOLE_NUMBER.sub(again, text))
    return _ERROR_STATUS.sub("errors", text)
