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

// The header's search box (clients/_quick_search_box.html): "/" anywhere but in a field
// focuses it; fewer than two characters ask nothing; Escape closes the results; the arrow
// keys move between the box and the results.
const quickSearch = () => document.querySelector("[data-quick-search]");
const quickResults = (form) => form.querySelector("#quick-search-results");
const quickLinks = (form) => [...quickResults(form).querySelectorAll("a")];
const SHORTEST_QUERY = 2;

const isTypingIn = (element) =>
  element instanceof HTMLElement &&
  (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));

document.addEventListener("keydown", (event) => {
  const form = quickSearch();
  if (!form || event.defaultPrevented) return;
  const box = form.querySelector("input[name=q]");
  if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey) {
    if (!isTypingIn(document.activeElement)) {
      event.preventDefault();
      box.focus();
      box.select();
    }
    return;
  }
  if (!form.contains(document.activeElement)) return;
  if (event.key === "Escape") {
    quickResults(form).replaceChildren();
    box.focus();
    return;
  }
  if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
  const stops = [box, ...quickLinks(form)];
  const at = stops.indexOf(document.activeElement);
  if (at < 0 || stops.length < 2) return;
  event.preventDefault();
  const step = event.key === "ArrowDown" ? 1 : -1;
  stops[(at + step + stops.length) % stops.length].focus();
});

document.addEventListener("htmx:beforeRequest", (event) => {
  const form = quickSearch();
  const box = event.detail.elt;
  if (!form || !form.contains(box) || box.name !== "q") return;
  if (box.value.trim().length < SHORTEST_QUERY) {
    event.preventDefault();
    quickResults(form).replaceChildren();
  }
});

document.addEventListener("click", (event) => {
  const form = quickSearch();
  if (form && !form.contains(event.target)) quickResults(form).replaceChildren();
});

// The header's menu on a narrow screen (mteja.css): folded behind its "Menu" button, which
// unfolds it. Without JavaScript the menu is simply always shown.
const siteHeader = document.querySelector(".site-header");
const menuToggle = siteHeader && siteHeader.querySelector(".menu-toggle");
if (menuToggle) {
  siteHeader.classList.add("collapsible");
  menuToggle.addEventListener("click", () => {
    const open = siteHeader.classList.toggle("open");
    menuToggle.setAttribute("aria-expanded", String(open));
  });
}
