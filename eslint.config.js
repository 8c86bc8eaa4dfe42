import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'scratch/', 'coverage/', '.tap/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Amounts are bigint; a number creeping into money arithmetic is the bug to catch.
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='parseFloat']", message: 'amounts are bigint minor units; never parse them as floats' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Routes call use cases (src/services); the database handle fastify carries is for tests.
    // Folder-level boundaries are dependency-cruiser's (.dependency-cruiser.json).
    files: ['src/routes/**/*.ts', 'src/http/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='parseFloat']", message: 'amounts are bigint minor units; never parse them as floats' },
        { selector: "MemberExpression[property.name='db'][object.name='app']", message: 'routes call src/services; they never see a database handle' },
      ],
    },
  },
  {
    // The client and its example are what integrators copy: typed by the generated types
    // alone, never by a cast or a non-null assertion.
    files: ['clients/typescript/src/**/*.ts', 'clients/typescript/example/**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
