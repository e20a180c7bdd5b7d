from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from workplans.http import HtmxHttpRequest
from workplans.models import Plan


@require_GET
def plan_list(request: HtmxHttpRequest) -> HttpResponse:
    plans = Plan.objects.visible_to(request.user).select_related("bureau")
    return render(request, "workplans/plan_list.html", {"plans": plans})
