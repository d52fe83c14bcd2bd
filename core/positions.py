from django.db import models


class PositionedQuerySet(models.QuerySet):
    """For rows kept in a user-chosen order by a `position` field."""

    def renumber(self) -> None:
        """Make positions 1, 2, 3… in the current order, closing any gaps."""
        rows = list(self.order_by("position", "pk"))
        changed = []
        for new_position, row in enumerate(rows, start=1):
            if row.position != new_position:
                row.position = new_position
                changed.append(row)
        if changed:
            self.model.objects.bulk_update(changed, ["position"])

    def next_position(self) -> int:
        return (self.aggregate(highest=models.Max("position"))["highest"] or 0) + 1
