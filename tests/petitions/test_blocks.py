"""PetitionBlock: embedding a petition's public thread in coverage, and the coverage it records."""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail import blocks
from wagtail.models import Page, ReferenceIndex

from petitions.blocks import PetitionBlock
from petitions.factories import PetitionFactory
from petitions.models import Petition


@pytest.mark.parametrize(
    ("status", "public", "message"),
    [
        ("accepted", False, "居民选择不公开"),
        ("rejected", True, "未予受理"),
        ("pending", True, "还在审核中"),
    ],
)
def test_a_hidden_petition_cannot_be_embedded_and_the_editor_is_told_why(db, topic, status, public, message):
    petition = PetitionFactory(topic=topic, state=status, is_public=public)
    block = PetitionBlock()
    with pytest.raises(blocks.StructBlockValidationError) as caught:
        block.clean(block.to_python({"petition": petition.pk, "heading": "", "show_thread": True}))
    assert message in str(caught.value.block_errors["petition"])


def test_a_public_petition_embeds_its_thread_without_contact_details(db, topic, department):
    petition = PetitionFactory(
        topic=topic,
        state="replied",
        department=department,
        reply="已经修好了路灯。",
        contact_name="赵秘密",
        contact_phone="13600002222",
    )
    block = PetitionBlock()
    value = block.clean(
        block.to_python({"petition": petition.pk, "heading": "记者追踪", "show_thread": True})
    )
    html = block.render(value)
    assert petition.title in html and "已经修好了路灯。" in html
    assert department.display_name in html and "已答复" in html
    assert "赵秘密" not in html and "13600002222" not in html


def test_the_reference_index_records_an_embedding_and_the_petition_page_lists_the_coverage(
    client, board, topic
):
    petition = PetitionFactory(topic=topic, state="accepted")
    board.featured = [("petition", {"petition": petition, "heading": "", "show_thread": True})]
    board.save_revision().publish()
    references = ReferenceIndex.get_references_to(petition)
    assert board.pk in {int(pk) for pk in references.values_list("object_id", flat=True)}

    # any page that embeds the petition is listed as 相关报道 (the newsroom's stories do it the same way)
    story = Page(title="融媒回声：幸福路的路灯亮了", slug="story")
    board.get_parent().add_child(instance=story)
    ReferenceIndex.objects.create(
        content_type=ContentType.objects.get_for_model(Page),
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=str(story.pk),
        to_content_type=ContentType.objects.get_for_model(Petition),
        to_object_id=str(petition.pk),
        model_path="body.petition.petition",
        content_path="body.0.petition",
        content_path_hash=ReferenceIndex._get_content_path_hash("body.0.petition"),
    )
    html = client.get(f"{board.url}{petition.number}/").content.decode()
    assert "相关报道" in html and "融媒回声：幸福路的路灯亮了" in html


def test_the_board_shows_its_featured_petitions(client, board, topic):
    petition = PetitionFactory(topic=topic, state="accepted", title="精选的供暖不热诉求")
    board.featured = [("petition", {"petition": petition, "heading": "本周关注", "show_thread": True})]
    board.save_revision().publish()
    html = client.get(board.url).content.decode()
    assert "本周关注" in html and html.count("精选的供暖不热诉求") == 2  # featured and in the list
