// ESLint (flat config): the recommended rules of ESLint, typescript-eslint and eslint-plugin-svelte
// over the sources, tests and scripts. Run by `npm run lint`, and so by `npm test`.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default defineConfig(
  { ignores: ['out/**', 'node_modules/**', 'native/build/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // A leading underscore marks a name left unused on purpose: a key dropped by rest
      // destructuring (`const { positions: _p, ...rest } = x`) or a parameter a signature requires.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    // The renderer's side of the layer rules (.dependency-cruiser.cjs), repeated here because
    // dependency-cruiser reads .svelte files after compiling them, when type-only imports are gone.
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: 'src-main/(?!(contract|analysis)/|data/split-counts$)',
              message: 'the renderer imports from src-main only the pure modules: contract/, analysis/, data/split-counts.ts',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.svelte.ts'],
    rules: {
      // Shared state in these classes is `$state.raw`, replaced and never mutated (GUIDE.md point 5);
      // the Sets, Maps and Dates they build are local temporaries, replaced snapshots or a private
      // cache nothing renders. SvelteSet/SvelteMap would track mutations no code makes.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    // The native addon's loader is CommonJS (native/package.json has no "type": "module"), so it
    // loads with require().
    files: ['native/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
