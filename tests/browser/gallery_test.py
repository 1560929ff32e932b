"""The gallery of hostile scenes runs no script (issue 17, item 1): `convanim guide
--gallery` writes Markdown for documentation sites; built into HTML with Python-Markdown
(what MkDocs uses) and with cmark-gfm (GitHub's Markdown, raw HTML allowed), then opened in
headless Chromium, no caption, figure caption or scene file name may run a script, add an
event handler or a javascript: link, and every hostile text is shown as the text it is.

Reuses the harness of browser_test.py (one headless Chromium per class). Needs Debian's
chromium, chromium-driver, python3-selenium, python3-pil, python3-numpy, python3-markdown
and cmark-gfm (tools/common.sh lists them); a missing one skips (exit 77) with its name,
or fails in CI (CI=true), as tests/browser/run.sh does.
  /usr/bin/python3 tests/browser/gallery_test.py --convanim build/convanim
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest


def missing_packages():
    missing = []
    for module, package in [('selenium', 'python3-selenium'), ('PIL', 'python3-pil'),
                            ('numpy', 'python3-numpy'), ('markdown', 'python3-markdown')]:
        try:
            __import__(module)
        except ImportError:
            missing.append(package)
    for binary, package in [(os.environ.get('CONVANIM_CHROMIUM', '/usr/bin/chromium'), 'chromium'),
                            (os.environ.get('CONVANIM_CHROMEDRIVER', '/usr/bin/chromedriver'),
                             'chromium-driver'),
                            ('/usr/bin/cmark-gfm', 'cmark-gfm')]:
        if not os.access(binary, os.X_OK):
            missing.append(package)
    return missing


MISSING = missing_packages()
if not MISSING:
    import markdown
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import browser_test  # the harness: BrowserCase, CONVANIM, WORK

SCENE = 'operation: convolution\ninput: {size: 4}\nkernel: {size: 3}\n'

# Each payload, if it ran, would set window.pwned (or call alert, which sets it too).
CAPTIONS = [
    'Hi <img src=x onerror="window.pwned=1"> there',
    '<script>window.pwned=2</script>',
    '[click](javascript:window.pwned=3) and ![x](javascript:window.pwned=4)',
    '<a href="javascript:window.pwned=5">link</a> `<b>code</b>` *<i>em</i>*',
    '<svg onload="window.pwned=6"></svg> | pipe | & &amp; "double" \'single\'',
    '<style>body{display:none}</style><iframe src="javascript:parent.pwned=7"></iframe>',
    '<details open ontoggle="window.pwned=8">x</details> \\<img src=x onerror=alert(9)>',
    '_<img src=x onerror=alert(10)>_ **<img src=x onerror=alert(11)>**',
]
# File names are text too (they name the outputs, the links and the anchors).
NAMES = [
    'x<img src=x onerror=alert(12)>',
    'a](javascript:alert(13))',
    'q" onmouseover="alert(14)',
    "s' onerror='alert(15)",
    'javascript:alert(16)',
]
FIGURE_CAPTION = 'fig <svg onload=alert(17)> ]] " onerror="alert(18)" <script>alert(19)</script>'

PRELUDE = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>gallery</title>'
           '<script>window.pwned = 0; window.alert = function () { window.pwned = "alert"; };'
           '</script></head><body>')

# What a page must not hold: scripts but the prelude's, event handlers, javascript: URLs.
AUDIT = r'''
var found = [];
var scripts = document.querySelectorAll('script');
if (scripts.length !== 1) found.push(scripts.length + ' script elements');
for (var e of document.querySelectorAll('*')) {
  for (var a of e.attributes) {
    if (/^on/i.test(a.name)) found.push(e.tagName + ' has ' + a.name);
    if (/^\s*javascript:/i.test(a.value)) found.push(e.tagName + ' ' + a.name + '=' + a.value);
  }
}
for (var tag of ['iframe', 'style', 'svg', 'details', 'object', 'embed']) {
  if (document.querySelector(tag)) found.push('a <' + tag + '> element');
}
return found;
'''

if MISSING:
    class GalleryScriptTest(unittest.TestCase):
        pass
else:
    class GalleryScriptTest(browser_test.BrowserCase):
        """guide --gallery over hostile scenes, through two Markdown processors."""

        @classmethod
        def setUpClass(cls):
            super().setUpClass()
            root = tempfile.mkdtemp(dir=browser_test.WORK)
            scenes = os.path.join(root, 'scenes')
            os.makedirs(os.path.join(scenes, 'figures'))
            for n, caption in enumerate(CAPTIONS):
                with open(os.path.join(scenes, 'caption%d.yaml' % n), 'w') as out:
                    out.write(SCENE + 'caption: %s\n' % yaml_string(caption))
            for name in NAMES:
                with open(os.path.join(scenes, name + '.yaml'), 'w') as out:
                    out.write(SCENE + 'caption: %s\nstyle: {title: %s}\n' % (
                        yaml_string(name), yaml_string(']]> <b>\ta & \u202e \u200b</b> --!>')))
            with open(os.path.join(scenes, 'figures', 'f.yaml'), 'w') as out:
                out.write('figure: "1"\nscene: %s\ncaption: %s\n' % (
                    yaml_string('../' + NAMES[0] + '.yaml'), yaml_string(FIGURE_CAPTION)))
            cls.out = os.path.join(root, 'out')
            cls.gallery = os.path.join(cls.out, 'gallery.md')
            subprocess.run([browser_test.CONVANIM, 'guide', '--scenes', scenes, '-o', cls.out,
                            '--formats', 'svg', '--figure-formats', 'svg', '--gallery',
                            cls.gallery, '-q', '-j', '2'], check=True)
            with open(cls.gallery, encoding='utf-8') as f:
                cls.markdown = f.read()

        def page(self, name, body):
            path = os.path.join(self.out, name)
            with open(path, 'w', encoding='utf-8') as out:
                out.write(PRELUDE + body + '</body></html>')
            return path

        def check_page(self, path):
            self.open(path, 1200, 900)
            time.sleep(0.5)  # images fail to load (onerror) and handlers would run by now
            for selector in ['img', 'a']:
                for element in self.driver.find_elements(browser_test.By.CSS_SELECTOR, selector):
                    self.js('arguments[0].dispatchEvent(new MouseEvent("mouseover"))', element)
            self.assertEqual(self.js('return window.pwned'), 0, path)
            self.assertEqual(self.js(AUDIT), [], path)
            shown = self.js('return document.body.innerText')
            # Escaped, not removed: every hostile caption is shown as its text.
            for caption in CAPTIONS:
                self.assertIn(' '.join(caption.split()[:2]), shown)
            self.assertIn('fig <svg onload=alert(17)>', shown)
            for name in NAMES:
                self.assertIn(name, shown)
            # The pictures are found: their links are percent-encoded, not broken.
            broken = self.js('return [...document.images].filter(i => !i.complete || '
                             'i.naturalWidth === 0).map(i => i.getAttribute("src"))')
            self.assertEqual(broken, [], path)

        def test_python_markdown_runs_no_script(self):
            body = markdown.markdown(self.markdown, extensions=['tables'])
            self.check_page(self.page('python_markdown.html', body))

        def test_cmark_gfm_runs_no_script(self):
            body = subprocess.run(['/usr/bin/cmark-gfm', '--unsafe', '-e', 'table', '-e',
                                   'autolink', '-e', 'strikethrough', self.gallery],
                                  check=True, capture_output=True, text=True).stdout
            self.check_page(self.page('cmark_gfm.html', body))

        def test_every_svg_of_the_hostile_scenes_is_well_formed_xml(self):
            import xml.etree.ElementTree as ElementTree
            svgs = [name for name in os.listdir(self.out) if name.endswith('.svg')]
            self.assertEqual(len(svgs), len(CAPTIONS) + len(NAMES) + 1)  # + the figure
            for name in svgs:
                ElementTree.parse(os.path.join(self.out, name))  # raises when not XML

        def test_markdown_has_no_raw_markup_from_scenes(self):
            for needle in ['<img src=x', '<script', '<svg', '](javascript:', 'onerror="',
                           '<details', '<iframe']:
                self.assertFalse(needle in self.markdown, needle + " in gallery.md")


def yaml_string(text):
    """A double-quoted YAML scalar."""
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"') + '"'


def main():
    if MISSING:
        if os.environ.get('CI') == 'true':
            print('gallery browser test: missing Debian packages: ' + ' '.join(MISSING),
                  file=sys.stderr)
            sys.exit(1)
        print('SKIPPED gallery browser test: missing Debian packages: ' + ' '.join(MISSING))
        sys.exit(77)
    args = sys.argv[1:]
    convanim = args[args.index('--convanim') + 1]
    rest = [a for i, a in enumerate(args) if a != '--convanim' and
            (i == 0 or args[i - 1] != '--convanim')]
    browser_test.CONVANIM = os.path.abspath(convanim)
    browser_test.WORK = tempfile.mkdtemp(prefix='convanim-gallery-')
    program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    ok = program.result.wasSuccessful()
    if ok:
        shutil.rmtree(browser_test.WORK, ignore_errors=True)
    else:
        print('work folder kept: ' + browser_test.WORK)
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
