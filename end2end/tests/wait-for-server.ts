// cargo-leptos starts the tests without waiting for the server's port.
export default async function waitForServer(): Promise<void> {
  const url = (process.env.EMBUDO_URL ?? "http://127.0.0.1:3000") + "/login";
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server did not answer at ${url}`);
}
