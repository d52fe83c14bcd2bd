from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class MemberBackend(ModelBackend):
    """Django's model backend, loading each user together with their membership.

    Every portal page asks which organisation the user belongs to; the join
    here answers it without a query of its own.
    """

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("membership")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
