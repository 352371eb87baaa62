// The console works without this file; it only adds conveniences: "Sao chép" buttons put their data-copy text on the
// clipboard, an announcement's character count is kept live, and a date field's day is written as dd/mm/yyyy whatever
// the browser's own date format.
"use strict";
document.addEventListener("click", async (event) => {
    const button = event.target.closest("button[data-copy]");
    if (!button) {
        return;
    }

    const label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    try {
        await navigator.clipboard.writeText(button.dataset.copy);
        button.textContent = "Đã sao chép";
    } catch {
        button.textContent = "Chưa sao chép được, bạn chép tay nhé";
    }

    setTimeout(() => { button.textContent = label; }, 3000);
});

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
