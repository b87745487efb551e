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

// A refused form (core/form_errors.html): its error summary takes the focus, so keyboard and
// screen-reader users start from the list of what to fix; a link of the summary puts the
// cursor in its field (a plain jump to the anchor would only scroll).
const focusErrorSummary = (root) => {
  const summary = root.querySelector("[data-error-summary]");
  if (summary) summary.focus();
};
focusErrorSummary(document);
document.addEventListener("htmx:afterSwap", (event) => focusErrorSummary(event.detail.target));
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-error-summary] a[href^='#']");
  if (!link) return;
  const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field) return;
  event.preventDefault();
  field.scrollIntoView({ block: "center" });
  field.focus();
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

// A form marked data-submit-once (the import page's upload) is sent once: a second click while
// the upload is on its way would send it again, and the browser, showing the second answer,
// would not stop the server from starting the job of the first. Its button says it is busy.
// The page shown again from the history (Back) may send it anew, and so may the page whose
// sending the user stopped (Stop, Esc): the page stays as it was, the upload cut off.
const sendableAgain = (form) => {
  delete form.dataset.sent;
  for (const button of form.querySelectorAll("[aria-busy]")) button.removeAttribute("aria-busy");
};
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || !form.matches("form[data-submit-once]")) return;
  if (form.dataset.sent) {
    event.preventDefault();
    return;
  }
  form.dataset.sent = "true";
  if (event.submitter) event.submitter.setAttribute("aria-busy", "true");
  // The Navigation API tells a navigation aborted (a browser without it keeps the form unsent
  // until the page is shown again, as before).
  if (window.navigation) {
    window.navigation.addEventListener("navigateerror", () => sendableAgain(form), { once: true });
  }
});
window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[data-submit-once]")) sendableAgain(form);
});

// A block that replaces itself while polled (data-keeps-focus: an import's progress) keeps
// the keyboard's place: htmx gives the focus back to the element of the same id (its buttons
// and links have one); one gone meanwhile (Cancel, once the job has ended) leaves the focus on
// the block, which the next Tab leaves from, not on the page's top.
let focusWasInBlock = null;
document.addEventListener("htmx:beforeSwap", (event) => {
  const block = event.detail.target;
  const keeps =
    block instanceof Element &&
    block.matches("[data-keeps-focus][id]") &&
    block.contains(document.activeElement);
  focusWasInBlock = keeps ? block.id : null;
});
document.addEventListener("htmx:afterSwap", () => {
  const id = focusWasInBlock;
  focusWasInBlock = null;
  if (!id || (document.activeElement && document.activeElement !== document.body)) return;
  const block = document.getElementById(id);
  if (!block) return;
  block.tabIndex = -1;
  block.focus({ preventScroll: true });
});

// A polled block's heading (an import's "Running: checking the rows", "Completed"), told to
// screen readers when it changes: the block replaces itself, and a live region inserted anew
// is not read out; the one it names (data-news-into), outside it, stays and is.
const headingOf = (block) => block.querySelector("h1, h2, h3")?.textContent.trim() ?? "";
let newsBefore = null;
document.addEventListener("htmx:beforeSwap", (event) => {
  const block = event.detail.target;
  const tells = block instanceof HTMLElement && block.dataset.newsInto;
  newsBefore = tells ? { id: block.id, heading: headingOf(block) } : null;
});
document.addEventListener("htmx:afterSwap", () => {
  const before = newsBefore;
  newsBefore = null;
  const block = before && document.getElementById(before.id);
  if (!block || !block.dataset.newsInto) return;
  const heading = headingOf(block);
  const news = document.getElementById(block.dataset.newsInto);
  if (news && heading !== before.heading) news.textContent = heading;
});

// A polled block whose refresh fails (a server error, the network down) says so rather than
// showing its last state as if it still held; the next refresh that succeeds replaces it.
const showRefreshFailed = (event) => {
  const block = event.detail.elt;
  const notice = block instanceof Element && block.querySelector("[data-poll-failed]");
  if (notice) notice.hidden = false;
};
document.addEventListener("htmx:responseError", showRefreshFailed);
document.addEventListener("htmx:sendError", showRefreshFailed);
