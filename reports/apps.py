from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "统计与报表"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from reports.models import ExportJob
        from tasks.signals import delete_stored_file

        # Export files go with their records, whether cleaned up or cascaded from a plan or user.
        post_delete.connect(delete_stored_file, sender=ExportJob)
