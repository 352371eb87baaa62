// The console works without this file; it only adds conveniences: "Sao chép" buttons put their data-copy text on the
// clipboard, an announcement's character count is kept live, and a date field (a text box in dd/mm/yyyy, whatever the
// browser's locale) gets a calendar to pick the day from.
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

    for (const input of document.querySelectorAll("input[data-date]")) {
        attachCalendar(input);
    }
});

const weekdays = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];
const twoDigits = (n) => String(n).padStart(2, "0");

/** The day a dd/mm/yyyy text names (or a yyyy-mm-dd one), or null when it names none. */
function readDay(text) {
    const vietnamese = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
    const [year, month, day] = vietnamese ? [vietnamese[3], vietnamese[2], vietnamese[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
    if (!year) {
        return null;
    }

    const date = new Date(Number(year), Number(month) - 1, Number(day));
    return date.getMonth() === Number(month) - 1 ? date : null;
}

function element(tag, className, text) {
    const made = document.createElement(tag);
    made.className = className;
    if (text !== undefined) {
        made.textContent = text;
    }

    return made;
}

/** A "Chọn ngày" button after the field that opens a month of days, Monday first; a chosen day is written dd/mm/yyyy. */
function attachCalendar(input) {
    const open = element("button", "pick-date", "Chọn ngày");
    open.type = "button";
    open.setAttribute("aria-expanded", "false");
    const calendar = element("div", "calendar");
    calendar.setAttribute("role", "dialog");
    calendar.setAttribute("aria-label", "Chọn ngày");
    calendar.hidden = true;
    let month = null;

    const close = () => {
        calendar.hidden = true;
        open.setAttribute("aria-expanded", "false");
    };
    const step = (by, label, text) => {
        const button = element("button", "calendar-step", text);
        button.type = "button";
        button.setAttribute("aria-label", label);
        button.addEventListener("click", () => {
            month = new Date(month.getFullYear(), month.getMonth() + by, 1);
            draw();
        });
        return button;
    };
    const draw = () => {
        const chosen = readDay(input.value);
        const head = element("div", "calendar-head");
        head.append(step(-1, "Tháng trước", "‹"), element("span", "calendar-month", `Tháng ${twoDigits(month.getMonth() + 1)}/${month.getFullYear()}`),
            step(1, "Tháng sau", "›"));
        const days = element("div", "calendar-days");
        days.append(...weekdays.map((name) => element("span", "calendar-weekday", name)));
        const blanks = (new Date(month.getFullYear(), month.getMonth(), 1).getDay() + 6) % 7;
        days.append(...Array.from({ length: blanks }, () => element("span", "calendar-blank")));
        const count = new Date(month.getFullYear(), month.getMonth() + 1, 0).getDate();
        for (let day = 1; day <= count; day++) {
            const text = `${twoDigits(day)}/${twoDigits(month.getMonth() + 1)}/${month.getFullYear()}`;
            const button = element("button", "calendar-day", String(day));
            button.type = "button";
            button.dataset.day = text;
            if (chosen && chosen.getTime() === new Date(month.getFullYear(), month.getMonth(), day).getTime()) {
                button.setAttribute("aria-pressed", "true");
            }

            button.addEventListener("click", () => {
                input.value = text;
                input.dispatchEvent(new Event("input", { bubbles: true }));
                close();
                input.focus();
            });
            days.append(button);
        }

        calendar.replaceChildren(head, days);
    };

    open.addEventListener("click", () => {
        if (!calendar.hidden) {
            close();
            return;
        }

        const from = readDay(input.value) || new Date();
        month = new Date(from.getFullYear(), from.getMonth(), 1);
        draw();
        calendar.hidden = false;
        open.setAttribute("aria-expanded", "true");
    });
    calendar.addEventListener("keydown", (event) => {
        if (event.key === "Escape") {
            close();
            open.focus();
        }
    });
    // The button beside the field, on its line; the calendar opens under both.
    const row = element("span", "date-row");
    input.replaceWith(row);
    row.append(input, open);
    row.after(calendar);
}
