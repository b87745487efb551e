// A drop-down whose options HTMX replaces (the officers of the chosen office) keeps the
// option the user picked meanwhile, when that option is still offered: the reply to a
// change can arrive after the user has already chosen.
document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  if (target instanceof HTMLSelectElement) {
    target.dataset.keptValue = target.value;
  }
});
document.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  if (target instanceof HTMLSelectElement && target.dataset.keptValue) {
    const kept = target.dataset.keptValue;
    if ([...target.options].some((option) => option.value === kept)) {
      target.value = kept;
    }
    delete target.dataset.keptValue;
  }
});
