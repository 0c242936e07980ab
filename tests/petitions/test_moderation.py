"""Moderation in the Wagtail admin: the queue, accept / reject with a reason, edit for privacy, the log."""

from wagtail.models import ModelLogEntry

from petitions.factories import PetitionFactory, ScreenedWordFactory
from petitions.models import Petition
from petitions.workflow import Resident, perform


def test_editors_may_moderate_and_see_the_queue(editor_client, topic):
    ScreenedWordFactory(word="上访", action="hold")
    PetitionFactory(topic=topic, title="等待审核的路灯诉求", content="路灯坏了半年，再不修我们就去上访。")
    response = editor_client.get("/admin/petitions/moderation/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "等待审核的路灯诉求" in html and "<td>上访</td>" in html  # the screen's match, in its column


def test_a_department_account_cannot_open_the_queue(client, department_staff):
    from django.contrib.auth.models import Permission

    department_staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(department_staff)
    assert client.get("/admin/petitions/moderation/").status_code in (302, 403)
    petition = PetitionFactory(state="pending")
    client.post(f"/admin/petitions/moderation/petition/{petition.pk}/accept/")
    petition.refresh_from_db()
    assert petition.status == "pending"


def test_an_editor_accepts_from_the_queue_and_it_is_logged(editor_client, editor, topic):
    petition = PetitionFactory(topic=topic, state="pending")
    response = editor_client.post(f"/admin/petitions/moderation/petition/{petition.pk}/accept/")
    assert response.status_code == 302
    petition.refresh_from_db()
    assert petition.status == "accepted"
    assert (
        ModelLogEntry.objects.for_instance(petition).filter(action="petitions.accept", user=editor).exists()
    )


def test_an_editor_rejects_with_a_reason_and_the_resident_sees_it(editor_client, client, board, topic):
    petition = PetitionFactory(topic=topic, state="pending")
    editor_client.post(
        f"/admin/petitions/moderation/petition/{petition.pk}/reject/", {"reason": "属于司法程序，不予受理"}
    )
    petition.refresh_from_db()
    assert petition.status == "rejected"
    url = client.post(board.url + "track/", {"code": petition.tracking_code}).url
    assert "属于司法程序，不予受理" in client.get(url).content.decode()


def test_a_rejection_without_a_reason_is_refused(editor_client, topic):
    petition = PetitionFactory(topic=topic, state="pending")
    editor_client.post(f"/admin/petitions/moderation/petition/{petition.pk}/reject/", {"reason": ""})
    petition.refresh_from_db()
    assert petition.status == "pending"


def test_an_editor_approves_or_rejects_a_held_follow_up(editor_client, topic):
    petition = PetitionFactory(topic=topic, state="processing")
    _petition, held = perform(petition, "follow_up", Resident(), body="追问一", status="pending")
    _petition, other = perform(petition, "follow_up", Resident(), body="追问二", status="pending")
    editor_client.post(f"/admin/petitions/moderation/message/{held.pk}/approve/")
    editor_client.post(f"/admin/petitions/moderation/message/{other.pk}/reject/", {"reason": "重复内容"})
    held.refresh_from_db()
    other.refresh_from_db()
    assert held.status == "visible"
    assert other.status == "rejected" and other.rejection_reason == "重复内容"
    actions = set(ModelLogEntry.objects.for_instance(petition).values_list("action", flat=True))
    assert {"petitions.message_approve", "petitions.message_reject"} <= actions


def test_an_editor_edits_a_petition_for_privacy(editor_client, topic):
    petition = PetitionFactory(
        topic=topic, state="pending", content="我叫张三，住幸福路12号3单元501，路灯坏了。"
    )
    url = f"/admin/snippets/petitions/petition/edit/{petition.pk}/"
    response = editor_client.get(url)
    assert response.status_code == 200
    response = editor_client.post(
        url,
        {
            "title": petition.title,
            "content": "住幸福路12号附近，路灯坏了。",
            "address": "幸福路",
            "kind": petition.kind,
            "topic": topic.pk,
            "is_public": "on",
            "is_anonymous": "on",
            "contact_name": "",
            "contact_phone": "13812345678",
            "photos-TOTAL_FORMS": "0",
            "photos-INITIAL_FORMS": "0",
            "photos-MIN_NUM_FORMS": "0",
            "photos-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    petition.refresh_from_db()
    assert petition.content == "住幸福路12号附近，路灯坏了。"
    assert petition.status == "pending"  # editing never moves the status
    assert ModelLogEntry.objects.for_instance(petition).filter(action="wagtail.edit").exists()


def test_the_petition_list_in_the_admin_opens(editor_client, topic):
    PetitionFactory.create_batch(3, topic=topic, state="accepted")
    assert editor_client.get("/admin/snippets/petitions/petition/").status_code == 200
    assert Petition.objects.count() == 3


def test_an_editor_edits_a_follow_up_for_privacy(editor_client, topic):
    petition = PetitionFactory(topic=topic, state="processing")
    _petition, message = perform(
        petition, "follow_up", Resident(), body="我是住在3单元501的张三，电话13812345678"
    )
    url = f"/admin/snippets/petitions/petitionmessage/edit/{message.pk}/"
    response = editor_client.post(url, {"body": "我是3单元的住户", "is_public": "on"})
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.body == "我是3单元的住户" and message.status == "visible"
