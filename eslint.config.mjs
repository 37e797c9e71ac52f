import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'reports/**',
      'build-tsc/**',
      'bench/.trees/**'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      'no-console': 'error'
    }
  },
  {
    // Signs of a module or function doing too much (docs/ARCHITECTURE.md).
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': [
        'error',
        { max: 60, skipBlankLines: false, skipComments: false, IIFEs: true }
      ]
    }
  },
  {
    files: ['emulator/**/*.ts'],
    ignores: ['emulator/**/*.test.ts'],
    rules: { 'max-lines': ['error', { max: 700 }] }
  },
  {
    // The emulators, scripts, benchmarks and tests are command-line tools, not the action.
    files: ['emulator/**', 'scripts/**', 'bench/**', '__tests__/**'],
    rules: { 'no-console': 'off' }
  }
)
