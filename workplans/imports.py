"""Importing a plan: upload → parsed draft → edits under a version check → publish.

Views, the import_plan command and seed_demo all go through these functions.
"""

import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from workplans import drafts
from workplans.models import Bureau, Plan, PlanImport, Unit, User
from workplans.parsing import PlanImportError, PlanOutline, UnitMatcher, parse_document
from workplans.parsing.budget import within_budget
from workplans.parsing.outline import SUMMARY
from workplans.parsing.reading import read_pasted_text, read_upload
from workplans.services.plans import plan_create_from_outline
from workplans.services.statuses import statuses_recompute

logger = logging.getLogger(__name__)


class DraftConflict(ValidationError):
    """Someone else saved the draft since this user loaded it."""


def unit_names_known(bureau: Bureau) -> set[str]:
    """Every name (and alias) by which the bureau's units may appear in a plan."""
    return set(Unit.objects.known_in(bureau).only("name", "aliases").by_name())


def unit_matcher_for(bureau: Bureau) -> UnitMatcher:
    units = Unit.objects.known_in(bureau).only("name", "aliases")
    return UnitMatcher({unit.name: unit.alias_list for unit in units})


def read_and_parse(filename: str, data: bytes | None, text: str | None, *, units, year):
    """The upload (or pasted text) read and parsed: no database here (it runs in the budgeted
    child process of within_budget)."""
    document = read_upload(filename, data) if data is not None else read_pasted_text(text or "")
    return document, parse_document(document, units=units, year=year)


def reread_and_parse(text: str, *, units, year, column_roles: dict[int, str]) -> PlanOutline:
    """A draft's stored source text parsed again with its table's columns read as given (in the
    budgeted child, like read_and_parse)."""
    return parse_document(read_pasted_text(text), units=units, year=year, column_roles=column_roles)


def _count_achievements(outline: PlanOutline) -> int:
    def count(tasks) -> int:
        return sum(len(task.achievements) + count(task.subtasks) for task in tasks)

    return sum(count(section.tasks) for section in [*outline.summary, *outline.sections])


def check_importable(outline: PlanOutline) -> None:
    """Refuse what is not a plan: a work summary (results, no tasks), or a document in which no
    task was found (its warnings say why). Raises PlanImportError."""
    if outline.kind == SUMMARY:
        found = _count_achievements(outline)
        counted = f"（找到 {found} 项已取得的成绩）" if found else ""
        raise PlanImportError(f"这份文件是工作总结{counted}，不是工作要点，不能导入为任务。")
    if not any(True for _ in outline.iter_tasks()):
        reasons = "；".join(warning.message for warning in outline.warnings)
        raise PlanImportError(reasons or "文件中没有找到任何任务，不能导入为工作要点。")


def plan_import_create(
    *,
    user: User,
    bureau: Bureau,
    filename: str = "",
    data: bytes | None = None,
    text: str | None = None,
    year: int | None = None,
) -> PlanImport:
    """Parse an upload (or pasted text) into a draft. Re-importing the same plan (same title and
    year) replaces its draft. Raises PlanImportError with a message for the user."""
    document, outline = within_budget(
        read_and_parse, filename, data, text, units=unit_matcher_for(bureau), year=year
    )
    kind = document.kind if data is not None else PlanImport.Kind.PASTE
    if not outline.year:
        raise PlanImportError("无法从文件中识别年度，请在“年度”中填写后重新导入。")
    check_importable(outline)
    draft = drafts.draft_from_outline(outline)
    with transaction.atomic():
        existing = (
            PlanImport.objects.select_for_update()
            .filter(bureau=bureau, year=outline.year, title=outline.title[:200])
            .filter(status=PlanImport.Status.DRAFT)
            .first()
        )
        plan_import = existing or PlanImport(bureau=bureau, created_by=user)
        plan_import.title = outline.title[:200]
        plan_import.year = outline.year
        plan_import.source_name = filename[:255]
        plan_import.source_kind = kind
        plan_import.source_text = document.text
        plan_import.outline = draft
        plan_import.summary_found = outline.summary_found
        plan_import.updated_by = user
        plan_import.version = (existing.version + 1) if existing else 1
        plan_import.full_clean(validate_constraints=False)
        plan_import.save()
    return plan_import


def plan_import_reparse(
    *, plan_import: PlanImport, version: int, user: User, column_roles: dict[int, str]
) -> PlanImport:
    """Parse the draft's source again with its table's columns read as the admin chose
    ({column index: role}); the new reading replaces the draft (earlier edits included). Refuses
    a role or column that does not exist, or a reading without a task column, and a draft that
    moved on since `version`; nothing is saved then."""
    current = PlanImport.objects.select_related("bureau").get(pk=plan_import.pk)
    _check_editable(current, version)  # before the parse: a stale page costs nothing
    previous = list(current.outline.get("columns") or [])
    roles = drafts.column_roles(current.outline, column_roles)
    try:
        outline = within_budget(
            reread_and_parse,
            current.source_text,
            units=unit_matcher_for(current.bureau),
            year=current.year,
            column_roles=roles,
        )
        check_importable(outline)
    except PlanImportError as error:
        raise ValidationError(f"按新的列含义没能解析：{error.message}") from error
    draft = drafts.draft_from_outline(outline)
    drafts.keep_column_roles(draft, previous, roles)
    with transaction.atomic():
        current = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
        _check_editable(current, version)
        current.outline = draft
        current.summary_found = outline.summary_found
        current.version += 1
        current.updated_by = user
        current.save(
            update_fields=["outline", "summary_found", "version", "updated_by", "updated_at"]
        )
    return current


def plan_import_edit(
    *, plan_import: PlanImport, version: int, user: User, change: Callable[[dict], None]
) -> PlanImport:
    """Apply one edit to the draft, refusing it when the draft moved on since `version`."""
    with transaction.atomic():
        current = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
        _check_editable(current, version)
        outline = current.outline
        change(outline)
        current.outline = outline
        current.version += 1
        current.updated_by = user
        current.save(update_fields=["outline", "version", "updated_by", "updated_at"])
    return current


def _check_editable(current: PlanImport, version: int) -> None:
    if current.status != PlanImport.Status.DRAFT:
        raise ValidationError(f"该导入{current.get_status_display()}，不能再修改。")
    if current.version != version:
        who = current.updated_by.display_name if current.updated_by else "其他人"
        when = timezone.localtime(current.updated_at).strftime("%H:%M:%S")
        raise DraftConflict(
            f"{who} 在 {when} 修改了这份草稿，您的这次修改没有保存。"
            "页面已显示最新内容，请核对后重新修改。"
        )


def plan_import_add_unit(
    *, plan_import: PlanImport, version: int, user: User, name: str, kind: str
) -> PlanImport:
    """Create a unit the document named but the bureau did not have, and use it in the draft."""
    name = name.strip()
    if not name:
        raise ValidationError("单位名称不能为空。")
    with transaction.atomic():
        unit, created = Unit.objects.get_or_create(
            bureau=plan_import.bureau, name=name, defaults={"kind": kind or Unit.Kind.OTHER}
        )
        if not created and not unit.is_active:
            # Adding a stopped unit by name means using it again: publishing accepts only
            # active units (Unit.objects.known_in).
            unit.is_active = True
            unit._history_user = user
            unit.save(update_fields=["is_active"])
        return plan_import_edit(
            plan_import=plan_import,
            version=version,
            user=user,
            change=lambda outline: drafts.rename_unit(outline, name, unit.name),
        )


@transaction.atomic
def plan_import_publish(*, plan_import: PlanImport, version: int, user: User) -> Plan:
    current = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
    _check_editable(current, version)
    missing = sorted(drafts.unit_names_used(current.outline) - unit_names_known(current.bureau))
    if missing:
        raise ValidationError(
            f"以下单位尚未添加到本局的责任单位：{'、'.join(missing)}。请先添加为新单位或改选已有单位。"
        )
    if Plan.objects.filter(bureau=current.bureau, year=current.year, title=current.title).exists():
        raise ValidationError(
            f"本局已有同名的 {current.year} 年工作要点“{current.title}”。"
            "如需替换，请先在后台删除或改名原工作要点，再发布。"
        )
    outline = {**current.outline, "title": current.title, "year": current.year}
    try:
        plan = plan_create_from_outline(
            bureau=current.bureau, outline=outline, status=Plan.Status.PUBLISHED
        )
    except IntegrityError as exc:
        logger.warning("publishing import %s failed: %s", current.pk, exc)
        raise ValidationError("发布失败：数据与已有工作要点冲突，请检查后重试。") from exc
    statuses_recompute(plan_ids=[plan.pk])  # a plan published late is 逾期 from the start
    current.status = PlanImport.Status.PUBLISHED
    current.plan = plan
    current.version += 1
    current.updated_by = user
    current.save(update_fields=["status", "plan", "version", "updated_by", "updated_at"])
    return plan


def plan_import_discard(*, plan_import: PlanImport, version: int, user: User) -> None:
    with transaction.atomic():
        current = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
        _check_editable(current, version)
        current.status = PlanImport.Status.DISCARDED
        current.updated_by = user
        current.version += 1
        current.save(update_fields=["status", "version", "updated_by", "updated_at"])
