// The upload form's drop zone: a file dropped anywhere on it becomes the form's file.
document.querySelectorAll("[data-drop-zone]").forEach((zone) => {
  const input = zone.querySelector("input[type=file]");
  if (!input) return;
  zone.addEventListener("dragover", (event) => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("dragging");
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
    }
  });
});
