// Copy buttons: <button type="button" class="copy" data-copy="id-of-the-text" hidden>. The page works without
// JavaScript (the text can be selected); with it, the button is shown and copies the element's text.
document.querySelectorAll("button.copy[data-copy]").forEach((button) => {
  const source = document.getElementById(button.dataset.copy);
  if (!source || !navigator.clipboard) return;
  const label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(source.textContent.trim()).then(
      () => { button.textContent = "已复制"; setTimeout(() => { button.textContent = label; }, 2000); },
      () => { button.textContent = "复制失败,请长按选择"; },
    );
  });
});
