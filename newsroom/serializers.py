"""How the newsroom's pages show related objects in Wagtail's page API (``api_fields`` serializers)."""

from rest_framework import serializers


class DepartmentField(serializers.Field):
    """A department in the page API: enough to filter and to show its name."""

    def to_representation(self, value):
        if value is None:
            return None
        return {"id": value.pk, "slug": value.slug, "name": value.name, "kind": value.kind}


class ImagesField(serializers.Field):
    def to_representation(self, value):
        return [
            {"id": image.pk, "title": image.title, "url": image.get_rendition("width-960").url}
            for image in value
        ]


class ReleasedQuestionsField(serializers.Field):
    """Released questions and their answers in the page API, newest first; never a contact detail."""

    def to_representation(self, session):
        questions = (
            session.questions.released()
            .select_related("petition")
            .prefetch_related("answers__official", "answers__department")
            .order_by("-released_at", "-pk")
        )
        return [
            {
                "id": question.pk,
                "body": question.public_body,
                "asker": str(question.public_asker),
                "submitted_at": question.submitted_at.isoformat(),
                "released_at": question.released_at.isoformat() if question.released_at else None,
                "petition": question.petition.number if question.petition_id else None,
                "answers": [
                    {
                        "body": answer.body,
                        "official": answer.official.name if answer.official else None,
                        "official_title": answer.official.title if answer.official else None,
                        "department": answer.department.name,
                        "answered_at": answer.answered_at.isoformat(),
                    }
                    for answer in question.answers.all()
                ],
            }
            for question in questions
        ]
