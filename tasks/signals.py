"""Side effects outside the domain flow: stored files leave storage with their rows, however
the rows go (a service, a cascade from a deleted report, task, plan or user, the admin)."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from tasks.models import Attachment


@receiver(post_delete, sender=Attachment)
def delete_stored_file(sender, instance, **kwargs) -> None:
    """For a model with a `file` field: remove the file once the deletion is committed."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
