"""Hot topics (热点诉求): what residents write about more this week than in the weeks before.

The rule, in three steps:

1. **Keywords, once per petition.** ``extract`` cuts the petition's title and content with jieba's TF-IDF
   keyword extraction (``jieba.analyse.extract_tags``) after masking personal data and taking the
   address out, and keeps at most ``KEYWORDS_PER_PETITION`` words that say what the petition is about:
   no petition boilerplate (``STOP_WORDS``: 问题, 希望, 请问, 小区 …), no numbers or amounts of time
   (三四天, 十一点), nothing shorter than two characters. The address gives the petition's **place**
   (the address up to its house number, or without 旁/门口/附近). Both are stored as
   ``PetitionKeyword`` rows when the petition is saved with a new text (after the commit, as a Django
   Task) and by the ``petition_keywords`` command for the existing ones.
2. **A week's counts.** For a week — the last seven days, as the board's 本周热点 counts them, or the
   Monday-to-Sunday week of a chosen day — and the ``PREVIOUS_WEEKS`` weeks before it, one aggregate
   query counts the petitions per word: ``count`` (this week) and ``previous`` (the weeks before, all
   together); ``average = previous / PREVIOUS_WEEKS``.
3. **Rising.** ``change = count − average``; a word is rising when ``count ≥ MIN_COUNT`` and
   ``change > 0``. Rising words are ranked by ``change``, then by ``count``. The topics (领域) of the
   petitions are counted and ranked the same way.

The scope can be one department with its sub-units (the handling department of the petition), or one
street or town: petitions handled by it or its sub-units, or whose address names it (清香坪街道 →
an address containing 清香坪).

The public block "本周热点" on the board counts only petitions on the board (public and past moderation)
submitted in the last seven days, most mentioned first, and is cached for ``PUBLIC_CACHE_SECONDS``.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.signals import post_init, post_save
from django.dispatch import receiver
from django.utils import timezone
from django_tasks import task

from rongmei.masking import mask_personal_data
from rongmei.search.text import _jieba, normalize

from ..models import Department, Petition, PetitionKeyword, Topic
from .stats import Period

KEYWORDS_PER_PETITION = 8
PREVIOUS_WEEKS = 4
MIN_COUNT = 2
PUBLIC_LIMIT = 8
PUBLIC_DAYS = 7
PUBLIC_CACHE_SECONDS = 600
PUBLIC_CACHE_KEY = "petitions:hot-words"
WORD_MAX_LENGTH = 40

#: Words every petition may use whatever it is about: asking, hoping, thanking, time, quantity, people.
_STOP_TEXT = """
    问题 希望 请问 请求 麻烦 谢谢 感谢 您好 你好 领导 相关 部门 有关 单位 政府 反映 反应 投诉 建议 咨询 求助
    解决 处理 落实 尽快 及时 马上 赶紧 帮忙 帮助 帮帮 一下 一直 已经 还是 还有 没有 没人 不能 不会 可以 能否
    是否 怎么 怎么办 为什么 什么 哪些 哪里 如何 这个 那个 这些 那些 这样 那样 这里 那里 这边 那边 我们 你们
    他们 她们 大家 自己 本人 居民 群众 市民 网友 业主 住户 家里 情况 现象 事情 时间 时候 现在 目前 今天 明天
    昨天 今年 去年 每天 每次 经常 总是 多次 很多 非常 特别 严重 根本 真的 实在 觉得 知道 听说 需要 应该 必须
    是不是 有没有 能不能 小区 社区 附近 旁边 周边 门口 这段 一段 路段 地方 区域 位置 早上 晚上 上午 下午 中午
    夜间 半夜 凌晨 以后 之前 以来 左右 一个 一些 几个 好几 不了 出来 起来 过去 进行 存在 影响 造成 导致 要求
    到处 或者 最近 具体 内容 包括 开始 直接 我家 准备 留下 检查一下 出门 只有 一点 有点 不少
"""
STOP_WORDS = set(_STOP_TEXT.split())

#: Words of petitions that jieba's dictionary does not know as one word.
PETITION_WORDS = ["老旧小区", "占道经营", "高龄津贴", "流动摊贩", "乱停车", "消防隐患", "公交站", "夜间施工"]

_NUMBER = re.compile(
    r"^[\d０-９.]+|^[零〇一二三四五六七八九十百千万两几半多]+"
    r"(个|点|天|年|月|日|号|次|位|栋|楼|层|岁|元|块|分钟|分|秒|周|小时)*$"
)
_HAN_OR_LETTER = re.compile(r"[^\W\d_]")
_PLACE_END = re.compile(r"\d|[０-９]|号楼|栋|单元")
_PLACE_TAIL = re.compile(r"(旁边|旁|门口|附近|对面|周边|一带|路口)+$")


def _extractor():
    jieba = _jieba()
    if not getattr(jieba, "_petition_words_added", False):
        for word in PETITION_WORDS:
            jieba.add_word(word)
        jieba._petition_words_added = True
    import jieba.analyse  # lazily, like jieba itself (rongmei.search.text._jieba): slow to load

    return jieba.analyse


def warm_up():
    """Load jieba, its dictionary and the keyword extractor now (several seconds), so that a server's first
    post does not wait for them: ``rongmei.wsgi`` calls this in a thread when a server process starts."""
    _extractor().extract_tags("小区路灯不亮", topK=1)


def is_keyword(word):
    return (
        2 <= len(word) <= WORD_MAX_LENGTH
        and word not in STOP_WORDS
        and "*" not in word
        and not _NUMBER.match(word)
        and bool(_HAN_OR_LETTER.search(word))
    )


def place_of(address):
    """The place an address names, without house numbers or 旁/门口: 西区人民医院门口 → 西区人民医院."""
    text = normalize(mask_personal_data(address or "")).strip()
    match = _PLACE_END.search(text)
    if match:
        text = text[: match.start()]
    text = _PLACE_TAIL.sub("", text.strip(" ,，.。"))
    return text[:WORD_MAX_LENGTH] if len(text) >= 2 else ""


def extract(title, content, address=""):
    """``(keywords, places)`` of a petition's text: the words it is about, and where."""
    text = normalize(mask_personal_data(f"{title}\n{content}"))
    place = place_of(address)
    address_text = normalize(address or "")
    for part in {address_text, place} - {""}:
        text = text.replace(part, " ")  # the place is a place, not a keyword
    tags = _extractor().extract_tags(text, topK=KEYWORDS_PER_PETITION * 3)
    keywords = [word for word in tags if is_keyword(word)][:KEYWORDS_PER_PETITION]
    return keywords, [place] if place else []


def refresh(petitions):
    """Rewrite the keyword rows of ``petitions`` (saved ones) from their current text."""
    petitions = list(petitions)
    rows = []
    cached = {}
    for petition in petitions:
        # many petitions share a text (the demo's, a campaign's copies): extract each text once
        key = (petition.title, petition.content, petition.address)
        if key not in cached:
            cached[key] = extract(*key)
        keywords, places = cached[key]
        for kind, words in ((PetitionKeyword.Kind.WORD, keywords), (PetitionKeyword.Kind.PLACE, places)):
            rows += [
                PetitionKeyword(
                    petition_id=petition.pk, kind=kind, word=word, submitted_at=petition.submitted_at
                )
                for word in words
            ]
    with transaction.atomic():
        PetitionKeyword.objects.filter(petition_id__in=[petition.pk for petition in petitions]).delete()
        PetitionKeyword.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


@task()
def refresh_petition(pk):
    petition = (
        Petition.objects.filter(pk=pk).only("pk", "title", "content", "address", "submitted_at").first()
    )
    return refresh([petition]) if petition is not None else 0


TEXT_FIELDS = ("title", "content", "address")


@receiver(post_init, sender="petitions.Petition")
def _remember_text(sender, instance, **kwargs):
    instance._keyword_text = tuple(instance.__dict__.get(name) for name in TEXT_FIELDS)


@receiver(post_save, sender="petitions.Petition")
def _text_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """A new petition or a changed text gets its keywords after the commit (workflow saves keep them)."""
    if raw:
        return
    text = tuple(instance.__dict__.get(name) for name in TEXT_FIELDS)
    if not created and text == getattr(instance, "_keyword_text", None):
        return
    if update_fields is not None and not set(update_fields) & set(TEXT_FIELDS) and not created:
        return
    instance._keyword_text = text
    pk = instance.pk
    transaction.on_commit(lambda: refresh_petition.enqueue(pk))


# --- scope ----------------------------------------------------------------------------------------


def street_choices():
    return Department.objects.active().filter(kind__in=[Department.Kind.STREET, Department.Kind.TOWN])


def street_core(name):
    """清香坪街道 → 清香坪, 格里坪镇 → 格里坪: what an address says of a street or town."""
    core = re.sub(r"(街道办事处|街道|镇人民政府|镇|乡)$", "", name)
    return core if len(core) >= 2 else name


def scope(*, department=None, street=None, public=False, prefix=""):
    """A ``Q`` on petitions (through ``prefix``, e.g. ``petition__``) for the chosen department or street."""
    condition = Q()
    if department is not None:
        condition &= Q(**{f"{prefix}department_id__in": department.descendant_ids()})
    if street is not None:
        condition &= Q(**{f"{prefix}department_id__in": street.descendant_ids()}) | Q(
            **{f"{prefix}address__contains": street_core(street.name)}
        )
    if public:
        condition &= Q(**{f"{prefix}on_board": True})
    return condition


# --- the week's analysis -------------------------------------------------------------------------------


@dataclass
class HotTopic:
    """One word (or topic) of the week: its count, the previous weeks' average and the change."""

    word: str
    count: int
    previous: int
    key: object = None

    @property
    def average(self):
        return round(self.previous / PREVIOUS_WEEKS, 1)

    @property
    def change(self):
        return round(self.count - self.previous / PREVIOUS_WEEKS, 1)

    @property
    def change_percent(self):
        if not self.previous:
            return None
        return round(100 * (self.count - self.average) / self.average, 0)

    @property
    def is_rising(self):
        return self.count >= MIN_COUNT and self.change > 0


def weeks(day=None):
    """``(this week, the PREVIOUS_WEEKS weeks before it)`` as periods: the Monday-to-Sunday week that
    contains ``day``, or without a day the last seven days up to today, the board's 本周 (so that on a
    Monday this week is not one day long)."""
    if day is None:
        today = timezone.localdate()
        week = Period.days(today - datetime.timedelta(days=PUBLIC_DAYS - 1), today)
    else:
        week = Period.week(day)
    before = Period(week.start - datetime.timedelta(weeks=PREVIOUS_WEEKS), week.start)
    return week, before


def _ranked(rows, limit):
    rising = [row for row in rows if row.is_rising]
    rising.sort(key=lambda row: (-row.change, -row.count, row.word))
    return rising[:limit]


def rising_words(day=None, *, kind=PetitionKeyword.Kind.WORD, limit=20, **scope_options):
    """The rising keywords (or places) of the week of ``day`` (``weeks``): one aggregate query."""
    week, before = weeks(day)
    rows = (
        PetitionKeyword.objects.filter(
            scope(prefix="petition__", **scope_options),
            kind=kind,
            submitted_at__gte=before.start,
            submitted_at__lt=week.end,
        )
        .values("word")
        .annotate(
            count=Count("pk", filter=Q(submitted_at__gte=week.start)),
            previous=Count("pk", filter=Q(submitted_at__lt=week.start)),
        )
        .filter(count__gte=MIN_COUNT)
    )
    return _ranked([HotTopic(row["word"], row["count"], row["previous"]) for row in rows], limit)


def rising_topics(day=None, *, limit=20, **scope_options):
    """The topics (领域) of the week of ``day`` (``weeks``) that had more petitions than before: one query."""
    week, before = weeks(day)
    rows = (
        Petition.objects.filter(
            scope(**scope_options), submitted_at__gte=before.start, submitted_at__lt=week.end
        )
        .order_by()
        .values("topic_id")
        .annotate(
            count=Count("pk", filter=Q(submitted_at__gte=week.start)),
            previous=Count("pk", filter=Q(submitted_at__lt=week.start)),
        )
    )
    names = dict(Topic.objects.values_list("pk", "name"))
    return _ranked(
        [
            HotTopic(names.get(row["topic_id"], "—"), row["count"], row["previous"], row["topic_id"])
            for row in rows
        ],
        limit,
    )


def petitions_of(word, day=None, *, kind=PetitionKeyword.Kind.WORD, **scope_options):
    """The petitions behind one word of the week of ``day`` (``weeks``), newest first."""
    week, _before = weeks(day)
    return (
        Petition.objects.filter(
            scope(**scope_options),
            keywords__kind=kind,
            keywords__word=word,
            submitted_at__gte=week.start,
            submitted_at__lt=week.end,
        )
        .select_related("topic", "department")
        .order_by("-submitted_at", "-pk")
        .distinct()
    )


def public_hot_words(now=None):
    """本周热点: the most mentioned keywords of public petitions of the last seven days, cached.

    ``[(word, count)]``, at most ``PUBLIC_LIMIT``; only petitions on the board count, and keywords come
    from text with personal data masked.
    """
    if now is None:
        found = cache.get(PUBLIC_CACHE_KEY)
        if found is not None:
            return found
    moment = now or timezone.now()
    rows = (
        PetitionKeyword.objects.filter(
            kind=PetitionKeyword.Kind.WORD,
            petition__on_board=True,
            submitted_at__gte=moment - datetime.timedelta(days=PUBLIC_DAYS),
            submitted_at__lte=moment,
        )
        .values("word")
        .annotate(count=Count("pk"))
        .filter(count__gte=MIN_COUNT)
        .order_by("-count", "word")[:PUBLIC_LIMIT]
    )
    found = [(row["word"], row["count"]) for row in rows]
    if now is None:
        cache.set(PUBLIC_CACHE_KEY, found, PUBLIC_CACHE_SECONDS)
    return found
