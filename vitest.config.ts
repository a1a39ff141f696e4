import { defineConfig } from 'vitest/config'

// Four projects: pure/unit tests; integration tests start real parts (anvil,
// socat ptys, SQLite files); e2e tests drive Debian Chromium against the
// browser host; security tests attack the real host and files. Two files run
// at a time (vitest's default on 2 cores is one): the unit project first, then
// the three heavy projects as one group (groupOrder 1), whose files mostly wait
// on block times and child processes, so two of them share the cores well.
export default defineConfig({
  test: {
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'hardware/**/*.test.ts', 'electron/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'security',
          include: ['test/security/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
