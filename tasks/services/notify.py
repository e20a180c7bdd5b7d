"""In-app notifications (the bell) and their e-mails. One notification per (user, key): sending
the same reminder twice does nothing the second time."""

import logging

from django.conf import settings
from django.db import transaction

from tasks.models import Notification

logger = logging.getLogger(__name__)


def notify(*, user, key: str, title: str, body: str = "", url: str = "") -> bool:
    """Notify one user unless they already have a notification with this key; e-mail it."""
    notification = Notification(user=user, key=key[:200], title=title[:200], body=body, url=url)
    return notify_many([notification]) == 1


def notify_many(notifications: list[Notification]) -> int:
    """Create many notifications at once, skipping (user, key) pairs that already exist, and
    send their e-mails over one connection after the commit."""
    if not notifications:
        return 0
    keys = {n.key for n in notifications}
    users = {n.user_id for n in notifications}
    existing = set(
        Notification.objects.filter(user_id__in=users, key__in=keys).values_list("user_id", "key")
    )
    fresh, seen = [], set(existing)
    for item in notifications:
        if (item.user_id, item.key) not in seen:
            seen.add((item.user_id, item.key))
            fresh.append(item)
    Notification.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=2000)
    mailable = [(n.user.email, n.title, n.body, n.url) for n in fresh if n.user.email]
    if mailable:
        transaction.on_commit(lambda: _email_many(mailable))
    return len(fresh)


def _email_many(messages: list[tuple[str, str, str, str]]) -> None:
    from django.core.mail import send_mass_mail

    batch = [
        (f"【督办平台】{title}", f"{body}\n\n{url}".strip(), settings.DEFAULT_FROM_EMAIL, [to])
        for to, title, body, url in messages
    ]
    try:
        send_mass_mail(batch, fail_silently=False)
    except Exception as exc:  # the bell still has them
        logger.warning("sending %d reminder e-mails failed: %s", len(batch), exc)


def mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    from django.utils import timezone

    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
