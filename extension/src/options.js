// Options: the Linklens server (URL and API key) and how pages are read. Stored in
// chrome.storage.local; the API key never leaves this browser except to that server.
const $ = (id) => document.getElementById(id);
$('origin').textContent = location.origin;

async function load() {
  const s = await chrome.storage.local.get(['serverUrl', 'apiKey', 'compareRaw', 'brand', 'keywords']);
  $('serverUrl').value = s.serverUrl ?? '';
  $('apiKey').value = s.apiKey ?? '';
  $('compareRaw').checked = s.compareRaw ?? true;
  $('brand').value = s.brand ?? '';
  $('keywords').value = (s.keywords ?? []).join('\n');
}

$('options').addEventListener('submit', async (event) => {
  event.preventDefault();
  const serverUrl = $('serverUrl').value.trim().replace(/\/+$/, '');
  if (serverUrl && !/^https?:\/\//.test(serverUrl)) {
    $('status').textContent = 'The server URL must start with http:// or https://';
    return;
  }
  await chrome.storage.local.set({
    serverUrl,
    apiKey: $('apiKey').value.trim(),
    compareRaw: $('compareRaw').checked,
    brand: $('brand').value.trim(),
    keywords: $('keywords').value.split('\n').map((k) => k.trim()).filter(Boolean),
  });
  await chrome.storage.session.remove('authority');  // another server: other scores
  $('status').textContent = 'Saved.';
});

$('test').addEventListener('click', async () => {
  const url = $('serverUrl').value.trim().replace(/\/+$/, '');
  try {
    const r = await fetch(`${url}/openapi.json`);
    const doc = await r.json();
    $('status').textContent = r.ok ? `Connected: ${doc.info.title} ${doc.info.version}` : `HTTP ${r.status}`;
  } catch (e) {
    $('status').textContent = `Cannot reach ${url}: ${e.message}`;
  }
});

load();
