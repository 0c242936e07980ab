"""What the tests do the way a person does it."""

import re

NUMERALS = "零一二三四五六七八九十"


def solve_captcha(question):
    """The answer to a captcha question as a person reads it — "七 加 五 等于几？" or "What is 7 plus 5?" —
    the two numbers added, as the string one types."""
    first, second = re.findall(rf"\d+|[{NUMERALS}]", question)[:2]
    return str(sum(int(n) if n.isdigit() else NUMERALS.index(n) for n in (first, second)))
