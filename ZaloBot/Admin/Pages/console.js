// The console works without this file; it only adds conveniences: a live character count for an announcement and the
// day a date field holds written as dd/mm/yyyy, whatever the browser's own date format.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
    for (const counter of document.querySelectorAll("[data-max]")) {
        const form = counter.closest("form");
        const title = form.querySelector("input[name='Draft.Title']");
        const text = form.querySelector("textarea[name='Draft.Text']");
        const shown = counter.querySelector("[data-length]");
        const max = Number(counter.dataset.max);
        const update = () => {
            const length = (title.value.trim() + "\n\n" + text.value.trim()).length;
            shown.textContent = String(length);
            counter.classList.toggle("error", length > max);
        };
        title.addEventListener("input", update);
        text.addEventListener("input", update);
        update();
    }

    for (const input of document.querySelectorAll("input[type=date]")) {
        const hint = document.createElement("small");
        hint.className = "date-hint";
        const update = () => {
            const [year, month, day] = input.value.split("-");
            hint.textContent = input.value ? `Ngày ${day}/${month}/${year}` : "ngày/tháng/năm";
        };
        input.addEventListener("input", update);
        input.after(hint);
        update();
    }
});
