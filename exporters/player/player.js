// The convanim HTML player: exporters/html.cc writes this script after the player's
// markup, once per player on a page. The script defines window.convanim once (running it
// again, or re-creating it from its text as MkDocs Material's instant navigation does,
// defines nothing new) and starts every player of the page not started yet. It reads no
// document.currentScript and no <script> data block: a player's data is the JSON of its
// root's data-convanim attribute, so markup inserted by innerHTML, jQuery or a page
// change works too: new players are started when they enter the page (a
// MutationObserver), or by convanim.init(element).
// The contract pages rely on (docs/embedding.md):
// - root[data-step]: the step shown, 0-based (the PNG of `--frame N` shows step N). The
//   player sets it on every change; a page that sets it (even to the step shown) shows
//   that step, paused.
// - root[data-playing]: "true" while playing, else "false".
// - root.convanimPlayer: {go(n), play(), pause(), step, playing, count}.
// - a "convanim-step" event (bubbles; detail: {step, playing}) after every change.
// - convanim.init(element): starts the players in element (or element itself).
// - data.start >= 0 (--frame, or #step=N on a standalone page): starts paused there;
//   else plays from step 0, unless the reader prefers reduced motion (paused on 0).
// - data.words: every word the player shows or announces ("{n}" and "{count}" filled in).
// Ids inside a player get the suffix "-N" (N counts players on the page) when it starts,
// so one animation shown several times has unique ids.
// Size: the picture keeps its aspect ratio and is scaled to fit the width of the player's
// parent and the height of the window (a whole page: the window less the page's other
// content), so that the picture and every control are in view together. It is never
// scaled up past --cvp-max-scale (a CSS property of .convanim-player, 1: the picture's own
// size, which its text sizes are made for; a reader's zoom enlarges it). A
// page may bound the player's whole height with max-height on .convanim-player (a length,
// or a percentage of its parent's height). It fits again when the window or the parent
// changes size.
// Embedding drops lines that start with "//" and every line's leading spaces: keep
// comments on lines of their own and no string across lines.
(function () {
  'use strict';
  if (window.convanim && window.convanim.init) {
    window.convanim.init(document);
    return;
  }
  var instances = 0;

  function fill(text, n, count) {
    return String(text).replace('{n}', n).replace('{count}', count);
  }

  // Ids and what refers to them (aria-labelledby, url(#id)) take a suffix of this player.
  function uniqueIds(root, suffix) {
    var renamed = {};
    [].forEach.call(root.querySelectorAll('[id]'), function (e) {
      renamed[e.id] = e.id + suffix;
      e.id = e.id + suffix;
    });
    [].forEach.call(root.querySelectorAll('[aria-labelledby],[clip-path]'), function (e) {
      var labels = e.getAttribute('aria-labelledby');
      if (labels) {
        e.setAttribute('aria-labelledby', labels.split(' ').map(function (id) {
          return renamed[id] || id;
        }).join(' '));
      }
      var clip = /^url\(#(.*)\)$/.exec(e.getAttribute('clip-path') || '');
      if (clip && renamed[clip[1]]) e.setAttribute('clip-path', 'url(#' + renamed[clip[1]] + ')');
    });
  }

  function start(root) {
    var data = JSON.parse(root.getAttribute('data-convanim'));
    var words = data.words;
    var count = data.steps.length;
    var svg = root.querySelector('svg[role=img]');
    uniqueIds(root, '-' + (++instances));
    // [element, from, until, shown]
    var parts = [].map.call(svg.querySelectorAll('[data-from]'), function (g) {
      return [g, +g.getAttribute('data-from'), +g.getAttribute('data-until'), null];
    });
    var part = function (name) { return root.querySelector('.cvp-' + name); };
    var playButton = part('play'), scrub = part('scrub'), counter = part('count');
    var desc = part('desc'), speed = part('speed');
    var step = -1, playing = false, timer = 0, hover = null, observer = null;
    var box = svg.viewBox.baseVal;
    var natural = {width: box && box.width || svg.width.baseVal.value,
                   height: box && box.height || svg.height.baseVal.value};
    var longest = data.steps.reduce(function (a, b) { return b.length > a.length ? b : a; }, '');

    function px(value) { return parseFloat(value) || 0; }
    // The picture's size: as large as the room allows, up to --cvp-max-scale.
    function fit() {
      var parent = root.parentElement;
      if (!parent || !root.isConnected) return;
      var own = getComputedStyle(root), around = getComputedStyle(parent);
      var width = parent.clientWidth - px(around.paddingLeft) - px(around.paddingRight) -
        px(own.paddingLeft) - px(own.paddingRight) - px(own.borderLeftWidth) -
        px(own.borderRightWidth) - px(own.marginLeft) - px(own.marginRight);
      // A parent not laid out (display: none) says nothing: fit when it shows.
      if (!(parent.clientWidth > 0) || !(width > 0)) return;
      var height = window.innerHeight;
      var bound = own.maxHeight;
      if (/px$/.test(bound)) height = Math.min(height, px(bound));
      if (/%$/.test(bound) && parent.clientHeight > 0) {
        height = Math.min(height, parent.clientHeight * px(bound) / 100);
      }
      var most = px(own.getPropertyValue('--cvp-max-scale')) || 1;
      for (var pass = 0; pass < 6; ++pass) {
        // The caption's room: its longest text at this width, so steps do not move the page.
        desc.style.minHeight = '';
        var text = desc.textContent;
        desc.textContent = longest;
        desc.style.minHeight = desc.offsetHeight + 'px';
        desc.textContent = text;
        var shown = svg.getBoundingClientRect().height;
        // (Its content's height: a max-height may clip the root's own box.)
        var rest = root.scrollHeight + px(own.borderTopWidth) + px(own.borderBottomWidth) -
          shown + px(own.marginTop) + px(own.marginBottom);
        // On a page of its own, the page's other content (its margins, the caption) too.
        if (root.hasAttribute('data-standalone')) {
          rest += document.documentElement.offsetHeight - root.offsetHeight;
        }
        var scale = Math.max(0.05, Math.min(most, width / natural.width,
                                            (height - rest) / natural.height));
        var w = Math.floor(natural.width * scale);
        var h = Math.min(Math.floor(natural.height * scale) + 1,
                         Math.round(w * natural.height / natural.width));
        if (Math.abs(svg.getBoundingClientRect().width - w) < 0.5 && Math.abs(shown - h) < 0.5) {
          break;
        }
        svg.style.width = w + 'px';
        svg.style.height = h + 'px';
      }
    }

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
      setStepAttribute();
      scrub.value = n;
      scrub.setAttribute('aria-valuetext', fill(words.step_of, n + 1, count));
      counter.textContent = fill(words.counter, n + 1, count);
      desc.textContent = data.steps[n];
      changed();
    }
    // The player's own writes of data-step are not the page's: pending records (the
    // page's) are handled first, the player's own record is dropped.
    function setStepAttribute() {
      if (observer) pageSetStep(observer.takeRecords());
      root.setAttribute('data-step', step);
      if (observer) observer.takeRecords();
    }
    function pageSetStep(records) {
      if (!records.length) return;
      var value = root.getAttribute('data-step');
      if (/^\d+$/.test(value) && +value < count) {
        go(+value);
      } else {
        setStepAttribute();
      }
    }
    function tick() {
      // A player taken out of the page (a page change) stops.
      if (!root.isConnected) return setPlaying(false);
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
        playButton.setAttribute('aria-label', on ? words.pause : words.play);
        playButton.setAttribute('title', on ? words.pause : words.play);
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

    root.convanimPlayer = {
      go: go,
      play: function () { setPlaying(true); },
      pause: function () { setPlaying(false); },
      get step() { return step; },
      get playing() { return playing; },
      count: count
    };

    var first = data.start;
    function fromHash() {
      var m = /^#step=(\d+)$/.exec(location.hash);
      return m && +m[1] < count ? +m[1] : -1;
    }
    if (root.hasAttribute('data-standalone')) {
      if (fromHash() >= 0) first = fromHash();
      window.addEventListener('hashchange', function () {
        if (fromHash() >= 0) go(fromHash());
      });
      // Focus for the keys, unless the page is in a frame (no stealing the host's focus).
      if (window.top === window) root.focus();
    }
    var still = window.matchMedia && matchMedia('(prefers-reduced-motion: reduce)').matches;
    show(first >= 0 ? first : 0);
    // The room may change: the window, the parent (a column, a tab shown, fonts loaded).
    var room = '';
    function refit() {
      var parent = root.parentElement;
      var own = getComputedStyle(root), bound = own.maxHeight;
      var now = own.getPropertyValue('--cvp-max-scale') + '/' + window.innerWidth + 'x' +
        window.innerHeight + '/' +
        (parent ? parent.clientWidth + '/' + (/%$/.test(bound) ? parent.clientHeight : '') : '') +
        '/' + bound;
      if (now === room) return;
      room = now;
      fit();
    }
    refit();
    window.addEventListener('resize', refit);
    // What the parser adds after the player (a page's caption) and fonts change the room.
    function again() {
      room = '';
      refit();
    }
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', again);
    if (document.readyState !== 'complete') window.addEventListener('load', again);
    if (window.ResizeObserver && root.parentElement) {
      new ResizeObserver(refit).observe(root.parentElement);
    }
    setPlaying(first < 0 && !still);
    observer = new MutationObserver(pageSetStep);
    observer.observe(root, {attributes: true, attributeFilter: ['data-step']});
    root.setAttribute('data-ready', '');
  }

  function init(within) {
    within = within || document;
    var roots = [].slice.call(within.querySelectorAll ?
      within.querySelectorAll('.convanim-player[data-convanim]') : []);
    if (within.matches && within.matches('.convanim-player[data-convanim]')) roots.unshift(within);
    roots.forEach(function (root) {
      // The property, not an attribute: markup copied from a started player starts anew.
      if (root.convanimPlayer) return;
      // A player the parser has not finished yet (its last part missing) starts later.
      if (!root.querySelector('.cvp-desc')) return;
      try {
        start(root);
      } catch (e) {
        if (window.console) console.error('convanim player:', e);
      }
    });
  }

  window.convanim = {init: init};
  init(document);
  // Players that enter the page later (innerHTML, a page change) start by themselves.
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      [].forEach.call(r.addedNodes, function (node) {
        if (node.nodeType === 1) init(node);
      });
    });
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
