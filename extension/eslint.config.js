// ESLint (flat config) for the extension's code, run by the test command (scripts/lint.sh) on the
// pinned Node.js 22. The content scripts and protocol.js are classic scripts (content scripts
// cannot be ES modules in MV3; they share globalThis.linklensProtocol and linklensContent);
// everything else is an ES module.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['node_modules/**'] },
  js.configs.recommended,
  {
    files: ['src/**/*.js'],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.webextensions },
    },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', caughtErrors: 'none' }],
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    files: ['src/content/**/*.js', 'src/protocol.js'],
    languageOptions: { sourceType: 'script' },
  },
];
