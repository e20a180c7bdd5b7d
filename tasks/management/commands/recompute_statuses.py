from django.core.management.base import BaseCommand

from tasks.services.periods import statuses_and_unreported_recompute


class Command(BaseCommand):
    help = (
        "按今天的日期重算所有已发布任务的状态、状态说明和“未报送”标记（与每天夜里的定时任务相同）。"
    )

    def handle(self, *args, **options) -> None:
        counts = statuses_and_unreported_recompute()
        self.stdout.write(
            f"已重算 {counts['tasks']} 项任务：状态变化 {counts['changed']} 项，"
            f"写入 {counts['written']} 项，未报送 {counts['unreported']} 项。"
        )
