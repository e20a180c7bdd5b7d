"""Task, TaskUnit, Target and Milestone (and their history) move from the tasks app to
workplans without touching a row: state only, the tables keep their tasks_* names."""


import django.core.validators
import django.db.models.deletion
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tasks', '0006_unreported'),
        ('workplans', '0004_reminders'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables keep their names (db_table): only Django's idea of the app moves.
            state_operations=[
                migrations.CreateModel(
                    name='Task',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('number', models.CharField(blank=True, max_length=10, verbose_name='序号')),
                        ('order', models.PositiveIntegerField(help_text='在整份工作要点中的顺序', verbose_name='排序')),
                        ('title', models.CharField(max_length=300, verbose_name='任务名称')),
                        ('text', models.TextField(blank=True, verbose_name='任务内容')),
                        ('start_date', models.DateField(blank=True, null=True, verbose_name='开始日期')),
                        ('deadline', models.DateField(blank=True, null=True, verbose_name='完成时限')),
                        ('deadline_text', models.CharField(blank=True, max_length=100, verbose_name='时限原文')),
                        ('weight', models.DecimalField(decimal_places=2, default=Decimal('1'), max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='权重')),
                        ('progress', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='完成进度（%）')),
                        ('status', models.CharField(choices=[('not_started', '未启动'), ('on_track', '正常推进'), ('behind', '滞后'), ('overdue', '逾期'), ('done', '已完成')], default='not_started', max_length=12, verbose_name='状态')),
                        ('unreported', models.BooleanField(default=False, verbose_name='未报送')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='更新时间')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='subtasks', to='workplans.task', verbose_name='上级任务')),
                        ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='workplans.plan', verbose_name='工作要点')),
                        ('section', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='tasks', to='workplans.section', verbose_name='工作板块')),
                    ],
                    options={
                        'verbose_name': '任务',
                        'verbose_name_plural': '任务',
                        'db_table': 'tasks_task',
                        'ordering': ['plan', 'order'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalTaskUnit',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('role', models.CharField(choices=[('lead', '牵头单位'), ('co', '配合单位')], default='lead', max_length=4, verbose_name='分工')),
                        ('assigned_at', models.DateTimeField(blank=True, editable=False, verbose_name='交办时间')),
                        ('receipt', models.CharField(choices=[('pending', '待签收'), ('confirmed', '已签收'), ('adjust', '待调整')], default='pending', max_length=10, verbose_name='签收状态')),
                        ('receipt_note', models.TextField(blank=True, verbose_name='调整理由')),
                        ('receipt_at', models.DateTimeField(blank=True, null=True, verbose_name='签收时间')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('receipt_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='签收人')),
                        ('unit', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.unit', verbose_name='单位')),
                        ('task', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.task', verbose_name='任务')),
                    ],
                    options={
                        'verbose_name': 'historical 任务分工',
                        'verbose_name_plural': 'historical 任务分工',
                        'db_table': 'tasks_historicaltaskunit',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalTask',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('number', models.CharField(blank=True, max_length=10, verbose_name='序号')),
                        ('order', models.PositiveIntegerField(help_text='在整份工作要点中的顺序', verbose_name='排序')),
                        ('title', models.CharField(max_length=300, verbose_name='任务名称')),
                        ('text', models.TextField(blank=True, verbose_name='任务内容')),
                        ('start_date', models.DateField(blank=True, null=True, verbose_name='开始日期')),
                        ('deadline', models.DateField(blank=True, null=True, verbose_name='完成时限')),
                        ('deadline_text', models.CharField(blank=True, max_length=100, verbose_name='时限原文')),
                        ('weight', models.DecimalField(decimal_places=2, default=Decimal('1'), max_digits=6, validators=[django.core.validators.MinValueValidator(Decimal('0.01'))], verbose_name='权重')),
                        ('progress', models.PositiveSmallIntegerField(default=0, validators=[django.core.validators.MaxValueValidator(100)], verbose_name='完成进度（%）')),
                        ('status', models.CharField(choices=[('not_started', '未启动'), ('on_track', '正常推进'), ('behind', '滞后'), ('overdue', '逾期'), ('done', '已完成')], default='not_started', max_length=12, verbose_name='状态')),
                        ('unreported', models.BooleanField(default=False, verbose_name='未报送')),
                        ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='更新时间')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('plan', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.plan', verbose_name='工作要点')),
                        ('section', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.section', verbose_name='工作板块')),
                        ('parent', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.task', verbose_name='上级任务')),
                    ],
                    options={
                        'verbose_name': 'historical 任务',
                        'verbose_name_plural': 'historical 任务',
                        'db_table': 'tasks_historicaltask',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalTarget',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('text', models.CharField(help_text='文件中的原话，如：家庭医生签约服务率达43%以上', max_length=300, verbose_name='原文')),
                        ('indicator', models.CharField(max_length=200, verbose_name='指标名称')),
                        ('comparator', models.CharField(blank=True, choices=[('>=', '不低于（≥）'), ('<=', '不高于（≤）'), ('=', '达到（=）'), ('>', '高于（>）'), ('<', '低于（<）')], max_length=2, null=True, verbose_name='比较方式')),
                        ('value', models.DecimalField(decimal_places=4, max_digits=14, verbose_name='目标值')),
                        ('unit', models.CharField(blank=True, max_length=20, verbose_name='计量单位')),
                        ('is_stretch', models.BooleanField(default=False, help_text='原文为“力争…”', verbose_name='力争目标')),
                        ('baseline', models.DecimalField(blank=True, decimal_places=4, max_digits=14, null=True, verbose_name='基期值')),
                        ('latest_actual', models.DecimalField(blank=True, decimal_places=4, max_digits=14, null=True, verbose_name='最新实际值')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='排序')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('task', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.task', verbose_name='任务')),
                    ],
                    options={
                        'verbose_name': 'historical 量化指标',
                        'verbose_name_plural': 'historical 量化指标',
                        'db_table': 'tasks_historicaltarget',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalMilestone',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='节点日期')),
                        ('percent', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(100)], verbose_name='应达进度（%）')),
                        ('label', models.CharField(blank=True, max_length=200, verbose_name='节点内容')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('task', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='workplans.task', verbose_name='任务')),
                    ],
                    options={
                        'verbose_name': 'historical 进度节点',
                        'verbose_name_plural': 'historical 进度节点',
                        'db_table': 'tasks_historicalmilestone',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='TaskUnit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('role', models.CharField(choices=[('lead', '牵头单位'), ('co', '配合单位')], default='lead', max_length=4, verbose_name='分工')),
                        ('assigned_at', models.DateTimeField(auto_now_add=True, verbose_name='交办时间')),
                        ('receipt', models.CharField(choices=[('pending', '待签收'), ('confirmed', '已签收'), ('adjust', '待调整')], default='pending', max_length=10, verbose_name='签收状态')),
                        ('receipt_note', models.TextField(blank=True, verbose_name='调整理由')),
                        ('receipt_at', models.DateTimeField(blank=True, null=True, verbose_name='签收时间')),
                        ('receipt_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='签收人')),
                        ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='workplans.task', verbose_name='任务')),
                        ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='assignments', to='workplans.unit', verbose_name='单位')),
                    ],
                    options={
                        'verbose_name': '任务分工',
                        'verbose_name_plural': '任务分工',
                        'db_table': 'tasks_taskunit',
                        'ordering': ['task', 'role', 'unit__sort_order'],
                    },
                ),
                migrations.AddField(
                    model_name='task',
                    name='units',
                    field=models.ManyToManyField(blank=True, related_name='tasks', through='workplans.TaskUnit', to='workplans.unit', verbose_name='责任单位'),
                ),
                migrations.CreateModel(
                    name='Target',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.CharField(help_text='文件中的原话，如：家庭医生签约服务率达43%以上', max_length=300, verbose_name='原文')),
                        ('indicator', models.CharField(max_length=200, verbose_name='指标名称')),
                        ('comparator', models.CharField(blank=True, choices=[('>=', '不低于（≥）'), ('<=', '不高于（≤）'), ('=', '达到（=）'), ('>', '高于（>）'), ('<', '低于（<）')], max_length=2, null=True, verbose_name='比较方式')),
                        ('value', models.DecimalField(decimal_places=4, max_digits=14, verbose_name='目标值')),
                        ('unit', models.CharField(blank=True, max_length=20, verbose_name='计量单位')),
                        ('is_stretch', models.BooleanField(default=False, help_text='原文为“力争…”', verbose_name='力争目标')),
                        ('baseline', models.DecimalField(blank=True, decimal_places=4, max_digits=14, null=True, verbose_name='基期值')),
                        ('latest_actual', models.DecimalField(blank=True, decimal_places=4, max_digits=14, null=True, verbose_name='最新实际值')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='排序')),
                        ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='workplans.task', verbose_name='任务')),
                    ],
                    options={
                        'verbose_name': '量化指标',
                        'verbose_name_plural': '量化指标',
                        'db_table': 'tasks_target',
                        'ordering': ['task', 'order', 'pk'],
                        'constraints': [models.CheckConstraint(condition=models.Q(('value__gte', 0)), name='target_value_non_negative'), models.CheckConstraint(condition=models.Q(('baseline__isnull', True), ('baseline__gte', 0), _connector='OR'), name='target_baseline_non_negative'), models.CheckConstraint(condition=models.Q(('latest_actual__isnull', True), ('latest_actual__gte', 0), _connector='OR'), name='target_actual_non_negative'), models.CheckConstraint(condition=models.Q(('comparator__isnull', True), ('comparator__in', ['>=', '<=', '=', '>', '<']), _connector='OR'), name='target_comparator_valid')],
                    },
                ),
                migrations.CreateModel(
                    name='Milestone',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('date', models.DateField(verbose_name='节点日期')),
                        ('percent', models.PositiveSmallIntegerField(validators=[django.core.validators.MaxValueValidator(100)], verbose_name='应达进度（%）')),
                        ('label', models.CharField(blank=True, max_length=200, verbose_name='节点内容')),
                        ('task', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestones', to='workplans.task', verbose_name='任务')),
                    ],
                    options={
                        'verbose_name': '进度节点',
                        'verbose_name_plural': '进度节点',
                        'db_table': 'tasks_milestone',
                        'ordering': ['task', 'date'],
                        'constraints': [models.UniqueConstraint(fields=('task', 'date'), name='one_milestone_per_date'), models.CheckConstraint(condition=models.Q(('percent__lte', 100)), name='milestone_percent_0_100')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='taskunit',
                    constraint=models.UniqueConstraint(fields=('task', 'unit'), name='task_unit_unique'),
                ),
                migrations.AddIndex(
                    model_name='task',
                    index=models.Index(fields=['plan', 'status'], name='task_plan_status_idx'),
                ),
                migrations.AddConstraint(
                    model_name='task',
                    constraint=models.UniqueConstraint(fields=('plan', 'order'), name='task_order_unique_per_plan'),
                ),
                migrations.AddConstraint(
                    model_name='task',
                    constraint=models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='task_progress_0_100'),
                ),
                migrations.AddConstraint(
                    model_name='task',
                    constraint=models.CheckConstraint(condition=models.Q(('weight__gt', 0)), name='task_weight_positive'),
                ),
                migrations.AddConstraint(
                    model_name='task',
                    constraint=models.CheckConstraint(condition=models.Q(('title', ''), _negated=True), name='task_title_not_empty'),
                ),
                migrations.AddConstraint(
                    model_name='task',
                    constraint=models.CheckConstraint(condition=models.Q(('parent', models.F('pk')), _negated=True), name='task_not_its_own_parent'),
                ),
            ],
            database_operations=[],
        ),
    ]
