"""Field rules checked before a service saves what a user typed."""


def validate_fields(instance, *, exclude: tuple[str, ...] = ()) -> None:
    """Run the model's field rules (lengths, choices, ranges) and clean() without a query.

    Relations are resolved by the services' own scoped lookups and uniqueness is enforced by the
    database's constraints under the services' row locks, so neither is re-checked here.
    """
    relations = [field.name for field in instance._meta.concrete_fields if field.is_relation]
    instance.full_clean(
        exclude=[*relations, *exclude], validate_unique=False, validate_constraints=False
    )
