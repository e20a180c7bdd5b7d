import socket

from celery import shared_task


@shared_task(name="reports.record_worker_heartbeat", ignore_result=True)
def record_worker_heartbeat(source: str = "beat") -> None:
    from reports.services import heartbeat_record

    heartbeat_record(source=source, hostname=socket.gethostname())
