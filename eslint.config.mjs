// eslint 9 flat config: typescript-eslint's recommended rules for src/, test/ and scripts/ (and the bin).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node's globals, taken from the Node that runs eslint (no extra package), plus CommonJS's module wrapper.
const nodeGlobals = Object.fromEntries(
  [...Object.getOwnPropertyNames(globalThis), 'require', 'module', 'exports', '__dirname', '__filename'].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['dist/', 'dist-check/', 'coverage/', 'examples/', 'test/fixtures/', 'test/schemas/', 'templates/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // A disable comment that no longer disables anything is an error too, so none outlives its reason.
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: { globals: nodeGlobals },
    rules: {
      // Quoting and validation match control characters on purpose (they are what is refused or escaped).
      'no-control-regex': 'off',
      // Tests match column-aligned output, where the literal spaces read as the output does.
      'no-regex-spaces': 'off',
      // A leading underscore names a value dropped on purpose (`const { token: _token, ...rest } = x`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // CommonJS scripts: require() is how they load modules, and a module's own `const crypto = require(...)` may
    // shadow Node's global of that name.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-redeclare': ['error', { builtinGlobals: false }] },
  },
);
