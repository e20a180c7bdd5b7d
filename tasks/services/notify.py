"""In-app notifications (the bell) and their e-mails. One notification per (user, key): sending
the same reminder twice does nothing the second time. E-mails go through an outbox table
(OutboxEmail), written with the notification and sent by the send_outbox job."""

import logging

from django.conf import settings
from django.db import transaction

from tasks.models import Notification, OutboxEmail

logger = logging.getLogger(__name__)


def notify(*, user, key: str, title: str, body: str = "", url: str = "") -> bool:
    """Notify one user unless they already have a notification with this key; e-mail it."""
    notification = Notification(user=user, key=key[:200], title=title[:200], body=body, url=url)
    return notify_many([notification]) == 1


def notify_many(notifications: list[Notification]) -> int:
    """Create many notifications at once, skipping (user, key) pairs that already exist, and
    queue their e-mails in the outbox in the same transaction: the notification and its mail
    are written together or not at all. The send_outbox job sends them (kicked after the
    commit, and every minute by beat)."""
    if not notifications:
        return 0
    keys = {n.key for n in notifications}
    users = {n.user_id for n in notifications}
    with transaction.atomic():
        existing = set(
            Notification.objects.filter(user_id__in=users, key__in=keys).values_list(
                "user_id", "key"
            )
        )
        fresh, seen = [], set(existing)
        for item in notifications:
            if (item.user_id, item.key) not in seen:
                seen.add((item.user_id, item.key))
                fresh.append(item)
        Notification.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=2000)
        mails = [
            OutboxEmail(
                key=f"{n.user_id}:{n.key}"[:220],
                recipient=n.user.email,
                subject=f"【督办平台】{n.title}"[:250],
                body=f"{n.body}\n\n{n.url}".strip(),
            )
            for n in fresh
            if n.user.email
        ]
        # The key repeats the notification's (user, key): a concurrent run queues it once.
        OutboxEmail.objects.bulk_create(mails, ignore_conflicts=True, batch_size=2000)
        if mails:
            transaction.on_commit(_kick_outbox)
    return len(fresh)


def _kick_outbox() -> None:
    """Send the new mails now rather than at beat's next minute (in process when there is no
    broker, as before the outbox); beat's every-minute run catches up when this fails."""
    from celery import current_app

    if current_app.conf.task_always_eager:  # no broker: send in this process
        outbox_send()
        return
    # By name: the services never import tasks.jobs (the jobs import the services).
    try:
        current_app.send_task("tasks.send_outbox", retry=False)
    except Exception as exc:  # noqa: BLE001 - a broker that is down: beat's run catches up
        logger.warning("could not enqueue tasks.send_outbox: %s", exc)


OUTBOX_MAX_ATTEMPTS = 5
OUTBOX_MAX_FAILURES_PER_RUN = 3  # the mail server is probably down: try again next minute


def outbox_send(*, limit: int = 2000) -> dict:
    """Send up to `limit` unsent outbox mails over one connection; returns counts.

    Each mail is claimed, sent and marked sent in its own transaction, holding the row lock
    (select_for_update(skip_locked=True)) while it is sent: two runs never take the same row,
    and a run killed mid-way leaves every mail either committed as sent or unsent and locked by
    nobody, so the next run sends it. The one window left is a crash after the mail server
    accepted a mail and before its row commits: that one mail goes twice. We chose this over
    marking a row "sending" first and committing, which turns the same crash into a mail lost
    for good (or one needing a person to look); a rare duplicate reminder is the lesser harm,
    and committing after every mail keeps the window to one mail per crash, not a batch.
    A mail that fails is kept with its error and tried again next run, up to
    OUTBOX_MAX_ATTEMPTS times (then it stays unsent in the table, with its error)."""
    from django.core.mail import EmailMessage, get_connection
    from django.utils import timezone

    sent = failed = 0
    tried: list[int] = []
    connection = get_connection(fail_silently=False)
    try:
        connection.open()  # one connection for the whole run
    except Exception as exc:  # nothing is claimed: every row waits for the next run
        logger.warning("mail server unavailable, outbox left for the next run: %s", exc)
        return {"sent": 0, "failed": 0}
    try:
        while sent + failed < limit and failed < OUTBOX_MAX_FAILURES_PER_RUN:
            with transaction.atomic():
                row = (
                    OutboxEmail.objects.select_for_update(skip_locked=True)
                    .filter(sent_at__isnull=True, attempts__lt=OUTBOX_MAX_ATTEMPTS)
                    .exclude(pk__in=tried)
                    .order_by("pk")
                    .first()
                )
                if row is None:
                    break
                tried.append(row.pk)
                row.attempts += 1
                try:
                    message = EmailMessage(
                        row.subject,
                        row.body,
                        settings.DEFAULT_FROM_EMAIL,
                        [row.recipient],
                        connection=connection,
                    )
                    message.send()
                except Exception as exc:  # the bell still has it; the next run tries again
                    row.last_error = f"{type(exc).__name__}: {exc}"[:500]
                    row.save(update_fields=["attempts", "last_error"])
                    failed += 1
                    logger.warning("e-mail to %s failed: %s", row.recipient, exc)
                    connection.close()  # a broken connection is reopened by the next send
                else:
                    row.sent_at = timezone.now()
                    row.save(update_fields=["attempts", "sent_at"])
                    sent += 1
    finally:
        connection.close()
    return {"sent": sent, "failed": failed}


def mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    from django.utils import timezone

    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
