"""Every staff group of the site and the permissions it holds, written once as data.

| group | who | may |
|---|---|---|
| ``Editors`` (融媒体中心编辑) | media-centre staff | moderate, dispatch and supervise petitions, keep topics, departments, the word list, the working-day calendar, API keys, the search synonyms and the pop-up notices (定时弹窗); take petitions up for the reporters; record return visits (回访); mark a petition as a duplicate of another (重复诉求); enter petitions for callers (热线登记); keep the duty roster (值班表), the points rules and passphrases (积分, 红包口令), the points mall's goods and flash sales (积分商城, 在线抢购), and verify every pick-up code (取货核销); moderate contest entries (评比) and send urgent notices by SMS (紧急通知短信); read the statistics, the ledger and the readership statistics (浏览统计); moderate merchant applications and classified ads |
| ``Moderators`` | moderators | moderate petitions and their messages, read the word list, moderate merchant applications, ads and contest entries (评比) |
| ``Reviewers`` (审核编辑) | media-centre staff who review department channels | sign in and approve or reject channel posts in the review task 融媒体中心审核 (with ``Editors``), nothing else |
| ``Supervisors`` (督查考评) | read-mostly staff | sign in to the admin, read the statistics and the ledger, record return visits (回访), mark duplicates (重复诉求), keep the duty roster (值班表), issue supervision and recommendation letters and record interviews (督办函, 建议函, 约谈) and read every department's |
| ``HotlineOperators`` (热线话务员) | 12345/12319 operators, letters-and-visits clerks | sign in to the admin and enter petitions on a caller's or letter writer's behalf (热线登记), nothing else |
| a department's staff group | one per ``Department`` | sign in, read the duty roster (值班表), add and choose pictures and files (page rights on the department's own channel come from ``newsroom.permissions``) |
| a merchant's group | one per approved ``MerchantPage`` | sign in and edit their own page; verify the pick-up codes of the goods they hand out (by membership, ``points.services.may_verify``) |

Wagtail's own migrations give ``Editors`` and ``Moderators`` their page and collection rights; this table
adds what the site's apps need. ``apply_roles`` is the one function that grants them (to the fixed groups,
every department's ``Department.group`` and every merchant's ``MerchantPage.group``) and never takes one away,
so a right an administrator granted by hand stays. Nobody holds ``view_petition_contacts`` by default:
an administrator grants it to named people.

Every function takes an ``apps`` registry, so a migration can run it on its historical models.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db.models import Q

EDITORS = "Editors"
MODERATORS = "Moderators"
REVIEWERS = "Reviewers"
SUPERVISORS = "Supervisors"
HOTLINE_OPERATORS = "HotlineOperators"

# The one task of the department channels' review workflow (``newsroom.permissions``) and who approves in it.
REVIEW_TASK_NAME = "融媒体中心审核"
REVIEW_TASK_GROUPS = (EDITORS, REVIEWERS)

ACCESS_ADMIN = "wagtailadmin.access_admin"
DISPATCH_PETITION = "petitions.dispatch_petition"
MODERATE_PETITION = "petitions.moderate_petition"
TAKE_UP_PETITION = "petitions.take_up_petition"
VIEW_STATISTICS = "petitions.view_statistics"
VIEW_PETITION_CONTACTS = "petitions.view_petition_contacts"
RECORD_RETURN_VISIT = "petitions.record_return_visit"
ENTER_HOTLINE_PETITION = "petitions.enter_hotline_petition"
MARK_DUPLICATE = "petitions.mark_duplicate_petition"
MANAGE_DUTY_ROSTER = "petitions.manage_duty_roster"
VIEW_DUTY_ROSTER = "petitions.view_dutyshift"
ISSUE_ACCOUNTABILITY_LETTER = "petitions.issue_accountability_letter"
MODERATE_CONTEST_ENTRY = "home.moderate_contestentry"
SEND_SMS_BROADCAST = "home.send_smsbroadcast"


def model_permissions(app_label, models, actions):
    """``app.action_model`` for every model and action, e.g. ``petitions.add_topic``."""
    return tuple(f"{app_label}.{action}_{model}" for model in models for action in actions)


MERCHANT_MODERATION = (
    *model_permissions("merchants", ["merchantapplication"], ["view", "change", "delete"]),
    *model_permissions("merchants", ["classifiedad"], ["view", "add", "change", "delete"]),
)
MESSAGE_EDITING = model_permissions("petitions", ["petitionmessage"], ["change", "view"])

GROUP_PERMISSIONS = {
    EDITORS: (
        MODERATE_PETITION,
        DISPATCH_PETITION,
        TAKE_UP_PETITION,
        VIEW_STATISTICS,
        RECORD_RETURN_VISIT,
        MARK_DUPLICATE,
        MANAGE_DUTY_ROSTER,
        VIEW_DUTY_ROSTER,
        ENTER_HOTLINE_PETITION,
        *model_permissions(
            "petitions", ["petition", "screenedword", "department", "topic"], ["add", "change", "view"]
        ),
        "petitions.delete_screenedword",
        *MESSAGE_EDITING,
        *model_permissions("petitions", ["calendarcorrection"], ["add", "change", "delete", "view"]),
        *model_permissions("petitions", ["apikey"], ["add", "change", "view"]),
        *MERCHANT_MODERATION,
        *model_permissions("rongmei", ["synonym"], ["add", "change", "delete", "view"]),
        *model_permissions("home", ["popupnotice"], ["add", "change", "delete", "view"]),
        MODERATE_CONTEST_ENTRY,
        SEND_SMS_BROADCAST,
        "newsroom.view_pageviewday",
        *model_permissions(
            "points", ["pointsrule", "passphrase", "goods", "flashsale"], ["add", "change", "delete", "view"]
        ),
        "points.view_order",
        "points.verify_pickup",
    ),
    MODERATORS: (
        MODERATE_PETITION,
        "petitions.change_petition",
        "petitions.view_petition",
        "petitions.view_screenedword",
        *MESSAGE_EDITING,
        *MERCHANT_MODERATION,
        MODERATE_CONTEST_ENTRY,
    ),
    REVIEWERS: (ACCESS_ADMIN,),
    SUPERVISORS: (
        ACCESS_ADMIN,
        VIEW_STATISTICS,
        RECORD_RETURN_VISIT,
        MARK_DUPLICATE,
        MANAGE_DUTY_ROSTER,
        VIEW_DUTY_ROSTER,
        ISSUE_ACCOUNTABILITY_LETTER,
    ),
    HOTLINE_OPERATORS: (ACCESS_ADMIN, ENTER_HOTLINE_PETITION),
}

DEPARTMENT_STAFF_PERMISSIONS = (ACCESS_ADMIN, VIEW_DUTY_ROSTER)
# Held on the root collection, so staff can illustrate their channel posts.
DEPARTMENT_STAFF_COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.choose_document",
)
MERCHANT_PERMISSIONS = (ACCESS_ADMIN,)


class UnknownPermission(LookupError):
    pass


def permissions(names, apps=global_apps):
    """The ``Permission`` rows for ``app_label.codename`` names; a name with no row is an error, not a skip."""
    Permission = apps.get_model("auth", "Permission")
    pairs = {tuple(name.split(".", 1)) for name in names}
    query = Q()
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(query).select_related("content_type")) if pairs else []
    missing = pairs - {(permission.content_type.app_label, permission.codename) for permission in found}
    missing = {pair for pair in missing if not _model_not_yet_created(apps, *pair)}
    if missing:
        raise UnknownPermission(", ".join(sorted(".".join(pair) for pair in missing)))
    return found


def _model_not_yet_created(apps, app_label, codename):
    """Whether ``codename`` is a permission the registry's models do not have yet: a model permission
    (``add_synonym``) of a model it lacks, or a custom one (``record_return_visit``) no model of the app
    declares yet — an early migration's state, before the migration that adds it (which applies the roles
    again)."""
    action, _sep, model_name = codename.partition("_")
    if action not in ("add", "change", "delete", "view"):
        if apps is global_apps:
            return False  # the running site declares every permission: a name without a row is an error
        try:
            models = apps.get_app_config(app_label).get_models()
        except LookupError:
            return True
        return not any(codename in dict(model._meta.permissions) for model in models)
    try:
        apps.get_model(app_label, model_name)
    except LookupError:
        return True
    return False


def create_app_permissions(apps=global_apps):
    """Make sure the permission rows of the site's apps exist.

    Django creates them after ``migrate`` has run every migration; a migration that grants them runs before.
    """
    for label in ("rongmei", "petitions", "merchants", "newsroom", "home", "points"):
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue  # a migration's state before the app had models (rongmei before 0003)
        # Historical app configs have no models module, and create_permissions skips those.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = models_module


def apply_roles(apps=global_apps, *, departments=None, merchants=None):
    """Create the site's groups and grant each group its permissions from the tables above; idempotent.

    The fixed groups (``GROUP_PERMISSIONS``) always; the staff group of every department and the group of
    every merchant page, or only of the ``departments`` and ``merchants`` given (a new department, a newly
    approved merchant). Historical models work too, so migrations, seeds, views and tests all call this.
    """
    create_app_permissions(apps)
    Group = apps.get_model("auth", "Group")
    for name, names in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions(names, apps))
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    for task in GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME):
        task.groups.add(*review_task_groups(apps))
    if departments is None:
        departments = apps.get_model("petitions", "Department").objects.all()
    grant_department_staff(departments, apps)
    if merchants is None:
        merchants = apps.get_model("merchants", "MerchantPage").objects.all()
    for page in merchants:
        if page.group_id:
            _grant_merchant(page.group, page, apps)


def review_task_groups(apps=global_apps):
    Group = apps.get_model("auth", "Group")
    return [Group.objects.get_or_create(name=name)[0] for name in REVIEW_TASK_GROUPS]


def grant_department_staff(departments, apps=global_apps):
    """The staff groups of ``departments``: sign in, add and choose pictures and files. The part of
    ``apply_roles`` a new department channel needs, without the fixed groups."""
    groups = [department.group for department in departments if department.group_id]
    if not groups:  # also a migration's state before the apps whose permissions these are
        return
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    staff_permissions = permissions(DEPARTMENT_STAFF_PERMISSIONS, apps)
    collection_permissions = permissions(DEPARTMENT_STAFF_COLLECTION_PERMISSIONS, apps)
    root = Collection.objects.filter(depth=1).first()
    for group in groups:
        group.permissions.add(*staff_permissions)
        if root is None:
            continue
        for permission in collection_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def _grant_merchant(group, page, apps):
    """A merchant's group: sign in and edit their own page, nothing else."""
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    group.permissions.add(*permissions(MERCHANT_PERMISSIONS, apps))
    GroupPagePermission.objects.get_or_create(
        group=group, page_id=page.pk, permission=permissions(["wagtailcore.change_page"], apps)[0]
    )
