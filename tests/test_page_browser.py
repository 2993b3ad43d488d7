"""The step page in a real browser (headless Chromium at 1280x720): the current node is on
screen and legible at every step, modules open and close, and nothing goes to the console."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from small_graphs import mlp_loss

from autograd.pictures.frames import save_steps_html

pytestmark = [pytest.mark.browser, pytest.mark.graphviz_binary]

WIDTH, HEIGHT = 1280, 720
OPTIONS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run",
           f"--window-size={WIDTH},{HEIGHT}")

# Where the current node is, how large its text is drawn, and whether its text fits its cells.
CURRENT = """
var view = document.querySelector('.view.shown');
var marked = view.querySelectorAll('g.node.current');
if (marked.length !== 1) { return {count: marked.length}; }
var node = marked[0], r = node.getBoundingClientRect();
var viewer = document.getElementById('viewer').getBoundingClientRect();
var svg = view.querySelector('svg');
var scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
var size = parseFloat(node.querySelector('text').getAttribute('font-size'));
var right = 0;
node.querySelectorAll('polygon').forEach(function (p) {
  var b = p.getBBox(); right = Math.max(right, b.x + b.width); });
var overflow = 0;
node.querySelectorAll('text').forEach(function (t) {
  var b = t.getBBox(); overflow = Math.max(overflow, b.x + b.width - right); });
return {count: 1, id: node.id, left: r.left, top: r.top, right: r.right, bottom: r.bottom,
        viewer: [viewer.left, viewer.top, viewer.right, viewer.bottom],
        px: size * scale, overflow: overflow,
        counter: document.getElementById('counter').textContent,
        scrollWidth: document.documentElement.scrollWidth};
"""


def chromium(javascript: bool = True):
    """Headless Chromium showing a 1280x720 page, its console kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for option in OPTIONS:
        options.add_argument(option)
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
    return driver


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    driver = chromium()
    yield driver
    driver.quit()


def mlp_page(folder: Path, depth: int | None) -> Path:
    return save_steps_html(mlp_loss(), folder / f"mlp_{depth}.html", depth=depth)


def check_current(driver, where: str) -> dict:
    """The current node: one, inside the viewer and the window, text >= 11 px, fitting."""
    found = driver.execute_script(CURRENT)
    assert found["count"] == 1, where
    left, top, right, bottom = found["viewer"]
    assert left <= found["left"] and found["right"] <= right, (where, found)
    assert top <= found["top"] and found["bottom"] <= bottom, (where, found)
    assert found["right"] <= WIDTH and found["bottom"] <= HEIGHT, (where, found)
    assert found["px"] >= 11, (where, found)
    assert found["overflow"] <= 0.5, (where, found)  # the cells were drawn wide enough
    assert found["scrollWidth"] <= WIDTH, where  # no sideways scrolling
    return found


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("depth", [1, None])
def test_every_step_of_the_mlp_page_shows_its_node_on_screen_and_legible(
    browser, tmp_path, depth
):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = browser
    driver.get(mlp_page(tmp_path, depth).as_uri())
    total = len(driver.execute_script(
        "return JSON.parse(document.getElementById('page-data').textContent)"
        ".tracks.main.steps"))
    body = driver.find_element(By.TAG_NAME, "body")
    seen = set()
    for k in range(total):
        found = check_current(driver, f"step {k + 1}")
        assert found["counter"] == f"step {k + 1} of {total}"
        seen.add(found["id"])
        if k in (0, total // 2, total - 1):
            driver.save_screenshot(str(tmp_path / f"step_{k:03d}.png"))
        body.send_keys(Keys.ARROW_RIGHT)
    assert driver.find_element(By.ID, "counter").text == f"step {total} of {total}"
    assert len(seen) > total // 3  # the current node moves through the graph
    assert console_errors(driver) == []


def test_a_neuron_opens_with_a_click_steps_through_its_ops_and_closes(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = browser
    driver.get(mlp_page(tmp_path, 1).as_uri())
    body = driver.find_element(By.TAG_NAME, "body")
    while "hands its gradient" not in driver.find_element(By.ID, "step-text").text:
        body.send_keys(Keys.ARROW_RIGHT)
    main_counter = driver.find_element(By.ID, "counter").text
    name = driver.find_element(By.ID, "open").text.removeprefix("open ").rstrip(" ▸")
    driver.find_element(By.CSS_SELECTOR, ".view.shown g.node.current").click()
    assert driver.find_element(By.ID, "open").text == f"close {name}"
    assert driver.find_element(By.ID, "counter").text.startswith("op 1 of ")
    assert driver.execute_script(
        "return document.querySelector('.view.shown').dataset.opened") == name
    for _ in range(3):
        check_current(driver, "inside the neuron")
        body.send_keys(Keys.ARROW_RIGHT)
    driver.save_screenshot(str(tmp_path / "opened.png"))
    box = driver.find_element(By.CSS_SELECTOR, ".view.shown g.cluster.opened")
    driver.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                          box)
    assert driver.find_element(By.ID, "counter").text == main_counter  # closed, back at its step
    check_current(driver, "closed again")
    # only the shown view has a current node: the neuron's view, now hidden, kept none
    assert len(driver.find_elements(By.CSS_SELECTOR, ".current")) == 1
    assert console_errors(driver) == []


def test_pan_and_zoom_move_the_view_and_the_next_step_brings_the_node_back(browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = browser
    driver.get(mlp_page(tmp_path, None).as_uri())
    body = driver.find_element(By.TAG_NAME, "body")
    before = driver.execute_script(CURRENT)
    driver.find_element(By.ID, "zoom-out").click()
    driver.find_element(By.ID, "zoom-out").click()
    assert driver.execute_script(CURRENT)["px"] < before["px"]
    driver.find_element(By.ID, "whole").click()  # the whole graph: its text gets small
    body.send_keys(Keys.ARROW_RIGHT)
    check_current(driver, "after zooming out")  # followed: legible and on screen again
    assert console_errors(driver) == []


@pytest.mark.parametrize("depth", [None, 1])
def test_a_drawing_shown_in_a_notebook_cell_fits_its_width(browser, tmp_path, depth):
    """As a notebook shows draw(...): scaled to the cell, so nothing scrolls sideways."""
    from autograd.pictures.draw import draw

    cell = 880  # about a notebook's output area on a 1280 px screen
    html = draw(mlp_loss(), depth=depth)._repr_mimebundle_()["text/html"]
    page = tmp_path / "cell.html"
    page.write_text(f'<!DOCTYPE html><html><body style="margin: 0">'
                    f'<div id="cell" style="width: {cell}px">{html}</div></body></html>',
                    encoding="utf-8")
    browser.get(page.as_uri())
    widths = browser.execute_script(
        "var c = document.getElementById('cell'), s = c.querySelector('svg');"
        "return [c.scrollWidth, s.getBoundingClientRect().width,"
        " s.getBoundingClientRect().height, document.documentElement.scrollWidth];")
    assert widths[0] <= cell and widths[1] <= cell and widths[3] <= WIDTH
    assert widths[2] > 50  # scaled, not squashed: the height follows the width
    browser.save_screenshot(str(tmp_path / "cell.png"))


def test_without_javascript_the_page_is_a_plain_list_of_every_step(tmp_path):
    from selenium.webdriver.common.by import By

    driver = chromium(javascript=False)
    try:
        driver.get(mlp_page(tmp_path, 1).as_uri())
        items = driver.find_elements(By.CSS_SELECTOR, "#list li.frame")
        assert len(items) == 23 and all(item.is_displayed() for item in items)
        assert "hands its gradient" in driver.find_element(By.ID, "list").text
        assert not driver.find_element(By.CSS_SELECTOR, ".stage").is_displayed()
        assert not driver.find_element(By.ID, "next").is_displayed()  # no dead buttons
        driver.save_screenshot(str(tmp_path / "no_javascript.png"))
    finally:
        driver.quit()
