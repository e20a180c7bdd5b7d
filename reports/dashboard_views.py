"""The leader's pages: the bureau's plans in force (the page a leader lands on), a plan's
dashboard with its drill-down, and the oversight view of the bureaus a commission oversees.

Unit staff read their own tasks on the desk; these pages are for 局领导 and 督查室 (403 for
staff), and show only the plans and bureaus the user may read (404 for the others)."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from reports.dashboard import (
    current_plans,
    drill_tasks,
    figures_key,
    oversight_rows,
    plan_dashboard,
    plan_summaries,
    recent_activity,
    status_series,
    with_figures_key,
)
from reports.forms import DashboardForm
from workplans.forms import form_errors_text
from workplans.http import HtmxHttpRequest
from workplans.models import Bureau, Plan

STAFF_REFUSED = "总览供局领导和督查室查看；本单位的任务请在“我的任务”中查看。"


def refuse_unit_staff(user) -> None:
    if user.is_unit_staff:
        raise PermissionDenied(STAFF_REFUSED)


@require_GET
def leader_home(request: HtmxHttpRequest) -> HttpResponse:
    """A bureau's plans in force side by side, and the latest 批示 and review decisions. An
    oversight reader may open a bureau it oversees with ?bureau=<id>."""
    refuse_unit_staff(request.user)
    readable = Bureau.objects.readable_by(request.user)
    wanted = request.GET.get("bureau") or request.user.bureau_id
    if wanted is None:  # a platform superuser without a bureau: start from the oversight view
        return oversight(request)
    try:
        bureau = get_object_or_404(readable, pk=int(wanted))
    except (TypeError, ValueError) as error:
        raise BadRequest("机构编号无效") from error
    plans = current_plans(bureau.pk)
    summaries = plan_summaries(plans)
    comments, reviews = recent_activity(plans)
    chart = {
        "plans": [s.plan.title for s in summaries],
        "series": status_series([s.mix for s in summaries]),
        "links": [reverse("reports:plan-dashboard", args=[s.plan.pk]) for s in summaries],
    }
    context = {
        "bureau": bureau,
        "own": bureau.pk == request.user.bureau_id,
        "summaries": summaries,
        "comments": comments,
        "reviews": reviews,
        "chart": chart,
        "oversees": readable.exclude(pk=request.user.bureau_id).exists(),
    }
    return render(request, "reports/leader_home.html", context)


@require_GET
@vary_on_headers("HX-Request")
def plan_dashboard_view(request: HtmxHttpRequest, plan_id: int) -> HttpResponse:
    refuse_unit_staff(request.user)
    plans = with_figures_key(Plan.objects.visible_to(request.user))
    plan = get_object_or_404(plans.select_related("bureau"), pk=plan_id)
    if request.GET:
        form = DashboardForm(request.GET, plan=plan)
        if not form.is_valid():
            context = {"status": 400, "title": "筛选条件有误", "message": form_errors_text(form)}
            return render(request, "error.html", context, status=400)
        options = form.cleaned_data
    else:  # the plain URL: the form is only drawn when the cached body is rendered again
        form = SimpleLazyObject(lambda: DashboardForm(plan=plan))
        options = dict.fromkeys(DashboardForm.base_fields)
    period = options["period"]
    base = reverse("reports:plan-dashboard", args=[plan.pk])
    context = {
        "plan": plan,
        "form": form,
        "drill_base": f"{base}?period={period.pk}&" if period else f"{base}?",
        "drill": None,
    }
    if request.GET and form.drilled:
        # Lazy: the full page reads it only when its cached body has to be rendered again.
        context["drill"] = SimpleLazyObject(
            lambda: drill_tasks(
                plan, section=options["section"], unit=options["unit"], status=options["status"]
            )
        )
        context["drill_caption"] = form.caption()
    if request.htmx and request.htmx.target == "drill":
        return render(request, "reports/plan_dashboard.html#drill", context)
    today = timezone.localdate()
    key = figures_key(plan)
    context["awaiting_review"] = key.awaiting_review
    context["figures"] = SimpleLazyObject(
        lambda: plan_dashboard(plan, period=period, today=today, key=key)
    )
    own = context["own"] = plan.bureau_id == request.user.bureau_id
    context["can_review"] = own and request.user.is_bureau_admin
    # The rendered body is cached under what it shows: the plan's figures (their fingerprint and
    # the day), the URL's filters, the live 待审核 count and what differs between readers.
    context["body_key"] = [
        plan.pk,
        key.text,
        today.isoformat(),
        request.GET.urlencode(),
        key.awaiting_review,
        context["can_review"],
        own,
    ]
    return render(request, "reports/plan_dashboard.html", context)


@require_GET
def oversight(request: HtmxHttpRequest) -> HttpResponse:
    """The bureaus the user's bureau oversees, side by side, read-only."""
    refuse_unit_staff(request.user)
    bureaus = Bureau.objects.readable_by(request.user)
    if request.user.bureau_id is not None:
        bureaus = bureaus.exclude(pk=request.user.bureau_id)
    oversight = oversight_rows(bureaus)
    rows = oversight.rows
    chart = {
        "bureaus": [row.name for row in rows],
        "completion": [round(row.mix.completion_rate * 100, 1) for row in rows],
        "late": [row.mix.late for row in rows],
        "links": [f"{reverse('reports:leader-home')}?bureau={row.bureau_id}" for row in rows],
    }
    context = {"rows": rows, "chart": chart, "body_key": oversight.key}
    return render(request, "reports/oversight.html", context)
