"""The 督办单 (formal supervision notice) as a Word file, built with python-docx."""

from io import BytesIO

from django.utils import timezone

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Working days a late unit is given to report, on the 督办单 and in the 通报.
REPORT_WITHIN_WORKDAYS = 3


def notice_docx(escalation) -> BytesIO:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    task, period = escalation.task, escalation.period
    document = Document()
    heading = document.add_heading("督  办  单", level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph(f"编号：DB-{escalation.created_at:%Y%m%d}-{escalation.pk:04d}")
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = [
        ("责任单位", escalation.unit.name),
        ("工作要点", task.plan.title),
        ("任务", f"{task.section.number}、{task.section.title} — {task.title}"),
        ("完成时限", task.deadline.strftime("%Y年%m月%d日") if task.deadline else "未设定"),
        ("报送期", f"{period.label}（截止 {period.due_date:%Y年%m月%d日}）"),
        ("逾期", f"{escalation.days_late} 个工作日未报送进展"),
        (
            "督办要求",
            escalation.note
            or f"请于收到本督办单后 {REPORT_WITHIN_WORKDAYS} 个工作日内在平台报送进展并回复。",
        ),
        ("单位回复", escalation.reply or "（请在督办平台填写回复）\n\n\n"),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_paragraph("")
    document.add_paragraph(
        f"督查室　{timezone.localdate():%Y年%m月%d日}"
    ).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = BytesIO()
    document.save(buffer)
    buffer.seek(0)
    return buffer
