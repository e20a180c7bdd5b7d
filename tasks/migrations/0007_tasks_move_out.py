"""The other half of the move to workplans (see workplans 0005), and WorkerHeartbeat in from
reports: state only, no table is renamed or rewritten."""


import django.db.models.deletion
from django.db import migrations, models


MOVED = {
    ("tasks", "workplans"): [
        "task",
        "taskunit",
        "target",
        "milestone",
        "historicaltask",
        "historicaltaskunit",
        "historicaltarget",
        "historicalmilestone",
    ],
    ("reports", "tasks"): ["workerheartbeat"],
}
OLD_JOB, NEW_JOB = "reports.record_worker_heartbeat", "tasks.record_worker_heartbeat"


def move_content_types(apps, schema_editor, backwards=False):
    """Keep admin log entries and permissions attached to the moved models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for (old, new), models_ in MOVED.items():
        source, target = (new, old) if backwards else (old, new)
        for model in models_:
            if not ContentType.objects.filter(app_label=target, model=model).exists():
                ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def move_content_types_back(apps, schema_editor):
    move_content_types(apps, schema_editor, backwards=True)


def rename_heartbeat_job(apps, schema_editor, old=OLD_JOB, new=NEW_JOB):
    """Schedules saved by django-celery-beat name the job; it now lives in tasks/jobs.py."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    if PeriodicTask.objects.filter(task=old).update(task=new):
        from django.utils import timezone

        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def rename_heartbeat_job_back(apps, schema_editor):
    rename_heartbeat_job(apps, schema_editor, old=NEW_JOB, new=OLD_JOB)


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('django_celery_beat', '0019_alter_periodictasks_options'),
        ('reports', '0001_initial'),
        ('tasks', '0006_unreported'),
        ('workplans', '0005_tasks_move_in'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables keep their names (db_table): only Django's idea of the app moves.
            state_operations=[
                migrations.CreateModel(
                    name='WorkerHeartbeat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('source', models.CharField(max_length=50, unique=True, verbose_name='来源')),
                        ('hostname', models.CharField(blank=True, max_length=200, verbose_name='主机')),
                        ('beat_at', models.DateTimeField(verbose_name='最近心跳')),
                        ('runs', models.PositiveIntegerField(default=0, verbose_name='运行次数')),
                    ],
                    options={
                        'verbose_name': '后台任务心跳',
                        'verbose_name_plural': '后台任务心跳',
                        'db_table': 'reports_workerheartbeat',
                    },
                ),
                migrations.RemoveField(
                    model_name='historicaltarget',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicaltarget',
                    name='task',
                ),
                migrations.RemoveField(
                    model_name='historicaltask',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicaltask',
                    name='parent',
                ),
                migrations.RemoveField(
                    model_name='historicaltask',
                    name='plan',
                ),
                migrations.RemoveField(
                    model_name='historicaltask',
                    name='section',
                ),
                migrations.RemoveField(
                    model_name='historicaltaskunit',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicaltaskunit',
                    name='receipt_by',
                ),
                migrations.RemoveField(
                    model_name='historicaltaskunit',
                    name='task',
                ),
                migrations.RemoveField(
                    model_name='historicaltaskunit',
                    name='unit',
                ),
                migrations.RemoveField(
                    model_name='milestone',
                    name='task',
                ),
                migrations.RemoveField(
                    model_name='target',
                    name='task',
                ),
                migrations.AlterField(
                    model_name='historicaltargetactual',
                    name='target',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.target', verbose_name='指标'),
                ),
                migrations.AlterField(
                    model_name='targetactual',
                    name='target',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actuals', to='workplans.target', verbose_name='指标'),
                ),
                migrations.RemoveField(
                    model_name='task',
                    name='parent',
                ),
                migrations.RemoveField(
                    model_name='task',
                    name='plan',
                ),
                migrations.RemoveField(
                    model_name='task',
                    name='section',
                ),
                migrations.RemoveField(
                    model_name='task',
                    name='units',
                ),
                migrations.AlterField(
                    model_name='progressreport',
                    name='task',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reports', to='workplans.task', verbose_name='任务'),
                ),
                migrations.RemoveField(
                    model_name='taskunit',
                    name='task',
                ),
                migrations.AlterField(
                    model_name='cooperation',
                    name='task',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cooperations', to='workplans.task', verbose_name='任务'),
                ),
                migrations.AlterField(
                    model_name='delayrequest',
                    name='task',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='delay_requests', to='workplans.task', verbose_name='任务'),
                ),
                migrations.AlterField(
                    model_name='escalation',
                    name='task',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='escalations', to='workplans.task', verbose_name='任务'),
                ),
                migrations.AlterField(
                    model_name='leadercomment',
                    name='task',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='workplans.task', verbose_name='任务'),
                ),
                migrations.AlterField(
                    model_name='historicaldelayrequest',
                    name='task',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.task', verbose_name='任务'),
                ),
                migrations.AlterField(
                    model_name='historicalcooperation',
                    name='task',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.task', verbose_name='任务'),
                ),
                migrations.AlterField(
                    model_name='historicalprogressreport',
                    name='task',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.task', verbose_name='任务'),
                ),
                migrations.RemoveField(
                    model_name='taskunit',
                    name='receipt_by',
                ),
                migrations.RemoveField(
                    model_name='taskunit',
                    name='unit',
                ),
                migrations.DeleteModel(
                    name='HistoricalMilestone',
                ),
                migrations.DeleteModel(
                    name='HistoricalTarget',
                ),
                migrations.DeleteModel(
                    name='HistoricalTask',
                ),
                migrations.DeleteModel(
                    name='HistoricalTaskUnit',
                ),
                migrations.DeleteModel(
                    name='Milestone',
                ),
                migrations.DeleteModel(
                    name='Target',
                ),
                migrations.DeleteModel(
                    name='Task',
                ),
                migrations.DeleteModel(
                    name='TaskUnit',
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.RunPython(rename_heartbeat_job, rename_heartbeat_job_back),
    ]
