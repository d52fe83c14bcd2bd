"""Organisations named in imported text: found by full or short name, created when missing."""

from dataclasses import dataclass, field

from organisations.models import Organisation
from organisations.naming import names_one_organisation


@dataclass
class OrganisationResolver:
    """Finds organisations by full name, then short name; creates the missing ones."""

    created: list[Organisation] = field(default_factory=list)

    def get_or_create(self, name: str) -> Organisation:
        found = Organisation.objects.matching_name(name).first()
        if found:
            return found
        organisation = Organisation.objects.create(name=name)
        self.created.append(organisation)
        return organisation

    def find(self, name: str) -> Organisation | None:
        return Organisation.objects.matching_name(name).first()

    def recipient(self, name: str) -> Organisation | None:
        """The organisation a 报/送/发 name stands for; None for a group such as 各快递企业."""
        if names_one_organisation(name):
            return self.get_or_create(name)
        return self.find(name)

    def named_in(self, text: str) -> list[Organisation]:
        """Known organisations whose full name appears in `text` (e.g. a headline)."""
        return [org for org in Organisation.objects.active() if org.name in text]
