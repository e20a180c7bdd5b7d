from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tasks.demo import DEMO_BUREAU, DEMO_PASSWORD, DEMO_USERS, demo_seed


class Command(BaseCommand):
    help = "载入演示数据：演示机构、责任单位、各角色用户和一份工作要点（可重复运行）。"

    def handle(self, *args, **options) -> None:
        try:
            result = demo_seed()
        except ValidationError as exc:
            raise CommandError("演示数据未载入（已全部撤销）：" + "；".join(exc.messages)) from exc
        if result.created:
            self.stdout.write(
                f"已创建 {len(result.created)} 项："
                + "，".join(result.created[:8])
                + ("……" if len(result.created) > 8 else "")
            )
        else:
            self.stdout.write("演示数据已存在，无需改动。")
        self.stdout.write(f"\n演示机构：{DEMO_BUREAU}    所有演示账号的密码：{DEMO_PASSWORD}")
        for user in DEMO_USERS:
            units = "、".join(user.units) if user.units else "—"
            self.stdout.write(
                f"  {user.username:<10} {user.full_name}  {user.role.label:<10} {units}"
            )
