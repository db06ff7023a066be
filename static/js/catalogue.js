// Catalogue: filters apply as soon as they change (through htmx), so the "Apply" button is
// only shown without JavaScript; on wide screens the filter panel starts open.
document.documentElement.classList.add("js");

function openFiltersOnWideScreens() {
  if (!window.matchMedia("(min-width: 721px)").matches) return;
  document.querySelectorAll("details[data-open-on-wide]").forEach((box) => { box.open = true; });
}

document.addEventListener("DOMContentLoaded", openFiltersOnWideScreens);
document.addEventListener("htmx:afterSwap", openFiltersOnWideScreens);
