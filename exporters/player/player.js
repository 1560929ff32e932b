// The convanim HTML player: exporters/html.cc writes this script right after the player's
// markup, inside the player's root element, once per player on a page. The contract
// pages rely on (docs/embedding.md):
// - root[data-step]: the step shown, 0-based (the PNG of `--frame N` shows step N). The
//   player sets it on every change; a page that sets it shows that step, paused.
// - root[data-playing]: "true" while playing, else "false".
// - root.convanimPlayer: {go(n), play(), pause(), step, playing, count}.
// - a "convanim-step" event (bubbles; detail: {step, playing}) after every change.
// - data.start >= 0 (--frame, or #step=N on a standalone page): starts paused there;
//   else plays from step 0, unless the reader prefers reduced motion (paused on 0).
// Embedding drops lines that start with "//" and every line's leading spaces: keep
// comments on lines of their own and no string across lines.
(function (root) {
  'use strict';
  var data = JSON.parse(root.querySelector('.cvp-data').textContent);
  var count = data.steps.length;
  var svg = root.querySelector('svg[role=img]');
  // [element, from, until, shown]
  var parts = [].map.call(svg.querySelectorAll('[data-from]'), function (g) {
    return [g, +g.getAttribute('data-from'), +g.getAttribute('data-until'), null];
  });
  var part = function (name) { return root.querySelector('.cvp-' + name); };
  var playButton = part('play'), scrub = part('scrub'), counter = part('count');
  var desc = part('desc'), speed = part('speed');
  var step = -1, playing = false, timer = 0, hover = null;

  function changed() {
    root.dispatchEvent(new CustomEvent('convanim-step', {
      bubbles: true, detail: {step: step, playing: playing}}));
  }
  function show(n) {
    n = Math.max(0, Math.min(count - 1, n));
    if (n === step) return;
    step = n;
    parts.forEach(function (p) {
      var shown = p[1] <= n && n < p[2];
      if (shown !== p[3]) p[0].setAttribute('visibility', shown ? 'visible' : 'hidden');
      p[3] = shown;
    });
    root.setAttribute('data-step', n);
    scrub.value = n;
    scrub.setAttribute('aria-valuetext', 'step ' + (n + 1) + ' of ' + count);
    counter.textContent = (n + 1) + ' / ' + count;
    desc.textContent = data.steps[n];
    changed();
  }
  function tick() {
    show((step + 1) % count);
    schedule();
  }
  function schedule() {
    clearTimeout(timer);
    if (playing) timer = setTimeout(tick, data.duration * 1000 / speed.value);
  }
  function setPlaying(on) {
    on = on && count > 1;
    if (on !== playing) {
      playing = on;
      root.setAttribute('data-playing', on);
      playButton.setAttribute('aria-label', on ? 'Pause' : 'Play');
      // Announce step descriptions only while paused (not every second while playing).
      desc.setAttribute('aria-live', on ? 'off' : 'polite');
      changed();
    }
    schedule();
  }
  function go(n) {
    setPlaying(false);
    show(n);
  }

  part('prev').onclick = function () { go(step - 1); };
  part('next').onclick = function () { go(step + 1); };
  playButton.onclick = function () { setPlaying(!playing); };
  scrub.oninput = function () { go(+scrub.value); };
  speed.onchange = schedule;
  root.addEventListener('keydown', function (e) {
    var tag = e.target.tagName, key = e.key;
    if (e.altKey || e.ctrlKey || e.metaKey || tag === 'SELECT') return;
    if (key === ' ') {
      // A focused button acts on Space itself.
      if (tag === 'BUTTON') return;
      setPlaying(!playing);
    } else if (tag === 'INPUT') {
      // The scrubber moves itself on arrows, Home and End (and calls go()).
      return;
    } else if (key === 'ArrowLeft') {
      go(step - 1);
    } else if (key === 'ArrowRight') {
      go(step + 1);
    } else if (key === 'Home') {
      go(0);
    } else if (key === 'End') {
      go(count - 1);
    } else {
      return;
    }
    e.preventDefault();
  });

  // Output cells link to the step that computes them: hovering shows it (playing again
  // on leaving the linked cells if it played when the hover began or while hovering),
  // clicking stays there.
  function link(e) {
    var a = e.target.closest && e.target.closest('[data-link]');
    return a ? +a.getAttribute('data-link') : -1;
  }
  svg.addEventListener('mouseover', function (e) {
    var n = link(e);
    if (n < 0) return;
    if (hover === null || playing) hover = playing;
    go(n);
  });
  svg.addEventListener('mouseout', function (e) {
    if (hover === null || link({target: e.relatedTarget || svg}) >= 0) return;
    if (hover) setPlaying(true);
    hover = null;
  });
  svg.addEventListener('click', function (e) {
    var n = link(e);
    if (n < 0) return;
    hover = false;
    go(n);
  });

  new MutationObserver(function () {
    var value = root.getAttribute('data-step');
    if (value === String(step)) return;
    if (/^\d+$/.test(value) && +value < count) {
      go(+value);
    } else {
      root.setAttribute('data-step', step);
    }
  }).observe(root, {attributes: true, attributeFilter: ['data-step']});

  root.convanimPlayer = {
    go: go,
    play: function () { setPlaying(true); },
    pause: function () { setPlaying(false); },
    get step() { return step; },
    get playing() { return playing; },
    count: count
  };

  var start = data.start;
  function fromHash() {
    var m = /^#step=(\d+)$/.exec(location.hash);
    return m && +m[1] < count ? +m[1] : -1;
  }
  if (root.hasAttribute('data-standalone')) {
    if (fromHash() >= 0) start = fromHash();
    window.addEventListener('hashchange', function () {
      if (fromHash() >= 0) go(fromHash());
    });
    // Focus for the keys, unless the page is in a frame (no stealing the host's focus).
    if (window.top === window) root.focus();
  }
  var still = window.matchMedia && matchMedia('(prefers-reduced-motion: reduce)').matches;
  show(start >= 0 ? start : 0);
  setPlaying(start < 0 && !still);
  root.setAttribute('data-ready', '');
})(document.currentScript.parentNode);
