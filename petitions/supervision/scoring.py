"""Department scoring (百分制考核): a week's figures as a score out of 100 and a grade, in one rule.

``score(figures, scheme)``, with the rates and hours as the weekly report shows them (one decimal)::

    on-time points      = on_time_weight      × on-time rate ÷ 100
    completion points   = completion_weight   × completion rate ÷ 100
    satisfaction points = satisfaction_weight × satisfaction rate ÷ 100
    response points     = response_weight                                      if hours ≤ full_hours
                        = response_weight × (zero_hours − hours) ÷ (zero_hours − full_hours)  in between
                        = 0                                                    if hours ≥ zero_hours
    deductions          = returned × return_deduction + supervised × supervised_deduction
                        + supervision letters × supervision_letter_deduction   (督办函 issued in the week)
                        + interviews × interview_deduction                     (约谈 recorded in the week)
                        + late responses × late_response_deduction             (letters due in the week whose
                                                                                first response was late or is missing)
    score               = max(0, sum of the four points − deductions), to one decimal

A figure with no case in the week (no petition due, dispatched, rated or answered) gives its full points:
nothing was late, unfinished or unsatisfying. A department with none of the four figures and nothing to
deduct has no score ("—"). Grades: A from ``grade_a`` points, B from ``grade_b``, C from ``grade_c``,
D below. ``scheme`` is ``ScoringScheme.as_dict()``, as each weekly report freezes it.

The weekly ranking follows the score (``RANKING_RULE``, ``ranking_key``): highest score first; equal scores
by on-time rate, then by received count (受理总量), then by name. So a department is never ranked below
one with a lower score. Only departments the week gave something to judge are ranked (``is_ranked``: at
least one of the three rates has a case); a department with nothing due, finished or rated would otherwise
lead with full points, so it is listed after the ranked ones, by name, without a rank.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

RATE_WEIGHTS = {
    "on_time_rate": "on_time_weight",
    "completion_rate": "completion_weight",
    "satisfaction_rate": "satisfaction_weight",
}

#: the accountability figures (``supervision.accountability.figures``) and the weight deducted for each
ACCOUNTABILITY_WEIGHTS = {
    "supervision_letters": "supervision_letter_deduction",
    "interviews": "interview_deduction",
    "late_responses": "late_response_deduction",
}

RANKING_RULE = gettext_lazy(
    "排名规则：按考核得分从高到低；得分相同的，按期办结率高的在前；仍相同的，受理总量多的在前；"
    "再相同的按单位名称排列。本周没有应办结、已办结或已评价诉求的单位不参与排名，列在最后。"
)


def _value(figures, name):
    return figures.get(name) if isinstance(figures, dict) else getattr(figures, name, None)


def response_points(hours, scheme):
    weight = scheme["response_weight"]
    full, zero = scheme["response_full_hours"], scheme["response_zero_hours"]
    if hours is None or hours <= full:
        return weight
    if hours >= zero:
        return 0.0
    return weight * (zero - hours) / (zero - full)


def score(figures, scheme):
    """The score out of 100 of one department's ``figures`` (a ``stats.Figures`` or a report row)."""
    rates = {name: _value(figures, name) for name in RATE_WEIGHTS}
    hours = _value(figures, "average_response_hours")
    returned = _value(figures, "returned") or 0
    supervised = _value(figures, "supervised") or 0
    letters = {name: _value(figures, name) or 0 for name in ACCOUNTABILITY_WEIGHTS}
    nothing = not returned and not supervised and not any(letters.values())
    if all(value is None for value in rates.values()) and hours is None and nothing:
        return None
    points = sum(
        scheme[weight] * (100.0 if rates[name] is None else rates[name]) / 100
        for name, weight in RATE_WEIGHTS.items()
    )
    points += response_points(hours, scheme)
    points -= returned * scheme["return_deduction"] + supervised * scheme["supervised_deduction"]
    # a report frozen before the accountability weights existed has none: nothing deducted
    points -= sum(count * scheme.get(ACCOUNTABILITY_WEIGHTS[name], 0) for name, count in letters.items())
    return round(max(0.0, points), 1)


def is_ranked(row):
    """Whether the week gave the department something to judge: a score and at least one rate with a case."""
    return _value(row, "score") is not None and any(_value(row, name) is not None for name in RATE_WEIGHTS)


def ranking_key(row):
    """The sort key of one report row (``score``, the rates, ``received``, ``name``) under
    ``RANKING_RULE``: sort ascending for best first; the unranked after, by name."""
    if not is_ranked(row):
        return (True, 0, True, 0, 0, _value(row, "name") or "")
    score, on_time = _value(row, "score"), _value(row, "on_time_rate")
    return (
        False,
        -score,
        on_time is None,
        -(on_time or 0),
        -(_value(row, "received") or 0),
        _value(row, "name") or "",
    )


def grade(value, scheme):
    """A, B, C or D for a score; "" when there is no score."""
    if value is None:
        return ""
    for letter, floor in (("A", scheme["grade_a"]), ("B", scheme["grade_b"]), ("C", scheme["grade_c"])):
        if value >= floor:
            return letter
    return "D"


def describe(scheme):
    """The scheme in words, with its numbers, for the report page."""

    def number(name):
        return f"{scheme[name]:g}"

    return [
        _(
            "按期办结率 %(on_time)s 分、办结率 %(completion)s 分、满意率 %(satisfaction)s 分：各按比率折算"
            "（如办结率 90%% 得 %(completion)s × 90%% 分）；本周无相应诉求的项目得满分。"
        )
        % {
            "on_time": number("on_time_weight"),
            "completion": number("completion_weight"),
            "satisfaction": number("satisfaction_weight"),
        },
        _(
            "平均首次答复用时 %(weight)s 分：不超过 %(full)s 小时得满分，达到 %(zero)s 小时得 0 分，其间按比例计分。"
        )
        % {
            "weight": number("response_weight"),
            "full": number("response_full_hours"),
            "zero": number("response_zero_hours"),
        },
        _("扣分：每退回一件扣 %(returned)s 分，每督办一件扣 %(supervised)s 分；最低 0 分。")
        % {"returned": number("return_deduction"), "supervised": number("supervised_deduction")},
        *(
            [
                _(
                    "问责扣分：每份督办函扣 %(letter)s 分，每次约谈扣 %(interview)s 分，"
                    "本周到期的函件逾期回复或未回复的每份扣 %(late)s 分。"
                )
                % {
                    "letter": number("supervision_letter_deduction"),
                    "interview": number("interview_deduction"),
                    "late": number("late_response_deduction"),
                }
            ]
            if "supervision_letter_deduction" in scheme
            else []
        ),
        _("等级：%(a)s 分及以上为 A，%(b)s 分及以上为 B，%(c)s 分及以上为 C，其余为 D。")
        % {"a": number("grade_a"), "b": number("grade_b"), "c": number("grade_c")},
    ]
