from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from config.http import HtmxHttpRequest
from tasks.selectors import plan_rollups
from workplans.forms import PlanTaskFilterForm
from workplans.models import Plan
from workplans.selectors import plan_outline


@require_GET
def plan_list(request: HtmxHttpRequest) -> HttpResponse:
    plans = Plan.objects.visible_to(request.user).select_related("bureau")
    return render(request, "workplans/plan_list.html", {"plans": plans})


@require_GET
@vary_on_headers("HX-Request")
def plan_detail(request: HtmxHttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(
        Plan.objects.visible_to(request.user).select_related("bureau"), pk=plan_id
    )
    form = PlanTaskFilterForm(request.GET, plan=plan)
    if not form.is_valid():
        raise BadRequest("筛选条件无效")
    outline = plan_outline(plan=plan, user=request.user, unit=form.cleaned_data["unit"])
    rollups = None if request.user.is_unit_staff or request.htmx else plan_rollups(plan=plan)
    if rollups:
        for row in outline.sections:
            row.rollup = rollups.sections.get(row.section.pk)
    template = "workplans/plan_detail.html"
    if request.htmx:
        template += "#plan-tasks"
    needs_periods = (
        not request.htmx
        and plan.status == Plan.Status.PUBLISHED
        and Plan.objects.managed_by(request.user).filter(pk=plan.pk).exists()
        and not plan.periods.exists()
    )
    context = {
        "plan": plan,
        "outline": outline,
        "filter_form": form,
        "rollups": rollups,
        "needs_periods": needs_periods,
    }
    return render(request, template, context)
