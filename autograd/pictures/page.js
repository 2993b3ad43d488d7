// The step page's script (inlined into the page by autograd.pictures.page_html).
// Each view's drawing is in the page once; a step changes the texts and colours of its
// cells and marks its node with the class "current". The view pans and zooms, and follows
// the step: the current node is kept on screen, its text at least MIN_SCALE * 14 px high.
(function () {
  "use strict";
  var MIN_SCALE = 0.8;      // 14-unit node text at 0.8: 11.2 px
  var FOLLOW_SCALE = 1.0;   // the scale the view zooms to when text got too small
  var MARGIN = 24;          // px kept between the current node and the viewer's edge

  var data = JSON.parse(document.getElementById("page-data").textContent);
  document.body.classList.add("js");
  document.getElementById("list").open = false;
  var viewer = document.getElementById("viewer");
  var views = Array.prototype.slice.call(document.querySelectorAll(".view"));
  var svgs = views.map(function (view) { return view.querySelector("svg"); });
  var cells = views.map(indexCells);
  var transforms = views.map(function () { return null; });
  var $ = function (id) { return document.getElementById(id); };
  var previous = $("previous"), next = $("next"), openButton = $("open");
  var counter = $("counter"), stepTitle = $("step-title"), stepText = $("step-text");
  var trackName = "main", index = 0, mainIndex = 0, shownView = -1;
  if (views.length === 1) {  // nothing folded: no module to click
    document.querySelectorAll(".modules").forEach(function (el) { el.hidden = true; });
  }

  function indexCells(view, v) {
    var items = {};
    var prefix = "v" + v + "-";
    view.querySelectorAll("g.node").forEach(function (g) {
      var id = g.id.slice(prefix.length);
      var item = { g: g, data: [], grad: [], fill: [] };
      g.querySelectorAll("text").forEach(function (t) {
        if (t.getAttribute("font-weight") === "bold") { return; }
        var s = t.textContent;
        if (s.indexOf("data ") === 0) { item.data.push(t); }
        if (s.indexOf("grad ") === 0) {
          item.grad.push(t);
          var el = t.previousElementSibling;
          while (el && !(el.tagName === "polygon" && el.getAttribute("fill") !== "none")) {
            el = el.previousElementSibling;
          }
          item.fill.push(el);
        }
      });
      if (id.charAt(0) === "g") { g.classList.add("group"); }
      items[id] = item;
    });
    view.querySelectorAll("g.cluster").forEach(function (g) {
      var opened = view.getAttribute("data-opened");
      var label = g.querySelector("text");
      if (opened && label && label.textContent === opened) { g.classList.add("opened"); }
    });
    return items;
  }

  function stateAt(track, k) {
    var state = {}, id;
    for (id in track.init) { state[id] = track.init[id]; }
    for (var i = 1; i <= k; i++) {
      var changes = track.steps[i].d;
      for (id in changes) { state[id] = changes[id]; }
    }
    return state;
  }

  function paint(v, state) {
    var items = cells[v];
    Object.keys(state).forEach(function (id) {
      var item = items[id];
      if (!item) { return; }
      state[id].forEach(function (row, r) {
        if (item.data[r]) { item.data[r].textContent = row[0]; }
        var text = item.grad[r];
        if (!text) { return; }
        text.textContent = row[1];
        text.setAttribute("fill", row[3]);
        if (row[4]) { text.setAttribute("font-style", "italic"); }
        else { text.removeAttribute("font-style"); }
        if (item.fill[r]) { item.fill[r].setAttribute("fill", row[2]); }
      });
    });
  }

  function mark(v, step) {
    // Clear every view, not only this one: a view left for another (a neuron opened, then
    // closed) must not keep its mark, or the page would hold two current nodes.
    document.querySelectorAll(".current, .current-op").forEach(function (el) {
      el.classList.remove("current", "current-op");
    });
    var item = cells[v][step.c];
    if (item) { item.g.classList.add("current"); }
    var op = step.op && cells[v][step.c + "op"];
    if (op) { op.g.classList.add("current-op"); }
  }

  // ------------------------------------------------------------ pan and zoom

  function place(v) {
    var t = transforms[v];
    svgs[v].style.transform = "translate(" + t.x + "px," + t.y + "px) scale(" + t.s + ")";
  }

  function size(v) {
    return { w: svgs[v].width.baseVal.value, h: svgs[v].height.baseVal.value };
  }

  function whole(v) {
    var box = size(v), W = viewer.clientWidth, H = viewer.clientHeight;
    var s = Math.min(W / box.w, H / box.h, 1.5);
    transforms[v] = { s: s, x: (W - box.w * s) / 2, y: (H - box.h * s) / 2 };
    place(v);
  }

  function zoomAt(v, factor, px, py) {
    var t = transforms[v];
    var s = Math.max(0.05, Math.min(4, t.s * factor));
    t.x = px - (px - t.x) * (s / t.s);
    t.y = py - (py - t.y) * (s / t.s);
    t.s = s;
    place(v);
  }

  // Keep the current node on screen and legible: zoom in to FOLLOW_SCALE if the text is
  // too small, and centre the node if any of it is outside the viewer.
  function follow(v, id) {
    var item = cells[v][id];
    if (!item) { return; }
    var t = transforms[v];
    var W = viewer.clientWidth, H = viewer.clientHeight;
    var r = item.g.getBoundingClientRect(), vr = viewer.getBoundingClientRect();
    var left = (r.left - vr.left - t.x) / t.s, top = (r.top - vr.top - t.y) / t.s;
    var width = r.width / t.s, height = r.height / t.s;
    var recentre = false;
    if (t.s < MIN_SCALE) { t.s = FOLLOW_SCALE; recentre = true; }
    var x0 = t.x + left * t.s, y0 = t.y + top * t.s;
    var x1 = x0 + width * t.s, y1 = y0 + height * t.s;
    if (x0 < MARGIN || y0 < MARGIN || x1 > W - MARGIN || y1 > H - MARGIN) { recentre = true; }
    if (recentre) {
      t.x = W / 2 - (left + width / 2) * t.s;
      t.y = H / 2 - (top + height / 2) * t.s;
      if (width * t.s > W - 2 * MARGIN) { t.x = MARGIN - left * t.s; }
    }
    place(v);
  }

  // ------------------------------------------------------------ stepping

  function show(name, k) {
    var track = data.tracks[name];
    trackName = name;
    index = Math.max(0, Math.min(track.steps.length - 1, k));
    if (name === "main") { mainIndex = index; }
    var v = track.view, step = track.steps[index];
    if (v !== shownView) {
      views.forEach(function (view, w) { view.classList.toggle("shown", w === v); });
      shownView = v;
    }
    paint(v, stateAt(track, index));
    mark(v, step);
    if (!transforms[v]) { whole(v); }
    follow(v, step.c);
    stepTitle.textContent = step.t;
    stepText.textContent = step.x;
    var inside = name !== "main";
    counter.textContent = (inside ? "op " : "step ") + (index + 1) + " of " + track.steps.length;
    previous.disabled = !inside && index === 0;
    next.disabled = !inside && index === track.steps.length - 1;
    var main = data.tracks.main.steps[mainIndex];
    var module = inside ? moduleName(main.o) : (step.o ? moduleName(step.o) : "");
    openButton.hidden = !module;
    openButton.textContent = inside ? "close " + module : "open " + module + " \u25b8";
  }

  function moduleName(id) {
    var item = cells[0][id];
    var bold = item && item.g.querySelector("text[font-weight='bold']");
    return bold ? bold.textContent : id;
  }

  function open(id) {
    var phase = data.tracks[trackName].steps[index].p;
    var name = id + phase;
    if (!data.tracks[name]) { name = id + (phase === "f" ? "b" : "f"); phase = name.slice(-1); }
    if (!data.tracks[name]) { return; }
    var steps = data.tracks.main.steps;
    for (var k = 0; k < steps.length; k++) {
      if (steps[k].o === id && steps[k].p === phase) { mainIndex = k; break; }
    }
    show(name, 0);
  }

  function close(step) {
    show("main", mainIndex + (step || 0));
  }

  function move(by) {
    var track = data.tracks[trackName];
    if (trackName !== "main" && (index + by < 0 || index + by >= track.steps.length)) {
      close(by > 0 ? 1 : 0);
      return;
    }
    show(trackName, index + by);
  }

  function toggle() {
    if (trackName !== "main") { close(0); return; }
    var step = data.tracks.main.steps[index];
    if (step.o) { open(step.o); }
  }

  // ------------------------------------------------------------ input

  previous.addEventListener("click", function () { move(-1); });
  next.addEventListener("click", function () { move(1); });
  openButton.addEventListener("click", toggle);
  function centre(factor) {
    zoomAt(shownView, factor, viewer.clientWidth / 2, viewer.clientHeight / 2);
  }
  $("zoom-in").addEventListener("click", function () { centre(1.25); });
  $("zoom-out").addEventListener("click", function () { centre(0.8); });
  $("whole").addEventListener("click", function () { whole(shownView); });

  document.addEventListener("keydown", function (event) {
    var key = event.key, handled = true;
    if (key === "ArrowRight" || key === "PageDown") { move(1); }
    else if (key === "ArrowLeft" || key === "PageUp") { move(-1); }
    else if (key === "Home") { show("main", 0); }
    else if (key === "End") { show("main", data.tracks.main.steps.length - 1); }
    else if (key === "o" || key === "Enter") { toggle(); }
    else if (key === "Escape") { if (trackName !== "main") { close(0); } }
    else if (key === "+" || key === "=") { centre(1.25); }
    else if (key === "-") { centre(0.8); }
    else if (key === "0") { whole(shownView); }
    else { handled = false; }
    if (handled) { event.preventDefault(); }
  });

  var drag = null, moved = false;
  viewer.addEventListener("pointerdown", function (event) {
    drag = { x: event.clientX, y: event.clientY };
    moved = false;
  });
  viewer.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (!moved && Math.abs(dx) + Math.abs(dy) < 4) { return; }
    if (!moved) { viewer.setPointerCapture(event.pointerId); }
    moved = true;
    viewer.classList.add("dragging");
    var t = transforms[shownView];
    t.x += dx; t.y += dy;
    drag = { x: event.clientX, y: event.clientY };
    place(shownView);
  });
  function stop() { drag = null; viewer.classList.remove("dragging"); }
  viewer.addEventListener("pointerup", stop);
  viewer.addEventListener("pointercancel", stop);
  viewer.addEventListener("wheel", function (event) {
    event.preventDefault();
    var r = viewer.getBoundingClientRect();
    zoomAt(shownView, event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - r.left,
           event.clientY - r.top);
  }, { passive: false });
  viewer.addEventListener("click", function (event) {
    if (moved) { return; }
    var group = event.target.closest("g.node.group");
    if (group) { open(group.id.replace(/^v\d+-/, "")); return; }
    if (event.target.closest("g.cluster.opened")) { close(0); }
  });
  window.addEventListener("resize", function () { follow(shownView, currentId()); });
  function currentId() { return data.tracks[trackName].steps[index].c; }

  show("main", 0);
})();
