// Behaviour that does not belong in attributes. htmx itself comes from django-htmx's vendored copy.
// The Content-Security-Policy allows no inline script or event-handler attribute: what the
// templates need from JavaScript is here.

// htmx sends the CSRF token (from <meta name="csrf-token"> in base.html) with every request.
document.addEventListener("htmx:configRequest", (event) => {
  const meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) event.detail.headers["X-CSRFToken"] = meta.content;
});

// 打印 buttons (data-print).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

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

// A file input hidden behind its 选择文件 label (data-file-name: the id of the element that
// shows the choice) names the chosen file beside it. Without JavaScript the label still opens
// the picker. Delegated, so it works in forms htmx swaps in.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file") return;
  const shown = input.dataset.fileName && document.getElementById(input.dataset.fileName);
  if (shown) shown.textContent = Array.from(input.files, (file) => file.name).join("、");
});

// 引用到工作进展: a co-unit's 配合情况 appended to the lead unit's narrative, attributed
// (data-quote-into: the textarea's id; data-quote: the text). The buttons stay hidden without
// JavaScript, where the page says to copy the text instead.
function showQuoteButtons(root) {
  root.querySelectorAll("[data-quote-into][hidden]").forEach((button) => { button.hidden = false; });
}
document.addEventListener("DOMContentLoaded", () => showQuoteButtons(document));
document.addEventListener("htmx:load", (event) => showQuoteButtons(event.detail.elt));
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-quote-into]");
  if (!button) return;
  const field = document.getElementById(button.dataset.quoteInto);
  if (!field) return;
  const quote = button.dataset.quote;
  if (!field.value.includes(quote)) {
    const before = field.value.trimEnd();
    field.value = before ? `${before}\n${quote}` : quote;
  }
  field.focus();
  field.setSelectionRange(field.value.length, field.value.length);
});
