"""Side effects outside the domain flow: evidence files leave storage with their rows, however
the rows go (the delete service, a cascade from a deleted report, task or plan, the admin)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from tasks.models import Attachment


@receiver(post_delete, sender=Attachment)
def delete_evidence_file(sender, instance: Attachment, **kwargs) -> None:
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
