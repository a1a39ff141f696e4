import { defineConfig } from 'vitest/config'

// Four projects: pure/unit tests; integration tests start real parts (anvil,
// socat ptys, SQLite files); e2e tests drive Debian Chromium against the
// browser host; security tests attack the real host and files. Vitest's default
// on 2 cores is one file at a time; here the unit project runs two at a time,
// then integration and security files two at a time (groupOrder 1: they mostly
// wait on block times and child processes), then the e2e files one by one on
// their own (groupOrder 2): with another heavy file beside them on a loaded
// machine, Chromium pages missed updates (three loaded runs out of four).
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
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
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
