// Chosen once in the Playwright main process; workers inherit it through the environment.
process.env.E2E_PORT ??= String(3100 + (process.pid % 800));
export const E2E_PORT = Number(process.env.E2E_PORT);
