"""Docs sites in a real browser (issue 18): the MkDocs Material sample site with instant
navigation (players still step with the keys after page changes), the Sphinx sample site
(players run, pairs of images follow the scheme) and a notebook run by nbconvert.

Run by CTest through tests/browser/run.sh --file docs_test.py (label browser); builds the
sites with tests/python/sites.py:
  /usr/bin/python3 tests/browser/docs_test.py --convanim build/convanim [unittest args]
"""

import argparse
import functools
import http.server
import os
import shutil
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'python'))
import browser_test as bt  # noqa: E402
import sites  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402


class Server:
    """A local HTTP server of a folder (instant navigation fetches pages)."""

    def __init__(self, folder):
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass
        handler = functools.partial(Quiet, directory=folder)
        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
        self.url = 'http://127.0.0.1:%d/' % self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class DocsCase(bt.BrowserCase):

    def wait(self, script, what, *args, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            value = self.js(script, *args)
            if value:
                return value
            time.sleep(0.05)
        self.fail('timed out: ' + what)

    def wait_players(self, count):
        self.wait('var p = document.querySelectorAll(".convanim-player");'
                  'return p.length === arguments[0] && [...p].every(x => x.convanimPlayer);',
                  '%d players started' % count, count)

    def steps(self):
        return self.js('return [...document.querySelectorAll(".convanim-player")]'
                       '.map(p => p.dataset.step)')

    def key_on(self, index, key):
        self.js('document.querySelectorAll(".convanim-player")[arguments[0]].focus()', index)
        bt.ActionChains(self.driver).send_keys(key).perform()


class MkDocsInstantTest(DocsCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        work = sites.Work(os.path.join(bt.WORK, 'mkdocs-work'), bt.CONVANIM)
        os.makedirs(work.folder, exist_ok=True)
        # Instant navigation needs the site's URL: the server's, known once it listens.
        cls.server = Server(os.path.join(work.folder, 'mkdocs', 'site'))
        cls.site = work.mkdocs_site('mkdocs', 'site_url: %s\n' % cls.server.url)
        work.mkdocs(cls.site)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        super().tearDownClass()

    def test_players_step_with_keys_after_instant_navigation(self):
        self.driver.execute_cdp_cmd('Emulation.setEmulatedMedia', {'features': [
            {'name': 'prefers-reduced-motion', 'value': 'reduce'}]})
        self.driver.get(self.server.url)
        self.wait_players(1)
        self.js('window.sameDocument = true')
        self.key_on(0, Keys.ARROW_RIGHT)
        self.assertEqual(self.steps(), ['1'])
        for n in range(2):
            # To the other page and back, by links: Material swaps the content in place.
            self.driver.find_element(By.LINK_TEXT, 'The next page').click()
            self.wait('return location.pathname.indexOf("/guide/player/") === 0', 'page 2')
            self.wait_players(1)
            self.assertTrue(self.js('return window.sameDocument === true'),
                            'instant navigation did not keep the document')
            self.assertEqual(self.steps(), ['1'])  # frame=1
            self.key_on(0, Keys.ARROW_RIGHT)
            self.assertEqual(self.steps(), ['2'])
            self.key_on(0, Keys.HOME)
            self.assertEqual(self.steps(), ['0'])
            self.driver.find_element(By.LINK_TEXT, 'Back').click()
            self.wait('return location.pathname === "/"', 'back to the index')
            self.wait_players(1)
            self.assertEqual(self.steps(), ['0'])
            self.key_on(0, Keys.END)
            self.assertEqual(self.steps(), ['3'])  # 5 x 5 input, 3 x 3 kernel, stride 2
        self.assertTrue(self.js('return window.sameDocument === true'))
        ids = self.js('return [...document.querySelectorAll("[id]")].map(e => e.id)')
        self.assertEqual(len(ids), len(set(ids)), 'duplicate ids')


class SphinxPageTest(DocsCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        work = sites.Work(os.path.join(bt.WORK, 'sphinx-work'), bt.CONVANIM)
        os.makedirs(work.folder, exist_ok=True)
        cls.site = work.sphinx_site()
        work.sphinx(cls.site)
        cls.index = os.path.join(cls.site, '_build', 'html', 'index.html')
        cls.more = os.path.join(cls.site, '_build', 'html', 'more.html')

    def shown(self, selector):
        return self.js('return [...document.querySelectorAll(arguments[0])].map(e =>'
                       ' getComputedStyle(e).display !== "none" && e.complete &&'
                       ' e.naturalWidth > 0)', selector)

    def test_players_images_and_the_scheme(self):
        for dark in [False, True]:
            self.open(self.index, 1200, 900, dark=dark, reduce=True)
            self.wait_players(1)
            if dark:
                # Furo's toggle (Debian's Furo switches the pair on data-theme only).
                self.js('document.body.dataset.theme = "dark"')
                self.settle_frames()
                # The player follows the page's toggle too (exporters/svg_builder.h hooks).
                self.assertEqual(self.js(
                    'return getComputedStyle(document.querySelector(".convanim-player"))'
                    '.getPropertyValue("--cvp-scheme").trim()'), 'dark')
            self.wait('return [...document.images].every(i => i.complete)', 'images')
            self.assertEqual(self.shown('img.only-light'), [not dark])
            self.assertEqual(self.shown('img.only-dark'), [dark])
            self.assertTrue(all(self.shown('img.convanim:not(.only-light):not(.only-dark)')))
            self.key_on(0, Keys.ARROW_RIGHT)
            self.assertEqual(self.steps(), ['1'])
        self.open(self.more, 1200, 900, reduce=True)
        self.wait_players(2)
        self.assertEqual(self.steps(), ['1', '0'])
        self.key_on(1, Keys.END)
        self.key_on(0, Keys.ARROW_RIGHT)
        self.assertEqual(self.steps(), ['2', '8'])


class NotebookPageTest(DocsCase):

    def test_notebook_shows_the_animation_and_a_player(self):
        work = sites.Work(os.path.join(bt.WORK, 'notebook-work'), bt.CONVANIM)
        os.makedirs(work.folder, exist_ok=True)
        page = work.notebook()
        self.open(page, 1200, 900, reduce=True)
        self.wait_players(1)
        self.wait('return [...document.images].every(i => i.complete)', 'images')
        sizes = self.js('return [...document.querySelectorAll("img[src^=\\"data:image/\\"]")]'
                        '.map(i => [i.src.slice(0, 20), i.naturalWidth])')
        self.assertEqual([s[0] for s in sizes], ['data:image/svg+xml;b', 'data:image/png;base6'])
        self.assertTrue(all(width > 100 for _, width in sizes), sizes)
        self.key_on(0, Keys.ARROW_RIGHT)
        self.assertEqual(self.steps(), ['1'])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--convanim', required=True)
    parser.add_argument('--keep', action='store_true', help='keep the work folder')
    args, rest = parser.parse_known_args()
    bt.CONVANIM = os.path.abspath(args.convanim)
    bt.WORK = tempfile.mkdtemp(prefix='convanim-docs-')
    program = unittest.main(argv=[sys.argv[0]] + rest, exit=False, verbosity=2)
    ok = program.result.wasSuccessful()
    if ok and not args.keep:
        shutil.rmtree(bt.WORK, ignore_errors=True)
    else:
        print('work folder kept: ' + bt.WORK)
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
