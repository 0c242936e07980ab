"""Who may change a department channel, and the review its posts go through.

The staff of a department (and of the units above it: the rule ``petitions.models.handles``) may add
and edit pages in its channel subtree, and nowhere else; they may not publish. Posts are published through the workflow attached to the department index page,
whose one task, 融媒体中心审核, is approved by the media centre's Editors and Reviewers
(``rongmei.roles``).
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from petitions.models import Department, handling_group_ids
from rongmei.roles import EDITORS, REVIEW_TASK_NAME, grant_department_staff, review_task_groups

CHANNEL_PERMISSIONS = ("add_page", "change_page")
REVIEW_WORKFLOW_NAME = "西区号发布审核"


def grant_channel_permissions(channel):
    """Give the groups that act for the channel's department (``petitions.models.handles``: its own staff
    and those of the units above it) add and edit, not publish, rights on the channel subtree."""
    group_ids = handling_group_ids(channel.department) if channel.department_id else []
    # A channel moved to another department stops being editable by the units that no longer act for it.
    GroupPagePermission.objects.filter(page=channel, group__department__isnull=False).exclude(
        group_id__in=group_ids
    ).delete()
    page_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=CHANNEL_PERMISSIONS
    )
    for group in Group.objects.filter(pk__in=group_ids):
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=channel, permission=permission)
    # sign in to the admin, add and choose pictures and files for their posts
    grant_department_staff(Department.objects.filter(group_id__in=group_ids).select_related("group"))


def review_workflow():
    """The workflow with its one task 融媒体中心审核, approved by the editors; created on first use."""
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW_NAME, defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.filter(name=REVIEW_TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=REVIEW_TASK_NAME)
            task.groups.set(review_task_groups())
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def grant_reviewers_publishing(page):
    """The media centre's editors may publish in this subtree (Wagtail's Editors may only add and edit)."""
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
        GroupPagePermission.objects.get_or_create(group=editors, page=page, permission=publish)


def ensure_review_workflow(index_page):
    """Attach the review workflow to the department index, so every channel post goes through it.

    Approving publishes (Wagtail publishes the approved revision itself, so Reviewers need no page
    rights); the Editors may also publish in this subtree directly (Wagtail's own Editors group may add
    and edit everywhere but publish nowhere by default).
    """
    if not WorkflowPage.objects.filter(page=index_page).exists():
        WorkflowPage.objects.create(page=index_page, workflow=review_workflow())
    grant_reviewers_publishing(index_page)
