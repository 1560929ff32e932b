"""The web outputs in a real browser (issue 10, item 5): headless Chromium, driven by
Selenium, shows the animated SVG and the HTML player, and screenshots are compared with
the PNGs convanim renders of the same steps.

Run by CTest through tests/browser/run.sh (which skips or fails when the browser is
missing) with Debian's python3, chromium, chromium-driver, python3-selenium, python3-pil
and python3-numpy:
  /usr/bin/python3 tests/browser/browser_test.py --convanim build/convanim [unittest args]
"""

import argparse
import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import numpy as np
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CHROMIUM = os.environ.get('CONVANIM_CHROMIUM', '/usr/bin/chromium')
CHROMEDRIVER = os.environ.get('CONVANIM_CHROMEDRIVER', '/usr/bin/chromedriver')
CONVANIM = None  # set by main()
WORK = None      # a fresh folder for renders and failure screenshots

# A screenshot shows a PNG when at most this fraction (1 %) of its pixels differs from it by
# more than LEVELS in some channel: Skia and Cairo antialias edges and hint text a little
# differently; neighbouring steps of the scenes used here differ in over 5 % of pixels.
LEVELS = 48
TOLERANCE = 0.01


def scene(name):
    """scenes/guide/NAME.yaml, or scenes/NAME.yaml for names with a folder."""
    folder = 'scenes' if '/' in name else os.path.join('scenes', 'guide')
    return os.path.join(SOURCE, folder, name + '.yaml')


def render(name, out, *args):
    path = os.path.join(WORK, out)
    subprocess.run([CONVANIM, 'render', scene(name), '-o', path, '-q', *args], check=True)
    return path


def read_png(source):
    image = Image.open(io.BytesIO(source) if isinstance(source, bytes) else source)
    return np.asarray(image.convert('RGB')).astype(np.int16)


def render_steps(name, count, *args):
    """The PNG of every step (a numbered sequence), as arrays."""
    tag = (name + ''.join(args)).replace('-', '').replace('/', '_')
    render(name, tag + '_%d.png', *args)
    return [read_png(os.path.join(WORK, '%s_%d.png' % (tag, n))) for n in range(count)]


def mismatch(shot, png):
    if shot.shape != png.shape:
        return 1.0
    return float((np.abs(shot - png).max(axis=2) > LEVELS).mean())


def palette_background(theme):
    with open(os.path.join(SOURCE, 'assets', 'palettes', theme + '.txt')) as palette:
        for line in palette:
            fields = line.split('#')[0].split()
            if fields and fields[0] == 'background':
                return [int(v) for v in fields[1:4]]
    raise AssertionError('no background in ' + theme + '.txt')


class BrowserCase(unittest.TestCase):
    """One headless Chromium per test class."""

    ARGUMENTS = []  # more command-line switches

    @classmethod
    def setUpClass(cls):
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ['--headless=new', '--no-sandbox', '--disable-gpu',
                         '--disable-background-networking', '--disable-component-update',
                         '--disable-sync', '--no-first-run', '--hide-scrollbars',
                         '--force-device-scale-factor=1', '--font-render-hinting=none',
                         '--user-data-dir=' + tempfile.mkdtemp(dir=WORK)] + cls.ARGUMENTS:
            options.add_argument(argument)
        options.set_capability('goog:loggingPrefs', {'performance': 'ALL'})
        cls.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()

    def open(self, path, width, height, dark=False, reduce=False):
        self.driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride', {
            'width': width, 'height': height, 'deviceScaleFactor': 1, 'mobile': False})
        self.driver.execute_cdp_cmd('Emulation.setEmulatedMedia', {'features': [
            {'name': 'prefers-color-scheme', 'value': 'dark' if dark else 'light'},
            {'name': 'prefers-reduced-motion', 'value': 'reduce' if reduce else 'no-preference'},
        ]})
        self.driver.get('file://' + path)

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def settle_frames(self):
        """Waits for two animation frames: what was changed is painted."""
        self.js('return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))')

    def shot(self, x, y, width, height):
        data = self.driver.execute_cdp_cmd('Page.captureScreenshot', {
            'format': 'png', 'optimizeForSpeed': True, 'clip': {'x': x, 'y': y, 'width': width, 'height': height,
                                      'scale': 1}})['data']
        return read_png(base64.b64decode(data))

    def element_shot(self, selector):
        # Screenshot clips are in page coordinates.
        box = self.js('var r = document.querySelector(arguments[0]).getBoundingClientRect();'
                      'return [r.x + scrollX, r.y + scrollY, r.width, r.height];', selector)
        return self.shot(*box)

    def assertShows(self, shot, pngs, step, what):
        """`shot` shows pngs[step] and no other step better."""
        scores = [mismatch(shot, png) for png in pngs]
        best = int(np.argmin(scores))
        if scores[step] >= TOLERANCE or best != step:
            name = re.sub(r'\W+', '_', what) + '.png'
            Image.fromarray(shot.astype(np.uint8)).save(os.path.join(WORK, name))
            self.fail('%s: expected step %d (%.2f %% of pixels differ), best match step %d '
                      '(%.2f %%); screenshot kept as %s' % (
                          what, step, 100 * scores[step], best, 100 * scores[best],
                          os.path.join(WORK, name)))


class SvgCase(BrowserCase):
    """render padding_strides.yaml -o x.svg, and the PNGs of its steps."""

    STEPS = 9

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.svg = render('padding_strides', 'ps.svg')
        cls.fast_svg = render('padding_strides', 'ps_fast.svg', '--frame-duration', '0.5')
        cls.light = render_steps('padding_strides', cls.STEPS)
        cls.dark = render_steps('padding_strides', cls.STEPS, '--theme', 'dark')
        with open(render('padding_strides', 'ps.json')) as model:
            cls.still_step = json.load(model)['still_step']
        cls.width, cls.height = cls.light[0].shape[1], cls.light[0].shape[0]

    def at_time(self, seconds):
        """The top-level SVG document at `seconds` of its timeline (deterministic)."""
        self.js('var svg = document.documentElement; svg.pauseAnimations();'
                'svg.setCurrentTime(arguments[0]);', seconds)
        self.settle_frames()
        return self.shot(0, 0, self.width, self.height)

    def img_page(self, svg):
        page = os.path.join(WORK, 'img_' + os.path.basename(svg) + '.html')
        with open(page, 'w') as out:
            out.write('<!DOCTYPE html><html><body style="margin:0">'
                      '<img src="%s" onload="window.loaded = performance.now()">'
                      '</body></html>' % os.path.basename(svg))
        return page

    def sample_img(self, duration, until):
        """Screenshots of an <img> of the animation in real time, with the time span (in
        seconds since the image loaded) each was taken in."""
        deadline = time.time() + 10
        while self.js('return window.loaded === undefined') and time.time() < deadline:
            time.sleep(0.02)
        samples = []
        while True:
            before = self.js('return (performance.now() - window.loaded) / 1000')
            shot = self.shot(0, 0, self.width, self.height)
            after = self.js('return (performance.now() - window.loaded) / 1000')
            samples.append((before, after, shot))
            if after > until:
                return samples
            time.sleep(0.05)


class AnimatedSvgTest(SvgCase):
    """SMIL timing, loop, dark, reduced motion of the top-level document."""

    def test_svg_is_an_accessible_picture_with_text(self):
        with open(self.svg) as f:
            text = f.read()
        self.assertRegex(text, r'<svg [^>]*role="img"')
        self.assertIn('<title', text)
        self.assertIn('<desc', text)
        self.assertNotIn('<script', text)
        with open(render('numerical_padding_strides', 'nps.svg')) as f:
            numerical = f.read()
        self.assertIn('>17.0</text>', numerical)

    def test_top_level_document_shows_step_n_at_n_plus_half_seconds_and_loops(self):
        self.open(self.svg, self.width, self.height)
        for step in [0, 1, 4, 8]:
            self.assertShows(self.at_time(step + 0.5), self.light, step, 'svg t=%g' % (step + .5))
        for step in [0, 3, 8]:  # the second and the fourth loop
            for loop in [1, 3]:
                t = loop * self.STEPS + step + 0.5
                self.assertShows(self.at_time(t), self.light, step, 'svg t=%g' % t)

    def test_shapes_shown_for_some_steps_appear_and_disappear_on_time(self):
        # Each group's output sheet is shown for its half of the steps only (SMIL
        # visibility with keyTimes, not moving geometry).
        name, steps = 'examples/grouped_convolution', 32
        pngs = render_steps(name, steps)
        svg = render(name, 'grouped.svg')
        with open(svg) as f:
            self.assertIn('attributeName="visibility"', f.read())
        self.open(svg, pngs[0].shape[1], pngs[0].shape[0])
        for t in [0.5, 15.5, 16.5, 31.5, steps + 16.5]:
            self.js('var svg = document.documentElement; svg.pauseAnimations();'
                    'svg.setCurrentTime(arguments[0]);', t)
            self.settle_frames()
            self.assertShows(self.shot(0, 0, pngs[0].shape[1], pngs[0].shape[0]), pngs,
                             int(t) % steps, 'grouped t=%g' % t)

    def test_inside_img_it_animates_in_real_time_and_loops(self):
        duration = 0.5
        self.open(self.img_page(self.fast_svg), self.width, self.height)
        checked, steps = 0, set()
        for before, after, shot in self.sample_img(duration, self.STEPS * duration + 1.2):
            first, last = int(before / duration), int(after / duration)
            # Only screenshots taken well inside one step say which step it must be.
            if first != last or before - first * duration < 0.05 or \
                    (last + 1) * duration - after < 0.05:
                continue
            step = first % self.STEPS
            self.assertShows(shot, self.light, step, 'img t=%.2f-%.2f' % (before, after))
            checked += 1
            steps.add((step, first >= self.STEPS))
        self.assertGreaterEqual(checked, 5, 'too few screenshots inside a step')
        self.assertGreaterEqual(len({s for s, _ in steps}), 4)
        self.assertTrue(any(looped for _, looped in steps), 'nothing seen after the first loop')

    def test_dark_scheme_applies(self):
        light_background = palette_background('light')
        dark_background = palette_background('dark')
        self.assertNotEqual(light_background, dark_background)
        self.open(self.svg, self.width, self.height)
        self.assertEqual(list(self.at_time(2.5)[2, 2]), light_background)
        self.open(self.svg, self.width, self.height, dark=True)
        shot = self.at_time(2.5)
        self.assertEqual(list(shot[2, 2]), dark_background)
        self.assertShows(shot, self.dark, 2, 'svg dark t=2.5')
        self.open(self.img_page(self.svg), self.width, self.height, dark=True)
        before, after, shot = self.sample_img(1.0, 0)[0]
        self.assertEqual(list(shot[2, 2]), dark_background)
        if after < 0.95:
            self.assertShows(shot, self.dark, 0, 'img dark')

    def test_reduced_motion_shows_the_still_step_and_nothing_moves(self):
        self.open(self.svg, self.width, self.height, reduce=True)
        for t in [0.5, 2.5, self.still_step + 0.5, 7.5, 12.5]:
            self.assertShows(self.at_time(t), self.light, self.still_step, 'reduced t=%g' % t)


class ReducedMotionImgTest(SvgCase):
    """The animated SVG inside <img> when the reader prefers reduced motion. Emulating the
    media feature (Emulation.setEmulatedMedia) does not reach the documents of images; the
    browser's own preference does."""

    ARGUMENTS = ['--force-prefers-reduced-motion']

    def test_reduced_motion_shows_the_still_step_and_nothing_moves(self):
        self.open(self.img_page(self.fast_svg), self.width, self.height)
        samples = self.sample_img(0.5, 1.2)
        self.assertGreater(samples[-1][0] - samples[0][1], 0.5)
        for before, _, shot in samples:
            self.assertShows(shot, self.light, self.still_step, 'reduced img t=%.2f' % before)


class HtmlPlayerTest(BrowserCase):
    """render SCENE -o x.html (and --html-fragment): the interactive player."""

    STEPS = 9
    PLAYER = '.convanim-player'
    PICTURE = '.convanim-player svg[role=img]'

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.page = render('padding_strides', 'ps.html')
        cls.numerical_page = render('numerical_padding_strides', 'nps.html')
        cls.light = render_steps('padding_strides', cls.STEPS)
        cls.dark = render_steps('padding_strides', cls.STEPS, '--theme', 'dark')
        cls.numerical = render_steps('numerical_padding_strides', cls.STEPS)
        with open(render('numerical_padding_strides', 'nps.json')) as model:
            cls.descriptions = [s['description'] for s in json.load(model)['steps']]

    def step(self, selector=PLAYER):
        return self.js('return document.querySelector(arguments[0]).dataset.step', selector)

    def playing(self, selector=PLAYER):
        return self.js('return document.querySelector(arguments[0]).dataset.playing', selector)

    def key(self, key):
        ActionChains(self.driver).send_keys(key).perform()

    def picture(self, selector=PICTURE):
        self.settle_frames()
        return self.element_shot(selector)

    def test_page_makes_no_network_request(self):
        for path in [self.page, self.numerical_page]:
            with open(path) as f:
                text = f.read()
            self.assertNotRegex(text, r'(?i)\b(src|href)\s*=\s*["\']?\s*(https?:)?//')
            self.assertNotRegex(text, r'(?i)url\(\s*["\']?\s*(https?:)?//')
            self.assertNotRegex(text, r'(?i)@import|<link|<iframe|fetch\(|XMLHttpRequest')
            self.driver.get_log('performance')  # drop earlier entries
            self.open(path, 800, 700, reduce=True)
            self.settle_frames()
            urls = []
            for entry in self.driver.get_log('performance'):
                message = json.loads(entry['message'])['message']
                if message['method'] == 'Network.requestWillBeSent':
                    urls.append(message['params']['request']['url'])
            self.assertIn('file://' + path, urls)
            others = [u for u in urls if u != 'file://' + path and not u.startswith('data:')]
            self.assertEqual(others, [])

    def test_reduced_motion_starts_paused_on_step_0_and_keys_move_the_step(self):
        self.open(self.page, 800, 700, reduce=True)
        self.assertEqual(self.step(), '0')
        self.assertEqual(self.playing(), 'false')
        self.assertTrue(self.js('return document.activeElement === '
                                'document.querySelector(arguments[0])', self.PLAYER),
                        'the standalone page focuses the player')
        self.assertShows(self.picture(), self.light, 0, 'html start')
        time.sleep(1.3)
        self.assertEqual(self.step(), '0', 'it moved while paused')
        for key, step in [(Keys.ARROW_RIGHT, 1), (Keys.ARROW_RIGHT, 2), (Keys.ARROW_LEFT, 1),
                          (Keys.END, 8), (Keys.ARROW_RIGHT, 8), (Keys.HOME, 0),
                          (Keys.ARROW_LEFT, 0), (Keys.ARROW_RIGHT, 1)]:
            self.key(key)
            self.assertEqual(self.step(), str(step), 'after %r' % key)
            self.assertShows(self.picture(), self.light, step, 'html key to %d' % step)
        self.assertEqual(self.playing(), 'false')
        self.key(Keys.SPACE)
        self.assertEqual(self.playing(), 'true')
        deadline = time.time() + 4  # one step is 1 s; a loaded machine may be late
        while self.step() == '1' and time.time() < deadline:
            time.sleep(0.05)
        self.assertNotEqual(self.step(), '1', 'Space did not play')
        self.key(Keys.SPACE)
        self.assertEqual(self.playing(), 'false')
        paused_at = self.step()
        time.sleep(1.2)
        self.assertEqual(self.step(), paused_at)

    def test_it_plays_from_step_0_and_loops_unless_reduced_motion(self):
        self.open(self.page, 800, 700)
        self.assertEqual((self.step(), self.playing()), ('0', 'true'))
        # The page records every step the player shows (at twice the speed).
        self.js('var p = document.querySelector(arguments[0]), s = p.convanimPlayer.step;'
                'window.seen = [s];'
                'p.addEventListener("convanim-step", e => { if (e.detail.step !== s) '
                '{ s = e.detail.step; window.seen.push(s); } });'
                'var speed = p.querySelector(".cvp-speed"); speed.value = "2";'
                'speed.dispatchEvent(new Event("change"));', self.PLAYER)
        deadline = time.time() + 15  # 5 s unless the machine is loaded
        while len(self.js('return window.seen')) < self.STEPS + 2 and time.time() < deadline:
            time.sleep(0.2)
        seen = self.js('return window.seen')
        self.assertEqual(seen[:self.STEPS + 2],
                         [(seen[0] + n) % self.STEPS for n in range(self.STEPS + 2)])
        self.assertEqual(self.playing(), 'true')

    def test_buttons_scrubber_and_live_region(self):
        self.open(self.numerical_page, 800, 700, reduce=True)
        desc = self.driver.find_element(By.CSS_SELECTOR, '.cvp-desc')
        self.assertEqual(desc.get_attribute('aria-live'), 'polite')
        self.assertEqual(desc.text, self.descriptions[0])
        names = [b.get_attribute('aria-label') for b in
                 self.driver.find_elements(By.CSS_SELECTOR, '.cvp-bar button')]
        self.assertEqual(names, ['Previous step', 'Play', 'Next step'])
        self.driver.find_element(By.CSS_SELECTOR, '.cvp-next').click()
        self.driver.find_element(By.CSS_SELECTOR, '.cvp-next').click()
        self.assertEqual(self.step(), '2')
        self.assertEqual(desc.text, self.descriptions[2])
        self.driver.find_element(By.CSS_SELECTOR, '.cvp-prev').click()
        self.assertEqual(self.step(), '1')
        self.js('var s = document.querySelector(".cvp-scrub"); s.value = 7;'
                's.dispatchEvent(new Event("input"))')
        self.assertEqual(self.step(), '7')
        self.assertEqual(desc.text, self.descriptions[7])
        self.assertShows(self.picture(), self.numerical, 7, 'html scrub 7')
        play = self.driver.find_element(By.CSS_SELECTOR, '.cvp-play')
        play.click()
        self.assertEqual(self.playing(), 'true')
        self.assertEqual(play.get_attribute('aria-label'), 'Pause')
        self.assertEqual(desc.get_attribute('aria-live'), 'off')
        play.click()
        self.assertEqual(self.playing(), 'false')

    def test_output_cells_jump_to_their_step(self):
        self.open(self.numerical_page, 800, 700, reduce=True)
        cell = self.driver.find_element(By.CSS_SELECTOR, '[data-link="5"]')
        cell.click()
        self.assertEqual(self.step(), '5')
        self.assertShows(self.picture(), self.numerical, 5, 'html click output 5')
        ActionChains(self.driver).move_to_element(
            self.driver.find_element(By.CSS_SELECTOR, '[data-link="7"]')).perform()
        self.assertEqual(self.step(), '7')
        self.assertEqual(self.playing(), 'false')
        # Hovering while playing shows the cell's step, and leaving plays on.
        self.js('document.querySelector(arguments[0]).convanimPlayer.play()', self.PLAYER)
        ActionChains(self.driver).move_to_element(
            self.driver.find_element(By.CSS_SELECTOR, '[data-link="3"]')).perform()
        self.assertEqual(self.step(), '3')
        self.assertEqual(self.playing(), 'false')
        ActionChains(self.driver).move_to_element(
            self.driver.find_element(By.CSS_SELECTOR, '.cvp-desc')).perform()
        self.assertEqual(self.playing(), 'true')

    def test_pages_drive_it_through_data_step_and_the_api(self):
        self.open(self.page, 800, 700)
        self.js('document.querySelector(arguments[0]).setAttribute("data-step", "6")', self.PLAYER)
        self.settle_frames()
        self.assertEqual(self.playing(), 'false')
        self.assertEqual(self.step(), '6')
        self.assertShows(self.picture(), self.light, 6, 'html data-step 6')
        self.js('document.querySelector(arguments[0]).setAttribute("data-step", "99")', self.PLAYER)
        self.settle_frames()
        self.assertEqual(self.step(), '6', 'an out-of-range data-step is put back')
        events = self.js('var p = document.querySelector(arguments[0]), seen = [];'
                         'p.addEventListener("convanim-step", e => seen.push(e.detail.step));'
                         'p.convanimPlayer.go(3); p.convanimPlayer.go(4);'
                         'return seen.concat([p.convanimPlayer.step, p.convanimPlayer.count]);',
                         self.PLAYER)
        self.assertEqual(events, [3, 4, 4, 9])
        self.assertShows(self.picture(), self.light, 4, 'html api go 4')

    def test_shapes_shown_for_some_steps(self):
        name, steps = 'examples/grouped_convolution', 32
        pngs = render_steps(name, steps)
        self.open(render(name, 'grouped.html'), 1200, 1200, reduce=True)  # its own size (1041x900)
        for step in [15, 16, 0, 31]:
            self.js('document.querySelector(arguments[0]).dataset.step = arguments[1]',
                    self.PLAYER, step)
            self.assertShows(self.picture(), pngs, step, 'html grouped %d' % step)

    def test_frame_option_and_step_links_start_paused_there(self):
        page = render('padding_strides', 'ps_frame.html', '--frame', '5')
        self.open(page, 800, 700)
        self.assertEqual((self.step(), self.playing()), ('5', 'false'))
        self.assertShows(self.picture(), self.light, 5, 'html --frame 5')
        self.open(self.page + '#step=7', 800, 700)
        self.assertEqual((self.step(), self.playing()), ('7', 'false'))
        self.assertShows(self.picture(), self.light, 7, 'html #step=7')

    def test_dark_page(self):
        self.open(self.page, 800, 700, dark=True, reduce=True)
        background = palette_background('dark')
        self.assertEqual(list(self.shot(0, 0, 4, 4)[1, 1]), background, 'page background')
        self.assertShows(self.picture(), self.dark, 0, 'html dark')

    def test_fragments_twice_in_one_page(self):
        first = render('padding_strides', 'frag_a.html', '--html-fragment')
        second = render('numerical_padding_strides', 'frag_b.html', '--html-fragment',
                        '--frame', '2')
        parts = []
        for path in [first, second, first]:
            with open(path) as f:
                parts.append(f.read())
        for part in parts:
            self.assertNotIn('<html', part)
            self.assertNotIn('<body', part)
        page = os.path.join(WORK, 'fragments.html')
        with open(page, 'w') as out:
            out.write('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                      '<title>fragments</title><style>text{font-family:serif}</style></head>'
                      '<body><h1>Figures</h1>' + '<p>Text between.</p>'.join(parts) +
                      '</body></html>')
        self.open(page, 900, 800, reduce=True)
        players = self.js('return [...document.querySelectorAll(".convanim-player")]'
                          '.map((p, i) => (p.id = "player" + i, "#" + p.id))')
        self.assertEqual(len(players), 3)
        self.assertEqual([self.step(p) for p in players], ['0', '2', '0'])
        self.assertTrue(all(self.js('return document.querySelector(arguments[0])'
                                    '.hasAttribute("data-ready")', p) for p in players))
        prefixes = self.js('return [...document.querySelectorAll(".convanim-player svg[role=img]")]'
                           '.map(s => s.getAttribute("class"))')
        self.assertNotEqual(prefixes[0], prefixes[1])
        self.js('document.querySelector(arguments[0]).focus()', players[2])
        self.key(Keys.ARROW_RIGHT)
        self.key(Keys.ARROW_RIGHT)
        self.assertEqual([self.step(p) for p in players], ['0', '2', '2'])
        self.js('document.querySelector(arguments[0]).focus()', players[1])
        self.key(Keys.END)
        self.assertEqual([self.step(p) for p in players], ['0', '8', '2'])
        self.js('window.scrollTo(0, 0)')
        for player, pngs, step in [(players[0], self.light, 0), (players[1], self.numerical, 8)]:
            self.js('document.querySelector(arguments[0]).scrollIntoView()', player)
            self.assertShows(self.picture(player + ' svg[role=img]'), pngs, step,
                             'fragment %s' % player)
        self.js('document.querySelector(arguments[0]).scrollIntoView()', players[2])
        self.assertShows(self.picture(players[2] + ' svg[role=img]'), self.light, 2,
                         'fragment %s' % players[2])


def main():
    global CONVANIM, WORK
    parser = argparse.ArgumentParser()
    parser.add_argument('--convanim', required=True)
    parser.add_argument('--keep', action='store_true', help='keep the work folder')
    args, rest = parser.parse_known_args()
    CONVANIM = os.path.abspath(args.convanim)
    WORK = tempfile.mkdtemp(prefix='convanim-browser-')
    started = time.time()
    program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    ok = program.result.wasSuccessful()
    print('%d passed, %d failed (%.1f s)' % (
        program.result.testsRun - len(program.result.failures) - len(program.result.errors),
        len(program.result.failures) + len(program.result.errors), time.time() - started))
    if ok and not args.keep:
        shutil.rmtree(WORK, ignore_errors=True)
    else:
        print('work folder kept: ' + WORK)
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
