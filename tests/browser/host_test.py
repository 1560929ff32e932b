"""The player and the SVG in host pages (issue 18): players inserted by innerHTML and
jQuery, scripts run twice or re-created from their text (MkDocs Material's instant
navigation), the same player three times, data-step set to the step shown; twenty inline
SVGs on one page each drawn as alone, and the page's own light/dark toggle.

Run by CTest through tests/browser/run.sh like browser_test.py:
  /usr/bin/python3 tests/browser/host_test.py --convanim build/convanim [unittest args]
"""

import os
import shutil
import sys
import tempfile
import time
import unittest
import argparse

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_test as bt  # noqa: E402  (the harness: Chromium, renders, screenshots)
from selenium.webdriver.common.keys import Keys  # noqa: E402

JQUERY = '/usr/share/javascript/jquery/jquery.min.js'  # Debian's libjs-jquery


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def page(name, body, head=''):
    path = os.path.join(bt.WORK, name)
    with open(path, 'w', encoding='utf-8') as out:
        out.write('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>host</title>'
                  + head + '</head><body style="margin:0">' + body + '</body></html>')
    return path


class PlayerHostTest(bt.BrowserCase):
    """Fragments of render --html-fragment in pages that treat scripts in many ways."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fragment = read(bt.render('padding_strides', 'host_a.html', '--html-fragment'))
        cls.other = read(bt.render('numerical_padding_strides', 'host_b.html', '--html-fragment',
                                   '--frame', '2'))

    def players(self):
        return self.js('return [...document.querySelectorAll(".convanim-player")].map(p => ('
                       '{ready: !!p.convanimPlayer, step: p.dataset.step, '
                       'playing: p.dataset.playing}))')

    def steps(self):
        return [p['step'] for p in self.players()]

    def focus_and_key(self, index, *keys):
        self.js('document.querySelectorAll(".convanim-player")[arguments[0]].focus()', index)
        for key in keys:
            bt.ActionChains(self.driver).send_keys(key).perform()

    def wait_ready(self, count):
        deadline = time.time() + 5
        while time.time() < deadline:
            players = self.players()
            if len(players) == count and all(p['ready'] for p in players):
                return
            time.sleep(0.05)
        self.fail('players not started: %r' % self.players())

    def test_same_player_three_times_has_unique_ids_and_a_named_root(self):
        self.open(page('three.html', self.fragment * 3), 900, 800, reduce=True)
        self.wait_ready(3)
        ids = self.js('return [...document.querySelectorAll("[id]")].map(e => e.id)')
        self.assertGreater(len(ids), 3)
        self.assertEqual(len(ids), len(set(ids)), 'duplicate ids')
        # Every reference points into its own player.
        broken = self.js(
            'var bad = [];'
            'document.querySelectorAll(".convanim-player").forEach(p => {'
            ' p.querySelectorAll("[aria-labelledby]").forEach(e => e.getAttribute('
            '  "aria-labelledby").split(" ").forEach(id => { if (!p.querySelector("#" + id))'
            '  bad.push(id); }));'
            ' p.querySelectorAll("[clip-path]").forEach(e => { var id = /#([^)]*)/.exec('
            '  e.getAttribute("clip-path"))[1]; if (!p.querySelector("#" + id)) bad.push(id);'
            ' }); });'
            'return bad;')
        self.assertEqual(broken, [])
        title = self.js('return document.querySelector(".convanim-player svg title")'
                        '.textContent')
        self.assertTrue(title)
        labels = self.js('return [...document.querySelectorAll(".convanim-player")]'
                         '.map(p => p.getAttribute("aria-label"))')
        self.assertEqual(labels, ['Animation player: ' + title] * 3)
        self.focus_and_key(1, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
        self.assertEqual(self.steps(), ['0', '2', '0'])

    def test_script_run_twice_and_scripts_recreated_from_text(self):
        self.open(page('twice.html', self.fragment + self.other), 900, 900, reduce=True)
        self.wait_ready(2)
        # What MkDocs Material's instant navigation does: the body replaced by a new page's,
        # each script re-created from its text (so it runs again).
        self.js('var html = arguments[0];'
                'document.body.innerHTML = html;'
                'document.body.querySelectorAll("script").forEach(old => {'
                ' var s = document.createElement("script"); s.textContent = old.textContent;'
                ' old.replaceWith(s); });'
                # and once more, the same scripts again
                'document.body.querySelectorAll("script").forEach(old => {'
                ' var s = document.createElement("script"); s.textContent = old.textContent;'
                ' old.replaceWith(s); });', self.other + self.fragment)
        self.wait_ready(2)
        self.assertEqual(self.steps(), ['2', '0'])
        # One key, one step: no player started twice (two listeners would move it by 2).
        self.focus_and_key(0, Keys.ARROW_RIGHT)
        self.focus_and_key(1, Keys.ARROW_RIGHT)
        self.assertEqual(self.steps(), ['3', '1'])
        errors = [e for e in self.driver.get_log('browser') if e['level'] == 'SEVERE']
        self.assertEqual(errors, [])

    def test_inserted_by_innerhtml_and_by_jquery(self):
        # A page with one player; later markup inserted by innerHTML (its scripts do not
        # run) and by jQuery's append (which runs them through its own evaluation).
        self.open(page('inserted.html', self.fragment + '<div id="a"></div><div id="b"></div>',
                       '<script src="file://%s"></script>' % JQUERY), 900, 2200, reduce=True)
        self.wait_ready(1)
        self.js('document.getElementById("a").innerHTML = arguments[0];', self.other)
        self.wait_ready(2)
        self.js('jQuery("#b").append(arguments[0]);', self.fragment)
        self.wait_ready(3)
        self.assertEqual(self.steps(), ['0', '2', '0'])
        self.focus_and_key(1, Keys.END)
        self.focus_and_key(2, Keys.ARROW_RIGHT)
        self.assertEqual(self.steps(), ['0', '8', '1'])
        ids = self.js('return [...document.querySelectorAll("[id]")].map(e => e.id)')
        self.assertEqual(len(ids), len(set(ids)), 'duplicate ids')

    def test_innerhtml_into_a_page_without_players_then_init(self):
        self.open(page('later.html', '<div id="a"></div>'), 900, 900, reduce=True)
        self.js('document.getElementById("a").innerHTML = arguments[0];', self.fragment)
        self.assertEqual(self.players()[0]['ready'], False)  # no script ran
        # Running the player's script once (any copy) starts it, as convanim.init does.
        self.js('var s = document.createElement("script");'
                's.textContent = document.querySelector("#a script").textContent;'
                'document.head.appendChild(s);')
        self.wait_ready(1)
        self.js('document.getElementById("a").insertAdjacentHTML("beforeend", arguments[0]);'
                'convanim.init(document.getElementById("a"));', self.other)
        self.wait_ready(2)
        self.assertEqual(self.steps(), ['0', '2'])

    def test_setting_data_step_always_pauses_on_that_step(self):
        self.open(page('datastep.html', self.fragment), 900, 800)
        self.wait_ready(1)
        self.assertEqual(self.players()[0]['playing'], 'true')
        # The step shown, set again while playing: paused there.
        step = self.js('var p = document.querySelector(".convanim-player");'
                       'var s = p.dataset.step; p.dataset.step = s; return s;')
        self.settle_frames()
        self.assertEqual(self.players()[0], {'ready': True, 'step': step, 'playing': 'false'})
        time.sleep(1.3)
        self.assertEqual(self.players()[0]['step'], step)
        # Playing again, and a different step: paused on it.
        self.js('document.querySelector(".convanim-player").convanimPlayer.play();'
                'document.querySelector(".convanim-player").dataset.step = "5";')
        self.settle_frames()
        self.assertEqual(self.players()[0], {'ready': True, 'step': '5', 'playing': 'false'})

    def test_no_script_data_block_and_no_current_script(self):
        self.assertNotIn('application/json', self.fragment)
        self.assertNotIn('currentScript', self.fragment)
        self.assertIn("data-convanim='", self.fragment)


class InlineSvgTest(bt.BrowserCase):
    """Twenty different animated SVGs inline in one page, each as it is alone."""

    SCENES = ['arbitrary_padding_no_strides', 'arbitrary_padding_no_strides_transposed',
              'dilation', 'full_padding_no_strides', 'full_padding_no_strides_transposed',
              'no_padding_no_strides', 'no_padding_no_strides_transposed',
              'no_padding_strides', 'no_padding_strides_transposed',
              'numerical_average_pooling', 'numerical_max_pooling',
              'numerical_no_padding_no_strides', 'numerical_padding_strides',
              'padding_strides', 'padding_strides_odd', 'padding_strides_odd_transposed',
              'padding_strides_transposed', 'same_padding_no_strides',
              'same_padding_no_strides_transposed', 'examples/grouped_convolution']

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.svgs = []
        for n, name in enumerate(cls.SCENES):
            text = read(bt.render(name, 'inline_%d.svg' % n))
            cls.svgs.append(text[text.index('<svg'):])

    def shots(self, path, count):
        """Screenshots of each inline SVG of the page, all at the page's top left corner
        (Chromium's antialiasing depends a little on where a picture is): each is shown
        alone in turn, the others not displayed (their style sheets still apply). The
        reader prefers reduced motion, so each shows its still step (SMIL seeking in a page
        of several timelines is not exact in Chromium); the rules are the same."""
        self.open(path, 1000, 900, reduce=True)
        # Every inline SVG's timeline paused at its start.
        self.js('document.querySelectorAll("body > div > svg").forEach(s => {'
                ' s.pauseAnimations(); s.setCurrentTime(0); });')
        shots = []
        for n in range(count):
            self.js('document.querySelectorAll("body > div").forEach((b, i) =>'
                    ' b.style.display = i === arguments[0] ? "block" : "none");', n)
            self.settle_frames()
            box = self.js('var svg = document.querySelectorAll("body > div > svg")[arguments[0]];'
                          'svg.pauseAnimations(); svg.setCurrentTime(0);'
                          'var r = svg.getBoundingClientRect();'
                          'return [r.x, r.y, r.width, r.height];', n)
            self.assertEqual(box[:2], [0, 0])
            self.settle_frames()
            shots.append(self.shot(*box))
        return shots

    def block(self, svg):
        return '<div style="position:absolute;left:0;top:0;line-height:0">' + svg + '</div>'

    def test_prefixes_differ_and_rules_are_scoped(self):
        prefixes = set()
        for svg in self.svgs:
            head = svg[:svg.index('>')]
            self.assertIn(' class="', head)
            prefix = head.split(' class="')[1].split('"')[0]
            prefixes.add(prefix)
            style = svg[svg.index('<style>') + 7:svg.index('</style>')]
            self.assertNotIn('text{', style.replace('.' + prefix + ' text{', ''))
            if '<text' in svg:
                self.assertIn('.%s text{font-family:%s' % (prefix, prefix), style)
                self.assertIn('@font-face{font-family:%s' % prefix, style)
        self.assertEqual(len(prefixes), len(self.svgs))

    def test_twenty_inline_svgs_each_as_alone(self):
        together = self.shots(page('twenty.html', ''.join(self.block(s) for s in self.svgs)),
                              len(self.svgs))
        for n, svg in enumerate(self.svgs):
            alone = self.shots(page('alone_%d.html' % n, self.block(svg)), 1)[0]
            differ = float((np.abs(together[n] - alone).max(axis=2) > 0).mean()) \
                if together[n].shape == alone.shape else 1.0
            if differ > 0:
                Image.fromarray(together[n].astype(np.uint8)).save(
                    os.path.join(bt.WORK, 'together_%d.png' % n))
            self.assertEqual(differ, 0.0, '%s: %.2f %% of pixels differ inline among twenty'
                             % (self.SCENES[n], 100 * differ))

    def test_page_toggle_hooks_override_the_reader_scheme(self):
        light = bt.read_png(bt.render('padding_strides', 'hook_light.png', '--frame', '0'))
        dark = bt.read_png(bt.render('padding_strides', 'hook_dark.png', '--frame', '0',
                                     '--theme', 'dark'))
        svg = read(bt.render('padding_strides', 'hook.svg', '--frame', '0'))
        svg = svg[svg.index('<svg'):]
        cases = [('<body>', False, light), ('<body>', True, dark),
                 ('<body data-theme="dark">', False, dark),
                 ('<body data-theme="light">', True, light),
                 ('<body data-md-color-scheme="slate">', False, dark),
                 ('<body data-md-color-scheme="default">', True, light),
                 ('<body class="convanim-dark">', False, dark),
                 ('<body class="convanim-light">', True, light)]
        for n, (body, reader_dark, expected) in enumerate(cases):
            path = page('hook_%d.html' % n, '<div style="line-height:0">' + svg + '</div>')
            with open(path, encoding='utf-8') as f:
                text = f.read().replace('<body style="margin:0">', body.replace(
                    '<body', '<body style="margin:0"'))
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
            self.open(path, 900, 800, dark=reader_dark)
            self.settle_frames()
            shot = self.element_shot('svg')
            self.assertLess(bt.mismatch(shot, expected), bt.TOLERANCE,
                            '%s with the reader %s' % (body, 'dark' if reader_dark else 'light'))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--convanim', required=True)
    parser.add_argument('--keep', action='store_true', help='keep the work folder')
    args, rest = parser.parse_known_args()
    bt.CONVANIM = os.path.abspath(args.convanim)
    bt.WORK = tempfile.mkdtemp(prefix='convanim-host-')
    program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    ok = program.result.wasSuccessful()
    if ok and not args.keep:
        shutil.rmtree(bt.WORK, ignore_errors=True)
    else:
        print('work folder kept: ' + bt.WORK)
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
