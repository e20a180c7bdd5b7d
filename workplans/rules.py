"""Object permissions, checked with user.has_perm(name, obj) in views and {% has_perm %} in
templates. Row visibility itself lives in the QuerySets' visible_to()."""

import rules


@rules.predicate
def is_bureau_admin(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_bureau_admin


@rules.predicate
def in_own_bureau(user, obj) -> bool:
    # Plans carry bureau_id; tasks reach it through their plan.
    bureau_id = getattr(obj, "bureau_id", None)
    if bureau_id is None and hasattr(obj, "plan"):
        bureau_id = obj.plan.bureau_id
    return bureau_id is not None and bureau_id == user.bureau_id


manages = rules.is_superuser | (is_bureau_admin & in_own_bureau)

rules.add_perm("workplans.manage_plan", manages)
rules.add_perm("tasks.manage_task", manages)
