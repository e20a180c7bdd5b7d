"""Reading and parsing an upload under a time and memory budget.

The work runs in a forked child process whose address space is capped; the parent waits at most
the time budget. A file that would take the server minutes or gigabytes (a crafted zip, a
pathological text) ends in a Chinese message within that time and the web worker carries on;
the child is killed. Where fork is not available (Windows), the work runs in the caller.

The child must not touch the database: the caller reads what the parser needs (the bureau's
unit names) first and passes it in. It leaves with os._exit (multiprocessing's way), so the
parent's connections are not closed by it.
"""

import multiprocessing
import os
import resource
import traceback

from django.conf import settings

from workplans.parsing.errors import PlanImportError

MSG_TIMEOUT = (
    "文件解析超时（超过 {seconds} 秒）：文件可能过于复杂或已损坏。"
    "请删去无关内容后重新上传，或复制正文粘贴到下面的文本框。"
)
MSG_MEMORY = (
    "解析这个文件占用的内存超出上限，已停止：文件可能是压缩炸弹或内容过于庞大。"
    "请确认上传的是工作要点正文。"
)


def within_budget(function, *args, **kwargs):
    """function(*args, **kwargs) in a child with IMPORT_PARSE_SECONDS and IMPORT_PARSE_MEMORY_MB;
    its PlanImportError is raised here with the same message."""
    seconds = settings.IMPORT_PARSE_SECONDS
    if not seconds or not hasattr(os, "fork"):
        return function(*args, **kwargs)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    memory = settings.IMPORT_PARSE_MEMORY_MB * 2**20
    child = context.Process(target=_child, args=(sender, memory, function, args, kwargs))
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise PlanImportError(MSG_TIMEOUT.format(seconds=seconds))
        try:
            kind, value = receiver.recv()
        except EOFError:  # the child died before answering (out of memory, or killed)
            raise PlanImportError(MSG_MEMORY) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receiver.close()
    if kind == "ok":
        return value
    if kind == "refused":
        raise PlanImportError(value)
    if kind == "memory":
        raise PlanImportError(MSG_MEMORY)
    raise RuntimeError(f"the parser failed in its child process:\n{value}")


def _child(sender, memory: int, function, args, kwargs) -> None:
    used = _address_space()
    if used is not None:
        limit = used + memory
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        answer = ("ok", function(*args, **kwargs))
    except PlanImportError as error:
        answer = ("refused", str(error))
    except MemoryError:
        answer = ("memory", "")
    except Exception:  # noqa: BLE001 - sent to the parent, which raises it as a server error
        answer = ("error", traceback.format_exc())
    try:
        sender.send(answer)
    except MemoryError:
        sender.send(("memory", ""))
    sender.close()


def _address_space() -> int | None:
    """This process's virtual size in bytes (Linux), the base the memory budget is added to."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return None
