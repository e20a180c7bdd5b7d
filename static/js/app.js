// Behaviour that does not belong in attributes. htmx itself comes from django-htmx's vendored copy.

// A button may ask before its form is sent (data-confirm): hx-confirm on a button is ignored
// when the form is what htmx sends, as for 报送 beside 保存草稿.
// After an edit on the import review page, bring the edited task (or the message) back into view.
document.addEventListener("draft-saved", (event) => {
  const element = document.getElementById(event.detail.focus);
  if (element) element.scrollIntoView({ block: "center" });
});

document.addEventListener("htmx:confirm", (event) => {
  const trigger = event.detail.triggeringEvent;
  const question = trigger && trigger.submitter && trigger.submitter.dataset.confirm;
  if (!question) return;
  event.preventDefault();
  if (window.confirm(question)) event.detail.issueRequest(true);
});
document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  const message = status === 403 ? "您没有权限执行该操作。"
    : status === 404 ? "内容不存在或已被删除。"
    : status === 400 ? "提交的内容有误，请检查后重试。"
    : "服务器暂时无法处理请求，请稍后重试。";
  window.alert(message);
});
