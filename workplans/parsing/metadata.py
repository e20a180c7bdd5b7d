"""The plan inside its wrapper: title, year, issuer, 文号 and date, and what is web-page chrome."""

import datetime as dt
import re

from workplans.parsing.structure import Line

CHROME = re.compile(
    r"^(?:[•·]\s*)?(?:扫一扫|字体|【|打印本页|关闭窗口|信息来源|来源[:：]|作者[:：]|浏览量|浏览次数|"
    r"访问次数|阅读次数|发布时间|发布日期|附件下载|附件[:：]?$|相关附件|当前页面|当前位置|您当前的位置|"
    r"索引号|主题分类|所属类目|公开类别|公开方式|公开范围|信息类别|发布机构|机构名称|发文字号|"
    r"发文日期|成文日期|文\s*号[:：]|体\s*裁|分享到|上一篇|下一篇|相关文章|相关链接|文件预览|当前页二维码|"
    r"政策咨询|咨询部门|手机号码|验证码|是否公开|姓\s*名|邮\s*箱|标\s*题|内\s*容|网站|主动公开$|"
    r"首页|版权所有|主办单位|承办单位|联系我们|网站地图|ICP|【打印】|【关闭】|"
    r"[（(]此件|附件\s*\d*\s*[:：]|抄送|主送[:：]|印发[:：]|联系人|联系电话|"
    r"原创力文档|文档评论|侵权投诉|下载积分|VIP|\d+\s*页$|\d+(?:\.\d+)?\s*[KM]B$|\d+\+$|海报$)"
)
WEB_TITLE_SUFFIX = re.compile(r"[_|｜].*$")
PLAN_TITLE = re.compile(
    r"(?:(?P<year>20\d\d)\s*年)?.{0,30}?(?:工作要点|工作计划|重点工作(?:任务)?|工作安排|工作思路|"
    r"任务分工|分工方案|工作任务|行动方案|实施方案|行动计划|工作方案)"
)
SUMMARY_TITLE = re.compile(
    r"(?:20\d\d\s*年.{0,30}?(?:工作总结|工作情况|总结|自查报告|自评报告|自查情况)"
    r"|(?:工作总结|自查报告)(?:范文|报告|汇报)?$)"
)
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fa5]{1,10}\s*[〔\[［【(（]\s*(?:19|20)\d\d\s*[〕\]］】)）]\s*\d{1,4}\s*号"
)
# A 文号 line written without its brackets or 号: 临卫发2024-7, 临卫发〔2024〕7.
BARE_DOC_NUMBER = re.compile(
    r"^(?P<org>[\u4e00-\u9fa5]{1,10}?(?:发|函|字|办|通|规))\s*[〔\[［【(（]?\s*(?P<year>(?:19|20)\d\d)"
    r"\s*[〕\]］】)）\-－—]?\s*(?P<number>\d{1,4})\s*号?$"
)
LABELLED = {
    "doc_number": re.compile(r"(?:发文字号|文号|发文编号)\s*[:：]\s*(?P<v>.+)$"),
    "issued": re.compile(r"(?:发文日期|成文日期|印发日期)\s*[:：]\s*(?P<v>.+)$"),
    "published": re.compile(
        r"(?:发布日期|发布时间)\s*[:：]?\s*(?P<v>20\d\d[-年./]\d{1,2}[-月./]\d{1,2})"
    ),
    "issuer": re.compile(r"(?:发文机关|发布机构|机构名称|发文单位)\s*[:：]\s*(?P<v>[^\s:：]+)"),
}
DATE_LINE = re.compile(
    r"^(?P<y>20\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?:印发|发布|制)?$"
    r"|^(?P<compact>20\d\d[01]?\d[0-3]?\d)$"  # 2024327, as typed under a signature
)
DATE_ANY = re.compile(r"(?P<y>20\d\d)\s*[-年./]\s*(?P<m>\d{1,2})\s*[-月./]\s*(?P<d>\d{1,2})")
NOTICE_TITLE = re.compile(r"(?:印发|转发|下发|关于).{0,20}?《([^》]{4,60})》")
NUMBERED_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d+[.、．]|"
    r"第[一二三四五六七八九十]+(?:部分|篇|章))"
)
ORG_LINE = re.compile(
    r"^[\u4e00-\u9fa5（）()]{4,40}(?:局|委员会|卫健委|委|党组|政府|办公室|办公厅|中心)$"
)


def signature_parts(text: str) -> tuple[list[str], str | None] | None:
    """A signature line: issuer names, optionally with the date on the same line."""
    parts = [p for p in re.split(r"[\s\xa0\u3000]{2,}", text) if p]
    names = [p for p in parts if ORG_LINE.match(p)]
    dates = [p for p in parts if DATE_LINE.match(p)]
    if names and len(names) + len(dates) == len(parts):
        return names, dates[0] if dates else None
    return None


# What a document-sharing site prints at every page break: skipped wherever it appears.
PAGE_FURNITURE = re.compile(
    r"^(?:第\s*\d+\s*页\s*[/／]\s*共\s*\d+\s*页|.{1,80}\.(?:docx?|pdf|wps)_第\s*\d+\s*页|"
    r"上传人[:：].*|返回\s+下载.*|.{0,20}文档编号[:：].*)$"
)


def is_page_furniture(text: str) -> bool:
    return bool(PAGE_FURNITURE.match(text))


def is_chrome(text: str) -> bool:
    return bool(CHROME.match(text))


def doc_number_in(text: str) -> str | None:
    """The 文号 in a line, written the standard way (临卫发〔2024〕7号), spaces taken out."""
    match = DOC_NUMBER.search(text)
    if match:
        standard = re.sub(r"\s+", "", match.group(0))
        return re.sub(r"[\[［【(（](\d{4})[\]］】)）]", r"〔\1〕", standard)
    bare = BARE_DOC_NUMBER.match(text.strip())
    if bare:
        return f"{bare['org']}〔{bare['year']}〕{bare['number']}号"
    return None


def _compact_date(digits: str) -> dt.date | None:
    """2024327 → 2024-03-27; two-digit months first (2024111 → 2024-11-01)."""
    year, rest = int(digits[:4]), digits[4:]
    for cut in (2, 1):
        try:
            return dt.date(year, int(rest[:cut]), int(rest[cut:]))
        except ValueError:
            continue
    return None


def parse_date(text: str) -> dt.date | None:
    compact = re.fullmatch(r"\s*(20\d{5,6})\s*", text)
    if compact:
        return _compact_date(compact.group(1))
    match = DATE_ANY.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def is_plan_title(text: str) -> bool:
    if len(text) > 60 or "。" in text or text.startswith(("现将", "根据", "按照")):
        return False
    if NUMBERED_HEADING.match(text):
        return False  # a numbered heading inside a document, not the document's title
    return bool(PLAN_TITLE.search(WEB_TITLE_SUFFIX.sub("", text))) and "《" not in text


def is_summary_title(text: str) -> bool:
    return len(text) <= 40 and "。" not in text and bool(SUMMARY_TITLE.search(text))


def plan_title_in(text: str) -> str | None:
    """The plan's title in a line: the line itself, or the 《…》 of 关于印发《…》的通知."""
    if is_plan_title(text):
        return clean_title(text)
    quoted = NOTICE_TITLE.search(text)
    if quoted and is_plan_title(quoted.group(1)):
        return quoted.group(1).strip()
    return None


def clean_title(text: str) -> str:
    return WEB_TITLE_SUFFIX.sub("", text).strip(" 　")


def read_metadata(lines: list[Line]) -> dict:
    """What the wrapper says about the plan: labelled fields first, then the 通知's signature."""
    found: dict = {"doc_number": None, "issued_date": None, "issuer": None}
    published = None
    signature: list[str] = []
    for index, line in enumerate(lines):
        text = line.text
        for key, pattern in LABELLED.items():
            match = pattern.search(text)
            if not match:
                continue
            value = match.group("v").strip()
            if key == "doc_number" and doc_number_in(value):
                found["doc_number"] = found["doc_number"] or doc_number_in(value)
            elif key == "issued":
                found["issued_date"] = found["issued_date"] or parse_date(value)
            elif key == "published":
                published = published or parse_date(value)
        if (
            not found["doc_number"]
            and len(text) <= 30
            and doc_number_in(text)
            and (DOC_NUMBER.fullmatch(text.replace(" ", "")) or BARE_DOC_NUMBER.match(text))
        ):
            found["doc_number"] = doc_number_in(text)
        if DATE_LINE.match(text):
            found["issued_date"] = found["issued_date"] or parse_date(text)
            signature = signature or _signature_above(lines, index)
        one_line = signature_parts(text)
        if one_line and one_line[1]:
            found["issued_date"] = found["issued_date"] or parse_date(one_line[1])
            signature = signature or one_line[0]
    if signature:
        found["issuer"] = "、".join(signature)
    else:
        for line in lines:
            match = LABELLED["issuer"].search(line.text)
            if match:
                found["issuer"] = match.group("v").strip()
                break
    found["issued_date"] = found["issued_date"] or published
    return found


def _signature_above(lines: list[Line], date_index: int) -> list[str]:
    names = []
    for line in reversed(lines[max(0, date_index - 3) : date_index]):
        if ORG_LINE.match(line.text):
            names.insert(0, line.text)
        else:
            break
    return names
