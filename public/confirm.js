// Plain forms that change something irreversible ask first: a form with
// data-confirm="question" is sent only when the person agrees. A file of
// its own (not an inline handler) so the Content-Security-Policy can refuse
// every inline script but Leptos' own.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
