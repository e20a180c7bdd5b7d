from django.contrib.auth.backends import ModelBackend, UserModel

from workplans.compiled import CompiledQuery, attnames, loaded
from workplans.models import Bureau


def _user_with_bureau_and_units(user_id: int):
    bureau_fields = [f"bureau__{name}" for name in attnames(Bureau)]
    users = UserModel._default_manager.filter(pk=user_id).order_by()
    # One row per unit of the user (one with None for a user with no unit).
    return users.values_list(*attnames(UserModel), *bureau_fields, "units__id")


USER_WITH_BUREAU_AND_UNITS = CompiledQuery(
    _user_with_bureau_and_units, "USER_WITH_BUREAU_AND_UNITS"
)


class PortalModelBackend(ModelBackend):
    """Django's backend, loading the user's bureau and units with the user: every page shows
    the bureau in the top bar, and the access rules read both. Every request reads the user, so
    the query is compiled once (workplans.compiled)."""

    def get_user(self, user_id):
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        rows = USER_WITH_BUREAU_AND_UNITS.rows(user_id=user_id)
        if not rows:
            return None
        user_fields = attnames(UserModel)
        user = loaded(UserModel, user_fields, rows[0])
        if user.bureau_id is not None:
            user.bureau = loaded(Bureau, attnames(Bureau), rows[0], len(user_fields))
        user.unit_ids = frozenset(row[-1] for row in rows if row[-1] is not None)
        return user if self.user_can_authenticate(user) else None
