// The console's only script (the pages work without it): "Sao chép" buttons put their data-copy text on the clipboard.
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
