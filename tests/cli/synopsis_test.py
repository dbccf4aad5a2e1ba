"""One CLI synopsis: README's CLI block is `linklens help --synopsis` word for word; every option a
form names is one its command's parser takes (with a value when the form gives it one); every
command answers --help with its forms; `version --licenses` prints the licence and the notices.
Usage: synopsis_test.py LINKLENS_BINARY SHARED_DATA
"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'support'))
from checks import Checks  # noqa: E402

BIN = sys.argv[1]
REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
check = Checks()


def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=60)


synopsis = run('help', '--synopsis').stdout
readme = open(os.path.join(REPO, 'README.md'), encoding='utf-8').read()
block = re.search(r'## The `linklens` CLI\n\n```\n(.*?)```\n', readme, re.S)
check('README has a CLI block', block is not None)
check('README\'s CLI block is `linklens help --synopsis`', block and block.group(1) == synopsis,
      block and '\n'.join(line for line in set(block.group(1).splitlines()) ^ set(synopsis.splitlines())))

# Forms: "linklens CMD ..." with continuation lines indented.
forms = []
for line in synopsis.splitlines():
    if line.startswith('linklens '):
        forms.append(line.split(None, 2)[1:])
    else:
        forms[-1][-1] += ' ' + line.strip()
commands = sorted({name for name, *_ in forms})
check('every command has a form', len(commands) >= 14, commands)
for name, rest in ((f[0], f[1] if len(f) > 1 else '') for f in forms):
    tokens = rest.split()
    for i, token in enumerate(tokens):
        option = token.lstrip('[')
        if not option.startswith('--'):
            continue
        closed = ']' in option
        option = re.split(r'[\].]', option)[0]
        takes_value = not closed and i + 1 < len(tokens) and not tokens[i + 1].startswith(('--', '[', '|'))
        # Alone, an option that takes a value is refused for its missing value; a flag is not.
        r = run(name, option)
        said = r.stderr
        check(f'{name} {option}: known to the parser', 'unknown option' not in said, said)
        if takes_value:
            check(f'{name} {option}: takes a value', 'needs a value' in said, said)
        else:
            check(f'{name} {option}: is a flag', 'needs a value' not in said and 'takes no value' not in said, said)
            r = run(name, option + '=x')
            check(f'{name} {option}=x: a flag takes no value', 'takes no value' in r.stderr, r.stderr)
    r = run(name, '--no-such-option')
    check(f'{name}: an unknown option is an error that names it', r.returncode == 2 and
          '--no-such-option' in r.stderr, (r.returncode, r.stderr))
for name in commands:
    r = run(name, '--help')
    check(f'{name} --help: exit 0 with its forms', r.returncode == 0 and f'  {name} ' in r.stdout, (r.returncode, r.stdout))

r = run('version', '--licenses')
check('version --licenses: the Apache licence and the third-party notices', r.returncode == 0 and
      'Apache License' in r.stdout and 'Public Suffix List' in r.stdout and 'Mozilla Public License' in r.stdout,
      r.stdout[:200])
notices = open(os.path.join(REPO, 'THIRD_PARTY_NOTICES.md'), encoding='utf-8').read()
check('version --licenses: the notices word for word', notices in r.stdout)
r = run('version')
check('version: one version for all', r.returncode == 0 and re.match(r'linklens \d+\.\d+\.\d+ ', r.stdout), r.stdout)
sys.exit(check.finish('cli synopsis'))
