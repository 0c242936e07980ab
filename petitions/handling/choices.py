"""The list of handling units staff choose from: the dispatch form's and the duty roster's."""

from ..models import Department


def department_choices():
    """Departments that accept petitions, in hierarchy order, indented under their parents."""
    departments = list(Department.objects.active().only("pk", "name", "parent_id", "accepts_petitions"))
    children = {}
    for department in departments:
        children.setdefault(department.parent_id, []).append(department)
    known = {d.pk for d in departments}
    roots = [d for d in departments if d.parent_id is None or d.parent_id not in known]
    choices = []

    def walk(nodes, depth):
        for node in nodes:
            if node.accepts_petitions:
                choices.append((node.pk, "　" * depth + node.name))
            walk(children.get(node.pk, []), depth + 1)

    walk(roots, 0)
    return choices
