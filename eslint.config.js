import { builtinModules } from 'node:module'
import path from 'node:path'
import js from '@eslint/js'
import prettier from 'eslint-config-prettier/flat'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { defineConfig } from 'eslint/config'

const ROOT = import.meta.dirname

/**
 * The layering (README "Layout"), as a lint rule: a file's folder says what it may import.
 * Every import form counts: `import x from`, side-effect `import 'm'`, `export … from`,
 * type-only imports, `import('m')`, `import x = require('m')` and `require('m')`.
 * Relative specifiers are resolved against the importing file, so `../node/x` from
 * electron/common and `../../../electron/node/x` from renderer/src are the same folder.
 *
 * Options: `nodeBuiltins` refuses `node:*` and every bare Node built-in; `modules` lists
 * refused packages (`@scope/*` for a whole scope); `onlyInto` lists the folders relative
 * imports may reach; `notInto` lists folders they may not reach.
 */
const layering = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports respect the folder layering in the README' },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          layer: { type: 'string' },
          nodeBuiltins: { type: 'boolean' },
          modules: { type: 'array', items: { type: 'string' } },
          onlyInto: { type: 'array', items: { type: 'string' } },
          notInto: { type: 'array', items: { type: 'string' } },
        },
      },
    ],
    messages: {
      builtin: "{{layer}} may not import '{{spec}}': a Node built-in.",
      module: "{{layer}} may not import '{{spec}}': Node/Electron only.",
      reach: "{{layer}} may not import '{{spec}}': it reaches {{target}}.",
    },
  },
  create(context) {
    const { layer = 'this folder', nodeBuiltins = false, modules = [], onlyInto, notInto = [] } = context.options[0] ?? {}
    const builtins = new Set(builtinModules)
    const within = (target, folder) => target === folder || target.startsWith(folder + '/')
    const check = (node, spec) => {
      if (typeof spec !== 'string') return
      const data = { layer, spec }
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const from = path.dirname(context.filename)
        const target = path.relative(ROOT, path.resolve(from, spec)).split(path.sep).join('/')
        if ((onlyInto && !onlyInto.some((f) => within(target, f))) || notInto.some((f) => within(target, f)))
          context.report({ node, messageId: 'reach', data: { ...data, target } })
        return
      }
      const parts = spec.split('/')
      const pkg = parts.slice(0, spec.startsWith('@') ? 2 : 1).join('/')
      if (nodeBuiltins && (spec.startsWith('node:') || builtins.has(spec) || builtins.has(pkg))) context.report({ node, messageId: 'builtin', data })
      else if (modules.some((m) => m === pkg || (m.endsWith('/*') && parts[0] === m.slice(0, -2)))) context.report({ node, messageId: 'module', data })
    }
    const literal = (node) =>
      node?.type === 'Literal' ? node.value : node?.type === 'TemplateLiteral' && node.expressions.length === 0 ? node.quasis[0].value.cooked : undefined
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => check(n.source, literal(n.source)),
      TSImportEqualsDeclaration: (n) =>
        n.moduleReference.type === 'TSExternalModuleReference' && check(n.moduleReference.expression, literal(n.moduleReference.expression)),
      TSImportType: (n) => {
        const source = n.source ?? n.argument?.literal ?? n.argument
        check(n, literal(source))
      },
      CallExpression: (n) => n.callee.type === 'Identifier' && n.callee.name === 'require' && check(n, literal(n.arguments[0])),
    }
  },
}

/** Folders whose code runs anywhere (renderer included): no Node, no Electron, no Node-only folders. */
const PURE = ['electron/common', 'hardware/common', 'renderer/src']
/** Packages that only load in Node or Electron (native addons, the Electron API). */
const NODE_ONLY = ['electron', 'better-sqlite3', 'serialport', 'node-hid', '@serialport/*']

/**
 * i18n keys are greppable: the key passed to translate / t / tKnown is a string literal, a
 * template literal with a literal head naming its key family (`kiosk.state.${s}`), or a
 * conditional between those. A key computed elsewhere is refused where it is used.
 */
const I18N_CALL =
  ":matches(CallExpression[callee.type='Identifier'][callee.name=/^(translate|t|tKnown)$/], CallExpression[callee.type='MemberExpression'][callee.property.name=/^(t|tKnown)$/])"
const KEY_OK = 'Literal[raw=/^[\'"]/], TemplateLiteral[quasis.0.value.raw=/./]'
const I18N_MESSAGE = 'An i18n key is a literal, `family.prefix.${x}`, or a conditional between those: pass the key where it is translated.'
const I18N_SYNTAX = [
  'error',
  { selector: `${I18N_CALL} > :not(${KEY_OK}, ConditionalExpression):nth-child(1)`, message: I18N_MESSAGE },
  {
    selector: `${I18N_CALL} > ConditionalExpression:nth-child(1) > :not(${KEY_OK}).consequent`,
    message: I18N_MESSAGE,
  },
  {
    selector: `${I18N_CALL} > ConditionalExpression:nth-child(1) > :not(${KEY_OK}).alternate`,
    message: I18N_MESSAGE,
  },
]

export default defineConfig(
  {
    ignores: ['out/**', 'dist/**', 'test-artifacts/**', 'bench-results/**', '.huimin-dev/**', 'resources/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.ts', '**/*.vue'],
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        // Each file is type-checked with its nearest tsconfig.json (the root one, or
        // renderer/tsconfig.json). The e2e files, outside those, use tsconfig.e2e.json.
        projectService: {
          allowDefaultProject: ['test/e2e/*.ts', 'test/support/kiosk-driver.ts', 'test/support/face-call.ts'],
          defaultProject: 'tsconfig.e2e.json',
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
        },
        tsconfigRootDir: ROOT,
        extraFileExtensions: ['.vue'],
      },
      globals: { ...globals.node },
    },
    plugins: { huimin: { rules: { layering } } },
    rules: {
      // TypeScript checks names; ESLint's scope analysis does not know types or Vue macros.
      'no-undef': 'off',
      // Async stubs of async interfaces are the norm here; dropping `async` would turn a
      // rejection into a synchronous throw, which is not the fix this rule suggests it is.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // Passing on what a catch caught is fine; making up an Error is not required.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // Tests and benches read JSON, mocks and child output as `any` on purpose, and pass
    // methods of fixtures around; the unsafe-any and unbound-method rules stay on for app code.
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // Wrong here: inside `x as T` TypeScript types a template literal by T, so the rule calls
      // `\`0x${s}\` as Hex` (and viem fixtures' `as never`) unnecessary; its fix breaks tsc.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    files: ['renderer/src/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Not in any tsconfig: linted without type information.
    files: ['eslint.config.js', 'renderer/vite.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Single-file components without type information: typescript-eslint gives each .vue file
    // a new TypeScript program state (its script differs from the file on disk), which costs
    // 3-8 s a file here and would triple the lint time. vue-tsc type-checks them; the stores
    // and bridge (.ts) that hold the renderer's async code keep the type-aware rules.
    files: ['renderer/src/**/*.vue'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['eslint.config.js'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { huimin: { rules: { layering } } },
  },

  // ── Layering (README "Layout"); replaces the old regex test test/unit/layering.test.ts.
  {
    files: PURE.map((f) => `${f}/**/*.{ts,vue}`),
    ignores: ['**/*.test.ts'],
    rules: {
      'huimin/layering': [
        'error',
        { layer: 'Pure code (electron/common, hardware/common, renderer/src)', nodeBuiltins: true, modules: NODE_ONLY, onlyInto: PURE },
      ],
    },
  },
  {
    files: ['hardware/**/*.ts'],
    ignores: ['hardware/common/**/*.ts'],
    rules: {
      'huimin/layering': [
        'error',
        {
          layer: 'hardware/',
          modules: ['electron'],
          notInto: ['electron/node', 'electron/main', 'electron/preload', 'electron/host', 'renderer'],
        },
      ],
    },
  },
  {
    files: ['electron/node/**/*.ts', 'electron/host/**/*.ts'],
    rules: {
      'huimin/layering': [
        'error',
        { layer: 'electron/node and electron/host', modules: ['electron'], notInto: ['electron/main', 'electron/preload', 'renderer'] },
      ],
    },
  },

  // ── i18n keys
  {
    files: ['electron/**/*.ts', 'hardware/**/*.ts', 'renderer/src/**/*.{ts,vue}'],
    // The translate function itself and the store's wrappers pass their parameter on.
    ignores: ['**/*.test.ts', 'electron/common/i18n/index.ts', 'renderer/src/stores/locale.ts'],
    rules: { 'no-restricted-syntax': I18N_SYNTAX },
  },
  {
    files: ['renderer/src/**/*.vue'],
    rules: { 'vue/no-restricted-syntax': I18N_SYNTAX },
  },

  prettier,
)
