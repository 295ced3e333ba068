// Lints: the recommended JavaScript and TypeScript rules, plus the layering the folders promise.
// `src/ui` is the design system every module uses, so it must never reach into a module.
import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const intoModules = {
  group: ['@/modules', '@/modules/**', '**/modules', '**/modules/**'],
  message: 'src/ui is shared by every module and must not depend on one; move what it needs into src/ui or src/lib.',
};

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'e2e/screenshots/', 'src/api/schema.gen.ts'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // `_name` marks a value left out on purpose (`const { page: _page, ...rest } = query`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['scripts/**', 'e2e/**', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/ui/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [intoModules] }],
      // A dynamic import() is a dependency too.
      'no-restricted-syntax': [
        'error',
        { selector: 'ImportExpression[source.value=/(^|\\/)modules(\\/|$)/]', message: intoModules.message },
      ],
    },
  },
);
