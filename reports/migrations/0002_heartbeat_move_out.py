"""WorkerHeartbeat moved to the tasks app (tasks 0007); its table keeps its name."""


from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('tasks', '0007_tasks_move_out'),
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables keep their names (db_table): only Django's idea of the app moves.
            state_operations=[
                migrations.DeleteModel(
                    name='WorkerHeartbeat',
                ),
            ],
            database_operations=[],
        ),
    ]
