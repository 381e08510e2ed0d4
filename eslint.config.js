// Lint, including the architecture: the import zones below keep dependencies pointing one way
// (renderer/electron/cli -> core <- plugins) and are proven by test/architecture/layers.test.ts.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import importX from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Composition roots: the only files outside plugins/ that may import plugins/. */
export const COMPOSITION_ROOTS = ['renderer/src/workers/composition.ts', 'cli/composition.ts'];

const domGlobals = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'location',
  'self',
  'postMessage',
  'fetch',
  'XMLHttpRequest',
  'Worker',
  'HTMLElement',
];
const nodeGlobals = ['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'setImmediate'];

export default defineConfig(
  {
    ignores: [
      '.scratch*/**',
      'node_modules/**',
      'out/**',
      'dist-web/**',
      'release/**',
      'test-results/**',
      'test/architecture/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['**/*.ts', '**/*.vue', '**/*.js', '**/*.mjs'],
    plugins: { 'import-x': importX },
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js', '.vue', '.json'] } } },
    rules: {
      'no-undef': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './core',
              from: ['./renderer', './electron', './cli', './plugins', './test', './scripts'],
              message: 'core/ is the pure engine: it must not import front ends, plugins or tests.',
            },
            {
              target: './core/oracle',
              from: './core/machine',
              message: 'The oracle is an independent reference model: it must not share the L0 model code.',
            },
            {
              target: './plugins',
              from: './core',
              except: ['./policy/api.ts'],
              message: "Plugins import only the public policy API ('vmxlab').",
            },
            {
              target: './plugins',
              from: ['./renderer', './electron', './cli', './test', './scripts'],
              message: "Plugins import only the public policy API ('vmxlab').",
            },
            {
              target: './renderer',
              from: ['./electron', './cli', './scripts'],
              message: 'The renderer talks to the shell only through the HostApi bridge.',
            },
            {
              target: './electron',
              from: ['./renderer', './cli'],
              message: 'The Electron shell must not import the renderer or the CLI.',
            },
            {
              target: './cli',
              from: ['./renderer', './electron'],
              message: 'The CLI is a front end over core only.',
            },
            {
              target: ['./renderer', './electron', './cli', './core', './scripts'],
              from: './plugins',
              except: [],
              message:
                'Only a composition root (renderer/src/workers/composition.ts, cli/composition.ts) imports plugins/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The composition roots are the one place per host that wires plugins in.
    files: COMPOSITION_ROOTS,
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './renderer', from: ['./electron', './cli'] },
            { target: './cli', from: ['./renderer', './electron'] },
          ],
        },
      ],
    },
  },
  {
    // core and plugins run everywhere: no Node built-ins, no DOM or Node globals.
    files: ['core/**/*.ts', 'plugins/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'core/ and plugins/ must not use Node built-ins.',
          })),
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[...domGlobals, ...nodeGlobals].map((name) => ({
          name,
          message: `core/ and plugins/ run everywhere: no '${name}'.`,
        })),
      ],
    },
  },
  {
    files: ['plugins/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(?!vmxlab$)', message: "Plugins import only 'vmxlab' (the public policy API)." },
          ],
        },
      ],
    },
  },
);
