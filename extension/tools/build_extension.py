#!/usr/bin/env python3
"""Packages the extension from extension/ and the wasm build's output:

  OUT/chromium/           the unpacked Chromium extension (Load unpacked)
  OUT/linklens-chromium.zip   the same, ready for the Chrome Web Store
  OUT/firefox/, OUT/linklens-firefox.zip   Firefox: background scripts, sidebar_action, gecko id
  OUT/chromium-e2e/       the Chromium build plus host access to http://localhost/*, for the
                          end-to-end tests only: a headless browser cannot click the toolbar
                          button that grants activeTab, so the harness injects through this.

Each folder (and so each zip) carries the repository's LICENSE and THIRD_PARTY_NOTICES.md at its
root: the WebAssembly core compiles in third-party data whose licences travel with it. The build
fails when either file is missing.

Icons are drawn here (PNG written with zlib), so the repository holds no binaries.
Usage: build_extension.py WASM_DIR OUT_DIR
"""
import json
import os
import shutil
import struct
import sys
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
ROOT = os.path.dirname(SRC)
NOTICES = ('LICENSE', 'THIRD_PARTY_NOTICES.md')  # from the repository root, to each build's root


def png(size):
    """A rounded blue square with a white chain-link-like 'L' mark."""
    rows = []
    r = size * 0.22
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            cx, cy = min(max(x, r), size - 1 - r), min(max(y, r), size - 1 - r)
            inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r
            mark = (size * 0.30 <= x <= size * 0.44 and size * 0.2 <= y <= size * 0.8) or \
                   (size * 0.30 <= x <= size * 0.72 and size * 0.66 <= y <= size * 0.8)
            if not inside:
                row += bytes([0, 0, 0, 0])
            elif mark:
                row += bytes([255, 255, 255, 255])
            else:
                row += bytes([30, 58, 138, 255])
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    header = struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(b''.join(rows), 9)) + chunk(b'IEND', b'')


def copy_tree(wasm_dir, dest, manifest):
    if os.path.exists(dest):
        shutil.rmtree(dest)
    shutil.copytree(os.path.join(SRC, 'src'), os.path.join(dest, 'src'))
    os.makedirs(os.path.join(dest, 'core'))
    for name in ('linklens.mjs', 'linklens_core.mjs', 'linklens_core.wasm'):
        shutil.copy(os.path.join(wasm_dir, name), os.path.join(dest, 'core', name))
    os.makedirs(os.path.join(dest, 'icons'))
    for size in (16, 48, 128):
        with open(os.path.join(dest, 'icons', f'icon{size}.png'), 'wb') as f:
            f.write(png(size))
    with open(os.path.join(dest, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=2)
    for name in NOTICES:
        shutil.copy(os.path.join(ROOT, name), os.path.join(dest, name))


def zip_tree(folder, archive):
    with zipfile.ZipFile(archive, 'w', zipfile.ZIP_DEFLATED) as z:
        for root, _, files in os.walk(folder):
            for n in sorted(files):
                path = os.path.join(root, n)
                z.write(path, os.path.relpath(path, folder))


def firefox_manifest(m):
    f = json.loads(json.dumps(m))
    f['background'] = {'scripts': ['src/service_worker.js'], 'type': 'module'}
    f['permissions'] = [p for p in m['permissions'] if p != 'sidePanel']
    f.pop('side_panel', None)
    f.pop('minimum_chrome_version', None)
    f['sidebar_action'] = {'default_panel': 'src/panel.html', 'default_title': 'Linklens',
                           'default_icon': {'16': 'icons/icon16.png', '48': 'icons/icon48.png'}}
    f['options_ui'] = {'page': 'src/options.html', 'open_in_tab': True}
    f.pop('options_page', None)
    f['browser_specific_settings'] = {'gecko': {'id': 'linklens@linklens.dev', 'strict_min_version': '140.0',
                                                'data_collection_permissions': {'required': ['none']}}}
    return f


def check_notices():
    missing = [name for name in NOTICES if not os.path.isfile(os.path.join(ROOT, name))]
    if missing:
        sys.exit(f'build_extension.py: missing {", ".join(os.path.join(ROOT, n) for n in missing)}: '
                 'the extension must ship with the licence and the third-party notices at its root')


def main(wasm_dir, out):
    check_notices()
    with open(os.path.join(SRC, 'manifest.json')) as f:
        manifest = json.load(f)
    os.makedirs(out, exist_ok=True)
    copy_tree(wasm_dir, os.path.join(out, 'chromium'), manifest)
    zip_tree(os.path.join(out, 'chromium'), os.path.join(out, 'linklens-chromium.zip'))
    copy_tree(wasm_dir, os.path.join(out, 'firefox'), firefox_manifest(manifest))
    zip_tree(os.path.join(out, 'firefox'), os.path.join(out, 'linklens-firefox.zip'))
    e2e = dict(manifest, host_permissions=['http://localhost/*'])
    copy_tree(wasm_dir, os.path.join(out, 'chromium-e2e'), e2e)
    print(f'extension: {out}/chromium (unpacked), {out}/linklens-chromium.zip, {out}/linklens-firefox.zip')


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit('usage: build_extension.py WASM_DIR OUT_DIR')
    main(sys.argv[1], sys.argv[2])
