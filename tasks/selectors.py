from dataclasses import dataclass

from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone

from tasks.access import TaskAccess, task_access, with_own_roles
from tasks.models import (
    REPORT_SENT,
    REPORT_STATES,
    Attachment,
    Cooperation,
    DelayRequest,
    Escalation,
    LeaderComment,
    ProgressReport,
    ReportingPeriod,
    ReportStatus,
    TargetActual,
)
from tasks.services.periods import (
    reported_periods,
    reporting_period,
    reporting_period_for,
    task_periods,
)
from tasks.services.reports import task_needs_explanation
from workplans.compiled import CompiledQuery, attnames, loaded, prefetched
from workplans.models import Plan, Section, Target, Task, TaskStatus, TaskUnit, Unit, User

# Deadlines after a delay -----------------------------------------------------------------


def with_deadline_history(tasks):
    """The tasks with what Task.deadline_note needs to tell a delayed deadline: `delayed` (an
    approved delay moved it) and `delayed_from` (the deadline before the first approved delay),
    as subqueries of the tasks' own SELECT, so no query per task."""
    approved = DelayRequest.objects.filter(
        task=OuterRef("pk"), status=DelayRequest.Status.APPROVED
    ).order_by("created_at", "pk")
    return tasks.annotate(
        delayed=Exists(approved),
        delayed_from=Subquery(approved.values("old_deadline")[:1]),
    )


# The task desk --------------------------------------------------------------------------

DESK_STATES = {**REPORT_STATES, "no_period": "未开启报送"}
CO_STATES = {"due": "待填配合情况", "done": "已填配合情况", "no_period": "未开启报送"}


@dataclass
class DeskRow:
    """One line of the desk, with everything the template shows already worked out (a desk
    of 300 tasks renders faster from plain values than from model lookups)."""

    task: Task
    role: str  # "lead" or "co"
    period: object | None
    state: str
    state_label: str
    report: object | None = None
    comment: object | None = None
    receipt: str = ""
    url: str = ""
    deadline: str = ""
    deadline_note: str = ""  # 已延期，原时限 … or the plan's wording (Task.deadline_note)
    status: str = ""
    status_label: str = ""
    status_reason: str = ""  # the engine's reason for the status, one line
    pending: str = ""  # 本期报送 65%（待审核）: the lead unit's figure not yet approved


@dataclass
class DeskSection:
    title: str
    rows: list


@dataclass
class DeskPlan:
    plan: object
    sections: list
    count: int


@dataclass
class Desk:
    rows: list[DeskRow]
    counts: dict[str, int]
    sections: list  # (id, label) choices for the filter
    total: int
    filtered: bool = False

    @property
    def groups(self) -> list[DeskPlan]:
        """Rows grouped by plan, then by section, in order."""
        plans: list[DeskPlan] = []
        for row in self.rows:
            task = row.task
            if not plans or plans[-1].plan.pk != task.plan_id:
                plans.append(DeskPlan(plan=task.plan, sections=[], count=0))
            group = plans[-1]
            title = f"{task.section.number}、{task.section.title}"
            if not group.sections or group.sections[-1].title != title:
                group.sections.append(DeskSection(title=title, rows=[]))
            group.sections[-1].rows.append(row)
            group.count += 1
        return plans


def search_tokens(query: str) -> list[str]:
    """Words of a Chinese query as jieba cuts them, so 家庭医生签约 finds 家庭医生签约服务."""
    query = query.strip()
    if not query:
        return []
    from workplans.parsing.units import jieba_module

    tokens = [t.strip() for t in jieba_module().lcut(query)]
    return [t for t in tokens if t and not all(not ch.isalnum() for ch in t)]


PENDING_WORDS = {ReportStatus.SUBMITTED: "待审核", ReportStatus.RETURNED: "已退回"}


def pending_figure(report: ProgressReport | None) -> str:
    """本期报送 65%（待审核）: the period's figure beside the approved one while the office has
    not approved it (submitted, or returned to the unit); "" otherwise."""
    if report is None or report.status not in PENDING_WORDS:
        return ""
    return f"本期报送 {report.percent}%（{PENDING_WORDS[report.status]}）"


def desk_for(
    *,
    user,
    state: str = "",
    section_id: int | None = None,
    deadline_before=None,
    query: str = "",
    today=None,
) -> Desk:
    """The staff user's tasks with this period's state, in a fixed number of queries."""
    today = today or timezone.localdate()
    own_units = user.unit_ids
    # Only what a desk row shows; .order_by() drops default orderings that would join and sort
    # the whole tasks table in the prefetches.
    latest_comment = LeaderComment.objects.filter(task=OuterRef("pk")).order_by("-created_at")
    tasks = (
        with_deadline_history(Task.objects.visible_to(user))
        .select_related("section", "plan")
        .defer("text", "plan__source_file", "plan__issuer")
        .annotate(latest_comment_id=Subquery(latest_comment.values("pk")[:1]))
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=TaskUnit.objects.order_by().only("task_id", "unit_id", "role", "receipt"),
            )
        )
        .order_by("-plan__year", "plan_id", "order")
    )
    all_sections = {}
    for token in search_tokens(query):
        tasks = tasks.filter(Q(title__icontains=token) | Q(text__icontains=token))
    if deadline_before:
        tasks = tasks.filter(deadline__lte=deadline_before)
    tasks = list(tasks)
    parents = {t.parent_id for t in tasks if t.parent_id}
    parent_leads = set()
    if parents:  # sub-items are reported by their parent task's lead unit
        parent_leads = set(
            TaskUnit.objects.filter(
                task_id__in=parents, role=TaskUnit.Role.LEAD, unit_id__in=own_units
            ).values_list("task_id", flat=True)
        )
    plan_ids = {t.plan_id for t in tasks}
    periods_by_plan: dict[int, list] = {}
    for period in ReportingPeriod.objects.filter(plan_id__in=plan_ids).order_by():
        periods_by_plan.setdefault(period.plan_id, []).append(period)
    open_ids = [p.pk for ps in periods_by_plan.values() for p in ps if p.status == "open"]
    task_ids = [t.pk for t in tasks]
    reports: dict[int, dict[int, ProgressReport]] = {}
    for report in (
        ProgressReport.objects.filter(task_id__in=task_ids, period_id__in=open_ids)
        .order_by()
        .only("task_id", "period_id", "status", "review_comment", "percent")
    ):
        reports.setdefault(report.task_id, {})[report.period_id] = report
    cooperations = set(
        Cooperation.objects.filter(
            task_id__in=task_ids, period_id__in=open_ids, unit_id__in=own_units
        ).values_list("task_id", "period_id")
    )
    comment_ids = [t.latest_comment_id for t in tasks if t.latest_comment_id]
    comments = {
        c.task_id: c
        for c in LeaderComment.objects.filter(pk__in=comment_ids).select_related("author")
    }

    rows: list[DeskRow] = []
    counts = dict.fromkeys(["due", "draft", "submitted", "returned", "approved"], 0)
    # One reverse() for the desk instead of one per row: /tasks/0/ → /tasks/
    task_url_prefix = reverse("tasks:task-detail", args=[0]).removesuffix("0/")
    status_labels = dict(TaskStatus.choices)
    for task in tasks:
        all_sections[task.section_id] = (
            (-task.plan.year, task.plan_id, task.section.order),  # plan and document order
            f"{task.plan.year}年 {task.section.number}、{task.section.title}",
        )
        mine = [a for a in task.assignments.all() if a.unit_id in own_units]
        lead = next((a for a in mine if a.role == TaskUnit.Role.LEAD), None)
        role = "lead" if lead or task.parent_id in parent_leads else "co"
        own_reports = reports.get(task.pk, {})
        period = reporting_period(
            periods_by_plan.get(task.plan_id, []), today, reported_periods(own_reports.values())
        )
        report = own_reports.get(period.pk) if period else None
        if period is None:
            key = "no_period"
        elif role == "lead":
            key = report.status if report else "due"
        else:
            key = "done" if (task.pk, period.pk) in cooperations else "due"
        label = (DESK_STATES if role == "lead" else CO_STATES)[key]
        if role == "lead" and key in counts:
            counts[key] += 1
        rows.append(
            DeskRow(
                task=task,
                role=role,
                period=period,
                state=key,
                state_label=label,
                report=report,
                comment=comments.get(task.pk),
                receipt=lead.receipt if lead else "",
                url=f"{task_url_prefix}{task.pk}/",
                deadline=task.deadline.isoformat() if task.deadline else "未设定",
                deadline_note=task.deadline_note,
                status=task.status,
                status_label=status_labels.get(task.status, task.status),
                status_reason=task.status_reason_text,
                pending=pending_figure(report) if role == "lead" else "",
            )
        )
    if section_id:
        rows = [r for r in rows if r.task.section_id == section_id]
    if state:  # report states belong to lead rows; co-units' own state is 配合情况
        rows = [r for r in rows if r.state == state and r.role == "lead"]
    filtered = bool(state or section_id or deadline_before or query.strip())
    return Desk(
        rows=rows,
        counts=counts,
        sections=[
            (pk, label) for pk, (_, label) in sorted(all_sections.items(), key=lambda x: x[1])
        ],
        total=len(tasks),
        filtered=filtered,
    )


# The task page ---------------------------------------------------------------------------


@dataclass
class ReportPanel:
    """The 本期进展 card: the period reported for and the lead unit's report with what it shows.
    `actuals` maps target ids to the report's values."""

    access: TaskAccess
    period: ReportingPeriod | None
    report: ProgressReport | None
    targets: list
    actuals: dict
    attachments: list
    cooperations: list
    needs_explanation: bool

    @property
    def editable(self) -> bool:
        open_to_edit = self.report is None or self.report.status not in REPORT_SENT
        return bool(self.access.lead and self.period and open_to_edit)

    @property
    def actual_rows(self) -> list[tuple[Target, object]]:
        return [(t, self.actuals[t.pk]) for t in self.targets if t.pk in self.actuals]


class _StaffStandIn:
    """What the visibility and role rules read of a staff user (Task.objects.visible_to,
    tasks.access.with_own_roles), with the ids a compiled query puts in place of the real ones."""

    is_authenticated = True
    is_superuser = False
    is_unit_staff = True
    role = User.Role.STAFF

    def __init__(self, user_id, bureau_id, unit_ids) -> None:
        self.pk = self.id = user_id
        self.bureau_id = bureau_id
        self.unit_ids = unit_ids


def _reporting_task(task_id: int, user_id: int, bureau_id: int, unit_ids: list[int]):
    staff = _StaffStandIn(user_id, bureau_id, unit_ids)
    tasks = with_own_roles(Task.objects.visible_to(staff), staff).filter(pk=task_id)
    plans = [f"plan__{name}" for name in attnames(Plan)]
    targets = [f"targets__{name}" for name in attnames(Target)]
    # One row per target (one with None for a task without targets).
    return tasks.order_by("targets__order", "targets__pk").values_list(
        *attnames(Task), *plans, "own_lead_unit_id", "own_co", *targets
    )


# A submission's first read: compiled once per number of units (workplans.compiled).
REPORTING_TASK = CompiledQuery(_reporting_task, "REPORTING_TASK")


def reporting_task(user, task_id: int) -> Task | None:
    """The task as a staff member of its lead unit (or of its parent task's) saves a report on
    it: with its plan, its targets and the user's part in it (as with_own_roles gives it), in
    one compiled query under the same visibility rule as every task page. None when the user
    is not such a staff member or may not see the task: the caller then takes the general path
    (the task page's load and task_access), which tells a 404 from a 403."""
    if not (user.is_authenticated and user.is_unit_staff and user.bureau_id and user.unit_ids):
        return None
    rows = REPORTING_TASK.rows(
        task_id=task_id, user_id=user.pk, bureau_id=user.bureau_id, unit_ids=user.unit_ids
    )
    task_fields, plan_fields, target_fields = attnames(Task), attnames(Plan), attnames(Target)
    roles = len(task_fields) + len(plan_fields)
    if not rows or rows[0][roles] is None:
        return None
    task = loaded(Task, task_fields, rows[0])
    task.plan = loaded(Plan, plan_fields, rows[0], len(task_fields))
    task.roles_user_id = user.pk
    task.own_lead_unit_id, task.own_co = rows[0][roles : roles + 2]
    targets = [loaded(Target, target_fields, row, roles + 2) for row in rows]
    prefetched(task, "targets", Target, [target for target in targets if target.pk is not None])
    return task


def _cooperations_with_units(task_id: int, period_id: int):
    cooperations = Cooperation.objects.filter(task_id=task_id, period_id=period_id)
    units = [f"unit__{name}" for name in attnames(Unit)]
    return cooperations.order_by("unit__sort_order", "pk").values_list(
        *attnames(Cooperation), *units
    )


# On every report card, and so after every save: compiled once (workplans.compiled).
COOPERATIONS_WITH_UNITS = CompiledQuery(_cooperations_with_units, "COOPERATIONS_WITH_UNITS")


def period_cooperations(task_id: int, period_id: int) -> list[Cooperation]:
    """The co-units' 配合情况 on the task for the period, by unit order, each with its unit."""
    fields = attnames(Cooperation)
    cooperations = []
    for row in COOPERATIONS_WITH_UNITS.rows(task_id=task_id, period_id=period_id):
        cooperation = loaded(Cooperation, fields, row)
        cooperation.unit = loaded(Unit, attnames(Unit), row, len(fields))
        cooperations.append(cooperation)
    return cooperations


def report_panel(
    *,
    task: Task,
    access: TaskAccess,
    today,
    periods: list[ReportingPeriod] | None = None,
    saved: ProgressReport | None = None,
) -> ReportPanel:
    """The report card in a fixed number of queries. `saved` is the report as report_save has
    just written it (with its actuals and attachment flag): shown as it is, not read again."""
    periods = task_periods(task) if periods is None else periods
    period = reporting_period_for(task, today, periods=periods)
    report, actuals, attachments, cooperations = None, {}, [], []
    if period and saved is not None and saved.period_id == period.pk:
        report, actuals = saved, saved.actual_values
        if saved.has_attachments:
            attachments = list(saved.attachments.order_by("uploaded_at", "pk"))
    elif period:
        report = (
            ProgressReport.objects.filter(task_id=task.pk, period=period)
            .select_related("author", "reviewer")
            .first()
        )
        # By task and period rather than prefetched: the same queries with or without a report.
        of_report = {"report__task_id": task.pk, "report__period": period}
        actuals = dict(TargetActual.objects.filter(**of_report).values_list("target_id", "value"))
        attachments = list(Attachment.objects.filter(**of_report).order_by("uploaded_at", "pk"))
    if period:
        cooperations = period_cooperations(task.pk, period.pk)
    return ReportPanel(
        access=access,
        period=period,
        report=report,
        targets=list(task.targets.all()),
        actuals=actuals,
        attachments=attachments,
        cooperations=cooperations,
        needs_explanation=task_needs_explanation(task, today),
    )


SHOWN_ON_PAGE = 10  # comments and escalations listed on the page; the timeline has them all


@dataclass
class TaskWorkspace:
    """Everything the task page's workspace shows (the #task-workspace fragment)."""

    task: Task
    access: TaskAccess
    panel: ReportPanel
    receipt: TaskUnit | None  # the own lead unit's assignment, for 签收
    own_cooperation: str
    own_co_units: list  # names of the user's units assisting on the task
    pending_delay: DelayRequest | None
    comments: list
    escalations: list
    timeline: list
    subtasks: object  # a queryset: only the whole page lists them


def task_workspace(*, task: Task, user, today=None, access: TaskAccess | None = None):
    """The task page's workspace for the user, in a fixed number of queries whatever the number
    of targets, units, reports and timeline entries. The task should come with its plan, section,
    parent, targets and assignments loaded (tasks.views.workspace.load_task)."""
    today = today or timezone.localdate()
    access = access or task_access(user, task)
    panel = report_panel(task=task, access=access, today=today)
    own_units = user.unit_ids if user.is_unit_staff else frozenset()
    # Newest first, as the panels list them; the timeline reuses the same rows.
    delays = list(
        DelayRequest.objects.filter(task_id=task.pk)
        .select_related("requested_by", "decided_by")
        .order_by("-created_at")
    )
    comments = list(
        LeaderComment.objects.filter(task_id=task.pk)
        .select_related("author")
        .order_by("-created_at")
    )
    escalations = list(
        Escalation.objects.filter(task_id=task.pk)
        .select_related("unit", "period", "created_by", "replied_by")
        .order_by("-created_at")
    )
    return TaskWorkspace(
        task=task,
        access=access,
        panel=panel,
        receipt=next(
            (
                a
                for a in task.assignments.all()
                if a.role == TaskUnit.Role.LEAD and a.unit_id in own_units
            ),
            None,
        ),
        own_cooperation=next((c.text for c in panel.cooperations if c.unit_id in own_units), ""),
        own_co_units=[
            a.unit.name
            for a in task.assignments.all()
            if a.role == TaskUnit.Role.CO and a.unit_id in own_units
        ],
        pending_delay=next((d for d in delays if d.status == DelayRequest.Status.PENDING), None),
        comments=comments[:SHOWN_ON_PAGE],
        escalations=escalations[:SHOWN_ON_PAGE],
        timeline=task_timeline(
            task=task, delays=delays, comments=comments, escalations=escalations
        ),
        subtasks=with_deadline_history(task.subtasks.visible_to(user).for_listing()).order_by(
            "order"
        ),
    )


# The task's history ----------------------------------------------------------------------


@dataclass
class TimelineEntry:
    when: object
    who: str
    kind: str
    text: str


TASK_FIELDS = {
    "title": "任务名称",
    "deadline": "完成时限",
    "progress": "完成进度",
    "status": "状态",
    "text": "任务内容",
    "weight": "权重",
    "section": "所属板块",
}
REPORT_EVENTS = {
    "draft": "保存了进展草稿",
    "submitted": "报送了进展",
    "returned": "退回了报送",
    "approved": "审核通过了报送",
}


def _shown(field: str, value, sections: dict) -> str:
    """A history value as the office reads it: 已完成 rather than done."""
    if value in (None, ""):
        return "—"
    if field == "status":
        return TaskStatus(value).label if value in TaskStatus.values else str(value)
    if field == "section":
        return sections.get(value) or str(value)
    return str(value)


def _who(record) -> str:
    user = record.history_user
    return user.display_name if user else "系统"


def report_event(record, before: tuple | None) -> str | None:
    """The timeline's line for one saved version of a report (a history record, or the report
    itself just after a save); `before` is (status, version) of the version before it."""
    if before == (record.status, record.version):
        return None  # a save that changed nothing a reader cares about
    if before is not None and before[0] == record.status:
        event = "保存了进展草稿"  # e.g. a returned report being corrected
    else:
        event = REPORT_EVENTS.get(record.status)
    if event is None:
        return None
    text = f"{event}（完成进度 {record.percent}%，第 {record.version} 版）"
    changed_status = before is None or before[0] != record.status
    if changed_status and record.status in ("returned", "approved") and record.review_comment:
        text += f"：{record.review_comment}"
    return text


def task_timeline(
    *, task: Task, delays=None, comments=None, escalations=None
) -> list[TimelineEntry]:
    """Every change to the task, its units, targets, reports, delays and comments, newest first.

    Built from django-simple-history's tables, so it covers edits made anywhere (pages, admin,
    imports), in a fixed number of queries. The task's delays, comments and escalations may be
    passed in when the caller has them already (newest first).
    """
    entries: list[TimelineEntry] = []
    # The section's name in the same query: moves between sections are shown by name.
    section_label = Section.objects.filter(pk=OuterRef("section_id")).annotate(
        label=Concat("number", Value("、"), "title", output_field=CharField())
    )
    records = list(
        task.history.select_related("history_user")
        .annotate(section_label=Subquery(section_label.values("label")[:1]))
        .order_by("history_date")
    )
    sections = {r.section_id: r.section_label for r in records}
    for previous, record in zip([None, *records], records, strict=False):
        if record.history_type == "+":
            entries.append(TimelineEntry(record.history_date, _who(record), "edit", "创建了任务"))
            continue
        if previous is None:
            continue
        changes = []
        for change in record.diff_against(previous, included_fields=TASK_FIELDS).changes:
            label = TASK_FIELDS[change.field]
            old = _shown(change.field, change.old, sections)
            new = _shown(change.field, change.new, sections)
            changes.append(f"{label}：{old} → {new}")
        if changes:
            note = f"（{record.history_change_reason}）" if record.history_change_reason else ""
            entries.append(
                TimelineEntry(
                    record.history_date, _who(record), "edit", "修改了" + "；".join(changes) + note
                )
            )
    for record in TaskUnit.history.filter(task_id=task.pk).select_related("history_user", "unit"):
        unit = record.unit.name if record.unit_id else "单位"
        role = "牵头" if record.role == TaskUnit.Role.LEAD else "配合"
        if record.history_type == "+":
            text = f"交办给{unit}（{role}）"
        elif record.history_type == "-":
            text = f"取消了{unit}的{role}分工"
        elif record.receipt == TaskUnit.Receipt.CONFIRMED:
            text = f"{unit}签收了任务"
        elif record.receipt == TaskUnit.Receipt.ADJUST:
            text = f"{unit}申请调整：{record.receipt_note}"
        else:
            text = f"{unit}的分工已调整，待重新签收"
        entries.append(TimelineEntry(record.history_date, _who(record), "assignment", text))
    targets = Target.history.filter(task_id=task.pk).select_related("history_user")
    for record in targets:
        if record.history_type == "~" and record.latest_actual is not None:
            value = f"{record.latest_actual.normalize():f}{record.unit}"
            text = f"指标“{record.indicator}”最新实际值更新为 {value}"
            entries.append(TimelineEntry(record.history_date, _who(record), "target", text))
    reports = ProgressReport.history.filter(task_id=task.pk).select_related("history_user")
    last_seen: dict[int, tuple] = {}
    for record in reports.order_by("history_date"):
        before = last_seen.get(record.id)
        last_seen[record.id] = (record.status, record.version)
        text = report_event(record, before)
        if text:
            entries.append(TimelineEntry(record.history_date, _who(record), "report", text))
    if delays is None:
        delays = DelayRequest.objects.filter(task=task).select_related("requested_by", "decided_by")
    for delay in delays:
        old = delay.old_deadline or "未设定"
        text = f"申请延期：{old} → {delay.new_deadline}，理由：{delay.reason}"
        entries.append(
            TimelineEntry(delay.created_at, delay.requested_by.display_name, "delay", text)
        )
        if delay.decided_at:
            verdict = "同意" if delay.status == DelayRequest.Status.APPROVED else "不同意"
            comment = f"，意见：{delay.decision_comment}" if delay.decision_comment else ""
            entries.append(
                TimelineEntry(
                    delay.decided_at,
                    delay.decided_by.display_name,
                    "delay",
                    f"{verdict}延期至 {delay.new_deadline}{comment}",
                )
            )
    if escalations is None:
        escalations = Escalation.objects.filter(task=task).select_related(
            "unit", "created_by", "replied_by"
        )
    for item in escalations:
        who = item.created_by.display_name if item.created_by else "系统"
        late = f"（逾期 {item.days_late} 个工作日）" if item.days_late else ""
        text = f"{item.get_step_display()}{item.unit.name}{late}"
        entries.append(TimelineEntry(item.created_at, who, "escalation", text))
        if item.replied_at:
            text = f"回复{item.get_step_display()}：{item.reply}"
            entries.append(
                TimelineEntry(item.replied_at, item.replied_by.display_name, "escalation", text)
            )
    if comments is None:
        comments = LeaderComment.objects.filter(task=task).select_related("author")
    for comment in comments:
        entries.append(
            TimelineEntry(
                comment.created_at, comment.author.display_name, "comment", f"批示：{comment.text}"
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries


def saved_report_entry(report: ProgressReport, user) -> TimelineEntry | None:
    """The timeline's line for the save report_save has just made, without reading the whole
    timeline again: the words task_timeline gives the save's history record."""
    text = report_event(report, report.previous_state)
    return TimelineEntry(report._history_date, user.display_name, "report", text) if text else None


def review_queue(*, user):
    """Submitted reports of the admin's bureau, oldest first."""
    plans = Plan.objects.managed_by(user)
    return (
        ProgressReport.objects.filter(status=ReportStatus.SUBMITTED, task__plan__in=plans)
        .select_related("task", "task__section", "task__plan", "period", "unit", "author")
        .prefetch_related("actuals__target", "attachments")
        .order_by("submitted_at")
    )


def with_cooperations(reports: list[ProgressReport]) -> list[ProgressReport]:
    """The reports, each with `cooperations`: the co-units' 配合情况 for its task and period (by
    unit order), read in one query for all of them, for the office to read beside the report."""
    by_report: dict[tuple[int, int], list[Cooperation]] = {}
    if reports:
        tasks = {report.task_id for report in reports}
        periods = {report.period_id for report in reports}
        for item in (
            Cooperation.objects.filter(task_id__in=tasks, period_id__in=periods)
            .select_related("unit")
            .order_by("unit__sort_order", "unit__name", "pk")
        ):
            by_report.setdefault((item.task_id, item.period_id), []).append(item)
    for report in reports:
        report.cooperations = by_report.get((report.task_id, report.period_id), [])
    return reports
