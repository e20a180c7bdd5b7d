import argparse
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from workplans.dataset import DATASET_PASSWORD, MAX_PERIODS, DatasetError, dataset_generate


def _integer(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"须为整数，收到 “{value}”") from None


class Command(BaseCommand):
    help = (
        "生成基准测试用的合成数据：N 个机构（各含 15–25 个责任单位、督查室管理员、局领导和若干"
        "科室人员），每个机构一份已发布的年度工作要点（6–8 个板块、M 项任务，含牵头/配合单位、"
        "完成时限、权重、进度、状态和约四成任务的量化指标）。全部在一个事务中批量写入；同一 "
        "--seed 生成完全相同的数据，机构已存在时报错且不写入任何数据。"
        f"--periods P（1–{MAX_PERIODS}）：目前还没有报送周期模型，P 只用于推算截至第 P 期"
        "（即全年的 P/12）的任务进度、状态和指标最新实际值；报送周期和报送记录将在相应模型"
        "建立后生成（issue 5）。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--bureaus", type=_integer, required=True, metavar="N", help="机构数量（≥1）"
        )
        parser.add_argument(
            "--tasks-per-plan",
            type=_integer,
            required=True,
            metavar="M",
            help="每份工作要点的任务数（≥1）",
        )
        parser.add_argument(
            "--periods",
            type=_integer,
            required=True,
            metavar="P",
            help=(
                f"报送期数（1–{MAX_PERIODS}，按月）。暂时只决定进度截至哪个月；"
                "报送周期和报送记录待相应模型建立后生成（issue 5）"
            ),
        )
        parser.add_argument(
            "--year", type=_integer, default=None, metavar="Y", help="年度（默认今年）"
        )
        parser.add_argument(
            "--seed", type=_integer, default=1, metavar="S", help="随机种子（默认 1）"
        )

    def handle(self, *args, **options) -> None:
        year = options["year"] if options["year"] is not None else timezone.localdate().year
        started = time.perf_counter()
        try:
            counts = dataset_generate(
                bureaus=options["bureaus"],
                tasks_per_plan=options["tasks_per_plan"],
                periods=options["periods"],
                year=year,
                seed=options["seed"],
            )
        except DatasetError as exc:
            raise CommandError(str(exc)) from exc
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"已生成 {year} 年数据集（seed={options['seed']}）："
            f"机构 {counts['bureaus']} 个，责任单位 {counts['units']} 个，"
            f"用户 {counts['users']} 个（所在单位 {counts['user_units']} 条），"
            f"工作要点 {counts['plans']} 份，板块 {counts['sections']} 个，"
            f"任务 {counts['tasks']} 项，任务分工 {counts['task_units']} 条，"
            f"量化指标 {counts['targets']} 条（有实际值 {counts['targets_with_actual']} 条），"
            f"用时 {elapsed:.1f} 秒；报送期数 {options['periods']} 目前只用于推算截至第 "
            f"{options['periods']} 期的进度，尚未生成报送周期和报送记录；"
            f"所有账号密码：{DATASET_PASSWORD}"
        )
