from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tasks.health import health_report


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report, database_ok = health_report()
    if not request.user.is_authenticated:
        # Anonymous callers (load balancers, probes) learn whether it works, not what it runs on.
        database = report.get("database")
        if isinstance(database, dict):
            database.pop("engine", None)
    return JsonResponse(
        report, status=200 if database_ok else 503, json_dumps_params={"ensure_ascii": False}
    )
