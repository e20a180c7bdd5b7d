from django.apps import AppConfig


class WorkplansConfig(AppConfig):
    name = "workplans"
    verbose_name = "机构与工作要点"
