"""Every format draws the same picture (issue 15, point 3): for every scene of scenes/
(the guide's, the examples, the figure sheets), the animated SVG in Chromium at step n
(its SMIL timeline paused at n + 1/2 steps) and the HTML player showing step n match the
PNG of step n, for the first, a middle and the last step. The tolerance is for
antialiasing only: both pictures are blurred over 3x3 pixels (Skia and Cairo place edges
and hint glyphs a little differently) and at most FRACTION of the pixels may then differ by
more than LEVELS in some channel; a shape drawn in another colour or opacity, or missing,
differs by far more (the neighbouring steps of every scene differ in more than that).

Run by CTest through tests/browser/run.sh like browser_test.py:
  /usr/bin/python3 tests/browser/formats_test.py --convanim build/convanim [unittest args]
"""

import argparse
import base64
import concurrent.futures
import glob
import io
import os
import re
import shutil
import sys
import tempfile
import time
import unittest
from xml.etree import ElementTree

from PIL import Image, ImageChops, ImageFilter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_test as bt  # noqa: E402  (the harness: Chromium, renders, screenshots)

LEVELS = 48
FRACTION = 0.004


def scenes(pattern):
    return sorted(glob.glob(os.path.join(bt.SOURCE, 'scenes', pattern)))


def difference(shot, png):
    """The fraction of pixels that differ by more than LEVELS in some channel after a 3x3
    box blur of both (1 when the sizes differ). PIL Images, RGB."""
    if shot.size != png.size:
        return 1.0
    channels = ImageChops.difference(shot.filter(ImageFilter.BoxBlur(1)),
                                     png.filter(ImageFilter.BoxBlur(1))).split()
    largest = ImageChops.lighter(ImageChops.lighter(channels[0], channels[1]), channels[2])
    return sum(largest.histogram()[LEVELS + 1:]) / float(shot.size[0] * shot.size[1])


def read(source):
    """A PNG file or PNG bytes as an RGB PIL Image."""
    return Image.open(io.BytesIO(source) if isinstance(source, bytes) else source).convert('RGB')


class FormatsAgree(bt.BrowserCase):
    """One test per scene file of SCENES: the SVG and the player at three steps."""

    SCENES = []
    DARK = False  # the reader prefers a dark scheme: the PNGs of --theme dark

    @staticmethod
    def tag(scene):
        return os.path.relpath(scene, bt.SOURCE)[len('scenes/'):-len('.yaml')].replace('/', '_')

    @staticmethod
    def render(scene, out, *args):
        path = os.path.join(bt.WORK, out)
        bt.subprocess.run([bt.CONVANIM, 'render', scene, '-o', path, '-q', *args], check=True)
        return path

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Every file first, several renders at a time (each is mostly start-up).
        only = os.environ.get('CONVANIM_SCENES')  # a part of the names, to run fewer
        cls.scenes = [s for s in cls.SCENES if not only or only in s]
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            jobs = []
            for scene in cls.scenes:
                tag = cls.tag(scene)
                jobs.append(pool.submit(cls.render, scene, tag + '.svg'))
                jobs.append(pool.submit(cls.render, scene, tag + '.html', '--html-fragment'))
            for job in jobs:
                job.result()
            cls.steps = {}
            for scene in cls.scenes:
                tag = cls.tag(scene)
                with open(os.path.join(bt.WORK, tag + '.html'), encoding='utf-8') as f:
                    count = int(re.search(r'data-steps="(\d+)"', f.read()).group(1))
                cls.steps[scene] = sorted({0, count // 2, count - 1})
                for n in cls.steps[scene]:
                    jobs.append(pool.submit(cls.render, scene, '%s_%d.png' % (tag, n),
                                            '--frame', str(n),
                                            *(['--theme', 'dark'] if cls.DARK else [])))
            for job in jobs:
                job.result()

    def picture(self, x, y, width, height):
        data = self.driver.execute_cdp_cmd('Page.captureScreenshot', {
            'format': 'png', 'optimizeForSpeed': True,
            'clip': {'x': x, 'y': y, 'width': width, 'height': height, 'scale': 1}})['data']
        return read(base64.b64decode(data))

    def check(self, what, shot, png):
        score = difference(shot, png)
        if os.environ.get('CONVANIM_SCORES'):
            print('%-50s %.4f' % (what, score), flush=True)
        if score > FRACTION:
            name = re.sub(r'\W+', '_', what)
            shot.save(os.path.join(bt.WORK, name + '.png'))
            png.save(os.path.join(bt.WORK, name + '_png.png'))
            self.failures.append('%s: %.2f %% of pixels differ from the PNG (at most %.2f %%); '
                                 'screenshot kept as %s.png' % (what, 100 * score,
                                                                100 * FRACTION,
                                                                os.path.join(bt.WORK, name)))
        return score

    def test_every_svg_and_player_parses_as_xml(self):
        """Issue 17: every SVG an accepted scene gives is well-formed XML with an <svg> root
        (a browser forgives what an XML tool, an <img> or an editor does not); the player
        fragment's <svg> elements (the picture, the buttons' icons)
        likewise."""
        for scene in self.scenes:
            tag = self.tag(scene)
            with self.subTest(scene=tag):
                root = ElementTree.parse(os.path.join(bt.WORK, tag + '.svg')).getroot()
                self.assertEqual(root.tag, '{http://www.w3.org/2000/svg}svg')
                self.assertTrue(root.findall('{http://www.w3.org/2000/svg}title'), tag)
                with open(os.path.join(bt.WORK, tag + '.html'), encoding='utf-8') as f:
                    fragment = f.read()
                pieces = re.findall(r'<svg\b.*?</svg>', fragment, re.S)  # picture, icons
                self.assertTrue(pieces, tag)
                tags = [ElementTree.fromstring(piece).tag for piece in pieces]
                # The picture names its namespace; the icons are HTML's inline <svg>.
                self.assertEqual(tags[0], '{http://www.w3.org/2000/svg}svg')
                self.assertEqual(set(tags[1:]) - {'svg'}, set())

    def test_svg_and_player_match_the_png(self):
        self.failures = []
        checked = 0
        for scene in self.scenes:
            began = time.time()
            tag = self.tag(scene)
            with open(os.path.join(bt.WORK, tag + '.html'), encoding='utf-8') as f:
                fragment = f.read()
            count = int(re.search(r'data-steps="(\d+)"', fragment).group(1))
            duration = float(re.search(r'"duration":([0-9.e+-]+)', fragment).group(1))
            steps = self.steps[scene]
            pngs = {n: read(os.path.join(bt.WORK, '%s_%d.png' % (tag, n))) for n in steps}
            width, height = pngs[0].size

            # The animated SVG (a still one for a single step), paused at each step.
            self.open(os.path.join(bt.WORK, tag + '.svg'), width, height, dark=self.DARK)
            for n in steps:
                if count > 1:
                    self.js('var svg = document.documentElement; svg.pauseAnimations();'
                            'svg.setCurrentTime(arguments[0]);', (n + 0.5) * duration)
                self.settle_frames()
                self.check('%s svg step %d' % (tag, n), self.picture(0, 0, width, height), pngs[n])
                checked += 1

            # The player (a fragment in a page with room for its picture at its own size).
            page = os.path.join(bt.WORK, tag + '_page.html')
            with open(page, 'w', encoding='utf-8') as out:
                out.write('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                          '<title>player</title></head><body style="margin:0">' + fragment +
                          '</body></html>')
            self.open(page, width + 40, height + 300, dark=self.DARK, reduce=True)
            for n in steps:
                self.js('document.querySelector(".convanim-player").dataset.step = arguments[0]',
                        str(n))
                self.settle_frames()
                box = self.js('var r = document.querySelector(".convanim-player svg[role=img]")'
                              '.getBoundingClientRect();'
                              'return [r.x + scrollX, r.y + scrollY, r.width, r.height]')
                self.check('%s player step %d' % (tag, n), self.picture(*box), pngs[n])
                checked += 1
            if os.environ.get('CONVANIM_SCORES'):
                print('%-50s %.1f s' % (tag, time.time() - began), flush=True)
        if len(self.scenes) == len(self.SCENES):
            self.assertGreaterEqual(checked, 2 * len(self.SCENES))
        self.assertEqual(self.failures, [])


class GuideScenesAgree(FormatsAgree):
    SCENES = scenes('guide/*.yaml')


class ExampleScenesAgree(FormatsAgree):
    SCENES = scenes('examples/*.yaml')


class FiguresAgree(FormatsAgree):
    SCENES = scenes('guide/figures/*.yaml') + scenes('examples/figures/*.yaml')


class DarkSchemeAgree(FormatsAgree):
    """The SVG and the player follow the reader's dark scheme (the colours of custom
    properties): one scene of each view."""
    DARK = True
    SCENES = [os.path.join(bt.SOURCE, 'scenes', name + '.yaml') for name in [
        'guide/padding_strides', 'guide/numerical_padding_strides', 'examples/scatter_uneven',
        'examples/matrix_guide_4_1', 'examples/grouped_convolution', 'examples/bias',
        'examples/backward_guide_2_1', 'examples/backward_guide_2_1_weights',
        'examples/stack_three_convolutions']]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--convanim', required=True)
    parser.add_argument('--keep', action='store_true', help='keep the work folder')
    args, rest = parser.parse_known_args()
    bt.CONVANIM = os.path.abspath(args.convanim)
    bt.WORK = tempfile.mkdtemp(prefix='convanim-formats-')
    started = time.time()
    program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    ok = program.result.wasSuccessful()
    print('%.1f s' % (time.time() - started))
    if ok and not args.keep:
        shutil.rmtree(bt.WORK, ignore_errors=True)
    else:
        print('work folder kept: ' + bt.WORK)
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
