// ESLint (flat config): Next's rules (core web vitals, TypeScript) plus the ones that hold the
// architecture the README promises, so a change that breaks it fails `npm run lint`:
// - no import cycles anywhere;
// - the session core (lib/session, its store adapters aside) imports no framework, database, Redis
//   or test code, so it stays unit-testable with a fake clock and an in-memory store;
// - no production file imports a test runner or the test support.
// Formatting is Prettier's (eslint-config-prettier turns off the rules it would fight).
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import prettier from "eslint-config-prettier/flat";
import { defineConfig, globalIgnores } from "eslint/config";

// test code, and the bench (tooling that measures the app with the test support)
const TESTS = ["**/*.test.ts", "e2e/**", "test/**", "bench/**", "playwright.config.ts", "vitest.config.ts"];
const testCode = [
  { group: ["vitest", "vitest/*", "@playwright/test", "@playwright/*", "fast-check"], message: "Production code imports no test runner." },
  { group: ["**/test/support/**", "**/e2e/**"], message: "Production code imports no test support." },
];

export default defineConfig([
  globalIgnores([
    ".next/**",
    "dist/**",
    "lib/db/generated/**",
    ".data/**",
    ".bench/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
  ]),
  ...nextVitals,
  ...nextTypescript,
  prettier,
  {
    // the import rules read only this project's files (a generated chunk of pglite overflows the parser)
    settings: { "import/ignore": ["node_modules"] },
    rules: {
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // `let x!: T` captured by a callback, then assigned, cannot be a const
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
    },
  },
  // Playwright's fixtures call `use()`, which is no React hook
  { files: ["e2e/**", "test/**"], rules: { "react-hooks/rules-of-hooks": "off" } },
  // server components render once per request: reading the clock there is what they are for
  { files: ["app/**/page.tsx", "app/**/layout.tsx"], rules: { "react-hooks/purity": "off" } },
  {
    files: ["**/*.{ts,tsx,mjs}"],
    ignores: TESTS,
    rules: { "no-restricted-imports": ["error", { patterns: testCode }] },
  },
  {
    files: ["lib/session/**/*.ts"],
    ignores: ["lib/session/stores/**", ...TESTS],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            ...testCode,
            {
              group: ["next", "next/*", "react", "react/*", "server-only"],
              message: "lib/session is framework-free: the Next binding lives in lib/auth.",
            },
            {
              group: ["@prisma/*", "**/db/*", "pg", "ioredis", "redis"],
              message: "lib/session reaches storage only through the SessionStore interface (lib/session/stores).",
            },
          ],
        },
      ],
    },
  },
]);
