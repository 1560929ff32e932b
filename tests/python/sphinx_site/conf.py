# The sample Sphinx site of tests/python/sphinx_test.py (built with -W -j 2).
project = 'convanim sample'
extensions = ['convanim.sphinx']
html_theme = 'furo'
exclude_patterns = ['_build']
latex_documents = [('index', 'sample.tex', 'convanim sample', 'convanim', 'howto')]
