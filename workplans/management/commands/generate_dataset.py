import argparse
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from bench.dataset import DATASET_PASSWORD, MAX_PERIODS, DatasetError, dataset_generate


def _integer(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"须为整数，收到 “{value}”") from None


class Command(BaseCommand):
    help = (
        "生成基准测试用的合成数据：N 个机构（各含 15–25 个责任单位、督查室管理员、局领导和若干"
        "科室人员），每个机构一份已发布的年度工作要点（6–8 个板块、M 项任务，含牵头/配合单位、"
        "完成时限、权重、进度、状态和约四成任务的量化指标），以及按月报送的数据：--periods P"
        f"（1–{MAX_PERIODS}）为每份工作要点生成当年 1 至 P 月共 P 个报送期（每月 25 日截止），"
        "前 P-1 期已截止、第 P 期报送中；约 85% 的任务在每个已截止的报送期有一条牵头单位的进展"
        "报送（大多已通过，最近两期有部分已报送待审核或已退回，约一成逾期报送），最近一次报送"
        "附指标实际值；约 30% 的任务在报送中的一期有草稿。任务进度、状态和指标最新实际值取"
        "督查室最近审核通过的报送。全部在一个事务中批量写入；同一 --seed 生成完全相同的数据，"
        "机构已存在时报错且不写入任何数据。"
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
                f"报送期数（1–{MAX_PERIODS}，按月）：生成 1 至 P 月的报送期，前 P-1 期已截止、"
                "第 P 期报送中，并生成各期的进展报送"
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
            f"报送期 {counts['periods']} 个（报送中 {counts['periods_open']} 个，"
            f"每份工作要点 {options['periods']} 期），"
            f"进展报送 {counts['reports']} 条（已通过 {counts['reports_approved']} 条，"
            f"已报送待审核 {counts['reports_submitted']} 条，"
            f"已退回 {counts['reports_returned']} 条，草稿 {counts['reports_draft']} 条），"
            f"指标实际值 {counts['target_actuals']} 条，"
            f"用时 {elapsed:.1f} 秒；所有账号密码：{DATASET_PASSWORD}"
        )
