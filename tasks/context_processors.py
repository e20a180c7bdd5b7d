def notifications(request) -> dict:
    """The bell's unread count, as a lazy value: pages that never show it run no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread() -> int:
        return user.notifications.filter(read_at__isnull=True).count()

    return {"unread_notifications": unread}
