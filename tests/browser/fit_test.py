"""The HTML player fits the room it is given (issue 15, point 6): for every example of
scenes/examples/, at windows of 1280x720 and 800x600, the whole picture and every control
are inside the window, the picture keeps its aspect ratio, is as large as the room allows
and is never scaled up past --cvp-max-scale (1: its own size, unless the page says more). A page
of its own fits the window; fragments in a narrow column of a long page fit the column
and, scrolled into view, the window; a player given a max-height fits it.

Run by CTest through tests/browser/run.sh like browser_test.py:
  /usr/bin/python3 tests/browser/fit_test.py --convanim build/convanim [unittest args]
"""

import argparse
import concurrent.futures
import glob
import os
import shutil
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_test as bt  # noqa: E402  (the harness: Chromium, renders, screenshots)

WINDOWS = [(1280, 720), (800, 600)]
EXAMPLES = sorted(glob.glob(os.path.join(bt.SOURCE, 'scenes', 'examples', '*.yaml')))

# What the page says about one player: the picture's box and natural size, every control's
# box, the page's size.
MEASURE = '''
var root = arguments[0] ? document.querySelector(arguments[0]) :
    document.querySelector(".convanim-player");
var svg = root.querySelector("svg[role=img]"), box = svg.viewBox.baseVal;
function rect(e) { var r = e.getBoundingClientRect();
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom,
          width: r.width, height: r.height}; }
return {picture: rect(svg), natural: [box.width, box.height],
        controls: [...root.querySelectorAll(".cvp-bar button, .cvp-bar input, .cvp-bar select, .cvp-count")].map(rect),
        parent: rect(root.parentElement), root: rect(root),
        content: root.parentElement.clientWidth -
          parseFloat(getComputedStyle(root.parentElement).paddingLeft) -
          parseFloat(getComputedStyle(root.parentElement).paddingRight),
        page: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
        window: [innerWidth, innerHeight],
        most: parseFloat(getComputedStyle(root).getPropertyValue("--cvp-max-scale"))};
'''


def render(scene, out, *args):
    path = os.path.join(bt.WORK, out)
    bt.subprocess.run([bt.CONVANIM, 'render', scene, '-o', path, '-q', *args], check=True)
    return path


class PlayerFitTest(bt.BrowserCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            pages = [pool.submit(render, s, os.path.basename(s)[:-5] + '.html') for s in EXAMPLES]
            fragments = [pool.submit(render, s, os.path.basename(s)[:-5] + '.frag.html',
                                     '--html-fragment') for s in EXAMPLES]
            cls.pages = [p.result() for p in pages]
            cls.fragments = [f.result() for f in fragments]

    def resize(self, width, height):
        self.driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride', {
            'width': width, 'height': height, 'deviceScaleFactor': 1, 'mobile': False})
        self.settle_frames()
        self.settle_frames()

    def check_fits(self, what, m, within):
        """The picture and every control inside `within` (left, top, right, bottom), the
        aspect ratio kept, the scale at most --cvp-max-scale."""
        left, top, right, bottom = within
        picture = m['picture']
        natural_width, natural_height = m['natural']
        for name, r in [('picture', picture)] + [('control %d' % i, c)
                                                  for i, c in enumerate(m['controls'])]:
            self.assertTrue(r['width'] > 0 and r['height'] > 0, '%s: %s not shown' % (what, name))
            self.assertTrue(r['left'] >= left - 0.5 and r['right'] <= right + 0.5 and
                            r['top'] >= top - 0.5 and r['bottom'] <= bottom + 0.5,
                            '%s: %s %r outside %r' % (what, name, r, within))
        scale = picture['width'] / natural_width
        # Within the rounding to whole pixels.
        self.assertAlmostEqual(picture['width'] / picture['height'],
                               natural_width / natural_height,
                               delta=(natural_width / natural_height) *
                               (1 / picture['width'] + 1 / picture['height']),
                               msg='%s: aspect ratio' % what)
        self.assertLessEqual(scale, m['most'] + 1e-6, '%s: scaled past the maximum' % what)
        return scale

    def test_pages_of_their_own_fit_the_window(self):
        for scene, page in zip(EXAMPLES, self.pages):
            name = os.path.basename(scene)
            self.open(page, *WINDOWS[0], reduce=True)
            for width, height in WINDOWS:
                if (width, height) != WINDOWS[0]:
                    self.resize(width, height)  # the player fits again
                what = '%s at %dx%d' % (name, width, height)
                m = self.js(MEASURE, None)
                self.assertEqual(m['window'], [width, height])
                self.assertEqual(m['most'], 1)
                scale = self.check_fits(what, m, (0, 0, width, height))
                # Nothing to scroll, and the picture as large as the room allows: at its
                # maximum, or as wide as the column, or the page as tall as the window.
                self.assertLessEqual(m['page'][0], width, what)
                self.assertLessEqual(m['page'][1], height, what)
                self.assertTrue(scale >= m['most'] - 0.01 or
                                m['root']['width'] >= m['content'] - 2 or
                                m['page'][1] >= height - 4,
                                '%s: picture smaller than the room (scale %.2f)' % (what, scale))

    def test_fragments_fit_a_column_and_the_window(self):
        parts = []
        for fragment in self.fragments:
            with open(fragment, encoding='utf-8') as f:
                parts.append('<h2>Figure</h2><p>Text before the player.</p>' + f.read())
        page = os.path.join(bt.WORK, 'column.html')
        with open(page, 'w', encoding='utf-8') as out:
            out.write('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>docs'
                      '</title></head><body style="margin:0"><main style="max-width:600px;'
                      'margin:0 auto;padding:0 20px">' + ''.join(parts) +
                      '<div id="bounded" style="height:300px"></div></main></body></html>')
        self.open(page, *WINDOWS[0], reduce=True)
        players = self.js('return [...document.querySelectorAll(".convanim-player")]'
                          '.map((p, i) => (p.id = "p" + i, "#" + p.id))')
        self.assertEqual(len(players), len(EXAMPLES))
        for width, height in WINDOWS:
            if (width, height) != WINDOWS[0]:
                self.resize(width, height)  # every player fits again
            for scene, player in zip(EXAMPLES, players):
                what = '%s in a column at %dx%d' % (os.path.basename(scene), width, height)
                self.js('document.querySelector(arguments[0]).scrollIntoView()', player)
                m = self.js(MEASURE, player)
                self.assertEqual(m['most'], 1)
                column = m['parent']
                scale = self.check_fits(what, m, (column['left'], 0, column['right'], height))
                self.assertTrue(scale >= 0.999 or
                                m['root']['width'] >= m['content'] - 2 or
                                m['root']['height'] >= height - 4,
                                '%s: picture smaller than the room (scale %.2f)' % (what, scale))
        self.resize(1280, 720)
        height = 720
        # A player given a max-height (a percentage of its parent's) fits it.
        self.js('var p = document.querySelector("#p3"), box = document.querySelector("#bounded");'
                'box.appendChild(p); p.style.maxHeight = "100%";'
                'window.dispatchEvent(new Event("resize"))')
        self.js('document.querySelector("#bounded").scrollIntoView()')
        self.settle_frames()
        m = self.js(MEASURE, '#p3')
        self.check_fits('a player in a 300-pixel box', m, (
            m['parent']['left'], m['parent']['top'], m['parent']['right'],
            m['parent']['top'] + 300))
        # A page may let a small picture grow (--cvp-max-scale), and only that far.
        small = '#p%d' % [os.path.basename(s) for s in EXAMPLES].index('max_pooling_dilated.yaml')
        self.js('var p = document.querySelector(arguments[0]);'
                'p.style.setProperty("--cvp-max-scale", "1.2");'
                'window.dispatchEvent(new Event("resize")); p.scrollIntoView()', small)
        m = self.js(MEASURE, small)
        self.assertAlmostEqual(m['picture']['width'] / m['natural'][0], 1.2, delta=0.01)
        self.check_fits('a player that may grow', m, (m['parent']['left'], 0,
                                                        m['parent']['right'], height))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--convanim', required=True)
    parser.add_argument('--keep', action='store_true', help='keep the work folder')
    args, rest = parser.parse_known_args()
    bt.CONVANIM = os.path.abspath(args.convanim)
    bt.WORK = tempfile.mkdtemp(prefix='convanim-fit-')
    program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    ok = program.result.wasSuccessful()
    if ok and not args.keep:
        shutil.rmtree(bt.WORK, ignore_errors=True)
    else:
        print('work folder kept: ' + bt.WORK)
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
