import { defineConfig } from "@playwright/test";

// Chromium comes from Debian (/usr/bin/chromium): Playwright never downloads
// a browser here. The server is started by `cargo leptos end-to-end`.
export default defineConfig({
  testDir: "./tests",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  globalSetup: "./tests/wait-for-server.ts",
  use: {
    baseURL: process.env.EMBUDO_URL ?? "http://127.0.0.1:3000",
    locale: "en-US",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
